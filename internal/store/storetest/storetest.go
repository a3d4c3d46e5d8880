// Package storetest opens fresh, migrated databases for tests: a SQLite file
// in the test's temporary directory, and a schema or a database of its own
// on the PostgreSQL server named by TEBDG_TEST_POSTGRES, so tests never see
// each other's rows.
//
// Every test that touches the store runs on both engines, as subtests named
// by the engine (Run). Without TEBDG_TEST_POSTGRES the PostgreSQL subtests
// skip and say why; under CI=true a missing PostgreSQL fails the test
// instead.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"tebdg/internal/casecrypt"
	"testing"
	"time"

	"tebdg/internal/store"
)

// envPostgres names the PostgreSQL server tests use.
const envPostgres = "TEBDG_TEST_POSTGRES"

// notTested is what a PostgreSQL subtest says when it skips.
const notTested = "PostgreSQL not tested: set " + envPostgres + "=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run this on PostgreSQL too"

// Engines lists the engines to test on: SQLite and PostgreSQL, always both,
// so that each shows as a subtest. Without TEBDG_TEST_POSTGRES the
// PostgreSQL ones skip (see Require); under CI=true that fails the test here.
func Engines(t testing.TB) []store.Dialect {
	t.Helper()
	if os.Getenv(envPostgres) == "" && inCI() {
		t.Fatal("CI=true but " + envPostgres + " is not set: the suite must run on PostgreSQL too")
	}
	return []store.Dialect{store.SQLite, store.Postgres}
}

// Require skips the test when engine cannot be tested here (PostgreSQL
// without TEBDG_TEST_POSTGRES), saying how to test it, and fails it instead
// under CI=true.
func Require(t testing.TB, engine store.Dialect) {
	t.Helper()
	if engine != store.Postgres || os.Getenv(envPostgres) != "" {
		return
	}
	if inCI() {
		t.Fatal("CI=true but " + envPostgres + " is not set: the suite must run on PostgreSQL too")
	}
	t.Skip(notTested)
}

func inCI() bool { return os.Getenv("CI") == "true" }

// Run runs fn once per engine, as subtests named by the engine ("sqlite",
// "postgres"); each skips as Require says.
func Run(t *testing.T, fn func(t *testing.T, engine store.Dialect)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			Require(t, e)
			fn(t, e)
		})
	}
}

// RunParallel is Run with the engines' subtests running at the same time,
// for tests that mostly wait (on a browser, a server, a child process) and
// change nothing outside their own database: the two overlap.
func RunParallel(t *testing.T, fn func(t *testing.T, engine store.Dialect)) {
	t.Helper()
	Run(t, func(t *testing.T, e store.Dialect) {
		t.Parallel()
		fn(t, e)
	})
}

// Each runs fn as a subtest on every engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	Run(t, func(t *testing.T, e store.Dialect) {
		fn(t, Open(t, e, store.Options{}))
	})
}

// Open returns a fresh, migrated store on the engine, closed (and its
// PostgreSQL schema dropped) when the test ends. Without an audit key in
// opts it gets one of its own, as a server always has.
func Open(t testing.TB, engine store.Dialect, opts store.Options) *store.Store {
	t.Helper()
	if opts.AuditKey == nil {
		opts.AuditKey = AuditKey()
	}
	if opts.CaseKeys == nil {
		ring := CaseKeys()
		opts.CaseKeys = func() (casecrypt.Keyring, error) { return ring, nil }
	}
	return openAt(t, engine, URL(t, engine), opts)
}

// openAt opens and migrates the store at u, closing it when the test ends.
func openAt(t testing.TB, engine store.Dialect, u string, opts store.Options) *store.Store {
	t.Helper()
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

// CaseKeys returns a keyring of one new random master key for the case
// register.
func CaseKeys() casecrypt.Keyring {
	m, err := casecrypt.ParseMasterKey(casecrypt.NewMasterKeyText())
	if err != nil {
		panic(err)
	}
	return casecrypt.NewKeyring(m)
}

// URL returns the URL of a fresh, empty database on the engine: on
// PostgreSQL, a schema of its own, dropped when the test ends.
func URL(t testing.TB, engine store.Dialect) string {
	t.Helper()
	if engine == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "tebdg.db")
	}
	Require(t, engine)
	base := os.Getenv(envPostgres)
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
