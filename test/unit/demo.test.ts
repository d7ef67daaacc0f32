// The bundled demo cluster (examples/demo-cluster, `k8stui --demo`): it loads
// cleanly, is internally consistent the way a real API server's objects are
// (owners, EndpointSlice targets, event subjects, StatefulSet claims and
// revisions all resolve), holds no key material, is reproduced byte for byte
// by scripts/gen-demo.mjs, and still plants what examples/demo-cluster/README.md
// says it plants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySnapshot, loadSnapshot } from '../../src/cluster/snapshot.js';
import { KINDS, type KindName } from '../../src/cluster/kinds.js';
import { ClusterStore } from '../../src/cluster/store.js';
import type { K8sObject, KubeEvent, Pod } from '../../src/model/types.js';
import { containerProbes, isPodReady, podSummary } from '../../src/model/pod.js';
import { eventsFor, eventTime } from '../../src/model/events.js';
import { matchesMap } from '../../src/model/labels.js';
import { parseTime } from '../../src/model/time.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(ROOT, 'examples/demo-cluster');
const CAPTURED_AT = '2026-11-20T10:30:00Z';
const NOW = Date.parse(CAPTURED_AT);
const DAY = 86400000;

// Whole objects (not the dashboard's compact projection): these tests check the demo's data as the API server prints it.
let loaded: { store: ClusterStore; result: Awaited<ReturnType<typeof loadSnapshot>> } | undefined;
async function demo() {
  if (!loaded) {
    const result = await loadSnapshot(DEMO);
    const store = new ClusterStore({ source: 'demo', path: DEMO }, { compact: false });
    applySnapshot(store, result);
    loaded = { store, result };
  }
  return loaded;
}

function all(store: ClusterStore): K8sObject[] {
  return KINDS.flatMap((k) => store.list(k.kind));
}
const get = <T extends K8sObject = K8sObject>(store: ClusterStore, kind: KindName, ns: string | undefined, name: string): T => {
  const o = store.get<T>(kind, ns, name);
  assert.ok(o, `${kind} ${ns ?? ''}/${name} is in the demo`);
  return o;
};
const ready = (p: Pod) => isPodReady(p);

test('the demo loads with no error, no unknown kind, its SnapshotInfo and the source "demo"', async () => {
  const { store, result } = await demo();
  assert.deepEqual(result.errors, []);
  assert.deepEqual([...result.unknownKinds.keys()], []);
  assert.deepEqual(store.warnings, []);
  assert.equal(store.info.source, 'demo');
  assert.equal(store.info.capturedAt, CAPTURED_AT);
  assert.equal(store.info.context, 'demo');
  assert.equal(store.info.server, 'https://demo.k8stui.invalid:6443');
  assert.equal(store.info.serverVersion, 'v1.34.2');
  assert.equal(store.info.namespace, undefined, 'all namespaces');
});

test('every kind k8stui reads has at least one object in the demo, and its status matches the SnapshotInfo', async () => {
  const { store, result } = await demo();
  for (const k of KINDS) {
    assert.ok(store.count(k.kind) >= 1, `${k.kind}: no object`);
    const ki = result.info!.kinds![k.kind]!;
    assert.equal(ki.count, store.count(k.kind), `${k.kind}: SnapshotInfo count`);
    if (k.kind === 'Secret') continue;
    assert.equal(store.status(k.kind).state, 'ready', `${k.kind} fully read`);
  }
  // Secrets are readable everywhere but in batch: absence there cannot be trusted.
  const s = store.status('Secret');
  assert.equal(s.state, 'partial');
  assert.equal(store.complete('Secret', 'shop'), true);
  assert.equal(store.complete('Secret', 'batch'), false);
  assert.equal(store.list('Secret', 'batch').length, 0);
});

test('the demo stays small: under 350 objects and 1 MB', async () => {
  const { store } = await demo();
  assert.ok(all(store).length < 350, `${all(store).length} objects`);
  const bytes = readdirSync(DEMO)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .reduce((n, f) => n + statSync(path.join(DEMO, f)).size, 0);
  assert.ok(bytes < 1024 * 1024, `${bytes} bytes`);
});

test('uids and resourceVersions are unique, and nothing was created after the capture', async () => {
  const { store } = await demo();
  const uids = new Set<string>();
  const rvs = new Set<string>();
  for (const o of all(store)) {
    const id = `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    assert.match(o.metadata.uid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, `${id}: uid`);
    assert.ok(!uids.has(o.metadata.uid!), `${id}: duplicate uid`);
    uids.add(o.metadata.uid!);
    assert.match(o.metadata.resourceVersion ?? '', /^\d+$/, `${id}: resourceVersion`);
    assert.ok(!rvs.has(o.metadata.resourceVersion!), `${id}: duplicate resourceVersion`);
    rvs.add(o.metadata.resourceVersion!);
    const created = parseTime(o.metadata.creationTimestamp);
    assert.ok(created !== undefined && created <= NOW, `${id}: creationTimestamp ${o.metadata.creationTimestamp}`);
  }
});

test('every ownerReference resolves to an object of that kind and name in the demo', async () => {
  const { store } = await demo();
  const byUid = new Map(all(store).map((o) => [o.metadata.uid!, o]));
  let refs = 0;
  for (const o of all(store)) {
    for (const r of o.metadata.ownerReferences ?? []) {
      refs++;
      const owner = byUid.get(r.uid);
      const id = `${o.kind} ${o.metadata.namespace}/${o.metadata.name} -> ${r.kind} ${r.name}`;
      assert.ok(owner, `${id}: owner uid ${r.uid} not found`);
      assert.equal(owner.kind, r.kind, id);
      assert.equal(owner.apiVersion, r.apiVersion, id);
      assert.equal(owner.metadata.name, r.name, id);
      if (owner.metadata.namespace) assert.equal(owner.metadata.namespace, o.metadata.namespace, `${id}: owner in another namespace`);
    }
    // Pods, ReplicaSets, Jobs (but standalone ones), EndpointSlices of selector Services have exactly one controller.
    if (o.kind === 'Pod' || o.kind === 'ReplicaSet' || o.kind === 'ControllerRevision') {
      assert.equal((o.metadata.ownerReferences ?? []).filter((r) => r.controller).length, 1, `${o.kind} ${o.metadata.name}: one controller`);
    }
  }
  assert.ok(refs > 100, `${refs} ownerReferences checked`);
});

test('every EndpointSlice names its Service, and every targetRef is a pod with that IP, node and zone', async () => {
  const { store } = await demo();
  let endpoints = 0;
  for (const s of store.list('EndpointSlice')) {
    const svcName = s.metadata.labels?.['kubernetes.io/service-name'];
    assert.ok(svcName, `${s.metadata.name}: kubernetes.io/service-name`);
    const svc = get(store, 'Service', s.metadata.namespace, svcName);
    assert.equal(s.addressType, 'IPv4');
    const managed = s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-controller.k8s.io';
    assert.equal(managed, !!svc.spec.selector, `${s.metadata.name}: only Services with a selector get controller-managed slices`);
    if (managed) assert.equal(s.metadata.ownerReferences?.[0]?.uid, svc.metadata.uid);
    for (const e of s.endpoints ?? []) {
      if (!e.targetRef) continue;
      endpoints++;
      assert.equal(e.targetRef.kind, 'Pod');
      const pod = store.list<Pod>('Pod', s.metadata.namespace).find((p) => p.metadata.uid === e.targetRef.uid);
      assert.ok(pod, `${s.metadata.name}: targetRef ${e.targetRef.name} (${e.targetRef.uid}) is not a pod`);
      assert.equal(pod.metadata.name, e.targetRef.name);
      assert.deepEqual(e.addresses, [pod.status!.podIP]);
      assert.equal(e.nodeName, pod.spec.nodeName);
      const node = get(store, 'Node', undefined, pod.spec.nodeName!);
      assert.equal(e.zone, node.metadata.labels!['topology.kubernetes.io/zone']);
      assert.ok(matchesMap(svc.spec.selector, pod.metadata.labels), `${pod.metadata.name} is selected by ${svcName}`);
      const terminating = !!pod.metadata.deletionTimestamp;
      assert.deepEqual(e.conditions, { ready: ready(pod) && !terminating, serving: ready(pod), terminating });
    }
  }
  assert.ok(endpoints > 30, `${endpoints} endpoints checked`);
  // Conversely: every running pod a selector Service selects has an endpoint.
  for (const svc of store.list('Service')) {
    if (!svc.spec.selector) continue;
    const slices = store.list('EndpointSlice', svc.metadata.namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
    assert.ok(slices.length >= 1, `${svc.metadata.name}: the controller always writes at least one slice`);
    const targeted = new Set(slices.flatMap((s) => (s.endpoints ?? []).map((e: any) => e.targetRef?.uid)));
    for (const p of store.list<Pod>('Pod', svc.metadata.namespace)) {
      if (!matchesMap(svc.spec.selector, p.metadata.labels) || !p.status?.podIP || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
      assert.ok(targeted.has(p.metadata.uid), `${svc.metadata.name}: pod ${p.metadata.name} has no endpoint`);
    }
  }
});

test("every event's involvedObject resolves, and only events a real cluster still holds (newer than one hour) are there", async () => {
  const { store } = await demo();
  const byUid = new Map(all(store).map((o) => [o.metadata.uid!, o]));
  const events = store.list<KubeEvent>('Event');
  assert.ok(events.length >= 30);
  for (const e of events) {
    const io = e.involvedObject;
    const subject = byUid.get(io.uid!);
    assert.ok(subject, `${e.metadata.name}: involvedObject ${io.kind} ${io.name} not found`);
    assert.equal(subject.kind, io.kind);
    assert.equal(subject.apiVersion, io.apiVersion);
    assert.equal(subject.metadata.name, io.name);
    assert.equal(subject.metadata.namespace, io.namespace);
    const rv = Number((io as { resourceVersion?: string }).resourceVersion);
    assert.ok(rv > 0 && rv <= Number(subject.metadata.resourceVersion), `${e.metadata.name}: involvedObject.resourceVersion`);
    assert.ok(e.reason && e.message && (e.type === 'Normal' || e.type === 'Warning'));
    const last = eventTime(e);
    assert.ok(last <= NOW && NOW - last <= 3600000, `${e.metadata.name}: last seen ${new Date(last).toISOString()} (event TTL is 1h)`);
    if (e.reportingComponent === 'default-scheduler') {
      assert.equal(e.firstTimestamp, null, 'events.k8s.io events have no firstTimestamp');
      assert.ok(e.eventTime);
    } else {
      assert.ok(e.source?.component && e.firstTimestamp && e.lastTimestamp && (e.count ?? 0) >= 1, `${e.metadata.name}: legacy recorder fields`);
      assert.ok(Date.parse(e.firstTimestamp) <= Date.parse(e.lastTimestamp));
    }
    if (e.source?.component === 'kubelet') assert.equal(e.source.host, (subject as Pod).spec.nodeName);
    if (io.fieldPath) assert.match(io.fieldPath, /^spec\.containers\{[a-z0-9-]+\}$/);
  }
});

test('StatefulSet pods, PVCs and ControllerRevisions follow the controller: <template>-<sts>-<ordinal>, revision hashes, DNS subdomain', async () => {
  const { store } = await demo();
  const claimed = new Set<string>();
  for (const sts of store.list('StatefulSet')) {
    const ns = sts.metadata.namespace!;
    const name = sts.metadata.name;
    const templates: string[] = (sts.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata.name);
    const start = sts.spec.ordinals?.start ?? 0;
    const revisions = store.list('ControllerRevision', ns).filter((r) => r.metadata.ownerReferences?.[0]?.uid === sts.metadata.uid);
    const revNames = new Set(revisions.map((r) => r.metadata.name));
    assert.ok(revNames.has(sts.status.currentRevision) && revNames.has(sts.status.updateRevision), `${name}: status revisions exist`);
    for (const r of revisions) assert.equal(r.metadata.labels!['controller.kubernetes.io/hash'], r.metadata.name.slice(name.length + 1));
    const pods = store.list<Pod>('Pod', ns).filter((p) => p.metadata.ownerReferences?.[0]?.uid === sts.metadata.uid);
    assert.ok(pods.length >= 1, `${name}: has pods`);
    for (const p of pods) {
      const m = /^(.*)-(\d+)$/.exec(p.metadata.name)!;
      assert.equal(m[1], name);
      const ordinal = Number(m[2]);
      assert.ok(ordinal >= start && ordinal < start + sts.spec.replicas, `${p.metadata.name} within the ordinal range`);
      assert.equal(p.metadata.labels!['apps.kubernetes.io/pod-index'], String(ordinal));
      assert.equal(p.metadata.labels!['statefulset.kubernetes.io/pod-name'], p.metadata.name);
      assert.ok(revNames.has(p.metadata.labels!['controller-revision-hash']!), `${p.metadata.name}: revision`);
      assert.ok(matchesMap(sts.spec.selector.matchLabels, p.metadata.labels));
      assert.equal(p.spec.hostname, p.metadata.name);
      assert.equal(p.spec.subdomain, sts.spec.serviceName || undefined);
      for (const t of templates) {
        const claimName = `${t}-${name}-${ordinal}`;
        const vol = (p.spec.volumes ?? []).find((v: any) => v.name === t);
        assert.equal(vol?.persistentVolumeClaim?.claimName, claimName, `${p.metadata.name} mounts ${claimName}`);
        get(store, 'PersistentVolumeClaim', ns, claimName);
      }
    }
    for (const c of store.list('PersistentVolumeClaim', ns)) {
      for (const t of templates) {
        const m = new RegExp(`^${t}-${name}-(\\d+)$`).exec(c.metadata.name);
        if (!m) continue;
        claimed.add(`${ns}/${c.metadata.name}`);
        assert.ok(matchesMap(sts.spec.selector.matchLabels, c.metadata.labels), `${c.metadata.name} carries the selector labels`);
      }
    }
  }
  for (const c of store.list('PersistentVolumeClaim')) {
    assert.ok(claimed.has(`${c.metadata.namespace}/${c.metadata.name}`), `${c.metadata.name} is <template>-<sts>-<ordinal> of a StatefulSet`);
    if (c.status.phase === 'Bound') {
      const pv = get(store, 'PersistentVolume', undefined, c.spec.volumeName);
      assert.equal(pv.spec.claimRef.uid, c.metadata.uid);
      assert.equal(pv.spec.storageClassName, c.spec.storageClassName);
    }
  }
});

test('pods run on demo nodes with an IP from the node podCIDR; Job pods carry their Job labels', async () => {
  const { store } = await demo();
  for (const p of store.list<Pod>('Pod')) {
    if (!p.spec.nodeName) {
      // Unschedulable (no node fits), or SchedulerError (a node was chosen, then binding failed: schedule_one.go).
      assert.ok(['Unschedulable', 'SchedulerError'].includes(podSummary(p).scheduling?.reason ?? ''), `${p.metadata.name}: unscheduled pods say why`);
      assert.ok(podSummary(p).scheduling?.message, `${p.metadata.name}: with the scheduler's message`);
      continue;
    }
    const node = get(store, 'Node', undefined, p.spec.nodeName);
    const prefix = node.spec.podCIDR.replace(/0\/24$/, '');
    assert.ok(p.status!.podIP!.startsWith(prefix), `${p.metadata.name}: ${p.status!.podIP} in ${node.spec.podCIDR}`);
    assert.equal(p.status!.hostIP, node.status.addresses.find((a: any) => a.type === 'InternalIP').address);
    const owner = p.metadata.ownerReferences?.[0];
    if (owner?.kind === 'Job') {
      const job = get(store, 'Job', p.metadata.namespace, owner.name);
      assert.equal(p.metadata.labels!['batch.kubernetes.io/controller-uid'], job.metadata.uid);
      assert.equal(p.metadata.labels!['job-name'], job.metadata.name);
      assert.ok(matchesMap(job.spec.selector.matchLabels, p.metadata.labels));
    }
  }
});

test('Secrets hold only a tls.crt, no key material is anywhere in the demo, and the certificates are dated as planned', async () => {
  const { store } = await demo();
  for (const f of readdirSync(DEMO, { recursive: true }) as string[]) {
    const p = path.join(DEMO, f);
    if (!statSync(p).isFile()) continue;
    const text = readFileSync(p, 'utf8');
    assert.ok(!/PRIVATE KEY/.test(text), `${f}: private key material`);
    assert.ok(!/tls\.key/.test(text) || f.endsWith('.md'), `${f}: tls.key`);
  }
  const certs = (name: string) => {
    const s = get(store, 'Secret', 'shop', name);
    assert.equal(s.type, 'kubernetes.io/tls');
    assert.deepEqual(Object.keys(s.data), ['tls.crt']);
    const pem = Buffer.from(s.data['tls.crt'], 'base64').toString('utf8');
    return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
  };
  const daysLeft = (c: X509Certificate) => (Date.parse(c.validTo) - NOW) / DAY;
  const [app, ca] = certs('my-tls');
  assert.ok(app && ca, 'my-tls holds the leaf and its CA');
  assert.ok(app.verify(ca.publicKey), 'the leaf is signed by the demo CA');
  assert.equal(app.checkHost('app.example.com'), 'app.example.com');
  assert.ok(daysLeft(app) > 21 && Date.parse(app.validFrom) < NOW);
  const [old] = certs('legacy-tls');
  assert.ok(daysLeft(old!) < 0, 'legacy-tls expired');
  const [store21] = certs('storefront-tls');
  assert.ok(daysLeft(store21!) > 0 && daysLeft(store21!) < 21, 'storefront-tls expires within 21 days');
  assert.equal(store21!.checkHost('www.shop.example.com'), 'www.shop.example.com');
  const [wild] = certs('wildcard-example-tls');
  assert.equal(wild!.checkHost('api.example.com'), '*.example.com');
  assert.equal(wild!.checkHost('api.internal.example.com'), undefined, 'a wildcard covers one label only');
  assert.deepEqual(certs('partners-tls'), [], 'partners-tls holds a certificate request, not a certificate');
});

test('scripts/gen-demo.mjs reproduces the committed demo byte for byte', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-demo.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr || r.stdout);
});

// What examples/demo-cluster/README.md says the demo plants, checked on the raw
// objects and through the shared model functions, so a regeneration cannot
// silently drop a scenario the views and checks rely on.
test('the demo plants the StatefulSet scenarios', async () => {
  const { store } = await demo();
  const sts = (n: string, ns = 'shop') => get(store, 'StatefulSet', ns, n);
  const pod = (n: string, ns = 'shop') => get<Pod>(store, 'Pod', ns, n);
  // design notes: web + headless nginx + www claims; scaled 4 -> 3 left www-web-3
  const web = sts('web', 'default');
  assert.equal(web.spec.serviceName, 'nginx');
  assert.equal(get(store, 'Service', 'default', 'nginx').spec.clusterIP, 'None');
  assert.equal(web.spec.volumeClaimTemplates[0].metadata.name, 'www');
  assert.deepEqual(['web-0', 'web-1', 'web-2'].map((n) => ready(pod(n, 'default'))), [true, true, true]);
  assert.equal(get(store, 'PersistentVolumeClaim', 'default', 'www-web-3').status.phase, 'Bound');
  assert.equal(store.get('Pod', 'default', 'web-3'), undefined);
  // db: governing Service missing; ledger: governing Service not headless; zk: selector mismatch; minio: none
  assert.equal(sts('db').spec.serviceName, 'db-headless');
  assert.equal(store.get('Service', 'shop', 'db-headless'), undefined);
  assert.notEqual(get(store, 'Service', 'shop', sts('ledger').spec.serviceName).spec.clusterIP, 'None');
  assert.equal(sts('ledger').spec.ordinals.start, 1);
  assert.equal(matchesMap(get(store, 'Service', 'shop', 'zk-hs').spec.selector, sts('zk').spec.template.metadata.labels), false);
  assert.equal(sts('minio', 'default').spec.serviceName, '');
  // probes: minio has none, ledger has no livenessProbe
  assert.equal(sts('minio', 'default').spec.template.spec.containers[0].readinessProbe, undefined);
  assert.ok(sts('ledger').spec.template.spec.containers[0].readinessProbe && !sts('ledger').spec.template.spec.containers[0].livenessProbe);
  // kafka: OrderedReady scale-up blocked at ordinal 1, which fails readiness
  const kafka = sts('kafka');
  assert.equal(kafka.spec.podManagementPolicy, 'OrderedReady');
  assert.equal(kafka.spec.replicas, 3);
  assert.equal(ready(pod('kafka-0')), true);
  assert.equal(podSummary(pod('kafka-1')).status, 'Running');
  assert.equal(ready(pod('kafka-1')), false);
  assert.equal(store.get('Pod', 'shop', 'kafka-2'), undefined);
  assert.match(eventsFor(store, 'Pod', 'shop', 'kafka-1')[0]!.message!, /^Readiness probe failed/);
  // queue: Parallel rollout, the updated ordinal has not become Ready for 20+ minutes
  const queue = sts('queue');
  assert.equal(queue.spec.podManagementPolicy, 'Parallel');
  assert.notEqual(queue.status.currentRevision, queue.status.updateRevision);
  assert.equal(pod('queue-2').metadata.labels!['controller-revision-hash'], queue.status.updateRevision);
  assert.equal(ready(pod('queue-2')), false);
  assert.ok(NOW - Date.parse(pod('queue-2').metadata.creationTimestamp!) > 20 * 60000);
  // cache: partition 2 holds ordinals 0 and 1 on the old revision
  const cache = sts('cache');
  assert.equal(cache.spec.updateStrategy.rollingUpdate.partition, 2);
  assert.deepEqual(['cache-0', 'cache-1', 'cache-2'].map((n) => pod(n).metadata.labels!['controller-revision-hash'] === cache.status.updateRevision), [false, false, true]);
  // zk: OnDelete with two pods on the old revision
  const zk = sts('zk');
  assert.equal(zk.spec.updateStrategy.type, 'OnDelete');
  assert.equal(zk.status.currentReplicas, 2);
  assert.equal(zk.status.updatedReplicas, 1);
  // es: claim template names StorageClass premium-ssd (absent); claim Pending with ProvisioningFailed; pod unschedulable
  assert.equal(sts('es').spec.volumeClaimTemplates[0].spec.storageClassName, 'premium-ssd');
  assert.equal(store.get('StorageClass', undefined, 'premium-ssd'), undefined);
  assert.equal(get(store, 'PersistentVolumeClaim', 'shop', 'data-es-0').status.phase, 'Pending');
  assert.equal(eventsFor(store, 'PersistentVolumeClaim', 'shop', 'data-es-0')[0]!.reason, 'ProvisioningFailed');
  assert.equal(podSummary(pod('es-0')).scheduling?.reason, 'Unschedulable');
  // the default StorageClass exists (a template without a class is fine)
  assert.equal(get(store, 'StorageClass', undefined, 'standard').metadata.annotations!['storageclass.kubernetes.io/is-default-class'], 'true');
});

test('the demo plants the pod scenarios, worded as kubectl and the kubelet word them', async () => {
  const { store } = await demo();
  const pods = (prefix: string) => store.list<Pod>('Pod', 'shop').filter((p) => p.metadata.name.startsWith(prefix));
  const cart = pods('cart-').filter((p) => !ready(p));
  assert.equal(cart.length, 1);
  assert.equal(eventsFor(store, 'Pod', 'shop', cart[0]!.metadata.name)[0]!.message, 'Readiness probe failed: HTTP probe failed with statuscode: 503');
  const orders = pods('orders-');
  assert.deepEqual(orders.map((p) => podSummary(p).status), ['CrashLoopBackOff', 'CrashLoopBackOff']);
  assert.equal(orders[0]!.status!.containerStatuses![0]!.lastState!.terminated!.exitCode, 1);
  const inv = pods('inventory-')[0]!;
  assert.equal(podSummary(inv).restarts, 4);
  assert.ok(eventsFor(store, 'Pod', 'shop', inv.metadata.name).some((e) => /^Liveness probe failed/.test(e.message!) && eventTime(e) > Date.parse(inv.status!.containerStatuses![0]!.state!.running!.startedAt!)), 'liveness failing again in the current run');
  const search = pods('search-').filter((p) => !ready(p));
  assert.equal(podSummary(search[0]!).status, 'ImagePullBackOff');
  const notif = pods('notifications-')[0]!;
  const probe = containerProbes(notif.spec.containers[0]!).find((p) => p.type === 'readiness')!;
  assert.equal(probe.unresolved, true, 'readiness probe on a port name the container does not declare');
  assert.match(eventsFor(store, 'Pod', 'shop', notif.metadata.name)[0]!.message!, /strconv\.Atoi: parsing "health"/);
  const terminating = store.list<Pod>('Pod').filter((p) => p.metadata.deletionTimestamp);
  assert.deepEqual(terminating.map((p) => podSummary(p).status), ['Terminating']);
  const ml = store.list<Pod>('Pod', 'batch').find((p) => p.metadata.name.startsWith('ml-training-'))!;
  assert.match(podSummary(ml).scheduling!.message!, /^0\/3 nodes are available: 3 Insufficient cpu\./);
  assert.equal(eventsFor(store, 'Pod', 'batch', ml.metadata.name)[0]!.reason, 'FailedScheduling');
});

test('the demo plants the Service and Ingress scenarios', async () => {
  const { store } = await demo();
  const svc = (n: string, ns = 'shop') => get(store, 'Service', ns, n);
  const types = new Set(store.list('Service').map((s) => (s.spec.clusterIP === 'None' ? 'Headless' : s.spec.type)));
  assert.deepEqual([...types].sort(), ['ClusterIP', 'ExternalName', 'Headless', 'LoadBalancer', 'NodePort']);
  assert.equal(svc('web-service').spec.ports[0].nodePort, 31000);
  // pending LoadBalancers: one with no event at all (its class has no controller), one refused by the cloud (quota)
  assert.deepEqual(svc('my-web-service').status.loadBalancer, {});
  assert.ok(NOW - Date.parse(svc('my-web-service').metadata.creationTimestamp!) >= 20 * 60000);
  assert.deepEqual(eventsFor(store, 'Service', 'shop', 'my-web-service'), []);
  assert.deepEqual(svc('api-service').status.loadBalancer, {});
  assert.match(eventsFor(store, 'Service', 'shop', 'api-service').find((e) => e.reason === 'SyncLoadBalancerFailed')!.message!, /TooManyLoadBalancers/);
  assert.ok(svc('web-https').status.loadBalancer.ingress[0].hostname);
  assert.equal(svc('web-https').metadata.annotations!['service.beta.kubernetes.io/aws-load-balancer-ssl-ports'], '443');
  assert.equal(svc('legacy-api').spec.type, 'ClusterIP');
  assert.ok(Object.keys(svc('legacy-api').metadata.annotations!).some((k) => k.startsWith('service.beta.kubernetes.io/aws-load-balancer-')));
  // externalTrafficPolicy Local with every ready endpoint on one node
  assert.equal(svc('checkout').spec.externalTrafficPolicy, 'Local');
  const coNodes = new Set(store.list('EndpointSlice', 'shop').filter((s) => s.metadata.labels!['kubernetes.io/service-name'] === 'checkout').flatMap((s) => s.endpoints.map((e: any) => e.nodeName)));
  assert.deepEqual([...coNodes], ['node-a']);
  // selectorless: one with a hand-written slice, one without
  const slicesOf = (n: string) => store.list('EndpointSlice', 'shop').filter((s) => s.metadata.labels!['kubernetes.io/service-name'] === n);
  assert.equal(svc('legacy-db').spec.selector, undefined);
  assert.equal(slicesOf('legacy-db').length, 1);
  assert.equal(svc('legacy-cache').spec.selector, undefined);
  assert.equal(slicesOf('legacy-cache').length, 0);
  // named targetPort no selected pod declares: the controller writes the endpoints without ports
  assert.equal(slicesOf('web-admin')[0]!.ports, null);
  assert.ok(slicesOf('web-admin')[0]!.endpoints.length > 0);
  // a named targetPort resolving to different numbers per pod: one slice per port set
  assert.deepEqual(slicesOf('search').map((s) => s.ports[0].port).sort(), [8080, 9090]);
  // ingresses
  const ing = (n: string, ns = 'shop') => get(store, 'Ingress', ns, n);
  assert.equal(ing('my-ingress').spec.tls[0].secretName, 'my-tls');
  assert.equal(store.get('Secret', 'shop', 'admin-tls'), undefined);
  assert.equal(ing('admin').spec.tls[0].secretName, 'admin-tls');
  assert.equal(store.get('IngressClass', undefined, ing('internal-tools').spec.ingressClassName), undefined);
  assert.deepEqual(ing('beta').status.loadBalancer, {});
  assert.equal(get(store, 'IngressClass', undefined, 'nginx').metadata.annotations!['ingressclass.kubernetes.io/is-default-class'], 'true');
  const backends = ing('shop-backends').spec.rules[0].http.paths.map((p: any) => p.backend.service.name);
  assert.ok(backends.includes('promo') && !store.get('Service', 'shop', 'promo'));
  const hostPaths = (n: string) => ing(n).spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${r.host}${p.path}`));
  assert.deepEqual(hostPaths('blog'), hostPaths('blog-v2'));
  assert.equal(ing('reports', 'batch').spec.tls[0].secretName, 'reports-tls');
});

test('the demo plants the CronJob and Job scenarios', async () => {
  const { store } = await demo();
  const cj = (n: string) => get(store, 'CronJob', 'batch', n);
  const job = (n: string) => get(store, 'Job', 'batch', n);
  const cond = (j: K8sObject, type: string) => (j.status.conditions ?? []).find((c: any) => c.type === type && c.status === 'True');
  const owned = (c: K8sObject) => store.list('Job', 'batch').filter((j) => j.metadata.ownerReferences?.[0]?.uid === c.metadata.uid);
  // design notes: daily-backup at 02:00 Asia/Shanghai, Forbid, a failed run in its history; data-processor Complete
  const daily = cj('daily-backup');
  assert.equal(daily.spec.schedule, '0 2 * * *');
  assert.equal(daily.spec.timeZone, 'Asia/Shanghai');
  assert.equal(daily.status.lastScheduleTime, '2026-11-19T18:00:00Z', '02:00 in Shanghai is 18:00 UTC the day before');
  const history = owned(daily);
  assert.equal(history.length, 3);
  assert.ok(history.some((j) => cond(j, 'Failed')));
  assert.equal(history.find((j) => j.metadata.name === 'daily-backup-29918520')!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-11-20T02:00:00+08:00');
  assert.ok(cond(job('data-processor'), 'Complete'));
  // concurrency: Forbid with an active Job past three scheduled times; Replace replacing unfinished Jobs
  assert.equal(cj('warehouse-sync').status.active.length, 1);
  assert.equal(eventsFor(store, 'CronJob', 'batch', 'warehouse-sync')[0]!.reason, 'JobAlreadyActive');
  assert.equal(cj('cache-warmer').spec.concurrencyPolicy, 'Replace');
  assert.ok(eventsFor(store, 'CronJob', 'batch', 'cache-warmer').some((e) => e.reason === 'SuccessfulDelete'));
  // the newest finished Job of nightly-report failed, its pods exited 1
  const nightly = owned(cj('nightly-report')).sort((a, b) => Date.parse(b.metadata.creationTimestamp!) - Date.parse(a.metadata.creationTimestamp!));
  assert.equal(cond(nightly[0]!, 'Failed')?.reason, 'BackoffLimitExceeded');
  // the rest of the schedule scenarios
  assert.equal(cj('log-cleanup').spec.suspend, true);
  assert.deepEqual([cj('heartbeat').spec.successfulJobsHistoryLimit, cj('heartbeat').spec.failedJobsHistoryLimit], [0, 0]);
  const missed = (NOW - Date.parse(cj('metrics-rollup').status.lastScheduleTime)) / 300000;
  assert.ok(missed > 100 && cj('metrics-rollup').spec.startingDeadlineSeconds === undefined, `${missed} missed`);
  assert.equal(cj('weekly-report').spec.timeZone, undefined);
  assert.equal(cj('weekly-report').status.lastScheduleTime, '2026-11-09T06:00:00Z', 'the Monday 11-16 run was missed');
  assert.equal(cj('legacy-sunday-cleanup').spec.schedule, '0 0 * * 7');
  assert.match(cj('eu-digest').spec.schedule, /^TZ=/);
  assert.throws(() => new Intl.DateTimeFormat('en', { timeZone: cj('apac-sync').spec.timeZone }), 'apac-sync has an invalid zone');
  // Jobs: failed with exit code 1; succeeded after retries (Complete, not Failed); stuck pending; no ttl; restartPolicy Always
  assert.equal(cond(job('import-catalog'), 'Failed')?.reason, 'BackoffLimitExceeded');
  const importPods = store.list<Pod>('Pod', 'batch').filter((p) => p.metadata.labels!['job-name'] === 'import-catalog');
  assert.deepEqual(importPods.map((p) => p.status!.containerStatuses![0]!.state!.terminated!.exitCode), [1, 1, 1]);
  const reindex = job('reindex-products');
  assert.ok(cond(reindex, 'Complete') && !cond(reindex, 'Failed') && reindex.status.failed === 2);
  assert.equal(job('ml-training').status.active, 1);
  const migrate = job('db-migrate-v42');
  assert.ok(cond(migrate, 'Complete') && migrate.spec.ttlSecondsAfterFinished === undefined && !migrate.metadata.ownerReferences);
  assert.equal(job('legacy-worker').spec.template.spec.restartPolicy, 'Always');
});
