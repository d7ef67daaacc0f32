// The shell as a user drives it: the detail cursor and object lines, line
// screens (wrap, sideways scroll), wide columns, history, : commands, the
// header's states, y on demand, and a screen that fails without taking the
// dashboard down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import type { K8sObject } from '../../src/model/types.js';
import type { LiveControl } from '../../src/app/App.js';
import type { ViewDef } from '../../views/types.js';
import type { DiagnosticsReport } from '../../diagnostics/types.js';
import { allViews } from '../../views/registry.js';
import { line, seg, withRef, wrapped } from '../../views/widgets/text.js';
import { makeStore, uid } from '../fixtures/common.js';
import { absTime } from '../../src/model/time.js';
import { KEYS, renderWithProviders } from './helpers.js';

const NOW = Date.parse('2026-11-20T10:30:00Z');

function pod(ns: string, name: string, o: { labels?: Record<string, string>; containers?: string[]; owner?: { kind: string; name: string } } = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: uid(`${ns}/${name}`),
      creationTimestamp: '2026-11-20T09:00:00Z',
      labels: o.labels ?? { app: name.replace(/-\d+$/, '') },
      ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: uid(o.owner.name), controller: true, blockOwnerDeletion: true }] : undefined,
      annotations: { 'example.com/runbook': `https://runbooks.example.com/team/${name}/when-this-pod-is-not-ready-check-the-upstream-dependencies-first` },
    },
    spec: { nodeName: 'node-a', containers: (o.containers ?? ['main']).map((c) => ({ name: c, image: `registry.example.com/team/${c}:1.4.2` })) },
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      startTime: '2026-11-20T09:00:02Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-20T09:00:09Z' }],
      containerStatuses: (o.containers ?? ['main']).map((c) => ({ name: c, ready: true, restartCount: 0, image: `registry.example.com/team/${c}:1.4.2`, imageID: '', started: true, state: { running: { startedAt: '2026-11-20T09:00:05Z' } } })),
    },
  } as K8sObject;
}

function namespace(name: string): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: uid(name), creationTimestamp: '2026-01-01T00:00:00Z' }, spec: {}, status: { phase: 'Active' } } as K8sObject;
}

const OBJECTS = () => [namespace('shop'), namespace('shipping'), namespace('kube-system'), pod('shop', 'web-0', { containers: ['nginx', 'sidecar'] }), pod('shop', 'web-1'), pod('shop', 'worker-0', { labels: { app: 'worker', tier: 'batch' } }), pod('kube-system', 'coredns-0')];

interface Group {
  name: string;
  pods: string[];
}

/** A fixture view whose detail has object lines (refs) between plain lines, a long line, and a command that always wraps. */
const groupsView: ViewDef<Group> = {
  id: 'groups',
  title: 'Groups',
  aliases: ['groups', 'grp'],
  kinds: ['Pod'],
  namespaced: true,
  columns: [
    { id: 'name', header: 'NAME', priority: 0, value: (g) => g.name },
    { id: 'pods', header: 'PODS', priority: 1, value: (g) => String(g.pods.length) },
    { id: 'members', header: 'MEMBERS', priority: 1, wide: true, value: (g) => g.pods.join(',') },
  ],
  rows: () => [{ name: 'web', pods: ['web-0', 'web-1'] }, { name: 'broken', pods: [] }, { name: 'jump', pods: ['worker-0'] }],
  key: (g) => `shop/${g.name}`,
  detail: (g) => {
    if (g.name === 'broken') throw new Error('cannot read property of a missing backend');
    const out = [line(seg(`Group ${g.name}`, 'accent', true)), line(''), line(`A long explanation: ${'the quick brown fox jumps over the lazy dog, '.repeat(4)}END-OF-LINE`)];
    out.push(wrapped(line('→ kubectl get pods -n shop -l app=web -o wide --sort-by=.metadata.creationTimestamp --show-labels')));
    out.push(line(''), line(seg('Members', 'accent', true)));
    for (const p of g.pods) out.push(withRef(line(`  pod/${p}  Running`), { kind: 'Pod', namespace: 'shop', name: p }));
    for (let i = 0; i < 30; i++) out.push(line(`  filler ${i}`));
    out.push(withRef(line('  pod/coredns-0  kube-system'), { kind: 'Pod', namespace: 'kube-system', name: 'coredns-0' }));
    return out;
  },
  enter: (g) => (g.name === 'jump' ? { type: 'openObject', kind: 'Pod', namespace: 'shop', name: 'worker-0' } : undefined),
};

function fakeLive(): LiveControl & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    switchNamespace: () => undefined,
    switchContext: async () => undefined,
    contexts: () => [],
    podLog(t, onLine) {
      opened.push(`${t.namespace}/${t.pod}/${t.container}`);
      onLine(`log of ${t.pod}`);
      return () => undefined;
    },
  };
}

function shell(o: Parameters<typeof renderWithProviders>[1] = {}, objs = OBJECTS()) {
  return renderWithProviders(makeStore(objs), { views: [groupsView, ...allViews()], fixedNow: NOW, rows: 20, columns: 80, ...o });
}

const footer = (f: string) => f.split('\n').filter((l) => l.trim()).pop() ?? '';

test('detail cursor: j/k move between object lines, scrolling past plain lines; Enter opens the object; Esc comes back', async (t) => {
  const ui = shell({ initialView: 'groups' });
  t.after(() => ui.unmount());
  await ui.press(KEYS.enter);
  let f = ui.frame();
  assert.match(f, /Groups > shop\/web/);
  assert.doesNotMatch(f, /^>/m, 'nothing selected at first: y, e, l act on the detail\'s own object');
  assert.doesNotMatch(footer(f), /Enter open/, 'Enter is offered only on an object line');
  await ui.press('j');
  f = ui.frame();
  assert.match(f, /> pod\/web-0 +Running/, 'j selects the first object line');
  assert.match(footer(f), /Enter open/, 'Enter is offered on an object line');
  await ui.press('j');
  assert.match(ui.frame(), /> pod\/web-1 +Running/);
  assert.match(ui.frame(), /  pod\/web-0 +Running/);
  await ui.press(KEYS.enter);
  f = ui.frame();
  assert.match(f, /Pods > shop\/web-1/, 'Enter opens the view registered for the kind');
  assert.match(f, /Pod\/web-1 +in shop/);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /> pod\/web-1/, 'back on the detail, cursor where it was');
  // Down past 30 plain lines to the last object line: the screen scrolls a row at a time.
  for (let i = 0; i < 40 && !/> pod\/coredns-0/.test(ui.frame()); i++) await ui.press('j');
  assert.match(ui.frame(), /> pod\/coredns-0 +kube-system/);
  assert.match(ui.frame(), /filler 29/, 'the lines before it were scrolled past, not skipped');
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /Pods > kube-system\/coredns-0/, 'an object in another namespace opens too');
});

test('y, e and l act on the selected object line; without one, on the detail\'s own object', async (t) => {
  const live = fakeLive();
  const ui = shell({ initialView: 'groups', live });
  t.after(() => ui.unmount());
  await ui.press(KEYS.enter, 'j', 'j', 'y');
  assert.match(ui.frame(), /YAML > Pod\/web-1/);
  assert.match(ui.frame(), /name: web-1/);
  await ui.press(KEYS.escape, 'e');
  assert.match(ui.frame(), /Events > Pod\/web-1/);
  await ui.press(KEYS.escape, 'k', 'l');
  assert.deepEqual(live.opened, ['shop/web-0/nginx']);
  assert.match(ui.frame(), /Logs > shop\/web-0 \[nginx 1\/2\]/);
  assert.match(ui.frame(), /log of web-0/);
  await ui.press(KEYS.escape, KEYS.escape, ':pods', KEYS.enter, KEYS.enter);
  assert.match(ui.frame(), /Pods > kube-system\/coredns-0/);
  await ui.press('y');
  assert.match(ui.frame(), /YAML > Pod\/coredns-0/, 'a detail without object lines: y shows its own object');
});

test('a view\'s openObject (Enter on an Events row, a finding) opens the object\'s detail', async (t) => {
  const ui = shell({ initialView: 'groups' });
  t.after(() => ui.unmount());
  await ui.press('G', KEYS.enter);
  assert.match(ui.frame(), /Pods > shop\/worker-0/);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /Groups \[all\]/);
});

test('w wraps, ←/→ scroll sideways with the offset shown; lines marked wrap are always whole', async (t) => {
  const ui = shell({ initialView: 'groups', rows: 24 });
  t.after(() => ui.unmount());
  await ui.press(KEYS.enter);
  let f = ui.frame();
  assert.match(f, /A long explanation: the quick brown fox .*~$/m, 'cut with an ellipsis (ASCII under NO_COLOR)');
  assert.doesNotMatch(f, /END-OF-LINE/);
  assert.match(f, /-> kubectl get pods -n shop -l app=web -o wide *\n--sort-by=\.metadata\.creationTimestamp --show-labels\n/, 'the command wraps onto the next row at a space, whole');
  await ui.press(KEYS.right, KEYS.right);
  f = ui.frame();
  assert.match(f, /<20 cols/, 'the title shows the sideways offset (ASCII under NO_COLOR)');
  assert.match(f, /lazy dog/);
  assert.match(f, /-> kubectl get pods -n shop -l app=web/, 'the wrapped command does not scroll away');
  for (let i = 0; i < 30; i++) await ui.press(KEYS.right);
  assert.match(ui.frame(), /END-OF-LINE/, 'the end of the longest line can be reached');
  await ui.press(KEYS.left, 'w');
  f = ui.frame();
  assert.match(f, / wrap /);
  assert.doesNotMatch(f, /cols/, 'wrapping resets the sideways scroll');
  assert.match(f, /the lazy dog, the quick/);
  assert.match(f, /END-OF-LINE/);
  for (const l of f.split('\n')) assert.ok(l.length <= 80, `fits: ${l}`);
  await ui.press(KEYS.right);
  assert.match(footer(ui.frame()), /nothing to scroll sideways/);
});

test('YAML, events and help are line screens too: w and arrows work there; the footer lists what works', async (t) => {
  const ui = shell({ rows: 20 });
  t.after(() => ui.unmount());
  await ui.press('y');
  let f = ui.frame();
  assert.match(footer(f), /w wrap/);
  assert.match(footer(f), /<> scroll/);
  assert.doesNotMatch(footer(f), /y yaml|Enter open|\/ filter/, 'keys that do nothing here are not offered');
  await ui.press(KEYS.right);
  assert.match(ui.frame(), /<10 cols/);
  await ui.press('w');
  f = ui.frame();
  assert.match(footer(f), /w wrap/, 'wrapped: w unwraps');
  assert.doesNotMatch(footer(f), /scroll/, 'wrapped: nothing to scroll sideways');
  await ui.press(KEYS.escape, '?');
  f = ui.frame();
  assert.match(f, /Help/);
  assert.doesNotMatch(footer(f), /w wrap|scroll/, 'help fits the screen: w and the arrows would do nothing, so they are not offered');
  await ui.press('w');
  assert.match(footer(ui.frame()), /every line fits the screen: nothing to wrap/, 'and pressed anyway, they say why');
  await ui.press(KEYS.right);
  assert.match(footer(ui.frame()), /nothing to scroll sideways/);
  await ui.press('j');
  assert.doesNotMatch(footer(ui.frame()), /nothing to/, 'the next key clears the message');
  await ui.press('?');
  assert.doesNotMatch(ui.frame(), /Help/, '? again closes the help (k9s)');
  f = ui.frame();
  assert.match(footer(f), /Enter open +\/ filter +y yaml +e events/);
  assert.doesNotMatch(footer(f), /l logs/, 'no live source: l is not offered');
});

test('Ctrl-w shows wide columns; - toggles the last view, [ and ] walk the history; :pods app=x and :pods /text open filtered', async (t) => {
  const ui = shell({ initialView: 'groups', columns: 100 });
  t.after(() => ui.unmount());
  assert.doesNotMatch(ui.frame(), /MEMBERS/);
  await ui.press(KEYS.ctrlW);
  assert.match(ui.frame(), /MEMBERS/);
  assert.match(ui.frame(), /web-0,web-1/);
  await ui.press(KEYS.ctrlW);
  assert.doesNotMatch(ui.frame(), /MEMBERS/);
  await ui.press(':pods app=worker', KEYS.enter);
  assert.match(ui.frame(), /Pods \[all\] 1 of 4 +\/-l app=worker/);
  assert.match(ui.frame(), /worker-0/);
  await ui.press(':pods /web', KEYS.enter);
  assert.match(ui.frame(), /Pods \[all\] 2 of 4 +\/web/);
  await ui.press('-');
  assert.match(ui.frame(), /\/-l app=worker/, '- goes back to the previous view as it was');
  await ui.press('-');
  assert.match(ui.frame(), /Pods \[all\] 2 of 4 +\/web/, '- again: back where we were (k9s Last View, like cd -)');
  await ui.press('[', '[');
  assert.match(ui.frame(), /Groups \[all\]/, '[ walks back through the views');
  await ui.press(']');
  assert.match(ui.frame(), /\/-l app=worker/, '] forward again');
  await ui.press(':pods nope', KEYS.enter);
  assert.match(footer(ui.frame()), /expected a label selector \(app=x\) or \/text/);
});

test(':ns completes namespace names with Tab, refuses an unknown one, and accepts any when namespaces cannot be listed', async (t) => {
  const ui = shell();
  t.after(() => ui.unmount());
  await ui.press(':ns shi', KEYS.tab);
  assert.match(footer(ui.frame()), /:ns shipping/);
  await ui.press(KEYS.enter);
  assert.match(ui.frame(), /ns shipping/);
  await ui.press(':ns nosuch', KEYS.enter);
  assert.match(footer(ui.frame()), /no namespace "nosuch"/);
  assert.match(ui.frame(), /ns shipping/, 'the scope did not change');
  ui.unmount();
  const forbidden = renderWithProviders(makeStore(OBJECTS(), { forbidden: ['Namespace'] }), { fixedNow: NOW, columns: 100 });
  t.after(() => forbidden.unmount());
  await forbidden.press(':ns kube-', KEYS.tab);
  assert.match(footer(forbidden.frame()), /:ns kube-system/, 'names seen in objects complete when Namespaces are forbidden');
  await forbidden.press(KEYS.escape, ':ns team-x', KEYS.enter);
  assert.match(forbidden.frame(), /ns team-x/);
  assert.match(footer(forbidden.frame()), /namespace list forbidden, so it could not be checked/);
});

test('a screen that throws shows why in place; Esc goes back and the dashboard keeps working', async (t) => {
  const ui = shell({ initialView: 'groups' });
  t.after(() => ui.unmount());
  await ui.press('j', KEYS.enter);
  const f = ui.frame();
  assert.match(f, /This screen could not be drawn/);
  assert.match(f, /cannot read property of a missing backend/);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /Groups \[all\] 3/);
  await ui.press('k', KEYS.enter);
  assert.match(ui.frame(), /Groups > shop\/web/);
});

test('y fetches the whole object: loading… first, then the fetched object; the stored one when the fetch fails', async (t) => {
  let resolve!: (o: K8sObject | undefined) => void;
  const asked: string[] = [];
  const ui = shell({
    fullObject: (ref) => {
      asked.push(`${ref.kind}/${ref.namespace}/${ref.name}`);
      return new Promise((r) => (resolve = r));
    },
  });
  t.after(() => ui.unmount());
  ui.stdin.write('y');
  await ui.waitFor(/loading\.\.\./);
  assert.deepEqual(asked, ['Pod/kube-system/coredns-0']);
  const full = pod('kube-system', 'coredns-0');
  (full.metadata as Record<string, unknown>).managedFields = [{ manager: 'kubelet', operation: 'Update' }];
  full.metadata.annotations = { 'only-in-the-full-object': 'yes' };
  resolve(full);
  await ui.waitFor(/only-in-the-full-object: yes/);
  assert.doesNotMatch(ui.frame(), /managedFields/);
  ui.unmount();
  const failing = shell({ fullObject: async () => Promise.reject(new Error('pods "coredns-0" is forbidden: User "viewer" cannot get resource "pods"')) });
  t.after(() => failing.unmount());
  await failing.press('y');
  assert.match(failing.frame(), /could not fetch the whole object \(pods "coredns-0" is forbidden/);
  assert.match(failing.frame(), /name: coredns-0/);
});

function report(): DiagnosticsReport {
  const finding = (sev: 'error' | 'warning', name: string, root: boolean) => ({
    check: 'pod/crash-loop',
    severity: sev,
    object: { kind: 'Pod', namespace: 'shop', name },
    message: `container main of ${name} is in CrashLoopBackOff`,
    evidence: [],
    nextSteps: [],
    rootCause: root,
  });
  return {
    generatedAt: new Date(NOW).toISOString(),
    source: { source: 'snapshot' },
    summary: { error: 3, warning: 1, info: 0, objects: 3, rootCauses: { error: 1, warning: 1, info: 0 } },
    findings: [finding('error', 'web-0', true), finding('error', 'web-1', false), finding('error', 'worker-0', false), finding('warning', 'coredns-0', true)],
  } as unknown as DiagnosticsReport;
}

test('header: root causes counted, every finding on t; diagnostics may arrive as a Promise; ASCII marks under NO_COLOR', async (t) => {
  const ui = shell({ columns: 120, diagnose: async () => report() });
  t.after(() => ui.unmount());
  await ui.settle();
  const head = () => ui.frame().split('\n')[0]!;
  assert.match(head(), /E 1 W 1 I 0/);
  assert.doesNotMatch(head(), /[✖▲ℹ]/);
  await ui.press('t');
  assert.match(head(), /E 1 \(3\) W 1 \(1\) I 0 \(0\)/);
});

test('header at 80 columns: problem counts stay, the server URL goes first; snapshot file and evaluation time', async (t) => {
  const store = makeStore(OBJECTS());
  store.info = { ...store.info, context: 'kind-production-eu-west-1', server: 'https://api.production-eu-west-1.example.com:6443', path: '/home/me/captures/prod-2026-11-20.yaml', capturedAt: '2026-11-20T10:30:00Z' };
  const wide = renderWithProviders(store, { fixedNow: NOW, columns: 200, diagnose: () => report() });
  t.after(() => wide.unmount());
  await wide.settle();
  const w = wide.frame().split('\n')[0]!;
  assert.ok(w.includes(`snapshot @ ${absTime(NOW)}  prod-2026-11-20.yaml`), w);
  assert.match(w, /https:\/\/api\.production/);
  wide.unmount();
  const narrow = renderWithProviders(store, { fixedNow: NOW, columns: 80, diagnose: () => report() });
  t.after(() => narrow.unmount());
  await narrow.settle();
  const n = narrow.frame().split('\n')[0]!;
  assert.ok(n.length <= 80);
  assert.match(n, /E 1 W 1 I 0/, 'counts kept');
  assert.doesNotMatch(n, /https:/, 'the server URL went first');
  const demoStore = makeStore(OBJECTS());
  demoStore.info = { ...demoStore.info, source: 'demo', context: 'demo', namespace: 'ingress-nginx', capturedAt: '2026-11-20T10:30:00Z' };
  const demo = renderWithProviders(demoStore, { fixedNow: NOW, columns: 80, diagnose: () => report() });
  t.after(() => demo.unmount());
  await demo.settle();
  const d = demo.frame().split('\n')[0]!;
  assert.ok(d.includes('ns ingress-nginx  @ 2026-11-20 10:30 UTC  E 1 W 1 I 0'), `the evaluation time stays, without its seconds, when the whole one does not fit: ${d}`);
  const later = renderWithProviders(store, { fixedNow: NOW + 86_400_000, columns: 120 });
  t.after(() => later.unmount());
  await later.settle();
  assert.ok(later.frame().split('\n')[0]!.includes(`snapshot @ ${absTime(NOW + 86_400_000)} (--now)`), 'a --now other than the capture time says so');
});

test('header: skipped input documents show there, not only in the footer', async (t) => {
  const store = makeStore(OBJECTS());
  store.loadErrors.push({ file: 'capture.yaml', document: 3, message: 'YAML parse error: bad indentation of a mapping entry at line 12' });
  const ui = renderWithProviders(store, { fixedNow: NOW, columns: 120 });
  t.after(() => ui.unmount());
  await ui.settle();
  assert.match(ui.frame().split('\n')[0]!, /! 1 input document skipped/);
  assert.match(footer(ui.frame()), /capture\.yaml document 3: YAML parse error/);
});

test('header: connecting…, then list progress, never a blank screen', async (t) => {
  const store = makeStore([]);
  store.info = { ...store.info, source: 'live', context: 'prod' };
  store.setStatus('Pod', { state: 'pending' });
  store.setConnection({ state: 'connecting', since: Date.now() });
  const ui = renderWithProviders(store, { fixedNow: undefined, columns: 120 });
  t.after(() => ui.unmount());
  await ui.settle();
  assert.match(ui.frame().split('\n')[0]!, /connecting\.\.\./);
  assert.match(ui.frame(), /Pod: loading\.\.\./);
  store.setStatus('Pod', { state: 'loading', loaded: 3500, total: 30000 });
  store.setConnection({ state: 'live', since: Date.now() });
  await ui.waitFor(/Pods 3,500 \/ ~30,000/);
  assert.match(ui.frame(), /Pod: loading\.\.\. \(3,500 of ~30,000\)/);
  store.setStatus('Pod', { state: 'ready' });
  await ui.waitFor((f) => !/3,500/.test(f));
  assert.match(ui.frame(), /No pods\./);
});

test('a detail does not select lines naming its own object (its findings, its events): Enter there would open the same detail again', async (t) => {
  const store = (await openSnapshot(path.resolve('test/fixtures/snapshots/pods-list.yaml'), 'snapshot')).store;
  const ui = renderWithProviders(store, { columns: 80, rows: 30, diagnose: (s, now, ns) => runDiagnostics(s, { now, namespace: ns }) });
  t.after(() => ui.unmount());
  await ui.settle();
  await ui.press('j', KEYS.enter);
  await ui.waitFor(/error +pod\/crash-loop/);
  await ui.settle();
  assert.match(ui.frame(), /Pods > shop\/web-1/);
  await ui.press('j');
  assert.doesNotMatch(ui.frame(), /^>/m, 'the Problems heading names web-1 itself: not a row to select');
  assert.doesNotMatch(footer(ui.frame()), /Enter open/);
  await ui.press(KEYS.enter);
  await ui.press(KEYS.escape);
  assert.match(ui.frame(), /Pods \[all\] 2/, 'one Esc back to the list: Enter pushed no second copy of the detail');
  // :diag's finding detail keeps its object line selectable: Enter there opens the pod.
  await ui.press(':', ...'diag', KEYS.enter);
  await ui.press('/', ...'crash', KEYS.enter, KEYS.enter);
  assert.match(ui.frame(), /Diagnostics > pod\/crash-loop on Pod\/shop\/web-1/);
  await ui.press('j', KEYS.enter);
  assert.match(ui.frame(), /Pods > shop\/web-1/);
});

test('Ctrl-w says which wide columns do not fit the terminal (the table may not change at all)', async (t) => {
  const narrow = shell({ columns: 56 });
  t.after(() => narrow.unmount());
  await narrow.settle();
  await narrow.press(KEYS.ctrlW);
  assert.match(narrow.frame(), /Pods \[all\] 4 +wide/);
  assert.doesNotMatch(narrow.frame().split('\n')[2]!, /IP|NODE/, 'no wide column in the table');
  assert.match(footer(narrow.frame()), /wide columns on; none fits 56 columns: IP, NODE/);
  await narrow.press(KEYS.ctrlW);
  assert.match(footer(narrow.frame()), /normal columns/);
  narrow.unmount();
  const some = shell({ columns: 80 });
  t.after(() => some.unmount());
  await some.settle();
  await some.press(KEYS.ctrlW);
  assert.match(some.frame(), /IP +NODE/);
  assert.match(footer(some.frame()), /wide columns; not fitting 80 columns: NOMINATED NODE, READINESS GATES/);
  some.unmount();
  const wide = shell({ columns: 200 });
  t.after(() => wide.unmount());
  await wide.settle();
  await wide.press(KEYS.ctrlW);
  assert.match(wide.frame(), /IP +NODE +NOMINATED NODE +READINESS GATES/);
  assert.match(footer(wide.frame()), /^ wide columns$/);
});

test('a finding\'s detail (:diag, Enter) shows its message and evidence in full at 60 columns: wrapped, never cut', async (t) => {
  const store = (await openSnapshot(path.resolve('test/fixtures/snapshots/pods-list.yaml'), 'snapshot')).store;
  const ui = renderWithProviders(store, { columns: 60, rows: 40, initialView: 'diag', diagnose: (s, now, ns) => runDiagnostics(s, { now, namespace: ns }) });
  t.after(() => ui.unmount());
  await ui.waitFor(/CrashLoopBackOff/);
  await ui.press('/', ...'crash', KEYS.enter, KEYS.enter);
  const f = ui.frame();
  assert.match(f, /Diagnostics > pod\/crash-loop on Pod\/shop\/web-1/);
  assert.doesNotMatch(f.split('\n').slice(2, -1).join('\n'), /~$/m, 'no line of the detail is cut');
  const text = f.replace(/\s*\n\s*/g, ' ');
  assert.match(text, /container nginx is in CrashLoopBackOff after 4 restarts; last exit code 1 \(Error\): the application exited with an error/);
  assert.match(text, /- lastState\.terminated: exit code 1, reason Error, finished 2026-11-20 10:20:00 UTC \(10m ago\)/);
  assert.match(f, /^ {4}10:20:00 UTC \(10m ago\)$|^ {4}\S/m, 'evidence continues under its text, after the mark');
});

test('a line screen with a long title keeps its position (n-m of N) and cuts the middle of the title instead', async (t) => {
  const long = 'checkout-payments-reconciliation-worker-eu-west-1-7f9c8d6b5-x2k4z';
  const ui = shell({ columns: 80, rows: 12 }, [namespace('shop'), pod('shop', long)]);
  t.after(() => ui.unmount());
  await ui.settle();
  await ui.press(KEYS.enter);
  const title = ui.frame().split('\n')[1]!;
  assert.ok(title.length <= 80, title);
  assert.match(title, /^ Pods > shop\/checkout-payments-\S*~\S*-7f9c8d6b5-x2k4z +1-8 of \d+$/, `the position stays, and the name's end: ${title}`);
});
