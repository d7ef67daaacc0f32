// :diag — every finding, grouped by severity then object (the engine's order).
// Enter opens the object's own detail; the finding's detail shows message,
// evidence, next steps, related findings and the design-notes section.
// Also the pieces other views share: findingLines() for the top of a detail
// view, and the severity marks/tones.
import type { Finding, ObjectRef, Severity } from '../diagnostics/types.js';
import { diagnosticsFor, objectOf, SEVERITY_RANK } from '../diagnostics/engine.js';
import { summaryText } from '../diagnostics/report.js';
import type { Column, Line, Tone, ViewCtx, ViewDef } from './types.js';
import { line, seg } from './widgets/text.js';

export const SEVERITY_TONE: Record<Severity, Tone> = { error: 'error', warning: 'warn', info: 'info' };
/** Words, not only colors: readable with NO_COLOR. */
export const SEVERITY_LABEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARN', info: 'INFO' };

export function objectLabel(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The findings in scope: the shell's report (ctx.diagnostics), or one computed for the store. */
export function diagFindings(ctx: ViewCtx): Finding[] {
  const report = ctx.diagnostics ?? diagnosticsFor(ctx.store, { now: ctx.now, namespace: ctx.namespace });
  const all = report.findings;
  if (ctx.namespace === undefined) return all;
  return all.filter((f) => f.object.namespace === undefined || f.object.namespace === ctx.namespace);
}

/**
 * Lines for the top of an object's detail view: each finding with its
 * severity, check id, message, evidence, next steps, related findings and
 * design-notes section. Empty when there are no findings.
 */
export function findingLines(findings: Finding[]): Line[] {
  if (findings.length === 0) return [];
  const out: Line[] = [line(seg(`Problems (${findings.length})`, 'accent', true))];
  for (const f of findings) {
    out.push(...oneFindingLines(f, '  '));
  }
  out.push(line(''));
  return out;
}

function oneFindingLines(f: Finding, indent: string): Line[] {
  const out: Line[] = [];
  out.push(line(indent, seg(SEVERITY_LABEL[f.severity].padEnd(6), SEVERITY_TONE[f.severity], true), seg(f.check, SEVERITY_TONE[f.severity]), `  ${f.message}`));
  const sub = `${indent}    `;
  for (const e of f.evidence) out.push(line(sub, seg('· ', 'muted'), seg(e, 'muted')));
  for (const n of f.nextSteps) out.push(line(sub, seg('→ ', 'accent'), n));
  for (const r of f.related ?? []) out.push(line(sub, seg('related: ', 'muted'), `${r.check} on ${objectLabel(r.object)}`));
  if (f.doc) out.push(line(sub, seg(`design notes: ${f.doc}`, 'muted')));
  return out;
}

/** One line for a finding's detail (:diag Enter-less view, or a popup). */
export function findingDetailLines(f: Finding, ctx: ViewCtx): Line[] {
  const out: Line[] = [
    line(seg(SEVERITY_LABEL[f.severity], SEVERITY_TONE[f.severity], true), '  ', seg(f.check, 'accent', true), '  ', seg(objectLabel(f.object), undefined, true)),
    line(''),
    line(f.message),
    line(''),
    line(seg('Evidence', 'accent', true)),
  ];
  if (f.evidence.length === 0) out.push(line(seg('  (none recorded)', 'muted')));
  for (const e of f.evidence) out.push(line('  · ', e));
  out.push(line(''), line(seg('Next steps', 'accent', true)));
  for (const n of f.nextSteps) out.push(line('  → ', n));
  if (f.related?.length) {
    out.push(line(''), line(seg('Related', 'accent', true)));
    const idx = ctx.findingsFor;
    for (const r of f.related) {
      const other = idx?.(r.object.kind, r.object.namespace, r.object.name).find((x) => x.check === r.check);
      out.push(line('  ', seg(other ? SEVERITY_LABEL[other.severity].padEnd(6) : '', other ? SEVERITY_TONE[other.severity] : undefined), `${r.check} on ${objectLabel(r.object)}`, seg(other ? `: ${other.message}` : '', 'muted')));
    }
  }
  if (f.doc) out.push(line(''), line(seg('Design notes: ', 'accent', true), f.doc));
  return out;
}

const columns: Column<Finding>[] = [
  {
    id: 'severity',
    header: 'SEVERITY',
    priority: 0,
    value: (f) => SEVERITY_LABEL[f.severity],
    tone: (f) => SEVERITY_TONE[f.severity],
    sortValue: (f) => SEVERITY_RANK[f.severity],
  },
  // At 80 columns the message matters more than the id (the detail shows it): CHECK goes first.
  { id: 'check', header: 'CHECK', priority: 2, minWidth: 14, maxWidth: 40, value: (f) => f.check, tone: () => 'accent' },
  {
    id: 'object',
    header: 'OBJECT',
    priority: 1,
    minWidth: 16,
    maxWidth: 60,
    value: (f) => objectLabel(f.object),
    sortValue: (f) => `${f.object.namespace ?? ''}/${f.object.kind}/${f.object.name}`,
  },
  { id: 'message', header: 'MESSAGE', priority: 0, minWidth: 40, maxWidth: 200, value: (f) => f.message },
];

export const diagnosticsView: ViewDef<Finding> = {
  id: 'diag',
  title: 'Diagnostics',
  aliases: ['diag', 'diagnostics', 'findings', 'problems'],
  // Findings cover every kind; a kind that could not be read is itself a finding (access/partial).
  kinds: [],
  namespaced: true,
  columns,
  rows: (ctx) => diagFindings(ctx),
  key: (f) => `${f.check}|${objectLabel(f.object)}`,
  object: (f, ctx) => objectOf(ctx.store, f.object),
  detail: (f, ctx) => findingDetailLines(f, ctx),
  enter: (f, ctx) => (objectOf(ctx.store, f.object) ? { type: 'openObject', kind: f.object.kind, namespace: f.object.namespace, name: f.object.name } : undefined),
};

/** The header's counts: "2 errors, 1 warning, 3 info on 4 objects". */
export function diagnosticsSummary(ctx: ViewCtx): string {
  const report = ctx.diagnostics ?? diagnosticsFor(ctx.store, { now: ctx.now, namespace: ctx.namespace });
  return summaryText(report);
}
