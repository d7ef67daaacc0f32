// A kind's read status in words, for list titles and "not found" messages:
// forbidden, failed, absent from a snapshot, partly readable, still loading.
import type { KindName } from '../cluster/kinds.js';
import type { KindStatus } from '../cluster/store.js';
import { mark } from '../../views/widgets/marks.js';

/** Count with a thousands separator (list progress). */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function dots(noColor: boolean): string {
  return mark('dots', noColor);
}

export function kindStatusText(kinds: KindName[], statusOf: (k: KindName) => KindStatus, noColor = false): { text: string; tone: 'warn' | 'error' | 'muted' } | undefined {
  for (const k of kinds) {
    const s = statusOf(k);
    if (s.state === 'forbidden') return { text: `${k}: forbidden (${s.message})`, tone: 'error' };
    if (s.state === 'error') return { text: `${k}: could not be read (${s.message})`, tone: 'error' };
    if (s.state === 'absent') return { text: `${k}: not in this snapshot`, tone: 'warn' };
    if (s.state === 'partial') return { text: `${k}: only namespaces ${s.namespaces.join(', ')} could be read`, tone: 'warn' };
    if (s.state === 'loading') return { text: `${k}: loading${dots(noColor)} (${fmtCount(s.loaded)}${s.total ? ` of ~${fmtCount(s.total)}` : ' so far'})`, tone: 'muted' };
    if (s.state === 'pending') return { text: `${k}: loading${dots(noColor)}`, tone: 'muted' };
  }
  return undefined;
}
