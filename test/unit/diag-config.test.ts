// .k8stui.yaml: parsing, lookup order, malformed files, globs, durations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, defaultConfigPaths, excludedBy, globMatch, ignoredByAnnotation, loadConfig, parseConfig, parseDuration, severityOverride } from '../../diagnostics/config.js';
import { catalog } from '../../diagnostics/catalog.js';
import type { Finding } from '../../diagnostics/types.js';

const IDS = catalog().map((c) => c.id);
const f = (check: string, namespace: string | undefined, name: string, kind = 'Pod'): Finding => ({ check, severity: 'error', object: { kind, namespace, name }, message: '', evidence: [], nextSteps: [] });

test('a full config: grace period, exclude rules (mapping, lists, shorthand), severity overrides', () => {
  const c = parseConfig(
    [
      'gracePeriod: 1h30m',
      'exclude:',
      '  - check: statefulset/probes-missing',
      '    namespace: kube-*',
      '  - check: [pod/crash-loop, pod/image-pull-failing]',
      '    name: legacy-*',
      '    kind: Pod',
      '  - pod/unschedulable',
      'severity:',
      '  pod/crash-loop: warning',
      '  "pod/*": info',
    ].join('\n'),
    '/repo/.k8stui.yaml',
    IDS,
  );
  assert.equal(c.graceMs, 90 * 60_000);
  assert.equal(c.exclude.length, 3);
  assert.ok(excludedBy(c, f('statefulset/probes-missing', 'kube-system', 'coredns', 'StatefulSet')));
  assert.equal(excludedBy(c, f('statefulset/probes-missing', 'shop', 'web', 'StatefulSet')), undefined);
  assert.ok(excludedBy(c, f('pod/crash-loop', 'shop', 'legacy-api-1')));
  assert.equal(excludedBy(c, f('pod/crash-loop', 'shop', 'legacy-api-1', 'Job')), undefined);
  assert.equal(excludedBy(c, f('pod/crash-loop', 'shop', 'api-1')), undefined);
  assert.ok(excludedBy(c, f('pod/unschedulable', 'any', 'thing')));
  // exact id beats a glob, whatever the order
  assert.equal(severityOverride(c, 'pod/crash-loop'), 'warning');
  assert.equal(severityOverride(c, 'pod/liveness-failing'), 'info');
  assert.equal(severityOverride(c, 'service/no-matching-pods'), undefined);
  assert.deepEqual(c.warnings, []);
});

test('malformed configs fail with one line naming the file and the cause', () => {
  const cases: [string, RegExp][] = [
    ['exclude: [unclosed', /^bad\.yaml: malformed YAML: /],
    ['- a\n- b\n', /^bad\.yaml: expected a mapping/],
    ['gracePeriod: soon', /^bad\.yaml: gracePeriod: expected a duration like 90s, 5m or 1h30m, got "soon"/],
    ['exclude:\n  - {}\n', /^bad\.yaml: exclude\[0\]: an empty rule would suppress everything/],
    ['exclude:\n  - checks: pod/crash-loop\n    nmespace: x\n', /^bad\.yaml: exclude\[0\]: unknown field "nmespace"/],
    ['exclude:\n  - check: pod/crashloop\n', /^bad\.yaml: exclude\[0\]\.check: unknown check id pod\/crashloop/],
    ['exclude: pod/crash-loop\n', /^bad\.yaml: exclude: expected a list/],
    ['severity:\n  pod/crash-loop: fatal\n', /^bad\.yaml: severity\.pod\/crash-loop: expected error, warning or info, got "fatal"/],
    ['severity:\n  pod/nope: info\n', /^bad\.yaml: severity: unknown check id pod\/nope/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseConfig(text, 'bad.yaml', IDS), (e: unknown) => e instanceof ConfigError && re.test(e.message) && !e.message.includes('\n'), text);
  }
});

test('an empty file is an empty config; unknown top-level keys are warnings, not errors', () => {
  assert.deepEqual(parseConfig('', 'e.yaml').exclude, []);
  const c = parseConfig('theme: dark\n', 'w.yaml');
  assert.deepEqual(c.warnings, ['w.yaml: unknown key "theme" ignored']);
});

test('lookup: --config must exist; else ./.k8stui.yaml, then $XDG_CONFIG_HOME/k8stui/config.yaml (or ~/.config)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'k8stui-cfg-'));
  const cwd = path.join(root, 'work');
  const home = path.join(root, 'home');
  const xdg = path.join(root, 'xdg');
  for (const d of [cwd, path.join(home, '.config', 'k8stui'), path.join(xdg, 'k8stui')]) mkdirSync(d, { recursive: true });
  assert.deepEqual(defaultConfigPaths({ cwd, home, env: {} }), [path.join(cwd, '.k8stui.yaml'), path.join(home, '.config', 'k8stui', 'config.yaml')]);
  assert.deepEqual(defaultConfigPaths({ cwd, home, env: { XDG_CONFIG_HOME: xdg } })[1], path.join(xdg, 'k8stui', 'config.yaml'));
  // nothing anywhere: empty config
  assert.equal(loadConfig({ cwd, home, env: {} }).file, undefined);
  writeFileSync(path.join(home, '.config', 'k8stui', 'config.yaml'), 'gracePeriod: 2m\n');
  assert.equal(loadConfig({ cwd, home, env: {} }).graceMs, 120_000);
  writeFileSync(path.join(xdg, 'k8stui', 'config.yaml'), 'gracePeriod: 3m\n');
  assert.equal(loadConfig({ cwd, home, env: { XDG_CONFIG_HOME: xdg } }).graceMs, 180_000);
  writeFileSync(path.join(cwd, '.k8stui.yaml'), 'gracePeriod: 4m\n');
  const local = loadConfig({ cwd, home, env: { XDG_CONFIG_HOME: xdg } });
  assert.equal(local.graceMs, 240_000);
  assert.equal(local.file, path.join(cwd, '.k8stui.yaml'));
  const explicit = path.join(root, 'ci.yaml');
  writeFileSync(explicit, 'gracePeriod: 600\n');
  assert.equal(loadConfig({ path: explicit, cwd, home, env: {} }).graceMs, 600_000);
  assert.throws(() => loadConfig({ path: path.join(root, 'missing.yaml'), cwd }), /missing\.yaml: no such file$/);
  writeFileSync(path.join(cwd, '.k8stui.yaml'), 'severity: [1, 2]\n');
  assert.throws(() => loadConfig({ cwd, home, env: {} }), (e: unknown) => e instanceof ConfigError && e.message.startsWith(path.join(cwd, '.k8stui.yaml')));
});

test('globs, durations and the ignore annotation', () => {
  assert.ok(globMatch('kube-*', 'kube-system'));
  assert.ok(!globMatch('kube-*', 'my-kube-system'));
  assert.ok(globMatch('web-?', 'web-1'));
  assert.ok(!globMatch('web-?', 'web-10'));
  assert.ok(globMatch('a.b', 'a.b'));
  assert.ok(!globMatch('a.b', 'axb'));
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration(30), 30_000);
  assert.equal(parseDuration(''), undefined);
  assert.equal(parseDuration('5 minutes'), undefined);
  assert.ok(ignoredByAnnotation({ 'k8stui.dev/ignore': 'pod/crash-loop, service/*' }, 'service/no-matching-pods'));
  assert.ok(ignoredByAnnotation({ 'k8stui.dev/ignore': 'pod/crash-loop,service/*' }, 'pod/crash-loop'));
  assert.ok(!ignoredByAnnotation({ 'k8stui.dev/ignore': 'pod/crash-loop' }, 'pod/crash-loop-x'));
  assert.ok(!ignoredByAnnotation(undefined, 'pod/crash-loop'));
});
