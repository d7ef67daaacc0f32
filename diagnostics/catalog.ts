// The catalog: every check of every area in one list, for --check validation,
// the config's check ids, `k8stui diagnose --list-checks` style output and the
// README table.
import { allCheckMetas } from './engine.js';
import { globMatch, isGlob } from './config.js';
import type { CheckMeta } from './types.js';

export function catalog(): CheckMeta[] {
  return allCheckMetas();
}

export function checkIds(): string[] {
  return catalog().map((c) => c.id);
}

/** Ids that appear more than once (must be empty; a test asserts it). */
export function duplicateIds(list: CheckMeta[] = catalog()): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const c of list) (seen.has(c.id) ? dup : seen).add(c.id);
  return [...dup];
}

/**
 * Validate --check / --exclude-check values (ids or globs, comma-separated
 * lists already split). Returns the first error message, e.g. `unknown check id X`.
 */
export function validateCheckIds(ids: string[], list: CheckMeta[] = catalog()): string | undefined {
  const known = list.map((c) => c.id);
  for (const id of ids) {
    if (!id) return 'empty check id';
    if (isGlob(id) ? !known.some((k) => globMatch(id, k)) : !known.includes(id)) return `unknown check id ${id}`;
  }
  return undefined;
}

/** The catalog as a Markdown table (README generation). */
export function catalogMarkdown(list: CheckMeta[] = catalog()): string {
  const rows = ['| Check | Severity | What it finds | Design notes |', '| --- | --- | --- | --- |'];
  for (const c of list) rows.push(`| \`${c.id}\` | ${c.severity} | ${c.title.replace(/\|/g, '\\|')} | ${c.doc ?? ''} |`);
  return rows.join('\n');
}
