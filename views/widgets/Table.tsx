// A windowed table: it is given only the visible rows, whatever the row count,
// and each of their cells as data (value and tone, or rich segments): the
// cells were computed where the cluster data is (src/screens).
import React from 'react';
import { Box, Text } from 'ink';
import type { Column, Seg, Tone } from '../types.js';
import { COLUMN_GAP, type LaidColumn, fitCell } from './layout.js';
import { colorOf, cutLine, pad, textWidth } from './text.js';
import { asciiMarks, mark, MARKS } from './marks.js';

/** A cell as computed by its column: the value (width, fit), its tone, or rich segments. */
export interface TableCell {
  value: string;
  tone?: Tone;
  segs?: Seg[];
}

export interface TableProps<R> {
  laid: LaidColumn<R>[];
  /** The visible rows only; rows[0] is row number `offset`. */
  rows: R[];
  /** A row's cell in a column. */
  cell(r: R, columnId: string): TableCell;
  noColor: boolean;
  selected: number;
  offset: number;
  sortId?: string;
  sortDesc?: boolean;
  width: number;
}

function cellSegs<R>(c: Column<R>, cell: TableCell, w: number): Seg[] {
  if (cell.segs) {
    const segs = cutLine(cell.segs, w);
    const used = segs.reduce((n, s) => n + textWidth(s.text), 0);
    if (used < w) segs.push({ text: ' '.repeat(w - used) });
    return segs;
  }
  return [{ text: pad(fitCell(c, cell.value, w), w, c.align), tone: cell.tone }];
}

/**
 * Adjacent segments drawn the same way become one: a row is a handful of
 * <Text> nodes instead of two per column, which is most of what ink spends
 * on each frame of a wide table.
 */
function runs(segs: Seg[], selected: boolean, noColor: boolean, ellipsis?: string): { text: string; color?: string; bold?: boolean }[] {
  const out: { text: string; color?: string; bold?: boolean }[] = [];
  for (const seg of segs) {
    // Under NO_COLOR the cells are ASCII already (the shell's columns); what is left is the mark of a cut.
    const s = ellipsis && seg.text.includes(MARKS.ellipsis.glyph) ? { ...seg, text: seg.text.split(MARKS.ellipsis.glyph).join(ellipsis) } : seg;
    const color = selected ? undefined : colorOf(s.tone, noColor);
    const bold = s.bold || undefined;
    const last = out[out.length - 1];
    if (last && last.color === color && last.bold === bold) last.text += s.text;
    else out.push({ text: s.text, color, bold });
  }
  return out;
}

export function Table<R>(props: TableProps<R>): React.ReactElement {
  const { laid, rows, cell, noColor, selected, offset, sortId, sortDesc, width } = props;
  const gap = ' '.repeat(COLUMN_GAP);
  const header = laid
    .map(({ col, width: w }) => {
      const arrow = col.id === sortId ? mark(sortDesc ? 'sortDesc' : 'sortAsc', noColor) : '';
      return pad((noColor ? asciiMarks(col.header) : col.header) + arrow, w, col.align);
    })
    .join(gap);
  const visible = rows;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {pad(header, width)}
      </Text>
      {visible.map((r, i) => {
        const isSel = offset + i === selected;
        const segs: Seg[] = [];
        laid.forEach(({ col, width: w }, ci) => {
          if (ci > 0) segs.push({ text: gap });
          segs.push(...cellSegs(col, cell(r, col.id), w));
        });
        const used = segs.reduce((n, s) => n + textWidth(s.text), 0);
        if (used < width) segs.push({ text: ' '.repeat(width - used) });
        return (
          <Text key={offset + i} inverse={isSel} wrap="truncate-end">
            {runs(cutLine(segs, width), isSel, noColor, noColor ? mark('ellipsis', true) : undefined).map((s, si) => (
              <Text key={si} color={s.color} bold={s.bold}>
                {s.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
