// The UI thread's side of a list screen: the columnar rows it was sent
// (src/screens/types.ts), filtered by text and sorted by any column here,
// so j/k, paging, typing a filter and changing the sort never wait for the
// data thread. Only the visible rows' cells are ever taken out of the
// column strings.
import type { Column, Seg, Tone, ViewCtx, ViewDef } from '../../views/types.js';
import { layoutColumns, type LaidColumn } from '../../views/widgets/layout.js';
import { parseSelector } from '../model/labels.js';
import { findString, indexAt, naturalKey, sortKeyAt, sortOrder, stringAt } from './columnar.js';
import { TONES, type ColumnData, type ListData } from './types.js';

export interface ListQuery {
  sortId?: string;
  sortDesc: boolean;
  filter: string;
}

/** Rows sampled for column widths: the first ones and an even spread of the rest. */
export const LAYOUT_SAMPLE = 200;

/** A cell as drawn: its value (width, fit, filter) and tone, or its rich segments. */
export interface CellData {
  value: string;
  tone?: Tone;
  segs?: Seg[];
}

export function isLabelFilter(f: string): boolean {
  return f.startsWith('-l ') || f.startsWith('-l=');
}

export class ListModel {
  private data?: ListData;
  private cols = new Map<string, { i: number; c: ColumnData }>();
  private lower = new Map<number, string | string[]>();
  private order: Uint32Array = new Uint32Array(0);
  private shown: ArrayLike<number> = new Uint32Array(0);
  private pos?: Int32Array;
  private laid?: { key: string; laid: LaidColumn<unknown>[] };
  private applied?: { seq: number; sortId?: string; sortDesc: boolean; filter: string };
  /** The filter cannot be applied (a bad label selector). */
  filterError?: string;
  /** A label selector waits for the data thread's answer. */
  pending = false;

  constructor(readonly view: ViewDef) {}

  /** Data for this list arrived (a new version, or the same). */
  setData(d: ListData): void {
    if (this.data === d) return;
    const valuesChanged = !this.data || this.data.keys !== d.keys || d.columns.some((c, i) => this.data!.columns[i] !== c) || this.data.findings !== d.findings;
    this.data = d;
    this.cols = new Map(d.columns.map((c, i) => [c.id, { i, c }]));
    if (valuesChanged) {
      this.lower = new Map();
      this.laid = undefined;
    }
    this.applied = undefined;
  }

  /** The view's words for an empty list. */
  get empty(): string | undefined {
    return this.data?.empty;
  }

  get ready(): boolean {
    return !!this.data;
  }

  get seq(): number {
    return this.data?.seq ?? 0;
  }

  /** Sort and filter the rows for the query: cheap when nothing changed. */
  apply(q: ListQuery): void {
    const d = this.data;
    if (!d) return;
    const a = this.applied;
    if (a && a.seq === d.seq && a.sortId === q.sortId && a.sortDesc === q.sortDesc && a.filter === q.filter) return;
    if (!a || a.seq !== d.seq || a.sortId !== q.sortId || a.sortDesc !== q.sortDesc) this.order = this.sorted(d, q);
    this.shown = this.filtered(d, q.filter);
    this.pos = undefined;
    this.applied = { seq: d.seq, sortId: q.sortId, sortDesc: q.sortDesc, filter: q.filter };
  }

  private sorted(d: ListData, q: ListQuery): Uint32Array {
    if ((d.req.sortId ?? '') === (q.sortId ?? '') && d.req.sortDesc === q.sortDesc) return d.order;
    const col = q.sortId !== undefined ? this.cols.get(q.sortId) : undefined;
    if (!col) return sortOrder(d.n, undefined, false);
    const c = col.c;
    const key = c.sort ? (i: number) => sortKeyAt(c.sort!, i) : (i: number) => naturalKey(stringAt(c.values, i));
    return sortOrder(d.n, key, q.sortDesc);
  }

  private filtered(d: ListData, filter: string): ArrayLike<number> {
    this.filterError = undefined;
    this.pending = false;
    const f = filter.trim();
    if (!f) return this.order;
    if (isLabelFilter(f)) {
      const text = f.slice(3).trim();
      if (d.selector?.text === text) {
        if (d.selector.error !== undefined) {
          this.filterError = d.selector.error;
          return this.order;
        }
        const m = d.selector.match!;
        return this.order.filter((i) => m[i] === 1);
      }
      try {
        parseSelector(text);
      } catch (e) {
        this.filterError = (e as Error).message;
        return this.order;
      }
      // Matched by the data thread: the rows stay as they are until it answers.
      this.pending = true;
      return this.order;
    }
    const needle = f.toLowerCase();
    const match = new Uint8Array(d.n);
    for (let j = 0; j < d.columns.length; j++) {
      const c = d.columns[j]!;
      const low = this.lowered(j, c);
      if (typeof low === 'string') {
        let from = 0;
        for (;;) {
          const p = low.indexOf(needle, from);
          if (p < 0) break;
          const i = indexAt(c.values, p);
          const end = c.values.offsets[i + 1]! - 1;
          // A hit running into the NUL after the cell is no hit (needles never contain NUL).
          if (p + needle.length <= end) {
            match[i] = 1;
            from = end + 1;
          } else from = p + 1;
        }
      } else {
        for (let i = 0; i < d.n; i++) if (!match[i] && low[i]!.includes(needle)) match[i] = 1;
      }
    }
    return this.order.filter((i) => match[i] === 1);
  }

  /** A column's values lowercased: one string when lowercasing keeps every length (nearly always), else per row. */
  private lowered(j: number, c: ColumnData): string | string[] {
    let l = this.lower.get(j);
    if (l === undefined) {
      const low = c.values.text.toLowerCase();
      l = low.length === c.values.text.length ? low : Array.from({ length: this.data!.n }, (_, i) => stringAt(c.values, i).toLowerCase());
      this.lower.set(j, l);
    }
    return l;
  }

  /** Rows shown (after the filter) and in total. */
  count(): number {
    return this.shown.length;
  }

  total(): number {
    return this.data?.n ?? 0;
  }

  /** The view's row index of the i-th shown row. */
  rowIndex(i: number): number | undefined {
    return this.shown[i];
  }

  keyAt(i: number): string | undefined {
    const r = this.shown[i];
    return r === undefined || !this.data ? undefined : stringAt(this.data.keys, r);
  }

  flagsAt(i: number): number {
    const r = this.shown[i];
    return r === undefined || !this.data ? 0 : this.data.flags[r]!;
  }

  /** Position of a row key among the shown rows, or -1. */
  indexOfKey(key: string): number {
    const d = this.data;
    if (!d) return -1;
    const r = findString(d.keys, key);
    if (r < 0) return -1;
    if (!this.pos) {
      const pos = new Int32Array(d.n).fill(-1);
      for (let i = 0; i < this.shown.length; i++) pos[this.shown[i]!] = i;
      this.pos = pos;
    }
    return this.pos[r]!;
  }

  /** Is there a row with this key (shown or not)? */
  hasKey(key: string): boolean {
    return !!this.data && findString(this.data.keys, key) >= 0;
  }

  /** Row `r`'s cell in column `id` (r: the view's row index). */
  cell(r: number, id: string): CellData {
    const col = this.cols.get(id);
    if (!col || !this.data) return { value: '' };
    const c = col.c;
    const out: CellData = { value: stringAt(c.values, r) };
    if (c.tones) out.tone = TONES[c.tones[r]!];
    if (c.cells) out.segs = JSON.parse(stringAt(c.cells, r)) as Seg[];
    return out;
  }

  /** The shown rows [offset, offset + height), as view row indexes. */
  visible(offset: number, height: number): number[] {
    const out: number[] = [];
    for (let i = offset; i < offset + height && i < this.shown.length; i++) out.push(this.shown[i]!);
    return out;
  }

  /**
   * Column layout from a bounded sample of the rows (in sort order, so it does
   * not change while a filter is typed), kept until the values, the geometry
   * or the diagnostics change.
   */
  layout(columns: Column<unknown>[], width: number, noColor: boolean, wide: boolean): LaidColumn<unknown>[] {
    const d = this.data;
    const key = `${columns.map((c) => c.id).join(',')}|${width}|${noColor}|${wide}|${d?.findings ? 1 : 0}`;
    if (this.laid?.key === key) return this.laid.laid;
    const sample: number[] = [];
    const order = this.order;
    const n = order.length;
    const half = LAYOUT_SAMPLE / 2;
    for (let i = 0; i < n && i < half; i++) sample.push(order[i]!);
    if (n > half) {
      const step = (n - half) / half;
      for (let j = 0; j < half; j++) sample.push(order[half + Math.floor(j * step)]!);
    }
    // layoutColumns reads only the mode and whether findings exist from the context.
    const ctx = { wide, noColor, findingsFor: d?.findings ? () => [] : undefined } as unknown as ViewCtx;
    const laid = layoutColumns<number>(columns as Column<number>[], sample, ctx, width, (c, r) => (this.cols.has(c.id) ? stringAt(this.cols.get(c.id)!.c.values, r) : ''));
    this.laid = { key, laid: laid as LaidColumn<unknown>[] };
    return this.laid.laid;
  }
}
