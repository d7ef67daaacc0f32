// Import costs on the way to a live dashboard (issue 10, "Start-up"):
//
//   node dist/bench/imports.js [--runs N] [--variant NAME=DIR ...]
//
// Each measure runs in a fresh node process (median of N, default 7):
// importing a module alone, and reading a kubeconfig with a token plus making
// the API client ready to send (loadKubeconfig + createApiClient + the
// credentials of the first request), for each build compared (before: a
// checkout of main whose kubeconfig code imports @kubernetes/client-node).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 7) || 7;
const variants: { id: string; dir: string }[] = [];
argv.forEach((a, i) => {
  if (a === '--variant' && argv[i + 1]) {
    const [id, dir] = argv[i + 1]!.split('=');
    variants.push({ id: id!, dir: path.resolve(dir!) });
  }
});
if (variants.length === 0) variants.push({ id: 'k8stui', dir: ROOT });

function time(script: string, cwd: string): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(r.stderr.trim().split('\n').slice(-3).join(' | '));
  return Number(r.stdout.trim().split('\n').pop());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const dir = mkdtempSync(path.join(tmpdir(), 'k8stui-imports-'));
const kc = path.join(dir, 'config');
// Nothing listens on port 9: only the local work before the first request is timed.
writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:9\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: abc\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n');

const modules = ['@kubernetes/client-node', 'yaml', 'react', 'ink'];
const rows: string[][] = [['measure (ms, median of ' + runs + ')', ...variants.map((v) => v.id)]];
try {
  for (const m of modules) {
    const script = `const t = performance.now(); await import(${JSON.stringify(m)}); console.log(performance.now() - t);`;
    rows.push([`import ${m}`, ...variants.map((v) => median(Array.from({ length: runs }, () => time(script, v.dir))).toFixed(0))]);
  }
  const ready = (v: { dir: string }) => `
    const t = performance.now();
    const { loadKubeconfig } = await import(${JSON.stringify(path.join(v.dir, 'dist/src/cluster/kubeconfig.js'))});
    const { createApiClient } = await import(${JSON.stringify(path.join(v.dir, 'dist/src/cluster/api.js'))});
    const api = createApiClient(await loadKubeconfig({ kubeconfig: ${JSON.stringify(kc)}, env: {} }), { requestTimeoutMs: 2000 });
    const sent = performance.now();
    try { await api.version({ timeoutMs: 2000 }); } catch {}
    api.close();
    console.log(sent - t);`;
  rows.push(['kubeconfig (token) → API client', ...variants.map((v) => median(Array.from({ length: runs }, () => time(ready(v), v.dir))).toFixed(0))]);
  const first = (v: { dir: string }) => `
    const t = performance.now();
    const { loadKubeconfig } = await import(${JSON.stringify(path.join(v.dir, 'dist/src/cluster/kubeconfig.js'))});
    const { createApiClient } = await import(${JSON.stringify(path.join(v.dir, 'dist/src/cluster/api.js'))});
    const api = createApiClient(await loadKubeconfig({ kubeconfig: ${JSON.stringify(kc)}, env: {} }), { requestTimeoutMs: 2000 });
    try { await api.version({ timeoutMs: 2000 }); } catch {}
    api.close();
    console.log(performance.now() - t);`;
  rows.push(['… and its first request refused (credentials read)', ...variants.map((v) => median(Array.from({ length: runs }, () => time(first(v), v.dir))).toFixed(0))]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
for (const r of rows) process.stdout.write(`${r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')}\n`);
