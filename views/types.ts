// The contract between the shell and each view. A view is data plus pure
// functions (rows, columns, detail lines); the shell owns keys, scrolling,
// filtering, sorting and drawing. Renderers are therefore testable without Ink.
import type { ClusterStore } from '../src/cluster/store.js';
import type { KindName } from '../src/cluster/kinds.js';
import type { K8sObject } from '../src/model/types.js';
import type { DiagnosticsReport, Finding } from '../diagnostics/types.js';

export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'muted' | 'accent' | 'default';

/** A run of text with one style. Text must be one line (no \n). */
export interface Seg {
  text: string;
  tone?: Tone;
  bold?: boolean;
}
/** The object a detail line stands for: the detail cursor stops on such a line; Enter opens it, y/e/l act on it. */
export interface LineRef {
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * One terminal line, cut to the width by the shell (or wrapped / scrolled
 * sideways on line screens). `ref`: a selectable row of a detail view.
 * `wrap`: always wrapped, never cut (commands meant to be copied).
 */
export type Line = Seg[] & { ref?: LineRef; wrap?: boolean };

export interface ViewCtx {
  store: ClusterStore;
  /** Evaluation time (ms): --now, snapshot capture time, or the clock. */
  now: number;
  /** Namespace scope; undefined = all namespaces. */
  namespace?: string;
  width: number;
  /** NO_COLOR: marks must be readable without color (ASCII fallbacks). */
  noColor: boolean;
  /** Findings of the diagnostics engine for the current store version. */
  diagnostics?: DiagnosticsReport;
  findingsFor?(kind: string, namespace: string | undefined, name: string): Finding[];
  /** Kubeconfig contexts (live source only) for :ctx. */
  contexts?: ContextInfo[];
  /** Wide columns on (Ctrl-w, as in k9s): columns marked `wide` are shown. */
  wide?: boolean;
}

export interface ContextInfo {
  name: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  current: boolean;
}

export interface Column<R> {
  id: string;
  header: string;
  /** 0 = always shown; higher numbers are dropped first when the terminal is narrow. */
  priority: number;
  /** Minimum width; the shell grows columns to their content up to maxWidth. */
  minWidth?: number;
  maxWidth?: number;
  align?: 'left' | 'right';
  /** Shown only in wide mode (Ctrl-w). */
  wide?: boolean;
  /**
   * How a value too long for the column is cut (default: its end, with …):
   * keep a name's distinguishing end, a marker, the worst severity. Called
   * with width 0 it returns the least it must show, which the layout reserves.
   */
  fit?(value: string, width: number): string;
  value(r: R, ctx: ViewCtx): string;
  /** Rich cell (colored marks); value() is still used for width, filter and sort. */
  cell?(r: R, ctx: ViewCtx): Seg[];
  tone?(r: R, ctx: ViewCtx): Tone | undefined;
  /** Sort key; defaults to value(). Numbers sort numerically. */
  sortValue?(r: R, ctx: ViewCtx): string | number;
}

export interface ViewDef<R = any> {
  /** The name after ':' (sts, cj, jobs, svc, ing, pods, diag, ns, ctx, ...). */
  id: string;
  title: string;
  aliases: string[];
  /** Kinds whose read status the view depends on (forbidden/absent is shown instead of "0 items"). */
  kinds: KindName[];
  namespaced: boolean;
  columns: Column<R>[];
  rows(ctx: ViewCtx): R[];
  key(r: R): string;
  /** The API object behind a row, for y (YAML), e (events), Enter and label filters. */
  object?(r: R, ctx: ViewCtx): K8sObject | undefined;
  /** Detail view lines (Enter). Defaults to a generic description. */
  detail?(r: R, ctx: ViewCtx): Line[];
  /** Default sort column id. */
  defaultSort?: string;
  /** What Enter does instead of opening the detail (e.g. :ns switches namespace). */
  enter?(r: R, ctx: ViewCtx): ShellAction | undefined;
  /** Pods whose logs `l` opens for a row (a pod, an ordinal, a Job's pods). */
  logTargets?(r: R, ctx: ViewCtx): { namespace: string; pod: string; containers: string[] }[];
}

/** Things a view can ask the shell to do. */
export type ShellAction =
  | { type: 'switchNamespace'; namespace: string | undefined }
  | { type: 'switchContext'; context: string }
  | { type: 'openView'; view: string }
  | { type: 'openObject'; kind: string; namespace?: string; name: string };
