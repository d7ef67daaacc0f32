package main

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
)

// podCache holds every pod of the cluster, kept current by a list and a
// watch. Unlike an informer it never backs off: any failure (the API server
// was stopped) lists again one second later, so the simulated kubelets carry
// on as soon as the server is back. Listing 30,000 pods every second, as a
// plain poll would, costs the API server more than the rest of the cluster.
type podCache struct {
	mu     sync.Mutex
	pods   map[types.UID]*corev1.Pod
	synced bool
}

func newPodCache() *podCache { return &podCache{pods: map[types.UID]*corev1.Pod{}} }

// snapshot returns the cached pods (shared: callers must not modify them) and
// whether the cache has been filled yet.
func (c *podCache) snapshot() ([]*corev1.Pod, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*corev1.Pod, 0, len(c.pods))
	for _, p := range c.pods {
		out = append(out, p)
	}
	return out, c.synced
}

// run lists and watches until ctx ends; report(nil) after each successful
// list, report(err) on failures.
func (c *podCache) run(ctx context.Context, cs kubernetes.Interface, report func(error)) {
	for ctx.Err() == nil {
		rv, err := c.list(ctx, cs)
		if err != nil {
			report(err)
			sleepCtx(ctx, time.Second)
			continue
		}
		report(nil)
		// Watch from the list's resourceVersion, and again from the last
		// event's when a watch ends normally; list again after an error.
		for ctx.Err() == nil {
			started := time.Now()
			next, err := c.watch(ctx, cs, rv)
			if err != nil {
				if !apierrors.IsResourceExpired(err) && !apierrors.IsGone(err) {
					report(err)
				}
				sleepCtx(ctx, time.Second)
				break
			}
			rv = next
			if time.Since(started) < time.Second {
				sleepCtx(ctx, time.Second) // a watch that ends at once must not spin
			}
		}
	}
}

func (c *podCache) list(ctx context.Context, cs kubernetes.Interface) (string, error) {
	pods := map[types.UID]*corev1.Pod{}
	opts := metav1.ListOptions{Limit: 2000}
	var rv string
	for {
		lctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		list, err := cs.CoreV1().Pods("").List(lctx, opts)
		cancel()
		if err != nil {
			return "", err
		}
		for i := range list.Items {
			p := &list.Items[i]
			pods[p.UID] = p
		}
		rv = list.ResourceVersion
		if list.Continue == "" {
			break
		}
		opts.Continue = list.Continue
	}
	c.mu.Lock()
	c.pods = pods
	c.synced = true
	c.mu.Unlock()
	return rv, nil
}

func (c *podCache) watch(ctx context.Context, cs kubernetes.Interface, rv string) (string, error) {
	timeout := int64(300)
	w, err := cs.CoreV1().Pods("").Watch(ctx, metav1.ListOptions{ResourceVersion: rv, AllowWatchBookmarks: true, TimeoutSeconds: &timeout})
	if err != nil {
		return rv, err
	}
	defer w.Stop()
	for ev := range w.ResultChan() {
		switch ev.Type {
		case watch.Added, watch.Modified, watch.Deleted:
			p, ok := ev.Object.(*corev1.Pod)
			if !ok {
				continue
			}
			c.mu.Lock()
			if ev.Type == watch.Deleted {
				delete(c.pods, p.UID)
			} else {
				c.pods[p.UID] = p
			}
			c.mu.Unlock()
			rv = p.ResourceVersion
		case watch.Bookmark:
			if m, err := metaOf(ev.Object); err == nil {
				rv = m.GetResourceVersion()
			}
		case watch.Error:
			return rv, apierrors.FromObject(ev.Object)
		}
	}
	if ctx.Err() != nil {
		return rv, ctx.Err()
	}
	return rv, nil
}

func metaOf(o interface{}) (metav1.Object, error) {
	if m, ok := o.(metav1.Object); ok {
		return m, nil
	}
	return nil, apierrors.NewBadRequest("bookmark without metadata")
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
