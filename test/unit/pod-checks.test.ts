// Pod and health-check diagnostics: for every check a fixture with the problem
// (exact id, severity, object) and healthy twins that must not produce it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, checks, podExemption } from '../../diagnostics/pod.js';
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

test('catalog: six pod checks, all error by default, ids in the pod/ namespace', () => {
  assert.deepEqual(
    checks.map((c) => c.id),
    ['pod/readiness-failing', 'pod/liveness-failing', 'pod/crash-loop', 'pod/probe-port-unresolved', 'pod/unschedulable', 'pod/image-pull-failing'],
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
  for (const file of ['readiness.yaml', 'liveness.yaml', 'crash-loop.yaml', 'probe-port.yaml', 'unschedulable.yaml', 'image-pull.yaml']) {
    for (const f of runPods(load(file)).findings) {
      for (const s of [f.message, ...f.evidence, ...f.nextSteps]) assert.ok(!/[\n\r\t]/.test(s), `${f.check}: ${s}`);
    }
  }
});
