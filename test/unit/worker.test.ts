// The data thread (src/cluster/worker.ts) behind the UI thread
// (src/cluster/remote.ts): listing, parsing, projection, snapshots, the
// diagnostics engine and the views run there; the UI thread gets what it
// draws (src/screens) and asks for whole objects, logs and switches.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRemoteLive, openRemoteSnapshot, type RemoteSource } from '../../src/cluster/remote.js';
import { applySnapshot, chooseEvaluationTime, loadSnapshot } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import { allViews } from '../../views/registry.js';
import { yamlLines } from '../../views/common.js';
import { LocalScreens } from '../../src/screens/source.js';
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

/** Every view of the demo, through the data thread and on this thread: the same rows, cells, lines and answers. */
test('the demo through the data thread: the remote screens give the local screens\' rows, cells, detail/YAML/events lines and Enter/y/l answers; the full diagnostics equal the whole-object run', async () => {
  const r = openRemoteSnapshot({ path: DEMO, source: 'demo' });
  opened.push(r);
  await r.loaded;
  const whole = await wholeStore(DEMO);
  const now = evaluationTime({ capturedAt: r.header().info.capturedAt });
  // Diagnostics over the data thread's compact store equal the whole-object run.
  const remoteReport = await r.diagnose(now, undefined);
  const expected = runDiagnostics(whole, { now });
  assert.ok(expected.findings.length > 20);
  assert.deepEqual(remoteReport, expected);
  assert.deepEqual(await r.diagnose(now, 'shop'), runDiagnostics(whole, { now, namespace: 'shop' }));

  // This thread: the same snapshot in a compact store, the same views and diagnostics, computed here.
  const store = new ClusterStore({ source: 'demo', path: DEMO });
  applySnapshot(store, await loadSnapshot(DEMO));
  store.info = { ...store.info, ...r.header().info };
  const local = new LocalScreens({ store, views: allViews(), fixedNow: now, diagnose: (s, n, ns) => runDiagnostics(s, { now: n, namespace: ns }) });
  local.start();
  const remote = r.screens;
  remote.setFixedNow(now);
  // The data thread ran its first diagnostics before it was told the evaluation time: the next run is at that time.
  await waitFor(() => local.server.reports > 0 && JSON.stringify(remote.header().summary) === JSON.stringify(local.header().summary), 'both reports at the evaluation time');
  assert.deepEqual(remote.header().statuses, local.header().statuses);
  assert.deepEqual(remote.header().counts, local.header().counts);
  assert.deepEqual(remote.header().namespaces, local.header().namespaces);
  const p = { width: 140, noColor: false };
  let lines = 0;
  for (const namespace of [undefined, 'shop']) {
    for (const v of allViews()) {
      const req = { viewId: v.id, namespace, sortId: v.defaultSort, sortDesc: false, width: 140, noColor: false, wide: true };
      local.setList(req);
      remote.setList(req);
      // Both sides settled: the list answered, diagnostics for this scope done.
      await waitFor(() => remote.list()?.req.viewId === v.id && remote.list()?.req.namespace === namespace && !remote.busy() && !local.busy(), `${v.id} from the data thread`, 15_000);
      local.server.refresh();
      const a = remote.list()!;
      const b = local.list()!;
      assert.equal(a.n, b.n, v.id);
      assert.equal(a.keys.text, b.keys.text, `${v.id} keys`);
      assert.deepEqual(Array.from(a.order), Array.from(b.order), `${v.id} order`);
      assert.deepEqual(Array.from(a.flags), Array.from(b.flags), `${v.id} flags`);
      a.columns.forEach((c, i) => {
        assert.equal(c.values.text, b.columns[i]!.values.text, `${v.id} ${c.id}`);
        assert.deepEqual(c.tones && Array.from(c.tones), b.columns[i]!.tones && Array.from(b.columns[i]!.tones!), `${v.id} ${c.id} tones`);
        assert.equal(c.cells?.text, b.columns[i]!.cells?.text, `${v.id} ${c.id} cells`);
      });
      // Detail lines of the first rows, the rows' objects and what Enter does.
      const keys = b.keys.text.split('\0').slice(0, Math.min(3, b.n));
      for (const key of keys) {
        const pp = { ...p, namespace };
        assert.deepEqual(await remote.act({ type: 'row', viewId: v.id, key, namespace }, pp), local.act({ type: 'row', viewId: v.id, key, namespace }, pp), `${v.id} Enter on ${key}`);
        const info = await remote.rowInfo(v.id, key, pp);
        assert.deepEqual(info, local.rowInfo(v.id, key, pp), `${v.id} ${key} object`);
        const reqs = [{ kind: 'detail' as const, viewId: v.id, key, ref: info.ref }, ...(info.ref ? [{ kind: 'events' as const, ref: info.ref }, { kind: 'describe' as const, ref: info.ref }] : [])];
        for (const lr of reqs) {
          const id = ++lines;
          local.openLines(id, lr, pp);
          remote.openLines(id, lr, pp);
          await waitFor(() => remote.lines(id) !== undefined, `lines of ${JSON.stringify(lr)}`);
          assert.deepEqual(remote.lines(id)!.lines, local.lines(id)!.lines, `${lr.kind} of ${v.id} ${key}`);
          if (info.ref) assert.deepEqual(await remote.refInfo(info.ref, pp), local.refInfo(info.ref, pp));
          local.closeLines(id);
          remote.closeLines(id);
        }
      }
    }
  }
  assert.ok(lines > 60, `line screens compared: ${lines}`);
  // YAML: the whole object, read again from its document in the snapshot file, drawn the same way.
  const pod = store.list('Pod')[0]!;
  const ref = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
  remote.openLines(9999, { kind: 'yaml', ref }, p);
  await waitFor(() => remote.lines(9999) !== undefined && !remote.lines(9999)!.loading, 'the YAML');
  const full = await r.fullObject(ref);
  assert.ok(full?.spec?.containers?.[0]?.resources !== undefined || JSON.stringify(full).length > JSON.stringify(pod).length, 'the whole object, not the projection');
  assert.deepEqual(remote.lines(9999)!.lines.map((l) => l.map((x) => x.text).join('')), yamlLines(full!).map((l) => l.map((x) => x.text).join('')));
  local.stop();
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
  assert.equal(y.header().counts.find(([k]) => k === 'Pod')?.[1], 3);
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
  assert.equal(r.header().connection.state, 'connecting', 'returned before anything was listed');
  assert.equal(r.header().info.context, 'fake');
  const screens = r.screens;
  screens.setList({ viewId: 'pods', sortId: 'name', sortDesc: false, width: 120, noColor: true, wide: false });
  const podKeys = () => (screens.list()?.keys.text ?? '').split('\0').filter(Boolean);
  const pods = () => screens.header().counts.find(([k]) => k === 'Pod')![1];
  const podStatus = () => screens.header().statuses.find(([k]) => k === 'Pod')![1];
  await r.ready;
  // The rows and the header's state are separate messages: wait for both.
  await waitFor(() => podKeys().length === 2 && podStatus().state === 'loading', 'the first page as rows, and its progress in the header');
  assert.deepEqual(podStatus(), { state: 'loading', loaded: 2, total: 6 });
  release();
  await waitFor(() => podStatus().state === 'ready' && podKeys().length === 6, 'the whole list');
  assert.equal(pods(), 6);
  await r.loaded;
  // Watch events reach the rows: web-3 turns ready, web-5 goes.
  const ready = () => {
    const l = screens.list()!;
    const i = podKeys().indexOf('shop/web-3');
    const c = l.columns.find((x) => x.id === 'ready')!;
    return i < 0 ? '' : c.values.text.slice(c.values.offsets[i], c.values.offsets[i + 1]! - 1);
  };
  assert.equal(ready(), '0/1');
  s.modify('Pod', 'shop', 'web-3', (p) => (p.status.containerStatuses[0].ready = true));
  s.delete('Pod', 'shop', 'web-5');
  await waitFor(() => podKeys().length === 5 && ready() === '1/1', 'watch events in the rows');
  // y: the whole object by GET, with what the projection leaves out.
  const full = await r.fullObject({ kind: 'Pod', namespace: 'shop', name: 'web-0' });
  assert.equal(full?.metadata.name, 'web-0');
  assert.equal(full?.metadata.managedFields, undefined);
  assert.ok(s.requests.some((q) => q.path === '/api/v1/namespaces/shop/pods/web-0'));
  assert.equal(await r.fullObject({ kind: 'Pod', namespace: 'shop', name: 'gone' }), undefined, '404: nothing');
  // Diagnostics run over the data thread's store, on their own: the header gets the summary.
  await waitFor(() => screens.header().summary !== undefined, 'the diagnostics summary');
  const report = await r.diagnose(Date.now(), undefined);
  assert.equal(report?.kind, 'DiagnosticsReport');
  // Logs stream through, sanitized.
  const lines: string[] = [];
  await new Promise<void>((res, rej) => r.live!.podLog({ namespace: 'shop', pod: 'web-0' }, (l) => lines.push(l), (e) => (e ? rej(e) : res())));
  assert.deepEqual(lines, ['line 1', 'line 2 red']);
  // Switching the namespace re-lists the namespaced kinds there.
  await r.live!.switchNamespace('default');
  await waitFor(() => screens.header().info.namespace === 'default' && pods() === 0 && podStatus().state === 'ready', 'namespace switch');
  await assert.rejects(r.live!.switchContext('nope'), (e: Error) => e instanceof SourceError && /context "nope" not found/.test(e.message));
});

test('live: a bad kubeconfig fails at once on the UI thread; a server that refuses fails `ready` with the one-line reason', async () => {
  await assert.rejects(openRemoteLive({ kubeconfig: '/nonexistent/config' }), (e: Error) => e instanceof SourceError && e.message === 'kubeconfig /nonexistent/config: no such file');
  const s = await new FakeApiServer({ token: 'right' }).start();
  servers.push(s);
  const file = writeKubeconfig(tmp(), { server: s.url, token: 'wrong' });
  const r = await openRemoteLive({ kubeconfig: file, tuning: TUNING });
  opened.push(r);
  assert.equal(r.header().connection.state, 'connecting');
  await assert.rejects(r.ready, (e: Error) => e instanceof SourceError && /rejected the credentials \(401 Unauthorized\)/.test(e.message) && !e.message.includes('\n'));
});
