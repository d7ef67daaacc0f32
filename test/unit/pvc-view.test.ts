import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pvcsView } from '../../views/pvcs.js';
import type { ViewCtx } from '../../views/types.js';
import { layoutColumns } from '../../views/widgets/layout.js';
import { lineText } from '../../views/widgets/text.js';
import { runDiagnostics, findingsIndex } from '../../diagnostics/engine.js';
import * as b from '../fixtures/statefulset/build.js';
import type { K8sObject } from '../../src/model/types.js';

function ctxFor(objs: K8sObject[], width = 160): ViewCtx {
  const store = b.makeStore(objs);
  const report = runDiagnostics(store, { now: b.NOW, graceMs: 5 * b.MIN });
  return { store, now: b.NOW, width, noColor: true, diagnostics: report, findingsFor: findingsIndex(report).findingsFor };
}

function cells(ctx: ViewCtx): Record<string, string>[] {
  return pvcsView.rows(ctx).map((r) => Object.fromEntries(pvcsView.columns.map((c) => [c.id, c.value(r, ctx)])));
}

test(':pvc rows: phase, size, resolved class, StatefulSet ordinal, leftovers, users', () => {
  const ctx = ctxFor(b.scaledDown());
  const rows = cells(ctx);
  assert.deepEqual(
    rows.map((r) => [r.name, r.status, r.capacity, r.class, r.owner, r.usedby, r.access]),
    [
      ['www-web-0', 'Bound', '1Gi', 'standard', 'sts/web[0]', 'web-0', 'RWO'],
      ['www-web-1', 'Bound', '1Gi', 'standard', 'sts/web[1]', 'web-1', 'RWO'],
      ['www-web-2', 'Bound', '10Gi', 'standard', 'sts/web[2] leftover', '-', 'RWO'],
      ['www-web-3', 'Bound', '10Gi', 'standard', 'sts/web[3] leftover', '-', 'RWO'],
    ],
  );
});

test(':pvc class column: an unset class resolves to the default; a missing one is marked', () => {
  const objs = b.storageClassMissing({ className: null });
  assert.equal(cells(ctxFor(objs))[0]!.class, 'standard (default)');
  assert.equal(cells(ctxFor(b.storageClassMissing()))[0]!.class, 'fast (not found)');
});

test(':pvc at 80 columns keeps name, status, capacity; 160 shows owner and users', () => {
  const narrow = ctxFor(b.scaledDown(), 80);
  const ids80 = layoutColumns(pvcsView.columns, pvcsView.rows(narrow), narrow, 80).map((l) => l.col.id);
  for (const id of ['name', 'status', 'capacity']) assert.ok(ids80.includes(id), ids80.join(','));
  assert.ok(!ids80.includes('access'));
  const wide = ctxFor(b.scaledDown(), 160);
  const ids160 = layoutColumns(pvcsView.columns, pvcsView.rows(wide), wide, 160).map((l) => l.col.id);
  for (const id of ['class', 'owner', 'usedby']) assert.ok(ids160.includes(id), ids160.join(','));
});

test(':pvc detail: class, provisioner, owner ordinal, the StatefulSet finding about it, events', () => {
  const ctx = ctxFor(b.pvcProvisioningFailed());
  const p = pvcsView.rows(ctx).find((r) => r.metadata.name === 'data-web-0')!;
  const t = pvcsView.detail!(p, ctx).map(lineText);
  assert.ok(t.some((l) => /^StorageClass: +gp3-encrypted$/.test(l)));
  assert.ok(t.some((l) => /^ {2}provisioner: +ebs\.csi\.aws\.com {2}Immediate {2}reclaim Delete$/.test(l)));
  assert.ok(t.some((l) => /^StatefulSet: +web, template data, ordinal 0$/.test(l)));
  assert.ok(t.some((l) => /^Used by: +web-0 \(Pending \(Unschedulable\)\)$/.test(l)));
  assert.ok(t.some((l) => l.includes('statefulset/pvc-pending')));
  assert.ok(t.some((l) => l.includes('ProvisioningFailed')));
});
