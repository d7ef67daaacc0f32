// Live-cluster benchmark (issue 10): k8stui against k9s and kubectl on the
// local control plane, N pods, interleaved runs in one session.
//
//   npm run bench:live -- [--pods N] [--runs R] [--keys K] [--churn RATE]
//                         [--variant NAME=DIR[?ENV=VALUE&...] ...] [--no-k9s] [--no-kubectl]
//                         [--cluster-dir DIR] [--keep-cluster] [--wait-min M]
//                         [--cols C] [--rows R] [--json FILE]
//
// 1. Starts the local control plane (test/cluster/up) in its own state dir
//    (or reuses --cluster-dir, kept with --keep-cluster), applies workloads of
//    50 pods (StatefulSets with a headless Service, Deployments with a
//    ClusterIP Service), 1000 pods per namespace `bench-*`, and waits until N
//    pods are Running (kubelet-sim, `podstats`).
// 2. Builds k9s v0.50.16 from its Go module into a cache outside the repo
//    (~/.cache/k8stui-bench), when Go is available: it is never committed.
//    It runs with its config and state in a temp dir, read-only
//    (--readonly, readOnly: true) with the viewer kubeconfig (which can only
//    get/list/watch anyway), skipLatestRevCheck (no request leaves the
//    machine), on loopback like everything else here.
// 3. For each run, in a rotating order: `kubectl get pods -A --chunk-size=500
//    -o json` (the floor: the same list, as fast as a Go client prints it),
//    then each dashboard in a pseudo-terminal (`script`), its output fed to a
//    headless xterm (@xterm/headless) so what is on screen is known exactly:
//    launch → first pod rows, launch → the complete count in the title; then,
//    while `churn` updates RATE pods/s, key → frame latency for `j`, for each
//    character typed into the `/` filter, and for `:sts`, `:svc` and back to
//    `:pods`; peak RSS (VmHWM) of the process tree.
// 4. Prints medians with the run-to-run range, p50/p95 of keys, and the
//    ratios k8stui/k9s and k8stui/kubectl.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import xterm from '@xterm/headless';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CTL = join(ROOT, 'test/cluster/ctl');
const PER_WORKLOAD = 50;
const WORKLOADS_PER_NS = 20; // 1000 pods per namespace
const K9S_VERSION = 'v0.50.16';

// ---------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
function flags(name: string): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => a === name && argv[i + 1] && out.push(argv[i + 1]!));
  return out;
}
const N = Number(flag('--pods') ?? process.env.K8STUI_BENCH_PODS ?? 10000);
const RUNS = Number(flag('--runs') ?? 3);
const KEYS = Number(flag('--keys') ?? 30);
const CHURN = Number(flag('--churn') ?? 100);
const WAIT_MIN = Number(flag('--wait-min') ?? 15);
const COLS = Number(flag('--cols') ?? 200);
const ROWS = Number(flag('--rows') ?? 50);
const JSON_OUT = flag('--json');
const KEEP = argv.includes('--keep-cluster');
const STATE = flag('--cluster-dir') ?? `/tmp/k8stui-benchlive-${process.pid}`;
const VARIANTS = (flags('--variant').length ? flags('--variant') : [`k8stui=${ROOT}`]).map((v) => {
  const [name, spec] = v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : ['k8stui', v];
  // DIR?K=V&K=V: the same build with other environment variables (experiments).
  const [dir, query] = spec!.split('?');
  return { name: name!, dir: resolve(dir!), env: Object.fromEntries(new URLSearchParams(query ?? '')) };
});
if (!Number.isInteger(N) || N < 1) throw new Error(`--pods: expected a positive integer, got ${N}`);

const clusterEnv = { ...process.env, K8STUI_CLUSTER_DIR: STATE };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`[bench:live ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

function run(cmd: string, args: string[], opts: { quiet?: boolean; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { env: opts.env ?? clusterEnv, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
  if (!opts.quiet && r.stderr) process.stderr.write(r.stderr);
  return r.stdout;
}

// ---------------------------------------------------------------------------
// The workload

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
    docs.push(
      sts
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
${template}`,
    );
  }
  return docs.join('---\n');
}

let bin: string | undefined;
/** The harness program itself (ctl runs it as a child: a signal to ctl would not reach it). */
function clusterBin(): string {
  bin ??= run(CTL, ['bin'], { quiet: true }).trim().split('\n').pop()!;
  return bin;
}

function podStats(prefix = 'bench-'): { total: number; running: number; ready: number } {
  const [total, running, ready] = run(CTL, ['k8stui-cluster', 'podstats', '--prefix', prefix], { quiet: true }).trim().split(/\s+/).map(Number);
  return { total: total!, running: running!, ready: ready! };
}

// ---------------------------------------------------------------------------
// k9s

function k9sBinary(): string | undefined {
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'k8stui-bench', `k9s-${K9S_VERSION}`);
  const bin = join(cache, 'k9s');
  if (existsSync(bin)) return bin;
  if (spawnSync('go', ['version']).status !== 0) {
    log('k9s: Go is not available, comparing without k9s');
    return undefined;
  }
  log(`k9s: building github.com/derailed/k9s@${K9S_VERSION} into ${cache} (several minutes, once)`);
  mkdirSync(cache, { recursive: true });
  const r = spawnSync('go', ['install', `github.com/derailed/k9s@${K9S_VERSION}`], {
    env: { ...process.env, GOBIN: cache, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: tmpdir(),
  });
  if (r.status !== 0 || !existsSync(bin)) {
    log('k9s: build failed, comparing without k9s');
    return undefined;
  }
  return bin;
}

/** k9s's config and state in a temp dir: read-only, no update check, no logo. */
function k9sHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'k8stui-bench-k9s-'));
  mkdirSync(join(home, 'config'), { recursive: true });
  writeFileSync(
    join(home, 'config', 'config.yaml'),
    `k9s:
  liveViewAutoRefresh: false
  refreshRate: 2
  readOnly: true
  noExitOnCtrlC: false
  skipLatestRevCheck: true
  imageScans:
    enable: false
  ui:
    enableMouse: false
    headless: false
    logoless: true
    crumbsless: false
    noIcons: true
  logger:
    tail: 100
    buffer: 5000
    sinceSeconds: -1
`,
  );
  return home;
}

// ---------------------------------------------------------------------------
// A dashboard in a pseudo-terminal, its screen kept by a headless xterm

interface Tool {
  name: string;
  kind: 'k8stui' | 'k9s';
  cmd: string[];
  env: NodeJS.ProcessEnv;
  /** The pod count in the title, when the pods view is shown. */
  podCount(screen: string[]): number | undefined;
  /** The title of a view: sts, svc, pods. */
  viewShown(screen: string[], view: 'sts' | 'svc' | 'pods'): boolean;
  /** The filter prompt shows this text. */
  prompt(screen: string[], text: string): boolean;
  /** The table is filtered as each key is typed (k8stui), or on Enter (k9s). */
  liveFilter: boolean;
  quit: string;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const ROW_RE = /\bbench-\d+\s+(?:db|web)-\d+/;
/** A pod row (any namespace): NAMESPACE then NAME with a generated suffix or an ordinal. */
const POD_RE = /^\W*[a-z0-9-]+\s+[a-z0-9][a-z0-9.-]*-[a-z0-9]+\s/;
/** Every pod in the cluster (what the title counts with -A). */
let ALL = N;

class Session {
  readonly term: InstanceType<typeof xterm.Terminal>;
  readonly proc: ChildProcess;
  readonly t0: number;
  private waiters: { pred: () => boolean; resolve: (t: number) => void }[] = [];
  exited = false;
  output = 0;

  constructor(readonly tool: Tool) {
    this.term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true, scrollback: 0 });
    const cmd = `stty cols ${COLS} rows ${ROWS}; exec ${tool.cmd.map(shq).join(' ')}`;
    this.t0 = performance.now();
    this.proc = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: tool.env });
    this.proc.stdout!.on('data', (d: Buffer) => {
      this.output += d.length;
      this.term.write(d, () => this.check());
    });
    this.proc.on('exit', () => (this.exited = true));
  }

  screen(): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < ROWS; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  /**
   * The selected table row: the row whose background (inverse video for
   * k8stui, a cursor colour for k9s) differs from that of most rows.
   */
  selection(): string {
    const b = this.term.buffer.active;
    const rows: { y: number; bg: string; text: string }[] = [];
    for (let y = 0; y < ROWS; y++) {
      const line = b.getLine(b.viewportY + y);
      if (!line) continue;
      const count = new Map<string, number>();
      for (let x = 0; x < COLS; x++) {
        const c = line.getCell(x);
        if (!c) continue;
        const k = c.isInverse() ? 'inv' : c.isBgDefault() ? 'default' : `${c.getBgColorMode()}:${c.getBgColor()}`;
        count.set(k, (count.get(k) ?? 0) + 1);
      }
      let best = 'default';
      let n = 0;
      for (const [k, v] of count) if (v > n) [best, n] = [k, v];
      rows.push({ y, bg: n > COLS * 0.4 ? best : 'mixed', text: line.translateToString(true) });
    }
    const freq = new Map<string, number>();
    for (const r of rows) freq.set(r.bg, (freq.get(r.bg) ?? 0) + 1);
    const common = [...freq.entries()].sort((a, c) => c[1] - a[1])[0]?.[0];
    const sel = rows.find((r) => r.bg !== common && r.bg !== 'mixed' && POD_RE.test(r.text));
    return sel ? `${sel.y}|${sel.text}` : '';
  }

  private check(): void {
    if (this.waiters.length === 0) return;
    const t = performance.now();
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred()) return true;
      w.resolve(t);
      return false;
    });
  }

  /** The time (performance.now()) of the first frame where pred holds; undefined after timeoutMs. */
  until(pred: () => boolean, timeoutMs: number): Promise<number | undefined> {
    if (pred()) return Promise.resolve(performance.now());
    return new Promise((resolve) => {
      const w = { pred, resolve: (t: number) => (clearTimeout(timer), resolve(t)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  write(s: string): void {
    this.proc.stdin!.write(s);
  }

  /** The dashboard's process and its children (script runs it with exec). */
  pids(): number[] {
    const root = this.toolPid();
    if (!root) return [];
    const out: number[] = [];
    const walk = (pid: number) => {
      out.push(pid);
      try {
        for (const tid of readdirSync(`/proc/${pid}/task`)) {
          const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
          if (kids) for (const k of kids.split(/\s+/)) walk(Number(k));
        }
      } catch {
        /* gone */
      }
    };
    walk(root);
    return out;
  }

  private toolPid(): number | undefined {
    try {
      const kids = readFileSync(`/proc/${this.proc.pid}/task/${this.proc.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      return kids.length ? Number(kids[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Peak RSS of the process tree (sum of each process's VmHWM), MiB. */
  peakRss(): number {
    let kb = 0;
    for (const pid of this.pids()) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) kb += Number(m[1]);
      } catch {
        /* gone */
      }
    }
    return kb / 1024;
  }

  async close(): Promise<void> {
    if (!this.exited) this.write(this.tool.quit);
    const end = performance.now() + 5000;
    while (!this.exited && performance.now() < end) await sleep(50);
    if (!this.exited) {
      for (const pid of this.pids().reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      this.proc.kill('SIGKILL');
    }
    this.term.dispose();
  }
}

interface ToolRun {
  tool: string;
  run: number;
  firstRowsMs?: number;
  completeMs?: number;
  /** Peak RSS (MiB) after the complete list, and at the end. */
  rssLoadedMB?: number;
  rssMB?: number;
  jMs: number[];
  filterMs: number[];
  switchMs: Record<string, number[]>;
  churnRate?: number;
  error?: string;
}

async function measureTool(tool: Tool, runIndex: number): Promise<ToolRun> {
  const r: ToolRun = { tool: tool.name, run: runIndex, jMs: [], filterMs: [], switchMs: { sts: [], svc: [], pods: [], filterEnter: [] } };
  const s = new Session(tool);
  let churn: ChildProcess | undefined;
  try {
    const first = await s.until(() => s.screen().some((l) => ROW_RE.test(l)), 120_000);
    r.firstRowsMs = first !== undefined ? first - s.t0 : undefined;
    const complete = await s.until(() => (tool.podCount(s.screen()) ?? 0) >= ALL, 300_000);
    r.completeMs = complete !== undefined ? complete - s.t0 : undefined;
    if (complete === undefined) {
      r.error = `the complete count (${ALL}) never showed; last screen:\n${s.screen().slice(0, 6).join('\n')}`;
      return r;
    }
    r.rssLoadedMB = s.peakRss();
    // Busy watch stream while keys are pressed.
    let churnOut = '';
    churn = spawn(clusterBin(), ['churn', '--rate', String(CHURN), '--duration', '10m', '--prefix', 'bench-', '--state-dir', STATE], { env: clusterEnv, stdio: ['ignore', 'pipe', 'ignore'] });
    churn.stdout!.on('data', (d) => (churnOut += d));
    await sleep(3000);

    // j: until the highlighted row moved.
    for (let i = 0; i < KEYS; i++) {
      const before = s.selection();
      const t = performance.now();
      s.write('j');
      const at = await s.until(() => s.selection() !== before && s.selection() !== '', 5000);
      if (at !== undefined) r.jMs.push(at - t);
      await sleep(150);
    }

    // Typing a filter: each key until the prompt shows the text (and, where the
    // table filters as you type, every pod row on screen matches it); Enter
    // until the rows match (where the table filters only then).
    const text = 'web-1';
    const rowsMatch = (want: string) => {
      const rows = s.screen().filter((l) => ROW_RE.test(l));
      return rows.length > 0 && rows.every((l) => l.toLowerCase().includes(want));
    };
    s.write('/');
    await s.until(() => tool.prompt(s.screen(), ''), 3000);
    await sleep(300);
    let typed = '';
    for (const ch of text) {
      typed += ch;
      const want = typed;
      const t = performance.now();
      s.write(ch);
      const at = await s.until(() => tool.prompt(s.screen(), want) && (!tool.liveFilter || rowsMatch(want)), 10_000);
      if (at !== undefined) r.filterMs.push(at - t);
      await sleep(200);
    }
    const tEnter = performance.now();
    s.write('\r');
    const entered = await s.until(() => rowsMatch(text), 10_000);
    if (entered !== undefined) r.switchMs.filterEnter = [entered - tEnter];
    await sleep(300);
    s.write('\x1b');
    await s.until(() => (tool.podCount(s.screen()) ?? 0) >= ALL, 10_000);
    await sleep(500);

    // :sts, :svc, back to :pods: from Enter until the view's title and rows show.
    for (const [view, cmd] of [['sts', 'sts'], ['svc', 'svc'], ['pods', 'pods']] as const) {
      s.write(':');
      await sleep(150);
      for (const ch of cmd) {
        s.write(ch);
        await sleep(60);
      }
      await sleep(200);
      const t = performance.now();
      s.write('\r');
      const at = await s.until(() => tool.viewShown(s.screen(), view), 30_000);
      if (at !== undefined) r.switchMs[view]!.push(at - t);
      await sleep(500);
    }
    r.rssMB = s.peakRss();
    churn.kill('SIGTERM');
    await new Promise((res) => churn!.on('exit', res));
    const m = /\(([\d.]+)\/s\)/.exec(churnOut);
    if (m) r.churnRate = Number(m[1]);
    churn = undefined;
  } catch (e) {
    r.error = (e as Error).message;
  } finally {
    churn?.kill('SIGTERM');
    await s.close();
  }
  return r;
}

interface FloorRun {
  run: number;
  ms: number;
  bytes: number;
  rssMB: number;
}

async function kubectlFloor(viewer: string, runIndex: number): Promise<FloorRun> {
  const t0 = performance.now();
  const p = spawn('kubectl', ['--kubeconfig', viewer, 'get', 'pods', '-A', '--chunk-size=500', '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let peak = 0;
  p.stdout.on('data', (d: Buffer) => (bytes += d.length));
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* exited */
    }
  }, 20);
  const code = await new Promise<number | null>((res) => p.on('exit', res));
  clearInterval(timer);
  if (code !== 0) throw new Error(`kubectl exited ${code}`);
  return { run: runIndex, ms: performance.now() - t0, bytes, rssMB: peak };
}

// ---------------------------------------------------------------------------
// Report

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}
const med = (xs: number[]) => pct(xs, 0.5);
const fmt = (v: number) => (Number.isNaN(v) ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const range = (xs: number[], f: (v: number) => string = fmt) => (xs.length === 0 ? '-' : xs.length === 1 ? f(xs[0]!) : `${f(med(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`);
const mib = (v: number) => `${Math.round(v)} MiB`;

function report(tools: string[], runs: ToolRun[], floor: FloorRun[], meta: Record<string, string>): string {
  const by = (t: string) => runs.filter((r) => r.tool === t && !r.error);
  const nums = (t: string, f: (r: ToolRun) => number | undefined) => by(t).map(f).filter((x): x is number => x !== undefined);
  const keys = (t: string, f: (r: ToolRun) => number[]) => by(t).flatMap(f);
  const perRun = (t: string, f: (r: ToolRun) => number[], p: number) => by(t).map((r) => pct(f(r), p)).filter((x) => !Number.isNaN(x));
  const rows: string[][] = [['measure', ...tools, ...(floor.length ? ['kubectl (floor)'] : [])]];
  const row = (name: string, cell: (t: string) => string, fl = '') => rows.push([name, ...tools.map(cell), ...(floor.length ? [fl] : [])]);
  row('launch → first pod rows', (t) => range(nums(t, (r) => r.firstRowsMs)));
  row(`launch → complete list (${N})`, (t) => range(nums(t, (r) => r.completeMs)), range(floor.map((f) => f.ms)));
  const keyRow = (label: string, f: (r: ToolRun) => number[]) =>
    row(label, (t) => {
      const all = keys(t, f);
      if (!all.length) return '-';
      const p95s = perRun(t, f, 0.95);
      return `${fmt(pct(all, 0.5))} / ${fmt(pct(all, 0.95))} (p95 ${p95s.length > 1 ? `${fmt(Math.min(...p95s))}–${fmt(Math.max(...p95s))}` : 'one run'}, n=${all.length})`;
    });
  keyRow('key j p50 / p95', (r) => r.jMs);
  keyRow('filter key p50 / p95', (r) => r.filterMs);
  keyRow('filter Enter → rows p50 / p95', (r) => r.switchMs.filterEnter ?? []);
  keyRow(':sts p50 / p95', (r) => r.switchMs.sts ?? []);
  keyRow(':svc p50 / p95', (r) => r.switchMs.svc ?? []);
  keyRow(':pods (back) p50 / p95', (r) => r.switchMs.pods ?? []);
  keyRow('all keys p50 / p95', (r) => [...r.jMs, ...r.filterMs, ...Object.values(r.switchMs).flat()]);
  row('peak RSS after the list', (t) => range(nums(t, (r) => r.rssLoadedMB), mib));
  row('peak RSS at the end', (t) => range(nums(t, (r) => r.rssMB), mib), range(floor.map((f) => f.rssMB), mib));
  row('churn achieved (pod updates/s)', (t) => range(nums(t, (r) => r.churnRate), (v) => v.toFixed(0)));
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(w[i]!)).join('  ').trimEnd();
  const out = [line(rows[0]!), line(w.map((n) => '-'.repeat(n))), ...rows.slice(1).map(line)];

  // Ratios: each k8stui variant against k9s and the floor.
  const k9s = tools.find((t) => t === 'k9s');
  const ratio = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '-' : (a / b).toFixed(2));
  for (const t of tools.filter((x) => x !== 'k9s')) {
    const c = med(nums(t, (r) => r.completeMs));
    const p95 = pct(keys(t, (r) => [...r.jMs, ...r.filterMs, ...Object.values(r.switchMs).flat()]), 0.95);
    const rss = med(nums(t, (r) => r.rssMB));
    const parts = [`${t}: complete/floor ${ratio(c, med(floor.map((f) => f.ms)))}`];
    if (k9s) {
      parts.push(`complete/k9s ${ratio(c, med(nums(k9s, (r) => r.completeMs)))}`);
      parts.push(`key p95/k9s ${ratio(p95, pct(keys(k9s, (r) => [...r.jMs, ...r.filterMs, ...Object.values(r.switchMs).flat()]), 0.95))}`);
      parts.push(`RSS/k9s ${ratio(rss, med(nums(k9s, (r) => r.rssMB)))}`);
    }
    out.push(parts.join(', '));
  }
  const errors = runs.filter((r) => r.error).map((r) => `${r.tool} run ${r.run}: ${r.error}`);
  return [
    '',
    `bench:live  ${N} pods  ${new Date().toISOString()}`,
    ...Object.entries(meta).map(([k, v]) => `${k}: ${v}`),
    '',
    ...out,
    ...(errors.length ? ['', 'errors:', ...errors] : []),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const meta: Record<string, string> = {
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    terminal: `${COLS}x${ROWS}, -A, pods view, viewer kubeconfig; keys while churn updates ${CHURN} pods/s`,
    'load average before': loadavg().map((x) => x.toFixed(2)).join(' '),
  };
  const t0 = performance.now();
  log(`cluster in ${STATE}`);
  run(join(ROOT, 'test/cluster/up'), []);
  const env: Record<string, string> = {};
  for (const line of run(CTL, ['env'], { quiet: true }).split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  const viewer = env.VIEWER_KUBECONFIG;
  if (!viewer) throw new Error('ctl env printed no VIEWER_KUBECONFIG');
  const work = mkdtempSync(join(tmpdir(), 'k8stui-benchlive-'));
  const homes: string[] = [];
  try {
    let st = podStats();
    if (st.total < N) {
      const file = join(work, 'pods.yaml');
      writeFileSync(file, manifest(N));
      log(`applying ${Math.ceil(N / PER_WORKLOAD)} workloads for ${N} pods`);
      run(CTL, ['apply', '-f', file], { quiet: true });
    }
    const deadline = performance.now() + WAIT_MIN * 60_000;
    const tWait = performance.now();
    for (;;) {
      st = podStats();
      log(`pods ${st.total}/${N}, Running ${st.running} after ${((performance.now() - tWait) / 1000).toFixed(0)} s`);
      if (st.total >= N && st.running >= N) break;
      if (performance.now() > deadline) break;
      await sleep(10_000);
    }
    meta.pods = `${st.total} (Running ${st.running}) after ${((performance.now() - tWait) / 1000).toFixed(0)} s of waiting`;
    if (st.total !== N) throw new Error(`${st.total} bench pods exist, expected ${N} (a cluster reused with another --pods?)`);
    // The dashboards list every namespace: the count they reach is every pod of the cluster.
    ALL = podStats('').total;
    if (ALL !== N) meta.pods += `; ${ALL} pods in all namespaces (other pods than the benchmark's: counts vary)`;

    const tools: Tool[] = [];
    const k9sCount = (sc: string[]) => {
      for (const l of sc.slice(0, 12)) {
        const m = /pods\(all\)\[([\d,]+)\]/i.exec(l);
        if (m) return Number(m[1]!.replace(/,/g, ''));
      }
      return undefined;
    };
    const podTitle = (screen: string[]) => {
      for (const l of screen.slice(0, 6)) {
        const m = /Pods\s*\[[^\]]*\]\s*([\d,]+)(?!\s*\/)/.exec(l);
        if (m) return Number(m[1]!.replace(/,/g, ''));
      }
      return undefined;
    };
    for (const v of VARIANTS) {
      tools.push({
        name: v.name,
        kind: 'k8stui',
        cmd: [process.execPath, join(v.dir, 'bin/k8stui.js'), '--kubeconfig', viewer, '-A', '--view', 'pods'],
        env: benchEnv(v.env),
        podCount: podTitle,
        prompt: (sc, text) => sc.slice(-3).some((l) => l.startsWith(`/${text}█`)),
        liveFilter: true,
        viewShown: (sc, view) => {
          const title = { sts: /StatefulSets\s*\[/, svc: /Services\s*\[/, pods: /Pods\s*\[/ }[view];
          return sc.slice(0, 4).some((l) => title.test(l)) && sc.some((l) => /\bbench-\d+\s+(?:db|web)-\d+/.test(l)) && (view !== 'pods' || (podTitle(sc) ?? 0) >= ALL);
        },
        quit: 'q',
      });
    }
    const k9s = argv.includes('--no-k9s') ? undefined : k9sBinary();
    if (k9s) {
      const home = k9sHome();
      homes.push(home);
      tools.push({
        name: 'k9s',
        kind: 'k9s',
        cmd: [k9s, '--kubeconfig', viewer, '--readonly', '-A', '-c', 'pods', '--logoless'],
        env: benchEnv({ K9S_CONFIG_DIR: join(home, 'config'), K9S_LOGS_DIR: join(home, 'logs'), XDG_CONFIG_HOME: join(home, 'xdg-config'), XDG_DATA_HOME: join(home, 'xdg-data'), XDG_STATE_HOME: join(home, 'xdg-state'), XDG_CACHE_HOME: join(home, 'xdg-cache'), HOME: home }),
        podCount: k9sCount,
        prompt: (sc, text) => sc.slice(0, 14).some((l) => new RegExp(`[│|]\\s*/ ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[│|]`).test(l)),
        liveFilter: false,
        viewShown: (sc, view) => {
          const title = { sts: /statefulsets\(all\)\[\d+\]/i, svc: /services\(all\)\[\d+\]/i, pods: /pods\(all\)\[\d+\]/i }[view];
          return sc.slice(0, 12).some((l) => title.test(l)) && sc.some((l) => /\bbench-\d+\s+(?:db|web)-\d+/.test(l));
        },
        quit: '\x03',
      });
    }
    const useKubectl = !argv.includes('--no-kubectl') && spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
    const runs: ToolRun[] = [];
    const floor: FloorRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Rotate the order so no tool always goes first (caches, other load).
      const order = [...tools.slice(i % tools.length), ...tools.slice(0, i % tools.length)];
      if (useKubectl) {
        const f = await kubectlFloor(viewer, i + 1);
        floor.push(f);
        log(`run ${i + 1}: kubectl get pods -A -o json: ${fmt(f.ms)}, ${(f.bytes / 2 ** 20).toFixed(0)} MiB, ${mib(f.rssMB)}`);
        await sleep(2000);
      }
      for (const t of order) {
        // Every pod of the cluster, what the title counts with -A (more than N only on a cluster with other pods).
        ALL = podStats('').total;
        log(`run ${i + 1}: ${t.name}`);
        const r = await measureTool(t, i + 1);
        runs.push(r);
        log(`run ${i + 1}: ${t.name}: first rows ${fmt(r.firstRowsMs ?? NaN)}, complete ${fmt(r.completeMs ?? NaN)}, j p50 ${fmt(med(r.jMs))}, filter p50 ${fmt(med(r.filterMs))}, RSS ${mib(r.rssMB ?? NaN)}${r.error ? ` ERROR ${r.error}` : ''}`);
        await sleep(3000);
      }
    }
    meta['load average after'] = loadavg().map((x) => x.toFixed(2)).join(' ');
    meta['total time'] = `${((performance.now() - t0) / 60_000).toFixed(1)} min`;
    const text = report(tools.map((t) => t.name), runs, floor, meta);
    process.stdout.write(text);
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ n: N, meta, runs, floor }, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  }
}

/** A colour terminal, never "CI" (ink renders differently in CI). */
function benchEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor', ...extra };
  for (const k of Object.keys(e)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'NO_COLOR') delete e[k];
  delete e.NODE_OPTIONS;
  return e;
}

let cleaned = false;
function cleanup(): void {
  if (cleaned) return;
  cleaned = true;
  if (KEEP) {
    log(`cluster kept: K8STUI_CLUSTER_DIR=${STATE}`);
    return;
  }
  log('stopping cluster');
  spawnSync(join(ROOT, 'test/cluster/down'), [], { env: clusterEnv, stdio: 'inherit' });
  rmSync(`${STATE}.lock`, { force: true });
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
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    cleanup();
    process.exit(1);
  },
);
