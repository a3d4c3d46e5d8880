package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// TestMain lets the test binary act as the tebdg binary: the crash test
// starts it again with TEBDG_TEST_MAIN=1 to get a real server process it can
// kill.
func TestMain(m *testing.M) {
	if os.Getenv("TEBDG_TEST_MAIN") == "1" {
		os.Exit(runWithSignals())
	}
	os.Exit(m.Run())
}

// startMain runs a server on a free port with a fresh database on engine,
// filled with the demo province. It stops when the test ends.
func startMain(t *testing.T, engine store.Dialect) *Main {
	t.Helper()
	return startMainAt(t, storetest.URL(t, engine), true)
}

func startMainAt(t *testing.T, dbURL string, withDemo bool) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DB = dbURL
	m.Config.Demo = withDemo
	m.Config.Hash = auth.TestParams
	m.Config.AuditKey = testAuditKey(dbURL) // instances on one database share it
	m.Logger = slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		_ = m.Close()
	})
	return m
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(t *testing.T, base string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		r, err := http.Get(base + "/healthz")
		if err == nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s not healthy within %s", base, within)
}

func tempDB(t *testing.T) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "tebdg.db")
}
