#!/usr/bin/env node
// Generates the bundled demo cluster (examples/demo-cluster/), the snapshot
// `k8stui --demo` opens.
//
//   node scripts/gen-demo.mjs                 write the files
//   node scripts/gen-demo.mjs --check         exit 1 if the committed files differ from what this script generates
//   node scripts/gen-demo.mjs --new-certs     re-issue the demo certificates with openssl first (keys are thrown away)
//   node scripts/gen-demo.mjs --format=yaml   write multi-document YAML (kubectl -o yaml style) instead of JSON
//
// The committed demo is JSON, one `v1 List` per area as `kubectl get -o json`
// prints it: the same objects as YAML take ~0.9 s to parse on a cold start
// (the yaml package parses ~1 MB/s), JSON ~35 ms, and the demo must reach the
// screen in well under a second.
//
// Deterministic: every uid, hash, IP and time derives from the object's kind,
// namespace and name and from CAPTURED_AT, so regenerating gives the same bytes.
// Status is written as the controllers write it. examples/demo-cluster/README.md
// lists what each object plants.
//
// Layout: one section per area (cluster, statefulsets, deployments, services,
// ingresses, batch). Each section declares its scenarios as data and calls the
// shared builders (pod, statefulSet, deployment, service, endpointSlices, job,
// cronJob, event...). The objects a real cluster can produce can later be
// replaced by a capture from the local control plane (test/cluster), section by
// section, keeping the rest generated.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'examples/demo-cluster');
const CERTS = path.join(OUT, 'certs');

// ---------------------------------------------------------------------------
// Time, hashes, names
// ---------------------------------------------------------------------------

export const CAPTURED_AT = '2026-11-20T10:30:00Z';
const T = Date.parse(CAPTURED_AT);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** '2d3h4m5s' -> ms */
function dur(spec) {
  let ms = 0;
  for (const [, n, u] of spec.matchAll(/(\d+)([dhms])/g)) ms += Number(n) * { d: D, h: H, m: M, s: S }[u];
  return ms;
}
const ago = (spec) => T - dur(spec);
const at = (isoText) => Date.parse(isoText);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** metav1.MicroTime as the API server prints it. */
const micro = (ms, seed) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(num(`micro:${seed}`, 1000000)).padStart(6, '0')}Z`);

const sha = (s) => createHash('sha256').update(s).digest();
function uid(...parts) {
  const h = sha(`uid:${parts.join('/')}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
// k8s.io/apimachinery/pkg/util/rand.SafeEncodeString alphabet: no vowels, no 0/1/3.
const ALPHA = 'bcdfghjklmnpqrstvwxz2456789';
function safe(seed, n) {
  const b = sha(`safe:${seed}`);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHA[b[i] % ALPHA.length];
  return s;
}
function hex(seed, n) {
  let out = '';
  for (let i = 0; out.length < n; i++) out += sha(`hex:${seed}:${i}`).toString('hex');
  return out.slice(0, n);
}
function num(seed, mod) {
  return sha(`num:${seed}`).readUInt32BE(0) % mod;
}

/** Drop undefined values (never null: the API prints some nulls on purpose). */
function clean(v) {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = clean(x);
    return o;
  }
  return v;
}

/** RFC 3339 in a time zone, as Go's time.Format(time.RFC3339) prints it. */
function rfc3339In(ms, zone) {
  if (!zone || zone === 'Etc/UTC' || zone === 'UTC') return iso(ms);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const off = p.timeZoneName === 'GMT' ? 'Z' : p.timeZoneName.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off}`;
}

// ---------------------------------------------------------------------------
// Registry: every object, the file it goes to, and when it last changed
// (resourceVersions increase with that time, as etcd revisions do).
// ---------------------------------------------------------------------------

const registry = [];
const byKey = new Map();
const keyOf = (kind, ns, name) => `${kind}/${ns ?? ''}/${name}`;

function reg(file, obj, touched) {
  registry.push({ file, obj, touched: touched ?? Date.parse(obj.metadata.creationTimestamp) });
  const k = keyOf(obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (byKey.has(k)) throw new Error(`duplicate object ${k}`);
  byKey.set(k, obj);
  return obj;
}
function find(kind, ns, name) {
  const o = byKey.get(keyOf(kind, ns, name));
  if (!o) throw new Error(`no ${kind} ${ns}/${name}`);
  return o;
}

function meta(kind, ns, name, created, extra = {}) {
  return clean({
    name,
    namespace: ns,
    uid: uid(kind, ns ?? '', name),
    resourceVersion: '0', // assigned at the end
    creationTimestamp: iso(created),
    ...extra,
  });
}

function ownerRef(owner, { controller = true } = {}) {
  return clean({
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: controller ? true : undefined,
    blockOwnerDeletion: controller ? true : undefined,
  });
}

// ---------------------------------------------------------------------------
// Cluster: nodes, IP allocation
// ---------------------------------------------------------------------------

const NODES = [
  { name: 'node-a', ip: '10.0.1.21', zone: 'us-west-2a', cidr: '10.244.0.0/24', prefix: '10.244.0.', instance: 'i-0a4f1c2b3d5e6f708' },
  { name: 'node-b', ip: '10.0.2.34', zone: 'us-west-2b', cidr: '10.244.1.0/24', prefix: '10.244.1.', instance: 'i-0b7e2d9c4a1f3e526' },
  { name: 'node-c', ip: '10.0.3.47', zone: 'us-west-2c', cidr: '10.244.2.0/24', prefix: '10.244.2.', instance: 'i-0c3a8f6e1d2b9c704' },
];
const nodeInfo = (name) => NODES.find((n) => n.name === name);
const nextIp = new Map(NODES.map((n) => [n.name, 10]));
function podIp(node) {
  const n = nextIp.get(node);
  nextIp.set(node, n + 1 + (n % 3));
  return nodeInfo(node).prefix + n;
}
const usedClusterIps = new Set(['10.96.0.1', '10.96.0.10']);
function clusterIp(seed) {
  for (let i = 0; ; i++) {
    const h = sha(`cip:${seed}:${i}`);
    const ip = `10.96.${h[0]}.${1 + (h[1] % 254)}`;
    if (!usedClusterIps.has(ip)) {
      usedClusterIps.add(ip);
      return ip;
    }
  }
}
const usedNodePorts = new Set([31000]); // web-service asks for 31000 (design notes)
function nodePort(seed) {
  for (let i = 0; ; i++) {
    const p = 30000 + num(`np:${seed}:${i}`, 2768);
    if (!usedNodePorts.has(p)) {
      usedNodePorts.add(p);
      return p;
    }
  }
}

const CLUSTER_CREATED = at('2026-03-02T08:14:27Z');
const NODES_CREATED = at('2026-10-05T06:41:12Z');

// ---------------------------------------------------------------------------
// Pods and their templates
// ---------------------------------------------------------------------------

function probe(p) {
  if (!p) return undefined;
  const out = { failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, ...p };
  if (out.httpGet) out.httpGet = { scheme: 'HTTP', ...out.httpGet };
  return out;
}

/** A container as stored (API defaults filled in). `c` is the scenario's short form. */
function containerSpec(c, extraMounts = []) {
  const mounts = [...(c.mounts ?? []), ...extraMounts];
  return clean({
    name: c.name,
    image: c.image,
    imagePullPolicy: c.pullPolicy ?? 'IfNotPresent',
    command: c.command,
    args: c.args,
    env: c.env,
    ports: c.ports?.map((p) => clean({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })),
    readinessProbe: probe(c.readiness),
    livenessProbe: probe(c.liveness),
    resources: c.resources ?? {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: mounts.length ? mounts : undefined,
  });
}

/** spec.template of a workload. */
function podTemplate(labels, t, annotations) {
  return clean({
    metadata: { labels, annotations },
    spec: {
      containers: t.containers.map((c) => containerSpec(c)),
      dnsPolicy: 'ClusterFirst',
      restartPolicy: t.restartPolicy ?? 'Always',
      schedulerName: 'default-scheduler',
      securityContext: t.securityContext ?? {},
      terminationGracePeriodSeconds: t.grace ?? 30,
      volumes: t.volumes,
    },
  });
}

function normImage(image) {
  const [repo] = image.split(/[:@]/);
  const first = repo.split('/')[0];
  if (repo.includes('/') && (first.includes('.') || first.includes(':'))) return image;
  if (!repo.includes('/')) return `docker.io/library/${image}`;
  return `docker.io/${image}`;
}
function imageId(image) {
  const full = normImage(image);
  const repo = full.replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${hex(`image:${full}`, 64)}`;
}
const IMAGE_UID = [
  [/^nginx|^mysql|^redis|^postgres|^minio|^rabbitmq|^zookeeper|^busybox/, 0],
  [/ingress-nginx/, 101],
  [/kafka|elasticsearch/, 1000],
];
function imageUser(image) {
  for (const [re, id] of IMAGE_UID) if (re.test(image)) return id;
  return 65532; // distroless nonroot
}

function qosClass(containers) {
  const rs = containers.map((c) => c.resources ?? {});
  if (rs.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = rs.every((r) => r.limits && r.limits.cpu && r.limits.memory && (!r.requests || (r.requests.cpu === r.limits.cpu && r.requests.memory === r.limits.memory)));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function runningState(s) {
  if (s.state === 'running') return { running: { startedAt: iso(s.startedAt) } };
  if (s.state === 'waiting') return { waiting: clean({ reason: s.reason, message: s.message }) };
  return {
    terminated: clean({ containerID: s.containerID, exitCode: s.exitCode, reason: s.reason, startedAt: iso(s.startedAt), finishedAt: iso(s.finishedAt) }),
  };
}

/**
 * The phase the kubelet derives from its containers (pkg/kubelet getPhase, no init containers): a
 * container waiting that never ran keeps the pod Pending; one waiting to be restarted counts as stopped.
 * Stopped containers end the pod (Succeeded if all exited 0, else Failed) unless the restart policy
 * restarts them: Always restarts any, OnFailure the failed ones.
 */
function kubeletPhase(states, restartPolicy) {
  if (!states.length) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const st of states) {
    if (st.state === 'running') running++;
    else if (st.state === 'terminated') {
      stopped++;
      if (st.exitCode === 0) succeeded++;
    } else if (st.last) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (restartPolicy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return restartPolicy === 'OnFailure' ? 'Running' : 'Failed';
}

/**
 * A pod as the kubelet reports it.
 * o: { ns, name, generateName, labels, annotations, owner, tmpl, node, created, scheduledAt?, phase,
 *      cs: [container state per template container], readyAt?, unschedulable?: message,
 *      schedulerError?: { message, at } (PodScheduled=False reason SchedulerError: a node was chosen, then binding failed),
 *      deleting?: { at, grace }, hostname?, subdomain?, volumes?, finalizers? }
 * container state: { state: running|waiting|terminated, ready, startedAt, restarts, reason, message,
 *      exitCode, finishedAt, pulled (false: image never pulled), last: { exitCode, reason, startedAt, finishedAt } }
 */
function pod(file, o) {
  const ns = o.ns;
  const seed = `${ns}/${o.name}`;
  const kubeApi = `kube-api-access-${safe(`kapi:${seed}`, 5)}`;
  const apiMount = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: kubeApi, readOnly: true };
  const tmpl = o.tmpl;
  const created = o.created;
  const scheduledAt = o.node ? (o.scheduledAt ?? created + 1 * S) : undefined;
  // A graceful delete bumps metadata.generation (apiserver BeforeDelete); the kubelet then reports it.
  const gen = o.deleting ? 2 : 1;
  const volumes = [
    ...(o.volumes ?? tmpl.volumes ?? []),
    {
      name: kubeApi,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    },
  ];
  const spec = clean({
    containers: tmpl.containers.map((c) => containerSpec(c, [apiMount])),
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    hostname: o.hostname,
    nodeName: o.node,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: tmpl.restartPolicy ?? 'Always',
    schedulerName: 'default-scheduler',
    securityContext: tmpl.securityContext ?? {},
    serviceAccount: 'default',
    serviceAccountName: 'default',
    subdomain: o.subdomain,
    terminationGracePeriodSeconds: tmpl.grace ?? 30,
    tolerations: [
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ],
    volumes,
  });

  const phase = o.phase ?? kubeletPhase(o.cs ?? [], tmpl.restartPolicy ?? 'Always');
  const cond = (type, status, t, extra = {}) => clean({ lastProbeTime: null, lastTransitionTime: iso(t), observedGeneration: gen, status, type, ...extra });
  let conditions;
  let containerStatuses;
  let ip;
  if (!o.node) {
    conditions = [
      o.schedulerError
        ? cond('PodScheduled', 'False', o.schedulerError.at, { reason: 'SchedulerError', message: o.schedulerError.message })
        : cond('PodScheduled', 'False', created + 40, { reason: 'Unschedulable', message: o.unschedulable }),
    ];
  } else {
    ip = o.ip ?? podIp(o.node);
    const sandboxAt = scheduledAt + 2 * S;
    const states = o.cs;
    containerStatuses = tmpl.containers.map((c, i) => {
      const s = states[i];
      const never = s.pulled === false;
      const status = clean({
        containerID: never || s.state === 'waiting' && !s.restarts ? undefined : `containerd://${hex(`cid:${seed}:${c.name}:${s.restarts ?? 0}`, 64)}`,
        image: normImage(c.image),
        imageID: never ? '' : imageId(c.image),
        lastState: s.last
          ? { terminated: { containerID: `containerd://${hex(`cid:${seed}:${c.name}:${(s.restarts ?? 1) - 1}`, 64)}`, exitCode: s.last.exitCode, finishedAt: iso(s.last.finishedAt), reason: s.last.reason, startedAt: iso(s.last.startedAt) } }
          : {},
        name: c.name,
        ready: !!s.ready,
        resources: c.resources && (c.resources.requests || c.resources.limits) ? c.resources : undefined,
        restartCount: s.restarts ?? 0,
        started: s.state === 'running',
        state: runningState(s.state === 'terminated' ? { ...s, containerID: `containerd://${hex(`cid:${seed}:${c.name}:${s.restarts ?? 0}`, 64)}` } : s),
        user: never ? undefined : { linux: { gid: 0, supplementalGroups: [0], uid: imageUser(c.image) } },
        volumeMounts: [...(c.mounts ?? []), apiMount].map((m) => clean({ ...m, recursiveReadOnly: m.readOnly ? 'Disabled' : undefined })),
      });
      return status;
    });
    const allReady = phase === 'Running' && states.every((s) => s.ready);
    const unready = tmpl.containers.filter((c, i) => !states[i].ready).map((c) => c.name);
    const readyAt = o.readyAt ?? (allReady ? Math.max(...states.map((s) => s.startedAt ?? sandboxAt)) + 5 * S : sandboxAt);
    if (phase === 'Succeeded' || phase === 'Failed') {
      const end = Math.max(...states.map((s) => s.finishedAt ?? sandboxAt));
      const why = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
      conditions = [
        cond('PodReadyToStartContainers', 'False', end + 1 * S),
        cond('Initialized', 'True', scheduledAt, phase === 'Succeeded' ? { reason: 'PodCompleted' } : {}),
        cond('Ready', 'False', end, { reason: why }),
        cond('ContainersReady', 'False', end, { reason: why }),
        cond('PodScheduled', 'True', scheduledAt),
      ];
    } else {
      const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
      conditions = [
        cond('PodReadyToStartContainers', 'True', sandboxAt),
        cond('Initialized', 'True', scheduledAt),
        cond('Ready', allReady ? 'True' : 'False', readyAt, allReady ? {} : notReady),
        cond('ContainersReady', allReady ? 'True' : 'False', readyAt, allReady ? {} : notReady),
        cond('PodScheduled', 'True', scheduledAt),
      ];
    }
  }
  const node = o.node ? nodeInfo(o.node) : undefined;
  const status = clean({
    conditions,
    containerStatuses,
    hostIP: node?.ip,
    hostIPs: node ? [{ ip: node.ip }] : undefined,
    // Only the kubelet writes status.observedGeneration: a pod never bound to a node has none
    // (the scheduler sets it on its PodScheduled condition only).
    observedGeneration: o.node ? gen : undefined,
    phase: o.node ? phase : 'Pending',
    podIP: ip,
    podIPs: ip ? [{ ip }] : undefined,
    qosClass: qosClass(tmpl.containers),
    startTime: o.node ? iso(scheduledAt) : undefined,
  });
  const obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('Pod', ns, o.name, created, {
      generateName: o.generateName,
      labels: o.labels,
      annotations: o.annotations,
      ownerReferences: o.owner ? [ownerRef(o.owner)] : undefined,
      finalizers: o.finalizers,
      generation: gen,
      deletionTimestamp: o.deleting ? iso(o.deleting.at + o.deleting.grace * S) : undefined,
      deletionGracePeriodSeconds: o.deleting ? o.deleting.grace : undefined,
    }),
    spec,
    status,
  };
  return reg(file, obj, o.touched ?? Math.max(created, ...(o.cs ?? []).map((s) => Math.max(s.startedAt ?? 0, s.finishedAt ?? 0, s.changedAt ?? 0)), o.readyAt ?? 0, o.deleting?.at ?? 0));
}

// Container-state shorthands.
const running = (startedAt, extra = {}) => ({ state: 'running', ready: true, startedAt, restarts: 0, ...extra });
const notReady = (startedAt, extra = {}) => ({ state: 'running', ready: false, startedAt, restarts: 0, ...extra });
const completed = (startedAt, finishedAt) => ({ state: 'terminated', ready: false, exitCode: 0, reason: 'Completed', startedAt, finishedAt });
const errored = (startedAt, finishedAt, exitCode = 1) => ({ state: 'terminated', ready: false, exitCode, reason: 'Error', startedAt, finishedAt });

// ---------------------------------------------------------------------------
// Events (core/v1 as the legacy recorder writes them, or via events.k8s.io for the scheduler)
// ---------------------------------------------------------------------------

function involved(obj, fieldPath) {
  return clean({
    apiVersion: obj.apiVersion,
    fieldPath,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
    resourceVersion: '0', // filled once resourceVersions are assigned
    uid: obj.metadata.uid,
  });
}
function eventName(obj, first, seed) {
  const nanos = BigInt(first) * 1000000n + BigInt(num(`evn:${obj.metadata.name}:${seed}:${first}`, 999999));
  return `${obj.metadata.name}.${nanos.toString(16)}`;
}

/** An event from a component using the core/v1 recorder (kubelet, controllers). */
function event(obj, e) {
  const ns = obj.metadata.namespace ?? 'default';
  const first = e.first;
  const last = e.last ?? first;
  const name = eventName(obj, first, e.reason + e.message);
  return reg('90-events.yaml', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('Event', ns, name, first),
    count: e.count ?? 1,
    eventTime: null,
    firstTimestamp: iso(first),
    involvedObject: involved(obj, e.fieldPath),
    lastTimestamp: iso(last),
    message: e.message,
    reason: e.reason,
    reportingComponent: e.component,
    reportingInstance: e.host ?? '',
    source: clean({ component: e.component, host: e.host }),
    type: e.type ?? 'Normal',
  }, last);
}

/** An event the scheduler writes through events.k8s.io/v1, as read back through core/v1. */
function schedulerEvent(podObj, e) {
  const first = e.first;
  const last = e.last ?? first;
  const name = eventName(podObj, first, e.reason + e.message);
  return reg('90-events.yaml', clean({
    action: e.reason === 'Scheduled' ? 'Binding' : 'Scheduling',
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('Event', podObj.metadata.namespace, name, first),
    eventTime: micro(first, name),
    firstTimestamp: null,
    involvedObject: involved(podObj),
    lastTimestamp: null,
    message: e.message,
    reason: e.reason,
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler-ip-10-0-0-10',
    series: e.count > 1 ? { count: e.count, lastObservedTime: micro(last, `${name}:last`) } : undefined,
    source: {},
    type: e.type ?? 'Normal',
  }), last);
}

const kubelet = (podObj, e) => event(podObj, { component: 'kubelet', host: podObj.spec.nodeName, ...e });
/** What the kubelet records each time it (re)starts a container whose image is on the node (v1.34 wording). */
function containerStartEvents(podObj, container, image, e) {
  const fieldPath = `spec.containers{${container}}`;
  kubelet(podObj, { reason: 'Pulled', fieldPath, message: `Container image "${image}" already present on machine and can be accessed by the pod`, ...e });
  kubelet(podObj, { reason: 'Created', fieldPath, message: `Created container: ${container}`, ...e });
  kubelet(podObj, { reason: 'Started', fieldPath, message: `Started container ${container}`, ...e });
}

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

const CSI_IDENTITY = '1759646472381-7215-ebs.csi.aws.com';
const STORAGE_CLASSES = {
  standard: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' } },
  fast: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'io2', iopsPerGB: '50', encrypted: 'true' } },
};

/**
 * A PVC (and its PV when bound) as the PV controller and external-provisioner leave them.
 * o: { ns, name, labels, storageClass, size, node, created, bound (default true), owners, accessModes,
 *      selectedNode (a Pending WaitForFirstConsumer claim the scheduler chose a node for) }
 */
function pvc(o) {
  const sc = STORAGE_CLASSES[o.storageClass];
  const bound = o.bound !== false && sc;
  const accessModes = o.accessModes ?? ['ReadWriteOnce'];
  const claimUid = uid('PersistentVolumeClaim', o.ns, o.name);
  const pvName = `pvc-${claimUid}`;
  const annotations = bound
    ? {
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': sc.provisioner,
        'volume.kubernetes.io/selected-node': o.node,
        'volume.kubernetes.io/storage-provisioner': sc.provisioner,
      }
    : o.selectedNode && sc
    ? {
        'volume.beta.kubernetes.io/storage-provisioner': sc.provisioner,
        'volume.kubernetes.io/selected-node': o.selectedNode,
        'volume.kubernetes.io/storage-provisioner': sc.provisioner,
      }
    : undefined;
  const claim = reg('10-storage.yaml', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta('PersistentVolumeClaim', o.ns, o.name, o.created, {
      annotations,
      finalizers: ['kubernetes.io/pvc-protection'],
      labels: o.labels,
      ownerReferences: o.owners,
    }),
    spec: clean({
      accessModes,
      resources: { requests: { storage: o.size } },
      storageClassName: o.storageClass,
      volumeMode: 'Filesystem',
      volumeName: bound ? pvName : undefined,
    }),
    status: bound ? { accessModes, capacity: { storage: o.size }, phase: 'Bound' } : { phase: 'Pending' },
  }, o.created + 12 * S);
  if (bound) {
    const zone = nodeInfo(o.node).zone;
    const provisioned = o.created + 9 * S;
    reg('10-storage.yaml', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: meta('PersistentVolume', undefined, pvName, provisioned, {
        annotations: {
          'pv.kubernetes.io/provisioned-by': sc.provisioner,
          'volume.kubernetes.io/provisioner-deletion-secret-name': '',
          'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
        },
        finalizers: o.attached === false
          ? ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection']
          : ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection', 'external-attacher/ebs-csi-aws-com'],
      }),
      spec: {
        accessModes,
        capacity: { storage: o.size },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: o.name, namespace: o.ns, resourceVersion: '0', uid: claimUid },
        csi: {
          driver: sc.provisioner,
          fsType: 'ext4',
          volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': CSI_IDENTITY },
          volumeHandle: `vol-0${hex(`vol:${claimUid}`, 16)}`,
        },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } },
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: o.storageClass,
        volumeMode: 'Filesystem',
      },
      status: { lastPhaseTransitionTime: iso(provisioned + 1 * S), phase: 'Bound' },
    }, provisioned + 1 * S);
  }
  return claim;
}

// ---------------------------------------------------------------------------
// StatefulSets
// ---------------------------------------------------------------------------

/**
 * s: { ns, name, created, generation, replicas, serviceName, labels (pod template labels), selector?,
 *      policy (OrderedReady|Parallel), update ({type:'RollingUpdate', partition} | {type:'OnDelete'}),
 *      retention, ordinalsStart, templates: [{name, storageClass, size}], revisions: [{containers, at}],
 *      pods: [{ ordinal, rev (index into revisions), node, created, cs, readyAt, ... }], extraClaims: [ordinal],
 *      claimNodes: {ordinal: node}, claimSelectedNode: {ordinal: node} (Pending claims), status overrides }
 */
function statefulSet(s) {
  const file = '20-statefulsets.yaml';
  const selector = s.selector ?? s.labels;
  const stsUid = uid('StatefulSet', s.ns, s.name);
  const stsStub = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: s.name, uid: stsUid } };
  const vcts = (s.templates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: t.name },
    spec: clean({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: t.size } }, storageClassName: t.storageClass, volumeMode: 'Filesystem' }),
    status: { phase: 'Pending' },
  }));
  const volumes = s.templateVolumes;
  const templates = s.revisions.map((r) => podTemplate(s.labels, { containers: r.containers, volumes, grace: s.grace }));
  const revNames = s.revisions.map((r, i) => `${s.name}-${safe(`rev:${s.ns}/${s.name}:${i}`, 10)}`);
  // ControllerRevisions: the template patch the controller stores.
  s.revisions.forEach((r, i) => {
    const hash = revNames[i].slice(s.name.length + 1);
    reg(file, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: meta('ControllerRevision', s.ns, revNames[i], r.at, {
        labels: { ...s.labels, 'controller.kubernetes.io/hash': hash },
        ownerReferences: [ownerRef(stsStub)],
      }),
      data: { spec: { template: { $patch: 'replace', ...templates[i] } } },
      revision: i + 1,
    }, r.at);
  });
  const current = s.currentRevision ?? 0;
  const updateRev = s.revisions.length - 1;
  const pods = [];
  for (const p of s.pods) {
    const podName = `${s.name}-${p.ordinal}`;
    const rev = p.rev ?? updateRev;
    const labels = {
      ...s.labels,
      'apps.kubernetes.io/pod-index': String(p.ordinal),
      'controller-revision-hash': revNames[rev],
      'statefulset.kubernetes.io/pod-name': podName,
    };
    const claimVolumes = (s.templates ?? []).map((t) => ({ name: t.name, persistentVolumeClaim: { claimName: `${t.name}-${s.name}-${p.ordinal}` } }));
    pods.push(pod(file, {
      ns: s.ns,
      name: podName,
      generateName: `${s.name}-`,
      labels,
      owner: stsStub,
      tmpl: { containers: s.revisions[rev].containers, grace: s.grace },
      volumes: [...claimVolumes, ...(volumes ?? [])],
      hostname: podName,
      subdomain: s.serviceName || undefined,
      ...p,
    }));
  }
  // Claims: one per template per ordinal that ever existed.
  const claimOrdinals = [...new Set([...s.pods.map((p) => p.ordinal), ...(s.extraClaims ?? [])])].sort((a, b) => a - b);
  for (const t of s.templates ?? []) {
    for (const ord of claimOrdinals) {
      const p = s.pods.find((x) => x.ordinal === ord);
      const created = s.claimCreated?.[ord] ?? (p ? p.created - 1 * S : s.created);
      const owners = [];
      // whenDeleted: Delete makes the StatefulSet the claim's controller (pkg/controller/statefulset addControllerRef).
      if (s.retention?.whenDeleted === 'Delete') owners.push(ownerRef(stsStub));
      pvc({
        ns: s.ns,
        name: `${t.name}-${s.name}-${ord}`,
        labels: selector,
        storageClass: t.storageClass,
        size: t.size,
        node: p?.node ?? s.claimNodes?.[ord],
        created,
        bound: t.bound,
        selectedNode: s.claimSelectedNode?.[ord],
        owners: owners.length ? owners : undefined,
        attached: !!p,
      });
    }
  }
  const ready = pods.filter((p) => p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const onRev = (i) => pods.filter((p) => p.metadata.labels['controller-revision-hash'] === revNames[i]).length;
  const generation = s.generation ?? s.revisions.length;
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('StatefulSet', s.ns, s.name, s.created, { generation, labels: s.objectLabels, annotations: s.annotations }),
    spec: clean({
      minReadySeconds: s.minReadySeconds,
      ordinals: s.ordinalsStart !== undefined ? { start: s.ordinalsStart } : undefined,
      persistentVolumeClaimRetentionPolicy: s.retention ?? { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: s.policy ?? 'OrderedReady',
      replicas: s.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      serviceName: s.serviceName,
      template: templates[updateRev],
      updateStrategy: s.update?.type === 'OnDelete'
        ? { type: 'OnDelete' }
        : { rollingUpdate: clean({ maxUnavailable: s.update?.maxUnavailable, partition: s.update?.partition ?? 0 }), type: 'RollingUpdate' },
      volumeClaimTemplates: vcts.length ? vcts : undefined,
    }),
    status: clean({
      availableReplicas: s.status?.availableReplicas ?? ready,
      collisionCount: 0,
      currentReplicas: onRev(current) || undefined,
      currentRevision: revNames[current],
      observedGeneration: generation,
      readyReplicas: ready || undefined,
      replicas: pods.filter((p) => !p.metadata.deletionTimestamp).length,
      updateRevision: revNames[updateRev],
      updatedReplicas: onRev(updateRev) || undefined,
    }),
  };
  reg(file, sts, Math.max(s.created, ...registry.filter((r) => r.obj.kind === 'Pod' && r.obj.metadata.ownerReferences?.[0]?.uid === stsUid).map((r) => r.touched)));
  return { sts, pods, revNames };
}

// ---------------------------------------------------------------------------
// Deployments and ReplicaSets
// ---------------------------------------------------------------------------

/** maxSurge and maxUnavailable of the default strategy (25% each): surge rounds up, unavailable down. */
const maxSurge = (n) => Math.ceil(n * 0.25);
/**
 * A ReplicaSet's generation after it was rolled in: the first one is created at full size, a later one
 * with maxSurge pods and scaled up one step at a time (each scale bumps the generation).
 */
const rolledInGeneration = (revision, n) => (revision === 1 ? 1 : Math.max(1, Math.ceil(n / maxSurge(n))));

/**
 * d: { ns, name, created, generation, replicas, labels, historyLimit (spec.revisionHistoryLimit, default 10),
 *      history: [{ revision, containers, at, until?, replicas? (the Deployment's replicas then) }]
 *        (old ReplicaSets, scaled to 0 and kept as rollback history),
 *      rollouts: [{ containers, at, replicas, pods: [...] }], conditions (override), progressDeadlineExceeded }
 * The last rollout is the current ReplicaSet; an earlier rollout is an old ReplicaSet that still has pods.
 */
function deployment(d) {
  const file = '30-deployments.yaml';
  const depUid = uid('Deployment', d.ns, d.name);
  const depStub = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: d.name, uid: depUid } };
  const all = [];
  const rsObjs = [];
  // What the deployment controller wrote when it last scaled the ReplicaSet: the Deployment's replicas then.
  const rsAnnotations = (revision, n = d.replicas) => ({
    'deployment.kubernetes.io/desired-replicas': String(n),
    'deployment.kubernetes.io/max-replicas': String(n + maxSurge(n)),
    'deployment.kubernetes.io/revision': String(revision),
  });
  // Old ReplicaSets: scaled down to 0 by the rollout that followed them (one step per pod), kept up to
  // revisionHistoryLimit; nothing points at them but their ownerReference and revision annotation.
  const firstRevision = d.rollouts[0].revision ?? 1;
  (d.history ?? []).forEach((h, k) => {
    if (h.revision >= firstRevision) throw new Error(`${d.name}: history revision ${h.revision} is not older than the rollouts`);
    const hash = safe(`pth:${d.ns}/${d.name}:rev${h.revision}`, 10).slice(0, 9 + num(`pthl:${d.name}:rev${h.revision}`, 2));
    const rsName = `${d.name}-${hash}`;
    const labels = { ...d.labels, 'pod-template-hash': hash };
    const nextAt = d.history[k + 1]?.at ?? d.rollouts[0].at;
    const n = h.replicas ?? d.replicas;
    const until = h.until ?? nextAt + n * 15 * S;
    const generation = rolledInGeneration(h.revision, n) + n;
    reg(file, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('ReplicaSet', d.ns, rsName, h.at, {
        annotations: rsAnnotations(h.revision, n),
        generation,
        labels,
        ownerReferences: [ownerRef(depStub)],
      }),
      spec: { replicas: 0, selector: { matchLabels: labels }, template: podTemplate(labels, { containers: h.containers }) },
      status: { observedGeneration: generation, replicas: 0 },
    }, until);
  });
  d.rollouts.forEach((r, i) => {
    const hash = safe(`pth:${d.ns}/${d.name}:${i}`, 10).slice(0, 9 + (num(`pthl:${d.name}:${i}`, 2)));
    const rsName = `${d.name}-${hash}`;
    const labels = { ...d.labels, 'pod-template-hash': hash };
    const tmpl = podTemplate(labels, { containers: r.containers });
    const rsUid = uid('ReplicaSet', d.ns, rsName);
    const rsStub = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rsName, uid: rsUid } };
    const pods = (r.pods ?? []).map((p) => {
      const podName = `${rsName}-${safe(`pod:${rsName}:${p.key ?? p.node}`, 5)}`;
      return pod(file, { ns: d.ns, name: podName, generateName: `${rsName}-`, labels, owner: rsStub, tmpl: { containers: r.containers }, ...p });
    });
    all.push(...pods);
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const ready = live.filter((p) => p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    const revision = r.revision ?? i + 1;
    const generation = r.generation ?? rolledInGeneration(revision, r.replicas);
    const rs = reg(file, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('ReplicaSet', d.ns, rsName, r.at, {
        annotations: rsAnnotations(revision),
        generation,
        labels,
        ownerReferences: [ownerRef(depStub)],
      }),
      spec: { replicas: r.replicas, selector: { matchLabels: labels }, template: tmpl },
      status: clean({
        availableReplicas: ready || undefined,
        fullyLabeledReplicas: live.length || undefined,
        observedGeneration: generation,
        readyReplicas: ready || undefined,
        replicas: live.length,
        terminatingReplicas: undefined,
      }),
    }, Math.max(r.at, ...pods.map((p) => registry.find((x) => x.obj === p).touched)));
    rsObjs.push({ rs, ready, live: live.length, rsName, tmpl });
  });
  const cur = rsObjs[rsObjs.length - 1];
  const totalLive = rsObjs.reduce((n, r) => n + r.live, 0);
  const totalReady = rsObjs.reduce((n, r) => n + r.ready, 0);
  const available = totalReady;
  const generation = d.generation ?? d.rollouts.length;
  const availableOk = available >= d.replicas - Math.floor(d.replicas * 0.25);
  const lastRollout = d.rollouts[d.rollouts.length - 1];
  // With maxUnavailable 0 (fewer than 4 replicas) every pod that stops being ready costs minimum
  // availability, and every pod that becomes ready again is progress: both conditions were last
  // updated when the newest pod became ready (a node rotation, a liveness restart), not at the rollout.
  const readySince = (p) => {
    const c = p.status.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
    return c ? Date.parse(c.lastTransitionTime) : 0;
  };
  const settled = Math.max(lastRollout.at + 20 * S, ...all.filter((p) => !p.metadata.deletionTimestamp).map(readySince));
  const conditions = d.conditions ?? [
    availableOk
      ? { lastTransitionTime: iso(d.availableSince ?? settled), lastUpdateTime: iso(d.availableSince ?? settled), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' }
      : { lastTransitionTime: iso(d.unavailableSince), lastUpdateTime: iso(d.unavailableSince), message: 'Deployment does not have minimum availability.', reason: 'MinimumReplicasUnavailable', status: 'False', type: 'Available' },
    d.progressDeadlineExceeded
      ? { lastTransitionTime: iso(lastRollout.at + 600 * S + 2 * S), lastUpdateTime: iso(lastRollout.at + 600 * S + 2 * S), message: `ReplicaSet "${cur.rsName}" has timed out progressing.`, reason: 'ProgressDeadlineExceeded', status: 'False', type: 'Progressing' }
      : { lastTransitionTime: iso(lastRollout.at), lastUpdateTime: iso(settled), message: `ReplicaSet "${cur.rsName}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
  ];
  const dep = reg(file, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('Deployment', d.ns, d.name, d.created, {
      annotations: { 'deployment.kubernetes.io/revision': String(lastRollout.revision ?? d.rollouts.length) },
      generation,
      labels: d.objectLabels ?? d.labels,
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: d.replicas,
      revisionHistoryLimit: d.historyLimit ?? 10,
      selector: { matchLabels: d.labels },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: podTemplate(d.labels, { containers: lastRollout.containers }),
    },
    status: clean({
      availableReplicas: available || undefined,
      conditions,
      observedGeneration: generation,
      readyReplicas: totalReady || undefined,
      replicas: totalLive,
      unavailableReplicas: totalLive - available > 0 ? totalLive - available : undefined,
      updatedReplicas: cur.live || undefined,
    }),
  }, Math.max(d.created, ...rsObjs.map((r) => registry.find((x) => x.obj === r.rs).touched)));
  return { dep, rs: rsObjs.map((r) => r.rs), pods: all };
}

// ---------------------------------------------------------------------------
// Services and EndpointSlices
// ---------------------------------------------------------------------------

/**
 * v: { ns, name, created, type, selector, ports: [{name, port, targetPort, protocol, nodePort}], headless,
 *      externalName, annotations, labels, lbClass, lbIngress: [{hostname}|{ip}], etp, affinity }
 */
function service(v) {
  const type = v.type ?? 'ClusterIP';
  const spec = { type };
  if (type !== 'ExternalName') {
    const ip = v.headless ? 'None' : v.clusterIP ?? clusterIp(`${v.ns}/${v.name}`);
    Object.assign(spec, {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  } else {
    spec.externalName = v.externalName;
  }
  spec.ports = v.ports?.map((p) =>
    clean({
      appProtocol: p.appProtocol,
      name: p.name,
      nodePort: type === 'NodePort' || (type === 'LoadBalancer' && v.allocateNodePorts !== false) ? p.nodePort ?? nodePort(`${v.ns}/${v.name}/${p.port}`) : undefined,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      targetPort: p.targetPort ?? p.port,
    }),
  );
  if (v.selector) spec.selector = v.selector;
  spec.sessionAffinity = v.affinity ? 'ClientIP' : 'None';
  if (v.affinity) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: v.affinity } };
  if (type === 'NodePort' || type === 'LoadBalancer') spec.externalTrafficPolicy = v.etp ?? 'Cluster';
  if (type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts = true;
    if (v.lbClass) spec.loadBalancerClass = v.lbClass;
    if (v.etp === 'Local') spec.healthCheckNodePort = nodePort(`${v.ns}/${v.name}/hc`);
  }
  // The controller that owns a LoadBalancer adds its finalizer before it creates anything (so a Service
  // whose load balancer the cloud refused has it too): the cloud provider's service controller for one
  // without loadBalancerClass, the AWS Load Balancer Controller for its class; an unclaimed class has none.
  const finalizers = type !== 'LoadBalancer' ? undefined
    : !v.lbClass ? ['service.kubernetes.io/load-balancer-cleanup']
      : v.lbClass === 'service.k8s.aws/nlb' ? ['service.k8s.aws/resources'] : undefined;
  const svc = reg('40-services.yaml', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('Service', v.ns, v.name, v.created, { annotations: v.annotations, labels: v.labels, finalizers }),
    spec: clean(spec),
    status: { loadBalancer: v.lbIngress ? { ingress: v.lbIngress } : {} },
  }, v.lbAssigned ?? v.created);
  return svc;
}

function isReady(p) {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}
function matches(labels, sel) {
  return Object.entries(sel).every(([k, val]) => labels?.[k] === val);
}
function podsOf(ns, sel) {
  return registry.filter((r) => r.obj.kind === 'Pod' && r.obj.metadata.namespace === ns && matches(r.obj.metadata.labels, sel)).map((r) => r.obj);
}

/** EndpointSlices for a Service with a selector, as the endpointslice controller writes them. */
function endpointSlices(svc) {
  const ns = svc.metadata.namespace;
  const name = svc.metadata.name;
  const headless = svc.spec.clusterIP === 'None';
  const eligible = podsOf(ns, svc.spec.selector).filter((p) => p.status.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
  // Group pods by their resolved port set: one slice per distinct set.
  const groups = new Map();
  for (const p of eligible) {
    const ports = [];
    for (const sp of svc.spec.ports ?? []) {
      let number;
      if (typeof sp.targetPort === 'number') number = sp.targetPort;
      else {
        for (const c of p.spec.containers) {
          const cp = (c.ports ?? []).find((x) => x.name === sp.targetPort && (x.protocol ?? 'TCP') === sp.protocol);
          if (cp) {
            number = cp.containerPort;
            break;
          }
        }
      }
      if (number === undefined) continue; // the controller logs "Failed to find port for service" and leaves it out
      ports.push(clean({ appProtocol: sp.appProtocol, name: sp.name ?? '', port: number, protocol: sp.protocol }));
    }
    const key = JSON.stringify(ports);
    if (!groups.has(key)) groups.set(key, { ports, pods: [] });
    groups.get(key).pods.push(p);
  }
  const labels = {
    ...(svc.metadata.labels ?? {}),
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    'kubernetes.io/service-name': name,
    ...(headless ? { 'service.kubernetes.io/headless': '' } : {}),
  };
  const slices = [];
  const list = groups.size ? [...groups.values()] : [{ ports: null, pods: [] }];
  list.forEach((g, i) => {
    const sliceName = `${name}-${safe(`eps:${ns}/${name}:${i}`, 5)}`;
    const changed = g.pods.length
      ? Math.max(...g.pods.map((p) => registry.find((r) => r.obj === p).touched))
      : Date.parse(svc.metadata.creationTimestamp);
    const endpoints = g.pods.length
      ? g.pods
          .slice()
          .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
          .map((p) => {
            const terminating = !!p.metadata.deletionTimestamp;
            const ready = isReady(p);
            return clean({
              addresses: [p.status.podIP],
              conditions: { ready: ready && !terminating, serving: ready, terminating },
              hostname: p.spec.hostname && p.spec.subdomain === name ? p.spec.hostname : undefined,
              nodeName: p.spec.nodeName,
              targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
              zone: nodeInfo(p.spec.nodeName).zone,
            });
          })
      : null;
    slices.push(reg('40-services.yaml', {
      addressType: 'IPv4',
      apiVersion: 'discovery.k8s.io/v1',
      endpoints,
      kind: 'EndpointSlice',
      metadata: meta('EndpointSlice', ns, sliceName, Math.max(Date.parse(svc.metadata.creationTimestamp), g.pods.length ? Math.min(...g.pods.map((p) => Date.parse(p.metadata.creationTimestamp))) : 0) + 1 * S, {
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(changed) },
        generateName: `${name}-`,
        generation: 1 + num(`gen:${sliceName}`, 9),
        labels,
        ownerReferences: [ownerRef(svc)],
      }),
      ports: g.ports && g.ports.length ? g.ports : null,
    }, changed + 1 * S));
  });
  return slices;
}

// ---------------------------------------------------------------------------
// Jobs and CronJobs
// ---------------------------------------------------------------------------

/**
 * j: { ns, name, created, owner (CronJob obj stub), scheduledFor, zone, labels, tmpl: {containers, restartPolicy},
 *      spec: {backoffLimit, ttlSecondsAfterFinished, activeDeadlineSeconds...}, pods: [pod opts],
 *      result: 'running'|'complete'|'failed', startTime, finishedAt, failedReason }
 */
function job(j) {
  const file = '60-batch.yaml';
  const jobUid = uid('Job', j.ns, j.name);
  const jobStub = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: j.name, uid: jobUid } };
  const batchLabels = {
    'batch.kubernetes.io/controller-uid': jobUid,
    'batch.kubernetes.io/job-name': j.name,
    'controller-uid': jobUid,
    'job-name': j.name,
  };
  const podLabels = { ...(j.labels ?? {}), ...batchLabels };
  const pods = (j.pods ?? []).map((p, i) => {
    const podName = `${j.name}-${safe(`jobpod:${j.ns}/${j.name}:${i}`, 5)}`;
    const finished = (p.cs ?? []).length > 0 && p.cs.every((s) => s.state === 'terminated');
    return pod(file, {
      ns: j.ns,
      name: podName,
      generateName: `${j.name}-`,
      labels: podLabels,
      owner: jobStub,
      tmpl: j.tmpl,
      finalizers: finished ? undefined : ['batch.kubernetes.io/job-tracking'],
      ...p,
    });
  });
  const succeeded = pods.filter((p) => p.status.phase === 'Succeeded').length;
  const failed = (j.failedCount ?? 0) + pods.filter((p) => p.status.phase === 'Failed').length;
  const active = pods.filter((p) => p.status.phase === 'Running' || p.status.phase === 'Pending').length;
  const readyPods = pods.filter((p) => isReady(p)).length;
  const start = j.startTime ?? j.created + 1 * S;
  const c = (type, reason, message, t) => ({ lastProbeTime: iso(t), lastTransitionTime: iso(t), message, reason, status: 'True', type });
  let status;
  if (j.result === 'complete') {
    status = {
      completionTime: iso(j.finishedAt),
      conditions: [
        c('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', j.finishedAt - 1 * S),
        c('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', j.finishedAt),
      ],
      failed: failed || undefined,
      ready: 0,
      startTime: iso(start),
      succeeded,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  } else if (j.result === 'failed') {
    const reason = j.failedReason ?? 'BackoffLimitExceeded';
    const message = reason === 'DeadlineExceeded' ? 'Job was active longer than specified deadline' : 'Job has reached the specified backoff limit';
    status = {
      conditions: [c('FailureTarget', reason, message, j.finishedAt - 1 * S), c('Failed', reason, message, j.finishedAt)],
      failed,
      ready: 0,
      startTime: iso(start),
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  } else {
    status = { active, ready: readyPods, startTime: iso(start), terminating: 0, uncountedTerminatedPods: {}, failed: failed || undefined };
  }
  const spec = clean({
    activeDeadlineSeconds: j.spec?.activeDeadlineSeconds,
    backoffLimit: j.spec?.backoffLimit ?? 6,
    completionMode: 'NonIndexed',
    completions: j.spec?.completions ?? 1,
    parallelism: j.spec?.parallelism ?? 1,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
    suspend: false,
    template: podTemplate(podLabels, j.tmpl),
    ttlSecondsAfterFinished: j.spec?.ttlSecondsAfterFinished,
  });
  const obj = reg(file, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('Job', j.ns, j.name, j.created, {
      annotations: j.scheduledFor !== undefined ? { 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339In(j.scheduledFor, j.zone) } : undefined,
      generation: 1,
      labels: { ...batchLabels, ...(j.labels ?? {}) },
      ownerReferences: j.owner ? [ownerRef(j.owner)] : undefined,
    }),
    spec,
    status: clean(status),
  }, Math.max(j.created, j.finishedAt ?? 0, ...pods.map((p) => registry.find((r) => r.obj === p).touched)));
  return { job: obj, pods };
}

/** Name of a Job a CronJob creates for a scheduled time: minutes since the epoch. */
const cronJobName = (cj, scheduled) => `${cj}-${Math.floor(scheduled / 60000)}`;

/**
 * c: { ns, name, created, schedule, timeZone, concurrency, suspend, startingDeadlineSeconds, limits: [success, failed],
 *      tmpl, jobSpec, lastSchedule, lastSuccess, jobs: [{ scheduled, result, ... job() opts }] }
 */
function cronJob(c) {
  const file = '60-batch.yaml';
  const cjUid = uid('CronJob', c.ns, c.name);
  const stub = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: c.name, uid: cjUid } };
  const jobs = (c.jobs ?? []).map((j) =>
    job({
      ns: c.ns,
      name: cronJobName(c.name, j.scheduled),
      created: j.scheduled + (j.delay ?? 40),
      owner: stub,
      scheduledFor: j.scheduled,
      zone: c.timeZone,
      labels: c.labels,
      tmpl: c.tmpl,
      spec: c.jobSpec,
      startTime: j.scheduled + (j.delay ?? 40),
      ...j,
    }),
  );
  const active = jobs.filter((x) => !x.job.status.conditions);
  const cj = reg(file, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('CronJob', c.ns, c.name, c.created, { generation: c.generation ?? 1, labels: c.objectLabels }),
    spec: clean({
      concurrencyPolicy: c.concurrency ?? 'Allow',
      failedJobsHistoryLimit: c.limits?.[1] ?? 1,
      jobTemplate: {
        metadata: c.labels ? { labels: c.labels } : {},
        spec: clean({ ...(c.jobSpec ?? {}), template: podTemplate(c.labels, c.tmpl) }),
      },
      schedule: c.schedule,
      startingDeadlineSeconds: c.startingDeadlineSeconds,
      successfulJobsHistoryLimit: c.limits?.[0] ?? 3,
      suspend: c.suspend ?? false,
      timeZone: c.timeZone,
    }),
    status: clean({
      active: active.length
        ? active.map((x) => ({ apiVersion: 'batch/v1', kind: 'Job', name: x.job.metadata.name, namespace: c.ns, resourceVersion: '0', uid: x.job.metadata.uid }))
        : undefined,
      lastScheduleTime: c.lastSchedule !== undefined ? iso(c.lastSchedule) : undefined,
      lastSuccessfulTime: c.lastSuccess !== undefined ? iso(c.lastSuccess) : undefined,
    }),
  }, Math.max(c.created, c.lastSchedule ?? 0, c.lastSuccess ?? 0));
  return { cj, jobs };
}
const cronEvent = (cj, e) => event(cj, { component: 'cronjob-controller', ...e });
const jobEvent = (j, e) => event(j, { component: 'job-controller', ...e });

// ===========================================================================
// 01: cluster-scoped objects
// ===========================================================================

function buildCluster() {
  const file = '01-cluster.yaml';
  const namespaces = [
    ['default', CLUSTER_CREATED],
    ['kube-node-lease', CLUSTER_CREATED],
    ['kube-public', CLUSTER_CREATED],
    ['kube-system', CLUSTER_CREATED],
    ['ingress-nginx', CLUSTER_CREATED + dur('1d2h')],
    ['shop', at('2026-03-10T09:02:51Z')],
    ['batch', at('2026-04-01T13:27:05Z')],
  ];
  for (const [name, created] of namespaces) {
    reg(file, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta('Namespace', undefined, name, created, { labels: { 'kubernetes.io/metadata.name': name } }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const n of NODES) {
    const dns = `ip-${n.ip.replaceAll('.', '-')}.us-west-2.compute.internal`;
    const created = NODES_CREATED + num(`nodec:${n.name}`, 300) * S;
    const cond = (type, status, reason, message, since) => ({
      lastHeartbeatTime: iso(T - (37 + num(`hb:${n.name}`, 200)) * S),
      lastTransitionTime: iso(since),
      message,
      reason,
      status,
      type,
    });
    reg(file, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta('Node', undefined, n.name, created, {
        annotations: {
          'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'ebs.csi.aws.com': n.instance }),
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/instance-type': 'm6i.xlarge',
          'beta.kubernetes.io/os': 'linux',
          'failure-domain.beta.kubernetes.io/region': 'us-west-2',
          'failure-domain.beta.kubernetes.io/zone': n.zone,
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': n.name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': 'm6i.xlarge',
          'topology.ebs.csi.aws.com/zone': n.zone,
          'topology.kubernetes.io/region': 'us-west-2',
          'topology.kubernetes.io/zone': n.zone,
        },
      }),
      spec: { podCIDR: n.cidr, podCIDRs: [n.cidr], providerID: `aws:///${n.zone}/${n.instance}` },
      status: {
        addresses: [
          { address: n.ip, type: 'InternalIP' },
          { address: n.name, type: 'Hostname' },
          { address: dns, type: 'InternalDNS' },
        ],
        allocatable: { cpu: '3920m', 'ephemeral-storage': '76224326324', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '15349240Ki', pods: '110' },
        capacity: { cpu: '4', 'ephemeral-storage': '83873772Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '15899128Ki', pods: '110' },
        conditions: [
          cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', created + 5 * S),
          cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', created + 5 * S),
          cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', created + 5 * S),
          cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', created + 31 * S),
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        features: { supplementalGroupsPolicy: true },
        nodeInfo: {
          architecture: 'amd64',
          bootID: uid('boot', n.name),
          containerRuntimeVersion: 'containerd://2.1.4',
          kernelVersion: '6.12.46-66.121.amzn2023.x86_64',
          kubeletVersion: 'v1.34.2',
          machineID: hex(`machine:${n.name}`, 32),
          operatingSystem: 'linux',
          osImage: 'Amazon Linux 2023.9.20251110',
          systemUUID: `ec2${hex(`sysuuid:${n.name}`, 5)}-${hex(`sysuuid2:${n.name}`, 4)}-${hex(`sysuuid3:${n.name}`, 4)}-${hex(`sysuuid4:${n.name}`, 4)}-${hex(`sysuuid5:${n.name}`, 12)}`,
        },
        runtimeHandlers: [
          { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'runc' },
          { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: '' },
        ],
      },
    }, T - (37 + num(`hb:${n.name}`, 200)) * S);
  }
  // StorageClasses: `standard` is the default; `fast` is what the design notes' web StatefulSet asks for.
  reg(file, {
    allowVolumeExpansion: true,
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta('StorageClass', undefined, 'standard', CLUSTER_CREATED + dur('1h3m'), { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    parameters: STORAGE_CLASSES.standard.parameters,
    provisioner: 'ebs.csi.aws.com',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  reg(file, {
    allowVolumeExpansion: true,
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta('StorageClass', undefined, 'fast', CLUSTER_CREATED + dur('1h4m')),
    parameters: STORAGE_CLASSES.fast.parameters,
    provisioner: 'ebs.csi.aws.com',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  // IngressClasses: `nginx` (default, served by ingress-nginx) and `nginx-internal` (no controller runs for it).
  reg(file, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: meta('IngressClass', undefined, 'nginx', CLUSTER_CREATED + dur('1d2h1m'), {
      annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true', 'meta.helm.sh/release-name': 'ingress-nginx', 'meta.helm.sh/release-namespace': 'ingress-nginx' },
      generation: 1,
      labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': '1.14.0', 'helm.sh/chart': 'ingress-nginx-4.14.0' },
    }),
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  reg(file, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: meta('IngressClass', undefined, 'nginx-internal', at('2026-11-19T16:05:33Z'), { generation: 1 }),
    spec: { controller: 'k8s.io/ingress-nginx-internal' },
  });
}

// ===========================================================================
// 20: StatefulSets
// ===========================================================================

const httpProbe = (p, port, extra = {}) => ({ httpGet: { path: p, port }, ...extra });
const tcpProbe = (port, extra = {}) => ({ tcpSocket: { port }, ...extra });
const execProbe = (command, extra = {}) => ({ exec: { command }, ...extra });
const res = (cpu, memory, limits) => clean({ requests: { cpu, memory }, limits });

function buildStatefulSets() {
  // --- web (design notes): healthy, scaled 4 -> 3, www-web-3 left behind --------------------
  const webCreated = at('2026-06-14T07:21:09Z');
  const nginx = (image) => ({
    name: 'nginx',
    image,
    ports: [{ name: 'web', port: 80 }],
    readiness: httpProbe('/', 'web', { periodSeconds: 5 }),
    liveness: httpProbe('/', 'web', { initialDelaySeconds: 10 }),
    resources: res('100m', '128Mi', { memory: '256Mi' }),
    mounts: [{ mountPath: '/usr/share/nginx/html', name: 'www' }],
  });
  const webPodsCreated = at('2026-10-05T06:52:40Z');
  const web = statefulSet({
    ns: 'default', name: 'web', created: webCreated, generation: 3, replicas: 3, serviceName: 'nginx', labels: { app: 'nginx' },
    templates: [{ name: 'www', storageClass: 'fast', size: '1Gi' }],
    revisions: [{ containers: [nginx('nginx:1.27.3')], at: webCreated }],
    pods: [
      { ordinal: 0, node: 'node-a', created: webPodsCreated, cs: [running(webPodsCreated + 6 * S)] },
      { ordinal: 1, node: 'node-b', created: webPodsCreated + 14 * S, cs: [running(webPodsCreated + 20 * S)] },
      { ordinal: 2, node: 'node-c', created: webPodsCreated + 29 * S, cs: [running(webPodsCreated + 35 * S)] },
    ],
    claimCreated: { 0: webCreated + 1 * S, 1: webCreated + 15 * S, 2: webCreated + 31 * S, 3: at('2026-09-01T10:12:03Z') },
    extraClaims: [3],
    claimNodes: { 3: 'node-a' },
  });
  // PVC claims for ordinals 0..2 were created with the StatefulSet, not with today's pods.

  // --- db: serviceName names a headless Service that does not exist --------------------------
  const dbCreated = at('2026-09-02T11:40:17Z');
  const mysql = {
    name: 'mysql',
    image: 'mysql:8.4.3',
    env: [{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'mysql-root' } } }],
    ports: [{ name: 'mysql', port: 3306 }],
    readiness: execProbe(['mysqladmin', 'ping', '-h', '127.0.0.1'], { periodSeconds: 5, timeoutSeconds: 2 }),
    liveness: tcpProbe(3306, { initialDelaySeconds: 30 }),
    resources: res('500m', '1Gi', { memory: '2Gi' }),
    mounts: [{ mountPath: '/var/lib/mysql', name: 'data' }],
  };
  const dbPods = at('2026-10-05T06:53:02Z');
  statefulSet({
    ns: 'shop', name: 'db', created: dbCreated, replicas: 1, serviceName: 'db-headless', labels: { app: 'mysql' },
    templates: [{ name: 'data', storageClass: 'standard', size: '20Gi' }],
    revisions: [{ containers: [mysql], at: dbCreated }],
    pods: [
      { ordinal: 0, node: 'node-a', created: dbPods, cs: [running(dbPods + 9 * S)] },
    ],
    claimCreated: { 0: dbCreated + 1 * S },
  });

  // --- cache: canary rollout held by partition 2 ----------------------------------------------
  const cacheCreated = at('2026-07-22T15:03:44Z');
  const redis = (image) => ({
    name: 'redis',
    image,
    ports: [{ name: 'redis', port: 6379 }],
    readiness: execProbe(['redis-cli', 'ping'], { periodSeconds: 5 }),
    liveness: tcpProbe('redis', { initialDelaySeconds: 15 }),
    resources: res('200m', '512Mi', { memory: '512Mi' }),
    mounts: [{ mountPath: '/data', name: 'data' }],
  });
  const cachePods = at('2026-10-05T06:53:30Z');
  const canaryAt = ago('2h4m');
  statefulSet({
    ns: 'shop', name: 'cache', created: cacheCreated, replicas: 3, serviceName: 'cache-hs', labels: { app: 'cache' },
    update: { type: 'RollingUpdate', partition: 2 },
    retention: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    templates: [{ name: 'data', storageClass: 'standard', size: '5Gi' }],
    revisions: [{ containers: [redis('redis:7.4.1')], at: cacheCreated }, { containers: [redis('redis:7.4.2')], at: canaryAt }],
    currentRevision: 0,
    pods: [
      { ordinal: 0, rev: 0, node: 'node-b', created: cachePods, cs: [running(cachePods + 4 * S)] },
      { ordinal: 1, rev: 0, node: 'node-c', created: cachePods + 11 * S, cs: [running(cachePods + 15 * S)] },
      { ordinal: 2, rev: 1, node: 'node-a', created: canaryAt + 3 * S, cs: [running(canaryAt + 8 * S)] },
    ],
    claimCreated: { 0: cacheCreated + 1 * S, 1: cacheCreated + 12 * S, 2: cacheCreated + 24 * S },
  });

  // --- queue: Parallel, RollingUpdate; the updated ordinal 2 never became Ready ---------------
  const queueCreated = at('2026-08-11T08:30:00Z');
  const rabbit = (image) => ({
    name: 'rabbitmq',
    image,
    ports: [{ name: 'amqp', port: 5672 }, { name: 'management', port: 15672 }],
    readiness: execProbe(['rabbitmq-diagnostics', '-q', 'check_port_connectivity'], { periodSeconds: 10, timeoutSeconds: 5 }),
    liveness: execProbe(['rabbitmq-diagnostics', '-q', 'status'], { initialDelaySeconds: 60, periodSeconds: 30, timeoutSeconds: 15 }),
    resources: res('250m', '1Gi', { memory: '1Gi' }),
    mounts: [{ mountPath: '/var/lib/rabbitmq', name: 'data' }],
  });
  const queuePods = at('2026-10-05T06:54:10Z');
  const queueUpdate = ago('22m');
  const q = statefulSet({
    ns: 'shop', name: 'queue', created: queueCreated, replicas: 3, serviceName: 'queue', labels: { app: 'queue' },
    policy: 'Parallel',
    retention: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    templates: [{ name: 'data', storageClass: 'standard', size: '10Gi' }],
    revisions: [{ containers: [rabbit('rabbitmq:4.0.4-management')], at: queueCreated }, { containers: [rabbit('rabbitmq:4.0.5-management')], at: queueUpdate }],
    currentRevision: 0,
    pods: [
      { ordinal: 0, rev: 0, node: 'node-c', created: queuePods, cs: [running(queuePods + 12 * S)] },
      { ordinal: 1, rev: 0, node: 'node-a', created: queuePods, cs: [running(queuePods + 14 * S)] },
      { ordinal: 2, rev: 1, node: 'node-b', created: queueUpdate + 31 * S, cs: [notReady(queueUpdate + 36 * S)], readyAt: queueUpdate + 31 * S + 3 * S },
    ],
    claimCreated: { 0: queueCreated + 1 * S, 1: queueCreated + 1 * S, 2: queueCreated + 1 * S },
  });
  const queue2 = q.pods[2];
  event(q.sts, { component: 'statefulset-controller', reason: 'SuccessfulDelete', message: 'delete Pod queue-2 in StatefulSet queue successful', first: queueUpdate + 1 * S });
  event(q.sts, { component: 'statefulset-controller', reason: 'SuccessfulCreate', message: 'create Pod queue-2 in StatefulSet queue successful', first: queueUpdate + 31 * S });
  schedulerEvent(queue2, { reason: 'Scheduled', message: 'Successfully assigned shop/queue-2 to node-b', first: queueUpdate + 31 * S + 120 });
  kubelet(queue2, {
    reason: 'Unhealthy', type: 'Warning', fieldPath: 'spec.containers{rabbitmq}',
    message: "Readiness probe failed: Error: unable to perform an operation on node 'rabbit@queue-2.queue.shop.svc.cluster.local'. Please see diagnostics information and suggestions below.",
    count: 128, first: queueUpdate + 46 * S, last: T - 4 * S,
  });

  // --- zk: OnDelete, two pods still on the old revision; zk-hs selects app=zookeeper ----------
  const zkCreated = at('2026-05-03T12:00:41Z');
  const zk = (image) => ({
    name: 'zookeeper',
    image,
    env: [{ name: 'ZOO_4LW_COMMANDS_WHITELIST', value: 'ruok,srvr,mntr' }],
    ports: [{ name: 'client', port: 2181 }, { name: 'follower', port: 2888 }, { name: 'election', port: 3888 }],
    readiness: tcpProbe('client', { periodSeconds: 10 }),
    liveness: tcpProbe('client', { initialDelaySeconds: 20 }),
    resources: res('250m', '512Mi', { memory: '1Gi' }),
    mounts: [{ mountPath: '/data', name: 'datadir' }],
  });
  const zkPods = at('2026-10-05T06:55:02Z');
  const zkUpdate = ago('1d3h');
  const zk2 = ago('3h12m');
  statefulSet({
    ns: 'shop', name: 'zk', created: zkCreated, replicas: 3, serviceName: 'zk-hs', labels: { app: 'zk' },
    update: { type: 'OnDelete' },
    templates: [{ name: 'datadir', storageClass: 'standard', size: '10Gi' }],
    revisions: [{ containers: [zk('zookeeper:3.9.2')], at: zkCreated }, { containers: [zk('zookeeper:3.9.3')], at: zkUpdate }],
    currentRevision: 0,
    pods: [
      { ordinal: 0, rev: 0, node: 'node-a', created: zkPods, cs: [running(zkPods + 5 * S)] },
      { ordinal: 1, rev: 0, node: 'node-b', created: zkPods + 17 * S, cs: [running(zkPods + 22 * S)] },
      { ordinal: 2, rev: 1, node: 'node-c', created: zk2, cs: [running(zk2 + 7 * S)] },
    ],
    claimCreated: { 0: zkCreated + 1 * S, 1: zkCreated + 19 * S, 2: zkCreated + 40 * S },
  });

  // --- kafka: OrderedReady scale-up 1 -> 3 blocked at ordinal 1 (readiness failing) ----------
  const kafkaCreated = at('2026-10-21T09:14:55Z');
  const kafka = {
    name: 'kafka',
    image: 'apache/kafka:3.9.0',
    ports: [{ name: 'broker', port: 9092 }, { name: 'controller', port: 9093 }],
    readiness: execProbe(['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', 'localhost:9092'], { initialDelaySeconds: 20, periodSeconds: 10, timeoutSeconds: 5 }),
    liveness: tcpProbe('controller', { initialDelaySeconds: 60 }),
    resources: res('500m', '2Gi', { memory: '2Gi' }),
    mounts: [{ mountPath: '/var/lib/kafka/data', name: 'data' }],
  };
  const kafka1 = ago('1h8m');
  const k = statefulSet({
    ns: 'shop', name: 'kafka', created: kafkaCreated, generation: 2, replicas: 3, serviceName: 'kafka-hs', labels: { app: 'kafka' },
    templates: [{ name: 'data', storageClass: 'standard', size: '50Gi' }],
    revisions: [{ containers: [kafka], at: kafkaCreated }],
    pods: [
      { ordinal: 0, node: 'node-c', created: kafkaCreated + 2 * S, cs: [running(kafkaCreated + 12 * S)] },
      { ordinal: 1, node: 'node-a', created: kafka1, cs: [notReady(kafka1 + 9 * S)], readyAt: kafka1 + 9 * S },
    ],
    claimCreated: { 0: kafkaCreated + 1 * S, 1: kafka1 - 1 * S },
  });
  kubelet(k.pods[1], {
    reason: 'Unhealthy', type: 'Warning', fieldPath: 'spec.containers{kafka}',
    message: 'Readiness probe failed: Error while executing the API versions command: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listNodes',
    count: 397, first: kafka1 + 31 * S, last: T - 7 * S,
  });

  // --- es: volumeClaimTemplate names StorageClass premium-ssd, which does not exist -----------
  const esCreated = ago('50m');
  const es = {
    name: 'elasticsearch',
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.16.1',
    env: [{ name: 'discovery.type', value: 'single-node' }],
    ports: [{ name: 'http', port: 9200 }, { name: 'transport', port: 9300 }],
    readiness: httpProbe('/_cluster/health?local=true', 'http', { periodSeconds: 10, timeoutSeconds: 5 }),
    liveness: tcpProbe('transport', { initialDelaySeconds: 90 }),
    resources: res('1', '4Gi', { memory: '4Gi' }),
    mounts: [{ mountPath: '/usr/share/elasticsearch/data', name: 'data' }],
  };
  const e = statefulSet({
    ns: 'shop', name: 'es', created: esCreated, replicas: 3, serviceName: 'es-hs', labels: { app: 'es' },
    templates: [{ name: 'data', storageClass: 'premium-ssd', size: '50Gi' }],
    revisions: [{ containers: [es], at: esCreated }],
    pods: [{ ordinal: 0, node: undefined, created: esCreated + 1 * S, unschedulable: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.' }],
    claimCreated: { 0: esCreated + 1 * S },
  });
  const es0 = e.pods[0];
  const esClaim = find('PersistentVolumeClaim', 'shop', 'data-es-0');
  event(e.sts, { component: 'statefulset-controller', reason: 'SuccessfulCreate', message: 'create Claim data-es-0 Pod es-0 in StatefulSet es success', first: esCreated + 1 * S });
  event(e.sts, { component: 'statefulset-controller', reason: 'SuccessfulCreate', message: 'create Pod es-0 in StatefulSet es successful', first: esCreated + 1 * S });
  event(esClaim, { component: 'persistentvolume-controller', reason: 'ProvisioningFailed', type: 'Warning', message: 'storageclass.storage.k8s.io "premium-ssd" not found', count: 202, first: esCreated + 1 * S, last: T - 11 * S });
  schedulerEvent(es0, { reason: 'FailedScheduling', type: 'Warning', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', count: 11, first: esCreated + 1 * S + 200, last: T - dur('3m52s') });

  // --- clickhouse: the claim's volume cannot be created (EC2 refuses it), so binding times out ---
  // WaitForFirstConsumer: the scheduler chose node-b (volume.kubernetes.io/selected-node) and waits in
  // PreBind for the volume; the EBS CSI driver's CreateVolume fails at every retry, so after the
  // scheduler's 10-minute bind timeout the pod gets PodScheduled=False reason SchedulerError
  // ("running PreBind plugin \"VolumeBinding\": binding volumes: context deadline exceeded"), again at
  // every retry. Not Unschedulable: a node fits; the volume does not come.
  const chCreated = ago('55m');
  const chClaimUid = uid('PersistentVolumeClaim', 'shop', 'data-clickhouse-0');
  const clickhouse = {
    name: 'clickhouse',
    image: 'clickhouse/clickhouse-server:25.3',
    ports: [{ name: 'http', port: 8123 }, { name: 'native', port: 9000 }],
    readiness: httpProbe('/ping', 'http', { periodSeconds: 10 }),
    liveness: httpProbe('/ping', 'http', { initialDelaySeconds: 30, periodSeconds: 20 }),
    resources: res('2', '8Gi', { memory: '8Gi' }),
    mounts: [{ mountPath: '/var/lib/clickhouse', name: 'data' }],
  };
  const chBindError = 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded';
  const ch = statefulSet({
    ns: 'shop', name: 'clickhouse', created: chCreated, replicas: 1, serviceName: 'clickhouse', labels: { app: 'clickhouse' },
    templates: [{ name: 'data', storageClass: 'fast', size: '2Ti', bound: false }],
    revisions: [{ containers: [clickhouse], at: chCreated }],
    pods: [{ ordinal: 0, node: undefined, created: chCreated + 1 * S, schedulerError: { message: chBindError, at: chCreated + 1 * S + dur('10m1s') } }],
    claimCreated: { 0: chCreated + 1 * S },
    claimSelectedNode: { 0: 'node-b' },
  });
  const ch0 = ch.pods[0];
  const chClaim = find('PersistentVolumeClaim', 'shop', 'data-clickhouse-0');
  const ebsController = 'ebs.csi.aws.com_ebs-csi-controller-6d8c9b7f54-x7k2p_4c1e9a2b-7d3f-4e8a-b5c6-0f9d8e7a6b51';
  event(ch.sts, { component: 'statefulset-controller', reason: 'SuccessfulCreate', message: 'create Claim data-clickhouse-0 Pod clickhouse-0 in StatefulSet clickhouse success', first: chCreated + 1 * S });
  event(ch.sts, { component: 'statefulset-controller', reason: 'SuccessfulCreate', message: 'create Pod clickhouse-0 in StatefulSet clickhouse successful', first: chCreated + 1 * S });
  event(chClaim, { component: 'persistentvolume-controller', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding', first: chCreated + 1 * S });
  event(chClaim, {
    component: 'persistentvolume-controller', reason: 'ExternalProvisioning',
    message: "Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    count: 218, first: chCreated + 2 * S, last: T - 9 * S,
  });
  event(chClaim, { component: ebsController, reason: 'Provisioning', message: 'External provisioner is provisioning volume for claim "shop/data-clickhouse-0"', count: 14, first: chCreated + 2 * S, last: T - dur('2m40s') });
  event(chClaim, {
    component: ebsController, reason: 'ProvisioningFailed', type: 'Warning',
    message: `failed to provision volume with StorageClass "fast": rpc error: code = Internal desc = Could not create volume "pvc-${chClaimUid}": could not create volume in EC2: operation error EC2: CreateVolume, https response error StatusCode: 400, RequestID: 6f1c3b0e-2d7a-4f59-9a3e-8b4c1d2e3f50, api error VolumeLimitExceeded: You have exceeded your maximum io2 storage limit of 20 TiB in this region. Please contact AWS support to request an Elastic Block Store service limit increase.`,
    count: 14, first: chCreated + 4 * S, last: T - dur('2m38s'),
  });
  schedulerEvent(ch0, { reason: 'FailedScheduling', type: 'Warning', message: chBindError, count: 4, first: chCreated + 1 * S + dur('10m1s'), last: T - dur('6m12s') });

  // --- ledger: ordinals start at 1; its serviceName is a ClusterIP Service (not headless) ------
  const ledgerCreated = at('2026-08-30T10:00:12Z');
  const pg = {
    name: 'postgres',
    image: 'postgres:17.2',
    env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }, { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'ledger-db' } } }],
    ports: [{ name: 'postgres', port: 5432 }],
    readiness: execProbe(['pg_isready', '-U', 'postgres'], { periodSeconds: 5 }),
    resources: res('250m', '512Mi', { memory: '1Gi' }),
    mounts: [{ mountPath: '/var/lib/postgresql/data', name: 'data' }],
  };
  const ledgerPod = at('2026-10-05T06:56:20Z');
  statefulSet({
    ns: 'shop', name: 'ledger', created: ledgerCreated, replicas: 1, ordinalsStart: 1, serviceName: 'ledger', labels: { app: 'ledger' },
    templates: [{ name: 'data', storageClass: 'standard', size: '10Gi' }],
    revisions: [{ containers: [pg], at: ledgerCreated }],
    pods: [{ ordinal: 1, node: 'node-b', created: ledgerPod, cs: [running(ledgerPod + 6 * S)] }],
    claimCreated: { 1: ledgerCreated + 1 * S },
  });

  // --- minio (default namespace): no serviceName, no probes ------------------------------------
  const minioCreated = at('2026-07-01T14:44:30Z');
  const minioPod = at('2026-10-05T06:57:01Z');
  statefulSet({
    ns: 'default', name: 'minio', created: minioCreated, replicas: 1, serviceName: '', labels: { app: 'minio' },
    templates: [{ name: 'export', storageClass: 'standard', size: '100Gi' }],
    revisions: [{
      containers: [{
        name: 'minio', image: 'minio/minio:RELEASE.2025-09-07T16-13-09Z', args: ['server', '/export', '--console-address', ':9001'],
        ports: [{ name: 'api', port: 9000 }, { name: 'console', port: 9001 }],
        resources: res('250m', '1Gi'),
        mounts: [{ mountPath: '/export', name: 'export' }],
      }],
      at: minioCreated,
    }],
    pods: [{ ordinal: 0, node: 'node-c', created: minioPod, cs: [running(minioPod + 3 * S)] }],
    claimCreated: { 0: minioCreated + 1 * S },
  });
  void web;
}

// ===========================================================================
// 30: Deployments
// ===========================================================================

function buildDeployments() {
  const rolled = at('2026-10-05T06:50:00Z'); // the node rotation recreated every pod
  const at1 = (k) => rolled + num(`roll:${k}`, 600) * S;

  // web-frontend (pods app=web, behind the design notes' web-service, my-web-service, web-https)
  const webFe = (image) => ({
    name: 'nginx', image,
    ports: [{ name: 'http', port: 80 }],
    readiness: httpProbe('/healthz', 'http', { periodSeconds: 5 }),
    liveness: httpProbe('/healthz', 'http', { initialDelaySeconds: 10 }),
    resources: res('100m', '64Mi', { memory: '128Mi' }),
  });
  const feAt = at('2026-11-12T14:20:31Z');
  const scaledDown = T - 9 * S;
  const fe = deployment({
    ns: 'shop', name: 'web-frontend', created: at('2026-05-20T10:05:44Z'), generation: 9, replicas: 3, labels: { app: 'web' },
    // Ran 4 replicas through its last three rollouts; revisionHistoryLimit 2 keeps revisions 2 and 3.
    historyLimit: 2,
    history: [
      { revision: 2, containers: [webFe('nginx:1.27.1-alpine')], at: at('2026-08-19T09:12:03Z'), replicas: 4 },
      { revision: 3, containers: [webFe('nginx:1.27.2-alpine')], at: at('2026-10-21T13:40:22Z'), replicas: 4 },
    ],
    rollouts: [{
      // rolled in at 4 replicas (generation 4), scaled to 3 just now (5)
      containers: [webFe('nginx:1.27.3-alpine')], at: feAt, revision: 4, replicas: 3, generation: 5,
      pods: [
        { key: 1, node: 'node-a', created: feAt + 2 * S, cs: [running(feAt + 4 * S)] },
        { key: 2, node: 'node-b', created: feAt + 2 * S, cs: [running(feAt + 5 * S)] },
        { key: 3, node: 'node-c', created: feAt + 14 * S, cs: [running(feAt + 17 * S)] },
        { key: 4, node: 'node-b', created: feAt + 14 * S, cs: [running(feAt + 18 * S)], deleting: { at: scaledDown, grace: 30 } },
      ],
    }],
  });
  const term = fe.pods[3];
  event(fe.dep, { component: 'deployment-controller', reason: 'ScalingReplicaSet', message: `Scaled down replica set ${fe.rs[0].metadata.name} from 4 to 3`, first: scaledDown - 1 * S });
  event(fe.rs[0], { component: 'replicaset-controller', reason: 'SuccessfulDelete', message: `Deleted pod: ${term.metadata.name}`, first: scaledDown });
  kubelet(term, { reason: 'Killing', message: 'Stopping container nginx', fieldPath: 'spec.containers{nginx}', first: scaledDown + 1 * S });

  // api (behind api-service, legacy-api, my-ingress /api)
  const api = { name: 'api', image: 'registry.example.com/shop/api:3.14.2', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/readyz', 'http'), liveness: httpProbe('/healthz', 'http', { initialDelaySeconds: 15 }), resources: res('250m', '256Mi', { memory: '512Mi' }) };
  deployment({
    ns: 'shop', name: 'api', created: at('2026-04-11T08:31:02Z'), generation: 14, replicas: 2, labels: { app: 'api' },
    historyLimit: 2,
    history: [
      { revision: 10, containers: [{ ...api, image: 'registry.example.com/shop/api:3.13.0' }], at: at('2026-11-04T10:02:11Z') },
      { revision: 11, containers: [{ ...api, image: 'registry.example.com/shop/api:3.14.1' }], at: at('2026-11-12T08:47:30Z') },
    ],
    rollouts: [{ containers: [api], at: at('2026-11-18T09:10:44Z'), revision: 12, replicas: 2, pods: [
      { key: 1, node: 'node-a', created: at('2026-11-18T09:10:45Z'), cs: [running(at('2026-11-18T09:10:48Z'))] },
      { key: 2, node: 'node-b', created: at('2026-11-18T09:11:02Z'), cs: [running(at('2026-11-18T09:11:05Z'))] },
    ] }],
  });

  // static (behind static-service)
  const stat = { name: 'nginx', image: 'nginx:1.27.3-alpine', ports: [{ name: 'http', port: 80 }], readiness: httpProbe('/', 'http'), liveness: httpProbe('/', 'http'), resources: res('50m', '32Mi', { memory: '64Mi' }) };
  deployment({
    ns: 'shop', name: 'static', created: at('2026-04-11T08:35:40Z'), replicas: 2, labels: { app: 'static' },
    rollouts: [{ containers: [stat], at: at('2026-04-11T08:35:40Z'), replicas: 2, pods: [
      { key: 1, node: 'node-b', created: at1('static1'), cs: [running(at1('static1') + 3 * S)] },
      { key: 2, node: 'node-c', created: at1('static2'), cs: [running(at1('static2') + 3 * S)] },
    ] }],
  });

  // cart: one of three pods fails its readiness probe with 503
  const cart = { name: 'cart', image: 'registry.example.com/shop/cart:2.8.0', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/ready', 'http'), liveness: httpProbe('/live', 'http', { initialDelaySeconds: 20 }), resources: res('200m', '256Mi', { memory: '512Mi' }) };
  const cartAt = at('2026-11-16T13:02:19Z');
  const cartFail = ago('35m');
  const c = deployment({
    ns: 'shop', name: 'cart', created: at('2026-03-18T16:22:05Z'), generation: 7, replicas: 3, labels: { app: 'cart' },
    historyLimit: 1,
    history: [{ revision: 5, containers: [{ ...cart, image: 'registry.example.com/shop/cart:2.7.3' }], at: at('2026-10-28T15:10:00Z') }],
    unavailableSince: cartFail,
    rollouts: [{ containers: [cart], at: cartAt, revision: 6, replicas: 3, pods: [
      { key: 1, node: 'node-a', created: cartAt + 1 * S, cs: [running(cartAt + 4 * S)] },
      { key: 2, node: 'node-b', created: cartAt + 1 * S, cs: [running(cartAt + 4 * S)] },
      { key: 3, node: 'node-c', created: cartAt + 16 * S, cs: [notReady(cartAt + 19 * S, { changedAt: cartFail })], readyAt: cartFail },
    ] }],
  });
  kubelet(c.pods[2], { reason: 'Unhealthy', type: 'Warning', fieldPath: 'spec.containers{cart}', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 209, first: cartFail - 20 * S, last: T - 3 * S });

  // orders: both pods in CrashLoopBackOff (exit code 1): no ready endpoint behind Service orders
  const orders = { name: 'orders', image: 'registry.example.com/shop/orders:5.2.0', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/ready', 'http'), liveness: httpProbe('/live', 'http', { initialDelaySeconds: 20 }), resources: res('200m', '256Mi', { memory: '512Mi' }) };
  const ordersAt = at('2026-11-11T10:40:03Z');
  const broke = ago('2h10m');
  const crash = (restarts, lastStart, lastEnd) => ({
    state: 'waiting', ready: false, restarts, reason: 'CrashLoopBackOff',
    message: 'back-off 5m0s restarting failed container=orders pod=', // completed below with the pod name
    last: { exitCode: 1, reason: 'Error', startedAt: lastStart, finishedAt: lastEnd },
    changedAt: lastEnd,
  });
  const o = deployment({
    ns: 'shop', name: 'orders', created: at('2026-03-18T16:25:41Z'), generation: 9, replicas: 2, labels: { app: 'orders' },
    historyLimit: 1,
    history: [{ revision: 7, containers: [{ ...orders, image: 'registry.example.com/shop/orders:5.1.4' }], at: at('2026-10-30T09:20:00Z') }],
    rollouts: [{ containers: [orders], at: ordersAt, revision: 8, replicas: 2, pods: [
      { key: 1, node: 'node-a', created: ordersAt + 1 * S, cs: [crash(26, T - dur('2m41s'), T - dur('2m38s'))], readyAt: broke },
      { key: 2, node: 'node-c', created: ordersAt + 12 * S, cs: [crash(26, T - dur('4m2s'), T - dur('3m59s'))], readyAt: broke + 20 * S },
    ] }],
    unavailableSince: broke + 25 * S,
  });
  o.pods.forEach((p, k) => {
    const cs = p.status.containerStatuses[0];
    cs.state.waiting.message = `back-off 5m0s restarting failed container=orders pod=${p.metadata.name}_shop(${p.metadata.uid})`;
    // every restart since it broke: the image is on the node, the container is created and started, and exits
    containerStartEvents(p, 'orders', orders.image, { count: cs.restartCount, first: broke + (10 + 20 * k) * S, last: Date.parse(cs.lastState.terminated.startedAt) });
    kubelet(p, { reason: 'BackOff', type: 'Warning', fieldPath: 'spec.containers{orders}', message: `Back-off restarting failed container orders in pod ${p.metadata.name}_shop(${p.metadata.uid})`, count: 574, first: broke + 30 * S, last: T - 12 * S });
  });

  // inventory: liveness probe kills the container every ~30 min
  const inv = { name: 'inventory', image: 'registry.example.com/shop/inventory:1.9.4', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/ready', 'http'), liveness: httpProbe('/healthz', 'http', { initialDelaySeconds: 10, timeoutSeconds: 1 }), resources: res('200m', '256Mi', { memory: '384Mi' }) };
  const invAt = at('2026-11-19T17:44:12Z');
  const lastKill = ago('9m'); // restarted 9 minutes ago, and the probe is failing again in this run
  const i = deployment({
    ns: 'shop', name: 'inventory', created: at('2026-03-18T16:30:07Z'), generation: 5, replicas: 1, labels: { app: 'inventory' },
    historyLimit: 1,
    history: [{ revision: 4, containers: [{ ...inv, image: 'registry.example.com/shop/inventory:1.9.3' }], at: at('2026-11-03T11:05:00Z') }],
    rollouts: [{ containers: [inv], at: invAt, revision: 5, replicas: 1, pods: [
      { key: 1, node: 'node-b', created: invAt + 1 * S, cs: [running(lastKill + 2 * S, { restarts: 4, last: { exitCode: 137, reason: 'Error', startedAt: ago('41m'), finishedAt: lastKill + 1 * S } })], readyAt: lastKill + 14 * S },
    ] }],
  });
  kubelet(i.pods[0], { reason: 'Unhealthy', type: 'Warning', fieldPath: 'spec.containers{inventory}', message: 'Liveness probe failed: Get "http://' + i.pods[0].status.podIP + ':8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', count: 14, first: ago('1h52m'), last: T - 8 * S });
  kubelet(i.pods[0], { reason: 'Killing', fieldPath: 'spec.containers{inventory}', message: 'Container inventory failed liveness probe, will be restarted', count: 4, first: ago('1h51m'), last: lastKill });
  containerStartEvents(i.pods[0], 'inventory', inv.image, { count: 4, first: ago('1h51m') + 32 * S, last: lastKill + 2 * S });

  // search: the new ReplicaSet's pod cannot pull its image; the new image also renamed port http to 9090
  const searchOld = { name: 'search', image: 'registry.example.com/shop/search:4.0.3', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/ready', 'http'), liveness: httpProbe('/live', 'http'), resources: res('250m', '512Mi', { memory: '1Gi' }) };
  const searchNew = { ...searchOld, image: 'registry.example.com/shop/search:4.1.0', ports: [{ name: 'http', port: 9090 }] };
  const newAt = ago('35m');
  const s = deployment({
    ns: 'shop', name: 'search', created: at('2026-06-02T12:12:12Z'), generation: 6, replicas: 1, labels: { app: 'search' },
    progressDeadlineExceeded: true,
    // revisionHistoryLimit 1: revision 3 was the one old ReplicaSet kept while revision 4 was current; the
    // controller trims history only once a rollout completes, so it is still there next to 4 and 5.
    historyLimit: 1,
    history: [{ revision: 3, containers: [{ ...searchOld, image: 'registry.example.com/shop/search:4.0.2' }], at: at('2026-08-25T10:00:00Z') }],
    rollouts: [
      { containers: [searchOld], at: at('2026-10-01T08:00:10Z'), revision: 4, replicas: 1, generation: 2, pods: [{ key: 1, node: 'node-a', created: at1('search'), cs: [running(at1('search') + 6 * S)] }] },
      { containers: [searchNew], at: newAt, revision: 5, replicas: 1, pods: [{ key: 1, node: 'node-b', created: newAt + 1 * S, cs: [{ state: 'waiting', ready: false, restarts: 0, pulled: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/shop/search:4.1.0": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/search:4.1.0": failed to resolve reference "registry.example.com/shop/search:4.1.0": registry.example.com/shop/search:4.1.0: not found', changedAt: T - 40 * S }], readyAt: newAt + 3 * S }] },
    ],
    availableSince: at('2026-10-05T06:58:00Z'),
  });
  const sp = s.pods[1];
  event(s.dep, { component: 'deployment-controller', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${s.rs[1].metadata.name} from 0 to 1`, first: newAt });
  event(s.rs[1], { component: 'replicaset-controller', reason: 'SuccessfulCreate', message: `Created pod: ${sp.metadata.name}`, first: newAt + 1 * S });
  schedulerEvent(sp, { reason: 'Scheduled', message: `Successfully assigned shop/${sp.metadata.name} to node-b`, first: newAt + 1 * S + 150 });
  kubelet(sp, { reason: 'Pulling', fieldPath: 'spec.containers{search}', message: 'Pulling image "registry.example.com/shop/search:4.1.0"', count: 8, first: newAt + 3 * S, last: ago('5m10s') });
  kubelet(sp, { reason: 'Failed', type: 'Warning', fieldPath: 'spec.containers{search}', message: 'Failed to pull image "registry.example.com/shop/search:4.1.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/search:4.1.0": failed to resolve reference "registry.example.com/shop/search:4.1.0": registry.example.com/shop/search:4.1.0: not found', count: 8, first: newAt + 4 * S, last: ago('5m9s') });
  kubelet(sp, { reason: 'Failed', type: 'Warning', fieldPath: 'spec.containers{search}', message: 'Error: ErrImagePull', count: 8, first: newAt + 4 * S, last: ago('5m9s') });
  kubelet(sp, { reason: 'BackOff', fieldPath: 'spec.containers{search}', message: 'Back-off pulling image "registry.example.com/shop/search:4.1.0"', count: 141, first: newAt + 5 * S, last: T - 6 * S });
  kubelet(sp, { reason: 'Failed', type: 'Warning', fieldPath: 'spec.containers{search}', message: 'Error: ImagePullBackOff', count: 141, first: newAt + 5 * S, last: T - 6 * S });

  // notifications: readinessProbe on named port "health", which the container does not declare
  const notif = { name: 'notifications', image: 'registry.example.com/shop/notifications:0.7.1', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/health', 'health'), liveness: tcpProbe('http', { initialDelaySeconds: 15 }), resources: res('100m', '128Mi', { memory: '256Mi' }) };
  const notifAt = ago('3h2m');
  const n = deployment({
    ns: 'shop', name: 'notifications', created: ago('3h2m'), replicas: 1, labels: { app: 'notifications' },
    conditions: [
      { lastTransitionTime: iso(notifAt + 1 * S), lastUpdateTime: iso(notifAt + 1 * S), message: 'Deployment does not have minimum availability.', reason: 'MinimumReplicasUnavailable', status: 'False', type: 'Available' },
      { lastTransitionTime: iso(notifAt + 600 * S + 1 * S), lastUpdateTime: iso(notifAt + 600 * S + 1 * S), message: 'ReplicaSet "' + 'X' + '" has timed out progressing.', reason: 'ProgressDeadlineExceeded', status: 'False', type: 'Progressing' },
    ],
    rollouts: [{ containers: [notif], at: notifAt, replicas: 1, pods: [{ key: 1, node: 'node-c', created: notifAt + 1 * S, cs: [notReady(notifAt + 4 * S)], readyAt: notifAt + 3 * S }] }],
  });
  n.dep.status.conditions[1].message = `ReplicaSet "${n.rs[0].metadata.name}" has timed out progressing.`;
  kubelet(n.pods[0], { reason: 'Unhealthy', type: 'Warning', fieldPath: 'spec.containers{notifications}', message: 'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "health": invalid syntax', count: 1087, first: notifAt + 5 * S, last: T - 2 * S });

  // checkout: two pods, both on node-a, behind an externalTrafficPolicy=Local LoadBalancer
  const co = { name: 'checkout', image: 'registry.example.com/shop/checkout:1.22.0', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/ready', 'http'), liveness: httpProbe('/live', 'http'), resources: res('200m', '256Mi', { memory: '512Mi' }) };
  const coAt = at('2026-11-13T09:30:00Z');
  deployment({
    ns: 'shop', name: 'checkout', created: at('2026-05-07T11:11:11Z'), generation: 4, replicas: 2, labels: { app: 'checkout' },
    historyLimit: 1,
    history: [{ revision: 3, containers: [{ ...co, image: 'registry.example.com/shop/checkout:1.21.2' }], at: at('2026-10-22T14:00:00Z') }],
    rollouts: [{ containers: [co], at: coAt, revision: 4, replicas: 2, pods: [
      { key: 1, node: 'node-a', created: coAt + 1 * S, cs: [running(coAt + 5 * S)] },
      { key: 2, node: 'node-a', created: coAt + 9 * S, cs: [running(coAt + 13 * S)] },
    ] }],
  });

  // ingress-nginx controller: serves IngressClass nginx and writes the Ingresses' addresses
  const ctl = {
    name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.14.0',
    args: ['/nginx-ingress-controller', '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller', '--election-id=ingress-nginx-leader', '--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx', '--watch-ingress-without-class=true'],
    env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }, { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } }],
    ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }, { name: 'webhook', port: 8443 }],
    readiness: httpProbe('/healthz', 10254, { initialDelaySeconds: 10 }),
    liveness: httpProbe('/healthz', 10254, { initialDelaySeconds: 10, failureThreshold: 5 }),
    resources: res('100m', '90Mi'),
  };
  const ctlLabels = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
  deployment({
    ns: 'ingress-nginx', name: 'ingress-nginx-controller', created: CLUSTER_CREATED + dur('1d2h2m'), generation: 3, replicas: 1, labels: ctlLabels,
    objectLabels: { ...ctlLabels, 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': '1.14.0', 'helm.sh/chart': 'ingress-nginx-4.14.0' },
    history: [
      { revision: 1, containers: [{ ...ctl, image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1' }], at: CLUSTER_CREATED + dur('1d2h2m') },
      { revision: 2, containers: [{ ...ctl, image: 'registry.k8s.io/ingress-nginx/controller:v1.13.3' }], at: at('2026-07-14T08:30:00Z') },
    ],
    rollouts: [{ containers: [ctl], at: at('2026-09-29T07:45:00Z'), revision: 3, replicas: 1, pods: [{ key: 1, node: 'node-c', created: at1('ctl'), cs: [running(at1('ctl') + 4 * S)] }] }],
  });

  // batch/reports-ui (behind the batch Ingress, whose TLS Secret cannot be read)
  const rui = { name: 'reports-ui', image: 'registry.example.com/batch/reports-ui:2.3.1', ports: [{ name: 'http', port: 8080 }], readiness: httpProbe('/', 'http'), liveness: httpProbe('/', 'http'), resources: res('50m', '64Mi', { memory: '128Mi' }) };
  deployment({
    ns: 'batch', name: 'reports-ui', created: at('2026-04-03T09:00:00Z'), generation: 2, replicas: 1, labels: { app: 'reports-ui' },
    history: [{ revision: 1, containers: [{ ...rui, image: 'registry.example.com/batch/reports-ui:2.2.0' }], at: at('2026-04-03T09:00:00Z') }],
    rollouts: [{ containers: [rui], at: at('2026-09-12T08:00:00Z'), revision: 2, replicas: 1, pods: [{ key: 1, node: 'node-a', created: at1('rui'), cs: [running(at1('rui') + 3 * S)] }] }],
  });
}

// ===========================================================================
// 40: Services and EndpointSlices
// ===========================================================================

// Load-balancer DNS names as AWS hands them out: a Classic or Network LB made by the cloud
// controller manager, or a Network LB made by the AWS Load Balancer Controller.
const CLB = (seed) => `a${hex(`clb:${seed}`, 32)}-${String(1e9 + num(`clbn:${seed}`, 9e9 - 1))}.us-west-2.elb.amazonaws.com`;
const NLB = (seed) => `a${hex(`nlb:${seed}`, 32)}-${hex(`nlbn:${seed}`, 16)}.elb.us-west-2.amazonaws.com`;
const LBC_NLB = (ns, name) => `k8s-${ns.slice(0, 8)}-${name.replaceAll('-', '').slice(0, 8)}-${hex(`lbc:${ns}/${name}`, 10)}-${hex(`lbcn:${ns}/${name}`, 16)}.elb.us-west-2.amazonaws.com`;
const INGRESS_LB = NLB('ingress-nginx/ingress-nginx-controller');

function buildServices() {
  const mk = (v) => {
    const svc = service(v);
    if (svc.spec.selector) endpointSlices(svc);
    return svc;
  };
  // default
  const kube = service({ ns: 'default', name: 'kubernetes', created: CLUSTER_CREATED, clusterIP: '10.96.0.1', labels: { component: 'apiserver', provider: 'kubernetes' }, ports: [{ name: 'https', port: 443, targetPort: 6443 }] });
  reg('40-services.yaml', {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: [{ addresses: ['10.0.0.10'], conditions: { ready: true } }],
    kind: 'EndpointSlice',
    metadata: meta('EndpointSlice', 'default', 'kubernetes', CLUSTER_CREATED + 2 * S, { generation: 1, labels: { 'kubernetes.io/service-name': 'kubernetes' } }),
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
  void kube;
  mk({ ns: 'default', name: 'nginx', created: at('2026-06-14T07:21:05Z'), headless: true, labels: { app: 'nginx' }, selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] });
  mk({ ns: 'default', name: 'minio', created: at('2026-07-01T14:44:28Z'), selector: { app: 'minio' }, ports: [{ name: 'api', port: 9000, targetPort: 'api' }, { name: 'console', port: 9001, targetPort: 'console' }] });

  // shop: the design notes' Services
  mk({ ns: 'shop', name: 'mysql-service', created: at('2026-09-02T11:40:15Z'), selector: { app: 'mysql' }, ports: [{ port: 3306, targetPort: 3306 }] });
  mk({ ns: 'shop', name: 'mysql-headless', created: at('2026-09-02T11:40:15Z'), headless: true, selector: { app: 'mysql' }, ports: [{ port: 3306, targetPort: 3306 }] });
  mk({ ns: 'shop', name: 'web-service', created: at('2026-05-20T10:05:40Z'), type: 'NodePort', selector: { app: 'web' }, affinity: 10800, ports: [{ port: 80, targetPort: 80, nodePort: 31000 }] });
  // LoadBalancer pending with no event at all: its loadBalancerClass names a controller that is not installed.
  mk({ ns: 'shop', name: 'my-web-service', created: ago('26m'), type: 'LoadBalancer', lbClass: 'tailscale', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] });
  // LoadBalancer with an address and the design notes' AWS annotations.
  mk({
    ns: 'shop', name: 'web-https', created: at('2026-05-21T08:00:00Z'), lbAssigned: at('2026-05-21T08:02:37Z'), type: 'LoadBalancer', selector: { app: 'web' },
    annotations: {
      'service.beta.kubernetes.io/aws-load-balancer-backend-protocol': 'http',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': 'arn:aws:acm:us-west-2:123456789012:certificate/5f3c9a1e-7b2d-4c8e-9a61-2d7f0b4e8c13',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    },
    lbClass: 'service.k8s.aws/nlb',
    ports: [{ name: 'https', port: 443, targetPort: 80 }],
    lbIngress: [{ hostname: LBC_NLB('shop', 'web-https') }],
  });
  // LoadBalancer pending because the cloud refuses: quota exceeded.
  const apiSvc = mk({ ns: 'shop', name: 'api-service', created: ago('6h12m'), type: 'LoadBalancer', selector: { app: 'api' }, ports: [{ name: 'https', port: 443, targetPort: 8080 }, { name: 'http', port: 80, targetPort: 8080 }] });
  event(apiSvc, { component: 'service-controller', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', count: 77, first: ago('6h12m') + 1 * S, last: ago('3m30s') });
  event(apiSvc, {
    component: 'service-controller', reason: 'SyncLoadBalancerFailed', type: 'Warning', count: 77, first: ago('6h12m') + 3 * S, last: ago('3m28s'),
    message: 'Error syncing load balancer: failed to ensure load balancer: TooManyLoadBalancers: Exceeded quota of account 123456789012\n\tstatus code: 400, request id: 3f6c2b1a-8d4e-4f0a-b9c7-5e2d1a0f6b83',
  });
  mk({ ns: 'shop', name: 'static-service', created: at('2026-04-11T08:35:38Z'), selector: { app: 'static' }, ports: [{ port: 80, targetPort: 80 }] });

  // shop: the rest of the shop
  mk({ ns: 'shop', name: 'cart', created: at('2026-03-18T16:22:03Z'), selector: { app: 'cart' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  mk({ ns: 'shop', name: 'orders', created: at('2026-03-18T16:25:39Z'), selector: { app: 'orders' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  mk({ ns: 'shop', name: 'inventory', created: at('2026-03-18T16:30:05Z'), selector: { app: 'inventory' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  mk({ ns: 'shop', name: 'search', created: at('2026-06-02T12:12:10Z'), selector: { app: 'search' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  mk({
    ns: 'shop', name: 'checkout', created: at('2026-05-07T11:11:09Z'), lbAssigned: at('2026-05-07T11:13:51Z'), type: 'LoadBalancer', etp: 'Local', selector: { app: 'checkout' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    lbIngress: [{ hostname: CLB('shop/checkout') }],
  });
  // Named targetPort "admin": the selected pods (web-frontend) only declare "http".
  mk({ ns: 'shop', name: 'web-admin', created: ago('2d4h'), selector: { app: 'web' }, ports: [{ name: 'admin', port: 8080, targetPort: 'admin' }] });
  // Cloud load-balancer annotations left on a Service that is no longer type LoadBalancer.
  mk({
    ns: 'shop', name: 'legacy-api', created: at('2026-04-02T10:00:00Z'), selector: { app: 'api' },
    annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true', 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'https' },
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  });
  service({ ns: 'shop', name: 'payments-gateway', created: at('2026-04-20T12:00:00Z'), type: 'ExternalName', externalName: 'api.payments.example.net' });
  // Selectorless Service with a hand-written EndpointSlice (a database outside the cluster).
  service({ ns: 'shop', name: 'legacy-db', created: at('2026-03-12T09:40:00Z'), ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] });
  reg('40-services.yaml', {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: [{ addresses: ['10.20.0.15'], conditions: { ready: true } }],
    kind: 'EndpointSlice',
    metadata: meta('EndpointSlice', 'shop', 'legacy-db-1', at('2026-03-12T09:40:02Z'), {
      generation: 1,
      labels: { 'endpointslice.kubernetes.io/managed-by': 'platform-team', 'kubernetes.io/service-name': 'legacy-db' },
    }),
    ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
  });
  // Selectorless Service nobody wrote an EndpointSlice for.
  service({ ns: 'shop', name: 'legacy-cache', created: at('2026-03-12T09:41:00Z'), ports: [{ name: 'memcached', port: 11211, targetPort: 11211 }] });

  // Governing Services of the StatefulSets in shop
  mk({ ns: 'shop', name: 'cache-hs', created: at('2026-07-22T15:03:40Z'), headless: true, selector: { app: 'cache' }, ports: [{ name: 'redis', port: 6379 }] });
  mk({ ns: 'shop', name: 'queue', created: at('2026-08-11T08:29:58Z'), headless: true, selector: { app: 'queue' }, ports: [{ name: 'amqp', port: 5672 }] });
  mk({ ns: 'shop', name: 'zk-hs', created: at('2026-05-03T12:00:39Z'), headless: true, selector: { app: 'zookeeper' }, ports: [{ name: 'client', port: 2181 }, { name: 'follower', port: 2888 }, { name: 'election', port: 3888 }] });
  mk({ ns: 'shop', name: 'kafka-hs', created: at('2026-10-21T09:14:53Z'), headless: true, selector: { app: 'kafka' }, ports: [{ name: 'broker', port: 9092 }] });
  mk({ ns: 'shop', name: 'es-hs', created: ago('50m') - 2 * S, headless: true, selector: { app: 'es' }, ports: [{ name: 'http', port: 9200 }, { name: 'transport', port: 9300 }] });
  mk({ ns: 'shop', name: 'clickhouse', created: ago('55m') - 2 * S, headless: true, selector: { app: 'clickhouse' }, ports: [{ name: 'http', port: 8123 }, { name: 'native', port: 9000 }] });
  mk({ ns: 'shop', name: 'ledger', created: at('2026-08-30T10:00:10Z'), selector: { app: 'ledger' }, ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }] });

  // ingress-nginx and batch
  const ctlLabels = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
  mk({
    ns: 'ingress-nginx', name: 'ingress-nginx-controller', created: CLUSTER_CREATED + dur('1d2h2m'), lbAssigned: CLUSTER_CREATED + dur('1d2h5m'), type: 'LoadBalancer', selector: ctlLabels,
    labels: { ...ctlLabels, 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': '1.14.0', 'helm.sh/chart': 'ingress-nginx-4.14.0' },
    annotations: { 'meta.helm.sh/release-name': 'ingress-nginx', 'meta.helm.sh/release-namespace': 'ingress-nginx', 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
    ports: [{ name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' }, { name: 'https', port: 443, targetPort: 'https', appProtocol: 'https' }],
    lbIngress: [{ hostname: INGRESS_LB }],
  });
  mk({ ns: 'batch', name: 'reports-ui', created: at('2026-04-03T09:00:00Z'), selector: { app: 'reports-ui' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
}

// ===========================================================================
// 50: Ingresses and TLS Secrets
// ===========================================================================

const CERT_SPECS = [
  // name, CN, SANs, notBefore (days relative to capture), notAfter
  { file: 'my-tls', cn: 'app.example.com', sans: ['app.example.com'], from: -30, to: 60, chain: true },
  { file: 'legacy-tls', cn: 'old.example.com', sans: ['old.example.com'], from: -102, to: -12 },
  { file: 'storefront-tls', cn: 'shop.example.com', sans: ['shop.example.com', 'www.shop.example.com'], from: -81, to: 9 },
  { file: 'wildcard-example-tls', cn: '*.example.com', sans: ['*.example.com', 'example.com'], from: -165, to: 200 },
];

function pemOf(name) {
  return readFileSync(path.join(CERTS, `${name}.crt`), 'utf8');
}

function buildIngresses() {
  const file = '50-ingresses.yaml';
  const tlsSecret = (ns, name, created, crtPem, extra = {}) =>
    reg(file, {
      apiVersion: 'v1',
      data: { 'tls.crt': Buffer.from(crtPem).toString('base64') },
      kind: 'Secret',
      metadata: meta('Secret', ns, name, created, extra),
      type: 'kubernetes.io/tls',
    });
  const ca = pemOf('demo-ca');
  tlsSecret('shop', 'my-tls', ago('30d') + 2 * M, pemOf('my-tls') + ca, {
    annotations: { 'cert-manager.io/certificate-name': 'my-tls', 'cert-manager.io/common-name': 'app.example.com', 'cert-manager.io/issuer-kind': 'ClusterIssuer', 'cert-manager.io/issuer-name': 'demo-ca' },
    labels: { 'controller.cert-manager.io/fao': 'true' },
  });
  tlsSecret('shop', 'legacy-tls', ago('102d') + 3 * M, pemOf('legacy-tls'));
  tlsSecret('shop', 'storefront-tls', ago('81d') + 1 * M, pemOf('storefront-tls'));
  tlsSecret('shop', 'wildcard-example-tls', ago('165d') + 5 * M, pemOf('wildcard-example-tls'));
  // Someone pasted the certificate *request* into tls.crt: a kubernetes.io/tls Secret with no parseable certificate.
  tlsSecret('shop', 'partners-tls', ago('6d'), pemOf('partners-request'));

  const backend = (service, port) => ({ service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } });
  const rule = (host, paths) => clean({ host, http: { paths: paths.map(([p, svc, port, pathType]) => ({ backend: backend(svc, port), path: p, pathType: pathType ?? 'Prefix' })) } });
  const lb = { loadBalancer: { ingress: [{ hostname: INGRESS_LB }] } };
  const ing = (ns, name, created, spec, { annotations, status = lb, generation = 1 } = {}) =>
    reg(file, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('Ingress', ns, name, created, { annotations, generation }),
      spec: clean(spec),
      status,
    }, created + 40 * S);

  // The design notes' Ingress, with a valid certificate.
  ing('shop', 'my-ingress', at('2026-05-21T09:00:00Z'), {
    ingressClassName: 'nginx',
    rules: [rule('app.example.com', [['/api', 'api-service', 80], ['/static', 'static-service', 80]])],
    tls: [{ hosts: ['app.example.com'], secretName: 'my-tls' }],
  }, { annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } });
  // Expired certificate.
  ing('shop', 'legacy-shop', at('2026-02-09T10:00:00Z'), {
    ingressClassName: 'nginx',
    rules: [rule('old.example.com', [['/', 'web-service', 80]])],
    tls: [{ hosts: ['old.example.com'], secretName: 'legacy-tls' }],
  }, { annotations: { 'nginx.ingress.kubernetes.io/permanent-redirect': 'https://shop.example.com' } });
  // Certificate expiring in 9 days; default backend.
  ing('shop', 'storefront', at('2026-05-20T10:10:00Z'), {
    defaultBackend: backend('web-service', 80),
    ingressClassName: 'nginx',
    rules: [rule('shop.example.com', [['/', 'web-service', 80], ['/cart', 'cart', 'http']]), rule('www.shop.example.com', [['/', 'web-service', 80]])],
    tls: [{ hosts: ['shop.example.com', 'www.shop.example.com'], secretName: 'storefront-tls' }],
  }, { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' }, generation: 3 });
  // A TLS host the wildcard certificate does not cover (one label deeper).
  ing('shop', 'api-gateway', at('2026-06-30T12:00:00Z'), {
    ingressClassName: 'nginx',
    rules: [rule('api.example.com', [['/', 'api-service', 'http']]), rule('api.internal.example.com', [['/', 'api-service', 'http']])],
    tls: [{ hosts: ['api.example.com', 'api.internal.example.com'], secretName: 'wildcard-example-tls' }],
  }, { annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTP', 'nginx.ingress.kubernetes.io/limit-rps': '50' }, generation: 2 });
  // TLS Secret that does not exist.
  ing('shop', 'admin', at('2026-09-09T09:09:09Z'), {
    ingressClassName: 'nginx',
    rules: [rule('admin.example.com', [['/', 'web-service', 80]])],
    tls: [{ hosts: ['admin.example.com'], secretName: 'admin-tls' }],
  }, { annotations: { 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8' } });
  // tls.crt holds a certificate request, not a certificate.
  ing('shop', 'partners', ago('6d') + 10 * M, {
    ingressClassName: 'nginx',
    rules: [rule('partners.example.com', [['/', 'api-service', 80]])],
    tls: [{ hosts: ['partners.example.com'], secretName: 'partners-tls' }],
  });
  // IngressClass that does not exist: nobody serves it, no address.
  ing('shop', 'internal-tools', at('2026-11-02T08:00:00Z'), {
    ingressClassName: 'traefik',
    rules: [rule('tools.example.internal', [['/', 'static-service', 80]])],
  }, { status: { loadBalancer: {} }, annotations: { 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' } });
  // IngressClass exists but no controller runs for it: no address after 40 minutes.
  ing('shop', 'beta', ago('41m'), {
    ingressClassName: 'nginx-internal',
    rules: [rule('beta.shop.example.com', [['/', 'web-service', 80]])],
  }, { status: { loadBalancer: {} } });
  // Backends: a missing Service, a port the Service does not have, a Service with no ready endpoint.
  ing('shop', 'shop-backends', at('2026-10-28T14:00:00Z'), {
    ingressClassName: 'nginx',
    rules: [rule('backends.example.com', [['/promo', 'promo', 80], ['/catalog', 'static-service', 8080], ['/orders', 'orders', 80], ['/inventory', 'inventory', 'http']])],
  }, { generation: 4 });
  // Two Ingresses of the same class claim blog.example.com/.
  ing('shop', 'blog', at('2026-07-15T10:00:00Z'), { ingressClassName: 'nginx', rules: [rule('blog.example.com', [['/', 'static-service', 80]])] });
  ing('shop', 'blog-v2', ago('3d'), { rules: [rule('blog.example.com', [['/', 'static-service', 80]])] }, { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }); // legacy class annotation
  // batch: the TLS Secret exists or not, nobody can tell: Secrets in batch are forbidden to this user.
  ing('batch', 'reports', at('2026-04-03T09:05:00Z'), {
    ingressClassName: 'nginx',
    rules: [rule('reports.example.com', [['/', 'reports-ui', 80]])],
    tls: [{ hosts: ['reports.example.com'], secretName: 'reports-tls' }],
  });
}

// ===========================================================================
// 60: CronJobs and Jobs
// ===========================================================================

function buildBatch() {
  const ns = 'batch';
  const container = (name, image, extra = {}) => ({ name, image, resources: res('100m', '128Mi', { memory: '256Mi' }), ...extra });
  const sched = (iso) => at(iso);

  // daily-backup (design notes): 02:00 Asia/Shanghai, Forbid; the run of 11-18 failed, the two since succeeded.
  {
    const tmpl = { containers: [container('backup-tool', 'backup-agent:v1', { args: ['--target', 's3://backups/shop'] })], restartPolicy: 'OnFailure' };
    const runs = ['2026-11-17T18:00:00Z', '2026-11-18T18:00:00Z', '2026-11-19T18:00:00Z'].map(sched);
    const done = (start, mins, node, key) => ({ result: 'complete', finishedAt: start + dur(mins), pods: [{ node, created: start + 1 * S, key, cs: [completed(start + 3 * S, start + dur(mins) - 2 * S)] }] });
    cronJob({
      ns, name: 'daily-backup', created: at('2026-11-17T09:12:44Z'), schedule: '0 2 * * *', timeZone: 'Asia/Shanghai', concurrency: 'Forbid',
      labels: { app: 'daily-backup' }, tmpl, jobSpec: { backoffLimit: 2 },
      lastSchedule: runs[2], lastSuccess: runs[2] + dur('7m31s'),
      jobs: [
        { scheduled: runs[0], result: 'failed', finishedAt: runs[0] + dur('3m12s'), failedCount: 1, pods: [] },
        { scheduled: runs[1], ...done(runs[1], '7m2s', 'node-b') },
        { scheduled: runs[2], ...done(runs[2], '7m31s', 'node-c') },
      ],
    });
  }

  // nightly-report: the newest Job failed (BackoffLimitExceeded, exit code 1), the one before succeeded.
  {
    const tmpl = { containers: [container('report', 'registry.example.com/batch/report:2026.11.2', { args: ['--date=yesterday'] })], restartPolicy: 'Never' };
    const r1 = sched('2026-11-19T00:15:00Z');
    const r2 = sched('2026-11-20T00:15:00Z');
    cronJob({
      ns, name: 'nightly-report', created: at('2026-05-02T16:00:00Z'), generation: 3, schedule: '15 1 * * *', timeZone: 'Europe/Berlin', concurrency: 'Forbid', limits: [1, 1],
      labels: { app: 'nightly-report' }, tmpl, jobSpec: { backoffLimit: 1 },
      lastSchedule: r2, lastSuccess: r1 + dur('4m40s'),
      jobs: [
        { scheduled: r1, result: 'complete', finishedAt: r1 + dur('4m40s'), pods: [{ node: 'node-a', created: r1 + 1 * S, cs: [completed(r1 + 4 * S, r1 + dur('4m38s'))] }] },
        {
          scheduled: r2, result: 'failed', finishedAt: r2 + dur('1m58s'), pods: [
            { node: 'node-b', created: r2 + 1 * S, cs: [errored(r2 + 4 * S, r2 + dur('47s'))] },
            { node: 'node-c', created: r2 + dur('58s'), cs: [errored(r2 + dur('1m1s'), r2 + dur('1m56s'))] },
          ],
        },
      ],
    });
  }

  // warehouse-sync: Forbid, the 07:00 Job is still running, so 08:00, 09:00 and 10:00 were skipped.
  {
    const tmpl = { containers: [container('sync', 'registry.example.com/batch/warehouse-sync:1.4.0')], restartPolicy: 'OnFailure' };
    const prev = sched('2026-11-20T06:00:00Z');
    const cur = sched('2026-11-20T07:00:00Z');
    const { cj } = cronJob({
      ns, name: 'warehouse-sync', created: at('2026-06-10T10:00:00Z'), schedule: '0 * * * *', timeZone: 'Etc/UTC', concurrency: 'Forbid', limits: [1, 1],
      labels: { app: 'warehouse-sync' }, tmpl,
      lastSchedule: cur, lastSuccess: prev + dur('9m12s'),
      jobs: [
        { scheduled: prev, result: 'complete', finishedAt: prev + dur('9m12s'), pods: [{ node: 'node-c', created: prev + 1 * S, cs: [completed(prev + 3 * S, prev + dur('9m10s'))] }] },
        { scheduled: cur, result: 'running', pods: [{ node: 'node-a', created: cur + 1 * S, cs: [running(cur + 3 * S)] }] },
      ],
    });
    cronEvent(cj, { reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid', count: 3, first: sched('2026-11-20T08:00:00Z') + 12, last: sched('2026-11-20T10:00:00Z') + 9 });
  }

  // cache-warmer: Replace every 20 minutes, but each run takes ~30 minutes: every Job is replaced before it finishes.
  {
    const tmpl = { containers: [container('warm', 'registry.example.com/batch/cache-warmer:0.9.2')], restartPolicy: 'OnFailure' };
    const cur = sched('2026-11-20T10:20:00Z');
    const { cj } = cronJob({
      ns, name: 'cache-warmer', created: at('2026-11-18T14:03:00Z'), schedule: '*/20 * * * *', timeZone: 'Etc/UTC', concurrency: 'Replace', limits: [3, 1],
      labels: { app: 'cache-warmer' }, tmpl,
      lastSchedule: cur,
      jobs: [{ scheduled: cur, result: 'running', pods: [{ node: 'node-b', created: cur + 1 * S, cs: [running(cur + 3 * S)] }] }],
    });
    for (const t of ['2026-11-20T10:00:00Z', '2026-11-20T10:20:00Z']) {
      const when = sched(t);
      cronEvent(cj, { reason: 'SuccessfulDelete', message: `Deleted job ${cronJobName('cache-warmer', when - 20 * M)}`, first: when + 7 });
      cronEvent(cj, { reason: 'SuccessfulCreate', message: `Created job ${cronJobName('cache-warmer', when)}`, first: when + 31 });
    }
  }

  // log-cleanup: suspended (its Jobs were removed by ttlSecondsAfterFinished long ago).
  cronJob({
    ns, name: 'log-cleanup', created: at('2026-04-05T10:00:00Z'), schedule: '@every 12h', timeZone: 'Etc/UTC', suspend: true, generation: 2,
    labels: { app: 'log-cleanup' }, tmpl: { containers: [container('cleanup', 'busybox:1.37', { command: ['sh', '-c', 'find /logs -mtime +7 -delete'] })], restartPolicy: 'OnFailure' },
    jobSpec: { ttlSecondsAfterFinished: 3600 },
    lastSchedule: sched('2026-11-02T11:00:00Z'), lastSuccess: sched('2026-11-02T11:00:41Z'),
  });

  // heartbeat: both history limits 0: every finished Job is deleted at once.
  {
    const { cj } = cronJob({
      ns, name: 'heartbeat', created: at('2026-04-05T10:05:00Z'), schedule: '@hourly', timeZone: 'Etc/UTC', limits: [0, 0],
      labels: { app: 'heartbeat' }, tmpl: { containers: [container('ping', 'curlimages/curl:8.11.1', { args: ['-fsS', 'https://hc.example.com/ping/batch'] })], restartPolicy: 'Never' },
      lastSchedule: sched('2026-11-20T10:00:00Z'), lastSuccess: sched('2026-11-20T10:00:09Z'),
    });
    const j = cronJobName('heartbeat', sched('2026-11-20T10:00:00Z'));
    cronEvent(cj, { reason: 'SuccessfulCreate', message: `Created job ${j}`, first: sched('2026-11-20T10:00:00Z') + 28 });
    cronEvent(cj, { reason: 'SawCompletedJob', message: `Saw completed job: ${j}, condition: Complete`, first: sched('2026-11-20T10:00:10Z') });
    cronEvent(cj, { reason: 'SuccessfulDelete', message: `Deleted job ${j}`, first: sched('2026-11-20T10:00:10Z') + 40 });
  }

  // metrics-rollup: every 5 minutes, but Job creation has been denied since 20:05 yesterday: 174 runs missed,
  // no startingDeadlineSeconds.
  {
    const last = sched('2026-11-19T20:00:00Z');
    const { cj } = cronJob({
      ns, name: 'metrics-rollup', created: at('2026-09-14T08:00:00Z'), generation: 2, schedule: '*/5 * * * *', timeZone: 'Etc/UTC', limits: [1, 1],
      labels: { app: 'metrics-rollup' }, tmpl: { containers: [{ name: 'rollup', image: 'registry.example.com/batch/metrics-rollup:3.0.1', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], restartPolicy: 'OnFailure' },
      lastSchedule: last, lastSuccess: last + dur('1m2s'),
      jobs: [{ scheduled: last, result: 'complete', finishedAt: last + dur('1m2s'), pods: [{ node: 'node-c', created: last + 1 * S, cs: [completed(last + 3 * S, last + dur('1m'))] }] }],
    });
    cronEvent(cj, {
      reason: 'FailedCreate', type: 'Warning', count: 412, first: sched('2026-11-19T20:05:00Z') + 30, last: sched('2026-11-20T10:25:00Z') + 44,
      message: `(combined from similar events): Error creating job: jobs.batch "${cronJobName('metrics-rollup', sched('2026-11-20T10:25:00Z'))}" is forbidden: ValidatingAdmissionPolicy 'require-memory-limits' with binding 'require-memory-limits-batch' denied request: every container must set resources.limits.memory`,
    });
    cronEvent(cj, { reason: 'TooManyMissedTimes', type: 'Warning', message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', count: 142, first: sched('2026-11-20T04:25:00Z') + 12, last: sched('2026-11-20T10:25:00Z') + 40 });
  }

  // weekly-report: no timeZone; startingDeadlineSeconds 300; Monday 11-16 06:00 was missed (controller down).
  {
    const last = sched('2026-11-09T06:00:00Z');
    cronJob({
      ns, name: 'weekly-report', created: at('2026-05-11T07:00:00Z'), schedule: '0 6 * * 1', startingDeadlineSeconds: 300, limits: [1, 1],
      labels: { app: 'weekly-report' }, tmpl: { containers: [container('report', 'registry.example.com/batch/report:2026.11.2', { args: ['--week=last'] })], restartPolicy: 'OnFailure' },
      lastSchedule: last, lastSuccess: last + dur('12m4s'),
      jobs: [{ scheduled: last, result: 'complete', finishedAt: last + dur('12m4s'), pods: [{ node: 'node-a', created: last + 1 * S, cs: [completed(last + 3 * S, last + dur('12m2s'))] }] }],
    });
  }

  // legacy-sunday-cleanup: day-of-week 7 is invalid for the Kubernetes parser (0-6); only an old object can hold it.
  cronJob({
    ns, name: 'legacy-sunday-cleanup', created: at('2024-03-11T09:00:00Z'), schedule: '0 0 * * 7',
    labels: { app: 'legacy-sunday-cleanup' }, tmpl: { containers: [container('cleanup', 'busybox:1.36', { command: ['sh', '-c', 'rm -rf /scratch/*'] })], restartPolicy: 'OnFailure' },
  });

  // eu-digest: legacy TZ= prefix in the schedule instead of timeZone (its Jobs are removed an hour after they finish).
  {
    const last = sched('2026-11-20T06:00:00Z');
    cronJob({
      ns, name: 'eu-digest', created: at('2023-05-02T10:00:00Z'), schedule: 'TZ=Europe/London 0 6 * * *', limits: [1, 1],
      labels: { app: 'eu-digest' }, tmpl: { containers: [container('digest', 'registry.example.com/batch/digest:1.2.0')], restartPolicy: 'OnFailure' },
      jobSpec: { ttlSecondsAfterFinished: 3600 },
      lastSchedule: last, lastSuccess: last + dur('2m13s'),
    });
  }

  // apac-sync: timeZone "Asia/Beijing" is not an IANA zone (Asia/Shanghai is); the controller never scheduled it.
  cronJob({
    ns, name: 'apac-sync', created: at('2025-01-07T03:00:00Z'), schedule: '30 9 * * *', timeZone: 'Asia/Beijing',
    labels: { app: 'apac-sync' }, tmpl: { containers: [container('sync', 'registry.example.com/batch/apac-sync:0.3.0')], restartPolicy: 'OnFailure' },
  });

  // --- Jobs not owned by a CronJob ---
  const jobTmpl = (name, image, restartPolicy = 'Never', extra = {}) => ({ containers: [container(name, image, extra)], restartPolicy });

  // data-processor (design notes): Complete, cleaned up a day after it finished.
  {
    const c0 = ago('2h40m');
    job({
      ns, name: 'data-processor', created: c0, labels: { app: 'data-processor' }, tmpl: jobTmpl('processor', 'data-processor:v1'),
      spec: { completions: 1, parallelism: 1, ttlSecondsAfterFinished: 86400 },
      result: 'complete', finishedAt: ago('2h31m'),
      pods: [{ node: 'node-b', created: c0 + 1 * S, cs: [completed(c0 + 4 * S, ago('2h31m') - 2 * S)] }],
    });
  }
  // import-catalog: Failed, BackoffLimitExceeded, three pods exited 1.
  {
    const c0 = ago('29m');
    const { job: j, pods } = job({
      ns, name: 'import-catalog', created: c0, labels: { app: 'import-catalog' }, tmpl: jobTmpl('import', 'registry.example.com/batch/import-catalog:1.0.7', 'Never', { args: ['--source', 'sftp://partner.example.com/catalog.csv'] }),
      spec: { backoffLimit: 2, ttlSecondsAfterFinished: 86400 },
      result: 'failed', finishedAt: ago('26m50s'),
      pods: [
        { node: 'node-a', created: c0 + 1 * S, cs: [errored(c0 + 3 * S, c0 + 21 * S)] },
        { node: 'node-c', created: c0 + 32 * S, cs: [errored(c0 + 35 * S, c0 + 52 * S)] },
        { node: 'node-b', created: c0 + 74 * S, cs: [errored(c0 + 77 * S, c0 + 128 * S)] },
      ],
    });
    pods.forEach((p) => jobEvent(j, { reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, first: Date.parse(p.metadata.creationTimestamp) }));
    jobEvent(j, { reason: 'BackoffLimitExceeded', type: 'Warning', message: 'Job has reached the specified backoff limit', first: ago('26m50s') });
  }
  // reindex-products: two pods failed, the third succeeded: the Job is Complete (not a failure).
  {
    const c0 = ago('52m');
    const { job: j, pods } = job({
      ns, name: 'reindex-products', created: c0, labels: { app: 'reindex-products' }, tmpl: jobTmpl('reindex', 'registry.example.com/batch/reindex:2.2.0'),
      spec: { backoffLimit: 4, ttlSecondsAfterFinished: 7200 },
      result: 'complete', finishedAt: ago('41m'),
      pods: [
        { node: 'node-b', created: c0 + 1 * S, cs: [errored(c0 + 3 * S, c0 + 62 * S, 2)] },
        { node: 'node-c', created: c0 + 73 * S, cs: [errored(c0 + 75 * S, c0 + 140 * S, 2)] },
        { node: 'node-a', created: c0 + 161 * S, cs: [completed(c0 + 164 * S, ago('41m') - 2 * S)] },
      ],
    });
    pods.forEach((p) => jobEvent(j, { reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, first: Date.parse(p.metadata.creationTimestamp) }));
    jobEvent(j, { reason: 'Completed', message: 'Job completed', first: ago('41m') });
  }
  // ml-training: its pod asks for 8 CPUs; no node has them.
  {
    const c0 = ago('45m');
    const { job: j, pods } = job({
      ns, name: 'ml-training', created: c0, labels: { app: 'ml-training' },
      tmpl: { containers: [{ name: 'train', image: 'registry.example.com/batch/trainer:0.14.0', resources: { requests: { cpu: '8', memory: '24Gi' }, limits: { memory: '24Gi' } } }], restartPolicy: 'Never' },
      spec: { backoffLimit: 0, ttlSecondsAfterFinished: 86400 },
      result: 'running',
      pods: [{ node: undefined, created: c0 + 1 * S, unschedulable: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' }],
    });
    jobEvent(j, { reason: 'SuccessfulCreate', message: `Created pod: ${pods[0].metadata.name}`, first: c0 + 1 * S });
    schedulerEvent(pods[0], { reason: 'FailedScheduling', type: 'Warning', message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', count: 10, first: c0 + 1 * S + 300, last: ago('4m17s') });
  }
  // db-migrate-v42: finished three days ago, no ttlSecondsAfterFinished, no owner: it stays forever.
  {
    const c0 = at('2026-11-17T08:02:11Z');
    job({
      ns, name: 'db-migrate-v42', created: c0, labels: { app: 'db-migrate' }, tmpl: jobTmpl('migrate', 'registry.example.com/shop/migrate:42'),
      spec: { backoffLimit: 0 },
      result: 'complete', finishedAt: c0 + dur('1m29s'),
      pods: [{ node: 'node-a', created: c0 + 1 * S, cs: [completed(c0 + 3 * S, c0 + dur('1m27s'))] }],
    });
  }
  // legacy-worker: restartPolicy Always in a Job template (only an old object can hold it): it never completes.
  {
    const c0 = at('2024-06-03T12:00:00Z');
    const podAt = at('2026-10-05T06:58:40Z');
    job({
      ns, name: 'legacy-worker', created: c0, labels: { app: 'legacy-worker' }, tmpl: jobTmpl('worker', 'registry.example.com/batch/worker:0.1.0', 'Always'),
      // The node rotation deleted its first pod before it finished: the Job controller counts a pod
      // deleted while not Succeeded as failed, and created this one.
      result: 'running', startTime: c0 + 1 * S, failedCount: 1,
      pods: [{ node: 'node-c', created: podAt, cs: [running(podAt + 3 * S)] }],
    });
  }
}

// ===========================================================================
// Certificates (openssl, once; only the certificates are kept)
// ===========================================================================

function asn1Time(ms) {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function issueCerts() {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8stui-demo-certs-'));
  const ossl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), '1000\n');
    writeFileSync(path.join(dir, 'ca.cnf'), [
      '[ca]', 'default_ca = demo', '[demo]', 'dir = .', 'database = ./index.txt', 'new_certs_dir = .', 'serial = ./serial',
      'default_md = sha256', 'policy = any', 'unique_subject = no', 'copy_extensions = none', '[any]', 'commonName = supplied', 'organizationName = optional',
      '[v3_ca]', 'basicConstraints = critical,CA:true', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash',
      '[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', 'CN = placeholder', '',
    ].join('\n'));
    ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key');
    ossl('req', '-new', '-key', 'ca.key', '-subj', '/O=k8stui demo/CN=k8stui demo CA', '-config', 'ca.cnf', '-out', 'ca.csr');
    ossl('ca', '-batch', '-notext', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'ca.key', '-in', 'ca.csr', '-extensions', 'v3_ca',
      '-startdate', asn1Time(T - 400 * D), '-enddate', asn1Time(T + 3250 * D), '-out', 'ca.crt');
    mkdirSync(CERTS, { recursive: true });
    writeFileSync(path.join(CERTS, 'demo-ca.crt'), readFileSync(path.join(dir, 'ca.crt')));
    for (const c of CERT_SPECS) {
      const ext = `[leaf]\nbasicConstraints = critical,CA:false\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\nauthorityKeyIdentifier = keyid\nsubjectAltName = ${c.sans.map((s) => `DNS:${s}`).join(',')}\n`;
      writeFileSync(path.join(dir, 'leaf.cnf'), ext);
      ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key');
      ossl('req', '-new', '-key', 'leaf.key', '-subj', `/CN=${c.cn}`, '-config', 'ca.cnf', '-out', 'leaf.csr');
      ossl('ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-extfile', 'leaf.cnf', '-extensions', 'leaf',
        '-startdate', asn1Time(T + c.from * D), '-enddate', asn1Time(T + c.to * D), '-out', 'leaf.crt');
      writeFileSync(path.join(CERTS, `${c.file}.crt`), readFileSync(path.join(dir, 'leaf.crt')));
    }
    // A certificate request, to plant "tls.crt does not hold a certificate".
    ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'partners.key');
    ossl('req', '-new', '-key', 'partners.key', '-subj', '/CN=partners.example.com', '-config', 'ca.cnf', '-out', 'partners.csr');
    writeFileSync(path.join(CERTS, 'partners-request.crt'), readFileSync(path.join(dir, 'partners.csr')));
  } finally {
    rmSync(dir, { recursive: true, force: true }); // the keys never leave the temporary directory
  }
}

// ===========================================================================
// Assembly
// ===========================================================================

const FILE_TITLES = {
  '00-snapshot-info': 'SnapshotInfo: capture time, context, which kinds could be read',
  '01-cluster': 'Namespaces, Nodes, StorageClasses, IngressClasses',
  '10-storage': 'PersistentVolumeClaims and PersistentVolumes',
  '20-statefulsets': 'StatefulSets, their ControllerRevisions and Pods',
  '30-deployments': 'Deployments, ReplicaSets and their Pods',
  '40-services': 'Services and EndpointSlices',
  '50-ingresses': 'Ingresses and TLS Secrets (tls.crt only)',
  '60-batch': 'CronJobs, Jobs and their Pods',
  '90-events': 'Events (only those a real cluster would still hold: recent or recurring)',
};

const KIND_ORDER = ['Namespace', 'Node', 'StorageClass', 'IngressClass', 'PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet', 'ControllerRevision', 'Deployment', 'ReplicaSet', 'Pod', 'Service', 'EndpointSlice', 'Ingress', 'Secret', 'CronJob', 'Job', 'Event'];

/** Key order for JSON: apiVersion, kind, metadata (fields in ObjectMeta order) first, spec and status last, the rest sorted. */
const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers'];
function kubectlOrder(v, top = true) {
  if (Array.isArray(v)) return v.map((x) => kubectlOrder(x, x && typeof x === 'object' && 'apiVersion' in x && 'kind' in x));
  if (!v || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort();
  let order = keys;
  if (top && 'kind' in v && v.kind !== 'List') {
    const head = ['apiVersion', 'kind', 'metadata'].filter((k) => k in v);
    const tail = ['spec', 'status'].filter((k) => k in v && typeof v[k] === 'object');
    order = [...head, ...keys.filter((k) => !head.includes(k) && !tail.includes(k)), ...tail];
  }
  const out = {};
  for (const k of order) {
    if (k === 'metadata' && top && v.kind) {
      const m = v[k];
      const mk = [...META_ORDER.filter((x) => x in m), ...Object.keys(m).filter((x) => !META_ORDER.includes(x)).sort()];
      out[k] = Object.fromEntries(mk.map((x) => [x, kubectlOrder(m[x], false)]));
    } else out[k] = kubectlOrder(v[k], false);
  }
  return out;
}

/**
 * Nodes report the CSI volumes of the pods running on them: volumesAttached as the attach/detach
 * controller records them, volumesInUse as the kubelet reports the ones it has mounted.
 */
function attachVolumes() {
  const byNode = new Map();
  for (const { obj: p } of registry) {
    if (p.kind !== 'Pod' || !p.spec.nodeName || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
    for (const v of p.spec.volumes ?? []) {
      const claimName = v.persistentVolumeClaim?.claimName;
      const claim = claimName && byKey.get(keyOf('PersistentVolumeClaim', p.metadata.namespace, claimName));
      if (!claim?.spec.volumeName) continue;
      const pv = find('PersistentVolume', undefined, claim.spec.volumeName);
      const name = `kubernetes.io/csi/${pv.spec.csi.driver}^${pv.spec.csi.volumeHandle}`;
      if (!byNode.has(p.spec.nodeName)) byNode.set(p.spec.nodeName, new Set());
      byNode.get(p.spec.nodeName).add(name);
    }
  }
  for (const n of NODES) {
    const names = [...(byNode.get(n.name) ?? [])].sort();
    if (!names.length) continue;
    const node = find('Node', undefined, n.name);
    node.status.volumesAttached = names.map((name) => ({ devicePath: '', name }));
    node.status.volumesInUse = names;
  }
}

/**
 * The images the kubelet reports on its Node (status.images, largest first): those of the containers
 * that ran there (digest and tag), and the sandbox's pause image.
 */
function nodeImages() {
  const PAUSE = 'registry.k8s.io/pause:3.10';
  for (const n of NODES) {
    const images = new Map([[PAUSE, [`registry.k8s.io/pause@sha256:${hex(`image:${PAUSE}`, 64)}`, PAUSE]]]);
    for (const { obj: p } of registry) {
      if (p.kind !== 'Pod' || p.spec.nodeName !== n.name) continue;
      for (const cs of p.status.containerStatuses ?? []) if (cs.imageID) images.set(cs.image, [cs.imageID, cs.image]);
    }
    const size = (image) =>
      image === PAUSE ? 320368 : /alpine|busybox|curl/.test(image) ? 4000000 + num(`size:${image}`, 40000000) : 40000000 + num(`size:${image}`, 400000000);
    find('Node', undefined, n.name).status.images = [...images.entries()]
      .map(([image, names]) => ({ names, sizeBytes: size(image) }))
      .sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[1] < b.names[1] ? -1 : 1));
  }
}

export function generate({ format = 'json' } = {}) {
  registry.length = 0;
  byKey.clear();
  buildCluster();
  buildStatefulSets();
  buildDeployments();
  buildServices();
  buildIngresses();
  buildBatch();
  attachVolumes();
  nodeImages();

  // resourceVersions follow the time each object last changed, as etcd revisions do.
  const order = registry.map((r, i) => ({ r, i })).sort((a, b) => a.r.touched - b.r.touched || a.i - b.i);
  let rv = 18234;
  for (const { r } of order) {
    rv += 1 + num(`rv:${r.obj.kind}/${r.obj.metadata.namespace}/${r.obj.metadata.name}`, 37);
    r.obj.metadata.resourceVersion = String(rv);
  }
  const byUid = new Map(registry.map((r) => [r.obj.metadata.uid, r.obj]));
  for (const { obj } of registry) {
    if (obj.kind === 'Event') obj.involvedObject.resourceVersion = byUid.get(obj.involvedObject.uid)?.metadata.resourceVersion ?? '';
    if (obj.kind === 'PersistentVolume') obj.spec.claimRef.resourceVersion = byUid.get(obj.spec.claimRef.uid)?.metadata.resourceVersion ?? '';
    if (obj.kind === 'CronJob') for (const a of obj.status.active ?? []) a.resourceVersion = byUid.get(a.uid)?.metadata.resourceVersion ?? '';
  }

  // SnapshotInfo: every kind read in full, except Secrets in namespace batch (forbidden to this user).
  const count = new Map();
  for (const { obj } of registry) count.set(obj.kind, (count.get(obj.kind) ?? 0) + 1);
  const namespaces = registry.filter((r) => r.obj.kind === 'Namespace').map((r) => r.obj.metadata.name).sort();
  const kinds = {};
  for (const k of KIND_ORDER) kinds[k] = { state: 'ready', count: count.get(k) ?? 0 };
  kinds.Secret = {
    state: 'partial',
    count: count.get('Secret') ?? 0,
    namespaces: namespaces.filter((n) => n !== 'batch'),
    message: 'secrets is forbidden: User "demo-viewer" cannot list resource "secrets" in API group "" in the namespace "batch"',
  };
  const info = {
    apiVersion: 'k8stui.dev/v1',
    kind: 'SnapshotInfo',
    context: 'demo',
    cluster: 'demo',
    server: 'https://demo.k8stui.invalid:6443',
    serverVersion: 'v1.34.2',
    user: 'demo-viewer',
    namespaces,
    capturedAt: CAPTURED_AT,
    tool: 'scripts/gen-demo.mjs',
    kinds,
  };

  const files = new Map();
  const grouped = new Map();
  for (const r of registry) {
    if (!grouped.has(r.file)) grouped.set(r.file, []);
    grouped.get(r.file).push(r.obj);
  }
  const sorted = [...grouped.entries()].sort().map(([file, list]) => [
    file.replace(/\.yaml$/, ''),
    list.sort((a, b) => {
      const ka = KIND_ORDER.indexOf(a.kind);
      const kb = KIND_ORDER.indexOf(b.kind);
      if (ka !== kb) return ka - kb;
      const na = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
      const nb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
      return na < nb ? -1 : na > nb ? 1 : 0;
    }),
  ]);
  if (format === 'yaml') {
    const header = (name) => `# k8stui demo cluster: ${FILE_TITLES[name]}.\n# Generated by scripts/gen-demo.mjs; do not edit by hand (see README.md).\n`;
    // kubectl's YAML: keys sorted, sequences not indented, timestamps quoted (go-yaml quotes what would read as a timestamp).
    const dump = (o) =>
      stringify(o, { sortMapEntries: true, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, indentSeq: false })
        .replace(/^(\s*(?:- )?[\w./-]+: )(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))$/gm, '$1"$2"');
    files.set('00-snapshot-info.yaml', header('00-snapshot-info') + dump(info));
    for (const [base, list] of sorted) files.set(`${base}.yaml`, header(base) + list.map((o) => `---\n${dump(o)}`).join(''));
  } else {
    // `kubectl get -o json`: a v1 List per file (2-space indentation keeps the demo under 1 MB).
    const json = (o) => `${JSON.stringify(kubectlOrder(o), null, 2)}\n`;
    files.set('00-snapshot-info.json', json(info));
    for (const [base, list] of sorted) files.set(`${base}.json`, json({ apiVersion: 'v1', items: list, kind: 'List', metadata: { resourceVersion: '' } }));
  }
  return files;
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  if (args.includes('--new-certs')) issueCerts();
  if (!existsSync(path.join(CERTS, 'demo-ca.crt'))) {
    console.error(`gen-demo: no certificates in ${path.relative(ROOT, CERTS)}; run with --new-certs (needs openssl)`);
    process.exit(2);
  }
  const fa = args.find((a) => a.startsWith('--format='));
  const format = fa ? fa.slice('--format='.length) : 'json';
  if (format !== 'json' && format !== 'yaml') {
    console.error('gen-demo: --format is json or yaml');
    process.exit(2);
  }
  const files = generate({ format });
  const ours = (f) => /^\d\d-[\w-]+\.(json|yaml)$/.test(f);
  if (check) {
    const stale = [];
    for (const [name, text] of files) {
      const p = path.join(OUT, name);
      if (!existsSync(p) || readFileSync(p, 'utf8') !== text) stale.push(name);
    }
    const extra = readdirSync(OUT).filter((f) => ours(f) && !files.has(f));
    if (stale.length || extra.length) {
      console.error(`gen-demo: examples/demo-cluster is out of date (${[...stale, ...extra].join(', ')}); run node scripts/gen-demo.mjs`);
      process.exit(1);
    }
    console.log(`gen-demo: ${files.size} files up to date`);
    return;
  }
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (ours(f) && !files.has(f)) rmSync(path.join(OUT, f));
  let bytes = 0;
  for (const [name, text] of files) {
    writeFileSync(path.join(OUT, name), text);
    bytes += Buffer.byteLength(text);
  }
  console.log(`gen-demo: wrote ${files.size} files, ${registry.length} objects, ${(bytes / 1024).toFixed(0)} KiB to ${path.relative(ROOT, OUT)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
