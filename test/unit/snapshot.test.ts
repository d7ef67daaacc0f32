import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatLoadError, loadSnapshot, openSnapshot, SnapshotError, splitDocuments } from '../../src/cluster/snapshot.js';

const FIXTURE = path.resolve('test/fixtures/snapshots/pods-list.yaml');

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8stui-snap-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const svcYaml = (name: string, ns = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  clusterIP: None
  selector:
    app: nginx
`;

test('a kubectl v1 List with SnapshotInfo loads, with capture time and context', async () => {
  const { store, result } = await openSnapshot(FIXTURE, 'snapshot');
  assert.deepEqual(result.errors, []);
  assert.equal(store.count('Pod'), 2);
  assert.equal(store.info.capturedAt, '2026-11-20T10:30:00Z');
  assert.equal(store.info.context, 'test-ctx');
  assert.equal(store.status('Pod').state, 'ready');
  assert.equal(store.status('Service').state, 'absent', 'a kind not in the snapshot is unknown, not empty');
  const web0 = store.get('Pod', 'shop', 'web-0')!;
  assert.equal('managedFields' in web0.metadata, false);
  assert.equal(web0.metadata.annotations!.evil, 'title', 'escape sequences stripped');
});

test('multi-document YAML, JSON objects, JSON lists and typed lists (PodList items without kind)', async () => {
  const dir = tmp({
    'a/services.yaml': `---\n${svcYaml('nginx')}---\n# comment only\n---\n${svcYaml('web')}`,
    'b/pod.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [] } }),
    'c/list.json': JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'q', namespace: 'batch' }, spec: { containers: [] } }] }),
    'd/lines.yaml': ['---', JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'batch' } }), '---', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } })].join('\n'),
    'ignored.txt': 'not yaml',
  });
  const res = await loadSnapshot(dir);
  assert.deepEqual(res.errors, []);
  assert.deepEqual(res.objects.get('Service')!.map((s) => s.metadata.name), ['nginx', 'web']);
  assert.deepEqual(res.objects.get('Pod')!.map((p) => `${p.metadata.namespace}/${p.metadata.name}:${p.kind}`), ['shop/p:Pod', 'batch/q:Pod']);
  assert.equal(res.objects.get('Job')!.length, 1);
  assert.equal(res.unknownKinds.get('ConfigMap (v1)'), 1, 'unknown kinds are counted, not loaded');
  assert.equal(res.files.length, 4);
});

test('a malformed document names the file and document number, and the rest still loads', async () => {
  const dir = tmp({ 'x.yaml': `${svcYaml('one')}---\nkind: Service\nmetadata: [unclosed\n---\n${svcYaml('three')}---\n- just\n- a list\n---\napiVersion: v1\nmetadata:\n  name: nokind\n` });
  const { store, result } = await openSnapshot(dir, 'snapshot');
  const file = path.join(dir, 'x.yaml');
  assert.equal(store.count('Service'), 2);
  assert.equal(result.errors.length, 3);
  assert.deepEqual(result.errors.map((e) => [e.file, e.document]), [[file, 2], [file, 4], [file, 5]]);
  assert.match(result.errors[0]!.message, /^line 12, column \d+: Flow sequence/, 'the position is a line of the file, not of the document');
  assert.equal(result.errors[1]!.message, 'not a Kubernetes object (expected a mapping with apiVersion and kind)');
  assert.equal(result.errors[2]!.message, 'missing "kind"');
  assert.match(formatLoadError(result.errors[1]!), /x\.yaml: document 4: not a Kubernetes object/);
  // Kept on the store, structured (the header, the reports) and as lines (the footer).
  assert.deepEqual(store.loadErrors, result.errors);
  assert.deepEqual(store.warnings, result.errors.map(formatLoadError));
  for (const e of result.errors) assert.equal(formatLoadError(e).includes('\n'), false, 'one line each');
});

test('issue 8: a two-document file whose first document is broken YAML keeps the second, and says which document, where and why', async () => {
  // A label map whose closing brace was lost in an edit: the first Service is unreadable.
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels: {app: web
spec:
  selector:
    app: web
---
${svcYaml('api')}`;
  const dir = tmp({ 'capture.yaml': text });
  const { store, result } = await openSnapshot(dir, 'snapshot');
  assert.deepEqual(store.list('Service').map((s) => s.metadata.name), ['api']);
  assert.equal(result.errors.length, 1);
  const e = result.errors[0]!;
  assert.equal(e.file, path.join(dir, 'capture.yaml'));
  assert.equal(e.document, 1);
  assert.match(e.message, /^line 7, column 1: Flow map in block collection must be sufficiently indented and end with a \}$/);
  assert.deepEqual(store.loadErrors, [e]);
});

test('List items that cannot be read are named by item, inside the document', async () => {
  const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ok', namespace: 'shop' } }, { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop' } }, 'oops'] };
  const dir = tmp({ 'l.json': JSON.stringify(list) });
  const res = await loadSnapshot(dir);
  assert.deepEqual(res.errors.map(formatLoadError), [
    `${path.join(dir, 'l.json')}: item 2: Service without metadata.name`,
    `${path.join(dir, 'l.json')}: item 3: not a Kubernetes object (expected a mapping with apiVersion and kind)`,
  ]);
  assert.equal(res.objects.get('Service')!.length, 1);
});

test('a snapshot with nothing usable is an error naming the cause', async () => {
  await assert.rejects(openSnapshot('/nonexistent/snap.yaml', 'snapshot'), (e: Error) => e instanceof SnapshotError && /\/nonexistent\/snap\.yaml: no such file or directory/.test(e.message));
  const bad = tmp({ 'bad.yaml': 'kind: [\n' });
  await assert.rejects(openSnapshot(bad, 'snapshot'), (e: Error) => /bad\.yaml: document 1: line \d+, column \d+: /.test(e.message) && !e.message.includes('more'));
  const bad2 = tmp({ 'bad.yaml': 'kind: [\n---\n- a\n' });
  await assert.rejects(openSnapshot(bad2, 'snapshot'), (e: Error) => /bad\.yaml: document 1: .* \(and 1 more document that could not be read\)$/.test(e.message));
  const empty = tmp({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
  await assert.rejects(openSnapshot(empty, 'snapshot'), /no Kubernetes objects k8stui reads \(found only ConfigMap/);
  const nofiles = tmp({ 'readme.txt': 'x' });
  await assert.rejects(openSnapshot(nofiles, 'snapshot'), /no \.yaml, \.yml or \.json files/);
});

test('SnapshotInfo kind states are honoured: forbidden and partial stay unknown', async () => {
  const info = `apiVersion: k8stui.dev/v1
kind: SnapshotInfo
capturedAt: "2026-11-20T10:30:00Z"
kinds:
  Service: {state: ready, count: 1}
  Secret: {state: forbidden, message: 'secrets is forbidden: User "viewer" cannot list resource "secrets"'}
  Pod: {state: partial, namespaces: [shop], message: cluster scope forbidden}
`;
  const dir = tmp({ 'snap.yaml': `${info}---\n${svcYaml('nginx')}` });
  const { store } = await openSnapshot(dir, 'snapshot');
  assert.equal(store.status('Service').state, 'ready');
  assert.equal(store.status('Secret').state, 'forbidden');
  assert.equal(store.complete('Pod', 'shop'), true);
  assert.equal(store.complete('Pod', 'other'), false);
  assert.equal(store.status('Job').state, 'absent');
});

test('splitDocuments keeps --- inside block scalars (indented) and handles document end markers', () => {
  const docs = splitDocuments('a: |\n  ---\n  text\n---\nb: 1\n...\n---\nc: 2\n');
  assert.equal(docs.length, 3);
  assert.match(docs[0]!, /  ---/);
});
