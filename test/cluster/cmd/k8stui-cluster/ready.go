package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

func restConfig(kubeconfig string) (*rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	cfg.QPS = 50
	cfg.Burst = 100
	return cfg, nil
}

func clientFor(kubeconfig string) (*kubernetes.Clientset, *rest.Config, error) {
	cfg, err := restConfig(kubeconfig)
	if err != nil {
		return nil, nil, err
	}
	cs, err := kubernetes.NewForConfig(cfg)
	return cs, cfg, err
}

// adminKubeconfig returns --kubeconfig if set, else STATE/admin.kubeconfig.
func adminKubeconfig(fs *flag.FlagSet) func() (string, error) {
	sd := stateDirFlag(fs)
	kc := fs.String("kubeconfig", "", "kubeconfig (default: STATE/admin.kubeconfig)")
	return func() (string, error) {
		if *kc != "" {
			return *kc, nil
		}
		c, err := loadConfig(*sd)
		if err != nil {
			return "", err
		}
		return c.path("admin.kubeconfig"), nil
	}
}

func runWaitReady(args []string) error {
	fs := flag.NewFlagSet("wait-ready", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	timeout := fs.Duration("timeout", 60*time.Second, "give up after")
	nodes := fs.Int("nodes", 0, "also wait for this many Ready nodes")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	fs.Parse(args)
	kc, err := kcf()
	if err != nil {
		return err
	}
	cs, _, err := clientFor(kc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	start := time.Now()
	var last error
	for {
		last = checkReady(ctx, cs, *nodes)
		if last == nil {
			if !*quiet {
				fmt.Printf("ready after %.1fs\n", time.Since(start).Seconds())
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready after %v: %v", *timeout, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func checkReady(ctx context.Context, cs *kubernetes.Clientset, nodes int) error {
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	body, err := cs.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(rctx)
	if err != nil {
		return fmt.Errorf("/readyz: %v %s", err, body)
	}
	for _, ns := range []string{"default", "kube-system"} {
		if _, err := cs.CoreV1().Namespaces().Get(rctx, ns, metav1.GetOptions{}); err != nil {
			return fmt.Errorf("namespace %s: %v", ns, err)
		}
	}
	if nodes > 0 {
		list, err := cs.CoreV1().Nodes().List(rctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		ready := 0
		for _, n := range list.Items {
			for _, cond := range n.Status.Conditions {
				if cond.Type == corev1.NodeReady && cond.Status == corev1.ConditionTrue {
					ready++
				}
			}
		}
		if ready < nodes {
			return fmt.Errorf("%d/%d nodes Ready", ready, nodes)
		}
	}
	return nil
}

// runRBAC creates the objects that give the viewer identities their rights:
//   - viewer: ClusterRoleBinding to the built-in "view" ClusterRole, plus the
//     k8stui-cluster-reader ClusterRole for cluster-scoped kinds view lacks;
//   - ns-viewer: RoleBinding to "view" in namespace shop only.
func runRBAC(args []string) error {
	fs := flag.NewFlagSet("rbac", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	fs.Parse(args)
	kc, err := kcf()
	if err != nil {
		return err
	}
	cs, _, err := clientFor(kc)
	if err != nil {
		return err
	}
	ctx := context.Background()
	labels := map[string]string{"app.kubernetes.io/managed-by": "k8stui-cluster"}
	user := func(n string) []rbacv1.Subject {
		return []rbacv1.Subject{{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: n}}
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: scenarioNS}}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	reader := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: readerRole, Labels: labels},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"nodes", "persistentvolumes", "namespaces"}, Verbs: []string{"get", "list", "watch"}},
			{APIGroups: []string{"storage.k8s.io"}, Resources: []string{"storageclasses"}, Verbs: []string{"get", "list", "watch"}},
			{APIGroups: []string{"networking.k8s.io"}, Resources: []string{"ingressclasses"}, Verbs: []string{"get", "list", "watch"}},
		},
	}
	crbs := []*rbacv1.ClusterRoleBinding{
		{ObjectMeta: metav1.ObjectMeta{Name: "k8stui-viewer-view", Labels: labels},
			RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"},
			Subjects: user(viewerCN)},
		{ObjectMeta: metav1.ObjectMeta{Name: "k8stui-viewer-cluster-reader", Labels: labels},
			RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: readerRole},
			Subjects: user(viewerCN)},
	}
	rb := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "k8stui-ns-viewer-view", Namespace: scenarioNS, Labels: labels},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"},
		Subjects:   user(nsViewerCN),
	}
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, reader, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	for _, b := range crbs {
		if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, b, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	if _, err := cs.RbacV1().RoleBindings(scenarioNS).Create(ctx, rb, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	fmt.Printf("rbac: viewer -> ClusterRole view + %s (cluster-wide); ns-viewer -> ClusterRole view in namespace %s only\n", readerRole, scenarioNS)
	return nil
}
