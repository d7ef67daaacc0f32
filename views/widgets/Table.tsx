// A windowed table: only the visible rows are rendered, whatever the row count.
import React from 'react';
import { Box, Text } from 'ink';
import type { Column, Seg, ViewCtx } from '../types.js';
import { COLUMN_GAP, type LaidColumn } from './layout.js';
import { colorOf, cutLine, pad, textWidth } from './text.js';

export interface TableProps<R> {
  laid: LaidColumn<R>[];
  rows: R[];
  ctx: ViewCtx;
  selected: number;
  offset: number;
  height: number; // rows of data (header excluded)
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
  return [{ text: pad(c.value(r, ctx), w, c.align), tone: c.tone?.(r, ctx) }];
}

export function Table<R>(props: TableProps<R>): React.ReactElement {
  const { laid, rows, ctx, selected, offset, height, sortId, sortDesc, width } = props;
  const gap = ' '.repeat(COLUMN_GAP);
  const header = laid
    .map(({ col, width: w }) => {
      const mark = col.id === sortId ? (sortDesc ? '↓' : '↑') : '';
      return pad(col.header + mark, w, col.align);
    })
    .join(gap);
  const visible = rows.slice(offset, offset + height);
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
            {cutLine(segs, width).map((s, si) => (
              <Text key={si} color={isSel ? undefined : colorOf(s.tone, ctx.noColor)} bold={s.bold}>
                {s.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
