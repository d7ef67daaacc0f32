// Label selectors, exactly as the API server matches them.
import type { LabelSelector } from './types.js';

/** A Service-style selector (map): every key must match. An empty map selects nothing for Services. */
export function matchesMap(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  const l = labels ?? {};
  for (const k of keys) if (l[k] !== selector[k]) return false;
  return true;
}

/** A metav1.LabelSelector. An empty selector matches everything; null matches nothing. */
export function matchesSelector(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const vals = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !vals.includes(l[req.key]!)) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(l[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function formatSelectorMap(sel: Record<string, string> | undefined): string {
  if (!sel || Object.keys(sel).length === 0) return '<none>';
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Parse a kubectl-style selector string: `a=b,c!=d,e in (x,y),f notin (z),g,!h`.
 * Returns undefined with no error for an empty string; throws on bad syntax.
 */
export function parseSelector(s: string): LabelSelector {
  const sel: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/i))) {
      sel.matchExpressions.push({
        key: m[1]!,
        operator: m[2]!.toLowerCase() === 'in' ? 'In' : 'NotIn',
        values: m[3]!.split(',').map((v) => v.trim()).filter(Boolean),
      });
    } else if ((m = p.match(/^([^\s!=]+)\s*!=\s*(\S*)$/))) {
      sel.matchExpressions.push({ key: m[1]!, operator: 'NotIn', values: [m[2]!] });
    } else if ((m = p.match(/^([^\s!=]+)\s*==?\s*(\S*)$/))) {
      sel.matchLabels[m[1]!] = m[2]!;
    } else if ((m = p.match(/^!([^\s!=]+)$/))) {
      sel.matchExpressions.push({ key: m[1]!, operator: 'DoesNotExist' });
    } else if ((m = p.match(/^([^\s!=()]+)$/))) {
      sel.matchExpressions.push({ key: m[1]!, operator: 'Exists' });
    } else {
      throw new Error(`invalid label selector near "${p}"`);
    }
  }
  return sel;
}

// ---------- near misses: which objects a selector almost selects ----------

/** One selector label an object does not satisfy, with what the object has instead. */
export interface LabelDiff {
  key: string;
  /** The selector's value. */
  want: string;
  /** The object's value for that key; undefined when it has no such label. */
  have?: string;
}

/** Objects that differ from a selector in the same way, ranked by how close they are. */
export interface NearMiss<T> {
  items: T[];
  /** Selector labels the objects carry with the same key AND value. */
  matched: number;
  /** Number of selector labels. */
  total: number;
  /** The selector labels they do not satisfy. */
  diffs: LabelDiff[];
  /** 0..1: how alike the differing values are (typos, abbreviations); 0 when a key is missing. */
  similarity: number;
}

/** Levenshtein distance, for short label values. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/**
 * How alike two label values are, 0..1: 1 for case or separator differences
 * (`my_app`/`my-app`), high for a typo (`frontned`), an abbreviation that
 * keeps the first letter (`zk`/`zookeeper`) or a prefix (`web`/`web-v2`);
 * near 0 for unrelated words (`api`/`zookeeper`).
 */
export function valueSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  const x = norm(a);
  const y = norm(b);
  if (x === y) return 0.95;
  if (!x || !y) return 0;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const typo = 1 - editDistance(x, y) / Math.max(x.length, y.length);
  let abbrev = 0;
  if (short.length >= 2 && short[0] === long[0] && isSubsequence(short, long)) abbrev = long.startsWith(short) ? 0.8 : 0.7;
  return Math.max(typo, abbrev);
}

/** Values at least this alike count as a near miss even when no selector label matches exactly. */
export const SIMILAR_VALUE = 0.6;

/** The selector labels `labels` does not satisfy. */
export function labelDiffs(selector: Record<string, string>, labels: Record<string, string> | undefined): LabelDiff[] {
  const l = labels ?? {};
  return Object.entries(selector)
    .filter(([k, v]) => l[k] !== v)
    .map(([k, v]) => (k in l ? { key: k, want: v, have: l[k] } : { key: k, want: v }));
}

/**
 * Rank objects by how nearly their labels satisfy a map selector: first by the
 * number of selector labels matched on key AND value, then by how alike the
 * differing values are. Objects that differ in the same way are grouped (the
 * pods of one workload). Objects that match no selector label exactly are
 * kept only when a differing value is alike (`zk`/`zookeeper`); objects the
 * selector selects are left out. Best first.
 */
export function rankNearMisses<T>(selector: Record<string, string> | undefined, items: T[], labelsOf: (t: T) => Record<string, string> | undefined, nameOf: (t: T) => string): NearMiss<T>[] {
  const sel = selector ?? {};
  const total = Object.keys(sel).length;
  if (total === 0) return [];
  const groups = new Map<string, NearMiss<T>>();
  for (const it of items) {
    const diffs = labelDiffs(sel, labelsOf(it));
    if (diffs.length === 0) continue;
    const matched = total - diffs.length;
    const sims = diffs.map((d) => (d.have === undefined ? 0 : valueSimilarity(d.have, d.want)));
    const similarity = sims.reduce((a, b) => a + b, 0) / sims.length;
    if (matched === 0 && !sims.some((s) => s >= SIMILAR_VALUE)) continue;
    const key = JSON.stringify(diffs.map((d) => [d.key, d.have ?? null]));
    const g = groups.get(key);
    if (g) g.items.push(it);
    else groups.set(key, { items: [it], matched, total, diffs, similarity });
  }
  const out = [...groups.values()];
  for (const g of out) g.items.sort((a, b) => compareNames(nameOf(a), nameOf(b)));
  return out.sort(
    (a, b) =>
      b.matched - a.matched ||
      b.diffs.filter((d) => d.have !== undefined).length - a.diffs.filter((d) => d.have !== undefined).length ||
      b.similarity - a.similarity ||
      b.items.length - a.items.length ||
      compareNames(nameOf(a.items[0]!), nameOf(b.items[0]!)),
  );
}

/** Natural order: web-2 before web-10. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** `zk-0..2` for consecutive ordinals of one name, else `a, b, c` (at most `max`, then `and N more`). */
export function nameList(names: string[], max = 3): string {
  const sorted = [...names].sort(compareNames);
  const m = sorted.map((n) => n.match(/^(.*)-(\d+)$/));
  if (sorted.length >= 3 && m.every((x) => x && x[1] === m[0]![1])) {
    const nums = m.map((x) => Number(x![2]));
    if (nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1)) return `${m[0]![1]}-${nums[0]}..${nums[nums.length - 1]}`;
  }
  if (sorted.length <= max) return sorted.join(', ');
  return `${sorted.slice(0, max).join(', ')} and ${sorted.length - max} more`;
}

/** `they have component=server, the selector wants component=zk; they have no tier label, the selector wants tier=db`. */
export function diffText(diffs: LabelDiff[], subject = 'they have'): string {
  return diffs.map((d) => (d.have === undefined ? `${subject} no ${d.key} label, the selector wants ${d.key}=${d.want}` : `${subject} ${d.key}=${d.have}, the selector wants ${d.key}=${d.want}`)).join('; ');
}

/** `pods zk-0..2 match 2 of 3 selector labels; they have component=server, the selector wants component=zk`. */
export function nearMissText<T>(m: NearMiss<T>, nameOf: (t: T) => string, noun = 'pod'): string {
  const many = m.items.length > 1;
  const who = `${noun}${many ? 's' : ''} ${nameList(m.items.map(nameOf))}`;
  return `${who} match${many ? '' : 'es'} ${m.matched} of ${m.total} selector label${m.total === 1 ? '' : 's'}; ${diffText(m.diffs, many ? 'they have' : 'it has')}`;
}
