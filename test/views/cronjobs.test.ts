// :cj as pure functions (rows, column values, visible columns, detail lines)
// at 80 and 160 columns, then driven in the shell.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sObject } from '../../src/model/types.js';
import { cronJobsView, type CronJobRow, HISTORY_MARKS, fitNext } from '../../views/cronjobs.js';
import type { Line, ViewCtx } from '../../views/types.js';
import { fitCell, layoutColumns } from '../../views/widgets/layout.js';
import { lineText, textWidth } from '../../views/widgets/text.js';
import { allViews } from '../../views/registry.js';
import * as cronjobArea from '../../diagnostics/cronjob.js';
import * as jobArea from '../../diagnostics/job.js';
import * as podArea from '../../diagnostics/pod.js';
import { findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import { GRACE, NOW, MIN, cronJob, makeStore } from '../fixtures/job/build.js';
import * as S from '../fixtures/cronjob/scenarios.js';
import { KEYS, renderWithProviders } from './helpers.js';

const AREAS = [
  { area: 'pod' as const, checks: podArea.checks, run: podArea.run },
  { area: 'job' as const, checks: jobArea.checks, run: jobArea.run },
  { area: 'cronjob' as const, checks: cronjobArea.checks, run: cronjobArea.run },
];

let savedTZ: string | undefined;
before(() => {
  savedTZ = process.env.TZ;
  // The user's zone (the detail shows the next runs in it).
  process.env.TZ = 'America/New_York';
});
after(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

function ctxFor(objs: K8sObject[], o: { width?: number; noColor?: boolean; namespace?: string; now?: number; forbidden?: Parameters<typeof makeStore>[1] } = {}): ViewCtx {
  const store = makeStore(objs, o.forbidden);
  const now = o.now ?? NOW;
  const ctx: ViewCtx = { store, now, width: o.width ?? 160, noColor: o.noColor ?? false, namespace: o.namespace };
  const report = runDiagnostics(store, { now, graceMs: GRACE, namespace: o.namespace, areas: AREAS });
  ctx.diagnostics = report;
  ctx.findingsFor = findingsIndex(report).findingsFor;
  return ctx;
}

function row(ctx: ViewCtx, name: string): CronJobRow {
  const r = cronJobsView.rows(ctx).find((x) => x.cj.metadata.name === name);
  assert.ok(r, name);
  return r;
}

function value(ctx: ViewCtx, name: string, id: string): string {
  const col = cronJobsView.columns.find((c) => c.id === id);
  assert.ok(col, id);
  return col.value(row(ctx, name), ctx);
}

/** The columns the shell lays out: without NAMESPACE when one namespace is selected, as the shell does. */
function visible(ctx: ViewCtx): string[] {
  const cols = ctx.namespace ? cronJobsView.columns.filter((c) => c.id !== 'namespace') : cronJobsView.columns;
  return layoutColumns(cols, cronJobsView.rows(ctx), ctx, ctx.width).map((l) => l.col.id);
}

function text(lines: Line[]): string[] {
  return lines.map(lineText);
}

test('view identity: :cj with its aliases and the kinds it reads', () => {
  assert.equal(cronJobsView.id, 'cj');
  assert.deepEqual(cronJobsView.aliases, ['cj', 'cronjob', 'cronjobs']);
  assert.deepEqual(cronJobsView.kinds, ['CronJob', 'Job', 'Pod']);
  const ctx = ctxFor(S.healthyDailyBackup());
  const r = row(ctx, 'daily-backup');
  assert.equal(cronJobsView.key(r), 'shop/daily-backup');
  assert.equal(cronJobsView.object!(r, ctx)?.kind, 'CronJob');
});

test('list columns: the issue-4 set in order', () => {
  assert.deepEqual(
    cronJobsView.columns.map((c) => c.header),
    ['NAMESPACE', 'NAME', 'SCHEDULE', 'WHEN', 'TZ', 'SUSPEND', 'CONCURRENCY', 'ACTIVE', 'LAST', 'RESULT', 'NEXT', 'HISTORY', 'PROBLEMS', 'CONTAINERS', 'IMAGES'],
  );
  assert.deepEqual(cronJobsView.columns.filter((c) => c.wide).map((c) => c.id), ['suspend', 'concurrency', 'containers', 'images']);
});

test('list values for a healthy daily backup in Europe/Berlin', () => {
  const ctx = ctxFor(S.healthyDailyBackup());
  assert.equal(value(ctx, 'daily-backup', 'schedule'), '0 2 * * *');
  assert.equal(value(ctx, 'daily-backup', 'when'), 'at 02:00 every day');
  assert.equal(value(ctx, 'daily-backup', 'tz'), 'Europe/Berlin');
  assert.equal(value(ctx, 'daily-backup', 'suspend'), 'False');
  assert.equal(value(ctx, 'daily-backup', 'concurrency'), 'Forbid');
  assert.equal(value(ctx, 'daily-backup', 'active'), '0');
  assert.equal(value(ctx, 'daily-backup', 'last'), '11h');
  assert.equal(value(ctx, 'daily-backup', 'result'), 'succeeded 5m12s');
  // Next: 2026-03-11 02:00 CET = 01:00Z, 13h after NOW; shown in the CronJob's wall time, with its zone.
  assert.match(value(ctx, 'daily-backup', 'next'), /^13h \(Wed 02:00 (CET|\+01:00)\)$/);
  assert.equal(value(ctx, 'daily-backup', 'history'), '●●●');
  assert.equal(value(ctx, 'daily-backup', 'problems'), '');
});

test('TZ says when the zone is an assumption, or comes from a legacy prefix, or is invalid', () => {
  const ctx = ctxFor([
    cronJob({ name: 'plain' }),
    cronJob({ name: 'legacy', schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' }),
    cronJob({ name: 'typo', timeZone: 'Europe/Pariss' }),
  ]);
  assert.equal(value(ctx, 'plain', 'tz'), "controller's zone (UTC?)");
  assert.equal(value(ctx, 'legacy', 'tz'), 'Europe/Berlin (TZ= in schedule)');
  assert.equal(value(ctx, 'typo', 'tz'), 'Europe/Pariss (invalid)');
  assert.equal(value(ctx, 'typo', 'next'), 'invalid timeZone');
  const tz = cronJobsView.columns.find((c) => c.id === 'tz')!;
  assert.equal(tz.tone!(row(ctx, 'plain'), ctx), 'muted');
  assert.equal(tz.tone!(row(ctx, 'typo'), ctx), 'error');
});

test('NEXT and WHEN for invalid, impossible and suspended schedules; @every', () => {
  const ctx = ctxFor([
    cronJob({ name: 'bad', schedule: '0 0 * * 7' }),
    cronJob({ name: 'feb30', schedule: '0 0 30 2 *', timeZone: 'UTC' }),
    cronJob({ name: 'paused', schedule: '*/5 * * * *', suspend: true, timeZone: 'UTC' }),
    cronJob({ name: 'every', schedule: '@every 90m', timeZone: 'UTC', lastScheduleTime: NOW - 30 * MIN }),
  ]);
  assert.equal(value(ctx, 'bad', 'when'), 'invalid schedule');
  assert.equal(value(ctx, 'bad', 'next'), 'invalid schedule');
  assert.equal(value(ctx, 'feb30', 'when'), 'at 00:00 on 30 February (never fires)');
  assert.equal(value(ctx, 'feb30', 'next'), 'never');
  assert.equal(value(ctx, 'paused', 'next'), 'suspended');
  assert.equal(value(ctx, 'paused', 'suspend'), 'True');
  assert.equal(value(ctx, 'every', 'when'), 'every 1h30m');
  assert.equal(value(ctx, 'every', 'next'), '60m (13:00 UTC)');
});

test('RESULT and HISTORY: the newest finished run, marks oldest to newest, ASCII under NO_COLOR', () => {
  const ctx = ctxFor(S.lastRunFailed());
  assert.equal(value(ctx, 'nightly-report', 'result'), 'failed 6m: BackoffLimitExceeded');
  assert.equal(value(ctx, 'nightly-report', 'history'), '●●✗');
  const cell = cronJobsView.columns.find((c) => c.id === 'history')!.cell!(row(ctx, 'nightly-report'), ctx);
  assert.deepEqual(cell.map((s) => s.tone), ['ok', 'ok', 'error']);
  const nc = ctxFor(S.lastRunFailed(), { noColor: true });
  assert.equal(value(nc, 'nightly-report', 'history'), 'ooX');
  assert.deepEqual(cronJobsView.columns.find((c) => c.id === 'history')!.cell!(row(nc, 'nightly-report'), nc).map((s) => s.tone), [undefined, undefined, undefined]);
  const marks = Object.values(HISTORY_MARKS);
  assert.equal(new Set(marks.map((m) => m.glyph)).size, marks.length);
  assert.equal(new Set(marks.map((m) => m.ascii)).size, marks.length);
  assert.equal(value(ctx, 'nightly-report', 'problems'), '1 error');
  const fb = ctxFor(S.forbidSkipping());
  assert.equal(value(fb, 'hourly-sync', 'history'), '●◐');
  assert.equal(value(fb, 'hourly-sync', 'active'), '1');
});

test('columns by width: at 80 NAMESPACE, NEXT, HISTORY and PROBLEMS stay; at 200 all but the wide-mode ones', () => {
  const objs = [...S.healthyDailyBackup(), ...S.lastRunFailed(), ...S.forbidSkipping()];
  assert.deepEqual(visible(ctxFor(objs, { width: 80 })), ['namespace', 'name', 'schedule', 'next', 'history', 'problems']);
  assert.deepEqual(visible(ctxFor(objs, { width: 80, namespace: 'shop' })), ['name', 'schedule', 'last', 'next', 'history', 'problems']);
  assert.deepEqual(visible(ctxFor(objs, { width: 200 })), ['namespace', 'name', 'schedule', 'when', 'tz', 'active', 'last', 'result', 'next', 'history', 'problems']);
  const wideMode = visible({ ...ctxFor(objs, { width: 300 }), wide: true });
  for (const id of ['suspend', 'concurrency', 'containers', 'images']) assert.ok(wideMode.includes(id), id);
});

test('NEXT names its zone with the wall time, and a narrow cell drops both together', () => {
  const objs = [...S.healthyDailyBackup(), ...S.forbidSkipping()];
  for (const width of [80, 200]) {
    const ctx = ctxFor(objs, { width });
    const rows = cronJobsView.rows(ctx);
    const laid = layoutColumns(cronJobsView.columns, rows, ctx, width).find((l) => l.col.id === 'next')!;
    for (const r of rows) {
      const cell = fitCell(laid.col, laid.col.value(r, ctx), laid.width);
      // Either a relative time alone, or a wall time that ends with its zone.
      assert.match(cell, /^\d+[smhd]\w*( \((\w{3} )?\d\d:\d\d (UTC|CET|[+-]\d\d:\d\d)\))?$/, `${width}: ${cell}`);
    }
  }
  assert.equal(fitNext('13h (Wed 02:00 CET)', 10), '13h');
  assert.equal(fitNext('invalid schedule', 10), 'invalid s…');
});

test('detail: schedule, zone, concurrency now, missed runs, history limits', () => {
  const ctx = ctxFor(S.forbidSkipping());
  const lines = text(cronJobsView.detail!(row(ctx, 'hourly-sync'), ctx));
  assert.equal(lines[0], 'CronJob shop/hourly-sync  created 2026-02-08 12:00:00 UTC (30d ago)');
  assert.ok(lines.includes('Problems (1)'));
  assert.ok(lines.some((l) => /^  warning +cronjob\/forbid-skipping/.test(l)));
  assert.ok(lines.includes('Schedule          0 * * * *  every hour at :00'));
  assert.ok(lines.includes('Time zone         UTC'));
  const conc = lines.find((l) => l.startsWith('Concurrency'))!;
  assert.equal(
    conc,
    'Concurrency       Forbid: Job hourly-sync-29552280 has been active since 2026-03-10 10:00:02 UTC, so the 2026-03-10 13:00:00 UTC run will be skipped (2 runs skipped since 2026-03-10 11:00:00 UTC); when it finishes, the most recent skipped time starts at once',
  );
  // 12:00 is still within the grace period, so only 11:00 counts as missed (Forbid skipped both).
  assert.ok(lines.includes('Missed runs       1 since lastScheduleTime (at 2026-03-10 11:00:00 UTC)'), lines.join('\n'));
  assert.ok(lines.includes('History limits    successful 3 (kept 1)   failed 1 (kept 0)'));
  assert.ok(lines.some((l) => /^ +\S+ +Normal +JobAlreadyActive +\(x2\) Not starting job because prior execution is running/.test(l)));
});

test('detail: missed runs in the controller\'s terms: what its sync does now, what it gives up, when it syncs next', () => {
  const controller = (objs: K8sObject[], name: string, now = NOW) => {
    const ctx = ctxFor(objs, { now });
    const lines = text(cronJobsView.detail!(row(ctx, name), ctx));
    const i = lines.findIndex((l) => l.startsWith('Missed runs'));
    assert.ok(i > 0, lines.join('\n'));
    const out: string[] = [lines[i]!];
    for (let j = i + 1; lines[j]!.startsWith(' '.repeat(18)); j++) out.push(lines[j]!.trim());
    return out;
  };
  // The controller was down 08:00-11:00: its next sync starts only the most recent time.
  assert.deepEqual(controller(S.missedRuns(), 'hourly-sync'), [
    'Missed runs       4 since lastScheduleTime (from 2026-03-10 08:00:00 UTC to 2026-03-10 11:00:00 UTC)',
    'the controller starts only the most recent, the 12:00:00 UTC run, as Job hourly-sync-29552400, and gives up the 4 before it; next sync 13:00:00 UTC',
  ]);
  // Over 100 by its estimate: it still starts the most recent, and records TooManyMissedTimes.
  assert.match(controller(S.tooManyMissed(), 'heartbeat')[1]!, /^the controller starts only the most recent, the 12:00:00 UTC run, as Job heartbeat-29552400, and gives up the 175 before it; its estimate is about 180 missed \(over 100\), so it records TooManyMissedTimes; next sync 12:01:00 UTC$/);
  // Forbid with a Job active: held, and when it looks again.
  assert.equal(
    controller(S.forbidSkipping(), 'hourly-sync')[1],
    'the controller would start the 12:00:00 UTC run but concurrencyPolicy is Forbid and a Job is active: it starts nothing (JobAlreadyActive) and tries again at 13:00:00 UTC',
  );
  // Issue 9: its estimate from the first interval passes over all eight missed times; nothing until 03-07 09:00.
  assert.equal(
    controller(S.estimateSkips(), 'report', S.ISSUE9_NOW)[1],
    'the controller gives them up: it estimates the missed times from lastScheduleTime by its first interval (30m), and the estimate passes over all of them (mostRecentScheduleTime), so it starts none; next sync 2026-03-07 09:00:00 UTC, when it starts that run (Job report-29547900)',
  );
  // It would start one, but admission refuses its Jobs: the view says so next to the decision.
  const denied = controller(S.admissionDenied(), 'rollup');
  assert.match(denied[1]!, /^the controller starts only the most recent, the 12:00:00 UTC run, as Job rollup-29552400/);
  assert.match(denied[2]!, /^but creating its Jobs fails \(FailedCreate ×\d+, last 5m ago\): see Problems$/);
  // startingDeadlineSeconds shorter than the time since: it does not look back that far, and the next run starts on time.
  const weekly = cronJob({ name: 'weekly-report', schedule: '0 6 * * 1', timeZone: 'UTC', lastScheduleTime: Date.parse('2026-02-23T06:00:00Z'), startingDeadlineSeconds: 300 });
  assert.deepEqual(controller([weekly], 'weekly-report'), [
    'Missed runs       2 since lastScheduleTime (from 2026-03-02 06:00:00 UTC to 2026-03-09 06:00:00 UTC); 2 past startingDeadlineSeconds',
    `the controller gives them up: they are older than startingDeadlineSeconds (300s), so it does not look back that far; next sync 2026-03-16 06:00:00 UTC, when it starts that run (Job weekly-report-${Date.parse('2026-03-16T06:00:00Z') / 60_000})`,
  ]);
  // On time: nothing missed, nothing said about the controller.
  assert.deepEqual(controller(S.onTime(), 'hourly-sync'), ['Missed runs       none since lastScheduleTime']);
});

test('detail: the next 10 runs in the CronJob zone and the user zone, across a DST change', () => {
  // Europe/Berlin changes on 2026-03-29, New York on 2026-03-08: from 2026-03-25 both sides move.
  const objs = S.healthyDailyBackup();
  const ctx = ctxFor(objs, { now: Date.parse('2026-03-25T12:00:00Z') });
  const lines = text(cronJobsView.detail!(row(ctx, 'daily-backup'), ctx));
  const i = lines.indexOf('Next 10 runs');
  assert.ok(i > 0);
  assert.match(lines[i + 1]!, /^ +# +DAY +CRONJOB ZONE \(Europe\/Berlin\) +YOUR ZONE \(America\/New_York\) +IN$/);
  assert.match(lines[i + 2]!, /^ +1 +Thu +2026-03-26 02:00:00 (CET|\+01:00) +2026-03-25 21:00:00 EDT +13h$/);
  // 02:00 on Sunday 2026-03-29 does not exist in Berlin (clocks jump to 03:00): the controller skips that day.
  assert.match(lines[i + 4]!, /^ +3 +Sat +2026-03-28 02:00:00 (CET|\+01:00) +2026-03-27 21:00:00 EDT/);
  assert.match(lines[i + 5]!, /^ +4 +Mon +2026-03-30 02:00:00 (CEST|\+02:00) +2026-03-29 20:00:00 EDT/);
  assert.equal(lines.filter((l) => /^ +\d+ +\w{3} +2026-/.test(l)).length, 10);
});

test('detail: history table with pods and exit codes, newest first', () => {
  const ctx = ctxFor(S.lastRunFailed());
  const lines = text(cronJobsView.detail!(row(ctx, 'nightly-report'), ctx));
  const h = lines.findIndex((l) => l.startsWith('History: 3 Jobs'));
  assert.ok(h > 0);
  assert.match(lines[h]!, /^History: 3 Jobs {2}●●✗ {2}\(strip oldest → newest; table newest first\)$/);
  assert.match(lines[h + 1]!, /^ +NAME +SCHEDULED FOR +START +DURATION +COMPLETIONS +FAILED +STATUS/);
  assert.match(lines[h + 2]!, /^ +nightly-report-29551800 +2026-03-10 02:00:00 UTC +2026-03-10 02:00:02 UTC +6m +0\/1 +3 +Failed \(BackoffLimitExceeded\)/);
  assert.match(lines[h + 3]!, /^ +└ nightly-report-29551800-\w+ +2026-03-10 02:00:02 UTC +40s +Error \(exit 1\) +node-a/);
  assert.match(lines[h + 6]!, /^ +nightly-report-29550360 +2026-03-09 02:00:00 .* Complete/);
  assert.ok(lines.some((l) => l.includes('● succeeded  ✗ failed  ◐ running  ‖ suspended   times in UTC')));
});

test('detail: history lines open their Job, pod lines under them the pod', () => {
  const ctx = ctxFor(S.lastRunFailed());
  const lines = cronJobsView.detail!(row(ctx, 'nightly-report'), ctx);
  const t = text(lines);
  const h = t.findIndex((l) => l.startsWith('History: 3 Jobs'));
  assert.equal(lines[h + 1]!.ref, undefined, 'the table header is not selectable');
  assert.deepEqual(lines[h + 2]!.ref, { kind: 'Job', namespace: 'shop', name: 'nightly-report-29551800' });
  const pod = t[h + 3]!.trim().split(/\s+/)[1]!;
  assert.match(pod, /^nightly-report-29551800-\w+$/);
  assert.deepEqual(lines[h + 3]!.ref, { kind: 'Pod', namespace: 'shop', name: pod });
  // Every Job of the history is selectable, and nothing else in the table is a Job.
  const jobs = lines.slice(h).filter((l) => l.ref?.kind === 'Job').map((l) => l.ref!.name);
  assert.deepEqual(jobs, ['nightly-report-29551800', 'nightly-report-29550360', 'nightly-report-29548920']);
});

test('detail at 80 columns: nothing wider than the terminal needs, key facts kept', () => {
  const ctx = ctxFor(S.lastRunFailed(), { width: 80, noColor: true });
  const lines = text(cronJobsView.detail!(row(ctx, 'nightly-report'), ctx));
  const h = lines.findIndex((l) => l.startsWith('History: 3 Jobs'));
  assert.match(lines[h]!, /ooX {2}\(strip oldest -> newest/);
  for (const l of lines.slice(h + 1, h + 6)) assert.ok(textWidth(l) <= 80, `fits: ${l}`);
  assert.match(lines[h + 1]!, /^ +NAME +SCHEDULED FOR +DURATION +STATUS/);
  // Names keep their distinguishing end; times keep their zone (never cut: the column goes first).
  assert.match(lines[h + 2]!, /^ {2}nightly-\S*…\S*29551800 +2026-03-10 02:00:00 UTC +6m +Failed/);
  assert.match(lines[h + 3]!, /^ +`- nigh\S*…\S*-\w{5} +40s +Error \(exit 1\)/);
});

test('Jobs forbidden: the history says so instead of "no Jobs"', () => {
  const ctx = ctxFor(S.lastRunFailed(), { forbidden: { forbidden: ['Job'] } });
  const lines = text(cronJobsView.detail!(row(ctx, 'nightly-report'), ctx));
  assert.ok(lines.includes('  Jobs could not be read (forbidden).'));
  assert.equal(value(ctx, 'nightly-report', 'result'), '-');
});

test('log targets: the newest Job that has pods', () => {
  const ctx = ctxFor(S.lastRunFailed());
  const t = cronJobsView.logTargets!(row(ctx, 'nightly-report'), ctx);
  assert.equal(t.length, 3);
  assert.ok(t.every((x) => x.pod.startsWith('nightly-report-29551800-') && x.containers[0] === 'backup-tool'));
});

// ---------------------------------------------------------------- in the shell

function shell(objs: K8sObject[], columns: number) {
  const store = makeStore(objs);
  return renderWithProviders(store, {
    views: [cronJobsView, ...allViews()],
    initialView: 'cj',
    fixedNow: NOW,
    columns,
    rows: 50,
    diagnose: (s, now, namespace) => runDiagnostics(s, { now, namespace, graceMs: GRACE, areas: AREAS }),
  });
}

test('shell at 80 columns: the list with ASCII marks, then the detail', async (t) => {
  const ui = shell([...S.healthyDailyBackup(), ...S.lastRunFailed()], 80);
  t.after(() => ui.unmount());
  const f = await ui.waitFor(/1 error/);
  assert.match(f, /NAMESPACE +NAME\^ +SCHEDULE +LAST +NEXT +HISTORY +PROBLEMS/);
  assert.match(f, /shop +daily-backup +0 2 \* \* \* +11h +13h +ooo/);
  assert.match(f, /shop +nightly-report +0 2 \* \* \* +10h +14h +ooX +1 error/);
  for (const l of f.split('\n')) assert.ok(textWidth(l) <= 80, `fits 80: ${l}`);
  await ui.press(KEYS.enter);
  const d = await ui.waitFor(/CronJob shop\/daily-backup/);
  assert.match(d, /Concurrency +Forbid: no Job is active/);
});

test('shell at 200 columns: every list column but the wide-mode ones', async (t) => {
  const ui = shell([...S.healthyDailyBackup(), ...S.forbidSkipping()], 200);
  t.after(() => ui.unmount());
  const f = await ui.waitFor(/1 warning/);
  assert.match(f, /NAMESPACE +NAME\^ +SCHEDULE +WHEN +TZ +ACTIVE +LAST +RESULT +NEXT +HISTORY +PROBLEMS/);
  assert.match(f, /shop +hourly-sync +0 \* \* \* \* +every hour at :00 +UTC +1 +120m +succeeded 20m +60m \(13:00 UTC\) +o> +1 warning/);
  assert.match(f, /shop +daily-backup +0 2 \* \* \* +at 02:00 every day +Europe\/Berlin +0 +11h +succeeded 5m12s +13h \(Wed 02:00 (CET|\+01:00)\) +ooo/);
  for (const l of f.split('\n')) assert.ok(textWidth(l) <= 200, `fits 200: ${l}`);
});
