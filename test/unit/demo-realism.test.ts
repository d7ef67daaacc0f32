// The bundled demo says what a v1.34 API server and its controllers would say:
// pod phases and conditions as the kubelet derives them, Job status as the Job
// controller writes it, Deployments with the old ReplicaSets a real cluster
// keeps, status.observedGeneration where a controller writes one, the API
// server's Service defaults, and event reporting fields as each recorder sets
// them. Checked over every object, so a new scenario cannot drift from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySnapshot, loadSnapshot } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import type { K8sObject } from '../../src/model/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(ROOT, 'examples/demo-cluster');

let loaded: ClusterStore | undefined;
async function demo(): Promise<ClusterStore> {
  if (!loaded) {
    // Whole objects (not the dashboard's compact projection): the demo's data as the API server prints it.
    loaded = new ClusterStore({ source: 'demo', path: DEMO }, { compact: false });
    applySnapshot(loaded, await loadSnapshot(DEMO));
  }
  return loaded;
}

// Raw API objects: the fields checked here are read as the API server prints them.
type Obj = K8sObject & { spec?: any; status?: any; [k: string]: any };
const list = (store: ClusterStore, kind: Parameters<ClusterStore['list']>[0], ns?: string) => store.list<Obj>(kind, ns);
const id = (o: Obj) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const cond = (o: Obj, type: string) => (o.status?.conditions ?? []).find((c: any) => c.type === type);
const isTrue = (o: Obj, type: string) => cond(o, type)?.status === 'True';
const controlledBy = (o: Obj, owner: Obj) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
const terminal = (p: Obj) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** kubelet getPhase for pods without init containers. */
function expectedPhase(p: Obj): string {
  const states: any[] = p.status?.containerStatuses ?? [];
  if (!p.spec.nodeName || !states.length) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of states) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting) return 'Pending';
  if (running) return 'Running';
  const policy = p.spec.restartPolicy;
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'OnFailure' ? 'Running' : 'Failed';
}

/** pkg/apis/core/helper/qos for containers without init containers. */
function expectedQos(p: Obj): string {
  const rs = p.spec.containers.map((c: any) => c.resources ?? {});
  if (rs.every((r: any) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = rs.every(
    (r: any) => r.limits?.cpu && r.limits?.memory && (!r.requests || (r.requests.cpu === r.limits.cpu && r.requests.memory === r.limits.memory)),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

test("every pod's phase is what the kubelet derives from its containers and restart policy", async () => {
  const store = await demo();
  const phases = new Map<string, number>();
  for (const p of list(store, 'Pod')) {
    assert.equal(p.status.phase, expectedPhase(p), `${id(p)}: phase`);
    phases.set(p.status.phase, (phases.get(p.status.phase) ?? 0) + 1);
    for (const s of p.status.containerStatuses ?? []) assert.equal(s.started, !!s.state.running, `${id(p)} ${s.name}: started`);
  }
  // the demo has every phase, including a bound pod that is Pending because its image never pulled
  assert.deepEqual([...phases.keys()].sort(), ['Failed', 'Pending', 'Running', 'Succeeded']);
  assert.ok(list(store, 'Pod').some((p) => p.spec.nodeName && p.status.phase === 'Pending' && p.status.podIP));
});

test('pod conditions: terminal pods are not Ready (PodCompleted / PodFailed), running pods are Ready exactly when every container is', async () => {
  const store = await demo();
  for (const p of list(store, 'Pod')) {
    if (!p.spec.nodeName) {
      assert.equal(cond(p, 'PodScheduled')?.status, 'False', `${id(p)}: unscheduled`);
      // SchedulerError only where a node was chosen and binding failed (kube-scheduler's PreBind/Bind), e.g. a claim
      // the scheduler selected a node for (volume.kubernetes.io/selected-node) whose volume never came.
      const reason = cond(p, 'PodScheduled')?.reason;
      assert.ok(reason === 'Unschedulable' || (reason === 'SchedulerError' && /^running (PreBind|Bind) plugin /.test(cond(p, 'PodScheduled')?.message)), `${id(p)}: ${reason}`);
      assert.equal(p.status.containerStatuses, undefined);
      continue;
    }
    assert.equal(cond(p, 'PodScheduled')?.status, 'True', id(p));
    assert.equal(cond(p, 'Initialized')?.status, 'True', id(p));
    if (terminal(p)) {
      const why = p.status.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
      for (const t of ['Ready', 'ContainersReady']) {
        assert.equal(cond(p, t)?.status, 'False', `${id(p)}: ${t}`);
        assert.equal(cond(p, t)?.reason, why, `${id(p)}: ${t} reason`);
      }
      assert.equal(cond(p, 'PodReadyToStartContainers')?.status, 'False', `${id(p)}: sandbox gone`);
      for (const s of p.status.containerStatuses) assert.ok(s.state.terminated && !s.ready, `${id(p)} ${s.name}: terminated`);
      if (p.status.phase === 'Failed') {
        assert.ok(p.status.containerStatuses.some((s: any) => s.state.terminated.exitCode !== 0 && s.state.terminated.reason === 'Error'), `${id(p)}: a container exited non-zero`);
      }
    } else {
      const allReady = p.status.containerStatuses.every((s: any) => s.ready);
      assert.equal(isTrue(p, 'ContainersReady'), allReady, `${id(p)}: ContainersReady`);
      assert.equal(isTrue(p, 'Ready'), allReady, `${id(p)}: Ready`);
      if (!allReady) assert.equal(cond(p, 'Ready')?.reason, 'ContainersNotReady');
    }
  }
});

test('every pod has its qosClass; only the kubelet writes status.observedGeneration; a graceful delete bumps generation', async () => {
  const store = await demo();
  let deleting = 0;
  for (const p of list(store, 'Pod')) {
    assert.equal(p.status.qosClass, expectedQos(p), `${id(p)}: qosClass`);
    const gen = p.metadata.generation!;
    assert.ok(gen >= 1, `${id(p)}: metadata.generation`);
    if (p.metadata.deletionTimestamp) {
      deleting++;
      assert.ok(gen >= 2, `${id(p)}: graceful deletion bumps generation`);
    }
    if (p.spec.nodeName) {
      assert.equal(p.status.observedGeneration, gen, `${id(p)}: the kubelet reports the generation it saw`);
      for (const c of p.status.conditions) assert.equal(c.observedGeneration, gen, `${id(p)} ${c.type}: observedGeneration`);
    } else {
      assert.equal(p.status.observedGeneration, undefined, `${id(p)}: no kubelet has seen an unscheduled pod`);
    }
  }
  assert.equal(deleting, 1);
});

test('Jobs: status exactly as the Job controller writes it, counts matching their pods', async () => {
  const store = await demo();
  const pods = list(store, 'Pod');
  const seen = { complete: 0, failed: 0, running: 0 };
  for (const j of list(store, 'Job')) {
    const s = j.status;
    const own = pods.filter((p) => controlledBy(p, j));
    const failedPods = own.filter((p) => p.status.phase === 'Failed').length;
    const succeededPods = own.filter((p) => p.status.phase === 'Succeeded').length;
    assert.ok(s.startTime, `${id(j)}: startTime`);
    assert.equal(s.terminating, 0, `${id(j)}: terminating`);
    assert.deepEqual(s.uncountedTerminatedPods, {}, `${id(j)}: uncountedTerminatedPods`);
    assert.equal(typeof s.ready, 'number', `${id(j)}: ready`);
    for (const p of own) {
      const tracked = (p.metadata.finalizers ?? []).includes('batch.kubernetes.io/job-tracking');
      assert.equal(tracked, !terminal(p), `${id(p)}: the tracking finalizer stays until the pod is counted`);
    }
    const complete = isTrue(j, 'Complete');
    const failed = isTrue(j, 'Failed');
    assert.ok(!(complete && failed), `${id(j)}: not both Complete and Failed`);
    if (complete) {
      seen.complete++;
      assert.ok(isTrue(j, 'SuccessCriteriaMet'), `${id(j)}: SuccessCriteriaMet before Complete`);
      assert.equal(cond(j, 'Complete').reason, 'CompletionsReached');
      assert.ok(s.completionTime && Date.parse(s.completionTime) >= Date.parse(s.startTime), `${id(j)}: completionTime`);
      assert.equal(s.succeeded, succeededPods, `${id(j)}: succeeded`);
      assert.ok(s.succeeded >= j.spec.completions);
      assert.equal(s.failed ?? 0, failedPods, `${id(j)}: failed`);
    } else if (failed) {
      seen.failed++;
      const ft = cond(j, 'FailureTarget');
      const f = cond(j, 'Failed');
      assert.equal(ft?.status, 'True', `${id(j)}: FailureTarget before Failed`);
      assert.equal(ft.reason, f.reason);
      assert.ok(Date.parse(ft.lastTransitionTime) <= Date.parse(f.lastTransitionTime));
      if (f.reason === 'BackoffLimitExceeded') assert.equal(f.message, 'Job has reached the specified backoff limit');
      assert.equal(s.completionTime, undefined, `${id(j)}: completionTime is only set on Complete`);
      assert.ok(s.failed > 0, `${id(j)}: a failed Job counts its failed pods`);
      if (own.length) assert.equal(s.failed, failedPods, `${id(j)}: failed = its Failed pods`);
      if (j.spec.template.spec.restartPolicy === 'Never' && f.reason === 'BackoffLimitExceeded') assert.ok(s.failed > j.spec.backoffLimit, `${id(j)}: failed past backoffLimit`);
      assert.equal(s.active, undefined);
      assert.equal(s.ready, 0);
      assert.ok(own.every(terminal), `${id(j)}: no pod left running`);
    } else {
      seen.running++;
      assert.equal(s.completionTime, undefined);
      const live = own.filter((p) => !terminal(p) && !p.metadata.deletionTimestamp);
      assert.equal(s.active, live.length, `${id(j)}: active`);
      assert.equal(s.ready, live.filter((p) => isTrue(p, 'Ready')).length, `${id(j)}: ready`);
      assert.ok((s.failed ?? 0) >= failedPods, `${id(j)}: failed`);
    }
    if (complete || failed) for (const p of own) assert.ok(terminal(p), `${id(p)}: pods of a finished Job are finished`);
  }
  assert.ok(seen.complete >= 5 && seen.failed >= 3 && seen.running >= 3, JSON.stringify(seen));
  // a Job whose pod was deleted before finishing (node rotation) counts it as failed
  assert.equal(store.get<Obj>('Job', 'batch', 'legacy-worker')!.status.failed, 1);
});

test('Deployments keep their old ReplicaSets at 0 replicas with revision annotations, within revisionHistoryLimit', async () => {
  const store = await demo();
  const stripHash = (t: any) => {
    const c = structuredClone(t);
    delete c.metadata.labels['pod-template-hash'];
    return c;
  };
  let withHistory = 0;
  for (const d of list(store, 'Deployment')) {
    const ns = d.metadata.namespace!;
    const rss = list(store, 'ReplicaSet', ns).filter((r) => controlledBy(r, d));
    const rev = (r: Obj) => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision']);
    for (const r of rss) {
      const a = r.metadata.annotations ?? {};
      assert.match(a['deployment.kubernetes.io/revision'] ?? '', /^\d+$/, `${id(r)}: revision`);
      assert.match(a['deployment.kubernetes.io/desired-replicas'] ?? '', /^\d+$/, `${id(r)}: desired-replicas`);
      const desired = Number(a['deployment.kubernetes.io/desired-replicas']);
      assert.equal(Number(a['deployment.kubernetes.io/max-replicas']), desired + Math.ceil(desired * 0.25), `${id(r)}: max-replicas (maxSurge 25%)`);
      assert.equal(r.status.observedGeneration, r.metadata.generation, `${id(r)}: observedGeneration`);
      const hash = r.metadata.labels!['pod-template-hash'];
      assert.equal(r.metadata.name, `${d.metadata.name}-${hash}`);
      assert.equal(r.spec.selector.matchLabels['pod-template-hash'], hash);
      const live = list(store, 'Pod', ns).filter((p) => controlledBy(p, r) && !p.metadata.deletionTimestamp);
      assert.equal(r.status.replicas, live.length, `${id(r)}: status.replicas counts its pods`);
    }
    assert.equal(new Set(rss.map(rev)).size, rss.length, `${id(d)}: revisions are distinct`);
    const current = rss.filter((r) => JSON.stringify(stripHash(r.spec.template)) === JSON.stringify(d.spec.template));
    assert.equal(current.length, 1, `${id(d)}: one ReplicaSet has the Deployment's template`);
    const newest = Math.max(...rss.map(rev));
    assert.equal(rev(current[0]!), newest, `${id(d)}: the current ReplicaSet has the newest revision`);
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], String(newest));
    const old = rss.filter((r) => r !== current[0]);
    const complete = cond(d, 'Progressing')?.reason === 'NewReplicaSetAvailable';
    // the controller trims history to revisionHistoryLimit once a rollout completes
    if (complete) assert.ok(old.length <= d.spec.revisionHistoryLimit, `${id(d)}: ${old.length} old ReplicaSets > revisionHistoryLimit ${d.spec.revisionHistoryLimit}`);
    if (newest > 1) assert.ok(old.length >= 1, `${id(d)}: revision ${newest} keeps at least one old ReplicaSet`);
    if (old.some((r) => r.spec.replicas === 0)) withHistory++;
    for (const r of old.filter((x) => x.spec.replicas === 0)) assert.deepEqual(r.status, { observedGeneration: r.metadata.generation, replicas: 0 }, `${id(r)}: scaled to 0`);
    // the Deployment's status adds up its ReplicaSets'
    assert.equal(d.status.observedGeneration, d.metadata.generation, `${id(d)}: observedGeneration`);
    assert.equal(d.status.replicas, rss.reduce((n, r) => n + r.status.replicas, 0), `${id(d)}: replicas`);
    assert.equal(d.status.updatedReplicas ?? 0, current[0]!.status.replicas, `${id(d)}: updatedReplicas`);
  }
  assert.ok(withHistory >= 6, `${withHistory} Deployments show rollback history`);
});

test('StatefulSets observed their generation; status counts their pods; claims are owned per whenDeleted', async () => {
  const store = await demo();
  let claims = 0;
  let ownedClaims = 0;
  for (const s of list(store, 'StatefulSet')) {
    assert.equal(s.status.observedGeneration, s.metadata.generation, `${id(s)}: observedGeneration`);
    const pods = list(store, 'Pod', s.metadata.namespace).filter((p) => controlledBy(p, s) && !p.metadata.deletionTimestamp);
    assert.equal(s.status.replicas, pods.length, `${id(s)}: replicas`);
    assert.equal(s.status.readyReplicas ?? 0, pods.filter((p) => isTrue(p, 'Ready')).length, `${id(s)}: readyReplicas`);
    // claims: the StatefulSet is their controller exactly when whenDeleted is Delete (for ordinals in range)
    const templates: string[] = (s.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata.name);
    const start = s.spec.ordinals?.start ?? 0;
    for (const c of list(store, 'PersistentVolumeClaim', s.metadata.namespace)) {
      const m = templates.map((t) => new RegExp(`^${t}-${s.metadata.name}-(\\d+)$`).exec(c.metadata.name)).find(Boolean);
      if (!m || Number(m[1]) < start || Number(m[1]) >= start + s.spec.replicas) continue;
      const owned = controlledBy(c, s);
      claims++;
      if (owned) ownedClaims++;
      assert.equal(owned, s.spec.persistentVolumeClaimRetentionPolicy.whenDeleted === 'Delete', `${id(c)}: owner per whenDeleted`);
      if (owned) assert.equal(c.metadata.ownerReferences!.find((r) => r.uid === s.metadata.uid)!.blockOwnerDeletion, true);
    }
  }
  assert.ok(claims >= 10 && ownedClaims >= 3, `${claims} claims, ${ownedClaims} owned`);
});

test('Services carry the defaults the API server always sets', async () => {
  const store = await demo();
  for (const svc of list(store, 'Service')) {
    const s = svc.spec;
    assert.ok(['None', 'ClientIP'].includes(s.sessionAffinity), `${id(svc)}: sessionAffinity`);
    assert.deepEqual(svc.status.loadBalancer, svc.status.loadBalancer ?? {}, `${id(svc)}: status.loadBalancer`);
    assert.ok(svc.status.loadBalancer, `${id(svc)}: status.loadBalancer`);
    for (const p of s.ports ?? []) assert.ok(p.protocol && p.targetPort !== undefined, `${id(svc)}: port ${p.port} protocol and targetPort`);
    if (s.type === 'ExternalName') {
      assert.equal(s.clusterIP, undefined);
      assert.equal(s.internalTrafficPolicy, undefined, `${id(svc)}: no internalTrafficPolicy on ExternalName`);
      assert.equal(s.sessionAffinity, 'None');
      continue;
    }
    assert.ok(s.clusterIP, `${id(svc)}: clusterIP`);
    assert.deepEqual(s.clusterIPs, [s.clusterIP]);
    assert.deepEqual(s.ipFamilies, ['IPv4'], `${id(svc)}: ipFamilies`);
    // a headless Service without a selector gets every family the cluster has
    assert.equal(s.ipFamilyPolicy, s.clusterIP === 'None' && !s.selector ? 'RequireDualStack' : 'SingleStack', `${id(svc)}: ipFamilyPolicy`);
    assert.equal(s.internalTrafficPolicy, 'Cluster', `${id(svc)}: internalTrafficPolicy`);
    if (s.sessionAffinity === 'ClientIP') assert.ok(s.sessionAffinityConfig?.clientIP?.timeoutSeconds > 0);
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
      assert.ok(['Cluster', 'Local'].includes(s.externalTrafficPolicy), `${id(svc)}: externalTrafficPolicy`);
      for (const p of s.ports) assert.ok(p.nodePort >= 30000 && p.nodePort <= 32767, `${id(svc)}: nodePort`);
    } else {
      assert.equal(s.externalTrafficPolicy, undefined, `${id(svc)}: externalTrafficPolicy only on NodePort and LoadBalancer`);
    }
    if (s.type === 'LoadBalancer') {
      assert.equal(s.allocateLoadBalancerNodePorts, true, `${id(svc)}: allocateLoadBalancerNodePorts`);
      if (s.externalTrafficPolicy === 'Local') assert.ok(s.healthCheckNodePort >= 30000, `${id(svc)}: healthCheckNodePort`);
      // the cloud provider's service controller claims a LoadBalancer without a class with its finalizer
      if (!s.loadBalancerClass) assert.deepEqual(svc.metadata.finalizers, ['service.kubernetes.io/load-balancer-cleanup'], `${id(svc)}: finalizer`);
    } else {
      assert.equal(svc.metadata.finalizers, undefined, `${id(svc)}: only load balancers have a finalizer`);
    }
  }
});

test('events carry source and reporting fields as their recorder writes them', async () => {
  const store = await demo();
  const events = list(store, 'Event');
  let legacy = 0;
  let modern = 0;
  for (const e of events) {
    if (e.eventTime === null || e.eventTime === undefined) {
      legacy++;
      // core/v1 recorder (kubelet, kube-controller-manager): reporting fields mirror source
      assert.ok(e.source?.component, `${id(e)}: source.component`);
      assert.equal(e.reportingComponent, e.source.component, `${id(e)}: reportingComponent`);
      assert.equal(e.reportingInstance, e.source.host ?? '', `${id(e)}: reportingInstance`);
      if (e.source.component === 'kubelet') assert.ok(e.source.host, `${id(e)}: the kubelet names its node`);
    } else {
      modern++;
      // events.k8s.io recorder (the scheduler): no source, reporting fields and an action
      assert.deepEqual(e.source, {}, `${id(e)}: source`);
      assert.ok(e.reportingComponent && e.reportingInstance && e.action, `${id(e)}: reportingComponent, reportingInstance, action`);
      assert.equal(e.firstTimestamp, null);
    }
  }
  assert.ok(legacy > 20 && modern >= 2, `${legacy} legacy, ${modern} events.k8s.io`);
});

test("nodes report the CSI volumes of the pods on them, and exactly those PersistentVolumes carry the attacher's finalizer", async () => {
  const store = await demo();
  const attached = new Map<string, string>(); // volume name -> node
  for (const n of list(store, 'Node')) {
    const names: string[] = n.status.volumesInUse ?? [];
    assert.deepEqual((n.status.volumesAttached ?? []).map((v: any) => v.name), names, `${id(n)}: attached = in use`);
    for (const v of n.status.volumesAttached ?? []) assert.equal(v.devicePath, '');
    for (const name of names) attached.set(name, n.metadata.name);
  }
  let mounted = 0;
  for (const p of list(store, 'Pod')) {
    if (!p.spec.nodeName || terminal(p)) continue;
    for (const v of p.spec.volumes ?? []) {
      const claim = v.persistentVolumeClaim && store.get<Obj>('PersistentVolumeClaim', p.metadata.namespace, v.persistentVolumeClaim.claimName);
      if (!claim?.spec.volumeName) continue;
      const pv = store.get<Obj>('PersistentVolume', undefined, claim.spec.volumeName)!;
      const name = `kubernetes.io/csi/${pv.spec.csi.driver}^${pv.spec.csi.volumeHandle}`;
      assert.equal(attached.get(name), p.spec.nodeName, `${id(p)}: ${name} attached to its node`);
      mounted++;
    }
  }
  assert.equal(mounted, attached.size);
  for (const pv of list(store, 'PersistentVolume')) {
    const name = `kubernetes.io/csi/${pv.spec.csi.driver}^${pv.spec.csi.volumeHandle}`;
    assert.equal((pv.metadata.finalizers ?? []).includes('external-attacher/ebs-csi-aws-com'), attached.has(name), `${id(pv)}: attacher finalizer`);
  }
  assert.ok(attached.size >= 15, `${attached.size} volumes attached`);
});

test('nodes list the images of the containers that ran on them, largest first, with the pause image', async () => {
  const store = await demo();
  for (const n of list(store, 'Node')) {
    const images: { names: string[]; sizeBytes: number }[] = n.status.images;
    assert.ok(images.some((i) => i.names.includes('registry.k8s.io/pause:3.10')), `${id(n)}: pause image`);
    for (let k = 1; k < images.length; k++) assert.ok(images[k - 1]!.sizeBytes >= images[k]!.sizeBytes, `${id(n)}: sorted by size`);
    const names = new Set(images.flatMap((i) => i.names));
    for (const p of list(store, 'Pod').filter((x) => x.spec.nodeName === n.metadata.name)) {
      for (const cs of p.status.containerStatuses ?? []) {
        if (cs.imageID) assert.ok(names.has(cs.imageID) && names.has(cs.image), `${id(n)}: ${cs.image} of ${id(p)}`);
      }
    }
  }
});
