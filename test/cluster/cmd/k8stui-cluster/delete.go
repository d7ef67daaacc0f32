package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
)

type target struct {
	gvr        schema.GroupVersionResource
	namespaced bool
	ns, name   string
	uid        types.UID
}

// runDelete deletes objects named as RESOURCE/NAME (pod/web-0,
// deploy/frontend, ns/batch, ...) or listed in manifests (-f), and with
// --wait waits until they are gone (finalizers, namespace deletion).
func runDelete(args []string) error {
	fs := flag.NewFlagSet("delete", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	var paths []string
	fs.Func("f", "file or directory of manifests whose objects to delete (repeatable)", func(s string) error {
		paths = append(paths, s)
		return nil
	})
	ns := fs.String("n", "default", "namespace")
	wait := fs.Duration("wait", 0, "wait up to this long until the objects are gone")
	// flags may come after the positional arguments
	var names []string
	rest := args
	for len(rest) > 0 {
		fs.Parse(rest)
		rest = fs.Args()
		if len(rest) > 0 {
			names = append(names, rest[0])
			rest = rest[1:]
		}
	}
	kc, err := kcf()
	if err != nil {
		return err
	}
	dyn, deferred, cached, err := dynamicClients(kc)
	if err != nil {
		return err
	}
	mapper := restmapper.NewShortcutExpander(deferred, cached, nil)
	var targets []target
	for _, n := range names {
		res, name, ok := strings.Cut(n, "/")
		if !ok || name == "" {
			return fmt.Errorf("want RESOURCE/NAME, got %q", n)
		}
		gr := schema.ParseGroupResource(res)
		gvr, err := mapper.ResourceFor(gr.WithVersion(""))
		if err != nil {
			return err
		}
		gvk, err := mapper.KindFor(gvr)
		if err != nil {
			return err
		}
		m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		if err != nil {
			return err
		}
		targets = append(targets, target{gvr: gvr, namespaced: m.Scope.Name() == meta.RESTScopeNameNamespace, ns: *ns, name: name})
	}
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
				gvk := o.GroupVersionKind()
				m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
				if err != nil {
					return err
				}
				t := target{gvr: m.Resource, namespaced: m.Scope.Name() == meta.RESTScopeNameNamespace, ns: o.GetNamespace(), name: o.GetName()}
				if t.ns == "" {
					t.ns = *ns
				}
				targets = append(targets, t)
			}
		}
	}
	if len(targets) == 0 {
		return fmt.Errorf("nothing to delete: give RESOURCE/NAME or -f")
	}
	ctx := context.Background()
	ri := func(t target) dynamic.ResourceInterface {
		if t.namespaced {
			return dyn.Resource(t.gvr).Namespace(t.ns)
		}
		return dyn.Resource(t.gvr)
	}
	bg := metav1.DeletePropagationBackground
	for i := len(targets) - 1; i >= 0; i-- { // reverse order: namespaces last
		t := &targets[i]
		if o, err := ri(*t).Get(ctx, t.name, metav1.GetOptions{}); err == nil {
			t.uid = o.GetUID()
		}
		err := ri(*t).Delete(ctx, t.name, metav1.DeleteOptions{PropagationPolicy: &bg})
		switch {
		case apierrors.IsNotFound(err):
			fmt.Printf("  %s %s not found\n", t.gvr.Resource, t.name)
		case err != nil:
			return fmt.Errorf("%s %s: %v", t.gvr.Resource, t.name, err)
		default:
			fmt.Printf("  %s %s deleted\n", t.gvr.Resource, t.name)
		}
	}
	if *wait <= 0 {
		return nil
	}
	deadline := time.Now().Add(*wait)
	for _, t := range targets {
		for {
			// gone, or replaced by a new object of the same name (a
			// StatefulSet recreates its pods at once)
			o, err := ri(t).Get(ctx, t.name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) || err == nil && o.GetUID() != t.uid {
				break
			}
			if time.Now().After(deadline) {
				fmt.Fprintf(os.Stderr, "%s %s still exists after %v\n", t.gvr.Resource, t.name, *wait)
				os.Exit(1)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	fmt.Println("all gone")
	return nil
}
