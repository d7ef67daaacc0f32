// Report formats: JSON shape exactly as issue 5; text grouped by severity and object, color only when asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { formatJson, formatText } from '../../diagnostics/report.js';
import { at, loadStore } from '../fixtures/diag/load.js';

const NOW = at('2026-03-10T12:00:00Z');
const report = () => runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'pod/readiness.yaml', 'pod/probe-port.yaml', 'pod/crash-loop.yaml', 'diag/web-sts.yaml']), { now: NOW });

test('json: the documented shape, key for key', () => {
  const j = JSON.parse(formatJson(report()));
  assert.deepEqual(Object.keys(j), ['apiVersion', 'kind', 'source', 'evaluatedAt', 'summary', 'loadErrors', 'findings']);
  assert.deepEqual(j.loadErrors, []);
  assert.equal(j.apiVersion, 'k8stui.dev/v1');
  assert.equal(j.kind, 'DiagnosticsReport');
  assert.equal(j.evaluatedAt, '2026-03-10T12:00:00.000Z');
  assert.deepEqual(Object.keys(j.summary), ['error', 'warning', 'info', 'suppressed', 'objects', 'rootCauses']);
  assert.deepEqual(j.summary.rootCauses, { error: 3, warning: 0, info: 1 });
  assert.equal(j.source.type, 'snapshot');
  assert.equal(j.source.context, 'kind-shop');
  assert.equal(j.source.namespace, null);
  assert.ok(j.findings.length >= 4);
  for (const f of j.findings) {
    const keys = Object.keys(f);
    assert.deepEqual(keys.slice(0, 7), ['check', 'severity', 'object', 'message', 'evidence', 'nextSteps', 'doc']);
    assert.deepEqual(keys.slice(7).filter((k) => k !== 'related'), f.rootCause ? ['rootCause'] : ['rootCause', 'causedBy']);
    assert.equal(typeof f.rootCause, 'boolean');
    assert.deepEqual(Object.keys(f.object), ['kind', 'namespace', 'name']);
    assert.ok(Array.isArray(f.evidence) && Array.isArray(f.nextSteps));
  }
  const web0 = j.findings.find((f: any) => f.check === 'pod/readiness-failing' && f.object.name === 'web-0');
  assert.deepEqual(web0.object, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
  assert.equal(web0.severity, 'error');
  assert.ok(web0.related.some((r: any) => r.object.kind === 'Service'));
  const crash = j.findings.find((f: any) => f.check === 'pod/crash-loop');
  assert.equal(crash.doc, null);
  assert.equal(j.summary.error, j.findings.filter((f: any) => f.severity === 'error').length);
});

test('text: root causes first, grouped by severity then object, each with evidence, next steps and doc, the findings it explains folded under it; no color unless asked', () => {
  const out = formatText(report(), { color: false });
  assert.ok(!out.includes('\x1b'));
  const lines = out.split('\n');
  assert.match(lines[0]!, /^k8stui diagnose: snapshot, .*context kind-shop, all namespaces; evaluated at 2026-03-10T12:00:00\.000Z$/);
  assert.equal(lines[1], '4 errors, 1 warning, 1 info on 5 objects; 4 root causes (3 errors, 0 warnings, 1 info)');
  const e = lines.indexOf('error: 3 root causes (5 findings)');
  const w = lines.findIndex((l) => /^warning: /.test(l));
  const i = lines.indexOf('info: 1 root cause');
  assert.ok(e > 0 && w < 0 && i > e, 'the warning is an effect, folded under its root cause');
  // one object heading for cache-0's two findings: the probe's port explains the readiness failure
  assert.equal(lines.filter((l) => l === '  Pod shop/cache-0').length, 1);
  const cache = lines.indexOf('  Pod shop/cache-0');
  assert.match(lines[cache + 1]!, /^ {4}pod\/probe-port-unresolved: container redis: readinessProbe uses port "redis"/);
  const expl = lines.indexOf('      explains 1 more finding:', cache);
  assert.ok(expl > cache);
  assert.match(lines[expl + 1]!, /^ {8}error {3}pod\/readiness-failing on Pod shop\/cache-0: container redis is running but not ready/);
  assert.match(lines[expl + 2]!, /^ {16}· spec\.containers\{redis\}: running since/);
  const start = lines.indexOf('  Pod shop/web-0');
  const block = lines.slice(start, start + 16).join('\n');
  assert.match(block, /^    pod\/readiness-failing: container web is running but not ready for 40m/m);
  assert.match(block, /^      · event Unhealthy ×238/m);
  assert.match(block, /^      → kubectl describe pod web-0 -n shop$/m);
  assert.match(block, /^      design notes: StatefulSet/m);
  assert.match(block, /^      explains 1 more finding:\n {8}warning service\/some-endpoints-not-ready on Service shop\/nginx: 1 of 3 endpoints ready/m);
  assert.doesNotMatch(block, /related: service\/some-endpoints-not-ready/, 'an effect is not repeated as a related finding');
  // The crash loop explains nothing here.
  const worker = lines.indexOf('  Pod shop/worker-5d7c9b8f4-q9w2e');
  assert.ok(worker > start && !lines.slice(worker, i).some((l) => l.includes('explains')));
});

test('text: colored when asked (TTY, NO_COLOR unset), and a clean report says so', () => {
  const colored = formatText(report(), { color: true });
  assert.match(colored, /\x1b\[1m\x1b\[31merror: /);
  const empty = runDiagnostics(loadStore(['diag/snapshot-info.yaml', 'pod/liveness.yaml']), { now: NOW, checks: ['pod/crash-loop'] });
  const out = formatText(empty, { color: false });
  assert.match(out, /^0 errors, 0 warnings, 0 info on 0 objects$/m);
  assert.match(out, /^No findings\.$/m);
});
