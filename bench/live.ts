// Live-cluster benchmark (issue 3, "Scale"):
//
//   npm run bench:live -- [--pods N] [--wait-min M] [--keys K]
//   (or K8STUI_BENCH_PODS=N; default 10000)
//
// 1. Starts the local control plane (test/cluster/up) in its own state dir,
//    applies one generated manifest: StatefulSets of 50 replicas (Parallel)
//    with a headless Service, and Deployments of 50 replicas with a ClusterIP
//    Service each (so EndpointSlices exist), spread over a few namespaces.
//    Waits until N pods exist and most are Running (capped; partial is reported).
// 2. Measures, with the viewer kubeconfig where k8stui is concerned:
//    - one paged list of all pods from Node (listAllPages, 500 per page);
//    - k8stui in tmux: spawn to the first pod row, and to the title showing
//      the complete count (`Pods [all] N`);
//    - keystroke-to-frame: `j` via tmux send-keys until capture-pane -e shows
//      the selection bar moved, idle and while a loop annotates pods through
//      `ctl apply` (a busy watch stream);
//    - peak RSS (VmHWM) of the k8stui node process.
// 3. Prints a table. The cluster and tmux server are always torn down.
//
// tmux polling is coarse: each capture-pane costs a few ms, so latencies
// include that granularity.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKubeconfig } from '../src/cluster/kubeconfig.js';
import { createApiClient } from '../src/cluster/api.js';
import { listAllPages } from '../src/cluster/live.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CTL = join(ROOT, 'test/cluster/ctl');
const STATE = `/tmp/k8stui-benchlive-${process.pid}`;
const SOCK = `benchlive-${process.pid}`;
const COLS = 160;
const ROWS = 50;
const PER_WORKLOAD = 50;
const WORKLOADS_PER_NS = 20; // 1000 pods per namespace

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const N = Number(flag('--pods') ?? process.env.K8STUI_BENCH_PODS ?? 10000);
const WAIT_MIN = Number(flag('--wait-min') ?? 15);
const KEYS = Number(flag('--keys') ?? 20);
if (!Number.isInteger(N) || N < 1) throw new Error(`--pods: expected a positive integer, got ${N}`);

const clusterEnv = { ...process.env, K8STUI_CLUSTER_DIR: STATE };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`[bench:live ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

function run(cmd: string, args: string[], opts: { quiet?: boolean } = {}): string {
  const r = spawnSync(cmd, args, { env: clusterEnv, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
  }
  if (!opts.quiet && r.stderr) process.stderr.write(r.stderr);
  return r.stdout;
}
const tmux = (...args: string[]) => run('tmux', ['-L', SOCK, ...args], { quiet: true });

// ---------------------------------------------------------------------------
// Manifest

function manifest(n: number): string {
  const docs: string[] = [];
  const workloads = Math.ceil(n / PER_WORKLOAD);
  const namespaces = Math.ceil(workloads / WORKLOADS_PER_NS);
  for (let i = 0; i < namespaces; i++) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-${i}\n`);
  for (let w = 0; w < workloads; w++) {
    const ns = `bench-${Math.floor(w / WORKLOADS_PER_NS)}`;
    const replicas = Math.min(PER_WORKLOAD, n - w * PER_WORKLOAD);
    const sts = w % 2 === 0;
    const name = sts ? `db-${w}` : `web-${w}`;
    const template = `  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: registry.example.com/bench/${sts ? 'db' : 'web'}:1.0.${w % 7}
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: http
        resources:
          requests:
            cpu: 10m
            memory: 16Mi
`;
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${sts ? '  clusterIP: None\n' : ''}  selector:
    app: ${name}
  ports:
  - name: http
    port: 80
    targetPort: http
`);
    docs.push(sts
      ? `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  podManagementPolicy: Parallel
${template}`
      : `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${replicas}
${template}`);
  }
  return docs.join('---\n');
}

// ---------------------------------------------------------------------------
// Helpers

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]! : NaN;
}
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function capture(): string {
  return tmux('capture-pane', '-p', '-t', 'bench');
}

function k8stuiPid(): number {
  const panePid = Number(tmux('list-panes', '-t', 'bench', '-F', '#{pane_pid}').trim());
  // The pane runs `exec node bin/k8stui.js ...`, so the pane process is node itself.
  const cmdline = readFileSync(`/proc/${panePid}/cmdline`, 'utf8');
  if (cmdline.includes('k8stui.js')) return panePid;
  const child = spawnSync('pgrep', ['-P', String(panePid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  return Number(child);
}

function vmHWM(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The selected row: its line index and text (the shell draws it in inverse video, so capture with -e). */
function selection(): string {
  const lines = tmux('capture-pane', '-e', '-p', '-t', 'bench').split('\n');
  const i = lines.findIndex((l) => /\x1b\[(?:0;)?7m/.test(l));
  return `${i}\n${lines[i] ?? ''}`;
}

/** Press `j` and time until the selection bar moves (or the selected row scrolls). */
async function keyLatencies(count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = selection();
    const t0 = performance.now();
    tmux('send-keys', '-t', 'bench', 'j');
    let changed = false;
    while (performance.now() - t0 < 5000) {
      if (selection() !== before) {
        changed = true;
        break;
      }
    }
    if (changed) out.push(performance.now() - t0);
    await sleep(150);
  }
  return out;
}

// ---------------------------------------------------------------------------

interface Row { what: string; value: string }

async function main(): Promise<void> {
  const rows: Row[] = [];
  const t0 = performance.now();
  log(`starting cluster in ${STATE}`);
  run(join(ROOT, 'test/cluster/up'), []);
  rows.push({ what: 'cluster up', value: sec(performance.now() - t0) });
  const env: Record<string, string> = {};
  for (const line of run(CTL, ['env'], { quiet: true }).split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  const admin = env.ADMIN_KUBECONFIG;
  const viewer = env.VIEWER_KUBECONFIG;
  if (!admin || !viewer) throw new Error('ctl env printed no ADMIN_KUBECONFIG / VIEWER_KUBECONFIG');
  const api = createApiClient(await loadKubeconfig({ kubeconfig: admin }), { requestTimeoutMs: 120_000 });

  const work = mkdtempSync(join(tmpdir(), 'k8stui-benchlive-'));
  try {
    const file = join(work, 'pods.yaml');
    writeFileSync(file, manifest(N));
    log(`applying ${Math.ceil(N / PER_WORKLOAD)} workloads for ${N} pods`);
    const tApply = performance.now();
    run(CTL, ['apply', '-f', file], { quiet: true });
    rows.push({ what: 'apply manifest', value: sec(performance.now() - tApply) });

    // Wait for N pods, then for most of them Running (capped).
    const deadline = tApply + WAIT_MIN * 60_000;
    let total = 0;
    let running = 0;
    let createdMs = NaN;
    let runningMs = NaN;
    for (;;) {
      const { items } = await listAllPages(api, 'Pod', undefined);
      total = items.length;
      running = items.filter((p) => (p as { status?: { phase?: string } }).status?.phase === 'Running').length;
      const elapsed = performance.now() - tApply;
      if (Number.isNaN(createdMs) && total >= N) createdMs = elapsed;
      log(`pods ${total}/${N}, Running ${running} after ${sec(elapsed)}`);
      if (total >= N && running >= 0.95 * N) {
        runningMs = elapsed;
        break;
      }
      if (performance.now() > deadline) break;
      await sleep(5000);
    }
    rows.push({ what: `pods created (${total}/${N})`, value: Number.isNaN(createdMs) ? `not all within ${WAIT_MIN} min` : sec(createdMs) });
    rows.push({ what: `≥95% Running (${running}/${N})`, value: Number.isNaN(runningMs) ? `not within ${WAIT_MIN} min (partial)` : sec(runningMs) });

    // Raw list: one paged list of all pods, 3 times.
    const lists: number[] = [];
    let listed = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      listed = (await listAllPages(api, 'Pod', undefined)).items.length;
      lists.push(performance.now() - t);
    }
    rows.push({ what: `raw paged list of ${listed} pods (Node, 500/page; median of 3)`, value: `${median(lists).toFixed(0)} ms` });

    // k8stui in tmux.
    const tSpawn = performance.now();
    tmux('new-session', '-d', '-s', 'bench', '-x', String(COLS), '-y', String(ROWS),
      `cd ${ROOT} && exec env -u CI TERM=xterm-256color node bin/k8stui.js --kubeconfig ${viewer} -A --view pods`);
    const pid = k8stuiPid();
    let firstRowMs = NaN;
    let completeMs = NaN;
    const title = new RegExp(`Pods \\[all\\] ${listed}\\b`);
    while (performance.now() - tSpawn < 180_000) {
      const screen = capture();
      if (Number.isNaN(firstRowMs) && /^bench-\d+ /m.test(screen)) firstRowMs = performance.now() - tSpawn;
      if (title.test(screen)) {
        completeMs = performance.now() - tSpawn;
        break;
      }
      await sleep(20);
    }
    if (Number.isNaN(completeMs)) log(`screen at timeout:\n${capture()}`);
    rows.push({ what: 'k8stui: spawn → first pod row', value: Number.isNaN(firstRowMs) ? 'not seen' : `${firstRowMs.toFixed(0)} ms` });
    rows.push({ what: `k8stui: spawn → "Pods [all] ${listed}"`, value: Number.isNaN(completeMs) ? 'not within 180 s' : `${completeMs.toFixed(0)} ms` });
    const rssAfterLoad = vmHWM(pid);
    await sleep(2000);

    const idle = await keyLatencies(KEYS);
    rows.push({ what: `key → frame, idle (median / p90 / max of ${idle.length})`, value: `${median(idle).toFixed(0)} / ${pct(idle, 90).toFixed(0)} / ${Math.max(...idle).toFixed(0)} ms` });

    // Busy watch stream: annotate 500 pods per `ctl apply`, back to back.
    const pods = (await listAllPages(api, 'Pod', undefined)).items;
    let churnRound = 0;
    let churned = 0;
    let stopChurn = false;
    const tChurn = performance.now();
    const churn = (async () => {
      while (!stopChurn) {
        const batch = pods.slice((churnRound * 500) % pods.length, ((churnRound * 500) % pods.length) + 500);
        const doc = batch.map((p) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${p.metadata.name}\n  namespace: ${p.metadata.namespace}\n  annotations:\n    bench.k8stui.dev/round: "${churnRound}"\n`).join('---\n');
        const f = join(work, `churn.yaml`);
        writeFileSync(f, doc);
        await new Promise<void>((res, rej) => {
          const c: ChildProcess = spawn(CTL, ['apply', '-f', f], { env: clusterEnv, stdio: 'ignore' });
          c.on('exit', (code) => (code === 0 ? res() : rej(new Error(`churn apply exited ${code}`))));
        });
        churned += batch.length;
        churnRound++;
      }
    })();
    await sleep(3000); // let the first updates reach the watch
    const busy = await keyLatencies(KEYS);
    stopChurn = true;
    await churn;
    const churnSec = (performance.now() - tChurn) / 1000;
    rows.push({ what: `key → frame, busy (~${(churned / churnSec).toFixed(0)} pod updates/s; median / p90 / max of ${busy.length})`, value: `${median(busy).toFixed(0)} / ${pct(busy, 90).toFixed(0)} / ${Math.max(...busy).toFixed(0)} ms` });
    rows.push({ what: 'k8stui peak RSS after load (VmHWM)', value: `${rssAfterLoad.toFixed(0)} MB` });
    rows.push({ what: 'k8stui peak RSS at the end (VmHWM)', value: `${vmHWM(pid).toFixed(0)} MB` });
  } finally {
    api.close();
    rmSync(work, { recursive: true, force: true });
  }

  const w = Math.max(...rows.map((r) => r.what.length));
  console.log(`\nbench:live  N=${N}  ${new Date().toISOString().slice(0, 10)}  node ${process.version}`);
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${r.value}`);
}

let cleaned = false;
function cleanup(): void {
  if (cleaned) return;
  cleaned = true;
  spawnSync('tmux', ['-L', SOCK, 'kill-server'], { stdio: 'ignore' });
  log('stopping cluster');
  spawnSync(join(ROOT, 'test/cluster/down'), [], { env: clusterEnv, stdio: 'inherit' });
  rmSync(`${STATE}.lock`, { force: true }); // `down` leaves the ctl lock file beside the state dir
  rmSync(`/tmp/tmux-${process.getuid?.() ?? 0}/${SOCK}`, { force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    cleanup();
    process.exit(1);
  },
);
