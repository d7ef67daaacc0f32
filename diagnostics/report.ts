// Report formats for `k8stui diagnose`: text (for people) and json (for scripts).
//
// JSON (stable, documented in the README):
//   {"apiVersion":"k8stui.dev/v1","kind":"DiagnosticsReport",
//    "source":{"type":"live|snapshot|demo","context"?,"cluster"?,"server"?,"serverVersion"?,"path"?,"capturedAt"?,
//              "nowSource"?: "flag|captured|inferred|clock","nowFrom"?,"namespace":ns|null},
//    "evaluatedAt":ISO,
//    "summary":{"error":n,"warning":n,"info":n,"suppressed":n,"objects":n},
//    "findings":[{"check","severity","object":{"kind","namespace","name"},"message","evidence":[…],"nextSteps":[…],"doc","related"?}]}
// Every key of a finding is always present ("namespace" and "doc" are null
// when they do not apply); "related" is present only when the finding is
// linked to others ([{"check","object":{…}}]).
import type { DiagnosticsReport, Finding, LoadError, ObjectRef, Severity } from './types.js';
import { rootCauseGroups } from './engine.js';
import { stringify as stringifyYaml } from 'yaml';
import { formatLoadError } from '../src/cluster/snapshot.js';

function refJson(o: ObjectRef) {
  return { kind: o.kind, namespace: o.namespace ?? null, name: o.name };
}

export function findingJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    check: f.check,
    severity: f.severity,
    object: refJson(f.object),
    message: f.message,
    evidence: f.evidence,
    nextSteps: f.nextSteps,
    doc: f.doc ?? null,
  };
  if (f.related?.length) out.related = f.related.map((r) => ({ check: r.check, object: refJson(r.object) }));
  out.rootCause = f.rootCause !== false;
  if (f.causedBy?.length) out.causedBy = f.causedBy.map((r) => ({ check: r.check, object: refJson(r.object) }));
  return out;
}

function loadErrorJson(e: LoadError) {
  return { file: e.file, document: e.document ?? null, message: e.message };
}

export function reportJson(r: DiagnosticsReport): Record<string, unknown> {
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    source: r.source,
    evaluatedAt: r.evaluatedAt,
    summary: {
      error: r.summary.error,
      warning: r.summary.warning,
      info: r.summary.info,
      suppressed: r.summary.suppressed,
      objects: r.summary.objects,
      rootCauses: r.summary.rootCauses ?? { error: r.summary.error, warning: r.summary.warning, info: r.summary.info },
    },
    loadErrors: (r.loadErrors ?? []).map(loadErrorJson),
    findings: r.findings.map(findingJson),
  };
}

export function formatJson(r: DiagnosticsReport): string {
  return `${JSON.stringify(reportJson(r), null, 2)}\n`;
}

/**
 * The JSON report as YAML (same keys, same order). Written for YAML 1.1
 * readers too (PyYAML, Go's yaml.v2): strings such as times, "yes" or "on"
 * are quoted so they stay strings.
 */
export function formatYaml(r: DiagnosticsReport): string {
  return stringifyYaml(reportJson(r), { version: '1.1', lineWidth: 0 });
}

// ---------- text ----------

const SGR = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
};

export interface TextOptions {
  /** Only when stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
}

export function objectText(o: ObjectRef): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

// Severity words as everywhere (error, warning, info), as the headings of the groups.
const HEADINGS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
const SEVERITY_COLOR: Record<Severity, string> = { error: SGR.red, warning: SGR.yellow, info: SGR.cyan };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "38 errors, 22 warnings, 10 info on 58 objects; 53 root causes (28 errors, 15 warnings, 10 info)". */
export function summaryText(r: DiagnosticsReport): string {
  const s = r.summary;
  const all = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info on ${plural(s.objects, 'object')}`;
  const rc = s.rootCauses;
  const roots = rc ? rc.error + rc.warning + rc.info : undefined;
  const rootText = rc && roots !== s.error + s.warning + s.info ? `; ${plural(roots!, 'root cause')} (${plural(rc.error, 'error')}, ${plural(rc.warning, 'warning')}, ${rc.info} info)` : '';
  return `${all}${rootText}${s.suppressed ? `; ${s.suppressed} suppressed` : ''}`;
}

/** "evaluated at 2026-11-20T10:30:00.000Z" and how that time was chosen, when the report says. */
export function evaluatedText(r: DiagnosticsReport): string {
  const s = r.source as Record<string, unknown>;
  switch (s.nowSource) {
    case 'flag':
      return `evaluated at ${r.evaluatedAt} (--now)`;
    case 'captured':
      return `evaluated at ${r.evaluatedAt} (the capture time)`;
    case 'inferred':
      return `evaluated at ${r.evaluatedAt}, inferred: the snapshot records no capture time, so its newest timestamp (${String(s.nowFrom ?? '?')}) stands for it; --now sets it`;
    case 'clock':
      return `evaluated at ${r.evaluatedAt} (the clock)`;
    default:
      return `evaluated at ${r.evaluatedAt}`;
  }
}

function sourceText(r: DiagnosticsReport): string {
  const s = r.source as Record<string, unknown>;
  const parts: string[] = [String(s.type ?? 'unknown')];
  if (s.path && s.type !== 'demo') parts.push(String(s.path));
  if (s.context) parts.push(`context ${s.context}`);
  parts.push(s.namespace ? `namespace ${s.namespace}` : 'all namespaces');
  return parts.join(', ');
}

/**
 * Root causes first: grouped by the worst severity of each root cause and the
 * findings it explains, then by object. Each root cause with its id, message,
 * evidence, next steps, other related findings and design-notes section; the
 * findings it explains folded under it (message and evidence; their next
 * steps are in the JSON).
 */
export function formatText(r: DiagnosticsReport, opts: TextOptions): string {
  const c = (code: string, s: string) => (opts.color ? `${code}${s}${SGR.reset}` : s);
  const out: string[] = [];
  out.push(`${c(SGR.bold, 'k8stui diagnose')}: ${sourceText(r)}; ${evaluatedText(r)}`);
  out.push(summaryText(r));
  if (r.loadErrors?.length) {
    out.push('', c(SGR.bold + SGR.yellow, `INPUT NOT READ (${r.loadErrors.length} document${r.loadErrors.length === 1 ? '' : 's'}: the findings below do not cover them)`));
    for (const e of r.loadErrors) out.push(`  ${formatLoadError(e)}`);
  }
  if (r.findings.length === 0) {
    out.push('', 'No findings.');
    return `${out.join('\n')}\n`;
  }
  const { groups, elsewhere } = rootCauseGroups(r.findings);
  const key = (x: { check: string; object: ObjectRef }) => `${x.check}|${objectText(x.object)}`;
  const placedUnder = new Map<string, Finding>();
  for (const g of groups) for (const e of g.effects) placedUnder.set(key(e), g.root);
  for (const sev of ['error', 'warning', 'info'] as Severity[]) {
    const gs = groups.filter((g) => g.severity === sev);
    if (gs.length === 0) continue;
    const total = gs.reduce((n, g) => n + 1 + g.effects.length, 0);
    out.push('', c(SGR.bold + SEVERITY_COLOR[sev], `${HEADINGS[sev]}: ${plural(gs.length, 'root cause')}${total !== gs.length ? ` (${total} findings)` : ''}`));
    let lastObject = '';
    for (const g of gs) {
      const f = g.root;
      const obj = objectText(f.object);
      if (obj !== lastObject) {
        out.push('', `  ${c(SGR.bold, obj)}`);
        lastObject = obj;
      }
      out.push(`    ${c(SEVERITY_COLOR[f.severity], f.check)}${f.severity !== sev ? ` (${f.severity})` : ''}: ${f.message}`);
      for (const e of f.evidence) out.push(`      ${c(SGR.dim, '·')} ${e}`);
      for (const n of f.nextSteps) out.push(`      ${c(SGR.dim, '→')} ${n}`);
      const folded = new Set(g.effects.map(key));
      for (const rel of f.related ?? []) {
        if (folded.has(key(rel))) continue;
        // An effect of several root causes is folded under the first; the others say where it is.
        const under = placedUnder.get(key(rel));
        const other = under && r.findings.find((x) => key(x) === key(rel));
        if (under && other?.causedBy?.some((c) => key(c) === key(f))) out.push(`      ${c(SGR.dim, 'also explains:')} ${rel.check} on ${objectText(rel.object)} (under ${under.check} on ${objectText(under.object)})`);
        else out.push(`      ${c(SGR.dim, 'related:')} ${rel.check} on ${objectText(rel.object)}`);
      }
      if (f.doc) out.push(`      ${c(SGR.dim, `design notes: ${f.doc}`)}`);
      if (g.effects.length) {
        out.push(`      ${c(SGR.bold, `explains ${plural(g.effects.length, 'more finding')}:`)}`);
        for (const e of g.effects) {
          out.push(`        ${c(SEVERITY_COLOR[e.severity], e.severity.padEnd(7))} ${e.check} on ${objectText(e.object)}: ${e.message}`);
          const others = (e.causedBy ?? []).filter((x) => key(x) !== key(f));
          if (others.length) out.push(`                ${c(SGR.dim, `also caused by ${others.map((x) => `${x.check} on ${objectText(x.object)}`).join(', ')}`)}`);
          for (const ev of e.evidence) out.push(`                ${c(SGR.dim, '·')} ${ev}`);
        }
      }
    }
  }
  if (elsewhere.length) {
    // Only when the report was cut (a namespace scope whose causes are cluster-scoped): never lose a finding.
    out.push('', c(SGR.bold, `EXPLAINED BY FINDINGS NOT IN THIS REPORT (${elsewhere.length})`));
    for (const e of elsewhere) out.push(`  ${c(SEVERITY_COLOR[e.severity], e.severity.padEnd(7))} ${e.check} on ${objectText(e.object)}: ${e.message}`);
  }
  return `${out.join('\n')}\n`;
}
