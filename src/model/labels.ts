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
