import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CronJob,
  scheduleInfo,
  nextRuns,
  neverFires,
  missedRuns,
  controllerEstimate,
  concurrencyNow,
  cronJobHistory,
  cronJobJobs,
  historyStrip,
  historyLimits,
  lastFinished,
} from '../../src/model/cronjob.js';
import type { Job } from '../../src/model/job.js';
import { DAY, GRACE, HOUR, MIN, NOW, SEC, cronJob, jobFor, makeStore } from '../fixtures/job/build.js';

const cjOf = (o: unknown) => o as CronJob;
const isoList = (ts: number[]) => ts.map((t) => new Date(t).toISOString().replace('.000Z', 'Z'));
const T = (s: string) => Date.parse(s);

describe('the schedule the controller parses', () => {
  it('timeZone: runs in that zone (DST included)', () => {
    const cj = cjOf(cronJob({ schedule: '0 2 * * *', timeZone: 'America/New_York' }));
    const info = scheduleInfo(cj);
    assert.equal(info.zoneLabel, 'America/New_York');
    assert.equal(info.zoneAssumed, false);
    assert.equal(info.when, 'at 02:00 every day');
    // 2026-03-08 is the US spring-forward day: 02:00 EST before it is 07:00Z, 02:00 EDT after it 06:00Z.
    assert.deepEqual(isoList(nextRuns(cj, 3, T('2026-03-06T12:00:00Z'))), ['2026-03-07T07:00:00Z', '2026-03-09T06:00:00Z', '2026-03-10T06:00:00Z']);
  });
  it("no timeZone: the controller's own zone, marked as an assumption", () => {
    const cj = cjOf(cronJob({ schedule: '0 2 * * *' }));
    const info = scheduleInfo(cj);
    assert.equal(info.zoneAssumed, true);
    assert.equal(info.zoneLabel, "controller's zone (UTC?)");
    assert.deepEqual(isoList(nextRuns(cj, 1, NOW)), ['2026-03-11T02:00:00Z']);
  });
  it('a legacy CRON_TZ= prefix sets the zone', () => {
    const cj = cjOf(cronJob({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' }));
    const info = scheduleInfo(cj);
    assert.equal(info.tzInSchedule, true);
    assert.equal(info.zoneLabel, 'Europe/Berlin (TZ= in schedule)');
    assert.equal(info.when, 'at 02:00 every day');
    assert.deepEqual(isoList(nextRuns(cj, 1, NOW)), ['2026-03-11T01:00:00Z']);
  });
  it('an invalid timeZone stops the controller: no next runs', () => {
    const cj = cjOf(cronJob({ timeZone: 'Mars/Olympus' }));
    assert.equal(scheduleInfo(cj).timeZoneError, '"Mars/Olympus": unknown time zone Mars/Olympus');
    assert.deepEqual(nextRuns(cj, 3, NOW), []);
  });
  it('an invalid schedule carries robfig\'s reason', () => {
    const cj = cjOf(cronJob({ schedule: '0 0 * * 7' }));
    assert.equal(scheduleInfo(cj).error, 'end of range (7) above maximum (6): 7');
    assert.equal(scheduleInfo(cj).when, 'invalid schedule');
    assert.deepEqual(nextRuns(cj, 3, NOW), []);
  });
  it('a schedule that can never fire', () => {
    const cj = cjOf(cronJob({ schedule: '0 0 30 2 *' }));
    assert.equal(neverFires(cj, NOW), true);
    assert.equal(neverFires(cjOf(cronJob({ schedule: '0 0 29 2 *' })), NOW), false);
  });
  it('@every counts from lastScheduleTime, else creationTimestamp', () => {
    const cj = cjOf(cronJob({ schedule: '@every 90m', lastScheduleTime: NOW - 30 * MIN }));
    assert.deepEqual(nextRuns(cj, 2, NOW), [NOW + 60 * MIN, NOW + 150 * MIN]);
    const late = cjOf(cronJob({ schedule: '@every 90m', lastScheduleTime: NOW - 100 * MIN }));
    assert.deepEqual(nextRuns(late, 1, NOW), [NOW + 80 * MIN]);
    const fresh = cjOf(cronJob({ schedule: '@every 90m', created: NOW - 20 * MIN }));
    assert.deepEqual(nextRuns(fresh, 1, NOW), [NOW + 70 * MIN]);
  });
});

describe('missed runs since lastScheduleTime', () => {
  it('counts scheduled times older than the grace period with no Job', () => {
    const cj = cjOf(cronJob({ schedule: '0 * * * *', lastScheduleTime: T('2026-03-10T07:00:00Z') }));
    const m = missedRuns(cj, [], NOW, GRACE);
    assert.equal(m.count, 4);
    assert.deepEqual(isoList(m.times), ['2026-03-10T08:00:00Z', '2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z']);
    assert.equal(m.sinceSource, 'lastScheduleTime');
    // The controller's own estimate includes 12:00 (now) and would start that one.
    assert.equal(m.controller.count, 5);
    assert.equal(m.controller.tooMany, false);
    assert.equal(m.controller.mostRecent, NOW);
  });
  it('a time that has a Job is not missed', () => {
    const cj = cronJob({ schedule: '0 * * * *', lastScheduleTime: T('2026-03-10T07:00:00Z') });
    const j = jobFor(cj, T('2026-03-10T09:00:00Z'));
    const m = missedRuns(cjOf(cj), [j as Job], NOW, GRACE);
    assert.equal(m.count, 3);
  });
  it('startingDeadlineSeconds: shorter tolerance, and times past it are lost for good', () => {
    const cj = cjOf(cronJob({ schedule: '*/10 * * * *', lastScheduleTime: NOW - 30 * MIN, startingDeadlineSeconds: 60 }));
    const m = missedRuns(cj, [], NOW, GRACE);
    assert.equal(m.toleranceMs, 60 * SEC);
    assert.deepEqual(isoList(m.times), ['2026-03-10T11:40:00Z', '2026-03-10T11:50:00Z']);
    assert.equal(m.pastDeadline, 2);
  });
  it('more than 100 without startingDeadlineSeconds: the controller reports TooManyMissedTimes', () => {
    const cj = cjOf(cronJob({ schedule: '* * * * *', lastScheduleTime: NOW - 3 * HOUR }));
    const e = controllerEstimate(cj, NOW);
    assert.equal(e.count, 180); // 09:01 .. 12:00
    assert.equal(e.tooMany, true);
    assert.equal(e.mostRecent, NOW);
    assert.equal(missedRuns(cj, [], NOW, GRACE).count, 175);
    const bounded = cjOf(cronJob({ schedule: '* * * * *', lastScheduleTime: NOW - 3 * HOUR, startingDeadlineSeconds: 300 }));
    assert.equal(controllerEstimate(bounded, NOW).tooMany, false);
  });
  it('the estimate is rough for uneven schedules, exactly as in the controller', () => {
    // Weekdays at 09:00: t1/t2 are one day apart, so the weekend counts too.
    const cj = cjOf(cronJob({ schedule: '0 9 * * 1-5', lastScheduleTime: T('2026-02-27T09:00:00Z') }));
    const e = controllerEstimate(cj, NOW);
    assert.equal(e.count, 9); // Mar 2 .. Mar 10 counted as 9 daily slots
    assert.equal(missedRuns(cj, [], NOW, GRACE).count, 7); // the real weekdays
    assert.equal(e.mostRecent, T('2026-03-10T09:00:00Z'));
  });
  it('issue 9: the controller\'s estimate says 151, the real count is 8, and it starts none of them', () => {
    // Worked through from utils.go in test/unit/cronjob-controller.test.ts.
    const cj = cjOf(cronJob({ schedule: '0,30 9 * * *', timeZone: 'UTC', lastScheduleTime: T('2026-03-02T09:30:00Z') }));
    const now = T('2026-03-06T12:00:00Z');
    const m = missedRuns(cj, [], now, GRACE);
    assert.equal(m.count, 8);
    assert.equal(m.controller.count, 151);
    assert.equal(m.controller.missed, 'many');
    assert.equal(m.controller.tooMany, false, 'no TooManyMissedTimes: its most recent time comes out empty');
    assert.equal(m.controller.mostRecent, undefined);
    assert.equal(m.verdict, 'estimate-skips');
    assert.equal(m.abandoned, 8);
    assert.equal(m.sync?.outcome, 'nothing-due');
    assert.equal(m.nextSync?.at, T('2026-03-07T09:00:00.100Z'));
    assert.equal(m.nextSync?.outcome, 'start');
    assert.equal(m.nextSync?.scheduled, T('2026-03-07T09:00:00Z'));
    assert.deepEqual(m.nextSync?.events.map((e) => e.reason), ['TooManyMissedTimes', 'SuccessfulCreate']);
  });
  it('verdicts: starts the latest, or gives up past startingDeadlineSeconds', () => {
    const hourly = cjOf(cronJob({ schedule: '0 * * * *', lastScheduleTime: T('2026-03-10T07:00:00Z') }));
    const m = missedRuns(hourly, [], NOW, GRACE);
    assert.equal(m.verdict, 'starts-latest');
    assert.equal(m.sync?.scheduled, NOW);
    assert.equal(m.abandoned, 4);
    const bounded = cjOf(cronJob({ schedule: '0 * * * *', lastScheduleTime: T('2026-03-10T07:00:00Z'), startingDeadlineSeconds: 600 }));
    const b = missedRuns(bounded, [], NOW + 15 * MIN, GRACE);
    assert.equal(b.verdict, 'deadline');
    assert.equal(b.count, 5);
    assert.equal(b.pastDeadline, 5);
    assert.equal(b.controller.earliestSource, 'startingDeadlineSeconds');
    assert.equal(b.nextSync?.scheduled, T('2026-03-10T13:00:00Z'));
  });
  it('a new CronJob counts from its creation', () => {
    const cj = cjOf(cronJob({ schedule: '0 * * * *', created: NOW - 150 * MIN }));
    const m = missedRuns(cj, [], NOW, GRACE);
    assert.equal(m.sinceSource, 'creationTimestamp');
    assert.equal(m.count, 2);
  });
});

describe('what concurrencyPolicy does right now', () => {
  // Absolute times as everywhere (absTime): date, seconds, the zone's abbreviation
  // (ICU's, or the offset where it has none) and the IANA name.
  const berlin = (wall: string) => `${wall} (?:CET|\\+01:00) \\(Europe/Berlin\\)`;
  const tenOClock = T('2026-03-10T10:00:00Z');
  it('Forbid with a Job active past two scheduled times', () => {
    const cj = cronJob({ schedule: '0 * * * *', concurrencyPolicy: 'Forbid', lastScheduleTime: tenOClock });
    const running = jobFor(cj, tenOClock, { outcome: 'running', start: tenOClock + 2 * SEC });
    (cj.status as Record<string, unknown>).active = [{ apiVersion: 'batch/v1', kind: 'Job', name: running.metadata.name, namespace: 'shop', uid: running.metadata.uid }];
    const c = concurrencyNow(cjOf(cj), [running as Job], NOW);
    assert.equal(c.policy, 'Forbid');
    assert.deepEqual(isoList(c.skipped), ['2026-03-10T11:00:00Z', '2026-03-10T12:00:00Z']);
    assert.equal(
      c.text,
      `Forbid: Job daily-backup-29552280 has been active since 2026-03-10 10:00:02 UTC, so the 2026-03-10 13:00:00 UTC run will be skipped (2 runs skipped since 2026-03-10 11:00:00 UTC); when it finishes, the most recent skipped time starts at once`,
    );
    assert.equal(c.tone, 'warn');
  });
  it('Forbid with startingDeadlineSeconds, and nothing active', () => {
    const cj = cronJob({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 200 });
    const running = jobFor(cj, T('2026-03-10T02:00:00Z'), { outcome: 'running', start: T('2026-03-10T02:00:01Z') });
    const r = concurrencyNow(cjOf(cj), [running as Job], NOW);
    assert.match(
      r.text,
      new RegExp(`^Forbid: Job ${running.metadata.name} has been active since ${berlin('2026-03-10 03:00:01')}, so the ${berlin('2026-03-11 03:00:00')} run will be skipped; when it finishes, a skipped time starts only if it is less than 200s old$`),
    );
    assert.deepEqual(r.skipped, []);
    const idle = concurrencyNow(cjOf(cj), [], NOW);
    assert.match(idle.text, new RegExp(`^Forbid: no Job is active, so the ${berlin('2026-03-11 03:00:00')} run will start; a run still going at the following time makes that one skip$`));
  });
  it('Replace and Allow', () => {
    const cj = cronJob({ schedule: '0 * * * *', concurrencyPolicy: 'Replace' });
    const running = jobFor(cj, T('2026-03-10T11:00:00Z'), { outcome: 'running' });
    const r = concurrencyNow(cjOf(cj), [running as Job], NOW + 10 * MIN);
    assert.match(r.text, /^Replace: Job daily-backup-\d+ has been active since 2026-03-10 11:00:02 UTC; it will be deleted and replaced by the 2026-03-10 13:00:00 UTC run$/);
    assert.equal(r.overran, true);
    const allow = cronJob({ schedule: '0 * * * *' });
    assert.equal(concurrencyNow(cjOf(allow), [], NOW).text, 'Allow: runs may overlap; no Job is active now');
    assert.equal(concurrencyNow(cjOf(allow), [], NOW).policyDefaulted, false);
  });
  it('suspended', () => {
    const cj = cjOf(cronJob({ suspend: true }));
    assert.equal(concurrencyNow(cj, [], NOW).text, 'Suspended: no new Jobs start');
  });
});

describe('history', () => {
  it('owned Jobs newest first, the last finished run, the strip and the limits', () => {
    const cj = cronJob({ schedule: '0 2 * * *', lastScheduleTime: T('2026-03-10T02:00:00Z') });
    const d = (n: number) => T('2026-03-10T02:00:00Z') - n * DAY;
    const jobs = [
      jobFor(cj, d(3), { outcome: 'complete', durationMs: 4 * MIN }),
      jobFor(cj, d(2), { outcome: 'failed', durationMs: 9 * MIN }),
      jobFor(cj, d(1), { outcome: 'complete', durationMs: 5 * MIN, failed: 1 }),
      jobFor(cj, d(0), { outcome: 'running' }),
    ];
    const store = makeStore([cj, ...jobs]);
    const h = cronJobHistory(store, cjOf(cj), NOW);
    assert.deepEqual(
      h.map((e) => [e.job.metadata.name, e.info.status]),
      [
        [jobs[3]!.metadata.name, 'Running'],
        [jobs[2]!.metadata.name, 'Complete'],
        [jobs[1]!.metadata.name, 'Failed'],
        [jobs[0]!.metadata.name, 'Complete'],
      ],
    );
    assert.deepEqual(historyStrip(h), ['succeeded', 'failed', 'succeeded', 'running']);
    assert.equal(lastFinished(h)?.job.metadata.name, jobs[2]!.metadata.name);
    const limits = historyLimits(cjOf(cj), cronJobJobs(store, cjOf(cj)));
    assert.deepEqual(limits, { successful: 3, failed: 1, successfulDefaulted: false, failedDefaulted: false, successfulKept: 2, failedKept: 1 });
  });
});
