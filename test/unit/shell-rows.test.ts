// The list's row model at scale: work per key and per refresh is bounded by
// what changed and by one screen of rows, never by every row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowModel, naturalKey, LAYOUT_SAMPLE } from '../../src/app/rows.js';
import { ClusterStore } from '../../src/cluster/store.js';
import type { ViewCtx, ViewDef } from '../../views/types.js';

interface Row {
  metadata: { name: string; namespace: string; labels: Record<string, string>; creationTimestamp: string };
  restarts: number;
}

const NOW = Date.parse('2026-11-20T10:30:00Z');

function rows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    metadata: { name: `web-${i}`, namespace: i % 2 ? 'shop' : 'db', labels: { app: i % 3 ? 'web' : 'cache' }, creationTimestamp: new Date(NOW - i * 60_000).toISOString() },
    restarts: (i * 7) % 13,
  }));
}

/** A view over a mutable array, counting calls to its value functions. */
function fixture(data: { rows: Row[] }) {
  const calls = { name: 0, age: 0, restarts: 0 };
  const view: ViewDef<Row> = {
    id: 't',
    title: 'Things',
    aliases: ['t'],
    kinds: [],
    namespaced: true,
    columns: [
      { id: 'name', header: 'NAME', priority: 0, value: (r) => (calls.name++, r.metadata.name) },
      { id: 'restarts', header: 'RESTARTS', priority: 1, value: (r) => (calls.restarts++, String(r.restarts)), sortValue: (r) => r.restarts },
      {
        id: 'age',
        header: 'AGE',
        priority: 2,
        value: (r, ctx) => (calls.age++, `${Math.round((ctx.now - Date.parse(r.metadata.creationTimestamp)) / 60000)}m`),
        sortValue: (r, ctx) => ctx.now - Date.parse(r.metadata.creationTimestamp),
      },
    ],
    rows: () => data.rows,
    key: (r) => `${r.metadata.namespace}/${r.metadata.name}`,
    object: (r) => ({ kind: 'Pod', metadata: r.metadata }) as never,
  };
  return { view, calls };
}

function ctxAt(now: number): ViewCtx {
  return { store: new ClusterStore({ source: 'snapshot' }), now, width: 100, noColor: true };
}

const names = (m: RowModel<Row>) => Array.from({ length: m.count() }, (_, i) => m.rowAt(i).metadata.name);

test('natural sort keys: web-2 before web-10, case-insensitive', () => {
  const sorted = ['web-10', 'Web-2', 'web-1', 'api'].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : 1));
  assert.deepEqual(sorted, ['api', 'web-1', 'Web-2', 'web-10']);
});

test('sort by name (natural), by a numeric key, reversed; the selection key is found in O(1) after one index', () => {
  const data = { rows: rows(12) };
  const { view } = fixture(data);
  const m = new RowModel(view);
  m.sync(ctxAt(NOW), { sortId: 'name', sortDesc: false, filter: '' }, false);
  assert.deepEqual(names(m).slice(0, 4), ['web-0', 'web-1', 'web-2', 'web-3']);
  assert.equal(names(m)[11], 'web-11');
  m.sync(ctxAt(NOW), { sortId: 'restarts', sortDesc: true, filter: '' }, false);
  const r = Array.from({ length: m.count() }, (_, i) => m.rowAt(i).restarts);
  assert.deepEqual(r, [...r].sort((a, b) => b - a));
  assert.equal(m.keyAt(m.indexOfKey('shop/web-5')), 'shop/web-5');
  assert.equal(m.indexOfKey('nope/x'), -1);
});

test('a refresh after one object changed recomputes that row only; an unchanged list costs nothing', () => {
  const data = { rows: rows(1000) };
  const { view, calls } = fixture(data);
  const m = new RowModel(view);
  const q = { sortId: 'restarts', sortDesc: false, filter: '' };
  m.sync(ctxAt(NOW), q, false);
  assert.equal(calls.restarts, 0, 'sortValue is used, not value');
  const builds = m.rebuilds;
  assert.equal(m.sync(ctxAt(NOW), q, false), false, 'same rows, same query: nothing to do');
  assert.equal(m.rebuilds, builds);
  // The store replaces a changed object: a new array with one new object.
  const next = [...data.rows];
  next[500] = { ...next[500]!, restarts: 99 };
  data.rows = next;
  let sortCalls = 0;
  const col = view.columns[1]!;
  const orig = col.sortValue!;
  col.sortValue = (r, c) => (sortCalls++, orig(r, c));
  m.sync(ctxAt(NOW), q, false);
  assert.equal(sortCalls, 1, 'only the changed row gets a new sort key');
  assert.equal(m.rowAt(m.count() - 1).metadata.name, 'web-500');
});

test('a clock-dependent sort column (age) is re-sorted on the refresh at most once a second; others never for the clock', () => {
  const data = { rows: rows(50) };
  const { view } = fixture(data);
  const m = new RowModel(view);
  m.sync(ctxAt(NOW), { sortId: 'age', sortDesc: false, filter: '' }, true);
  const b0 = m.rebuilds;
  m.sync(ctxAt(NOW + 300), { sortId: 'age', sortDesc: false, filter: '' }, true);
  assert.equal(m.rebuilds, b0, 'less than a second later: no re-sort');
  m.sync(ctxAt(NOW + 1500), { sortId: 'age', sortDesc: false, filter: '' }, true);
  assert.equal(m.rebuilds, b0 + 1, 'a second later: re-sorted');
  const byName = new RowModel(view);
  byName.sync(ctxAt(NOW), { sortId: 'name', sortDesc: false, filter: '' }, true);
  const b1 = byName.rebuilds;
  byName.sync(ctxAt(NOW + 60_000), { sortId: 'name', sortDesc: false, filter: '' }, true);
  assert.equal(byName.rebuilds, b1, 'a name sort does not move with the clock');
});

test('filter: substring over every column, narrowed as characters are typed; label selectors; a bad selector is reported', () => {
  const data = { rows: rows(300) };
  const { view, calls } = fixture(data);
  const m = new RowModel(view);
  const ctx = ctxAt(NOW);
  m.sync(ctx, { sortId: 'name', sortDesc: false, filter: '' }, false);
  const sorted = calls.name;
  while (m.warm(ctx, 50));
  const after = calls.name;
  assert.equal(after - sorted, 300, 'filter texts computed once per row, in idle slices');
  for (const f of ['w', 'we', 'web', 'web-', 'web-1', 'web-12']) m.sync(ctx, { sortId: 'name', sortDesc: false, filter: f }, false);
  assert.equal(calls.name, after, 'typing reuses the texts');
  assert.deepEqual(names(m), ['web-12', 'web-120', 'web-121', 'web-122', 'web-123', 'web-124', 'web-125', 'web-126', 'web-127', 'web-128', 'web-129']);
  m.sync(ctx, { sortId: 'name', sortDesc: false, filter: '-l app=cache' }, false);
  assert.equal(m.count(), 100);
  assert.ok(names(m).every((n) => Number(n.slice(4)) % 3 === 0));
  m.sync(ctx, { sortId: 'name', sortDesc: false, filter: '-l app in (' }, false);
  assert.ok(m.filterError, 'a selector that does not parse says why');
  assert.equal(m.count(), 300, 'and filters nothing');
});

test('a screen draws only its rows; column widths come from a bounded sample and stay put while filtering', () => {
  const data = { rows: rows(10_000) };
  const { view, calls } = fixture(data);
  const m = new RowModel(view);
  const ctx = ctxAt(NOW);
  m.sync(ctx, { sortId: 'restarts', sortDesc: false, filter: '' }, false);
  const before = calls.name + calls.age + calls.restarts;
  const laid = m.layout(view.columns, ctx, 100);
  const used = calls.name + calls.age + calls.restarts - before;
  assert.ok(used <= LAYOUT_SAMPLE * view.columns.length, `layout read ${used} values for 10,000 rows`);
  assert.equal(m.visible(40, 20).length, 20);
  assert.equal(m.visible(9_990, 20).length, 10);
  m.sync(ctx, { sortId: 'restarts', sortDesc: false, filter: 'web-99' }, false);
  assert.equal(m.layout(view.columns, ctx, 100), laid, 'same layout object while a filter is typed');
});
