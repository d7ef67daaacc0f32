#!/usr/bin/env node
// The launcher's build (issue 10, start-up): the CLI and the data thread
// bundled from the TypeScript sources by esbuild into dist/bundle/, split at
// the dynamic imports, so a dashboard start reads a few files instead of
// hundreds (Node's ESM loader costs ~1 ms per module: ink alone is ~100).
//
//   dist/bundle/cli.js      the UI thread's entry (src/cli.ts)
//   dist/bundle/worker.js   the data thread's entry (src/cluster/worker.ts)
//   dist/bundle/chunk-*.js  code loaded on demand (the dashboard, the commands)
//
// Source maps (*.js.map) name our .ts files: `k8stui --debug` turns them on
// for stack traces. @kubernetes/client-node stays a runtime import from
// node_modules (loaded only for exec plugins, auth providers and proxies).
// bin/k8stui.js uses this build only when it is newer than tsc's output
// (dist/.tsbuildinfo), so `npx tsc -p .` alone never runs stale code.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

const t0 = Date.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', worker: 'src/cluster/worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  // Runtime-only: client-node is large and loaded only for the auth methods
  // that need it; react-devtools-core is ink's optional development hook.
  external: ['@kubernetes/client-node', 'react-devtools-core'],
  // Bundled CommonJS (react, react-reconciler, ...) may call require() for Node built-ins.
  banner: { js: "import { createRequire as __k8stuiRequire } from 'node:module'; const require = __k8stuiRequire(import.meta.url);" },
  define: { 'process.env.NODE_ENV': 'process.env.NODE_ENV' },
  chunkNames: 'chunk-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const kb = outputs.reduce((n, [, o]) => n + o.bytes, 0) / 1024;
console.log(`bundle: ${outputs.length} files, ${kb.toFixed(0)} KiB in dist/bundle (${Date.now() - t0} ms)`);
