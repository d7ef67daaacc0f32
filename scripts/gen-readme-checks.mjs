#!/usr/bin/env node
// Rewrites the README's check table (between <!-- checks:begin … --> and
// <!-- checks:end -->) from the catalog, so it never drifts from the code.
// Needs the build: `npm run readme:checks` builds first. `--check` exits 1 when
// the README is stale (test/unit/readme.test.ts checks the same).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { readmeWithCatalog } = await import(path.join(ROOT, 'dist', 'diagnostics', 'catalog.js'));
const file = path.join(ROOT, 'README.md');
const cur = readFileSync(file, 'utf8');
const next = readmeWithCatalog(cur);
if (next === undefined) {
  process.stderr.write('gen-readme-checks: README.md has no <!-- checks:begin --> … <!-- checks:end --> markers\n');
  process.exit(2);
}
if (process.argv.includes('--check')) {
  if (next !== cur) {
    process.stderr.write('gen-readme-checks: the README check table is stale; run npm run readme:checks\n');
    process.exit(1);
  }
  process.stdout.write('README check table is up to date\n');
} else if (next !== cur) {
  writeFileSync(file, next);
  process.stdout.write('README check table rewritten from the catalog\n');
} else {
  process.stdout.write('README check table already up to date\n');
}
