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
import { evaluationTime, parseTime } from '../model/time.js';
import { openRemoteLive, openRemoteSnapshot, type RemoteLiveControl, type RemoteSource } from './remote.js';
import type { ScreenSource } from '../screens/source.js';

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
  /** What the shell draws, computed in the data thread. */
  screens: ScreenSource;
  live?: RemoteLiveControl;
  fixedNow?: number;
  /** Live: rejects with the one-line SourceError if the server cannot be used (unreachable, TLS, 401). */
  ready: Promise<void>;
  /** The diagnostics config (read while the data thread starts): diagnostics run from then on. */
  configure(config: DiagConfig | undefined): void;
  stop(): void;
}

function wrap(r: RemoteSource, fixedNow: number | undefined): DashboardSource {
  r.screens.setFixedNow?.(fixedNow);
  return { screens: r.screens, live: r.live, fixedNow, ready: r.ready, configure: (c) => r.configure(c), stop: () => r.stop() };
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
      awaitConfig: true,
    });
    try {
      await r.ready;
    } catch (e) {
      r.stop();
      throw e;
    }
    // The data thread chose it (--now, capture time, newest timestamp, clock) and named it in the source's info.
    const info = r.header().info;
    const chosen = info.now ? parseTime(info.now) : undefined;
    return wrap(r, chosen ?? evaluationTime({ now: o.now, capturedAt: info.capturedAt }));
  }
  const r = await openRemoteLive({
    kubeconfig: o.kubeconfig,
    context: o.context,
    namespace: o.namespace,
    allNamespaces: o.allNamespaces,
    clusterDomain: o.clusterDomain,
    now: o.now,
    awaitConfig: true,
  });
  return wrap(r, o.now ? parseTime(o.now) : undefined);
}
