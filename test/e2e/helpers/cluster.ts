// One local control plane (test/cluster) for the whole e2e test file.
//
// The state dir is /tmp/k8stui-e2e-run-<pid> (stopped and removed when the
// tests end, also on SIGINT/SIGTERM). K8STUI_E2E_CLUSTER_DIR=DIR uses (and
// keeps) a cluster there instead: `up` is idempotent, so a developer can
// iterate on the tests without waiting for a fresh cluster each time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KINDS, listPath } from '../../../src/cluster/kinds.js';
import { Kube } from './kube.js';
import { ROOT, run, waitFor, type RunResult } from './util.js';

export const CTL = path.join(ROOT, 'test', 'cluster', 'ctl');
const OWNER_FILE = 'e2e-owner.pid';
const RUN_PREFIX = 'k8stui-e2e-run-';

export interface ClusterVars {
  STATE_DIR: string;
  APISERVER_URL: string;
  APISERVER_PORT: string;
  ADMIN_KUBECONFIG: string;
  VIEWER_KUBECONFIG: string;
  NS_VIEWER_KUBECONFIG: string;
  AUDIT_LOG: string;
  [k: string]: string;
}

/** Whether the tier must run (CI): then a cluster that cannot start is a failure, not a skip. */
export function e2eRequired(): boolean {
  return process.env.K8STUI_E2E === 'required';
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/);
    if (m) out[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return out;
}

function tail(s: string, n = 25): string {
  return s.trimEnd().split('\n').slice(-n).join('\n');
}

/** Stop clusters left behind by e2e runs whose test process is gone (a killed run cannot clean up after itself). */
function reapStale(): void {
  for (const e of readdirSync(os.tmpdir())) {
    if (!e.startsWith(RUN_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), e);
    const owner = path.join(dir, OWNER_FILE);
    if (!existsSync(owner)) continue;
    const pid = Number(readFileSync(owner, 'utf8').trim());
    if (pid > 0 && pid !== process.pid && !existsSync(`/proc/${pid}`)) {
      downDir(dir);
    }
  }
}

/** `ctl down` for a state dir, and the lock file ctl keeps beside it. */
function downDir(dir: string): void {
  spawnSync(CTL, ['down'], { env: { ...process.env, K8STUI_CLUSTER_DIR: dir }, stdio: 'ignore', timeout: 120_000 });
  if (!existsSync(dir)) rmSync(`${dir}.lock`, { force: true });
}

export class E2ECluster {
  private downHooked = false;
  readonly tmp: string;

  private constructor(
    readonly dir: string,
    readonly vars: ClusterVars,
    readonly reused: boolean,
    readonly upOutput: string,
    readonly upMs: number,
  ) {
    this.tmp = mkdtempSync(path.join(os.tmpdir(), 'k8stui-e2e-files-'));
  }

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, K8STUI_CLUSTER_DIR: this.dir };
  }

  /**
   * Bring a cluster up with the scenarios applied. Resolves to the cluster,
   * or to the reason it could not start (the caller fails or skips).
   */
  static async start(): Promise<E2ECluster | { error: string }> {
    const reuse = process.env.K8STUI_E2E_CLUSTER_DIR;
    const dir = reuse || path.join(os.tmpdir(), `${RUN_PREFIX}${process.pid}`);
    if (!reuse) reapStale();
    const env = { ...process.env, K8STUI_CLUSTER_DIR: dir };
    // A cold build of k8s.io/kubernetes takes many minutes on two cores.
    const up = await run(CTL, ['up', '--scenarios'], { env, timeoutMs: 60 * 60_000 });
    const output = `${up.stderr}\n${up.stdout}`;
    if (up.code !== 0) {
      if (!reuse) downDir(dir);
      return { error: `test/cluster/up --scenarios failed (exit ${up.code ?? up.signal}) in ${dir}:\n${tail(output)}` };
    }
    const vars = parseEnv(up.stdout) as ClusterVars;
    for (const k of ['ADMIN_KUBECONFIG', 'VIEWER_KUBECONFIG', 'NS_VIEWER_KUBECONFIG', 'AUDIT_LOG', 'APISERVER_URL']) {
      if (!vars[k]) return { error: `test/cluster/up printed no ${k}:\n${tail(output)}` };
    }
    if (!reuse) writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
    const c = new E2ECluster(dir, vars, !!reuse, output, up.ms);
    c.hookSignals();
    try {
      await c.waitForRbac();
    } catch (e) {
      await c.down();
      return { error: (e as Error).message };
    }
    return c;
  }

  /**
   * `up` returns once nodes are Ready, but the viewers' rights may not be in
   * effect yet: the built-in ClusterRole `view` gets its rules from the
   * clusterrole-aggregation controller, and a freshly started API server's
   * RBAC authorizer answers 403 until its caches are filled. The tests need
   * the settled state, so wait until each identity can list what it should.
   */
  async waitForRbac(): Promise<void> {
    const viewer = new Kube(this.vars.VIEWER_KUBECONFIG);
    const nsViewer = new Kube(this.vars.NS_VIEWER_KUBECONFIG);
    try {
      await waitFor(
        'the viewer and ns-viewer RBAC to be in effect',
        async () => {
          for (const k of KINDS) {
            if (k.kind === 'Secret') continue;
            await viewer.get(`${listPath(k)}?limit=1`);
            if (k.namespaced) await nsViewer.get(`${listPath(k, 'shop')}?limit=1`);
          }
          return true;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
    } finally {
      viewer.close();
      nsViewer.close();
    }
  }

  private hookSignals(): void {
    if (this.reused || this.downHooked) return;
    this.downHooked = true;
    const onSignal = (sig: NodeJS.Signals) => {
      this.downSync();
      process.kill(process.pid, sig);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('exit', () => this.downSync());
  }

  private stopped = false;
  private downSync(): void {
    if (this.reused || this.stopped) return;
    this.stopped = true;
    downDir(this.dir);
    rmSync(this.tmp, { recursive: true, force: true });
  }

  /** Stop the cluster and remove its state (not a reused one). */
  async down(): Promise<RunResult | undefined> {
    if (this.reused) rmSync(this.tmp, { recursive: true, force: true });
    if (this.reused || this.stopped) return undefined;
    this.stopped = true;
    const r = await run(CTL, ['down'], { env: this.env, timeoutMs: 120_000 });
    if (!existsSync(this.dir)) rmSync(`${this.dir}.lock`, { force: true });
    rmSync(this.tmp, { recursive: true, force: true });
    return r;
  }

  /** test/cluster/ctl ARGS; throws with its output when it fails. */
  async ctl(args: string[], timeoutMs = 180_000): Promise<RunResult> {
    const r = await run(CTL, args, { env: this.env, timeoutMs });
    if (r.code !== 0) throw new Error(`test/cluster/ctl ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${tail(`${r.stderr}\n${r.stdout}`)}`);
    return r;
  }

  private applied = 0;
  /** Apply manifests (YAML text) as admin, by server-side apply. */
  async apply(yaml: string): Promise<RunResult> {
    const f = path.join(this.tmp, `apply-${++this.applied}.yaml`);
    writeFileSync(f, yaml);
    return this.ctl(['apply', '-f', f]);
  }
}
