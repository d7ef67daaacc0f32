// The findings contract shared by the engine, each area's checks, the TUI and
// `k8stui diagnose`. Check ids are stable API: scripts and suppressions use them.
import type { ClusterStore } from '../src/cluster/store.js';

export type Severity = 'error' | 'warning' | 'info';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  check: string;
  severity: Severity;
  object: ObjectRef;
  /** One line naming the concrete cause. */
  message: string;
  /** Fields and events that prove it, with values and times. */
  evidence: string[];
  /** Read-only commands to confirm, then the fix to consider. */
  nextSteps: string[];
  /** Design-notes section this check comes from, when it does. */
  doc?: string;
  /** Findings on other objects this one explains or is explained by (e.g. the StatefulSet names its pod's finding). */
  related?: { check: string; object: ObjectRef }[];
  /** Root-cause grouping (set by the engine): true when no other finding in the report explains this one. */
  rootCause?: boolean;
  /** The findings that explain this one (set by the engine when rootCause is false). */
  causedBy?: { check: string; object: ObjectRef }[];
}

/** A document of the input that could not be read (malformed YAML, not an object, ...): reported, never dropped silently. */
export interface LoadError {
  file: string;
  /** 1-based document number within the file, when the file has several. */
  document?: number;
  message: string;
}

export interface CheckMeta {
  id: string;
  severity: Severity;
  area: 'statefulset' | 'cronjob' | 'job' | 'service' | 'ingress' | 'pod' | 'access';
  title: string;
  doc?: string;
}

export interface CheckContext {
  store: ClusterStore;
  /** Evaluation time in ms. */
  now: number;
  /** Grace period in ms for time-based checks (default 5 minutes; --grace / config). */
  graceMs: number;
  /** Namespace scope; undefined = all. */
  namespace?: string;
  /** Record that a check could not run fully because a kind could not be read. */
  skipped(check: string, kind: string, why: string): void;
}

/** One area's checks (one file per area): returns findings for every object it inspects. */
export type AreaChecks = (ctx: CheckContext) => Finding[];

export interface DiagnosticsReport {
  apiVersion: 'k8stui.dev/v1';
  kind: 'DiagnosticsReport';
  source: Record<string, unknown>;
  evaluatedAt: string;
  summary: {
    error: number;
    warning: number;
    info: number;
    suppressed: number;
    objects: number;
    /** Root causes only, by severity (the header's counts); the plain counts above include their effects. */
    rootCauses?: { error: number; warning: number; info: number };
  };
  /** Input documents that could not be read (snapshots): present when any were skipped. */
  loadErrors?: LoadError[];
  findings: Finding[];
  /** The objects the checks inspected (the engine sets it; JUnit has one testcase per object). Not in the JSON. */
  checked?: ObjectRef[];
}
