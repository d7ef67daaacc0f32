// The command line as users and scripts meet it: exit codes and one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = path.resolve('bin/k8stui.js');
const EMPTY_HOME = mkdtempSync(path.join(tmpdir(), 'k8stui-home-'));

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: EMPTY_HOME, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', NO_COLOR: '1', ...env },
    timeout: 30000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLineError(stderr: string) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return lines[0]!;
}

test('--version and --help exit 0', () => {
  const v = run(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  const h = run(['--help']);
  assert.equal(h.code, 0);
  for (const flag of ['--kubeconfig', '--context', '--namespace', '--all-namespaces', '--snapshot', '--demo', '--now', '--view', '--cluster-domain', '--debug']) assert.ok(h.stdout.includes(flag), flag);
  for (const sub of ['snapshot', 'diagnose', 'schedule']) assert.ok(h.stdout.includes(sub), sub);
  const dh = run(['diagnose', '--help']);
  assert.equal(dh.code, 0);
  assert.match(dh.stdout, /--fail-on/);
});

test('the dashboard without a terminal points at diagnose and snapshot save, exit 2', () => {
  const r = run(['--demo']);
  assert.equal(r.code, 2);
  assert.match(oneLineError(r.stderr), /needs a terminal.*k8stui diagnose.*snapshot save/);
});

test('unusable input: one line naming the cause, exit 2', () => {
  const bad = path.join(mkdtempSync(path.join(tmpdir(), 'k8stui-cfg-')), 'config');
  writeFileSync(bad, 'clusters: [\n');
  const cases: [string[], RegExp][] = [
    [['diagnose'], /no kubeconfig found \(looked at .*\); try --demo/],
    [['diagnose', '--kubeconfig', '/nonexistent/kubeconfig'], /kubeconfig \/nonexistent\/kubeconfig: no such file/],
    [['diagnose', '--kubeconfig', bad], new RegExp(`kubeconfig ${bad}: invalid YAML`)],
    [['diagnose', '--snapshot', '/nonexistent/snap'], /snapshot \/nonexistent\/snap: no such file or directory/],
    [['diagnose', '--demo', '--now', 'yesterday'], /invalid --now "yesterday"/],
    [['diagnose', '--demo', '--snapshot', 'x'], /--demo and --snapshot cannot be used together/],
    [['diagnose', '--demo', '--check', 'no/such-check'], /no\/such-check/],
    [['--bogus-flag'], /unknown option '--bogus-flag'/],
    [['diagnose', '--demo', '-o', 'xml'], /xml/],
  ];
  for (const [args, re] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
    assert.match(oneLineError(r.stderr), re, args.join(' '));
  }
});

test('--debug adds the stack trace', () => {
  const r = run(['diagnose', '--snapshot', '/nonexistent/snap', '--debug']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\n\s+at /);
});

test('diagnose on the demo: JSON report, exit 1 because errors exist, 0 with --fail-on never', () => {
  const r = run(['diagnose', '--demo', '-o', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.apiVersion, 'k8stui.dev/v1');
  assert.equal(report.kind, 'DiagnosticsReport');
  assert.equal(report.evaluatedAt, '2026-11-20T10:30:00.000Z', 'a snapshot is evaluated at its capture time');
  assert.ok(report.summary.error > 0);
  assert.ok(report.findings.some((f: { check: string; object: { name: string } }) => f.check === 'statefulset/service-missing'));
  assert.equal(run(['diagnose', '--demo', '--fail-on', 'never']).code, 0);
  const later = JSON.parse(run(['diagnose', '--demo', '-o', 'json', '--now', '2026-11-21T10:30:00Z']).stdout);
  assert.equal(later.evaluatedAt, '2026-11-21T10:30:00.000Z', '--now overrides the capture time');
});

test('issue 8: diagnose on a capture with a broken document warns on stderr (file, document, cause), reports loadErrors, exits 3; --allow-partial exits by findings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8stui-partial-'));
  const file = path.join(dir, 'capture.yaml');
  const svc = (name: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}spec:\n  clusterIP: 10.96.0.12\n  ports:\n  - port: 80\n`;
  writeFileSync(file, `${svc('web', '  labels: {app: web\n')}---\n${svc('api')}`);
  const r = run(['diagnose', '--snapshot', file, '-o', 'json', '--now', '2026-11-20T10:30:00Z']);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stderr, `k8stui diagnose: warning: not read: ${file}: document 1: line 7, column 1: Flow map in block collection must be sufficiently indented and end with a }\n`);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.loadErrors, [{ file, document: 1, message: 'line 7, column 1: Flow map in block collection must be sufficiently indented and end with a }' }]);
  const ok = run(['diagnose', '--snapshot', file, '--allow-partial', '--now', '2026-11-20T10:30:00Z']);
  assert.equal(ok.code, 0, `only the selectorless Service api without EndpointSlices (a warning) remains: ${ok.stdout}`);
  assert.match(ok.stdout, /INPUT NOT READ/);
});

test('diagnose on the demo in every format: yaml, sarif, junit; exit 1 (errors exist), 0 with --exit-zero; --help states the exit codes', () => {
  const y = run(['diagnose', '--demo', '-o', 'yaml']);
  assert.equal(y.code, 1, y.stderr);
  assert.match(y.stdout, /^apiVersion: k8stui\.dev\/v1\nkind: DiagnosticsReport\n/);
  const s = run(['diagnose', '--demo', '-o', 'sarif', '--exit-zero']);
  assert.equal(s.code, 0, s.stderr);
  const log = JSON.parse(s.stdout);
  assert.equal(log.version, '2.1.0');
  assert.match(log.runs[0].tool.driver.version, /^\d+\.\d+\.\d+/);
  assert.ok(log.runs[0].results.length > 40);
  const j = run(['diagnose', '--demo', '-o', 'junit', '--fail-on', 'warning']);
  assert.equal(j.code, 1);
  assert.match(j.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="k8stui diagnose" tests="\d+" failures="\d+"/);
  assert.match(j.stdout, /<testcase classname="batch\.CronJob" name="CronJob\/batch\/daily-backup" time="0"\/>/, 'a healthy object is a passing testcase');
  assert.equal(y.stderr + s.stderr + j.stderr, '', 'nothing on stderr for a readable input');
  const h = run(['diagnose', '--help']);
  assert.match(h.stdout, /--exit-zero/);
  assert.match(h.stdout, /--allow-partial/);
  assert.match(h.stdout, /Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage error or unreadable input; 3 partial input/);
});

test('schedule prints next runs, or the API server\'s error with exit 2', () => {
  const ok = run(['schedule', '0 2 * * *', '--tz', 'Asia/Shanghai', '--from', '2026-11-20T00:00:00Z', '-n', '2', '-o', 'json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { schedule: '0 2 * * *', timeZone: 'Asia/Shanghai', next: ['2026-11-20T18:00:00Z', '2026-11-21T18:00:00Z'] });
  const bad = run(['schedule', '0 0 * * 7']);
  assert.equal(bad.code, 2);
  assert.match(bad.stdout + bad.stderr, /above maximum \(6\)/);
});
