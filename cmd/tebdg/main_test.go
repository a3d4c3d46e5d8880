package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"tebdg/internal/casecrypt"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// demoProvince is the demo province, filled once per engine and copied
// for each server a test starts: filling it takes seconds, a copy
// milliseconds.
var demoProvince = &storetest.Template{Name: "demo province", Fill: func(ctx context.Context, s *store.Store) error {
	_, err := demo.Seed(ctx, s, auth.NewHasher(auth.TestParams))
	return err
}}

// TestMain lets the test binary act as the tebdg binary: the crash test
// starts it again with TEBDG_TEST_MAIN=1 to get a real server process it can
// kill. Once the tests are done it stops the shared Chromium and drops the
// demo's template databases.
func TestMain(m *testing.M) {
	if os.Getenv("TEBDG_TEST_MAIN") == "1" {
		os.Exit(runWithSignals())
	}
	code := m.Run()
	closeChromium()
	demoProvince.Drop()
	os.Exit(code)
}

// startMain runs a server on a free port with a fresh database on engine
// holding the demo province (as --demo fills it). It stops when the test
// ends.
func startMain(t *testing.T, engine store.Dialect) *Main {
	t.Helper()
	dbURL, key := demoProvince.URL(t, engine, nil)
	return startMainKeys(t, dbURL, key, storetest.TemplateCaseKeys(), true) // the template's cases are under its keys
}

// startMainAt runs a server on dbURL, filling the demo province there if
// withDemo and the database has none.
func startMainAt(t *testing.T, dbURL string, withDemo bool) *Main {
	t.Helper()
	return startMainWith(t, dbURL, testAuditKey(dbURL), withDemo) // instances on one database share it
}

func startMainWith(t *testing.T, dbURL string, auditKey []byte, withDemo bool) *Main {
	t.Helper()
	return startMainKeys(t, dbURL, auditKey, testCaseKeys(dbURL), withDemo) // like the audit key: shared by the instances on one database
}

// startMainKeys runs a server on dbURL with the chain key and case keys
// given.
func startMainKeys(t *testing.T, dbURL string, auditKey []byte, ring casecrypt.Keyring, withDemo bool) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DB = dbURL
	m.Config.Demo = withDemo
	m.Config.Hash = auth.TestParams
	m.Config.AuditKey = auditKey
	m.Config.CaseKeys = &ring
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
