// A CronJob as kube-controller-manager's CronJob controller (v2) sees it:
// the schedule it parses (formatSchedule: TZ=<timeZone> prepended unless the
// schedule already mentions TZ), the next runs, the scheduled times that
// passed without a Job (and the controller's own "too many missed" estimate,
// mostRecentScheduleTime), what concurrencyPolicy does right now, and the
// Jobs it owns with their history limits. Pure functions over the store:
// the :cj view and the cronjob/* checks both read from here.
import type { ClusterStore } from '../cluster/store.js';
import type { K8sObject } from './types.js';
import { absTime, parseTime } from './time.js';
import {
  type CronSchedule,
  type Zone,
  CONTROLLER_ZONE,
  describeSchedule,
  loadLocation,
  nextAfter,
  nextN,
  parseCronJobSchedule,
  validateTimeZone,
} from './cron.js';
import { type ControllerSync, type MissedSchedules, controllerSync, nextScheduleTime } from './cronjob-controller.js';
import { type Job, type JobInfo, type JobStatus, isJobFinished, jobInfo, jobScheduledFor, jobSortTime, jobStartTime, jobsOwnedBy } from './job.js';

export interface CronJob extends K8sObject {
  spec: {
    schedule: string;
    timeZone?: string | null;
    suspend?: boolean;
    concurrencyPolicy?: string;
    startingDeadlineSeconds?: number | null;
    successfulJobsHistoryLimit?: number | null;
    failedJobsHistoryLimit?: number | null;
    jobTemplate?: { metadata?: Record<string, unknown>; spec?: Job['spec'] };
    [k: string]: unknown;
  };
  status?: {
    active?: { kind?: string; name: string; namespace?: string; uid?: string; apiVersion?: string; resourceVersion?: string }[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
}

/** The API server defaults (batch/v1). */
export const DEFAULT_SUCCESSFUL_HISTORY = 3;
export const DEFAULT_FAILED_HISTORY = 1;
/** The controller's threshold for "too many missed start times". */
export { TOO_MANY_MISSED } from './cronjob-controller.js';
/** How far we enumerate missed times exactly before saying "at least". */
const MISSED_ENUM_CAP = 1000;

// ---------------------------------------------------------------------------
// The schedule as the controller parses it

export interface ScheduleInfo {
  schedule: string;
  /** spec.timeZone as written (undefined when unset). */
  timeZone?: string;
  /** The schedule mentions TZ: the controller ignores spec.timeZone and warns (UnsupportedSchedule). */
  tzInSchedule: boolean;
  /** The zone named by a TZ=/CRON_TZ= prefix. */
  zoneFromSpec?: string;
  /** The zone runs are computed in (undefined when the controller will not schedule). */
  zone?: Zone;
  /** No timeZone and no prefix: the controller's own zone, which we assume is UTC. */
  zoneAssumed: boolean;
  /** What the TZ column says. */
  zoneLabel: string;
  /** spec.timeZone fails the API server's validation / Go's LoadLocation: the controller starts no Jobs (UnknownTimeZone). */
  timeZoneError?: string;
  parsed?: CronSchedule;
  /** robfig's error (the controller's UnparseableSchedule event). */
  error?: string;
  /** Plain words, or the reason there is none. */
  when: string;
}

const infoCache = new WeakMap<object, ScheduleInfo>();

export function scheduleInfo(cj: CronJob): ScheduleInfo {
  const cached = infoCache.get(cj);
  if (cached) return cached;
  const schedule = cj.spec?.schedule ?? '';
  const tz = cj.spec?.timeZone ?? undefined;
  const tzInSchedule = schedule.includes('TZ');
  const info: ScheduleInfo = { schedule, tzInSchedule, zoneAssumed: false, zoneLabel: '', when: '' };
  if (tz !== undefined) info.timeZone = tz;
  // The controller checks timeZone with time.LoadLocation before anything
  // else, even when the schedule carries its own TZ= prefix.
  if (tz !== undefined) {
    const errs = validateTimeZone(tz);
    const loaded = loadLocation(tz);
    if (errs.length || !loaded.ok) {
      info.timeZoneError = errs.length ? errs.map((e) => e.replace(/^spec\.timeZone: Invalid value: /, '')).join('; ') : (loaded as { error: string }).error;
    }
  }
  const parsed = parseCronJobSchedule(schedule, tz);
  if (parsed.ok) {
    info.parsed = parsed.schedule;
    if (tzInSchedule && parsed.zoneFromSpec !== undefined) info.zoneFromSpec = parsed.zoneFromSpec;
  } else {
    info.error = parsed.error;
  }
  if (info.zoneFromSpec !== undefined) {
    info.zoneLabel = `${info.zoneFromSpec || 'UTC'} (TZ= in schedule)`;
  } else if (tz !== undefined) {
    info.zoneLabel = tz;
  } else {
    info.zoneAssumed = true;
    info.zoneLabel = "controller's zone (UTC?)";
  }
  if (info.parsed && !info.timeZoneError) info.zone = info.parsed.zone;
  if (info.error) info.when = 'invalid schedule';
  else if (info.timeZoneError) info.when = `${describeSchedule(info.parsed!)} (invalid timeZone)`;
  else info.when = describeSchedule(info.parsed!);
  infoCache.set(cj, info);
  return info;
}

/** Where @every counts from, and the base for missed runs: lastScheduleTime, else creationTimestamp. */
export function scheduleBase(cj: CronJob): { at: number; source: 'lastScheduleTime' | 'creationTimestamp' } | undefined {
  const last = parseTime(cj.status?.lastScheduleTime);
  if (last !== undefined) return { at: last, source: 'lastScheduleTime' };
  const created = parseTime(cj.metadata.creationTimestamp);
  if (created !== undefined) return { at: created, source: 'creationTimestamp' };
  return undefined;
}

/**
 * The next `n` times the controller will start a Job, strictly after `now`
 * (suspension aside). Empty when the schedule is invalid, the timeZone is
 * invalid, or the schedule never fires. `@every` counts from
 * lastScheduleTime or creationTimestamp, like the controller.
 */
export function nextRuns(cj: CronJob, n: number, now: number): number[] {
  const info = scheduleInfo(cj);
  const s = info.parsed;
  if (!s || info.timeZoneError) return [];
  if (s.kind === 'every') {
    const base = scheduleBase(cj)?.at ?? now;
    const first = nextAfter(s, base)!;
    const k = now < first ? 0 : Math.floor((now - first) / s.delayMs) + 1;
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(first + (k + i) * s.delayMs);
    return out;
  }
  return nextN(s, now, n);
}

/** True when the schedule parses but no time within five years matches (e.g. 0 0 30 2 *). */
export function neverFires(cj: CronJob, now: number): boolean {
  const info = scheduleInfo(cj);
  return !!info.parsed && !info.timeZoneError && nextRuns(cj, 1, now).length === 0;
}

// ---------------------------------------------------------------------------
// Missed runs

export interface ControllerEstimate {
  /**
   * The controller's numberOfMissedSchedules: elapsed time since the first
   * time after its earliest time, divided by the first interval (t2 - t1),
   * plus one; 1 when only t1 has passed, 0 when nothing has.
   */
  count: number;
  /** It records TooManyMissedTimes at this sync: the estimate is over 100 and it found a most recent time. */
  tooMany: boolean;
  /** none / few / many as mostRecentScheduleTime classifies the estimate. */
  missed: MissedSchedules;
  /** The time it would start a Job for now, if any. */
  mostRecent?: number;
  /** Where it counts from: lastScheduleTime, creationTimestamp, or now - startingDeadlineSeconds. */
  earliest?: number;
  earliestSource?: 'creationTimestamp' | 'lastScheduleTime' | 'startingDeadlineSeconds';
  /** The interval the estimate divides by (t2 - t1), in seconds. */
  intervalSec?: number;
  /** "time difference between two schedules is less than 1 second": the controller's InvalidSchedule. */
  error?: string;
}

/**
 * The controller's nextScheduleTime at `now` (mostRecentScheduleTime with
 * startingDeadlineSeconds), in the shape the views and checks use. See
 * src/model/cronjob-controller.ts for the transcription.
 */
export function controllerEstimate(cj: CronJob, now: number): ControllerEstimate {
  const info = scheduleInfo(cj);
  const s = info.parsed;
  if (!s || info.timeZoneError) return { count: 0, tooMany: false, missed: 'none' };
  const d = nextScheduleTime(cj, now, s);
  const det = d.detail;
  const out: ControllerEstimate = {
    count: det.estimate?.count ?? (det.mostRecent !== undefined ? 1 : 0),
    tooMany: d.tooManyMissed,
    missed: det.missed,
    earliest: det.earliest,
    earliestSource: det.earliestSource,
  };
  if (d.scheduled !== undefined) out.mostRecent = d.scheduled;
  if (det.estimate) out.intervalSec = det.estimate.intervalSec;
  if (d.error !== undefined) out.error = d.error;
  return out;
}

export interface MissedRuns {
  /** The scheduled times (oldest first) that passed more than `toleranceMs` ago with no Job; at most MISSED_ENUM_CAP. */
  times: number[];
  count: number;
  /** More exist than were enumerated. */
  capped: boolean;
  since?: number;
  sinceSource?: 'lastScheduleTime' | 'creationTimestamp';
  /** Of `times`, those older than startingDeadlineSeconds: the controller will never start them. */
  pastDeadline: number;
  toleranceMs: number;
  controller: ControllerEstimate;
  /** The controller's sync at `now` (status.active as it stands; Job creation assumed to succeed). */
  sync?: ControllerSync;
  /** When that sync starts nothing: its next wake-up and what it does then. */
  nextSync?: ControllerSync;
  /**
   * Of `times`, those the controller never starts: older than the one it
   * starts (it starts only the most recent), older than
   * startingDeadlineSeconds, or all of them when its estimate jumps past them.
   */
  abandoned: number;
  /**
   * Why the controller does not start the missed times, in its own terms:
   * - starts-latest: it starts the most recent (sync.scheduled) and drops the rest;
   * - deadline: they are older than startingDeadlineSeconds, so it does not look back that far;
   * - estimate-skips: its estimate from the first interval jumps past them, so it starts none until nextSync;
   * - blocked: it would start one but concurrencyPolicy Forbid holds it (or the time is already processed);
   * - none: nothing missed.
   */
  verdict: 'starts-latest' | 'deadline' | 'estimate-skips' | 'blocked' | 'none';
}

/**
 * Scheduled times since lastScheduleTime (or creation) that have passed with
 * no Job created for them, and what the controller does about them. A time
 * counts once it is older than the tolerance: startingDeadlineSeconds when
 * that is shorter (the controller will no longer start it), else the grace
 * period (the controller normally starts a Job within seconds). Times that
 * have a Job (by the scheduled-timestamp annotation or the controller's name,
 * <cronjob>-<minutes>) never count.
 */
export function missedRuns(cj: CronJob, jobs: Job[], now: number, graceMs: number): MissedRuns {
  const info = scheduleInfo(cj);
  const sds = cj.spec?.startingDeadlineSeconds;
  const toleranceMs = sds !== undefined && sds !== null ? Math.min(sds * 1000, graceMs) : graceMs;
  const out: MissedRuns = { times: [], count: 0, capped: false, pastDeadline: 0, toleranceMs, controller: { count: 0, tooMany: false, missed: 'none' }, abandoned: 0, verdict: 'none' };
  const s = info.parsed;
  const base = scheduleBase(cj);
  if (!s || info.timeZoneError || !base) return out;
  out.since = base.at;
  out.sinceSource = base.source;
  out.controller = controllerEstimate(cj, now);
  const haveJob = new Set<number>();
  for (const j of jobs) {
    const at = jobScheduledFor(j)?.at;
    if (at !== undefined) haveJob.add(Math.floor(at / 60_000));
  }
  const limit = now - toleranceMs;
  let t = nextAfter(s, base.at);
  while (t !== null && t <= limit) {
    if (!haveJob.has(Math.floor(t / 60_000))) {
      if (out.times.length >= MISSED_ENUM_CAP) {
        out.capped = true;
        break;
      }
      out.times.push(t);
      if (sds !== undefined && sds !== null && t + sds * 1000 < now) out.pastDeadline++;
    }
    t = nextAfter(s, t);
  }
  out.count = out.times.length;
  const sync = controllerSync(cj, now);
  out.sync = sync;
  if (sync.outcome === 'nothing-due' && sync.nextSync !== undefined && sync.nextSync > now) {
    out.nextSync = controllerSync(cj, sync.nextSync);
  }
  if (out.count === 0) return out;
  const starts = sync.outcome === 'start' ? sync.scheduled : undefined;
  if (starts !== undefined) {
    out.verdict = 'starts-latest';
    out.abandoned = out.times.filter((x) => x < starts).length + (out.capped ? 1 : 0);
  } else if (sync.outcome === 'forbid-active' || sync.outcome === 'already-processed') {
    out.verdict = 'blocked';
  } else if (sync.outcome === 'nothing-due' || sync.outcome === 'too-late') {
    const det = sync.decision?.detail;
    out.verdict = det && det.missed !== 'none' && det.mostRecent === undefined ? 'estimate-skips' : 'deadline';
    out.abandoned = out.count;
  }
  return out;
}

// ---------------------------------------------------------------------------
// History

export interface HistoryEntry {
  job: Job;
  info: JobInfo;
  /** When it was scheduled for (annotation, else the name suffix), else when it started. */
  sortTime: number;
}

/** The Jobs this CronJob controls, newest first. */
export function cronJobJobs(store: ClusterStore, cj: CronJob): Job[] {
  const owned = jobsOwnedBy(store, cj.metadata.uid);
  return owned.filter((j) => j.metadata.namespace === cj.metadata.namespace);
}

export function cronJobHistory(store: ClusterStore, cj: CronJob, now: number): HistoryEntry[] {
  return cronJobJobs(store, cj)
    .map((job) => ({ job, info: jobInfo(store, job, now), sortTime: jobSortTime(job) }))
    .sort((a, b) => b.sortTime - a.sortTime || (a.job.metadata.name < b.job.metadata.name ? 1 : -1));
}

export type HistoryMark = 'succeeded' | 'failed' | 'running' | 'suspended';

export function historyMark(status: JobStatus): HistoryMark {
  switch (status) {
    case 'Complete':
    case 'SuccessCriteriaMet':
      return 'succeeded';
    case 'Failed':
    case 'FailureTarget':
      return 'failed';
    case 'Suspended':
      return 'suspended';
    default:
      return 'running';
  }
}

/** The last `n` runs as marks, oldest first (so the newest is on the right). */
export function historyStrip(history: HistoryEntry[], n = 10): HistoryMark[] {
  return history
    .slice(0, n)
    .map((h) => historyMark(h.info.status))
    .reverse();
}

/** The newest finished Job, which the RESULT column and cronjob/last-run-failed report. */
export function lastFinished(history: HistoryEntry[]): HistoryEntry | undefined {
  return history.find((h) => h.info.finished);
}

export interface HistoryLimits {
  successful: number;
  failed: number;
  successfulDefaulted: boolean;
  failedDefaulted: boolean;
  successfulKept: number;
  failedKept: number;
}

export function historyLimits(cj: CronJob, jobs: Job[]): HistoryLimits {
  const s = cj.spec?.successfulJobsHistoryLimit;
  const f = cj.spec?.failedJobsHistoryLimit;
  let ok = 0;
  let failed = 0;
  for (const j of jobs) {
    if (!isJobFinished(j)) continue;
    if ((j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True')) ok++;
    else failed++;
  }
  return {
    successful: s ?? DEFAULT_SUCCESSFUL_HISTORY,
    failed: f ?? DEFAULT_FAILED_HISTORY,
    successfulDefaulted: s === undefined || s === null,
    failedDefaulted: f === undefined || f === null,
    successfulKept: ok,
    failedKept: failed,
  };
}

// ---------------------------------------------------------------------------
// Concurrency policy, right now

export interface ActiveRun {
  name: string;
  job?: Job;
  /** When it started (status.startTime), else when it was scheduled or created. */
  since?: number;
  scheduledFor?: number;
}

/** Unfinished Jobs this CronJob controls, plus status.active entries we cannot see. Oldest first. */
export function activeRuns(cj: CronJob, jobs: Job[]): ActiveRun[] {
  const out: ActiveRun[] = [];
  const seen = new Set<string>();
  for (const j of jobs) {
    if (isJobFinished(j)) continue;
    seen.add(j.metadata.name);
    const r: ActiveRun = { name: j.metadata.name, job: j };
    const since = jobStartTime(j) ?? jobScheduledFor(j)?.at ?? parseTime(j.metadata.creationTimestamp);
    if (since !== undefined) r.since = since;
    const sf = jobScheduledFor(j)?.at;
    if (sf !== undefined) r.scheduledFor = sf;
    out.push(r);
  }
  for (const a of cj.status?.active ?? []) {
    if (seen.has(a.name)) continue;
    seen.add(a.name);
    out.push({ name: a.name });
  }
  return out.sort((a, b) => (a.since ?? Infinity) - (b.since ?? Infinity));
}

export interface ConcurrencyNow {
  policy: 'Allow' | 'Forbid' | 'Replace';
  policyDefaulted: boolean;
  active: ActiveRun[];
  /** The next run after now, if the schedule has one. */
  next?: number;
  /** Forbid: scheduled times that passed while the oldest active Job ran (oldest first, capped). */
  skipped: number[];
  /** Replace: the active Job has outlived the next scheduled time after its own. */
  overran: boolean;
  /** One sentence for the detail view. */
  text: string;
  tone: 'ok' | 'warn' | 'info' | 'muted';
}

export function concurrencyNow(cj: CronJob, jobs: Job[], now: number): ConcurrencyNow {
  const raw = cj.spec?.concurrencyPolicy;
  const policy: ConcurrencyNow['policy'] = raw === 'Forbid' || raw === 'Replace' ? raw : 'Allow';
  const info = scheduleInfo(cj);
  const zone = info.zone ?? CONTROLLER_ZONE;
  const active = activeRuns(cj, jobs);
  const next = nextRuns(cj, 1, now)[0];
  // Absolute times in the schedule's zone, named as everywhere else (absTime).
  const at = (t: number) => absTime(t, zone);
  const res: ConcurrencyNow = { policy, policyDefaulted: !raw, active, skipped: [], overran: false, text: '', tone: 'ok' };
  if (next !== undefined) res.next = next;
  const oldest = active[0];
  const s = info.parsed;
  if (oldest && s && !info.timeZoneError) {
    const from = oldest.scheduledFor ?? oldest.since;
    if (from !== undefined) {
      let t = nextAfter(s, from);
      while (t !== null && t <= now && res.skipped.length < MISSED_ENUM_CAP) {
        res.skipped.push(t);
        t = nextAfter(s, t);
      }
    }
  }
  const suspended = !!cj.spec?.suspend;
  const nextText = next !== undefined ? `the ${at(next)} run` : 'the next run';
  const oldestText = oldest ? `${oldest.job ? `Job ${oldest.name}` : `Job ${oldest.name} (listed in status.active)`}${oldest.since !== undefined ? ` has been active since ${at(oldest.since)}` : ' is active'}` : '';
  if (suspended) {
    res.tone = 'muted';
    res.text = `Suspended: no new Jobs start${active.length ? `; ${active.length} active Job${active.length > 1 ? 's keep' : ' keeps'} running` : ''}`;
    return res;
  }
  if (policy === 'Forbid') {
    if (oldest) {
      res.tone = 'warn';
      const sds = cj.spec?.startingDeadlineSeconds;
      const late =
        sds === undefined || sds === null
          ? 'when it finishes, the most recent skipped time starts at once'
          : `when it finishes, a skipped time starts only if it is less than ${sds}s old`;
      res.text = `Forbid: ${oldestText}, so ${nextText} will be skipped${res.skipped.length ? ` (${res.skipped.length}${res.skipped.length >= MISSED_ENUM_CAP ? '+' : ''} run${res.skipped.length > 1 ? 's' : ''} skipped since ${at(res.skipped[0]!)})` : ''}; ${late}`;
    } else {
      res.text = `Forbid: no Job is active, so ${nextText} will start; a run still going at the following time makes that one skip`;
    }
    return res;
  }
  if (policy === 'Replace') {
    if (oldest) {
      res.tone = 'warn';
      res.overran = res.skipped.length > 0;
      res.text = `Replace: ${oldestText}; it will be deleted and replaced by ${nextText}`;
    } else {
      res.text = `Replace: no Job is active; a run still going at the next time is deleted and replaced`;
    }
    return res;
  }
  if (active.length) {
    res.tone = 'info';
    res.text = `Allow: ${active.length} Job${active.length > 1 ? 's' : ''} active (${oldestText}); ${nextText} starts alongside`;
  } else {
    res.text = `Allow: runs may overlap; no Job is active now`;
  }
  return res;
}
