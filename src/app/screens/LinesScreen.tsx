// A line screen (detail, YAML, events, help, logs): title with position,
// wrap and sideways-scroll state, then the rows on screen with the detail
// cursor drawn on the selected object line.
import React from 'react';
import { Box } from 'ink';
import type { Line } from '../../../views/types.js';
import { Lines, ScreenRows } from '../../../views/widgets/Lines.js';
import { mark } from '../../../views/widgets/marks.js';
import { lineWidth } from '../../../views/widgets/text.js';
import { cutMiddle } from '../../../views/widgets/layout.js';
import type { LinesScreen as LinesScreenState } from '../nav.js';
import type { Shell } from '../shell.js';

export function LinesScreen({ shell, screen }: { shell: Shell; screen: LinesScreenState }): React.ReactElement {
  const f = shell.linesFrame(screen);
  const width = shell.width;
  const noColor = shell.noColor;
  const h = shell.contentHeight;
  const total = f.layout.rows;
  const isLogs = screen.source.kind === 'logs';
  const search = isLogs ? shell.logSearch(screen) : '';
  const state: Line = [
    ...(isLogs
      ? [
          { text: screen.follow ? ' following ' : ' paused ', tone: screen.follow ? ('ok' as const) : ('warn' as const) },
          { text: search ? ` /${search} ` : '', tone: 'info' as const },
        ]
      : []),
    { text: screen.wrap ? ' wrap ' : '', tone: 'muted' },
    { text: screen.hscroll > 0 ? ` ${mark('left', noColor)}${screen.hscroll} cols ` : '', tone: 'info' },
    { text: total > h ? ` ${f.offset + 1}-${Math.min(total, f.offset + h)} of ${total}` : '', tone: 'muted' },
  ];
  // A long title (an object's full name, a finding's id and object) is cut in the middle, keeping the name's
  // distinguishing end, and never the state and position after it.
  const room = Math.max(10, width - lineWidth(state) - 2);
  const title: Line = [{ text: ` ${cutMiddle(screen.title, room)} `, tone: 'accent', bold: true }, ...state];
  return (
    <Box flexDirection="column">
      <Lines lines={[title]} offset={0} height={1} width={width} noColor={noColor} />
      <Box flexDirection="column" height={h}>
        <ScreenRows rows={f.layout.slice(f.offset, h)} cursorLine={f.cursor} width={width} noColor={noColor} />
      </Box>
    </Box>
  );
}
