package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A small stand-in for the kubelet's HTTPS API, serving only
// /containerLogs/NS/POD/CONTAINER, so that "pods/log" requests through the
// API server work. It listens on 127.0.0.1:kubeletPort (every simulated node
// reports that port and InternalIP 127.0.0.1); the API server dials it with
// its kubelet client certificate and checks our serving certificate.
// The log lines are made up from the pod's simulated life: one line every
// logEvery while a container runs.

const logEvery = 2 * time.Second

func (s *sim) serveKubeletAPI(ctx context.Context, c *clusterConfig) error {
	if c.KubeletPort == 0 {
		return nil
	}
	pki := c.path("pki")
	cert, err := tls.LoadX509KeyPair(pki+"/kubelet.crt", pki+"/kubelet.key")
	if err != nil {
		return err
	}
	caPEM, err := os.ReadFile(pki + "/ca.crt")
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	srv := &http.Server{
		Addr:              fmt.Sprintf("127.0.0.1:%d", c.KubeletPort),
		Handler:           http.HandlerFunc(s.handleKubeletAPI),
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12},
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() {
		if err := srv.ServeTLS(ln, "", ""); err != nil && err != http.ErrServerClosed {
			fmt.Fprintf(os.Stderr, "kubelet-sim: kubelet API: %v\n", err)
		}
	}()
	fmt.Fprintf(os.Stderr, "kubelet-sim: kubelet API (containerLogs) on https://%s\n", srv.Addr)
	return nil
}

// logSpan is one run of a container: lines from start to end (zero: still running).
type logSpan struct {
	start, end time.Time
	exitCode   int32
	restarts   int32
}

func (s *sim) handleKubeletAPI(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) != 4 || parts[0] != "containerLogs" {
		http.Error(w, "only /containerLogs/NAMESPACE/POD/CONTAINER is simulated", http.StatusNotFound)
		return
	}
	ns, podName, ctr := parts[1], parts[2], parts[3]
	q := r.URL.Query()
	pod, err := s.cs.CoreV1().Pods(ns).Get(r.Context(), podName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		http.Error(w, fmt.Sprintf("pod %q not found", podName), http.StatusNotFound)
		return
	} else if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	span, ok, msg := s.logSpan(pod, ctr, q.Get("previous") == "true")
	if !ok {
		// like the kubelet (go-restful WriteError): the message, no newline
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(msg))
		return
	}
	timestamps := q.Get("timestamps") == "true"
	follow := q.Get("follow") == "true" && span.end.IsZero()
	tail := -1
	if v := q.Get("tailLines"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			tail = n
		}
	}
	since := time.Time{}
	if v := q.Get("sinceSeconds"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			since = time.Now().Add(-time.Duration(n) * time.Second)
		}
	}
	if v := q.Get("sinceTime"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			since = t
		}
	}
	limit := int64(-1)
	if v := q.Get("limitBytes"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			limit = n
		}
	}

	end := span.end
	if end.IsZero() {
		end = time.Now()
	}
	var times []time.Time
	for t := span.start; !t.After(end); t = t.Add(logEvery) {
		if !t.Before(since) {
			times = append(times, t)
		}
	}
	if len(times) > 5000 {
		times = times[len(times)-5000:]
	}
	if tail >= 0 && len(times) > tail {
		times = times[len(times)-tail:]
	}
	w.Header().Set("Content-Type", "text/plain")
	bw := bufio.NewWriter(w)
	written := int64(0)
	emit := func(t time.Time, i int) bool {
		line := logLine(pod, ctr, span, t, i)
		if timestamps {
			line = t.UTC().Format(time.RFC3339Nano) + " " + line
		}
		line += "\n"
		if limit >= 0 && written+int64(len(line)) > limit {
			bw.WriteString(line[:limit-written])
			return false
		}
		written += int64(len(line))
		bw.WriteString(line)
		return true
	}
	for _, t := range times {
		if !emit(t, int(t.Sub(span.start)/logEvery)) {
			bw.Flush()
			return
		}
	}
	if !span.end.IsZero() {
		if final := finalLine(pod, ctr, span); final != "" {
			if timestamps {
				final = span.end.UTC().Format(time.RFC3339Nano) + " " + final
			}
			bw.WriteString(final + "\n")
		}
	}
	bw.Flush()
	if !follow {
		return
	}
	fl, _ := w.(http.Flusher)
	if fl != nil {
		fl.Flush()
	}
	next := span.start.Add(time.Duration(int(end.Sub(span.start)/logEvery)+1) * logEvery)
	for {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(time.Until(next)):
		}
		cur, ok, _ := s.logSpan(pod, ctr, false)
		if !ok || cur.start != span.start || !cur.end.IsZero() {
			return // the container stopped or restarted: the kubelet ends the stream
		}
		if !emit(next, int(next.Sub(span.start)/logEvery)) {
			bw.Flush()
			return
		}
		bw.Flush()
		if fl != nil {
			fl.Flush()
		}
		next = next.Add(logEvery)
	}
}

// logSpan finds the current (or previous) run of a container.
func (s *sim) logSpan(pod *corev1.Pod, ctr string, previous bool) (logSpan, bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state[pod.UID]
	if st == nil {
		return logSpan{}, false, fmt.Sprintf("container %q in pod %q is not available", ctr, pod.Name)
	}
	for _, c := range st.ctrs {
		if c.name != ctr {
			continue
		}
		if previous {
			if c.last == nil {
				return logSpan{}, false, fmt.Sprintf("previous terminated container %q in pod %q not found", ctr, pod.Name)
			}
			return logSpan{start: c.last.StartedAt.Time, end: c.last.FinishedAt.Time, exitCode: c.last.ExitCode, restarts: c.restarts - 1}, true, ""
		}
		switch c.state {
		case "running":
			return logSpan{start: c.startedAt, restarts: c.restarts}, true, ""
		case "terminated":
			return logSpan{start: c.startedAt, end: c.finishedAt, exitCode: c.exitCode, restarts: c.restarts}, true, ""
		}
		if c.last != nil {
			// waiting to restart: the kubelet still serves the last run's log
			return logSpan{start: c.last.StartedAt.Time, end: c.last.FinishedAt.Time, exitCode: c.last.ExitCode, restarts: c.restarts - 1}, true, ""
		}
		reason := c.reason
		if reason == "ErrImagePull" || reason == "ImagePullBackOff" {
			reason = "trying and failing to pull image"
		}
		return logSpan{}, false, fmt.Sprintf("container %q in pod %q is waiting to start: %s", ctr, pod.Name, reason)
	}
	return logSpan{}, false, fmt.Sprintf("container %q in pod %q is not available", ctr, pod.Name)
}

func pick(seed string, i int, choices []string) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", seed, i)
	return choices[int(h.Sum32())%len(choices)]
}

// logLine makes up line i of a container's log, in a style that fits its image.
func logLine(pod *corev1.Pod, ctr string, span logSpan, t time.Time, i int) string {
	image := ""
	for _, c := range append(append([]corev1.Container(nil), pod.Spec.InitContainers...), pod.Spec.Containers...) {
		if c.Name == ctr {
			image = c.Image
		}
	}
	seed := string(pod.UID) + ctr + strconv.Itoa(int(span.restarts))
	a := pod.Annotations
	if i == 0 {
		switch {
		case strings.Contains(image, "nginx"):
			return "/docker-entrypoint.sh: Configuration complete; ready for start up"
		case strings.Contains(image, "postgres"):
			return "LOG:  database system is ready to accept connections"
		default:
			return fmt.Sprintf("level=info msg=\"starting %s\" version=%q", ctr, imageTag(image))
		}
	}
	if _, ok := a[annExit]; ok {
		return fmt.Sprintf("level=info msg=\"processed batch\" batch=%d records=%s", i, pick(seed, i, []string{"120", "87", "240", "33", "512"}))
	}
	if a[annReadiness] == "fail" {
		return fmt.Sprintf("level=warn msg=\"dependency not reachable\" dependency=payments-api attempt=%d err=\"dial tcp: lookup api.payments.example.com: no such host\"", i)
	}
	if a[annLiveness] == "fail" && i%3 == 2 {
		return "level=error msg=\"event loop blocked\" blocked_for=" + pick(seed, i, []string{"2.1s", "3.4s", "5.0s"})
	}
	if strings.Contains(image, "nginx") || strings.Contains(image, "frontend") {
		path := pick(seed, i, []string{"/", "/index.html", "/static/app.js", "/api/cart", "/healthz"})
		code := pick(seed+"c", i, []string{"200", "200", "200", "304", "404"})
		ip := fmt.Sprintf("10.244.%d.%d", i%3, 10+i%200)
		return fmt.Sprintf("%s - - [%s] \"GET %s HTTP/1.1\" %s %s \"-\" \"kube-probe/1.34\"", ip, t.UTC().Format("02/Jan/2006:15:04:05 -0700"), path, code, pick(seed+"b", i, []string{"615", "1024", "2048", "0"}))
	}
	return fmt.Sprintf("level=info msg=%q request_id=%08x duration_ms=%s", pick(seed, i, []string{"handled request", "cache refreshed", "connection pool stats", "heartbeat"}), uint32(i*2654435761), pick(seed+"d", i, []string{"3", "12", "47", "150"}))
}

func finalLine(pod *corev1.Pod, ctr string, span logSpan) string {
	switch {
	case span.exitCode == 137:
		return "" // SIGKILL: nothing more
	case span.exitCode == 0:
		return "level=info msg=\"done\""
	default:
		return fmt.Sprintf("level=error msg=\"fatal: giving up\" exit_code=%d", span.exitCode)
	}
}

func imageTag(img string) string {
	if i := strings.LastIndexByte(img, ':'); i > strings.LastIndexByte(img, '/') {
		return img[i+1:]
	}
	return "latest"
}
