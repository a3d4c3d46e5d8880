package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func runCLI(args []string, stdin string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// Bad input on the command line gets one clear line on stderr and a
// non-zero exit.
func TestCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	// A directory cannot be made under a regular file, whoever runs the test.
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"serve", "--port", "80"}, 2, "flag provided but not defined: -port"},
		{"bad duration", []string{"serve", "--session-idle", "soon"}, 2, "--session-idle"},
		{"bad addr", []string{"serve", "--addr", "8080"}, 2, "--addr"},
		{"bad proxy", []string{"serve", "--trusted-proxies", "lb.local"}, 2, "--trusted-proxies"},
		{"bad base url", []string{"serve", "--base-url", "tebdg.tinh.gov.vn"}, 2, "--base-url"},
		{"bad throttle limit", []string{"serve", "--throttle-limit", "0"}, 2, "--throttle-limit"},
		{"bad throttle window", []string{"serve", "--throttle-window", "5s"}, 2, "--throttle-window"},
		{"bad reminder interval", []string{"serve", "--remind-every", "10ms"}, 2, "--remind-every"},
		{"bad mail encryption", []string{"serve", "--smtp-tls", "ssl3"}, 2, "--smtp-tls"},
		{"bad sender", []string{"serve", "--smtp-from", "no address"}, 2, "--smtp-from"},
		{"plain text to a remote mail server", []string{"serve", "--smtp-addr", "smtp.tinh.gov.vn:25", "--smtp-tls", "none"}, 2, "mail server settings"},
		{"missing password file", []string{"serve", "--smtp-addr", "smtp.tinh.gov.vn:587", "--smtp-password-file", filepath.Join(dir, "nope")}, 2, "--smtp-password-file"},
		{"bad scheme", []string{"migrate", "--db", "mysql://x"}, 1, "sqlite:PATH or postgres://"},
		{"malformed postgres", []string{"migrate", "--db", "postgres://%zz"}, 1, "not valid"},
		{"unreachable postgres", []string{"migrate", "--db", "postgres://u:pw@127.0.0.1:1/x?connect_timeout=2"}, 1, "cannot reach PostgreSQL"},
		{"unwritable directory", []string{"migrate", "--db", "sqlite:" + filepath.Join(file, "sub", "x.db")}, 1, "data directory"},
		{"bad role", []string{"user", "create", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--username", "abc", "--role", "boss", "--org", "QN"}, 2, "--role"},
		{"unknown org", []string{"user", "create", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--username", "abc", "--role", "viewer", "--org", "QN"}, 1, "không có đơn vị mã QN"},
		{"weak password", []string{"user", "create", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--username", "abc", "--role", "viewer", "--org", "QN", "--password-stdin"}, 1, "ít nhất 12 ký tự"},
		{"token for nobody", []string{"token", "create", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--username", "ghost"}, 1, `user "ghost"`},
		{"bad user name", []string{"user", "create", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--username", "Ab Cd", "--role", "viewer", "--org", "QN"}, 1, "tên đăng nhập"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(tt.args, "short\n")
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d mentioning %q", tt.name, code, stderr, tt.code, tt.want)
		}
		if tt.code != 0 && tt.name != "no command" && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: stderr has more than one line: %q", tt.name, stderr)
		}
		if strings.Contains(stderr, ":pw@") {
			t.Errorf("%s: the password leaks: %q", tt.name, stderr)
		}
	}
}

func TestCLIUserTokenAndAuditVerify(t *testing.T) {
	db := tempDB(t)
	if out := cli(t, "", "migrate", "--db", db); !strings.Contains(out, "schema version "+strconv.Itoa(store.SchemaVersion())+" (sqlite)") {
		t.Errorf("migrate: %q", out)
	}
	cli(t, "", "org", "create", "--db", db, "--code", "qn", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	code, out, stderr := runCLI([]string{"user", "create", "--db", db, "--username", "admin", "--role", "admin", "--org", "QN"}, "")
	password := strings.TrimSpace(out)
	if code != 0 || len(password) != 16 || strings.Contains(out, " ") || !strings.Contains(stderr, "temporary password") {
		t.Fatalf("user create: %d %q %q", code, out, stderr)
	}
	token := cli(t, "", "token", "create", "--db", db, "--username", "admin")
	if !strings.HasPrefix(token, "tebdg_") || strings.Count(token, "\n") != 1 {
		t.Errorf("token create prints the token alone: %q", token)
	}
	if out := cli(t, "", "audit", "verify", "--db", db); !strings.Contains(out, "audit chain intact: 3 rows") {
		t.Errorf("verify: %q", out)
	}
	// Tamper with a row behind the triggers' back.
	raw, err := sql.Open("sqlite", strings.TrimPrefix(db, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET after_json = '{}' WHERE seq = 2"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	_ = raw.Close()
	code, _, stderr = runCLI([]string{"audit", "verify", "--db", db}, "")
	if code != 1 || !strings.Contains(stderr, "audit row 2") {
		t.Errorf("verify after tampering: %d %q", code, stderr)
	}
	// A newer schema is refused with a clear message.
	raw, _ = sql.Open("sqlite", strings.TrimPrefix(db, "sqlite:"))
	_, _ = raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
	_ = raw.Close()
	code, _, stderr = runCLI([]string{"migrate", "--db", db}, "")
	if code != 1 || !strings.Contains(stderr, "newer than this program") {
		t.Errorf("newer schema: %d %q", code, stderr)
	}
	if code, out, _ := runCLI([]string{"version"}, ""); code != 0 || !strings.HasPrefix(out, "tebdg ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// SIGTERM: the server stops taking connections, finishes the request in
// flight, and exits 0.
func TestServeDrainsOnSIGTERM(t *testing.T) { storetest.Run(t, testServeDrainsOnSIGTERM) }

func testServeDrainsOnSIGTERM(t *testing.T, engine store.Dialect) {
	// The demo province is there already, as --demo leaves it.
	db, key := demoProvince.URL(t, engine, nil)
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "serve", "--db", db, "--addr", addr, "--demo", "--log-level", "error")
	cmd.Env = append(os.Environ(), "TEBDG_TEST_MAIN=1", "TEBDG_AUDIT_KEY="+hex.EncodeToString(key), "TEBDG_AUDIT_KEY_FILE=",
		"TEBDG_CASE_KEY="+templateCaseKeyText(), "TEBDG_CASE_KEY_FILE=") // the template's cases are under its keys
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	waitHealthy(t, base, 20*time.Second)
	// A slow client keeps a request in flight: its body arrives after the
	// signal.
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/login", pr)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r, err := noFollow.Do(req)
		if err != nil {
			t.Log(err)
			done <- -1
			return
		}
		_ = r.Body.Close()
		done <- r.StatusCode
	}()
	_, _ = pw.Write([]byte("username=admin&"))
	time.Sleep(200 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	_, _ = pw.Write([]byte("password=tebdg-demo-2024"))
	_ = pw.Close()
	if status := <-done; status != http.StatusSeeOther {
		t.Errorf("the request in flight got %d, want its answer (303)", status)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	if !strings.Contains(stdout.String(), "coordinator") {
		t.Errorf("--demo prints the sign-ins: %q", stdout.String())
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
}

// The search index is rebuilt from what is published: a wiped index comes
// back whole.
func TestCLISearchReindex(t *testing.T) { storetest.Run(t, testCLISearchReindex) }

func testCLISearchReindex(t *testing.T, engine store.Dialect) {
	db := storetest.URL(t, engine)
	startMainAt(t, db, true) // --demo fills the empty database, with its published posts
	driver, dsn, wipe := "sqlite", strings.TrimPrefix(db, "sqlite:"), []string{"DELETE FROM search_fts", "DELETE FROM search_docs"}
	if engine == store.Postgres {
		driver, dsn, wipe = "pgx", db, []string{"DELETE FROM search_docs"}
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range wipe {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	_ = raw.Close()
	out := cli(t, "", "search", "reindex", "--db", db)
	if !strings.Contains(out, "search index rebuilt: 13 posts") || strings.Contains(out, " 0 services") {
		t.Errorf("reindex: %q", out)
	}
}
