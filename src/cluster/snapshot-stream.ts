// A snapshot read into the compact store while the file streams in (the data
// thread): each object is projected as soon as it is parsed, so whole
// objects never pile up, and the UI thread shows the first rows while the
// rest is still being read. Where each object's document lies in its file is
// remembered, to read it again whole for `y`.
import { promises as fs } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { K8sObject } from '../model/types.js';
import { ClusterStore } from './store.js';
import { KINDS, type KindName, kindInfo, lookupKind } from './kinds.js';
import { ingestObject } from './ingest.js';
import { type DocWhere, type LoadResult, type NewestTimestamp, SnapshotError, applySnapshotInfo, chooseEvaluationTime, formatLoadError, loadSnapshot, newestTimestamp, snapshotKindStatus } from './snapshot.js';
import type { SnapshotInit } from './protocol.js';

interface Loc {
  file: string;
  offset: number;
  length: number;
  /** Inside a List document. */
  item: boolean;
}

export interface StreamingSnapshot {
  store: ClusterStore;
  locs: Map<string, Loc>;
}

/** Update a kind's "loading" count this often (objects). */
const PROGRESS_EVERY = 500;

export async function openSnapshotStreaming(m: SnapshotInit, onStore: (s: ClusterStore) => void): Promise<StreamingSnapshot> {
  const store = new ClusterStore({ source: m.source, path: m.path, clusterDomain: m.clusterDomain, namespace: m.namespace });
  onStore(store);
  const locs = new Map<string, Loc>();
  const counts = new Map<KindName, number>();
  let total = 0;
  let newest: NewestTimestamp | undefined;
  let infoApplied = false;
  const onObject = (kind: KindName, obj: K8sObject, where: DocWhere, res: LoadResult): boolean => {
    // The SnapshotInfo comes first in a saved snapshot: its counts give the progress totals, and
    // its capture time (what ages are relative to) lets the first rows be shown before the rest is read.
    const info = res.info;
    if (info && !infoApplied) {
      infoApplied = true;
      store.info = { ...store.info, context: info.context ?? store.info.context, cluster: info.cluster ?? store.info.cluster, server: info.server ?? store.info.server, serverVersion: info.serverVersion, user: info.user, capturedAt: info.capturedAt };
    }
    // Without a capture time, ages are relative to the newest timestamp in the objects (whole, before projection).
    if (!info?.capturedAt) {
      const n = newestTimestamp([obj]);
      if (n && (!newest || n.time > newest.time)) newest = n;
    }
    store.upsert(kind, obj);
    const key = kindInfo(kind).namespaced ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
    if (where.offset !== undefined && where.length !== undefined) locs.set(`${kind}|${key}`, { file: where.file, offset: where.offset, length: where.length, item: !!where.item });
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    total++;
    if (n === 1 || n % PROGRESS_EVERY === 0) {
      const expected = info?.kinds?.[kind]?.count;
      store.setStatus(kind, { state: 'loading', loaded: n, ...(typeof expected === 'number' && expected >= n ? { total: expected } : {}) });
    }
    return true;
  };
  const res = await loadSnapshot(m.path, onObject);
  if (total === 0 && res.errors.length > 0) {
    const more = res.errors.length - 1;
    throw new SnapshotError(`${formatLoadError(res.errors[0]!)}${more ? ` (and ${more} more document${more === 1 ? '' : 's'} that could not be read)` : ''}`);
  }
  if (total === 0 && !res.info) {
    const unknown = [...res.unknownKinds.keys()].slice(0, 3).join(', ');
    throw new SnapshotError(`snapshot ${m.path}: no Kubernetes objects k8stui reads${unknown ? ` (found only ${unknown})` : ''}`);
  }
  store.batch(() => {
    for (const k of KINDS) store.setStatus(k.kind, snapshotKindStatus(res.info, k.kind, store.count(k.kind)));
    applySnapshotInfo(store, res);
    if (m.source === 'demo') store.info = { ...store.info, context: store.info.context ?? 'demo' };
    if (m.allNamespaces) store.info = { ...store.info, namespace: undefined };
    // --now, else the capture time, else the newest timestamp, else the clock; the header and reports say which.
    const t = chooseEvaluationTime({ now: m.now, capturedAt: store.info.capturedAt, newest: store.info.capturedAt ? undefined : newest });
    store.info = { ...store.info, nowSource: t.source, now: new Date(t.now).toISOString(), ...(t.from ? { nowFrom: t.from } : {}) };
  });
  return { store, locs };
}

/** The whole object, read again from its document in the snapshot file. */
export async function readDocumentAt(s: StreamingSnapshot, kind: KindName, namespace: string | undefined, name: string): Promise<K8sObject | undefined> {
  const key = kindInfo(kind).namespaced ? `${namespace}/${name}` : name;
  const loc = s.locs.get(`${kind}|${key}`);
  if (!loc) return undefined;
  const fh = await fs.open(loc.file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(loc.length);
    await fh.read(buf, 0, loc.length, loc.offset);
    text = buf.toString('utf8');
  } finally {
    await fh.close();
  }
  const t = text.trimStart();
  let doc: unknown;
  try {
    doc = t.startsWith('{') || t.startsWith('[') ? JSON.parse(t) : parseYaml(text, { uniqueKeys: false, maxAliasCount: 1000 });
  } catch {
    doc = parseYaml(text, { uniqueKeys: false, maxAliasCount: 1000 });
  }
  const found = loc.item ? findItem(doc, kind, namespace, name) : (doc as K8sObject);
  if (!found || typeof found !== 'object') return undefined;
  if (!found.kind) found.kind = kind;
  if (kindInfo(kind).namespaced && !found.metadata?.namespace && found.metadata) found.metadata.namespace = 'default';
  return ingestObject(found, kind);
}

function findItem(doc: unknown, kind: KindName, namespace: string | undefined, name: string): K8sObject | undefined {
  const list = doc as { kind?: string; apiVersion?: string; items?: unknown[] };
  if (!list || !Array.isArray(list.items)) return undefined;
  const itemKind = list.kind && list.kind !== 'List' ? list.kind.slice(0, -'List'.length) : undefined;
  for (const raw of list.items) {
    const it = raw as K8sObject;
    if (!it || typeof it !== 'object') continue;
    const k = lookupKind(it.kind ?? itemKind, it.apiVersion ?? (itemKind ? list.apiVersion : undefined));
    if (k?.kind === kind && it.metadata?.name === name && (!k.namespaced || (it.metadata.namespace ?? 'default') === namespace)) {
      if (!it.kind) it.kind = kind;
      return it;
    }
    const inner = findItem(it, kind, namespace, name);
    if (inner) return inner;
  }
  return undefined;
}
