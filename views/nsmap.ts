// :map — one namespace as a tree, Ingress → Service → owner → Pods, through
// EndpointSlices, colored by health. Pods are grouped under their owner
// (Deployment via ReplicaSet, CronJob via Job, StatefulSet) so an owner is
// drawn once, not once per pod. Rows are the tree's lines (in tree order,
// whatever column sort is asked for); Enter on a line opens that object's own
// detail (Ingress, Service or Pod view's detail; other kinds: a describe).
// With all namespaces in scope, each namespace is a root of its own.
import type { K8sObject, Pod } from '../src/model/types.js';
import { type Health, type MapNode, mapNamespaces, namespaceMap } from '../src/model/nsmap.js';
import type { Service } from '../src/model/service.js';
import type { Ingress } from '../src/model/ingress.js';
import type { KindName } from '../src/cluster/kinds.js';
import type { Line, Seg, Tone, ViewCtx, ViewDef } from './types.js';
import { describeLines, refTo } from './common.js';
import { deploymentDetailLines, replicaSetDetailLines } from './workloads.js';
import { statefulSetsView } from './statefulsets.js';
import { jobsView } from './jobs.js';
import { cronJobsView } from './cronjobs.js';
import { line, seg } from './widgets/text.js';
import { treeGlyphs } from './services.js';
import { serviceDetail } from './services.js';
import { ingressDetail } from './ingresses.js';
import { podDetailLines } from './pods.js';

/** The dedicated views whose detail the map reuses for these kinds. */
function allViewsForKind(kind: string): ViewDef | undefined {
  return [statefulSetsView as ViewDef, jobsView as ViewDef, cronJobsView as ViewDef].find((v) => v.kinds[0] === kind);
}

export interface MapRow {
  /** Unique, readable path of the node in the tree: `ns/shop › ing/shop › svc/web`. */
  key: string;
  index: number;
  depth: number;
  prefix: string;
  node: MapNode;
}

const HEALTH_TONE: Record<Health, Tone> = { ok: 'ok', warn: 'warn', error: 'error', muted: 'muted' };
/** Health marks readable without color. */
const ASCII_MARK: Record<Health, string> = { ok: '+', warn: '!', error: 'x', muted: '-' };

const KIND_SHORT: Record<string, string> = {
  Ingress: 'ing',
  Service: 'svc',
  Pod: 'pod',
  ReplicaSet: 'rs',
  Deployment: 'deploy',
  StatefulSet: 'sts',
  Job: 'job',
  CronJob: 'cj',
  DaemonSet: 'ds',
  Namespace: 'ns',
};

export function mapRows(ctx: ViewCtx): MapRow[] {
  const g = treeGlyphs(ctx.noColor);
  const rows: MapRow[] = [];
  const walk = (list: MapNode[], prefix: string, depth: number, parentKey: string) => {
    list.forEach((n, i) => {
      const last = i === list.length - 1;
      const label = n.kind === 'Group' ? n.name : `${KIND_SHORT[n.kind] ?? n.kind.toLowerCase()}/${n.name}`;
      const key = parentKey ? `${parentKey} › ${label}` : label;
      rows.push({ key, index: rows.length, depth, prefix: depth === 0 ? '' : prefix + (last ? g.last : g.mid), node: n });
      walk(n.children, depth === 0 ? '' : prefix + (last ? g.gap : g.bar), depth + 1, key);
    });
  };
  for (const ns of mapNamespaces(ctx.store, ctx.namespace)) {
    const roots = namespaceMap(ctx.store, ns, ctx.now);
    if (ctx.namespace === undefined) {
      const nsNode: MapNode = { kind: 'Namespace', name: ns, health: 'muted', text: '', children: roots };
      walk([nsNode], '', 0, '');
    } else {
      walk(roots, '', 0, `ns/${ns}`);
    }
  }
  return rows;
}

export function mapRowSegs(r: MapRow, ctx: ViewCtx): Seg[] {
  const n = r.node;
  const tone = HEALTH_TONE[n.health];
  const mark = ctx.noColor ? `${ASCII_MARK[n.health]} ` : '● ';
  const label = n.kind === 'Group' ? n.name : `${KIND_SHORT[n.kind] ?? n.kind.toLowerCase()}/${n.name}`;
  return [
    seg(r.prefix, 'muted'),
    seg(mark, tone),
    seg(label, n.kind === 'Group' || n.kind === 'Namespace' ? 'accent' : tone === 'ok' ? undefined : tone, r.depth === 0),
    seg(n.text ? `  ${n.text}` : '', 'muted'),
  ];
}

function objectFor(r: MapRow, ctx: ViewCtx): K8sObject | undefined {
  const n = r.node;
  if (n.kind === 'Group') return undefined;
  if (n.kind === 'Namespace') return ctx.store.get('Namespace', undefined, n.name);
  const known: KindName[] = ['Ingress', 'Service', 'Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'Job', 'CronJob'];
  if (!known.includes(n.kind as KindName)) return undefined;
  return ctx.store.get(n.kind as KindName, n.namespace, n.name);
}

export const nsmapView: ViewDef<MapRow> = {
  id: 'map',
  title: 'Namespace map',
  aliases: ['map', 'nsmap'],
  kinds: ['Ingress', 'Service', 'EndpointSlice', 'Pod'],
  namespaced: true,
  columns: [
    {
      id: 'tree',
      header: 'INGRESS → SERVICE → OWNER → PODS',
      priority: 0,
      // One column: let it take the whole width (the shell cuts to the terminal).
      maxWidth: 1000,
      value: (r, ctx) => mapRowSegs(r, ctx).map((s) => s.text).join(''),
      cell: (r, ctx) => mapRowSegs(r, ctx),
      // A tree has one order: any sort keeps it.
      sortValue: (r) => r.index,
    },
  ],
  rows: (ctx) => mapRows(ctx),
  key: (r) => r.key,
  object: (r, ctx) => objectFor(r, ctx),
  detail: (r, ctx): Line[] => mapDetail(r, ctx),
  logTargets: (r, ctx) =>
    podsUnder(r.node)
      .map((n) => ctx.store.get<Pod>('Pod', n.namespace, n.name))
      .filter((p): p is Pod => p !== undefined)
      .map((p) => ({ namespace: p.metadata.namespace!, pod: p.metadata.name, containers: (p.spec?.containers ?? []).map((c) => c.name) })),
};

/** The pods drawn under a node (itself when it is a pod). */
function podsUnder(n: MapNode): MapNode[] {
  if (n.kind === 'Pod') return [n];
  return n.children.flatMap(podsUnder);
}

/**
 * Enter on a line: that object's own detail, the same as in its own view
 * (with its selectable lines). A group or a namespace lists what is under it,
 * one selectable line per object.
 */
export function mapDetail(r: MapRow, ctx: ViewCtx): Line[] {
  const n = r.node;
  if (n.kind === 'Group' || (n.kind === 'Namespace' && !objectFor(r, ctx))) return childLines(r);
  const o = objectFor(r, ctx);
  if (!o) return [line(seg(`${n.kind}/${n.name}: not in the store`, 'muted'))];
  switch (n.kind) {
    case 'Ingress':
      return ingressDetail(o as Ingress, ctx);
    case 'Service':
      return serviceDetail(o as Service, ctx);
    case 'Pod':
      return podDetailLines(o as Pod, ctx);
    case 'Deployment':
      return deploymentDetailLines(o, ctx);
    case 'ReplicaSet':
      return replicaSetDetailLines(o, ctx);
    case 'Namespace':
      return [...describeLines(o, ctx, []), line(''), ...childLines(r)];
    default: {
      // StatefulSets, Jobs, CronJobs: their own view's detail.
      const v = allViewsForKind(n.kind);
      const row = v?.rows({ ...ctx, namespace: n.namespace }).find((x) => v.object?.(x, ctx)?.metadata.name === n.name);
      return v?.detail && row !== undefined ? v.detail(row, ctx) : describeLines(o, ctx);
    }
  }
}

function childLines(r: MapRow): Line[] {
  const n = r.node;
  const out: Line[] = [line(seg(n.kind === 'Group' ? 'Services that no Ingress in this namespace routes to.' : `Namespace ${n.name}`, 'accent', true))];
  for (const c of n.children) {
    const l = line(`  ${KIND_SHORT[c.kind] ?? c.kind.toLowerCase()}/${c.name}`, seg(c.text ? `  ${c.text}` : '', 'muted'));
    if (c.kind !== 'Group') l.ref = refTo(c.kind, c.namespace, c.name);
    out.push(l);
  }
  if (n.children.length === 0) out.push(line(seg('  nothing', 'muted')));
  return out;
}
