// Pod and health-check diagnostics (issue 5, "Pods and health checks").
//
// Which pods are inspected: live pods only. A pod that has finished
// (Succeeded or Failed), is being deleted, or belongs to a Job that has
// completed is never a failure here: a Job's retried pods are the Job's
// business (job/failed), and a Job that succeeded after retries has not failed.
//
// Time: `ctx.now` and `ctx.graceMs` only; never the clock.
import type { ClusterStore } from '../src/cluster/store.js';
import type { Container, ContainerStatus, KubeEvent, Pod } from '../src/model/types.js';
import { containerProbes, controllerOf, podClaimNames, requestText, schedulingReasons, type ProbeInfo, type SchedulingReason } from '../src/model/pod.js';
import { type PersistentVolume, type PersistentVolumeClaim, pvcPhase, resolveStorageClass } from '../src/model/pvc.js';
import { type StatefulSet, claimOwner, claimVerdict, classPhrase } from '../src/model/statefulset.js';
import { eventCount, eventTime, eventsFor } from '../src/model/events.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import { sanitizeLine } from '../src/model/sanitize.js';
import { classifyApiError, describeCreateFailure } from '../src/model/admission.js';
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
  {
    id: 'pod/scheduler-error',
    severity: 'error',
    area: 'pod',
    title: 'Scheduling keeps failing with an error, not for lack of a fitting node (PodScheduled=False, SchedulerError: e.g. binding its volumes failed in PreBind) past the grace period',
  },
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

/**
 * The fix for a failing probe, from the kubelet's message (pkg/probe/http, tcp,
 * exec; pkg/kubelet/prober): refused, timed out, an HTTP status, an exec exit code.
 */
export function probeFix(type: 'readiness' | 'liveness', message: string | undefined, probe: ProbeInfo | undefined): string {
  const m = message ?? '';
  const where = probe ? `${probe.handler}${probe.port !== undefined ? ` port ${probe.port}` : ''}` : `the ${type}Probe`;
  const effect = type === 'readiness' ? 'a pod that is not Ready receives no Service traffic' : 'each failure streak restarts the container';
  let status: RegExpMatchArray | null;
  // An exec probe's message is the command's own output: what it says is the cause.
  if (probe?.handler.startsWith('exec')) {
    if (/command .* timed out/.test(m)) return `fix: the probe command (${where}) runs longer than timeoutSeconds: find why it is slow, or raise timeoutSeconds (${effect})`;
    return `fix: the probe command (${where}) exits non-zero${m ? ` and prints "${oneLine(m.replace(/^(Readiness|Liveness) probe (failed|errored): ?/, ''), 120)}"` : ''}: act on that output, or run the same command in the container yourself to see all of it (${effect})`;
  }
  if (/strconv\.Atoi|invalid syntax|unknown port|port .* not found/i.test(m)) return `fix: the probe's port name does not resolve to a container port: name the port in the container's ports or use a number (${effect})`;
  if (/connection refused/.test(m)) return `fix: nothing listens on the probed port (${where}): check the probe's port against the port the application binds, and whether it binds 127.0.0.1 only; if it is still starting, give it a startupProbe (${effect})`;
  if ((status = m.match(/statuscode: (\d{3})/))) {
    const code = Number(status[1]);
    if (code === 404) return `fix: the probe's path returns 404 (${where}): point it at the endpoint the application serves (${effect})`;
    if (code === 401 || code === 403) return `fix: the probe's path requires authentication (HTTP ${code}, ${where}): probe an unauthenticated health endpoint (${effect})`;
    if (code >= 500) return `fix: the application answers the probe with HTTP ${code}: it reports itself unhealthy, usually because a dependency (database, broker, config) is missing; its logs say which (${effect})`;
    return `fix: the probe gets HTTP ${code} (${where}); only 200-399 counts as success (${effect})`;
  }
  if (/context deadline exceeded|Client\.Timeout|timeout|timed out|i\/o timeout/i.test(m)) return `fix: the probe times out (timeoutSeconds ${probe ? probe.thresholds.match(/timeout=(\S+)/)?.[1] ?? '1s' : '1s'}): the application is too slow to answer (overloaded, blocked, GC) or the probe is too strict; check its load and logs before raising timeoutSeconds (${effect})`;
  if (/no such host|network is unreachable|no route to host/i.test(m)) return `fix: the probe's host is not reachable from the node: remove httpGet.host (it defaults to the pod IP) (${effect})`;
  if (probe?.handler.startsWith('exec') || /command .* exit|exit code|OCI runtime exec/i.test(m)) return `fix: the probe command (${where}) exits non-zero: run the same command in the container yourself to see why (${effect})`;
  if (type === 'liveness') return 'fix: check the livenessProbe path and port; give slow starts a startupProbe or a longer initialDelaySeconds/failureThreshold instead of letting liveness kill the container';
  return `fix: make the readinessProbe path, port and thresholds match what the application serves once it is ready (${effect})`;
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
        `fix: name the port "${p.port}" in the container's ports, or point the probe at a declared port name or number (in the owner's pod template)`,
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
  // The condition's lastTransitionTime is when this not-ready episode began, whether the
  // container restarted since (earlier) or was Ready for days before (later).
  const since = condSince ?? started;
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
      probeFix('readiness', latest?.message, probe),
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
      probeFix('liveness', failures[0]?.message, probe),
    ],
  );
}

/** The fix for a crash loop, from the last termination (exit code, reason, message) and whether liveness kills it. */
export function crashFix(lt: NonNullable<ContainerStatus['lastState']>['terminated'] | undefined, liveness: boolean, spec: Container): string {
  if (liveness) return 'fix: the liveness probe kills the container before it is healthy: see pod/liveness-failing; give slow starts a startupProbe';
  if (!lt) return "fix: read the previous run's logs for the crash; check the command, arguments, configuration and the Secrets/ConfigMaps it needs";
  const limit = (spec.resources as { limits?: Record<string, string> } | undefined)?.limits?.memory;
  if (lt.reason === 'OOMKilled') return `fix: the container exceeds its memory limit (${limit ?? 'no limit set: the node ran out of memory'}): raise the limit or reduce the application's memory use`;
  if (lt.exitCode === 127 || lt.exitCode === 126 || lt.reason === 'ContainerCannotRun' || lt.reason === 'StartError') return `fix: the command cannot be run (${lt.exitCode === 127 ? 'not found' : lt.exitCode === 126 ? 'not executable' : lt.reason}): correct command/args in the pod template or the image's entrypoint`;
  if (lt.exitCode === 0) return 'fix: the process exits successfully and restartPolicy Always restarts it: keep it in the foreground, or run it as a Job if it is meant to finish';
  if (lt.exitCode === 137) return 'fix: the container was killed (SIGKILL) without OOMKilled: check the node for memory pressure and whether something kills it; its previous logs show how far it got';
  if (lt.exitCode === 139) return 'fix: the process crashed with a segmentation fault: check the image build and architecture, and its previous logs';
  return lt.message
    ? `fix: the container exits ${lt.exitCode} with "${oneLine(lt.message, 120)}": correct what it reports (configuration, Secrets/ConfigMaps, dependencies)`
    : `fix: the container exits ${lt.exitCode}: its previous logs say why (configuration, Secrets/ConfigMaps, dependencies it cannot reach)`;
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
  // A liveness kill is the kubelet's: SIGTERM, then SIGKILL after the grace period (137, reason Error, not OOMKilled).
  const killedByLiveness = liveness && !!lt && (lt.exitCode === 137 || lt.exitCode === 143) && lt.reason !== 'OOMKilled';
  const meaning = (t: NonNullable<typeof lt>) =>
    killedByLiveness ? `killed by ${t.exitCode === 137 ? 'SIGKILL' : 'SIGTERM'} after failing its liveness probe` : t.message && t.reason !== 'OOMKilled' ? oneLine(t.message, 160) : exitMeaning(t.exitCode, t.reason);
  const last = lt ? `last exit code ${lt.exitCode}${lt.reason ? ` (${lt.reason})` : ''}: ${meaning(lt)}` : 'no previous termination recorded';
  finding(
    env,
    'pod/crash-loop',
    `${c.init ? 'init ' : ''}container ${c.spec.name} is in CrashLoopBackOff after ${cs.restartCount ?? 0} restarts; ${last}${liveness && !killedByLiveness ? '; the liveness probe is killing it' : ''}`,
    evidence,
    [
      `kubectl logs ${env.ref.name} -n ${env.ref.namespace} -c ${c.spec.name} --previous`,
      describeCmd(env.ref),
      crashFix(lt, liveness, c.spec),
    ],
  );
}

/** The registry host of an image reference (docker.io when none is named). */
export function imageRegistry(image: string): string {
  const first = image.split('/')[0]!;
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** The fix for an image pull failure, from the kubelet's reason and the registry's answer (pkg/kubelet/images). */
export function imagePullFix(reason: string, message: string, image: string, pullSecrets: string[]): string {
  const reg = imageRegistry(image);
  const secrets = pullSecrets.length ? `imagePullSecrets ${pullSecrets.join(', ')}` : 'no imagePullSecrets';
  if (reason === 'InvalidImageName' || /invalid reference format|couldn't parse image name/i.test(message)) return `fix: "${image}" is not a valid image reference: correct it in the pod template (registry/repository:tag or @sha256:digest, lower case)`;
  if (reason === 'ErrImageNeverPull') return `fix: imagePullPolicy is Never and the image is not on the node: load it onto the node or use IfNotPresent`;
  if (/toomanyrequests|rate limit/i.test(message)) return `fix: ${reg} rate-limits the pulls: authenticate (imagePullSecrets with an account) or pull through a mirror`;
  if (/x509|certificate/i.test(message)) return `fix: the nodes do not trust ${reg}'s TLS certificate: install its CA on the nodes' container runtime, or use a registry with a trusted certificate`;
  if (/no such host|i\/o timeout|connection refused|network is unreachable|no route to host|TLS handshake timeout|dial tcp|context deadline exceeded/i.test(message)) return `fix: the node cannot reach ${reg} (DNS, firewall, proxy, or the registry is down): check from a node, e.g. with crictl pull ${image}`;
  if (/no match for platform|exec format|manifest list entries/i.test(message)) return `fix: ${image} has no build for the node's OS/architecture: publish one, or schedule the pod on nodes of a matching architecture`;
  const auth = /unauthori[sz]ed|authentication required|denied|forbidden|401|403|no basic auth credentials|may require authorization/i.test(message);
  const missing = /not found|manifest unknown|does not exist|name unknown|NotFound/i.test(message);
  if (auth && missing) return `fix: ${reg} refuses the pull: either ${image} does not exist (check the repository and tag) or it is private and the pod has ${secrets} with access to ${reg}`;
  if (auth) return pullSecrets.length ? `fix: ${reg} rejects the credentials: check that ${secrets} hold valid credentials for ${reg} (the secret's registry host must match) and that they may read this repository` : `fix: ${reg} requires credentials and the pod has no imagePullSecrets: create a kubernetes.io/dockerconfigjson Secret for ${reg} and add it to the pod template (or its ServiceAccount)`;
  if (missing) return `fix: ${image} does not exist in ${reg}: check the repository name and the tag (a tag that was never pushed, or deleted)`;
  return 'fix: check the image name and tag exist in the registry, and that the registry is reachable from the node and its credentials are in imagePullSecrets';
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
      imagePullFix(w.reason, raw ?? '', image, pullSecrets.map((x) => x.name)),
    ],
  );
}

// ---------- scheduling: what the scheduler's reasons ask for ----------

/** A claim a pod mounts, as the scheduler's volume reasons need it. */
interface PodClaim {
  name: string;
  pvc?: PersistentVolumeClaim;
  phase: string;
  /** `Pending; StorageClass premium-ssd does not exist`. */
  text: string;
  stuck: boolean;
}

function podClaims(store: ClusterStore, pod: Pod): PodClaim[] {
  const ns = pod.metadata.namespace;
  return podClaimNames(pod).map((name) => {
    const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
    if (!pvc) {
      const known = store.complete('PersistentVolumeClaim', ns);
      return { name, phase: known ? 'missing' : 'unknown', text: known ? 'does not exist' : 'could not be read', stuck: known };
    }
    const phase = pvcPhase(pvc);
    const cls = resolveStorageClass(store, pvc.spec && 'storageClassName' in pvc.spec ? pvc.spec.storageClassName : undefined);
    const verdict = phase === 'Pending' ? claimVerdict(store, pvc, cls) : undefined;
    return { name, pvc, phase, text: `${phase}; ${classPhrase(cls)}${pvc.spec?.volumeName ? `; volume ${pvc.spec.volumeName}` : ''}`, stuck: phase !== 'Bound' && verdict?.state !== 'waiting' };
  });
}

export interface SchedulingAdvice {
  reasons: SchedulingReason[];
  /** Extra evidence: the pod's requests, selectors, claims, volumes. */
  evidence: string[];
  /** Read-only commands, then fixes, for the reasons the scheduler gave. */
  steps: string[];
  /** `claim data-es-0 (Pending; StorageClass premium-ssd does not exist)`, when claims keep the pod from being scheduled. */
  claimCause?: string;
  /** Findings the cause is reported as (the claim's statefulset/pvc-pending). */
  related: NonNullable<Finding['related']>;
}

const NODE_CONDITION_TAINTS = /node\.kubernetes\.io\/(not-ready|unreachable|memory-pressure|disk-pressure|pid-pressure|network-unavailable|unschedulable)|node\.cloudprovider\.kubernetes\.io\/uninitialized/;

/**
 * Next steps for an unschedulable pod, from the reasons in the scheduler's
 * message (pkg/scheduler/framework/plugins: NodeResourcesFit, TaintToleration,
 * NodeAffinity, InterPodAffinity, PodTopologySpread, VolumeBinding, ...), so a
 * pod waiting on a claim is pointed at the claim, not at node capacity.
 */
export function schedulingAdvice(store: ClusterStore, pod: Pod, message: string | undefined): SchedulingAdvice {
  const reasons = schedulingReasons(message);
  const ns = pod.metadata.namespace!;
  const evidence: string[] = [];
  const steps: string[] = [];
  const related: NonNullable<Finding['related']> = [];
  let claimCause: string | undefined;
  const seen = new Set<string>();
  const spec = pod.spec as Record<string, any>;
  const nodesFor = (r: SchedulingReason) => (r.nodes !== undefined ? `${r.nodes} node${r.nodes === 1 ? '' : 's'}` : 'nodes');
  /** The verb agreeing with the node count: `1 node lacks`, `3 nodes lack`. */
  const v = (r: SchedulingReason, many: string, one: string) => (r.nodes === 1 ? one : many);
  const claims = () => podClaims(store, pod);
  const claimSteps = (cs: PodClaim[]) => {
    for (const c of cs.slice(0, 2)) steps.push(`kubectl describe pvc ${c.name} -n ${ns}`);
    const cls = cs.map((c) => c.pvc?.spec?.storageClassName).find((x) => x);
    steps.push(cls ? `kubectl get storageclass ${cls} -o yaml` : 'kubectl get storageclass');
  };
  const claimRelated = (cs: PodClaim[]) => {
    for (const c of cs) {
      if (!c.pvc) continue;
      const owner = claimOwner(store, c.pvc);
      if (owner && owner.inRange) related.push({ check: 'statefulset/pvc-pending', object: { kind: 'StatefulSet', namespace: ns, name: (owner.sts as StatefulSet).metadata.name } });
    }
  };
  for (const r of reasons) {
    const key = `${r.kind}|${r.kind === 'resources' || r.kind === 'taint' ? (r.detail ?? '') : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (r.kind) {
      case 'resources': {
        const res = r.detail ?? 'resources';
        if (res === 'pods') {
          steps.push(`fix: ${nodesFor(r)} already ${v(r, 'run their', 'runs its')} maximum number of pods (kubelet maxPods): add nodes or raise maxPods`);
          break;
        }
        const req = requestText(pod, res);
        evidence.push(`pod requests ${res}: ${req ?? 'none set on the app containers (init containers or limits set it)'}`);
        if (!seen.has('describe-nodes')) steps.push('kubectl describe nodes | grep -A 8 "Allocated resources"');
        seen.add('describe-nodes');
        steps.push(`fix: ${nodesFor(r)} ${v(r, 'lack', 'lacks')} free ${res} for this pod${req ? ` (it requests ${req})` : ''}: free capacity, add nodes (or let the cluster autoscaler add them), or lower the pod's ${res} request`);
        break;
      }
      case 'taint': {
        const t = r.detail ?? '';
        steps.push(`kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints`);
        if (NODE_CONDITION_TAINTS.test(t)) steps.push(`fix: ${nodesFor(r)} ${v(r, 'carry', 'carries')} ${t}, which the node controller sets on nodes that are not ready or under pressure: fix those nodes (kubectl describe node), not the pod`);
        else steps.push(`fix: ${nodesFor(r)} ${v(r, 'carry', 'carries')} taint ${t}, which the pod does not tolerate: if the pod may run there, add a matching toleration to its template; otherwise it needs untainted nodes`);
        break;
      }
      case 'node-affinity': {
        const sel = spec?.nodeSelector as Record<string, string> | undefined;
        const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
        if (sel && Object.keys(sel).length) evidence.push(`spec.nodeSelector: ${Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',')}`);
        if (req) evidence.push(`spec.affinity.nodeAffinity.required: ${oneLine(JSON.stringify(req), 300)}`);
        const keys = [...Object.keys(sel ?? {}), ...((req?.nodeSelectorTerms ?? []) as { matchExpressions?: { key: string }[] }[]).flatMap((t) => (t.matchExpressions ?? []).map((e) => e.key))];
        steps.push(keys.length ? `kubectl get nodes -L ${[...new Set(keys)].join(',')}` : 'kubectl get nodes --show-labels');
        steps.push(`fix: ${nodesFor(r)} ${v(r, 'lack', 'lacks')} the labels the pod's nodeSelector / required node affinity asks for: label the intended nodes, or correct the selector in the pod template`);
        break;
      }
      case 'pod-affinity':
        steps.push(`fix: ${nodesFor(r)} ${v(r, 'are', 'is')} excluded by pod (anti-)affinity (spec.affinity.podAffinity/podAntiAffinity): a required anti-affinity per hostname allows at most one such pod per node, so add nodes or make the rule preferred`);
        break;
      case 'topology-spread':
        steps.push(`fix: ${nodesFor(r)} would break spec.topologySpreadConstraints (whenUnsatisfiable: DoNotSchedule): add nodes in the under-used domains, check the nodes carry the topologyKey label, or use ScheduleAnyway`);
        break;
      case 'unbound-claim':
      case 'claim-missing':
      case 'claim-deleting':
      case 'no-matching-pv':
      case 'storage-capacity':
      case 'volume-zone':
      case 'volume-binding':
      case 'volume-node-affinity': {
        if (seen.has('claims')) break;
        seen.add('claims');
        const cs = claims();
        for (const c of cs) evidence.push(`claim ${c.name}: ${c.text}`);
        const stuck = cs.filter((c) => c.stuck);
        if (r.kind === 'volume-node-affinity') {
          const pvs = cs.map((c) => c.pvc?.spec?.volumeName).filter((v): v is string => !!v);
          for (const pvName of pvs.slice(0, 3)) {
            const pv = store.get<PersistentVolume>('PersistentVolume', undefined, pvName);
            if (pv?.spec?.nodeAffinity) evidence.push(`PersistentVolume ${pvName} nodeAffinity: ${oneLine(JSON.stringify(pv.spec.nodeAffinity), 300)}`);
          }
          if (pvs[0]) steps.push(`kubectl get pv ${pvs[0]} -o jsonpath='{.spec.nodeAffinity}'`);
          steps.push(`fix: ${nodesFor(r)} ${v(r, 'are', 'is')} outside the zone/node the pod's PersistentVolumes are pinned to (PV nodeAffinity): make a node in that zone schedulable for the pod (capacity, taints, selectors), or restore the data to a volume where the pod can run`);
          break;
        }
        const named = (stuck.length ? stuck : cs).map((c) => `claim ${c.name} (${c.text})`);
        claimCause = named.join(', ') || undefined;
        claimSteps(stuck.length ? stuck : cs);
        claimRelated(stuck.length ? stuck : cs);
        if (r.kind === 'unbound-claim') steps.push(`fix: this is not a node problem: the pod waits for ${named.join(', ') || 'its claims'} to be bound; see why the claim is Pending (its events and StorageClass) and fix that`);
        else if (r.kind === 'claim-missing') steps.push(`fix: claim ${r.detail} does not exist: create it (a StatefulSet creates it from its volumeClaimTemplate: check the StatefulSet's FailedCreate events)`);
        else if (r.kind === 'claim-deleting') steps.push(`fix: claim ${r.detail} is being deleted and cannot be used: recreate the pod once it is gone (or remove what holds it)`);
        else if (r.kind === 'no-matching-pv') steps.push(`fix: ${nodesFor(r)} ${v(r, 'have', 'has')} no available PersistentVolume matching the claim (class, size, access modes, node affinity): create one on a schedulable node`);
        else if (r.kind === 'volume-binding') steps.push(volumeBindingFix(r.text))
        else if (r.kind === 'storage-capacity') steps.push(`fix: ${nodesFor(r)} ${v(r, 'lack', 'lacks')} free storage for the claim (CSIStorageCapacity): free or add storage, or request less`);
        else steps.push(`fix: ${nodesFor(r)} ${v(r, 'are', 'is')} in no zone the claim's volume can use: add capacity in that zone`);
        break;
      }
      case 'volume-limit':
        steps.push(`fix: ${nodesFor(r)} already ${v(r, 'have their', 'has its')} maximum of attached volumes: add nodes or spread the pods`);
        break;
      case 'cordoned':
        steps.push(`fix: ${nodesFor(r)} ${v(r, 'are', 'is')} cordoned (spec.unschedulable): uncordon ${v(r, 'them when their', 'it when its')} maintenance is done (kubectl uncordon NODE)`);
        break;
      case 'host-ports':
        steps.push(`fix: ${nodesFor(r)} already ${v(r, 'use', 'uses')} the hostPort the pod asks for: drop hostPort or run fewer such pods than nodes`);
        break;
      case 'node-name':
        steps.push(`fix: spec.nodeName pins the pod to ${spec?.nodeName ?? 'a node'}, which does not fit`);
        break;
      case 'no-nodes':
        steps.push('fix: the cluster has no schedulable node at all: check kubectl get nodes');
        break;
      default:
        if (!seen.has('generic')) steps.push(`fix: act on what the scheduler reports: ${r.text}`);
        seen.add('generic');
    }
  }
  if (reasons.length === 0) steps.push('fix: read the FailedScheduling events for the reason');
  return { reasons, evidence, steps, claimCause, related };
}

/**
 * The fix for a PreBind VolumeBinding failure, from the binder's error
 * (pkg/scheduler/framework/plugins/volumebinding/binder.go, BindPodVolumes:
 * "binding volumes: %w" around the wait for the PV controller and the
 * provisioner, bindTimeout 600s by default).
 */
function volumeBindingFix(text: string): string {
  if (/context deadline exceeded|timed out/.test(text)) {
    return "fix: the scheduler picked a node and asked for the claim's volume, but it was not provisioned within the scheduler's bind timeout (10 minutes by default): the claim's provisioner is not creating it; the claim's events and the provisioner's logs say why";
  }
  if (/provisioning failed for PVC|selectedNode annotation reset/.test(text)) {
    return "fix: the claim's provisioner gave up on the node the scheduler picked (it removed volume.kubernetes.io/selected-node): its ProvisioningFailed events on the claim say why; the scheduler retries on another node";
  }
  if (/node affinity doesn't match node/.test(text)) {
    return "fix: the volume bound to the claim is pinned to other nodes (PersistentVolume nodeAffinity) than the one the scheduler picked: see the PV's nodeAffinity and make such a node available to the pod";
  }
  return `fix: the scheduler picked a node, then binding the pod's volumes failed (${text}): the claim's events say why`;
}

/** `running PreBind plugin "VolumeBinding": binding volumes: …` (pkg/scheduler/framework/runtime/framework.go): the extension point, the plugin, its error. */
function pluginFailure(text: string | undefined): { point: string; plugin: string; error: string } | undefined {
  const t = (text ?? '').trim();
  let m = /^running (\w+) plugin "([^"]+)": ([\s\S]*)$/.exec(t);
  if (m) return { point: m[1]!, plugin: m[2]!, error: m[3]! };
  // Filter plugins: `running "VolumeBinding" filter plugin: …`
  m = /^running "([^"]+)" filter plugin: ([\s\S]*)$/.exec(t);
  return m ? { point: 'Filter', plugin: m[1]!, error: m[2]! } : undefined;
}

/**
 * PodScheduled=False, past the grace period. kube-scheduler
 * (pkg/scheduler/schedule_one.go, handleSchedulingFailure) writes reason
 * Unschedulable only when a plugin *rejected* the pod (no node fits); any
 * other failure is SchedulerError: a plugin returned an error, or PreBind /
 * Bind failed after a node was chosen ("Any failures after this point cannot
 * lead to the Pod being considered unschedulable"). Such a pod is retried
 * with backoff, not parked as unschedulable, and the cluster autoscaler does
 * not act on it: pod/scheduler-error, with advice from the error itself.
 */
function checkUnschedulable(env: PodCheckEnv): void {
  const pod = env.pod;
  if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName) return;
  const cond = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (!cond || (cond.reason !== 'Unschedulable' && cond.reason !== 'SchedulerError')) return;
  const since = parseTime(cond.lastTransitionTime) ?? parseTime(pod.metadata.creationTimestamp);
  if (since === undefined || env.ctx.now - since < env.ctx.graceMs) return;
  const sched = env.events.filter((e) => e.reason === 'FailedScheduling');
  const latest = sched[0];
  const sameText = latest && cond.message && oneLine(latest.message) === oneLine(cond.message);
  const evidence = [`condition PodScheduled=False, reason ${cond.reason}, since ${absTime(since)} (${humanDuration(env.ctx.now - since)})${cond.message && !sameText ? `: ${oneLine(cond.message, 400)}` : ''}`];
  if (latest) evidence.push(eventEvidence(latest, env.ctx.now));
  // The scheduler appends what preemption could do; the headline keeps why no node fits.
  const text = latest?.message ?? cond.message;
  const advice = schedulingAdvice(env.ctx.store, pod, text);
  const cause = oneLine((text ?? 'no reason given').replace(/\s+preemption: .*$/s, ''), 300);
  const waits = advice.claimCause ? `${/[.!]$/.test(cause) ? '' : '.'} It waits for ${advice.claimCause}.` : '';
  let f: Finding;
  if (cond.reason === 'SchedulerError') {
    const pf = pluginFailure(text);
    const bound = pf && (pf.point === 'PreBind' || pf.point === 'Bind');
    evidence.push(
      bound
        ? `a node was chosen, then the ${pf.point} plugin ${pf.plugin} failed; the scheduler retries the pod with backoff (SchedulerError, not Unschedulable: the cluster autoscaler does not add nodes for it)`
        : 'the scheduler retries the pod with backoff (SchedulerError, not Unschedulable: the cluster autoscaler does not add nodes for it)',
    );
    evidence.push(...advice.evidence);
    const steps = [describeCmd(env.ref), eventsCmd(env.ref, 'FailedScheduling')];
    // The API server's refusal of the binding (pods/binding) reads like any other create refusal.
    const refused = pf?.point === 'Bind' ? classifyApiError(pf.error) : undefined;
    if (advice.claimCause) steps.push(...advice.steps);
    else if (refused && (refused.kind === 'admission-webhook' || refused.kind === 'webhook-unavailable' || refused.kind === 'admission-policy')) {
      steps.push(
        refused.kind === 'admission-policy' ? `kubectl get validatingadmissionpolicy ${refused.policy} -o yaml` : 'kubectl get validatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name',
        refused.kind === 'webhook-unavailable'
          ? `fix: the API server cannot call admission webhook ${refused.webhook} for the pod's binding (${oneLine(refused.detail, 160)}): bring back the service behind it`
          : `fix: ${describeCreateFailure(refused).replace(/ denies it:/, ' refuses binding the pod to the node the scheduler chose (pods/binding):')}: keep the pod off the nodes it refuses (nodeSelector, affinity), or ask the owner of that admission check`,
      );
    } else steps.push('kubectl logs -n kube-system -l component=kube-scheduler --tail=200', `fix: act on the scheduler's error${pf ? ` from its ${pf.point} plugin ${pf.plugin}` : ''} (${oneLine(pf?.error ?? cause, 200)}); its log has the details`);
    f = finding(env, 'pod/scheduler-error', `not scheduled for ${humanDuration(env.ctx.now - since)}: ${bound ? 'a node was chosen, then binding failed: ' : 'scheduling fails with an error: '}${cause}${waits}`, evidence, steps);
  } else {
    const scaleUp = env.events.find((e) => e.reason === 'TriggeredScaleUp' || e.reason === 'NotTriggerScaleUp');
    if (scaleUp) evidence.push(eventEvidence(scaleUp, env.ctx.now));
    evidence.push(...advice.evidence);
    f = finding(env, 'pod/unschedulable', `not scheduled for ${humanDuration(env.ctx.now - since)}: ${cause}${waits}`, evidence, [describeCmd(env.ref), eventsCmd(env.ref, 'FailedScheduling'), ...advice.steps]);
  }
  if (advice.related.length) f.related = advice.related;
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
