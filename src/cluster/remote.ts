// The UI thread's side of the data thread (src/cluster/worker.ts): a
// ClusterStore kept as a copy of the worker's (compact objects, in batches),
// and the operations the shell needs, each a message: diagnostics, whole
// objects for `y`, pod logs, namespace and context switches. The read API of
// the store is the same as ever, so views and the shell need no change; a key
// press never waits for listing, JSON parsing, projection or a diagnostics run.
import { Worker } from 'node:worker_threads';
import type { K8sObject } from '../model/types.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import type { DiagConfig } from '../../diagnostics/config.js';
import { ClusterStore, type SourceKind } from './store.js';
import { applyBatch } from './sync.js';
import { loadKubeconfig, resolveContext, SourceError, type KubeContextInfo, type KubeconfigOptions, type LoadedKubeconfig } from './kubeconfig.js';
import { SnapshotError } from './snapshot.js';
import { KINDS } from './kinds.js';
import type { FromWorker, LiveInit, SnapshotInit, ToWorker } from './protocol.js';
import type { PodLogTarget } from './live.js';

export interface RemoteLiveControl {
  switchNamespace(namespace: string | undefined): Promise<void>;
  switchContext(context: string): Promise<void>;
  contexts(): KubeContextInfo[];
  podLog(target: PodLogTarget, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void;
  stop(): void;
}

export interface RemoteSource {
  /** The UI thread's copy of the store. */
  store: ClusterStore;
  /**
   * Live: /version answered (rejects with the one-line SourceError when it did
   * not: unreachable, TLS, 401). Snapshot: the first objects (with the capture
   * time) are in, or the whole file was read (rejects with SnapshotError).
   */
  ready: Promise<void>;
  /** Every kind listed once / the whole snapshot read. */
  loaded: Promise<void>;
  /** Live control (switches, logs); absent for snapshots. */
  live?: RemoteLiveControl;
  /** The diagnostics engine, run in the data thread over its store. */
  diagnose(store: ClusterStore, now: number, namespace: string | undefined, config?: DiagConfig): Promise<DiagnosticsReport | undefined>;
  /** The whole object for `y`: a GET (live) or its document read again from the snapshot file. */
  fullObject(ref: { kind: string; namespace?: string; name: string }): Promise<K8sObject | undefined>;
  /** The data thread's heap statistics (benchmarks). */
  memory(): Promise<import('node:v8').HeapInfo>;
  stop(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

class Channel {
  readonly worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private logs = new Map<number, { onLine(l: string): void; onEnd(err?: Error): void }>();
  private stopped = false;
  onProbe?: (error?: string, name?: string) => void;
  onBatch?: () => void;

  constructor(
    readonly store: ClusterStore,
    private readonly wrapError: (message: string) => Error,
  ) {
    this.worker = new Worker(WORKER_URL);
    // The UI decides when the process ends, never the data thread.
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (e) => this.crashed(e));
    this.worker.on('exit', (code) => {
      if (!this.stopped) this.crashed(new Error(`data thread exited (${code})`));
    });
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'batch':
        applyBatch(this.store, m);
        this.onBatch?.();
        return;
      case 'probe':
        this.onProbe?.(m.error, m.name);
        return;
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(this.wrapError(m.error));
        else p.resolve(m.value);
        return;
      }
      case 'logLines': {
        const l = this.logs.get(m.id);
        if (l) for (const line of m.lines) l.onLine(line);
        return;
      }
      case 'logEnd': {
        const l = this.logs.get(m.id);
        this.logs.delete(m.id);
        l?.onEnd(m.error !== undefined ? new Error(m.error) : undefined);
        return;
      }
      case 'fatal':
        this.onProbe?.(m.error, m.name);
        return;
    }
  }

  private crashed(e: Error): void {
    if (this.stopped) return;
    const reason = `data thread failed: ${e.message}`;
    this.onProbe?.(reason);
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
    for (const l of this.logs.values()) l.onEnd(new Error(reason));
    this.logs.clear();
    if (this.store.info.source === 'live') this.store.setConnection({ state: 'stale', since: Date.now(), reason });
    else this.store.warnings.push(reason);
  }

  send(m: ToWorker): void {
    if (!this.stopped) this.worker.postMessage(m);
  }

  request<T>(make: (id: number) => ToWorker): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('stopped'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(make(id));
    });
  }

  log(target: PodLogTarget, onLine: (l: string) => void, onEnd: (err?: Error) => void): () => void {
    const id = this.nextId++;
    this.logs.set(id, { onLine, onEnd });
    this.send({ type: 'log', id, target });
    return () => {
      if (!this.logs.has(id)) return;
      this.logs.delete(id);
      this.send({ type: 'logStop', id });
      onEnd();
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.send({ type: 'stop' });
    this.stopped = true;
    for (const p of this.pending.values()) p.reject(new Error('stopped'));
    this.pending.clear();
    // Let the data thread close its connections; never wait for it.
    setTimeout(() => void this.worker.terminate(), 500).unref();
  }
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(e: Error): void; settled: boolean } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const d = {
    promise,
    settled: false,
    resolve: () => {
      d.settled = true;
      resolve();
    },
    reject: (e: Error) => {
      d.settled = true;
      reject(e);
    },
  };
  promise.catch(() => undefined); // observed by whoever awaits it
  return d;
}

export interface RemoteLiveOptions extends Pick<KubeconfigOptions, 'env' | 'home' | 'inClusterRoot'> {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  clusterDomain?: string;
  config?: DiagConfig;
  tuning?: LiveInit['tuning'];
  batchMs?: number;
  /** --now (ISO). */
  now?: string;
}

/**
 * Open a live cluster in the data thread. Returns as soon as the kubeconfig
 * is read (a bad kubeconfig or unknown context throws here, one line): the
 * store then says "connecting" until the first list arrives.
 */
export async function openRemoteLive(o: RemoteLiveOptions): Promise<RemoteSource> {
  if (o.namespace !== undefined && o.allNamespaces) throw new SourceError('-n and -A cannot be used together');
  let current: LoadedKubeconfig = await loadKubeconfig({ kubeconfig: o.kubeconfig, context: o.context, env: o.env, home: o.home, inClusterRoot: o.inClusterRoot });
  const scope = o.allNamespaces ? undefined : (o.namespace ?? current.namespace ?? 'default');
  const store = new ClusterStore({
    source: 'live',
    context: current.context,
    cluster: current.cluster,
    server: current.server,
    user: current.user,
    namespace: scope,
    clusterDomain: o.clusterDomain ?? 'cluster.local',
    nowSource: o.now !== undefined ? 'flag' : 'clock',
    ...(o.now !== undefined ? { now: new Date(o.now).toISOString() } : {}),
  });
  store.setConnection({ state: 'connecting', since: Date.now() });
  const ch = new Channel(store, (m) => new SourceError(m));
  const ready = deferred();
  const loaded = deferred();
  ch.onProbe = (error) => {
    if (ready.settled) return;
    if (error !== undefined) ready.reject(new SourceError(error));
    else ready.resolve();
  };
  ch.onBatch = () => {
    if (!loaded.settled && store.info.source === 'live' && allListed(store)) loaded.resolve();
  };
  ch.send({ type: 'live', kubeconfig: current.data, context: current.context, scope, clusterDomain: o.clusterDomain ?? 'cluster.local', config: o.config, tuning: o.tuning, batchMs: o.batchMs, now: o.now });
  const live: RemoteLiveControl = {
    switchNamespace: (namespace) => ch.request<void>((id) => ({ type: 'switchNamespace', id, namespace })),
    async switchContext(name) {
      // Unknown context: a one-line error at once, without asking the data thread.
      const next = resolveContext(current.data, name);
      await ch.request<void>((id) => ({ type: 'switchContext', id, context: name }));
      current = next;
    },
    contexts: () => current.contexts(),
    podLog: (target, onLine, onEnd) => ch.log(target, onLine, onEnd),
    stop: () => ch.stop(),
  };
  return {
    store,
    ready: ready.promise,
    loaded: loaded.promise,
    live,
    diagnose: (_s, now, namespace, config) => ch.request<DiagnosticsReport | undefined>((id) => ({ type: 'diagnose', id, now, namespace, config })),
    fullObject: (ref) => ch.request<K8sObject | undefined>((id) => ({ type: 'full', id, ref: { kind: ref.kind, namespace: ref.namespace, name: ref.name } })),
    memory: () => ch.request((id) => ({ type: 'memory', id })),
    stop: () => ch.stop(),
  };
}

/** Every kind finished its first list (ready, partial, forbidden or failed). */
function allListed(store: ClusterStore): boolean {
  return KINDS.every((k) => {
    const s = store.status(k.kind).state;
    return s !== 'pending' && s !== 'loading';
  });
}

export interface RemoteSnapshotOptions {
  path: string;
  source: Exclude<SourceKind, 'live'>;
  clusterDomain?: string;
  namespace?: string;
  allNamespaces?: boolean;
  config?: DiagConfig;
  batchMs?: number;
  /** --now (ISO). */
  now?: string;
}

/** Read a snapshot in the data thread, the first objects reaching the store while the rest is read. */
export function openRemoteSnapshot(o: RemoteSnapshotOptions): RemoteSource {
  const store = new ClusterStore({ source: o.source, path: o.path, clusterDomain: o.clusterDomain ?? 'cluster.local', namespace: o.namespace });
  const ch = new Channel(store, (m) => new Error(m));
  const ready = deferred();
  const loaded = deferred();
  ch.onProbe = (error, name) => {
    if (error !== undefined) {
      const e = name === 'SnapshotError' || name === 'UserError' ? new SnapshotError(error) : new Error(error);
      if (!ready.settled) ready.reject(e);
      if (!loaded.settled) loaded.reject(e);
      return;
    }
    if (!ready.settled) ready.resolve();
    if (!loaded.settled) loaded.resolve();
  };
  ch.onBatch = () => {
    // Ages are relative to the capture time: the first rows wait for it (it comes first in a saved snapshot).
    if (!ready.settled && store.info.capturedAt && countAll(store) > 0) ready.resolve();
  };
  const init: SnapshotInit = {
    type: 'snapshot',
    path: o.path,
    source: o.source,
    clusterDomain: o.clusterDomain ?? 'cluster.local',
    namespace: o.namespace,
    allNamespaces: o.allNamespaces,
    config: o.config,
    batchMs: o.batchMs,
    now: o.now,
  };
  ch.send(init);
  return {
    store,
    ready: ready.promise,
    loaded: loaded.promise,
    diagnose: (_s, now, namespace, config) => ch.request<DiagnosticsReport | undefined>((id) => ({ type: 'diagnose', id, now, namespace, config })),
    fullObject: (ref) => ch.request<K8sObject | undefined>((id) => ({ type: 'full', id, ref: { kind: ref.kind, namespace: ref.namespace, name: ref.name } })),
    memory: () => ch.request((id) => ({ type: 'memory', id })),
    stop: () => ch.stop(),
  };
}

function countAll(store: ClusterStore): number {
  let n = 0;
  for (const k of ['Pod', 'Namespace', 'Node', 'StatefulSet', 'Service', 'CronJob', 'Job', 'Event'] as const) n += store.count(k);
  return n;
}
