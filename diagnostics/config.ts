// .k8stui.yaml: which findings to suppress, severity overrides, grace period.
//
//   # .k8stui.yaml (or --config FILE; else $XDG_CONFIG_HOME/k8stui/config.yaml
//   # or ~/.config/k8stui/config.yaml)
//   gracePeriod: 10m            # time-based checks wait this long (default 5m); s, m, h or seconds
//   exclude:                    # a finding matching every field of one entry is suppressed
//     - check: statefulset/probes-missing      # id or glob (pod/*); a list is any-of
//       namespace: kube-*                      # glob; a list is any-of
//     - check: [service/no-matching-pods, service/no-endpoints-selectorless]
//       name: legacy-*
//       kind: Service
//     - cronjob/timezone-unset                 # shorthand: this check everywhere
//   severity:                   # override a check's severity (id or glob)
//     cronjob/timezone-unset: warning
//
// Object annotation `k8stui.dev/ignore: "check-id,check-id"` suppresses those
// checks (ids or globs) on that object. Suppressed findings are counted in
// the report's summary.suppressed.
import { UserError } from '../src/cluster/errors.js';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Finding, Severity } from './types.js';

export const IGNORE_ANNOTATION = 'k8stui.dev/ignore';
export const DEFAULT_GRACE_MS = 5 * 60 * 1000;

export interface ExcludeRule {
  checks?: string[];
  namespaces?: string[];
  names?: string[];
  kinds?: string[];
}

export interface DiagConfig {
  /** The file it came from, for messages. */
  file?: string;
  graceMs?: number;
  exclude: ExcludeRule[];
  /** check id or glob → severity. */
  severity: { pattern: string; severity: Severity }[];
  /** Non-fatal remarks (unknown top-level keys). */
  warnings: string[];
}

/** A malformed or missing config file: one line naming the file, exit 2. */
export class ConfigError extends UserError {}

export function emptyConfig(): DiagConfig {
  return { exclude: [], severity: [], warnings: [] };
}

const globCache = new Map<string, RegExp>();
/** `*` any run of characters, `?` one character; everything else literal. */
export function globMatch(pattern: string, s: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    globCache.set(pattern, re);
  }
  return re.test(s);
}

export function isGlob(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** "90s", "5m", "1h30m", "2h", or a number of seconds. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * 1000;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const m = s.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/);
  if (!m || s === '') return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const TOP_KEYS = new Set(['gracePeriod', 'exclude', 'severity']);
const RULE_KEYS: Record<string, keyof ExcludeRule> = { check: 'checks', checks: 'checks', namespace: 'namespaces', namespaces: 'namespaces', name: 'names', names: 'names', kind: 'kinds', kinds: 'kinds' };

function stringList(v: unknown, where: string): string[] {
  const arr = Array.isArray(v) ? v : [v];
  if (arr.length === 0) throw new ConfigError(`${where}: empty list`);
  return arr.map((x) => {
    if (typeof x !== 'string' || x.trim() === '') throw new ConfigError(`${where}: expected a string or a list of strings`);
    return x.trim();
  });
}

/**
 * Parse a config text. `knownChecks` (the catalog's ids) lets a typo in a
 * check id fail loudly instead of silently suppressing nothing.
 */
export function parseConfig(text: string, file: string, knownChecks?: string[]): DiagConfig {
  const fail = (msg: string): never => {
    throw new ConfigError(`${file}: ${msg}`);
  };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return fail(`malformed YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const cfg: DiagConfig = { ...emptyConfig(), file };
  if (doc === null || doc === undefined) return cfg;
  if (typeof doc !== 'object' || Array.isArray(doc)) return fail('expected a mapping with gracePeriod, exclude and severity');
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!TOP_KEYS.has(k)) cfg.warnings.push(`${file}: unknown key "${k}" ignored`);
  const checkId = (id: string, where: string) => {
    if (!knownChecks) return;
    if (isGlob(id) ? !knownChecks.some((k) => globMatch(id, k)) : !knownChecks.includes(id)) fail(`${where}: unknown check id ${id}`);
  };
  if (d.gracePeriod !== undefined) {
    const g = parseDuration(d.gracePeriod);
    if (g === undefined) fail(`gracePeriod: expected a duration like 90s, 5m or 1h30m, got ${JSON.stringify(d.gracePeriod)}`);
    cfg.graceMs = g;
  }
  if (d.exclude !== undefined && d.exclude !== null) {
    if (!Array.isArray(d.exclude)) fail('exclude: expected a list');
    (d.exclude as unknown[]).forEach((raw, i) => {
      const where = `exclude[${i}]`;
      const rule: ExcludeRule = {};
      if (typeof raw === 'string') rule.checks = [raw.trim()];
      else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        for (const [k, v] of Object.entries(raw)) {
          const field = RULE_KEYS[k];
          if (!field) fail(`${where}: unknown field "${k}" (use check, namespace, name, kind)`);
          rule[field!] = [...(rule[field!] ?? []), ...stringList(v, `${where}.${k}`)];
        }
      } else fail(`${where}: expected a check id or a mapping with check, namespace, name, kind`);
      if (!rule.checks && !rule.namespaces && !rule.names && !rule.kinds) fail(`${where}: an empty rule would suppress everything`);
      for (const c of rule.checks ?? []) checkId(c, `${where}.check`);
      cfg.exclude.push(rule);
    });
  }
  if (d.severity !== undefined && d.severity !== null) {
    if (typeof d.severity !== 'object' || Array.isArray(d.severity)) fail('severity: expected a mapping of check id to error, warning or info');
    for (const [k, v] of Object.entries(d.severity as Record<string, unknown>)) {
      if (typeof v !== 'string' || !SEVERITIES.includes(v as Severity)) fail(`severity.${k}: expected error, warning or info, got ${JSON.stringify(v)}`);
      checkId(k, 'severity');
      cfg.severity.push({ pattern: k, severity: v as Severity });
    }
  }
  return cfg;
}

export interface ConfigLookup {
  /** --config: must exist. */
  path?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** Where the config is looked for, in order, when --config is not given. */
export function defaultConfigPaths(o: ConfigLookup = {}): string[] {
  const cwd = o.cwd ?? process.cwd();
  const env = o.env ?? process.env;
  const home = o.home ?? os.homedir();
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return [path.join(cwd, '.k8stui.yaml'), path.join(xdg, 'k8stui', 'config.yaml')];
}

/** Load --config, or the first default file that exists; no file = empty config. Throws ConfigError. */
export function loadConfig(o: ConfigLookup = {}, knownChecks?: string[]): DiagConfig {
  const read = (file: string): DiagConfig => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
    }
    return parseConfig(text, file, knownChecks);
  };
  if (o.path) return read(o.path);
  for (const p of defaultConfigPaths(o)) if (existsSync(p)) return read(p);
  return emptyConfig();
}

function anyGlob(patterns: string[] | undefined, value: string | undefined): boolean {
  if (!patterns) return true;
  return patterns.some((p) => globMatch(p, value ?? ''));
}

/** The exclude rule that suppresses this finding, if any. */
export function excludedBy(cfg: DiagConfig, f: Finding): ExcludeRule | undefined {
  return cfg.exclude.find(
    (r) => anyGlob(r.checks, f.check) && anyGlob(r.namespaces, f.object.namespace) && anyGlob(r.names, f.object.name) && anyGlob(r.kinds, f.object.kind),
  );
}

export function severityOverride(cfg: DiagConfig, check: string): Severity | undefined {
  // An exact id wins over a glob; among globs, the last one written wins.
  const exact = cfg.severity.find((s) => s.pattern === check);
  if (exact) return exact.severity;
  let out: Severity | undefined;
  for (const s of cfg.severity) if (isGlob(s.pattern) && globMatch(s.pattern, check)) out = s.severity;
  return out;
}

/** Check ids (or globs) listed in an object's k8stui.dev/ignore annotation. */
export function ignoredByAnnotation(annotations: Record<string, string> | undefined, check: string): boolean {
  const v = annotations?.[IGNORE_ANNOTATION];
  if (!v) return false;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .some((p) => p === check || (isGlob(p) && globMatch(p, check)));
}
