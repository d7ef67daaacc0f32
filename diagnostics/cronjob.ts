// CronJob diagnostics (issue 5, "Jobs and CronJobs"). Every check reads the
// same model the :cj view draws (src/model/cronjob.ts), which follows
// kube-controller-manager's CronJob controller (v2): robfig/cron v3 parsing,
// TZ=<timeZone> prepended, lastScheduleTime as the base for missed runs, its
// mostRecentScheduleTime estimate for "too many missed", and concurrencyPolicy.
//
// Precision: CronJob → Job → Pod ownership is followed by controller uid; a
// run that succeeded after retries is a success; times that have a Job are
// never "missed"; when Forbid explains the missing runs, forbid-skipping is
// reported instead of missed-runs; Jobs or Events that could not be read are
// recorded with ctx.skipped().
import type { ClusterStore } from '../src/cluster/store.js';
import type { KubeEvent } from '../src/model/types.js';
import {
  type CronJob,
  type ScheduleInfo,
  TOO_MANY_MISSED,
  concurrencyNow,
  cronJobHistory,
  cronJobJobs,
  lastFinished,
  missedRuns,
  neverFires,
  scheduleInfo,
} from '../src/model/cronjob.js';
import { type Zone, CONTROLLER_ZONE, formatWall, isoUTC } from '../src/model/cron.js';
import { eventsFor } from '../src/model/events.js';
import { jobInfo } from '../src/model/job.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef } from './types.js';
import { eventEvidence } from './pod.js';
import { podExitEvidence } from './job.js';

/** Design-notes sections (the Job / CronJob part of the notes). */
export const DOC = {
  schedule: 'Job/CronJob › 2. 关键功能对比 › (2) CronJob：定时任务 › 时间调度',
  timeZone: 'Job/CronJob › 4. 注意事项 › CronJob 的时区问题',
  concurrency: 'Job/CronJob › 2. 关键功能对比 › (2) CronJob：定时任务 › 并发控制',
  history: 'Job/CronJob › 2. 关键功能对比 › (2) CronJob：定时任务 › 历史记录保留',
  retries: 'Job/CronJob › 2. 关键功能对比 › (1) Job：一次性任务 › 错误处理',
} as const;

export const checks: CheckMeta[] = [
  { id: 'cronjob/schedule-invalid', severity: 'error', area: 'cronjob', title: "The schedule fails Kubernetes' parser (robfig/cron ParseStandard), or can never fire", doc: DOC.schedule },
  { id: 'cronjob/schedule-timezone-prefix', severity: 'warning', area: 'cronjob', title: 'TZ= or CRON_TZ= in spec.schedule (unsupported; use spec.timeZone)', doc: DOC.timeZone },
  { id: 'cronjob/timezone-invalid', severity: 'error', area: 'cronjob', title: 'spec.timeZone is not a valid IANA time zone name: the controller starts no Jobs', doc: DOC.timeZone },
  { id: 'cronjob/timezone-unset', severity: 'info', area: 'cronjob', title: "No spec.timeZone: the schedule follows kube-controller-manager's zone", doc: DOC.timeZone },
  { id: 'cronjob/missed-runs', severity: 'warning', area: 'cronjob', title: 'Scheduled times passed (beyond startingDeadlineSeconds or the grace period) with no Job created', doc: DOC.schedule },
  { id: 'cronjob/too-many-missed', severity: 'error', area: 'cronjob', title: 'More than 100 scheduled times missed since lastScheduleTime and no startingDeadlineSeconds', doc: DOC.schedule },
  { id: 'cronjob/forbid-skipping', severity: 'warning', area: 'cronjob', title: 'Forbid, and an active Job has run past a scheduled time, so runs were or will be skipped', doc: DOC.concurrency },
  { id: 'cronjob/replace-interrupting', severity: 'warning', area: 'cronjob', title: 'Replace, and Jobs are deleted before they finish (a run lasts longer than the interval)', doc: DOC.concurrency },
  { id: 'cronjob/last-run-failed', severity: 'error', area: 'cronjob', title: 'The newest finished Job failed', doc: DOC.retries },
  { id: 'cronjob/suspended', severity: 'info', area: 'cronjob', title: 'The CronJob is suspended: no new Jobs start' },
  { id: 'cronjob/history-disabled', severity: 'info', area: 'cronjob', title: 'Both history limits are 0: no finished Job survives as evidence', doc: DOC.history },
];

const META = new Map(checks.map((c) => [c.id, c]));

interface Env {
  ctx: CheckContext;
  store: ClusterStore;
  cj: CronJob;
  info: ScheduleInfo;
  zone: Zone;
  ref: ObjectRef;
  ns: string;
  name: string;
  events: KubeEvent[];
  jobsReadable: boolean;
  out: Finding[];
}

function add(env: Env, id: string, message: string, evidence: string[], nextSteps: string[], related?: Finding['related']): Finding {
  const meta = META.get(id)!;
  const f: Finding = { check: id, severity: meta.severity, object: env.ref, message, evidence, nextSteps };
  if (meta.doc) f.doc = meta.doc;
  if (related?.length) f.related = related;
  env.out.push(f);
  return f;
}

/** "2026-03-10T11:00:00Z (Tue 2026-03-10 07:00 EDT)", or just the ISO time in UTC. */
function when(env: Env, t: number): string {
  return env.zone.utc ? `${isoUTC(t)}` : `${isoUTC(t)} (${formatWall(t, env.zone)})`;
}

function describeCmd(env: Env): string {
  return `kubectl describe cronjob ${env.name} -n ${env.ns}`;
}

function eventsWith(env: Env, ...reasons: string[]): KubeEvent[] {
  return env.events.filter((e) => reasons.includes(e.reason ?? ''));
}

function scheduleEvidence(env: Env): string {
  return `spec.schedule: ${JSON.stringify(env.info.schedule)}${env.info.timeZone !== undefined ? `, spec.timeZone: ${JSON.stringify(env.info.timeZone)}` : ''}`;
}

// ---------------------------------------------------------------- schedule and zone

function scheduleChecks(env: Env): boolean {
  const { info, name } = env;
  let usable = true;
  if (info.error) {
    usable = false;
    add(
      env,
      'cronjob/schedule-invalid',
      `schedule ${JSON.stringify(info.schedule)} is rejected by Kubernetes' cron parser: ${info.error}`,
      [scheduleEvidence(env), `parser: ${info.error}`, ...eventsWith(env, 'UnparseableSchedule').slice(0, 1).map((e) => eventEvidence(e, env.ctx.now))],
      [describeCmd(env), `k8stui schedule ${shellQuote(info.schedule)}`, 'fix: 5 fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly/@every <duration>; day of week is 0-6; L, W, # and H are not supported'],
    );
  } else if (!info.timeZoneError && neverFires(env.cj, env.ctx.now)) {
    usable = false;
    add(
      env,
      'cronjob/schedule-invalid',
      `schedule ${JSON.stringify(info.schedule)} never fires: no date within five years matches it, so the controller reports InvalidSchedule and starts no Job`,
      [scheduleEvidence(env), `plain words: ${info.when}`, ...eventsWith(env, 'InvalidSchedule').slice(0, 1).map((e) => eventEvidence(e, env.ctx.now))],
      [describeCmd(env), `k8stui schedule ${shellQuote(info.schedule)}`, 'fix: choose a day of month that exists in the chosen months (e.g. not 30 or 31 in February)'],
    );
  }
  if (info.tzInSchedule) {
    const both = info.timeZone !== undefined;
    add(
      env,
      'cronjob/schedule-timezone-prefix',
      `spec.schedule carries a TZ=/CRON_TZ= prefix, which Kubernetes does not support${both ? ' (the controller uses it and ignores spec.timeZone)' : ''}; new CronJobs with it are rejected`,
      [scheduleEvidence(env), ...eventsWith(env, 'UnsupportedSchedule').slice(0, 1).map((e) => eventEvidence(e, env.ctx.now))],
      [
        `kubectl get cronjob ${name} -n ${env.ns} -o jsonpath='{.spec.schedule}{"\\n"}{.spec.timeZone}'`,
        `fix: set spec.timeZone: ${info.zoneFromSpec || 'UTC'} and remove the prefix from spec.schedule (the API server refuses to add spec.timeZone while the prefix is there)`,
      ],
    );
  }
  if (info.timeZoneError) {
    usable = false;
    add(
      env,
      'cronjob/timezone-invalid',
      `spec.timeZone ${JSON.stringify(info.timeZone)} is not a valid IANA time zone: the controller starts no Jobs (UnknownTimeZone)`,
      [`spec.timeZone: ${JSON.stringify(info.timeZone)}`, `validation: ${info.timeZoneError}`, ...eventsWith(env, 'UnknownTimeZone').slice(0, 1).map((e) => eventEvidence(e, env.ctx.now))],
      [describeCmd(env), `fix: use a tz database name such as Europe/Berlin or America/New_York (case matters)`],
    );
  } else if (info.timeZone === undefined && !info.tzInSchedule) {
    add(
      env,
      'cronjob/timezone-unset',
      `no spec.timeZone: ${JSON.stringify(info.schedule)}${info.error ? '' : ` (${info.when})`} runs in kube-controller-manager's local zone, usually UTC`,
      [`${scheduleEvidence(env)}, spec.timeZone: not set`],
      [`kubectl get cronjob ${name} -n ${env.ns} -o jsonpath='{.spec.timeZone}'`, 'fix: set spec.timeZone (Kubernetes 1.27+) to the zone the schedule is meant in'],
    );
  }
  return usable;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------- runs

function runChecks(env: Env, usable: boolean): void {
  const { cj, ctx, ns, name } = env;
  const suspended = !!cj.spec?.suspend;
  if (suspended) {
    const last = parseTime(cj.status?.lastScheduleTime);
    add(
      env,
      'cronjob/suspended',
      `CronJob ${name} is suspended: no new Jobs start until spec.suspend is false`,
      [`spec.suspend: true`, `status.lastScheduleTime: ${last !== undefined ? `${absTime(last)} (${humanDuration(ctx.now - last)} ago)` : 'never'}`],
      [
        `kubectl get cronjob ${name} -n ${ns} -o jsonpath='{.spec.suspend}'`,
        cj.spec?.startingDeadlineSeconds === undefined || cj.spec?.startingDeadlineSeconds === null
          ? 'note: without startingDeadlineSeconds, resuming starts the most recent missed run at once'
          : `note: on resume, a missed run starts only if it is less than ${cj.spec.startingDeadlineSeconds}s old`,
      ],
    );
  }
  const sl = cj.spec?.successfulJobsHistoryLimit;
  const fl = cj.spec?.failedJobsHistoryLimit;
  if (sl === 0 && fl === 0) {
    add(
      env,
      'cronjob/history-disabled',
      `successfulJobsHistoryLimit and failedJobsHistoryLimit are both 0: every finished Job and its pods (and their logs) are deleted at once`,
      ['spec.successfulJobsHistoryLimit: 0', 'spec.failedJobsHistoryLimit: 0'],
      [`kubectl get jobs -n ${ns}`, 'fix: keep at least the last failure (failedJobsHistoryLimit: 1) so a failed run can be inspected'],
    );
  }
  if (!usable) return;

  const jobs = env.jobsReadable ? cronJobJobs(env.store, cj) : [];
  const conc = concurrencyNow(cj, jobs, ctx.now);
  const forbidBlocking = !suspended && conc.policy === 'Forbid' && conc.active.length > 0;

  // Forbid: an active Job has run past scheduled times.
  if (forbidBlocking && conc.skipped.length > 0) {
    const a = conc.active[0]!;
    const evidence = [
      `spec.concurrencyPolicy: Forbid`,
      `active Job ${a.name}${a.since !== undefined ? ` since ${when(env, a.since)} (${humanDuration(ctx.now - a.since)})` : ''}`,
      `skipped: ${conc.skipped.length}${conc.skipped.length >= 1000 ? '+' : ''} scheduled time${conc.skipped.length > 1 ? 's' : ''}, first ${when(env, conc.skipped[0]!)}, last ${when(env, conc.skipped[conc.skipped.length - 1]!)}`,
    ];
    if (a.job) {
      for (const p of jobInfo(env.store, a.job, ctx.now).pods.slice(-3)) evidence.push(`pod ${p.name}: ${p.state}${p.restarts ? `, ${p.restarts} restarts` : ''}`);
    }
    for (const e of eventsWith(env, 'JobAlreadyActive').slice(0, 1)) evidence.push(eventEvidence(e, ctx.now));
    const related: Finding['related'] = a.job ? [{ check: 'job/stuck-pending', object: { kind: 'Job', namespace: ns, name: a.name } }] : [];
    add(
      env,
      'cronjob/forbid-skipping',
      `Forbid: Job ${a.name} has been active${a.since !== undefined ? ` since ${when(env, a.since)}` : ''}, past ${conc.skipped.length} scheduled time${conc.skipped.length > 1 ? 's' : ''} (first ${when(env, conc.skipped[0]!)}), so those runs were skipped`,
      evidence,
      [
        describeCmd(env),
        `kubectl get jobs -n ${ns} -o wide`,
        `kubectl describe job ${a.name} -n ${ns}`,
        'fix: find why the run takes longer than the interval (or hangs); set activeDeadlineSeconds in the job template so a stuck run ends',
      ],
      related,
    );
  }

  // Replace: Jobs deleted while running.
  if (conc.policy === 'Replace') replaceChecks(env, conc.active.length > 0 ? conc : undefined);

  // Missed runs / too many missed.
  if (suspended) return;
  const missed = missedRuns(cj, jobs, ctx.now, ctx.graceMs);
  const base = missed.since !== undefined ? `${missed.sinceSource} ${when(env, missed.since)}` : '';
  const sds = cj.spec?.startingDeadlineSeconds;
  const failedCreate = eventsWith(env, 'FailedCreate');
  const tooManyEv = eventsWith(env, 'TooManyMissedTimes');
  if (missed.controller.tooMany) {
    add(
      env,
      'cronjob/too-many-missed',
      `about ${missed.controller.count} scheduled times missed since ${base} (more than ${TOO_MANY_MISSED})${sds === undefined || sds === null ? ' and no startingDeadlineSeconds' : ` even within startingDeadlineSeconds ${sds}`}: the controller reports TooManyMissedTimes and starts only the most recent one (controllers before the v2 CronJob controller start none)`,
      [
        base ? `${base} (${humanDuration(ctx.now - missed.since!)} ago)` : 'no lastScheduleTime',
        `controller estimate (mostRecentScheduleTime): ${missed.controller.count} missed`,
        `exact count of missed times: ${missed.count}${missed.capped ? '+' : ''}${missed.times[0] !== undefined ? `, first ${when(env, missed.times[0])}` : ''}`,
        `spec.startingDeadlineSeconds: ${sds ?? 'not set'}`,
        ...tooManyEv.slice(0, 1).map((e) => eventEvidence(e, ctx.now)),
        ...failedCreate.slice(0, 1).map((e) => eventEvidence(e, ctx.now)),
      ],
      [
        describeCmd(env),
        'kubectl get pods -n kube-system -l component=kube-controller-manager',
        'check the clocks of the control-plane nodes (creationTimestamp / lastScheduleTime far in the past means clock skew or a controller that was down)',
        'fix: set spec.startingDeadlineSeconds (e.g. 200) so the controller only looks back that far',
      ],
    );
    return;
  }
  if (missed.count === 0 || forbidBlocking) return;
  const first = missed.times[0]!;
  const last = missed.times[missed.times.length - 1]!;
  const evidence = [
    base ? `${base} (${humanDuration(ctx.now - missed.since!)} ago)` : 'no lastScheduleTime',
    `missed: ${missed.count}${missed.capped ? '+' : ''} scheduled time${missed.count > 1 ? 's' : ''}, first ${when(env, first)}${missed.count > 1 ? `, last ${when(env, last)}` : ''}`,
    `spec.startingDeadlineSeconds: ${sds ?? 'not set'}${missed.pastDeadline ? ` (${missed.pastDeadline} of them are past it and will never run)` : ''}`,
    `spec.concurrencyPolicy: ${conc.policy}${conc.policyDefaulted ? ' (default)' : ''}, active Jobs: ${conc.active.length}`,
    ...failedCreate.slice(0, 2).map((e) => eventEvidence(e, ctx.now)),
    ...eventsWith(env, 'MissSchedule').slice(0, 1).map((e) => eventEvidence(e, ctx.now)),
  ];
  const cause = failedCreate.length
    ? `: creating the Job fails (${(failedCreate[0]!.message ?? '').replace(/\s+/g, ' ').slice(0, 160)})`
    : eventsWith(env, 'MissSchedule').length
      ? ': the controller saw them too late for startingDeadlineSeconds'
      : '';
  add(
    env,
    'cronjob/missed-runs',
    `${missed.count}${missed.capped ? '+' : ''} scheduled run${missed.count > 1 ? 's' : ''} since ${base} passed with no Job (first ${when(env, first)})${cause}`,
    evidence,
    [
      describeCmd(env),
      `kubectl get jobs -n ${ns} -o wide`,
      `kubectl get events -n ${ns} --field-selector involvedObject.kind=CronJob,involvedObject.name=${name}`,
      'kubectl get pods -n kube-system -l component=kube-controller-manager',
      failedCreate.length ? 'fix: resolve what blocks Job creation (quota, admission webhook, RBAC of the controller)' : 'fix: check that kube-controller-manager is running with the cronjob controller enabled and that its clock is right',
    ],
  );
}

function replaceChecks(env: Env, conc: ReturnType<typeof concurrencyNow> | undefined): void {
  const { ctx, ns } = env;
  // The controller deletes history with the same event as a replacement
  // (SuccessfulDelete "Deleted job X"); a history deletion follows
  // SawCompletedJob for that Job, a replacement does not.
  const completed = new Set(
    eventsWith(env, 'SawCompletedJob')
      .map((e) => /^Saw completed job: ([^,\s]+)/.exec(e.message ?? '')?.[1])
      .filter((x): x is string => !!x),
  );
  const replaced = eventsWith(env, 'SuccessfulDelete').filter((e) => {
    const m = /^Deleted job (\S+)/.exec(e.message ?? '');
    return m && !completed.has(m[1]!);
  });
  const overran = conc && conc.overran && conc.skipped.some((t) => ctx.now - t >= ctx.graceMs);
  if (replaced.length === 0 && !overran) return;
  const evidence = ['spec.concurrencyPolicy: Replace'];
  for (const e of replaced.slice(0, 3)) evidence.push(`${eventEvidence(e, ctx.now)} (no SawCompletedJob for it: it was still running)`);
  if (overran && conc) {
    const a = conc.active[0]!;
    evidence.push(`Job ${a.name} active since ${a.since !== undefined ? when(env, a.since) : '?'}, still running after the ${when(env, conc.skipped[0]!)} run time`);
  }
  const names = replaced.map((e) => /^Deleted job (\S+)/.exec(e.message ?? '')![1]!);
  add(
    env,
    'cronjob/replace-interrupting',
    names.length
      ? `Replace: ${names.length === 1 ? `Job ${names[0]} was` : `${names.length} Jobs were`} deleted before finishing because the next run started (a run lasts longer than the interval)`
      : `Replace: Job ${conc!.active[0]!.name} is still running past its next scheduled time and will be deleted by the next run`,
    evidence,
    [
      describeCmd(env),
      `kubectl get events -n ${ns} --field-selector involvedObject.kind=CronJob,involvedObject.name=${env.name},reason=SuccessfulDelete`,
      'fix: make a run finish within the interval, run less often, or use Forbid if a run must not be cut short',
    ],
  );
}

// ---------------------------------------------------------------- last run

function lastRunCheck(env: Env): void {
  const { ctx, ns } = env;
  if (!env.jobsReadable) return;
  const history = cronJobHistory(env.store, env.cj, ctx.now);
  const last = lastFinished(history);
  if (!last || last.info.status !== 'Failed') return;
  const info = last.info;
  const f = info.failure;
  const jobName = last.job.metadata.name;
  const evidence = [
    `Job ${jobName}${info.scheduledFor ? ` scheduled for ${when(env, info.scheduledFor.at)}` : ''}: Failed ${f?.reason ?? ''}${f?.message ? ` (${f.message})` : ''}${f?.at !== undefined ? ` at ${absTime(f.at)}` : ''}`,
    `failed pods ${info.failed}, backoffLimit ${info.backoffLimit}${info.backoffLimitDefaulted ? ' (default)' : ''}, completions ${info.completions}`,
    ...podExitEvidence(info, 3),
  ];
  if (info.pods.length === 0) evidence.push(ctx.store.complete('Pod', ns) ? 'its pods are gone (history limits or TTL deleted them)' : 'pods could not be read: exit codes unknown');
  const previous = history.filter((h) => h.info.finished && h !== last).slice(0, 5);
  if (previous.length) evidence.push(`earlier runs (newest first): ${previous.map((h) => (h.info.status === 'Complete' ? 'succeeded' : 'failed')).join(', ')}`);
  const lastPod = [...info.pods].reverse().find((p) => p.outcome === 'failed' || (p.exitCode ?? 0) !== 0);
  add(
    env,
    'cronjob/last-run-failed',
    `the last run, Job ${jobName}, failed: ${f?.reason ?? 'Failed'}${lastPod ? `; last pod ${lastPod.exitCode !== undefined ? `exit ${lastPod.exitCode}${lastPod.reason ? ` (${lastPod.reason})` : ''}` : lastPod.state}` : ''}`,
    evidence,
    [`kubectl describe job ${jobName} -n ${ns}`, `kubectl logs -n ${ns} job/${jobName} --all-containers`, `kubectl get pods -n ${ns} -l batch.kubernetes.io/job-name=${jobName}`],
    [{ check: 'job/failed', object: { kind: 'Job', namespace: ns, name: jobName } }],
  );
}

export const run: AreaChecks = (ctx) => {
  const out: Finding[] = [];
  const store = ctx.store;
  if (!store.complete('CronJob', ctx.namespace)) {
    const st = store.status('CronJob');
    const why = st.state === 'partial' ? 'CronJobs of some namespaces could not be read' : `CronJobs could not be read (${st.state})`;
    for (const c of checks) ctx.skipped(c.id, 'CronJob', why);
  }
  const cronJobs = store.list<CronJob>('CronJob', ctx.namespace);
  const skippedJobNs = new Set<string>();
  for (const cj of cronJobs) {
    const ns = cj.metadata.namespace!;
    const name = cj.metadata.name;
    const info = scheduleInfo(cj);
    const jobsReadable = store.complete('Job', ns);
    if (!jobsReadable && !skippedJobNs.has(ns)) {
      skippedJobNs.add(ns);
      const why = `Jobs in namespace ${ns} could not be listed`;
      for (const id of ['cronjob/last-run-failed', 'cronjob/forbid-skipping']) ctx.skipped(id, 'Job', why);
    }
    const env: Env = {
      ctx,
      store,
      cj,
      info,
      zone: info.zone ?? CONTROLLER_ZONE,
      ref: { kind: 'CronJob', namespace: ns, name },
      ns,
      name,
      events: eventsFor(store, 'CronJob', ns, name, cj.metadata.uid),
      jobsReadable,
      out,
    };
    const usable = scheduleChecks(env);
    runChecks(env, usable);
    lastRunCheck(env);
  }
  return out;
};
