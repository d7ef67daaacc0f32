// A scrollable block of styled lines (detail, YAML, events, help, logs).
import React from 'react';
import { Box, Text } from 'ink';
import type { Line, Seg } from '../types.js';
import { colorOf, cutLine, lineWidth } from './text.js';
import { mark } from './marks.js';

export function Lines(props: { lines: Line[]; offset: number; height: number; width: number; noColor: boolean }): React.ReactElement {
  const { lines, offset, height, width, noColor } = props;
  const visible = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column">
      {visible.map((l, i) => (
        <Text key={offset + i} wrap="truncate-end">
          {l.length === 0 ? ' ' : cutLine(l, width).map((s, si) => (
            <Text key={si} color={colorOf(s.tone, noColor)} bold={s.bold}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

/** The cursor's mark over the first column of the selected line (drawn inverse too). */
function withCursor(segs: Seg[], noColor: boolean, width: number): Seg[] {
  const m = mark('cursor', noColor);
  const first = segs[0];
  let out: Seg[];
  if (first && first.text.startsWith(' ')) out = [{ ...first, text: m + first.text.slice(1) }, ...segs.slice(1)];
  else out = [{ text: m }, ...segs];
  const used = lineWidth(out);
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return cutLine(out, width);
}

/** Rows already laid out for the screen (wrapped or scrolled sideways); `cursorLine` is drawn selected. */
export function ScreenRows(props: { rows: { segs: Seg[]; line: number }[]; cursorLine?: number; width: number; noColor: boolean }): React.ReactElement {
  const { rows, cursorLine, width, noColor } = props;
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => {
        const sel = cursorLine !== undefined && r.line === cursorLine;
        const first = sel && (i === 0 || rows[i - 1]!.line !== r.line);
        const segs = sel ? (first ? withCursor(r.segs, noColor, width) : [...r.segs, { text: ' '.repeat(Math.max(0, width - lineWidth(r.segs))) }]) : r.segs;
        return (
          <Text key={i} wrap="truncate-end" inverse={sel}>
            {segs.length === 0 ? ' ' : segs.map((s, si) => (
              <Text key={si} color={sel ? undefined : colorOf(s.tone, noColor)} bold={s.bold}>
                {s.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
