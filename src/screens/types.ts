// What the UI thread draws, as data: the shell's screens computed where the
// cluster data is (issue 10: "the UI thread gets compact row data and store
// versions"). A list screen is every row's key and cell texts in columnar
// form (one string per column, offsets into it), so j/k, paging, text
// filters and sorting by a shown column stay on the UI thread; a line
// screen is its Line[]. Everything here is structured-cloneable: the same
// shapes travel from the data thread (src/cluster/worker.ts) or are built
// in-process (the local mode the view tests use).
import type { KindName } from '../cluster/kinds.js';
import type { ConnectionState, KindStatus, SourceInfo } from '../cluster/store.js';
import type { DiagnosticsReport, LoadError } from '../../diagnostics/types.js';
import type { Line, LineRef, ShellAction } from '../../views/types.js';

/** Which list the UI shows, with what the data thread needs to compute it. */
export interface ListRequest {
  viewId: string;
  /** Namespace scope; undefined = all namespaces. */
  namespace?: string;
  sortId?: string;
  sortDesc: boolean;
  /** A label selector (`-l app=x`): matched by the data thread. Text filters never leave the UI thread. */
  selector?: string;
  width: number;
  noColor: boolean;
  wide: boolean;
}

/** n strings, each followed by NUL (no cluster text contains one: sanitized), so a search never spans two cells. */
export interface Strings {
  text: string;
  /** n + 1 offsets: string i is text.slice(offsets[i], offsets[i + 1] - 1). */
  offsets: Uint32Array;
}

/** A column's sort keys when it has its own (sortValue): numbers, or strings already in natural-sort form. */
export interface SortKeys {
  nums: Float64Array;
  /** Rows whose key is a string (isStr[i] = 1) take it from strs. */
  strs?: Strings;
  isStr?: Uint8Array;
}

export interface ColumnData {
  id: string;
  values: Strings;
  /** Tone per row (TONES index; 0 = none), for columns with a tone. */
  tones?: Uint8Array;
  /** Rich cells (Column.cell): JSON of each row's Seg[]. */
  cells?: Strings;
  sort?: SortKeys;
}

/** Row flags. */
export const ROW_OBJECT = 1;
export const ROW_POD = 2;

export interface ListData {
  /** Increases with each version sent for this list. */
  seq: number;
  req: ListRequest;
  n: number;
  keys: Strings;
  /** Every column of the view, in its order (text filters read all of them, shown or not). */
  columns: ColumnData[];
  /** Row indexes in the request's sort order (stable: ties keep the view's order). */
  order: Uint32Array;
  flags: Uint8Array;
  /** The request's label selector: which rows match, or why it cannot be parsed. */
  selector?: { text: string; match?: Uint8Array; error?: string };
  /** A diagnostics report exists (the PROBLEMS column can show). */
  findings: boolean;
  /** Store version the rows were computed from. */
  version: number;
  /** The view's own words for an empty list (ViewDef.empty), when it has no rows. */
  empty?: string;
}

/**
 * A list version on the wire: what did not change since the version the UI
 * thread already has (`base`) is left out (null columns, no keys/order/flags).
 */
export interface ListWire extends Omit<ListData, 'keys' | 'columns' | 'order' | 'flags'> {
  base?: number;
  keys?: Strings;
  columns: (ColumnData | null)[];
  order?: Uint32Array;
  flags?: Uint8Array;
}

/** What a line screen shows (the shell's LinesSource without help and logs, which the UI thread makes itself). */
export type LinesRequest =
  | { kind: 'detail'; viewId: string; key: string; ref?: LineRef }
  | { kind: 'describe'; ref: LineRef }
  | { kind: 'yaml'; ref: LineRef }
  | { kind: 'events'; ref: LineRef };

export interface LinesData {
  /** The line screen's id (the shell's screen id). */
  id: number;
  seq: number;
  lines: Line[];
  /** Still fetching (YAML of the whole object). */
  loading?: boolean;
}

/** Everything the header, the title and the prompts need: no objects. */
export interface HeaderState {
  info: SourceInfo;
  connection: ConnectionState;
  statuses: [KindName, KindStatus][];
  counts: [KindName, number][];
  warnings: string[];
  loadErrors: LoadError[];
  /** The diagnostics summary (counts, root causes), when a report exists. */
  summary?: DiagnosticsReport['summary'];
  /** A diagnostics run is due or running (tests wait for it). */
  diagnosing: boolean;
  /** Namespace names for `:ns` completion and checks. */
  namespaces: { names: string[]; readable: boolean; why?: string };
  version: number;
}

/** What Enter, y, e and l on a list row or an object line resolve to. */
export type ActRequest =
  | { type: 'row'; viewId: string; key: string; namespace?: string }
  | { type: 'ref'; ref: LineRef; namespace?: string };

export type ActResult =
  /** Enter on a row: a view's own action (switch namespace, open a view, ...). */
  | { type: 'action'; action: ShellAction }
  /** A detail screen: the view's detail of this row. */
  | { type: 'detail'; viewId: string; key: string; ref?: LineRef }
  /** The generic description of an object no view lists. */
  | { type: 'describe'; ref: LineRef }
  | { type: 'message'; text: string; tone: 'info' | 'warn' | 'error' };

export interface RowInfo {
  /** The object behind the row, if any (y, e). */
  ref?: LineRef;
  /** The pod whose logs `l` opens. */
  logTarget?: { namespace: string; pod: string; containers: string[] };
}

export const TONES = [undefined, 'ok', 'warn', 'error', 'info', 'muted', 'accent', 'default'] as const;
