// Where the data is: a list screen's rows and every cell of every row, in
// columnar form (src/screens/types.ts), computed by the views' own functions.
//
// Kept cheap at tens of thousands of rows and a stream of updates:
// - each row's cells are cached by the row object (the store makes a new
//   object for every update), so after a change only changed rows are
//   computed again;
// - the cache holds while the kinds the cells read (tracked through the
//   store: list, get, status, memoized derivations) and the context they
//   read (namespace, width, colour, wide mode, the diagnostics report) stay
//   the same; a cell that read the clock (ages) is computed again when the
//   second moves, the others never for the clock.
import type { KindName } from '../cluster/kinds.js';
import type { Column, ViewCtx, ViewDef } from '../../views/types.js';
import { matchesSelector, parseSelector } from '../model/labels.js';
import { asciiMarks } from '../../views/widgets/marks.js';
import { naturalKey, sortKeysOf, sortOrder, stringsOf, type SortKey } from './columnar.js';
import { ROW_OBJECT, ROW_POD, TONES, type ColumnData, type ListData, type ListRequest } from './types.js';

/** A row's cells as last computed. Kept small: tens of thousands of rows each hold one. */
interface RowEntry {
  key: string;
  vals: string[];
  /** Tones of the columns that have one, 3 bits each (TONES index), in column order. */
  tones: number;
  /** Rich cells (JSON), for the columns that have them, in column order. */
  cells?: string[];
  /** Own sort keys, for the columns that have them, in column order. */
  sorts?: SortKey[];
  /** The natural-sort key of column natCol (the sort column), made when sorted by it. */
  nat?: string;
  natCol?: number;
  /** Columns whose cell read the clock (bit j = column j; columns past 30 always count as such). */
  clock: number;
  flags: number;
}

/** Where each column's tone, rich cell and own sort key sit in a RowEntry. */
interface Slots {
  tone: Int8Array;
  cell: Int8Array;
  sort: Int8Array;
  cells: number;
  sorts: number;
}

function slotsOf(cols: Column<unknown>[]): Slots {
  const tone = new Int8Array(cols.length).fill(-1);
  const cell = new Int8Array(cols.length).fill(-1);
  const sort = new Int8Array(cols.length).fill(-1);
  let t = 0;
  let c = 0;
  let so = 0;
  cols.forEach((col, j) => {
    // Ten tones fit in a number (3 bits each); a view with more keeps the rest toneless (none has).
    if (col.tone && t < 10) tone[j] = t++;
    if (col.cell) cell[j] = c++;
    if (col.sortValue) sort[j] = so++;
  });
  return { tone, cell, sort, cells: c, sorts: so };
}

const toneOf = (e: RowEntry, slot: number) => (slot < 0 ? 0 : (e.tones >>> (slot * 3)) & 7);

const TONE_INDEX = new Map<string | undefined, number>(TONES.map((t, i) => [t, i]));

/** One copy of each short cell value ("Running", "1/1", "0") instead of one per row. */
class Values {
  private m = new Map<string, string>();
  get(s: string): string {
    if (s.length > 24) return s;
    const hit = this.m.get(s);
    if (hit !== undefined) return hit;
    if (this.m.size >= 50_000) this.m.clear();
    this.m.set(s, s);
    return s;
  }
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identity(o: object | undefined): number {
  if (!o) return 0;
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = nextIdentity++));
  return id;
}

export class ListBuilder<R = unknown> {
  private objects = new WeakMap<object, RowEntry>();
  private others = new Map<unknown, RowEntry>();
  private epoch = '';
  private deps = new Set<KindName>();
  private depSig = '';
  private lastSecond = NaN;
  private values = new Values();
  private slots: Slots;
  /** Rows computed in the last build (tests and the bench read it). */
  computed = 0;

  constructor(readonly view: ViewDef<R>) {
    this.slots = slotsOf(view.columns as Column<unknown>[]);
  }

  private reset(): void {
    this.objects = new WeakMap();
    this.others = new Map();
    this.deps = new Set();
    this.prev = undefined;
    this.values = new Values();
  }

  private depSignature(ctx: ViewCtx): string {
    const store = ctx.store;
    let s = '';
    // Read outside any tracking: the signature is not a dependency.
    for (const k of [...this.deps].sort()) s += `${k}:${store.kindVersionOf(k)},`;
    return s;
  }

  /** What the last build produced, to reuse every column, the keys and the order that did not change. */
  private prev?: { rows: readonly unknown[]; entries: RowEntry[]; data: ListData; sortId?: string; sortDesc: boolean };

  /**
   * The list for this request, every row and column. `clockMoves`: ages follow
   * the clock (live; a snapshot's evaluation time is fixed).
   */
  build(ctx: ViewCtx, req: ListRequest, seq: number, clockMoves: boolean): ListData {
    const view = this.view;
    const cols = view.columns;
    const epoch = `${req.namespace ?? ''}|${req.noColor}|${req.width}|${req.wide}|${identity(ctx.diagnostics)}|${ctx.contexts ? JSON.stringify(ctx.contexts) : ''}|${identity(ctx.store.info)}`;
    let fresh = false;
    if (epoch !== this.epoch || this.depSignature(ctx) !== this.depSig) {
      this.epoch = epoch;
      this.reset();
      fresh = true;
    }
    const second = Math.floor(ctx.now / 1000);
    const clockMoved = clockMoves && second !== this.lastSecond;
    this.lastSecond = second;

    const rows = view.rows(ctx);
    const n = rows.length;
    const prev = fresh ? undefined : this.prev;
    const prevRows = prev && prev.rows.length === n ? prev.rows : undefined;
    const entries = new Array<RowEntry>(n);
    // Columns with a value, tone, cell or sort key that differs from the last build at some row.
    const dirty = new Uint8Array(cols.length);
    let keysDirty = !prevRows;
    let flagsDirty = !prevRows;
    if (!prevRows) dirty.fill(1);
    let clockRead = false;
    const tctx = { ...ctx } as ViewCtx;
    Object.defineProperty(tctx, 'now', {
      enumerable: true,
      get() {
        clockRead = true;
        return ctx.now;
      },
    });
    const sl = this.slots;
    const values = this.values;
    const ascii = ctx.noColor;
    const computeCell = (e: RowEntry, r: R, j: number, c: Column<R>) => {
      clockRead = false;
      // Under NO_COLOR the text marks the views and the model wrote (`80→8080`, a cut `web-6f7c…`) are ASCII.
      e.vals[j] = values.get(ascii ? asciiMarks(c.value(r, tctx)) : c.value(r, tctx));
      if (sl.tone[j]! >= 0) {
        const shift = sl.tone[j]! * 3;
        e.tones = (e.tones & ~(7 << shift)) | ((TONE_INDEX.get(c.tone!(r, tctx)) ?? 0) << shift);
      }
      if (sl.cell[j]! >= 0) {
        const segs = c.cell!(r, tctx);
        e.cells![sl.cell[j]!] = values.get(JSON.stringify(ascii ? segs.map((x) => ({ ...x, text: asciiMarks(x.text) })) : segs));
      }
      if (sl.sort[j]! >= 0) e.sorts![sl.sort[j]!] = c.sortValue!(r, tctx);
      if (e.natCol === j) e.nat = undefined;
      if (clockRead || j > 30) e.clock |= 1 << Math.min(j, 30);
      else e.clock &= ~(1 << j);
    };
    const cellOf = (e: RowEntry, j: number) => (sl.cell[j]! >= 0 ? e.cells![sl.cell[j]!] : undefined);
    const sortOf = (e: RowEntry, j: number) => (sl.sort[j]! >= 0 ? e.sorts![sl.sort[j]!] : undefined);
    const differs = (a: RowEntry, b: RowEntry, j: number) => a.vals[j] !== b.vals[j] || toneOf(a, sl.tone[j]!) !== toneOf(b, sl.tone[j]!) || cellOf(a, j) !== cellOf(b, j) || sortOf(a, j) !== sortOf(b, j);
    let computed = 0;
    ctx.store.tracking(this.deps, () => {
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        const isObj = typeof r === 'object' && r !== null;
        let e = isObj ? this.objects.get(r as object) : this.others.get(r);
        if (!e) {
          e = { key: view.key(r), vals: new Array(cols.length), tones: 0, clock: 0, flags: 0 };
          if (sl.cells) e.cells = new Array(sl.cells);
          if (sl.sorts) e.sorts = new Array(sl.sorts);
          for (let j = 0; j < cols.length; j++) computeCell(e, r, j, cols[j]!);
          const o = view.object?.(r, tctx);
          e.flags = (o ? ROW_OBJECT : 0) | (o?.kind === 'Pod' ? ROW_POD : 0);
          if (isObj) this.objects.set(r as object, e);
          else this.others.set(r, e);
          computed++;
        } else if (clockMoved && e.clock) {
          for (let j = 0; j < cols.length; j++) {
            if (!(e.clock & (1 << Math.min(j, 30)))) continue;
            const v = e.vals[j];
            const t = toneOf(e, sl.tone[j]!);
            const c = cellOf(e, j);
            const so = sortOf(e, j);
            computeCell(e, r, j, cols[j]!);
            if (v !== e.vals[j] || t !== toneOf(e, sl.tone[j]!) || c !== cellOf(e, j) || so !== sortOf(e, j)) dirty[j] = 1;
          }
        }
        entries[i] = e;
        if (prevRows) {
          const p = prev!.entries[i]!;
          if (p !== e) {
            if (p.key !== e.key) keysDirty = true;
            if (p.flags !== e.flags) flagsDirty = true;
            for (let j = 0; j < cols.length; j++) if (!dirty[j] && differs(p, e, j)) dirty[j] = 1;
          }
        }
      }
    });
    this.computed = computed;
    // The kinds read may have grown: remember the versions they have now.
    this.depSig = this.depSignature(ctx);

    const columns: ColumnData[] = cols.map((c, j) => {
      if (!dirty[j] && prev) return prev.data.columns[j]!;
      const d: ColumnData = { id: c.id, values: stringsOf(n, (i) => entries[i]!.vals[j]!) };
      if (sl.tone[j]! >= 0) {
        const t = new Uint8Array(n);
        for (let i = 0; i < n; i++) t[i] = toneOf(entries[i]!, sl.tone[j]!);
        d.tones = t;
      }
      if (sl.cell[j]! >= 0) d.cells = stringsOf(n, (i) => cellOf(entries[i]!, j) ?? '[]');
      if (sl.sort[j]! >= 0) d.sort = sortKeysOf(n, (i) => sortKey(entries[i]!, j, c, sl));
      return d;
    });
    const sortCol = cols.findIndex((c) => c.id === req.sortId);
    const sameOrder = prev && !keysDirty && prev.sortId === req.sortId && prev.sortDesc === req.sortDesc && (sortCol < 0 || !dirty[sortCol]);
    const order = sameOrder ? prev.data.order : sortOrder(n, sortCol >= 0 ? (i) => sortKey(entries[i]!, sortCol, cols[sortCol]!, sl) : undefined, req.sortDesc);
    let flags: Uint8Array;
    if (!flagsDirty && prev) flags = prev.data.flags;
    else {
      flags = new Uint8Array(n);
      for (let i = 0; i < n; i++) flags[i] = entries[i]!.flags;
    }
    const data: ListData = {
      seq,
      req,
      n,
      keys: !keysDirty && prev ? prev.data.keys : stringsOf(n, (i) => entries[i]!.key),
      columns,
      order,
      flags,
      findings: !!ctx.findingsFor,
      version: ctx.store.version,
      ...(n === 0 && view.empty ? { empty: view.empty(ctx) } : {}),
    };
    if (req.selector !== undefined) {
      try {
        const sel = parseSelector(req.selector);
        const match = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const o = view.object?.(rows[i]!, ctx);
          if (o && matchesSelector(sel, o.metadata.labels)) match[i] = 1;
        }
        data.selector = { text: req.selector, match };
      } catch (e) {
        data.selector = { text: req.selector, error: (e as Error).message };
      }
    }
    this.prev = { rows, entries, data, sortId: req.sortId, sortDesc: req.sortDesc };
    return data;
  }
}

function sortKey(e: RowEntry, j: number, c: Column<unknown>, sl: Slots): SortKey {
  if (sl.sort[j]! >= 0) {
    const v = e.sorts![sl.sort[j]!]!;
    // A string key of its own is naturalized each time (such keys are rare; numbers are the rule).
    return typeof v === 'number' ? v : naturalKey(v);
  }
  if (e.natCol !== j || e.nat === undefined) {
    e.natCol = j;
    e.nat = naturalKey(e.vals[j]!);
  }
  return e.nat;
}
