#!/usr/bin/env node
// Regenerates test/fixtures/design-notes/outline.json: the outline of the
// design notes (where each part starts, and the text and line of every heading
// and bold bullet label), not their text. The catalog's `doc` references are
// checked against it (test/unit/doc-refs.test.ts), so neither the product nor
// its tests read anything outside the repository.
//
//   node scripts/design-notes-outline.mjs NOTES.txt          # rewrite the outline
//   node scripts/design-notes-outline.mjs NOTES.txt --check  # exit 1 if it is stale
//
// Run it when the design notes change; commit the result.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTLINE = path.join(ROOT, 'test', 'fixtures', 'design-notes', 'outline.json');

/**
 * Each part of the notes opens with a paragraph whose subject is in bold
 * (`Kubernetes 中的 **StatefulSet** 是…`); the key is what a doc reference
 * starts with. The first such paragraph counts (the notes repeat the Service part).
 */
export const PARTS = {
  StatefulSet: ['**StatefulSet**'],
  'Job/CronJob': ['**Job**', '**CronJob**'],
  Service: ['**Service**'],
  LoadBalancer: ['**LoadBalancer**'],
  Ingress: ['**Ingress**'],
};

const plain = (s) => s.replace(/\*\*|`/g, '').trim();

/** A heading's (## to ####) or a bold bullet label's text, without Markdown markers; undefined for other lines. */
export function anchorText(line) {
  const h = /^#{2,4}\s+(.+)$/.exec(line);
  if (h) return plain(h[1]);
  const b = /^\s*[-*]\s+\*\*(.+?)\*\*/.exec(line);
  if (b) return plain(b[1]);
  return undefined;
}

export function outlineOf(text, name) {
  const lines = text.split('\n');
  const parts = [];
  for (const [part, subjects] of Object.entries(PARTS)) {
    // An opening paragraph: not a heading, list item or table row.
    const i = lines.findIndex((l) => !/^\s*([-*#|]|\d+\.)/.test(l) && subjects.every((s) => l.includes(s)));
    if (i < 0) throw new Error(`${name}: no opening paragraph for the ${part} part (${subjects.join(' and ')})`);
    parts.push({ part, line: i + 1 });
  }
  parts.sort((a, b) => a.line - b.line);
  const anchors = [];
  lines.forEach((l, i) => {
    const t = anchorText(l);
    if (t !== undefined) anchors.push({ line: i + 1, text: t });
  });
  return {
    notes: name,
    sha256: createHash('sha256').update(text).digest('hex'),
    lines: lines.length,
    parts,
    anchors,
  };
}

/** JSON with one part or anchor per line: small, and diffs show which heading changed. */
function serialize(o) {
  const list = (xs) => `[\n${xs.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n ]`;
  return `{\n "notes": ${JSON.stringify(o.notes)},\n "sha256": ${JSON.stringify(o.sha256)},\n "lines": ${o.lines},\n "parts": ${list(o.parts)},\n "anchors": ${list(o.anchors)}\n}\n`;
}

function main(argv) {
  const args = argv.filter((a) => !a.startsWith('--'));
  const check = argv.includes('--check');
  if (args.length !== 1) {
    process.stderr.write('usage: node scripts/design-notes-outline.mjs NOTES.txt [--check]\n');
    return 2;
  }
  const file = args[0];
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`design-notes-outline: ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}\n`);
    return 2;
  }
  const json = serialize(outlineOf(text, path.basename(file)));
  if (check) {
    let cur = '';
    try {
      cur = readFileSync(OUTLINE, 'utf8');
    } catch {
      // missing = stale
    }
    if (cur !== json) {
      process.stderr.write(`design-notes-outline: ${path.relative(ROOT, OUTLINE)} is stale; run without --check to regenerate\n`);
      return 1;
    }
    process.stdout.write(`${path.relative(ROOT, OUTLINE)} is up to date\n`);
    return 0;
  }
  mkdirSync(path.dirname(OUTLINE), { recursive: true });
  writeFileSync(OUTLINE, json);
  process.stdout.write(`wrote ${path.relative(ROOT, OUTLINE)}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
