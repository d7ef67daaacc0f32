// Which fields of the cluster's objects do the views, models and checks read?
//
// recordingStore() fills a ClusterStore with whole objects (ingested, not
// projected), each wrapped in a Proxy that records every property path read
// below it: `spec.containers[].ports[].containerPort` (array positions as
// `[]`), `metadata.labels.*` when a map's keys are enumerated. exerciseAll()
// then runs what the dashboard runs: every view's rows, every column's value,
// cell, tone and sort key, each row's key, object, detail lines, log targets
// and Enter, every object's events (`e`), label-selector filtering, and the
// full diagnostics (all namespaces and each one). What `y` shows (the whole
// object) is fetched on demand and never read from the store.
import type { ClusterStore } from '../../src/cluster/store.js';
import type { KindName } from '../../src/cluster/kinds.js';
import { KINDS } from '../../src/cluster/kinds.js';
import type { K8sObject } from '../../src/model/types.js';
import type { ViewCtx, ViewDef } from '../../views/types.js';
import { allViews } from '../../views/registry.js';
import { objectEventLines } from '../../views/common.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { matchesSelector, parseSelector } from '../../src/model/labels.js';

/** kind → paths read (e.g. "spec.containers[].image"). */
export type Reads = Map<string, Set<string>>;

const ARRAY_PROTO = new Set(Object.getOwnPropertyNames(Array.prototype));
const OBJECT_PROTO = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Wrap one object so that every read below it is recorded under `kind`. */
export function recording<T extends object>(target: T, kind: string, reads: Reads): T {
  let set = reads.get(kind);
  if (!set) reads.set(kind, (set = new Set()));
  const sink = set;
  const proxies = new WeakMap<object, Map<string, object>>();
  const wrap = (t: object, path: string): object => {
    let byPath = proxies.get(t);
    if (!byPath) proxies.set(t, (byPath = new Map()));
    let p = byPath.get(path);
    if (p) return p;
    p = new Proxy(t, {
      get(obj, prop, receiver) {
        const v = Reflect.get(obj, prop, receiver);
        if (typeof prop === 'symbol') return v;
        let child: string;
        if (Array.isArray(obj)) {
          if (!/^\d+$/.test(prop)) {
            if (prop === 'length' || ARRAY_PROTO.has(prop)) return v;
          }
          child = `${path}[]`;
        } else {
          if (!Object.prototype.hasOwnProperty.call(obj, prop) && OBJECT_PROTO.has(prop)) return v;
          child = path ? `${path}.${prop}` : prop;
        }
        sink.add(child);
        return v !== null && typeof v === 'object' ? wrap(v as object, child) : v;
      },
      has(obj, prop) {
        if (typeof prop !== 'symbol' && !Array.isArray(obj)) sink.add(path ? `${path}.${prop}` : prop);
        return Reflect.has(obj, prop);
      },
      ownKeys(obj) {
        sink.add(Array.isArray(obj) ? `${path}[]` : path ? `${path}.*` : '*');
        return Reflect.ownKeys(obj);
      },
    });
    byPath.set(path, p);
    return p;
  };
  return wrap(target, '') as T;
}

/** Replace every object of the store with a recording proxy of itself. */
export function recordStore(store: ClusterStore, reads: Reads): void {
  for (const k of KINDS) {
    const objs = store.list(k.kind);
    if (objs.length === 0) continue;
    const wrapped = objs.map((o) => recording(o, k.kind, reads));
    const status = store.status(k.kind);
    store.replace(k.kind, wrapped, undefined, { raw: true });
    store.setStatus(k.kind, status);
  }
}

function namespacesOf(store: ClusterStore): (string | undefined)[] {
  const ns = new Set<string>();
  for (const k of KINDS) if (k.namespaced) for (const o of store.list(k.kind)) if (o.metadata.namespace) ns.add(o.metadata.namespace);
  return [undefined, ...[...ns].sort()];
}

/** Everything the dashboard and `k8stui diagnose` read, over the whole store. */
export function exerciseAll(store: ClusterStore, now: number, views: ViewDef[] = allViews()): void {
  const sel = parseSelector('app=web,tier!=db');
  for (const namespace of namespacesOf(store)) {
    const report = runDiagnostics(store, { now, namespace });
    const index = new Map<string, typeof report.findings>();
    for (const f of report.findings) {
      const k = `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
      index.set(k, [...(index.get(k) ?? []), f]);
    }
    for (const wide of [false, true]) {
      const ctx: ViewCtx = {
        store,
        now,
        namespace,
        width: 200,
        noColor: false,
        wide,
        diagnostics: report,
        findingsFor: (kind, ns, name) => index.get(`${kind}/${ns ?? ''}/${name}`) ?? [],
        contexts: [{ name: 'ctx', current: true }],
      };
      for (const v of views) {
        const rows = v.rows(ctx);
        for (const r of rows) {
          for (const c of v.columns) {
            c.value(r, ctx);
            c.cell?.(r, ctx);
            c.tone?.(r, ctx);
            c.sortValue?.(r, ctx);
          }
          v.key(r);
          if (wide) continue; // detail lines do not depend on wide columns
          const o = v.object?.(r, ctx);
          v.detail?.(r, ctx);
          v.logTargets?.(r, ctx);
          v.enter?.(r, ctx);
          if (o) {
            objectEventLines(ctx, o);
            matchesSelector(sel, o.metadata.labels);
            // What the shell reads for `l` on an object that is a pod.
            if (o.kind === 'Pod') (o.spec?.containers ?? []).map((c: { name: string }) => c.name);
          }
        }
      }
    }
  }
}

/** Kinds present in the store, for reporting. */
export function kindsIn(store: ClusterStore): KindName[] {
  return KINDS.filter((k) => store.count(k.kind) > 0).map((k) => k.kind);
}

export type { K8sObject };
