import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLive, backoffDelay, type LiveOptions, type LiveSource, type RetryInfo } from '../../src/cluster/live.js';
import { SourceError } from '../../src/cluster/kubeconfig.js';
import type { ClusterStore, ConnectionState } from '../../src/cluster/store.js';
import { KINDS } from '../../src/cluster/kinds.js';
import {
  FakeApiServer,
  makeTlsFixtures,
  writeKubeconfig,
  namespaceObj,
  nodeObj,
  podObj,
  eventObj,
  tlsSecretObj,
  opaqueSecretObj,
  statefulSetObj,
  headlessServiceObj,
  endpointSliceObj,
  type KubeconfigSpec,
} from '../helpers/fake-apiserver.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'k8stui-live-'));
const servers: FakeApiServer[] = [];
const sources: LiveSource[] = [];
after(async () => {
  for (const s of sources) s.stop();
  for (const s of servers) await s.stop().catch(() => undefined);
});

/** Production knobs scaled to milliseconds. */
const FAST: Partial<LiveOptions> = {
  pageSize: 2,
  watchTimeoutSeconds: 1,
  stallMs: 2000,
  backoffBaseMs: 5,
  backoffCapMs: 40,
  minHealthyMs: 40,
  staleAfterMs: 60_000,
  pollMs: 40,
  probeTimeoutMs: 1000,
  requestTimeoutMs: 3000,
};

async function fake(opts: ConstructorParameters<typeof FakeApiServer>[0] = {}): Promise<FakeApiServer> {
  // The server ends each watch after 1 s (a real one after timeoutSeconds); FAST.stallMs is longer, as in production.
  const s = await new FakeApiServer({ watchTimeoutMs: 1000, ...opts }).start();
  servers.push(s);
  return s;
}

function seed(s: FakeApiServer): void {
  s.add('Namespace', namespaceObj('shop'), namespaceObj('kube-system'), namespaceObj('default'));
  s.add('Node', nodeObj('node-1'));
  const [sts] = s.add('StatefulSet', statefulSetObj('shop', 'web', 5));
  s.add('Pod', ...[0, 1, 2, 3, 4].map((i) => podObj('shop', `web-${i}`, { stsUid: sts.metadata.uid, ready: i !== 3 })));
  s.add('Pod', podObj('kube-system', 'coredns-0'));
  s.add('Service', headlessServiceObj('shop', 'nginx'));
  s.add('EndpointSlice', endpointSliceObj('shop', 'nginx', ['web-0', 'web-1']));
  s.add('Event', eventObj('shop', 'web-3', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'));
  s.add('Secret', tlsSecretObj('shop', 'shop-tls', '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n'), opaqueSecretObj('shop', 'db-password'));
}

async function open(s: FakeApiServer, o: Partial<LiveOptions> & { kc?: Partial<KubeconfigSpec> } = {}) {
  const { kc, ...rest } = o;
  const file = writeKubeconfig(tmp(), { server: s.url, namespace: 'shop', ...kc });
  const r = await openLive({ kubeconfig: file, clusterDomain: 'cluster.local', ...FAST, ...rest });
  sources.push(r.source);
  return r;
}

async function waitFor(cond: () => boolean, what = 'condition', ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 3));
  }
}

const names = (store: ClusterStore, kind: Parameters<ClusterStore['list']>[0], ns?: string) => store.list(kind, ns).map((o) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name));

function recordConnection(store: ClusterStore): ConnectionState[] {
  const seen: ConnectionState[] = [];
  let last: ConnectionState | undefined;
  store.subscribe(() => {
    if (store.connection !== last) {
      last = store.connection;
      seen.push({ ...store.connection });
    }
  });
  return seen;
}

test('lists and watches every kind into the store; Secrets only TLS, without tls.key; managedFields and last-applied dropped', async () => {
  const s = await fake();
  seed(s);
  const { store, source } = await open(s, { allNamespaces: true, waitForSync: true });
  for (const k of KINDS) assert.equal(store.status(k.kind).state, 'ready', `${k.kind}: ${JSON.stringify(store.status(k.kind))}`);
  assert.equal(store.connection.state, 'live');
  assert.equal(store.info.source, 'live');
  assert.equal(store.info.serverVersion, 'v1.31.4');
  assert.equal(store.info.namespace, undefined, '-A');
  assert.deepEqual(names(store, 'Pod'), ['kube-system/coredns-0', 'shop/web-0', 'shop/web-1', 'shop/web-2', 'shop/web-3', 'shop/web-4']);
  const pod = store.get('Pod', 'shop', 'web-0')!;
  assert.equal(pod.kind, 'Pod');
  assert.equal(pod.apiVersion, 'v1');
  assert.equal(pod.metadata.managedFields, undefined);
  assert.equal(pod.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  assert.equal(store.get('EndpointSlice', 'shop', 'nginx-x7k2p')?.apiVersion, 'discovery.k8s.io/v1');
  assert.deepEqual(names(store, 'Secret'), ['shop/shop-tls']);
  const secret = store.get('Secret', 'shop', 'shop-tls')!;
  assert.deepEqual(Object.keys(secret.data), ['tls.crt']);
  assert.ok(!JSON.stringify(secret).includes('tls.key'));

  // Watch events flow in.
  await waitFor(() => s.watchCount('pods') === 1, 'pod watch');
  s.add('Pod', podObj('shop', 'web-5'));
  s.modify('Pod', 'shop', 'web-3', (p) => {
    p.status.conditions.find((c: any) => c.type === 'Ready').status = 'True';
  });
  s.delete('Pod', 'shop', 'web-0');
  await waitFor(() => store.get('Pod', 'shop', 'web-5') !== undefined && store.get('Pod', 'shop', 'web-0') === undefined, 'watch events');
  await waitFor(() => store.get<any>('Pod', 'shop', 'web-3')!.status.conditions.find((c: any) => c.type === 'Ready').status === 'True', 'modified');
  // Secrets are watched with the TLS selector too: an Opaque secret never shows.
  s.add('Secret', opaqueSecretObj('shop', 'api-key'), tlsSecretObj('shop', 'other-tls', 'CERT'));
  await waitFor(() => store.get('Secret', 'shop', 'other-tls') !== undefined, 'tls secret via watch');
  assert.equal(store.get('Secret', 'shop', 'api-key'), undefined);
  assert.ok(s.requestsFor('secrets', 'watch').every((r) => r.query.get('fieldSelector') === 'type=kubernetes.io/tls'));
  // Watches start from the list's resourceVersion, with bookmarks.
  const w = s.requestsFor('pods', 'watch')[0]!;
  assert.equal(w.query.get('allowWatchBookmarks'), 'true');
  assert.ok(Number(w.query.get('resourceVersion')) > 0);
  source.stop();
});

test('the first page reaches the store (loading, with a count) before the rest of the list arrives', async () => {
  const s = await fake();
  seed(s);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  s.onListPage = async ({ plural, page }) => {
    if (plural === 'pods' && page === 1) await held;
  };
  const { store } = await open(s, { allNamespaces: true });
  assert.equal(store.connection.state, 'connecting', 'the server answered /version; nothing listed yet');
  await waitFor(() => store.count('Pod') === 2, 'first page');
  assert.deepEqual(store.status('Pod'), { state: 'loading', loaded: 2, total: 6 }, 'total: loaded + the server\'s remainingItemCount');
  assert.equal(store.connection.state, 'live', 'live once lists succeed');
  assert.equal(store.complete('Pod'), false, 'absence cannot be trusted while loading');
  assert.equal(s.requestsFor('pods', 'list').at(-1)!.query.get('limit'), '2');
  release();
  await waitFor(() => store.status('Pod').state === 'ready', 'list complete');
  assert.equal(store.count('Pod'), 6);
});

test('410 Gone as an ERROR event: re-list, objects deleted meanwhile disappear, no duplicates', async () => {
  const s = await fake();
  seed(s);
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  await waitFor(() => s.watchCount('pods') === 1, 'pod watch');
  const listsBefore = s.requestsFor('pods', 'list').length;
  s.silently(() => {
    s.delete('Pod', 'shop', 'web-1');
    s.delete('Pod', 'shop', 'web-2');
    s.add('Pod', podObj('shop', 'web-9'));
    s.modify('Pod', 'shop', 'web-4', (p) => (p.metadata.labels.tier = 'edge'));
  });
  s.compact();
  s.expireWatches('pods');
  await waitFor(() => store.get('Pod', 'shop', 'web-9') !== undefined, 're-list');
  assert.deepEqual(names(store, 'Pod'), ['kube-system/coredns-0', 'shop/web-0', 'shop/web-3', 'shop/web-4', 'shop/web-9']);
  assert.equal(store.get<any>('Pod', 'shop', 'web-4')!.metadata.labels.tier, 'edge');
  assert.ok(s.requestsFor('pods', 'list').length > listsBefore, 'a new list was made');
  assert.equal(store.status('Pod').state, 'ready');
  // and the watch resumes from the new list
  await waitFor(() => s.watchCount('pods') === 1, 'watch again');
  s.add('Pod', podObj('shop', 'web-10'));
  await waitFor(() => store.get('Pod', 'shop', 'web-10') !== undefined, 'events after re-list');
});

test('410 Gone as an HTTP answer to a re-watch after a dropped connection: re-list and converge', async () => {
  const s = await fake();
  seed(s);
  s.goneAs = 'http';
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  await waitFor(() => s.watchCount('pods') === 1, 'pod watch');
  s.silently(() => s.delete('Pod', 'kube-system', 'coredns-0'));
  s.compact();
  s.dropWatches('pods');
  await waitFor(() => store.get('Pod', 'kube-system', 'coredns-0') === undefined, 'ghost removed');
  assert.equal(store.count('Pod'), 5);
  assert.ok(s.requestsFor('pods', 'watch').some((r) => Number(r.query.get('resourceVersion')) < s.compactedBelow), 'the client did try the old resourceVersion');
  await waitFor(() => store.connection.state === 'live', 'live again');
});

test('a continue token that expires mid-list restarts the list from the beginning', async () => {
  const s = await fake();
  seed(s);
  let expired = false;
  s.onListPage = ({ plural, page }) => {
    if (plural === 'pods' && page === 1 && !expired) {
      expired = true;
      s.expireContinues();
    }
  };
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  assert.equal(store.status('Pod').state, 'ready');
  assert.equal(store.count('Pod'), 6, 'complete, no duplicates');
  assert.ok(s.requestsFor('pods', 'list').filter((r) => !r.query.get('continue')).length >= 2, 'listed again from the first page');
});

test('backoff on errors grows exponentially with jitter and is capped; status says what failed; recovery goes live', async () => {
  const s = await fake();
  seed(s);
  s.fail('pods', Infinity, 500, 'list');
  const retries: RetryInfo[] = [];
  const { store } = await open(s, { allNamespaces: true, random: () => 1, onRetry: (r) => retries.push(r) });
  const seen = recordConnection(store);
  await waitFor(() => retries.filter((r) => r.kind === 'Pod').length >= 7, 'seven retries');
  const delays = retries.filter((r) => r.kind === 'Pod').map((r) => r.delayMs);
  assert.deepEqual(delays.slice(0, 7), [5, 10, 20, 40, 40, 40, 40], 'doubling from 5 ms, capped at 40 ms (random=1 → full delay)');
  const st = store.status('Pod');
  assert.equal(st.state, 'error');
  assert.match((st as { message: string }).message, /^500 InternalError: Internal error occurred: etcdserver: request timed out; retrying \(attempt \d+\)$/);
  assert.equal(store.count('Pod'), 0);
  const recs = seen.filter((c) => c.state === 'reconnecting') as Extract<ConnectionState, { state: 'reconnecting' }>[];
  assert.ok(recs.length > 0, 'reconnecting was shown');
  assert.match(recs[0]!.reason, /^pods: 500 InternalError/);
  assert.equal(recs[0]!.attempt, 1);
  assert.ok(Math.max(...recs.map((r) => r.attempt)) >= 7, 'the header counts the attempts');
  assert.ok(recs.every((r) => r.since === recs[0]!.since), '"since" is when the trouble started');
  // Other kinds are unaffected.
  assert.equal(store.status('Node').state, 'ready');
  s.clearFailures();
  await waitFor(() => store.status('Pod').state === 'ready', 'recovered');
  assert.equal(store.count('Pod'), 6);
  await waitFor(() => store.connection.state === 'live', 'live');
});

test('waitForSync (diagnose) does not hang on a kind that keeps failing: it settles as an error after a few attempts', async () => {
  const s = await fake();
  seed(s);
  s.fail('cronjobs', Infinity, 503, 'list');
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  assert.equal(store.status('CronJob').state, 'error');
  assert.match((store.status('CronJob') as { message: string }).message, /^503 ServiceUnavailable: the server is currently unable to handle the request; retrying \(attempt [3-9]\)$/);
  assert.equal(store.status('Pod').state, 'ready');
});

test('jitter: the delay is between half and all of the exponential step, never above the cap', () => {
  for (const r of [0, 0.25, 0.5, 0.999]) {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const step = Math.min(30_000, 500 * 2 ** (attempt - 1));
      const d = backoffDelay(attempt, 500, 30_000, () => r);
      assert.ok(d >= step / 2 && d <= step, `attempt ${attempt} r=${r}: ${d}`);
    }
  }
  assert.equal(backoffDelay(1, 500, 30_000, () => 0), 250);
  assert.equal(backoffDelay(60, 500, 30_000, () => 1), 30_000);
});

test('a flapping server (watches that end at once) is not flooded: quick ends back off too', async () => {
  const s = await fake({ watchTimeoutMs: 0 });
  seed(s);
  const retries: RetryInfo[] = [];
  await open(s, { allNamespaces: true, waitForSync: true, minHealthyMs: 1000, backoffBaseMs: 10, backoffCapMs: 80, onRetry: (r) => retries.push(r) });
  const t0 = s.requestsFor('pods', 'watch').length;
  await new Promise((r) => setTimeout(r, 400));
  const n = s.requestsFor('pods', 'watch').length - t0;
  // 400 ms at ≥ 40 ms apart once capped: a handful, not hundreds.
  assert.ok(n <= 16, `pod watches in 400 ms: ${n}`);
  const podDelays = retries.filter((r) => r.kind === 'Pod').map((r) => r.delayMs);
  assert.ok(podDelays.some((d) => d >= 40), `delays grew: ${podDelays.join(',')}`);
  assert.ok(podDelays.every((d) => d <= 80));
});

test('a stalled watch (no event, no bookmark) is detected and restarted; bookmarks keep quiet watches alive', async () => {
  const s = await fake({ watchTimeoutMs: 60_000 });
  seed(s);
  // Every open watch gets a bookmark every 50 ms; a stalled one gets nothing.
  const ticker = setInterval(() => s.bookmark(), 50);
  try {
    const { store } = await open(s, { allNamespaces: true, waitForSync: true, stallMs: 800 });
    const seen = recordConnection(store);
    await waitFor(() => s.watchCount() === KINDS.length, 'all watches');
    const nodeWatches = s.requestsFor('nodes', 'watch').length;
    s.stalled.add('pods');
    s.dropWatches('pods'); // the next pod watch gets headers, then silence
    await waitFor(() => seen.some((c) => c.state === 'reconnecting' && /^pods: watch stalled/.test(c.reason)), 'stall reported');
    s.stalled.clear();
    await waitFor(() => store.connection.state === 'live' && s.watchCount('pods') === 1, 'live again');
    s.add('Pod', podObj('shop', 'after-stall-0'));
    await waitFor(() => store.get('Pod', 'shop', 'after-stall-0') !== undefined, 'events flow again');
    // Only the silent watch was restarted: quiet watches with bookmarks were left alone.
    assert.equal(s.requestsFor('nodes', 'watch').length, nodeWatches);
    assert.ok(seen.every((c) => c.state !== 'reconnecting' || c.reason.startsWith('pods: ')), JSON.stringify(seen));
    assert.equal(s.requestsFor('pods', 'watch').length >= 3, true, 'the stalled watch was replaced');
  } finally {
    clearInterval(ticker);
  }
});

test('server restart: reconnecting (attempt n, cannot reach), then stale, then live with changes made while away', async () => {
  const s = await fake();
  seed(s);
  const { store } = await open(s, { allNamespaces: true, waitForSync: true, staleAfterMs: 120 });
  const seen = recordConnection(store);
  await waitFor(() => s.watchCount('pods') === 1, 'pod watch');
  const down = s.restart(400);
  await waitFor(() => seen.some((c) => c.state === 'reconnecting'), 'reconnecting');
  const rec = seen.find((c) => c.state === 'reconnecting') as Extract<ConnectionState, { state: 'reconnecting' }>;
  assert.match(rec.reason, /^(\w+: connection to http:\/\/127\.0\.0\.1:\d+ lost \(ECONNRESET\)|cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\))$/);
  await waitFor(() => seen.some((c) => (c.state === 'reconnecting' || c.state === 'stale') && c.reason === `cannot reach ${s.url} (ECONNREFUSED)`), 'a server-wide problem names no kind');
  await waitFor(() => seen.some((c) => c.state === 'stale'), 'stale');
  const stale = seen.find((c) => c.state === 'stale') as Extract<ConnectionState, { state: 'stale' }>;
  assert.ok(stale.lastEvent !== undefined && stale.lastEvent <= Date.now(), 'stale carries the last update time');
  await down;
  s.silently(() => s.delete('Pod', 'shop', 'web-4'));
  s.compact();
  await waitFor(() => store.connection.state === 'live', 'live again', 5000);
  await waitFor(() => store.get('Pod', 'shop', 'web-4') === undefined, 'converged');
});

test('when the server comes back, one success wakes every reflector still in backoff', async () => {
  const s = await fake({ watchTimeoutMs: 60_000 });
  seed(s);
  // The test owns time: backoff sleeps end only when woken (or released here).
  const sleeping: { ms: number; release: () => void }[] = [];
  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      sleeping.push({ ms, release: resolve });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  const { store } = await open(s, { allNamespaces: true, waitForSync: true, sleep, backoffBaseMs: 10_000, backoffCapMs: 60_000 });
  await waitFor(() => s.watchCount() === KINDS.length, 'all watches');
  await s.stop();
  await waitFor(() => sleeping.length >= KINDS.length, 'every reflector backing off');
  assert.equal(store.connection.state, 'reconnecting');
  await s.restart();
  const before = sleeping.length;
  sleeping[0]!.release(); // one reflector's backoff ends; the others' 5–10 s sleeps are not released by the test
  await waitFor(() => store.connection.state === 'live' && s.watchCount() === KINDS.length, 'everyone reconnected');
  assert.ok(sleeping.length === before, 'nobody needed another backoff round');
});

test('403 on a cluster-wide list falls back to the context namespace: partial; a kind forbidden everywhere is forbidden, never empty', async () => {
  const s = await fake();
  seed(s);
  s.forbid('pods', { allowNamespaces: ['shop'] });
  s.forbid('nodes');
  s.forbid('secrets');
  const { store } = await open(s, { allNamespaces: true, waitForSync: true, kc: { namespace: 'shop' } });
  const pods = store.status('Pod');
  assert.equal(pods.state, 'partial');
  assert.deepEqual((pods as { namespaces: string[] }).namespaces, ['shop']);
  assert.match((pods as { message: string }).message, /cannot list pods in all namespaces \(pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope\); showing namespace shop/);
  assert.deepEqual(names(store, 'Pod'), ['shop/web-0', 'shop/web-1', 'shop/web-2', 'shop/web-3', 'shop/web-4']);
  assert.equal(store.complete('Pod', 'shop'), true);
  assert.equal(store.complete('Pod', 'kube-system'), false);
  assert.equal(store.complete('Pod'), false);
  assert.deepEqual(store.status('Node'), {
    state: 'forbidden',
    message: 'nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope',
  });
  const sec = store.status('Secret');
  assert.equal(sec.state, 'forbidden', 'cluster-wide and the fallback namespace both forbidden');
  assert.equal(store.complete('Secret', 'shop'), false);
  // The partial kind is watched in its namespace.
  await waitFor(() => s.watchCount('pods') === 1, 'namespaced watch');
  s.add('Pod', podObj('shop', 'web-7'));
  await waitFor(() => store.get('Pod', 'shop', 'web-7') !== undefined, 'namespaced events');
  assert.ok(s.requestsFor('pods', 'watch').every((r) => r.path === '/api/v1/namespaces/shop/pods'));
});

test('listing allowed but watching forbidden: the kind stays fresh by re-listing', async () => {
  const s = await fake();
  seed(s);
  s.forbid('events', { verbs: ['watch'] });
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  assert.equal(store.status('Event').state, 'ready');
  s.add('Event', eventObj('shop', 'web-1', 'BackOff', 'Back-off restarting failed container nginx in pod web-1_shop'));
  await waitFor(() => store.count('Event') === 2, 'polled');
  assert.equal(store.connection.state, 'live');
});

test('a kind whose API group the server does not serve (404) is an error "not served", not empty', async () => {
  const s = await fake();
  seed(s);
  s.notServed.add('discovery.k8s.io/v1');
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  assert.deepEqual(store.status('EndpointSlice'), { state: 'error', message: 'discovery.k8s.io/v1 endpointslices not served by this server' });
  assert.equal(store.connection.state, 'live');
});

test('default scope is the context namespace (like kubectl); -n overrides; cluster-scoped kinds are listed cluster-wide', async () => {
  const s = await fake();
  seed(s);
  const { store } = await open(s, { waitForSync: true, kc: { namespace: 'kube-system' } });
  assert.equal(store.info.namespace, 'kube-system');
  assert.deepEqual(names(store, 'Pod'), ['kube-system/coredns-0']);
  assert.ok(s.requestsFor('pods', 'list').every((r) => r.path === '/api/v1/namespaces/kube-system/pods'));
  assert.deepEqual(names(store, 'Node'), ['node-1']);
  assert.equal(store.status('Pod').state, 'ready');

  const s2 = await fake();
  seed(s2);
  const r2 = await open(s2, { namespace: 'shop', waitForSync: true, kc: { namespace: 'kube-system' } });
  assert.equal(r2.store.info.namespace, 'shop');
  assert.equal(r2.store.count('Pod'), 5);

  const s3 = await fake();
  seed(s3);
  const r3 = await open(s3, { waitForSync: true, kc: { namespace: undefined } });
  assert.equal(r3.store.info.namespace, 'default', 'a context without a namespace means "default"');
});

test('switchNamespace re-watches namespaced kinds only; switchContext reconnects to the other cluster without a restart', async () => {
  const a = await fake();
  seed(a);
  const b = await fake();
  b.add('Namespace', namespaceObj('payments'));
  b.add('Node', nodeObj('b-node-1'), nodeObj('b-node-2'));
  b.add('Pod', podObj('payments', 'ledger-0'));
  const { store, source } = await open(a, { waitForSync: true, kc: { namespace: 'shop', extraContexts: [{ name: 'cluster-b', server: b.url, namespace: 'payments' }] } });
  assert.equal(source.context(), 'fake');
  assert.deepEqual(
    source.contexts().map((c) => [c.name, c.current]),
    [
      ['fake', true],
      ['cluster-b', false],
    ],
  );
  assert.equal(store.count('Pod'), 5);
  const nodeLists = a.requestsFor('nodes', 'list').length;

  await source.switchNamespace(undefined);
  assert.equal(store.info.namespace, undefined);
  assert.equal(source.namespace(), undefined);
  await waitFor(() => store.status('Pod').state === 'ready' && store.count('Pod') === 6, 'all namespaces');
  assert.equal(a.requestsFor('nodes', 'list').length, nodeLists, 'cluster-scoped kinds kept their watch');
  await source.switchNamespace('kube-system');
  await waitFor(() => store.status('Pod').state === 'ready', 'kube-system listed');
  assert.deepEqual(names(store, 'Pod'), ['kube-system/coredns-0']);

  await source.switchContext('cluster-b');
  assert.equal(store.info.context, 'cluster-b');
  assert.equal(store.info.server, b.url);
  assert.equal(source.namespace(), 'payments', "the new context's namespace");
  await waitFor(() => store.status('Pod').state === 'ready' && store.status('Node').state === 'ready', 'cluster b listed');
  assert.deepEqual(names(store, 'Pod'), ['payments/ledger-0']);
  assert.deepEqual(names(store, 'Node'), ['b-node-1', 'b-node-2']);
  assert.equal(store.count('StatefulSet'), 0, "cluster a's objects are gone");
  await waitFor(() => a.watchCount() === 0, "cluster a's watches closed");

  await assert.rejects(source.switchContext('nope'), (e: Error) => e instanceof SourceError && /context "nope" not found/.test(e.message));
  assert.equal(store.info.context, 'cluster-b', 'a failed switch keeps the current context');
});

test('probe before the UI: unreachable, TLS failure and 401 are one-line SourceErrors', async () => {
  const s = await fake();
  const port = s.port;
  await s.stop();
  const file = writeKubeconfig(tmp(), { server: `http://127.0.0.1:${port}` });
  await assert.rejects(openLive({ kubeconfig: file, ...FAST }), (e: Error) => e instanceof SourceError && e.message === `cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);

  const tls = makeTlsFixtures();
  const st = await fake({ tls: { key: tls.serverKey, cert: tls.serverCert } });
  const f2 = writeKubeconfig(tmp(), { server: st.url });
  await assert.rejects(openLive({ kubeconfig: f2, ...FAST }), (e: Error) => e instanceof SourceError && e.message.startsWith(`TLS handshake with ${st.url} failed: `) && !e.message.includes('\n'));

  const sa = await fake({ token: 'right' });
  const f3 = writeKubeconfig(tmp(), { server: sa.url, token: 'wrong', context: 'prod' });
  await assert.rejects(openLive({ kubeconfig: f3, ...FAST }), (e: Error) => e instanceof SourceError && e.message === `${sa.url} rejected the credentials (401 Unauthorized) for user "prod" of context "prod"`);

  await assert.rejects(openLive({ kubeconfig: '/nonexistent/config', ...FAST }), (e: Error) => e instanceof SourceError && e.message === 'kubeconfig /nonexistent/config: no such file');
});

test('podLog streams through the source and stops on demand', async () => {
  const s = await fake();
  seed(s);
  s.setLog('shop', 'web-0', ['starting nginx', 'ready']);
  const { source } = await open(s, { allNamespaces: true });
  const lines: string[] = [];
  let ended: Error | undefined | 'no' = 'no';
  const stopLog = source.podLog({ namespace: 'shop', pod: 'web-0', follow: true }, (l) => lines.push(l), (e) => (ended = e));
  await waitFor(() => lines.length === 2 || ended !== 'no', 'log lines');
  assert.equal(ended, 'no', `log ended early: ${ended}`);
  s.appendLog('shop', 'web-0', 'GET /healthz 200');
  await waitFor(() => lines.length === 3, 'followed line');
  stopLog();
  await waitFor(() => ended !== 'no', 'log ended');
  assert.equal(ended, undefined, 'a stop is not an error');
  let err: Error | undefined;
  source.podLog({ namespace: 'shop', pod: 'gone-0' }, () => undefined, (e) => (err = e));
  await waitFor(() => err !== undefined, 'log error');
  assert.match(err!.message, /404 NotFound: pods "gone-0" not found/);
});

test('stop() closes every connection: nothing is left open on the server', async () => {
  const s = await fake();
  seed(s);
  const { source } = await open(s, { allNamespaces: true, waitForSync: true });
  await waitFor(() => s.watchCount() >= KINDS.length, 'all watches open');
  source.stop();
  await waitFor(() => s.openSockets() === 0 && s.watchCount() === 0, 'sockets closed');
  const before = s.requests.length;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.requests.length, before, 'no request after stop');
});

test('only GET requests ever reached the servers', () => {
  let n = 0;
  for (const s of servers) {
    for (const r of s.requests) {
      n++;
      assert.equal(r.method, 'GET', `${r.method} ${r.path}`);
    }
  }
  assert.ok(n > 100);
});

test('a 403 on a re-list (an API server just restarted, before its RBAC caches sync) keeps the data and retries; never "forbidden"', async () => {
  const s = await fake();
  seed(s);
  const { store } = await open(s, { allNamespaces: true, waitForSync: true });
  assert.equal(store.status('Service').state, 'ready');
  s.forbid('services'); // every services request is refused from now on…
  s.expireWatches('services'); // …and the next watch gets 410, so the client must re-list
  await waitFor(() => s.requestsFor('services', 'list').length >= 3, 'several re-list attempts');
  assert.equal(store.status('Service').state, 'ready', 'data read before is kept, not turned into "forbidden"');
  assert.deepEqual(names(store, 'Service'), ['shop/nginx']);
  s.allow('services');
  s.add('Service', headlessServiceObj('shop', 'added-while-refused'));
  await waitFor(() => names(store, 'Service').includes('shop/added-while-refused'), 'recovered after the refusals end');
});

test('a kind forbidden at start is asked again later: granted permissions show up without a restart', async () => {
  const s = await fake();
  seed(s);
  s.forbid('nodes');
  const { store } = await open(s, { allNamespaces: true, waitForSync: true, recheckMs: 50 });
  // Re-asked every 50 ms: between two asks the kind reads as forbidden (a busy machine may catch it mid-ask, loading).
  await waitFor(() => store.status('Node').state === 'forbidden', 'nodes forbidden');
  assert.equal(store.count('Node'), 0);
  s.allow('nodes');
  await waitFor(() => store.status('Node').state === 'ready', 'nodes readable after the grant');
  assert.deepEqual(names(store, 'Node'), ['node-1']);
});
