// The dashboard's source: the demo, a snapshot or a live cluster, each read in
// the data thread (src/cluster/worker.ts) into a compact store whose copy the
// UI thread reads (src/cluster/remote.ts).
//
// Start-up: a bad kubeconfig or unknown context fails at once (one line,
// exit 2, read on this thread). A live source returns before the server has
// answered: the screen shows "connecting…" and then the first page, while
// the views and ink load in parallel with the connection. A snapshot returns
// once its first objects and capture time are in (ages are relative to it).
import type { DiagConfig } from '../../diagnostics/config.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import type { K8sObject } from '../model/types.js';
import { evaluationTime, parseTime } from '../model/time.js';
import type { ClusterStore } from './store.js';
import { openRemoteLive, openRemoteSnapshot, type RemoteLiveControl, type RemoteSource } from './remote.js';

export interface DashboardOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  /** A snapshot path (already resolved), or the demo's. */
  snapshot?: string;
  demo?: boolean;
  now?: string;
  clusterDomain: string;
}

export interface DashboardSource {
  store: ClusterStore;
  live?: RemoteLiveControl;
  fixedNow?: number;
  /** Live: rejects with the one-line SourceError if the server cannot be used (unreachable, TLS, 401). */
  ready: Promise<void>;
  diagnose(config: DiagConfig | undefined): (store: ClusterStore, now: number, namespace: string | undefined) => Promise<DiagnosticsReport | undefined>;
  fullObject(ref: { kind: string; namespace?: string; name: string }): Promise<K8sObject | undefined>;
  stop(): void;
}

function wrap(r: RemoteSource, fixedNow: number | undefined): DashboardSource {
  return {
    store: r.store,
    live: r.live,
    fixedNow,
    ready: r.ready,
    diagnose: (config) => (store, now, namespace) => r.diagnose(store, now, namespace, config),
    fullObject: (ref) => r.fullObject(ref),
    stop: () => r.stop(),
  };
}

export async function openDashboardSource(o: DashboardOptions): Promise<DashboardSource> {
  if (o.demo || o.snapshot) {
    const r = openRemoteSnapshot({
      path: o.snapshot!,
      source: o.demo ? 'demo' : 'snapshot',
      clusterDomain: o.clusterDomain,
      namespace: o.allNamespaces ? undefined : o.namespace,
      allNamespaces: o.allNamespaces,
      now: o.now,
    });
    try {
      await r.ready;
    } catch (e) {
      r.stop();
      throw e;
    }
    // The data thread chose it (--now, capture time, newest timestamp, clock) and named it in the store's info.
    const chosen = r.store.info.now ? parseTime(r.store.info.now) : undefined;
    return wrap(r, chosen ?? evaluationTime({ now: o.now, capturedAt: r.store.info.capturedAt }));
  }
  const r = await openRemoteLive({
    kubeconfig: o.kubeconfig,
    context: o.context,
    namespace: o.namespace,
    allNamespaces: o.allNamespaces,
    clusterDomain: o.clusterDomain,
    now: o.now,
  });
  return wrap(r, o.now ? parseTime(o.now) : undefined);
}
