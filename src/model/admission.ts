// Why the API server refused to create an object, read from the error text a
// controller put in its FailedCreate event:
//
//   CronJob controller: "Error creating job: %v"            (cronjob_controllerv2.go)
//   Job controller:     "Error creating: %v"                (controller_utils.go, pods)
//   event correlator:   "(combined from similar events): "  prefix on aggregated events
//   StatefulSet controller (stateful_pod_control.go, recordPodEvent / recordClaimEvent; reason FailedCreate):
//                       "create Pod <pod> in StatefulSet <set> failed error: <err>"
//                       "create Claim <claim> for Pod <pod> in StatefulSet <set> failed error: <err>"
//                       where a pod's <err> is the API error, or, when its claims could not be made first
//                       (createPersistentVolumeClaims, an errors.NewAggregate: one error as is, several as "[e1, e2]"):
//                       "failed to create PVC <claim>: <err>", "failed to retrieve PVC <claim>: <err>",
//                       "pvc <claim> is being deleted"
//
// The error texts are the API server's (k8s.io/apiserver v0.34,
// k8s.io/kubernetes v1.34):
//
//   admission.NewForbidden      `<resource>[ "<name>"] is forbidden: <reason>`  (apimachinery errors.NewForbidden)
//   ValidatingAdmissionPolicy   `ValidatingAdmissionPolicy '<policy>' with binding '<binding>' denied request: <message>`
//                               `ValidatingAdmissionPolicy '<policy>' denied request: <message>`  (policy/validating/dispatcher.go)
//   generic policy              `policy '<policy>' with binding '<binding>' denied request: <message>` (policy/generic/policy_dispatcher.go)
//   admission webhook           `admission webhook "<name>" denied the request: <message>`
//                               `admission webhook "<name>" denied the request without explanation` (webhook/errors/statuserror.go)
//   webhook call failure        `Internal error occurred: failed calling webhook "<name>": <reason>`  (util/webhook/error.go)
//   ResourceQuota               `exceeded quota: <quota>, requested: <r>, used: <u>, limited: <l>`  (resourcequota/controller.go)
//                               `insufficient quota to consume: <resources>`
//                               `failed quota: <quota>: must specify <res> for: <containers>[; <res> for: ...]`
//                               (a quota on cpu/memory makes every container set it: pkg/quota/v1/evaluator/core/pods.go)
//   ServiceAccount (pods)       `error looking up service account <ns>/<name>: serviceaccount "<name>" not found`
//                               (plugin/pkg/admission/serviceaccount; a mutating plugin, so the pod's name in the
//                               error is its generateName prefix, e.g. pods "import-")
//   LimitRange (pods, PVCs)     `maximum memory usage per Container is 1Gi, but limit is 2Gi`, `minimum ... is ..., but request is ...`,
//                               `... max limit to request ratio per ...`  (plugin/pkg/admission/limitranger/admission.go)
//   PodSecurity (pods)          `violates PodSecurity "<level>:<version>": <details>`
//   RBAC                        `User "<user>" cannot <verb> resource "<resource>" in API group "<group>" in the namespace "<ns>"`
//   validation                  `<Kind>.<group> "<name>" is invalid: <field errors>`
//   namespace lifecycle         `unable to create new content in namespace <ns> because it is being terminated`

export type CreateFailureKind =
  | 'admission-policy'
  | 'admission-webhook'
  | 'webhook-unavailable'
  | 'quota'
  | 'quota-requires'
  | 'service-account'
  | 'limit-range'
  | 'pod-security'
  | 'rbac'
  | 'invalid'
  | 'namespace-terminating'
  | 'other';

export interface CreateFailure {
  kind: CreateFailureKind;
  /** The API error text, without the controller's prefix. */
  error: string;
  /** The event was aggregated by the event correlator. */
  combined: boolean;
  /** `jobs.batch`, `pods`: what the API server refused, and the object's name when given. */
  resource?: string;
  name?: string;
  /** ValidatingAdmissionPolicy (or generic policy) and binding. */
  policy?: string;
  binding?: string;
  /** Admission webhook name (the entry in a webhook configuration, e.g. validate.kyverno.svc-fail). */
  webhook?: string;
  /** ResourceQuota name and its numbers. */
  quota?: string;
  requested?: string;
  used?: string;
  limited?: string;
  /** quota-requires: what every container must set, e.g. `limits.cpu for: main; limits.memory for: main`. */
  mustSpecify?: string;
  /** service-account: the ServiceAccount the pod names. */
  serviceAccount?: string;
  /** PodSecurity level, e.g. restricted:latest. */
  level?: string;
  /** RBAC: who was refused, and what. */
  user?: string;
  verb?: string;
  /** The refusal's own words: the policy's or webhook's message, the quota numbers, the field errors. */
  detail: string;
}

const COMBINED = '(combined from similar events): ';
const CONTROLLER_PREFIXES = ['Error creating job: ', 'Error creating: ', 'Error creating pod: '];

function stripPrefixes(message: string): { text: string; combined: boolean } | undefined {
  let text = message.trim();
  let combined = false;
  if (text.startsWith(COMBINED)) {
    combined = true;
    text = text.slice(COMBINED.length);
  }
  for (const p of CONTROLLER_PREFIXES) {
    if (text.startsWith(p)) return { text: text.slice(p.length), combined };
  }
  return undefined;
}

/**
 * The refusal in a FailedCreate event's message, or undefined when the
 * message is not a controller's "Error creating ..." text.
 */
export function parseCreateFailure(message: string | undefined): CreateFailure | undefined {
  if (!message) return undefined;
  const s = stripPrefixes(message);
  if (!s) return undefined;
  return classifyApiError(s.text, s.combined);
}

/** Classify an API server error text (what a client's err.Error() returns). */
export function classifyApiError(error: string, combined = false): CreateFailure {
  const base = { error, combined };
  let m: RegExpExecArray | null;

  // Webhook denials and call failures are not wrapped in "is forbidden".
  if ((m = /^admission webhook "([^"]*)" denied the request(?:: ([\s\S]*)| without explanation)$/.exec(error))) {
    return { ...base, kind: 'admission-webhook', webhook: m[1], detail: m[2] ?? 'without explanation' };
  }
  if ((m = /failed calling webhook "([^"]*)"(?:: ([\s\S]*)|; no further details available)/.exec(error))) {
    return { ...base, kind: 'webhook-unavailable', webhook: m[1], detail: m[2] ?? 'no further details available' };
  }
  if ((m = /^unable to create new content in namespace (\S+) because it is being terminated/.exec(error))) {
    return { ...base, kind: 'namespace-terminating', detail: error };
  }
  if ((m = /^(\S+?) "([^"]*)" is invalid: ([\s\S]*)$/.exec(error))) {
    return { ...base, kind: 'invalid', resource: m[1], name: m[2], detail: m[3]! };
  }

  let resource: string | undefined;
  let name: string | undefined;
  let reason = error;
  if ((m = /^(\S+) "([^"]*)" is forbidden: ([\s\S]*)$/.exec(error))) {
    resource = m[1];
    name = m[2];
    reason = m[3]!;
  } else if ((m = /^(\S+) is forbidden: ([\s\S]*)$/.exec(error))) {
    resource = m[1];
    reason = m[2]!;
  } else if ((m = /^forbidden: ([\s\S]*)$/.exec(error))) {
    reason = m[1]!;
  }
  const obj: Partial<CreateFailure> = {};
  if (resource !== undefined) obj.resource = resource;
  if (name !== undefined) obj.name = name;

  if ((m = /^(?:ValidatingAdmissionPolicy|policy) '([^']*)'(?: with binding '([^']*)')? denied request: ([\s\S]*)$/.exec(reason))) {
    const f: CreateFailure = { ...base, ...obj, kind: 'admission-policy', policy: m[1], detail: m[3]! };
    if (m[2] !== undefined) f.binding = m[2];
    return f;
  }
  if ((m = /^exceeded quota: ([^,]+), requested: (.*?), used: (.*?), limited: (.*)$/s.exec(reason))) {
    return { ...base, ...obj, kind: 'quota', quota: m[1], requested: m[2], used: m[3], limited: m[4], detail: reason };
  }
  if ((m = /^failed quota: ([^:]+): must specify ([\s\S]*)$/.exec(reason))) {
    return { ...base, ...obj, kind: 'quota-requires', quota: m[1], mustSpecify: m[2]!, detail: reason };
  }
  if ((m = /^error looking up service account [^/\s]+\/([^:\s]+): ([\s\S]*)$/.exec(reason))) {
    return { ...base, ...obj, kind: 'service-account', serviceAccount: m[1], detail: m[2]! };
  }
  if (/^insufficient quota to (consume|match these scopes)/.test(reason)) {
    return { ...base, ...obj, kind: 'quota', detail: reason };
  }
  if ((m = /violates PodSecurity "([^"]*)": ([\s\S]*)$/.exec(reason))) {
    return { ...base, ...obj, kind: 'pod-security', level: m[1], detail: m[2]! };
  }
  if (/(?:maximum|minimum) \S+ usage per (?:Container|Pod|PersistentVolumeClaim) is |max limit to request ratio per (?:Container|Pod) is /.test(reason)) {
    return { ...base, ...obj, kind: 'limit-range', detail: reason.replace(/^\[([\s\S]*)\]$/, '$1') };
  }
  if ((m = /^User "([^"]*)" cannot (\S+) resource "([^"]*)"/.exec(reason))) {
    return { ...base, ...obj, kind: 'rbac', user: m[1], verb: m[2], detail: reason };
  }
  return { ...base, ...obj, kind: 'other', detail: reason };
}

/** One line naming the refusal: who refused, and its words. */
export function describeCreateFailure(f: CreateFailure): string {
  switch (f.kind) {
    case 'admission-policy':
      return `ValidatingAdmissionPolicy '${f.policy}'${f.binding ? ` (binding '${f.binding}')` : ''} denies it: ${f.detail}`;
    case 'admission-webhook':
      return `admission webhook "${f.webhook}" denies it: ${f.detail}`;
    case 'webhook-unavailable':
      return `admission webhook "${f.webhook}" cannot be called: ${f.detail}`;
    case 'quota':
      return f.quota ? `ResourceQuota ${f.quota} is full: requested ${f.requested}, used ${f.used}, limited ${f.limited}` : `ResourceQuota: ${f.detail}`;
    case 'quota-requires':
      return `ResourceQuota ${f.quota} requires every container to set ${f.mustSpecify}`;
    case 'service-account':
      return `ServiceAccount ${f.serviceAccount} cannot be used: ${f.detail}`;
    case 'limit-range':
      return `a LimitRange refuses it: ${f.detail}`;
    case 'pod-security':
      return `PodSecurity "${f.level}" refuses it: ${f.detail}`;
    case 'rbac':
      return `${f.user} may not ${f.verb} it (RBAC): ${f.detail}`;
    case 'invalid':
      return `the object is invalid: ${f.detail}`;
    case 'namespace-terminating':
      return f.detail;
    default:
      return f.error;
  }
}

/** What the StatefulSet controller could not do, read from its FailedCreate event (see the header). */
export interface StatefulSetCreateFailure {
  /** The event was about the pod, or about one of its claims. */
  object: 'Pod' | 'Claim';
  pod: string;
  statefulSet: string;
  /** The claim that could not be created (or is being deleted), when the failure is a claim's. */
  claim?: string;
  /** `pvc <claim> is being deleted`: the pod waits for its old claim to be gone. */
  claimDeleting?: boolean;
  /** The API server's refusal; absent for claimDeleting. */
  failure?: CreateFailure;
  /** Further errors of the same aggregate (other claims), as the controller wrote them. */
  more: string[];
  combined: boolean;
}

const STS_EVENT = /^create (?:Pod (\S+)|Claim (\S+) for Pod (\S+)) in StatefulSet (\S+) failed error: ([\s\S]*)$/;

/** Split the controller's errors.NewAggregate text ("[a, b]" for several) at the errors it can hold. */
function splitAggregate(text: string): string[] {
  const t = text.trim();
  if (!(t.startsWith('[') && t.endsWith(']') && /^\[(?:failed to (?:create|retrieve) PVC |pvc \S+ is being deleted)/.test(t))) return [t];
  return t
    .slice(1, -1)
    .split(/, (?=failed to (?:create|retrieve) PVC \S+: |pvc \S+ is being deleted)/)
    .map((x) => x.trim());
}

/**
 * A StatefulSet controller's FailedCreate message read: which pod or claim,
 * and why the API server refused it. undefined when the message is not one.
 */
export function parseStatefulSetCreateFailure(message: string | undefined): StatefulSetCreateFailure | undefined {
  if (!message) return undefined;
  let text = message.trim();
  let combined = false;
  if (text.startsWith(COMBINED)) {
    combined = true;
    text = text.slice(COMBINED.length);
  }
  const m = STS_EVENT.exec(text);
  if (!m) return undefined;
  const out: StatefulSetCreateFailure = { object: m[1] ? 'Pod' : 'Claim', pod: (m[1] ?? m[3])!, statefulSet: m[4]!, more: [], combined };
  if (m[2]) out.claim = m[2];
  const [first, ...rest] = splitAggregate(m[5]!);
  out.more = rest;
  let err = first!;
  let c: RegExpExecArray | null;
  if ((c = /^pvc (\S+) is being deleted$/.exec(err))) {
    out.claim = c[1];
    out.claimDeleting = true;
    return out;
  }
  if ((c = /^failed to (?:create|retrieve) PVC (\S+): ([\s\S]*)$/.exec(err))) {
    out.claim = c[1];
    err = c[2]!;
  }
  out.failure = classifyApiError(err, combined);
  return out;
}
