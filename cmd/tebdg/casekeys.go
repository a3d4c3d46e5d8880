package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"tebdg/internal/casecrypt"
	"tebdg/internal/errs"
	"tebdg/internal/store"
)

// The confidential case register seals each case under a data key wrapped
// by a master key kept outside the database, like the audit chain's key.
// The master keys come from, in order: TEBDG_CASE_KEY (the key itself, 64
// hexadecimal digits; several, current first, make a keyring), the file
// named by --case-key-file or TEBDG_CASE_KEY_FILE, or a default file:
// case.key beside a SQLite database, ./data/case.key for PostgreSQL. The
// file is a keyring, one key a line, the current one first (see
// casecrypt.Keyring). serve, migrate and the commands that change data
// make it when it is missing and the register holds no case; with cases
// and no key, they refuse, since a new key opens none of them.
//
// The store is given a loader that reads the file again each time it is
// called: on first use, and when a case is wrapped by a key the store has
// not loaded. That is how a running server follows "tebdg keys rotate"
// run by another process without a restart.

// caseKeySource is where the register's master keys were found, or where
// they would be made.
type caseKeySource struct {
	ring casecrypt.Keyring // empty while the file does not exist
	path string            // the key file; "" when the keys are given whole (TEBDG_CASE_KEY, Config.CaseKeys)
}

// given reports whether the keys came whole from the environment (or a
// test), so that no file of them can be written.
func (src caseKeySource) given() bool { return src.path == "" }

// where names the source for messages.
func (src caseKeySource) where() string {
	if src.given() {
		return "TEBDG_CASE_KEY"
	}
	return src.path
}

// loader is what the store calls for the keys: the file read afresh each
// time, or the keys given whole.
func (src caseKeySource) loader() func() (casecrypt.Keyring, error) {
	if src.given() {
		ring := src.ring
		return func() (casecrypt.Keyring, error) { return ring, nil }
	}
	path := src.path
	return func() (casecrypt.Keyring, error) {
		ring, _, err := readCaseKeyFile(path)
		return ring, err
	}
}

// defaultCaseKeyPath is the key file for a database URL when none is named.
func defaultCaseKeyPath(dbURL string) string { return defaultKeyPath(dbURL, "case.key") }

// findCaseKeys reads the keys from the environment or their file. A
// missing file is not an error: the caller decides whether one may be made.
func findCaseKeys(flagPath, dbURL string) (caseKeySource, error) {
	at, err := locateKey(flagPath, "TEBDG_CASE_KEY_FILE", "TEBDG_CASE_KEY", "case.key", dbURL,
		"give the case register's master key either in TEBDG_CASE_KEY or as a file (--case-key-file, TEBDG_CASE_KEY_FILE), not both")
	switch {
	case err != nil:
		return caseKeySource{}, err
	case at.value != "":
		// An environment variable holds several lines awkwardly: spaces
		// and commas separate keys as well (a key has neither).
		ring, err := casecrypt.ParseKeyring(strings.Join(strings.FieldsFunc(at.value, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
		}), "\n"))
		if err != nil {
			return caseKeySource{}, fmt.Errorf("TEBDG_CASE_KEY: %w", err)
		}
		return caseKeySource{ring: ring}, nil
	case at.missing:
		return caseKeySource{path: at.path}, nil
	}
	ring, _, err := readCaseKeyFile(at.path)
	if err != nil {
		return caseKeySource{}, err
	}
	return caseKeySource{ring: ring, path: at.path}, nil
}

// readCaseKeyFile reads and checks a keyring file, returning its text as
// well so that a rewrite can tell whether another process changed it.
func readCaseKeyFile(path string) (casecrypt.Keyring, []byte, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the operator names this file in the server's own settings
	if err != nil {
		return casecrypt.Keyring{}, nil, errs.Newf(errs.Unavailable,
			"không đọc được tệp khóa chính của sổ vụ việc %s: %v", "cannot read the case register's key file %s: %v", path, unwrapPath(err))
	}
	ring, err := casecrypt.ParseKeyring(string(b))
	if err != nil {
		return casecrypt.Keyring{}, nil, fmt.Errorf("%s: %w", path, err)
	}
	return ring, b, nil
}

// makeCaseKeyFile writes a new keyring of one fresh key to path, readable
// by its owner only. If another process made the file first (two
// instances starting on one machine), its keys are used and made is false.
func makeCaseKeyFile(path string) (ring casecrypt.Keyring, made bool, err error) {
	key, err := casecrypt.ParseMasterKey(casecrypt.NewMasterKeyText())
	if err != nil {
		return ring, false, err
	}
	ring = casecrypt.NewKeyring(key)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return casecrypt.Keyring{}, false, errs.Newf(errs.Unavailable,
			"không tạo được thư mục cho khóa chính của sổ vụ việc %s: %v", "cannot create the directory for the case register's key %s: %v", dir, unwrapPath(err))
	}
	tmp, err := writeTempKeyFile(dir, ring.Text())
	if err != nil {
		return casecrypt.Keyring{}, false, err
	}
	defer func() { _ = os.Remove(tmp) }()
	// Linked into place, so an existing file is never replaced and nobody
	// reads half a key.
	err = os.Link(tmp, path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// A file system without hard links: create the file exclusively.
		err = writeNewFile(path, ring.Text())
	}
	if errors.Is(err, fs.ErrExist) {
		theirs, _, err := readCaseKeyFile(path)
		return theirs, false, err
	}
	if err != nil {
		return casecrypt.Keyring{}, false, errs.Newf(errs.Unavailable,
			"không ghi được khóa chính của sổ vụ việc %s: %v", "cannot write the case register's key %s: %v", path, unwrapPath(err))
	}
	syncDir(dir)
	return ring, true, nil
}

// writeTempKeyFile writes text whole to a new file of mode 0600 in dir and
// returns its name.
func writeTempKeyFile(dir, text string) (string, error) {
	f, err := os.CreateTemp(dir, ".case.key-*") // mode 0600
	if err != nil {
		return "", errs.Newf(errs.Unavailable,
			"không ghi được khóa chính của sổ vụ việc vào %s: %v", "cannot write the case register's key in %s: %v", dir, unwrapPath(err))
	}
	_, werr := f.WriteString(text)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(f.Name())
		return "", errs.Newf(errs.Unavailable,
			"không ghi được khóa chính của sổ vụ việc vào %s: %v", "cannot write the case register's key in %s: %v", dir, unwrapPath(werr))
	}
	return f.Name(), nil
}

// replaceCaseKeyFile puts a new keyring in place of the file at path,
// atomically (a temporary file renamed over it), provided the file still
// holds was: a rotation or retirement run at the same time by someone else
// must not be overwritten, or the keys it made would be lost.
func replaceCaseKeyFile(path string, was []byte, ring casecrypt.Keyring) error {
	dir := filepath.Dir(path)
	tmp, err := writeTempKeyFile(dir, ring.Text())
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp) }()
	now, err := os.ReadFile(path) //nolint:gosec // the operator's own key path
	if err != nil {
		return errs.Newf(errs.Unavailable, "không đọc được tệp khóa chính của sổ vụ việc %s: %v", "cannot read the case register's key file %s: %v", path, unwrapPath(err))
	}
	if !bytes.Equal(now, was) {
		return errs.Newf(errs.Conflict,
			"tệp khóa %s vừa bị thay đổi bởi một tiến trình khác: không ghi đè, hãy chạy lại lệnh",
			"the key file %s was changed by another process meanwhile: it is not overwritten, run the command again", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return errs.Newf(errs.Unavailable, "không thay được tệp khóa %s: %v", "cannot replace the key file %s: %v", path, unwrapPath(err))
	}
	syncDir(dir)
	return nil
}

// syncDir makes a new or renamed file in dir survive a crash; a file system
// that cannot sync directories loses nothing by trying.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil { //nolint:gosec // the key file's own directory
		_ = d.Sync()
		_ = d.Close()
	}
}

// caseKeyMadeNote is what the operator reads when a key was made.
func caseKeyMadeNote(path, fingerprint string) string {
	return fmt.Sprintf("tebdg: đã tạo khóa chính của sổ vụ việc %[1]s (dấu vân tay %[2]s). Hãy sao lưu khóa này riêng, không cùng chỗ với cơ sở dữ liệu: thiếu nó thì không mở được hồ sơ vụ việc nào.\n"+
		"tebdg: made the case register's master key %[1]s (fingerprint %[2]s). Back it up apart from the database: without it no case can be opened.\n", path, fingerprint)
}

// ensureCaseKeys makes the key file when it is missing and the register
// holds no case; with cases and no key it refuses, naming the keys they
// are wrapped by. The database must be migrated.
func ensureCaseKeys(ctx context.Context, st *store.Store, src *caseKeySource, made func(path, fingerprint string)) error {
	if !src.ring.Empty() {
		return nil
	}
	n, err := st.CaseCount(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		use, err := st.CaseKeyUse(ctx)
		if err != nil {
			return err
		}
		return errs.Newf(errs.Conflict,
			"sổ vụ việc có %[1]d vụ việc được khóa bằng khóa chính có dấu vân tay %[2]s, nhưng không có tệp khóa %[3]s: hãy khôi phục tệp đó từ bản sao lưu (hoặc đặt TEBDG_CASE_KEY_FILE, TEBDG_CASE_KEY); một khóa mới không mở được các vụ việc đó nên không được tạo",
			"the case register holds %[1]d cases locked with the master key with fingerprint %[2]s, but there is no key file %[3]s: restore it from its backup (or set TEBDG_CASE_KEY_FILE, TEBDG_CASE_KEY); a new key would open none of them, so none is made",
			n, strings.Join(fingerprints(use), ", "), src.path)
	}
	ring, isNew, err := makeCaseKeyFile(src.path)
	if err != nil {
		return err
	}
	if isNew && made != nil {
		made(src.path, ring.Current().Fingerprint())
	}
	src.ring = ring
	return nil
}

// fingerprints lists the keys of a use count, most used first.
func fingerprints(use map[string]int) []string {
	fps := make([]string, 0, len(use))
	for fp := range use {
		fps = append(fps, fp)
	}
	slices.SortFunc(fps, func(a, b string) int {
		if use[a] != use[b] {
			return use[b] - use[a]
		}
		return strings.Compare(a, b)
	})
	return fps
}

// missingKeys are the keys wrapping cases that ring does not hold, with
// how many cases each wraps.
func missingKeys(ring casecrypt.Keyring, use map[string]int) map[string]int {
	out := map[string]int{}
	for fp, n := range use {
		if _, ok := ring.Find(fp); !ok {
			out[fp] = n
		}
	}
	return out
}

// checkCaseKeysCover refuses keys that do not open every case: a start
// with another deployment's key file, or after a key still in use was
// dropped, fails here rather than on the first case a caseworker opens.
// where names the keys' source.
func checkCaseKeysCover(ctx context.Context, st *store.Store, ring casecrypt.Keyring, where string) error {
	use, err := st.CaseKeyUse(ctx)
	if err != nil {
		return err
	}
	missing := missingKeys(ring, use)
	if len(missing) == 0 {
		return nil
	}
	total := 0
	var parts []string
	for _, fp := range fingerprints(missing) {
		total += missing[fp]
		parts = append(parts, fmt.Sprintf("%s (%d)", fp, missing[fp]))
	}
	return errs.Newf(errs.Conflict,
		"%[1]d vụ việc được khóa bằng khóa chính %[2]s mà %[3]s không có (trong đó có các khóa %[4]s): hãy khôi phục tệp khóa đúng từ bản sao lưu",
		"%[1]d cases are locked with master keys %[2]s that %[3]s does not hold (it holds %[4]s): restore the right key file from its backup",
		total, strings.Join(parts, ", "), where, strings.Join(ringFingerprints(ring), ", "))
}

func ringFingerprints(ring casecrypt.Keyring) []string {
	var out []string
	for _, m := range ring.Keys() {
		out = append(out, m.Fingerprint())
	}
	return out
}

// openDBCases opens and migrates the database with its audit key and the
// register's master keys, making either key file if need be; new keys'
// notes go to note.
func openDBCases(ctx context.Context, dbFlag, auditKeyFlag, caseKeyFlag string, note io.Writer) (*store.Store, caseKeySource, error) {
	u, err := dbURL(dbFlag)
	if err != nil {
		return nil, caseKeySource{}, err
	}
	src, err := findAuditKey(auditKeyFlag, u)
	if err != nil {
		return nil, caseKeySource{}, err
	}
	cases, err := findCaseKeys(caseKeyFlag, u)
	if err != nil {
		return nil, caseKeySource{}, err
	}
	st, err := openKeyed(ctx, u, store.Options{CaseKeys: cases.loader()}, src, true, func(path, fp string) { _, _ = fmt.Fprint(note, keyMadeNote(path, fp)) })
	if err != nil {
		return nil, caseKeySource{}, err
	}
	if err := st.Migrate(ctx); err != nil {
		_ = st.Close()
		return nil, caseKeySource{}, err
	}
	if err := ensureCaseKeys(ctx, st, &cases, func(path, fp string) { _, _ = fmt.Fprint(note, caseKeyMadeNote(path, fp)) }); err != nil {
		_ = st.Close()
		return nil, caseKeySource{}, err
	}
	return st, cases, nil
}

// Flags' help, shared by the commands that take them.
const (
	caseKeyFileHelp  = "the case register's master keys, made if missing while the register is empty (TEBDG_CASE_KEY_FILE, or the key itself in TEBDG_CASE_KEY; default case.key beside a SQLite database, ./data/case.key for PostgreSQL)"
	auditKeyFileHelp = "the audit chain key (TEBDG_AUDIT_KEY_FILE, or the key itself in TEBDG_AUDIT_KEY; default audit.key beside a SQLite database, ./data/audit.key for PostgreSQL)"
)

// runKeysRotate makes a new master key and re-wraps every case under it.
// The keyring file gets the new key first with the old ones kept, before
// any case is touched: a server running meanwhile finds the new key there
// when it meets a case wrapped by it, and still opens those not reached
// yet with the old. With --rewrap-only no key is made: the cases not yet
// under the current key are re-wrapped (after an interrupted rotation, or
// once the operator has put a new key first in TEBDG_CASE_KEY).
func runKeysRotate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("keys rotate", stdout)
	db := fs.String("db", "", "database URL")
	caseKeyFile := fs.String("case-key-file", "", caseKeyFileHelp)
	auditKeyFile := fs.String("audit-key-file", "", auditKeyFileHelp)
	rewrapOnly := fs.Bool("rewrap-only", false, "make no new key: re-wrap the cases not yet under the current key (the first of the ring)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, src, err := openDBCases(ctx, *db, *auditKeyFile, *caseKeyFile, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	// The file as it is now, which the new ring must replace unchanged.
	ring, was := src.ring, []byte(nil)
	if !src.given() {
		if ring, was, err = readCaseKeyFile(src.path); err != nil {
			return err
		}
	}
	if err := checkCaseKeysCover(ctx, st, ring, src.where()); err != nil {
		return err
	}
	use, err := st.CaseKeyUse(ctx)
	if err != nil {
		return err
	}
	if !*rewrapOnly {
		if src.given() {
			return errs.New(errs.Conflict,
				"khóa chính đang lấy từ biến TEBDG_CASE_KEY nên tebdg không ghi được khóa mới: hãy tự tạo một khóa (openssl rand -hex 32), đặt nó đầu tiên trong TEBDG_CASE_KEY, giữ các khóa cũ phía sau, khởi động lại các máy chủ, rồi chạy tebdg keys rotate --rewrap-only",
				"the master keys come from TEBDG_CASE_KEY, where tebdg cannot write a new one: make a key yourself (openssl rand -hex 32), put it first in TEBDG_CASE_KEY with the old ones after it, restart the servers, then run tebdg keys rotate --rewrap-only")
		}
		next, err := casecrypt.ParseMasterKey(casecrypt.NewMasterKeyText())
		if err != nil {
			return err
		}
		ring = ring.Rotated(next)
		if err := replaceCaseKeyFile(src.path, was, ring); err != nil {
			return err
		}
		_, _ = fmt.Fprintf(stderr, "tebdg: đã thêm khóa chính mới %[1]s vào đầu %[2]s, giữ các khóa cũ. Hãy sao lưu lại tệp này ngay, riêng khỏi cơ sở dữ liệu.\n"+
			"tebdg: put the new master key %[1]s first in %[2]s, the old ones kept. Back the file up again now, apart from the database.\n", next.Fingerprint(), src.path)
	}
	todo := 0
	for fp, n := range use {
		if fp != ring.Current().Fingerprint() {
			todo += n
		}
	}
	if *rewrapOnly && todo == 0 {
		_, err := fmt.Fprintf(stdout, "every case is already under the current key %s: nothing to re-wrap\n", ring.Current().Fingerprint())
		return err
	}
	done, err := st.RotateCaseKeys(ctx, ring, func(done, total int) {
		_, _ = fmt.Fprintf(stderr, "đã khóa lại %[1]d/%[2]d vụ việc / re-wrapped %[1]d/%[2]d cases\n", done, total)
	})
	if err != nil {
		return fmt.Errorf("%w; %d cases were re-wrapped before it: the key file holds every key, run \"tebdg keys rotate --rewrap-only\" to finish", err, done)
	}
	if done == 0 {
		_, _ = fmt.Fprintln(stderr, "không có vụ việc nào cần khóa lại / no case to re-wrap")
	}
	if _, err := fmt.Fprintf(stdout, "current master key %s; re-wrapped %d cases\n", ring.Current().Fingerprint(), done); err != nil {
		return err
	}
	return printKeyUse(ctx, st, ring, stdout)
}

// printKeyUse prints the ring's keys, current first, with the cases each
// wraps, and any key wrapping cases that the ring lacks.
func printKeyUse(ctx context.Context, st *store.Store, ring casecrypt.Keyring, w io.Writer) error {
	use, err := st.CaseKeyUse(ctx)
	if err != nil {
		return err
	}
	for i, m := range ring.Keys() {
		role := "older"
		if i == 0 {
			role = "current"
		}
		if _, err := fmt.Fprintf(w, "  %s  %-7s  %d cases\n", m.Fingerprint(), role, use[m.Fingerprint()]); err != nil {
			return err
		}
	}
	missing := missingKeys(ring, use)
	for _, fp := range fingerprints(missing) {
		if _, err := fmt.Fprintf(w, "  %s  MISSING  %d cases (not in the ring: they cannot be opened)\n", fp, missing[fp]); err != nil {
			return err
		}
	}
	return nil
}

// runKeysRetire drops from the keyring file the old keys no case is
// wrapped by any more. A key still in use is kept, and said so: dropping
// it would lose its cases.
func runKeysRetire(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("keys retire", stdout)
	db := fs.String("db", "", "database URL")
	caseKeyFile := fs.String("case-key-file", "", caseKeyFileHelp)
	auditKeyFile := fs.String("audit-key-file", "", auditKeyFileHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, src, err := openDBCases(ctx, *db, *auditKeyFile, *caseKeyFile, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	var ring casecrypt.Keyring
	var was []byte
	if src.given() {
		ring = src.ring
	} else if ring, was, err = readCaseKeyFile(src.path); err != nil {
		return err
	}
	use, err := st.CaseKeyUse(ctx)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for fp, n := range use {
		used[fp] = n > 0
	}
	kept := ring.Retire(used)
	var dropped []string
	for _, m := range ring.Keys() {
		if _, ok := kept.Find(m.Fingerprint()); !ok {
			dropped = append(dropped, m.Fingerprint())
		}
	}
	var busy []string
	for _, m := range kept.Keys()[1:] {
		busy = append(busy, fmt.Sprintf("%s (%d)", m.Fingerprint(), use[m.Fingerprint()]))
	}
	switch {
	case len(dropped) == 0 && len(busy) == 0:
		_, err := fmt.Fprintf(stdout, "nothing to retire: the ring holds only the current key %s\n", ring.Current().Fingerprint())
		return err
	case len(dropped) == 0:
		return errs.Newf(errs.Conflict,
			"không bỏ được khóa nào: các khóa cũ %[1]s vẫn đang khóa vụ việc (số vụ việc trong ngoặc); hãy chạy tebdg keys rotate --rewrap-only rồi bỏ sau",
			"no key can be retired: the old keys %[1]s still lock cases (how many in brackets); run tebdg keys rotate --rewrap-only, then retire",
			strings.Join(busy, ", "))
	case src.given():
		return errs.Newf(errs.Conflict,
			"khóa chính lấy từ biến TEBDG_CASE_KEY: hãy tự bỏ khỏi biến đó các khóa có dấu vân tay %[1]s, không vụ việc nào dùng chúng nữa",
			"the master keys come from TEBDG_CASE_KEY: remove from it yourself the keys with fingerprints %[1]s, which no case uses any more",
			strings.Join(dropped, ", "))
	}
	if err := replaceCaseKeyFile(src.path, was, kept); err != nil {
		return err
	}
	// A server that had not met the new key yet may have wrapped a new
	// case under an old one meanwhile: put the keys back if so.
	after, err := st.CaseKeyUse(ctx)
	if err != nil {
		return err
	}
	for _, fp := range dropped {
		if after[fp] > 0 {
			if rerr := replaceCaseKeyFile(src.path, []byte(kept.Text()), ring); rerr != nil {
				return fmt.Errorf("key %s came back in use while it was retired, and the file could not be restored: %w; restore %s from its backup", fp, rerr, src.path)
			}
			return errs.Newf(errs.Conflict,
				"khóa %[1]s vừa được dùng lại cho một vụ việc mới trong lúc bỏ khóa (một máy chủ chưa nạp khóa mới): đã giữ nguyên tệp khóa; hãy khởi động lại các máy chủ, chạy tebdg keys rotate --rewrap-only rồi bỏ khóa lại",
				"key %[1]s was used for a new case while it was being retired (a server had not loaded the new key): the key file is left as it was; restart the servers, run tebdg keys rotate --rewrap-only, then retire again", fp)
		}
	}
	_, _ = fmt.Fprintf(stderr, "tebdg: các bản sao lưu cơ sở dữ liệu từ trước lần đổi khóa vẫn cần khóa đã bỏ: hãy giữ bản sao lưu cũ của tệp khóa cùng với chúng.\n"+
		"tebdg: database backups from before the rotation still need the retired keys: keep the old key file's backup with them.\n")
	if _, err := fmt.Fprintf(stdout, "retired %d keys: %s\n", len(dropped), strings.Join(dropped, ", ")); err != nil {
		return err
	}
	if len(busy) > 0 {
		if _, err := fmt.Fprintf(stdout, "kept, still in use: %s\n", strings.Join(busy, ", ")); err != nil {
			return err
		}
	}
	return printKeyUse(ctx, st, kept, stdout)
}

// runKeysStatus prints the ring's keys, current first, with how many cases
// each wraps. It changes nothing: it neither makes a key nor migrates.
func runKeysStatus(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("keys status", stdout)
	db := fs.String("db", "", "database URL")
	caseKeyFile := fs.String("case-key-file", "", "the case register's master keys (as for keys rotate)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	u, err := dbURL(*db)
	if err != nil {
		return err
	}
	src, err := findCaseKeys(*caseKeyFile, u)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, u, store.Options{})
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	n, err := st.CaseCount(ctx)
	if err != nil {
		return err
	}
	from := "master keys in " + src.where()
	if src.ring.Empty() {
		from = "no key file at " + src.path
	}
	// Anonymised cases hold no key and are counted in the total only.
	if _, err := fmt.Fprintf(stdout, "%s; %d cases in the register\n", from, n); err != nil {
		return err
	}
	return printKeyUse(ctx, st, src.ring, stdout)
}

// findCaseKeys finds the server's master keys: Config.CaseKeys, or the
// environment or key file.
func (m *Main) findCaseKeys() error {
	if k := m.Config.CaseKeys; k != nil && !k.Empty() {
		m.caseKeys = caseKeySource{ring: *k}
		return nil
	}
	src, err := findCaseKeys(m.Config.CaseKeyFile, m.Config.DB)
	m.caseKeys = src
	return err
}

// checkCaseKeys makes the key file on the first start and refuses keys
// that do not open every case. The database must be migrated.
func (m *Main) checkCaseKeys(ctx context.Context) error {
	err := ensureCaseKeys(ctx, m.store, &m.caseKeys, func(path, fp string) {
		m.Logger.Warn("made the case register's master key: back it up apart from the database, without it no case can be opened",
			"path", path, "fingerprint", fp)
		_, _ = fmt.Fprint(m.Stdout, caseKeyMadeNote(path, fp))
	})
	if err != nil {
		return err
	}
	return checkCaseKeysCover(ctx, m.store, m.caseKeys.ring, m.caseKeys.where())
}
