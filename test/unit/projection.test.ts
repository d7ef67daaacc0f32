// The compact store (src/cluster/projection.ts) keeps, per kind, only what the
// views, models and checks read. These tests hold it to that: every path read
// anywhere (recorded through Proxies over whole objects) must be kept, and
// everything shown or found must be the same with whole and compact objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySnapshot, loadSnapshot } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import { KINDS, type KindName } from '../../src/cluster/kinds.js';
import { Interner, keeps, projectObject } from '../../src/cluster/projection.js';
import { evaluationTime } from '../../src/model/time.js';
import type { K8sObject, Pod } from '../../src/model/types.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { allViews } from '../../views/registry.js';
import { objectEventLines } from '../../views/common.js';
import type { ViewCtx } from '../../views/types.js';
import { exerciseAll, recordStore, type Reads } from '../helpers/access-recorder.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SNAPSHOTS = ['examples/demo-cluster', 'examples/captured-cluster'].map((p) => path.join(ROOT, p));

async function open(p: string, compact: boolean): Promise<{ store: ClusterStore; now: number }> {
  const store = new ClusterStore({ source: 'snapshot', path: p }, { compact });
  applySnapshot(store, await loadSnapshot(p));
  return { store, now: evaluationTime({ capturedAt: store.info.capturedAt }) };
}

test('every field a view, model or check reads is kept by its kind\'s projection', async () => {
  const reads: Reads = new Map();
  for (const p of SNAPSHOTS) {
    const { store, now } = await open(p, false);
    recordStore(store, reads);
    exerciseAll(store, now);
  }
  const dropped: string[] = [];
  let paths = 0;
  for (const [kind, set] of reads) {
    for (const p of set) {
      paths++;
      if (!keeps(kind as KindName, p)) dropped.push(`${kind}: ${p}`);
    }
  }
  assert.ok(paths > 300, `the recorder saw the reads (${paths} paths)`);
  assert.ok(reads.get('Pod')?.has('status.containerStatuses[].restartCount'), 'pod columns were read');
  assert.deepEqual(dropped, [], `read but dropped by src/cluster/projection.ts (add them to the kind's shape, with who reads them):\n  ${dropped.join('\n  ')}`);
});

test('the recorder catches a read of a dropped field (so the test above can fail)', () => {
  assert.equal(keeps('Pod', 'spec.containers[].env'), false);
  assert.equal(keeps('ControllerRevision', 'data'), false);
  assert.equal(keeps('Secret', 'data.tls.key'), false);
  assert.equal(keeps('Pod', 'metadata.managedFields'), false);
  assert.equal(keeps('Pod', 'spec.*'), true, 'enumerating a shaped object ({ ...o }) sees the kept fields; each value read is checked on its own');
  assert.equal(keeps('Pod', 'spec.*.x'), false);
  assert.equal(keeps('Pod', 'metadata.labels.*'), true);
  assert.equal(keeps('Pod', 'spec.containers[].readinessProbe.httpGet.port'), true);
  assert.equal(keeps('Service', 'spec.selector.app'), true);
});

/** Everything the dashboard shows from a store: every view's rows (column values, tones), details and events. */
function shown(store: ClusterStore, now: number): unknown[] {
  const out: unknown[] = [];
  const report = runDiagnostics(store, { now });
  const ctx: ViewCtx = { store, now, width: 160, noColor: false, diagnostics: report, findingsFor: () => [] };
  for (const v of allViews()) {
    for (const r of v.rows(ctx)) {
      out.push(v.id, v.key(r), v.columns.map((c) => [c.value(r, ctx), c.tone?.(r, ctx), c.sortValue?.(r, ctx)]));
      out.push(v.detail?.(r, ctx));
      const o = v.object?.(r, ctx);
      if (o) out.push(objectEventLines(ctx, o));
    }
  }
  return out;
}

for (const p of SNAPSHOTS) {
  test(`${path.basename(p)}: the same rows, details, events and diagnostics with compact objects as with whole ones`, async () => {
    const whole = await open(p, false);
    const compact = await open(p, true);
    for (const k of KINDS) assert.equal(compact.store.count(k.kind), whole.store.count(k.kind), k.kind);
    const a = runDiagnostics(whole.store, { now: whole.now });
    const b = runDiagnostics(compact.store, { now: compact.now });
    assert.ok(a.findings.length > 0);
    assert.deepEqual(b, a);
    assert.deepEqual(shown(compact.store, compact.now), shown(whole.store, whole.now));
  });
}

test('compact objects: no managedFields, no last-applied, no Secret key material, far smaller', async () => {
  const { store } = await open(SNAPSHOTS[0]!, true);
  const whole = await open(SNAPSHOTS[0]!, false);
  let a = 0;
  let b = 0;
  for (const k of KINDS) {
    for (const o of store.list(k.kind)) {
      b += JSON.stringify(o).length;
      assert.equal(o.metadata.managedFields, undefined);
      assert.equal(o.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
    }
    for (const o of whole.store.list(k.kind)) a += JSON.stringify(o).length;
  }
  assert.ok(b < a * 0.75, `compact ${b} bytes of JSON vs whole ${a}`);
  const secret = projectObject('Secret', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'tls', namespace: 'shop' },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5', 'ca.crt': 'Y2E=' },
  });
  assert.deepEqual(secret.data, { 'tls.crt': 'Y3J0' });
});

test('replicas share one frozen copy of their containers; text is sanitized; strings are interned', () => {
  const it = new Interner();
  const pod = (name: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: 'web\x1b[31m' }, managedFields: [{ manager: 'kubectl' }] } as Pod['metadata'],
    spec: { nodeName: 'node-a', containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }], env: [{ name: 'SECRET', value: 'x' }] }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-20T10:00:00Z' } } }] },
  });
  const a = projectObject('Pod', pod('web-0'), it);
  const b = projectObject('Pod', pod('web-1'), it);
  assert.equal(a.spec.containers, b.spec.containers, 'one shared containers array');
  assert.ok(Object.isFrozen(a.spec.containers) && Object.isFrozen(a.spec.containers[0]));
  assert.equal(a.spec.containers[0].env, undefined, 'env is not read: dropped');
  assert.equal(a.metadata.labels!.app, 'web', 'escape sequences removed');
  assert.equal(a.metadata.managedFields, undefined);
  assert.deepEqual(a.status, pod('x').status);
  assert.ok(it.size > 0);
});

test('an object of every kind survives projection with its identity (kind, name, namespace)', () => {
  for (const k of KINDS) {
    const o: K8sObject = { metadata: { name: 'x', namespace: k.namespaced ? 'ns' : undefined } };
    const p = projectObject(k.kind, o);
    assert.equal(p.kind, k.kind);
    assert.equal(p.metadata.name, 'x');
    assert.equal(p.metadata.namespace, k.namespaced ? 'ns' : undefined);
  }
});
