// Every next step the catalog produces on the bundled demo and on the snapshot
// captured from the local control plane, read the way an on-call engineer
// would paste it (README, "Diagnostics", next steps):
//
//   - a step is a command to run as written (`kubectl …` or `k8stui …`), a
//     `fix: …` (what to change, in words) or a `note: …`; nothing else, and no
//     other spelling (`Fix:`, `fix (if …):`);
//   - every kubectl, also one named inside a fix or a note, only reads: get,
//     describe, logs, events, top, explain, auth can-i;
//   - a command parses (quotes balanced, flags kubectl has), `-n` only on
//     namespaced kinds (and a namespaced object never without one), and the
//     names it uses are real: the object is in the cluster, or the finding's own
//     message or evidence names it (a missing Service, a policy named in an
//     event); a `-c` container is one of that pod's;
//   - no step twice in a finding, and every absolute time in a finding is
//     written as absTime writes it (`2026-11-20 10:30:00 UTC`, or with the
//     zone's abbreviation and IANA name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import type { ClusterStore } from '../../src/cluster/store.js';
import { evaluationTime } from '../../src/model/time.js';
import type { KindName } from '../../src/cluster/kinds.js';
import type { Pod } from '../../src/model/types.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import type { Finding } from '../../diagnostics/types.js';
import * as sts from '../fixtures/statefulset/build.js';
import * as cron from '../fixtures/cronjob/scenarios.js';
import { NOW as JOB_NOW } from '../fixtures/job/build.js';
import { makeStore } from '../fixtures/common.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Source {
  name: string;
  store: ClusterStore;
  findings: Finding[];
}

let sources: Promise<Source[]> | undefined;
function load(): Promise<Source[]> {
  sources ??= (async () => {
    const out: Source[] = [];
    for (const [name, dir, source] of [
      ['demo', 'examples/demo-cluster', 'demo'],
      ['captured', 'examples/captured-cluster', 'snapshot'],
    ] as const) {
      const { store } = await openSnapshot(path.join(ROOT, dir), source);
      const now = evaluationTime({ capturedAt: store.info.capturedAt });
      out.push({ name, store, findings: runDiagnostics(store, { now }).findings });
    }
    return out;
  })();
  return sources;
}

const READ_VERBS = new Set(['get', 'describe', 'logs', 'events', 'top', 'explain']);

/** kubectl resource names (singular, plural, short, fully qualified) → scope, and the store kind when k8stui reads it. */
const RESOURCES: { names: string[]; namespaced: boolean; kind?: KindName }[] = [
  { names: ['pod', 'pods', 'po'], namespaced: true, kind: 'Pod' },
  { names: ['service', 'services', 'svc'], namespaced: true, kind: 'Service' },
  { names: ['statefulset', 'statefulsets', 'sts', 'statefulsets.apps'], namespaced: true, kind: 'StatefulSet' },
  { names: ['cronjob', 'cronjobs', 'cj', 'cronjobs.batch'], namespaced: true, kind: 'CronJob' },
  { names: ['job', 'jobs', 'jobs.batch'], namespaced: true, kind: 'Job' },
  { names: ['persistentvolumeclaim', 'persistentvolumeclaims', 'pvc'], namespaced: true, kind: 'PersistentVolumeClaim' },
  { names: ['ingress', 'ingresses', 'ing', 'ingresses.networking.k8s.io'], namespaced: true, kind: 'Ingress' },
  { names: ['secret', 'secrets'], namespaced: true, kind: 'Secret' },
  { names: ['endpointslice', 'endpointslices', 'endpointslices.discovery.k8s.io'], namespaced: true, kind: 'EndpointSlice' },
  { names: ['deployment', 'deployments', 'deploy'], namespaced: true, kind: 'Deployment' },
  { names: ['event', 'events', 'ev'], namespaced: true },
  { names: ['endpoints', 'ep'], namespaced: true },
  { names: ['lease', 'leases', 'leases.coordination.k8s.io'], namespaced: true },
  { names: ['resourcequota', 'resourcequotas', 'quota'], namespaced: true },
  { names: ['limitrange', 'limitranges', 'limits'], namespaced: true },
  { names: ['serviceaccount', 'serviceaccounts', 'sa'], namespaced: true },
  { names: ['controllerrevision', 'controllerrevisions'], namespaced: true },
  { names: ['certificate', 'certificates', 'certificates.cert-manager.io'], namespaced: true },
  { names: ['node', 'nodes', 'no'], namespaced: false, kind: 'Node' },
  { names: ['namespace', 'namespaces', 'ns'], namespaced: false, kind: 'Namespace' },
  { names: ['persistentvolume', 'persistentvolumes', 'pv'], namespaced: false, kind: 'PersistentVolume' },
  { names: ['storageclass', 'storageclasses', 'sc', 'storageclasses.storage.k8s.io'], namespaced: false, kind: 'StorageClass' },
  { names: ['ingressclass', 'ingressclasses', 'ingressclasses.networking.k8s.io'], namespaced: false, kind: 'IngressClass' },
  { names: ['csidriver', 'csidrivers'], namespaced: false },
  { names: ['validatingadmissionpolicy', 'validatingadmissionpolicies'], namespaced: false },
  { names: ['validatingadmissionpolicybinding', 'validatingadmissionpolicybindings'], namespaced: false },
  { names: ['validatingwebhookconfiguration', 'validatingwebhookconfigurations'], namespaced: false },
  { names: ['mutatingwebhookconfiguration', 'mutatingwebhookconfigurations'], namespaced: false },
];

/** Objects Kubernetes itself names: kube-controller-manager's leader-election Lease. */
const WELL_KNOWN = new Set(['kube-system/kube-controller-manager']);

function resource(name: string): (typeof RESOURCES)[number] | undefined {
  return RESOURCES.find((r) => r.names.includes(name.toLowerCase()));
}

/** Flags the steps may use, and whether they take a value. */
const FLAGS: Record<string, boolean> = {
  '-n': true,
  '--namespace': true,
  '-A': false,
  '--all-namespaces': false,
  '-l': true,
  '--selector': true,
  '-o': true,
  '--output': true,
  '--field-selector': true,
  '-L': true,
  '--label-columns': true,
  '--show-labels': false,
  '-c': true,
  '--container': true,
  '--previous': false,
  '--all-containers': false,
  '--as': true,
};

/** Shell words of one command, quotes removed; undefined when a quote is left open. */
function words(cmd: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let q: '"' | "'" | undefined;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]!;
    if (q) {
      if (ch === q) q = undefined;
      else if (ch === '\\' && q === '"' && i + 1 < cmd.length) cur += cmd[++i];
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      q = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (q) return undefined;
  if (inWord) out.push(cur);
  return out;
}

/** Split at `|` outside quotes. */
function pipeline(step: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let q: string | undefined;
  for (const ch of step) {
    if (q) {
      if (ch === q) q = undefined;
    } else if (ch === "'" || ch === '"') q = ch;
    else if (ch === '|') {
      parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** Local filters a step may pipe into: they read stdin and change nothing. */
const FILTERS = new Set(['grep', 'base64', 'openssl']);

interface Parsed {
  verb: string;
  positional: string[];
  flags: Map<string, string | true>;
}

function parseKubectl(w: string[]): Parsed | string {
  const rest = w.slice(1);
  let verb = rest.shift();
  if (!verb) return 'no verb';
  if (verb === 'auth') {
    const sub = rest.shift();
    if (sub !== 'can-i') return `auth ${sub}`;
    verb = 'auth can-i';
  }
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  while (rest.length) {
    const a = rest.shift()!;
    if (!a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!(name in FLAGS)) return `unknown flag ${name}`;
    if (FLAGS[name]) {
      const v = eq > 0 ? a.slice(eq + 1) : rest.shift();
      if (v === undefined || v === '') return `flag ${name} without a value`;
      flags.set(name, v);
    } else {
      if (eq > 0) return `flag ${name} takes no value`;
      flags.set(name, true);
    }
  }
  return { verb, positional, flags };
}

function namespaceOf(p: Parsed): string | undefined {
  const v = p.flags.get('-n') ?? p.flags.get('--namespace');
  return typeof v === 'string' ? v : undefined;
}

/** Problems with one `kubectl …` command of a finding; empty when it is fine. */
function checkKubectl(cmd: string, f: Finding, store: ClusterStore): string[] {
  const w = words(cmd);
  if (!w) return ['unbalanced quotes'];
  const p = parseKubectl(w);
  if (typeof p === 'string') return [p];
  const problems: string[] = [];
  if (!READ_VERBS.has(p.verb) && p.verb !== 'auth can-i') return [`verb ${p.verb} is not read-only`];
  const ns = namespaceOf(p);
  const all = p.flags.has('-A') || p.flags.has('--all-namespaces');
  if (ns !== undefined && all) problems.push('-n together with -A');
  const told = `${f.message}\n${f.evidence.join('\n')}\n${f.object.name}\n${f.object.namespace ?? ''}`;
  /** The object is in the cluster, Kubernetes itself names it, or the finding's own words name it (as a whole name). */
  const real = (kind: KindName | undefined, name: string, namespace: string | undefined): boolean =>
    (kind !== undefined && store.get(kind, namespace, name) !== undefined) ||
    WELL_KNOWN.has(`${namespace ?? ''}/${name}`) ||
    new RegExp(`(?<![A-Za-z0-9.-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`).test(told);
  if (p.verb === 'auth can-i') {
    const [, res] = p.positional;
    const r = res ? resource(res) : undefined;
    if (!r) return [...problems, `can-i on an unknown resource ${res}`];
    if (ns !== undefined && !r.namespaced) problems.push(`-n on cluster-scoped ${res}`);
    return problems;
  }
  if (p.verb === 'logs') {
    // logs POD | logs job/NAME: both namespaced.
    const target = p.positional[0];
    if (!target) return [...problems, 'logs of nothing'];
    if (ns === undefined) problems.push('logs without -n');
    const [k, n] = target.includes('/') ? (target.split('/') as [string, string]) : ['pod', target];
    const r = resource(k);
    if (!r?.kind) problems.push(`logs of ${target}`);
    else if (!real(r.kind, n, ns)) problems.push(`${k} ${n} is not in ${ns}`);
    const c = p.flags.get('-c') ?? p.flags.get('--container');
    if (typeof c === 'string' && r?.kind === 'Pod') {
      const pod = store.get<Pod>('Pod', ns, n);
      const names = [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].map((x) => x.name);
      if (!names.includes(c)) problems.push(`container ${c} is not one of ${n}'s (${names.join(', ')})`);
    }
    return problems;
  }
  if (p.verb === 'explain' || p.verb === 'top' || p.verb === 'events') return problems;
  // get / describe: TYPE[,TYPE] [NAME] or TYPE/NAME.
  const first = p.positional[0];
  if (!first) return [...problems, `${p.verb} of nothing`];
  const [types, nameFromSlash] = first.includes('/') ? [first.split('/')[0]!, first.split('/')[1]] : [first, undefined];
  const name = nameFromSlash ?? p.positional[1];
  if (p.positional.length > (nameFromSlash ? 1 : 2)) problems.push(`extra arguments ${p.positional.slice(nameFromSlash ? 1 : 2).join(' ')}`);
  for (const t of types.split(',')) {
    const r = resource(t);
    if (!r) {
      problems.push(`unknown resource ${t}`);
      continue;
    }
    if (ns !== undefined && !r.namespaced) problems.push(`-n on cluster-scoped ${t}`);
    if (all && !r.namespaced) problems.push(`-A on cluster-scoped ${t}`);
    if (name !== undefined) {
      if (r.namespaced && ns === undefined) problems.push(`${t} ${name} without -n`);
      if (!real(r.kind, name, r.namespaced ? ns : undefined)) problems.push(`${t} ${name} is neither in the cluster${r.namespaced ? ` (namespace ${ns})` : ''} nor named by the finding`);
    }
  }
  return problems;
}

function stepProblems(step: string, f: Finding, store: ClusterStore): string[] {
  const problems: string[] = [];
  if (!/^(kubectl |k8stui |fix: |note: )/.test(step)) problems.push('not a command, a "fix: " or a "note: "');
  // Every kubectl named anywhere in the step reads.
  for (const m of step.matchAll(/\bkubectl\s+([a-z-]+)(?:\s+([a-z-]+))?/g)) {
    const verb = m[1] === 'auth' ? `auth ${m[2]}` : m[1]!;
    if (!READ_VERBS.has(verb) && verb !== 'auth can-i') problems.push(`kubectl ${verb} changes the cluster or is not a read`);
  }
  if (step.startsWith('kubectl ')) {
    const parts = pipeline(step);
    problems.push(...checkKubectl(parts[0]!, f, store));
    for (const part of parts.slice(1)) {
      const cmd = words(part)?.[0];
      if (!cmd || !FILTERS.has(cmd)) problems.push(`pipes into ${cmd ?? '?'}`);
    }
  } else if (step.startsWith('k8stui ')) {
    const w = words(step);
    if (!w) problems.push('unbalanced quotes');
    else if (w[1] !== 'schedule') problems.push(`k8stui ${w[1]} is not a read-only subcommand`);
  }
  return problems;
}

const where = (s: Source, f: Finding) => `${s.name}: ${f.check} on ${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name}`;

test('every next step is a read-only command that runs as written, a "fix: " or a "note: " (demo and captured cluster)', async () => {
  const bad: string[] = [];
  let commands = 0;
  for (const s of await load()) {
    assert.ok(s.findings.length > 0, `${s.name} has findings`);
    for (const f of s.findings) {
      for (const step of f.nextSteps) {
        if (step.startsWith('kubectl ')) commands++;
        for (const p of stepProblems(step, f, s.store)) bad.push(`${where(s, f)}: ${p}\n    ${step}`);
      }
    }
  }
  assert.ok(commands > 50, `${commands} kubectl commands read`);
  assert.deepEqual(bad, []);
});

test('the same rules for what the FailedCreate readers produce (StatefulSet, Job, CronJob refusals, every kind)', () => {
  const bad: string[] = [];
  const scenarios: [string, ReturnType<typeof sts.refusedOrdinal>, number][] = [];
  for (const k of Object.keys(sts.STS_REFUSALS) as (keyof typeof sts.STS_REFUSALS)[]) {
    for (const policy of ['OrderedReady', 'Parallel'] as const) scenarios.push([`sts ${k} ${policy}`, sts.refusedOrdinal(k, { policy }), sts.NOW]);
  }
  for (const [k, msg] of Object.entries(cron.POD_REFUSALS)) {
    for (const cronJob of [false, true]) scenarios.push([`job ${k}${cronJob ? ' (CronJob)' : ''}`, cron.refusedPodsJob(msg, { cronJob }), JOB_NOW]);
  }
  let refusals = 0;
  for (const [name, objs, now] of scenarios) {
    const store = makeStore(objs);
    for (const f of runDiagnostics(store, { now }).findings) {
      if (f.check === 'statefulset/ordinal-blocked' || f.check === 'job/stuck-pending') refusals++;
      for (const step of f.nextSteps) for (const p of stepProblems(step, f, store)) bad.push(`${name}: ${f.check}: ${p}\n    ${step}`);
    }
  }
  assert.equal(refusals, scenarios.length, 'one refusal finding per scenario');
  assert.deepEqual(bad, []);
});

test('no step repeats within a finding, and every finding says what to do', async () => {
  const bad: string[] = [];
  for (const s of await load()) {
    for (const f of s.findings) {
      const seen = new Set<string>();
      for (const step of f.nextSteps) {
        if (seen.has(step)) bad.push(`${where(s, f)}: twice: ${step}`);
        seen.add(step);
      }
      if (!f.nextSteps.some((x) => x.startsWith('fix: ') || x.startsWith('note: '))) bad.push(`${where(s, f)}: no fix or note`);
    }
  }
  assert.deepEqual(bad, []);
});

test('no evidence line repeats within a finding, and none repeats the message word for word', async () => {
  const bad: string[] = [];
  for (const s of await load()) {
    for (const f of s.findings) {
      const seen = new Set<string>();
      for (const e of f.evidence) {
        if (seen.has(e)) bad.push(`${where(s, f)}: twice: ${e}`);
        seen.add(e);
        if (e === f.message || e.endsWith(`: ${f.message}`)) bad.push(`${where(s, f)}: repeats the message: ${e}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('every absolute time in a finding is written as absTime writes it: seconds and a named zone', async () => {
  const stamp = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}| [A-Z]{2,5}| [+-]\d{2}:\d{2})?(?: \([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+\))?/g;
  const good = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?:UTC|(?:[A-Z]{2,5}|[+-]\d{2}:\d{2}) \([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+\))$/;
  const bad: string[] = [];
  let seen = 0;
  for (const s of await load()) {
    for (const f of s.findings) {
      for (const line of [f.message, ...f.evidence, ...f.nextSteps]) {
        for (const m of line.matchAll(stamp)) {
          seen++;
          if (!good.test(m[0])) bad.push(`${where(s, f)}: ${m[0]} in: ${line}`);
        }
      }
    }
  }
  assert.ok(seen > 50, `${seen} times read`);
  assert.deepEqual(bad, []);
});

test('the checker itself: it refuses what an engineer could not paste', () => {
  const f: Finding = { check: 'x/y', severity: 'error', object: { kind: 'Pod', namespace: 'shop', name: 'web-0' }, message: 'Service db-headless is missing', evidence: [], nextSteps: [] };
  const store = { get: () => undefined } as unknown as ClusterStore;
  const problems = (s: string) => stepProblems(s, f, store);
  assert.deepEqual(problems('kubectl get svc db-headless -n shop'), []);
  assert.match(problems('kubectl delete pod web-0 -n shop').join(), /not read-only/);
  assert.match(problems('fix: run kubectl apply -f fixed.yaml').join(), /kubectl apply changes the cluster/);
  assert.match(problems('Fix: do it').join(), /not a command/);
  assert.match(problems('kubectl get storageclass fast -n shop').join(), /-n on cluster-scoped storageclass/);
  assert.match(problems('kubectl auth can-i list nodes -n shop').join(), /-n on cluster-scoped nodes/);
  assert.match(problems('kubectl get svc db -n shop').join(), /svc db is neither in the cluster/);
  assert.match(problems("kubectl get svc db-headless -n shop -o jsonpath='{.spec}").join(), /unbalanced quotes/);
  assert.match(problems('kubectl get svc db-headless').join(), /without -n/);
  assert.match(problems('kubectl get pods -A -l app=x   (then read its logs)').join(), /extra arguments|unknown flag/);
  assert.match(problems('kubectl get pods -n shop --watch').join(), /unknown flag --watch/);
  assert.match(problems('kubectl get pods -n shop | sh').join(), /pipes into sh/);
});
