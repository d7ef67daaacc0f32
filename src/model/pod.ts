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
