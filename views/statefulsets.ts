// :sts — StatefulSets with their ordinals, revisions, claims and what the
// controller is waiting on. Layout only: every fact comes from
// src/model/statefulset.ts, the same functions the statefulset/* checks use.
import type { KubeEvent } from '../src/model/types.js';
import {
  type ClaimInfo,
  type OrdinalMark,
  type OrdinalRow,
  type StatefulSetAnalysis,
  analyzeStatefulSet,
  analyzeStatefulSets,
  shortRevision,
  statefulSetEvents,
} from '../src/model/statefulset.js';
import { describeClass, resolveStorageClass } from '../src/model/pvc.js';
import { absTime, age } from '../src/model/time.js';
import { eventCount, eventTime } from '../src/model/events.js';
import type { Column, Line, LineRef, Seg, Tone, ViewCtx, ViewDef } from './types.js';
import { tableLines } from './widgets/tableLines.js';
import { ageColumn, containersText, fitMarker, fitTokens, imagesText, nameColumn, namespaceColumn, problemsColumn, refIn, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { line, seg, withRef } from './widgets/text.js';

// ---------------------------------------------------------------- marks

export const MARKS: Record<OrdinalMark, { glyph: string; ascii: string; tone: Tone; label: string }> = {
  ready: { glyph: '●', ascii: 'R', tone: 'ok', label: 'ready' },
  running: { glyph: '◐', ascii: 'r', tone: 'warn', label: 'running, not ready' },
  pending: { glyph: '○', ascii: 'P', tone: 'info', label: 'pending' },
  terminating: { glyph: '✕', ascii: 'T', tone: 'muted', label: 'terminating' },
  missing: { glyph: '✗', ascii: '-', tone: 'error', label: 'missing' },
  unknown: { glyph: '?', ascii: '?', tone: 'muted', label: 'unknown' },
};

export function markChar(m: OrdinalMark, noColor: boolean): string {
  return noColor ? MARKS[m].ascii : MARKS[m].glyph;
}

/** At most this many marks in the list; the rest are counted. */
const MAX_MARKS = 20;

/** The rows that get a mark: every ordinal in range, plus leftover pods (being scaled away). */
function markedRows(a: StatefulSetAnalysis): OrdinalRow[] {
  return a.ordinals.filter((r) => r.inRange || r.pod);
}

export function ordinalMarkSegs(a: StatefulSetAnalysis, noColor: boolean): Seg[] {
  const rows = markedRows(a);
  const shown = rows.length > MAX_MARKS ? rows.slice(0, MAX_MARKS - 1) : rows;
  const segs: Seg[] = shown.map((r) => seg(markChar(r.mark, noColor), noColor ? undefined : MARKS[r.mark].tone));
  if (shown.length < rows.length) segs.push(seg(`+${rows.length - shown.length}`, 'muted'));
  return segs;
}

export function ordinalMarkText(a: StatefulSetAnalysis, noColor: boolean): string {
  return ordinalMarkSegs(a, noColor)
    .map((s) => s.text)
    .join('');
}

/** UPDATE cell: `2/3 5d9b→6f7c p=1`, `3/3 6f7c`, `1/3 5d9b→6f7c OnDelete`. */
export function updateText(a: StatefulSetAnalysis): string {
  const u = a.update;
  const cur = shortRevision(u.currentRevision, a.name, true);
  const upd = shortRevision(u.updateRevision, a.name, true);
  const revs = u.inProgress ? `${cur}→${upd}` : upd;
  const parts = [`${u.updatedReplicas}/${a.replicas}`, revs];
  if (u.strategy === 'OnDelete') parts.push('OnDelete');
  else if (u.partition > 0) parts.push(`p=${u.partition}`);
  return parts.join(' ');
}

export function serviceText(a: StatefulSetAnalysis): string {
  const s = a.service;
  switch (s.state) {
    case 'none':
      return '-';
    case 'exists':
      return s.selectorMatches === false ? `${s.name} (selector!)` : s.name;
    case 'missing':
      return `${s.name} (missing)`;
    case 'not-headless':
      return `${s.name} (not headless)`;
    case 'unknown':
      return `${s.name} (?)`;
  }
}

function serviceTone(a: StatefulSetAnalysis): Tone | undefined {
  const s = a.service.state;
  if (s === 'missing' || s === 'not-headless') return 'error';
  if (s === 'exists' && a.service.selectorMatches === false) return 'warn';
  if (s === 'unknown' || s === 'none') return 'muted';
  return undefined;
}

function waitTone(a: StatefulSetAnalysis): Tone {
  switch (a.wait.kind) {
    case 'idle':
      return 'ok';
    case 'partition':
    case 'ondelete':
    case 'scale-down':
    case 'rolling-next':
    case 'create':
      return 'info';
    case 'pods-unknown':
    case 'deleting':
      return 'muted';
    case 'create-failed':
    case 'name-taken':
      return 'error';
    default:
      return 'warn';
  }
}

// ---------------------------------------------------------------- list

const get = (a: StatefulSetAnalysis) => a.sts;

export const statefulSetColumns: Column<StatefulSetAnalysis>[] = [
  namespaceColumn(get),
  nameColumn(get),
  {
    id: 'ready',
    header: 'READY',
    priority: 0,
    value: (a) => `${a.readyCount}/${a.replicas}`,
    tone: (a) => (a.readyCount >= a.replicas ? 'ok' : 'warn'),
    sortValue: (a) => (a.replicas ? a.readyCount / a.replicas : 1),
  },
  {
    id: 'ordinals',
    header: 'ORDINALS',
    priority: 0,
    maxWidth: MAX_MARKS + 3,
    value: (a, ctx) => ordinalMarkText(a, ctx.noColor),
    cell: (a, ctx) => ordinalMarkSegs(a, ctx.noColor),
    sortValue: (a) => a.inRange.filter((r) => r.mark !== 'ready').length,
  },
  { id: 'update', header: 'UPDATE', priority: 2, maxWidth: 22, fit: fitTokens, value: updateText, tone: (a) => (a.update.inProgress || a.oldRevision.length ? 'warn' : undefined) },
  { id: 'policy', header: 'POLICY', priority: 4, wide: true, value: (a) => a.update.podManagementPolicy },
  { id: 'service', header: 'SERVICE', priority: 3, maxWidth: 48, fit: fitMarker, value: serviceText, tone: serviceTone },
  {
    id: 'pvc',
    header: 'PVC',
    priority: 3,
    value: (a) => (a.claimsExpected ? `${a.claimsBound}/${a.claimsExpected}` : '-'),
    tone: (a) => (a.claimsExpected && a.claimsBound < a.claimsExpected ? 'warn' : undefined),
  },
  ageColumn(get),
  problemsColumn(get, 'StatefulSet'),
  // kubectl get sts -o wide (printers.go statefulSetColumnDefinitions, Priority 1).
  { id: 'containers', header: 'CONTAINERS', priority: 5, wide: true, maxWidth: 40, value: (a) => containersText(a.sts.spec?.template?.spec) },
  { id: 'images', header: 'IMAGES', priority: 5, wide: true, maxWidth: 60, value: (a) => imagesText(a.sts.spec?.template?.spec) },
];

// ---------------------------------------------------------------- detail

function kvl(key: string, ...value: (Seg | string)[]): Line {
  return line(seg(key.padEnd(16), 'muted'), ...value);
}

/** A claim row's state: `Bound 1Gi standard`, `Pending 10Gi premium-ssd`, `missing`. */
function claimState(c: ClaimInfo): string {
  const size = c.capacity ?? c.request ?? '';
  const cls = c.storageClass.name ?? (c.storageClass.source === 'empty' ? '""' : '-');
  if (c.phase === 'missing' || c.phase === 'unknown') return c.phase === 'unknown' ? 'unknown (claims not readable)' : 'missing';
  return `${c.phase}${size ? ` ${size}` : ''} ${cls}`;
}

function claimTone(c: ClaimInfo, r: OrdinalRow): Tone | undefined {
  if (c.phase === 'Lost' || (c.phase === 'missing' && r.inRange && r.pod)) return 'error';
  if (c.phase === 'unknown') return 'muted';
  if (c.phase !== 'Bound') return r.inRange ? 'warn' : 'muted';
  return 'muted';
}

function revisionCell(r: OrdinalRow, a: StatefulSetAnalysis): string {
  if (!r.revision) return '-';
  const role = r.revisionRole === 'current+update' ? 'current' : r.revisionRole ?? '';
  return `${shortRevision(r.revision, a.name, true)}${role ? ` ${role}` : ''}`;
}

function stateTone(r: OrdinalRow): Tone | undefined {
  if (r.mark === 'ready') return 'ok';
  if (r.mark === 'missing') return r.inRange ? 'error' : 'muted';
  return MARKS[r.mark].tone;
}

/** A line of the ordinal table: an ordinal (its pod), or one of its claims under it. */
export interface OrdinalLine {
  row: OrdinalRow;
  claim?: ClaimInfo;
}

/** Each ordinal, then its claims (`└ www-web-0  Bound 1Gi standard`), so each can be selected and opened. */
export function ordinalLines(a: StatefulSetAnalysis): OrdinalLine[] {
  return a.ordinals.flatMap((row) => [{ row }, ...row.claims.map((claim) => ({ row, claim }))]);
}

/** What an ordinal-table line opens: the ordinal's pod, or the claim. */
export function ordinalLineRef(a: StatefulSetAnalysis, l: OrdinalLine): LineRef | undefined {
  if (l.claim) return l.claim.pvc ? { kind: 'PersistentVolumeClaim', namespace: a.namespace, name: l.claim.name } : undefined;
  const pod = l.row.pod ?? l.row.foreignPod;
  return pod ? { kind: 'Pod', namespace: a.namespace, name: pod.metadata.name } : undefined;
}

/** Columns of the ordinal table; dropped by priority at narrow widths. Claim lines fill POD and STATE only. */
export function ordinalColumns(a: StatefulSetAnalysis): Column<OrdinalLine>[] {
  const pod = (f: (r: OrdinalRow) => string) => (l: OrdinalLine) => (l.claim ? '' : f(l.row));
  return [
    {
      id: 'ordinal',
      header: 'ORDINAL',
      priority: 0,
      value: (l, ctx) => (l.claim ? '' : `${markChar(l.row.mark, ctx.noColor)} ${l.row.ordinal}${l.row.inRange ? '' : '+'}`),
      cell: (l, ctx) => (l.claim ? [seg('')] : [seg(markChar(l.row.mark, ctx.noColor), ctx.noColor ? undefined : MARKS[l.row.mark].tone), seg(` ${l.row.ordinal}${l.row.inRange ? '' : '+'}`)]),
    },
    {
      id: 'pod',
      header: 'POD / CLAIM',
      priority: 0,
      value: (l, ctx) => (l.claim ? `${ctx.noColor ? '`-' : '└'} ${l.claim.name}` : l.row.pod || l.row.foreignPod ? l.row.podName : `(${l.row.podName})`),
      tone: (l) => (l.claim ? 'muted' : undefined),
    },
    {
      id: 'state',
      header: 'STATE',
      priority: 0,
      minWidth: 18,
      maxWidth: 40,
      value: (l) => (l.claim ? claimState(l.claim) : l.row.inRange ? l.row.state : l.row.pod ? `${l.row.state}, beyond replicas` : 'beyond replicas, no pod'),
      tone: (l) => (l.claim ? claimTone(l.claim, l.row) : stateTone(l.row)),
    },
    { id: 'ready', header: 'READY', priority: 1, value: pod((r) => r.ready) },
    { id: 'revision', header: 'REVISION', priority: 1, minWidth: 12, value: pod((r) => revisionCell(r, a)), tone: (l) => (l.claim ? undefined : l.row.revisionRole === 'old' ? 'warn' : l.row.revisionRole === 'update' ? 'info' : undefined) },
    { id: 'restarts', header: 'RESTARTS', priority: 3, align: 'right', value: pod((r) => (r.pod ? String(r.restarts) : '-')), tone: (l) => (!l.claim && l.row.restarts > 0 ? 'warn' : undefined) },
    // The DNS name alone (caveats go under the table) so it fits beside the rest at 160 columns.
    { id: 'dns', header: 'DNS', priority: 3, minWidth: 24, maxWidth: 64, value: pod((r) => r.dns ?? r.dnsNote ?? '-'), tone: (l) => (l.claim || (l.row.dns && l.row.runningAndReady) ? undefined : 'muted') },
    { id: 'node', header: 'NODE', priority: 4, maxWidth: 24, value: pod((r) => r.node ?? '-') },
    { id: 'ip', header: 'IP', priority: 5, value: pod((r) => r.ip ?? '-') },
  ];
}


function eventLinesWithObject(events: KubeEvent[], ctx: ViewCtx, limit = 50): Line[] {
  const now = ctx.now;
  if (events.length === 0) return [line(seg('  No events.', 'muted'))];
  const out: Line[] = [];
  for (const e of events.slice(0, limit)) {
    const n = eventCount(e);
    const io = e.involvedObject;
    const kind = io.kind === 'PersistentVolumeClaim' ? 'pvc' : (io.kind ?? '').toLowerCase();
    const l = line(
        seg(`  ${age(new Date(eventTime(e)).toISOString(), now).padStart(5)}  `, 'muted'),
        seg((e.type ?? 'Normal').padEnd(8), e.type === 'Warning' ? 'warn' : 'muted'),
        seg(`${e.reason ?? ''}`.padEnd(18), e.type === 'Warning' ? 'warn' : undefined, true),
        seg(` ${kind}/${io.name ?? ''}  `, 'accent'),
        seg(n > 1 ? `(x${n}) ` : '', 'muted'),
        (e.message ?? '').replace(/\s*\n\s*/g, ' '),
      );
    // The line opens the object the event is about (a pod, a claim, the StatefulSet).
    if (io.kind && io.name) l.ref = refIn(ctx, io.kind, io.namespace ?? e.metadata.namespace, io.name);
    out.push(l);
  }
  if (events.length > limit) out.push(line(seg(`  … ${events.length - limit} older events`, 'muted')));
  return out;
}

export function statefulSetDetailLines(a: StatefulSetAnalysis, ctx: ViewCtx): Line[] {
  const u = a.update;
  const m = a.sts.metadata;
  const out: Line[] = [];
  out.push(line(seg(`StatefulSet ${a.namespace}/${a.name}`, 'accent', true), seg(`  created ${absTime(m.creationTimestamp)} (${age(m.creationTimestamp, ctx.now)} ago)`, 'muted')));
  if (m.deletionTimestamp) out.push(kvl('Deleting', seg(`since ${absTime(m.deletionTimestamp)}`, 'warn')));
  out.push(kvl('Waiting on', seg(a.wait.text, waitTone(a), true)));
  out.push(kvl('Service', seg(a.service.text, serviceTone(a)), a.service.state === 'exists' && a.service.selectorMatches === false ? seg('  selector does not match the pod labels', 'warn') : seg('')));
  const end = a.start + a.replicas - 1;
  out.push(
    kvl(
      'Policy',
      `${a.update.podManagementPolicy}${u.policyDefault ? ' (default)' : ''}`,
      seg('   ordinals ', 'muted'),
      a.replicas > 0 ? `${a.start}..${end}` : 'none',
      seg(`  (ordinals.start ${a.start}${a.sts.spec?.ordinals?.start === undefined ? ', default' : ''}; replicas ${a.replicas})`, 'muted'),
    ),
  );
  const strategy =
    u.strategy === 'RollingUpdate'
      ? `RollingUpdate  partition ${u.partition}  maxUnavailable ${u.maxUnavailable === undefined ? '1 (default)' : `${u.maxUnavailable}${String(u.maxUnavailable) !== '1' ? ' (honoured only with the MaxUnavailableStatefulSet feature)' : ''}`}`
      : u.strategy === 'OnDelete'
        ? 'OnDelete  (pods update only when deleted)'
        : u.strategy;
  out.push(kvl('Update', strategy));
  const revNum = (n?: number) => (n !== undefined ? ` (revision ${n})` : '');
  out.push(
    kvl(
      'Revisions',
      seg('current ', 'muted'),
      `${u.currentRevision ?? '-'}${revNum(u.currentRevisionNumber)}`,
      u.inProgress ? seg(' → update ', 'warn') : seg('  = update', 'muted'),
      u.inProgress ? `${u.updateRevision ?? '-'}${revNum(u.updateRevisionNumber)}` : '',
    ),
  );
  out.push(kvl('Replicas', `desired ${a.replicas}  current ${u.currentReplicas}  updated ${u.updatedReplicas}  ready ${u.readyReplicas}  available ${u.availableReplicas}`));
  const lag = u.generation !== undefined && u.observedGeneration !== undefined && u.observedGeneration < u.generation;
  out.push(kvl('Generation', seg(`observed ${u.observedGeneration ?? '-'} of ${u.generation ?? '-'}`, lag ? 'warn' : undefined), lag ? seg('  (the controller has not processed the latest spec yet)', 'warn') : seg('')));
  out.push(kvl('Claim retention', `whenDeleted ${u.whenDeleted}${u.whenDeletedDefault ? ' (default)' : ''}  whenScaled ${u.whenScaled}${u.whenScaledDefault ? ' (default)' : ''}`));
  out.push(kvl('minReadySeconds', `${u.minReadySeconds}${a.sts.spec?.minReadySeconds === undefined ? ' (default)' : ''}`));
  const templates = a.sts.spec?.volumeClaimTemplates ?? [];
  if (templates.length === 0) out.push(kvl('Claim templates', seg('none', 'muted')));
  for (const t of templates) {
    const cls = resolveStorageClass(ctx.store, t.spec?.storageClassName);
    out.push(
      kvl(
        'Claim template',
        seg(t.metadata.name, undefined, true),
        `  ${t.spec?.resources?.requests?.storage ?? '?'} ${(t.spec?.accessModes ?? []).join(',')}`,
        seg('  class ', 'muted'),
        seg(t.spec?.storageClassName === undefined || t.spec?.storageClassName === null ? `<unset> → ${describeClass(cls)}` : describeClass(cls), cls.exists === false ? 'error' : undefined),
      ),
    );
  }
  out.push(line(''));
  const findings = ctx.findingsFor?.('StatefulSet', a.namespace, a.name) ?? [];
  out.push(...findingLines(findings, ctx));

  out.push(section('Ordinals'));
  out.push(...tableLines(ordinalColumns(a), ordinalLines(a), ctx, '  ', (l) => ordinalLineRef(a, l)));
  const legend = (['ready', 'running', 'pending', 'terminating', 'missing'] as OrdinalMark[]).map((k) => `${markChar(k, ctx.noColor)} ${MARKS[k].label}`).join('  ');
  out.push(line(seg(`  ${legend}   N+ = beyond replicas`, 'muted')));
  const unpublished = a.ordinals.filter((r) => r.dns && r.pod && r.dnsNote);
  if (unpublished.length) {
    out.push(line(seg(`  DNS: ${unpublished.map((r) => r.podName).join(', ')} not Ready, so not in DNS (the Service does not set publishNotReadyAddresses)`, 'muted')));
  }
  if (a.service.state !== 'exists') out.push(line(seg(`  DNS: ${a.inRange[0]?.dnsNote ?? a.service.text}`, 'muted')));

  if (a.orphans.length) {
    out.push(line(''), section(`Claims beyond the range (${a.orphans.length})`));
    for (const o of a.orphans) {
      out.push(
        withRef(line(
          `  ${o.pvc.metadata.name}`,
          seg(`  ${o.phase} ${o.size ?? '?'}`),
          seg(o.pvc.spec?.volumeName ? `  ${o.pvc.spec.volumeName}` : '', 'muted'),
          seg(`  ${o.podExists ? 'pod still exists; ' : ''}${o.why}`, o.willDelete ? 'muted' : 'warn'),
        ), { kind: 'PersistentVolumeClaim', namespace: a.namespace, name: o.pvc.metadata.name }),
      );
    }
  }

  out.push(line(''), section('Events'));
  out.push(...eventLinesWithObject(statefulSetEvents(ctx.store, a), ctx));
  return out;
}

export const statefulSetsView: ViewDef<StatefulSetAnalysis> = {
  id: 'sts',
  title: 'StatefulSets',
  aliases: ['sts', 'statefulset', 'statefulsets'],
  kinds: ['StatefulSet', 'Pod', 'PersistentVolumeClaim', 'Service', 'StorageClass'],
  namespaced: true,
  defaultSort: 'name',
  columns: statefulSetColumns,
  rows: (ctx) => analyzeStatefulSets(ctx.store, ctx.namespace, ctx.now),
  key: (a) => `${a.namespace}/${a.name}`,
  object: (a) => a.sts,
  detail: (a, ctx) => statefulSetDetailLines(analyzeStatefulSet(ctx.store, a.sts, ctx.now), ctx),
  logTargets: (a) =>
    a.ordinals
      .filter((r) => r.pod)
      .map((r) => ({ namespace: a.namespace, pod: r.podName, containers: (r.pod!.spec?.containers ?? []).map((c) => c.name) })),
};
