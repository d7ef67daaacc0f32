// Plain tables for kinds without a dedicated view: every kind is browsable.
import { KINDS, type KindInfo } from '../src/cluster/kinds.js';
import type { K8sObject } from '../src/model/types.js';
import type { Column, ViewDef } from './types.js';
import { ageColumn, describeLines, nameColumn, namespaceColumn } from './common.js';

function statusSummary(o: K8sObject): string {
  const st = o.status ?? {};
  if (typeof st.phase === 'string') return st.phase;
  const conds: { type: string; status: string }[] = Array.isArray(st.conditions) ? st.conditions : [];
  const ready = conds.find((c) => c.type === 'Ready' || c.type === 'Available');
  if (ready) return `${ready.type}=${ready.status}`;
  return '';
}

/** A kind's plural in kubectl's spelling, for titles and help: ReplicaSets, StorageClasses, IngressClasses. */
export function kindTitle(kind: string): string {
  return /(s|sh|ch|x)$/.test(kind) ? `${kind}es` : `${kind}s`;
}

export function genericView(k: KindInfo): ViewDef<K8sObject> {
  const columns: Column<K8sObject>[] = [];
  if (k.namespaced) columns.push(namespaceColumn((o) => o));
  columns.push(nameColumn((o) => o));
  columns.push({ id: 'status', header: 'STATUS', priority: 1, maxWidth: 30, value: statusSummary });
  columns.push({
    id: 'labels',
    header: 'LABELS',
    priority: 5,
    wide: true,
    maxWidth: 50,
    value: (o) => Object.entries(o.metadata.labels ?? {}).map(([a, b]) => `${a}=${b}`).join(','),
  });
  columns.push(ageColumn((o) => o));
  return {
    id: k.aliases[0]!,
    title: kindTitle(k.kind),
    aliases: k.aliases,
    kinds: [k.kind],
    namespaced: k.namespaced,
    defaultSort: 'name',
    columns,
    rows: (ctx) => ctx.store.list(k.kind, ctx.namespace),
    key: (o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    object: (o) => o,
    detail: (o, ctx) => describeLines(o, ctx),
  };
}

export const genericViews: ViewDef<K8sObject>[] = KINDS.map(genericView);
