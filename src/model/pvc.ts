// PersistentVolumeClaims and StorageClasses as the PV controller sees them:
// which class a claim gets (the default StorageClass when none is named),
// whether that class exists, and the claim's phase, size and volume.
import type { ClusterStore } from '../cluster/store.js';
import type { K8sObject, KubeEvent } from './types.js';
import { eventsFor } from './events.js';
import { parseTime } from './time.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** Set by the scheduler on a WaitForFirstConsumer claim once its pod has a node. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';

export interface PersistentVolumeClaim extends K8sObject {
  spec?: {
    accessModes?: string[];
    resources?: { requests?: Record<string, string> };
    /** undefined/null: not set (the default class applies); '': explicitly no class (static binding). */
    storageClassName?: string | null;
    volumeName?: string;
    volumeMode?: string;
    [k: string]: unknown;
  };
  status?: { phase?: string; capacity?: Record<string, string>; accessModes?: string[]; [k: string]: unknown };
}

export interface StorageClass extends K8sObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

export function isDefaultStorageClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * The default StorageClass the admission plugin would assign. When several are
 * marked default, Kubernetes (1.26+) picks the newest one.
 * `known` is false when StorageClasses could not be read.
 */
export function defaultStorageClass(store: ClusterStore): { known: boolean; sc?: StorageClass; candidates: StorageClass[] } {
  return store.memo('pvc/defaultStorageClass', () => {
    const candidates = store.list<StorageClass>('StorageClass').filter(isDefaultStorageClass);
    const sorted = [...candidates].sort((a, b) => {
      const ta = parseTime(a.metadata.creationTimestamp) ?? 0;
      const tb = parseTime(b.metadata.creationTimestamp) ?? 0;
      if (ta !== tb) return tb - ta;
      return a.metadata.name < b.metadata.name ? -1 : 1;
    });
    return { known: store.complete('StorageClass'), sc: sorted[0], candidates: sorted };
  });
}

export type ClassSource = 'named' | 'default' | 'none' | 'empty';

export interface ResolvedClass {
  /** The class the claim uses or would use; undefined when none applies. */
  name?: string;
  /**
   * named: storageClassName set; default: unset, the default class applies;
   * none: unset and there is no default; empty: storageClassName "" (only
   * pre-provisioned PVs without a class can bind).
   */
  source: ClassSource;
  /** true found, false not found (StorageClasses fully read), undefined could not check. */
  exists?: boolean;
  sc?: StorageClass;
}

/** Resolve a storageClassName (from a claim or a claim template). */
export function resolveStorageClass(store: ClusterStore, storageClassName: string | null | undefined): ResolvedClass {
  const complete = store.complete('StorageClass');
  if (storageClassName === '') return { source: 'empty' };
  if (storageClassName) {
    const sc = store.get<StorageClass>('StorageClass', undefined, storageClassName);
    return { name: storageClassName, source: 'named', sc, exists: sc ? true : complete ? false : undefined };
  }
  const d = defaultStorageClass(store);
  if (d.sc) return { name: d.sc.metadata.name, source: 'default', sc: d.sc, exists: true };
  return { source: 'none', exists: d.known ? false : undefined };
}

export function describeClass(r: ResolvedClass): string {
  switch (r.source) {
    case 'named':
      return r.exists === false ? `${r.name} (not found)` : r.name!;
    case 'default':
      return `${r.name} (default)`;
    case 'empty':
      return '"" (no class)';
    case 'none':
      return r.exists === undefined ? '<unset> (default unknown)' : '<unset> (no default)';
  }
}

export function pvcPhase(pvc: PersistentVolumeClaim): string {
  if (pvc.metadata.deletionTimestamp) return 'Terminating';
  return pvc.status?.phase ?? 'Pending';
}

export function pvcCapacity(pvc: PersistentVolumeClaim): string | undefined {
  return pvc.status?.capacity?.storage;
}

export function pvcRequest(pvc: { spec?: { resources?: { requests?: Record<string, string> } } } | undefined): string | undefined {
  return pvc?.spec?.resources?.requests?.storage;
}

export function pvcEvents(store: ClusterStore, pvc: PersistentVolumeClaim): KubeEvent[] {
  return eventsFor(store, 'PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name, pvc.metadata.uid);
}

/** Is this claim waiting, as designed, for its pod to be scheduled (WaitForFirstConsumer, no node picked yet)? */
export function waitsForFirstConsumer(pvc: PersistentVolumeClaim, cls: ResolvedClass): boolean | undefined {
  if (pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION]) return false;
  if (!cls.sc) return undefined;
  return cls.sc.volumeBindingMode === 'WaitForFirstConsumer';
}

/** Parse a Kubernetes quantity (1Gi, 500Mi, 10G) into bytes; undefined when unparseable. */
export function quantityBytes(q: string | undefined): number | undefined {
  if (!q) return undefined;
  const m = q.trim().match(/^([0-9.]+)([a-zA-Z]*)$/);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (Number.isNaN(n)) return undefined;
  const mult: Record<string, number> = {
    '': 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6,
  };
  const f = mult[m[2]!];
  return f === undefined ? undefined : n * f;
}

// ---------- is a Pending claim waiting by design, or stuck? ----------

export interface PersistentVolume extends K8sObject {
  spec?: { storageClassName?: string; claimRef?: { namespace?: string; name?: string; uid?: string }; capacity?: Record<string, string>; nodeAffinity?: unknown; [k: string]: unknown };
  status?: { phase?: string; [k: string]: unknown };
}

/** The StorageClass's volumeBindingMode as the PV controller reads it; undefined when the class could not be read. */
export function bindingMode(cls: ResolvedClass): 'Immediate' | 'WaitForFirstConsumer' | undefined {
  // IsDelayBindingMode (component-helpers/storage/volume): no class name, or a class
  // that does not exist, binds immediately; a class sets its mode (defaulted to Immediate).
  if (cls.source === 'empty' || cls.exists === false) return 'Immediate';
  if (!cls.sc) return undefined;
  return cls.sc.volumeBindingMode === 'WaitForFirstConsumer' ? 'WaitForFirstConsumer' : 'Immediate';
}

/** The pod-scheduling facts the claim decision needs (kept abstract so the model stays free of the pod module). */
export interface ConsumerPod {
  name: string;
  /** spec.nodeName is set. */
  scheduled: boolean;
  /** PodScheduled=False message (the scheduler's reasons), when not scheduled. */
  schedulingMessage?: string;
  /** The scheduler finds no node for the pod's WaitForFirstConsumer volumes (no matching PV, volume node affinity, capacity, zone). */
  volumeBlocked?: boolean;
  /** The scheduler reports "pod has unbound immediate PersistentVolumeClaims". */
  immediateUnbound?: boolean;
}

export type ClaimVerdict =
  /** WaitForFirstConsumer, no node selected, and its pod is not scheduled for reasons of its own (or there is no pod yet): Pending by design. */
  | { state: 'waiting'; why: string }
  /** It should be bound by now and is not. */
  | { state: 'stuck'; why: string; mode?: 'Immediate' | 'WaitForFirstConsumer' }
  /** StorageClasses could not be read and nothing else tells. */
  | { state: 'unknown'; why: string };

/**
 * Why a Pending claim is Pending, decided from the binding mode, the
 * volume.kubernetes.io/selected-node annotation and its pods' scheduling state
 * (pkg/controller/volume/persistentvolume/pv_controller.go syncUnboundClaim and
 * the scheduler's VolumeBinding plugin), never from the type of its events: the
 * PV controller writes FailedBinding (no class, no PV), ExternalProvisioning
 * and WaitForFirstConsumer as Normal events however long they last.
 */
export function pendingClaimVerdict(store: ClusterStore, pvc: PersistentVolumeClaim, cls: ResolvedClass, consumers: ConsumerPod[], podsKnown: boolean): ClaimVerdict {
  const volumeName = pvc.spec?.volumeName;
  if (volumeName) {
    // Pre-bound to a PV: the controller binds it at once, whatever the mode.
    const pv = store.get<PersistentVolume>('PersistentVolume', undefined, volumeName);
    if (!pv) {
      if (store.complete('PersistentVolume')) return { state: 'stuck', why: `spec.volumeName names PersistentVolume ${volumeName}, which does not exist` };
      return { state: 'stuck', why: `spec.volumeName names PersistentVolume ${volumeName}, and it is not bound (PersistentVolumes could not be read)` };
    }
    const ref = pv.spec?.claimRef;
    if (ref && (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace)) return { state: 'stuck', why: `spec.volumeName names PersistentVolume ${volumeName}, which is bound to claim ${ref.namespace}/${ref.name}` };
    return { state: 'stuck', why: `spec.volumeName names PersistentVolume ${volumeName} (${pv.status?.phase ?? 'phase unknown'}), and the claim is not bound to it` };
  }
  const mode = bindingMode(cls);
  const node = pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (node) return { state: 'stuck', why: `the scheduler picked node ${node} (${SELECTED_NODE_ANNOTATION}) and the volume has not been provisioned for it`, mode: mode ?? 'WaitForFirstConsumer' };
  const blocked = consumers.find((p) => !p.scheduled && p.volumeBlocked);
  if (mode === 'Immediate') return { state: 'stuck', why: 'Immediate: the PV controller binds or provisions it as soon as it exists, no pod needed', mode };
  if (mode === 'WaitForFirstConsumer') {
    if (blocked) return { state: 'stuck', why: `WaitForFirstConsumer, and the scheduler finds no node for pod ${blocked.name} because of its volumes`, mode };
    const scheduled = consumers.find((p) => p.scheduled);
    if (scheduled) return { state: 'stuck', why: `WaitForFirstConsumer, pod ${scheduled.name} is on a node, yet no node was selected for the claim`, mode };
    const waiting = consumers.filter((p) => !p.scheduled);
    if (waiting.length) return { state: 'waiting', why: `WaitForFirstConsumer: binds once pod ${waiting.map((p) => p.name).join(', ')} is scheduled, which the scheduler has not done for reasons of its own` };
    return { state: 'waiting', why: podsKnown ? 'WaitForFirstConsumer: no pod uses it yet' : 'WaitForFirstConsumer: binds once a pod using it is scheduled (pods could not be read)' };
  }
  // Binding mode unknown (StorageClasses unreadable): only the pods can tell.
  const immediate = consumers.find((p) => !p.scheduled && p.immediateUnbound);
  if (immediate) return { state: 'stuck', why: `the scheduler reports unbound immediate PersistentVolumeClaims for pod ${immediate.name}`, mode: 'Immediate' };
  if (blocked) return { state: 'stuck', why: `the scheduler finds no node for pod ${blocked.name} because of its volumes` };
  const scheduled = consumers.find((p) => p.scheduled);
  if (scheduled) return { state: 'stuck', why: `pod ${scheduled.name} is on a node, yet the claim is not bound` };
  return { state: 'unknown', why: 'StorageClasses could not be read, so whether it waits for its pod (WaitForFirstConsumer) is unknown' };
}
