// The UI thread's side of the data thread (src/cluster/worker.ts). The
// cluster data lives there, once: the UI thread holds what it draws (a
// RemoteScreens source: the current list's rows and cells, the open line
// screens' lines, the header's state) and asks for everything else by
// message: pod logs, namespace and context switches, a whole report (tests).
// A key press never waits for listing, JSON parsing, projection or a
// diagnostics run.
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';
import type { K8sObject } from '../model/types.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import type { DiagConfig } from '../../diagnostics/config.js';
import type { ConnectionState, SourceInfo, SourceKind } from './store.js';
import { loadKubeconfig, resolveContext, SourceError, type KubeContextInfo, type KubeconfigOptions, type LoadedKubeconfig } from './kubeconfig.js';
import { SnapshotError } from './snapshot.js';
import { KINDS } from './kinds.js';
import type { FromWorker, LiveInit, SnapshotInit, ToWorker } from './protocol.js';
import type { PodLogTarget } from './live.js';
import { RemoteScreens } from '../screens/source.js';
import type { HeaderState } from '../screens/types.js';

export interface RemoteLiveControl {
  switchNamespace(namespace: string | undefined): Promise<void>;
  switchContext(context: string): Promise<void>;
  contexts(): KubeContextInfo[];
  podLog(target: PodLogTarget, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void;
  stop(): void;
}

export interface RemoteSource {
  /** What the UI draws, computed in the data thread. */
  screens: RemoteScreens;
  /** The latest header state (source info, connection, read statuses, counts). */
  header(): HeaderState;
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
  /** A whole diagnostics report from the data thread's store (tests, benchmarks). */
  diagnose(now: number, namespace: string | undefined, config?: DiagConfig): Promise<DiagnosticsReport | undefined>;
  /** The whole object for `y`: a GET (live) or its document read again from the snapshot file. */
  fullObject(ref: { kind: string; namespace?: string; name: string }): Promise<K8sObject | undefined>;
  /** The data thread's heap statistics (benchmarks). */
  /** gc: collect first (--expose-gc); heapSnapshot: write the data thread's heap snapshot to this file. */
  memory(gc?: boolean, heapSnapshot?: string): Promise<import('node:v8').HeapInfo>;
  /** The diagnostics config: runs start with it (awaitConfig). */
  configure(config: DiagConfig | undefined): void;
  stop(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * K8STUI_HEAP_GROWING=N (experiments, bench/README.md): how far V8 lets a
 * heap grow past what the last full collection left alive, in percent
 * (--heap-growing-percent, process-wide: both threads). V8's own factor goes
 * up to 4x when memory is plentiful: listing 30,000 pods, the data thread
 * held ~400 MiB of heap for ~160 MiB alive. At 20 % peak RSS fell from
 * 688-723 to 457-472 MiB, but the complete list took 11-16 s instead of
 * 7.8-8.8 s and `j` p95 was 382 instead of 172 ms (more full collections on
 * both threads), so it is not the default.
 */
let heapSet = false;
function setHeapGrowing(): void {
  if (heapSet) return;
  heapSet = true;
  const pct = Number(process.env.K8STUI_HEAP_GROWING ?? '');
  if (Number.isInteger(pct) && pct > 0) v8.setFlagsFromString(`--heap-growing-percent=${pct}`);
}

/** The data thread's heap settings (K8STUI_DATA_YOUNG_MB: experiments). */
function dataThreadLimits(): { maxYoungGenerationSizeMb?: number } {
  const young = Number(process.env.K8STUI_DATA_YOUNG_MB);
  return young > 0 ? { maxYoungGenerationSizeMb: young } : {};
}

/** The header state before the data thread has said anything. */
function initialHeader(info: SourceInfo, connection: ConnectionState): HeaderState {
  return {
    info,
    connection,
    statuses: KINDS.map((k) => [k.kind, { state: 'pending' }]),
    counts: KINDS.map((k) => [k.kind, 0]),
    warnings: [],
    loadErrors: [],
    diagnosing: false,
    namespaces: { names: [], readable: false, why: 'still loading' },
    version: 0,
  };
}

class Channel {
  readonly worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private logs = new Map<number, { onLine(l: string): void; onEnd(err?: Error): void }>();
  private stopped = false;
  readonly screens: RemoteScreens;
  onProbe?: (error?: string, name?: string) => void;
  onHeader?: (h: HeaderState) => void;

  constructor(
    header: HeaderState,
    private readonly wrapError: (message: string) => Error,
  ) {
    this.screens = new RemoteScreens({ send: (m) => this.send({ type: 'screens', m }), call: (m) => this.request((id) => ({ type: 'screensCall', id, m })) }, header);
    setHeapGrowing();
    this.worker = new Worker(WORKER_URL, { resourceLimits: dataThreadLimits() });
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
      case 'screen':
        this.screens.update(m.u);
        if (m.u.type === 'header') this.onHeader?.(m.u.header);
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
    const h = this.screens.header();
    this.screens.update({
      type: 'header',
      header: h.info.source === 'live' ? { ...h, connection: { state: 'stale', since: Date.now(), reason } } : { ...h, warnings: [...h.warnings, reason] },
    });
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
  /** Diagnostics wait for configure() (the dashboard reads the config file while the data thread starts). */
  awaitConfig?: boolean;
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
  const info: SourceInfo = {
    source: 'live',
    context: current.context,
    cluster: current.cluster,
    server: current.server,
    user: current.user,
    namespace: scope,
    clusterDomain: o.clusterDomain ?? 'cluster.local',
    nowSource: o.now !== undefined ? 'flag' : 'clock',
    ...(o.now !== undefined ? { now: new Date(o.now).toISOString() } : {}),
  };
  const ch = new Channel(initialHeader(info, { state: 'connecting', since: Date.now() }), (m) => new SourceError(m));
  const ready = deferred();
  const loaded = deferred();
  ch.onProbe = (error) => {
    if (ready.settled) return;
    if (error !== undefined) ready.reject(new SourceError(error));
    else ready.resolve();
  };
  ch.onHeader = (h) => {
    if (!loaded.settled && h.info.source === 'live' && allListed(h)) loaded.resolve();
  };
  ch.send({ type: 'live', kubeconfig: current.data, context: current.context, scope, clusterDomain: o.clusterDomain ?? 'cluster.local', config: o.config, diagnoseWithoutConfig: !o.awaitConfig, tuning: o.tuning, batchMs: o.batchMs, now: o.now });
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
    screens: ch.screens,
    header: () => ch.screens.header(),
    ready: ready.promise,
    loaded: loaded.promise,
    live,
    diagnose: (now, namespace, config) => ch.request<DiagnosticsReport | undefined>((id) => ({ type: 'diagnose', id, now, namespace, config })),
    fullObject: (ref) => ch.request<K8sObject | undefined>((id) => ({ type: 'full', id, ref: { kind: ref.kind, namespace: ref.namespace, name: ref.name } })),
    memory: (gc, heapSnapshot) => ch.request((id) => ({ type: 'memory', id, gc, heapSnapshot })),
    configure: (config) => ch.send({ type: 'config', config }),
    stop: () => ch.stop(),
  };
}

/** Every kind finished its first list (ready, partial, forbidden or failed). */
function allListed(h: HeaderState): boolean {
  return h.statuses.every(([, s]) => s.state !== 'pending' && s.state !== 'loading');
}

export interface RemoteSnapshotOptions {
  path: string;
  source: Exclude<SourceKind, 'live'>;
  clusterDomain?: string;
  namespace?: string;
  allNamespaces?: boolean;
  config?: DiagConfig;
  batchMs?: number;
  /** Diagnostics wait for configure() (the dashboard reads the config file while the data thread starts). */
  awaitConfig?: boolean;
  /** --now (ISO). */
  now?: string;
}

/** Read a snapshot in the data thread, the first objects reaching the store while the rest is read. */
export function openRemoteSnapshot(o: RemoteSnapshotOptions): RemoteSource {
  const ch = new Channel(initialHeader({ source: o.source, path: o.path, clusterDomain: o.clusterDomain ?? 'cluster.local', namespace: o.namespace }, { state: 'offline' }), (m) => new Error(m));
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
  ch.onHeader = (h) => {
    // Ages are relative to the capture time: the first rows wait for it (it comes first in a saved snapshot).
    if (!ready.settled && h.info.capturedAt && h.counts.some(([, n]) => n > 0)) ready.resolve();
  };
  const init: SnapshotInit = {
    type: 'snapshot',
    path: o.path,
    source: o.source,
    clusterDomain: o.clusterDomain ?? 'cluster.local',
    namespace: o.namespace,
    allNamespaces: o.allNamespaces,
    config: o.config,
    diagnoseWithoutConfig: !o.awaitConfig,
    batchMs: o.batchMs,
    now: o.now,
  };
  ch.send(init);
  return {
    screens: ch.screens,
    header: () => ch.screens.header(),
    ready: ready.promise,
    loaded: loaded.promise,
    diagnose: (now, namespace, config) => ch.request<DiagnosticsReport | undefined>((id) => ({ type: 'diagnose', id, now, namespace, config })),
    fullObject: (ref) => ch.request<K8sObject | undefined>((id) => ({ type: 'full', id, ref: { kind: ref.kind, namespace: ref.namespace, name: ref.name } })),
    memory: (gc, heapSnapshot) => ch.request((id) => ({ type: 'memory', id, gc, heapSnapshot })),
    configure: (config) => ch.send({ type: 'config', config }),
    stop: () => ch.stop(),
  };
}
