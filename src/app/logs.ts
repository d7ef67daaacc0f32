// A pod's log as the shell shows it: bounded buffer, container picker,
// previous container (what a CrashLoopBackOff pod printed before dying),
// follow, wrap and search. Lines arrive already sanitized by the API module.
import type { Line, Seg } from '../../views/types.js';
import { textWidth } from '../../views/widgets/text.js';
import type { LiveControl } from './App.js';
import { sanitizeLine } from '../model/sanitize.js';

export interface LogTarget {
  namespace: string;
  pod: string;
  containers: string[];
}

export const LOG_BUFFER_LINES = 5000;

/** Whatever streams pod logs: the live source (a class instance whose podLog uses `this`). */
export type LogProvider = Required<Pick<LiveControl, 'podLog'>>;

export class LogSession {
  buf: string[] = [];
  ended?: string;
  container: string | undefined;
  previous = false;
  wrap = false;
  search = '';
  private stopStream?: () => void;

  constructor(
    // The provider, not its podLog function: the method is called on its object
    // (LiveSource.podLog reads this.logs and this.api; a detached call crashed the dashboard).
    private readonly provider: LogProvider,
    readonly target: LogTarget,
    private readonly onChange: () => void,
    private readonly max = LOG_BUFFER_LINES,
  ) {
    this.container = target.containers[0];
    this.start();
  }

  start(): void {
    this.stopStream?.();
    this.buf = [];
    this.ended = undefined;
    const stop = this.provider.podLog(
      { namespace: this.target.namespace, pod: this.target.pod, container: this.container, previous: this.previous, follow: !this.previous, tailLines: this.max },
      (l) => {
        this.buf.push(sanitizeLine(l));
        if (this.buf.length > this.max + 500) this.buf.splice(0, this.buf.length - this.max);
        this.onChange();
      },
      (err) => {
        this.ended = err ? err.message : this.previous ? 'end of the previous container\'s log' : 'log stream ended';
        this.onChange();
      },
    );
    this.stopStream = stop;
  }

  close(): void {
    this.stopStream?.();
    this.stopStream = undefined;
  }

  /** Keys of the log screen; true when handled. */
  key(input: string): boolean {
    switch (input) {
      case 'c':
        if (this.target.containers.length < 2) return true;
        this.container = this.target.containers[(this.target.containers.indexOf(this.container ?? '') + 1) % this.target.containers.length];
        this.start();
        return true;
      case 'p':
        this.previous = !this.previous;
        this.start();
        return true;
      case 'w':
        this.wrap = !this.wrap;
        return true;
      default:
        return false;
    }
  }

  title(): string {
    const c = this.container ? ` [${this.container}${this.target.containers.length > 1 ? ` ${this.target.containers.indexOf(this.container) + 1}/${this.target.containers.length}` : ''}]` : '';
    return `Logs › ${this.target.namespace}/${this.target.pod}${c}${this.previous ? ' (previous container)' : ''}`;
  }

  /** The buffer (last `max` lines) as screen lines: wrapped or cut, search matches highlighted. */
  lines(width: number): Line[] {
    const src = this.buf.length > this.max ? this.buf.slice(this.buf.length - this.max) : this.buf;
    const out: Line[] = [];
    const needle = this.search.toLowerCase();
    for (const l of src) {
      const pieces = this.wrap ? wrapText(l, width) : [l];
      for (const p of pieces) out.push(needle ? highlight(p, needle) : [{ text: p }]);
    }
    if (src.length === 0 && !this.ended) out.push([{ text: 'waiting for log lines…', tone: 'muted' }]);
    if (this.ended) out.push([{ text: `— ${this.ended}`, tone: 'muted' }]);
    return out;
  }

  /** Index (in lines(width)) of the next line matching the search after `from`. */
  nextMatch(width: number, from: number): number | undefined {
    if (!this.search) return undefined;
    const ls = this.lines(width);
    const needle = this.search.toLowerCase();
    for (let i = 1; i <= ls.length; i++) {
      const j = (from + i) % ls.length;
      if (ls[j]!.map((s) => s.text).join('').toLowerCase().includes(needle)) return j;
    }
    return undefined;
  }
}

export function wrapText(s: string, width: number): string[] {
  if (width <= 0 || textWidth(s) <= width) return [s];
  const out: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of s) {
    const cw = textWidth(ch);
    if (w + cw > width) {
      out.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur) out.push(cur);
  return out;
}

export function highlight(s: string, needleLower: string): Seg[] {
  const lower = s.toLowerCase();
  const segs: Seg[] = [];
  let i = 0;
  while (i < s.length) {
    const j = lower.indexOf(needleLower, i);
    if (j < 0) {
      segs.push({ text: s.slice(i) });
      break;
    }
    if (j > i) segs.push({ text: s.slice(i, j) });
    segs.push({ text: s.slice(j, j + needleLower.length), tone: 'warn', bold: true });
    i = j + needleLower.length;
  }
  return segs.length ? segs : [{ text: '' }];
}
