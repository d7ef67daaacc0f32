// The README documents every check id and every key binding, so it cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkIds } from '../../diagnostics/catalog.js';
import { BINDINGS } from '../../src/app/keymap.js';

const readme = readFileSync('README.md', 'utf8');

test('every check id is in the README catalog', () => {
  for (const id of checkIds()) assert.ok(readme.includes(`\`${id}\``), `README lacks ${id}`);
});

test('every key binding is in the README key table', () => {
  for (const b of BINDINGS) for (const k of b.keys) assert.ok(readme.includes(`\`${k}\``), `README lacks key ${k}`);
});

test('the quick start has the two commands', () => {
  assert.match(readme, /npm ci && node bin\/k8stui\.js --demo/);
  assert.match(readme, /^npm test/m);
});
