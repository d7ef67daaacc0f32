// The one in-memory picture of the cluster. Sources (live, snapshot) write to
// it; model functions, views and diagnostics only read from it.
import type { K8sObject } from '../model/types.js';
import type { LoadError } from '../../diagnostics/types.js';
import { KINDS, type KindName, kindInfo } from './kinds.js';
import { ingestObject } from './ingest.js';
import { projectObject, reinternObject } from './projection.js';

/** What we know about one kind. Only `ready` (or `partial` for a readable namespace) means "this is all there is". */
export type KindStatus =
  | { state: 'pending' }
  /** `total`: the expected count while paging (loaded + the server's remainingItemCount), when known. */
  | { state: 'loading'; loaded: number; total?: number }
  | { state: 'ready' }
  /** Listed only in some namespaces (the rest were forbidden). */
  | { state: 'partial'; namespaces: string[]; message: string }
  | { state: 'forbidden'; message: string }
  | { state: 'error'; message: string }
  /** A snapshot that does not contain this kind at all: unknown, not empty. */
  | { state: 'absent' };

export type SourceKind = 'live' | 'snapshot' | 'demo';

export interface SourceInfo {
  source: SourceKind;
  context?: string;
  cluster?: string;
  server?: string;
  serverVersion?: string;
  user?: string;
  /** Namespace scope: undefined = all namespaces. */
  namespace?: string;
  /** The snapshot's capture time, if any. */
  capturedAt?: string;
  /** How the evaluation time was chosen: --now, the capture time, inferred from the snapshot's newest timestamp, or the clock. */
  nowSource?: 'flag' | 'captured' | 'inferred' | 'clock';
  /** The fixed evaluation time (ISO) unless it is the clock; for 'inferred', the field and object it came from. */
  now?: string;
  nowFrom?: string;
  /** Path(s) the snapshot came from. */
  path?: string;
  clusterDomain: string;
}

export type ConnectionState =
  | { state: 'connecting'; since: number }
  | { state: 'live'; since: number; lastEvent?: number }
  | { state: 'reconnecting'; since: number; attempt: number; reason: string; lastEvent?: number }
  | { state: 'stale'; since: number; lastEvent?: number; reason: string }
  | { state: 'offline' }; // snapshot / demo

export function objectKey(o: { metadata: { namespace?: string; name: string } }): string {
  const ns = o.metadata.namespace;
  return ns ? `${ns}/${o.metadata.name}` : o.metadata.name;
}

type Listener = () => void;

/** Told about each change as it happens (the worker thread's publisher, src/cluster/sync.ts). */
export interface StoreObserver {
  /** One object added, changed or removed. */
  object(kind: KindName, key: string): void;
  /** Every object of the kind (namespace undefined) or of the kind in one namespace replaced. */
  replaced(kind: KindName, namespace: string | undefined): void;
  status(kind: KindName): void;
  connection(): void;
}

export class ClusterStore {
  info: SourceInfo;
  connection: ConnectionState = { state: 'offline' };
  /** Increases on every change: memoized derivations key on it. */
  version = 0;
  private objects = new Map<KindName, Map<string, K8sObject>>();
  private statuses = new Map<KindName, KindStatus>();
  private lists = new Map<KindName, { version: number; all: K8sObject[]; byNs: Map<string, K8sObject[]> }>();
  private kindVersion = new Map<KindName, number>();
  private listeners = new Set<Listener>();
  private memos = new Map<string, { version: number; value: unknown; kinds: Set<KindName> }>();
  /** While set, the kinds read (src/screens: which kinds a view's cells depend on). */
  private reads?: Set<KindName>;
  private batching = 0;
  private dirty = false;
  /** Non-fatal problems worth showing (e.g. malformed snapshot documents). */
  warnings: string[] = [];
  /** Input documents that could not be read (snapshots): shown in the header and every report, never dropped. */
  loadErrors: LoadError[] = [];
  /** Keep only the projected fields (src/cluster/projection.ts); false keeps whole objects (tests that compare). */
  readonly compact: boolean;
  observer?: StoreObserver;

  constructor(info: Partial<SourceInfo> & { source: SourceKind }, opts: { compact?: boolean } = {}) {
    this.info = { clusterDomain: 'cluster.local', ...info };
    this.compact = opts.compact ?? true;
    for (const k of KINDS) {
      this.objects.set(k.kind, new Map());
      this.statuses.set(k.kind, { state: 'pending' });
      this.kindVersion.set(k.kind, 0);
    }
  }

  // ---------- reading ----------

  list<T extends K8sObject = K8sObject>(kind: KindName, namespace?: string): T[] {
    this.reads?.add(kind);
    const kv = this.kindVersion.get(kind)!;
    let cached = this.lists.get(kind);
    if (!cached || cached.version !== kv) {
      const all = [...this.objects.get(kind)!.values()];
      all.sort(byNamespaceName);
      cached = { version: kv, all, byNs: new Map() };
      this.lists.set(kind, cached);
    }
    if (namespace === undefined || !kindInfo(kind).namespaced) return cached.all as T[];
    let inNs = cached.byNs.get(namespace);
    if (!inNs) {
      inNs = cached.all.filter((o) => o.metadata.namespace === namespace);
      cached.byNs.set(namespace, inNs);
    }
    return inNs as T[];
  }

  get<T extends K8sObject = K8sObject>(kind: KindName, namespace: string | undefined, name: string): T | undefined {
    this.reads?.add(kind);
    const key = namespace && kindInfo(kind).namespaced ? `${namespace}/${name}` : name;
    return this.objects.get(kind)!.get(key) as T | undefined;
  }

  count(kind: KindName): number {
    this.reads?.add(kind);
    return this.objects.get(kind)!.size;
  }

  status(kind: KindName): KindStatus {
    this.reads?.add(kind);
    return this.statuses.get(kind)!;
  }

  /**
   * Can the absence of an object of this kind (in this namespace) be trusted?
   * Only when the kind was fully read there. Forbidden, failed, still loading
   * or absent from a snapshot all mean "could not look".
   */
  complete(kind: KindName, namespace?: string): boolean {
    const s = this.status(kind);
    if (s.state === 'ready') return true;
    if (s.state === 'partial') return namespace !== undefined && s.namespaces.includes(namespace);
    return false;
  }

  kindVersionOf(kind: KindName): number {
    this.reads?.add(kind);
    return this.kindVersion.get(kind)!;
  }

  /** Cache a derivation until the store changes. */
  memo<T>(key: string, compute: () => T): T {
    const m = this.memos.get(key);
    if (m && m.version === this.version) {
      if (this.reads) for (const k of m.kinds) this.reads.add(k);
      return m.value as T;
    }
    // The kinds the derivation reads are remembered with it: a cache hit reads them too.
    const outer = this.reads;
    const kinds = new Set<KindName>();
    this.reads = kinds;
    let value: T;
    try {
      value = compute();
    } finally {
      this.reads = outer;
    }
    if (outer) for (const k of kinds) outer.add(k);
    this.memos.set(key, { version: this.version, value, kinds });
    return value;
  }

  /**
   * Run `fn`, adding to `into` every kind it read (list, get, count, status,
   * complete, memoized derivations): what a view's cells depend on, so a
   * cache of them stays valid while those kinds do not change.
   */
  tracking<T>(into: Set<KindName>, fn: () => T): T {
    const outer = this.reads;
    this.reads = into;
    try {
      return fn();
    } finally {
      this.reads = outer;
      if (outer) for (const k of into) outer.add(k);
    }
  }

  // ---------- writing (sources only) ----------

  setStatus(kind: KindName, status: KindStatus): void {
    this.statuses.set(kind, status);
    this.observer?.status(kind);
    this.touch(kind);
  }

  /** Replace the source info (context switch, capture time...): listeners see a new version. */
  setInfo(info: SourceInfo): void {
    this.info = info;
    this.version++;
    this.notify();
  }

  setConnection(c: ConnectionState): void {
    this.connection = c;
    this.observer?.connection();
    this.version++;
    this.notify();
  }

  /** What an object becomes in the store: projected (compact) or whole, always sanitized. */
  ingest(kind: KindName, obj: K8sObject): K8sObject {
    if (this.compact) return projectObject(kind, obj);
    const clean = ingestObject(obj, kind);
    if (!clean.kind) clean.kind = kind;
    return clean;
  }

  upsert(kind: KindName, obj: K8sObject): void {
    const clean = this.ingest(kind, obj);
    const key = objectKey(clean);
    this.objects.get(kind)!.set(key, clean);
    this.observer?.object(kind, key);
    this.touch(kind);
  }

  remove(kind: KindName, obj: { metadata: { namespace?: string; name: string } }): void {
    this.removeKey(kind, objectKey(obj));
  }

  /** Remove by store key (`namespace/name`, or `name` for cluster-scoped kinds). */
  removeKey(kind: KindName, key: string): void {
    if (this.objects.get(kind)!.delete(key)) {
      this.observer?.object(kind, key);
      this.touch(kind);
    }
  }

  /** The object stored under a key (`namespace/name`, or `name`). */
  getByKey(kind: KindName, key: string): K8sObject | undefined {
    this.reads?.add(kind);
    return this.objects.get(kind)!.get(key);
  }

  /**
   * Replace every object of a kind (or of a kind within one namespace) with a
   * fresh list: what a re-list after 410 Gone or a reconnect does, so objects
   * deleted meanwhile disappear.
   */
  /** An object another thread's store already projected (src/cluster/sync.ts): shared again in place, not copied. */
  upsertProjected(kind: KindName, obj: K8sObject): void {
    const clean = this.compact ? reinternObject(kind, obj) : obj;
    const key = objectKey(clean);
    this.objects.get(kind)!.set(key, clean);
    this.observer?.object(kind, key);
    this.touch(kind);
  }

  replace(kind: KindName, objs: K8sObject[], namespace?: string, opts: { raw?: boolean; projected?: boolean } = {}): void {
    const m = this.objects.get(kind)!;
    if (namespace === undefined) m.clear();
    else for (const [k, o] of m) if (o.metadata.namespace === namespace) m.delete(k);
    for (const o of objs) {
      const clean = opts.raw ? o : opts.projected ? (this.compact ? reinternObject(kind, o) : o) : this.ingest(kind, o);
      m.set(objectKey(clean), clean);
    }
    this.observer?.replaced(kind, namespace);
    this.touch(kind);
  }

  /** Group many writes into one notification. */
  batch(fn: () => void): void {
    this.batching++;
    try {
      fn();
    } finally {
      this.batching--;
      if (this.batching === 0 && this.dirty) this.notify();
    }
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private touch(kind: KindName): void {
    this.kindVersion.set(kind, this.kindVersion.get(kind)! + 1);
    this.version++;
    this.notify();
  }

  private notify(): void {
    if (this.batching > 0) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    for (const l of this.listeners) l();
  }
}

function byNamespaceName(a: K8sObject, b: K8sObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
