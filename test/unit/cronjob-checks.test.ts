// cronjob/* and job/* checks: for every check a fixture with the problem
// (exact id, severity and object) and a healthy twin that must not produce it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as cronjobArea from '../../diagnostics/cronjob.js';
import * as jobArea from '../../diagnostics/job.js';
import * as podArea from '../../diagnostics/pod.js';
import { runDiagnostics, type AreaModule } from '../../diagnostics/engine.js';
import type { CheckContext, Finding } from '../../diagnostics/types.js';
import type { KindName } from '../../src/cluster/kinds.js';
import type { K8sObject } from '../../src/model/types.js';
import { GRACE, NOW, HOUR, MIN, cronJob, event, jobFor, makeStore, standaloneJob } from '../fixtures/job/build.js';
import * as S from '../fixtures/cronjob/scenarios.js';

const AREAS: AreaModule[] = [
  { area: 'pod', checks: podArea.checks, run: podArea.run },
  { area: 'job', checks: jobArea.checks, run: jobArea.run },
  { area: 'cronjob', checks: cronjobArea.checks, run: cronjobArea.run },
];

function diagnose(objs: K8sObject[], o: { forbidden?: KindName[]; now?: number } = {}) {
  const store = makeStore(objs, { forbidden: o.forbidden });
  return runDiagnostics(store, { now: o.now ?? NOW, graceMs: GRACE, areas: AREAS });
}

/** Run one area directly, recording what it skipped. */
function area(run: (ctx: CheckContext) => Finding[], objs: K8sObject[], o: { forbidden?: KindName[]; now?: number } = {}) {
  const skipped: { check: string; kind: string; why: string }[] = [];
  const store = makeStore(objs, { forbidden: o.forbidden });
  const findings = run({ store, now: o.now ?? NOW, graceMs: GRACE, namespace: undefined, skipped: (check, kind, why) => void skipped.push({ check, kind, why }) });
  return { findings, skipped };
}

function only(findings: Finding[], check: string): Finding[] {
  return findings.filter((f) => f.check === check);
}

function one(findings: Finding[], check: string): Finding {
  const fs = only(findings, check);
  assert.equal(fs.length, 1, `expected one ${check}, got ${fs.length}: ${JSON.stringify(findings.map((f) => `${f.check} ${f.object.name}`))}`);
  return fs[0]!;
}

describe('catalog', () => {
  it('ids and default severities are the ones issue 5 fixes', () => {
    assert.deepEqual(
      cronjobArea.checks.map((c) => `${c.id} ${c.severity}`),
      [
        'cronjob/schedule-invalid error',
        'cronjob/schedule-timezone-prefix warning',
        'cronjob/timezone-invalid error',
        'cronjob/timezone-unset info',
        'cronjob/missed-runs warning',
        'cronjob/too-many-missed error',
        'cronjob/forbid-skipping warning',
        'cronjob/replace-interrupting warning',
        'cronjob/last-run-failed error',
        'cronjob/suspended info',
        'cronjob/history-disabled info',
      ],
    );
    assert.deepEqual(
      jobArea.checks.map((c) => `${c.id} ${c.severity}`),
      ['job/failed error', 'job/stuck-pending warning', 'job/no-ttl info', 'job/restart-policy-always error'],
    );
  });
});

describe('a healthy cluster', () => {
  it('the daily backup with a timeZone and three good nights yields nothing', () => {
    const r = diagnose(S.healthyDailyBackup());
    assert.deepEqual(r.findings.map((f) => f.check), []);
  });
});

describe('cronjob/schedule-invalid', () => {
  it('a schedule the parser rejects (weekday 7), with its reason', () => {
    const f = one(area(cronjobArea.run, [cronJob({ name: 'weekly', schedule: '0 3 * * 7', timeZone: 'UTC' })]).findings, 'cronjob/schedule-invalid');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'weekly' });
    assert.equal(f.message, 'schedule "0 3 * * 7" is rejected by Kubernetes\' cron parser: end of range (7) above maximum (6): 7');
  });
  it('a schedule that can never fire (30 February)', () => {
    const f = one(area(cronjobArea.run, [cronJob({ name: 'leap', schedule: '0 0 30 2 *', timeZone: 'UTC' })]).findings, 'cronjob/schedule-invalid');
    assert.match(f.message, /never fires/);
  });
  it('twin: 29 February and weekday 0 are fine', () => {
    const r = area(cronjobArea.run, [cronJob({ name: 'leap', schedule: '0 0 29 2 *', timeZone: 'UTC' }), cronJob({ name: 'weekly', schedule: '0 3 * * 0', timeZone: 'UTC' })]);
    assert.deepEqual(only(r.findings, 'cronjob/schedule-invalid'), []);
  });
});

describe('time zones', () => {
  it('cronjob/schedule-timezone-prefix', () => {
    const f = one(area(cronjobArea.run, [cronJob({ name: 'legacy', schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' })]).findings, 'cronjob/schedule-timezone-prefix');
    assert.equal(f.severity, 'warning');
    assert.equal(f.object.name, 'legacy');
    assert.match(f.nextSteps.join('\n'), /spec\.timeZone: Europe\/Berlin/);
    const twin = area(cronjobArea.run, [cronJob({ name: 'legacy', schedule: '0 2 * * *', timeZone: 'Europe/Berlin' })]);
    assert.deepEqual(only(twin.findings, 'cronjob/schedule-timezone-prefix'), []);
  });
  it('the prefix is not also reported as an unset timeZone', () => {
    const r = area(cronjobArea.run, [cronJob({ name: 'legacy', schedule: 'TZ=Europe/Berlin 0 2 * * *' })]);
    assert.deepEqual(only(r.findings, 'cronjob/timezone-unset'), []);
  });
  it('cronjob/timezone-invalid', () => {
    const f = one(area(cronjobArea.run, [cronJob({ name: 'paris', timeZone: 'Europe/Pariss' })]).findings, 'cronjob/timezone-invalid');
    assert.equal(f.severity, 'error');
    assert.equal(f.object.name, 'paris');
    assert.match(f.evidence.join('\n'), /unknown time zone Europe\/Pariss/);
    const twin = area(cronjobArea.run, [cronJob({ name: 'paris', timeZone: 'Europe/Paris' })]);
    assert.deepEqual(only(twin.findings, 'cronjob/timezone-invalid'), []);
  });
  it('cronjob/timezone-unset', () => {
    const f = one(area(cronjobArea.run, [cronJob({ name: 'nozone' })]).findings, 'cronjob/timezone-unset');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /at 02:00 every day/);
    const twin = area(cronjobArea.run, [cronJob({ name: 'nozone', timeZone: 'UTC' })]);
    assert.deepEqual(only(twin.findings, 'cronjob/timezone-unset'), []);
  });
});

describe('cronjob/missed-runs and cronjob/too-many-missed', () => {
  it('hourly runs missed since 07:00', () => {
    const r = area(cronjobArea.run, S.missedRuns());
    const f = one(r.findings, 'cronjob/missed-runs');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'hourly-sync' });
    assert.equal(
      f.message,
      '4 scheduled runs since lastScheduleTime 2026-03-10 07:00:00 UTC passed with no Job (first 2026-03-10 08:00:00 UTC); at its next sync the controller starts only the most recent, 2026-03-10 12:00:00 UTC (the 4 before it are never run)',
    );
    // Nothing in the events explains it: the controller itself is what to look at, not the clocks.
    assert.match(f.nextSteps.join('\n'), /kube-controller-manager/);
    assert.doesNotMatch(f.nextSteps.join('\n'), /clock/);
    assert.deepEqual(only(r.findings, 'cronjob/too-many-missed'), []);
  });
  it('twins: on time, or the newest time still within the grace period', () => {
    assert.deepEqual(only(area(cronjobArea.run, S.onTime()).findings, 'cronjob/missed-runs'), []);
    const last = S.T('2026-03-10T11:00:00Z');
    const cj = cronJob({ name: 'hourly-sync', schedule: '0 * * * *', timeZone: 'UTC', lastScheduleTime: last });
    assert.deepEqual(only(area(cronjobArea.run, [cj], { now: S.T('2026-03-10T12:03:00Z') }).findings, 'cronjob/missed-runs'), []);
  });
  it('a suspended CronJob is not missing runs (cronjob/suspended instead)', () => {
    const objs = S.missedRuns();
    (objs[0]!.spec as Record<string, unknown>).suspend = true;
    const r = area(cronjobArea.run, objs);
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
    const f = one(r.findings, 'cronjob/suspended');
    assert.equal(f.severity, 'info');
    assert.equal(f.object.name, 'hourly-sync');
    // What resuming does, from the controller's rule: the most recent time at once, the rest never.
    assert.equal(f.nextSteps[1], 'note: resumed now, the controller starts the run scheduled for 2026-03-10 12:00:00 UTC at once; earlier missed runs are not run');
    (objs[0]!.spec as Record<string, unknown>).startingDeadlineSeconds = 60;
    const bounded = one(area(cronjobArea.run, objs, { now: NOW + 5 * MIN }).findings, 'cronjob/suspended');
    assert.equal(bounded.nextSteps[1], 'note: resumed now, the controller starts nothing before 2026-03-10 13:00:00 UTC (it looks back only startingDeadlineSeconds, 60s)');
    assert.deepEqual(only(area(cronjobArea.run, S.onTime()).findings, 'cronjob/suspended'), []);
  });
  it('more than 100 since lastScheduleTime without startingDeadlineSeconds', () => {
    const r = area(cronjobArea.run, S.tooManyMissed());
    const f = one(r.findings, 'cronjob/too-many-missed');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'heartbeat' });
    assert.equal(
      f.message,
      'the controller records TooManyMissedTimes: its estimate is 180 missed start times since lastScheduleTime 2026-03-10 09:00:00 UTC (more than 100; 175 really passed with no Job); it warns and still starts only the most recent run, 2026-03-10 12:00:00 UTC; the 175 before it are never run',
    );
    assert.match(f.evidence.join('\n'), /TooManyMissedTimes/);
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
  });
  it('Forbid with a Job still active: it warns, and Forbid keeps it from starting', () => {
    const at = NOW - 3 * HOUR;
    const cj = cronJob({ name: 'heartbeat', schedule: '*/1 * * * *', timeZone: 'UTC', lastScheduleTime: at, concurrencyPolicy: 'Forbid' });
    const running = jobFor(cj, at, { outcome: 'running', start: at + 2000 });
    (cj.status as Record<string, unknown>).active = [{ apiVersion: 'batch/v1', kind: 'Job', name: running.metadata.name, namespace: 'shop', uid: running.metadata.uid }];
    const f = one(area(cronjobArea.run, [cj, running]).findings, 'cronjob/too-many-missed');
    assert.match(f.message, /; it warns at every sync, but Forbid keeps it from starting while Job heartbeat-\d+ is active$/);
  });
  it('twin: startingDeadlineSeconds bounds how far the controller looks back', () => {
    const r = area(cronjobArea.run, S.tooManyMissed({ startingDeadlineSeconds: 200 }));
    assert.deepEqual(only(r.findings, 'cronjob/too-many-missed'), []);
  });
  it('Job creation failing is named as the cause', () => {
    const objs = S.missedRuns();
    const cj = objs[0]!;
    objs.push(
      event(cj, 'FailedCreate', 'Error creating job: jobs.batch "hourly-sync-29552160" is forbidden: exceeded quota: object-counts, requested: count/jobs.batch=1, used: count/jobs.batch=50, limited: count/jobs.batch=50', {
        type: 'Warning',
        count: 4,
        first: S.T('2026-03-10T08:00:01Z'),
        last: S.T('2026-03-10T11:00:01Z'),
      }),
    );
    const f = one(area(cronjobArea.run, objs).findings, 'cronjob/missed-runs');
    assert.equal(
      f.message,
      '4 scheduled runs since lastScheduleTime 2026-03-10 07:00:00 UTC passed with no Job (first 2026-03-10 08:00:00 UTC): creating its Jobs is refused (FailedCreate ×4 since 2026-03-10 08:00:01 UTC): ResourceQuota object-counts is full: requested count/jobs.batch=1, used count/jobs.batch=50, limited count/jobs.batch=50; the controller tries only the most recent, 2026-03-10 12:00:00 UTC, at each sync',
    );
    // Next steps from the evidence: the quota, and that finished Jobs count against it; not the controller or its clock.
    assert.deepEqual(f.nextSteps, [
      'kubectl describe resourcequota object-counts -n shop',
      'kubectl get jobs -n shop',
      'fix: finished Jobs count against count/jobs.batch: lower successfulJobsHistoryLimit / failedJobsHistoryLimit, set ttlSecondsAfterFinished in the jobTemplate, or raise the quota',
    ]);
  });
});

describe('concurrency', () => {
  it('cronjob/forbid-skipping', () => {
    const r = diagnose(S.forbidSkipping());
    const f = one(r.findings, 'cronjob/forbid-skipping');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'hourly-sync' });
    assert.match(f.message, /^Forbid: Job hourly-sync-29552280 has been active since 2026-03-10 10:00:02 UTC, past 2 scheduled times \(first 2026-03-10 11:00:00 UTC\), so those runs were skipped$/);
    // The skipped times are explained by Forbid, not reported again as missed.
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
  });
  it('twin: Forbid with an active Job that has not reached a scheduled time', () => {
    const r = diagnose(S.forbidNotSkipping(), { now: S.T('2026-03-10T12:20:00Z') });
    assert.deepEqual(only(r.findings, 'cronjob/forbid-skipping'), []);
    assert.deepEqual(r.findings.filter((f) => f.severity !== 'info').map((f) => f.check), []);
  });
  it('cronjob/replace-interrupting', () => {
    const f = one(area(cronjobArea.run, S.replaceInterrupting()).findings, 'cronjob/replace-interrupting');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'metrics-rollup' });
    assert.match(f.message, /^Replace: 2 Jobs were deleted before finishing/);
  });
  it('twin: Replace whose deletions are history clean-up', () => {
    assert.deepEqual(only(area(cronjobArea.run, S.replaceHealthy()).findings, 'cronjob/replace-interrupting'), []);
  });
});

describe('cronjob/last-run-failed and job/failed', () => {
  it('the newest run failed: both findings, linked to each other and to the failed pods', () => {
    const r = diagnose(S.lastRunFailed());
    const f = one(r.findings, 'cronjob/last-run-failed');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'nightly-report' });
    assert.match(f.message, /^the last run, Job nightly-report-29551800, failed: BackoffLimitExceeded; last pod exit 1 \(Error\)$/);
    assert.match(f.evidence.join('\n'), /pod nightly-report-29551800-\w+: exit 1 \(Error\)/);
    const jf = one(r.findings, 'job/failed');
    assert.deepEqual(jf.object, { kind: 'Job', namespace: 'shop', name: 'nightly-report-29551800' });
    assert.ok(f.related?.some((x) => x.check === 'job/failed' && x.object.name === 'nightly-report-29551800'));
    assert.ok(jf.related?.some((x) => x.check === 'cronjob/last-run-failed' && x.object.name === 'nightly-report'));
    // Failed pods of a Job are the Job's business: no pod findings for them.
    assert.deepEqual(r.findings.filter((x) => x.object.kind === 'Pod'), []);
  });
  it('twin: an older run failed and the newest succeeded after a retry', () => {
    const r = diagnose(S.recoveredAfterRetries());
    assert.deepEqual(only(r.findings, 'cronjob/last-run-failed'), []);
    assert.deepEqual(only(r.findings, 'job/failed'), []);
    assert.deepEqual(r.findings.filter((x) => x.severity !== 'info'), []);
  });
  it('job/failed on a standalone Job, with exit codes', () => {
    const r = diagnose(S.failedStandaloneJob());
    const f = one(r.findings, 'job/failed');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.object, { kind: 'Job', namespace: 'shop', name: 'data-processor' });
    assert.equal(f.message, 'Job data-processor failed: BackoffLimitExceeded (Job has reached the specified backoff limit) after 7 failed pods (backoffLimit 6); last pod exit 137 (OOMKilled)');
    assert.match(f.evidence.join('\n'), /2 earlier failed pod\(s\) not shown/);
  });
  it('twin: the Job succeeded after retries has not failed', () => {
    const r = diagnose(S.succeededAfterRetriesJob());
    assert.deepEqual(r.findings.map((x) => x.check), []);
  });
});

describe('job/stuck-pending', () => {
  it('a pod Pending (Unschedulable) past the grace period', () => {
    const r = diagnose(S.stuckPendingJob());
    const f = one(r.findings, 'job/stuck-pending');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.object, { kind: 'Job', namespace: 'shop', name: 'data-processor' });
    assert.match(f.message, /^Job data-processor: pod data-processor-\w+ has been Pending for 20m \(Unschedulable\)$/);
    assert.match(f.evidence.join('\n'), /FailedScheduling ×5/);
  });
  it('no pods at all because creation fails (quota)', () => {
    const f = one(diagnose(S.quotaBlockedJob()).findings, 'job/stuck-pending');
    assert.match(f.message, /has no pods 30m after creation: the Job controller cannot create them \(Error creating\)/);
  });
  it('twin: Pending for less than the grace period', () => {
    assert.deepEqual(only(diagnose(S.stuckPendingJob({ pendingFor: 2 * MIN })).findings, 'job/stuck-pending'), []);
  });
  it('pods forbidden: skipped, not reported', () => {
    const r = area(jobArea.run, S.stuckPendingJob(), { forbidden: ['Pod'] });
    assert.deepEqual(only(r.findings, 'job/stuck-pending'), []);
    assert.deepEqual(r.skipped, [{ check: 'job/stuck-pending', kind: 'Pod', why: 'pods in namespace shop could not be listed' }]);
  });
});

describe('job/stuck-pending: pods refused at creation, read by the same parser as the CronJob check (src/model/admission.ts)', () => {
  const refused = (msg: string, o: { cronJob?: boolean } = {}) => one(area(jobArea.run, S.refusedPodsJob(msg, o)).findings, 'job/stuck-pending');
  it('ResourceQuota: the quota and its numbers; pods count only until they finish (not "finished Jobs")', () => {
    const f = refused(S.POD_REFUSALS.quota);
    assert.equal(f.message, 'Job data-processor has no pods 30m after creation: the Job controller cannot create them (Error creating): ResourceQuota compute-quota is full: requested requests.memory=4Gi, used requests.memory=14Gi, limited requests.memory=16Gi');
    assert.ok(f.evidence.includes('ResourceQuota compute-quota: requested requests.memory=4Gi, used requests.memory=14Gi, limited requests.memory=16Gi'), f.evidence.join('\n'));
    assert.deepEqual(f.nextSteps, [
      'kubectl describe job data-processor -n shop',
      'kubectl describe resourcequota compute-quota -n shop',
      "fix: the pods of shop that have not finished use up ResourceQuota compute-quota (finished pods no longer count): free quota, raise it, or lower what the pod template requests (spec.template of an existing Job cannot be changed: recreate Job data-processor from the corrected manifest)",
    ]);
  });
  it('a quota on memory that makes every container set it: which containers, which fields', () => {
    const f = refused(S.POD_REFUSALS.quotaRequires);
    assert.match(f.message, /: ResourceQuota compute-quota requires every container to set limits\.memory for: backup-tool; requests\.memory for: backup-tool$/);
    assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: ResourceQuota compute-quota covers cpu\/memory, so every container must set them \(missing: limits\.memory for: backup-tool; requests\.memory for: backup-tool\): set them in the Job's pod template/);
  });
  it('a missing ServiceAccount: create it, no recreate needed', () => {
    const f = refused(S.POD_REFUSALS.serviceAccount);
    assert.match(f.message, /: ServiceAccount backup cannot be used: serviceaccount "backup" not found$/);
    assert.deepEqual(f.nextSteps.slice(1), ['kubectl get serviceaccount backup -n shop', "fix: create ServiceAccount backup in shop, or correct serviceAccountName in the Job's pod template (spec.template of an existing Job cannot be changed: recreate Job data-processor from the corrected manifest)"]);
  });
  it('a ValidatingAdmissionPolicy: the policy, its binding, its message', () => {
    const f = refused(S.POD_REFUSALS.policy);
    assert.ok(f.evidence.includes('refused by ValidatingAdmissionPolicy require-memory-limits, binding require-memory-limits-shop'));
    assert.ok(f.evidence.includes('policy message: every container must set resources.limits.memory'));
    assert.deepEqual(f.nextSteps.slice(1, 4), ['kubectl get validatingadmissionpolicy require-memory-limits -o yaml', 'kubectl get validatingadmissionpolicybinding require-memory-limits-shop -o yaml', "kubectl get job data-processor -n shop -o jsonpath='{.spec.template.spec}'"]);
  });
  it('a webhook that cannot be called (the old Job parser fell back to "correct what the message says"): its service, not the template', () => {
    const f = refused(S.POD_REFUSALS.webhookDown);
    assert.match(f.message, /: admission webhook "validate\.kyverno\.svc-fail" cannot be called: failed to call webhook: Post .*connect: connection refused$/);
    assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: bring back the service behind admission webhook validate\.kyverno\.svc-fail \(its pods and endpoints\); while it is down every pod it covers is refused$/);
    assert.doesNotMatch(f.nextSteps.join('\n'), /pod template/);
  });
  it('PodSecurity: the level and what the template lacks', () => {
    const f = refused(S.POD_REFUSALS.podSecurity);
    assert.match(f.message, /: PodSecurity "restricted:latest" refuses it: allowPrivilegeEscalation != false/);
    assert.equal(f.nextSteps[1], 'kubectl get namespace shop --show-labels');
  });
  it("a Job of a CronJob: the fix goes into the CronJob's jobTemplate", () => {
    const f = refused(S.POD_REFUSALS.policy, { cronJob: true });
    assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: change CronJob nightly-import's spec\.jobTemplate so its pods pass ValidatingAdmissionPolicy require-memory-limits \(every container must set resources\.limits\.memory\) \(the next run uses it; Job nightly-import-\d+ keeps its own template: delete it once the jobTemplate is fixed\)/);
  });
  it('twins: the cause was fixed and the pod runs (the old FailedCreate event remains): no finding, for every refusal', () => {
    for (const [k, msg] of Object.entries(S.POD_REFUSALS)) {
      for (const cronJob of [false, true]) assert.deepEqual(only(area(jobArea.run, S.refusedPodsJob(msg, { cronJob, podsCreated: true })).findings, 'job/stuck-pending'), [], `${k}${cronJob ? ' (CronJob)' : ''}`);
    }
  });
});

describe('job/no-ttl', () => {
  it('a finished Job created by hand without ttlSecondsAfterFinished', () => {
    const f = one(area(jobArea.run, [standaloneJob('db-migrate', { outcome: 'complete' })]).findings, 'job/no-ttl');
    assert.equal(f.severity, 'info');
    assert.deepEqual(f.object, { kind: 'Job', namespace: 'shop', name: 'db-migrate' });
  });
  it('twins: a TTL set, a CronJob-owned Job, a running Job', () => {
    const cj = cronJob();
    const r = area(jobArea.run, [
      standaloneJob('with-ttl', { outcome: 'complete', ttlSecondsAfterFinished: 600 }),
      jobFor(cj, NOW - HOUR, { outcome: 'complete' }),
      standaloneJob('running', { outcome: 'running' }),
    ]);
    assert.deepEqual(only(r.findings, 'job/no-ttl'), []);
  });
});

describe('job/restart-policy-always', () => {
  it('a Job (from a manifest) with restartPolicy Always', () => {
    const f = one(area(jobArea.run, [standaloneJob('bad', { outcome: 'running', restartPolicy: 'Always', ttlSecondsAfterFinished: 60 })]).findings, 'job/restart-policy-always');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.object, { kind: 'Job', namespace: 'shop', name: 'bad' });
  });
  it('twin: Never and OnFailure', () => {
    const r = area(jobArea.run, [standaloneJob('a', { outcome: 'running', restartPolicy: 'Never' }), standaloneJob('b', { outcome: 'running', restartPolicy: 'OnFailure' })]);
    assert.deepEqual(only(r.findings, 'job/restart-policy-always'), []);
  });
});

describe('cronjob/history-disabled', () => {
  it('both limits 0', () => {
    const f = one(area(cronjobArea.run, [cronJob({ name: 'noisy', timeZone: 'UTC', successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 })]).findings, 'cronjob/history-disabled');
    assert.equal(f.severity, 'info');
    assert.equal(f.object.name, 'noisy');
  });
  it('twin: failures kept', () => {
    const r = area(cronjobArea.run, [cronJob({ name: 'noisy', timeZone: 'UTC', successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 1 })]);
    assert.deepEqual(only(r.findings, 'cronjob/history-disabled'), []);
  });
});

describe('forbidden kinds are "could not check", never "missing"', () => {
  it('Jobs forbidden: no run findings, checks recorded as skipped', () => {
    const r = area(cronjobArea.run, S.lastRunFailed(), { forbidden: ['Job'] });
    assert.deepEqual(only(r.findings, 'cronjob/last-run-failed'), []);
    assert.ok(r.skipped.some((s) => s.check === 'cronjob/last-run-failed' && s.kind === 'Job'));
    const j = area(jobArea.run, S.failedStandaloneJob(), { forbidden: ['Job'] });
    assert.deepEqual(j.findings, []);
    assert.ok(j.skipped.some((s) => s.check === 'job/failed' && s.kind === 'Job'));
  });
  it('CronJobs forbidden: no findings, every cronjob check skipped, and access/partial says so', () => {
    const r = area(cronjobArea.run, S.missedRuns(), { forbidden: ['CronJob'] });
    assert.deepEqual(r.findings, []);
    assert.equal(r.skipped.filter((s) => s.kind === 'CronJob').length, cronjobArea.checks.length);
    const full = diagnose(S.missedRuns(), { forbidden: ['CronJob'] });
    assert.ok(full.findings.some((f) => f.check === 'access/partial'));
  });
});

describe('issue 9: missed runs as the controller counts them', () => {
  it('0,30 9 * * *, down from 03-02 09:30 to 03-06 12:00: 8 missed, the controller starts none and does not warn', () => {
    const r = area(cronjobArea.run, S.estimateSkips(), { now: S.ISSUE9_NOW });
    // The controller records no TooManyMissedTimes here (its most recent time comes out empty), so neither do we.
    assert.deepEqual(only(r.findings, 'cronjob/too-many-missed'), []);
    const f = one(r.findings, 'cronjob/missed-runs');
    assert.equal(
      f.message,
      '8 scheduled runs since lastScheduleTime 2026-03-02 09:30:00 UTC passed with no Job (first 2026-03-03 09:00:00 UTC); the controller will start none of them: its estimate (151 from its first interval of 30m) jumps past the last one, so it records no event and waits for 2026-03-07 09:00:00 UTC, when it records TooManyMissedTimes and starts that run',
    );
    assert.match(f.evidence.join('\n'), /controller estimate \(mostRecentScheduleTime, utils\.go\): .* \(30m\) \+ 1 = 151 > 100, but no time is due after its jump/);
  });
  it('twin: at its next wake-up (03-07 09:00) it does warn: cronjob/too-many-missed, saying it starts the most recent run', () => {
    const r = area(cronjobArea.run, S.estimateSkips(), { now: S.T('2026-03-07T09:00:00.100Z') });
    const f = one(r.findings, 'cronjob/too-many-missed');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^the controller records TooManyMissedTimes: its estimate is 193 missed start times since lastScheduleTime 2026-03-02 09:30:00 UTC \(more than 100; 8 really passed with no Job\); it warns and still starts only the most recent run, 2026-03-07 09:00:00 UTC; the 8 before it are never run$/);
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
  });
  it('healthy twin: the 03-06 09:30 run happened', () => {
    const r = area(cronjobArea.run, S.estimateSkips({ lastScheduleTime: S.T('2026-03-06T09:30:00Z') }), { now: S.ISSUE9_NOW });
    assert.deepEqual(r.findings.map((f) => f.check), []);
  });
  it('with startingDeadlineSeconds the finding says the controller gives up on runs past it', () => {
    const objs = S.estimateSkips();
    (objs[0]!.spec as Record<string, unknown>).startingDeadlineSeconds = 600;
    const f = one(area(cronjobArea.run, objs, { now: S.ISSUE9_NOW }).findings, 'cronjob/missed-runs');
    assert.match(f.message, /; they are older than startingDeadlineSeconds \(600s\), so the controller gives up on them and starts the next run, 2026-03-07 09:00:00 UTC$/);
  });
});

describe('issue 9: Jobs refused by admission', () => {
  it('ValidatingAdmissionPolicy: the policy, its binding and its message; steps about the policy, not clocks', () => {
    const r = area(cronjobArea.run, S.admissionDenied());
    const f = one(r.findings, 'cronjob/too-many-missed');
    assert.deepEqual(f.object, { kind: 'CronJob', namespace: 'shop', name: 'rollup' });
    assert.equal(
      f.message,
      "creating its Jobs is refused (FailedCreate ×168 since 2026-03-09 22:05:00 UTC): ValidatingAdmissionPolicy 'require-memory-limits' (binding 'require-memory-limits-shop') denies it: every container must set resources.limits.memory; so 167 scheduled runs since lastScheduleTime 2026-03-09 22:00:00 UTC passed with no Job, and at every sync the controller records TooManyMissedTimes (its estimate: 168 > 100) and tries only the most recent run",
    );
    const ev = f.evidence.join('\n');
    assert.match(ev, /refused by ValidatingAdmissionPolicy require-memory-limits, binding require-memory-limits-shop/);
    assert.match(ev, /policy message: every container must set resources\.limits\.memory/);
    assert.deepEqual(f.nextSteps, [
      'kubectl get validatingadmissionpolicy require-memory-limits -o yaml',
      'kubectl get validatingadmissionpolicybinding require-memory-limits-shop -o yaml',
      "kubectl get cronjob rollup -n shop -o jsonpath='{.spec.jobTemplate}'",
      "fix: change spec.jobTemplate so its Jobs pass ValidatingAdmissionPolicy require-memory-limits (every container must set resources.limits.memory), or have the policy's owner exclude this CronJob in the binding's matchResources",
      'note: once a Job is created, lastScheduleTime moves to it and TooManyMissedTimes stops; startingDeadlineSeconds alone does not get the Jobs admitted',
    ]);
    assert.doesNotMatch(f.nextSteps.join('\n'), /clock|kube-controller-manager/);
  });
  it('twin: the template was fixed; an older FailedCreate event remains but Jobs run again', () => {
    const r = area(cronjobArea.run, S.admissionResolved());
    assert.deepEqual(r.findings.map((f) => f.check), []);
  });
  it('an admission webhook that denies: its name and message (one line), the webhook configurations to look at', () => {
    const f = one(area(cronjobArea.run, S.webhookDenied()).findings, 'cronjob/missed-runs');
    assert.match(
      f.message,
      /: creating its Jobs is refused \(FailedCreate ×4 since 2026-03-10 08:00:01 UTC\): admission webhook "validate\.kyverno\.svc-fail" denies it: resource Job\/shop\/hourly-sync-29552160 was blocked due to the following policies require-requests-limits: validate-resources: 'validation error: CPU and memory resource requests and limits are required\./,
    );
    assert.doesNotMatch(f.message, /\n/);
    assert.equal(f.nextSteps[0], 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name');
    assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: change spec\.jobTemplate so its Jobs pass admission webhook validate\.kyverno\.svc-fail/);
  });
  it('a webhook that cannot be called: its service, not the Job template', () => {
    const f = one(area(cronjobArea.run, S.webhookDenied({ unavailable: true })).findings, 'cronjob/missed-runs');
    assert.match(f.message, /admission webhook "validate\.kyverno\.svc-fail" cannot be called: failed to call webhook: Post .*connect: connection refused/);
    assert.match(f.nextSteps[f.nextSteps.length - 1]!, /^fix: bring back the service behind admission webhook validate\.kyverno\.svc-fail/);
  });
});

describe('issue 11: zones as kube-controller-manager knows them', () => {
  it('US/Pacific-New (Node still knows it, Go does not): cronjob/timezone-invalid, no missed runs, the zone it became', () => {
    const r = area(cronjobArea.run, S.unknownTimeZone());
    const f = one(r.findings, 'cronjob/timezone-invalid');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'spec.timeZone "US/Pacific-New" is not a zone kube-controller-manager can load (unknown time zone US/Pacific-New): the controller starts no Jobs (UnknownTimeZone)');
    assert.match(f.evidence.join('\n'), /tz database 2025a, embedded in kube-apiserver and kube-controller-manager v1\.34\.4, built with go1\.24\.12/);
    assert.match(f.evidence.join('\n'), /event UnknownTimeZone ×3/);
    assert.equal(f.nextSteps[f.nextSteps.length - 1], 'fix: set spec.timeZone: America/Los_Angeles');
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
    assert.deepEqual(only(r.findings, 'cronjob/too-many-missed'), []);
    assert.doesNotMatch(r.findings.flatMap((x) => x.nextSteps).join('\n'), /clock/);
  });
  it('twin: America/Los_Angeles, running nightly', () => {
    assert.deepEqual(area(cronjobArea.run, S.knownTimeZone()).findings.map((f) => f.check), []);
  });
  it("a current UnknownTimeZone event is decisive even for a name our list has (a control plane built with an older Go)", () => {
    const r = area(cronjobArea.run, S.unknownTimeZone('America/Coyhaique'));
    const f = one(r.findings, 'cronjob/timezone-invalid');
    assert.equal(f.message, 'kube-controller-manager refuses spec.timeZone "America/Coyhaique": unknown time zone America/Coyhaique (UnknownTimeZone ×3): it starts no Jobs');
    assert.match(f.evidence.join('\n'), /America\/Coyhaique is in tz database 2025c .* control planes built with the older Go reject it/);
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
    // Twin: the same zone where the controller schedules it (no event, Jobs run).
    assert.deepEqual(area(cronjobArea.run, S.knownTimeZone('America/Coyhaique')).findings.map((x) => x.check), []);
  });
  it('UnsupportedSchedule and UnparseableSchedule from the controller: the prefix, the refusal, and no missed runs', () => {
    const r = area(cronjobArea.run, S.prefixZoneRefused());
    const inv = one(r.findings, 'cronjob/schedule-invalid');
    assert.equal(inv.message, 'kube-controller-manager cannot parse schedule "TZ=America/Coyhaique 0 6 * * *": provided bad location America/Coyhaique: unknown time zone America/Coyhaique (UnparseableSchedule): it starts no Jobs');
    assert.equal(inv.nextSteps[inv.nextSteps.length - 1], 'fix: the zone America/Coyhaique in the TZ=/CRON_TZ= prefix is unknown to kube-controller-manager: remove the prefix and set spec.timeZone to a zone it loads');
    const pre = one(r.findings, 'cronjob/schedule-timezone-prefix');
    assert.match(pre.evidence.join('\n'), /event UnsupportedSchedule ×2/);
    // Not "set spec.timeZone: America/Coyhaique": the controller just said it does not know it.
    assert.match(pre.nextSteps[pre.nextSteps.length - 1]!, /^fix: remove the prefix from spec\.schedule and set spec\.timeZone to a zone kube-controller-manager loads \(it does not know America\/Coyhaique\)/);
    assert.deepEqual(only(r.findings, 'cronjob/missed-runs'), []);
  });
});
