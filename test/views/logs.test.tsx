import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import { openLive } from '../../src/cluster/live.js';
import type { LiveControl } from '../../src/app/App.js';
import { LogSession } from '../../src/app/logs.js';
import { FakeApiServer, namespaceObj, podObj, statefulSetObj, writeKubeconfig } from '../helpers/fake-apiserver.js';
import { KEYS, renderWithProviders, until } from './helpers.js';

type LogReq = Parameters<NonNullable<LiveControl['podLog']>>[0];

function fakeLive() {
  const requests: LogReq[] = [];
  const stopped: LogReq[] = [];
  let emit: ((l: string) => void) | undefined;
  let end: ((e?: Error) => void) | undefined;
  const live: LiveControl = {
    switchNamespace: () => undefined,
    switchContext: async () => undefined,
    contexts: () => [],
    podLog(req, onLine, onEnd) {
      requests.push(req);
      emit = onLine;
      end = onEnd;
      if (req.previous) {
        onLine('panic: connection refused (previous run)');
        onEnd();
      } else {
        for (let i = 1; i <= 3; i++) onLine(`line ${i} from ${req.container}`);
      }
      return () => stopped.push(req);
    },
  };
  return { live, requests, stopped, emit: (l: string) => emit!(l), end: (e?: Error) => end!(e) };
}

async function store() {
  const s = (await openSnapshot(path.resolve('test/fixtures/snapshots/pods-list.yaml'), 'snapshot')).store;
  const web0 = s.get('Pod', 'shop', 'web-0')!;
  // Store objects are read-only (replicas share their containers): replace the pod.
  s.upsert('Pod', { ...web0, spec: { ...web0.spec, containers: [...web0.spec!.containers, { name: 'sidecar', image: 'envoy' }] } });
  return s;
}

test('l streams the selected pod\'s log; new lines follow; escape sequences never reach the screen', async () => {
  const f = fakeLive();
  const ui = renderWithProviders(await store(), { live: f.live });
  await ui.settle();
  await ui.press('l');
  assert.equal(f.requests[0]!.pod, 'web-0');
  assert.equal(f.requests[0]!.container, 'nginx');
  assert.equal(f.requests[0]!.follow, true);
  assert.match(ui.frame(), /Logs > shop\/web-0 \[nginx 1\/2\]/);
  assert.match(ui.frame(), /line 3 from nginx/);
  f.emit('\x1b]0;pwned\x07hello \x1b[2Jworld');
  await ui.settle();
  assert.match(ui.frame(), /hello world/);
  assert.doesNotMatch(ui.frame(), /pwned|\x1b/);
  await ui.press(KEYS.escape);
  assert.equal(f.stopped.length, 1, 'leaving the log screen stops the stream');
  ui.unmount();
});

test('c switches container, p shows the previous container, / highlights and n jumps', async () => {
  const f = fakeLive();
  const ui = renderWithProviders(await store(), { live: f.live, rows: 12 });
  await ui.settle();
  await ui.press('l', 'c');
  assert.equal(f.requests[1]!.container, 'sidecar');
  assert.match(ui.frame(), /\[sidecar 2\/2\]/);
  assert.match(ui.frame(), /line 1 from sidecar/);
  await ui.press('p');
  assert.equal(f.requests[2]!.previous, true);
  assert.match(ui.frame(), /previous container/);
  assert.match(ui.frame(), /panic: connection refused/);
  assert.match(ui.frame(), /paused/);
  // c while reading the previous container: the other container's previous log, still paused (nothing to follow).
  await ui.press('c');
  assert.equal(f.requests[3]!.container, 'nginx');
  assert.equal(f.requests[3]!.previous, true);
  assert.equal(f.requests[3]!.follow, false);
  assert.match(ui.frame(), /\[nginx 1\/2\] \(previous container\) +paused/);
  await ui.press('p');
  assert.match(ui.frame(), /\[nginx 1\/2\] +following/);
  for (let i = 0; i < 30; i++) f.emit(`filler ${i}`);
  f.emit('needle here');
  for (let i = 0; i < 30; i++) f.emit(`more ${i}`);
  await ui.settle();
  await ui.press('g');
  assert.doesNotMatch(ui.frame(), /needle here/);
  await ui.press('/');
  await ui.type('needle');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /needle here/, 'Enter jumps to the first match');
  assert.match(ui.frame(), /paused/);
  ui.unmount();
});

test('c on a pod with one container says so and changes nothing (the stream and the scroll position stay)', async () => {
  const f = fakeLive();
  const ui = renderWithProviders((await openSnapshot(path.resolve('test/fixtures/snapshots/pods-list.yaml'), 'snapshot')).store, { live: f.live });
  await ui.settle();
  await ui.press('l', 'p');
  assert.match(ui.frame(), /\(previous container\) +paused/);
  await ui.press('c');
  assert.match(ui.frame(), /this pod has one container/);
  assert.match(ui.frame(), /\(previous container\) +paused/, 'still paused: a previous log has no end to follow');
  assert.equal(f.requests.length, 2, 'no new stream');
  ui.unmount();
});

test('logs from a snapshot say why they cannot be shown', async () => {
  const ui = renderWithProviders(await store());
  await ui.settle();
  await ui.press('l');
  assert.match(ui.frame(), /logs are not in snapshots/);
  ui.unmount();
});

test('LogSession calls podLog on its provider: a source whose method uses `this` works', async () => {
  // The live source is a class: podLog reads this.logs. Passing the bare method
  // crashed the dashboard ("Cannot read properties of undefined (reading 'add')").
  class Source {
    private streams = new Set<string>();
    podLog(t: { pod: string; container?: string }, onLine: (l: string) => void): () => void {
      this.streams.add(t.pod);
      onLine(`hello from ${t.pod}/${t.container}`);
      return () => this.streams.delete(t.pod);
    }
    open(): number {
      return this.streams.size;
    }
  }
  const src = new Source();
  let changes = 0;
  const s = new LogSession(src as unknown as Required<Pick<LiveControl, 'podLog'>>, { namespace: 'shop', pod: 'web-0', containers: ['nginx'] }, () => changes++);
  assert.deepEqual(s.buf, ['hello from web-0/nginx']);
  assert.equal(src.open(), 1);
  assert.ok(changes > 0);
  s.close();
  assert.equal(src.open(), 0, 'close stops the stream on the source');
});

test('l on a live cluster (the real live source, through an API server): stream, follow, Esc stops it', async (t) => {
  const server = await new FakeApiServer({ watchTimeoutMs: 1000 }).start();
  t.after(() => server.stop().catch(() => undefined));
  server.add('Namespace', namespaceObj('shop'));
  const [sts] = server.add('StatefulSet', statefulSetObj('shop', 'web', 2));
  server.add('Pod', podObj('shop', 'web-0', { stsUid: sts.metadata.uid }), podObj('shop', 'web-1', { stsUid: sts.metadata.uid }));
  server.setLog('shop', 'web-0', ['starting nginx', 'ready to serve']);
  const kubeconfig = writeKubeconfig(mkdtempSync(path.join(os.tmpdir(), 'k8stui-logs-')), { server: server.url, namespace: 'shop' });
  const { store, source } = await openLive({ kubeconfig, pageSize: 50, watchTimeoutSeconds: 1, probeTimeoutMs: 2000, requestTimeoutMs: 3000 });
  t.after(() => source.stop());
  const ui = renderWithProviders(store, { live: source, fixedNow: undefined });
  t.after(() => ui.unmount());
  await ui.waitFor(/web-0 .*Running/);
  await ui.press('l');
  await ui.waitFor(/ready to serve/);
  assert.match(ui.frame(), /Logs > shop\/web-0 \[nginx\]/);
  assert.match(ui.frame(), /starting nginx/);
  server.appendLog('shop', 'web-0', 'GET /healthz 200');
  await ui.waitFor(/GET \/healthz 200/);
  assert.match(ui.frame(), /following/);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /Pods \[shop\] 2/);
  // Leaving the screen closes the follow request on the server (its open log followers).
  const followers = () => (server as unknown as { followers: Set<unknown> }).followers.size;
  await until(() => followers() === 0, () => `the log stream to close (${followers()} open)`);
});
