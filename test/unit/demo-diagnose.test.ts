// Diagnostics on the bundled demo: every check of the catalog fires at least
// once, each exactly on the objects examples/demo-cluster/README.md says it is
// planted on, and nothing else (the healthy objects produce no finding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import type { ClusterStore } from '../../src/cluster/store.js';
import type { Pod } from '../../src/model/types.js';
import { catalog } from '../../diagnostics/catalog.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import type { ObjectRef } from '../../diagnostics/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(ROOT, 'examples/demo-cluster');
const NOW = Date.parse('2026-11-20T10:30:00Z');

/** What README.md plants, check by check ("Pod ns/owner-*" is a pod of that Deployment or Job). */
const PLANTED: Record<string, string[]> = {
  'access/partial': ['Resource secrets'],
  'cronjob/forbid-skipping': ['CronJob batch/warehouse-sync'],
  'cronjob/history-disabled': ['CronJob batch/heartbeat'],
  'cronjob/last-run-failed': ['CronJob batch/nightly-report'],
  'cronjob/missed-runs': ['CronJob batch/weekly-report'],
  'cronjob/replace-interrupting': ['CronJob batch/cache-warmer'],
  'cronjob/schedule-invalid': ['CronJob batch/legacy-sunday-cleanup'],
  'cronjob/schedule-timezone-prefix': ['CronJob batch/eu-digest'],
  'cronjob/suspended': ['CronJob batch/log-cleanup'],
  'cronjob/timezone-invalid': ['CronJob batch/apac-sync'],
  'cronjob/timezone-unset': ['CronJob batch/legacy-sunday-cleanup', 'CronJob batch/weekly-report'],
  'cronjob/too-many-missed': ['CronJob batch/metrics-rollup'],
  'ingress/backend-no-endpoints': ['Ingress shop/shop-backends'],
  'ingress/backend-port-missing': ['Ingress shop/shop-backends'],
  'ingress/backend-service-missing': ['Ingress shop/shop-backends'],
  'ingress/class-missing': ['Ingress shop/internal-tools'],
  'ingress/no-address': ['Ingress shop/beta', 'Ingress shop/internal-tools'],
  'ingress/path-conflict': ['Ingress shop/blog', 'Ingress shop/blog-v2'],
  'ingress/tls-cert-expired': ['Ingress shop/legacy-shop'],
  'ingress/tls-cert-expiring': ['Ingress shop/storefront'],
  'ingress/tls-host-not-covered': ['Ingress shop/api-gateway'],
  'ingress/tls-secret-missing': ['Ingress shop/admin'],
  'ingress/tls-secret-wrong-type': ['Ingress shop/partners'],
  'job/failed': ['Job batch/import-catalog', 'Job batch/nightly-report-29918895'],
  'job/no-ttl': ['Job batch/db-migrate-v42'],
  'job/restart-policy-always': ['Job batch/legacy-worker'],
  'job/stuck-pending': ['Job batch/ml-training'],
  'pod/crash-loop': ['Pod shop/orders-*'],
  'pod/image-pull-failing': ['Pod shop/search-*'],
  'pod/liveness-failing': ['Pod shop/inventory-*'],
  'pod/probe-port-unresolved': ['Pod shop/notifications-*'],
  'pod/readiness-failing': ['Pod shop/cart-*', 'Pod shop/kafka-1', 'Pod shop/notifications-*', 'Pod shop/queue-2'],
  'pod/scheduler-error': ['Pod shop/clickhouse-0'],
  'pod/unschedulable': ['Pod batch/ml-training-*', 'Pod shop/es-0'],
  'service/external-traffic-local-imbalance': ['Service shop/checkout'],
  'service/lb-annotations-ignored': ['Service shop/legacy-api'],
  'service/loadbalancer-pending': ['Service shop/api-service', 'Service shop/my-web-service'],
  'service/loadbalancer-sync-failed': ['Service shop/api-service'],
  'service/no-endpoints-selectorless': ['Service shop/legacy-cache'],
  'service/no-matching-pods': ['Service shop/zk-hs'],
  'service/no-ready-endpoints': ['Service shop/clickhouse', 'Service shop/es-hs', 'Service shop/orders'],
  'service/some-endpoints-not-ready': ['Service shop/cart', 'Service shop/kafka-hs', 'Service shop/queue', 'Service shop/search'],
  'service/target-port-unresolved': ['Service shop/web-admin'],
  'statefulset/no-governing-service': ['StatefulSet default/minio'],
  'statefulset/ondelete-pending': ['StatefulSet shop/zk'],
  'statefulset/ordinal-blocked': ['StatefulSet shop/es', 'StatefulSet shop/kafka'],
  'statefulset/orphaned-pvc': ['StatefulSet default/web'],
  'statefulset/probes-missing': ['StatefulSet default/minio', 'StatefulSet shop/ledger'],
  'statefulset/pvc-pending': ['StatefulSet shop/clickhouse', 'StatefulSet shop/es'],
  'statefulset/rollout-stuck': ['StatefulSet shop/queue'],
  'statefulset/service-missing': ['StatefulSet shop/db'],
  'statefulset/service-not-headless': ['StatefulSet shop/ledger'],
  'statefulset/service-selector-mismatch': ['StatefulSet shop/zk'],
  'statefulset/storageclass-missing': ['StatefulSet shop/es'],
  'statefulset/update-held-by-partition': ['StatefulSet shop/cache'],
};

/** "Kind ns/name"; a pod of a ReplicaSet or Job is named after its Deployment or Job: "Pod ns/web-*". */
function label(store: ClusterStore, o: ObjectRef): string {
  const where = o.namespace ? `${o.namespace}/` : '';
  if (o.kind === 'Pod') {
    const pod = store.get<Pod>('Pod', o.namespace, o.name);
    const owner = pod?.metadata.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'ReplicaSet') {
      const rs = store.get('ReplicaSet', o.namespace, owner.name);
      const dep = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      if (dep) return `Pod ${where}${dep.name}-*`;
    }
    if (owner?.kind === 'Job') return `Pod ${where}${owner.name}-*`;
  }
  return `${o.kind} ${where}${o.name}`;
}

test('diagnose on the demo: every check fires, on exactly the objects planted for it, and healthy objects yield nothing', async () => {
  const { store } = await openSnapshot(DEMO, 'demo');
  const report = runDiagnostics(store, { now: NOW });
  assert.deepEqual(report.errors, []);
  const got: Record<string, string[]> = {};
  for (const f of report.findings) (got[f.check] ??= []).push(label(store, f.object));
  for (const k of Object.keys(got)) got[k] = [...new Set(got[k])].sort();
  assert.deepEqual(got, PLANTED);
  assert.deepEqual(catalog().map((c) => c.id).filter((id) => !got[id]), [], 'every catalog check fires on the demo');
});

test('the Deployments that are healthy, and their old ReplicaSets, produce no finding', async () => {
  const { store } = await openSnapshot(DEMO, 'demo');
  const report = runDiagnostics(store, { now: NOW });
  const oldRs = store.list('ReplicaSet').filter((r) => r.spec.replicas === 0);
  assert.ok(oldRs.length >= 10, `${oldRs.length} old ReplicaSets`);
  const flagged = new Set(report.findings.map((f) => label(store, f.object)));
  for (const d of ['api', 'static', 'checkout', 'web-frontend']) assert.ok(!flagged.has(`Pod shop/${d}-*`), `shop/${d}: healthy`);
  assert.ok(!report.findings.some((f) => f.object.kind === 'ReplicaSet' || f.object.kind === 'Deployment'));
});
