package main

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"
)

func TestNormalizeImage(t *testing.T) {
	for in, want := range map[string]string{
		"nginx":                         "docker.io/library/nginx:latest",
		"nginx:1.27":                    "docker.io/library/nginx:1.27",
		"bitnami/redis":                 "docker.io/bitnami/redis:latest",
		"registry.example.com/a/b:1.0":  "registry.example.com/a/b:1.0",
		"localhost:5000/x":              "localhost:5000/x:latest",
		"busybox@sha256:0123456789abcd": "docker.io/library/busybox@sha256:0123456789abcd",
	} {
		if got := normalizeImage(in); got != want {
			t.Errorf("normalizeImage(%q) = %q, want %q", in, got, want)
		}
	}
	if id := imageID("nginx:1.27"); !strings.HasPrefix(id, "docker.io/library/nginx@sha256:") || len(id) != len("docker.io/library/nginx@sha256:")+64 {
		t.Errorf("imageID = %q", id)
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second, 160 * time.Second, 300 * time.Second, 300 * time.Second}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestCandidates(t *testing.T) {
	p := &corev1.Pod{}
	if got := candidates(p); len(got) != 3 {
		t.Errorf("no constraints: %v", got)
	}
	p.Spec.NodeSelector = map[string]string{"kubernetes.io/hostname": "node-b"}
	if got := candidates(p); len(got) != 1 || got[0] != "node-b" {
		t.Errorf("nodeSelector: %v", got)
	}
	p.Spec.NodeSelector = nil
	p.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
		NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchFields: []corev1.NodeSelectorRequirement{{Key: "metadata.name", Operator: corev1.NodeSelectorOpIn, Values: []string{"node-c"}}}}},
	}}}
	if got := candidates(p); len(got) != 1 || got[0] != "node-c" {
		t.Errorf("daemonset affinity: %v", got)
	}
}

// A pod that exits 1 with restartPolicy Never ends Failed with the kubelet's
// container and condition fields.
func TestExitFailurePodGoesFailed(t *testing.T) {
	s := &sim{state: map[types.UID]*podState{}, ipCursor: map[string]int{}, images: map[string]map[string]bool{"node-a": {}},
		recorders: nil}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "r", Namespace: "batch", UID: "u1",
		Annotations: map[string]string{annExit: "1", annRunSeconds: "3"}},
		Spec: corev1.PodSpec{NodeName: "node-a", RestartPolicy: corev1.RestartPolicyNever,
			Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}}
	st := s.newPodState(p)
	s.state[p.UID] = st
	s.recorders = fakeRecorders()
	t0 := st.startAt
	s.advance(p, st, t0)
	status := s.render(p, st)
	if status.Phase != corev1.PodRunning || status.PodIP != "10.244.0.2" || status.ContainerStatuses[0].State.Running == nil {
		t.Fatalf("after start: %+v", status)
	}
	s.advance(p, st, t0.Add(3*time.Second))
	status = s.render(p, st)
	term := status.ContainerStatuses[0].State.Terminated
	if status.Phase != corev1.PodFailed || term == nil || term.ExitCode != 1 || term.Reason != "Error" {
		t.Fatalf("after exit: phase %s, terminated %+v", status.Phase, term)
	}
	for _, c := range status.Conditions {
		if c.Type == corev1.PodReady && (c.Status != corev1.ConditionFalse || c.Reason != "PodFailed") {
			t.Errorf("Ready condition %+v", c)
		}
	}
}

// Liveness failures kill the container (137), restart it once at once, then
// put it in CrashLoopBackOff.
func TestLivenessFailureCrashLoops(t *testing.T) {
	s := &sim{state: map[types.UID]*podState{}, ipCursor: map[string]int{}, images: map[string]map[string]bool{"node-a": {}}, recorders: fakeRecorders()}
	probe := &corev1.Probe{PeriodSeconds: 5, FailureThreshold: 2}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "cart", Namespace: "shop", UID: "u2", Annotations: map[string]string{annLiveness: "fail"}},
		Spec: corev1.PodSpec{NodeName: "node-a", Containers: []corev1.Container{{Name: "cart", Image: "cart:1", LivenessProbe: probe}}}}
	st := s.newPodState(p)
	t0 := st.startAt
	reasons := map[string]bool{}
	for d := time.Duration(0); d < 60*time.Second; d += time.Second {
		s.advance(p, st, t0.Add(d))
		cs := s.render(p, st).ContainerStatuses[0]
		if cs.State.Waiting != nil {
			reasons[cs.State.Waiting.Reason] = true
		}
		if cs.LastTerminationState.Terminated != nil && cs.LastTerminationState.Terminated.ExitCode != 137 {
			t.Fatalf("last state %+v", cs.LastTerminationState.Terminated)
		}
	}
	c := st.ctrs[0]
	if c.restarts < 2 || !reasons["CrashLoopBackOff"] {
		t.Fatalf("restarts %d, waiting reasons %v", c.restarts, reasons)
	}
}

func fakeRecorders() map[string]record.EventRecorder {
	m := map[string]record.EventRecorder{}
	for _, n := range simNodes {
		m[n] = record.NewFakeRecorder(1000)
	}
	return m
}
