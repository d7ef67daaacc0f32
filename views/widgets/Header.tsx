// The top line: where we are looking, how fresh the picture is, and what is wrong.
// Pieces have priorities: when the terminal is narrow the least useful go
// first (the server URL before the problem counts), never cut mid-word.
import React from 'react';
import path from 'node:path';
import type { ClusterStore, ConnectionState } from '../../src/cluster/store.js';
import { absTime, humanDuration } from '../../src/model/time.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import type { Line, Seg } from '../types.js';
import { Lines } from './Lines.js';
import { mark } from './marks.js';
import { textWidth } from './text.js';

export interface HeaderProps {
  /** What the header reads of the source: no objects (src/screens HeaderState, or a store). */
  store: Pick<ClusterStore, 'info' | 'connection' | 'warnings' | 'loadErrors'>;
  namespace?: string;
  width: number;
  noColor: boolean;
  report?: Pick<DiagnosticsReport, 'summary'>;
  /** Clock for "since" texts (live). */
  clock?: number;
  /** The fixed evaluation time (snapshot capture time or --now), when there is one. */
  now?: number;
  /** Show every finding's count next to the root causes: `✖ 3 (12)`. */
  totals?: boolean;
  /** List progress of the kinds on screen while a live source lists them: `Pods 3,500 / ~30,000`. */
  progress?: string;
}

/**
 * The connection's state; `shorter`: forms without the reason, for a narrow
 * line (the state itself must stay: while the API server is away every row
 * on screen is getting older).
 */
export function connectionText(c: ConnectionState, clock: number, noColor = false): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted'; shorter?: string[] } {
  switch (c.state) {
    case 'offline':
      return { text: '', tone: 'muted' };
    case 'connecting':
      return { text: `connecting${mark('dots', noColor)}`, tone: 'muted' };
    case 'live':
      return { text: `${mark('live', noColor)} live`, tone: 'ok' };
    case 'reconnecting': {
      const since = humanDuration(clock - c.since);
      return { text: `reconnecting since ${since} (attempt ${c.attempt}: ${c.reason})`, tone: 'warn', shorter: [`reconnecting since ${since} (attempt ${c.attempt})`, `reconnecting ${since}`] };
    }
    case 'stale': {
      const last = `last update ${c.lastEvent ? `${humanDuration(clock - c.lastEvent)} ago` : 'never'}`;
      return { text: `stale: ${last} (${c.reason})`, tone: 'error', shorter: [`stale: ${last}`, 'stale'] };
    }
  }
}

/** Where the evaluation time came from; the reports engineer sets `nowSource` on SourceInfo. */
type NowSource = 'flag' | 'captured' | 'inferred';

function evaluationSource(info: ClusterStore['info'], now: number): NowSource | undefined {
  const declared = (info as { nowSource?: NowSource }).nowSource;
  if (declared) return declared;
  const captured = info.capturedAt ? Date.parse(info.capturedAt) : undefined;
  if (captured === now) return 'captured';
  return info.source === 'live' ? 'flag' : captured !== undefined ? 'flag' : undefined;
}

/** `@ 2026-11-20 10:30:00Z` plus where that time came from (every age is relative to it). */
function evaluationLabel(info: ClusterStore['info'], now: number, short = false): string {
  // Short: without the seconds (`@ 2026-11-20 10:30 UTC`), to keep the time when the line is full.
  const when = `@ ${short ? absTime(now).replace(/(\d\d:\d\d):\d\d/, '$1') : absTime(now)}`;
  switch (evaluationSource(info, now)) {
    case 'captured':
      return when;
    case 'inferred':
      return `${when} (inferred)`;
    case 'flag':
      return `${when} (--now)`;
    default:
      return when;
  }
}

/** Count with a thousands separator (list progress). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

interface Piece {
  segs: Seg[];
  /** Lower = kept longer. */
  priority: number;
  /** A shorter form tried when the full one does not fit. */
  short?: Seg[];
  /** More shorter forms, tried in order after `short`. */
  shorter?: Seg[][];
}

export function headerLine(p: HeaderProps): Line {
  const { store, namespace, report, noColor } = p;
  const info = store.info;
  const clock = p.clock ?? Date.now();
  const conn = connectionText(store.connection, clock, noColor);
  const pieces: Piece[] = [];
  pieces.push({ priority: 0, segs: [{ text: ' k8stui ', tone: 'accent', bold: true }] });
  if (info.source === 'demo') pieces.push({ priority: 0, segs: [{ text: ' DEMO ', tone: 'warn', bold: true }] });
  pieces.push({ priority: 1, segs: [{ text: ` ctx ${info.context ?? '-'}`, bold: true }] });
  pieces.push({ priority: 2, segs: [{ text: `  ns ${namespace ?? 'all'}`, tone: 'info' }] });
  if (info.source === 'snapshot') {
    // `snapshot @ TIME` first (what every age is relative to), then the file name, dropped first when narrow.
    const at = p.now !== undefined ? ` ${evaluationLabel(info, p.now)}` : '';
    const atShort = p.now !== undefined ? ` ${evaluationLabel(info, p.now, true)}` : '';
    const file = info.path ? `  ${path.basename(info.path)}` : '';
    pieces.push({ priority: 3, segs: [{ text: `  snapshot${at}${file}`, tone: 'muted' }], short: [{ text: `  snapshot${atShort}`, tone: 'muted' }] });
  } else if (p.now !== undefined) {
    const tone = info.source === 'live' ? 'warn' : 'muted';
    pieces.push({ priority: 3, segs: [{ text: `  ${evaluationLabel(info, p.now)}`, tone }], short: [{ text: `  ${evaluationLabel(info, p.now, true)}`, tone }] });
  }
  if (conn.text) {
    // Not live (reconnecting, stale): in a shorter form when the line is full, never dropped for the server URL.
    const down = !!conn.shorter;
    pieces.push({
      priority: 2,
      segs: [{ text: `  ${conn.text}`, tone: conn.tone, bold: down }],
      shorter: conn.shorter?.map((t) => [{ text: `  ${t}`, tone: conn.tone, bold: true }]),
    });
  }
  if (p.progress) pieces.push({ priority: 2, segs: [{ text: `  ${p.progress}`, tone: 'muted' }] });
  const skipped = store.loadErrors?.length ?? 0;
  if (skipped > 0) {
    pieces.push({ priority: 1, segs: [{ text: `  ${mark('skipped', noColor)} ${skipped} input document${skipped === 1 ? '' : 's'} skipped`, tone: 'error', bold: true }] });
  } else if (store.warnings.length > 0) {
    const n = store.warnings.length;
    pieces.push({ priority: 1, segs: [{ text: `  ${mark('skipped', noColor)} ${n} input problem${n === 1 ? '' : 's'}`, tone: 'warn', bold: true }] });
  }
  if (report) {
    const s = report.summary;
    const roots = s.rootCauses;
    const shown = roots ?? s;
    const extra = (k: 'error' | 'warning' | 'info') => (roots && p.totals ? ` (${s[k]})` : '');
    pieces.push({
      priority: 1,
      segs: [
        { text: '  ' },
        { text: `${mark('error', noColor)} ${shown.error}${extra('error')}`, tone: shown.error ? 'error' : 'muted', bold: shown.error > 0 },
        { text: ` ${mark('warning', noColor)} ${shown.warning}${extra('warning')}`, tone: shown.warning ? 'warn' : 'muted' },
        { text: ` ${mark('info', noColor)} ${shown.info}${extra('info')}`, tone: 'muted' },
      ],
    });
  }
  if (info.server) pieces.push({ priority: 5, segs: [{ text: `  ${info.server}`, tone: 'muted' }] });
  // Keep pieces by priority until the width is used up; draw them in their own order.
  const width = p.width;
  const widthOf = (x: Piece) => x.segs.reduce((n, s) => n + textWidth(s.text), 0);
  const byPriority = pieces.map((x, i) => ({ x, i })).sort((a, b) => a.x.priority - b.x.priority || a.i - b.i);
  const keep = new Set<number>();
  let used = 0;
  for (const { x, i } of byPriority) {
    let w = widthOf(x);
    for (const alt of [x.short, ...(x.shorter ?? [])]) {
      if (used + w <= width) break;
      if (!alt) continue;
      const aw = alt.reduce((n, s) => n + textWidth(s.text), 0);
      if (used + aw <= width) {
        x.segs = alt;
        w = aw;
      }
    }
    if (used + w > width && keep.size > 0) continue;
    keep.add(i);
    used += w;
  }
  const line: Line = [];
  pieces.forEach((x, i) => {
    if (keep.has(i)) line.push(...x.segs);
  });
  return line;
}

export function Header(p: HeaderProps): React.ReactElement {
  return <Lines lines={[headerLine(p)]} offset={0} height={1} width={p.width} noColor={p.noColor} />;
}
