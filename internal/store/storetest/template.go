package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"tebdg/internal/casecrypt"
	"testing"
	"time"

	"tebdg/internal/store"
)

// Template is a database filled once and copied for every test that asks
// for it, so that tests on a large fixture (the demo province) each get a
// fresh database of their own without filling it again: Fill takes seconds,
// a copy milliseconds. On SQLite the copy is the template's file; on
// PostgreSQL it is a database made with CREATE DATABASE … TEMPLATE.
//
// A template is made once per engine, per test binary and per day of the
// store's clock (in Vietnam's time), since what Fill writes may depend on
// the date. Copies share the template's audit key, to which the database
// is bound.
type Template struct {
	// Name tells templates apart in messages.
	Name string
	// Fill writes the fixture into a fresh, migrated store.
	Fill func(ctx context.Context, s *store.Store) error

	mu   sync.Mutex
	made map[templateKey]*filled
	// filling is held while Fill runs: it may not be safe to run twice at
	// once (the demo's is not).
	filling sync.Mutex
}

type templateKey struct {
	engine store.Dialect
	day    string
}

// filled is a template, ready to copy once key is set.
type filled struct {
	mu   sync.Mutex // held while it fills and while a copy is handed out
	key  []byte     // the audit key its copies are bound to
	file []byte     // SQLite: the database file
	db   string     // PostgreSQL: the template database
	// ahead is the PostgreSQL copy being made for the next test while this
	// one runs, nil when none is.
	ahead chan copied
}

// copied is a copy of a PostgreSQL template made ahead.
type copied struct {
	name string
	err  error
}

// templateRing is the case register's master keys of every template and
// its copies, so the cases a fixture holds open in each copy.
var templateRing = sync.OnceValue(CaseKeys)

func templateCaseKeys() (casecrypt.Keyring, error) { return templateRing(), nil }

// ict is the time zone the day of a template is counted in.
var ict = time.FixedZone("ICT", 7*3600)

// Open returns a fresh, migrated store on engine holding the template's
// fixture, closed when the test ends. The store's clock is opts.Now. With
// an audit key of its own in opts, the test cannot share the template's,
// so the store is filled for it alone.
func (tp *Template) Open(t testing.TB, engine store.Dialect, opts store.Options) *store.Store {
	t.Helper()
	if opts.AuditKey != nil {
		s := Open(t, engine, opts)
		if err := tp.Fill(context.Background(), s); err != nil {
			t.Fatalf("fill %s on %s: %v", tp.Name, engine, err)
		}
		return s
	}
	u, key := tp.URL(t, engine, opts.Now)
	opts.AuditKey = key
	if opts.CaseKeys == nil {
		opts.CaseKeys = templateCaseKeys
	}
	return openAt(t, engine, u, opts)
}

// URL returns the URL of a fresh copy of the template on engine, removed
// when the test ends, and the audit key to open it with. now is the clock
// the copy will be used with (nil for the real one): it picks the day of
// the template.
func (tp *Template) URL(t testing.TB, engine store.Dialect, now func() time.Time) (dbURL string, auditKey []byte) {
	t.Helper()
	Require(t, engine)
	if now == nil {
		now = time.Now
	}
	k := templateKey{engine: engine, day: now().In(ict).Format(time.DateOnly)}
	tp.mu.Lock()
	f := tp.made[k]
	if f == nil {
		if tp.made == nil {
			tp.made = map[templateKey]*filled{}
		}
		f = &filled{}
		tp.made[k] = f
	}
	tp.mu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.key == nil {
		tp.filling.Lock()
		start := time.Now()
		err := tp.fill(f, engine, now)
		tp.filling.Unlock()
		if err != nil {
			t.Fatalf("template %s on %s: %v", tp.Name, engine, err)
		}
		t.Logf("template %s on %s for %s filled in %v", tp.Name, engine, k.day, time.Since(start).Round(time.Millisecond))
	}
	if engine == store.SQLite {
		path := filepath.Join(t.TempDir(), "tebdg.db")
		if err := os.WriteFile(path, f.file, 0o600); err != nil {
			t.Fatal(err)
		}
		return "sqlite:" + path, f.key
	}
	return f.copyFor(t), f.key
}

// copyFor hands the test the copy made ahead, or makes one, and starts
// the next, so that copying overlaps the test's own work. The copy is
// dropped in the background when the test ends.
func (f *filled) copyFor(t testing.TB) string {
	t.Helper()
	pg, err := postgres()
	if err != nil {
		t.Fatal(err)
	}
	var c copied
	if f.ahead != nil {
		c = <-f.ahead
	} else {
		c.name, c.err = pg.copyDatabase(f.db)
	}
	if c.err != nil {
		t.Fatalf("copy the template database %s: %v", f.db, c.err)
	}
	t.Cleanup(func() { pg.dropLater(c.name) })
	f.ahead = make(chan copied, 1)
	go func(ahead chan<- copied) {
		var next copied
		next.name, next.err = pg.copyDatabase(f.db)
		ahead <- next
	}(f.ahead)
	u, err := databaseURL(c.name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// fill makes the template on engine into f, setting f.key last.
func (tp *Template) fill(f *filled, engine store.Dialect, now func() time.Time) error {
	ctx := context.Background()
	key := AuditKey()
	if engine == store.SQLite {
		dir, err := os.MkdirTemp("", "tebdg-template-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		path := filepath.Join(dir, "template.db")
		if err := tp.fillAt(ctx, "sqlite:"+path, now, key); err != nil {
			return err
		}
		// VACUUM INTO writes the whole database, whatever is still in
		// the WAL, to one compact file.
		copyPath := filepath.Join(dir, "copy.db")
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			return err
		}
		_, err = raw.ExecContext(ctx, "VACUUM INTO ?", copyPath)
		_ = raw.Close()
		if err != nil {
			return err
		}
		if f.file, err = os.ReadFile(copyPath); err != nil {
			return err
		}
		f.key = key
		return nil
	}
	pg, err := postgres()
	if err != nil {
		return err
	}
	f.db = pg.name("tpl")
	err = func() error {
		if _, err := pg.admin.ExecContext(ctx, "CREATE DATABASE "+f.db); err != nil {
			return err
		}
		dbURL, err := databaseURL(f.db)
		if err != nil {
			return err
		}
		if err := tp.fillAt(ctx, dbURL, now, key); err != nil {
			return err
		}
		// Nobody connects to a template: a connection would stop its
		// copies.
		_, err = pg.admin.ExecContext(ctx, "ALTER DATABASE "+f.db+" ALLOW_CONNECTIONS false")
		return err
	}()
	if err != nil {
		dropTemplate(f)
		f.db = ""
		return err
	}
	f.key = key
	return nil
}

// fillAt migrates and fills the empty database at dbURL, then closes it.
func (tp *Template) fillAt(ctx context.Context, dbURL string, now func() time.Time, key []byte) error {
	s, err := store.Open(ctx, dbURL, store.Options{Now: now, AuditKey: key, CaseKeys: templateCaseKeys})
	if err != nil {
		return err
	}
	err = s.Migrate(ctx)
	if err == nil {
		err = tp.Fill(ctx, s)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// Drop removes the templates made so far (their PostgreSQL databases); a
// test binary calls it from TestMain once its tests are done. Templates
// left behind by a binary that did not get that far are removed by the
// next one to make a template.
func (tp *Template) Drop() {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	for k, f := range tp.made {
		f.mu.Lock()
		dropTemplate(f)
		f.mu.Unlock()
		delete(tp.made, k)
	}
	if pg := heldPostgres(); pg != nil {
		pg.drops.Wait()
	}
}

// dropTemplate drops the template's database and the copy made ahead.
func dropTemplate(f *filled) {
	if f.db == "" {
		return
	}
	pg := heldPostgres()
	if pg == nil {
		return
	}
	if f.ahead != nil {
		if c := <-f.ahead; c.err == nil {
			pg.drop(c.name)
		}
		f.ahead = nil
	}
	pg.drop(f.db)
}

// copyDatabase makes a new database copied from the template database
// tpl and returns its name.
func (pg *pgServer) copyDatabase(tpl string) (string, error) {
	name := pg.name("t")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := pg.admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tpl)
	return name, err
}

// dropLater drops the database in the background; Drop waits for it.
func (pg *pgServer) dropLater(name string) {
	pg.drops.Go(func() { pg.drop(name) })
}

func (pg *pgServer) drop(name string) {
	_, _ = pg.admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

// databaseURL is TEBDG_TEST_POSTGRES pointed at the database name, in its
// public schema.
func databaseURL(name string) (string, error) {
	pu, err := url.Parse(os.Getenv(envPostgres))
	if err != nil {
		return "", err
	}
	pu.Path = "/" + name
	q := pu.Query()
	q.Del("search_path")
	pu.RawQuery = q.Encode()
	return pu.String(), nil
}

// pgServer is this test binary's hold on the PostgreSQL server: a pool for
// creating and dropping databases, and a connection that holds an advisory
// lock for as long as the binary runs. The databases it makes carry its id
// in their names; one whose id's lock is free was left behind by a binary
// that has ended, and is dropped.
type pgServer struct {
	admin *sql.DB
	lock  *sql.Conn
	id    uint32
	mu    sync.Mutex
	n     int
	drops sync.WaitGroup
}

// lockClass is the first key of the advisory locks that mark a live test
// binary ("tebd").
const lockClass = 0x74656264

var (
	pgMu   sync.Mutex
	pgHold *pgServer
	// leftName matches the names of databases tests make.
	leftName = regexp.MustCompile(`^tebdg_(?:tpl|t)_([0-9a-f]{8})_`)
)

// postgres returns this binary's hold on the server, taking it the first
// time.
func postgres() (*pgServer, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	if pgHold == nil {
		pg, err := holdPostgres()
		if err != nil {
			return nil, err
		}
		pgHold = pg
	}
	return pgHold, nil
}

// heldPostgres is the hold on the server if one was taken, else nil.
func heldPostgres() *pgServer {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pgHold
}

func holdPostgres() (*pgServer, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", os.Getenv(envPostgres))
	if err != nil {
		return nil, err
	}
	lock, err := admin.Conn(ctx)
	if err != nil {
		_ = admin.Close()
		return nil, err
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	pg := &pgServer{admin: admin, lock: lock, id: binary.BigEndian.Uint32(b[:]) & 0x7fffffff}
	if _, err := lock.ExecContext(ctx, "SELECT pg_advisory_lock($1, $2)", lockClass, int32(pg.id)); err != nil {
		_ = lock.Close()
		_ = admin.Close()
		return nil, err
	}
	pg.sweep(ctx)
	return pg, nil
}

// name returns a new database name for this binary.
func (pg *pgServer) name(kind string) string {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	pg.n++
	return fmt.Sprintf("tebdg_%s_%08x_%d", kind, pg.id, pg.n)
}

// sweep drops the databases of test binaries that have ended.
func (pg *pgServer) sweep(ctx context.Context) {
	names, err := pg.testDatabases(ctx)
	if err != nil {
		return
	}
	for _, n := range names {
		m := leftName.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		id, err := strconv.ParseUint(m[1], 16, 32)
		if err != nil || uint32(id) == pg.id {
			continue
		}
		var free bool
		if pg.lock.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, $2)", lockClass, int32(id)).Scan(&free) != nil || !free {
			continue
		}
		_, _ = pg.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
		_, _ = pg.lock.ExecContext(ctx, "SELECT pg_advisory_unlock($1, $2)", lockClass, int32(id))
	}
}

// testDatabases lists the databases tests have made, by whatever binary.
func (pg *pgServer) testDatabases(ctx context.Context) ([]string, error) {
	rows, err := pg.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'tebdg\_%'`)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// TemplateCaseKeys is the case register's keyring of every template, for
// a server a test starts on a template's copy.
func TemplateCaseKeys() casecrypt.Keyring { return templateRing() }
