// access/partial: what k8stui could not read, and which checks were therefore
// skipped. Forbidden is never "missing": the areas record through
// ctx.skipped() every check they could not run fully, and this check turns
// those records (plus every kind whose list was forbidden or failed) into one
// info finding per kind, so a user knows what the report does not cover and
// exactly which RBAC rule would let them see it.
//
// RBAC facts the advice rests on (kubernetes.io/docs/reference/access-authn-authz/rbac,
// "Default roles and role bindings"; plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go):
//   - the built-in `view` ClusterRole (aggregated from system:aggregate-to-view) reads
//     most namespaced objects: pods, events, services, endpointslices, PVCs, the apps/
//     (statefulsets, controllerrevisions, deployments, replicasets), batch/ (jobs,
//     cronjobs) and networking.k8s.io ingresses; it excludes Secrets on purpose.
//   - `edit` and `admin` include Secrets, with write access.
//   - none of them covers cluster-scoped kinds (nodes, persistentvolumes,
//     storageclasses, ingressclasses); those need a ClusterRole bound with a
//     ClusterRoleBinding: a RoleBinding only grants namespaced resources in its namespace.
//   - `namespaces` is in view; bound with a RoleBinding it only lets you get that one
//     namespace, listing them all needs a ClusterRoleBinding.
import type { ClusterStore, KindStatus } from '../src/cluster/store.js';
import { KINDS, type KindInfo, type KindName, kindInfo } from '../src/cluster/kinds.js';
import type { AreaChecks, CheckMeta, Finding } from './types.js';

export const checks: CheckMeta[] = [
  { id: 'access/partial', severity: 'info', area: 'access', title: 'Some kinds could not be read; names every namespace not read, the RBAC rule that would grant it, and the checks skipped' },
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

/** Kinds the built-in `view` ClusterRole grants get/list/watch on. */
const IN_VIEW = new Set<KindName>(['Pod', 'Event', 'StatefulSet', 'ControllerRevision', 'Deployment', 'ReplicaSet', 'PersistentVolumeClaim', 'Job', 'CronJob', 'Service', 'EndpointSlice', 'Ingress', 'Namespace']);

/** `{apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"]}` */
export function rbacRule(k: KindInfo): string {
  return `{apiGroups: ["${k.group}"], resources: ["${k.plural}"], verbs: ["get", "list", "watch"]}`;
}

/** Who was refused, from the API server's 403 message, as a binding's subject in words. */
function subjectText(message: string | undefined): string {
  const m = message?.match(/User "([^"]+)"/);
  if (!m) return 'your identity';
  const sa = m[1]!.match(/^system:serviceaccount:([^:]+):(.+)$/);
  return sa ? `ServiceAccount ${sa[2]} of namespace ${sa[1]}` : `user ${m[1]}`;
}

function list(xs: string[], max = 12): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;
}

interface Scope {
  /** Namespaces that were read (partial). */
  readable: string[];
  /** Namespaces known to exist that were not read; undefined when the Namespace list itself is unknown. */
  notRead?: string[];
}

function scopeOf(store: ClusterStore, k: KindInfo, s: KindStatus, namespace: string | undefined): Scope {
  if (!k.namespaced) return { readable: [] };
  const readable = s.state === 'partial' ? s.namespaces : [];
  if (namespace !== undefined) return { readable, notRead: readable.includes(namespace) ? [] : [namespace] };
  if (!store.complete('Namespace')) return { readable };
  const all = store.list('Namespace').map((n) => n.metadata.name).sort();
  return { readable, notRead: all.filter((n) => !readable.includes(n)) };
}

/** What could not be read, in words; the API server's own answer is apiAnswer's. */
function statusText(s: KindStatus, scope: Scope, namespace: string | undefined): string | undefined {
  switch (s.state) {
    case 'forbidden':
      return 'forbidden (403): not read at all';
    case 'error':
      return 'could not be listed (the API server answered with an error)';
    case 'partial': {
      if (namespace !== undefined && s.namespaces.includes(namespace)) return undefined;
      const read = `readable only in namespace${s.namespaces.length === 1 ? '' : 's'} ${s.namespaces.length ? s.namespaces.join(', ') : '(none)'}`;
      const not = scope.notRead === undefined
        ? 'other namespaces were not read (Namespaces could not be listed, so which exist is unknown)'
        : scope.notRead.length
          ? `not read in ${scope.notRead.length === 1 ? 'namespace' : `${scope.notRead.length} namespaces`}: ${list(scope.notRead)}`
          : '';
      return [read, not].filter(Boolean).join('; ');
    }
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

/** The API server's answer (its 403 or error text), for the evidence. */
function apiAnswer(s: KindStatus): string | undefined {
  if (s.state === 'forbidden' || s.state === 'error') return s.message || undefined;
  if (s.state === 'partial') return s.message || 'forbidden cluster-wide';
  return undefined;
}

/** `skipped a, b: why` for the checks that were skipped for the same reasons, one line per set of reasons. */
function skippedLines(skips: Map<string, string[]>): string[] {
  const byWhy = new Map<string, string[]>();
  for (const id of [...skips.keys()].sort()) {
    const key = JSON.stringify(skips.get(id));
    byWhy.set(key, [...(byWhy.get(key) ?? []), id]);
  }
  return [...byWhy].map(([key, ids]) => skippedLine(ids.join(', '), JSON.parse(key) as string[]));
}

/** Read-only commands to confirm, then the exact RBAC that would grant the read. */
function rbacSteps(k: KindInfo, s: KindStatus, scope: Scope, namespace: string | undefined): string[] {
  const res = resourceName(k.kind);
  const who = subjectText(s.state === 'forbidden' || s.state === 'partial' ? s.message : undefined);
  const steps: string[] = [];
  if (!k.namespaced) {
    steps.push(`kubectl auth can-i list ${res}`, `kubectl auth can-i watch ${res}`);
    steps.push(
      `fix: ${res} is cluster-scoped: it needs a ClusterRole with rule ${rbacRule(k)} bound to ${who} with a ClusterRoleBinding (a RoleBinding cannot grant it, and the built-in view, edit and admin roles do not include it)`,
    );
    return steps;
  }
  const targets = namespace !== undefined ? [namespace] : (scope.notRead ?? []);
  if (namespace === undefined) steps.push(`kubectl auth can-i list ${res} -A`);
  for (const ns of targets.slice(0, 5)) steps.push(`kubectl auth can-i list ${res} -n ${ns}`);
  if (targets.length > 5) steps.push(`note: the same for ${targets.length - 5} more namespace${targets.length - 5 === 1 ? '' : 's'}: ${list(targets.slice(5))}`);
  const where = targets.length ? `in namespace${targets.length === 1 ? '' : 's'} ${list(targets)}` : 'in each namespace to read';
  const allNs = namespace === undefined ? `; for every namespace at once (what -A lists), the same rule in a ClusterRole bound with a ClusterRoleBinding, since a cluster-wide list needs cluster-scope permission` : '';
  if (k.kind === 'Secret') {
    steps.push(
      `fix: the built-in view role excludes Secrets (edit and admin include them, with write access): a Role with rule ${rbacRule(k)} and a RoleBinding of it to ${who} ${where}${allNs}. RBAC cannot limit this to TLS Secrets: it grants reading every Secret there`,
    );
    return steps;
  }
  if (IN_VIEW.has(k.kind)) {
    steps.push(`fix: the built-in ClusterRole view includes ${res}: a RoleBinding of ClusterRole view to ${who} ${where}, or a Role with rule ${rbacRule(k)}${allNs}`);
    return steps;
  }
  steps.push(`fix: a Role with rule ${rbacRule(k)} and a RoleBinding of it to ${who} ${where}${allNs}`);
  return steps;
}

/** `skipped X: why1; why2` with the distinct reasons an area gave (one per namespace or object), capped. */
function skippedLine(id: string, whys: string[]): string {
  const shown = whys.slice(0, 6);
  return `skipped ${id}: ${shown.join('; ')}${whys.length > shown.length ? `; and ${whys.length - shown.length} more` : ''}`;
}

/**
 * One finding per kind that could not be read (forbidden, error, partial for
 * this scope) and per kind some check recorded as a reason for skipping.
 * Kinds merely absent from a snapshot or still loading are reported only when
 * a check actually needed them, so a snapshot without (say) ReplicaSets is
 * not noise.
 */
export function accessFindings(store: ClusterStore, namespace: string | undefined, skipped: SkipRecord[]): Finding[] {
  const byKind = new Map<string, Map<string, string[]>>();
  for (const s of skipped) {
    let m = byKind.get(s.kind);
    if (!m) byKind.set(s.kind, (m = new Map()));
    const whys = m.get(s.check) ?? [];
    if (!whys.includes(s.why)) whys.push(s.why);
    m.set(s.check, whys);
  }
  const out: Finding[] = [];
  for (const k of KINDS) {
    const st = store.status(k.kind);
    const hard = st.state === 'forbidden' || st.state === 'error' || st.state === 'partial';
    const skips = byKind.get(k.kind);
    byKind.delete(k.kind);
    if (!hard && !skips) continue;
    const scope = scopeOf(store, k, st, namespace);
    const why = statusText(st, scope, namespace);
    if (!why && !skips) continue;
    const res = resourceName(k.kind);
    const skippedIds = [...(skips?.keys() ?? [])].sort();
    // The message says what was not read; the evidence adds the API server's words, the rule, and what was skipped.
    const answer = apiAnswer(st);
    const evidence = answer ? [`API server: ${answer}`] : [];
    if (st.state === 'partial' || st.state === 'forbidden') evidence.push(`${k.namespaced ? 'namespaced' : 'cluster-scoped'} resource; reading it needs ${rbacRule(k)}`);
    if (skips) evidence.push(...skippedLines(skips));
    if (skippedIds.length === 0) evidence.push('no check needed this kind in this scope');
    let nextSteps: string[];
    if (st.state === 'absent') {
      const scopeFlag = k.namespaced ? (namespace ? ` -n ${namespace}` : ' -A') : '';
      nextSteps = [`fix: capture the snapshot again including ${res} (k8stui snapshot save), or add the output of kubectl get ${res}${scopeFlag} -o yaml to it`];
    } else if (st.state === 'error') {
      nextSteps = [`kubectl get ${res}${k.namespaced ? (namespace ? ` -n ${namespace}` : ' -A') : ''}`, 'note: the API server answered with an error, not a refusal: permissions would not change it'];
    } else {
      nextSteps = rbacSteps(k, st, scope, namespace);
      nextSteps.push('note: until then these checks cannot tell whether objects are missing');
    }
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
      evidence: ids.map((id) => skippedLine(id, m.get(id)!)),
      nextSteps: [`kubectl auth can-i list ${kind} ${namespace ? `-n ${namespace}` : '-A'}`],
    });
  }
  return out;
}

/** Without the other areas' skip records: only the kinds that could not be read. */
export const run: AreaChecks = (ctx) => accessFindings(ctx.store, ctx.namespace, []);
