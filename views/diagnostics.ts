// :diag — every finding, root causes first: each root cause (ordered by the
// worst severity among it and what it explains) followed by the findings it
// explains, marked ↳ (the engine's order; see diagnostics/engine.ts). Enter
// opens the finding's detail: its object, the message, its root cause or what
// it explains, evidence, next steps (each on a line of its own, always
// wrapped, to copy in full), related findings and the design-notes section.
// Every line there that names an object is selectable (`ref`), the finding's
// own object first: j selects it, and Enter opens that object.
// Also the pieces other views share: findingLines() for the top of a detail
// view, and the severity words and tones.
import type { Finding, ObjectRef, Severity } from '../diagnostics/types.js';
import { diagnosticsFor, objectOf, rootCauseGroups, SEVERITY_RANK } from '../diagnostics/engine.js';
import { summaryText } from '../diagnostics/report.js';
import { lookupKind } from '../src/cluster/kinds.js';
import type { Column, Line, Tone, ViewCtx, ViewDef } from './types.js';
import { line, prose, seg, withRef, wrapped } from './widgets/text.js';
import { mark } from './widgets/marks.js';

export const SEVERITY_TONE: Record<Severity, Tone> = { error: 'error', warning: 'warn', info: 'info' };
/** Words, not only colors: readable with NO_COLOR, and the same words as the reports and the config. */
export const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
/** Width of the widest severity word plus a space. */
const SEV_WIDTH = 8;

export function objectLabel(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The mark before a finding another one explains (ASCII under NO_COLOR). */
export function effectMark(noColor: boolean): string {
  return noColor ? '`- ' : '↳ ';
}

/** Before an evidence line, and before a next step (ASCII under NO_COLOR). */
const bullet = (noColor: boolean) => (noColor ? '- ' : '· ');
const step = (noColor: boolean) => `${mark('arrow', noColor)} `;

/** A line standing for an object, when it is a kind k8stui reads (access/partial's "Resource" is not). */
function refLine(l: Line, o: ObjectRef): Line {
  const k = lookupKind(o.kind);
  return k && k.kind === o.kind ? withRef(l, { kind: o.kind, namespace: o.namespace, name: o.name }) : l;
}

/** The findings in scope: the shell's report (ctx.diagnostics), or one computed for the store. */
export function diagFindings(ctx: ViewCtx): Finding[] {
  const report = ctx.diagnostics ?? diagnosticsFor(ctx.store, { now: ctx.now, namespace: ctx.namespace });
  const all = report.findings;
  if (ctx.namespace === undefined) return all;
  return all.filter((f) => f.object.namespace === undefined || f.object.namespace === ctx.namespace);
}

const sameRef = (a: { check: string; object: ObjectRef }, b: { check: string; object: ObjectRef }) => a.check === b.check && objectLabel(a.object) === objectLabel(b.object);

/**
 * Lines for the top of an object's detail view, root causes first: each root
 * cause with its severity, check id, message, evidence, next steps, related
 * findings and design-notes section, and the findings it explains folded
 * under it; then the findings whose root cause is on another object, each
 * with a selectable "caused by" line naming it. Empty when there are no
 * findings. `ctx` (optional) gives ASCII marks under NO_COLOR.
 */
export function findingLines(findings: Finding[], ctx?: Pick<ViewCtx, 'noColor'> & Partial<Pick<ViewCtx, 'findingsFor'>>): Line[] {
  if (findings.length === 0) return [];
  const noColor = ctx?.noColor ?? false;
  const lookup = ctx?.findingsFor;
  const { groups, elsewhere } = rootCauseGroups(findings);
  const roots = groups.length;
  const title =
    roots === findings.length ? `Problems (${findings.length})` : roots === 0 ? `Problems (${findings.length}, caused elsewhere)` : `Problems (${findings.length}, ${roots} root cause${roots === 1 ? '' : 's'})`;
  const out: Line[] = [line(seg(title, 'accent', true))];
  for (const g of groups) {
    out.push(...oneFindingLines(g.root, '  ', { noColor, folded: g.effects, lookup }));
    for (const e of g.effects) out.push(...oneFindingLines(e, '    ', { noColor, under: g.root, lookup }));
  }
  for (const f of elsewhere) out.push(...oneFindingLines(f, '  ', { noColor, lookup }));
  out.push(line(''));
  return out;
}

/**
 * One finding: a heading line (severity, check, message) that stands for the
 * finding's object, what caused it, evidence, next steps (wrapped), related
 * findings not shown otherwise, design notes.
 */
function oneFindingLines(
  f: Finding,
  indent: string,
  o: {
    noColor: boolean;
    /** The root cause this effect is folded under. */
    under?: Finding;
    /** The effects folded under this root cause. */
    folded?: Finding[];
    /** The report's findings by object (tells "explains" from "related"), when the caller has them. */
    lookup?: ViewCtx['findingsFor'];
  },
): Line[] {
  const out: Line[] = [];
  const { noColor, under, folded = [], lookup } = o;
  const mark = under ? effectMark(noColor) : '';
  out.push(
    refLine(
      line(indent, seg(mark, 'muted'), seg(SEVERITY_LABEL[f.severity].padEnd(SEV_WIDTH), SEVERITY_TONE[f.severity], true), seg(f.check, SEVERITY_TONE[f.severity]), `  ${f.message}`),
      f.object,
    ),
  );
  const sub = `${indent}${' '.repeat(mark.length)}    `;
  // The root cause comes right after the message: it is what to look at first.
  for (const c of f.causedBy ?? []) {
    if (under && sameRef(c, under)) continue;
    out.push(refLine(line(sub, seg('caused by ', 'accent'), `${c.check} on ${objectLabel(c.object)}`), c.object));
  }
  for (const e of f.evidence) out.push(line(sub, seg(bullet(noColor), 'muted'), seg(e, 'muted')));
  for (const n of f.nextSteps) out.push(wrapped(line(sub, seg(step(noColor), 'accent'), n)));
  for (const r of f.related ?? []) {
    if ((f.causedBy ?? []).some((c) => sameRef(c, r)) || (under && sameRef(r, under)) || folded.some((e) => sameRef(e, r))) continue;
    // A finding this one explains (shown under another of its root causes, or on another object's detail).
    const other = lookup?.(r.object.kind, r.object.namespace, r.object.name).find((x) => x.check === r.check);
    const explains = other?.causedBy?.some((c) => sameRef(c, f));
    out.push(refLine(line(sub, seg(explains ? 'explains: ' : 'related: ', explains ? 'accent' : 'muted'), `${r.check} on ${objectLabel(r.object)}`), r.object));
  }
  if (f.doc) out.push(line(sub, seg(`design notes: ${f.doc}`, 'muted')));
  return out;
}

/** A selectable line naming another finding: severity, check, object, and its message when known. */
function otherFindingLine(r: { check: string; object: ObjectRef }, other: Finding | undefined, noColor: boolean, effect = false): Line {
  return refLine(
    line(
      '  ',
      seg(effect ? effectMark(noColor) : '', 'muted'),
      seg(other ? SEVERITY_LABEL[other.severity].padEnd(SEV_WIDTH) : '', other ? SEVERITY_TONE[other.severity] : undefined),
      `${r.check} on ${objectLabel(r.object)}`,
      seg(other ? `: ${other.message}` : '', 'muted'),
    ),
    r.object,
  );
}

/** The detail of one finding (Enter on a :diag row): its object line first, selectable. */
export function findingDetailLines(f: Finding, ctx: ViewCtx): Line[] {
  const all = diagFindings(ctx);
  const find = (r: { check: string; object: ObjectRef }) =>
    ctx.findingsFor?.(r.object.kind, r.object.namespace, r.object.name).find((x) => x.check === r.check) ?? all.find((x) => sameRef(x, r));
  const out: Line[] = [
    refLine(line(seg(SEVERITY_LABEL[f.severity], SEVERITY_TONE[f.severity], true), '  ', seg(f.check, 'accent', true), '  ', seg(objectLabel(f.object), undefined, true)), f.object),
    line(''),
    // The message, evidence and next steps are read in full: wrapped, never cut (next rows under the text after the mark).
    prose(line(f.message), 0),
  ];
  const causes = f.causedBy ?? [];
  if (causes.length) {
    out.push(line(''), line(seg(causes.length === 1 ? 'Root cause' : `Root causes (${causes.length})`, 'accent', true)));
    for (const c of causes) out.push(otherFindingLine(c, find(c), ctx.noColor));
  }
  out.push(line(''), line(seg('Evidence', 'accent', true)));
  if (f.evidence.length === 0) out.push(line(seg('  (none recorded)', 'muted')));
  for (const e of f.evidence) out.push(prose(line(`  ${bullet(ctx.noColor)}`, e), 4));
  out.push(line(''), line(seg('Next steps', 'accent', true)));
  for (const n of f.nextSteps) out.push(wrapped(line(`  ${step(ctx.noColor)}`, n), 2 + step(ctx.noColor).length));
  const effects = f.rootCause === false ? [] : all.filter((x) => x.causedBy?.some((c) => sameRef(c, f)));
  if (effects.length) {
    out.push(line(''), line(seg(`Explains (${effects.length})`, 'accent', true)));
    for (const e of effects) out.push(otherFindingLine(e, e, ctx.noColor, true));
  }
  const shown = [...causes, ...effects];
  const related = (f.related ?? []).filter((r) => !shown.some((s) => sameRef(s, r)));
  if (related.length) {
    out.push(line(''), line(seg('Related', 'accent', true)));
    for (const r of related) out.push(otherFindingLine(r, find(r), ctx.noColor));
  }
  if (f.doc) out.push(line(''), line(seg('Design notes: ', 'accent', true), f.doc));
  return out;
}

const columns: Column<Finding>[] = [
  {
    id: 'severity',
    header: 'SEVERITY',
    priority: 0,
    // A finding another one explains sits under it, marked ↳ (the fold is visible at any width).
    value: (f, ctx) => `${f.rootCause === false ? effectMark(ctx.noColor) : ''}${SEVERITY_LABEL[f.severity]}`,
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
  // Also the detail's title: "Diagnostics › pod/unschedulable on Pod/shop/web-0".
  key: (f) => `${f.check} on ${objectLabel(f.object)}`,
  object: (f, ctx) => objectOf(ctx.store, f.object),
  // No `enter`: Enter opens the finding's detail, whose first line stands for the object (Enter again opens it).
  detail: (f, ctx) => findingDetailLines(f, ctx),
};

/** The header's counts: "38 errors, 22 warnings, 10 info on 58 objects; 53 root causes (…)". */
export function diagnosticsSummary(ctx: ViewCtx): string {
  const report = ctx.diagnostics ?? diagnosticsFor(ctx.store, { now: ctx.now, namespace: ctx.namespace });
  return summaryText(report);
}
