// The diagnostics engine: runs every area's checks over the store, then
// scopes, filters, links, suppresses, sorts and counts the findings.
//
// Linking rule (issue 5: pod findings are linked, not repeated as noise):
// a pod's own findings are kept (they name the concrete cause: the probe
// output, the exit code), and each is cross-referenced with the findings of
// the objects the pod serves that are *about their pods' state*:
//   - its controlling StatefulSet: statefulset/ordinal-blocked, statefulset/rollout-stuck
//   - its controlling Job (and that Job's CronJob): job/stuck-pending, job/failed, cronjob/last-run-failed
//   - every Service in its namespace whose selector selects it: service/no-ready-endpoints, service/some-endpoints-not-ready
// The owner finding's `related` names the pod findings, and each pod finding's
// `related` names the owner findings. Findings about configuration (a missing
// governing Service, an invalid schedule, ...) are not linked to pods. Links
// an area set itself are kept when both ends are in the report, and made
// reciprocal. A link never points at a finding that was filtered out or
// suppressed.
//
// Root-cause rule (issue 9: one fault, one root cause): every check sits on a
// layer of CAUSE_LAYER below. A finding *explains* a finding it is linked to
// (`related`) when its check's layer is lower:
//   0  configuration: the object as written cannot work (a missing
//      StorageClass, governing Service, IngressClass, backend, TLS Secret; an
//      invalid schedule or zone; an unresolvable port; restartPolicy Always)
//   5  configuration seen from the other side (a Service that selects nothing,
//      explained by the StatefulSet whose selector it does not match)
//   10 storage and infrastructure state (a claim not bound, a load balancer the
//      cloud controller failed to sync)
//   20 a pod's concrete cause (unschedulable, a scheduler error, image pull,
//      liveness), then
//   21 a crash loop (a liveness kill can drive it), then 22 readiness
//   30 an owner's or a Service's view of its pods (ordinal blocked, rollout
//      stuck, Job pending or failed, endpoints not ready, LB/Ingress address)
//   40 the consumers of those (an Ingress backend without endpoints, a
//      CronJob's last run failed or its runs missed)
// So configuration and storage causes explain pod states, a pod's concrete
// cause explains its owner's rollout-stuck and its Service's endpoints, and a
// Service's endpoints explain the Ingress in front of it. Findings on the same
// layer never explain each other (two Ingresses in a path conflict are two
// root causes). Explanation only goes from a lower layer to a higher one, so
// it cannot form a cycle whatever links the areas set; the walk below still
// guards against one. A finding nothing explains is a root cause
// (`rootCause: true`); every other finding names the root causes it follows
// from (`causedBy`, reached through the chain of explanations). The report
// lists each root cause followed by the findings it explains (an effect of
// several root causes once, under the first); root causes are ordered by the
// worst severity among them and their effects, and counted that way in
// summary.rootCauses.
import type { ClusterStore } from '../src/cluster/store.js';
import { type KindName, lookupKind } from '../src/cluster/kinds.js';
import type { Pod, K8sObject } from '../src/model/types.js';
import { controllerOf } from '../src/model/pod.js';
import { matchesMap } from '../src/model/labels.js';
import type { AreaChecks, CheckContext, CheckMeta, DiagnosticsReport, Finding, ObjectRef, Severity } from './types.js';
import { DEFAULT_GRACE_MS, type DiagConfig, emptyConfig, excludedBy, globMatch, ignoredByAnnotation, isGlob, severityOverride } from './config.js';
import * as podArea from './pod.js';
import * as accessArea from './access.js';
import * as serviceArea from './service.js';
import * as statefulsetArea from './statefulset.js';
import * as cronjobArea from './cronjob.js';
import * as jobArea from './job.js';
import * as ingressArea from './ingress.js';

export interface AreaModule {
  area: CheckMeta['area'];
  checks: CheckMeta[];
  run: AreaChecks;
  /** The kinds whose objects the area inspects one by one (the report's `checked` objects: JUnit's testcases). */
  inspects?: KindName[];
}

/**
 * Every area that exists, in run order. access/partial is not here: it runs
 * last, over what the others recorded through ctx.skipped().
 */
export const AREAS: AreaModule[] = [
  { area: 'statefulset', checks: statefulsetArea.checks, run: statefulsetArea.run, inspects: ['StatefulSet'] },
  { area: 'cronjob', checks: cronjobArea.checks, run: cronjobArea.run, inspects: ['CronJob'] },
  { area: 'job', checks: jobArea.checks, run: jobArea.run, inspects: ['Job'] },
  { area: 'service', checks: serviceArea.checks, run: serviceArea.run, inspects: ['Service'] },
  { area: 'ingress', checks: ingressArea.checks, run: ingressArea.run, inspects: ['Ingress'] },
  { area: 'pod', checks: podArea.checks, run: podArea.run, inspects: ['Pod'] },
];

export const ACCESS_CHECKS: CheckMeta[] = accessArea.checks;

export interface DiagnosticsOptions {
  /** Evaluation time (ms). */
  now: number;
  /** Overrides the config's gracePeriod; default 5 minutes. */
  graceMs?: number;
  /** Namespace scope; undefined = all namespaces. */
  namespace?: string;
  config?: DiagConfig;
  /** Only these check ids (or globs). */
  checks?: string[];
  /** Never these check ids (or globs). */
  excludeChecks?: string[];
  /** The areas to run (default AREAS); for tests. */
  areas?: AreaModule[];
  /** Also list every object the areas inspected (report.checked, for JUnit); costs a pass over those kinds. */
  withChecked?: boolean;
}

/** The report plus what the JSON shape has no place for. */
export interface EngineReport extends DiagnosticsReport {
  /** Findings removed by the config or an object's k8stui.dev/ignore annotation. */
  suppressedFindings: Finding[];
  /** An area that threw: its checks did not run (a bug; shown, never fatal). */
  errors: string[];
  /** With opts.withChecked: every object the areas that ran inspected, and every object a finding is about, sorted (JUnit's testcases). */
  checked?: ObjectRef[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function allCheckMetas(areas: AreaModule[] = AREAS): CheckMeta[] {
  return [...areas.flatMap((a) => a.checks), ...ACCESS_CHECKS];
}

function selects(patterns: string[], id: string): boolean {
  return patterns.some((p) => p === id || (isGlob(p) && globMatch(p, id)));
}

export function refKey(o: ObjectRef): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

function findingKey(check: string, o: ObjectRef): string {
  return `${check}|${refKey(o)}`;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    cmp(a.object.namespace ?? '', b.object.namespace ?? '') ||
    cmp(a.object.kind, b.object.kind) ||
    cmp(a.object.name, b.object.name) ||
    cmp(a.check, b.check) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The API object a finding is about, when it is a kind the store holds. */
export function objectOf(store: ClusterStore, o: ObjectRef): K8sObject | undefined {
  const k = lookupKind(o.kind);
  if (!k || k.kind !== o.kind) return undefined;
  return store.get(k.kind as KindName, o.namespace, o.name);
}

/** Checks whose findings are about the state of the owner's pods (see the linking rule above). */
export const POD_STATE_CHECKS: Record<string, string[]> = {
  StatefulSet: ['statefulset/ordinal-blocked', 'statefulset/rollout-stuck'],
  Job: ['job/stuck-pending', 'job/failed'],
  CronJob: ['cronjob/last-run-failed'],
  Service: ['service/no-ready-endpoints', 'service/some-endpoints-not-ready'],
};

function addRelated(f: Finding, other: Finding): void {
  const list = (f.related ??= []);
  if (!list.some((r) => r.check === other.check && refKey(r.object) === refKey(other.object))) {
    list.push({ check: other.check, object: other.object });
  }
}

/** Objects whose pod-state findings a pod's findings explain. */
function podOwners(store: ClusterStore, pod: Pod): ObjectRef[] {
  const ns = pod.metadata.namespace;
  const out: ObjectRef[] = [];
  const ctl = controllerOf(pod);
  if (ctl?.kind === 'StatefulSet') out.push({ kind: 'StatefulSet', namespace: ns, name: ctl.name });
  if (ctl?.kind === 'Job') {
    out.push({ kind: 'Job', namespace: ns, name: ctl.name });
    const job = store.get('Job', ns, ctl.name);
    const cj = job ? controllerOf(job) : undefined;
    if (cj?.kind === 'CronJob') out.push({ kind: 'CronJob', namespace: ns, name: cj.name });
  }
  for (const svc of store.list('Service', ns)) {
    if (matchesMap(svc.spec?.selector, pod.metadata.labels)) out.push({ kind: 'Service', namespace: ns, name: svc.metadata.name });
  }
  return out;
}

function link(store: ClusterStore, findings: Finding[]): void {
  const byObject = new Map<string, Finding[]>();
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const k = refKey(f.object);
    let arr = byObject.get(k);
    if (!arr) byObject.set(k, (arr = []));
    arr.push(f);
    byKey.set(findingKey(f.check, f.object), f);
  }
  // Links set by the areas: drop dangling ones, make the rest reciprocal.
  for (const f of findings) {
    if (!f.related) continue;
    const kept = f.related.filter((r) => byKey.has(findingKey(r.check, r.object)));
    if (kept.length) f.related = kept;
    else delete f.related;
    for (const r of kept) addRelated(byKey.get(findingKey(r.check, r.object))!, f);
  }
  // Pod findings ↔ their owners' pod-state findings.
  for (const [key, podFindings] of byObject) {
    if (!key.startsWith('Pod/')) continue;
    const ref = podFindings[0]!.object;
    const pod = store.get<Pod>('Pod', ref.namespace, ref.name);
    if (!pod) continue;
    for (const owner of podOwners(store, pod)) {
      const ids = POD_STATE_CHECKS[owner.kind] ?? [];
      for (const of of byObject.get(refKey(owner)) ?? []) {
        if (!ids.includes(of.check)) continue;
        for (const pf of podFindings) {
          addRelated(of, pf);
          addRelated(pf, of);
        }
      }
    }
  }
}

/** Each check's place in the cause order (see the root-cause rule above). */
export const CAUSE_LAYER: Record<string, number> = {
  // 0: configuration
  'statefulset/service-missing': 0,
  'statefulset/no-governing-service': 0,
  'statefulset/service-not-headless': 0,
  'statefulset/service-selector-mismatch': 0,
  'statefulset/storageclass-missing': 0,
  'statefulset/probes-missing': 0,
  'statefulset/update-held-by-partition': 0,
  'statefulset/ondelete-pending': 0,
  'cronjob/schedule-invalid': 0,
  'cronjob/schedule-timezone-prefix': 0,
  'cronjob/timezone-invalid': 0,
  'cronjob/timezone-unset': 0,
  'cronjob/suspended': 0,
  'cronjob/history-disabled': 0,
  'job/restart-policy-always': 0,
  'job/no-ttl': 0,
  'service/target-port-unresolved': 0,
  'service/no-endpoints-selectorless': 0,
  'service/lb-annotations-ignored': 0,
  'ingress/class-missing': 0,
  'ingress/backend-service-missing': 0,
  'ingress/backend-port-missing': 0,
  'ingress/tls-secret-missing': 0,
  'ingress/tls-secret-wrong-type': 0,
  'ingress/tls-cert-expired': 0,
  'ingress/tls-cert-expiring': 0,
  'ingress/tls-host-not-covered': 0,
  'ingress/path-conflict': 0,
  'pod/probe-port-unresolved': 0,
  'access/partial': 0,
  // 5: configuration seen from the other side
  'service/no-matching-pods': 5,
  // 10: storage and infrastructure
  'statefulset/pvc-pending': 10,
  'statefulset/orphaned-pvc': 10,
  'service/loadbalancer-sync-failed': 10,
  // 20-22: a pod's concrete cause
  'pod/unschedulable': 20,
  'pod/scheduler-error': 20,
  'pod/image-pull-failing': 20,
  'pod/liveness-failing': 20,
  'pod/crash-loop': 21,
  'pod/readiness-failing': 22,
  // 30: an owner's or a Service's view of its pods
  'statefulset/ordinal-blocked': 30,
  'statefulset/rollout-stuck': 30,
  'job/stuck-pending': 30,
  'job/failed': 30,
  'service/no-ready-endpoints': 30,
  'service/some-endpoints-not-ready': 30,
  'service/external-traffic-local-imbalance': 30,
  'service/loadbalancer-pending': 30,
  'ingress/no-address': 30,
  // 40: the consumers of those
  'ingress/backend-no-endpoints': 40,
  'cronjob/last-run-failed': 40,
  'cronjob/missed-runs': 40,
  'cronjob/too-many-missed': 40,
  'cronjob/forbid-skipping': 40,
  'cronjob/replace-interrupting': 40,
};

/** A check's layer; a check not in the table yet: a pod's state if it is a pod check, else an owner's view. */
export function causeLayer(check: string): number {
  return CAUSE_LAYER[check] ?? (check.startsWith('pod/') ? 20 : 30);
}

/**
 * Marks root causes and effects (rootCause, causedBy) and returns the findings
 * in report order: each root cause, then the findings it explains. Also the
 * root-cause counts by the worst severity of each group.
 */
function groupByRootCause(findings: Finding[]): { ordered: Finding[]; rootCauses: Record<Severity, number> } {
  const byKey = new Map<string, Finding>();
  for (const f of findings) byKey.set(findingKey(f.check, f.object), f);
  // Direct explanations: a linked finding on a lower layer.
  const explainedBy = new Map<Finding, Finding[]>();
  for (const f of findings) {
    const lf = causeLayer(f.check);
    const causes: Finding[] = [];
    for (const r of f.related ?? []) {
      const g = byKey.get(findingKey(r.check, r.object));
      if (g && g !== f && causeLayer(g.check) < lf) causes.push(g);
    }
    if (causes.length) explainedBy.set(f, causes);
  }
  // The root causes each finding follows from (memoized walk; `visiting` guards against a cycle).
  const rootsOf = new Map<Finding, Finding[]>();
  const visiting = new Set<Finding>();
  const walk = (f: Finding): Finding[] => {
    const known = rootsOf.get(f);
    if (known) return known;
    const causes = explainedBy.get(f);
    if (!causes) {
      rootsOf.set(f, [f]);
      return [f];
    }
    if (visiting.has(f)) return [];
    visiting.add(f);
    const roots: Finding[] = [];
    for (const c of causes) for (const r of walk(c)) if (!roots.includes(r)) roots.push(r);
    visiting.delete(f);
    rootsOf.set(f, roots);
    return roots;
  };
  const roots: Finding[] = [];
  const effectsOf = new Map<Finding, Finding[]>();
  for (const f of findings) {
    const rs = walk(f);
    if (rs.length === 1 && rs[0] === f) {
      f.rootCause = true;
      delete f.causedBy;
      roots.push(f);
      continue;
    }
    f.rootCause = false;
    const sorted = [...rs].sort(compareFindings);
    f.causedBy = sorted.map((r) => ({ check: r.check, object: r.object }));
    for (const r of sorted) {
      let arr = effectsOf.get(r);
      if (!arr) effectsOf.set(r, (arr = []));
      arr.push(f);
    }
  }
  const groupRank = new Map<Finding, number>();
  for (const r of roots) groupRank.set(r, Math.min(SEVERITY_RANK[r.severity], ...(effectsOf.get(r) ?? []).map((e) => SEVERITY_RANK[e.severity])));
  roots.sort((a, b) => groupRank.get(a)! - groupRank.get(b)! || compareFindings(a, b));
  const ordered: Finding[] = [];
  const placed = new Set<Finding>();
  const rootCauses: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
  for (const r of roots) {
    rootCauses[SEVERITIES[groupRank.get(r)!]!]++;
    ordered.push(r);
    const effects = (effectsOf.get(r) ?? []).filter((e) => !placed.has(e));
    effects.sort((a, b) => causeLayer(a.check) - causeLayer(b.check) || compareFindings(a, b));
    for (const e of effects) {
      placed.add(e);
      ordered.push(e);
    }
  }
  // A finding caught in a cycle with no root (cannot happen with strictly ordered layers): kept, as its own root.
  for (const f of findings) {
    if (f.rootCause || placed.has(f)) continue;
    f.rootCause = true;
    delete f.causedBy;
    rootCauses[f.severity]++;
    ordered.push(f);
  }
  return { ordered, rootCauses };
}

function sourceOf(store: ClusterStore, namespace: string | undefined): Record<string, unknown> {
  const i = store.info;
  const src: Record<string, unknown> = { type: i.source };
  for (const k of ['context', 'cluster', 'server', 'serverVersion', 'path', 'capturedAt', 'nowSource', 'nowFrom'] as const) if (i[k]) src[k] = i[k];
  src.namespace = namespace ?? null;
  return src;
}

export function runDiagnostics(store: ClusterStore, opts: DiagnosticsOptions): EngineReport {
  const steps = diagnosticsSteps(store, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * runDiagnostics one area at a time: the generator pauses after each area,
 * so a caller that must stay responsive (the data thread serving the UI)
 * can do other work between areas. Same report as runDiagnostics.
 */
export function* diagnosticsSteps(store: ClusterStore, opts: DiagnosticsOptions): Generator<string, EngineReport, void> {
  const config = opts.config ?? emptyConfig();
  const graceMs = opts.graceMs ?? config.graceMs ?? DEFAULT_GRACE_MS;
  const namespace = opts.namespace;
  const areas = opts.areas ?? AREAS;
  const wanted = (id: string) => (!opts.checks?.length || selects(opts.checks, id)) && !(opts.excludeChecks?.length && selects(opts.excludeChecks, id));

  const skipped: accessArea.SkipRecord[] = [];
  const ctx: CheckContext = {
    store,
    now: opts.now,
    graceMs,
    namespace,
    skipped: (check, kind, why) => void skipped.push({ check, kind, why }),
  };

  const errors: string[] = [];
  let findings: Finding[] = [];
  const checked = new Map<string, ObjectRef>();
  for (const a of areas) {
    if (!a.checks.some((c) => wanted(c.id))) continue;
    if (opts.withChecked) for (const kind of a.inspects ?? []) {
      for (const o of store.list(kind, namespace)) {
        const r: ObjectRef = { kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
        checked.set(refKey(r), r);
      }
    }
    try {
      // Copies: the engine sets severity and related, and an area may hand out findings it caches.
      for (const f of a.run(ctx)) findings.push({ ...f, object: { ...f.object }, related: f.related?.map((r) => ({ check: r.check, object: { ...r.object } })) });
    } catch (e) {
      errors.push(`${a.area} checks failed: ${(e as Error).message}`);
    }
    yield a.area;
  }
  // Scope: the areas already look only at the namespace; cluster-scoped findings stay.
  findings = findings.filter((f) => wanted(f.check) && (namespace === undefined || f.object.namespace === undefined || f.object.namespace === namespace));

  // access/partial: kinds that could not be read, and the skipped checks that were asked for.
  // It is produced whenever it is selected, or when a selected check was skipped (so
  // `--check X` never comes back empty without saying X could not run).
  const relevantSkips = skipped.filter((s) => wanted(s.check));
  const accessWanted = wanted('access/partial') || (relevantSkips.length > 0 && !opts.excludeChecks?.some((p) => selects([p], 'access/partial')));
  if (accessWanted) {
    let acc = accessArea.accessFindings(store, namespace, relevantSkips);
    if (!wanted('access/partial')) acc = acc.filter((f) => f.evidence.some((e) => e.startsWith('skipped ')));
    findings.push(...acc);
  }

  // Severity overrides, then suppression (config rules, then the object's annotation).
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const sev = severityOverride(config, f.check);
    if (sev) f.severity = sev;
    if (excludedBy(config, f)) {
      suppressed.push(f);
      continue;
    }
    const obj = objectOf(store, f.object);
    if (obj && ignoredByAnnotation(obj.metadata.annotations, f.check)) {
      suppressed.push(f);
      continue;
    }
    kept.push(f);
  }

  link(store, kept);
  kept.sort(compareFindings);
  for (const f of kept) f.related?.sort((a, b) => cmp(refKey(a.object), refKey(b.object)) || cmp(a.check, b.check));
  const { ordered, rootCauses } = groupByRootCause(kept);
  let checkedList: ObjectRef[] | undefined;
  if (opts.withChecked) {
    for (const f of kept) if (!checked.has(refKey(f.object))) checked.set(refKey(f.object), { ...f.object });
    checkedList = [...checked.values()].sort((a, b) => cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.kind, b.kind) || cmp(a.name, b.name));
  }

  const summary = { error: 0, warning: 0, info: 0, suppressed: suppressed.length, objects: new Set(kept.map((f) => refKey(f.object))).size, rootCauses };
  for (const f of kept) summary[f.severity]++;

  return {
    apiVersion: 'k8stui.dev/v1',
    kind: 'DiagnosticsReport',
    source: sourceOf(store, namespace),
    evaluatedAt: new Date(opts.now).toISOString(),
    summary,
    ...(store.loadErrors.length ? { loadErrors: store.loadErrors.map((e) => ({ ...e })) } : {}),
    findings: ordered,
    suppressedFindings: suppressed,
    errors,
    ...(checkedList ? { checked: checkedList } : {}),
  };
}

// ---------- root-cause groups, for the text report and the views ----------

export interface RootCauseGroup {
  root: Finding;
  /** Findings the root explains, among those given (each effect under its first root only). */
  effects: Finding[];
  /** The worst severity of the root and its effects. */
  severity: Severity;
}

/**
 * Groups findings (in report order) under their root causes. Findings without
 * the engine's marks (an area's raw output) are their own root causes. An
 * effect whose root causes are not among `findings` (a Service whose pods'
 * StatefulSet lacks its StorageClass) is returned in `elsewhere`.
 */
export function rootCauseGroups(findings: Finding[]): { groups: RootCauseGroup[]; elsewhere: Finding[] } {
  const groups: RootCauseGroup[] = [];
  const byKey = new Map<string, RootCauseGroup>();
  for (const f of findings) {
    if (f.rootCause === false) continue;
    const g: RootCauseGroup = { root: f, effects: [], severity: f.severity };
    groups.push(g);
    byKey.set(findingKey(f.check, f.object), g);
  }
  const elsewhere: Finding[] = [];
  for (const f of findings) {
    if (f.rootCause !== false) continue;
    const g = (f.causedBy ?? []).map((c) => byKey.get(findingKey(c.check, c.object))).find((x) => x !== undefined);
    if (!g) {
      elsewhere.push(f);
      continue;
    }
    g.effects.push(f);
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[g.severity]) g.severity = f.severity;
  }
  return { groups, elsewhere };
}

// ---------- for the views ----------

export interface FindingsIndex {
  findingsFor(kind: string, namespace: string | undefined, name: string): Finding[];
  /** The most severe finding's severity on an object, if any. */
  worst(kind: string, namespace: string | undefined, name: string): Severity | undefined;
}

const indexes = new WeakMap<DiagnosticsReport, FindingsIndex>();
const NONE: Finding[] = [];

/** A lookup of a report's findings by object, built once per report. */
export function findingsIndex(report: DiagnosticsReport): FindingsIndex {
  let idx = indexes.get(report);
  if (idx) return idx;
  const m = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const k = refKey(f.object);
    let arr = m.get(k);
    if (!arr) m.set(k, (arr = []));
    arr.push(f);
  }
  const get = (kind: string, namespace: string | undefined, name: string) => m.get(`${kind}/${namespace ?? ''}/${name}`) ?? NONE;
  idx = {
    findingsFor: get,
    // The report is in root-cause order, not severity order: look at every finding of the object.
    worst: (kind, namespace, name) => {
      let w: Severity | undefined;
      for (const f of get(kind, namespace, name)) if (w === undefined || SEVERITY_RANK[f.severity] < SEVERITY_RANK[w]) w = f.severity;
      return w;
    },
  };
  indexes.set(report, idx);
  return idx;
}

const cache = new WeakMap<ClusterStore, { version: number; key: string; config?: DiagConfig; report: EngineReport }>();

/**
 * The report for the store's current version (recomputed only when the store,
 * the scope, the evaluation time or the config change): what the TUI puts in
 * ViewCtx.diagnostics. The shell should pass a `now` that moves in coarse
 * steps (e.g. once per second) so a burst of redraws reuses one report.
 */
export function diagnosticsFor(store: ClusterStore, opts: Omit<DiagnosticsOptions, 'areas'>): EngineReport {
  const key = JSON.stringify([opts.now, opts.namespace ?? null, opts.graceMs ?? null, opts.checks ?? null, opts.excludeChecks ?? null]);
  const c = cache.get(store);
  if (c && c.version === store.version && c.key === key && c.config === opts.config) return c.report;
  const report = runDiagnostics(store, opts);
  cache.set(store, { version: store.version, key, config: opts.config, report });
  return report;
}
