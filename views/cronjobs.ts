// :cj — CronJobs: the schedule as written and in words, its zone, the next
// runs (in the CronJob's zone and the user's), the last result and a history
// strip; the detail adds missed runs, what concurrencyPolicy does right now,
// and the Jobs it owns with their pods and exit codes. Layout only: every
// fact comes from src/model/cronjob.ts and job.ts, which the cronjob/* and
// job/* checks use too.
import type { Pod } from '../src/model/types.js';
import {
  type CronJob,
  type HistoryEntry,
  type HistoryMark,
  type ScheduleInfo,
  concurrencyNow,
  cronJobHistory,
  cronJobJobs,
  historyLimits,
  historyStrip,
  lastFinished,
  missedRuns,
  nextRuns,
  scheduleBase,
  scheduleInfo,
} from '../src/model/cronjob.js';
import { type Zone, CONTROLLER_ZONE, formatWall, userZone, wallOf } from '../src/model/cron.js';
import type { Job, JobInfo, PodOutcome } from '../src/model/job.js';
import { eventsFor } from '../src/model/events.js';
import { absTime, age, humanDuration, parseTime, wallTime, zoneName } from '../src/model/time.js';
import { DEFAULT_GRACE_MS } from '../diagnostics/config.js';
import type { Column, Line, LineRef, Seg, Tone, ViewCtx, ViewDef } from './types.js';
import { containersText, eventLines, fitMarker, fitWhole, imagesText, nameColumn, namespaceColumn, problemsColumn, section } from './common.js';
import { cutMiddle } from './widgets/layout.js';
import { findingLines } from './diagnostics.js';
import { tableLines } from './widgets/tableLines.js';
import { line, seg, truncate } from './widgets/text.js';

// ---------------------------------------------------------------- marks

export const HISTORY_MARKS: Record<HistoryMark, { glyph: string; ascii: string; tone: Tone; label: string }> = {
  succeeded: { glyph: '●', ascii: 'o', tone: 'ok', label: 'succeeded' },
  failed: { glyph: '✗', ascii: 'X', tone: 'error', label: 'failed' },
  running: { glyph: '◐', ascii: '>', tone: 'info', label: 'running' },
  suspended: { glyph: '‖', ascii: '=', tone: 'muted', label: 'suspended' },
};

export function historyChar(m: HistoryMark, noColor: boolean): string {
  return noColor ? HISTORY_MARKS[m].ascii : HISTORY_MARKS[m].glyph;
}

export function historySegs(marks: HistoryMark[], noColor: boolean): Seg[] {
  if (marks.length === 0) return [seg('-', 'muted')];
  return marks.map((m) => seg(historyChar(m, noColor), noColor ? undefined : HISTORY_MARKS[m].tone));
}

// ---------------------------------------------------------------- rows

export interface CronJobRow {
  cj: CronJob;
  info: ScheduleInfo;
  jobs: Job[];
  history: HistoryEntry[];
  next?: number;
  last?: HistoryEntry;
  strip: HistoryMark[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const rowCache = new WeakMap<CronJob, { now: number; version: number; row: CronJobRow }>();

export function cronJobRow(ctx: ViewCtx, cj: CronJob): CronJobRow {
  const c = rowCache.get(cj);
  if (c && c.now === ctx.now && c.version === ctx.store.version) return c.row;
  const info = scheduleInfo(cj);
  const jobs = cronJobJobs(ctx.store, cj);
  const history = cronJobHistory(ctx.store, cj, ctx.now);
  const row: CronJobRow = { cj, info, jobs, history, strip: historyStrip(history, 10) };
  const next = nextRuns(cj, 1, ctx.now)[0];
  if (next !== undefined) row.next = next;
  const last = lastFinished(history);
  if (last) row.last = last;
  rowCache.set(cj, { now: ctx.now, version: ctx.store.version, row });
  return row;
}

function zoneOf(r: CronJobRow): Zone {
  return r.info.zone ?? CONTROLLER_ZONE;
}

/** "14:00 +01:00" today, "Wed 02:00 CET" within a week, else "2026-04-01 02:00 CEST" (in the CronJob's zone). */
export function whenShort(t: number, zone: Zone, now: number): string {
  const full = formatWall(t, zone);
  const w = wallOf(t, zone);
  const n = wallOf(now, zone);
  const sameDay = w.year === n.year && w.month === n.month && w.day === n.day;
  if (sameDay) return full.slice(15);
  if (t - now < 6 * 86_400_000 && t > now) return `${full.slice(0, 4)}${full.slice(15)}`;
  return full.slice(4);
}

export function nextText(r: CronJobRow, now: number): string {
  if (r.info.error) return 'invalid schedule';
  if (r.info.timeZoneError) return 'invalid timeZone';
  if (r.cj.spec?.suspend) return 'suspended';
  if (r.next === undefined) return 'never';
  // The wall time names its zone (the TZ column may be dropped at 80 columns).
  // `13h (Wed 02:00 CET)`: how long until it, as LAST says how long since.
  return `${humanDuration(r.next - now)} (${whenShort(r.next, zoneOf(r), now)})`;
}

/**
 * A narrow NEXT cell drops the wall time and its zone together, never one
 * without the other: `13h (Wed 02:00 CET)` → `13h`.
 */
export function fitNext(value: string, w: number): string {
  const i = value.indexOf(' (');
  if (i < 0) return truncate(value, w);
  return value.slice(0, i);
}

function nextTone(r: CronJobRow): Tone | undefined {
  if (r.info.error || r.info.timeZoneError || r.next === undefined) return r.cj.spec?.suspend && !r.info.error ? 'muted' : 'error';
  if (r.cj.spec?.suspend) return 'muted';
  return undefined;
}

export function resultText(r: CronJobRow): string {
  const l = r.last;
  if (!l) return r.history.length ? 'running' : '-';
  const d = l.info.durationMs !== undefined ? ` ${humanDuration(l.info.durationMs)}` : '';
  if (l.info.status === 'Complete') return `succeeded${d}`;
  return `failed${d}${l.info.failure ? `: ${l.info.failure.reason}` : ''}`;
}

export function whenText(r: CronJobRow): string {
  if (r.info.error) return 'invalid schedule';
  if (!r.info.timeZoneError && r.next === undefined && !r.cj.spec?.suspend) return `${r.info.when} (never fires)`;
  return r.info.when;
}

function tzText(r: CronJobRow): string {
  if (r.info.timeZoneError) return `${r.info.timeZone} (invalid)`;
  return r.info.zoneLabel;
}

// ---------------------------------------------------------------- list

const get = (r: CronJobRow) => r.cj;

export const cronJobColumns: Column<CronJobRow>[] = [
  namespaceColumn(get),
  { ...nameColumn(get), minWidth: 16 },
  { id: 'schedule', header: 'SCHEDULE', priority: 1, minWidth: 12, maxWidth: 24, value: (r) => r.info.schedule, tone: (r) => (r.info.error ? 'error' : r.info.tzInSchedule ? 'warn' : undefined) },
  { id: 'when', header: 'WHEN', priority: 3, minWidth: 18, maxWidth: 40, value: (r) => whenText(r), tone: (r) => (r.info.error || (r.next === undefined && !r.cj.spec?.suspend) ? 'error' : undefined) },
  {
    id: 'tz',
    header: 'TZ',
    priority: 3,
    minWidth: 13,
    maxWidth: 36,
    fit: fitMarker,
    value: (r) => tzText(r),
    tone: (r) => (r.info.timeZoneError ? 'error' : r.info.tzInSchedule ? 'warn' : r.info.zoneAssumed ? 'muted' : undefined),
  },
  { id: 'suspend', header: 'SUSPEND', priority: 5, wide: true, value: (r) => (r.cj.spec?.suspend ? 'True' : 'False'), tone: (r) => (r.cj.spec?.suspend ? 'warn' : undefined) },
  { id: 'concurrency', header: 'CONCURRENCY', priority: 5, wide: true, value: (r) => r.cj.spec?.concurrencyPolicy ?? 'Allow' },
  { id: 'active', header: 'ACTIVE', priority: 4, align: 'right', value: (r) => String(r.cj.status?.active?.length ?? 0), sortValue: (r) => r.cj.status?.active?.length ?? 0 },
  {
    id: 'last',
    header: 'LAST',
    priority: 2,
    minWidth: 8,
    align: 'right',
    value: (r, ctx) => (r.cj.status?.lastScheduleTime ? age(r.cj.status.lastScheduleTime, ctx.now) : '<none>'),
    sortValue: (r, ctx) => ctx.now - (parseTime(r.cj.status?.lastScheduleTime) ?? -Infinity),
  },
  {
    id: 'result',
    header: 'RESULT',
    priority: 2,
    minWidth: 14,
    maxWidth: 36,
    value: (r) => resultText(r),
    tone: (r) => (!r.last ? 'muted' : r.last.info.status === 'Complete' ? 'ok' : 'error'),
  },
  {
    id: 'next',
    header: 'NEXT',
    priority: 0,
    minWidth: 16,
    maxWidth: 36,
    fit: fitNext,
    value: (r, ctx) => nextText(r, ctx.now),
    tone: (r) => nextTone(r),
    sortValue: (r) => r.next ?? Number.MAX_SAFE_INTEGER,
  },
  {
    id: 'history',
    header: 'HISTORY',
    // The last runs' outcomes: short, and what tells a failing CronJob at a glance.
    priority: 0,
    minWidth: 7,
    value: (r, ctx) => historySegs(r.strip, ctx.noColor).map((s) => s.text).join(''),
    cell: (r, ctx) => historySegs(r.strip, ctx.noColor),
  },
  problemsColumn(get, 'CronJob'),
  // kubectl get cj -o wide (printers.go cronJobColumnDefinitions, Priority 1).
  { id: 'containers', header: 'CONTAINERS', priority: 5, wide: true, maxWidth: 40, value: (r) => containersText(r.cj.spec?.jobTemplate?.spec?.template?.spec) },
  { id: 'images', header: 'IMAGES', priority: 5, wide: true, maxWidth: 60, value: (r) => imagesText(r.cj.spec?.jobTemplate?.spec?.template?.spec) },
];

// ---------------------------------------------------------------- detail

function kvl(key: string, ...rest: (Seg | string)[]): Line {
  return line(seg(`${key}`.padEnd(18), 'muted'), ...rest);
}

interface HistoryRow {
  entry: HistoryEntry;
  pod?: PodOutcome;
  /** "… 3 earlier pods" placeholder. */
  more?: number;
}

/** "Completed (exit 0)", "Error (exit 1)", "OOMKilled (exit 137)", "Running (last exit 2 Error)". */
export function podStatusText(p: PodOutcome): string {
  if (p.outcome === 'succeeded' || p.outcome === 'failed') {
    const label = p.reason ?? (p.outcome === 'succeeded' ? 'Completed' : p.state);
    return p.exitCode !== undefined ? `${label} (exit ${p.exitCode})` : label;
  }
  return p.fromLastState && p.exitCode !== undefined ? `${p.state} (last exit ${p.exitCode}${p.reason ? ` ${p.reason}` : ''})` : p.state;
}

function podTone(p: PodOutcome): Tone | undefined {
  if (p.outcome === 'succeeded') return 'muted';
  if (p.outcome === 'failed') return 'error';
  if (p.outcome === 'pending') return 'warn';
  return p.state === 'Running' ? 'info' : 'warn';
}

export function jobStatusText(info: JobInfo): string {
  if (info.status === 'Failed' || info.status === 'FailureTarget') return `${info.status}${info.failure ? ` (${info.failure.reason})` : ''}`;
  return info.status;
}

export function jobStatusTone(info: JobInfo): Tone | undefined {
  switch (info.status) {
    case 'Complete':
    case 'SuccessCriteriaMet':
      return 'ok';
    case 'Failed':
    case 'FailureTarget':
      return 'error';
    case 'Suspended':
    case 'Terminating':
      return 'muted';
    default:
      return 'info';
  }
}

const MAX_PODS_PER_JOB = 5;

function historyRows(history: HistoryEntry[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const e of history) {
    rows.push({ entry: e });
    const pods = e.info.pods;
    if (pods.length > MAX_PODS_PER_JOB) rows.push({ entry: e, more: pods.length - MAX_PODS_PER_JOB });
    for (const p of pods.slice(-MAX_PODS_PER_JOB)) rows.push({ entry: e, pod: p });
  }
  return rows;
}

/** A history line opens its Job, a pod line under it the pod. */
export function historyRowRef(r: HistoryRow): LineRef | undefined {
  if (r.more !== undefined) return undefined;
  const o = r.pod ? r.pod.pod : r.entry.job;
  return { kind: r.pod ? 'Pod' : 'Job', namespace: o.metadata.namespace, name: o.metadata.name };
}

function historyColumns(zone: Zone, now: number): Column<HistoryRow>[] {
  // Wall time in the CronJob's zone, with its abbreviation (the IANA name is under the table).
  const wall = (t: number | undefined) => (t === undefined ? '-' : wallTime(t, zone));
  return [
    {
      id: 'name',
      header: 'NAME',
      priority: 0,
      minWidth: 20,
      maxWidth: 60,
      // A Job's and a pod's distinguishing part is at the end.
      fit: cutMiddle,
      value: (r, ctx) => (r.more !== undefined ? `  ${ctx.noColor ? '`-' : '└'} … ${r.more} earlier pod${r.more > 1 ? 's' : ''}` : r.pod ? `  ${ctx.noColor ? '`-' : '└'} ${r.pod.name}` : r.entry.job.metadata.name),
      tone: (r) => (r.pod || r.more !== undefined ? 'muted' : undefined),
    },
    { id: 'scheduled', header: 'SCHEDULED FOR', priority: 1, fit: fitWhole, value: (r) => (r.pod || r.more !== undefined ? '' : wall(r.entry.info.scheduledFor?.at)) },
    { id: 'start', header: 'START', priority: 2, fit: fitWhole, value: (r) => (r.more !== undefined ? '' : wall(r.pod ? r.pod.startedAt : r.entry.info.start)) },
    {
      id: 'duration',
      header: 'DURATION',
      priority: 1,
      align: 'right',
      value: (r) => {
        if (r.more !== undefined) return '';
        if (r.pod) {
          const end = r.pod.finishedAt ?? (r.pod.outcome === 'running' ? now : undefined);
          return r.pod.startedAt !== undefined && end !== undefined ? humanDuration(end - r.pod.startedAt) : '';
        }
        return r.entry.info.durationMs !== undefined ? humanDuration(r.entry.info.durationMs) : '-';
      },
    },
    { id: 'completions', header: 'COMPLETIONS', priority: 3, value: (r) => (r.pod || r.more !== undefined ? '' : r.entry.info.completions) },
    {
      id: 'failed',
      header: 'FAILED',
      priority: 3,
      align: 'right',
      value: (r) => (r.pod || r.more !== undefined ? '' : String(r.entry.info.failed)),
      tone: (r) => (!r.pod && r.more === undefined && r.entry.info.failed > 0 ? 'warn' : undefined),
    },
    {
      id: 'status',
      header: 'STATUS',
      priority: 0,
      minWidth: 18,
      maxWidth: 48,
      value: (r) => (r.more !== undefined ? '' : r.pod ? podStatusText(r.pod) : jobStatusText(r.entry.info)),
      tone: (r) => (r.more !== undefined ? undefined : r.pod ? podTone(r.pod) : jobStatusTone(r.entry.info)),
    },
    { id: 'node', header: 'NODE', priority: 5, value: (r) => (r.pod?.node ?? '') },
  ];
}

interface RunRow {
  i: number;
  t: number;
}

function nextRunColumns(cjZone: Zone, user: Zone, now: number, sameZone: boolean): Column<RunRow>[] {
  const cols: Column<RunRow>[] = [
    { id: 'n', header: '#', priority: 0, align: 'right', value: (r) => String(r.i) },
    // The weekday in the CronJob's zone: schedules are often written by day of week.
    { id: 'day', header: 'DAY', priority: 1, value: (r) => WEEKDAYS[wallOf(r.t, cjZone).weekday]! },
    { id: 'cj', header: sameZone ? `TIME (${zoneName(cjZone)})` : `CRONJOB ZONE (${zoneName(cjZone)})`, priority: 0, fit: fitWhole, value: (r) => wallTime(r.t, cjZone) },
  ];
  if (!sameZone) cols.push({ id: 'user', header: `YOUR ZONE (${zoneName(user)})`, priority: 1, fit: fitWhole, value: (r) => wallTime(r.t, user) });
  cols.push({ id: 'in', header: 'IN', priority: 2, align: 'right', value: (r) => humanDuration(r.t - now) });
  return cols;
}

function startingDeadlineText(cj: CronJob): string {
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sds === undefined || sds === null) return 'not set: a late run starts whenever the controller gets to it (only the most recent missed time)';
  return `${sds}s: a run not started within ${humanDuration(sds * 1000)} of its time is skipped (MissSchedule)`;
}

export function cronJobDetailLines(r: CronJobRow, ctx: ViewCtx): Line[] {
  const { cj, info } = r;
  const m = cj.metadata;
  const ns = m.namespace;
  const zone = zoneOf(r);
  const out: Line[] = [];
  out.push(line(seg(`CronJob ${ns}/${m.name}`, 'accent', true), seg(`  created ${absTime(m.creationTimestamp)} (${age(m.creationTimestamp, ctx.now)} ago)`, 'muted')));
  out.push(...findingLines(ctx.findingsFor?.('CronJob', ns, m.name) ?? [], ctx));

  out.push(kvl('Schedule', seg(info.schedule, info.error ? 'error' : undefined, true), seg(`  ${whenText(r)}`, info.error ? 'error' : undefined)));
  if (info.error) out.push(kvl('', seg(`Kubernetes rejects it: ${info.error}`, 'error')));
  if (info.timeZoneError) out.push(kvl('Time zone', seg(`${info.timeZone}: ${info.timeZoneError}; the controller starts no Jobs`, 'error')));
  else if (info.tzInSchedule) out.push(kvl('Time zone', seg(info.zoneLabel, 'warn'), seg('  a TZ= prefix is not supported; use spec.timeZone', 'warn')));
  else if (info.zoneAssumed) out.push(kvl('Time zone', seg("not set: kube-controller-manager's local zone, assumed UTC below", 'muted')));
  else out.push(kvl('Time zone', info.zoneLabel));
  out.push(kvl('Suspend', cj.spec?.suspend ? seg('true: no new Jobs start', 'warn') : 'false'));
  const conc = concurrencyNow(cj, r.jobs, ctx.now);
  out.push(kvl('Concurrency', seg(conc.text, conc.tone === 'ok' ? undefined : conc.tone)));
  out.push(kvl('Starting deadline', startingDeadlineText(cj)));
  const last = parseTime(cj.status?.lastScheduleTime);
  const lastOk = parseTime(cj.status?.lastSuccessfulTime);
  out.push(
    kvl(
      'Last schedule',
      last !== undefined ? `${absTime(last, zone)} (${humanDuration(ctx.now - last)} ago)` : seg('never', 'muted'),
      seg(lastOk !== undefined ? `   last successful ${absTime(lastOk, zone)} (${humanDuration(ctx.now - lastOk)} ago)` : '', 'muted'),
    ),
  );
  const missed = missedRuns(cj, r.jobs, ctx.now, DEFAULT_GRACE_MS);
  const base = scheduleBase(cj);
  if (!info.parsed || info.timeZoneError) {
    out.push(kvl('Missed runs', seg('-', 'muted')));
  } else if (missed.count === 0 && !missed.controller.tooMany) {
    out.push(kvl('Missed runs', seg(`none since ${base?.source ?? 'creation'}`, 'muted')));
  } else {
    const parts = [`${missed.count}${missed.capped ? '+' : ''} since ${base?.source} (first ${absTime(missed.times[0] ?? ctx.now, zone)})`];
    if (missed.pastDeadline) parts.push(`${missed.pastDeadline} past startingDeadlineSeconds`);
    out.push(kvl('Missed runs', seg(parts.join('; '), cj.spec?.suspend ? 'muted' : 'warn')));
    if (missed.controller.tooMany) {
      out.push(kvl('', seg(`the controller counts about ${missed.controller.count} (> 100): it reports TooManyMissedTimes and starts only the most recent`, 'error')));
    } else if (cj.spec?.suspend) {
      out.push(kvl('', seg('suspended: on resume the most recent one starts at once unless startingDeadlineSeconds has passed', 'muted')));
    }
  }
  const limits = historyLimits(cj, r.jobs);
  out.push(
    kvl(
      'History limits',
      `successful ${limits.successful}${limits.successfulDefaulted ? ' (default)' : ''} (kept ${limits.successfulKept})`,
      `   failed ${limits.failed}${limits.failedDefaulted ? ' (default)' : ''} (kept ${limits.failedKept})`,
    ),
  );

  // Next runs, in the CronJob's zone and the user's.
  out.push(line(''));
  const user = userZone();
  const runs = nextRuns(cj, 10, ctx.now);
  const sameZone = user.name === zone.name || (user.utc && zone.utc);
  out.push(section(`Next ${runs.length || 10} runs${cj.spec?.suspend ? ' (suspended: none will start until resumed)' : ''}`));
  if (runs.length === 0) {
    out.push(line(seg(`  ${info.error ? 'none: the schedule is invalid' : info.timeZoneError ? 'none: the timeZone is invalid' : 'never: no time within five years matches this schedule'}`, 'error')));
  } else {
    out.push(...tableLines(nextRunColumns(zone, user, ctx.now, sameZone), runs.map((t, i) => ({ i: i + 1, t })), ctx));
    if (info.zoneAssumed) out.push(line(seg("  times assume kube-controller-manager runs in UTC (spec.timeZone is not set)", 'muted')));
  }

  // History.
  out.push(line(''));
  out.push(
    line(
      seg(`History: ${r.history.length} Job${r.history.length === 1 ? '' : 's'}  `, 'accent', true),
      ...(r.history.length ? historySegs(historyStrip(r.history, 20), ctx.noColor) : []),
      seg(r.history.length ? `  (strip oldest ${ctx.noColor ? '->' : '→'} newest; table newest first)` : '', 'muted'),
    ),
  );
  if (r.history.length === 0) {
    out.push(line(seg(ctx.store.complete('Job', ns) ? '  No Jobs: none has run yet, or the history limits removed them.' : `  Jobs could not be read (${ctx.store.status('Job').state}).`, 'muted')));
  } else {
    out.push(...tableLines(historyColumns(zone, ctx.now), historyRows(r.history), ctx, '  ', historyRowRef));
    const legend = (['succeeded', 'failed', 'running', 'suspended'] as HistoryMark[]).map((k) => `${historyChar(k, ctx.noColor)} ${HISTORY_MARKS[k].label}`).join('  ');
    out.push(line(seg(`  ${legend}   times in ${zoneName(zone)}`, 'muted')));
  }

  out.push(line(''), section('Events'));
  const events = eventsFor(ctx.store, 'CronJob', ns, m.name, m.uid);
  out.push(...eventLines(events.slice(0, 30), ctx.now));
  return out;
}

// ---------------------------------------------------------------- view

function newestPods(r: CronJobRow): Pod[] {
  const newest = r.history.find((h) => h.info.pods.length > 0);
  return newest ? [...newest.info.pods].reverse().map((p) => p.pod) : [];
}

export const cronJobsView: ViewDef<CronJobRow> = {
  id: 'cj',
  title: 'CronJobs',
  aliases: ['cj', 'cronjob', 'cronjobs'],
  kinds: ['CronJob', 'Job', 'Pod'],
  namespaced: true,
  defaultSort: 'name',
  columns: cronJobColumns,
  rows: (ctx) => ctx.store.list<CronJob>('CronJob', ctx.namespace).map((cj) => cronJobRow(ctx, cj)),
  key: (r) => `${r.cj.metadata.namespace}/${r.cj.metadata.name}`,
  object: (r) => r.cj,
  detail: (r, ctx) => cronJobDetailLines(cronJobRow(ctx, r.cj), ctx),
  logTargets: (r) =>
    newestPods(r).map((p) => ({ namespace: p.metadata.namespace!, pod: p.metadata.name, containers: (p.spec?.containers ?? []).map((c) => c.name) })),
};
