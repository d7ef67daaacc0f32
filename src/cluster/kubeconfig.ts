// Finding and reading the kubeconfig, the way kubectl does:
//   --kubeconfig PATH, else $KUBECONFIG (several paths, merged: the first file
//   that defines a name wins, current-context comes from the first file that
//   sets it), else ~/.kube/config, else the in-cluster service account.
// Parsed with the `yaml` package into plain data (clusters, users, contexts
// with client-node's field names, relative paths made absolute against the
// file that defined them), so it can be handed to the worker thread as is.
// client-node is not loaded here at all: api.ts loads it only for the auth
// methods that need it (exec plugins, auth-provider/OIDC) and proxy-url.
// We never fall back to http://localhost:8080 as client-node's
// loadFromDefault() does.
import { promises as fs, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from './errors.js';

/** A problem with the cluster source (kubeconfig, reachability, credentials): one line, exit 2. */
export class SourceError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

export interface KubeconfigOptions {
  /** --kubeconfig PATH */
  kubeconfig?: string;
  /** --context NAME */
  context?: string;
  /** Environment to read KUBECONFIG / KUBERNETES_SERVICE_HOST from (tests). */
  env?: NodeJS.ProcessEnv;
  /** Home directory (tests); defaults to $HOME / os.homedir(). */
  home?: string;
  /** Prefix before /var/run/secrets/kubernetes.io/serviceaccount (tests). */
  inClusterRoot?: string;
}

/** One kubeconfig context, as the :ctx view lists it. */
export interface KubeContextInfo {
  name: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  current: boolean;
}

/** A cluster entry (client-node's field names). */
export interface ClusterEntry {
  name: string;
  server: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

/** A user entry (client-node's field names, plus kubectl's tokenFile). */
export interface UserEntry {
  name: string;
  certData?: string;
  certFile?: string;
  keyData?: string;
  keyFile?: string;
  token?: string;
  /** kubectl's `tokenFile`: re-read as the token rotates. */
  tokenFile?: string;
  username?: string;
  password?: string;
  /** Exec credential plugin, as written in the kubeconfig. */
  exec?: Record<string, unknown>;
  /** auth-provider (oidc, ...), as written in the kubeconfig. */
  authProvider?: { name?: string; config?: Record<string, unknown> };
  impersonateUser?: string;
}

export interface ContextEntry {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
}

/** The merged kubeconfig as plain data: structured-cloneable (the worker gets it as is). */
export interface KubeconfigData {
  /** Where it came from: file paths, or 'in-cluster service account'. */
  origin: string;
  clusters: ClusterEntry[];
  users: UserEntry[];
  contexts: ContextEntry[];
  currentContext?: string;
}

export interface LoadedKubeconfig {
  /** Everything that was read, for another thread (resolveContext(data, context) gives this back). */
  readonly data: KubeconfigData;
  /** Where it came from: file paths, or 'in-cluster service account'. */
  readonly origin: string;
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
  readonly user?: string;
  /** The context's namespace, if it sets one. */
  readonly namespace?: string;
  readonly proxyUrl?: string;
  /** The context's cluster and user entries. Only api.ts reads the credentials. */
  readonly clusterInfo: ClusterEntry;
  readonly userInfo?: UserEntry;
  contexts(): KubeContextInfo[];
  /** The same kubeconfig switched to another context (validated). */
  withContext(name: string): Promise<LoadedKubeconfig>;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? s;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

interface Parsed {
  file: string;
  clusters: ClusterEntry[];
  users: UserEntry[];
  contexts: ContextEntry[];
  currentContext?: string;
}

/** A path in the kubeconfig is relative to the file that holds it. */
function abs(dir: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(dir, p);
}

/** Validate and convert one file's entries (client-node's rules and messages). */
function entries(doc: Raw, dir: string): Omit<Parsed, 'file'> {
  const list = (k: string): unknown[] => (Array.isArray(doc[k]) ? (doc[k] as unknown[]) : []);
  const clusters = list('clusters').map((e, i) => {
    if (!isObj(e) || !str(e.name)) throw new Error(`clusters[${i}].name is missing`);
    const c = e.cluster;
    if (!isObj(c)) throw new Error(`clusters[${i}].cluster is missing`);
    if (!str(c.server)) throw new Error(`clusters[${i}].cluster.server is missing`);
    return {
      name: String(e.name),
      server: String(c.server).replace(/\/$/, ''),
      caData: str(c['certificate-authority-data']),
      caFile: abs(dir, str(c['certificate-authority'])),
      skipTLSVerify: c['insecure-skip-tls-verify'] === true || undefined,
      tlsServerName: str(c['tls-server-name']),
      proxyUrl: str(c['proxy-url']),
    } satisfies ClusterEntry;
  });
  const users = list('users').map((e, i) => {
    if (!isObj(e) || !str(e.name)) throw new Error(`users[${i}].name is missing`);
    const u: Raw = isObj(e.user) ? e.user : {};
    const exec = isObj(u.exec) ? { ...u.exec } : undefined;
    // A relative exec command with a path separator is relative to the kubeconfig (kubectl).
    if (exec && typeof exec.command === 'string' && exec.command.includes('/') && !path.isAbsolute(exec.command)) exec.command = path.resolve(dir, exec.command);
    return {
      name: String(e.name),
      certData: str(u['client-certificate-data']),
      certFile: abs(dir, str(u['client-certificate'])),
      keyData: str(u['client-key-data']),
      keyFile: abs(dir, str(u['client-key'])),
      token: str(u.token),
      tokenFile: abs(dir, str(u.tokenFile) ?? str(u['token-file'])),
      username: str(u.username),
      password: str(u.password),
      exec,
      authProvider: isObj(u['auth-provider']) ? (u['auth-provider'] as UserEntry['authProvider']) : undefined,
      impersonateUser: str(u.as),
    } satisfies UserEntry;
  });
  const contexts = list('contexts').map((e, i) => {
    if (!isObj(e) || !str(e.name)) throw new Error(`contexts[${i}].name is missing`);
    const c = e.context;
    if (!isObj(c)) throw new Error(`contexts[${i}].context is missing`);
    if (!str(c.cluster)) throw new Error(`contexts[${i}].context.cluster is missing`);
    return { name: String(e.name), cluster: String(c.cluster), user: str(c.user), namespace: str(c.namespace) } satisfies ContextEntry;
  });
  return { clusters: clusters.map(strip), users: users.map(strip), contexts: contexts.map(strip), currentContext: str(doc['current-context']) };
}

/** Drop undefined fields (plain data for postMessage and equality). */
function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

async function parseFile(file: string): Promise<Parsed> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new SourceError(`kubeconfig ${file}: no such file`);
    if (err.code === 'EISDIR') throw new SourceError(`kubeconfig ${file}: is a directory, not a file`);
    if (err.code === 'EACCES') throw new SourceError(`kubeconfig ${file}: permission denied`);
    throw new SourceError(`kubeconfig ${file}: ${firstLine(err.message)}`);
  }
  if (text.trim() === '') return { file, clusters: [], users: [], contexts: [] };
  // yaml is CommonJS: Node gives its named exports, a bundle only `default`.
  const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  const parseDocument = yaml.parseDocument ?? yaml.default!.parseDocument;
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new SourceError(`kubeconfig ${file}: invalid YAML: ${firstLine(doc.errors[0]!.message)}`);
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (value === null || value === undefined) return { file, clusters: [], users: [], contexts: [] };
  if (!isObj(value)) throw new SourceError(`kubeconfig ${file}: not a kubeconfig (expected a mapping with clusters, users and contexts)`);
  try {
    return { file, ...entries(value, path.dirname(file)) };
  } catch (e) {
    throw new SourceError(`kubeconfig ${file}: ${firstLine((e as Error).message)}`);
  }
}

/** Merge like kubectl: the first file that defines a name wins; current-context from the first file that sets one. */
function merge(parsed: Parsed[], origin: string): KubeconfigData {
  const clusters = new Map<string, ClusterEntry>();
  const users = new Map<string, UserEntry>();
  const contexts = new Map<string, ContextEntry>();
  let current: string | undefined;
  for (const p of parsed) {
    for (const c of p.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of p.users) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of p.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!current && p.currentContext) current = p.currentContext;
  }
  return strip({ origin, clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current });
}

function list(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 12).join(', ');
  return names.length > 12 ? `${shown}, … ${names.length - 12} more` : shown;
}

/**
 * The kubeconfig bound to one context (the current one when `wanted` is
 * undefined), validated: SourceError naming the cause otherwise. Pure: the
 * worker thread calls it on the data the UI thread read.
 */
export function resolveContext(data: KubeconfigData, wanted?: string, viaFlag = wanted !== undefined): LoadedKubeconfig {
  const origin = data.origin;
  const names = data.contexts.map((c) => c.name);
  if (names.length === 0) throw new SourceError(`kubeconfig ${origin} defines no contexts; try --demo`);
  const name = wanted ?? data.currentContext;
  if (!name) throw new SourceError(`kubeconfig ${origin} sets no current-context; pass --context (available: ${list(names)})`);
  const ctx = data.contexts.find((c) => c.name === name);
  if (!ctx) {
    const what = viaFlag ? `context "${name}"` : `current-context "${name}"`;
    throw new SourceError(`${what} not found in kubeconfig ${origin} (available: ${list(names)})`);
  }
  const cluster = data.clusters.find((c) => c.name === ctx.cluster);
  if (!cluster) {
    throw new SourceError(`context "${name}" refers to cluster "${ctx.cluster}", which kubeconfig ${origin} does not define`);
  }
  const user = ctx.user ? data.users.find((u) => u.name === ctx.user) : undefined;
  if (ctx.user && !user) {
    throw new SourceError(`context "${name}" refers to user "${ctx.user}", which kubeconfig ${origin} does not define`);
  }
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new SourceError(`cluster "${cluster.name}" in kubeconfig ${origin} has an invalid server URL "${cluster.server}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SourceError(`cluster "${cluster.name}" in kubeconfig ${origin}: unsupported server URL scheme "${url.protocol}"`);
  }
  return {
    data,
    origin,
    context: name,
    cluster: cluster.name,
    server: cluster.server,
    user: ctx.user,
    namespace: ctx.namespace,
    proxyUrl: cluster.proxyUrl,
    clusterInfo: cluster,
    userInfo: user,
    contexts: () => data.contexts.map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace, current: c.name === name })),
    withContext: async (other: string) => resolveContext(data, other, true),
  };
}

/**
 * Load the kubeconfig and resolve the context to use. Throws SourceError
 * (one line, exit 2) naming the cause: missing file, malformed YAML, unknown
 * context (listing the available ones), a context whose cluster or user is
 * missing, or nothing found at all.
 */
export async function loadKubeconfig(opts: KubeconfigOptions = {}): Promise<LoadedKubeconfig> {
  const env = opts.env ?? process.env;
  const looked: string[] = [];

  if (opts.kubeconfig !== undefined) {
    const file = path.resolve(opts.kubeconfig);
    return resolveContext(merge([await parseFile(file)], file), opts.context);
  }

  const envPaths = env.KUBECONFIG;
  if (envPaths && envPaths.trim() !== '') {
    // kubectl skips files in $KUBECONFIG that do not exist.
    const files = envPaths.split(path.delimiter).filter((f) => f !== '').map((f) => path.resolve(f));
    const present = files.filter((f) => existsSync(f));
    if (present.length > 0) {
      const parsed: Parsed[] = [];
      for (const f of present) parsed.push(await parseFile(f));
      return resolveContext(merge(parsed, present.length === 1 ? present[0]! : `$KUBECONFIG (${present.join(path.delimiter)})`), opts.context);
    }
    looked.push(`$KUBECONFIG=${envPaths}`);
  } else {
    const home = opts.home ?? env.HOME ?? os.homedir();
    const file = path.join(home, '.kube', 'config');
    if (existsSync(file)) return resolveContext(merge([await parseFile(file)], file), opts.context);
    looked.push(file);
  }

  const root = opts.inClusterRoot ?? '';
  const tokenFile = `${root}${SA_DIR}/token`;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (host && port && existsSync(tokenFile)) {
    // As client-go's InClusterConfig: the token file is re-read as it rotates.
    let namespace: string | undefined;
    try {
      namespace = (await fs.readFile(`${root}${SA_DIR}/namespace`, 'utf8')).trim() || undefined;
    } catch {
      namespace = undefined;
    }
    const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const data: KubeconfigData = strip({
      origin: 'in-cluster service account',
      clusters: [{ name: 'inCluster', server, caFile: `${root}${SA_DIR}/ca.crt` }],
      users: [{ name: 'inClusterUser', tokenFile }],
      contexts: [strip({ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', namespace })],
      currentContext: 'inClusterContext',
    });
    if (opts.context !== undefined && opts.context !== data.currentContext) {
      throw new SourceError(`context "${opts.context}" not found: running in-cluster with the service account (available: ${data.currentContext})`);
    }
    return resolveContext(data, undefined, false);
  }
  looked.push(host ? `in-cluster service account (${tokenFile} missing)` : 'in-cluster service account (KUBERNETES_SERVICE_HOST unset)');
  throw new SourceError(`no kubeconfig found (looked at ${looked.join(', ')}); try --demo`);
}
