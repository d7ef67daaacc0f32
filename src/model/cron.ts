// Cron schedules exactly as the Kubernetes CronJob controller reads them:
// robfig/cron v3 `ParseStandard` (what kube-controller-manager and the API
// server's validation call), its `Next()` walked in the schedule's wall time
// (including its DST behaviour), Go's `time.ParseDuration` for `@every`, and
// the API server's validation of `spec.schedule` and `spec.timeZone`.
//
// Written from the behaviour of those sources, not copied. Differences from
// cron-parser that matter here: robfig accepts exactly 5 fields (no seconds),
// no L/W/#/H, day of week 0-6 only (7 is an error), has @midnight and
// `@every <duration>`, and keeps `*/1` as a "star" field for the
// day-of-month/day-of-week rule.
import { GO_TZDATA } from './go-zones.js';

// ---------------------------------------------------------------------------
// Time zones (Go's time.LoadLocation over Go's embedded tz database; offsets from Intl)

export interface Zone {
  /** The name as given (UTC for the controller's assumed zone). */
  name: string;
  /** Offset in ms at an instant: wall clock = instant + offset. */
  offset(instant: number): number;
  utc: boolean;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SECOND = 1000;

export const UTC: Zone = { name: 'UTC', utc: true, offset: () => 0 };

/**
 * The zone kube-controller-manager uses when a CronJob has no timeZone: its
 * process's local zone. Official images run in UTC; we cannot see the real
 * one, so callers must present this as an assumption.
 */
export const CONTROLLER_ZONE: Zone = { name: 'UTC', utc: true, offset: () => 0 };

const zoneCache = new Map<string, Zone>();

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function intlZone(name: string, resolvedName: string): Zone {
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone: resolvedName,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  });
  const exact = (instant: number): number => {
    const s = Math.floor(instant / SECOND) * SECOND;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, bc = false;
    for (const p of dtf.formatToParts(s)) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': se = Number(p.value); break;
        case 'era': bc = p.value.startsWith('B'); break;
      }
    }
    if (bc) y = 1 - y;
    const wall = new Date(0);
    wall.setUTCFullYear(y, mo - 1, d);
    wall.setUTCHours(h, mi, se, 0);
    return wall.getTime() - s;
  };
  // Offsets are constant within an hour except around a transition: cache
  // per hour when the offset at both ends of the hour agrees.
  const cache = new Map<number, number | null>();
  const offset = (instant: number): number => {
    const bucket = Math.floor(instant / HOUR);
    let v = cache.get(bucket);
    if (v === undefined) {
      const a = exact(bucket * HOUR);
      const b = exact(bucket * HOUR + HOUR - SECOND);
      v = a === b ? a : null;
      if (cache.size > 50_000) cache.clear();
      cache.set(bucket, v);
    }
    return v === null ? exact(instant) : v;
  };
  return { name, utc: false, offset };
}

export type LoadResult = { ok: true; zone: Zone } | { ok: false; error: string };

const GO_NAMES = new Set<string>(GO_TZDATA.names.split(' '));
/** Names a later Go's tz database adds: accepted (newer control planes load them), with a note. */
const LATER_ADDED = new Map<string, { go: string; tzdata: string }>();
/** Names a later Go's tz database drops: still accepted by Kubernetes GO_TZDATA.kubernetes, with a note. */
const LATER_REMOVED = new Map<string, { go: string; tzdata: string }>();
for (const l of GO_TZDATA.later) {
  for (const n of l.added) if (!LATER_ADDED.has(n)) LATER_ADDED.set(n, { go: l.go, tzdata: l.tzdata });
  for (const n of l.removed) if (!LATER_REMOVED.has(n)) LATER_REMOVED.set(n, { go: l.go, tzdata: l.tzdata });
}

/** The tz database the zone names follow: Go's embedded copy in the release that builds Kubernetes. */
export const ZONE_DATA = { kubernetes: GO_TZDATA.kubernetes, go: GO_TZDATA.go, tzdata: GO_TZDATA.tzdata } as const;

/**
 * Whether a zone name's acceptance depends on the Go release kube-apiserver
 * and kube-controller-manager were built with: a name only newer tz
 * databases have (older control planes answer UnknownTimeZone), or one newer
 * ones dropped. Undefined for the names every listed release accepts.
 */
export function zoneVersionNote(name: string): string | undefined {
  const added = LATER_ADDED.get(name);
  if (added) {
    return `${name} is in tz database ${added.tzdata} (${added.go}) but not in ${GO_TZDATA.tzdata} (${GO_TZDATA.go}, which builds Kubernetes ${GO_TZDATA.kubernetes}): control planes built with the older Go reject it`;
  }
  const removed = LATER_REMOVED.get(name);
  if (removed) return `${name} is dropped from tz database ${removed.tzdata} (${removed.go}): control planes built with that Go reject it`;
  return undefined;
}

/** The zone name Go knows that differs from `name` only in letter case, if any (Go's lookup is case-sensitive). */
export function zoneNameInGoCase(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'utc') return name === 'UTC' ? undefined : 'UTC';
  for (const n of GO_NAMES) if (n !== name && n.toLowerCase() === lower) return n;
  for (const n of LATER_ADDED.keys()) if (n !== name && n.toLowerCase() === lower) return n;
  return undefined;
}

/** A zone that Node's Intl does not know (Go's "Factory"): Go gives it offset 0. */
function fixedZone(name: string): Zone {
  return { name, utc: false, offset: () => 0 };
}

/**
 * Go's time.LoadLocation as kube-apiserver and kube-controller-manager run
 * it: "" and "UTC" are UTC, "Local" is the process's own zone (assumed UTC
 * here), a name containing ".." or starting with a slash is "time: invalid
 * location name", and anything else must be a file in the tz database Go
 * embeds (src/model/go-zones.ts, generated from Go's zoneinfo.zip): exact
 * and case-sensitive, so a name Node's Intl still accepts as an alias
 * (US/Pacific-New, dropped by tzdata 2020b) is "unknown time zone" here as it
 * is for the controller. Offsets come from Intl.
 */
export function loadLocation(name: string): LoadResult {
  if (name === '' || name === 'UTC') return { ok: true, zone: UTC };
  if (name === 'Local') return { ok: true, zone: CONTROLLER_ZONE };
  const cached = zoneCache.get(name);
  if (cached) return { ok: true, zone: cached };
  if (name.includes('..') || name[0] === '/' || name[0] === '\\') return { ok: false, error: 'time: invalid location name' };
  if (!GO_NAMES.has(name) && !LATER_ADDED.has(name)) return { ok: false, error: `unknown time zone ${name}` };
  let zone: Zone;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    zone = resolved === 'UTC' ? { ...UTC, name } : intlZone(name, resolved);
  } catch {
    zone = fixedZone(name);
  }
  zoneCache.set(name, zone);
  return { ok: true, zone };
}

/** The zone the user's terminal runs in (process TZ), for showing times: Intl's, whatever Go thinks of the name. */
export function userZone(): Zone {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (name === 'UTC' || name === 'Etc/UTC') return UTC;
  const r = loadLocation(name);
  if (r.ok) return r.zone;
  try {
    return intlZone(name, name);
  } catch {
    return UTC;
  }
}

// ---------------------------------------------------------------------------
// Wall-clock arithmetic with Go's time.Date / AddDate semantics

export interface Wall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  /** Offset from UTC in ms at this instant. */
  offset: number;
}

export function wallOf(instant: number, zone: Zone): Wall {
  const offset = zone.offset(instant);
  const d = new Date(instant + offset);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    offset,
  };
}

function wallAsUTC(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/**
 * Go's time.Date in a zone: the fields are normalized (month 13 is January of
 * the next year), and a wall time that does not exist or exists twice around
 * a DST change resolves the way Go resolves it.
 */
export function zoneDate(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: Zone, ms = 0): number {
  const wall = wallAsUTC(y, mo, d, h, mi, s, ms);
  if (zone.utc) return wall;
  let off = zone.offset(wall);
  const guess = wall - off;
  const off2 = zone.offset(guess);
  if (off2 !== off) off = off2;
  return wall - off;
}

function addDate(t: number, zone: Zone, years: number, months: number, days: number): number {
  const w = wallOf(t, zone);
  return zoneDate(w.year + years, w.month + months, w.day + days, w.hour, w.minute, w.second, zone, mod(t, SECOND));
}

// ---------------------------------------------------------------------------
// Go helpers: strconv.Quote-like quoting, strings.Fields, strconv.Atoi

/** Go's %q / strconv.Quote for the strings that appear in error messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad || (c >= 0x2028 && c <= 0x2029) || c === 0xfeff) out += c <= 0xff ? '\\u00' + c.toString(16).padStart(2, '0') : '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

// unicode.IsSpace, as strings.Fields splits on it (not JavaScript's \s).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

function goFields(s: string): string[] {
  return s.split(GO_SPACE).filter((x) => x !== '');
}

function isGoSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

function goTrimSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && isGoSpace(chars[a]!)) a++;
  while (b > a && isGoSpace(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** strconv.Atoi: returns the number or Go's error text. */
function atoi(s: string): { v: number } | { err: string } {
  const m = /^[+-]?[0-9]+$/.test(s);
  if (!m) return { err: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const b = BigInt(s);
  if (b > INT64_MAX || b < INT64_MIN) return { err: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  // Values beyond 2^53 only ever fail the range checks below, so precision is moot.
  return { v: Number(b) };
}

// ---------------------------------------------------------------------------
// Go's time.ParseDuration (for @every)

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const TWO63 = 1n << 63n;

/** Returns nanoseconds (as bigint) or Go's exact error message. */
export function parseGoDuration(orig: string): { ns: bigint } | { err: string } {
  const invalid = { err: `time: invalid duration ${goQuote(orig)}` };
  // Go works on bytes; units may contain multi-byte µ, which is fine on code points here.
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '') {
    const c = s[0];
    if (c === '-' || c === '+') {
      neg = c === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return { ns: 0n };
  if (s === '') return invalid;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  while (s !== '') {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    // leadingInt
    let i = 0;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > TWO63 / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > TWO63) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (TWO63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > TWO63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid;
    let k = 0;
    for (; k < s.length; k++) {
      const c = s[k]!;
      if (c === '.' || isDigit(c)) break;
    }
    if (k === 0) return { err: `time: missing unit in duration ${goQuote(orig)}` };
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNIT_NS[u];
    if (unit === undefined) return { err: `time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}` };
    if (v > TWO63 / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.floor(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) return invalid;
    }
    d += v;
    if (d > TWO63) return invalid;
  }
  if (neg) return { ns: -d };
  if (d > TWO63 - 1n) return invalid;
  return { ns: d };
}

/** Go's Duration.String(): 1h30m0s, 90s → 1m30s, 500ms. */
export function goDurationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // sub-second: ns, µs, ms with fraction
    let unit: string;
    let div: bigint;
    if (u < 1_000n) return (neg ? '-' : '') + `${u}ns`;
    if (u < 1_000_000n) {
      unit = 'µs';
      div = 1_000n;
    } else {
      unit = 'ms';
      div = 1_000_000n;
    }
    out = fracString(u, div) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = fracString(u, 1_000_000_000n) + 's';
    if (h > 0n) out = `${h}h${m}m` + out;
    else if (m > 0n) out = `${m}m` + out;
  }
  return (neg ? '-' : '') + out;
}

function fracString(v: bigint, div: bigint): string {
  const whole = v / div;
  let frac = (v % div).toString().padStart(div.toString().length - 1, '0');
  frac = frac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

// ---------------------------------------------------------------------------
// robfig/cron v3 ParseStandard

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const B_MINUTE: Bounds = { min: 0, max: 59 };
const B_HOUR: Bounds = { min: 0, max: 23 };
const B_DOM: Bounds = { min: 1, max: 31 };
const B_MONTH: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const B_DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** One field's matching values plus robfig's "star bit". */
export interface CronField {
  /** values[v] is true when v matches. */
  values: boolean[];
  /** Set when the field (or one of its ranges) was `*` or `?` with step 1: the dom/dow AND rule. */
  star: boolean;
}

export interface SpecSchedule {
  kind: 'spec';
  second: CronField;
  minute: CronField;
  hour: CronField;
  dom: CronField;
  month: CronField;
  dow: CronField;
  zone: Zone;
  /** The descriptor used, if any (@daily, ...). */
  descriptor?: string;
}

export interface EverySchedule {
  kind: 'every';
  /** Delay in ms (whole seconds, at least 1s), as robfig's Every() rounds it. */
  delayMs: number;
  /** The duration as written after @every. */
  written: string;
  zone: Zone;
}

export type CronSchedule = SpecSchedule | EverySchedule;

export type ParseResult = { ok: true; schedule: CronSchedule; zoneFromSpec?: string } | { ok: false; error: string };

function emptyField(): CronField {
  return { values: new Array<boolean>(64).fill(false), star: false };
}

function setBits(f: CronField, min: number, max: number, step: number): void {
  for (let i = min; i <= max; i += step) f.values[i] = true;
}

function allField(b: Bounds): CronField {
  const f = emptyField();
  setBits(f, b.min, b.max, 1);
  f.star = true;
  return f;
}

function single(v: number): CronField {
  const f = emptyField();
  f.values[v] = true;
  return f;
}

function parseIntOrName(expr: string, names?: Record<string, number>): { v: number } | { err: string } {
  const key = expr.toLowerCase();
  if (names && Object.prototype.hasOwnProperty.call(names, key)) return { v: names[key]! };
  return mustParseInt(expr);
}

function mustParseInt(expr: string): { v: number } | { err: string } {
  const r = atoi(expr);
  if ('err' in r) return { err: `failed to parse int from ${expr}: ${r.err}` };
  if (r.v < 0) return { err: `negative number (${r.v}) not allowed: ${expr}` };
  return r;
}

function getRange(expr: string, r: Bounds, into: CronField): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let step: number;
  let extra = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    extra = true;
  } else {
    const s = parseIntOrName(lowAndHigh[0]!, r.names);
    if ('err' in s) return s.err;
    start = s.v;
    switch (lowAndHigh.length) {
      case 1:
        end = start;
        break;
      case 2: {
        const e = parseIntOrName(lowAndHigh[1]!, r.names);
        if ('err' in e) return e.err;
        end = e.v;
        break;
      }
      default:
        return `too many hyphens: ${expr}`;
    }
  }
  switch (rangeAndStep.length) {
    case 1:
      step = 1;
      break;
    case 2: {
      const st = mustParseInt(rangeAndStep[1]!);
      if ('err' in st) return st.err;
      step = st.v;
      // "N/step" means "N-max/step".
      if (singleDigit) end = r.max;
      if (step > 1) extra = false;
      break;
    }
    default:
      return `too many slashes: ${expr}`;
  }
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  setBits(into, start, end, step);
  if (extra) into.star = true;
  return undefined;
}

function getField(field: string, r: Bounds): { f: CronField } | { err: string } {
  const f = emptyField();
  for (const expr of field.split(',').filter((x) => x !== '')) {
    const err = getRange(expr, r, f);
    if (err !== undefined) return { err };
  }
  return { f };
}

function parseDescriptor(descriptor: string, zone: Zone): ParseResult {
  const spec = (minute: CronField, hour: CronField, dom: CronField, month: CronField, dow: CronField): ParseResult => ({
    ok: true,
    schedule: { kind: 'spec', second: single(0), minute, hour, dom, month, dow, zone, descriptor },
  });
  switch (descriptor) {
    case '@yearly':
    case '@annually':
      return spec(single(0), single(0), single(1), single(1), allField(B_DOW));
    case '@monthly':
      return spec(single(0), single(0), single(1), allField(B_MONTH), allField(B_DOW));
    case '@weekly':
      return spec(single(0), single(0), allField(B_DOM), allField(B_MONTH), single(0));
    case '@daily':
    case '@midnight':
      return spec(single(0), single(0), allField(B_DOM), allField(B_MONTH), allField(B_DOW));
    case '@hourly':
      return spec(single(0), allField(B_HOUR), allField(B_DOM), allField(B_MONTH), allField(B_DOW));
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const written = descriptor.slice(every.length);
    const d = parseGoDuration(written);
    if ('err' in d) return { ok: false, error: `failed to parse duration ${descriptor}: ${d.err}` };
    let ns = d.ns;
    if (ns < 1_000_000_000n) ns = 1_000_000_000n;
    ns -= ns % 1_000_000_000n;
    return { ok: true, schedule: { kind: 'every', delayMs: Number(ns / 1_000_000n), written, zone } };
  }
  return { ok: false, error: `unrecognized descriptor: ${descriptor}` };
}

/**
 * robfig/cron v3 ParseStandard. `local` is the zone of a schedule without a
 * TZ=/CRON_TZ= prefix (the controller's time.Local).
 */
export function parseStandard(input: string, local: Zone = CONTROLLER_ZONE): ParseResult {
  let spec = input;
  if (spec.length === 0) return { ok: false, error: 'empty spec string' };
  let zone = local;
  let zoneFromSpec: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    if (i < 0) {
      // robfig slices spec[eq+1:-1] here and panics; the API server turns
      // the panic into an internal error.
      return { ok: false, error: `the parser fails on a TZ prefix without a schedule after it (runtime error: slice bounds out of range [:-1])` };
    }
    const name = spec.slice(eq + 1, i);
    const loc = loadLocation(name);
    if (!loc.ok) return { ok: false, error: `provided bad location ${name}: ${loc.error}` };
    zone = loc.zone;
    zoneFromSpec = name;
    spec = goTrimSpace(spec.slice(i));
  }
  if (spec.startsWith('@')) {
    const r = parseDescriptor(spec, zone);
    if (r.ok && zoneFromSpec !== undefined) r.zoneFromSpec = zoneFromSpec;
    return r;
  }
  const fields = goFields(spec);
  if (fields.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]` };
  const parsed: CronField[] = [];
  const bounds = [B_MINUTE, B_HOUR, B_DOM, B_MONTH, B_DOW];
  for (let k = 0; k < 5; k++) {
    const r = getField(fields[k]!, bounds[k]!);
    if ('err' in r) return { ok: false, error: r.err };
    parsed.push(r.f);
  }
  const [minute, hour, dom, month, dow] = parsed as [CronField, CronField, CronField, CronField, CronField];
  const res: ParseResult = { ok: true, schedule: { kind: 'spec', second: single(0), minute, hour, dom, month, dow, zone } };
  if (zoneFromSpec !== undefined) res.zoneFromSpec = zoneFromSpec;
  return res;
}

// ---------------------------------------------------------------------------
// Next activation

function dayMatches(s: SpecSchedule, w: Wall): boolean {
  const domMatch = s.dom.values[w.day]!;
  const dowMatch = s.dow.values[w.weekday]!;
  if (s.dom.star || s.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * The next activation strictly after `from` (ms), or null when none exists
 * within five years (robfig returns the zero time then). Walks the wall
 * clock of the schedule's zone exactly like robfig's SpecSchedule.Next, so a
 * time skipped by a DST change is skipped and a repeated hour repeats.
 */
export function nextAfter(s: CronSchedule, from: number): number | null {
  if (s.kind === 'every') return from + s.delayMs - mod(from, SECOND);
  const zone = s.zone;
  let t = from + SECOND - mod(from, SECOND);
  let added = false;
  let w = wallOf(t, zone);
  const set = (v: number) => {
    t = v;
    w = wallOf(t, zone);
  };
  const yearLimit = w.year + 5;
  wrap: for (;;) {
    if (w.year > yearLimit) return null;
    while (!s.month.values[w.month]) {
      if (!added) {
        added = true;
        set(zoneDate(w.year, w.month, 1, 0, 0, 0, zone));
      }
      set(addDate(t, zone, 0, 1, 0));
      if (w.month === 1) continue wrap;
    }
    while (!dayMatches(s, w)) {
      if (!added) {
        added = true;
        set(zoneDate(w.year, w.month, w.day, 0, 0, 0, zone));
      }
      set(addDate(t, zone, 0, 0, 1));
      if (w.hour !== 0) {
        if (w.hour > 12) set(t + (24 - w.hour) * HOUR);
        else set(t - w.hour * HOUR);
      }
      if (w.day === 1) continue wrap;
    }
    while (!s.hour.values[w.hour]) {
      if (!added) {
        added = true;
        set(zoneDate(w.year, w.month, w.day, w.hour, 0, 0, zone));
      }
      set(t + HOUR);
      if (w.hour === 0) continue wrap;
    }
    while (!s.minute.values[w.minute]) {
      if (!added) {
        added = true;
        set(t - mod(t, MINUTE));
      }
      set(t + MINUTE);
      if (w.minute === 0) continue wrap;
    }
    while (!s.second.values[w.second]) {
      if (!added) {
        added = true;
        set(t - mod(t, SECOND));
      }
      set(t + SECOND);
      if (w.second === 0) continue wrap;
    }
    return t;
  }
}

/** The next `n` activations after `from`; fewer when the schedule runs out. */
export function nextN(s: CronSchedule, from: number, n: number): number[] {
  const out: number[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    const x = nextAfter(s, t);
    if (x === null) break;
    out.push(x);
    t = x;
  }
  return out;
}

// ---------------------------------------------------------------------------
// What the controller and the API server do with a CronJob's fields

/** The string the controller hands to ParseStandard (its formatSchedule). */
export function controllerScheduleString(schedule: string, timeZone: string | null | undefined): string {
  if (schedule.includes('TZ')) return schedule;
  if (timeZone !== undefined && timeZone !== null) {
    if (!loadLocation(timeZone).ok) return schedule;
    return `TZ=${timeZone} ${schedule}`;
  }
  return schedule;
}

/** Parse a CronJob's schedule as kube-controller-manager does. */
export function parseCronJobSchedule(schedule: string, timeZone?: string | null): ParseResult {
  return parseStandard(controllerScheduleString(schedule, timeZone));
}

/** `field.Invalid(path, value, detail)` rendered like the API server does. */
function invalid(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${goQuote(value)}: ${detail}`;
}

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** The API server's validateTimeZone, as field error strings (empty = valid). */
export function validateTimeZone(timeZone: string | null | undefined, path = 'spec.timeZone'): string[] {
  if (timeZone === undefined || timeZone === null) return [];
  if (timeZone.length === 0) return [invalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part)) {
      return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: string[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errs.push(invalid(path, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  const l = loadLocation(timeZone);
  if (!l.ok) errs.push(invalid(path, timeZone, l.error));
  return errs;
}

/**
 * What the API server says about spec.schedule and spec.timeZone when a
 * CronJob is created (`allowTZInSchedule` false) or updated from a schedule
 * that already had TZ in it (true). Empty when it would be accepted.
 */
export function validateCronJobSchedule(
  schedule: string,
  timeZone: string | null | undefined,
  opts: { allowTZInSchedule?: boolean } = {},
): string[] {
  const errs: string[] = [];
  if (schedule.length === 0) {
    errs.push('spec.schedule: Required value');
  } else {
    const p = parseStandard(schedule);
    if (!p.ok) errs.push(invalid('spec.schedule', schedule, p.error));
    const hasTZ = schedule.includes('TZ');
    if (opts.allowTZInSchedule && hasTZ && timeZone !== undefined && timeZone !== null) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!opts.allowTZInSchedule && hasTZ) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  errs.push(...validateTimeZone(timeZone));
  return errs;
}

/** field.ErrorList.ToAggregate().Error(): one message, or [a, b] for several. */
export function aggregateErrors(errs: string[]): string {
  if (errs.length === 1) return errs[0]!;
  return `[${errs.join(', ')}]`;
}

// ---------------------------------------------------------------------------
// Formatting

/** 2026-03-08T07:00:00Z (seconds precision, UTC). */
export function isoUTC(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const m = Math.round(Math.abs(offsetMs) / MINUTE);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const abbrevCache = new Map<string, Intl.DateTimeFormat[]>();

/**
 * The zone's short name at an instant (EST, CEST, BST) when Intl has a real
 * one, else the offset. en-US names the American zones only (Europe/Berlin is
 * "GMT+1" there); en-GB names the European ones (and New York "GMT-5"): the
 * first alphabetic name of the two wins, as Go's tzdata abbreviations would.
 */
export function zoneAbbrev(t: number, zone: Zone): string {
  const off = zone.offset(t);
  if (zone.utc) return 'UTC';
  let dtfs = abbrevCache.get(zone.name);
  if (!dtfs) {
    dtfs = [];
    for (const locale of ['en-US', 'en-GB']) {
      try {
        dtfs.push(new Intl.DateTimeFormat(locale, { timeZone: zone.name, timeZoneName: 'short' }));
      } catch {
        // A zone Intl does not know: the offset.
      }
    }
    abbrevCache.set(zone.name, dtfs);
  }
  for (const dtf of dtfs) {
    const name = dtf.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  return formatOffset(off);
}

/** Wall time in a zone: `Sun 2026-03-08 03:00 EDT`. */
export function formatWall(t: number, zone: Zone, opts: { seconds?: boolean; weekday?: boolean } = {}): string {
  const w = wallOf(t, zone);
  const hm = `${pad(w.hour)}:${pad(w.minute)}${opts.seconds || w.second !== 0 ? `:${pad(w.second)}` : ''}`;
  const day = `${w.year}-${pad(w.month)}-${pad(w.day)}`;
  return `${opts.weekday === false ? '' : WEEKDAYS[w.weekday] + ' '}${day} ${hm} ${zoneAbbrev(t, zone)}`;
}

/** RFC 3339 in a zone, as the controller writes the scheduled-timestamp annotation. */
export function rfc3339In(t: number, zone: Zone): string {
  const w = wallOf(t, zone);
  const off = w.offset === 0 ? 'Z' : formatOffset(w.offset);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${off}`;
}

// ---------------------------------------------------------------------------
// Plain words (the WHEN column)

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function valuesOf(f: CronField, b: Bounds): number[] {
  const out: number[] = [];
  for (let i = b.min; i <= b.max; i++) if (f.values[i]) out.push(i);
  return out;
}

function isAll(f: CronField, b: Bounds): boolean {
  for (let i = b.min; i <= b.max; i++) if (!f.values[i]) return false;
  return true;
}

/** A step pattern covering the whole range: start, start+step, ... up to max. */
function stepOf(vals: number[], b: Bounds): { start: number; step: number } | undefined {
  if (vals.length < 2) return undefined;
  const step = vals[1]! - vals[0]!;
  if (step < 2) return undefined;
  for (let i = 1; i < vals.length; i++) if (vals[i]! - vals[i - 1]! !== step) return undefined;
  if (vals[vals.length - 1]! + step <= b.max) return undefined;
  if (vals[0]! - step >= b.min) return undefined;
  return { start: vals[0]!, step };
}

/** Runs of consecutive values: [[1,5],[7,7]]. */
function runsOf(vals: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of vals) {
    const last = out[out.length - 1];
    if (last && v === last[1] + 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function listWords(vals: number[], name: (v: number) => string, rangeMin = 3): string {
  const parts = runsOf(vals).map(([a, b]) => (a === b ? name(a) : b - a + 1 >= rangeMin ? `${name(a)}–${name(b)}` : b === a + 1 ? `${name(a)}, ${name(b)}` : `${name(a)}–${name(b)}`));
  return joinWords(parts.flatMap((p) => p.split(', ')));
}

function ordinalStep(n: number): string {
  return n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

function timePhrase(s: SpecSchedule): string {
  const mins = valuesOf(s.minute, B_MINUTE);
  const hours = valuesOf(s.hour, B_HOUR);
  const allM = isAll(s.minute, B_MINUTE);
  const allH = isAll(s.hour, B_HOUR);
  const mStep = stepOf(mins, B_MINUTE);
  const hStep = stepOf(hours, B_HOUR);
  const hh = (h: number) => pad(h);
  const hm = (h: number, m: number) => `${pad(h)}:${pad(m)}`;
  if (mins.length === 0 || hours.length === 0) return 'never';
  if (allM && allH) return 'every minute';
  if (allM) {
    if (hours.length === 1) return `every minute from ${hm(hours[0]!, 0)} to ${hm(hours[0]!, 59)}`;
    return `every minute during hours ${listWords(hours, hh)}`;
  }
  let minutePart: string | undefined;
  if (mStep && mStep.start === 0) minutePart = `every ${mStep.step} minutes`;
  else if (mStep) minutePart = `every ${mStep.step} minutes from :${pad(mStep.start)}`;
  if (allH) {
    if (minutePart) return minutePart;
    if (mins.length === 1) return `every hour at :${pad(mins[0]!)}`;
    return `every hour at ${joinWords(mins.map((m) => `:${pad(m)}`))}`;
  }
  if (minutePart) {
    const r = runsOf(hours);
    if (r.length === 1) return `${minutePart} from ${hm(r[0]![0], mins[0]!)} to ${hm(r[0]![1], mins[mins.length - 1]!)}`;
    return `${minutePart} during hours ${listWords(hours, hh)}`;
  }
  if (hStep && mins.length === 1) {
    return `every ${hStep.step} hours at :${pad(mins[0]!)}${hStep.start ? ` from ${hm(hStep.start, mins[0]!)}` : ''}`;
  }
  if (mins.length * hours.length <= 6) {
    const times: string[] = [];
    for (const h of hours) for (const m of mins) times.push(hm(h, m));
    return `at ${joinWords(times)}`;
  }
  const r = runsOf(hours);
  const minText = mins.length === 1 ? `:${pad(mins[0]!)}` : joinWords(mins.map((m) => `:${pad(m)}`));
  if (r.length === 1) return `every hour at ${minText} from ${hm(r[0]![0], mins[0]!)} to ${hm(r[0]![1], mins[mins.length - 1]!)}`;
  return `at ${minText} past hours ${listWords(hours, hh)}`;
}

function dayPhrase(s: SpecSchedule): string {
  const doms = valuesOf(s.dom, B_DOM);
  const dows = valuesOf(s.dow, B_DOW);
  const monthVals = valuesOf(s.month, B_MONTH);
  const allDom = isAll(s.dom, B_DOM);
  const allDow = isAll(s.dow, B_DOW);
  const andRule = s.dom.star || s.dow.star;
  const domText = (): string => {
    const st = stepOf(doms, B_DOM);
    if (st && st.step === 2) return `on ${st.start === 1 ? 'odd' : 'even'} days of the month`;
    if (st) return `every ${ordinalStep(st.step)} day of the month from day ${st.start}`;
    return doms.length === 1 ? `on day ${doms[0]} of the month` : `on days ${listWords(doms, String)} of the month`;
  };
  const dowText = (): string => `on ${listWords(dows, (d) => DAY_NAMES[d]!)}`;
  let day: string;
  if (andRule) {
    if (!allDom && !allDow) day = `${domText()} if it is a ${listWords(dows, (d) => DAY_NAMES[d]!).replace(/ and /, ' or ')}`;
    else if (!allDom) day = domText();
    else if (!allDow) day = dowText();
    else day = 'every day';
  } else if (allDom || allDow) {
    day = 'every day';
  } else {
    day = `${domText()} or ${dowText()}`;
  }
  if (!isAll(s.month, B_MONTH)) {
    if (day.startsWith('on day ') && doms.length === 1 && !day.includes(' if ') && monthVals.length === 1) {
      return `on ${doms[0]} ${MONTH_NAMES[monthVals[0]!]}`;
    }
    const st = stepOf(monthVals, B_MONTH);
    const months = st && monthVals.length > 6 ? `every ${ordinalStep(st.step)} month from ${MONTH_NAMES[st.start]}` : `in ${listWords(monthVals, (m) => MONTH_NAMES[m]!)}`;
    return day === 'every day' ? `every day ${months}` : `${day} ${months}`;
  }
  return day;
}

/**
 * The schedule in plain words, in the schedule's own wall clock: "at 02:00
 * every day", "every 5 minutes", "at 09:00 on Monday–Friday", "every 1h30m".
 * Follows the parsed fields (names, ranges, steps and the day-of-month /
 * day-of-week rule as the controller applies them).
 */
export function describeSchedule(s: CronSchedule): string {
  if (s.kind === 'every') {
    const d = goDurationString(BigInt(s.delayMs) * 1_000_000n).replace(/(\d)m0s$/, '$1m').replace(/(\d)h0m$/, '$1h');
    return `every ${d}`;
  }
  const time = timePhrase(s);
  const day = dayPhrase(s);
  if (time === 'never') return 'never';
  if (day === 'every day') return time.startsWith('every') ? time : `${time} every day`;
  return `${time} ${day}`;
}
