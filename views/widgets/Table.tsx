// A windowed table: it is given only the visible rows, whatever the row count.
import React from 'react';
import { Box, Text } from 'ink';
import type { Column, Seg, ViewCtx } from '../types.js';
import { COLUMN_GAP, type LaidColumn, fitCell } from './layout.js';
import { colorOf, cutLine, pad, textWidth } from './text.js';
import { mark } from './marks.js';

export interface TableProps<R> {
  laid: LaidColumn<R>[];
  /** The visible rows only; rows[0] is row number `offset`. */
  rows: R[];
  ctx: ViewCtx;
  selected: number;
  offset: number;
  sortId?: string;
  sortDesc?: boolean;
  width: number;
}

function cellSegs<R>(c: Column<R>, r: R, ctx: ViewCtx, w: number): Seg[] {
  if (c.cell) {
    const segs = cutLine(c.cell(r, ctx), w);
    const used = segs.reduce((n, s) => n + textWidth(s.text), 0);
    if (used < w) segs.push({ text: ' '.repeat(w - used) });
    return segs;
  }
  return [{ text: pad(fitCell(c, c.value(r, ctx), w), w, c.align), tone: c.tone?.(r, ctx) }];
}

/**
 * Adjacent segments drawn the same way become one: a row is a handful of
 * <Text> nodes instead of two per column, which is most of what ink spends
 * on each frame of a wide table.
 */
function runs(segs: Seg[], selected: boolean, noColor: boolean): { text: string; color?: string; bold?: boolean }[] {
  const out: { text: string; color?: string; bold?: boolean }[] = [];
  for (const s of segs) {
    const color = selected ? undefined : colorOf(s.tone, noColor);
    const bold = s.bold || undefined;
    const last = out[out.length - 1];
    if (last && last.color === color && last.bold === bold) last.text += s.text;
    else out.push({ text: s.text, color, bold });
  }
  return out;
}

export function Table<R>(props: TableProps<R>): React.ReactElement {
  const { laid, rows, ctx, selected, offset, sortId, sortDesc, width } = props;
  const gap = ' '.repeat(COLUMN_GAP);
  const header = laid
    .map(({ col, width: w }) => {
      const arrow = col.id === sortId ? mark(sortDesc ? 'sortDesc' : 'sortAsc', ctx.noColor) : '';
      return pad(col.header + arrow, w, col.align);
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
          segs.push(...cellSegs(col, r, ctx, w));
        });
        const used = segs.reduce((n, s) => n + textWidth(s.text), 0);
        if (used < width) segs.push({ text: ' '.repeat(width - used) });
        return (
          <Text key={offset + i} inverse={isSel} wrap="truncate-end">
            {runs(cutLine(segs, width), isSel, ctx.noColor).map((s, si) => (
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
