// One namespace as a tree: Ingress → Service → owner → Pods, through
// EndpointSlices (what really receives traffic), each node with a health.
// Services that no Ingress routes to are listed after the Ingresses.
import type { ClusterStore } from '../cluster/store.js';
import type { K8sObject, Pod } from './types.js';
import { controllerOf, podSummary } from './pod.js';
import { type EndpointEntry, type Service, type ServiceMap, serviceMap, endpointsText } from './service.js';
import { type Ingress, ingressMap, classText, tlsSummary } from './ingress.js';

export type Health = 'ok' | 'warn' | 'error' | 'muted';

export interface MapNode {
  kind: string;
  namespace?: string;
  name: string;
  health: Health;
  /** Short facts after the name: `3/3 ready`, `Running node-a`. */
  text: string;
  children: MapNode[];
}

const SHORT: Record<string, string> = { ReplicaSet: 'rs', Job: 'job' };

const WORST: Record<Health, number> = { error: 3, warn: 2, ok: 1, muted: 0 };
export function worst(...hs: Health[]): Health {
  return hs.reduce<Health>((a, b) => (WORST[b] > WORST[a] ? b : a), 'muted');
}

/** A controller's state and health from its status. */
function ownerState(kind: string, obj: K8sObject | undefined): { health: Health; text: string } {
  if (!obj) return { health: 'muted', text: 'not found' };
  const st = obj.status ?? {};
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet') {
    const want = obj.spec?.replicas ?? 1;
    const ready = st.readyReplicas ?? 0;
    return { text: `${ready}/${want} ready`, health: ready >= want ? 'ok' : ready === 0 && want > 0 ? 'error' : 'warn' };
  }
  if (kind === 'Job') {
    const conds: { type: string; status: string }[] = st.conditions ?? [];
    if (conds.some((c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True')) return { text: 'Complete', health: 'ok' };
    if (conds.some((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True')) return { text: 'Failed', health: 'error' };
    return { text: `active ${st.active ?? 0}`, health: 'ok' };
  }
  if (kind === 'CronJob') return obj.spec?.suspend ? { text: 'suspended', health: 'warn' } : { text: `schedule ${obj.spec?.schedule ?? '?'}`, health: 'ok' };
  return { health: 'muted', text: '' };
}

const OWNER_KINDS = ['ReplicaSet', 'StatefulSet', 'Job', 'Deployment', 'CronJob'];

export interface OwnerChain {
  /** The outermost owner: Deployment (via ReplicaSet), CronJob (via Job), StatefulSet, or the direct owner. */
  kind: string;
  name: string;
  /** Intermediate owners, nearest first: `ReplicaSet web-7d9c6b8f5`. */
  via: { kind: string; name: string }[];
  health: Health;
  text: string;
}

/** A pod's owner chain: ReplicaSet → Deployment, Job → CronJob, StatefulSet, or any other controller. */
export function ownerChain(store: ClusterStore, pod: Pod): OwnerChain | undefined {
  const ns = pod.metadata.namespace!;
  const ref = controllerOf(pod);
  if (!ref) return undefined;
  const get = (kind: string, name: string) => (OWNER_KINDS.includes(kind) ? store.get(kind as 'ReplicaSet', ns, name) : undefined);
  const obj = get(ref.kind, ref.name);
  if (obj && (ref.kind === 'ReplicaSet' || ref.kind === 'Job')) {
    const up = controllerOf(obj);
    if (up && (up.kind === 'Deployment' || up.kind === 'CronJob')) {
      const upObj = get(up.kind, up.name);
      return { kind: up.kind, name: up.name, via: [{ kind: ref.kind, name: ref.name }], ...ownerState(up.kind, upObj) };
    }
  }
  return { kind: ref.kind, name: ref.name, via: [], ...(OWNER_KINDS.includes(ref.kind) ? ownerState(ref.kind, obj) : { health: 'muted' as Health, text: '' }) };
}

function podHealth(pod: Pod | undefined, e?: EndpointEntry): Health {
  if (e?.state === 'terminating') return 'muted';
  if (e?.state === 'ready') return 'ok';
  if (!pod) return e ? 'warn' : 'muted';
  const s = podSummary(pod);
  if (s.phase === 'Succeeded') return 'muted';
  if (s.phase === 'Failed' || ['CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'Error'].includes(s.status) || s.scheduling) return 'error';
  return 'warn';
}

function podNode(pod: Pod | undefined, name: string, e: EndpointEntry | undefined, why?: string): MapNode {
  const s = pod ? podSummary(pod) : undefined;
  const state = e ? (e.state === 'ready' ? 'ready' : e.state === 'terminating' ? 'terminating' : `not ready (${e.why ?? 'ready=false'})`) : `no endpoint (${why ?? '?'})`;
  const bits = [s?.status, e?.nodeName ?? pod?.spec?.nodeName, state].filter(Boolean);
  return { kind: 'Pod', namespace: pod?.metadata.namespace, name, health: podHealth(pod, e), text: bits.join('  '), children: [] };
}

/** Service health: error with no ready endpoint while pods are selected (or none match), warn when some are not ready. */
export function serviceHealth(map: ServiceMap): Health {
  if (map.type === 'ExternalName') return 'ok';
  if (map.selectorless) return map.ready > 0 ? (map.ready < map.total ? 'warn' : 'ok') : 'error';
  if (map.total === 0 && map.selected.length === 0) return 'error';
  if (map.ready === 0) return 'error';
  if (map.ready < map.total || map.withoutEndpoint.some((w) => w.pod.status?.phase !== 'Succeeded' && w.pod.status?.phase !== 'Failed')) return 'warn';
  return 'ok';
}

export function serviceNode(store: ClusterStore, svc: Service, portFilter?: Set<string>): MapNode {
  const map = serviceMap(store, svc);
  const ports = portFilter && portFilter.size ? ` port ${[...portFilter].join(',')}` : '';
  let text = map.type === 'ExternalName' ? `ExternalName → ${svc.spec.externalName ?? '?'}` : `${map.type}${ports}  ${endpointsText(map)} ready`;
  if (!map.selectorless && map.podsComplete && map.selected.length === 0) text += '  selector matches no pod';
  else if (map.selectorless && map.type !== 'ExternalName') text += map.slices.length ? `  no selector (${map.slices.length} manual EndpointSlice${map.slices.length === 1 ? '' : 's'})` : '  no selector, no EndpointSlice';
  const node: MapNode = { kind: 'Service', namespace: svc.metadata.namespace, name: svc.metadata.name, health: serviceHealth(map), text, children: [] };
  // Pods grouped under their owner (Deployment via ReplicaSet, StatefulSet, CronJob via Job, ...).
  const pods: { pod?: Pod; node: MapNode }[] = [
    ...map.endpoints.map((e) => ({ pod: e.pod, node: podNode(e.pod, e.podName ?? e.address, e) })),
    ...map.withoutEndpoint.map((w) => ({ pod: w.pod, node: podNode(w.pod, w.pod.metadata.name, undefined, w.why) })),
  ];
  const groups = new Map<string, MapNode>();
  const via = new Map<string, Set<string>>();
  for (const p of pods) {
    const chain = p.pod ? ownerChain(store, p.pod) : undefined;
    if (!chain) {
      node.children.push(p.node);
      continue;
    }
    const key = `${chain.kind}/${chain.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind: chain.kind, namespace: svc.metadata.namespace, name: chain.name, health: chain.health, text: chain.text, children: [] };
      groups.set(key, g);
      via.set(key, new Set());
      node.children.push(g);
    }
    for (const v of chain.via) via.get(key)!.add(`${SHORT[v.kind] ?? v.kind.toLowerCase()}/${v.name}`);
    g.children.push(p.node);
  }
  for (const [key, g] of groups) {
    const v = [...via.get(key)!];
    if (v.length) g.text = `${g.text}${g.text ? '  ' : ''}via ${v.join(', ')}`;
  }
  return node;
}

export function ingressNode(store: ClusterStore, ing: Ingress, now: number): MapNode {
  const m = ingressMap(store, ing, now);
  const tls = tlsSummary(m.tls);
  const hosts = m.hosts.join(',') || '*';
  const node: MapNode = {
    kind: 'Ingress',
    namespace: ing.metadata.namespace,
    name: ing.metadata.name,
    health: 'ok',
    text: `${classText(m.cls)}  ${hosts}  ${m.addresses.join(',') || 'no address'}  backends ${m.backends.healthy}/${m.backends.total}${m.tls.length ? `  tls ${tls.text}` : ''}`,
    children: [],
  };
  const byService = new Map<string, Set<string>>();
  const missing: MapNode[] = [];
  for (const b of m.backends.list) {
    if (b.kind !== 'service') continue;
    if (b.svcState !== 'found') {
      missing.push({ kind: 'Service', namespace: ing.metadata.namespace, name: b.serviceName!, health: b.svcState === 'missing' ? 'error' : 'muted', text: b.svcState === 'missing' ? 'not found' : 'not readable', children: [] });
      continue;
    }
    let s = byService.get(b.serviceName!);
    if (!s) byService.set(b.serviceName!, (s = new Set()));
    s.add(String(b.portRef ?? '?'));
  }
  for (const [name, portsUsed] of byService) {
    const svc = store.get<Service>('Service', ing.metadata.namespace, name)!;
    node.children.push(serviceNode(store, svc, portsUsed));
  }
  node.children.push(...missing);
  let h: Health = worst(...node.children.map((c) => c.health), m.backends.healthy < m.backends.total ? 'error' : 'ok');
  if (m.cls.exists === false || (!m.cls.name && m.cls.classesReadable)) h = 'error';
  if (tls.tone === 'error') h = 'error';
  else if (tls.tone === 'warn' || m.addresses.length === 0) h = worst(h, 'warn');
  node.health = h;
  return node;
}

/** The namespace tree: Ingresses first, then Services no Ingress routes to. */
export function namespaceMap(store: ClusterStore, ns: string, now: number): MapNode[] {
  const roots: MapNode[] = [];
  const routed = new Set<string>();
  for (const ing of store.list<Ingress>('Ingress', ns)) {
    const n = ingressNode(store, ing, now);
    for (const c of n.children) if (c.kind === 'Service') routed.add(c.name);
    roots.push(n);
  }
  const rest = store.list<Service>('Service', ns).filter((s) => !routed.has(s.metadata.name));
  if (rest.length) {
    const group: MapNode = { kind: 'Group', namespace: ns, name: 'Services without an Ingress', health: 'muted', text: '', children: rest.map((s) => serviceNode(store, s)) };
    group.health = worst(...group.children.map((c) => c.health));
    roots.push(group);
  }
  return roots;
}

/** Namespaces that have Services or Ingresses, for the all-namespaces map. */
export function mapNamespaces(store: ClusterStore, scope?: string): string[] {
  if (scope) return [scope];
  const set = new Set<string>();
  for (const s of store.list('Service')) set.add(s.metadata.namespace!);
  for (const i of store.list('Ingress')) set.add(i.metadata.namespace!);
  return [...set].sort();
}
