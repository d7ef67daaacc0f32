// A pod's log as the shell shows it: bounded buffer, container picker,
// previous container (what a CrashLoopBackOff pod printed before dying),
// and search. Wrapping and sideways scrolling are the line screen's.
// Lines are sanitized again here: nothing from the cluster reaches the terminal raw.
import type { Line, Seg } from '../../views/types.js';
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
  search = '';
  /** Increases with every change (new lines, end): the screen's lines are cached on it. */
  version = 0;
  private stopStream?: () => void;
  private cache?: { version: number; search: string; lines: Line[] };

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

  private changed(): void {
    this.version++;
    this.onChange();
  }

  start(): void {
    this.stopStream?.();
    this.buf = [];
    this.ended = undefined;
    this.version++;
    // A stream already stopped must not write into the restarted one.
    const run = { live: true };
    let stop: (() => void) | undefined;
    try {
      stop = this.provider.podLog(
        { namespace: this.target.namespace, pod: this.target.pod, container: this.container, previous: this.previous, follow: !this.previous, tailLines: this.max },
        (l) => {
          if (!run.live) return;
          this.buf.push(sanitizeLine(l));
          if (this.buf.length > this.max + 500) this.buf.splice(0, this.buf.length - this.max);
          this.changed();
        },
        (err) => {
          if (!run.live) return;
          this.ended = err ? err.message : this.previous ? "end of the previous container's log" : 'log stream ended';
          this.changed();
        },
      );
    } catch (e) {
      this.ended = `could not read the log: ${(e as Error).message}`;
    }
    this.stopStream = () => {
      run.live = false;
      stop?.();
    };
  }

  close(): void {
    this.stopStream?.();
    this.stopStream = undefined;
  }

  /** `c`: the next container (restarts the stream); false when there is only one. */
  nextContainer(): boolean {
    if (this.target.containers.length < 2) return false;
    this.container = this.target.containers[(this.target.containers.indexOf(this.container ?? '') + 1) % this.target.containers.length];
    this.start();
    return true;
  }

  /** `p`: the previous container's log, or back to the current one. */
  togglePrevious(): void {
    this.previous = !this.previous;
    this.start();
  }

  title(): string {
    const c = this.container ? ` [${this.container}${this.target.containers.length > 1 ? ` ${this.target.containers.indexOf(this.container) + 1}/${this.target.containers.length}` : ''}]` : '';
    return `Logs › ${this.target.namespace}/${this.target.pod}${c}${this.previous ? ' (previous container)' : ''}`;
  }

  /** The buffer (last `max` lines) as screen lines, search matches highlighted. */
  lines(): Line[] {
    if (this.cache && this.cache.version === this.version && this.cache.search === this.search) return this.cache.lines;
    const src = this.buf.length > this.max ? this.buf.slice(this.buf.length - this.max) : this.buf;
    const out: Line[] = [];
    const needle = this.search.toLowerCase();
    for (const l of src) out.push(needle ? highlight(l, needle) : [{ text: l }]);
    if (src.length === 0 && !this.ended) out.push([{ text: 'waiting for log lines…', tone: 'muted' }]);
    if (this.ended) out.push([{ text: `— ${this.ended}`, tone: 'muted' }]);
    this.cache = { version: this.version, search: this.search, lines: out };
    return out;
  }

  /** Index (in lines()) of the next line matching the search after line `from`. */
  nextMatch(from: number): number | undefined {
    if (!this.search) return undefined;
    const ls = this.lines();
    const needle = this.search.toLowerCase();
    for (let i = 1; i <= ls.length; i++) {
      const j = (((from + i) % ls.length) + ls.length) % ls.length;
      if (ls[j]!.map((s) => s.text).join('').toLowerCase().includes(needle)) return j;
    }
    return undefined;
  }
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
