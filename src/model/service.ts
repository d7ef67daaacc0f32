// Services as traffic sees them: which endpoints each port really has, built
// from EndpointSlices (what kube-proxy and DNS use), not the deprecated
// Endpoints object and not a label match alone.
import type { ClusterStore } from '../cluster/store.js';
import type { Condition, K8sObject, KubeEvent, Pod } from './types.js';
import { matchesMap, formatSelectorMap } from './labels.js';
import { eventCount, eventTime, eventsFor } from './events.js';
import { absTime, humanDuration, parseTime } from './time.js';
import { isPodReady, podSummary } from './pod.js';

// ---------- API shapes ----------

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service extends K8sObject {
  spec: {
    type?: string;
    selector?: Record<string, string> | null;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    externalName?: string;
    externalIPs?: string[];
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
    healthCheckNodePort?: number;
    loadBalancerClass?: string;
    loadBalancerIP?: string;
    loadBalancerSourceRanges?: string[];
    allocateLoadBalancerNodePorts?: boolean;
    sessionAffinity?: string;
    publishNotReadyAddresses?: boolean;
    [k: string]: unknown;
  };
  status?: {
    loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] };
    conditions?: Condition[];
  };
}

export interface EndpointConditions {
  ready?: boolean | null;
  serving?: boolean | null;
  terminating?: boolean | null;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
  nodeName?: string;
  zone?: string;
}

export interface SlicePort {
  name?: string | null;
  port?: number | null;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSlice extends K8sObject {
  addressType?: string;
  endpoints?: SliceEndpoint[] | null;
  ports?: SlicePort[] | null;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';

// ---------- basic facts ----------

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless' | 'ExternalName';

export function serviceType(svc: Service): ServiceType {
  const t = svc.spec?.type ?? 'ClusterIP';
  if (t === 'ExternalName') return 'ExternalName';
  if (t === 'NodePort' || t === 'LoadBalancer') return t;
  if (svc.spec?.clusterIP === 'None') return 'Headless';
  return 'ClusterIP';
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

export function hasSelector(svc: Service): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

export function serviceDnsName(svc: Service, clusterDomain: string): string {
  return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${clusterDomain}`;
}

export function clusterIpText(svc: Service): string {
  if (serviceType(svc) === 'ExternalName') return '<none>';
  return svc.spec?.clusterIP || '<none>';
}

export function selectorText(svc: Service): string {
  return formatSelectorMap(svc.spec?.selector ?? undefined);
}

/** Load-balancer ingress addresses (ip or hostname) as the cloud wrote them. */
export function lbAddresses(svc: Service): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
}

/** EXTERNAL column: LB address, `<pending> 12m`, the external name, external IPs, or `<none>`. */
export function externalText(svc: Service, now: number): string {
  const type = serviceType(svc);
  if (type === 'ExternalName') return svc.spec.externalName || '<none>';
  const ext = [...(svc.spec?.externalIPs ?? [])];
  if (type === 'LoadBalancer') {
    const lb = lbAddresses(svc);
    if (lb.length > 0) return [...lb, ...ext].join(',');
    const created = parseTime(svc.metadata.creationTimestamp);
    const pending = created === undefined ? '<pending>' : `<pending> ${humanDuration(now - created)}`;
    return ext.length ? `${ext.join(',')},${pending}` : pending;
  }
  return ext.length ? ext.join(',') : '<none>';
}

// ---------- indexes ----------

/** EndpointSlices by `<ns>/<service>` (label kubernetes.io/service-name). */
export function slicesByService(store: ClusterStore): Map<string, EndpointSlice[]> {
  return store.memo('service/slicesByService', () => {
    const m = new Map<string, EndpointSlice[]>();
    for (const s of store.list<EndpointSlice>('EndpointSlice')) {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (!svc) continue;
      const key = `${s.metadata.namespace}/${svc}`;
      let arr = m.get(key);
      if (!arr) m.set(key, (arr = []));
      arr.push(s);
    }
    return m;
  });
}

export function slicesFor(store: ClusterStore, svc: Service): EndpointSlice[] {
  return slicesByService(store).get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? [];
}

/** Pods the Service's selector picks, in its namespace (full map match). */
export function selectedPods(store: ClusterStore, svc: Service): Pod[] {
  if (!hasSelector(svc)) return [];
  return store.list<Pod>('Pod', svc.metadata.namespace).filter((p) => matchesMap(svc.spec.selector ?? undefined, p.metadata.labels));
}

/** Services in a namespace whose selector picks this pod. */
export function servicesSelecting(store: ClusterStore, pod: Pod): Service[] {
  return store.list<Service>('Service', pod.metadata.namespace).filter((s) => hasSelector(s) && matchesMap(s.spec.selector ?? undefined, pod.metadata.labels));
}

// ---------- endpoints ----------

export type EndpointState = 'ready' | 'not-ready' | 'terminating';

/** Per the EndpointSlice API: ready/serving nil means ready, terminating nil means not terminating. */
export function endpointConditions(ep: SliceEndpoint): { ready: boolean; serving: boolean; terminating: boolean } {
  const c = ep.conditions ?? {};
  const ready = c.ready !== false;
  return { ready, serving: c.serving === undefined || c.serving === null ? ready : c.serving, terminating: c.terminating === true };
}

export function endpointState(ep: SliceEndpoint): EndpointState {
  const c = endpointConditions(ep);
  if (c.terminating) return 'terminating';
  return c.ready ? 'ready' : 'not-ready';
}

/**
 * Readiness probe failures recorded as Unhealthy events on a pod. With
 * `since`, only events that happened since then count (failures from before
 * the pod last became not ready are history, not the cause).
 */
export function readinessFailures(store: ClusterStore, pod: Pod, since?: number): { count: number; last?: number; message?: string } {
  let count = 0;
  let last: number | undefined;
  let message: string | undefined;
  for (const e of eventsFor(store, 'Pod', pod.metadata.namespace, pod.metadata.name, pod.metadata.uid)) {
    if (e.reason !== 'Unhealthy' || !/^Readiness probe (failed|errored)/.test(e.message ?? '')) continue;
    if (since !== undefined && eventTime(e) < since) continue;
    count += eventCount(e);
    const t = eventTime(e);
    if (last === undefined || t > last) {
      last = t;
      message = e.message;
    }
  }
  return { count, last, message };
}

/** Why a pod is not ready, in a few words: `readiness probe failing, 3 events`, `not running: CrashLoopBackOff`. */
export function podNotReadyReason(store: ClusterStore, pod: Pod): string {
  const s = podSummary(pod);
  if (s.terminating) return 'terminating';
  if (s.phase === 'Pending') return s.scheduling ? `Pending: ${s.scheduling.reason}` : `not running: ${s.status}`;
  if (s.phase === 'Succeeded' || s.phase === 'Failed') return `${s.phase} (terminal)`;
  if (s.status !== 'Running' && s.status !== 'NotReady' && s.status !== 'Completed') return `not running: ${s.status}`;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  // Failures since the pod last turned not ready (a minute of slack for clock skew between kubelet and API server).
  const since = ready && ready.status !== 'True' ? parseTime(ready.lastTransitionTime) : undefined;
  const rf = readinessFailures(store, pod, since !== undefined ? since - 60_000 : undefined);
  if (rf.count > 0) return `readiness probe failing, ${rf.count} event${rf.count === 1 ? '' : 's'}`;
  const withProbe = (pod.spec?.containers ?? []).some((c) => c.readinessProbe);
  const notReadyContainers = (pod.status?.containerStatuses ?? []).filter((c) => !c.ready).map((c) => c.name);
  if (notReadyContainers.length > 0 && withProbe) return `readiness probe not passed yet (${notReadyContainers.join(', ')})`;
  if (notReadyContainers.length > 0) return `containers not ready: ${notReadyContainers.join(', ')}`;
  if (ready && ready.status !== 'True') return ready.reason ? `Ready=${ready.status} (${ready.reason})` : `Ready=${ready.status}`;
  if (isPodReady(pod)) return 'pod is Ready; EndpointSlice not updated yet';
  return 'not ready';
}

/** Why a selected pod has no endpoint at all. */
export function podWithoutEndpointReason(pod: Pod): string {
  const s = podSummary(pod);
  if (s.phase === 'Succeeded' || s.phase === 'Failed') return `${s.phase}: terminal pods get no endpoint`;
  if (s.phase === 'Pending' && s.scheduling) return `Pending: ${s.scheduling.reason}`;
  if (!pod.status?.podIP) return `${s.status}: no IP yet`;
  if (s.terminating) return 'Terminating';
  return `${s.status}: not in any EndpointSlice yet`;
}

export interface EndpointEntry {
  /** First address (what kube-proxy uses). */
  address: string;
  addresses: string[];
  /** The port number for this Service port in the endpoint's slice (undefined: none or all ports). */
  port?: number;
  state: EndpointState;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  podName?: string;
  pod?: Pod;
  /** targetRef kind when not a Pod (manual slices). */
  targetKind?: string;
  nodeName?: string;
  zone?: string;
  hostname?: string;
  /** For not-ready endpoints: why (`readiness probe failing, 3 events`). */
  why?: string;
  slice: string;
}

export interface PortResolution {
  port: number;
  pods: string[];
}

export interface PortEntry {
  port: ServicePort;
  /** The Service port's name or, unnamed, its number. */
  label: string;
  protocol: string;
  targetPort: number | string;
  named: boolean;
  /** How the targetPort resolves on the selected (non-terminal) pods: 8080 on 3 pods, 9090 on 1. */
  resolution: PortResolution[];
  /** Selected pods that do not declare a port of that name (named) or number (numeric). */
  undeclaredOn: string[];
  /** Port numbers the EndpointSlices carry for this Service port. */
  slicePorts: number[];
  endpoints: EndpointEntry[];
}

export interface PodWithoutEndpoint {
  pod: Pod;
  why: string;
}

export interface ServiceMap {
  svc: Service;
  type: ServiceType;
  dns: string;
  selectorless: boolean;
  ports: PortEntry[];
  /** Unique endpoints across all ports. */
  endpoints: EndpointEntry[];
  ready: number;
  /** Endpoints that are not terminating (terminating ones are on their way out and not counted). */
  total: number;
  terminating: number;
  /** Pods matching the selector in the Service's namespace (all phases). */
  selected: Pod[];
  withoutEndpoint: PodWithoutEndpoint[];
  slices: EndpointSlice[];
  /** Slices not written by the EndpointSlice controller (selectorless Services, mirrored Endpoints). */
  manualSlices: EndpointSlice[];
  notes: string[];
  /** Could Pods / EndpointSlices in this namespace be read completely? */
  podsComplete: boolean;
  slicesComplete: boolean;
  headless?: HeadlessDns;
}

export interface HeadlessDns {
  /** `<svc>.<ns>.svc.<domain>`: an A/AAAA record per ready endpoint. */
  aRecord: string;
  /** Per-pod names, when the pod has a hostname (and subdomain = the Service). */
  pods: { podName?: string; address: string; dns?: string; state: EndpointState }[];
}

function isTerminal(p: Pod): boolean {
  const ph = p.status?.phase;
  return ph === 'Succeeded' || ph === 'Failed';
}

/** Where a pod declares a port: by name (named targetPort) or by number. */
function podPortNumber(pod: Pod, target: number | string, protocol: string): number | undefined {
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== protocol) continue;
      if (typeof target === 'string' && p.name === target) return p.containerPort;
      if (typeof target === 'number' && p.containerPort === target) return p.containerPort;
    }
  }
  return undefined;
}

/** Does the pod declare any container port at all? */
export function podDeclaresPorts(pod: Pod): boolean {
  return (pod.spec?.containers ?? []).some((c) => (c.ports ?? []).length > 0);
}

function effectiveTarget(p: ServicePort): number | string {
  const t = p.targetPort;
  if (t === undefined || t === null || t === '' || t === 0) return p.port;
  if (typeof t === 'string' && /^\d+$/.test(t)) return Number(t);
  return t;
}

/** The endpoint map of one Service, cached per store version. */
export function serviceMap(store: ClusterStore, svc: Service): ServiceMap {
  const key = `service/map/${svc.metadata.namespace}/${svc.metadata.name}/${svc.metadata.uid ?? ''}`;
  return store.memo(key, () => buildServiceMap(store, svc));
}

function buildServiceMap(store: ClusterStore, svc: Service): ServiceMap {
  const ns = svc.metadata.namespace!;
  const type = serviceType(svc);
  const slices = slicesFor(store, svc);
  const selected = selectedPods(store, svc);
  const live = selected.filter((p) => !isTerminal(p));
  const notes: string[] = [];
  const podByName = new Map(store.list<Pod>('Pod', ns).map((p) => [p.metadata.name, p]));

  const makeEntry = (s: EndpointSlice, ep: SliceEndpoint, port: number | undefined): EndpointEntry => {
    const c = endpointConditions(ep);
    const ref = ep.targetRef;
    const pod = ref && (ref.kind ?? 'Pod') === 'Pod' && ref.name && (ref.namespace ?? ns) === ns ? podByName.get(ref.name) : undefined;
    const podMatches = pod && (!ref?.uid || !pod.metadata.uid || ref.uid === pod.metadata.uid) ? pod : undefined;
    const state = endpointState(ep);
    let why: string | undefined;
    if (state === 'not-ready') {
      if (podMatches) why = podNotReadyReason(store, podMatches);
      else if (ref?.kind === 'Pod' || (ref && !ref.kind)) why = store.complete('Pod', ns) ? `pod ${ref.name} not found` : undefined;
      else why = 'ready=false in the EndpointSlice';
    }
    return {
      address: ep.addresses?.[0] ?? '?',
      addresses: ep.addresses ?? [],
      port,
      state,
      ready: c.ready,
      serving: c.serving,
      terminating: c.terminating,
      podName: ref && (ref.kind ?? 'Pod') === 'Pod' ? ref.name : undefined,
      pod: podMatches,
      targetKind: ref && ref.kind && ref.kind !== 'Pod' ? ref.kind : undefined,
      nodeName: ep.nodeName,
      zone: ep.zone,
      hostname: ep.hostname,
      why,
      slice: s.metadata.name,
    };
  };
  const epKey = (ep: SliceEndpoint) => `${ep.targetRef?.uid ?? ep.targetRef?.name ?? ''}|${(ep.addresses ?? []).join(',')}`;

  // Unique endpoints across slices (the same pod appears once per address family / port set).
  const unique = new Map<string, EndpointEntry>();
  for (const s of slices) {
    for (const ep of s.endpoints ?? []) {
      const k = epKey(ep);
      if (!unique.has(k)) unique.set(k, makeEntry(s, ep, undefined));
    }
    if ((s.ports ?? []).length === 0 && (s.endpoints ?? []).length > 0 && (svc.spec.ports ?? []).length > 0) {
      notes.push(`EndpointSlice ${s.metadata.name} lists endpoints but no ports`);
    }
  }

  const ports: PortEntry[] = (svc.spec.ports ?? []).map((sp) => {
    const protocol = sp.protocol ?? 'TCP';
    const target = effectiveTarget(sp);
    const named = typeof target === 'string';
    const byNum = new Map<number, string[]>();
    const undeclaredOn: string[] = [];
    for (const p of live) {
      const n = podPortNumber(p, target, protocol);
      if (n === undefined) undeclaredOn.push(p.metadata.name);
      else {
        let arr = byNum.get(n);
        if (!arr) byNum.set(n, (arr = []));
        arr.push(p.metadata.name);
      }
    }
    const resolution = [...byNum.entries()]
      .map(([port, pods]) => ({ port, pods }))
      .sort((a, b) => b.pods.length - a.pods.length || a.port - b.port);
    const endpoints: EndpointEntry[] = [];
    const slicePorts = new Set<number>();
    const seen = new Set<string>();
    for (const s of slices) {
      const spMatch = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === protocol);
      if (!spMatch) continue;
      const num = spMatch.port ?? undefined;
      if (num !== undefined) slicePorts.add(num);
      for (const ep of s.endpoints ?? []) {
        const k = `${epKey(ep)}|${num ?? ''}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const base = unique.get(epKey(ep))!;
        const e = { ...base, port: num, slice: s.metadata.name };
        endpoints.push(e);
      }
    }
    endpoints.sort(compareEndpoints);
    return {
      port: sp,
      label: sp.name || String(sp.port),
      protocol,
      targetPort: target,
      named,
      resolution,
      undeclaredOn,
      slicePorts: [...slicePorts].sort((a, b) => a - b),
      endpoints,
    };
  });

  const endpoints = [...unique.values()].sort(compareEndpoints);
  const withEndpoint = new Set(endpoints.map((e) => e.podName).filter(Boolean) as string[]);
  const withoutEndpoint = selected.filter((p) => !withEndpoint.has(p.metadata.name)).map((pod) => ({ pod, why: podWithoutEndpointReason(pod) }));

  const manualSlices = slices.filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] !== SLICE_CONTROLLER);

  let headless: HeadlessDns | undefined;
  if (type === 'Headless') {
    const domain = store.info.clusterDomain;
    const base = serviceDnsName(svc, domain);
    headless = {
      aRecord: base,
      pods: endpoints.map((e) => {
        const pod = e.pod;
        let dns: string | undefined;
        if (pod?.spec?.hostname && pod.spec.subdomain === svc.metadata.name) dns = `${pod.spec.hostname}.${pod.spec.subdomain}.${ns}.svc.${domain}`;
        else if (e.hostname) dns = `${e.hostname}.${svc.metadata.name}.${ns}.svc.${domain}`;
        return { podName: e.podName, address: e.address, dns, state: e.state };
      }),
    };
  }

  return {
    svc,
    type,
    dns: serviceDnsName(svc, store.info.clusterDomain),
    selectorless: !hasSelector(svc),
    ports,
    endpoints,
    ready: endpoints.filter((e) => e.state === 'ready').length,
    total: endpoints.filter((e) => e.state !== 'terminating').length,
    terminating: endpoints.filter((e) => e.state === 'terminating').length,
    selected,
    withoutEndpoint,
    slices,
    manualSlices,
    notes,
    podsComplete: store.complete('Pod', ns),
    slicesComplete: store.complete('EndpointSlice', ns),
    headless,
  };
}

function compareEndpoints(a: EndpointEntry, b: EndpointEntry): number {
  const an = a.podName ?? a.address;
  const bn = b.podName ?? b.address;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** `8080 on 3 pods, 9090 on 1` for a port; for a numeric targetPort, just the number. */
export function resolutionText(pe: PortEntry): string {
  if (!pe.named) return String(pe.targetPort);
  if (pe.resolution.length === 0) {
    if (pe.slicePorts.length > 0) return pe.slicePorts.join(', ');
    return 'unresolved';
  }
  const parts = pe.resolution.map((r, i) => `${r.port} on ${r.pods.length}${i === 0 ? ` pod${r.pods.length === 1 ? '' : 's'}` : ''}`);
  if (pe.undeclaredOn.length > 0) parts.push(`not declared on ${pe.undeclaredOn.length}`);
  return parts.join(', ');
}

/** One port as the PORTS column shows it: `80→http(8080)/TCP :31000`. */
export function portText(pe: PortEntry): string {
  const sp = pe.port;
  let s = String(sp.port);
  if (pe.named) {
    const nums = pe.resolution.length > 0 ? pe.resolution.map((r) => r.port) : pe.slicePorts;
    s += `→${pe.targetPort}(${nums.length ? nums.join('|') : '?'})`;
  } else if (pe.targetPort !== sp.port) {
    s += `→${pe.targetPort}`;
  }
  s += `/${pe.protocol}`;
  if (sp.nodePort) s += ` :${sp.nodePort}`;
  return s;
}

export function portsText(map: ServiceMap): string {
  if (map.ports.length === 0) return '<none>';
  return map.ports.map(portText).join(', ');
}

/** ENDPOINTS column: ready/total (terminating endpoints left out), `-` for ExternalName. */
export function endpointsText(map: ServiceMap): string {
  if (map.type === 'ExternalName') return '-';
  return `${map.ready}/${map.total}`;
}

// ---------- load balancers ----------

export type CloudProvider = 'AWS' | 'GCP' | 'Azure';

export interface CloudAnnotation {
  key: string;
  value: string;
  provider: CloudProvider;
  /** What it does, for the well-known ones. */
  meaning?: string;
  /** Only a load-balancer implementation reads it (meaningless on other Service types). */
  lbOnly: boolean;
}

const AWS_PREFIX = 'service.beta.kubernetes.io/aws-load-balancer-';
const AZURE_PREFIX = 'service.beta.kubernetes.io/azure-';

function awsMeaning(suffix: string, v: string): string | undefined {
  switch (suffix) {
    case 'type':
      if (v === 'nlb') return 'Network Load Balancer (layer 4) instead of a Classic ELB';
      if (v === 'external') return 'handled by the AWS Load Balancer Controller, not the in-tree cloud provider';
      if (v === 'nlb-ip') return 'NLB with pod IPs as targets (legacy AWS Load Balancer Controller value)';
      return `load balancer type ${v}`;
    case 'internal':
      return v === 'true' || v === '0.0.0.0/0' ? 'internal load balancer: private addresses only, not reachable from the internet' : 'internal load balancer setting';
    case 'scheme':
      return v === 'internal' ? 'internal (private) load balancer' : v === 'internet-facing' ? 'public, internet-facing load balancer' : `scheme ${v}`;
    case 'ssl-cert':
      return 'certificate (ACM/IAM ARN) for TLS listeners: the load balancer terminates TLS';
    case 'ssl-ports':
      return v === '*' ? 'every port gets a TLS listener' : `ports with a TLS listener: ${v} (the others stay plain)`;
    case 'backend-protocol':
      return `protocol from the load balancer to the pods: ${v}`;
    case 'proxy-protocol':
      return 'PROXY protocol to the backends (keeps the client address)';
    case 'nlb-target-type':
      return v === 'ip' ? 'targets are pod IPs (no NodePort hop)' : 'targets are nodes via the NodePort';
    case 'cross-zone-load-balancing-enabled':
      return `cross-zone load balancing ${v === 'true' ? 'on' : 'off'}`;
    case 'connection-idle-timeout':
      return `idle connections closed after ${v}s`;
    case 'subnets':
      return 'subnets the load balancer is placed in';
    case 'security-groups':
    case 'extra-security-groups':
      return 'security groups attached to the load balancer';
    case 'eip-allocations':
      return 'Elastic IPs for the NLB';
    case 'access-log-enabled':
      return `access logs ${v === 'true' ? 'on' : 'off'}`;
    case 'healthcheck-path':
      return `health check path ${v}`;
    case 'healthcheck-port':
      return `health check port ${v}`;
    case 'healthcheck-protocol':
      return `health check protocol ${v}`;
    case 'additional-resource-tags':
      return 'extra AWS tags on the load balancer';
    case 'name':
      return `load balancer name ${v}`;
    default:
      return undefined;
  }
}

function azureMeaning(suffix: string, v: string): string | undefined {
  switch (suffix) {
    case 'load-balancer-internal':
      return v === 'true' ? 'internal load balancer: a private address in the virtual network' : 'internal load balancer setting';
    case 'load-balancer-internal-subnet':
      return `subnet for the internal load balancer: ${v}`;
    case 'load-balancer-resource-group':
      return `resource group of the public IP: ${v}`;
    case 'pip-name':
      return `existing public IP named ${v}`;
    case 'dns-label-name':
      return `DNS label on the public IP: ${v}`;
    case 'load-balancer-health-probe-request-path':
      return `health probe path ${v}`;
    case 'load-balancer-health-probe-protocol':
      return `health probe protocol ${v}`;
    case 'load-balancer-tcp-idle-timeout':
      return `TCP idle timeout ${v} minutes`;
    case 'load-balancer-ipv4':
      return `requested IPv4 address ${v}`;
    default:
      return undefined;
  }
}

function gcpMeaning(key: string, v: string): { meaning?: string; lbOnly: boolean } {
  switch (key) {
    case 'networking.gke.io/load-balancer-type':
      return { meaning: v === 'Internal' ? 'internal passthrough load balancer (VPC-only address)' : `load balancer type ${v}`, lbOnly: true };
    case 'cloud.google.com/load-balancer-type':
      return { meaning: v === 'Internal' ? 'internal load balancer (legacy annotation)' : `load balancer type ${v} (legacy annotation)`, lbOnly: true };
    case 'networking.gke.io/internal-load-balancer-allow-global-access':
      return { meaning: 'internal load balancer reachable from every region', lbOnly: true };
    case 'networking.gke.io/internal-load-balancer-subnet':
      return { meaning: `subnet for the internal load balancer: ${v}`, lbOnly: true };
    case 'networking.gke.io/load-balancer-ip-addresses':
      return { meaning: 'reserved static addresses for the load balancer', lbOnly: true };
    case 'cloud.google.com/l4-rbs':
      return { meaning: 'backend-service based external passthrough load balancer', lbOnly: true };
    case 'cloud.google.com/neg':
      return { meaning: 'container-native load balancing: network endpoint groups of pod IPs', lbOnly: false };
    case 'cloud.google.com/backend-config':
      return { meaning: 'BackendConfig for the Ingress backends (health check, timeouts, CDN)', lbOnly: false };
    case 'cloud.google.com/app-protocols':
      return { meaning: 'per-port protocol (HTTP, HTTPS, HTTP2) from the Google load balancer to the pods', lbOnly: false };
    case 'networking.gke.io/weighted-load-balancing':
      return { meaning: 'traffic weighted by the number of serving pods per node', lbOnly: true };
    default:
      return { lbOnly: key.includes('load-balancer') };
  }
}

/** Cloud load-balancer annotations on a Service, with their meaning when well known. */
export function cloudAnnotations(svc: K8sObject): CloudAnnotation[] {
  const out: CloudAnnotation[] = [];
  for (const [key, value] of Object.entries(svc.metadata.annotations ?? {})) {
    if (key.startsWith(AWS_PREFIX)) {
      out.push({ key, value, provider: 'AWS', meaning: awsMeaning(key.slice(AWS_PREFIX.length), value), lbOnly: true });
    } else if (key.startsWith(AZURE_PREFIX)) {
      out.push({ key, value, provider: 'Azure', meaning: azureMeaning(key.slice(AZURE_PREFIX.length), value), lbOnly: true });
    } else if (key.startsWith('networking.gke.io/') || key.startsWith('cloud.google.com/')) {
      const g = gcpMeaning(key, value);
      out.push({ key, value, provider: 'GCP', meaning: g.meaning, lbOnly: g.lbOnly });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Annotation values that name Service ports, which must exist (e.g. aws-load-balancer-ssl-ports). */
export function annotationPortProblems(svc: Service): { key: string; value: string; missing: string[] }[] {
  const out: { key: string; value: string; missing: string[] }[] = [];
  const ports = svc.spec?.ports ?? [];
  const key = `${AWS_PREFIX}ssl-ports`;
  const v = svc.metadata.annotations?.[key];
  if (v !== undefined) {
    const missing: string[] = [];
    for (const raw of v.split(',')) {
      const item = raw.trim();
      if (!item || item === '*') continue;
      const found = ports.some((p) => p.name === item || String(p.port) === item);
      if (!found) missing.push(item);
    }
    if (missing.length) out.push({ key, value: v, missing });
  }
  return out;
}

/** Reasons the service controller (cloud), MetalLB or the AWS Load Balancer Controller record on a Service. */
export const LB_SUCCESS_REASONS = new Set(['EnsuredLoadBalancer', 'UpdatedLoadBalancer', 'IPAllocated', 'SuccessfullyReconciled']);
export const LB_FAILURE_REASONS = new Set(['SyncLoadBalancerFailed', 'UpdateLoadBalancerFailed', 'LoadBalancerUpdateFailed', 'AllocationFailed', 'FailedDeployModel', 'FailedBuildModel']);
const LB_OTHER_REASONS = new Set(['EnsuringLoadBalancer', 'DeletingLoadBalancer', 'DeletedLoadBalancer', 'DeleteLoadBalancerFailed', 'nodeAssigned', 'UnAvailableLoadBalancer', 'Type', 'LoadbalancerIP', 'ExternalIP', 'ClearedIP']);

export function isLbEvent(e: KubeEvent): boolean {
  const r = e.reason ?? '';
  return LB_SUCCESS_REASONS.has(r) || LB_FAILURE_REASONS.has(r) || LB_OTHER_REASONS.has(r) || (e.source?.component ?? e.reportingComponent ?? '') === 'service-controller';
}

export interface NodeEndpoints {
  node: string;
  ready: number;
  total: number;
}

export interface LbInfo {
  addresses: string[];
  /** Creation time when no address yet. */
  pendingSince?: number;
  loadBalancerClass?: string;
  externalTrafficPolicy: string;
  healthCheckNodePort?: number;
  sourceRanges: string[];
  annotations: CloudAnnotation[];
  /** Ready endpoints per node, from the EndpointSlices' nodeName. */
  nodes: NodeEndpoints[];
  /** Load-balancer events, newest first. */
  events: KubeEvent[];
  lastFailure?: KubeEvent;
  lastSuccess?: KubeEvent;
  /** A failure newer than the last success. */
  failing?: KubeEvent;
}

export function nodesWithEndpoints(map: ServiceMap): NodeEndpoints[] {
  const m = new Map<string, NodeEndpoints>();
  for (const e of map.endpoints) {
    const node = e.nodeName ?? '<no node>';
    let n = m.get(node);
    if (!n) m.set(node, (n = { node, ready: 0, total: 0 }));
    n.total++;
    if (e.state === 'ready') n.ready++;
  }
  return [...m.values()].sort((a, b) => (a.node < b.node ? -1 : 1));
}

export function lbInfo(store: ClusterStore, svc: Service, map: ServiceMap = serviceMap(store, svc)): LbInfo {
  const events = eventsFor(store, 'Service', svc.metadata.namespace, svc.metadata.name, svc.metadata.uid).filter(isLbEvent);
  const lastFailure = events.find((e) => LB_FAILURE_REASONS.has(e.reason ?? ''));
  const lastSuccess = events.find((e) => LB_SUCCESS_REASONS.has(e.reason ?? ''));
  const failing = lastFailure && (!lastSuccess || eventTime(lastFailure) > eventTime(lastSuccess)) ? lastFailure : undefined;
  const addresses = lbAddresses(svc);
  return {
    addresses,
    pendingSince: addresses.length === 0 ? parseTime(svc.metadata.creationTimestamp) : undefined,
    loadBalancerClass: svc.spec.loadBalancerClass,
    externalTrafficPolicy: svc.spec.externalTrafficPolicy ?? 'Cluster',
    healthCheckNodePort: svc.spec.healthCheckNodePort,
    sourceRanges: svc.spec.loadBalancerSourceRanges ?? [],
    annotations: cloudAnnotations(svc),
    nodes: nodesWithEndpoints(map),
    events,
    lastFailure,
    lastSuccess,
    failing,
  };
}

/** One event as evidence: `2026-01-01 10:00:00 UTC Warning SyncLoadBalancerFailed (x3): message`. */
export function eventLine(e: KubeEvent): string {
  const n = eventCount(e);
  const t = absTime(eventTime(e));
  return `${t} ${e.type ?? 'Normal'} ${e.reason ?? ''}${n > 1 ? ` (x${n})` : ''}: ${(e.message ?? '').replace(/\s*\n\s*/g, ' ')}`;
}
