// :no — Nodes with kubectl's columns (printers.go nodeColumnDefinitions and
// printNode: STATUS is Ready or NotReady from the Ready condition, Unknown
// without one, plus SchedulingDisabled when cordoned; ROLES from the
// node-role.kubernetes.io/<role> and kubernetes.io/role labels; -o wide adds
// the addresses, OS image, kernel and runtime), plus what a k9s user reads
// next: how many pods are bound to the node and the pressure conditions that
// are True.
import type { ClusterStore } from '../src/cluster/store.js';
import type { Condition, K8sObject, Pod } from '../src/model/types.js';
import { podStateText, podSummary } from '../src/model/pod.js';
import { absTime, age } from '../src/model/time.js';
import type { Column, Line, Tone, ViewCtx, ViewDef } from './types.js';
import { ageColumn, describeLines, fitList, kv, nameColumn, problemsColumn, refTo, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { tableLines } from './widgets/tableLines.js';
import { line, seg } from './widgets/text.js';
import { podStatusTone } from './pods.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** Conditions that are bad when True (the node lifecycle controller taints the node for them). */
export const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'] as const;

function conditions(node: K8sObject): Condition[] {
  return Array.isArray(node.status?.conditions) ? node.status.conditions : [];
}

/** kubectl's STATUS: `Ready`, `NotReady` (Ready False or Unknown), `Unknown` (no Ready condition), `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: K8sObject): string {
  const ready = conditions(node).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function statusTone(node: K8sObject): Tone {
  const s = nodeStatus(node);
  if (s.startsWith('Ready')) return node.spec?.unschedulable ? 'warn' : 'ok';
  return 'error';
}

/** kubectl's ROLES: sorted, comma-separated, `<none>` without any. */
export function nodeRoles(node: K8sObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === ROLE_LABEL && v !== '') roles.add(v);
  }
  return [...roles].sort().join(',') || '<none>';
}

/** The pressure conditions that are True, and why the node's status is not known. */
export function nodeConditionsText(node: K8sObject): string {
  const conds = conditions(node);
  const out: string[] = conds.filter((c) => (PRESSURE_CONDITIONS as readonly string[]).includes(c.type) && c.status === 'True').map((c) => c.type);
  const ready = conds.find((c) => c.type === 'Ready');
  // Ready=Unknown: the kubelet stopped posting status (NodeStatusUnknown): say so, it is not the same as NotReady.
  if (ready?.status === 'Unknown') out.unshift('kubelet not reporting');
  return out.join(', ');
}

/** Pods bound to a node (spec.nodeName), not finished, one index per store version. */
export function podsOnNode(store: ClusterStore, node: string): Pod[] {
  const idx = store.memo('views/podsByNode', () => {
    const m = new Map<string, Pod[]>();
    for (const p of store.list<Pod>('Pod')) {
      const n = p.spec?.nodeName;
      if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      let arr = m.get(n);
      if (!arr) m.set(n, (arr = []));
      arr.push(p);
    }
    return m;
  });
  return idx.get(node) ?? [];
}

function address(node: K8sObject, type: string): string {
  const a = (node.status?.addresses ?? []).find((x: { type: string; address: string }) => x.type === type);
  return a?.address ?? '<none>';
}

const info = (node: K8sObject, key: string): string => node.status?.nodeInfo?.[key] || '<unknown>';
const self = (o: K8sObject) => o;

export const nodeColumns: Column<K8sObject>[] = [
  nameColumn(self),
  // Never cut: `Ready,SchedulingDisabled` is what tells a cordoned node.
  { id: 'status', header: 'STATUS', priority: 0, minWidth: 24, maxWidth: 30, value: nodeStatus, tone: statusTone },
  { id: 'roles', header: 'ROLES', priority: 2, maxWidth: 30, value: nodeRoles, tone: (o) => (nodeRoles(o) === '<none>' ? 'muted' : undefined) },
  ageColumn(self),
  { id: 'version', header: 'VERSION', priority: 3, value: (o) => info(o, 'kubeletVersion') },
  {
    id: 'pods',
    header: 'PODS',
    priority: 1,
    align: 'right',
    // Unknown, not 0, when pods could not all be read.
    value: (o, ctx) => (ctx.store.complete('Pod') ? String(podsOnNode(ctx.store, o.metadata.name).length) : '?'),
    sortValue: (o, ctx) => podsOnNode(ctx.store, o.metadata.name).length,
  },
  { id: 'conditions', header: 'CONDITIONS', priority: 1, minWidth: 21, maxWidth: 50, fit: fitList, value: nodeConditionsText, tone: () => 'error' },
  problemsColumn(self, 'Node'),
  { id: 'internal-ip', header: 'INTERNAL-IP', priority: 4, wide: true, value: (o) => address(o, 'InternalIP') },
  { id: 'external-ip', header: 'EXTERNAL-IP', priority: 5, wide: true, value: (o) => address(o, 'ExternalIP') },
  { id: 'os-image', header: 'OS-IMAGE', priority: 6, wide: true, maxWidth: 40, value: (o) => info(o, 'osImage') },
  { id: 'kernel', header: 'KERNEL-VERSION', priority: 6, wide: true, maxWidth: 40, value: (o) => info(o, 'kernelVersion') },
  { id: 'runtime', header: 'CONTAINER-RUNTIME', priority: 6, wide: true, maxWidth: 40, value: (o) => info(o, 'containerRuntimeVersion') },
];

// ---------------------------------------------------------------- detail

function podColumns(): Column<Pod>[] {
  return [
    { id: 'namespace', header: 'NAMESPACE', priority: 0, maxWidth: 20, value: (p) => p.metadata.namespace ?? '' },
    { id: 'name', header: 'POD', priority: 0, minWidth: 16, value: (p) => p.metadata.name },
    { id: 'ready', header: 'READY', priority: 1, value: (p) => { const s = podSummary(p); return `${s.ready}/${s.total}`; } },
    { id: 'status', header: 'STATUS', priority: 0, minWidth: 12, value: (p) => podStateText(p), tone: (p) => { const s = podSummary(p); return podStatusTone(s.status, s.isReady); } },
    { id: 'age', header: 'AGE', priority: 2, align: 'right', value: (p, ctx) => age(p.metadata.creationTimestamp, ctx.now) },
  ];
}

export function nodeDetailLines(node: K8sObject, ctx: ViewCtx): Line[] {
  const conds = conditions(node);
  const alloc = node.status?.allocatable ?? {};
  const cap = node.status?.capacity ?? {};
  const extra: Line[] = [
    kv('Status', nodeStatus(node), statusTone(node)),
    kv('Roles', nodeRoles(node)),
    kv('Kubelet', `${info(node, 'kubeletVersion')}  ${info(node, 'containerRuntimeVersion')}  ${info(node, 'osImage')}  kernel ${info(node, 'kernelVersion')}`),
    kv('Addresses', (node.status?.addresses ?? []).map((a: { type: string; address: string }) => `${a.type} ${a.address}`).join(', ') || '<none>'),
    kv('Capacity', `cpu ${cap.cpu ?? '?'}  memory ${cap.memory ?? '?'}  pods ${cap.pods ?? '?'}`),
    kv('Allocatable', `cpu ${alloc.cpu ?? '?'}  memory ${alloc.memory ?? '?'}  pods ${alloc.pods ?? '?'}`),
  ];
  if (node.spec?.unschedulable) extra.push(kv('Unschedulable', 'true: cordoned, no new pods are scheduled here', 'warn'));
  const taints: { key: string; value?: string; effect: string }[] = node.spec?.taints ?? [];
  extra.push(kv('Taints', taints.length ? taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') : '<none>'));
  extra.push(line(''), section('Conditions'));
  if (conds.length === 0) extra.push(line(seg('  no conditions reported', 'muted')));
  for (const c of conds) {
    const bad = c.type === 'Ready' ? c.status !== 'True' : c.status !== 'False';
    extra.push(
      line(
        `  ${c.type.padEnd(20)}`,
        seg(c.status.padEnd(9), bad ? 'error' : 'ok'),
        seg(`${c.reason ?? ''}`.padEnd(28), bad ? 'error' : undefined),
        seg(c.lastTransitionTime ? `since ${absTime(c.lastTransitionTime)}  ` : '', 'muted'),
        seg(c.message ?? '', 'muted'),
      ),
    );
  }
  const pods = [...podsOnNode(ctx.store, node.metadata.name)].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  extra.push(line(''), section(`Pods (${ctx.store.complete('Pod') ? pods.length : `${pods.length}, pods not fully readable`})`));
  if (pods.length) extra.push(...tableLines(podColumns(), pods, ctx, '  ', (p) => refTo('Pod', p.metadata.namespace, p.metadata.name)));
  else extra.push(line(seg('  none', 'muted')));
  return [...findingLines(ctx.findingsFor?.('Node', undefined, node.metadata.name) ?? []), ...describeLines(node, ctx, extra)];
}

export const nodesView: ViewDef<K8sObject> = {
  id: 'no',
  title: 'Nodes',
  aliases: ['no', 'node', 'nodes'],
  kinds: ['Node', 'Pod'],
  namespaced: false,
  defaultSort: 'name',
  columns: nodeColumns,
  rows: (ctx) => ctx.store.list('Node'),
  key: (o) => o.metadata.name,
  object: (o) => o,
  detail: (o, ctx) => nodeDetailLines(o, ctx),
};
