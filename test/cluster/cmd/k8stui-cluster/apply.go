package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"sigs.k8s.io/yaml"
)

// generateTLSAnnotation on a kubernetes.io/tls Secret makes apply fill in
// tls.crt/tls.key with a fresh self-signed certificate for the given hosts
// (comma separated), so no key material is kept in the repository.
const generateTLSAnnotation = "sim.k8stui.dev/generate-tls"

func manifestFiles(path string) ([]string, error) {
	if path == "-" {
		return []string{"-"}, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var files []string
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".json")) {
			files = append(files, filepath.Join(path, n))
		}
	}
	sort.Strings(files)
	return files, nil
}

func readObjects(file string) ([]*unstructured.Unstructured, error) {
	var r io.Reader
	if file == "-" {
		r = os.Stdin
	} else {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(r, 4096)
	var objs []*unstructured.Unstructured
	for {
		var m map[string]interface{}
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		if len(m) == 0 {
			continue
		}
		u := &unstructured.Unstructured{Object: m}
		if u.IsList() {
			l, err := u.ToList()
			if err != nil {
				return nil, err
			}
			for i := range l.Items {
				objs = append(objs, &l.Items[i])
			}
			continue
		}
		objs = append(objs, u)
	}
	return objs, nil
}

func runApply(args []string) error {
	fs := flag.NewFlagSet("apply", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	var paths []string
	fs.Func("f", "file or directory of YAML manifests (repeatable; - for stdin)", func(s string) error {
		paths = append(paths, s)
		return nil
	})
	defaultNS := fs.String("n", "default", "namespace for namespaced objects that name none")
	fs.Parse(args)
	if len(paths) == 0 {
		return fmt.Errorf("need -f")
	}
	kc, err := kcf()
	if err != nil {
		return err
	}
	dyn, mapper, _, err := dynamicClients(kc)
	if err != nil {
		return err
	}
	ctx := context.Background()
	n := 0
	for _, p := range paths {
		files, err := manifestFiles(p)
		if err != nil {
			return err
		}
		for _, f := range files {
			objs, err := readObjects(f)
			if err != nil {
				return err
			}
			for _, o := range objs {
				if err := applyOne(ctx, dyn, mapper, o, *defaultNS); err != nil {
					return fmt.Errorf("%s: %s %s: %v", f, o.GetKind(), o.GetName(), err)
				}
				n++
			}
		}
	}
	fmt.Printf("applied %d objects\n", n)
	return nil
}

func applyOne(ctx context.Context, dyn dynamic.Interface, mapper *restmapper.DeferredDiscoveryRESTMapper, o *unstructured.Unstructured, defaultNS string) error {
	gvk := o.GroupVersionKind()
	var mapping *meta.RESTMapping
	var err error
	// A kind that a CRD applied just before defines shows up in discovery a
	// little later: reset the cache and retry for a few seconds.
	for i := 0; i < 20; i++ {
		mapping, err = mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		if err == nil {
			break
		}
		mapper.Reset()
		time.Sleep(500 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	if err := prepareObject(o); err != nil {
		return err
	}
	var ri dynamic.ResourceInterface = dyn.Resource(mapping.Resource)
	if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		if o.GetNamespace() == "" {
			o.SetNamespace(defaultNS)
		}
		ri = dyn.Resource(mapping.Resource).Namespace(o.GetNamespace())
	}
	body, err := o.MarshalJSON()
	if err != nil {
		return err
	}
	force := true
	var lastErr error
	for i := 0; i < 10; i++ {
		_, lastErr = ri.Patch(ctx, o.GetName(), types.ApplyPatchType, body, metav1.PatchOptions{FieldManager: fieldManager, Force: &force})
		if lastErr == nil {
			ns := o.GetNamespace()
			if ns != "" {
				ns += "/"
			}
			fmt.Printf("  %s %s%s applied\n", strings.ToLower(o.GetKind()), ns, o.GetName())
			return nil
		}
		// Right after a namespace is created its ServiceAccount "default" or
		// the namespace itself may not be visible yet: retry briefly.
		time.Sleep(500 * time.Millisecond)
	}
	return lastErr
}

// prepareObject fills in generated content (TLS secrets).
func prepareObject(o *unstructured.Unstructured) error {
	if o.GetKind() != "Secret" {
		return nil
	}
	hosts := o.GetAnnotations()[generateTLSAnnotation]
	if hosts == "" {
		return nil
	}
	crtPEM, keyPEM, err := selfSignedTLS(strings.Split(hosts, ","))
	if err != nil {
		return err
	}
	data, _, _ := unstructured.NestedMap(o.Object, "data")
	if data == nil {
		data = map[string]interface{}{}
	}
	data["tls.crt"] = base64.StdEncoding.EncodeToString(crtPEM)
	data["tls.key"] = base64.StdEncoding.EncodeToString(keyPEM)
	return unstructured.SetNestedMap(o.Object, data, "data")
}

func selfSignedTLS(hosts []string) ([]byte, []byte, error) {
	for i := range hosts {
		hosts[i] = strings.TrimSpace(hosts[i])
	}
	kp, err := newCert(&x509.Certificate{
		Subject:               pkix.Name{CommonName: hosts[0], Organization: []string{"k8stui test"}},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:              hosts,
		BasicConstraintsValid: true,
		NotAfter:              time.Now().Add(90 * 24 * time.Hour),
	}, nil)
	if err != nil {
		return nil, nil, err
	}
	return kp.certPEM, kp.keyPEM, nil
}

var _ = yaml.Marshal
