// The shell's one interface to what it draws (a "screen source"), with two
// implementations computed by the same functions (src/screens/server.ts):
// - LocalScreens: the store and the views on the UI thread (tests, ink-testing-library);
//   answers at once, synchronously;
// - RemoteScreens: the store and the views in the data thread; requests are
//   messages, answers and updates arrive as messages (src/cluster/remote.ts).
import type { ClusterStore } from '../cluster/store.js';
import type { KindName } from '../cluster/kinds.js';
import type { LineRef } from '../../views/types.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import { applyListWire, ScreenServer, type ServerOptions, type ServerUpdate } from './server.js';
import type { ActRequest, ActResult, HeaderState, LinesData, LinesRequest, ListData, ListRequest, ListWire, RowInfo } from './types.js';

export interface ScreenParams {
  namespace?: string;
  width: number;
  noColor: boolean;
}

/** A value now (local) or later (remote). */
export type Maybe<T> = T | Promise<T>;

/** Run `fn` on the value: at once when it is there, else when it arrives. */
export function when<T>(v: Maybe<T>, fn: (x: T) => void, failed?: (e: Error) => void): void {
  if (v && typeof (v as Promise<T>).then === 'function') (v as Promise<T>).then(fn, (e: Error) => failed?.(e));
  else fn(v as T);
}

export type SourceEvent = 'list' | 'lines' | 'header';

export interface ScreenSource {
  /** The store, when it lives on this thread (local mode); tests read it. */
  readonly store?: ClusterStore;
  header(): HeaderState;
  /** Show this list: its data arrives through list(). */
  setList(req: ListRequest): void;
  /** The latest data of the current list (undefined until it arrives). */
  list(): ListData | undefined;
  openLines(id: number, req: LinesRequest, p: ScreenParams): void;
  resizeLines(id: number, p: ScreenParams): void;
  closeLines(id: number): void;
  lines(id: number): LinesData | undefined;
  act(a: ActRequest, p: ScreenParams): Maybe<ActResult>;
  rowInfo(viewId: string, key: string, p: ScreenParams): Maybe<RowInfo>;
  refInfo(ref: LineRef, p: ScreenParams): Maybe<RowInfo>;
  /** The diagnostics report (local mode only: in the data thread it stays there). */
  report?(): DiagnosticsReport | undefined;
  subscribe(fn: (e: SourceEvent) => void): () => void;
  /** Something failed where the screens are computed (a diagnostics run, a view's rows): shown as a message. */
  onError?: (what: string, error: string) => void;
  /** Work outstanding that will change the screen (tests wait for it). */
  busy(): boolean;
  /** The evaluation time is fixed (snapshot capture time, --now). */
  setFixedNow?(t: number | undefined): void;
  start(): void;
  stop(): void;
}

abstract class Base {
  protected listeners = new Set<(e: SourceEvent) => void>();
  protected current?: ListData;
  protected linesById = new Map<number, LinesData>();
  protected head?: HeaderState;
  onError?: (what: string, error: string) => void;

  subscribe(fn: (e: SourceEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  protected fire(e: SourceEvent): void {
    for (const l of this.listeners) l(e);
  }

  list(): ListData | undefined {
    return this.current;
  }

  lines(id: number): LinesData | undefined {
    return this.linesById.get(id);
  }

  /** An update from the server (in-process or from the data thread). */
  protected receive(u: ServerUpdate): boolean {
    switch (u.type) {
      case 'list': {
        const next = applyListWire(this.current, u.list);
        if (!next) return false;
        this.current = next;
        this.fire('list');
        return true;
      }
      case 'lines':
        this.linesById.set(u.lines.id, u.lines);
        this.fire('lines');
        return true;
      case 'header':
        this.head = u.header;
        this.fire('header');
        return true;
      case 'error':
        this.onError?.(u.what, u.error);
        return true;
    }
  }
}

/** The server's options; its updates are delivered here, in-process. */
export type LocalOptions = Omit<ServerOptions, 'emit'>;

/** The store and the views on this thread: every request is answered before it returns. */
export class LocalScreens extends Base implements ScreenSource {
  readonly server: ScreenServer;
  private dirty = false;
  private unsub?: () => void;

  constructor(readonly o: LocalOptions) {
    super();
    this.server = new ScreenServer({ ...o, emit: (u) => this.receive(u) });
  }

  get store(): ClusterStore {
    return this.o.store;
  }

  /** Always current: the store is here. */
  header(): HeaderState {
    return this.server.header();
  }

  report(): DiagnosticsReport | undefined {
    return this.server.report;
  }

  setList(req: ListRequest): void {
    this.server.setList(req);
  }

  openLines(id: number, req: LinesRequest, p: ScreenParams): void {
    this.server.openLines(id, req, p);
  }

  resizeLines(id: number, p: ScreenParams): void {
    this.server.resizeLines(id, p);
  }

  closeLines(id: number): void {
    this.server.closeLines(id);
    this.linesById.delete(id);
  }

  act(a: ActRequest, p: ScreenParams): ActResult {
    return this.server.act(a, p);
  }

  rowInfo(viewId: string, key: string, p: ScreenParams): RowInfo {
    return this.server.rowInfo(viewId, key, p.namespace, p);
  }

  refInfo(ref: LineRef, p: ScreenParams): RowInfo {
    return this.server.refInfo(ref, p);
  }

  setFixedNow(t: number | undefined): void {
    this.server.setFixedNow(t);
  }

  busy(): boolean {
    return this.dirty || this.server.diagnosticsBusy() || this.server.fetching > 0;
  }

  start(): void {
    this.unsub = this.o.store.subscribe(() => {
      this.dirty = true;
    });
    this.server.onRefresh = () => {
      this.dirty = false;
    };
    this.server.start();
  }

  stop(): void {
    this.unsub?.();
    this.server.stop();
  }
}

/** What RemoteScreens sends to the data thread. */
export type ScreensRequest =
  | { op: 'setList'; req: ListRequest }
  | { op: 'openLines'; id: number; req: LinesRequest; p: ScreenParams }
  | { op: 'resizeLines'; id: number; p: ScreenParams }
  | { op: 'closeLines'; id: number }
  | { op: 'fixedNow'; t: number | undefined };

export type ScreensCall =
  | { op: 'act'; a: ActRequest; p: ScreenParams }
  | { op: 'rowInfo'; viewId: string; key: string; p: ScreenParams }
  | { op: 'refInfo'; ref: LineRef; p: ScreenParams };

export interface ScreensTransport {
  send(m: ScreensRequest): void;
  call<T>(m: ScreensCall): Promise<T>;
}

/** The store and the views in the data thread: requests are messages; answers and updates come back as messages. */
export class RemoteScreens extends Base implements ScreenSource {
  readonly store = undefined;
  private inflight = 0;
  private waitingList = false;
  private waitingLines = new Set<number>();

  constructor(
    private readonly t: ScreensTransport,
    initial: HeaderState,
  ) {
    super();
    this.head = initial;
  }

  /** An update from the data thread. */
  update(u: ServerUpdate): void {
    if (u.type === 'list') this.waitingList = false;
    if (u.type === 'lines') this.waitingLines.delete(u.lines.id);
    this.receive(u);
  }

  header(): HeaderState {
    return this.head!;
  }

  statusOf(kind: KindName) {
    return this.head!.statuses.find(([k]) => k === kind)?.[1];
  }

  private lastList = '';

  setList(req: ListRequest): void {
    // Asked once per request: a key that changes nothing here sends nothing.
    const sig = JSON.stringify(req);
    if (sig === this.lastList) return;
    this.lastList = sig;
    this.waitingList = true;
    this.t.send({ op: 'setList', req });
  }

  openLines(id: number, req: LinesRequest, p: ScreenParams): void {
    this.waitingLines.add(id);
    this.t.send({ op: 'openLines', id, req, p });
  }

  resizeLines(id: number, p: ScreenParams): void {
    this.t.send({ op: 'resizeLines', id, p });
  }

  closeLines(id: number): void {
    this.waitingLines.delete(id);
    this.linesById.delete(id);
    this.t.send({ op: 'closeLines', id });
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight++;
    const done = () => {
      this.inflight--;
    };
    p.then(done, done);
    return p;
  }

  act(a: ActRequest, p: ScreenParams): Promise<ActResult> {
    return this.track(this.t.call<ActResult>({ op: 'act', a, p }));
  }

  rowInfo(viewId: string, key: string, p: ScreenParams): Promise<RowInfo> {
    return this.track(this.t.call<RowInfo>({ op: 'rowInfo', viewId, key, p }));
  }

  refInfo(ref: LineRef, p: ScreenParams): Promise<RowInfo> {
    return this.track(this.t.call<RowInfo>({ op: 'refInfo', ref, p }));
  }

  setFixedNow(t: number | undefined): void {
    this.t.send({ op: 'fixedNow', t });
  }

  busy(): boolean {
    return this.inflight > 0 || this.waitingList || this.waitingLines.size > 0 || this.head!.diagnosing;
  }

  start(): void {}

  stop(): void {}
}

export type { ListWire };
