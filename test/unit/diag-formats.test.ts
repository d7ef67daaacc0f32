// Reports for CI and tooling (issue 9): SARIF validated against the SARIF
// 2.1.0 JSON schema, JUnit read back by a real XML parser, YAML read back by a
// YAML parser; and the exit-code contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { type AreaModule, runDiagnostics } from '../../diagnostics/engine.js';
import { catalog } from '../../diagnostics/catalog.js';
import { formatJson, formatYaml } from '../../diagnostics/report.js';
import { formatSarif } from '../../diagnostics/sarif.js';
import { formatJunit, xmlAttr, xmlText } from '../../diagnostics/junit.js';
import type { Finding } from '../../diagnostics/types.js';
import { runDiagnose, type DiagnoseOptions } from '../../src/commands/diagnose.js';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import * as sts from '../fixtures/statefulset/build.js';
import { FIXTURES } from '../fixtures/diag/load.js';

const require = createRequire(import.meta.url);
// The SARIF 2.1.0 schema (rtm.5, draft-04) as the @microsoft/jest-sarif package carries it.
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema's language pattern is not a valid Unicode-mode RegExp; everything else is checked in full, formats included.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

function assertValidSarif(text: string) {
  const log = JSON.parse(text);
  const ok = validateSarif(log);
  assert.ok(ok, `SARIF schema errors: ${JSON.stringify(validateSarif.errors, null, 1)}`);
  return log;
}

const DEMO_NOW = Date.parse('2026-11-20T10:30:00Z');
let demo: Awaited<ReturnType<typeof openSnapshot>> | undefined;
async function demoReport() {
  demo ??= await openSnapshot(path.resolve('examples', 'demo-cluster'), 'demo');
  return runDiagnostics(demo.store, { now: DEMO_NOW });
}

// ---------------------------------------------------------------- SARIF

test('sarif: the demo report is valid SARIF 2.1.0: one rule per check id with its description, help and design notes; one result per finding at kind/namespace/name', async () => {
  const r = await demoReport();
  const log = assertValidSarif(formatSarif(r, { catalog: catalog(), toolVersion: '0.1.0' }));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'k8stui');
  const rules = run.tool.driver.rules;
  assert.deepEqual(rules.map((x: { id: string }) => x.id), catalog().map((c) => c.id), 'one rule per check id, in catalog order');
  for (const [i, c] of catalog().entries()) {
    assert.equal(rules[i].shortDescription.text, c.title);
    assert.equal(rules[i].defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[c.severity]);
    assert.match(rules[i].help.text, new RegExp(`^${c.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
    if (c.doc) {
      assert.equal(rules[i].properties.designNotes, c.doc);
      assert.ok(rules[i].help.text.includes(`Design notes: ${c.doc}.`));
    } else assert.equal(rules[i].properties.designNotes, undefined);
  }
  assert.equal(run.results.length, r.findings.length);
  for (const [i, f] of r.findings.entries()) {
    const res = run.results[i];
    assert.equal(res.ruleId, f.check);
    assert.equal(rules[res.ruleIndex].id, f.check);
    assert.equal(res.level, { error: 'error', warning: 'warning', info: 'note' }[f.severity]);
    const loc = res.locations[0].logicalLocations[0];
    assert.equal(loc.fullyQualifiedName, f.object.namespace ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : `${f.object.kind}/${f.object.name}`);
    assert.equal(loc.name, f.object.name);
    assert.equal(res.properties.rootCause, f.rootCause);
    assert.deepEqual(res.properties.evidence, f.evidence);
    assert.deepEqual(res.properties.nextSteps, f.nextSteps);
    if (f.causedBy) assert.equal(res.relatedLocations.length, f.causedBy.length);
  }
  const es0 = run.results.find((x: any) => x.ruleId === 'pod/unschedulable' && x.locations[0].logicalLocations[0].fullyQualifiedName === 'Pod/shop/es-0');
  assert.match(es0.message.text, /\(caused by statefulset\/storageclass-missing on StatefulSet\/shop\/es\)$/);
  assert.equal(es0.relatedLocations[0].logicalLocations[0].fullyQualifiedName, 'StatefulSet/shop/es');
  assert.equal(run.invocations[0].executionSuccessful, true);
});

test('sarif: a clean report still has a results array (code scanning rejects a run without one), and is valid', () => {
  // Every kind read, nothing in it: nothing to find.
  const r = runDiagnostics(sts.makeStore([]), { now: sts.NOW });
  assert.equal(r.findings.length, 0);
  const text = formatSarif(r, { catalog: catalog(), toolVersion: '0.1.0' });
  const log = assertValidSarif(text);
  assert.deepEqual(log.runs[0].results, []);
  assert.match(text, /"results": \[\]/);
  // The validator is not a rubber stamp: a level SARIF does not know, or a rule without an id, is refused.
  const broken = JSON.parse(text);
  broken.runs[0].tool.driver.rules[0].defaultConfiguration.level = 'info';
  delete broken.runs[0].tool.driver.rules[1].id;
  assert.equal(validateSarif(broken), false);
  assert.ok(validateSarif.errors.length >= 2, JSON.stringify(validateSarif.errors));
});

test('sarif: documents that could not be read are tool execution notifications and make the invocation unsuccessful', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-sarif-'));
  const file = path.join(dir, 'capture.yaml');
  writeFileSync(file, `kind: Pod\nmetadata: {name: x\n---\n${readFileSync(path.join(FIXTURES, 'pod/crash-loop.yaml'), 'utf8')}`);
  const { store } = await openSnapshot(file, 'snapshot');
  const log = assertValidSarif(formatSarif(runDiagnostics(store, { now: Date.parse('2026-03-10T12:00:00Z') }), { catalog: catalog(), toolVersion: '0.1.0' }));
  const inv = log.runs[0].invocations[0];
  assert.equal(inv.executionSuccessful, false);
  assert.equal(inv.toolExecutionNotifications.length, 1);
  assert.equal(inv.toolExecutionNotifications[0].level, 'error');
  assert.match(inv.toolExecutionNotifications[0].message.text, /^not read: .*capture\.yaml: document 1: line \d+, column \d+: /);
  assert.ok(log.runs[0].results.some((x: any) => x.ruleId === 'pod/crash-loop'));
});

// ---------------------------------------------------------------- JUnit

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'property'].includes(name), trimValues: false, htmlEntities: true });
function parseJunit(xml: string) {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `well-formed XML: ${JSON.stringify(valid)}`);
  return parser.parse(xml).testsuites;
}

test('junit: one testsuite per namespace, one testcase per checked object, a failure per finding at or above --fail-on; read back by an XML parser', () => {
  const store = sts.makeStore(sts.storageClassMissing());
  const r = runDiagnostics(store, { now: sts.NOW, withChecked: true });
  assert.equal(runDiagnostics(store, { now: sts.NOW }).checked, undefined, 'only listed when asked (the TUI does not pay for it)');
  const ts = parseJunit(formatJunit(r, { failOn: 'error' }));
  assert.equal(ts.name, 'k8stui diagnose');
  assert.deepEqual(ts.testsuite.map((s: any) => s.name), ['shop']);
  const shop = ts.testsuite[0];
  // The objects the checks looked at: the StatefulSet, its pod, the Service (Jobs, CronJobs, Ingresses: none).
  assert.deepEqual(shop.testcase.map((c: any) => c.name), ['Pod/shop/web-0', 'Service/shop/nginx', 'StatefulSet/shop/web']);
  assert.deepEqual(r.checked!.map((o) => `${o.kind}/${o.name}`), ['Pod/web-0', 'Service/nginx', 'StatefulSet/web']);
  assert.equal(shop.tests, '3');
  assert.equal(shop.failures, '3');
  const web = shop.testcase.find((c: any) => c.name === 'StatefulSet/shop/web');
  assert.equal(web.classname, 'shop.StatefulSet');
  assert.deepEqual(web.failure.map((f: any) => f.type), ['statefulset/storageclass-missing', 'statefulset/pvc-pending', 'statefulset/ordinal-blocked']);
  assert.match(web.failure[0].message, /^error: volumeClaimTemplate|^error: /);
  assert.match(web.failure[1]['#text'], /^error: statefulset\/pvc-pending: .*\ncaused by: statefulset\/storageclass-missing on StatefulSet\/shop\/web\n/);
  assert.match(web.failure[0]['#text'], /\nevidence:\n {2}- /);
  assert.equal(ts.tests, '3');
  assert.equal(ts.failures, '3');
  assert.equal(ts.errors, '0');

  // Healthy twin: every object is a passing testcase.
  const objs = sts.healthy();
  const ok = runDiagnostics(sts.makeStore(objs), { now: sts.NOW, checks: ['statefulset/*', 'pod/*'], withChecked: true });
  const okTs = parseJunit(formatJunit(ok, { failOn: 'warning' }));
  const cases = okTs.testsuite[0].testcase;
  assert.deepEqual(cases.map((c: any) => c.name), ['Pod/shop/web-0', 'Pod/shop/web-1', 'Pod/shop/web-2', 'StatefulSet/shop/web']);
  for (const c of cases) assert.equal(c.failure, undefined, c.name);
  assert.equal(okTs.failures, '0');
});

test('junit: findings below --fail-on do not fail their testcase (they are in its system-out); --fail-on never fails nothing', () => {
  const r = runDiagnostics(sts.makeStore(sts.storageClassMissing()), { now: sts.NOW });
  const ts = parseJunit(formatJunit(r, { failOn: 'never' }));
  assert.equal(ts.failures, '0');
  const web = ts.testsuite[0].testcase.find((c: any) => c.name === 'StatefulSet/shop/web');
  assert.equal(web.failure, undefined);
  assert.match(web['system-out'], /^error: statefulset\/storageclass-missing: /);
});

test('junit: every text is XML-escaped; characters XML cannot carry are replaced; cluster-scoped objects and unreadable documents get their own suites', () => {
  const nasty = 'a <b> & "c" \'d\' \u0007bell \u001b[31mred\u001b[0m\ttab\nnewline ]]> \ud800 end';
  const area: AreaModule = {
    area: 'ingress',
    checks: [{ id: 'ingress/class-missing', severity: 'error', area: 'ingress', title: 'x' }],
    run: (): Finding[] => [
      { check: 'ingress/class-missing', severity: 'error', object: { kind: 'Ingress', namespace: 'we<ird>&ns', name: 'a"b' }, message: nasty, evidence: [nasty], nextSteps: ['kubectl get ingress -n x -o jsonpath=\'{.items[?(@.spec.ingressClassName=="a&b")].metadata.name}\''] },
      { check: 'ingress/class-missing', severity: 'error', object: { kind: 'IngressClass', name: 'nginx' }, message: 'cluster-scoped', evidence: [], nextSteps: [] },
    ],
  };
  const r = runDiagnostics(new ClusterStore({ source: 'snapshot' }), { now: 0, areas: [area] });
  r.loadErrors = [{ file: '/tmp/a&b<c>.yaml', document: 2, message: 'line 3, column 1: bad "quote"' }];
  const xml = formatJunit(r, { failOn: 'error' });
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/, 'no character XML 1.0 forbids');
  const ts = parseJunit(xml);
  assert.deepEqual(ts.testsuite.map((s: any) => s.name), ['(cluster)', 'we&lt;ird&gt;&amp;ns', '(input)'].map((n) => n.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
  const c = ts.testsuite[1].testcase[0];
  assert.equal(c.name, 'Ingress/we<ird>&ns/a"b');
  const expected = nasty.replace(/[\u0007\u001b]/g, '\uFFFD').replace('\ud800', '\uFFFD');
  assert.equal(c.failure[0].message, `error: ${expected}`, 'the attribute round-trips, tab and newline included');
  assert.ok(c.failure[0]['#text'].startsWith(`error: ingress/class-missing: ${expected}\n`));
  assert.ok(c.failure[0]['#text'].includes('=="a&b")]'));
  assert.equal(ts.testsuite[0].testcase[0].name, 'IngressClass/nginx');
  const input = ts.testsuite[2];
  assert.equal(input.errors, '1');
  assert.equal(input.testcase[0].name, '/tmp/a&b<c>.yaml');
  assert.equal(input.testcase[0].error[0].message, '/tmp/a&b<c>.yaml: document 2: line 3, column 1: bad "quote"');
  assert.equal(ts.errors, '1');
  assert.equal(xmlText('<&>'), '&lt;&amp;&gt;');
  assert.equal(xmlAttr('"\'\n'), '&quot;&apos;&#10;');
});

// ---------------------------------------------------------------- YAML

test('yaml: the JSON report, key for key, read back by a YAML parser; times stay strings', async () => {
  const r = await demoReport();
  const y = formatYaml(r);
  assert.deepEqual(parseYaml(y), JSON.parse(formatJson(r)));
  assert.match(y, /^evaluatedAt: "2026-11-20T10:30:00\.000Z"$/m);
  assert.deepEqual(parseYaml(y, { version: '1.1' }), JSON.parse(formatJson(r)), 'YAML 1.1 readers get the same values');
});

// ---------------------------------------------------------------- exit codes

const empty = mkdtempSync(path.join(os.tmpdir(), 'k8stui-exit-'));
async function code(store: ClusterStore, o: Partial<DiagnoseOptions>, now: number) {
  let stdout = '';
  const c = await runDiagnose(
    { store, now, output: 'json', failOn: 'error', isTTY: false, noColor: false, cwd: empty, home: empty, env: {}, ...o },
    { stdout: (s) => void (stdout += s), stderr: () => undefined },
  );
  return { code: c, stdout };
}

test('exit codes: 0 clean, 1 findings at or above --fail-on, 3 partial input (wins over 1), --allow-partial and --exit-zero; every output format', async () => {
  const objs = sts.healthy();
  const clean = sts.makeStore(objs);
  const bad = sts.makeStore(sts.storageClassMissing());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-exit-'));
  const file = path.join(dir, 'capture.yaml');
  writeFileSync(file, `kind: Pod\nmetadata: {name: x\n---\n${readFileSync(path.join(FIXTURES, 'diag/snapshot-info.yaml'), 'utf8')}---\n${readFileSync(path.join(FIXTURES, 'pod/crash-loop.yaml'), 'utf8')}`);
  const partial = (await openSnapshot(file, 'snapshot')).store;
  const pNow = Date.parse('2026-03-10T12:00:00Z');
  const cases: [string, ClusterStore, Partial<DiagnoseOptions>, number][] = [
    ['clean', clean, { check: ['statefulset/storageclass-missing', 'statefulset/pvc-pending'] }, 0],
    ['errors', bad, {}, 1],
    ['errors, --fail-on never', bad, { failOn: 'never' }, 0],
    ['errors, --exit-zero', bad, { exitZero: true }, 0],
    ['partial input with errors', partial, {}, 3],
    ['partial input, --exit-zero', partial, { exitZero: true }, 3],
    ['partial input, --allow-partial', partial, { allowPartial: true }, 1],
    ['partial input, --allow-partial --exit-zero', partial, { allowPartial: true, exitZero: true }, 0],
    ['bad output', bad, { output: 'xml' as 'json' }, 2],
  ];
  for (const [name, store, o, want] of cases) assert.equal((await code(store, o, store === partial ? pNow : sts.NOW)).code, want, name);
  for (const output of ['text', 'json', 'yaml', 'sarif', 'junit'] as const) {
    const r = await code(bad, { output }, sts.NOW);
    assert.equal(r.code, 1, output);
    assert.ok(r.stdout.length > 0, output);
  }
});

test('exit codes: partial access is not partial input: a forbidden kind is an access/partial finding (info), judged by --fail-on', async () => {
  const store = sts.makeStore(sts.healthy(), { forbidden: ['Secret'] });
  const only = ['access/partial'];
  assert.equal((await code(store, { check: only }, sts.NOW)).code, 0);
  const r = await code(store, { check: only, failOn: 'info' }, sts.NOW);
  assert.equal(r.code, 1);
  assert.ok(JSON.parse(r.stdout).findings.some((f: Finding) => f.check === 'access/partial' && f.object.name === 'secrets'));
  assert.deepEqual(JSON.parse(r.stdout).loadErrors, []);
});
