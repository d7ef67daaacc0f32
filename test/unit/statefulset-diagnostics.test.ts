import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, run } from '../../diagnostics/statefulset.js';
import * as podArea from '../../diagnostics/pod.js';
import * as serviceArea from '../../diagnostics/service.js';
import { analyzeStatefulSets } from '../../src/model/statefulset.js';
import * as svcb from '../fixtures/service/build.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import type { Finding } from '../../diagnostics/types.js';
import type { K8sObject, Pod } from '../../src/model/types.js';
import * as b from '../fixtures/statefulset/build.js';

const GRACE = 5 * b.MIN;
const WEB = { kind: 'StatefulSet', namespace: 'shop', name: 'web' };

function diagnose(objs: K8sObject[], opts: b.StoreOpts & { namespace?: string } = {}): { findings: Finding[]; skipped: { check: string; kind: string; why: string }[] } {
  const store = b.makeStore(objs, opts);
  const skipped: { check: string; kind: string; why: string }[] = [];
  const findings = run({ store, now: b.NOW, graceMs: GRACE, namespace: opts.namespace, skipped: (check, kind, why) => void skipped.push({ check, kind, why }) });
  return { findings, skipped };
}

function one(findings: Finding[], id: string): Finding {
  const f = findings.filter((x) => x.check === id);
  assert.equal(f.length, 1, `exactly one ${id}, got ${JSON.stringify(findings.map((x) => x.check))}`);
  return f[0]!;
}

function none(findings: Finding[], id: string): void {
  assert.deepEqual(
    findings.filter((x) => x.check === id).map((x) => x.message),
    [],
    `${id} must not fire`,
  );
}

function withService(objs: K8sObject[], svc: K8sObject | undefined): K8sObject[] {
  const out = objs.filter((o) => o.kind !== 'Service');
  if (svc) out.push(svc);
  return out;
}

test('catalog: every issue-5 StatefulSet id with its default severity and a design-notes section', () => {
  assert.deepEqual(
    checks.map((c) => [c.id, c.severity]),
    [
      ['statefulset/service-missing', 'error'],
      ['statefulset/no-governing-service', 'info'],
      ['statefulset/service-not-headless', 'error'],
      ['statefulset/service-selector-mismatch', 'warning'],
      ['statefulset/ordinal-blocked', 'error'],
      ['statefulset/rollout-stuck', 'warning'],
      ['statefulset/update-held-by-partition', 'info'],
      ['statefulset/ondelete-pending', 'info'],
      ['statefulset/storageclass-missing', 'error'],
      ['statefulset/pvc-pending', 'error'],
      ['statefulset/orphaned-pvc', 'warning'],
      ['statefulset/probes-missing', 'warning'],
    ],
  );
  for (const c of checks) {
    assert.equal(c.area, 'statefulset');
    assert.match(c.doc ?? '', /^StatefulSet › \d\. /);
  }
});

test('a healthy StatefulSet yields no finding at all', () => {
  const { findings, skipped } = diagnose(b.healthy());
  assert.deepEqual(findings, []);
  assert.deepEqual(skipped, []);
});

test('namespace scope: StatefulSets of other namespaces are not inspected', () => {
  const objs = withService(b.healthy(), undefined);
  assert.equal(diagnose(objs, { namespace: 'other' }).findings.length, 0);
  assert.equal(diagnose(objs, { namespace: 'shop' }).findings.length, 1);
});

// ---------------------------------------------------------------- governing Service

test('statefulset/service-missing: serviceName names no Service (Services fully listed)', () => {
  const f = one(diagnose(withService(b.healthy(), undefined)).findings, 'statefulset/service-missing');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'governing Service nginx does not exist: pod DNS names like web-0.nginx.shop.svc.cluster.local do not resolve');
  assert.ok(f.evidence.includes('spec.serviceName: nginx'));
  assert.ok(f.nextSteps.includes('kubectl get svc nginx -n shop'));
  assert.ok(f.nextSteps.some((s) => s.startsWith('fix: create a headless Service (clusterIP: None) named nginx in shop with selector app=nginx')));
  assert.equal(f.doc, 'StatefulSet › 4. 依赖与配置 › Headless Service');
  none(diagnose(b.healthy()).findings, 'statefulset/service-missing');
});

test('statefulset/service-missing names other Services that do select the pods', () => {
  const other = b.service('nginx-lb', { headless: false });
  const f = one(diagnose([...withService(b.healthy(), undefined), other]).findings, 'statefulset/service-missing');
  assert.ok(f.evidence.includes('Services in shop that do select the pods: nginx-lb (clusterIP 10.96.142.17)'));
});

test('Services forbidden: no missing-Service finding, the checks are recorded as skipped', () => {
  const { findings, skipped } = diagnose(withService(b.healthy(), undefined), { forbidden: ['Service'] });
  none(findings, 'statefulset/service-missing');
  none(findings, 'statefulset/service-not-headless');
  assert.deepEqual(
    skipped.map((s) => [s.check, s.kind]),
    [
      ['statefulset/service-missing', 'Service'],
      ['statefulset/service-not-headless', 'Service'],
      ['statefulset/service-selector-mismatch', 'Service'],
    ],
  );
});

test('statefulset/no-governing-service: empty serviceName is info', () => {
  const f = one(diagnose(b.healthy({ serviceName: '' })).findings, 'statefulset/no-governing-service');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.object, WEB);
  none(diagnose(b.healthy({ serviceName: '' })).findings, 'statefulset/service-missing');
  none(diagnose(b.healthy()).findings, 'statefulset/no-governing-service');
});

test('statefulset/service-not-headless: the Service has a cluster IP', () => {
  const f = one(diagnose(withService(b.healthy(), b.service('nginx', { headless: false }))).findings, 'statefulset/service-not-headless');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.object, WEB);
  assert.match(f.message, /^governing Service nginx is not headless \(clusterIP 10\.96\.142\.17\)/);
  assert.ok(f.evidence.includes('Service nginx: type ClusterIP, spec.clusterIP: 10.96.142.17'));
  none(diagnose(b.healthy()).findings, 'statefulset/service-not-headless');
});

test('statefulset/service-selector-mismatch: the selector does not select the template labels', () => {
  const f = one(diagnose(withService(b.healthy(), b.service('nginx', { selector: { app: 'nginx', tier: 'db' } }))).findings, 'statefulset/service-selector-mismatch');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'governing Service nginx selects app=nginx,tier=db, which does not match the pod template labels app=nginx');
  const g = one(diagnose(withService(b.healthy(), b.service('nginx', { selector: null }))).findings, 'statefulset/service-selector-mismatch');
  assert.match(g.message, /has no selector/);
  none(diagnose(b.healthy()).findings, 'statefulset/service-selector-mismatch');
});

// ---------------------------------------------------------------- ordering

test('statefulset/ordinal-blocked: OrderedReady, web-1 not Ready past the grace period, web-2 not created', () => {
  const f = one(diagnose(b.blockedAtOne()).findings, 'statefulset/ordinal-blocked');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'ordinal 1 (web-1) is not Ready (Running, not ready) for 20m: web-2 will not be created until it is');
  assert.ok(f.evidence.some((e) => e.startsWith('condition Ready=False (ContainersNotReady) since 2025-03-10 11:40:00 UTC')));
  assert.ok(f.evidence.some((e) => e.includes('Unhealthy') && e.includes('Readiness probe failed')));
  assert.deepEqual(f.related, [{ check: 'pod/readiness-failing', object: { kind: 'Pod', namespace: 'shop', name: 'web-1' } }]);
  assert.ok(f.nextSteps.includes('kubectl get pods -l app=nginx -n shop -o wide'));
  assert.ok(f.nextSteps.includes('kubectl describe pod web-1 -n shop'));
  assert.ok(f.nextSteps.includes('kubectl logs web-1 -n shop -c nginx'));
  // The probe's output once, without the kubelet's "Readiness probe failed:" repeated after "readiness probe fails".
  assert.ok(f.nextSteps.some((s) => s.startsWith(`fix: web-1's readiness probe fails: Get "http://10.244.2.41:80/healthz": dial tcp 10.244.2.41:80: connect: connection refused (see pod/readiness-failing)`)), f.nextSteps.join('\n'));
  assert.ok(!f.nextSteps.some((s) => /Readiness probe failed/.test(s)));
});

test('statefulset/ordinal-blocked: podManagementPolicy is "(default)" only when unset; an explicit OrderedReady (what the API server returns) is not', () => {
  const explicit = one(diagnose(b.blockedAtOne()).findings, 'statefulset/ordinal-blocked');
  assert.equal(explicit.evidence[0], 'podManagementPolicy: OrderedReady; replicas 3, ready 1');
  const objs = b.blockedAtOne();
  delete (objs.find((o) => o.kind === 'StatefulSet')!.spec as Record<string, unknown>).podManagementPolicy;
  const unset = one(diagnose(objs).findings, 'statefulset/ordinal-blocked');
  assert.equal(unset.evidence[0], 'podManagementPolicy: OrderedReady (default); replicas 3, ready 1');
});

test('statefulset/ordinal-blocked twins: within the grace period, and under Parallel', () => {
  none(diagnose(b.blockedAtOne({ notReadyFor: 2 * b.MIN })).findings, 'statefulset/ordinal-blocked');
  none(diagnose(b.blockedAtOne({ policy: 'Parallel' })).findings, 'statefulset/ordinal-blocked');
  none(diagnose(b.healthy()).findings, 'statefulset/ordinal-blocked');
});

test('statefulset/ordinal-blocked names the crash loop and links the pod finding', () => {
  const f = one(diagnose(b.blockedAtOne({ state: 'crashloop' })).findings, 'statefulset/ordinal-blocked');
  assert.match(f.message, /^ordinal 1 \(web-1\) is not Ready \(CrashLoopBackOff\)/);
  assert.deepEqual(f.related, [{ check: 'pod/crash-loop', object: { kind: 'Pod', namespace: 'shop', name: 'web-1' } }]);
  assert.ok(f.nextSteps.includes('kubectl logs web-1 -n shop -c nginx --previous'));
});

test('statefulset/ordinal-blocked: a pod that cannot be created (quota) blocks the ordinals above', () => {
  const objs = b.blockedAtOne().filter((o) => !(o.kind === 'Pod' && o.metadata.name === 'web-1'));
  objs.push(
    b.event(objs[0]!, 'FailedCreate', 'create Pod web-1 in StatefulSet web failed error: pods "web-1" is forbidden: exceeded quota: shop-quota, requested: pods=1, used: pods=10, limited: pods=10', {
      type: 'Warning',
      count: 14,
      firstAgo: 20 * b.MIN,
      lastAgo: 30_000,
    }),
  );
  const f = one(diagnose(objs).findings, 'statefulset/ordinal-blocked');
  assert.equal(f.message, 'ordinal 1 (web-1) cannot be created (web-2 waits for it): ResourceQuota shop-quota is full: requested pods=1, used pods=10, limited pods=10');
  assert.ok(f.evidence.some((e) => e.startsWith('StatefulSet event FailedCreate ×14')));
});

// ---------------------------------------------------------------- FailedCreate read with the admission parser

const refused = (k: keyof typeof b.STS_REFUSALS, o: Parameters<typeof b.refusedOrdinal>[1] = {}) => one(diagnose(b.refusedOrdinal(k, o)).findings, 'statefulset/ordinal-blocked');
const fixOf = (f: Finding) => f.nextSteps.filter((s) => s.startsWith('fix:'));

test('FailedCreate, ResourceQuota on pods: the quota and its numbers; the pod template is where requests are lowered', () => {
  const f = refused('podQuota');
  assert.equal(f.message, 'ordinal 1 (web-1) cannot be created (web-2 waits for it): ResourceQuota compute-quota is full: requested requests.memory=512Mi, used requests.memory=3840Mi, limited requests.memory=4Gi');
  assert.ok(f.evidence.includes('refused: pod web-1, created from spec.template'), f.evidence.join('\n'));
  assert.ok(f.evidence.includes('ResourceQuota compute-quota: requested requests.memory=512Mi, used requests.memory=3840Mi, limited requests.memory=4Gi'));
  // The controller's own sentence would say it a second time.
  assert.ok(!f.evidence.some((e) => e.startsWith('controller:')), f.evidence.join('\n'));
  assert.deepEqual(f.nextSteps, [
    'kubectl describe statefulset web -n shop',
    'kubectl describe resourcequota compute-quota -n shop',
    "fix: the unfinished pods of shop (web's own among them) use up ResourceQuota compute-quota: free quota, raise it, or lower what the pod template (spec.template) requests (the controller creates web-1 from the new revision)",
  ]);
});

test('FailedCreate, a pod-count quota: lowering requests would not help, so it is not offered', () => {
  const [fix] = fixOf(refused('podCountQuota'));
  assert.equal(fix, "fix: the unfinished pods of shop (web's own among them) use up ResourceQuota pod-count: free quota, raise it");
});

test('FailedCreate of a claim (Claim event and the Pod event that follows it): the claim, its template, and that volumeClaimTemplates cannot be edited', () => {
  const f = refused('claimQuota');
  assert.equal(
    f.message,
    'ordinal 1 (web-1) cannot be created (web-2 waits for it): its claim www-web-1 cannot be created: ResourceQuota storage-quota is full: requested requests.storage=1Gi, used requests.storage=10Gi, limited requests.storage=10Gi',
  );
  assert.ok(f.evidence.includes('refused: claim www-web-1 (volumeClaimTemplate www), which the controller creates before web-1'));
  assert.ok(f.nextSteps.includes('kubectl get pvc -n shop'));
  const [fix] = fixOf(f);
  assert.match(fix!, /^fix: claims of shop count against ResourceQuota storage-quota for as long as they exist \(bound or not, those kept after a scale-down too\): delete claims no longer needed, raise the quota, or request less storage \(volumeClaimTemplates cannot be changed on an existing StatefulSet: create claim www-web-1 yourself/);
  // Aggregated by the event correlator: read the same.
  assert.equal(refused('claimQuota', { combined: true }).message, f.message);
});

test('FailedCreate, claims kept after a scale-down are named as using the storage quota', () => {
  const objs = b.refusedOrdinal('claimQuota');
  objs.push(b.pvc(objs[0]!, 'www', 5, { storageClassName: 'standard', size: '5Gi', createdAgo: 30 * b.DAY }));
  const f = one(diagnose(objs).findings, 'statefulset/ordinal-blocked');
  assert.ok(f.evidence.includes('claims kept after a scale-down, counted by the quota: www-web-5 (5Gi)'), f.evidence.join('\n'));
});

test('FailedCreate, admission webhook: its name, its message, the template to change', () => {
  const f = refused('webhook');
  assert.match(f.message, /^ordinal 1 \(web-1\) cannot be created \(web-2 waits for it\): admission webhook "validate\.kyverno\.svc-fail" denies it: resource Pod\/shop\/web-1 was blocked due to the following policies disallow-latest-tag: require-image-tag: 'validation error: An image tag is required\./);
  assert.ok(f.evidence.includes('refused by admission webhook validate.kyverno.svc-fail'));
  assert.ok(f.nextSteps.includes("kubectl get statefulset web -n shop -o jsonpath='{.spec.template.spec}'"));
  assert.match(fixOf(f)[0]!, /^fix: change spec\.template so its pods pass admission webhook validate\.kyverno\.svc-fail \(.*\) \(the controller creates web-1 from the new revision\), or ask the webhook's owner for an exception$/);
});

test('FailedCreate, a webhook that cannot be called: its service, not the template', () => {
  const f = refused('webhookDown');
  assert.match(f.message, /: admission webhook "validate\.kyverno\.svc-fail" cannot be called: failed to call webhook: Post .*connection refused$/);
  assert.deepEqual(fixOf(f), ['fix: bring back the service behind admission webhook validate.kyverno.svc-fail (its pods and endpoints); while it is down every pod it covers is refused']);
  assert.doesNotMatch(f.nextSteps.join('\n'), /spec\.template/);
});

test('FailedCreate, ValidatingAdmissionPolicy: the policy, its binding, its message', () => {
  const f = refused('policy');
  assert.equal(f.message, "ordinal 1 (web-1) cannot be created (web-2 waits for it): ValidatingAdmissionPolicy 'require-memory-limits' (binding 'require-memory-limits-shop') denies it: every container must set resources.limits.memory");
  assert.deepEqual(f.nextSteps.slice(1, 4), [
    'kubectl get validatingadmissionpolicy require-memory-limits -o yaml',
    'kubectl get validatingadmissionpolicybinding require-memory-limits-shop -o yaml',
    "kubectl get statefulset web -n shop -o jsonpath='{.spec.template.spec}'",
  ]);
  assert.match(fixOf(f)[0]!, /^fix: change spec\.template so its pods pass ValidatingAdmissionPolicy require-memory-limits \(every container must set resources\.limits\.memory\)/);
});

test('FailedCreate, PodSecurity: the level, the namespace label, what the template lacks', () => {
  const f = refused('podSecurity');
  assert.match(f.message, /: PodSecurity "restricted:latest" refuses it: allowPrivilegeEscalation != false \(container "nginx" must set securityContext\.allowPrivilegeEscalation=false\)/);
  assert.ok(f.evidence.some((e) => e.startsWith('PodSecurity "restricted:latest" (the namespace\'s pod-security.kubernetes.io/enforce label): allowPrivilegeEscalation != false')));
  assert.ok(f.nextSteps.includes('kubectl get namespace shop --show-labels'));
  assert.match(fixOf(f)[0]!, /^fix: make the pod template \(spec\.template\) meet PodSecurity "restricted:latest"/);
});

test('FailedCreate, LimitRange: on the pod, the containers; on the claim, its storage request', () => {
  const pod = refused('podLimitRange');
  assert.match(pod.message, /: a LimitRange refuses it: maximum memory usage per Container is 1Gi, but limit is 2Gi$/);
  assert.deepEqual(fixOf(pod), ["fix: set the containers' (spec.template) requests and limits within the namespace's LimitRange (the controller creates web-1 from the new revision)"]);
  const claim = refused('claimLimitRange');
  assert.match(claim.message, /: its claim www-web-1 cannot be created: a LimitRange refuses it: maximum storage usage per PersistentVolumeClaim is 500Mi, but request is 1Gi$/);
  assert.ok(claim.nextSteps.includes("kubectl get statefulset web -n shop -o jsonpath='{.spec.volumeClaimTemplates}'"));
  assert.match(fixOf(claim)[0]!, /^fix: the claim's storage request is outside the namespace's LimitRange \(maximum storage usage per PersistentVolumeClaim is 500Mi, but request is 1Gi\): request a size within it \(volumeClaimTemplates cannot be changed/);
});

test('FailedCreate, a missing ServiceAccount: create it or correct serviceAccountName', () => {
  const f = refused('serviceAccount');
  assert.match(f.message, /: ServiceAccount web-sa cannot be used: serviceaccount "web-sa" not found$/);
  assert.deepEqual(f.nextSteps.slice(1), ['kubectl get serviceaccount web-sa -n shop', 'fix: create ServiceAccount web-sa in shop, or correct serviceAccountName in spec.template (the controller creates web-1 from the new revision)']);
});

test('FailedCreate under a partition: the ordinal is created from the current revision, so a template change reaches it only when the partition is lowered', () => {
  const f = refused('policy', { partition: 2 });
  assert.match(fixOf(f)[0]!, /\(web-1 is below partition 2, so the controller creates it from the current revision: the change reaches it only once the partition is lowered\)/);
});

test('FailedCreate with podManagementPolicy Parallel: still an ordinal-blocked finding (no other ordinal waits)', () => {
  const f = refused('podQuota', { policy: 'Parallel' });
  assert.equal(f.message, 'ordinal 1 (web-1) cannot be created: ResourceQuota compute-quota is full: requested requests.memory=512Mi, used requests.memory=3840Mi, limited requests.memory=4Gi');
  assert.ok(f.evidence.includes('podManagementPolicy: Parallel; replicas 3, ready 2'));
});

test('FailedCreate twins: the cause was fixed, web-1 was created and is Ready, the old events remain: no finding, for every refusal and both policies', () => {
  for (const k of Object.keys(b.STS_REFUSALS) as (keyof typeof b.STS_REFUSALS)[]) {
    for (const policy of ['OrderedReady', 'Parallel'] as const) none(diagnose(b.refusedOrdinal(k, { policy, fixed: true })).findings, 'statefulset/ordinal-blocked');
  }
});

test('FailedCreate within the grace period: no finding yet', () => {
  const objs = b.refusedOrdinal('podQuota');
  const { findings } = (() => {
    const store = b.makeStore(objs, {});
    return { findings: run({ store, now: b.NOW - 16 * b.MIN, graceMs: GRACE, skipped: () => {} }) };
  })();
  none(findings, 'statefulset/ordinal-blocked');
});

test('statefulset/ordinal-blocked: pods not readable → skipped, no finding', () => {
  const { findings, skipped } = diagnose(b.blockedAtOne(), { forbidden: ['Pod'] });
  none(findings, 'statefulset/ordinal-blocked');
  assert.ok(skipped.some((s) => s.check === 'statefulset/ordinal-blocked' && s.kind === 'Pod'));
});

// ---------------------------------------------------------------- revisions

test('statefulset/rollout-stuck: the recreated ordinal has not become Ready within the grace period', () => {
  const f = one(diagnose(b.rolloutWithPartition()).findings, 'statefulset/rollout-stuck');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'rolling update to web-6f7c… is stuck: web-1 is not Ready (Running, not ready) for 19m');
  assert.ok(f.evidence.includes('status.currentRevision: web-5d9b7c6f48 (revision 1)'));
  assert.ok(f.evidence.includes('status.updateRevision: web-6f7c8d9b5 (revision 2)'));
  assert.deepEqual(f.related, [{ check: 'pod/readiness-failing', object: { kind: 'Pod', namespace: 'shop', name: 'web-1' } }]);
  assert.ok(f.nextSteps.includes('kubectl describe statefulset web -n shop'));
  // What to change, not a command that changes it.
  assert.ok(f.nextSteps.includes('fix: if the new revision is bad, revert spec.template to the one of status.currentRevision web-5d9b7c6f48 (revision 1); the controller will not replace a pod that never became Ready, so web-1 must then be deleted by hand to be recreated'), f.nextSteps.join('\n'));
  // It is the rollout's business, not an ordering block.
  none(diagnose(b.rolloutWithPartition()).findings, 'statefulset/ordinal-blocked');
});

test('statefulset/rollout-stuck twins: the updated ordinal is Ready; or it was recreated within the grace period', () => {
  const ready = b.rolloutWithPartition();
  const sts = ready[0]!;
  const i = ready.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  ready[i] = b.pod(sts, 1, { revision: b.REV_NEW, createdAgo: 20 * b.MIN });
  none(diagnose(ready).findings, 'statefulset/rollout-stuck');
  const fresh = b.rolloutWithPartition();
  fresh[i] = b.pod(sts, 1, { revision: b.REV_NEW, state: 'readiness-failing', createdAgo: 2 * b.MIN });
  none(diagnose(fresh).findings, 'statefulset/rollout-stuck');
});

test('statefulset/update-held-by-partition: partition keeps web-0 on the old revision', () => {
  const f = one(diagnose(b.rolloutWithPartition()).findings, 'statefulset/update-held-by-partition');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'partition 1 keeps web-0 on web-5d9b… (update revision web-6f7c…)');
  assert.ok(f.evidence.includes('web-0: controller-revision-hash web-5d9b7c6f48'));
  assert.ok(f.nextSteps.includes('kubectl get pods -l app=nginx -n shop -L controller-revision-hash'));
  // Twin: a partition with every pod already on the update revision holds nothing.
  none(diagnose(b.healthy({ strategy: { type: 'RollingUpdate', partition: 2 } })).findings, 'statefulset/update-held-by-partition');
});

test('statefulset/ondelete-pending: OnDelete with pods on the old revision', () => {
  const f = one(diagnose(b.onDelete()).findings, 'statefulset/ondelete-pending');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'OnDelete: 2 pods still on the old revision (web-0, web-1); they update only when deleted');
  assert.ok(f.nextSteps.some((s) => s.includes('highest ordinal first') && s.includes('web-1 first')));
  none(diagnose(b.healthy({ strategy: { type: 'OnDelete' } })).findings, 'statefulset/ondelete-pending');
  // OnDelete never makes a rollout "stuck".
  none(diagnose(b.onDelete()).findings, 'statefulset/rollout-stuck');
});

// ---------------------------------------------------------------- storage

test('statefulset/storageclass-missing: the template names a class that does not exist', () => {
  const { findings } = diagnose(b.storageClassMissing());
  const f = one(findings, 'statefulset/storageclass-missing');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'volumeClaimTemplate www names StorageClass fast, which does not exist');
  assert.ok(f.evidence.includes('volumeClaimTemplates[www].spec.storageClassName: "fast"'));
  assert.ok(f.evidence.includes('StorageClasses in the cluster: standard (default)'));
  assert.ok(f.evidence.some((e) => e.includes('ProvisioningFailed') && e.includes('storageclass.storage.k8s.io "fast" not found')));
  assert.ok(f.nextSteps.includes('kubectl get storageclass'));
  assert.ok(f.nextSteps.includes('kubectl describe pvc www-web-0 -n shop'));
});

test('statefulset/storageclass-missing: no class named and no default StorageClass', () => {
  const f = one(diagnose(b.storageClassMissing({ className: null, classes: [b.storageClass('standard')] })).findings, 'statefulset/storageclass-missing');
  assert.equal(f.message, 'volumeClaimTemplate www names no StorageClass and the cluster has no default StorageClass');
  assert.ok(f.evidence.includes('volumeClaimTemplates[www].spec.storageClassName: <unset>'));
});

test('statefulset/storageclass-missing honours the default StorageClass (GA and beta annotation)', () => {
  // healthy(): the template names no class; "standard" is the default.
  none(diagnose(b.healthy()).findings, 'statefulset/storageclass-missing');
  const beta = b.healthy().map((o) => (o.kind === 'StorageClass' ? b.storageClass('standard', { isDefault: true, beta: true }) : o));
  none(diagnose(beta).findings, 'statefulset/storageclass-missing');
});

test('statefulset/storageclass-missing twins: claims all Bound; pre-provisioned PVs carry the class', () => {
  const bound = b.healthy({ templates: [{ name: 'www', storageClassName: 'manual' }] }).filter((o) => o.kind !== 'StorageClass');
  none(diagnose(bound).findings, 'statefulset/storageclass-missing');
  const objs = b.storageClassMissing({ className: 'manual' });
  objs.push(b.persistentVolume('task-pv-volume', { storageClassName: 'manual' }));
  none(diagnose(objs).findings, 'statefulset/storageclass-missing');
});

test('StorageClasses forbidden: skipped, never a missing-class finding', () => {
  const { findings, skipped } = diagnose(b.storageClassMissing(), { forbidden: ['StorageClass'] });
  none(findings, 'statefulset/storageclass-missing');
  assert.deepEqual(
    skipped.filter((s) => s.kind === 'StorageClass').map((s) => s.check),
    ['statefulset/storageclass-missing'],
  );
});

test('statefulset/pvc-pending: Pending with ProvisioningFailed events as evidence', () => {
  const { findings } = diagnose(b.pvcProvisioningFailed());
  const f = one(findings, 'statefulset/pvc-pending');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.object, WEB);
  assert.match(f.message, /^claim data-web-0 of web-0 has been Pending for 25m: ProvisioningFailed: failed to provision volume with StorageClass "gp3-encrypted": .*UnauthorizedOperation/);
  assert.ok(f.evidence.some((e) => e.startsWith('data-web-0: phase Pending, request 20Gi, access ReadWriteOnce')));
  assert.ok(f.evidence.includes('storage class: gp3-encrypted (provisioner ebs.csi.aws.com, Immediate)'));
  assert.ok(f.evidence.some((e) => e.startsWith('data-web-0 event ProvisioningFailed ×9')));
  assert.ok(f.evidence.includes('pod web-0: Pending (Unschedulable): 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.'));
  assert.deepEqual(f.related, [{ check: 'pod/unschedulable', object: { kind: 'Pod', namespace: 'shop', name: 'web-0' } }]);
  assert.ok(f.nextSteps.includes('kubectl describe pvc data-web-0 -n shop'));
  assert.ok(f.nextSteps.includes('kubectl get storageclass gp3-encrypted -o yaml'));
});

test('statefulset/pvc-pending with FailedBinding (no class, no default)', () => {
  const f = one(diagnose(b.storageClassMissing({ className: null, classes: [b.storageClass('standard')] })).findings, 'statefulset/pvc-pending');
  assert.match(f.message, /FailedBinding: no persistent volumes available for this claim and no storage class is set$/);
  assert.deepEqual(
    f.related?.map((r) => r.check),
    ['statefulset/storageclass-missing', 'pod/unschedulable'],
  );
});

test('statefulset/pvc-pending twins: Bound; Pending within the grace period; WaitForFirstConsumer waiting for its pod', () => {
  none(diagnose(b.pvcProvisioningFailed({ bound: true })).findings, 'statefulset/pvc-pending');
  none(diagnose(b.pvcProvisioningFailed({ pendingFor: 2 * b.MIN })).findings, 'statefulset/pvc-pending');
  // WFFC claim, no node selected, only Normal "waiting for pod" events, pod not scheduled (Insufficient memory): the pod's problem, not the claim's.
  const objs = b.pvcWaitForFirstConsumer('pod-unschedulable', { pendingFor: 30 * b.MIN });
  none(diagnose(objs).findings, 'statefulset/pvc-pending');
});

test('statefulset/pvc-pending: a Lost claim is an error at once', () => {
  const objs = b.healthy();
  const sts = objs[0]!;
  const i = objs.findIndex((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'www-web-1');
  const lost = b.pvc(sts, 'www', 1, { storageClassName: 'standard' });
  lost.status = { phase: 'Lost' };
  objs[i] = lost;
  const f = one(diagnose(objs).findings, 'statefulset/pvc-pending');
  assert.match(f.message, /^claim www-web-1 of web-1 is Lost: its PersistentVolume pvc-[0-9a-f-]+ is gone$/);
});

test('statefulset/orphaned-pvc: claims kept after a scale-down, with size and retention policy', () => {
  const f = one(diagnose(b.scaledDown()).findings, 'statefulset/orphaned-pvc');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, '2 claims outside ordinals 0..1 kept: www-web-2 (10Gi), www-web-3 (10Gi); whenScaled=Retain');
  assert.ok(f.evidence.includes('persistentVolumeClaimRetentionPolicy: whenDeleted=Retain (default), whenScaled=Retain (default)'));
  assert.ok(f.evidence.some((e) => e.startsWith('www-web-3: Bound 10Gi, volume pvc-') && e.endsWith('kept: whenScaled=Retain (default)')));
  assert.ok(f.nextSteps.includes('kubectl get pvc -n shop -l app=nginx'));
  assert.equal(f.doc, 'StatefulSet › 5. 注意事项 › 存储保留策略');
});

test('statefulset/orphaned-pvc twins: scale-down in progress; whenScaled Delete with owner references; healthy', () => {
  none(diagnose(b.scalingDown()).findings, 'statefulset/orphaned-pvc');
  none(diagnose(b.scaledDown({ whenScaled: 'Delete', ownedByPods: true })).findings, 'statefulset/orphaned-pvc');
  none(diagnose(b.healthy()).findings, 'statefulset/orphaned-pvc');
  // whenScaled Delete set after the claims lost their pods: still left behind.
  const f = one(diagnose(b.scaledDown({ whenScaled: 'Delete' })).findings, 'statefulset/orphaned-pvc');
  assert.match(f.message, /whenScaled=Delete$/);
});

test('statefulset/orphaned-pvc below ordinals.start', () => {
  const f = one(diagnose(b.ordinalsStart()).findings, 'statefulset/orphaned-pvc');
  assert.equal(f.message, '1 claim outside ordinals 5..6 kept: www-web-4 (1Gi); whenScaled=Retain');
});

test('claims not readable: pvc checks skipped', () => {
  const { findings, skipped } = diagnose(b.scaledDown(), { forbidden: ['PersistentVolumeClaim'] });
  none(findings, 'statefulset/orphaned-pvc');
  none(findings, 'statefulset/pvc-pending');
  assert.deepEqual(skipped.map((s) => s.check).sort(), ['statefulset/orphaned-pvc', 'statefulset/pvc-pending']);
});

// ---------------------------------------------------------------- probes

test('statefulset/probes-missing: warning without readinessProbe, info with only livenessProbe missing', () => {
  const w = one(diagnose(b.healthy({ readinessProbe: false })).findings, 'statefulset/probes-missing');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.object, WEB);
  assert.match(w.message, /^container nginx has no readinessProbe: each pod counts as Ready as soon as it starts/);
  assert.ok(w.evidence.includes('container nginx: readinessProbe none, livenessProbe set'));
  assert.equal(w.doc, 'StatefulSet › 4. 依赖与配置 › 探针配置');
  const i = one(diagnose(b.healthy({ livenessProbe: false })).findings, 'statefulset/probes-missing');
  assert.equal(i.severity, 'info');
  assert.equal(i.message, 'container nginx has no livenessProbe: a hung process is not restarted');
  const both = one(diagnose(b.healthy({ livenessProbe: false, readinessProbe: false })).findings, 'statefulset/probes-missing');
  assert.equal(both.severity, 'warning');
  none(diagnose(b.healthy()).findings, 'statefulset/probes-missing');
});

// ---------------------------------------------------------------- through the engine

test('engine: the StatefulSet finding and the pod finding are linked both ways', () => {
  const store = b.makeStore(b.blockedAtOne());
  const report = runDiagnostics(store, {
    now: b.NOW,
    graceMs: GRACE,
    areas: [
      { area: 'pod', checks: podArea.checks, run: podArea.run },
      { area: 'statefulset', checks, run },
    ],
  });
  const sts = report.findings.find((f) => f.check === 'statefulset/ordinal-blocked');
  const pod = report.findings.find((f) => f.check === 'pod/readiness-failing');
  assert.ok(sts && pod, JSON.stringify(report.findings.map((f) => f.check)));
  assert.deepEqual(pod.object, { kind: 'Pod', namespace: 'shop', name: 'web-1' });
  assert.ok(sts.related?.some((r) => r.check === 'pod/readiness-failing' && r.object.name === 'web-1'));
  assert.ok(pod.related?.some((r) => r.check === 'statefulset/ordinal-blocked' && r.object.name === 'web'));
});

test('engine: k8stui.dev/ignore on the StatefulSet suppresses its findings', () => {
  const objs = b.scaledDown();
  objs[0]!.metadata.annotations = { 'k8stui.dev/ignore': 'statefulset/orphaned-pvc' };
  const report = runDiagnostics(b.makeStore(objs), { now: b.NOW, graceMs: GRACE, areas: [{ area: 'statefulset', checks, run }] });
  assert.equal(report.findings.filter((f) => f.check === 'statefulset/orphaned-pvc').length, 0);
  assert.equal(report.summary.suppressed, 1);
});

test('messages stay one line when an event message has line breaks', () => {
  const objs = b.pvcProvisioningFailed();
  const ev = objs.find((o) => o.kind === 'Event' && o.reason === 'ProvisioningFailed')!;
  ev.message = 'failed to provision volume with StorageClass "gp3-encrypted":\nrpc error: code = Internal\n\tdesc = quota';
  const f = one(diagnose(objs).findings, 'statefulset/pvc-pending');
  assert.ok(!/[\n\t]/.test(f.message), f.message);
  assert.match(f.message, /"gp3-encrypted": rpc error: code = Internal desc = quota$/);
});

// ---------------------------------------------------------------- issue 9: claims Pending with Normal events only

test('statefulset/pvc-pending: a claim with no class and no default, 312 FailedBinding events of type Normal, Pending for 5h', () => {
  const objs = b.pvcUnboundNoClass();
  // The fixture is as the PV controller writes it: not one Warning on the claim.
  assert.equal(objs.filter((o) => o.kind === 'Event' && o.involvedObject.kind === 'PersistentVolumeClaim' && o.type === 'Warning').length, 0);
  const { findings } = diagnose(objs);
  const f = one(findings, 'statefulset/pvc-pending');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.object, WEB);
  assert.equal(f.message, 'claim www-web-0 of web-0 has been Pending for 5h: FailedBinding: no persistent volumes available for this claim and no storage class is set');
  assert.ok(f.evidence.includes('binding: Immediate: the PV controller binds or provisions it as soon as it exists, no pod needed'));
  assert.ok(f.evidence.some((e) => e.startsWith('www-web-0 event FailedBinding ×312,') && e.endsWith('(type Normal)')), f.evidence.join('\n'));
  assert.ok(f.nextSteps.some((s) => s.startsWith('fix: mark a StorageClass as default')));
  assert.ok(!f.nextSteps.some((s) => /maybe|WaitForFirstConsumer/.test(s)));
  // The chain: the pod's finding and the missing default class are linked to it.
  assert.deepEqual(f.related?.map((r) => r.check), ['statefulset/storageclass-missing', 'pod/unschedulable']);
  one(findings, 'statefulset/storageclass-missing');
  // The ordinal the controller waits on names the claim.
  const blocked = one(findings, 'statefulset/ordinal-blocked');
  assert.equal(blocked.message, 'ordinal 0 (web-0) is not Ready (Pending (Unschedulable)) for 5h, waiting for claim www-web-0 (Pending; no StorageClass named and no default StorageClass): web-1, web-2 will not be created until it is');
  assert.ok(blocked.nextSteps.some((s) => s.startsWith('fix: web-0 is not scheduled because it waits for claim www-web-0') && s.includes('statefulset/pvc-pending')));
  assert.ok(!blocked.nextSteps.some((s) => /Parallel|capacity/.test(s)), 'Parallel would not help: every ordinal needs a claim');
});

test('statefulset/pvc-pending: storageClassName "" (pre-provisioned volumes only) and no PersistentVolume: the fix is a PV, not a class', () => {
  const { findings } = diagnose(b.pvcUnboundNoClass({ className: '' }));
  const f = one(findings, 'statefulset/pvc-pending');
  assert.match(f.message, /^claim www-web-0 of web-0 has been Pending for 5h: FailedBinding: /);
  assert.equal(f.nextSteps.at(-1), 'fix: storageClassName "" binds only to a pre-provisioned PersistentVolume without a class: create one with at least 1Gi and access modes ReadWriteOnce');
  none(findings, 'statefulset/storageclass-missing');
});

test('statefulset/pvc-pending twins of the Normal-events claim: bound to a pre-provisioned volume; Pending within the grace period', () => {
  assert.deepEqual(diagnose(b.pvcUnboundNoClass({ bound: true })).findings.map((f) => f.check), []);
  none(diagnose(b.pvcUnboundNoClass({ pendingFor: 3 * b.MIN })).findings, 'statefulset/pvc-pending');
});

test('the StatefulSet wait sentence ("Waiting on") names the claim the unscheduled pod waits for', () => {
  const a = analyzeStatefulSets(b.makeStore(b.pvcUnboundNoClass()), undefined, b.NOW)[0]!;
  assert.equal(a.wait.text, 'web-0 is not Ready (Pending (Unschedulable)) and waits for claim www-web-0 (Pending; no StorageClass named and no default StorageClass): web-1 will not be created until it is');
  assert.deepEqual(a.inRange[0]!.blockingClaims.map((c) => c.name), ['www-web-0']);
  // Twin: a pod that does not fit for reasons of its own names no claim.
  const w = analyzeStatefulSets(b.makeStore(b.pvcWaitForFirstConsumer('pod-unschedulable')), undefined, b.NOW)[0]!;
  assert.equal(w.wait.text, 'web-0 is not Ready (Pending (Unschedulable)); no other change waits on it');
});

test('statefulset/pvc-pending: WaitForFirstConsumer, node selected, the external provisioner never acts (ExternalProvisioning ×600, Normal)', () => {
  const { findings } = diagnose(b.pvcWaitForFirstConsumer('provisioner-down'));
  const f = one(findings, 'statefulset/pvc-pending');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /^claim data-web-0 of web-0 has been Pending for 120m: ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'ebs\.csi\.aws\.com'/);
  assert.ok(f.evidence.includes('binding: the scheduler picked node node-b (volume.kubernetes.io/selected-node) and the volume has not been provisioned for it'));
  assert.ok(f.nextSteps.includes('kubectl get csidrivers'));
  assert.match(f.nextSteps.at(-1)!, /^fix: no volume came from provisioner ebs\.csi\.aws\.com for node node-b: check that its controller pods run/);
});

test('statefulset/pvc-pending: WaitForFirstConsumer and the scheduler finds no node with a volume (no-provisioner class, no PV left)', () => {
  const { findings } = diagnose(b.pvcWaitForFirstConsumer('no-local-pv'));
  const f = one(findings, 'statefulset/pvc-pending');
  assert.equal(f.message, "claim data-web-0 of web-0 has been Pending for 120m: the scheduler finds no node for web-0: 3 node(s) didn't find available persistent volumes to bind");
  assert.equal(f.nextSteps.at(-1), 'fix: StorageClass local-storage has no provisioner (kubernetes.io/no-provisioner): every claim needs a pre-created PersistentVolume of that class (at least 20Gi, ReadWriteOnce) on a node the pod can run on');
  assert.deepEqual(f.related, [{ check: 'pod/unschedulable', object: { kind: 'Pod', namespace: 'shop', name: 'web-0' } }]);
});

test('statefulset/pvc-pending twin: WaitForFirstConsumer waiting for a pod that does not fit for its own reasons (Insufficient memory) is not the claim\'s problem', () => {
  const { findings, skipped } = diagnose(b.pvcWaitForFirstConsumer('pod-unschedulable'));
  none(findings, 'statefulset/pvc-pending');
  assert.deepEqual(skipped, []);
  // Without StorageClasses, the binding mode is unknown: said, not guessed.
  const unknown = diagnose(b.pvcWaitForFirstConsumer('pod-unschedulable'), { forbidden: ['StorageClass'] });
  none(unknown.findings, 'statefulset/pvc-pending');
  assert.ok(unknown.skipped.some((s) => s.check === 'statefulset/pvc-pending' && s.kind === 'StorageClass' && /whether it waits for its pod \(WaitForFirstConsumer\) is unknown/.test(s.why)), JSON.stringify(unknown.skipped));
  // ...but a pod that says "unbound immediate PersistentVolumeClaims" settles it.
  const imm = diagnose(b.pvcUnboundNoClass({ className: '' }), { forbidden: ['StorageClass'] });
  one(imm.findings, 'statefulset/pvc-pending');
});

test('engine: pod Pending on the unbound claim → the claim\'s statefulset/pvc-pending → the missing default StorageClass, and the Service says its pod is not scheduled', () => {
  const objs = b.pvcUnboundNoClass();
  const svc = objs.find((o) => o.kind === 'Service')!;
  objs.push(...svcb.controllerSlices(svc, objs.filter((o) => o.kind === 'Pod')));
  const report = runDiagnostics(b.makeStore(objs), {
    now: b.NOW,
    graceMs: GRACE,
    areas: [
      { area: 'pod', checks: podArea.checks, run: podArea.run },
      { area: 'statefulset', checks, run },
      { area: 'service', checks: serviceArea.checks, run: serviceArea.run },
    ],
  });
  const get = (check: string, name: string) => report.findings.find((f) => f.check === check && f.object.name === name)!;
  const pod = get('pod/unschedulable', 'web-0');
  assert.equal(pod.severity, 'error');
  assert.equal(pod.message, 'not scheduled for 5h: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. It waits for claim www-web-0 (Pending; no StorageClass named and no default StorageClass).');
  assert.ok(pod.nextSteps.includes('kubectl describe pvc www-web-0 -n shop'));
  assert.ok(pod.nextSteps.includes('kubectl get storageclass'));
  assert.ok(!pod.nextSteps.some((s) => /capacity|resource requests|affinity|toleration/.test(s)), pod.nextSteps.join('\n'));
  assert.ok(pod.related?.some((r) => r.check === 'statefulset/pvc-pending' && r.object.name === 'web'));
  const claim = get('statefulset/pvc-pending', 'web');
  assert.ok(claim.related?.some((r) => r.check === 'statefulset/storageclass-missing'));
  assert.ok(claim.related?.some((r) => r.check === 'pod/unschedulable' && r.object.name === 'web-0'));
  const service = get('service/no-ready-endpoints', 'nginx');
  assert.equal(service.severity, 'error');
  assert.equal(service.message, '1 pod matches but no endpoint is ready: web-0 (not scheduled: pod has unbound immediate PersistentVolumeClaims)');
  assert.ok(service.nextSteps.includes('fix: web-0 is not scheduled: it waits for claim www-web-0 (Pending; no StorageClass named and no default StorageClass); get the claim bound (see statefulset/pvc-pending)'));
  assert.ok(!service.nextSteps.some((s) => /readiness probe/.test(s)), service.nextSteps.join('\n'));
});

// ---------------------------------------------------------------- issue 11: suggested fixes that stay correct

test('statefulset/orphaned-pvc: an explicitly set whenScaled: Retain is not labelled "(default)"; an unset one is', () => {
  const explicit = one(diagnose(b.scaledDown({ whenScaled: 'Retain' })).findings, 'statefulset/orphaned-pvc');
  assert.equal(explicit.severity, 'warning');
  assert.ok(explicit.evidence.includes('persistentVolumeClaimRetentionPolicy: whenDeleted=Retain, whenScaled=Retain'), explicit.evidence.join('\n'));
  assert.ok(!explicit.evidence.some((e) => e.includes('(default)')));
  const unset = one(diagnose(b.scaledDown()).findings, 'statefulset/orphaned-pvc');
  assert.ok(unset.evidence.includes('persistentVolumeClaimRetentionPolicy: whenDeleted=Retain (default), whenScaled=Retain (default)'));
});

test('statefulset/service-missing: the suggested Service selects on the StatefulSet\'s spec.selector, not on version labels of the template', () => {
  const objs = withService(b.healthy(), undefined);
  const sts = objs[0]!;
  (sts.spec as any).template.metadata.labels = { app: 'nginx', 'app.kubernetes.io/version': '1.27.3', version: 'v3' };
  const f = one(diagnose(objs).findings, 'statefulset/service-missing');
  assert.equal(f.severity, 'error');
  const fix = f.nextSteps.find((s) => s.startsWith('fix: '))!;
  assert.equal(fix, "fix: create a headless Service (clusterIP: None) named nginx in shop with selector app=nginx (the StatefulSet's spec.selector)");
  assert.doesNotMatch(fix, /version/);
  // Twin: with the Service present, no suggestion at all.
  (objs as any[]).push(b.service('nginx'));
  none(diagnose(objs).findings, 'statefulset/service-missing');
});

test('statefulset/service-selector-mismatch: names the differing key, and suggests the StatefulSet\'s selector', () => {
  const objs = withService(b.healthy(), b.service('nginx', { selector: { app: 'nginx', component: 'web' } }));
  const sts = objs[0]!;
  (sts.spec as any).template.metadata.labels = { app: 'nginx', component: 'server', version: 'v3' };
  (sts.spec as any).selector = { matchLabels: { app: 'nginx', component: 'server' } };
  const f = one(diagnose(objs).findings, 'statefulset/service-selector-mismatch');
  assert.ok(f.evidence.includes('the pod template matches 1 of 2 selector labels; it has component=server, the selector wants component=web'), f.evidence.join('\n'));
  assert.ok(f.nextSteps.some((s) => s.startsWith("fix: set the Service's selector to app=nginx,component=server (the StatefulSet's spec.selector;")));
  assert.ok(!f.nextSteps.some((s) => /version=v3/.test(s)));
});

test('engine: a pod whose volume binding timed out in PreBind (SchedulerError) gets pod/scheduler-error, pointed at its claim; the claim is the root cause of it and of the Service', () => {
  const objs = b.pvcWaitForFirstConsumer('provisioner-down');
  const svc = objs.find((o) => o.kind === 'Service')!;
  objs.push(...svcb.controllerSlices(svc, objs.filter((o) => o.kind === 'Pod')));
  const report = runDiagnostics(b.makeStore(objs), { now: b.NOW, graceMs: GRACE });
  const id = (f: Finding) => `${f.check} ${f.object.kind}/${f.object.name}`;
  assert.deepEqual(report.findings.map(id), ['statefulset/pvc-pending StatefulSet/web', 'pod/scheduler-error Pod/web-0', 'service/no-ready-endpoints Service/nginx']);
  const pod = report.findings.find((f) => f.check === 'pod/scheduler-error')!;
  assert.equal(pod.severity, 'error');
  assert.equal(pod.message, 'not scheduled for 110m: a node was chosen, then binding failed: running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded. It waits for claim data-web-0 (Pending; StorageClass gp3).');
  assert.ok(pod.evidence.includes('condition PodScheduled=False, reason SchedulerError, since 2025-03-10 10:10:00 UTC (110m)'), pod.evidence.join('\n'));
  assert.ok(pod.evidence.some((e) => /^event FailedScheduling ×12, last 2025-03-10 11:52:00 UTC/.test(e)));
  assert.ok(pod.nextSteps.includes('kubectl describe pvc data-web-0 -n shop'));
  assert.ok(pod.nextSteps.includes("fix: the scheduler picked a node and asked for the claim's volume, but it was not provisioned within the scheduler's bind timeout (10 minutes by default): the claim's provisioner is not creating it; the claim's events and the provisioner's logs say why"));
  assert.ok(!pod.nextSteps.some((s) => /Allocated resources|free capacity|affinity/.test(s)), pod.nextSteps.join('\n'));
  assert.deepEqual(pod.causedBy?.map((c) => c.check), ['statefulset/pvc-pending']);
  const service = report.findings.find((f) => f.check === 'service/no-ready-endpoints')!;
  assert.equal(service.message, '1 pod matches but no endpoint is ready: web-0 (not scheduled: running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded)');
  assert.ok(service.related?.some((r) => r.check === 'statefulset/pvc-pending' && r.object.name === 'web'));
  assert.ok(service.related?.some((r) => r.check === 'pod/scheduler-error' && r.object.name === 'web-0'));
  assert.deepEqual(service.causedBy?.map((c) => c.check), ['statefulset/pvc-pending']);
  assert.ok(service.nextSteps.includes('fix: web-0 is not scheduled: it waits for claim data-web-0 (Pending; StorageClass gp3); get the claim bound (see statefulset/pvc-pending)'));
  assert.ok(!service.nextSteps.some((s) => /readiness probe/.test(s)));
  assert.deepEqual(report.summary.rootCauses, { error: 1, warning: 0, info: 0 });
});

test('engine twin: the provisioner came back, the claim is bound and web-0 runs on node-b; the old FailedScheduling and ExternalProvisioning events remain: no finding', () => {
  const objs = b.pvcWaitForFirstConsumer('provisioner-recovered');
  const svc = objs.find((o) => o.kind === 'Service')!;
  objs.push(...svcb.controllerSlices(svc, objs.filter((o) => o.kind === 'Pod')));
  const report = runDiagnostics(b.makeStore(objs), { now: b.NOW, graceMs: GRACE });
  assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.check} ${f.object.name}`), []);
});

test('volume binding errors in PreBind: each of the binder\'s failures gets its own fix', () => {
  const pod = b.pvcWaitForFirstConsumer('provisioner-down').find((o) => o.kind === 'Pod')! as Pod;
  const store = b.makeStore(b.pvcWaitForFirstConsumer('provisioner-down'));
  const fix = (err: string) => podArea.schedulingAdvice(store, pod, `running PreBind plugin "VolumeBinding": binding volumes: ${err}`).steps.find((s) => s.startsWith('fix:'))!;
  assert.match(fix('context deadline exceeded'), /not provisioned within the scheduler's bind timeout/);
  assert.match(fix('provisioning failed for PVC "data-web-0"'), /provisioner gave up on the node the scheduler picked \(it removed volume\.kubernetes\.io\/selected-node\): its ProvisioningFailed events/);
  assert.match(fix('selectedNode annotation reset for PVC "data-web-0"'), /provisioner gave up/);
  assert.match(fix('pv "pvc-3f1c" node affinity doesn\'t match node "node-b": no matching NodeSelectorTerms'), /pinned to other nodes \(PersistentVolume nodeAffinity\)/);
});

test('FailedCreate, "pvc … is being deleted": the claim that holds the pod back, and what holds the claim', () => {
  const objs = b.refusedOrdinal('podQuota').filter((o) => o.kind !== 'Event' || o.reason !== 'FailedCreate');
  const i = objs.findIndex((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'www-web-1');
  objs[i] = b.pvc(objs[0]!, 'www', 1, { storageClassName: 'standard', createdAgo: 3 * b.DAY, deleting: true });
  objs.push(b.event(objs[0]!, 'FailedCreate', 'create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted', { type: 'Warning', count: 40, firstAgo: 20 * b.MIN, lastAgo: 10_000 }));
  const f = one(diagnose(objs).findings, 'statefulset/ordinal-blocked');
  assert.equal(f.message, 'ordinal 1 (web-1) cannot be created (web-2 waits for it): its claim www-web-1 is being deleted, and the controller creates the pod only once the claim is gone');
  assert.ok(f.nextSteps.includes('kubectl describe pvc www-web-1 -n shop'));
  assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: find what still holds claim www-web-1/);
});
