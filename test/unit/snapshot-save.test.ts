import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveSnapshot, snapshotSaveCommand } from '../../src/commands/snapshot-save.js';
import { loadSnapshot, applySnapshot, SNAPSHOT_API_VERSION } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import { SourceError } from '../../src/cluster/kubeconfig.js';
import { KINDS } from '../../src/cluster/kinds.js';
import {
  FakeApiServer,
  FAKE_TLS_KEY,
  writeKubeconfig,
  namespaceObj,
  nodeObj,
  podObj,
  eventObj,
  tlsSecretObj,
  opaqueSecretObj,
  statefulSetObj,
  headlessServiceObj,
  endpointSliceObj,
} from '../helpers/fake-apiserver.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'k8stui-save-'));
const servers: FakeApiServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});
const NOW = new Date('2026-11-25T10:00:00.000Z');
const FAST = { pageSize: 2, attempts: 2, backoffBaseMs: 1, backoffCapMs: 5, probeTimeoutMs: 1000, requestTimeoutMs: 2000, now: () => NOW };
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUZ3k\n-----END CERTIFICATE-----\n';

async function cluster(): Promise<FakeApiServer> {
  const s = await new FakeApiServer().start();
  servers.push(s);
  s.add('Namespace', namespaceObj('shop'), namespaceObj('kube-system'), namespaceObj('default'));
  s.add('Node', nodeObj('node-1'));
  const [sts] = s.add('StatefulSet', statefulSetObj('shop', 'web', 3));
  s.add('Pod', ...[0, 1, 2].map((i) => podObj('shop', `web-${i}`, { stsUid: sts.metadata.uid })));
  s.add('Pod', podObj('kube-system', 'coredns-0'));
  s.add('Service', headlessServiceObj('shop', 'nginx'));
  s.add('EndpointSlice', endpointSliceObj('shop', 'nginx', ['web-0', 'web-1', 'web-2']));
  s.add('Event', eventObj('shop', 'web-2', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'));
  s.add('Secret', tlsSecretObj('shop', 'shop-tls', CERT), opaqueSecretObj('shop', 'db-password'));
  return s;
}

test('saves every kind into one multi-document file that loadSnapshot reads back, SnapshotInfo first', async () => {
  const s = await cluster();
  s.forbid('nodes');
  s.forbid('pods', { allowNamespaces: ['shop'] });
  const dir = tmp();
  const kc = writeKubeconfig(dir, { server: s.url, context: 'kind-dev', namespace: 'shop' });
  const out = path.join(dir, 'capture.yaml');
  const summary = await saveSnapshot({ kubeconfig: kc, allNamespaces: true, ...FAST }, out);

  const text = readFileSync(out, 'utf8');
  const res = await loadSnapshot(out);
  assert.deepEqual(res.errors, []);
  const info = res.info!;
  assert.equal(info.apiVersion, SNAPSHOT_API_VERSION);
  assert.equal(info.kind, 'SnapshotInfo');
  assert.equal(info.context, 'kind-dev');
  assert.equal(info.cluster, 'kind-dev');
  assert.equal(info.server, s.url);
  assert.equal(info.serverVersion, 'v1.31.4');
  assert.equal(info.user, 'kind-dev');
  assert.equal(info.namespace, undefined, 'all namespaces');
  assert.deepEqual(info.namespaces, ['default', 'kube-system', 'shop']);
  assert.equal(info.capturedAt, '2026-11-25T10:00:00.000Z');
  assert.match(info.tool!, /^k8stui \d+\.\d+\.\d+/);
  assert.deepEqual(info.forbidden, ['Node']);
  assert.deepEqual(info.kinds!.Node, { state: 'forbidden', count: 0, message: 'nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope' });
  assert.equal(info.kinds!.Pod!.state, 'partial');
  assert.deepEqual(info.kinds!.Pod!.namespaces, ['shop']);
  assert.equal(info.kinds!.Pod!.count, 3);
  assert.deepEqual(info.kinds!.StatefulSet, { state: 'ready', count: 1 });
  assert.deepEqual(info.kinds!.CronJob, { state: 'ready', count: 0 });
  assert.equal(Object.keys(info.kinds!).length, KINDS.length);

  // The first document is the SnapshotInfo; objects are single-line JSON with apiVersion and kind first.
  const docs = text.split(/^---$/m);
  assert.match(docs[0]!, /^# k8stui snapshot/);
  assert.match(docs[0]!, /^apiVersion: k8stui\.dev\/v1$/m);
  const objectLines = docs.slice(1).map((d) => d.trim());
  assert.equal(objectLines.length, 3 + 3 + 1 + 1 + 1 + 1 + 1, 'namespaces, pods, sts, svc, slice, event, tls secret');
  for (const l of objectLines) {
    assert.ok(!l.includes('\n'));
    assert.match(l, /^\{"apiVersion":"[^"]+","kind":"[A-Za-z]+","metadata":/);
  }
  assert.deepEqual(
    res.objects.get('Pod')!.map((p) => p.metadata.name),
    ['web-0', 'web-1', 'web-2'],
  );
  assert.equal(res.objects.get('EndpointSlice')![0]!.apiVersion, 'discovery.k8s.io/v1');

  // Never any secret material other than tls.crt; no noise.
  assert.ok(!text.includes('tls.key'));
  assert.ok(!text.includes(FAKE_TLS_KEY));
  assert.ok(!text.includes('ca.crt'));
  assert.ok(!text.includes('db-password'), 'non-TLS secrets are not even listed');
  assert.ok(!text.includes(Buffer.from('hunter2-do-not-leak').toString('base64')));
  assert.ok(!text.includes('managedFields'));
  assert.ok(!text.includes('last-applied-configuration'));
  const secret = res.objects.get('Secret')![0]!;
  assert.deepEqual(secret.data, { 'tls.crt': Buffer.from(CERT).toString('base64') });
  assert.equal(secret.type, 'kubernetes.io/tls');

  // Into a store: statuses follow the SnapshotInfo (forbidden is not "0 items").
  const store = new ClusterStore({ source: 'snapshot' });
  applySnapshot(store, res);
  assert.equal(store.status('Node').state, 'forbidden');
  assert.equal(store.complete('Pod', 'shop'), true);
  assert.equal(store.complete('Pod', 'kube-system'), false);
  assert.equal(store.status('CronJob').state, 'ready', 'listed and empty: absence can be trusted');
  assert.equal(store.info.capturedAt, '2026-11-25T10:00:00.000Z');
  assert.equal(store.info.context, 'kind-dev');

  assert.equal(summary.objects, objectLines.length);
  assert.equal(summary.line, `saved ${objectLines.length} objects from context "kind-dev" (${KINDS.length - 1} of ${KINDS.length} kinds readable) to ${out}; forbidden: Node; partial: Pod`);
  assert.equal(`${summary}`, summary.line);
  assert.deepEqual(readdirSync(dir).sort(), ['capture.yaml', 'config'], 'no temporary file left behind');
});

test('-n limits the capture to one namespace (cluster-scoped kinds still whole)', async () => {
  const s = await cluster();
  const dir = tmp();
  const kc = writeKubeconfig(dir, { server: s.url, namespace: 'default' });
  const out = path.join(dir, 'shop.yaml');
  await saveSnapshot({ kubeconfig: kc, namespace: 'shop', ...FAST }, out);
  const res = await loadSnapshot(out);
  assert.equal(res.info!.namespace, 'shop');
  assert.deepEqual(res.info!.namespaces, ['shop']);
  assert.deepEqual(
    res.objects.get('Pod')!.map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
    ['shop/web-0', 'shop/web-1', 'shop/web-2'],
  );
  assert.equal(res.objects.get('Node')!.length, 1);
  assert.ok(s.requestsFor('pods', 'list').every((r) => r.path === '/api/v1/namespaces/shop/pods'));
});

test('a kind that keeps failing is recorded as an error, the rest is saved; the command prints one line and exits 3 (0 with --allow-partial)', async () => {
  const s = await cluster();
  s.fail('cronjobs', Infinity, 500);
  s.notServed.add('networking.k8s.io/v1');
  const dir = tmp();
  const kc = writeKubeconfig(dir, { server: s.url });
  const out = path.join(dir, 'snap.yaml');
  const lines: string[] = [];
  const code = await snapshotSaveCommand(out, { kubeconfig: kc, allNamespaces: true, ...FAST }, (l) => lines.push(l));
  assert.equal(code, 3, 'CronJobs failed after the retries: the capture is incomplete');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /not read: CronJob, Ingress, IngressClass$/);
  const res = await loadSnapshot(out);
  assert.deepEqual(res.info!.kinds!.CronJob, { state: 'error', count: 0, message: '500 InternalError: Internal error occurred: etcdserver: request timed out' });
  assert.deepEqual(res.info!.kinds!.Ingress, { state: 'error', count: 0, message: 'networking.k8s.io/v1 ingresses not served by this server' });
  assert.equal(s.requestsFor('cronjobs', 'list').length, 2, 'retried, then gave up');
  assert.equal(res.objects.get('Pod')!.length, 4);
  assert.equal(await snapshotSaveCommand(out, { kubeconfig: kc, allNamespaces: true, allowPartial: true, ...FAST }, () => undefined), 0, '--allow-partial');
  // A kind the server does not serve (404) is not lost input: nothing was there to lose.
  const s2 = await cluster();
  s2.notServed.add('networking.k8s.io/v1');
  const kc2 = writeKubeconfig(dir, { server: s2.url }, 'config2');
  assert.equal(await snapshotSaveCommand(out, { kubeconfig: kc2, allNamespaces: true, ...FAST }, () => undefined), 0);
});

test('issue 8: an object the server returned that cannot be saved is named on stderr and in SnapshotInfo.notSaved, exit 3; loading the snapshot reports it', async () => {
  const s = await cluster();
  // What a broken aggregated API or proxy can return: an item with generateName but no name.
  s.add('Pod', { metadata: { namespace: 'shop', generateName: 'web-' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
  const dir = tmp();
  const kc = writeKubeconfig(dir, { server: s.url });
  const out = path.join(dir, 'snap.yaml');
  const lines: string[] = [];
  const code = await snapshotSaveCommand(out, { kubeconfig: kc, allNamespaces: true, ...FAST }, (l) => lines.push(l));
  assert.equal(code, 3);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^k8stui snapshot save: warning: not saved: Pod shop \(item \d of the list\): no metadata\.name$/);
  assert.match(lines[1]!, /; 1 object not saved \(see the warnings\)$/);
  const res = await loadSnapshot(out);
  assert.deepEqual(res.info!.notSaved!.map((n) => [n.kind, n.namespace, n.name, n.message]), [['Pod', 'shop', undefined, 'no metadata.name']]);
  assert.equal(res.objects.get('Pod')!.length, 4, 'the readable pods are saved');
  assert.equal(res.info!.kinds!.Pod!.count, 4, 'the count is of saved objects');
  // Whoever opens the snapshot later sees what the capture lost.
  assert.equal(res.errors.length, 1);
  assert.equal(res.errors[0]!.file, out);
  assert.match(res.errors[0]!.message, /^Pod shop \(item \d of the list\) was not saved at capture: no metadata\.name$/);
});

test('failures never leave a partial file: an unreachable server or a bad target keeps the old file, one-line errors', async () => {
  const s = await cluster();
  const port = s.port;
  await s.stop();
  const dir = tmp();
  const kc = writeKubeconfig(dir, { server: `http://127.0.0.1:${port}` });
  const out = path.join(dir, 'snap.yaml');
  writeFileSync(out, 'previous capture\n');
  await assert.rejects(saveSnapshot({ kubeconfig: kc, ...FAST }, out), (e: Error) => e instanceof SourceError && e.message === `cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  assert.equal(readFileSync(out, 'utf8'), 'previous capture\n');
  assert.deepEqual(readdirSync(dir).sort(), ['config', 'snap.yaml']);

  await assert.rejects(saveSnapshot({ kubeconfig: kc, ...FAST }, path.join(dir, 'no-such-dir', 'x.yaml')), (e: Error) => e instanceof SourceError && /directory .*no-such-dir does not exist/.test(e.message));

  const live = await cluster();
  const kc2 = writeKubeconfig(dir, { server: live.url }, 'config2');
  await saveSnapshot({ kubeconfig: kc2, allNamespaces: true, ...FAST }, out);
  assert.equal((await loadSnapshot(out)).info!.kind, 'SnapshotInfo', 'replaced atomically on success');
});
