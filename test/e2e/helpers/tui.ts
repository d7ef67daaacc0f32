// Drive the k8stui dashboard in a real pseudo-terminal: tmux, on a socket of
// our own (never the user's tmux server or anyone else's sessions).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { K8STUI, ROOT, run, shellQuote, waitFor } from './util.js';

const SOCKET = `k8stui-e2e-${process.pid}`;
const EXIT_MARK = '[k8stui exited';

async function tmux(args: string[]): Promise<string> {
  const r = await run('tmux', ['-u', '-L', SOCKET, ...args], { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return r.stdout;
}

/** Kill our tmux server (every session this run started); harmless when none runs. */
export async function killTmuxServer(): Promise<void> {
  await run('tmux', ['-L', SOCKET, 'kill-server'], { timeoutMs: 20_000 }).catch(() => undefined);
}

export interface TuiOptions {
  width?: number;
  height?: number;
  env?: Record<string, string>;
  /** Directory for the stderr file. */
  dir: string;
}

/** One k8stui dashboard in its own tmux session. */
export class Tui {
  private constructor(
    readonly name: string,
    readonly args: string[],
    readonly stderrFile: string,
  ) {}

  static async start(name: string, args: string[], o: TuiOptions): Promise<Tui> {
    const stderrFile = path.join(o.dir, `${name}.stderr`);
    const env = Object.entries({ LANG: 'C.UTF-8', ...o.env })
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    // After k8stui ends the pane stays open showing how it ended, so a crash is seen, not a blank pane.
    const cmd = `cd ${shellQuote(ROOT)} && env ${env} ${shellQuote(process.execPath)} ${shellQuote(K8STUI)} ${args.map(shellQuote).join(' ')} 2>${shellQuote(stderrFile)}; echo "${EXIT_MARK}: $?]"; sleep 86400`;
    await tmux(['new-session', '-d', '-s', name, '-x', String(o.width ?? 200), '-y', String(o.height ?? 50), cmd]);
    return new Tui(name, args, stderrFile);
  }

  /** The visible screen, one string per line (no colours). */
  async screen(): Promise<string> {
    return tmux(['capture-pane', '-p', '-t', this.name]);
  }

  /** Keys as tmux send-keys understands them: literal text with -l, or names like Enter, Escape, Down. */
  async keys(...keys: string[]): Promise<void> {
    await tmux(['send-keys', '-t', this.name, ...keys]);
  }

  async type(text: string): Promise<void> {
    await tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /**
   * What k8stui wrote to stderr, without terminal control sequences (Ink's
   * cursor handling shows the cursor again through stderr on exit).
   */
  stderr(): string {
    const raw = existsSync(this.stderrFile) ? readFileSync(this.stderrFile, 'utf8') : '';
    return raw.replace(/\x1b\[[0-?]*[ -\/]*[@-~]/g, '');
  }

  /** Whether k8stui has ended (the pane shows the exit mark). */
  static exited(screen: string): boolean {
    return screen.includes(EXIT_MARK);
  }

  private last = '';
  /**
   * Poll the screen until `pred` holds (returns a value); on timeout the
   * error shows the last screen and k8stui's stderr. Fails at once if k8stui exited.
   */
  async waitFor<T>(what: string, pred: (screen: string) => T | undefined | false, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
    return waitFor(
      `${what} (tui ${this.name})`,
      async () => {
        const s = await this.screen();
        this.last = s;
        if (Tui.exited(s)) throw new Error(`k8stui exited:\n${s}\nstderr:\n${this.stderr()}`);
        return pred(s);
      },
      { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: opts.intervalMs ?? 300, describe: () => `${this.last}\nstderr: ${this.stderr().slice(0, 2000)}` },
    );
  }

  async stop(): Promise<void> {
    await tmux(['kill-session', '-t', this.name]).catch(() => undefined);
  }
}

/** The header (first line) of a screen. */
export function headerOf(screen: string): string {
  return screen.split('\n')[0] ?? '';
}

export interface TableRow {
  line: string;
  cells: Record<string, string>;
}

/**
 * The table on a screen: the first line that has every one of `headers`
 * is the header; cells are cut at the header words' columns. Stops at the
 * first blank line.
 */
export function parseTable(screen: string, headers: string[]): TableRow[] | undefined {
  const lines = screen.split('\n');
  const hi = lines.findIndex((l) => headers.every((h) => new RegExp(`(^|\\s)${h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[↑↓]?(\\s|$)`).test(l)));
  if (hi < 0) return undefined;
  const header = lines[hi]!;
  const cols = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0].replace(/[↑↓]$/, ''), start: m.index! }));
  const chars = (s: string) => Array.from(s);
  const rows: TableRow[] = [];
  for (const l of lines.slice(hi + 1)) {
    if (l.trim() === '') break;
    // Columns count in terminal cells; the marks used here are one cell wide each.
    const cs = chars(l);
    const cells: Record<string, string> = {};
    cols.forEach((c, i) => {
      const end = i + 1 < cols.length ? cols[i + 1]!.start : cs.length;
      cells[c.name] = cs.slice(c.start, end).join('').trim();
    });
    rows.push({ line: l, cells });
  }
  return rows;
}
