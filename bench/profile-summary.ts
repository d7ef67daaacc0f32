// `node dist/bench/profile-summary.js FILE.cpuprofile [N]`: the hot spots of a
// V8 CPU profile (node --cpu-prof; `npm run bench -- --profile DIR` writes
// them): self time by file and by function, and inclusive time by function.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [N]\n');
  process.exit(2);
}
const n = Number(process.argv[3] ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(prof.nodes.map((x) => [x.id, x]));
const parent = new Map<number, number>();
for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);

const where = (cf: ProfileNode['callFrame']) => {
  const url = cf.url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|node_modules)\//, '$1/');
  return url.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, '$1') || `(${cf.functionName || 'native'})`;
};
const label = (cf: ProfileNode['callFrame']) => `${cf.functionName || '(anonymous)'} ${where(cf)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;

const selfById = new Map<number, number>();
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i]!;
  selfById.set(id, (selfById.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
}
const byFile = new Map<string, number>();
const byFn = new Map<string, number>();
const incl = new Map<string, number>();
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
for (const [id, t] of selfById) {
  const cf = nodes.get(id)!.callFrame;
  add(byFile, where(cf), t);
  add(byFn, label(cf), t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(nodes.get(cur)!.callFrame);
    if (!seen.has(k)) {
      seen.add(k);
      add(incl, k, t);
    }
  }
}
const top = (m: Map<string, number>, count: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
process.stdout.write(
  [`${file}: ${((prof.endTime - prof.startTime) / 1000).toFixed(0)} ms profiled`, '', 'self time by file:', top(byFile, n), '', 'self time by function:', top(byFn, n), '', 'inclusive time:', top(incl, n * 2), ''].join('\n'),
);
