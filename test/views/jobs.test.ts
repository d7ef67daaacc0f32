// :jobs as pure functions (rows, column values, visible columns, detail lines)
// at 80 and 160 columns, then driven in the shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sObject } from '../../src/model/types.js';
import type { JobInfo } from '../../src/model/job.js';
import { jobsView } from '../../views/jobs.js';
import type { Line, ViewCtx } from '../../views/types.js';
import { layoutColumns } from '../../views/widgets/layout.js';
import { lineText, textWidth } from '../../views/widgets/text.js';
import { allViews } from '../../views/registry.js';
import * as cronjobArea from '../../diagnostics/cronjob.js';
import * as jobArea from '../../diagnostics/job.js';
import * as podArea from '../../diagnostics/pod.js';
import { findingsIndex, runDiagnostics } from '../../diagnostics/engine.js';
import { GRACE, HOUR, MIN, NOW, cronJob, jobFor, jobPod, makeStore, standaloneJob } from '../fixtures/job/build.js';
import * as S from '../fixtures/cronjob/scenarios.js';
import { KEYS, renderWithProviders } from './helpers.js';

const AREAS = [
  { area: 'pod' as const, checks: podArea.checks, run: podArea.run },
  { area: 'job' as const, checks: jobArea.checks, run: jobArea.run },
  { area: 'cronjob' as const, checks: cronjobArea.checks, run: cronjobArea.run },
];

function ctxFor(objs: K8sObject[], o: { width?: number; noColor?: boolean; namespace?: string; forbidden?: Parameters<typeof makeStore>[1] } = {}): ViewCtx {
  const store = makeStore(objs, o.forbidden);
  const ctx: ViewCtx = { store, now: NOW, width: o.width ?? 160, noColor: o.noColor ?? false, namespace: o.namespace };
  const report = runDiagnostics(store, { now: NOW, graceMs: GRACE, namespace: o.namespace, areas: AREAS });
  ctx.diagnostics = report;
  ctx.findingsFor = findingsIndex(report).findingsFor;
  return ctx;
}

function row(ctx: ViewCtx, name: string): JobInfo {
  const r = jobsView.rows(ctx).find((x) => x.job.metadata.name === name);
  assert.ok(r, name);
  return r;
}

function value(ctx: ViewCtx, name: string, id: string): string {
  const col = jobsView.columns.find((c) => c.id === id);
  assert.ok(col, id);
  return col.value(row(ctx, name), ctx);
}

function text(lines: Line[]): string[] {
  return lines.map(lineText);
}

test('view identity: :jobs', () => {
  assert.equal(jobsView.id, 'jobs');
  assert.deepEqual(jobsView.aliases, ['job', 'jobs']);
  assert.deepEqual(jobsView.kinds, ['Job', 'Pod']);
  const ctx = ctxFor(S.failedStandaloneJob());
  assert.equal(jobsView.key(row(ctx, 'data-processor')), 'shop/data-processor');
  assert.equal(jobsView.object!(row(ctx, 'data-processor'), ctx)?.kind, 'Job');
  assert.deepEqual(
    jobsView.columns.map((c) => c.header),
    ['NAMESPACE', 'NAME', 'STATUS', 'REASON', 'COMPLETIONS', 'DURATION', 'FAILED/LIMIT', 'OWNER', 'AGE', 'PROBLEMS'],
  );
});

test('list values: failed, succeeded after retries, running under a CronJob, work queue', () => {
  const cj = cronJob({ name: 'hourly-sync', schedule: '0 * * * *', timeZone: 'UTC' });
  const running = jobFor(cj, NOW - 20 * MIN, { outcome: 'running', start: NOW - 20 * MIN });
  const queue = standaloneJob('queue', { outcome: 'running', completions: null, parallelism: 4, start: NOW - HOUR, ttlSecondsAfterFinished: 60 });
  const ctx = ctxFor([...S.failedStandaloneJob(), cj, running, queue]);
  assert.equal(value(ctx, 'data-processor', 'status'), 'Failed');
  assert.equal(value(ctx, 'data-processor', 'reason'), 'BackoffLimitExceeded');
  assert.equal(value(ctx, 'data-processor', 'completions'), '0/1');
  assert.equal(value(ctx, 'data-processor', 'duration'), '40m');
  assert.equal(value(ctx, 'data-processor', 'retries'), '7/6');
  assert.equal(value(ctx, 'data-processor', 'owner'), '<none>');
  assert.equal(value(ctx, 'data-processor', 'problems'), '1 error');
  assert.equal(value(ctx, running.metadata.name, 'status'), 'Running');
  assert.equal(value(ctx, running.metadata.name, 'owner'), 'CronJob/hourly-sync');
  assert.equal(value(ctx, running.metadata.name, 'duration'), '20m');
  assert.equal(value(ctx, 'queue', 'completions'), '0/1 of 4');
  const ok = ctxFor(S.succeededAfterRetriesJob());
  assert.equal(value(ok, 'data-processor', 'status'), 'Complete');
  assert.equal(value(ok, 'data-processor', 'retries'), '2/6');
  assert.equal(value(ok, 'data-processor', 'problems'), '');
  assert.equal(jobsView.columns.find((c) => c.id === 'retries')!.tone!(row(ok, 'data-processor'), ok), 'warn');
});

test('columns by width', () => {
  const ctx80 = ctxFor(S.failedStandaloneJob(), { width: 80, namespace: 'shop' });
  const v80 = layoutColumns(jobsView.columns, jobsView.rows(ctx80), ctx80, 80).map((l) => l.col.id);
  assert.deepEqual(v80.filter((c) => c !== 'namespace'), ['name', 'status', 'reason', 'completions', 'duration', 'age', 'problems']);
  const ctx160 = ctxFor(S.failedStandaloneJob(), { width: 160 });
  const v160 = layoutColumns(jobsView.columns, jobsView.rows(ctx160), ctx160, 160).map((l) => l.col.id);
  assert.deepEqual(v160, ['namespace', 'name', 'status', 'reason', 'completions', 'duration', 'retries', 'owner', 'age', 'problems']);
});

test('detail: retries, deadline, TTL with its deletion time, completion mode, pods with exit codes', () => {
  const ctx = ctxFor(S.failedStandaloneJob());
  const lines = text(jobsView.detail!(row(ctx, 'data-processor'), ctx));
  assert.equal(lines[0], 'Job shop/data-processor  created 2026-03-10 09:59:58Z (120m ago)');
  assert.ok(lines.includes('Problems (1)'));
  assert.ok(lines.includes('Status            Failed (BackoffLimitExceeded)  Job has reached the specified backoff limit'));
  assert.ok(lines.includes('Owner             none (created directly)'));
  assert.ok(lines.includes('Completions       0/1  target 1, parallelism 1, mode NonIndexed'));
  assert.ok(lines.includes('Backoff limit     7 failed pods, backoffLimit 6  the Job fails once failures exceed the limit'));
  assert.ok(lines.includes('Started           2026-03-10 10:00:00Z (120m ago)   finished 2026-03-10 10:40:00Z, ran 40m'));
  assert.ok(lines.includes('Active deadline   none'));
  assert.ok(lines.includes('TTL after finish  86400s  deleted at 2026-03-11 10:40:00Z (in 22h)'));
  assert.ok(lines.includes('Restart policy    Never'));
  const p = lines.indexOf('Pods (7)');
  assert.ok(p > 0);
  assert.match(lines[p + 1]!, /^ +POD +STATUS +CONTAINER +RESTARTS +STARTED +RAN +NODE/);
  assert.match(lines[p + 2]!, /^ +data-processor-\w+ +Error \(exit 1\) +backup-tool +0 +2026-03-10 10:00:00Z +30s +node-a/);
  assert.match(lines[p + 8]!, /^ +data-processor-\w+ +OOMKilled \(exit 137\) +backup-tool/);
  assert.ok(lines.some((l) => /Warning +BackoffLimitExceeded +Job has reached the specified backoff limit/.test(l)));
});

test('detail: a running Job with a deadline, a CronJob owner, and a pod stuck Pending', () => {
  const cj = cronJob({ name: 'hourly-sync', schedule: '0 * * * *', timeZone: 'UTC' });
  const j = jobFor(cj, NOW - 20 * MIN, { outcome: 'pending', start: NOW - 20 * MIN, activeDeadlineSeconds: 3600 });
  const pod = jobPod(j, { phase: 'Pending', start: NOW - 20 * MIN, waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "backup-agent:v1"' } });
  const ctx = ctxFor([cj, j, pod]);
  const lines = text(jobsView.detail!(row(ctx, j.metadata.name), ctx));
  assert.ok(lines.includes('Owner             CronJob/hourly-sync'));
  assert.ok(lines.some((l) => l.startsWith('Scheduled for     2026-03-10 11:40:00Z  (2026-03-10T11:40:00Z)')));
  assert.ok(lines.includes('Active deadline   3600s  fails with DeadlineExceeded at 2026-03-10 12:40:00Z (in 40m)'));
  assert.ok(lines.includes("TTL after finish  none (the CronJob's history limits delete it)"));
  assert.ok(lines.some((l) => /^ +hourly-sync-\d+-\w+ Pending for 20m: ImagePullBackOff: Back-off pulling image "backup-agent:v1"$/.test(l)));
  assert.ok(lines.some((l) => /^ {2}(warning|error) +job\/stuck-pending/.test(l)));
});

test('pods forbidden: the detail says so', () => {
  const ctx = ctxFor(S.failedStandaloneJob(), { forbidden: { forbidden: ['Pod'] } });
  const lines = text(jobsView.detail!(row(ctx, 'data-processor'), ctx));
  assert.ok(lines.includes('  Pods could not be read (forbidden).'));
});

test('log targets: newest pod first', () => {
  const ctx = ctxFor(S.succeededAfterRetriesJob());
  const t = jobsView.logTargets!(row(ctx, 'data-processor'), ctx);
  assert.equal(t.length, 3);
  assert.equal(t[0]!.pod, row(ctx, 'data-processor').pods[2]!.name);
  assert.deepEqual(t[0]!.containers, ['backup-tool']);
});

// ---------------------------------------------------------------- in the shell

function shell(objs: K8sObject[], columns: number) {
  const store = makeStore(objs);
  return renderWithProviders(store, {
    views: [jobsView, ...allViews()],
    initialView: 'jobs',
    fixedNow: NOW,
    columns,
    rows: 50,
    diagnose: (s, now, namespace) => runDiagnostics(s, { now, namespace, graceMs: GRACE, areas: AREAS }),
  });
}

test('shell at 80 columns: list, then the detail', async (t) => {
  const ui = shell([...S.failedStandaloneJob()], 80);
  t.after(() => ui.unmount());
  await ui.settle();
  const f = ui.frame();
  assert.match(f, /NAME\^? +STATUS +REASON +COMPLETIONS +DURATION +AGE +PROBLEMS/);
  assert.match(f, /data-processor +Failed +BackoffLimit\S* +0\/1 +40m +120m +1 error/);
  for (const l of f.split('\n')) assert.ok(textWidth(l) <= 80, `fits 80: ${l}`);
  await ui.press(KEYS.enter);
  await ui.settle();
  assert.match(ui.frame(), /Backoff limit +7 failed pods, backoffLimit 6/);
});

test('shell at 160 columns', async (t) => {
  const ui = shell([...S.healthyDailyBackup()], 160);
  t.after(() => ui.unmount());
  await ui.settle();
  const f = ui.frame();
  assert.match(f, /NAMESPACE +NAME\^? +STATUS +REASON +COMPLETIONS +DURATION +FAILED\/LIMIT +OWNER +AGE/);
  assert.match(f, /shop +daily-backup-29551740 +Complete +1\/1 +5m12s +0\/6 +CronJob\/daily-backup +11h/);
  for (const l of f.split('\n')) assert.ok(textWidth(l) <= 160, `fits 160: ${l}`);
});
