// The catalog: every check of every area in one list, for --check validation,
// the config's check ids, `k8stui diagnose --list-checks` style output and the
// README table.
import { allCheckMetas, causeLayer } from './engine.js';
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

/** The catalog as a Markdown table: the README's check table (scripts/gen-readme-checks.mjs writes it; a test compares). */
export function catalogMarkdown(list: CheckMeta[] = catalog()): string {
  const rows = ['| Check | Severity | Layer | What it finds | Design notes |', '| --- | --- | --- | --- | --- |'];
  for (const c of list) rows.push(`| \`${c.id}\` | ${c.severity} | ${causeLayer(c.id)} | ${c.title.replace(/\|/g, '\\|')} | ${c.doc ?? ''} |`);
  return rows.join('\n');
}

export const README_BEGIN = '<!-- checks:begin';
export const README_END = '<!-- checks:end -->';

/** The README with its check table (between the markers) replaced by the catalog's; undefined when the markers are missing. */
export function readmeWithCatalog(readme: string, list: CheckMeta[] = catalog()): string | undefined {
  const b = readme.indexOf(README_BEGIN);
  const e = readme.indexOf(README_END);
  if (b < 0 || e < b) return undefined;
  const afterBegin = readme.indexOf('\n', b) + 1;
  return `${readme.slice(0, afterBegin)}${catalogMarkdown(list)}\n${readme.slice(e)}`;
}
