// `k8stui diagnose`: run every check over a store and print the report.
// The CLI (src/cli.ts) parses flags and opens the source; this takes a store.
//
// Formats: text (people), json and yaml (scripts), sarif (code scanning),
// junit (CI test reports).
//
// Exit codes (the contract scripts rely on; the README documents it):
//   0  no finding at or above --fail-on (default error), or --exit-zero
//   1  some finding is at or above --fail-on
//   2  usage error or unreadable input (unknown flag or check id, bad config,
//      a snapshot with nothing readable, no cluster): one line on stderr
//   3  partial input: some documents could not be read (one warning line each
//      on stderr, `loadErrors` in the report); wins over 1. --allow-partial
//      turns it off (the documents are still reported).
// Partial *access* is not partial input: a kind RBAC did not let us read is an
// access/partial finding (info unless the config raises it), judged by
// --fail-on like any finding.
import type { ClusterStore } from '../cluster/store.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EngineReport, runDiagnostics, SEVERITY_RANK } from '../../diagnostics/engine.js';
import { checkIds, validateCheckIds } from '../../diagnostics/catalog.js';
import { ConfigError, loadConfig } from '../../diagnostics/config.js';
import { formatJson, formatText, formatYaml } from '../../diagnostics/report.js';
import { formatSarif } from '../../diagnostics/sarif.js';
import { formatJunit } from '../../diagnostics/junit.js';
import { catalog } from '../../diagnostics/catalog.js';
import { formatLoadError } from '../cluster/snapshot.js';
import type { Severity } from '../../diagnostics/types.js';

export type FailOn = 'error' | 'warning' | 'info' | 'never';
export type Output = 'text' | 'json' | 'yaml' | 'sarif' | 'junit';

export const OUTPUTS: Output[] = ['text', 'json', 'yaml', 'sarif', 'junit'];
export const EXIT = { clean: 0, findings: 1, usage: 2, partialInput: 3 } as const;

export interface DiagnoseOptions {
  store: ClusterStore;
  /** Evaluation time (ms): --now, the snapshot's capture time, or the clock. */
  now: number;
  namespace?: string;
  output: Output;
  failOn: FailOn;
  /** --exit-zero: findings never fail (exit 0 instead of 1); usage errors (2) and partial input (3) still do. */
  exitZero?: boolean;
  /** The tool's version for SARIF (default the package's). */
  toolVersion?: string;
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
    out.stderr(`k8stui diagnose: unknown output format ${opts.output} (use ${OUTPUTS.join(', ')})\n`);
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
    // JUnit has a testcase per inspected object, healthy ones included.
    withChecked: opts.output === 'junit',
  });
  for (const e of report.errors) out.stderr(`k8stui diagnose: internal error: ${e}\n`);
  // Lost input is never silent: one line per document that could not be read.
  for (const e of report.loadErrors ?? []) out.stderr(`k8stui diagnose: warning: not read: ${formatLoadError(e)}\n`);
  out.stdout(format(report, opts));
  if (report.loadErrors?.length && !opts.allowPartial) return EXIT.partialInput;
  if (opts.exitZero) return EXIT.clean;
  return exitCodeFor(report.summary, opts.failOn);
}

function format(report: EngineReport, opts: DiagnoseOptions): string {
  switch (opts.output) {
    case 'json':
      return formatJson(report);
    case 'yaml':
      return formatYaml(report);
    case 'sarif':
      return formatSarif(report, { catalog: catalog(), toolVersion: opts.toolVersion ?? packageVersion() });
    case 'junit':
      return formatJunit(report, { failOn: opts.failOn });
    default:
      return formatText(report, { color: opts.isTTY && !opts.noColor });
  }
}

function packageVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../..']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(here, up, 'package.json'), 'utf8'));
      if (pkg?.name === 'k8stui' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}
