#!/usr/bin/env node
// Runs the compiled tests with node's test runner.
//   node scripts/run-tests.mjs            all tiers: unit, views, e2e
//   node scripts/run-tests.mjs unit views only those tiers
// The e2e tier needs the local control plane (test/cluster): without Go it is
// skipped with a reason, unless K8STUI_E2E=required (CI), where it must run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tiers = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'views', 'e2e'];

function find(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (e.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

// Component tests live beside their components (views/**) as well as in test/views.
const where = {
  unit: [path.join(root, 'dist/test/unit'), path.join(root, 'dist/src'), path.join(root, 'dist/diagnostics')],
  views: [path.join(root, 'dist/test/views'), path.join(root, 'dist/views')],
  e2e: [path.join(root, 'dist/test/e2e')],
};

let files = [];
for (const t of tiers) {
  if (!where[t]) {
    console.error(`unknown test tier ${t} (unit, views, e2e)`);
    process.exit(2);
  }
  if (t === 'e2e') {
    const go = spawnSync('go', ['version'], { encoding: 'utf8' });
    if (go.status !== 0) {
      const msg = 'e2e tier skipped: Go is not installed, so the local control plane (test/cluster) cannot be built';
      if (process.env.K8STUI_E2E === 'required') {
        console.error(`${msg}, and K8STUI_E2E=required`);
        process.exit(1);
      }
      console.log(msg);
      continue;
    }
    const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (tmux.status !== 0) {
      const msg = 'e2e tier skipped: tmux is not installed (the dashboard tests drive k8stui in tmux)';
      if (process.env.K8STUI_E2E === 'required') {
        console.error(`${msg}, and K8STUI_E2E=required`);
        process.exit(1);
      }
      console.log(msg);
      continue;
    }
  }
  for (const d of where[t]) files.push(...find(d));
}
files = [...new Set(files)];
if (files.length === 0) {
  console.error('no test files found: run `npm run build` first');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
process.exit(r.status ?? 1);
