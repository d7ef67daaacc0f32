// Pure table layout: which columns fit, and how wide each is.
import type { Column, ViewCtx } from '../types.js';
import { textWidth } from './text.js';

export interface LaidColumn<R> {
  col: Column<R>;
  width: number;
}

const GAP = 2;

/**
 * Drop columns by priority (highest number first) until the minimum widths
 * fit, then give each column its natural width (header or widest value, up
 * to maxWidth), shrinking the widest columns when the total is too wide.
 * `valueOf` lets the caller supply cached cell values (same as c.value).
 */
export function layoutColumns<R>(columns: Column<R>[], rows: R[], ctx: ViewCtx, width: number, valueOf?: (c: Column<R>, r: R) => string): LaidColumn<R>[] {
  const natural = new Map<Column<R>, number>();
  const sample = rows.length > 5000 ? rows.slice(0, 5000) : rows;
  for (const c of columns) {
    let w = textWidth(c.header) + 1; // room for the sort arrow
    for (const r of sample) {
      const v = valueOf ? valueOf(c, r) : c.value(r, ctx);
      const vw = v.length > 0 && v.length < 200 && /^[\x20-\x7e]*$/.test(v) ? v.length : textWidth(v);
      if (vw > w) w = vw;
    }
    natural.set(c, Math.min(w, c.maxWidth ?? 60));
  }
  const minOf = (c: Column<R>) => Math.min(natural.get(c)!, c.minWidth ?? Math.max(textWidth(c.header), 4));
  let shown = columns.filter((c) => c.id !== 'problems' || ctx.findingsFor !== undefined);
  const total = (cols: Column<R>[], f: (c: Column<R>) => number) => cols.reduce((n, c) => n + f(c), 0) + GAP * Math.max(0, cols.length - 1);
  while (shown.length > 1 && total(shown, minOf) > width) {
    let drop = -1;
    for (let i = 0; i < shown.length; i++) {
      if (shown[i]!.priority > 0 && (drop < 0 || shown[i]!.priority >= shown[drop]!.priority)) drop = i;
    }
    if (drop < 0) break;
    shown.splice(drop, 1);
  }
  // Before truncating anything, drop optional columns (priority >= 4) whose
  // absence lets the rest show in full.
  while (total(shown, (c) => natural.get(c)!) > width) {
    let drop = -1;
    for (let i = 0; i < shown.length; i++) {
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
