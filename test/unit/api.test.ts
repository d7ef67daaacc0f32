import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type Socket } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { ApiError, createApiClient, type WatchEvent } from '../../src/cluster/api.js';
import {
  FakeApiServer,
  makeTlsFixtures,
  writeKubeconfig,
  podObj,
  tlsSecretObj,
  opaqueSecretObj,
  namespaceObj,
} from '../helpers/fake-apiserver.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'k8stui-api-'));
const servers: { stop(): Promise<void> }[] = [];
after(async () => {
  for (const s of servers) await s.stop().catch(() => undefined);
});

async function fake(opts: ConstructorParameters<typeof FakeApiServer>[0] = {}): Promise<FakeApiServer> {
  const s = await new FakeApiServer(opts).start();
  servers.push(s);
  return s;
}

async function clientFor(server: string, spec: Partial<Parameters<typeof writeKubeconfig>[1]> = {}, reqTimeout?: number) {
  const file = writeKubeconfig(tmp(), { server, ...spec });
  const loaded = await loadKubeconfig({ kubeconfig: file, env: {} });
  return createApiClient(loaded, { requestTimeoutMs: reqTimeout });
}

async function rejects(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${e}`);
    return e;
  }
  assert.fail('expected a rejection');
}

test('list returns one page with continue; items arrive without kind (as from a real server); bearer token sent', async () => {
  const s = await fake({ token: 's3cret' });
  s.add('Pod', ...['web-0', 'web-1', 'web-2'].map((n) => podObj('shop', n)));
  const api = await clientFor(s.url, { token: 's3cret' });
  try {
    const p1 = await api.list('Pod', { namespace: 'shop', limit: 2 });
    assert.deepEqual(
      p1.items.map((p) => p.metadata.name),
      ['web-0', 'web-1'],
    );
    assert.equal(p1.items[0].kind, undefined);
    assert.equal(p1.kind, 'PodList');
    assert.ok(p1.continue);
    assert.equal(p1.remainingItemCount, 1);
    assert.equal(p1.resourceVersion, String(s.rv));
    const p2 = await api.list('Pod', { namespace: 'shop', limit: 2, continue: p1.continue });
    assert.deepEqual(
      p2.items.map((p) => p.metadata.name),
      ['web-2'],
    );
    assert.equal(p2.continue, undefined);
    const req = s.requests.at(-1)!;
    assert.equal(req.path, '/api/v1/namespaces/shop/pods');
    assert.equal(req.headers.authorization, 'Bearer s3cret');
    assert.equal(req.query.get('limit'), '2');
  } finally {
    api.close();
  }
});

test('Secrets are always listed with the TLS field selector', async () => {
  const s = await fake();
  s.add('Secret', tlsSecretObj('shop', 'shop-tls', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), opaqueSecretObj('shop', 'db-password'));
  const api = await clientFor(s.url);
  try {
    const page = await api.list('Secret', {});
    assert.deepEqual(
      page.items.map((x) => x.metadata.name),
      ['shop-tls'],
    );
    assert.equal(s.requests.at(-1)!.query.get('fieldSelector'), 'type=kubernetes.io/tls');
    await api.list('Secret', { fieldSelector: 'metadata.namespace=shop' });
    assert.equal(s.requests.at(-1)!.query.get('fieldSelector'), 'type=kubernetes.io/tls,metadata.namespace=shop');
  } finally {
    api.close();
  }
});

test('errors carry the HTTP status and the Status reason/message; 404 plain text; 401', async () => {
  const s = await fake({ token: 'good' });
  s.forbid('pods');
  s.notServed.add('discovery.k8s.io/v1');
  const api = await clientFor(s.url, { token: 'good' });
  const bad = await clientFor(s.url, { token: 'expired' });
  try {
    let e = await rejects(api.list('Pod', {}));
    assert.equal(e.status, 403);
    assert.equal(e.reason, 'Forbidden');
    assert.equal(e.message, 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope');
    e = await rejects(api.list('EndpointSlice', {}));
    assert.equal(e.status, 404);
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.message, '404 page not found');
    e = await rejects(bad.version());
    assert.equal(e.status, 401);
    assert.equal(e.reason, 'Unauthorized');
    s.fail('namespaces', 1, 500);
    e = await rejects(api.list('Namespace', {}));
    assert.equal(e.status, 500);
    assert.equal(e.reason, 'InternalError');
    assert.match(e.message, /etcdserver: request timed out/);
  } finally {
    api.close();
    bad.close();
  }
});

test('one keep-alive connection serves many requests (no Agent per request)', async () => {
  const s = await fake();
  s.add('Namespace', namespaceObj('shop'));
  const api = await clientFor(s.url);
  try {
    for (let i = 0; i < 12; i++) await api.list('Namespace', {});
    await api.version();
    assert.equal(s.requests.length, 13);
    assert.equal(s.connections, 1, 'all sequential requests reused one socket');
  } finally {
    api.close();
  }
  // close() leaves no socket behind.
  await waitFor(() => s.openSockets() === 0);
});

test('user.tokenFile (relative to the kubeconfig) is read, and its trailing newline trimmed', async () => {
  const s = await fake({ token: 'from-file' });
  const dir = tmp();
  const tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, 'from-file\n');
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${s.url}\nusers:\n- name: u\n  user:\n    tokenFile: token\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n`,
  );
  const api = createApiClient(await loadKubeconfig({ kubeconfig: file, env: {} }));
  try {
    const v = await api.version();
    assert.equal(v.gitVersion, 'v1.31.4');
    assert.equal(s.requests.at(-1)!.headers.authorization, 'Bearer from-file');
  } finally {
    api.close();
  }
});

test('HTTPS: verifies the server against the kubeconfig CA, authenticates with a client certificate', async () => {
  const tls = makeTlsFixtures();
  const s = await fake({ tls: { key: tls.serverKey, cert: tls.serverCert, clientCa: tls.caCert } });
  s.forbid('nodes');
  const api = await clientFor(s.url, { caData: tls.caCert, clientCert: tls.clientCert, clientKey: tls.clientKey });
  try {
    assert.equal((await api.version()).gitVersion, 'v1.31.4');
    const e = await rejects(api.list('Node', {}));
    assert.match(e.message, /User "alice" cannot list resource "nodes"/, 'the server saw the client certificate');
  } finally {
    api.close();
  }
  const wrongCa = await clientFor(s.url, { caData: tls.otherCaCert });
  try {
    const e = await rejects(wrongCa.version());
    assert.equal(e.status, 0);
    assert.ok(e.code && /CERT|SIGNATURE|ISSUER/.test(e.code), `TLS error code: ${e.code}`);
  } finally {
    wrongCa.close();
  }
  const insecure = await clientFor(s.url, { insecure: true });
  try {
    assert.equal((await insecure.version()).major, '1', 'insecure-skip-tls-verify is honoured');
  } finally {
    insecure.close();
  }
});

test('tls-server-name is the name the certificate is checked against', async () => {
  const tls = makeTlsFixtures();
  const s = await fake({ tls: { key: tls.serverKey, cert: tls.serverCert } });
  const ok = await clientFor(s.url, { caData: tls.caCert, tlsServerName: 'kubernetes.default.svc' });
  const wrong = await clientFor(s.url, { caData: tls.caCert, tlsServerName: 'api.wrong.example' });
  try {
    assert.equal((await ok.version()).gitVersion, 'v1.31.4');
    const e = await rejects(wrong.version());
    assert.equal(e.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  } finally {
    ok.close();
    wrong.close();
  }
});

test('exec credential plugins: the token is fetched, cached until it expires, then fetched again', async () => {
  const s = await fake();
  const dir = tmp();
  const plugin = path.join(dir, 'plugin.cjs');
  const counter = path.join(dir, 'count');
  writeFileSync(
    plugin,
    `const fs = require('fs');
fs.appendFileSync(process.argv[2], 'x');
const n = fs.readFileSync(process.argv[2], 'utf8').length;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
  status: { token: 'exec-token-' + n, expirationTimestamp: new Date(Date.now() + Number(process.argv[3])).toISOString() } }));
`,
  );
  const api = await clientFor(s.url, { exec: { command: process.execPath, args: [plugin, counter, '300'] } });
  try {
    await api.version();
    await api.list('Namespace', {});
    assert.deepEqual(
      s.requests.slice(-2).map((r) => r.headers.authorization),
      ['Bearer exec-token-1', 'Bearer exec-token-1'],
      'cached while valid',
    );
    await new Promise((r) => setTimeout(r, 350));
    await api.list('Namespace', {});
    assert.equal(s.requests.at(-1)!.headers.authorization, 'Bearer exec-token-2', 'refreshed per request after expiry');
    // After the next expiry, requests that start together run the plugin once.
    await new Promise((r) => setTimeout(r, 350));
    await Promise.all(Array.from({ length: 8 }, () => api.list('Namespace', {})));
    assert.deepEqual(new Set(s.requests.slice(-8).map((r) => r.headers.authorization)), new Set(['Bearer exec-token-3']));
    assert.equal(readFileSync(counter, 'utf8').length, 3, 'the plugin ran three times in all');
  } finally {
    api.close();
  }
  const broken = await clientFor(s.url, { exec: { command: '/nonexistent/credential-plugin' } });
  try {
    const e = await rejects(broken.version());
    assert.equal(e.reason, 'AuthError');
    assert.match(e.message, /^could not load the credentials or certificates for user "fake" of context "fake": .*ENOENT/);
    assert.ok(!e.message.includes('\n'));
  } finally {
    broken.close();
  }
});

test('a certificate-authority file that does not exist is a one-line error naming it', async () => {
  const s = await fake();
  const dir = tmp();
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${s.port}\n    certificate-authority: pki/ca.crt\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n`,
  );
  const api = createApiClient(await loadKubeconfig({ kubeconfig: file, env: {} }));
  try {
    const e = await rejects(api.version());
    assert.equal(e.reason, 'AuthError');
    assert.ok(e.message.includes(path.join(dir, 'pki/ca.crt')), e.message);
    assert.ok(!e.message.includes('\n'));
  } finally {
    api.close();
  }
});

test('proxy-url: requests are tunnelled through the proxy (CONNECT), over one kept-alive tunnel', async () => {
  const s = await fake();
  const proxied: string[] = [];
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    proxied.push(`${req.method} ${req.url}`);
    const [host, port] = req.url!.split(':');
    const up = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const port = (proxy.address() as { port: number }).port;
  const api = await clientFor(s.url, { proxyUrl: `http://127.0.0.1:${port}` });
  try {
    assert.equal((await api.version()).gitVersion, 'v1.31.4');
    await api.list('Namespace', {});
    assert.deepEqual(proxied, [`CONNECT 127.0.0.1:${s.port}`]);
    assert.deepEqual(
      s.requests.map((r) => r.path),
      ['/version', '/api/v1/namespaces'],
    );
  } finally {
    api.close();
    proxy.closeAllConnections();
    proxy.close();
  }
});

test('unreachable server: status 0 with the network code', async () => {
  const s = await fake();
  const port = s.port;
  await s.stop();
  const api = await clientFor(`http://127.0.0.1:${port}`);
  try {
    const e = await rejects(api.version());
    assert.equal(e.status, 0);
    assert.equal(e.code, 'ECONNREFUSED');
  } finally {
    api.close();
  }
});

test('a server that never answers times out (idle timeout, ms)', async () => {
  const hung = http.createServer(() => undefined);
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  const port = (hung.address() as { port: number }).port;
  const api = await clientFor(`http://127.0.0.1:${port}`, {}, 80);
  try {
    const t0 = Date.now();
    const e = await rejects(api.version());
    assert.equal(e.reason, 'Timeout');
    assert.ok(Date.now() - t0 < 2000);
  } finally {
    api.close();
    hung.closeAllConnections();
    hung.close();
  }
});

test('watch streams events (lines split across chunks), reports onOpen, ends when the server closes', async () => {
  // A raw server so the JSON lines can be cut mid-line.
  const events = [
    { type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', namespace: 'shop', resourceVersion: '11' } } },
    { type: 'MODIFIED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', namespace: 'shop', resourceVersion: '12' } } },
    { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '15' } } },
    { type: 'DELETED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', namespace: 'shop', resourceVersion: '16' } } },
  ];
  const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  let seenUrl = '';
  const raw = http.createServer(async (req, res) => {
    seenUrl = req.url ?? '';
    res.writeHead(200, { 'Content-Type': 'application/json' });
    for (let i = 0; i < text.length; i += 37) {
      res.write(text.slice(i, i + 37));
      await new Promise((r) => setTimeout(r, 1));
    }
    res.end();
  });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  const port = (raw.address() as { port: number }).port;
  const api = await clientFor(`http://127.0.0.1:${port}`);
  try {
    const got: WatchEvent[] = [];
    let opened = 0;
    const end = await api.watch('Pod', { namespace: 'shop', resourceVersion: '10', timeoutSeconds: 290, onOpen: () => opened++ }, (ev) => got.push(ev));
    assert.equal(end, 'closed');
    assert.equal(opened, 1);
    assert.deepEqual(got, events);
    const q = new URL(seenUrl, 'http://x');
    assert.equal(q.pathname, '/api/v1/namespaces/shop/pods');
    assert.equal(q.searchParams.get('watch'), 'true');
    assert.equal(q.searchParams.get('resourceVersion'), '10');
    assert.equal(q.searchParams.get('allowWatchBookmarks'), 'true');
    assert.equal(q.searchParams.get('timeoutSeconds'), '290');
  } finally {
    api.close();
    raw.closeAllConnections();
    raw.close();
  }
});

test('watch: a silent stream fails as Stalled; abort resolves "aborted"; a 410 answer rejects with status 410', async () => {
  const s = await fake();
  s.add('Pod', podObj('shop', 'web-0'));
  const api = await clientFor(s.url);
  try {
    s.stalled.add('pods');
    const t0 = Date.now();
    const e = await rejects(api.watch('Pod', { resourceVersion: String(s.rv), idleTimeoutMs: 60 }, () => undefined));
    assert.equal(e.reason, 'Stalled');
    assert.ok(Date.now() - t0 < 2000);
    s.stalled.clear();

    const ctrl = new AbortController();
    const got: string[] = [];
    const p = api.watch('Pod', { resourceVersion: String(s.rv) }, (ev) => got.push(`${ev.type} ${ev.object.metadata.name}`), ctrl.signal);
    await waitFor(() => s.watchCount('pods') === 1);
    s.add('Pod', podObj('shop', 'web-1'));
    await waitFor(() => got.length === 1);
    ctrl.abort();
    assert.equal(await p, 'aborted');
    assert.deepEqual(got, ['ADDED web-1']);

    s.compact();
    s.goneAs = 'http';
    const gone = await rejects(api.watch('Pod', { resourceVersion: '5' }, () => undefined));
    assert.equal(gone.status, 410);
    assert.equal(gone.reason, 'Expired');
  } finally {
    api.close();
  }
});

test('podLog streams lines, sanitized for the terminal, with tailLines and container', async () => {
  const s = await fake();
  s.setLog('shop', 'web-0', ['10.0.0.1 - - "GET / HTTP/1.1" 200', 'evil \u001b]0;pwned\u0007title \u001b[2Jclear', 'last']);
  const api = await clientFor(s.url);
  try {
    const lines: string[] = [];
    await api.podLog('shop', 'web-0', { container: 'nginx', tailLines: 2 }, (l) => lines.push(l));
    assert.deepEqual(lines, ['evil title clear', 'last']);
    const q = s.requests.at(-1)!;
    assert.equal(q.path, '/api/v1/namespaces/shop/pods/web-0/log');
    assert.equal(q.query.get('container'), 'nginx');
    assert.equal(q.query.get('tailLines'), '2');
    const e = await rejects(api.podLog('shop', 'nope', {}, () => undefined));
    assert.equal(e.status, 404);
  } finally {
    api.close();
  }
});

test('every request the client sent was a GET', async () => {
  for (const s of servers) {
    if (!(s instanceof FakeApiServer)) continue;
    for (const r of s.requests) assert.equal(r.method, 'GET', `${r.method} ${r.path}`);
  }
});

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
