import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Job,
  jobStatus,
  jobInfo,
  jobPods,
  jobCompletionsText,
  jobScheduledFor,
  isJobFailed,
  isJobFinished,
  podOutcome,
  exitText,
  jobsOwnedBy,
} from '../../src/model/job.js';
import type { Pod } from '../../src/model/types.js';
import { DAY, HOUR, MIN, NOW, SEC, cronJob, jobFor, jobPod, makeStore, standaloneJob } from '../fixtures/job/build.js';

const asJob = (o: unknown) => o as Job;

describe('job status as kubectl words it', () => {
  it('Complete, Failed, Running, Suspended', () => {
    assert.equal(jobStatus(asJob(standaloneJob('a', { outcome: 'complete' }))), 'Complete');
    assert.equal(jobStatus(asJob(standaloneJob('b', { outcome: 'failed' }))), 'Failed');
    assert.equal(jobStatus(asJob(standaloneJob('c', { outcome: 'deadline' }))), 'Failed');
    assert.equal(jobStatus(asJob(standaloneJob('d', { outcome: 'running' }))), 'Running');
    assert.equal(jobStatus(asJob(standaloneJob('e', { outcome: 'suspended' }))), 'Suspended');
  });
  it('Terminating and FailureTarget', () => {
    const j = asJob(standaloneJob('f', { outcome: 'running' }));
    j.metadata.deletionTimestamp = new Date(NOW).toISOString();
    assert.equal(jobStatus(j), 'Terminating');
    const ft = asJob(standaloneJob('g', { outcome: 'failed' }));
    ft.status!.conditions = ft.status!.conditions!.filter((c) => c.type === 'FailureTarget');
    assert.equal(jobStatus(ft), 'FailureTarget');
    assert.equal(isJobFinished(ft), false);
  });
  it('a Job that succeeded after retries has not failed', () => {
    const j = asJob(standaloneJob('retried', { outcome: 'complete', failed: 2 }));
    assert.equal(jobStatus(j), 'Complete');
    assert.equal(isJobFailed(j), false);
    const info = jobInfo(makeStore([j]), j, NOW);
    assert.equal(info.failed, 2);
    assert.equal(info.failure, undefined);
  });
});

describe('completions, durations, deadlines, TTL', () => {
  it('COMPLETIONS like kubectl', () => {
    assert.equal(jobCompletionsText(asJob(standaloneJob('a', { outcome: 'complete' }))), '1/1');
    assert.equal(jobCompletionsText(asJob(standaloneJob('b', { outcome: 'running', completions: 5, parallelism: 2 }))), '0/5');
    assert.equal(jobCompletionsText(asJob(standaloneJob('c', { outcome: 'running', completions: null, parallelism: 3 }))), '0/1 of 3');
  });
  it('duration of finished and running Jobs', () => {
    const start = NOW - 2 * HOUR;
    const done = asJob(standaloneJob('done', { outcome: 'complete', start, durationMs: 72 * SEC }));
    const failed = asJob(standaloneJob('failed', { outcome: 'failed', start, durationMs: 9 * MIN }));
    const running = asJob(standaloneJob('running', { outcome: 'running', start }));
    const store = makeStore([done, failed, running]);
    assert.equal(jobInfo(store, done, NOW).durationMs, 72 * SEC);
    // completionTime is only set on success: the Failed condition's time ends a failed Job.
    assert.equal(jobInfo(store, failed, NOW).durationMs, 9 * MIN);
    assert.equal(jobInfo(store, running, NOW).durationMs, 2 * HOUR);
  });
  it('TTL deletion time and active deadline', () => {
    const start = NOW - HOUR;
    const done = asJob(standaloneJob('ttl', { outcome: 'complete', start, durationMs: 10 * MIN, ttlSecondsAfterFinished: 86400 }));
    const running = asJob(standaloneJob('ads', { outcome: 'running', start, activeDeadlineSeconds: 7200 }));
    const store = makeStore([done, running]);
    assert.equal(jobInfo(store, done, NOW).deleteAt, start + 10 * MIN + DAY);
    assert.equal(jobInfo(store, running, NOW).deadlineAt, start + 2 * HOUR);
    assert.equal(jobInfo(store, running, NOW).deleteAt, undefined);
  });
  it('backoffLimit used against its limit', () => {
    const j = asJob(standaloneJob('bl', { outcome: 'failed', backoffLimit: 2 }));
    const info = jobInfo(makeStore([j]), j, NOW);
    assert.equal(info.failed, 3);
    assert.equal(info.backoffLimit, 2);
    assert.equal(info.failure?.reason, 'BackoffLimitExceeded');
    assert.equal(info.completionMode, 'NonIndexed');
  });
});

describe('pods and exit codes', () => {
  it("finds a Job's pods by ownerReference, oldest first, and by controller-uid label when references are gone", () => {
    const j = asJob(standaloneJob('data-processor', { outcome: 'failed', backoffLimit: 1, start: NOW - HOUR }));
    const p1 = jobPod(j, { phase: 'Failed', exitCode: 1, start: NOW - HOUR, seed: '1' });
    const p2 = jobPod(j, { phase: 'Failed', exitCode: 137, reason: 'OOMKilled', start: NOW - 50 * MIN, seed: '2' });
    const store = makeStore([j, p2, p1]);
    assert.deepEqual(
      jobPods(store, j).map((p) => p.metadata.name),
      [p1.metadata.name, p2.metadata.name],
    );
    const orphan = JSON.parse(JSON.stringify(p1)) as Pod;
    delete orphan.metadata.ownerReferences;
    const store2 = makeStore([j, orphan]);
    assert.deepEqual(jobPods(store2, j).map((p) => p.metadata.name), [p1.metadata.name]);
    const info = jobInfo(store, j, NOW);
    assert.deepEqual(info.pods.map(exitText), ['exit 1 (Error)', 'exit 137 (OOMKilled)']);
  });
  it('pod-level reasons and in-place restarts', () => {
    const j = asJob(standaloneJob('x', { outcome: 'deadline', activeDeadlineSeconds: 60 }));
    const killed = podOutcome(jobPod(j, { phase: 'Failed', exitCode: 143, reason: 'Error', podReason: 'DeadlineExceeded', podMessage: 'Pod was active on the node longer than the specified deadline' }) as Pod);
    assert.equal(killed.reason, 'DeadlineExceeded');
    assert.equal(killed.exitCode, 143);
    assert.equal(killed.outcome, 'failed');
    const restarted = podOutcome(jobPod(j, { phase: 'Running', restarts: 2, lastExit: { exitCode: 2, reason: 'Error' } }) as Pod);
    assert.equal(exitText(restarted), 'exit 2 (Error), last run');
    const ok = podOutcome(jobPod(j, { phase: 'Succeeded' }) as Pod);
    assert.equal(ok.outcome, 'succeeded');
    assert.equal(ok.state, 'Completed');
  });
});

describe('CronJob-owned Jobs', () => {
  it('scheduled time from the annotation, else from the controller-made name', () => {
    const cj = cronJob({ timeZone: 'America/New_York' });
    const at = Date.parse('2026-03-09T07:00:00Z');
    const j = asJob(jobFor(cj, at));
    assert.equal(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-03-09T03:00:00-04:00');
    assert.deepEqual(jobScheduledFor(j), { at, source: 'annotation' });
    const old = asJob(jobFor(cj, at, { noAnnotation: true }));
    assert.equal(old.metadata.name, `daily-backup-${at / MIN}`);
    assert.deepEqual(jobScheduledFor(old), { at, source: 'name' });
    assert.deepEqual(jobScheduledFor(asJob(standaloneJob('daily-backup-29000000'))), undefined);
  });
  it('jobsOwnedBy follows the controller ownerReference uid', () => {
    const cj = cronJob();
    const other = cronJob({ name: 'other' });
    const mine = jobFor(cj, NOW - DAY);
    const theirs = jobFor(other, NOW - DAY);
    const store = makeStore([cj, other, mine, theirs, standaloneJob('manual')]);
    assert.deepEqual(jobsOwnedBy(store, cj.metadata.uid).map((j) => j.metadata.name), [mine.metadata.name]);
  });
});
