// :ing — Ingresses: which class serves them, their address and TLS state, and
// a detail tree host → path → service:port → ready endpoints → pods.
import type { Finding } from '../diagnostics/types.js';
import type { ClusterStore } from '../src/cluster/store.js';
import { ingressFindings } from '../diagnostics/ingress.js';
import { absTime } from '../src/model/time.js';
import { type BackendInfo, type ClassResolution, type Ingress, type IngressMap, type TlsBlockInfo, classText, ingressMap, tlsSummary } from '../src/model/ingress.js';
import type { Column, Line, LineRef, Seg, ViewCtx, ViewDef } from './types.js';
import { ageColumn, eventLines, fitMarker, nameColumn, namespaceColumn, problemsColumn, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { line, seg } from './widgets/text.js';
import { type TreeNode, checkCtxFor, endpointNodes, node, portLineSegs, treeLines } from './services.js';

const mapCache = new WeakMap<ClusterStore, Map<string, { version: number; now: number; map: IngressMap }>>();

/** The map for a row, cached per store version and evaluation time (one entry per Ingress). */
export function ingMap(ing: Ingress, ctx: ViewCtx): IngressMap {
  let perStore = mapCache.get(ctx.store);
  if (!perStore) mapCache.set(ctx.store, (perStore = new Map()));
  const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
  const hit = perStore.get(key);
  if (hit && hit.version === ctx.store.version && hit.now === ctx.now && hit.map.ing === ing) return hit.map;
  const map = ingressMap(ctx.store, ing, ctx.now);
  perStore.set(key, { version: ctx.store.version, now: ctx.now, map });
  return map;
}

export function ingFindings(ing: Ingress, ctx: ViewCtx): Finding[] {
  if (ctx.findingsFor) return ctx.findingsFor('Ingress', ing.metadata.namespace, ing.metadata.name);
  return ingressFindings(checkCtxFor(ctx), ing, ingMap(ing, ctx));
}

function withFindings(ctx: ViewCtx): ViewCtx {
  if (ctx.findingsFor) return ctx;
  return {
    ...ctx,
    findingsFor: (kind, ns, name) => {
      const ing = kind === 'Ingress' ? ctx.store.get<Ingress>('Ingress', ns, name) : undefined;
      return ing ? ingFindings(ing, ctx) : [];
    },
  };
}

// ---------- detail ----------

function classSegs(c: ClassResolution): Seg[] {
  if (!c.name) return [seg(c.classesReadable ? 'no class and no default IngressClass' : 'no class named (IngressClasses not readable)', c.classesReadable ? 'error' : 'muted')];
  const how = c.source === 'spec' ? 'spec.ingressClassName' : c.source === 'annotation' ? 'legacy annotation kubernetes.io/ingress.class' : 'none named: the default IngressClass';
  if (c.exists === false) return [seg(`class ${c.name}`, 'error', true), seg(` (${how}): no such IngressClass`, 'error')];
  if (c.exists === undefined) return [seg(`class ${c.name}`, undefined, true), seg(` (${how}; IngressClasses not readable)`, 'muted')];
  return [seg(`class ${c.name}`, undefined, true), seg(` (${how})`, 'muted'), seg(c.controller ? `  controller ${c.controller}` : '', 'muted')];
}

/** A backend's Service, when it exists: its lines open it. */
function svcRef(b: BackendInfo, ns: string): LineRef | undefined {
  return b.kind !== 'resource' && b.svc ? { kind: 'Service', namespace: ns, name: b.serviceName! } : undefined;
}

function backendChildren(b: BackendInfo, ns: string): TreeNode[] {
  if (b.kind === 'resource') return [node([seg('resource backend (served by the controller, no endpoints)', 'muted')])];
  if (b.svcState === 'missing') return [node([seg(`Service ${b.serviceName} not found`, 'error')])];
  if (b.svcState === 'unknown') return [node([seg(`Service ${b.serviceName}: Services not readable`, 'muted')])];
  if (b.svc && b.map?.type === 'ExternalName') return [node([`svc/${b.serviceName}  ExternalName → ${b.svc.spec.externalName ?? '?'}`], undefined, svcRef(b, ns))];
  if (b.portState === 'missing') {
    const have = (b.svc?.spec.ports ?? []).map((p) => (p.name ? `${p.name}=${p.port}` : String(p.port))).join(', ') || 'none';
    return [node([seg(`svc/${b.serviceName} has no port ${b.portRef} (ports: ${have})`, 'error')], undefined, svcRef(b, ns))];
  }
  const pe = b.portEntry!;
  const eps = b.endpoints;
  const children = endpointNodes(eps);
  if (eps.length === 0) children.push(node([seg(b.map?.slicesComplete ? 'no endpoints' : 'EndpointSlices not readable', b.map?.slicesComplete ? 'error' : 'muted')]));
  const live = eps.filter((e) => e.state !== 'terminating').length;
  return [node([seg(`svc/${b.serviceName} `), ...portLineSegs(pe), seg(`  ${b.ready}/${live} ready`, b.ready === 0 ? 'error' : b.ready < live ? 'warn' : 'ok')], children, svcRef(b, ns))];
}

function backendLabel(b: BackendInfo): string {
  if (b.kind === 'resource') return b.text;
  return `${b.serviceName}:${b.portRef ?? '?'}`;
}

function tlsNode(t: TlsBlockInfo, ns: string): TreeNode {
  const head: (Seg | string)[] = [`tls ${t.secretName ? `secret ${t.secretName}` : '(no secretName)'}`, seg(`  hosts ${t.hosts.length ? t.hosts.join(', ') : '<none>'}`, 'muted')];
  const kids: TreeNode[] = [];
  switch (t.state) {
    case 'missing':
      kids.push(node([seg(t.text, 'error')]));
      break;
    case 'forbidden':
      kids.push(node([seg("can't read Secrets: certificate unknown", 'muted')]));
      break;
    case 'unknown':
    case 'no-secret':
      kids.push(node([seg(t.text, 'muted')]));
      break;
    case 'wrong-type':
      kids.push(node([seg(`found, type ${t.secretType ?? '<unset>'}: ${t.text}`, 'error')]));
      break;
    default: {
      const c = t.cert!;
      kids.push(node([`found, type ${t.secretType ?? 'kubernetes.io/tls'}`]));
      kids.push(node([`subject ${c.subject || '<empty>'}`, seg(`  issuer ${c.selfSigned ? 'self-signed' : c.issuer}`, 'muted')]));
      kids.push(node([`SANs ${c.dnsNames.length ? c.dnsNames.join(', ') : '<none>'}${c.ipAddresses.length ? `  IPs ${c.ipAddresses.join(', ')}` : ''}`]));
      const tone = t.state === 'ok' ? 'ok' : t.state === 'expiring' ? 'warn' : 'error';
      kids.push(node([`notAfter ${absTime(c.notAfter)}  `, seg(t.text, tone)]));
      const covered = t.coverage.filter((x) => x.covered).map((x) => x.host);
      const not = t.coverage.filter((x) => !x.covered).map((x) => x.host);
      const cov: Seg[] = [seg(`covers ${covered.length ? covered.join(', ') : 'none of its hosts'}`, covered.length ? undefined : 'warn')];
      if (not.length) cov.push(seg(`; not covered: ${not.join(', ')}`, 'warn'));
      kids.push({ segs: cov });
    }
  }
  // The TLS block opens its Secret when it was found.
  const found = t.secretName && t.state !== 'missing' && t.state !== 'forbidden' && t.state !== 'unknown' && t.state !== 'no-secret';
  return node(head, kids, found ? { kind: 'Secret', namespace: ns, name: t.secretName! } : undefined);
}

export function ingressTree(ing: Ingress, ctx: ViewCtx): Line[] {
  const m = ingMap(ing, ctx);
  const ns = ing.metadata.namespace ?? '';
  const root: Seg[] = [seg(`ing/${ing.metadata.name}`, 'accent', true), seg('  '), ...classSegs(m.cls), seg('  address '), seg(m.addresses.join(', ') || '<none>', m.addresses.length ? 'ok' : 'warn')];
  const nodes: TreeNode[] = [];
  for (const r of m.rules) {
    const tlsFor = m.tls.find((t) => t.hosts.some((h) => h.toLowerCase() === r.host.toLowerCase()));
    nodes.push(
      node(
        [seg(`host ${r.host}`, undefined, true), seg(tlsFor ? `  TLS via ${tlsFor.secretName ?? 'default certificate'}` : r.host !== '*' ? '  no TLS' : '', 'muted')],
        r.paths.map((p) => node([`${p.path} `, seg(`(${p.pathType})`, 'muted'), ` → ${backendLabel(p.info)}`], backendChildren(p.info, ns), svcRef(p.info, ns))),
      ),
    );
  }
  if (m.defaultBackend) nodes.push(node([seg('default backend', undefined, true), ` → ${backendLabel(m.defaultBackend)}`], backendChildren(m.defaultBackend, ns), svcRef(m.defaultBackend, ns)));
  else if (m.rules.length === 0) nodes.push(node([seg("no rules and no default backend: the controller's default backend answers", 'warn')]));
  for (const t of m.tls) nodes.push(tlsNode(t, ns));
  if (m.annotations.length) {
    nodes.push(
      node(
        ['annotations'],
        m.annotations.map((g) => {
          const ignored = g.controllers.length > 0 && m.cls.controller && !g.controllers.includes(m.cls.controller);
          return node([g.controller, seg(ignored ? `  (class controller is ${m.cls.controller}: likely ignored)` : '', 'warn')], g.items.map((a) => node([`${a.key}: `, seg(a.value.replace(/\s*\n\s*/g, ' '), 'muted')])));
        }),
      ),
    );
  }
  return treeLines(root, nodes, ctx.noColor);
}

export function ingressDetail(ing: Ingress, ctx: ViewCtx): Line[] {
  const m = ingMap(ing, ctx);
  const out: Line[] = [...findingLines(ingFindings(ing, ctx), ctx)];
  out.push(...ingressTree(ing, ctx));
  out.push(line(''), line(seg('Created ', 'muted'), absTime(ing.metadata.creationTimestamp)), line(seg('Backends ', 'muted'), `${m.backends.healthy}/${m.backends.total} healthy`));
  out.push(line(''), section('Events'), ...eventLines(m.events, ctx.now));
  return out;
}

// ---------- the view ----------

const get = (i: Ingress) => i;
const problems = problemsColumn<Ingress>(get, 'Ingress');

export const ingressesColumns: Column<Ingress>[] = [
  namespaceColumn<Ingress>(get),
  nameColumn<Ingress>(get),
  {
    id: 'class',
    header: 'CLASS',
    priority: 2,
    maxWidth: 28,
    fit: fitMarker,
    value: (i, ctx) => classText(ingMap(i, ctx).cls),
    tone: (i, ctx) => {
      const c = ingMap(i, ctx).cls;
      return c.exists === false || (!c.name && c.classesReadable) ? 'error' : c.exists === undefined ? 'muted' : undefined;
    },
  },
  { id: 'hosts', header: 'HOSTS', priority: 1, maxWidth: 50, value: (i, ctx) => ingMap(i, ctx).hosts.join(',') || '*' },
  {
    id: 'address',
    header: 'ADDRESS',
    priority: 4,
    maxWidth: 40,
    value: (i, ctx) => ingMap(i, ctx).addresses.join(',') || '<none>',
    tone: (i, ctx) => (ingMap(i, ctx).addresses.length ? undefined : 'warn'),
  },
  {
    id: 'tls',
    header: 'TLS',
    priority: 1,
    value: (i, ctx) => tlsSummary(ingMap(i, ctx).tls).text,
    tone: (i, ctx) => tlsSummary(ingMap(i, ctx).tls).tone,
  },
  {
    id: 'backends',
    header: 'BACKENDS',
    priority: 0,
    align: 'right',
    value: (i, ctx) => {
      const b = ingMap(i, ctx).backends;
      return `${b.healthy}/${b.total}`;
    },
    tone: (i, ctx) => {
      const b = ingMap(i, ctx).backends;
      return b.total === 0 ? 'muted' : b.healthy === 0 ? 'error' : b.healthy < b.total ? 'warn' : 'ok';
    },
    sortValue: (i, ctx) => {
      const b = ingMap(i, ctx).backends;
      return b.total ? b.healthy / b.total : -1;
    },
  },
  ageColumn<Ingress>(get),
  {
    ...problems,
    value: (r, ctx) => problems.value(r, withFindings(ctx)),
    tone: (r, ctx) => problems.tone?.(r, withFindings(ctx)),
    sortValue: (r, ctx) => problems.sortValue?.(r, withFindings(ctx)) ?? 0,
  },
];

export const ingressesView: ViewDef<Ingress> = {
  id: 'ing',
  title: 'Ingresses',
  aliases: ['ing', 'ingress', 'ingresses'],
  kinds: ['Ingress', 'IngressClass', 'Service', 'EndpointSlice', 'Secret'],
  namespaced: true,
  defaultSort: 'name',
  columns: ingressesColumns,
  rows: (ctx) => ctx.store.list<Ingress>('Ingress', ctx.namespace),
  key: (i) => `${i.metadata.namespace}/${i.metadata.name}`,
  object: (i) => i,
  detail: (i, ctx) => ingressDetail(i, ctx),
};
