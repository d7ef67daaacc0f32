import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeStatefulSet,
  analyzeStatefulSets,
  governingService,
  isRunningAndAvailable,
  podProblemCheck,
  shortRevision,
  statefulSetEvents,
  type StatefulSet,
  type StatefulSetAnalysis,
} from '../../src/model/statefulset.js';
import type { Pod } from '../../src/model/types.js';
import * as b from '../fixtures/statefulset/build.js';

function only(objs: ReturnType<typeof b.healthy>, opts?: b.StoreOpts, now = b.NOW): StatefulSetAnalysis {
  const store = b.makeStore(objs, opts);
  const all = analyzeStatefulSets(store, undefined, now);
  assert.equal(all.length, 1);
  return all[0]!;
}

function row(a: StatefulSetAnalysis, ordinal: number) {
  const r = a.ordinals.find((x) => x.ordinal === ordinal);
  assert.ok(r, `row for ordinal ${ordinal}`);
  return r;
}

test('healthy: one row per ordinal with pod, state, revision, node, IP, DNS and claim', () => {
  const a = only(b.healthy());
  assert.deepEqual(a.ordinals.map((r) => r.ordinal), [0, 1, 2]);
  assert.equal(a.readyCount, 3);
  assert.equal(a.claimsBound, 3);
  assert.equal(a.claimsExpected, 3);
  const r0 = row(a, 0);
  assert.equal(r0.mark, 'ready');
  assert.equal(r0.state, 'Running');
  assert.equal(r0.ready, '1/1');
  assert.equal(r0.revision, b.REV_NEW);
  assert.equal(r0.revisionRole, 'current+update');
  assert.equal(r0.node, 'node-a');
  assert.match(r0.ip!, /^10\.244\./);
  assert.equal(r0.dns, 'web-0.nginx.shop.svc.cluster.local');
  assert.equal(r0.dnsNote, undefined);
  assert.equal(r0.claims.length, 1);
  assert.equal(r0.claims[0]!.name, 'www-web-0');
  assert.equal(r0.claims[0]!.phase, 'Bound');
  assert.equal(r0.claims[0]!.capacity, '1Gi');
  assert.equal(r0.claims[0]!.storageClass.name, 'standard');
  assert.match(r0.claims[0]!.volume!, /^pvc-/);
  assert.equal(a.service.state, 'exists');
  assert.equal(a.service.selectorMatches, true);
  assert.equal(a.wait.kind, 'idle');
  assert.equal(a.wait.text, 'nothing: all 3 ordinals ready on web-6f7c…');
  assert.deepEqual(a.orphans, []);
});

test('DNS uses the store cluster domain', () => {
  const a = only(b.healthy(), { clusterDomain: 'corp.example' });
  assert.equal(row(a, 2).dns, 'web-2.nginx.shop.svc.corp.example');
});

test('update info: an explicit value is a choice, never "(default)", even when it equals the default (the API server writes OrderedReady and Retain into every object it returns)', () => {
  const a = only(b.healthy());
  assert.equal((b.healthy()[0]!.spec as Record<string, unknown>).podManagementPolicy, 'OrderedReady');
  assert.equal(a.update.podManagementPolicy, 'OrderedReady');
  assert.equal(a.update.policyDefault, false);
  const objs = b.healthy();
  (objs[0]!.spec as Record<string, unknown>).persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' };
  const r = only(objs);
  assert.deepEqual([r.update.whenDeletedDefault, r.update.whenScaledDefault], [false, false]);
  const parallel = b.healthy();
  (parallel[0]!.spec as Record<string, unknown>).podManagementPolicy = 'Parallel';
  assert.equal(only(parallel).update.policyDefault, false);
});

test('update info: defaults are reported as defaults', () => {
  const objs = b.healthy();
  const sts = objs[0]!;
  delete (sts.spec as any).persistentVolumeClaimRetentionPolicy;
  delete (sts.spec as any).podManagementPolicy;
  const a = only(objs);
  assert.equal(a.update.whenDeleted, 'Retain');
  assert.equal(a.update.whenScaled, 'Retain');
  assert.equal(a.update.whenDeletedDefault, true);
  assert.equal(a.update.whenScaledDefault, true);
  assert.equal(a.update.podManagementPolicy, 'OrderedReady');
  assert.equal(a.update.policyDefault, true);
  assert.equal(a.update.minReadySeconds, 0);
  assert.equal(a.update.start, 0);
  assert.equal(a.update.strategy, 'RollingUpdate');
  assert.equal(a.update.partition, 0);
  assert.equal(a.update.updateRevisionNumber, 2);
  assert.equal(a.update.inProgress, false);
});

test('replicas defaults to 1 when unset', () => {
  const objs = b.healthy({ replicas: 1 });
  delete (objs[0]!.spec as any).replicas;
  const a = only(objs);
  assert.equal(a.replicas, 1);
  assert.deepEqual(a.inRange.map((r) => r.podName), ['web-0']);
});

test('mid-rollout with partition: revisions marked, wait names the ordinal being updated and the partition', () => {
  const a = only(b.rolloutWithPartition());
  assert.equal(a.update.inProgress, true);
  assert.equal(a.update.partition, 1);
  assert.equal(a.update.currentRevisionNumber, 1);
  assert.equal(a.update.updateRevisionNumber, 2);
  assert.equal(row(a, 0).revisionRole, 'current');
  assert.equal(row(a, 1).revisionRole, 'update');
  assert.equal(row(a, 2).revisionRole, 'update');
  assert.equal(row(a, 1).mark, 'running');
  assert.equal(row(a, 1).state, 'Running, not ready');
  assert.equal(row(a, 1).dnsNote, 'not published until Ready');
  assert.deepEqual(a.heldByPartition.map((r) => r.podName), ['web-0']);
  assert.equal(a.wait.kind, 'rolling-wait');
  assert.equal(a.wait.updating?.podName, 'web-1');
  assert.equal(a.wait.text, 'rolling update: waiting for web-1 (on web-6f7c…) to become Ready; partition 1 then holds web-0 on web-5d9b…');
});

test('rolling update, all healthy: the next ordinal is the highest one not on the update revision', () => {
  const objs = b.rolloutWithPartition();
  const sts = objs[0]!;
  (sts.spec as any).updateStrategy.rollingUpdate.partition = 0;
  // web-1 still on the old revision and Ready; web-2 updated and Ready.
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  objs[i] = b.pod(sts, 1, { revision: b.REV_OLD });
  const a = only(objs);
  assert.equal(a.wait.kind, 'rolling-next');
  assert.equal(a.wait.next?.podName, 'web-1');
  assert.equal(a.wait.text, 'rolling update: next is web-1 (on web-5d9b…), to be replaced by web-6f7c…');
});

test('rolling update waits for a lower ordinal that is not Ready before replacing the next one', () => {
  const objs = b.rolloutWithPartition();
  const sts = objs[0]!;
  (sts.spec as any).updateStrategy.rollingUpdate.partition = 0;
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  objs[i] = b.pod(sts, 1, { revision: b.REV_OLD });
  const j = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-0');
  objs[j] = b.pod(sts, 0, { revision: b.REV_OLD, state: 'crashloop' });
  const a = only(objs);
  assert.equal(a.wait.kind, 'not-ready');
  assert.equal(a.wait.blocks, 'rollout');
  assert.equal(a.wait.blocker?.podName, 'web-0');
  assert.equal(a.wait.text, 'web-0 is not Ready (CrashLoopBackOff): the rolling update (next web-1) waits for it');
});

test('partition holds lower ordinals once the rest are updated', () => {
  const objs = b.rolloutWithPartition();
  const sts = objs[0]!;
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  objs[i] = b.pod(sts, 1, { revision: b.REV_NEW, createdAgo: 20 * b.MIN });
  const a = only(objs);
  assert.equal(a.wait.kind, 'partition');
  assert.equal(a.wait.text, 'partition 1 holds web-0 on web-5d9b…');
});

test('a pod terminating for the rolling update is named', () => {
  const objs = b.rolloutWithPartition();
  const sts = objs[0]!;
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  objs[i] = b.pod(sts, 1, { revision: b.REV_OLD, state: 'terminating' });
  const a = only(objs);
  assert.equal(a.wait.kind, 'terminating');
  assert.equal(row(a, 1).mark, 'terminating');
  assert.equal(a.wait.text, 'rolling update: web-1 is terminating, to be recreated on web-6f7c…');
});

test('OnDelete: pods on the old revision are listed and never deleted by the controller', () => {
  const a = only(b.onDelete());
  assert.equal(a.update.strategy, 'OnDelete');
  assert.equal(a.update.partition, 0);
  assert.deepEqual(a.oldRevision.map((r) => r.podName), ['web-0', 'web-1']);
  assert.deepEqual(a.heldByPartition, []);
  assert.equal(a.wait.kind, 'ondelete');
  assert.equal(a.wait.text, 'OnDelete: 2 pods still on the old revision (web-0 and web-1); delete them to update to web-6f7c…');
});

test('OrderedReady blocked at web-1: web-2 is missing and will not be created', () => {
  const a = only(b.blockedAtOne());
  assert.deepEqual(a.inRange.map((r) => r.mark), ['ready', 'running', 'missing']);
  assert.equal(row(a, 2).state, 'missing');
  assert.equal(row(a, 2).claims[0]!.phase, 'missing');
  assert.equal(a.wait.kind, 'not-ready');
  assert.equal(a.wait.blocks, 'create');
  assert.equal(a.wait.blocker?.podName, 'web-1');
  assert.equal(a.wait.text, 'web-1 is not Ready (Running, not ready): web-2 will not be created until it is');
  assert.equal(a.readyCount, 1);
  assert.equal(a.claimsBound, 2);
  assert.equal(a.claimsExpected, 3);
  // notReadySince is the Ready condition's transition: 20 minutes ago.
  assert.equal(row(a, 1).notReadySince, b.NOW - 20 * b.MIN);
});

test('Parallel does not wait on ordering: every ordinal exists, a not-Ready pod blocks nothing', () => {
  const a = only(b.blockedAtOne({ policy: 'Parallel' }));
  assert.deepEqual(a.inRange.map((r) => r.mark), ['ready', 'running', 'ready']);
  assert.equal(a.wait.kind, 'parallel');
  assert.equal(a.wait.blocks, 'nothing');
  assert.equal(a.wait.text, 'nothing to order (Parallel); not Ready: web-1 (Running, not ready)');
});

test('Parallel with missing ordinals creates them all at once', () => {
  const objs = b.blockedAtOne({ policy: 'Parallel' }).filter((o) => !(o.kind === 'Pod' && o.metadata.name !== 'web-0'));
  const a = only(objs);
  assert.equal(a.wait.kind, 'create');
  assert.equal(a.wait.text, 'Parallel: creating web-1 and web-2 (no ordering wait)');
});

test('minReadySeconds: Ready but not yet available blocks the next ordinal', () => {
  const objs = b.blockedAtOne();
  const sts = objs[0]!;
  (sts.spec as any).minReadySeconds = 60;
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  objs[i] = b.pod(sts, 1, { createdAgo: 40_000, transitionAgo: 30_000 });
  const a = only(objs);
  assert.equal(row(a, 1).runningAndReady, true);
  assert.equal(row(a, 1).available, false);
  assert.equal(a.wait.kind, 'not-available');
  assert.equal(a.wait.text, 'web-1 is Ready but not yet available (minReadySeconds 60s): web-2 will not be created until it is');
  // 31 seconds later it is available.
  assert.equal(isRunningAndAvailable(row(a, 1).pod!, 60, b.NOW + 31_000), true);
});

test('a missing ordinal with a FailedCreate event says why it is missing', () => {
  const objs = b.blockedAtOne().filter((o) => !(o.kind === 'Pod' && o.metadata.name === 'web-1'));
  const sts = objs[0]!;
  objs.push(
    b.event(sts, 'FailedCreate', 'create Pod web-1 in StatefulSet web failed error: pods "web-1" is forbidden: exceeded quota: shop-quota, requested: pods=1, used: pods=10, limited: pods=10', {
      type: 'Warning',
      count: 14,
      firstAgo: 20 * b.MIN,
      lastAgo: 30_000,
    }),
  );
  const a = only(objs);
  assert.equal(a.wait.kind, 'create-failed');
  assert.equal(a.wait.blocker?.podName, 'web-1');
  // Read with the admission parser: who refused, not the controller's raw sentence.
  assert.equal(a.wait.text, 'web-1 is missing: the API server refuses it: ResourceQuota shop-quota is full: requested pods=1, used pods=10, limited pods=10');
  assert.equal(a.wait.refusal?.object, 'Pod');
  assert.equal(a.wait.refusal?.failure?.kind, 'quota');
});

test("a refused claim is named on the StatefulSet's waiting line; Parallel says the same for the ordinal it misses", () => {
  const a = only(b.refusedOrdinal('claimQuota'));
  assert.equal(a.wait.kind, 'create-failed');
  assert.equal(
    a.wait.text,
    'web-1 is missing: its claim www-web-1 cannot be created: ResourceQuota storage-quota is full: requested requests.storage=1Gi, used requests.storage=10Gi, limited requests.storage=10Gi',
  );
  const p = only(b.refusedOrdinal('claimQuota', { policy: 'Parallel' }));
  assert.equal(p.wait.kind, 'create-failed');
  assert.match(p.wait.text, /^Parallel: web-1 is missing: its claim www-web-1 cannot be created: ResourceQuota storage-quota is full/);
  // Twin: created since; the old FailedCreate events remain.
  assert.notEqual(only(b.refusedOrdinal('claimQuota', { fixed: true })).wait.kind, 'create-failed');
});

test('a FailedCreate error that is no refusal (a timeout) is shown as written, not as a refusal', () => {
  const objs = b.blockedAtOne().filter((o) => !(o.kind === 'Pod' && o.metadata.name === 'web-1'));
  objs.push(b.event(objs[0]!, 'FailedCreate', 'create Pod web-1 in StatefulSet web failed error: etcdserver: request timed out', { type: 'Warning', count: 3, firstAgo: 20 * b.MIN }));
  const a = only(objs);
  assert.equal(a.wait.text, 'web-1 is missing: creating it failed: etcdserver: request timed out');
});

test('a same-named pod the StatefulSet does not control is flagged, not taken as its ordinal', () => {
  const objs = b.blockedAtOne().filter((o) => !(o.kind === 'Pod' && o.metadata.name === 'web-1'));
  const sts = objs[0]!;
  objs.push(b.pod(sts, 1, { owner: { kind: 'ReplicaSet', name: 'web-7d4b9c', uid: b.uid('rs/web-7d4b9c') } }));
  const a = only(objs);
  const r = row(a, 1);
  assert.equal(r.pod, undefined);
  assert.equal(r.foreignPod?.metadata.name, 'web-1');
  assert.equal(r.mark, 'missing');
  assert.equal(r.state, 'name taken by a pod of ReplicaSet/web-7d4b9c');
  assert.equal(a.wait.kind, 'name-taken');
  assert.equal(a.wait.text, 'web-1 cannot be created: name taken by a pod of ReplicaSet/web-7d4b9c');
});

test('a pod of the same name owned by an earlier StatefulSet (other uid) is not ours', () => {
  const objs = b.healthy();
  const sts = objs[0]!;
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-2');
  objs[i] = b.pod(sts, 2, { owner: { kind: 'StatefulSet', name: 'web', uid: b.uid('an older web') } });
  const a = only(objs);
  assert.equal(row(a, 2).pod, undefined);
  assert.equal(row(a, 2).state, 'name taken by a pod of StatefulSet/web');
});

test('scale-down in progress: highest ordinal first, the next one waits', () => {
  const a = only(b.scalingDown());
  assert.deepEqual(a.ordinals.map((r) => [r.ordinal, r.inRange, r.mark]), [
    [0, true, 'ready'],
    [1, true, 'ready'],
    [2, false, 'ready'],
    [3, false, 'terminating'],
  ]);
  assert.equal(a.wait.kind, 'scale-down');
  assert.equal(a.wait.text, 'scaling down to 2: web-3 terminating, then web-2');
  // Claims of pods that still exist are listed beyond the range but not "left behind".
  assert.deepEqual(a.orphans.map((o) => [o.pvc.metadata.name, o.podExists]), [
    ['www-web-2', true],
    ['www-web-3', true],
  ]);
});

test('scale-down under Parallel removes the condemned pods together', () => {
  const a = only(b.scalingDown({ policy: 'Parallel' }));
  assert.equal(a.wait.text, 'scaling down to 2: removing web-3 and web-2 at once (Parallel)');
});

test('scaled down with leftover claims: rows beyond the range, orphans with size and retention', () => {
  const a = only(b.scaledDown());
  assert.deepEqual(a.ordinals.map((r) => r.ordinal), [0, 1, 2, 3]);
  assert.deepEqual(a.ordinals.map((r) => r.inRange), [true, true, false, false]);
  assert.equal(a.claimsExpected, 2);
  assert.equal(a.claimsBound, 2);
  assert.deepEqual(
    a.orphans.map((o) => [o.pvc.metadata.name, o.size, o.podExists, o.willDelete, o.why]),
    [
      ['www-web-2', '10Gi', false, false, 'kept: whenScaled=Retain (default)'],
      ['www-web-3', '10Gi', false, false, 'kept: whenScaled=Retain (default)'],
    ],
  );
  assert.equal(a.wait.kind, 'idle');
});

test('whenScaled Delete: claims owned by their pod go with it; without the ownerReference they stay', () => {
  const owned = only(b.scaledDown({ whenScaled: 'Delete', ownedByPods: true }));
  assert.deepEqual(owned.orphans.map((o) => o.willDelete), [true, true]);
  assert.match(owned.orphans[0]!.why, /owned by pod web-2, which is gone/);
  const unowned = only(b.scaledDown({ whenScaled: 'Delete' }));
  assert.deepEqual(unowned.orphans.map((o) => o.willDelete), [false, false]);
  assert.match(unowned.orphans[0]!.why, /no ownerReference/);
});

test('ordinals.start > 0: range starts at start; a claim below it is a leftover', () => {
  const a = only(b.ordinalsStart());
  assert.equal(a.start, 5);
  assert.deepEqual(a.inRange.map((r) => [r.ordinal, r.index, r.podName]), [
    [5, 0, 'web-5'],
    [6, 1, 'web-6'],
  ]);
  assert.deepEqual(a.ordinals.map((r) => r.ordinal), [4, 5, 6]);
  assert.equal(row(a, 4).inRange, false);
  assert.deepEqual(a.orphans.map((o) => o.pvc.metadata.name), ['www-web-4']);
  assert.equal(row(a, 5).dns, 'web-5.nginx.shop.svc.cluster.local');
  assert.equal(a.wait.text, 'nothing: all 2 ordinals ready on web-6f7c…');
});

test('ordinals.start with a partition: the partition counts from start', () => {
  const sts = b.statefulSet({ replicas: 3, start: 5, currentRevision: b.REV_OLD, updateRevision: b.REV_NEW, strategy: { type: 'RollingUpdate', partition: 2 } });
  const objs = [sts, b.service('nginx'), b.storageClass('standard', { isDefault: true }), b.pod(sts, 5, { revision: b.REV_OLD }), b.pod(sts, 6, { revision: b.REV_OLD }), b.pod(sts, 7, { revision: b.REV_NEW })];
  const a = only(objs);
  assert.deepEqual(a.heldByPartition.map((r) => r.podName), ['web-5', 'web-6']);
  assert.equal(a.wait.text, 'partition 2 holds web-5 and web-6 on web-5d9b…');
});

test('governing Service: missing only when Services were fully read; not headless; could not check', () => {
  const noSvc = b.healthy().filter((o) => o.kind !== 'Service');
  const missing = only(noSvc);
  assert.equal(missing.service.state, 'missing');
  assert.equal(row(missing, 0).dns, undefined);
  assert.equal(row(missing, 0).dnsNote, 'no DNS: Service nginx not found');
  const forbidden = only(noSvc, { forbidden: ['Service'] });
  assert.equal(forbidden.service.state, 'unknown');
  assert.equal(row(forbidden, 0).dnsNote, 'DNS unknown: Service nginx not readable');
  const clusterIp = only(b.healthy().map((o) => (o.kind === 'Service' ? b.service('nginx', { headless: false }) : o)));
  assert.equal(clusterIp.service.state, 'not-headless');
  assert.equal(clusterIp.service.text, 'nginx: not headless (clusterIP 10.96.142.17)');
  assert.equal(row(clusterIp, 0).dns, undefined);
  const none = only(b.healthy({ serviceName: '' }));
  assert.equal(none.service.state, 'none');
  assert.equal(row(none, 1).dnsNote, 'no DNS: no serviceName');
});

test('governing Service selector: matched against the pod template labels', () => {
  const store = b.makeStore(b.healthy().map((o) => (o.kind === 'Service' ? b.service('nginx', { selector: { app: 'nginx', tier: 'db' } }) : o)));
  const sts = store.list<StatefulSet>('StatefulSet')[0]!;
  assert.equal(governingService(store, sts).selectorMatches, false);
  const store2 = b.makeStore(b.healthy().map((o) => (o.kind === 'Service' ? b.service('nginx', { selector: null }) : o)));
  assert.equal(governingService(store2, store2.list<StatefulSet>('StatefulSet')[0]!).selectorMatches, false);
});

test('publishNotReadyAddresses: a not-Ready pod keeps its DNS name without the caveat', () => {
  const objs = b.rolloutWithPartition().map((o) => (o.kind === 'Service' ? b.service('nginx', { publishNotReady: true }) : o));
  const a = only(objs);
  assert.equal(row(a, 1).dns, 'web-1.nginx.shop.svc.cluster.local');
  assert.equal(row(a, 1).dnsNote, undefined);
});

test('pods not readable: marks are unknown, never missing', () => {
  const a = only(b.healthy(), { forbidden: ['Pod'] });
  assert.deepEqual(a.inRange.map((r) => r.mark), ['unknown', 'unknown', 'unknown']);
  assert.equal(a.podsKnown, false);
  assert.equal(a.wait.kind, 'pods-unknown');
});

test('claims not readable: phase unknown, not missing', () => {
  const a = only(b.healthy(), { forbidden: ['PersistentVolumeClaim'] });
  assert.equal(row(a, 0).claims[0]!.phase, 'unknown');
  assert.equal(a.claimsBound, 0);
});

test('storage class per claim: written on the claim, else the template, else the default', () => {
  const a = only(b.storageClassMissing());
  assert.equal(row(a, 0).claims[0]!.storageClass.name, 'fast');
  assert.equal(row(a, 0).claims[0]!.storageClass.exists, false);
  // web-1's claim does not exist yet: resolved from the template.
  assert.equal(row(a, 1).claims[0]!.storageClass.name, 'fast');
  const unset = only(b.storageClassMissing({ className: null }));
  assert.equal(row(unset, 1).claims[0]!.storageClass.source, 'default');
  assert.equal(row(unset, 1).claims[0]!.storageClass.name, 'standard');
});

test('Pending (Unschedulable) and CrashLoopBackOff read as kubectl would; pod problem checks predicted', () => {
  const a = only(b.storageClassMissing());
  assert.equal(row(a, 0).state, 'Pending (Unschedulable)');
  assert.equal(row(a, 0).mark, 'pending');
  assert.equal(podProblemCheck(row(a, 0).pod as Pod), 'pod/unschedulable');
  const c = only(b.blockedAtOne({ state: 'crashloop' }));
  assert.equal(row(c, 1).state, 'CrashLoopBackOff');
  assert.equal(row(c, 1).restarts, 7);
  assert.equal(podProblemCheck(row(c, 1).pod as Pod), 'pod/crash-loop');
  const r = only(b.blockedAtOne());
  assert.equal(podProblemCheck(row(r, 1).pod as Pod), 'pod/readiness-failing');
  const i = only(b.blockedAtOne({ state: 'image-pull' }));
  assert.equal(row(i, 1).state, 'ImagePullBackOff');
  assert.equal(podProblemCheck(row(i, 1).pod as Pod), 'pod/image-pull-failing');
});

test('a Failed pod is recreated by the controller (OrderedReady waits for that)', () => {
  const objs = b.blockedAtOne();
  const sts = objs[0]!;
  const i = objs.findIndex((o) => o.kind === 'Pod' && o.metadata.name === 'web-1');
  objs[i] = b.pod(sts, 1, { state: 'failed' });
  const a = only(objs);
  assert.equal(a.wait.kind, 'recreate');
  assert.equal(a.wait.text, 'web-1 has phase Failed: the controller deletes and recreates it');
});

test('a StatefulSet being deleted only has its status updated', () => {
  const objs = b.healthy();
  objs[0]!.metadata.deletionTimestamp = b.iso(10_000);
  assert.equal(only(objs).wait.kind, 'deleting');
});

test('shortRevision', () => {
  assert.equal(shortRevision('web-6f7c8d9b5', 'web'), 'web-6f7c…');
  assert.equal(shortRevision('web-6f7c8d9b5', 'web', true), '6f7c');
  assert.equal(shortRevision('web-7c4', 'web'), 'web-7c4');
  assert.equal(shortRevision(undefined, 'web'), '-');
});

test('events of the StatefulSet, its pods and claims, newest first', () => {
  const store = b.makeStore(b.rolloutWithPartition());
  const a = analyzeStatefulSet(store, store.list<StatefulSet>('StatefulSet')[0]!, b.NOW);
  const ev = statefulSetEvents(store, a);
  assert.equal(ev.length, 5);
  assert.equal(ev[0]!.reason, 'Unhealthy');
  assert.equal(ev[0]!.involvedObject.name, 'web-1');
  assert.deepEqual(ev.slice(1).map((e) => e.message), [
    'create Pod web-1 in StatefulSet web successful',
    'delete Pod web-1 in StatefulSet web successful',
    'create Pod web-2 in StatefulSet web successful',
    'delete Pod web-2 in StatefulSet web successful',
  ]);
});

test('analysis is cached per store version and recomputed after a change', () => {
  const store = b.makeStore(b.blockedAtOne());
  const sts = store.list<StatefulSet>('StatefulSet')[0]!;
  const a1 = analyzeStatefulSet(store, sts, b.NOW);
  assert.equal(analyzeStatefulSet(store, sts, b.NOW), a1);
  store.upsert('Pod', b.pod(b.blockedAtOne()[0]!, 1));
  const a2 = analyzeStatefulSet(store, sts, b.NOW);
  assert.notEqual(a2, a1);
  assert.equal(a2.wait.kind, 'create');
  assert.equal(a2.wait.text, 'web-2 does not exist yet: the controller creates it next');
});

test('an orphan pod the selector matches is about to be adopted, not a name conflict', () => {
  const objs = b.blockedAtOne().filter((o) => !(o.kind === 'Pod' && o.metadata.name === 'web-1'));
  objs.push(b.pod(objs[0]!, 1, { owner: null }));
  const a = only(objs);
  assert.equal(row(a, 1).adoptable, true);
  assert.equal(row(a, 1).state, 'orphan pod, not yet adopted by web');
  assert.equal(a.wait.kind, 'create');
  assert.equal(a.wait.text, 'web-1 exists without an owner and matches the selector: the controller adopts it');
});
