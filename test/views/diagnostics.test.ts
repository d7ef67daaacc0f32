// :diag as pure functions: rows, columns at 80 and 160, detail lines,
// findingLines for other views, Enter opening the object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsView, diagFindings, diagnosticsSummary, findingLines, objectLabel } from '../../views/diagnostics.js';
import { findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import type { ViewCtx } from '../../views/types.js';
import { layoutColumns } from '../../views/widgets/layout.js';
import { lineText, textWidth } from '../../views/widgets/text.js';
import { at, loadStore } from '../fixtures/diag/load.js';

const NOW = at('2026-03-10T12:00:00Z');
const FILES = ['diag/snapshot-info.yaml', 'pod/readiness.yaml', 'pod/probe-port.yaml', 'pod/crash-loop.yaml', 'pod/unschedulable.yaml', 'diag/web-sts.yaml'];

function ctxFor(o: { width?: number; namespace?: string; withReport?: boolean } = {}): ViewCtx {
  const store = loadStore(FILES);
  const ctx: ViewCtx = { store, now: NOW, width: o.width ?? 160, noColor: false, namespace: o.namespace };
  if (o.withReport !== false) {
    const report = runDiagnostics(store, { now: NOW });
    ctx.diagnostics = report;
    ctx.findingsFor = findingsIndex(report).findingsFor;
  }
  return ctx;
}

const cell = (ctx: ViewCtx, id: string, i: number) => diagnosticsView.columns.find((c) => c.id === id)!.value(diagnosticsView.rows(ctx)[i]!, ctx);

test('identity: :diag with aliases; namespaced; no kind gate (unreadable kinds are findings themselves)', () => {
  assert.equal(diagnosticsView.id, 'diag');
  assert.ok(diagnosticsView.aliases.includes('diagnostics'));
  assert.deepEqual(diagnosticsView.kinds, []);
  assert.deepEqual(diagnosticsView.columns.map((c) => c.header), ['SEVERITY', 'CHECK', 'OBJECT', 'MESSAGE']);
});

test('rows: the report\'s findings, grouped by severity then object; columns name them', () => {
  const ctx = ctxFor();
  const rows = diagnosticsView.rows(ctx);
  assert.equal(rows, ctx.diagnostics!.findings);
  const sev = rows.map((_, i) => cell(ctx, 'severity', i));
  assert.deepEqual(sev, [...sev].sort((a, b) => ['ERROR', 'WARN', 'INFO'].indexOf(a) - ['ERROR', 'WARN', 'INFO'].indexOf(b)));
  const i = rows.findIndex((f) => f.check === 'pod/readiness-failing' && f.object.name === 'web-0');
  assert.equal(cell(ctx, 'severity', i), 'ERROR');
  assert.equal(cell(ctx, 'check', i), 'pod/readiness-failing');
  assert.equal(cell(ctx, 'object', i), 'Pod/shop/web-0');
  assert.match(cell(ctx, 'message', i), /^container web is running but not ready for 40m/);
  assert.equal(diagnosticsView.columns[0]!.tone!(rows[i]!, ctx), 'error');
  assert.equal(new Set(rows.map(diagnosticsView.key)).size, rows.length, 'keys are unique');
});

test('rows without a shell report: computed from the store; namespace scope applies', () => {
  const ctx = ctxFor({ withReport: false });
  assert.ok(diagFindings(ctx).some((f) => f.object.name === 'db-2'));
  assert.equal(diagFindings(ctxFor({ withReport: false, namespace: 'other' })).filter((f) => f.object.namespace).length, 0);
  // a whole-cluster report seen from one namespace
  const scoped = ctxFor({ namespace: 'elsewhere' });
  assert.deepEqual(diagnosticsView.rows(scoped).filter((f) => f.object.namespace !== undefined), []);
  assert.match(diagnosticsSummary(ctx), /^\d+ errors?, \d+ warnings?, \d+ info on \d+ objects?/);
});

test('columns: at 80 the check id gives way to the message; at 160 all four, messages get the room', () => {
  for (const width of [80, 160]) {
    const ctx = ctxFor({ width });
    const rows = diagnosticsView.rows(ctx);
    const laid = layoutColumns(diagnosticsView.columns, rows, ctx, width);
    assert.deepEqual(laid.map((l) => l.col.id), width === 80 ? ['severity', 'object', 'message'] : ['severity', 'check', 'object', 'message'], `width ${width}`);
    const total = laid.reduce((n, l) => n + l.width, 0) + 2 * (laid.length - 1);
    assert.ok(total <= width, `width ${width}: ${total}`);
    const msg = laid.find((l) => l.col.id === 'message')!.width;
    if (width === 80) assert.ok(msg >= 40, `message ${msg}`);
    else assert.ok(msg >= 60, `message ${msg}`);
    for (const r of rows) for (const c of diagnosticsView.columns) assert.ok(!c.value(r, ctx).includes('\n'));
  }
});

test('detail: message, evidence, next steps, related findings with their severity, design notes', () => {
  const ctx = ctxFor();
  const f = diagnosticsView.rows(ctx).find((x) => x.check === 'pod/readiness-failing' && x.object.name === 'web-0')!;
  const lines = diagnosticsView.detail!(f, ctx).map(lineText);
  assert.equal(lines[0], 'ERROR  pod/readiness-failing  Pod/shop/web-0');
  assert.ok(lines.includes(f.message));
  const ev = lines.indexOf('Evidence');
  const ns = lines.indexOf('Next steps');
  const rel = lines.indexOf('Related');
  assert.ok(ev > 0 && ns > ev && rel > ns);
  assert.ok(lines.some((l) => l.startsWith('  · event Unhealthy ×238')));
  assert.ok(lines.includes('  → kubectl describe pod web-0 -n shop'));
  assert.ok(lines.some((l) => /^ {2}WARN {2}service\/some-endpoints-not-ready on Service\/shop\/nginx: /.test(l)));
  assert.ok(lines.some((l) => l.startsWith('Design notes: StatefulSet')));
  for (const l of diagnosticsView.detail!(f, ctx)) for (const s of l) assert.ok(!s.text.includes('\n'));
});

test('Enter opens the object the finding is about; access/partial (no object) opens nothing', () => {
  const ctx = ctxFor();
  const f = diagnosticsView.rows(ctx).find((x) => x.object.name === 'db-2')!;
  assert.deepEqual(diagnosticsView.enter!(f, ctx), { type: 'openObject', kind: 'Pod', namespace: 'shop', name: 'db-2' });
  assert.equal(diagnosticsView.object!(f, ctx)?.metadata.uid, '1c3e5a7c-9e1b-4d3f-95a7-c9e1b3d5f7a4');
  const acc = { check: 'access/partial', severity: 'info' as const, object: { kind: 'Resource', name: 'services' }, message: '', evidence: [], nextSteps: [] };
  assert.equal(diagnosticsView.enter!(acc, ctx), undefined);
  assert.equal(objectLabel(acc.object), 'Resource/services');
});

test('findingLines: a Problems block for the top of any detail view; nothing when clean', () => {
  const ctx = ctxFor();
  assert.deepEqual(findingLines([]), []);
  const fs = ctx.findingsFor!('Pod', 'shop', 'cache-0');
  const lines = findingLines(fs);
  const t = lines.map(lineText);
  assert.equal(t[0], 'Problems (2)');
  assert.match(t[1]!, /^ {2}ERROR pod\/probe-port-unresolved {2}container redis: readinessProbe uses port "redis"/);
  assert.ok(t.some((l) => l === '      → kubectl describe pod cache-0 -n shop'));
  assert.ok(t.some((l) => l === '      related: pod/readiness-failing on Pod/shop/cache-0'));
  assert.equal(t[t.length - 1], '');
  // severity is a word, so it reads without color; and it carries a tone for color
  const sevSeg = lines[1]!.find((s) => s.text.trim() === 'ERROR')!;
  assert.equal(sevSeg.tone, 'error');
  assert.ok(textWidth(t[1]!) > 0);
});
