package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

type keyPair struct {
	cert    *x509.Certificate
	key     crypto.Signer
	certPEM []byte
	keyPEM  []byte
}

func newSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

func encodeKey(k crypto.Signer) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// newCert creates a certificate signed by parent (self-signed when parent is nil).
func newCert(tmpl *x509.Certificate, parent *keyPair) (*keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl.SerialNumber = newSerial()
	tmpl.NotBefore = now.Add(-time.Hour)
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = now.Add(365 * 24 * time.Hour)
	}
	signerCert, signerKey := tmpl, crypto.Signer(key)
	if parent != nil {
		signerCert, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signerKey)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &keyPair{cert: cert, key: key,
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		keyPEM:  encodeKey(key)}, nil
}

func newCA(cn string) (*keyPair, error) {
	return newCert(&x509.Certificate{
		Subject:               pkix.Name{CommonName: cn},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
		NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
	}, nil)
}

func newServingCert(ca *keyPair, cn string, dns []string, ips []net.IP) (*keyPair, error) {
	return newCert(&x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    dns,
		IPAddresses: ips,
	}, ca)
}

func newClientCert(ca *keyPair, cn string, groups ...string) (*keyPair, error) {
	return newCert(&x509.Certificate{
		Subject:     pkix.Name{CommonName: cn, Organization: groups},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, ca)
}

func writeFile(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, mode)
}

func writeKeyPair(dir, name string, kp *keyPair) error {
	if err := writeFile(filepath.Join(dir, name+".crt"), kp.certPEM, 0o644); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, name+".key"), kp.keyPEM, 0o600)
}

func writeKubeconfig(path, server string, caPEM []byte, user string, kp *keyPair, namespace string) error {
	ctxName := clusterName + "-" + user
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{ClientCertificateData: kp.certPEM, ClientKeyData: kp.keyPEM}
	cfg.Contexts[ctxName] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: user, Namespace: namespace}
	cfg.CurrentContext = ctxName
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}

const auditPolicy = `# Written by k8stui-cluster init: log every request at Metadata level.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
`

// runInit prepares a state dir: ports, certificates, keys, kubeconfigs,
// audit policy. With an existing cluster.json it does nothing unless --force.
func runInit(args []string) error {
	fs := flag.NewFlagSet("init", flag.ExitOnError)
	sd := stateDirFlag(fs)
	apiPort := fs.Int("apiserver-port", 0, "API server port (0: pick a free one)")
	force := fs.Bool("force", false, "overwrite an existing state dir's config")
	fs.Parse(args)
	dir, err := filepath.Abs(*sd)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "cluster.json")); err == nil && !*force {
		fmt.Printf("state dir %s already initialised\n", dir)
		return nil
	}
	ports, err := freePorts(4)
	if err != nil {
		return err
	}
	c := &clusterConfig{Version: configVersion, StateDir: dir, EtcdClientPort: ports[0], EtcdPeerPort: ports[1], APIServerPort: ports[2], KubeletPort: ports[3]}
	if *apiPort != 0 {
		c.APIServerPort = *apiPort
	}
	pki := c.path("pki")
	for _, d := range []string{pki, c.path("logs"), c.path("run")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}

	ca, err := newCA("k8stui-cluster-ca")
	if err != nil {
		return err
	}
	if err := writeKeyPair(pki, "ca", ca); err != nil {
		return err
	}
	serving, err := newServingCert(ca, "kube-apiserver",
		[]string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
		[]net.IP{net.ParseIP("127.0.0.1"), net.ParseIP(serviceAPIIP)})
	if err != nil {
		return err
	}
	if err := writeKeyPair(pki, "apiserver", serving); err != nil {
		return err
	}
	// The simulated kubelets' API (containerLogs) and the API server's
	// client certificate for it.
	kubelet, err := newServingCert(ca, "kubelet-sim", []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		return err
	}
	if err := writeKeyPair(pki, "kubelet", kubelet); err != nil {
		return err
	}
	kubeletClient, err := newClientCert(ca, "kube-apiserver-kubelet-client", mastersGroup)
	if err != nil {
		return err
	}
	if err := writeKeyPair(pki, "apiserver-kubelet-client", kubeletClient); err != nil {
		return err
	}
	// Service account token signing key (RSA, as kubeadm makes it).
	sa, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&sa.PublicKey)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(pki, "sa.key"), encodeKey(sa), 0o600); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(pki, "sa.pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return err
	}

	type ident struct {
		file, user, ns string
		groups         []string
	}
	idents := []ident{
		{c.path("admin.kubeconfig"), adminCN, "", []string{mastersGroup}},
		{c.path("viewer.kubeconfig"), viewerCN, "", nil},
		{c.path("ns-viewer.kubeconfig"), nsViewerCN, scenarioNS, nil},
		{c.path("run", "controller-manager.kubeconfig"), kcmCN, "", nil},
		{c.path("run", "kubelet-sim.kubeconfig"), kubeletSimCN, "", []string{mastersGroup}},
	}
	for _, id := range idents {
		kp, err := newClientCert(ca, id.user, id.groups...)
		if err != nil {
			return err
		}
		if err := writeKubeconfig(id.file, c.apiURL(), ca.certPEM, id.user, kp, id.ns); err != nil {
			return err
		}
	}
	if err := writeFile(c.path("run", "audit-policy.yaml"), []byte(auditPolicy), 0o644); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	if err := writeFile(c.path("cluster.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("initialised %s: etcd 127.0.0.1:%d, apiserver %s\n", dir, c.EtcdClientPort, c.apiURL())
	return nil
}
