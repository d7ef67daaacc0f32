// Navigation state as data and a pure reducer: which screens are open (a
// stack over one view), the history of views for `-`, the prompt mode,
// selection, filters, sort, wide columns and the message line. No Ink, no
// store: the shell computes what an action needs (row counts, keys) and
// dispatches it here; unit tests drive this module directly.
import type { LineRef } from '../../views/types.js';

export interface ListScreen {
  type: 'list';
  id: number;
  viewId: string;
  /** Selected row index, and its key so the selection follows the object when rows move. */
  sel: number;
  selKey?: string;
  /** First row shown. */
  offset: number;
  filter: string;
  sortId?: string;
  sortDesc: boolean;
}

/** What a line screen shows: data, resolved to lines by the shell on each frame. */
export type LinesSource =
  /** A view's detail of one row (its key in that view). */
  | { kind: 'detail'; viewId: string; key: string; ref?: LineRef }
  /** The generic description of an object no view has a row for. */
  | { kind: 'describe'; ref: LineRef }
  | { kind: 'yaml'; ref: LineRef }
  | { kind: 'events'; ref: LineRef }
  | { kind: 'help' }
  | { kind: 'logs'; session: number };

export interface LinesScreen {
  type: 'lines';
  id: number;
  title: string;
  source: LinesSource;
  /** First screen row shown (after wrapping). */
  offset: number;
  /** The selected ref line (index into the lines) and the object it stood for, to find it again when lines move. */
  cursor?: number;
  cursorRef?: LineRef;
  wrap: boolean;
  /** Columns scrolled sideways (unwrapped lines only). */
  hscroll: number;
  /** Growing screens (logs) stay at the end unless the user scrolled up. */
  follow: boolean;
}

export type Screen = ListScreen | LinesScreen;

export type Mode =
  | { type: 'normal' }
  | { type: 'command'; text: string }
  | { type: 'filter'; text: string }
  | { type: 'search'; text: string };

export interface Message {
  text: string;
  tone: 'warn' | 'error' | 'info';
}

export interface NavState {
  /** stack[0] is always a list (the current view); line screens open above it. */
  stack: Screen[];
  /** Earlier views, most recent last, for `-`. */
  history: ListScreen[];
  mode: Mode;
  namespace?: string;
  wide: boolean;
  /** Header counts with every finding in parentheses (root causes otherwise). */
  totals: boolean;
  message?: Message;
  nextId: number;
}

export const HISTORY_MAX = 30;

export type NavAction =
  | { type: 'openView'; viewId: string; sortId?: string; filter?: string }
  | { type: 'previousView' }
  | { type: 'push'; screen: Omit<ListScreen, 'id'> | Omit<LinesScreen, 'id'> }
  | { type: 'back' }
  | { type: 'select'; sel: number; selKey?: string; offset: number }
  | { type: 'scroll'; offset: number; follow?: boolean }
  | { type: 'cursor'; cursor: number | undefined; cursorRef?: LineRef; offset: number }
  | { type: 'setFilter'; text: string }
  | { type: 'sort'; sortId?: string; sortDesc: boolean }
  | { type: 'mode'; mode: Mode }
  | { type: 'namespace'; namespace: string | undefined }
  | { type: 'toggleWide' }
  | { type: 'toggleTotals' }
  | { type: 'toggleWrap'; offset: number }
  | { type: 'hscroll'; hscroll: number }
  | { type: 'retitle'; title: string; offset?: number; follow?: boolean }
  | { type: 'message'; message: Message | undefined };

export function listScreen(id: number, viewId: string, sortId?: string, filter = ''): ListScreen {
  return { type: 'list', id, viewId, sel: 0, offset: 0, filter, sortId, sortDesc: false };
}

export function initialNav(viewId: string, sortId: string | undefined, namespace: string | undefined, message?: Message): NavState {
  return { stack: [listScreen(1, viewId, sortId)], history: [], mode: { type: 'normal' }, namespace, wide: false, totals: false, message, nextId: 2 };
}

export function top(s: NavState): Screen {
  return s.stack[s.stack.length - 1]!;
}

/** The list the screens above it belong to (the current view). */
export function currentList(s: NavState): ListScreen {
  return s.stack[0] as ListScreen;
}

function replaceTop(s: NavState, patch: Partial<ListScreen> | Partial<LinesScreen>): NavState {
  const t = top(s);
  return { ...s, stack: [...s.stack.slice(0, -1), { ...t, ...patch } as Screen] };
}

export function navReducer(s: NavState, a: NavAction): NavState {
  switch (a.type) {
    case 'openView': {
      const list = listScreen(s.nextId, a.viewId, a.sortId, a.filter ?? '');
      const history = [...s.history, currentList(s)].slice(-HISTORY_MAX);
      return { ...s, stack: [list], history, nextId: s.nextId + 1, mode: { type: 'normal' } };
    }
    case 'previousView': {
      const prev = s.history[s.history.length - 1];
      if (!prev) return { ...s, message: { text: 'no previous view', tone: 'info' } };
      return { ...s, stack: [prev], history: s.history.slice(0, -1), message: undefined };
    }
    case 'push':
      return { ...s, stack: [...s.stack, { ...a.screen, id: s.nextId } as Screen], nextId: s.nextId + 1 };
    case 'back': {
      const t = top(s);
      if (t.type === 'list' && t.filter) return replaceTop(s, { filter: '', sel: 0, selKey: t.selKey });
      if (s.stack.length > 1) return { ...s, stack: s.stack.slice(0, -1) };
      return s;
    }
    case 'select':
      return top(s).type === 'list' ? replaceTop(s, { sel: a.sel, selKey: a.selKey, offset: a.offset }) : s;
    case 'scroll':
      return top(s).type === 'lines' ? replaceTop(s, { offset: Math.max(0, a.offset), ...(a.follow !== undefined ? { follow: a.follow } : {}) }) : s;
    case 'cursor':
      return top(s).type === 'lines' ? replaceTop(s, { cursor: a.cursor, cursorRef: a.cursorRef, offset: Math.max(0, a.offset) }) : s;
    case 'setFilter':
      return top(s).type === 'list' ? replaceTop(s, { filter: a.text, sel: 0, selKey: undefined, offset: 0 }) : s;
    case 'sort':
      return top(s).type === 'list' ? replaceTop(s, { sortId: a.sortId, sortDesc: a.sortDesc }) : s;
    case 'mode':
      return { ...s, mode: a.mode };
    case 'namespace':
      return { ...s, namespace: a.namespace };
    case 'toggleWide':
      return { ...s, wide: !s.wide };
    case 'toggleTotals':
      return { ...s, totals: !s.totals };
    case 'toggleWrap': {
      const t = top(s);
      return t.type === 'lines' ? replaceTop(s, { wrap: !t.wrap, hscroll: 0, offset: a.offset }) : s;
    }
    case 'hscroll':
      return top(s).type === 'lines' ? replaceTop(s, { hscroll: Math.max(0, a.hscroll) }) : s;
    case 'retitle':
      return top(s).type === 'lines'
        ? replaceTop(s, { title: a.title, ...(a.offset !== undefined ? { offset: a.offset } : {}), ...(a.follow !== undefined ? { follow: a.follow } : {}) })
        : s;
    case 'message':
      return { ...s, message: a.message };
  }
}
