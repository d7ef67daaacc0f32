// A scrollable block of styled lines (detail, YAML, events, help).
import React from 'react';
import { Box, Text } from 'ink';
import type { Line } from '../types.js';
import { colorOf, cutLine } from './text.js';

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
