// What refused a create, read from a controller's FailedCreate message. The
// texts are the API server's (k8s.io/apiserver v0.34 / k8s.io/kubernetes
// v1.34 format strings, see src/model/admission.ts) behind the controllers'
// "Error creating job: " / "Error creating: " prefixes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeCreateFailure, parseCreateFailure, parseStatefulSetCreateFailure } from '../../src/model/admission.js';

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

// The StatefulSet controller's texts: recordPodEvent / recordClaimEvent in
// pkg/controller/statefulset/stateful_pod_control.go (v1.34), the claims'
// errors joined by errors.NewAggregate.
describe('parseStatefulSetCreateFailure', () => {
  it('a refused pod', () => {
    const r = parseStatefulSetCreateFailure('create Pod web-0 in StatefulSet web failed error: pods "web-0" is forbidden: exceeded quota: compute-quota, requested: pods=1, used: pods=4, limited: pods=4')!;
    assert.equal(r.object, 'Pod');
    assert.equal(r.pod, 'web-0');
    assert.equal(r.statefulSet, 'web');
    assert.equal(r.claim, undefined);
    assert.equal(r.failure?.kind, 'quota');
    assert.equal(r.failure?.quota, 'compute-quota');
    assert.equal(r.failure?.name, 'web-0');
  });
  it('a refused claim: the Claim event, and the Pod event that wraps the same error', () => {
    const err = 'persistentvolumeclaims "data-db-2" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 20Gi';
    const claimEvent = parseStatefulSetCreateFailure(`create Claim data-db-2 for Pod db-2 in StatefulSet db failed error: ${err}`)!;
    assert.deepEqual([claimEvent.object, claimEvent.pod, claimEvent.claim, claimEvent.statefulSet, claimEvent.failure?.kind], ['Claim', 'db-2', 'data-db-2', 'db', 'limit-range']);
    const podEvent = parseStatefulSetCreateFailure(`(combined from similar events): create Pod db-2 in StatefulSet db failed error: failed to create PVC data-db-2: ${err}`)!;
    assert.deepEqual([podEvent.object, podEvent.pod, podEvent.claim, podEvent.combined, podEvent.failure?.kind], ['Pod', 'db-2', 'data-db-2', true, 'limit-range']);
    assert.equal(podEvent.failure?.detail, 'maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 20Gi');
  });
  it('several claims refused: the first read, the others kept', () => {
    const r = parseStatefulSetCreateFailure(
      'create Pod db-0 in StatefulSet db failed error: [failed to create PVC data-db-0: persistentvolumeclaims "data-db-0" is forbidden: exceeded quota: pvc-count, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=8, limited: persistentvolumeclaims=8, failed to create PVC logs-db-0: persistentvolumeclaims "logs-db-0" is forbidden: exceeded quota: pvc-count, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=8, limited: persistentvolumeclaims=8]',
    )!;
    assert.equal(r.claim, 'data-db-0');
    assert.equal(r.failure?.kind, 'quota');
    assert.equal(r.failure?.limited, 'persistentvolumeclaims=8');
    assert.deepEqual(r.more, ['failed to create PVC logs-db-0: persistentvolumeclaims "logs-db-0" is forbidden: exceeded quota: pvc-count, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=8, limited: persistentvolumeclaims=8']);
  });
  it('a claim still being deleted', () => {
    const r = parseStatefulSetCreateFailure('create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted')!;
    assert.equal(r.claimDeleting, true);
    assert.equal(r.claim, 'www-web-1');
    assert.equal(r.failure, undefined);
  });
  it('other messages of the controller, and other controllers: undefined', () => {
    assert.equal(parseStatefulSetCreateFailure('create Pod web-0 in StatefulSet web successful'), undefined);
    assert.equal(parseStatefulSetCreateFailure('update Pod web-0 in StatefulSet web failed error: Operation cannot be fulfilled'), undefined);
    assert.equal(parseStatefulSetCreateFailure('Error creating: pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1'), undefined);
    assert.equal(parseStatefulSetCreateFailure(undefined), undefined);
  });
});
