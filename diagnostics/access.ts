// access/partial: what k8stui could not read, and which checks were therefore
// skipped. Forbidden is never "missing": the areas record through
// ctx.skipped() every check they could not run fully, and this check turns
// those records (plus every kind whose list was forbidden or failed) into one
// info finding per kind, so a user knows what the report does not cover.
import type { ClusterStore, KindStatus } from '../src/cluster/store.js';
import { KINDS, type KindName, kindInfo } from '../src/cluster/kinds.js';
import type { AreaChecks, CheckMeta, Finding } from './types.js';

export const checks: CheckMeta[] = [
  { id: 'access/partial', severity: 'info', area: 'access', title: 'Some kinds could not be read; the checks that need them were skipped' },
];

export interface SkipRecord {
  check: string;
  kind: string;
  why: string;
}

/** The `kubectl` resource name: services, endpointslices.discovery.k8s.io. */
export function resourceName(kind: KindName): string {
  const k = kindInfo(kind);
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

function statusText(s: KindStatus, namespace: string | undefined): string | undefined {
  switch (s.state) {
    case 'forbidden':
      return `forbidden: ${s.message}`;
    case 'error':
      return `could not be listed: ${s.message}`;
    case 'partial':
      if (namespace !== undefined && s.namespaces.includes(namespace)) return undefined;
      return `readable only in namespace${s.namespaces.length === 1 ? '' : 's'} ${s.namespaces.length ? s.namespaces.join(', ') : '(none)'}${s.message ? ` (${s.message})` : ''}`;
    case 'absent':
      return 'not present in the snapshot';
    case 'pending':
      return 'not loaded yet';
    case 'loading':
      return `still loading (${s.loaded} so far)`;
    case 'ready':
      return undefined;
  }
}

/**
 * One finding per kind that could not be read (forbidden, error, partial for
 * this scope) and per kind some check recorded as a reason for skipping.
 * Kinds merely absent from a snapshot or still loading are reported only when
 * a check actually needed them, so a snapshot without (say) ReplicaSets is
 * not noise.
 */
export function accessFindings(store: ClusterStore, namespace: string | undefined, skipped: SkipRecord[]): Finding[] {
  const byKind = new Map<string, Map<string, string>>();
  for (const s of skipped) {
    let m = byKind.get(s.kind);
    if (!m) byKind.set(s.kind, (m = new Map()));
    if (!m.has(s.check)) m.set(s.check, s.why);
  }
  const out: Finding[] = [];
  for (const k of KINDS) {
    const st = store.status(k.kind);
    const hard = st.state === 'forbidden' || st.state === 'error' || st.state === 'partial';
    const skips = byKind.get(k.kind);
    byKind.delete(k.kind);
    if (!hard && !skips) continue;
    const why = statusText(st, namespace);
    if (!why && !skips) continue;
    const res = resourceName(k.kind);
    const skippedIds = [...(skips?.keys() ?? [])].sort();
    const evidence = [`${res}: ${why ?? 'could not be used fully'}`];
    for (const id of skippedIds) evidence.push(`skipped ${id}: ${skips!.get(id)}`);
    if (skippedIds.length === 0) evidence.push('no check needed this kind in this scope');
    const scope = namespace ? `-n ${namespace}` : '-A';
    const nextSteps = [
      `kubectl auth can-i list ${res} ${scope}`,
      `kubectl auth can-i watch ${res} ${scope}`,
    ];
    if (st.state === 'absent') nextSteps.push(`Capture the snapshot again including ${res} (k8stui snapshot save), or add \`kubectl get ${res} ${scope} -o yaml\` to it`);
    else nextSteps.push(`Ask for read access (get, list, watch) to ${res}, e.g. through the built-in "view" ClusterRole; until then these checks cannot tell whether objects are missing`);
    out.push({
      check: 'access/partial',
      severity: 'info',
      object: { kind: 'Resource', name: res },
      message: `${res} ${why ?? 'could not be used fully'}${skippedIds.length ? `; skipped ${skippedIds.length} check${skippedIds.length === 1 ? '' : 's'}: ${skippedIds.join(', ')}` : ''}`,
      evidence,
      nextSteps,
    });
  }
  // Skips that name something other than a known kind (defensive: an area's own reason).
  for (const [kind, m] of byKind) {
    const ids = [...m.keys()].sort();
    out.push({
      check: 'access/partial',
      severity: 'info',
      object: { kind: 'Resource', name: kind },
      message: `${kind} could not be used; skipped ${ids.join(', ')}`,
      evidence: ids.map((id) => `skipped ${id}: ${m.get(id)}`),
      nextSteps: [`kubectl auth can-i list ${kind} ${namespace ? `-n ${namespace}` : '-A'}`],
    });
  }
  return out;
}

/** Without the other areas' skip records: only the kinds that could not be read. */
export const run: AreaChecks = (ctx) => accessFindings(ctx.store, ctx.namespace, []);
