// Package storetest opens fresh, migrated databases for tests: a SQLite file
// in the test's temporary directory, and a schema of its own on the
// PostgreSQL server named by TEBDG_TEST_POSTGRES, so tests never see each
// other's rows. Under CI=true a missing PostgreSQL fails the test instead
// of skipping it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tebdg/internal/store"
)

// Engines lists the engines to test on.
func Engines(t testing.TB) []store.Dialect {
	t.Helper()
	engines := []store.Dialect{store.SQLite}
	if os.Getenv("TEBDG_TEST_POSTGRES") != "" {
		engines = append(engines, store.Postgres)
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but TEBDG_TEST_POSTGRES is not set: the store suite must run on PostgreSQL too")
	}
	return engines
}

// Each runs fn as a subtest on every engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e, store.Options{}))
		})
	}
}

// Open returns a fresh, migrated store on the engine, closed (and its
// PostgreSQL schema dropped) when the test ends. Without an audit key in
// opts it gets one of its own, as a server always has.
func Open(t testing.TB, engine store.Dialect, opts store.Options) *store.Store {
	t.Helper()
	u := URL(t, engine)
	if opts.AuditKey == nil {
		opts.AuditKey = AuditKey()
	}
	ctx := context.Background()
	s, err := store.Open(ctx, u, opts)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return s
}

// AuditKey returns a new random audit chain key.
func AuditKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}

// URL returns the URL of a fresh, empty database on the engine.
func URL(t testing.TB, engine store.Dialect) string {
	t.Helper()
	if engine == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "tebdg.db")
	}
	base := os.Getenv("TEBDG_TEST_POSTGRES")
	if base == "" {
		t.Fatal("TEBDG_TEST_POSTGRES is not set")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		_ = admin.Close()
		t.Fatalf("create schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		_ = admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}
