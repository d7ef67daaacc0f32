// `k8stui diagnose`: run every check over a store and print the report.
// The CLI (src/cli.ts) parses flags and opens the source; this takes a store.
//
// Exit codes: 0 when no finding is at or above --fail-on (default error),
// 1 when some are, 2 on usage or input errors (unknown check id, bad config),
// with a one-line message on stderr; 3 when input documents could not be read
// (one warning line each on stderr, `loadErrors` in the report) unless
// --allow-partial.
import type { ClusterStore } from '../cluster/store.js';
import { runDiagnostics, SEVERITY_RANK } from '../../diagnostics/engine.js';
import { checkIds, validateCheckIds } from '../../diagnostics/catalog.js';
import { ConfigError, loadConfig } from '../../diagnostics/config.js';
import { formatJson, formatText } from '../../diagnostics/report.js';
import { formatLoadError } from '../cluster/snapshot.js';
import type { Severity } from '../../diagnostics/types.js';

export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface DiagnoseOptions {
  store: ClusterStore;
  /** Evaluation time (ms): --now, the snapshot's capture time, or the clock. */
  now: number;
  namespace?: string;
  output: 'text' | 'json';
  failOn: FailOn;
  /** --check / --exclude-check, split on commas or repeated. */
  check?: string[];
  excludeCheck?: string[];
  configPath?: string;
  isTTY: boolean;
  noColor: boolean;
  /** --allow-partial: documents that could not be read do not change the exit code (they are still reported). */
  allowPartial?: boolean;
  /** Overrides the config's gracePeriod (a --grace flag, if the CLI grows one). */
  graceMs?: number;
  /** Where the default config is looked for (tests); default process.cwd() / process.env. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export interface Out {
  stdout(s: string): void;
  stderr(s: string): void;
}

const OUTPUTS = ['text', 'json'];
const FAIL_ON = ['error', 'warning', 'info', 'never'];

/** Split `a,b` and repeated flags into ids. */
export function splitIds(v: string[] | undefined): string[] | undefined {
  if (!v) return undefined;
  const ids = v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return ids.length ? ids : undefined;
}

export function exitCodeFor(counts: Record<Severity, number>, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  for (const sev of ['error', 'warning', 'info'] as Severity[]) {
    if (SEVERITY_RANK[sev] <= SEVERITY_RANK[failOn] && counts[sev] > 0) return 1;
  }
  return 0;
}

export async function runDiagnose(opts: DiagnoseOptions, out: Out): Promise<number> {
  if (!OUTPUTS.includes(opts.output)) {
    out.stderr(`k8stui diagnose: unknown output format ${opts.output} (use text or json)\n`);
    return 2;
  }
  if (!FAIL_ON.includes(opts.failOn)) {
    out.stderr(`k8stui diagnose: unknown --fail-on value ${opts.failOn} (use error, warning, info or never)\n`);
    return 2;
  }
  const checks = splitIds(opts.check);
  const excludeChecks = splitIds(opts.excludeCheck);
  for (const [flag, ids] of [['--check', checks], ['--exclude-check', excludeChecks]] as const) {
    const err = ids && validateCheckIds(ids);
    if (err) {
      out.stderr(`k8stui diagnose: ${flag}: ${err}\n`);
      return 2;
    }
  }
  let config;
  try {
    config = loadConfig({ path: opts.configPath, cwd: opts.cwd, env: opts.env, home: opts.home }, checkIds());
  } catch (e) {
    if (e instanceof ConfigError) {
      out.stderr(`k8stui diagnose: config ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const w of config.warnings) out.stderr(`k8stui diagnose: warning: ${w}\n`);

  const report = runDiagnostics(opts.store, {
    now: opts.now,
    namespace: opts.namespace,
    graceMs: opts.graceMs,
    config,
    checks,
    excludeChecks,
  });
  for (const e of report.errors) out.stderr(`k8stui diagnose: internal error: ${e}\n`);
  // Lost input is never silent: one line per document that could not be read.
  for (const e of report.loadErrors ?? []) out.stderr(`k8stui diagnose: warning: not read: ${formatLoadError(e)}\n`);
  out.stdout(opts.output === 'json' ? formatJson(report) : formatText(report, { color: opts.isTTY && !opts.noColor }));
  if (report.loadErrors?.length && !opts.allowPartial) return 3;
  return exitCodeFor(report.summary, opts.failOn);
}
