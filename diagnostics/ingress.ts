// Ingress checks (issue 5, "Ingresses"). They read the same model the :ing
// view draws (ingressMap, tlsBlocks, pathConflicts).
import type { AreaChecks, CheckContext, CheckMeta, Finding, ObjectRef } from './types.js';
import { absTime, humanDuration, parseTime } from '../src/model/time.js';
import { eventLine } from '../src/model/service.js';
import { type BackendInfo, type Ingress, type IngressMap, ingressMap, pathConflicts, LEGACY_CLASS_ANNOTATION } from '../src/model/ingress.js';
import { EXPIRING_DAYS } from '../src/model/tls.js';
import { notServingFixes, pastGrace } from './service.js';
import type { Pod } from '../src/model/types.js';

export const DOC = {
  controller: 'Ingress › 二、Ingress 的工作原理 › 1. 核心组件',
  expose: 'Ingress › 三、Ingress 与外部流量的交互 › 1. 暴露 Ingress 控制器',
  rules: 'Ingress › 四、Ingress 配置示例 › 1. 定义 Ingress 规则',
  tlsSecret: 'Ingress › 四、Ingress 配置示例 › 2. 创建 TLS 证书 Secret',
  tlsTermination: 'Ingress › 一、Ingress 的核心作用 › 3. TLS 终止',
  routing: 'Ingress › 一、Ingress 的核心作用 › 2. 灵活的路由规则',
} as const;

export const checks: CheckMeta[] = [
  { id: 'ingress/class-missing', severity: 'error', area: 'ingress', title: 'The IngressClass it names does not exist, or none is named and there is no default', doc: DOC.controller },
  { id: 'ingress/no-address', severity: 'warning', area: 'ingress', title: 'No address past the grace period (no controller is serving this class)', doc: DOC.expose },
  { id: 'ingress/backend-service-missing', severity: 'error', area: 'ingress', title: 'A backend Service does not exist', doc: DOC.rules },
  { id: 'ingress/backend-port-missing', severity: 'error', area: 'ingress', title: 'A backend Service has no such port number or name', doc: DOC.rules },
  { id: 'ingress/backend-no-endpoints', severity: 'error', area: 'ingress', title: 'A backend Service has no ready endpoints', doc: DOC.rules },
  { id: 'ingress/tls-secret-missing', severity: 'error', area: 'ingress', title: 'A TLS block names a Secret that does not exist', doc: DOC.tlsSecret },
  { id: 'ingress/tls-secret-wrong-type', severity: 'error', area: 'ingress', title: 'A TLS Secret is not kubernetes.io/tls or has no parseable tls.crt', doc: DOC.tlsSecret },
  { id: 'ingress/tls-cert-expired', severity: 'error', area: 'ingress', title: 'A TLS certificate has expired', doc: DOC.tlsTermination },
  { id: 'ingress/tls-cert-expiring', severity: 'warning', area: 'ingress', title: `A TLS certificate expires in under ${EXPIRING_DAYS} days`, doc: DOC.tlsTermination },
  { id: 'ingress/tls-host-not-covered', severity: 'warning', area: 'ingress', title: "A TLS host is not matched by the certificate's SANs (wildcards honoured)", doc: DOC.tlsTermination },
  { id: 'ingress/path-conflict', severity: 'warning', area: 'ingress', title: 'The same host and path in more than one Ingress of the same class', doc: DOC.routing },
];

const META = new Map(checks.map((c) => [c.id, c]));

function ref(ing: Ingress): ObjectRef {
  return { kind: 'Ingress', namespace: ing.metadata.namespace, name: ing.metadata.name };
}

function finding(id: string, ing: Ingress, message: string, evidence: string[], nextSteps: string[], extra: Partial<Finding> = {}): Finding {
  const m = META.get(id)!;
  return { check: id, severity: m.severity, object: ref(ing), message, evidence, nextSteps, doc: m.doc, ...extra };
}

function describe(ing: Ingress): string {
  return `kubectl describe ingress ${ing.metadata.name} -n ${ing.metadata.namespace}`;
}

/** Where a backend is used: `shop.example.com/api (Prefix)`, `default backend`. */
function usesOf(m: IngressMap, b: BackendInfo): string[] {
  const out: string[] = [];
  for (const r of m.rules) for (const p of r.paths) if (p.info === b) out.push(`${p.host}${p.path} (${p.pathType})`);
  if (m.defaultBackend === b) out.push('default backend');
  return out;
}

function checkClass(ctx: CheckContext, ing: Ingress, m: IngressMap): Finding[] {
  const c = m.cls;
  if (!c.classesReadable) return [];
  if (c.name && c.exists === false) {
    const how = c.source === 'annotation' ? `annotation ${LEGACY_CLASS_ANNOTATION}` : 'spec.ingressClassName';
    const all = ctx.store.list('IngressClass').map((x) => x.metadata.name);
    return [
      finding(
        'ingress/class-missing',
        ing,
        `${how} names IngressClass "${c.name}", which does not exist: no controller will serve this Ingress`,
        [`${how}: ${c.name}`, `IngressClasses: ${all.length ? all.join(', ') : 'none'}`, `default IngressClass: ${c.defaults.length ? c.defaults.join(', ') : 'none'}`],
        ['kubectl get ingressclass', describe(ing), `fix: set spec.ingressClassName to one of the IngressClasses (${all.join(', ') || 'install an Ingress controller first'})`],
      ),
    ];
  }
  if (!c.name) {
    const all = ctx.store.list('IngressClass').map((x) => x.metadata.name);
    return [
      finding(
        'ingress/class-missing',
        ing,
        'no ingressClassName and no default IngressClass: no controller is bound to serve this Ingress',
        ['spec.ingressClassName: <unset>', `annotation ${LEGACY_CLASS_ANNOTATION}: <unset>`, `IngressClasses: ${all.length ? all.join(', ') : 'none'}, none annotated ingressclass.kubernetes.io/is-default-class=true`],
        ['kubectl get ingressclass', describe(ing), 'fix: set spec.ingressClassName, or mark one IngressClass as the default (annotation ingressclass.kubernetes.io/is-default-class: "true")'],
      ),
    ];
  }
  return [];
}

function checkAddress(ctx: CheckContext, ing: Ingress, m: IngressMap): Finding[] {
  if (m.addresses.length > 0) return [];
  const created = parseTime(ing.metadata.creationTimestamp);
  if (created === undefined || ctx.now - created < ctx.graceMs) return [];
  const c = m.cls;
  const forHow = humanDuration(ctx.now - created);
  const who = c.name ? `class ${c.name}${c.controller ? ` (controller ${c.controller})` : ''}` : 'its class';
  const synced = m.events.find((e) => e.reason === 'Sync' || e.reason === 'SuccessfullyReconciled');
  const message = synced
    ? `no address after ${forHow}: a controller synced it (${synced.reason} event) but never published an address`
    : `no address after ${forHow}: no controller is serving ${who}`;
  const evidence = [
    'status.loadBalancer.ingress: empty',
    `created ${absTime(created)} (${forHow} ago)`,
    `class: ${c.name ?? '<none>'} (${c.source === 'default' ? 'default IngressClass' : c.source === 'none' ? 'none' : c.source === 'annotation' ? 'legacy annotation' : 'spec.ingressClassName'}${c.exists === false ? ', missing' : ''})`,
    ...m.events.slice(0, 3).map(eventLine),
  ];
  const steps = [
    describe(ing),
    'kubectl get ingressclass',
    ...(c.controller
      ? ['kubectl get pods -A -l app.kubernetes.io/component=controller', `note: the pod among those that runs controller ${c.controller} serves class ${c.name}; its logs say why it gives the Ingress no address`]
      : ['kubectl get pods -A | grep -i ingress']),
    synced
      ? 'fix: the controller must publish its address (ingress-nginx: --publish-service pointing at its LoadBalancer Service); check that Service is not <pending>'
      : c.exists === false
      ? `fix: IngressClass ${c.name} does not exist, so no controller claims this Ingress (see ingress/class-missing): point it at a class a running controller serves, or install the controller that provides ${c.name}`
      : !c.name
      ? 'fix: the Ingress names no class and none is the default, so no controller claims it (see ingress/class-missing): set spec.ingressClassName'
      : 'fix: install or start the Ingress controller for this class and expose it (LoadBalancer in a cloud, NodePort or hostNetwork on premises)',
  ];
  const related = c.exists === false || !c.name ? [{ check: 'ingress/class-missing', object: ref(ing) }] : undefined;
  return [finding('ingress/no-address', ing, message, evidence, steps, related ? { related } : {})];
}

/** What the backend's pods need, from why they do not serve (the Service's own finding has the detail). */
function backendFixes(ctx: CheckContext, b: BackendInfo): string[] {
  const map = b.map!;
  const pods = [...map.endpoints.filter((e) => e.state !== 'ready').map((e) => e.pod), ...map.withoutEndpoint.map((w) => w.pod)].filter((p): p is Pod => !!p);
  if (pods.length) return notServingFixes(ctx, [...new Set(pods)]);
  if (map.selectorless) return [`fix: Service ${b.serviceName} has no selector: create an EndpointSlice for it, or add a selector`];
  if (map.selected.length === 0) return [`fix: Service ${b.serviceName}'s selector matches no pod (see service/no-matching-pods): correct it, or deploy its pods`];
  return ['fix: see the Service finding; the pods behind it must become Ready'];
}

function checkBackends(ctx: CheckContext, ing: Ingress, m: IngressMap): Finding[] {
  const ns = ing.metadata.namespace!;
  const out: Finding[] = [];
  for (const b of m.backends.list) {
    if (b.kind !== 'service') continue;
    const where = usesOf(m, b).join(', ');
    const portTxt = typeof b.portRef === 'number' ? `port ${b.portRef}` : `port named ${b.portRef}`;
    if (b.svcState === 'missing') {
      out.push(
        finding(
          'ingress/backend-service-missing',
          ing,
          `backend Service ${b.serviceName} does not exist in ${ns} (used by ${where})`,
          [`backend: service ${b.serviceName}, ${portTxt}`, `used by: ${where}`, `Services in ${ns}: ${ctx.store.list('Service', ns).map((s) => s.metadata.name).slice(0, 10).join(', ') || 'none'}`],
          [`kubectl get svc ${b.serviceName} -n ${ns}`, describe(ing), 'fix: create the Service or correct the backend name (an Ingress can only reach Services in its own namespace)'],
        ),
      );
    } else if (b.svcState === 'found' && b.portState === 'missing') {
      const have = (b.svc!.spec.ports ?? []).map((p) => (p.name ? `${p.name}=${p.port}` : String(p.port))).join(', ') || 'none';
      out.push(
        finding(
          'ingress/backend-port-missing',
          ing,
          `backend Service ${b.serviceName} has no ${portTxt} (it has ${have}; used by ${where})`,
          [`backend: service ${b.serviceName}, ${portTxt}`, `Service ${b.serviceName} ports: ${have}`],
          [`kubectl get svc ${b.serviceName} -n ${ns} -o jsonpath='{.spec.ports}'`, describe(ing), "fix: use one of the Service's port numbers or names (the Service port, not the container's targetPort)"],
        ),
      );
    } else if (b.svcState === 'found' && b.portState === 'found' && b.map && !b.healthy && b.map.slicesComplete && b.map.type !== 'ExternalName') {
      const notReady = b.endpoints.filter((e) => e.state !== 'ready');
      // Pods still starting within the grace period are not an outage yet.
      const stale = notReady.length === 0 || notReady.some((e) => pastGrace(e.pod, ctx.now, ctx.graceMs));
      if (!stale) continue;
      const svcRef = { kind: 'Service', namespace: ns, name: b.serviceName! };
      const related = [b.map.selected.length ? { check: 'service/no-ready-endpoints', object: svcRef } : b.map.selectorless ? { check: 'service/no-endpoints-selectorless', object: svcRef } : { check: 'service/no-matching-pods', object: svcRef }];
      const why = b.endpoints.length
        ? notReady.map((e) => `${e.podName ?? e.address} ${e.state === 'terminating' ? 'terminating' : `not ready (${e.why ?? 'ready=false'})`}`).slice(0, 3).join(', ')
        : b.map.selected.length
          ? `selected pods have no endpoint (${b.map.withoutEndpoint.slice(0, 2).map((w) => `${w.pod.metadata.name}: ${w.why}`).join(', ')})`
          : b.map.selectorless
            ? 'no selector and no endpoints'
            : 'its selector matches no pod';
      out.push(
        finding(
          'ingress/backend-no-endpoints',
          ing,
          `backend ${b.serviceName}:${b.portRef} has no ready endpoints: ${why} (used by ${where}; requests get 503)`,
          [`Service ${b.serviceName} port ${b.portEntry!.label}: ${b.ready} ready of ${b.endpoints.length} endpoints`, ...notReady.slice(0, 5).map((e) => `${e.podName ? `pod/${e.podName}` : e.address}: ${e.state}${e.why ? ` (${e.why})` : ''}`)],
          [
            `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${b.serviceName}`,
            `kubectl describe svc ${b.serviceName} -n ${ns}`,
            ...backendFixes(ctx, b),
          ],
          { related },
        ),
      );
    }
  }
  return out;
}

function checkTls(ctx: CheckContext, ing: Ingress, m: IngressMap): Finding[] {
  const ns = ing.metadata.namespace!;
  const out: Finding[] = [];
  for (const t of m.tls) {
    const hosts = t.hosts.length ? t.hosts.join(', ') : '<no hosts>';
    const getSecret = `kubectl get secret ${t.secretName} -n ${ns} -o jsonpath='{.type}'`;
    const showCert = `kubectl get secret ${t.secretName} -n ${ns} -o jsonpath='{.data.tls\\.crt}' | base64 -d | openssl x509 -noout -subject -enddate -ext subjectAltName`;
    const certManager = Object.keys(ing.metadata.annotations ?? {}).some((k) => k.startsWith('cert-manager.io/'));
    // What to change, in words; commands in next steps only read (README, Diagnostics).
    const renew = certManager
      ? [`kubectl describe certificates.cert-manager.io ${t.secretName} -n ${ns}`, `fix: cert-manager manages it: Certificate ${t.secretName} (which ingress-shim names after the Secret), its CertificateRequest and Order say why renewal fails`]
      : [`fix: renew the certificate and replace tls.crt and tls.key in Secret ${t.secretName}, or let cert-manager issue and renew it`];
    switch (t.state) {
      case 'missing':
        out.push(
          finding(
            'ingress/tls-secret-missing',
            ing,
            `TLS for ${hosts}: no kubernetes.io/tls Secret named ${t.secretName} in ${ns}; the controller falls back to its default certificate`,
            [`spec.tls[${t.index}].secretName: ${t.secretName}`, `spec.tls[${t.index}].hosts: ${hosts}`, `Secrets of type kubernetes.io/tls in ${ns}: ${ctx.store.list('Secret', ns).map((s) => s.metadata.name).slice(0, 10).join(', ') || 'none'}`, 'a Secret of another type with this name would not be listed (only kubernetes.io/tls Secrets are read)'],
            [`kubectl get secret ${t.secretName} -n ${ns}`, describe(ing), `fix: create a kubernetes.io/tls Secret ${t.secretName} in ${ns} (the Ingress's namespace) holding tls.crt and tls.key, or let cert-manager issue it`],
          ),
        );
        break;
      case 'wrong-type':
        out.push(
          finding(
            'ingress/tls-secret-wrong-type',
            ing,
            `TLS for ${hosts}: ${t.text}`,
            [`spec.tls[${t.index}].secretName: ${t.secretName}`, `Secret type: ${t.secretType ?? '<unset>'}`, ...(t.error ? [t.error] : [])],
            [getSecret, 'fix: recreate it as type kubernetes.io/tls with tls.crt (PEM certificate, leaf first) and tls.key'],
          ),
        );
        break;
      case 'expired':
        out.push(
          finding(
            'ingress/tls-cert-expired',
            ing,
            `TLS for ${hosts}: certificate in Secret ${t.secretName} expired ${absTime(t.cert!.notAfter)} (${-(t.daysLeft ?? 0)} days ago)`,
            [`subject: ${t.cert!.subject || '<empty>'}`, `SANs: ${t.cert!.dnsNames.join(', ') || 'none'}`, `notBefore: ${absTime(t.cert!.notBefore)}`, `notAfter: ${absTime(t.cert!.notAfter)}`, `issuer: ${t.cert!.issuer}`],
            [showCert, ...renew],
          ),
        );
        break;
      case 'expiring':
        out.push(
          finding(
            'ingress/tls-cert-expiring',
            ing,
            `TLS for ${hosts}: certificate in Secret ${t.secretName} expires ${absTime(t.cert!.notAfter)}, in ${t.daysLeft} day${t.daysLeft === 1 ? '' : 's'} (under ${EXPIRING_DAYS})`,
            [`subject: ${t.cert!.subject || '<empty>'}`, `notAfter: ${absTime(t.cert!.notAfter)}`, `issuer: ${t.cert!.issuer}`],
            [showCert, ...renew],
          ),
        );
        break;
      default:
        break;
    }
    if (t.cert) {
      const notCovered = t.coverage.filter((c) => !c.covered).map((c) => c.host);
      if (notCovered.length) {
        out.push(
          finding(
            'ingress/tls-host-not-covered',
            ing,
            `certificate in Secret ${t.secretName} does not cover ${notCovered.join(', ')} (SANs: ${t.cert.dnsNames.join(', ') || 'none'}): clients will reject it for ${notCovered.length === 1 ? 'that host' : 'those hosts'}`,
            [`spec.tls[${t.index}].hosts: ${hosts}`, `subjectAltName DNS: ${t.cert.dnsNames.join(', ') || 'none'}`, `subject: ${t.cert.subject || '<empty>'} (the CN is ignored by modern clients)`, 'a wildcard covers exactly one label: *.example.com covers a.example.com, not example.com nor a.b.example.com'],
            [showCert, 'fix: reissue the certificate with the missing names as SANs, or move those hosts to a TLS block with a certificate that covers them'],
          ),
        );
      }
    }
  }
  return out;
}

function checkPaths(ctx: CheckContext, ing: Ingress, _m: IngressMap): Finding[] {
  const out: Finding[] = [];
  for (const c of pathConflicts(ctx.store)) {
    const mine = c.ingresses.find((x) => x.namespace === ing.metadata.namespace && x.name === ing.metadata.name);
    if (!mine) continue;
    const others = c.ingresses.filter((x) => x !== mine);
    out.push(
      finding(
        'ingress/path-conflict',
        ing,
        `${c.host}${c.path} (${c.pathType}) is also defined by ${others.map((o) => `ingress ${o.namespace}/${o.name}`).join(', ')} in class ${c.className}: only one backend gets the traffic`,
        c.ingresses.map((x) => `ingress ${x.namespace}/${x.name}: ${c.host}${c.path} (${c.pathType}) → ${x.backend}`),
        [`kubectl get ingress -A -o wide | grep ${c.host === '*' ? "'*'" : c.host}`, 'fix: keep each host+path in one Ingress, or give them different paths or classes'],
        { related: others.map((o) => ({ check: 'ingress/path-conflict', object: { kind: 'Ingress', namespace: o.namespace, name: o.name } })) },
      ),
    );
  }
  return out;
}

/** All findings for one Ingress: what the engine reports and what the :ing view's PROBLEMS column shows. */
export function ingressFindings(ctx: CheckContext, ing: Ingress, m: IngressMap = ingressMap(ctx.store, ing, ctx.now)): Finding[] {
  return [...checkClass(ctx, ing, m), ...checkAddress(ctx, ing, m), ...checkBackends(ctx, ing, m), ...checkTls(ctx, ing, m), ...checkPaths(ctx, ing, m)];
}

export const run: AreaChecks = (ctx) => {
  const st = ctx.store.status('Ingress');
  if (!ctx.store.complete('Ingress', ctx.namespace) && st.state !== 'partial') {
    for (const c of checks) ctx.skipped(c.id, 'Ingress', `Ingresses could not be read (${st.state})`);
    return [];
  }
  const ings = ctx.store.list<Ingress>('Ingress', ctx.namespace);
  if (!ctx.store.complete('IngressClass')) ctx.skipped('ingress/class-missing', 'IngressClass', `IngressClasses could not be read (${ctx.store.status('IngressClass').state})`);
  if (!ctx.store.complete('Ingress')) ctx.skipped('ingress/path-conflict', 'Ingress', 'Ingresses in some namespaces could not be read: conflicts with them are unknown');
  const once = new Set<string>();
  // One record per check and namespace: access/partial names every namespace that was skipped.
  const skip = (check: string, kind: string, why: string) => {
    if (once.has(`${check}|${kind}|${why}`)) return;
    once.add(`${check}|${kind}|${why}`);
    ctx.skipped(check, kind, why);
  };
  const out: Finding[] = [];
  for (const ing of ings) {
    const ns = ing.metadata.namespace!;
    if ((ing.spec?.tls ?? []).some((t) => t.secretName) && !ctx.store.complete('Secret', ns)) {
      for (const c of ['ingress/tls-secret-missing', 'ingress/tls-secret-wrong-type', 'ingress/tls-cert-expired', 'ingress/tls-cert-expiring', 'ingress/tls-host-not-covered'])
        skip(c, 'Secret', `Secrets in ${ns} could not be read (${ctx.store.status('Secret').state})`);
    }
    if (!ctx.store.complete('Service', ns)) skip('ingress/backend-service-missing', 'Service', `Services in ${ns} could not be read`);
    if (!ctx.store.complete('EndpointSlice', ns)) skip('ingress/backend-no-endpoints', 'EndpointSlice', `EndpointSlices in ${ns} could not be read`);
    out.push(...ingressFindings(ctx, ing));
  }
  return out;
};
