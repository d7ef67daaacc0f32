// The layout rules on their own: wide-only columns, a column's fit and the
// floor it reserves, middle cuts, empty columns, priorities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterStore } from '../../src/cluster/store.js';
import type { Column, ViewCtx } from '../../views/types.js';
import { cutMiddle, fitCell, layoutColumns } from '../../views/widgets/layout.js';
import { fitList, fitMarker, fitProblems, fitTokens, problemsText } from '../../views/common.js';
import { fitRestarts, podsView } from '../../views/pods.js';

interface Row {
  name: string;
  status: string;
  note: string;
  extra: string;
}

const ctx = (width: number, wide = false): ViewCtx => ({ store: new ClusterStore({ source: 'snapshot' }), now: 0, width, noColor: true, wide });

const cols: Column<Row>[] = [
  { id: 'name', header: 'NAME', priority: 0, minWidth: 12, fit: cutMiddle, value: (r) => r.name },
  { id: 'status', header: 'STATUS', priority: 0, fit: fitMarker, value: (r) => r.status },
  { id: 'note', header: 'NOTE', priority: 2, value: (r) => r.note },
  { id: 'extra', header: 'EXTRA', priority: 4, wide: true, value: (r) => r.extra },
];
const rows: Row[] = [
  { name: 'warehouse-inventory-reconciliation-29551740', status: 'orders-postgres-primary-headless (not headless)', note: '', extra: 'x'.repeat(30) },
  { name: 'warehouse-inventory-reconciliation-29551800', status: 'ok', note: '', extra: 'y' },
];

test('wide columns show only in wide mode, and are not dropped there just to avoid a cut', () => {
  assert.deepEqual(layoutColumns(cols, rows, ctx(300), 300).map((l) => l.col.id), ['name', 'status', 'note']);
  assert.deepEqual(layoutColumns(cols, rows, ctx(300, true), 300).map((l) => l.col.id), ['name', 'status', 'note', 'extra']);
  // 110 columns in wide mode: EXTRA stays (the other columns shrink) rather than being dropped as optional.
  assert.ok(layoutColumns(cols, rows, ctx(110, true), 110).some((l) => l.col.id === 'extra'));
});

test("a column's fit reserves its floor: the marker is never cut; a column with nothing in it goes first", () => {
  const laid = layoutColumns(cols, rows, ctx(40), 40);
  assert.deepEqual(laid.map((l) => l.col.id), ['name', 'status'], 'NOTE is empty in every row: dropped before anything is cut');
  const status = laid.find((l) => l.col.id === 'status')!;
  assert.ok(status.width >= 'or… (not headless)'.length, `the floor of the marker: ${status.width}`);
  assert.ok(fitCell(status.col, rows[0]!.status, status.width).endsWith('… (not headless)'));
  const name = laid.find((l) => l.col.id === 'name')!;
  const cells = rows.map((r) => fitCell(name.col, r.name, name.width));
  assert.notEqual(cells[0], cells[1], 'the middle cut keeps the ends apart');
  assert.ok(cells[0]!.endsWith('740') && cells[1]!.endsWith('800'));
});

test('cuts: middle, marker, whole words, list items, severities', () => {
  assert.equal(cutMiddle('daily-backup-29551740', 16), 'daily-b…29551740');
  assert.equal(cutMiddle('short', 16), 'short');
  assert.equal(cutMiddle('数据库备份任务-29551740', 12), '数据…551740');
  assert.equal(fitMarker('db-headless (missing)', 14), 'db-… (missing)');
  assert.equal(fitMarker('db-headless (missing)', 30), 'db-headless (missing)');
  assert.equal(fitTokens('2/3 5d9b→6f7c p=1', 10), '2/3');
  assert.equal(fitTokens('2/3 5d9b→6f7c p=1', 13), '2/3 5d9b→6f7c');
  assert.equal(fitList('MemoryPressure, DiskPressure, PIDPressure', 30), 'MemoryPressure +2');
  assert.equal(fitList('MemoryPressure, DiskPressure, PIDPressure', 32), 'MemoryPressure, DiskPressure +1');
  assert.equal(problemsText([{ severity: 'warning' }, { severity: 'error' }, { severity: 'error' }, { severity: 'info' }]), '2 error, 1 warning');
  assert.equal(problemsText([{ severity: 'info' }, { severity: 'info' }]), '2 info');
  assert.equal(problemsText([]), '');
  assert.equal(fitProblems('2 error, 1 warning', 12), '2 error');
  assert.equal(fitProblems('2 error, 1 warning', 0), '2 error');
  assert.equal(fitProblems('2 error, 1 warning', 30), '2 error, 1 warning');
});

test("RESTARTS keeps kubectl's `7 (41s ago)` where it fits, else the count alone, never a cut `7 (41s …`", () => {
  const restarts = podsView.columns.find((c) => c.id === 'restarts')!;
  assert.equal(fitCell(restarts, '7 (41s ago)', 11), '7 (41s ago)');
  assert.equal(fitCell(restarts, '7 (41s ago)', 9), '7');
  assert.equal(fitCell(restarts, '12 (3d4h ago)', 8), '12');
  assert.equal(fitRestarts('0', 0), '0', 'the floor the layout reserves is the count');
});
