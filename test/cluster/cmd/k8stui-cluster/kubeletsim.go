package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/events"
	"k8s.io/client-go/tools/record"
	"k8s.io/utils/ptr"
)

// Pod annotations (set them in pod templates) that choose how the simulated
// kubelet treats a pod's containers.
const (
	annReadiness  = "sim.k8stui.dev/readiness"   // "fail": never Ready, Unhealthy events
	annLiveness   = "sim.k8stui.dev/liveness"    // "fail": killed and restarted, CrashLoopBackOff
	annExit       = "sim.k8stui.dev/exit"        // "0", "1", ...: containers exit with this code
	annRunSeconds = "sim.k8stui.dev/run-seconds" // seconds before exiting (default 5)
	annImage      = "sim.k8stui.dev/image"       // "pull-fail": ErrImagePull / ImagePullBackOff
)

const (
	kubeletVersion   = "v1.34.4"
	nodeIP           = "127.0.0.1" // never contacted; loopback so nothing can leave the machine
	leaseDuration    = 40
	leaseRenewEvery  = 10 * time.Second
	nodeStatusEvery  = time.Minute
	maxBackoff       = 300 * time.Second
	baseBackoff      = 10 * time.Second
	defaultScheduler = corev1.DefaultSchedulerName
)

type ctrState struct {
	name, image, ref string
	isInit           bool
	pullPolicy       corev1.PullPolicy
	readiness        *corev1.Probe
	liveness         *corev1.Probe

	state      string // waiting | running | terminated
	reason     string
	message    string
	startedAt  time.Time
	finishedAt time.Time
	exitCode   int32
	id         string
	restarts   int32
	last       *corev1.ContainerStateTerminated
	ready      bool
	everRan    bool

	nextAt     time.Time // when the current waiting/running phase ends
	probeAt    time.Time // next readiness probe (failing readiness only)
	liveAt     time.Time // next liveness probe (failing liveness only)
	liveFails  int
	pullFails  int
	backoffAt  time.Time // next BackOff event while waiting
	crashCount int
}

type podState struct {
	// seenRV and wake let a tick skip a pod: nothing in the pod changed
	// (same resourceVersion as last synced) and none of its timers is due.
	seenRV string
	wake   time.Time

	uid       types.UID
	node      string
	ip        string
	startAt   time.Time // the kubelet "admits" the pod and starts its sandbox
	startTime time.Time
	sandbox   bool
	ctrs      []*ctrState // init containers first
	killing   bool
	terminal  corev1.PodPhase

	readinessFail, livenessFail, pullFail bool
	exitCode                              *int32
	runFor                                time.Duration
}

type sim struct {
	cs        *kubernetes.Clientset
	recorders map[string]record.EventRecorder
	sched     events.EventRecorder

	state     map[types.UID]*podState
	rr        int
	ipCursor  map[string]int
	images    map[string]map[string]bool // node -> images present
	unschedAt map[types.UID]time.Time

	listFailing bool
	kubeletPort int32
	mu          sync.Mutex // guards state against the containerLogs handler

	pods      *podCache
	usedIPs   map[string]map[string]bool // node -> pod IPs in use (non-terminal pods)
	overflow  map[string]int             // node -> addresses handed out past its /24
	unschedMu sync.Mutex                 // guards unschedAt in the parallel API phase
}

// simWorkers is how many API calls a tick makes at once: with tens of
// thousands of pods, one at a time cannot keep up (binds, status updates).
const simWorkers = 32

func runKubeletSim(args []string) error {
	fs := flag.NewFlagSet("kubelet-sim", flag.ExitOnError)
	sd := stateDirFlag(fs)
	kc := fs.String("kubeconfig", "", "kubeconfig (default: STATE/run/kubelet-sim.kubeconfig)")
	fs.Parse(args)
	c, err := loadConfig(*sd)
	if err != nil {
		return err
	}
	if *kc == "" {
		*kc = c.path("run", "kubelet-sim.kubeconfig")
	}
	cfg, err := restConfig(*kc)
	if err != nil {
		return err
	}
	// A kubelet per node in a real cluster; here one process acts for all of
	// them, so it needs the request budget of many (benchmarks start tens of
	// thousands of pods).
	cfg.QPS, cfg.Burst = 500, 1000
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	s := &sim{cs: cs, kubeletPort: int32(c.KubeletPort), recorders: map[string]record.EventRecorder{}, state: map[types.UID]*podState{},
		ipCursor: map[string]int{}, images: map[string]map[string]bool{}, unschedAt: map[types.UID]time.Time{}, pods: newPodCache()}

	// Kubelet-style (core/v1) events with the kubelet's correlator: repeated
	// identical events become one Event whose count grows.
	bc := record.NewBroadcasterWithCorrelatorOptions(record.CorrelatorOptions{BurstSize: 100})
	bc.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: cs.CoreV1().Events("")})
	defer bc.Shutdown()
	for _, n := range simNodes {
		s.recorders[n] = bc.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "kubelet", Host: n})
		s.images[n] = map[string]bool{}
	}
	// Scheduler-style (events.k8s.io/v1) events, as kube-scheduler writes them.
	eb := events.NewBroadcaster(&events.EventSinkImpl{Interface: cs.EventsV1()})
	eb.StartRecordingToSink(ctx.Done())
	defer eb.Shutdown()
	s.sched = eb.NewRecorder(scheme.Scheme, defaultScheduler)

	if err := s.serveKubeletAPI(ctx, c); err != nil {
		return err
	}
	if err := s.ensureNodes(ctx, true); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "kubelet-sim: nodes %v registered\n", simNodes)

	// Pods are listed and watched by our own loop, which retries every second
	// (after the API server is stopped and started again, an informer's
	// reflector may back off for up to 30 s); every second a tick syncs the
	// pods from that cache.
	go s.pods.run(ctx, s.cs, func(err error) {
		if err == nil {
			if s.listFailing {
				fmt.Fprintln(os.Stderr, "kubelet-sim: API server reachable again")
			}
			s.listFailing = false
			return
		}
		if !s.listFailing {
			fmt.Fprintf(os.Stderr, "kubelet-sim: list/watch pods: %v (retrying every second)\n", err)
		}
		s.listFailing = true
	})
	go func() {
		t := time.NewTicker(leaseRenewEvery)
		defer t.Stop()
		lastStatus := time.Now()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				full := time.Since(lastStatus) >= nodeStatusEvery
				if err := s.ensureNodes(ctx, full); err != nil {
					fmt.Fprintf(os.Stderr, "kubelet-sim: nodes: %v\n", err)
				} else if full {
					lastStatus = time.Now()
				}
			}
		}
	}()

	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(os.Stderr, "kubelet-sim: stopping")
			return nil
		case <-tick.C:
		}
		s.syncAll(ctx)
	}
}

func isSimNode(n string) bool {
	for _, x := range simNodes {
		if x == n {
			return true
		}
	}
	return false
}

func nodeIndex(n string) int {
	for i, x := range simNodes {
		if x == n {
			return i
		}
	}
	return 0
}

func now() time.Time { return time.Now().Truncate(time.Second) }

// ---------------------------------------------------------------- nodes

func stableID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "/")))
	return hex.EncodeToString(h[:16])
}

func (s *sim) ensureNodes(ctx context.Context, statusUpdate bool) error {
	for i, name := range simNodes {
		node, err := s.cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			cidr := fmt.Sprintf("10.244.%d.0/24", i)
			node = &corev1.Node{
				ObjectMeta: metav1.ObjectMeta{Name: name,
					Labels: map[string]string{
						"kubernetes.io/hostname":           name,
						"kubernetes.io/os":                 "linux",
						"kubernetes.io/arch":               "amd64",
						"beta.kubernetes.io/os":            "linux",
						"beta.kubernetes.io/arch":          "amd64",
						"topology.kubernetes.io/zone":      "zone-" + string(rune('a'+i)),
						"node.kubernetes.io/instance-type": "sim.large",
					},
					Annotations: map[string]string{
						"node.alpha.kubernetes.io/ttl":                           "0",
						"volumes.kubernetes.io/controller-managed-attach-detach": "true",
					}},
				Spec: corev1.NodeSpec{PodCIDR: cidr, PodCIDRs: []string{cidr}},
			}
			node, err = s.cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
			if err != nil {
				return err
			}
			statusUpdate = true
		} else if err != nil {
			return err
		}
		if statusUpdate || len(node.Status.Conditions) == 0 {
			node.Status = nodeStatus(name, node.Status, s.kubeletPort)
			if _, err := s.cs.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil && !apierrors.IsConflict(err) {
				return err
			}
		}
		if err := s.renewLease(ctx, node); err != nil {
			return err
		}
	}
	return nil
}

func nodeStatus(name string, old corev1.NodeStatus, kubeletPort int32) corev1.NodeStatus {
	if kubeletPort == 0 {
		kubeletPort = 10250
	}
	t := metav1.NewTime(now())
	trans := func(typ corev1.NodeConditionType, st corev1.ConditionStatus) metav1.Time {
		for _, c := range old.Conditions {
			if c.Type == typ && c.Status == st {
				return c.LastTransitionTime
			}
		}
		return t
	}
	cond := func(typ corev1.NodeConditionType, st corev1.ConditionStatus, reason, msg string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: typ, Status: st, Reason: reason, Message: msg, LastHeartbeatTime: t, LastTransitionTime: trans(typ, st)}
	}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("4"),
		corev1.ResourceMemory:           resource.MustParse("16372884Ki"),
		corev1.ResourcePods:             resource.MustParse("110"),
		corev1.ResourceEphemeralStorage: resource.MustParse("101430960Ki"),
		"hugepages-1Gi":                 resource.MustParse("0"),
		"hugepages-2Mi":                 resource.MustParse("0"),
	}
	alloc := capacity.DeepCopy()
	alloc[corev1.ResourceMemory] = resource.MustParse("16270484Ki")
	alloc[corev1.ResourceEphemeralStorage] = resource.MustParse("93478772582")
	return corev1.NodeStatus{
		Capacity:    capacity,
		Allocatable: alloc,
		Conditions: []corev1.NodeCondition{
			cond(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
			cond(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
			cond(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
			cond(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady", "kubelet is posting ready status"),
		},
		Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: nodeIP},
			{Type: corev1.NodeHostName, Address: name},
		},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: kubeletPort}},
		NodeInfo: corev1.NodeSystemInfo{
			MachineID:               stableID("machine", name),
			SystemUUID:              stableID("system", name),
			BootID:                  stableID("boot", name),
			KernelVersion:           "6.1.0-28-amd64",
			OSImage:                 "Debian GNU/Linux 12 (bookworm)",
			ContainerRuntimeVersion: "containerd://1.7.24",
			KubeletVersion:          kubeletVersion,
			OperatingSystem:         "linux",
			Architecture:            "amd64",
		},
	}
}

func (s *sim) renewLease(ctx context.Context, node *corev1.Node) error {
	leases := s.cs.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	t := metav1.NewMicroTime(time.Now())
	l, err := leases.Get(ctx, node.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		l = &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: node.Name, Namespace: corev1.NamespaceNodeLease,
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: node.Name, UID: node.UID}}},
			Spec: coordinationv1.LeaseSpec{HolderIdentity: ptr.To(node.Name), LeaseDurationSeconds: ptr.To(int32(leaseDuration)), RenewTime: &t},
		}
		_, err = leases.Create(ctx, l, metav1.CreateOptions{})
		return err
	} else if err != nil {
		return err
	}
	l.Spec.RenewTime = &t
	l.Spec.HolderIdentity = ptr.To(node.Name)
	l.Spec.LeaseDurationSeconds = ptr.To(int32(leaseDuration))
	_, err = leases.Update(ctx, l, metav1.UpdateOptions{})
	if apierrors.IsConflict(err) {
		return nil
	}
	return err
}

// ---------------------------------------------------------------- pods

func (s *sim) syncAll(ctx context.Context) {
	pods, ok := s.pods.snapshot()
	if !ok {
		return
	}
	sort.Slice(pods, func(i, j int) bool {
		a, b := pods[i], pods[j]
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		return a.Namespace+"/"+a.Name < b.Namespace+"/"+b.Name
	})
	// Decide under the lock (state, events, scheduling order), then make the
	// API calls in parallel without it.
	type job struct {
		p  *corev1.Pod
		do func(context.Context) error
	}
	var jobs []job
	s.mu.Lock()
	seen := make(map[types.UID]bool, len(pods))
	for _, p := range pods {
		seen[p.UID] = true
		if do := s.syncPod(p); do != nil {
			jobs = append(jobs, job{p, do})
		}
	}
	for uid, st := range s.state {
		if !seen[uid] {
			s.releaseIP(st)
			delete(s.state, uid)
		}
	}
	s.mu.Unlock()
	s.unschedMu.Lock()
	for uid := range s.unschedAt {
		if !seen[uid] {
			delete(s.unschedAt, uid)
		}
	}
	s.unschedMu.Unlock()

	work := make(chan job)
	var wg sync.WaitGroup
	for i := 0; i < simWorkers && i < len(jobs); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if err := j.do(ctx); err != nil && !apierrors.IsConflict(err) && !apierrors.IsNotFound(err) && ctx.Err() == nil {
					fmt.Fprintf(os.Stderr, "kubelet-sim: pod %s/%s: %v\n", j.p.Namespace, j.p.Name, err)
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
}

func podRef(p *corev1.Pod, fieldPath string) *corev1.ObjectReference {
	return &corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID, FieldPath: fieldPath}
}

func ctrRef(p *corev1.Pod, c *ctrState) *corev1.ObjectReference {
	if c.isInit {
		return podRef(p, "spec.initContainers{"+c.name+"}")
	}
	return podRef(p, "spec.containers{"+c.name+"}")
}

// syncPod moves one pod forward (with s.mu held) and returns the API call
// to make for it, if any.
func (s *sim) syncPod(p *corev1.Pod) func(context.Context) error {
	if p.DeletionTimestamp != nil {
		if p.Spec.NodeName == "" || !isSimNode(p.Spec.NodeName) {
			return nil
		}
		if st := s.state[p.UID]; st != nil && !st.killing {
			st.killing = true
			for _, c := range st.ctrs {
				if c.state == "running" {
					s.recorders[p.Spec.NodeName].Eventf(ctrRef(p, c), corev1.EventTypeNormal, "Killing", "Stopping container %s", c.name)
				}
			}
		}
		return func(ctx context.Context) error {
			return s.cs.CoreV1().Pods(p.Namespace).Delete(ctx, p.Name, metav1.DeleteOptions{
				GracePeriodSeconds: ptr.To(int64(0)), Preconditions: &metav1.Preconditions{UID: &p.UID}})
		}
	}
	if p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
		return nil
	}
	if p.Spec.NodeName == "" {
		return s.schedule(p)
	}
	if !isSimNode(p.Spec.NodeName) {
		return nil
	}
	t := now()
	st := s.state[p.UID]
	if st == nil {
		st = s.newPodState(p)
		s.state[p.UID] = st
	} else if st.seenRV == p.ResourceVersion && t.Before(st.wake) {
		return nil // unchanged since the last sync, and nothing due yet
	}
	s.advance(p, st, t)
	status := s.render(p, st)
	st.wake = nextWake(st, t)
	st.seenRV = p.ResourceVersion
	if equality.Semantic.DeepEqual(&status, &p.Status) {
		return nil
	}
	np := p.DeepCopy()
	np.Status = status
	return func(ctx context.Context) error {
		_, err := s.cs.CoreV1().Pods(p.Namespace).UpdateStatus(ctx, np, metav1.UpdateOptions{})
		return err
	}
}

// nextWake is the earliest time at which advance could change the pod
// (conservative: a timer already past means "now"). A pod is synced again at
// least hourly anyway.
func nextWake(st *podState, t time.Time) time.Time {
	w := t.Add(time.Hour)
	due := func(x time.Time) {
		if x.Before(w) {
			w = x // the zero time (not set yet) counts as due
		}
	}
	if st.terminal != "" {
		return w
	}
	if !st.sandbox {
		due(st.startAt)
		return w
	}
	for _, c := range st.ctrs {
		switch c.state {
		case "waiting":
			due(c.nextAt)
			if c.reason == "ImagePullBackOff" || c.reason == "CrashLoopBackOff" {
				due(c.backoffAt)
			}
		case "running":
			if c.isInit || st.exitCode != nil {
				due(c.nextAt)
			}
			if st.readinessFail || !c.ready {
				due(c.probeAt)
			}
			if st.livenessFail {
				due(c.liveAt)
			}
		}
	}
	return w
}

// ---------------------------------------------------------------- scheduling

// candidates returns the nodes a pod may go to: all of them, narrowed by a
// kubernetes.io/hostname nodeSelector or a metadata.name node affinity (as
// the DaemonSet controller sets).
func candidates(p *corev1.Pod) []string {
	out := append([]string(nil), simNodes...)
	if h, ok := p.Spec.NodeSelector["kubernetes.io/hostname"]; ok {
		out = filterNodes(out, []string{h})
	}
	if a := p.Spec.Affinity; a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		var allowed []string
		restricted := false
		for _, term := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
			for _, f := range term.MatchFields {
				if f.Key == "metadata.name" && f.Operator == corev1.NodeSelectorOpIn {
					restricted = true
					allowed = append(allowed, f.Values...)
				}
			}
		}
		if restricted {
			out = filterNodes(out, allowed)
		}
	}
	return out
}

func filterNodes(nodes, allowed []string) []string {
	var out []string
	for _, n := range nodes {
		for _, a := range allowed {
			if n == a {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

func (s *sim) unschedulable(ctx context.Context, p *corev1.Pod, msg string) error {
	s.unschedMu.Lock()
	if t, ok := s.unschedAt[p.UID]; ok && time.Since(t) < 30*time.Second {
		s.unschedMu.Unlock()
		return nil
	}
	s.unschedAt[p.UID] = time.Now()
	s.unschedMu.Unlock()
	full := fmt.Sprintf("0/%d nodes are available: %s preemption: 0/%d nodes are available: %d Preemption is not helpful for scheduling.", len(simNodes), msg, len(simNodes), len(simNodes))
	s.sched.Eventf(p, nil, corev1.EventTypeWarning, "FailedScheduling", "Scheduling", full)
	np := p.DeepCopy()
	setPodCondition(&np.Status, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable, Message: full})
	if equality.Semantic.DeepEqual(np.Status, p.Status) {
		return nil
	}
	_, err := s.cs.CoreV1().Pods(p.Namespace).UpdateStatus(ctx, np, metav1.UpdateOptions{})
	return err
}

func setPodCondition(st *corev1.PodStatus, c corev1.PodCondition) {
	for i := range st.Conditions {
		if st.Conditions[i].Type == c.Type {
			if st.Conditions[i].Status != c.Status {
				st.Conditions[i].LastTransitionTime = metav1.NewTime(now())
			}
			st.Conditions[i].Status, st.Conditions[i].Reason, st.Conditions[i].Message = c.Status, c.Reason, c.Message
			return
		}
	}
	c.LastTransitionTime = metav1.NewTime(now())
	st.Conditions = append(st.Conditions, c)
}

// schedule picks the node (round-robin, with s.mu held) and returns the
// API calls: check the pod's claims, then bind it or mark it unschedulable.
func (s *sim) schedule(p *corev1.Pod) func(context.Context) error {
	if p.Spec.SchedulerName != "" && p.Spec.SchedulerName != defaultScheduler {
		return nil
	}
	nodes := candidates(p)
	node := ""
	if len(nodes) > 0 {
		node = nodes[s.rr%len(nodes)]
		s.rr++
	}
	return func(ctx context.Context) error {
		// Like the real scheduler's VolumeBinding plugin: wait for claims.
		for _, v := range p.Spec.Volumes {
			name := ""
			if v.PersistentVolumeClaim != nil {
				name = v.PersistentVolumeClaim.ClaimName
			} else if v.Ephemeral != nil {
				name = p.Name + "-" + v.Name
			} else {
				continue
			}
			pvc, err := s.cs.CoreV1().PersistentVolumeClaims(p.Namespace).Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return s.unschedulable(ctx, p, fmt.Sprintf("persistentvolumeclaim %q not found.", name))
			}
			if err != nil {
				return err
			}
			if pvc.Status.Phase != corev1.ClaimBound {
				return s.unschedulable(ctx, p, "pod has unbound immediate PersistentVolumeClaims.")
			}
		}
		if node == "" {
			return s.unschedulable(ctx, p, fmt.Sprintf("%d node(s) didn't match Pod's node affinity/selector.", len(simNodes)))
		}
		b := &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, UID: p.UID},
			Target: corev1.ObjectReference{Kind: "Node", Name: node}}
		if err := s.cs.CoreV1().Pods(p.Namespace).Bind(ctx, b, metav1.CreateOptions{}); err != nil {
			return err
		}
		s.unschedMu.Lock()
		delete(s.unschedAt, p.UID)
		s.unschedMu.Unlock()
		s.sched.Eventf(p, nil, corev1.EventTypeNormal, "Scheduled", "Binding", "Successfully assigned %s/%s to %s", p.Namespace, p.Name, node)
		return nil
	}
}

// ---------------------------------------------------------------- kubelet

func newContainerID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "containerd://" + hex.EncodeToString(b)
}

// normalizeImage turns "nginx" into "docker.io/library/nginx:latest", as
// containerd reports it.
func normalizeImage(img string) string {
	name := img
	if i := strings.IndexByte(name, '/'); i < 0 {
		name = "docker.io/library/" + name
	} else if first := name[:i]; !strings.ContainsAny(first, ".:") && first != "localhost" {
		name = "docker.io/" + name
	}
	last := name[strings.LastIndexByte(name, '/')+1:]
	if !strings.Contains(last, ":") && !strings.Contains(name, "@") {
		name += ":latest"
	}
	return name
}

func imageID(img string) string {
	ref := normalizeImage(img)
	repo := ref
	if i := strings.LastIndexByte(ref, '@'); i >= 0 {
		repo = ref[:i]
	} else if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		repo = ref[:i]
	}
	h := sha256.Sum256([]byte(ref))
	return repo + "@sha256:" + hex.EncodeToString(h[:])
}

func imageSize(img string) int64 {
	h := sha256.Sum256([]byte(img))
	return 20_000_000 + int64(h[0])<<18 + int64(h[1])<<10
}

func (s *sim) newPodState(p *corev1.Pod) *podState {
	a := p.Annotations
	st := &podState{uid: p.UID, node: p.Spec.NodeName, startAt: now().Add(time.Second),
		readinessFail: a[annReadiness] == "fail", livenessFail: a[annLiveness] == "fail", pullFail: a[annImage] == "pull-fail",
		runFor: 5 * time.Second}
	if v, ok := a[annExit]; ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			st.exitCode = ptr.To(int32(n))
		}
	}
	if v, ok := a[annRunSeconds]; ok {
		if n, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && n >= 0 {
			st.runFor = time.Duration(n * float64(time.Second))
		}
	}
	for _, c := range p.Spec.InitContainers {
		st.ctrs = append(st.ctrs, &ctrState{name: c.Name, image: c.Image, isInit: true, pullPolicy: c.ImagePullPolicy, state: "waiting", reason: "PodInitializing"})
	}
	for _, c := range p.Spec.Containers {
		st.ctrs = append(st.ctrs, &ctrState{name: c.Name, image: c.Image, pullPolicy: c.ImagePullPolicy, readiness: c.ReadinessProbe, liveness: c.LivenessProbe, state: "waiting", reason: "ContainerCreating"})
	}
	for _, c := range st.ctrs {
		if c.isInit && len(p.Spec.InitContainers) > 0 {
			continue
		}
		if len(p.Spec.InitContainers) > 0 {
			c.reason = "PodInitializing"
		}
	}
	// Adopt a pod this sim started before it was restarted.
	if p.Status.StartTime != nil {
		st.startAt = p.Status.StartTime.Time
		st.startTime = p.Status.StartTime.Time
		st.sandbox = true
		st.ip = p.Status.PodIP
		all := append(append([]corev1.ContainerStatus(nil), p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...)
		for _, c := range st.ctrs {
			for _, cs := range all {
				if cs.Name != c.name {
					continue
				}
				c.restarts, c.id, c.ready, c.last = cs.RestartCount, cs.ContainerID, cs.Ready, cs.LastTerminationState.Terminated
				switch {
				case cs.State.Running != nil:
					c.state, c.startedAt, c.everRan = "running", cs.State.Running.StartedAt.Time, true
					c.nextAt = now().Add(st.runFor)
					c.probeAt, c.liveAt = now(), now().Add(5*time.Second)
				case cs.State.Terminated != nil:
					c.state, c.exitCode, c.reason = "terminated", cs.State.Terminated.ExitCode, cs.State.Terminated.Reason
					c.startedAt, c.finishedAt, c.everRan = cs.State.Terminated.StartedAt.Time, cs.State.Terminated.FinishedAt.Time, true
				case cs.State.Waiting != nil:
					c.reason, c.message = cs.State.Waiting.Reason, cs.State.Waiting.Message
					c.nextAt = now()
				}
			}
		}
	}
	return st
}

// allocIP hands out a pod IP from the node's /24 (10.244.N.2-254), skipping
// addresses in use. A node with more pods than that (benchmarks put
// thousands on each) continues in 10.(128+N).x.y, so addresses stay unique.
func (s *sim) allocIP(node string) string {
	if s.usedIPs == nil {
		s.usedIPs = map[string]map[string]bool{}
	}
	used := s.usedIPs[node]
	if used == nil {
		used = map[string]bool{}
		s.usedIPs[node] = used
	}
	idx := nodeIndex(node)
	if len(used) < 253 {
		for i := 0; i < 253; i++ {
			s.ipCursor[node] = s.ipCursor[node]%253 + 1
			ip := fmt.Sprintf("10.244.%d.%d", idx, s.ipCursor[node]+1)
			if !used[ip] {
				used[ip] = true
				return ip
			}
		}
	}
	if s.overflow == nil {
		s.overflow = map[string]int{}
	}
	for {
		n := s.overflow[node]%65000 + 1
		s.overflow[node] = n
		ip := fmt.Sprintf("10.%d.%d.%d", 128+idx, n/250, n%250+1)
		if !used[ip] {
			used[ip] = true
			return ip
		}
	}
}

// releaseIP frees a pod's address (it ended, or it is gone).
func (s *sim) releaseIP(st *podState) {
	if st.ip != "" && st.ip != nodeIP && s.usedIPs != nil {
		delete(s.usedIPs[st.node], st.ip)
	}
}

func backoff(n int) time.Duration {
	d := baseBackoff
	for i := 1; i < n; i++ {
		d *= 2
		if d >= maxBackoff {
			return maxBackoff
		}
	}
	return d
}

func probeDelay(p *corev1.Probe, capAt int32) time.Duration {
	if p == nil {
		return 0
	}
	d := p.InitialDelaySeconds
	if d > capAt {
		d = capAt
	}
	return time.Duration(d) * time.Second
}

func probePeriod(p *corev1.Probe) time.Duration {
	if p == nil || p.PeriodSeconds <= 0 {
		return 10 * time.Second
	}
	return time.Duration(p.PeriodSeconds) * time.Second
}

func probeFailure(p *corev1.Probe, podIP string, liveness bool) string {
	code := 503
	if liveness {
		code = 500
	}
	if p != nil && p.TCPSocket != nil {
		return fmt.Sprintf("dial tcp %s: connect: connection refused", net.JoinHostPort(podIP, p.TCPSocket.Port.String()))
	}
	if p != nil && p.Exec != nil {
		return "command " + strconv.Quote(strings.Join(p.Exec.Command, " ")) + " exited with 1: "
	}
	if p != nil && p.GRPC != nil {
		return fmt.Sprintf("timeout: failed to connect service %q within 1s", net.JoinHostPort(podIP, strconv.Itoa(int(p.GRPC.Port))))
	}
	return fmt.Sprintf("HTTP probe failed with statuscode: %d", code)
}

// startContainer records the pull/create/start events and marks c running.
func (s *sim) startContainer(p *corev1.Pod, st *podState, c *ctrState, t time.Time) {
	rec := s.recorders[st.node]
	ref := ctrRef(p, c)
	if !c.isInit && st.pullFail {
		c.pullFails++
		full := normalizeImage(c.image)
		msg := fmt.Sprintf("failed to pull and unpack image %q: failed to resolve reference %q: %s: not found", full, full, full)
		rec.Eventf(ref, corev1.EventTypeNormal, "Pulling", "Pulling image %q", c.image)
		rec.Eventf(ref, corev1.EventTypeWarning, "Failed", "Failed to pull image %q: rpc error: code = NotFound desc = %s", c.image, msg)
		rec.Eventf(ref, corev1.EventTypeWarning, "Failed", "Error: ErrImagePull")
		c.state, c.reason, c.message = "waiting", "ErrImagePull", "rpc error: code = NotFound desc = "+msg
		c.nextAt = t.Add(2 * time.Second)
		return
	}
	policy := c.pullPolicy
	if policy == "" {
		policy = corev1.PullIfNotPresent
	}
	if c.everRan || (policy != corev1.PullAlways && s.images[st.node][c.image]) {
		rec.Eventf(ref, corev1.EventTypeNormal, "Pulled", "Container image %q already present on machine and can be accessed by the pod", c.image)
	} else {
		rec.Eventf(ref, corev1.EventTypeNormal, "Pulling", "Pulling image %q", c.image)
		d := time.Duration(800+int(imageSize(c.image)%1500)) * time.Millisecond
		rec.Eventf(ref, corev1.EventTypeNormal, "Pulled", "Successfully pulled image %q in %v (%v including waiting). Image size: %d bytes.", c.image, d, d, imageSize(c.image))
		s.images[st.node][c.image] = true
	}
	c.id = newContainerID()
	rec.Eventf(ref, corev1.EventTypeNormal, "Created", "Created container: %s", c.name)
	rec.Eventf(ref, corev1.EventTypeNormal, "Started", "Started container %s", c.name)
	c.state, c.reason, c.message = "running", "", ""
	c.startedAt, c.everRan = t, true
	c.ready = false
	c.liveFails = 0
	if c.isInit {
		c.nextAt = t.Add(time.Second)
		return
	}
	if st.exitCode != nil {
		c.nextAt = t.Add(st.runFor)
	}
	c.probeAt = t.Add(probeDelay(c.readiness, 5))
	// Like the kubelet: without a readiness delay the container is Ready as
	// soon as it runs (one status update, not two).
	c.ready = !st.readinessFail && !c.probeAt.After(t)
	if st.livenessFail {
		c.liveAt = t.Add(probeDelay(c.liveness, 10) + probePeriod(c.liveness))
	}
}

// terminate stops a running container with the given exit code and decides,
// from the restart policy, whether it will be restarted.
func (s *sim) terminate(p *corev1.Pod, st *podState, c *ctrState, t time.Time, code int32, reason string) {
	term := &corev1.ContainerStateTerminated{ExitCode: code, Reason: reason, StartedAt: metav1.NewTime(c.startedAt), FinishedAt: metav1.NewTime(t), ContainerID: c.id}
	c.ready = false
	restart := false
	switch p.Spec.RestartPolicy {
	case corev1.RestartPolicyAlways, "":
		restart = true
	case corev1.RestartPolicyOnFailure:
		restart = code != 0
	}
	if c.isInit && code == 0 {
		restart = false
	}
	if !restart {
		c.state, c.exitCode, c.reason, c.finishedAt = "terminated", code, reason, t
		return
	}
	c.last = term
	c.restarts++
	c.crashCount++
	c.state = "waiting"
	if c.crashCount == 1 {
		// The kubelet restarts a container at once the first time.
		c.reason, c.message = "", ""
		c.nextAt = t.Add(time.Second)
		return
	}
	d := backoff(c.crashCount - 1)
	c.reason = "CrashLoopBackOff"
	c.message = fmt.Sprintf("back-off %v restarting failed container=%s pod=%s_%s(%s)", d, c.name, p.Name, p.Namespace, p.UID)
	c.nextAt = t.Add(d)
	c.backoffAt = t
}

// advance moves the simulated pod forward to time t, recording events.
func (s *sim) advance(p *corev1.Pod, st *podState, t time.Time) {
	if st.terminal != "" || t.Before(st.startAt) {
		return
	}
	rec := s.recorders[st.node]
	if !st.sandbox {
		st.sandbox = true
		st.startTime = st.startAt
		if p.Spec.HostNetwork {
			st.ip = nodeIP
		} else {
			st.ip = s.allocIP(st.node)
		}
	}
	// Init containers run one after another.
	for _, c := range st.ctrs {
		if !c.isInit {
			break
		}
		switch c.state {
		case "terminated":
			continue
		case "waiting":
			if c.nextAt.After(t) {
				return
			}
			s.startContainer(p, st, c, t)
			return
		case "running":
			if c.nextAt.After(t) {
				return
			}
			s.terminate(p, st, c, t, 0, "Completed")
			if c.state != "terminated" {
				return
			}
		}
	}
	for _, c := range st.ctrs {
		if c.isInit {
			continue
		}
		switch c.state {
		case "waiting":
			if c.reason == "ErrImagePull" && !c.nextAt.After(t) {
				d := backoff(c.pullFails)
				c.reason = "ImagePullBackOff"
				c.message = fmt.Sprintf("Back-off pulling image %q: ErrImagePull: %s", c.image, c.message)
				rec.Eventf(ctrRef(p, c), corev1.EventTypeNormal, "BackOff", "Back-off pulling image %q", c.image)
				rec.Eventf(ctrRef(p, c), corev1.EventTypeWarning, "Failed", "Error: ImagePullBackOff")
				c.nextAt = t.Add(d)
				c.backoffAt = t.Add(10 * time.Second)
				continue
			}
			if c.reason == "ImagePullBackOff" && c.nextAt.After(t) {
				if !c.backoffAt.After(t) {
					rec.Eventf(ctrRef(p, c), corev1.EventTypeNormal, "BackOff", "Back-off pulling image %q", c.image)
					rec.Eventf(ctrRef(p, c), corev1.EventTypeWarning, "Failed", "Error: ImagePullBackOff")
					c.backoffAt = t.Add(10 * time.Second)
				}
				continue
			}
			if c.reason == "CrashLoopBackOff" && c.nextAt.After(t) {
				if !c.backoffAt.After(t) {
					rec.Eventf(ctrRef(p, c), corev1.EventTypeWarning, "BackOff", "Back-off restarting failed container %s in pod %s_%s(%s)", c.name, p.Name, p.Namespace, p.UID)
					c.backoffAt = t.Add(10 * time.Second)
				}
				continue
			}
			if c.nextAt.After(t) {
				continue
			}
			s.startContainer(p, st, c, t)
		case "running":
			if st.exitCode != nil && !c.nextAt.After(t) {
				reason := "Completed"
				if *st.exitCode != 0 {
					reason = "Error"
				}
				s.terminate(p, st, c, t, *st.exitCode, reason)
				continue
			}
			if st.readinessFail {
				if !c.probeAt.After(t) {
					rec.Eventf(ctrRef(p, c), corev1.EventTypeWarning, "Unhealthy", "Readiness probe failed: %s", probeFailure(c.readiness, st.ip, false))
					c.probeAt = t.Add(probePeriod(c.readiness))
				}
				c.ready = false
			} else if !c.ready && !c.probeAt.After(t) {
				c.ready = true
			}
			if st.livenessFail && !c.liveAt.After(t) {
				rec.Eventf(ctrRef(p, c), corev1.EventTypeWarning, "Unhealthy", "Liveness probe failed: %s", probeFailure(c.liveness, st.ip, true))
				c.liveFails++
				c.liveAt = t.Add(probePeriod(c.liveness))
				threshold := 3
				if c.liveness != nil && c.liveness.FailureThreshold > 0 {
					threshold = int(c.liveness.FailureThreshold)
				}
				if c.liveFails >= threshold {
					rec.Eventf(ctrRef(p, c), corev1.EventTypeNormal, "Killing", "Container %s failed liveness probe, will be restarted", c.name)
					s.terminate(p, st, c, t, 137, "Error")
				}
			}
		}
	}
	// A pod whose containers all stopped for good is terminal.
	allDone, failed := true, false
	for _, c := range st.ctrs {
		if c.isInit {
			continue
		}
		if c.state != "terminated" {
			allDone = false
		} else if c.exitCode != 0 {
			failed = true
		}
	}
	if allDone {
		st.terminal = corev1.PodSucceeded
		if failed {
			st.terminal = corev1.PodFailed
		}
		s.releaseIP(st)
	}
}

func (s *sim) containerStatus(c *ctrState) corev1.ContainerStatus {
	cs := corev1.ContainerStatus{Name: c.name, Image: c.image, RestartCount: c.restarts, Ready: c.ready, LastTerminationState: corev1.ContainerState{Terminated: c.last}}
	if c.everRan {
		cs.Image = normalizeImage(c.image)
		cs.ImageID = imageID(c.image)
		cs.ContainerID = c.id
	}
	started := false
	switch c.state {
	case "running":
		cs.State.Running = &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(c.startedAt)}
		started = true
	case "terminated":
		cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: c.exitCode, Reason: c.reason, StartedAt: metav1.NewTime(c.startedAt), FinishedAt: metav1.NewTime(c.finishedAt), ContainerID: c.id}
	default:
		cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: c.reason, Message: c.message}
	}
	if !c.isInit {
		cs.Started = ptr.To(started)
	} else {
		cs.Started = ptr.To(c.state == "running")
	}
	return cs
}

func (s *sim) render(p *corev1.Pod, st *podState) corev1.PodStatus {
	out := corev1.PodStatus{Phase: corev1.PodPending, QOSClass: p.Status.QOSClass, HostIP: nodeIP, HostIPs: []corev1.HostIP{{IP: nodeIP}}, ObservedGeneration: p.Generation}
	if !st.startTime.IsZero() {
		out.StartTime = ptr.To(metav1.NewTime(st.startTime))
	}
	if st.ip != "" {
		out.PodIP = st.ip
		out.PodIPs = []corev1.PodIP{{IP: st.ip}}
	}
	var unready, uninit []string
	anyRunning, initDone := false, true
	for _, c := range st.ctrs {
		cs := s.containerStatus(c)
		if c.isInit {
			out.InitContainerStatuses = append(out.InitContainerStatuses, cs)
			if c.state != "terminated" {
				initDone = false
				uninit = append(uninit, c.name)
			}
			continue
		}
		out.ContainerStatuses = append(out.ContainerStatuses, cs)
		if !c.ready {
			unready = append(unready, c.name)
		}
		if c.state == "running" || c.restarts > 0 {
			anyRunning = true
		}
	}
	if anyRunning {
		out.Phase = corev1.PodRunning
	}
	if st.terminal != "" {
		out.Phase = st.terminal
	}
	list := func(names []string) string { return "[" + strings.Join(names, " ") + "]" }
	type cond struct {
		typ             corev1.PodConditionType
		ok              bool
		reason, message string
	}
	conds := []cond{{typ: corev1.PodReadyToStartContainers, ok: st.sandbox && st.terminal == ""}}
	switch {
	case st.terminal == corev1.PodSucceeded:
		conds = append(conds, cond{corev1.PodInitialized, true, "PodCompleted", ""})
	case initDone:
		conds = append(conds, cond{typ: corev1.PodInitialized, ok: true})
	default:
		conds = append(conds, cond{corev1.PodInitialized, false, "ContainersNotInitialized", "containers with incomplete status: " + list(uninit)})
	}
	var ready cond
	switch {
	case st.terminal == corev1.PodSucceeded:
		ready = cond{reason: "PodCompleted"}
	case st.terminal == corev1.PodFailed:
		ready = cond{reason: "PodFailed"}
	case len(unready) == 0:
		ready = cond{ok: true}
	default:
		ready = cond{reason: "ContainersNotReady", message: "containers with unready status: " + list(unready)}
	}
	r, cr := ready, ready
	r.typ, cr.typ = corev1.PodReady, corev1.ContainersReady
	conds = append(conds, r, cr)
	for _, c := range conds {
		status := corev1.ConditionFalse
		if c.ok {
			status = corev1.ConditionTrue
		}
		// v1.34 kubelets (PodObservedGenerationTracking, beta, on) record
		// the pod generation they acted on.
		pc := corev1.PodCondition{Type: c.typ, Status: status, Reason: c.reason, Message: c.message, LastTransitionTime: metav1.NewTime(now()), ObservedGeneration: p.Generation}
		for _, old := range p.Status.Conditions {
			if old.Type == c.typ && old.Status == status {
				pc.LastTransitionTime = old.LastTransitionTime
				pc.LastProbeTime = old.LastProbeTime
			}
		}
		out.Conditions = append(out.Conditions, pc)
	}
	for _, old := range p.Status.Conditions {
		if old.Type == corev1.PodScheduled {
			out.Conditions = append(out.Conditions, old)
		}
	}
	return out
}
