// The data thread (node:worker_threads). Everything heavy about the cluster
// happens here, never on the UI thread: listing and watching (HTTP, JSON
// parsing), projection into the compact store, reading snapshots, the
// diagnostics engine, and the views over the store (src/screens/server.ts):
// the one copy of the cluster data is here. The UI thread gets what it draws
// (a list's rows and cells, a line screen's lines, the header's state) and
// asks for whole objects, logs and namespace/context switches by message
// (src/cluster/remote.ts).
import { parentPort } from 'node:worker_threads';
import type { K8sObject } from '../model/types.js';
import { ClusterStore } from './store.js';
import { resolveContext } from './kubeconfig.js';
import { type KindName, kindInfo, listPath, lookupKind, apiVersionOf } from './kinds.js';
import { ingestObject } from './ingest.js';
import type { ToWorker, FromWorker, LiveInit, SnapshotInit } from './protocol.js';
import type { ScreenServer } from '../screens/server.js';
import type { ScreensCall, ScreensRequest } from '../screens/source.js';
import type { EngineReport } from '../../diagnostics/engine.js';
import type { LiveSource, LiveTuning } from './live.js';
import type { ApiClient } from './api.js';
import type { DiagConfig } from '../../diagnostics/config.js';

// The views and the screen server start loading with the thread, before any
// list is requested: loaded after the requests went out, their loading sat
// between the first pages being parsed and projected (0.6-0.8 s at 30,000
// pods, measured), and the first page waited for them.
const serverModules = Promise.all([import('../screens/server.js'), import('../../views/registry.js')]);
serverModules.catch(() => undefined); // awaited (and reported) by serve()
const port = parentPort;
if (!port) throw new Error('src/cluster/worker.ts runs as a worker thread');
const post = (m: FromWorker) => port.postMessage(m);

let store: ClusterStore | undefined;
let server: ScreenServer | undefined;
/** Screen requests that came before the store existed. */
let early: ScreensRequest[] = [];
let contexts: (() => import('../../views/types.js').ContextInfo[]) | undefined;
let live: LiveSource | undefined;
let api: () => ApiClient | undefined = () => undefined;
let fullFromSnapshot: ((kind: KindName, namespace: string | undefined, name: string) => Promise<K8sObject | undefined>) | undefined;
let config: DiagConfig | undefined;
/** Diagnostics wait for the config (sent with the init, or just after it by `config`). */
let configured = false;
const logs = new Map<number, () => void>();

function errorMessage(e: unknown): string {
  return String((e as Error)?.message ?? e);
}

/**
 * The diagnostics engine one area at a time, the event loop turning between
 * areas: a view switch, Enter or a line screen is answered in between, never
 * after a whole run.
 */
async function diagnoseSliced(s: ClusterStore, now: number, namespace: string | undefined): Promise<EngineReport> {
  const { diagnosticsSteps } = await import('../../diagnostics/engine.js');
  const steps = diagnosticsSteps(s, { now, namespace, config });
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((res) => setImmediate(res));
  }
}

/** The views run here: the server starts with the store. */
async function serve(s: ClusterStore, batchMs: number | undefined): Promise<void> {
  const [{ ScreenServer }, { allViews }] = await serverModules;
  const srv = new ScreenServer({
    store: s,
    views: allViews(),
    diagnose: configured ? diagnoseSliced : undefined,
    fullObject: (ref) => fullObjectOf(ref),
    contexts: () => contexts?.(),
    emit: (u) => post({ type: 'screen', u }),
    refreshMs: batchMs,
  });
  server = srv;
  srv.start();
  for (const m of early) screens(m);
  early = [];
  srv.refresh(true);
}

function screens(m: ScreensRequest): void {
  if (!server) {
    early.push(m);
    return;
  }
  switch (m.op) {
    case 'setList':
      return server.setList(m.req);
    case 'openLines':
      return server.openLines(m.id, m.req, m.p);
    case 'resizeLines':
      return server.resizeLines(m.id, m.p);
    case 'closeLines':
      return server.closeLines(m.id);
    case 'fixedNow':
      return server.setFixedNow(m.t);
  }
}

function screensCall(m: ScreensCall): unknown {
  if (!server) throw new Error('not started');
  switch (m.op) {
    case 'act':
      return server.act(m.a, m.p);
    case 'rowInfo':
      return server.rowInfo(m.viewId, m.key, m.p.namespace, m.p);
    case 'refInfo':
      return server.refInfo(m.ref, m.p);
  }
}

async function initLive(m: LiveInit): Promise<void> {
  const [{ createApiClient }, { startLive, probe, versionString, describeError }] = await Promise.all([import('./api.js'), import('./live.js')]);
  const loaded = resolveContext(m.kubeconfig, m.context);
  const client = createApiClient(loaded, { requestTimeoutMs: m.tuning?.requestTimeoutMs });
  const s = new ClusterStore({
    source: 'live',
    context: loaded.context,
    cluster: loaded.cluster,
    server: loaded.server,
    user: loaded.user,
    namespace: m.scope,
    clusterDomain: m.clusterDomain,
    nowSource: m.now !== undefined ? 'flag' : 'clock',
    ...(m.now !== undefined ? { now: new Date(m.now).toISOString() } : {}),
  });
  store = s;
  const source = startLive({ loaded, api: client, scope: m.scope }, s, m.tuning as LiveTuning);
  live = source;
  contexts = () => source.contexts();
  api = () => (source as unknown as { api: ApiClient }).api;
  void serve(s, m.batchMs);
  // /version alongside the first lists: the first page never waits for it.
  probe(client, loaded, m.tuning?.probeTimeoutMs ?? 10_000).then(
    (v) => {
      const version = versionString(v);
      if (version && s.info.serverVersion !== version) s.setInfo({ ...s.info, serverVersion: version });
      post({ type: 'probe' });
    },
    (e) => post({ type: 'probe', error: errorMessage(e) }),
  );
  void describeError;
}

async function initSnapshot(m: SnapshotInit): Promise<void> {
  const { openSnapshotStreaming, readDocumentAt } = await import('./snapshot-stream.js');
  let serving: Promise<void> | undefined;
  const s = await openSnapshotStreaming(m, (st) => {
    store = st;
    serving = serve(st, m.batchMs);
  });
  fullFromSnapshot = (kind, namespace, name) => readDocumentAt(s, kind, namespace, name);
  // The whole snapshot is in: the header says so before `loaded` does.
  await serving;
  server?.refresh(true);
  post({ type: 'probe' });
}

/** A whole report on request (tests, benchmarks, `diagnose` through the data thread). */
async function diagnose(id: number, now: number, namespace: string | undefined, cfg: DiagConfig | undefined): Promise<void> {
  if (cfg) config = cfg;
  const { diagnosticsFor } = await import('../../diagnostics/engine.js');
  if (!store) throw new Error('not started');
  const report = diagnosticsFor(store, { now, namespace, config });
  post({ type: 'reply', id, value: report, version: store.version });
}

/** The whole object for `y`: a GET (live) or its document read again from the snapshot file. */
async function fullObjectOf(ref: { kind: string; namespace?: string; name: string }): Promise<K8sObject | undefined> {
  const info = lookupKind(ref.kind);
  if (!info) return undefined;
  const ns = info.namespaced ? ref.namespace : undefined;
  if (fullFromSnapshot) return fullFromSnapshot(info.kind, ns, ref.name);
  const client = api();
  if (!client) return undefined;
  const { ApiError } = await import('./api.js');
  try {
    const o = await client.get<K8sObject>(`${listPath(kindInfo(info.kind), ns)}/${encodeURIComponent(ref.name)}`);
    if (!o.kind) o.kind = info.kind;
    if (!o.apiVersion) o.apiVersion = apiVersionOf(info);
    return ingestObject(o, info.kind);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    const { describeError } = await import('./live.js');
    throw new Error(describeError(e, client.server));
  }
}

async function fullObject(id: number, ref: { kind: string; namespace?: string; name: string }): Promise<void> {
  try {
    post({ type: 'reply', id, value: await fullObjectOf(ref) });
  } catch (e) {
    post({ type: 'reply', id, error: errorMessage(e) });
  }
}

function startLog(id: number, target: Parameters<NonNullable<LiveSource['podLog']>>[0]): void {
  if (!live) return post({ type: 'logEnd', id, error: 'logs are not in snapshots: connect to the cluster to read them' });
  let buf: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    if (buf.length) post({ type: 'logLines', id, lines: buf });
    buf = [];
  };
  const stop = live.podLog(
    target,
    (line) => {
      buf.push(line);
      if (buf.length >= 500) send();
      else timer ??= setTimeout(send, 20);
    },
    (err) => {
      if (timer) clearTimeout(timer);
      send();
      logs.delete(id);
      post({ type: 'logEnd', id, error: err?.message });
    },
  );
  logs.set(id, stop);
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'live':
      config = m.config;
      configured = m.config !== undefined || !!m.diagnoseWithoutConfig;
      return initLive(m);
    case 'snapshot':
      config = m.config;
      configured = m.config !== undefined || !!m.diagnoseWithoutConfig;
      return initSnapshot(m);
    case 'config':
      config = m.config;
      configured = true;
      if (server && !server.o.diagnose) {
        server.o.diagnose = diagnoseSliced;
        server.scheduleDiagnostics();
      }
      return;
    case 'diagnose':
      return diagnose(m.id, m.now, m.namespace, m.config);
    case 'full':
      return fullObject(m.id, m.ref);
    case 'log':
      return startLog(m.id, m.target);
    case 'logStop':
      logs.get(m.id)?.();
      logs.delete(m.id);
      return;
    case 'switchNamespace':
      await live?.switchNamespace(m.namespace);
      server?.refresh(true);
      return post({ type: 'reply', id: m.id, value: undefined });
    case 'switchContext':
      if (!live) return post({ type: 'reply', id: m.id, error: 'not connected to a cluster' });
      await live.switchContext(m.context);
      server?.refresh(true);
      return post({ type: 'reply', id: m.id, value: undefined });
    case 'screens':
      return screens(m.m);
    case 'screensCall':
      return post({ type: 'reply', id: m.id, value: screensCall(m.m) });
    case 'memory': {
      const v8 = await import('node:v8');
      // With --expose-gc (benchmarks): the live size, not garbage not collected yet.
      if (m.gc) (globalThis as { gc?: () => void }).gc?.();
      if (m.heapSnapshot) v8.writeHeapSnapshot(m.heapSnapshot);
      return post({ type: 'reply', id: m.id, value: v8.getHeapStatistics() });
    }
    case 'stop':
      live?.stop();
      server?.stop();
      for (const stop of logs.values()) stop();
      logs.clear();
      port!.close();
      return;
  }
}

port.on('message', (m: ToWorker) => {
  handle(m).catch((e) => {
    if ('id' in m && typeof m.id === 'number') post({ type: 'reply', id: m.id, error: errorMessage(e) });
    else post({ type: 'fatal', error: errorMessage(e), name: (e as Error)?.name });
  });
});
