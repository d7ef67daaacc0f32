// Messages between the UI thread (src/cluster/remote.ts) and the data thread
// (src/cluster/worker.ts). Everything here is structured-cloneable data.
import type { K8sObject } from '../model/types.js';
import type { DiagConfig } from '../../diagnostics/config.js';
import type { KubeconfigData } from './kubeconfig.js';
import type { LiveTuning, PodLogTarget } from './live.js';
import type { StoreBatch } from './sync.js';
import type { SourceKind } from './store.js';

interface Common {
  /** --now (ISO), for the evaluation time the store's info names. */
  now?: string;
  /** Longest wait before a change is sent to the UI thread (ms). */
  batchMs?: number;
  clusterDomain: string;
  /** Diagnostics config (suppressions, severities), already validated on the UI thread. */
  config?: DiagConfig;
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
  | { type: 'memory'; id: number }
  | { type: 'stop' };

export type FromWorker =
  | StoreBatch
  /** The live source answered /version (or why not); the snapshot was opened (or why not). */
  | { type: 'probe'; error?: string; name?: string }
  | { type: 'reply'; id: number; value?: unknown; error?: string; version?: number }
  | { type: 'logLines'; id: number; lines: string[] }
  | { type: 'logEnd'; id: number; error?: string }
  /** A bug or an unusable input outside any request. */
  | { type: 'fatal'; error: string; name?: string };

export type { K8sObject };
