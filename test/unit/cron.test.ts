// Cron semantics of the Kubernetes CronJob controller (robfig/cron v3
// ParseStandard + Next). Every expected value below was produced by
// robfig/cron v3.0.1 itself (Go, time.Local = UTC) and pasted here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  parseStandard,
  nextN,
  nextAfter,
  parseGoDuration,
  goDurationString,
  loadLocation,
  validateCronJobSchedule,
  validateTimeZone,
  parseCronJobSchedule,
  controllerScheduleString,
  aggregateErrors,
  formatWall,
  rfc3339In,
  zoneDate,
  describeSchedule,
  zoneVersionNote,
  ZONE_DATA,
  type CronSchedule,
} from '../../src/model/cron.js';
import { GO_TZDATA } from '../../src/model/go-zones.js';

function sched(spec: string): CronSchedule {
  const r = parseStandard(spec);
  if (!r.ok) throw new Error(`expected ${spec} to parse: ${r.error}`);
  return r.schedule;
}

function runs(spec: string, from: string, n: number): string[] {
  return nextN(sched(spec), Date.parse(from), n).map((t) => new Date(t).toISOString().replace('.000Z', 'Z'));
}

function err(spec: string): string {
  const r = parseStandard(spec);
  assert.equal(r.ok, false, `expected ${spec} to be rejected`);
  return (r as { error: string }).error;
}

describe('ParseStandard errors (robfig wording)', () => {
  const cases: [string, string][] = [
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['0 0 * * 1#2', 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
    ['H * * * *', 'failed to parse int from H: strconv.Atoi: parsing "H": invalid syntax'],
    ['0 0 15W * *', 'failed to parse int from 15W: strconv.Atoi: parsing "15W": invalid syntax'],
    ['@every 10', 'failed to parse duration @every 10: time: missing unit in duration "10"'],
    ['@DAILY', 'unrecognized descriptor: @DAILY'],
    ['', 'empty spec string'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
    ['CRON_TZ=Mars/Olympus 0 * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
    ['0 0 * * Monday', 'failed to parse int from Monday: strconv.Atoi: parsing "Monday": invalid syntax'],
    ['0 0 * * -1', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['0 0 * 13 *', 'end of range (13) above maximum (12): 13'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
  ];
  for (const [spec, message] of cases) {
    it(`${JSON.stringify(spec)} → ${message}`, () => assert.equal(err(spec), message));
  }
});

describe('Next() with robfig semantics (UTC)', () => {
  it('a daily schedule', () => {
    assert.deepEqual(runs('0 2 * * *', '2026-01-15T10:00:00Z', 3), ['2026-01-16T02:00:00Z', '2026-01-17T02:00:00Z', '2026-01-18T02:00:00Z']);
  });
  it('descriptors, including @midnight', () => {
    assert.deepEqual(runs('@midnight', '2026-01-15T10:00:00Z', 2), ['2026-01-16T00:00:00Z', '2026-01-17T00:00:00Z']);
    assert.deepEqual(runs('@daily', '2026-01-15T10:00:00Z', 1), ['2026-01-16T00:00:00Z']);
    assert.deepEqual(runs('@weekly', '2026-01-15T10:00:00Z', 2), ['2026-01-18T00:00:00Z', '2026-01-25T00:00:00Z']);
    assert.deepEqual(runs('@monthly', '2026-01-15T10:00:00Z', 2), ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z']);
    assert.deepEqual(runs('@yearly', '2026-01-15T10:00:00Z', 2), ['2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z']);
    assert.deepEqual(runs('@annually', '2026-01-15T10:00:00Z', 1), ['2027-01-01T00:00:00Z']);
    assert.deepEqual(runs('@hourly', '2026-01-15T10:00:00Z', 2), ['2026-01-15T11:00:00Z', '2026-01-15T12:00:00Z']);
  });
  it('*/1 in day-of-month keeps the star rule: Mondays only (cron-parser: every day)', () => {
    assert.deepEqual(runs('0 0 */1 * 1', '2026-01-01T00:00:00Z', 3), ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z']);
    assert.deepEqual(runs('0 0 ? * 1', '2026-01-01T00:00:00Z', 2), ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z']);
  });
  it('restricted day-of-month and day-of-week: either matches', () => {
    assert.deepEqual(runs('0 0 1 * 1', '2026-01-01T00:00:00Z', 6), [
      '2026-01-05T00:00:00Z',
      '2026-01-12T00:00:00Z',
      '2026-01-19T00:00:00Z',
      '2026-01-26T00:00:00Z',
      '2026-02-01T00:00:00Z',
      '2026-02-02T00:00:00Z',
    ]);
    // */2 clears the star bit (step > 1): odd days OR Mondays.
    assert.deepEqual(runs('0 0 */2 * 1', '2026-01-01T00:00:00Z', 6), [
      '2026-01-03T00:00:00Z',
      '2026-01-05T00:00:00Z',
      '2026-01-07T00:00:00Z',
      '2026-01-09T00:00:00Z',
      '2026-01-11T00:00:00Z',
      '2026-01-12T00:00:00Z',
    ]);
    assert.deepEqual(runs('0 0 1-7 * 1', '2026-01-01T00:00:00Z', 5), [
      '2026-01-02T00:00:00Z',
      '2026-01-03T00:00:00Z',
      '2026-01-04T00:00:00Z',
      '2026-01-05T00:00:00Z',
      '2026-01-06T00:00:00Z',
    ]);
  });
  it('month and day names, any case', () => {
    assert.deepEqual(runs('0 9 * * MON-FRI', '2026-01-01T00:00:00Z', 3), ['2026-01-01T09:00:00Z', '2026-01-02T09:00:00Z', '2026-01-05T09:00:00Z']);
    assert.deepEqual(runs('0 0 1 JAN,jul *', '2026-01-01T00:00:00Z', 3), ['2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-07-01T00:00:00Z']);
    assert.deepEqual(runs('0 0 * * sat,Sun', '2026-01-01T00:00:00Z', 2), ['2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z']);
  });
  it('step ranges: N/step means N-max/step; *-5 is a plain star', () => {
    assert.deepEqual(runs('5/15 * * * *', '2026-01-01T00:00:00Z', 5), [
      '2026-01-01T00:05:00Z',
      '2026-01-01T00:20:00Z',
      '2026-01-01T00:35:00Z',
      '2026-01-01T00:50:00Z',
      '2026-01-01T01:05:00Z',
    ]);
    assert.deepEqual(runs('*-5 * * * *', '2026-01-01T00:00:00Z', 3), ['2026-01-01T00:01:00Z', '2026-01-01T00:02:00Z', '2026-01-01T00:03:00Z']);
    assert.deepEqual(runs('0 12 * */3 *', '2026-01-01T00:00:00Z', 1), ['2026-01-01T12:00:00Z']);
    assert.deepEqual(runs('0 0 * * 0,6', '2026-01-01T00:00:00Z', 3), ['2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z', '2026-01-10T00:00:00Z']);
  });
  it('Feb 29 fires only in leap years', () => {
    assert.deepEqual(runs('0 0 29 2 *', '2026-01-01T00:00:00Z', 2), ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z']);
  });
  it('impossible dates never fire (robfig gives up after five years)', () => {
    assert.equal(nextAfter(sched('0 0 30 2 *'), Date.parse('2026-01-01T00:00:00Z')), null);
    assert.equal(nextAfter(sched('0 0 31 4,6,9,11 *'), Date.parse('2026-01-01T00:00:00Z')), null);
    assert.deepEqual(nextN(sched('59 23 31 2 *'), 0, 3), []);
  });
  it('@every counts from the given time, whole seconds, at least 1s', () => {
    assert.deepEqual(runs('@every 90m', '2026-01-01T00:00:10.250Z', 3), ['2026-01-01T01:30:10Z', '2026-01-01T03:00:10Z', '2026-01-01T04:30:10Z']);
    assert.deepEqual(runs('@every 500ms', '2026-01-01T00:00:00Z', 2), ['2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z']);
    assert.deepEqual(runs('@every 1.5s', '2026-01-01T00:00:00Z', 1), ['2026-01-01T00:00:01Z']);
    const s = sched('@every 1h30m');
    assert.equal(s.kind, 'every');
    assert.equal(s.kind === 'every' && s.delayMs, 5_400_000);
  });
});

describe('Next() in a time zone, including DST', () => {
  it('America/New_York spring-forward: 02:30 does not exist on 2024-03-10 and robfig skips that day', () => {
    assert.deepEqual(runs('TZ=America/New_York 30 2 * * *', '2024-03-08T00:00:00Z', 4), [
      '2024-03-08T07:30:00Z',
      '2024-03-09T07:30:00Z',
      '2024-03-11T06:30:00Z',
      '2024-03-12T06:30:00Z',
    ]);
  });
  it('America/New_York fall-back: 01:30 happens twice on 2024-11-03 and robfig runs twice', () => {
    assert.deepEqual(runs('TZ=America/New_York 30 1 * * *', '2024-11-02T12:00:00Z', 4), [
      '2024-11-03T05:30:00Z',
      '2024-11-03T06:30:00Z',
      '2024-11-04T06:30:00Z',
      '2024-11-05T06:30:00Z',
    ]);
  });
  it('hourly across the New York gap', () => {
    assert.deepEqual(runs('TZ=America/New_York 0 * * * *', '2024-03-10T05:30:00Z', 3), ['2024-03-10T06:00:00Z', '2024-03-10T07:00:00Z', '2024-03-10T08:00:00Z']);
  });
  it('Europe/Berlin (CRON_TZ=) skips 02:30 on 2024-03-31 and repeats it on 2024-10-27', () => {
    assert.deepEqual(runs('CRON_TZ=Europe/Berlin 30 2 * * *', '2024-03-30T12:00:00Z', 3), ['2024-04-01T00:30:00Z', '2024-04-02T00:30:00Z', '2024-04-03T00:30:00Z']);
    assert.deepEqual(runs('CRON_TZ=Europe/Berlin 30 2 * * *', '2024-10-26T12:00:00Z', 4), [
      '2024-10-27T00:30:00Z',
      '2024-10-27T01:30:00Z',
      '2024-10-28T01:30:00Z',
      '2024-10-29T01:30:00Z',
    ]);
  });
  it('America/Sao_Paulo 2018: midnight did not exist on Nov 4, so that day is skipped', () => {
    assert.deepEqual(runs('TZ=America/Sao_Paulo 0 0 * * *', '2018-11-03T00:00:00Z', 3), ['2018-11-03T03:00:00Z', '2018-11-05T02:00:00Z', '2018-11-06T02:00:00Z']);
  });
  it('fixed-offset zones with half hours', () => {
    assert.deepEqual(runs('TZ=Asia/Kolkata 0 9 * * *', '2026-01-01T00:00:00Z', 1), ['2026-01-01T03:30:00Z']);
  });
});

describe('the controller prepends TZ=<timeZone>, unless the schedule already has TZ', () => {
  it('formatSchedule', () => {
    assert.equal(controllerScheduleString('0 2 * * *', 'America/New_York'), 'TZ=America/New_York 0 2 * * *');
    assert.equal(controllerScheduleString('0 2 * * *', undefined), '0 2 * * *');
    assert.equal(controllerScheduleString('CRON_TZ=Europe/Berlin 0 2 * * *', 'America/New_York'), 'CRON_TZ=Europe/Berlin 0 2 * * *');
    // An unknown zone is left off (and the controller does not start Jobs).
    assert.equal(controllerScheduleString('0 2 * * *', 'Mars/Olympus'), '0 2 * * *');
  });
  it('parseCronJobSchedule uses timeZone', () => {
    const r = parseCronJobSchedule('0 2 * * *', 'America/New_York');
    assert.ok(r.ok);
    assert.deepEqual(nextN(r.schedule, Date.parse('2026-01-01T00:00:00Z'), 2).map((t) => new Date(t).toISOString()), ['2026-01-01T07:00:00.000Z', '2026-01-02T07:00:00.000Z']);
  });
  it('the legacy prefix wins over timeZone', () => {
    const r = parseCronJobSchedule('TZ=Asia/Tokyo 0 9 * * *', 'America/New_York');
    assert.ok(r.ok);
    assert.equal(r.zoneFromSpec, 'Asia/Tokyo');
    // 09:00 in Tokyo is 00:00 UTC; the next one strictly after midnight UTC is the day after.
    assert.equal(new Date(nextAfter(r.schedule, Date.parse('2026-01-01T00:00:00Z'))!).toISOString(), '2026-01-02T00:00:00.000Z');
  });
});

describe('Go time.ParseDuration (for @every)', () => {
  const ok: [string, bigint][] = [
    ['90m', 5_400_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['.5h', 1_800_000_000_000n],
    ['0', 0n],
    ['-.5m', -30_000_000_000n],
    ['1µs', 1_000n],
    ['1us', 1_000n],
    ['300ms', 300_000_000n],
    ['1h1h', 7_200_000_000_000n],
    ['1.s', 1_000_000_000n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
  ];
  for (const [s, ns] of ok) it(`${s} = ${ns}ns`, () => assert.deepEqual(parseGoDuration(s), { ns }));
  const bad: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['5.', 'time: missing unit in duration "5."'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"'],
    [' 1h', 'time: invalid duration " 1h"'],
    ['1H', 'time: unknown unit "H" in duration "1H"'],
    ['.s', 'time: invalid duration ".s"'],
    ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
  ];
  for (const [s, e] of bad) it(`${JSON.stringify(s)} → ${e}`, () => assert.deepEqual(parseGoDuration(s), { err: e }));
  it('Duration.String', () => {
    assert.equal(goDurationString(5_400_000_000_000n), '1h30m0s');
    assert.equal(goDurationString(90_000_000_000n), '1m30s');
    assert.equal(goDurationString(1_500_000_000n), '1.5s');
    assert.equal(goDurationString(300_000_000n), '300ms');
    assert.equal(goDurationString(0n), '0s');
  });
});

describe('time zones as Go loads them', () => {
  it('accepts IANA names and links, case-sensitively', () => {
    for (const z of ['America/New_York', 'US/Eastern', 'Etc/UTC', 'UTC', 'GMT', 'Asia/Calcutta', 'Etc/GMT+5', 'America/Argentina/ComodRivadavia']) {
      assert.equal(loadLocation(z).ok, true, z);
    }
    for (const z of ['america/new_york', 'us/eastern', 'utc', 'GMT+5', '+05:00', 'Nowhere/Land', 'Europe/Berlin ']) {
      assert.deepEqual(loadLocation(z), { ok: false, error: `unknown time zone ${z}` }, z);
    }
    assert.deepEqual(loadLocation('../etc/passwd'), { ok: false, error: 'time: invalid location name' });
  });
  it('follows the names in Go\'s embedded tz database, not Node\'s Intl aliases', () => {
    // Intl still resolves these (ICU keeps old aliases); Go's tz database
    // dropped them (US/Pacific-New in tzdata 2020b), so the API server and the
    // controller answer "unknown time zone".
    assert.equal(new Intl.DateTimeFormat('en-US', { timeZone: 'US/Pacific-New' }).resolvedOptions().timeZone, 'America/Los_Angeles', "Node's Intl still knows US/Pacific-New");
    for (const z of ['US/Pacific-New', 'Canada/East-Saskatchewan', 'SystemV/PST8']) {
      assert.deepEqual(loadLocation(z), { ok: false, error: `unknown time zone ${z}` });
      assert.deepEqual(validateTimeZone(z), [`spec.timeZone: Invalid value: "${z}": unknown time zone ${z}`]);
    }
    // Go has "Factory" (offset 0, abbreviation -00), which Intl does not know.
    const f = loadLocation('Factory');
    assert.equal(f.ok, true);
    assert.equal(f.ok && f.zone.offset(Date.parse('2026-03-01T00:00:00Z')), 0);
    // A name only a newer Go has: accepted, with a note saying which control planes reject it.
    assert.equal(loadLocation('America/Coyhaique').ok, true);
    assert.match(zoneVersionNote('America/Coyhaique') ?? '', /^America\/Coyhaique is in tz database 2025c \(go1\.26\.\d+\) but not in 2025a \(go1\.24\.12, which builds Kubernetes v1\.34\.4\)/);
    assert.equal(zoneVersionNote('Europe/Berlin'), undefined);
  });
  it('the shipped list: what it matches, and every name but Factory gets its offsets from Intl', () => {
    assert.deepEqual(ZONE_DATA, { kubernetes: 'v1.34.4', go: 'go1.24.12', tzdata: '2025a' });
    const names = GO_TZDATA.names.split(' ');
    assert.equal(names.length, 597);
    assert.deepEqual([...names].sort(), names);
    for (const n of names) {
      assert.equal(loadLocation(n).ok, true, n);
      if (n === 'Factory') continue;
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: n }), n);
    }
  });
  it('API server validation of spec.timeZone', () => {
    assert.deepEqual(validateTimeZone('America/New_York'), []);
    assert.deepEqual(validateTimeZone(undefined), []);
    assert.deepEqual(validateTimeZone('Europe/Pariss'), ['spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss']);
    assert.deepEqual(validateTimeZone(''), ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']);
    assert.deepEqual(validateTimeZone('Local'), ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']);
    assert.deepEqual(validateTimeZone('local'), [
      'spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      'spec.timeZone: Invalid value: "local": unknown time zone local',
    ]);
    assert.deepEqual(validateTimeZone('+05:00'), ['spec.timeZone: Invalid value: "+05:00": unknown time zone +05:00']);
    assert.deepEqual(validateTimeZone('America/Argentina_Buenos_Aires'), ['spec.timeZone: Invalid value: "America/Argentina_Buenos_Aires": unknown time zone America/Argentina_Buenos_Aires']);
  });
});

describe('API server validation of a new CronJob schedule', () => {
  it('parser errors, as kubectl shows them', () => {
    assert.deepEqual(validateCronJobSchedule('61 * * * *', undefined), ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
    assert.deepEqual(validateCronJobSchedule('', undefined), ['spec.schedule: Required value']);
    assert.deepEqual(validateCronJobSchedule('0 2 * * *', 'America/New_York'), []);
  });
  it('TZ in the schedule is rejected on create, even when it parses', () => {
    assert.deepEqual(validateCronJobSchedule('CRON_TZ=UTC * * * * *', undefined), [
      'spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    assert.deepEqual(validateCronJobSchedule('TZ=UTC 0 * * * *', 'UTC', { allowTZInSchedule: true }), [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
    assert.deepEqual(validateCronJobSchedule('TZ=UTC 0 * * * *', undefined, { allowTZInSchedule: true }), []);
  });
  it('several errors aggregate like field.ErrorList', () => {
    const errs = validateCronJobSchedule('0 0 * * 7', 'Mars/Olympus');
    assert.equal(
      aggregateErrors(errs),
      '[spec.schedule: Invalid value: "0 0 * * 7": end of range (7) above maximum (6): 7, spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus]',
    );
  });
});

describe('formatting wall times', () => {
  it('shows the zone abbreviation or offset', () => {
    const ny = loadLocation('America/New_York');
    assert.ok(ny.ok);
    assert.equal(formatWall(Date.parse('2024-03-11T06:30:00Z'), ny.zone), 'Mon 2024-03-11 02:30 EDT');
    assert.equal(formatWall(Date.parse('2024-03-08T07:30:00Z'), ny.zone), 'Fri 2024-03-08 02:30 EST');
    assert.equal(rfc3339In(Date.parse('2024-03-08T07:30:00Z'), ny.zone), '2024-03-08T02:30:00-05:00');
    const kol = loadLocation('Asia/Kolkata');
    assert.ok(kol.ok);
    assert.equal(formatWall(Date.parse('2026-01-01T03:30:00Z'), kol.zone), 'Thu 2026-01-01 09:00 +05:30');
  });
  it('zoneDate resolves wall times around DST exactly like Go time.Date', () => {
    const ny = loadLocation('America/New_York');
    assert.ok(ny.ok);
    // 02:30 does not exist on the spring-forward day: Go lands on 01:30 EST.
    assert.equal(new Date(zoneDate(2024, 3, 10, 2, 30, 0, ny.zone)).toISOString(), '2024-03-10T06:30:00.000Z');
    // 01:30 exists twice on the fall-back day: Go picks the first (EDT).
    assert.equal(new Date(zoneDate(2024, 11, 3, 1, 30, 0, ny.zone)).toISOString(), '2024-11-03T05:30:00.000Z');
    // Normalization: month 13 is January of the next year.
    assert.equal(new Date(zoneDate(2025, 13, 1, 0, 0, 0, ny.zone)).toISOString(), '2026-01-01T05:00:00.000Z');
  });
});

describe('where cron-parser (a dependency) disagrees with the controller', () => {
  // These document why our own parser is used: each line would give a wrong
  // answer for a Kubernetes CronJob.
  const require = createRequire(import.meta.url);
  const { CronExpressionParser } = require('cron-parser') as {
    CronExpressionParser: { parse(e: string, o: object): { next(): { toISOString(): string } } };
  };
  const cp = (e: string, tz = 'UTC', from = '2026-01-01T00:00:00Z'): string[] | 'error' => {
    try {
      const it = CronExpressionParser.parse(e, { currentDate: new Date(from), tz });
      return [it.next().toISOString()];
    } catch {
      return 'error';
    }
  };
  it('6 fields, L, #, H and weekday 7: cron-parser accepts, Kubernetes rejects', () => {
    for (const e of ['* * * * * *', '0 0 L * *', '0 0 * * 1#2', 'H * * * *', '0 0 * * 7']) {
      assert.notEqual(cp(e), 'error', `cron-parser accepts ${e}`);
      assert.equal(parseStandard(e).ok, false, `Kubernetes rejects ${e}`);
    }
  });
  it('@midnight and @every: cron-parser rejects, Kubernetes accepts', () => {
    for (const e of ['@midnight', '@every 90m']) {
      assert.equal(cp(e), 'error');
      assert.equal(parseStandard(e).ok, true);
    }
  });
  it('*/1 with a weekday: cron-parser runs every day, Kubernetes only on Mondays', () => {
    assert.deepEqual(cp('0 0 */1 * 1'), ['2026-01-02T00:00:00.000Z']);
    assert.deepEqual(runs('0 0 */1 * 1', '2026-01-01T00:00:00Z', 1), ['2026-01-05T00:00:00Z']);
  });
  it('DST gap: cron-parser runs at 03:30 on the change day, Kubernetes skips the day', () => {
    assert.deepEqual(cp('30 2 * * *', 'America/New_York', '2024-03-09T12:00:00Z'), ['2024-03-10T07:30:00.000Z']);
    assert.deepEqual(runs('TZ=America/New_York 30 2 * * *', '2024-03-09T12:00:00Z', 1), ['2024-03-11T06:30:00Z']);
  });
});

describe('the schedule in plain words (WHEN)', () => {
  const cases: [string, string][] = [
    ['0 2 * * *', 'at 02:00 every day'],
    ['*/5 * * * *', 'every 5 minutes'],
    ['* * * * *', 'every minute'],
    ['5/15 * * * *', 'every 15 minutes from :05'],
    ['30 * * * *', 'every hour at :30'],
    ['0 */2 * * *', 'every 2 hours at :00'],
    ['0 9,17 * * *', 'at 09:00 and 17:00 every day'],
    ['0 9 * * MON-FRI', 'at 09:00 on Monday–Friday'],
    ['*/10 9-17 * * 1-5', 'every 10 minutes from 09:00 to 17:50 on Monday–Friday'],
    ['0 0 1 * *', 'at 00:00 on day 1 of the month'],
    ['0 0 1,15 * *', 'at 00:00 on days 1 and 15 of the month'],
    ['0 0 */2 * *', 'at 00:00 on odd days of the month'],
    ['0 12 * */3 *', 'at 12:00 every day in January, April, July and October'],
    ['0 0 29 2 *', 'at 00:00 on 29 February'],
    // The controller's day rule: */1 keeps the star, so only Mondays; two restricted fields mean either.
    ['0 0 */1 * 1', 'at 00:00 on Monday'],
    ['0 0 1 * 1', 'at 00:00 on day 1 of the month or on Monday'],
    ['0 0 1-7 * */1', 'at 00:00 on days 1–7 of the month'],
    ['@hourly', 'every hour at :00'],
    ['@daily', 'at 00:00 every day'],
    ['@midnight', 'at 00:00 every day'],
    ['@weekly', 'at 00:00 on Sunday'],
    ['@monthly', 'at 00:00 on day 1 of the month'],
    ['@yearly', 'at 00:00 on 1 January'],
    ['@every 90m', 'every 1h30m'],
    ['@every 30s', 'every 30s'],
    ['@every 2h', 'every 2h'],
  ];
  for (const [spec, words] of cases) it(`${spec} → ${words}`, () => assert.equal(describeSchedule(sched(spec)), words));
});
