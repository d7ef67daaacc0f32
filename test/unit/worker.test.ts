// The data thread (src/cluster/worker.ts) behind the UI thread's store
// (src/cluster/remote.ts): listing, parsing, projection, snapshots and the
// diagnostics engine run there; the UI thread gets compact objects in
// batches and asks for diagnostics, whole objects, logs and switches.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRemoteLive, openRemoteSnapshot, type RemoteSource } from '../../src/cluster/remote.js';
import { applySnapshot, chooseEvaluationTime, loadSnapshot } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import { KINDS } from '../../src/cluster/kinds.js';
import { SourceError } from '../../src/cluster/kubeconfig.js';
import { ingestObject } from '../../src/cluster/ingest.js';
import { evaluationTime } from '../../src/model/time.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { FakeApiServer, writeKubeconfig, namespaceObj, nodeObj, podObj, eventObj, statefulSetObj } from '../helpers/fake-apiserver.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(ROOT, 'examples/demo-cluster');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'k8stui-worker-'));
const opened: RemoteSource[] = [];
const servers: FakeApiServer[] = [];
after(async () => {
  for (const r of opened) r.stop();
  for (const s of servers) await s.stop().catch(() => undefined);
});

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function wholeStore(p: string): Promise<ClusterStore> {
  const store = new ClusterStore({ source: 'demo', path: p }, { compact: false });
  applySnapshot(store, await loadSnapshot(p));
  // As `k8stui diagnose --demo` opens it: the evaluation time and where it came from.
  const t = chooseEvaluationTime({ capturedAt: store.info.capturedAt });
  store.info = { ...store.info, context: store.info.context ?? 'demo', nowSource: t.source, now: new Date(t.now).toISOString() };
  return store;
}

test('the demo through the data thread: the UI thread\'s store holds the same compact objects, and the full diagnostics equal the whole-object run', async () => {
  const r = openRemoteSnapshot({ path: DEMO, source: 'demo' });
  opened.push(r);
  await r.loaded;
  const whole = await wholeStore(DEMO);
  const local = new ClusterStore({ source: 'demo', path: DEMO });
  applySnapshot(local, await loadSnapshot(DEMO));
  for (const k of KINDS) {
    assert.deepEqual(r.store.list(k.kind), local.list(k.kind), `${k.kind}: the copy equals a compact store read here`);
    assert.deepEqual(r.store.status(k.kind), whole.status(k.kind), k.kind);
  }
  assert.equal(r.store.info.capturedAt, '2026-11-20T10:30:00Z');
  // Received objects are shared again on this thread, in place: replicas have one frozen containers array.
  const byOwner = new Map<string, unknown>();
  let shared = 0;
  for (const p of r.store.list('Pod')) {
    const owner = p.metadata.ownerReferences?.[0]?.uid;
    if (!owner) continue;
    const c = byOwner.get(owner);
    if (c === undefined) byOwner.set(owner, p.spec.containers);
    else if (c === p.spec.containers) shared++;
    assert.ok(Object.isFrozen(p.spec.containers));
  }
  assert.ok(shared > 5, `replicas share their containers (${shared})`);
  const now = evaluationTime({ capturedAt: r.store.info.capturedAt });
  const remote = await r.diagnose(r.store, now, undefined);
  const expected = runDiagnostics(whole, { now });
  assert.ok(expected.findings.length > 20);
  assert.deepEqual(remote, expected);
  const scoped = await r.diagnose(r.store, now, 'shop');
  assert.deepEqual(scoped, runDiagnostics(whole, { now, namespace: 'shop' }));
});

test('y on a snapshot: the whole object, read again from its document in the file', async () => {
  const r = openRemoteSnapshot({ path: DEMO, source: 'demo' });
  opened.push(r);
  await r.loaded;
  const whole = await wholeStore(DEMO);
  for (const kind of ['Pod', 'StatefulSet', 'Event', 'Node'] as const) {
    const o = whole.list(kind)[0]!;
    const full = await r.fullObject({ kind, namespace: o.metadata.namespace, name: o.metadata.name });
    assert.deepEqual(full, o, kind);
  }
  assert.equal(await r.fullObject({ kind: 'Pod', namespace: 'shop', name: 'no-such-pod' }), undefined);
  // A multi-document YAML file: found by byte offset.
  const dir = tmp();
  const file = path.join(dir, 'capture.yaml');
  const pods = ['a', 'b', 'c'].map((n) => podObj('shop', `web-${n}`));
  writeFileSync(file, `# a capture\n${pods.map((p) => `---\n${JSON.stringify(p)}\n`).join('')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: \"payments\"\n`);
  const y = openRemoteSnapshot({ path: file, source: 'snapshot' });
  opened.push(y);
  await y.loaded;
  assert.equal(y.store.count('Pod'), 3);
  assert.deepEqual(await y.fullObject({ kind: 'Pod', namespace: 'shop', name: 'web-b' }), ingestObject(structuredClone(pods[1]!), 'Pod'));
  assert.deepEqual((await y.fullObject({ kind: 'Namespace', name: 'shop' }))?.metadata.labels, { team: 'payments' });
});

test('an unusable snapshot is a one-line error from the data thread', async () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  const r = openRemoteSnapshot({ path: dir, source: 'snapshot' });
  opened.push(r);
  await assert.rejects(r.ready, (e: Error) => e.name === 'SnapshotError' || /no Kubernetes objects k8stui reads \(found only ConfigMap/.test(e.message));
});

function seed(s: FakeApiServer, pods: number): void {
  s.add('Namespace', namespaceObj('shop'), namespaceObj('default'));
  s.add('Node', nodeObj('node-1'));
  const [sts] = s.add('StatefulSet', statefulSetObj('shop', 'web', pods));
  s.add('Pod', ...Array.from({ length: pods }, (_, i) => podObj('shop', `web-${i}`, { stsUid: sts.metadata.uid, ready: i !== 3 })));
  s.add('Event', eventObj('shop', 'web-3', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'));
}

const TUNING = { pageSize: 2, watchTimeoutSeconds: 1, stallMs: 2000, backoffBaseMs: 5, backoffCapMs: 40, minHealthyMs: 40, probeTimeoutMs: 1000, requestTimeoutMs: 3000 };

test('live through the data thread: "connecting" at once, the first page with progress (loaded / total), watch events in batches, y by GET, logs', async () => {
  const s = await new FakeApiServer({ watchTimeoutMs: 1000 }).start();
  servers.push(s);
  seed(s, 6);
  s.setLog('shop', 'web-0', ['line 1', 'line 2 \x1b[31mred\x1b[0m']);
  let release!: () => void;
  const held = new Promise<void>((res) => (release = res));
  s.onListPage = async ({ plural, page }) => {
    if (plural === 'pods' && page === 1) await held;
  };
  const file = writeKubeconfig(tmp(), { server: s.url, namespace: 'shop' });
  const r = await openRemoteLive({ kubeconfig: file, allNamespaces: true, tuning: TUNING, batchMs: 5 });
  opened.push(r);
  assert.equal(r.store.connection.state, 'connecting', 'returned before anything was listed');
  assert.equal(r.store.info.context, 'fake');
  await r.ready;
  await waitFor(() => r.store.count('Pod') === 2, 'the first page');
  assert.deepEqual(r.store.status('Pod'), { state: 'loading', loaded: 2, total: 6 });
  release();
  await waitFor(() => r.store.status('Pod').state === 'ready', 'the whole list');
  assert.equal(r.store.count('Pod'), 6);
  await r.loaded;
  // Watch events reach the UI thread's store.
  const v = r.store.version;
  s.modify('Pod', 'shop', 'web-3', (p) => (p.status.containerStatuses[0].ready = true));
  s.delete('Pod', 'shop', 'web-5');
  await waitFor(() => r.store.count('Pod') === 5 && r.store.get('Pod', 'shop', 'web-3')?.status?.containerStatuses?.[0]?.ready === true, 'watch events');
  assert.ok(r.store.version > v);
  // y: the whole object by GET, with what the projection leaves out.
  const full = await r.fullObject({ kind: 'Pod', namespace: 'shop', name: 'web-0' });
  assert.equal(full?.metadata.name, 'web-0');
  assert.equal(full?.metadata.managedFields, undefined);
  assert.ok(s.requests.some((q) => q.path === '/api/v1/namespaces/shop/pods/web-0'));
  assert.equal(await r.fullObject({ kind: 'Pod', namespace: 'shop', name: 'gone' }), undefined, '404: nothing');
  // Diagnostics run over the data thread's store.
  const report = await r.diagnose(r.store, Date.now(), undefined);
  assert.equal(report?.kind, 'DiagnosticsReport');
  // Logs stream through, sanitized.
  const lines: string[] = [];
  await new Promise<void>((res, rej) => r.live!.podLog({ namespace: 'shop', pod: 'web-0' }, (l) => lines.push(l), (e) => (e ? rej(e) : res())));
  assert.deepEqual(lines, ['line 1', 'line 2 red']);
  // Switching the namespace re-lists the namespaced kinds there.
  await r.live!.switchNamespace('default');
  await waitFor(() => r.store.info.namespace === 'default' && r.store.count('Pod') === 0 && r.store.status('Pod').state === 'ready', 'namespace switch');
  await assert.rejects(r.live!.switchContext('nope'), (e: Error) => e instanceof SourceError && /context "nope" not found/.test(e.message));
});

test('live: a bad kubeconfig fails at once on the UI thread; a server that refuses fails `ready` with the one-line reason', async () => {
  await assert.rejects(openRemoteLive({ kubeconfig: '/nonexistent/config' }), (e: Error) => e instanceof SourceError && e.message === 'kubeconfig /nonexistent/config: no such file');
  const s = await new FakeApiServer({ token: 'right' }).start();
  servers.push(s);
  const file = writeKubeconfig(tmp(), { server: s.url, token: 'wrong' });
  const r = await openRemoteLive({ kubeconfig: file, tuning: TUNING });
  opened.push(r);
  assert.equal(r.store.connection.state, 'connecting');
  await assert.rejects(r.ready, (e: Error) => e instanceof SourceError && /rejected the credentials \(401 Unauthorized\)/.test(e.message) && !e.message.includes('\n'));
});
