// :svc — Services with their endpoint maps, built from EndpointSlices.
// The detail is a tree read top to bottom: ports → endpoints → pods, the
// selected pods without an endpoint, DNS names, the load balancer.
import type { Finding } from '../diagnostics/types.js';
import type { CheckContext } from '../diagnostics/types.js';
import { serviceFindings, DEFAULT_GRACE_MS } from '../diagnostics/service.js';
import { absTime, humanDuration } from '../src/model/time.js';
import { eventsFor } from '../src/model/events.js';
import { formatSelectorMap } from '../src/model/labels.js';
import {
  type EndpointEntry,
  type PortEntry,
  type Service,
  type ServiceMap,
  MANAGED_BY_LABEL,
  clusterIpText,
  endpointsText,
  eventLine,
  externalText,
  lbInfo,
  portsText,
  resolutionText,
  selectorText,
  serviceMap,
  serviceType,
  nodesWithEndpoints,
} from '../src/model/service.js';
import type { Column, Line, LineRef, Seg, Tone, ViewCtx, ViewDef } from './types.js';
import { ageColumn, eventLines, nameColumn, namespaceColumn, problemsColumn, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { line, seg } from './widgets/text.js';

// ---------- trees (shared by :svc, :ing and :map) ----------

export interface TreeNode {
  segs: Seg[];
  children?: TreeNode[];
  /** The object this node stands for: its line becomes selectable (Enter opens it). */
  ref?: LineRef;
}

export interface TreeGlyphs {
  mid: string;
  last: string;
  bar: string;
  gap: string;
}

export const UNICODE_TREE: TreeGlyphs = { mid: '├─ ', last: '└─ ', bar: '│  ', gap: '   ' };
export const ASCII_TREE: TreeGlyphs = { mid: '|- ', last: '`- ', bar: '|  ', gap: '   ' };

export function treeGlyphs(noColor: boolean): TreeGlyphs {
  return noColor ? ASCII_TREE : UNICODE_TREE;
}

/** Draw a tree: the root line, then every node with ├─ │ └─ (or |- | `- without color). */
export function treeLines(root: Seg[], nodes: TreeNode[], noColor: boolean): Line[] {
  const g = treeGlyphs(noColor);
  const out: Line[] = [root];
  const walk = (list: TreeNode[], prefix: string) => {
    list.forEach((n, i) => {
      const last = i === list.length - 1;
      const l: Line = [seg(prefix + (last ? g.last : g.mid), 'muted'), ...n.segs];
      if (n.ref) l.ref = n.ref;
      out.push(l);
      if (n.children?.length) walk(n.children, prefix + (last ? g.gap : g.bar));
    });
  };
  walk(nodes, '');
  return out;
}

export const node = (segs: (Seg | string)[], children?: TreeNode[], ref?: LineRef): TreeNode => (ref ? { segs: line(...segs), children, ref } : { segs: line(...segs), children });

// ---------- findings, shared with the PROBLEMS column ----------

export function checkCtxFor(ctx: ViewCtx): CheckContext {
  return { store: ctx.store, now: ctx.now, graceMs: DEFAULT_GRACE_MS, namespace: ctx.namespace, skipped: () => undefined };
}

/** The engine's findings when the shell has them; otherwise the same check functions run here. */
export function svcFindings(svc: Service, ctx: ViewCtx): Finding[] {
  if (ctx.findingsFor) return ctx.findingsFor('Service', svc.metadata.namespace, svc.metadata.name);
  return serviceFindings(checkCtxFor(ctx), svc);
}

function withFindings(ctx: ViewCtx): ViewCtx {
  if (ctx.findingsFor) return ctx;
  return {
    ...ctx,
    findingsFor: (kind, ns, name) => {
      const svc = kind === 'Service' ? ctx.store.get<Service>('Service', ns, name) : undefined;
      return svc ? svcFindings(svc, ctx) : [];
    },
  };
}

// ---------- endpoint lines (also used by :ing) ----------

export function endpointStateSegs(e: EndpointEntry): Seg[] {
  if (e.state === 'ready') return [seg('ready', 'ok')];
  if (e.state === 'terminating') return [seg(`terminating${e.serving ? ' (still serving)' : ''}`, 'muted')];
  return [seg(`not ready${e.why ? ` (${e.why})` : ''}`, 'warn')];
}

/** `10.1.0.12:8080  pod/web-abc  node-a  ready`, with the address padded to `addrWidth`. */
export function endpointNode(e: EndpointEntry, addrWidth = 0): TreeNode {
  const addr = `${e.address}${e.port !== undefined ? `:${e.port}` : ''}`;
  const who = e.podName ? `pod/${e.podName}` : e.targetKind ? `${e.targetKind.toLowerCase()}/?` : '(no target)';
  // The endpoint's line opens its pod (when the pod is in the store).
  const ref = e.pod ? { kind: 'Pod', namespace: e.pod.metadata.namespace, name: e.pod.metadata.name } : undefined;
  return node([addr.padEnd(addrWidth), '  ', who, '  ', seg(e.nodeName ?? '<no node>', 'muted'), '  ', ...endpointStateSegs(e)], undefined, ref);
}

export function endpointNodes(list: EndpointEntry[], max = 50): TreeNode[] {
  const w = Math.max(0, ...list.slice(0, max).map((e) => `${e.address}${e.port !== undefined ? `:${e.port}` : ''}`.length));
  const out = list.slice(0, max).map((e) => endpointNode(e, w));
  if (list.length > max) out.push(node([seg(`… ${list.length - max} more endpoints`, 'muted')]));
  return out;
}

export function portLineSegs(pe: PortEntry): Seg[] {
  const sp = pe.port;
  const segs: Seg[] = [seg(`port ${sp.name ? `${sp.name} ` : ''}${sp.port}/${pe.protocol}`, undefined, true), seg(' → targetPort ')];
  if (pe.named) {
    const bad = pe.resolution.length === 0 && pe.slicePorts.length === 0;
    segs.push(seg(`${pe.targetPort} (${resolutionText(pe)})`, bad ? 'error' : pe.undeclaredOn.length ? 'warn' : undefined));
  } else {
    segs.push(seg(String(pe.targetPort)));
  }
  if (sp.nodePort) segs.push(seg(`  nodePort ${sp.nodePort}`));
  if (sp.appProtocol) segs.push(seg(`  appProtocol ${sp.appProtocol}`, 'muted'));
  return segs;
}

export function readyTone(map: ServiceMap): Tone {
  if (map.type === 'ExternalName') return 'muted';
  if (map.ready === 0) return map.selectorless && map.total === 0 ? 'warn' : 'error';
  return map.ready < map.total ? 'warn' : 'ok';
}

// ---------- the detail tree ----------

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

export function serviceTree(svc: Service, ctx: ViewCtx): Line[] {
  const store = ctx.store;
  const map = serviceMap(store, svc);
  const ns = svc.metadata.namespace!;
  const root: Seg[] = [seg(`svc/${svc.metadata.name}`, 'accent', true), seg(`  ${map.type}`)];
  if (svc.spec.externalTrafficPolicy && (map.type === 'LoadBalancer' || map.type === 'NodePort')) root.push(seg(`  ETP=${svc.spec.externalTrafficPolicy}`));
  if (svc.spec.internalTrafficPolicy === 'Local') root.push(seg('  ITP=Local'));
  if (svc.spec.sessionAffinity && svc.spec.sessionAffinity !== 'None') root.push(seg(`  affinity=${svc.spec.sessionAffinity}`));
  if (map.type !== 'Headless' && map.type !== 'ExternalName' && svc.spec.clusterIP) root.push(seg(`  ${svc.spec.clusterIP}`, 'muted'));
  root.push(seg(`   ${map.dns}`, 'muted'));

  const nodes: TreeNode[] = [];
  if (map.type === 'ExternalName') {
    nodes.push(node([`DNS CNAME ${map.dns} → `, seg(svc.spec.externalName ?? '<none>', undefined, true)]));
    for (const pe of map.ports) nodes.push(node(portLineSegs(pe)));
    if (map.slices.length) nodes.push(node([seg(`${plural(map.slices.length, 'EndpointSlice')} exist but ExternalName Services ignore them`, 'warn')]));
    return treeLines(root, nodes, ctx.noColor);
  }

  if (!map.slicesComplete && map.slices.length === 0) {
    nodes.push(node([seg(`EndpointSlices in ${ns} could not be read (${store.status('EndpointSlice').state}): endpoints unknown`, 'muted')]));
  }
  // Ports and their endpoints.
  if (map.ports.length === 0) {
    nodes.push(node([seg('no ports', 'muted'), map.endpoints.length ? `  ${plural(map.endpoints.length, 'endpoint')}` : ''], endpointNodes(map.endpoints)));
  }
  for (const pe of map.ports) {
    const children = endpointNodes(pe.endpoints);
    if (pe.endpoints.length === 0 && map.slicesComplete) children.push(node([seg('no endpoints', map.selectorless ? 'warn' : 'error')]));
    if (pe.named && pe.undeclaredOn.length) {
      children.push(node([seg(`"${pe.targetPort}" not declared on: ${pe.undeclaredOn.slice(0, 5).map((p) => `pod/${p}`).join(', ')}${pe.undeclaredOn.length > 5 ? ` +${pe.undeclaredOn.length - 5}` : ''}`, 'warn')]));
    }
    nodes.push(node(portLineSegs(pe), children));
  }

  // Selection.
  if (!map.selectorless) {
    const sel = formatSelectorMap(svc.spec.selector ?? undefined);
    if (!map.podsComplete && map.selected.length === 0) {
      nodes.push(node([seg(`selector ${sel}: pods in ${ns} could not be read`, 'muted')]));
    } else if (map.selected.length === 0) {
      nodes.push(node([seg(`selector ${sel} selects no pod in ${ns}`, 'error')]));
    } else {
      const w = map.withoutEndpoint;
      const head = `selects ${plural(map.selected.length, 'pod')} (${sel})`;
      if (w.length === 0) nodes.push(node([head]));
      else if (w.length <= 2) nodes.push(node([head, '; without an endpoint: ', seg(w.map((x) => `pod/${x.pod.metadata.name} (${x.why})`).join(', '), 'warn')], undefined, w.length === 1 ? { kind: 'Pod', namespace: ns, name: w[0]!.pod.metadata.name } : undefined));
      else nodes.push(node([head, `; ${w.length} without an endpoint:`], w.slice(0, 20).map((x) => node([`pod/${x.pod.metadata.name}  `, seg(x.why, 'warn')], undefined, { kind: 'Pod', namespace: ns, name: x.pod.metadata.name }))));
    }
  } else {
    const manual = map.manualSlices;
    nodes.push(
      node(
        [map.slices.length ? `no selector: endpoints come from ${plural(map.slices.length, 'EndpointSlice')}${manual.length ? ' managed outside Kubernetes' : ''}` : 'no selector and no EndpointSlice'],
        map.slices.map((s) => node([s.metadata.name, seg(`  ${s.addressType ?? '?'}  managed-by ${s.metadata.labels?.[MANAGED_BY_LABEL] ?? '<unset>'}  ${plural((s.endpoints ?? []).length, 'endpoint')}`, 'muted')], undefined, { kind: 'EndpointSlice', namespace: ns, name: s.metadata.name })),
      ),
    );
    if (map.slices.length === 0 && map.slicesComplete) nodes[nodes.length - 1]!.segs.push(seg(': traffic goes nowhere', 'warn'));
  }
  for (const n of map.notes) nodes.push(node([seg(n, 'warn')]));

  // DNS for headless Services.
  if (map.headless) {
    const h = map.headless;
    const ready = h.pods.filter((p) => p.state === 'ready').length;
    nodes.push(
      node(
        [`DNS A ${h.aRecord} → ${plural(svc.spec.publishNotReadyAddresses ? h.pods.length : ready, 'address')}${svc.spec.publishNotReadyAddresses ? ' (publishNotReadyAddresses)' : ' (ready endpoints only)'}`],
        h.pods.map((p) =>
          node(
            [
              p.dns ? seg(p.dns) : seg(`${p.podName ? `pod/${p.podName}` : p.address}: no hostname, reachable only through the Service name`, 'muted'),
              p.dns ? seg(` → ${p.address}`, 'muted') : seg(''),
              p.state !== 'ready' ? seg(`  ${p.state === 'terminating' ? 'terminating' : 'not ready'}`, 'warn') : seg(''),
            ],
            undefined,
            p.podName && store.get('Pod', ns, p.podName) ? { kind: 'Pod', namespace: ns, name: p.podName } : undefined,
          ),
        ),
      ),
    );
  }

  // Load balancer and node distribution.
  if (map.type === 'LoadBalancer') {
    const lb = lbInfo(store, svc, map);
    const children: TreeNode[] = [];
    if (lb.loadBalancerClass) children.push(node([`loadBalancerClass ${lb.loadBalancerClass}`]));
    children.push(node([`externalTrafficPolicy ${lb.externalTrafficPolicy}${lb.healthCheckNodePort ? `  healthCheckNodePort ${lb.healthCheckNodePort}` : ''}`]));
    if (lb.sourceRanges.length) children.push(node([`loadBalancerSourceRanges ${lb.sourceRanges.join(', ')}`]));
    if (svc.spec.allocateLoadBalancerNodePorts === false) children.push(node(['allocateLoadBalancerNodePorts false']));
    children.push(nodesNode(map, lb.externalTrafficPolicy === 'Local'));
    if (lb.annotations.length) {
      children.push(
        node(
          [`cloud annotations (${lb.annotations.length})`],
          lb.annotations.map((a) => node([`${a.key}: ${a.value}`, seg(a.meaning ? `  ${a.meaning}` : `  (${a.provider})`, 'muted')])),
        ),
      );
    }
    if (lb.failing) children.push(node([seg(`failing: ${eventLine(lb.failing)}`, 'error')]));
    else if (lb.events.length) children.push(node([seg(`last: ${eventLine(lb.events[0]!)}`, 'muted')]));
    else if (lb.addresses.length === 0 && store.complete('Event', ns)) children.push(node([seg('no load-balancer events: no controller seems to handle it', 'warn')]));
    const addr =
      lb.addresses.length > 0
        ? [seg('external address '), seg(lb.addresses.join(', '), 'ok')]
        : [seg('external address '), seg(`<pending>${lb.pendingSince !== undefined ? ` for ${humanDuration(ctx.now - lb.pendingSince)}` : ''}`, 'warn')];
    nodes.push(node(addr, children));
  } else {
    if (map.type === 'NodePort' && svc.spec.externalTrafficPolicy === 'Local') nodes.push(nodesNode(map, true));
    const cloud = lbInfo(store, svc, map).annotations.filter((a) => a.lbOnly);
    if (cloud.length) nodes.push(node([seg(`${plural(cloud.length, 'cloud load-balancer annotation')} ignored: type is ${map.type}`, 'warn')], cloud.map((a) => node([`${a.key}: ${a.value}`]))));
    if (svc.spec.externalIPs?.length) nodes.push(node([`externalIPs ${svc.spec.externalIPs.join(', ')}`]));
  }

  // Slices (selector Services): where the map came from.
  if (!map.selectorless && map.slices.length) {
    nodes.push(
      node(
        [seg(`from ${plural(map.slices.length, 'EndpointSlice')}`, 'muted')],
        map.slices.map((s) => node([seg(`${s.metadata.name}  ${s.addressType ?? '?'}  ${plural((s.endpoints ?? []).length, 'endpoint')}${s.metadata.labels?.[MANAGED_BY_LABEL] && s.metadata.labels[MANAGED_BY_LABEL] !== 'endpointslice-controller.k8s.io' ? `  managed-by ${s.metadata.labels[MANAGED_BY_LABEL]}` : ''}`, 'muted')], undefined, { kind: 'EndpointSlice', namespace: ns, name: s.metadata.name })),
      ),
    );
  }
  return treeLines(root, nodes, ctx.noColor);
}

function nodesNode(map: ServiceMap, local: boolean): TreeNode {
  const ns = nodesWithEndpoints(map);
  const withReady = ns.filter((n) => n.ready > 0).length;
  return node(
    [`nodes with ready endpoints: ${withReady}${local ? ' (ETP Local: only these pass the load-balancer health check)' : ''}`],
    ns.map((n) => node([n.node, seg(`  ${n.ready} ready of ${n.total}`, n.ready === 0 ? 'warn' : 'muted')], undefined, { kind: 'Node', name: n.node })),
  );
}

export function serviceDetail(svc: Service, ctx: ViewCtx): Line[] {
  const out: Line[] = [...findingLines(svcFindings(svc, ctx), ctx)];
  out.push(...serviceTree(svc, ctx));
  out.push(line(''), line(seg('Created ', 'muted'), `${absTime(svc.metadata.creationTimestamp)}`));
  const labels = Object.entries(svc.metadata.labels ?? {});
  if (labels.length) out.push(line(seg('Labels  ', 'muted'), labels.map(([k, v]) => `${k}=${v}`).join(', ')));
  out.push(line(''), section('Events'), ...eventLines(eventsFor(ctx.store, 'Service', svc.metadata.namespace, svc.metadata.name, svc.metadata.uid), ctx.now));
  return out;
}

// ---------- the view ----------

const get = (s: Service) => s;
const problems = problemsColumn<Service>(get, 'Service');

export const servicesColumns: Column<Service>[] = [
  namespaceColumn<Service>(get),
  nameColumn<Service>(get),
  { id: 'type', header: 'TYPE', priority: 1, minWidth: 12, value: (s) => serviceType(s) },
  { id: 'cluster-ip', header: 'CLUSTER-IP', priority: 5, value: (s) => clusterIpText(s) },
  {
    id: 'external',
    header: 'EXTERNAL',
    priority: 2,
    maxWidth: 40,
    value: (s, ctx) => externalText(s, ctx.now),
    tone: (s) => (s.spec?.type === 'LoadBalancer' && !(s.status?.loadBalancer?.ingress ?? []).length ? 'warn' : undefined),
  },
  { id: 'ports', header: 'PORTS', priority: 4, maxWidth: 48, value: (s, ctx) => portsText(serviceMap(ctx.store, s)) },
  {
    id: 'endpoints',
    header: 'ENDPOINTS',
    priority: 0,
    align: 'right',
    value: (s, ctx) => endpointsText(serviceMap(ctx.store, s)),
    tone: (s, ctx) => readyTone(serviceMap(ctx.store, s)),
    sortValue: (s, ctx) => {
      const m = serviceMap(ctx.store, s);
      return m.total === 0 ? -1 : m.ready / m.total;
    },
  },
  // kubectl get svc -o wide (printers.go serviceColumnDefinitions, Priority 1).
  { id: 'selector', header: 'SELECTOR', priority: 6, wide: true, maxWidth: 40, value: (s) => selectorText(s) },
  ageColumn<Service>(get),
  {
    ...problems,
    value: (r, ctx) => problems.value(r, withFindings(ctx)),
    tone: (r, ctx) => problems.tone?.(r, withFindings(ctx)),
    sortValue: (r, ctx) => problems.sortValue?.(r, withFindings(ctx)) ?? 0,
  },
];

export const servicesView: ViewDef<Service> = {
  id: 'svc',
  title: 'Services',
  aliases: ['svc', 'service', 'services'],
  kinds: ['Service', 'EndpointSlice', 'Pod'],
  namespaced: true,
  defaultSort: 'name',
  columns: servicesColumns,
  rows: (ctx) => ctx.store.list<Service>('Service', ctx.namespace),
  key: (s) => `${s.metadata.namespace}/${s.metadata.name}`,
  object: (s) => s,
  detail: (s, ctx) => serviceDetail(s, ctx),
};
