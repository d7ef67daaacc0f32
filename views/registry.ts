// One registry maps a view name (and its aliases) to its definition.
import { KINDS, kindInfo } from '../src/cluster/kinds.js';
import type { K8sObject } from '../src/model/types.js';
import type { ContextInfo, ViewDef } from './types.js';
import { genericView } from './generic.js';
import { podsView } from './pods.js';
import { statefulSetsView } from './statefulsets.js';
import { cronJobsView } from './cronjobs.js';
import { servicesView } from './services.js';
import { ingressesView } from './ingresses.js';
import { nsmapView } from './nsmap.js';
import { diagnosticsView } from './diagnostics.js';
import { pvcsView } from './pvcs.js';
import { jobsView } from './jobs.js';
import { deploymentsView, replicaSetsView } from './workloads.js';
import { nodesView } from './nodes.js';
import { eventsView } from './events.js';
import { persistentVolumesView, storageClassesView } from './storage.js';
import { ingressClassesView } from './ingressclasses.js';

const namespacesView: ViewDef<K8sObject> = {
  ...genericView(kindInfo('Namespace')),
  enter: (o) => ({ type: 'switchNamespace', namespace: o.metadata.name }),
};

const contextsView: ViewDef<ContextInfo> = {
  id: 'ctx',
  title: 'Contexts',
  aliases: ['ctx', 'context', 'contexts'],
  kinds: [],
  namespaced: false,
  columns: [
    { id: 'current', header: ' ', priority: 0, value: (c) => (c.current ? '*' : ' ') },
    { id: 'name', header: 'NAME', priority: 0, value: (c) => c.name },
    { id: 'cluster', header: 'CLUSTER', priority: 1, value: (c) => c.cluster ?? '' },
    { id: 'user', header: 'USER', priority: 2, value: (c) => c.user ?? '' },
    { id: 'namespace', header: 'NAMESPACE', priority: 3, value: (c) => c.namespace ?? '' },
  ],
  rows: (ctx) => ctx.contexts ?? [],
  key: (c) => c.name,
  enter: (c) => ({ type: 'switchContext', context: c.name }),
};

/** Dedicated views first; every other kind gets a plain table. */
const dedicated: ViewDef[] = [
  statefulSetsView,
  cronJobsView,
  jobsView,
  servicesView,
  ingressesView,
  nsmapView,
  podsView,
  pvcsView,
  deploymentsView,
  replicaSetsView,
  nodesView,
  eventsView,
  persistentVolumesView,
  storageClassesView,
  ingressClassesView,
  diagnosticsView,
  namespacesView,
  contextsView,
];

export function allViews(): ViewDef[] {
  const ids = new Set(dedicated.flatMap((v) => [v.id, ...v.aliases]));
  const generic = KINDS.map(genericView).filter((v) => !v.aliases.some((a) => ids.has(a)) && !ids.has(v.id));
  return [...dedicated, ...generic];
}

export function findView(views: ViewDef[], name: string): ViewDef | undefined {
  const n = name.toLowerCase();
  return views.find((v) => v.id === n) ?? views.find((v) => v.aliases.includes(n));
}

/** Names for ':' completion, shortest (the canonical ids) first. */
export function completions(views: ViewDef[], prefix: string): string[] {
  const p = prefix.toLowerCase();
  const names = new Set<string>();
  for (const v of views) if (v.id.startsWith(p)) names.add(v.id);
  for (const v of views) for (const a of v.aliases) if (a.startsWith(p)) names.add(a);
  return [...names];
}
