// The live source: list+watch every kind k8stui reads into one ClusterStore.
//
// Per kind (and per namespace when a cluster-wide list is forbidden) a
// reflector lists in pages (the first page reaches the store at once), then
// watches from the list's resourceVersion with bookmarks. 410 Gone re-lists
// (store.replace, so objects deleted meanwhile disappear). Any other error, or
// a watch that goes silent, restarts with capped exponential backoff and
// jitter; a watch that ends too soon counts as a failure for the backoff, so
// a flapping server is never flooded. The connection state in the store says
// live / reconnecting (since, attempt, reason) / stale (last update).
//
// Namespace scope, like kubectl: -n NS lists that namespace; -A lists all;
// otherwise the context's namespace (or "default"). Cluster-scoped kinds
// (Nodes, PVs, StorageClasses, IngressClasses, Namespaces) are always listed
// cluster-wide.
import { ClusterStore, type ConnectionState, type KindStatus } from './store.js';
import { KINDS, type KindInfo, type KindName, apiVersionOf, kindInfo } from './kinds.js';
import { loadKubeconfig, SourceError, type KubeContextInfo, type KubeconfigOptions, type LoadedKubeconfig } from './kubeconfig.js';
import { ApiError, createApiClient, type ApiClient, type PodLogOptions, type VersionInfo } from './api.js';
import type { K8sObject } from '../model/types.js';

export { SourceError } from './kubeconfig.js';

/** Knobs with production defaults; tests shrink them to milliseconds. */
export interface LiveTuning {
  /** Items per list page (limit). Default 500. */
  pageSize?: number;
  /** timeoutSeconds for each watch; default a random 240–300 s so watches do not all restart together. */
  watchTimeoutSeconds?: number;
  /** A watch that receives nothing (no event, no bookmark) for this long is restarted. Default timeoutSeconds + 30 s. */
  stallMs?: number;
  /** Backoff: first delay (default 500 ms), doubling up to the cap (default 30 s), with jitter. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** A watch must stay open this long to count as healthy and reset the backoff. Default 5 s. */
  minHealthyMs?: number;
  /** Reconnecting for longer than this shows as stale. Default 30 s. */
  staleAfterMs?: number;
  /** When listing is allowed but watching is forbidden, re-list this often. Default 30 s. */
  pollMs?: number;
  /** A kind found forbidden or not served is asked again this often (permissions change). Default 60 s. */
  recheckMs?: number;
  /** Timeout of the /version probe before the UI starts. Default 10 s. */
  probeTimeoutMs?: number;
  /** Idle timeout of list/get requests. Default 30 s. */
  requestTimeoutMs?: number;
  random?: () => number;
  clock?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Observe each retry (tests, --debug). */
  onRetry?: (r: RetryInfo) => void;
}

export interface RetryInfo {
  kind: KindName;
  namespace?: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ConnectOptions extends LiveTuning, Pick<KubeconfigOptions, 'env' | 'home' | 'inClusterRoot'> {
  kubeconfig?: string;
  context?: string;
  /** -n NS */
  namespace?: string;
  /** -A */
  allNamespaces?: boolean;
}

export interface LiveOptions extends ConnectOptions {
  clusterDomain?: string;
  /** Resolve only once every kind finished its first list (diagnose). */
  waitForSync?: boolean;
}

export interface PodLogTarget extends PodLogOptions {
  namespace: string;
  pod: string;
}

export interface LiveSource {
  readonly kind: 'live';
  readonly store: ClusterStore;
  /** The context in use. */
  context(): string;
  /** Namespace scope; undefined = all namespaces. */
  namespace(): string | undefined;
  /** Kubeconfig contexts, for :ctx. */
  contexts(): KubeContextInfo[];
  /** Watch another namespace (undefined = all) without a restart. */
  switchNamespace(namespace: string | undefined): Promise<void>;
  /** Switch to another kubeconfig context without a restart. Rejects (SourceError) and keeps the current one if it cannot be used. */
  switchContext(name: string): Promise<void>;
  /** Stream a pod's log; returns a function that stops it. */
  podLog(target: PodLogTarget, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void;
  /** Resolves when every kind finished its first list (ready, forbidden, or failed a few times). */
  synced(): Promise<void>;
  /** Stop every watch and close every connection. */
  stop(): void;
}

export interface Connected {
  loaded: LoadedKubeconfig;
  api: ApiClient;
  version?: VersionInfo;
  /** Namespace scope; undefined = all namespaces. */
  scope: string | undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED']);

function isTlsCode(code: string | undefined): boolean {
  return !!code && /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO|ALTNAME|HOSTNAME/i.test(code);
}

/** One line describing a failed request, for errors and the header. */
export function describeError(e: unknown, server: string): string {
  if (!(e instanceof ApiError)) return `${server}: ${firstLine(String((e as Error)?.message ?? e))}`;
  if (e.status === 401) return `${server} rejected the credentials (401 Unauthorized)`;
  if (e.status > 0) return `${e.status} ${e.reason}: ${e.message}`;
  if (e.reason === 'Timeout') return `cannot reach ${server} (${e.message.replace(`${server}: `, '')})`;
  if (e.reason === 'Stalled') return `watch stalled: ${e.message.replace(`${server}: stream stalled `, '').replace(/^\(|\)$/g, '')}`;
  if (e.reason === 'AuthError') return e.message;
  if (isTlsCode(e.code)) return `TLS handshake with ${server} failed: ${e.message.replace(`${server}: `, '')} (${e.code})`;
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return `connection to ${server} lost (${e.code})`;
  if (e.code && NETWORK_CODES.has(e.code)) return `cannot reach ${server} (${e.code})`;
  return e.message;
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? s;
}

/** Delay before retry `attempt` (1-based): base·2^(attempt-1), capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Load the kubeconfig, build the API client and probe /version. Fast one-line
 * SourceErrors for an unreachable server, TLS problems and rejected
 * credentials. Shared by the live source and `snapshot save`.
 */
export async function connect(opts: ConnectOptions): Promise<Connected> {
  if (opts.namespace !== undefined && opts.allNamespaces) throw new SourceError('-n and -A cannot be used together');
  const loaded = await loadKubeconfig({ kubeconfig: opts.kubeconfig, context: opts.context, env: opts.env, home: opts.home, inClusterRoot: opts.inClusterRoot });
  const api = createApiClient(loaded, { requestTimeoutMs: opts.requestTimeoutMs });
  try {
    const version = await probe(api, loaded, opts.probeTimeoutMs ?? 10_000);
    const scope = opts.allNamespaces ? undefined : (opts.namespace ?? loaded.namespace ?? 'default');
    return { loaded, api, version, scope };
  } catch (e) {
    api.close();
    throw e;
  }
}

export async function probe(api: ApiClient, loaded: LoadedKubeconfig, timeoutMs: number): Promise<VersionInfo | undefined> {
  try {
    return await api.version({ timeoutMs });
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return undefined; // reachable and authenticated; /version just not public here
    let msg = describeError(e, loaded.server);
    if (e instanceof ApiError && e.status === 401) {
      msg += loaded.user ? ` for user "${loaded.user}" of context "${loaded.context}"` : ` (context "${loaded.context}")`;
    } else if (e instanceof ApiError && e.status > 0) {
      msg = `${loaded.server}/version answered ${msg}`;
    }
    throw new SourceError(msg);
  }
}

function versionString(v: VersionInfo | undefined): string | undefined {
  if (!v) return undefined;
  if (typeof v.gitVersion === 'string' && v.gitVersion) return v.gitVersion;
  if (v.major !== undefined && v.minor !== undefined) return `v${v.major}.${v.minor}`;
  return undefined;
}

/** Give list items (which arrive without them) their apiVersion and kind. */
function typed(o: K8sObject, info: KindInfo): K8sObject {
  if (!o.apiVersion) o.apiVersion = apiVersionOf(info);
  if (!o.kind) o.kind = info.kind;
  return o;
}

interface Tuned {
  pageSize: number;
  watchTimeoutSeconds: () => number;
  stallMs: (timeoutSeconds: number) => number;
  backoffBaseMs: number;
  backoffCapMs: number;
  minHealthyMs: number;
  staleAfterMs: number;
  pollMs: number;
  recheckMs: number;
  requestTimeoutMs?: number;
  probeTimeoutMs: number;
  random: () => number;
  clock: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  onRetry?: (r: RetryInfo) => void;
}

function tune(o: LiveTuning): Tuned {
  const random = o.random ?? Math.random;
  return {
    pageSize: o.pageSize ?? 500,
    watchTimeoutSeconds: o.watchTimeoutSeconds !== undefined ? () => o.watchTimeoutSeconds! : () => 240 + Math.floor(random() * 61),
    stallMs: (t) => o.stallMs ?? (t + 30) * 1000,
    backoffBaseMs: o.backoffBaseMs ?? 500,
    backoffCapMs: o.backoffCapMs ?? 30_000,
    minHealthyMs: o.minHealthyMs ?? 5_000,
    staleAfterMs: o.staleAfterMs ?? 30_000,
    pollMs: o.pollMs ?? 30_000,
    recheckMs: o.recheckMs ?? 60_000,
    requestTimeoutMs: o.requestTimeoutMs,
    probeTimeoutMs: o.probeTimeoutMs ?? 10_000,
    random,
    clock: o.clock ?? Date.now,
    sleep: o.sleep ?? defaultSleep,
    onRetry: o.onRetry,
  };
}

// ---------------------------------------------------------------------------
// Listing (shared with snapshot save)

export interface ListedKind {
  kind: KindName;
  items: K8sObject[];
  status: KindStatus;
  /** Namespaces actually listed for a namespaced kind (undefined = all). */
  namespaces?: string[];
}

/** List every page of one kind in one namespace (undefined = all / cluster-scoped). */
export async function listAllPages(
  api: ApiClient,
  kind: KindName,
  namespace: string | undefined,
  opts: {
    pageSize?: number;
    signal?: AbortSignal;
    /** Each page as it arrives (not after a restart from the first page: then only the result counts). */
    onPage?: (items: K8sObject[], remainingItemCount?: number) => void;
    /**
     * What the result keeps of each object (default: the object). With
     * onPage, pages handed to it are not kept at all: only a restarted list
     * (410 mid-way) collects its objects, so a first list never holds more
     * than one page of whole objects.
     */
    collect?: (o: K8sObject) => K8sObject;
  } = {},
): Promise<{ items: K8sObject[]; resourceVersion: string; restarted: boolean }> {
  const info = kindInfo(kind);
  let items: K8sObject[] = [];
  let cont: string | undefined;
  let restarts = 0;
  let restarted = false;
  for (;;) {
    let page;
    try {
      page = await api.list<K8sObject>(kind, { namespace, limit: opts.pageSize ?? 500, continue: cont }, opts.signal);
    } catch (e) {
      // The continue token expired (410): start over, as kubectl does.
      if (e instanceof ApiError && e.status === 410 && cont && restarts < 3) {
        restarts++;
        restarted = true;
        cont = undefined;
        items = [];
        continue;
      }
      throw e;
    }
    const pageItems = page.items.map((o) => typed(o, info));
    if (opts.onPage && !restarted) opts.onPage(pageItems, page.continue ? page.remainingItemCount : 0);
    else for (const o of pageItems) items.push(opts.collect ? opts.collect(o) : o);
    if (!page.continue) return { items, resourceVersion: page.resourceVersion, restarted };
    cont = page.continue;
  }
}

function notServed(info: KindInfo): string {
  return `${apiVersionOf(info)} ${info.plural} not served by this server`;
}

function partialMessage(info: KindInfo, namespaces: string[], forbidden: string): string {
  return `cannot list ${info.plural} in all namespaces (${firstLine(forbidden)}); showing namespace ${namespaces.join(', ')}`;
}

/**
 * List one kind once (all pages) in the scope, with the same 403 fallback as
 * the live source: a forbidden cluster-wide list retries the fallback
 * namespaces. Never throws for 403/404: they become the status.
 */
export async function listKind(
  api: ApiClient,
  kind: KindName,
  scope: string | undefined,
  fallbackNamespaces: string[],
  opts: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<ListedKind> {
  const info = kindInfo(kind);
  const target = info.namespaced ? scope : undefined;
  try {
    const r = await listAllPages(api, kind, target, opts);
    return { kind, items: r.items, status: { state: 'ready' }, namespaces: info.namespaced && target ? [target] : undefined };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404) return { kind, items: [], status: { state: 'error', message: notServed(info) } };
    if (e.status !== 403) throw e;
    if (!info.namespaced || target !== undefined || fallbackNamespaces.length === 0) {
      return { kind, items: [], status: { state: 'forbidden', message: e.message } };
    }
    const items: K8sObject[] = [];
    const readable: string[] = [];
    for (const ns of fallbackNamespaces) {
      try {
        const r = await listAllPages(api, kind, ns, opts);
        items.push(...r.items);
        readable.push(ns);
      } catch (e2) {
        if (!(e2 instanceof ApiError) || e2.status !== 403) throw e2;
      }
    }
    if (readable.length === 0) return { kind, items: [], status: { state: 'forbidden', message: e.message } };
    return { kind, items, status: { state: 'partial', namespaces: readable, message: partialMessage(info, readable, e.message) }, namespaces: readable };
  }
}

// ---------------------------------------------------------------------------
// The live source

type Phase =
  | { state: 'loading'; loaded: number; total?: number }
  | { state: 'ready' }
  | { state: 'forbidden'; message: string }
  | { state: 'notServed'; message: string }
  | { state: 'failing'; message: string; attempt: number };

interface Failure {
  since: number;
  attempt: number;
  reason: string;
}

class Reflector {
  rv?: string;
  attempt = 0;
  listedOnce = false;
  /** Listing works but watching is forbidden: poll instead. */
  private poll = false;

  constructor(
    readonly ctl: KindController,
    readonly namespace: string | undefined,
  ) {}

  private get src(): LiveSourceImpl {
    return this.ctl.src;
  }

  async run(): Promise<void> {
    const signal = this.ctl.signal;
    const t = this.src.t;
    const kind = this.ctl.info.kind;
    let needList = true;
    while (!signal.aborted) {
      let failure: unknown;
      let quick = false;
      let stage: 'list' | 'watch' = 'list';
      try {
        if (needList || this.poll) {
          await this.list();
          needList = false;
          if (signal.aborted) return;
          if (this.poll) {
            this.attempt = 0;
            await t.sleep(t.pollMs, signal);
            continue;
          }
        }
        stage = 'watch';
        const started = t.clock();
        const end = await this.watchOnce();
        if (signal.aborted) return;
        if (end === 'gone') needList = true;
        if (t.clock() - started >= t.minHealthyMs) {
          this.attempt = 0;
          continue;
        }
        quick = true; // ended too soon: back off quietly, never spin
      } catch (e) {
        if (signal.aborted) return;
        const err = e instanceof ApiError ? e : undefined;
        if (err?.status === 410) {
          needList = true;
          quick = true;
        } else if (err?.status === 403 && stage === 'watch') {
          // May list but not watch: keep the data fresh by re-listing.
          this.poll = true;
          this.src.ok(this);
          continue;
        } else if (err && (err.status === 403 || err.status === 404) && stage === 'list' && !this.listedOnce) {
          this.src.ok(this);
          if (this.ctl.terminal(this, err)) return; // replaced by per-namespace reflectors
          // Forbidden or not served: shown as such, and asked again now and then,
          // since permissions (and served APIs) change while k8stui runs.
          await t.sleep(t.recheckMs, signal);
          if (signal.aborted) return;
          needList = true;
          continue;
        } else {
          // Includes a 403/404 on a re-list of a kind read before: an API server
          // that just restarted answers 403 until its authorization caches sync.
          // Keep the data and retry with backoff; never turn it into "forbidden".
          failure = e;
        }
      }
      this.attempt++;
      const delayMs = backoffDelay(this.attempt, t.backoffBaseMs, t.backoffCapMs, t.random);
      let reason = 'watch ended early';
      if (failure !== undefined) {
        reason = describeError(failure, this.src.server);
        // The server as a whole is unreachable: every kind says the same, so do not name one.
        const serverWide =
          failure instanceof ApiError && failure.status === 0 && !['Stalled', 'ECONNRESET', 'EPIPE', 'Aborted'].includes(failure.reason);
        const where = this.namespace ? `${this.ctl.info.plural} in ${this.namespace}` : this.ctl.info.plural;
        this.src.fail(this, serverWide ? reason : `${where}: ${reason}`, this.attempt);
        if (!this.listedOnce) this.ctl.phase(this, { state: 'failing', message: `${reason}; retrying (attempt ${this.attempt})`, attempt: this.attempt });
      } else if (quick && needList) {
        reason = 'resourceVersion expired (410 Gone), re-listing';
      }
      t.onRetry?.({ kind, namespace: this.namespace, attempt: this.attempt, delayMs, reason });
      if (failure !== undefined) await this.src.backoffSleep(this, delayMs);
      else await t.sleep(delayMs, signal);
    }
  }

  private async list(): Promise<void> {
    const store = this.src.store;
    const info = this.ctl.info;
    const signal = this.ctl.signal;
    const scopeNs = info.namespaced ? this.namespace : undefined;
    // First list into an empty store: show each page as it arrives. A
    // re-list keeps the old objects until the new list is complete.
    const incremental = !this.listedOnce && store.list(info.kind, scopeNs).length === 0;
    let loaded = 0;
    if (incremental) this.ctl.phase(this, { state: 'loading', loaded: 0 });
    const r = await listAllPages(this.src.api, info.kind, scopeNs, {
      pageSize: this.src.t.pageSize,
      signal,
      // A re-list holds its objects until it is complete: compact ones, never whole pages.
      collect: (o) => store.ingest(info.kind, o),
      onPage: incremental
        ? (items, remaining) => {
            if (signal.aborted) return;
            store.batch(() => {
              for (const o of items) store.upsert(info.kind, o);
              loaded += items.length;
              // remainingItemCount is the server's estimate of what is left (absent with some selectors and storage).
              this.ctl.phase(this, { state: 'loading', loaded, ...(remaining !== undefined ? { total: loaded + remaining } : {}) });
            });
            this.src.touchEvent();
          }
        : undefined,
    });
    if (signal.aborted) return;
    store.batch(() => {
      if (!incremental || r.restarted) store.replace(info.kind, r.items, scopeNs, { raw: true });
      this.rv = r.resourceVersion;
      this.listedOnce = true;
      this.ctl.phase(this, { state: 'ready' });
    });
    this.src.ok(this);
    this.src.touchEvent();
  }

  private async watchOnce(): Promise<'closed' | 'gone' | 'aborted'> {
    const info = this.ctl.info;
    const store = this.src.store;
    const outer = this.ctl.signal;
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort();
    outer.addEventListener('abort', onAbort, { once: true });
    let gone = false;
    let error: ApiError | undefined;
    const timeoutSeconds = this.src.t.watchTimeoutSeconds();
    try {
      const end = await this.src.api.watch<K8sObject>(
        info.kind,
        {
          namespace: info.namespaced ? this.namespace : undefined,
          resourceVersion: this.rv,
          allowWatchBookmarks: true,
          timeoutSeconds,
          idleTimeoutMs: this.src.t.stallMs(timeoutSeconds),
          onOpen: () => this.src.ok(this),
        },
        (ev) => {
          if (gone || error) return;
          this.src.touchEvent();
          const o = ev.object;
          switch (ev.type) {
            case 'ADDED':
            case 'MODIFIED':
              if (o?.metadata?.name) store.upsert(info.kind, typed(o, info));
              break;
            case 'DELETED':
              if (o?.metadata?.name) store.remove(info.kind, o);
              break;
            case 'BOOKMARK':
              break;
            case 'ERROR': {
              const s = o as { code?: number; reason?: string; message?: string } | undefined;
              if (s?.code === 410) gone = true;
              else error = new ApiError(s?.code ?? 500, s?.reason ?? 'Error', s?.message ?? 'watch error', info.plural);
              ctrl.abort();
              return;
            }
            default:
              return;
          }
          const rv = o?.metadata?.resourceVersion;
          if (typeof rv === 'string' && rv) this.rv = rv;
        },
        ctrl.signal,
      );
      if (error) throw error;
      if (gone) return 'gone';
      return end;
    } finally {
      outer.removeEventListener('abort', onAbort);
    }
  }
}

class KindController {
  readonly info: KindInfo;
  private readonly ctrl = new AbortController();
  private readonly reflectors = new Map<string, Reflector>();
  private readonly phases = new Map<string, Phase>();
  private forbiddenClusterWide?: string;
  private resolveSynced!: () => void;
  readonly synced: Promise<void>;

  constructor(
    readonly src: LiveSourceImpl,
    kind: KindName,
    private readonly target: string | undefined,
  ) {
    this.info = kindInfo(kind);
    this.synced = new Promise((r) => (this.resolveSynced = r));
  }

  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  start(): void {
    this.spawn(this.info.namespaced ? this.target : undefined);
  }

  stop(): void {
    this.ctrl.abort();
    for (const r of this.reflectors.values()) this.src.forget(r);
    this.resolveSynced();
  }

  private spawn(ns: string | undefined): void {
    const r = new Reflector(this, ns);
    this.reflectors.set(ns ?? '*', r);
    this.phases.set(ns ?? '*', { state: 'loading', loaded: 0 });
    r.run().catch((e) => {
      // A bug, not a cluster problem: show it rather than hang.
      if (!this.signal.aborted) this.phase(r, { state: 'failing', message: `internal error: ${(e as Error)?.message ?? e}`, attempt: 99 });
    });
  }

  /** 403 or 404 on a list: fall back to the readable namespaces, or mark the kind. */
  /** Mark a kind (in r's scope) forbidden or not served; true when r was replaced by per-namespace reflectors. */
  terminal(r: Reflector, err: ApiError): boolean {
    if (this.signal.aborted) return true;
    const store = this.src.store;
    if (err.status === 403 && r.namespace === undefined && this.info.namespaced && this.forbiddenClusterWide === undefined) {
      const fallback = this.src.fallbackNamespaces();
      if (fallback.length > 0) {
        this.forbiddenClusterWide = err.message;
        this.reflectors.delete('*');
        this.phases.delete('*');
        store.replace(this.info.kind, []);
        for (const ns of fallback) this.spawn(ns);
        return true;
      }
    }
    store.replace(this.info.kind, [], this.info.namespaced ? r.namespace : undefined);
    if (err.status === 403) this.phase(r, { state: 'forbidden', message: err.message });
    else this.phase(r, { state: 'notServed', message: notServed(this.info) });
    return false;
  }

  phase(r: Reflector, p: Phase): void {
    if (this.signal.aborted) return;
    this.phases.set(r.namespace ?? '*', p);
    this.publish();
  }

  private publish(): void {
    const phases = [...this.phases.entries()];
    let status: KindStatus;
    if (this.forbiddenClusterWide === undefined) {
      const p = phases[0]?.[1] ?? { state: 'loading', loaded: 0 };
      status = statusOf(p);
    } else {
      const ready = phases.filter(([, p]) => p.state === 'ready').map(([ns]) => ns);
      const loading = phases.filter(([, p]) => p.state === 'loading');
      const failing = phases.find(([, p]) => p.state === 'failing');
      if (loading.length > 0) status = { state: 'loading', loaded: loading.reduce((n, [, p]) => n + (p.state === 'loading' ? p.loaded : 0), 0) };
      // (no total: the per-namespace lists each have their own)
      else if (ready.length > 0) status = { state: 'partial', namespaces: ready, message: partialMessage(this.info, ready, this.forbiddenClusterWide) };
      else if (failing) status = statusOf(failing[1]);
      else status = { state: 'forbidden', message: this.forbiddenClusterWide };
    }
    const cur = this.src.store.status(this.info.kind);
    if (!sameStatus(cur, status)) this.src.store.setStatus(this.info.kind, status);
    const settled = phases.every(([, p]) => p.state === 'ready' || p.state === 'forbidden' || p.state === 'notServed' || (p.state === 'failing' && p.attempt >= 3));
    if (settled) this.resolveSynced();
  }
}

function statusOf(p: Phase): KindStatus {
  switch (p.state) {
    case 'loading':
      return p.total !== undefined ? { state: 'loading', loaded: p.loaded, total: p.total } : { state: 'loading', loaded: p.loaded };
    case 'ready':
      return { state: 'ready' };
    case 'forbidden':
      return { state: 'forbidden', message: p.message };
    case 'notServed':
      return { state: 'error', message: p.message };
    case 'failing':
      return { state: 'error', message: p.message };
  }
}

function sameStatus(a: KindStatus, b: KindStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

class LiveSourceImpl implements LiveSource {
  readonly kind = 'live' as const;
  readonly store: ClusterStore;
  readonly t: Tuned;
  api: ApiClient;
  private loaded: LoadedKubeconfig;
  private scope: string | undefined;
  private controllers = new Map<KindName, KindController>();
  private failing = new Map<Reflector, Failure>();
  private lastEvent?: number;
  private staleTimer?: NodeJS.Timeout;
  private logs = new Set<AbortController>();
  private wakers = new Set<() => void>();
  private stopped = false;
  private switching: Promise<void> = Promise.resolve();

  constructor(c: Connected, store: ClusterStore, t: Tuned) {
    this.api = c.api;
    this.loaded = c.loaded;
    this.scope = c.scope;
    this.store = store;
    this.t = t;
  }

  get server(): string {
    return this.loaded.server;
  }

  context(): string {
    return this.loaded.context;
  }

  namespace(): string | undefined {
    return this.scope;
  }

  contexts(): KubeContextInfo[] {
    return this.loaded.contexts();
  }

  /** Where to look when a cluster-wide list is forbidden. */
  fallbackNamespaces(): string[] {
    return [this.loaded.namespace ?? 'default'];
  }

  start(kinds: readonly KindInfo[] = KINDS): void {
    for (const k of kinds) {
      const c = new KindController(this, k.kind, this.scope);
      this.controllers.set(k.kind, c);
      c.start();
    }
  }

  synced(): Promise<void> {
    return Promise.all([...this.controllers.values()].map((c) => c.synced)).then(() => undefined);
  }

  // ----- connection state -----

  touchEvent(): void {
    this.lastEvent = this.t.clock();
    const c = this.store.connection as ConnectionState & { lastEvent?: number };
    if (c.state === 'live' || c.state === 'reconnecting' || c.state === 'stale') c.lastEvent = this.lastEvent;
  }

  ok(r: Reflector): void {
    const recovered = this.failing.delete(r);
    if (recovered) {
      // The server answers again: cut the other failing reflectors' backoff
      // short instead of leaving them asleep for up to the cap. Only a
      // success wakes them, so a flapping server still sees backoff.
      for (const wake of [...this.wakers]) wake();
    }
    if (recovered || this.store.connection.state === 'connecting') this.updateConnection();
  }

  /** A stopped reflector's failure no longer counts (no wake-up: nothing recovered). */
  forget(r: Reflector): void {
    if (this.failing.delete(r)) this.updateConnection();
  }

  /** Sleep after a failure; ends early when the kind stops or another reflector recovers. */
  async backoffSleep(r: Reflector, ms: number): Promise<void> {
    const ctrl = new AbortController();
    const wake = () => ctrl.abort();
    const outer = r.ctl.signal;
    if (outer.aborted) return;
    outer.addEventListener('abort', wake, { once: true });
    this.wakers.add(wake);
    try {
      await this.t.sleep(ms, ctrl.signal);
    } finally {
      this.wakers.delete(wake);
      outer.removeEventListener('abort', wake);
    }
  }

  fail(r: Reflector, reason: string, attempt: number): void {
    if (this.stopped) return;
    const prev = this.failing.get(r);
    this.failing.set(r, { since: prev?.since ?? this.t.clock(), attempt, reason });
    this.updateConnection();
  }

  private updateConnection(): void {
    if (this.stopped) return;
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    if (this.failing.size === 0) {
      if (this.store.connection.state !== 'live') this.store.setConnection({ state: 'live', since: this.t.clock(), lastEvent: this.lastEvent });
      return;
    }
    let first: Failure | undefined;
    let attempt = 0;
    for (const f of this.failing.values()) {
      if (!first || f.since < first.since) first = f;
      attempt = Math.max(attempt, f.attempt);
    }
    const now = this.t.clock();
    if (now - first!.since >= this.t.staleAfterMs) {
      this.store.setConnection({ state: 'stale', since: first!.since, lastEvent: this.lastEvent, reason: first!.reason });
    } else {
      this.store.setConnection({ state: 'reconnecting', since: first!.since, attempt, reason: first!.reason, lastEvent: this.lastEvent });
      this.staleTimer = setTimeout(() => this.updateConnection(), first!.since + this.t.staleAfterMs - now + 1);
      this.staleTimer.unref?.();
    }
  }

  // ----- switching -----

  private stopControllers(filter: (k: KindInfo) => boolean): KindInfo[] {
    const stopped: KindInfo[] = [];
    for (const [kind, c] of this.controllers) {
      if (!filter(c.info)) continue;
      c.stop();
      this.controllers.delete(kind);
      stopped.push(c.info);
    }
    for (const r of [...this.failing.keys()]) if (r.ctl.signal.aborted) this.failing.delete(r);
    return stopped;
  }

  private clearKinds(kinds: KindInfo[]): void {
    for (const k of kinds) {
      this.store.replace(k.kind, []);
      this.store.setStatus(k.kind, { state: 'pending' });
    }
  }

  switchNamespace(namespace: string | undefined): Promise<void> {
    const run = async () => {
      if (this.stopped || namespace === this.scope) return;
      this.scope = namespace;
      // Cluster-scoped kinds do not depend on the namespace: keep watching them.
      this.store.batch(() => {
        const stopped = this.stopControllers((k) => k.namespaced);
        this.clearKinds(stopped);
        this.store.info = { ...this.store.info, namespace };
        this.updateConnection();
        this.start(stopped);
      });
    };
    this.switching = this.switching.then(run, run);
    return this.switching;
  }

  switchContext(name: string): Promise<void> {
    const run = async () => {
      if (this.stopped) return;
      const loaded = await this.loaded.withContext(name);
      const api = createApiClient(loaded, { requestTimeoutMs: this.t.requestTimeoutMs });
      let version: VersionInfo | undefined;
      try {
        version = await probe(api, loaded, this.t.probeTimeoutMs);
      } catch (e) {
        api.close();
        throw e;
      }
      if (this.stopped) {
        api.close();
        return;
      }
      const allNamespaces = this.scope === undefined;
      this.store.batch(() => {
        const stopped = this.stopControllers(() => true);
        this.failing.clear();
        this.api.close();
        this.api = api;
        this.loaded = loaded;
        this.scope = allNamespaces ? undefined : (loaded.namespace ?? 'default');
        this.clearKinds(stopped.length ? stopped : [...KINDS]);
        this.store.info = {
          ...this.store.info,
          context: loaded.context,
          cluster: loaded.cluster,
          server: loaded.server,
          user: loaded.user,
          serverVersion: versionString(version),
          namespace: this.scope,
        };
        this.store.setConnection({ state: 'connecting', since: this.t.clock() });
        this.start();
      });
    };
    const p = this.switching.then(run, run);
    this.switching = p.catch(() => undefined);
    return p;
  }

  podLog(target: PodLogTarget, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void {
    const ctrl = new AbortController();
    this.logs.add(ctrl);
    const { namespace, pod, ...opts } = target;
    this.api.podLog(namespace, pod, opts, onLine, ctrl.signal).then(
      () => {
        this.logs.delete(ctrl);
        onEnd();
      },
      (e) => {
        this.logs.delete(ctrl);
        if (ctrl.signal.aborted) onEnd();
        else onEnd(new Error(describeError(e, this.loaded.server)));
      },
    );
    return () => ctrl.abort();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const c of this.controllers.values()) c.stop();
    this.controllers.clear();
    this.failing.clear();
    for (const l of this.logs) l.abort();
    this.logs.clear();
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.api.close();
  }
}

/**
 * List+watch every kind into `store` for a client that is not probed yet
 * (the worker thread: the UI already shows "connecting…", and the first page
 * must not wait for /version). The store's connection turns live with the
 * first successful list.
 */
export function startLive(c: Connected, store: ClusterStore, opts: LiveTuning = {}): LiveSource {
  const t = tune(opts);
  if (store.connection.state !== 'connecting') store.setConnection({ state: 'connecting', since: t.clock() });
  const source = new LiveSourceImpl(c, store, t);
  source.start();
  return source;
}

/**
 * Open a live cluster: load the kubeconfig, probe /version (fast one-line
 * SourceErrors), then list+watch every kind into a new ClusterStore. Returns
 * as soon as the watches are started (or, with waitForSync, once every kind
 * finished its first list).
 */
export async function openLive(opts: LiveOptions): Promise<{ store: ClusterStore; source: LiveSource }> {
  const t = tune(opts);
  const c = await connect({ ...opts, probeTimeoutMs: t.probeTimeoutMs });
  const store = new ClusterStore({
    source: 'live',
    context: c.loaded.context,
    cluster: c.loaded.cluster,
    server: c.loaded.server,
    user: c.loaded.user,
    serverVersion: versionString(c.version),
    namespace: c.scope,
    clusterDomain: opts.clusterDomain ?? 'cluster.local',
  });
  // The server answered /version; "live" once the first list succeeds.
  store.setConnection({ state: 'connecting', since: t.clock() });
  const source = new LiveSourceImpl(c, store, t);
  source.start();
  if (opts.waitForSync) await source.synced();
  return { store, source };
}

export { versionString };
