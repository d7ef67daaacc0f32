// :svc — the list (columns, widths 80 and 160) and the detail tree, as pure
// functions and through the shell (ink-testing-library).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { ViewCtx } from '../../views/types.js';
import { lineText } from '../../views/widgets/text.js';
import { fitCell, layoutColumns } from '../../views/widgets/layout.js';
import { servicesView, treeLines, node } from '../../views/services.js';
import { allViews } from '../../views/registry.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import type { Service } from '../../src/model/service.js';
import { KEYS, renderWithProviders } from './helpers.js';
import { MIN, NOW, controllerSlices, deployment, healthyWeb, loadYaml, makeStore, pod, service, slice } from '../fixtures/service/build.js';

const VIEWS = () => allViews();
const diagnose = (s: ClusterStore, now: number, ns: string | undefined) => runDiagnostics(s, { now, namespace: ns });

/** A ctx with the engine's findings, as the shell builds it. */
function withEngine(ctx: ViewCtx): ViewCtx {
  const report = diagnose(ctx.store, ctx.now, ctx.namespace);
  return { ...ctx, diagnostics: report, findingsFor: (kind, ns, name) => report.findings.filter((f) => f.object.kind === kind && f.object.namespace === ns && f.object.name === name) };
}

function ctxFor(store: ClusterStore, width: number, noColor = false, namespace?: string): ViewCtx {
  return { store, now: NOW, width, noColor, namespace };
}

function row(store: ClusterStore, name: string, ctx: ViewCtx): Service {
  const r = servicesView.rows(ctx).find((s) => s.metadata.name === name);
  assert.ok(r, `row ${name}`);
  return r;
}

function values(store: ClusterStore, name: string, ctx: ViewCtx): Record<string, string> {
  const r = row(store, name, ctx);
  return Object.fromEntries(servicesView.columns.map((c) => [c.header, c.value(r, ctx)]));
}

/** Every Service kind in one namespace. */
function mixedStore(): ClusterStore {
  const objs = healthyWeb();
  const { deploy, rs } = deployment('db', { ports: [{ name: 'pg', containerPort: 5432 }] });
  const dbPods = [pod(rs, 'p0000', { node: 'node-a', hostname: 'db-0', subdomain: 'db' })];
  const db = service('db', { headless: true, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }] });
  const ext = service('payments', { type: 'ExternalName', externalName: 'payments.eu.example.net' });
  const legacy = service('legacy-db', { selector: null, ports: [{ port: 5432, targetPort: 5432 }] });
  const manual = slice(legacy, 'manual', [{ addresses: ['192.168.50.10'], conditions: { ready: true } }], [{ name: '', port: 5432, protocol: 'TCP' }], { managedBy: 'staff' });
  return makeStore([...objs, deploy, rs, ...dbPods, db, ...controllerSlices(db, dbPods), ext, legacy, manual]);
}

test('list columns: TYPE, CLUSTER-IP, EXTERNAL, PORTS, ENDPOINTS, SELECTOR for every Service kind', () => {
  const store = mixedStore();
  const ctx = ctxFor(store, 160);
  assert.deepEqual(
    servicesView.rows(ctx).map((s) => s.metadata.name),
    ['db', 'legacy-db', 'payments', 'web'],
  );
  const web = values(store, 'web', ctx);
  assert.equal(web.TYPE, 'ClusterIP');
  assert.equal(web.PORTS, '80→http(8080)/TCP');
  assert.equal(web.ENDPOINTS, '3/3');
  assert.equal(web.SELECTOR, 'app=web');
  assert.equal(web.EXTERNAL, '<none>');
  assert.equal(web.PROBLEMS, '');
  const db = values(store, 'db', ctx);
  assert.deepEqual([db.TYPE, db['CLUSTER-IP'], db.PORTS, db.ENDPOINTS], ['Headless', 'None', '5432→pg(5432)/TCP', '1/1']);
  const ext = values(store, 'payments', ctx);
  assert.deepEqual([ext.TYPE, ext['CLUSTER-IP'], ext.EXTERNAL, ext.ENDPOINTS], ['ExternalName', '<none>', 'payments.eu.example.net', '-']);
  const legacy = values(store, 'legacy-db', ctx);
  assert.deepEqual([legacy.SELECTOR, legacy.ENDPOINTS, legacy.PORTS], ['<none>', '1/1', '5432/TCP']);
});

test('the LoadBalancer example: pending for 12m, named port resolved, 1/2 ready (terminating left out), problems counted', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const ctx = ctxFor(store, 160);
  const v = values(store, 'web', ctx);
  assert.equal(v.TYPE, 'LoadBalancer');
  assert.equal(v.EXTERNAL, '<pending> 12m');
  assert.equal(v.PORTS, '80→http(8080)/TCP :31000');
  assert.equal(v.ENDPOINTS, '1/2');
  assert.equal(v.PROBLEMS, '2 error, 2 warning', 'without the engine the view runs the same checks');
  const endpoints = servicesView.columns.find((c) => c.id === 'endpoints')!;
  assert.equal(endpoints.tone?.(row(store, 'web', ctx), ctx), 'warn');
});

test('at 80 columns the low-priority columns are dropped, NAME and ENDPOINTS stay; at 160 all fit', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const rows = servicesView.rows(ctxFor(store, 80));
  const ctx80 = withEngine(ctxFor(store, 80));
  // The shell drops NAMESPACE when one namespace is in scope, as here.
  const narrow = layoutColumns(servicesView.columns.filter((c) => c.id !== 'namespace'), rows, ctx80, 80);
  assert.deepEqual(
    narrow.map((c) => c.col.header),
    ['NAME', 'TYPE', 'EXTERNAL', 'ENDPOINTS', 'AGE', 'PROBLEMS'],
  );
  for (const c of narrow) assert.equal(c.width >= c.col.value(rows[0]!, ctx80).length, true, `${c.col.header} is not truncated at 80`);
  const wide = layoutColumns(servicesView.columns, rows, withEngine(ctxFor(store, 200)), 200).map((c) => c.col.header);
  for (const h of ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL', 'PORTS', 'ENDPOINTS', 'AGE', 'PROBLEMS']) assert.ok(wide.includes(h), `${h} at 200: ${wide.join(' ')}`);
  // SELECTOR is kubectl's -o wide column: wide mode only (Ctrl-w).
  assert.ok(!wide.includes('SELECTOR'));
  const wideMode = layoutColumns(servicesView.columns, rows, { ...withEngine(ctxFor(store, 200)), wide: true }, 200).map((c) => c.col.header);
  assert.ok(wideMode.includes('SELECTOR'), wideMode.join(' '));
});

test('all namespaces at 80 columns: NAMESPACE stays, PROBLEMS keeps its worst severity and count', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const ctx80 = withEngine(ctxFor(store, 80));
  const rows = servicesView.rows(ctx80);
  const laid = layoutColumns(servicesView.columns, rows, ctx80, 80);
  const ids = laid.map((l) => l.col.id);
  assert.equal(ids[0], 'namespace');
  assert.ok(ids.includes('problems') && ids.includes('endpoints'), ids.join(' '));
  const problems = laid.find((l) => l.col.id === 'problems')!;
  const web = rows.find((r) => r.metadata.name === 'web')!;
  assert.equal(problems.col.value(web, ctx80), '2 error, 2 warning');
  const cell = fitCell(problems.col, problems.col.value(web, ctx80), problems.width);
  assert.ok(cell === '2 error, 2 warning' || cell === '2 error', `worst severity and its count, whole: ${cell}`);
  assert.ok(laid.reduce((n, l) => n + l.width, 0) + 2 * (laid.length - 1) <= 80);
});

test('detail: the tree in the style of issue 4, with Unicode glyphs', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const ctx = ctxFor(store, 160);
  const lines = servicesView.detail!(row(store, 'web', ctx), ctx).map(lineText);
  const start = lines.findIndex((l) => l.startsWith('svc/web'));
  assert.ok(start > 0, 'findings come first, then the tree');
  assert.equal(lines[start], 'svc/web  LoadBalancer  ETP=Local  affinity=ClientIP  10.96.41.7   web.shop.svc.cluster.local');
  assert.deepEqual(lines.slice(start + 1, start + 7), [
    '├─ port http 80/TCP → targetPort http (8080 on 4 pods)  nodePort 31000',
    '│  ├─ 10.1.0.12:8080  pod/web-7d9c6b8f5-abc12  node-a  ready',
    '│  ├─ 10.1.0.13:8080  pod/web-7d9c6b8f5-def34  node-b  not ready (readiness probe failing, 3 events)',
    '│  └─ 10.1.0.14:8080  pod/web-7d9c6b8f5-ghi56  node-b  terminating (still serving)',
    '├─ selects 4 pods (app=web); without an endpoint: pod/web-7d9c6b8f5-jkl78 (Pending: Unschedulable)',
    '├─ external address <pending> for 12m',
  ]);
  assert.ok(lines.includes('│  ├─ externalTrafficPolicy Local  healthCheckNodePort 32456'));
  assert.ok(lines.includes('│  │  ├─ node-a  1 ready of 1'));
  assert.ok(lines.some((l) => l.includes('aws-load-balancer-type: nlb  Network Load Balancer')));
  assert.ok(lines.some((l) => l.startsWith('│  └─ failing: 2026-11-20 10:28:40 UTC Warning SyncLoadBalancerFailed (x6)')));
  assert.ok(lines.includes('Events'));
  assert.ok(lines.some((l) => /error +service\/loadbalancer-pending/.test(l)));
  for (const l of lines) assert.ok(!l.includes('\n'), 'every line is one line');
});

test('detail: tree lines that stand for objects open them (endpoint pods, the pod without an endpoint, nodes, slices)', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const ctx = ctxFor(store, 160);
  const lines = servicesView.detail!(row(store, 'web', ctx), ctx);
  const refOf = (re: RegExp) => {
    const l = lines.find((x) => re.test(lineText(x)));
    assert.ok(l, `a line matching ${re}`);
    return l.ref;
  };
  assert.deepEqual(refOf(/10\.1\.0\.12:8080 {2}pod\/web-7d9c6b8f5-abc12/), { kind: 'Pod', namespace: 'shop', name: 'web-7d9c6b8f5-abc12' });
  assert.deepEqual(refOf(/10\.1\.0\.14:8080 {2}pod\/web-7d9c6b8f5-ghi56/), { kind: 'Pod', namespace: 'shop', name: 'web-7d9c6b8f5-ghi56' });
  assert.deepEqual(refOf(/without an endpoint: pod\/web-7d9c6b8f5-jkl78/), { kind: 'Pod', namespace: 'shop', name: 'web-7d9c6b8f5-jkl78' });
  assert.deepEqual(refOf(/node-b {2}0 ready of 2/), { kind: 'Node', name: 'node-b' });
  assert.deepEqual(refOf(/web-x7k2p {2}IPv4/), { kind: 'EndpointSlice', namespace: 'shop', name: 'web-x7k2p' });
  // Lines about the Service itself or its settings are not selectable.
  assert.equal(refOf(/^svc\/web /), undefined);
  assert.equal(refOf(/port http 80\/TCP/), undefined);
  assert.equal(refOf(/externalTrafficPolicy Local/), undefined);
});

test('detail: the ASCII fallback under NO_COLOR', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const ctx = ctxFor(store, 80, true);
  const lines = servicesView.detail!(row(store, 'web', ctx), ctx).map(lineText);
  assert.ok(lines.includes('|- port http 80/TCP → targetPort http (8080 on 4 pods)  nodePort 31000'));
  assert.ok(lines.includes('|  `- 10.1.0.14:8080  pod/web-7d9c6b8f5-ghi56  node-b  terminating (still serving)'));
  assert.ok(!lines.some((l) => /[├│└]/.test(l)));
  assert.deepEqual(
    treeLines([{ text: 'root' }], [node(['a'], [node(['a1']), node(['a2'])]), node(['b'])], true).map(lineText),
    ['root', '|- a', '|  |- a1', '|  `- a2', '`- b'],
  );
});

test('detail: headless DNS names, ExternalName CNAME, selectorless manual slices', () => {
  const store = mixedStore();
  const ctx = ctxFor(store, 160);
  const db = servicesView.detail!(row(store, 'db', ctx), ctx).map(lineText);
  assert.ok(db.includes('├─ DNS A db.shop.svc.cluster.local → 1 address (ready endpoints only)'), db.join('\n'));
  assert.ok(db.some((l) => /db-0\.db\.shop\.svc\.cluster\.local → 10\.1\.0\.\d+$/.test(l)), db.join('\n'));
  const ext = servicesView.detail!(row(store, 'payments', ctx), ctx).map(lineText);
  assert.ok(ext.includes('└─ DNS CNAME payments.shop.svc.cluster.local → payments.eu.example.net'));
  const legacy = servicesView.detail!(row(store, 'legacy-db', ctx), ctx).map(lineText);
  assert.ok(legacy.includes('└─ no selector: endpoints come from 1 EndpointSlice managed outside Kubernetes'), legacy.join('\n'));
  assert.ok(legacy.includes('│  └─ 192.168.50.10:5432  (no target)  <no node>  ready'));
  assert.ok(legacy.some((l) => /legacy-db-manual {2}IPv4 {2}managed-by staff {2}1 endpoint/.test(l)));
});

test('detail: a named targetPort resolving to different numbers per pod', () => {
  const { deploy, rs } = deployment('api');
  const { rs: rs2 } = deployment('api', { hash: '5f6e7d8c9', ports: [{ name: 'http', containerPort: 9090 }] });
  const pods = [pod(rs, 'aaaaa', { node: 'node-a' }), pod(rs, 'bbbbb', { node: 'node-b' }), pod(rs, 'ccccc', { node: 'node-c' }), pod(rs2, 'ddddd', { node: 'node-a', createdAgo: 3 * MIN })];
  const svc = service('api');
  const store = makeStore([deploy, rs, rs2, ...pods, svc, ...controllerSlices(svc, pods)]);
  const ctx = ctxFor(store, 160);
  const lines = servicesView.detail!(row(store, 'api', ctx), ctx).map(lineText);
  assert.ok(lines.includes('├─ port http 80/TCP → targetPort http (8080 on 3 pods, 9090 on 1)'), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes(':9090  pod/api-5f6e7d8c9-ddddd  node-a  ready')));
});

test('through the shell at 80 and 160 columns: list, Enter for the tree, engine findings in PROBLEMS', async () => {
  const store = loadYaml('shop-web-lb.yaml');
  for (const columns of [80, 160]) {
    const ui = renderWithProviders(store, { views: VIEWS(), initialView: 'svc', columns, rows: 40, fixedNow: NOW, diagnose });
    try {
    const f = await ui.waitFor(/2 error, 2 warning/);
    assert.match(f, /Services/);
    assert.match(f, /web +LoadBalancer +(10\.96\.41\.7 +)?<pending> 12m/);
    assert.match(f, /1\/2/);
    if (columns === 160) assert.match(f, /80→http\(8080\)\/TCP :31000/);
    else assert.doesNotMatch(f, /80→http/, 'PORTS is optional at 80 columns');
    for (const l of f.split('\n')) assert.ok(l.length <= columns, `line fits ${columns}: ${l}`);
    await ui.press(KEYS.enter);
    await ui.waitFor(/service\/loadbalancer-pending/);
    } finally {
      ui.unmount();
    }
  }
});

test('the tree is reachable in the shell detail (scrolling past the findings)', async () => {
  const objs = healthyWeb();
  const store = makeStore(objs);
  const ui = renderWithProviders(store, { views: VIEWS(), initialView: 'svc', columns: 100, rows: 30, fixedNow: NOW });
  try {
  await ui.waitFor(/web/);
  await ui.press(KEYS.enter);
  const d = await ui.waitFor(/svc\/web {2}ClusterIP/);
  assert.match(d, /\|- port http 80\/TCP → targetPort http \(8080 on 3 pods\)/, 'the shell test helper runs with NO_COLOR: ASCII tree');
  assert.match(d, /10\.1\.0\.107:8080 {2}pod\/web-7d9c6b8f5-abc12 {2}node-a {2}ready/);
  } finally {
    ui.unmount();
  }
});
