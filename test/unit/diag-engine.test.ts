// The diagnostics engine: areas registry, scope, sorting, summary, linking,
// suppression (config globs, annotation), severity overrides, --check,
// access/partial, and the findings index the views use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AREAS, type AreaModule, diagnosticsFor, findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import { catalog, duplicateIds, validateCheckIds } from '../../diagnostics/catalog.js';
import { parseConfig } from '../../diagnostics/config.js';
import type { Finding } from '../../diagnostics/types.js';
import type { Pod } from '../../src/model/types.js';
import { ClusterStore } from '../../src/cluster/store.js';
import { at, loadStore } from '../fixtures/diag/load.js';

const NOW = at('2026-03-10T12:00:00Z');
const POD_FILES = ['pod/readiness.yaml', 'pod/liveness.yaml', 'pod/crash-loop.yaml', 'pod/probe-port.yaml', 'pod/unschedulable.yaml', 'pod/image-pull.yaml'];
const all = () => loadStore(['diag/snapshot-info.yaml', ...POD_FILES]);

/** Every id issue 5 fixes; the catalog may hold only these. */
const ISSUE_IDS = [
  'statefulset/service-missing', 'statefulset/no-governing-service', 'statefulset/service-not-headless', 'statefulset/service-selector-mismatch',
  'statefulset/ordinal-blocked', 'statefulset/rollout-stuck', 'statefulset/update-held-by-partition', 'statefulset/ondelete-pending',
  'statefulset/storageclass-missing', 'statefulset/pvc-pending', 'statefulset/orphaned-pvc', 'statefulset/probes-missing',
  'cronjob/schedule-invalid', 'cronjob/schedule-timezone-prefix', 'cronjob/timezone-invalid', 'cronjob/timezone-unset', 'cronjob/missed-runs',
  'cronjob/too-many-missed', 'cronjob/forbid-skipping', 'cronjob/replace-interrupting', 'cronjob/last-run-failed', 'cronjob/suspended',
  'cronjob/history-disabled', 'job/failed', 'job/stuck-pending', 'job/no-ttl', 'job/restart-policy-always',
  'service/no-matching-pods', 'service/no-ready-endpoints', 'service/some-endpoints-not-ready', 'service/target-port-unresolved',
  'service/no-endpoints-selectorless', 'service/loadbalancer-pending', 'service/loadbalancer-sync-failed', 'service/lb-annotations-ignored',
  'service/external-traffic-local-imbalance',
  'ingress/class-missing', 'ingress/no-address', 'ingress/backend-service-missing', 'ingress/backend-port-missing', 'ingress/backend-no-endpoints',
  'ingress/tls-secret-missing', 'ingress/tls-secret-wrong-type', 'ingress/tls-cert-expired', 'ingress/tls-cert-expiring', 'ingress/tls-host-not-covered',
  'ingress/path-conflict',
  'pod/readiness-failing', 'pod/liveness-failing', 'pod/crash-loop', 'pod/probe-port-unresolved', 'pod/unschedulable', 'pod/image-pull-failing',
  // Split from pod/unschedulable (kube-scheduler's SchedulerError is not Unschedulable: schedule_one.go).
  'pod/scheduler-error',
  'access/partial',
];

const ref = (kind: string, namespace: string | undefined, name: string) => ({ kind, namespace, name });
function fake(id: string, severity: Finding['severity'], kind: string, namespace: string | undefined, name: string): Finding {
  return { check: id, severity, object: ref(kind, namespace, name), message: `${id} on ${name}`, evidence: [], nextSteps: [] };
}

test('catalog: ids unique, every id is one issue 5 fixes, every registered area contributes, pod and access present', () => {
  const ids = catalog().map((c) => c.id);
  assert.deepEqual(duplicateIds(), []);
  for (const id of ids) assert.ok(ISSUE_IDS.includes(id), `unexpected check id ${id}`);
  for (const a of AREAS) {
    assert.ok(a.checks.length > 0, a.area);
    for (const c of a.checks) assert.equal(c.id.split('/')[0], c.area === 'job' ? 'job' : c.area);
  }
  for (const id of ['pod/readiness-failing', 'pod/image-pull-failing', 'access/partial']) assert.ok(ids.includes(id));
  assert.equal(validateCheckIds(['pod/crash-loop', 'service/*']), undefined);
  assert.equal(validateCheckIds(['pod/crashloop']), 'unknown check id pod/crashloop');
  assert.equal(validateCheckIds(['nothing/*']), 'unknown check id nothing/*');
});

test('sorting: severity first, then namespace, kind, name, check; summary counts severities and distinct objects', () => {
  const area: AreaModule = {
    area: 'pod',
    checks: [{ id: 'fake/a', severity: 'info', area: 'pod', title: 'a' }, { id: 'fake/b', severity: 'error', area: 'pod', title: 'b' }, { id: 'fake/c', severity: 'warning', area: 'pod', title: 'c' }],
    run: () => [
      fake('fake/a', 'info', 'Pod', 'b', 'x'),
      fake('fake/c', 'warning', 'Service', 'a', 'web'),
      fake('fake/b', 'error', 'Pod', 'b', 'x'),
      fake('fake/b', 'error', 'Pod', 'a', 'z'),
      fake('fake/a', 'info', 'Pod', 'a', 'z'),
      fake('fake/b', 'error', 'Job', 'a', 'z'),
    ],
  };
  const r = runDiagnostics(new ClusterStore({ source: 'snapshot' }), { now: NOW, areas: [area] });
  assert.deepEqual(
    r.findings.map((f) => `${f.severity} ${f.object.namespace}/${f.object.kind}/${f.object.name} ${f.check}`),
    ['error a/Job/z fake/b', 'error a/Pod/z fake/b', 'error b/Pod/x fake/b', 'warning a/Service/web fake/c', 'info a/Pod/z fake/a', 'info b/Pod/x fake/a'],
  );
  assert.deepEqual(r.summary, { error: 3, warning: 1, info: 2, suppressed: 0, objects: 4, rootCauses: { error: 3, warning: 1, info: 2 } });
  assert.ok(r.findings.every((f) => f.rootCause === true && f.causedBy === undefined), 'nothing links them: each is a root cause');
  assert.equal(r.evaluatedAt, '2026-03-10T12:00:00.000Z');
});

test('namespace scope: findings outside the namespace are dropped even if an area returns them; cluster-scoped ones stay', () => {
  const area: AreaModule = {
    area: 'ingress',
    checks: [{ id: 'fake/x', severity: 'error', area: 'ingress', title: 'x' }],
    run: (ctx) => {
      assert.equal(ctx.namespace, 'shop');
      return [fake('fake/x', 'error', 'Pod', 'shop', 'a'), fake('fake/x', 'error', 'Pod', 'other', 'b'), fake('fake/x', 'error', 'IngressClass', undefined, 'nginx')];
    },
  };
  const r = runDiagnostics(new ClusterStore({ source: 'snapshot' }), { now: NOW, namespace: 'shop', areas: [area] });
  assert.deepEqual(r.findings.map((f) => f.object.name), ['nginx', 'a']);
  assert.equal(r.source.namespace, 'shop');
  // With the real areas too: nothing from the pod fixtures is in "other".
  assert.equal(runDiagnostics(all(), { now: NOW, namespace: 'other' }).findings.filter((f) => f.check !== 'access/partial').length, 0);
});

test('an area that throws does not take the others down; the error is reported', () => {
  const bad: AreaModule = { area: 'job', checks: [{ id: 'fake/bad', severity: 'error', area: 'job', title: '' }], run: () => { throw new Error('boom'); } };
  const good: AreaModule = { area: 'pod', checks: [{ id: 'fake/ok', severity: 'info', area: 'pod', title: '' }], run: () => [fake('fake/ok', 'info', 'Pod', 'a', 'p')] };
  const r = runDiagnostics(new ClusterStore({ source: 'snapshot' }), { now: NOW, areas: [bad, good] });
  assert.deepEqual(r.errors, ['job checks failed: boom']);
  assert.equal(r.findings.length, 1);
});

test('the pod fixtures through the real engine: exactly the expected findings, errors first', () => {
  const r = runDiagnostics(all(), { now: NOW });
  assert.deepEqual(r.errors, []);
  const got = r.findings.filter((f) => f.object.kind === 'Pod').map((f) => `${f.check} ${f.object.name}`);
  assert.deepEqual(got.sort(), [
    'pod/crash-loop worker-5d7c9b8f4-q9w2e',
    'pod/image-pull-failing frontend-7b9c8d6f5-m2n4p',
    'pod/liveness-failing api-6f8b9c7d5-x2x9q',
    'pod/probe-port-unresolved cache-0',
    'pod/readiness-failing cache-0',
    'pod/readiness-failing web-0',
    'pod/unschedulable db-2',
  ]);
  const ranks = r.findings.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
  assert.deepEqual(ranks, [...ranks].sort());
});

test('--check and --exclude-check (ids and globs)', () => {
  const only = runDiagnostics(all(), { now: NOW, checks: ['pod/crash-loop', 'pod/unschedulable'] });
  assert.deepEqual(only.findings.map((f) => f.check).sort(), ['pod/crash-loop', 'pod/unschedulable']);
  const globbed = runDiagnostics(all(), { now: NOW, checks: ['pod/*'], excludeChecks: ['pod/readiness-failing', 'pod/probe-*'] });
  assert.deepEqual([...new Set(globbed.findings.map((f) => f.check))].sort(), ['pod/crash-loop', 'pod/image-pull-failing', 'pod/liveness-failing', 'pod/unschedulable']);
});

test('suppression by config: glob on namespace and name; counted in summary.suppressed', () => {
  const config = parseConfig('exclude:\n  - check: pod/*\n    namespace: sh*\n    name: web-?\n  - name: "*-gated"\n', '.k8stui.yaml', catalog().map((c) => c.id));
  const r = runDiagnostics(all(), { now: NOW, config });
  assert.equal(r.findings.some((f) => f.object.name === 'web-0'), false);
  assert.deepEqual(r.suppressedFindings.map((f) => `${f.check} ${f.object.name}`), ['pod/readiness-failing web-0']);
  assert.equal(r.summary.suppressed, 1);
  assert.equal(r.summary.error, 6);
  // A namespace glob that does not match suppresses nothing.
  const other = parseConfig('exclude:\n  - check: pod/*\n    namespace: kube-*\n', 'x.yaml');
  assert.equal(runDiagnostics(all(), { now: NOW, config: other }).summary.suppressed, 0);
});

test('suppression by the object annotation k8stui.dev/ignore', () => {
  const store = all();
  const pod = structuredClone(store.get<Pod>('Pod', 'shop', 'cache-0')!);
  pod.metadata.annotations = { 'k8stui.dev/ignore': 'pod/probe-port-unresolved, service/no-matching-pods' };
  store.upsert('Pod', pod);
  const r = runDiagnostics(store, { now: NOW });
  const cache = r.findings.filter((f) => f.object.name === 'cache-0').map((f) => f.check);
  assert.deepEqual(cache, ['pod/readiness-failing']);
  assert.equal(r.summary.suppressed, 1);
  assert.equal(r.suppressedFindings[0]!.check, 'pod/probe-port-unresolved');
  // the surviving finding no longer links to the suppressed one
  assert.equal(r.findings.find((f) => f.object.name === 'cache-0')!.related, undefined);
});

test('severity override from the config changes the finding and the counts', () => {
  const config = parseConfig('severity:\n  pod/crash-loop: warning\n  pod/unsched*: info\n', '.k8stui.yaml', catalog().map((c) => c.id));
  const r = runDiagnostics(all(), { now: NOW, config });
  assert.equal(r.findings.find((f) => f.check === 'pod/crash-loop')!.severity, 'warning');
  assert.equal(r.findings.find((f) => f.check === 'pod/unschedulable')!.severity, 'info');
  assert.equal(r.summary.error, 5);
  assert.equal(r.summary.warning, 1);
  // warnings sort after errors
  const idx = r.findings.findIndex((f) => f.check === 'pod/crash-loop');
  assert.ok(r.findings.slice(0, idx).every((f) => f.severity === 'error'));
});

test('grace period: from the options, else the config, else 5 minutes', () => {
  const store = all();
  assert.equal(runDiagnostics(store, { now: NOW }).findings.some((f) => f.object.name === 'web-2'), false);
  const cfg = parseConfig('gracePeriod: 90s\n', '.k8stui.yaml');
  assert.equal(runDiagnostics(store, { now: NOW, config: cfg }).findings.some((f) => f.object.name === 'web-2'), true);
  assert.equal(runDiagnostics(store, { now: NOW, config: cfg, graceMs: 10 * 60_000 }).findings.some((f) => f.object.name === 'web-2'), false);
});

test('access/partial: Services forbidden yields no missing-Service finding, and names the skipped checks', () => {
  const files = ['diag/snapshot-info.yaml', 'pod/readiness.yaml', 'diag/web-sts.yaml'];
  const open = loadStore(files);
  // Control: readable Services, and the governing Service exists: no service-missing.
  assert.equal(runDiagnostics(open, { now: NOW }).findings.some((f) => f.check === 'statefulset/service-missing'), false);
  const store = loadStore(files, { statuses: { Service: { state: 'forbidden', message: 'services is forbidden: User "dev" cannot list resource "services" in API group "" at the cluster scope' } } });
  store.replace('Service', []); // what a live source holds when the list was refused
  const r = runDiagnostics(store, { now: NOW });
  assert.equal(r.findings.some((f) => f.check === 'statefulset/service-missing' || f.check.startsWith('service/')), false);
  const acc = r.findings.filter((f) => f.check === 'access/partial');
  assert.equal(acc.length, 1);
  assert.equal(acc[0]!.severity, 'info');
  assert.deepEqual(acc[0]!.object, { kind: 'Resource', name: 'services' });
  assert.match(acc[0]!.message, /^services forbidden \(403\): not read at all; skipped \d+ checks: /);
  assert.ok(acc[0]!.evidence.some((e) => e.startsWith('API server: services is forbidden')), acc[0]!.evidence.join('\n'));
  // Checks skipped for the same reason share one line.
  const skippedIds = acc[0]!.evidence.filter((e) => e.startsWith('skipped ')).flatMap((e) => e.split(': ')[0]!.slice('skipped '.length).split(', '));
  assert.ok(skippedIds.includes('service/no-matching-pods'), skippedIds.join());
  if (AREAS.some((a) => a.area === 'statefulset')) assert.ok(skippedIds.includes('statefulset/service-missing'), skippedIds.join());
  assert.ok(acc[0]!.nextSteps.includes('kubectl auth can-i list services -A'));
});

test('access/partial: a kind absent from a snapshot is only reported when a check needed it; --check keeps the explanation', () => {
  const store = loadStore(['pod/readiness.yaml']); // no SnapshotInfo: kinds without objects are "absent"
  const r = runDiagnostics(store, { now: NOW });
  const acc = r.findings.filter((f) => f.check === 'access/partial').map((f) => f.object.name);
  assert.ok(!acc.includes('deployments.apps'), 'no check needs Deployments');
  assert.ok(!acc.includes('pods'));
  // Only a pod check asked for, pods forbidden: the report says why it is empty.
  const forbidden = loadStore(['diag/snapshot-info.yaml'], { statuses: { Pod: { state: 'forbidden', message: 'pods is forbidden' } } });
  const only = runDiagnostics(forbidden, { now: NOW, checks: ['pod/crash-loop'] });
  assert.deepEqual(only.findings.map((f) => `${f.check} ${f.object.name}`), ['access/partial pods']);
  assert.match(only.findings[0]!.message, /skipped 1 check: pod\/crash-loop/);
  assert.equal(runDiagnostics(forbidden, { now: NOW, checks: ['pod/crash-loop'], excludeChecks: ['access/partial'] }).findings.length, 0);
});

test('access/partial: a kind readable only in some namespaces is fine within one of them', () => {
  const st = { Secret: { state: 'partial' as const, namespaces: ['shop'], message: 'forbidden cluster-wide' } };
  const scoped = runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'pod/readiness.yaml'], { statuses: st }), { now: NOW, namespace: 'shop' });
  assert.equal(scoped.findings.some((f) => f.check === 'access/partial' && f.object.name === 'secrets'), false);
  const wide = runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'pod/readiness.yaml'], { statuses: st }), { now: NOW });
  const f = wide.findings.find((x) => x.check === 'access/partial' && x.object.name === 'secrets');
  assert.ok(f);
  assert.match(f.message, /readable only in namespace shop/);
});

test('linking: a pod finding and the Service finding about its readiness reference each other', () => {
  const r = runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'pod/readiness.yaml', 'diag/web-sts.yaml']), { now: NOW });
  const pod = r.findings.find((f) => f.check === 'pod/readiness-failing' && f.object.name === 'web-0')!;
  const svc = r.findings.find((f) => f.object.kind === 'Service' && f.object.name === 'nginx' && (f.check === 'service/some-endpoints-not-ready' || f.check === 'service/no-ready-endpoints'));
  assert.ok(svc, r.findings.map((f) => f.check).join());
  assert.ok(svc.related?.some((x) => x.check === 'pod/readiness-failing' && x.object.name === 'web-0'));
  assert.ok(pod.related?.some((x) => x.check === svc.check && x.object.kind === 'Service' && x.object.name === 'nginx'));
  // configuration findings on the owner are not linked to pods
  for (const f of r.findings.filter((x) => x.object.kind === 'StatefulSet' && x.check === 'statefulset/probes-missing')) {
    assert.equal(f.related?.some((x) => x.object.kind === 'Pod') ?? false, false);
  }
  // every link points at a finding in the report, and is reciprocal
  const keys = new Set(r.findings.map((f) => `${f.check}|${f.object.kind}/${f.object.namespace}/${f.object.name}`));
  for (const f of r.findings) {
    for (const rel of f.related ?? []) {
      assert.ok(keys.has(`${rel.check}|${rel.object.kind}/${rel.object.namespace}/${rel.object.name}`), `dangling ${rel.check}`);
      const back = r.findings.find((o) => o.check === rel.check && o.object.name === rel.object.name && o.object.kind === rel.object.kind)!;
      assert.ok(back.related?.some((x) => x.check === f.check && x.object.name === f.object.name), `not reciprocal: ${f.check} → ${rel.check}`);
    }
  }
});

test('linking: links an area sets to findings that are not in the report are dropped', () => {
  const area: AreaModule = {
    area: 'statefulset',
    checks: [{ id: 'fake/owner', severity: 'error', area: 'statefulset', title: '' }],
    run: () => [{ ...fake('fake/owner', 'error', 'StatefulSet', 'a', 's'), related: [{ check: 'pod/readiness-failing', object: ref('Pod', 'a', 's-0') }] }],
  };
  const r = runDiagnostics(new ClusterStore({ source: 'snapshot' }), { now: NOW, areas: [area] });
  assert.equal(r.findings[0]!.related, undefined);
});

test('findingsIndex: lookup by object, worst severity first, memoized per report', () => {
  const r = runDiagnostics(all(), { now: NOW });
  const idx = findingsIndex(r);
  assert.equal(findingsIndex(r), idx);
  assert.deepEqual(idx.findingsFor('Pod', 'shop', 'cache-0').map((f) => f.check), ['pod/probe-port-unresolved', 'pod/readiness-failing']);
  assert.equal(idx.worst('Pod', 'shop', 'worker-5d7c9b8f4-q9w2e'), 'error');
  assert.deepEqual(idx.findingsFor('Pod', 'shop', 'web-1'), []);
  assert.equal(idx.worst('Pod', 'shop', 'web-1'), undefined);
});

test('diagnosticsFor: one report per store version, scope and time', () => {
  const store = all();
  const a = diagnosticsFor(store, { now: NOW });
  assert.equal(diagnosticsFor(store, { now: NOW }), a);
  assert.notEqual(diagnosticsFor(store, { now: NOW + 1000 }), a);
  const b = diagnosticsFor(store, { now: NOW });
  store.remove('Pod', { metadata: { namespace: 'shop', name: 'web-0' } });
  const c = diagnosticsFor(store, { now: NOW });
  assert.notEqual(c, b);
  assert.equal(c.findings.some((f) => f.object.name === 'web-0'), false);
});

test('a clean cluster (healthy StatefulSet, Services with ready endpoints) yields no error and no warning', () => {
  const r = runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'diag/clean.yaml']), { now: NOW });
  assert.deepEqual(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.check} ${f.object.name}: ${f.message}`), []);
  assert.deepEqual(r.errors, []);
});

test('running twice gives the same report; the engine does not mutate what the areas return', () => {
  const shared: Finding = { ...fake('fake/x', 'error', 'Pod', 'a', 'p') };
  const area: AreaModule = { area: 'pod', checks: [{ id: 'fake/x', severity: 'error', area: 'pod', title: '' }], run: () => [shared] };
  const config = parseConfig('severity:\n  fake/x: info\n', 'c.yaml');
  const r = runDiagnostics(new ClusterStore({ source: 'snapshot' }), { now: NOW, areas: [area], config });
  assert.equal(r.findings[0]!.severity, 'info');
  assert.equal(shared.severity, 'error');
  const store = all();
  assert.deepEqual(JSON.parse(JSON.stringify(runDiagnostics(store, { now: NOW }).findings)), JSON.parse(JSON.stringify(runDiagnostics(store, { now: NOW }).findings)));
});

test('linking: a Job stuck on an unschedulable pod and the pod finding name each other', () => {
  const r = runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'diag/job-pending.yaml']), { now: NOW });
  const pod = r.findings.find((f) => f.check === 'pod/unschedulable' && f.object.name === 'reindex-orders-8kq2v');
  assert.ok(pod, r.findings.map((f) => f.check).join());
  if (!AREAS.some((a) => a.area === 'job')) return;
  const job = r.findings.find((f) => f.check === 'job/stuck-pending' && f.object.name === 'reindex-orders');
  assert.ok(job, r.findings.map((f) => f.check).join());
  assert.deepEqual(job.related, [{ check: 'pod/unschedulable', object: { kind: 'Pod', namespace: 'shop', name: 'reindex-orders-8kq2v' } }]);
  assert.deepEqual(pod.related, [{ check: 'job/stuck-pending', object: { kind: 'Job', namespace: 'shop', name: 'reindex-orders' } }]);
});
