package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func age(t metav1.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := time.Since(t.Time).Round(time.Second)
	if d < 2*time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	if d < 2*time.Hour {
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh", int(d.Hours()))
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// podReason mimics kubectl's STATUS column.
func podReason(p *corev1.Pod) string {
	if p.DeletionTimestamp != nil {
		return "Terminating"
	}
	r := string(p.Status.Phase)
	for _, cs := range p.Status.InitContainerStatuses {
		if cs.State.Waiting != nil && cs.State.Waiting.Reason != "" && cs.State.Waiting.Reason != "PodInitializing" {
			return "Init:" + cs.State.Waiting.Reason
		}
	}
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Waiting != nil && cs.State.Waiting.Reason != "" {
			r = cs.State.Waiting.Reason
		} else if cs.State.Terminated != nil && cs.State.Terminated.Reason != "" {
			r = cs.State.Terminated.Reason
		}
	}
	return r
}

func runGet(args []string) error {
	fs := flag.NewFlagSet("get", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	ns := fs.String("n", "", "namespace (default: all)")
	if len(args) == 0 {
		return fmt.Errorf("usage: get pods|nodes|pvc|pv|jobs|cronjobs|svc|endpointslices|events|statefulsets [-n NS]")
	}
	what := args[0]
	fs.Parse(args[1:])
	kc, err := kcf()
	if err != nil {
		return err
	}
	cs, _, err := clientFor(kc)
	if err != nil {
		return err
	}
	ctx := context.Background()
	lo := metav1.ListOptions{}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	row := func(cols ...interface{}) {
		s := make([]string, len(cols))
		for i, c := range cols {
			s[i] = fmt.Sprint(c)
		}
		fmt.Fprintln(w, strings.Join(s, "\t"))
	}
	switch what {
	case "pods", "pod", "po":
		l, err := cs.CoreV1().Pods(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "IP", "NODE", "AGE")
		for i := range l.Items {
			p := &l.Items[i]
			ready, restarts := 0, int32(0)
			for _, c := range p.Status.ContainerStatuses {
				if c.Ready {
					ready++
				}
				restarts += c.RestartCount
			}
			row(p.Namespace, p.Name, fmt.Sprintf("%d/%d", ready, len(p.Spec.Containers)), podReason(p), restarts, p.Status.PodIP, p.Spec.NodeName, age(p.CreationTimestamp))
		}
	case "nodes", "node", "no":
		l, err := cs.CoreV1().Nodes().List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAME", "STATUS", "PODCIDR", "VERSION", "AGE")
		for _, n := range l.Items {
			st := "NotReady"
			for _, c := range n.Status.Conditions {
				if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
					st = "Ready"
				}
			}
			row(n.Name, st, n.Spec.PodCIDR, n.Status.NodeInfo.KubeletVersion, age(n.CreationTimestamp))
		}
	case "pvc":
		l, err := cs.CoreV1().PersistentVolumeClaims(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "STATUS", "VOLUME", "STORAGECLASS", "AGE")
		for _, p := range l.Items {
			row(p.Namespace, p.Name, p.Status.Phase, p.Spec.VolumeName, ptrStr(p.Spec.StorageClassName), age(p.CreationTimestamp))
		}
	case "hostpaths":
		// host directories of hostPath PVs (for cleanup by ctl down)
		l, err := cs.CoreV1().PersistentVolumes().List(ctx, lo)
		if err != nil {
			return err
		}
		for _, p := range l.Items {
			if p.Spec.HostPath != nil {
				fmt.Println(p.Spec.HostPath.Path)
			}
		}
	case "pv":
		l, err := cs.CoreV1().PersistentVolumes().List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAME", "CAPACITY", "STATUS", "CLAIM", "STORAGECLASS")
		for _, p := range l.Items {
			claim := ""
			if p.Spec.ClaimRef != nil {
				claim = p.Spec.ClaimRef.Namespace + "/" + p.Spec.ClaimRef.Name
			}
			q := p.Spec.Capacity[corev1.ResourceStorage]
			row(p.Name, q.String(), p.Status.Phase, claim, p.Spec.StorageClassName)
		}
	case "jobs", "job":
		l, err := cs.BatchV1().Jobs(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "ACTIVE", "SUCCEEDED", "FAILED", "CONDITIONS", "AGE")
		for _, j := range l.Items {
			var conds []string
			for _, c := range j.Status.Conditions {
				if c.Status == corev1.ConditionTrue {
					conds = append(conds, string(c.Type)+"("+c.Reason+")")
				}
			}
			row(j.Namespace, j.Name, j.Status.Active, j.Status.Succeeded, j.Status.Failed, strings.Join(conds, ","), age(j.CreationTimestamp))
		}
	case "cronjobs", "cronjob", "cj":
		l, err := cs.BatchV1().CronJobs(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "SCHEDULE", "ACTIVE", "LAST-SCHEDULE", "LAST-SUCCESS")
		for _, c := range l.Items {
			ls, lsucc := metav1.Time{}, metav1.Time{}
			if c.Status.LastScheduleTime != nil {
				ls = *c.Status.LastScheduleTime
			}
			if c.Status.LastSuccessfulTime != nil {
				lsucc = *c.Status.LastSuccessfulTime
			}
			row(c.Namespace, c.Name, c.Spec.Schedule, len(c.Status.Active), age(ls), age(lsucc))
		}
	case "svc", "services", "service":
		l, err := cs.CoreV1().Services(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORTS")
		for _, s := range l.Items {
			ext := "<none>"
			if s.Spec.Type == corev1.ServiceTypeLoadBalancer {
				ext = "<pending>"
				for _, in := range s.Status.LoadBalancer.Ingress {
					ext = in.IP + in.Hostname
				}
			}
			if s.Spec.Type == corev1.ServiceTypeExternalName {
				ext = s.Spec.ExternalName
			}
			var ports []string
			for _, p := range s.Spec.Ports {
				ps := fmt.Sprintf("%d/%s", p.Port, p.Protocol)
				if p.NodePort != 0 {
					ps = fmt.Sprintf("%d:%d/%s", p.Port, p.NodePort, p.Protocol)
				}
				ports = append(ports, ps)
			}
			row(s.Namespace, s.Name, s.Spec.Type, s.Spec.ClusterIP, ext, strings.Join(ports, ","))
		}
	case "endpointslices", "endpointslice", "eps":
		l, err := cs.DiscoveryV1().EndpointSlices(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "SERVICE", "READY", "NOT-READY")
		for _, e := range l.Items {
			var ready, notReady []string
			for _, ep := range e.Endpoints {
				a := strings.Join(ep.Addresses, ",")
				if ep.Conditions.Ready != nil && *ep.Conditions.Ready {
					ready = append(ready, a)
				} else {
					notReady = append(notReady, a)
				}
			}
			row(e.Namespace, e.Name, e.Labels["kubernetes.io/service-name"], strings.Join(ready, " "), strings.Join(notReady, " "))
		}
	case "events", "event", "ev":
		l, err := cs.CoreV1().Events(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		sort.Slice(l.Items, func(i, j int) bool { return evTime(&l.Items[i]).Before(evTime(&l.Items[j])) })
		row("NAMESPACE", "LAST", "TYPE", "REASON", "OBJECT", "SOURCE", "COUNT", "MESSAGE")
		for _, e := range l.Items {
			count := e.Count
			if e.Series != nil {
				count = e.Series.Count
			}
			src := e.Source.Component
			if src == "" {
				src = e.ReportingController
			}
			row(e.Namespace, age(metav1.NewTime(evTime(&e))), e.Type, e.Reason, strings.ToLower(e.InvolvedObject.Kind)+"/"+e.InvolvedObject.Name, src, count, e.Message)
		}
	case "statefulsets", "sts":
		l, err := cs.AppsV1().StatefulSets(*ns).List(ctx, lo)
		if err != nil {
			return err
		}
		row("NAMESPACE", "NAME", "READY", "SERVICE")
		for _, s := range l.Items {
			row(s.Namespace, s.Name, fmt.Sprintf("%d/%d", s.Status.ReadyReplicas, ptrInt(s.Spec.Replicas)), s.Spec.ServiceName)
		}
	default:
		return fmt.Errorf("unknown kind %q", what)
	}
	return nil
}

func evTime(e *corev1.Event) time.Time {
	if e.Series != nil {
		return e.Series.LastObservedTime.Time
	}
	if !e.LastTimestamp.IsZero() {
		return e.LastTimestamp.Time
	}
	if !e.EventTime.IsZero() {
		return e.EventTime.Time
	}
	return e.CreationTimestamp.Time
}

func ptrStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ptrInt(i *int32) int32 {
	if i == nil {
		return 1
	}
	return *i
}
