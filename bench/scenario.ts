// One benchmark scenario, run in its own process so peak RSS is its own:
//
//   node dist/bench/scenario.js SNAPSHOT [--columns N] [--rows N] [--keys N]
//
// Opens the snapshot as `k8stui --snapshot` does (the data thread reads it
// into its compact store and runs the views and diagnostics there; this
// thread gets what it draws, src/cluster/remote.ts), renders the real shell
// (src/app/App.tsx) with ink into an in-memory terminal, waits for the whole
// snapshot and the first diagnostics, then presses keys in the pods view and
// times each key from stdin.write to the next frame ink writes.
// Prints one JSON object (ScenarioResult) on stdout.
//
// The ink options are the ones src/app/run.tsx uses (maxFps 30, not debug
// mode), so throttling and log-update diffing are measured too; keys are
// spaced past the 33 ms frame throttle, as a person typing is.
import './tty-env.js';
import React from 'react';
import { render } from 'ink';
import { openRemoteSnapshot } from '../src/cluster/remote.js';
import { evaluationTime } from '../src/model/time.js';
import { App } from '../src/app/App.js';
import { allViews } from '../views/registry.js';
import { FakeStdin, FakeStdout } from './fake-tty.js';

export interface ScenarioResult {
  file: string;
  objects: number;
  pods: number;
  loadMs: number;
  applyMs: number;
  /** open → the first objects (and the capture time) on this thread: when the dashboard can draw rows. */
  readyMs?: number;
  /** open → the first frame with pod rows. */
  firstRowsMs?: number;
  /** render() call to the first frame (includes diagnostics and the first rows). */
  firstRenderMs: number;
  /** Process start to the first frame (module loading included). */
  firstFrameSinceStartMs: number;
  diagnosticsMs: number;
  findings: number;
  moveMs: number[];
  filterMs: number[];
  clearFilterMs: number[];
  /** CPU time (user + system, all threads) per key, same order as the wall times: insensitive to other load. */
  moveCpuMs: number[];
  filterCpuMs: number[];
  /** The '/' that opens the filter, and Enter that closes it. */
  openFilterMs: number[];
  rssAfterLoadMB: number;
  heapAfterLoadMB: number;
  /** RSS and max RSS at the first frame, after the moves, after the filters. */
  rssStagesMB: { stage: string; rss: number; maxRss: number; heap: number }[];
  maxRssMB: number;
  cpuMs: number;
  /** User-timing entries left in the performance timeline (React's development build records one per component render). */
  perfEntries: number;
  columns: number;
  rows: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  if (!file) {
    process.stderr.write('usage: node dist/bench/scenario.js SNAPSHOT [--columns N] [--rows N] [--keys N]\n');
    process.exit(2);
  }
  const columns = opt('columns', 120);
  const rows = opt('rows', 40);
  const keys = opt('keys', 40);

  let t = performance.now();
  const t0 = t;
  const remote = openRemoteSnapshot({ path: file, source: 'snapshot' });
  await remote.ready;
  const readyMs = performance.now() - t;
  const screens = remote.screens;
  const loaded = remote.loaded.then(() => performance.now() - t0);

  const now = evaluationTime({ capturedAt: remote.header().info.capturedAt });
  screens.setFixedNow(now);
  // The data thread runs diagnostics itself: the first report after the whole snapshot is when the header shows a summary.
  let diagnosticsMs = 0;
  let findings = 0;
  const firstReport = loaded.then(async () => {
    const d0 = performance.now();
    const r = await remote.diagnose(now, undefined);
    diagnosticsMs = performance.now() - d0;
    findings = r?.findings.length ?? 0;
  });

  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const first = stdout.nextFrame(60_000);
  const firstRows = stdout.frameWith(/Running/, 60_000);
  t = performance.now();
  const instance = render(React.createElement(App, { source: screens, views: allViews(), initialView: 'pods', fixedNow: now, noColor: false }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
  });
  const firstAt = await first;
  if (firstAt === undefined) throw new Error('no first frame within 60 s');
  const firstRenderMs = firstAt - t;
  const rowsAt = await firstRows;
  const firstRowsMs = rowsAt === undefined ? undefined : rowsAt - t0;
  const loadMs = await loaded;
  await Promise.race([firstReport, sleep(120_000)]);
  const mem = process.memoryUsage();
  const rssStagesMB: ScenarioResult['rssStagesMB'] = [];
  const stage = (name: string) => {
    // With --expose-gc (diagnosis only), stages show live memory rather than garbage not yet collected.
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    rssStagesMB.push({ stage: name, rss: m.rss / 1048576, maxRss: process.resourceUsage().maxRSS / 1024, heap: m.heapUsed / 1048576 });
  };
  stage('first frame');
  const firstFrameSinceStartMs = firstAt;
  await sleep(300); // let effects and the refresh timer settle

  let lastCpuMs = 0;
  const press = async (key: string): Promise<number | undefined> => {
    const frame = stdout.nextFrame(10_000);
    const c0 = process.cpuUsage();
    const k0 = performance.now();
    stdin.write(key);
    const at = await frame;
    const c1 = process.cpuUsage(c0);
    lastCpuMs = (c1.user + c1.system) / 1000;
    await sleep(60); // past ink's 33 ms frame throttle, like a person's next key
    return at === undefined ? undefined : at - k0;
  };

  const moveMs: number[] = [];
  const moveCpuMs: number[] = [];
  for (let i = 0; i < keys; i++) {
    const ms = await press('j');
    if (ms !== undefined) {
      moveMs.push(ms);
      moveCpuMs.push(lastCpuMs);
    }
  }
  stage('after moves');
  const filterMs: number[] = [];
  const filterCpuMs: number[] = [];
  const openFilterMs: number[] = [];
  const clearFilterMs: number[] = [];
  // Filters a person would type: a namespace, a workload, a status.
  for (const text of ['checkout', 'search-api', 'crashloop']) {
    const open = await press('/');
    if (open !== undefined) openFilterMs.push(open);
    for (const ch of text) {
      const ms = await press(ch);
      if (ms !== undefined) {
        filterMs.push(ms);
        filterCpuMs.push(lastCpuMs);
      }
    }
    const enter = await press('\r');
    if (enter !== undefined) openFilterMs.push(enter);
    await sleep(100);
    const ms = await press('\x1b'); // Esc clears the filter: all 10k rows come back
    if (ms !== undefined) clearFilterMs.push(ms);
    await sleep(100);
  }
  stage('after filters');
  instance.unmount();
  remote.stop();
  const counts = remote.header().counts;
  const objects = counts.reduce((n, [, c]) => n + c, 0);
  const cpu = process.cpuUsage();
  const result: ScenarioResult = {
    file,
    objects,
    pods: counts.find(([k]) => k === 'Pod')?.[1] ?? 0,
    loadMs,
    applyMs: 0,
    readyMs,
    firstRowsMs,
    firstRenderMs,
    firstFrameSinceStartMs,
    diagnosticsMs,
    findings,
    moveMs,
    filterMs,
    clearFilterMs,
    moveCpuMs,
    filterCpuMs,
    openFilterMs,
    rssAfterLoadMB: mem.rss / 1048576,
    heapAfterLoadMB: mem.heapUsed / 1048576,
    rssStagesMB,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
    perfEntries: performance.getEntries().length,
    columns,
    rows,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`scenario failed: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
