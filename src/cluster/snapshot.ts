// Offline source: a file or a directory of YAML/JSON manifests, as `kubectl get
// -o yaml|json` prints them or as `k8stui snapshot save` writes them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { K8sObject } from '../model/types.js';
import type { LoadError } from '../../diagnostics/types.js';
import { UserError } from './errors.js';
import { KINDS, type KindName, lookupKind } from './kinds.js';
import { ClusterStore, type KindStatus, type SourceKind } from './store.js';

export const SNAPSHOT_API_VERSION = 'k8stui.dev/v1';

export interface SnapshotKindInfo {
  state: 'ready' | 'partial' | 'forbidden' | 'error';
  count?: number;
  namespaces?: string[];
  message?: string;
}

/** An object `snapshot save` listed but could not save (the capture is incomplete). */
export interface NotSaved {
  kind: string;
  namespace?: string;
  name?: string;
  /** 1-based position in the kind's list, for objects without a name. */
  item?: number;
  message: string;
}

/** `Pod shop/web-0`, or `Pod shop (item 3 of the list)` for an object without a name. */
export function notSavedName(n: NotSaved): string {
  const where = n.name !== undefined ? `${n.namespace ? `${n.namespace}/` : ''}${n.name}` : `${n.namespace ? `${n.namespace} ` : ''}(item ${n.item ?? '?'} of the list)`;
  return `${n.kind ?? 'object'} ${where}`;
}

/** The first document of a saved snapshot. */
export interface SnapshotInfo {
  apiVersion: typeof SNAPSHOT_API_VERSION;
  kind: 'SnapshotInfo';
  context?: string;
  cluster?: string;
  server?: string;
  serverVersion?: string;
  user?: string;
  /** The namespace the capture was limited to (-n); absent for all namespaces. */
  namespace?: string;
  namespaces?: string[];
  capturedAt?: string;
  tool?: string;
  kinds?: Partial<Record<KindName, SnapshotKindInfo>>;
  forbidden?: string[];
  /** Objects listed at capture but left out: reported as load errors on every load. */
  notSaved?: NotSaved[];
}

export interface LoadResult {
  objects: Map<KindName, K8sObject[]>;
  info?: SnapshotInfo;
  /** kind -> how many documents of kinds k8stui does not read. */
  unknownKinds: Map<string, number>;
  /** Documents (or List items) that could not be read: file, document number, cause. Never dropped silently. */
  errors: LoadError[];
  files: string[];
  documents: number;
  /**
   * Takes each object as it is read, instead of keeping it in `objects` when
   * it returns true (the worker thread projects objects into its store as
   * the file streams in, so whole objects never pile up).
   */
  onObject?: (kind: KindName, obj: K8sObject, where: DocWhere, res: LoadResult) => boolean;
  /** The newest observed timestamp in the objects, when the snapshot records no capture time (openSnapshot sets it). */
  newest?: NewestTimestamp;
}

// ---------- the evaluation time of a snapshot without a capture time ----------

/**
 * Fields that record when something was observed or done, all kinds alike
 * (Events' lastTimestamp, conditions' lastTransitionTime and heartbeats,
 * container and Job start/finish times, a CronJob's lastScheduleTime, a
 * managedFields entry's time). Never a time that can lie in the future, such
 * as a deletionTimestamp (now + grace period) or a certificate's expiry.
 */
const OBSERVED_TIME_FIELDS = new Set([
  'creationTimestamp',
  'lastTimestamp',
  'firstTimestamp',
  'eventTime',
  'lastObservedTime',
  'lastTransitionTime',
  'lastProbeTime',
  'lastUpdateTime',
  'lastHeartbeatTime',
  'startTime',
  'startedAt',
  'finishedAt',
  'completionTime',
  'lastScheduleTime',
  'lastSuccessfulTime',
]);

export interface NewestTimestamp {
  time: number;
  iso: string;
  /** e.g. "lastTimestamp of Event shop/web-0.17f3a2b9c1d0e4f5" */
  from: string;
}

export type NowSource = 'flag' | 'captured' | 'inferred' | 'clock';

/** Subtrees that hold no observed time (a spec is what was asked for, not what happened): not walked. */
const SKIP_SUBTREES = new Set(['spec', 'data', 'labels', 'annotations', 'ownerReferences', 'finalizers']);

/** The newest observed timestamp in the objects (see OBSERVED_TIME_FIELDS), with the field and object it is on. */
export function newestTimestamp(objects: Iterable<K8sObject>): NewestTimestamp | undefined {
  // Kubernetes writes most times as "2026-03-10T12:00:00Z" (20 characters, UTC): those compare as
  // strings, without parsing. Others (fractions, offsets) are parsed.
  let best20 = '';
  let best20Obj: K8sObject | undefined;
  let best20Field = '';
  let bestT = -Infinity;
  let bestTObj: K8sObject | undefined;
  let bestTField = '';
  const consider = (v: unknown, field: string, obj: K8sObject) => {
    if (typeof v !== 'string' || v.length < 20) return;
    if (v.length === 20 && v.charCodeAt(19) === 0x5a /* Z */ && v.charCodeAt(10) === 0x54 /* T */) {
      if (v > best20) {
        best20 = v;
        best20Obj = obj;
        best20Field = field;
      }
      return;
    }
    if (v.startsWith('0001-')) return;
    const t = Date.parse(v);
    if (!Number.isNaN(t) && t > bestT) {
      bestT = t;
      bestTObj = obj;
      bestTField = field;
    }
  };
  const walk = (v: Record<string, unknown> | unknown[], obj: K8sObject, depth: number): void => {
    if (depth > 12) return;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') walk(x as Record<string, unknown>, obj, depth + 1);
      return;
    }
    for (const k in v) {
      const x = v[k];
      if (typeof x === 'string') {
        if (OBSERVED_TIME_FIELDS.has(k)) consider(x, k, obj);
      } else if (x !== null && typeof x === 'object') {
        if (k === 'managedFields' && Array.isArray(x)) {
          for (const m of x) consider((m as { time?: unknown } | null)?.time, 'managedFields time', obj);
        } else if (!SKIP_SUBTREES.has(k)) walk(x as Record<string, unknown>, obj, depth + 1);
      }
    }
  };
  for (const o of objects) if (o && typeof o === 'object') walk(o as unknown as Record<string, unknown>, o, 0);
  const t20 = best20 && !best20.startsWith('0001-') ? Date.parse(best20) : NaN;
  let time: number;
  let obj: K8sObject | undefined;
  let field: string;
  if (!Number.isNaN(t20) && t20 >= bestT) [time, obj, field] = [t20, best20Obj, best20Field];
  else if (bestTObj) [time, obj, field] = [bestT, bestTObj, bestTField];
  else return undefined;
  const m = obj?.metadata ?? ({} as K8sObject['metadata']);
  return { time, iso: new Date(time).toISOString(), from: `${field} of ${obj?.kind ?? 'object'} ${m.namespace ? `${m.namespace}/` : ''}${m.name ?? '?'}` };
}

/**
 * The evaluation time for ages, schedules and time-based checks: --now if
 * given, else the snapshot's capture time, else the newest timestamp in it (a
 * plain `kubectl get -o yaml` capture records no capture time; evaluating it
 * at the clock minutes or days later makes healthy CronJobs look like they
 * missed runs), else the clock.
 */
export function chooseEvaluationTime(o: { now?: string; capturedAt?: string; newest?: NewestTimestamp; clock?: () => number }): { now: number; source: NowSource; from?: string } {
  const flag = o.now !== undefined ? Date.parse(o.now) : NaN;
  if (!Number.isNaN(flag)) return { now: flag, source: 'flag' };
  const cap = o.capturedAt ? Date.parse(o.capturedAt) : NaN;
  if (!Number.isNaN(cap)) return { now: cap, source: 'captured' };
  if (o.newest) return { now: o.newest.time, source: 'inferred', from: o.newest.from };
  return { now: (o.clock ?? Date.now)(), source: 'clock' };
}

/** An unusable snapshot: one line naming the file (and document), exit 2. */
export class SnapshotError extends UserError {}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

async function collectFiles(p: string): Promise<string[]> {
  let st;
  try {
    st = await fs.stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SnapshotError(`snapshot ${p}: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (st.isFile()) return [p];
  if (!st.isDirectory()) throw new SnapshotError(`snapshot ${p}: not a file or directory`);
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(full);
    }
  };
  await walk(p);
  if (out.length === 0) throw new SnapshotError(`snapshot ${p}: no .yaml, .yml or .json files in this directory`);
  return out;
}

/**
 * Cuts a stream of lines into documents at `---` and `...` lines. Fed line by
 * line, so a large file can be parsed as it is read instead of held whole.
 * Only documents with content are emitted (numbering counts only those).
 */
class DocumentSplitter {
  private cur: string[] = [];
  /** Lines seen so far, and the file line of the current document's first line (for error positions). */
  private n = 0;
  private start = 0;
  /** Byte offsets: of the next line, of the current document's first line, and just past its last line. */
  private pos = 0;
  private byteStart = 0;
  private byteEnd = 0;
  private lineStart = 0;
  constructor(private readonly emit: (doc: string, firstLine: number, byteStart: number, byteEnd: number) => void) {}

  /** One line without its line break; `bytes`: its length in the file with the line break, when known. */
  line(line: string, bytes?: number): void {
    this.n++;
    this.lineStart = this.pos;
    this.pos += bytes ?? Buffer.byteLength(line) + 1;
    // A single-line JSON document (what `snapshot save` writes) skips the regexes.
    if (line.charCodeAt(0) !== 0x7b /* { */ && /^---(\s.*)?$/.test(line)) {
      this.flush();
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#')) this.push(rest);
    } else if (line.charCodeAt(0) === 0x2e /* . */ && /^\.\.\.\s*$/.test(line)) {
      this.flush();
    } else {
      this.push(line);
    }
  }

  end(): void {
    this.flush();
  }

  private push(line: string): void {
    if (this.cur.length === 0) {
      this.start = this.n;
      this.byteStart = this.lineStart;
    }
    this.cur.push(line);
    this.byteEnd = this.pos;
  }

  private flush(): void {
    const d = this.cur.length === 1 ? this.cur[0]! : this.cur.join('\n');
    this.cur = [];
    // Keep numbering stable only over documents that have content.
    if (d.charCodeAt(0) === 0x7b /* { */ || d.replace(/#.*$/gm, '').trim() !== '') this.emit(d, this.start, this.byteStart, this.byteEnd);
  }
}

/** Split a YAML stream into documents at `---` lines (kept simple and resilient: one bad document never hides the others). */
export function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  const splitter = new DocumentSplitter((d) => docs.push(d));
  for (const line of text.split(/\r?\n/)) splitter.line(line);
  splitter.end();
  return docs;
}

function parseDocument(doc: string): unknown {
  const t = doc.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      // JSON is YAML; fall through for flow-style YAML that is not strict JSON.
    }
  }
  return parseYaml(doc, { uniqueKeys: false, maxAliasCount: 1000 });
}

function firstLine(msg: string): string {
  return msg.split('\n')[0]!.trim();
}

/**
 * A parse error's cause in one line, with its position in the file (not in
 * the document): "line 14, column 3: Nested mappings are not allowed …".
 */
function parseErrorText(e: unknown, docFirstLine: number | undefined): string {
  const err = e as Error & { linePos?: { line: number; col: number }[] };
  const msg = firstLine(err.message ?? String(e)).replace(/ at line \d+, column \d+:?$/, '');
  const pos = err.linePos?.[0];
  if (!pos || docFirstLine === undefined) return msg;
  return `line ${docFirstLine + pos.line - 1}, column ${pos.col}: ${msg}`;
}

/** Where a document came from: the file, its 1-based document number, and the List item path inside it. */
export interface DocWhere {
  file: string;
  document?: number;
  /** e.g. "item 3" inside a List. */
  item?: string;
  /** The document's bytes in the file (to read it again whole, for `y`). */
  offset?: number;
  length?: number;
}

function loadError(where: DocWhere, cause: string): LoadError {
  const e: LoadError = { file: where.file, message: where.item ? `${where.item}: ${cause}` : cause };
  if (where.document !== undefined) e.document = where.document;
  return e;
}

/** One line: `FILE: document N: CAUSE` (or `FILE: CAUSE` for a single-document JSON file or an unreadable file). */
export function formatLoadError(e: LoadError): string {
  return `${e.file}: ${e.document !== undefined ? `document ${e.document}: ` : ''}${e.message}`;
}

export function emptyResult(): LoadResult {
  return { objects: new Map(), unknownKinds: new Map(), errors: [], files: [], documents: 0 };
}

/** Add one parsed document (object, List, SnapshotInfo) to the result. */
export function addDocument(res: LoadResult, value: unknown, where: DocWhere): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    res.errors.push(loadError(where, 'not a Kubernetes object (expected a mapping with apiVersion and kind)'));
    return;
  }
  const obj = value as K8sObject;
  if (obj.apiVersion === SNAPSHOT_API_VERSION && obj.kind === 'SnapshotInfo') {
    res.info = obj as unknown as SnapshotInfo;
    // What the capture itself lost is lost input for whoever reads the snapshot.
    for (const n of Array.isArray(res.info.notSaved) ? res.info.notSaved : []) {
      if (n && typeof n === 'object') res.errors.push(loadError(where, `${notSavedName(n)} was not saved at capture: ${n.message ?? 'unknown cause'}`));
    }
    return;
  }
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const itemKind = obj.kind === 'List' ? undefined : obj.kind.slice(0, -'List'.length);
    const itemApiVersion = obj.kind === 'List' ? undefined : obj.apiVersion;
    obj.items.forEach((item: unknown, i: number) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const it = item as K8sObject;
        if (!it.kind && itemKind) it.kind = itemKind;
        if (!it.apiVersion && itemApiVersion) it.apiVersion = itemApiVersion;
      }
      addDocument(res, item, { ...where, item: `${where.item ? `${where.item}, ` : ''}item ${i + 1}` });
    });
    return;
  }
  if (typeof obj.kind !== 'string' || !obj.kind) {
    res.errors.push(loadError(where, 'missing "kind"'));
    return;
  }
  const info = lookupKind(obj.kind, obj.apiVersion);
  if (!info) {
    const key = obj.apiVersion ? `${obj.kind} (${obj.apiVersion})` : obj.kind;
    res.unknownKinds.set(key, (res.unknownKinds.get(key) ?? 0) + 1);
    return;
  }
  if (!obj.metadata || typeof obj.metadata !== 'object' || typeof obj.metadata.name !== 'string' || !obj.metadata.name) {
    res.errors.push(loadError(where, `${obj.kind} without metadata.name`));
    return;
  }
  if (info.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
  if (res.onObject?.(info.kind, obj, where, res)) return;
  let arr = res.objects.get(info.kind);
  if (!arr) res.objects.set(info.kind, (arr = []));
  arr.push(obj);
}

/** Parse one file's text into the result; errors name the file and document. */
export function parseSnapshotText(res: LoadResult, text: string, file: string): void {
  const isJson = path.extname(file).toLowerCase() === '.json';
  if (isJson) {
    // A .json file may still be several concatenated documents; try whole first.
    try {
      res.documents++;
      addDocument(res, JSON.parse(text), { file, offset: 0, length: Buffer.byteLength(text) });
      return;
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      res.documents--;
    }
  }
  const docs: { doc: string; line: number; offset: number; length: number }[] = [];
  const splitter = new DocumentSplitter((doc, line, start, end) => docs.push({ doc, line, offset: start, length: end - start }));
  for (const m of text.matchAll(/([^\n]*?)(\r?\n|$)/g)) {
    if (m[0] === '' && m.index === text.length) {
      if (text.length === 0 || text.endsWith('\n')) splitter.line('', 0);
      break;
    }
    splitter.line(m[1]!, Buffer.byteLength(m[0]));
  }
  splitter.end();
  docs.forEach(({ doc, line, offset, length }, i) => {
    res.documents++;
    parseOne(res, doc, docs.length > 1 || !isJson ? { file, document: i + 1, offset, length } : { file, offset, length }, line);
  });
}

function parseOne(res: LoadResult, doc: string, where: DocWhere, docFirstLine?: number): void {
  let value: unknown;
  try {
    value = parseDocument(doc);
  } catch (e) {
    res.errors.push(loadError(where, parseErrorText(e, docFirstLine)));
    return;
  }
  addDocument(res, value, where);
}

/**
 * A YAML file parsed while it is read, in 1 MiB chunks: a 100 MB snapshot is
 * never held whole in memory next to the objects parsed from it. Same
 * documents, numbering and errors as parseSnapshotText.
 */
async function parseSnapshotStream(res: LoadResult, fh: fs.FileHandle, file: string): Promise<void> {
  let n = 0;
  const splitter = new DocumentSplitter((doc, line, start, end) => {
    res.documents++;
    parseOne(res, doc, { file, document: ++n, offset: start, length: end - start }, line);
  });
  // Lines are cut from the bytes (so each document's byte range is known), then decoded.
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fh.createReadStream({ highWaterMark: 1 << 20 })) {
    const buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 0x0d /* \r */ ? nl - 1 : nl;
      splitter.line(buf.toString('utf8', start, end), nl + 1 - start);
      start = nl + 1;
    }
    carry = buf.subarray(start);
  }
  splitter.line(carry.toString('utf8'), carry.length);
  splitter.end();
}

/** A file that could not be opened or read: the cause without Node's "EACCES: permission denied, open '/x'" noise. */
function fileError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'ENOENT') return 'no such file (removed while reading)';
  if (err.code === 'EISDIR') return 'is a directory';
  return firstLine(err.message ?? String(e));
}

export async function loadSnapshot(p: string, onObject?: LoadResult['onObject']): Promise<LoadResult> {
  const files = await collectFiles(p);
  const res = emptyResult();
  res.files = files;
  res.onObject = onObject;
  for (const f of files) {
    if (path.extname(f).toLowerCase() !== '.json') {
      let fh: fs.FileHandle;
      try {
        fh = await fs.open(f, 'r');
      } catch (e) {
        res.errors.push({ file: f, message: fileError(e) });
        continue;
      }
      try {
        await parseSnapshotStream(res, fh, f);
      } catch (e) {
        res.errors.push({ file: f, message: fileError(e) });
      } finally {
        await fh.close().catch(() => undefined);
      }
      continue;
    }
    let text: string;
    try {
      text = await fs.readFile(f, 'utf8');
    } catch (e) {
      res.errors.push({ file: f, message: fileError(e) });
      continue;
    }
    parseSnapshotText(res, text, f);
  }
  return res;
}

/** A kind's status in a snapshot: from the SnapshotInfo when present, else "ready" when it has objects, "absent" when not. */
export function snapshotKindStatus(info: SnapshotInfo | undefined, kind: KindName, count: number): KindStatus {
  const ki = info?.kinds?.[kind];
  if (ki) {
    if (ki.state === 'ready') return { state: 'ready' };
    if (ki.state === 'partial') return { state: 'partial', namespaces: ki.namespaces ?? [], message: ki.message ?? 'partly forbidden' };
    if (ki.state === 'forbidden') return { state: 'forbidden', message: ki.message ?? 'forbidden' };
    return { state: 'error', message: ki.message ?? 'could not be read' };
  }
  if (info?.forbidden?.includes(kind)) return { state: 'forbidden', message: 'forbidden when the snapshot was captured' };
  return count > 0 ? { state: 'ready' } : { state: 'absent' };
}

/** Fill a store from a loaded snapshot; kind statuses follow the SnapshotInfo when present. */
export function applySnapshot(store: ClusterStore, res: LoadResult): void {
  const info = res.info;
  store.batch(() => {
    for (const k of KINDS) {
      const objs = res.objects.get(k.kind) ?? [];
      store.replace(k.kind, objs);
      store.setStatus(k.kind, snapshotKindStatus(info, k.kind, store.count(k.kind)));
    }
    applySnapshotInfo(store, res);
  });
}

/** The SnapshotInfo's source details and the load errors, into the store. */
export function applySnapshotInfo(store: ClusterStore, res: LoadResult): void {
  const info = res.info;
  store.batch(() => {
    if (info) {
      store.info = {
        ...store.info,
        context: info.context ?? store.info.context,
        cluster: info.cluster ?? store.info.cluster,
        server: info.server ?? store.info.server,
        serverVersion: info.serverVersion,
        user: info.user,
        capturedAt: info.capturedAt,
        namespace: store.info.namespace ?? info.namespace,
      };
    }
    // Lost input stays visible: structured for the header and reports, one line each for the footer.
    store.loadErrors.push(...res.errors);
    store.warnings.push(...res.errors.map(formatLoadError));
  });
}

export async function openSnapshot(p: string, source: SourceKind, clusterDomain = 'cluster.local', namespace?: string): Promise<{ store: ClusterStore; result: LoadResult }> {
  const result = await loadSnapshot(p);
  const total = [...result.objects.values()].reduce((n, a) => n + a.length, 0);
  if (total === 0 && result.errors.length > 0) {
    const more = result.errors.length - 1;
    throw new SnapshotError(`${formatLoadError(result.errors[0]!)}${more ? ` (and ${more} more document${more === 1 ? '' : 's'} that could not be read)` : ''}`);
  }
  if (total === 0 && !result.info) {
    const unknown = [...result.unknownKinds.keys()].slice(0, 3).join(', ');
    throw new SnapshotError(`snapshot ${p}: no Kubernetes objects k8stui reads${unknown ? ` (found only ${unknown})` : ''}`);
  }
  // Before the store ingests them: managedFields' times are still there.
  if (!result.info?.capturedAt) result.newest = newestTimestamp([...result.objects.values()].flat());
  const store = new ClusterStore({ source, path: p, clusterDomain, namespace });
  applySnapshot(store, result);
  return { store, result };
}
