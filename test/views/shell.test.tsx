import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import { ClusterStore } from '../../src/cluster/store.js';
import { KEYS, renderWithProviders } from './helpers.js';

const FIXTURE = path.resolve('test/fixtures/snapshots/pods-list.yaml');

async function fixtureStore() {
  return (await openSnapshot(FIXTURE, 'snapshot')).store;
}

test('opens on the pods table with the header and the rows', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  const f = ui.frame();
  assert.match(f, /ctx test-ctx/);
  assert.match(f, /Pods \[all\] 2/);
  assert.match(f, /web-0 +1\/1 +Running/);
  assert.match(f, /web-1 +0\/1 +CrashLoopBackOff/);
  assert.ok(f.split('\n').length <= 23, 'the frame stays shorter than the terminal');
  ui.unmount();
});

test('j moves, Enter opens the detail of the selected row, Esc goes back', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  await ui.press('j', KEYS.enter);
  assert.match(ui.frame(), /Pods > shop\/web-1/);
  assert.match(ui.frame(), /last termination: Error exit 1/);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /Pods \[all\] 2/);
  await ui.press('k', KEYS.enter);
  assert.match(ui.frame(), /Pods > shop\/web-0/);
  ui.unmount();
});

test('/ filters by substring and by label selector; Esc clears', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  await ui.press('/');
  await ui.type('web-1');
  assert.match(ui.frame(), /1 of 2/);
  assert.doesNotMatch(ui.frame(), /web-0 /);
  await ui.press(KEYS.enter);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /Pods \[all\] 2/);
  await ui.press('/');
  await ui.type('-l statefulset.kubernetes.io/pod-name=web-0');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /1 of 2/);
  assert.match(ui.frame(), /web-0/);
  ui.unmount();
});

test(': switches views with completion; unknown views are reported', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  await ui.press(':');
  await ui.type('namesp');
  await ui.press(KEYS.tab);
  assert.match(ui.frame(), /:namespace/);
  await ui.press(KEYS.escape);
  await ui.press(':');
  await ui.type('svc');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /Service: not in this snapshot/, 'a kind missing from a snapshot is unknown, not empty');
  await ui.press(':');
  await ui.type('nosuch');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /no view named "nosuch"/);
  ui.unmount();
});

test('forbidden kinds say forbidden, never "0 items"', async () => {
  const store = new ClusterStore({ source: 'live', context: 'prod' });
  store.setStatus('Pod', { state: 'forbidden', message: 'pods is forbidden: User "viewer" cannot list resource "pods"' });
  const ui = renderWithProviders(store);
  await ui.settle();
  assert.match(ui.frame(), /Pod: forbidden \(pods is forbidden/);
  assert.doesNotMatch(ui.frame(), /No pods/);
  ui.unmount();
});

test('y shows YAML without managedFields, e shows events, ? lists every key, q quits', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  await ui.press('y');
  assert.match(ui.frame(), /YAML > Pod\/web-0/);
  assert.match(ui.frame(), /controller-revision-hash: web-7d9f8c6b5/);
  assert.doesNotMatch(ui.frame(), /managedFields/);
  await ui.press(KEYS.escape, 'e');
  assert.match(ui.frame(), /Events > Pod\/web-0/);
  assert.match(ui.frame(), /No events\./);
  await ui.press(KEYS.escape, '?');
  for (const k of ['/', 'Enter', 'Esc', 'y', 'e', 'q']) assert.ok(ui.frame().includes(k), `help mentions ${k}`);
  await ui.press(KEYS.escape, 'q');
  await ui.settle();
  ui.unmount();
});

test('store changes reach the screen without moving the selection', async () => {
  const store = await fixtureStore();
  const ui = renderWithProviders(store);
  await ui.settle();
  await ui.press('j'); // select web-1
  store.upsert('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'aaa-first', namespace: 'shop' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } });
  await ui.settle();
  assert.match(ui.frame(), /aaa-first/);
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /Pods > shop\/web-1/, 'selection stayed on web-1');
  ui.unmount();
});

test('narrow terminals drop low-priority columns; wide ones show them', async () => {
  const store = await fixtureStore();
  const narrow = renderWithProviders(store, { columns: 60 });
  await narrow.settle();
  assert.doesNotMatch(narrow.frame(), /OWNER/);
  assert.match(narrow.frame(), /STATUS/);
  for (const l of narrow.frame().split('\n')) assert.ok(l.length <= 60, `line fits: ${l}`);
  narrow.unmount();
  const wide = renderWithProviders(store, { columns: 160 });
  await wide.settle();
  assert.match(wide.frame(), /OWNER/);
  // IP and NODE are kubectl's -o wide columns: shown only in wide mode (Ctrl-w).
  assert.doesNotMatch(wide.frame(), /\bIP\b/);
  wide.unmount();
});

test('a burst of keys in one chunk (fast typing, paste) is handled key by key', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  await ui.press(':ns\r');
  assert.match(ui.frame(), /Namespaces \[all\]/);
  await ui.press(':pods\rj\r');
  assert.match(ui.frame(), /Pods > shop\/web-1/);
  ui.unmount();
});

test(':ctx on a snapshot says why there are no contexts, and Enter says there is nothing to open', async () => {
  const ui = renderWithProviders(await fixtureStore());
  await ui.settle();
  await ui.press(':');
  await ui.type('ctx');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /No contexts: not a live cluster \(contexts come from a kubeconfig\)\./);
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /nothing selected/);
  ui.unmount();
});

test('an unreadable kind\'s reason is the screen\'s content: wrapped in full at 80 columns, not cut', async () => {
  const store = new ClusterStore({ source: 'live', context: 'prod' });
  const why = 'nodes is forbidden: User "ns-viewer" cannot list resource "nodes" in API group "" at the cluster scope';
  store.setStatus('Node', { state: 'forbidden', message: why });
  const ui = renderWithProviders(store, { columns: 80, initialView: 'nodes' });
  await ui.settle();
  const body = ui.frame().split('\n').slice(2, -1).join(' ').replace(/\s+/g, ' ');
  assert.ok(body.includes(`Node: forbidden (${why})`), body);
  ui.unmount();
});

test('an empty list says there are none when its own kind was read; another kind it reads being forbidden is said under it, not instead', async () => {
  const store = new ClusterStore({ source: 'live', context: 'prod' });
  for (const k of ['Ingress', 'IngressClass', 'Service', 'EndpointSlice'] as const) store.setStatus(k, { state: 'ready' });
  const why = 'secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "batch"';
  store.setStatus('Secret', { state: 'forbidden', message: why });
  const ui = renderWithProviders(store, { columns: 80, initialView: 'ing' });
  await ui.settle();
  const rows = ui.frame().split('\n');
  assert.match(rows[1]!, /Ingresses \[all\] 0 +Secret: forbidden/, 'the count: Ingresses were listed');
  const body = rows.slice(2, -1).join(' ').replace(/\s+/g, ' ');
  assert.match(body, /^ No ingresses\. Secret: forbidden \(secrets is forbidden/, body);
  assert.ok(body.includes(why), body);
  ui.unmount();
  // The view's own kind forbidden: that is the reason, and there is no count.
  store.setStatus('Ingress', { state: 'forbidden', message: 'ingresses.networking.k8s.io is forbidden: User "viewer" cannot list resource "ingresses"' });
  const ui2 = renderWithProviders(store, { columns: 80, initialView: 'ing' });
  await ui2.settle();
  assert.match(ui2.frame().split('\n')[1]!, /Ingresses \[all\] +Ingress: forbidden/);
  assert.doesNotMatch(ui2.frame(), /No ingresses/);
  ui2.unmount();
});
