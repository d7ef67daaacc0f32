// Pure table layout: which columns fit, how wide each is, and how a value too
// long for its column is cut. The rules put what the user needs to act first:
// a column's `priority` says when it is dropped, its `fit` how it is cut
// (keep a name's distinguishing end, a marker, the worst severity), and
// `wide` columns show only in wide mode (Ctrl-w).
import type { Column, ViewCtx } from '../types.js';
import { textWidth, truncate } from './text.js';

export interface LaidColumn<R> {
  col: Column<R>;
  width: number;
}

const GAP = 2;

/** The columns of a view in the current mode: `wide` ones only when ctx.wide. */
export function modeColumns<R>(columns: Column<R>[], ctx: Pick<ViewCtx, 'wide'>): Column<R>[] {
  return ctx.wide ? columns : columns.filter((c) => !c.wide);
}

/** Cut the middle out, keeping both ends: `daily-ba…29551740`. */
export function cutMiddle(s: string, w: number): string {
  if (w <= 0) return '';
  if (textWidth(s) <= w) return s;
  if (w === 1) return '…';
  const chars = [...s];
  const tailW = Math.ceil((w - 1) / 2);
  const headW = w - 1 - tailW;
  let head = '';
  let used = 0;
  for (const ch of chars) {
    const cw = textWidth(ch);
    if (used + cw > headW) break;
    head += ch;
    used += cw;
  }
  let tail = '';
  used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = textWidth(chars[i]!);
    if (used + cw > tailW) break;
    tail = chars[i]! + tail;
    used += cw;
  }
  return `${head}…${tail}`;
}

/**
 * A value cut to `w` the column's way. The result may be wider than `w` when
 * the column's fit refuses to go lower (the layout reserves that much, so
 * this only happens when even the minimums did not fit); the drawing code
 * pads and cuts it to the cell.
 */
export function fitCell<R>(col: Column<R>, value: string, w: number): string {
  if (textWidth(value) <= w) return value;
  return col.fit ? col.fit(value, w) : truncate(value, w);
}

/** The least a column must show for a value (its fit at width 0), capped at the value itself. */
function floorOf<R>(col: Column<R>, value: string): number {
  if (!col.fit || value === '') return 0;
  return Math.min(textWidth(col.fit(value, 0)), textWidth(value));
}

/**
 * Drop columns by priority (highest number first) until the minimum widths
 * fit, then give each column its natural width (header or widest value, up
 * to maxWidth), shrinking the widest columns when the total is too wide.
 * A column's minimum is its minWidth (else its header) and never less than
 * what its `fit` must keep for any row. Wide-only columns are left out
 * unless ctx.wide. `valueOf` lets the caller supply cached cell values
 * (same as c.value).
 */
export function layoutColumns<R>(columns: Column<R>[], rows: R[], ctx: ViewCtx, width: number, valueOf?: (c: Column<R>, r: R) => string): LaidColumn<R>[] {
  const natural = new Map<Column<R>, number>();
  const floor = new Map<Column<R>, number>();
  const sample = rows.length > 5000 ? rows.slice(0, 5000) : rows;
  const candidates = modeColumns(columns, ctx).filter((c) => c.id !== 'problems' || ctx.findingsFor !== undefined);
  for (const c of candidates) {
    let w = textWidth(c.header) + 1; // room for the sort arrow
    let f = 0;
    for (const r of sample) {
      const v = valueOf ? valueOf(c, r) : c.value(r, ctx);
      const vw = v.length > 0 && v.length < 200 && /^[\x20-\x7e]*$/.test(v) ? v.length : textWidth(v);
      if (vw > w) w = vw;
      if (c.fit && vw > 0) {
        const fw = floorOf(c, v);
        if (fw > f) f = fw;
      }
    }
    natural.set(c, Math.min(w, c.maxWidth ?? 60));
    floor.set(c, f);
  }
  const minOf = (c: Column<R>) => Math.min(natural.get(c)!, Math.max(c.minWidth ?? Math.max(textWidth(c.header), 4), floor.get(c)!));
  const total = (cols: Column<R>[], f: (c: Column<R>) => number) => cols.reduce((n, c) => n + f(c), 0) + GAP * Math.max(0, cols.length - 1);
  // A column with nothing in any row says nothing: it goes before anything is cut.
  let shown = [...candidates];
  if (total(shown, (c) => natural.get(c)!) > width && sample.length > 0) {
    const empty = new Set(candidates.filter((c) => c.priority > 0 || c.id === 'problems').filter((c) => sample.every((r) => (valueOf ? valueOf(c, r) : c.value(r, ctx)) === '')));
    while (empty.size && total(shown, (c) => natural.get(c)!) > width) {
      const last = [...shown].reverse().find((c) => empty.has(c))!;
      empty.delete(last);
      shown = shown.filter((c) => c !== last);
    }
  }
  while (shown.length > 1 && total(shown, minOf) > width) {
    let drop = -1;
    for (let i = 0; i < shown.length; i++) {
      if (shown[i]!.priority > 0 && (drop < 0 || shown[i]!.priority >= shown[drop]!.priority)) drop = i;
    }
    if (drop < 0) break;
    shown.splice(drop, 1);
  }
  // Before truncating anything, drop optional columns (priority >= 4) whose
  // absence lets the rest show in full; not the wide ones the user asked for.
  while (total(shown, (c) => natural.get(c)!) > width) {
    let drop = -1;
    for (let i = 0; i < shown.length; i++) {
      if (ctx.wide && shown[i]!.wide) continue;
      if (shown[i]!.priority >= 4 && (drop < 0 || shown[i]!.priority >= shown[drop]!.priority)) drop = i;
    }
    if (drop < 0) break;
    shown.splice(drop, 1);
  }
  const widths = shown.map((c) => natural.get(c)!);
  let excess = widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, shown.length - 1) - width;
  while (excess > 0) {
    // shrink the widest column that is still above its minimum
    let idx = -1;
    for (let i = 0; i < shown.length; i++) {
      if (widths[i]! > minOf(shown[i]!) && (idx < 0 || widths[i]! > widths[idx]!)) idx = i;
    }
    if (idx < 0) break;
    const room = widths[idx]! - minOf(shown[idx]!);
    const take = Math.min(room, excess, Math.max(1, Math.ceil(excess / 2)));
    widths[idx]! -= take;
    excess -= take;
  }
  return shown.map((col, i) => ({ col, width: widths[i]! }));
}

export const COLUMN_GAP = GAP;
