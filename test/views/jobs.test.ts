// :jobs as pure functions (rows, column values, visible columns, detail lines)
// at 80 and 160 columns, then driven in the shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sObject } from '../../src/model/types.js';
import type { JobInfo } from '../../src/model/job.js';
import { jobsView } from '../../views/jobs.js';
import type { Line, ViewCtx } from '../../views/types.js';
import { fitCell, layoutColumns } from '../../views/widgets/layout.js';
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
    ['NAMESPACE', 'NAME', 'STATUS', 'REASON', 'COMPLETIONS', 'DURATION', 'FAILED/LIMIT', 'OWNER', 'AGE', 'PROBLEMS', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
  );
  // kubectl get jobs -o wide adds CONTAINERS, IMAGES, SELECTOR: here they show in wide mode only.
  assert.deepEqual(jobsView.columns.filter((c) => c.wide).map((c) => c.id), ['containers', 'images', 'selector']);
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

/** The columns the shell lays out (NAMESPACE only when all namespaces are listed) and the cells as drawn. */
function drawn(ctx: ViewCtx): { ids: string[]; cells: (name: string, id: string) => string } {
  const cols = ctx.namespace ? jobsView.columns.filter((c) => c.id !== 'namespace') : jobsView.columns;
  const rows = jobsView.rows(ctx);
  const laid = layoutColumns(cols, rows, ctx, ctx.width);
  return {
    ids: laid.map((l) => l.col.id),
    cells: (name, id) => {
      const l = laid.find((x) => x.col.id === id)!;
      return fitCell(l.col, l.col.value(row(ctx, name), ctx), l.width);
    },
  };
}

test('columns by width', () => {
  const ctx80 = ctxFor(S.failedStandaloneJob(), { width: 80, namespace: 'shop' });
  assert.deepEqual(drawn(ctx80).ids, ['name', 'status', 'reason', 'completions', 'duration', 'age', 'problems']);
  const all80 = ctxFor(S.failedStandaloneJob(), { width: 80 });
  assert.deepEqual(drawn(all80).ids, ['namespace', 'name', 'status', 'reason', 'completions', 'duration', 'problems']);
  const ctx200 = ctxFor(S.failedStandaloneJob(), { width: 200 });
  assert.deepEqual(drawn(ctx200).ids, ['namespace', 'name', 'status', 'reason', 'completions', 'duration', 'retries', 'owner', 'age', 'problems']);
  assert.deepEqual(drawn({ ...ctxFor(S.failedStandaloneJob(), { width: 300 }), wide: true }).ids.slice(-3), ['containers', 'images', 'selector']);
});

test("a CronJob's Jobs keep the suffix that tells them apart at 80 columns (cut in the middle)", () => {
  // Three runs of one CronJob with a long name: the names differ only in their last digits.
  const cj = cronJob({ name: 'warehouse-inventory-reconciliation', schedule: '0 * * * *', timeZone: 'UTC' });
  const jobs = [3, 2, 1].map((h) => jobFor(cj, NOW - h * HOUR, { outcome: 'complete', durationMs: 2 * MIN }));
  const names = jobs.map((j) => j.metadata.name);
  const suffixes = names.map((n) => n.slice(n.lastIndexOf('-') + 1));
  for (const ctx of [ctxFor([cj, ...jobs], { width: 80 }), ctxFor([cj, ...jobs], { width: 80, namespace: 'shop' })]) {
    const d = drawn(ctx);
    const cells = names.map((n) => d.cells(n, 'name'));
    cells.forEach((c, i) => {
      assert.ok(c.length < names[i]!.length, `cut at 80: ${c}`);
      assert.ok(c.includes('…') && c.endsWith(suffixes[i]!), `${c} keeps ${suffixes[i]}`);
      assert.ok(c.startsWith('wareh'), `and the start: ${c}`);
    });
    assert.equal(new Set(cells).size, cells.length, 'three distinct cells');
  }
  // At 200 columns the names show whole.
  const d200 = drawn(ctxFor([cj, ...jobs], { width: 200 }));
  assert.deepEqual(names.map((n) => d200.cells(n, 'name')), names);
});

test('detail: retries, deadline, TTL with its deletion time, completion mode, pods with exit codes', () => {
  const ctx = ctxFor(S.failedStandaloneJob());
  const lines = text(jobsView.detail!(row(ctx, 'data-processor'), ctx));
  assert.equal(lines[0], 'Job shop/data-processor  created 2026-03-10 09:59:58 UTC (120m ago)');
  assert.ok(lines.includes('Problems (1)'));
  assert.ok(lines.includes('Status            Failed (BackoffLimitExceeded)  Job has reached the specified backoff limit'));
  assert.ok(lines.includes('Owner             none (created directly)'));
  assert.ok(lines.includes('Completions       0/1  target 1, parallelism 1, mode NonIndexed'));
  assert.ok(lines.includes('Backoff limit     7 failed pods, backoffLimit 6  the Job fails once failures exceed the limit'));
  assert.ok(lines.includes('Started           2026-03-10 10:00:00 UTC (120m ago)   finished 2026-03-10 10:40:00 UTC, ran 40m'));
  assert.ok(lines.includes('Active deadline   none'));
  assert.ok(lines.includes('TTL after finish  86400s  deleted at 2026-03-11 10:40:00 UTC (in 22h)'));
  assert.ok(lines.includes('Restart policy    Never'));
  const p = lines.indexOf('Pods (7)');
  assert.ok(p > 0);
  assert.match(lines[p + 1]!, /^ +POD +STATUS +CONTAINER +RESTARTS +STARTED +RAN +NODE/);
  assert.match(lines[p + 2]!, /^ +data-processor-\w+ +Error \(exit 1\) +backup-tool +0 +2026-03-10 10:00:00 UTC +30s +node-a/);
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
  assert.ok(lines.some((l) => l.startsWith('Scheduled for     2026-03-10 11:40:00 UTC  (2026-03-10T11:40:00Z)')));
  assert.ok(lines.includes('Active deadline   3600s  fails with DeadlineExceeded at 2026-03-10 12:40:00 UTC (in 40m)'));
  assert.ok(lines.includes("TTL after finish  none (the CronJob's history limits delete it)"));
  assert.ok(lines.some((l) => /^ +hourly-sync-\d+-\w+ Pending for 20m: ImagePullBackOff: Back-off pulling image "backup-agent:v1"$/.test(l)));
  assert.ok(lines.some((l) => /^ {2}(warning|error) +job\/stuck-pending/.test(l)));
});

test("detail: each pod line opens its pod, the owner line the CronJob", () => {
  const ctx = ctxFor(S.failedStandaloneJob());
  const info = row(ctx, 'data-processor');
  const lines = jobsView.detail!(info, ctx);
  const t = text(lines);
  const p = t.indexOf('Pods (7)');
  const podLines = lines.slice(p + 2, p + 9);
  assert.deepEqual(podLines.map((l) => l.ref), info.pods.map((x) => ({ kind: 'Pod', namespace: 'shop', name: x.name })));
  assert.equal(lines[p + 1]!.ref, undefined, 'the header is not selectable');
  // A standalone Job's owner line is not selectable; a CronJob's Job's is.
  assert.equal(lines.find((l) => lineText(l).startsWith('Owner'))!.ref, undefined);
  const cj = cronJob({ name: 'hourly-sync', schedule: '0 * * * *', timeZone: 'UTC' });
  const j = jobFor(cj, NOW - 20 * MIN, { outcome: 'running', start: NOW - 20 * MIN });
  const c2 = ctxFor([cj, j]);
  const owner = jobsView.detail!(row(c2, j.metadata.name), c2).find((l) => lineText(l).startsWith('Owner'))!;
  assert.deepEqual(owner.ref, { kind: 'CronJob', namespace: 'shop', name: 'hourly-sync' });
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
  const f = await ui.waitFor(/1 error/);
  assert.match(f, /NAMESPACE +NAME\^? +STATUS +REASON +COMPLETIONS +DURATION +PROBLEMS/);
  assert.match(f, /shop +data-processor +Failed +Backoff\S* +0\/1 +40m +1 error/);
  for (const l of f.split('\n')) assert.ok(textWidth(l) <= 80, `fits 80: ${l}`);
  await ui.press(KEYS.enter);
  await ui.waitFor(/Backoff limit +7 failed pods, backoffLimit 6/);
});

test('shell at 200 columns', async (t) => {
  const ui = shell([...S.healthyDailyBackup()], 200);
  t.after(() => ui.unmount());
  const f = await ui.waitFor(/daily-backup-29551740/);
  assert.match(f, /NAMESPACE +NAME\^? +STATUS +REASON +COMPLETIONS +DURATION +FAILED\/LIMIT +OWNER +AGE/);
  assert.match(f, /shop +daily-backup-29551740 +Complete +1\/1 +5m12s +0\/6 +CronJob\/daily-backup +11h/);
  for (const l of f.split('\n')) assert.ok(textWidth(l) <= 200, `fits 200: ${l}`);
});
