// The kinds k8stui reads, with what the API needs to list and watch them.
// One registry: the store, the live source, the snapshot loader and the
// views all key on `KindName`.

export type KindName =
  | 'Namespace'
  | 'Node'
  | 'Pod'
  | 'Event'
  | 'StatefulSet'
  | 'ControllerRevision'
  | 'Deployment'
  | 'ReplicaSet'
  | 'PersistentVolumeClaim'
  | 'PersistentVolume'
  | 'StorageClass'
  | 'Job'
  | 'CronJob'
  | 'Service'
  | 'EndpointSlice'
  | 'Ingress'
  | 'IngressClass'
  | 'Secret';

export interface KindInfo {
  kind: KindName;
  group: string; // '' for core
  version: string;
  plural: string;
  namespaced: boolean;
  /** Field selector always applied when listing (Secrets: TLS only). */
  fieldSelector?: string;
  /** Short names a user may type after ':' (k9s habit). */
  aliases: string[];
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false, aliases: ['ns', 'namespace', 'namespaces'] },
  { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false, aliases: ['no', 'node', 'nodes'] },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true, aliases: ['po', 'pod', 'pods'] },
  { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true, aliases: ['ev', 'event', 'events'] },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true, aliases: ['sts', 'statefulset', 'statefulsets'] },
  { kind: 'ControllerRevision', group: 'apps', version: 'v1', plural: 'controllerrevisions', namespaced: true, aliases: ['controllerrevision', 'controllerrevisions'] },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, aliases: ['deploy', 'deployment', 'deployments'] },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true, aliases: ['rs', 'replicaset', 'replicasets'] },
  { kind: 'PersistentVolumeClaim', group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true, aliases: ['pvc', 'pvcs', 'persistentvolumeclaim', 'persistentvolumeclaims'] },
  { kind: 'PersistentVolume', group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false, aliases: ['pv', 'pvs', 'persistentvolume', 'persistentvolumes'] },
  { kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', namespaced: false, aliases: ['sc', 'storageclass', 'storageclasses'] },
  { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs', namespaced: true, aliases: ['job', 'jobs'] },
  { kind: 'CronJob', group: 'batch', version: 'v1', plural: 'cronjobs', namespaced: true, aliases: ['cj', 'cronjob', 'cronjobs'] },
  { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true, aliases: ['svc', 'service', 'services'] },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true, aliases: ['eps', 'endpointslice', 'endpointslices'] },
  { kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', namespaced: true, aliases: ['ing', 'ingress', 'ingresses'] },
  { kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses', namespaced: false, aliases: ['ingressclass', 'ingressclasses'] },
  { kind: 'Secret', group: '', version: 'v1', plural: 'secrets', namespaced: true, fieldSelector: 'type=kubernetes.io/tls', aliases: ['secret', 'secrets'] },
];

const BY_KIND = new Map<string, KindInfo>(KINDS.map((k) => [k.kind, k]));
/** Also accept list kinds (PodList) and lowercase names. */
const BY_LOWER = new Map<string, KindInfo>(KINDS.map((k) => [k.kind.toLowerCase(), k]));

export function kindInfo(kind: KindName): KindInfo {
  const k = BY_KIND.get(kind);
  if (!k) throw new Error(`unknown kind ${kind}`);
  return k;
}

/** Resolve a `kind` field (as written in a manifest) to a known kind, if any. */
export function lookupKind(kind: string | undefined, apiVersion?: string): KindInfo | undefined {
  if (!kind) return undefined;
  const k = BY_KIND.get(kind) ?? BY_LOWER.get(kind.toLowerCase());
  if (!k) return undefined;
  if (apiVersion) {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    // events.k8s.io/v1 Events have a different shape; only core/v1 Events are read.
    if (group !== k.group) return undefined;
  }
  return k;
}

export function apiVersionOf(k: KindInfo): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** REST path for listing a kind, cluster-wide or in one namespace. */
export function listPath(k: KindInfo, namespace?: string): string {
  const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  if (k.namespaced && namespace) return `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}`;
  return `${base}/${k.plural}`;
}
