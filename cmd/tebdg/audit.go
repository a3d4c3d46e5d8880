package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// The audit chain is an HMAC under a key that lives outside the database,
// so that someone who can write the database cannot recompute it. The key
// comes from, in order: TEBDG_AUDIT_KEY (hex or base64 of 32 bytes), the
// file named by --audit-key-file or TEBDG_AUDIT_KEY_FILE, or a default file:
// audit.key beside a SQLite database, ./data/audit.key for PostgreSQL (which
// has no file of its own to sit beside). serve, migrate and the commands
// that change data make the file when it is missing and the database is
// bound to no key yet; the checks never make one.

// auditKeyLen is the size of a chain key: SHA-256's block-sized sweet spot
// and what "32 random bytes" means to an operator.
const auditKeyLen = 32

// auditKeySource is where the key was found, or where it would be made.
type auditKeySource struct {
	key  []byte // nil when the file does not exist yet
	path string // the key file; "" when the key came from TEBDG_AUDIT_KEY
}

// defaultAuditKeyPath is the key file for a database URL when none is named.
func defaultAuditKeyPath(dbURL string) string { return defaultKeyPath(dbURL, "audit.key") }

// defaultKeyPath is where a key file named name lives for a database URL
// when none is named: beside a SQLite database, in ./data for PostgreSQL
// (which has no file of its own to sit beside).
func defaultKeyPath(dbURL, name string) string {
	if p, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		return filepath.Join(filepath.Dir(strings.TrimPrefix(p, "//")), name)
	}
	return filepath.Join("data", name)
}

// keyFileMissing reports whether no key file is at path yet. A path under
// a regular file cannot exist either; opening the database there fails
// next, with the clearer message.
func keyFileMissing(path string) bool {
	_, err := os.Stat(path) //nolint:gosec // the operator names the key path in the server's own settings
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// keyPlace is where a key of the server's is given: its value in the
// environment (value), or a file (path), which may not exist yet.
type keyPlace struct {
	value, path string
	missing     bool
}

// locateKey finds where a key is given: in the variable valueEnv, or the
// file named by the flag or the variable fileEnv, or the default file name
// beside the database. Both a value and a file is a usage error (both says
// so).
func locateKey(flagPath, fileEnv, valueEnv, name, dbURL, both string) (keyPlace, error) {
	path := flagPath
	if path == "" {
		path = os.Getenv(fileEnv)
	}
	if v := os.Getenv(valueEnv); v != "" {
		if path != "" {
			return keyPlace{}, usageError(both)
		}
		return keyPlace{value: v}, nil
	}
	if path == "" {
		path = defaultKeyPath(dbURL, name)
	}
	return keyPlace{path: path, missing: keyFileMissing(path)}, nil
}

// findAuditKey reads the key from the environment or its file. A missing
// file is not an error: the caller decides whether one may be made.
func findAuditKey(flagPath, dbURL string) (auditKeySource, error) {
	at, err := locateKey(flagPath, "TEBDG_AUDIT_KEY_FILE", "TEBDG_AUDIT_KEY", "audit.key", dbURL,
		"give the audit key either in TEBDG_AUDIT_KEY or as a file (--audit-key-file, TEBDG_AUDIT_KEY_FILE), not both")
	switch {
	case err != nil:
		return auditKeySource{}, err
	case at.value != "":
		key, err := parseAuditKey([]byte(at.value))
		if err != nil {
			return auditKeySource{}, fmt.Errorf("TEBDG_AUDIT_KEY: %w", err)
		}
		return auditKeySource{key: key}, nil
	case at.missing:
		return auditKeySource{path: at.path}, nil
	}
	key, err := readKeyFile(at.path)
	if err != nil {
		return auditKeySource{}, err
	}
	return auditKeySource{key: key, path: at.path}, nil
}

// parseAuditKey reads a key written as hex or base64 (standard or URL
// alphabet, padded or not), or a file of exactly 32 raw bytes.
func parseAuditKey(b []byte) ([]byte, error) {
	if len(b) == auditKeyLen && !isKeyText(b) {
		return append([]byte(nil), b...), nil
	}
	s := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(s); err == nil && len(k) == auditKeyLen {
		return k, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil && len(k) == auditKeyLen {
			return k, nil
		}
	}
	return nil, errs.Newf(errs.Invalid,
		"khoá nhật ký phải là %d byte, viết bằng hệ mười sáu (%d chữ số) hoặc base64",
		"the audit key must be %d bytes, written as hex (%d digits) or base64", auditKeyLen, 2*auditKeyLen)
}

// isKeyText tells a key written out from 32 raw bytes: text keys are
// printable ASCII throughout.
func isKeyText(b []byte) bool {
	for _, c := range b {
		if c < ' ' && c != '\n' && c != '\r' && c != '\t' || c > '~' {
			return false
		}
	}
	return true
}

// makeAuditKeyFile writes a new random key to path, readable by its owner
// only. If another process made the file first (two instances starting on
// one machine), its key is used instead and made is false.
func makeAuditKeyFile(path string) (key []byte, made bool, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, errs.Newf(errs.Unavailable, "không tạo được thư mục cho khoá nhật ký %s: %v", "cannot create the directory for the audit key %s: %v", dir, unwrapPath(err))
	}
	key = make([]byte, auditKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, false, err
	}
	// Written whole under a temporary name, then linked into place, so
	// that nobody ever reads half a key and an existing file is never
	// replaced.
	tmp, err := os.CreateTemp(dir, ".audit.key-*") // mode 0600
	if err != nil {
		return nil, false, errs.Newf(errs.Unavailable, "không ghi được khoá nhật ký vào %s: %v", "cannot write the audit key in %s: %v", dir, unwrapPath(err))
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	_, werr := tmp.WriteString(hex.EncodeToString(key) + "\n")
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, false, errs.Newf(errs.Unavailable, "không ghi được khoá nhật ký vào %s: %v", "cannot write the audit key in %s: %v", dir, unwrapPath(werr))
	}
	err = os.Link(tmp.Name(), path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// A file system without hard links: create the file exclusively.
		err = writeNewFile(path, hex.EncodeToString(key)+"\n")
	}
	if errors.Is(err, fs.ErrExist) {
		theirs, err := readKeyFile(path)
		return theirs, false, err
	}
	if err != nil {
		return nil, false, errs.Newf(errs.Unavailable, "không ghi được khoá nhật ký %s: %v", "cannot write the audit key %s: %v", path, unwrapPath(err))
	}
	return key, true, nil
}

// writeNewFile writes a file that must not exist yet, readable by its
// owner only.
func writeNewFile(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // the operator's own key path
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// readKeyFile reads and checks a key file.
func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the operator names this file in the server's own settings
	if err != nil {
		return nil, errs.Newf(errs.Unavailable, "không đọc được tệp khoá nhật ký %s: %v", "cannot read the audit key file %s: %v", path, unwrapPath(err))
	}
	key, err := parseAuditKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// openKeyed opens the store at dbURL with the audit key from src. When the
// key file is missing and create is set, a new key is made — but only if
// the database is bound to no key yet: a new key for a chain made under
// another would fork it, so that is refused. made reports the new key's
// fingerprint to the operator.
func openKeyed(ctx context.Context, dbURL string, opts store.Options, src auditKeySource, create bool, made func(path, fingerprint string)) (*store.Store, error) {
	if src.key != nil || !create {
		opts.AuditKey = src.key
		return store.Open(ctx, dbURL, opts)
	}
	st, err := store.Open(ctx, dbURL, opts)
	if err != nil {
		return nil, err
	}
	bound, err := st.AuditKeyID(ctx)
	_ = st.Close()
	if err != nil {
		return nil, err
	}
	if bound != "" {
		return nil, errs.Newf(errs.Conflict,
			"chuỗi nhật ký kiểm tra của cơ sở dữ liệu này được khoá bằng khoá có dấu vân tay %[1]s, nhưng không có tệp khoá %[2]s: hãy khôi phục tệp đó từ bản sao lưu (hoặc đặt TEBDG_AUDIT_KEY_FILE, TEBDG_AUDIT_KEY); một khoá mới sẽ tách đôi chuỗi nên không được tạo",
			"this database's audit chain is kept under the key with fingerprint %[1]s, but there is no key file %[2]s: restore it from its backup (or set TEBDG_AUDIT_KEY_FILE, TEBDG_AUDIT_KEY); a new key would fork the chain, so none is made",
			bound, src.path)
	}
	key, isNew, err := makeAuditKeyFile(src.path)
	if err != nil {
		return nil, err
	}
	if isNew {
		made(src.path, domain.AuditKeyFingerprint(key))
	}
	opts.AuditKey = key
	return store.Open(ctx, dbURL, opts)
}

// keyMadeNote is what the operator reads when a key was made.
func keyMadeNote(path, fingerprint string) string {
	return fmt.Sprintf("tebdg: đã tạo khoá chuỗi nhật ký kiểm tra %[1]s (dấu vân tay %[2]s). Hãy sao lưu khoá này riêng, không cùng chỗ với cơ sở dữ liệu: thiếu nó thì không kiểm tra được chuỗi nhật ký.\n"+
		"tebdg: made the audit chain key %[1]s (fingerprint %[2]s). Back it up apart from the database: without it the audit chain cannot be verified.\n", path, fingerprint)
}

// openDB opens and migrates the database named by the flag or environment,
// with its audit key and the case register's master keys, made if need be.
func openDB(ctx context.Context, flagValue string) (*store.Store, error) {
	return openDBKeyed(ctx, flagValue, "", "", os.Stderr)
}

// openDBKeyed is openDB with the key files' flags; a new key's note goes
// to note.
func openDBKeyed(ctx context.Context, dbFlag, keyFlag, caseKeyFlag string, note io.Writer) (*store.Store, error) {
	st, _, err := openDBCases(ctx, dbFlag, keyFlag, caseKeyFlag, note)
	return st, err
}

// checkAudit opens the database without migrating it, so a copy made by
// another version can be checked, and walks its chain.
func checkAudit(ctx context.Context, dbFlag, keyFlag string, anchor *domain.AuditAnchor) (store.AuditReport, auditKeySource, error) {
	u, err := dbURL(dbFlag)
	if err != nil {
		return store.AuditReport{}, auditKeySource{}, err
	}
	src, err := findAuditKey(keyFlag, u)
	if err != nil {
		return store.AuditReport{}, src, err
	}
	st, err := openKeyed(ctx, u, store.Options{}, src, false, nil)
	if err != nil {
		return store.AuditReport{}, src, err
	}
	defer func() { _ = st.Close() }()
	rep, err := st.CheckAudit(ctx, anchor)
	var brk *store.ChainBreak
	var ke *store.AuditKeyError
	switch {
	case errors.As(err, &brk):
		return rep, src, fmt.Errorf("audit chain broken: %w (%d rows verified before it)", err, rep.Rows)
	case errors.As(err, &ke) && ke.Got == "" && src.path != "":
		return rep, src, fmt.Errorf("cannot verify the audit chain: %w; no key file at %s", err, src.path)
	case err != nil:
		return rep, src, fmt.Errorf("cannot verify the audit chain: %w", err)
	}
	return rep, src, nil
}

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit verify", stdout)
	db := fs.String("db", "", "database URL")
	keyFile := fs.String("audit-key-file", "", "the audit chain key (TEBDG_AUDIT_KEY_FILE, or the key itself in TEBDG_AUDIT_KEY; default audit.key beside a SQLite database, ./data/audit.key for PostgreSQL)")
	anchorFlag := fs.String("anchor", "", "HASH:COUNT printed earlier by \"tebdg audit anchor\": row COUNT must still carry HASH")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var anchor *domain.AuditAnchor
	if *anchorFlag != "" {
		a, err := domain.ParseAuditAnchor(*anchorFlag)
		if err != nil {
			return usageError(fmt.Sprintf("audit verify: --anchor: %v", err))
		}
		anchor = &a
	}
	rep, _, err := checkAudit(ctx, *db, *keyFile, anchor)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("audit chain intact: %d rows", rep.Rows)
	switch {
	case rep.KeyID != "" && rep.Plain > 0:
		msg += fmt.Sprintf(" (%d with plain SHA-256 from before the key, %d under the key with fingerprint %s)", rep.Plain, rep.Rows-rep.Plain, rep.KeyID)
	case rep.KeyID != "":
		msg += fmt.Sprintf(" (under the key with fingerprint %s)", rep.KeyID)
	}
	if anchor != nil {
		msg += fmt.Sprintf("; row %d matches the anchor", anchor.Seq)
	}
	if _, err := fmt.Fprintln(stdout, msg); err != nil {
		return err
	}
	if rep.Rows > 0 && rep.KeyID == "" {
		_, _ = fmt.Fprintln(stderr, "tebdg: cảnh báo: không dòng nào được khoá, nên ai ghi được vào cơ sở dữ liệu cũng tính lại được chuỗi; chỉ mốc lưu ngoài hệ thống (tebdg audit anchor) mới cho thấy việc đó"+
			" (warning: no row is under a key, so anyone who can write the database could recompute the chain; only an anchor kept outside the system (tebdg audit anchor) would show it)")
	}
	return nil
}

// runAuditAnchor checks the chain and prints its head as HASH:COUNT, alone
// on stdout, for an officer to keep outside the system; what it is and when
// goes to stderr.
func runAuditAnchor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit anchor", stdout)
	db := fs.String("db", "", "database URL")
	keyFile := fs.String("audit-key-file", "", "the audit chain key (as for audit verify)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// A chain already rewritten must not be anchored: check it first.
	rep, _, err := checkAudit(ctx, *db, *keyFile, nil)
	if err != nil {
		return err
	}
	if rep.Rows == 0 {
		return errs.New(errs.Conflict, "chuỗi nhật ký kiểm tra còn trống, chưa có gì để ghi mốc", "the audit chain is empty: there is nothing to anchor yet")
	}
	now := vntext.FormatDateTime(time.Now().In(vntext.Location))
	key := "không khoá / no key"
	if rep.KeyID != "" {
		key = rep.KeyID
	}
	_, _ = fmt.Fprintf(stderr, "Mốc chuỗi nhật ký kiểm tra lúc %[1]s: dòng %[2]d, khoá %[3]s — hãy lưu ngoài hệ thống (biên bản in hoặc thư điện tử có ký số) / "+
		"Audit chain anchor at %[1]s (Vietnam time): row %[2]d, key %[3]s — keep it outside the system (a printed minute or a signed e-mail); check with: tebdg audit verify --anchor %[4]s\n",
		now, rep.Head.Seq, key, rep.Head.String())
	_, err = fmt.Fprintln(stdout, rep.Head.String())
	return err
}

// openStore opens the server's database with its audit key: Config.AuditKey,
// or the key file, made on the first start; and with the loader of the case
// register's master keys (made, once migrated, by checkCaseKeys).
func (m *Main) openStore(ctx context.Context) (*store.Store, error) {
	if err := m.findCaseKeys(); err != nil {
		return nil, err
	}
	opts := store.Options{PoolSize: m.Config.PoolSize, Logger: m.Logger, CaseKeys: m.caseKeys.loader()}
	src := auditKeySource{key: m.Config.AuditKey}
	if src.key == nil {
		var err error
		if src, err = findAuditKey(m.Config.AuditKeyFile, m.Config.DB); err != nil {
			return nil, err
		}
	}
	return openKeyed(ctx, m.Config.DB, opts, src, true, func(path, fp string) {
		m.Logger.Warn("made the audit chain key: back it up apart from the database, without it the chain cannot be verified",
			"path", path, "fingerprint", fp)
		_, _ = fmt.Fprint(m.Stdout, keyMadeNote(path, fp))
	})
}
