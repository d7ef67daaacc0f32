// A Job as its controller and kubectl see it: status (kubectl's STATUS
// wording), completions, retries against backoffLimit, deadlines, TTL, owner
// and pods with their exit codes. Pure functions over the ClusterStore: the
// :jobs and :cj views and the job/* and cronjob/* checks read from here.
import type { ClusterStore } from '../cluster/store.js';
import type { Condition, K8sObject, OwnerReference, Pod } from './types.js';
import { controllerOf, podStateText, podsOwnedBy } from './pod.js';
import { parseTime } from './time.js';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const SCHEDULED_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** The API server's default for spec.backoffLimit. */
export const DEFAULT_BACKOFF_LIMIT = 6;

export interface Job extends K8sObject {
  spec?: {
    completions?: number | null;
    parallelism?: number;
    backoffLimit?: number;
    backoffLimitPerIndex?: number;
    maxFailedIndexes?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    completionMode?: string;
    suspend?: boolean;
    podFailurePolicy?: unknown;
    successPolicy?: unknown;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { restartPolicy?: string; containers?: { name: string; image?: string }[] } };
    [k: string]: unknown;
  };
  status?: {
    conditions?: Condition[];
    startTime?: string;
    completionTime?: string;
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    terminating?: number;
    completedIndexes?: string;
    failedIndexes?: string;
    uncountedTerminatedPods?: unknown;
  };
}

/** kubectl's Job STATUS column (1.30+). */
export type JobStatus = 'Complete' | 'Failed' | 'Terminating' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet' | 'Running';

export function jobCondition(job: Job, type: string): Condition | undefined {
  return (job.status?.conditions ?? []).find((c) => c.type === type && c.status === 'True');
}

/** kubectl's wording, in its order of precedence. */
export function jobStatus(job: Job): JobStatus {
  if (jobCondition(job, 'Complete')) return 'Complete';
  if (jobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (jobCondition(job, 'Suspended')) return 'Suspended';
  if (jobCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (jobCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** Finished = Complete or Failed condition True (the controllers' IsJobFinished). */
export function isJobFinished(job: Job): boolean {
  return !!(jobCondition(job, 'Complete') || jobCondition(job, 'Failed'));
}

export function isJobSucceeded(job: Job): boolean {
  return !!jobCondition(job, 'Complete');
}

export function isJobFailed(job: Job): boolean {
  return !!jobCondition(job, 'Failed') && !jobCondition(job, 'Complete');
}

/** Why a Job failed (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, ...), with the controller's message. */
export function jobFailure(job: Job): { reason: string; message?: string; at?: number } | undefined {
  const c = jobCondition(job, 'Failed') ?? jobCondition(job, 'FailureTarget');
  if (!c) return undefined;
  return { reason: c.reason ?? 'Failed', message: c.message, at: parseTime(c.lastTransitionTime) };
}

export function jobStartTime(job: Job): number | undefined {
  return parseTime(job.status?.startTime);
}

/**
 * When the Job finished: completionTime for a success, the Failed condition's
 * transition time for a failure (completionTime is only set on success).
 */
export function jobFinishTime(job: Job): number | undefined {
  if (jobCondition(job, 'Complete')) return parseTime(job.status?.completionTime) ?? parseTime(jobCondition(job, 'Complete')?.lastTransitionTime);
  const f = jobCondition(job, 'Failed');
  if (f) return parseTime(f.lastTransitionTime) ?? parseTime(job.status?.completionTime);
  return undefined;
}

/** Running time: start to finish, or start to now while it runs. */
export function jobDurationMs(job: Job, now: number): number | undefined {
  const start = jobStartTime(job);
  if (start === undefined) return undefined;
  const end = jobFinishTime(job) ?? (isJobFinished(job) ? undefined : now);
  return end === undefined ? undefined : Math.max(0, end - start);
}

/** kubectl's COMPLETIONS column: 3/5, 0/1, or 1/1 of 3 for a work queue. */
export function jobCompletionsText(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const c = job.spec?.completions;
  if (c !== undefined && c !== null) return `${succeeded}/${c}`;
  const p = job.spec?.parallelism ?? 0;
  return p > 1 ? `${succeeded}/1 of ${p}` : `${succeeded}/1`;
}

export function backoffLimit(job: Job): number {
  return job.spec?.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
}

/** The CronJob that controls this Job, if any. */
export function cronJobOwner(job: Job): OwnerReference | undefined {
  const c = controllerOf(job);
  return c?.kind === 'CronJob' ? c : undefined;
}

/** The time a CronJob scheduled this Job for: the annotation, else the controller's name suffix (minutes since the epoch). */
export function jobScheduledFor(job: Job): { at: number; source: 'annotation' | 'name' } | undefined {
  const a = parseTime(job.metadata.annotations?.[SCHEDULED_ANNOTATION]);
  if (a !== undefined) return { at: a, source: 'annotation' };
  const owner = cronJobOwner(job);
  if (owner && job.metadata.name.startsWith(`${owner.name}-`)) {
    const suffix = job.metadata.name.slice(owner.name.length + 1);
    if (/^\d{7,10}$/.test(suffix)) return { at: Number(suffix) * 60_000, source: 'name' };
  }
  return undefined;
}

/**
 * The Job's pods: those it controls (ownerReferences), else those carrying
 * its controller-uid label (snapshots that lost ownerReferences). Oldest first.
 */
export function jobPods(store: ClusterStore, job: Job): Pod[] {
  const jobUid = job.metadata.uid;
  let pods = podsOwnedBy(store, jobUid).filter((p) => controllerOf(p)?.uid === jobUid);
  if (pods.length === 0 && jobUid) {
    const idx = store.memo('job/podsByControllerUid', () => {
      const m = new Map<string, Pod[]>();
      for (const p of store.list<Pod>('Pod')) {
        const u = p.metadata.labels?.[CONTROLLER_UID_LABEL] ?? p.metadata.labels?.[LEGACY_CONTROLLER_UID_LABEL];
        if (!u) continue;
        let arr = m.get(u);
        if (!arr) m.set(u, (arr = []));
        arr.push(p);
      }
      return m;
    });
    pods = idx.get(jobUid) ?? [];
  }
  return [...pods].sort((a, b) => (parseTime(a.metadata.creationTimestamp) ?? 0) - (parseTime(b.metadata.creationTimestamp) ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1));
}

export interface PodOutcome {
  pod: Pod;
  name: string;
  phase: string;
  /** kubectl-style state (Completed, Error, OOMKilled, CrashLoopBackOff, Pending (Unschedulable), ...). */
  state: string;
  node?: string;
  /** The container whose exit explains the pod (first non-zero, else first terminated). */
  container?: string;
  exitCode?: number;
  /** Termination reason (Error, OOMKilled, Completed, DeadlineExceeded, Evicted, ...). */
  reason?: string;
  message?: string;
  /** The exit came from lastState (OnFailure restarts the container in place). */
  fromLastState?: boolean;
  restarts: number;
  startedAt?: number;
  finishedAt?: number;
  /** succeeded, failed, running, pending. */
  outcome: 'succeeded' | 'failed' | 'running' | 'pending' | 'unknown';
}

export function podOutcome(pod: Pod): PodOutcome {
  const statuses = pod.status?.containerStatuses ?? [];
  const phase = pod.status?.phase ?? 'Unknown';
  const term = statuses.filter((c) => c.state?.terminated).map((c) => ({ name: c.name, t: c.state!.terminated!, last: false }));
  const lastTerm = statuses.filter((c) => !c.state?.terminated && c.lastState?.terminated).map((c) => ({ name: c.name, t: c.lastState!.terminated!, last: true }));
  const pick = term.find((x) => x.t.exitCode !== 0) ?? term[0] ?? lastTerm.find((x) => x.t.exitCode !== 0) ?? lastTerm[0];
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const outcome: PodOutcome['outcome'] =
    phase === 'Succeeded' ? 'succeeded' : phase === 'Failed' ? 'failed' : phase === 'Running' ? 'running' : phase === 'Pending' ? 'pending' : 'unknown';
  const o: PodOutcome = {
    pod,
    name: pod.metadata.name,
    phase,
    state: podStateText(pod),
    node: pod.spec?.nodeName,
    restarts,
    startedAt: parseTime(pod.status?.startTime),
    outcome,
  };
  if (pick) {
    o.container = pick.name;
    o.exitCode = pick.t.exitCode;
    o.reason = pick.t.reason;
    if (pick.t.message) o.message = pick.t.message;
    o.fromLastState = pick.last;
    o.finishedAt = parseTime(pick.t.finishedAt);
  }
  // Pod-level reasons (DeadlineExceeded, Evicted) explain more than the container's.
  if (phase === 'Failed' && pod.status?.reason) {
    o.reason = pod.status.reason;
    if (pod.status.message) o.message = pod.status.message;
  }
  return o;
}

/** "exit 1 (Error)", "exit 137 (OOMKilled)", "DeadlineExceeded", "" when unknown. */
export function exitText(o: PodOutcome): string {
  if (o.exitCode === undefined) return o.reason ?? '';
  return `exit ${o.exitCode}${o.reason ? ` (${o.reason})` : ''}${o.fromLastState ? ', last run' : ''}`;
}

export interface JobInfo {
  job: Job;
  status: JobStatus;
  finished: boolean;
  failure?: { reason: string; message?: string; at?: number };
  completions: string;
  /** spec.completions (null = work queue). */
  completionsTarget?: number | null;
  parallelism: number;
  succeeded: number;
  failed: number;
  active: number;
  ready?: number;
  backoffLimit: number;
  backoffLimitDefaulted: boolean;
  start?: number;
  finish?: number;
  durationMs?: number;
  activeDeadlineSeconds?: number;
  /** When the Job will be failed with DeadlineExceeded (running Jobs only). */
  deadlineAt?: number;
  ttlSecondsAfterFinished?: number;
  /** When the TTL controller deletes it (finished Jobs with a TTL). */
  deleteAt?: number;
  completionMode: string;
  suspended: boolean;
  owner?: OwnerReference;
  cronJob?: OwnerReference;
  scheduledFor?: { at: number; source: 'annotation' | 'name' };
  restartPolicy?: string;
  pods: PodOutcome[];
}

export function jobInfo(store: ClusterStore, job: Job, now: number): JobInfo {
  const status = jobStatus(job);
  const finished = isJobFinished(job);
  const start = jobStartTime(job);
  const finish = jobFinishTime(job);
  const ads = job.spec?.activeDeadlineSeconds;
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const info: JobInfo = {
    job,
    status,
    finished,
    completions: jobCompletionsText(job),
    completionsTarget: job.spec?.completions,
    parallelism: job.spec?.parallelism ?? 1,
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
    active: job.status?.active ?? 0,
    backoffLimit: backoffLimit(job),
    backoffLimitDefaulted: job.spec?.backoffLimit === undefined,
    completionMode: job.spec?.completionMode ?? 'NonIndexed',
    suspended: !!job.spec?.suspend,
    pods: jobPods(store, job).map(podOutcome),
  };
  const failure = jobFailure(job);
  if (failure) info.failure = failure;
  if (job.status?.ready !== undefined) info.ready = job.status.ready;
  if (start !== undefined) info.start = start;
  if (finish !== undefined) info.finish = finish;
  const d = jobDurationMs(job, now);
  if (d !== undefined) info.durationMs = d;
  if (ads !== undefined) {
    info.activeDeadlineSeconds = ads;
    if (!finished && start !== undefined) info.deadlineAt = start + ads * 1000;
  }
  if (ttl !== undefined) {
    info.ttlSecondsAfterFinished = ttl;
    if (finished && finish !== undefined) info.deleteAt = finish + ttl * 1000;
  }
  const owner = controllerOf(job);
  if (owner) info.owner = owner;
  const cj = cronJobOwner(job);
  if (cj) info.cronJob = cj;
  const sched = jobScheduledFor(job);
  if (sched) info.scheduledFor = sched;
  const rp = job.spec?.template?.spec?.restartPolicy;
  if (rp) info.restartPolicy = rp;
  return info;
}

/** Jobs controlled by an owner uid (a CronJob), from one index per store version. */
export function jobsOwnedBy(store: ClusterStore, ownerUid: string | undefined): Job[] {
  if (!ownerUid) return [];
  const idx = store.memo('job/byControllerUid', () => {
    const m = new Map<string, Job[]>();
    for (const j of store.list<Job>('Job')) {
      const c = controllerOf(j);
      if (!c?.uid) continue;
      let arr = m.get(c.uid);
      if (!arr) m.set(c.uid, (arr = []));
      arr.push(j);
    }
    return m;
  });
  return idx.get(ownerUid) ?? [];
}

/** Where a Job sits in its CronJob's history: its scheduled time, else its start, else its creation. */
export function jobSortTime(j: Job): number {
  return jobScheduledFor(j)?.at ?? jobStartTime(j) ?? parseTime(j.metadata.creationTimestamp) ?? 0;
}

/** Newest first by jobSortTime (name as the tie-breaker). */
export function sortJobsNewestFirst(jobs: Job[]): Job[] {
  return [...jobs].sort((a, b) => jobSortTime(b) - jobSortTime(a) || (a.metadata.name < b.metadata.name ? 1 : -1));
}

/** The newest finished Job among `jobs` (what a CronJob's RESULT shows). */
export function newestFinished(jobs: Job[]): Job | undefined {
  return sortJobsNewestFirst(jobs).find(isJobFinished);
}

/**
 * A failed Job that is history rather than a current failure: its CronJob has
 * run a newer Job that finished since (success or failure: the newer one is
 * what cronjob/last-run-failed and job/failed report).
 */
export function supersededFailure(store: ClusterStore, job: Job): boolean {
  const owner = cronJobOwner(job);
  if (!owner?.uid) return false;
  if (!store.get('CronJob', job.metadata.namespace, owner.name)) return false;
  const newest = newestFinished(jobsOwnedBy(store, owner.uid));
  return !!newest && newest.metadata.uid !== job.metadata.uid;
}

export interface StuckPod {
  pod: PodOutcome;
  since: number;
  /** Unschedulable: 0/3 nodes are available..., ImagePullBackOff: Back-off pulling image "x", ContainerCreating. */
  why: string;
}

/** Pods of a running Job that have been Pending longer than the grace period, oldest first. */
export function stuckPendingPods(info: JobInfo, now: number, graceMs: number): StuckPod[] {
  if (info.finished || info.suspended) return [];
  const out: StuckPod[] = [];
  for (const o of info.pods) {
    if (o.phase !== 'Pending' || o.pod.metadata.deletionTimestamp) continue;
    const since = parseTime(o.pod.metadata.creationTimestamp);
    if (since === undefined || now - since < graceMs) continue;
    const sched = (o.pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    let why: string;
    if (sched) why = `${sched.reason ?? 'NotScheduled'}${sched.message ? `: ${sched.message}` : ''}`;
    else {
      const waiting = [...(o.pod.status?.initContainerStatuses ?? []), ...(o.pod.status?.containerStatuses ?? [])].find((c) => c.state?.waiting?.reason)?.state?.waiting;
      why = waiting ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` : o.state;
    }
    out.push({ pod: o, since, why });
  }
  return out;
}
