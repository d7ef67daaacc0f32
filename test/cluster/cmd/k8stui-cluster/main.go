// Command k8stui-cluster runs the pieces of a local Kubernetes control plane
// for k8stui's end-to-end tests: embedded etcd, kube-apiserver,
// kube-controller-manager and a simulated kubelet, each as its own process
// (started by test/cluster/up), plus helpers to set up certificates,
// apply manifests and wait for readiness.
package main

import (
	"fmt"
	"os"
	"sort"
)

type subcommand struct {
	help string
	run  func(args []string) error
}

var subcommands = map[string]subcommand{
	"init":               {"choose free ports, create CA/certs/keys and kubeconfigs in the state dir", runInit},
	"etcd":               {"run embedded etcd (foreground)", runEtcd},
	"apiserver":          {"run kube-apiserver (foreground); extra flags after --", runAPIServer},
	"controller-manager": {"run kube-controller-manager (foreground); extra flags after --", runControllerManager},
	"kubelet-sim":        {"run the simulated kubelets/scheduler for node-a, node-b, node-c (foreground)", runKubeletSim},
	"wait-ready":         {"wait for /readyz, default+kube-system namespaces and (with --nodes N) N Ready nodes", runWaitReady},
	"rbac":               {"create the viewer / ns-viewer RBAC objects", runRBAC},
	"apply":              {"apply YAML manifests: apply -f DIR_OR_FILE [--kubeconfig K]", runApply},
	"delete":             {"delete objects: delete RESOURCE/NAME... [-n NS] | -f PATH, [--wait 60s]", runDelete},
	"get":                {"print a short table: get pods|nodes|pvc|jobs|events|endpointslices [-n NS]", runGet},
	"check":              {"check the planted scenarios are in the expected state", runCheck},
	"info":               {"print ports and paths of the state dir as shell variables", runInfo},
	"podstats":           {"print PODS RUNNING READY for namespaces starting with --prefix (benchmarks)", runPodStats},
	"churn":              {"update --rate pods/s (an annotation) for --duration (benchmarks)", runChurn},
}

func usage() {
	fmt.Fprintf(os.Stderr, "usage: k8stui-cluster SUBCOMMAND [flags]\n\n")
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-20s %s\n", n, subcommands[n].help)
	}
	fmt.Fprintf(os.Stderr, "\nThe state dir is --state-dir, else $K8STUI_CLUSTER_DIR, else /tmp/k8stui-cluster.\n")
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	sc, ok := subcommands[os.Args[1]]
	if !ok {
		if os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
			usage()
			return
		}
		fmt.Fprintf(os.Stderr, "unknown subcommand %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err := sc.run(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "k8stui-cluster %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
