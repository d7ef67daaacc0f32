// Ingresses as a controller routes them: which class (and so which controller)
// serves each one, every host and path down to ready pods, and the TLS
// certificates it will present.
import type { ClusterStore } from '../cluster/store.js';
import type { K8sObject, KubeEvent } from './types.js';
import { eventsFor } from './events.js';
import { parseTime } from './time.js';
import { type EndpointEntry, type PortEntry, type Service, type ServiceMap, serviceMap, serviceType } from './service.js';
import { type CertInfo, type CertValidity, certCoversHost, certValidity, daysLeft, secretCert } from './tls.js';

// ---------- API shapes ----------

export interface IngressServiceBackend {
  name: string;
  port?: { number?: number; name?: string };
}
export interface IngressBackend {
  service?: IngressServiceBackend;
  resource?: { apiGroup?: string; kind: string; name: string };
}
export interface IngressPath {
  path?: string;
  pathType?: string;
  backend: IngressBackend;
}
export interface IngressRule {
  host?: string;
  http?: { paths?: IngressPath[] };
}
export interface IngressTLS {
  hosts?: string[];
  secretName?: string;
}
export interface Ingress extends K8sObject {
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    tls?: IngressTLS[];
    rules?: IngressRule[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ports?: unknown[] }[] } };
}
export interface IngressClass extends K8sObject {
  spec: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string; namespace?: string; scope?: string } };
}

export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

// ---------- class ----------

export interface ClassResolution {
  /** The effective class name, if any. */
  name?: string;
  source: 'spec' | 'annotation' | 'default' | 'none';
  /** true: the IngressClass exists; false: it does not (IngressClasses fully read); undefined: could not look. */
  exists?: boolean;
  ingressClass?: IngressClass;
  controller?: string;
  /** Default IngressClasses in the cluster (names), when readable. */
  defaults: string[];
  /** IngressClasses could be read completely. */
  classesReadable: boolean;
}

export function defaultIngressClasses(store: ClusterStore): IngressClass[] {
  return store.memo('ingress/defaultClasses', () =>
    store
      .list<IngressClass>('IngressClass')
      .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
      // With more than one default the newest wins (what the admission plugin picks).
      .sort((a, b) => (parseTime(b.metadata.creationTimestamp) ?? 0) - (parseTime(a.metadata.creationTimestamp) ?? 0)),
  );
}

export function resolveClass(store: ClusterStore, ing: Ingress): ClassResolution {
  const readable = store.complete('IngressClass');
  const defaults = defaultIngressClasses(store);
  const base = { defaults: defaults.map((d) => d.metadata.name), classesReadable: readable };
  let name: string | undefined;
  let source: ClassResolution['source'] = 'none';
  if (ing.spec?.ingressClassName) {
    name = ing.spec.ingressClassName;
    source = 'spec';
  } else if (ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION]) {
    name = ing.metadata.annotations[LEGACY_CLASS_ANNOTATION];
    source = 'annotation';
  } else if (defaults.length > 0) {
    name = defaults[0]!.metadata.name;
    source = 'default';
  }
  if (!name) return { ...base, source, exists: readable ? false : undefined };
  const ic = store.get<IngressClass>('IngressClass', undefined, name);
  return {
    ...base,
    name,
    source,
    exists: ic ? true : readable ? false : undefined,
    ingressClass: ic,
    controller: ic?.spec?.controller,
  };
}

/** CLASS column: `nginx`, `nginx (default)`, `nginx (missing)`, `<none> (no default)`, `nginx (?)`. */
export function classText(c: ClassResolution): string {
  if (!c.name) return c.classesReadable ? '<none> (no default)' : '<none>';
  const mark = c.exists === false ? ' (missing)' : c.exists === undefined ? ' (?)' : c.source === 'default' ? ' (default)' : '';
  return `${c.name}${mark}`;
}

// ---------- hosts and address ----------

export function ingressHosts(ing: Ingress): string[] {
  const hosts = new Set<string>();
  for (const r of ing.spec?.rules ?? []) hosts.add(r.host || '*');
  return [...hosts];
}

export function ingressAddresses(ing: Ingress): string[] {
  return (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
}

// ---------- TLS ----------

export type TlsState = 'ok' | 'expiring' | 'expired' | 'not-yet-valid' | 'missing' | 'forbidden' | 'unknown' | 'wrong-type' | 'no-secret';

export interface TlsBlockInfo {
  index: number;
  hosts: string[];
  secretName?: string;
  state: TlsState;
  secret?: K8sObject;
  secretType?: string;
  cert?: CertInfo;
  validity?: CertValidity;
  daysLeft?: number;
  /** Why the certificate could not be used (no tls.crt, not PEM, ...). */
  error?: string;
  /** Per host of the block: covered by the certificate's SANs? */
  coverage: { host: string; covered: boolean }[];
  /** One line for humans. */
  text: string;
}

export function tlsBlocks(store: ClusterStore, ing: Ingress, now: number): TlsBlockInfo[] {
  const ns = ing.metadata.namespace;
  return (ing.spec?.tls ?? []).map((t, index) => {
    const hosts = t.hosts ?? [];
    const base = { index, hosts, secretName: t.secretName, coverage: [] as { host: string; covered: boolean }[] };
    if (!t.secretName) {
      return { ...base, state: 'no-secret' as const, text: "no secretName: the controller's default certificate is served" };
    }
    const secret = store.get('Secret', ns, t.secretName);
    if (!secret) {
      const st = store.status('Secret');
      if (store.complete('Secret', ns)) return { ...base, state: 'missing' as const, text: `no kubernetes.io/tls Secret named ${t.secretName}` };
      if (st.state === 'forbidden' || st.state === 'partial') return { ...base, state: 'forbidden' as const, text: `can't read Secrets in ${ns}` };
      return { ...base, state: 'unknown' as const, text: `Secrets not read (${st.state})` };
    }
    const type = secret.type as string | undefined;
    if (type !== undefined && type !== 'kubernetes.io/tls') {
      return { ...base, state: 'wrong-type' as const, secret, secretType: type, text: `Secret ${t.secretName} is of type ${type}, not kubernetes.io/tls` };
    }
    const parsed = secretCert(store, secret);
    if (!parsed.ok) return { ...base, state: 'wrong-type' as const, secret, secretType: type, error: parsed.error, text: parsed.error };
    const cert = parsed.cert;
    const validity = certValidity(cert, now);
    const dl = daysLeft(cert, now);
    const coverage = hosts.map((h) => ({ host: h, covered: certCoversHost(cert, h) }));
    const text =
      validity === 'expired'
        ? `expired ${-dl} day${-dl === 1 ? '' : 's'} ago`
        : validity === 'not-yet-valid'
          ? 'not valid yet'
          : `${dl} day${dl === 1 ? '' : 's'} left`;
    return { ...base, state: validity, secret, secretType: type, cert, validity, daysLeft: dl, coverage, text };
  });
}

/** TLS column: `-` (no TLS), `ok`, `expiring 12d`, `expired`, `missing`, `?` (Secrets unreadable), `bad`. Worst block wins. */
export function tlsSummary(blocks: TlsBlockInfo[]): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  if (blocks.length === 0) return { text: '-', tone: 'muted' };
  const has = (s: TlsState) => blocks.filter((b) => b.state === s);
  if (has('expired').length) return { text: 'expired', tone: 'error' };
  if (has('missing').length) return { text: 'missing', tone: 'error' };
  if (has('wrong-type').length) return { text: 'bad secret', tone: 'error' };
  if (has('not-yet-valid').length) return { text: 'not yet valid', tone: 'error' };
  const exp = has('expiring');
  if (exp.length) return { text: `expiring ${Math.min(...exp.map((b) => b.daysLeft ?? 0))}d`, tone: 'warn' };
  if (blocks.some((b) => b.coverage.some((c) => !c.covered))) return { text: 'host not covered', tone: 'warn' };
  if (has('forbidden').length || has('unknown').length) return { text: '?', tone: 'muted' };
  return { text: 'ok', tone: 'ok' };
}

// ---------- backends ----------

export interface BackendInfo {
  kind: 'service' | 'resource' | 'none';
  serviceName?: string;
  /** As written: number or name. */
  portRef?: number | string;
  svc?: Service;
  /** found; missing (Services fully read and not there); unknown (could not look). */
  svcState: 'found' | 'missing' | 'unknown' | 'n/a';
  portEntry?: PortEntry;
  portState: 'found' | 'missing' | 'n/a';
  map?: ServiceMap;
  /** Endpoints of the resolved Service port. */
  endpoints: EndpointEntry[];
  ready: number;
  healthy: boolean;
  resource?: { apiGroup?: string; kind: string; name: string };
  text: string;
}

export function backendKey(b: IngressBackend): string {
  if (b.service) return `svc:${b.service.name}:${b.service.port?.number ?? b.service.port?.name ?? ''}`;
  if (b.resource) return `res:${b.resource.apiGroup ?? ''}/${b.resource.kind}/${b.resource.name}`;
  return 'none';
}

export function resolveBackend(store: ClusterStore, ns: string, b: IngressBackend | undefined): BackendInfo {
  const none = { endpoints: [], ready: 0, healthy: false, portState: 'n/a' as const };
  if (!b || (!b.service && !b.resource)) return { ...none, kind: 'none', svcState: 'n/a', text: 'no backend' };
  if (b.resource) {
    const r = b.resource;
    return { ...none, kind: 'resource', svcState: 'n/a', resource: r, healthy: true, text: `${r.kind}${r.apiGroup ? `.${r.apiGroup}` : ''}/${r.name}` };
  }
  const s = b.service!;
  const portRef = s.port?.number ?? s.port?.name;
  const label = `${s.name}:${portRef ?? '?'}`;
  const svc = store.get<Service>('Service', ns, s.name);
  if (!svc) {
    const complete = store.complete('Service', ns);
    return {
      ...none,
      kind: 'service',
      serviceName: s.name,
      portRef,
      svcState: complete ? 'missing' : 'unknown',
      text: complete ? `${label}: Service not found` : `${label}: Services not readable`,
    };
  }
  const map = serviceMap(store, svc);
  const pe = map.ports.find((p) => (typeof portRef === 'number' ? p.port.port === portRef : p.port.name === portRef));
  if (serviceType(svc) === 'ExternalName') {
    // The controller proxies to the external name; there are no endpoints to count.
    return { ...none, kind: 'service', serviceName: s.name, portRef, svc, svcState: 'found', map, portEntry: pe, portState: pe ? 'found' : 'n/a', healthy: true, text: `${label} → ExternalName ${svc.spec.externalName ?? ''}` };
  }
  if (!pe) {
    return { ...none, kind: 'service', serviceName: s.name, portRef, svc, svcState: 'found', map, portState: 'missing', text: `${label}: the Service has no port ${typeof portRef === 'number' ? portRef : `named ${portRef}`}` };
  }
  const ready = pe.endpoints.filter((e) => e.state === 'ready').length;
  return {
    kind: 'service',
    serviceName: s.name,
    portRef,
    svc,
    svcState: 'found',
    map,
    portEntry: pe,
    portState: 'found',
    endpoints: pe.endpoints,
    ready,
    healthy: ready > 0,
    text: `${label} → ${ready}/${pe.endpoints.filter((e) => e.state !== 'terminating').length} ready`,
  };
}

export interface PathInfo {
  host: string;
  path: string;
  pathType: string;
  backend: IngressBackend;
  info: BackendInfo;
}

export interface IngressMap {
  ing: Ingress;
  cls: ClassResolution;
  hosts: string[];
  addresses: string[];
  rules: { host: string; paths: PathInfo[] }[];
  defaultBackend?: BackendInfo;
  tls: TlsBlockInfo[];
  /** Distinct backends (Service:port or resource) and how many are healthy. */
  backends: { healthy: number; total: number; list: BackendInfo[] };
  annotations: AnnotationGroup[];
  events: KubeEvent[];
}

export function ingressMap(store: ClusterStore, ing: Ingress, now: number): IngressMap {
  const ns = ing.metadata.namespace!;
  const cache = new Map<string, BackendInfo>();
  const resolve = (b: IngressBackend | undefined) => {
    const k = b ? backendKey(b) : 'none';
    let r = cache.get(k);
    if (!r) cache.set(k, (r = resolveBackend(store, ns, b)));
    return r;
  };
  const rules = (ing.spec?.rules ?? []).map((r) => ({
    host: r.host || '*',
    paths: (r.http?.paths ?? []).map((p) => ({
      host: r.host || '*',
      path: p.path || '/',
      pathType: p.pathType ?? 'ImplementationSpecific',
      backend: p.backend,
      info: resolve(p.backend),
    })),
  }));
  const defaultBackend = ing.spec?.defaultBackend ? resolve(ing.spec.defaultBackend) : undefined;
  const list = [...cache.entries()].filter(([k]) => k !== 'none').map(([, v]) => v);
  return {
    ing,
    cls: resolveClass(store, ing),
    hosts: ingressHosts(ing),
    addresses: ingressAddresses(ing),
    rules,
    defaultBackend,
    tls: tlsBlocks(store, ing, now),
    backends: { healthy: list.filter((b) => b.healthy).length, total: list.length, list },
    annotations: groupAnnotations(ing.metadata.annotations ?? {}),
    events: eventsFor(store, 'Ingress', ns, ing.metadata.name, ing.metadata.uid),
  };
}

// ---------- annotations ----------

export interface AnnotationGroup {
  controller: string;
  /** Controller names (IngressClass spec.controller) that read this group. */
  controllers: string[];
  items: { key: string; value: string }[];
}

const ANNOTATION_GROUPS: { prefix: string; controller: string; controllers: string[] }[] = [
  { prefix: 'nginx.ingress.kubernetes.io/', controller: 'ingress-nginx', controllers: ['k8s.io/ingress-nginx'] },
  { prefix: 'nginx.org/', controller: 'NGINX Ingress Controller (F5)', controllers: ['nginx.org/ingress-controller'] },
  { prefix: 'alb.ingress.kubernetes.io/', controller: 'AWS Load Balancer Controller', controllers: ['ingress.k8s.aws/alb'] },
  { prefix: 'traefik.ingress.kubernetes.io/', controller: 'Traefik', controllers: ['traefik.io/ingress-controller'] },
  { prefix: 'haproxy.org/', controller: 'HAProxy', controllers: ['haproxy.org/ingress-controller/haproxy'] },
  { prefix: 'haproxy-ingress.github.io/', controller: 'HAProxy Ingress', controllers: ['haproxy-ingress.github.io/controller'] },
  { prefix: 'ingress.kubernetes.io/', controller: 'HAProxy Ingress (legacy prefix)', controllers: ['haproxy-ingress.github.io/controller'] },
  { prefix: 'konghq.com/', controller: 'Kong', controllers: ['ingress-controllers.konghq.com/kong'] },
  { prefix: 'ingress.gcp.kubernetes.io/', controller: 'GKE Ingress', controllers: [] },
  { prefix: 'networking.gke.io/', controller: 'GKE Ingress', controllers: [] },
  { prefix: 'kubernetes.io/ingress.global-static-ip-name', controller: 'GKE Ingress', controllers: [] },
  { prefix: 'kubernetes.io/ingress.allow-http', controller: 'GKE Ingress', controllers: [] },
  { prefix: 'appgw.ingress.kubernetes.io/', controller: 'Azure Application Gateway', controllers: ['azure/application-gateway'] },
  { prefix: 'cert-manager.io/', controller: 'cert-manager', controllers: [] },
  { prefix: 'external-dns.alpha.kubernetes.io/', controller: 'ExternalDNS', controllers: [] },
  { prefix: LEGACY_CLASS_ANNOTATION, controller: 'class (legacy annotation)', controllers: [] },
];

export function groupAnnotations(annotations: Record<string, string>): AnnotationGroup[] {
  const groups = new Map<string, AnnotationGroup>();
  for (const [key, value] of Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const g = ANNOTATION_GROUPS.find((x) => key.startsWith(x.prefix));
    const name = g?.controller ?? 'other';
    let grp = groups.get(name);
    if (!grp) groups.set(name, (grp = { controller: name, controllers: g?.controllers ?? [], items: [] }));
    grp.items.push({ key, value });
  }
  return [...groups.values()].sort((a, b) => (a.controller === 'other' ? 1 : b.controller === 'other' ? -1 : a.controller < b.controller ? -1 : 1));
}

// ---------- path conflicts ----------

/** The path as a controller compares it: Prefix ignores a trailing slash. */
export function normalizedPath(path: string | undefined, pathType: string | undefined): string {
  const p = path || '/';
  if ((pathType ?? 'ImplementationSpecific') === 'Prefix' && p.length > 1) return p.replace(/\/+$/, '') || '/';
  return p;
}

export interface PathConflict {
  className: string;
  host: string;
  path: string;
  pathType: string;
  /** The Ingresses (ns/name) declaring the same host, path and pathType. */
  ingresses: { namespace: string; name: string; backend: string }[];
}

/**
 * The same host + path + pathType in more than one Ingress of the same
 * effective class: the controller merges them and only one backend wins.
 * Ingresses in every namespace count (controllers serve them all).
 */
export function pathConflicts(store: ClusterStore): PathConflict[] {
  return store.memo('ingress/pathConflicts', () => {
    const m = new Map<string, PathConflict>();
    for (const ing of store.list<Ingress>('Ingress')) {
      const cls = resolveClass(store, ing);
      if (!cls.name) continue;
      const seenHere = new Set<string>();
      for (const r of ing.spec?.rules ?? []) {
        for (const p of r.http?.paths ?? []) {
          const host = (r.host || '*').toLowerCase();
          const pathType = p.pathType ?? 'ImplementationSpecific';
          const path = normalizedPath(p.path, pathType);
          const key = `${cls.name}\u0000${host}\u0000${pathType}\u0000${path}`;
          if (seenHere.has(key)) continue;
          seenHere.add(key);
          let c = m.get(key);
          if (!c) m.set(key, (c = { className: cls.name, host, path, pathType, ingresses: [] }));
          const b = p.backend?.service ? `${p.backend.service.name}:${p.backend.service.port?.number ?? p.backend.service.port?.name ?? '?'}` : p.backend?.resource ? `${p.backend.resource.kind}/${p.backend.resource.name}` : '?';
          c.ingresses.push({ namespace: ing.metadata.namespace!, name: ing.metadata.name, backend: b });
        }
      }
    }
    return [...m.values()].filter((c) => c.ingresses.length > 1);
  });
}
