import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSchedule } from '../../src/commands/schedule.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/k8stui.js');

/** The real command line (commander in src/cli.ts, then the command). */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'schedule', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(argv: string[], now = Date.parse('2026-03-06T12:00:00Z')) {
  let stdout = '';
  let stderr = '';
  const code = runSchedule(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) }, { now });
  return { code, stdout, stderr };
}

describe('k8stui schedule', () => {
  it('text: ISO in UTC and the wall time in the zone, across the DST change', () => {
    const r = run(['30 2 * * *', '--tz', 'America/New_York', '-n', '4']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      [
        'schedule   30 2 * * *  (at 02:30 every day)',
        'time zone  America/New_York',
        'from       2026-03-06T12:00:00Z',
        'next 4 runs:',
        '  1  2026-03-07T07:30:00Z  Sat 2026-03-07 02:30 EST',
        // 2026-03-08 02:30 does not exist in New York: robfig (and so the controller) skips that day.
        '  2  2026-03-09T06:30:00Z  Mon 2026-03-09 02:30 EDT',
        '  3  2026-03-10T06:30:00Z  Tue 2026-03-10 02:30 EDT',
        '  4  2026-03-11T06:30:00Z  Wed 2026-03-11 02:30 EDT',
        '',
      ].join('\n'),
    );
  });
  it('json', () => {
    const r = run(['0 0 */1 * 1', '--from', '2026-01-01T00:00:00Z', '-n', '3', '-o', 'json']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { schedule: '0 0 */1 * 1', timeZone: null, next: ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z'] });
  });
  it('default is 10 runs; @every counts from --from', () => {
    const r = run(['@every 90m', '--from', '2026-01-01T00:00:00Z', '-o', 'json']);
    const next = JSON.parse(r.stdout).next as string[];
    assert.equal(next.length, 10);
    assert.equal(next[0], '2026-01-01T01:30:00Z');
    assert.equal(next[9], '2026-01-01T15:00:00Z');
  });
  it('the API server error, exit 2', () => {
    const r = run(['61 * * * *']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'k8stui schedule: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61\n');
    const j = run(['* * * * * *', '-o', 'json']);
    assert.equal(j.code, 2);
    assert.deepEqual(JSON.parse(j.stdout), { error: 'spec.schedule: Invalid value: "* * * * * *": expected exactly 5 fields, found 6: [* * * * * *]' });
  });
  it('TZ in the schedule is rejected for a new CronJob; a bad --tz too', () => {
    const r = run(['CRON_TZ=Europe/Berlin 0 2 * * *', '-o', 'json']);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout), {
      error: 'spec.schedule: Invalid value: "CRON_TZ=Europe/Berlin 0 2 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    });
    const z = run(['0 2 * * *', '--tz', 'Europe/Pariss', '-o', 'json']);
    assert.deepEqual(JSON.parse(z.stdout), { error: 'spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss' });
    const both = run(['0 0 * * 7', '--tz', 'Mars/Olympus']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /\* spec\.schedule: Invalid value: "0 0 \* \* 7": end of range \(7\) above maximum \(6\): 7\n\* spec\.timeZone: Invalid value: "Mars\/Olympus": unknown time zone Mars\/Olympus/);
  });
  it('a schedule that never fires is accepted by the API server, and says never', () => {
    const r = run(['0 0 30 2 *']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /next runs {2}never: no time within five years matches/);
    assert.deepEqual(JSON.parse(run(['0 0 30 2 *', '-o', 'json']).stdout).next, []);
  });
  it('no zone: says the controller zone is assumed', () => {
    const r = run(['0 2 * * *', '-n', '1']);
    assert.match(r.stdout, /time zone {2}none: the CronJob follows kube-controller-manager's local zone, assumed UTC/);
    assert.match(r.stdout, / {2}1 {2}2026-03-07T02:00:00Z {2}Sat 2026-03-07 02:00 UTC\n/);
  });
  it('usage errors exit 2 with one line and the usage', () => {
    for (const argv of [[], ['0 2 * * *', '-n', '0'], ['0 2 * * *', '--from', 'yesterday'], ['0 2 * * *', '-o', 'yaml'], ['0 2 * * *', '--bogus'], ['0', '2', '*', '*', '*']]) {
      const r = run(argv);
      assert.equal(r.code, 2, JSON.stringify(argv));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^k8stui schedule: /);
    }
  });
  it('a schedule starting with a dash reaches the parser, with or without --, and gets its real verdict', () => {
    // robfig splits "-5" into the range "" - "5": strconv.Atoi("") fails, so
    // the API server rejects the CronJob with this message.
    const want = 'k8stui schedule: spec.schedule: Invalid value: "-5 * * * *": failed to parse int from : strconv.Atoi: parsing "": invalid syntax\n';
    for (const argv of [['-5 * * * *'], ['--', '-5 * * * *'], ['-n', '2', '--', '-5 * * * *'], ['--tz=UTC', '-5 * * * *']]) {
      const r = run(argv);
      assert.equal(r.code, 2, JSON.stringify(argv));
      assert.equal(r.stderr, want, JSON.stringify(argv));
    }
    assert.equal(run(['-5']).stderr, 'k8stui schedule: spec.schedule: Invalid value: "-5": expected exactly 5 fields, found 1: [-5]\n');
    // Options are still options; a valid schedule after -- runs.
    assert.match(run(['0 2 * * *', '-x']).stderr, /^k8stui schedule: unknown option -x\n/);
    assert.deepEqual(JSON.parse(run(['-o', 'json', '-n', '1', '--from', '2026-01-01T00:00:00Z', '--', '5 * * * *']).stdout).next, ['2026-01-01T00:05:00Z']);
  });
  it('--tz "" is spec.timeZone: "", which the API server rejects', () => {
    const r = run(['0 2 * * *', '--tz', '', '-o', 'json']);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout), { error: 'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string' });
    assert.equal(run(['0 2 * * *', '--tz=']).stderr, 'k8stui schedule: spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string\n');
  });
  it('zones as Go knows them: an alias only Node still has is rejected; a zone newer than Kubernetes v1.34\'s Go gets a note', () => {
    const r = run(['0 2 * * *', '--tz', 'US/Pacific-New', '-o', 'json']);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout), { error: 'spec.timeZone: Invalid value: "US/Pacific-New": unknown time zone US/Pacific-New' });
    const twin = run(['0 2 * * *', '--tz', 'America/Los_Angeles', '-n', '1', '-o', 'json']);
    assert.deepEqual(JSON.parse(twin.stdout), { schedule: '0 2 * * *', timeZone: 'America/Los_Angeles', next: ['2026-03-07T10:00:00Z'] });
    const newer = run(['0 2 * * *', '--tz', 'America/Coyhaique', '-n', '1']);
    assert.equal(newer.code, 0);
    assert.match(newer.stdout, /\nnote {7}America\/Coyhaique is in tz database 2025c .* not in 2025a \(go1\.24\.12, which builds Kubernetes v1\.34\.4\)/);
  });
  it('through the real command line (commander): dash schedules, --, --tz ""', () => {
    const dash = cli(['-5 * * * *']);
    assert.equal(dash.code, 2);
    assert.match(dash.stderr, /^k8stui schedule: spec\.schedule: Invalid value: "-5 \* \* \* \*": failed to parse int from : strconv\.Atoi: parsing "": invalid syntax\n$/);
    assert.equal(cli(['--', '-5 * * * *', '-n', '2']).stderr, dash.stderr);
    const empty = cli(['0 2 * * *', '--tz', '']);
    assert.equal(empty.code, 2);
    assert.equal(empty.stderr, 'k8stui schedule: spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string\n');
    const ok = cli(['0 2 * * *', '--tz', 'Asia/Shanghai', '--from', '2026-11-20T00:00:00Z', '-n', '2', '-o', 'json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { schedule: '0 2 * * *', timeZone: 'Asia/Shanghai', next: ['2026-11-20T18:00:00Z', '2026-11-21T18:00:00Z'] });
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: k8stui schedule "<expr>"/);
  });
});
