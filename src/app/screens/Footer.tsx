// The bottom line: the prompt being typed, a message, or the keys that work
// on this screen (from the binding table).
import React from 'react';
import type { Line } from '../../../views/types.js';
import { Lines } from '../../../views/widgets/Lines.js';
import { asciiMarks, mark } from '../../../views/widgets/marks.js';
import { footerText } from '../keymap.js';
import type { Shell } from '../shell.js';

export function footerLine(shell: Shell): Line {
  const mode = shell.nav.mode;
  const caret = mark('caret', shell.noColor);
  if (mode.type === 'command') {
    const c = shell.commandHints(mode.text);
    return [{ text: `:${mode.text}`, bold: true }, { text: caret }, { text: c.length ? `   ${c.join(' ')}` : '', tone: 'muted' }];
  }
  if (mode.type === 'filter') return [{ text: `/${mode.text}`, bold: true }, { text: caret }, { text: '   text, or -l key=value', tone: 'muted' }];
  if (mode.type === 'search') return [{ text: `/${mode.text}`, bold: true }, { text: caret }, { text: '   Enter jumps to the next match', tone: 'muted' }];
  const m = shell.nav.message;
  if (m) return [{ text: ` ${m.text}`, tone: m.tone }];
  const keys = footerText(shell.screenInfo(), shell.width);
  return [{ text: shell.noColor ? asciiMarks(keys) : keys, tone: 'muted' }];
}

export function Footer({ shell }: { shell: Shell }): React.ReactElement {
  let l: Line;
  try {
    l = footerLine(shell);
  } catch (e) {
    l = [{ text: ` ${(e as Error).message}`, tone: 'error' }];
  }
  return <Lines lines={[l]} offset={0} height={1} width={shell.width} noColor={shell.noColor} />;
}
