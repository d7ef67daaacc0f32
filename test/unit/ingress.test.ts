// Ingress model and every Ingress check of issue 5: class resolution (the
// default IngressClass honoured), backends down to ready endpoints, TLS with
// real certificates, path conflicts. Each problem has a healthy twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { CheckContext, Finding } from '../../diagnostics/types.js';
import { checks, run } from '../../diagnostics/ingress.js';
import type { K8sObject } from '../../src/model/types.js';
import { type Ingress, classText, groupAnnotations, ingressMap, normalizedPath, resolveClass, tlsSummary } from '../../src/model/ingress.js';
import { DAY, GRACE, MIN, NOW, controllerSlices, deployment, makeStore, node, pod, service, type StoreOpts } from '../fixtures/service/build.js';
import { type IngressOpts, ingress, ingressClass, tlsSecret } from '../fixtures/ingress/build.js';

function backends(o: { apiReady?: boolean; withApi?: boolean } = {}): K8sObject[] {
  const web = deployment('web');
  const webPods = ['abc12', 'def34'].map((s, i) => pod(web.rs, s, { node: i ? 'node-b' : 'node-a' }));
  const webSvc = service('web');
  const out = [node('node-a'), node('node-b'), web.deploy, web.rs, ...webPods, webSvc, ...controllerSlices(webSvc, webPods)];
  if (o.withApi !== false) {
    const api = deployment('api', { ports: [{ name: 'grpc', containerPort: 9000 }] }, o.apiReady === false ? 0 : 2);
    const apiPods = ['q1w2e', 'r3t4y'].map((s) => pod(api.rs, s, { node: 'node-b', ...(o.apiReady === false ? { state: 'readiness-failing' as const, readyChangedAgo: 30 * MIN } : {}) }));
    const apiSvc = service('api', { ports: [{ name: 'grpc', port: 9000, targetPort: 'grpc' }] });
    out.push(api.deploy, api.rs, ...apiPods, apiSvc, ...controllerSlices(apiSvc, apiPods));
  }
  return out;
}

const SHOP_TLS = { cn: 'shop.example.com', dns: ['shop.example.com', 'www.shop.example.com'], notAfterDays: 80 };

function shopIngress(o: IngressOpts = {}): K8sObject {
  return ingress('shop', {
    className: 'nginx',
    paths: [
      { host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 },
      { host: 'shop.example.com', path: '/api', pathType: 'Prefix', service: 'api', port: 'grpc' },
    ],
    tls: [{ hosts: ['shop.example.com', 'www.shop.example.com'], secretName: 'shop-tls' }],
    annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
    ...o,
  });
}

function healthy(o: { ing?: IngressOpts; cert?: typeof SHOP_TLS; classes?: K8sObject[]; extra?: K8sObject[]; apiReady?: boolean } = {}): K8sObject[] {
  return [...backends({ apiReady: o.apiReady }), ...(o.classes ?? [ingressClass('nginx', { isDefault: true })]), tlsSecret('shop-tls', { cert: o.cert ?? SHOP_TLS }), shopIngress(o.ing), ...(o.extra ?? [])];
}

function diagnose(store: ClusterStore, namespace?: string) {
  const skipped: { check: string; kind: string; why: string }[] = [];
  const ctx: CheckContext = { store, now: NOW, graceMs: GRACE, namespace, skipped: (check, kind, why) => skipped.push({ check, kind, why }) };
  return { findings: run(ctx), skipped };
}

function only(fs: Finding[], id: string) {
  return fs.filter((f) => f.check === id);
}
function one(fs: Finding[], id: string, name = 'shop'): Finding {
  const f = only(fs, id).filter((x) => x.object.name === name);
  assert.equal(f.length, 1, `exactly one ${id} on ${name}, got: ${fs.map((x) => `${x.check}@${x.object.name} ${x.message}`).join(' | ')}`);
  assert.deepEqual(f[0]!.object, { kind: 'Ingress', namespace: 'shop', name });
  return f[0]!;
}
function ing(store: ClusterStore, name = 'shop'): Ingress {
  return store.get<Ingress>('Ingress', 'shop', name)!;
}

test('catalog: every Ingress check with its default severity and design-notes section', () => {
  assert.deepEqual(
    checks.map((c) => [c.id, c.severity]),
    [
      ['ingress/class-missing', 'error'],
      ['ingress/no-address', 'warning'],
      ['ingress/backend-service-missing', 'error'],
      ['ingress/backend-port-missing', 'error'],
      ['ingress/backend-no-endpoints', 'error'],
      ['ingress/tls-secret-missing', 'error'],
      ['ingress/tls-secret-wrong-type', 'error'],
      ['ingress/tls-cert-expired', 'error'],
      ['ingress/tls-cert-expiring', 'warning'],
      ['ingress/tls-host-not-covered', 'warning'],
      ['ingress/path-conflict', 'warning'],
    ],
  );
  for (const c of checks) assert.ok(c.doc?.startsWith('Ingress ›'));
});

test('healthy Ingress: the map down to ready endpoints, TLS ok, no findings', () => {
  const store = makeStore(healthy());
  const m = ingressMap(store, ing(store), NOW);
  assert.equal(classText(m.cls), 'nginx');
  assert.equal(m.cls.controller, 'k8s.io/ingress-nginx');
  assert.deepEqual(m.hosts, ['shop.example.com']);
  assert.deepEqual(m.addresses, ['203.0.113.10']);
  assert.deepEqual(
    m.rules[0]!.paths.map((p) => [p.path, p.pathType, p.info.text]),
    [
      ['/', 'Prefix', 'web:80 → 2/2 ready'],
      ['/api', 'Prefix', 'api:grpc → 2/2 ready'],
    ],
  );
  assert.deepEqual(m.rules[0]!.paths[1]!.info.endpoints.map((e) => `${e.podName} ${e.address}:${e.port}`), ['api-7d9c6b8f5-q1w2e 10.1.1.123:9000', 'api-7d9c6b8f5-r3t4y 10.1.1.124:9000']);
  assert.deepEqual(m.backends, { healthy: 2, total: 2, list: m.backends.list });
  assert.equal(m.tls[0]!.state, 'ok');
  assert.equal(m.tls[0]!.text, '80 days left');
  assert.deepEqual(m.tls[0]!.coverage, [
    { host: 'shop.example.com', covered: true },
    { host: 'www.shop.example.com', covered: true },
  ]);
  assert.deepEqual(tlsSummary(m.tls), { text: 'ok', tone: 'ok' });
  assert.deepEqual(
    m.annotations.map((g) => [g.controller, g.items.map((i) => i.key)]),
    [
      ['cert-manager', ['cert-manager.io/cluster-issuer']],
      ['ingress-nginx', ['nginx.ingress.kubernetes.io/ssl-redirect']],
    ],
  );
  const { findings, skipped } = diagnose(store);
  assert.deepEqual(findings, []);
  assert.deepEqual(skipped, []);
  assert.equal(store.get('Secret', 'shop', 'shop-tls')?.data?.['tls.key'], undefined, 'the private key never enters the store');
});

// ---------- class ----------

test('ingress/class-missing: ingressClassName names no IngressClass', () => {
  const store = makeStore(healthy({ ing: { className: 'traefik' } }));
  const f = one(diagnose(store).findings, 'ingress/class-missing');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /spec.ingressClassName names IngressClass "traefik", which does not exist/);
  assert.ok(f.evidence.includes('IngressClasses: nginx'));
  assert.equal(classText(resolveClass(store, ing(store))), 'traefik (missing)');
  // Its missing address follows from it: the fix points at the class, not at "install the controller for this class".
  const late = makeStore(healthy({ ing: { className: 'traefik', address: null, createdAgo: 2 * 60 * MIN } }));
  const r = diagnose(late);
  const na = one(r.findings, 'ingress/no-address');
  assert.equal(na.nextSteps[na.nextSteps.length - 1], 'fix: IngressClass traefik does not exist, so no controller claims this Ingress (see ingress/class-missing): point it at a class a running controller serves, or install the controller that provides traefik');
  assert.deepEqual(na.related?.map((c) => c.check), ['ingress/class-missing'], 'linked, so the engine folds it under the class');
});

test('ingress/class-missing: the legacy annotation names no IngressClass', () => {
  const store = makeStore(healthy({ ing: { className: undefined, legacyClass: 'haproxy' } }));
  const f = one(diagnose(store).findings, 'ingress/class-missing');
  assert.match(f.message, /annotation kubernetes.io\/ingress.class names IngressClass "haproxy"/);
});

test('the default IngressClass is honoured when none is named; without a default it is class-missing', () => {
  const withDefault = makeStore(healthy({ ing: { className: undefined } }));
  const c = resolveClass(withDefault, ing(withDefault));
  assert.deepEqual([c.name, c.source, c.exists], ['nginx', 'default', true]);
  assert.equal(classText(c), 'nginx (default)');
  assert.deepEqual(diagnose(withDefault).findings, []);

  const noDefault = makeStore(healthy({ ing: { className: undefined }, classes: [ingressClass('nginx')] }));
  const f = one(diagnose(noDefault).findings, 'ingress/class-missing');
  assert.match(f.message, /no ingressClassName and no default IngressClass/);
  assert.equal(classText(resolveClass(noDefault, ing(noDefault))), '<none> (no default)');

  // Two defaults: the newest wins, as the admission plugin picks it.
  const two = makeStore(healthy({ ing: { className: undefined }, classes: [ingressClass('nginx', { isDefault: true, createdAgo: 100 * DAY }), ingressClass('traefik', { isDefault: true, controller: 'traefik.io/ingress-controller', createdAgo: 2 * DAY })] }));
  assert.equal(resolveClass(two, ing(two)).name, 'traefik');
});

test('IngressClasses forbidden: no class finding, the check is recorded as skipped', () => {
  const store = makeStore(healthy({ ing: { className: 'traefik' } }), { forbidden: ['IngressClass'] });
  const { findings, skipped } = diagnose(store);
  assert.equal(only(findings, 'ingress/class-missing').length, 0);
  assert.ok(skipped.some((s) => s.check === 'ingress/class-missing' && s.kind === 'IngressClass'));
  assert.equal(classText(resolveClass(store, ing(store))), 'traefik (?)');
});

// ---------- address ----------

test('ingress/no-address: past the grace period; within it, or with an address, nothing', () => {
  const store = makeStore(healthy({ ing: { address: null, createdAgo: 2 * 60 * MIN } }));
  const f = one(diagnose(store).findings, 'ingress/no-address');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /no address after 120m: no controller is serving class nginx \(controller k8s.io\/ingress-nginx\)/);
  const young = makeStore(healthy({ ing: { address: null, createdAgo: 2 * MIN } }));
  assert.deepEqual(diagnose(young).findings, []);
});

// ---------- backends ----------

test('ingress/backend-service-missing: only when Services were fully read', () => {
  const paths = [{ host: 'shop.example.com', path: '/', pathType: 'Prefix' as const, service: 'web', port: 80 }, { host: 'shop.example.com', path: '/cart', pathType: 'Prefix' as const, service: 'cart', port: 80 }];
  const store = makeStore(healthy({ ing: { paths } }));
  const f = one(diagnose(store).findings, 'ingress/backend-service-missing');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /backend Service cart does not exist in shop \(used by shop.example.com\/cart \(Prefix\)\)/);
  const blind = makeStore(healthy({ ing: { paths } }), { forbidden: ['Service'] });
  const r = diagnose(blind);
  assert.equal(only(r.findings, 'ingress/backend-service-missing').length, 0);
  assert.ok(r.skipped.some((s) => s.check === 'ingress/backend-service-missing'));
});

test('ingress/backend-port-missing: a port number or name the Service does not have', () => {
  const store = makeStore(
    healthy({
      ing: {
        paths: [
          { host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 8080 },
          { host: 'shop.example.com', path: '/api', pathType: 'Prefix', service: 'api', port: 'http' },
        ],
      },
    }),
  );
  const fs = only(diagnose(store).findings, 'ingress/backend-port-missing');
  assert.deepEqual(
    fs.map((f) => f.message),
    ['backend Service web has no port 8080 (it has http=80; used by shop.example.com/ (Prefix))', 'backend Service api has no port named http (it has grpc=9000; used by shop.example.com/api (Prefix))'],
  );
  assert.ok(fs.every((f) => f.severity === 'error'));
});

test('ingress/backend-no-endpoints: the backend Service has no ready endpoint; links the Service finding', () => {
  const store = makeStore(healthy({ apiReady: false }));
  const f = one(diagnose(store).findings, 'ingress/backend-no-endpoints');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /^backend api:grpc has no ready endpoints: api-7d9c6b8f5-q1w2e not ready \(readiness probe not passed yet \(app\)\)/);
  assert.match(f.message, /requests get 503/);
  assert.deepEqual(f.related, [{ check: 'service/no-ready-endpoints', object: { kind: 'Service', namespace: 'shop', name: 'api' } }]);
  // The fix names the pod and what its evidence shows, not a stock "see the Service finding".
  assert.equal(f.nextSteps.at(-1), 'fix: api-7d9c6b8f5-q1w2e, api-7d9c6b8f5-r3t4y fail their readiness probe: no failure event is recorded (they expire after an hour): check http-get /ready port grpc against what the application serves once it is ready');
  const m = ingressMap(store, ing(store), NOW);
  assert.deepEqual([m.backends.healthy, m.backends.total], [1, 2]);
});

test('default backend and resource backends', () => {
  const store = makeStore(healthy({ ing: { paths: [], tls: undefined, defaultBackend: { service: 'web', port: 80 } } }));
  const m = ingressMap(store, ing(store), NOW);
  assert.equal(m.rules.length, 0);
  assert.equal(m.defaultBackend?.text, 'web:80 → 2/2 ready');
  assert.deepEqual([m.backends.healthy, m.backends.total], [1, 1]);
  assert.deepEqual(m.hosts, []);
  assert.deepEqual(diagnose(store).findings, []);

  const broken = makeStore(healthy({ ing: { paths: [], tls: undefined, defaultBackend: { service: 'fallback', port: 80 } } }));
  assert.match(one(diagnose(broken).findings, 'ingress/backend-service-missing').message, /used by default backend/);
});

// ---------- TLS ----------

test('ingress/tls-secret-missing: only when Secrets were readable; worded for the TLS-only Secret list', () => {
  const objs = healthy().filter((o) => o.kind !== 'Secret');
  const store = makeStore(objs);
  const f = one(diagnose(store).findings, 'ingress/tls-secret-missing');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /no kubernetes.io\/tls Secret named shop-tls in shop/);
  assert.equal(tlsSummary(ingressMap(store, ing(store), NOW).tls).text, 'missing');

  const forbidden = makeStore(objs, { forbidden: ['Secret'] });
  const r = diagnose(forbidden);
  assert.deepEqual(r.findings, []);
  assert.ok(r.skipped.some((s) => s.check === 'ingress/tls-secret-missing' && s.kind === 'Secret'));
  const m = ingressMap(forbidden, ing(forbidden), NOW);
  assert.equal(m.tls[0]!.state, 'forbidden');
  assert.equal(m.tls[0]!.text, "can't read Secrets in shop");
  assert.equal(tlsSummary(m.tls).text, '?');
});

test('Secrets readable only in other namespaces count as forbidden here', () => {
  const objs = healthy().filter((o) => o.kind !== 'Secret');
  const store = makeStore(objs, { partial: [{ kind: 'Secret', namespaces: ['payments'] }] } as StoreOpts);
  assert.equal(only(diagnose(store).findings, 'ingress/tls-secret-missing').length, 0);
  assert.equal(ingressMap(store, ing(store), NOW).tls[0]!.state, 'forbidden');
});

test('ingress/tls-secret-wrong-type: an Opaque Secret (from a manifest dump), or a tls Secret without a parseable tls.crt', () => {
  const objs = healthy().filter((o) => o.kind !== 'Secret');
  const opaque = makeStore([...objs, tlsSecret('shop-tls', { cert: SHOP_TLS, type: 'Opaque' })]);
  const f = one(diagnose(opaque).findings, 'ingress/tls-secret-wrong-type');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Secret shop-tls is of type Opaque, not kubernetes.io\/tls/);
  const garbage = makeStore([...objs, tlsSecret('shop-tls', { pem: 'not a certificate' })]);
  assert.match(one(diagnose(garbage).findings, 'ingress/tls-secret-wrong-type').message, /tls.crt holds no PEM CERTIFICATE block/);
});

test('ingress/tls-cert-expired with a real expired certificate', () => {
  const store = makeStore(healthy({ cert: { ...SHOP_TLS, notAfterDays: -4 } }));
  const f = one(diagnose(store).findings, 'ingress/tls-cert-expired');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /certificate in Secret shop-tls expired 2026-11-16 10:30:00 UTC \(4 days ago\)/);
  assert.ok(f.evidence.includes('SANs: shop.example.com, www.shop.example.com'));
  // cert-manager annotated: its Certificate, which ingress-shim names after the Secret.
  assert.ok(f.nextSteps.includes('kubectl describe certificates.cert-manager.io shop-tls -n shop'), f.nextSteps.join('\n'));
  assert.equal(only(diagnose(store).findings, 'ingress/tls-cert-expiring').length, 0);
  assert.equal(tlsSummary(ingressMap(store, ing(store), NOW).tls).text, 'expired');
});

test('ingress/tls-cert-expiring under 21 days; 21 days or more is fine', () => {
  const store = makeStore(healthy({ cert: { ...SHOP_TLS, notAfterDays: 12 } }));
  const f = one(diagnose(store).findings, 'ingress/tls-cert-expiring');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /expires 2026-12-02 10:30:00 UTC, in 12 days \(under 21\)/);
  assert.equal(tlsSummary(ingressMap(store, ing(store), NOW).tls).text, 'expiring 12d');
  assert.deepEqual(diagnose(makeStore(healthy({ cert: { ...SHOP_TLS, notAfterDays: 21 } }))).findings, []);
});

test('ingress/tls-host-not-covered: wildcard SANs cover one label only', () => {
  const cert = { cn: '*.example.com', dns: ['*.example.com'], notAfterDays: 80 };
  const store = makeStore(
    healthy({
      cert,
      ing: {
        paths: [
          { host: 'example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 },
          { host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 },
          { host: 'eu.shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 },
        ],
        tls: [{ hosts: ['example.com', 'shop.example.com', 'eu.shop.example.com'], secretName: 'shop-tls' }],
      },
    }),
  );
  const f = one(diagnose(store).findings, 'ingress/tls-host-not-covered');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /does not cover example.com, eu.shop.example.com \(SANs: \*.example.com\)/);
  const twin = makeStore(healthy({ cert, ing: { paths: [{ host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 }], tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] } }));
  assert.deepEqual(diagnose(twin).findings, []);
});

test('a TLS block without secretName is the controller default certificate: no finding', () => {
  const store = makeStore(healthy({ ing: { tls: [{ hosts: ['shop.example.com'] }] } }));
  assert.deepEqual(diagnose(store).findings, []);
  assert.equal(ingressMap(store, ing(store), NOW).tls[0]!.state, 'no-secret');
});

// ---------- path conflicts ----------

test('ingress/path-conflict: the same host and path in two Ingresses of the same class (the default class honoured)', () => {
  const other = ingress('shop-canary', { className: undefined, paths: [{ host: 'shop.example.com', path: '/api/', pathType: 'Prefix', service: 'web', port: 80 }] });
  const store = makeStore(healthy({ extra: [other] }));
  const { findings } = diagnose(store);
  const a = one(findings, 'ingress/path-conflict', 'shop');
  const b = one(findings, 'ingress/path-conflict', 'shop-canary');
  assert.equal(a.severity, 'warning');
  assert.match(a.message, /shop.example.com\/api \(Prefix\) is also defined by ingress shop\/shop-canary in class nginx/);
  assert.match(b.message, /also defined by ingress shop\/shop in class nginx/);
  assert.deepEqual(a.related, [{ check: 'ingress/path-conflict', object: { kind: 'Ingress', namespace: 'shop', name: 'shop-canary' } }]);
  assert.ok(a.evidence.includes('ingress shop/shop-canary: shop.example.com/api (Prefix) → web:80'));
});

test('path-conflict twins: another class, another pathType, another host', () => {
  const classes = [ingressClass('nginx', { isDefault: true }), ingressClass('internal', { controller: 'k8s.io/ingress-nginx' })];
  const otherClass = ingress('shop-internal', { className: 'internal', paths: [{ host: 'shop.example.com', path: '/api', pathType: 'Prefix', service: 'web', port: 80 }] });
  const exact = ingress('shop-exact', { className: 'nginx', paths: [{ host: 'shop.example.com', path: '/api', pathType: 'Exact', service: 'web', port: 80 }] });
  const host = ingress('shop-eu', { className: 'nginx', paths: [{ host: 'eu.example.com', path: '/api', pathType: 'Prefix', service: 'web', port: 80 }] });
  const store = makeStore(healthy({ classes, extra: [otherClass, exact, host] }));
  assert.equal(only(diagnose(store).findings, 'ingress/path-conflict').length, 0);
  assert.equal(normalizedPath('/api/', 'Prefix'), '/api');
  assert.equal(normalizedPath('/api/', 'Exact'), '/api/');
});

test('annotations are grouped by controller prefix', () => {
  const g = groupAnnotations({
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
    'haproxy.org/timeout-server': '30s',
    'nginx.ingress.kubernetes.io/rewrite-target': '/',
    'example.com/team': 'payments',
  });
  assert.deepEqual(
    g.map((x) => x.controller),
    ['AWS Load Balancer Controller', 'HAProxy', 'Traefik', 'ingress-nginx', 'other'],
  );
});
