// :map — the namespace tree as rows: one row per tree line, in tree order,
// health marks readable without color, Enter opens the object's own detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { ViewCtx } from '../../views/types.js';
import { lineText } from '../../views/widgets/text.js';
import { mapRowSegs, nsmapView } from '../../views/nsmap.js';
import { allViews } from '../../views/registry.js';
import { KEYS, renderWithProviders } from './helpers.js';
import { NOW, controllerSlices, deployment, makeStore, node, pod, service } from '../fixtures/service/build.js';
import { ingress, ingressClass } from '../fixtures/ingress/build.js';

function store(): ClusterStore {
  const web = deployment('web');
  const pods = [pod(web.rs, 'abc12', { node: 'node-a' }), pod(web.rs, 'def34', { node: 'node-b', state: 'crashloop' })];
  const svc = service('web');
  const cache = service('cache', { selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379, targetPort: 6379 }] });
  const other = service('api', { namespace: 'payments', selector: { app: 'api' } });
  return makeStore([
    node('node-a'),
    node('node-b'),
    web.deploy,
    web.rs,
    ...pods,
    svc,
    ...controllerSlices(svc, pods),
    cache,
    ...controllerSlices(cache, []),
    other,
    ...controllerSlices(other, []),
    ingressClass('nginx', { isDefault: true }),
    ingress('shop', { paths: [{ host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
  ]);
}

function ctxFor(s: ClusterStore, namespace: string | undefined, noColor: boolean, width = 160): ViewCtx {
  return { store: s, now: NOW, width, noColor, namespace };
}

test('rows are the tree lines, in order, with ASCII marks under NO_COLOR', () => {
  const ctx = ctxFor(store(), 'shop', true);
  const rows = nsmapView.rows(ctx);
  assert.deepEqual(
    rows.map((r) => nsmapView.columns[0]!.value(r, ctx)),
    [
      '! ing/shop  nginx (default)  shop.example.com  203.0.113.10  backends 1/1',
      '`- ! svc/web  ClusterIP port 80  1/2 ready',
      '   `- + deploy/web  3/3 ready  via rs/web-7d9c6b8f5',
      '      |- + pod/web-7d9c6b8f5-abc12  Running  node-a  ready',
      '      `- x pod/web-7d9c6b8f5-def34  CrashLoopBackOff  node-b  not ready (not running: CrashLoopBackOff)',
      'x Services without an Ingress',
      '`- x svc/cache  ClusterIP  0/0 ready  selector matches no pod',
    ],
  );
  // A tree has one order: sorting by the only column keeps it.
  const col = nsmapView.columns[0]!;
  const sorted = [...rows].sort((a, b) => (col.sortValue!(a, ctx) as number) - (col.sortValue!(b, ctx) as number));
  assert.deepEqual(sorted.map((r) => r.key), rows.map((r) => r.key));
  assert.equal(new Set(rows.map((r) => nsmapView.key(r))).size, rows.length, 'keys are unique');
});

test('with color: a colored dot, tone by health; Unicode tree glyphs', () => {
  const ctx = ctxFor(store(), 'shop', false);
  const rows = nsmapView.rows(ctx);
  const segs = mapRowSegs(rows[1]!, ctx);
  assert.equal(segs.map((s) => s.text).join(''), '└─ ● svc/web  ClusterIP port 80  1/2 ready');
  assert.equal(segs[1]!.tone, 'warn', 'one of two endpoints not ready');
  assert.equal(mapRowSegs(rows[3]!, ctx)[1]!.tone, 'ok');
  assert.equal(mapRowSegs(rows[4]!, ctx)[1]!.tone, 'error', 'the crash-looping pod');
  assert.equal(rows[1]!.key, 'ns/shop › ing/shop › svc/web');
});

test('all namespaces: one root per namespace', () => {
  const ctx = ctxFor(store(), undefined, true);
  const lines = nsmapView.rows(ctx).map((r) => nsmapView.columns[0]!.value(r, ctx));
  assert.equal(lines[0], '- ns/payments');
  assert.ok(lines.includes('- ns/shop'));
  assert.ok(lines.includes('   `- x svc/api  ClusterIP  0/0 ready  selector matches no pod'));
});

test('Enter on a line opens that object\'s detail (Service tree, Pod detail); object() gives the API object', () => {
  const s = store();
  const ctx = ctxFor(s, 'shop', true);
  const rows = nsmapView.rows(ctx);
  const svcRow = rows.find((r) => r.node.kind === 'Service' && r.node.name === 'web')!;
  assert.equal(nsmapView.object!(svcRow, ctx)?.kind, 'Service');
  const d = nsmapView.detail!(svcRow, ctx).map(lineText);
  assert.ok(d.includes('|- port http 80/TCP → targetPort http (8080 on 2 pods)'), d.join('\n'));
  const podRow = rows.find((r) => r.node.kind === 'Pod')!;
  assert.equal(nsmapView.object!(podRow, ctx)?.metadata.name, 'web-7d9c6b8f5-abc12');
  const group = rows.find((r) => r.node.kind === 'Group')!;
  assert.equal(nsmapView.object!(group, ctx), undefined);
});

test('Enter on an owner opens its own detail; a group lists its members as selectable lines; l has the pods', () => {
  const s = store();
  const ctx = ctxFor(s, 'shop', true);
  const rows = nsmapView.rows(ctx);
  const deploy = rows.find((r) => r.node.kind === 'Deployment')!;
  const d = nsmapView.detail!(deploy, ctx);
  const dt = d.map(lineText);
  assert.ok(dt.some((l) => l.startsWith('Replicas: ') && l.includes('desired 3')), dt.join('\n'));
  // The Deployment detail's ReplicaSet and pod lines open those objects.
  assert.ok(d.some((l) => l.ref?.kind === 'ReplicaSet' && l.ref.name === 'web-7d9c6b8f5'));
  assert.deepEqual(d.filter((l) => l.ref?.kind === 'Pod').map((l) => l.ref!.name), ['web-7d9c6b8f5-abc12', 'web-7d9c6b8f5-def34']);
  const group = rows.find((r) => r.node.kind === 'Group')!;
  const g = nsmapView.detail!(group, ctx);
  assert.equal(lineText(g[0]!), 'Services that no Ingress in this namespace routes to.');
  assert.deepEqual(g.slice(1).map((l) => [lineText(l).trim().split('  ')[0], l.ref]), [['svc/cache', { kind: 'Service', namespace: 'shop', name: 'cache' }]]);
  assert.deepEqual(nsmapView.logTargets!(deploy, ctx).map((t) => t.pod), ['web-7d9c6b8f5-abc12', 'web-7d9c6b8f5-def34']);
  assert.deepEqual(nsmapView.logTargets!(group, ctx), []);
});

test('through the shell at 80 and 160 columns', async () => {
  const s = store();
  s.info.namespace = 'shop';
  for (const columns of [80, 160]) {
    const ui = renderWithProviders(s, { initialView: 'map', columns, rows: 30, fixedNow: NOW, views: allViews() });
    try {
      const f = await ui.waitFor(/ing\/shop/);
      assert.match(f, /deploy\/web {2}3\/3 ready/);
      for (const l of f.split('\n')) assert.ok(l.length <= columns, `fits ${columns}: ${l}`);
      if (columns === 160) assert.match(f, /pod\/web-7d9c6b8f5-def34 {2}CrashLoopBackOff {2}node-b {2}not ready \(not running: CrashLoopBackOff\)/);
      await ui.press('j', KEYS.enter);
      await ui.waitFor(/svc\/web {2}ClusterIP/);
    } finally {
      ui.unmount();
    }
  }
});
