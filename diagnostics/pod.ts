// Pod and health-check diagnostics (issue 5, "Pods and health checks").
//
// Which pods are inspected: live pods only. A pod that has finished
// (Succeeded or Failed), is being deleted, or belongs to a Job that has
// completed is never a failure here: a Job's retried pods are the Job's
// business (job/failed), and a Job that succeeded after retries has not failed.
//
// Time: `ctx.now` and `ctx.graceMs` only; never the clock.
import type { Container, ContainerStatus, KubeEvent, Pod } from '../src/model/types.js';
import { containerProbes, controllerOf, type ProbeInfo } from '../src/model/pod.js';
import { eventCount, eventTime, eventsFor } from '../src/model/events.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import { sanitizeLine } from '../src/model/sanitize.js';
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef } from './types.js';

/** Design-notes sections these checks come from. */
const DOC_PROBES = 'StatefulSet › 4. 依赖与配置 › 探针配置';
const DOC_HEALTH = 'LoadBalancer › 6. 常见问题与排查 › (3) 健康检查失败';

export const checks: CheckMeta[] = [
  { id: 'pod/readiness-failing', severity: 'error', area: 'pod', title: 'A running container stays not Ready (readiness probe failing) past the grace period', doc: DOC_PROBES },
  { id: 'pod/liveness-failing', severity: 'error', area: 'pod', title: 'A container is being restarted because its liveness probe fails', doc: DOC_PROBES },
  { id: 'pod/crash-loop', severity: 'error', area: 'pod', title: 'A container is in CrashLoopBackOff' },
  { id: 'pod/probe-port-unresolved', severity: 'error', area: 'pod', title: "A probe's named port is not declared by its container", doc: DOC_HEALTH },
  { id: 'pod/unschedulable', severity: 'error', area: 'pod', title: 'The scheduler cannot place the pod (PodScheduled=False, Unschedulable) past the grace period' },
  { id: 'pod/image-pull-failing', severity: 'error', area: 'pod', title: 'A container image cannot be pulled (ErrImagePull / ImagePullBackOff)' },
];

const IMAGE_PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

// ---------- small pure helpers (exported for tests and other areas) ----------

/** A container (or sidecar/init container) with its spec, status and the event fieldPath the kubelet uses. */
export interface PodContainer {
  spec: Container;
  status?: ContainerStatus;
  init: boolean;
  /** Init container with restartPolicy Always (a sidecar): it runs alongside the app. */
  sidecar: boolean;
  fieldPath: string;
}

export function podContainers(pod: Pod): PodContainer[] {
  const out: PodContainer[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    out.push({
      spec: c,
      status: (pod.status?.initContainerStatuses ?? []).find((s) => s.name === c.name),
      init: true,
      sidecar: c.restartPolicy === 'Always',
      fieldPath: `spec.initContainers{${c.name}}`,
    });
  }
  for (const c of pod.spec?.containers ?? []) {
    out.push({
      spec: c,
      status: (pod.status?.containerStatuses ?? []).find((s) => s.name === c.name),
      init: false,
      sidecar: false,
      fieldPath: `spec.containers{${c.name}}`,
    });
  }
  return out;
}

/**
 * Why this pod is not inspected by the pod checks, or undefined when it is.
 * Finished pods, terminating pods and pods of a completed Job are not failures.
 */
export function podExemption(ctx: Pick<CheckContext, 'store'>, pod: Pod): string | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return 'completed';
  if (phase === 'Failed') return 'finished (failed pods are reported on their Job)';
  if (pod.metadata.deletionTimestamp) return 'terminating';
  const owner = controllerOf(pod);
  if (owner?.kind === 'Job') {
    const job = ctx.store.get('Job', pod.metadata.namespace, owner.name);
    if (job && (!owner.uid || !job.metadata.uid || job.metadata.uid === owner.uid)) {
      const conds: { type: string; status: string }[] = job.status?.conditions ?? [];
      if (conds.some((c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True')) return 'its Job has completed';
    }
  }
  return undefined;
}

/** Events about a pod's container (by fieldPath), newest first. */
export function containerEvents(events: KubeEvent[], fieldPath: string, match: (e: KubeEvent) => boolean): KubeEvent[] {
  return events.filter((e) => (e.involvedObject.fieldPath === undefined || e.involvedObject.fieldPath === fieldPath) && match(e));
}

const isReadinessFailure = (e: KubeEvent) => e.reason === 'Unhealthy' && /^Readiness probe (failed|errored)/.test(e.message ?? '');
const isLivenessFailure = (e: KubeEvent) => e.reason === 'Unhealthy' && /^Liveness probe (failed|errored)/.test(e.message ?? '');
const isLivenessKill = (e: KubeEvent) => e.reason === 'Killing' && /failed liveness probe/.test(e.message ?? '');

function oneLine(s: string | undefined, max = 300): string {
  const t = sanitizeLine(s ?? '').trim().replace(/\s{2,}/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** "Unhealthy ×42, last 2026-03-10 11:59:30Z (30s ago): Readiness probe failed: …" */
export function eventEvidence(e: KubeEvent, now: number): string {
  const t = eventTime(e);
  const first = parseTime(e.firstTimestamp);
  const n = eventCount(e);
  const when = t ? `last ${absTime(t)} (${humanDuration(now - t)} ago)` : 'time unknown';
  const since = n > 1 && first !== undefined && first !== t ? `, first ${absTime(first)}` : '';
  return `event ${e.reason ?? ''} ×${n}, ${when}${since}${e.source?.component ? ` from ${e.source.component}` : ''}: ${oneLine(e.message, 400)}`;
}

function exitMeaning(code: number, reason?: string): string {
  if (reason === 'OOMKilled') return 'killed for exceeding its memory limit';
  if (code === 137) return 'killed by SIGKILL (OOM or a kill after the termination grace period)';
  if (code === 143) return 'stopped by SIGTERM';
  if (code === 126) return 'command not executable';
  if (code === 127) return 'command not found';
  if (code === 0) return 'exited successfully, but the container is expected to keep running';
  return 'the application exited with an error';
}

function terminationText(t: NonNullable<NonNullable<ContainerStatus['lastState']>['terminated']>, now: number): string {
  const parts = [`exit code ${t.exitCode}`];
  if (t.reason) parts.push(`reason ${t.reason}`);
  if (t.signal) parts.push(`signal ${t.signal}`);
  const fin = parseTime(t.finishedAt);
  if (fin !== undefined) parts.push(`finished ${absTime(fin)} (${humanDuration(now - fin)} ago)`);
  if (t.message) parts.push(`message: ${oneLine(t.message, 200)}`);
  return parts.join(', ');
}

function probeText(p: ProbeInfo): string {
  const port = p.port === undefined ? '' : ` port ${p.port}${typeof p.port === 'string' && !/^\d+$/.test(p.port) ? (p.unresolved ? ' (not declared)' : ` → ${p.resolvedPort}`) : ''}`;
  return `${p.type}Probe: ${p.handler}${port} (${p.thresholds})`;
}

function declaredPorts(c: Container): string {
  const ports = (c.ports ?? []).map((p) => `${p.name ? `${p.name}=` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`);
  return ports.length ? ports.join(', ') : 'none';
}

// ---------- the checks ----------

interface PodCheckEnv {
  ctx: CheckContext;
  pod: Pod;
  ref: ObjectRef;
  events: KubeEvent[];
  out: Finding[];
}

function describeCmd(ref: ObjectRef): string {
  return `kubectl describe pod ${ref.name} -n ${ref.namespace}`;
}

function eventsCmd(ref: ObjectRef, reason?: string): string {
  return `kubectl get events -n ${ref.namespace} --field-selector involvedObject.kind=Pod,involvedObject.name=${ref.name}${reason ? `,reason=${reason}` : ''}`;
}

function finding(env: PodCheckEnv, id: string, message: string, evidence: string[], nextSteps: string[]): Finding {
  const meta = checks.find((c) => c.id === id)!;
  const f: Finding = { check: id, severity: meta.severity, object: env.ref, message, evidence, nextSteps };
  if (meta.doc) f.doc = meta.doc;
  env.out.push(f);
  return f;
}

/** When a running container's current run started. */
function runningSince(cs: ContainerStatus | undefined): number | undefined {
  return parseTime(cs?.state?.running?.startedAt);
}

function checkProbePorts(env: PodCheckEnv, c: PodContainer): void {
  for (const p of containerProbes(c.spec)) {
    if (!p.unresolved) continue;
    finding(
      env,
      'pod/probe-port-unresolved',
      `container ${c.spec.name}: ${p.type}Probe uses port "${p.port}", which the container does not declare, so the probe can never succeed`,
      [`${c.fieldPath}.${p.type}Probe: ${p.handler} port ${p.port}`, `${c.fieldPath}.ports: ${declaredPorts(c.spec)}`],
      [
        describeCmd(env.ref),
        `kubectl get pod ${env.ref.name} -n ${env.ref.namespace} -o jsonpath='{.spec.containers[?(@.name=="${c.spec.name}")].ports}'`,
        `Fix: name the port "${p.port}" in the container's ports, or point the probe at a declared port name or number (in the owner's pod template)`,
      ],
    );
  }
}

function checkReadiness(env: PodCheckEnv, c: PodContainer): void {
  const cs = c.status;
  if (env.pod.status?.phase !== 'Running') return;
  if (c.init && !c.sidecar) return;
  if (!cs || cs.ready || !cs.state?.running) return; // waiting/terminated: crash-loop, image pull
  if (cs.started === false) return; // the startup probe has not passed yet: readiness is not probed
  const probe = containerProbes(c.spec).find((p) => p.type === 'readiness');
  const started = runningSince(cs);
  if (started === undefined) return;
  // Not ready since: the pod's Ready condition turned False (it stays False
  // across restarts), else this run's start. Starting up is not failing: only
  // past the grace period is it a finding.
  const readyCond = (env.pod.status?.conditions ?? []).find((x) => x.type === 'Ready');
  const condSince = readyCond?.status === 'False' ? parseTime(readyCond.lastTransitionTime) : undefined;
  const since = condSince !== undefined && condSince <= started ? condSince : started;
  if (env.ctx.now - since < env.ctx.graceMs) return;
  const events = containerEvents(env.events, c.fieldPath, isReadinessFailure).filter((e) => eventTime(e) >= since);
  const notReadyFor = humanDuration(env.ctx.now - since);
  const latest = events[0];
  const total = events.reduce((n, e) => n + eventCount(e), 0);
  let cause: string;
  if (latest) cause = oneLine(latest.message, 160);
  else if (probe?.unresolved) cause = `the probe's port "${probe.port}" is not declared by the container`;
  else if (!probe) cause = 'no readiness probe, so a readiness gate or the kubelet keeps it not ready';
  else cause = 'no Unhealthy events recorded (they may have expired)';
  const evidence = [`${c.fieldPath}: running since ${absTime(started)}, ready=false, restartCount=${cs.restartCount ?? 0}`];
  if (readyCond) evidence.push(`condition Ready=${readyCond.status}${readyCond.reason ? ` (${readyCond.reason})` : ''}${readyCond.lastTransitionTime ? ` since ${absTime(readyCond.lastTransitionTime)}` : ''}${readyCond.message ? `: ${oneLine(readyCond.message, 160)}` : ''}`);
  if (probe) evidence.push(probeText(probe));
  if (latest) evidence.push(eventEvidence(latest, env.ctx.now));
  if (events.length > 1) evidence.push(`${total} readiness failures reported in ${events.length} events since ${absTime(since)}`);
  finding(
    env,
    'pod/readiness-failing',
    `container ${c.spec.name} is running but not ready for ${notReadyFor}: ${cause}`,
    evidence,
    [
      describeCmd(env.ref),
      eventsCmd(env.ref, 'Unhealthy'),
      `kubectl logs ${env.ref.name} -n ${env.ref.namespace} -c ${c.spec.name}`,
      'Fix: make the readinessProbe path, port and thresholds match what the application serves once it is ready; a pod that is not Ready receives no Service traffic',
    ],
  );
}

function checkLiveness(env: PodCheckEnv, c: PodContainer): void {
  const cs = c.status;
  if (!cs || (cs.restartCount ?? 0) === 0) return;
  const failures = containerEvents(env.events, c.fieldPath, isLivenessFailure);
  const kills = containerEvents(env.events, c.fieldPath, isLivenessKill);
  if (failures.length === 0 && kills.length === 0) return;
  const lastFailure = Math.max(0, ...failures.map(eventTime), ...kills.map(eventTime));
  const since = runningSince(cs);
  // Recovered: running cleanly past the grace period, and no liveness failure in this run.
  if (since !== undefined && lastFailure < since && env.ctx.now - since >= env.ctx.graceMs) return;
  const evidence = [`${c.fieldPath}: restartCount=${cs.restartCount}${since !== undefined ? `, running since ${absTime(since)}` : cs.state?.waiting?.reason ? `, waiting: ${cs.state.waiting.reason}` : ''}`];
  const lt = cs.lastState?.terminated;
  if (lt) evidence.push(`lastState.terminated: ${terminationText(lt, env.ctx.now)}`);
  const probe = containerProbes(c.spec).find((p) => p.type === 'liveness');
  if (probe) evidence.push(probeText(probe));
  if (failures[0]) evidence.push(eventEvidence(failures[0], env.ctx.now));
  if (kills[0]) evidence.push(eventEvidence(kills[0], env.ctx.now));
  const cause = failures[0] ? oneLine(failures[0].message, 160) : 'Killing: failed liveness probe';
  finding(
    env,
    'pod/liveness-failing',
    `container ${c.spec.name} is restarted by its liveness probe (${cs.restartCount} restarts): ${cause}`,
    evidence,
    [
      describeCmd(env.ref),
      eventsCmd(env.ref, 'Unhealthy'),
      `kubectl logs ${env.ref.name} -n ${env.ref.namespace} -c ${c.spec.name} --previous`,
      'Fix: check the livenessProbe path and port; give slow starts a startupProbe or a longer initialDelaySeconds/failureThreshold instead of letting liveness kill the container',
    ],
  );
}

function checkCrashLoop(env: PodCheckEnv, c: PodContainer): void {
  const cs = c.status;
  const w = cs?.state?.waiting;
  if (!cs || w?.reason !== 'CrashLoopBackOff') return;
  const lt = cs.lastState?.terminated;
  const evidence = [`${c.fieldPath}: waiting, reason CrashLoopBackOff${w.message ? `: ${oneLine(w.message, 160)}` : ''}`, `restartCount=${cs.restartCount ?? 0}`];
  if (lt) evidence.push(`lastState.terminated: ${terminationText(lt, env.ctx.now)}`);
  const backoff = containerEvents(env.events, c.fieldPath, (e) => e.reason === 'BackOff')[0];
  if (backoff) evidence.push(eventEvidence(backoff, env.ctx.now));
  const liveness = containerEvents(env.events, c.fieldPath, (e) => isLivenessKill(e) || isLivenessFailure(e)).length > 0;
  const last = lt
    ? `last exit code ${lt.exitCode}${lt.reason ? ` (${lt.reason})` : ''}: ${lt.message && lt.reason !== 'OOMKilled' ? oneLine(lt.message, 160) : exitMeaning(lt.exitCode, lt.reason)}`
    : 'no previous termination recorded';
  finding(
    env,
    'pod/crash-loop',
    `${c.init ? 'init ' : ''}container ${c.spec.name} is in CrashLoopBackOff after ${cs.restartCount ?? 0} restarts; ${last}${liveness ? '; the liveness probe is killing it' : ''}`,
    evidence,
    [
      `kubectl logs ${env.ref.name} -n ${env.ref.namespace} -c ${c.spec.name} --previous`,
      describeCmd(env.ref),
      lt?.reason === 'OOMKilled'
        ? "Fix: raise the container's memory limit or reduce the application's memory use"
        : 'Fix: read the previous run\'s logs for the crash; check the command, arguments, configuration and the Secrets/ConfigMaps it needs',
    ],
  );
}

function checkImagePull(env: PodCheckEnv, c: PodContainer): void {
  const cs = c.status;
  const w = cs?.state?.waiting;
  if (!cs || !w?.reason || !IMAGE_PULL_REASONS.has(w.reason)) return;
  const image = c.spec.image ?? cs.image ?? '';
  const evidence = [`${c.fieldPath}: waiting, reason ${w.reason}${w.message ? `: ${oneLine(w.message, 200)}` : ''}`, `image: ${image}`];
  // The kubelet's "Failed to pull image …: <registry's reason>" says why; "Error: ImagePullBackOff" only repeats the state.
  const failedEvents = containerEvents(env.events, c.fieldPath, (e) => e.reason === 'Failed' || e.reason === 'InspectFailed');
  const failed = failedEvents.find((e) => /^Failed to (pull|inspect) image|^Failed to apply default image tag/.test(e.message ?? '')) ?? failedEvents[0];
  if (failed) evidence.push(eventEvidence(failed, env.ctx.now));
  const pullSecrets = (env.pod.spec as { imagePullSecrets?: { name: string }[] }).imagePullSecrets ?? [];
  evidence.push(`imagePullSecrets: ${pullSecrets.length ? pullSecrets.map((s) => s.name).join(', ') : 'none'}`);
  // The image is already named in the message: keep the registry's reason.
  const raw = failed?.message?.replace(/^Failed to pull image "[^"]*": /, '') ?? w.message;
  const cause = raw ? oneLine(raw, 300) : w.reason;
  finding(
    env,
    'pod/image-pull-failing',
    `${c.init ? 'init ' : ''}container ${c.spec.name} cannot pull image ${image}: ${cause}`,
    evidence,
    [
      describeCmd(env.ref),
      eventsCmd(env.ref, 'Failed'),
      'Fix: check the image name and tag exist in the registry, and that the registry is reachable from the node and its credentials are in imagePullSecrets',
    ],
  );
}

function checkUnschedulable(env: PodCheckEnv): void {
  const pod = env.pod;
  if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName) return;
  const cond = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (!cond || cond.reason !== 'Unschedulable') return;
  const since = parseTime(cond.lastTransitionTime) ?? parseTime(pod.metadata.creationTimestamp);
  if (since === undefined || env.ctx.now - since < env.ctx.graceMs) return;
  const sched = env.events.filter((e) => e.reason === 'FailedScheduling');
  const latest = sched[0];
  const sameText = latest && cond.message && oneLine(latest.message) === oneLine(cond.message);
  const evidence = [`condition PodScheduled=False, reason Unschedulable, since ${absTime(since)} (${humanDuration(env.ctx.now - since)})${cond.message && !sameText ? `: ${oneLine(cond.message, 400)}` : ''}`];
  if (latest) evidence.push(eventEvidence(latest, env.ctx.now));
  const scaleUp = env.events.find((e) => e.reason === 'TriggeredScaleUp' || e.reason === 'NotTriggerScaleUp');
  if (scaleUp) evidence.push(eventEvidence(scaleUp, env.ctx.now));
  // The scheduler appends what preemption could do; the headline keeps why no node fits.
  const cause = oneLine((latest?.message ?? cond.message ?? 'no reason given').replace(/\s+preemption: .*$/s, ''), 300);
  finding(
    env,
    'pod/unschedulable',
    `not scheduled for ${humanDuration(env.ctx.now - since)}: ${cause}`,
    evidence,
    [
      describeCmd(env.ref),
      eventsCmd(env.ref, 'FailedScheduling'),
      'kubectl describe nodes',
      "Fix: free or add capacity, or relax the pod's resource requests, nodeSelector/affinity, tolerations or topology spread constraints named in the message",
    ],
  );
}

/** All pod-check findings for one pod (what the pods view's PROBLEMS column shows through the engine). */
export function podFindings(ctx: CheckContext, pod: Pod): Finding[] {
  const out: Finding[] = [];
  if (podExemption(ctx, pod)) return out;
  const ref: ObjectRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
  const events = eventsFor(ctx.store, 'Pod', pod.metadata.namespace, pod.metadata.name, pod.metadata.uid);
  const env: PodCheckEnv = { ctx, pod, ref, events, out };
  checkUnschedulable(env);
  for (const c of podContainers(pod)) {
    checkProbePorts(env, c);
    checkImagePull(env, c);
    checkCrashLoop(env, c);
    checkLiveness(env, c);
    checkReadiness(env, c);
  }
  linkSamePod(out);
  return out;
}

/** On one pod, crash-loop ↔ liveness and readiness ↔ probe-port findings explain each other. */
function linkSamePod(fs: Finding[]): void {
  const pairs: [string, string][] = [
    ['pod/crash-loop', 'pod/liveness-failing'],
    ['pod/readiness-failing', 'pod/probe-port-unresolved'],
    ['pod/liveness-failing', 'pod/probe-port-unresolved'],
  ];
  for (const [a, b] of pairs) {
    const fa = fs.find((f) => f.check === a);
    const fb = fs.find((f) => f.check === b);
    if (!fa || !fb) continue;
    (fa.related ??= []).push({ check: b, object: fb.object });
    (fb.related ??= []).push({ check: a, object: fa.object });
  }
}

export const run: AreaChecks = (ctx) => {
  const out: Finding[] = [];
  const ns = ctx.namespace;
  if (!ctx.store.complete('Pod', ns)) {
    const s = ctx.store.status('Pod');
    for (const c of checks) ctx.skipped(c.id, 'Pod', s.state === 'partial' ? 'pods of some namespaces could not be read' : `pods could not be read (${s.state})`);
  }
  if (!ctx.store.complete('Event', ns)) {
    ctx.skipped('pod/liveness-failing', 'Event', 'without events, restarts cannot be attributed to liveness probe failures');
  }
  for (const pod of ctx.store.list<Pod>('Pod', ns)) out.push(...podFindings(ctx, pod));
  return out;
};
