// The namespace map: Ingress → Service → owner → Pods through EndpointSlices,
// with health, and the Services no Ingress routes to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sObject } from '../../src/model/types.js';
import { type MapNode, mapNamespaces, namespaceMap, ownerChain, worst } from '../../src/model/nsmap.js';
import { DAY, MIN, NOW, controllerSlices, deployment, iso, makeStore, node, pod, service, uid } from '../fixtures/service/build.js';
import { ingress, ingressClass } from '../fixtures/ingress/build.js';

function flat(nodes: MapNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.kind}/${n.name} [${n.health}] ${n.text}`.trimEnd(), ...flat(n.children, depth + 1)]);
}

/** A StatefulSet with one pod, as the controller writes them. */
function statefulSetWithPod(): K8sObject[] {
  const sts: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop', uid: uid('sts/db'), resourceVersion: '90211', generation: 1, creationTimestamp: iso(10 * DAY), labels: { app: 'db' } },
    spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, podManagementPolicy: 'OrderedReady', template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres:17.2', ports: [{ name: 'pg', containerPort: 5432, protocol: 'TCP' }] }] } } },
    status: { replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 1, currentRevision: 'db-6b8f9c7d5', updateRevision: 'db-6b8f9c7d5', observedGeneration: 1, collisionCount: 0 },
  };
  // Reuse the pod builder's kubelet status, then make it the StatefulSet's pod.
  const { rs } = deployment('db', { labels: { app: 'db' }, ports: [{ name: 'pg', containerPort: 5432 }] });
  const p = pod(rs, 'x', { node: 'node-b', hostname: 'db-0', subdomain: 'db' });
  p.metadata.name = 'db-0';
  delete p.metadata.generateName;
  p.metadata.uid = uid('pod/db-0');
  p.metadata.labels = { app: 'db', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'db-6b8f9c7d5', 'statefulset.kubernetes.io/pod-name': 'db-0' };
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: sts.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  return [sts, p];
}

/** A CronJob's Job and its running pod. */
function cronJobWithPod(): K8sObject[] {
  const cj: K8sObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'shop', uid: uid('cj/report'), resourceVersion: '90301', generation: 1, creationTimestamp: iso(30 * DAY) },
    spec: { schedule: '*/30 * * * *', concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'registry.example.com/report:2' }] } } } } },
    status: { lastScheduleTime: iso(5 * MIN), active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-29883630', namespace: 'shop' }] },
  };
  const job: K8sObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'report-29883630',
      namespace: 'shop',
      uid: uid('job/report-29883630'),
      resourceVersion: '90310',
      generation: 1,
      creationTimestamp: iso(5 * MIN),
      labels: { 'batch.kubernetes.io/controller-uid': uid('job/report-29883630'), 'batch.kubernetes.io/job-name': 'report-29883630', 'controller-uid': uid('job/report-29883630'), 'job-name': 'report-29883630' },
      annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': iso(5 * MIN), 'batch.kubernetes.io/job-tracking': '' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { backoffLimit: 6, completionMode: 'NonIndexed', completions: 1, parallelism: 1, suspend: false },
    status: { active: 1, ready: 1, startTime: iso(5 * MIN), terminating: 0, uncountedTerminatedPods: {} },
  };
  const { rs } = deployment('report', { labels: { app: 'report' }, ports: [{ name: 'metrics', containerPort: 9102 }], readinessProbe: false });
  const p = pod(rs, 'k2m4p', { node: 'node-a', createdAgo: 5 * MIN });
  p.metadata.name = 'report-29883630-k2m4p';
  p.metadata.generateName = 'report-29883630-';
  p.metadata.labels = { app: 'report', 'batch.kubernetes.io/job-name': 'report-29883630', 'job-name': 'report-29883630', 'batch.kubernetes.io/controller-uid': job.metadata.uid! };
  p.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  return [cj, job, p];
}

function scenario(): K8sObject[] {
  const web = deployment('web');
  const webPods = [pod(web.rs, 'abc12', { node: 'node-a' }), pod(web.rs, 'def34', { node: 'node-b', state: 'readiness-failing', readyChangedAgo: 20 * MIN })];
  const webSvc = service('web');
  const [sts, dbPod] = statefulSetWithPod();
  const dbSvc = service('db', { headless: true, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }] });
  const [cj, job, reportPod] = cronJobWithPod();
  const reportSvc = service('report-metrics', { selector: { app: 'report' }, ports: [{ name: 'metrics', port: 9102, targetPort: 'metrics' }] });
  const orphanSvc = service('old', { selector: { app: 'gone' } });
  return [
    node('node-a'),
    node('node-b'),
    web.deploy,
    web.rs,
    ...webPods,
    webSvc,
    ...controllerSlices(webSvc, webPods),
    sts!,
    dbPod!,
    dbSvc,
    ...controllerSlices(dbSvc, [dbPod!]),
    cj!,
    job!,
    reportPod!,
    reportSvc,
    ...controllerSlices(reportSvc, [reportPod!]),
    orphanSvc,
    ...controllerSlices(orphanSvc, []),
    ingressClass('nginx', { isDefault: true }),
    ingress('shop', { className: 'nginx', paths: [{ host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
  ];
}

test('the namespace tree: Ingress → Service → owner → Pods, then Services without an Ingress', () => {
  const store = makeStore(scenario());
  assert.deepEqual(flat(namespaceMap(store, 'shop', NOW)), [
    'Ingress/shop [warn] nginx  shop.example.com  203.0.113.10  backends 1/1',
    '  Service/web [warn] ClusterIP port 80  1/2 ready',
    '    Deployment/web [ok] 3/3 ready  via rs/web-7d9c6b8f5',
    '      Pod/web-7d9c6b8f5-abc12 [ok] Running  node-a  ready',
    '      Pod/web-7d9c6b8f5-def34 [warn] Running  node-b  not ready (readiness probe not passed yet (app))',
    'Group/Services without an Ingress [error]',
    '  Service/db [ok] Headless  1/1 ready',
    '    StatefulSet/db [ok] 1/1 ready',
    '      Pod/db-0 [ok] Running  node-b  ready',
    '  Service/old [error] ClusterIP  0/0 ready  selector matches no pod',
    '  Service/report-metrics [ok] ClusterIP  1/1 ready',
    '    CronJob/report [ok] schedule */30 * * * *  via job/report-29883630',
    '      Pod/report-29883630-k2m4p [ok] Running  node-a  ready',
  ]);
});

test('owner chains: ReplicaSet → Deployment, Job → CronJob, StatefulSet', () => {
  const store = makeStore(scenario());
  const pods = store.list('Pod', 'shop');
  const chain = (name: string) => {
    const c = ownerChain(store, pods.find((p) => p.metadata.name === name)! as never)!;
    return [c.kind, c.name, c.via.map((v) => `${v.kind}/${v.name}`).join(',')];
  };
  assert.deepEqual(chain('web-7d9c6b8f5-abc12'), ['Deployment', 'web', 'ReplicaSet/web-7d9c6b8f5']);
  assert.deepEqual(chain('report-29883630-k2m4p'), ['CronJob', 'report', 'Job/report-29883630']);
  assert.deepEqual(chain('db-0'), ['StatefulSet', 'db', '']);
});

test('an Ingress whose backend Service is missing is an error node; an unknown class too', () => {
  const objs = scenario().filter((o) => !(o.kind === 'Ingress'));
  objs.push(ingress('shop', { className: 'nginx', paths: [{ host: 'shop.example.com', path: '/', pathType: 'Prefix', service: 'nope', port: 80 }] }));
  objs.push(ingress('lost', { className: 'haproxy', paths: [{ host: 'lost.example.com', path: '/', pathType: 'Prefix', service: 'db', port: 5432 }] }));
  const store = makeStore(objs);
  const roots = namespaceMap(store, 'shop', NOW);
  const lost = roots.find((r) => r.name === 'lost')!;
  assert.equal(lost.health, 'error');
  assert.match(lost.text, /^haproxy \(missing\)/);
  const shop = roots.find((r) => r.name === 'shop')!;
  assert.equal(shop.health, 'error');
  assert.deepEqual(shop.children.map((c) => `${c.kind}/${c.name} ${c.health} ${c.text}`), ['Service/nope error not found']);
  // db is routed by "lost", so it is not listed again among the Services without an Ingress.
  const group = roots.find((r) => r.kind === 'Group')!;
  assert.ok(!group.children.some((c) => c.name === 'db'));
});

test('namespaces of the all-namespaces map and the health order', () => {
  const objs = [...scenario(), service('api', { namespace: 'payments' })];
  const store = makeStore(objs);
  assert.deepEqual(mapNamespaces(store), ['payments', 'shop']);
  assert.deepEqual(mapNamespaces(store, 'shop'), ['shop']);
  assert.equal(worst('ok', 'muted', 'warn'), 'warn');
  assert.equal(worst('warn', 'error', 'ok'), 'error');
  assert.equal(worst(), 'muted');
});
