// Messages between the UI thread (src/cluster/remote.ts) and the data thread
// (src/cluster/worker.ts). Everything here is structured-cloneable data.
import type { K8sObject } from '../model/types.js';
import type { DiagConfig } from '../../diagnostics/config.js';
import type { KubeconfigData } from './kubeconfig.js';
import type { LiveTuning, PodLogTarget } from './live.js';
import type { ServerUpdate } from '../screens/server.js';
import type { ScreensCall, ScreensRequest } from '../screens/source.js';
import type { SourceKind } from './store.js';

interface Common {
  /** --now (ISO), for the evaluation time the store's info names. */
  now?: string;
  /** How often changes are looked for and sent to the UI thread (ms). */
  batchMs?: number;
  clusterDomain: string;
  /** Diagnostics config (suppressions, severities), already validated on the UI thread. */
  config?: DiagConfig;
  /** Run diagnostics without waiting for a `config` message (tests, benchmarks). */
  diagnoseWithoutConfig?: boolean;
}

export interface LiveInit extends Common {
  type: 'live';
  kubeconfig: KubeconfigData;
  context: string;
  /** Namespace scope; undefined = all namespaces. */
  scope: string | undefined;
  /** Plain numbers only (functions cannot cross threads). */
  tuning?: Pick<LiveTuning, 'pageSize' | 'watchTimeoutSeconds' | 'stallMs' | 'backoffBaseMs' | 'backoffCapMs' | 'minHealthyMs' | 'staleAfterMs' | 'pollMs' | 'recheckMs' | 'probeTimeoutMs' | 'requestTimeoutMs'>;
}

export interface SnapshotInit extends Common {
  type: 'snapshot';
  path: string;
  source: Exclude<SourceKind, 'live'>;
  namespace?: string;
  /** -A: the store's namespace scope is all namespaces whatever the snapshot says. */
  allNamespaces?: boolean;
}

export type ToWorker =
  | LiveInit
  | SnapshotInit
  | { type: 'diagnose'; id: number; now: number; namespace: string | undefined; config?: DiagConfig }
  | { type: 'full'; id: number; ref: { kind: string; namespace?: string; name: string } }
  | { type: 'log'; id: number; target: PodLogTarget }
  | { type: 'logStop'; id: number }
  | { type: 'switchNamespace'; id: number; namespace: string | undefined }
  | { type: 'switchContext'; id: number; context: string }
  /** Heap statistics of the data thread (benchmarks). */
  | { type: 'memory'; id: number; gc?: boolean; heapSnapshot?: string }
  /** The diagnostics config, read on the UI thread while the data thread starts: diagnostics run from then on. */
  | { type: 'config'; config: DiagConfig | undefined }
  /** The screen the UI shows (src/screens/source.ts). */
  | { type: 'screens'; m: ScreensRequest }
  | { type: 'screensCall'; id: number; m: ScreensCall }
  | { type: 'stop' };

export type FromWorker =
  /** What the UI draws: a list version, a line screen's lines, the header's state. */
  | { type: 'screen'; u: ServerUpdate }
  /** The live source answered /version (or why not); the snapshot was opened (or why not). */
  | { type: 'probe'; error?: string; name?: string }
  | { type: 'reply'; id: number; value?: unknown; error?: string; version?: number }
  | { type: 'logLines'; id: number; lines: string[] }
  | { type: 'logEnd'; id: number; error?: string }
  /** A bug or an unusable input outside any request. */
  | { type: 'fatal'; error: string; name?: string };

export type { K8sObject };
