package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// Helpers for bench/live.ts (k8stui's live-cluster benchmark).

// runPodStats prints "PODS RUNNING READY" for the pods in namespaces whose
// name starts with --prefix, read from the API server's watch cache (cheap
// even with tens of thousands of pods).
func runPodStats(args []string) error {
	fs := flag.NewFlagSet("podstats", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	prefix := fs.String("prefix", "", "only namespaces starting with this")
	fs.Parse(args)
	cs, err := benchClient(kcf, 50)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	list, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		return err
	}
	total, running, ready := 0, 0, 0
	for i := range list.Items {
		p := &list.Items[i]
		if !strings.HasPrefix(p.Namespace, *prefix) {
			continue
		}
		total++
		if p.Status.Phase == corev1.PodRunning {
			running++
		}
		if podReady(p) {
			ready++
		}
	}
	fmt.Printf("%d %d %d\n", total, running, ready)
	return nil
}

// runChurn updates --rate pods per second (an annotation, round-robin over
// the pods in namespaces starting with --prefix) for --duration, or until
// SIGTERM/SIGINT: each update is a MODIFIED watch event for every client
// watching pods. Bounded in time, loopback only (the cluster's own API
// server). Prints the rate achieved.
func runChurn(args []string) error {
	fs := flag.NewFlagSet("churn", flag.ExitOnError)
	kcf := adminKubeconfig(fs)
	prefix := fs.String("prefix", "bench-", "only pods in namespaces starting with this")
	rate := fs.Int("rate", 100, "pod updates per second")
	dur := fs.Duration("duration", 10*time.Minute, "stop after this long")
	fs.Parse(args)
	if *rate <= 0 || *rate > 2000 {
		return fmt.Errorf("--rate must be 1..2000")
	}
	cs, err := benchClient(kcf, float32(*rate)*2)
	if err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, *dur)
	defer cancel2()
	list, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		return err
	}
	type ref struct{ ns, name string }
	var pods []ref
	for i := range list.Items {
		p := &list.Items[i]
		if strings.HasPrefix(p.Namespace, *prefix) && p.DeletionTimestamp == nil {
			pods = append(pods, ref{p.Namespace, p.Name})
		}
	}
	if len(pods) == 0 {
		return fmt.Errorf("no pods in namespaces %s*", *prefix)
	}
	fmt.Fprintf(os.Stderr, "churn: %d pods, %d updates/s\n", len(pods), *rate)
	var done, failed atomic.Int64
	work := make(chan ref)
	var wg sync.WaitGroup
	// Enough requests in flight that a slow API server (a busy machine) still gets the rate.
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range work {
				patch := fmt.Sprintf(`{"metadata":{"annotations":{"bench.k8stui.dev/churn":"%d"}}}`, time.Now().UnixNano())
				if _, err := cs.CoreV1().Pods(r.ns).Patch(ctx, r.name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
					if failed.Add(1) <= 3 && ctx.Err() == nil {
						fmt.Fprintf(os.Stderr, "churn: %s/%s: %v\n", r.ns, r.name, err)
					}
				} else {
					done.Add(1)
				}
			}
		}()
	}
	start := time.Now()
	tick := time.NewTicker(time.Second / time.Duration(*rate))
	defer tick.Stop()
	i := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			select {
			case work <- pods[i%len(pods)]:
				i++
			default: // the workers are behind: skip rather than queue up
			}
		}
	}
	close(work)
	wg.Wait()
	secs := time.Since(start).Seconds()
	fmt.Printf("%d updates in %.1f s (%.1f/s), %d failed\n", done.Load(), secs, float64(done.Load())/secs, failed.Load())
	return nil
}

func benchClient(kcf func() (string, error), qps float32) (*kubernetes.Clientset, error) {
	kc, err := kcf()
	if err != nil {
		return nil, err
	}
	cfg, err := restConfig(kc)
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst = qps, int(qps)*2
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	return kubernetes.NewForConfig(cfg)
}
