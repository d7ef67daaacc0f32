// StatefulSet diagnostics (issue 5, "StatefulSet"). Every check reads the same
// model the :sts view draws (src/model/statefulset.ts), so the map a user sees
// and the finding they get cannot disagree.
//
// Precision: only a Service / StorageClass that is absent from a completely
// read list is "missing"; anything unreadable is recorded with ctx.skipped().
// Time-based checks (ordinal-blocked, rollout-stuck, pvc-pending) wait for
// ctx.graceMs, measured from the fields that say since when (Ready condition,
// deletionTimestamp, claim creation, FailedCreate events), at ctx.now.
import type { ClusterStore } from '../src/cluster/store.js';
import type { Container, KubeEvent } from '../src/model/types.js';
import {
  type ClaimInfo,
  type OrdinalRow,
  type StatefulSetAnalysis,
  analyzeStatefulSets,
  claimPhrase,
  classPhrase,
  podProblemCheck,
  shortRevision,
} from '../src/model/statefulset.js';
import { type ResolvedClass, type StorageClass, defaultStorageClass, describeClass, isDefaultStorageClass, pvcEvents, resolveStorageClass, SELECTED_NODE_ANNOTATION } from '../src/model/pvc.js';
import { eventsFor } from '../src/model/events.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import { diffText, formatSelectorMap, labelDiffs } from '../src/model/labels.js';
import { sanitizeLine } from '../src/model/sanitize.js';
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef, Severity } from './types.js';
import { eventEvidence } from './pod.js';
import { type CreateTarget, createFailureEvidence, createFailureSteps } from './create-failure.js';
import { describeCreateFailure } from '../src/model/admission.js';

/** Design-notes sections (the StatefulSet part of the notes). */
export const DOC = {
  dns: 'StatefulSet › 1. 与 Deployment 的主要区别 › 网络标识',
  headless: 'StatefulSet › 4. 依赖与配置 › Headless Service',
  ordered: 'StatefulSet › 2. 核心特性 › 有序部署与扩缩容',
  rolling: 'StatefulSet › 2. 核心特性 › 滚动更新策略',
  storage: 'StatefulSet › 4. 依赖与配置 › 持久化存储',
  retention: 'StatefulSet › 5. 注意事项 › 存储保留策略',
  probes: 'StatefulSet › 4. 依赖与配置 › 探针配置',
} as const;

export const checks: CheckMeta[] = [
  { id: 'statefulset/service-missing', severity: 'error', area: 'statefulset', title: 'spec.serviceName names a Service that does not exist', doc: DOC.headless },
  { id: 'statefulset/no-governing-service', severity: 'info', area: 'statefulset', title: 'spec.serviceName is empty: pods get no stable DNS names', doc: DOC.dns },
  { id: 'statefulset/service-not-headless', severity: 'error', area: 'statefulset', title: 'The governing Service is not headless (clusterIP is not None)', doc: DOC.headless },
  { id: 'statefulset/service-selector-mismatch', severity: 'warning', area: 'statefulset', title: "The governing Service's selector does not select the pod template's labels", doc: DOC.headless },
  { id: 'statefulset/ordinal-blocked', severity: 'error', area: 'statefulset', title: 'OrderedReady and an ordinal is not Ready past the grace period, so higher ordinals or the rollout wait; or (either policy) the API server refuses to create its pod or claim (FailedCreate, read like the CronJob and Job checks read it)', doc: DOC.ordered },
  { id: 'statefulset/rollout-stuck', severity: 'warning', area: 'statefulset', title: 'The ordinal being updated has not become Ready within the grace period', doc: DOC.rolling },
  { id: 'statefulset/update-held-by-partition', severity: 'info', area: 'statefulset', title: 'The partition keeps ordinals below it on the old revision', doc: DOC.rolling },
  { id: 'statefulset/ondelete-pending', severity: 'info', area: 'statefulset', title: 'OnDelete: pods still on the old revision until deleted', doc: DOC.rolling },
  { id: 'statefulset/storageclass-missing', severity: 'error', area: 'statefulset', title: 'A volumeClaimTemplate names a StorageClass that does not exist, or none and there is no default', doc: DOC.storage },
  { id: 'statefulset/pvc-pending', severity: 'error', area: 'statefulset', title: "An ordinal's PersistentVolumeClaim is Lost, or stays Pending when it should bind (from the binding mode, the selected node and its pod; never from event types)", doc: DOC.storage },
  { id: 'statefulset/orphaned-pvc', severity: 'warning', area: 'statefulset', title: 'Claims of ordinals outside the current range, kept after a scale-down', doc: DOC.retention },
  { id: 'statefulset/probes-missing', severity: 'warning', area: 'statefulset', title: 'A container in the pod template has no readinessProbe (info: only livenessProbe missing)', doc: DOC.probes },
];

const META = new Map(checks.map((c) => [c.id, c]));

interface Env {
  ctx: CheckContext;
  store: ClusterStore;
  a: StatefulSetAnalysis;
  ref: ObjectRef;
  ns: string;
  /** `-l app=nginx` from the selector's matchLabels. */
  sel: string;
  out: Finding[];
}

function add(env: Env, id: string, message: string, evidence: string[], nextSteps: string[], extra: { severity?: Severity; related?: Finding['related'] } = {}): Finding {
  const meta = META.get(id)!;
  const f: Finding = { check: id, severity: extra.severity ?? meta.severity, object: env.ref, message, evidence, nextSteps, doc: meta.doc };
  if (extra.related?.length) f.related = extra.related;
  env.out.push(f);
  return f;
}

function ago(env: Env, t: number): string {
  return humanDuration(env.ctx.now - t);
}

function pastGrace(env: Env, since: number | undefined): boolean {
  return since !== undefined && env.ctx.now - since >= env.ctx.graceMs;
}

function newestWarning(events: KubeEvent[]): KubeEvent | undefined {
  return events.find((e) => e.type === 'Warning');
}

export const run: AreaChecks = (ctx) => {
  const out: Finding[] = [];
  const store = ctx.store;
  const all = analyzeStatefulSets(store, ctx.namespace, ctx.now);
  if (all.length === 0) return out;
  for (const a of all) {
    const sel = Object.entries(a.sts.spec?.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const env: Env = { ctx, store, a, ref: { kind: 'StatefulSet', namespace: a.namespace, name: a.name }, ns: a.namespace, sel: sel ? `-l ${sel} ` : '', out };
    serviceChecks(env);
    orderingChecks(env);
    revisionChecks(env);
    const missingClass = storageClassChecks(env);
    pvcPendingChecks(env, missingClass);
    orphanedClaims(env);
    probeChecks(env);
  }
  return out;
};

// ---------------------------------------------------------------- governing Service

function serviceChecks(env: Env): void {
  const { a, ns } = env;
  const svc = a.service;
  const labels = a.sts.spec?.template?.metadata?.labels;
  const podDns = `${a.name}-${a.start}.${svc.name}.${ns}.svc.${env.store.info.clusterDomain || 'cluster.local'}`;
  // The StatefulSet's own selector, not the template labels: those may carry a version label
  // that the next rollout changes, and a Service selecting on it would lose the pods.
  const stsSelector = a.sts.spec?.selector?.matchLabels ?? {};
  const exprs = (a.sts.spec?.selector?.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[];
  const selectorFor = Object.keys(stsSelector).length ? formatSelectorMap(stsSelector) : formatSelectorMap(labels);
  const exprNote = exprs.length ? ` (spec.selector also has matchExpressions ${exprs.map((e) => `${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(',')})` : ''}`).join('; ')}, which a Service selector cannot express)` : '';
  const createFix = `fix: create a headless Service (clusterIP: None) named ${svc.name || '<name>'} in ${ns} with selector ${selectorFor} (the StatefulSet's spec.selector)${exprNote}`;
  switch (svc.state) {
    case 'none':
      add(
        env,
        'statefulset/no-governing-service',
        `spec.serviceName is empty: pods of ${a.name} get no stable DNS names`,
        ['spec.serviceName: ""', `pod template labels: ${formatSelectorMap(labels)}`],
        [
          `kubectl get statefulset ${a.name} -n ${ns} -o jsonpath='{.spec.serviceName}'`,
          `fix: if peers must reach each other by name, create a headless Service and recreate the StatefulSet with serviceName set (it can only be set at creation); deleting the old one with --cascade=orphan keeps its pods and claims`,
        ],
      );
      return;
    case 'unknown':
      for (const id of ['statefulset/service-missing', 'statefulset/service-not-headless', 'statefulset/service-selector-mismatch']) {
        env.ctx.skipped(id, 'Service', `Services in namespace ${ns} could not be listed, so ${svc.name} could not be checked`);
      }
      return;
    case 'missing':
      add(
        env,
        'statefulset/service-missing',
        `governing Service ${svc.name} does not exist: pod DNS names like ${podDns} do not resolve`,
        [`spec.serviceName: ${svc.name}`, `no Service named ${svc.name} in namespace ${ns} (Services were listed completely)`, ...otherSelectingServices(env)],
        [`kubectl get svc ${svc.name} -n ${ns}`, `kubectl get svc -n ${ns} -o wide`, createFix],
      );
      return;
    case 'not-headless': {
      const s = svc.service!;
      add(
        env,
        'statefulset/service-not-headless',
        `governing Service ${svc.name} is not headless (clusterIP ${s.spec?.clusterIP ?? '<none>'}): no per-pod DNS records such as ${podDns}`,
        [`Service ${svc.name}: type ${s.spec?.type ?? 'ClusterIP'}, spec.clusterIP: ${s.spec?.clusterIP ?? '<unset>'}`, `spec.serviceName: ${svc.name}`],
        [
          `kubectl get svc ${svc.name} -n ${ns} -o jsonpath='{.spec.clusterIP}'`,
          `fix: clusterIP cannot be changed to None in place — recreate ${svc.name} with clusterIP: None (keep a separate ClusterIP Service if clients need a load-balanced address)`,
        ],
      );
      break;
    }
  }
  // exists or not-headless: does its selector pick the pods?
  const s = svc.service!;
  if (!svc.selectorMatches) {
    const selector = s.spec?.selector as Record<string, string> | undefined;
    const none = !selector || Object.keys(selector).length === 0;
    add(
      env,
      'statefulset/service-selector-mismatch',
      none
        ? `governing Service ${svc.name} has no selector: no EndpointSlices are made for ${a.name}'s pods, so their DNS records are not published`
        : `governing Service ${svc.name} selects ${formatSelectorMap(selector)}, which does not match the pod template labels ${formatSelectorMap(labels)}`,
      [
        `Service ${svc.name} spec.selector: ${formatSelectorMap(selector)}`,
        `pod template labels: ${formatSelectorMap(labels)}`,
        `StatefulSet spec.selector: ${formatSelector(a.sts.spec?.selector)}`,
        ...(none ? [] : [`the pod template matches ${Object.keys(selector!).length - labelDiffs(selector!, labels).length} of ${Object.keys(selector!).length} selector label${Object.keys(selector!).length === 1 ? '' : 's'}; ${diffText(labelDiffs(selector!, labels), 'it has')}`]),
      ],
      [
        `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${svc.name}`,
        `kubectl get pods -n ${ns} ${env.sel}--show-labels`,
        `fix: set the Service's selector to ${selectorFor} (the StatefulSet's spec.selector; template labels such as a version would stop matching at the next rollout)${exprNote}`,
      ],
    );
  }
}

function formatSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of (sel?.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]) parts.push(`${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(',')})` : ''}`);
  return parts.length ? parts.join(',') : '<none>';
}

function otherSelectingServices(env: Env): string[] {
  const labels = env.a.sts.spec?.template?.metadata?.labels ?? {};
  const found = env.store
    .list('Service', env.ns)
    .filter((s) => {
      const sel = s.spec?.selector as Record<string, string> | undefined;
      return sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v);
    })
    .map((s) => `${s.metadata.name} (${s.spec?.clusterIP === 'None' ? 'headless' : `clusterIP ${s.spec?.clusterIP ?? '-'}`})`);
  return found.length ? [`Services in ${env.ns} that do select the pods: ${found.join(', ')}`] : [];
}

// ---------------------------------------------------------------- ordering and rollout

function podRelated(env: Env, r: OrdinalRow): Finding['related'] {
  const out: NonNullable<Finding['related']> = [];
  if (r.pod) {
    const id = podProblemCheck(r.pod);
    if (id) out.push({ check: id, object: { kind: 'Pod', namespace: env.ns, name: r.podName } });
  }
  if (r.claims.some((c) => c.phase === 'Pending' || c.phase === 'Lost')) out.push({ check: 'statefulset/pvc-pending', object: env.ref });
  return out;
}

/** Why a pod is not Ready, as evidence lines: state, Ready condition, newest warning event. */
function podEvidence(env: Env, r: OrdinalRow): string[] {
  const ev: string[] = [];
  if (!r.pod) return ev;
  const p = r.pod;
  ev.push(`pod ${r.podName}: ${r.state}, ready ${r.ready}, restarts ${r.restarts}${r.node ? `, node ${r.node}` : ''}, revision ${r.revision ?? '-'}`);
  const conds = p.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready) ev.push(`condition Ready=${ready.status}${ready.reason ? ` (${ready.reason})` : ''}${ready.lastTransitionTime ? ` since ${absTime(ready.lastTransitionTime)}` : ''}`);
  const sched = conds.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (sched) ev.push(`condition PodScheduled=False (${sched.reason ?? ''}): ${sched.message ?? ''}`);
  const w = newestWarning(eventsFor(env.store, 'Pod', env.ns, r.podName, p.metadata.uid));
  if (w) ev.push(`${r.podName} ${eventEvidence(w, env.ctx.now)}`);
  return ev;
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The fix for a pod that is not Ready, from what keeps it so (its claims, its own pod finding). */
function podFix(env: Env, r: OrdinalRow): string {
  const p = r.pod;
  if (r.blockingClaims.length) {
    const cls = r.blockingClaims.some((c) => c.storageClass.source === 'named' && c.storageClass.exists === false) ? ' and statefulset/storageclass-missing' : '';
    return `fix: ${r.podName} is not scheduled because it waits for ${r.blockingClaims.map(claimPhrase).join(', ')}: get the claim bound (see statefulset/pvc-pending${cls}); the scheduler places the pod once it is`;
  }
  if (!p) return `fix: ${r.podName} must exist and become Ready`;
  const id = podProblemCheck(p);
  const cond = (p.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const warning = newestWarning(eventsFor(env.store, 'Pod', env.ns, r.podName, p.metadata.uid));
  switch (id) {
    case 'pod/unschedulable':
    case 'pod/scheduler-error':
      return `fix: ${r.podName} cannot be scheduled: ${sanitizeLine(cond?.message ?? 'see its FailedScheduling events').replace(/\s+preemption: .*$/, '')} (see ${id} for what to change)`;
    case 'pod/crash-loop':
      return `fix: ${r.podName} crashes on start: read its previous logs (see pod/crash-loop for the exit code)`;
    case 'pod/image-pull-failing':
      return `fix: ${r.podName}'s image cannot be pulled (see pod/image-pull-failing for the registry's answer)`;
    case 'pod/readiness-failing': {
      // The kubelet's "Readiness probe failed: <output>": say it once.
      const said = warning?.reason === 'Unhealthy' ? sanitizeLine(warning.message ?? '') : '';
      const errored = /^Readiness probe errored\b/.test(said);
      const output = said.replace(/^Readiness probe (?:failed|errored(?: and resulted in unknown state)?):\s*/, '');
      return `fix: ${r.podName}'s readiness probe ${errored ? 'errors' : 'fails'}${output ? `: ${cut(output, 160)}` : ''} (see pod/readiness-failing)`;
    }
    default:
      return `fix: make ${r.podName} Ready (see its own finding)`;
  }
}

function podSteps(env: Env, r: OrdinalRow): string[] {
  const c = (r.pod?.spec?.containers ?? [])[0] as Container | undefined;
  const steps = [`kubectl get pods ${env.sel}-n ${env.ns} -o wide`, `kubectl describe pod ${r.podName} -n ${env.ns}`];
  if (r.pod && r.pod.status?.phase === 'Running') steps.push(`kubectl logs ${r.podName} -n ${env.ns}${c ? ` -c ${c.name}` : ''}${r.restarts > 0 ? ' --previous' : ''}`);
  return steps;
}

function orderingChecks(env: Env): void {
  const { a } = env;
  if (!a.podsKnown) {
    env.ctx.skipped('statefulset/ordinal-blocked', 'Pod', `pods in namespace ${env.ns} could not be listed`);
    env.ctx.skipped('statefulset/rollout-stuck', 'Pod', `pods in namespace ${env.ns} could not be listed`);
    return;
  }
  const w = a.wait;
  const b = w.blocker;
  if (!b) return;
  // Parallel: no ordinal waits for another, but one whose pod cannot be created is blocked all the same.
  const parallel = a.update.podManagementPolicy === 'Parallel';
  if (parallel && w.kind !== 'create-failed' && w.kind !== 'name-taken') return;
  if (w.blocks === 'nothing' || w.blocks === undefined) return;
  // The ordinal the rolling update just recreated is rollout-stuck's business.
  if (w.updating && w.updating === b) return;

  let since: number | undefined;
  let why: string;
  const evidence: string[] = [];
  /** Steps and fix chosen from the refusal, for a pod the API server will not create. */
  let refusedSteps: string[] | undefined;
  switch (w.kind) {
    case 'not-ready':
    case 'not-available':
    case 'recreate':
      since = b.notReadySince;
      why = w.kind === 'not-available' ? `is Ready but not available yet (minReadySeconds ${a.update.minReadySeconds}s)` : `is not Ready (${b.state})`;
      if (b.blockingClaims.length) evidence.push(...b.blockingClaims.map((c) => `${c.name}: ${c.phase}; ${classPhrase(c.storageClass)}${c.verdict ? `; ${c.verdict.why}` : ''}`));
      evidence.push(...podEvidence(env, b));
      break;
    case 'terminating':
      since = parseTime(b.pod?.metadata.deletionTimestamp);
      why = `has been terminating since ${absTime(since)}`;
      evidence.push(...podEvidence(env, b), `deletionTimestamp: ${absTime(b.pod?.metadata.deletionTimestamp)} (grace ${b.pod?.metadata.deletionGracePeriodSeconds ?? '?'}s)`);
      break;
    case 'create-failed': {
      since = parseTime(w.failedCreate?.firstTimestamp) ?? (w.failedCreate ? parseTime(w.failedCreate.lastTimestamp) : undefined);
      const refused = createRefused(env, b, w);
      why = `cannot be created: ${refused.why.replace(/\s+/g, ' ')}`;
      evidence.push(...refused.evidence);
      if (w.failedCreate) evidence.push(`StatefulSet ${eventEvidence(w.failedCreate, env.ctx.now)}`);
      refusedSteps = refused.steps;
      break;
    }
    case 'name-taken':
      since = parseTime(b.foreignPod?.metadata.creationTimestamp);
      why = `cannot be created: ${b.state}`;
      evidence.push(`pod ${b.podName} exists (created ${absTime(b.foreignPod?.metadata.creationTimestamp)}) with controller ${b.foreignPod?.metadata.ownerReferences?.find((o) => o.controller)?.name ?? '<none>'}, not StatefulSet ${a.name} (uid ${a.sts.metadata.uid})`);
      break;
    default:
      return;
  }
  if (!pastGrace(env, since)) return;
  const waiting = a.inRange.filter((x) => x.ordinal > b.ordinal && !x.pod).map((x) => x.podName);
  const otherMissing = a.inRange.filter((x) => x !== b && !x.pod).map((x) => x.podName);
  const effect = parallel
    ? `Parallel, so no other ordinal waits for it${otherMissing.length ? ` (${otherMissing.join(', ')} missing too)` : ''}`
    : w.blocks === 'create'
      ? waiting.length
        ? `${waiting.join(', ')} will not be created until it is`
        : `the StatefulSet stays at ${a.readyCount} of ${a.replicas} ready`
      : w.blocks === 'rollout'
        ? `the rolling update${w.next ? ` (next: ${w.next.podName})` : ''} waits for it`
        : `scaling down waits for it`;
  const forWhat = since !== undefined && (w.kind === 'not-ready' || w.kind === 'not-available' || w.kind === 'recreate') ? ` for ${ago(env, since)}` : '';
  evidence.unshift(`podManagementPolicy: ${a.update.podManagementPolicy}${a.update.policyDefault ? ' (default)' : ''}; replicas ${a.replicas}, ready ${a.readyCount}`);
  add(
    env,
    'statefulset/ordinal-blocked',
    refusedSteps
      ? `ordinal ${b.ordinal} (${b.podName}) cannot be created${parallel ? '' : waiting.length ? ` (${waiting.join(', ')} wait${waiting.length > 1 ? '' : 's'} for it)` : ''}: ${why.replace(/^cannot be created: /, '')}`
      : `ordinal ${b.ordinal} (${b.podName}) ${why}${forWhat}${b.blockingClaims.length ? `, waiting for ${b.blockingClaims.map(claimPhrase).join(', ')}` : ''}: ${effect}`,
    evidence,
    refusedSteps ?? [
      ...podSteps(env, b),
      `kubectl describe statefulset ${a.name} -n ${env.ns}`,
      podFix(env, b) + (b.blockingClaims.length ? '' : '; if the app does not need ordered start-up, podManagementPolicy: Parallel avoids the wait (it can only be set when the StatefulSet is created)'),
    ],
    { related: podRelated(env, b) },
  );
}

/**
 * A pod the controller cannot create: what the API server refused (the pod,
 * or one of its claims), read from the FailedCreate event with the admission
 * parser the CronJob and Job checks use, and the steps that follow from it.
 */
function createRefused(env: Env, b: OrdinalRow, w: StatefulSetAnalysis['wait']): { why: string; evidence: string[]; steps: string[] } {
  const { a, ns } = env;
  const describeSts = `kubectl describe statefulset ${a.name} -n ${ns}`;
  const events = `kubectl get events -n ${ns} --field-selector involvedObject.kind=StatefulSet,involvedObject.name=${a.name},reason=FailedCreate`;
  const r = w.refusal;
  if (!r) {
    const text = sanitizeLine(w.failedCreate?.message ?? 'FailedCreate');
    return { why: text, evidence: [], steps: [describeSts, events, 'fix: the API server refuses the pod: act on what the FailedCreate message says'] };
  }
  const more = r.more.map((m) => `also: ${cut(sanitizeLine(m), 300)}`);
  if (r.claimDeleting) {
    return {
      why: `its claim ${r.claim} is being deleted, and the controller creates the pod only once the claim is gone`,
      evidence: [`${r.claim}: deletionTimestamp set, still held by its finalizers (kubernetes.io/pvc-protection holds a claim while a pod uses it)`, ...more],
      steps: [
        `kubectl get pvc ${r.claim} -n ${ns} -o jsonpath='{.metadata.deletionTimestamp} {.metadata.finalizers}'`,
        `kubectl describe pvc ${r.claim} -n ${ns}`,
        `fix: find what still holds claim ${r.claim} ("Used By" in describe: a pod outside the StatefulSet, or a finalizer whose controller is gone); once it is deleted the controller creates a new, empty claim and then ${b.podName}`,
      ],
    };
  }
  const f = r.failure!;
  const template = r.claim ? b.claims.find((c) => c.name === r.claim)?.template : undefined;
  const u = a.update;
  const target: CreateTarget = { kind: 'StatefulSet', ns, name: a.name, pod: b.podName };
  if (r.claim) target.claim = r.claim;
  if (template) target.claimTemplate = template;
  if (!r.claim && u.strategy === 'RollingUpdate' && u.partition > 0 && b.index < u.partition) target.partitionHolds = u.partition;
  const said = sanitizeLine(describeCreateFailure(f));
  const evidence = [
    r.claim ? `refused: claim ${r.claim}${template ? ` (volumeClaimTemplate ${template})` : ''}, which the controller creates before ${b.podName}` : `refused: pod ${b.podName}, created from spec.template`,
    ...createFailureEvidence(f).map(sanitizeLine),
    ...more,
  ];
  if (r.claim && f.kind === 'quota') {
    const kept = a.orphans.filter((o) => !o.willDelete);
    if (kept.length) evidence.push(`claims kept after a scale-down, counted by the quota: ${kept.map((o) => `${o.pvc.metadata.name} (${o.size ?? '?'})`).join(', ')}`);
  }
  return {
    why: r.claim ? `its claim ${r.claim} cannot be created: ${said}` : said,
    evidence,
    steps: [...new Set([describeSts, ...createFailureSteps(f, target), ...(f.kind === 'other' ? [events, `fix: the API server refuses the ${r.claim ? 'claim' : 'pod'}: act on what the FailedCreate message says`] : [])])],
  };
}

function revisionChecks(env: Env): void {
  const { a } = env;
  const u = a.update;
  const rev = (r?: string) => shortRevision(r, a.name);
  const revFlag = `kubectl get pods ${env.sel}-n ${env.ns} -L controller-revision-hash`;

  // rollout-stuck: the ordinal being updated has not become Ready in time.
  const w = a.wait;
  const target = w.updating;
  if (a.podsKnown && u.strategy === 'RollingUpdate' && u.inProgress && target) {
    let since: number | undefined;
    let state: string;
    if (target.pod?.metadata.deletionTimestamp) {
      since = parseTime(target.pod.metadata.deletionTimestamp);
      state = `still terminating since ${absTime(since)}`;
    } else {
      since = target.notReadySince;
      state = `not ${target.runningAndReady ? 'available' : 'Ready'} (${target.state})`;
    }
    if (pastGrace(env, since)) {
      const ev = [
        `status.currentRevision: ${u.currentRevision}${u.currentRevisionNumber !== undefined ? ` (revision ${u.currentRevisionNumber})` : ''}`,
        `status.updateRevision: ${u.updateRevision}${u.updateRevisionNumber !== undefined ? ` (revision ${u.updateRevisionNumber})` : ''}`,
        `updated ${u.updatedReplicas}/${a.replicas}, ready ${u.readyReplicas}, partition ${u.partition}`,
        ...podEvidence(env, target),
      ];
      add(
        env,
        'statefulset/rollout-stuck',
        `rolling update to ${rev(u.updateRevision)} is stuck: ${target.podName} is ${state} for ${ago(env, since!)}${w.next ? `; ${w.next.podName} and lower wait` : ''}`,
        ev,
        [
          `kubectl describe statefulset ${a.name} -n ${env.ns}`,
          `kubectl describe pod ${target.podName} -n ${env.ns}`,
          revFlag,
          podFix(env, target),
          `fix: if the new revision is bad, revert spec.template to the one of status.currentRevision ${u.currentRevision}${u.currentRevisionNumber !== undefined ? ` (revision ${u.currentRevisionNumber})` : ''}; the controller will not replace a pod that never became Ready, so ${target.podName} must then be deleted by hand to be recreated`,
        ],
        { related: podRelated(env, target) },
      );
    }
  }

  if (u.strategy === 'RollingUpdate' && a.heldByPartition.length) {
    const held = a.heldByPartition;
    add(
      env,
      'statefulset/update-held-by-partition',
      `partition ${u.partition} keeps ${held.map((r) => r.podName).join(', ')} on ${[...new Set(held.map((r) => rev(r.revision)))].join(', ')} (update revision ${rev(u.updateRevision)})`,
      [
        `spec.updateStrategy.rollingUpdate.partition: ${u.partition} (ordinals ${a.start + u.partition} and above are updated)`,
        `status.currentRevision: ${u.currentRevision}, status.updateRevision: ${u.updateRevision}`,
        ...held.map((r) => `${r.podName}: controller-revision-hash ${r.revision ?? '-'}`),
      ],
      [revFlag, `fix: when the updated ordinals are healthy, lower the partition (to 0 to finish the rollout); a partition is usually a deliberate canary`],
    );
  }

  if (u.strategy === 'OnDelete' && a.oldRevision.length) {
    const old = a.oldRevision;
    add(
      env,
      'statefulset/ondelete-pending',
      `OnDelete: ${old.length} pod${old.length > 1 ? 's' : ''} still on the old revision (${old.map((r) => r.podName).join(', ')}); they update only when deleted`,
      [
        'spec.updateStrategy.type: OnDelete',
        `status.updateRevision: ${u.updateRevision}; updated ${u.updatedReplicas}/${a.replicas}`,
        ...old.map((r) => `${r.podName}: controller-revision-hash ${r.revision ?? '-'}`),
      ],
      [revFlag, `fix: delete the old pods one at a time, highest ordinal first, waiting for each replacement to be Ready (e.g. ${old[old.length - 1]!.podName} first)`],
    );
  }
}

// ---------------------------------------------------------------- storage

/** Returns the templates whose class is missing (pvc-pending links to them). */
function storageClassChecks(env: Env): Set<string> {
  const { a, store } = env;
  const missing = new Set<string>();
  const templates = a.sts.spec?.volumeClaimTemplates ?? [];
  if (templates.length === 0) return missing;
  if (!store.complete('StorageClass')) {
    env.ctx.skipped('statefulset/storageclass-missing', 'StorageClass', 'StorageClasses could not be listed, so the claim templates\' classes (and the default) could not be checked');
    return missing;
  }
  const classes = store.list<StorageClass>('StorageClass');
  const classList = classes.length ? classes.map((c) => `${c.metadata.name}${isDefaultStorageClass(c) ? ' (default)' : ''}`).join(', ') : 'none';
  for (const t of templates) {
    const cls = resolveStorageClass(store, t.spec?.storageClassName);
    if (cls.exists !== false) continue;
    const claims = a.inRange.map((r) => r.claims.find((c) => c.template === t.metadata.name)!).filter(Boolean);
    // Storage that works is not a problem: every claim already bound (static PVs or a class deleted since).
    if (claims.length > 0 && claims.every((c) => c.phase === 'Bound')) continue;
    // Pre-provisioned PVs carrying the class name (or no class) can still bind.
    const wantClass = cls.source === 'named' ? cls.name! : '';
    const staticPvs = store.complete('PersistentVolume')
      ? store.list('PersistentVolume').filter((pv) => (pv.spec?.storageClassName ?? '') === wantClass && pv.status?.phase === 'Available')
      : [];
    if (staticPvs.length > 0) continue;
    missing.add(t.metadata.name);
    const pending = claims.filter((c) => c.phase !== 'Bound');
    const ev = [
      `volumeClaimTemplates[${t.metadata.name}].spec.storageClassName: ${t.spec?.storageClassName === undefined || t.spec?.storageClassName === null ? '<unset>' : JSON.stringify(t.spec.storageClassName)}`,
      `StorageClasses in the cluster: ${classList}`,
      ...pending.map((c) => `${c.name}: ${c.phase}`),
    ];
    const pe = pending.map((c) => (c.pvc ? newestWarning(pvcEvents(store, c.pvc)) : undefined)).find((e) => e);
    if (pe) ev.push(`${pe.involvedObject.name} ${eventEvidence(pe, env.ctx.now)}`);
    if (!store.complete('PersistentVolume')) ev.push('PersistentVolumes could not be listed: pre-provisioned volumes were not looked for');
    add(
      env,
      'statefulset/storageclass-missing',
      cls.source === 'named'
        ? `volumeClaimTemplate ${t.metadata.name} names StorageClass ${cls.name}, which does not exist`
        : `volumeClaimTemplate ${t.metadata.name} names no StorageClass and the cluster has no default StorageClass`,
      ev,
      [
        'kubectl get storageclass',
        pending[0] ? `kubectl describe pvc ${pending[0].name} -n ${env.ns}` : `kubectl get pvc -n ${env.ns} ${env.sel}`.trim(),
        cls.source === 'named'
          ? `fix: create StorageClass ${cls.name} (volumeClaimTemplates cannot be edited on an existing StatefulSet), or pre-provision PersistentVolumes with storageClassName: ${cls.name}`
          : 'fix: mark a StorageClass as default (annotation storageclass.kubernetes.io/is-default-class: "true"; existing unset claims then get it), or pre-provision PersistentVolumes without a class',
      ],
    );
  }
  return missing;
}

/** The scheduler's reasons for a pod, without the count prefix and the preemption note. */
function schedulerText(pod: NonNullable<OrdinalRow['pod']>): string | undefined {
  const cond = (pod.status?.conditions ?? []).find((x) => x.type === 'PodScheduled' && x.status === 'False');
  if (!cond?.message) return undefined;
  return sanitizeLine(cond.message).replace(/\s+preemption: .*$/, '').replace(/^0\/\d+ nodes are available: /, '').replace(/\.$/, '');
}

/** The PV controller's and provisioners' events that say why a claim is not bound, most telling first. */
function claimCauseEvent(events: KubeEvent[]): KubeEvent | undefined {
  return (
    events.find((e) => e.type === 'Warning') ??
    events.find((e) => e.reason === 'FailedBinding') ??
    events.find((e) => e.reason === 'ExternalProvisioning') ??
    events.find((e) => e.reason === 'WaitForPodScheduled' || e.reason === 'WaitForFirstConsumer') ??
    events[0]
  );
}

const PROVISIONER_PERMISSION = /UnauthorizedOperation|AccessDenied|not authori[sz]ed|forbidden|permission/i;
const PROVISIONER_QUOTA = /quota|limit ?exceeded|LimitExceeded|insufficient capacity|out of capacity/i;

/** The fix for a stuck Pending claim, chosen from its class, its verdict and what its events say. */
function claimFix(env: Env, c: ClaimInfo, cause: KubeEvent | undefined, missingClass: boolean): string {
  const cls = c.storageClass;
  const p = c.pvc!;
  if (p.spec?.volumeName) return `fix: create PersistentVolume ${p.spec.volumeName} for it, or free it from the claim it is bound to (spec.volumeName pre-binds the claim to that one volume)`;
  if (cls.source === 'named' && cls.exists === false) {
    return `fix: create StorageClass ${cls.name}${missingClass ? ' (see statefulset/storageclass-missing)' : ''}; the PV controller retries the claim and provisions it`;
  }
  if (cls.source === 'none') return 'fix: mark a StorageClass as default (annotation storageclass.kubernetes.io/is-default-class: "true"): Pending claims without a class get it (Kubernetes 1.28+), or pre-provision a PersistentVolume without a class that matches the claim';
  if (cls.source === 'empty') return `fix: storageClassName "" binds only to a pre-provisioned PersistentVolume without a class: create one with at least ${c.request ?? 'the requested size'} and access modes ${(p.spec?.accessModes ?? []).join(',') || '-'}`;
  const msg = cause?.message ?? '';
  const provisioner = cls.sc?.provisioner ?? p.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'];
  if (cause?.type === 'Warning' && PROVISIONER_PERMISSION.test(msg)) return `fix: the provisioner${provisioner ? ` ${provisioner}` : ''} is refused by the storage backend: grant its identity (IAM role / service account of the CSI controller) permission to create volumes`;
  if (cause?.type === 'Warning' && PROVISIONER_QUOTA.test(msg)) return 'fix: the storage backend reports a quota or capacity limit: raise it, free volumes, or use another StorageClass';
  if (cause?.type === 'Warning') return `fix: correct what the ${cause.reason ?? 'warning'} event says (StorageClass ${cls.name ?? ''} parameters, provisioner configuration), or pre-provision a matching PersistentVolume`;
  if (provisioner === 'kubernetes.io/no-provisioner') return `fix: StorageClass ${cls.name} has no provisioner (kubernetes.io/no-provisioner): every claim needs a pre-created PersistentVolume of that class (at least ${c.request ?? 'the requested size'}, ${(p.spec?.accessModes ?? []).join(',') || 'the claim\'s access modes'}) on a node the pod can run on`;
  const node = p.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (cause?.reason === 'ExternalProvisioning' || node) {
    return `fix: no volume came from provisioner ${provisioner ?? '(unknown)'}${node ? ` for node ${node}` : ''}: check that its controller pods run and that the driver is registered (kubectl get csidrivers); its logs say why it does not provision${node ? ' (and whether it supports that node\'s topology)' : ''}`;
  }
  if (c.verdict?.state === 'stuck' && c.verdict.mode === 'WaitForFirstConsumer') return 'fix: the scheduler finds no node for the volume: pre-provision PersistentVolumes reachable from a schedulable node, or correct their node affinity / the pod\'s placement constraints';
  if (provisioner && !cause) return `fix: provisioner ${provisioner} has not acted on the claim: check that its controller pods run and that the driver is registered (kubectl get csidrivers)`;
  return 'fix: resolve what the events say (provisioner running, class parameters, quota), or pre-provision a matching PersistentVolume';
}

function pvcPendingChecks(env: Env, missingClass: Set<string>): void {
  const { a, store } = env;
  if ((a.sts.spec?.volumeClaimTemplates ?? []).length === 0) return;
  if (!a.claimsKnown) {
    env.ctx.skipped('statefulset/pvc-pending', 'PersistentVolumeClaim', `claims in namespace ${env.ns} could not be listed`);
    return;
  }
  for (const r of a.inRange) {
    for (const c of r.claims) {
      if (!c.pvc || (c.phase !== 'Pending' && c.phase !== 'Lost')) continue;
      const events = pvcEvents(store, c.pvc);
      const created = parseTime(c.pvc.metadata.creationTimestamp);
      const v = c.verdict;
      if (c.phase === 'Pending') {
        if (!pastGrace(env, created)) continue;
        // Pending by design (WaitForFirstConsumer, its pod not scheduled for reasons of its own):
        // decided from the binding mode, the selected-node annotation and the pod, never from event types.
        if (v?.state === 'waiting') continue;
        if (v?.state === 'unknown') {
          env.ctx.skipped('statefulset/pvc-pending', 'StorageClass', `claim ${c.name} is Pending and ${v.why}`);
          continue;
        }
      }
      // The scheduler's reason is the cause when it finds no node for a WaitForFirstConsumer
      // volume; the claim's own "waiting for pod" events only repeat that it waits.
      const blockedBy = !c.pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION] && v?.state === 'stuck' && v.mode === 'WaitForFirstConsumer' && r.pod && !r.pod.spec?.nodeName ? schedulerText(r.pod) : undefined;
      const cause = claimCauseEvent(blockedBy ? events.filter((e) => e.type === 'Warning') : events);
      const ev = pvcEvidence(env, c);
      if (v) ev.push(`binding: ${v.why}`);
      const warnings = events.filter((e) => e.type === 'Warning');
      for (const e of warnings.slice(0, 3)) ev.push(`${c.name} ${eventEvidence(e, env.ctx.now)}`);
      const shown = cause ?? events[0];
      if (shown && shown.type !== 'Warning') ev.push(`${c.name} ${eventEvidence(shown, env.ctx.now)} (type ${shown.type ?? 'Normal'})`);
      if (events.length === 0) ev.push(`no events for ${c.name}`);
      if (r.pod) {
        const sched = (r.pod.status?.conditions ?? []).find((x) => x.type === 'PodScheduled' && x.status === 'False');
        ev.push(`pod ${r.podName}: ${r.state}${sched?.message ? `: ${sanitizeLine(sched.message).replace(/\s+preemption: .*$/, '')}` : ''}`);
      }
      const related: NonNullable<Finding['related']> = [];
      if (missingClass.has(c.template)) related.push({ check: 'statefulset/storageclass-missing', object: env.ref });
      const podCheck = r.pod ? podProblemCheck(r.pod) : undefined;
      if (podCheck === 'pod/unschedulable' || podCheck === 'pod/scheduler-error') related.push({ check: podCheck, object: { kind: 'Pod', namespace: env.ns, name: r.podName } });
      const causeText = cause?.message ? `: ${cause.reason}: ${sanitizeLine(cause.message)}` : blockedBy ? `: the scheduler finds no node for ${r.podName}: ${blockedBy}` : v ? `: ${v.why}` : '';
      const message =
        c.phase === 'Lost'
          ? `claim ${c.name} of ${r.podName} is Lost: its PersistentVolume ${c.volume ?? ''} is gone`.replace('  ', ' ')
          : `claim ${c.name} of ${r.podName} has been Pending for ${ago(env, created!)}${causeText}`;
      const provisioner = c.storageClass.sc?.provisioner;
      add(
        env,
        'statefulset/pvc-pending',
        message,
        ev,
        [
          `kubectl describe pvc ${c.name} -n ${env.ns}`,
          `kubectl get events -n ${env.ns} --field-selector involvedObject.name=${c.name}`,
          c.storageClass.name ? `kubectl get storageclass ${c.storageClass.name} -o yaml` : 'kubectl get storageclass',
          ...(c.phase === 'Lost' && c.volume ? [`kubectl get pv ${c.volume}`] : []),
          ...(c.phase === 'Pending' && provisioner && !provisioner.startsWith('kubernetes.io/') && cause?.type !== 'Warning' ? ['kubectl get csidrivers'] : []),
          c.phase === 'Lost'
            ? `fix: the data is gone with the volume; restore it from backup, or delete the claim and pod ${r.podName} so the controller provisions a new one`
            : claimFix(env, c, cause, missingClass.has(c.template)),
        ],
        { related },
      );
    }
  }
}

function pvcEvidence(env: Env, c: ClaimInfo): string[] {
  const p = c.pvc!;
  const cls: ResolvedClass = c.storageClass;
  const ev = [
    `${c.name}: phase ${c.phase}, request ${c.request ?? '-'}, access ${(p.spec?.accessModes ?? []).join(',') || '-'}, created ${absTime(p.metadata.creationTimestamp)}`,
    `storage class: ${describeClass(cls)}${cls.sc ? ` (provisioner ${cls.sc.provisioner ?? '?'}, ${cls.sc.volumeBindingMode ?? 'Immediate'})` : ''}`,
  ];
  const node = p.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (node) ev.push(`${SELECTED_NODE_ANNOTATION}: ${node}`);
  if (cls.source === 'none' && !defaultStorageClass(env.store).sc) ev.push('no default StorageClass: only pre-provisioned PVs without a class can bind');
  return ev;
}

function orphanedClaims(env: Env): void {
  const { a } = env;
  if ((a.sts.spec?.volumeClaimTemplates ?? []).length === 0) return;
  if (!a.claimsKnown) {
    env.ctx.skipped('statefulset/orphaned-pvc', 'PersistentVolumeClaim', `claims in namespace ${env.ns} could not be listed`);
    return;
  }
  // A claim whose pod still exists is part of a scale-down in progress, and
  // one the retention policy deletes is going away: neither is left behind.
  const kept = a.orphans.filter((o) => !o.podExists && !o.willDelete);
  if (kept.length === 0) return;
  const u = a.update;
  const range = a.replicas > 0 ? `ordinals ${a.start}..${a.start + a.replicas - 1}` : 'no ordinals';
  add(
    env,
    'statefulset/orphaned-pvc',
    `${kept.length} claim${kept.length > 1 ? 's' : ''} outside ${range} kept: ${kept.map((o) => `${o.pvc.metadata.name} (${o.size ?? '?'})`).join(', ')}; whenScaled=${u.whenScaled}`,
    [
      `spec.replicas: ${a.replicas}${a.start ? `, spec.ordinals.start: ${a.start}` : ''}`,
      `persistentVolumeClaimRetentionPolicy: whenDeleted=${u.whenDeleted}${u.whenDeletedDefault ? ' (default)' : ''}, whenScaled=${u.whenScaled}${u.whenScaledDefault ? ' (default)' : ''}`,
      ...kept.map((o) => `${o.pvc.metadata.name}: ${o.phase} ${o.size ?? '?'}${o.pvc.spec?.volumeName ? `, volume ${o.pvc.spec.volumeName}` : ''}, created ${absTime(o.pvc.metadata.creationTimestamp)}; ${o.why}`),
    ],
    [
      `kubectl get pvc -n ${env.ns} ${env.sel}`.trim(),
      ...kept.filter((o) => o.pvc.spec?.volumeName).slice(0, 1).map((o) => `kubectl get pv ${o.pvc.spec!.volumeName}`),
      `fix: scaling back up reuses them as they are; if the data is no longer needed, delete them (the PV's reclaimPolicy decides what happens to the volume), or set persistentVolumeClaimRetentionPolicy.whenScaled: Delete for future scale-downs`,
    ],
  );
}

// ---------------------------------------------------------------- probes

function probeChecks(env: Env): void {
  const { a } = env;
  const containers = (a.sts.spec?.template?.spec?.containers ?? []) as Container[];
  // Sidecars (init containers with restartPolicy Always) count for readiness too.
  const sidecars = ((a.sts.spec?.template?.spec?.initContainers ?? []) as Container[]).filter((c) => c.restartPolicy === 'Always');
  const all = [...containers, ...sidecars];
  if (all.length === 0) return;
  const noReady = all.filter((c) => !c.readinessProbe);
  const noLive = all.filter((c) => !c.livenessProbe);
  if (noReady.length === 0 && noLive.length === 0) return;
  const ev = all.map((c) => `container ${c.name}: readinessProbe ${c.readinessProbe ? 'set' : 'none'}, livenessProbe ${c.livenessProbe ? 'set' : 'none'}${c.startupProbe ? ', startupProbe set' : ''}`);
  const ordered = a.update.podManagementPolicy !== 'Parallel';
  const jsonpath = `kubectl get statefulset ${a.name} -n ${env.ns} -o jsonpath='{range .spec.template.spec.containers[*]}{.name}{": "}{.readinessProbe}{" / "}{.livenessProbe}{"\\n"}{end}'`;
  if (noReady.length) {
    add(
      env,
      'statefulset/probes-missing',
      `container${noReady.length > 1 ? 's' : ''} ${noReady.map((c) => c.name).join(', ')} ha${noReady.length > 1 ? 've' : 's'} no readinessProbe: ${ordered ? 'each pod counts as Ready as soon as it starts, so the next ordinal (and the next rolling-update step) does not wait for the app' : 'pods count as Ready as soon as they start'}`,
      ev,
      [jsonpath, 'fix: add a readinessProbe (and a livenessProbe) that checks the application itself, so ordered start-up and updates wait for it'],
    );
  } else {
    add(
      env,
      'statefulset/probes-missing',
      `container${noLive.length > 1 ? 's' : ''} ${noLive.map((c) => c.name).join(', ')} ha${noLive.length > 1 ? 've' : 's'} no livenessProbe: a hung process is not restarted`,
      ev,
      [jsonpath, 'fix: add a livenessProbe if the application can hang without exiting'],
      { severity: 'info' },
    );
  }
}

