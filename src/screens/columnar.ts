// Columnar strings and the sort order, shared by the side that builds a list
// (src/screens/build.ts, where the data is) and the side that filters,
// sorts and draws it (src/screens/model.ts, the UI thread): both sort with
// the same keys and the same comparison, so a local re-sort gives the order
// the data thread would have sent.
import type { SortKeys, Strings } from './types.js';

export type SortKey = string | number;

export function stringsOf(n: number, get: (i: number) => string): Strings {
  const parts = new Array<string>(n);
  const offsets = new Uint32Array(n + 1);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const s = get(i);
    parts[i] = s;
    offsets[i] = o;
    o += s.length + 1;
  }
  offsets[n] = o;
  return { text: n ? `${parts.join('\0')}\0` : '', offsets };
}

export function stringAt(s: Strings, i: number): string {
  return s.text.slice(s.offsets[i]!, s.offsets[i + 1]! - 1);
}

/** The string whose NUL-terminated span contains text position `pos`. */
export function indexAt(s: Strings, pos: number): number {
  const off = s.offsets;
  let lo = 0;
  let hi = off.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (off[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the string equal to `value`, or -1. */
export function findString(s: Strings, value: string): number {
  const needle = `${value}\0`;
  let from = 0;
  for (;;) {
    const p = s.text.indexOf(needle, from);
    if (p < 0) return -1;
    if (p === 0 || s.text.charCodeAt(p - 1) === 0) return indexAt(s, p);
    from = p + 1;
  }
}

/**
 * A sort key that orders like a person would: case-insensitive, digit runs by
 * value (web-2 before web-10). Compared with `<`, which is far cheaper than a
 * collator over thousands of rows.
 */
export function naturalKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, (d) => (d.length >= 16 ? d : '0'.repeat(16 - d.length) + d));
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Row indexes 0..n-1 sorted by key (descending when asked), ties in row order. */
export function sortOrder(n: number, key: ((i: number) => SortKey) | undefined, desc: boolean): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!key || n < 2) return order;
  const keys = new Array<SortKey>(n);
  for (let i = 0; i < n; i++) keys[i] = key(i);
  const idx = Array.from(order);
  idx.sort((a, b) => {
    const c = compareKeys(keys[a]!, keys[b]!);
    return (desc ? -c : c) || a - b;
  });
  order.set(idx);
  return order;
}

/** The sort key of row i from a column's own keys. */
export function sortKeyAt(k: SortKeys, i: number): SortKey {
  return k.isStr?.[i] ? stringAt(k.strs!, i) : k.nums[i]!;
}

export function sortKeysOf(n: number, get: (i: number) => SortKey): SortKeys {
  const nums = new Float64Array(n);
  let isStr: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (typeof v === 'number') nums[i] = v;
    else (isStr ??= new Uint8Array(n))[i] = 1;
  }
  if (!isStr) return { nums };
  const flags = isStr;
  return { nums, isStr: flags, strs: stringsOf(n, (i) => (flags[i] ? (get(i) as string) : '')) };
}

export function sameArray(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sameStrings(a: Strings | undefined, b: Strings | undefined): boolean {
  return a === b || (!!a && !!b && a.text === b.text && a.offsets.length === b.offsets.length);
}

export function sameSortKeys(a: SortKeys | undefined, b: SortKeys | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return sameArray(a.nums, b.nums) && sameArray(a.isStr, b.isStr) && sameStrings(a.strs, b.strs);
}
