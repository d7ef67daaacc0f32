// :ev — Events as `kubectl get events` prints them (printers.go
// eventColumnDefinitions / printEvent: LAST SEEN, TYPE, REASON, OBJECT,
// MESSAGE; -o wide adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME), with
// COUNT always shown, newest first by the time `kubectl events` sorts on
// (series.lastObservedTime, else lastTimestamp, else eventTime). Enter opens
// the involved object.
import type { KubeEvent } from '../src/model/types.js';
import { eventCount, eventTime } from '../src/model/events.js';
import { absTime, age, parseTime } from '../src/model/time.js';
import type { Column, Line, ShellAction, ViewCtx, ViewDef } from './types.js';
import { kv, namespaceColumn, refIn, refTo } from './common.js';
import { cutMiddle } from './widgets/layout.js';
import { line, seg, withRef, wrapped } from './widgets/text.js';

/** kubectl's OBJECT: `pod/web-0` (the kind lower-cased), or the kind alone without a name. */
export function eventObject(e: KubeEvent): string {
  const io = e.involvedObject ?? {};
  const kind = (io.kind ?? '').toLowerCase();
  return io.name ? `${kind}/${io.name}` : kind;
}

/** The first time: firstTimestamp, else eventTime (events.k8s.io writers set only that). */
export function eventFirstTime(e: KubeEvent): number | undefined {
  return parseTime(e.firstTimestamp) ?? parseTime(e.eventTime) ?? parseTime(e.metadata.creationTimestamp);
}

/** kubectl's SOURCE: `component, host`, from source, else reportingComponent and reportingInstance (events.k8s.io writers). */
export function eventSource(e: KubeEvent): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || (e.reportingInstance as string | undefined) || '';
  return host ? `${component}, ${host}` : component;
}

const oneLine = (s: string | undefined) => (s ?? '').replace(/\s*\n\s*/g, ' ').trim();
const lastSeen = (e: KubeEvent) => eventTime(e);

export const eventColumns: Column<KubeEvent>[] = [
  namespaceColumn((e) => e),
  {
    id: 'last',
    header: 'LAST SEEN',
    priority: 0,
    minWidth: 10, // the header and the sort arrow
    align: 'right',
    value: (e, ctx) => (lastSeen(e) ? age(new Date(lastSeen(e)).toISOString(), ctx.now) : '<unknown>'),
    // Ascending = newest first.
    sortValue: (e) => -lastSeen(e),
  },
  { id: 'type', header: 'TYPE', priority: 1, minWidth: 7, value: (e) => e.type ?? '', tone: (e) => (e.type === 'Warning' ? 'warn' : 'muted') },
  { id: 'reason', header: 'REASON', priority: 0, minWidth: 10, maxWidth: 24, value: (e) => e.reason ?? '', tone: (e) => (e.type === 'Warning' ? 'warn' : undefined) },
  { id: 'object', header: 'OBJECT', priority: 0, minWidth: 14, maxWidth: 40, fit: cutMiddle, value: eventObject },
  // What happened: never narrower than this (the shrinking takes from the other columns first when they are wider).
  { id: 'message', header: 'MESSAGE', priority: 0, minWidth: 20, maxWidth: 400, value: (e) => oneLine(e.message) },
  { id: 'count', header: 'COUNT', priority: 2, align: 'right', value: (e) => String(eventCount(e)), sortValue: (e) => -eventCount(e) },
  { id: 'subobject', header: 'SUBOBJECT', priority: 5, wide: true, maxWidth: 40, value: (e) => e.involvedObject?.fieldPath ?? '' },
  { id: 'source', header: 'SOURCE', priority: 5, wide: true, maxWidth: 64, value: eventSource },
  {
    id: 'first',
    header: 'FIRST SEEN',
    priority: 4,
    wide: true,
    align: 'right',
    value: (e, ctx) => { const t = eventFirstTime(e); return t === undefined ? '<unknown>' : age(new Date(t).toISOString(), ctx.now); },
    sortValue: (e) => -(eventFirstTime(e) ?? 0),
  },
  { id: 'name', header: 'NAME', priority: 6, wide: true, maxWidth: 63, fit: cutMiddle, value: (e) => e.metadata.name },
];

/** The involved object, as the shell's openObject action. */
export function involvedObjectAction(e: KubeEvent): Extract<ShellAction, { type: 'openObject' }> | undefined {
  const io = e.involvedObject ?? {};
  if (!io.kind || !io.name) return undefined;
  const ref = refTo(io.kind, io.namespace ?? e.metadata.namespace, io.name);
  return { type: 'openObject', kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

export function eventDetailLines(e: KubeEvent, ctx: ViewCtx): Line[] {
  const io = e.involvedObject ?? {};
  const first = eventFirstTime(e);
  const last = lastSeen(e) || undefined;
  const obj = line(seg('Object: '.padEnd(22), 'muted'), seg(`${io.kind ?? '?'}/${io.name ?? '?'}`, 'accent', true), seg(io.namespace ? `  in ${io.namespace}` : '', 'muted'), seg(io.fieldPath ? `  ${io.fieldPath}` : '', 'muted'));
  const act = involvedObjectAction(e);
  const out: Line[] = [
    line(seg(`Event ${e.metadata.namespace ?? ''}/${e.metadata.name}`, 'accent', true)),
    kv('Type', e.type ?? '', e.type === 'Warning' ? 'warn' : undefined),
    kv('Reason', e.reason ?? ''),
    act ? withRef(obj, refIn(ctx, act.kind, act.namespace, act.name)) : obj,
    kv('Count', String(eventCount(e))),
    kv('First seen', first !== undefined ? `${absTime(first)} (${age(new Date(first).toISOString(), ctx.now)} ago)` : '-'),
    kv('Last seen', last !== undefined ? `${absTime(last)} (${age(new Date(last).toISOString(), ctx.now)} ago)` : '-'),
    kv('Source', eventSource(e) || '-'),
  ];
  if (e.action) out.push(kv('Action', String(e.action)));
  out.push(line(''), line(seg('Message', 'accent', true)), wrapped(line(oneLine(e.message) || '-')));
  return out;
}

export const eventsView: ViewDef<KubeEvent> = {
  id: 'ev',
  title: 'Events',
  aliases: ['ev', 'event', 'events'],
  kinds: ['Event'],
  namespaced: true,
  defaultSort: 'last',
  columns: eventColumns,
  rows: (ctx) => ctx.store.list<KubeEvent>('Event', ctx.namespace),
  key: (e) => `${e.metadata.namespace}/${e.metadata.name}`,
  object: (e) => e,
  detail: (e, ctx) => eventDetailLines(e, ctx),
  enter: (e) => involvedObjectAction(e),
};
