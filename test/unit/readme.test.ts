// The README documents every check id and every key binding, so it cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { catalogMarkdown, checkIds, readmeWithCatalog } from '../../diagnostics/catalog.js';
import { OUTPUTS } from '../../src/commands/diagnose.js';
import { BINDINGS } from '../../src/app/keymap.js';

const readme = readFileSync('README.md', 'utf8');

test('every check id is in the README catalog', () => {
  for (const id of checkIds()) assert.ok(readme.includes(`\`${id}\``), `README lacks ${id}`);
});

test('the check table is the catalog, generated (npm run readme:checks rewrites it)', () => {
  const fresh = readmeWithCatalog(readme);
  assert.ok(fresh !== undefined, 'the README has the checks:begin/checks:end markers');
  assert.ok(fresh === readme, 'the README check table is stale: run npm run readme:checks');
  assert.ok(readme.includes(catalogMarkdown()));
  // A change to a row shows: the generator is not a no-op.
  const edited = readme.replace('| `pod/crash-loop` | error |', '| `pod/crash-loop` | warning |');
  assert.notEqual(edited, readme);
  assert.equal(readmeWithCatalog(edited), readme);
});

test('the README documents every output format, the exit codes and the flags that change them', () => {
  for (const o of OUTPUTS) assert.ok(readme.includes(`**${o}**`), `format ${o}`);
  assert.match(readme, /-o text\|json\|yaml\|sarif\|junit/);
  for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 3 |']) assert.ok(readme.includes(code), `exit code ${code}`);
  for (const flag of ['--exit-zero', '--allow-partial', '--fail-on']) assert.ok(readme.includes(`\`${flag}\``), flag);
  assert.match(readme, /Partial \*access\* is not partial input/);
  for (const k of ['"rootCause"', '"causedBy"', '"rootCauses"', '"loadErrors"', '"nowSource"']) assert.ok(readme.includes(k), k);
});

test('every key binding is in the README key table', () => {
  for (const b of BINDINGS) for (const k of b.keys) assert.ok(readme.includes(`\`${k}\``), `README lacks key ${k}`);
});

test('the quick start has the two commands', () => {
  assert.match(readme, /npm ci && node bin\/k8stui\.js --demo/);
  assert.match(readme, /^npm test/m);
});
