// Time helpers shared by views and diagnostics. "now" is always passed in:
// the evaluation time is --now, a snapshot's capture time, or the clock.
import { type Zone, UTC, wallOf, zoneAbbrev } from './cron.js';

export function parseTime(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** kubectl's duration.HumanDuration, so ages read the same as `kubectl get`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${d}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Age of a timestamp at `now`, kubectl style; '<unknown>' when absent. */
export function age(ts: string | null | undefined, now: number): string {
  const t = parseTime(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now - t);
}

/**
 * The one absolute-time format of the product: `2026-11-25 19:49:15 UTC`.
 * With a zone (a CronJob's spec.timeZone), the wall time there, its
 * abbreviation and its IANA name: `2026-03-11 02:00:00 CET (Europe/Berlin)`.
 * `-` when the time is absent or unparsable.
 */
export function absTime(ts: string | number | null | undefined, zone?: Zone): string {
  const t = typeof ts === 'number' ? ts : parseTime(ts);
  if (t === undefined || Number.isNaN(t)) return '-';
  if (!zone || zone.utc) return wallTime(t);
  return `${wallTime(t, zone)} (${zone.name})`;
}

/**
 * The same format without the IANA name, for tables whose header names the
 * zone: `2026-03-11 02:00:00 CET`, `2026-11-25 19:49:15 UTC`.
 */
export function wallTime(t: number, zone: Zone = UTC): string {
  const w = wallOf(t, zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)} ${zoneAbbrev(t, zone)}`;
}

/** How a zone is named in a header or a legend: `UTC`, `Europe/Berlin`. */
export function zoneName(zone?: Zone): string {
  return !zone || zone.utc ? 'UTC' : zone.name;
}

/**
 * The evaluation time for ages, schedules and time-based checks: --now if
 * given, else a snapshot's capture time, else the clock.
 */
export function evaluationTime(opts: { now?: string | number; capturedAt?: string }): number {
  if (typeof opts.now === 'number') return opts.now;
  const n = parseTime(opts.now);
  if (n !== undefined) return n;
  const c = parseTime(opts.capturedAt);
  if (c !== undefined) return c;
  return Date.now();
}
