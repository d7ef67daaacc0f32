import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStorageClass, describeClass, pvcPhase, quantityBytes, resolveStorageClass, waitsForFirstConsumer, type PersistentVolumeClaim } from '../../src/model/pvc.js';
import * as b from '../fixtures/statefulset/build.js';

test('default StorageClass: GA and beta annotations; the newest wins when several are default', () => {
  const ga = b.makeStore([b.storageClass('standard', { isDefault: true }), b.storageClass('fast')]);
  assert.equal(defaultStorageClass(ga).sc?.metadata.name, 'standard');
  const beta = b.makeStore([b.storageClass('gp2', { isDefault: true, beta: true }), b.storageClass('fast')]);
  assert.equal(defaultStorageClass(beta).sc?.metadata.name, 'gp2');
  const two = b.makeStore([b.storageClass('old', { isDefault: true, createdAgo: 90 * b.DAY }), b.storageClass('new', { isDefault: true, createdAgo: b.DAY })]);
  assert.equal(defaultStorageClass(two).sc?.metadata.name, 'new');
  assert.equal(defaultStorageClass(two).candidates.length, 2);
  const none = b.makeStore([b.storageClass('fast')]);
  assert.equal(defaultStorageClass(none).sc, undefined);
  assert.equal(defaultStorageClass(none).known, true);
});

test('an annotation other than "true" does not make a default', () => {
  const sc = b.storageClass('standard', { isDefault: true });
  sc.metadata.annotations!['storageclass.kubernetes.io/is-default-class'] = 'false';
  assert.equal(defaultStorageClass(b.makeStore([sc])).sc, undefined);
});

test('resolveStorageClass: named, default, none, empty, and could-not-check', () => {
  const store = b.makeStore([b.storageClass('standard', { isDefault: true }), b.storageClass('fast', { binding: 'Immediate' })]);
  assert.deepEqual(
    (({ name, source, exists }) => ({ name, source, exists }))(resolveStorageClass(store, 'fast')),
    { name: 'fast', source: 'named', exists: true },
  );
  assert.equal(resolveStorageClass(store, 'nope').exists, false);
  assert.equal(resolveStorageClass(store, undefined).name, 'standard');
  assert.equal(resolveStorageClass(store, undefined).source, 'default');
  assert.equal(resolveStorageClass(store, null).source, 'default');
  assert.equal(resolveStorageClass(store, '').source, 'empty');
  assert.equal(describeClass(resolveStorageClass(store, undefined)), 'standard (default)');
  assert.equal(describeClass(resolveStorageClass(store, 'nope')), 'nope (not found)');

  const noDefault = b.makeStore([b.storageClass('fast')]);
  assert.equal(resolveStorageClass(noDefault, undefined).source, 'none');
  assert.equal(resolveStorageClass(noDefault, undefined).exists, false);
  assert.equal(describeClass(resolveStorageClass(noDefault, undefined)), '<unset> (no default)');

  const forbidden = b.makeStore([], { forbidden: ['StorageClass'] });
  assert.equal(resolveStorageClass(forbidden, 'fast').exists, undefined);
  assert.equal(resolveStorageClass(forbidden, undefined).exists, undefined);
  assert.equal(describeClass(resolveStorageClass(forbidden, undefined)), '<unset> (default unknown)');
});

test('WaitForFirstConsumer: Pending by design until the scheduler picks a node', () => {
  const store = b.makeStore([b.storageClass('standard', { isDefault: true, binding: 'WaitForFirstConsumer' }), b.storageClass('fast', { binding: 'Immediate' })]);
  const sts = b.statefulSet();
  const waiting = b.pvc(sts, 'www', 0, { phase: 'Pending', storageClassName: 'standard' }) as PersistentVolumeClaim;
  assert.equal(waitsForFirstConsumer(waiting, resolveStorageClass(store, 'standard')), true);
  const picked = b.pvc(sts, 'www', 0, { phase: 'Pending', storageClassName: 'standard', node: 'node-b' }) as PersistentVolumeClaim;
  assert.equal(waitsForFirstConsumer(picked, resolveStorageClass(store, 'standard')), false);
  const immediate = b.pvc(sts, 'www', 0, { phase: 'Pending', storageClassName: 'fast' }) as PersistentVolumeClaim;
  assert.equal(waitsForFirstConsumer(immediate, resolveStorageClass(store, 'fast')), false);
});

test('pvcPhase: a claim being deleted reads Terminating', () => {
  const sts = b.statefulSet();
  assert.equal(pvcPhase(b.pvc(sts, 'www', 0) as PersistentVolumeClaim), 'Bound');
  assert.equal(pvcPhase(b.pvc(sts, 'www', 0, { deleting: true }) as PersistentVolumeClaim), 'Terminating');
});

test('quantityBytes', () => {
  assert.equal(quantityBytes('1Gi'), 1024 ** 3);
  assert.equal(quantityBytes('500Mi'), 500 * 1024 ** 2);
  assert.equal(quantityBytes('10G'), 1e10);
  assert.equal(quantityBytes('1.5Ti'), 1.5 * 1024 ** 4);
  assert.equal(quantityBytes('abc'), undefined);
  assert.equal(quantityBytes(undefined), undefined);
});
