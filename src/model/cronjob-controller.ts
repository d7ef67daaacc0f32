// What kube-controller-manager's CronJob controller decides when it syncs a
// CronJob at a given instant, transcribed from its source, Kubernetes v1.34
// (k8s.io/kubernetes/pkg/controller/cronjob):
//
//   utils.go             mostRecentScheduleTime, nextScheduleTimeDuration,
//                        nextScheduleTime, getTimeHashInMinutes
//   cronjob_controllerv2.go  syncCronJob (from the time zone check on),
//                        formatSchedule, getJobName
//
// Each function follows the Go line by line (the Go is quoted in the
// comments), over robfig/cron's Schedule.Next as src/model/cron.ts implements
// it. test/unit/cronjob-controller.test.ts checks the result against the
// controller itself: test/cronjob-oracle runs the real Go functions on
// thousands of cases and its output is committed as
// test/fixtures/cronjob/controller-cases.json.
//
// The controller's count of missed schedules is an estimate from the first
// interval after the earliest time (t2 - t1), not a count of the real times;
// for a schedule whose intervals differ (0,30 9 * * *) it can exceed 100
// while only a few times were missed, and its most recent time can come out
// empty even though times were missed. Then it records no TooManyMissedTimes
// and starts nothing until the next scheduled time.
import type { CronJob } from './cronjob.js';
import { type CronSchedule, goQuote, loadLocation, nextAfter, parseCronJobSchedule } from './cron.js';
import { parseTime } from './time.js';

/** Go's zero time.Time, 0001-01-01T00:00:00Z: what robfig's Next returns when no time matches within five years. */
export const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** The 100 ms the controller adds to every requeue (nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** Above this estimate the controller records TooManyMissedTimes. */
export const TOO_MANY_MISSED = 100;

/** schedule.Next(t): robfig's next activation, or the zero time. */
function next(s: CronSchedule, t: number): number {
  return nextAfter(s, t) ?? GO_ZERO_TIME;
}

export type MissedSchedules = 'none' | 'few' | 'many';

export interface MostRecentScheduleTime {
  /** earliestTime: creationTimestamp, lastScheduleTime, or now - startingDeadlineSeconds when later. */
  earliest: number;
  earliestSource: 'creationTimestamp' | 'lastScheduleTime' | 'startingDeadlineSeconds';
  /** The most recent time a Job should be created, if any. */
  mostRecent?: number;
  missed: MissedSchedules;
  error?: string;
  /** t1 = Next(earliest), t2 = Next(t1). */
  t1?: number;
  t2?: number;
  /** The estimate, when now >= t2: numberOfMissedSchedules = elapsed / interval + 1 (seconds). */
  estimate?: { intervalSec: number; elapsedSec: number; count: number; potentialEarliest: number };
}

/**
 * utils.go mostRecentScheduleTime(cj, now, schedule, includeStartingDeadlineSeconds).
 */
export function mostRecentScheduleTime(cj: CronJob, now: number, schedule: CronSchedule, includeStartingDeadlineSeconds: boolean): MostRecentScheduleTime {
  // earliestTime := cj.ObjectMeta.CreationTimestamp.Time
  let earliestTime = parseTime(cj.metadata.creationTimestamp) ?? GO_ZERO_TIME;
  let source: MostRecentScheduleTime['earliestSource'] = 'creationTimestamp';
  // missedSchedules := noneMissed
  let missedSchedules: MissedSchedules = 'none';
  // if cj.Status.LastScheduleTime != nil { earliestTime = cj.Status.LastScheduleTime.Time }
  const last = parseTime(cj.status?.lastScheduleTime);
  if (last !== undefined) {
    earliestTime = last;
    source = 'lastScheduleTime';
  }
  // if includeStartingDeadlineSeconds && cj.Spec.StartingDeadlineSeconds != nil {
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && sds !== undefined && sds !== null) {
    // schedulingDeadline := now.Add(-time.Second * time.Duration(*cj.Spec.StartingDeadlineSeconds))
    const schedulingDeadline = now - sds * 1000;
    // if schedulingDeadline.After(earliestTime) { earliestTime = schedulingDeadline }
    if (schedulingDeadline > earliestTime) {
      earliestTime = schedulingDeadline;
      source = 'startingDeadlineSeconds';
    }
  }
  const out = (r: Partial<MostRecentScheduleTime>): MostRecentScheduleTime => ({ earliest: earliestTime, earliestSource: source, missed: missedSchedules, ...r });

  // t1 := schedule.Next(earliestTime); t2 := schedule.Next(t1)
  const t1 = next(schedule, earliestTime);
  const t2 = next(schedule, t1);
  // if now.Before(t1) { return earliestTime, nil, missedSchedules, nil }
  if (now < t1) return out({ t1, t2 });
  // if now.Before(t2) { return earliestTime, &t1, missedSchedules, nil }
  if (now < t2) return out({ t1, t2, mostRecent: t1 });

  // timeBetweenTwoSchedules := int64(t2.Sub(t1).Round(time.Second).Seconds())
  // (Round: halfway values away from zero; t2 >= t1 here.)
  const timeBetweenTwoSchedules = Math.round((t2 - t1) / 1000);
  // if timeBetweenTwoSchedules < 1 { return ..., fmt.Errorf("time difference between two schedules is less than 1 second") }
  if (timeBetweenTwoSchedules < 1) return out({ t1, t2, error: 'time difference between two schedules is less than 1 second' });
  // timeElapsed := int64(now.Sub(t1).Seconds())   (truncated toward zero; now >= t1 here)
  const timeElapsed = Math.trunc((now - t1) / 1000);
  // numberOfMissedSchedules := (timeElapsed / timeBetweenTwoSchedules) + 1
  const numberOfMissedSchedules = Math.trunc(timeElapsed / timeBetweenTwoSchedules) + 1;

  // potentialEarliest := t1.Add(time.Duration((numberOfMissedSchedules-1-1)*timeBetweenTwoSchedules) * time.Second)
  const potentialEarliest = t1 + (numberOfMissedSchedules - 1 - 1) * timeBetweenTwoSchedules * 1000;
  // for t := schedule.Next(potentialEarliest); !t.After(now); t = schedule.Next(t) { mostRecentTime = t }
  let mostRecentTime = GO_ZERO_TIME;
  let guard = 0;
  for (let t = next(schedule, potentialEarliest); !(t > now); t = next(schedule, t)) {
    mostRecentTime = t;
    // Go would loop for ever on a zero time here; no real schedule gets there.
    if (t === GO_ZERO_TIME || ++guard > 1_000_000) break;
  }

  // switch { case numberOfMissedSchedules > 100: manyMissed; case numberOfMissedSchedules > 0: fewMissed }
  if (numberOfMissedSchedules > TOO_MANY_MISSED) missedSchedules = 'many';
  else if (numberOfMissedSchedules > 0) missedSchedules = 'few';

  const estimate = { intervalSec: timeBetweenTwoSchedules, elapsedSec: timeElapsed, count: numberOfMissedSchedules, potentialEarliest };
  // if mostRecentTime.IsZero() { return earliestTime, nil, missedSchedules, nil }
  if (mostRecentTime === GO_ZERO_TIME) return out({ t1, t2, estimate, missed: missedSchedules });
  return out({ t1, t2, estimate, missed: missedSchedules, mostRecent: mostRecentTime });
}

/**
 * utils.go nextScheduleTimeDuration: how long after `now` the controller
 * wants to sync again (it adds nextScheduleDelta, 100 ms).
 */
export function nextScheduleTimeDuration(cj: CronJob, now: number, schedule: CronSchedule): number {
  // earliestTime, mostRecentTime, missedSchedules, err := mostRecentScheduleTime(cj, now, schedule, false)
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let mostRecentTime: number;
  if (r.error !== undefined) {
    // we still have to requeue at some point, so aim for the next scheduling slot from now
    mostRecentTime = now;
  } else if (r.mostRecent === undefined) {
    // noneMissed: earliestTime; otherwise always now
    mostRecentTime = r.missed === 'none' ? r.earliest : now;
  } else {
    mostRecentTime = r.mostRecent;
  }
  // t := schedule.Next(*mostRecentTime).Add(nextScheduleDelta).Sub(now)
  return next(schedule, mostRecentTime) + NEXT_SCHEDULE_DELTA_MS - now;
}

export interface NextScheduleTime {
  scheduled?: number;
  error?: string;
  /** It recorded TooManyMissedTimes. */
  tooManyMissed: boolean;
  detail: MostRecentScheduleTime;
}

/** utils.go nextScheduleTime(logger, cj, now, schedule, recorder). */
export function nextScheduleTime(cj: CronJob, now: number, schedule: CronSchedule): NextScheduleTime {
  // _, mostRecentTime, missedSchedules, err := mostRecentScheduleTime(cj, now, schedule, true)
  const detail = mostRecentScheduleTime(cj, now, schedule, true);
  const res: NextScheduleTime = { tooManyMissed: false, detail };
  if (detail.error !== undefined) res.error = detail.error;
  // if mostRecentTime == nil || mostRecentTime.After(now) { return nil, err }
  if (detail.mostRecent === undefined || detail.mostRecent > now) return res;
  // if missedSchedules == manyMissed { recorder.Eventf(cj, Warning, "TooManyMissedTimes", ...) }
  if (detail.missed === 'many') res.tooManyMissed = true;
  res.scheduled = detail.mostRecent;
  return res;
}

/** utils.go getTimeHashInMinutes + cronjob_controllerv2.go getJobName: <cronjob>-<minutes since the epoch>. */
export function controllerJobName(cj: CronJob, scheduledTime: number): string {
  return `${cj.metadata.name}-${Math.trunc(Math.floor(scheduledTime / 1000) / 60)}`;
}

export interface ControllerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export const TOO_MANY_MISSED_MESSAGE = 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew';

export type SyncOutcome =
  | 'deleting'
  | 'unknown-time-zone'
  | 'suspended'
  | 'unparseable'
  | 'invalid-schedule'
  | 'nothing-due'
  | 'too-late'
  | 'already-processed'
  | 'forbid-active'
  | 'start';

export interface ControllerSync {
  /** The instant the sync is evaluated at. */
  at: number;
  outcome: SyncOutcome;
  /** The events it records, in order (the Job creation is assumed to succeed). */
  events: ControllerEvent[];
  /** outcome 'start' (and 'too-late'): the scheduled time it picked. */
  scheduled?: number;
  /** The name of the Job it creates. */
  jobName?: string;
  /** When it syncs again (absolute ms), for the outcomes that requeue. */
  nextSync?: number;
  /** nextScheduleTime's view (absent when it did not get that far). */
  decision?: NextScheduleTime;
}

/** Go's time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function rfc1123zUTC(t: number): string {
  const d = new Date(t);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * cronjob_controllerv2.go syncCronJob at `now`, from the deletion check on
 * (the bookkeeping of finished and missing Jobs before it only edits
 * status.active, which the caller passes as it stands). Creating the Job is
 * assumed to succeed; FailedCreate events in the cluster say otherwise.
 */
export function controllerSync(cj: CronJob, now: number): ControllerSync {
  const events: ControllerEvent[] = [];
  const res = (outcome: SyncOutcome, extra: Partial<ControllerSync> = {}): ControllerSync => ({ at: now, outcome, events, ...extra });
  // if cronJob.DeletionTimestamp != nil { return nil, updateStatus, nil }
  if (cj.metadata.deletionTimestamp) return res('deleting');
  // if cronJob.Spec.TimeZone != nil { if _, err := time.LoadLocation(timeZone); err != nil { Eventf(Warning, "UnknownTimeZone", "invalid timeZone: %q: %s", timeZone, err) ... } }
  const tz = cj.spec?.timeZone;
  if (tz !== undefined && tz !== null) {
    const l = loadLocation(tz);
    if (!l.ok) {
      events.push({ type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: ${goQuote(tz)}: ${l.error}` });
      return res('unknown-time-zone');
    }
  }
  // if cronJob.Spec.Suspend != nil && *cronJob.Spec.Suspend { return }
  if (cj.spec?.suspend) return res('suspended');
  // sched, err := cron.ParseStandard(formatSchedule(cronJob, jm.recorder))
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    events.push({
      type: 'Warning',
      reason: 'UnsupportedSchedule',
      message: `CRON_TZ or TZ used in schedule ${goQuote(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    });
  }
  const parsed = parseCronJobSchedule(schedule, tz);
  if (!parsed.ok) {
    // Eventf(Warning, "UnparseableSchedule", "unparseable schedule: %q : %s", cronJob.Spec.Schedule, err)
    events.push({ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${goQuote(schedule)} : ${parsed.error}` });
    return res('unparseable');
  }
  const sched = parsed.schedule;
  // scheduledTime, err := nextScheduleTime(logger, cronJob, now, sched, jm.recorder)
  const decision = nextScheduleTime(cj, now, sched);
  if (decision.tooManyMissed) events.push({ type: 'Warning', reason: 'TooManyMissedTimes', message: TOO_MANY_MISSED_MESSAGE });
  if (decision.error !== undefined) {
    // Eventf(Warning, "InvalidSchedule", "invalid schedule: %s : %s", cronJob.Spec.Schedule, err)
    events.push({ type: 'Warning', reason: 'InvalidSchedule', message: `invalid schedule: ${schedule} : ${decision.error}` });
    return res('invalid-schedule', { decision });
  }
  const requeue = (c: CronJob) => now + nextScheduleTimeDuration(c, now, sched);
  const scheduledTime = decision.scheduled;
  // if scheduledTime == nil { t := nextScheduleTimeDuration(cronJob, now, sched); return t, ... }
  if (scheduledTime === undefined) return res('nothing-due', { decision, nextSync: requeue(cj) });
  // tooLate = scheduledTime.Add(time.Second * time.Duration(*cronJob.Spec.StartingDeadlineSeconds)).Before(now)
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sds !== undefined && sds !== null && scheduledTime + sds * 1000 < now) {
    events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123zUTC(scheduledTime)}` });
    return res('too-late', { decision, scheduled: scheduledTime, nextSync: requeue(cj) });
  }
  // if inActiveListByName(cronJob, {Name: getJobName(cronJob, *scheduledTime)}) || cronJob.Status.LastScheduleTime.Equal(scheduledTime)
  const jobName = controllerJobName(cj, scheduledTime);
  const active = cj.status?.active ?? [];
  if (active.some((a) => a.name === jobName && (a.namespace ?? cj.metadata.namespace) === cj.metadata.namespace) || parseTime(cj.status?.lastScheduleTime) === scheduledTime) {
    return res('already-processed', { decision, scheduled: scheduledTime, nextSync: requeue(cj) });
  }
  // if cronJob.Spec.ConcurrencyPolicy == batchv1.ForbidConcurrent && len(cronJob.Status.Active) > 0
  if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length > 0) {
    events.push({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    return res('forbid-active', { decision, scheduled: scheduledTime, nextSync: requeue(cj) });
  }
  // if cronJob.Spec.ConcurrencyPolicy == batchv1.ReplaceConcurrent { for each active: deleteJob → "SuccessfulDelete", "Deleted job %v" }
  if (cj.spec?.concurrencyPolicy === 'Replace') {
    for (const a of active) events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${a.name}` });
  }
  // jobResp, err := jm.jobControl.CreateJob(...); Eventf(Normal, "SuccessfulCreate", "Created job %v", jobResp.Name)
  events.push({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${jobName}` });
  // cronJob.Status.LastScheduleTime = scheduledTime; t := nextScheduleTimeDuration(cronJob, now, sched)
  const after: CronJob = { ...cj, status: { ...(cj.status ?? {}), lastScheduleTime: new Date(scheduledTime).toISOString() } };
  return res('start', { decision, scheduled: scheduledTime, jobName, nextSync: requeue(after) });
}
