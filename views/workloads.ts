// :deploy and :rs — Deployments and ReplicaSets with kubectl's columns
// (pkg/printers/internalversion/printers.go: deploymentColumnDefinitions,
// replicaSetColumnDefinitions; CONTAINERS, IMAGES and SELECTOR are -o wide).
// No check looks at a Deployment itself, so PROBLEMS counts the findings of
// the pods it runs (through its ReplicaSets): that is what breaks a rollout.
import type { ClusterStore } from '../src/cluster/store.js';
import type { Condition, K8sObject, Pod } from '../src/model/types.js';
import type { Finding } from '../diagnostics/types.js';
import { controllerOf, podStateText, podsOwnedBy, podSummary } from '../src/model/pod.js';
import { absTime, age } from '../src/model/time.js';
import type { Column, Line, ViewCtx, ViewDef } from './types.js';
import {
  ageColumn,
  containersText,
  describeLines,
  findingsColumn,
  imagesText,
  kv,
  labelSelectorText,
  nameColumn,
  namespaceColumn,
  refTo,
  section,
} from './common.js';
import { findingLines } from './diagnostics.js';
import { tableLines } from './widgets/tableLines.js';
import { line, seg } from './widgets/text.js';
import { podStatusTone } from './pods.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** Objects of a kind by their controller's uid, one index per store version. */
function controlledBy(store: ClusterStore, kind: 'ReplicaSet', ownerUid: string | undefined): K8sObject[] {
  if (!ownerUid) return [];
  const idx = store.memo(`views/controlled/${kind}`, () => {
    const m = new Map<string, K8sObject[]>();
    for (const o of store.list(kind)) {
      const c = controllerOf(o);
      if (!c) continue;
      let arr = m.get(c.uid);
      if (!arr) m.set(c.uid, (arr = []));
      arr.push(o);
    }
    return m;
  });
  return idx.get(ownerUid) ?? [];
}

/** A Deployment's ReplicaSets, newest revision first. */
export function replicaSetsOf(store: ClusterStore, d: K8sObject): K8sObject[] {
  const rev = (o: K8sObject) => Number(o.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
  return [...controlledBy(store, 'ReplicaSet', d.metadata.uid)].sort((a, b) => rev(b) - rev(a) || (Date.parse(b.metadata.creationTimestamp ?? '') || 0) - (Date.parse(a.metadata.creationTimestamp ?? '') || 0));
}

/** The pods a ReplicaSet or a Deployment (through its ReplicaSets) controls. */
export function podsOf(store: ClusterStore, o: K8sObject): Pod[] {
  if (o.kind === 'Deployment') return replicaSetsOf(store, o).flatMap((rs) => podsOf(store, rs));
  return podsOwnedBy(store, o.metadata.uid).filter((p) => controllerOf(p)?.uid === o.metadata.uid);
}

/** The object's own findings, then its pods'. */
function workloadFindings(kind: string, o: K8sObject, ctx: ViewCtx): Finding[] {
  if (!ctx.findingsFor) return [];
  const own = ctx.findingsFor(kind, o.metadata.namespace, o.metadata.name);
  const pods = podsOf(ctx.store, o).flatMap((p) => ctx.findingsFor!('Pod', p.metadata.namespace, p.metadata.name));
  return pods.length ? [...own, ...pods] : own;
}

const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
/** spec.replicas defaults to 1 (apps/v1 defaulting). */
export const desiredReplicas = (o: K8sObject): number => (typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1);

function countTone(have: number, want: number) {
  return have >= want ? undefined : ('warn' as const);
}

function wideColumns<R extends K8sObject>(): Column<R>[] {
  return [
    { id: 'containers', header: 'CONTAINERS', priority: 5, wide: true, maxWidth: 40, value: (o) => containersText(o.spec?.template?.spec) },
    { id: 'images', header: 'IMAGES', priority: 5, wide: true, maxWidth: 60, value: (o) => imagesText(o.spec?.template?.spec) },
    { id: 'selector', header: 'SELECTOR', priority: 6, wide: true, maxWidth: 60, value: (o) => labelSelectorText(o.spec?.selector) },
  ];
}

const self = (o: K8sObject) => o;

export const deploymentColumns: Column<K8sObject>[] = [
  namespaceColumn(self),
  nameColumn(self),
  {
    id: 'ready',
    header: 'READY',
    priority: 0,
    value: (o) => `${n(o.status?.readyReplicas)}/${desiredReplicas(o)}`,
    tone: (o) => (n(o.status?.readyReplicas) >= desiredReplicas(o) ? 'ok' : 'warn'),
    sortValue: (o) => (desiredReplicas(o) ? n(o.status?.readyReplicas) / desiredReplicas(o) : 1),
  },
  { id: 'uptodate', header: 'UP-TO-DATE', priority: 1, align: 'right', value: (o) => String(n(o.status?.updatedReplicas)), tone: (o) => countTone(n(o.status?.updatedReplicas), desiredReplicas(o)), sortValue: (o) => n(o.status?.updatedReplicas) },
  { id: 'available', header: 'AVAILABLE', priority: 1, align: 'right', value: (o) => String(n(o.status?.availableReplicas)), tone: (o) => countTone(n(o.status?.availableReplicas), desiredReplicas(o)), sortValue: (o) => n(o.status?.availableReplicas) },
  ageColumn(self),
  findingsColumn((o, ctx) => workloadFindings('Deployment', o, ctx)),
  ...wideColumns(),
];

export const replicaSetColumns: Column<K8sObject>[] = [
  namespaceColumn(self),
  nameColumn(self),
  { id: 'desired', header: 'DESIRED', priority: 0, align: 'right', value: (o) => String(desiredReplicas(o)), sortValue: (o) => desiredReplicas(o) },
  { id: 'current', header: 'CURRENT', priority: 0, align: 'right', value: (o) => String(n(o.status?.replicas)), tone: (o) => countTone(n(o.status?.replicas), desiredReplicas(o)), sortValue: (o) => n(o.status?.replicas) },
  { id: 'ready', header: 'READY', priority: 0, align: 'right', value: (o) => String(n(o.status?.readyReplicas)), tone: (o) => countTone(n(o.status?.readyReplicas), desiredReplicas(o)), sortValue: (o) => n(o.status?.readyReplicas) },
  ageColumn(self),
  { id: 'owner', header: 'OWNER', priority: 4, maxWidth: 40, value: (o) => { const c = controllerOf(o); return c ? `${c.kind}/${c.name}` : '<none>'; } },
  findingsColumn((o, ctx) => workloadFindings('ReplicaSet', o, ctx)),
  ...wideColumns(),
];

// ---------------------------------------------------------------- detail

function conditionLines(conds: Condition[] | undefined): Line[] {
  if (!conds?.length) return [line(seg('  no conditions reported', 'muted'))];
  const bad = (c: Condition) => (c.type === 'ReplicaFailure' ? c.status === 'True' : c.status !== 'True');
  return conds.map((c) =>
    line(
      `  ${c.type.padEnd(16)}`,
      seg(c.status.padEnd(8), bad(c) ? 'warn' : 'ok'),
      seg(`${c.reason ?? ''}`.padEnd(28), bad(c) ? 'warn' : undefined),
      seg(c.lastTransitionTime ? `since ${absTime(c.lastTransitionTime)}  ` : '', 'muted'),
      seg(c.message ?? '', 'muted'),
    ),
  );
}

const podRef = (p: Pod) => refTo('Pod', p.metadata.namespace, p.metadata.name);

function podColumns(): Column<Pod>[] {
  return [
    { id: 'name', header: 'POD', priority: 0, minWidth: 16, value: (p) => p.metadata.name },
    { id: 'ready', header: 'READY', priority: 0, value: (p) => { const s = podSummary(p); return `${s.ready}/${s.total}`; } },
    { id: 'status', header: 'STATUS', priority: 0, minWidth: 12, value: (p) => podStateText(p), tone: (p) => { const s = podSummary(p); return podStatusTone(s.status, s.isReady); } },
    { id: 'restarts', header: 'RESTARTS', priority: 1, align: 'right', value: (p) => String(podSummary(p).restarts) },
    { id: 'age', header: 'AGE', priority: 2, align: 'right', value: (p, ctx) => age(p.metadata.creationTimestamp, ctx.now) },
    { id: 'node', header: 'NODE', priority: 3, value: (p) => p.spec?.nodeName ?? '<none>' },
  ];
}

function podSection(ctx: ViewCtx, o: K8sObject): Line[] {
  const pods = podsOf(ctx.store, o).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const out: Line[] = [section(`Pods (${pods.length})`)];
  if (pods.length === 0) {
    out.push(line(seg(ctx.store.complete('Pod', o.metadata.namespace) ? '  none' : `  Pods could not be read (${ctx.store.status('Pod').state}).`, 'muted')));
  } else {
    out.push(...tableLines(podColumns(), pods, ctx, '  ', podRef));
  }
  return out;
}

export function deploymentDetailLines(d: K8sObject, ctx: ViewCtx): Line[] {
  const st = d.status ?? {};
  const want = desiredReplicas(d);
  const strategy = d.spec?.strategy ?? {};
  const type = strategy.type ?? 'RollingUpdate';
  const ru = strategy.rollingUpdate ?? {};
  const extra: Line[] = [
    kv('Replicas', `desired ${want}  updated ${n(st.updatedReplicas)}  ready ${n(st.readyReplicas)}  available ${n(st.availableReplicas)}  unavailable ${n(st.unavailableReplicas)}`, n(st.availableReplicas) < want ? 'warn' : undefined),
    kv('Strategy', type === 'RollingUpdate' ? `RollingUpdate  maxSurge ${ru.maxSurge ?? '25%'}  maxUnavailable ${ru.maxUnavailable ?? '25%'}` : type),
    kv('Selector', labelSelectorText(d.spec?.selector)),
  ];
  if (d.spec?.paused) extra.push(kv('Paused', 'true: the rollout does not progress until resumed', 'warn'));
  const gen = d.metadata.generation;
  if (gen !== undefined && st.observedGeneration !== undefined && st.observedGeneration < gen) extra.push(kv('Generation', `observed ${st.observedGeneration} of ${gen}: the controller has not processed the latest spec yet`, 'warn'));
  extra.push(line(''), section('Conditions'), ...conditionLines(st.conditions));
  const rss = replicaSetsOf(ctx.store, d);
  extra.push(line(''), section(`ReplicaSets (${rss.length}, newest first)`));
  if (rss.length === 0) extra.push(line(seg(ctx.store.complete('ReplicaSet', d.metadata.namespace) ? '  none' : `  ReplicaSets could not be read (${ctx.store.status('ReplicaSet').state}).`, 'muted')));
  else {
    const cols: Column<K8sObject>[] = [
      { id: 'name', header: 'NAME', priority: 0, minWidth: 16, fit: nameColumn(self).fit, value: (o) => o.metadata.name },
      { id: 'revision', header: 'REVISION', priority: 1, align: 'right', value: (o) => o.metadata.annotations?.[REVISION_ANNOTATION] ?? '-' },
      ...replicaSetColumns.filter((c) => ['desired', 'current', 'ready', 'age'].includes(c.id)),
      { id: 'images', header: 'IMAGES', priority: 3, maxWidth: 60, value: (o) => imagesText(o.spec?.template?.spec) },
    ];
    extra.push(...tableLines(cols, rss, ctx, '  ', (o) => refTo('ReplicaSet', o.metadata.namespace, o.metadata.name)));
  }
  extra.push(line(''), ...podSection(ctx, d));
  return [...findingLines(workloadFindings('Deployment', d, ctx)), ...describeLines(d, ctx, extra)];
}

export function replicaSetDetailLines(rs: K8sObject, ctx: ViewCtx): Line[] {
  const st = rs.status ?? {};
  const extra: Line[] = [
    kv('Replicas', `desired ${desiredReplicas(rs)}  current ${n(st.replicas)}  ready ${n(st.readyReplicas)}  available ${n(st.availableReplicas)}`, n(st.readyReplicas) < desiredReplicas(rs) ? 'warn' : undefined),
    kv('Revision', rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '-'),
    kv('Images', imagesText(rs.spec?.template?.spec)),
    kv('Selector', labelSelectorText(rs.spec?.selector)),
  ];
  const failure = (st.conditions as Condition[] | undefined)?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) extra.push(kv('ReplicaFailure', `${failure.reason ?? ''}: ${failure.message ?? ''}`, 'error'));
  extra.push(line(''), ...podSection(ctx, rs));
  return [...findingLines(workloadFindings('ReplicaSet', rs, ctx)), ...describeLines(rs, ctx, extra)];
}

function listView(id: string, kind: 'Deployment' | 'ReplicaSet', title: string, aliases: string[], columns: Column<K8sObject>[], detail: (o: K8sObject, ctx: ViewCtx) => Line[]): ViewDef<K8sObject> {
  return {
    id,
    title,
    aliases,
    kinds: [kind, ...(kind === 'Deployment' ? (['ReplicaSet'] as const) : []), 'Pod'],
    namespaced: true,
    defaultSort: 'name',
    columns,
    rows: (ctx) => ctx.store.list(kind, ctx.namespace),
    key: (o) => `${o.metadata.namespace}/${o.metadata.name}`,
    object: (o) => o,
    detail,
    logTargets: (o, ctx) =>
      podsOf(ctx.store, o).map((p) => ({ namespace: p.metadata.namespace!, pod: p.metadata.name, containers: (p.spec?.containers ?? []).map((c) => c.name) })),
  };
}

export const deploymentsView = listView('deploy', 'Deployment', 'Deployments', ['deploy', 'deployment', 'deployments'], deploymentColumns, deploymentDetailLines);
export const replicaSetsView = listView('rs', 'ReplicaSet', 'ReplicaSets', ['rs', 'replicaset', 'replicasets'], replicaSetColumns, replicaSetDetailLines);
