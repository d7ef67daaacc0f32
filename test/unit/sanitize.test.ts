import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeDeep, sanitizeLine, sanitizeText } from '../../src/model/sanitize.js';
import { ingestObject } from '../../src/cluster/ingest.js';

test('escape sequences that move the cursor, clear the screen or set the title are removed', () => {
  assert.equal(sanitizeText('a\x1b[2Jb'), 'ab');
  assert.equal(sanitizeText('\x1b]0;pwned\x07title'), 'title');
  assert.equal(sanitizeText('\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\'), 'link');
  assert.equal(sanitizeText('x\x1b[31;1mred\x1b[0m'), 'xred');
  assert.equal(sanitizeText('\x9b2Jc1'), 'c1');
  assert.equal(sanitizeText('bell\x07 and nul\x00'), 'bell and nul');
  assert.equal(sanitizeText('\x1bPq#0;2;0;0;0\x1b\\after'), 'after');
});

test('bidi overrides are removed; ordinary unicode, tabs and newlines stay', () => {
  assert.equal(sanitizeText('abc\u202edef'), 'abcdef');
  assert.equal(sanitizeText('数据库 ✓\tok\nnext'), '数据库 ✓\tok\nnext');
  assert.equal(sanitizeLine('two\nlines\tand tab'), 'two lines and tab');
});

test('sanitizeDeep cleans keys and nested values', () => {
  const o = sanitizeDeep({ metadata: { annotations: { 'a\x1b[1mb': 'v\x1b]2;t\x07' } }, list: ['\x1b[Hx'] });
  assert.deepEqual(o, { metadata: { annotations: { ab: 'v' } }, list: ['x'] });
});

test('ingest drops managedFields, last-applied, and every Secret field but tls.crt', () => {
  const pod = ingestObject({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      managedFields: [{ manager: 'kubectl' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
    },
  });
  assert.equal('managedFields' in pod.metadata, false);
  assert.deepEqual(pod.metadata.annotations, { keep: 'me' });
  const secret = ingestObject({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 's', namespace: 'shop' },
    data: { 'tls.crt': 'Q1JU', 'tls.key': 'S0VZ', 'ca.crt': 'Q0E=' },
    stringData: { password: 'x' },
  });
  assert.deepEqual(secret.data, { 'tls.crt': 'Q1JU' });
  assert.equal(JSON.stringify(secret).includes('S0VZ'), false);
  assert.equal(JSON.stringify(secret).includes('password'), false);
});
