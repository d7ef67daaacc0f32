// Width-aware text helpers for the terminal (East Asian wide characters count 2).
import stringWidth from 'string-width';
import type { Line, Seg, Tone } from '../types.js';

// ASCII fast path: most cluster text is ASCII; string-width is only needed otherwise.
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x20-\x7e]/;

export function textWidth(s: string): number {
  return NON_ASCII.test(s) ? stringWidth(s) : s.length;
}

/** Cut to at most `w` columns, with an ellipsis when cut. */
export function truncate(s: string, w: number): string {
  if (w <= 0) return '';
  if (textWidth(s) <= w) return s;
  if (w === 1) return '…';
  if (!NON_ASCII.test(s)) return s.slice(0, w - 1) + '…';
  let out = '';
  let used = 0;
  for (const ch of s) {
    const cw = stringWidth(ch);
    if (used + cw > w - 1) break;
    out += ch;
    used += cw;
  }
  return out + '…';
}

export function pad(s: string, w: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(s, w);
  const gap = w - textWidth(t);
  if (gap <= 0) return t;
  return align === 'right' ? ' '.repeat(gap) + t : t + ' '.repeat(gap);
}

/** Cut a line of segments to `w` columns. */
export function cutLine(line: Line, w: number): Line {
  const out: Seg[] = [];
  let used = 0;
  for (const seg of line) {
    if (used >= w) break;
    const sw = textWidth(seg.text);
    if (used + sw <= w) {
      out.push(seg);
      used += sw;
    } else {
      out.push({ ...seg, text: truncate(seg.text, w - used) });
      used = w;
    }
  }
  return out;
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

export const TONE_COLOR: Record<Tone, string | undefined> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  info: 'cyan',
  muted: 'gray',
  accent: 'blue',
  default: undefined,
};

export function colorOf(tone: Tone | undefined, noColor: boolean): string | undefined {
  if (noColor || !tone) return undefined;
  return TONE_COLOR[tone];
}

/** Helpers to build lines tersely in views. */
export const seg = (text: string, tone?: Tone, bold?: boolean): Seg => ({ text, tone, bold });
export const line = (...segs: (Seg | string)[]): Line => segs.map((s) => (typeof s === 'string' ? { text: s } : s));

/** Mark a line as a selectable row standing for an object (detail cursor). */
export function withRef(l: Line, ref: Line['ref']): Line {
  l.ref = ref;
  return l;
}

/** Mark a line as always wrapped, never cut (a command to copy). */
export function wrapped(l: Line): Line {
  l.wrap = true;
  return l;
}

/** Split a string at display column `w` (never inside a character): [head, tail]. */
function splitAt(s: string, w: number): [string, string] {
  if (!NON_ASCII.test(s)) return [s.slice(0, w), s.slice(w)];
  let used = 0;
  let i = 0;
  for (const ch of s) {
    const cw = stringWidth(ch);
    if (used + cw > w) break;
    used += cw;
    i += ch.length;
  }
  return [s.slice(0, i), s.slice(i)];
}

/** The columns [from, from + w) of a line of segments (sideways scroll); no ellipsis. */
export function sliceLine(l: Line, from: number, w: number): Seg[] {
  const out: Seg[] = [];
  let col = 0;
  for (const s of l) {
    const sw = textWidth(s.text);
    const end = col + sw;
    if (end <= from) {
      col = end;
      continue;
    }
    let text = s.text;
    if (col < from) text = splitAt(text, from - col)[1];
    const start = Math.max(col, from);
    const room = from + w - start;
    if (room <= 0) break;
    if (textWidth(text) > room) text = splitAt(text, room)[0];
    if (text) out.push({ ...s, text });
    col = end;
    if (col >= from + w) break;
  }
  return out;
}

/** Wrap a line of segments into rows of at most `w` columns, at a space when one is near the end of the row, else hard. */
export function wrapLine(l: Line, w: number): Seg[][] {
  const width = Math.max(1, w);
  const rows: Seg[][] = [[]];
  let used = 0;
  for (const s of l) {
    let text = s.text;
    while (text) {
      const room = width - used;
      if (room <= 0) {
        rows.push([]);
        used = 0;
        continue;
      }
      let [head, tail] = splitAt(text, room);
      let broke = false;
      // Prefer to break after a space in the second half of the row (words stay whole), else hard.
      if (tail && !tail.startsWith(' ')) {
        const sp = head.lastIndexOf(' ');
        if (sp >= 0 && used + textWidth(head.slice(0, sp + 1)) >= width / 2) {
          tail = head.slice(sp + 1) + tail;
          head = head.slice(0, sp + 1);
          broke = true;
        }
      }
      if (!head) {
        // a wide character that does not fit the rest of this row
        rows.push([]);
        used = 0;
        if (width < 2) {
          rows[rows.length - 1]!.push({ ...s, text: text.slice(0, 1) });
          text = text.slice(1);
        }
        continue;
      }
      rows[rows.length - 1]!.push({ ...s, text: head });
      used = broke ? width : used + textWidth(head);
      text = tail;
    }
  }
  return rows;
}

/** Display width of a line of segments. */
export function lineWidth(l: Seg[]): number {
  let n = 0;
  for (const s of l) n += textWidth(s.text);
  return n;
}
