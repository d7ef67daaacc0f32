import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sObject } from '../../src/model/types.js';
import type { StatefulSetAnalysis } from '../../src/model/statefulset.js';
import { statefulSetsView, MARKS } from '../../views/statefulsets.js';
import type { Line, ViewCtx } from '../../views/types.js';
import { fitCell, layoutColumns } from '../../views/widgets/layout.js';
import { fitMarker } from '../../views/common.js';
import { lineText, textWidth } from '../../views/widgets/text.js';
import { allViews } from '../../views/registry.js';
import { checks, run } from '../../diagnostics/statefulset.js';
import * as podArea from '../../diagnostics/pod.js';
import { findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import * as b from '../fixtures/statefulset/build.js';
import { KEYS, renderWithProviders } from './helpers.js';

const AREAS = [
  { area: 'pod' as const, checks: podArea.checks, run: podArea.run },
  { area: 'statefulset' as const, checks, run },
];

function ctxFor(objs: K8sObject[], o: { width?: number; noColor?: boolean; namespace?: string; findings?: boolean; forbidden?: b.StoreOpts['forbidden'] } = {}): ViewCtx {
  const store = b.makeStore(objs, { forbidden: o.forbidden });
  const ctx: ViewCtx = { store, now: b.NOW, width: o.width ?? 160, noColor: o.noColor ?? false, namespace: o.namespace };
  if (o.findings !== false) {
    const report = runDiagnostics(store, { now: b.NOW, graceMs: 5 * b.MIN, namespace: o.namespace, areas: AREAS });
    ctx.diagnostics = report;
    ctx.findingsFor = findingsIndex(report).findingsFor;
  }
  return ctx;
}

function rowOf(ctx: ViewCtx): StatefulSetAnalysis {
  const rows = statefulSetsView.rows(ctx);
  assert.equal(rows.length, 1);
  return rows[0]!;
}

function value(ctx: ViewCtx, id: string): string {
  const col = statefulSetsView.columns.find((c) => c.id === id);
  assert.ok(col, id);
  return col.value(rowOf(ctx), ctx);
}

function visible(ctx: ViewCtx): string[] {
  return layoutColumns(statefulSetsView.columns, statefulSetsView.rows(ctx), ctx, ctx.width).map((l) => l.col.id);
}

function text(lines: Line[]): string[] {
  return lines.map(lineText);
}

test('view identity: :sts with its aliases and the kinds it reads', () => {
  assert.equal(statefulSetsView.id, 'sts');
  assert.deepEqual(statefulSetsView.aliases, ['sts', 'statefulset', 'statefulsets']);
  assert.ok(statefulSetsView.kinds.includes('StatefulSet'));
  assert.equal(statefulSetsView.key(rowOf(ctxFor(b.healthy()))), 'shop/web');
  assert.equal(statefulSetsView.object!(rowOf(ctxFor(b.healthy())), ctxFor(b.healthy()))?.metadata.name, 'web');
});

test('list columns: the issue-4 set in order; POLICY and kubectl\'s CONTAINERS/IMAGES only in wide mode', () => {
  assert.deepEqual(
    statefulSetsView.columns.map((c) => c.header),
    ['NAMESPACE', 'NAME', 'READY', 'ORDINALS', 'UPDATE', 'POLICY', 'SERVICE', 'PVC', 'AGE', 'PROBLEMS', 'CONTAINERS', 'IMAGES'],
  );
  assert.deepEqual(statefulSetsView.columns.filter((c) => c.wide).map((c) => c.id), ['policy', 'containers', 'images']);
  const ctx = ctxFor(b.healthy(), { width: 300 });
  assert.equal(statefulSetsView.columns.find((c) => c.id === 'images')!.value(rowOf(ctx), ctx), b.IMAGE_NEW);
});

test('list values: READY, ORDINALS marks, UPDATE, POLICY, SERVICE, PVC, AGE, PROBLEMS', () => {
  const ctx = ctxFor(b.blockedAtOne());
  assert.equal(value(ctx, 'name'), 'web');
  assert.equal(value(ctx, 'ready'), '1/3');
  assert.equal(value(ctx, 'ordinals'), '●◐✗');
  assert.equal(value(ctx, 'update'), '2/3 6f7c');
  assert.equal(value(ctx, 'policy'), 'OrderedReady');
  assert.equal(value(ctx, 'service'), 'nginx');
  assert.equal(value(ctx, 'pvc'), '2/3');
  assert.equal(value(ctx, 'age'), '60m');
  // ordinal-blocked on the StatefulSet (the pod's own finding is on the pod).
  assert.equal(value(ctx, 'problems'), '1 error');
});

test('ORDINALS: distinct tones per state, ASCII fallback under NO_COLOR', () => {
  const col = statefulSetsView.columns.find((c) => c.id === 'ordinals')!;
  const color = ctxFor(b.blockedAtOne());
  const segs = col.cell!(rowOf(color), color);
  assert.deepEqual(segs.map((s) => [s.text, s.tone]), [
    ['●', 'ok'],
    ['◐', 'warn'],
    ['✗', 'error'],
  ]);
  const tones = Object.values(MARKS).map((m) => m.tone);
  assert.equal(new Set(tones.slice(0, 5)).size, 5, 'the five states have five tones');
  const plain = ctxFor(b.blockedAtOne(), { noColor: true });
  assert.equal(col.value(rowOf(plain), plain), 'Rr-');
  assert.ok(col.cell!(rowOf(plain), plain).every((s) => s.tone === undefined), 'no color under NO_COLOR');
  const scaling = ctxFor(b.scalingDown(), { noColor: true });
  assert.equal(col.value(rowOf(scaling), scaling), 'RRRT');
  const pending = ctxFor(b.pvcProvisioningFailed(), { noColor: true });
  assert.equal(col.value(rowOf(pending), pending), 'P');
  const unknown = ctxFor(b.healthy(), { noColor: true, forbidden: ['Pod'] });
  assert.equal(col.value(rowOf(unknown), unknown), '???');
});

test('ORDINALS: many replicas are counted, not drawn past the column', () => {
  const ctx = ctxFor(b.healthy({ replicas: 30 }), { noColor: true, findings: false });
  assert.equal(value(ctx, 'ordinals'), `${'R'.repeat(19)}+11`);
});

test('UPDATE: revisions, partition and OnDelete', () => {
  assert.equal(value(ctxFor(b.rolloutWithPartition()), 'update'), '2/3 5d9b→6f7c p=1');
  assert.equal(value(ctxFor(b.onDelete()), 'update'), '1/3 5d9b→6f7c OnDelete');
  assert.equal(value(ctxFor(b.healthy()), 'update'), '3/3 6f7c');
});

test('SERVICE marks missing, not headless, unreadable and none', () => {
  const noSvc = b.healthy().filter((o) => o.kind !== 'Service');
  assert.equal(value(ctxFor(noSvc), 'service'), 'nginx (missing)');
  assert.equal(value(ctxFor([...noSvc, b.service('nginx', { headless: false })]), 'service'), 'nginx (not headless)');
  assert.equal(value(ctxFor(noSvc, { forbidden: ['Service'] }), 'service'), 'nginx (?)');
  assert.equal(value(ctxFor(b.healthy({ serviceName: '' })), 'service'), '-');
  const svc = statefulSetsView.columns.find((c) => c.id === 'service')!;
  const c = ctxFor(noSvc);
  assert.equal(svc.tone!(rowOf(c), c), 'error');
});

test('columns drop by priority at 80 columns and all show at 200; wide mode adds POLICY, CONTAINERS, IMAGES', () => {
  const narrow = ctxFor(b.rolloutWithPartition(), { width: 80 });
  const ids80 = visible(narrow);
  for (const id of ['namespace', 'name', 'ready', 'ordinals', 'problems']) assert.ok(ids80.includes(id), `${id} at 80: ${ids80}`);
  assert.ok(!ids80.includes('policy'), `POLICY is a wide column: ${ids80}`);
  const laid = layoutColumns(statefulSetsView.columns, statefulSetsView.rows(narrow), narrow, 80);
  assert.ok(laid.reduce((n, l) => n + l.width, 0) + 2 * (laid.length - 1) <= 80);
  const wide = ctxFor(b.rolloutWithPartition(), { width: 200 });
  assert.deepEqual(visible(wide), ['namespace', 'name', 'ready', 'ordinals', 'update', 'service', 'pvc', 'age', 'problems']);
  const wideMode = { ...wide, wide: true };
  assert.deepEqual(visible(wideMode), ['namespace', 'name', 'ready', 'ordinals', 'update', 'policy', 'service', 'pvc', 'age', 'problems', 'containers', 'images']);
});

/** The SERVICE cell as drawn: the layout's width, cut the column's way. */
function drawnService(ctx: ViewCtx): string {
  const rows = statefulSetsView.rows(ctx);
  const laid = layoutColumns(statefulSetsView.columns, rows, ctx, ctx.width).find((l) => l.col.id === 'service');
  assert.ok(laid, `SERVICE shown at ${ctx.width}`);
  return fitCell(laid.col, laid.col.value(rows[0]!, ctx), laid.width);
}

test('SERVICE markers are never cut: the name before them is, at 80 columns; all of it shows at 200', () => {
  const longName = 'orders-postgres-primary-headless';
  const noSvc = b.healthy({ serviceName: longName }).filter((o) => o.kind !== 'Service');
  const notHeadless = [...noSvc, b.service(longName, { headless: false })];
  for (const [objs, marker] of [[noSvc, '(missing)'], [notHeadless, '(not headless)']] as const) {
    const at80 = drawnService(ctxFor(objs, { width: 80 }));
    assert.ok(at80.endsWith(`… ${marker}`) && at80.startsWith('or'), `the name is cut, never the marker: ${at80}`);
    assert.equal(drawnService(ctxFor(objs, { width: 200 })), `${longName} ${marker}`);
  }
  // The cut keeps the marker at any width, down to three columns of the name.
  assert.equal(fitMarker(`${longName} (selector!)`, 20), 'orders-… (selector!)');
  assert.equal(fitMarker(`${longName} (selector!)`, 0), 'or… (selector!)');
  assert.equal(fitMarker('nginx (selector!)', 30), 'nginx (selector!)');
  assert.equal(fitMarker('no marker here', 8), 'no mark…');
});

test('detail: header facts, the wait sentence, findings, ordinal table, events (160 columns)', () => {
  const ctx = ctxFor(b.rolloutWithPartition(), { width: 160 });
  const lines = statefulSetsView.detail!(rowOf(ctx), ctx);
  const t = text(lines);
  assert.equal(t[0], 'StatefulSet shop/web  created 2025-03-07 12:00:00 UTC (3d ago)');
  assert.ok(t.includes('Waiting on      rolling update: waiting for web-1 (on web-6f7c…) to become Ready; partition 1 then holds web-0 on web-5d9b…'));
  assert.ok(t.includes('Service         nginx (headless)'));
  assert.ok(t.includes('Update          RollingUpdate  partition 1  maxUnavailable 1 (default)'));
  assert.ok(t.includes('Revisions       current web-5d9b7c6f48 (revision 1) → update web-6f7c8d9b5 (revision 2)'));
  assert.ok(t.includes('Replicas        desired 3  current 1  updated 2  ready 2  available 2'));
  assert.ok(t.includes('Generation      observed 3 of 3'));
  assert.ok(t.includes('Claim retention whenDeleted Retain (default)  whenScaled Retain (default)'));
  assert.ok(t.includes('minReadySeconds 0 (default)'));
  assert.ok(t.includes('Claim template  www  1Gi ReadWriteOnce  class <unset> → standard (default)'));
  // Findings come before the table, with evidence and next steps.
  const problems = t.findIndex((l) => l.startsWith('Problems ('));
  const ordinals = t.indexOf('Ordinals');
  assert.ok(problems > 0 && problems < ordinals);
  assert.ok(t.some((l) => l.includes('statefulset/rollout-stuck  rolling update to web-6f7c… is stuck')));
  assert.ok(t.some((l) => l.includes('→ kubectl describe statefulset web -n shop')));
  // The ordinal table at 160 has every column, DNS included; each ordinal's claims follow it on lines of their own.
  assert.match(t[ordinals + 1]!, /^ {2}ORDINAL +POD \/ CLAIM +STATE +READY +REVISION +RESTARTS +DNS +NODE +IP/);
  assert.match(t[ordinals + 2]!, /^ {2}● 0 +web-0 +Running +1\/1 +5d9b current +0 +web-0\.nginx\.shop\.svc\.cluster\.local +node-a +10\.244\./);
  assert.match(t[ordinals + 3]!, /^ {12}└ www-web-0 +Bound 1Gi standard *$/);
  assert.match(t[ordinals + 4]!, /^ {2}◐ 1 +web-1 +Running, not ready +0\/1 +6f7c update +0 /);
  // Those lines stand for objects: the ordinal's pod, the claim.
  assert.deepEqual(lines[ordinals + 2]!.ref, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
  assert.deepEqual(lines[ordinals + 3]!.ref, { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'www-web-0' });
  assert.equal(lines[ordinals + 1]!.ref, undefined, 'the header is not selectable');
  assert.ok(t.includes('  DNS: web-1 not Ready, so not in DNS (the Service does not set publishNotReadyAddresses)'));
  // Events newest first, with their object.
  const ev = t.indexOf('Events');
  assert.match(t[ev + 1]!, /^ +4s +Warning +Unhealthy +pod\/web-1 +\(x236\) Readiness probe failed/);
  assert.match(t[ev + 2]!, /20m +Normal +SuccessfulCreate +statefulset\/web +create Pod web-1/);
  for (const l of lines) for (const s of l) assert.ok(!s.text.includes('\n'), 'segments are one line');
  for (const l of t.slice(ordinals + 1, ordinals + 5)) assert.ok(textWidth(l) <= 160, `table line fits 160: ${l}`);
  // Event lines open the object they are about.
  assert.deepEqual(lines[ev + 1]!.ref, { kind: 'Pod', namespace: 'shop', name: 'web-1' });
  assert.deepEqual(lines[ev + 2]!.ref, { kind: 'StatefulSet', namespace: 'shop', name: 'web' });
});

test('detail at 80 columns: the ordinal table keeps ordinal, pod, state, ready, revision, and the claims under each', () => {
  const ctx = ctxFor(b.rolloutWithPartition(), { width: 80 });
  const lines = statefulSetsView.detail!(rowOf(ctx), ctx);
  const t = text(lines);
  const ordinals = t.indexOf('Ordinals');
  assert.match(t[ordinals + 1]!, /^ {2}ORDINAL +POD \/ CLAIM +STATE +READY +REVISION +RESTARTS$/);
  assert.doesNotMatch(t[ordinals + 1]!, /DNS|NODE|IP/);
  assert.match(t[ordinals + 4]!, /^ {2}◐ 1 +web-1 +Running, not ready +0\/1 +6f7c update +0$/);
  assert.match(t[ordinals + 5]!, /^ +└ www-web-1 +Bound 1Gi standard/);
  assert.deepEqual(lines[ordinals + 5]!.ref, { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'www-web-1' });
  for (const l of t.slice(ordinals + 1, ordinals + 8)) assert.ok(textWidth(l) <= 80, `table line fits 80: ${l}`);
});

test('detail under NO_COLOR: ASCII marks in the table and the legend', () => {
  const ctx = ctxFor(b.blockedAtOne(), { width: 160, noColor: true });
  const lines = statefulSetsView.detail!(rowOf(ctx), ctx);
  const t = text(lines);
  const ordinals = t.indexOf('Ordinals');
  assert.match(t[ordinals + 2]!, /^ {2}R 0 +web-0 /);
  assert.match(t[ordinals + 3]!, /^ +`- www-web-0 +Bound 1Gi standard/);
  assert.match(t[ordinals + 4]!, /^ {2}r 1 +web-1 /);
  assert.match(t[ordinals + 6]!, /^ {2}- 2 +\(web-2\) +missing /);
  // Neither the missing pod nor its missing claim can be opened: no ref.
  assert.match(t[ordinals + 7]!, /^ +`- www-web-2 +missing/);
  assert.equal(lines[ordinals + 6]!.ref, undefined);
  assert.equal(lines[ordinals + 7]!.ref, undefined);
  assert.ok(t.some((l) => l.startsWith('  R ready  r running, not ready  P pending  T terminating  - missing')));
  assert.ok(t.includes('Waiting on      web-1 is not Ready (Running, not ready): web-2 will not be created until it is'));
  assert.ok(t.some((l) => l.includes('error') && l.includes('statefulset/ordinal-blocked')));
  assert.ok(t.some((l) => l.includes('caused by pod/readiness-failing on Pod/shop/web-1')));
});

test('detail: rows beyond the range and the claims left behind', () => {
  const ctx = ctxFor(b.scaledDown(), { width: 160 });
  const lines = statefulSetsView.detail!(rowOf(ctx), ctx);
  const t = text(lines);
  const ordinals = t.indexOf('Ordinals');
  assert.match(t[ordinals + 8]!, /^ {2}✗ 3\+ +\(web-3\) +beyond replicas, no pod +- +- +- +no pod/);
  assert.match(t[ordinals + 9]!, /^ +└ www-web-3 +Bound 10Gi standard/);
  assert.deepEqual(lines[ordinals + 9]!.ref, { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'www-web-3' });
  const left = t.findIndex((l) => l.startsWith('Claims beyond the range (2)'));
  assert.ok(left > ordinals);
  assert.match(t[left + 1]!, /^ {2}www-web-2 +Bound 10Gi +pvc-[0-9a-f-]+ +kept: whenScaled=Retain \(default\)$/);
  assert.deepEqual(lines[left + 1]!.ref, { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'www-web-2' });
  assert.ok(t.some((l) => l.includes('statefulset/orphaned-pvc')));
});

test('detail: ordinals.start and scale-down in progress', () => {
  const start = ctxFor(b.ordinalsStart());
  const ts = text(statefulSetsView.detail!(rowOf(start), start));
  // The fixture sets podManagementPolicy: OrderedReady, as the API server writes it: a value, not "(default)".
  assert.ok(ts.some((l) => l.startsWith('Policy          OrderedReady   ordinals 5..6  (ordinals.start 5; replicas 2)')), ts.join('\n'));
  const unsetObjs = b.ordinalsStart();
  delete (unsetObjs[0]!.spec as Record<string, unknown>).podManagementPolicy;
  const unset = ctxFor(unsetObjs);
  assert.ok(text(statefulSetsView.detail!(rowOf(unset), unset)).some((l) => l.startsWith('Policy          OrderedReady (default)   ordinals 5..6')), 'unset (a manifest): the default applies');
  const scaling = ctxFor(b.scalingDown());
  const tc = text(statefulSetsView.detail!(rowOf(scaling), scaling));
  assert.ok(tc.includes('Waiting on      scaling down to 2: web-3 terminating, then web-2'));
  assert.ok(tc.some((l) => /^ {2}✕ 3\+ +web-3 +Terminating, beyond replicas/.test(l)));
});

test('detail without a governing Service says why there is no DNS', () => {
  const ctx = ctxFor(b.healthy().filter((o) => o.kind !== 'Service'));
  const t = text(statefulSetsView.detail!(rowOf(ctx), ctx));
  assert.ok(t.includes('Service         nginx: not found'));
  assert.ok(t.includes('  no DNS: Service nginx not found'), t.join('\n'));
  assert.ok(!t.some((l) => l.includes('DNS: no DNS')), 'said once');
});

test('logTargets: the pods of the StatefulSet with their containers', () => {
  const ctx = ctxFor(b.blockedAtOne());
  assert.deepEqual(statefulSetsView.logTargets!(rowOf(ctx), ctx), [
    { namespace: 'shop', pod: 'web-0', containers: ['nginx'] },
    { namespace: 'shop', pod: 'web-1', containers: ['nginx'] },
  ]);
});

// ---------------------------------------------------------------- in the shell

function shell(objs: K8sObject[], columns: number) {
  const store = b.makeStore(objs);
  return renderWithProviders(store, {
    views: [statefulSetsView, ...allViews()],
    initialView: 'sts',
    fixedNow: b.NOW,
    columns,
    rows: 40,
    diagnose: (s, now, namespace) => runDiagnostics(s, { now, namespace, graceMs: 5 * b.MIN, areas: AREAS }),
  });
}

test('shell at 80 columns: the list with ASCII marks, then the detail', async () => {
  const ui = shell(b.blockedAtOne(), 80);
  try {
    // PROBLEMS appears once the diagnostics are done: wait for it, not for a time.
    const f = await ui.waitFor(/1 error/);
    assert.match(f, /NAMESPACE +NAM\S* +READY +ORDINALS +UPDATE +SERVICE +PVC +AGE +PROBLEMS/);
    assert.match(f, /shop +web +1\/3 +Rr- +2\/3 6f7c +nginx +2\/3 +60m +1 error/);
    assert.doesNotMatch(f, /POLICY/);
    for (const l of f.split('\n')) assert.ok(textWidth(l) <= 80, `fits 80: ${l}`);
    await ui.press(KEYS.enter);
    const d = await ui.waitFor((f) => [/StatefulSets > shop\/web/, /Waiting on +web-1 is not Ready/].every((re) => re.test(f)));
    assert.match(d, /statefulset\/ordinal-blocked +ordinal 1 \(web-1\)/);
  } finally {
    ui.unmount();
  }
});

test('shell at 200 columns: every list column but the wide-mode ones', async () => {
  const ui = shell(b.rolloutWithPartition(), 200);
  try {
    const f = await ui.waitFor(/1 warning/);
    assert.match(f, /NAMESPACE +NAM\S* +READY +ORDINALS +UPDATE +SERVICE +PVC +AGE +PROBLEMS/);
    assert.match(f, /shop +web +2\/3 +RrR +2\/3 5d9b->6f7c p=1 +nginx +3\/3 +3d +1 warning/);
    assert.doesNotMatch(f, /POLICY|IMAGES/);
  } finally {
    ui.unmount();
  }
});

test('shell at 80x24: the detail wraps what it says (Waiting on, the finding) under its label, and cuts only table rows', async () => {
  const store = b.makeStore(b.storageClassMissing());
  const ui = renderWithProviders(store, {
    initialView: 'sts',
    fixedNow: b.NOW,
    columns: 80,
    rows: 24,
    diagnose: (s, now, namespace) => runDiagnostics(s, { now, namespace, graceMs: 5 * b.MIN, areas: AREAS }),
  });
  try {
    await ui.waitFor(/\d error/);
    await ui.press(KEYS.enter);
    const f = await ui.waitFor(/Waiting on/);
    const rows = f.split('\n');
    for (const r of rows) assert.ok(textWidth(r) <= 80, `fits 80: ${r}`);
    // The sentence continues under its value (16 columns in), word for word, with no ellipsis.
    const at = rows.findIndex((r) => r.startsWith('Waiting on'));
    const sentence: string[] = [rows[at]!.slice(16)];
    for (let i = at + 1; rows[i]!.startsWith(' '.repeat(16)) && rows[i]!.trim(); i++) sentence.push(rows[i]!.trim());
    const waiting = sentence.join(' ');
    assert.ok(sentence.length > 1, `the sentence wraps:\n${f}`);
    assert.doesNotMatch(waiting, /…/);
    assert.match(waiting, /web-0 is not Ready .*waits for claim www-web-0 \(Pending; StorageClass fast does not exist\)/);
    // The finding's message too: its next rows under the check id.
    const heading = rows.findIndex((r) => /^ {2}error +statefulset\/storageclass-missing/.test(r));
    assert.ok(heading > 0, f);
    assert.match(rows[heading + 1]!, /^ {10}\S/, 'the message continues under the check id');
    assert.doesNotMatch(rows[heading]! + rows[heading + 1]!, /…/);
    // Table rows keep their columns and are cut, as before (w and ←/→ show the rest).
    await ui.press('G');
    const end = ui.frame();
    assert.match(end, /ORDINAL +POD \/ CLAIM +STATE/);
  } finally {
    ui.unmount();
  }
});
