// The screens, computed where the cluster data is: the data thread
// (src/cluster/worker.ts) in the dashboard, or the UI thread itself in the
// local mode (tests, ink-testing-library). It owns the store's readers: the
// views' rows, cells and detail lines, the diagnostics runs and their
// report, the object behind a row; the UI thread gets what it draws
// (src/screens/types.ts) and asks for the rest.
//
// Updates go out on a timer, never per event: the current list when the
// store, the clock (cells that read it), the report or the request changed;
// each open line screen likewise; the header state with them. A list is sent
// as a diff of its previous version (columns that did not change are left
// out), so a stream of updates that changes no cell costs the UI thread nothing.
import type { ClusterStore } from '../cluster/store.js';
import { KINDS, type KindName } from '../cluster/kinds.js';
import type { K8sObject } from '../model/types.js';
import type { ContextInfo, Line, LineRef, ViewCtx, ViewDef } from '../../views/types.js';
import type { DiagnosticsReport, Finding } from '../../diagnostics/types.js';
import { findView } from '../../views/registry.js';
import { describeLines, objectEventLines, yamlLines } from '../../views/common.js';
import { line, seg } from '../../views/widgets/text.js';
import { ingestObject } from '../cluster/ingest.js';
import { ListBuilder } from './build.js';
import { dots, kindStatusText } from './status.js';
import { sameArray, sameSortKeys, sameStrings } from './columnar.js';
import type { ActRequest, ActResult, HeaderState, LinesData, LinesRequest, ListData, ListRequest, ListWire, RowInfo } from './types.js';

export type DiagnoseFn = (store: ClusterStore, now: number, namespace: string | undefined) => DiagnosticsReport | undefined | Promise<DiagnosticsReport | undefined>;

export interface ServerOptions {
  store: ClusterStore;
  views: ViewDef[];
  /** Fixed evaluation time (snapshot capture time, --now); otherwise the clock. */
  fixedNow?: number;
  diagnose?: DiagnoseFn;
  /** The whole object for YAML (the store keeps projected fields). */
  fullObject?(ref: LineRef): Promise<K8sObject | undefined>;
  contexts?(): ContextInfo[] | undefined;
  /** Where updates go: the UI thread (a message) or the local source (a call). */
  emit(u: ServerUpdate): void;
  /** How often changes are looked for (ms). */
  refreshMs?: number;
}

export type ServerUpdate =
  | { type: 'list'; list: ListWire }
  | { type: 'lines'; lines: LinesData }
  | { type: 'header'; header: HeaderState }
  /** Something failed here (a diagnostics run, a view's rows): shown as a message. */
  | { type: 'error'; what: string; error: string };

interface LinesSession {
  req: LinesRequest;
  namespace?: string;
  width: number;
  noColor: boolean;
  key?: string;
  json?: string;
  seq: number;
  fetched?: { loading: boolean; obj?: K8sObject; error?: string };
}

function refOf(o: K8sObject | undefined): LineRef | undefined {
  if (!o?.kind) return undefined;
  return { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
}

function refLabel(r: LineRef): string {
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

export class ScreenServer {
  private list?: { req: ListRequest; builder: ListBuilder; last?: ListData; version: number; report?: DiagnosticsReport; second: number; cost: number; at: number };
  private lines = new Map<number, LinesSession>();
  private seq = 0;
  private timer?: ReturnType<typeof setInterval>;
  private unsubscribe?: () => void;
  private dirty = true;
  private headerJson = '';
  private stopped = false;
  /** Diagnostics: the latest report and its index. */
  report?: DiagnosticsReport;
  private findingIndex = new Map<string, Finding[]>();
  private diagKey?: string;
  private diagTimer?: ReturnType<typeof setTimeout>;
  private diagInflight = false;
  private diagLast = 0;
  private diagCost = 0;
  /** Diagnostics runs finished (tests wait for it). */
  reports = 0;
  /** Whole objects being fetched for YAML screens. */
  fetching = 0;
  /** Called after each refresh (the local source clears its "store changed" flag). */
  onRefresh?: () => void;

  constructor(readonly o: ServerOptions) {}

  get store(): ClusterStore {
    return this.o.store;
  }

  now(): number {
    return this.o.fixedNow ?? Date.now();
  }

  start(): void {
    this.unsubscribe = this.store.subscribe(() => {
      this.dirty = true;
      // The first rows go out as soon as they exist, not on the next tick.
      if (this.list && !this.list.last?.n) this.soon();
    });
    this.timer = setInterval(() => this.refresh(), this.o.refreshMs ?? 250);
    this.timer.unref?.();
    this.scheduleDiagnostics();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.diagTimer) clearTimeout(this.diagTimer);
  }

  private soonTimer?: ReturnType<typeof setImmediate>;
  private soon(): void {
    if (this.soonTimer || this.stopped) return;
    this.soonTimer = setImmediate(() => {
      this.soonTimer = undefined;
      this.refresh(true);
    });
  }

  // ---------- context ----------

  findingsFor(kind: string, namespace: string | undefined, name: string): Finding[] {
    return this.findingIndex.get(`${kind}/${namespace ?? ''}/${name}`) ?? [];
  }

  ctx(p: { namespace?: string; width: number; noColor: boolean; wide?: boolean }): ViewCtx {
    const report = this.report;
    return {
      store: this.store,
      now: this.now(),
      namespace: p.namespace,
      width: p.width,
      noColor: p.noColor,
      diagnostics: report,
      findingsFor: report ? (kind, ns, name) => this.findingsFor(kind, ns, name) : undefined,
      contexts: this.o.contexts?.(),
      wide: p.wide,
    };
  }

  view(id: string): ViewDef {
    return findView(this.o.views, id) ?? this.o.views[0]!;
  }

  viewForKind(kind: string): ViewDef | undefined {
    return this.o.views.find((v) => v.kinds[0] === kind && v.object);
  }

  /** The evaluation time is fixed from now on (snapshot capture time, --now), or follows the clock (undefined). */
  setFixedNow(t: number | undefined): void {
    if (this.o.fixedNow === t) return;
    this.o.fixedNow = t;
    // Every cell and line was computed for another time.
    if (this.list) this.list.builder = new ListBuilder(this.view(this.list.req.viewId));
    this.sendList(true);
    for (const [id, s] of this.lines) this.sendLines(id, s, true);
    this.scheduleDiagnostics();
  }

  // ---------- lists ----------

  /** Show this list: computed now, sent at once. */
  setList(req: ListRequest): void {
    const cur = this.list;
    const sameRows = !!cur && sameRowsRequest(cur.req, req);
    if (cur && sameRows && cur.req.sortId === req.sortId && cur.req.sortDesc === req.sortDesc && cur.req.selector === req.selector) return;
    const namespaceChanged = cur?.req.namespace !== req.namespace;
    this.list = { req, builder: sameRows ? cur!.builder : new ListBuilder(this.view(req.viewId)), last: sameRows ? cur!.last : undefined, version: -1, second: 0, cost: 0, at: 0 };
    this.sendList(true);
    if (namespaceChanged) this.scheduleDiagnostics();
  }

  private sendList(force: boolean): void {
    const l = this.list;
    if (!l) return;
    const now = this.now();
    const second = Math.floor(now / 1000);
    const clockMoves = this.o.fixedNow === undefined;
    if (!force && l.version === this.store.version && l.report === this.report && (!clockMoves || l.second === second)) return;
    // A large list is not rebuilt more often than four times its own cost, nor sent more than
    // about once a second at 30,000 rows (each version is every row's cells for the UI thread).
    if (!force && Date.now() - l.at < Math.max(4 * l.cost, (l.last?.n ?? 0) / 30)) return;
    const t0 = performance.now();
    const ctx = this.ctx({ namespace: l.req.namespace, width: l.req.width, noColor: l.req.noColor, wide: l.req.wide });
    let data: ListData;
    try {
      data = l.builder.build(ctx, l.req, ++this.seq, clockMoves);
    } catch (e) {
      // A view that throws: said once per version, the dashboard goes on.
      l.version = this.store.version;
      l.report = this.report;
      l.second = second;
      l.builder = new ListBuilder(l.builder.view);
      this.o.emit({ type: 'error', what: 'refresh', error: errorText(e) });
      return;
    }
    l.version = this.store.version;
    l.report = this.report;
    l.second = second;
    let wire = diffList(l.last, data);
    // Asked for (a new request): answered even when nothing the UI draws changed.
    if (!wire && force) wire = { ...data, base: data.seq, keys: undefined, order: undefined, flags: undefined, columns: data.columns.map(() => null) };
    l.last = data;
    l.cost = performance.now() - t0;
    l.at = Date.now();
    if (wire) this.o.emit({ type: 'list', list: wire });
  }

  /** The list data as last built (local mode reads it directly). */
  lastList(): ListData | undefined {
    return this.list?.last;
  }

  // ---------- line screens ----------

  openLines(id: number, req: LinesRequest, p: { namespace?: string; width: number; noColor: boolean }): void {
    const s: LinesSession = { req, namespace: p.namespace, width: p.width, noColor: p.noColor, seq: 0 };
    this.lines.set(id, s);
    if (req.kind === 'yaml') this.fetchWhole(id, s);
    this.sendLines(id, s, true);
  }

  /** The width, colour or scope of an open line screen changed. */
  resizeLines(id: number, p: { namespace?: string; width: number; noColor: boolean }): void {
    const s = this.lines.get(id);
    if (!s) return;
    s.namespace = p.namespace;
    s.width = p.width;
    s.noColor = p.noColor;
    this.sendLines(id, s, false);
  }

  closeLines(id: number): void {
    this.lines.delete(id);
  }

  private fetchWhole(id: number, s: LinesSession): void {
    const get = this.o.fullObject;
    if (!get || s.req.kind !== 'yaml') return;
    const ref = s.req.ref;
    s.fetched = { loading: true };
    this.fetching++;
    const done = (f: { obj?: K8sObject; error?: string }) => {
      this.fetching--;
      if (this.lines.get(id) !== s) return; // closed meanwhile
      s.fetched = { loading: false, ...f };
      this.sendLines(id, s, false);
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

  private sendLines(id: number, s: LinesSession, force: boolean): void {
    const now = this.now();
    const f = s.fetched;
    const key = [this.store.version, this.reportSeq, s.namespace ?? '', s.width, s.noColor, Math.floor(now / 1000), f ? `${f.loading}|${f.obj ? 1 : 0}|${f.error ?? ''}` : ''].join('|');
    if (!force && key === s.key) return;
    s.key = key;
    let lines: Line[];
    try {
      lines = this.linesOf(s);
    } catch (e) {
      lines = screenErrorLines(e);
    }
    const json = JSON.stringify(lines.map((l) => [l, l.ref, l.wrap, (l as { hang?: number }).hang, (l as { hangText?: unknown }).hangText]));
    if (!force && json === s.json) return;
    s.json = json;
    this.o.emit({ type: 'lines', lines: { id, seq: ++s.seq, lines, loading: f?.loading } });
  }

  private reportSeq = 0;

  objectOf(ref: LineRef): K8sObject | undefined {
    if (!KINDS.some((k) => k.kind === ref.kind)) return undefined;
    return this.store.get(ref.kind as KindName, ref.namespace, ref.name);
  }

  private rowFor(viewId: string, key: string, ctx: ViewCtx): unknown {
    const v = this.view(viewId);
    return v.rows(ctx).find((r) => v.key(r) === key);
  }

  linesOf(s: LinesSession): Line[] {
    const src = s.req;
    const base = this.ctx({ namespace: s.namespace, width: s.width, noColor: s.noColor });
    switch (src.kind) {
      case 'detail': {
        const v = this.view(src.viewId);
        let r = this.rowFor(src.viewId, src.key, base);
        if (r === undefined && src.ref?.namespace) r = this.rowFor(src.viewId, src.key, { ...base, namespace: src.ref.namespace });
        if (r === undefined) return [line(seg(`${src.key.replace(/^\//, '')} is gone (deleted, or out of the current namespace).`, 'warn'))];
        if (v.detail) return v.detail(r, base);
        const o = v.object?.(r, base);
        return o ? describeLines(o, base) : [line(src.key)];
      }
      case 'describe': {
        const o = this.objectOf(src.ref);
        return o ? describeLines(o, base) : [line(seg(`${refLabel(src.ref)} is not in the store (deleted, or its kind could not be read).`, 'warn'))];
      }
      case 'yaml': {
        const f = s.fetched;
        if (f?.loading) return [line(seg(`loading${dots(s.noColor)}`, 'muted'))];
        const o = f?.obj ?? this.objectOf(src.ref);
        const lines: Line[] = [];
        if (f?.error) lines.push(line(seg(`could not fetch the whole object (${f.error}); showing the fields kept in memory`, 'warn')));
        if (o) lines.push(...yamlLines(o));
        else lines.push(line(seg(`${refLabel(src.ref)} is not in the store (deleted, or its kind could not be read).`, 'warn')));
        return lines;
      }
      case 'events': {
        const o = this.objectOf(src.ref) ?? ({ kind: src.ref.kind, metadata: { name: src.ref.name, namespace: src.ref.namespace } } as K8sObject);
        return objectEventLines(base, o);
      }
    }
  }

  // ---------- acting on rows and object lines ----------

  /** Enter on a row (`type: 'row'`), or on an object line / a view's openObject (`type: 'ref'`). */
  act(a: ActRequest, p: { width: number; noColor: boolean }): ActResult {
    if (a.type === 'row') {
      const ctx = this.ctx({ namespace: a.namespace, width: p.width, noColor: p.noColor });
      const v = this.view(a.viewId);
      const r = this.rowFor(a.viewId, a.key, ctx);
      if (r === undefined) return { type: 'message', text: `${a.key.replace(/^\//, '')} is gone`, tone: 'warn' };
      const action = v.enter?.(r, ctx);
      if (action) return { type: 'action', action };
      return { type: 'detail', viewId: v.id, key: a.key, ref: refOf(v.object?.(r, ctx)) };
    }
    const ref = a.ref;
    const v = this.viewForKind(ref.kind);
    if (v) {
      const ctx = this.ctx({ namespace: ref.namespace, width: p.width, noColor: p.noColor });
      const row = v.rows(ctx).find((r) => {
        const o = v.object?.(r, ctx);
        return o?.metadata.name === ref.name && (o.metadata.namespace ?? '') === (ref.namespace ?? '');
      });
      if (row !== undefined) return { type: 'detail', viewId: v.id, key: v.key(row), ref };
    }
    if (this.objectOf(ref)) return { type: 'describe', ref };
    const st = KINDS.some((k) => k.kind === ref.kind) ? this.store.status(ref.kind as KindName) : undefined;
    const why = st && st.state !== 'ready' && st.state !== 'partial' ? kindStatusText([ref.kind as KindName], () => st, p.noColor)?.text : undefined;
    return { type: 'message', text: `${refLabel(ref)} not found${why ? ` (${why})` : ' (deleted, or not in this snapshot)'}`, tone: 'warn' };
  }

  /** The object behind a row and the pod `l` opens for it. */
  rowInfo(viewId: string, key: string, namespace: string | undefined, p: { width: number; noColor: boolean }): RowInfo {
    const ctx = this.ctx({ namespace, width: p.width, noColor: p.noColor });
    const v = this.view(viewId);
    const r = this.rowFor(viewId, key, ctx);
    if (r === undefined) return {};
    const o = v.object?.(r, ctx);
    const t = v.logTargets?.(r, ctx)?.[0] ?? (o?.kind === 'Pod' ? podTarget(o) : undefined);
    return { ref: refOf(o), logTarget: t };
  }

  /** The pod whose logs `l` opens for an object line: the pod itself, or the first pod its view names. */
  refInfo(ref: LineRef, p: { width: number; noColor: boolean }): RowInfo {
    if (ref.kind === 'Pod') {
      const o = this.objectOf(ref);
      return { ref, logTarget: o ? podTarget(o) : { namespace: ref.namespace ?? '', pod: ref.name, containers: [] } };
    }
    const v = this.viewForKind(ref.kind);
    if (!v?.logTargets) return { ref };
    const ctx = this.ctx({ namespace: ref.namespace, width: p.width, noColor: p.noColor });
    const row = v.rows(ctx).find((r) => {
      const o = v.object?.(r, ctx);
      return o?.metadata.name === ref.name && (o.metadata.namespace ?? '') === (ref.namespace ?? '');
    });
    return { ref, logTarget: row === undefined ? undefined : v.logTargets(row, ctx)[0] };
  }

  // ---------- header ----------

  /** Namespace names for completion and checks: the Namespaces list, or the namespaces seen in objects when it cannot be read. */
  namespaceNames(): HeaderState['namespaces'] {
    const store = this.store;
    const st = store.status('Namespace');
    if (st.state === 'ready') return { names: store.list('Namespace').map((n) => n.metadata.name), readable: true };
    return store.memo('screens:namespaces', () => {
      const seen = new Set<string>();
      for (const k of KINDS) {
        if (!k.namespaced) continue;
        for (const o of store.list(k.kind)) if (o.metadata.namespace) seen.add(o.metadata.namespace);
      }
      for (const n of store.list('Namespace')) seen.add(n.metadata.name);
      const why = st.state === 'forbidden' ? 'forbidden' : st.state === 'error' ? `could not be read: ${st.message}` : st.state === 'absent' ? 'not in this snapshot' : st.state === 'partial' ? 'only partly readable' : 'still loading';
      return { names: [...seen].sort(), readable: false, why };
    });
  }

  header(): HeaderState {
    const s = this.store;
    const r = this.report;
    return {
      info: s.info,
      connection: s.connection,
      statuses: KINDS.map((k) => [k.kind, s.status(k.kind)]),
      counts: KINDS.map((k) => [k.kind, s.count(k.kind)]),
      warnings: s.warnings,
      loadErrors: s.loadErrors,
      summary: r?.summary,
      diagnosing: this.diagnosticsBusy(),
      namespaces: this.namespaceNames(),
      version: s.version,
    };
  }

  private headerVersion = -1;
  private headerReport?: DiagnosticsReport;
  private headerDiag = false;
  private sendHeader(force = false): void {
    const diag = this.diagnosticsBusy();
    if (!force && this.headerVersion === this.store.version && this.headerReport === this.report && this.headerDiag === diag) return;
    this.headerDiag = diag;
    this.headerVersion = this.store.version;
    this.headerReport = this.report;
    const h = this.header();
    const json = JSON.stringify({ ...h, version: 0 });
    if (!force && json === this.headerJson) return;
    this.headerJson = json;
    this.o.emit({ type: 'header', header: h });
  }

  // ---------- the timer ----------

  /** Send what changed: the header, the list, open line screens. */
  refresh(force = false): void {
    if (this.stopped) return;
    const changed = this.dirty;
    this.dirty = false;
    // The header last: what it says (diagnostics done, kinds listed) holds for the rows and lines sent before it.
    this.sendList(false);
    for (const [id, s] of this.lines) this.sendLines(id, s, false);
    this.sendHeader(force);
    if (changed) this.scheduleDiagnostics();
    this.onRefresh?.();
  }

  // ---------- diagnostics ----------

  private diagInput(): { now: number; namespace: string | undefined; key: string } {
    const namespace = this.list?.req.namespace ?? this.store.info.namespace;
    const now = this.now();
    return { now, namespace, key: `${this.store.version}|${namespace ?? ''}|${this.o.fixedNow ?? Math.floor(Date.now() / 10000)}` };
  }

  /** A run is due, scheduled or in flight. */
  diagnosticsBusy(): boolean {
    if (!this.o.diagnose || this.stopped) return false;
    return this.diagTimer !== undefined || this.diagInflight || this.diagKey !== this.diagInput().key;
  }

  /** Start a run if one is due, spaced from the last by ten times its cost (at least a second). */
  scheduleDiagnostics(): void {
    if (!this.o.diagnose || this.stopped || this.diagTimer || this.diagInflight || this.diagKey === this.diagInput().key) return;
    const wait = this.diagLast === 0 ? 0 : Math.max(0, this.diagLast + Math.max(1000, 10 * this.diagCost) - Date.now());
    this.diagTimer = setTimeout(() => this.runDiagnostics(), wait);
    this.diagTimer.unref?.();
  }

  private runDiagnostics(): void {
    this.diagTimer = undefined;
    if (this.stopped) return;
    const inp = this.diagInput();
    this.diagKey = inp.key;
    this.diagInflight = true;
    this.sendHeader();
    const t0 = Date.now();
    const done = (r: DiagnosticsReport | undefined) => {
      this.diagInflight = false;
      this.diagCost = Date.now() - t0;
      this.diagLast = Date.now();
      if (this.stopped) return;
      this.setReport(r);
      this.refresh();
      this.scheduleDiagnostics();
    };
    const failed = (e: unknown) => {
      this.diagInflight = false;
      this.diagLast = Date.now();
      if (this.stopped) return;
      this.o.emit({ type: 'error', what: 'diagnostics', error: errorText(e) });
      this.sendHeader();
    };
    try {
      const r = this.o.diagnose!(this.store, inp.now, inp.namespace);
      if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<DiagnosticsReport | undefined>).then(done, failed);
      else done(r as DiagnosticsReport | undefined);
    } catch (e) {
      failed(e);
    }
  }

  setReport(r: DiagnosticsReport | undefined): void {
    this.report = r;
    this.reportSeq++;
    this.reports++;
    const m = new Map<string, Finding[]>();
    for (const f of r?.findings ?? []) {
      const k = `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
      let arr = m.get(k);
      if (!arr) m.set(k, (arr = []));
      arr.push(f);
    }
    this.findingIndex = m;
  }
}

function errorText(e: unknown): string {
  return `${(e as Error)?.message ?? String(e)}${process.env.K8STUI_DEBUG ? ` ${(e as Error)?.stack ?? ''}` : ''}`;
}

/** A line screen whose view threw: why, in place; the rest of the dashboard keeps working. */
function screenErrorLines(e: unknown): Line[] {
  const lines = [
    line(seg(' This screen could not be drawn', 'error', true)),
    line(''),
    line(seg(`  ${(e as Error)?.message ?? String(e)}`, 'error')),
    line(''),
    line(seg('  Esc goes back; : opens another view. Run with --debug for the stack trace.', 'muted')),
  ];
  if (process.env.K8STUI_DEBUG) for (const l of ((e as Error)?.stack ?? '').split('\n').slice(1, 8)) lines.push(line(seg(`  ${l.trim()}`, 'muted')));
  return lines;
}

function podTarget(o: K8sObject): { namespace: string; pod: string; containers: string[] } {
  return { namespace: o.metadata.namespace!, pod: o.metadata.name, containers: ((o.spec?.containers ?? []) as { name: string }[]).map((c) => c.name) };
}

/** Two requests for the same rows and cells (they may differ in sort and selector). */
export function sameRowsRequest(a: ListRequest, b: ListRequest): boolean {
  return a.viewId === b.viewId && a.namespace === b.namespace && a.width === b.width && a.noColor === b.noColor && a.wide === b.wide;
}

/** The wire form of a list version: what did not change since `prev` is left out. */
export function diffList(prev: ListData | undefined, d: ListData): ListWire | undefined {
  if (!prev || prev.n !== d.n || !sameRowsRequest(prev.req, d.req) || prev.columns.length !== d.columns.length) {
    return { ...d };
  }
  const sameKeys = sameStrings(prev.keys, d.keys);
  const columns = d.columns.map((c, i) => {
    const p = prev.columns[i]!;
    const same = sameKeys && p.id === c.id && sameStrings(p.values, c.values) && sameArray(p.tones, c.tones) && sameStrings(p.cells, c.cells) && sameSortKeys(p.sort, c.sort);
    return same ? null : c;
  });
  const sameOrder = sameArray(prev.order, d.order);
  const sameFlags = sameArray(prev.flags, d.flags);
  const sameSel = JSON.stringify(prev.selector && { ...prev.selector, match: prev.selector.match && Array.from(prev.selector.match) }) === JSON.stringify(d.selector && { ...d.selector, match: d.selector.match && Array.from(d.selector.match) });
  // Nothing the UI draws changed: nothing is sent, and the UI keeps the previous version's objects.
  if (sameKeys && sameOrder && sameFlags && sameSel && columns.every((c) => c === null) && prev.findings === d.findings) {
    // Keep the previous arrays so the next comparison is against what the UI has.
    d.keys = prev.keys;
    d.columns = prev.columns;
    d.order = prev.order;
    d.flags = prev.flags;
    d.seq = prev.seq;
    return undefined;
  }
  const wire: ListWire = { ...d, base: prev.seq, columns, keys: sameKeys ? undefined : d.keys, order: sameOrder ? undefined : d.order, flags: sameFlags ? undefined : d.flags };
  // The UI thread rebuilds the unchanged parts from the version it has: share them here too.
  if (sameKeys) d.keys = prev.keys;
  d.columns = d.columns.map((c, i) => (columns[i] === null ? prev.columns[i]! : c));
  if (sameOrder) d.order = prev.order;
  if (sameFlags) d.flags = prev.flags;
  return wire;
}

/** UI side: a list version from its wire form and the version before it. */
export function applyListWire(prev: ListData | undefined, w: ListWire): ListData | undefined {
  if (w.base !== undefined && (!prev || prev.seq !== w.base)) return undefined;
  const keys = w.keys ?? prev!.keys;
  const columns = w.columns.map((c, i) => c ?? prev!.columns[i]!);
  const order = w.order ?? prev!.order;
  const flags = w.flags ?? prev!.flags;
  const { base: _base, ...rest } = w;
  return { ...rest, keys, columns, order, flags };
}
