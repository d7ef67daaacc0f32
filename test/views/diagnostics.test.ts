// :diag as pure functions: rows, columns at 80 and 160, detail lines,
// findingLines for other views; in the shell, Enter opening the finding and
// its object line opening the object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsView, diagFindings, diagnosticsSummary, findingLines, objectLabel } from '../../views/diagnostics.js';
import { findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import type { ViewCtx } from '../../views/types.js';
import { layoutColumns } from '../../views/widgets/layout.js';
import { lineText, textWidth } from '../../views/widgets/text.js';
import { at, loadStore } from '../fixtures/diag/load.js';
import { KEYS, renderWithProviders } from './helpers.js';

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

test('rows: the report\'s findings, root causes first with what they explain under them (marked ↳); columns name them', () => {
  const ctx = ctxFor();
  const rows = diagnosticsView.rows(ctx);
  assert.equal(rows, ctx.diagnostics!.findings);
  const i = rows.findIndex((f) => f.check === 'pod/readiness-failing' && f.object.name === 'web-0');
  assert.equal(cell(ctx, 'severity', i), 'error');
  assert.equal(cell(ctx, 'check', i), 'pod/readiness-failing');
  assert.equal(cell(ctx, 'object', i), 'Pod/shop/web-0');
  assert.match(cell(ctx, 'message', i), /^container web is running but not ready for 40m/);
  assert.equal(diagnosticsView.columns[0]!.tone!(rows[i]!, ctx), 'error');
  // The Service whose endpoint web-0 is comes right under it, marked as explained.
  assert.equal(rows[i + 1]!.check, 'service/some-endpoints-not-ready');
  assert.equal(cell(ctx, 'severity', i + 1), '↳ warning');
  assert.equal(cell({ ...ctx, noColor: true }, 'severity', i + 1), '`- warning', 'ASCII under NO_COLOR');
  // Every severity word is error, warning or info; every ↳ row follows its root cause's group.
  for (const [k, f] of rows.entries()) {
    assert.match(cell(ctx, 'severity', k), /^(↳ )?(error|warning|info)$/);
    if (f.rootCause === false) assert.ok(rows.slice(0, k).some((r) => r.rootCause && f.causedBy!.some((c) => c.check === r.check && c.object.name === r.object.name)));
  }
  assert.equal(new Set(rows.map(diagnosticsView.key)).size, rows.length, 'keys are unique');
});

test('rows without a shell report: computed from the store; namespace scope applies', () => {
  const ctx = ctxFor({ withReport: false });
  assert.ok(diagFindings(ctx).some((f) => f.object.name === 'db-2'));
  assert.equal(diagFindings(ctxFor({ withReport: false, namespace: 'other' })).filter((f) => f.object.namespace).length, 0);
  // a whole-cluster report seen from one namespace
  const scoped = ctxFor({ namespace: 'elsewhere' });
  assert.deepEqual(diagnosticsView.rows(scoped).filter((f) => f.object.namespace !== undefined), []);
  assert.match(diagnosticsSummary(ctx), /^\d+ errors?, \d+ warnings?, \d+ info on \d+ objects?; \d+ root causes? \(/);
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

test('detail: the object (selectable), message, evidence, next steps on lines of their own (wrapped), what it explains, design notes', () => {
  const ctx = ctxFor();
  const f = diagnosticsView.rows(ctx).find((x) => x.check === 'pod/readiness-failing' && x.object.name === 'web-0')!;
  const detail = diagnosticsView.detail!(f, ctx);
  const lines = detail.map(lineText);
  assert.equal(lines[0], 'error  pod/readiness-failing  Pod/shop/web-0');
  assert.deepEqual(detail[0]!.ref, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
  assert.ok(lines.includes(f.message));
  const ev = lines.indexOf('Evidence');
  const ns = lines.indexOf('Next steps');
  const ex = lines.indexOf('Explains (1)');
  assert.ok(ev > 0 && ns > ev && ex > ns, lines.join('\n'));
  assert.equal(lines.indexOf('Root cause'), -1, 'a root cause has none');
  assert.ok(lines.some((l) => l.startsWith('  · event Unhealthy ×238')));
  const step = lines.indexOf('  → kubectl describe pod web-0 -n shop');
  assert.ok(step > ns);
  for (let k = ns + 1; k < ns + 1 + f.nextSteps.length; k++) assert.equal(detail[k]!.wrap, true, `next step ${lines[k]} is wrapped, never cut`);
  assert.match(lines[ex + 1]!, /^ {2}↳ warning service\/some-endpoints-not-ready on Service\/shop\/nginx: 1 of 3 endpoints ready/);
  assert.deepEqual(detail[ex + 1]!.ref, { kind: 'Service', namespace: 'shop', name: 'nginx' });
  assert.equal(lines.indexOf('Related'), -1, 'what it explains is not repeated as related');
  assert.ok(lines.some((l) => l.startsWith('Design notes: StatefulSet')));
  for (const l of detail) for (const s of l) assert.ok(!s.text.includes('\n'));

  // The Service's detail names its root cause first, selectable.
  const svc = diagnosticsView.rows(ctx).find((x) => x.check === 'service/some-endpoints-not-ready')!;
  const sd = diagnosticsView.detail!(svc, ctx);
  const st = sd.map(lineText);
  const rc = st.indexOf('Root cause');
  assert.ok(rc > 0 && rc < st.indexOf('Evidence'));
  assert.match(st[rc + 1]!, /^ {2}error {3}pod\/readiness-failing on Pod\/shop\/web-0: container web is running but not ready/);
  assert.deepEqual(sd[rc + 1]!.ref, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
});

test('Enter opens the finding (no enter action); its object line is selectable, so the shell opens the object from there; access/partial has a detail too', () => {
  const ctx = ctxFor();
  assert.equal(diagnosticsView.enter, undefined, 'Enter opens the detail, not the object');
  const f = diagnosticsView.rows(ctx).find((x) => x.object.name === 'db-2')!;
  assert.equal(diagnosticsView.object!(f, ctx)?.metadata.uid, '1c3e5a7c-9e1b-4d3f-95a7-c9e1b3d5f7a4', 'y/e on the row act on the object');
  assert.equal(diagnosticsView.key(f), `${f.check} on Pod/shop/db-2`, 'the key reads as the detail title');
  const acc = { check: 'access/partial', severity: 'info' as const, object: { kind: 'Resource', name: 'services' }, message: 'services could not be listed', evidence: [], nextSteps: ['kubectl auth can-i list services -A'] };
  const d = diagnosticsView.detail!(acc, ctx);
  assert.equal(lineText(d[0]!), 'info  access/partial  Resource/services');
  assert.equal(d[0]!.ref, undefined, 'no object line for a kind k8stui does not read');
  assert.ok(d.map(lineText).includes('  (none recorded)'));
  assert.equal(objectLabel(acc.object), 'Resource/services');
});

test('shell: Enter on a :diag row shows the finding (message, evidence, next steps, design notes); j selects its object line and Enter opens the object; Esc comes back', async (t) => {
  const store = loadStore(FILES);
  const ui = renderWithProviders(store, { initialView: 'diag', columns: 160, rows: 50, fixedNow: NOW, diagnose: (s, now, ns) => runDiagnostics(s, { now, namespace: ns }) });
  t.after(() => ui.unmount());
  await ui.settle();
  await ui.waitFor(/pod\/readiness-failing/);
  await ui.press('/');
  await ui.type('web-0');
  await ui.press(KEYS.enter);
  let f = await ui.waitFor((x) => /error +pod\/readiness-failing +Pod\/shop\/web-0/.test(x) && !/Pod\/shop\/cache-0/.test(x));
  await ui.press(KEYS.enter);
  f = await ui.waitFor(/Diagnostics > pod\/readiness-failing on Pod\/shop\/web-0/);
  assert.match(f, /^ ?error  pod\/readiness-failing  Pod\/shop\/web-0/m, 'nothing selected when the detail opens');
  for (const heading of ['Evidence', 'Next steps', 'Explains (1)']) assert.ok(f.split('\n').some((l) => l.trimEnd() === heading), `${heading} shown`);
  assert.match(f, /-> kubectl describe pod web-0 -n shop/, 'next steps (ASCII marks: the test shell runs with NO_COLOR)');
  assert.match(f, /Design notes: StatefulSet/);
  await ui.press('j');
  f = await ui.waitFor(/^ ?>error  pod\/readiness-failing  Pod\/shop\/web-0/m);
  await ui.press(KEYS.enter);
  f = await ui.waitFor(/Pods > shop\/web-0/);
  assert.doesNotMatch(f, /Next steps/, 'the pod detail, not the finding');
  await ui.press(KEYS.escape);
  f = await ui.waitFor(/Diagnostics > pod\/readiness-failing on Pod\/shop\/web-0/);
  assert.match(f, /^ ?>error  pod\/readiness-failing  Pod\/shop\/web-0/m, 'back on the finding, cursor where it was');
});

test('findingLines: a Problems block for the top of any detail view, root causes first with what they explain folded under them; nothing when clean', () => {
  const ctx = ctxFor();
  assert.deepEqual(findingLines([]), []);
  const fs = ctx.findingsFor!('Pod', 'shop', 'cache-0');
  const lines = findingLines(fs);
  const t = lines.map(lineText);
  assert.equal(t[0], 'Problems (2, 1 root cause)');
  assert.match(t[1]!, /^ {2}error {3}pod\/probe-port-unresolved {2}container redis: readinessProbe uses port "redis"/);
  assert.deepEqual(lines[1]!.ref, { kind: 'Pod', namespace: 'shop', name: 'cache-0' }, "the finding's line stands for its object");
  const step = t.indexOf('      → kubectl describe pod cache-0 -n shop');
  assert.ok(step > 1);
  assert.equal(lines[step]!.wrap, true, 'a next step is on a line of its own, wrapped, never cut');
  const eff = t.findIndex((l) => l.startsWith('    ↳ error   pod/readiness-failing  container redis is running but not ready'));
  assert.ok(eff > step, t.join('\n'));
  assert.deepEqual(lines[eff]!.ref, { kind: 'Pod', namespace: 'shop', name: 'cache-0' });
  assert.ok(!t.some((l) => l.includes('related: pod/readiness-failing')), 'the effect is folded, not listed as related');
  assert.equal(t[t.length - 1], '');
  // severity is a word, so it reads without color; and it carries a tone for color
  const sevSeg = lines[1]!.find((s) => s.text.trim() === 'error')!;
  assert.equal(sevSeg.tone, 'error');
  assert.ok(textWidth(t[1]!) > 0);
  // NO_COLOR: ASCII marks only
  const ascii = findingLines(fs, { noColor: true }).map(lineText);
  assert.ok(ascii.some((l) => l.startsWith('    `- error   pod/readiness-failing')), ascii.join('\n'));
  assert.ok(ascii.includes('      -> kubectl describe pod cache-0 -n shop'));
  assert.ok(ascii.some((l) => l.startsWith('      - spec.containers{redis}.readinessProbe')));
  for (const l of ascii) assert.doesNotMatch(l.replace(/[^\x00-\x7f]/g, (ch) => (/[·→↳]/.test(ch) ? ch : '')), /[·→↳]/, `a mark without its ASCII form: ${l}`);
});

test('findingLines: a finding whose root cause is on another object says so first, on a line that opens that object', () => {
  const ctx = ctxFor();
  const fs = ctx.findingsFor!('Service', 'shop', 'nginx');
  assert.deepEqual(fs.map((f) => f.check), ['service/some-endpoints-not-ready']);
  const lines = findingLines(fs);
  const t = lines.map(lineText);
  assert.equal(t[0], 'Problems (1, caused elsewhere)');
  assert.match(t[1]!, /^ {2}warning service\/some-endpoints-not-ready {2}1 of 3 endpoints ready/);
  assert.equal(t[2], '      caused by pod/readiness-failing on Pod/shop/web-0');
  assert.deepEqual(lines[2]!.ref, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
});
