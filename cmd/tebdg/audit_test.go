package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// testAuditKey is the audit key tests give a server on dbURL: the same for
// every instance on one database, different between databases.
func testAuditKey(dbURL string) []byte {
	k := sha256.Sum256([]byte("tebdg test audit key\n" + dbURL))
	return k[:]
}

// keyBeside reads the key file serve and migrate make beside a SQLite
// database.
func keyBeside(t *testing.T, db string) []byte {
	t.Helper()
	key, err := readKeyFile(defaultAuditKeyPath(db))
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func TestParseAuditKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xa7}, 32)
	good := []string{
		hex.EncodeToString(key),
		strings.ToUpper(hex.EncodeToString(key)) + "\n",
		base64.StdEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key) + "\r\n",
		string(key), // 32 raw bytes
	}
	for _, in := range good {
		if got, err := parseAuditKey([]byte(in)); err != nil || !bytes.Equal(got, key) {
			t.Errorf("parseAuditKey(%q) = %x, %v", in, got, err)
		}
	}
	bad := []string{"", "abc", hex.EncodeToString(key[:16]), hex.EncodeToString(append(key, 1)),
		base64.StdEncoding.EncodeToString(key[:31]), strings.Repeat("z", 64), strings.Repeat("k", 32)}
	for _, in := range bad {
		if _, err := parseAuditKey([]byte(in)); err == nil || !strings.Contains(err.Error(), "32 bytes") {
			t.Errorf("parseAuditKey(%q) = %v; want a refusal", in, err)
		}
	}
}

func FuzzParseAuditKey(f *testing.F) {
	f.Add([]byte(strings.Repeat("ab", 32)))
	f.Add([]byte(base64.StdEncoding.EncodeToString(make([]byte, 32))))
	f.Add(make([]byte, 32))
	f.Fuzz(func(t *testing.T, b []byte) {
		key, err := parseAuditKey(b)
		if err == nil && len(key) != auditKeyLen {
			t.Fatalf("parseAuditKey(%q) gave %d bytes", b, len(key))
		}
		// A key written the way tebdg writes it reads back the same.
		if err == nil {
			again, err := parseAuditKey([]byte(hex.EncodeToString(key) + "\n"))
			if err != nil || !bytes.Equal(again, key) {
				t.Fatalf("hex round trip of %x: %x, %v", key, again, err)
			}
		}
	})
}

func TestDefaultAuditKeyPath(t *testing.T) {
	tests := []struct{ db, want string }{
		{"sqlite:./data/tebdg.db", filepath.Join("data", "audit.key")},
		{"sqlite:/var/lib/tebdg/tebdg.db", "/var/lib/tebdg/audit.key"},
		{"sqlite:///var/lib/tebdg/tebdg.db", "/var/lib/tebdg/audit.key"},
		{"sqlite:tebdg.db", "audit.key"},
		{"postgres://tebdg@db.tinh.gov.vn/tebdg", filepath.Join("data", "audit.key")},
	}
	for _, tt := range tests {
		if got := defaultAuditKeyPath(tt.db); got != tt.want {
			t.Errorf("defaultAuditKeyPath(%q) = %q, want %q", tt.db, got, tt.want)
		}
	}
}

// The first start makes the key beside the database (for PostgreSQL, in
// ./data), readable by its owner only, and says where it is and its
// fingerprint; later starts use it. Once the database is bound to it, a
// start without it or with another key is refused, and no new key is made
// in its place.
func TestAuditKeyMadeOnFirstStart(t *testing.T) { storetest.Run(t, testAuditKeyMadeOnFirstStart) }

func testAuditKeyMadeOnFirstStart(t *testing.T, engine store.Dialect) {
	t.Setenv("TEBDG_AUDIT_KEY", "")
	t.Setenv("TEBDG_AUDIT_KEY_FILE", "")
	db := storetest.URL(t, engine)
	keyPath := filepath.Join(filepath.Dir(strings.TrimPrefix(db, "sqlite:")), "audit.key")
	if engine == store.Postgres {
		t.Chdir(t.TempDir())
		keyPath = filepath.Join("data", "audit.key")
	}

	m := NewMain()
	m.Config.Addr, m.Config.DB = "127.0.0.1:0", db
	m.Logger = slog.New(slog.DiscardHandler)
	var out bytes.Buffer
	m.Stdout = &out
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = m.Close()
	fi, err := os.Stat(keyPath)
	if err != nil {
		t.Fatalf("no key file after the first start: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %o, want 600", fi.Mode().Perm())
	}
	fp := domain.AuditKeyFingerprint(keyBeside(t, db))
	if !strings.Contains(out.String(), keyPath) || !strings.Contains(out.String(), "fingerprint "+fp) ||
		!strings.Contains(out.String(), "Back it up apart from the database") || !strings.Contains(out.String(), "sao lưu") {
		t.Errorf("first start says %q; want the path, fingerprint %s and the backup warning in both languages", out.String(), fp)
	}
	before, _ := os.ReadFile(keyPath)

	// Later runs use it and say nothing of keys.
	code, _, stderr := runCLI([]string{"migrate", "--db", db}, "")
	after, _ := os.ReadFile(keyPath)
	if code != 0 || strings.Contains(stderr, "fingerprint") || !bytes.Equal(before, after) {
		t.Errorf("second run: %d %q; the key must stay as it is", code, stderr)
	}
	cli(t, "", "org", "create", "--db", db, "--code", "QN", "--name", "Tỉnh Quảng Ninh", "--kind", "province")

	// Another key: refused, both fingerprints named.
	other := hex.EncodeToString(bytes.Repeat([]byte{1}, 32))
	t.Setenv("TEBDG_AUDIT_KEY", other)
	m2 := NewMain()
	m2.Config.Addr, m2.Config.DB, m2.Logger = "127.0.0.1:0", db, m.Logger
	err = m2.Open(context.Background())
	_ = m2.Close()
	otherFP := domain.AuditKeyFingerprint(bytes.Repeat([]byte{1}, 32))
	if err == nil || !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), otherFP) || !strings.Contains(err.Error(), "dấu vân tay") {
		t.Errorf("start with another key = %v; want a bilingual refusal naming %s and %s", err, fp, otherFP)
	}
	t.Setenv("TEBDG_AUDIT_KEY", "")

	// The key file lost: refused, and not replaced.
	if err := os.Rename(keyPath, keyPath+".bak"); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI([]string{"migrate", "--db", db}, "")
	if code != 1 || !strings.Contains(stderr, fp) || !strings.Contains(stderr, keyPath) || !strings.Contains(stderr, "restore it") {
		t.Errorf("start without the key file: %d %q", code, stderr)
	}
	if _, err := os.Stat(keyPath); err == nil {
		t.Error("a new key was made for a database bound to another")
	}

	// A named file in a directory that does not exist yet, for a new
	// database elsewhere.
	named := filepath.Join(t.TempDir(), "keys", "tebdg", "audit.key")
	code, _, stderr = runCLI([]string{"migrate", "--db", storetest.URL(t, engine), "--audit-key-file", named}, "")
	if fi, err := os.Stat(named); code != 0 || err != nil || fi.Mode().Perm() != 0o600 || !strings.Contains(stderr, named) {
		t.Errorf("migrate with a named key file: %d %q %v", code, stderr, err)
	}
	// The key in the environment and a file as well is ambiguous.
	t.Setenv("TEBDG_AUDIT_KEY", other)
	if code, _, stderr := runCLI([]string{"migrate", "--db", storetest.URL(t, engine), "--audit-key-file", named}, ""); code != 2 || !strings.Contains(stderr, "not both") {
		t.Errorf("key twice: %d %q", code, stderr)
	}
}

// "tebdg audit anchor" prints HASH:COUNT alone, for "audit verify --anchor"
// to check later; a rewrite by someone holding the key passes the plain
// check but not the anchor, and the wrong key or none is named.
func TestCLIAuditAnchorAndVerify(t *testing.T) {
	t.Setenv("TEBDG_AUDIT_KEY", "")
	t.Setenv("TEBDG_AUDIT_KEY_FILE", "")
	db := tempDB(t)
	cli(t, "", "migrate", "--db", db)
	if code, _, stderr := runCLI([]string{"audit", "anchor", "--db", db}, ""); code != 1 || !strings.Contains(stderr, "nothing to anchor") {
		t.Errorf("anchor of an empty chain: %d %q", code, stderr)
	}
	cli(t, "", "org", "create", "--db", db, "--code", "QN", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	cli(t, "", "org", "create", "--db", db, "--code", "QN-SGTVT", "--name", "Sở Giao thông Vận tải", "--kind", "agency", "--parent", "QN")

	code, anchor, stderr := runCLI([]string{"audit", "anchor", "--db", db}, "")
	if code != 0 || !regexp.MustCompile(`^[0-9a-f]{64}:2\n$`).MatchString(anchor) {
		t.Fatalf("anchor: %d %q %q; want HASH:2 alone on stdout", code, anchor, stderr)
	}
	anchor = strings.TrimSpace(anchor)
	key := keyBeside(t, db)
	if !regexp.MustCompile(`\d\d/\d\d/\d{4} \d\d:\d\d`).MatchString(stderr) || !strings.Contains(stderr, "row 2") ||
		!strings.Contains(stderr, domain.AuditKeyFingerprint(key)) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("anchor's line for people: %q", stderr)
	}
	cli(t, "", "org", "create", "--db", db, "--code", "QN-SYT", "--name", "Sở Y tế", "--kind", "agency", "--parent", "QN")
	if out := cli(t, "", "audit", "verify", "--db", db, "--anchor", anchor); !strings.Contains(out, "audit chain intact: 3 rows") || !strings.Contains(out, "row 2 matches the anchor") {
		t.Errorf("verify against the anchor: %q", out)
	}

	// Without the key, or with another, the keyed rows cannot be checked.
	if err := os.Rename(defaultAuditKeyPath(db), defaultAuditKeyPath(db)+".bak"); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI([]string{"audit", "verify", "--db", db}, "")
	if code != 1 || !strings.Contains(stderr, "audit row 1") || !strings.Contains(stderr, "no key file at") {
		t.Errorf("verify without the key: %d %q", code, stderr)
	}
	if err := os.Rename(defaultAuditKeyPath(db)+".bak", defaultAuditKeyPath(db)); err != nil {
		t.Fatal(err)
	}
	other := bytes.Repeat([]byte{2}, 32)
	t.Setenv("TEBDG_AUDIT_KEY", base64.StdEncoding.EncodeToString(other))
	code, _, stderr = runCLI([]string{"audit", "verify", "--db", db}, "")
	if code != 1 || !strings.Contains(stderr, domain.AuditKeyFingerprint(key)) || !strings.Contains(stderr, domain.AuditKeyFingerprint(other)) {
		t.Errorf("verify with another key: %d %q", code, stderr)
	}
	t.Setenv("TEBDG_AUDIT_KEY", "")

	// Someone holding the key renames the province and recomputes the chain.
	st, err := store.Open(context.Background(), db, store.Options{AuditKey: key})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := st.AuditEntries(context.Background(), domain.Scope{All: true}, store.AuditFilter{}, store.Page{})
	_ = st.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", strings.TrimPrefix(db, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec("DROP TRIGGER audit_log_no_update")
	prev := ""
	for i := len(rows) - 1; i >= 0; i-- {
		e := rows[i]
		e.After = strings.ReplaceAll(e.After, "Tỉnh Quảng Ninh", "Tỉnh Khác")
		e.PrevHash = prev
		e.Hash = e.ComputeMAC(key)
		mustExec("UPDATE audit_log SET after_json = $1, prev_hash = $2, hash = $3 WHERE seq = $4", e.After, e.PrevHash, e.Hash, e.Seq)
		prev = e.Hash
	}
	mustExec("UPDATE audit_head SET hash = $1 WHERE id = 1", prev)
	_ = raw.Close()
	if out := cli(t, "", "audit", "verify", "--db", db); !strings.Contains(out, "audit chain intact: 3 rows") {
		t.Errorf("a rewrite with the key passes without the anchor: %q", out)
	}
	code, _, stderr = runCLI([]string{"audit", "verify", "--db", db, "--anchor", anchor}, "")
	if code != 1 || !strings.Contains(stderr, "audit row 2") || !strings.Contains(stderr, "rewritten") {
		t.Errorf("verify against the anchor after a rewrite: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI([]string{"audit", "verify", "--db", db, "--anchor", "2:" + anchor[:64]}, ""); code != 2 || !strings.Contains(stderr, "--anchor") {
		t.Errorf("a malformed anchor: %d %q", code, stderr)
	}
}

// The documented pipe works: verify --anchor "$(tebdg audit anchor …)".
func TestCLIAuditAnchorPipesIntoVerify(t *testing.T) {
	t.Setenv("TEBDG_AUDIT_KEY", "")
	t.Setenv("TEBDG_AUDIT_KEY_FILE", "")
	db := tempDB(t)
	cli(t, "", "org", "create", "--db", db, "--code", "QN", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	var out bytes.Buffer
	if code := run(context.Background(), []string{"audit", "anchor", "--db", db}, strings.NewReader(""), &out, io.Discard); code != 0 {
		t.Fatalf("anchor: exit %d", code)
	}
	// $(…) drops the trailing newline.
	if got := cli(t, "", "audit", "verify", "--db", db, "--anchor", strings.TrimRight(out.String(), "\n")); !strings.Contains(got, "row 1 matches the anchor") {
		t.Errorf("verify: %q", got)
	}
}
