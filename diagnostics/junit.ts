// `k8stui diagnose -o junit`: JUnit XML, the format CI systems show as test
// results.
//
//   <testsuites name="k8stui diagnose" tests failures errors skipped="0" time="0" timestamp>
//     <testsuite name=NAMESPACE …>            one per namespace; "(cluster)" for cluster-scoped objects
//       <properties>                          source, context, evaluation time
//       <testcase classname="NAMESPACE.Kind" name="Kind/NAMESPACE/name" time="0">
//         <failure type=CHECK message=MESSAGE>  one per finding at or above --fail-on:
//           severity, root cause or what caused it, evidence, next steps, design notes
//         <system-out>                        findings below --fail-on (they do not fail the case)
//     <testsuite name="(input)">              documents that could not be read: one <error> each
//
// One testcase per object the checks inspected (a healthy object is a passing
// testcase). Every text is XML-escaped, and characters XML 1.0 cannot carry
// (control characters, lone surrogates) are replaced, so any XML parser reads it.
import type { DiagnosticsReport, Finding, ObjectRef, Severity } from './types.js';
import { SEVERITY_RANK } from './engine.js';
import { formatLoadError } from '../src/cluster/snapshot.js';

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: & < > escaped, characters XML cannot hold replaced by U+FFFD. */
export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value (double-quoted): also quotes, and tab/newline kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const CLUSTER = '(cluster)';

function objectName(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function refKey(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

function findingBody(f: Finding): string {
  const lines = [`${f.severity}: ${f.check}: ${f.message}`];
  if (f.rootCause === false && f.causedBy?.length) lines.push(`caused by: ${f.causedBy.map((c) => `${c.check} on ${objectName(c.object)}`).join(', ')}`);
  if (f.evidence.length) lines.push('evidence:', ...f.evidence.map((e) => `  - ${e}`));
  if (f.nextSteps.length) lines.push('next steps:', ...f.nextSteps.map((n) => `  - ${n}`));
  if (f.doc) lines.push(`design notes: ${f.doc}`);
  return lines.join('\n');
}

export interface JunitOptions {
  /** Findings at or above this fail their testcase; the others go to its system-out. */
  failOn: Severity | 'never';
}

export function formatJunit(r: DiagnosticsReport, o: JunitOptions): string {
  const fails = (f: Finding) => o.failOn !== 'never' && SEVERITY_RANK[f.severity] <= SEVERITY_RANK[o.failOn];
  const byObject = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const k = refKey(f.object);
    let arr = byObject.get(k);
    if (!arr) byObject.set(k, (arr = []));
    arr.push(f);
  }
  // Objects: what the checks inspected, plus any object a finding is about.
  const objects = new Map<string, ObjectRef>();
  for (const c of r.checked ?? []) objects.set(refKey(c), c);
  for (const f of r.findings) if (!objects.has(refKey(f.object))) objects.set(refKey(f.object), f.object);
  const suites = new Map<string, ObjectRef[]>();
  for (const obj of objects.values()) {
    const ns = obj.namespace ?? CLUSTER;
    let arr = suites.get(ns);
    if (!arr) suites.set(ns, (arr = []));
    arr.push(obj);
  }
  const names = [...suites.keys()].sort((a, b) => (a === CLUSTER ? -1 : b === CLUSTER ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const src = r.source as Record<string, unknown>;
  const props: [string, string][] = [['source', String(src.type ?? '')]];
  for (const k of ['context', 'server', 'path', 'capturedAt', 'nowSource'] as const) if (src[k]) props.push([k, String(src[k])]);
  props.push(['evaluatedAt', r.evaluatedAt], ['failOn', o.failOn]);
  const propsXml = `      <properties>\n${props.map(([k, v]) => `        <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`).join('\n')}\n      </properties>\n`;

  let tests = 0;
  let failures = 0;
  let errors = 0;
  const out: string[] = [];
  for (const ns of names) {
    const objs = suites.get(ns)!.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let suiteFailures = 0;
    const cases: string[] = [];
    for (const obj of objs) {
      const fs = byObject.get(refKey(obj)) ?? [];
      const failing = fs.filter(fails);
      const passing = fs.filter((f) => !fails(f));
      if (failing.length) suiteFailures++;
      const head = `      <testcase classname="${xmlAttr(`${ns}.${obj.kind}`)}" name="${xmlAttr(objectName(obj))}" time="0"`;
      if (fs.length === 0) {
        cases.push(`${head}/>`);
        continue;
      }
      const body: string[] = [];
      for (const f of failing) body.push(`        <failure type="${xmlAttr(f.check)}" message="${xmlAttr(`${f.severity}: ${f.message}`)}">${xmlText(findingBody(f))}</failure>`);
      if (passing.length) body.push(`        <system-out>${xmlText(passing.map(findingBody).join('\n\n'))}</system-out>`);
      cases.push(`${head}>\n${body.join('\n')}\n      </testcase>`);
    }
    tests += objs.length;
    failures += suiteFailures;
    out.push(`    <testsuite name="${xmlAttr(ns)}" tests="${objs.length}" failures="${suiteFailures}" errors="0" skipped="0" time="0" timestamp="${xmlAttr(r.evaluatedAt.replace(/\.\d{3}Z$/, ''))}">\n${propsXml}${cases.join('\n')}\n    </testsuite>`);
  }
  const loadErrors = r.loadErrors ?? [];
  if (loadErrors.length) {
    // Lost input: a testcase per file, an <error> per document that could not be read.
    const files = new Map<string, typeof loadErrors>();
    for (const e of loadErrors) {
      let arr = files.get(e.file);
      if (!arr) files.set(e.file, (arr = []));
      arr.push(e);
    }
    const cases = [...files].map(
      ([file, es]) =>
        `      <testcase classname="(input)" name="${xmlAttr(file)}" time="0">\n${es.map((e) => `        <error type="not-read" message="${xmlAttr(formatLoadError(e))}">${xmlText(formatLoadError(e))}</error>`).join('\n')}\n      </testcase>`,
    );
    tests += files.size;
    errors += files.size;
    out.push(`    <testsuite name="(input)" tests="${files.size}" failures="0" errors="${files.size}" skipped="0" time="0" timestamp="${xmlAttr(r.evaluatedAt.replace(/\.\d{3}Z$/, ''))}">\n${cases.join('\n')}\n    </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="k8stui diagnose" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="0">\n${out.join('\n')}\n</testsuites>\n`;
}
