// Manifests the e2e tests apply (as admin) in namespaces of their own, after
// the dashboard under test has started. Pod behaviour comes from
// test/cluster's kubelet-sim annotations (see test/cluster/README.md).

export function namespace(ns: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
`;
}

/**
 * The design notes' StatefulSet: web with its headless Service nginx. The
 * readiness probe's initialDelaySeconds (kubelet-sim caps it at 5 s) keeps
 * each ordinal "running, not ready" for a few seconds, so OrderedReady
 * creation can be seen step by step.
 */
export function orderedStatefulSet(ns: string): string {
  return `${namespace(ns)}---
apiVersion: v1
kind: Service
metadata:
  name: nginx
  namespace: ${ns}
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - name: web
    port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: ${ns}
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: nginx
        ports:
        - name: web
          containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 5
          periodSeconds: 2
`;
}

/** A CronJob that runs every minute; each Job's pod succeeds after a few seconds. */
export function tickingCronJob(ns: string, name = 'ticker'): string {
  return `${namespace(ns)}---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  schedule: "*/1 * * * *"
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        metadata:
          annotations:
            sim.k8stui.dev/exit: "0"
            sim.k8stui.dev/run-seconds: "6"
        spec:
          restartPolicy: Never
          containers:
          - name: tick
            image: busybox:1.36
            command: ["sh", "-c", "date"]
`;
}

/** A Deployment with two Services over it (for the reconnect test). */
export function restartApp(ns: string): string {
  const svc = (name: string) => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: restart-app
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;
  return `${namespace(ns)}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: restart-app
  template:
    metadata:
      labels:
        app: restart-app
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: app
        image: registry.example.com/restart-app:1.0
        imagePullPolicy: IfNotPresent
        ports:
        - name: http
          containerPort: 8080
${svc('keep')}${svc('gone')}`;
}

/** A Service object (JSON) for creating through the API. */
export function serviceObject(ns: string, name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector: { app: 'restart-app' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

/** A pod with two containers (nginx and a log shipper): the log screen's container switch. */
export function twoContainerPod(ns: string, name = 'edge-0'): string {
  return `${namespace(ns)}---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: edge
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 80
  - name: shipper
    image: registry.example.com/log-shipper:2.1
`;
}
