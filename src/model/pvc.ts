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
