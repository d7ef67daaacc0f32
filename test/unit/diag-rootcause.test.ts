// Root cause first (issue 9): findings one cause explains are grouped under
// it by the documented layer rule (diagnostics/engine.ts), never by position.
// Each scenario has its healthy twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AREAS, type AreaModule, CAUSE_LAYER, causeLayer, findingsIndex, rootCauseGroups, runDiagnostics } from '../../diagnostics/engine.js';
import { findingLines } from '../../views/diagnostics.js';
import { lineText } from '../../views/widgets/text.js';
import { catalog } from '../../diagnostics/catalog.js';
import { parseConfig } from '../../diagnostics/config.js';
import { formatJson, formatText } from '../../diagnostics/report.js';
import type { Finding, ObjectRef } from '../../diagnostics/types.js';
import { ClusterStore } from '../../src/cluster/store.js';
import * as sts from '../fixtures/statefulset/build.js';
import * as svc from '../fixtures/service/build.js';
import { ingress, ingressClass } from '../fixtures/ingress/build.js';
import * as job from '../fixtures/job/build.js';
import { forbidNotSkipping } from '../fixtures/cronjob/scenarios.js';

const id = (f: { check: string; object: ObjectRef }) => `${f.check} ${f.object.kind}/${f.object.name}`;

test('a missing StorageClass: one root cause explains the claim, the pod, the StatefulSet and the Service; the healthy twin has none', () => {
  const r = runDiagnostics(sts.makeStore(sts.storageClassMissing()), { now: sts.NOW });
  const errors = r.findings.filter((f) => f.severity === 'error');
  assert.equal(errors.length, 5, r.findings.map(id).join('\n'));
  assert.deepEqual(r.summary.rootCauses, { error: 1, warning: 0, info: 0 });
  // The cause is listed first, then what it explains, nearest first.
  assert.deepEqual(r.findings.map(id), [
    'statefulset/storageclass-missing StatefulSet/web',
    'statefulset/pvc-pending StatefulSet/web',
    'pod/unschedulable Pod/web-0',
    'service/no-ready-endpoints Service/nginx',
    'statefulset/ordinal-blocked StatefulSet/web',
  ]);
  const root = r.findings[0]!;
  assert.equal(root.rootCause, true);
  assert.equal(root.causedBy, undefined);
  for (const f of r.findings.slice(1)) {
    assert.equal(f.rootCause, false, id(f));
    assert.deepEqual(f.causedBy, [{ check: 'statefulset/storageclass-missing', object: { kind: 'StatefulSet', namespace: 'shop', name: 'web' } }], id(f));
  }
  // JSON keeps every finding and marks each.
  const j = JSON.parse(formatJson(r));
  assert.equal(j.findings.length, r.findings.length);
  assert.deepEqual(j.summary.rootCauses, { error: 1, warning: 0, info: 0 });
  assert.deepEqual(j.findings.map((f: { rootCause: boolean }) => f.rootCause), [true, false, false, false, false]);
  assert.deepEqual(j.findings[3].causedBy, [{ check: 'statefulset/storageclass-missing', object: { kind: 'StatefulSet', namespace: 'shop', name: 'web' } }]);
  assert.equal('causedBy' in j.findings[0], false);

  // Healthy twin: the StorageClass exists, the claims are Bound, the pods Ready and published by the headless Service.
  const objs = sts.healthy();
  const pods = objs.filter((o) => o.kind === 'Pod');
  const ok = runDiagnostics(sts.makeStore([...objs, ...svc.controllerSlices(objs.find((o) => o.kind === 'Service')!, pods)]), { now: sts.NOW });
  assert.deepEqual(ok.findings.filter((f) => f.severity !== 'info').map(id), []);
  assert.deepEqual(ok.summary.rootCauses, { error: 0, warning: 0, info: ok.summary.info });
});

/** Two crash-looping pods behind one Service, which an Ingress routes to. */
function crashLoopBehindIngress(healthy = false) {
  const { deploy, rs } = svc.deployment('orders', { ports: [{ name: 'http', containerPort: 8080 }], replicas: 2 }, healthy ? 2 : 0);
  const pods = ['5t6cc', 'kprk7'].map((s) => svc.pod(rs, s, { state: healthy ? 'ready' : 'crashloop', readyChangedAgo: 40 * svc.MIN }));
  const service = svc.service('orders', { selector: { app: 'orders' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  const ing = ingress('shop', { className: 'nginx', paths: [{ host: 'shop.example.com', path: '/orders', pathType: 'Prefix', service: 'orders', port: 80 }] });
  return [deploy, rs, ...pods, service, ...svc.controllerSlices(service, pods), ingressClass('nginx', { isDefault: true }), ing, svc.node('node-a'), svc.node('node-b')];
}

test('two crash-looping pods: two root causes; the Service and the Ingress in front of it are effects of both, listed once under the first', () => {
  const r = runDiagnostics(svc.makeStore(crashLoopBehindIngress()), { now: svc.NOW, graceMs: svc.GRACE });
  const roots = r.findings.filter((f) => f.rootCause);
  assert.deepEqual(roots.map(id), ['pod/crash-loop Pod/orders-7d9c6b8f5-5t6cc', 'pod/crash-loop Pod/orders-7d9c6b8f5-kprk7'], r.findings.map(id).join('\n'));
  const service = r.findings.find((f) => f.check === 'service/no-ready-endpoints')!;
  const backend = r.findings.find((f) => f.check === 'ingress/backend-no-endpoints')!;
  assert.ok(service && backend, r.findings.map(id).join('\n'));
  for (const e of [service, backend]) assert.deepEqual(e.causedBy!.map((c) => c.object.name), ['orders-7d9c6b8f5-5t6cc', 'orders-7d9c6b8f5-kprk7'], id(e));
  // Report order: root 1, its effects (Service before the Ingress: nearer layer first), root 2.
  assert.deepEqual(r.findings.map(id).slice(0, 4), [
    'pod/crash-loop Pod/orders-7d9c6b8f5-5t6cc',
    'service/no-ready-endpoints Service/orders',
    'ingress/backend-no-endpoints Ingress/shop',
    'pod/crash-loop Pod/orders-7d9c6b8f5-kprk7',
  ]);
  assert.equal(r.summary.error, 4);
  assert.deepEqual(r.summary.rootCauses, { error: 2, warning: 0, info: 0 });
  const { groups } = rootCauseGroups(r.findings);
  assert.deepEqual(groups.map((g) => [g.root.object.name, g.effects.length]), [['orders-7d9c6b8f5-5t6cc', 2], ['orders-7d9c6b8f5-kprk7', 0]]);
  // The text report folds them under the first, and the second says where they are.
  const text = formatText(r, { color: false });
  assert.match(text, /^ {6}explains 2 more findings:\n {8}error {3}service\/no-ready-endpoints on Service shop\/orders: .*\n {16}also caused by pod\/crash-loop on Pod shop\/orders-7d9c6b8f5-kprk7\n/m);
  assert.match(text, /^ {6}also explains: service\/no-ready-endpoints on Service shop\/orders \(under pod\/crash-loop on Pod shop\/orders-7d9c6b8f5-5t6cc\)$/m);
  assert.equal(text.match(/service\/no-ready-endpoints: /g), null, 'the Service is never a root cause block of its own');
  // The second pod's detail says what it explains, on a line that opens the Service.
  const idx = findingsIndex(r);
  const lines = findingLines(idx.findingsFor('Pod', 'shop', 'orders-7d9c6b8f5-kprk7'), { noColor: false, findingsFor: idx.findingsFor });
  const k = lines.findIndex((l) => lineText(l) === '      explains: service/no-ready-endpoints on Service/shop/orders');
  assert.ok(k > 0, lines.map(lineText).join('\n'));
  assert.deepEqual(lines[k]!.ref, { kind: 'Service', namespace: 'shop', name: 'orders' });
  // Without the report at hand, the same link is plainly "related".
  assert.ok(findingLines(idx.findingsFor('Pod', 'shop', 'orders-7d9c6b8f5-kprk7')).map(lineText).includes('      related: service/no-ready-endpoints on Service/shop/orders'));

  const ok = runDiagnostics(svc.makeStore(crashLoopBehindIngress(true)), { now: svc.NOW, graceMs: svc.GRACE });
  assert.deepEqual(ok.findings.filter((f) => f.severity !== 'info').map(id), []);
});

test('a probe on an undeclared port explains the same pod\'s readiness failure (configuration before state)', () => {
  const p = (() => {
    const { rs } = svc.deployment('notifications', { ports: [{ name: 'http', containerPort: 8080 }] });
    const pod = svc.pod(rs, 'pqgq7', { state: 'readiness-failing', readyChangedAgo: 30 * svc.MIN });
    return { rs, pod };
  })();
  // A readiness probe on port name "health", which no container declares.
  const c = (p.pod.spec as any).containers[0];
  c.readinessProbe = { httpGet: { path: '/healthz', port: 'health' }, periodSeconds: 10, failureThreshold: 3 };
  const r = runDiagnostics(svc.makeStore([p.rs, p.pod, svc.node('node-a')]), { now: svc.NOW, graceMs: svc.GRACE });
  const probe = r.findings.find((f) => f.check === 'pod/probe-port-unresolved');
  const ready = r.findings.find((f) => f.check === 'pod/readiness-failing');
  assert.ok(probe && ready, r.findings.map(id).join('\n'));
  assert.ok(ready.related?.some((x) => x.check === 'pod/probe-port-unresolved'), 'the pod area links them');
  assert.equal(probe.rootCause, true);
  assert.equal(ready.rootCause, false);
  assert.deepEqual(ready.causedBy?.map((x) => x.check), ['pod/probe-port-unresolved']);
  assert.deepEqual(r.findings.map(id), [id(probe), id(ready)]);
  assert.deepEqual(r.summary.rootCauses, { error: 1, warning: 0, info: 0 });
});

test('a quota event: the Job whose pods cannot be created explains why its Forbid CronJob skips runs (two findings, one root cause); the healthy twin has neither', () => {
  const at = job.NOW - 2 * job.HOUR;
  const cj = job.cronJob({ name: 'hourly-sync', schedule: '0 * * * *', concurrencyPolicy: 'Forbid', timeZone: 'UTC', lastScheduleTime: at });
  const j = job.jobFor(cj, at, { outcome: 'pending', start: at + 2 * job.SEC });
  (j.status as Record<string, unknown>).active = 0;
  (cj.status as Record<string, unknown>).active = [{ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: 'shop', uid: j.metadata.uid }];
  const objs = [
    cj,
    j,
    job.event(j, 'FailedCreate', `Error creating: pods "${j.metadata.name}-q8z2k" is forbidden: exceeded quota: compute-quota, requested: requests.memory=4Gi, used: requests.memory=14Gi, limited: requests.memory=16Gi`, { type: 'Warning', count: 9, first: at, last: job.NOW - 2 * job.MIN }),
    job.event(cj, 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', { count: 2, first: at + job.HOUR, last: at + 2 * job.HOUR }),
  ];
  const r = runDiagnostics(sts.makeStore(objs), { now: job.NOW });
  assert.deepEqual(r.findings.map(id), [`job/stuck-pending Job/${j.metadata.name}`, 'cronjob/forbid-skipping CronJob/hourly-sync'], r.findings.map(id).join('\n'));
  assert.match(r.findings[0]!.message, /cannot create them/);
  assert.deepEqual(r.findings.map((f) => f.rootCause), [true, false]);
  assert.deepEqual(r.summary.rootCauses, { error: 0, warning: 1, info: 0 });
  assert.equal(r.summary.warning, 2);

  const ok = runDiagnostics(sts.makeStore(forbidNotSkipping()), { now: job.NOW });
  assert.deepEqual(ok.findings.filter((f) => f.severity !== 'info').map(id), []);
});

// ---------- the rule itself, with an area of our own ----------

const ref = (kind: string, name: string): ObjectRef => ({ kind, namespace: 'shop', name });
function f(check: string, severity: Finding['severity'], o: ObjectRef, related: { check: string; object: ObjectRef }[] = []): Finding {
  return { check, severity, object: o, message: `${check} on ${o.name}`, evidence: [], nextSteps: [], ...(related.length ? { related } : {}) };
}
function area(findings: Finding[]): AreaModule {
  return { area: 'pod', checks: [...new Set(findings.map((x) => x.check))].map((c) => ({ id: c, severity: 'error' as const, area: 'pod' as const, title: c })), run: () => findings.map((x) => structuredClone(x)) };
}
const empty = () => new ClusterStore({ source: 'snapshot' });

test('links that form a cycle: explanation still flows from the lowest layer, every finding is placed once, and the run ends', () => {
  const pod = ref('Pod', 'orders-1');
  const s = ref('Service', 'orders');
  const ing = ref('Ingress', 'shop');
  // crash-loop → Service → Ingress → back to the crash loop, and the Ingress ↔ Service again.
  const fs = [
    f('pod/crash-loop', 'error', pod, [{ check: 'service/no-ready-endpoints', object: s }]),
    f('service/no-ready-endpoints', 'error', s, [{ check: 'ingress/backend-no-endpoints', object: ing }]),
    f('ingress/backend-no-endpoints', 'error', ing, [{ check: 'pod/crash-loop', object: pod }, { check: 'service/no-ready-endpoints', object: s }]),
  ];
  const r = runDiagnostics(empty(), { now: 0, areas: [area(fs)] });
  assert.deepEqual(r.findings.map(id), ['pod/crash-loop Pod/orders-1', 'service/no-ready-endpoints Service/orders', 'ingress/backend-no-endpoints Ingress/shop']);
  assert.deepEqual(r.findings.map((x) => x.rootCause), [true, false, false]);
  assert.deepEqual(r.findings[2]!.causedBy!.map((c) => c.check), ['pod/crash-loop']);
  assert.deepEqual(r.summary.rootCauses, { error: 1, warning: 0, info: 0 });
});

test('findings on the same layer do not explain each other: two Ingresses in a path conflict are two root causes', () => {
  const a = ref('Ingress', 'blog');
  const b = ref('Ingress', 'blog-v2');
  const fs = [f('ingress/path-conflict', 'warning', a, [{ check: 'ingress/path-conflict', object: b }]), f('ingress/path-conflict', 'warning', b, [{ check: 'ingress/path-conflict', object: a }])];
  const r = runDiagnostics(empty(), { now: 0, areas: [area(fs)] });
  assert.deepEqual(r.findings.map((x) => x.rootCause), [true, true]);
  assert.deepEqual(r.summary.rootCauses, { error: 0, warning: 2, info: 0 });
  // Still linked, and the text report shows the link.
  assert.match(formatText(r, { color: false }), /related: ingress\/path-conflict on Ingress shop\/blog-v2/);
});

test('a root cause is counted at the worst severity of what it explains, and sorts with it', () => {
  const st = ref('StatefulSet', 'zk');
  const s = ref('Service', 'zk-hs');
  const other = ref('Service', 'api');
  const fs = [
    f('service/no-endpoints-selectorless', 'warning', other),
    f('statefulset/service-selector-mismatch', 'warning', st, [{ check: 'service/no-matching-pods', object: s }]),
    f('service/no-matching-pods', 'error', s, [{ check: 'statefulset/service-selector-mismatch', object: st }]),
  ];
  const r = runDiagnostics(empty(), { now: 0, areas: [area(fs)] });
  assert.deepEqual(r.findings.map(id), ['statefulset/service-selector-mismatch StatefulSet/zk', 'service/no-matching-pods Service/zk-hs', 'service/no-endpoints-selectorless Service/api']);
  assert.deepEqual(r.summary.rootCauses, { error: 1, warning: 1, info: 0 });
  assert.equal(r.findings[0]!.severity, 'warning', 'the finding keeps its own severity');
  const text = formatText(r, { color: false });
  assert.match(text, /^error: 1 root cause \(2 findings\)$/m);
  assert.match(text, /^ {4}statefulset\/service-selector-mismatch \(warning\): /m);
  assert.match(text, /^ {6}explains 1 more finding:\n {8}error {3}service\/no-matching-pods on Service shop\/zk-hs: /m);
});

test('suppressing the root cause makes the next finding in the chain the root cause', () => {
  const config = parseConfig('exclude:\n  - check: statefulset/storageclass-missing\n', '.k8stui.yaml', catalog().map((c) => c.id));
  const r = runDiagnostics(sts.makeStore(sts.storageClassMissing()), { now: sts.NOW, config });
  assert.equal(r.summary.suppressed, 1);
  assert.deepEqual(r.findings.filter((x) => x.rootCause).map(id), ['statefulset/pvc-pending StatefulSet/web']);
  for (const x of r.findings.filter((y) => !y.rootCause)) assert.deepEqual(x.causedBy!.map((c) => c.check), ['statefulset/pvc-pending']);
});

test('every check in the catalog has a documented place in the cause order', () => {
  for (const c of catalog()) assert.ok(c.id in CAUSE_LAYER, `${c.id} has no layer in CAUSE_LAYER (diagnostics/engine.ts)`);
  for (const a of AREAS) for (const c of a.checks) assert.equal(typeof causeLayer(c.id), 'number');
  // An unknown id still gets one: a pod's state for pod checks, an owner's view otherwise.
  assert.equal(causeLayer('pod/oom-killed'), 20);
  assert.equal(causeLayer('job/something-new'), 30);
});

test('the demo: fewer root causes than findings, every effect names root causes present in the report, every root cause comes before its effects', async () => {
  const { openSnapshot } = await import('../../src/cluster/snapshot.js');
  const path = await import('node:path');
  const { store } = await openSnapshot(path.resolve('examples', 'demo-cluster'), 'demo');
  const r = runDiagnostics(store, { now: Date.parse('2026-11-20T10:30:00Z') });
  const rc = r.summary.rootCauses!;
  assert.ok(rc.error < r.summary.error, `${rc.error} root-cause errors < ${r.summary.error} errors`);
  const pos = new Map(r.findings.map((x, i) => [`${x.check}|${x.object.kind}/${x.object.namespace}/${x.object.name}`, i]));
  for (const [i, x] of r.findings.entries()) {
    if (x.rootCause) continue;
    assert.ok(x.causedBy?.length, id(x));
    const at = x.causedBy!.map((c) => pos.get(`${c.check}|${c.object.kind}/${c.object.namespace}/${c.object.name}`));
    for (const [k, a] of at.entries()) {
      assert.ok(a !== undefined, `${id(x)} caused by ${id(x.causedBy![k]!)}, which is in the report`);
      assert.equal(r.findings[a]!.rootCause, true);
    }
    // Listed under the first of its root causes, after it.
    assert.ok(Math.min(...(at as number[])) < i, `${id(x)} comes after a root cause of it`);
  }
  // The StorageClass cascade of the demo's StatefulSet es.
  const es = r.findings.find((x) => x.check === 'statefulset/storageclass-missing' && x.object.name === 'es')!;
  assert.equal(es.rootCause, true);
  const explained = r.findings.filter((x) => x.causedBy?.some((c) => c.check === es.check && c.object.name === 'es')).map(id);
  assert.deepEqual(explained.sort(), ['pod/unschedulable Pod/es-0', 'service/no-ready-endpoints Service/es-hs', 'statefulset/ordinal-blocked StatefulSet/es', 'statefulset/pvc-pending StatefulSet/es']);
});

test('a governing Service whose selector misses its StatefulSet\'s pods (a typo): the StatefulSet\'s selector-mismatch explains the Service\'s no-matching-pods, one root cause; with the selector right, neither', () => {
  const withSelector = (selector: Record<string, string>) => [...sts.healthy().filter((o) => o.kind !== 'Service'), sts.service('nginx', { headless: true, selector })];
  const r = runDiagnostics(sts.makeStore(withSelector({ app: 'ngnix' })), { now: sts.NOW });
  assert.deepEqual(r.findings.map(id), ['statefulset/service-selector-mismatch StatefulSet/web', 'service/no-matching-pods Service/nginx'], r.findings.map(id).join('\n'));
  assert.deepEqual(r.findings.map((f) => f.rootCause), [true, false]);
  assert.deepEqual(r.findings[1]!.causedBy, [{ check: 'statefulset/service-selector-mismatch', object: { kind: 'StatefulSet', namespace: 'shop', name: 'web' } }]);
  // Counted once, at the worst severity of the group (the Service's error).
  assert.deepEqual(r.summary.rootCauses, { error: 1, warning: 0, info: 0 });

  const good = withSelector({ app: 'nginx' });
  good.push(...svc.controllerSlices(good.find((o) => o.kind === 'Service')!, good.filter((o) => o.kind === 'Pod')));
  const ok = runDiagnostics(sts.makeStore(good), { now: sts.NOW });
  assert.deepEqual(ok.findings.filter((f) => f.severity !== 'info').map(id), []);
});
