// A StatefulSet as its controller sees it: one row per ordinal (pod, state,
// revision, DNS name, claims), the governing Service, the update state, what
// the controller is waiting on (following pkg/controller/statefulset), and the
// claims left behind by a scale-down. Pure functions over the ClusterStore:
// the :sts view and the statefulset/* checks both read from here.
import type { ClusterStore } from '../cluster/store.js';
import type { Condition, K8sObject, KubeEvent, LabelSelector, Pod } from './types.js';
import { controllerOf, isPodReady, podStateText, podSummary, podsOwnedBy, schedulingReasons } from './pod.js';
import { eventsFor, eventTime } from './events.js';
import { matchesMap, matchesSelector } from './labels.js';
import { parseTime } from './time.js';
import { sanitizeLine } from './sanitize.js';
import { type StatefulSetCreateFailure, describeCreateFailure, parseStatefulSetCreateFailure } from './admission.js';
import { type ClaimVerdict, type ConsumerPod, type PersistentVolumeClaim, type ResolvedClass, pendingClaimVerdict, pvcCapacity, pvcPhase, pvcRequest, resolveStorageClass } from './pvc.js';

export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export interface ClaimTemplate {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { storageClassName?: string | null; resources?: { requests?: Record<string, string> }; accessModes?: string[] };
}

export interface StatefulSet extends K8sObject {
  spec: {
    serviceName?: string;
    replicas?: number;
    ordinals?: { start?: number };
    podManagementPolicy?: string;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: any[]; initContainers?: any[] } };
    volumeClaimTemplates?: ClaimTemplate[];
    [k: string]: unknown;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    observedGeneration?: number;
    collisionCount?: number;
    conditions?: Condition[];
  };
}

/** ready ●, running but not ready ◐, pending ○, terminating ✕, missing ✗, unknown ? (pods not readable). */
export type OrdinalMark = 'ready' | 'running' | 'pending' | 'terminating' | 'missing' | 'unknown';

export interface ClaimInfo {
  template: string;
  name: string;
  pvc?: PersistentVolumeClaim;
  /** Bound, Pending, Lost, Terminating; `missing` (not found, PVCs fully read) or `unknown` (PVCs not readable). */
  phase: string;
  capacity?: string;
  request?: string;
  storageClass: ResolvedClass;
  volume?: string;
  /** For a Pending claim: waiting by design (WaitForFirstConsumer) or stuck. */
  verdict?: ClaimVerdict;
}

export type RevisionRole = 'current' | 'update' | 'current+update' | 'old';

export interface OrdinalRow {
  ordinal: number;
  /** ordinal - ordinals.start: what partition is compared against. */
  index: number;
  podName: string;
  /** Within [start, start+replicas). Rows outside are leftover pods or claims. */
  inRange: boolean;
  /** The pod of this ordinal, controlled by this StatefulSet. */
  pod?: Pod;
  /** A pod with this ordinal's name that this StatefulSet does not control. */
  foreignPod?: Pod;
  /** The foreign pod has no controller and matches the selector: the controller will adopt it. */
  adoptable?: boolean;
  mark: OrdinalMark;
  /** kubectl-like state: Running, Pending (Unschedulable), CrashLoopBackOff, Terminating, missing. */
  state: string;
  /** Containers ready/total, '-' without a pod. */
  ready: string;
  restarts: number;
  revision?: string;
  revisionRole?: RevisionRole;
  node?: string;
  ip?: string;
  /** Stable DNS name, only when the governing Service exists and is headless. */
  dns?: string;
  /** Why there is no DNS name, or a caveat about it (not published until Ready). */
  dnsNote?: string;
  claims: ClaimInfo[];
  runningAndReady: boolean;
  /** Running, Ready, and Ready for at least minReadySeconds. */
  available: boolean;
  /** Since when (ms) the pod has not been Ready: Ready condition's last transition, or creation. */
  notReadySince?: number;
  /** The pod is not scheduled and these claims are why: missing, Lost, or Pending and stuck. */
  blockingClaims: ClaimInfo[];
}

export type ServiceState = 'none' | 'exists' | 'missing' | 'not-headless' | 'unknown';

export interface GoverningService {
  /** spec.serviceName; '' when unset. */
  name: string;
  state: ServiceState;
  service?: K8sObject;
  /** Whether the Service's selector selects the pod template's labels (only when it exists). */
  selectorMatches?: boolean;
  /** One phrase: "nginx (headless)", "nginx: not found", "nginx: not headless (clusterIP 10.96.0.12)". */
  text: string;
}

export interface UpdateInfo {
  strategy: string;
  partition: number;
  maxUnavailable?: number | string;
  currentRevision?: string;
  updateRevision?: string;
  /** ControllerRevision.revision numbers, when the ControllerRevisions are readable. */
  currentRevisionNumber?: number;
  updateRevisionNumber?: number;
  replicas: number;
  statusReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  generation?: number;
  observedGeneration?: number;
  collisionCount?: number;
  whenDeleted: string;
  whenScaled: string;
  /** The field is unset (the API server's default, Retain, applies). */
  whenDeletedDefault: boolean;
  whenScaledDefault: boolean;
  minReadySeconds: number;
  podManagementPolicy: string;
  /** spec.podManagementPolicy is unset (OrderedReady applies). */
  policyDefault: boolean;
  start: number;
  /** updateRevision differs from currentRevision. */
  inProgress: boolean;
}

export type WaitKind =
  | 'idle'
  | 'deleting'
  | 'pods-unknown'
  | 'create'
  | 'create-failed'
  | 'name-taken'
  | 'recreate'
  | 'terminating'
  | 'not-ready'
  | 'not-available'
  | 'scale-down'
  | 'rolling-next'
  | 'rolling-wait'
  | 'partition'
  | 'ondelete'
  | 'parallel';

export interface WaitInfo {
  kind: WaitKind;
  /** One sentence. */
  text: string;
  /** The ordinal the controller is blocked on. */
  blocker?: OrdinalRow;
  /** What waits on the blocker. */
  blocks?: 'create' | 'rollout' | 'scale-down' | 'nothing';
  /** The rolling update's next ordinal to replace. */
  next?: OrdinalRow;
  /** The ordinal the rolling update is waiting on (recreated on the update revision, not yet Ready). */
  updating?: OrdinalRow;
  /** A FailedCreate event explaining a missing pod. */
  failedCreate?: KubeEvent;
  /** That event read: the pod or claim the API server refused, and why (src/model/admission.ts). */
  refusal?: StatefulSetCreateFailure;
}

export interface OrphanClaim {
  ordinal: number;
  template: string;
  pvc: PersistentVolumeClaim;
  size?: string;
  phase: string;
  /** The pod of that ordinal still exists (a scale-down in progress). */
  podExists: boolean;
  /** The retention policy (through an ownerReference the controller set) will delete it. */
  willDelete: boolean;
  why: string;
}

export interface StatefulSetAnalysis {
  sts: StatefulSet;
  name: string;
  namespace: string;
  replicas: number;
  start: number;
  /** All rows, by ordinal: the range first-to-last plus leftovers beyond it. */
  ordinals: OrdinalRow[];
  inRange: OrdinalRow[];
  service: GoverningService;
  update: UpdateInfo;
  wait: WaitInfo;
  orphans: OrphanClaim[];
  /** In-range claims Bound / expected (templates × replicas). */
  claimsBound: number;
  claimsExpected: number;
  /** In-range pods Running and Ready. */
  readyCount: number;
  /** Pods were fully read in this namespace (absence means missing). */
  podsKnown: boolean;
  claimsKnown: boolean;
  /** In-range pods not on updateRevision (not terminating). */
  oldRevision: OrdinalRow[];
  /** Of those, the ones the partition keeps (index < partition). */
  heldByPartition: OrdinalRow[];
}

// ---------------------------------------------------------------- helpers

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function podNameFor(sts: StatefulSet, ordinal: number): string {
  return `${sts.metadata.name}-${ordinal}`;
}

export function claimNameFor(template: string, sts: StatefulSet, ordinal: number): string {
  return `${template}-${sts.metadata.name}-${ordinal}`;
}

export function startOrdinal(sts: StatefulSet): number {
  return sts.spec?.ordinals?.start ?? 0;
}

export function desiredReplicas(sts: StatefulSet): number {
  return sts.spec?.replicas ?? 1;
}

/** `web-6f7c8d9b5` → `web-6f7c…` (detail) or, with `bare`, `6f7c` (list cells). */
export function shortRevision(rev: string | undefined, stsName: string, bare = false): string {
  if (!rev) return '-';
  const hash = rev.startsWith(`${stsName}-`) ? rev.slice(stsName.length + 1) : rev;
  const cut = hash.length > 5 ? `${hash.slice(0, 4)}…` : hash;
  if (bare) return hash.length > 5 ? hash.slice(0, 4) : hash;
  return rev.startsWith(`${stsName}-`) ? `${stsName}-${cut}` : cut;
}

function readyCondition(pod: Pod): Condition | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

/** The controller's isRunningAndReady. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** The controller's isRunningAndAvailable: Ready for at least minReadySeconds at `now`. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const t = parseTime(readyCondition(pod)?.lastTransitionTime);
  if (t === undefined) return false;
  return t + minReadySeconds * 1000 <= now;
}

/** When the pod stopped being Ready (or was created, if it never was); undefined when Ready. */
export function notReadySince(pod: Pod): number | undefined {
  if (isRunningAndReady(pod)) return undefined;
  const created = parseTime(pod.metadata.creationTimestamp);
  const cond = readyCondition(pod);
  const trans = cond && cond.status !== 'True' ? parseTime(cond.lastTransitionTime) : undefined;
  if (created === undefined) return trans;
  if (trans === undefined) return created;
  return Math.max(created, trans);
}

/**
 * The pod-area check that most likely explains why a pod is not Ready, so a
 * StatefulSet finding can name it (`related`) instead of repeating it.
 */
export function podProblemCheck(pod: Pod): string | undefined {
  const s = podSummary(pod);
  if (s.status === 'CrashLoopBackOff') return 'pod/crash-loop';
  if (s.status === 'ErrImagePull' || s.status === 'ImagePullBackOff' || s.status === 'Init:ErrImagePull' || s.status === 'Init:ImagePullBackOff') return 'pod/image-pull-failing';
  if (s.scheduling?.reason === 'Unschedulable') return 'pod/unschedulable';
  if (s.scheduling?.reason === 'SchedulerError') return 'pod/scheduler-error';
  if (s.status === 'Running' && !s.isReady) return 'pod/readiness-failing';
  return undefined;
}

function ordinalMark(pod: Pod): OrdinalMark {
  if (pod.metadata.deletionTimestamp) return 'terminating';
  const phase = pod.status?.phase;
  if (phase === 'Running') return isPodReady(pod) ? 'ready' : 'running';
  return 'pending';
}

// ---------------------------------------------------------------- claims

/** Scheduler reasons that say a WaitForFirstConsumer volume is why no node fits. */
const WFFC_BLOCKING = new Set(['no-matching-pv', 'volume-node-affinity', 'storage-capacity', 'volume-zone', 'volume-binding']);

/** A pod as a consumer of a claim: is it scheduled, and does the scheduler blame its volumes? */
export function consumerOf(pod: Pod): ConsumerPod {
  const cond = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const reasons = schedulingReasons(cond?.message);
  return {
    name: pod.metadata.name,
    scheduled: !!pod.spec?.nodeName,
    schedulingMessage: cond?.message,
    volumeBlocked: reasons.some((r) => WFFC_BLOCKING.has(r.kind)),
    immediateUnbound: reasons.some((r) => r.kind === 'unbound-claim'),
  };
}

/** Why a Pending claim is Pending (see pendingClaimVerdict), from the pods that mount it. */
export function claimVerdict(store: ClusterStore, pvc: PersistentVolumeClaim, cls: ResolvedClass): ClaimVerdict {
  const ns = pvc.metadata.namespace;
  const pods = podsUsingClaim(store, ns, pvc.metadata.name).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  return pendingClaimVerdict(store, pvc, cls, pods.map(consumerOf), store.complete('Pod', ns));
}

/** Does this claim keep its (unscheduled) pod from being scheduled? */
function claimBlocks(c: ClaimInfo): boolean {
  if (c.phase === 'missing' || c.phase === 'Lost' || c.phase === 'Terminating') return true;
  return c.phase === 'Pending' && c.verdict?.state === 'stuck';
}

/** The class a claim uses, in words: `StorageClass premium-ssd does not exist`. */
export function classPhrase(cls: ResolvedClass): string {
  switch (cls.source) {
    case 'named':
      return cls.exists === false ? `StorageClass ${cls.name} does not exist` : `StorageClass ${cls.name}`;
    case 'default':
      return `StorageClass ${cls.name} (the default)`;
    case 'empty':
      return 'storageClassName "" (pre-provisioned volumes only)';
    case 'none':
      return cls.exists === undefined ? 'no StorageClass named (default unknown)' : 'no StorageClass named and no default StorageClass';
  }
}

/** `claim data-es-0 (Pending; StorageClass premium-ssd does not exist)`: what an unscheduled pod waits for. */
export function claimPhrase(c: ClaimInfo): string {
  if (c.phase === 'missing') return `claim ${c.name} (does not exist)`;
  if (c.phase === 'Terminating') return `claim ${c.name} (being deleted)`;
  return `claim ${c.name} (${c.phase}; ${classPhrase(c.storageClass)})`;
}

/** ` and waits for claim …` when the pod is not scheduled because of its claims. */
export function claimNote(r: OrdinalRow): string {
  return r.blockingClaims.length ? ` and waits for ${r.blockingClaims.map(claimPhrase).join(', ')}` : '';
}

// ---------------------------------------------------------------- service

export function governingService(store: ClusterStore, sts: StatefulSet): GoverningService {
  const name = sts.spec?.serviceName ?? '';
  const ns = sts.metadata.namespace;
  if (!name) return { name: '', state: 'none', text: 'none (spec.serviceName is empty: pods get no stable DNS names)' };
  const svc = store.get<K8sObject>('Service', ns, name);
  if (!svc) {
    if (store.complete('Service', ns)) return { name, state: 'missing', text: `${name}: not found` };
    return { name, state: 'unknown', text: `${name}: could not check (Services not readable)` };
  }
  const labels = sts.spec?.template?.metadata?.labels;
  const selectorMatches = matchesMap(svc.spec?.selector, labels);
  if (svc.spec?.clusterIP !== 'None') {
    const ip = svc.spec?.clusterIP ? `clusterIP ${svc.spec.clusterIP}` : `type ${svc.spec?.type ?? 'ClusterIP'}`;
    return { name, state: 'not-headless', service: svc, selectorMatches, text: `${name}: not headless (${ip})` };
  }
  return { name, state: 'exists', service: svc, selectorMatches, text: `${name} (headless)` };
}

function dnsNoteFor(svc: GoverningService): string {
  switch (svc.state) {
    case 'none':
      return 'no DNS: no serviceName';
    case 'missing':
      return `no DNS: Service ${svc.name} not found`;
    case 'not-headless':
      return `no DNS: Service ${svc.name} is not headless`;
    case 'unknown':
      return `DNS unknown: Service ${svc.name} not readable`;
    default:
      return '';
  }
}

// ---------------------------------------------------------------- update info

export function updateInfo(store: ClusterStore, sts: StatefulSet): UpdateInfo {
  const spec = sts.spec ?? {};
  const st = sts.status ?? {};
  const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
  const ru = spec.updateStrategy?.rollingUpdate;
  const rp = spec.persistentVolumeClaimRetentionPolicy ?? {};
  const ns = sts.metadata.namespace;
  const revNum = (name: string | undefined) => {
    if (!name) return undefined;
    const cr = store.get<K8sObject>('ControllerRevision', ns, name);
    return typeof cr?.revision === 'number' ? cr.revision : undefined;
  };
  return {
    strategy,
    partition: strategy === 'RollingUpdate' ? (ru?.partition ?? 0) : 0,
    maxUnavailable: strategy === 'RollingUpdate' ? ru?.maxUnavailable : undefined,
    currentRevision: st.currentRevision,
    updateRevision: st.updateRevision,
    currentRevisionNumber: revNum(st.currentRevision),
    updateRevisionNumber: revNum(st.updateRevision),
    replicas: desiredReplicas(sts),
    statusReplicas: st.replicas ?? 0,
    currentReplicas: st.currentReplicas ?? 0,
    updatedReplicas: st.updatedReplicas ?? 0,
    readyReplicas: st.readyReplicas ?? 0,
    availableReplicas: st.availableReplicas ?? 0,
    generation: sts.metadata.generation,
    observedGeneration: st.observedGeneration,
    collisionCount: st.collisionCount,
    whenDeleted: rp.whenDeleted ?? 'Retain',
    whenScaled: rp.whenScaled ?? 'Retain',
    // "(default)" only when the field is unset: an explicit Retain is a choice, not a default.
    whenDeletedDefault: rp.whenDeleted === undefined,
    whenScaledDefault: rp.whenScaled === undefined,
    minReadySeconds: spec.minReadySeconds ?? 0,
    podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady',
    // Likewise: an explicit OrderedReady is a choice (the API server writes it into every object it returns).
    policyDefault: spec.podManagementPolicy === undefined,
    start: startOrdinal(sts),
    inProgress: !!st.updateRevision && !!st.currentRevision && st.updateRevision !== st.currentRevision,
  };
}

// ---------------------------------------------------------------- analysis

/** Everything about one StatefulSet at `now`, cached per store version. */
export function analyzeStatefulSet(store: ClusterStore, sts: StatefulSet, now: number): StatefulSetAnalysis {
  const cache = store.memo('sts/analysis', () => new Map<string, StatefulSetAnalysis>());
  const key = `${sts.metadata.namespace}/${sts.metadata.name}/${sts.metadata.uid ?? ''}/${sts.metadata.resourceVersion ?? ''}@${now}`;
  let a = cache.get(key);
  if (!a) {
    a = analyze(store, sts, now);
    cache.set(key, a);
  }
  return a;
}

/** Analyses of every StatefulSet in scope (namespace undefined = all). */
export function analyzeStatefulSets(store: ClusterStore, namespace: string | undefined, now: number): StatefulSetAnalysis[] {
  return store.list<StatefulSet>('StatefulSet', namespace).map((s) => analyzeStatefulSet(store, s, now));
}

function analyze(store: ClusterStore, sts: StatefulSet, now: number): StatefulSetAnalysis {
  const name = sts.metadata.name;
  const ns = sts.metadata.namespace ?? 'default';
  const uid = sts.metadata.uid;
  const start = startOrdinal(sts);
  const replicas = desiredReplicas(sts);
  const end = start + replicas - 1;
  const update = updateInfo(store, sts);
  const service = governingService(store, sts);
  const podsKnown = store.complete('Pod', ns);
  const claimsKnown = store.complete('PersistentVolumeClaim', ns);
  const templates = sts.spec?.volumeClaimTemplates ?? [];
  const domain = store.info.clusterDomain || 'cluster.local';
  const publishNotReady = service.service?.spec?.publishNotReadyAddresses === true;

  // Pods this StatefulSet controls, by ordinal (the controller's getOrdinal on the name).
  const podRe = new RegExp(`^${escapeRe(name)}-(\\d+)$`);
  const owned = new Map<number, Pod>();
  for (const p of podsOwnedBy(store, uid)) {
    if (p.metadata.namespace !== ns || controllerOf(p)?.uid !== uid) continue;
    const m = p.metadata.name.match(podRe);
    if (m) owned.set(Number(m[1]), p);
  }

  // Claims of each template, by ordinal, including ordinals outside the range.
  const claimOrdinals = new Set<number>();
  const claimRes = templates.map((t) => new RegExp(`^${escapeRe(t.metadata.name)}-${escapeRe(name)}-(\\d+)$`));
  if (templates.length) {
    for (const c of store.list<PersistentVolumeClaim>('PersistentVolumeClaim', ns)) {
      for (const re of claimRes) {
        const m = c.metadata.name.match(re);
        if (m) claimOrdinals.add(Number(m[1]));
      }
    }
  }

  const claimsFor = (ordinal: number): ClaimInfo[] =>
    templates.map((t) => {
      const cname = claimNameFor(t.metadata.name, sts, ordinal);
      const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, cname);
      const scName = pvc && pvc.spec && 'storageClassName' in pvc.spec ? pvc.spec.storageClassName : t.spec?.storageClassName;
      const storageClass = resolveStorageClass(store, scName);
      const phase = pvc ? pvcPhase(pvc) : claimsKnown ? 'missing' : 'unknown';
      return {
        template: t.metadata.name,
        name: cname,
        pvc,
        phase,
        capacity: pvc ? pvcCapacity(pvc) : undefined,
        request: pvcRequest(pvc) ?? pvcRequest(t),
        storageClass,
        volume: pvc?.spec?.volumeName,
        ...(pvc && phase === 'Pending' ? { verdict: claimVerdict(store, pvc, storageClass) } : {}),
      };
    });

  const row = (ordinal: number): OrdinalRow => {
    const podName = `${name}-${ordinal}`;
    const inRange = ordinal >= start && ordinal <= end;
    const pod = owned.get(ordinal);
    const r: OrdinalRow = {
      ordinal,
      index: ordinal - start,
      podName,
      inRange,
      pod,
      mark: 'missing',
      state: 'missing',
      ready: '-',
      restarts: 0,
      claims: claimsFor(ordinal),
      runningAndReady: false,
      available: false,
      blockingClaims: [],
    };
    if (pod) {
      const s = podSummary(pod);
      r.mark = ordinalMark(pod);
      r.state = podStateText(pod);
      r.ready = `${s.ready}/${s.total}`;
      r.restarts = s.restarts;
      r.revision = pod.metadata.labels?.[REVISION_LABEL];
      if (r.revision) {
        const cur = r.revision === update.currentRevision;
        const upd = r.revision === update.updateRevision;
        r.revisionRole = cur && upd ? 'current+update' : upd ? 'update' : cur ? 'current' : 'old';
      }
      r.node = pod.spec?.nodeName;
      r.ip = pod.status?.podIP;
      r.runningAndReady = isRunningAndReady(pod) && !pod.metadata.deletionTimestamp;
      r.available = r.runningAndReady && isRunningAndAvailable(pod, update.minReadySeconds, now);
      r.notReadySince = notReadySince(pod);
      if (!pod.spec?.nodeName && !pod.metadata.deletionTimestamp) r.blockingClaims = r.claims.filter(claimBlocks);
    } else {
      const other = store.get<Pod>('Pod', ns, podName);
      if (other) {
        r.foreignPod = other;
        const owner = controllerOf(other);
        if (owner) r.state = `name taken by a pod of ${owner.kind}/${owner.name}`;
        else if (matchesSelector(sts.spec?.selector as LabelSelector | undefined, other.metadata.labels)) {
          // An orphan the selector matches: the controller adopts it on its next sync.
          r.adoptable = true;
          r.state = `orphan pod, not yet adopted by ${name}`;
        } else r.state = `name taken by a pod ${name} does not control`;
      } else if (!podsKnown) {
        r.mark = 'unknown';
        r.state = 'unknown (pods not readable)';
      }
    }
    if (service.state === 'exists' && !pod && !inRange) {
      r.dnsNote = 'no pod';
    } else if (service.state === 'exists') {
      r.dns = `${podName}.${service.name}.${ns}.svc.${domain}`;
      if (!pod) r.dnsNote = 'no pod';
      else if (!r.runningAndReady && !publishNotReady) r.dnsNote = 'not published until Ready';
    } else {
      r.dnsNote = dnsNoteFor(service);
    }
    return r;
  };

  const ordinalSet = new Set<number>();
  for (let o = start; o <= end; o++) ordinalSet.add(o);
  for (const o of owned.keys()) ordinalSet.add(o);
  for (const o of claimOrdinals) ordinalSet.add(o);
  const ordinals = [...ordinalSet].sort((x, y) => x - y).map(row);
  const inRange = ordinals.filter((r) => r.inRange);

  let claimsBound = 0;
  for (const r of inRange) for (const c of r.claims) if (c.phase === 'Bound') claimsBound++;

  const orphans: OrphanClaim[] = [];
  for (const r of ordinals) {
    if (r.inRange) continue;
    for (const c of r.claims) {
      if (!c.pvc) continue;
      orphans.push(orphanInfo(store, c, r, update));
    }
  }

  const upd = update.updateRevision;
  const oldRevision = upd ? inRange.filter((r) => r.pod && !r.pod.metadata.deletionTimestamp && r.revision !== upd) : [];
  const heldByPartition = update.strategy === 'RollingUpdate' ? oldRevision.filter((r) => r.index < update.partition) : [];

  const a: StatefulSetAnalysis = {
    sts,
    name,
    namespace: ns,
    replicas,
    start,
    ordinals,
    inRange,
    service,
    update,
    wait: { kind: 'idle', text: '' },
    orphans,
    claimsBound,
    claimsExpected: templates.length * replicas,
    readyCount: inRange.filter((r) => r.runningAndReady).length,
    podsKnown,
    claimsKnown,
    oldRevision,
    heldByPartition,
  };
  a.wait = computeWait(store, a);
  return a;
}

function orphanInfo(store: ClusterStore, c: ClaimInfo, r: OrdinalRow, update: UpdateInfo): OrphanClaim {
  const pvc = c.pvc!;
  const base = { ordinal: r.ordinal, template: c.template, pvc, size: c.capacity ?? c.request, phase: c.phase, podExists: !!r.pod };
  if (pvc.metadata.deletionTimestamp) return { ...base, willDelete: true, why: 'being deleted' };
  // whenScaled: Delete makes the controller give a condemned pod's claims an
  // ownerReference to that pod, so the garbage collector deletes them with it.
  const podOwner = (pvc.metadata.ownerReferences ?? []).find((o) => o.kind === 'Pod' && o.name === r.podName);
  if (podOwner) {
    const pod = store.get<Pod>('Pod', pvc.metadata.namespace, r.podName);
    const alive = pod && pod.metadata.uid === podOwner.uid;
    return { ...base, willDelete: true, why: alive ? `whenScaled=${update.whenScaled}: owned by pod ${r.podName}, deleted with it` : `owned by pod ${r.podName}, which is gone: the garbage collector deletes it` };
  }
  if (update.whenScaled === 'Delete') {
    return { ...base, willDelete: false, why: 'kept: whenScaled=Delete, but the claim has no ownerReference to its pod (left from before the policy or the scale-down)' };
  }
  return { ...base, willDelete: false, why: `kept: whenScaled=${update.whenScaled}${update.whenScaledDefault ? ' (default)' : ''}` };
}

// ---------------------------------------------------------------- what the controller waits on

function names(rows: OrdinalRow[]): string {
  const n = rows.map((r) => r.podName);
  if (n.length <= 1) return n.join('');
  if (n.length > 4) return `${n.slice(0, 3).join(', ')} and ${n.length - 3} more`;
  return `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

/** The newest FailedCreate event of the StatefulSet about this pod (or its claims), if not followed by a successful create. */
function failedCreateFor(events: KubeEvent[], podName: string): KubeEvent | undefined {
  const re = new RegExp(`\\b${escapeRe(podName)}\\b`);
  for (const e of events) {
    const parsed = e.reason === 'FailedCreate' ? parseStatefulSetCreateFailure(e.message) : undefined;
    if (parsed ? parsed.pod !== podName : !re.test(e.message ?? '')) continue;
    if (e.reason === 'SuccessfulCreate' && /^create Pod/.test(e.message ?? '')) return undefined;
    if (e.reason === 'FailedCreate') return e;
  }
  return undefined;
}

/**
 * Why the controller cannot create a pod, in words: the refusal read from its
 * FailedCreate event (which pod or claim, who refused, their message), else
 * the event's own text.
 */
export function createRefusalText(e: KubeEvent, refusal = parseStatefulSetCreateFailure(e.message)): string {
  if (!refusal) return `creating it failed: ${oneSpace(sanitizeLine(e.message ?? e.reason ?? 'FailedCreate'))}`;
  if (refusal.claimDeleting) return `its claim ${refusal.claim} is being deleted (deletionTimestamp set, finalizers not done): the controller creates the pod once the claim is gone`;
  const why = oneSpace(sanitizeLine(describeCreateFailure(refusal.failure!)));
  // An error no admission step wrote (a timeout, a conflict) is not a refusal.
  if (refusal.failure!.kind === 'other') return refusal.claim ? `creating its claim ${refusal.claim} failed: ${why}` : `creating it failed: ${why}`;
  return refusal.claim ? `its claim ${refusal.claim} cannot be created: ${why}` : `the API server refuses it: ${why}`;
}

function oneSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function createFailedWait(r: OrdinalRow, fc: KubeEvent, text: (why: string) => string): WaitInfo {
  const refusal = parseStatefulSetCreateFailure(fc.message);
  const w: WaitInfo = { kind: 'create-failed', text: text(createRefusalText(fc, refusal)), blocker: r, blocks: 'create', failedCreate: fc };
  if (refusal) w.refusal = refusal;
  return w;
}

function computeWait(store: ClusterStore, a: StatefulSetAnalysis): WaitInfo {
  const { sts, update, inRange } = a;
  const monotonic = update.podManagementPolicy !== 'Parallel';
  const upd = update.updateRevision;
  const rev = (r: OrdinalRow) => shortRevision(r.revision, a.name);
  const updShort = shortRevision(upd, a.name);
  const condemned = a.ordinals.filter((r) => !r.inRange && r.pod).sort((x, y) => y.ordinal - x.ordinal);
  const events = eventsFor(store, 'StatefulSet', a.namespace, a.name, sts.metadata.uid);

  if (sts.metadata.deletionTimestamp) return { kind: 'deleting', text: 'the StatefulSet is being deleted: the controller only updates its status' };
  if (!a.podsKnown && inRange.some((r) => !r.pod)) return { kind: 'pods-unknown', text: 'unknown: pods could not be read in this namespace' };

  const rollingTargets = update.strategy === 'RollingUpdate' && upd ? inRange.filter((r) => r.index >= update.partition && r.pod && !r.pod.metadata.deletionTimestamp && r.revision !== upd) : [];
  const nextTarget = rollingTargets.length ? rollingTargets[rollingTargets.length - 1] : undefined;

  // 1. Replicas in ordinal order; in OrderedReady ("monotonic") mode the first
  //    one that is missing, terminating, not Ready or not available stops everything.
  const parallelMissing: OrdinalRow[] = [];
  for (const r of inRange) {
    if (!r.pod) {
      if (r.foreignPod && r.adoptable) {
        const w: WaitInfo = { kind: 'create', text: `${r.podName} exists without an owner and matches the selector: the controller adopts it`, blocker: r, blocks: 'create' };
        if (monotonic) return w;
        continue;
      }
      if (r.foreignPod) {
        const w: WaitInfo = { kind: 'name-taken', text: `${r.podName} cannot be created: ${r.state}`, blocker: r, blocks: 'create' };
        if (monotonic) return w;
        parallelMissing.push(r);
        continue;
      }
      const fc = failedCreateFor(events, r.podName);
      if (monotonic) {
        if (fc) return createFailedWait(r, fc, (why) => `${r.podName} is missing: ${why}`);
        return { kind: 'create', text: `${r.podName} does not exist yet: the controller creates it next`, blocker: r, blocks: 'create' };
      }
      parallelMissing.push(r);
      continue;
    }
    const phase = r.pod.status?.phase;
    if ((phase === 'Failed' || phase === 'Succeeded') && !r.pod.metadata.deletionTimestamp) {
      if (monotonic) return { kind: 'recreate', text: `${r.podName} has phase ${phase}: the controller deletes and recreates it`, blocker: r, blocks: blocksAfter(a, r, nextTarget, condemned) };
      continue;
    }
    if (!monotonic) continue;
    if (r.pod.metadata.deletionTimestamp) {
      if (r.revision !== upd && update.inProgress && update.strategy === 'RollingUpdate' && r.index >= update.partition) {
        return { kind: 'terminating', text: `rolling update: ${r.podName} is terminating, to be recreated on ${updShort}`, blocker: r, blocks: 'rollout', updating: r };
      }
      return { kind: 'terminating', text: `${r.podName} is terminating: the controller waits for it to be gone before doing anything else`, blocker: r, blocks: blocksAfter(a, r, nextTarget, condemned) };
    }
    if (!r.runningAndReady || !r.available) {
      const why = !r.runningAndReady ? `is not Ready (${r.state})${claimNote(r)}` : `is Ready but not yet available (minReadySeconds ${update.minReadySeconds}s)`;
      const kind: WaitKind = !r.runningAndReady ? 'not-ready' : 'not-available';
      const blocks = blocksAfter(a, r, nextTarget, condemned);
      if (blocks === 'create') {
        const firstMissing = inRange.find((x) => x.ordinal > r.ordinal && !x.pod)!;
        return { kind, text: `${r.podName} ${why}: ${firstMissing.podName} will not be created until it is`, blocker: r, blocks };
      }
      if (blocks === 'rollout') {
        if (upd && r.revision === upd && r.index >= update.partition) {
          return { kind: 'rolling-wait', text: `rolling update: next is ${nextTarget!.podName} (on ${rev(nextTarget!)}), waiting for ${r.podName} (on ${updShort}) to become ${kind === 'not-ready' ? 'Ready' : 'available'}`, blocker: r, blocks, next: nextTarget, updating: r };
        }
        return { kind, text: `${r.podName} ${why}: the rolling update (next ${nextTarget!.podName}) waits for it`, blocker: r, blocks, next: nextTarget };
      }
      if (blocks === 'scale-down') return { kind, text: `${r.podName} ${why}: removing ${condemned[0]!.podName} waits for it`, blocker: r, blocks };
      if (upd && r.revision === upd && update.inProgress && r.index >= update.partition) {
        const held = a.heldByPartition.length ? `; partition ${update.partition} then holds ${names(a.heldByPartition)} on ${[...new Set(a.heldByPartition.map(rev))].join(', ')}` : '';
        return { kind: 'rolling-wait', text: `rolling update: waiting for ${r.podName} (on ${updShort}) to become ${kind === 'not-ready' ? 'Ready' : 'available'}${held}`, blocker: r, blocks, updating: r };
      }
      return { kind, text: `${r.podName} ${why}; no other change waits on it`, blocker: r, blocks };
    }
  }
  if (parallelMissing.length) {
    const taken = parallelMissing.find((r) => r.foreignPod && !r.adoptable);
    if (taken) return { kind: 'name-taken', text: `${taken.podName} cannot be created: ${taken.state}`, blocker: taken, blocks: 'create' };
    for (const r of parallelMissing) {
      const fc = failedCreateFor(events, r.podName);
      if (fc) return createFailedWait(r, fc, (why) => (parallelMissing.length > 1 ? `Parallel: ${names(parallelMissing)} are missing; ${r.podName}: ${why}` : `Parallel: ${r.podName} is missing: ${why}`));
    }
    return { kind: 'create', text: `Parallel: creating ${names(parallelMissing)} (no ordering wait)`, blocker: parallelMissing[0], blocks: 'create' };
  }

  // 2. Scale-down: condemned pods, highest ordinal first.
  if (condemned.length) {
    const to = `scaling down to ${a.replicas}`;
    if (!monotonic) {
      return { kind: 'scale-down', text: `${to}: removing ${names(condemned)} at once (Parallel)`, blocker: condemned[0] };
    }
    const first = condemned[0]!;
    const rest = condemned.slice(1);
    const then = rest.length ? `, then ${names(rest)}` : '';
    if (first.pod!.metadata.deletionTimestamp) return { kind: 'scale-down', text: `${to}: ${first.podName} terminating${then}`, blocker: first };
    return { kind: 'scale-down', text: `${to}: removing ${first.podName} next (highest ordinal first)${then}`, blocker: first };
  }

  // 3. OnDelete: the controller never deletes pods for an update.
  if (update.strategy === 'OnDelete') {
    if (a.oldRevision.length) {
      const n = a.oldRevision.length;
      return { kind: 'ondelete', text: `OnDelete: ${n} pod${n > 1 ? 's' : ''} still on the old revision (${names(a.oldRevision)}); delete ${n > 1 ? 'them' : 'it'} to update to ${updShort}` };
    }
    return idle(a);
  }

  // 4. RollingUpdate: from the highest ordinal down to the partition, replace
  //    one pod not on updateRevision, then wait for it (only reached here in
  //    Parallel mode or when everything is healthy).
  for (let i = inRange.length - 1; i >= 0; i--) {
    const r = inRange[i]!;
    if (r.index < update.partition) break;
    if (r.pod && upd && r.revision !== upd && !r.pod.metadata.deletionTimestamp) {
      return { kind: 'rolling-next', text: `rolling update: next is ${r.podName} (on ${rev(r)}), to be replaced by ${updShort}`, next: r };
    }
    if (!r.available) {
      const target = inRange.slice(0, i).reverse().find((x) => x.index >= update.partition && x.pod && x.revision !== upd && !x.pod.metadata.deletionTimestamp);
      const nextText = target ? `next is ${target.podName} (on ${rev(target)}), ` : '';
      if (!target && !update.inProgress) break;
      return { kind: 'rolling-wait', text: `rolling update: ${nextText}waiting for ${r.podName} to become Ready`, blocker: r, blocks: 'rollout', next: target, updating: r };
    }
  }
  if (a.heldByPartition.length) {
    const revs = [...new Set(a.heldByPartition.map((r) => rev(r)))].join(', ');
    return { kind: 'partition', text: `partition ${update.partition} holds ${names(a.heldByPartition)} on ${revs}` };
  }
  return idle(a);
}

/** What is waiting on a blocking ordinal: a higher ordinal to create, the rollout, or the scale-down. */
function blocksAfter(a: StatefulSetAnalysis, r: OrdinalRow, nextTarget: OrdinalRow | undefined, condemned: OrdinalRow[]): WaitInfo['blocks'] {
  if (a.inRange.some((x) => x.ordinal > r.ordinal && !x.pod)) return 'create';
  if (a.update.strategy === 'RollingUpdate' && nextTarget) return 'rollout';
  if (condemned.length) return 'scale-down';
  return 'nothing';
}

function idle(a: StatefulSetAnalysis): WaitInfo {
  if (a.replicas === 0) return { kind: 'idle', text: 'nothing: scaled to 0' };
  const notReady = a.inRange.filter((r) => !r.runningAndReady);
  if (notReady.length) {
    const lead = a.update.podManagementPolicy === 'Parallel' ? 'nothing to order (Parallel)' : 'nothing to do';
    return { kind: 'parallel', text: `${lead}; not Ready: ${notReady.map((r) => `${r.podName} (${r.state})${claimNote(r)}`).join(', ')}`, blocker: notReady[0], blocks: 'nothing' };
  }
  const revs = [...new Set(a.inRange.map((r) => shortRevision(r.revision, a.name)))];
  const n = a.inRange.length;
  return { kind: 'idle', text: `nothing: ${n === 1 ? 'the ordinal is' : `all ${n} ordinals`} ready on ${revs.join(', ')}` };
}

/** Newest first: events of the StatefulSet and of its pods (in range or not). */
export function statefulSetEvents(store: ClusterStore, a: StatefulSetAnalysis): KubeEvent[] {
  const out: KubeEvent[] = [...eventsFor(store, 'StatefulSet', a.namespace, a.name, a.sts.metadata.uid)];
  for (const r of a.ordinals) {
    if (r.pod) out.push(...eventsFor(store, 'Pod', a.namespace, r.podName, r.pod.metadata.uid));
    for (const c of r.claims) if (c.pvc) out.push(...eventsFor(store, 'PersistentVolumeClaim', a.namespace, c.name, c.pvc.metadata.uid));
  }
  return out.sort((x, y) => eventTime(y) - eventTime(x));
}

/** The StatefulSet (and ordinal) a claim was made for, from the `<template>-<sts>-<ordinal>` name; one index per store version. */
export function claimOwner(store: ClusterStore, pvc: K8sObject): { sts: StatefulSet; template: string; ordinal: number; inRange: boolean } | undefined {
  const idx = store.memo('sts/claimOwners', () => {
    const m = new Map<string, { sts: StatefulSet; template: string; ordinal: number; inRange: boolean }>();
    for (const sts of store.list<StatefulSet>('StatefulSet')) {
      const templates = sts.spec?.volumeClaimTemplates ?? [];
      if (!templates.length) continue;
      const ns = sts.metadata.namespace;
      const res = templates.map((t) => ({ t: t.metadata.name, re: new RegExp(`^${escapeRe(t.metadata.name)}-${escapeRe(sts.metadata.name)}-(\\d+)$`) }));
      const start = startOrdinal(sts);
      const end = start + desiredReplicas(sts);
      for (const c of store.list('PersistentVolumeClaim', ns)) {
        for (const { t, re } of res) {
          const mm = c.metadata.name.match(re);
          if (!mm) continue;
          const ordinal = Number(mm[1]);
          m.set(`${ns}/${c.metadata.name}`, { sts, template: t, ordinal, inRange: ordinal >= start && ordinal < end });
        }
      }
    }
    return m;
  });
  return idx.get(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
}

/** Pods that mount a claim, via one index per store version. */
export function podsUsingClaim(store: ClusterStore, namespace: string | undefined, claim: string): Pod[] {
  const idx = store.memo('pvc/usedBy', () => {
    const m = new Map<string, Pod[]>();
    for (const p of store.list<Pod>('Pod')) {
      for (const v of (p.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[]) {
        const c = v.persistentVolumeClaim?.claimName;
        if (!c) continue;
        const k = `${p.metadata.namespace}/${c}`;
        let arr = m.get(k);
        if (!arr) m.set(k, (arr = []));
        arr.push(p);
      }
    }
    return m;
  });
  return idx.get(`${namespace}/${claim}`) ?? [];
}
