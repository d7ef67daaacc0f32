// Pod facts as kubectl and the kubelet word them.
import type { ClusterStore } from '../cluster/store.js';
import type { Container, ContainerStatus, K8sObject, OwnerReference, Pod, Probe } from './types.js';

export interface PodSummary {
  /** kubectl's STATUS column: Running, Pending, Completed, CrashLoopBackOff, Terminating, Init:0/1, ... */
  status: string;
  ready: number;
  total: number;
  restarts: number;
  /** True when the Ready condition is True. */
  isReady: boolean;
  /** PodScheduled=False reason (Unschedulable) when present. */
  scheduling?: { reason: string; message?: string };
  terminating: boolean;
  phase: string;
  lastRestart?: string;
}

function hasCondition(pod: Pod, type: string, status = 'True'): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === status);
}

export function isPodReady(pod: Pod): boolean {
  return hasCondition(pod, 'Ready');
}

export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/** Port of kubectl's printPod STATUS logic (pkg/printers/internalversion). */
export function podSummary(pod: Pod): PodSummary {
  const st = pod.status ?? {};
  const statuses = st.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  let restarts = 0;
  let ready = 0;
  let lastRestart: string | undefined;
  let reason = st.reason || st.phase || 'Unknown';
  const phase = st.phase ?? 'Unknown';

  const initStatuses = st.initContainerStatuses ?? [];
  const initSpecs = pod.spec?.initContainers ?? [];
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    const sidecar = initSpecs.find((s) => s.name === c.name)?.restartPolicy === 'Always';
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) continue;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      initializing = true;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initSpecs.length || initStatuses.length}`;
      initializing = true;
    }
    break;
  }

  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      if (c.lastState?.terminated?.finishedAt) {
        if (!lastRestart || c.lastState.terminated.finishedAt > lastRestart) lastRestart = c.lastState.terminated.finishedAt;
      }
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term && !term.reason) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const terminating = isTerminating(pod);
  if (terminating && st.reason === 'NodeLost') reason = 'Unknown';
  else if (terminating) reason = 'Terminating';

  const sched = (st.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return {
    status: reason,
    ready,
    total,
    restarts,
    isReady: hasCondition(pod, 'Ready'),
    scheduling: sched ? { reason: sched.reason ?? 'NotScheduled', message: sched.message } : undefined,
    terminating,
    phase,
    lastRestart,
  };
}

/** The status as a person would want it in one phrase: `Pending (Unschedulable)`, `Running, not ready`. */
export function podStateText(pod: Pod): string {
  const s = podSummary(pod);
  if (s.status === 'Pending' && s.scheduling) return `Pending (${s.scheduling.reason})`;
  if (s.status === 'Running' && !s.isReady) return 'Running, not ready';
  return s.status;
}

export function controllerOf(o: K8sObject): OwnerReference | undefined {
  return (o.metadata.ownerReferences ?? []).find((r) => r.controller) ?? undefined;
}

/** Pods controlled by an owner uid, via one index per store version. */
export function podsOwnedBy(store: ClusterStore, ownerUid: string | undefined): Pod[] {
  if (!ownerUid) return [];
  const idx = store.memo('pod/byOwnerUid', () => {
    const m = new Map<string, Pod[]>();
    for (const p of store.list<Pod>('Pod')) {
      for (const r of p.metadata.ownerReferences ?? []) {
        let arr = m.get(r.uid);
        if (!arr) m.set(r.uid, (arr = []));
        arr.push(p);
      }
    }
    return m;
  });
  return idx.get(ownerUid) ?? [];
}

export function containerStatus(pod: Pod, name: string): ContainerStatus | undefined {
  return (pod.status?.containerStatuses ?? []).find((c) => c.name === name);
}

/** Resolve a probe's or Service's port (number or name) against a container. */
export function resolveContainerPort(c: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

export interface ProbeInfo {
  type: 'readiness' | 'liveness' | 'startup';
  handler: string;
  port?: number | string;
  resolvedPort?: number;
  /** A named port that the container does not declare. */
  unresolved: boolean;
  thresholds: string;
}

export function probeInfo(c: Container, type: ProbeInfo['type'], p: Probe): ProbeInfo {
  let handler = 'unknown';
  let port: number | string | undefined;
  if (p.httpGet) {
    handler = `${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}-get ${p.httpGet.path ?? '/'}`;
    port = p.httpGet.port;
  } else if (p.tcpSocket) {
    handler = 'tcp-socket';
    port = p.tcpSocket.port;
  } else if (p.grpc) {
    handler = `grpc${p.grpc.service ? ` ${p.grpc.service}` : ''}`;
    port = p.grpc.port;
  } else if (p.exec) {
    handler = `exec ${(p.exec.command ?? []).join(' ')}`;
  }
  const resolvedPort = port === undefined ? undefined : resolveContainerPort(c, port);
  return {
    type,
    handler,
    port,
    resolvedPort,
    unresolved: port !== undefined && resolvedPort === undefined,
    thresholds: `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`,
  };
}

export function containerProbes(c: Container): ProbeInfo[] {
  const out: ProbeInfo[] = [];
  if (c.readinessProbe) out.push(probeInfo(c, 'readiness', c.readinessProbe));
  if (c.livenessProbe) out.push(probeInfo(c, 'liveness', c.livenessProbe));
  if (c.startupProbe) out.push(probeInfo(c, 'startup', c.startupProbe));
  return out;
}

// ---------- why the scheduler cannot place a pod ----------

export type SchedulingReasonKind =
  | 'resources'
  | 'taint'
  | 'node-affinity'
  | 'pod-affinity'
  | 'topology-spread'
  | 'unbound-claim'
  | 'claim-missing'
  | 'claim-deleting'
  | 'volume-node-affinity'
  | 'no-matching-pv'
  | 'storage-capacity'
  | 'volume-zone'
  | 'volume-limit'
  | 'volume-binding'
  | 'cordoned'
  | 'host-ports'
  | 'node-name'
  | 'no-nodes'
  | 'other';

export interface SchedulingReason {
  kind: SchedulingReasonKind;
  /** The reason as the scheduler wrote it, without the node count. */
  text: string;
  /** How many nodes gave this reason; undefined for pod-level reasons (unbound claims). */
  nodes?: number;
  /** Insufficient <resource>; the untolerated taint; the claim name. */
  detail?: string;
}

function reasonKind(text: string): { kind: SchedulingReasonKind; detail?: string } {
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^Insufficient (\S+)/))) return { kind: 'resources', detail: m[1] };
  if (/^Too many pods/.test(text)) return { kind: 'resources', detail: 'pods' };
  if ((m = text.match(/untolerated taint (\{[^}]*\})/)) || (m = text.match(/had taints? (\{.*\}),? that the pod didn't tolerate/))) return { kind: 'taint', detail: m[1] };
  if (/node affinity\/selector|didn't match node selector|scheduler-enforced node affinity/.test(text)) return { kind: 'node-affinity' };
  if (/pod affinity rules|anti-affinity rules|pod affinity\/anti-affinity/.test(text)) return { kind: 'pod-affinity' };
  if (/topology spread constraints/.test(text)) return { kind: 'topology-spread' };
  if (/unbound immediate PersistentVolumeClaims/.test(text)) return { kind: 'unbound-claim' };
  if ((m = text.match(/persistentvolumeclaim "([^"]+)" not found/))) return { kind: 'claim-missing', detail: m[1] };
  if ((m = text.match(/persistentvolumeclaim "([^"]+)" is being deleted/))) return { kind: 'claim-deleting', detail: m[1] };
  if (/volume node affinity conflict/.test(text)) return { kind: 'volume-node-affinity' };
  if (/didn't find available persistent volumes to bind|bound to non-existent pv/.test(text)) return { kind: 'no-matching-pv' };
  if (/enough free storage/.test(text)) return { kind: 'storage-capacity' };
  if (/no available volume zone/.test(text)) return { kind: 'volume-zone' };
  if (/exceed max volume count/.test(text)) return { kind: 'volume-limit' };
  // A SchedulerError: the node was picked, then binding its volumes failed or timed out.
  if (/PreBind plugin "VolumeBinding"|binding volumes:/.test(text)) return { kind: 'volume-binding' };
  if (/were unschedulable/.test(text)) return { kind: 'cordoned' };
  if (/free ports/.test(text)) return { kind: 'host-ports' };
  if (/requested node name/.test(text)) return { kind: 'node-name' };
  if (/no nodes available/.test(text)) return { kind: 'no-nodes' };
  return { kind: 'other' };
}

/**
 * The reasons in a kube-scheduler FailedScheduling message, e.g.
 * `0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient memory. preemption: …`
 * or `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: …`
 * (the preemption part only says whether evicting pods would help).
 */
export function schedulingReasons(message: string | undefined): SchedulingReason[] {
  if (!message) return [];
  const flat = message.replace(/\s+/g, ' ').trim();
  const body = flat.replace(/\.? ?preemption: .*$/, '').replace(/^0\/\d+ nodes are available: ?/, '').replace(/\.$/, '');
  if (!body) return [];
  if (/^no nodes available/.test(flat)) return [{ kind: 'no-nodes', text: 'no nodes available to schedule pods' }];
  // Reasons are joined by ", " and each starts with its node count, except pod-level ones.
  const parts = body.split(/, (?=\d+ )/);
  return parts.map((p) => {
    const m = p.match(/^(\d+) (.*)$/);
    const text = (m ? m[2]! : p).trim();
    const k = reasonKind(text);
    return { kind: k.kind, text, ...(m ? { nodes: Number(m[1]) } : {}), ...(k.detail ? { detail: k.detail } : {}) };
  });
}

/** The claims a pod mounts (spec.volumes[].persistentVolumeClaim), in order. */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of (pod.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string }; ephemeral?: unknown; name?: string }[]) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    // A generic ephemeral volume's claim is named <pod>-<volume>.
    else if (v.ephemeral && v.name) out.push(`${pod.metadata.name}-${v.name}`);
  }
  return out;
}

/** What the pod's app containers request of a resource: `16Gi in es` or `2 in app + 100m in proxy`; undefined when none asks. */
export function requestText(pod: Pod, resource: string): string | undefined {
  const parts: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const v = (c.resources as { requests?: Record<string, string> } | undefined)?.requests?.[resource];
    if (v !== undefined) parts.push(`${v} in ${c.name}`);
  }
  return parts.length ? parts.join(' + ') : undefined;
}
