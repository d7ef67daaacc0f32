// THE ONLY module that talks to the Kubernetes API server. It can read and
// nothing else: get, list (one page), watch, version and pod logs. Every
// request it sends is a GET; test/unit/readonly.test.ts holds it to that.
//
// Requests go through node:http/https directly with ONE keep-alive Agent per
// client (client-node 1.4 creates an https.Agent per request, its issue
// #1933). Certificates, tokens, token files and basic auth are read here;
// client-node (~350 ms to import) is loaded only for what needs it: exec
// credential plugins, auth-provider (OIDC, ...) and proxy-url. Credentials are
// asked for on every request (cached briefly) because exec-plugin and OIDC
// tokens expire and token files rotate.
import http from 'node:http';
import https from 'node:https';
import { promises as fs } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { type KindName, kindInfo, listPath } from './kinds.js';
import type { LoadedKubeconfig } from './kubeconfig.js';
import { sanitizeLine } from '../model/sanitize.js';

/** A failed request: HTTP status (0 when no response arrived) and the Status object's reason/message. */
export class ApiError extends Error {
  /** HTTP status; 0 when the request never got a response (network, TLS, timeout). */
  readonly status: number;
  /** Status.reason (Forbidden, NotFound, Expired, Gone, Unauthorized, …), or Timeout / Stalled / a network error code. */
  readonly reason: string;
  /** The Node error code for network and TLS failures (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, …). */
  readonly code?: string;
  /** The request path. */
  readonly path: string;
  constructor(status: number, reason: string, message: string, path: string, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.path = path;
    this.code = code;
  }
}

export interface ListOptions {
  namespace?: string;
  limit?: number;
  continue?: string;
  /** Added to the kind's own field selector (Secrets: type=kubernetes.io/tls). */
  fieldSelector?: string;
  labelSelector?: string;
  resourceVersion?: string;
  timeoutMs?: number;
}

export interface ListPage<T = any> {
  apiVersion?: string;
  kind?: string;
  items: T[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T = any> {
  type: WatchEventType;
  object: T;
}

export interface WatchOptions {
  namespace?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  fieldSelector?: string;
  labelSelector?: string;
  /** Fail with reason "Stalled" when nothing (no event, no bookmark) arrives for this long. */
  idleTimeoutMs?: number;
  /** Called once the server accepted the watch (HTTP 200). */
  onOpen?: () => void;
}

/** How a watch ended without an error. */
export type WatchEnd = 'closed' | 'aborted';

export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  follow?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

export interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
  platform?: string;
  [k: string]: unknown;
}

export interface ApiClientOptions {
  /** Idle timeout for non-streaming requests (ms): no byte for this long fails the request. Default 30 s. */
  requestTimeoutMs?: number;
  userAgent?: string;
}

/** The read-only API client. These are its only operations. */
export interface ApiClient {
  readonly server: string;
  get<T = unknown>(path: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<T>;
  list<T = any>(kind: KindName, opts?: ListOptions, signal?: AbortSignal): Promise<ListPage<T>>;
  watch<T = any>(kind: KindName, opts: WatchOptions, onEvent: (ev: WatchEvent<T>) => void, signal?: AbortSignal): Promise<WatchEnd>;
  version(opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<VersionInfo>;
  podLog(namespace: string, pod: string, opts: PodLogOptions, onLine: (line: string) => void, signal?: AbortSignal): Promise<void>;
  /** Close every connection (the process can exit afterwards). */
  close(): void;
}

interface AuthOptions {
  headers?: Record<string, string | string[] | number | undefined>;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
  auth?: string;
}

const ERROR_BODY_LIMIT = 64 * 1024;

function combineSelectors(a: string | undefined, b: string | undefined): string | undefined {
  if (a && b) return `${a},${b}`;
  return a || b || undefined;
}

function sameMaterial(a: string | Buffer | undefined, b: string | Buffer | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return Buffer.from(a).equals(Buffer.from(b));
}

function headerValue(v: string | string[] | number): string | string[] {
  // Token files often end with a newline; Node rejects such header values.
  if (Array.isArray(v)) return v.map((x) => String(x).trim());
  return String(v).trim();
}

function statusText(status: number): string {
  return http.STATUS_CODES[status] ?? 'HTTP error';
}

/** Turn a non-2xx body into an ApiError (Status object when there is one, else the text). */
function errorFromBody(status: number, body: string, path: string): ApiError {
  let reason = statusText(status).replace(/\s+/g, '');
  let message = '';
  try {
    const s = JSON.parse(body);
    if (s && typeof s === 'object') {
      if (typeof s.reason === 'string' && s.reason) reason = s.reason;
      if (typeof s.message === 'string') message = s.message;
    }
  } catch {
    message = body.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  }
  if (!message) message = `${status} ${statusText(status)}`;
  return new ApiError(status, reason, sanitizeLine(message).slice(0, 500), path);
}

function networkError(err: NodeJS.ErrnoException, server: string, path: string): ApiError {
  if (err instanceof ApiError) return err;
  const code = err.code ?? 'ERROR';
  return new ApiError(0, code, `${server}: ${err.message}`, path, code);
}

/** Does this context need client-node (exec plugin, auth-provider, proxy-url)? */
export function needsClientNode(loaded: LoadedKubeconfig): boolean {
  return !!(loaded.userInfo?.exec || loaded.userInfo?.authProvider || loaded.proxyUrl);
}

/** client-node's KubeConfig with two members that are private in its typings but present at runtime (checked before use). */
interface ClientNodeConfig {
  applyOptions?: (o: AuthOptions) => Promise<void>;
  createAgent?: (c: unknown, o: object) => http.Agent;
  applyToHTTPSOptions: KubeConfig['applyToHTTPSOptions'];
  getCurrentCluster: KubeConfig['getCurrentCluster'];
}
let clientNode: Promise<typeof import('@kubernetes/client-node')> | undefined;

/** client-node's KubeConfig for the one context (exec plugins, OIDC, proxies). */
async function clientNodeConfig(loaded: LoadedKubeconfig): Promise<ClientNodeConfig> {
  clientNode ??= import('@kubernetes/client-node');
  const cn = await clientNode;
  const kc = new cn.KubeConfig();
  const u = loaded.userInfo;
  kc.loadFromOptions({
    clusters: [loaded.clusterInfo],
    users: u ? [{ ...u, token: u.token, exec: u.exec, authProvider: u.authProvider }] : [],
    contexts: [{ name: loaded.context, cluster: loaded.cluster, user: loaded.user ?? '', namespace: loaded.namespace }],
    currentContext: loaded.context,
  });
  return kc as unknown as ClientNodeConfig;
}

/** How long a token file or certificate file read is reused (kubectl re-reads token files about as often). */
const FILE_TTL_MS = 60_000;

/** Build the one client for one kubeconfig context. */
export function createApiClient(loaded: LoadedKubeconfig, options: ApiClientOptions = {}): ApiClient {
  const useClientNode = needsClientNode(loaded);
  let kcPromise: Promise<ClientNodeConfig> | undefined;
  const kc = () => (kcPromise ??= clientNodeConfig(loaded));
  const server = loaded.server;
  const base = new URL(server);
  const isHttps = base.protocol === 'https:';
  const basePath = base.pathname.replace(/\/$/, '');
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const userAgent = options.userAgent ?? 'k8stui (read-only)';

  let agent: http.Agent | undefined;
  let agentMaterial: AuthOptions | undefined;
  const retired: http.Agent[] = [];
  let closed = false;

  // Requests that start together share one credential lookup: when an exec
  // plugin's token expires, eighteen watches restarting at once must not
  // spawn the plugin eighteen times.
  let inflight: Promise<AuthOptions> | undefined;
  function authOptions(): Promise<AuthOptions> {
    inflight ??= lookupAuth().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  async function lookupAuth(): Promise<AuthOptions> {
    const o: AuthOptions = {};
    if (useClientNode) {
      const k = await kc();
      // applyOptions fills ca/cert/key/headers without building an Agent (and
      // without refusing http:// servers); older/newer client-node: public API.
      if (typeof k.applyOptions === 'function') await k.applyOptions.call(k, o);
      else await k.applyToHTTPSOptions(o as https.RequestOptions);
      return o;
    }
    const c = loaded.clusterInfo;
    const u = loaded.userInfo;
    if (c.caData) o.ca = Buffer.from(c.caData, 'base64');
    else if (c.caFile) o.ca = await cachedFile(c.caFile);
    if (c.skipTLSVerify) o.rejectUnauthorized = false;
    if (c.tlsServerName) o.servername = c.tlsServerName;
    if (u) {
      if (u.certData) o.cert = Buffer.from(u.certData, 'base64');
      else if (u.certFile) o.cert = await cachedFile(u.certFile);
      if (u.keyData) o.key = Buffer.from(u.keyData, 'base64');
      else if (u.keyFile) o.key = await cachedFile(u.keyFile);
      let token = u.token;
      if (!token && u.tokenFile) token = (await cachedFile(u.tokenFile)).toString('utf8').trim();
      const headers: Record<string, string> = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      else if (u.username !== undefined || u.password !== undefined) o.auth = `${u.username ?? ''}:${u.password ?? ''}`;
      if (u.impersonateUser) headers['Impersonate-User'] = u.impersonateUser;
      o.headers = headers;
    }
    return o;
  }

  const files = new Map<string, { at: number; data: Buffer }>();
  async function cachedFile(file: string): Promise<Buffer> {
    const hit = files.get(file);
    if (hit && Date.now() - hit.at < FILE_TTL_MS) return hit.data;
    const data = await fs.readFile(file);
    files.set(file, { at: Date.now(), data });
    return data;
  }

  async function agentFor(o: AuthOptions): Promise<http.Agent> {
    if (
      agent &&
      agentMaterial &&
      sameMaterial(agentMaterial.ca, o.ca) &&
      sameMaterial(agentMaterial.cert, o.cert) &&
      sameMaterial(agentMaterial.key, o.key)
    ) {
      return agent;
    }
    // First request, or an exec plugin handed out a new client certificate.
    if (agent) retired.push(agent);
    const tls: https.AgentOptions = {
      keepAlive: true,
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      servername: o.servername,
    };
    if (o.rejectUnauthorized !== undefined) tls.rejectUnauthorized = o.rejectUnauthorized;
    let a: http.Agent;
    const k = loaded.proxyUrl ? await kc() : undefined;
    if (k && typeof k.createAgent === 'function') {
      a = k.createAgent.call(k, k.getCurrentCluster(), tls);
    } else {
      a = isHttps ? new https.Agent(tls) : new http.Agent({ keepAlive: true });
    }
    agent = a;
    agentMaterial = { ca: o.ca, cert: o.cert, key: o.key };
    return a;
  }

  /** Send the request and hand back the response once its status line arrived. */
  async function send(
    path: string,
    query: URLSearchParams | undefined,
    opts: { signal?: AbortSignal; idleMs?: number; accept?: string },
  ): Promise<{ res: http.IncomingMessage; req: http.ClientRequest; done: () => void; touch: () => void; idle: (ms: number | undefined) => void }> {
    if (closed) throw new ApiError(0, 'Closed', `${server}: client closed`, path, 'Closed');
    let auth: AuthOptions;
    try {
      auth = await authOptions();
    } catch (e) {
      const who = loaded.user ? `user "${loaded.user}" of context "${loaded.context}"` : `context "${loaded.context}"`;
      throw new ApiError(0, 'AuthError', `could not load the credentials or certificates for ${who}: ${firstLine((e as Error).message)}`, path, 'AuthError');
    }
    const headers: Record<string, string | string[]> = { Accept: opts.accept ?? 'application/json', 'User-Agent': userAgent };
    for (const [k, v] of Object.entries(auth.headers ?? {})) if (v !== undefined) headers[k] = headerValue(v);
    if (auth.auth && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(auth.auth).toString('base64')}`;
    const qs = query && [...query.keys()].length > 0 ? `?${query.toString()}` : '';
    const reqOpts: https.RequestOptions = {
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port || (isHttps ? 443 : 80),
      path: `${basePath}${path}${qs}`,
      method: 'GET',
      headers,
      agent: await agentFor(auth),
      servername: auth.servername,
    };
    const signal = opts.signal;
    if (signal?.aborted) throw new ApiError(0, 'Aborted', `${server}: aborted`, path, 'ABORT_ERR');

    return new Promise((resolve, reject) => {
      const mod = isHttps ? https : http;
      const req = mod.request(reqOpts);
      let timer: NodeJS.Timeout | undefined;
      let idleMs = opts.idleMs;
      let streaming = false;
      let settled = false;
      const fail = (e: ApiError) => {
        req.destroy(e);
      };
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (idleMs && idleMs > 0) {
          timer = setTimeout(() => {
            fail(
              streaming
                ? new ApiError(0, 'Stalled', `${server}: stream stalled (nothing received for ${fmtMs(idleMs!)})`, path, 'ETIMEDOUT')
                : new ApiError(0, 'Timeout', `${server}: no response for ${fmtMs(idleMs!)}`, path, 'ETIMEDOUT'),
            );
          }, idleMs);
        }
      };
      let response: http.IncomingMessage | undefined;
      const onAbort = () => {
        // A response that already arrived whole ends on its own; destroying
        // now could hit its socket after it went back to the keep-alive pool.
        if (response?.complete) return;
        req.destroy(new ApiError(0, 'Aborted', `${server}: aborted`, path, 'ABORT_ERR'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        signal?.removeEventListener('abort', onAbort);
      };
      arm();
      req.on('error', (e) => {
        done();
        if (!settled) {
          settled = true;
          reject(networkError(e, server, path));
        }
      });
      req.on('response', (res) => {
        settled = true;
        response = res;
        // No 'data' listener here: the caller attaches its own (and calls
        // touch) so nothing flows before it listens.
        resolve({
          res,
          req,
          done,
          touch: arm,
          idle: (ms) => {
            idleMs = ms;
            streaming = true;
            arm();
          },
        });
      });
      req.end();
    });
  }

  /** Read a whole body, failing on a non-2xx status. */
  async function readBody(path: string, res: http.IncomingMessage, req: http.ClientRequest, done: () => void, touch: () => void): Promise<string> {
    const status = res.statusCode ?? 0;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        touch();
        if (status >= 300 && size > ERROR_BODY_LIMIT) return;
        chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        done();
        const body = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) resolve(body);
        else reject(errorFromBody(status, body, path));
      });
      const onErr = (e: Error) => {
        done();
        reject(networkError(e as NodeJS.ErrnoException, server, path));
      };
      res.on('error', onErr);
      req.on('error', onErr);
      res.on('aborted', () => onErr(Object.assign(new Error('connection closed mid-response'), { code: 'ECONNRESET' })));
    });
  }

  async function getJson<T>(path: string, query: URLSearchParams | undefined, signal?: AbortSignal, timeoutMs?: number): Promise<T> {
    const { res, req, done, touch } = await send(path, query, { signal, idleMs: timeoutMs ?? requestTimeoutMs });
    const body = await readBody(path, res, req, done, touch);
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new ApiError(res.statusCode ?? 0, 'BadResponse', `${server}${path}: response is not JSON`, path);
    }
  }

  /** Stream a 200 response line by line; reject with the Status of a non-2xx one. */
  async function streamLines(
    path: string,
    query: URLSearchParams,
    onLine: (line: string) => void,
    opts: { signal?: AbortSignal; idleMs?: number; onOpen?: () => void; accept?: string },
  ): Promise<WatchEnd> {
    let sent;
    try {
      // Until the status line arrives, the usual request timeout applies.
      sent = await send(path, query, { signal: opts.signal, idleMs: requestTimeoutMs, accept: opts.accept });
    } catch (e) {
      if (opts.signal?.aborted) return 'aborted';
      throw e;
    }
    const { res, req, done, idle, touch } = sent;
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      await readBody(path, res, req, done, touch);
      throw new ApiError(status, 'Unknown', `${status}`, path); // unreachable: readBody rejects
    }
    // Headers arrived; from now on only silence counts (the stream may legitimately be quiet).
    idle(opts.idleMs);
    opts.onOpen?.();
    res.setEncoding('utf8');
    return new Promise<WatchEnd>((resolve, reject) => {
      let buf = '';
      let finished = false;
      const finish = (err?: Error, end: WatchEnd = 'closed') => {
        if (finished) return;
        finished = true;
        done();
        if (err) {
          if (opts.signal?.aborted) resolve('aborted');
          else reject(err);
        } else resolve(end);
      };
      res.on('data', (chunk: string) => {
        if (finished) return;
        touch();
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          try {
            onLine(line);
          } catch (e) {
            req.destroy();
            finish(e as Error);
            return;
          }
          if (finished) return;
        }
      });
      res.on('end', () => {
        if (buf !== '') {
          try {
            onLine(buf);
          } catch (e) {
            finish(e as Error);
            return;
          }
        }
        finish(undefined, opts.signal?.aborted ? 'aborted' : 'closed');
      });
      const onErr = (e: Error) => finish(networkError(e as NodeJS.ErrnoException, server, path));
      res.on('error', onErr);
      req.on('error', onErr);
      res.on('aborted', () => onErr(Object.assign(new Error('connection closed by the server'), { code: 'ECONNRESET' })));
      res.on('close', () => {
        if (!finished) finish(opts.signal?.aborted ? undefined : new ApiError(0, 'ECONNRESET', `${server}: connection closed`, path, 'ECONNRESET'), 'aborted');
      });
    });
  }

  const client: ApiClient = {
    server,

    get<T = unknown>(path: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
      if (!path.startsWith('/')) return Promise.reject(new ApiError(0, 'BadRequest', `path must start with "/": ${path}`, path));
      const [p, q] = path.split('?', 2) as [string, string | undefined];
      return getJson<T>(p, q ? new URLSearchParams(q) : undefined, opts.signal, opts.timeoutMs);
    },

    list<T = any>(kind: KindName, opts: ListOptions = {}, signal?: AbortSignal): Promise<ListPage<T>> {
      const info = kindInfo(kind);
      const path = listPath(info, opts.namespace);
      const q = new URLSearchParams();
      if (opts.limit) q.set('limit', String(opts.limit));
      if (opts.continue) q.set('continue', opts.continue);
      const fs = combineSelectors(info.fieldSelector, opts.fieldSelector);
      if (fs) q.set('fieldSelector', fs);
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      if (opts.resourceVersion !== undefined) q.set('resourceVersion', opts.resourceVersion);
      return getJson<any>(path, q, signal, opts.timeoutMs).then((body) => {
        if (!body || typeof body !== 'object' || !Array.isArray(body.items)) {
          throw new ApiError(200, 'BadResponse', `${server}${path}: not a list`, path);
        }
        const meta = body.metadata ?? {};
        return {
          apiVersion: body.apiVersion,
          kind: body.kind,
          items: body.items as T[],
          resourceVersion: String(meta.resourceVersion ?? ''),
          continue: meta.continue || undefined,
          remainingItemCount: typeof meta.remainingItemCount === 'number' ? meta.remainingItemCount : undefined,
        };
      });
    },

    watch<T = any>(kind: KindName, opts: WatchOptions, onEvent: (ev: WatchEvent<T>) => void, signal?: AbortSignal): Promise<WatchEnd> {
      const info = kindInfo(kind);
      const path = listPath(info, opts.namespace);
      const q = new URLSearchParams();
      q.set('watch', 'true');
      if (opts.resourceVersion) q.set('resourceVersion', opts.resourceVersion);
      if (opts.allowWatchBookmarks ?? true) q.set('allowWatchBookmarks', 'true');
      if (opts.timeoutSeconds) q.set('timeoutSeconds', String(Math.max(1, Math.round(opts.timeoutSeconds))));
      const fs = combineSelectors(info.fieldSelector, opts.fieldSelector);
      if (fs) q.set('fieldSelector', fs);
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      return streamLines(
        path,
        q,
        (line) => {
          if (line.trim() === '') return;
          let ev: WatchEvent<T>;
          try {
            ev = JSON.parse(line);
          } catch {
            throw new ApiError(200, 'BadResponse', `${server}${path}: watch sent a line that is not JSON`, path);
          }
          if (!ev || typeof ev !== 'object' || typeof ev.type !== 'string') {
            throw new ApiError(200, 'BadResponse', `${server}${path}: watch sent something that is not an event`, path);
          }
          onEvent(ev);
        },
        { signal, idleMs: opts.idleTimeoutMs ?? 0, onOpen: opts.onOpen },
      );
    },

    version(opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<VersionInfo> {
      return getJson<VersionInfo>('/version', undefined, opts.signal, opts.timeoutMs);
    },

    async podLog(namespace: string, pod: string, opts: PodLogOptions, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
      const q = new URLSearchParams();
      if (opts.container) q.set('container', opts.container);
      if (opts.previous) q.set('previous', 'true');
      if (opts.follow) q.set('follow', 'true');
      if (opts.timestamps) q.set('timestamps', 'true');
      if (opts.tailLines !== undefined) q.set('tailLines', String(opts.tailLines));
      // Log lines are cluster text: make them safe for a terminal here, they never pass through ingest.
      await streamLines(path, q, (line) => onLine(sanitizeLine(line.replace(/\r$/, ''))), {
        signal,
        idleMs: opts.follow ? 0 : requestTimeoutMs,
        accept: '*/*',
      });
    },

    close(): void {
      closed = true;
      agent?.destroy();
      for (const a of retired) a.destroy();
      retired.length = 0;
      agent = undefined;
    },
  };
  return Object.freeze(client);
}

function firstLine(s: string): string {
  return (s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? s).slice(0, 300);
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`;
}
