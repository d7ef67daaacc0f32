// Finding and reading the kubeconfig, the way kubectl does:
//   --kubeconfig PATH, else $KUBECONFIG (several paths, merged: the first file
//   that defines a name wins, current-context comes from the first file that
//   sets it), else ~/.kube/config, else the in-cluster service account.
// Parsing and every auth method (client certs, tokens, token files, exec
// plugins, OIDC, auth-provider) are client-node's. client-node is imported
// lazily: it costs ~350 ms and the demo/snapshot paths never need it.
// client-node's own loadFromDefault() silently falls back to
// http://localhost:8080 when it finds nothing; we never call it.
import { promises as fs, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
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

export interface LoadedKubeconfig {
  /** client-node's config with currentContext set to `context`. Only api.ts uses it. */
  readonly kc: KubeConfig;
  /** Where it came from: file paths, or 'in-cluster service account'. */
  readonly origin: string;
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
  readonly user?: string;
  /** The context's namespace, if it sets one. */
  readonly namespace?: string;
  readonly proxyUrl?: string;
  contexts(): KubeContextInfo[];
  /** The same kubeconfig switched to another context (validated). */
  withContext(name: string): Promise<LoadedKubeconfig>;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

type ClientNode = typeof import('@kubernetes/client-node');
let clientNode: Promise<ClientNode> | undefined;
function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

function firstLine(s: string): string {
  const line = s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? s;
  return line.replace(/^YAMLException:\s*/, '');
}

interface Parsed {
  file: string;
  kc: KubeConfig;
}

async function parseFile(cn: ClientNode, file: string): Promise<Parsed> {
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
  const kc = new cn.KubeConfig();
  try {
    if (text.trim() !== '') {
      kc.loadFromString(text);
      kc.makePathsAbsolute(path.dirname(file));
      if (/\btokenFile\s*:/.test(text)) await honourTokenFile(kc, text, path.dirname(file));
    }
  } catch (e) {
    const err = e as Error;
    if (err.name === 'YAMLException') throw new SourceError(`kubeconfig ${file}: invalid YAML: ${firstLine(err.message)}`);
    throw new SourceError(`kubeconfig ${file}: ${firstLine(err.message)}`);
  }
  return { file, kc };
}

/**
 * kubectl's `user.tokenFile` (re-read as the token rotates) is not a field
 * client-node parses; map it onto client-node's file token provider, which
 * re-reads the file every minute.
 */
async function honourTokenFile(kc: KubeConfig, text: string, dir: string): Promise<void> {
  const { parse } = await import('yaml');
  const doc = parse(text) as { users?: { name?: string; user?: { token?: string; tokenFile?: string } }[] } | null;
  const files = new Map<string, string>();
  for (const u of doc?.users ?? []) {
    if (u?.name && typeof u.user?.tokenFile === 'string' && !u.user.token) files.set(u.name, path.resolve(dir, u.user.tokenFile));
  }
  if (files.size === 0) return;
  kc.users = kc.users.map((u) => {
    const f = files.get(u.name);
    return f && !u.authProvider && !u.exec ? { ...u, authProvider: { name: 'tokenFile', config: { tokenFile: f } } } : u;
  });
}

/** Merge like kubectl: the first file that defines a name wins; current-context from the first file that sets one. */
function merge(cn: ClientNode, parsed: Parsed[]): KubeConfig {
  const clusters = new Map<string, KubeConfig['clusters'][number]>();
  const users = new Map<string, KubeConfig['users'][number]>();
  const contexts = new Map<string, KubeConfig['contexts'][number]>();
  let current: string | undefined;
  for (const { kc } of parsed) {
    for (const c of kc.clusters ?? []) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.users ?? []) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.contexts ?? []) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!current && kc.currentContext) current = kc.currentContext;
  }
  const out = new cn.KubeConfig();
  out.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current });
  return out;
}

function cloneWithContext(cn: ClientNode, kc: KubeConfig, context: string): KubeConfig {
  const out = new cn.KubeConfig();
  out.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: context });
  return out;
}

function list(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 12).join(', ');
  return names.length > 12 ? `${shown}, … ${names.length - 12} more` : shown;
}

function resolve(cn: ClientNode, kc: KubeConfig, origin: string, wanted: string | undefined, viaFlag: boolean): LoadedKubeconfig {
  const names = (kc.contexts ?? []).map((c) => c.name);
  if (names.length === 0) throw new SourceError(`kubeconfig ${origin} defines no contexts; try --demo`);
  const name = wanted ?? kc.currentContext;
  if (!name) throw new SourceError(`kubeconfig ${origin} sets no current-context; pass --context (available: ${list(names)})`);
  const ctx = kc.getContextObject(name);
  if (!ctx) {
    const what = viaFlag ? `context "${name}"` : `current-context "${name}"`;
    throw new SourceError(`${what} not found in kubeconfig ${origin} (available: ${list(names)})`);
  }
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster) {
    throw new SourceError(`context "${name}" refers to cluster "${ctx.cluster}", which kubeconfig ${origin} does not define`);
  }
  if (ctx.user && !kc.getUser(ctx.user)) {
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
  const bound = kc.currentContext === name ? kc : cloneWithContext(cn, kc, name);
  const loaded: LoadedKubeconfig = {
    kc: bound,
    origin,
    context: name,
    cluster: cluster.name,
    server: cluster.server,
    user: ctx.user,
    namespace: ctx.namespace,
    proxyUrl: cluster.proxyUrl,
    contexts: () =>
      (kc.contexts ?? []).map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace, current: c.name === name })),
    withContext: async (other: string) => resolve(cn, kc, origin, other, true),
  };
  return loaded;
}

/**
 * Load the kubeconfig and resolve the context to use. Throws SourceError
 * (one line, exit 2) naming the cause: missing file, malformed YAML, unknown
 * context (listing the available ones), a context whose cluster or user is
 * missing, or nothing found at all.
 */
export async function loadKubeconfig(opts: KubeconfigOptions = {}): Promise<LoadedKubeconfig> {
  const env = opts.env ?? process.env;
  const cn = await loadClientNode();
  const looked: string[] = [];

  if (opts.kubeconfig !== undefined) {
    const file = path.resolve(opts.kubeconfig);
    const parsed = await parseFile(cn, file);
    return resolve(cn, parsed.kc, file, opts.context, opts.context !== undefined);
  }

  const envPaths = env.KUBECONFIG;
  if (envPaths && envPaths.trim() !== '') {
    // kubectl skips files in $KUBECONFIG that do not exist.
    const files = envPaths.split(path.delimiter).filter((f) => f !== '').map((f) => path.resolve(f));
    const present = files.filter((f) => existsSync(f));
    if (present.length > 0) {
      const parsed: Parsed[] = [];
      for (const f of present) parsed.push(await parseFile(cn, f));
      const kc = merge(cn, parsed);
      return resolve(cn, kc, present.length === 1 ? present[0]! : `$KUBECONFIG (${present.join(path.delimiter)})`, opts.context, opts.context !== undefined);
    }
    looked.push(`$KUBECONFIG=${envPaths}`);
  } else {
    const home = opts.home ?? env.HOME ?? os.homedir();
    const file = path.join(home, '.kube', 'config');
    if (existsSync(file)) {
      const parsed = await parseFile(cn, file);
      return resolve(cn, parsed.kc, file, opts.context, opts.context !== undefined);
    }
    looked.push(file);
  }

  const root = opts.inClusterRoot ?? '';
  const tokenFile = `${root}${SA_DIR}/token`;
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(tokenFile)) {
    const kc = new cn.KubeConfig();
    // client-node reads the host/port from process.env; pass ours through.
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
    process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
    try {
      kc.loadFromCluster(root);
    } finally {
      restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
      restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
    }
    // The namespace file may end with a newline.
    const ctx = kc.contexts[0];
    if (ctx?.namespace) kc.contexts = [{ ...ctx, namespace: ctx.namespace.trim() || undefined }];
    if (opts.context !== undefined && opts.context !== kc.currentContext) {
      throw new SourceError(`context "${opts.context}" not found: running in-cluster with the service account (available: ${kc.currentContext})`);
    }
    return resolve(cn, kc, 'in-cluster service account', undefined, false);
  }
  looked.push(
    env.KUBERNETES_SERVICE_HOST ? `in-cluster service account (${tokenFile} missing)` : 'in-cluster service account (KUBERNETES_SERVICE_HOST unset)',
  );
  throw new SourceError(`no kubeconfig found (looked at ${looked.join(', ')}); try --demo`);
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
