// Diagnostics for the shell, off the key path: the first frame shows without
// them, and later runs are spaced by ten times their own cost (at least 1 s),
// so a large cluster's checks take at most a tenth of the time. `diagnose`
// may return the report or a Promise of it (a worker thread).
import type { ClusterStore } from '../cluster/store.js';
import type { DiagnosticsReport, Finding } from '../../diagnostics/types.js';

export type DiagnoseFn = (store: ClusterStore, now: number, namespace: string | undefined) => DiagnosticsReport | undefined | Promise<DiagnosticsReport | undefined>;

export interface DiagInput {
  store: ClusterStore;
  now: number;
  namespace: string | undefined;
  /** Changes whenever a new run is due (store version, namespace, clock bucket). */
  key: string;
}

function isPromise<T>(x: unknown): x is Promise<T> {
  return !!x && typeof (x as Promise<T>).then === 'function';
}

export class DiagRunner {
  report?: DiagnosticsReport;
  private index = new Map<string, Finding[]>();
  private key?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private inflight = false;
  private last = 0;
  private cost = 0;
  private stopped = false;

  constructor(
    private readonly diagnose: DiagnoseFn | undefined,
    private readonly input: () => DiagInput,
    private readonly onReport: () => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  get enabled(): boolean {
    return !!this.diagnose;
  }

  /** A run is due, scheduled or in flight. */
  busy(): boolean {
    if (!this.diagnose || this.stopped) return false;
    return this.timer !== undefined || this.inflight || this.key !== this.input().key;
  }

  /** Start a run if one is due, spaced from the last by ten times its cost. */
  schedule(): void {
    if (!this.diagnose || this.stopped || this.timer || this.inflight || this.key === this.input().key) return;
    const wait = this.last === 0 ? 0 : Math.max(0, this.last + Math.max(1000, 10 * this.cost) - Date.now());
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  findingsFor(kind: string, namespace: string | undefined, name: string): Finding[] {
    return this.index.get(`${kind}/${namespace ?? ''}/${name}`) ?? [];
  }

  private run(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const inp = this.input();
    this.key = inp.key;
    this.inflight = true;
    const t0 = Date.now();
    const done = (r: DiagnosticsReport | undefined) => {
      this.inflight = false;
      this.cost = Date.now() - t0;
      this.last = Date.now();
      if (this.stopped) return;
      this.setReport(r);
      this.onReport();
      this.schedule();
    };
    const failed = (e: unknown) => {
      this.inflight = false;
      this.last = Date.now();
      if (!this.stopped) this.onError(e);
    };
    try {
      const r = this.diagnose!(inp.store, inp.now, inp.namespace);
      if (isPromise<DiagnosticsReport | undefined>(r)) r.then(done, failed);
      else done(r);
    } catch (e) {
      failed(e);
    }
  }

  private setReport(r: DiagnosticsReport | undefined): void {
    this.report = r;
    const m = new Map<string, Finding[]>();
    for (const f of r?.findings ?? []) {
      const k = `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
      let arr = m.get(k);
      if (!arr) m.set(k, (arr = []));
      arr.push(f);
    }
    this.index = m;
  }
}
