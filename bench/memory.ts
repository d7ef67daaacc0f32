// Where the memory goes (issue 10): the dashboard as `k8stui` runs it (the
// data thread reads the source; this thread renders the shell with ink into
// an in-memory terminal), with the heap of each thread at each stage.
//
//   node --expose-gc dist/bench/memory.js (--kubeconfig FILE [-A] | --snapshot FILE) [--idle S] [--keys N] [--heap-snapshot FILE]
//
// Stages: the first pod rows, the complete list (every kind listed), after
// N presses of `j`, then after S seconds of whatever the cluster does (a
// churn, watch events). At each: the process's RSS and peak RSS, each
// thread's heap used and total (before a GC: what the process holds; after
// one, with --expose-gc: what is live).
import './prod-env.js';
import './tty-env.js';
import React from 'react';
import { render } from 'ink';
import v8 from 'node:v8';
import { openRemoteLive, openRemoteSnapshot, type RemoteSource } from '../src/cluster/remote.js';
import { App } from '../src/app/App.js';
import { allViews } from '../views/registry.js';
import { evaluationTime } from '../src/model/time.js';
import { FakeStdin, FakeStdout } from './fake-tty.js';

const args = process.argv.slice(2);
const flag = (n: string) => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : undefined;
};
const mb = (x: number) => Math.round(x / 1048576);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const t0 = performance.now();
  const kubeconfig = flag('--kubeconfig');
  const snapshot = flag('--snapshot');
  let r: RemoteSource;
  let fixedNow: number | undefined;
  if (kubeconfig) {
    r = await openRemoteLive({ kubeconfig, allNamespaces: args.includes('-A') });
  } else if (snapshot) {
    r = openRemoteSnapshot({ path: snapshot, source: 'snapshot' });
    await r.ready;
    fixedNow = evaluationTime({ capturedAt: r.header().info.capturedAt });
    r.screens.setFixedNow(fixedNow);
  } else {
    process.stderr.write('usage: node --expose-gc dist/bench/memory.js (--kubeconfig FILE [-A] | --snapshot FILE) [--idle S] [--keys N]\n');
    process.exit(2);
  }
  const stdout = new FakeStdout(200, 50);
  const stdin = new FakeStdin();
  const firstRows = stdout.frameWith(/Running/, 120_000);
  const instance = render(React.createElement(App, { source: r.screens, views: allViews(), initialView: 'pods', fixedNow, noColor: false, live: r.live }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
  });
  const rows: Record<string, unknown>[] = [];
  const stage = async (name: string) => {
    const m = process.memoryUsage();
    const main0 = v8.getHeapStatistics();
    const worker0 = await r.memory(false);
    (globalThis as { gc?: () => void }).gc?.();
    const main1 = v8.getHeapStatistics();
    const worker1 = await r.memory(true);
    rows.push({
      stage: name,
      at: `${((performance.now() - t0) / 1000).toFixed(1)} s`,
      rss: mb(m.rss),
      maxRss: mb(process.resourceUsage().maxRSS * 1024),
      'ui heap used/total': `${mb(main0.used_heap_size)}/${mb(main0.total_heap_size)}`,
      'ui live': mb(main1.used_heap_size),
      'data heap used/total': `${mb(worker0.used_heap_size)}/${mb(worker0.total_heap_size)}`,
      'data live': mb(worker1.used_heap_size),
      external: mb(m.external),
    });
  };
  await firstRows;
  await stage('first rows');
  await r.loaded;
  await sleep(1000);
  await stage('listed');
  const keys = Number(flag('--keys') ?? 30);
  for (let i = 0; i < keys; i++) {
    stdin.write('j');
    await sleep(80);
  }
  await stage(`${keys} keys`);
  await sleep(Number(flag('--idle') ?? 30) * 1000);
  await stage('idle');
  const snap = flag('--heap-snapshot');
  if (snap) await r.memory(true, snap);
  const h = r.header();
  process.stdout.write(`${h.counts.filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
  console.table(rows);
  instance.unmount();
  r.stop();
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`memory failed: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
