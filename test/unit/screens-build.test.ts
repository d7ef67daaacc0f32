// A list screen in columnar form (src/screens/build.ts, where the data is)
// and its UI side (src/screens/model.ts): every view of the demo gives the
// rows, cells, tones, sort orders, text and label filters that the views'
// own functions give, and a rebuild after a change computes only what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClusterStore } from '../../src/cluster/store.js';
import { applySnapshot, chooseEvaluationTime, loadSnapshot } from '../../src/cluster/snapshot.js';
import { allViews, findView } from '../../views/registry.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { ListBuilder } from '../../src/screens/build.js';
import { ListModel } from '../../src/screens/model.js';
import { applyListWire, diffList } from '../../src/screens/server.js';
import { compareKeys, naturalKey } from '../../src/screens/columnar.js';
import type { ListData, ListRequest } from '../../src/screens/types.js';
import type { Finding } from '../../diagnostics/types.js';
import type { ViewCtx, ViewDef } from '../../views/types.js';
import { matchesSelector, parseSelector } from '../../src/model/labels.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(ROOT, 'examples/demo-cluster');

async function demo(): Promise<{ store: ClusterStore; now: number; ctx: (ns?: string) => ViewCtx }> {
  const store = new ClusterStore({ source: 'demo', path: DEMO });
  applySnapshot(store, await loadSnapshot(DEMO));
  const now = chooseEvaluationTime({ capturedAt: store.info.capturedAt }).now;
  const report = runDiagnostics(store, { now });
  const idx = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const k = `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
    idx.set(k, [...(idx.get(k) ?? []), f]);
  }
  const ctx = (ns?: string): ViewCtx => ({
    store,
    now,
    namespace: ns,
    width: 160,
    noColor: false,
    diagnostics: report,
    findingsFor: (k, n, name) => idx.get(`${k}/${n ?? ''}/${name}`) ?? [],
    contexts: [{ name: 'demo', current: true }, { name: 'other', cluster: 'c2', current: false }],
  });
  return { store, now, ctx };
}

function request(v: ViewDef, ns?: string, sortId = v.defaultSort, sortDesc = false): ListRequest {
  return { viewId: v.id, namespace: ns, sortId, sortDesc, width: 160, noColor: false, wide: false };
}

/** The order the views' own functions give: stable sort by the column's key. */
function expectedOrder(v: ViewDef, rows: unknown[], ctx: ViewCtx, sortId: string | undefined, desc: boolean): string[] {
  const col = v.columns.find((c) => c.id === sortId);
  const idx = rows.map((_, i) => i);
  if (col) {
    const key = (r: unknown) => {
      const k = col.sortValue ? col.sortValue(r, ctx) : col.value(r, ctx);
      return typeof k === 'number' ? k : naturalKey(k);
    };
    const keys = rows.map(key);
    idx.sort((a, b) => (desc ? -1 : 1) * compareKeys(keys[a]!, keys[b]!) || a - b);
  }
  return idx.map((i) => v.key(rows[i]!));
}

function shownKeys(m: ListModel): string[] {
  return Array.from({ length: m.count() }, (_, i) => m.keyAt(i)!);
}

test('every view of the demo: the same rows, cells, tones and rich cells as its own functions, in the same order', async () => {
  const { ctx } = await demo();
  let checked = 0;
  for (const v of allViews()) {
    for (const ns of [undefined, 'shop']) {
      const c = ctx(ns);
      const rows = v.rows(c);
      const data = new ListBuilder(v).build(c, request(v, ns), 1, false);
      assert.equal(data.n, rows.length, v.id);
      const m = new ListModel(v);
      m.setData(data);
      m.apply({ sortId: v.defaultSort, sortDesc: false, filter: '' });
      assert.deepEqual(shownKeys(m), expectedOrder(v, rows, c, v.defaultSort, false), `${v.id} order`);
      rows.forEach((r, i) => {
        assert.equal(m.keyAt(m.indexOfKey(v.key(r))), v.key(r));
        for (const col of v.columns) {
          const cell = m.cell(i, col.id);
          assert.equal(cell.value, col.value(r, c), `${v.id} ${v.key(r)} ${col.id}`);
          assert.equal(cell.tone, col.tone?.(r, c), `${v.id} ${v.key(r)} ${col.id} tone`);
          if (col.cell) assert.deepEqual(cell.segs, JSON.parse(JSON.stringify(col.cell(r, c))), `${v.id} ${col.id} segs`);
          checked++;
        }
      });
    }
  }
  assert.ok(checked > 2000, `cells checked: ${checked}`);
});

test('sorting by any column on the UI side gives the order the data side sends for that sort', async () => {
  const { ctx } = await demo();
  for (const id of ['pods', 'sts', 'svc', 'cj', 'jobs', 'events', 'diag']) {
    const v = findView(allViews(), id)!;
    const c = ctx();
    const rows = v.rows(c);
    const b = new ListBuilder(v);
    const m = new ListModel(v);
    m.setData(b.build(c, request(v), 1, false));
    for (const col of v.columns) {
      for (const desc of [false, true]) {
        m.apply({ sortId: col.id, sortDesc: desc, filter: '' });
        const local = shownKeys(m);
        assert.deepEqual(local, expectedOrder(v, rows, c, col.id, desc), `${id} by ${col.id}${desc ? ' desc' : ''}`);
        const sent = new ListModel(v);
        sent.setData(new ListBuilder(v).build(c, request(v, undefined, col.id, desc), 1, false));
        sent.apply({ sortId: col.id, sortDesc: desc, filter: '' });
        assert.deepEqual(shownKeys(sent), local);
      }
    }
  }
});

test('text filters match a column value case-insensitively, never across two cells; label selectors come from the data side', async () => {
  const { ctx } = await demo();
  const c = ctx();
  for (const id of ['pods', 'svc', 'events']) {
    const v = findView(allViews(), id)!;
    const rows = v.rows(c);
    const m = new ListModel(v);
    m.setData(new ListBuilder(v).build(c, request(v), 1, false));
    // The end of one cell and the start of the next: typed as one text, it matches no row.
    const r0 = rows[0]!;
    const spanning = `${v.columns[0]!.value(r0, c).slice(-3)}${v.columns[1]!.value(r0, c).slice(0, 3)}`;
    for (const needle of ['web', 'SHOP', 'crash', 'zk-', 'running', '1/1', spanning, 'no-such-text']) {
      m.apply({ sortId: v.defaultSort, sortDesc: false, filter: needle });
      const want = expectedOrder(v, rows, c, v.defaultSort, false).filter((k) => {
        const r = rows.find((x) => v.key(x) === k)!;
        return v.columns.some((col) => col.value(r, c).toLowerCase().includes(needle.trim().toLowerCase()));
      });
      assert.deepEqual(shownKeys(m), want, `${id} /${needle}`);
      if (needle !== spanning) assert.ok(needle === 'no-such-text' || want.length > 0 || id !== 'pods', `${id} /${needle} matches something`);
    }
  }
  const pods = findView(allViews(), 'pods')!;
  const rows = pods.rows(c);
  const m = new ListModel(pods);
  m.setData(new ListBuilder(pods).build(c, request(pods), 1, false));
  m.apply({ sortId: 'name', sortDesc: false, filter: '-l app=checkout' });
  assert.equal(m.pending, true, 'a selector waits for the data side');
  const withSel = new ListBuilder(pods).build(c, { ...request(pods), selector: 'app=checkout' }, 2, false);
  m.setData(withSel);
  m.apply({ sortId: 'name', sortDesc: false, filter: '-l app=checkout' });
  const sel = parseSelector('app=checkout');
  const want = expectedOrder(pods, rows, c, 'name', false).filter((k) => matchesSelector(sel, rows.find((r) => pods.key(r) === k)!.metadata.labels));
  assert.ok(want.length > 0);
  assert.deepEqual(shownKeys(m), want);
  m.setData(new ListBuilder(pods).build(c, { ...request(pods), selector: 'app in (' }, 3, false));
  m.apply({ sortId: 'name', sortDesc: false, filter: '-l app in (' });
  assert.match(m.filterError ?? '', /./, 'a bad selector says why');
});

test('a rebuild after an update computes the changed row only, sends the columns that changed, and equals a fresh build', async () => {
  const { store, ctx } = await demo();
  const v = findView(allViews(), 'pods')!;
  const b = new ListBuilder(v);
  const first = b.build(ctx(), request(v), 1, false);
  assert.equal(b.computed, first.n);
  const again = b.build(ctx(), request(v), 2, false);
  assert.equal(b.computed, 0);
  assert.equal(diffList(first, again), undefined, 'nothing changed: nothing to send');
  // An annotation changes: a new object, the same cells.
  const pod = store.list('Pod')[0]!;
  store.upsert('Pod', { ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata.annotations, touched: '1' } } });
  const third = b.build(ctx(), request(v), 3, false);
  assert.equal(b.computed, 1);
  assert.equal(diffList(again, third), undefined, 'no cell changed: nothing to send');
  // A status change: only the affected columns go out.
  const p2 = store.list('Pod').find((p) => p.status?.phase === 'Running')!;
  store.upsert('Pod', { ...p2, status: { ...p2.status, phase: 'Failed', containerStatuses: [] } });
  const fourth = b.build(ctx(), request(v), 4, false);
  assert.equal(b.computed, 1);
  const wire = diffList(third, fourth)!;
  assert.ok(wire.columns.some((c) => c?.id === 'status'));
  assert.ok(wire.columns.filter((c) => c !== null).length < v.columns.length);
  assert.equal(wire.keys, undefined);
  const applied = applyListWire(third, wire)!;
  const fresh = new ListBuilder(v).build(ctx(), request(v), 4, false);
  assertSameList(applied, fresh);
});

test('cells that read the clock follow it; the others are not computed again', async () => {
  const { ctx, now } = await demo();
  const v = findView(allViews(), 'pods')!;
  const b = new ListBuilder(v);
  const at = (t: number) => ({ ...ctx(), now: t });
  b.build(at(now), request(v), 1, true);
  const later = b.build(at(now + 3 * 86_400_000), request(v), 2, true);
  assert.equal(b.computed, 0);
  assertSameList(later, new ListBuilder(v).build(at(now + 3 * 86_400_000), request(v), 2, true));
});

test('a cell reading another kind is computed again when that kind changes', async () => {
  const { store, ctx } = await demo();
  // PVC STORAGECLASS: its tone says whether the class exists.
  const v = findView(allViews(), 'pvc')!;
  const b = new ListBuilder(v);
  const req = request(v);
  b.build(ctx(), req, 1, false);
  const sc = store.list('StorageClass')[0]!;
  store.remove('StorageClass', sc);
  const after = b.build(ctx(), req, 2, false);
  assertSameList(after, new ListBuilder(v).build(ctx(), req, 2, false));
});

function assertSameList(a: ListData, b: ListData): void {
  assert.equal(a.n, b.n);
  assert.equal(a.keys.text, b.keys.text);
  assert.deepEqual(Array.from(a.order), Array.from(b.order));
  assert.deepEqual(Array.from(a.flags), Array.from(b.flags));
  a.columns.forEach((c, i) => {
    const d = b.columns[i]!;
    assert.equal(c.values.text, d.values.text, c.id);
    assert.deepEqual(c.tones && Array.from(c.tones), d.tones && Array.from(d.tones), `${c.id} tones`);
    assert.equal(c.cells?.text, d.cells?.text, `${c.id} cells`);
  });
}
