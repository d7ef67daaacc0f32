// A terminal in memory for the in-process benchmarks (scenario.ts, memory.ts):
// ink writes frames to FakeStdout and reads keys from FakeStdin.
import { EventEmitter } from 'node:events';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** A terminal in memory: ink writes frames here. */
export class FakeStdout extends EventEmitter {
  isTTY = true;
  frames = 0;
  last = '';
  private waiters: ((t: number) => void)[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array): boolean => {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    // Synchronized-update markers and cursor moves alone are not a frame.
    if (s.replace(ANSI, '').trim() === '') return true;
    const t = performance.now();
    this.frames++;
    this.last = s;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f(t);
    return true;
  };
  /** Resolves with the time of the next frame, or undefined after `timeoutMs`. */
  /** Resolves with the time of the first frame (from now on) whose text matches. */
  frameWith(re: RegExp, timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((f) => f !== check);
        resolve(undefined);
      }, timeoutMs);
      const check = (t: number) => {
        if (re.test(this.last.replace(ANSI, ''))) {
          clearTimeout(timer);
          resolve(t);
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  nextFrame(timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((f) => f !== done);
        resolve(undefined);
      }, timeoutMs);
      const done = (t: number) => {
        clearTimeout(timer);
        resolve(t);
      };
      this.waiters.push(done);
    });
  }
}

/** stdin as ink reads it (the 'readable' + read() protocol of a TTY in raw mode). */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(s: string): void {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

