// The data thread (node:worker_threads). Everything heavy about the cluster
// happens here, never on the UI thread: listing and watching (HTTP, JSON
// parsing), projection into the compact store, reading snapshots, and the
// diagnostics engine. The UI thread gets compact objects in batches
// (src/cluster/sync.ts) and asks for diagnostics, whole objects (`y`), logs
// and namespace/context switches by message (src/cluster/remote.ts).
import { parentPort } from 'node:worker_threads';
import type { K8sObject } from '../model/types.js';
import { ClusterStore } from './store.js';
import { Publisher } from './sync.js';
import { resolveContext } from './kubeconfig.js';
import { type KindName, kindInfo, listPath, lookupKind, apiVersionOf } from './kinds.js';
import { ingestObject } from './ingest.js';
import type { ToWorker, FromWorker, LiveInit, SnapshotInit } from './protocol.js';
import type { LiveSource, LiveTuning } from './live.js';
import type { ApiClient } from './api.js';
import type { DiagConfig } from '../../diagnostics/config.js';

const port = parentPort;
if (!port) throw new Error('src/cluster/worker.ts runs as a worker thread');
const post = (m: FromWorker) => port.postMessage(m);

let store: ClusterStore | undefined;
let publisher: Publisher | undefined;
let live: LiveSource | undefined;
let api: () => ApiClient | undefined = () => undefined;
let fullFromSnapshot: ((kind: KindName, namespace: string | undefined, name: string) => Promise<K8sObject | undefined>) | undefined;
let config: DiagConfig | undefined;
const logs = new Map<number, () => void>();

function errorMessage(e: unknown): string {
  return String((e as Error)?.message ?? e);
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
  publisher = new Publisher(s, post, m.batchMs);
  const source = startLive({ loaded, api: client, scope: m.scope }, s, m.tuning as LiveTuning);
  live = source;
  api = () => (source as unknown as { api: ApiClient }).api;
  // /version alongside the first lists: the first page never waits for it.
  probe(client, loaded, m.tuning?.probeTimeoutMs ?? 10_000).then(
    (v) => {
      const version = versionString(v);
      if (version && s.info.serverVersion !== version) {
        s.info = { ...s.info, serverVersion: version };
        publisher?.touch();
      }
      post({ type: 'probe' });
    },
    (e) => post({ type: 'probe', error: errorMessage(e) }),
  );
  void describeError;
}

async function initSnapshot(m: SnapshotInit): Promise<void> {
  const { openSnapshotStreaming, readDocumentAt } = await import('./snapshot-stream.js');
  const s = await openSnapshotStreaming(m, (st) => {
    store = st;
    publisher = new Publisher(st, post, m.batchMs);
  });
  fullFromSnapshot = (kind, namespace, name) => readDocumentAt(s, kind, namespace, name);
  publisher?.flush();
  post({ type: 'probe' });
}

async function diagnose(id: number, now: number, namespace: string | undefined, cfg: DiagConfig | undefined): Promise<void> {
  if (cfg) config = cfg;
  const { diagnosticsFor } = await import('../../diagnostics/engine.js');
  if (!store) throw new Error('not started');
  // Changes made up to now are what the report covers: send them first.
  publisher?.flush();
  const report = diagnosticsFor(store, { now, namespace, config });
  post({ type: 'reply', id, value: report, version: store.version });
}

async function fullObject(id: number, ref: { kind: string; namespace?: string; name: string }): Promise<void> {
  const info = lookupKind(ref.kind);
  if (!info) return post({ type: 'reply', id, value: undefined });
  const ns = info.namespaced ? ref.namespace : undefined;
  if (fullFromSnapshot) return post({ type: 'reply', id, value: await fullFromSnapshot(info.kind, ns, ref.name) });
  const client = api();
  if (!client) return post({ type: 'reply', id, value: undefined });
  const { ApiError } = await import('./api.js');
  try {
    const o = await client.get<K8sObject>(`${listPath(kindInfo(info.kind), ns)}/${encodeURIComponent(ref.name)}`);
    if (!o.kind) o.kind = info.kind;
    if (!o.apiVersion) o.apiVersion = apiVersionOf(info);
    post({ type: 'reply', id, value: ingestObject(o, info.kind) });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return post({ type: 'reply', id, value: undefined });
    const { describeError } = await import('./live.js');
    post({ type: 'reply', id, error: describeError(e, client.server) });
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
      return initLive(m);
    case 'snapshot':
      config = m.config;
      return initSnapshot(m);
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
      publisher?.flush();
      return post({ type: 'reply', id: m.id, value: undefined });
    case 'switchContext':
      if (!live) return post({ type: 'reply', id: m.id, error: 'not connected to a cluster' });
      await live.switchContext(m.context);
      publisher?.flush();
      return post({ type: 'reply', id: m.id, value: undefined });
    case 'memory': {
      const v8 = await import('node:v8');
      return post({ type: 'reply', id: m.id, value: v8.getHeapStatistics() });
    }
    case 'stop':
      live?.stop();
      publisher?.stop();
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
