// A table drawn as detail lines (ordinals, next runs, Job history, pods):
// the same column layout as the list tables, but inside a scrollable view.
import type { Column, Line, LineRef, Seg, ViewCtx } from '../types.js';
import { COLUMN_GAP, fitCell, layoutColumns } from './layout.js';
import { pad, seg, textWidth } from './text.js';

/**
 * A small table as lines, laid out with the shell's own column logic. With
 * `refOf`, a row standing for an object becomes a selectable line (Enter
 * opens it, y/e/l act on it).
 */
export function tableLines<R>(columns: Column<R>[], rows: R[], ctx: ViewCtx, indent = '  ', refOf?: (r: R) => LineRef | undefined): Line[] {
  const laid = layoutColumns(columns, rows, ctx, Math.max(20, ctx.width - indent.length));
  const gap = ' '.repeat(COLUMN_GAP);
  const out: Line[] = [];
  const head: Seg[] = [seg(indent)];
  laid.forEach((l, i) => {
    if (i) head.push(seg(gap));
    head.push(seg(pad(l.col.header, l.width, l.col.align), 'muted', true));
  });
  out.push(head);
  for (const r of rows) {
    const segs: Seg[] = [seg(indent)];
    laid.forEach((l, i) => {
      if (i) segs.push(seg(gap));
      const tone = l.col.tone?.(r, ctx);
      const rich = l.col.cell?.(r, ctx);
      if (rich) {
        // Rich cells are short marks; pad after them to the column width.
        const text = rich.map((s) => s.text).join('');
        segs.push(...rich, seg(' '.repeat(Math.max(0, l.width - textWidth(text)))));
      } else {
        segs.push(seg(pad(fitCell(l.col, l.col.value(r, ctx), l.width), l.width, l.col.align), tone));
      }
    });
    const line: Line = segs;
    const ref = refOf?.(r);
    if (ref) line.ref = ref;
    out.push(line);
  }
  return out;
}
