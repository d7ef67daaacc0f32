// Every Service check of issue 5: a fixture with the problem (exact id,
// severity, object) and a healthy twin that must not produce it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { CheckContext, Finding } from '../../diagnostics/types.js';
import { checks, run } from '../../diagnostics/service.js';
import type { K8sObject } from '../../src/model/types.js';
import * as sb from '../fixtures/statefulset/build.js';
import { DAY, GRACE, MIN, NOW, controllerSlices, deployment, event, healthyWeb, loadYaml, makeStore, node, pod, service, slice, unhealthy, type PodOpts, type ServiceOpts, type StoreOpts } from '../fixtures/service/build.js';

function diagnose(store: ClusterStore, namespace?: string): { findings: Finding[]; skipped: { check: string; kind: string; why: string }[] } {
  const skipped: { check: string; kind: string; why: string }[] = [];
  const ctx: CheckContext = { store, now: NOW, graceMs: GRACE, namespace, skipped: (check, kind, why) => skipped.push({ check, kind, why }) };
  return { findings: run(ctx), skipped };
}

function only(findings: Finding[], id: string): Finding[] {
  return findings.filter((f) => f.check === id);
}

function one(findings: Finding[], id: string): Finding {
  const f = only(findings, id);
  assert.equal(f.length, 1, `exactly one ${id}, got: ${findings.map((x) => `${x.check} ${x.message}`).join(' | ')}`);
  return f[0]!;
}

function assertObject(f: Finding, name: string, ns = 'shop') {
  assert.deepEqual(f.object, { kind: 'Service', namespace: ns, name });
}

/** web Deployment pods in given states behind Service web. */
function webWith(states: { state?: PodOpts['state']; node?: string; readyChangedAgo?: number; createdAgo?: number; ports?: { name?: string; containerPort: number }[] }[], svcOpts: ServiceOpts = {}, storeOpts: StoreOpts = {}, extra: (pods: K8sObject[], svc: K8sObject) => K8sObject[] = () => []): ClusterStore {
  const { deploy, rs } = deployment('web', {}, states.filter((s) => (s.state ?? 'ready') === 'ready').length);
  const pods = states.map((s, i) => pod(rs, ['abc12', 'def34', 'ghi56', 'jkl78', 'mno90'][i]!, { node: 'node-a', ...s }));
  const svc = service('web', svcOpts);
  return makeStore([node('node-a'), node('node-b'), node('node-c'), deploy, rs, ...pods, svc, ...controllerSlices(svc, pods), ...extra(pods, svc)], storeOpts);
}

test('the catalog lists every Service check of issue 5 with its default severity and a design-notes section', () => {
  assert.deepEqual(
    checks.map((c) => [c.id, c.severity]),
    [
      ['service/no-matching-pods', 'error'],
      ['service/no-ready-endpoints', 'error'],
      ['service/some-endpoints-not-ready', 'warning'],
      ['service/target-port-unresolved', 'error'],
      ['service/no-endpoints-selectorless', 'warning'],
      ['service/loadbalancer-pending', 'error'],
      ['service/loadbalancer-sync-failed', 'error'],
      ['service/lb-annotations-ignored', 'warning'],
      ['service/external-traffic-local-imbalance', 'warning'],
    ],
  );
  for (const c of checks) assert.ok(c.doc && c.doc.includes('›'), `${c.id} names its design-notes section`);
});

test('healthy Service: no findings at all', () => {
  const { findings, skipped } = diagnose(makeStore(healthyWeb()));
  assert.deepEqual(findings, []);
  assert.deepEqual(skipped, []);
});

// ---------- no-matching-pods ----------

test('service/no-matching-pods: the full selector must match; near misses are evidence', () => {
  const objs = healthyWeb({ svc: { selector: { app: 'web', tier: 'frontend' } } });
  const { findings } = diagnose(makeStore(objs));
  const f = one(findings, 'service/no-matching-pods');
  assert.equal(f.severity, 'error');
  assertObject(f, 'web');
  assert.match(f.message, /selector app=web,tier=frontend matches none of the 3 pods in shop/);
  assert.ok(f.evidence.includes('near miss: pods web-7d9c6b8f5-abc12, web-7d9c6b8f5-def34, web-7d9c6b8f5-ghi56 match 1 of 2 selector labels; they have no tier label, the selector wants tier=frontend'));
  assert.ok(f.nextSteps.includes('kubectl get pods -n shop -l app=web,tier=frontend'));
  assert.equal(only(findings, 'service/no-ready-endpoints').length, 0, 'no pods selected: not also "no ready endpoints"');
});

test('service/no-matching-pods: pods of another namespace do not count, and forbidden pods are "could not check"', () => {
  const objs = healthyWeb();
  const staging = service('web', { namespace: 'staging' });
  const withStaging = [...objs, staging, ...controllerSlices(staging, [])];
  const f = one(diagnose(makeStore(withStaging)).findings, 'service/no-matching-pods');
  assertObject(f, 'web', 'staging');

  const forbidden = diagnose(makeStore(withStaging, { forbidden: ['Pod'] }));
  assert.equal(only(forbidden.findings, 'service/no-matching-pods').length, 0);
  assert.ok(forbidden.skipped.some((s) => s.check === 'service/no-matching-pods' && s.kind === 'Pod'));
});

// ---------- readiness ----------

test('service/no-ready-endpoints: names the pods and why (readiness failing, crash loop, unschedulable)', () => {
  const store = webWith(
    [
      { state: 'readiness-failing', readyChangedAgo: 30 * MIN },
      { state: 'crashloop', node: 'node-b', readyChangedAgo: 30 * MIN },
      { state: 'unschedulable', createdAgo: 40 * MIN },
    ],
    {},
    {},
    (pods) => [unhealthy(pods[0]!, 42)],
  );
  const f = one(diagnose(store).findings, 'service/no-ready-endpoints');
  assert.equal(f.severity, 'error');
  assertObject(f, 'web');
  assert.match(f.message, /3 pods match but no endpoint is ready/);
  assert.match(f.message, /web-7d9c6b8f5-abc12 \(readiness probe failing, 42 events\)/);
  assert.match(f.message, /web-7d9c6b8f5-def34 \(CrashLoopBackOff, exit code 1\)/);
  assert.match(f.message, /web-7d9c6b8f5-ghi56 \(not scheduled: 3 Insufficient cpu\)/);
  assert.ok(f.evidence.some((e) => /Unhealthy x42.*Readiness probe failed: HTTP probe failed with statuscode: 503/.test(e)));
  assert.ok(f.nextSteps.includes('kubectl get endpointslices -n shop -l kubernetes.io/service-name=web -o wide'));
  assert.deepEqual(
    f.related?.map((r) => `${r.check} ${r.object.name}`),
    ['pod/readiness-failing web-7d9c6b8f5-abc12', 'pod/crash-loop web-7d9c6b8f5-def34', 'pod/unschedulable web-7d9c6b8f5-ghi56'],
  );
  assert.equal(only(diagnose(store).findings, 'service/some-endpoints-not-ready').length, 0);
});

test('service/no-ready-endpoints: one pod, singular wording', () => {
  const store = webWith([{ state: 'unschedulable', createdAgo: 40 * MIN }]);
  assert.equal(one(diagnose(store).findings, 'service/no-ready-endpoints').message, '1 pod matches but no endpoint is ready: web-7d9c6b8f5-abc12 (not scheduled: 3 Insufficient cpu)');
});

test('service/no-ready-endpoints: pods still starting within the grace period are not reported yet', () => {
  const store = webWith([
    { state: 'starting', createdAgo: MIN, readyChangedAgo: MIN },
    { state: 'starting', createdAgo: MIN, readyChangedAgo: MIN },
  ]);
  assert.deepEqual(diagnose(store).findings, []);
});

test('service/some-endpoints-not-ready: warning naming the not-ready pod; healthy twin is clean', () => {
  const store = webWith([{}, { node: 'node-b' }, { state: 'readiness-failing', node: 'node-c', readyChangedAgo: 20 * MIN }], {}, {}, (pods) => [unhealthy(pods[2]!, 7)]);
  const f = one(diagnose(store).findings, 'service/some-endpoints-not-ready');
  assert.equal(f.severity, 'warning');
  assertObject(f, 'web');
  assert.match(f.message, /^2 of 3 endpoints ready; not ready: web-7d9c6b8f5-ghi56 \(readiness probe failing, 7 events\)$/);
  assert.equal(only(diagnose(store).findings, 'service/no-ready-endpoints').length, 0);

  const twin = webWith([{}, { node: 'node-b' }, { node: 'node-c' }]);
  assert.deepEqual(diagnose(twin).findings, []);
});

test('readiness checks need EndpointSlices: forbidden slices skip them instead of reporting', () => {
  const store = webWith([{ state: 'readiness-failing', readyChangedAgo: 30 * MIN }], {}, { forbidden: ['EndpointSlice'] });
  const { findings, skipped } = diagnose(store);
  assert.equal(only(findings, 'service/no-ready-endpoints').length, 0);
  assert.ok(skipped.some((s) => s.check === 'service/no-ready-endpoints' && s.kind === 'EndpointSlice'));
});

// ---------- target ports ----------

test('service/target-port-unresolved: a named targetPort no selected pod declares is an error', () => {
  const store = webWith([{ ports: [{ name: 'web', containerPort: 8080 }] }, { ports: [{ name: 'web', containerPort: 8080 }] }], { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  const f = one(diagnose(store).findings, 'service/target-port-unresolved');
  assert.equal(f.severity, 'error');
  assertObject(f, 'web');
  assert.match(f.message, /port http \(80\/TCP\): targetPort "http" is not a port name on any of the 2 selected pods/);
  assert.ok(f.evidence.some((e) => e.includes('declares app:web=8080/TCP')));
});

test('service/target-port-unresolved: declared on some pods only is a warning naming the others', () => {
  const store = webWith([{}, { ports: [{ name: 'web', containerPort: 8080 }] }]);
  const f = one(diagnose(store).findings, 'service/target-port-unresolved');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /not declared on 1 of 2 selected pods \(web-7d9c6b8f5-def34\)/);
});

test('service/target-port-unresolved: a numeric targetPort no container declares is a warning; declared or undeclared-ports twins are clean', () => {
  const store = webWith([{}, {}], { ports: [{ name: 'http', port: 80, targetPort: 8081 }] });
  const f = one(diagnose(store).findings, 'service/target-port-unresolved');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /targetPort 8081 is declared by none of the 2 selected pods' containers/);

  const twin = webWith([{}, {}], { ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  assert.equal(only(diagnose(twin).findings, 'service/target-port-unresolved').length, 0);
  // Pods that declare no ports at all: declaring is optional, nothing to compare with.
  const noPorts = webWith([{ ports: [] }, { ports: [] }], { ports: [{ name: 'http', port: 80, targetPort: 8081 }] });
  assert.equal(only(diagnose(noPorts).findings, 'service/target-port-unresolved').length, 0);
});

// ---------- selectorless ----------

test('service/no-endpoints-selectorless: no selector and no slices; a manual slice is the healthy twin', () => {
  const svc = service('legacy-db', { selector: null, ports: [{ port: 5432, targetPort: 5432 }] });
  const f = one(diagnose(makeStore([svc])).findings, 'service/no-endpoints-selectorless');
  assert.equal(f.severity, 'warning');
  assertObject(f, 'legacy-db');
  assert.match(f.message, /no selector and no EndpointSlice labelled kubernetes.io\/service-name=legacy-db/);

  const manual = slice(svc, 'manual', [{ addresses: ['192.168.50.10'], conditions: { ready: true } }], [{ name: '', port: 5432, protocol: 'TCP' }], { managedBy: 'staff' });
  assert.deepEqual(diagnose(makeStore([svc, manual])).findings, []);
  // ExternalName Services have no selector by design.
  assert.deepEqual(diagnose(makeStore([service('ext', { type: 'ExternalName' })])).findings, []);
});

test('service/no-endpoints-selectorless on default/kubernetes: the API server\'s endpoint reconciler, not "add a selector"; its slice is the healthy twin', () => {
  // As kube-apiserver creates it (pkg/controlplane: no selector, labels component=apiserver, provider=kubernetes).
  const svc = service('kubernetes', { namespace: 'default', selector: null, clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] });
  svc.metadata.labels = { component: 'apiserver', provider: 'kubernetes' };
  const f = one(diagnose(makeStore([svc])).findings, 'service/no-endpoints-selectorless');
  assert.deepEqual(f.object, { kind: 'Service', namespace: 'default', name: 'kubernetes' });
  assert.match(f.message, /^the API server's own Service has no EndpointSlice: pods that reach the API server through kubernetes\.default\.svc/);
  assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: kube-apiserver's endpoint reconciler writes this slice: .*--endpoint-reconciler-type lease .*--advertise-address/);
  assert.doesNotMatch(f.nextSteps.join('\n'), /add a selector, create an EndpointSlice|ExternalName/);
  // The slice as the reconciler writes it (endpointsadapter.go: name kubernetes, label kubernetes.io/service-name only).
  const apiSlice: K8sObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', uid: '0f3c9a71-5b2e-4d8a-9c61-7e4b2a8d5f10', resourceVersion: '212', generation: 1, creationTimestamp: svc.metadata.creationTimestamp, labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.10'], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  } as K8sObject;
  assert.deepEqual(diagnose(makeStore([svc, apiSlice])).findings, []);
});

// ---------- load balancers ----------

test('service/loadbalancer-pending without any controller event: no cloud controller or MetalLB seems to handle it', () => {
  const store = webWith([{}, { node: 'node-b' }], { type: 'LoadBalancer', createdAgo: 40 * MIN });
  const f = one(diagnose(store).findings, 'service/loadbalancer-pending');
  assert.equal(f.severity, 'error');
  assertObject(f, 'web');
  assert.match(f.message, /no external address after 40m: no cloud controller or load-balancer implementation \(e\.g\. MetalLB\) seems to handle it/);
  assert.ok(f.evidence.includes('no load-balancer events on this Service'));
  assert.ok(f.nextSteps.includes('kubectl describe svc web -n shop'));
  assert.ok(f.nextSteps.some((s) => /MetalLB/.test(s) && /NodePort or an Ingress/.test(s)));
  assert.equal(only(diagnose(store).findings, 'service/loadbalancer-sync-failed').length, 0);
});

test('service/loadbalancer-pending with the cloud\'s quota error; sync-failed reported and linked', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const { findings } = diagnose(store);
  const f = one(findings, 'service/loadbalancer-pending');
  assert.match(f.message, /no external address after 12m: SyncLoadBalancerFailed: Error syncing load balancer: failed to ensure load balancer: TooManyLoadBalancers: Exceeded quota/);
  assert.ok(f.evidence.some((e) => e.startsWith('2026-11-20 10:28:40 UTC Warning SyncLoadBalancerFailed (x6):')));
  assert.ok(f.evidence.some((e) => e.includes('EnsuringLoadBalancer')));
  assert.ok(f.nextSteps.some((s) => /quota or limit/.test(s)));
  // One fix, the one the cloud's message points at: no generic second "fix:" repeating it.
  assert.deepEqual(f.nextSteps.filter((s) => s.startsWith('fix:')), ['fix: the cloud reports a quota or limit: raise it or delete unused load balancers / addresses']);
  const s = one(findings, 'service/loadbalancer-sync-failed');
  assert.deepEqual(s.nextSteps.filter((x) => x.startsWith('fix:')), ['fix: the cloud reports a quota or limit: raise it or delete unused load balancers / addresses']);
  assert.equal(s.severity, 'error');
  assert.match(s.message, /^SyncLoadBalancerFailed 80s ago, and no success recorded: Error syncing/);
  assert.deepEqual(s.related, [{ check: 'service/loadbalancer-pending', object: { kind: 'Service', namespace: 'shop', name: 'web' } }]);
  // The same fixture: the ssl-ports annotation names a port the Service lacks, and readiness is partial.
  assert.match(one(findings, 'service/lb-annotations-ignored').message, /aws-load-balancer-ssl-ports names port https that the Service does not have/);
  assert.equal(one(findings, 'service/some-endpoints-not-ready').message, '1 of 2 endpoints ready; not ready: web-7d9c6b8f5-def34 (readiness probe failing, 3 events); no endpoint: web-7d9c6b8f5-jkl78 (not scheduled: 2 Insufficient cpu)');
});

test('service/loadbalancer-sync-failed with a cause the message names but no rule knows: the one generic fix', () => {
  const store = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY }, {}, (_p, svc) => [
    event(svc, 'EnsuringLoadBalancer', 'Ensuring load balancer', { lastAgo: 2 * MIN, count: 9 }),
    event(svc, 'SyncLoadBalancerFailed', "Error syncing load balancer: failed to ensure load balancer: CertificateNotFound: Certificate 'arn:aws:acm:us-west-2:123456789012:certificate/3b1e0c2a-7f4d-4c8e-9a61-5d2f8b7c4e90' not found\n\tstatus code: 400, request id: 9c2d4e6f-1a3b-4c5d-8e7f-0a1b2c3d4e5f", { type: 'Warning', lastAgo: 2 * MIN, count: 9 }),
  ]);
  const { findings } = diagnose(store);
  assert.deepEqual(one(findings, 'service/loadbalancer-sync-failed').nextSteps.filter((x) => x.startsWith('fix:')), ['fix: correct what the message names (annotation values, certificate ARN, subnets, quota) and watch for EnsuredLoadBalancer']);
  assert.deepEqual(one(findings, 'service/loadbalancer-pending').nextSteps.filter((x) => x.startsWith('fix:')), ["fix: correct what the cloud's message names (annotation values, certificate ARN, subnets, quota, permissions), then watch for EnsuredLoadBalancer"]);
});

test('service/loadbalancer-pending: within the grace period, or with an address, nothing; events unreadable says so', () => {
  const young = webWith([{}], { type: 'LoadBalancer', createdAgo: 2 * MIN });
  assert.equal(only(diagnose(young).findings, 'service/loadbalancer-pending').length, 0);
  const done = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY, lbIngress: [{ ip: '34.120.5.17' }] });
  assert.deepEqual(diagnose(done).findings, []);
  const blind = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY }, { forbidden: ['Event'] });
  const r = diagnose(blind);
  assert.match(one(r.findings, 'service/loadbalancer-pending').message, /events could not be read/);
  assert.ok(r.skipped.some((s) => s.check === 'service/loadbalancer-sync-failed' && s.kind === 'Event'));
});

test('service/loadbalancer-pending with a loadBalancerClass nobody implements', () => {
  const store = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY, loadBalancerClass: 'example.com/internal-lb' });
  const f = one(diagnose(store).findings, 'service/loadbalancer-pending');
  assert.match(f.message, /no controller for loadBalancerClass example.com\/internal-lb has recorded any event/);
  assert.ok(f.evidence.some((e) => e.startsWith('spec.loadBalancerClass: example.com/internal-lb')));
});

test('service/loadbalancer-sync-failed: a failure newer than the last success, even with an address; older failure is clean', () => {
  const failing = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY, lbIngress: [{ ip: '34.120.5.17' }] }, {}, (_p, svc) => [
    event(svc, 'EnsuredLoadBalancer', 'Ensured load balancer', { lastAgo: 3 * 60 * MIN }),
    event(svc, 'UpdateLoadBalancerFailed', 'Error updating load balancer with new hosts map[node-a:{} node-b:{}]: googleapi: Error 403: Required \'compute.instanceGroups.update\' permission', { type: 'Warning', lastAgo: 10 * MIN, count: 4 }),
  ]);
  const { findings } = diagnose(failing);
  const f = one(findings, 'service/loadbalancer-sync-failed');
  assert.equal(f.severity, 'error');
  assertObject(f, 'web');
  assert.match(f.message, /^UpdateLoadBalancerFailed 10m ago, after the last success \(EnsuredLoadBalancer 3h ago\); address 34\.120\.5\.17 may be stale/);
  assert.ok(f.nextSteps.some((s) => /lack permission/.test(s)));
  assert.equal(only(findings, 'service/loadbalancer-pending').length, 0);

  const recovered = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY, lbIngress: [{ ip: '34.120.5.17' }] }, {}, (_p, svc) => [
    event(svc, 'SyncLoadBalancerFailed', 'Error syncing load balancer: timeout', { type: 'Warning', lastAgo: 3 * 60 * MIN }),
    event(svc, 'EnsuredLoadBalancer', 'Ensured load balancer', { lastAgo: 60 * MIN }),
  ]);
  assert.deepEqual(diagnose(recovered).findings, []);
});

test('service/lb-annotations-ignored: cloud LB annotations on a ClusterIP Service; GCP NEG annotations are fine', () => {
  const store = webWith([{}], { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } });
  const f = one(diagnose(store).findings, 'service/lb-annotations-ignored');
  assert.equal(f.severity, 'warning');
  assertObject(f, 'web');
  assert.match(f.message, /2 cloud load-balancer annotations on a ClusterIP Service have no effect/);
  assert.ok(f.evidence.includes('service.beta.kubernetes.io/aws-load-balancer-internal: true'));

  // On a ClusterIP Service a port-naming annotation is just one more ignored annotation: one finding, not two.
  const both = webWith([{}], { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'https' } });
  assert.match(one(diagnose(both).findings, 'service/lb-annotations-ignored').message, /^1 cloud load-balancer annotation on a ClusterIP Service has no effect/);

  const neg = webWith([{}], { annotations: { 'cloud.google.com/neg': '{"ingress": true}' } });
  assert.deepEqual(diagnose(neg).findings, []);
  const lb = webWith([{}], {
    type: 'LoadBalancer',
    lbIngress: [{ hostname: 'k8s-shop-web-1a2b3c.elb.eu-west-1.amazonaws.com' }],
    ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443, targetPort: 'http' }],
    annotations: { 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'https,443', 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
  });
  assert.deepEqual(diagnose(lb).findings, []);
});

test('service/external-traffic-local-imbalance: ETP Local with uneven ready endpoints per node', () => {
  const states = [{ node: 'node-a' }, { node: 'node-a' }, { node: 'node-a' }, { node: 'node-b' }];
  const store = webWith(states, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', lbIngress: [{ ip: '34.120.5.17' }] });
  const f = one(diagnose(store).findings, 'service/external-traffic-local-imbalance');
  assert.equal(f.severity, 'warning');
  assertObject(f, 'web');
  assert.match(f.message, /uneven ready endpoints per node \(node-a 3, node-b 1\).*each pod on node-b gets 3x the traffic of a pod on node-a/);
  assert.ok(f.evidence.includes('node-a: 3 ready of 3'));

  // Twins: the same spread with ETP Cluster, and an even spread with ETP Local.
  const cluster = webWith(states, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', lbIngress: [{ ip: '34.120.5.17' }] });
  assert.deepEqual(diagnose(cluster).findings, []);
  const even = webWith([{ node: 'node-a' }, { node: 'node-b' }, { node: 'node-c' }], { type: 'LoadBalancer', externalTrafficPolicy: 'Local', lbIngress: [{ ip: '34.120.5.17' }] });
  assert.deepEqual(diagnose(even).findings, []);
});

test('service/external-traffic-local-imbalance: all ready endpoints on one node of several', () => {
  const store = webWith([{ node: 'node-a' }, { node: 'node-a' }], { type: 'NodePort', externalTrafficPolicy: 'Local' });
  const f = one(diagnose(store).findings, 'service/external-traffic-local-imbalance');
  assert.match(f.message, /all 2 ready endpoints are on node-a: every other node fails the health check/);
  assert.ok(f.evidence.includes('Ready nodes in the cluster: 3'));
});

test('namespace scope: only Services of that namespace are inspected', () => {
  const objs = healthyWeb({ svc: { selector: { app: 'nothing' } } });
  assert.equal(diagnose(makeStore(objs), 'other').findings.length, 0);
  assert.equal(diagnose(makeStore(objs), 'shop').findings.length, 1);
});

test('Services forbidden: every check skipped, nothing reported', () => {
  const { findings, skipped } = diagnose(makeStore(healthyWeb(), { forbidden: ['Service'] }));
  assert.deepEqual(findings, []);
  assert.equal(skipped.length, checks.length);
});

// ---------- issue 9 and 11: near misses ranked by key-and-value overlap ----------

/** zk-hs selects app=zk,component=zk,release=prod; the zk pods carry component=server (a one-label difference). */
function zkCluster(o: { governed?: boolean; selector?: Record<string, string> } = {}): K8sObject[] {
  const zk = sb.statefulSet({ name: 'zk', serviceName: o.governed === false ? 'zookeeper' : 'zk-hs', labels: { app: 'zk', component: 'server', release: 'prod' }, templates: [] });
  const cache = sb.statefulSet({ name: 'cache', serviceName: 'cache-hs', labels: { app: 'cache', component: 'cache', release: 'prod' }, templates: [] });
  const api = sb.statefulSet({ name: 'api', serviceName: 'api', labels: { app: 'api', tier: 'backend' }, templates: [], replicas: 2 });
  const hs = sb.service('zk-hs', { selector: o.selector ?? { app: 'zk', component: 'zk', release: 'prod' } });
  return [zk, cache, api, hs, ...[0, 1, 2].map((i) => sb.pod(zk, i)), ...[0, 1, 2].map((i) => sb.pod(cache, i)), ...[0, 1].map((i) => sb.pod(api, i))];
}

function diagnoseAt(objs: K8sObject[], now: number) {
  const skipped: { check: string; kind: string; why: string }[] = [];
  return run({ store: sb.makeStore(objs), now, graceMs: GRACE, skipped: (check, kind, why) => skipped.push({ check, kind, why }) });
}

test('service/no-matching-pods (issue 9): the zk pods that differ by one label come first, with the differing key; pods sharing only a key are not near misses', () => {
  const f = one(diagnoseAt(zkCluster(), sb.NOW), 'service/no-matching-pods');
  assert.equal(f.severity, 'error');
  assertObject(f, 'zk-hs');
  assert.equal(f.message, 'selector app=zk,component=zk,release=prod matches none of the 8 pods in shop; closest: pods zk-0..2, with component=server');
  assert.deepEqual(f.evidence.slice(2), [
    'StatefulSet zk names zk-hs as its governing Service (spec.serviceName): pods zk-0..2 match 2 of 3 selector labels; they have component=server, the selector wants component=zk',
    'near miss: pods cache-0..2 match 1 of 3 selector labels; they have app=cache, the selector wants app=zk; they have component=cache, the selector wants component=zk',
  ]);
  assert.ok(!f.evidence.some((e) => /api-/.test(e)), 'app=api pods share only the key app');
  assert.equal(f.nextSteps.at(-1), "fix: the selector wants component=zk where pods zk-0..2 have component=server: correct the Service's selector (or the workload's template labels, which recreates its pods); every selector label must match");
  // Without the serviceName link, the ranking alone puts zk first.
  const g = one(diagnoseAt(zkCluster({ governed: false }), sb.NOW), 'service/no-matching-pods');
  assert.equal(g.evidence[2], 'near miss: pods zk-0..2 match 2 of 3 selector labels; they have component=server, the selector wants component=zk');
  // Twin: the right selector selects them.
  assert.deepEqual(only(diagnoseAt(zkCluster({ selector: { app: 'zk', component: 'server', release: 'prod' } }), sb.NOW), 'service/no-matching-pods'), []);
});

test('service/no-matching-pods (issue 11): a selector typo lists the pods whose label nearly matches, not pods that merely share the key', () => {
  const { deploy, rs } = deployment('frontend');
  const api = deployment('api', { hash: '5f6b7c8d9' });
  const pods = ['abc12', 'def34'].map((s) => pod(rs, s));
  const apiPods = ['x1y2z', 'q3w4e'].map((s) => pod(api.rs, s));
  const svc = service('frontend', { selector: { app: 'frontned' } });
  const f = one(diagnose(makeStore([deploy, rs, api.deploy, api.rs, ...pods, ...apiPods, svc, ...controllerSlices(svc, [])])).findings, 'service/no-matching-pods');
  assert.deepEqual(
    f.evidence.filter((e) => e.startsWith('near miss')),
    ['near miss: pods frontend-7d9c6b8f5-abc12, frontend-7d9c6b8f5-def34 match 0 of 1 selector label; they have app=frontend, the selector wants app=frontned'],
  );
  assert.match(f.message, /; closest: pods frontend-7d9c6b8f5-abc12, frontend-7d9c6b8f5-def34, with app=frontend$/);
  // Nothing alike at all: the values the key does take are listed instead of random pods.
  const none = service('frontend', { selector: { app: 'storefront-v2' } });
  const h = one(diagnose(makeStore([deploy, rs, api.deploy, api.rs, ...pods, ...apiPods, none, ...controllerSlices(none, [])])).findings, 'service/no-matching-pods');
  assert.ok(!h.evidence.some((e) => e.startsWith('near miss')));
  assert.ok(h.evidence.includes('values of app on pods in shop: api, frontend'));
  // Twin: the selector spelled right.
  const ok = service('frontend', { selector: { app: 'frontend' } });
  assert.deepEqual(only(diagnose(makeStore([deploy, rs, ...pods, ok, ...controllerSlices(ok, pods)])).findings, 'service/no-matching-pods'), []);
});

// ---------- issue 11: LoadBalancer pending while the implementation works for others ----------

test('service/loadbalancer-pending: another LoadBalancer of the same (default) class has an address, so the implementation is present', () => {
  const other = service('checkout', { namespace: 'payments', type: 'LoadBalancer', lbIngress: [{ ip: '203.0.113.40' }] });
  const store = webWith([{}], { type: 'LoadBalancer', createdAgo: 40 * MIN, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }, {}, () => [other, ...controllerSlices(other, [])]);
  const f = one(diagnose(store).findings, 'service/loadbalancer-pending');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'no external address after 40m, while another LoadBalancer Service without a loadBalancerClass (the default implementation) has one: the implementation works, but nothing has recorded an event on this Service');
  assert.ok(f.evidence.includes('other LoadBalancer Services without a loadBalancerClass (the default implementation) with an address: payments/checkout (203.0.113.40)'));
  assert.ok(f.evidence.includes('annotations: service.beta.kubernetes.io/aws-load-balancer-internal'));
  assert.match(f.nextSteps.at(-1)!, /^fix: compare this Service with payments\/checkout: its annotations .*spec\.loadBalancerClass/);
  for (const s of [f.message, ...f.nextSteps]) assert.doesNotMatch(s, /seems to handle|install a load-balancer implementation|MetalLB/);
  // Twin: a Service of another class with an address proves nothing about this one.
  const classed = service('internal', { namespace: 'payments', type: 'LoadBalancer', loadBalancerClass: 'example.com/internal-lb', lbIngress: [{ ip: '10.20.0.5' }] });
  const g = one(diagnose(webWith([{}], { type: 'LoadBalancer', createdAgo: 40 * MIN }, {}, () => [classed, ...controllerSlices(classed, [])])).findings, 'service/loadbalancer-pending');
  assert.match(g.message, /no cloud controller or load-balancer implementation \(e\.g\. MetalLB\) seems to handle it: no event on it \(no other LoadBalancer Service has an address\)$/);
});

test('service/loadbalancer-pending with a loadBalancerClass: another Service of that class with an address means its controller runs', () => {
  const other = service('internal', { namespace: 'payments', type: 'LoadBalancer', loadBalancerClass: 'example.com/internal-lb', lbIngress: [{ ip: '10.20.0.5' }] });
  const store = webWith([{}], { type: 'LoadBalancer', createdAgo: DAY, loadBalancerClass: 'example.com/internal-lb' }, {}, () => [other, ...controllerSlices(other, [])]);
  const f = one(diagnose(store).findings, 'service/loadbalancer-pending');
  assert.match(f.message, /while another LoadBalancer Service of loadBalancerClass example\.com\/internal-lb has one: the implementation works/);
  assert.doesNotMatch(f.nextSteps.join('\n'), /install or fix the load-balancer implementation/);
});

// ---------- issue 9: the fix follows why the pods do not serve ----------

test('service/no-ready-endpoints: one fix per cause (probe, crash, scheduling), none of them "make the readiness probe pass" for an unscheduled pod', () => {
  const store = webWith(
    [
      { state: 'readiness-failing', readyChangedAgo: 30 * MIN },
      { state: 'crashloop', node: 'node-b', readyChangedAgo: 30 * MIN },
      { state: 'unschedulable', createdAgo: 40 * MIN },
    ],
    {},
    {},
    (pods) => [unhealthy(pods[0]!, 42)],
  );
  const f = one(diagnose(store).findings, 'service/no-ready-endpoints');
  const fixes = f.nextSteps.filter((s) => s.startsWith('fix: '));
  assert.equal(fixes.length, 3, fixes.join('\n'));
  assert.match(fixes[0]!, /^fix: web-7d9c6b8f5-ghi56 is not scheduled: 3 nodes lack free cpu for this pod/);
  assert.match(fixes[1]!, /^fix: web-7d9c6b8f5-def34 crashes: the container exits 1/);
  assert.match(fixes[2]!, /^fix: web-7d9c6b8f5-abc12 fails its readiness probe: the application answers the probe with HTTP 503/);
  // Only unscheduled pods: no word about probes.
  const g = one(diagnose(webWith([{ state: 'unschedulable', createdAgo: 40 * MIN }])).findings, 'service/no-ready-endpoints');
  assert.ok(!g.nextSteps.some((s) => /readiness probe|probe/.test(s)), g.nextSteps.join('\n'));
});
