package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	apiserverapp "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcmapp "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

// splitExtra splits args at "--": our own flags before, component flags after.
func splitExtra(args []string) (own, extra []string) {
	for i, a := range args {
		if a == "--" {
			return args[:i], args[i+1:]
		}
	}
	return args, nil
}

func apiserverArgs(c *clusterConfig) []string {
	pki := c.path("pki")
	return []string{
		"--etcd-servers=" + c.etcdURL(),
		"--advertise-address=127.0.0.1",
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.APIServerPort),
		"--cert-dir=" + c.path("run", "apiserver-certs"),
		"--tls-cert-file=" + pki + "/apiserver.crt",
		"--tls-private-key-file=" + pki + "/apiserver.key",
		"--client-ca-file=" + pki + "/ca.crt",
		"--service-account-issuer=" + saIssuer,
		"--service-account-key-file=" + pki + "/sa.pub",
		"--service-account-signing-key-file=" + pki + "/sa.key",
		"--authorization-mode=Node,RBAC",
		// pods/log goes to kubelet-sim on 127.0.0.1 (never a node name,
		// which would need DNS).
		"--kubelet-preferred-address-types=InternalIP",
		"--kubelet-certificate-authority=" + pki + "/ca.crt",
		"--kubelet-client-certificate=" + pki + "/apiserver-kubelet-client.crt",
		"--kubelet-client-key=" + pki + "/apiserver-kubelet-client.key",
		"--service-cluster-ip-range=" + serviceCIDR,
		// The lease reconciler would write 127.0.0.1 into the kubernetes
		// Endpoints, which validation rejects (loopback): keep none.
		"--endpoint-reconciler-type=none",
		"--allow-privileged=true",
		"--profiling=false",
		"--audit-policy-file=" + c.path("run", "audit-policy.yaml"),
		"--audit-log-path=" + c.path("logs", "audit.log"),
		"--audit-log-maxsize=200",
		"--audit-log-maxbackup=1",
		"--v=1",
	}
}

// controllers run by kube-controller-manager: everything a single-node
// cluster without a cloud provider uses. Not run: node-ipam (the simulated
// kubelets bring their own podCIDRs), the cloud ones (service-lb, route,
// cloud-node-lifecycle: so LoadBalancer Services never get an address),
// attach/detach, CSR signing/approval and the bootstrap token ones.
var kcmControllers = []string{
	"serviceaccount-token-controller",
	"serviceaccount-controller",
	"endpoints-controller",
	"endpointslice-controller",
	"endpointslice-mirroring-controller",
	"replicationcontroller-controller",
	"replicaset-controller",
	"deployment-controller",
	"statefulset-controller",
	"daemonset-controller",
	"job-controller",
	"cronjob-controller",
	"ttl-after-finished-controller",
	"disruption-controller",
	"horizontal-pod-autoscaler-controller",
	"garbage-collector-controller",
	"namespace-controller",
	"pod-garbage-collector-controller",
	"resourcequota-controller",
	"ttl-controller",
	"node-lifecycle-controller",
	"taint-eviction-controller",
	"persistentvolume-binder-controller",
	"persistentvolume-expander-controller",
	"persistentvolumeclaim-protection-controller",
	"persistentvolume-protection-controller",
	"ephemeral-volume-controller",
	"clusterrole-aggregation-controller",
	"root-ca-certificate-publisher-controller",
	"service-cidr-controller",
}

func controllerManagerArgs(c *clusterConfig) []string {
	pki := c.path("pki")
	return []string{
		"--kubeconfig=" + c.path("run", "controller-manager.kubeconfig"),
		"--service-account-private-key-file=" + pki + "/sa.key",
		"--root-ca-file=" + pki + "/ca.crt",
		"--use-service-account-credentials=true",
		"--secure-port=0",
		"--leader-elect=false",
		"--controllers=" + strings.Join(kcmControllers, ","),
		"--enable-hostpath-provisioner=true",
		"--allocate-node-cidrs=false",
		"--cluster-cidr=" + clusterCIDR,
		"--service-cluster-ip-range=" + serviceCIDR,
		// The defaults (20/30) make the controllers create pods at ~20/s:
		// benchmarks start tens of thousands.
		"--kube-api-qps=200",
		"--kube-api-burst=400",
		"--v=1",
	}
}

func runAPIServer(args []string) error {
	own, extra := splitExtra(args)
	fs := flag.NewFlagSet("apiserver", flag.ExitOnError)
	sd := stateDirFlag(fs)
	printOnly := fs.Bool("print-args", false, "print the kube-apiserver flags and exit")
	fs.Parse(own)
	c, err := loadConfig(*sd)
	if err != nil {
		return err
	}
	a := append(apiserverArgs(c), extra...)
	if *printOnly {
		fmt.Println(strings.Join(a, "\n"))
		return nil
	}
	fmt.Fprintf(os.Stderr, "kube-apiserver %s\n", strings.Join(a, " "))
	cmd := apiserverapp.NewAPIServerCommand()
	cmd.SetArgs(a)
	return cmd.Execute()
}

func runControllerManager(args []string) error {
	own, extra := splitExtra(args)
	fs := flag.NewFlagSet("controller-manager", flag.ExitOnError)
	sd := stateDirFlag(fs)
	printOnly := fs.Bool("print-args", false, "print the kube-controller-manager flags and exit")
	fs.Parse(own)
	c, err := loadConfig(*sd)
	if err != nil {
		return err
	}
	a := append(controllerManagerArgs(c), extra...)
	if *printOnly {
		fmt.Println(strings.Join(a, "\n"))
		return nil
	}
	fmt.Fprintf(os.Stderr, "kube-controller-manager %s\n", strings.Join(a, " "))
	cmd := kcmapp.NewControllerManagerCommand()
	cmd.SetArgs(a)
	return cmd.Execute()
}
