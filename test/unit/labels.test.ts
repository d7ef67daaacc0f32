// Near misses of a map selector (issues 9 and 11): one ranking for the Service
// and StatefulSet checks, by overlap of key AND value, then by how alike the
// differing values are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelDiffs, nameList, nearMissText, rankNearMisses, valueSimilarity } from '../../src/model/labels.js';

interface P {
  name: string;
  labels: Record<string, string>;
}
const p = (name: string, labels: Record<string, string>): P => ({ name, labels });
const rank = (sel: Record<string, string>, ps: P[]) => rankNearMisses(sel, ps, (x) => x.labels, (x) => x.name);

test('ranked by selector labels matched on key and value; pods differing the same way are grouped', () => {
  const pods = [
    p('api-0', { app: 'api', component: 'server', release: 'prod' }),
    p('zk-2', { app: 'zk', component: 'server', release: 'prod' }),
    p('zk-0', { app: 'zk', component: 'server', release: 'prod' }),
    p('zk-1', { app: 'zk', component: 'server', release: 'prod' }),
    p('cache-0', { app: 'cache', component: 'cache' }),
  ];
  const r = rank({ app: 'zk', component: 'zk', release: 'prod' }, pods);
  assert.deepEqual(
    r.map((m) => [m.items.map((x) => x.name), m.matched]),
    [
      [['zk-0', 'zk-1', 'zk-2'], 2],
      [['api-0'], 1],
    ],
  );
  assert.equal(nearMissText(r[0]!, (x) => x.name), 'pods zk-0..2 match 2 of 3 selector labels; they have component=server, the selector wants component=zk');
  assert.equal(nearMissText(r[1]!, (x) => x.name), 'pod api-0 matches 1 of 3 selector labels; it has app=api, the selector wants app=zk; it has component=server, the selector wants component=zk');
  // cache-0 shares keys but not one key=value pair, and its values are not alike: not a near miss.
  assert.ok(!r.some((m) => m.items.some((x) => x.name === 'cache-0')));
});

test('with no exact pair, only alike values count: typos and abbreviations, not words that merely share the key', () => {
  const pods = [p('frontend-a', { app: 'frontend' }), p('api-a', { app: 'api' }), p('zk-0', { app: 'zk' }), p('cache-0', { app: 'cache' })];
  assert.deepEqual(rank({ app: 'frontned' }, pods).map((m) => m.items[0]!.name), ['frontend-a']);
  assert.deepEqual(rank({ app: 'zookeeper' }, pods).map((m) => m.items[0]!.name), ['zk-0']);
  assert.deepEqual(rank({ app: 'payments' }, pods), []);
  assert.ok(valueSimilarity('frontend', 'frontned') >= 0.6);
  assert.ok(valueSimilarity('zk', 'zookeeper') >= 0.6);
  assert.ok(valueSimilarity('api', 'zookeeper') < 0.6);
  assert.ok(valueSimilarity('my_app', 'my-app') > 0.9);
});

test('a missing key ranks below a present key with another value; selected pods are never near misses', () => {
  const pods = [p('a', { app: 'web' }), p('b', { app: 'web', tier: 'backend' }), p('c', { app: 'web', tier: 'frontend' })];
  const r = rank({ app: 'web', tier: 'frontend' }, pods);
  assert.deepEqual(r.map((m) => m.items[0]!.name), ['b', 'a']);
  assert.deepEqual(labelDiffs({ app: 'web', tier: 'frontend' }, pods[0]!.labels), [{ key: 'tier', want: 'frontend' }]);
});

test('names: consecutive ordinals fold, others are listed then counted', () => {
  assert.equal(nameList(['zk-2', 'zk-0', 'zk-1']), 'zk-0..2');
  assert.equal(nameList(['web-0', 'web-2']), 'web-0, web-2');
  assert.equal(nameList(['a-x', 'b-y', 'c-z', 'd-w', 'e-v']), 'a-x, b-y, c-z and 2 more');
});
