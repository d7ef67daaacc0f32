package main

import (
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
)

// dynamicClients is what apply and delete need to handle any kind: a dynamic
// client, and a REST mapper over cached discovery (Reset() refreshes it after
// a CRD or a new API group appears).
func dynamicClients(kubeconfig string) (dynamic.Interface, *restmapper.DeferredDiscoveryRESTMapper, discovery.CachedDiscoveryInterface, error) {
	cfg, err := restConfig(kubeconfig)
	if err != nil {
		return nil, nil, nil, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	cached := memory.NewMemCacheClient(dc)
	return dyn, restmapper.NewDeferredDiscoveryRESTMapper(cached), cached, nil
}
