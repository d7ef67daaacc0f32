// The top line: where we are looking, how fresh the picture is, and what is wrong.
import React from 'react';
import type { ClusterStore, ConnectionState } from '../../src/cluster/store.js';
import { humanDuration } from '../../src/model/time.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import type { Line } from '../types.js';
import { Lines } from './Lines.js';

export interface HeaderProps {
  store: ClusterStore;
  namespace?: string;
  width: number;
  noColor: boolean;
  report?: DiagnosticsReport;
  /** Clock for "since" texts (live). */
  clock?: number;
}

export function connectionText(c: ConnectionState, clock: number): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  switch (c.state) {
    case 'offline':
      return { text: '', tone: 'muted' };
    case 'connecting':
      return { text: 'connecting…', tone: 'muted' };
    case 'live':
      return { text: '● live', tone: 'ok' };
    case 'reconnecting':
      return { text: `reconnecting since ${humanDuration(clock - c.since)} (attempt ${c.attempt}: ${c.reason})`, tone: 'warn' };
    case 'stale':
      return { text: `stale: last update ${c.lastEvent ? `${humanDuration(clock - c.lastEvent)} ago` : 'never'} (${c.reason})`, tone: 'error' };
  }
}

export function headerLine(p: HeaderProps): Line {
  const { store, namespace, report } = p;
  const info = store.info;
  const clock = p.clock ?? Date.now();
  const source = info.source === 'demo' ? 'DEMO' : info.source === 'snapshot' ? `snapshot${info.capturedAt ? ` @ ${info.capturedAt}` : ''}` : 'live';
  const conn = connectionText(store.connection, clock);
  const line: Line = [
    { text: ' k8stui ', tone: 'accent', bold: true },
    { text: info.source === 'demo' ? ' DEMO ' : '', tone: 'warn', bold: true },
    { text: ` ctx ${info.context ?? '-'}`, bold: true },
    { text: info.server ? `  ${info.server}` : '', tone: 'muted' },
    { text: `  ns ${namespace ?? 'all'}`, tone: 'info' },
    { text: info.source === 'snapshot' ? `  ${source}` : '', tone: 'muted' },
    { text: conn.text ? `  ${conn.text}` : '', tone: conn.tone },
  ];
  if (report) {
    const s = report.summary;
    line.push({ text: '  ' });
    line.push({ text: `✖ ${s.error}`, tone: s.error ? 'error' : 'muted', bold: s.error > 0 });
    line.push({ text: ` ▲ ${s.warning}`, tone: s.warning ? 'warn' : 'muted' });
    line.push({ text: ` ℹ ${s.info}`, tone: 'muted' });
  }
  return line;
}

export function Header(p: HeaderProps): React.ReactElement {
  return <Lines lines={[headerLine(p)]} offset={0} height={1} width={p.width} noColor={p.noColor} />;
}
