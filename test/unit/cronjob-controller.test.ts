// k8stui's transcription of the CronJob controller (src/model/cronjob-controller.ts)
// against the controller itself.
//
// test/fixtures/cronjob/controller-cases.json was written by test/cronjob-oracle,
// a Go program that calls the real mostRecentScheduleTime and syncCronJob of
// k8s.io/kubernetes v1.34.4 (pkg/controller/cronjob) on 4,000 generated cases
// plus hand-picked ones. Regenerate it there (`go run . > ...`); this test only
// reads the table, so it runs where Go is not installed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CronJob } from '../../src/model/cronjob.js';
import { controllerSync, mostRecentScheduleTime, nextScheduleTime } from '../../src/model/cronjob-controller.js';
import { nextAfter, parseStandard, type CronSchedule } from '../../src/model/cron.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Case {
  id: number;
  schedule: string;
  timeZone?: string;
  created: string;
  last?: string;
  sds?: number;
  suspend?: boolean;
  now: string;
  want: {
    earliest?: string;
    mostRecent?: string;
    missed?: 'none' | 'few' | 'many';
    err?: string;
    events: string[];
    started?: string;
    requeueMs?: number;
  };
}

const table = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/cronjob/controller-cases.json'), 'utf8')) as { kubernetes: string; go: string; cases: Case[] };

function cronJobOf(c: Case): CronJob {
  const cj: CronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj', namespace: `case-${c.id}`, uid: `uid-${c.id}`, creationTimestamp: c.created },
    spec: { schedule: c.schedule, concurrencyPolicy: 'Allow', suspend: !!c.suspend },
    status: {},
  };
  if (c.timeZone !== undefined) cj.spec.timeZone = c.timeZone;
  if (c.sds !== undefined) cj.spec.startingDeadlineSeconds = c.sds;
  if (c.last !== undefined) cj.status!.lastScheduleTime = c.last;
  return cj;
}

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
const norm = (s: string | undefined) => (s === undefined ? undefined : new Date(Date.parse(s)).toISOString());

describe('the controller transcription agrees with kube-controller-manager v1.34.4 (test/cronjob-oracle)', () => {
  it('the table: made by the real controller code, and it covers the cases that matter', () => {
    assert.equal(table.kubernetes, 'v1.34.4');
    assert.ok(table.cases.length >= 4000);
    const count = (p: (c: Case) => boolean) => table.cases.filter(p).length;
    // The class: the estimate says more than 100, the most recent time comes out empty.
    assert.ok(count((c) => c.want.missed === 'many' && !c.want.mostRecent) >= 100);
    assert.ok(count((c) => c.want.events.some((e) => e.includes('TooManyMissedTimes'))) >= 100);
    assert.ok(count((c) => c.want.missed === 'few' && !c.want.mostRecent) >= 50);
    assert.ok(count((c) => !!c.want.started) >= 500);
    assert.ok(count((c) => c.want.err !== undefined) >= 10);
  });

  it('mostRecentScheduleTime(cj, now, schedule, true): earliest, most recent, none/few/many, error — every case', () => {
    const wrong: string[] = [];
    for (const c of table.cases) {
      const spec = c.timeZone !== undefined && !c.schedule.includes('TZ') ? `TZ=${c.timeZone} ${c.schedule}` : c.schedule;
      const p = parseStandard(spec);
      if (c.want.earliest === undefined) {
        if (p.ok) wrong.push(`#${c.id} ${spec}: Go's ParseStandard fails, ours parses`);
        continue;
      }
      if (!p.ok) {
        wrong.push(`#${c.id} ${spec}: ours fails to parse: ${p.error}`);
        continue;
      }
      const r = mostRecentScheduleTime(cronJobOf(c), Date.parse(c.now), p.schedule, true);
      const got = { earliest: iso(r.earliest), mostRecent: iso(r.mostRecent), missed: r.missed, err: r.error };
      const want = { earliest: norm(c.want.earliest), mostRecent: norm(c.want.mostRecent), missed: c.want.missed, err: c.want.err };
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`#${c.id} ${JSON.stringify(c)}\n   got ${JSON.stringify(got)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('syncCronJob at now: the events it records, the run it starts, when it syncs again — every case', () => {
    const wrong: string[] = [];
    for (const c of table.cases) {
      const now = Date.parse(c.now);
      const s = controllerSync(cronJobOf(c), now);
      const got = {
        events: s.events.map((e) => `${e.type} ${e.reason} ${e.message}`),
        started: s.outcome === 'start' ? iso(s.scheduled) : undefined,
        requeueMs: s.nextSync === undefined ? undefined : s.nextSync - now,
      };
      const want = { events: c.want.events, started: norm(c.want.started), requeueMs: c.want.requeueMs };
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`#${c.id} ${JSON.stringify(c)}\n   got ${JSON.stringify(got)}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('issue 9: 0,30 9 * * *, lastScheduleTime 2026-03-02T09:30Z, now 2026-03-06T12:00Z, no startingDeadlineSeconds', () => {
  const T = Date.parse;
  const cj: CronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'shop', creationTimestamp: '2026-01-10T08:00:00Z' },
    spec: { schedule: '0,30 9 * * *' },
    status: { lastScheduleTime: '2026-03-02T09:30:00Z' },
  };
  const s = (parseStandard('0,30 9 * * *') as { ok: true; schedule: CronSchedule }).schedule;

  it('worked through by hand from utils.go: the estimate is 151, but the controller neither warns nor starts', () => {
    const now = T('2026-03-06T12:00:00Z');
    // earliestTime = lastScheduleTime = 03-02 09:30 (no startingDeadlineSeconds to move it).
    // t1 = Next(03-02 09:30) = 03-03 09:00; t2 = Next(t1) = 03-03 09:30.
    assert.equal(nextAfter(s, T('2026-03-02T09:30:00Z')), T('2026-03-03T09:00:00Z'));
    assert.equal(nextAfter(s, T('2026-03-03T09:00:00Z')), T('2026-03-03T09:30:00Z'));
    // now is after t2, so: timeBetweenTwoSchedules = 1800 s (the first interval, not the daily gap);
    // timeElapsed = now - t1 = 3 d 3 h = 270000 s; numberOfMissedSchedules = 270000/1800 + 1 = 151 > 100: manyMissed.
    // potentialEarliest = t1 + (151-2)·1800 s = 03-03 09:00 + 74 h 30 m = 03-06 11:30.
    // for t := Next(03-06 11:30) = 03-07 09:00; 03-07 09:00 is after now: the loop never runs,
    // mostRecentTime stays zero, so mostRecentScheduleTime returns nil (with manyMissed).
    const r = mostRecentScheduleTime(cj, now, s, true);
    assert.equal(r.earliest, T('2026-03-02T09:30:00Z'));
    assert.deepEqual(r.estimate, { intervalSec: 1800, elapsedSec: 270000, count: 151, potentialEarliest: T('2026-03-06T11:30:00Z') });
    assert.equal(r.missed, 'many');
    assert.equal(r.mostRecent, undefined);
    // nextScheduleTime returns before the TooManyMissedTimes event when mostRecentTime is nil:
    // no event, no Job. syncCronJob then requeues with nextScheduleTimeDuration: manyMissed and no
    // most recent time → Next(now) = 03-07 09:00, plus 100 ms.
    const n = nextScheduleTime(cj, now, s);
    assert.equal(n.tooManyMissed, false);
    assert.equal(n.scheduled, undefined);
    const sync = controllerSync(cj, now);
    assert.equal(sync.outcome, 'nothing-due');
    assert.deepEqual(sync.events, []);
    assert.equal(sync.nextSync, T('2026-03-07T09:00:00.100Z'));
    // The real times missed: 09:00 and 09:30 on 03-03, 03-04, 03-05 and 03-06 — 8, not 151.
  });

  it('at its next wake-up (03-07 09:00:00.1) it warns TooManyMissedTimes and starts 09:00', () => {
    // timeElapsed = 4 d = 345600 s → 193 > 100; potentialEarliest = t1 + 191·1800 s = 03-07 08:30;
    // Next = 03-07 09:00, not after now: the most recent time, so the event and the Job.
    const sync = controllerSync(cj, T('2026-03-07T09:00:00.100Z'));
    assert.equal(sync.outcome, 'start');
    assert.equal(sync.scheduled, T('2026-03-07T09:00:00Z'));
    assert.equal(sync.jobName, 'report-29547900');
    assert.deepEqual(
      sync.events.map((e) => e.reason),
      ['TooManyMissedTimes', 'SuccessfulCreate'],
    );
    assert.equal(sync.decision?.detail.estimate?.count, 193);
  });

  it('with startingDeadlineSeconds 200 it only looks back 200 s: nothing is due at 12:00, 09:30 starts at 09:32', () => {
    const bounded: CronJob = { ...cj, spec: { ...cj.spec, startingDeadlineSeconds: 200 } };
    const at12 = controllerSync(bounded, T('2026-03-06T12:00:00Z'));
    assert.equal(at12.outcome, 'nothing-due');
    assert.equal(at12.decision?.detail.earliestSource, 'startingDeadlineSeconds');
    assert.equal(at12.decision?.detail.missed, 'none');
    const at0932 = controllerSync(bounded, T('2026-03-06T09:32:00Z'));
    assert.equal(at0932.outcome, 'start');
    assert.equal(at0932.scheduled, T('2026-03-06T09:30:00Z'));
    assert.deepEqual(at0932.events.map((e) => e.reason), ['SuccessfulCreate']);
  });
});
