// `k8stui snapshot save FILE`: list every kind (paged) and write one
// multi-document YAML file. The first document is the k8stui.dev/v1
// SnapshotInfo (context, server version, namespaces, capture time, per-kind
// state, forbidden kinds); every object follows as one single-line JSON
// document (valid YAML, and the loader's fast path). Objects pass through
// ingestObject first: no managedFields, no last-applied annotation, and of a
// Secret only its metadata and tls.crt — never tls.key or other data.
// The file is written to a temporary name and renamed, so a failed save never
// leaves half a snapshot behind.
//
// Lost input is never silent: an object the server returned that cannot be
// saved in a form the loader reads back (no metadata.name, not an object, or
// ingesting it failed) is left out, named in SnapshotInfo.notSaved (so every
// later load reports it) and in one warning line each; a kind that still
// failed after the retries is named in the summary. Either makes the capture
// incomplete: the command exits 3 unless --allow-partial. Forbidden kinds are
// normal (RBAC) and recorded as such; they do not make a capture incomplete.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { KINDS, type KindName } from '../cluster/kinds.js';
import { ingestObject } from '../cluster/ingest.js';
import { ApiError } from '../cluster/api.js';
import { connect, describeError, listKind, versionString, backoffDelay, type ConnectOptions, type ListedKind } from '../cluster/live.js';
import { SourceError } from '../cluster/kubeconfig.js';
import { notSavedName, SNAPSHOT_API_VERSION, type NotSaved, type SnapshotInfo, type SnapshotKindInfo } from '../cluster/snapshot.js';
import type { K8sObject } from '../model/types.js';

export interface SaveOptions extends ConnectOptions {
  /** Capture time (tests); default the clock. */
  now?: () => Date;
  /** Attempts per kind on transient errors (500s, network). Default 3. */
  attempts?: number;
  /** How many kinds are listed at once. Default 4. */
  concurrency?: number;
}

export interface SaveSummary {
  file: string;
  objects: number;
  kinds: Partial<Record<KindName, SnapshotKindInfo>>;
  forbidden: KindName[];
  /** Kinds not read: failed after the retries, or not served by this server. */
  failed: KindName[];
  /** Objects listed but left out (also in info.notSaved). */
  notSaved: NotSaved[];
  /** Something was lost (an object not saved, or a kind that failed after the retries, not just unserved or forbidden). */
  incomplete: boolean;
  /** One warning line per object not saved, for stderr. */
  warnings: string[];
  info: SnapshotInfo;
  /** The one-line summary printed by the command. */
  line: string;
  toString(): string;
}

function toolVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../..']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(here, up, 'package.json'), 'utf8'));
      if (pkg?.name === 'k8stui' && typeof pkg.version === 'string') return `k8stui ${pkg.version}`;
    } catch {
      // try the next candidate
    }
  }
  return 'k8stui';
}

function byNamespaceName(a: K8sObject, b: K8sObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Capture the cluster into `file`. Throws SourceError (exit 2) for kubeconfig/connection problems and unwritable files. */
export async function saveSnapshot(opts: SaveOptions, file: string): Promise<SaveSummary> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) throw new SourceError(`cannot write ${target}: ${dir} is not a directory`);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`cannot write ${target}: directory ${dir} does not exist`);
  }

  const c = await connect(opts);
  const capturedAt = (opts.now ?? (() => new Date()))().toISOString();
  const fallback = [c.loaded.namespace ?? 'default'];
  const attempts = Math.max(1, opts.attempts ?? 3);
  let listed: ListedKind[];
  const gaveUp = new Set<KindName>();
  try {
    listed = await mapLimit(KINDS, opts.concurrency ?? 4, async (k): Promise<ListedKind> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await listKind(c.api, k.kind, c.scope, fallback, { pageSize: opts.pageSize });
        } catch (e) {
          if (attempt >= attempts) {
            gaveUp.add(k.kind);
            return { kind: k.kind, items: [], status: { state: 'error', message: describeError(e, c.loaded.server) } };
          }
          if (e instanceof ApiError && e.status === 401) {
            throw new SourceError(`${describeError(e, c.loaded.server)} while listing ${k.plural}`);
          }
          await sleep(backoffDelay(attempt, opts.backoffBaseMs ?? 500, opts.backoffCapMs ?? 5_000, opts.random));
        }
      }
    });
  } finally {
    c.api.close();
  }

  // Objects the loader could not read back are left out and named (never dropped silently).
  const notSaved: NotSaved[] = [];
  for (const l of listed) l.items = saveable(l.kind, l.items, notSaved);

  const kinds: Partial<Record<KindName, SnapshotKindInfo>> = {};
  const forbidden: KindName[] = [];
  const failed: KindName[] = [];
  const seenNs = new Set<string>();
  let objects = 0;
  for (const l of listed) {
    const s = l.status;
    const ki: SnapshotKindInfo = { state: s.state === 'partial' || s.state === 'forbidden' || s.state === 'error' ? s.state : 'ready', count: l.items.length };
    if (s.state === 'partial') ki.namespaces = s.namespaces;
    if (s.state === 'partial' || s.state === 'forbidden' || s.state === 'error') ki.message = s.message;
    kinds[l.kind] = ki;
    if (s.state === 'forbidden') forbidden.push(l.kind);
    if (s.state === 'error') failed.push(l.kind);
    objects += l.items.length;
    for (const o of l.items) if (o.metadata?.namespace) seenNs.add(o.metadata.namespace);
  }
  const nsList = listed.find((l) => l.kind === 'Namespace');
  let namespaces: string[];
  if (c.scope !== undefined) namespaces = [c.scope];
  else if (nsList && nsList.status.state === 'ready') namespaces = nsList.items.map((o) => o.metadata.name);
  else namespaces = [...seenNs];
  namespaces.sort();

  const info: SnapshotInfo = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'SnapshotInfo',
    context: c.loaded.context,
    cluster: c.loaded.cluster,
    server: c.loaded.server,
    serverVersion: versionString(c.version),
    user: c.loaded.user,
    ...(c.scope !== undefined ? { namespace: c.scope } : {}),
    namespaces,
    capturedAt,
    tool: toolVersion(),
    kinds,
    forbidden,
    ...(notSaved.length ? { notSaved } : {}),
  };
  if (info.user === undefined) delete info.user;
  if (info.serverVersion === undefined) delete info.serverVersion;

  await writeAtomically(target, info, listed);

  const readable = listed.length - forbidden.length - failed.length;
  const parts = [`saved ${objects} objects from context "${c.loaded.context}" (${readable} of ${listed.length} kinds readable) to ${target}`];
  if (forbidden.length) parts.push(`forbidden: ${forbidden.join(', ')}`);
  if (failed.length) parts.push(`not read: ${failed.join(', ')}`);
  const partial = listed.filter((l) => l.status.state === 'partial').map((l) => l.kind);
  if (partial.length) parts.push(`partial: ${partial.join(', ')}`);
  if (notSaved.length) parts.push(`${notSaved.length} object${notSaved.length === 1 ? '' : 's'} not saved (see the warnings)`);
  const line = parts.join('; ');
  const warnings = notSaved.map((n) => `not saved: ${notSavedText(n)}`);
  const incomplete = notSaved.length > 0 || gaveUp.size > 0;
  return { file: target, objects, kinds, forbidden, failed, notSaved, incomplete, warnings, info, line, toString: () => line };
}

/** `Pod shop/web-0: cause`, or `Pod shop (item 3 of the list): cause` when the object has no name. */
export function notSavedText(n: NotSaved): string {
  return `${notSavedName(n)}: ${n.message}`;
}

/**
 * The listed objects the loader will read back, ingested (no managedFields,
 * no last-applied, Secrets reduced to tls.crt, text sanitized); the others are
 * recorded in notSaved with the cause.
 */
function saveable(kind: KindName, items: unknown[], notSaved: NotSaved[]): K8sObject[] {
  const out: K8sObject[] = [];
  items.forEach((o, i) => {
    const fail = (message: string, ns?: unknown, name?: unknown) => {
      const n: NotSaved = { kind, message };
      if (typeof ns === 'string' && ns) n.namespace = ns;
      if (typeof name === 'string' && name) n.name = name;
      else n.item = i + 1;
      notSaved.push(n);
    };
    if (!o || typeof o !== 'object' || Array.isArray(o)) return fail('not an object');
    const obj = o as K8sObject;
    const meta = obj.metadata as K8sObject['metadata'] | undefined;
    if (!meta || typeof meta !== 'object') return fail('no metadata');
    if (typeof meta.name !== 'string' || meta.name === '') return fail('no metadata.name', meta.namespace);
    try {
      out.push(ingestObject(obj, kind));
    } catch (e) {
      fail(`could not be converted: ${(e as Error).message.split('\n')[0]}`, meta.namespace, meta.name);
    }
  });
  return out;
}

async function writeAtomically(target: string, info: SnapshotInfo, listed: ListedKind[]): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, 'w', 0o600);
    let buf = `# k8stui snapshot: open with \`k8stui --snapshot ${path.basename(target)}\`\n${stringify(info, { lineWidth: 0 })}`;
    const flush = async (force: boolean) => {
      if (buf.length >= 1 << 20 || (force && buf.length > 0)) {
        await fh!.write(buf);
        buf = '';
      }
    };
    for (const l of listed) {
      const items = [...l.items].sort(byNamespaceName);
      for (const o of items) {
        // Already ingested (saveable); apiVersion and kind first, as kubectl prints them.
        const { apiVersion, kind, ...rest } = o;
        buf += `---\n${JSON.stringify({ apiVersion, kind, ...rest })}\n`;
        await flush(false);
      }
    }
    await flush(true);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, target);
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (e instanceof SourceError) throw e;
    throw new SourceError(`cannot write ${target}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * The command: save, print a warning line per object not saved and the
 * one-line summary. Exit 0, or 3 when the capture is incomplete (unless
 * allowPartial).
 */
export async function snapshotSaveCommand(
  file: string,
  opts: SaveOptions & { allowPartial?: boolean },
  out: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const summary = await saveSnapshot(opts, file);
  for (const w of summary.warnings) out(`k8stui snapshot save: warning: ${w}`);
  out(summary.line);
  return summary.incomplete && !opts.allowPartial ? 3 : 0;
}
