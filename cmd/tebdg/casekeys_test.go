package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tebdg/internal/casecrypt"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// testCaseKeyText is the case register's master key tests give a server on
// dbURL, as testAuditKey is its audit key.
func testCaseKeyText(dbURL string) string {
	k := sha256.Sum256([]byte("tebdg test case key\n" + dbURL))
	return hex.EncodeToString(k[:])
}

func testCaseKeys(dbURL string) casecrypt.Keyring {
	ring, err := casecrypt.ParseKeyring(testCaseKeyText(dbURL))
	if err != nil {
		panic(err)
	}
	return ring
}

// subjects are the names the tests' cases are about; no command's output
// may hold one.
var subjects = []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Ngọc Hà", "Đặng Quốc Khánh", "Bùi Lan Mai"}

func noNames(t *testing.T, what string, outs ...string) {
	t.Helper()
	for _, out := range outs {
		for _, name := range subjects {
			for _, part := range []string{name, vntext.Fold(name)} {
				if strings.Contains(strings.ToLower(out), strings.ToLower(part)) {
					t.Errorf("%s prints %q of a subject's name: %q", what, part, out)
				}
			}
		}
	}
}

// caseEnv is a database with a province, a caseworker and the key files
// in a directory of the test's own, named by the environment.
type caseEnv struct {
	db, caseKeyPath, auditKeyPath string
	worker                        domain.Actor
}

func newCaseEnv(t *testing.T, engine store.Dialect) caseEnv {
	t.Helper()
	dir := t.TempDir()
	e := caseEnv{db: storetest.URL(t, engine), caseKeyPath: filepath.Join(dir, "case.key"), auditKeyPath: filepath.Join(dir, "audit.key")}
	t.Setenv("TEBDG_AUDIT_KEY", "")
	t.Setenv("TEBDG_AUDIT_KEY_FILE", e.auditKeyPath)
	t.Setenv("TEBDG_CASE_KEY", "")
	t.Setenv("TEBDG_CASE_KEY_FILE", e.caseKeyPath)
	t.Setenv("TEBDG_CASE_RETENTION", "")
	cli(t, "", "org", "create", "--db", e.db, "--code", "QN", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	cli(t, "", "org", "create", "--db", e.db, "--code", "QN-SLDTBXH", "--name", "Sở Lao động - Thương binh và Xã hội", "--kind", "agency", "--parent", "QN")
	cli(t, "mật khẩu thử nghiệm dài\n", "user", "create", "--db", e.db, "--username", "canbo", "--role", "manager", "--org", "QN-SLDTBXH", "--password-stdin")
	st := e.open(t, nil, nil)
	u, err := st.UserByUsername(context.Background(), "canbo")
	if err != nil {
		t.Fatal(err)
	}
	e.worker = domain.Actor{UserID: u.ID, Username: u.Username, Client: "test"}
	return e
}

// open opens the database as a server would: with the audit key and the
// case keys read from the key file each time the store asks (nil ring),
// or with the given ring only; its clock is now (nil: the real one).
func (e caseEnv) open(t *testing.T, ring *casecrypt.Keyring, now func() time.Time) *store.Store {
	t.Helper()
	key, err := readKeyFile(e.auditKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	loader := caseKeySource{path: e.caseKeyPath}.loader()
	if ring != nil {
		loader = caseKeySource{ring: *ring}.loader()
	}
	st, err := store.Open(context.Background(), e.db, store.Options{AuditKey: key, CaseKeys: loader, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func (e caseEnv) reader() domain.CaseReader { return domain.CaseReader{UserID: e.worker.UserID} }

// createCase takes in a case about name at the unit, received an hour
// before the store's clock.
func (e caseEnv) createCase(t *testing.T, st *store.Store, now time.Time, name string) domain.Case {
	t.Helper()
	ctx := context.Background()
	org, err := st.OrgUnit(ctx, "QN-SLDTBXH")
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateCase(ctx, e.worker, org, domain.Case{
		Kind: domain.CaseAbuse, Source: domain.SourceHotline111, ReceivedAt: now.Add(-time.Hour), Risk: domain.RiskMedium,
		Subject: domain.CaseSubject{FullName: name, Sex: "female", BirthDate: "2015-04-02", Phone: "0912 345 678"},
		Summary: "Tổng đài 111 báo tin về " + name,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// readsAll checks that st opens every case with its subject's name, and
// finds each by the name written without marks.
func (e caseEnv) readsAll(t *testing.T, what string, st *store.Store, cases []domain.Case, names []string) {
	t.Helper()
	ctx := context.Background()
	for i, c := range cases {
		f, err := st.OpenCase(ctx, e.worker, e.reader(), c.ID, "test")
		if err != nil {
			t.Errorf("%s: open %s: %v", what, c.Number, err)
			continue
		}
		if f.Case.Subject.FullName != names[i] || f.Case.Subject.Phone != "0912 345 678" {
			t.Errorf("%s: %s reads %q %q", what, c.Number, f.Case.Subject.FullName, f.Case.Subject.Phone)
		}
		hashes, err := st.NameHashes(vntext.Fold(names[i]))
		if err != nil {
			t.Fatal(err)
		}
		found, n, err := st.Cases(ctx, e.worker, e.reader(), store.CaseFilter{Hashes: hashes, Purpose: "search"}, store.Page{})
		if err != nil || n != 1 || len(found) != 1 || found[0].ID != c.ID || found[0].Name != names[i] {
			t.Errorf("%s: search %q finds %d %+v %v", what, vntext.Fold(names[i]), n, found, err)
		}
	}
}

func readRing(t *testing.T, path string) casecrypt.Keyring {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, fi.Mode().Perm())
	}
	ring, _, err := readCaseKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

func TestDefaultCaseKeyPath(t *testing.T) {
	for _, tt := range []struct{ db, want string }{
		{"sqlite:./data/tebdg.db", filepath.Join("data", "case.key")},
		{"sqlite:///var/lib/tebdg/tebdg.db", "/var/lib/tebdg/case.key"},
		{"sqlite:tebdg.db", "case.key"},
		{"postgres://tebdg@db.tinh.gov.vn/tebdg", filepath.Join("data", "case.key")},
	} {
		if got := defaultCaseKeyPath(tt.db); got != tt.want {
			t.Errorf("defaultCaseKeyPath(%q) = %q, want %q", tt.db, got, tt.want)
		}
	}
}

// The first migrate makes the keyring file beside the database (for
// PostgreSQL in ./data), mode 0600, and says where and its fingerprint in
// both languages; later runs use it. Once the register holds cases, a run
// without the file is refused and no key is made in its place; a file of
// other keys is refused by the server, naming both.
func TestCaseKeyMadeOnFirstMigrate(t *testing.T) { storetest.Run(t, testCaseKeyMadeOnFirstMigrate) }

func testCaseKeyMadeOnFirstMigrate(t *testing.T, engine store.Dialect) {
	t.Setenv("TEBDG_CASE_KEY", "")
	t.Setenv("TEBDG_CASE_KEY_FILE", "")
	t.Setenv("TEBDG_AUDIT_KEY", "")
	t.Setenv("TEBDG_AUDIT_KEY_FILE", "")
	db := storetest.URL(t, engine)
	keyPath := filepath.Join(filepath.Dir(strings.TrimPrefix(db, "sqlite:")), "case.key")
	if engine == store.Postgres {
		t.Chdir(t.TempDir())
		keyPath = filepath.Join("data", "case.key")
	}
	code, _, stderr := runCLI([]string{"migrate", "--db", db}, "")
	if code != 0 {
		t.Fatalf("migrate: %d %q", code, stderr)
	}
	ring := readRing(t, keyPath)
	fp := ring.Current().Fingerprint()
	if len(ring.Keys()) != 1 || !strings.Contains(stderr, keyPath) || !strings.Contains(stderr, "fingerprint "+fp) ||
		!strings.Contains(stderr, "Back it up apart from the database") || !strings.Contains(stderr, "sao lưu") {
		t.Errorf("first migrate says %q; want %s, fingerprint %s and the backup warning in both languages", stderr, keyPath, fp)
	}
	text, _ := os.ReadFile(keyPath)
	if strings.Contains(stderr, strings.TrimSpace(strings.SplitN(string(text), "\n", 3)[1])) {
		t.Error("the key itself is printed")
	}
	code, _, stderr = runCLI([]string{"migrate", "--db", db}, "")
	if again, _ := os.ReadFile(keyPath); code != 0 || strings.Contains(stderr, "case register") || !bytes.Equal(again, text) {
		t.Errorf("second migrate: %d %q; the key file must stay as it is", code, stderr)
	}

	// A server on it logs the fingerprint, and only that.
	var log bytes.Buffer
	m := NewMain()
	m.Config.Addr, m.Config.DB = "127.0.0.1:0", db
	m.Logger = slog.New(slog.NewTextHandler(&log, nil))
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := m.Store()
	cli(t, "", "org", "create", "--db", db, "--code", "QN", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	cli(t, "mật khẩu thử nghiệm dài\n", "user", "create", "--db", db, "--username", "canbo", "--role", "manager", "--org", "QN", "--password-stdin")
	u, err := st.UserByUsername(context.Background(), "canbo")
	if err != nil {
		t.Fatal(err)
	}
	e := caseEnv{db: db, worker: domain.Actor{UserID: u.ID, Username: "canbo"}}
	org, _ := st.OrgUnit(context.Background(), "QN")
	if _, err := st.CreateCase(context.Background(), e.worker, org, domain.Case{Kind: domain.CaseNeglect, Source: domain.SourceSchool,
		ReceivedAt: time.Now().Add(-time.Hour), Subject: domain.CaseSubject{FullName: subjects[0]}, Summary: "Nhà trường báo tin"}, nil); err != nil {
		t.Fatal(err)
	}
	_ = m.Close()
	if !strings.Contains(log.String(), "case_key="+fp) || strings.Contains(log.String(), strings.TrimSpace(strings.SplitN(string(text), "\n", 3)[1])) {
		t.Errorf("start log: %q; want case_key=%s and never the key", log.String(), fp)
	}

	// The key file lost: refused, and not replaced.
	if err := os.Rename(keyPath, keyPath+".bak"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"migrate", "--db", db}, {"org", "create", "--db", db, "--code", "QN-SYT", "--name", "Sở Y tế", "--kind", "agency", "--parent", "QN"}} {
		code, _, stderr := runCLI(args, "")
		if code != 1 || !strings.Contains(stderr, fp) || !strings.Contains(stderr, keyPath) || !strings.Contains(stderr, "restore it from its backup") ||
			!strings.Contains(stderr, "khôi phục") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s without the key file: %d %q", args[0], code, stderr)
		}
		if _, err := os.Stat(keyPath); err == nil {
			t.Fatalf("%s made a new key for a register holding cases", args[0])
		}
	}
	m2 := NewMain()
	m2.Config.Addr, m2.Config.DB, m2.Logger = "127.0.0.1:0", db, slog.New(slog.DiscardHandler)
	err = m2.Open(context.Background())
	_ = m2.Close()
	if err == nil || !strings.Contains(err.Error(), "restore it from its backup") {
		t.Errorf("serve without the key file: %v", err)
	}

	// Another deployment's keys: the server refuses, naming both.
	other := testCaseKeys("another")
	m3 := NewMain()
	m3.Config.Addr, m3.Config.DB, m3.Logger, m3.Config.CaseKeys = "127.0.0.1:0", db, slog.New(slog.DiscardHandler), &other
	err = m3.Open(context.Background())
	_ = m3.Close()
	if err == nil || !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), other.Current().Fingerprint()) || !strings.Contains(err.Error(), "khóa chính") {
		t.Errorf("serve with another deployment's keys: %v", err)
	}
	if err := os.Rename(keyPath+".bak", keyPath); err != nil {
		t.Fatal(err)
	}
	cli(t, "", "migrate", "--db", db)

	// The key in the environment and a file as well is ambiguous; a bad
	// key in the environment is refused.
	t.Setenv("TEBDG_CASE_KEY", testCaseKeyText(db))
	if code, _, stderr := runCLI([]string{"migrate", "--db", db, "--case-key-file", keyPath}, ""); code != 2 || !strings.Contains(stderr, "not both") {
		t.Errorf("keys twice: %d %q", code, stderr)
	}
	t.Setenv("TEBDG_CASE_KEY", "abc")
	if code, _, stderr := runCLI([]string{"migrate", "--db", db}, ""); code != 1 || !strings.Contains(stderr, "TEBDG_CASE_KEY") || !strings.Contains(stderr, "64") {
		t.Errorf("a bad key in TEBDG_CASE_KEY: %d %q", code, stderr)
	}
}

// "keys rotate" puts a new key first in the file, re-wraps every case
// under it and reports each key's cases. Afterwards the new key alone opens
// and finds every case, and a store opened before the rotation still reads
// them, having read the file again. "keys retire" drops the old key only
// once no case is under it.
func TestCLIKeysRotateAndRetire(t *testing.T) { storetest.Run(t, testCLIKeysRotateAndRetire) }

func testCLIKeysRotateAndRetire(t *testing.T, engine store.Dialect) {
	e := newCaseEnv(t, engine)
	ctx := context.Background()
	oldRing := readRing(t, e.caseKeyPath)
	oldFP := oldRing.Current().Fingerprint()
	if out := cli(t, "", "keys", "retire", "--db", e.db); !strings.Contains(out, "nothing to retire") {
		t.Errorf("retire with one key: %q", out)
	}

	before := e.open(t, nil, nil) // as a server running through the rotation
	var cases []domain.Case
	names := subjects[:5]
	for _, name := range names {
		cases = append(cases, e.createCase(t, before, time.Now(), name))
	}
	e.readsAll(t, "before the rotation", before, cases, names)

	code, out, stderr := runCLI([]string{"keys", "rotate", "--db", e.db}, "")
	if code != 0 {
		t.Fatalf("rotate: %d %q %q", code, out, stderr)
	}
	ring := readRing(t, e.caseKeyPath)
	newFP := ring.Current().Fingerprint()
	if len(ring.Keys()) != 2 || newFP == oldFP || ring.Keys()[1].Fingerprint() != oldFP {
		t.Fatalf("the ring after rotation: %v; want the new key first, then %s", ringFingerprints(ring), oldFP)
	}
	if !strings.Contains(out, "current master key "+newFP) || !strings.Contains(out, "re-wrapped 5 cases") ||
		!regexp.MustCompile(newFP+`\s+current\s+5 cases`).MatchString(out) || !regexp.MustCompile(oldFP+`\s+older\s+0 cases`).MatchString(out) {
		t.Errorf("rotate says %q", out)
	}
	if !strings.Contains(stderr, "re-wrapped 5/5 cases") || !strings.Contains(stderr, "đã khóa lại 5/5") || !strings.Contains(stderr, newFP) {
		t.Errorf("rotate's progress: %q", stderr)
	}
	noNames(t, "keys rotate", out, stderr)

	only := casecrypt.NewKeyring(ring.Current())
	e.readsAll(t, "with the new key alone", e.open(t, &only, nil), cases, names)
	e.readsAll(t, "a store opened before the rotation", before, cases, names)
	onlyOld := casecrypt.NewKeyring(oldRing.Current())
	if _, err := e.open(t, &onlyOld, nil).OpenCase(ctx, e.worker, e.reader(), cases[0].ID, "test"); !errs.Is(err, errs.Conflict) {
		t.Errorf("the old key alone opens a re-wrapped case: %v", err)
	}

	// A server that never met the new key wraps a new case under the old:
	// the old key cannot be retired until it is re-wrapped.
	stale := e.open(t, &oldRing, nil)
	cases = append(cases, e.createCase(t, stale, time.Now(), subjects[5]))
	names = subjects[:6]
	if out := cli(t, "", "keys", "status", "--db", e.db); !regexp.MustCompile(newFP+`\s+current\s+5 cases`).MatchString(out) ||
		!regexp.MustCompile(oldFP+`\s+older\s+1 cases`).MatchString(out) || !strings.Contains(out, "6 cases in the register") {
		t.Errorf("status: %q", out)
	}
	text, _ := os.ReadFile(e.caseKeyPath)
	code, out, stderr = runCLI([]string{"keys", "retire", "--db", e.db}, "")
	if after, _ := os.ReadFile(e.caseKeyPath); code != 1 || !strings.Contains(stderr, oldFP+" (1)") || !strings.Contains(stderr, "still lock cases") || !bytes.Equal(after, text) {
		t.Errorf("retire of a key in use: %d %q %q; the file must stay as it was", code, out, stderr)
	}
	if out := cli(t, "", "keys", "rotate", "--db", e.db, "--rewrap-only"); !strings.Contains(out, "re-wrapped 1 cases") || !strings.Contains(out, "current master key "+newFP) {
		t.Errorf("rotate --rewrap-only: %q", out)
	}
	if len(readRing(t, e.caseKeyPath).Keys()) != 2 {
		t.Error("--rewrap-only made a key")
	}
	code, out, stderr = runCLI([]string{"keys", "retire", "--db", e.db}, "")
	if code != 0 || !strings.Contains(out, "retired 1 keys: "+oldFP) || !strings.Contains(stderr, "backups from before the rotation") {
		t.Errorf("retire: %d %q %q", code, out, stderr)
	}
	if ring := readRing(t, e.caseKeyPath); len(ring.Keys()) != 1 || ring.Current().Fingerprint() != newFP {
		t.Errorf("the ring after retiring: %v", ringFingerprints(ring))
	}
	e.readsAll(t, "after retiring the old key", e.open(t, &only, nil), cases, names)
	if out := cli(t, "", "keys", "retire", "--db", e.db); !strings.Contains(out, "nothing to retire") {
		t.Errorf("retire again: %q", out)
	}

	// With the keys in TEBDG_CASE_KEY tebdg writes none: the operator puts
	// a new key first, then re-wraps, then removes the old one.
	t.Setenv("TEBDG_CASE_KEY_FILE", "")
	curText := strings.TrimSpace(strings.Split(strings.TrimSpace(string(mustRead(t, e.caseKeyPath))), "\n")[1])
	t.Setenv("TEBDG_CASE_KEY", curText)
	code, _, stderr = runCLI([]string{"keys", "rotate", "--db", e.db}, "")
	if code != 1 || !strings.Contains(stderr, "TEBDG_CASE_KEY") || !strings.Contains(stderr, "--rewrap-only") || !strings.Contains(stderr, "openssl rand -hex 32") {
		t.Errorf("rotate with the keys in the environment: %d %q", code, stderr)
	}
	if out := cli(t, "", "keys", "rotate", "--db", e.db, "--rewrap-only"); !strings.Contains(out, "nothing to re-wrap") {
		t.Errorf("rewrap with nothing to do: %q", out)
	}
	next := casecrypt.NewMasterKeyText()
	t.Setenv("TEBDG_CASE_KEY", next+", "+curText)
	nextKey, _ := casecrypt.ParseMasterKey(next)
	if out := cli(t, "", "keys", "rotate", "--db", e.db, "--rewrap-only"); !strings.Contains(out, "re-wrapped 6 cases") || !strings.Contains(out, "current master key "+nextKey.Fingerprint()) {
		t.Errorf("rewrap under the environment's new key: %q", out)
	}
	code, _, stderr = runCLI([]string{"keys", "retire", "--db", e.db}, "")
	if code != 1 || !strings.Contains(stderr, newFP) || !strings.Contains(stderr, "remove from it yourself") {
		t.Errorf("retire with the keys in the environment: %d %q", code, stderr)
	}
	envOnly := casecrypt.NewKeyring(nextKey)
	e.readsAll(t, "under the environment's new key", e.open(t, &envOnly, nil), cases, names)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseCaseRetention(t *testing.T) {
	now := time.Date(2026, 3, 31, 10, 0, 0, 0, vntext.Location)
	for in, want := range map[string]string{"10y": "2016-03-31", "18m": "2024-10-01", "365d": "2025-03-31", "1d": "2026-03-30"} {
		r, ok := parseCaseRetention(in)
		if !ok || r.cutoff(now).Format(time.DateOnly) != want {
			t.Errorf("%q: cutoff %s %v, want %s", in, r.cutoff(now).Format(time.DateOnly), ok, want)
		}
	}
	for _, in := range []string{"", "y", "0y", "-1y", "+2y", "10", "10w", "1.5y", "101y", "10 y", "ten y"} {
		if _, ok := parseCaseRetention(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

// "cases retention" lists the closed cases past retention by number, unit
// and closing date, never a name; its dry run changes nothing; its real
// run anonymises only those, and the aggregates still count them.
func TestCLICasesRetention(t *testing.T) { storetest.Run(t, testCLICasesRetention) }

func testCLICasesRetention(t *testing.T, engine store.Dialect) {
	e := newCaseEnv(t, engine)
	ctx := context.Background()
	now := time.Now()
	past := now.AddDate(-3, 0, 0)
	clock := past
	old := e.open(t, nil, func() time.Time { return clock })
	var oldCases []domain.Case
	for i := range 6 {
		oldCases = append(oldCases, e.createCase(t, old, clock, subjects[i]))
	}
	clock = past.Add(24 * time.Hour)
	for _, c := range oldCases[:5] { // the sixth stays open
		if err := old.CloseCase(ctx, e.worker, supervising(e.reader()), c.ID, "safe", "An toàn"); err != nil {
			t.Fatal(err)
		}
	}
	st := e.open(t, nil, nil)
	recent := []domain.Case{e.createCase(t, st, now, subjects[6]), e.createCase(t, st, now, subjects[7])}
	if err := st.CloseCase(ctx, e.worker, supervising(e.reader()), recent[0].ID, "safe", ""); err != nil {
		t.Fatal(err)
	}
	all := append(append([]domain.Case{}, oldCases...), recent...)

	for _, args := range [][]string{{"--retention", "10x"}, {"--retention", "0y"}, {"--retention", ""}} {
		if code, _, stderr := runCLI(append([]string{"cases", "retention", "--db", e.db, "--dry-run"}, args...), ""); code != 2 || !strings.Contains(stderr, "--retention") {
			t.Errorf("cases retention %v: %d %q", args, code, stderr)
		}
	}
	t.Setenv("TEBDG_CASE_RETENTION", "mười năm")
	if code, _, stderr := runCLI([]string{"cases", "retention", "--db", e.db, "--dry-run"}, ""); code != 2 || !strings.Contains(stderr, "TEBDG_CASE_RETENTION") {
		t.Errorf("a bad TEBDG_CASE_RETENTION: %d %q", code, stderr)
	}
	t.Setenv("TEBDG_CASE_RETENTION", "2y")

	// The default, ten years, reaches none of them.
	if out := cli(t, "", "cases", "retention", "--db", e.db, "--dry-run", "--retention", "10y"); !strings.Contains(out, "would anonymise 0 cases") {
		t.Errorf("ten years: %q", out)
	}
	code, out, stderr := runCLI([]string{"cases", "retention", "--db", e.db, "--dry-run"}, "")
	if code != 0 || !strings.Contains(out, "would anonymise 5 cases closed before "+vntext.FormatDate(now.In(vntext.Location).AddDate(-2, 0, 0))) {
		t.Errorf("dry run: %d %q %q", code, out, stderr)
	}
	closed := vntext.FormatDate(clock.In(vntext.Location))
	for _, c := range oldCases[:5] {
		if !strings.Contains(out, c.Number+"\tQN-SLDTBXH\tclosed "+closed+"\n") {
			t.Errorf("dry run does not list %s closed %s: %q", c.Number, closed, out)
		}
	}
	for _, c := range append([]domain.Case{oldCases[5]}, recent...) {
		if strings.Contains(out, c.Number) {
			t.Errorf("dry run lists %s, open or closed recently: %q", c.Number, out)
		}
	}
	noNames(t, "cases retention --dry-run", out, stderr)
	e.readsAll(t, "after the dry run", st, all, subjects)

	code, out, stderr = runCLI([]string{"cases", "retention", "--db", e.db}, "")
	if code != 0 || !strings.Contains(out, "anonymised 5 cases closed before") || !strings.Contains(stderr, "done 5/5 cases") {
		t.Errorf("retention: %d %q %q", code, out, stderr)
	}
	noNames(t, "cases retention", out, stderr)
	for _, c := range oldCases[:5] {
		if _, err := st.OpenCase(ctx, e.worker, e.reader(), c.ID, "test"); !errs.Is(err, errs.NotFound) {
			t.Errorf("anonymised %s opens: %v", c.Number, err)
		}
	}
	kept := append([]domain.Case{oldCases[5]}, recent...)
	e.readsAll(t, "the cases kept", st, kept, []string{subjects[5], subjects[6], subjects[7]})
	if use, err := st.CaseKeyUse(ctx); err != nil || use[readRing(t, e.caseKeyPath).Current().Fingerprint()] != 3 {
		t.Errorf("keys after anonymising: %v %v; want 3 cases under a key", use, err)
	}
	if n, err := st.CaseCount(ctx); err != nil || n != 8 {
		t.Errorf("%d cases in the register after anonymising, %v; want all 8", n, err)
	}
	org, _ := st.OrgUnit(ctx, "QN")
	stats, err := st.CaseStats(ctx, org, past.AddDate(0, 0, -2), now, "en")
	if err != nil {
		t.Fatal(err)
	}
	if stats.Total.Count == nil || *stats.Total.Count != 8 || stats.Closed.Count == nil || *stats.Closed.Count != 6 {
		t.Errorf("aggregates after anonymising: total %+v closed %+v; want 8 and 6", stats.Total, stats.Closed)
	}
	if out := cli(t, "", "cases", "retention", "--db", e.db); !strings.Contains(out, "anonymised 0 cases") {
		t.Errorf("second run: %q", out)
	}
}

// supervising is rd as the case's supervisor, who closes a case at any step.
func supervising(rd domain.CaseReader) domain.CaseReader {
	rd.Supervises = domain.Scope{All: true}
	return rd
}

// templateCaseKeyText is the keys of the demo template's cases, as
// TEBDG_CASE_KEY holds them.
func templateCaseKeyText() string {
	var keys []string
	for _, line := range strings.Split(storetest.TemplateCaseKeys().Text(), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			keys = append(keys, line)
		}
	}
	return strings.Join(keys, "\n")
}
