// `k8stui diagnose -o sarif`: SARIF 2.1.0 (OASIS), for code-scanning
// dashboards and other SARIF consumers.
//
// - One run; tool.driver.rules has one rule per check id of the catalog (so a
//   rule's index is stable whatever was found): its title as shortDescription,
//   a help text (what it finds, its default severity, where its evidence and
//   next steps are, how to suppress it) and its design-notes reference (in the
//   help text and as properties.designNotes).
// - One result per finding, at a logical location whose fullyQualifiedName is
//   `kind/namespace/name` (`kind/name` for cluster-scoped objects); level
//   error, warning or note (info). The root-cause marks, evidence, next steps
//   and related findings are in the result's properties; the root causes of
//   an effect are also its relatedLocations.
// - `results` is always present, even empty: code scanning rejects a run
//   without it.
// - Documents that could not be read are toolExecutionNotifications (level
//   error) of the invocation, whose executionSuccessful is false then.
import type { CheckMeta, DiagnosticsReport, Finding, ObjectRef, Severity } from './types.js';
import { formatLoadError } from '../src/cluster/snapshot.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** `StatefulSet/shop/web`, or `Node/node-a` for a cluster-scoped object. */
export function logicalName(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function logicalLocation(o: ObjectRef) {
  return { name: o.name, fullyQualifiedName: logicalName(o), kind: 'resource' };
}

export function ruleHelp(c: CheckMeta): string {
  const lines = [
    `${c.title}.`,
    `Default severity: ${c.severity} (change it with \`severity: {${c.id}: …}\` in .k8stui.yaml).`,
    "Each result's message names the concrete cause; its properties hold the evidence (fields and events with their values and times) and the next steps (read-only commands to confirm, then the fix to consider).",
    `Suppress it for some objects with an \`exclude\` rule in .k8stui.yaml, or with the annotation k8stui.dev/ignore: "${c.id}" on the object.`,
  ];
  if (c.doc) lines.push(`Design notes: ${c.doc}.`);
  return lines.join('\n');
}

/** PascalCase name from the id: statefulset/service-missing → StatefulsetServiceMissing. */
function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function result(f: Finding, ruleIndex: number): Record<string, unknown> {
  const r: Record<string, unknown> = {
    ruleId: f.check,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.causedBy?.length ? `${f.message} (caused by ${f.causedBy.map((c) => `${c.check} on ${logicalName(c.object)}`).join(', ')})` : f.message },
    locations: [{ logicalLocations: [logicalLocation(f.object)] }],
    // Stable across runs, so a dashboard tracks one problem on one object as one alert.
    partialFingerprints: { 'k8stuiFinding/v1': `${f.check}|${logicalName(f.object)}` },
  };
  if (f.causedBy?.length) {
    r.relatedLocations = f.causedBy.map((c, i) => ({ id: i + 1, logicalLocations: [logicalLocation(c.object)], message: { text: `root cause: ${c.check} on ${logicalName(c.object)}` } }));
  }
  const props: Record<string, unknown> = {
    severity: f.severity,
    rootCause: f.rootCause !== false,
    evidence: f.evidence,
    nextSteps: f.nextSteps,
  };
  if (f.causedBy?.length) props.causedBy = f.causedBy.map((c) => ({ check: c.check, object: logicalName(c.object) }));
  if (f.related?.length) props.related = f.related.map((c) => ({ check: c.check, object: logicalName(c.object) }));
  if (f.doc) props.designNotes = f.doc;
  r.properties = props;
  return r;
}

export interface SarifOptions {
  /** Every check of the catalog (the rules). */
  catalog: CheckMeta[];
  toolVersion: string;
}

export function sarifLog(r: DiagnosticsReport, o: SarifOptions): Record<string, unknown> {
  const rules = [...o.catalog];
  // A finding of a check not in the catalog (should not happen) still gets a rule.
  for (const f of r.findings) if (!rules.some((c) => c.id === f.check)) rules.push({ id: f.check, severity: f.severity, area: 'pod', title: f.check });
  const index = new Map(rules.map((c, i) => [c.id, i]));
  const loadErrors = r.loadErrors ?? [];
  const invocation: Record<string, unknown> = {
    executionSuccessful: loadErrors.length === 0,
    properties: { evaluatedAt: r.evaluatedAt },
  };
  if (loadErrors.length) {
    invocation.toolExecutionNotifications = loadErrors.map((e) => ({
      level: 'error',
      message: { text: `not read: ${formatLoadError(e)}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(e.file) } } }],
    }));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'k8stui',
            version: o.toolVersion,
            semanticVersion: /^\d+\.\d+\.\d+/.test(o.toolVersion) ? o.toolVersion : undefined,
            rules: rules.map((c) => ({
              id: c.id,
              name: ruleName(c.id),
              shortDescription: { text: c.title },
              fullDescription: { text: c.doc ? `${c.title} (design notes: ${c.doc})` : c.title },
              help: { text: ruleHelp(c) },
              defaultConfiguration: { level: LEVEL[c.severity] },
              properties: { area: c.area, ...(c.doc ? { designNotes: c.doc } : {}), tags: ['kubernetes', c.area] },
            })),
          },
        },
        invocations: [invocation],
        // Always present, even when empty.
        results: r.findings.map((f) => result(f, index.get(f.check)!)),
        properties: {
          source: r.source,
          evaluatedAt: r.evaluatedAt,
          summary: r.summary,
        },
      },
    ],
  };
}

function fileUri(file: string): string {
  return file.startsWith('/') ? `file://${encodeURI(file)}` : encodeURI(file);
}

export function formatSarif(r: DiagnosticsReport, o: SarifOptions): string {
  return `${JSON.stringify(sarifLog(r, o), null, 2)}\n`;
}
