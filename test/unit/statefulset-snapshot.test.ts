import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeStatefulSets } from '../../src/model/statefulset.js';
import { evaluationTime } from '../../src/model/time.js';
import { run } from '../../diagnostics/statefulset.js';
import * as b from '../fixtures/statefulset/build.js';

// The mid-rollout fixture as a captured snapshot (kubectl-style YAML with a
// SnapshotInfo), read through the real snapshot loader and ingest.
test('snapshot: a captured mid-rollout StatefulSet reads the same as the built one', () => {
  const store = b.loadYaml('rollout-partition.yaml');
  assert.equal(store.info.capturedAt, '2025-03-10T12:00:00Z');
  assert.equal(store.status('PersistentVolume').state, 'forbidden');
  assert.equal(store.count('EndpointSlice'), 1);
  const now = evaluationTime({ capturedAt: store.info.capturedAt });
  assert.equal(now, b.NOW);
  const [a] = analyzeStatefulSets(store, 'shop', now);
  assert.ok(a);
  assert.deepEqual(a.inRange.map((r) => [r.podName, r.mark, r.revisionRole]), [
    ['web-0', 'ready', 'current'],
    ['web-1', 'running', 'update'],
    ['web-2', 'ready', 'update'],
  ]);
  assert.equal(a.update.partition, 1);
  assert.equal(a.update.currentRevisionNumber, 1);
  assert.equal(a.update.updateRevisionNumber, 2);
  assert.equal(a.wait.text, 'rolling update: waiting for web-1 (on web-6f7c…) to become Ready; partition 1 then holds web-0 on web-5d9b…');
  const skipped: string[] = [];
  const findings = run({ store, now, graceMs: 5 * b.MIN, namespace: 'shop', skipped: (c) => void skipped.push(c) });
  assert.deepEqual(findings.map((f) => [f.check, f.severity]), [
    ['statefulset/rollout-stuck', 'warning'],
    ['statefulset/update-held-by-partition', 'info'],
  ]);
  // PersistentVolumes being forbidden does not matter here: no claim needs them.
  assert.deepEqual(skipped, []);
});
