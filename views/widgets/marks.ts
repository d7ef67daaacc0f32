// Every mark the screen draws, by meaning, with its ASCII form for NO_COLOR
// (a monochrome terminal, a log file, a screen reader). Views and the shell
// ask for a token; nobody spells a glyph twice.
//
// Two kinds of marks:
// - status marks (an ordinal's state, a run's outcome) share glyphs between
//   tables (● is "ready" in :sts and "succeeded" in :cj, with different ASCII
//   forms), so they are only ever asked for by name: ORDINAL_MARKS,
//   HISTORY_MARKS, HEALTH_MARKS;
// - text marks (arrows, bullets, the ellipsis, tree branches) mean the same
//   everywhere. Text built by modules that do not know about NO_COLOR (the
//   model's port mappings `80→8080`, evidence lines `Unhealthy ×12`, a cut
//   `web-6f7c…`) gets them replaced by asciiMarks() on its way to the screen.

export interface Mark {
  glyph: string;
  ascii: string;
}

export const MARKS = {
  /** Severity counts in the header. */
  error: { glyph: '✖', ascii: 'E' },
  warning: { glyph: '▲', ascii: 'W' },
  info: { glyph: 'ℹ', ascii: 'I' },
  /** Skipped input documents (snapshots); a caveat. */
  skipped: { glyph: '⚠', ascii: '!' },
  /** Live connection. */
  live: { glyph: '●', ascii: '*' },
  /** Sort direction in a table header. */
  sortAsc: { glyph: '↑', ascii: '^' },
  sortDesc: { glyph: '↓', ascii: 'v' },
  /** "leads to": trees, port mappings, next steps, revision current → update. */
  arrow: { glyph: '→', ascii: '->' },
  /** Sideways scroll indicator and keys. */
  left: { glyph: '←', ascii: '<' },
  right: { glyph: '→', ascii: '>' },
  leftRight: { glyph: '←→', ascii: '<>' },
  /** The selected line of a detail (cursor). */
  cursor: { glyph: '▶', ascii: '>' },
  /** Prompt cursor. */
  caret: { glyph: '█', ascii: '_' },
  /** A cut value or line (one column either way, so layouts hold). */
  ellipsis: { glyph: '…', ascii: '~' },
  /** Work going on: `connecting…`, `loading…`. */
  dots: { glyph: '…', ascii: '...' },
  /** Between the parts of a screen title: `StatefulSets › shop/web`. */
  crumb: { glyph: '›', ascii: '>' },
  /** A finding explained by another (folded under its root cause). */
  effect: { glyph: '↳', ascii: '`-' },
  /** Before an evidence line. */
  bullet: { glyph: '·', ascii: '-' },
  /** An event's count: `Unhealthy ×12`. */
  times: { glyph: '×', ascii: 'x' },
  /** A pause in a sentence, and the end of a log stream. */
  dash: { glyph: '—', ascii: '-' },
  /** A range: `Mon–Fri`. */
  range: { glyph: '–', ascii: '-' },
  /** A ratio in a sentence: `elapsed ÷ interval`. */
  divide: { glyph: '÷', ascii: '/' },
  /** Two-way: a Service ↔ its pods. */
  both: { glyph: '↔', ascii: '<->' },
  /** Tree branches (:svc, :ing, :map): a child, the last child, the bar of an open branch. */
  treeMid: { glyph: '├─ ', ascii: '|- ' },
  treeLast: { glyph: '└─ ', ascii: '`- ' },
  treeBar: { glyph: '│  ', ascii: '|  ' },
  /** A row under another in a detail table (an ordinal's claim, a Job's pod). */
  under: { glyph: '└', ascii: '`-' },
} as const satisfies Record<string, Mark>;

export type MarkName = keyof typeof MARKS;

export function mark(name: MarkName, noColor: boolean): string {
  const m = MARKS[name];
  return noColor ? m.ascii : m.glyph;
}

/** An ordinal's pod (:sts ORDINALS, the ordinal table). */
export const ORDINAL_MARKS = {
  ready: { glyph: '●', ascii: 'R' },
  running: { glyph: '◐', ascii: 'r' },
  pending: { glyph: '○', ascii: 'P' },
  terminating: { glyph: '✕', ascii: 'T' },
  missing: { glyph: '✗', ascii: '-' },
  unknown: { glyph: '?', ascii: '?' },
} as const satisfies Record<string, Mark>;

/** A CronJob's runs (:cj HISTORY, the history strip). */
export const HISTORY_MARKS = {
  succeeded: { glyph: '●', ascii: 'o' },
  failed: { glyph: '✗', ascii: 'X' },
  running: { glyph: '◐', ascii: '>' },
  suspended: { glyph: '‖', ascii: '=' },
} as const satisfies Record<string, Mark>;

/** A node's health in the namespace map (:map). */
export const HEALTH_MARKS = {
  ok: { glyph: '●', ascii: '+' },
  warn: { glyph: '●', ascii: '!' },
  error: { glyph: '●', ascii: 'x' },
  muted: { glyph: '●', ascii: '-' },
} as const satisfies Record<string, Mark>;

export function glyphOf(m: Mark, noColor: boolean): string {
  return noColor ? m.ascii : m.glyph;
}

/** Text marks, longest glyph first ('←→' before '→', '├─ ' before '─'). */
const NOT_TEXT = new Set<MarkName>(['live', 'right', 'leftRight', 'dots']);
const TEXT_MARKS: Mark[] = (Object.entries(MARKS) as [MarkName, Mark][])
  .filter(([n]) => !NOT_TEXT.has(n))
  .map(([, m]) => m)
  .sort((a, b) => b.glyph.length - a.glyph.length);
const TEXT_RE = new RegExp(
  [...new Set([...TEXT_MARKS.map((m) => m.glyph), '├', '└', '│', '─'])].map((g) => g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
);
const TEXT_ASCII = new Map<string, string>([
  ...TEXT_MARKS.map((m) => [m.glyph, m.ascii] as [string, string]),
  ['├', '|'],
  ['└', '`'],
  ['│', '|'],
  ['─', '-'],
]);

/**
 * Replace every text mark by its ASCII form (text built before noColor was
 * known: key names, the model's sentences). Status marks are left alone:
 * they are drawn by name. `→` becomes `->` (the arrow keys' names have
 * their own ASCII spelling: keymap.ts keyLabel()).
 */
export function asciiMarks(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return s.replace(TEXT_RE, (g) => TEXT_ASCII.get(g) ?? g);
}
