// `npm run bench`: the performance benchmark of issues 2 and 10.
//
//   node dist/bench/bench.js [--pods N] [--runs N] [--keys N] [--variant NAME=DIR ...] [--keep] [--profile DIR] [--json FILE]
//
// 1. Generates the synthetic snapshot (bench/synth.ts; --pods N, default
//    30,000, every other kind scaled with it) into a temp dir.
// 2. Runs bench/scenario.ts on it in a child process (so peak RSS is the
//    scenario's own): load, first frame, keystroke-to-frame latency in the
//    pods view (moving the selection, typing a filter), peak RSS.
// 3. Launches the real `node bin/k8stui.js` in a pseudo-terminal (`script`)
//    for the demo and for the 10k snapshot, and times spawn → the first frame
//    with the header on the terminal; repeated, median reported.
// 4. Prints a table against the targets. A benchmark, not a test: it always
//    exits 0 unless something failed to run.
//
// --profile DIR also writes V8 CPU profiles (node --cpu-prof) of the scenario
// and of one launch of each kind into DIR, for chrome://inspect or
// `node dist/bench/profile-summary.js FILE`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SIZES, SynthCluster, writeSnapshot } from './synth.js';
import type { ScenarioResult } from './scenario.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'k8stui.js');
const HERE = path.join(ROOT, 'dist', 'bench');

const TARGETS = {
  demoFirstFrameMs: 800,
  /** Issue 10: snapshot first rows ≤ 1 s. */
  firstRowsMs: 1000,
  keyP95Ms: 50,
  rssMB: 300,
};

interface LaunchResult {
  /** spawn() of the pseudo-terminal → first frame with the header seen on the terminal. */
  spawnToFrameMs: number;
  /** The k8stui process's own clock at that frame (from its start). */
  sinceStartMs?: number;
  /** CPU time the k8stui process had used by then: independent of other load on the machine. */
  cpuMs?: number;
  rssMB?: number;
}

function args(): { runs?: number; keys: number; keep: boolean; profile?: string; json?: string; pods: number; variants: { id: string; dir: string }[] } {
  const a = process.argv.slice(2);
  const val = (n: string) => {
    const i = a.indexOf(n);
    return i >= 0 ? a[i + 1] : undefined;
  };
  if (a.includes('--help') || a.includes('-h')) {
    process.stdout.write('usage: node dist/bench/bench.js [--runs N] [--keys N] [--keep] [--profile DIR] [--json FILE]\n');
    process.exit(0);
  }
  return {
    runs: val('--runs') ? Number(val('--runs')) : undefined,
    keys: Number(val('--keys') ?? 40),
    keep: a.includes('--keep'),
    profile: val('--profile') ? path.resolve(val('--profile')!) : undefined,
    json: val('--json'),
    pods: Number(val('--pods') ?? 30_000),
    // Builds of k8stui to compare (e.g. before=/path/to/a/checkout of main, built), this one by default.
    variants: (() => {
      const v: { id: string; dir: string }[] = [];
      a.forEach((x, i) => {
        if (x === '--variant' && a[i + 1]) {
          const [id, dir] = a[i + 1]!.split('=');
          v.push({ id: id!, dir: path.resolve(dir!) });
        }
      });
      return v.length ? v : [{ id: 'k8stui', dir: ROOT }];
    })(),
  };
}

/** Child environment: a colour terminal, never "CI" (ink renders differently in CI). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: process.env.TERM && process.env.TERM !== 'dumb' ? process.env.TERM : 'xterm-256color', ...extra };
  for (const k of Object.keys(env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete env[k];
  delete env.NO_COLOR;
  return env;
}

function runNode(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(argv[argv.length - 1] ?? '')} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`))));
  });
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function hasScript(): boolean {
  return ['/usr/bin/script', '/bin/script'].some((p) => existsSync(p));
}

/** Launch `node bin/k8stui.js ...flags` in a pseudo-terminal and time the first frame containing every needle. */
function launch(flags: string[], needles: string[], o: { columns: number; rows: number; profileDir?: string; nodeEnv?: string; root?: string }): Promise<LaunchResult> {
  const probeFile = path.join(os.tmpdir(), `k8stui-bench-probe-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const nodeArgs = ['--import', path.join(HERE, 'probe.js'), ...(o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []), o.root ? path.join(o.root, 'bin', 'k8stui.js') : BIN, ...flags];
  const env = o.nodeEnv ? `env NODE_ENV=${shq(o.nodeEnv)} ` : 'env -u NODE_ENV ';
  const cmd = `stty cols ${o.columns} rows ${o.rows}; exec ${env}${[process.execPath, ...nodeArgs].map(shq).join(' ')}`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('script', ['-qfec', cmd, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: childEnv({ BENCH_PROBE_FILE: probeFile, BENCH_PROBE_TEXT: needles.join('|') }),
    });
    let seen = '';
    let frameAt: number | undefined;
    let out = '';
    const killer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.stdout.on('data', (d: Buffer) => {
      const s = d.toString();
      if (frameAt !== undefined) return;
      out += s;
      // eslint-disable-next-line no-control-regex
      seen += s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
      if (needles.every((n) => seen.includes(n))) {
        frameAt = performance.now() - t0;
        // Quit as a user does; the terminal is restored by k8stui itself.
        setTimeout(() => p.stdin.write('q'), 150);
        setTimeout(() => p.kill('SIGTERM'), 5_000).unref();
      }
    });
    p.on('error', reject);
    p.on('exit', () => {
      clearTimeout(killer);
      if (frameAt === undefined) {
        reject(new Error(`k8stui ${flags.join(' ')}: no frame with ${needles.join(' + ')} (output: ${JSON.stringify(out.slice(0, 300))})`));
        return;
      }
      let probe: { sinceStartMs?: number; cpuMs?: number; rssMB?: number } = {};
      try {
        probe = JSON.parse(readFileSync(probeFile, 'utf8'));
      } catch {
        // the probe is best-effort
      }
      rmSync(probeFile, { force: true });
      resolve({ spawnToFrameMs: frameAt, ...probe });
    });
  });
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  // nearest-rank
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
  return s[i]!;
}
const median = (v: number[]) => pct(v, 0.5);
const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const mb = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} MB`);

type Build = string;
type Row = string[];

function table(rows: Row[], variants: string[]): string {
  const head: Row = ['measure', ...variants, 'target'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map((r) => line(r.map((c) => c ?? '')))].join('\n');
}

async function main(): Promise<void> {
  const o = args();
  const started = performance.now();
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const cpus = os.cpus();
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 1073741824)} GiB, ${process.platform} ${os.release()}, node ${process.version}`;
  const loadBefore = os.loadavg();
  log(`machine: ${machine}; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('not built: run `npm run build` first (npm run bench does)');
  if (o.profile) mkdirSync(o.profile, { recursive: true });

  // 1. The snapshot.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-bench-'));
  const scale = o.pods / DEFAULT_SIZES.pods;
  const sizes = Object.fromEntries(Object.entries(DEFAULT_SIZES).map(([k, v]) => [k, Math.round((v as number) * scale)])) as unknown as typeof DEFAULT_SIZES;
  const file = path.join(dir, `snapshot-${o.pods}.yaml`);
  let t = performance.now();
  const cluster = new SynthCluster(sizes).build();
  const bytes = await writeSnapshot(cluster, file);
  const genMs = performance.now() - t;
  const counts = Object.fromEntries(cluster.counts);
  log(`generated ${cluster.objects.length} objects (${(bytes / 1048576).toFixed(1)} MiB) in ${ms(genMs)}: ${[...cluster.counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  cluster.objects.length = 0;

  try {
    // Two builds of React: what `node bin/k8stui.js` loads when NODE_ENV is
    // unset (react's development build: extra checks, component timing), and
    // NODE_ENV=production. Both are measured so the difference is visible.
    // What `k8stui` runs (bin/k8stui.js sets NODE_ENV=production), for each build compared.
    const builds = o.variants.map((v) => ({ id: v.id, dir: v.dir, env: 'production' as string | undefined }));
    const scen = {} as Record<Build, ScenarioResult>;
    const launches = Object.fromEntries(builds.map((b) => [b.id, { demo: [], snap: [] }])) as Record<Build, { demo: LaunchResult[]; snap: LaunchResult[] }>;

    // 2. In-process scenario.
    for (const b of builds) {
      log(`scenario (${b.id}): load, first frame, keys in the pods view…`);
      const scenArgs = [...(o.profile ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`, `--cpu-prof-name=scenario-${b.id}.cpuprofile`] : []), path.join(b.dir, 'dist', 'bench', 'scenario.js'), file, '--keys', String(o.keys)];
      const env = childEnv({ FORCE_COLOR: '3' });
      if (b.env) env.NODE_ENV = b.env;
      else delete env.NODE_ENV;
      const out = await runNode(scenArgs, env);
      scen[b.id] = JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!) as ScenarioResult;
    }

    // 3. Real launches in a pseudo-terminal.
    const demoRuns = o.runs ?? 7;
    const snapRuns = Math.max(1, Math.min(o.runs ?? 3, 5));
    if (hasScript()) {
      // One warm-up launch so the OS file cache holds node and the modules, as it does for a user's second start.
      await launch(['--demo'], ['k8stui', 'DEMO', 'ctx'], { columns: 120, rows: 40 });
      // Interleaved: run i of every build before run i + 1 of any.
      const prof = (b: string, kind: string, i: number) => (o.profile && i === 0 ? path.join(o.profile, `${kind}-${b}`) : undefined);
      log(`launch: k8stui --demo ×${demoRuns}, k8stui --snapshot (${o.pods} pods) ×${snapRuns} per build, interleaved, in a pseudo-terminal…`);
      for (let i = 0; i < demoRuns; i++) {
        for (const b of builds) launches[b.id]!.demo.push(await launch(['--demo'], ['k8stui', 'DEMO', 'ctx'], { columns: 120, rows: 40, profileDir: prof(b.id, 'demo', i), nodeEnv: b.env, root: b.dir }));
      }
      for (let i = 0; i < snapRuns; i++) {
        // The first frame that shows pod rows (a pod's STATUS), not only the header.
        for (const b of builds) launches[b.id]!.snap.push(await launch(['--snapshot', file], ['k8stui', 'ctx', 'snapshot', 'Running'], { columns: 120, rows: 40, profileDir: prof(b.id, 'snapshot', i), nodeEnv: b.env, root: b.dir }));
      }
    } else {
      log('launch: skipped (needs `script` from util-linux for a pseudo-terminal)');
    }

    // 4. Report.
    const check = (v: number | undefined, target: number) => (v === undefined || Number.isNaN(v) ? '' : v < target ? ' ok' : ' MISSED');
    const medOf = (ls: LaunchResult[], f: (l: LaunchResult) => number | undefined) => {
      const v = ls.map(f).filter((x): x is number => x !== undefined);
      return v.length ? median(v) : undefined;
    };
    const both = (f: (b: Build) => string): string[] => builds.map((b) => f(b.id));
    const p50p95 = (v: number[], target?: number) => `${ms(pct(v, 0.5))} / ${ms(pct(v, 0.95))}${target ? check(pct(v, 0.95), target) : ''}`;
    const d = scen[builds[0]!.id]!;
    const opt = (v: number | undefined) => (v === undefined ? '-' : ms(v));
    const rows: Row[] = [
      ['snapshot', ...both(() => ''), `${d.objects} objects, ${d.pods} pods, ${(bytes / 1048576).toFixed(0)} MiB`],
      ['open → first objects on the UI thread (data thread)', ...both((b) => opt(scen[b].readyMs)), ''],
      ['open → first frame with pod rows, in-process', ...both((b) => opt(scen[b].firstRowsMs)), ''],
      ['open → whole snapshot read (loadSnapshot before)', ...both((b) => ms(scen[b].loadMs)), ''],
      ['load: applySnapshot (before: on the UI thread)', ...both((b) => ms(scen[b].applyMs)), ''],
      ['first frame: render() → frame, in-process', ...both((b) => ms(scen[b].firstRenderMs)), ''],
      ['  diagnostics (all checks; data thread after)', ...both((b) => `${ms(scen[b].diagnosticsMs)}, ${scen[b].findings} findings`), ''],
      [`snapshot: launch → first pod rows (median of ${snapRuns})`, ...both((b) => `${ms(medOf(launches[b].snap, (l) => l.spawnToFrameMs))}${check(medOf(launches[b].snap, (l) => l.spawnToFrameMs), TARGETS.firstRowsMs)}`), `< ${TARGETS.firstRowsMs} ms`],
      ['  k8stui CPU time until that frame', ...both((b) => ms(medOf(launches[b].snap, (l) => l.cpuMs))), ''],
      [`key j (move selection) p50 / p95, n=${d.moveMs.length}`, ...both((b) => p50p95(scen[b].moveMs, TARGETS.keyP95Ms)), `p95 < ${TARGETS.keyP95Ms} ms`],
      ['  CPU time per key p50 / p95', ...both((b) => p50p95(scen[b].moveCpuMs)), ''],
      [`key typed into / filter p50 / p95, n=${d.filterMs.length}`, ...both((b) => p50p95(scen[b].filterMs, TARGETS.keyP95Ms)), `p95 < ${TARGETS.keyP95Ms} ms`],
      ['  CPU time per key p50 / p95', ...both((b) => p50p95(scen[b].filterCpuMs)), ''],
      [`'/' and Enter p50 / max, n=${d.openFilterMs.length}`, ...both((b) => `${ms(pct(scen[b].openFilterMs, 0.5))} / ${ms(pct(scen[b].openFilterMs, 1))}`), ''],
      [`Esc clearing a filter p50 / max, n=${d.clearFilterMs.length}`, ...both((b) => `${ms(pct(scen[b].clearFilterMs, 0.5))} / ${ms(pct(scen[b].clearFilterMs, 1))}`), ''],
      ['peak RSS (scenario maxRSS, both threads)', ...both((b) => `${mb(scen[b].maxRssMB)}${check(scen[b].maxRssMB, TARGETS.rssMB)}`), `< ${TARGETS.rssMB} MB`],
      ['  RSS: after load / first frame / moves / filters', ...both((b) => [scen[b].rssAfterLoadMB, ...scen[b].rssStagesMB.map((x) => x.rss)].map((x) => Math.round(x)).join(' / ') + ' MB'), ''],
      ['  RSS at the first frame after launch', ...both((b) => mb(medOf(launches[b].snap, (l) => l.rssMB))), ''],
      [`demo: launch → first frame (median of ${demoRuns})`, ...both((b) => `${ms(medOf(launches[b].demo, (l) => l.spawnToFrameMs))}${check(medOf(launches[b].demo, (l) => l.spawnToFrameMs), TARGETS.demoFirstFrameMs)}`), `< ${TARGETS.demoFirstFrameMs} ms`],
      ['  k8stui CPU time until that frame', ...both((b) => ms(medOf(launches[b].demo, (l) => l.cpuMs))), ''],
    ];
    const loadAfter = os.loadavg();
    const list = (v: number[]) => v.map((x) => Math.round(x)).join(' ') || '-';
    const report = [
      '',
      `k8stui benchmark — ${new Date().toISOString()}`,
      `machine: ${machine}`,
      `load average: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} after (wall times grow with other load; CPU times much less)`,
      `terminal: ${d.columns}x${d.rows}, pods view, all namespaces, diagnostics on`,
      '',
      table(rows, builds.map((b) => b.id)),
      '',
      ...builds.flatMap((b) => [
        `${b.id}: demo launches (ms): ${list(launches[b.id]!.demo.map((l) => l.spawnToFrameMs))}; snapshot launches (ms): ${list(launches[b.id]!.snap.map((l) => l.spawnToFrameMs))}`,
        `${b.id}: key j (ms): ${list(scen[b.id]!.moveMs)}`,
        `${b.id}: filter keys (ms): ${list(scen[b.id]!.filterMs)}`,
      ]),
      `snapshot generated in ${ms(genMs)}; benchmark took ${ms(performance.now() - started)}`,
      '',
    ].join('\n');
    process.stdout.write(report);
    if (o.json) writeFileSync(o.json, JSON.stringify({ machine, loadBefore, loadAfter, counts, bytes, scenario: scen, launches }, null, 2));
    if (o.profile) log(`profiles in ${o.profile}`);
  } finally {
    if (o.keep) log(`snapshot kept: ${file} (${(statSync(file).size / 1048576).toFixed(1)} MiB)`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error)?.message ?? e}\n`);
  process.exit(1);
});
