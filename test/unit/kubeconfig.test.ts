import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKubeconfig, SourceError } from '../../src/cluster/kubeconfig.js';
import { UserError } from '../../src/cluster/errors.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/kubeconfig');
const fx = (n: string) => path.join(FIX, n);
const emptyHome = () => mkdtempSync(path.join(os.tmpdir(), 'k8stui-home-'));

async function error(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SourceError, `expected SourceError, got ${e}`);
    assert.ok(e instanceof UserError, 'SourceError is a UserError (exit 2)');
    assert.equal((e as UserError).exitCode, 2);
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    return e;
  }
  assert.fail('expected an error');
}

test('nothing found: names every place looked at and suggests --demo, never falls back to localhost:8080', async () => {
  const home = emptyHome();
  const e = await error(loadKubeconfig({ env: {}, home }));
  assert.match(e.message, /^no kubeconfig found \(looked at .*\); try --demo$/);
  assert.ok(e.message.includes(path.join(home, '.kube', 'config')), e.message);
  assert.match(e.message, /in-cluster service account \(KUBERNETES_SERVICE_HOST unset\)/);
  assert.ok(!e.message.includes('localhost:8080'));
});

test('nothing found with $KUBECONFIG pointing at missing files names them', async () => {
  const e = await error(loadKubeconfig({ env: { KUBECONFIG: '/nonexistent/a:/nonexistent/b' }, home: emptyHome() }));
  assert.match(e.message, /looked at \$KUBECONFIG=\/nonexistent\/a:\/nonexistent\/b/);
});

test('--kubeconfig /nonexistent names the file', async () => {
  const e = await error(loadKubeconfig({ kubeconfig: '/nonexistent/kubeconfig', env: {}, home: emptyHome() }));
  assert.equal(e.message, 'kubeconfig /nonexistent/kubeconfig: no such file');
});

test('--kubeconfig pointing at a directory says so', async () => {
  const dir = emptyHome();
  const e = await error(loadKubeconfig({ kubeconfig: dir, env: {} }));
  assert.match(e.message, /is a directory/);
});

test('malformed YAML names the file and the parser reason (one line)', async () => {
  const e = await error(loadKubeconfig({ kubeconfig: fx('malformed.yaml'), env: {} }));
  assert.ok(e.message.startsWith(`kubeconfig ${fx('malformed.yaml')}: invalid YAML: `), e.message);
  assert.match(e.message, /indentation|mapping|line \d+/i);
});

test('a structurally invalid kubeconfig (cluster without server) names the field', async () => {
  const dir = emptyHome();
  const f = path.join(dir, 'cfg');
  writeFileSync(f, 'apiVersion: v1\nkind: Config\nclusters:\n- name: x\n  cluster: {}\ncontexts: []\n');
  const e = await error(loadKubeconfig({ kubeconfig: f, env: {} }));
  assert.match(e.message, /clusters\[0\]\.cluster(\.server)? is missing/);
});

test('loads the current context with its cluster, user, namespace; relative cert paths resolve against the file', async () => {
  const k = await loadKubeconfig({ kubeconfig: fx('two-contexts.yaml'), env: {} });
  assert.equal(k.context, 'prod-admin');
  assert.equal(k.cluster, 'prod');
  assert.equal(k.server, 'https://prod.example.com:6443');
  assert.equal(k.user, 'alice@prod');
  assert.equal(k.namespace, 'shop');
  assert.equal(k.clusterInfo.caFile, path.join(FIX, 'ca/prod-ca.crt'));
  assert.equal(k.userInfo?.certFile, path.join(FIX, 'certs/alice.crt'));
  assert.deepEqual(
    k.contexts().map((c) => [c.name, c.current, c.namespace]),
    [
      ['prod-admin', true, 'shop'],
      ['staging', false, undefined],
    ],
  );
});

test('--context selects another context; withContext switches and validates', async () => {
  const k = await loadKubeconfig({ kubeconfig: fx('two-contexts.yaml'), context: 'staging', env: {} });
  assert.equal(k.context, 'staging');
  assert.equal(k.server, 'https://staging.example.com:6443');
  assert.equal(k.namespace, undefined);
  assert.equal(k.clusterInfo.skipTLSVerify, true);
  const back = await k.withContext('prod-admin');
  assert.equal(back.server, 'https://prod.example.com:6443');
  assert.equal(k.context, 'staging', 'the original is unchanged');
  const e = await error(k.withContext('nope'));
  assert.match(e.message, /context "nope" not found .*\(available: prod-admin, staging\)/);
});

test('unknown --context lists the available ones', async () => {
  const e = await error(loadKubeconfig({ kubeconfig: fx('two-contexts.yaml'), context: 'prod', env: {} }));
  assert.equal(e.message, `context "prod" not found in kubeconfig ${fx('two-contexts.yaml')} (available: prod-admin, staging)`);
});

test('a context whose cluster or user is missing names both', async () => {
  let e = await error(loadKubeconfig({ kubeconfig: fx('missing-cluster.yaml'), env: {} }));
  assert.equal(e.message, `context "broken" refers to cluster "prod-eu", which kubeconfig ${fx('missing-cluster.yaml')} does not define`);
  e = await error(loadKubeconfig({ kubeconfig: fx('missing-cluster.yaml'), context: 'no-user', env: {} }));
  assert.match(e.message, /context "no-user" refers to user "bob", which kubeconfig .* does not define/);
});

test('no current-context asks for --context and lists the contexts', async () => {
  const e = await error(loadKubeconfig({ kubeconfig: fx('no-current.yaml'), env: {} }));
  assert.match(e.message, /sets no current-context; pass --context \(available: dev\)/);
});

test('an empty kubeconfig file says it defines no contexts', async () => {
  const dir = emptyHome();
  const f = path.join(dir, 'empty');
  writeFileSync(f, '\n');
  const e = await error(loadKubeconfig({ kubeconfig: f, env: {} }));
  assert.match(e.message, /defines no contexts; try --demo/);
});

test('$KUBECONFIG merges like kubectl: first file wins per name, current-context from the first that sets it, missing files skipped', async () => {
  const env = { KUBECONFIG: [fx('merge/a.yaml'), '/nonexistent/skip-me', fx('merge/b.yaml'), fx('merge/c.yaml')].join(':') };
  const k = await loadKubeconfig({ env, home: emptyHome() });
  assert.equal(k.context, 'only-b', 'a sets no current-context; b does, c comes later');
  assert.equal(k.server, 'https://only-b.example.com:6443');
  assert.equal(k.user, 'b-user');
  assert.deepEqual(
    k.contexts().map((c) => c.name),
    ['shared', 'only-b'],
  );
  const shared = await k.withContext('shared');
  assert.equal(shared.server, 'https://from-a.example.com:6443', 'cluster "shared" from a wins over b');
  assert.equal(shared.namespace, 'ns-from-a');
  assert.equal(shared.userInfo?.token, 'token-from-a');

  const k2 = await loadKubeconfig({ env: { KUBECONFIG: [fx('merge/c.yaml'), fx('merge/b.yaml'), fx('merge/a.yaml')].join(':') }, home: emptyHome() });
  assert.equal(k2.context, 'shared', 'c is first and sets current-context');
  assert.equal(k2.server, 'https://from-b.example.com:6443', 'now b comes before a');
});

test('$KUBECONFIG with a malformed file fails naming that file', async () => {
  const e = await error(loadKubeconfig({ env: { KUBECONFIG: [fx('merge/a.yaml'), fx('malformed.yaml')].join(':') }, home: emptyHome() }));
  assert.ok(e.message.startsWith(`kubeconfig ${fx('malformed.yaml')}: invalid YAML`), e.message);
});

test('~/.kube/config is used when neither --kubeconfig nor $KUBECONFIG is set', async () => {
  const home = emptyHome();
  mkdirSync(path.join(home, '.kube'));
  writeFileSync(
    path.join(home, '.kube', 'config'),
    'apiVersion: v1\nkind: Config\nclusters:\n- name: kind-dev\n  cluster:\n    server: https://127.0.0.1:39201\nusers:\n- name: kind-dev\n  user:\n    token: t\ncontexts:\n- name: kind-dev\n  context:\n    cluster: kind-dev\n    user: kind-dev\ncurrent-context: kind-dev\n',
  );
  const k = await loadKubeconfig({ env: {}, home });
  assert.equal(k.context, 'kind-dev');
  assert.equal(k.origin, path.join(home, '.kube', 'config'));
});

test('in-cluster service account: token, CA and namespace from the mounted files', async () => {
  const root = emptyHome();
  const sa = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(sa, { recursive: true });
  writeFileSync(path.join(sa, 'token'), 'eyJhbGciOiJSUzI1NiJ9.sa-token\n');
  writeFileSync(path.join(sa, 'ca.crt'), '-----BEGIN CERTIFICATE-----\n');
  writeFileSync(path.join(sa, 'namespace'), 'monitoring\n');
  const k = await loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, home: emptyHome(), inClusterRoot: root });
  assert.equal(k.server, 'https://10.96.0.1:443');
  assert.equal(k.namespace, 'monitoring');
  assert.equal(k.origin, 'in-cluster service account');
  assert.equal(k.clusterInfo.caFile, path.join(sa, 'ca.crt'));
  assert.equal(process.env.KUBERNETES_SERVICE_HOST, undefined, 'the real environment is left alone');

  const e = await error(loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, home: emptyHome(), inClusterRoot: path.join(root, 'nope') }));
  assert.match(e.message, /in-cluster service account \(.*token missing\)/);
});

test('certificates and tokens never load client-node; exec plugins, auth-provider and proxy-url do', async () => {
  const { needsClientNode } = await import('../../src/cluster/api.js');
  const dir = emptyHome();
  const cfg = (user: string, cluster = '') => {
    const f = path.join(dir, `cfg-${Math.random().toString(36).slice(2)}`);
    writeFileSync(f, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:9\n${cluster}users:\n- name: u\n  user:\n${user}contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n`);
    return f;
  };
  const tokenCfg = cfg('    token: abc\n', '    insecure-skip-tls-verify: true\n');
  assert.equal(needsClientNode(await loadKubeconfig({ kubeconfig: tokenCfg, env: {} })), false);
  assert.equal(needsClientNode(await loadKubeconfig({ kubeconfig: cfg('    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n'), env: {} })), true);
  assert.equal(needsClientNode(await loadKubeconfig({ kubeconfig: cfg('    auth-provider:\n      name: oidc\n      config: {}\n'), env: {} })), true);
  assert.equal(needsClientNode(await loadKubeconfig({ kubeconfig: cfg('    token: abc\n', '    proxy-url: http://127.0.0.1:3128\n'), env: {} })), true);

  // A process that loads the kubeconfig and sends a request with a token: any import of client-node fails it.
  const hook = `export async function resolve(s, c, next) { if (s.includes('@kubernetes/client-node')) throw new Error('client-node was loaded'); return next(s, c); }`;
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cluster');
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    const { loadKubeconfig } = await import(${JSON.stringify(path.join(dist, 'kubeconfig.js'))});
    const { createApiClient } = await import(${JSON.stringify(path.join(dist, 'api.js'))});
    const api = createApiClient(await loadKubeconfig({ kubeconfig: ${JSON.stringify(tokenCfg)}, env: {} }), { requestTimeoutMs: 2000 });
    try { await api.version(); } catch (e) { if (/client-node/.test(String(e?.message))) throw e; }
    api.close();
    console.log('ok');`;
  const { execFileSync } = await import('node:child_process');
  assert.equal(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim(), 'ok');
});
