// Watch a TUI in the background: sample its screen every few hundred ms and
// keep each distinct value `extract` finds, with its time. Lets a slow
// observation (a CronJob's history over minutes) run while other tests do.
import type { Tui } from './tui.js';

export interface Sample<T> {
  at: number;
  value: T;
}

export class ScreenRecorder<T> {
  readonly samples: Sample<T>[] = [];
  errors: string[] = [];
  frames = 0;
  lastScreen = '';
  private stopped = false;
  private loop: Promise<void>;

  constructor(
    private readonly tui: Tui,
    private readonly extract: (screen: string) => T | undefined,
    private readonly same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
    intervalMs = 400,
  ) {
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          const s = await this.tui.screen();
          this.lastScreen = s;
          this.frames++;
          const v = this.extract(s);
          const prev = this.samples[this.samples.length - 1];
          if (v !== undefined && (!prev || !this.same(prev.value, v))) this.samples.push({ at: Date.now(), value: v });
        } catch (e) {
          if (this.errors.length < 20) this.errors.push((e as Error).message);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    })();
  }

  get latest(): T | undefined {
    return this.samples[this.samples.length - 1]?.value;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
