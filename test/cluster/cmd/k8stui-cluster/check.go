package main

import (
	"bufio"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

type check struct {
	name string
	fn   func(ctx context.Context) error
}

// runCheck verifies that the cluster and the scenarios reached the state
// they are meant to plant. With --wait it retries until all pass or the
// time is up (the CronJobs need a minute or two). It ends with a line
// "N passed, N failed" and exits non-zero if any failed.
func runCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	sd := stateDirFlag(fs)
	wait := fs.Duration("wait", 0, "retry failing checks for up to this long (e.g. 3m)")
	only := fs.String("only", "", "run only checks whose name contains this")
	fs.Parse(args)
	c, err := loadConfig(*sd)
	if err != nil {
		return err
	}
	admin, _, err := clientFor(c.path("admin.kubeconfig"))
	if err != nil {
		return err
	}
	viewer, _, err := clientFor(c.path("viewer.kubeconfig"))
	if err != nil {
		return err
	}
	nsViewer, _, err := clientFor(c.path("ns-viewer.kubeconfig"))
	if err != nil {
		return err
	}
	k := &checker{cs: admin, viewer: viewer, nsViewer: nsViewer, cfg: c}
	checks := k.checks()
	results := map[string]error{}
	deadline := time.Now().Add(*wait)
	for {
		pending := 0
		for _, ch := range checks {
			if *only != "" && !strings.Contains(ch.name, *only) {
				continue
			}
			if err, done := results[ch.name]; done && err == nil {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			results[ch.name] = ch.fn(ctx)
			cancel()
			if results[ch.name] != nil {
				pending++
			}
		}
		if pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(3 * time.Second)
	}
	passed, failed := 0, 0
	for _, ch := range checks {
		err, ran := results[ch.name]
		if !ran {
			continue
		}
		if err == nil {
			passed++
			fmt.Printf("ok    %s\n", ch.name)
		} else {
			failed++
			fmt.Printf("FAIL  %s: %v\n", ch.name, err)
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
	return nil
}

type checker struct {
	cs, viewer, nsViewer *kubernetes.Clientset
	cfg                  *clusterConfig
}

func condition(p *corev1.Pod, t corev1.PodConditionType) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

func (k *checker) events(ctx context.Context, ns, name, reason string) ([]corev1.Event, error) {
	l, err := k.cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.name=" + name})
	if err != nil {
		return nil, err
	}
	var out []corev1.Event
	for _, e := range l.Items {
		if e.Reason == reason {
			out = append(out, e)
		}
	}
	return out, nil
}

func (k *checker) podsWithPrefix(ctx context.Context, ns, prefix string) ([]corev1.Pod, error) {
	l, err := k.cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var out []corev1.Pod
	for _, p := range l.Items {
		if strings.HasPrefix(p.Name, prefix) && p.DeletionTimestamp == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no pods %s* in %s", prefix, ns)
	}
	return out, nil
}

func forbidden(err error) error {
	if err == nil {
		return fmt.Errorf("allowed, want forbidden")
	}
	if !apierrors.IsForbidden(err) {
		return fmt.Errorf("want forbidden, got %v", err)
	}
	return nil
}

func (k *checker) checks() []check {
	lo := metav1.ListOptions{}
	return []check{
		{"nodes: node-a, node-b, node-c Ready with fresh Leases", func(ctx context.Context) error {
			for _, n := range simNodes {
				node, err := k.cs.CoreV1().Nodes().Get(ctx, n, metav1.GetOptions{})
				if err != nil {
					return err
				}
				ready := false
				for _, c := range node.Status.Conditions {
					ready = ready || c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue
				}
				if !ready || node.Spec.PodCIDR == "" {
					return fmt.Errorf("%s not Ready or without podCIDR", n)
				}
				l, err := k.cs.CoordinationV1().Leases(corev1.NamespaceNodeLease).Get(ctx, n, metav1.GetOptions{})
				if err != nil {
					return err
				}
				if l.Spec.RenewTime == nil || time.Since(l.Spec.RenewTime.Time) > 30*time.Second {
					return fmt.Errorf("lease %s not renewed recently", n)
				}
				if len(node.Spec.Taints) > 0 {
					return fmt.Errorf("%s has taints %v", n, node.Spec.Taints)
				}
			}
			return nil
		}},
		{"web: web-0, web-1, web-2 Running and Ready, created in order", func(ctx context.Context) error {
			var prevReady *metav1.Time
			for i := 0; i < 3; i++ {
				p, err := k.cs.CoreV1().Pods("shop").Get(ctx, fmt.Sprintf("web-%d", i), metav1.GetOptions{})
				if err != nil {
					return err
				}
				rc := condition(p, corev1.PodReady)
				if p.Status.Phase != corev1.PodRunning || rc == nil || rc.Status != corev1.ConditionTrue {
					return fmt.Errorf("%s is %s, not Ready", p.Name, p.Status.Phase)
				}
				if prevReady != nil && p.CreationTimestamp.Before(prevReady) {
					return fmt.Errorf("%s created at %v before web-%d was Ready at %v", p.Name, p.CreationTimestamp, i-1, prevReady)
				}
				prevReady = &rc.LastTransitionTime
			}
			s, err := k.cs.AppsV1().StatefulSets("shop").Get(ctx, "web", metav1.GetOptions{})
			if err != nil {
				return err
			}
			if s.Status.ReadyReplicas != 3 {
				return fmt.Errorf("statefulset web readyReplicas %d", s.Status.ReadyReplicas)
			}
			return nil
		}},
		{"web: pod status looks like a kubelet's", func(ctx context.Context) error {
			p, err := k.cs.CoreV1().Pods("shop").Get(ctx, "web-0", metav1.GetOptions{})
			if err != nil {
				return err
			}
			node, err := k.cs.CoreV1().Nodes().Get(ctx, p.Spec.NodeName, metav1.GetOptions{})
			if err != nil {
				return err
			}
			_, cidr, _ := net.ParseCIDR(node.Spec.PodCIDR)
			if ip := net.ParseIP(p.Status.PodIP); ip == nil || !cidr.Contains(ip) || len(p.Status.PodIPs) != 1 {
				return fmt.Errorf("podIP %q not in %s", p.Status.PodIP, node.Spec.PodCIDR)
			}
			if p.Status.HostIP == "" || p.Status.StartTime == nil {
				return fmt.Errorf("hostIP/startTime missing")
			}
			for _, t := range []corev1.PodConditionType{corev1.PodReadyToStartContainers, corev1.PodInitialized, corev1.ContainersReady, corev1.PodReady, corev1.PodScheduled} {
				if c := condition(p, t); c == nil || c.Status != corev1.ConditionTrue {
					return fmt.Errorf("condition %s not True", t)
				}
			}
			cs := p.Status.ContainerStatuses
			if len(cs) != 1 || !cs[0].Ready || cs[0].Started == nil || !*cs[0].Started || cs[0].State.Running == nil ||
				!strings.HasPrefix(cs[0].ContainerID, "containerd://") || !strings.Contains(cs[0].ImageID, "@sha256:") {
				return fmt.Errorf("container status %+v", cs)
			}
			for _, r := range []string{"Pulled", "Created", "Started"} {
				ev, err := k.events(ctx, "shop", "web-0", r)
				if err != nil {
					return err
				}
				if len(ev) == 0 || ev[0].Source.Component != "kubelet" || ev[0].ReportingController != "kubelet" {
					return fmt.Errorf("no %s event from kubelet", r)
				}
			}
			ev, err := k.events(ctx, "shop", "web-0", "Scheduled")
			if err != nil {
				return err
			}
			if len(ev) == 0 || ev[0].ReportingController != "default-scheduler" {
				return fmt.Errorf("no Scheduled event from default-scheduler")
			}
			return nil
		}},
		{"storage: www-web-0..2 Bound through default StorageClass standard", func(ctx context.Context) error {
			for i := 0; i < 3; i++ {
				pvc, err := k.cs.CoreV1().PersistentVolumeClaims("shop").Get(ctx, fmt.Sprintf("www-web-%d", i), metav1.GetOptions{})
				if err != nil {
					return err
				}
				if pvc.Status.Phase != corev1.ClaimBound || ptrStr(pvc.Spec.StorageClassName) != "standard" {
					return fmt.Errorf("%s is %s (class %q)", pvc.Name, pvc.Status.Phase, ptrStr(pvc.Spec.StorageClassName))
				}
			}
			return nil
		}},
		{"storage: data-pending stays Pending with ProvisioningFailed", func(ctx context.Context) error {
			pvc, err := k.cs.CoreV1().PersistentVolumeClaims("shop").Get(ctx, "data-pending", metav1.GetOptions{})
			if err != nil {
				return err
			}
			if pvc.Status.Phase != corev1.ClaimPending {
				return fmt.Errorf("phase %s", pvc.Status.Phase)
			}
			ev, err := k.events(ctx, "shop", "data-pending", "ProvisioningFailed")
			if err != nil {
				return err
			}
			if len(ev) == 0 || !strings.Contains(ev[0].Message, `"fast-ssd" not found`) {
				return fmt.Errorf("no ProvisioningFailed event")
			}
			return nil
		}},
		{"jobs: data-processor Complete with 3 succeeded", func(ctx context.Context) error {
			j, err := k.cs.BatchV1().Jobs("batch").Get(ctx, "data-processor", metav1.GetOptions{})
			if err != nil {
				return err
			}
			for _, c := range j.Status.Conditions {
				if c.Type == "Complete" && c.Status == corev1.ConditionTrue && j.Status.Succeeded == 3 {
					return nil
				}
			}
			return fmt.Errorf("succeeded %d, conditions %v", j.Status.Succeeded, j.Status.Conditions)
		}},
		{"jobs: daily-backup CronJob made a Job that completed", func(ctx context.Context) error {
			cj, err := k.cs.BatchV1().CronJobs("batch").Get(ctx, "daily-backup", metav1.GetOptions{})
			if err != nil {
				return err
			}
			if cj.Status.LastSuccessfulTime == nil {
				return fmt.Errorf("no lastSuccessfulTime yet (lastScheduleTime %v)", cj.Status.LastScheduleTime)
			}
			pods, err := k.podsWithPrefix(ctx, "batch", "daily-backup-")
			if err != nil {
				return err
			}
			for _, p := range pods {
				if p.Status.Phase == corev1.PodSucceeded {
					t := p.Status.ContainerStatuses[0].State.Terminated
					if t == nil || t.ExitCode != 0 || t.Reason != "Completed" {
						return fmt.Errorf("%s: terminated %+v", p.Name, t)
					}
					return nil
				}
			}
			return fmt.Errorf("no Succeeded daily-backup pod")
		}},
		{"jobs: report CronJob's Job fails with BackoffLimitExceeded", func(ctx context.Context) error {
			l, err := k.cs.BatchV1().Jobs("batch").List(ctx, lo)
			if err != nil {
				return err
			}
			for _, j := range l.Items {
				if !strings.HasPrefix(j.Name, "report-") {
					continue
				}
				for _, c := range j.Status.Conditions {
					if c.Type == "Failed" && c.Status == corev1.ConditionTrue && c.Reason == "BackoffLimitExceeded" {
						return nil
					}
				}
			}
			return fmt.Errorf("no failed report Job yet")
		}},
		{"services: EndpointSlices with ready (frontend) and not-ready (checkout) endpoints", func(ctx context.Context) error {
			count := func(svc string) (int, int, error) {
				l, err := k.cs.DiscoveryV1().EndpointSlices("shop").List(ctx, metav1.ListOptions{LabelSelector: "kubernetes.io/service-name=" + svc})
				if err != nil {
					return 0, 0, err
				}
				r, nr := 0, 0
				for _, s := range l.Items {
					for _, e := range s.Endpoints {
						if e.Conditions.Ready != nil && *e.Conditions.Ready {
							r++
						} else {
							nr++
						}
					}
				}
				return r, nr, nil
			}
			r, nr, err := count("frontend")
			if err != nil || r != 2 || nr != 0 {
				return fmt.Errorf("frontend: %d ready, %d not ready (%v)", r, nr, err)
			}
			r, nr, err = count("checkout")
			if err != nil || r != 0 || nr != 2 {
				return fmt.Errorf("checkout: %d ready, %d not ready (%v)", r, nr, err)
			}
			r, _, err = count("nginx")
			if err != nil || r != 3 {
				return fmt.Errorf("nginx: %d ready (%v)", r, err)
			}
			return nil
		}},
		{"services: every type; LoadBalancer without address; db-headless missing", func(ctx context.Context) error {
			want := map[string]corev1.ServiceType{"frontend": corev1.ServiceTypeClusterIP, "web-service": corev1.ServiceTypeNodePort,
				"storefront-lb": corev1.ServiceTypeLoadBalancer, "payments-api": corev1.ServiceTypeExternalName, "nginx": corev1.ServiceTypeClusterIP}
			for n, typ := range want {
				s, err := k.cs.CoreV1().Services("shop").Get(ctx, n, metav1.GetOptions{})
				if err != nil {
					return err
				}
				if s.Spec.Type != typ {
					return fmt.Errorf("%s: type %s", n, s.Spec.Type)
				}
				if n == "storefront-lb" && len(s.Status.LoadBalancer.Ingress) > 0 {
					return fmt.Errorf("storefront-lb got an address")
				}
				if n == "nginx" && s.Spec.ClusterIP != "None" {
					return fmt.Errorf("nginx not headless")
				}
			}
			if _, err := k.cs.CoreV1().Services("shop").Get(ctx, "db-headless", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				return fmt.Errorf("db-headless: %v", err)
			}
			pods, err := k.podsWithPrefix(ctx, "shop", "db-")
			if err != nil || len(pods) != 2 {
				return fmt.Errorf("db pods: %d (%v)", len(pods), err)
			}
			return nil
		}},
		{"ingress: my-ingress (class nginx) with TLS Secret my-tls", func(ctx context.Context) error {
			in, err := k.cs.NetworkingV1().Ingresses("shop").Get(ctx, "my-ingress", metav1.GetOptions{})
			if err != nil {
				return err
			}
			if ptrStr(in.Spec.IngressClassName) != "nginx" || len(in.Spec.TLS) != 1 || in.Spec.TLS[0].SecretName != "my-tls" {
				return fmt.Errorf("spec %+v", in.Spec)
			}
			sec, err := k.cs.CoreV1().Secrets("shop").Get(ctx, "my-tls", metav1.GetOptions{})
			if err != nil {
				return err
			}
			b, _ := pem.Decode(sec.Data["tls.crt"])
			if sec.Type != corev1.SecretTypeTLS || b == nil {
				return fmt.Errorf("secret type %s, no PEM certificate", sec.Type)
			}
			cert, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return err
			}
			if err := cert.VerifyHostname("shop.example.com"); err != nil {
				return err
			}
			return nil
		}},
		{"planted: checkout never Ready, Unhealthy readiness events with count > 1", func(ctx context.Context) error {
			pods, err := k.podsWithPrefix(ctx, "shop", "checkout-")
			if err != nil {
				return err
			}
			for _, p := range pods {
				rc := condition(&p, corev1.PodReady)
				if p.Status.Phase != corev1.PodRunning || rc == nil || rc.Status != corev1.ConditionFalse || rc.Reason != "ContainersNotReady" {
					return fmt.Errorf("%s: phase %s ready %+v", p.Name, p.Status.Phase, rc)
				}
				ev, err := k.events(ctx, "shop", p.Name, "Unhealthy")
				if err != nil {
					return err
				}
				if len(ev) != 1 || ev[0].Count < 2 || ev[0].Type != corev1.EventTypeWarning || ev[0].Source.Component != "kubelet" ||
					ev[0].ReportingController != "kubelet" || ev[0].Message != "Readiness probe failed: HTTP probe failed with statuscode: 503" {
					return fmt.Errorf("%s: Unhealthy events %d (want 1 with count>1)", p.Name, len(ev))
				}
			}
			return nil
		}},
		{"planted: cart restarts after liveness failures, CrashLoopBackOff", func(ctx context.Context) error {
			pods, err := k.podsWithPrefix(ctx, "shop", "cart-")
			if err != nil {
				return err
			}
			p := pods[0]
			cs := p.Status.ContainerStatuses
			if len(cs) != 1 || cs[0].RestartCount < 1 || cs[0].LastTerminationState.Terminated == nil ||
				cs[0].LastTerminationState.Terminated.ExitCode != 137 || cs[0].LastTerminationState.Terminated.Reason != "Error" {
				return fmt.Errorf("container status %+v", cs)
			}
			for _, r := range []string{"Unhealthy", "Killing", "BackOff"} {
				ev, err := k.events(ctx, "shop", p.Name, r)
				if err != nil {
					return err
				}
				if len(ev) == 0 {
					return fmt.Errorf("no %s event", r)
				}
			}
			return nil
		}},
		{"planted: recommendations image pull fails", func(ctx context.Context) error {
			pods, err := k.podsWithPrefix(ctx, "shop", "recommendations-")
			if err != nil {
				return err
			}
			p := pods[0]
			cs := p.Status.ContainerStatuses
			if p.Status.Phase != corev1.PodPending || len(cs) != 1 || cs[0].State.Waiting == nil ||
				(cs[0].State.Waiting.Reason != "ImagePullBackOff" && cs[0].State.Waiting.Reason != "ErrImagePull") {
				return fmt.Errorf("status %s %+v", p.Status.Phase, cs)
			}
			ev, err := k.events(ctx, "shop", p.Name, "Failed")
			if err != nil || len(ev) == 0 {
				return fmt.Errorf("no Failed events (%v)", err)
			}
			return nil
		}},
		{"logs: pods/log through the API server to kubelet-sim (tailLines, timestamps, previous)", func(ctx context.Context) error {
			tail := int64(3)
			b, err := k.cs.CoreV1().Pods("shop").GetLogs("web-0", &corev1.PodLogOptions{Container: "nginx", TailLines: &tail, Timestamps: true}).DoRaw(ctx)
			if err != nil {
				return fmt.Errorf("web-0: %v", err)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) != 3 {
				return fmt.Errorf("web-0: %d lines, want 3: %q", len(lines), b)
			}
			if _, err := time.Parse(time.RFC3339Nano, strings.Fields(lines[0])[0]); err != nil {
				return fmt.Errorf("web-0: no timestamp: %q", lines[0])
			}
			pods, err := k.podsWithPrefix(ctx, "shop", "cart-")
			if err != nil {
				return err
			}
			if _, err := k.cs.CoreV1().Pods("shop").GetLogs(pods[0].Name, &corev1.PodLogOptions{Previous: true}).DoRaw(ctx); err != nil {
				return fmt.Errorf("cart previous: %v", err)
			}
			pods, err = k.podsWithPrefix(ctx, "shop", "recommendations-")
			if err != nil {
				return err
			}
			if _, err := k.cs.CoreV1().Pods("shop").GetLogs(pods[0].Name, &corev1.PodLogOptions{}).DoRaw(ctx); !apierrors.IsBadRequest(err) {
				return fmt.Errorf("recommendations: want BadRequest (waiting to start), got %v", err)
			}
			// the built-in view role includes pods/log
			if _, err := k.nsViewer.CoreV1().Pods("shop").GetLogs("web-0", &corev1.PodLogOptions{}).DoRaw(ctx); err != nil {
				return fmt.Errorf("ns-viewer pods/log: %v", err)
			}
			return nil
		}},
		{"rbac: viewer reads everything but Secrets", func(ctx context.Context) error {
			if _, err := k.viewer.CoreV1().Pods("").List(ctx, lo); err != nil {
				return err
			}
			if _, err := k.viewer.CoreV1().Nodes().List(ctx, lo); err != nil {
				return err
			}
			if _, err := k.viewer.StorageV1().StorageClasses().List(ctx, lo); err != nil {
				return err
			}
			_, err := k.viewer.CoreV1().Secrets("shop").List(ctx, lo)
			return forbidden(err)
		}},
		{"rbac: ns-viewer reads namespace shop only", func(ctx context.Context) error {
			if _, err := k.nsViewer.CoreV1().Pods("shop").List(ctx, lo); err != nil {
				return err
			}
			if _, err := k.nsViewer.CoreV1().Pods("batch").List(ctx, lo); forbidden(err) != nil {
				return fmt.Errorf("batch pods: %v", forbidden(err))
			}
			if _, err := k.nsViewer.CoreV1().Pods("").List(ctx, lo); forbidden(err) != nil {
				return fmt.Errorf("all pods: %v", forbidden(err))
			}
			_, err := k.nsViewer.CoreV1().Nodes().List(ctx, lo)
			return forbidden(err)
		}},
		{"audit: log has entries with user and verb (viewer included)", func(ctx context.Context) error {
			k.viewer.CoreV1().Namespaces().List(ctx, lo) // make sure there is a viewer request
			time.Sleep(200 * time.Millisecond)
			f, err := os.Open(k.cfg.path("logs", "audit.log"))
			if err != nil {
				return err
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			n, viewerSeen := 0, false
			for sc.Scan() {
				var e struct {
					Verb string `json:"verb"`
					User struct {
						Username string `json:"username"`
					} `json:"user"`
					Level string `json:"level"`
				}
				if json.Unmarshal(sc.Bytes(), &e) != nil || e.Verb == "" || e.User.Username == "" || e.Level != "Metadata" {
					continue
				}
				n++
				viewerSeen = viewerSeen || e.User.Username == viewerCN
			}
			if n == 0 || !viewerSeen {
				return fmt.Errorf("%d entries, viewer seen %v", n, viewerSeen)
			}
			return nil
		}},
	}
}
