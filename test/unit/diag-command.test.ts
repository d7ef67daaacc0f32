// `k8stui diagnose` as a function: exit codes, formats, --check validation, config errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDiagnose, type DiagnoseOptions } from '../../src/commands/diagnose.js';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import { at, FIXTURES, loadStore } from '../fixtures/diag/load.js';

const NOW = at('2026-03-10T12:00:00Z');
const empty = mkdtempSync(path.join(os.tmpdir(), 'k8stui-diag-'));

async function diagnose(files: string[], o: Partial<DiagnoseOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runDiagnose(
    { store: loadStore(['diag/snapshot-info.yaml', ...files]), now: NOW, output: 'text', failOn: 'error', isTTY: false, noColor: false, cwd: empty, home: empty, env: {}, ...o },
    { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) },
  );
  return { code, stdout, stderr };
}

test('exit 1 when a finding is at or above --fail-on, 0 otherwise', async () => {
  assert.equal((await diagnose(['pod/crash-loop.yaml'])).code, 1);
  assert.equal((await diagnose(['pod/crash-loop.yaml'], { failOn: 'never' })).code, 0);
  // The liveness fixture has one error; --check narrows to a check with no finding.
  assert.equal((await diagnose(['pod/liveness.yaml'], { check: ['pod/crash-loop'] })).code, 0);
  // web-sts + readiness: errors and a warning; only warnings when errors are excluded.
  const warnOnly = { excludeCheck: ['pod/*'] };
  assert.equal((await diagnose(['pod/readiness.yaml', 'diag/web-sts.yaml'], { ...warnOnly, failOn: 'error' })).code, 0);
  assert.equal((await diagnose(['pod/readiness.yaml', 'diag/web-sts.yaml'], { ...warnOnly, failOn: 'warning' })).code, 1);
  assert.equal((await diagnose(['pod/readiness.yaml', 'diag/web-sts.yaml'], { check: ['statefulset/probes-missing', 'service/lb-annotations-ignored'], failOn: 'warning' })).code, 0);
  assert.equal((await diagnose(['pod/readiness.yaml', 'diag/web-sts.yaml'], { check: ['statefulset/probes-missing'], failOn: 'info' })).code, 1);
});

test('unknown check id: exit 2, one line on stderr, nothing on stdout', async () => {
  const r = await diagnose(['pod/crash-loop.yaml'], { check: ['pod/crash-loop,pod/crashloop'] });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'k8stui diagnose: --check: unknown check id pod/crashloop\n');
  assert.equal(r.stdout, '');
  const x = await diagnose(['pod/crash-loop.yaml'], { excludeCheck: ['bogus'] });
  assert.equal(x.code, 2);
  assert.equal(x.stderr, 'k8stui diagnose: --exclude-check: unknown check id bogus\n');
});

test('malformed config: exit 2 with one line naming the file; a valid one suppresses', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-diag-cfg-'));
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'exclude:\n  - check: [pod/crash-loop\n');
  const r = await diagnose(['pod/crash-loop.yaml'], { configPath: bad });
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`^k8stui diagnose: config ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: malformed YAML: .*\\n$`));
  assert.equal(r.stderr.split('\n').length, 2);
  // the default ./.k8stui.yaml is picked up from the working directory
  writeFileSync(path.join(dir, '.k8stui.yaml'), 'exclude:\n  - check: pod/crash-loop\n    name: worker-*\n');
  const ok = await diagnose(['pod/crash-loop.yaml'], { cwd: dir, output: 'json' });
  assert.equal(ok.code, 0);
  const j = JSON.parse(ok.stdout);
  assert.equal(j.summary.suppressed, 1);
  assert.equal(j.summary.error, 0);
});

test('json output parses and carries the namespace scope; text colors only on a TTY without NO_COLOR', async () => {
  const j = JSON.parse((await diagnose(['pod/crash-loop.yaml'], { output: 'json', namespace: 'shop' })).stdout);
  assert.equal(j.source.namespace, 'shop');
  assert.equal(j.findings[0].check, 'pod/crash-loop');
  assert.ok(!(await diagnose(['pod/crash-loop.yaml'], { isTTY: false })).stdout.includes('\x1b'));
  assert.ok(!(await diagnose(['pod/crash-loop.yaml'], { isTTY: true, noColor: true })).stdout.includes('\x1b'));
  assert.ok((await diagnose(['pod/crash-loop.yaml'], { isTTY: true, noColor: false })).stdout.includes('\x1b[31m'));
});

test('bad --output or --fail-on values: exit 2', async () => {
  const bad = await diagnose([], { output: 'xml' as 'json' });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'k8stui diagnose: unknown output format xml (use text, json, yaml, sarif, junit)\n');
  assert.equal((await diagnose([], { failOn: 'critical' as 'error' })).code, 2);
});

/** A capture whose first document lost a closing brace (issue 8), followed by a crash-looping pod. */
function partialCapture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-diag-partial-'));
  const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  labels: {app: web\nspec:\n  selector:\n    app: web\n';
  const file = path.join(dir, 'capture.yaml');
  writeFileSync(file, `${broken}---\n${readFileSync(path.join(FIXTURES, 'diag/snapshot-info.yaml'), 'utf8')}---\n${readFileSync(path.join(FIXTURES, 'pod/crash-loop.yaml'), 'utf8')}`);
  return file;
}

async function diagnoseFile(file: string, o: Partial<DiagnoseOptions> = {}) {
  const { store } = await openSnapshot(file, 'snapshot');
  let stdout = '';
  let stderr = '';
  const code = await runDiagnose(
    { store, now: NOW, output: 'json', failOn: 'error', isTTY: false, noColor: false, cwd: empty, home: empty, env: {}, ...o },
    { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) },
  );
  return { code, stdout, stderr };
}

test('issue 8: a document that could not be read is a stderr line, a loadErrors entry and exit 3; --allow-partial reports it and exits by findings', async () => {
  const file = partialCapture();
  const r = await diagnoseFile(file);
  assert.equal(r.code, 3);
  assert.equal(r.stderr, `k8stui diagnose: warning: not read: ${file}: document 1: line 7, column 1: Flow map in block collection must be sufficiently indented and end with a }\n`);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.loadErrors, [{ file, document: 1, message: 'line 7, column 1: Flow map in block collection must be sufficiently indented and end with a }' }]);
  assert.ok(j.findings.some((f: { check: string }) => f.check === 'pod/crash-loop'), 'the rest of the input is still checked');

  const allowed = await diagnoseFile(file, { allowPartial: true });
  assert.equal(allowed.code, 1, 'the crash loop is an error');
  assert.equal(allowed.stderr, r.stderr, 'still reported');
  assert.equal((await diagnoseFile(file, { allowPartial: true, failOn: 'never' })).code, 0);
  assert.equal((await diagnoseFile(file, { failOn: 'never' })).code, 3, '--fail-on never does not hide lost input');

  const text = await diagnoseFile(file, { output: 'text' });
  assert.match(text.stdout, /^INPUT NOT READ \(1 document: the findings below do not cover them\)\n  .*capture\.yaml: document 1: line 7, column 1: /m);
});

test('a clean input has an empty loadErrors list and never exits 3', async () => {
  const r = await diagnose(['pod/crash-loop.yaml'], { output: 'json' });
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout).loadErrors, []);
});
