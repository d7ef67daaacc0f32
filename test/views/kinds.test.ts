// The kinds that were plain tables: Deployments, ReplicaSets, Nodes, Events,
// PersistentVolumes, StorageClasses, IngressClasses, with kubectl's columns
// (pkg/printers/internalversion/printers.go), on fixtures shaped like what
// the API server returns, through the real layout at 80 and 200 columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { K8sObject } from '../../src/model/types.js';
import type { Line, ViewCtx, ViewDef } from '../../views/types.js';
import { allViews, findView } from '../../views/registry.js';
import { fitCell, layoutColumns } from '../../views/widgets/layout.js';
import { lineText, textWidth } from '../../views/widgets/text.js';
import { findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import { nodeStatus } from '../../views/nodes.js';
import { loadStore } from '../fixtures/diag/load.js';
import { KEYS, renderWithProviders } from './helpers.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const FILES = ['tables/frontend-rollout.yaml', 'pod/image-pull.yaml', 'pod/unschedulable.yaml', 'tables/nodes.yaml', 'tables/storage-classes.yaml'];

function store(): ClusterStore {
  return loadStore(FILES);
}

function ctxFor(width: number, o: { wide?: boolean; namespace?: string; s?: ClusterStore } = {}): ViewCtx {
  const s = o.s ?? store();
  const report = runDiagnostics(s, { now: NOW, namespace: o.namespace });
  return { store: s, now: NOW, width, noColor: true, namespace: o.namespace, wide: o.wide, diagnostics: report, findingsFor: findingsIndex(report).findingsFor };
}

function view(id: string): ViewDef {
  const v = findView(allViews(), id);
  assert.ok(v, id);
  return v;
}

/** Rows in the view's default order, as the shell sorts them. */
function rows(v: ViewDef, ctx: ViewCtx): unknown[] {
  const all = v.rows(ctx);
  const col = v.columns.find((c) => c.id === v.defaultSort);
  if (!col) return all;
  const key = (r: unknown) => (col.sortValue ? col.sortValue(r, ctx) : col.value(r, ctx));
  return [...all].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  });
}

/** The table as the shell lays it out and draws it (NAMESPACE only when all namespaces are listed). */
function table(id: string, ctx: ViewCtx): { headers: string[]; ids: string[]; cells: string[][] } {
  const v = view(id);
  const cols = ctx.namespace ? v.columns.filter((c) => c.id !== 'namespace') : v.columns;
  const rs = rows(v, ctx);
  const laid = layoutColumns(cols, rs, ctx, ctx.width);
  const used = laid.reduce((n, l) => n + l.width, 0) + 2 * (laid.length - 1);
  assert.ok(used <= ctx.width, `${id} fits ${ctx.width}: ${used}`);
  return {
    headers: laid.map((l) => l.col.header),
    ids: laid.map((l) => l.col.id),
    cells: rs.map((r) => laid.map((l) => fitCell(l.col, l.col.value(r, ctx), l.width))),
  };
}

/** Column values by header for the row whose key ends with `key`. */
function values(id: string, ctx: ViewCtx, key: string): Record<string, string> {
  const v = view(id);
  const r = v.rows(ctx).find((x) => v.key(x).endsWith(key));
  assert.ok(r, `${id} row ${key}`);
  return Object.fromEntries(v.columns.map((c) => [c.header, c.value(r, ctx)]));
}

function detail(id: string, ctx: ViewCtx, key: string): Line[] {
  const v = view(id);
  const r = v.rows(ctx).find((x) => v.key(x).endsWith(key));
  assert.ok(r, `${id} row ${key}`);
  return v.detail!(r, ctx);
}

/** The selectable lines of a kind, below the findings block (whose lines open each finding's object). */
const refsOf = (lines: Line[], kind: string) => {
  const body = lines.findIndex((l) => /^\S+\/\S+/.test(lineText(l)) && !lineText(l).startsWith('Problems'));
  return lines.slice(Math.max(0, body)).filter((l) => l.ref?.kind === kind).map((l) => l.ref!);
};

test('titles and help names in kubectl spelling', () => {
  const titles = allViews().map((v) => v.title);
  for (const t of ['Deployments', 'ReplicaSets', 'Nodes', 'Events', 'PersistentVolumes', 'StorageClasses', 'IngressClasses', 'EndpointSlices', 'ControllerRevisions', 'Namespaces', 'Secrets']) {
    assert.ok(titles.includes(t), `${t} in ${titles.join(', ')}`);
  }
  assert.ok(!titles.some((t) => /^(Replicasets|Storageclasses|Ingressclasses|Persistentvolumes)$/.test(t)));
  // Every alias still opens a view.
  for (const a of ['deploy', 'rs', 'no', 'ev', 'pv', 'sc', 'ingressclass']) assert.ok(findView(allViews(), a), a);
});

// ---------------------------------------------------------------- Deployments, ReplicaSets

test('Deployments: READY, UP-TO-DATE, AVAILABLE, AGE, PROBLEMS from the pods; kubectl\'s wide columns in wide mode', () => {
  const ctx = ctxFor(200);
  assert.deepEqual(view('deploy').columns.map((c) => c.header), ['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'PROBLEMS', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  const frontend = values('deploy', ctx, 'shop/frontend');
  assert.deepEqual([frontend.READY, frontend['UP-TO-DATE'], frontend.AVAILABLE, frontend.AGE], ['1/1', '1', '1', '27d']);
  // No check looks at a Deployment itself: the new pod's image pull failure is what PROBLEMS counts.
  assert.equal(frontend.PROBLEMS, '1 error');
  const reports = values('deploy', ctx, 'batch/reports');
  assert.deepEqual([reports.READY, reports['UP-TO-DATE'], reports.AVAILABLE, reports.PROBLEMS], ['0/0', '0', '0', '']);
  assert.deepEqual([reports.CONTAINERS, reports.IMAGES, reports.SELECTOR], ['ui,oauth-proxy', 'registry.example.com/batch/reports-ui:1.9.0,registry.example.com/batch/oauth-proxy:7.6.0', 'app=reports']);
  for (const width of [80, 200]) {
    const t = table('deploy', ctxFor(width));
    assert.deepEqual(t.headers, ['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'PROBLEMS']);
    assert.deepEqual(t.cells[0], ['shop', 'frontend', '1/1', '1', '1', '27d', '1 error']);
  }
  assert.deepEqual(table('deploy', ctxFor(300, { wide: true })).ids.slice(-3), ['containers', 'images', 'selector']);
});

test('Deployment detail: replicas, strategy, conditions, ReplicaSets newest first and pods, each selectable', () => {
  const lines = detail('deploy', ctxFor(160), 'shop/frontend');
  const t = lines.map(lineText);
  assert.ok(t.includes('Replicas:             desired 1  updated 1  ready 1  available 1  unavailable 1'), t.join('\n'));
  assert.ok(t.includes('Strategy:             RollingUpdate  maxSurge 25%  maxUnavailable 25%'));
  assert.ok(t.some((l) => /^ {2}Progressing +True +ReplicaSetUpdated +since 2026-02-11 09:14:03 UTC {2}ReplicaSet "frontend-7b9c8d6f5" is progressing\.$/.test(l)), t.join('\n'));
  const rs = t.indexOf('ReplicaSets (2, newest first)');
  assert.match(t[rs + 1]!, /^ {2}NAME +REVISION +DESIRED +CURRENT +READY +AGE +IMAGES/);
  assert.match(t[rs + 2]!, /^ {2}frontend-7b9c8d6f5 +2 +1 +1 +0 +9m48s +registry\.example\.com\/shop\/frontend:v2\.3\.1/);
  assert.match(t[rs + 3]!, /^ {2}frontend-6c8d7e5f4 +1 +1 +1 +1 +27d +registry\.example\.com\/shop\/frontend:v2\.3\.0/);
  assert.deepEqual(refsOf(lines, 'ReplicaSet').map((r) => r.name), ['frontend-7b9c8d6f5', 'frontend-6c8d7e5f4']);
  assert.deepEqual(refsOf(lines, 'Pod'), [
    { kind: 'Pod', namespace: 'shop', name: 'frontend-6c8d7e5f4-h7j8k' },
    { kind: 'Pod', namespace: 'shop', name: 'frontend-7b9c8d6f5-m2n4p' },
  ]);
  const pod = t.find((l) => l.includes('frontend-7b9c8d6f5-m2n4p') && l.includes('0/1'))!;
  assert.match(pod, /0\/1 +ImagePullBackOff +0 +9m48s +node-b/);
  // The pods' findings are at the top, as on every detail.
  assert.ok(t.some((l) => l.includes('pod/image-pull-failing')));
});

test('ReplicaSets: DESIRED, CURRENT, READY, AGE as kubectl prints them (zero counts absent from status read as 0)', () => {
  assert.deepEqual(view('rs').columns.filter((c) => !c.wide).map((c) => c.header), ['NAMESPACE', 'NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'OWNER', 'PROBLEMS']);
  const ctx = ctxFor(200);
  const next = values('rs', ctx, 'shop/frontend-7b9c8d6f5');
  assert.deepEqual([next.DESIRED, next.CURRENT, next.READY, next.AGE, next.OWNER, next.PROBLEMS], ['1', '1', '0', '9m48s', 'Deployment/frontend', '1 error']);
  const prev = values('rs', ctx, 'shop/frontend-6c8d7e5f4');
  assert.deepEqual([prev.DESIRED, prev.CURRENT, prev.READY, prev.PROBLEMS], ['1', '1', '1', '']);
  const t80 = table('rs', ctxFor(80));
  for (const h of ['NAMESPACE', 'NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'PROBLEMS']) assert.ok(t80.headers.includes(h), `${h} at 80`);
  const d = detail('rs', ctx, 'shop/frontend-7b9c8d6f5');
  assert.deepEqual(refsOf(d, 'Pod').map((r) => r.name), ['frontend-7b9c8d6f5-m2n4p']);
  assert.deepEqual(refsOf(d, 'Deployment'), [{ kind: 'Deployment', namespace: 'shop', name: 'frontend' }], 'the owner line opens the Deployment');
});

// ---------------------------------------------------------------- Nodes

test('Nodes: STATUS (Ready, NotReady, SchedulingDisabled), ROLES, VERSION, pods bound, pressure conditions', () => {
  assert.deepEqual(view('no').columns.filter((c) => !c.wide).map((c) => c.header), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'PODS', 'CONDITIONS', 'PROBLEMS']);
  const ctx = ctxFor(200);
  const row = (n: string) => values('no', ctx, n);
  assert.deepEqual([row('cp-1').STATUS, row('cp-1').ROLES, row('cp-1').VERSION, row('cp-1').PODS, row('cp-1').CONDITIONS], ['Ready', 'control-plane', 'v1.34.4', '0', '']);
  // The Succeeded pod bound to node-a is not counted.
  assert.deepEqual([row('node-a').STATUS, row('node-a').PODS, row('node-a').CONDITIONS], ['Ready', '1', 'MemoryPressure']);
  assert.deepEqual([row('node-b').STATUS, row('node-b').PODS], ['Ready,SchedulingDisabled', '1']);
  // Ready=Unknown is NotReady in kubectl's words; CONDITIONS says the kubelet stopped reporting.
  assert.deepEqual([row('node-c').STATUS, row('node-c').CONDITIONS], ['NotReady', 'kubelet not reporting']);
  assert.deepEqual([row('node-d').STATUS, row('node-d').ROLES, row('node-d').CONDITIONS, row('node-d').AGE], ['NotReady', 'worker', 'NetworkUnavailable', '39m']);
  // A node that has not posted any condition yet (just registered).
  const fresh = JSON.parse(JSON.stringify(ctx.store.get('Node', undefined, 'node-d'))) as K8sObject;
  fresh.status.conditions = [];
  assert.equal(nodeStatus(fresh), 'Unknown');
  // Wide mode: kubectl's -o wide columns.
  const wide = table('no', ctxFor(300, { wide: true }));
  assert.deepEqual(wide.ids.slice(-5), ['internal-ip', 'external-ip', 'os-image', 'kernel', 'runtime']);
  assert.deepEqual(wide.cells.find((c) => c[0] === 'node-a')!.slice(-5), ['10.0.0.11', '203.0.113.21', 'Ubuntu 24.04.3 LTS', '6.8.0-1031-aws', 'containerd://2.1.4']);
});

test('Nodes at 80 columns: STATUS is never cut, pressure conditions whole; at 200 everything', () => {
  const t80 = table('no', ctxFor(80));
  const status = t80.ids.indexOf('status');
  const conditions = t80.ids.indexOf('conditions');
  assert.ok(status > 0 && conditions > 0, t80.ids.join(' '));
  assert.ok(t80.cells.some((c) => c[status] === 'Ready,SchedulingDisabled'));
  assert.deepEqual(t80.cells.map((c) => c[conditions]), ['', 'MemoryPressure', '', 'kubelet not reporting', 'NetworkUnavailable']);
  const t200 = table('no', ctxFor(200));
  assert.deepEqual(t200.headers, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'PODS', 'CONDITIONS', 'PROBLEMS']);
});

test('Node detail: conditions with reasons, taints, its pods as selectable lines, and its events (recorded in default)', () => {
  const lines = detail('no', ctxFor(160), 'node-c');
  const t = lines.map(lineText);
  assert.ok(t.includes('Taints:               node.kubernetes.io/unreachable:NoSchedule, node.kubernetes.io/unreachable:NoExecute'), t.join('\n'));
  assert.ok(t.some((l) => /^ {2}Ready +Unknown +NodeStatusUnknown +since 2026-03-10 11:52:44 UTC {2}Kubelet stopped posting node status\.$/.test(l)), t.join('\n'));
  assert.ok(t.some((l) => /7m16s +Normal +NodeNotReady +Node node-c status is now: NodeNotReady/.test(l)), 'the node controller\'s event');
  const b = detail('no', ctxFor(160), 'node-b');
  assert.deepEqual(refsOf(b, 'Pod'), [{ kind: 'Pod', namespace: 'shop', name: 'frontend-7b9c8d6f5-m2n4p' }]);
  assert.ok(b.map(lineText).includes('Unschedulable:        true: cordoned, no new pods are scheduled here'));
});

// ---------------------------------------------------------------- Events

test('Events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, COUNT, newest first by series, lastTimestamp or eventTime', () => {
  const v = view('ev');
  assert.deepEqual(v.columns.filter((c) => !c.wide).map((c) => c.header), ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE', 'COUNT']);
  const t = table('ev', ctxFor(300));
  const at = (h: string) => t.headers.indexOf(h);
  assert.deepEqual(
    t.cells.map((c) => [c[at('LAST SEEN')], c[at('REASON')], c[at('OBJECT')], c[at('COUNT')]]),
    [
      ['20s', 'Failed', 'pod/frontend-7b9c8d6f5-m2n4p', '33'],
      ['117s', 'Failed', 'pod/frontend-7b9c8d6f5-m2n4p', '7'],
      ['117s', 'Failed', 'pod/frontend-7b9c8d6f5-m2n4p', '7'],
      // events.k8s.io: no lastTimestamp; series.lastObservedTime (11:55:05), not eventTime (11:30:05), and series.count.
      ['4m54s', 'FailedScheduling', 'pod/db-2', '7'],
      ['7m16s', 'NodeNotReady', 'node/node-c', '1'],
      // eventTime only, no count: a singleton.
      ['9m47s', 'Scheduled', 'pod/frontend-7b9c8d6f5-m2n4p', '1'],
      ['9m48s', 'ScalingReplicaSet', 'deployment/frontend', '1'],
      ['19h', 'Pulled', 'pod/frontend-6c8d7e5f4-h7j8k', '1'],
    ],
  );
  assert.equal(t.cells[0]![at('TYPE')], 'Warning');
  assert.equal(t.cells[0]![at('MESSAGE')], 'Error: ImagePullBackOff');
  // Wide mode: SUBOBJECT, SOURCE, FIRST SEEN, NAME.
  const w = table('ev', ctxFor(400, { wide: true }));
  const wat = (h: string) => w.headers.indexOf(h);
  assert.deepEqual(w.cells[0]!.slice(wat('SUBOBJECT')), ['spec.containers{frontend}', 'kubelet, node-b', '9m45s', 'frontend-7b9c8d6f5-m2n4p.189b2e0a4d5e6f70']);
  assert.equal(w.cells[3]![wat('SOURCE')], 'default-scheduler, default-scheduler-kind-shop-control-plane');
  assert.equal(w.cells[3]![wat('FIRST SEEN')], '29m');
});

test('Events at 80 columns: NAMESPACE, TYPE, REASON, OBJECT and MESSAGE stay; at 200 COUNT too', () => {
  const t80 = table('ev', ctxFor(80));
  assert.deepEqual(t80.headers, ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  const obj = t80.headers.indexOf('OBJECT');
  assert.equal(t80.cells[0]![t80.headers.indexOf('TYPE')], 'Warning');
  // OBJECT keeps the end of the name that tells pods apart.
  assert.ok(t80.cells[0]![obj]!.endsWith('m2n4p') && t80.cells[0]![obj]!.startsWith('pod/'), t80.cells[0]![obj]);
  const t200 = table('ev', ctxFor(200));
  assert.deepEqual(t200.headers, ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE', 'COUNT']);
  const one = table('ev', ctxFor(80, { namespace: 'shop' }));
  assert.equal(one.headers[0], 'LAST SEEN', 'one namespace: no NAMESPACE column');
});

test('Events: Enter opens the involved object (a pod, a node without a namespace)', () => {
  const ctx = ctxFor(200);
  const v = view('ev');
  const rs = rows(v, ctx);
  assert.deepEqual(v.enter!(rs[0], ctx), { type: 'openObject', kind: 'Pod', namespace: 'shop', name: 'frontend-7b9c8d6f5-m2n4p' });
  const node = rs.find((r) => (r as K8sObject).reason === 'NodeNotReady')!;
  assert.deepEqual(v.enter!(node, ctx), { type: 'openObject', kind: 'Node', namespace: undefined, name: 'node-c' });
  const lines = v.detail!(rs[3], ctx);
  const t = lines.map(lineText);
  assert.ok(t.includes('Last seen:            2026-03-10 11:55:05 UTC (4m54s ago)'), t.join('\n'));
  assert.ok(t.includes('First seen:           2026-03-10 11:30:05 UTC (29m ago)'));
  assert.deepEqual(lines.find((l) => l.ref)!.ref, { kind: 'Pod', namespace: 'shop', name: 'db-2' });
  assert.ok(lines.find((l) => lineText(l).startsWith('0/3 nodes are available'))!.wrap, 'the message is wrapped, never cut');
});

test('in the shell: :ev lists newest first, Enter jumps to the involved pod', async (t) => {
  const ui = renderWithProviders(store(), { views: allViews(), initialView: 'ev', columns: 120, rows: 30, fixedNow: NOW });
  t.after(() => ui.unmount());
  const f = await ui.waitFor(/Events \[all\]/);
  const first = f.split('\n').findIndex((l) => /LAST SEEN/.test(l));
  assert.match(f.split('\n')[first + 1]!, /shop +20s +Warning +Failed +pod\/frontend-7b9c8d6f5-m2n4p +Error: ImagePullBackOff +33/);
  await ui.press(KEYS.enter);
  await ui.waitFor(/Pods › shop\/frontend-7b9c8d6f5-m2n4p/);
});

// ---------------------------------------------------------------- PersistentVolumes, StorageClasses, IngressClasses

test("PersistentVolumes: kubectl's columns (ACCESS MODES order, CLAIM, REASON, VOLUMEATTRIBUTESCLASS), VOLUMEMODE in wide mode", () => {
  assert.deepEqual(view('pv').columns.map((c) => c.header), ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE', 'PROBLEMS', 'VOLUMEMODE']);
  const ctx = ctxFor(300, { wide: true });
  const bound = values('pv', ctx, 'pvc-4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b');
  assert.deepEqual([bound.CAPACITY, bound['ACCESS MODES'], bound['RECLAIM POLICY'], bound.STATUS, bound.CLAIM, bound.STORAGECLASS, bound.VOLUMEATTRIBUTESCLASS, bound.REASON], ['20Gi', 'RWO', 'Delete', 'Bound', 'shop/data-db-0', 'gp3', '<unset>', '']);
  assert.deepEqual([values('pv', ctx, 'nfs-archive')['ACCESS MODES'], values('pv', ctx, 'nfs-archive').CLAIM, values('pv', ctx, 'nfs-archive').STATUS], ['ROX,RWX', '', 'Available']);
  const failed = values('pv', ctx, 'pvc-0c7d8e9f-1a2b-4c3d-8e4f-5a6b7c8d9e0f');
  assert.deepEqual([failed.STATUS, failed.REASON], ['Failed', 'VolumeFailedDelete']);
  const block = values('pv', ctx, 'pvc-77aa88bb-99cc-4ddd-8eee-ff0011223344');
  assert.deepEqual([block['ACCESS MODES'], block.VOLUMEATTRIBUTESCLASS, block.VOLUMEMODE], ['RWOP', 'io2-fast', 'Block']);
  assert.equal(values('pv', ctx, 'pvc-9b2c3d4e-6f7a-4b8c-9d0e-1f2a3b4c5d6e').STATUS, 'Released');
  // At 80 columns NAME, STATUS and CLAIM stay, cut in the middle where they must be.
  const t80 = table('pv', ctxFor(80));
  for (const id of ['name', 'status', 'claim']) assert.ok(t80.ids.includes(id), `${id} at 80: ${t80.ids.join(' ')}`);
  const name = t80.cells.map((c) => c[0]!);
  assert.ok(name.every((n) => textWidth(n) <= 20));
  assert.ok(name.some((n) => n.startsWith('pvc-') && n.includes('…')));
  assert.ok(!table('pv', ctxFor(200)).ids.includes('volumemode'), 'VOLUMEMODE only in wide mode');
});

test('PersistentVolume detail: the claim and the class lines open them when they exist; the driver error is in the status', () => {
  const lines = detail('pv', ctxFor(160), 'pvc-0c7d8e9f-1a2b-4c3d-8e4f-5a6b7c8d9e0f');
  const t = lines.map(lineText);
  assert.ok(t.some((l) => l.startsWith('Status:               Failed: VolumeFailedDelete (rpc error: code = Internal desc = Could not delete volume ID')));
  // Its claim is not in the store (deleted, or not readable): the line is not selectable.
  assert.deepEqual(refsOf(lines, 'PersistentVolumeClaim'), []);
  assert.deepEqual(refsOf(lines, 'StorageClass'), [{ kind: 'StorageClass', name: 'gp3' }]);
  const bound = detail('pv', ctxFor(160), 'pvc-4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b');
  assert.deepEqual(refsOf(bound, 'PersistentVolumeClaim'), [{ kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data-db-0' }]);
  assert.ok(t.includes('Source:               CSI ebs.csi.aws.com vol-0f1e2d3c4b5a69788'));
});

test("StorageClasses: kubectl's columns; the default claims get is marked, an older default says it is unused", () => {
  assert.deepEqual(view('sc').columns.map((c) => c.header), ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
  const t = table('sc', ctxFor(200));
  assert.deepEqual(t.cells, [
    ['efs', 'efs.csi.aws.com', 'Retain', 'Immediate', 'false', '131d'],
    ['gp2 (default, unused)', 'kubernetes.io/aws-ebs', 'Delete', 'WaitForFirstConsumer', 'false', '2y37d'],
    ['gp3 (default)', 'ebs.csi.aws.com', 'Delete', 'WaitForFirstConsumer', 'true', '177d'],
  ]);
  const t80 = table('sc', ctxFor(80));
  assert.ok(t80.cells.every((c) => !c[0]!.includes('…')), 'names and their markers whole at 80');
  const d = detail('sc', ctxFor(160), 'gp3');
  assert.ok(d.map(lineText).includes('Default:              yes: claims that name no class get this one'));
  assert.deepEqual(refsOf(d, 'PersistentVolumeClaim'), [{ kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data-db-0' }]);
  assert.ok(detail('sc', ctxFor(160), 'gp2').map(lineText).includes('Default:              annotated, but gp3 is newer and is the one claims get'));
});

test("IngressClasses: kubectl's columns (PARAMETERS as Kind.group/name); the detail lists the Ingresses it serves", () => {
  assert.deepEqual(view('ingressclass').columns.map((c) => c.header), ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE', 'PROBLEMS']);
  for (const width of [80, 200]) {
    const t = table('ingressclass', ctxFor(width));
    assert.deepEqual(t.cells.map((c) => c.slice(0, 3)), [
      ['alb', 'ingress.k8s.aws/alb', width === 80 ? t.cells[0]![2]! : 'IngressClassParams.elbv2.k8s.aws/alb-params'],
      ['nginx (default)', 'k8s.io/ingress-nginx', '<none>'],
    ]);
  }
  const nginx = detail('ingressclass', ctxFor(160), 'nginx');
  assert.deepEqual(refsOf(nginx, 'Ingress'), [
    { kind: 'Ingress', namespace: 'cms', name: 'docs' },
    { kind: 'Ingress', namespace: 'shop', name: 'shop' },
  ]);
  assert.ok(nginx.map(lineText).includes('  cms/docs  (as the default class)'));
  const alb = detail('ingressclass', ctxFor(160), 'alb');
  assert.deepEqual(alb.filter((l) => l.ref?.kind === 'Ingress').map(lineText), ['  shop/legacy  (legacy annotation)']);
});

test("the kinds that stay plain tables still get kubectl's columns: EndpointSlices, ControllerRevisions", () => {
  const s = loadStore(['service/shop-web-lb.yaml', 'statefulset/rollout-partition.yaml']);
  const ctx: ViewCtx = { store: s, now: Date.parse('2026-11-20T10:30:00Z'), width: 200, noColor: true };
  const eps = view('eps');
  assert.deepEqual(eps.columns.filter((c) => !c.wide).map((c) => c.header), ['NAMESPACE', 'NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
  const web = eps.rows(ctx).find((r) => (r as K8sObject).metadata.name === 'web-x7k2p')!;
  assert.deepEqual(eps.columns.filter((c) => !c.wide).map((c) => c.value(web, ctx)), ['shop', 'web-x7k2p', 'IPv4', '8080', '10.1.0.12,10.1.0.13,10.1.0.14', '12m']);
  const cr = view('controllerrevision');
  assert.deepEqual(cr.columns.filter((c) => !c.wide).map((c) => c.header), ['NAMESPACE', 'NAME', 'CONTROLLER', 'REVISION', 'AGE']);
  const rev = cr.rows(ctx).find((r) => (r as K8sObject).metadata.name === 'web-6f7c8d9b5')!;
  assert.deepEqual(cr.columns.slice(2, 4).map((c) => c.value(rev, ctx)), ['statefulset.apps/web', '2']);
});

test('pod detail: the node line opens the node, only when the node can be read', () => {
  const withNodes = detail('pods', ctxFor(160), 'shop/frontend-7b9c8d6f5-m2n4p');
  const node = withNodes.find((l) => lineText(l).startsWith('Node:'))!;
  assert.deepEqual(node.ref, { kind: 'Node', name: 'node-b' });
  // A namespaced viewer often cannot list Nodes: the line stays, but is not selectable.
  const s = loadStore(['pod/image-pull.yaml']);
  const without = detail('pods', ctxFor(160, { s }), 'shop/frontend-7b9c8d6f5-m2n4p');
  assert.equal(without.find((l) => lineText(l).startsWith('Node:'))!.ref, undefined);
  assert.equal(without.find((l) => lineText(l).startsWith('Controlled by:'))!.ref, undefined, 'its ReplicaSet is not in that store either');
  assert.deepEqual(withNodes.find((l) => lineText(l).startsWith('Controlled by:'))!.ref, { kind: 'ReplicaSet', namespace: 'shop', name: 'frontend-7b9c8d6f5' });
});
