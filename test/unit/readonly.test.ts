// The read-only guarantee (issue 2 §4): exactly one module talks to the API
// server, it can only read, and nothing else reaches the network or the
// Kubernetes client library.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as apiModule from '../../src/cluster/api.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { openLive } from '../../src/cluster/live.js';
import { saveSnapshot } from '../../src/commands/snapshot-save.js';
import { FakeApiServer, writeKubeconfig, namespaceObj, podObj, nodeObj } from '../helpers/fake-apiserver.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const API = 'src/cluster/api.ts';
const KUBECONFIG = 'src/cluster/kubeconfig.ts';
const READ_VERBS = ['get', 'list', 'watch', 'version', 'podLog'];

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const e of readdirSync(abs)) {
    const p = path.join(abs, e);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(path.join(dir, e)));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e)) out.push(path.join(dir, e));
  }
  return out;
}

/** Source text without comments (so a comment may mention what code may not do). */
function code(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const ALL = ['src', 'views', 'diagnostics', 'bin'].flatMap(sourceFiles);

test('the API module exports only the client factory, its error type and a predicate on the kubeconfig', () => {
  assert.deepEqual(Object.keys(apiModule).sort(), ['ApiError', 'createApiClient', 'needsClientNode']);
  assert.equal(apiModule.needsClientNode.length, 1);
});

test('the API client has only read operations (and close), and cannot be extended', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-ro-'));
  const loaded = await loadKubeconfig({ kubeconfig: writeKubeconfig(dir, { server: 'https://127.0.0.1:1' }), env: {} });
  const client = apiModule.createApiClient(loaded);
  try {
    const methods = Object.keys(client).filter((k) => typeof (client as unknown as Record<string, unknown>)[k] === 'function');
    assert.deepEqual(methods.sort(), [...READ_VERBS, 'close'].sort());
    assert.deepEqual(Object.keys(client).filter((k) => !methods.includes(k)), ['server']);
    assert.ok(Object.isFrozen(client));
    assert.equal(Object.getPrototypeOf(client), Object.prototype, 'no hidden methods on a prototype');
  } finally {
    client.close();
  }
});

test('the API module sends GET and nothing else', () => {
  const src = code(API);
  assert.doesNotMatch(src, /\b(POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE)\b/, 'no write verb appears in the code');
  const methods = [...src.matchAll(/\bmethod\s*:\s*([^,}\n]+)/g)].map((m) => m[1]!.trim());
  assert.deepEqual(methods, ["'GET'"], 'exactly one request method, a literal GET');
  assert.doesNotMatch(src, /\.write\s*\(/, 'no request body is ever written');
  assert.doesNotMatch(src, /X-HTTP-Method-Override/i);
  assert.doesNotMatch(src, /\bfetch\s*\(|WebSocket|http2/, 'no other transport');
  // client-node is used for configuration only: no generated API classes, watch/informer, exec, attach, port-forward, cp.
  for (const f of [API, KUBECONFIG]) {
    assert.doesNotMatch(code(f), /makeApiClient|\w+V1Api\b|\w+V1beta\d?Api\b|KubernetesObjectApi|makeInformer|\bnew (Watch|Exec|Attach|PortForward|Cp|Log|Metrics)\b/, f);
  }
});

test('no other file imports the Kubernetes client library or an HTTP client', () => {
  assert.ok(ALL.includes(API) && ALL.includes(KUBECONFIG) && ALL.length > 10, `scanned ${ALL.length} files`);
  const offenders: string[] = [];
  const NET = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"](?:node:)?(?:http|https|http2|net|tls|dgram|undici|node-fetch|axios|got|ws|isomorphic-ws)['"]/;
  for (const f of ALL) {
    const src = code(f);
    if (f !== API && f !== KUBECONFIG && src.includes('@kubernetes/client-node')) offenders.push(`${f}: mentions @kubernetes/client-node`);
    if (f !== API && NET.test(src)) offenders.push(`${f}: imports a network module`);
    if (/(^|[^.\w])fetch\s*\(/.test(src)) offenders.push(`${f}: calls fetch()`);
    if (/new\s+WebSocket\b/.test(src)) offenders.push(`${f}: opens a WebSocket`);
  }
  assert.deepEqual(offenders, []);
});

const servers: FakeApiServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

test('at runtime, a live session and a snapshot save send only GETs', async () => {
  const s = await new FakeApiServer({ watchTimeoutMs: 100 }).start();
  servers.push(s);
  s.add('Namespace', namespaceObj('shop'));
  s.add('Node', nodeObj('node-1'));
  s.add('Pod', podObj('shop', 'web-0'));
  s.setLog('shop', 'web-0', ['hello']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-ro-'));
  const file = writeKubeconfig(dir, { server: s.url, namespace: 'shop' });
  const { source } = await openLive({ kubeconfig: file, waitForSync: true, watchTimeoutSeconds: 1, minHealthyMs: 10, backoffBaseMs: 5, backoffCapMs: 20 });
  await source.switchNamespace(undefined);
  await new Promise<void>((r) => source.podLog({ namespace: 'shop', pod: 'web-0' }, () => undefined, () => r()));
  await new Promise((r) => setTimeout(r, 250)); // a few watch renewals
  source.stop();
  await saveSnapshot({ kubeconfig: file, allNamespaces: true }, path.join(dir, 'snap.yaml'));
  assert.ok(s.requests.length > 40);
  assert.deepEqual([...new Set(s.requests.map((r) => r.method))], ['GET']);
});
