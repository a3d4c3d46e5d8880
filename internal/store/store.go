// Package store is tebdg's database: it opens SQLite or PostgreSQL, migrates
// the one logical schema on both, and offers one file of methods per area.
// Every query is written once for both engines ($n placeholders, RETURNING,
// ON CONFLICT, WITH RECURSIVE); where the engines differ the dialect says so.
// Driver errors leave this package as *errs.Error with neutral codes.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"tebdg/internal/casecrypt"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Dialect names the database engine.
type Dialect string

// The engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DefaultURL is where a newcomer's data goes.
const DefaultURL = "sqlite:./data/tebdg.db"

// Options tune Open. The zero value is fine.
type Options struct {
	// PoolSize is the PostgreSQL pool size, or the number of SQLite readers.
	// 0 means 10 for PostgreSQL and 2×CPUs (at least 4) for SQLite.
	PoolSize int
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Logger receives slow or failed maintenance work; nil discards.
	Logger *slog.Logger
	// AuditKey chains the audit trail with HMAC-SHA-256, so that someone
	// who can write the database cannot recompute the chain. It is kept
	// outside the database; only its fingerprint is stored. Without it the
	// store writes plain SHA-256 rows while the database is bound to no
	// key, and refuses audited writes once it is.
	AuditKey []byte
	// CaseKeys loads the case register's master keys (see casecrypt),
	// kept outside the database like the audit key. It is called on first
	// use and again when a case is wrapped by a key not yet loaded (another
	// instance rotated them). Nil: the register is unavailable.
	CaseKeys func() (casecrypt.Keyring, error)
}

// Store is an open database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	// w takes every write. On SQLite it holds one connection, so writers queue
	// in Go instead of spinning on SQLITE_BUSY, and its transactions begin
	// IMMEDIATE. On PostgreSQL w and r are the same pool.
	w, r *sql.DB
	now  func() time.Time
	log  *slog.Logger
	path string // SQLite file, for messages
	// key chains the audit trail; keyID is its fingerprint ("" without one).
	key   []byte
	keyID string
	// caseKeys are the register's master keys once loaded by caseKeyLoad.
	caseKeys    *atomic.Pointer[casecrypt.Keyring] // shared by WithClock's copies
	caseKeyLoad func() (casecrypt.Keyring, error)
}

// Open connects to the database named by rawURL ("sqlite:PATH" or
// "postgres://…"), checks that it answers, and returns the store. It does not
// migrate: call Migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Store{now: opts.Now, log: opts.Logger, caseKeyLoad: opts.CaseKeys, caseKeys: new(atomic.Pointer[casecrypt.Keyring])}
	if len(opts.AuditKey) > 0 {
		s.key = append([]byte(nil), opts.AuditKey...)
		s.keyID = domain.AuditKeyFingerprint(s.key)
	}
	var err error
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		s.dialect = SQLite
		err = s.openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"), opts.PoolSize)
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		s.dialect = Postgres
		err = s.openPostgres(ctx, rawURL, opts.PoolSize)
	default:
		return nil, errs.New(errs.Invalid,
			fmt.Sprintf("địa chỉ cơ sở dữ liệu %q không hợp lệ: dùng sqlite:ĐƯỜNG_DẪN hoặc postgres://…", redact(rawURL)),
			fmt.Sprintf("database URL %q is not valid: use sqlite:PATH or postgres://…", redact(rawURL)))
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) openSQLite(ctx context.Context, path string, readers int) error {
	path = strings.TrimPrefix(path, "//")
	if path == "" || strings.ContainsAny(path, "?#") {
		return errs.New(errs.Invalid, "đường dẫn tệp SQLite không hợp lệ", "the SQLite file path is not valid")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return errs.New(errs.Unavailable,
				fmt.Sprintf("không tạo được thư mục dữ liệu %s: %v", dir, unwrapPathErr(err)),
				fmt.Sprintf("cannot create the data directory %s: %v", dir, unwrapPathErr(err)))
		}
	}
	s.path = path
	// busy_timeout comes first so that the pragmas after it already wait for
	// a lock instead of failing at once.
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return errs.Wrap(err, "open sqlite")
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The first statement creates the file and turns WAL on; do it on the
	// writer so readers never race to create the database.
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		_ = w.Close()
		return errs.New(errs.Unavailable,
			fmt.Sprintf("không mở được cơ sở dữ liệu %s: %v", path, err),
			fmt.Sprintf("cannot open the database %s: %v", path, err))
	}
	if _, err := w.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"); err != nil {
		_ = w.Close()
		return errs.New(errs.Unavailable,
			fmt.Sprintf("không ghi được vào cơ sở dữ liệu %s: %v", path, err),
			fmt.Sprintf("cannot write to the database %s: %v", path, err))
	}
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		_ = w.Close()
		return errs.Wrap(err, "open sqlite readers")
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	r.SetConnMaxIdleTime(5 * time.Minute)
	s.w, s.r = w, r
	return nil
}

func (s *Store) openPostgres(ctx context.Context, rawURL string, pool int) error {
	if _, err := pgx.ParseConfig(rawURL); err != nil {
		return errs.New(errs.Invalid,
			fmt.Sprintf("địa chỉ PostgreSQL %q không hợp lệ", redact(rawURL)),
			fmt.Sprintf("PostgreSQL URL %q is not valid", redact(rawURL)))
	}
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return errs.Wrap(err, "open postgres")
	}
	if pool <= 0 {
		pool = 10
	}
	db.SetMaxOpenConns(pool)
	db.SetMaxIdleConns(pool)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return errs.New(errs.Unavailable,
			fmt.Sprintf("không kết nối được PostgreSQL tại %s: %v", redact(rawURL), shortErr(err)),
			fmt.Sprintf("cannot reach PostgreSQL at %s: %v", redact(rawURL), shortErr(err)))
	}
	s.w, s.r = db, db
	return nil
}

// Dialect returns the engine in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.now() }

// WithClock is the store on the same database with another clock: what it
// writes is dated by now. The demo writes its history on the days it
// happened with it (a report submitted on its due day); the server keeps
// the real clock.
func (s *Store) WithClock(now func() time.Time) *Store {
	cp := *s
	cp.now = now
	return &cp
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return errs.New(errs.Unavailable, "cơ sở dữ liệu không phản hồi", "the database does not answer")
	}
	return nil
}

// Close closes the connections.
func (s *Store) Close() error {
	var err error
	if s.dialect == SQLite {
		// Folding the WAL back into the main file at exit leaves one file to
		// copy for a backup.
		_, _ = s.w.ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)")
		err = s.r.Close()
	}
	return errors.Join(err, s.w.Close())
}

// IntegrityCheck runs SQLite's integrity check ("ok" when sound). On
// PostgreSQL it returns "ok": the server guards its own pages.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.dialect != SQLite {
		return "ok", nil
	}
	var res string
	err := s.w.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// write runs fn in a write transaction.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// micro converts a time to the stored form: microseconds since 1970 UTC.
// Both engines keep it exactly and compare it cheaply.
func micro(t time.Time) int64 { return t.UnixMicro() }

// fromMicro converts a stored instant back, in UTC.
func fromMicro(v int64) time.Time { return time.UnixMicro(v).UTC() }

// redact hides a password in a database URL.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// shortErr keeps the first line of a driver error.
func shortErr(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}
