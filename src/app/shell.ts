// The shell's controller: navigation state (nav.ts) plus what has to live
// outside it (row models, log streams, fetched objects, the diagnostics
// report), the keypress dispatcher and the refresh timer. No Ink here: the
// components in screens/ draw what frame data it hands out, and tests can
// drive it directly.
//
// Keys go through three layers, the first that returns true consumes the key:
// the prompt (`:` and `/` modes) > the current screen's keys > global keys.
// Which key means what is data (keymap.ts); the footer and help read the same table.
import type { ClusterStore, KindStatus } from '../cluster/store.js';
import { KINDS, type KindName } from '../cluster/kinds.js';
import type { K8sObject } from '../model/types.js';
import type { ContextInfo, Line, LineRef, ShellAction, ViewCtx, ViewDef } from '../../views/types.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import { DiagRunner, type DiagnoseFn } from './diag.js';
import { findView } from '../../views/registry.js';
import { ingestObject } from '../cluster/ingest.js';
import { describeLines, objectEventLines, yamlLines } from '../../views/common.js';
import { line, seg } from '../../views/widgets/text.js';
import { count as fmtCount } from '../../views/widgets/Header.js';
import { bindingFor, keyName, type Action, type KeyInfo, type ScreenInfo, type Where } from './keymap.js';
import { currentList, initialNav, navReducer, top, type LinesScreen, type ListScreen, type Message, type NavAction, type NavState, type Screen } from './nav.js';
import { RowModel } from './rows.js';
import { findCursor, hasRefs, LineLayout, moveCursor } from './lines.js';
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

export type { DiagnoseFn } from './diag.js';

export interface ShellOptions {
  store: ClusterStore;
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
  model: RowModel;
  sel: number;
  offset: number;
}

const HSCROLL_STEP = 10;

export function refOf(o: K8sObject | undefined): LineRef | undefined {
  if (!o?.kind) return undefined;
  return { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
}

function refLabel(r: LineRef): string {
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

export function kindStatusText(kinds: KindName[], statusOf: (k: KindName) => KindStatus): { text: string; tone: 'warn' | 'error' | 'muted' } | undefined {
  for (const k of kinds) {
    const s = statusOf(k);
    if (s.state === 'forbidden') return { text: `${k}: forbidden (${s.message})`, tone: 'error' };
    if (s.state === 'error') return { text: `${k}: could not be read (${s.message})`, tone: 'error' };
    if (s.state === 'absent') return { text: `${k}: not in this snapshot`, tone: 'warn' };
    if (s.state === 'partial') return { text: `${k}: only namespaces ${s.namespaces.join(', ')} could be read`, tone: 'warn' };
    if (s.state === 'loading') return { text: `${k}: loading… (${fmtCount(s.loaded)}${s.total ? ` of ~${fmtCount(s.total)}` : ' so far'})`, tone: 'muted' };
    if (s.state === 'pending') return { text: `${k}: loading…`, tone: 'muted' };
  }
  return undefined;
}

export class Shell {
  nav: NavState;
  /** Increases with every change the screen should show. */
  version = 0;
  size: { columns: number; rows: number };
  /** Key events received (the test probe reads it). */
  inputs = 0;
  private listeners = new Set<() => void>();
  private models = new Map<number, RowModel>();
  private sessions = new Map<number, LogSession>();
  private fetched = new Map<number, { loading: boolean; obj?: K8sObject; error?: string }>();
  private fetching = 0;
  private storeDirty = false;
  private lastSecond = 0;
  private timer?: ReturnType<typeof setInterval>;
  private warmTimer?: ReturnType<typeof setTimeout>;
  private unsubscribe?: () => void;
  private diag: DiagRunner;
  private linesCache?: { key: string; lines: Line[] };
  private layoutCache?: { lines: Line[]; width: number; wrap: boolean; hscroll: number; layout: LineLayout };
  private ctxCache?: { version: number; second: number; nav: NavState; ctx: ViewCtx };
  private stopped = false;
  private lastKeyAt = 0;
  /** Increases with each diagnostics report. */
  private reportSeq = 0;

  constructor(readonly o: ShellOptions) {
    this.size = o.size;
    const initial = findView(o.views, o.initialView ?? 'pods') ?? o.views[0]!;
    const store = o.store;
    const problems = store.loadErrors?.length
      ? `${store.loadErrors.length} input document(s) skipped: ${store.loadErrors[0]!.file}${store.loadErrors[0]!.document ? ` document ${store.loadErrors[0]!.document}` : ''}: ${store.loadErrors[0]!.message}`
      : store.warnings.length
        ? `${store.warnings.length} snapshot problem(s): ${store.warnings[0]}`
        : undefined;
    this.nav = initialNav(initial.id, initial.defaultSort, store.info.namespace, problems ? { text: problems, tone: 'warn' } : undefined);
    this.diag = new DiagRunner(
      o.diagnose,
      () => ({
        store: o.store,
        now: this.now(),
        namespace: this.nav.namespace,
        key: `${o.store.version}|${this.nav.namespace ?? ''}|${o.fixedNow ?? Math.floor(Date.now() / 10000)}`,
      }),
      () => {
        this.ctxCache = undefined;
        this.reportSeq++;
        this.guard('refresh', () => this.syncList());
        this.emit();
        this.warmSoon();
      },
      (e) => this.fail('diagnostics', e),
    );
    this.syncList();
  }

  /** The latest diagnostics report (undefined until the first run finished). */
  get report(): DiagnosticsReport | undefined {
    return this.diag.report;
  }

  // ---------- lifecycle ----------

  start(): void {
    this.unsubscribe = this.o.store.subscribe(() => {
      this.storeDirty = true;
    });
    const every = this.o.refreshMs ?? 250;
    this.timer = setInterval(() => this.tick(), every);
    // Timers never keep the process alive on their own (a test that fails before unmount must still end).
    this.timer.unref?.();
    this.diag.schedule();
    this.warmSoon();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.diag.stop();
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

  /** Work outstanding that will change the screen: store changes not yet drawn, a diagnostics run due, an object being fetched. */
  busy(): boolean {
    return this.storeDirty || this.diag.busy() || this.fetching > 0;
  }

  setSize(size: { columns: number; rows: number }): void {
    this.size = size;
    this.layoutCache = undefined;
    this.emit();
  }

  /** The refresh timer: store changes reach the screen at most once per interval, ages move once a second. */
  private tick(): void {
    if (this.stopped) return;
    const second = Math.floor(Date.now() / 1000);
    const clockMoved = this.o.fixedNow === undefined && second !== this.lastSecond;
    if (this.storeDirty || clockMoved) {
      this.storeDirty = false;
      this.lastSecond = second;
      this.guard('refresh', () => this.syncList());
      this.emit();
      this.warmSoon();
    }
    this.diag.schedule();
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

  // ---------- context ----------

  now(): number {
    return this.o.fixedNow ?? Date.now();
  }

  get noColor(): boolean {
    return this.o.noColor;
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

  ctx(): ViewCtx {
    const now = this.now();
    const second = Math.floor(now / 1000);
    const c = this.ctxCache;
    if (c && c.version === this.version && c.second === second && c.nav === this.nav) return c.ctx;
    const report = this.report;
    const ctx: ViewCtx = {
      store: this.o.store,
      now,
      namespace: this.nav.namespace,
      width: this.width,
      noColor: this.o.noColor,
      diagnostics: report,
      findingsFor: report ? (kind, ns, name) => this.diag.findingsFor(kind, ns, name) : undefined,
      contexts: this.o.live?.contexts(),
      wide: this.nav.wide,
    };
    this.ctxCache = { version: this.version, second, nav: this.nav, ctx };
    return ctx;
  }

  view(id: string): ViewDef {
    return findView(this.o.views, id) ?? this.o.views[0]!;
  }

  /** The view registered for a kind: a dedicated one first, then the generic table. */
  viewForKind(kind: string): ViewDef | undefined {
    return this.o.views.find((v) => v.kinds[0] === kind && v.object);
  }

  // ---------- lists ----------

  model(screen: ListScreen): RowModel {
    let m = this.models.get(screen.id);
    if (!m) {
      m = new RowModel(this.view(screen.viewId));
      this.models.set(screen.id, m);
    }
    return m;
  }

  /** Bring the current list's rows up to date (store, namespace, query). */
  private syncList(): void {
    const list = currentList(this.nav);
    const m = this.model(list);
    m.sync(this.ctx(), { sortId: list.sortId, sortDesc: list.sortDesc, filter: list.filter }, this.o.fixedNow === undefined);
    // Models of views no longer reachable are dropped.
    const live = new Set([list.id, ...this.nav.history.map((h) => h.id)]);
    for (const id of this.models.keys()) if (!live.has(id)) this.models.delete(id);
  }

  /** Fill filter texts in idle time, a slice at a time, pausing while keys arrive. */
  private warmSoon(): void {
    if (this.warmTimer || this.stopped) return;
    const step = () => {
      this.warmTimer = undefined;
      if (this.stopped) return;
      if (Date.now() - this.lastKeyAt < 300) {
        this.warmTimer = setTimeout(step, 300);
        this.warmTimer.unref?.();
        return;
      }
      const more = this.guard('indexing rows', () => this.model(currentList(this.nav)).warm(this.ctx()));
      if (more) {
        this.warmTimer = setTimeout(step, 0);
        this.warmTimer.unref?.();
      }
    };
    this.warmTimer = setTimeout(step, 50);
    this.warmTimer.unref?.();
  }

  listFrame(): ListFrame {
    const screen = currentList(this.nav);
    const model = this.model(screen);
    if (!model.ready) model.sync(this.ctx(), { sortId: screen.sortId, sortDesc: screen.sortDesc, filter: screen.filter }, this.o.fixedNow === undefined);
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

  private selectedRow(): { view: ViewDef; row: unknown; key: string } | undefined {
    const f = this.listFrame();
    if (f.model.count() === 0) return undefined;
    return { view: f.view, row: f.model.rowAt(f.sel), key: f.model.keyAt(f.sel)! };
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

  private rowFor(viewId: string, key: string, ref?: LineRef): unknown {
    const v = this.view(viewId);
    const list = currentList(this.nav);
    if (list.viewId === v.id) {
      const r = this.model(list).rowByKey(key);
      if (r !== undefined) return r;
    }
    const ctx = ref?.namespace ? { ...this.ctx(), namespace: ref.namespace } : this.ctx();
    return v.rows(ctx).find((r) => v.key(r) === key);
  }

  objectOf(ref: LineRef): K8sObject | undefined {
    if (!KINDS.some((k) => k.kind === ref.kind)) return undefined;
    return this.o.store.get(ref.kind as KindName, ref.namespace, ref.name);
  }

  /** The lines a line screen shows now. */
  linesOf(screen: LinesScreen): Line[] {
    const src = screen.source;
    const ctx = this.ctx();
    const session = src.kind === 'logs' ? this.sessions.get(src.session) : undefined;
    const fetched = this.fetched.get(screen.id);
    // Lines change with the store, the report, the scope, the width, the clock (live ages), a log's new
    // lines and a fetch finishing; not with a key that only moves the cursor or scrolls.
    const key = [
      screen.id,
      this.o.store.version,
      this.reportSeq,
      this.nav.namespace ?? '',
      this.width,
      Math.floor(ctx.now / 1000),
      session?.version ?? '',
      session?.search ?? '',
      fetched ? `${fetched.loading}|${fetched.obj ? 1 : 0}|${fetched.error ?? ''}` : '',
    ].join('|');
    if (this.linesCache?.key === key) return this.linesCache.lines;
    let lines: Line[];
    switch (src.kind) {
      case 'detail': {
        const v = this.view(src.viewId);
        const r = this.rowFor(src.viewId, src.key, src.ref);
        if (r === undefined) lines = [line(seg(`${src.key.replace(/^\//, '')} is gone (deleted, or out of the current namespace).`, 'warn'))];
        else if (v.detail) lines = v.detail(r, ctx);
        else {
          const o = v.object?.(r, ctx);
          lines = o ? describeLines(o, ctx) : [line(src.key)];
        }
        break;
      }
      case 'describe': {
        const o = this.objectOf(src.ref);
        lines = o ? describeLines(o, ctx) : [line(seg(`${refLabel(src.ref)} is not in the store (deleted, or its kind could not be read).`, 'warn'))];
        break;
      }
      case 'yaml': {
        if (fetched?.loading) {
          lines = [line(seg('loading…', 'muted'))];
          break;
        }
        const o = fetched?.obj ?? this.objectOf(src.ref);
        lines = [];
        if (fetched?.error) lines.push(line(seg(`could not fetch the whole object (${fetched.error}); showing the fields kept in memory`, 'warn')));
        if (o) lines.push(...yamlLines(o));
        else lines.push(line(seg(`${refLabel(src.ref)} is not in the store (deleted, or its kind could not be read).`, 'warn')));
        break;
      }
      case 'events': {
        const o = this.objectOf(src.ref) ?? ({ kind: src.ref.kind, metadata: { name: src.ref.name, namespace: src.ref.namespace } } as K8sObject);
        lines = objectEventLines(ctx, o);
        break;
      }
      case 'help':
        lines = helpLines(this.o.views, this.width, this.o.noColor);
        break;
      case 'logs':
        lines = session ? session.lines() : [line(seg('log stream closed', 'muted'))];
        break;
    }
    this.linesCache = { key, lines };
    return lines;
  }

  private layoutOf(screen: LinesScreen, lines: Line[]): LineLayout {
    const c = this.layoutCache;
    if (c && c.lines === lines && c.width === this.width && c.wrap === screen.wrap && c.hscroll === screen.hscroll) return c.layout;
    const layout = new LineLayout(lines, this.width, screen.wrap, screen.hscroll);
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
    if (src.ref) return src.ref;
    const v = this.view(src.viewId);
    const r = this.rowFor(src.viewId, src.key);
    return r === undefined ? undefined : refOf(v.object?.(r, this.ctx()));
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
      const o = sel ? sel.view.object?.(sel.row, this.ctx()) : undefined;
      return { where, hasObject: !!o, hasLogs: this.canStreamLogs() && !!sel && (!!sel.view.logTargets || o?.kind === 'Pod') };
    }
    if (where === 'detail') {
      const f = this.linesFrame(s);
      const onRef = f.cursor !== undefined;
      const ref = onRef ? f.lines[f.cursor!]!.ref : this.detailRef(s);
      return { where, onRef, hasObject: !!ref, hasLogs: !!ref && this.canLog(ref) };
    }
    return { where };
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
    this.lastKeyAt = Date.now();
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
    this.emit();
    this.warmSoon();
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
        if (this.where() !== 'help') this.push({ type: 'lines', title: 'Help', source: { kind: 'help' }, offset: 0, wrap: false, hscroll: 0, follow: false });
        break;
      case 'command':
        this.dispatch({ type: 'mode', mode: { type: 'command', text: '' } });
        break;
      case 'back':
        this.back();
        break;
      case 'previousView':
        this.closeLineScreens();
        this.dispatch({ type: 'previousView' });
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
    this.fetched.delete(s.id);
  }

  private closeLineScreens(): void {
    for (const s of this.nav.stack) this.closeScreen(s);
  }

  private push(screen: Omit<LinesScreen, 'id'>): number {
    const id = this.nav.nextId;
    this.dispatch({ type: 'push', screen });
    return id;
  }

  private listAction(a: Action, s: ListScreen): void {
    const f = this.listFrame();
    const ctx = this.ctx();
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
      case 'wide':
        this.dispatch({ type: 'toggleWide' });
        this.message(this.nav.wide ? 'wide columns' : 'normal columns');
        return;
      case 'allNamespaces':
        this.switchNamespace(undefined);
        return;
    }
    const sel = this.selectedRow();
    if (!sel) {
      if (a === 'open' || a === 'yaml' || a === 'events' || a === 'logs') this.message('nothing selected', 'info');
      return;
    }
    const o = sel.view.object?.(sel.row, ctx);
    this.message(undefined);
    switch (a) {
      case 'open': {
        const action = sel.view.enter?.(sel.row, ctx);
        if (action) return this.runShellAction(action);
        this.push({ type: 'lines', title: `${sel.view.title} ${'›'} ${sel.key.replace(/^\//, '')}`, source: { kind: 'detail', viewId: sel.view.id, key: sel.key, ref: refOf(o) }, offset: 0, wrap: false, hscroll: 0, follow: false });
        return;
      }
      case 'yaml':
        if (o) this.openYaml(refOf(o)!);
        else this.message('no object behind this row', 'info');
        return;
      case 'events':
        if (o) this.openEvents(refOf(o)!);
        else this.message('no object behind this row', 'info');
        return;
      case 'logs': {
        const targets = sel.view.logTargets?.(sel.row, ctx);
        const t = targets?.[0] ?? (o?.kind === 'Pod' ? this.podTarget(o) : undefined);
        this.openLogs(t);
        return;
      }
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
        else this.openLogs(this.logTargetOf(ref));
        return;
      }
    }
    if (s.source.kind !== 'logs') return;
    const session = this.sessions.get(s.source.session);
    if (!session) return;
    switch (a) {
      case 'container':
        if (!session.nextContainer()) this.message('this pod has one container');
        this.dispatch({ type: 'retitle', title: session.title(), offset: 0, follow: true });
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
    const id = this.push({ type: 'lines', title: `YAML ${'›'} ${ref.kind}/${ref.name}`, source: { kind: 'yaml', ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
    const get = this.o.fullObject;
    if (!get) return;
    this.fetched.set(id, { loading: true });
    this.fetching++;
    const done = (patch: { obj?: K8sObject; error?: string }) => {
      this.fetching--;
      if (!this.fetched.has(id)) return; // closed meanwhile
      this.fetched.set(id, { loading: false, ...patch });
      this.emit();
    };
    let p: Promise<K8sObject | undefined>;
    try {
      p = get(ref);
    } catch (e) {
      done({ error: (e as Error).message });
      return;
    }
    p.then(
      // Whatever the source returns goes through the store's own cleaning: no managedFields, no Secret material, no escape sequences.
      (obj) => done({ obj: obj ? ingestObject(structuredClone(obj), ref.kind) : undefined }),
      (e: Error) => done({ error: e?.message ?? String(e) }),
    );
  }

  private openEvents(ref: LineRef): void {
    this.push({ type: 'lines', title: `Events ${'›'} ${ref.kind}/${ref.name}`, source: { kind: 'events', ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
  }

  private podTarget(o: K8sObject): LogTarget {
    return { namespace: o.metadata.namespace!, pod: o.metadata.name, containers: ((o.spec?.containers ?? []) as { name: string }[]).map((c) => c.name) };
  }

  /** The pod whose logs `l` opens for an object line: the pod itself, or the first pod its view names. */
  private logTargetOf(ref: LineRef): LogTarget | undefined {
    if (ref.kind === 'Pod') {
      const o = this.objectOf(ref);
      return o ? this.podTarget(o) : { namespace: ref.namespace ?? '', pod: ref.name, containers: [] };
    }
    const v = this.viewForKind(ref.kind);
    if (!v?.logTargets) return undefined;
    const ctx = ref.namespace ? { ...this.ctx(), namespace: ref.namespace } : this.ctx();
    const row = v.rows(ctx).find((r) => {
      const o = v.object?.(r, ctx);
      return o?.metadata.name === ref.name && (o.metadata.namespace ?? '') === (ref.namespace ?? '');
    });
    return row === undefined ? undefined : v.logTargets(row, ctx)[0];
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
      this.storeDirty = true;
    });
    this.sessions.set(sessionId, session);
    this.push({ type: 'lines', title: session.title(), source: { kind: 'logs', session: sessionId }, offset: 0, wrap: false, hscroll: 0, follow: true });
  }

  /** Enter on an object line, or a view's openObject: the view registered for the kind (its detail), or the generic description. */
  openRef(ref: LineRef): void {
    const v = this.viewForKind(ref.kind);
    const crumb = '›';
    if (v) {
      const ctx = ref.namespace ? { ...this.ctx(), namespace: ref.namespace } : { ...this.ctx(), namespace: undefined };
      const row = v.rows(ctx).find((r) => {
        const o = v.object?.(r, ctx);
        return o?.metadata.name === ref.name && (o.metadata.namespace ?? '') === (ref.namespace ?? '');
      });
      if (row !== undefined) {
        const key = v.key(row);
        this.push({ type: 'lines', title: `${v.title} ${crumb} ${key.replace(/^\//, '')}`, source: { kind: 'detail', viewId: v.id, key, ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
        return;
      }
    }
    if (this.objectOf(ref)) {
      this.push({ type: 'lines', title: `${ref.kind} ${crumb} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`, source: { kind: 'describe', ref }, offset: 0, wrap: false, hscroll: 0, follow: false });
      return;
    }
    const st = KINDS.some((k) => k.kind === ref.kind) ? this.o.store.status(ref.kind as KindName) : undefined;
    const why = st && st.state !== 'ready' && st.state !== 'partial' ? kindStatusText([ref.kind as KindName], () => st)?.text : undefined;
    this.message(`${refLabel(ref)} not found${why ? ` (${why})` : ' (deleted, or not in this snapshot)'}`, 'warn');
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
    this.ctxCache = undefined;
    this.syncList();
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
    this.message(`switching to context ${name}…`);
    live.switchContext(name).then(
      () => {
        this.dispatch({ type: 'namespace', namespace: this.o.store.info.namespace });
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
    const store = this.o.store;
    const st = store.status('Namespace');
    if (st.state === 'ready') return { names: store.list('Namespace').map((n) => n.metadata.name), readable: true };
    const seen = new Set<string>();
    for (const k of KINDS) {
      if (!k.namespaced) continue;
      for (const o of store.list(k.kind)) if (o.metadata.namespace) seen.add(o.metadata.namespace);
    }
    for (const n of store.list('Namespace')) seen.add(n.metadata.name);
    const why = st.state === 'forbidden' ? 'forbidden' : st.state === 'error' ? `could not be read: ${st.message}` : st.state === 'absent' ? 'not in this snapshot' : st.state === 'partial' ? 'only partly readable' : 'still loading';
    return { names: [...seen].sort(), readable: false, why };
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
      const s = this.o.store.status(k);
      const plural = KINDS.find((x) => x.kind === k)!.plural;
      const label = plural.charAt(0).toUpperCase() + plural.slice(1);
      if (s.state === 'loading') return s.total ? `${label} ${fmtCount(s.loaded)} / ~${fmtCount(s.total)}` : `${label} ${fmtCount(s.loaded)} listed…`;
      if (s.state === 'pending' && this.o.store.info.source === 'live') return `${label} listing…`;
    }
    return undefined;
  }
}

