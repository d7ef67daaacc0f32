// Keeping the UI thread's store a copy of the worker's: the worker's store
// tells a Publisher what changed; the Publisher sends, at most every few tens
// of milliseconds, the current state of what changed (so a pod updated ten
// times in between is sent once), and applyBatch writes it into the UI
// thread's store in one batch (one notification, one new version).
import type { K8sObject } from '../model/types.js';
import type { LoadError } from '../../diagnostics/types.js';
import type { KindName } from './kinds.js';
import { kindInfo } from './kinds.js';
import type { ClusterStore, ConnectionState, KindStatus, SourceInfo, StoreObserver } from './store.js';

/** One kind's changes in a batch. */
export interface KindDelta {
  kind: KindName;
  /** Scopes replaced whole (namespace, or null for every object of the kind), with their objects now. */
  replaced?: { namespace: string | null; objects: K8sObject[] }[];
  upserts?: K8sObject[];
  /** Store keys (`namespace/name` or `name`) removed. */
  removed?: string[];
}

export interface StoreBatch {
  type: 'batch';
  kinds: KindDelta[];
  statuses?: [KindName, KindStatus][];
  connection?: ConnectionState;
  info?: SourceInfo;
  warnings?: string[];
  loadErrors?: LoadError[];
  /** Objects in this batch (for the sender's throttle and for tests). */
  size: number;
}

interface Pending {
  keys: Set<string>;
  /** null = the whole kind. */
  replaced: Set<string | null>;
}

/** Worker side: watches a store and posts batches of what changed. */
export class Publisher implements StoreObserver {
  private pending = new Map<KindName, Pending>();
  private statuses = new Set<KindName>();
  private connectionChanged = false;
  private lastConnection = '';
  private lastInfo: SourceInfo | undefined;
  private sentWarnings = 0;
  private sentLoadErrors = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private count = 0;

  /**
   * @param intervalMs the longest a change waits before it is sent
   * @param maxObjects a batch is sent at once when this many objects changed
   */
  constructor(
    private readonly store: ClusterStore,
    private readonly post: (b: StoreBatch) => void,
    private readonly intervalMs = 40,
    private readonly maxObjects = 2000,
  ) {
    store.observer = this;
  }

  private entry(kind: KindName): Pending {
    let p = this.pending.get(kind);
    if (!p) this.pending.set(kind, (p = { keys: new Set(), replaced: new Set() }));
    return p;
  }

  object(kind: KindName, key: string): void {
    this.entry(kind).keys.add(key);
    this.count++;
    this.schedule();
  }

  replaced(kind: KindName, namespace: string | undefined): void {
    this.entry(kind).replaced.add(namespace ?? null);
    this.count += 100;
    this.schedule();
  }

  status(kind: KindName): void {
    this.statuses.add(kind);
    this.schedule();
  }

  connection(): void {
    this.connectionChanged = true;
    this.schedule();
  }

  /** Something outside the observer changed (info, warnings): send it with the next batch. */
  touch(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.count >= this.maxObjects) {
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Send what changed now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.store;
    const batch: StoreBatch = { type: 'batch', kinds: [], size: 0 };
    for (const [kind, p] of this.pending) {
      const d: KindDelta = { kind };
      const namespaced = kindInfo(kind).namespaced;
      const all = p.replaced.has(null);
      if (p.replaced.size > 0) {
        d.replaced = [];
        if (all) d.replaced.push({ namespace: null, objects: s.list(kind) });
        else for (const ns of p.replaced) d.replaced.push({ namespace: ns, objects: namespaced ? s.list(kind, ns!) : s.list(kind) });
        for (const r of d.replaced) batch.size += r.objects.length;
      }
      for (const key of p.keys) {
        if (all) break;
        if (namespaced && p.replaced.size > 0 && p.replaced.has(key.slice(0, key.indexOf('/')))) continue;
        const o = s.getByKey(kind, key);
        if (o) (d.upserts ??= []).push(o);
        else (d.removed ??= []).push(key);
        batch.size++;
      }
      if (d.replaced || d.upserts || d.removed) batch.kinds.push(d);
    }
    this.pending.clear();
    this.count = 0;
    if (this.statuses.size) batch.statuses = [...this.statuses].map((k) => [k, s.status(k)]);
    this.statuses.clear();
    // lastEvent is updated in place on every event: compare the whole state.
    const conn = JSON.stringify(s.connection);
    if (this.connectionChanged || conn !== this.lastConnection) batch.connection = s.connection;
    this.connectionChanged = false;
    this.lastConnection = conn;
    if (s.info !== this.lastInfo) batch.info = this.lastInfo = s.info;
    if (s.warnings.length > this.sentWarnings) batch.warnings = s.warnings.slice(this.sentWarnings);
    this.sentWarnings = s.warnings.length;
    if (s.loadErrors.length > this.sentLoadErrors) batch.loadErrors = s.loadErrors.slice(this.sentLoadErrors);
    this.sentLoadErrors = s.loadErrors.length;
    if (batch.kinds.length || batch.statuses || batch.connection || batch.info || batch.warnings || batch.loadErrors) this.post(batch);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.store.observer === this) this.store.observer = undefined;
  }
}

/** UI thread side: write a batch into the store (one notification). */
export function applyBatch(store: ClusterStore, b: StoreBatch): void {
  store.batch(() => {
    if (b.info) store.setInfo(b.info);
    for (const d of b.kinds) {
      // Already projected by the data thread: shared again in place, never copied.
      for (const r of d.replaced ?? []) store.replace(d.kind, r.objects, r.namespace ?? undefined, { projected: true });
      for (const o of d.upserts ?? []) store.upsertProjected(d.kind, o);
      for (const key of d.removed ?? []) store.removeKey(d.kind, key);
    }
    for (const [k, st] of b.statuses ?? []) store.setStatus(k, st);
    if (b.connection) store.setConnection(b.connection);
    if (b.warnings) store.warnings.push(...b.warnings);
    if (b.loadErrors) store.loadErrors.push(...b.loadErrors);
  });
}
