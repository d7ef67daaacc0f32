// Preloaded into a real `k8stui` process (node --import dist/bench/probe.js
// bin/k8stui.js ...) by bench.ts: records, at the first write to the terminal
// that contains BENCH_PROBE_TEXT (the header), the process's own clock, CPU
// time and RSS, into the JSON file BENCH_PROBE_FILE. It only observes: the
// write itself goes through unchanged.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
const needles = (process.env.BENCH_PROBE_TEXT ?? 'k8stui').split('|');
if (file) {
  const orig = process.stdout.write.bind(process.stdout) as (...a: unknown[]) => boolean;
  let seen = '';
  let done = false;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!done) {
      // eslint-disable-next-line no-control-regex
      seen += (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()).replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
      if (needles.every((n) => seen.includes(n))) {
        done = true;
        seen = '';
        const cpu = process.cpuUsage();
        writeFileSync(file, JSON.stringify({ sinceStartMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.memoryUsage().rss / 1048576 }));
      }
    }
    return orig(chunk, ...rest);
  }) as typeof process.stdout.write;
}
