// Pieces every view uses: the NAMESPACE/NAME/AGE/PROBLEMS columns, the generic
// describe lines, and YAML and events as lines.
import { stringify } from 'yaml';
import type { K8sObject, KubeEvent, LabelSelector } from '../src/model/types.js';
import type { Finding } from '../diagnostics/types.js';
import { absTime, age } from '../src/model/time.js';
import { eventCount, eventTime, eventsFor } from '../src/model/events.js';
import type { Column, Line, LineRef, ViewCtx } from './types.js';
import { line, seg, textWidth, truncate, withRef } from './widgets/text.js';
import { type KindName, lookupKind } from '../src/cluster/kinds.js';
import { cutMiddle } from './widgets/layout.js';

export function namespaceColumn<R>(get: (r: R) => K8sObject | undefined): Column<R> {
  // Shown whenever the list spans namespaces (the shell hides it when one is
  // selected): two objects of the same name in two namespaces must not look alike.
  return { id: 'namespace', header: 'NAMESPACE', priority: 0, maxWidth: 20, value: (r) => get(r)?.metadata.namespace ?? '' };
}

/**
 * NAME: cut in the middle when narrow, because generated names share their
 * start and differ at the end (a CronJob's Jobs, a ReplicaSet's pods).
 */
export function nameColumn<R>(get: (r: R) => K8sObject | undefined): Column<R> {
  return { id: 'name', header: 'NAME', priority: 0, minWidth: 16, maxWidth: 63, fit: cutMiddle, value: (r) => get(r)?.metadata.name ?? '' };
}

export function ageColumn<R>(get: (r: R) => K8sObject | undefined): Column<R> {
  return {
    id: 'age',
    header: 'AGE',
    priority: 2,
    align: 'right',
    value: (r, ctx) => age(get(r)?.metadata.creationTimestamp, ctx.now),
    // older first when ascending would be odd: sort by timestamp, newest = smallest age
    sortValue: (r, ctx) => ctx.now - (Date.parse(get(r)?.metadata.creationTimestamp ?? '') || 0),
  };
}

/** The product's severity words, worst first. */
export const SEVERITY_WORDS = ['error', 'warning', 'info'] as const;

/**
 * A PROBLEMS cell: counts by severity, worst first, in the product's words:
 * `2 error, 1 warning`; info is counted only when nothing worse is there.
 */
export function problemsText(findings: { severity: string }[]): string {
  if (findings.length === 0) return '';
  const count = (s: string) => findings.filter((x) => x.severity === s).length;
  const parts: string[] = [];
  for (const s of SEVERITY_WORDS) {
    const n = count(s);
    if (n && (s !== 'info' || parts.length === 0)) parts.push(`${n} ${s}`);
  }
  return parts.join(', ');
}

/** Narrow PROBLEMS cells keep the worst severity and its count whole: `2 error, 1 warning` → `2 error`. */
export function fitProblems(value: string, w: number): string {
  const parts = value.split(', ');
  let out = parts[0]!;
  for (const p of parts.slice(1)) {
    if (textWidth(`${out}, ${p}`) > w) break;
    out = `${out}, ${p}`;
  }
  return out;
}

/** A PROBLEMS column over any set of findings per row (an object's own, or its pods'). */
export function findingsColumn<R>(findings: (r: R, ctx: ViewCtx) => Finding[]): Column<R> {
  return {
    id: 'problems',
    header: 'PROBLEMS',
    // What the user acts on first: never dropped, never cut below the worst severity.
    priority: 0,
    fit: fitProblems,
    value: (r, ctx) => problemsText(findings(r, ctx)),
    tone: (r, ctx) => {
      const f = findings(r, ctx);
      if (f.some((x) => x.severity === 'error')) return 'error';
      if (f.some((x) => x.severity === 'warning')) return 'warn';
      return 'info';
    },
    sortValue: (r, ctx) => {
      const f = findings(r, ctx);
      return -(f.filter((x) => x.severity === 'error').length * 1000 + f.filter((x) => x.severity === 'warning').length * 10 + f.length);
    },
  };
}

/** PROBLEMS: the engine's findings on the row's object. */
const MARKER = / (\([^()]*\))$/;

/**
 * A value ending in a parenthesized marker (`db-headless (missing)`,
 * `premium-ssd (not found)`) keeps the marker whole and cuts what is
 * before it: the marker is what the user acts on.
 */
export function fitMarker(value: string, w: number): string {
  const m = MARKER.exec(value);
  if (!m) return truncate(value, w);
  const name = value.slice(0, m.index);
  const marker = m[1]!;
  const room = Math.max(w - textWidth(marker) - 1, Math.min(textWidth(name), 3));
  return `${truncate(name, room)} ${marker}`;
}

/** Never cut (an absolute time without its zone would mislead): the layout drops the column instead. */
export const fitWhole = (value: string): string => value;

/** Keep whole items of a `, ` list and count the rest: `MemoryPressure, DiskPressure` → `MemoryPressure +1`. */
export function fitList(value: string, w: number): string {
  const items = value.split(', ');
  for (let n = items.length; n > 1; n--) {
    const text = items.slice(0, n).join(', ') + (n < items.length ? ` +${items.length - n}` : '');
    if (textWidth(text) <= w) return text;
  }
  return items.length > 1 ? `${items[0]} +${items.length - 1}` : truncate(value, Math.max(w, 1));
}

/** Keep whole words from the start: `2/3 5d9b→6f7c p=1` → `2/3` (a cut word reads as a different value). */
export function fitTokens(value: string, w: number): string {
  const words = value.split(' ');
  let out = words[0]!;
  for (const word of words.slice(1)) {
    if (textWidth(`${out} ${word}`) > w) break;
    out = `${out} ${word}`;
  }
  return out;
}

export function problemsColumn<R>(get: (r: R) => K8sObject | undefined, kind: string): Column<R> {
  return findingsColumn((r, ctx) => {
    const o = get(r);
    return o && ctx.findingsFor ? ctx.findingsFor(kind, o.metadata.namespace, o.metadata.name) : [];
  });
}

/** kubectl's CONTAINERS and IMAGES cells for a pod template (`-o wide`). */
export function containersText(spec: { containers?: { name: string }[] } | undefined): string {
  return (spec?.containers ?? []).map((c) => c.name).join(',') || '<none>';
}
export function imagesText(spec: { containers?: { image?: string }[] } | undefined): string {
  return (spec?.containers ?? []).map((c) => c.image ?? '').join(',') || '<none>';
}

/** A metav1.LabelSelector as kubectl prints it: `app=web,tier in (a,b),!legacy`. */
export function labelSelectorText(sel: LabelSelector | null | undefined): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator} (${vals})`);
  }
  return parts.join(',') || '<none>';
}

export function yamlLines(o: K8sObject): Line[] {
  const text = stringify(o, { lineWidth: 0, aliasDuplicateObjects: false });
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => {
      const m = l.match(/^(\s*-?\s*)([^:\s][^:]*):(\s|$)(.*)$/);
      if (m) return line(m[1]!, seg(`${m[2]}:`, 'accent'), m[3]! + m[4]!);
      return line(l);
    });
}

export function eventLines(events: KubeEvent[], now: number): Line[] {
  if (events.length === 0) return [line(seg('No events.', 'muted'))];
  const out: Line[] = [];
  for (const e of events) {
    const count = eventCount(e);
    out.push(
      line(
        seg(`${age(new Date(eventTime(e)).toISOString(), now).padStart(6)}  `, 'muted'),
        seg((e.type ?? 'Normal').padEnd(8), e.type === 'Warning' ? 'warn' : 'muted'),
        seg(`${e.reason ?? ''}`.padEnd(22), e.type === 'Warning' ? 'warn' : undefined, true),
        seg(count > 1 ? `(x${count}) ` : '', 'muted'),
        `${e.involvedObject.kind === 'Pod' || e.involvedObject.kind === undefined ? '' : ''}${(e.message ?? '').replace(/\s*\n\s*/g, ' ')}`,
      ),
    );
  }
  return out;
}

export function objectEventLines(ctx: ViewCtx, o: K8sObject): Line[] {
  return eventLines(objectEvents(ctx, o), ctx.now);
}

/**
 * Events about an object, newest first. A cluster-scoped object's events
 * (a Node's, a PersistentVolume's) are recorded in the default namespace.
 */
export function objectEvents(ctx: ViewCtx, o: K8sObject): KubeEvent[] {
  const own = eventsFor(ctx.store, o.kind ?? '', o.metadata.namespace, o.metadata.name, o.metadata.uid);
  if (o.metadata.namespace) return own;
  const inDefault = eventsFor(ctx.store, o.kind ?? '', 'default', o.metadata.name, o.metadata.uid);
  return inDefault.length ? [...own, ...inDefault].sort((a, b) => eventTime(b) - eventTime(a)) : own;
}

/** A detail line's object: cluster-scoped kinds (Node, PersistentVolume, …) carry no namespace. */
export function refTo(kind: string, namespace: string | undefined, name: string): LineRef {
  const k = lookupKind(kind);
  return k && !k.namespaced ? { kind, name } : { kind, namespace, name };
}

/**
 * The same, only when the object is in the store: a line naming an object the
 * user cannot open (Nodes or PVs a namespaced viewer may not read, a deleted
 * owner, a kind k8stui does not read) is not made selectable, so the cursor
 * and y/e/l stay on what can be acted on.
 */
export function refIn(ctx: ViewCtx, kind: string, namespace: string | undefined, name: string): LineRef | undefined {
  if (!lookupKind(kind)) return undefined;
  const ref = refTo(kind, namespace, name);
  return ctx.store.get(kind as KindName, ref.namespace, name) ? ref : undefined;
}

export function section(title: string): Line {
  return line(seg(title, 'accent', true));
}

export function kv(key: string, value: string, tone?: Line[number]['tone']): Line {
  return line(seg(`${key}: `.padEnd(22), 'muted'), seg(value, tone));
}

/** Generic describe: metadata, owners, labels, annotations, then events. */
export function describeLines(o: K8sObject, ctx: ViewCtx, extra: Line[] = []): Line[] {
  const m = o.metadata;
  const out: Line[] = [
    line(seg(`${o.kind ?? ''}/${m.name}`, 'accent', true), m.namespace ? seg(`  in ${m.namespace}`, 'muted') : seg('')),
    kv('Created', `${absTime(m.creationTimestamp)} (${age(m.creationTimestamp, ctx.now)} ago)`),
  ];
  if (m.deletionTimestamp) out.push(kv('Deleting since', absTime(m.deletionTimestamp), 'warn'));
  for (const r of m.ownerReferences ?? []) out.push(withRef(kv(r.controller ? 'Controlled by' : 'Owned by', `${r.kind}/${r.name}`), refIn(ctx, r.kind, m.namespace, r.name)));
  const labels = Object.entries(m.labels ?? {});
  out.push(kv('Labels', labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(', ') : '<none>'));
  for (const [k, v] of Object.entries(m.annotations ?? {})) out.push(kv('Annotation', `${k}=${v.replace(/\n/g, ' ')}`));
  if (extra.length) out.push(line(''), ...extra);
  out.push(line(''), section('Events'), ...objectEventLines(ctx, o));
  return out;
}
