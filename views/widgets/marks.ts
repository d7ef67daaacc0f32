// Every mark the screen draws, by meaning, with its ASCII form for NO_COLOR
// (a monochrome terminal, a log file, a screen reader). Views and the shell
// ask for a token; nobody spells a glyph twice.
export const MARKS = {
  /** Severity counts in the header. */
  error: { glyph: '✖', ascii: 'E' },
  warning: { glyph: '▲', ascii: 'W' },
  info: { glyph: 'ℹ', ascii: 'I' },
  /** Skipped input documents (snapshots). */
  skipped: { glyph: '⚠', ascii: '!' },
  /** Live connection. */
  live: { glyph: '●', ascii: '*' },
  /** Sort direction in a table header. */
  sortAsc: { glyph: '↑', ascii: '^' },
  sortDesc: { glyph: '↓', ascii: 'v' },
  /** "leads to": trees, port mappings, next steps. */
  arrow: { glyph: '→', ascii: '->' },
  /** Sideways scroll indicator and keys. */
  left: { glyph: '←', ascii: '<' },
  right: { glyph: '→', ascii: '>' },
  leftRight: { glyph: '←→', ascii: '<>' },
  /** The selected line of a detail (cursor). */
  cursor: { glyph: '▶', ascii: '>' },
  /** Prompt cursor. */
  caret: { glyph: '█', ascii: '_' },
} as const;

export type MarkName = keyof typeof MARKS;

export function mark(name: MarkName, noColor: boolean): string {
  const m = MARKS[name];
  return noColor ? m.ascii : m.glyph;
}

/** Replace every glyph of the table by its ASCII form (for text built before noColor was known, e.g. key names). */
export function asciiMarks(s: string): string {
  let out = s;
  // Longest glyphs first: '←→' before '→'.
  const all = (Object.values(MARKS) as { glyph: string; ascii: string }[]).sort((a, b) => b.glyph.length - a.glyph.length);
  for (const m of all) out = out.split(m.glyph).join(m.ascii);
  return out;
}
