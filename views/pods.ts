// :pods — NAME, READY, STATUS (kubectl's wording), RESTARTS, AGE, NODE, OWNER.
import type { Pod } from '../src/model/types.js';
import { containerProbes, containerStatus, controllerOf, podSummary } from '../src/model/pod.js';
import { absTime, age } from '../src/model/time.js';
import type { Line, Tone, ViewDef } from './types.js';
import { ageColumn, describeLines, kv, nameColumn, namespaceColumn, problemLines, problemsColumn, refIn, section } from './common.js';
import { line, prose, seg, withRef } from './widgets/text.js';
import { mark } from './widgets/marks.js';

export function podStatusTone(status: string, ready: boolean): Tone {
  if (status === 'Running') return ready ? 'ok' : 'warn';
  if (status === 'Completed' || status === 'Succeeded') return 'muted';
  if (status === 'Pending' || status.startsWith('Init:') || status === 'ContainerCreating' || status === 'PodInitializing') return 'warn';
  if (status === 'Terminating') return 'muted';
  return 'error';
}

/** kubectl's READINESS GATES cell: `1/2` gates True, `<none>` without gates. */
export function readinessGatesText(p: Pod): string {
  const gates: { conditionType: string }[] = (p.spec as { readinessGates?: { conditionType: string }[] } | undefined)?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conds = p.status?.conditions ?? [];
  const ok = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return `${ok}/${gates.length}`;
}

export function podDetailLines(pod: Pod, ctx: Parameters<NonNullable<ViewDef['detail']>>[1]): Line[] {
  const s = podSummary(pod);
  const extra: Line[] = [
    kv('Status', s.status, podStatusTone(s.status, s.isReady)),
    pod.spec.nodeName ? withRef(kv('Node', pod.spec.nodeName), refIn(ctx, 'Node', undefined, pod.spec.nodeName)) : kv('Node', '<none>'),
    kv('Pod IP', pod.status?.podIP ?? '<none>'),
    kv('Started', pod.status?.startTime ? `${absTime(pod.status.startTime)} (${age(pod.status.startTime, ctx.now)} ago)` : '-'),
  ];
  if (s.scheduling) extra.push(kv('Scheduling', `${s.scheduling.reason}: ${s.scheduling.message ?? ''}`, 'error'));
  // Each claim the pod mounts is a line of its own that opens the claim.
  const volumes: { name: string; persistentVolumeClaim?: { claimName: string; readOnly?: boolean } }[] = (pod.spec as { volumes?: [] }).volumes ?? [];
  for (const v of volumes) {
    if (!v.persistentVolumeClaim) continue;
    extra.push(withRef(kv('Claim', `${v.persistentVolumeClaim.claimName}  (volume ${v.name}${v.persistentVolumeClaim.readOnly ? ', read-only' : ''})`), refIn(ctx, 'PersistentVolumeClaim', pod.metadata.namespace, v.persistentVolumeClaim.claimName)));
  }
  const findings = ctx.findingsFor?.('Pod', pod.metadata.namespace, pod.metadata.name) ?? [];
  const head: Line[] = problemLines(findings, ctx);
  extra.push(line(''), section('Containers'));
  for (const c of pod.spec.containers ?? []) {
    const cs = containerStatus(pod, c.name);
    const state = cs?.state?.running
      ? `Running since ${absTime(cs.state.running.startedAt)}`
      : cs?.state?.waiting
        ? `Waiting: ${cs.state.waiting.reason ?? ''}${cs.state.waiting.message ? ` (${cs.state.waiting.message})` : ''}`
        : cs?.state?.terminated
          ? `Terminated: ${cs.state.terminated.reason ?? ''} exit ${cs.state.terminated.exitCode}`
          : 'no status';
    extra.push(line(seg(`  ${c.name}`, 'accent', true), seg(`  ${c.image ?? ''}`, 'muted')));
    extra.push(prose(line(`    state: `, seg(state, cs?.ready ? 'ok' : cs?.state?.terminated?.exitCode === 0 ? 'muted' : 'warn'), `  ready: ${cs?.ready ?? false}  restarts: ${cs?.restartCount ?? 0}`)));
    const lt = cs?.lastState?.terminated;
    if (lt) extra.push(prose(line(`    last termination: `, seg(`${lt.reason ?? ''} exit ${lt.exitCode} at ${absTime(lt.finishedAt)}`, 'warn'))));
    const ports = (c.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`);
    if (ports.length) extra.push(prose(line(`    ports: ${ports.join(', ')}`), 11));
    const probes = containerProbes(c);
    if (probes.length === 0) extra.push(line('    probes: ', seg('none', 'warn')));
    for (const p of probes) {
      extra.push(
        prose(line(
          `    ${p.type} probe: ${p.handler}`,
          p.port !== undefined ? seg(` port ${p.port}${typeof p.port === 'string' ? (p.unresolved ? ' (not declared by the container)' : ` ${mark('arrow', ctx.noColor)} ${p.resolvedPort}`) : ''}`, p.unresolved ? 'error' : undefined) : seg(''),
          seg(`  ${p.thresholds}`, 'muted'),
        ), 6),
      );
    }
  }
  extra.push(line(''), section('Conditions'));
  for (const c of pod.status?.conditions ?? []) {
    extra.push(prose(line(`  ${c.type.padEnd(26)}`, seg(c.status, c.status === 'True' ? 'ok' : 'warn'), seg(c.reason ? `  ${c.reason}` : '', 'muted'), seg(c.message ? `  ${c.message}` : '', 'muted')), 28));
  }
  return [...head, ...describeLines(pod, ctx, extra)];
}

/**
 * RESTARTS as kubectl prints it (`7 (41s ago)`); where that does not fit, the
 * count alone, never a cut `7 (41s …`. The count is the floor the layout reserves.
 */
export function fitRestarts(value: string, width: number): string {
  const count = value.split(' ')[0]!;
  return width > 0 && value.length <= width ? value : count;
}

export const podsView: ViewDef<Pod> = {
  id: 'pods',
  title: 'Pods',
  aliases: ['po', 'pod', 'pods'],
  kinds: ['Pod'],
  namespaced: true,
  defaultSort: 'name',
  columns: [
    namespaceColumn<Pod>((p) => p),
    nameColumn<Pod>((p) => p),
    { id: 'ready', header: 'READY', priority: 0, value: (p) => { const s = podSummary(p); return `${s.ready}/${s.total}`; } },
    {
      id: 'status',
      header: 'STATUS',
      priority: 0,
      minWidth: 16,
      maxWidth: 26,
      value: (p) => podSummary(p).status,
      tone: (p) => { const s = podSummary(p); return podStatusTone(s.status, s.isReady); },
    },
    {
      id: 'restarts',
      header: 'RESTARTS',
      priority: 2,
      align: 'right',
      value: (p, ctx) => {
        const s = podSummary(p);
        return s.lastRestart && s.restarts > 0 ? `${s.restarts} (${age(s.lastRestart, ctx.now)} ago)` : String(s.restarts);
      },
      sortValue: (p) => podSummary(p).restarts,
      fit: fitRestarts,
    },
    ageColumn<Pod>((p) => p),
    { id: 'owner', header: 'OWNER', priority: 5, maxWidth: 40, value: (p) => { const o = controllerOf(p); return o ? `${o.kind}/${o.name}` : '<none>'; } },
    problemsColumn<Pod>((p) => p, 'Pod'),
    // kubectl get pods -o wide (printers.go podColumnDefinitions, Priority 1).
    { id: 'ip', header: 'IP', priority: 4, wide: true, value: (p) => p.status?.podIP ?? '<none>' },
    { id: 'node', header: 'NODE', priority: 4, wide: true, maxWidth: 30, value: (p) => p.spec?.nodeName ?? '<none>' },
    { id: 'nominated', header: 'NOMINATED NODE', priority: 6, wide: true, maxWidth: 30, value: (p) => p.status?.nominatedNodeName ?? '<none>' },
    { id: 'gates', header: 'READINESS GATES', priority: 6, wide: true, value: (p) => readinessGatesText(p) },
  ],
  rows: (ctx) => ctx.store.list<Pod>('Pod', ctx.namespace),
  key: (p) => `${p.metadata.namespace}/${p.metadata.name}`,
  object: (p) => p,
  detail: (p, ctx) => podDetailLines(p, ctx),
};
