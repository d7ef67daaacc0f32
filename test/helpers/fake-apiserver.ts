// A small Kubernetes API server of the tests' own (127.0.0.1, random port,
// HTTP or HTTPS) that speaks list and watch the way kube-apiserver does:
// paged lists (limit/continue), watch streams of JSON lines with ADDED /
// MODIFIED / DELETED / BOOKMARK / ERROR events, 410 Gone (as HTTP or as an
// ERROR event), 403 with a real Status object, 401, 404 for an API group the
// server does not serve, injected 500s, watches that stall, and restarts.
// Every request is recorded (method, path, query) so tests can assert that
// the client only ever reads.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KINDS, type KindInfo, type KindName, apiVersionOf, kindInfo } from '../../src/cluster/kinds.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

export interface FakeApiServerOptions {
  /** Serve HTTPS with this key/cert; with `clientCa`, ask for client certificates signed by it. */
  tls?: { key: string; cert: string; clientCa?: string };
  /** The bearer token the server accepts. Unset: any request is authenticated (as `user`). */
  token?: string;
  /** The user name in 403 messages. */
  user?: string;
  /** Watches end after this long (a real server ends them after timeoutSeconds). Default: the request's timeoutSeconds. */
  watchTimeoutMs?: number;
  version?: Record<string, string>;
}

interface ForbidRule {
  verbs: string[];
  /** Namespaces where the verbs are allowed; cluster-wide requests are always forbidden. */
  allowNamespaces: string[];
}

interface Failure {
  plural: string | '*';
  status: number;
  remaining: number;
  verb?: 'list' | 'watch' | 'get';
}

interface Watcher {
  info: KindInfo;
  namespace?: string;
  fieldSelector?: string;
  bookmarks: boolean;
  res: http.ServerResponse;
  timer?: NodeJS.Timeout;
}

interface LogFollower {
  key: string;
  res: http.ServerResponse;
}

interface Route {
  info?: KindInfo;
  namespace?: string;
  name?: string;
  log?: { namespace: string; pod: string };
  version?: boolean;
}

function status(code: number, reason: string, message: string, details?: object): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function keyOf(o: { metadata: { namespace?: string; name: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function byNsName(a: any, b: any): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function getPath(o: any, p: string): unknown {
  let cur = o;
  for (const part of p.split('.')) {
    if (cur == null) return undefined;
    cur = cur[part];
  }
  return cur;
}

function matchesFieldSelector(o: any, sel: string | undefined): boolean {
  if (!sel) return true;
  for (const term of sel.split(',')) {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!m) continue;
    const v = String(getPath(o, m[1]!) ?? '');
    if (m[2] === '!=' ? v === m[3] : v !== m[3]) return false;
  }
  return true;
}

const BY_PATH = new Map<string, KindInfo>(KINDS.map((k) => [`${k.group}/${k.version}/${k.plural}`, k]));

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** The global resourceVersion (etcd revision). */
  rv = 1000;
  /** resourceVersions below this are too old to watch from (compaction). */
  compactedBelow = 0;
  /** How an expired resourceVersion is reported on a watch. */
  goneAs: 'event' | 'http' = 'event';
  /** Watches of these plurals get headers and then nothing, forever. */
  readonly stalled = new Set<string>();
  /** Groups/versions or plurals this server does not serve (404). */
  readonly notServed = new Set<string>();
  /** Called before each list page is sent (await it to hold a page back). */
  onListPage?: (p: { plural: string; namespace?: string; page: number }) => Promise<void> | void;
  connections = 0;
  port = 0;

  private server: http.Server;
  private objects = new Map<string, Map<string, any>>();
  private history: { rv: number; plural: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: any }[] = [];
  private forbidden = new Map<string, ForbidRule>();
  private failures: Failure[] = [];
  private watchers = new Set<Watcher>();
  private sockets = new Set<Socket>();
  private continues = new Map<string, { items: any[]; rv: number }>();
  private logs = new Map<string, string[]>();
  private followers = new Set<LogFollower>();
  private readonly opts: FakeApiServerOptions;

  constructor(opts: FakeApiServerOptions = {}) {
    this.opts = opts;
    for (const k of KINDS) this.objects.set(k.plural, new Map());
    this.server = this.makeServer();
  }

  get url(): string {
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  private makeServer(): http.Server {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    const srv = this.opts.tls
      ? https.createServer(
          {
            key: this.opts.tls.key,
            cert: this.opts.tls.cert,
            ...(this.opts.tls.clientCa ? { ca: this.opts.tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
          },
          handler,
        )
      : http.createServer(handler);
    srv.keepAliveTimeout = 30_000;
    srv.on(this.opts.tls ? 'secureConnection' : 'connection', (s: Socket) => {
      this.connections++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // Count plain TCP sockets too (HTTPS handshake failures never reach secureConnection).
    if (this.opts.tls) {
      srv.on('connection', (s: Socket) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
    }
    return srv;
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Stop listening and cut every connection (watches break mid-stream). */
  async stop(): Promise<void> {
    for (const w of this.watchers) if (w.timer) clearTimeout(w.timer);
    this.watchers.clear();
    this.followers.clear();
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** A server restart: down, then up again on the same port with the same data. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    this.server = this.makeServer();
    await this.start(this.port);
  }

  // ----- state -----

  private bump(): number {
    return ++this.rv;
  }

  private stamp(kind: KindName, obj: any): any {
    const info = kindInfo(kind);
    const o = structuredClone(obj);
    o.apiVersion = apiVersionOf(info);
    o.kind = info.kind;
    o.metadata ??= {};
    if (info.namespaced) o.metadata.namespace ??= 'default';
    else delete o.metadata.namespace;
    o.metadata.uid ??= randomUUID();
    o.metadata.creationTimestamp ??= '2025-03-01T09:00:00Z';
    o.metadata.resourceVersion = String(this.bump());
    return o;
  }

  private record(plural: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: any): void {
    const rv = Number(object.metadata.resourceVersion);
    this.history.push({ rv, plural, type, object });
    for (const w of this.watchers) {
      if (w.info.plural !== plural) continue;
      if (w.namespace && object.metadata.namespace !== w.namespace) continue;
      if (!matchesFieldSelector(object, w.fieldSelector)) continue;
      w.res.write(`${JSON.stringify({ type, object })}\n`);
    }
  }

  /** Create (or replace) objects, as a controller would. */
  add(kind: KindName, ...objs: any[]): any[] {
    const info = kindInfo(kind);
    const out: any[] = [];
    for (const obj of objs) {
      const o = this.stamp(kind, obj);
      const m = this.objects.get(info.plural)!;
      const existed = m.get(keyOf(o));
      if (existed) o.metadata.uid = existed.metadata.uid;
      m.set(keyOf(o), o);
      this.record(info.plural, existed ? 'MODIFIED' : 'ADDED', o);
      out.push(o);
    }
    return out;
  }

  modify(kind: KindName, namespace: string | undefined, name: string, change: (o: any) => void): any {
    const info = kindInfo(kind);
    const m = this.objects.get(info.plural)!;
    const key = info.namespaced ? `${namespace}/${name}` : name;
    const cur = m.get(key);
    if (!cur) throw new Error(`fake apiserver: no ${kind} ${key}`);
    const o = structuredClone(cur);
    change(o);
    o.metadata.resourceVersion = String(this.bump());
    m.set(key, o);
    this.record(info.plural, 'MODIFIED', o);
    return o;
  }

  delete(kind: KindName, namespace: string | undefined, name: string): void {
    const info = kindInfo(kind);
    const m = this.objects.get(info.plural)!;
    const key = info.namespaced ? `${namespace}/${name}` : name;
    const cur = m.get(key);
    if (!cur) return;
    m.delete(key);
    const o = structuredClone(cur);
    o.metadata.resourceVersion = String(this.bump());
    this.record(info.plural, 'DELETED', o);
  }

  /** Change objects without telling anyone (what happens while a client is disconnected past compaction). */
  silently(fn: () => void): void {
    const watchers = [...this.watchers];
    this.watchers.clear();
    try {
      fn();
    } finally {
      for (const w of watchers) this.watchers.add(w);
    }
  }

  /** etcd compaction: every resourceVersion before the current one becomes too old to watch from. */
  compact(): void {
    this.compactedBelow = this.rv;
    this.history = this.history.filter((h) => h.rv > this.compactedBelow);
  }

  /** Continue tokens expire (the apiserver keeps them ~5 minutes). */
  expireContinues(): void {
    this.continues.clear();
  }

  /** Send a BOOKMARK to every watch that asked for them. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      w.res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: w.info.kind, apiVersion: apiVersionOf(w.info), metadata: { resourceVersion: String(this.rv) } } })}\n`);
    }
  }

  /** Send an ERROR event (410 Expired, as the watch cache does) to every open watch of a plural, then end them. */
  expireWatches(plural?: string): void {
    for (const w of [...this.watchers]) {
      if (plural && w.info.plural !== plural) continue;
      w.res.write(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${this.compactedBelow - 1} (${this.rv})`) })}\n`);
      this.endWatch(w);
    }
  }

  /** Cut open watch connections without a word (network drop). */
  dropWatches(plural?: string): void {
    for (const w of [...this.watchers]) {
      if (plural && w.info.plural !== plural) continue;
      this.watchers.delete(w);
      if (w.timer) clearTimeout(w.timer);
      w.res.socket?.destroy();
    }
  }

  /** Forbid verbs on a resource, except in the given namespaces. */
  forbid(plural: string, opts: { verbs?: string[]; allowNamespaces?: string[] } = {}): void {
    this.forbidden.set(plural, { verbs: opts.verbs ?? ['list', 'watch', 'get'], allowNamespaces: opts.allowNamespaces ?? [] });
  }

  allow(plural: string): void {
    this.forbidden.delete(plural);
  }

  /** The next `count` matching requests fail with `status` (default 500); Infinity for "until cleared". */
  fail(plural: string | '*', count: number, statusCode = 500, verb?: 'list' | 'watch' | 'get'): void {
    this.failures.push({ plural, status: statusCode, remaining: count, verb });
  }

  clearFailures(): void {
    this.failures = [];
  }

  setLog(namespace: string, pod: string, lines: string[]): void {
    this.logs.set(`${namespace}/${pod}`, lines);
  }

  appendLog(namespace: string, pod: string, line: string): void {
    const key = `${namespace}/${pod}`;
    this.logs.set(key, [...(this.logs.get(key) ?? []), line]);
    for (const f of this.followers) if (f.key === key) f.res.write(`${line}\n`);
  }

  watchCount(plural?: string): number {
    return [...this.watchers].filter((w) => !plural || w.info.plural === plural).length;
  }

  openSockets(): number {
    return this.sockets.size;
  }

  requestsFor(plural: string, verb?: 'list' | 'watch'): RecordedRequest[] {
    return this.requests.filter((r) => {
      const route = this.route(r.path);
      if (route.info?.plural !== plural) return false;
      const isWatch = r.query.get('watch') === 'true' || r.query.get('watch') === '1';
      return verb === undefined || (verb === 'watch') === isWatch;
    });
  }

  // ----- HTTP -----

  private route(p: string): Route {
    if (p === '/version') return { version: true };
    const seg = p.split('/').filter(Boolean).map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (seg[0] === 'api' && seg.length >= 2) {
      group = '';
      version = seg[1]!;
      rest = seg.slice(2);
    } else if (seg[0] === 'apis' && seg.length >= 3) {
      group = seg[1]!;
      version = seg[2]!;
      rest = seg.slice(3);
    } else return {};
    const find = (plural: string) => BY_PATH.get(`${group}/${version}/${plural}`);
    if (rest.length === 1) return { info: find(rest[0]!) };
    if (rest.length === 2 && rest[0] !== 'namespaces') return { info: find(rest[0]!), name: rest[1] };
    if (rest.length === 2 && rest[0] === 'namespaces') return { info: find('namespaces'), name: rest[1] };
    if (rest.length === 3 && rest[0] === 'namespaces') return { info: find(rest[2]!), namespace: rest[1] };
    if (rest.length === 4 && rest[0] === 'namespaces') return { info: find(rest[2]!), namespace: rest[1], name: rest[3] };
    if (rest.length === 5 && rest[0] === 'namespaces' && rest[2] === 'pods' && rest[4] === 'log') return { log: { namespace: rest[1]!, pod: rest[3]! } };
    return {};
  }

  private send(res: http.ServerResponse, code: number, body: object): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers });
    if (req.method !== 'GET') {
      this.send(res, 405, status(405, 'MethodNotAllowed', `the fake server only reads (got ${req.method})`));
      return;
    }
    // Authentication, as kube-apiserver does it: a verified client
    // certificate or a bearer token; bad credentials are 401 everywhere; no
    // credentials at all is "anonymous", which may read /version only.
    let user = this.opts.user ?? 'viewer';
    const sock = req.socket as TLSSocket;
    const cert = this.opts.tls?.clientCa && sock.authorized ? sock.getPeerCertificate?.() : undefined;
    const authz = req.headers.authorization;
    const needsAuth = this.opts.token !== undefined || !!this.opts.tls?.clientCa;
    let anonymous = false;
    if (cert?.subject?.CN) user = String(cert.subject.CN);
    else if (authz) {
      if (this.opts.token !== undefined && authz !== `Bearer ${this.opts.token}`) return this.send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    } else if (needsAuth) anonymous = true;
    if (anonymous && url.pathname !== '/version') {
      return this.send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    }

    const route = this.route(url.pathname);
    if (route.version) {
      this.send(res, 200, {
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.4',
        gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
        gitTreeState: 'clean',
        buildDate: '2024-12-10T11:37:29Z',
        goVersion: 'go1.22.9',
        compiler: 'gc',
        platform: 'linux/amd64',
        ...this.opts.version,
      });
      return;
    }
    if (route.log) return this.serveLog(route.log, url.searchParams, res);
    const info = route.info;
    if (!info || this.notServed.has(info.plural) || this.notServed.has(apiVersionOf(info))) {
      // What kube-apiserver answers for a group/version it does not serve.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    const isWatch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const verb = route.name ? 'get' : isWatch ? 'watch' : 'list';

    const f = this.failures.find((x) => x.remaining > 0 && (x.plural === '*' || x.plural === info.plural) && (!x.verb || x.verb === verb));
    if (f) {
      f.remaining--;
      if (f.status === 500) {
        this.send(res, 500, status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out', { causes: [{ message: 'etcdserver: request timed out' }] }));
      } else if (f.status === 503) {
        this.send(res, 503, status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'));
      } else if (f.status === 429) {
        this.send(res, 429, status(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', { retryAfterSeconds: 1 }));
      } else {
        this.send(res, f.status, status(f.status, http.STATUS_CODES[f.status]?.replace(/\s+/g, '') ?? 'Unknown', `injected ${f.status}`));
      }
      return;
    }

    const rule = this.forbidden.get(info.plural);
    if (rule && rule.verbs.includes(verb) && !(route.namespace && rule.allowNamespaces.includes(route.namespace))) {
      const where = route.namespace ? `in the namespace "${route.namespace}"` : 'at the cluster scope';
      this.send(
        res,
        403,
        status(403, 'Forbidden', `${info.plural} is forbidden: User "${user}" cannot ${verb} resource "${info.plural}" in API group "${info.group}" ${where}`, { kind: info.plural }),
      );
      return;
    }

    if (route.name) {
      const key = route.namespace ? `${route.namespace}/${route.name}` : route.name;
      const o = this.objects.get(info.plural)!.get(key);
      if (!o) return this.send(res, 404, status(404, 'NotFound', `${info.plural} "${route.name}" not found`, { name: route.name, kind: info.plural }));
      return this.send(res, 200, o);
    }
    if (isWatch) return this.serveWatch(info, route.namespace, url.searchParams, res);
    void this.serveList(info, route.namespace, url.searchParams, res);
  }

  private current(info: KindInfo, namespace: string | undefined, fieldSelector: string | undefined): any[] {
    return [...this.objects.get(info.plural)!.values()]
      .filter((o) => !namespace || o.metadata.namespace === namespace)
      .filter((o) => matchesFieldSelector(o, fieldSelector))
      .sort(byNsName);
  }

  private async serveList(info: KindInfo, namespace: string | undefined, q: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const limit = Number(q.get('limit') ?? 0);
    const cont = q.get('continue');
    let tok: { id: string; offset: number } | undefined;
    if (cont) {
      try {
        tok = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8'));
      } catch {
        tok = { id: '', offset: 0 };
      }
    }
    await this.onListPage?.({ plural: info.plural, namespace, page: limit > 0 && tok ? Math.floor(tok.offset / limit) : 0 });
    if (res.destroyed) return;
    let items: any[];
    let rv: number;
    let offset = 0;
    let id: string;
    if (tok) {
      const snap = this.continues.get(tok.id);
      if (!snap) {
        this.send(
          res,
          410,
          status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          ),
        );
        return;
      }
      items = snap.items;
      rv = snap.rv;
      offset = tok.offset;
      id = tok.id;
    } else {
      items = this.current(info, namespace, q.get('fieldSelector') ?? undefined).map((o) => structuredClone(o));
      rv = this.rv;
      id = randomUUID();
      this.continues.set(id, { items, rv });
    }
    const page = limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset);
    const next = offset + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (next < items.length) {
      metadata.continue = Buffer.from(JSON.stringify({ id, offset: next })).toString('base64url');
      metadata.remainingItemCount = items.length - next;
    }
    this.send(res, 200, {
      kind: `${info.kind}List`,
      apiVersion: apiVersionOf(info),
      metadata,
      // Like the real server: list items carry neither apiVersion nor kind.
      items: page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
    });
  }

  private serveWatch(info: KindInfo, namespace: string | undefined, q: URLSearchParams, res: http.ServerResponse): void {
    const rvParam = q.get('resourceVersion');
    const fieldSelector = q.get('fieldSelector') ?? undefined;
    const tooOld = rvParam && rvParam !== '0' && Number(rvParam) < this.compactedBelow;
    const gone = status(410, 'Expired', `too old resource version: ${rvParam} (${this.rv})`);
    if (tooOld && this.goneAs === 'http') return this.send(res, 410, gone);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    if (this.stalled.has(info.plural)) return; // headers, then silence
    if (tooOld) {
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      return;
    }
    const w: Watcher = { info, namespace, fieldSelector, bookmarks: q.get('allowWatchBookmarks') === 'true', res };
    if (!rvParam || rvParam === '0') {
      for (const o of this.current(info, namespace, fieldSelector)) res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
    } else {
      const from = Number(rvParam);
      for (const h of this.history) {
        if (h.rv <= from || h.plural !== info.plural) continue;
        if (namespace && h.object.metadata.namespace !== namespace) continue;
        if (!matchesFieldSelector(h.object, fieldSelector)) continue;
        res.write(`${JSON.stringify({ type: h.type, object: h.object })}\n`);
      }
    }
    this.watchers.add(w);
    const ms = this.opts.watchTimeoutMs ?? Number(q.get('timeoutSeconds') ?? 1800) * 1000;
    w.timer = setTimeout(() => this.endWatch(w), ms);
    res.on('close', () => {
      if (w.timer) clearTimeout(w.timer);
      this.watchers.delete(w);
    });
  }

  private endWatch(w: Watcher): void {
    if (w.timer) clearTimeout(w.timer);
    this.watchers.delete(w);
    w.res.end();
  }

  private serveLog(target: { namespace: string; pod: string }, q: URLSearchParams, res: http.ServerResponse): void {
    const key = `${target.namespace}/${target.pod}`;
    const lines = this.logs.get(key);
    if (!lines) return this.send(res, 404, status(404, 'NotFound', `pods "${target.pod}" not found`, { name: target.pod, kind: 'pods' }));
    const tail = q.get('tailLines');
    const shown = tail !== null ? lines.slice(-Number(tail)) : lines;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    for (const l of shown) res.write(`${l}\n`);
    if (q.get('follow') === 'true') {
      const f: LogFollower = { key, res };
      this.followers.add(f);
      res.on('close', () => this.followers.delete(f));
    } else res.end();
  }
}

// ---------------------------------------------------------------------------
// TLS material (openssl), made once per test process.

export interface TlsFixtures {
  dir: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  /** A second CA that signed nothing the server uses (for "wrong CA" tests). */
  otherCaCert: string;
}

let tlsCache: TlsFixtures | undefined;

export function makeTlsFixtures(): TlsFixtures {
  if (tlsCache) return tlsCache;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-tls-'));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=fake-kubernetes-ca');
  ssl('req', '-x509', ...ec, '-keyout', f('other.key'), '-out', f('other.crt'), '-days', '2', '-subj', '/CN=some-other-ca');
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n');
  writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
  ssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=kube-apiserver');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '2', '-extfile', f('server.ext'));
  ssl('req', ...ec, '-keyout', f('client.key'), '-out', f('client.csr'), '-subj', '/O=system:masters/CN=alice');
  ssl('x509', '-req', '-in', f('client.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('client.crt'), '-days', '2', '-extfile', f('client.ext'));
  const r = (n: string) => readFileSync(f(n), 'utf8');
  tlsCache = { dir, caCert: r('ca.crt'), serverKey: r('server.key'), serverCert: r('server.crt'), clientKey: r('client.key'), clientCert: r('client.crt'), otherCaCert: r('other.crt') };
  return tlsCache;
}

// ---------------------------------------------------------------------------
// Kubeconfig for a test server.

export interface KubeconfigSpec {
  server: string;
  context?: string;
  namespace?: string;
  token?: string;
  caData?: string;
  clientCert?: string;
  clientKey?: string;
  insecure?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  /** An exec credential plugin: command and args. */
  exec?: { command: string; args?: string[] };
  extraContexts?: { name: string; server: string; namespace?: string; token?: string }[];
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Write a kubeconfig (YAML, as kubectl writes it) pointing at the server; returns its path. */
export function writeKubeconfig(dir: string, spec: KubeconfigSpec, name = 'config'): string {
  const ctx = spec.context ?? 'fake';
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  const clusterLines = (n: string, server: string) => {
    lines.push(`- name: ${n}`, '  cluster:', `    server: ${server}`);
    if (spec.caData) lines.push(`    certificate-authority-data: ${b64(spec.caData)}`);
    if (spec.insecure) lines.push('    insecure-skip-tls-verify: true');
    if (spec.tlsServerName && n === ctx) lines.push(`    tls-server-name: ${spec.tlsServerName}`);
    if (spec.proxyUrl && n === ctx) lines.push(`    proxy-url: ${spec.proxyUrl}`);
  };
  clusterLines(ctx, spec.server);
  for (const x of spec.extraContexts ?? []) clusterLines(x.name, x.server);
  lines.push('users:');
  const userLines = (n: string, token?: string) => {
    lines.push(`- name: ${n}`, '  user:');
    if (token) lines.push(`    token: ${token}`);
    if (n === ctx && spec.clientCert) lines.push(`    client-certificate-data: ${b64(spec.clientCert)}`, `    client-key-data: ${b64(spec.clientKey ?? '')}`);
    if (n === ctx && spec.exec) {
      lines.push('    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${JSON.stringify(spec.exec.command)}`, '      interactiveMode: Never');
      if (spec.exec.args?.length) lines.push('      args:', ...spec.exec.args.map((a) => `      - ${JSON.stringify(a)}`));
    }
    if (!token && !(n === ctx && (spec.clientCert || spec.exec))) lines.push('    {}'.trimEnd());
  };
  userLines(ctx, spec.token);
  for (const x of spec.extraContexts ?? []) userLines(x.name, x.token);
  lines.push('contexts:');
  const ctxLines = (n: string, namespace?: string) => {
    lines.push(`- name: ${n}`, '  context:', `    cluster: ${n}`, `    user: ${n}`);
    if (namespace) lines.push(`    namespace: ${namespace}`);
  };
  ctxLines(ctx, spec.namespace);
  for (const x of spec.extraContexts ?? []) ctxLines(x.name, x.namespace);
  lines.push(`current-context: ${ctx}`, 'preferences: {}');
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n').replace(/\n {4}\{\}/g, ' {}')}\n`);
  return file;
}

// ---------------------------------------------------------------------------
// Objects shaped like the ones kube-apiserver returns.

const T0 = '2025-03-01T09:00:00Z';

export function namespaceObj(name: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: randomUUID(), creationTimestamp: T0, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function nodeObj(name: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: randomUUID(),
      creationTimestamp: T0,
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: T0, lastTransitionTime: T0, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: T0, lastTransitionTime: T0, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.3' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: { kubeletVersion: 'v1.31.4', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Debian GNU/Linux 12 (bookworm)', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

/** A StatefulSet pod (web-0 …) with the labels and ownerReference the controller sets. */
export function podObj(namespace: string, name: string, opts: { ready?: boolean; stsUid?: string; node?: string } = {}): any {
  const ready = opts.ready ?? true;
  const sts = name.replace(/-\d+$/, '');
  const ordinal = name.slice(sts.length + 1);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: randomUUID(),
      creationTimestamp: T0,
      generateName: `${sts}-`,
      labels: {
        app: 'nginx',
        'apps.kubernetes.io/pod-index': ordinal,
        'controller-revision-hash': `${sts}-6b7c9d8f5`,
        'statefulset.kubernetes.io/pod-name': name,
      },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Pod"}\n' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts, uid: opts.stsUid ?? randomUUID(), controller: true, blockOwnerDeletion: true }],
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:generateName': {} } } }],
    },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'registry.k8s.io/nginx-slim:0.24',
          ports: [{ name: 'web', containerPort: 80, protocol: 'TCP' }],
          resources: {},
          volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      volumes: [{ name: 'www', persistentVolumeClaim: { claimName: `www-${name}` } }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 10,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: opts.node ?? 'node-1',
      hostname: name,
      subdomain: 'nginx',
      schedulerName: 'default-scheduler',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
        ready
          ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: T0 }
          : { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: T0, reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
      ],
      hostIP: '172.18.0.3',
      hostIPs: [{ ip: '172.18.0.3' }],
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      startTime: T0,
      containerStatuses: [
        {
          name: 'nginx',
          state: { running: { startedAt: T0 } },
          lastState: {},
          ready,
          restartCount: 0,
          image: 'registry.k8s.io/nginx-slim:0.24',
          imageID: 'registry.k8s.io/nginx-slim@sha256:3e3ec4e4a5b2b43d3d0a1cf3c4bb2bdbbd2f7c5f1a0e1c3e4b5d6f7a8b9c0d1e2',
          containerID: 'containerd://2b1c4f0e6a9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
          started: true,
        },
      ],
      qosClass: 'BestEffort',
    },
  };
}

export function eventObj(namespace: string, pod: string, reason: string, message: string, type = 'Warning'): any {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod}.${Math.floor(Math.random() * 2 ** 48).toString(16)}`, namespace, uid: randomUUID(), creationTimestamp: T0 },
    involvedObject: { kind: 'Pod', namespace, name: pod, uid: randomUUID(), apiVersion: 'v1', resourceVersion: '1234', fieldPath: 'spec.containers{nginx}' },
    reason,
    message,
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: T0,
    lastTimestamp: T0,
    count: 3,
    type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
}

export const FAKE_TLS_KEY = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ1NFQ1JFVC1LRVktRE8tTk9ULUxFQUsKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=';

export function tlsSecretObj(namespace: string, name: string, crtPem: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      uid: randomUUID(),
      creationTimestamp: T0,
      annotations: { 'cert-manager.io/issuer-name': 'letsencrypt', 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"SECRET"}}' },
    },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(crtPem).toString('base64'), 'tls.key': FAKE_TLS_KEY, 'ca.crt': Buffer.from(crtPem).toString('base64') },
  };
}

export function opaqueSecretObj(namespace: string, name: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, uid: randomUUID(), creationTimestamp: T0 },
    type: 'Opaque',
    data: { password: Buffer.from('hunter2-do-not-leak').toString('base64') },
  };
}

export function statefulSetObj(namespace: string, name: string, replicas = 2): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, uid: randomUUID(), creationTimestamp: T0, generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'nginx' } },
      serviceName: 'nginx',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', ports: [{ name: 'web', containerPort: 80 }] }] },
      },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
          status: { phase: 'Pending' },
        },
      ],
    },
    status: {
      observedGeneration: 1,
      replicas,
      readyReplicas: replicas,
      currentReplicas: replicas,
      updatedReplicas: replicas,
      currentRevision: `${name}-6b7c9d8f5`,
      updateRevision: `${name}-6b7c9d8f5`,
      collisionCount: 0,
      availableReplicas: replicas,
    },
  };
}

export function headlessServiceObj(namespace: string, name: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: randomUUID(), creationTimestamp: T0, labels: { app: 'nginx' } },
    spec: {
      clusterIP: 'None',
      clusterIPs: ['None'],
      ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'nginx' },
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function endpointSliceObj(namespace: string, service: string, pods: string[]): any {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-x7k2p`,
      namespace,
      uid: randomUUID(),
      creationTimestamp: T0,
      generateName: `${service}-`,
      generation: 1,
      labels: {
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': service,
        'service.kubernetes.io/headless': '',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: service, uid: randomUUID(), controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: pods.map((p, i) => ({
      addresses: [`10.244.1.${10 + i}`],
      conditions: { ready: true, serving: true, terminating: false },
      hostname: p,
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', namespace, name: p, uid: randomUUID() },
    })),
    ports: [{ name: 'web', port: 80, protocol: 'TCP' }],
  };
}
