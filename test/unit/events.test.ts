// Events about an object, found in one index: a cluster-scoped object's events
// are filed in `default` with no involvedObject.namespace (client-go's
// recorder), and the kubelet names its Node by a reference whose uid is the
// node's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sObject } from '../../src/model/types.js';
import { eventsFor, involvedNamespace } from '../../src/model/events.js';
import { makeStore } from '../fixtures/common.js';
import { nodesView } from '../../views/nodes.js';
import { persistentVolumesView } from '../../views/storage.js';
import type { ViewCtx } from '../../views/types.js';
import { lineText } from '../../views/widgets/text.js';
import { eventLines } from '../../views/common.js';
import { LineLayout } from '../../src/app/lines.js';

const NOW = Date.parse('2026-11-20T10:30:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const node: K8sObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-b', uid: '5c1f3e0a-6b7d-4f1e-9a2b-3c4d5e6f7a8b', creationTimestamp: ago(86_400_000) },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ago(600_000) }] },
} as K8sObject;

const pv: K8sObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pvc-7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f', uid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', creationTimestamp: ago(3_600_000) },
  spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard' },
  status: { phase: 'Failed', message: 'error getting deleter volume plugin for volume "pvc-7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f": no deletable volume plugin matched' },
} as K8sObject;

/** A core/v1 Event as the API server returns it: an empty involvedObject.namespace is omitted. */
function event(name: string, involved: Record<string, string>, reason: string, message: string, component: string, type = 'Normal', minutesAgo = 5): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', creationTimestamp: ago(minutesAgo * 60_000) },
    involvedObject: involved,
    reason,
    message,
    source: { component, host: component === 'kubelet' ? 'node-b' : undefined },
    firstTimestamp: ago(minutesAgo * 60_000),
    lastTimestamp: ago(minutesAgo * 60_000),
    count: 1,
    type,
  } as unknown as K8sObject;
}

const events = [
  // kubelet.go: nodeRef := &v1.ObjectReference{Kind: "Node", Name: nodeName, UID: types.UID(nodeName), Namespace: ""}
  event('node-b.17f2a1b3c4d5e6f7', { kind: 'Node', name: 'node-b', uid: 'node-b' }, 'NodeHasSufficientMemory', 'Node node-b status is now: NodeHasSufficientMemory', 'kubelet', 'Normal', 30),
  // node lifecycle controller (nodeutil.RecordNodeStatusChange): the Node's real uid, apiVersion v1.
  event('node-b.17f2a1b3c4d5e6f8', { apiVersion: 'v1', kind: 'Node', name: 'node-b', uid: '5c1f3e0a-6b7d-4f1e-9a2b-3c4d5e6f7a8b' }, 'NodeNotReady', 'Node node-b status is now: NodeNotReady', 'node-controller', 'Normal', 10),
  // Some clients send the empty namespace explicitly.
  event('node-b.17f2a1b3c4d5e6f9', { kind: 'Node', namespace: '', name: 'node-b', uid: 'node-b' }, 'Starting', 'Starting kubelet.', 'kubelet', 'Normal', 31),
  // persistentvolume-controller on a PV it could not delete.
  event(
    'pvc-7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f.17f2a1b3c4d5e6fa',
    { apiVersion: 'v1', kind: 'PersistentVolume', name: 'pvc-7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f', uid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', resourceVersion: '4711' },
    'VolumeFailedDelete',
    'error getting deleter volume plugin for volume "pvc-7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f": no deletable volume plugin matched',
    'persistentvolume-controller',
    'Warning',
    2,
  ),
  // An earlier Node of the same name (another uid): not this one's.
  event('node-b.17f2a1b3c4d5e600', { apiVersion: 'v1', kind: 'Node', name: 'node-b', uid: '00000000-0000-4000-8000-000000000000' }, 'RemovingNode', 'Node node-b event: Removing Node node-b from Controller', 'node-controller', 'Normal', 3000),
  // A pod's event from an old reporter without involvedObject.namespace: in its pod's namespace.
  { ...event('web-0.17f2a1b3c4d5e6fb', { kind: 'Pod', name: 'web-0' }, 'Pulled', 'Container image "nginx:1.27" already present on machine', 'kubelet'), metadata: { name: 'web-0.17f2a1b3c4d5e6fb', namespace: 'shop', creationTimestamp: ago(60_000) } } as K8sObject,
];

test('a Node\'s events filed in default with no involvedObject.namespace are found, the kubelet\'s (uid = node name) included, newest first', () => {
  const store = makeStore([node, pv, ...events]);
  const got = eventsFor(store, 'Node', undefined, 'node-b', node.metadata.uid);
  assert.deepEqual(got.map((e) => e.reason), ['NodeNotReady', 'NodeHasSufficientMemory', 'Starting']);
  assert.equal(involvedNamespace(events[0] as never), '', 'a cluster-scoped object has no namespace, wherever its event is filed');
});

test('a PersistentVolume\'s events are found; a pod event without involvedObject.namespace stays in its namespace', () => {
  const store = makeStore([node, pv, ...events]);
  assert.deepEqual(eventsFor(store, 'PersistentVolume', undefined, pv.metadata.name, pv.metadata.uid).map((e) => e.reason), ['VolumeFailedDelete']);
  assert.deepEqual(eventsFor(store, 'Pod', 'shop', 'web-0').map((e) => e.reason), ['Pulled']);
  assert.deepEqual(eventsFor(store, 'Pod', 'default', 'web-0'), []);
});

test('the Node and PV details list those events (through the index, no second lookup in default)', () => {
  const store = makeStore([node, pv, ...events]);
  const ctx: ViewCtx = { store, now: NOW, width: 160, noColor: false };
  const nodeLines = nodesView.detail!(node, ctx).map(lineText);
  const at = nodeLines.indexOf('Events');
  assert.ok(at > 0, nodeLines.join('\n'));
  assert.match(nodeLines[at + 1]!, /NodeNotReady +Node node-b status is now: NodeNotReady/);
  assert.match(nodeLines[at + 2]!, /NodeHasSufficientMemory/);
  assert.ok(!nodeLines.some((l) => l.includes('RemovingNode')), 'an earlier Node of that name is not this one');
  const pvLines = persistentVolumesView.detail!(pv, ctx).map(lineText);
  assert.ok(pvLines.some((l) => /Warning +VolumeFailedDelete +error getting deleter volume plugin/.test(l)), pvLines.join('\n'));
});

test('an event\'s message wraps under itself at 80 columns instead of being cut (the cause is in it)', () => {
  const msg = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
  const store = makeStore([{ ...event('es-0.17f2a1b3c4d5e6fc', { kind: 'Pod', namespace: 'shop', name: 'es-0' }, 'FailedScheduling', msg, 'default-scheduler', 'Warning'), metadata: { name: 'es-0.17f2a1b3c4d5e6fc', namespace: 'shop' } } as K8sObject]);
  const lines = eventLines(eventsFor(store, 'Pod', 'shop', 'es-0'), NOW);
  const rows = new LineLayout(lines, 80, false, 0).slice(0, 10).map((r) => r.segs.map((s) => s.text).join(''));
  assert.ok(rows.length > 1);
  assert.match(rows[0]!, /^ +5m {2}Warning +FailedScheduling +0\/3 nodes are available/);
  for (const r of rows.slice(1)) assert.match(r, /^ {38}\S/, r);
  assert.equal(rows.map((r, i) => (i ? r.trim() : r.slice(38).trim())).join(' '), msg);
});
