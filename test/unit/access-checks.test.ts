// access/partial (issue 11): the advice must be true. Every namespace and kind
// that was skipped is named, and the RBAC rule that would grant the read is
// exact: view excludes Secrets, no built-in user role covers cluster-scoped
// kinds, and a cluster-scoped kind is checked without -n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessFindings, rbacRule } from '../../diagnostics/access.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import * as ingressArea from '../../diagnostics/ingress.js';
import type { Finding } from '../../diagnostics/types.js';
import { kindInfo } from '../../src/cluster/kinds.js';
import type { K8sObject } from '../../src/model/types.js';
import { makeStore, uid } from '../fixtures/common.js';
import { ingress } from '../fixtures/ingress/build.js';
import { NOW, iso, DAY } from '../fixtures/service/build.js';

function namespace(name: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { creationTimestamp: iso(90 * DAY), labels: { 'kubernetes.io/metadata.name': name }, name, resourceVersion: String(100 + name.length), uid: uid(`ns/${name}`) },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

const NAMESPACES = ['batch', 'default', 'shop', 'staging'].map(namespace);
/** What the live source records when the cluster-wide list is refused and the context namespace is read instead. */
const SECRETS_PARTIAL = {
  state: 'partial' as const,
  namespaces: ['default', 'shop'],
  message: 'secrets is forbidden: User "dev@example.com" cannot list resource "secrets" in API group "" in the namespace "batch"',
};

function byName(fs: Finding[], name: string): Finding {
  const f = fs.filter((x) => x.check === 'access/partial' && x.object.name === name);
  assert.equal(f.length, 1, `one access/partial for ${name}: ${fs.map((x) => x.object.name).join(', ')}`);
  return f[0]!;
}

test('the RBAC rule names the API group and the plural, for get, list and watch', () => {
  assert.equal(rbacRule(kindInfo('StorageClass')), '{apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"]}');
  assert.equal(rbacRule(kindInfo('Secret')), '{apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"]}');
});

test('Secrets readable in some namespaces: every namespace not read is named, and the fix is a Secret rule, not the view role', () => {
  const store = makeStore([...NAMESPACES]);
  store.setStatus('Secret', SECRETS_PARTIAL);
  const f = byName(accessFindings(store, undefined, []), 'secrets');
  assert.equal(f.severity, 'info');
  assert.equal(
    f.message,
    'secrets readable only in namespaces default, shop; not read in 2 namespaces: batch, staging',
  );
  // The API server's words once, in the evidence (not repeated from the message).
  assert.equal(f.evidence[0], 'API server: secrets is forbidden: User "dev@example.com" cannot list resource "secrets" in API group "" in the namespace "batch"');
  assert.ok(f.evidence.includes('namespaced resource; reading it needs {apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"]}'));
  assert.deepEqual(f.nextSteps.slice(0, 3), ['kubectl auth can-i list secrets -A', 'kubectl auth can-i list secrets -n batch', 'kubectl auth can-i list secrets -n staging']);
  const fix = f.nextSteps.find((s) => s.startsWith('fix: '))!;
  assert.match(fix, /^fix: the built-in view role excludes Secrets \(edit and admin include them, with write access\): a Role with rule \{apiGroups: \[""\], resources: \["secrets"\], verbs: \["get", "list", "watch"\]\} and a RoleBinding of it to user dev@example\.com in namespaces batch, staging/);
  // What to grant, in words: no command that changes the cluster (README, Diagnostics).
  assert.doesNotMatch(fix, /kubectl create/);
  assert.match(fix, /RBAC cannot limit this to TLS Secrets/);
  assert.doesNotMatch(fix, /clusterrole=view|through the built-in "view"/);
  // Twin: inside a namespace that was read, nothing is missing.
  assert.deepEqual(accessFindings(store, 'shop', []).filter((x) => x.object.name === 'secrets'), []);
});

test('cluster-scoped kinds: checked without -n, granted only by a ClusterRole and a ClusterRoleBinding', () => {
  const store = makeStore([...NAMESPACES], { forbidden: ['Node', 'PersistentVolume', 'StorageClass', 'IngressClass'] });
  const fs = accessFindings(store, 'shop', []);
  for (const [res, group, plural] of [
    ['nodes', '', 'nodes'],
    ['persistentvolumes', '', 'persistentvolumes'],
    ['storageclasses.storage.k8s.io', 'storage.k8s.io', 'storageclasses'],
    ['ingressclasses.networking.k8s.io', 'networking.k8s.io', 'ingressclasses'],
  ] as const) {
    const f = byName(fs, res);
    assert.equal(f.message, `${res} forbidden (403): not read at all`);
    assert.deepEqual(f.nextSteps.slice(0, 2), [`kubectl auth can-i list ${res}`, `kubectl auth can-i watch ${res}`]);
    for (const s of f.nextSteps) assert.doesNotMatch(s, / -n | -A\b|--all-namespaces/, `${res}: ${s}`);
    const fix = f.nextSteps.find((s) => s.startsWith('fix: '))!;
    assert.ok(fix.includes(`ClusterRole with rule {apiGroups: ["${group}"], resources: ["${plural}"], verbs: ["get", "list", "watch"]} bound to user viewer with a ClusterRoleBinding`), fix);
    assert.ok(fix.includes('the built-in view, edit and admin roles do not include it'), fix);
  }
});

test('a namespace-limited identity with -A: Namespaces unreadable, so other namespaces are "not read", never "only shop exists"; view kinds get a RoleBinding to view', () => {
  const store = makeStore([], { forbidden: ['Namespace'] });
  store.setStatus('Pod', { state: 'partial', namespaces: ['shop'], message: 'cannot list pods in all namespaces (pods is forbidden: User "ns-viewer" cannot list resource "pods" in API group "" at the cluster scope); showing namespace shop' });
  const f = byName(accessFindings(store, undefined, []), 'pods');
  assert.match(f.message, /^pods readable only in namespace shop; other namespaces were not read \(Namespaces could not be listed, so which exist is unknown\)/);
  const fix = f.nextSteps.find((s) => s.startsWith('fix: '))!;
  assert.match(fix, /^fix: the built-in ClusterRole view includes pods: a RoleBinding of ClusterRole view to user ns-viewer in each namespace to read, or a Role with rule/);
  assert.match(fix, /for every namespace at once \(what -A lists\), the same rule in a ClusterRole bound with a ClusterRoleBinding/);
  const ns = byName(accessFindings(store, undefined, []), 'namespaces');
  assert.ok(ns.nextSteps.includes('kubectl auth can-i list namespaces'));
});

test('skipped checks name every namespace they skipped, not only the first', () => {
  const objs = [
    ...NAMESPACES,
    ingress('reports', { namespace: 'batch', tls: [{ hosts: ['reports.example.com'], secretName: 'reports-tls' }] }),
    ingress('preview', { namespace: 'staging', tls: [{ hosts: ['preview.example.com'], secretName: 'preview-tls' }] }),
  ];
  const store = makeStore(objs);
  store.setStatus('Secret', SECRETS_PARTIAL);
  const report = runDiagnostics(store, { now: NOW, areas: [{ area: 'ingress', checks: ingressArea.checks, run: ingressArea.run }] });
  const f = byName(report.findings, 'secrets');
  // Every namespace, and the checks skipped for the same reasons on one line (not five lines saying the same).
  assert.ok(
    f.evidence.includes('skipped ingress/tls-cert-expired, ingress/tls-cert-expiring, ingress/tls-host-not-covered, ingress/tls-secret-missing, ingress/tls-secret-wrong-type: Secrets in batch could not be read (partial); Secrets in staging could not be read (partial)'),
    f.evidence.join('\n'),
  );
  assert.equal(report.findings.filter((x) => x.check === 'ingress/tls-secret-missing').length, 0, 'forbidden is never missing');
});

test('twin: everything readable, no access/partial at all', () => {
  assert.deepEqual(accessFindings(makeStore([...NAMESPACES]), undefined, []), []);
});
