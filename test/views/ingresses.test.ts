// :ing — list columns (CLASS, HOSTS, ADDRESS, TLS, BACKENDS) and the detail
// tree host → path → service:port → ready endpoints → pods, at 80 and 160.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { K8sObject } from '../../src/model/types.js';
import type { ViewCtx } from '../../views/types.js';
import { lineText } from '../../views/widgets/text.js';
import { layoutColumns } from '../../views/widgets/layout.js';
import { ingressesView } from '../../views/ingresses.js';
import { allViews } from '../../views/registry.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import type { Ingress } from '../../src/model/ingress.js';
import { KEYS, renderWithProviders } from './helpers.js';
import { NOW, controllerSlices, deployment, makeStore, node, pod, service, type StoreOpts } from '../fixtures/service/build.js';
import { ingress, ingressClass, tlsSecret } from '../fixtures/ingress/build.js';

function objects(): K8sObject[] {
  const web = deployment('web');
  const webPods = [pod(web.rs, 'abc12', { node: 'node-a' }), pod(web.rs, 'def34', { node: 'node-b', state: 'readiness-failing', readyChangedAgo: 30 * 60_000 })];
  const webSvc = service('web');
  const api = deployment('api', { ports: [{ name: 'grpc', containerPort: 9000 }] });
  const apiPods = [pod(api.rs, 'q1w2e', { node: 'node-b' })];
  const apiSvc = service('api', { ports: [{ name: 'grpc', port: 9000, targetPort: 'grpc' }] });
  return [
    node('node-a'),
    node('node-b'),
    web.deploy,
    web.rs,
    ...webPods,
    webSvc,
    ...controllerSlices(webSvc, webPods),
    api.deploy,
    api.rs,
    ...apiPods,
    apiSvc,
    ...controllerSlices(apiSvc, apiPods),
    ingressClass('nginx', { isDefault: true }),
    tlsSecret('shop-tls', { cert: { cn: 'shop.example.com', dns: ['shop.example.com'], notAfterDays: -2 } }),
    tlsSecret('api-tls', { cert: { cn: 'api.example.com', dns: ['api.example.com'], notAfterDays: 200 }, chain: true }),
    ingress('shop', {
      paths: [
        { host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 },
        { host: 'shop.example.com', path: '/cart', pathType: 'Exact', service: 'cart', port: 80 },
      ],
      defaultBackend: { service: 'web', port: 80 },
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'alb.ingress.kubernetes.io/scheme': 'internet-facing' },
    }),
    ingress('api', {
      className: 'nginx',
      paths: [{ host: 'api.example.com', path: '/', pathType: 'Prefix', service: 'api', port: 'grpc' }],
      tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }],
    }),
    ingress('legacy', { className: 'traefik', address: null, createdAgo: 3 * 86_400_000, paths: [{ host: 'old.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 }], tls: [{ hosts: ['old.example.com'], secretName: 'old-tls' }] }),
  ];
}

function store(o: StoreOpts = {}): ClusterStore {
  return makeStore(objects(), o);
}

function ctxFor(s: ClusterStore, width: number, noColor = false): ViewCtx {
  const report = runDiagnostics(s, { now: NOW });
  return { store: s, now: NOW, width, noColor, diagnostics: report, findingsFor: (kind, ns, name) => report.findings.filter((f) => f.object.kind === kind && f.object.namespace === ns && f.object.name === name) };
}

function rowOf(ctx: ViewCtx, name: string): Ingress {
  const r = ingressesView.rows(ctx).find((i) => i.metadata.name === name);
  assert.ok(r);
  return r;
}

function values(ctx: ViewCtx, name: string): Record<string, string> {
  const r = rowOf(ctx, name);
  return Object.fromEntries(ingressesView.columns.map((c) => [c.header, c.value(r, ctx)]));
}

test('list: CLASS (default applies, missing), HOSTS, ADDRESS, TLS (ok, expired, missing), BACKENDS healthy/total', () => {
  const ctx = ctxFor(store(), 160);
  const shop = values(ctx, 'shop');
  assert.equal(shop.CLASS, 'nginx (default)');
  assert.equal(shop.HOSTS, 'shop.example.com');
  assert.equal(shop.ADDRESS, '203.0.113.10');
  assert.equal(shop.TLS, 'expired');
  assert.equal(shop.BACKENDS, '1/2');
  assert.match(shop.PROBLEMS!, /errors?/);
  const api = values(ctx, 'api');
  assert.deepEqual([api.CLASS, api.TLS, api.BACKENDS, api.PROBLEMS], ['nginx', 'ok', '1/1', '']);
  const legacy = values(ctx, 'legacy');
  assert.deepEqual([legacy.CLASS, legacy.ADDRESS, legacy.TLS], ['traefik (missing)', '<none>', 'missing']);
  const tls = ingressesView.columns.find((c) => c.id === 'tls')!;
  assert.equal(tls.tone?.(rowOf(ctx, 'shop'), ctx), 'error');
  assert.equal(tls.tone?.(rowOf(ctx, 'api'), ctx), 'ok');
});

test('Secrets forbidden: TLS shows "?", never missing', () => {
  const ctx = ctxFor(store({ forbidden: ['Secret'] }), 160);
  assert.equal(values(ctx, 'shop').TLS, '?');
  assert.equal(values(ctx, 'legacy').TLS, '?');
  const lines = ingressesView.detail!(rowOf(ctx, 'shop'), ctx).map(lineText);
  assert.ok(lines.includes("│  └─ can't read Secrets: certificate unknown") || lines.includes("   └─ can't read Secrets: certificate unknown"), lines.join('\n'));
});

test('columns at 80 and 160', () => {
  for (const width of [80, 160]) {
    const ctx = ctxFor(store(), width);
    const rows = ingressesView.rows(ctx);
    const laid = layoutColumns(ingressesView.columns, rows, ctx, width);
    const headers = laid.map((c) => c.col.header);
    for (const h of ['NAME', 'HOSTS', 'TLS', 'BACKENDS']) assert.ok(headers.includes(h), `${h} at ${width}: ${headers.join(' ')}`);
    const total = laid.reduce((n, c) => n + c.width, 0) + 2 * (laid.length - 1);
    assert.ok(total <= width, `fits ${width}: ${total}`);
    if (width === 160) for (const h of ['CLASS', 'ADDRESS', 'AGE', 'PROBLEMS']) assert.ok(headers.includes(h), `${h} at 160`);
    else assert.ok(!headers.includes('ADDRESS'), 'ADDRESS is optional at 80 columns');
  }
});

test('detail: host → path → service:port → endpoints → pods; default backend; TLS block; annotations by controller', () => {
  const ctx = ctxFor(store(), 160);
  const lines = ingressesView.detail!(rowOf(ctx, 'shop'), ctx).map(lineText);
  const start = lines.findIndex((l) => l.startsWith('ing/shop'));
  assert.ok(start > 0, 'findings first');
  assert.equal(lines[start], 'ing/shop  class nginx (none named: the default IngressClass)  controller k8s.io/ingress-nginx  address 203.0.113.10');
  assert.deepEqual(lines.slice(start + 1, start + 9), [
    '├─ host shop.example.com  TLS via shop-tls',
    '│  ├─ / (Prefix) → web:80',
    '│  │  └─ svc/web port http 80/TCP → targetPort http (8080 on 2 pods)  1/2 ready',
    '│  │     ├─ 10.1.0.107:8080  pod/web-7d9c6b8f5-abc12  node-a  ready',
    '│  │     └─ 10.1.1.110:8080  pod/web-7d9c6b8f5-def34  node-b  not ready (readiness probe not passed yet (app))',
    '│  └─ /cart (Exact) → cart:80',
    '│     └─ Service cart not found',
    '├─ default backend → web:80',
  ]);
  const tls = lines.indexOf('├─ tls secret shop-tls  hosts shop.example.com');
  assert.ok(tls > 0, lines.join('\n'));
  assert.deepEqual(lines.slice(tls + 1, tls + 6), [
    '│  ├─ found, type kubernetes.io/tls',
    '│  ├─ subject O=Example Shop, CN=shop.example.com  issuer self-signed',
    '│  ├─ SANs shop.example.com',
    '│  ├─ notAfter 2026-11-18 10:30:00 UTC  expired 2 days ago',
    '│  └─ covers shop.example.com',
  ]);
  assert.ok(lines.includes('   ├─ AWS Load Balancer Controller  (class controller is k8s.io/ingress-nginx: likely ignored)'), lines.join('\n'));
  assert.ok(lines.includes('   │  └─ alb.ingress.kubernetes.io/scheme: internet-facing'));
  assert.ok(lines.includes('      └─ nginx.ingress.kubernetes.io/proxy-body-size: 8m'));
  assert.ok(lines.some((l) => /error +ingress\/tls-cert-expired/.test(l)));
  assert.ok(lines.some((l) => /error +ingress\/backend-service-missing/.test(l)));
  assert.ok(lines.includes('Events'));
});

test('detail: backend lines open their Service, endpoint lines their pod, the TLS block its Secret', () => {
  const ctx = ctxFor(store(), 160);
  const lines = ingressesView.detail!(rowOf(ctx, 'shop'), ctx);
  const refOf = (re: RegExp) => {
    const l = lines.find((x) => re.test(lineText(x)));
    assert.ok(l, `a line matching ${re}`);
    return l.ref;
  };
  const web = { kind: 'Service', namespace: 'shop', name: 'web' };
  assert.deepEqual(refOf(/^│  ├─ \/ \(Prefix\) → web:80$/), web);
  assert.deepEqual(refOf(/svc\/web port http 80\/TCP/), web);
  assert.deepEqual(refOf(/^├─ default backend → web:80$/), web);
  assert.deepEqual(refOf(/10\.1\.0\.107:8080 {2}pod\/web-7d9c6b8f5-abc12/), { kind: 'Pod', namespace: 'shop', name: 'web-7d9c6b8f5-abc12' });
  assert.deepEqual(refOf(/^├─ tls secret shop-tls/), { kind: 'Secret', namespace: 'shop', name: 'shop-tls' });
  // A backend whose Service does not exist, and a Secret that does not exist, cannot be opened.
  assert.equal(refOf(/\/cart \(Exact\) → cart:80/), undefined);
  assert.equal(refOf(/Service cart not found/), undefined);
  const legacy = ingressesView.detail!(rowOf(ctx, 'legacy'), ctx);
  assert.equal(legacy.find((l) => lineText(l).includes('tls secret old-tls'))!.ref, undefined);
});

test('detail: a chain Secret shows the leaf; a missing class and a missing Secret are spelled out; ASCII under NO_COLOR', () => {
  const ctx = ctxFor(store(), 80, true);
  const api = ingressesView.detail!(rowOf(ctx, 'api'), ctx).map(lineText);
  assert.ok(api.includes('   |- subject O=Example Shop, CN=api.example.com  issuer self-signed'), api.join('\n'));
  const legacy = ingressesView.detail!(rowOf(ctx, 'legacy'), ctx).map(lineText);
  const root = legacy.find((l) => l.startsWith('ing/legacy'))!;
  assert.equal(root, 'ing/legacy  class traefik (spec.ingressClassName): no such IngressClass  address <none>');
  assert.ok(legacy.includes('   `- no kubernetes.io/tls Secret named old-tls'), legacy.join('\n'));
  assert.ok(!legacy.some((l) => /[├│└]/.test(l)));
});

test('through the shell at 80 and 160 columns', async () => {
  const s = store();
  const diagnose = (st: ClusterStore, now: number, ns: string | undefined) => runDiagnostics(st, { now, namespace: ns });
  for (const columns of [80, 160]) {
    const ui = renderWithProviders(s, { initialView: 'ing', columns, rows: 40, fixedNow: NOW, diagnose, views: allViews() });
    try {
      const f = await ui.waitFor((f) => [/Ingresses/, /error/].every((re) => re.test(f)));
      assert.match(f, /shop +api +nginx +api\.exa\S* +(203\.0\.113\.10 +)?ok +1\/1/);
      assert.match(f, /expired/);
      assert.match(f, /1\/2/);
      if (columns === 160) {
        assert.match(f, /traefik \(missing\)/);
        assert.match(f, /shop +shop +nginx \(default\) +shop\.example\.com +203\.0\.113\.10 +expired +1\/2/);
      }
      for (const l of f.split('\n')) assert.ok(l.length <= columns, `fits ${columns}: ${l}`);
      await ui.press(KEYS.enter);
      await ui.waitFor((f) => [/Ingresses › shop\/api/, /ing\/api {2}class nginx/].every((re) => re.test(f)));
    } finally {
      ui.unmount();
    }
  }
});
