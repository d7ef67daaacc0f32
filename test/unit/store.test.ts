import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterStore } from '../../src/cluster/store.js';

const pod = (ns: string, name: string, rv = '1') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns, name, uid: `${ns}-${name}`, resourceVersion: rv }, spec: { containers: [] } });

test('list is sorted by namespace then name and filters by namespace', () => {
  const s = new ClusterStore({ source: 'live' });
  s.upsert('Pod', pod('b', 'x'));
  s.upsert('Pod', pod('a', 'z'));
  s.upsert('Pod', pod('a', 'y'));
  assert.deepEqual(s.list('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['a/y', 'a/z', 'b/x']);
  assert.deepEqual(s.list('Pod', 'a').map((p) => p.metadata.name), ['y', 'z']);
  assert.equal(s.get('Pod', 'b', 'x')?.metadata.uid, 'b-x');
});

test('upsert replaces, remove deletes, replace drops what the new list lacks', () => {
  const s = new ClusterStore({ source: 'live' });
  s.upsert('Pod', pod('a', 'x', '1'));
  s.upsert('Pod', pod('a', 'x', '2'));
  assert.equal(s.count('Pod'), 1);
  assert.equal(s.get('Pod', 'a', 'x')?.metadata.resourceVersion, '2');
  s.upsert('Pod', pod('a', 'gone'));
  s.upsert('Pod', pod('b', 'other'));
  s.replace('Pod', [pod('a', 'x', '3'), pod('a', 'new')], 'a');
  assert.deepEqual(s.list('Pod').map((p) => p.metadata.name), ['new', 'x', 'other']);
  s.remove('Pod', pod('a', 'x'));
  assert.equal(s.get('Pod', 'a', 'x'), undefined);
});

test('cached lists are invalidated by writes and memo follows the version', () => {
  const s = new ClusterStore({ source: 'live' });
  s.upsert('Pod', pod('a', 'x'));
  const first = s.list('Pod');
  assert.equal(s.list('Pod'), first, 'same array while nothing changed');
  let computed = 0;
  const count = () => s.memo('n', () => (computed++, s.count('Pod')));
  assert.equal(count(), 1);
  assert.equal(count(), 1);
  assert.equal(computed, 1);
  s.upsert('Pod', pod('a', 'y'));
  assert.notEqual(s.list('Pod'), first);
  assert.equal(count(), 2);
  assert.equal(computed, 2);
});

test('complete() trusts absence only for fully read kinds', () => {
  const s = new ClusterStore({ source: 'live' });
  assert.equal(s.complete('Service', 'shop'), false, 'pending is not complete');
  s.setStatus('Service', { state: 'forbidden', message: 'services is forbidden' });
  assert.equal(s.complete('Service', 'shop'), false);
  s.setStatus('Service', { state: 'partial', namespaces: ['shop'], message: 'cluster scope forbidden' });
  assert.equal(s.complete('Service', 'shop'), true);
  assert.equal(s.complete('Service', 'other'), false);
  assert.equal(s.complete('Service'), false);
  s.setStatus('Service', { state: 'absent' });
  assert.equal(s.complete('Service', 'shop'), false);
  s.setStatus('Service', { state: 'ready' });
  assert.equal(s.complete('Service', 'shop'), true);
});

test('batch sends one notification for many writes', () => {
  const s = new ClusterStore({ source: 'live' });
  let n = 0;
  s.subscribe(() => n++);
  s.batch(() => {
    for (let i = 0; i < 100; i++) s.upsert('Pod', pod('a', `p${i}`));
  });
  assert.equal(n, 1);
  assert.equal(s.count('Pod'), 100);
});

test('objects are sanitized on the way in', () => {
  const s = new ClusterStore({ source: 'live' });
  s.upsert('Pod', { ...pod('a', 'x'), metadata: { ...pod('a', 'x').metadata, annotations: { t: '\x1b]0;owned\x07ok' } } });
  assert.equal(s.get('Pod', 'a', 'x')?.metadata.annotations?.t, 'ok');
});
