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
import { type Zone, CONTROLLER_ZONE, ZONE_DATA, goDurationString, goQuote, loadLocation, zoneNameInGoCase, zoneVersionNote } from '../src/model/cron.js';
import { type CreateFailure, describeCreateFailure, parseCreateFailure } from '../src/model/admission.js';
import { eventCount, eventTime, eventsFor } from '../src/model/events.js';
import { type Job, jobInfo } from '../src/model/job.js';
import { NEXT_SCHEDULE_DELTA_MS, controllerSync } from '../src/model/cronjob-controller.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef } from './types.js';
import { eventEvidence } from './pod.js';
import { podExitEvidence } from './job.js';
import { createFailureEvidence, createFailureSteps } from './create-failure.js';

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
  { id: 'cronjob/timezone-invalid', severity: 'error', area: 'cronjob', title: "spec.timeZone is not a zone kube-controller-manager loads (Go's tz database), or it reports UnknownTimeZone: no Jobs start", doc: DOC.timeZone },
  { id: 'cronjob/timezone-unset', severity: 'info', area: 'cronjob', title: "No spec.timeZone: the schedule follows kube-controller-manager's zone", doc: DOC.timeZone },
  { id: 'cronjob/missed-runs', severity: 'warning', area: 'cronjob', title: 'Scheduled times passed (beyond startingDeadlineSeconds or the grace period) with no Job created', doc: DOC.schedule },
  { id: 'cronjob/too-many-missed', severity: 'error', area: 'cronjob', title: 'The controller records TooManyMissedTimes (its estimate of missed start times is over 100): only the most recent run starts', doc: DOC.schedule },
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

/**
 * A scheduled time in the schedule's zone, in the product's one format
 * (src/model/time.ts absTime): `2026-03-10 07:00:00 EDT (America/New_York)`,
 * `2026-03-10 11:00:00 UTC` when the CronJob has no timeZone.
 */
function when(env: Env, t: number): string {
  return absTime(t, env.zone);
}

/** A duration in seconds as Go prints it, trimmed: 30m, 1h30m, 45s. */
function secs(n: number): string {
  return goDurationString(BigInt(n) * 1_000_000_000n).replace(/(\d)m0s$/, '$1m').replace(/(\d)h0m$/, '$1h');
}

/**
 * Events of one reason that still describe what the controller does: newer
 * than status.lastScheduleTime (the controller sets it only when it creates a
 * Job, so anything it recorded before that was followed by a success).
 */
function currentEvents(env: Env, reason: string, matches: (message: string) => boolean = () => true): KubeEvent[] {
  const last = parseTime(env.cj.status?.lastScheduleTime);
  return eventsWith(env, reason).filter((e) => (last === undefined || eventTime(e) >= last) && matches(e.message ?? ''));
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

/**
 * A zone name to suggest instead of one Go does not load: the same name in
 * Go's spelling (case), or what Node's Intl resolves an old alias to, when
 * Go has that.
 */
function zoneSuggestion(tz: string): string | undefined {
  const cased = zoneNameInGoCase(tz);
  if (cased) return cased;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    if (resolved !== tz && loadLocation(resolved).ok) return resolved;
  } catch {
    // Intl does not know it either.
  }
  return undefined;
}

/** The fix for a parser error, by what the parser said. */
function scheduleFix(error: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^provided bad location (\S+?):/.exec(error))) {
    return `fix: the zone ${m[1]} in the TZ=/CRON_TZ= prefix is unknown to kube-controller-manager: remove the prefix and set spec.timeZone to a zone it loads`;
  }
  if (/^expected exactly 5 fields/.test(error)) return 'fix: exactly 5 fields (minute hour day-of-month month day-of-week), no seconds field, or a descriptor (@hourly @daily @weekly @monthly @yearly @every <duration>)';
  if (/above maximum \(6\)/.test(error)) return 'fix: day of week is 0-6 (Sunday is 0; 7 is not accepted)';
  if (/^unrecognized descriptor/.test(error)) return 'fix: the descriptors are @yearly @annually @monthly @weekly @daily @midnight @hourly and @every <duration>';
  if (/^failed to parse duration/.test(error)) return 'fix: @every takes a Go duration such as 90m, 1h30m or 45s';
  if (/^failed to parse int from/.test(error)) return 'fix: each field is numbers or names with * , - /: L, W, #, H and leading signs are not supported';
  return 'fix: 5 fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly/@every <duration>; day of week is 0-6; L, W, # and H are not supported';
}

/** The TZ= prefix zone the controller does not know, from the schedule parse or its UnparseableSchedule event. */
function badPrefixZone(env: Env, unparseable: KubeEvent[]): string | undefined {
  const text = env.info.error ?? unparseable[0]?.message ?? '';
  return /provided bad location (\S+):/.exec(text)?.[1];
}

function scheduleChecks(env: Env): boolean {
  const { info, name, cj } = env;
  const now = env.ctx.now;
  let usable = true;
  // The controller's own refusals, about the spec as it is now (test/unit/cronjob-controller.test.ts
  // checks these messages against the controller): decisive, whatever our model says.
  const tz = cj.spec?.timeZone ?? undefined;
  const unknownTz = tz === undefined ? [] : currentEvents(env, 'UnknownTimeZone', (m) => m.startsWith(`invalid timeZone: ${goQuote(tz)}: `));
  const unparseable = currentEvents(env, 'UnparseableSchedule', (m) => m.startsWith(`unparseable schedule: ${goQuote(info.schedule)} : `));
  const invalidEv = currentEvents(env, 'InvalidSchedule', (m) => m.startsWith(`invalid schedule: ${info.schedule} : `));
  const unsupported = currentEvents(env, 'UnsupportedSchedule', (m) => m.includes(`in schedule ${goQuote(info.schedule)} is not officially supported`));

  if (info.error || unparseable.length) {
    usable = false;
    const why = info.error ?? (unparseable[0]!.message ?? '').replace(/^unparseable schedule: "(?:[^"\\]|\\.)*" : /, '');
    add(
      env,
      'cronjob/schedule-invalid',
      info.error
        ? `schedule ${JSON.stringify(info.schedule)} is rejected by Kubernetes' cron parser: ${info.error}`
        : `kube-controller-manager cannot parse schedule ${JSON.stringify(info.schedule)}: ${why} (UnparseableSchedule): it starts no Jobs`,
      [scheduleEvidence(env), `parser: ${why}`, ...(unparseable.length ? unparseable : eventsWith(env, 'UnparseableSchedule')).slice(0, 1).map((e) => eventEvidence(e, now))],
      [describeCmd(env), `k8stui schedule ${shellQuote(info.schedule)}`, scheduleFix(why)],
    );
  } else if (!info.timeZoneError && !unknownTz.length && (neverFires(env.cj, now) || invalidEv.length)) {
    usable = false;
    add(
      env,
      'cronjob/schedule-invalid',
      `schedule ${JSON.stringify(info.schedule)} never fires: no date within five years matches it, so the controller reports InvalidSchedule and starts no Job`,
      [scheduleEvidence(env), `plain words: ${info.when}`, ...(invalidEv.length ? invalidEv : eventsWith(env, 'InvalidSchedule')).slice(0, 1).map((e) => eventEvidence(e, now))],
      [describeCmd(env), `k8stui schedule ${shellQuote(info.schedule)}`, 'fix: choose a day of month that exists in the chosen months (e.g. not 30 or 31 in February)'],
    );
  }
  if (info.tzInSchedule || unsupported.length) {
    const both = info.timeZone !== undefined;
    add(
      env,
      'cronjob/schedule-timezone-prefix',
      `spec.schedule carries a TZ=/CRON_TZ= prefix, which Kubernetes does not support${both ? ' (the controller uses it and ignores spec.timeZone)' : ''}; new CronJobs with it are rejected`,
      [scheduleEvidence(env), ...(unsupported.length ? unsupported : eventsWith(env, 'UnsupportedSchedule')).slice(0, 1).map((e) => eventEvidence(e, now))],
      [
        `kubectl get cronjob ${name} -n ${env.ns} -o jsonpath='{.spec.schedule}{"\\n"}{.spec.timeZone}'`,
        badPrefixZone(env, unparseable)
          ? `fix: remove the prefix from spec.schedule and set spec.timeZone to a zone kube-controller-manager loads (it does not know ${badPrefixZone(env, unparseable)}); the API server refuses to add spec.timeZone while the prefix is there`
          : `fix: set spec.timeZone: ${info.zoneFromSpec || 'UTC'} and remove the prefix from spec.schedule (the API server refuses to add spec.timeZone while the prefix is there)`,
      ],
    );
  }
  if (info.timeZoneError || unknownTz.length) {
    usable = false;
    const tzText = JSON.stringify(info.timeZone);
    const loaded = tz !== undefined ? loadLocation(tz) : undefined;
    const ours = loaded && !loaded.ok ? loaded.error : info.timeZoneError;
    const theirs = unknownTz[0] ? (unknownTz[0].message ?? '').replace(/^invalid timeZone: "(?:[^"\\]|\\.)*": /, '') : undefined;
    const note = tz !== undefined ? zoneVersionNote(tz) : undefined;
    const suggestion = tz !== undefined ? zoneSuggestion(tz) : undefined;
    const evidence = [`spec.timeZone: ${tzText}`];
    if (ours) evidence.push(`Go's time.LoadLocation: ${ours} (tz database ${ZONE_DATA.tzdata}, embedded in kube-apiserver and kube-controller-manager ${ZONE_DATA.kubernetes}, built with ${ZONE_DATA.go})`);
    if (note) evidence.push(note);
    if (suggestion) evidence.push(`Node's tz data still resolves it to ${suggestion}; Go's does not`);
    evidence.push(...(unknownTz.length ? unknownTz : eventsWith(env, 'UnknownTimeZone')).slice(0, 1).map((e) => eventEvidence(e, now)));
    add(
      env,
      'cronjob/timezone-invalid',
      ours
        ? `spec.timeZone ${tzText} is not a zone kube-controller-manager can load (${ours}): the controller starts no Jobs (UnknownTimeZone)`
        : `kube-controller-manager refuses spec.timeZone ${tzText}: ${theirs} (UnknownTimeZone ×${eventCount(unknownTz[0]!)}): it starts no Jobs`,
      evidence,
      [
        describeCmd(env),
        `k8stui schedule ${shellQuote(info.schedule)} --tz ${shellQuote(tz ?? '')}`,
        suggestion
          ? `fix: set spec.timeZone: ${suggestion}`
          : note && !ours
            ? 'fix: use a zone the control plane\'s Go release has (an older name with the same offsets), or upgrade kube-controller-manager'
            : 'fix: use a tz database name such as Europe/Berlin or America/New_York (case matters)',
      ],
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
      [`kubectl get cronjob ${name} -n ${ns} -o jsonpath='{.spec.suspend}'`, ...(usable ? [resumeNote(env)] : [])],
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

  // Missed runs / too many missed: what the controller does (src/model/cronjob-controller.ts,
  // its own rule) and why no Job was created, from the events.
  if (suspended) return;
  missedChecks(env, jobs, conc, forbidBlocking);
}

/** The FailedCreate events that still hold (newer than lastScheduleTime), newest first, and what they say. */
function createFailures(env: Env): { events: KubeEvent[]; failure?: CreateFailure } {
  const events = currentEvents(env, 'FailedCreate');
  for (const e of events) {
    const failure = parseCreateFailure(e.message);
    if (failure) return { events, failure };
  }
  return { events };
}

function failureEvidence(f: CreateFailure): string[] {
  return createFailureEvidence(f);
}

/** Read-only commands and the fix, chosen from what refused the Job (shared with the Job controller's refusals). */
function failureSteps(env: Env, f: CreateFailure): string[] {
  return createFailureSteps(f, { kind: 'CronJob', ns: env.ns, name: env.name });
}

/** Steps when nothing in the events explains the missing Jobs: the controller itself. */
function controllerSteps(): string[] {
  return [
    'kubectl get pods -n kube-system -l component=kube-controller-manager',
    `kubectl get lease kube-controller-manager -n kube-system -o jsonpath='{.spec.holderIdentity} {.spec.renewTime}{"\\n"}'`,
  ];
}

function missedChecks(env: Env, jobs: Job[], conc: ReturnType<typeof concurrencyNow>, forbidBlocking: boolean): void {
  const { cj, ctx, ns, name } = env;
  const missed = missedRuns(cj, jobs, ctx.now, ctx.graceMs);
  const c = missed.controller;
  const base = missed.since !== undefined ? `${missed.sinceSource} ${when(env, missed.since)}` : '';
  const sds = cj.spec?.startingDeadlineSeconds;
  const hasSds = sds !== undefined && sds !== null;
  const { events: failedCreate, failure } = createFailures(env);
  const firstFail = failedCreate.length ? Math.min(...failedCreate.map((e) => parseTime(e.firstTimestamp) ?? eventTime(e))) : undefined;
  const failTimes = failedCreate.reduce((n, e) => n + eventCount(e), 0);
  const failedText = failedCreate.length
    ? `creating its Jobs is refused (FailedCreate ×${failTimes}${firstFail !== undefined ? ` since ${absTime(firstFail)}` : ''}): ${oneLine(failure ? describeCreateFailure(failure) : failedCreate[0]!.message, 400)}`
    : '';
  const missedText = `${missed.count}${missed.capped ? '+' : ''} scheduled run${missed.count === 1 ? '' : 's'} since ${base} passed with no Job`;
  const times = missed.count
    ? [`missed: ${missed.count}${missed.capped ? '+' : ''} scheduled time${missed.count > 1 ? 's' : ''}, first ${when(env, missed.times[0]!)}${missed.count > 1 ? `, last ${when(env, missed.times[missed.times.length - 1]!)}` : ''}`]
    : [];
  const estimateText = c.intervalSec !== undefined && missed.controller.earliest !== undefined
    ? `controller estimate (mostRecentScheduleTime, utils.go): time since the first run after ${c.earliestSource} ÷ its first interval (${secs(c.intervalSec)}) + 1 = ${c.count}${c.count > TOO_MANY_MISSED ? ` > ${TOO_MANY_MISSED}` : ''}`
    : undefined;
  const eventLines = [
    ...failedCreate.slice(0, 1).map((e) => eventEvidence(e, ctx.now)),
    ...eventsWith(env, 'TooManyMissedTimes').slice(0, 1).map((e) => eventEvidence(e, ctx.now)),
    ...eventsWith(env, 'MissSchedule').slice(0, 1).map((e) => eventEvidence(e, ctx.now)),
  ];

  if (c.tooMany) {
    const recent = c.mostRecent !== undefined ? when(env, c.mostRecent) : 'the most recent time';
    const blocked = missed.sync?.outcome === 'forbid-active' && conc.active[0] ? `, but Forbid keeps it from starting while Job ${conc.active[0].name} is active` : '';
    const which =
      blocked
        ? `it warns at every sync${blocked}`
        : c.earliestSource === 'startingDeadlineSeconds'
        ? `it looks back only startingDeadlineSeconds (${sds}s), gives up on the runs before that, still estimates more than ${TOO_MANY_MISSED} within it, and starts the most recent, ${recent}`
        : `it warns and still starts only the most recent run, ${recent}${missed.abandoned ? `; the ${missed.abandoned} before it are never run` : ''}`;
    const message = failure || failedCreate.length
      ? `${failedText}; so ${missedText}, and at every sync the controller records TooManyMissedTimes (its estimate: ${c.count} > ${TOO_MANY_MISSED}) and tries only the most recent run`
      : `the controller records TooManyMissedTimes: its estimate is ${c.count} missed start times since ${base} (more than ${TOO_MANY_MISSED}; ${missed.count}${missed.capped ? '+' : ''} really passed with no Job); ${which}`;
    const evidence = [
      base ? `${base} (${humanDuration(ctx.now - missed.since!)} ago): no Job created since` : 'no lastScheduleTime',
      ...(estimateText ? [estimateText] : []),
      ...times,
      `spec.startingDeadlineSeconds: ${hasSds ? sds : 'not set'}`,
      ...(failure ? failureEvidence(failure) : []),
      ...eventLines,
    ];
    const steps = failure || failedCreate.length
      ? [
          ...(failure ? failureSteps(env, failure) : [describeCmd(env)]),
          'note: once a Job is created, lastScheduleTime moves to it and TooManyMissedTimes stops; startingDeadlineSeconds alone does not get the Jobs admitted',
        ]
      : [
          describeCmd(env),
          ...controllerSteps(),
          `find why no Job was created since ${missed.since !== undefined ? absTime(missed.since) : 'creation'}: kube-controller-manager down or not leading, or a control-plane clock far off (the controller's message names clock skew)`,
          hasSds ? `fix: decrease spec.startingDeadlineSeconds (now ${sds}s) so the controller looks back less far` : 'fix: set spec.startingDeadlineSeconds (e.g. 200) so the controller only looks back that far',
        ];
    add(env, 'cronjob/too-many-missed', message, evidence, steps);
    return;
  }
  if (missed.count === 0 || forbidBlocking) return;

  const first = missed.times[0]!;
  let verdict = '';
  const next = missed.nextSync;
  switch (missed.verdict) {
    case 'starts-latest':
      verdict = failure || failedCreate.length
        ? `; the controller tries only the most recent, ${when(env, missed.sync!.scheduled!)}, at each sync`
        : `; at its next sync the controller starts only the most recent, ${when(env, missed.sync!.scheduled!)}${missed.abandoned ? ` (the ${missed.abandoned} before it are never run)` : ''}`;
      break;
    case 'deadline':
      verdict = `; ${missed.count === 1 ? 'it is' : 'they are'} older than startingDeadlineSeconds (${sds}s), so the controller gives up on ${missed.count === 1 ? 'it' : 'them'}${next?.scheduled !== undefined ? ` and starts the next run, ${when(env, next.scheduled)}` : ''}`;
      break;
    case 'estimate-skips': {
      const det = missed.sync?.decision?.detail;
      verdict = `; the controller will start none of them: its estimate (${c.count} from its first interval of ${secs(det?.estimate?.intervalSec ?? 0)}) jumps past the last one, so it records no event and waits${
        next?.scheduled !== undefined ? ` for ${when(env, next.scheduled)}${next.decision?.tooManyMissed ? ', when it records TooManyMissedTimes and starts that run' : ', and starts that run'}` : ''
      }`;
      break;
    }
  }
  const cause = failedText ? `: ${failedText}` : eventsWith(env, 'MissSchedule').length ? ': the controller saw them too late for startingDeadlineSeconds' : '';
  const evidence = [
    base ? `${base} (${humanDuration(ctx.now - missed.since!)} ago)` : 'no lastScheduleTime',
    ...times,
    ...(estimateText && missed.verdict === 'estimate-skips' ? [estimateText + ', but no time is due after its jump'] : []),
    `spec.startingDeadlineSeconds: ${hasSds ? sds : 'not set'}${missed.pastDeadline ? ` (${missed.pastDeadline === 1 && missed.count === 1 ? 'it is' : `${missed.pastDeadline} of them ${missed.pastDeadline === 1 ? 'is' : 'are'}`} past it and will never run)` : ''}`,
    `spec.concurrencyPolicy: ${conc.policy}${conc.policyDefaulted ? ' (default)' : ''}, active Jobs: ${conc.active.length}`,
    ...(failure ? failureEvidence(failure) : []),
    ...eventLines,
  ];
  const steps = failure || failedCreate.length
    ? failure
      ? failureSteps(env, failure)
      : [describeCmd(env), `kubectl get events -n ${ns} --field-selector involvedObject.kind=CronJob,involvedObject.name=${name},reason=FailedCreate`]
    : missed.verdict === 'estimate-skips'
      ? [
          describeCmd(env),
          `k8stui schedule ${shellQuote(env.info.schedule)}${env.info.timeZone !== undefined ? ` --tz ${shellQuote(env.info.timeZone)}` : ''}`,
          ...controllerSteps(),
          'note: this is how the controller counts (its estimate uses the first interval); the runs resume by themselves at that time',
        ]
      : [
          describeCmd(env),
          `kubectl get jobs -n ${ns} -o wide`,
          ...controllerSteps(),
          `fix: find why kube-controller-manager created no Job at ${absTime(first)}: it was not running or not leading then, or runs without the cronjob controller (--controllers)`,
        ];
  add(env, 'cronjob/missed-runs', `${missedText} (first ${when(env, first)})${cause}${verdict}`, evidence, steps);
}

function oneLine(s: string | undefined, max = 300): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** What the controller would do if the CronJob were resumed now (its sync, src/model/cronjob-controller.ts). */
function resumeNote(env: Env): string {
  const { cj, ctx } = env;
  const sync = controllerSync({ ...cj, spec: { ...cj.spec, suspend: false } }, ctx.now);
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sync.outcome === 'start' && sync.scheduled !== undefined) {
    return `note: resumed now, the controller starts the run scheduled for ${when(env, sync.scheduled)} at once${sync.decision?.tooManyMissed ? ' and records TooManyMissedTimes' : ''}; earlier missed runs are not run`;
  }
  if (sync.outcome === 'nothing-due' && sync.nextSync !== undefined) {
    const why = sync.decision?.detail.earliestSource === 'startingDeadlineSeconds' ? ` (it looks back only startingDeadlineSeconds, ${sds}s)` : '';
    return `note: resumed now, the controller starts nothing before ${absTime(sync.nextSync - NEXT_SCHEDULE_DELTA_MS)}${why}`;
  }
  return sds === undefined || sds === null ? 'note: without startingDeadlineSeconds, resuming starts the most recent missed run at once' : `note: on resume, a missed run starts only if it is less than ${sds}s old`;
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
    [
      `kubectl describe job ${jobName} -n ${ns}`,
      // kubectl logs job/NAME needs one of its pods; when they are gone there is nothing to read.
      ...(info.pods.length ? [`kubectl logs -n ${ns} job/${jobName} --all-containers`, `kubectl get pods -n ${ns} -l batch.kubernetes.io/job-name=${jobName}`] : []),
      f?.reason === 'DeadlineExceeded'
        ? 'fix: the run took longer than activeDeadlineSeconds: make it faster, or raise activeDeadlineSeconds in spec.jobTemplate (the next run uses it)'
        : f?.reason === 'BackoffLimitExceeded'
          ? "fix: find why the pods exit non-zero in their logs and correct spec.jobTemplate or what it depends on (the next run uses it); raise the jobTemplate's backoffLimit only if the failures are transient"
          : `fix: act on the Job's Failed condition (${f?.reason ?? 'no reason given'}) and correct spec.jobTemplate or what it depends on; the CronJob keeps starting runs on schedule`,
    ],
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
