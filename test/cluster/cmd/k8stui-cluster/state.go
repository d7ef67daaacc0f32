package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// Fixed cluster-wide settings. The pod and service ranges are only numbers
// kept in etcd: nothing ever sends traffic to them.
const (
	serviceCIDR   = "10.96.0.0/16"
	serviceAPIIP  = "10.96.0.1"
	clusterCIDR   = "10.244.0.0/16"
	scenarioNS    = "shop" // namespace the ns-viewer identity may read
	fieldManager  = "k8stui-cluster"
	saIssuer      = "https://kubernetes.default.svc.cluster.local"
	defaultState  = "/tmp/k8stui-cluster"
	clusterName   = "k8stui"
	kubeletSimCN  = "system:k8stui-kubelet-sim"
	adminCN       = "kubernetes-admin"
	kcmCN         = "system:kube-controller-manager"
	viewerCN      = "viewer"
	nsViewerCN    = "ns-viewer"
	mastersGroup  = "system:masters"
	readerRole    = "k8stui-cluster-reader"
	configVersion = 1
)

var simNodes = []string{"node-a", "node-b", "node-c"}

// clusterConfig is written by init to STATE/cluster.json and read by every
// other subcommand, so a restarted component uses the same ports.
type clusterConfig struct {
	Version        int    `json:"version"`
	StateDir       string `json:"stateDir"`
	EtcdClientPort int    `json:"etcdClientPort"`
	EtcdPeerPort   int    `json:"etcdPeerPort"`
	APIServerPort  int    `json:"apiServerPort"`
	KubeletPort    int    `json:"kubeletPort"` // kubelet-sim's containerLogs endpoint
}

func (c *clusterConfig) path(parts ...string) string {
	return filepath.Join(append([]string{c.StateDir}, parts...)...)
}
func (c *clusterConfig) etcdURL() string { return fmt.Sprintf("http://127.0.0.1:%d", c.EtcdClientPort) }
func (c *clusterConfig) apiURL() string  { return fmt.Sprintf("https://127.0.0.1:%d", c.APIServerPort) }

func stateDirFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("K8STUI_CLUSTER_DIR")
	if def == "" {
		def = defaultState
	}
	return fs.String("state-dir", def, "state directory")
}

func loadConfig(stateDir string) (*clusterConfig, error) {
	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(abs, "cluster.json"))
	if err != nil {
		return nil, fmt.Errorf("%v (run init first)", err)
	}
	var c clusterConfig
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	c.StateDir = abs
	return &c, nil
}

// freePorts asks the kernel for n distinct free ports on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func runInfo(args []string) error {
	fs := flag.NewFlagSet("info", flag.ExitOnError)
	sd := stateDirFlag(fs)
	fs.Parse(args)
	c, err := loadConfig(*sd)
	if err != nil {
		return err
	}
	vars := [][2]string{
		{"STATE_DIR", c.StateDir},
		{"ETCD_CLIENT_PORT", fmt.Sprint(c.EtcdClientPort)},
		{"ETCD_PEER_PORT", fmt.Sprint(c.EtcdPeerPort)},
		{"APISERVER_PORT", fmt.Sprint(c.APIServerPort)},
		{"APISERVER_URL", c.apiURL()},
		{"KUBELET_PORT", fmt.Sprint(c.KubeletPort)},
		{"ADMIN_KUBECONFIG", c.path("admin.kubeconfig")},
		{"VIEWER_KUBECONFIG", c.path("viewer.kubeconfig")},
		{"NS_VIEWER_KUBECONFIG", c.path("ns-viewer.kubeconfig")},
		{"AUDIT_LOG", c.path("logs", "audit.log")},
	}
	for _, v := range vars {
		fmt.Printf("%s=%s\n", v[0], shellQuote(v[1]))
	}
	return nil
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
