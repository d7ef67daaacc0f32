// A synthetic cluster for the benchmark: 10,000 pods, 300 StatefulSets (with
// their pods, PVCs, PVs and ControllerRevisions), 1,500 Deployments (with
// ReplicaSets and pods), 2,000 Services with EndpointSlices, 500 CronJobs with
// 3,000 Jobs (and their pods), 50,000 events — written the way
// `k8stui snapshot save` writes a capture: a SnapshotInfo YAML document, then
// one single-line JSON object per document.
//
// Deterministic: names, uids, IPs and times derive from a seed and from
// CAPTURED_AT, so every run measures the same bytes. Objects have the shapes a
// real API server returns (the same builders' style as scripts/gen-demo.mjs):
// status and conditions as controllers write them, ownerReferences, managed
// labels (controller-revision-hash, pod-template-hash,
// batch.kubernetes.io/controller-uid), EndpointSlices with
// addressType/endpoints/conditions/targetRef/nodeName/ports, events with
// involvedObject/source/count/first- and lastTimestamp. About 3% of the pods
// have a problem (failing readiness, CrashLoopBackOff, ImagePullBackOff,
// unschedulable), as a busy real cluster does, so diagnostics have work to do.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { stringify } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export const CAPTURED_AT = '2026-11-20T10:30:00Z';
const T = Date.parse(CAPTURED_AT);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

export interface SynthSizes {
  pods: number;
  statefulSets: number;
  services: number;
  cronJobs: number;
  jobs: number;
  events: number;
}

export const DEFAULT_SIZES: SynthSizes = { pods: 10_000, statefulSets: 300, services: 2_000, cronJobs: 500, jobs: 3_000, events: 50_000 };

// ---------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha = (s: string) => createHash('sha1').update(s).digest();
function uid(...parts: string[]): string {
  const h = createHash('sha256').update(`uid:${parts.join('/')}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
// k8s.io/apimachinery/pkg/util/rand.SafeEncodeString alphabet.
const ALPHA = 'bcdfghjklmnpqrstvwxz2456789';
function safe(seed: string, n: number): string {
  const b = sha(`safe:${seed}`);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHA[b[i]! % ALPHA.length];
  return s;
}
function hex(seed: string, n: number): string {
  let out = '';
  for (let i = 0; out.length < n; i++) out += createHash('sha256').update(`hex:${seed}:${i}`).digest('hex');
  return out.slice(0, n);
}
function num(seed: string, mod: number): number {
  return sha(`num:${seed}`).readUInt32BE(0) % mod;
}
/** Drop undefined values, as the API server never prints them. */
function clean<V>(v: V): V {
  if (Array.isArray(v)) return v.map(clean) as V;
  if (v && typeof v === 'object') {
    const o: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = clean(x);
    return o as V;
  }
  return v;
}

const WORDS = [
  'payments', 'checkout', 'search', 'catalog', 'orders', 'billing', 'identity', 'ledger', 'shipping', 'inventory',
  'pricing', 'reviews', 'notify', 'media', 'profile', 'reports', 'fraud', 'loyalty', 'gateway', 'analytics',
  'ads', 'cart', 'session', 'recommend', 'export',
];
const ENVS = ['prod', 'staging'];
const ROLES = ['api', 'worker', 'web', 'consumer', 'scheduler', 'cache', 'proxy', 'indexer', 'sync', 'admin', 'grpc', 'events'];
const STS_KINDS = [
  { role: 'db', image: 'postgres:16.4', port: 5432, portName: 'postgres', size: '50Gi' },
  { role: 'redis', image: 'redis:7.4.1', port: 6379, portName: 'redis', size: '10Gi' },
  { role: 'kafka', image: 'bitnami/kafka:3.8.0', port: 9092, portName: 'kafka', size: '100Gi' },
  { role: 'zk', image: 'zookeeper:3.9.2', port: 2181, portName: 'client', size: '5Gi' },
  { role: 'es', image: 'elasticsearch:8.15.3', port: 9200, portName: 'http', size: '200Gi' },
  { role: 'mq', image: 'rabbitmq:3.13-management', port: 5672, portName: 'amqp', size: '20Gi' },
];
const JOB_TASKS = ['backup', 'report', 'cleanup', 'sync', 'export', 'rotate', 'reindex', 'digest', 'compact', 'audit'];
/** Schedules with their period and offset (ms past the period's start), so jobs land exactly on schedule. */
const SCHEDULES: [string, number, number][] = [
  ['*/15 * * * *', 15 * 60_000, 0],
  ['0 * * * *', 3_600_000, 0],
  ['30 */2 * * *', 7_200_000, 30 * 60_000],
  ['0 2 * * *', 86_400_000, 7_200_000],
  ['*/30 * * * *', 30 * 60_000, 0],
  ['15 */6 * * *', 6 * 3_600_000, 15 * 60_000],
  ['0 */4 * * *', 4 * 3_600_000, 0],
  ['45 * * * *', 3_600_000, 45 * 60_000],
];

// ---------------------------------------------------------------------------
// Cluster shape
// ---------------------------------------------------------------------------

interface NodeInfo {
  name: string;
  ip: string;
  zone: string;
  prefix: string;
  next: number;
}

const ZONES = ['us-west-2a', 'us-west-2b', 'us-west-2c'];

export class SynthCluster {
  readonly objects: Obj[] = [];
  private rv = 100_000;
  private nodes: NodeInfo[] = [];
  private cipUsed = new Set<string>();
  private npUsed = new Set<number>();
  private podsByNs = new Map<string, Obj[]>();
  private problem = 0;
  readonly counts = new Map<string, number>();

  constructor(readonly sizes: SynthSizes = DEFAULT_SIZES) {}

  private add(o: Obj): Obj {
    this.rv += 1 + num(`rv:${this.objects.length}`, 7);
    o.metadata.resourceVersion = String(this.rv);
    this.objects.push(o);
    this.counts.set(o.kind, (this.counts.get(o.kind) ?? 0) + 1);
    return o;
  }

  private meta(kind: string, ns: string | undefined, name: string, created: number, extra: Obj = {}): Obj {
    return clean({ name, namespace: ns, uid: uid(kind, ns ?? '', name), resourceVersion: '0', creationTimestamp: iso(created), ...extra });
  }

  private ownerRef(o: Obj): Obj {
    return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
  }

  namespaces(): string[] {
    const out: string[] = [];
    for (const w of WORDS) for (const e of ENVS) out.push(`${w}-${e}`);
    return out;
  }

  build(): this {
    const nsList = this.namespaces();
    this.buildClusterScoped(nsList);
    const stsPods = this.buildStatefulSets(nsList);
    const jobPods = this.sizes.jobs; // one pod per Job
    const deployPods = Math.max(0, this.sizes.pods - stsPods - jobPods);
    this.buildDeployments(nsList, deployPods);
    this.buildExtraServices(nsList);
    this.buildCronJobs(nsList);
    this.buildEvents();
    return this;
  }

  // ----- Namespaces, Nodes, StorageClasses, IngressClasses -----

  private buildClusterScoped(nsList: string[]): void {
    const created = Date.parse('2026-02-11T09:12:44Z');
    for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system', ...nsList]) {
      this.add({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: this.meta('Namespace', undefined, name, created + num(`nsc:${name}`, 90) * D, { labels: { 'kubernetes.io/metadata.name': name } }),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
    const nodeCount = Math.ceil(this.sizes.pods / 95);
    for (let i = 0; i < nodeCount; i++) {
      const zi = i % 3;
      const ip = `10.0.${zi * 32 + Math.floor(i / 250)}.${10 + (i % 240)}`;
      const name = `ip-${ip.replaceAll('.', '-')}.us-west-2.compute.internal`;
      const cidr = `10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`;
      this.nodes.push({ name, ip, zone: ZONES[zi]!, prefix: cidr.replace(/0\/24$/, ''), next: 2 });
      const nodeCreated = T - (3 + num(`nodec:${i}`, 40)) * D;
      const hb = iso(T - (5 + num(`hb:${i}`, 40)) * S);
      const cond = (type: string, status: string, reason: string, message: string, since: number) => ({ lastHeartbeatTime: hb, lastTransitionTime: iso(since), message, reason, status, type });
      const instance = `i-0${hex(`inst:${i}`, 16)}`;
      this.add({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: this.meta('Node', undefined, name, nodeCreated, {
          annotations: {
            'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'ebs.csi.aws.com': instance }),
            'node.alpha.kubernetes.io/ttl': '0',
            'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
          },
          labels: {
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/instance-type': 'm6i.2xlarge',
            'beta.kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'node.kubernetes.io/instance-type': 'm6i.2xlarge',
            'topology.ebs.csi.aws.com/zone': ZONES[zi]!,
            'topology.kubernetes.io/region': 'us-west-2',
            'topology.kubernetes.io/zone': ZONES[zi]!,
          },
        }),
        spec: { podCIDR: cidr, podCIDRs: [cidr], providerID: `aws:///${ZONES[zi]}/${instance}` },
        status: {
          addresses: [
            { address: ip, type: 'InternalIP' },
            { address: name, type: 'InternalDNS' },
            { address: name, type: 'Hostname' },
          ],
          allocatable: { cpu: '7910m', 'ephemeral-storage': '95491281146', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '31482720Ki', pods: '110' },
          capacity: { cpu: '8', 'ephemeral-storage': '104845292Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32408416Ki', pods: '110' },
          conditions: [
            cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', nodeCreated + 5 * S),
            cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', nodeCreated + 5 * S),
            cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', nodeCreated + 5 * S),
            cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', nodeCreated + 31 * S),
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            architecture: 'amd64',
            bootID: uid('boot', name),
            containerRuntimeVersion: 'containerd://2.1.4',
            kernelVersion: '6.12.46-66.121.amzn2023.x86_64',
            kubeletVersion: 'v1.34.2',
            machineID: hex(`machine:${name}`, 32),
            operatingSystem: 'linux',
            osImage: 'Amazon Linux 2023.9.20251110',
            systemUUID: uid('sysuuid', name),
          },
        },
      });
    }
    for (const [name, type, isDefault] of [['standard', 'gp3', true], ['fast', 'io2', false]] as const) {
      this.add({
        allowVolumeExpansion: true,
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: this.meta('StorageClass', undefined, name, created + H, isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
        parameters: { type, encrypted: 'true' },
        provisioner: 'ebs.csi.aws.com',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
      });
    }
    this.add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: this.meta('IngressClass', undefined, 'nginx', created + D, { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' }, generation: 1 }),
      spec: { controller: 'k8s.io/ingress-nginx' },
    });
  }

  // ----- Pods -----

  private node(seed: string): NodeInfo {
    return this.nodes[num(`node:${seed}`, this.nodes.length)]!;
  }

  private podIp(n: NodeInfo): string {
    const i = n.next++;
    return `${n.prefix}${i}`;
  }

  private clusterIp(seed: string): string {
    for (let i = 0; ; i++) {
      const h = sha(`cip:${seed}:${i}`);
      const ip = `172.20.${h[0]}.${1 + (h[1]! % 254)}`;
      if (!this.cipUsed.has(ip)) {
        this.cipUsed.add(ip);
        return ip;
      }
    }
  }

  private nodePort(seed: string): number {
    for (let i = 0; ; i++) {
      const p = 30000 + num(`np:${seed}:${i}`, 2768);
      if (!this.npUsed.has(p)) {
        this.npUsed.add(p);
        return p;
      }
    }
  }

  private container(c: { name: string; image: string; port?: number; portName?: string; metricsPort?: number; probe?: boolean; job?: boolean }, extraMounts: Obj[] = []): Obj {
    const probe = c.probe && c.port
      ? { failureThreshold: 3, httpGet: { path: '/healthz', port: c.portName ?? c.port, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 }
      : undefined;
    return clean({
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      args: c.job ? ['--once', '--log-format=json'] : undefined,
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      ],
      ports: c.port
        ? [{ containerPort: c.port, name: c.portName ?? 'http', protocol: 'TCP' }, ...(c.metricsPort ? [{ containerPort: c.metricsPort, name: 'metrics', protocol: 'TCP' }] : [])]
        : undefined,
      readinessProbe: probe,
      livenessProbe: probe ? { ...probe, failureThreshold: 6, periodSeconds: 20 } : undefined,
      resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: extraMounts.length ? extraMounts : undefined,
    });
  }

  private template(labels: Obj, containers: Obj[], restartPolicy = 'Always', volumes?: Obj[]): Obj {
    return clean({
      metadata: { labels },
      spec: {
        containers,
        dnsPolicy: 'ClusterFirst',
        restartPolicy,
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
        volumes,
      },
    });
  }

  /** What goes wrong with this pod, if anything: about 3% of pods. */
  private trouble(seed: string, job: boolean): 'ok' | 'unready' | 'crash' | 'pull' | 'pending' {
    const r = num(`trouble:${seed}`, 1000);
    if (r < 12) return 'unready';
    if (r < 20) return 'crash';
    if (r < 25) return 'pull';
    if (r < 30 && !job) return 'pending';
    return 'ok';
  }

  /** A pod as the kubelet reports it. */
  private pod(o: {
    ns: string;
    name: string;
    generateName: string;
    labels: Obj;
    owner: Obj;
    containers: Obj[];
    created: number;
    restartPolicy?: string;
    hostname?: string;
    subdomain?: string;
    volumes?: Obj[];
    /** Job pods: 'running' or how it ended. */
    jobResult?: 'running' | 'succeeded' | 'failed';
    finishedAt?: number;
  }): Obj {
    const seed = `${o.ns}/${o.name}`;
    const kubeApi = `kube-api-access-${safe(`kapi:${seed}`, 5)}`;
    const apiMount = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: kubeApi, readOnly: true };
    const trouble = this.trouble(seed, !!o.jobResult);
    const n = trouble === 'pending' ? undefined : this.node(seed);
    const scheduledAt = o.created + S;
    const startedAt = scheduledAt + (3 + num(`st:${seed}`, 20)) * S;
    const spec = clean({
      containers: o.containers.map((c) => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), apiMount] })),
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      hostname: o.hostname,
      nodeName: n?.name,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: o.restartPolicy ?? 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      subdomain: o.subdomain,
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        ...(o.volumes ?? []),
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
      ],
    });
    const cond = (type: string, status: string, t: number, extra: Obj = {}) => clean({ lastProbeTime: null, lastTransitionTime: iso(t), observedGeneration: 1, status, type, ...extra });
    let status: Obj;
    if (!n) {
      this.problem++;
      status = {
        conditions: [
          cond('PodScheduled', 'False', o.created + 40, {
            reason: 'Unschedulable',
            message: `0/${this.nodes.length} nodes are available: ${this.nodes.length} Insufficient memory. preemption: 0/${this.nodes.length} nodes are available: ${this.nodes.length} No preemption victims found for incoming pod.`,
          }),
        ],
        phase: 'Pending',
        qosClass: 'Burstable',
      };
    } else {
      const ip = this.podIp(n);
      const cname = o.containers[0]!.name;
      const image = o.containers[0]!.image as string;
      const full = image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
      const cid = (k: number) => `containerd://${hex(`cid:${seed}:${k}`, 64)}`;
      const imageID = `${full.replace(/:[^/:]+$/, '')}@sha256:${hex(`img:${full}`, 64)}`;
      let phase = 'Running';
      let ready = true;
      let state: Obj = { running: { startedAt: iso(startedAt) } };
      let lastState: Obj = {};
      let restarts = 0;
      let notReadyReason: Obj | undefined;
      let end = 0;
      if (o.jobResult === 'succeeded' || o.jobResult === 'failed') {
        end = o.finishedAt ?? startedAt + 30 * S;
        phase = o.jobResult === 'succeeded' ? 'Succeeded' : 'Failed';
        ready = false;
        state = { terminated: { containerID: cid(0), exitCode: phase === 'Succeeded' ? 0 : 1, finishedAt: iso(end), reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: iso(startedAt) } };
      } else if (trouble === 'unready') {
        this.problem++;
        ready = false;
        notReadyReason = { reason: 'ContainersNotReady', message: `containers with unready status: [${cname}]` };
      } else if (trouble === 'crash') {
        this.problem++;
        ready = false;
        restarts = 5 + num(`rs:${seed}`, 200);
        const lastEnd = T - (1 + num(`le:${seed}`, 4)) * M;
        state = { waiting: { message: `back-off 5m0s restarting failed container=${cname} pod=${o.name}_${o.ns}(${uid('Pod', o.ns, o.name)})`, reason: 'CrashLoopBackOff' } };
        lastState = { terminated: { containerID: cid(restarts - 1), exitCode: 1, finishedAt: iso(lastEnd), reason: 'Error', startedAt: iso(lastEnd - 4 * S) } };
        notReadyReason = { reason: 'ContainersNotReady', message: `containers with unready status: [${cname}]` };
      } else if (trouble === 'pull') {
        this.problem++;
        ready = false;
        state = { waiting: { message: `Back-off pulling image "${image}-rc1": ErrImagePull: failed to pull and unpack image "${full}-rc1": not found`, reason: 'ImagePullBackOff' } };
        notReadyReason = { reason: 'ContainersNotReady', message: `containers with unready status: [${cname}]` };
      }
      const readyAt = ready ? startedAt + 6 * S : scheduledAt + 2 * S;
      const done = phase === 'Succeeded' || phase === 'Failed';
      const why = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
      const conditions = done
        ? [
            cond('PodReadyToStartContainers', 'False', end + S),
            cond('Initialized', 'True', scheduledAt, phase === 'Succeeded' ? { reason: 'PodCompleted' } : {}),
            cond('Ready', 'False', end, { reason: why }),
            cond('ContainersReady', 'False', end, { reason: why }),
            cond('PodScheduled', 'True', scheduledAt),
          ]
        : [
            cond('PodReadyToStartContainers', 'True', scheduledAt + 2 * S),
            cond('Initialized', 'True', scheduledAt),
            cond('Ready', ready ? 'True' : 'False', readyAt, notReadyReason ?? {}),
            cond('ContainersReady', ready ? 'True' : 'False', readyAt, notReadyReason ?? {}),
            cond('PodScheduled', 'True', scheduledAt),
          ];
      status = clean({
        conditions,
        containerStatuses: [
          clean({
            containerID: trouble === 'pull' ? undefined : cid(restarts),
            image: full,
            imageID: trouble === 'pull' ? '' : imageID,
            lastState,
            name: cname,
            ready,
            restartCount: restarts,
            started: !!state.running,
            state,
            volumeMounts: [...(o.containers[0]!.volumeMounts ?? []), { ...apiMount, recursiveReadOnly: 'Disabled' }],
          }),
        ],
        hostIP: n.ip,
        hostIPs: [{ ip: n.ip }],
        observedGeneration: 1,
        phase,
        podIP: ip,
        podIPs: [{ ip }],
        qosClass: 'Burstable',
        startTime: iso(scheduledAt),
      });
    }
    const pod = this.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: this.meta('Pod', o.ns, o.name, o.created, {
        generateName: o.generateName,
        labels: o.labels,
        ownerReferences: [this.ownerRef(o.owner)],
        finalizers: o.jobResult === 'running' ? ['batch.kubernetes.io/job-tracking'] : undefined,
        generation: 1,
      }),
      spec,
      status,
    });
    let arr = this.podsByNs.get(o.ns);
    if (!arr) this.podsByNs.set(o.ns, (arr = []));
    arr.push(pod);
    return pod;
  }

  // ----- Services and EndpointSlices -----

  private service(v: { ns: string; name: string; created: number; selector?: Obj; port: number; targetPort: number | string; portName: string; type?: string; headless?: boolean; labels?: Obj; externalName?: string }): Obj {
    const type = v.type ?? 'ClusterIP';
    const spec: Obj = { type };
    if (type !== 'ExternalName') {
      const ip = v.headless ? 'None' : this.clusterIp(`${v.ns}/${v.name}`);
      Object.assign(spec, { clusterIP: ip, clusterIPs: [ip], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    } else {
      spec.externalName = v.externalName;
    }
    spec.ports = [
      clean({
        name: v.portName,
        nodePort: type === 'NodePort' || type === 'LoadBalancer' ? this.nodePort(`${v.ns}/${v.name}`) : undefined,
        port: v.port,
        protocol: 'TCP',
        targetPort: v.targetPort,
      }),
    ];
    if (v.selector) spec.selector = v.selector;
    spec.sessionAffinity = 'None';
    if (type === 'NodePort' || type === 'LoadBalancer') spec.externalTrafficPolicy = 'Cluster';
    if (type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts = true;
    const pending = type === 'LoadBalancer' && num(`lbp:${v.ns}/${v.name}`, 4) === 0;
    const svc = this.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: this.meta('Service', v.ns, v.name, v.created, { labels: v.labels }),
      spec,
      status: {
        loadBalancer:
          type === 'LoadBalancer' && !pending
            ? { ingress: [{ hostname: `a${hex(`lb:${v.ns}/${v.name}`, 32)}-${1e9 + num(`lbn:${v.name}`, 9e8)}.us-west-2.elb.amazonaws.com` }] }
            : {},
      },
    });
    if (v.selector) this.endpointSlices(svc);
    return svc;
  }

  /** EndpointSlices as the endpointslice controller writes them: up to 100 endpoints each. */
  private endpointSlices(svc: Obj): void {
    const ns = svc.metadata.namespace as string;
    const name = svc.metadata.name as string;
    const sel = svc.spec.selector as Obj;
    const headless = svc.spec.clusterIP === 'None';
    const pods = (this.podsByNs.get(ns) ?? []).filter(
      (p) => p.status.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed' && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v),
    );
    pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const sp = svc.spec.ports[0];
    let port = typeof sp.targetPort === 'number' ? sp.targetPort : undefined;
    if (port === undefined && pods[0]) port = pods[0].spec.containers[0].ports?.find((x: Obj) => x.name === sp.targetPort)?.containerPort;
    const labels = {
      ...(svc.metadata.labels ?? {}),
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': name,
      ...(headless ? { 'service.kubernetes.io/headless': '' } : {}),
    };
    const chunks: Obj[][] = [];
    for (let i = 0; i < pods.length; i += 100) chunks.push(pods.slice(i, i + 100));
    if (chunks.length === 0) chunks.push([]);
    chunks.forEach((chunk, i) => {
      const sliceName = `${name}-${safe(`eps:${ns}/${name}:${i}`, 5)}`;
      this.add({
        addressType: 'IPv4',
        apiVersion: 'discovery.k8s.io/v1',
        endpoints: chunk.length
          ? chunk.map((p) => {
              const ready = p.status.conditions.some((c: Obj) => c.type === 'Ready' && c.status === 'True');
              return clean({
                addresses: [p.status.podIP],
                conditions: { ready, serving: ready, terminating: false },
                hostname: headless && p.spec.subdomain === name ? p.spec.hostname : undefined,
                nodeName: p.spec.nodeName,
                targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
                zone: this.nodes.find((x) => x.name === p.spec.nodeName)?.zone,
              });
            })
          : null,
        kind: 'EndpointSlice',
        metadata: this.meta('EndpointSlice', ns, sliceName, Date.parse(svc.metadata.creationTimestamp) + S, {
          annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(T - num(`eptt:${sliceName}`, 3 * D)) },
          generateName: `${name}-`,
          generation: 1 + num(`gen:${sliceName}`, 30),
          labels,
          ownerReferences: [this.ownerRef(svc)],
        }),
        ports: chunk.length && port !== undefined ? [{ name: sp.name, port, protocol: 'TCP' }] : null,
      });
    });
  }

  // ----- StatefulSets -----

  private buildStatefulSets(nsList: string[]): number {
    let pods = 0;
    for (let i = 0; i < this.sizes.statefulSets; i++) {
      const ns = nsList[i % nsList.length]!;
      const k = STS_KINDS[Math.floor(i / nsList.length) % STS_KINDS.length]!;
      const gen = Math.floor(i / (nsList.length * STS_KINDS.length));
      const name = `${ns.split('-')[0]}-${k.role}${gen ? `-${gen + 1}` : ''}`;
      const replicas = [3, 3, 1, 3, 2, 5, 3, 1][i % 8]!;
      const created = T - (10 + num(`stsc:${ns}/${name}`, 120)) * D;
      const labels = { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': k.role };
      const sts: Obj = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: this.meta('StatefulSet', ns, name, created) };
      const rolling = num(`roll:${ns}/${name}`, 10) === 0 && replicas > 1;
      const images = rolling ? [k.image, k.image.replace(/(\d+)$/, (d) => String(Number(d) + 1))] : [k.image];
      const mount = { mountPath: '/data', name: 'data' };
      const templates = images.map((img) => this.template(labels, [this.container({ name: k.role, image: img, port: k.port, portName: k.portName, probe: true }, [mount])]));
      const revNames = images.map((_, r) => `${name}-${safe(`rev:${ns}/${name}:${r}`, 10)}`);
      revNames.forEach((rn, r) => {
        this.add({
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: this.meta('ControllerRevision', ns, rn, created + r * 7 * D, {
            labels: { ...labels, 'controller.kubernetes.io/hash': rn.slice(name.length + 1) },
            ownerReferences: [this.ownerRef(sts)],
          }),
          data: { spec: { template: { $patch: 'replace', ...templates[r] } } },
          revision: r + 1,
        });
      });
      const stsPods: Obj[] = [];
      for (let ord = 0; ord < replicas; ord++) {
        // A rollout goes from the highest ordinal down: the last one is updated.
        const rev = rolling && ord === replicas - 1 ? 1 : 0;
        const podName = `${name}-${ord}`;
        const pCreated = created + ord * M + (rev ? 7 * D : 0);
        stsPods.push(
          this.pod({
            ns,
            name: podName,
            generateName: `${name}-`,
            labels: { ...labels, 'apps.kubernetes.io/pod-index': String(ord), 'controller-revision-hash': revNames[rev]!, 'statefulset.kubernetes.io/pod-name': podName },
            owner: sts,
            containers: templates[rev]!.spec.containers,
            created: pCreated,
            hostname: podName,
            subdomain: name,
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `data-${podName}` } }],
          }),
        );
        this.pvc(ns, `data-${podName}`, labels, k.size, pCreated - S, stsPods[stsPods.length - 1]!.spec.nodeName);
        pods++;
      }
      const ready = stsPods.filter((p) => p.status.conditions?.some((c: Obj) => c.type === 'Ready' && c.status === 'True')).length;
      const updateRev = revNames.length - 1;
      const onRev = (r: number) => stsPods.filter((p) => p.metadata.labels['controller-revision-hash'] === revNames[r]).length;
      Object.assign(sts, {
        metadata: this.meta('StatefulSet', ns, name, created, { generation: images.length, labels }),
        spec: {
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          podManagementPolicy: 'OrderedReady',
          replicas,
          revisionHistoryLimit: 10,
          selector: { matchLabels: labels },
          serviceName: name,
          template: templates[updateRev],
          updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
          volumeClaimTemplates: [
            {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k.size } }, storageClassName: 'standard', volumeMode: 'Filesystem' },
              status: { phase: 'Pending' },
            },
          ],
        },
        status: clean({
          availableReplicas: ready,
          collisionCount: 0,
          currentReplicas: onRev(0) || undefined,
          currentRevision: revNames[0],
          observedGeneration: images.length,
          readyReplicas: ready || undefined,
          replicas,
          updateRevision: revNames[updateRev],
          updatedReplicas: onRev(updateRev) || undefined,
        }),
      });
      this.add(sts);
      // The governing headless Service (a few are missing, as in real clusters).
      if (num(`nosvc:${ns}/${name}`, 60) !== 0) {
        this.service({ ns, name, created: created - M, selector: labels, port: k.port, targetPort: k.portName, portName: k.portName, headless: true, labels });
      }
    }
    return pods;
  }

  private pvc(ns: string, name: string, labels: Obj, size: string, created: number, node: string | undefined): void {
    const claimUid = uid('PersistentVolumeClaim', ns, name);
    const pvName = `pvc-${claimUid}`;
    const bound = node !== undefined;
    this.add({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: this.meta('PersistentVolumeClaim', ns, name, created, {
        annotations: bound
          ? {
              'pv.kubernetes.io/bind-completed': 'yes',
              'pv.kubernetes.io/bound-by-controller': 'yes',
              'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
              'volume.kubernetes.io/selected-node': node,
              'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            }
          : undefined,
        finalizers: ['kubernetes.io/pvc-protection'],
        labels,
      }),
      spec: clean({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: 'standard', volumeMode: 'Filesystem', volumeName: bound ? pvName : undefined }),
      status: bound ? { accessModes: ['ReadWriteOnce'], capacity: { storage: size }, phase: 'Bound' } : { phase: 'Pending' },
    });
    if (!bound) return;
    const zone = this.nodes.find((x) => x.name === node)!.zone;
    this.add({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: this.meta('PersistentVolume', undefined, pvName, created + 9 * S, {
        annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' },
        finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection', 'external-attacher/ebs-csi-aws-com'],
      }),
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: size },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace: ns, resourceVersion: String(this.rv), uid: claimUid },
        csi: { driver: 'ebs.csi.aws.com', fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': '1759646472381-7215-ebs.csi.aws.com' }, volumeHandle: `vol-0${hex(`vol:${claimUid}`, 16)}` },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } },
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
      },
      status: { lastPhaseTransitionTime: iso(created + 10 * S), phase: 'Bound' },
    });
  }

  // ----- Deployments, ReplicaSets, their pods and Services -----

  private deploymentServices = 0;

  private buildDeployments(nsList: string[], totalPods: number): void {
    const stsSvcs = this.counts.get('Service') ?? 0;
    // Most Services front a Deployment; the rest (metrics, external names) come after.
    const count = Math.max(1, Math.min(this.sizes.services - stsSvcs - Math.floor(this.sizes.services / 10), Math.ceil(totalPods / 3)));
    let left = totalPods;
    for (let i = 0; i < count; i++) {
      const ns = nsList[i % nsList.length]!;
      const role = ROLES[Math.floor(i / nsList.length) % ROLES.length]!;
      const gen = Math.floor(i / (nsList.length * ROLES.length));
      const name = `${ns.split('-')[0]}-${role}${gen ? `-v${gen + 1}` : ''}`;
      const replicas = i === count - 1 ? left : Math.min(left, Math.max(1, Math.round(totalPods / count) + ((i % 5) - 2)));
      left -= replicas;
      const created = T - (5 + num(`depc:${ns}/${name}`, 200)) * D;
      const labels = { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': ns.split('-')[0]! };
      const image = `registry.example.com/${ns.split('-')[0]}/${role}:1.${num(`v:${name}`, 40)}.${num(`p:${name}`, 9)}`;
      const dep: Obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: this.meta('Deployment', ns, name, created) };
      const containers = [this.container({ name: role, image, port: 8080, portName: 'http', metricsPort: 9090, probe: true })];
      // The current ReplicaSet, and the previous one scaled to zero.
      const rsNames: string[] = [];
      let curRs: Obj | undefined;
      for (let r = 0; r < 2; r++) {
        const hash = safe(`pth:${ns}/${name}:${r}`, 10).slice(0, 9 + num(`pthl:${name}:${r}`, 2));
        const rsName = `${name}-${hash}`;
        rsNames.push(rsName);
        const rsLabels = { ...labels, 'pod-template-hash': hash };
        const rsCreated = created + r * 3 * D;
        const cur = r === 1;
        const rs: Obj = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: this.meta('ReplicaSet', ns, rsName, rsCreated, {
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(replicas),
              'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
              'deployment.kubernetes.io/revision': String(r + 1),
            },
            generation: cur ? 1 : 2,
            labels: rsLabels,
            ownerReferences: [this.ownerRef(dep)],
          }),
          spec: { replicas: cur ? replicas : 0, selector: { matchLabels: rsLabels }, template: this.template(rsLabels, containers) },
          status: { observedGeneration: cur ? 1 : 2, replicas: 0 },
        };
        if (cur) {
          curRs = rs;
          let ready = 0;
          for (let p = 0; p < replicas; p++) {
            const podName = `${rsName}-${safe(`pod:${rsName}:${p}`, 5)}`;
            const pod = this.pod({ ns, name: podName, generateName: `${rsName}-`, labels: rsLabels, owner: rs, containers, created: rsCreated + 20 * S });
            if (pod.status.conditions?.some((c: Obj) => c.type === 'Ready' && c.status === 'True')) ready++;
          }
          rs.status = clean({ availableReplicas: ready || undefined, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: ready || undefined, replicas });
        }
        this.add(rs);
      }
      const rs = curRs!;
      const ready = (rs.status.readyReplicas as number | undefined) ?? 0;
      const okAvail = ready >= replicas - Math.floor(replicas * 0.25);
      const at = created + 3 * D;
      Object.assign(dep, {
        metadata: this.meta('Deployment', ns, name, created, { annotations: { 'deployment.kubernetes.io/revision': '2' }, generation: 2, labels }),
        spec: {
          progressDeadlineSeconds: 600,
          replicas,
          revisionHistoryLimit: 10,
          selector: { matchLabels: labels },
          strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
          template: this.template(labels, containers),
        },
        status: clean({
          availableReplicas: ready || undefined,
          conditions: [
            okAvail
              ? { lastTransitionTime: iso(at + 20 * S), lastUpdateTime: iso(at + 20 * S), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' }
              : { lastTransitionTime: iso(T - H), lastUpdateTime: iso(T - H), message: 'Deployment does not have minimum availability.', reason: 'MinimumReplicasUnavailable', status: 'False', type: 'Available' },
            { lastTransitionTime: iso(at), lastUpdateTime: iso(at + 20 * S), message: `ReplicaSet "${rsNames[1]}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
          ],
          observedGeneration: 2,
          readyReplicas: ready || undefined,
          replicas,
          unavailableReplicas: replicas - ready > 0 ? replicas - ready : undefined,
          updatedReplicas: replicas,
        }),
      });
      this.add(dep);
      const type = i % 50 === 7 ? 'LoadBalancer' : i % 10 === 3 ? 'NodePort' : 'ClusterIP';
      this.service({ ns, name, created: created - M, selector: labels, port: 80, targetPort: 'http', portName: 'http', type, labels: { app: name } });
      this.deploymentServices++;
    }
  }

  private buildExtraServices(nsList: string[]): void {
    // Second Services on existing pods (metrics scraping), a few whose selector
    // matches nothing (a typo'd label), and ExternalNames.
    const deps = this.objects.filter((o) => o.kind === 'Deployment');
    let have = this.counts.get('Service') ?? 0;
    for (let i = 0; have < this.sizes.services; i++, have++) {
      if (i % 20 === 19) {
        const ns = nsList[i % nsList.length]!;
        this.service({ ns, name: `${ns.split('-')[0]}-external-${i}`, created: T - 30 * D, type: 'ExternalName', externalName: `db-${i}.internal.example.com`, port: 5432, targetPort: 5432, portName: 'pg' });
        continue;
      }
      const d = deps[i % deps.length]!;
      const ns = d.metadata.namespace as string;
      const broken = i % 25 === 11;
      const selector = broken ? { app: `${d.metadata.name}-v2` } : d.spec.selector.matchLabels;
      this.service({ ns, name: `${d.metadata.name}-metrics${i >= deps.length ? `-${Math.floor(i / deps.length) + 1}` : ''}`, created: Date.parse(d.metadata.creationTimestamp), selector, port: 9090, targetPort: 'metrics', portName: 'metrics', labels: { app: d.metadata.name, 'prometheus.io/scrape': 'true' } });
    }
  }

  // ----- CronJobs, Jobs and their pods -----

  private jobRecords: { job: Obj; pod: Obj; cj: Obj; result: string; scheduled: number }[] = [];

  private buildCronJobs(nsList: string[]): void {
    const perCj = Math.max(1, Math.round(this.sizes.jobs / this.sizes.cronJobs));
    let jobsLeft = this.sizes.jobs;
    for (let i = 0; i < this.sizes.cronJobs; i++) {
      const ns = nsList[(i * 3) % nsList.length]!;
      const task = JOB_TASKS[i % JOB_TASKS.length]!;
      const name = `${ns.split('-')[0]}-${task}${i >= JOB_TASKS.length ? `-${Math.floor(i / JOB_TASKS.length)}` : ''}`;
      const [schedule, everyMs, offset] = SCHEDULES[i % SCHEDULES.length]!;
      const created = T - (20 + num(`cjc:${ns}/${name}`, 100)) * D;
      const labels = { app: name, 'app.kubernetes.io/component': 'batch' };
      const image = `registry.example.com/tools/${task}:2.${num(`cjv:${name}`, 20)}.0`;
      const containers = [this.container({ name: task, image, job: true })];
      const cj: Obj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: this.meta('CronJob', ns, name, created) };
      const n = i === this.sizes.cronJobs - 1 ? jobsLeft : Math.min(jobsLeft, perCj);
      jobsLeft -= n;
      const last = Math.floor((T - offset - 2 * M) / everyMs) * everyMs + offset;
      const active: Obj[] = [];
      let lastSuccess: number | undefined;
      for (let k = n - 1; k >= 0; k--) {
        const scheduled = last - k * everyMs;
        // The newest run of one CronJob in five is still going; one in ten failed its previous run.
        const result = k === 0 && i % 5 === 0 ? 'running' : k === 1 && i % 10 === 3 ? 'failed' : 'succeeded';
        const jobName = `${name}-${Math.floor(scheduled / 60000)}`;
        const jobUid = uid('Job', ns, jobName);
        const batchLabels = { 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
        const podLabels = { ...labels, ...batchLabels };
        const jCreated = scheduled + 40;
        const finishedAt = jCreated + (20 + num(`dur:${jobName}`, 300)) * S;
        const job: Obj = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: jobName, namespace: ns, uid: jobUid } };
        const pod = this.pod({
          ns,
          name: `${jobName}-${safe(`jobpod:${ns}/${jobName}`, 5)}`,
          generateName: `${jobName}-`,
          labels: podLabels,
          owner: job,
          containers,
          created: jCreated + S,
          restartPolicy: 'Never',
          jobResult: result as 'running' | 'succeeded' | 'failed',
          finishedAt,
        });
        const c = (type: string, reason: string, message: string, t: number) => ({ lastProbeTime: iso(t), lastTransitionTime: iso(t), message, reason, status: 'True', type });
        let status: Obj;
        if (result === 'succeeded') {
          lastSuccess = finishedAt;
          status = {
            completionTime: iso(finishedAt),
            conditions: [c('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', finishedAt - S), c('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', finishedAt)],
            ready: 0,
            startTime: iso(jCreated + S),
            succeeded: 1,
            terminating: 0,
            uncountedTerminatedPods: {},
          };
        } else if (result === 'failed') {
          status = {
            conditions: [
              c('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', finishedAt - S),
              c('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', finishedAt),
            ],
            failed: 1,
            ready: 0,
            startTime: iso(jCreated + S),
            terminating: 0,
            uncountedTerminatedPods: {},
          };
        } else {
          const isReady = pod.status.conditions?.some((x: Obj) => x.type === 'Ready' && x.status === 'True');
          status = { active: 1, ready: isReady ? 1 : 0, startTime: iso(jCreated + S), terminating: 0, uncountedTerminatedPods: {} };
          active.push({ apiVersion: 'batch/v1', kind: 'Job', name: jobName, namespace: ns, resourceVersion: String(this.rv), uid: jobUid });
        }
        Object.assign(job, {
          metadata: this.meta('Job', ns, jobName, jCreated, {
            annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': iso(scheduled) },
            generation: 1,
            labels: { ...batchLabels, ...labels },
            ownerReferences: [this.ownerRef(cj)],
          }),
          spec: {
            backoffLimit: 0,
            completionMode: 'NonIndexed',
            completions: 1,
            manualSelector: false,
            parallelism: 1,
            podReplacementPolicy: 'TerminatingOrFailed',
            selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
            suspend: false,
            template: this.template(podLabels, containers, 'Never'),
            ttlSecondsAfterFinished: 86400,
          },
          status,
        });
        this.add(job);
        this.jobRecords.push({ job, pod, cj, result, scheduled });
      }
      Object.assign(cj, {
        metadata: this.meta('CronJob', ns, name, created, { generation: 1, labels }),
        spec: {
          concurrencyPolicy: 'Forbid',
          failedJobsHistoryLimit: 1,
          jobTemplate: { metadata: { labels }, spec: { backoffLimit: 0, template: this.template(labels, containers, 'Never'), ttlSecondsAfterFinished: 86400 } },
          schedule,
          successfulJobsHistoryLimit: perCj,
          suspend: false,
          timeZone: 'Etc/UTC',
        },
        status: clean({ active: active.length ? active : undefined, lastScheduleTime: iso(last), lastSuccessfulTime: lastSuccess !== undefined ? iso(lastSuccess) : undefined }),
      });
      this.add(cj);
    }
  }

  // ----- Events -----

  private event(obj: Obj, e: { reason: string; message: string; component: string; host?: string; type?: string; first: number; last?: number; count?: number; fieldPath?: string }): void {
    const ns = (obj.metadata.namespace as string) ?? 'default';
    const nanos = BigInt(e.first) * 1_000_000n + BigInt(num(`evn:${obj.metadata.name}:${e.reason}:${this.objects.length}`, 999_999));
    const name = `${obj.metadata.name}.${nanos.toString(16)}`;
    this.add({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: this.meta('Event', ns, name, e.first),
      count: e.count ?? 1,
      eventTime: null,
      firstTimestamp: iso(e.first),
      involvedObject: clean({ apiVersion: obj.apiVersion, fieldPath: e.fieldPath, kind: obj.kind, name: obj.metadata.name, namespace: ns, resourceVersion: obj.metadata.resourceVersion, uid: obj.metadata.uid }),
      lastTimestamp: iso(e.last ?? e.first),
      message: e.message,
      reason: e.reason,
      reportingComponent: e.component,
      reportingInstance: e.host ?? '',
      source: clean({ component: e.component, host: e.host }),
      type: e.type ?? 'Normal',
    });
  }

  private buildEvents(): void {
    const target = this.sizes.events;
    let made = 0;
    const emit = (obj: Obj, e: Parameters<SynthCluster['event']>[1]) => {
      if (made >= target) return;
      this.event(obj, e);
      made++;
    };
    const pods = this.objects.filter((o) => o.kind === 'Pod');
    // Problems first: they are what a user looks for.
    for (const p of pods) {
      const host = p.spec.nodeName as string | undefined;
      const cs = p.status.containerStatuses?.[0];
      const c = p.spec.containers[0];
      const fp = `spec.containers{${c.name}}`;
      if (!host) {
        emit(p, { reason: 'FailedScheduling', message: p.status.conditions[0].message, component: 'default-scheduler', type: 'Warning', first: T - 40 * M, last: T - 2 * M, count: 23 });
      } else if (cs?.state?.waiting?.reason === 'CrashLoopBackOff') {
        emit(p, { reason: 'BackOff', message: `Back-off restarting failed container ${c.name} in pod ${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`, component: 'kubelet', host, type: 'Warning', first: T - 50 * M, last: T - M, count: cs.restartCount * 3, fieldPath: fp });
      } else if (cs?.state?.waiting?.reason === 'ImagePullBackOff') {
        emit(p, { reason: 'Failed', message: `Error: ImagePullBackOff`, component: 'kubelet', host, type: 'Warning', first: T - 30 * M, last: T - M, count: 120, fieldPath: fp });
      } else if (p.status.phase === 'Running' && cs && !cs.ready) {
        emit(p, { reason: 'Unhealthy', message: `Readiness probe failed: HTTP probe failed with statuscode: 503`, component: 'kubelet', host, type: 'Warning', first: T - 55 * M, last: T - 10 * S, count: 330, fieldPath: fp });
      }
    }
    for (const r of this.jobRecords) {
      emit(r.cj, { reason: 'SuccessfulCreate', message: `Created job ${r.job.metadata.name}`, component: 'cronjob-controller', first: r.scheduled + 40 });
      emit(r.job, { reason: 'SuccessfulCreate', message: `Created pod: ${r.pod.metadata.name}`, component: 'job-controller', first: r.scheduled + 1040 });
      if (r.result === 'succeeded') {
        emit(r.job, { reason: 'Completed', message: 'Job completed', component: 'job-controller', first: Date.parse(r.job.status.completionTime) });
        emit(r.cj, { reason: 'SawCompletedJob', message: `Saw completed job: ${r.job.metadata.name}, condition: Complete`, component: 'cronjob-controller', first: Date.parse(r.job.status.completionTime) + S });
      } else if (r.result === 'failed') {
        emit(r.job, { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', component: 'job-controller', type: 'Warning', first: T - 3 * H });
      }
    }
    // The rest: pod lifecycle events from the scheduler and the kubelet, newest pods first.
    const life = ['Scheduled', 'Pulled', 'Created', 'Started'] as const;
    for (let round = 0; made < target && round < life.length; round++) {
      for (let i = pods.length - 1; i >= 0 && made < target; i--) {
        const p = pods[i]!;
        const host = p.spec.nodeName as string | undefined;
        if (!host) continue;
        const c = p.spec.containers[0];
        const t0 = Date.parse(p.status.startTime ?? p.metadata.creationTimestamp);
        const reason = life[round]!;
        const message =
          reason === 'Scheduled'
            ? `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${host}`
            : reason === 'Pulled'
              ? `Container image "${c.image}" already present on machine`
              : reason === 'Created'
                ? `Created container: ${c.name}`
                : `Started container ${c.name}`;
        emit(p, { reason, message, component: reason === 'Scheduled' ? 'default-scheduler' : 'kubelet', host: reason === 'Scheduled' ? undefined : host, first: t0 + round * S, fieldPath: reason === 'Scheduled' ? undefined : `spec.containers{${c.name}}` });
      }
    }
  }

  /** How many pods have a problem planted. */
  get problemPods(): number {
    return this.problem;
  }
}

/** KINDS order as `snapshot save` writes them. */
const KIND_ORDER = ['Namespace', 'Node', 'Pod', 'Event', 'StatefulSet', 'ControllerRevision', 'Deployment', 'ReplicaSet', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'Job', 'CronJob', 'Service', 'EndpointSlice', 'Ingress', 'IngressClass', 'Secret'];

function byNamespaceName(a: Obj, b: Obj): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Write the cluster as `k8stui snapshot save` does; returns the byte count. */
export async function writeSnapshot(c: SynthCluster, file: string): Promise<number> {
  const byKind = new Map<string, Obj[]>();
  for (const o of c.objects) {
    let arr = byKind.get(o.kind);
    if (!arr) byKind.set(o.kind, (arr = []));
    arr.push(o);
  }
  const kinds: Obj = {};
  for (const k of KIND_ORDER) kinds[k] = { state: 'ready', count: byKind.get(k)?.length ?? 0 };
  const info = {
    apiVersion: 'k8stui.dev/v1',
    kind: 'SnapshotInfo',
    context: 'bench-10k',
    cluster: 'bench',
    server: 'https://bench.k8stui.invalid:6443',
    serverVersion: 'v1.34.2',
    user: 'bench-viewer',
    namespaces: (byKind.get('Namespace') ?? []).map((o) => o.metadata.name as string).sort(),
    capturedAt: CAPTURED_AT,
    tool: 'bench/synth.ts',
    kinds,
    forbidden: [],
  };
  const out = createWriteStream(file);
  let bytes = 0;
  let buf = `# k8stui snapshot: open with \`k8stui --snapshot ${file.split('/').pop()}\`\n${stringify(info, { lineWidth: 0 })}`;
  const flush = async (force: boolean) => {
    if (buf.length >= 1 << 20 || (force && buf.length > 0)) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  };
  for (const k of KIND_ORDER) {
    const items = [...(byKind.get(k) ?? [])].sort(byNamespaceName);
    for (const o of items) {
      const { apiVersion, kind, ...rest } = o;
      buf += `---\n${JSON.stringify({ apiVersion, kind, ...rest })}\n`;
      await flush(false);
    }
  }
  await flush(true);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return bytes;
}
