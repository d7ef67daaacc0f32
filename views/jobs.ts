// :jobs — Jobs with kubectl's STATUS, completions, retries against
// backoffLimit, duration, owner; the detail adds parallelism, deadlines, the
// TTL and when it deletes the Job, completion mode and every pod with its exit
// code. Layout only: every fact comes from src/model/job.ts, which the job/*
// checks use too.
import { type Job, type JobInfo, type PodOutcome, jobInfo, stuckPendingPods } from '../src/model/job.js';
import { eventsFor } from '../src/model/events.js';
import { absTime, age, humanDuration } from '../src/model/time.js';
import { DEFAULT_GRACE_MS } from '../diagnostics/config.js';
import type { Column, Line, Seg, Tone, ViewCtx, ViewDef } from './types.js';
import { ageColumn, containersText, eventLines, fitWhole, imagesText, labelSelectorText, nameColumn, namespaceColumn, problemsColumn, refIn, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { tableLines } from './widgets/tableLines.js';
import { cutMiddle } from './widgets/layout.js';
import { jobStatusText, jobStatusTone, podStatusText } from './cronjobs.js';
import { line, seg } from './widgets/text.js';

const infoCache = new WeakMap<Job, { now: number; version: number; info: JobInfo }>();

/** One JobInfo per Job, store version and evaluation time. */
export function jobRow(ctx: ViewCtx, job: Job): JobInfo {
  const c = infoCache.get(job);
  if (c && c.now === ctx.now && c.version === ctx.store.version) return c.info;
  const info = jobInfo(ctx.store, job, ctx.now);
  infoCache.set(job, { now: ctx.now, version: ctx.store.version, info });
  return info;
}

/** "2/6" failed pods against backoffLimit; "0/6" when none failed. */
export function retriesText(info: JobInfo): string {
  return `${info.failed}/${info.backoffLimit}`;
}

export function ownerText(info: JobInfo): string {
  return info.owner ? `${info.owner.kind}/${info.owner.name}` : '<none>';
}

const get = (i: JobInfo) => i.job;

export const jobColumns: Column<JobInfo>[] = [
  namespaceColumn(get),
  { ...nameColumn(get), minWidth: 16 },
  { id: 'status', header: 'STATUS', priority: 0, minWidth: 8, value: (i) => i.status, tone: (i) => jobStatusTone(i) },
  { id: 'reason', header: 'REASON', priority: 2, maxWidth: 28, value: (i) => i.failure?.reason ?? '', tone: () => 'error' },
  { id: 'completions', header: 'COMPLETIONS', priority: 1, value: (i) => i.completions },
  {
    id: 'duration',
    header: 'DURATION',
    priority: 2,
    align: 'right',
    value: (i) => (i.durationMs !== undefined ? humanDuration(i.durationMs) : ''),
    sortValue: (i) => i.durationMs ?? -1,
  },
  {
    id: 'retries',
    header: 'FAILED/LIMIT',
    priority: 3,
    align: 'right',
    value: (i) => retriesText(i),
    tone: (i) => (i.failed === 0 ? undefined : i.status === 'Failed' ? 'error' : 'warn'),
    sortValue: (i) => i.failed,
  },
  { id: 'owner', header: 'OWNER', priority: 4, maxWidth: 40, value: (i) => ownerText(i), tone: (i) => (i.owner ? undefined : 'muted') },
  ageColumn(get),
  problemsColumn(get, 'Job'),
  // kubectl get jobs -o wide (printers.go jobColumnDefinitions, Priority 1).
  { id: 'containers', header: 'CONTAINERS', priority: 5, wide: true, maxWidth: 40, value: (i) => containersText(i.job.spec?.template?.spec) },
  { id: 'images', header: 'IMAGES', priority: 5, wide: true, maxWidth: 60, value: (i) => imagesText(i.job.spec?.template?.spec) },
  { id: 'selector', header: 'SELECTOR', priority: 6, wide: true, maxWidth: 60, value: (i) => labelSelectorText(i.job.spec?.selector) },
];

function kvl(key: string, ...rest: (Seg | string)[]): Line {
  return line(seg(key.padEnd(18), 'muted'), ...rest);
}

function podTone(p: PodOutcome): Tone | undefined {
  if (p.outcome === 'succeeded') return 'muted';
  if (p.outcome === 'failed') return 'error';
  if (p.outcome === 'pending') return 'warn';
  return p.state === 'Running' ? 'info' : 'warn';
}

function podColumns(now: number): Column<PodOutcome>[] {
  return [
    { id: 'name', header: 'POD', priority: 0, minWidth: 20, fit: cutMiddle, value: (p) => p.name },
    { id: 'status', header: 'STATUS', priority: 0, minWidth: 16, maxWidth: 48, value: (p) => podStatusText(p), tone: (p) => podTone(p) },
    { id: 'container', header: 'CONTAINER', priority: 3, value: (p) => p.container ?? '' },
    { id: 'restarts', header: 'RESTARTS', priority: 2, align: 'right', value: (p) => String(p.restarts), tone: (p) => (p.restarts ? 'warn' : undefined) },
    { id: 'started', header: 'STARTED', priority: 2, fit: fitWhole, value: (p) => (p.startedAt !== undefined ? absTime(p.startedAt) : '-') },
    {
      id: 'ran',
      header: 'RAN',
      priority: 1,
      align: 'right',
      value: (p) => {
        const end = p.finishedAt ?? (p.outcome === 'running' ? now : undefined);
        return p.startedAt !== undefined && end !== undefined ? humanDuration(end - p.startedAt) : '';
      },
    },
    { id: 'node', header: 'NODE', priority: 3, value: (p) => p.node ?? '<none>' },
    { id: 'message', header: 'MESSAGE', priority: 5, maxWidth: 60, value: (p) => (p.message ?? '').replace(/\s+/g, ' ') },
  ];
}

export function jobDetailLines(info: JobInfo, ctx: ViewCtx): Line[] {
  const job = info.job;
  const m = job.metadata;
  const ns = m.namespace;
  const out: Line[] = [];
  out.push(line(seg(`Job ${ns}/${m.name}`, 'accent', true), seg(`  created ${absTime(m.creationTimestamp)} (${age(m.creationTimestamp, ctx.now)} ago)`, 'muted')));
  out.push(...findingLines(ctx.findingsFor?.('Job', ns, m.name) ?? [], ctx));

  out.push(kvl('Status', seg(jobStatusText(info), jobStatusTone(info), true), seg(info.failure?.message ? `  ${info.failure.message}` : '', 'muted')));
  const owner = kvl('Owner', info.owner ? `${info.owner.kind}/${info.owner.name}` : seg('none (created directly)', 'muted'));
  if (info.owner) owner.ref = refIn(ctx, info.owner.kind, ns, info.owner.name);
  out.push(owner);
  if (info.scheduledFor) out.push(kvl('Scheduled for', `${absTime(info.scheduledFor.at)}`, seg(info.scheduledFor.source === 'name' ? '  (from the Job name)' : `  (${m.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']})`, 'muted')));
  const target = info.completionsTarget === null || info.completionsTarget === undefined ? 'work queue (no completions)' : String(info.completionsTarget);
  out.push(kvl('Completions', `${info.completions}`, seg(`  target ${target}, parallelism ${info.parallelism}, mode ${info.completionMode}${job.spec?.completionMode === undefined ? ' (default)' : ''}`, 'muted')));
  out.push(kvl('Pods', `active ${info.active}${info.ready !== undefined ? ` (ready ${info.ready})` : ''}, succeeded ${info.succeeded}, failed ${info.failed}`));
  out.push(
    kvl(
      'Backoff limit',
      seg(`${info.failed} failed pod${info.failed === 1 ? '' : 's'}, backoffLimit ${info.backoffLimit}`, info.failed > 0 ? (info.status === 'Failed' ? 'error' : 'warn') : undefined),
      seg(`${info.backoffLimitDefaulted ? ' (default)' : ''}  the Job fails once failures exceed the limit`, 'muted'),
      seg(info.status === 'Complete' && info.failed > 0 ? '  succeeded after retries' : '', 'ok'),
    ),
  );
  if (info.start !== undefined) {
    out.push(
      kvl(
        'Started',
        `${absTime(info.start)} (${humanDuration(ctx.now - info.start)} ago)`,
        info.finish !== undefined ? seg(`   finished ${absTime(info.finish)}, ran ${humanDuration(info.finish - info.start)}`, 'muted') : seg(info.durationMs !== undefined ? `   running for ${humanDuration(info.durationMs)}` : '', 'muted'),
      ),
    );
  } else {
    out.push(kvl('Started', seg(info.suspended ? 'not started (suspended)' : 'not started', 'muted')));
  }
  if (info.activeDeadlineSeconds !== undefined) {
    const left = info.deadlineAt !== undefined ? info.deadlineAt - ctx.now : undefined;
    out.push(
      kvl(
        'Active deadline',
        `${info.activeDeadlineSeconds}s`,
        seg(
          left === undefined ? '' : left > 0 ? `  fails with DeadlineExceeded at ${absTime(info.deadlineAt)} (in ${humanDuration(left)})` : `  passed at ${absTime(info.deadlineAt)}`,
          left !== undefined && left < 0 ? 'warn' : 'muted',
        ),
      ),
    );
  } else {
    out.push(kvl('Active deadline', seg('none', 'muted')));
  }
  if (info.ttlSecondsAfterFinished !== undefined) {
    const del = info.deleteAt;
    out.push(
      kvl(
        'TTL after finish',
        `${info.ttlSecondsAfterFinished}s`,
        seg(del === undefined ? '  (counts from when it finishes)' : del > ctx.now ? `  deleted at ${absTime(del)} (in ${humanDuration(del - ctx.now)})` : `  due for deletion since ${absTime(del)}`, 'muted'),
      ),
    );
  } else {
    out.push(kvl('TTL after finish', seg(info.cronJob ? 'none (the CronJob\'s history limits delete it)' : 'none: kept until deleted', 'muted')));
  }
  out.push(kvl('Restart policy', info.restartPolicy ?? '-', info.restartPolicy === 'Always' ? seg('  not allowed for a Job', 'error') : seg('')));
  if (job.spec?.suspend) out.push(kvl('Suspend', seg('true', 'warn')));

  const stuck = stuckPendingPods(info, ctx.now, DEFAULT_GRACE_MS);
  out.push(line(''), section(`Pods (${info.pods.length})`));
  if (info.pods.length === 0) {
    out.push(line(seg(ctx.store.complete('Pod', ns) ? '  No pods (none created yet, or removed).' : `  Pods could not be read (${ctx.store.status('Pod').state}).`, 'muted')));
  } else {
    out.push(...tableLines(podColumns(ctx.now), info.pods, ctx, '  ', (p) => ({ kind: 'Pod', namespace: p.pod.metadata.namespace, name: p.name })));
    for (const s of stuck) out.push(line(seg(`  ${s.pod.name} Pending for ${humanDuration(ctx.now - s.since)}: ${s.why}`, 'warn')));
  }
  out.push(line(''), section('Events'));
  out.push(...eventLines(eventsFor(ctx.store, 'Job', ns, m.name, m.uid).slice(0, 30), ctx.now));
  return out;
}

export const jobsView: ViewDef<JobInfo> = {
  id: 'jobs',
  title: 'Jobs',
  aliases: ['job', 'jobs'],
  kinds: ['Job', 'Pod'],
  namespaced: true,
  defaultSort: 'name',
  columns: jobColumns,
  rows: (ctx) => ctx.store.list<Job>('Job', ctx.namespace).map((j) => jobRow(ctx, j)),
  key: (i) => `${i.job.metadata.namespace}/${i.job.metadata.name}`,
  object: (i) => i.job,
  detail: (i, ctx) => jobDetailLines(jobRow(ctx, i.job), ctx),
  logTargets: (i) =>
    [...i.pods].reverse().map((p) => ({ namespace: p.pod.metadata.namespace!, pod: p.name, containers: (p.pod.spec?.containers ?? []).map((c) => c.name) })),
};
