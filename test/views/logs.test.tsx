import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import type { LiveControl } from '../../src/app/App.js';
import { KEYS, renderWithProviders, tick } from './helpers.js';

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
  await tick();
  await ui.press('l');
  assert.equal(f.requests[0]!.pod, 'web-0');
  assert.equal(f.requests[0]!.container, 'nginx');
  assert.equal(f.requests[0]!.follow, true);
  assert.match(ui.frame(), /Logs › shop\/web-0 \[nginx 1\/2\]/);
  assert.match(ui.frame(), /line 3 from nginx/);
  f.emit('\x1b]0;pwned\x07hello \x1b[2Jworld');
  await tick(60);
  assert.match(ui.frame(), /hello world/);
  assert.doesNotMatch(ui.frame(), /pwned|\x1b/);
  await ui.press(KEYS.escape);
  assert.equal(f.stopped.length, 1, 'leaving the log screen stops the stream');
  ui.unmount();
});

test('c switches container, p shows the previous container, / highlights and n jumps', async () => {
  const f = fakeLive();
  const ui = renderWithProviders(await store(), { live: f.live, rows: 12 });
  await tick();
  await ui.press('l', 'c');
  assert.equal(f.requests[1]!.container, 'sidecar');
  assert.match(ui.frame(), /\[sidecar 2\/2\]/);
  assert.match(ui.frame(), /line 1 from sidecar/);
  await ui.press('p');
  assert.equal(f.requests[2]!.previous, true);
  assert.match(ui.frame(), /previous container/);
  assert.match(ui.frame(), /panic: connection refused/);
  await ui.press('p');
  for (let i = 0; i < 30; i++) f.emit(`filler ${i}`);
  f.emit('needle here');
  for (let i = 0; i < 30; i++) f.emit(`more ${i}`);
  await tick(60);
  await ui.press('g');
  assert.doesNotMatch(ui.frame(), /needle here/);
  await ui.press('/');
  await ui.type('needle');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /needle here/, 'Enter jumps to the first match');
  assert.match(ui.frame(), /paused/);
  ui.unmount();
});

test('logs from a snapshot say why they cannot be shown', async () => {
  const ui = renderWithProviders(await store());
  await tick();
  await ui.press('l');
  assert.match(ui.frame(), /logs are not in snapshots/);
  ui.unmount();
});
