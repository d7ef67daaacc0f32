// The rows of one list screen, built to stay cheap at tens of thousands of
// rows:
// - the view's rows are re-read on the refresh timer, never on a key press;
//   when the view returns the same array (the store's cached list), nothing
//   else is done;
// - sort keys and filter texts are cached per row object, so after a store
//   change only the objects that changed are recomputed (the store makes a
//   new object for each update); sorting compares the cached keys;
// - a sort column whose value moves with the clock (ages) is re-sorted on the
//   timer, at most once a second; others never for the clock;
// - column widths come from a bounded sample and change only when the rows do;
// - the screen computes cell values for the visible rows only.
import type { Column, ViewCtx, ViewDef } from '../../views/types.js';
import { layoutColumns, type LaidColumn } from '../../views/widgets/layout.js';
import { matchesSelector, parseSelector } from '../model/labels.js';
import type { LabelSelector } from '../model/types.js';

export interface ListQuery {
  sortId?: string;
  sortDesc: boolean;
  filter: string;
}

type SortKey = string | number;

/** Rows sampled for column widths: the first ones and an even spread of the rest. */
export const LAYOUT_SAMPLE = 200;
/** A clock-dependent sort column is re-sorted at most this often (ms). */
export const CLOCK_RESORT_MS = 1000;

/**
 * A sort key that orders like a person would: case-insensitive, digit runs by
 * value (web-2 before web-10). Compared with `<`, which is far cheaper than a
 * collator over thousands of rows.
 */
export function naturalKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, (d) => (d.length >= 16 ? d : '0'.repeat(16 - d.length) + d));
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Per-row cache keyed by the row object (rows are objects; a few views could return primitives). */
class RowCache<V> {
  private weak = new WeakMap<object, { e: number; v: V }>();
  private strong = new Map<unknown, { e: number; v: V }>();
  get(r: unknown, epoch: number): V | undefined {
    const hit = typeof r === 'object' && r !== null ? this.weak.get(r) : this.strong.get(r);
    return hit && hit.e === epoch ? hit.v : undefined;
  }
  set(r: unknown, epoch: number, v: V): void {
    if (typeof r === 'object' && r !== null) this.weak.set(r, { e: epoch, v });
    else this.strong.set(r, { e: epoch, v });
  }
}

export class RowModel<R = unknown> {
  private rows: R[] = [];
  private keys: string[] = [];
  /** Row indexes in sort order, then those passing the filter. */
  private order: number[] = [];
  private shown: number[] = [];
  private keyPos?: Map<string, number>;
  /** Where the filter came from, to narrow instead of re-filtering when the user types one more character. */
  private filtered?: { needle: string; orderStamp: number };
  private orderStamp = 0;
  private sortKeys = new RowCache<SortKey>();
  private texts = new RowCache<string>();
  private sortEpoch = 0;
  private sortEpochKey = '';
  private textEpoch = 0;
  private textEpochKey = '';
  private clockDependent?: { sortId: string; yes: boolean };
  private lastSortAt = 0;
  private laid?: { key: string; laid: LaidColumn<R>[] };
  private warmFrom = 0;
  private synced = false;
  private applied?: ListQuery;
  /** The filter could not be parsed (a bad label selector). */
  filterError?: string;
  /** Times the rows were rebuilt and sorted (tests and the bench read it). */
  rebuilds = 0;

  constructor(readonly view: ViewDef<R>) {}

  get ready(): boolean {
    return this.synced;
  }

  /**
   * Bring the rows up to date with the store and the query. Cheap when nothing
   * changed. Called on the refresh timer and when the query changes (a sort
   * key, a filter character), never for moving the selection.
   */
  sync(ctx: ViewCtx, q: ListQuery, clockMoves: boolean): boolean {
    const rows = this.view.rows(ctx);
    const col = this.view.columns.find((c) => c.id === q.sortId);
    // The report matters to the sort only for a column that reads findings (PROBLEMS).
    const reportPart = col && this.readsFindings(col, rows, ctx) ? reportId(ctx) : 0;
    const sortEpochKey = `${q.sortId ?? ''}|${ctx.namespace ?? ''}|${ctx.noColor}|${reportPart}`;
    if (sortEpochKey !== this.sortEpochKey) {
      this.sortEpochKey = sortEpochKey;
      this.sortEpoch++;
    }
    const textEpochKey = `${ctx.namespace ?? ''}|${ctx.noColor}|${reportId(ctx)}`;
    if (textEpochKey !== this.textEpochKey) {
      this.textEpochKey = textEpochKey;
      this.textEpoch++;
      this.warmFrom = 0;
    }
    let clockResort = false;
    if (col && clockMoves && this.isClockDependent(col, rows, ctx) && ctx.now - this.lastSortAt >= CLOCK_RESORT_MS) {
      clockResort = true;
      this.sortEpoch++;
    }
    const rowsChanged = rows !== this.rows || !this.synced;
    const sortChanged = !this.applied || this.applied.sortId !== q.sortId || this.applied.sortDesc !== q.sortDesc;
    const epochChanged = this.order.length !== rows.length || sortEpochKey !== this.lastOrderEpochKey || clockResort;
    let changed = false;
    if (rowsChanged) {
      this.rows = rows;
      this.keys = rows.map((r) => this.view.key(r));
      this.warmFrom = 0;
      this.laid = undefined;
      changed = true;
    }
    if (rowsChanged || sortChanged || epochChanged) {
      this.sort(col, q.sortDesc, ctx);
      this.lastSortAt = ctx.now;
      this.lastOrderEpochKey = sortEpochKey;
      changed = true;
    }
    if (changed || !this.applied || this.applied.filter !== q.filter || textEpochKey !== this.lastFilterEpochKey) {
      this.applyFilter(q.filter, ctx);
      this.lastFilterEpochKey = textEpochKey;
      changed = true;
    }
    this.applied = { ...q };
    this.synced = true;
    return changed;
  }
  private lastOrderEpochKey = '';
  private lastFilterEpochKey = '';

  /** Does the column's sort key read the diagnostics findings? Probed with every row having a finding, then none. */
  private readsFindings(col: Column<R>, rows: R[], ctx: ViewCtx): boolean {
    if (this.findingsDependent?.sortId === col.id) return this.findingsDependent.yes;
    if (rows.length === 0) return true;
    const finding = { check: 'probe', severity: 'error', object: { kind: '', name: '' }, message: '', evidence: [], nextSteps: [] } as unknown as ReturnType<NonNullable<ViewCtx['findingsFor']>>[number];
    const some = { ...ctx, findingsFor: () => [finding] };
    const none = { ...ctx, findingsFor: () => [] };
    const key = (r: R, c: ViewCtx) => (col.sortValue ? col.sortValue(r, c) : col.value(r, c));
    const r = rows[0]!;
    const yes = key(r, some) !== key(r, none);
    this.findingsDependent = { sortId: col.id, yes };
    return yes;
  }
  private findingsDependent?: { sortId: string; yes: boolean };

  /** Does the column's sort key move with the clock (an age)? Probed on a few rows. */
  private isClockDependent(col: Column<R>, rows: R[], ctx: ViewCtx): boolean {
    if (this.clockDependent?.sortId === col.id) return this.clockDependent.yes;
    const later = { ...ctx, now: ctx.now + 3_600_000 };
    const key = (r: R, c: ViewCtx) => (col.sortValue ? col.sortValue(r, c) : col.value(r, c));
    let yes = false;
    for (let i = 0; i < rows.length && i < 8 && !yes; i++) {
      const r = rows[Math.floor((i * rows.length) / 8)]!;
      yes = key(r, ctx) !== key(r, later);
    }
    // No rows to probe yet: decide again when there are some.
    if (rows.length > 0) this.clockDependent = { sortId: col.id, yes };
    return yes;
  }

  private sort(col: Column<R> | undefined, desc: boolean, ctx: ViewCtx): void {
    const n = this.rows.length;
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (col) {
      const keys = new Array<SortKey>(n);
      const epoch = this.sortEpoch;
      for (let i = 0; i < n; i++) {
        const r = this.rows[i]!;
        let k = this.sortKeys.get(r, epoch);
        if (k === undefined) {
          const v = col.sortValue ? col.sortValue(r, ctx) : col.value(r, ctx);
          k = typeof v === 'number' ? v : naturalKey(v);
          this.sortKeys.set(r, epoch, k);
        }
        keys[i] = k;
      }
      order.sort((a, b) => {
        const c = compareKeys(keys[a]!, keys[b]!);
        return (desc ? -c : c) || a - b;
      });
    }
    this.order = order;
    this.orderStamp++;
    this.rebuilds++;
  }

  /** The lowercased column values of a row joined by NUL (no typed filter contains it, so a match never spans columns). */
  private textOf(r: R, ctx: ViewCtx): string {
    let t = this.texts.get(r, this.textEpoch);
    if (t === undefined) {
      t = this.view.columns.map((c) => c.value(r, ctx).toLowerCase()).join('\0');
      this.texts.set(r, this.textEpoch, t);
    }
    return t;
  }

  private applyFilter(filter: string, ctx: ViewCtx): void {
    this.filterError = undefined;
    this.keyPos = undefined;
    const f = filter.trim();
    if (!f) {
      this.shown = this.order;
      this.filtered = undefined;
      return;
    }
    if (f.startsWith('-l ') || f.startsWith('-l=')) {
      let sel: LabelSelector;
      try {
        sel = parseSelector(f.slice(3).trim());
      } catch (e) {
        this.filterError = (e as Error).message;
        this.shown = this.order;
        this.filtered = undefined;
        return;
      }
      this.shown = this.order.filter((i) => {
        const o = this.view.object?.(this.rows[i]!, ctx);
        return !!o && matchesSelector(sel, o.metadata.labels);
      });
      this.filtered = undefined;
      return;
    }
    const needle = f.toLowerCase();
    // One more character typed: only the rows that matched before can match now.
    const base = this.filtered && this.filtered.orderStamp === this.orderStamp && needle.startsWith(this.filtered.needle) ? this.shown : this.order;
    this.shown = base.filter((i) => this.textOf(this.rows[i]!, ctx).includes(needle));
    this.filtered = { needle, orderStamp: this.orderStamp };
  }

  /**
   * Compute filter texts ahead of time, a slice at a time (called when the
   * shell is idle), so the first character typed after `/` finds them ready.
   * Returns true while rows remain.
   */
  warm(ctx: ViewCtx, maxRows = 500): boolean {
    const end = Math.min(this.rows.length, this.warmFrom + maxRows);
    for (let i = this.warmFrom; i < end; i++) this.textOf(this.rows[i]!, ctx);
    this.warmFrom = end;
    return end < this.rows.length;
  }

  /** Rows shown (after the filter) and in total. */
  count(): number {
    return this.shown.length;
  }
  total(): number {
    return this.rows.length;
  }
  rowAt(i: number): R {
    return this.rows[this.shown[i]!]!;
  }
  keyAt(i: number): string | undefined {
    const idx = this.shown[i];
    return idx === undefined ? undefined : this.keys[idx];
  }
  /** Position of a row key among the shown rows, or -1. */
  indexOfKey(key: string): number {
    if (!this.keyPos) {
      const m = new Map<string, number>();
      this.shown.forEach((idx, pos) => m.set(this.keys[idx]!, pos));
      this.keyPos = m;
    }
    return this.keyPos.get(key) ?? -1;
  }
  /** The row with this key (shown or not). */
  rowByKey(key: string): R | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.rows[i];
  }
  /** The visible rows [offset, offset + height). */
  visible(offset: number, height: number): R[] {
    const out: R[] = [];
    for (let i = offset; i < offset + height && i < this.shown.length; i++) out.push(this.rows[this.shown[i]!]!);
    return out;
  }

  /**
   * Column layout from a bounded sample of the rows (in sort order, so it does
   * not change while a filter is typed), kept until the rows or the geometry change.
   */
  layout(columns: Column<R>[], ctx: ViewCtx, width: number): LaidColumn<R>[] {
    const key = `${columns.map((c) => c.id).join(',')}|${width}|${ctx.noColor}|${ctx.wide ?? false}|${ctx.findingsFor ? 1 : 0}`;
    if (this.laid?.key === key) return this.laid.laid;
    const sample: R[] = [];
    const n = this.order.length;
    const half = LAYOUT_SAMPLE / 2;
    for (let i = 0; i < n && i < half; i++) sample.push(this.rows[this.order[i]!]!);
    if (n > half) {
      const step = (n - half) / half;
      for (let j = 0; j < half; j++) sample.push(this.rows[this.order[half + Math.floor(j * step)]!]!);
    }
    const laid = layoutColumns(columns, sample, ctx, width);
    this.laid = { key, laid };
    return laid;
  }
}

const reportIds = new WeakMap<object, number>();
let nextReportId = 1;
/** A number per diagnostics report object (PROBLEMS values change with it). */
function reportId(ctx: ViewCtx): number {
  const r = ctx.diagnostics;
  if (!r) return 0;
  let id = reportIds.get(r);
  if (id === undefined) reportIds.set(r, (id = nextReportId++));
  return id;
}
