// :ingressclass — IngressClasses with kubectl's columns (printers.go
// ingressClassColumnDefinitions and printIngressClass: NAME, CONTROLLER,
// PARAMETERS as Kind.apiGroup/name or <none>, AGE). The default class (the
// ingressclass.kubernetes.io/is-default-class annotation) is marked in NAME,
// and the detail lists the Ingresses it serves.
import { type Ingress, type IngressClass, DEFAULT_CLASS_ANNOTATION, defaultIngressClasses, resolveClass } from '../src/model/ingress.js';
import type { Column, Line, ViewCtx, ViewDef } from './types.js';
import { ageColumn, describeLines, fitMarker, kv, nameColumn, problemsColumn, refTo, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { line, seg, withRef } from './widgets/text.js';

const isDefault = (c: IngressClass) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';

/** NAME: `nginx (default)`; with several defaults, admission uses the newest, and the others read `(default, unused)`. */
export function ingressClassName(c: IngressClass, ctx: ViewCtx): string {
  if (!isDefault(c)) return c.metadata.name;
  const winner = defaultIngressClasses(ctx.store)[0];
  if (winner && winner.metadata.name !== c.metadata.name) return `${c.metadata.name} (default, unused)`;
  return `${c.metadata.name} (default)`;
}

/** PARAMETERS: `Kind.apiGroup/name`, or `<none>`. */
export function ingressClassParameters(c: IngressClass): string {
  const p = c.spec?.parameters;
  if (!p) return '<none>';
  return `${p.kind ?? ''}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
}

const self = (c: IngressClass) => c;

export const ingressClassColumns: Column<IngressClass>[] = [
  { ...nameColumn(self), value: (c, ctx) => ingressClassName(c, ctx), fit: fitMarker },
  { id: 'controller', header: 'CONTROLLER', priority: 0, maxWidth: 50, value: (c) => c.spec?.controller ?? '' },
  { id: 'parameters', header: 'PARAMETERS', priority: 2, maxWidth: 50, value: ingressClassParameters },
  ageColumn(self),
  problemsColumn(self, 'IngressClass'),
];

/** The Ingresses this class serves (by spec.ingressClassName, the legacy annotation, or as the default). */
export function ingressesOfClass(ctx: ViewCtx, c: IngressClass): Ingress[] {
  return ctx.store.list<Ingress>('Ingress').filter((i) => resolveClass(ctx.store, i).name === c.metadata.name);
}

function defaultText(c: IngressClass, ctx: ViewCtx): string {
  if (!isDefault(c)) return 'no';
  const winner = defaultIngressClasses(ctx.store)[0];
  if (!winner || winner.metadata.name === c.metadata.name) return 'yes: new Ingresses that name no class get this one';
  return `annotated, but ${winner.metadata.name} is newer and is the one new Ingresses get`;
}

export function ingressClassDetailLines(c: IngressClass, ctx: ViewCtx): Line[] {
  const ings = ingressesOfClass(ctx, c);
  const extra: Line[] = [
    kv('Controller', c.spec?.controller ?? '-'),
    kv('Parameters', ingressClassParameters(c)),
    kv('Default', defaultText(c, ctx)),
    line(''),
    section(`Ingresses (${ings.length})`),
  ];
  if (ings.length === 0) extra.push(line(seg(ctx.store.complete('Ingress') ? '  none' : `  Ingresses could not all be read (${ctx.store.status('Ingress').state}).`, 'muted')));
  for (const i of ings) {
    const how = resolveClass(ctx.store, i).source;
    extra.push(withRef(line(`  ${i.metadata.namespace}/${i.metadata.name}`, seg(how === 'spec' ? '' : how === 'annotation' ? '  (legacy annotation)' : '  (as the default class)', 'muted')), refTo('Ingress', i.metadata.namespace, i.metadata.name)));
  }
  return [...findingLines(ctx.findingsFor?.('IngressClass', undefined, c.metadata.name) ?? []), ...describeLines(c, ctx, extra)];
}

export const ingressClassesView: ViewDef<IngressClass> = {
  id: 'ingressclass',
  title: 'IngressClasses',
  aliases: ['ingressclass', 'ingressclasses'],
  kinds: ['IngressClass', 'Ingress'],
  namespaced: false,
  defaultSort: 'name',
  columns: ingressClassColumns,
  rows: (ctx) => ctx.store.list<IngressClass>('IngressClass'),
  key: (c) => c.metadata.name,
  object: (c) => c,
  detail: (c, ctx) => ingressClassDetailLines(c, ctx),
};
