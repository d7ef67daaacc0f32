// k8stui's command line. Heavy modules (ink, client-node) are imported only
// on the paths that need them, so `--demo` and `--snapshot` start fast.
import type { DashboardOptions } from './cluster/dashboard.js';
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { UserError } from './cluster/errors.js';
import type { ClusterStore } from './cluster/store.js';
import { parseTime } from './model/time.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PATH = path.join(ROOT, 'examples', 'demo-cluster');

function version(): string {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
}

/** Where the data comes from (the dashboard's options), and --debug. */
export interface SourceOptions extends DashboardOptions {
  debug?: boolean;
}

export interface OpenedSource {
  store: ClusterStore;
  /** Live control (switch namespace/context, logs); absent for snapshots. */
  live?: import('./app/App.js').LiveControl & { stop(): void };
  fixedNow?: number;
}

function checkNow(now: string | undefined): void {
  if (now !== undefined && parseTime(now) === undefined) {
    throw new UserError(`invalid --now "${now}": expected an ISO-8601 time such as 2026-11-25T10:00:00Z`);
  }
}

/** Open the source the flags name: demo, snapshot, or the live cluster. */
export async function openSource(o: SourceOptions, purpose: 'tui' | 'diagnose'): Promise<OpenedSource> {
  checkNow(o.now);
  if (o.demo && o.snapshot) throw new UserError('--demo and --snapshot cannot be used together');
  if (o.namespace && o.allNamespaces) throw new UserError('-n and -A cannot be used together');
  if (o.demo || o.snapshot) {
    const { openSnapshot, chooseEvaluationTime } = await import('./cluster/snapshot.js');
    const p = o.demo ? DEMO_PATH : path.resolve(o.snapshot!);
    const { store, result } = await openSnapshot(p, o.demo ? 'demo' : 'snapshot', o.clusterDomain, o.allNamespaces ? undefined : o.namespace);
    if (o.demo) store.info.context = store.info.context ?? 'demo';
    if (o.allNamespaces) store.info.namespace = undefined;
    // --now, else the capture time, else the snapshot's newest timestamp, else the clock; the header and reports say which.
    const t = chooseEvaluationTime({ now: o.now, capturedAt: store.info.capturedAt, newest: result.newest });
    store.info.nowSource = t.source;
    store.info.now = new Date(t.now).toISOString();
    if (t.from) store.info.nowFrom = t.from;
    return { store, fixedNow: t.now };
  }
  const { openLive } = await import('./cluster/live.js');
  const opened = await openLive({
    kubeconfig: o.kubeconfig,
    context: o.context,
    namespace: o.namespace,
    allNamespaces: o.allNamespaces,
    clusterDomain: o.clusterDomain,
    waitForSync: purpose === 'diagnose',
  });
  const fixedNow = o.now ? parseTime(o.now) : undefined;
  opened.store.info.nowSource = fixedNow !== undefined ? 'flag' : 'clock';
  if (fixedNow !== undefined) opened.store.info.now = new Date(fixedNow).toISOString();
  return { store: opened.store, live: opened.source, fixedNow };
}

function addSourceOptions(c: Command, withSnapshot = true): Command {
  c.option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <ns>', 'namespace to show (default: the context\'s namespace)')
    .option('-A, --all-namespaces', 'all namespaces');
  if (withSnapshot) {
    c.option('--snapshot <path>', 'read a snapshot file or directory (YAML/JSON) instead of a cluster')
      .option('--demo', 'open the bundled example cluster')
      .option('--now <iso>', 'evaluation time for ages, schedules and checks (default: the snapshot\'s capture time, else its newest timestamp, else the clock)');
  }
  c.option('--cluster-domain <domain>', 'cluster DNS domain for stable pod names', 'cluster.local').option('--debug', 'print stack traces on errors');
  return c;
}

const VIEW_NAMES = ['sts', 'cj', 'jobs', 'svc', 'ing', 'map', 'pods', 'diag', 'ns', 'ctx'];

export function buildProgram(io: { stdout(s: string): void; stderr(s: string): void } = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }): Command {
  const program = new Command('k8stui');
  program
    .description('Read-only terminal dashboard and troubleshooter for Kubernetes')
    .version(version(), '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
  addSourceOptions(program)
    .addOption(new Option('--view <name>', `view to open first (${VIEW_NAMES.join('|')})`).default('pods'))
    .option('--config <file>', 'diagnostics config (default ./.k8stui.yaml, then ~/.config/k8stui/config.yaml)')
    .action(async (opts) => {
      if (!process.stdout.isTTY || !process.stdin.isTTY) {
        throw new UserError('the dashboard needs a terminal; for scripts use `k8stui diagnose` or `k8stui snapshot save FILE`');
      }
      // Ink renders nothing until exit when it believes it runs in CI (CI=true). We hold a
      // terminal, so the dashboard is interactive whatever CI says: decide before ink loads.
      for (const v of ['CI', 'CONTINUOUS_INTEGRATION']) if (v in process.env) process.env[v] = 'false';
      checkNow(opts.now);
      if (opts.demo && opts.snapshot) throw new UserError('--demo and --snapshot cannot be used together');
      if (opts.namespace && opts.allNamespaces) throw new UserError('-n and -A cannot be used together');
      // The data thread starts first: it connects (or reads the snapshot) while the views and ink load.
      const dash = import('./cluster/dashboard.js').then(({ openDashboardSource }) =>
        openDashboardSource({ ...(opts as SourceOptions), snapshot: opts.demo ? DEMO_PATH : opts.snapshot && path.resolve(opts.snapshot) }),
      );
      dash.catch(() => undefined); // awaited below
      const { allViews, findView } = await import('../views/registry.js');
      const views = allViews();
      if (!findView(views, opts.view)) throw new UserError(`unknown --view "${opts.view}" (one of ${VIEW_NAMES.join(', ')})`);
      const config = await loadDiagnoseConfig(opts.config).catch((e) => {
        void dash.then((d) => d.stop(), () => undefined);
        throw e;
      });
      const src = await dash;
      src.configure(config);
      const { runShell } = await import('./app/run.js');
      // A server that already refused (unreachable, TLS, 401) is a one-line error; one still connecting shows "connecting…".
      await Promise.race([src.ready, new Promise((r) => setImmediate(r))]).catch((e) => {
        src.stop();
        throw e;
      });
      try {
        await runShell({
          source: src.screens,
          views,
          initialView: opts.view,
          fixedNow: src.fixedNow,
          noColor: 'NO_COLOR' in process.env && process.env.NO_COLOR !== '',
          live: src.live,
        });
      } finally {
        src.stop();
      }
    });

  const snapshot = program.command('snapshot').description('capture a cluster to a file for offline analysis');
  addSourceOptions(
    snapshot
      .command('save')
      .argument('<file>', 'where to write the multi-document YAML')
      .description('save a snapshot of the cluster (every kind k8stui reads; Secrets only as TLS certificates)')
      .option('--allow-partial', 'objects or kinds that could not be saved are reported but do not exit 3'),
    false,
  ).action(async (file: string, opts) => {
    const { snapshotSaveCommand } = await import('./commands/snapshot-save.js');
    process.exitCode = await snapshotSaveCommand(
      file,
      { kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace, allNamespaces: opts.allNamespaces, allowPartial: !!opts.allowPartial },
      (l) => io.stderr(`${l}\n`),
    );
  });

  addSourceOptions(program.command('diagnose').description('run the checks once and print findings (for scripts and CI)'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'yaml', 'sarif', 'junit']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'never']).default('error'))
    .option('--exit-zero', 'findings never make the exit code non-zero (usage errors still exit 2, partial input 3)')
    .option('--check <ids>', 'only these check ids (comma-separated)')
    .option('--exclude-check <ids>', 'skip these check ids (comma-separated)')
    .option('--config <file>', 'suppression config (default ./.k8stui.yaml, then ~/.config/k8stui/config.yaml)')
    .option('--allow-partial', 'documents that could not be read are still reported, but do not exit 3')
    .addHelpText('after', '\nExit codes: 0 clean; 1 findings at or above --fail-on; 2 usage error or unreadable input; 3 partial input (documents that could not be read).')
    .action(async (opts) => {
      const src = await openSource(opts as SourceOptions, 'diagnose');
      try {
        const { runDiagnose } = await import('./commands/diagnose.js');
        const code = await runDiagnose(
          {
            store: src.store,
            now: src.fixedNow ?? Date.now(),
            namespace: src.store.info.namespace,
            output: opts.output,
            failOn: opts.failOn,
            check: splitList(opts.check),
            excludeCheck: splitList(opts.excludeCheck),
            configPath: opts.config,
            allowPartial: !!opts.allowPartial,
            exitZero: !!opts.exitZero,
            toolVersion: version(),
            isTTY: !!process.stdout.isTTY,
            noColor: 'NO_COLOR' in process.env && process.env.NO_COLOR !== '',
          },
          io,
        );
        process.exitCode = code;
      } finally {
        src.live?.stop();
      }
    });

  program
    .command('schedule')
    .description('print the next runs of a CronJob schedule, with the Kubernetes controller\'s semantics')
    .usage('"<expr>" [--tz ZONE] [--from ISO] [-n N] [-o text|json]')
    // The command parses its own arguments (src/commands/schedule.ts): a
    // schedule may start with a dash ("-5 * * * *") and --tz may be "".
    .argument('[expr]', 'the schedule, e.g. "0 2 * * *" or "@every 90m" (k8stui schedule --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (_expr: string | undefined, _opts: unknown, cmd: Command) => {
      const { runSchedule } = await import('./commands/schedule.js');
      process.exitCode = runSchedule(cmd.args, io);
    });
  return program;
}

function splitList(s: string | undefined): string[] | undefined {
  if (!s) return undefined;
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

async function loadDiagnoseConfig(configPath?: string): Promise<import('../diagnostics/config.js').DiagConfig> {
  const [{ loadConfig }, { checkIds }] = await Promise.all([import('../diagnostics/config.js'), import('../diagnostics/catalog.js')]);
  // The same suppressions and severities as `k8stui diagnose`; a broken config file stops here, before the screen opens.
  return loadConfig({ path: configPath }, checkIds());
}

export async function main(argv: string[]): Promise<number> {
  // `k8stui diagnose | head` closes the pipe early: that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const debug = argv.includes('--debug');
  if (debug) process.env.K8STUI_DEBUG = '1';
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      // commander already printed its one-line message
      return 2;
    }
    if (e instanceof UserError || (e as { exitCode?: number }).exitCode === 2) {
      process.stderr.write(`k8stui: ${(e as Error).message}\n`);
      if (debug) process.stderr.write(`${(e as Error).stack}\n`);
      return 2;
    }
    process.stderr.write(`k8stui: ${(e as Error)?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug) process.stderr.write(`${(e as Error)?.stack}\n`);
    return 1;
  }
}
