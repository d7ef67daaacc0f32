#!/usr/bin/env node
// Launcher only: everything else lives in dist/ (built by `npm run build`).
// React's production build: half the CPU per key and far less memory than the development build.
process.env.NODE_ENV ??= 'production';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// --debug: stack traces name our .ts sources (the bundle's source maps).
if (process.argv.includes('--debug')) process.setSourceMapsEnabled?.(true);

// The bundled build (scripts/bundle.mjs: a few files instead of hundreds of
// modules) when it is at least as new as tsc's output; after a `tsc` alone,
// tsc's output, so a stale bundle never runs.
const mtime = (u) => {
  try {
    return statSync(fileURLToPath(u)).mtimeMs;
  } catch {
    return undefined;
  }
};
const bundled = new URL('../dist/bundle/cli.js', import.meta.url);
const compiled = new URL('../dist/src/cli.js', import.meta.url);
const bundleTime = mtime(bundled);
const tscTime = mtime(new URL('../dist/.tsbuildinfo', import.meta.url));
const cli = bundleTime !== undefined && (tscTime === undefined || bundleTime >= tscTime) && !process.env.K8STUI_NO_BUNDLE ? bundled : compiled;
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('k8stui: not built yet: run `npm run build` (or `npm ci`, which builds) in the k8stui folder\n');
  process.exit(2);
}
const { main } = await import(cli.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
