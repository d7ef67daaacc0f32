// Service model: types, ports text, external address, and the endpoint map
// built from EndpointSlices (not the deprecated Endpoints).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Service,
  annotationPortProblems,
  clusterIpText,
  cloudAnnotations,
  endpointConditions,
  endpointsText,
  externalText,
  lbInfo,
  portText,
  portsText,
  resolutionText,
  serviceMap,
  serviceType,
} from '../../src/model/service.js';
import { DAY, MIN, NOW, controllerSlices, deployment, event, healthyWeb, loadYaml, makeStore, node, pod, service, slice } from '../fixtures/service/build.js';

function svcOf(store: ReturnType<typeof makeStore>, name: string, ns = 'shop'): Service {
  const s = store.get<Service>('Service', ns, name);
  assert.ok(s, `service ${ns}/${name} in the store`);
  return s;
}

test('the issue 4 example: LoadBalancer with ETP Local, named targetPort, ready / not ready / terminating endpoints', () => {
  const store = loadYaml('shop-web-lb.yaml');
  const svc = svcOf(store, 'web');
  assert.equal(serviceType(svc), 'LoadBalancer');
  assert.equal(externalText(svc, NOW), '<pending> 12m');
  const map = serviceMap(store, svc);
  assert.equal(portsText(map), '80→http(8080)/TCP :31000');
  const pe = map.ports[0]!;
  assert.equal(pe.named, true);
  assert.equal(resolutionText(pe), '8080 on 4 pods');
  assert.deepEqual(
    pe.endpoints.map((e) => [e.address, e.port, e.podName, e.nodeName, e.state]),
    [
      ['10.1.0.12', 8080, 'web-7d9c6b8f5-abc12', 'node-a', 'ready'],
      ['10.1.0.13', 8080, 'web-7d9c6b8f5-def34', 'node-b', 'not-ready'],
      ['10.1.0.14', 8080, 'web-7d9c6b8f5-ghi56', 'node-b', 'terminating'],
    ],
  );
  assert.equal(pe.endpoints[1]!.why, 'readiness probe failing, 3 events');
  assert.equal(pe.endpoints[2]!.serving, true, 'a terminating endpoint may still be serving');
  assert.equal(endpointsText(map), '1/2', 'the terminating endpoint is on its way out: not counted');
  assert.equal(map.terminating, 1);
  assert.equal(map.selected.length, 4);
  assert.deepEqual(
    map.withoutEndpoint.map((w) => [w.pod.metadata.name, w.why]),
    [['web-7d9c6b8f5-jkl78', 'Pending: Unschedulable']],
  );
  assert.equal(map.manualSlices.length, 0, 'slices written by the EndpointSlice controller are not manual');

  const lb = lbInfo(store, svc, map);
  assert.equal(lb.externalTrafficPolicy, 'Local');
  assert.equal(lb.healthCheckNodePort, 32456);
  assert.deepEqual(lb.nodes, [
    { node: 'node-a', ready: 1, total: 1 },
    { node: 'node-b', ready: 0, total: 2 },
  ]);
  assert.equal(lb.failing?.reason, 'SyncLoadBalancerFailed');
  assert.equal(lb.lastSuccess, undefined);
  assert.deepEqual(
    lb.events.map((e) => e.reason),
    ['SyncLoadBalancerFailed', 'EnsuringLoadBalancer'],
    'load-balancer events newest first; pod events are not the Service\'s',
  );
  const anns = cloudAnnotations(svc);
  assert.deepEqual(
    anns.map((a) => [a.key.replace('service.beta.kubernetes.io/', ''), a.provider]),
    [
      ['aws-load-balancer-ssl-cert', 'AWS'],
      ['aws-load-balancer-ssl-ports', 'AWS'],
      ['aws-load-balancer-type', 'AWS'],
    ],
  );
  assert.match(anns.find((a) => a.key.endsWith('-type'))!.meaning!, /Network Load Balancer/);
  assert.match(anns.find((a) => a.key.endsWith('-ssl-cert'))!.meaning!, /terminates TLS/);
  assert.deepEqual(annotationPortProblems(svc), [{ key: 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports', value: 'https', missing: ['https'] }]);
});

test('a named targetPort that resolves to different numbers on different pods', () => {
  const { deploy, rs } = deployment('api');
  const { rs: rsNew } = deployment('api', { hash: '5f6e7d8c9', ports: [{ name: 'http', containerPort: 9090 }] });
  const pods = [
    pod(rs, 'aaaaa', { node: 'node-a' }),
    pod(rs, 'bbbbb', { node: 'node-b' }),
    pod(rs, 'ccccc', { node: 'node-c' }),
    pod(rsNew, 'ddddd', { node: 'node-a', createdAgo: 3 * MIN }),
  ];
  const svc = service('api', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  const slices = controllerSlices(svc, pods);
  assert.equal(slices.length, 2, 'the controller writes one slice per distinct port set');
  const store = makeStore([node('node-a'), node('node-b'), node('node-c'), deploy, rs, rsNew, ...pods, svc, ...slices]);
  const map = serviceMap(store, svcOf(store, 'api'));
  const pe = map.ports[0]!;
  assert.equal(resolutionText(pe), '8080 on 3 pods, 9090 on 1');
  assert.equal(portText(pe), '80→http(8080|9090)/TCP');
  assert.deepEqual(pe.slicePorts, [8080, 9090]);
  assert.deepEqual(
    pe.endpoints.map((e) => `${e.podName}:${e.port}`),
    ['api-5f6e7d8c9-ddddd:9090', 'api-7d9c6b8f5-aaaaa:8080', 'api-7d9c6b8f5-bbbbb:8080', 'api-7d9c6b8f5-ccccc:8080'],
  );
  assert.equal(endpointsText(map), '4/4');
});

test('numeric targetPort, unnamed port, NodePort: kubectl-like PORTS text', () => {
  const svc = service('plain', { type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' }] });
  const store = makeStore([svc]);
  const map = serviceMap(store, svcOf(store, 'plain'));
  assert.equal(portsText(map), '80→8080/TCP :30080, 9100/TCP :31001');
  assert.equal(serviceType(svcOf(store, 'plain')), 'NodePort');
  assert.equal(externalText(svcOf(store, 'plain'), NOW), '<none>');
});

test('headless Service: per-pod DNS names from hostname/subdomain, the A record set, a custom cluster domain', () => {
  const { deploy, rs } = deployment('db', { ports: [{ name: 'pg', containerPort: 5432 }] });
  const pods = [
    pod(rs, 'p0000', { node: 'node-a', hostname: 'db-0', subdomain: 'db' }),
    pod(rs, 'p1111', { node: 'node-b', hostname: 'db-1', subdomain: 'db', state: 'readiness-failing', readyChangedAgo: 30 * MIN }),
    pod(rs, 'p2222', { node: 'node-c' }),
  ];
  const svc = service('db', { headless: true, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }] });
  const store = makeStore([deploy, rs, ...pods, svc, ...controllerSlices(svc, pods)], { clusterDomain: 'corp.internal' });
  const s = svcOf(store, 'db');
  assert.equal(serviceType(s), 'Headless');
  assert.equal(clusterIpText(s), 'None');
  const map = serviceMap(store, s);
  assert.equal(map.dns, 'db.shop.svc.corp.internal');
  assert.equal(map.headless?.aRecord, 'db.shop.svc.corp.internal');
  assert.deepEqual(
    map.headless?.pods.map((p) => [p.podName, p.dns, p.state]),
    [
      ['db-7d9c6b8f5-p0000', 'db-0.db.shop.svc.corp.internal', 'ready'],
      ['db-7d9c6b8f5-p1111', 'db-1.db.shop.svc.corp.internal', 'not-ready'],
      ['db-7d9c6b8f5-p2222', undefined, 'ready'],
    ],
  );
});

test('headless: the endpoint hostname is used when the pod itself is not readable', () => {
  const svc = service('kafka', { headless: true, selector: null, ports: [{ name: 'broker', port: 9092, targetPort: 9092 }] });
  const eps = slice(svc, 'm1', [{ addresses: ['10.1.0.40'], hostname: 'kafka-0', conditions: { ready: true } }], [{ name: 'broker', port: 9092, protocol: 'TCP' }], { managedBy: 'endpointslicemirroring-controller.k8s.io' });
  const store = makeStore([svc, eps], { forbidden: ['Pod'] });
  const map = serviceMap(store, svcOf(store, 'kafka'));
  assert.equal(map.podsComplete, false);
  assert.equal(map.headless?.pods[0]?.dns, 'kafka-0.kafka.shop.svc.cluster.local');
});

test('ExternalName: the external name, no cluster IP, no endpoints', () => {
  const svc = service('payments', { type: 'ExternalName', externalName: 'payments.eu.example.net' });
  const store = makeStore([svc]);
  const s = svcOf(store, 'payments');
  assert.equal(serviceType(s), 'ExternalName');
  assert.equal(externalText(s, NOW), 'payments.eu.example.net');
  assert.equal(clusterIpText(s), '<none>');
  const map = serviceMap(store, s);
  assert.equal(endpointsText(map), '-');
  assert.equal(map.selectorless, true);
});

test('selectorless Service with manually managed EndpointSlices; nil conditions mean ready', () => {
  const svc = service('legacy-db', { selector: null, ports: [{ port: 5432, targetPort: 5432 }] });
  const eps = slice(
    svc,
    'manual',
    [
      { addresses: ['192.168.50.10'], conditions: {} },
      { addresses: ['192.168.50.11'], conditions: { ready: false } },
    ],
    [{ name: '', port: 5432, protocol: 'TCP' }],
    { managedBy: 'staff' },
  );
  const store = makeStore([svc, eps]);
  const map = serviceMap(store, svcOf(store, 'legacy-db'));
  assert.equal(map.selectorless, true);
  assert.deepEqual(map.manualSlices.map((s) => s.metadata.name), ['legacy-db-manual']);
  assert.deepEqual(
    map.ports[0]!.endpoints.map((e) => [e.address, e.port, e.state, e.why]),
    [
      ['192.168.50.10', 5432, 'ready', undefined],
      ['192.168.50.11', 5432, 'not-ready', 'ready=false in the EndpointSlice'],
    ],
  );
  assert.equal(endpointsText(map), '1/2');
  assert.deepEqual(endpointConditions({ addresses: ['10.0.0.1'] }), { ready: true, serving: true, terminating: false });
  assert.deepEqual(endpointConditions({ addresses: ['10.0.0.1'], conditions: { ready: false, terminating: true } }), { ready: false, serving: false, terminating: true });
});

test('an EndpointSlice of another Service or namespace is not mixed in; only the service-name label counts', () => {
  const objs = healthyWeb();
  const other = service('web', { namespace: 'staging' });
  const stray = slice(other, 'zz999', [{ addresses: ['10.9.9.9'], conditions: { ready: true } }], [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const store = makeStore([...objs, other, stray]);
  const map = serviceMap(store, svcOf(store, 'web'));
  assert.equal(map.total, 3);
  assert.ok(!map.endpoints.some((e) => e.address === '10.9.9.9'));
});

test('LoadBalancer with an address; failures older than the last success are not failing', () => {
  const svc = service('edge', { type: 'LoadBalancer', lbIngress: [{ hostname: 'a1b2c3-123456789.eu-west-1.elb.amazonaws.com' }] });
  const store = makeStore([
    svc,
    event(svc, 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: Throttling: Rate exceeded', { type: 'Warning', lastAgo: 2 * DAY }),
    event(svc, 'EnsuredLoadBalancer', 'Ensured load balancer', { lastAgo: DAY }),
  ]);
  const s = svcOf(store, 'edge');
  assert.equal(externalText(s, NOW), 'a1b2c3-123456789.eu-west-1.elb.amazonaws.com');
  const lb = lbInfo(store, s);
  assert.equal(lb.failing, undefined);
  assert.equal(lb.lastFailure?.reason, 'SyncLoadBalancerFailed');
  assert.equal(lb.lastSuccess?.reason, 'EnsuredLoadBalancer');
});

test('GCP and Azure annotations are recognised; Ingress-related GCP annotations are not load-balancer-only', () => {
  const svc = service('gw', {
    annotations: {
      'networking.gke.io/load-balancer-type': 'Internal',
      'cloud.google.com/neg': '{"ingress": true}',
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      'example.com/other': 'x',
    },
  });
  const anns = cloudAnnotations(svc);
  assert.deepEqual(
    anns.map((a) => [a.key, a.provider, a.lbOnly]),
    [
      ['cloud.google.com/neg', 'GCP', false],
      ['networking.gke.io/load-balancer-type', 'GCP', true],
      ['service.beta.kubernetes.io/azure-load-balancer-internal', 'Azure', true],
    ],
  );
  assert.match(anns[1]!.meaning!, /internal/);
  assert.match(anns[2]!.meaning!, /internal load balancer/);
});

test('the map is cached per store version and rebuilt after a change', () => {
  const objs = healthyWeb();
  const store = makeStore(objs);
  const s = svcOf(store, 'web');
  const a = serviceMap(store, s);
  assert.equal(serviceMap(store, s), a);
  const p = store.list('Pod', 'shop')[0]!;
  store.remove('Pod', p);
  const b = serviceMap(store, s);
  assert.notEqual(b, a);
  assert.equal(b.selected.length, 2);
});

test('readiness failures from before the pod last turned not ready are history, not the cause', () => {
  const { deploy, rs } = deployment('web');
  // Not ready for 10 minutes now; the probe failures are from two days ago.
  const p = pod(rs, 'abc12', { state: 'crashloop', readyChangedAgo: 10 * MIN });
  const svc = service('web');
  const old = event(p, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', { type: 'Warning', count: 9, lastAgo: 2 * DAY, component: 'kubelet', fieldPath: 'spec.containers{app}' });
  const store = makeStore([deploy, rs, p, svc, ...controllerSlices(svc, [p]), old]);
  assert.equal(serviceMap(store, svcOf(store, 'web')).endpoints[0]!.why, 'not running: CrashLoopBackOff');
  const p2 = pod(rs, 'def34', { state: 'readiness-failing', readyChangedAgo: 10 * MIN });
  const recent = event(p2, 'Unhealthy', 'Readiness probe failed: Get "http://10.1.0.110:8080/ready": context deadline exceeded', { type: 'Warning', count: 4, lastAgo: 30_000, component: 'kubelet', fieldPath: 'spec.containers{app}' });
  const ancient = event(p2, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500', { type: 'Warning', count: 50, lastAgo: 3 * DAY, component: 'kubelet', fieldPath: 'spec.containers{app}' });
  const store2 = makeStore([deploy, rs, p2, svc, ...controllerSlices(svc, [p2]), recent, ancient]);
  assert.equal(serviceMap(store2, svcOf(store2, 'web')).endpoints[0]!.why, 'readiness probe failing, 4 events');
});
