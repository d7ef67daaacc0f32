// `node dist/bench/gen.js FILE`: write the synthetic 10k-pod snapshot (for
// trying it by hand: `k8stui --snapshot FILE`).
import { SynthCluster, writeSnapshot } from './synth.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/gen.js FILE\n');
  process.exit(2);
}
const t0 = performance.now();
const c = new SynthCluster().build();
const bytes = await writeSnapshot(c, file);
const counts = [...c.counts].map(([k, n]) => `${k} ${n}`).join(', ');
process.stdout.write(`wrote ${c.objects.length} objects (${counts}; ${c.problemPods} pods with a planted problem), ${(bytes / 1048576).toFixed(1)} MiB, in ${((performance.now() - t0) / 1000).toFixed(1)} s to ${file}\n`);
