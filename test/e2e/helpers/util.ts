// Small helpers for the end-to-end tier: running commands, polling.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is compiled to dist/test/e2e/helpers/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const K8STUI = path.join(ROOT, 'bin', 'k8stui.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command to completion (never throws on a non-zero exit; a timeout kills it and says so in stderr). */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (timedOut) stderr += `\n[killed after ${opts.timeoutMs} ms]`;
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** `node bin/k8stui.js ARGS` (the built CLI, as a user runs it). */
export function k8stui(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return run(process.execPath, [K8STUI, ...args], { env: { ...process.env, NO_COLOR: '1', ...opts.env }, timeoutMs: opts.timeoutMs ?? 120_000 });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class WaitTimeout extends Error {}

/**
 * Poll `probe` until it returns a value other than undefined/false, or fail
 * after `timeoutMs` with `what` and the last observation (from `describe`).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const intervalMs = opts.intervalMs ?? 500;
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
      lastErr = undefined;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() >= deadline) {
      const last = opts.describe ? `\nlast observation:\n${opts.describe()}` : '';
      const err = lastErr ? `\nlast error: ${(lastErr as Error).message}` : '';
      throw new WaitTimeout(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${err}${last}`);
    }
    await sleep(intervalMs);
  }
}

/** A short unique suffix for namespaces, so a reused cluster never sees the same names twice. */
export function uniqueSuffix(): string {
  return `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
