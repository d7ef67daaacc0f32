// Service checks (issue 5, "Services"). Every check reads the same model
// functions the :svc view draws (serviceMap, lbInfo), so a finding and the
// map a user sees cannot disagree.
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef } from './types.js';
import type { Pod } from '../src/model/types.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import { eventTime } from '../src/model/events.js';
import { containerProbes, podSummary, podsOwnedBy, schedulingReasons } from '../src/model/pod.js';
import { type LabelDiff, diffText, formatSelectorMap, labelDiffs, nameList, nearMissText, rankNearMisses } from '../src/model/labels.js';
import type { StatefulSet } from '../src/model/statefulset.js';
import { eventsFor } from '../src/model/events.js';
import { crashFix, imagePullFix, probeFix, schedulingAdvice } from './pod.js';
import {
  type EndpointEntry,
  type Service,
  type ServiceMap,
  annotationPortProblems,
  cloudAnnotations,
  eventLine,
  lbAddresses,
  lbInfo,
  readinessFailures,
  serviceMap,
  serviceType,
  SERVICE_NAME_LABEL,
} from '../src/model/service.js';

export const DOC = {
  selector: 'Service › 3. 关键机制 › (1) 标签选择器（Selector）',
  endpointSlices: 'Service › 5. 与其他组件的关系 › EndpointSlices',
  types: 'Service › 2. Service 的核心类型',
  lbNotCreated: 'LoadBalancer › 6. 常见问题与排查 › (1) 负载均衡器未创建',
  lbPending: 'LoadBalancer › 6. 常见问题与排查 › (2) 外部 IP 处于 Pending 状态',
  lbHealth: 'LoadBalancer › 6. 常见问题与排查 › (3) 健康检查失败',
  lbAnnotations: 'LoadBalancer › 3. 云提供商特定配置（通过注解）',
  etp: 'LoadBalancer › 4. 高级配置选项 › (1) 外部流量策略（externalTrafficPolicy）',
} as const;

export const checks: CheckMeta[] = [
  { id: 'service/no-matching-pods', severity: 'error', area: 'service', title: 'Selector matches no pod in the namespace', doc: DOC.selector },
  { id: 'service/no-ready-endpoints', severity: 'error', area: 'service', title: 'Pods match but no endpoint is ready', doc: DOC.lbHealth },
  { id: 'service/some-endpoints-not-ready', severity: 'warning', area: 'service', title: 'Some endpoints are not ready', doc: DOC.lbHealth },
  { id: 'service/target-port-unresolved', severity: 'error', area: 'service', title: 'targetPort is not declared by the selected pods', doc: DOC.types },
  { id: 'service/no-endpoints-selectorless', severity: 'warning', area: 'service', title: 'No selector and no EndpointSlices', doc: DOC.endpointSlices },
  { id: 'service/loadbalancer-pending', severity: 'error', area: 'service', title: 'LoadBalancer without an external address', doc: DOC.lbPending },
  { id: 'service/loadbalancer-sync-failed', severity: 'error', area: 'service', title: 'Load balancer sync failed after the last success', doc: DOC.lbNotCreated },
  { id: 'service/lb-annotations-ignored', severity: 'warning', area: 'service', title: 'Cloud load-balancer annotations that have no effect', doc: DOC.lbAnnotations },
  { id: 'service/external-traffic-local-imbalance', severity: 'warning', area: 'service', title: 'externalTrafficPolicy Local with uneven ready endpoints per node', doc: DOC.etp },
];

const META = new Map(checks.map((c) => [c.id, c]));

/** Default grace period, for views that compute findings without the engine. */
export { DEFAULT_GRACE_MS } from './config.js';

function ref(svc: Service): ObjectRef {
  return { kind: 'Service', namespace: svc.metadata.namespace, name: svc.metadata.name };
}

function finding(id: string, svc: Service, message: string, evidence: string[], nextSteps: string[], extra: Partial<Finding> = {}): Finding {
  const m = META.get(id)!;
  return { check: id, severity: m.severity, object: ref(svc), message, evidence, nextSteps, doc: m.doc, ...extra };
}

function describe(svc: Service): string {
  return `kubectl describe svc ${svc.metadata.name} -n ${svc.metadata.namespace}`;
}
function getSlices(svc: Service): string {
  return `kubectl get endpointslices -n ${svc.metadata.namespace} -l ${SERVICE_NAME_LABEL}=${svc.metadata.name} -o wide`;
}
function selectorArg(svc: Service): string {
  return Object.entries(svc.spec.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Since when a pod has been not ready: its Ready condition's transition, else its creation. */
export function notReadySince(pod: Pod | undefined): number | undefined {
  if (!pod) return undefined;
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'Ready');
  return parseTime(c?.status !== 'True' ? c?.lastTransitionTime : undefined) ?? parseTime(pod.metadata.creationTimestamp);
}

/** An endpoint (or pod) not ready for longer than the grace period; unknown pods count as past it. */
export function pastGrace(pod: Pod | undefined, now: number, graceMs: number): boolean {
  const since = notReadySince(pod);
  return since === undefined || now - since >= graceMs;
}

/** The pod check that explains why a pod is not serving, to link findings. */
export function podCheckFor(pod: Pod): string | undefined {
  const s = podSummary(pod);
  if (s.scheduling?.reason === 'Unschedulable') return 'pod/unschedulable';
  if (s.scheduling?.reason === 'SchedulerError') return 'pod/scheduler-error';
  if (s.status === 'CrashLoopBackOff') return 'pod/crash-loop';
  if (s.status === 'ErrImagePull' || s.status === 'ImagePullBackOff') return 'pod/image-pull-failing';
  if (s.phase === 'Running' && !s.isReady) return 'pod/readiness-failing';
  return undefined;
}

function podRef(pod: Pod): ObjectRef {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
}

function readinessEvidence(ctx: CheckContext, pods: Pod[]): string[] {
  const out: string[] = [];
  for (const p of pods.slice(0, 5)) {
    const rf = readinessFailures(ctx.store, p);
    if (rf.count > 0) out.push(`pod/${p.metadata.name}: Unhealthy x${rf.count}, last ${absTime(rf.last)}: ${rf.message ?? ''}`);
  }
  return out;
}

function endpointLine(e: EndpointEntry): string {
  const who = e.podName ? `pod/${e.podName}` : e.targetKind ? `${e.targetKind}` : e.address;
  return `${who} ${e.address}${e.port !== undefined ? `:${e.port}` : ''}${e.nodeName ? ` on ${e.nodeName}` : ''}: ${e.state === 'ready' ? 'ready' : e.state === 'terminating' ? 'terminating' : `not ready (${e.why ?? 'ready=false'})`}`;
}

// ---------- why selected pods serve no traffic, and what to do ----------

type CauseKind = 'unscheduled' | 'crash' | 'image' | 'probe' | 'not-running' | 'terminating' | 'unknown';

interface PodCause {
  pod: Pod;
  kind: CauseKind;
  /** `not scheduled: pod has unbound immediate PersistentVolumeClaims` for the message; undefined keeps the endpoint's own reason. */
  short?: string;
  /** The fix for this kind of cause, from this pod's evidence (without the leading "fix: "). */
  fix: string;
  /** Findings that explain it beyond the pod's own (the claim it waits for). */
  related?: NonNullable<Finding['related']>;
}

function stripFix(s: string): string {
  return s.replace(/^fix: /, '');
}

/** What the scheduler said, short: `3 Insufficient memory, 1 node(s) had untolerated taint {…}`. */
function schedulingSummary(message: string | undefined): string {
  const rs = schedulingReasons(message);
  if (!rs.length) return 'no reason recorded';
  const t = rs.map((r) => (r.nodes !== undefined ? `${r.nodes} ${r.text}` : r.text)).join(', ');
  return t.length > 160 ? `${t.slice(0, 159)}…` : t;
}

/** Why one selected pod is not serving, with the fix its evidence calls for (not the check id's stock advice). */
function podCause(ctx: CheckContext, pod: Pod): PodCause {
  const s = podSummary(pod);
  const cond = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (s.terminating) return { pod, kind: 'terminating', fix: 'it is being deleted; its replacement takes over' };
  if (!pod.spec?.nodeName && cond) {
    const advice = schedulingAdvice(ctx.store, pod, cond.message);
    const first = advice.steps.find((x) => x.startsWith('fix: '));
    return {
      pod,
      kind: 'unscheduled',
      short: `not scheduled: ${schedulingSummary(cond.message)}`,
      fix: advice.claimCause ? `it waits for ${advice.claimCause}; get the claim bound${advice.related.length ? ' (see statefulset/pvc-pending)' : ' (kubectl describe pvc shows why it is not)'}` : `${first ? stripFix(first) : 'see pod/unschedulable'}`,
      related: advice.related,
    };
  }
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const crash = statuses.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
  if (crash) {
    const spec = specs.find((c) => c.name === crash.name) ?? { name: crash.name };
    const lt = crash.lastState?.terminated;
    return { pod, kind: 'crash', short: `CrashLoopBackOff${lt ? `, exit code ${lt.exitCode}${lt.reason && lt.reason !== 'Error' ? ` (${lt.reason})` : ''}` : ''}`, fix: stripFix(crashFix(lt, false, spec)) };
  }
  const pull = statuses.find((c) => ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull'].includes(c.state?.waiting?.reason ?? ''));
  if (pull) {
    const spec = specs.find((c) => c.name === pull.name);
    const image = spec?.image ?? pull.image ?? '';
    const ev = eventsFor(ctx.store, 'Pod', pod.metadata.namespace, pod.metadata.name, pod.metadata.uid).find((e) => e.reason === 'Failed' && /^Failed to pull image/.test(e.message ?? ''));
    const secrets = ((pod.spec as { imagePullSecrets?: { name: string }[] }).imagePullSecrets ?? []).map((x) => x.name);
    return { pod, kind: 'image', short: `${pull.state!.waiting!.reason} for ${image}`, fix: stripFix(imagePullFix(pull.state!.waiting!.reason!, ev?.message ?? pull.state?.waiting?.message ?? '', image, secrets)) };
  }
  if (s.phase === 'Running') {
    const rf = readinessFailures(ctx.store, pod);
    const notReady = (pod.status?.containerStatuses ?? []).find((c) => !c.ready);
    const spec = (pod.spec?.containers ?? []).find((c) => c.name === notReady?.name) ?? pod.spec?.containers?.[0];
    const probe = spec ? containerProbes(spec).find((p) => p.type === 'readiness') : undefined;
    if (rf.count > 0) return { pod, kind: 'probe', fix: stripFix(probeFix('readiness', rf.message, probe)) };
    if (probe) return { pod, kind: 'probe', fix: `no failure event is recorded (they expire after an hour): check ${probe.handler}${probe.port !== undefined ? ` port ${probe.port}` : ''} against what the application serves once it is ready` };
    return { pod, kind: 'unknown', fix: 'it runs but is not Ready (a readiness gate or a container that is not ready): kubectl describe pod shows which' };
  }
  return { pod, kind: 'not-running', fix: `it is ${s.status}: kubectl describe pod shows what it waits for (volumes to mount, init containers, the image)` };
}

const CAUSE_LEAD: Record<CauseKind, [string, string]> = {
  unscheduled: ['is not scheduled', 'are not scheduled'],
  crash: ['crashes', 'crash'],
  image: ['cannot pull its image', 'cannot pull their image'],
  probe: ['fails its readiness probe', 'fail their readiness probe'],
  'not-running': ['is not running yet', 'are not running yet'],
  terminating: ['is terminating', 'are terminating'],
  unknown: ['is not Ready', 'are not Ready'],
};

/** The fixes for pods that serve no traffic, one per kind of cause (for the Ingress backends too). */
export function notServingFixes(ctx: CheckContext, pods: Pod[]): string[] {
  return causeFixes(pods.map((p) => podCause(ctx, p)));
}

/** One fix per kind of cause, naming the pods it applies to. */
function causeFixes(causes: PodCause[]): string[] {
  const out: string[] = [];
  for (const kind of Object.keys(CAUSE_LEAD) as CauseKind[]) {
    const cs = causes.filter((c) => c.kind === kind);
    if (!cs.length) continue;
    const many = cs.length > 1;
    out.push(`fix: ${nameList(cs.map((c) => c.pod.metadata.name))} ${CAUSE_LEAD[kind][many ? 1 : 0]}: ${cs[0]!.fix}`);
  }
  return out;
}

// ---------- individual checks ----------

function checkSelector(ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  if (map.selectorless || map.type === 'ExternalName' || !map.podsComplete) return [];
  if (map.selected.length > 0) return [];
  const ns = svc.metadata.namespace!;
  const sel = svc.spec.selector ?? {};
  const pods = ctx.store.list<Pod>('Pod', ns);
  const podName = (p: Pod) => p.metadata.name;
  // Near misses: pods ranked by how many selector labels they carry with the same key AND
  // value, then by how alike the differing values are (a typo, zk for zookeeper).
  const ranked = rankNearMisses(sel, pods, (p) => p.metadata.labels, podName);
  // A StatefulSet that names this Service as its governing Service says which pods it is for.
  const governed = ctx.store
    .list<StatefulSet>('StatefulSet', ns)
    .filter((s) => s.spec?.serviceName === svc.metadata.name)
    .map((sts) => ({ sts, pods: podsOwnedBy(ctx.store, sts.metadata.uid).filter((p) => p.metadata.namespace === ns) }));
  const evidence = [`spec.selector: ${formatSelectorMap(sel)}`, `pods in namespace ${ns}: ${pods.length}, matching: 0`];
  let best: { who: string; diffs: LabelDiff[] } | undefined;
  const mismatches: NonNullable<Finding['related']> = [];
  const total = Object.keys(sel).length;
  for (const g of governed) {
    const diffs = labelDiffs(sel, g.sts.spec?.template?.metadata?.labels);
    const who = g.pods.length ? `pod${g.pods.length > 1 ? 's' : ''} ${nameList(g.pods.map(podName))}` : `StatefulSet ${g.sts.metadata.name}'s pod template`;
    evidence.push(`StatefulSet ${g.sts.metadata.name} names ${svc.metadata.name} as its governing Service (spec.serviceName): ${who} match${g.pods.length === 1 ? 'es' : ''} ${total - diffs.length} of ${total} selector label${total === 1 ? '' : 's'}; ${diffText(diffs, g.pods.length === 1 ? 'it has' : 'they have')}`);
    best ??= { who, diffs };
    // The StatefulSet's own finding about this selector (the configuration it names) explains this one.
    if (diffs.length) mismatches.push({ check: 'statefulset/service-selector-mismatch', object: { kind: 'StatefulSet', namespace: ns, name: g.sts.metadata.name } });
  }
  const governedPods = new Set(governed.flatMap((g) => g.pods));
  const near = ranked.filter((m) => !m.items.every((p) => governedPods.has(p))).slice(0, 3);
  for (const m of near) evidence.push(`near miss: ${nearMissText(m, podName)}`);
  if (!best && near[0]) best = { who: `pod${near[0].items.length > 1 ? 's' : ''} ${nameList(near[0].items.map(podName))}`, diffs: near[0].diffs };
  if (!best) {
    // Nothing close: say what values the selector's keys do take here.
    for (const k of Object.keys(sel)) {
      const values = [...new Set(pods.map((p) => p.metadata.labels?.[k]).filter((v): v is string => v !== undefined))].sort();
      evidence.push(values.length ? `values of ${k} on pods in ${ns}: ${values.slice(0, 12).join(', ')}${values.length > 12 ? `, +${values.length - 12} more` : ''}` : `no pod in ${ns} has a ${k} label`);
    }
  }
  const have = (ds: LabelDiff[]) => ds.map((d) => (d.have === undefined ? `no ${d.key} label` : `${d.key}=${d.have}`)).join(', ');
  const want = (ds: LabelDiff[]) => ds.map((d) => `${d.key}=${d.want}`).join(', ');
  const fix = best
    ? `fix: the selector wants ${want(best.diffs)} where ${best.who} ${best.who.startsWith('pods') ? 'have' : 'has'} ${have(best.diffs)}: correct the Service's selector (or the workload's template labels, which recreates its pods); every selector label must match`
    : 'fix: make spec.selector equal to labels of the pod template (every key must match), or deploy the workload it should select';
  return [
    finding(
      'service/no-matching-pods',
      svc,
      `selector ${formatSelectorMap(sel)} matches none of the ${pods.length} pods in ${ns}${best ? `; closest: ${best.who}, with ${have(best.diffs)}` : ''}`,
      evidence,
      [`kubectl get pods -n ${ns} -l ${selectorArg(svc)}`, `kubectl get pods -n ${ns} --show-labels`, describe(svc), fix],
      mismatches.length ? { related: mismatches } : {},
    ),
  ];
}

function checkReadiness(ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  if (map.selectorless || map.type === 'ExternalName' || !map.slicesComplete || map.selected.length === 0) return [];
  const ns = svc.metadata.namespace!;
  const notReady = map.endpoints.filter((e) => e.state === 'not-ready');
  const live = map.withoutEndpoint.filter((w) => w.pod.status?.phase !== 'Succeeded' && w.pod.status?.phase !== 'Failed');
  const related = (pods: Pod[]) =>
    pods
      .map((p) => ({ p, c: podCheckFor(p) }))
      .filter((x) => x.c)
      .map((x) => ({ check: x.c!, object: podRef(x.p) }));
  if (map.ready === 0) {
    const involved = [...notReady.map((e) => e.pod).filter(Boolean), ...map.withoutEndpoint.map((w) => w.pod)] as Pod[];
    // Pods still starting (not ready for less than the grace period) are not an outage yet.
    const stale = notReady.some((e) => pastGrace(e.pod, ctx.now, ctx.graceMs)) || live.some((w) => pastGrace(w.pod, ctx.now, ctx.graceMs)) || (live.length === 0 && notReady.length === 0);
    if (!stale) return [];
    const causes = involved.map((p) => podCause(ctx, p));
    const shortOf = (p: Pod | undefined, fallback: string) => (p && causes.find((c) => c.pod === p)?.short) ?? fallback;
    const names = [
      ...notReady.map((e) => `${e.podName ?? e.address} (${shortOf(e.pod, e.why ?? 'not ready')})`),
      ...map.withoutEndpoint.map((w) => `${w.pod.metadata.name} (${shortOf(w.pod, w.why)})`),
    ];
    return [
      finding(
        'service/no-ready-endpoints',
        svc,
        `${map.selected.length === 1 ? '1 pod matches' : `${map.selected.length} pods match`} but no endpoint is ready: ${names.slice(0, 4).join(', ')}${names.length > 4 ? `, +${names.length - 4} more` : ''}`,
        [
          `spec.selector: ${formatSelectorMap(svc.spec.selector ?? undefined)} matches ${map.selected.length} pod(s)`,
          `EndpointSlices: ${map.slices.length ? map.slices.map((s) => s.metadata.name).join(', ') : 'none'}; ready endpoints 0 of ${map.total}`,
          ...notReady.map(endpointLine),
          ...map.withoutEndpoint.map((w) => `pod/${w.pod.metadata.name}: no endpoint (${w.why})`),
          ...readinessEvidence(ctx, involved),
        ],
        [
          getSlices(svc),
          `kubectl get pods -n ${ns} -l ${selectorArg(svc)} -o wide`,
          ...involved.slice(0, 2).map((p) => `kubectl describe pod ${p.metadata.name} -n ${ns}`),
          ...(causes.length ? causeFixes(causes) : ['fix: no pod is serving: check the EndpointSlices and the pods the selector picks']),
        ],
        { related: [...related(involved), ...causes.flatMap((c) => c.related ?? [])] },
      ),
    ];
  }
  const staleNotReady = notReady.filter((e) => pastGrace(e.pod, ctx.now, ctx.graceMs));
  const staleWithout = live.filter((w) => pastGrace(w.pod, ctx.now, ctx.graceMs));
  if (staleNotReady.length === 0 && staleWithout.length === 0) return [];
  const involved = [...staleNotReady.map((e) => e.pod).filter(Boolean), ...staleWithout.map((w) => w.pod)] as Pod[];
  const causes = involved.map((p) => podCause(ctx, p));
  const shortOf = (p: Pod | undefined, fallback: string) => (p && causes.find((c) => c.pod === p)?.short) ?? fallback;
  const list = (xs: string[]) => `${xs.slice(0, 3).join(', ')}${xs.length > 3 ? `, +${xs.length - 3} more` : ''}`;
  const parts = [`${map.ready} of ${map.total} endpoints ready`];
  if (staleNotReady.length) parts.push(`not ready: ${list(staleNotReady.map((e) => `${e.podName ?? e.address} (${shortOf(e.pod, e.why ?? 'ready=false')})`))}`);
  if (staleWithout.length) parts.push(`no endpoint: ${list(staleWithout.map((w) => `${w.pod.metadata.name} (${shortOf(w.pod, w.why)})`))}`);
  return [
    finding(
      'service/some-endpoints-not-ready',
      svc,
      parts.join('; '),
      [...staleNotReady.map(endpointLine), ...staleWithout.map((w) => `pod/${w.pod.metadata.name}: no endpoint (${w.why})`), ...readinessEvidence(ctx, involved)],
      [getSlices(svc), ...involved.slice(0, 2).map((p) => `kubectl describe pod ${p.metadata.name} -n ${ns}`), ...(causes.length ? causeFixes(causes) : ['fix: check the readiness probe and the logs of the pods that are not ready'])],
      { related: [...related(involved), ...causes.flatMap((c) => c.related ?? [])] },
    ),
  ];
}

function checkTargetPorts(_ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  if (map.selectorless || map.type === 'ExternalName' || !map.podsComplete) return [];
  const live = map.selected.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (live.length === 0) return [];
  const ns = svc.metadata.namespace!;
  const out: Finding[] = [];
  const declared = (p: Pod) =>
    (p.spec?.containers ?? [])
      .flatMap((c) => (c.ports ?? []).map((x) => `${c.name}:${x.name ? `${x.name}=` : ''}${x.containerPort}/${x.protocol ?? 'TCP'}`))
      .join(', ') || 'none';
  for (const pe of map.ports) {
    const portName = `${pe.label} (${pe.port.port}/${pe.protocol})`;
    if (pe.named) {
      if (pe.resolution.length === 0) {
        out.push(
          finding(
            'service/target-port-unresolved',
            svc,
            `port ${portName}: targetPort "${pe.targetPort}" is not a port name on any of the ${live.length} selected pods`,
            [`spec.ports[${pe.label}].targetPort: ${pe.targetPort}`, ...live.slice(0, 3).map((p) => `pod/${p.metadata.name} declares ${declared(p)}`)],
            [describe(svc), getSlices(svc), `fix: name a container port "${pe.targetPort}" in the pod template, or set targetPort to the number the container listens on`],
          ),
        );
      } else if (pe.undeclaredOn.length > 0) {
        out.push(
          finding(
            'service/target-port-unresolved',
            svc,
            `port ${portName}: targetPort "${pe.targetPort}" is not declared on ${pe.undeclaredOn.length} of ${live.length} selected pods (${pe.undeclaredOn.slice(0, 3).join(', ')}): they get no endpoint for this port`,
            [`spec.ports[${pe.label}].targetPort: ${pe.targetPort}`, `resolves to ${pe.resolution.map((r) => `${r.port} on ${r.pods.join(', ')}`).join('; ')}`, ...pe.undeclaredOn.slice(0, 3).map((n) => `pod/${n} declares ${declared(live.find((p) => p.metadata.name === n)!)}`)],
            [describe(svc), getSlices(svc), 'fix: declare the named port in every pod template the selector picks (mixed versions during a rollout show up here too)'],
            { severity: 'warning' },
          ),
        );
      }
    } else if (pe.resolution.length === 0) {
      // Declaring ports is informational; only flag when the pods declare some ports and not this one.
      const declaring = live.filter((p) => (p.spec?.containers ?? []).some((c) => (c.ports ?? []).length > 0));
      if (declaring.length === 0) continue;
      out.push(
        finding(
          'service/target-port-unresolved',
          svc,
          `port ${portName}: targetPort ${pe.targetPort} is declared by none of the ${live.length} selected pods' containers`,
          [`spec.ports[${pe.label}].targetPort: ${pe.targetPort}`, ...declaring.slice(0, 3).map((p) => `pod/${p.metadata.name} declares ${declared(p)}`)],
          [describe(svc), `kubectl get pods -n ${ns} -l ${selectorArg(svc)} -o jsonpath='{.items[*].spec.containers[*].ports}'`, 'fix: point targetPort at the port the container listens on (traffic to an undeclared port works only if the process listens there)'],
          { severity: 'warning' },
        ),
      );
    }
  }
  return out;
}

function checkSelectorless(_ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  if (!map.selectorless || map.type === 'ExternalName' || !map.slicesComplete || map.slices.length > 0) return [];
  const ns = svc.metadata.namespace!;
  // default/kubernetes is the API server's own Service: kube-apiserver writes its Endpoints and its
  // EndpointSlice `kubernetes` itself (pkg/controlplane/reconcilers: the endpoint reconciler, lease by
  // default, each apiserver adding its --advertise-address). Nobody else should add a selector or a slice.
  if (ns === 'default' && svc.metadata.name === 'kubernetes') {
    return [
      finding(
        'service/no-endpoints-selectorless',
        svc,
        'the API server\'s own Service has no EndpointSlice: pods that reach the API server through kubernetes.default.svc (client libraries, controllers, operators) cannot connect',
        ['spec.selector: <none> (as for every cluster: kube-apiserver maintains its endpoints itself)', `EndpointSlices in default with ${SERVICE_NAME_LABEL}=kubernetes: 0`],
        [
          'kubectl get endpointslice kubernetes -n default -o yaml',
          'kubectl get endpoints kubernetes -n default',
          "fix: kube-apiserver's endpoint reconciler writes this slice: check that the API servers run with --endpoint-reconciler-type lease (the default), not none, and with an --advertise-address other nodes can reach (a loopback address is refused); do not add a selector or a slice by hand",
        ],
      ),
    ];
  }
  return [
    finding(
      'service/no-endpoints-selectorless',
      svc,
      `no selector and no EndpointSlice labelled ${SERVICE_NAME_LABEL}=${svc.metadata.name}: traffic to it goes nowhere`,
      ['spec.selector: <none>', `EndpointSlices in ${ns} with ${SERVICE_NAME_LABEL}=${svc.metadata.name}: 0`],
      [getSlices(svc), describe(svc), 'fix: add a selector, create an EndpointSlice (labelled with the service name) for the external backends, or use type ExternalName for a DNS name'],
    ),
  ];
}

const QUOTA = /quota|limit ?exceeded|TooManyLoadBalancers|exceeded.*limit/i;
const PERMISSION = /forbidden|not authori[sz]ed|AccessDenied|UnauthorizedOperation|permission/i;
const FIREWALL = /security ?group|firewall/i;

function causeSteps(message: string | undefined): string[] {
  if (!message) return [];
  const out: string[] = [];
  if (QUOTA.test(message)) out.push('fix: the cloud reports a quota or limit: raise it or delete unused load balancers / addresses');
  if (PERMISSION.test(message)) out.push("fix: the cloud controller's credentials lack permission to create load balancers: check its IAM role / service account");
  if (FIREWALL.test(message)) out.push('fix: a security group or firewall rule blocks the load balancer: check the ones the message names');
  return out;
}

function checkLoadBalancer(ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  if (map.type !== 'LoadBalancer') return [];
  const ns = svc.metadata.namespace!;
  const out: Finding[] = [];
  const lb = lbInfo(ctx.store, svc, map);
  const eventsReadable = ctx.store.complete('Event', ns);
  const evCmd = `kubectl get events -n ${ns} --field-selector involvedObject.kind=Service,involvedObject.name=${svc.metadata.name}`;
  const created = parseTime(svc.metadata.creationTimestamp);
  const evLines = lb.events.slice(0, 5).map(eventLine);
  if (lb.addresses.length === 0 && created !== undefined && ctx.now - created >= ctx.graceMs) {
    const forHow = humanDuration(ctx.now - created);
    const evidence = [`spec.type: LoadBalancer, status.loadBalancer.ingress: empty`, `created ${absTime(created)} (${forHow} ago)`];
    if (lb.loadBalancerClass) evidence.push(`spec.loadBalancerClass: ${lb.loadBalancerClass} (the default cloud controller ignores Services with a class)`);
    const steps = [describe(svc), evCmd];
    let message: string;
    const failure = lb.lastFailure;
    if (failure) {
      message = `no external address after ${forHow}: ${failure.reason}: ${(failure.message ?? '').split('\n')[0]}`;
      // The fix the message points at; the generic one only when it points at nothing we know.
      const specific = causeSteps(failure.message);
      steps.push(...(specific.length ? specific : ['fix: correct what the cloud\'s message names (annotation values, certificate ARN, subnets, quota, permissions), then watch for EnsuredLoadBalancer']));
    } else if (lb.events.length > 0) {
      const last = lb.events[0]!;
      message = `no external address after ${forHow}; last load-balancer event ${last.reason} ${humanDuration(ctx.now - eventTime(last))} ago`;
      steps.push('fix: check the cloud provider console and the cloud-controller-manager logs for this Service');
    } else if (!eventsReadable) {
      message = `no external address after ${forHow}; events could not be read, so whether a controller handles it is unknown`;
      evidence.push('Events in this namespace could not be read');
    } else {
      // What the rest of the cluster says about the implementation: other LoadBalancer
      // Services of the same class (spec.loadBalancerClass, or none = the default
      // implementation) that did get an address prove it is installed and working.
      const cls = lb.loadBalancerClass;
      const peers = ctx.store
        .list<Service>('Service')
        .filter((o) => o !== svc && serviceType(o) === 'LoadBalancer' && (o.spec.loadBalancerClass ?? undefined) === cls);
      const served = peers.filter((o) => lbAddresses(o).length > 0);
      const allRead = ctx.store.complete('Service');
      const which = cls ? `of loadBalancerClass ${cls}` : 'without a loadBalancerClass (the default implementation)';
      if (served.length) {
        const names = served.slice(0, 3).map((o) => `${o.metadata.namespace}/${o.metadata.name} (${lbAddresses(o).join(',')})`);
        evidence.push(`other LoadBalancer Services ${which} with an address: ${names.join(', ')}${served.length > 3 ? `, +${served.length - 3} more` : ''}`);
        message = `no external address after ${forHow}, while ${served.length === 1 ? 'another LoadBalancer Service' : `${served.length} other LoadBalancer Services`} ${which} ${served.length === 1 ? 'has' : 'have'} one: the implementation works, but nothing has recorded an event on this Service`;
        const anns = lb.annotations.map((a) => a.key);
        if (anns.length) evidence.push(`annotations: ${anns.join(', ')}`);
        steps.push(
          `fix: compare this Service with ${served[0]!.metadata.namespace}/${served[0]!.metadata.name}: its annotations (an implementation may only handle Services it is told to, e.g. an address pool or an internal/external annotation), spec.loadBalancerClass, spec.loadBalancerIP / requested addresses, and the implementation controller's logs for this Service`,
        );
      } else if (cls) {
        message = `no external address after ${forHow}, and no controller for loadBalancerClass ${cls} has recorded any event on it${peers.length ? ` (${peers.length} other Service${peers.length === 1 ? '' : 's'} of that class ${peers.length === 1 ? 'has' : 'have'} no address either)` : ''}`;
        if (!allRead) evidence.push('Services of some namespaces could not be read: other Services of this class were not all seen');
        steps.push(`fix: install or fix the load-balancer implementation for class ${cls}, or remove loadBalancerClass to let the default implementation handle it`);
      } else if (!allRead) {
        message = `no external address after ${forHow}, and no event on it from a load-balancer implementation (Services of other namespaces could not be read, so whether one works elsewhere is unknown)`;
        evidence.push('Services of some namespaces could not be read');
        steps.push('fix: check that a load-balancer implementation runs (the cloud controller, or MetalLB, kube-vip, ... on bare metal) and its logs for this Service');
      } else {
        const none = peers.length ? ` (the ${peers.length} other LoadBalancer Service${peers.length === 1 ? '' : 's'} without a class ${peers.length === 1 ? 'has' : 'have'} no address either)` : ' (no other LoadBalancer Service has an address)';
        message = `no external address after ${forHow}: no cloud controller or load-balancer implementation (e.g. MetalLB) seems to handle it: no event on it${none}`;
        steps.push('fix: run in a cloud with a cloud controller (EKS, GKE, AKS), or install a load-balancer implementation such as MetalLB on bare metal; otherwise use type NodePort or an Ingress');
      }
    }
    evidence.push(...(evLines.length ? evLines : eventsReadable ? ['no load-balancer events on this Service'] : []));
    out.push(finding('service/loadbalancer-pending', svc, message, evidence, steps));
  }
  if (lb.failing) {
    const f = lb.failing;
    out.push(
      finding(
        'service/loadbalancer-sync-failed',
        svc,
        `${f.reason} ${humanDuration(ctx.now - eventTime(f))} ago, ${lb.lastSuccess ? `after the last success (${lb.lastSuccess.reason} ${humanDuration(ctx.now - eventTime(lb.lastSuccess))} ago)` : 'and no success recorded'}${lb.addresses.length ? `; address ${lb.addresses.join(',')} may be stale` : ''}: ${(f.message ?? '').split('\n')[0]}`,
        [eventLine(f), lb.lastSuccess ? `last success: ${eventLine(lb.lastSuccess)}` : 'no successful load-balancer event recorded', ...lb.annotations.map((a) => `annotation ${a.key}: ${a.value}`)],
        [describe(svc), evCmd, ...(causeSteps(f.message).length ? causeSteps(f.message) : ['fix: correct what the message names (annotation values, certificate ARN, subnets, quota) and watch for EnsuredLoadBalancer'])],
        out.length ? { related: [{ check: 'service/loadbalancer-pending', object: ref(svc) }] } : {},
      ),
    );
  }
  return out;
}

function checkAnnotations(_ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  const out: Finding[] = [];
  const anns = cloudAnnotations(svc).filter((a) => a.lbOnly);
  if (map.type !== 'LoadBalancer' && anns.length > 0) {
    out.push(
      finding(
        'service/lb-annotations-ignored',
        svc,
        `${anns.length === 1 ? '1 cloud load-balancer annotation' : `${anns.length} cloud load-balancer annotations`} on a ${map.type} Service ${anns.length === 1 ? 'has' : 'have'} no effect (only type LoadBalancer gets a cloud load balancer)`,
        [`spec.type: ${svc.spec.type ?? 'ClusterIP'}`, ...anns.map((a) => `${a.key}: ${a.value}`)],
        [describe(svc), 'fix: set type LoadBalancer if a cloud load balancer is wanted, or remove the annotations'],
      ),
    );
  }
  // Port-naming annotations only matter where a load balancer reads them (the finding above covers other types).
  for (const p of map.type === 'LoadBalancer' ? annotationPortProblems(svc) : []) {
    const have = (svc.spec.ports ?? []).map((x) => (x.name ? `${x.name}(${x.port})` : String(x.port))).join(', ') || 'none';
    out.push(
      finding(
        'service/lb-annotations-ignored',
        svc,
        `${p.key} names port${p.missing.length === 1 ? '' : 's'} ${p.missing.join(', ')} that the Service does not have`,
        [`${p.key}: ${p.value}`, `spec.ports: ${have}`],
        [describe(svc), 'fix: list Service port names or numbers (or "*") in the annotation'],
      ),
    );
  }
  return out;
}

function checkEtp(ctx: CheckContext, svc: Service, map: ServiceMap): Finding[] {
  if (svc.spec.externalTrafficPolicy !== 'Local' || (map.type !== 'LoadBalancer' && map.type !== 'NodePort') || !map.slicesComplete) return [];
  const lb = lbInfo(ctx.store, svc, map);
  const nodes = lb.nodes.filter((n) => n.ready > 0 && n.node !== '<no node>');
  const readyTotal = nodes.reduce((a, n) => a + n.ready, 0);
  if (nodes.length === 0) return [];
  const perNode = lb.nodes.map((n) => `${n.node}: ${n.ready} ready of ${n.total}`);
  const hc = svc.spec.healthCheckNodePort ? `healthCheckNodePort ${svc.spec.healthCheckNodePort}` : 'the health check';
  const steps = [getSlices(svc), describe(svc)];
  const fix = 'fix: spread the pods across nodes (topologySpreadConstraints or pod anti-affinity), or use externalTrafficPolicy Cluster if the client source IP is not needed';
  if (nodes.length >= 2) {
    const max = Math.max(...nodes.map((n) => n.ready));
    const min = Math.min(...nodes.map((n) => n.ready));
    if (max >= 2 * min) {
      const big = nodes.find((n) => n.ready === max)!;
      const small = nodes.find((n) => n.ready === min)!;
      return [
        finding(
          'service/external-traffic-local-imbalance',
          svc,
          `externalTrafficPolicy Local with uneven ready endpoints per node (${nodes.map((n) => `${n.node} ${n.ready}`).join(', ')}): the load balancer splits traffic by node, so each pod on ${small.node} gets ${Math.round(max / min)}x the traffic of a pod on ${big.node}`,
          ['spec.externalTrafficPolicy: Local', ...perNode],
          [...steps, fix],
        ),
      ];
    }
    return [];
  }
  // All ready endpoints on one node: only that node passes the health check.
  const nodeCount = ctx.store.complete('Node') ? ctx.store.list('Node').filter((n) => (n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length : undefined;
  if (readyTotal >= 2 && (nodeCount === undefined || nodeCount > 1)) {
    return [
      finding(
        'service/external-traffic-local-imbalance',
        svc,
        `externalTrafficPolicy Local and all ${readyTotal} ready endpoints are on ${nodes[0]!.node}: every other node fails ${hc}, so all external traffic enters through one node`,
        ['spec.externalTrafficPolicy: Local', ...perNode, ...(nodeCount !== undefined ? [`Ready nodes in the cluster: ${nodeCount}`] : [])],
        [...steps, fix],
      ),
    ];
  }
  return [];
}

/** All Service findings for one Service: what the engine reports and what the :svc view's PROBLEMS column shows. */
export function serviceFindings(ctx: CheckContext, svc: Service): Finding[] {
  const map = serviceMap(ctx.store, svc);
  return [
    ...checkSelector(ctx, svc, map),
    ...checkReadiness(ctx, svc, map),
    ...checkTargetPorts(ctx, svc, map),
    ...checkSelectorless(ctx, svc, map),
    ...checkLoadBalancer(ctx, svc, map),
    ...checkAnnotations(ctx, svc, map),
    ...checkEtp(ctx, svc, map),
  ];
}

/** Which checks could not run (or not fully) in a namespace, and why. */
function reportSkipped(ctx: CheckContext, namespaces: string[]): void {
  const once = new Set<string>();
  // One record per check and namespace: access/partial names every namespace that was skipped.
  const skip = (check: string, kind: string, why: string) => {
    const k = `${check}/${kind}/${why}`;
    if (once.has(k)) return;
    once.add(k);
    ctx.skipped(check, kind, why);
  };
  const st = (kind: 'Pod' | 'EndpointSlice' | 'Event' | 'Node') => ctx.store.status(kind).state;
  for (const ns of namespaces) {
    if (!ctx.store.complete('Pod', ns)) {
      for (const c of ['service/no-matching-pods', 'service/target-port-unresolved']) skip(c, 'Pod', `Pods in ${ns} could not be read (${st('Pod')})`);
    }
    if (!ctx.store.complete('EndpointSlice', ns)) {
      for (const c of ['service/no-ready-endpoints', 'service/some-endpoints-not-ready', 'service/no-endpoints-selectorless', 'service/external-traffic-local-imbalance'])
        skip(c, 'EndpointSlice', `EndpointSlices in ${ns} could not be read (${st('EndpointSlice')})`);
    }
    if (!ctx.store.complete('Event', ns)) {
      for (const c of ['service/loadbalancer-sync-failed', 'service/loadbalancer-pending']) skip(c, 'Event', `Events in ${ns} could not be read (${st('Event')}): load-balancer causes unknown`);
    }
  }
}

export const run: AreaChecks = (ctx) => {
  if (!ctx.store.complete('Service', ctx.namespace) && ctx.store.status('Service').state !== 'partial') {
    for (const c of checks) ctx.skipped(c.id, 'Service', `Services could not be read (${ctx.store.status('Service').state})`);
    return [];
  }
  const services = ctx.store.list<Service>('Service', ctx.namespace);
  reportSkipped(ctx, [...new Set(services.map((s) => s.metadata.namespace!))]);
  const out: Finding[] = [];
  for (const svc of services) out.push(...serviceFindings(ctx, svc));
  return out;
};
