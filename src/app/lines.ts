// Line screens as screen rows: wrapping (`w`, and lines marked `wrap`, which
// are never cut), sideways scrolling, and the detail cursor that stops on
// lines standing for an object (Line.ref). Pure: no Ink, no store.
import type { Line, LineRef, Seg } from '../../views/types.js';
import { cutLine, lineWidth, sliceLine, wrapLine } from '../../views/widgets/text.js';

export interface ScreenRow {
  segs: Seg[];
  /** Index of the line this row belongs to. */
  line: number;
}

/**
 * Where each line lands on screen. Without wrapping a line is one row (cut,
 * or shifted by `hscroll`); wrapped lines take as many rows as they need.
 * Rows are made only for the part of the screen drawn.
 */
export class LineLayout {
  /** starts[i] = first row of line i (only when some line wraps). */
  private readonly starts?: number[];
  /** The rows of each wrapped line, made once per layout. */
  private readonly wrapped = new Map<number, Seg[][]>();
  readonly rows: number;

  constructor(
    readonly lines: Line[],
    readonly width: number,
    readonly wrap: boolean,
    readonly hscroll: number,
  ) {
    const w = Math.max(1, width);
    if (wrap || lines.some((l) => l.wrap)) {
      const starts: number[] = new Array(lines.length);
      let n = 0;
      for (let i = 0; i < lines.length; i++) {
        starts[i] = n;
        const l = lines[i]!;
        if (wrap || l.wrap) {
          const rows = lineWidth(l) <= w ? [l as Seg[]] : wrapLine(l, w);
          this.wrapped.set(i, rows);
          n += Math.max(1, rows.length);
        } else n += 1;
      }
      this.starts = starts;
      this.rows = n;
    } else this.rows = lines.length;
  }

  /** First screen row of line i. */
  rowOf(line: number): number {
    if (line <= 0) return 0;
    if (!this.starts) return Math.min(line, this.rows);
    return line >= this.lines.length ? this.rows : this.starts[line]!;
  }

  /** The line a screen row belongs to. */
  lineAt(row: number): number {
    if (!this.starts) return Math.max(0, Math.min(row, this.lines.length - 1));
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Rows of the line as drawn. */
  rowsOfLine(i: number): Seg[][] {
    const l = this.lines[i]!;
    if (this.wrap || l.wrap) {
      const rows = this.wrapped.get(i) ?? wrapLine(l, this.width);
      return rows.length ? rows : [[]];
    }
    if (this.hscroll === 0) return [cutLine(l, this.width)];
    const wide = lineWidth(l) > this.hscroll + this.width;
    const part = sliceLine(l, this.hscroll, wide ? this.width - 1 : this.width);
    return [wide ? [...part, { text: '…', tone: 'muted' }] : part];
  }

  /** The rows [offset, offset + height). */
  slice(offset: number, height: number): ScreenRow[] {
    const out: ScreenRow[] = [];
    if (this.lines.length === 0) return out;
    let line = this.lineAt(offset);
    let skip = offset - this.rowOf(line);
    while (out.length < height && line < this.lines.length) {
      const rows = this.rowsOfLine(line);
      for (let r = skip; r < rows.length && out.length < height; r++) out.push({ segs: rows[r]!, line });
      skip = 0;
      line++;
    }
    return out;
  }

  /** The widest unwrapped line (to bound sideways scrolling). */
  maxWidth(): number {
    let m = 0;
    for (const l of this.lines) if (!l.wrap) m = Math.max(m, lineWidth(l));
    return m;
  }
}

export function sameRef(a: LineRef | undefined, b: LineRef | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/**
 * The cursor's line now: the index it had if that line still stands for the
 * same object, else the nearest line with that object, else undefined.
 */
export function findCursor(lines: Line[], cursor: number | undefined, ref: LineRef | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (lines[cursor]?.ref && (!ref || sameRef(lines[cursor]!.ref, ref))) return cursor;
  if (!ref) return undefined;
  let best: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (sameRef(lines[i]!.ref, ref) && (best === undefined || Math.abs(i - cursor) < Math.abs(best - cursor))) best = i;
  }
  return best;
}

export function hasRefs(lines: Line[]): boolean {
  return lines.some((l) => l.ref);
}

function nextRef(lines: Line[], from: number, dir: 1 | -1): number | undefined {
  for (let i = from + dir; i >= 0 && i < lines.length; i += dir) if (lines[i]!.ref) return i;
  return undefined;
}

export interface CursorMove {
  cursor: number | undefined;
  offset: number;
}

/**
 * j/k on a detail with object lines: the cursor moves to the next object line
 * when it is on screen; otherwise the screen scrolls one row toward it (lines
 * without an object scroll past, readable), taking the cursor along once the
 * line shows. Without object lines it is a plain scroll.
 */
export function moveCursor(layout: LineLayout, cursor: number | undefined, offset: number, height: number, dir: 1 | -1): CursorMove {
  const max = Math.max(0, layout.rows - height);
  const visible = (line: number) => {
    const r0 = layout.rowOf(line);
    return r0 >= offset && r0 < offset + height;
  };
  const lines = layout.lines;
  const cur = cursor !== undefined && visible(cursor) ? cursor : undefined;
  const from = cur ?? (dir === 1 ? layout.lineAt(offset) - 1 : layout.lineAt(Math.min(layout.rows - 1, offset + height - 1)) + 1);
  const target = nextRef(lines, from, dir);
  if (target !== undefined && visible(target)) return { cursor: target, offset };
  const scrolled = Math.max(0, Math.min(max, offset + dir));
  if (scrolled === offset) {
    // at the end: jump to the object line if there is one, off screen or not
    if (target !== undefined) return { cursor: target, offset: clampOffset(layout, target, offset, height) };
    return { cursor: cur, offset };
  }
  if (target !== undefined) {
    const r0 = layout.rowOf(target);
    if (r0 >= scrolled && r0 < scrolled + height) return { cursor: target, offset: scrolled };
  }
  const keep = cur !== undefined && layout.rowOf(cur) >= scrolled && layout.rowOf(cur) < scrolled + height ? cur : undefined;
  return { cursor: keep, offset: scrolled };
}

/** An offset that shows line `line` (its first row), moving as little as possible. */
export function clampOffset(layout: LineLayout, line: number, offset: number, height: number): number {
  const r0 = layout.rowOf(line);
  const max = Math.max(0, layout.rows - height);
  if (r0 < offset) return r0;
  if (r0 >= offset + height) return Math.min(max, r0 - height + 1);
  return Math.min(offset, max);
}
