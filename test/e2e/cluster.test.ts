// End-to-end tests (issue 3): k8stui against a real kube-apiserver,
// kube-controller-manager and a simulated kubelet (test/cluster), started once
// for this file. Each test() is one of the issue's numbered items; they share
// the cluster and run in order (the audit-log check comes last, so it sees
// every request the others made).
//
// Identities: viewer (ClusterRole view: no Secrets) unless said otherwise;
// admin only plays "the world" (applies, deletes, scales) and gives the
// ground truth, through the test's own client (helpers/kube.ts).
import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { E2ECluster, e2eRequired } from './helpers/cluster.js';
import { Kube, keyOf, rewriteServer, type KObject } from './helpers/kube.js';
import { Tui, headerOf, killTmuxServer, parseTable, type TableRow } from './helpers/tui.js';
import { ScreenRecorder } from './helpers/recorder.js';
import { CuttableProxy } from './helpers/proxy.js';
import { orderedStatefulSet, restartApp, serviceObject, tickingCronJob, twoContainerPod } from './helpers/manifests.js';
import { ROOT, k8stui, run, uniqueSuffix, waitFor } from './helpers/util.js';
import { KINDS, listPath, type KindName } from '../../src/cluster/kinds.js';
import { loadSnapshot, openSnapshot, type SnapshotKindInfo } from '../../src/cluster/snapshot.js';
import { openLive } from '../../src/cluster/live.js';

let cluster: E2ECluster | undefined;
let unavailable: string | undefined;
let admin: Kube;
const suffix = uniqueSuffix();
const tuis: Tui[] = [];

// The CronJob test watches a dashboard for minutes; it starts here so the
// other tests run meanwhile.
const CRON_NS = `e2e-cron-${suffix}`;
let cronTui: Tui | undefined;
let cronRecorder: ScreenRecorder<string> | undefined;
let cronAppliedAt = 0;

/** Diagnose config: time-based checks (LoadBalancer pending, readiness failing) fire after 30 s instead of 5 min. */
let diagConfig = '';

function need(t: TestContext): E2ECluster | undefined {
  if (!cluster) t.skip(`no local control plane: ${unavailable}`);
  return cluster;
}

async function startTui(name: string, args: string[], opts: { width?: number; height?: number } = {}): Promise<Tui> {
  const tui = await Tui.start(`${name}-${suffix}`, args, { dir: cluster!.tmp, ...opts });
  tuis.push(tui);
  return tui;
}

const LIVE = '● live';

before(
  async () => {
    const t0 = Date.now();
    const r = await E2ECluster.start();
    if ('error' in r) {
      if (e2eRequired()) throw new Error(`K8STUI_E2E=required but the local control plane did not start: ${r.error}`);
      unavailable = r.error;
      console.log(`# e2e: the local control plane did not start; every e2e test is skipped:\n${r.error}`);
      return;
    }
    cluster = r;
    admin = new Kube(r.vars.ADMIN_KUBECONFIG);
    diagConfig = path.join(r.tmp, 'k8stui.yaml');
    writeFileSync(diagConfig, 'gracePeriod: 30s\n');
    console.log(`# e2e: cluster ${r.reused ? 'reused' : 'up'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (state dir ${r.dir})`);

    // Test 3b's dashboard: the CronJob is created after it shows live data.
    cronTui = await startTui('cron', ['--kubeconfig', r.vars.VIEWER_KUBECONFIG, '-A', '--view', 'cj']);
    await cronTui.waitFor('the CronJob view, live, with batch/daily-backup', (s) => headerOf(s).includes(LIVE) && cronRow(s, 'batch', 'daily-backup'));
    cronRecorder = new ScreenRecorder(cronTui, (s) => cronRow(s, CRON_NS, 'ticker')?.cells.HISTORY);
    // Not just before a minute boundary: the first sample must show the CronJob before its first Job exists.
    const sec = new Date().getUTCSeconds();
    if (sec >= 50) await new Promise((res) => setTimeout(res, (62 - sec) * 1000));
    await r.apply(tickingCronJob(CRON_NS));
    cronAppliedAt = Date.now();
  },
  { timeout: 70 * 60_000 },
);

after(async () => {
  await cronRecorder?.stop();
  for (const t of tuis) await t.stop();
  await killTmuxServer();
  admin?.close();
  if (cluster) {
    const d = await cluster.down();
    if (d && d.code !== 0) console.log(`# e2e: test/cluster/down failed: ${d.stderr}`);
  }
});

function cronRow(screen: string, ns: string, name: string): TableRow | undefined {
  return parseTable(screen, ['NAMESPACE', 'NAME', 'SCHEDULE', 'HISTORY'])?.find((r) => r.cells.NAMESPACE === ns && r.cells.NAME === name);
}

// ---------------------------------------------------------------- ground truth

type State = Map<KindName, Map<string, string>>; // kind -> key -> uid

/** Everything k8stui reads, as admin sees it (Secrets: the TLS ones k8stui asks for). */
async function adminState(): Promise<State> {
  const out: State = new Map();
  for (const k of KINDS) {
    const p = listPath(k) + (k.fieldSelector ? `?fieldSelector=${encodeURIComponent(k.fieldSelector)}` : '');
    const items = await admin.list(p);
    out.set(k.kind, new Map(items.map((o) => [keyOf(o), o.metadata.uid])));
  }
  return out;
}

function uidsOf(objs: { metadata: { namespace?: string; name: string; uid?: string } }[] | undefined): Map<string, string> {
  return new Map((objs ?? []).map((o) => [keyOf(o), o.metadata.uid ?? '']));
}

/**
 * A capture taken between two admin listings (before, after) must hold every
 * object that existed in both with the same uid, and nothing that existed in neither.
 */
function assertSandwiched(kind: string, snap: Map<string, string>, before: Map<string, string>, afterS: Map<string, string>): void {
  const missing = [...before].filter(([k, uid]) => afterS.get(k) === uid && snap.get(k) !== uid).map(([k]) => k);
  assert.deepEqual(missing, [], `${kind}: objects that existed before and after the capture are missing from it`);
  const ghosts = [...snap.keys()].filter((k) => !before.has(k) && !afterS.has(k));
  assert.deepEqual(ghosts, [], `${kind}: objects in the capture that admin never saw`);
}

/** The scenarios' workloads have settled (right after `up` the StatefulSet controller is still creating web-1, web-2). */
async function waitForSettledWorkloads(): Promise<void> {
  const ready = async (p: string, n: number) => ((await admin.get(p)).status?.readyReplicas ?? 0) >= n;
  await waitFor('shop/web 3 ready, shop/db 2 ready, shop/frontend 2 ready', async () =>
    (await ready('/apis/apps/v1/namespaces/shop/statefulsets/web', 3)) &&
    (await ready('/apis/apps/v1/namespaces/shop/statefulsets/db', 2)) &&
    (await ready('/apis/apps/v1/namespaces/shop/deployments/frontend', 2)),
  { timeoutMs: 180_000, intervalMs: 1000 });
}

// ---------------------------------------------------------------- 1

test('1. snapshot save (viewer) captures every object, reloads with --snapshot with the same objects, and records Secrets as forbidden, not empty', async (t) => {
  const c = need(t);
  if (!c) return;
  await waitForSettledWorkloads();
  const file = path.join(c.tmp, 'viewer-snapshot.yaml');
  const before = await adminState();
  const save = await k8stui(['snapshot', 'save', file, '--kubeconfig', c.vars.VIEWER_KUBECONFIG, '-A']);
  const afterS = await adminState();
  assert.equal(save.code, 0, `snapshot save failed: ${save.stderr}`);
  assert.match(save.stderr, /saved \d+ objects/);
  assert.match(save.stderr, /forbidden: Secret\b/);

  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /managedFields/, 'managedFields are stripped');
  assert.doesNotMatch(text, /last-applied-configuration/);
  assert.doesNotMatch(text, /tls\.key/);

  const loaded = await loadSnapshot(file);
  assert.deepEqual(loaded.errors, [], 'the saved file reloads without errors');
  assert.deepEqual([...loaded.unknownKinds.keys()], []);
  const info = loaded.info;
  assert.ok(info, 'the first document is a SnapshotInfo');
  assert.equal(info.context, 'k8stui-viewer');
  assert.equal(info.user, 'viewer');
  assert.equal(info.server, c.vars.APISERVER_URL);
  assert.ok(info.capturedAt && Math.abs(Date.parse(info.capturedAt) - Date.now()) < 10 * 60_000, `capturedAt ${info.capturedAt}`);
  assert.deepEqual([...(info.namespaces ?? [])].sort(), [...before.get('Namespace')!.keys()].sort());
  assert.deepEqual(info.forbidden, ['Secret']);

  for (const k of KINDS) {
    const ki: SnapshotKindInfo | undefined = info.kinds?.[k.kind];
    assert.ok(ki, `SnapshotInfo lists ${k.kind}`);
    const snap = uidsOf(loaded.objects.get(k.kind));
    if (k.kind === 'Secret') {
      // The viewer may not read Secrets: "forbidden", with no objects, although there are TLS Secrets.
      assert.equal(ki.state, 'forbidden');
      assert.match(ki.message ?? '', /forbidden/);
      assert.equal(snap.size, 0);
      assert.ok(before.get('Secret')!.has('shop/my-tls'), 'admin sees the TLS Secret shop/my-tls');
      continue;
    }
    assert.equal(ki.state, 'ready', `${k.kind}: ${JSON.stringify(ki)}`);
    assert.equal(ki.count, snap.size, `${k.kind}: SnapshotInfo count matches the objects saved`);
    assertSandwiched(k.kind, snap, before.get(k.kind)!, afterS.get(k.kind)!);
  }
  // The comparison above is not vacuous: the planted objects are there.
  const keys = (kind: KindName) => [...uidsOf(loaded.objects.get(kind)).keys()];
  for (const s of ['shop/web', 'shop/db']) assert.ok(keys('StatefulSet').includes(s), s);
  for (const p of ['shop/web-0', 'shop/web-1', 'shop/web-2']) assert.ok(keys('Pod').includes(p), p);
  assert.equal(keys('Node').length, 3);
  assert.ok(keys('EndpointSlice').some((k) => k.startsWith('shop/nginx-')));
  assert.ok(keys('Event').length > 20);

  // The store built from the file says the same (what --snapshot shows).
  const { store } = await openSnapshot(file, 'snapshot');
  assert.equal(store.status('Secret').state, 'forbidden');
  assert.equal(store.status('Pod').state, 'ready');
  for (const k of KINDS) assert.deepEqual(store.list(k.kind).map(keyOf).sort(), keys(k.kind).sort(), k.kind);

  // And through the command line: diagnose and the dashboard read it offline.
  const diag = await k8stui(['diagnose', '--snapshot', file, '-o', 'json', '--fail-on', 'never']);
  assert.equal(diag.code, 0, diag.stderr);
  const report = JSON.parse(diag.stdout);
  assert.equal(report.source.type, 'snapshot');
  assert.ok(report.findings.some((f: any) => f.check === 'statefulset/service-missing' && f.object.namespace === 'shop' && f.object.name === 'db'));
  assert.ok(report.findings.some((f: any) => f.check === 'access/partial' && /secrets/.test(f.object.name)), 'the forbidden Secrets are reported');

  const tui = await startTui('snap', ['--snapshot', file, '-A', '--view', 'sts']);
  const screen = await tui.waitFor('the saved StatefulSets', (s) => {
    const rows = parseTable(s, ['NAMESPACE', 'NAME', 'READY', 'ORDINALS']);
    return rows && rows.some((r) => r.cells.NAME === 'web') && rows.some((r) => r.cells.NAME === 'db') ? s : undefined;
  });
  assert.match(headerOf(screen), /snapshot @ /);
  const rows = parseTable(screen, ['NAMESPACE', 'NAME', 'READY', 'ORDINALS'])!;
  assert.equal(rows.find((r) => r.cells.NAME === 'web')!.cells.READY, '3/3');
  await tui.keys(':secret', 'Enter');
  await tui.waitFor('Secrets shown as forbidden', (s) => /forbidden/.test(s) && /Secrets?/.test(s));
  await tui.stop();
});

// ---------------------------------------------------------------- 2

interface Finding {
  check: string;
  severity: 'error' | 'warning' | 'info';
  object: { kind: string; namespace: string | null; name: string };
  message: string;
  evidence: string[];
}

async function diagnose(kubeconfig: string, extra: string[]): Promise<{ code: number | null; report: { source: any; summary: any; findings: Finding[] }; stderr: string }> {
  const r = await k8stui(['diagnose', '--kubeconfig', kubeconfig, '-o', 'json', '--config', diagConfig, ...extra]);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `no stack trace: ${r.stderr}`);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`diagnose printed no JSON (exit ${r.code}): ${r.stderr}\n${r.stdout.slice(0, 500)}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

const describeFindings = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.check} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`).join('\n');

/** The planted problems (test/cluster/scenarios, see its README): check id, kind, namespace, name or name prefix. */
const PLANTED: [check: string, kind: string, ns: string, name: string | RegExp][] = [
  ['statefulset/service-missing', 'StatefulSet', 'shop', 'db'],
  ['service/loadbalancer-pending', 'Service', 'shop', 'storefront-lb'],
  ['pod/readiness-failing', 'Pod', 'shop', /^checkout-[a-z0-9]+-[a-z0-9]{5}$/],
  ['service/no-ready-endpoints', 'Service', 'shop', 'checkout'],
  ['pod/liveness-failing', 'Pod', 'shop', /^cart-[a-z0-9]+-[a-z0-9]{5}$/],
  ['pod/image-pull-failing', 'Pod', 'shop', /^recommendations-[a-z0-9]+-[a-z0-9]{5}$/],
  ['cronjob/last-run-failed', 'CronJob', 'batch', 'report'],
  ['job/failed', 'Job', 'batch', /^report-\d+$/],
  ['ingress/no-address', 'Ingress', 'shop', 'my-ingress'],
];

function hasFinding(fs: Finding[], [check, kind, ns, name]: (typeof PLANTED)[number]): boolean {
  return fs.some((f) => f.check === check && f.object.kind === kind && f.object.namespace === ns && (typeof name === 'string' ? f.object.name === name : name.test(f.object.name)));
}

/** Objects the scenarios keep healthy: no finding at error or warning level may name them. */
const HEALTHY: [kind: string, ns: string | null, name: RegExp][] = [
  ['StatefulSet', 'shop', /^web$/],
  ['Pod', 'shop', /^web-\d$/],
  ['Service', 'shop', /^(nginx|frontend|web-service|payments-api)$/],
  ['Pod', 'shop', /^frontend-/],
  ['Deployment', 'shop', /^frontend$/],
  ['PersistentVolumeClaim', 'shop', /^www-web-\d$/],
  ['CronJob', 'batch', /^daily-backup$/],
  ['Job', 'batch', /^(daily-backup-\d+|data-processor)$/],
  ['Pod', 'batch', /^(daily-backup-|data-processor-)/],
  ['Node', null, /^node-[abc]$/],
];

test('2. diagnose -o json (viewer) reports each planted problem by check id and object, and nothing at error or warning level on the healthy objects', async (t) => {
  const c = need(t);
  if (!c) return;
  let last: Finding[] = [];
  // The CronJob `report` fails on its first run (up to a minute after `up`); the time-based checks wait for the 30 s grace.
  const findings = await waitFor(
    'every planted problem in diagnose -o json',
    async () => {
      const d = await diagnose(c.vars.VIEWER_KUBECONFIG, ['-A', '--fail-on', 'never']);
      assert.equal(d.code, 0, d.stderr);
      last = d.report.findings;
      return PLANTED.every((p) => hasFinding(last, p)) ? last : undefined;
    },
    { timeoutMs: 4 * 60_000, intervalMs: 3000, describe: () => `missing: ${PLANTED.filter((p) => !hasFinding(last, p)).map((p) => p[0]).join(', ')}\n${describeFindings(last)}` },
  );
  t.diagnostic(`${findings.length} findings:\n${describeFindings(findings)}`);

  const severityOf = (check: string) => findings.find((f) => f.check === check)!.severity;
  for (const id of ['statefulset/service-missing', 'service/loadbalancer-pending', 'pod/readiness-failing', 'pod/image-pull-failing', 'cronjob/last-run-failed', 'job/failed']) {
    assert.equal(severityOf(id), 'error', id);
  }
  // Both failing checkout pods, each its own finding.
  assert.equal(findings.filter((f) => f.check === 'pod/readiness-failing' && f.object.name.startsWith('checkout-')).length, 2);
  // The viewer cannot read Secrets: said, not hidden.
  const access = findings.filter((f) => f.check === 'access/partial');
  assert.ok(access.some((f) => /secrets/.test(f.object.name) && /forbidden/.test(f.message)), describeFindings(access));

  const bad = findings.filter(
    (f) => (f.severity === 'error' || f.severity === 'warning') && HEALTHY.some(([kind, ns, name]) => f.object.kind === kind && f.object.namespace === ns && name.test(f.object.name)),
  );
  assert.deepEqual(bad.map((f) => `${f.check} ${f.object.kind}/${f.object.namespace}/${f.object.name}: ${f.message}`), []);

  // Scripts get the verdict in the exit code: errors exist, so the default --fail-on error exits 1.
  const strict = await diagnose(c.vars.VIEWER_KUBECONFIG, ['-A']);
  assert.equal(strict.code, 1);
  assert.ok(strict.report.summary.error > 0);
});

// ---------------------------------------------------------------- 3

const READY_MARK = '●';
const MISSING_MARK = '✗';

test('3a. the dashboard shows web-0, web-1, web-2 created and becoming ready in order as the StatefulSet controller works', async (t) => {
  const c = need(t);
  if (!c) return;
  const ns = `e2e-order-${suffix}`;
  const tui = await startTui('sts', ['--kubeconfig', c.vars.VIEWER_KUBECONFIG, '-A', '--view', 'sts']);
  const stsRow = (s: string) => parseTable(s, ['NAMESPACE', 'NAME', 'READY', 'ORDINALS'])?.find((r) => r.cells.NAMESPACE === ns && r.cells.NAME === 'web');
  await tui.waitFor('the StatefulSet view, live, with shop/web', (s) => headerOf(s).includes(LIVE) && parseTable(s, ['NAMESPACE', 'NAME', 'ORDINALS'])?.some((r) => r.cells.NAMESPACE === 'shop'));

  // Created only now: everything after this is the controller's work, seen through the watch.
  const rec = new ScreenRecorder(tui, (s) => {
    const r = stsRow(s);
    return r ? `${r.cells.ORDINALS} ${r.cells.READY}` : undefined;
  }, undefined, 250);
  await c.apply(orderedStatefulSet(ns));
  try {
    await waitFor('web-0, web-1, web-2 all ready', () => rec.latest === `${READY_MARK.repeat(3)} 3/3`, { timeoutMs: 150_000, describe: () => `${rec.samples.map((s) => s.value).join(' → ')}\n${rec.lastScreen}` });
  } finally {
    await rec.stop();
  }
  const seen = rec.samples.map((s) => s.value.split(' ')[0]!);
  t.diagnostic(`ORDINALS as seen: ${seen.join(' → ')} (${rec.frames} frames)`);

  const readyPrefix = (m: string) => {
    const a = Array.from(m);
    let n = 0;
    while (n < a.length && a[n] === READY_MARK) n++;
    return n;
  };
  let prevPrefix = 0;
  for (const m of seen) {
    const a = Array.from(m);
    assert.equal(a.length, 3, `three ordinals in "${m}"`);
    // OrderedReady: web-N exists only when web-0..N-1 are ready.
    a.forEach((mark, i) => {
      if (i > 0 && mark !== MISSING_MARK) assert.ok(a.slice(0, i).every((x) => x === READY_MARK), `web-${i} appeared before web-0..${i - 1} were ready: "${m}" in ${seen.join(' → ')}`);
    });
    assert.ok(readyPrefix(m) >= prevPrefix, `readiness went backwards: ${seen.join(' → ')}`);
    prevPrefix = readyPrefix(m);
  }
  // The steps were seen, not just the end: each of web-0 and web-1 existed, not ready yet, while the next one did not.
  for (const i of [0, 1]) {
    assert.ok(
      seen.some((m) => {
        const a = Array.from(m);
        return a[i] !== MISSING_MARK && a[i] !== READY_MARK && a[i + 1] === MISSING_MARK;
      }),
      `web-${i} seen created but not ready while web-${i + 1} did not exist yet: ${seen.join(' → ')}`,
    );
  }

  // The detail agrees: the ordinals table lists web-0..2 Running 1/1 with their stable DNS names.
  await tui.keys('/');
  await tui.type(ns);
  await tui.keys('Enter');
  await tui.waitFor('only the new StatefulSet listed', (s) => {
    const rows = parseTable(s, ['NAMESPACE', 'NAME', 'ORDINALS']);
    return rows?.length === 1 && rows[0]!.cells.NAMESPACE === ns;
  });
  await tui.keys('Enter');
  const detail = await tui.waitFor('the ordinals in the detail', (s) => (/web-2\s+Running\s+1\/1/.test(s) ? s : undefined));
  for (const i of [0, 1, 2]) {
    assert.match(detail, new RegExp(`${READY_MARK} ${i}\\s+web-${i}\\s+Running\\s+1/1`));
    assert.ok(detail.includes(`web-${i}.nginx.${ns}.svc.cluster.local`), `DNS name of web-${i}`);
  }
  await tui.stop();
});

test('3b. the dashboard shows a CronJob history growing as the controller creates Jobs, without a restart', async (t) => {
  const c = need(t);
  if (!c || !cronRecorder || !cronTui) return;
  const rec = cronRecorder;
  // Two scheduled runs (each on a minute boundary) and their Jobs finishing.
  try {
    await waitFor('two finished Jobs in the history of the new CronJob', () => rec.latest === READY_MARK.repeat(2), {
      timeoutMs: Math.max(60_000, cronAppliedAt + 200_000 - Date.now()),
      describe: () => `${rec.samples.map((s) => s.value).join(' → ')}\n${rec.lastScreen}`,
    });
  } finally {
    await rec.stop();
  }
  const seen = rec.samples.map((s) => s.value);
  t.diagnostic(`HISTORY as seen: ${seen.join(' → ')} (${rec.frames} frames since ${Math.round((Date.now() - cronAppliedAt) / 1000)} s ago)`);
  assert.equal(seen[0], '-', 'created after the dashboard started: no history at first');
  const finished = (h: string) => (h === '-' ? 0 : Array.from(h).filter((m) => m === READY_MARK).length);
  for (let i = 1; i < seen.length; i++) assert.ok(finished(seen[i]!) >= finished(seen[i - 1]!), `history shrank: ${seen.join(' → ')}`);
  assert.ok(seen.some((h) => h.includes('◐')), `a running Job was seen: ${seen.join(' → ')}`);
  assert.ok(seen.includes(READY_MARK), `one finished Job was seen before two: ${seen.join(' → ')}`);
  // Same process all along: the pane never showed k8stui ending, and it wrote nothing to stderr.
  assert.ok(!Tui.exited(rec.lastScreen));
  assert.equal(cronTui.stderr(), '');
  // The controller agrees: two Jobs owned by the CronJob, both Complete.
  const jobs = await admin.list(`/apis/batch/v1/namespaces/${CRON_NS}/jobs`);
  const complete = jobs.filter((j) => j.status?.conditions?.some((cd: any) => cd.type === 'Complete' && cd.status === 'True'));
  assert.ok(complete.length >= 2, jobs.map(keyOf).join(', '));
  assert.ok(jobs.every((j) => j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === 'ticker' && o.controller)));
  await cronTui.stop();
});

// ---------------------------------------------------------------- 5

const NS_VIEWER_FORBIDDEN = ['nodes', 'namespaces', 'persistentvolumes', 'storageclasses.storage.k8s.io', 'ingressclasses.networking.k8s.io', 'secrets'];

test('5. with ns-viewer (namespace shop only), diagnose and the dashboard work in shop and say what they could not see (access/partial)', async (t) => {
  const c = need(t);
  if (!c) return;
  const kc = c.vars.NS_VIEWER_KUBECONFIG;
  for (const args of [[], ['-n', 'shop']]) {
    const d = await diagnose(kc, [...args, '--fail-on', 'never']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.report.source.namespace, 'shop', 'the context namespace (or -n) is the scope');
    const fs = d.report.findings;
    assert.deepEqual(fs.filter((f) => f.object.namespace !== 'shop' && f.object.namespace !== null).map((f) => f.check), [], 'nothing from other namespaces');
    for (const p of PLANTED.filter(([, , ns]) => ns === 'shop')) assert.ok(hasFinding(fs, p), `${p[0]} ${String(p[3])} with ns-viewer ${args.join(' ')}\n${describeFindings(fs)}`);
    const access = fs.filter((f) => f.check === 'access/partial');
    for (const r of NS_VIEWER_FORBIDDEN) {
      const f = access.find((a) => a.object.name === r);
      assert.ok(f, `access/partial names ${r}\n${describeFindings(access)}`);
      assert.match(f.message, /forbidden/);
      assert.equal(f.severity, 'info');
    }
    // The checks that needed them are named as skipped, not silently passed.
    assert.ok(access.some((f) => f.evidence.some((e) => /^skipped statefulset\/storageclass-missing/.test(e))), describeFindings(access));
    assert.ok(access.some((f) => f.evidence.some((e) => /^skipped ingress\/tls-/.test(e))));
  }
  // Asking for all namespaces: shop is shown, and every namespaced kind says it was readable only there.
  const all = await diagnose(kc, ['-A', '--fail-on', 'never']);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(all.report.findings.filter((f) => f.object.namespace !== 'shop' && f.object.namespace !== null).map((f) => f.check), []);
  const partial = all.report.findings.filter((f) => f.check === 'access/partial' && /readable only in namespace shop/.test(f.message)).map((f) => f.object.name);
  for (const r of ['pods', 'statefulsets.apps', 'services', 'jobs.batch', 'cronjobs.batch', 'events']) assert.ok(partial.includes(r), `${r} partial: ${partial.join(', ')}`);

  // The dashboard, in the context namespace.
  const tui = await startTui('nsv', ['--kubeconfig', kc, '--view', 'sts']);
  const s1 = await tui.waitFor('shop StatefulSets, live', (s) => {
    const rows = parseTable(s, ['NAMESPACE', 'NAME', 'ORDINALS']) ?? parseTable(s, ['NAME', 'ORDINALS']);
    return headerOf(s).includes(LIVE) && rows?.some((r) => r.cells.NAME === 'web') && rows.some((r) => r.cells.NAME === 'db') ? s : undefined;
  });
  assert.match(headerOf(s1), /ns shop/);
  assert.match(headerOf(s1), /k8stui-ns-viewer/);
  await tui.keys(':diag', 'Enter');
  const s2 = await tui.waitFor('access/partial rows in :diag', (s) => {
    const rows = parseTable(s, ['SEVERITY', 'CHECK', 'OBJECT']);
    // Diagnostics run again as kinds finish listing: wait for the run that has read them all (the db finding needs Services).
    return rows &&
      ['nodes', 'namespaces', 'persistentvolumes', 'secrets'].every((r) => rows.some((x) => x.cells.CHECK === 'access/partial' && x.cells.OBJECT === `Resource/${r}`)) &&
      rows.some((x) => /^statefulset\/servic/.test(x.cells.CHECK ?? '') && x.cells.OBJECT === 'StatefulSet/shop/db')
      ? s
      : undefined;
  });
  assert.match(s2, /statefulset\/servic.*StatefulSet\/shop\/db/);
  await tui.keys(':nodes', 'Enter');
  const s3 = await tui.waitFor('Nodes shown as forbidden', (s) => (/Nodes/.test(s) && /forbidden/.test(s) ? s : undefined));
  assert.doesNotMatch(s3, /No nodes/);
  await tui.keys('q');
  const end = await waitFor('k8stui to quit on q', async () => {
    const s = await tui.screen();
    return Tui.exited(s) ? s : undefined;
  }, { timeoutMs: 20_000 });
  assert.match(end, /\[k8stui exited: 0\]/);
  assert.equal(tui.stderr(), '', 'nothing on stderr: no error, no stack trace');
  await tui.stop();
});

// ---------------------------------------------------------------- 6

/** The NAME column of the table on screen (a namespaced view: no NAMESPACE column). */
function names(screen: string, headers: string[]): string[] | undefined {
  return parseTable(screen, headers)?.map((r) => r.cells.NAME!);
}

const sorted = (a: Iterable<string>) => [...a].sort();
const sameList = (a: string[] | undefined, b: string[]) => !!a && JSON.stringify(a.slice().sort()) === JSON.stringify(b.slice().sort());

test('6. the API server stops and restarts while dashboards watch: reconnecting, then live, and the picture converges with changes made during the outage', async (t) => {
  const c = need(t);
  if (!c) return;
  const ns = `e2e-restart-${suffix}`;
  const base = `/api/v1/namespaces/${ns}`;
  await c.apply(restartApp(ns));
  const running = (pods: KObject[], n: number) => pods.length === n && pods.every((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
  const pods0 = await waitFor('2 running pods of the Deployment', async () => {
    const pods = await admin.list(`${base}/pods`);
    return running(pods, 2) ? pods : undefined;
  }, { timeoutMs: 120_000 });

  // One dashboard talks to the API server directly; one through a proxy we can cut, so that its outage
  // certainly covers the changes below; and k8stui's live store in this process, through the same proxy.
  const proxy = await CuttableProxy.start(Number(c.vars.APISERVER_PORT));
  const proxied = path.join(c.tmp, 'viewer-via-proxy.kubeconfig');
  rewriteServer(c.vars.VIEWER_KUBECONFIG, proxied, proxy.url);
  const direct = await startTui('direct', ['--kubeconfig', c.vars.VIEWER_KUBECONFIG, '-n', ns, '--view', 'svc']);
  const viaProxy = await startTui('proxied', ['--kubeconfig', proxied, '-n', ns, '--view', 'svc']);
  const live = await openLive({ kubeconfig: proxied, namespace: ns, waitForSync: true });
  const SVC = ['NAME', 'TYPE', 'CLUSTER-IP'];
  const POD = ['NAME', 'READY', 'STATUS'];
  try {
    for (const tui of [direct, viaProxy]) {
      await tui.waitFor('live, Services keep and gone', (s) => headerOf(s).includes(LIVE) && sameList(names(s, SVC), ['gone', 'keep']));
    }
    assert.equal(live.store.connection.state, 'live');

    // The outage.
    proxy.disconnect();
    await viaProxy.waitFor('the proxied dashboard reconnecting', (s) => /reconnecting|stale/.test(headerOf(s)), { timeoutMs: 90_000 });
    const stop = await c.ctl(['apiserver-stop']);
    t.diagnostic(`apiserver-stop took ${stop.ms} ms`);
    const down = await direct.waitFor('the direct dashboard reconnecting', (s) => (/reconnecting/.test(headerOf(s)) ? headerOf(s) : undefined), { timeoutMs: 90_000 });
    t.diagnostic(`header while the API server is down: ${down.trim()}`);
    const start = await c.ctl(['apiserver-start']);
    t.diagnostic(`apiserver-start took ${start.ms} ms`);

    // The world changes at once: a Service deleted, one created, a pod deleted (its ReplicaSet replaces it), a scale-up.
    const victim = pods0[0]!.metadata.name;
    await admin.delete(`${base}/services/gone`);
    await admin.create(`${base}/services`, serviceObject(ns, 'added'));
    await admin.delete(`${base}/pods/${victim}`, { gracePeriodSeconds: 0 });
    await admin.mergePatch(`/apis/apps/v1/namespaces/${ns}/deployments/app`, { spec: { replicas: 3 } });
    t.diagnostic(`direct dashboard when the changes were made: ${headerOf(await direct.screen()).trim()}`);
    const truthPods = await waitFor('3 running pods, the deleted one gone', async () => {
      const pods = await admin.list(`${base}/pods`);
      return running(pods, 3) && !pods.some((p) => p.metadata.name === victim) ? pods : undefined;
    }, { timeoutMs: 120_000 });
    const podNames = truthPods.map((p) => p.metadata.name);
    const svcNames = (await admin.list(`${base}/services`)).map((s) => s.metadata.name);
    assert.deepEqual(sorted(svcNames), ['added', 'keep']);

    // The proxied client has seen none of it: still disconnected, still showing the old picture.
    assert.match(headerOf(await viaProxy.screen()), /reconnecting|stale/);
    assert.ok(live.store.get('Service', ns, 'gone'), 'the in-process store still has the Service deleted during its outage');
    assert.ok(live.store.get('Pod', ns, victim));
    assert.notEqual(live.store.connection.state, 'live');
    proxy.restore();

    // Everyone converges: live again, exactly the server's objects, no ghost, no duplicate.
    for (const tui of [direct, viaProxy]) {
      await tui.waitFor('live again with Services added and keep', (s) => headerOf(s).includes(LIVE) && sameList(names(s, SVC), svcNames), { timeoutMs: 120_000 });
      await tui.keys(':pods', 'Enter');
      const s = await tui.waitFor('the three current pods, and not the deleted one', (scr) => (sameList(names(scr, POD), podNames) ? scr : undefined), { timeoutMs: 60_000 });
      assert.ok(!s.includes(victim), `${victim} is gone`);
      assert.equal(tui.stderr(), '');
    }
    const kinds: [KindName, string][] = [
      ['Pod', `${base}/pods`],
      ['Service', `${base}/services`],
      ['EndpointSlice', `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`],
      ['ReplicaSet', `/apis/apps/v1/namespaces/${ns}/replicasets`],
      ['Deployment', `/apis/apps/v1/namespaces/${ns}/deployments`],
    ];
    let diff = '';
    await waitFor('the in-process store to hold exactly the server\'s objects at their resourceVersions', async () => {
      diff = '';
      for (const [kind, p] of kinds) {
        const server = Object.fromEntries((await admin.list(p)).map((o) => [o.metadata.name, o.metadata.resourceVersion]));
        const mine = Object.fromEntries(live.store.list(kind, ns).map((o) => [o.metadata.name, o.metadata.resourceVersion]));
        if (JSON.stringify(Object.entries(server).sort()) !== JSON.stringify(Object.entries(mine).sort())) diff += `${kind}: server ${JSON.stringify(server)} store ${JSON.stringify(mine)}\n`;
      }
      return diff === '' && live.store.connection.state === 'live';
    }, { timeoutMs: 120_000, describe: () => `${diff}connection ${JSON.stringify(live.store.connection)}` });
    t.diagnostic(`proxy: ${proxy.accepted} connections passed, ${proxy.refused} refused during the outage`);
  } finally {
    live.source.stop();
    await proxy.close();
    await direct.stop();
    await viaProxy.stop();
  }
});

// ---------------------------------------------------------------- 7

test('7. npm run demo:capture (scripts/capture-demo.mjs) captures this cluster as admin into a snapshot the demo can open', async (t) => {
  const c = need(t);
  if (!c) return;
  const out = path.join(c.tmp, 'captured');
  const r = await run(process.execPath, [path.join(ROOT, 'scripts', 'capture-demo.mjs'), '--cluster-dir', c.dir, '--out', out, '--min-runs', '1', '--wait-checks', 'statefulset/service-missing'], { timeoutMs: 10 * 60_000 });
  assert.equal(r.code, 0, r.stderr);
  t.diagnostic(`capture took ${r.ms} ms`);
  const file = path.join(out, 'snapshot.yaml');
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /tls\.key/, 'no private key is ever saved');
  const loaded = await loadSnapshot(file);
  assert.deepEqual(loaded.errors, []);
  assert.equal(loaded.info?.user, 'kubernetes-admin');
  assert.deepEqual(loaded.info?.forbidden ?? [], [], 'admin reads every kind');
  const secret = loaded.objects.get('Secret')?.find((s) => s.metadata.namespace === 'shop' && s.metadata.name === 'my-tls') as any;
  assert.ok(secret, 'the TLS Secret is captured');
  assert.deepEqual(Object.keys(secret.data ?? {}), ['tls.crt'], 'only the certificate is kept');
  // Objects as the controllers wrote them: the StatefulSet's pods carry the revision hash, EndpointSlices name their pods.
  const web0 = loaded.objects.get('Pod')!.find((p) => p.metadata.namespace === 'shop' && p.metadata.name === 'web-0') as any;
  assert.match(web0.metadata.labels['controller-revision-hash'], /^web-[0-9a-f]+$/);
  assert.equal(web0.metadata.ownerReferences[0].kind, 'StatefulSet');
  const slice = loaded.objects.get('EndpointSlice')!.find((s) => s.metadata.namespace === 'shop' && s.metadata.labels?.['kubernetes.io/service-name'] === 'nginx') as any;
  assert.equal(slice.addressType, 'IPv4');
  assert.equal(slice.endpoints.length, 3);
  assert.ok(slice.endpoints.every((e: any) => e.targetRef?.kind === 'Pod' && e.conditions?.ready === true && e.nodeName));
  // What the demo is for: the planted problems show up offline.
  const diag = await k8stui(['diagnose', '--snapshot', file, '-o', 'json', '--config', diagConfig, '--fail-on', 'never']);
  assert.equal(diag.code, 0, diag.stderr);
  const fs: Finding[] = JSON.parse(diag.stdout).findings;
  for (const p of PLANTED) assert.ok(hasFinding(fs, p), `${p[0]} in the captured snapshot\n${describeFindings(fs)}`);
  assert.match(readFileSync(path.join(out, 'README.md'), 'utf8'), /scripts\/capture-demo\.mjs/);
});

// ---------------------------------------------------------------- 4 (last: it reads what everything above did)

test('8. logs of a live pod: l streams them, new lines follow, c switches container, Esc goes back', async (t) => {
  const c = need(t);
  if (!c) return;
  const ns = `e2e-logs-${suffix}`;
  await c.apply(twoContainerPod(ns));
  const tui = await startTui('logs', ['--kubeconfig', c.vars.VIEWER_KUBECONFIG, '-n', ns], { width: 120, height: 30 });
  await tui.waitFor('edge-0 running with both containers ready', (s) => parseTable(s, ['NAME', 'READY', 'STATUS'])?.some((r) => r.cells.NAME === 'edge-0' && r.cells.READY === '2/2' && r.cells.STATUS === 'Running'), { timeoutMs: 120_000 });
  await tui.keys('l');
  const first = await tui.waitFor("nginx's log", (s) => (s.includes(`Logs › ${ns}/edge-0 [nginx 1/2]`) && s.includes('Configuration complete; ready for start up') ? s : undefined));
  assert.match(first.split('\n')[1]!, /following/);
  // The simulated kubelet writes a line every 2 s: new lines arrive without a key.
  const lastAccess = (s: string) => s.split('\n').filter((l) => /"GET \S+ HTTP\/1\.1" \d{3}/.test(l)).pop();
  const l0 = lastAccess(first);
  const followed = await tui.waitFor('a new line, followed', (s) => {
    const l = lastAccess(s);
    return l && l !== l0 ? l : undefined;
  }, { timeoutMs: 30_000 });
  t.diagnostic(`followed: ${followed.trim()}`);
  await tui.keys('c');
  await tui.waitFor("the shipper container's log", (s) => s.includes(`Logs › ${ns}/edge-0 [shipper 2/2]`) && s.includes('msg="starting shipper"'));
  await tui.keys('p');
  await tui.waitFor('the previous container: none yet, said so', (s) => s.includes('(previous container)') && /—\s+\S/.test(s));
  await tui.keys('Escape');
  await tui.waitFor('back on the pod list', (s) => s.includes(`Pods [${ns}]`) && parseTable(s, ['NAME', 'READY', 'STATUS'])?.some((r) => r.cells.NAME === 'edge-0'));
  assert.equal(tui.stderr().trim(), '', 'nothing on stderr');
  await tui.stop();
});

/** Press j until the selected line (drawn with ▶) matches `re`; the screen it ended on. */
async function cursorTo(tui: Tui, re: RegExp, max = 40): Promise<string> {
  const cursor = (s: string) => s.split('\n').find((l) => l.startsWith('▶'));
  let screen = await tui.screen();
  for (let i = 0; i < max && !re.test(cursor(screen) ?? ''); i++) {
    const before = screen;
    await tui.keys('j');
    // Wait for the cursor itself to move: a live screen also changes with the clock and watch events,
    // and taking such a change for the move would send the next `j` before this one lands.
    screen = await waitFor('the cursor to move', async () => {
      const s = await tui.screen();
      return cursor(s) !== cursor(before) ? s : undefined;
    }, { timeoutMs: 5_000 }).catch(() => before);
    if (screen === before) break;
  }
  assert.match(cursor(screen) ?? '', re, `the cursor reached a line matching ${re}:\n${screen}`);
  return screen;
}

const cursorLine = (s: string) => s.split('\n').find((l) => l.startsWith('▶')) ?? '';

test('9. the detail cursor: Enter on a StatefulSet ordinal opens its pod; in a Service detail, on the pod causing its problem; Esc comes back', async (t) => {
  const c = need(t);
  if (!c) return;
  const tui = await startTui('cursor', ['--kubeconfig', c.vars.VIEWER_KUBECONFIG, '-n', 'shop', '--view', 'sts', '--config', diagConfig], { width: 120, height: 40 });
  await tui.waitFor('shop/web listed, live', (s) => headerOf(s).includes(LIVE) && parseTable(s, ['NAME', 'READY', 'ORDINALS'])?.some((r) => r.cells.NAME === 'web' && r.cells.READY === '3/3'));
  await tui.keys('/');
  await tui.type('web');
  await tui.keys('Enter');
  await tui.waitFor('only web listed', (s) => parseTable(s, ['NAME', 'READY', 'ORDINALS'])?.length === 1);
  await tui.keys('Enter');
  await tui.waitFor('the web detail with its ordinals', (s) => s.includes('StatefulSets › shop/web') && /web-1\s+Running/.test(s));
  assert.equal(cursorLine(await tui.screen()), '', 'nothing selected when the detail opens');
  await cursorTo(tui, /\bweb-1\s+Running/);
  await tui.keys('Enter');
  const pod1 = await tui.waitFor("web-1's detail", (s) => (s.includes('Pods › shop/web-1') ? s : undefined));
  assert.match(pod1, /web-1/);
  await tui.keys('Escape');
  await tui.waitFor('back on the StatefulSet detail, the cursor still on web-1', (s) => s.includes('StatefulSets › shop/web') && /\bweb-1\b/.test(cursorLine(s)));

  // shop/checkout has no ready endpoint because both its pods fail their readiness probe (planted):
  // the Service's finding names them on lines of their own ("caused by … Pod/shop/checkout-…").
  await tui.keys(':');
  await tui.type('svc /checkout');
  await tui.keys('Enter');
  await tui.waitFor('shop/checkout listed with its problem', (s) => parseTable(s, ['NAME', 'TYPE', 'PROBLEMS'])?.length === 1 && parseTable(s, ['NAME', 'TYPE', 'PROBLEMS'])?.some((r) => r.cells.NAME === 'checkout' && /error/.test(r.cells.PROBLEMS ?? '')), { timeoutMs: 120_000 });
  await tui.keys('Enter');
  await tui.waitFor('the checkout detail with what causes its problem', (s) => s.includes('Services › shop/checkout') && /caused by .*Pod\/shop\/checkout-/.test(s));
  const screen = await cursorTo(tui, /Pod\/shop\/checkout-/);
  const pod = cursorLine(screen).match(/Pod\/shop\/(checkout-\S+)/)?.[1];
  await tui.keys('Enter');
  const detail = await tui.waitFor(`${pod}'s detail`, (s) => (s.includes(`Pods › shop/${pod}`) ? s : undefined));
  assert.match(detail, /pod\/readiness-failing/, "the pod's own finding is on its detail");
  await tui.keys('Escape');
  await tui.waitFor('back on the Service detail, the cursor on the same line', (s) => s.includes('Services › shop/checkout') && cursorLine(s).includes(`Pod/shop/${pod}`));
  assert.equal(tui.stderr().trim(), '', 'nothing on stderr');
  await tui.stop();
});

test('10. while a live source lists, the header shows list progress (or connecting…), then live; never a blank screen', async (t) => {
  const c = need(t);
  if (!c) return;
  // A slow link (8 KB/s) while the dashboard starts, so listing lasts seconds; then full speed.
  // (connecting… lasts until the first answer, a quick 403 for Secrets here: the views tier covers its text.)
  const proxy = await CuttableProxy.start(Number(c.vars.APISERVER_PORT), { bytesPerSecond: 8_000 });
  const slow = path.join(c.tmp, 'viewer-slow.kubeconfig');
  rewriteServer(c.vars.VIEWER_KUBECONFIG, slow, proxy.url);
  const PROGRESS = /Pods (listing…|[\d,]+ listed…|[\d,]+ \/ ~[\d,]+)/;
  const tui = await startTui('slow', ['--kubeconfig', slow, '-A'], { width: 160, height: 30 });
  const rec = new ScreenRecorder(tui, (s) => {
    if (!s.trim()) return 'blank';
    const h = headerOf(s);
    return [/connecting…/.test(h) ? 'connecting' : '', h.match(PROGRESS)?.[0] ?? '', h.includes(LIVE) ? 'live' : '', /Pods \[all\]/.test(s) ? 'title' : 'no title'].join('|');
  }, undefined, 100);
  try {
    const first = await tui.waitFor('the first frame', (s) => (s.trim() ? s : undefined), { timeoutMs: 60_000 });
    assert.ok(/connecting…/.test(headerOf(first)) || PROGRESS.test(headerOf(first)), `the first frame says the source is connecting or listing:\n${first}`);
    assert.match(first, /Pods \[all\]/);
    assert.match(first, /Pod: loading…/, 'the body says the pods are loading, not "No pods"');
    await tui.waitFor('pod list progress in the header', (s) => PROGRESS.test(headerOf(s)), { timeoutMs: 90_000 });
    proxy.setRate(undefined);
    await tui.waitFor('every pod listed, live', (s) => headerOf(s).includes(LIVE) && !PROGRESS.test(headerOf(s)) && (parseTable(s, ['NAMESPACE', 'NAME', 'READY'])?.length ?? 0) >= 10, { timeoutMs: 120_000 });
  } finally {
    await rec.stop();
    await proxy.close();
  }
  const seen = rec.samples.map((x) => x.value);
  t.diagnostic(`header states: ${seen.join(' → ')}`);
  const drawn = seen.findIndex((v) => v !== 'blank');
  assert.ok(drawn >= 0);
  assert.deepEqual(seen.slice(drawn).filter((v) => v === 'blank' || v.endsWith('no title')), [], `once drawn, the screen always has the header and the view title: ${seen.join(' → ')}`);
  assert.ok(seen.some((v) => PROGRESS.test(v)), `list progress seen: ${seen.join(' → ')}`);
  assert.equal(tui.stderr().trim(), '', 'nothing on stderr');
  await tui.stop();
});

test('4. the audit log shows the viewer and ns-viewer identities used only get, list and watch', async (t) => {
  const c = need(t);
  if (!c) return;
  const verbs = new Map<string, Map<string, number>>(); // user -> verb -> count
  const agents = new Map<string, number>();
  let lines = 0;
  for (const line of readFileSync(c.vars.AUDIT_LOG, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    lines++;
    const e = JSON.parse(line) as { verb: string; user: { username: string }; userAgent?: string; requestURI: string };
    const u = e.user?.username;
    if (u !== 'viewer' && u !== 'ns-viewer') continue;
    const m = verbs.get(u) ?? new Map<string, number>();
    verbs.set(u, m);
    m.set(e.verb, (m.get(e.verb) ?? 0) + 1);
    agents.set(e.userAgent ?? '?', (agents.get(e.userAgent ?? '?') ?? 0) + 1);
  }
  const summary = [...verbs].map(([u, m]) => `${u}: ${[...m].map(([v, n]) => `${v} ${n}`).join(', ')}`).join('; ');
  t.diagnostic(`${lines} audit events; ${summary}; user agents: ${[...agents].map(([a, n]) => `${a} (${n})`).join(', ')}`);
  for (const u of ['viewer', 'ns-viewer']) {
    const m = verbs.get(u);
    assert.ok(m, `${u} made requests`);
    assert.deepEqual([...m.keys()].filter((v) => !['get', 'list', 'watch'].includes(v)), [], `${u} used only get, list and watch: ${summary}`);
    assert.ok((m.get('list') ?? 0) > 0 && (m.get('watch') ?? 0) > 0, `${u} listed and watched: ${summary}`);
  }
});
