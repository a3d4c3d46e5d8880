package main

// Benchmarks for the foundation's figures (docs/PERFORMANCE.md). They
// measure and report; they never fail on a number.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/demo"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds tebdg the way a release is built, once per run, so start
// time and memory are those of the real program, not of the test binary.
func binary(b *testing.B) string {
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tebdg-bench")
		if err != nil {
			binErr = err
			return
		}
		binPath = dir + "/tebdg"
		out, err := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %w: %s", err, out)
		}
	})
	if binErr != nil {
		b.Fatal(binErr)
	}
	return binPath
}

// startProcess starts the tebdg binary with "serve" and returns when
// /healthz answers, with the time that took.
func startProcess(b *testing.B, args ...string) (*exec.Cmd, string, time.Duration) {
	b.Helper()
	bin := binary(b)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	_ = ln.Close()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--log-level", "error"}, args...)...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	base := "http://" + addr
	for {
		r, err := http.Get(base + "/healthz")
		if err == nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
			if r.StatusCode == 200 {
				return cmd, base, time.Since(start)
			}
		}
		if time.Since(start) > 30*time.Second {
			b.Fatal("server did not become healthy")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func stopProcess(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()
}

// From process start to a healthy /healthz, with --demo on an empty
// database and without it on an existing one.
func BenchmarkStartup(b *testing.B) {
	b.Run("demo-empty-db", func(b *testing.B) {
		var total time.Duration
		for i := 0; b.Loop(); i++ {
			db := "sqlite:" + b.TempDir() + "/t.db"
			cmd, _, d := startProcess(b, "--db", db, "--demo")
			total += d
			stopProcess(cmd)
		}
		b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/start")
	})
	b.Run("existing-db", func(b *testing.B) {
		db := "sqlite:" + b.TempDir() + "/t.db"
		cmd, _, _ := startProcess(b, "--db", db, "--demo")
		stopProcess(cmd)
		var total time.Duration
		for b.Loop() {
			cmd, _, d := startProcess(b, "--db", db)
			total += d
			stopProcess(cmd)
		}
		b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/start")
	})
}

// Resident memory of an idle server that has served a few pages.
func BenchmarkIdleMemory(b *testing.B) {
	for b.Loop() {
		db := "sqlite:" + b.TempDir() + "/t.db"
		cmd, base, _ := startProcess(b, "--db", db, "--demo")
		c := signedInClient(b, base, "admin")
		for _, p := range []string{"/app/", "/app/orgunits", "/app/audit", "/app/users"} {
			get(b, c, base+p)
		}
		time.Sleep(2 * time.Second)
		status, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status")
		if err != nil {
			b.Skip("no /proc here")
		}
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				kb, _ := strconv.Atoi(strings.Fields(line)[1])
				b.ReportMetric(float64(kb)/1024, "MB-rss")
			}
		}
		stopProcess(cmd)
	}
}

func signedInClient(b testing.TB, base, user string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.PostForm(base+"/login", url.Values{"username": {user}, "password": {demo.Password}})
	if err != nil || r.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign in: %v", err)
	}
	_ = r.Body.Close()
	return c
}

func get(b testing.TB, c *http.Client, u string) {
	r, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, r.Body)
	_ = r.Body.Close()
	if r.StatusCode != 200 {
		b.Fatalf("%s: %d", u, r.StatusCode)
	}
}

// Server time of signed-in pages, median over many requests, measured
// in-process so the network is not counted.
func BenchmarkSignedInPage(b *testing.B) {
	m := startMainB(b)
	c := signedInClient(b, m.URL(), "manager")
	for _, path := range []string{"/app/", "/app/orgunits", "/app/orgunits/QN-SGTVT", "/app/audit"} {
		b.Run(strings.ReplaceAll(strings.Trim(path, "/"), "/", "_"), func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, m.URL()+path, nil)
			for _, ck := range c.Jar.Cookies(req.URL) {
				req.AddCookie(ck)
			}
			var times []time.Duration
			for b.Loop() {
				w := &discardWriter{h: http.Header{}}
				start := time.Now()
				m.server.ServeHTTP(w, req)
				times = append(times, time.Since(start))
				if w.status != 0 && w.status != 200 {
					b.Fatalf("%s: %d", path, w.status)
				}
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "ms-p95")
		})
	}
}

type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(s int)           { w.status = s }

// /healthz throughput over loopback against a bare net/http handler that
// writes the same JSON, measured the same way in the same run; the ratio is
// the figure.
func BenchmarkHealthzThroughput(b *testing.B) {
	m := startMainB(b)
	bare := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, `{"db":"sqlite","status":"ok","version":"dev"}`+"\n")
	})}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go func() { _ = bare.Serve(ln) }()
	defer func() { _ = bare.Close() }()
	var ours, base float64
	for b.Loop() {
		ours = load(b, m.URL()+"/healthz", 2*time.Second)
		base = load(b, "http://"+ln.Addr().String()+"/", 2*time.Second)
	}
	b.ReportMetric(ours, "req/s-healthz")
	b.ReportMetric(base, "req/s-bare")
	b.ReportMetric(ours/base, "ratio")
}

// load sends requests from 8 keep-alive clients for d and returns req/s.
func load(b *testing.B, u string, d time.Duration) float64 {
	var n int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	for range 8 {
		wg.Go(func() {
			var mine int64
			for time.Now().Before(deadline) {
				r, err := c.Get(u)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, r.Body)
				_ = r.Body.Close()
				mine++
			}
			mu.Lock()
			n += mine
			mu.Unlock()
		})
	}
	wg.Wait()
	return float64(n) / d.Seconds()
}

func startMainB(b *testing.B) *Main {
	b.Helper()
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DB = "sqlite:" + b.TempDir() + "/t.db"
	m.Config.Demo = true
	m.Config.LogLevel = slog.LevelError // the access log is not what is measured
	m.Stdout = io.Discard
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		b.Fatal(err)
	}
	go func() { _ = m.Serve(ctx) }()
	b.Cleanup(func() { cancel(); _ = m.Close() })
	return m
}
