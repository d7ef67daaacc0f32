// The compact store: per kind, only the fields the views, models and checks
// read, projected from each object as it is ingested (list pages, watch
// events, snapshot documents), so list and watch objects are never held
// whole. `y` (YAML) fetches the whole object on demand (fullObject: a GET
// through api.ts, or the snapshot document re-read from its file).
//
// How to extend: when a view, model or check starts reading a field, add it
// to its kind's shape below, with who reads it. test/unit/projection.test.ts
// runs every view (rows, columns, details, events) and the full diagnostics
// over the demo and examples/captured-cluster with whole objects wrapped in
// access-recording Proxies, and fails naming every path read that a shape
// drops.
//
// Shapes:
//   true        keep the value as it is (sanitized)
//   'i'         a string that repeats across objects (namespace, node, image,
//               reason, timestamp...): one shared copy (interned)
//   'map'       a string → string map (labels, annotations, selectors): keys
//               and values interned
//   { ... }     an object: only the fields listed
//   [shape]     an array: each item projected with shape
//   shared(s)   project with s, then share one frozen copy between all the
//               objects where it is equal (a pod's containers are the same in
//               every replica of a workload)
import type { K8sObject } from '../model/types.js';
import { sanitizeDeep, sanitizeText } from '../model/sanitize.js';
import type { KindName } from './kinds.js';

export type Shape = true | 'i' | 'map' | ObjectShape | [Shape] | Shared;
export interface ObjectShape {
  [field: string]: Shape;
}
export class Shared {
  constructor(readonly shape: Shape) {}
}
export const shared = (s: Shape): Shared => new Shared(s);

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

// ---------------------------------------------------------------------------
// Shapes

/** Every object: identity, age, ownership, labels and annotations. */
const META: ObjectShape = {
  name: true,
  namespace: 'i',
  // events.ts (an event about an earlier object of the same name), engine links
  uid: true,
  // statefulset model (stale status), diagnostics
  generation: true,
  resourceVersion: true,
  // AGE everywhere; deleting since (describe); checks' grace periods
  creationTimestamp: 'i',
  deletionTimestamp: 'i',
  // selectors (services, statefulsets), label filters (-l), describe, LABELS column
  labels: 'map',
  // describe; k8stui.dev/ignore (diagnostics config); cronjob-scheduled-timestamp (job model)
  annotations: 'map',
  // controllerOf (OWNER column, ownership in every model), describe
  ownerReferences: shared([{ apiVersion: 'i', kind: 'i', name: 'i', uid: true, controller: true, blockOwnerDeletion: true }]),
};

const CONDITION: ObjectShape = {
  type: 'i',
  status: 'i',
  reason: 'i',
  message: true,
  lastTransitionTime: 'i',
  lastProbeTime: 'i',
  lastHeartbeatTime: 'i',
  lastUpdateTime: 'i',
};

/** Generic view's STATUS column (views/generic.ts statusSummary): phase, or the Ready/Available condition. */
const GENERIC_STATUS: ObjectShape = { phase: 'i', conditions: [CONDITION] };

/** containerProbes (pods view detail, diagnostics/pod, statefulset readiness checks): kept whole, they are small. */
const PROBE: Shape = true;

const CONTAINER: ObjectShape = {
  name: 'i',
  // pods detail, image pull checks
  image: 'i',
  // probe port resolution (model/pod.ts), service targetPort resolution (model/service.ts)
  ports: [{ name: 'i', containerPort: true, protocol: 'i', hostPort: true }],
  readinessProbe: PROBE,
  livenessProbe: PROBE,
  startupProbe: PROBE,
  // native sidecars (init containers with restartPolicy Always): statefulset readiness check
  restartPolicy: 'i',
  // unschedulable pods: what the pod requests (model/pod.ts), OOMKilled: the memory limit (diagnostics/pod.ts)
  resources: { requests: 'map', limits: 'map' },
};

const CONTAINER_STATE: ObjectShape = {
  running: { startedAt: 'i' },
  waiting: { reason: 'i', message: true },
  terminated: { exitCode: true, signal: true, reason: 'i', message: true, startedAt: 'i', finishedAt: 'i' },
};

const CONTAINER_STATUS: ObjectShape = {
  // podSummary (READY, STATUS, RESTARTS), pods detail, diagnostics/pod (crash loops, image pulls, exit codes)
  name: 'i',
  ready: true,
  started: true,
  restartCount: true,
  image: 'i',
  state: CONTAINER_STATE,
  lastState: CONTAINER_STATE,
};

/** What the StatefulSet, Deployment and Job models read of a pod template. */
const POD_TEMPLATE: ObjectShape = {
  metadata: { labels: 'map', annotations: 'map' },
  spec: shared({
    containers: [CONTAINER],
    initContainers: [CONTAINER],
    restartPolicy: 'i',
  }),
};

const SELECTOR: ObjectShape = {
  matchLabels: 'map',
  matchExpressions: [{ key: 'i', operator: 'i', values: ['i'] }],
};

const LB_STATUS: ObjectShape = { ingress: [{ ip: 'i', hostname: 'i', ports: true }] };

export const SHAPES: Record<KindName, ObjectShape> = {
  // :ns view (generic), namespace list for :ns and the nsmap
  Namespace: { metadata: META, status: GENERIC_STATUS },
  // :nodes (STATUS, ROLES, VERSION, pods, pressure conditions, describe), pod NODE column,
  // unschedulable pods (taints, allocatable vs requests, zone labels)
  Node: {
    metadata: META,
    spec: { unschedulable: true, taints: true, podCIDR: 'i', providerID: true },
    status: {
      phase: 'i',
      conditions: [CONDITION],
      nodeInfo: true,
      addresses: shared([{ type: 'i', address: 'i' }]),
      capacity: 'map',
      allocatable: 'map',
    },
  },
  Pod: {
    metadata: META,
    spec: {
      // every model that looks at containers: ports, probes, images (shared between replicas)
      containers: shared([CONTAINER]),
      initContainers: shared([CONTAINER]),
      // NODE column, pods detail
      nodeName: 'i',
      // stable network identity (statefulset model: hostname.subdomain)
      hostname: true,
      subdomain: 'i',
      // PVC model (which pods mount a claim), statefulset volume checks
      volumes: shared([{ name: 'i', persistentVolumeClaim: { claimName: true, readOnly: true }, ephemeral: true }]),
      // image pull diagnostics (private registry hint)
      imagePullSecrets: shared([{ name: 'i' }]),
      restartPolicy: 'i',
      schedulerName: 'i',
      priorityClassName: 'i',
      // unschedulable pods: what the scheduler weighed (diagnostics/pod.ts, model/pod.ts)
      nodeSelector: 'map',
      affinity: shared(true),
      tolerations: shared(true),
      topologySpreadConstraints: shared(true),
      // pods view READY/describe: readiness gates (conditions the pod waits for)
      readinessGates: shared([{ conditionType: 'i' }]),
    },
    status: {
      // podSummary: STATUS (kubectl's wording), READY, RESTARTS; diagnostics/pod
      phase: 'i',
      reason: 'i',
      message: true,
      // IP column, endpoints matching (service model)
      podIP: true,
      podIPs: [{ ip: true }],
      hostIP: 'i',
      startTime: 'i',
      nominatedNodeName: 'i',
      conditions: [CONDITION],
      containerStatuses: [CONTAINER_STATUS],
      initContainerStatuses: [CONTAINER_STATUS],
      qosClass: 'i',
    },
  },
  // events.ts (e, detail views, every check that quotes events)
  Event: {
    metadata: META,
    involvedObject: { kind: 'i', namespace: 'i', name: 'i', uid: true, apiVersion: 'i', fieldPath: 'i' },
    reason: 'i',
    message: 'i',
    type: 'i',
    count: true,
    firstTimestamp: 'i',
    lastTimestamp: 'i',
    eventTime: 'i',
    series: { count: true, lastObservedTime: 'i' },
    source: { component: 'i', host: 'i' },
    reportingComponent: 'i',
    reportingInstance: 'i',
    action: 'i',
    status: true,
  },
  // model/statefulset.ts, diagnostics/statefulset.ts, :sts
  StatefulSet: {
    metadata: META,
    spec: {
      replicas: true,
      selector: SELECTOR,
      serviceName: 'i',
      podManagementPolicy: 'i',
      updateStrategy: true,
      minReadySeconds: true,
      ordinals: true,
      persistentVolumeClaimRetentionPolicy: true,
      revisionHistoryLimit: true,
      template: POD_TEMPLATE,
      volumeClaimTemplates: [
        {
          metadata: { name: 'i', labels: 'map', annotations: 'map' },
          spec: { accessModes: ['i'], resources: { requests: 'map' }, storageClassName: 'i', volumeMode: 'i' },
        },
      ],
    },
    status: {
      replicas: true,
      readyReplicas: true,
      currentReplicas: true,
      updatedReplicas: true,
      availableReplicas: true,
      currentRevision: 'i',
      updateRevision: 'i',
      observedGeneration: true,
      collisionCount: true,
      conditions: [CONDITION],
    },
  },
  // statefulset model (revision history); `data` (a whole pod template) is not read
  ControllerRevision: { metadata: META, revision: true, status: GENERIC_STATUS },
  // :deploy (generic: Available condition, READY), owner chains pod → ReplicaSet → Deployment
  Deployment: {
    metadata: META,
    spec: { replicas: true, selector: SELECTOR, strategy: true, minReadySeconds: true, paused: true, progressDeadlineSeconds: true, template: POD_TEMPLATE },
    status: {
      phase: 'i',
      replicas: true,
      readyReplicas: true,
      updatedReplicas: true,
      availableReplicas: true,
      unavailableReplicas: true,
      observedGeneration: true,
      conditions: [CONDITION],
    },
  },
  ReplicaSet: {
    metadata: META,
    spec: { replicas: true, selector: SELECTOR, minReadySeconds: true, template: POD_TEMPLATE },
    status: { phase: 'i', replicas: true, readyReplicas: true, availableReplicas: true, fullyLabeledReplicas: true, observedGeneration: true, conditions: [CONDITION] },
  },
  // model/pvc.ts, :pvc, statefulset storage checks
  PersistentVolumeClaim: {
    metadata: META,
    spec: { accessModes: ['i'], resources: { requests: 'map', limits: 'map' }, storageClassName: 'i', volumeName: true, volumeMode: 'i', selector: SELECTOR },
    status: { phase: 'i', accessModes: ['i'], capacity: 'map', conditions: [CONDITION] },
  },
  // :pv (kubectl's columns, describe: source, node affinity), PVC binding, zone conflicts of unschedulable pods.
  // Few and small: the spec is kept whole.
  PersistentVolume: {
    metadata: META,
    spec: true,
    status: { phase: 'i', reason: 'i', message: true, lastPhaseTransitionTime: 'i' },
  },
  // :sc (kubectl's columns, describe), PVC and StatefulSet storage checks. Few and small: kept whole.
  StorageClass: {
    metadata: META,
    provisioner: 'i',
    reclaimPolicy: 'i',
    volumeBindingMode: 'i',
    allowVolumeExpansion: true,
    parameters: 'map',
    mountOptions: true,
    allowedTopologies: true,
    status: true,
  },
  // model/job.ts, diagnostics/job.ts, :jobs, CronJob history
  Job: {
    metadata: META,
    spec: {
      completions: true,
      parallelism: true,
      backoffLimit: true,
      backoffLimitPerIndex: true,
      activeDeadlineSeconds: true,
      ttlSecondsAfterFinished: true,
      completionMode: 'i',
      suspend: true,
      podFailurePolicy: true,
      selector: SELECTOR,
      template: { metadata: { labels: 'map', annotations: 'map' }, spec: shared({ restartPolicy: 'i', containers: [CONTAINER], initContainers: [CONTAINER] }) },
    },
    status: {
      active: true,
      ready: true,
      succeeded: true,
      failed: true,
      terminating: true,
      startTime: 'i',
      completionTime: 'i',
      conditions: [CONDITION],
      uncountedTerminatedPods: true,
    },
  },
  // model/cronjob.ts, model/cron.ts, diagnostics/cronjob.ts, :cj
  CronJob: {
    metadata: META,
    spec: {
      schedule: 'i',
      timeZone: 'i',
      suspend: true,
      concurrencyPolicy: 'i',
      startingDeadlineSeconds: true,
      successfulJobsHistoryLimit: true,
      failedJobsHistoryLimit: true,
      // :cj detail (the Job template's containers and images), job checks
      jobTemplate: {
        metadata: { labels: 'map', annotations: 'map' },
        spec: { backoffLimit: true, activeDeadlineSeconds: true, ttlSecondsAfterFinished: true, completions: true, parallelism: true, template: { spec: shared({ restartPolicy: 'i', containers: [CONTAINER], initContainers: [CONTAINER] }) } },
      },
    },
    status: { active: [{ kind: 'i', namespace: 'i', name: true, uid: true }], lastScheduleTime: 'i', lastSuccessfulTime: 'i' },
  },
  // model/service.ts, diagnostics/service.ts, :svc, nsmap
  Service: {
    metadata: META,
    spec: {
      type: 'i',
      selector: 'map',
      clusterIP: true,
      clusterIPs: true,
      externalName: true,
      externalIPs: true,
      ports: shared([{ name: 'i', protocol: 'i', port: true, targetPort: true, nodePort: true, appProtocol: 'i' }]),
      publishNotReadyAddresses: true,
      sessionAffinity: 'i',
      externalTrafficPolicy: 'i',
      internalTrafficPolicy: 'i',
      healthCheckNodePort: true,
      loadBalancerClass: 'i',
      loadBalancerIP: true,
      loadBalancerSourceRanges: true,
      allocateLoadBalancerNodePorts: true,
      ipFamilies: ['i'],
    },
    status: { loadBalancer: LB_STATUS, conditions: [CONDITION] },
  },
  // service model (endpoints per Service, ready / not ready, target pods)
  EndpointSlice: {
    metadata: META,
    addressType: 'i',
    endpoints: [
      {
        addresses: [true],
        conditions: { ready: true, serving: true, terminating: true },
        hostname: true,
        nodeName: 'i',
        zone: 'i',
        targetRef: { kind: 'i', namespace: 'i', name: true, uid: true },
      },
    ],
    ports: shared([{ name: 'i', port: true, protocol: 'i', appProtocol: 'i' }]),
    status: true,
  },
  // model/ingress.ts, diagnostics/ingress.ts, :ing
  Ingress: {
    metadata: META,
    spec: { ingressClassName: 'i', defaultBackend: true, rules: true, tls: true },
    status: { loadBalancer: LB_STATUS },
  },
  IngressClass: { metadata: META, spec: true, status: true },
  // model/tls.ts (certificate of an Ingress's TLS secret): tls.crt only, never tls.key or any other key
  Secret: { metadata: META, type: 'i', data: { 'tls.crt': true }, status: true },
};

// ---------------------------------------------------------------------------
// Interning

/**
 * One shared copy of strings that repeat. Bounded: past the limit the table
 * starts over (strings already handed out stay valid, they are only no
 * longer shared with new ones).
 */
export class Interner {
  private strings = new Map<string, string>();
  private subtrees = new Map<string, unknown>();
  constructor(private readonly limit = 500_000) {}

  str(s: string): string {
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    const clean = sanitizeText(s);
    if (this.strings.size >= this.limit) this.strings.clear();
    this.strings.set(s, clean);
    if (clean !== s) this.strings.set(clean, clean);
    return clean;
  }

  /** One frozen copy of an equal subtree (already projected). */
  tree<T>(v: T): T {
    if (v === undefined || v === null || typeof v !== 'object') return v;
    const key = JSON.stringify(v);
    const hit = this.subtrees.get(key);
    if (hit !== undefined) return hit as T;
    if (this.subtrees.size >= this.limit / 10) this.subtrees.clear();
    deepFreeze(v);
    this.subtrees.set(key, v);
    return v;
  }

  get size(): number {
    return this.strings.size + this.subtrees.size;
  }
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v as object)) deepFreeze(x);
}

/** The interner of this thread (the worker's and the UI thread's are separate). */
export const defaultInterner = new Interner();

// ---------------------------------------------------------------------------
// Projecting

function projectValue(v: unknown, shape: Shape, it: Interner, mapOfLast = false): unknown {
  if (v === undefined) return undefined;
  // Already projected and shared (a subtree seen twice in one batch from the data thread): as it is.
  if (v !== null && typeof v === 'object' && Object.isFrozen(v)) return shape instanceof Shared ? it.tree(v) : v;
  if (shape === true) return sanitizeDeep(v);
  if (shape === 'i') return typeof v === 'string' ? it.str(v) : sanitizeDeep(v);
  if (shape === 'map') {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return sanitizeDeep(v);
    const out: Record<string, unknown> = {};
    for (const k in v as Record<string, unknown>) {
      if (mapOfLast && k === LAST_APPLIED) continue;
      const x = (v as Record<string, unknown>)[k];
      out[it.str(k)] = typeof x === 'string' ? (x.length <= 256 ? it.str(x) : sanitizeText(x)) : sanitizeDeep(x);
    }
    return out;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(v)) return sanitizeDeep(v);
    const item = shape[0];
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = projectValue(v[i], item, it);
    return out;
  }
  if (shape instanceof Shared) return it.tree(projectValue(v, shape.shape, it));
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return sanitizeDeep(v);
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in shape as ObjectShape) {
    const x = src[k];
    if (x === undefined) continue;
    out[k] = projectValue(x, (shape as ObjectShape)[k]!, it, k === 'annotations');
  }
  return out;
}

/**
 * The compact form of an object of `kind`: the fields of its shape, strings
 * interned, text made safe for a terminal (every string that is kept passes
 * through sanitize). `kind` and `apiVersion` are always kept.
 */
export function projectObject(kind: KindName, obj: K8sObject, it: Interner = defaultInterner): K8sObject {
  const out = projectValue(obj, SHAPES[kind], it) as K8sObject;
  out.kind = it.str(typeof obj.kind === 'string' && obj.kind ? obj.kind : kind);
  if (typeof obj.apiVersion === 'string') out.apiVersion = it.str(obj.apiVersion);
  if (!out.metadata) out.metadata = { name: '' };
  return out;
}

// ---------------------------------------------------------------------------
// Re-sharing on the UI thread

function reinternValue(v: unknown, shape: Shape, it: Interner): unknown {
  if (v === undefined || v === null) return v;
  if (shape === true) return v;
  if (shape === 'i') return typeof v === 'string' ? it.str(v) : v;
  if (typeof v !== 'object' || Object.isFrozen(v)) return shape instanceof Shared ? it.tree(v) : v;
  if (shape instanceof Shared) return it.tree(reinternValue(v, shape.shape, it));
  if (shape === 'map') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string' && x.length <= 256) o[k] = it.str(x);
    }
    return o;
  }
  if (Array.isArray(shape)) {
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = reinternValue(v[i], shape[0], it);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const s = (shape as ObjectShape)[k];
    if (s !== undefined) o[k] = reinternValue(o[k], s, it);
  }
  return o;
}

/**
 * An object the data thread already projected, as it arrives on the UI
 * thread (a structured clone): its repeated strings and shared subtrees are
 * made shared again, in place, without copying it.
 */
export function reinternObject(kind: KindName, obj: K8sObject, it: Interner = defaultInterner): K8sObject {
  reinternValue(obj, SHAPES[kind], it);
  if (typeof obj.kind === 'string') obj.kind = it.str(obj.kind);
  if (typeof obj.apiVersion === 'string') obj.apiVersion = it.str(obj.apiVersion);
  return obj;
}

// ---------------------------------------------------------------------------
// Checking a path against a shape (for the projection test)

/**
 * Is the path (as recorded by test/helpers/access-recorder.ts:
 * `spec.containers[].ports[].name`, `metadata.labels.*`) kept by the kind's
 * shape? `kind` and `apiVersion` always are.
 */
export function keeps(kind: KindName, path: string): boolean {
  const parts = path.match(/[^.[\]]+|\[\]/g) ?? [];
  if (parts.length === 1 && (parts[0] === 'kind' || parts[0] === 'apiVersion')) return true;
  let shape: Shape = SHAPES[kind];
  for (let i = 0; i < parts.length; ) {
    while (shape instanceof Shared) shape = shape.shape;
    const p = parts[i]!;
    if (shape === true || shape === 'map') return true;
    if (shape === 'i') return false; // a string has no fields
    if (Array.isArray(shape)) {
      if (p !== '[]') return false;
      shape = shape[0];
      i++;
      continue;
    }
    // Enumerating a shaped object's fields ({ ...obj }, Object.keys) sees the
    // kept ones; each value then read is recorded (and checked) on its own.
    if (p === '*') return i === parts.length - 1;
    if (p === '[]') return false;
    // A field name may contain dots (Secret data "tls.crt"): try the longest first.
    let found = false;
    for (let j = parts.length; j > i; j--) {
      const name = parts.slice(i, j).join('.');
      const next: Shape | undefined = (shape as ObjectShape)[name];
      if (next !== undefined) {
        shape = next;
        i = j;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
