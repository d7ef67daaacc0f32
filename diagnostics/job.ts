// Job diagnostics (issue 5, "Jobs and CronJobs"). Every check reads the same
// model the :jobs view draws (src/model/job.ts).
//
// Precision: a Job that succeeded after retries has not failed (Complete wins
// over failed pods); completed pods are never failures; a failed Job of a
// CronJob that has since finished a newer run is history, not a current
// failure (the CronJob's newest run is what cronjob/last-run-failed reports).
// Jobs or pods that could not be read are recorded with ctx.skipped().
import type { ClusterStore } from '../src/cluster/store.js';
import type { KubeEvent } from '../src/model/types.js';
import { type Job, type JobInfo, exitText, isJobFailed, isJobFinished, jobInfo, stuckPendingPods, supersededFailure } from '../src/model/job.js';
import { eventsFor } from '../src/model/events.js';
import { absTime, humanDuration } from '../src/model/time.js';
import { controllerOf } from '../src/model/pod.js';
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef } from './types.js';
import { eventEvidence, imagePullFix, schedulingAdvice } from './pod.js';
import { type CreateFailure, describeCreateFailure, parseCreateFailure } from '../src/model/admission.js';
import { createFailureEvidence, createFailureSteps } from './create-failure.js';

/** Design-notes sections (the Job / CronJob part of the notes). */
export const DOC = {
  retries: 'Job/CronJob › 2. 关键功能对比 › (1) Job：一次性任务 › 错误处理',
  completion: 'Job/CronJob › 2. 关键功能对比 › (1) Job：一次性任务 › 任务完成机制',
  cleanup: 'Job/CronJob › 4. 注意事项 › 资源泄漏风险',
  restartPolicy: 'Job/CronJob › 4. 注意事项 › Job 的 Pod 重启策略',
} as const;

export const checks: CheckMeta[] = [
  { id: 'job/failed', severity: 'error', area: 'job', title: 'A Job has the Failed condition (BackoffLimitExceeded, DeadlineExceeded, ...)', doc: DOC.retries },
  { id: 'job/stuck-pending', severity: 'warning', area: 'job', title: "A running Job's pods stay Pending past the grace period (unschedulable, image pull), or none can be created", doc: DOC.completion },
  { id: 'job/no-ttl', severity: 'info', area: 'job', title: 'A finished Job not managed by a controller has no ttlSecondsAfterFinished (finished Jobs pile up)', doc: DOC.cleanup },
  { id: 'job/restart-policy-always', severity: 'error', area: 'job', title: 'The pod template has restartPolicy Always (rejected by the API server; only in manifests or old snapshots)', doc: DOC.restartPolicy },
];

const META = new Map(checks.map((c) => [c.id, c]));

function add(out: Finding[], id: string, ref: ObjectRef, message: string, evidence: string[], nextSteps: string[], related?: Finding['related']): Finding {
  const meta = META.get(id)!;
  const f: Finding = { check: id, severity: meta.severity, object: ref, message, evidence, nextSteps };
  if (meta.doc) f.doc = meta.doc;
  if (related?.length) f.related = related;
  out.push(f);
  return f;
}

function jobEvents(store: ClusterStore, job: Job): KubeEvent[] {
  return eventsFor(store, 'Job', job.metadata.namespace, job.metadata.name, job.metadata.uid);
}

/** "pod x: exit 1 (Error) at 2026-03-10 02:03:10Z, on node-a" lines, newest last, at most `max`. */
export function podExitEvidence(info: JobInfo, max = 5): string[] {
  const failed = info.pods.filter((p) => p.outcome === 'failed' || (p.exitCode !== undefined && p.exitCode !== 0));
  const shown = failed.slice(-max);
  const lines = shown.map((p) => {
    const parts = [`pod ${p.name}: ${exitText(p) || p.state}`];
    if (p.container && info.pods.length) parts.push(`container ${p.container}`);
    if (p.finishedAt !== undefined) parts.push(`finished ${absTime(p.finishedAt)}`);
    if (p.node) parts.push(`node ${p.node}`);
    if (p.message) parts.push(`message: ${p.message.replace(/\s+/g, ' ').slice(0, 200)}`);
    return parts.join(', ');
  });
  if (failed.length > shown.length) lines.unshift(`${failed.length - shown.length} earlier failed pod(s) not shown`);
  return lines;
}

function failedMessage(info: JobInfo): string {
  const f = info.failure!;
  const last = [...info.pods].reverse().find((p) => p.outcome === 'failed' || (p.exitCode ?? 0) !== 0);
  const parts = [`Job ${info.job.metadata.name} failed: ${f.reason}${f.message ? ` (${f.message})` : ''}`];
  const failedPods = Math.max(info.failed, info.pods.filter((p) => p.outcome === 'failed').length);
  if (f.reason === 'BackoffLimitExceeded') parts.push(`${failedPods ? `after ${failedPods} failed pod${failedPods === 1 ? '' : 's'} ` : ''}(backoffLimit ${info.backoffLimit})`);
  if (f.reason === 'DeadlineExceeded' && info.activeDeadlineSeconds !== undefined) parts.push(`(activeDeadlineSeconds ${info.activeDeadlineSeconds})`);
  if (last) parts.push(`; last pod ${exitText(last) || last.state}`);
  return parts.join(' ').replace(' ;', ';');
}

export function failedJobFinding(ctx: CheckContext, info: JobInfo, out: Finding[]): Finding {
  const job = info.job;
  const ns = job.metadata.namespace!;
  const name = job.metadata.name;
  const f = info.failure!;
  const evidence = [
    `condition Failed=True reason ${f.reason}${f.at !== undefined ? ` at ${absTime(f.at)} (${humanDuration(ctx.now - f.at)} ago)` : ''}${f.message ? `: ${f.message}` : ''}`,
    `status: failed ${info.failed}, succeeded ${info.succeeded}, active ${info.active}; backoffLimit ${info.backoffLimit}${info.backoffLimitDefaulted ? ' (default)' : ''}; completions ${info.completions}`,
  ];
  if (info.start !== undefined) evidence.push(`started ${absTime(info.start)}, ran ${info.durationMs !== undefined ? humanDuration(info.durationMs) : '?'}`);
  if (info.activeDeadlineSeconds !== undefined) evidence.push(`activeDeadlineSeconds: ${info.activeDeadlineSeconds}`);
  evidence.push(...podExitEvidence(info));
  if (info.pods.length === 0) {
    evidence.push(ctx.store.complete('Pod', ns) ? 'no pods left (deleted, or removed with the Job history)' : 'pods could not be read: exit codes unknown');
  }
  for (const e of jobEvents(ctx.store, job).filter((e) => e.type === 'Warning').slice(0, 3)) evidence.push(eventEvidence(e, ctx.now));
  const steps = [
    `kubectl describe job ${name} -n ${ns}`,
    `kubectl get pods -n ${ns} -l batch.kubernetes.io/job-name=${name}`,
    `kubectl logs -n ${ns} job/${name} --all-containers`,
  ];
  if (f.reason === 'BackoffLimitExceeded') steps.push('fix: find why the pods exit non-zero in their logs; raise spec.backoffLimit only if the failures are transient');
  if (f.reason === 'DeadlineExceeded') steps.push('fix: the Job ran longer than activeDeadlineSeconds; make it faster or raise the deadline');
  const related: Finding['related'] = [];
  if (info.cronJob) related.push({ check: 'cronjob/last-run-failed', object: { kind: 'CronJob', namespace: ns, name: info.cronJob.name } });
  return add(out, 'job/failed', { kind: 'Job', namespace: ns, name }, failedMessage(info), evidence, steps, related);
}

export function stuckPendingFinding(ctx: CheckContext, info: JobInfo, out: Finding[]): Finding | undefined {
  const job = info.job;
  const ns = job.metadata.namespace!;
  const name = job.metadata.name;
  const ref: ObjectRef = { kind: 'Job', namespace: ns, name };
  const stuck = stuckPendingPods(info, ctx.now, ctx.graceMs);
  const steps = [`kubectl describe job ${name} -n ${ns}`, `kubectl get pods -n ${ns} -l batch.kubernetes.io/job-name=${name} -o wide`];
  if (stuck.length) {
    const first = stuck[0]!;
    const evidence: string[] = [];
    for (const s of stuck.slice(0, 5)) {
      evidence.push(`pod ${s.pod.name} Pending since ${absTime(s.since)} (${humanDuration(ctx.now - s.since)}): ${s.why}`);
      const evs = eventsFor(ctx.store, 'Pod', ns, s.pod.name, s.pod.pod.metadata.uid).filter((e) => e.type === 'Warning');
      if (evs[0]) evidence.push(eventEvidence(evs[0], ctx.now));
    }
    steps.push(`kubectl describe pod ${first.pod.name} -n ${ns}`);
    // The fix follows what keeps the pod Pending: the scheduler's reasons, or the registry's answer.
    const pod = first.pod.pod;
    const sched = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const waiting = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((c) => c.state?.waiting?.reason);
    let related: Finding['related'];
    if (sched && !pod.spec?.nodeName) {
      const advice = schedulingAdvice(ctx.store, pod, sched.message);
      evidence.push(...advice.evidence);
      steps.push(...advice.steps);
      if (advice.related.length) related = advice.related;
    } else if (waiting && /ImagePull|ErrImage|InvalidImageName/.test(waiting.state!.waiting!.reason!)) {
      const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === waiting.name);
      const ev = eventsFor(ctx.store, 'Pod', ns, pod.metadata.name, pod.metadata.uid).find((e) => e.reason === 'Failed' && /^Failed to pull image/.test(e.message ?? ''));
      const secrets = ((pod.spec as { imagePullSecrets?: { name: string }[] }).imagePullSecrets ?? []).map((x) => x.name);
      steps.push(imagePullFix(waiting.state!.waiting!.reason!, ev?.message ?? waiting.state?.waiting?.message ?? '', spec?.image ?? waiting.image ?? '', secrets) + ' (in the Job template)');
    } else if (waiting) {
      steps.push(`fix: the pod waits in ${waiting.state!.waiting!.reason}: its events (kubectl describe pod) say what for (volumes to mount, Secrets/ConfigMaps it references, init containers)`);
    }
    return add(
      out,
      'job/stuck-pending',
      ref,
      `Job ${name}: pod ${first.pod.name} has been Pending for ${humanDuration(ctx.now - first.since)} (${first.why.split(':')[0]})${stuck.length > 1 ? `, ${stuck.length - 1} more pod${stuck.length > 2 ? 's' : ''} too` : ''}`,
      evidence,
      steps,
      related,
    );
  }
  // No pod at all for a while: the Job controller cannot create them (quota, admission webhook, ...).
  if (info.finished || info.suspended || info.pods.length > 0 || info.active > 0 || info.succeeded > 0) return undefined;
  const created = Date.parse(job.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created) || ctx.now - created < ctx.graceMs) return undefined;
  const failedCreate = jobEvents(ctx.store, job).filter((e) => e.reason === 'FailedCreate');
  if (failedCreate.length === 0) return undefined;
  // What the API server refused, read as the CronJob check reads it (src/model/admission.ts).
  let failure: CreateFailure | undefined;
  for (const e of failedCreate) if ((failure = parseCreateFailure(e.message))) break;
  const head = (failedCreate[0]!.message ?? '').split(':')[0];
  const target = { kind: 'Job' as const, ns, name, cronJob: info.cronJob?.name };
  return add(
    out,
    'job/stuck-pending',
    ref,
    `Job ${name} has no pods ${humanDuration(ctx.now - created)} after creation: the Job controller cannot create them (${head})${failure ? `: ${oneLine(describeCreateFailure(failure), 400)}` : ''}`,
    [`created ${absTime(created)}, status.active 0, no pods`, ...(failure ? createFailureEvidence(failure) : []), ...failedCreate.slice(0, 3).map((e) => eventEvidence(e, ctx.now))],
    // No pods to list: the Job, then what refused them (each command once).
    [...new Set([steps[0]!, ...(failure ? createFailureSteps(failure, target) : []), ...(failure && failure.kind !== 'other' ? [] : ['fix: the API server refuses the pods: act on what the FailedCreate message says'])])],
  );
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export const run: AreaChecks = (ctx) => {
  const out: Finding[] = [];
  const store = ctx.store;
  if (!store.complete('Job', ctx.namespace)) {
    const st = store.status('Job');
    const why = st.state === 'partial' ? 'Jobs of some namespaces could not be read' : `Jobs could not be read (${st.state})`;
    for (const c of checks) ctx.skipped(c.id, 'Job', why);
  }
  const podsReadable = (ns: string) => store.complete('Pod', ns);
  const skippedPodNs = new Set<string>();
  for (const raw of store.list<Job>('Job', ctx.namespace)) {
    const job = raw;
    const ns = job.metadata.namespace!;
    const name = job.metadata.name;
    const ref: ObjectRef = { kind: 'Job', namespace: ns, name };
    const info = jobInfo(store, job, ctx.now);

    if (info.restartPolicy === 'Always') {
      add(
        out,
        'job/restart-policy-always',
        ref,
        `Job ${name}: pod template restartPolicy is Always, which a Job cannot use (the API server rejects it)`,
        ['spec.template.spec.restartPolicy: Always'],
        [`kubectl get job ${name} -n ${ns} -o jsonpath='{.spec.template.spec.restartPolicy}'`, 'fix: use restartPolicy Never (the Job controller retries with new pods) or OnFailure (the kubelet restarts the container in place)'],
      );
    }

    if (isJobFailed(job) && info.failure && !supersededFailure(store, job)) failedJobFinding(ctx, info, out);

    if (!isJobFinished(job) && !info.suspended) {
      if (!podsReadable(ns)) {
        if (!skippedPodNs.has(ns)) ctx.skipped('job/stuck-pending', 'Pod', `pods in namespace ${ns} could not be listed`);
        skippedPodNs.add(ns);
      } else {
        stuckPendingFinding(ctx, info, out);
      }
    }

    if (isJobFinished(job) && info.ttlSecondsAfterFinished === undefined && !controllerOf(job)) {
      const finishedAt = info.finish;
      add(
        out,
        'job/no-ttl',
        ref,
        `finished Job ${name} has no ttlSecondsAfterFinished: it (and its pods) stay until someone deletes them`,
        [`status ${info.status}${finishedAt !== undefined ? ` since ${absTime(finishedAt)} (${humanDuration(ctx.now - finishedAt)} ago)` : ''}`, 'spec.ttlSecondsAfterFinished: not set', 'no controller ownerReference (not created by a CronJob or an operator)'],
        [`kubectl get jobs -n ${ns} --field-selector status.successful=1`, 'fix: set spec.ttlSecondsAfterFinished (e.g. 86400) in the Job manifest, or delete finished Jobs'],
      );
    }
  }
  return out;
};
