// A scrollable block of styled lines (detail, YAML, events, help, logs).
import React from 'react';
import { Box, Text } from 'ink';
import type { Line, Seg } from '../types.js';
import { colorOf, cutLine, lineWidth } from './text.js';
import { asciiMarks, mark } from './marks.js';

/** Under NO_COLOR, a line's text marks in ASCII (see marks.ts); the line's flags are kept. */
export function asciiLine(l: Line): Line {
  const out: Line = l.map((s) => {
    const text = asciiMarks(s.text);
    return text === s.text ? s : { ...s, text };
  });
  if (l.ref) out.ref = l.ref;
  if (l.wrap) out.wrap = l.wrap;
  if (l.hang !== undefined) out.hang = l.hang;
  if (l.hangText) out.hangText = { ...l.hangText, text: asciiMarks(l.hangText.text) };
  return out;
}

/**
 * A line with no text (`line()`, `line('')`): drawn as one space, since Ink
 * gives a Text with no characters no height and the rows under it would move up.
 */
function blank(segs: Seg[]): boolean {
  return segs.every((s) => s.text.length === 0);
}

/** Lines of the shell's own (title, header, footer, messages): text marks in ASCII under NO_COLOR, cut with its ellipsis. */
export function Lines(props: { lines: Line[]; offset: number; height: number; width: number; noColor: boolean }): React.ReactElement {
  const { lines, offset, height, width, noColor } = props;
  const visible = lines.slice(offset, offset + height).map((l) => (noColor ? asciiLine(l) : l));
  return (
    <Box flexDirection="column">
      {visible.map((l, i) => (
        <Text key={offset + i} wrap="truncate-end">
          {blank(l) ? ' ' : cutLine(l, width, mark('ellipsis', noColor)).map((s, si) => (
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
  return cutLine(out, width, mark('ellipsis', noColor));
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
            {blank(segs) ? ' ' : segs.map((s, si) => (
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
