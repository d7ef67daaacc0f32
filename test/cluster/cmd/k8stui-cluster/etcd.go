package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// runEtcd runs a single-member embedded etcd on 127.0.0.1 with its data in
// STATE/etcd until SIGTERM/SIGINT.
func runEtcd(args []string) error {
	fs := flag.NewFlagSet("etcd", flag.ExitOnError)
	sd := stateDirFlag(fs)
	fs.Parse(args)
	c, err := loadConfig(*sd)
	if err != nil {
		return err
	}
	cfg := embed.NewConfig()
	cfg.Name = "k8stui"
	cfg.Dir = c.path("etcd")
	client, _ := url.Parse(c.etcdURL())
	peer, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", c.EtcdPeerPort))
	cfg.ListenClientUrls = []url.URL{*client}
	cfg.AdvertiseClientUrls = []url.URL{*client}
	cfg.ListenPeerUrls = []url.URL{*peer}
	cfg.AdvertisePeerUrls = []url.URL{*peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "warn"
	cfg.LogOutputs = []string{"stderr"}
	// Test data only: skip fsync, it is what makes etcd slow on small disks.
	cfg.UnsafeNoFsync = true

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return err
	}
	defer e.Close()
	select {
	case <-e.Server.ReadyNotify():
		fmt.Fprintf(os.Stderr, "etcd ready on %s (data %s)\n", c.etcdURL(), cfg.Dir)
	case <-time.After(60 * time.Second):
		e.Server.Stop()
		return fmt.Errorf("etcd did not become ready in 60s")
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sig:
		fmt.Fprintf(os.Stderr, "etcd: got %v, stopping\n", s)
	case err := <-e.Err():
		return err
	}
	return nil
}
