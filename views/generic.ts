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

/** kubectl's listWithMoreString: the first `max`, then ` + N more...`; `<unset>` when empty. */
function listWithMore(items: string[], max = 3): string {
  if (items.length === 0) return '<unset>';
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/**
 * The columns kubectl prints for the kinds that keep a plain table
 * (pkg/printers/internalversion/printers.go: printNamespace, printSecret,
 * printEndpointSlice, printControllerRevision); others get STATUS.
 */
function kindColumns(kind: string): Column<K8sObject>[] {
  switch (kind) {
    case 'Secret':
      return [
        { id: 'type', header: 'TYPE', priority: 1, maxWidth: 40, value: (o) => String(o.type ?? '') },
        { id: 'data', header: 'DATA', priority: 2, align: 'right', value: (o) => String(Object.keys(o.data ?? {}).length), sortValue: (o) => Object.keys(o.data ?? {}).length },
      ];
    case 'EndpointSlice':
      return [
        { id: 'addresstype', header: 'ADDRESSTYPE', priority: 2, value: (o) => String(o.addressType ?? '') },
        { id: 'ports', header: 'PORTS', priority: 1, maxWidth: 30, value: (o) => listWithMore(((o.ports as { port?: number }[] | null) ?? []).map((p) => (p.port === undefined || p.port === null ? '<unset>' : String(p.port))), Infinity) },
        {
          id: 'endpoints',
          header: 'ENDPOINTS',
          priority: 1,
          maxWidth: 60,
          value: (o) => listWithMore(((o.endpoints as { addresses?: string[] }[] | null) ?? []).flatMap((e) => e.addresses ?? [])),
        },
      ];
    case 'ControllerRevision':
      return [
        {
          id: 'controller',
          header: 'CONTROLLER',
          priority: 1,
          maxWidth: 50,
          value: (o) => {
            const c = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
            if (!c) return '<none>';
            const group = c.apiVersion.includes('/') ? `.${c.apiVersion.slice(0, c.apiVersion.indexOf('/'))}` : '';
            return `${c.kind.toLowerCase()}${group}/${c.name}`;
          },
        },
        { id: 'revision', header: 'REVISION', priority: 1, align: 'right', value: (o) => String(o.revision ?? ''), sortValue: (o) => Number(o.revision ?? 0) },
      ];
    default:
      return [{ id: 'status', header: 'STATUS', priority: 1, maxWidth: 30, value: statusSummary }];
  }
}

export function genericView(k: KindInfo): ViewDef<K8sObject> {
  const columns: Column<K8sObject>[] = [];
  if (k.namespaced) columns.push(namespaceColumn((o) => o));
  columns.push(nameColumn((o) => o));
  columns.push(...kindColumns(k.kind));
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
