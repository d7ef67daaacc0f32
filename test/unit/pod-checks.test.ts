// Pod and health-check diagnostics: for every check a fixture with the problem
// (exact id, severity, object) and healthy twins that must not produce it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, checks, crashFix, imagePullFix, podExemption, probeFix } from '../../diagnostics/pod.js';
import { probeInfo, schedulingReasons } from '../../src/model/pod.js';
import type { CheckContext, Finding } from '../../diagnostics/types.js';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { Pod } from '../../src/model/types.js';
import { at, loadStore } from '../fixtures/diag/load.js';

const NOW = at('2026-03-10T12:00:00Z');
const GRACE = 5 * 60 * 1000;

function runPods(store: ClusterStore, o: { now?: number; graceMs?: number; namespace?: string } = {}) {
  const skipped: { check: string; kind: string; why: string }[] = [];
  const ctx: CheckContext = { store, now: o.now ?? NOW, graceMs: o.graceMs ?? GRACE, namespace: o.namespace, skipped: (check, kind, why) => void skipped.push({ check, kind, why }) };
  return { findings: run(ctx), skipped };
}

function load(file: string) {
  return loadStore(['diag/snapshot-info.yaml', `pod/${file}`]);
}

function on(fs: Finding[], name: string, check?: string): Finding[] {
  return fs.filter((f) => f.object.name === name && (!check || f.check === check));
}

test('catalog: seven pod checks, all error by default, ids in the pod/ namespace', () => {
  assert.deepEqual(
    checks.map((c) => c.id),
    ['pod/readiness-failing', 'pod/liveness-failing', 'pod/crash-loop', 'pod/probe-port-unresolved', 'pod/unschedulable', 'pod/image-pull-failing', 'pod/scheduler-error'],
  );
  for (const c of checks) {
    assert.equal(c.severity, 'error');
    assert.equal(c.area, 'pod');
  }
});

test('pod/readiness-failing: running but not ready for 40m, with the Unhealthy event as evidence', () => {
  const { findings } = runPods(load('readiness.yaml'));
  const f = on(findings, 'web-0', 'pod/readiness-failing');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
  assert.match(f[0]!.message, /container web is running but not ready for 40m: Readiness probe failed: HTTP probe failed with statuscode: 503/);
  const ev = f[0]!.evidence.join('\n');
  assert.match(ev, /Unhealthy ×238, last 2026-03-10 11:59:54 UTC \(6s ago\)/);
  assert.match(ev, /readinessProbe: http-get \/healthz port web → 80/);
  assert.match(ev, /condition Ready=False \(ContainersNotReady\)/);
  assert.ok(f[0]!.nextSteps.some((s) => s === 'kubectl describe pod web-0 -n shop'));
  assert.ok(f[0]!.doc);
});

test('pod/readiness-failing healthy twins: Ready pod with old warm-up Unhealthy events; not ready only inside the grace period', () => {
  const { findings } = runPods(load('readiness.yaml'));
  assert.deepEqual(on(findings, 'web-1'), []);
  assert.deepEqual(on(findings, 'web-2'), []);
  // Past the grace period, web-2 is failing too.
  const later = runPods(load('readiness.yaml'), { now: NOW + 4 * 60 * 1000 });
  assert.equal(on(later.findings, 'web-2', 'pod/readiness-failing').length, 1);
  // A longer grace period keeps web-0 quiet.
  const patient = runPods(load('readiness.yaml'), { graceMs: 60 * 60 * 1000 });
  assert.deepEqual(on(patient.findings, 'web-0'), []);
});

test('pod/liveness-failing: restarts caused by liveness probe failures, with the last termination', () => {
  const { findings } = runPods(load('liveness.yaml'));
  const f = on(findings, 'api-6f8b9c7d5-x2x9q');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.check, 'pod/liveness-failing');
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'api-6f8b9c7d5-x2x9q' });
  assert.match(f[0]!.message, /restarted by its liveness probe \(4 restarts\): Liveness probe failed: Get "http:\/\/10\.244\.2\.23:8080\/livez": context deadline exceeded/);
  const ev = f[0]!.evidence.join('\n');
  assert.match(ev, /lastState\.terminated: exit code 137, reason Error, finished 2026-03-10 11:58:39 UTC/);
  assert.match(ev, /Killing ×4/);
  assert.ok(f[0]!.nextSteps.some((s) => s.includes('--previous')));
});

test('pod/liveness-failing healthy twins: an OOMKilled restart without liveness failures; a pod that recovered an hour ago', () => {
  const { findings } = runPods(load('liveness.yaml'));
  assert.deepEqual(on(findings, 'api-6f8b9c7d5-k8j2p'), []);
  assert.deepEqual(on(findings, 'api-6f8b9c7d5-r4t7w'), []);
});

test('pod/liveness-failing needs events: without them the check is recorded as skipped, not silently clean', () => {
  const store = loadStore(['diag/snapshot-info.yaml', 'pod/liveness.yaml'], { statuses: { Event: { state: 'forbidden', message: 'events is forbidden: User "dev" cannot list resource "events"' } } });
  const { skipped } = runPods(store);
  assert.ok(skipped.some((s) => s.check === 'pod/liveness-failing' && s.kind === 'Event'));
});

test('pod/crash-loop: CrashLoopBackOff with the last exit code and reason', () => {
  const { findings } = runPods(load('crash-loop.yaml'));
  const f = on(findings, 'worker-5d7c9b8f4-q9w2e');
  assert.equal(f.length, 1, JSON.stringify(f));
  assert.equal(f[0]!.check, 'pod/crash-loop');
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'worker-5d7c9b8f4-q9w2e' });
  assert.match(f[0]!.message, /container worker is in CrashLoopBackOff after 9 restarts; last exit code 1 \(Error\)/);
  assert.match(f[0]!.evidence.join('\n'), /message: dial tcp 10\.96\.41\.7:6379: connect: connection refused/);
  assert.ok(f[0]!.nextSteps[0]!.startsWith('kubectl logs worker-5d7c9b8f4-q9w2e -n shop -c worker --previous'));
});

test('pod/crash-loop after liveness kills: exit 137 is the kubelet\'s kill, not "OOM"; without liveness failures, 137 stays open', () => {
  // api-6f8b9c7d5-x2x9q (liveness.yaml), now in back-off after its last liveness kill.
  const store = load('liveness.yaml');
  const pod = store.get<Pod>('Pod', 'shop', 'api-6f8b9c7d5-x2x9q')!;
  const cs = pod.status!.containerStatuses![0]!;
  (cs as any).state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=api pod=api-6f8b9c7d5-x2x9q_shop(' + pod.metadata.uid + ')' } };
  (cs as any).ready = false;
  const f = on(runPods(store).findings, 'api-6f8b9c7d5-x2x9q', 'pod/crash-loop')[0]!;
  assert.equal(f.message, 'container api is in CrashLoopBackOff after 4 restarts; last exit code 137 (Error): killed by SIGKILL after failing its liveness probe');
  assert.doesNotMatch(f.message, /OOM/);
  assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: the liveness probe kills the container/);
  // Twin: the same exit without liveness failures (its events gone): the cause is not known, so it stays open.
  for (const e of store.list('Event', 'shop')) if ((e as any).involvedObject.name === 'api-6f8b9c7d5-x2x9q') (e as any).reason = 'Pulled';
  const g = on(runPods(store).findings, 'api-6f8b9c7d5-x2x9q', 'pod/crash-loop')[0]!;
  assert.equal(g.message, 'container api is in CrashLoopBackOff after 4 restarts; last exit code 137 (Error): killed by SIGKILL (OOM or a kill after the termination grace period)');
});

test('pod/crash-loop healthy twins: a Succeeded Job pod and the failed first attempt of a Job that then succeeded', () => {
  const { findings } = runPods(load('crash-loop.yaml'));
  assert.deepEqual(on(findings, 'data-processor-7xk2p'), []);
  assert.deepEqual(on(findings, 'data-processor-h4m9s'), []);
});

test('pods of a completed Job are exempt even while still terminating or running', () => {
  const store = load('crash-loop.yaml');
  const failed = store.get<Pod>('Pod', 'shop', 'data-processor-h4m9s')!;
  assert.equal(podExemption({ store }, failed), 'finished (failed pods are reported on their Job)');
  const stillRunning: Pod = structuredClone(failed);
  stillRunning.status!.phase = 'Running';
  assert.equal(podExemption({ store }, stillRunning), 'its Job has completed');
  const worker = store.get<Pod>('Pod', 'shop', 'worker-5d7c9b8f4-q9w2e')!;
  assert.equal(podExemption({ store }, worker), undefined);
});

test('pod/probe-port-unresolved: a named probe port the container does not declare, linked to the readiness failure it causes', () => {
  const { findings } = runPods(load('probe-port.yaml'));
  const f = on(findings, 'cache-0', 'pod/probe-port-unresolved');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'cache-0' });
  assert.match(f[0]!.message, /container redis: readinessProbe uses port "redis", which the container does not declare/);
  assert.match(f[0]!.evidence.join('\n'), /spec\.containers\{redis\}\.ports: client=6379\/TCP/);
  const r = on(findings, 'cache-0', 'pod/readiness-failing');
  assert.equal(r.length, 1);
  assert.match(r[0]!.message, /Readiness probe errored and resulted in unknown state: strconv\.Atoi: parsing "redis": invalid syntax/);
  assert.deepEqual(f[0]!.related, [{ check: 'pod/readiness-failing', object: { kind: 'Pod', namespace: 'shop', name: 'cache-0' } }]);
});

test('pod/probe-port-unresolved healthy twin: probes on a declared port name, or exec', () => {
  const { findings } = runPods(load('probe-port.yaml'));
  assert.deepEqual(on(findings, 'session-0'), []);
});

test('pod/unschedulable: PodScheduled=False/Unschedulable past the grace period, with the scheduler event (events.k8s.io shape)', () => {
  const { findings } = runPods(load('unschedulable.yaml'));
  const f = on(findings, 'db-2');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.check, 'pod/unschedulable');
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'db-2' });
  assert.match(f[0]!.message, /^not scheduled for 29m: 0\/3 nodes are available: .*2 Insufficient memory/);
  // series.lastObservedTime is the event's time; the count comes from series.count
  assert.match(f[0]!.evidence.join('\n'), /FailedScheduling ×7, last 2026-03-10 11:55:05 UTC \(4m\d*s? ago\)/);
});

test('pod/unschedulable healthy twins: inside the grace period; a pod held by a scheduling gate', () => {
  const { findings } = runPods(load('unschedulable.yaml'));
  assert.deepEqual(on(findings, 'db-3'), []);
  assert.deepEqual(on(findings, 'reindex-gated'), []);
});

test('pod/scheduler-error: SchedulerError (a node was chosen, then the Bind plugin failed) is not pod/unschedulable; advice from the refusal itself', () => {
  const { findings } = runPods(load('scheduler-error.yaml'));
  const f = on(findings, 'ledger-api-7f9c4d8b6-x2kqz');
  assert.deepEqual(f.map((x) => x.check), ['pod/scheduler-error']);
  assert.equal(f[0]!.severity, 'error');
  assert.equal(
    f[0]!.message,
    'not scheduled for 20m: a node was chosen, then binding failed: running Bind plugin "DefaultBinder": admission webhook "binding-guard.example.com" denied the request: node node-c is reserved for team payments',
  );
  const ev = f[0]!.evidence.join('\n');
  assert.match(ev, /^condition PodScheduled=False, reason SchedulerError, since 2026-03-10 11:39:41 UTC \(20m\)$/m);
  assert.match(ev, /FailedScheduling ×14, last 2026-03-10 11:58:12 UTC/);
  assert.match(ev, /the cluster autoscaler does not add nodes for it/);
  assert.equal(
    f[0]!.nextSteps[f[0]!.nextSteps.length - 1],
    'fix: admission webhook "binding-guard.example.com" refuses binding the pod to the node the scheduler chose (pods/binding): node node-c is reserved for team payments: keep the pod off the nodes it refuses (nodeSelector, affinity), or ask the owner of that admission check',
  );
  // Not a capacity problem: no advice about node resources.
  assert.doesNotMatch(f[0]!.nextSteps.join('\n'), /Allocated resources|free capacity|add nodes/);
});

test('pod/scheduler-error healthy twins: the same error for 90s (inside the grace period); a pod bound after such errors', () => {
  const { findings } = runPods(load('scheduler-error.yaml'));
  assert.deepEqual(on(findings, 'ledger-api-7f9c4d8b6-m8v4t'), []);
  assert.deepEqual(on(findings, 'ledger-api-7f9c4d8b6-q5w7n'), []);
});

test('pod/image-pull-failing: ImagePullBackOff with the registry\'s reason', () => {
  const { findings } = runPods(load('image-pull.yaml'));
  const f = on(findings, 'frontend-7b9c8d6f5-m2n4p');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.check, 'pod/image-pull-failing');
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'frontend-7b9c8d6f5-m2n4p' });
  assert.match(f[0]!.message, /cannot pull image registry\.example\.com\/shop\/frontend:v2\.3\.1: rpc error: code = NotFound .*: not found$/);
  assert.match(f[0]!.evidence.join('\n'), /imagePullSecrets: registry-example-com/);
});

test('pod/image-pull-failing healthy twin: image pulled, container running', () => {
  const { findings } = runPods(load('image-pull.yaml'));
  assert.deepEqual(on(findings, 'frontend-6c8d7e5f4-h7j8k'), []);
});

test('namespace scope: pods of other namespaces are not inspected', () => {
  const { findings } = runPods(load('readiness.yaml'), { namespace: 'other' });
  assert.deepEqual(findings, []);
});

test('pods forbidden: every pod check is recorded as skipped', () => {
  const store = loadStore(['diag/snapshot-info.yaml'], { statuses: { Pod: { state: 'forbidden', message: 'pods is forbidden' } } });
  const { findings, skipped } = runPods(store);
  assert.deepEqual(findings, []);
  assert.deepEqual(new Set(skipped.filter((s) => s.kind === 'Pod').map((s) => s.check)), new Set(checks.map((c) => c.id)));
});

test('evidence and messages are one line each', () => {
  for (const file of ['readiness.yaml', 'liveness.yaml', 'crash-loop.yaml', 'probe-port.yaml', 'unschedulable.yaml', 'image-pull.yaml', 'scheduling.yaml', 'readiness-episode.yaml', 'scheduler-error.yaml']) {
    for (const f of runPods(load(file)).findings) {
      for (const s of [f.message, ...f.evidence, ...f.nextSteps]) assert.ok(!/[\n\r\t]/.test(s), `${f.check}: ${s}`);
    }
  }
});

// ---------- issue 9: next steps chosen from the scheduler's reasons, not from the check id ----------

test('pod/unschedulable on an unbound immediate claim: pointed at the claim and its StorageClass, never at node capacity', () => {
  const { findings } = runPods(load('scheduling.yaml'));
  const f = on(findings, 'uploads-6c9f8d7b4-q7w2x', 'pod/unschedulable');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'error');
  assert.equal(f[0]!.message, 'not scheduled for 15m: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. It waits for claim uploads (Pending; StorageClass fast-ssd does not exist).');
  assert.ok(f[0]!.evidence.includes('claim uploads: Pending; StorageClass fast-ssd does not exist'));
  assert.deepEqual(f[0]!.nextSteps.slice(2), [
    'kubectl describe pvc uploads -n shop',
    'kubectl get storageclass fast-ssd -o yaml',
    'fix: this is not a node problem: the pod waits for claim uploads (Pending; StorageClass fast-ssd does not exist) to be bound; see why the claim is Pending (its events and StorageClass) and fix that',
  ]);
  for (const s of f[0]!.nextSteps) assert.doesNotMatch(s, /capacity|resource requests|nodeSelector|affinity|toleration|describe nodes/);
});

test('pod/unschedulable twin: Insufficient memory and a control-plane taint get capacity and toleration advice, no claim advice', () => {
  const { findings } = runPods(load('unschedulable.yaml'));
  const f = on(findings, 'db-2', 'pod/unschedulable')[0]!;
  assert.ok(f.evidence.includes('pod requests memory: 8Gi in postgres'));
  assert.ok(f.nextSteps.includes('kubectl describe nodes | grep -A 8 "Allocated resources"'));
  assert.ok(f.nextSteps.includes('fix: 2 nodes lack free memory for this pod (it requests 8Gi in postgres): free capacity, add nodes (or let the cluster autoscaler add them), or lower the pod\'s memory request'));
  assert.ok(f.nextSteps.includes('fix: 1 node carries taint {node-role.kubernetes.io/control-plane: }, which the pod does not tolerate: if the pod may run there, add a matching toleration to its template; otherwise it needs untainted nodes'));
  for (const s of f.nextSteps) assert.doesNotMatch(s, /claim|pvc|StorageClass/i);
});

test('pod/unschedulable: a nodeSelector no node satisfies is told to check node labels, with the keys it asks for', () => {
  const f = on(runPods(load('scheduling.yaml')).findings, 'report-gen-7d4b9c8f6-k2x8p', 'pod/unschedulable')[0]!;
  assert.ok(f.evidence.includes('spec.nodeSelector: disktype=ssd'));
  assert.ok(f.nextSteps.includes('kubectl get nodes -L disktype'));
  assert.ok(f.nextSteps.some((s) => s.startsWith("fix: 3 nodes lack the labels the pod's nodeSelector / required node affinity asks for")));
  for (const s of f.nextSteps) assert.doesNotMatch(s, /capacity|claim/);
});

test('pod/unschedulable: a volume pinned to a zone whose only node is unreachable: the PV node affinity and the node taint, not capacity', () => {
  const f = on(runPods(load('scheduling.yaml')).findings, 'ledger-0', 'pod/unschedulable')[0]!;
  assert.ok(f.evidence.includes('claim data-ledger-0: Bound; StorageClass standard; volume pvc-3d5f7b9d-1f3b-4d5f-9b9d-1f3b5d7f9b1d'));
  assert.ok(f.evidence.some((e) => e.startsWith('PersistentVolume pvc-3d5f7b9d-1f3b-4d5f-9b9d-1f3b5d7f9b1d nodeAffinity: ') && e.includes('us-east-1a')));
  assert.ok(f.nextSteps.includes("kubectl get pv pvc-3d5f7b9d-1f3b-4d5f-9b9d-1f3b5d7f9b1d -o jsonpath='{.spec.nodeAffinity}'"));
  assert.ok(f.nextSteps.some((s) => s.startsWith('fix: 1 node carries {node.kubernetes.io/unreachable: }, which the node controller sets on nodes that are not ready or under pressure: fix those nodes')));
  assert.ok(f.nextSteps.some((s) => s.startsWith("fix: 2 nodes are outside the zone/node the pod's PersistentVolumes are pinned to")));
  for (const s of f.nextSteps) assert.doesNotMatch(s, /lower the pod|add a matching toleration/);
});

test('pod/readiness-failing: "not ready for" counts from the Ready condition\'s last transition (35m), not from the container start (4 days)', () => {
  const { findings } = runPods(load('readiness-episode.yaml'));
  const f = on(findings, 'cart-5c7d9f8b6-l64nr', 'pod/readiness-failing');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'error');
  assert.deepEqual(f[0]!.object, { kind: 'Pod', namespace: 'shop', name: 'cart-5c7d9f8b6-l64nr' });
  assert.equal(f[0]!.message, 'container cart is running but not ready for 35m: Readiness probe failed: HTTP probe failed with statuscode: 503');
  assert.ok(f[0]!.evidence.includes('condition Ready=False (ContainersNotReady) since 2026-03-10 11:25:00 UTC: containers with unready status: [cart]'));
  // The fix follows the probe's answer: HTTP 503 is the application reporting itself unhealthy.
  assert.equal(f[0]!.nextSteps.at(-1), 'fix: the application answers the probe with HTTP 503: it reports itself unhealthy, usually because a dependency (database, broker, config) is missing; its logs say which (a pod that is not Ready receives no Service traffic)');
  // Twin: Ready for four days, with old warm-up failures.
  assert.deepEqual(on(findings, 'cart-5c7d9f8b6-9d2fp'), []);
});

test('probe, image-pull and crash fixes follow the kubelet\'s and registry\'s words', () => {
  const http = probeInfo({ name: 'web', ports: [{ containerPort: 8080, name: 'http' }] }, 'readiness', { httpGet: { path: '/ready', port: 'http' }, timeoutSeconds: 1 });
  assert.match(probeFix('readiness', 'Readiness probe failed: Get "http://10.244.1.7:8080/ready": dial tcp 10.244.1.7:8080: connect: connection refused', http), /^fix: nothing listens on the probed port \(http-get \/ready port http\)/);
  assert.match(probeFix('readiness', 'Readiness probe failed: HTTP probe failed with statuscode: 404', http), /^fix: the probe's path returns 404/);
  assert.match(probeFix('liveness', 'Liveness probe failed: Get "http://10.244.1.7:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', http), /^fix: the probe times out \(timeoutSeconds 1s\)/);
  const exec = probeInfo({ name: 'db' }, 'readiness', { exec: { command: ['pg_isready', '-U', 'postgres'] } });
  assert.equal(
    probeFix('readiness', 'Readiness probe failed: /var/run/postgresql:5432 - no response', exec),
    'fix: the probe command (exec pg_isready -U postgres) exits non-zero and prints "/var/run/postgresql:5432 - no response": act on that output, or run the same command in the container yourself to see all of it (a pod that is not Ready receives no Service traffic)',
  );

  const img = 'registry.example.com/shop/api:2.0.1';
  assert.match(imagePullFix('ErrImagePull', 'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/api:2.0.1": failed to resolve reference "registry.example.com/shop/api:2.0.1": unexpected status from HEAD request to https://registry.example.com/v2/shop/api/manifests/2.0.1: 401 Unauthorized', img, []), /^fix: registry\.example\.com requires credentials and the pod has no imagePullSecrets/);
  assert.match(imagePullFix('ErrImagePull', 'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/api:2.0.1": failed to resolve reference "registry.example.com/shop/api:2.0.1": unexpected status from HEAD request to https://registry.example.com/v2/shop/api/manifests/2.0.1: 401 Unauthorized', img, ['regcred']), /^fix: registry\.example\.com rejects the credentials: check that imagePullSecrets regcred hold valid credentials/);
  assert.match(imagePullFix('ErrImagePull', 'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/api:2.0.1": failed to resolve reference "registry.example.com/shop/api:2.0.1": failed to do request: Head "https://registry.example.com/v2/shop/api/manifests/2.0.1": dial tcp 203.0.113.9:443: i/o timeout', img, []), /^fix: the node cannot reach registry\.example\.com/);
  assert.match(imagePullFix('ErrImagePull', 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found', 'nginx:1.99', []), /^fix: nginx:1\.99 does not exist in docker\.io/);
  assert.match(imagePullFix('ErrImagePull', 'toomanyrequests: You have reached your pull rate limit.', 'nginx:1.27', []), /^fix: docker\.io rate-limits the pulls/);
  assert.match(imagePullFix('InvalidImageName', 'Failed to apply default image tag "Nginx:latest": couldn\'t parse image name "Nginx:latest": invalid reference format: repository name must be lowercase', 'Nginx:latest', []), /^fix: "Nginx:latest" is not a valid image reference/);

  const c = { name: 'app', resources: { limits: { memory: '256Mi' } } };
  assert.equal(crashFix({ exitCode: 137, reason: 'OOMKilled' }, false, c), "fix: the container exceeds its memory limit (256Mi): raise the limit or reduce the application's memory use");
  assert.match(crashFix({ exitCode: 127, reason: 'Error' }, false, c), /^fix: the command cannot be run \(not found\)/);
  assert.match(crashFix({ exitCode: 0, reason: 'Completed' }, false, c), /^fix: the process exits successfully and restartPolicy Always restarts it/);
  assert.match(crashFix({ exitCode: 1, reason: 'Error' }, true, c), /^fix: the liveness probe kills the container/);
});

test('schedulingReasons reads kube-scheduler\'s FailedScheduling message: node counts, pod-level reasons, the preemption note dropped', () => {
  assert.deepEqual(
    schedulingReasons('0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 2 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.'),
    [
      { kind: 'taint', text: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', nodes: 1, detail: '{node-role.kubernetes.io/control-plane: }' },
      { kind: 'resources', text: 'Insufficient cpu', nodes: 2, detail: 'cpu' },
      { kind: 'node-affinity', text: "node(s) didn't match Pod's node affinity/selector", nodes: 2 },
    ],
  );
  assert.deepEqual(schedulingReasons('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'), [
    { kind: 'unbound-claim', text: 'pod has unbound immediate PersistentVolumeClaims' },
  ]);
  assert.deepEqual(schedulingReasons('0/3 nodes are available: persistentvolumeclaim "data-db-1" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'), [
    { kind: 'claim-missing', text: 'persistentvolumeclaim "data-db-1" not found', detail: 'data-db-1' },
  ]);
  assert.deepEqual(schedulingReasons('no nodes available to schedule pods'), [{ kind: 'no-nodes', text: 'no nodes available to schedule pods' }]);
});
