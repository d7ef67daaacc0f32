// What refused a create, read from a controller's FailedCreate message. The
// texts are the API server's (k8s.io/apiserver v0.34 / k8s.io/kubernetes
// v1.34 format strings, see src/model/admission.ts) behind the controllers'
// "Error creating job: " / "Error creating: " prefixes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeCreateFailure, parseCreateFailure } from '../../src/model/admission.js';

describe('parseCreateFailure', () => {
  it('ValidatingAdmissionPolicy with and without a binding, through the event correlator', () => {
    const f = parseCreateFailure(
      "(combined from similar events): Error creating job: jobs.batch \"metrics-rollup-29919505\" is forbidden: ValidatingAdmissionPolicy 'require-memory-limits' with binding 'require-memory-limits-batch' denied request: every container must set resources.limits.memory",
    )!;
    assert.equal(f.kind, 'admission-policy');
    assert.equal(f.combined, true);
    assert.equal(f.resource, 'jobs.batch');
    assert.equal(f.name, 'metrics-rollup-29919505');
    assert.equal(f.policy, 'require-memory-limits');
    assert.equal(f.binding, 'require-memory-limits-batch');
    assert.equal(f.detail, 'every container must set resources.limits.memory');
    assert.equal(describeCreateFailure(f), "ValidatingAdmissionPolicy 'require-memory-limits' (binding 'require-memory-limits-batch') denies it: every container must set resources.limits.memory");
    const nb = parseCreateFailure("Error creating job: jobs.batch \"x-1\" is forbidden: ValidatingAdmissionPolicy 'no-latest' denied request: image tag latest is not allowed")!;
    assert.equal(nb.policy, 'no-latest');
    assert.equal(nb.binding, undefined);
  });
  it('admission webhooks: a denial with and without a message, and a webhook that cannot be called', () => {
    const d = parseCreateFailure('Error creating job: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels: {"owner"}')!;
    assert.equal(d.kind, 'admission-webhook');
    assert.equal(d.webhook, 'validation.gatekeeper.sh');
    assert.equal(d.detail, '[must-have-owner] you must provide labels: {"owner"}');
    const bare = parseCreateFailure('Error creating job: admission webhook "deny.example.com" denied the request without explanation')!;
    assert.equal(bare.kind, 'admission-webhook');
    assert.equal(bare.detail, 'without explanation');
    const down = parseCreateFailure(
      'Error creating job: Internal error occurred: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s": context deadline exceeded',
    )!;
    assert.equal(down.kind, 'webhook-unavailable');
    assert.equal(down.webhook, 'validate.kyverno.svc-fail');
    assert.match(down.detail, /context deadline exceeded$/);
  });
  it('ResourceQuota, LimitRange (pods, from the Job controller), PodSecurity, RBAC, validation', () => {
    const q = parseCreateFailure('Error creating job: jobs.batch "nightly-29552160" is forbidden: exceeded quota: object-counts, requested: count/jobs.batch=1, used: count/jobs.batch=50, limited: count/jobs.batch=50')!;
    assert.deepEqual([q.kind, q.quota, q.requested, q.used, q.limited], ['quota', 'object-counts', 'count/jobs.batch=1', 'count/jobs.batch=50', 'count/jobs.batch=50']);
    const lr = parseCreateFailure('Error creating: pods "import-q8z2k" is forbidden: [maximum memory usage per Container is 1Gi, but limit is 2Gi, maximum cpu usage per Container is 1, but limit is 2]')!;
    assert.equal(lr.kind, 'limit-range');
    assert.equal(lr.detail, 'maximum memory usage per Container is 1Gi, but limit is 2Gi, maximum cpu usage per Container is 1, but limit is 2');
    const ps = parseCreateFailure('Error creating: pods "import-x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "main" must set securityContext.allowPrivilegeEscalation=false)')!;
    assert.deepEqual([ps.kind, ps.level], ['pod-security', 'restricted:latest']);
    const rbac = parseCreateFailure('Error creating job: jobs.batch is forbidden: User "system:serviceaccount:kube-system:cronjob-controller" cannot create resource "jobs" in API group "batch" in the namespace "shop"')!;
    assert.deepEqual([rbac.kind, rbac.user, rbac.verb, rbac.resource, rbac.name], ['rbac', 'system:serviceaccount:kube-system:cronjob-controller', 'create', 'jobs.batch', undefined]);
    const inv = parseCreateFailure('Error creating job: Job.batch "report-29552160" is invalid: spec.template.spec.containers[0].image: Required value')!;
    assert.deepEqual([inv.kind, inv.detail], ['invalid', 'spec.template.spec.containers[0].image: Required value']);
  });
  it('a quota on cpu/memory that makes every container set it, and a missing ServiceAccount (the Job controller\'s pods)', () => {
    // pkg/quota/v1/evaluator/core/pods.go: "must specify %s", wrapped as "failed quota: %s: %v" (resourcequota/controller.go)
    const req = parseCreateFailure('Error creating: pods "import-catalog-q8z2k" is forbidden: failed quota: compute-quota: must specify limits.cpu for: import; limits.memory for: import')!;
    assert.deepEqual([req.kind, req.quota, req.mustSpecify, req.resource, req.name], ['quota-requires', 'compute-quota', 'limits.cpu for: import; limits.memory for: import', 'pods', 'import-catalog-q8z2k']);
    assert.equal(describeCreateFailure(req), 'ResourceQuota compute-quota requires every container to set limits.cpu for: import; limits.memory for: import');
    // The ServiceAccount plugin is mutating: the name is still the generateName prefix.
    const sa = parseCreateFailure('Error creating: pods "import-catalog-" is forbidden: error looking up service account shop/importer: serviceaccount "importer" not found')!;
    assert.deepEqual([sa.kind, sa.serviceAccount, sa.detail, sa.name], ['service-account', 'importer', 'serviceaccount "importer" not found', 'import-catalog-']);
    assert.equal(describeCreateFailure(sa), 'ServiceAccount importer cannot be used: serviceaccount "importer" not found');
  });
  it('not a controller\'s create error: undefined', () => {
    assert.equal(parseCreateFailure('Created job report-29552160'), undefined);
    assert.equal(parseCreateFailure(undefined), undefined);
  });
});
