// The test's own Kubernetes client: the "world" that changes the cluster
// (admin) and the ground truth the tests compare k8stui with. Deliberately
// independent of k8stui's src/cluster code (plain https with the kubeconfig's
// client certificate), so a bug there cannot hide itself by agreeing with us.
import https from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

interface KubeconfigDoc {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string; token?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context': string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  deletionTimestamp?: string;
  ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
  labels?: Record<string, string>;
}
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    method: string,
    path: string,
  ) {
    super(`${method} ${path}: HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

function readKubeconfig(file: string): KubeconfigDoc {
  return parseYaml(readFileSync(file, 'utf8')) as KubeconfigDoc;
}

/** Copy a kubeconfig with its current context's server replaced (e.g. by a proxy's address). */
export function rewriteServer(src: string, dst: string, server: string): void {
  const doc = readKubeconfig(src);
  const ctx = doc.contexts.find((c) => c.name === doc['current-context'])!;
  for (const c of doc.clusters) if (c.name === ctx.context.cluster) c.cluster.server = server;
  writeFileSync(dst, stringifyYaml(doc), { mode: 0o600 });
}

export class Kube {
  readonly server: string;
  readonly user: string;
  private agent: https.Agent;

  constructor(kubeconfig: string) {
    const doc = readKubeconfig(kubeconfig);
    const ctx = doc.contexts.find((c) => c.name === doc['current-context']);
    if (!ctx) throw new Error(`${kubeconfig}: no current context`);
    const cluster = doc.clusters.find((c) => c.name === ctx.context.cluster)!.cluster;
    const user = doc.users.find((u) => u.name === ctx.context.user)!.user;
    this.server = cluster.server.replace(/\/$/, '');
    this.user = ctx.context.user;
    const b64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64') : undefined);
    this.agent = new https.Agent({
      ca: b64(cluster['certificate-authority-data']),
      cert: b64(user['client-certificate-data']),
      key: b64(user['client-key-data']),
      keepAlive: false,
    });
  }

  request<T = any>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const url = new URL(this.server + path);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: { Accept: 'application/json', 'User-Agent': 'k8stui-e2e-tests', ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}) },
          timeout: 30_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new KubeError(status, text, method, path));
            else resolve((text ? JSON.parse(text) : undefined) as T);
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Every item of a list path, following `continue`. */
  async list(path: string): Promise<KObject[]> {
    const out: KObject[] = [];
    let cont: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.request<{ items: KObject[]; metadata: { continue?: string } }>('GET', `${path}${sep}limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      out.push(...page.items);
      cont = page.metadata.continue || undefined;
    } while (cont);
    return out;
  }

  get<T = KObject>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** DELETE; a 404 counts as done. */
  async delete(path: string, opts: { gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' } = {}): Promise<void> {
    try {
      await this.request('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', ...opts });
    } catch (e) {
      if (!(e instanceof KubeError && e.status === 404)) throw e;
    }
  }

  create<T = KObject>(path: string, obj: unknown): Promise<T> {
    return this.request<T>('POST', path, obj);
  }

  mergePatch<T = KObject>(path: string, patch: unknown): Promise<T> {
    return this.request<T>('PATCH', path, patch, 'application/merge-patch+json');
  }

  close(): void {
    this.agent.destroy();
  }
}

/** "ns/name" (or "name" for cluster-scoped objects), the way k8stui keys objects. */
export function keyOf(o: { metadata: { namespace?: string; name: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
