// Pieces every view uses: the NAMESPACE/NAME/AGE/PROBLEMS columns, the generic
// describe lines, and YAML and events as lines.
import { stringify } from 'yaml';
import type { K8sObject, KubeEvent } from '../src/model/types.js';
import { absTime, age } from '../src/model/time.js';
import { eventCount, eventTime, eventsFor } from '../src/model/events.js';
import type { Column, Line, ViewCtx } from './types.js';
import { line, seg } from './widgets/text.js';

export function namespaceColumn<R>(get: (r: R) => K8sObject | undefined): Column<R> {
  // The shell hides this column when a namespace is selected.
  return { id: 'namespace', header: 'NAMESPACE', priority: 3, maxWidth: 20, value: (r) => get(r)?.metadata.namespace ?? '' };
}

export function nameColumn<R>(get: (r: R) => K8sObject | undefined): Column<R> {
  return { id: 'name', header: 'NAME', priority: 0, minWidth: 24, maxWidth: 63, value: (r) => get(r)?.metadata.name ?? '' };
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

export function problemsColumn<R>(get: (r: R) => K8sObject | undefined, kind: string): Column<R> {
  const findings = (r: R, ctx: ViewCtx) => {
    const o = get(r);
    return o && ctx.findingsFor ? ctx.findingsFor(kind, o.metadata.namespace, o.metadata.name) : [];
  };
  return {
    id: 'problems',
    header: 'PROBLEMS',
    priority: 1,
    value: (r, ctx) => {
      const f = findings(r, ctx);
      if (f.length === 0) return '';
      const e = f.filter((x) => x.severity === 'error').length;
      const w = f.filter((x) => x.severity === 'warning').length;
      const parts = [];
      if (e) parts.push(`${e} error${e > 1 ? 's' : ''}`);
      if (w) parts.push(`${w} warning${w > 1 ? 's' : ''}`);
      if (!e && !w) parts.push(`${f.length} info`);
      return parts.join(', ');
    },
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
  return eventLines(eventsFor(ctx.store, o.kind ?? '', o.metadata.namespace, o.metadata.name, o.metadata.uid), ctx.now);
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
  for (const r of m.ownerReferences ?? []) out.push(kv(r.controller ? 'Controlled by' : 'Owned by', `${r.kind}/${r.name}`));
  const labels = Object.entries(m.labels ?? {});
  out.push(kv('Labels', labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(', ') : '<none>'));
  for (const [k, v] of Object.entries(m.annotations ?? {})) out.push(kv('Annotation', `${k}=${v.replace(/\n/g, ' ')}`));
  if (extra.length) out.push(line(''), ...extra);
  out.push(line(''), section('Events'), ...objectEventLines(ctx, o));
  return out;
}
