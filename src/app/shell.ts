// The shell's controller: navigation state (nav.ts) plus what has to live
// outside it (row models, log streams), the keypress dispatcher and the
// refresh timer. No Ink here: the components in screens/ draw what frame
// data it hands out, and tests can drive it directly.
//
// It never reads the cluster store: what it draws comes from a screen
// source (src/screens/source.ts), the data thread in the dashboard or the
// store on this thread in tests. A list arrives as every row's key and cell
// texts, so moving, filtering by text and sorting stay here; Enter, y, e, l,
// label filters and line screens are requests to the source.
//
// Keys go through three layers, the first that returns true consumes the key:
// the prompt (`:` and `/` modes) > the current screen's keys > global keys.
// Which key means what is data (keymap.ts); the footer and help read the same table.
import type { ClusterStore, KindStatus } from '../cluster/store.js';
import { KINDS, type KindName } from '../cluster/kinds.js';
import type { K8sObject } from '../model/types.js';
import type { ContextInfo, Line, LineRef, ShellAction, ViewDef } from '../../views/types.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import type { DiagnoseFn } from '../screens/server.js';
import { findView } from '../../views/registry.js';
import { line, seg } from '../../views/widgets/text.js';
import { mark } from '../../views/widgets/marks.js';
import { asciiLine } from '../../views/widgets/Lines.js';
import { bindingFor, keyName, type Action, type KeyInfo, type ScreenInfo, type Where } from './keymap.js';
import { currentList, initialNav, navReducer, top, type LinesScreen, type ListScreen, type Message, type NavAction, type NavState, type Screen } from './nav.js';
import { findCursor, hasRefs, LineLayout, moveCursor, sameRef } from './lines.js';
import { ListModel, isLabelFilter } from '../screens/model.js';
import { LocalScreens, when, type ScreenParams, type ScreenSource } from '../screens/source.js';
import { ROW_OBJECT, ROW_POD, type ActResult, type HeaderState, type LinesRequest, type ListRequest, type RowInfo } from '../screens/types.js';
import { fmtCount, kindStatusText } from '../screens/status.js';
import { LogSession, type LogProvider, type LogTarget } from './logs.js';
import { commandCandidates, completeCommand, parseCommand } from './commands.js';
import { helpLines } from './help.js';

export interface LiveControl {
  switchNamespace(namespace: string | undefined): void | Promise<void>;
  switchContext(context: string): Promise<void>;
  contexts(): ContextInfo[];
  /** Stream a pod's log lines; returns a stop function. */
  podLog?(
    target: { namespace: string; pod: string; container?: string; previous?: boolean; follow?: boolean; tailLines?: number },
    onLine: (l: string) => void,
    onEnd: (err?: Error) => void,
  ): () => void;
}

export type { DiagnoseFn } from '../screens/server.js';

export interface ShellOptions {
  /** Where the screens come from: the data thread (dashboard). Without it, the store on this thread (local mode). */
  source?: ScreenSource;
  /** Local mode: the store the views read. */
  store?: ClusterStore;
  views: ViewDef[];
  initialView?: string;
  fixedNow?: number;
  noColor: boolean;
  live?: LiveControl;
  diagnose?: DiagnoseFn;
  /** The whole object for `y` (the store may keep only projected fields). */
  fullObject?(ref: LineRef): Promise<K8sObject | undefined>;
  refreshMs?: number;
  size: { columns: number; rows: number };
  /** Called for q / :q. */
  exit(): void;
}

type InkKey = KeyInfo;

/** Lines of the current line screen, with their layout for the current width/wrap/scroll. */
export interface LinesFrame {
  screen: LinesScreen;
  lines: Line[];
  layout: LineLayout;
  offset: number;
  cursor?: number;
  refs: boolean;
}

export interface ListFrame {
  screen: ListScreen;
  view: ViewDef;
  model: ListModel;
  sel: number;
  offset: number;
}

const HSCROLL_STEP = 10;

export { kindStatusText };

export class Shell {
  nav: NavState;
  /** Increases with every change the screen should show. */
  version = 0;
  size: { columns: number; rows: number };
  /** Key events received (the test probe reads it). */
  inputs = 0;
  /** Where the screens come from (the data thread, or the store on this thread). */
  readonly source: ScreenSource;
  private listeners = new Set<() => void>();
  private models = new Map<number, ListModel>();
  private sessions = new Map<number, LogSession>();
  /** Requests to the source not answered yet (Enter, y, e, l on a remote source). */
  private asking = 0;
  private sourceDirty = false;
  private lastSecond = 0;
  private timer?: ReturnType<typeof setInterval>;
  private unsubscribe?: () => void;
  private linesCache?: { key: string; lines: Line[] };
  private layoutCache?: { lines: Line[]; width: number; wrap: boolean; hscroll: number; layout: LineLayout };
  private stopped = false;
  private syncing = false;
  /** Line screens the source was asked for, with the parameters it was given. */
  private opened = new Map<number, string>();

  constructor(readonly o: ShellOptions) {
    this.size = o.size;
    this.source =
      o.source ??
      new LocalScreens({
        store: o.store!,
        views: o.views,
        fixedNow: o.fixedNow,
        diagnose: o.diagnose,
        fullObject: o.fullObject,
        contexts: () => o.live?.contexts(),
        refreshMs: o.refreshMs,
      });
    const initial = findView(o.views, o.initialView ?? 'pods') ?? o.views[0]!;
    const h = this.source.header();
    const problems = h.loadErrors?.length
      ? `${h.loadErrors.length} input document(s) skipped: ${h.loadErrors[0]!.file}${h.loadErrors[0]!.document ? ` document ${h.loadErrors[0]!.document}` : ''}: ${h.loadErrors[0]!.message}`
      : h.warnings.length
        ? `${h.warnings.length} snapshot problem(s): ${h.warnings[0]}`
        : undefined;
    this.nav = initialNav(initial.id, initial.defaultSort, h.info.namespace, problems ? { text: problems, tone: 'warn' } : undefined);
    this.source.onError = (what, e) => this.fail(what, new Error(e));
    this.syncList();
  }

  /** The header's state: source, connection, read statuses, counts, the diagnostics summary. */
  header(): HeaderState {
    return this.source.header();
  }

  /** The latest diagnostics report, where it is on this thread (local mode). */
  get report(): DiagnosticsReport | undefined {
    return this.source.report?.();
  }

  // ---------- lifecycle ----------

  start(): void {
    this.unsubscribe = this.source.subscribe((e) => {
      if (this.stopped) return;
      if (e === 'list') this.guard('refresh', () => this.syncList());
      if (e === 'header') this.syncOpenLines();
      // Updates from the source are drawn at once: the source already sends them on a timer.
      if (!this.syncing) this.emit();
    });
    this.source.start();
    const every = this.o.refreshMs ?? 250;
    this.timer = setInterval(() => this.tick(), every);
    // Timers never keep the process alive on their own (a test that fails before unmount must still end).
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.source.stop();
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  private emit(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Work outstanding that will change the screen: a source update not drawn yet, a diagnostics run due, a request in flight. */
  busy(): boolean {
    return this.sourceDirty || this.asking > 0 || this.source.busy();
  }

  setSize(size: { columns: number; rows: number }): void {
    this.size = size;
    this.layoutCache = undefined;
    this.syncList();
    this.syncOpenLines();
    this.emit();
  }

  /** The refresh timer: the clock's second moves live ages and "since" texts; log lines arrived. */
  private tick(): void {
    if (this.stopped) return;
    const second = Math.floor(Date.now() / 1000);
    const clockMoved = this.o.fixedNow === undefined && second !== this.lastSecond;
    if (this.sourceDirty || clockMoved) {
      this.sourceDirty = false;
      this.lastSecond = second;
      this.emit();
    }
  }

  /** Run `fn`; an exception becomes a message on screen instead of taking the dashboard down. */
  private guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.fail(what, e);
      return undefined;
    }
  }

  fail(what: string, e: unknown): void {
    const msg = (e as Error)?.message ?? String(e);
    this.nav = navReducer(this.nav, { type: 'message', message: { text: `${what} failed: ${msg}${process.env.K8STUI_DEBUG ? ` ${(e as Error)?.stack ?? ''}` : ''}`, tone: 'error' } });
    this.emit();
  }

  private dispatch(a: NavAction): void {
    this.nav = navReducer(this.nav, a);
  }

  private message(text: string | undefined, tone: Message['tone'] = 'info'): void {
    this.dispatch({ type: 'message', message: text ? { text, tone } : undefined });
  }

  /** Ask the source; the answer is handled at once (local) or when it arrives (remote). */
  private ask<T>(what: string, v: T | Promise<T>, then: (x: T) => void): void {
    const remote = !!v && typeof (v as Promise<T>).then === 'function';
    if (remote) this.asking++;
    when(
      v,
      (x) => {
        if (remote) this.asking--;
        if (this.stopped) return;
        this.guard(what, () => then(x));
        if (remote) this.emit();
      },
      (e) => {
        if (remote) this.asking--;
        if (!this.stopped) this.fail(what, e);
      },
    );
  }

  // ---------- context ----------

  now(): number {
    return this.o.fixedNow ?? Date.now();
  }

  get noColor(): boolean {
    return this.o.noColor;
  }

  /** Between the parts of a screen title. */
  get crumb(): string {
    return mark('crumb', this.o.noColor);
  }

  get width(): number {
    return Math.max(20, this.size.columns);
  }

  /** Frame height: shorter than the terminal (Ink #450). */
  get height(): number {
    return Math.max(6, this.size.rows - 1);
  }

  /** Rows between the title and the footer. */
  get contentHeight(): number {
    return this.height - 3;
  }

  get tableRows(): number {
    return Math.max(1, this.contentHeight - 1);
  }

  /** What the source needs to compute a screen for this shell. */
  params(namespace = this.nav.namespace): ScreenParams {
    return { namespace, width: this.width, noColor: this.o.noColor };
  }

  view(id: string): ViewDef {
    return findView(this.o.views, id) ?? this.o.views[0]!;
  }

  /** The view registered for a kind: a dedicated one first, then the generic table. */
  viewForKind(kind: string): ViewDef | undefined {
    return this.o.views.find((v) => v.kinds[0] === kind && v.object);
  }

  /** A kind's read status, from the source's header state. */
  statusOf(kind: KindName): KindStatus {
    return this.header().statuses.find(([k]) => k === kind)?.[1] ?? { state: 'pending' };
  }

  // ---------- lists ----------

  model(screen: ListScreen): ListModel {
    let m = this.models.get(screen.id);
    if (!m) {
      m = new ListModel(this.view(screen.viewId));
      this.models.set(screen.id, m);
    }
    return m;
  }

  /** The request for the current list: the rows the source computes for it. */
  private listRequest(list: ListScreen): ListRequest {
    const f = list.filter.trim();
    return {
      viewId: list.viewId,
      namespace: this.nav.namespace,
      sortId: list.sortId,
      sortDesc: list.sortDesc,
      ...(isLabelFilter(f) ? { selector: f.slice(3).trim() } : {}),
      width: this.width,
      noColor: this.o.noColor,
      wide: this.nav.wide,
    };
  }

  /** Bring the current list's rows up to date (source data, namespace, query). */
  private syncList(): void {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const list = currentList(this.nav);
      const m = this.model(list);
      const req = this.listRequest(list);
      this.source.setList(req);
      const d = this.source.list();
      // Data for this view (rows for another namespace or width are shown until the new ones come).
      if (d && d.req.viewId === req.viewId) m.setData(d);
      m.apply({ sortId: list.sortId, sortDesc: list.sortDesc, filter: list.filter });
      // Models of views no longer reachable are dropped.
      const live = new Set([list.id, ...this.nav.history.map((h) => h.id), ...this.nav.forward.map((h) => h.id)]);
      for (const id of this.models.keys()) if (!live.has(id)) this.models.delete(id);
    } finally {
      this.syncing = false;
    }
  }

  listFrame(): ListFrame {
    const screen = currentList(this.nav);
    const model = this.model(screen);
    const n = model.count();
    let sel = screen.sel;
    if (screen.selKey !== undefined) {
      const i = model.indexOfKey(screen.selKey);
      if (i >= 0) sel = i;
    }
    sel = Math.max(0, Math.min(sel, n - 1));
    const h = this.tableRows;
    let offset = screen.offset;
    if (sel < offset) offset = sel;
    if (sel >= offset + h) offset = sel - h + 1;
    offset = Math.max(0, Math.min(offset, Math.max(0, n - h)));
    return { screen, view: this.view(screen.viewId), model, sel, offset };
  }

  private selectedRow(): { view: ViewDef; key: string; flags: number } | undefined {
    const f = this.listFrame();
    if (f.model.count() === 0) return undefined;
    return { view: f.view, key: f.model.keyAt(f.sel)!, flags: f.model.flagsAt(f.sel) };
  }

  private moveList(to: number): void {
    const f = this.listFrame();
    const n = f.model.count();
    if (n === 0) return;
    const i = Math.max(0, Math.min(n - 1, to));
    const h = this.tableRows;
    let offset = f.offset;
    if (i < offset) offset = i;
    if (i >= offset + h) offset = i - h + 1;
    this.dispatch({ type: 'select', sel: i, selKey: f.model.keyAt(i), offset });
  }

  /** The columns a list shows: the namespace column only across namespaces, wide columns only in wide mode. */
  columns(view: ViewDef): ViewDef['columns'] {
    return view.columns.filter((c) => (c.id !== 'namespace' || this.nav.namespace === undefined) && (!c.wide || this.nav.wide));
  }

  // ---------- line screens ----------

  /** What the source computes for a line screen (help and logs are made here). */
  private linesRequest(screen: LinesScreen): LinesRequest | undefined {
    const src = screen.source;
    switch (src.kind) {
      case 'detail':
        return { kind: 'detail', viewId: src.viewId, key: src.key, ref: src.ref };
      case 'describe':
      case 'yaml':
      case 'events':
        return { kind: src.kind, ref: src.ref };
      default:
        return undefined;
    }
  }

  /** Tell the source about line screens opened, closed, or whose width, colour or scope changed. */
  private syncOpenLines(): void {
    const open = new Set<number>();
    for (const s of this.nav.stack) {
      if (s.type !== 'lines') continue;
      const req = this.linesRequest(s);
      if (!req) continue;
      open.add(s.id);
      const p = this.params();
      const sig = JSON.stringify(p);
      const had = this.opened.get(s.id);
      if (had === undefined) this.source.openLines(s.id, req, p);
      else if (had !== sig) this.source.resizeLines(s.id, p);
      this.opened.set(s.id, sig);
    }
    for (const id of [...this.opened.keys()]) {
      if (open.has(id)) continue;
      this.opened.delete(id);
      this.source.closeLines(id);
    }
  }

  /** The lines a line screen shows now. */
  linesOf(screen: LinesScreen): Line[] {
    const src = screen.source;
    const session = src.kind === 'logs' ? this.sessions.get(src.session) : undefined;
    const data = this.linesRequest(screen) ? this.source.lines(screen.id) : undefined;
    // Lines change with the source's version of them, the width (help), a log's new lines; not with a key that only moves the cursor or scrolls.
    const key = [screen.id, data?.seq ?? -1, this.width, session?.version ?? '', session?.search ?? ''].join('|');
    if (this.linesCache?.key === key) return this.linesCache.lines;
    let lines: Line[];
    switch (src.kind) {
      case 'help':
        lines = helpLines(this.o.views, this.width, this.o.noColor);
        break;
      case 'logs':
        lines = session ? session.lines() : [line(seg('log stream closed', 'muted'))];
        break;
      default:
        lines = data?.lines ?? [line(seg(`loading${mark('dots', this.o.noColor)}`, 'muted'))];
    }
    // Under NO_COLOR the text marks of what the views and the model wrote are ASCII (YAML and logs are shown as written).
    if (this.o.noColor && src.kind !== 'yaml' && src.kind !== 'logs') lines = lines.map(asciiLine);
    lines = this.withoutOwnRef(screen, lines);
    this.linesCache = { key, lines };
    return lines;
  }

  /**
   * An object's detail names the object itself on some lines (its findings'
   * headings, its events): Enter there would open the same detail again, and
   * y/e/l do what they do without a selection. Such lines are not selectable.
   * Other details keep them (a finding's detail: its object line opens the object).
   */
  private withoutOwnRef(screen: LinesScreen, lines: Line[]): Line[] {
    const src = screen.source;
    const own = this.detailRef(screen);
    if (!own) return lines;
    if (src.kind === 'detail' && this.viewForKind(own.kind)?.id !== src.viewId) return lines;
    if (!lines.some((l) => sameRef(l.ref, own))) return lines;
    return lines.map((l) => {
      if (!sameRef(l.ref, own)) return l;
      const copy: Line = [...l];
      if (l.wrap) copy.wrap = l.wrap;
      if (l.hang !== undefined) copy.hang = l.hang;
      if (l.hangText) copy.hangText = l.hangText;
      return copy;
    });
  }

  private layoutOf(screen: LinesScreen, lines: Line[]): LineLayout {
    const c = this.layoutCache;
    if (c && c.lines === lines && c.width === this.width && c.wrap === screen.wrap && c.hscroll === screen.hscroll) return c.layout;
    const layout = new LineLayout(lines, this.width, screen.wrap, screen.hscroll, mark('ellipsis', this.o.noColor));
    this.layoutCache = { lines, width: this.width, wrap: screen.wrap, hscroll: screen.hscroll, layout };
    return layout;
  }

  linesFrame(screen: LinesScreen): LinesFrame {
    const lines = this.linesOf(screen);
    const layout = this.layoutOf(screen, lines);
    const h = this.contentHeight;
    const max = Math.max(0, layout.rows - h);
    const offset = screen.follow ? max : Math.min(screen.offset, max);
    const refs = screen.source.kind === 'detail' || screen.source.kind === 'describe' ? hasRefs(lines) : false;
    const cursor = refs ? findCursor(lines, screen.cursor, screen.cursorRef) : undefined;
    return { screen, lines, layout, offset, cursor, refs };
  }

  /** The object a detail screen is about (its own row), for y/e/l without a selected line. */
  private detailRef(screen: LinesScreen): LineRef | undefined {
    const src = screen.source;
    if (src.kind === 'describe') return src.ref;
    if (src.kind !== 'detail') return undefined;
    return src.ref;
  }

  // ---------- screen info (footer, conditions) ----------

  where(s: Screen = top(this.nav)): Where {
    if (s.type === 'list') return 'list';
    switch (s.source.kind) {
      case 'detail':
      case 'describe':
        return 'detail';
      case 'logs':
        return 'logs';
      case 'help':
        return 'help';
      default:
        return 'text';
    }
  }

  screenInfo(): ScreenInfo {
    const s = top(this.nav);
    const where = this.where(s);
    if (s.type === 'list') {
      const sel = this.selectedRow();
      const hasObject = !!sel && (sel.flags & ROW_OBJECT) !== 0;
      const view = this.view(s.viewId);
      return {
        where,
        hasRow: !!sel,
        sortable: view.sortable !== false && view.columns.length > 1,
        wideCols: view.columns.some((c) => c.wide),
        hasObject,
        hasLogs: this.canStreamLogs() && !!sel && (!!sel.view.logTargets || (sel.flags & ROW_POD) !== 0),
      };
    }
    const f = this.linesFrame(s);
    const lines = { wrapped: s.wrap, cut: f.layout.maxWidth() > this.width, scrolled: s.hscroll > 0 };
    if (where === 'detail') {
      const onRef = f.cursor !== undefined;
      const ref = onRef ? f.lines[f.cursor!]!.ref : this.detailRef(s);
      return { where, onRef, hasRefs: f.refs, hasObject: !!ref, hasLogs: !!ref && this.canLog(ref), ...lines };
    }
    return { where, ...lines };
  }

  private canLog(ref: LineRef): boolean {
    return this.canStreamLogs() && (ref.kind === 'Pod' || !!this.viewForKind(ref.kind)?.logTargets);
  }

  /** Logs need a live source; `l` is not offered on snapshots (it still says why when pressed). */
  private canStreamLogs(): boolean {
    return !!this.o.live?.podLog;
  }

  // ---------- keys ----------

  /** One Ink input event: a key, or a burst of typed characters (paste, tmux send-keys) handled one by one. */
  key(input: string, key: InkKey): void {
    this.inputs++;
    // A message lasts until the next key (k9s' flash): one the key did not replace is cleared.
    const shown = this.nav.message;
    try {
      if (input.length > 1 && !key.ctrl && !key.meta && !/\x1b/.test(input)) {
        for (const ch of input) {
          if (ch === '\r' || ch === '\n') this.keyOne('', { return: true });
          else if (ch === '\t') this.keyOne('', { tab: true });
          else if (ch === '\x7f' || ch === '\b') this.keyOne('', { backspace: true });
          else this.keyOne(ch, {});
        }
      } else this.keyOne(input, key);
    } catch (e) {
      this.fail('that key', e);
      return;
    }
    if (shown && this.nav.message === shown) this.dispatch({ type: 'message', message: undefined });
    this.guard('opening', () => this.syncOpenLines());
    this.emit();
  }

  private keyOne(input: string, key: InkKey): void {
    const name = keyName(input, key);
    if (this.promptKey(name, input, key)) return;
    if (!name) return;
    if (this.screenKey(name)) return;
    this.globalKey(name);
  }

  /** Layer 1: a prompt (`:` or `/`) takes every key. */
  private promptKey(name: string | undefined, input: string, key: InkKey): boolean {
    const mode = this.nav.mode;
    if (mode.type === 'normal') return false;
    const s = top(this.nav);
    if (mode.type === 'search') {
      const session = s.type === 'lines' && s.source.kind === 'logs' ? this.sessions.get(s.source.session) : undefined;
      if (!session) {
        this.dispatch({ type: 'mode', mode: { type: 'normal' } });
        return true;
      }
      if (name === 'Esc') session.search = '';
      else if (name === 'Backspace') session.search = session.search.slice(0, -1);
      else if (name !== 'Enter' && !key.ctrl && !key.meta && input && !key.tab) session.search += input;
      if (name === 'Esc' || name === 'Enter') {
        this.dispatch({ type: 'mode', mode: { type: 'normal' } });
        if (name === 'Enter' && s.type === 'lines') this.jumpToMatch(s, session);
      } else this.dispatch({ type: 'mode', mode: { type: 'search', text: session.search } });
      return true;
    }
    if (name === 'Esc') {
      if (mode.type === 'filter') this.setFilter('');
      this.dispatch({ type: 'mode', mode: { type: 'normal' } });
      return true;
    }
    if (name === 'Enter') {
      this.dispatch({ type: 'mode', mode: { type: 'normal' } });
      if (mode.type === 'command') this.runCommand(mode.text);
      return true;
    }
    if (name === 'Tab') {
      if (mode.type === 'command') this.dispatch({ type: 'mode', mode: { type: 'command', text: completeCommand(mode.text, this.o.views, this.completionSources()) } });
      return true;
    }
    if (name === 'Backspace') {
      const text = mode.text.slice(0, -1);
      this.dispatch({ type: 'mode', mode: { ...mode, text } });
      if (mode.type === 'filter') this.setFilter(text);
      return true;
    }
    if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || !input) return true;
    const text = mode.text + input;
    this.dispatch({ type: 'mode', mode: { ...mode, text } });
    if (mode.type === 'filter') this.setFilter(text);
    return true;
  }

  private setFilter(text: string): void {
    this.dispatch({ type: 'setFilter', text });
    this.syncList();
  }

  /** Layer 2: the current screen's keys. */
  private screenKey(name: string): boolean {
    const s = top(this.nav);
    const b = bindingFor(name, this.where(s), 'screen');
    if (!b) return false;
    if (s.type === 'list') this.listAction(b.action, s);
    else this.linesAction(b.action, s);
    return true;
  }

  /** Layer 3: keys that work everywhere. */
  private globalKey(name: string): boolean {
    const b = bindingFor(name, this.where(), 'global');
    if (!b) return false;
    if (b.action !== 'back') this.message(undefined);
    switch (b.action) {
      case 'quit':
        this.o.exit();
        break;
      case 'help':
        // `?` toggles the help, as in k9s.
        if (this.where() === 'help') this.back();
        else this.push({ type: 'lines', title: 'Help', source: { kind: 'help' }, offset: 0, wrap: false, hscroll: 0, follow: false });
        break;
      case 'command':
        this.dispatch({ type: 'mode', mode: { type: 'command', text: '' } });
        break;
      case 'back':
        this.back();
        break;
      case 'lastView':
      case 'historyBack':
      case 'historyForward':
        this.closeLineScreens();
        this.dispatch({ type: b.action });
        this.syncList();
        break;
      case 'totals':
        this.dispatch({ type: 'toggleTotals' });
        if (!this.report?.summary.rootCauses) this.message(this.report ? 'every finding is counted (this report marks no root causes)' : 'diagnostics are not ready yet');
        break;
      default:
        return false;
    }
    return true;
  }

  private back(): void {
    const s = top(this.nav);
    if (s.type === 'lines') this.closeScreen(s);
    const before = this.nav;
    this.dispatch({ type: 'back' });
    if (s.type === 'list' && before !== this.nav) this.syncList();
  }

  private closeScreen(s: Screen): void {
    if (s.type !== 'lines') return;
    if (s.source.kind === 'logs') {
      this.sessions.get(s.source.session)?.close();
      this.sessions.delete(s.source.session);
    }
  }

  private closeLineScreens(): void {
    for (const s of this.nav.stack) this.closeScreen(s);
  }

  private push(screen: Omit<LinesScreen, 'id'>): number {
    const id = this.nav.nextId;
    this.dispatch({ type: 'push', screen });
    this.syncOpenLines();
    return id;
  }

  private listAction(a: Action, s: ListScreen): void {
    const f = this.listFrame();
    switch (a) {
      case 'down':
        return this.moveList(f.sel + 1);
      case 'up':
        return this.moveList(f.sel - 1);
      case 'pageDown':
        return this.moveList(f.sel + this.tableRows);
      case 'pageUp':
        return this.moveList(f.sel - this.tableRows);
      case 'top':
        return this.moveList(0);
      case 'bottom':
        return this.moveList(f.model.count() - 1);
      case 'filter':
        this.message(undefined);
        this.dispatch({ type: 'mode', mode: { type: 'filter', text: s.filter } });
        return;
      case 'sortNext':
      case 'sortReverse':
        if (f.view.sortable === false || f.view.columns.length < 2) {
          this.message(`${f.view.title} keeps one order`);
          return;
        }
        break;
      case 'wide':
        if (!f.view.columns.some((c) => c.wide)) {
          this.message(`${f.view.title} has no wide columns`);
          return;
        }
        break;
    }
    switch (a) {
      case 'sortNext': {
        const cols = this.columns(f.view);
        const i = cols.findIndex((c) => c.id === s.sortId);
        this.dispatch({ type: 'sort', sortId: cols[(i + 1) % cols.length]!.id, sortDesc: s.sortDesc });
        this.syncList();
        return;
      }
      case 'sortReverse':
        this.dispatch({ type: 'sort', sortId: s.sortId, sortDesc: !s.sortDesc });
        this.syncList();
        return;
      case 'wide': {
        this.dispatch({ type: 'toggleWide' });
        this.syncList();
        if (!this.nav.wide) {
          this.message('normal columns');
          return;
        }
        // Wide columns have the lowest priority: at this width they may all be dropped, and the table would not change.
        const wideCols = this.columns(f.view).filter((c) => c.wide);
        const model = this.model(s);
        const shown = model.count() > 0 ? new Set(model.layout(this.columns(f.view), this.width, this.o.noColor, true).map((c) => c.col.id)) : undefined;
        const hidden = shown ? wideCols.filter((c) => !shown.has(c.id)) : [];
        const names = hidden.map((c) => c.header).join(', ');
        if (shown && hidden.length === wideCols.length) this.message(`wide columns on; none fits ${this.width} columns: ${names}`, 'warn');
        else if (hidden.length) this.message(`wide columns; not fitting ${this.width} columns: ${names}`);
        else this.message('wide columns');
        return;
      }
      case 'allNamespaces':
        this.switchNamespace(undefined);
        return;
    }
    const sel = this.selectedRow();
    if (!sel) {
      if (a === 'open' || a === 'yaml' || a === 'events' || a === 'logs') this.message('nothing selected', 'info');
      return;
    }
    this.message(undefined);
    const ns = this.nav.namespace;
    switch (a) {
      case 'open':
        // The view's own action (switch namespace, open a view), else its detail of the row.
        this.ask('open', this.source.act({ type: 'row', viewId: sel.view.id, key: sel.key, namespace: ns }, this.params()), (r) => this.acted(r));
        return;
      case 'yaml':
      case 'events':
        if (!(sel.flags & ROW_OBJECT)) {
          this.message('no object behind this row', 'info');
          return;
        }
        this.ask(a === 'yaml' ? 'YAML' : 'events', this.source.rowInfo(sel.view.id, sel.key, this.params()), (info: RowInfo) => {
          if (!info.ref) this.message('no object behind this row', 'info');
          else if (a === 'yaml') this.openYaml(info.ref);
          else this.openEvents(info.ref);
        });
        return;
      case 'logs':
        this.ask('logs', this.source.rowInfo(sel.view.id, sel.key, this.params()), (info: RowInfo) => this.openLogs(info.logTarget));
        return;
    }
  }

  /** What Enter (or a view's openObject) resolved to. */
  private acted(r: ActResult): void {
    switch (r.type) {
      case 'action':
        this.runShellAction(r.action);
        return;
      case 'detail': {
        const v = this.view(r.viewId);
        this.push({ type: 'lines', title: `${v.title} ${this.crumb} ${r.key.replace(/^\//, '')}`, source: { kind: 'detail', viewId: v.id, key: r.key, ref: r.ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
        return;
      }
      case 'describe': {
        const ref = r.ref;
        this.push({ type: 'lines', title: `${ref.kind} ${this.crumb} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`, source: { kind: 'describe', ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
        return;
      }
      case 'message':
        this.message(r.text, r.tone);
        return;
    }
  }

  private linesAction(a: Action, s: LinesScreen): void {
    const f = this.linesFrame(s);
    const h = this.contentHeight;
    const max = Math.max(0, f.layout.rows - h);
    const scrollTo = (offset: number, follow?: boolean) => {
      const o = Math.max(0, Math.min(max, offset));
      const keep = f.cursor !== undefined && f.layout.rowOf(f.cursor) >= o && f.layout.rowOf(f.cursor) < o + h;
      this.dispatch({ type: 'scroll', offset: o, follow: follow ?? (s.source.kind === 'logs' ? o >= max : false) });
      if (f.refs) {
        const c = keep ? f.cursor : undefined;
        this.dispatch({ type: 'cursor', cursor: c, cursorRef: c !== undefined ? f.lines[c]!.ref : undefined, offset: o });
      }
    };
    switch (a) {
      case 'down':
      case 'up': {
        if (!f.refs) return scrollTo(f.offset + (a === 'down' ? 1 : -1));
        const m = moveCursor(f.layout, f.cursor, f.offset, h, a === 'down' ? 1 : -1);
        this.dispatch({ type: 'cursor', cursor: m.cursor, cursorRef: m.cursor !== undefined ? f.lines[m.cursor]!.ref : undefined, offset: m.offset });
        return;
      }
      case 'pageDown':
        return scrollTo(f.offset + h - 1);
      case 'pageUp':
        return scrollTo(f.offset - (h - 1));
      case 'top':
        return scrollTo(0, false);
      case 'bottom':
        return scrollTo(max, s.source.kind === 'logs' ? true : undefined);
      case 'wrap': {
        if (!s.wrap && f.layout.maxWidth() <= this.width) {
          this.message('every line fits the screen: nothing to wrap');
          return;
        }
        const topLine = f.layout.lineAt(f.offset);
        const next = new LineLayout(f.lines, this.width, !s.wrap, 0);
        this.dispatch({ type: 'toggleWrap', offset: next.rowOf(topLine) });
        return;
      }
      case 'left':
      case 'right': {
        if (s.wrap) {
          this.message('lines are wrapped: nothing to scroll sideways (w unwraps)');
          return;
        }
        const widest = f.layout.maxWidth();
        if (widest <= this.width && s.hscroll === 0) {
          this.message('every line fits the screen: nothing to scroll sideways');
          return;
        }
        const limit = Math.max(0, widest - this.width + 1);
        const next = a === 'left' ? s.hscroll - HSCROLL_STEP : Math.min(limit, s.hscroll + HSCROLL_STEP);
        this.dispatch({ type: 'hscroll', hscroll: Math.max(0, next) });
        return;
      }
      case 'open': {
        const ref = f.cursor !== undefined ? f.lines[f.cursor]!.ref : undefined;
        if (ref) this.openRef(ref);
        return;
      }
      case 'yaml':
      case 'events':
      case 'logs': {
        const ref = (f.cursor !== undefined ? f.lines[f.cursor]!.ref : undefined) ?? this.detailRef(s);
        if (!ref) {
          this.message('no object here', 'info');
          return;
        }
        if (a === 'yaml') this.openYaml(ref);
        else if (a === 'events') this.openEvents(ref);
        else this.logsOf(ref);
        return;
      }
    }
    if (s.source.kind !== 'logs') return;
    const session = this.sessions.get(s.source.session);
    if (!session) return;
    switch (a) {
      case 'container':
        if (!session.nextContainer()) {
          this.message('this pod has one container');
          return;
        }
        // A previous container's log is complete: it has no end to follow.
        this.dispatch({ type: 'retitle', title: session.title(), offset: 0, follow: !session.previous });
        return;
      case 'previousLog':
        session.togglePrevious();
        this.dispatch({ type: 'retitle', title: session.title(), offset: 0, follow: !session.previous });
        return;
      case 'follow':
        this.dispatch({ type: 'scroll', offset: f.offset, follow: !s.follow });
        return;
      case 'search':
        this.dispatch({ type: 'mode', mode: { type: 'search', text: session.search } });
        return;
      case 'nextMatch':
        this.jumpToMatch(s, session, f.layout.lineAt(f.offset));
        return;
    }
  }

  private jumpToMatch(s: LinesScreen, session: LogSession, fromLine?: number): void {
    const f = this.linesFrame(s);
    const from = fromLine ?? f.layout.lineAt(f.offset) - 1;
    const m = session.nextMatch(from);
    if (m === undefined) {
      if (session.search) this.message(`"${session.search}" not found`);
      return;
    }
    this.dispatch({ type: 'scroll', offset: f.layout.rowOf(m), follow: false });
  }

  // ---------- opening things ----------

  private openYaml(ref: LineRef): void {
    // The source fetches the whole object (a GET, or its document re-read from the snapshot) and draws it.
    this.push({ type: 'lines', title: `YAML ${this.crumb} ${ref.kind}/${ref.name}`, source: { kind: 'yaml', ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
  }

  private openEvents(ref: LineRef): void {
    this.push({ type: 'lines', title: `Events ${this.crumb} ${ref.kind}/${ref.name}`, source: { kind: 'events', ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
  }

  /** The pod whose logs `l` opens for an object line: the pod itself, or the first pod its view names. */
  private logsOf(ref: LineRef): void {
    this.ask('logs', this.source.refInfo(ref, this.params()), (info: RowInfo) => this.openLogs(info.logTarget));
  }

  private openLogs(t: LogTarget | undefined): void {
    if (!t) {
      this.message('no pod to show logs for here', 'warn');
      return;
    }
    const live = this.o.live;
    if (!live?.podLog) {
      this.message('logs are not in snapshots: connect to the cluster to read them', 'warn');
      return;
    }
    const sessionId = this.nav.nextId;
    const session = new LogSession(live as LogProvider, t, () => {
      this.sourceDirty = true;
    });
    session.noColor = this.o.noColor;
    this.sessions.set(sessionId, session);
    this.push({ type: 'lines', title: session.title(), source: { kind: 'logs', session: sessionId }, offset: 0, wrap: false, hscroll: 0, follow: true });
  }

  /** Enter on an object line, or a view's openObject: the view registered for the kind (its detail), or the generic description. */
  openRef(ref: LineRef): void {
    this.ask('open', this.source.act({ type: 'ref', ref, namespace: this.nav.namespace }, this.params()), (r) => this.acted(r));
  }

  runShellAction(a: ShellAction): void {
    switch (a.type) {
      case 'switchNamespace':
        this.switchNamespace(a.namespace);
        this.openView('pods');
        break;
      case 'switchContext':
        this.switchContext(a.context);
        break;
      case 'openView':
        this.openView(a.view);
        break;
      case 'openObject':
        this.openRef({ kind: a.kind, namespace: a.namespace, name: a.name });
        break;
    }
  }

  openView(name: string, filter?: string): boolean {
    const v = findView(this.o.views, name);
    if (!v) return false;
    this.closeLineScreens();
    this.dispatch({ type: 'openView', viewId: v.id, sortId: v.defaultSort, filter });
    this.syncList();
    return true;
  }

  private switchNamespace(ns: string | undefined): void {
    this.dispatch({ type: 'namespace', namespace: ns });
    this.message(ns ? `namespace ${ns}` : 'all namespaces');
    this.syncList();
    this.syncOpenLines();
    const live = this.o.live;
    if (live) {
      void Promise.resolve()
        .then(() => live.switchNamespace(ns))
        .catch((e: Error) => {
          this.message(e.message, 'error');
          this.emit();
        });
    }
  }

  private switchContext(name: string): void {
    const live = this.o.live;
    if (!live) {
      this.message('contexts can be switched only on a live cluster', 'warn');
      return;
    }
    this.message(`switching to context ${name}${mark('dots', this.o.noColor)}`);
    live.switchContext(name).then(
      () => {
        this.dispatch({ type: 'namespace', namespace: this.header().info.namespace });
        this.message(`context ${name}`);
        this.syncList();
        this.emit();
      },
      (e: Error) => {
        this.message(e.message, 'error');
        this.emit();
      },
    );
    this.openView('pods');
  }

  // ---------- the : prompt ----------

  /** Namespace names for completion and checks: the Namespaces list, or the namespaces seen in objects when it cannot be read. */
  namespaceNames(): { names: string[]; readable: boolean; why?: string } {
    return this.header().namespaces;
  }

  completionSources() {
    return {
      namespaces: () => this.namespaceNames().names,
      contexts: () => (this.o.live?.contexts() ?? []).map((c) => c.name),
    };
  }

  commandHints(text: string): string[] {
    const { prefix, names } = commandCandidates(text, this.o.views, this.completionSources());
    return names.filter((n) => prefix + n !== text.trim()).slice(0, 6);
  }

  private runCommand(text: string): void {
    const c = parseCommand(text, this.o.views);
    switch (c.type) {
      case 'none':
        return;
      case 'quit':
        this.o.exit();
        return;
      case 'error':
        this.message(c.message, 'warn');
        return;
      case 'context':
        this.switchContext(c.name);
        return;
      case 'namespace': {
        if (c.all || c.name === undefined) {
          this.switchNamespace(undefined);
          return;
        }
        const known = this.namespaceNames();
        if (known.readable && !known.names.includes(c.name)) {
          this.message(`no namespace "${c.name}" (Tab completes; :ns all for every namespace)`, 'warn');
          return;
        }
        this.switchNamespace(c.name);
        if (!known.readable && !known.names.includes(c.name)) this.message(`namespace ${c.name}: the namespace list ${known.why}, so it could not be checked`, 'warn');
        return;
      }
      case 'view':
        this.openView(c.view.id, c.filter);
        this.message(undefined);
        return;
    }
  }

  // ---------- header and footer data ----------

  logSearch(screen: LinesScreen): string {
    return screen.source.kind === 'logs' ? (this.sessions.get(screen.source.session)?.search ?? '') : '';
  }

  /** `Pods 3,500 / ~30,000` while the kinds of the current view are listed. */
  progress(): string | undefined {
    const v = this.view(currentList(this.nav).viewId);
    const kinds = v.kinds.length ? v.kinds : (['Pod'] as KindName[]);
    for (const k of kinds) {
      const s = this.statusOf(k);
      const plural = KINDS.find((x) => x.kind === k)!.plural;
      const label = plural.charAt(0).toUpperCase() + plural.slice(1);
      if (s.state === 'loading') return s.total ? `${label} ${fmtCount(s.loaded)} / ~${fmtCount(s.total)}` : `${label} ${fmtCount(s.loaded)} listed${mark('dots', this.o.noColor)}`;
      if (s.state === 'pending' && this.header().info.source === 'live') return `${label} listing${mark('dots', this.o.noColor)}`;
    }
    return undefined;
  }
}

