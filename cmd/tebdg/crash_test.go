package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// cli runs a tebdg command in-process and returns its standard output.
func cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut); code != 0 {
		t.Fatalf("tebdg %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String()
}

// A server taking a burst of concurrent writes is killed with SIGKILL.
// After it, every write that got a 2xx answer is in the database, a SQLite
// file passes its integrity check and the audit chain is whole.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	storetest.Run(t, testCrashKeepsAcknowledgedWrites)
}

func testCrashKeepsAcknowledgedWrites(t *testing.T, engine store.Dialect) {
	db := storetest.URL(t, engine)
	keyFile := defaultAuditKeyPath(db)
	if engine == store.Postgres {
		// A PostgreSQL URL has no folder to keep the key beside.
		keyFile = filepath.Join(t.TempDir(), "audit.key")
		t.Setenv("TEBDG_AUDIT_KEY_FILE", keyFile)
		t.Setenv("TEBDG_CASE_KEY_FILE", filepath.Join(filepath.Dir(keyFile), "case.key"))
	}
	cli(t, "", "org", "create", "--db", db, "--code", "QN", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	cli(t, "mật khẩu thử nghiệm dài\n", "user", "create", "--db", db, "--username", "admin", "--role", "admin", "--org", "QN", "--password-stdin")
	token := strings.TrimSpace(cli(t, "", "token", "create", "--db", db, "--username", "admin"))

	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "serve", "--db", db, "--addr", addr, "--log-level", "error")
	cmd.Env = append(os.Environ(), "TEBDG_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	waitHealthy(t, base, 20*time.Second)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range 8 {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				code := fmt.Sprintf("QN-C%d-%04d", w, n)
				body := fmt.Sprintf(`{"code":%q,"name":"Đơn vị thử %d-%d","kind":"unit","parent":"QN"}`, code, w, n)
				req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/orgunits", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				r, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				_ = r.Body.Close()
				if r.StatusCode == http.StatusCreated {
					mu.Lock()
					acked = append(acked, code)
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
		t.Fatal(err)
	}
	_ = cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d writes acknowledged before the kill; the burst did not happen", len(acked))
	}

	ctx := context.Background()
	key, err := readKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, db, store.Options{AuditKey: key})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	if res, err := st.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity check: %q %v", res, err)
	}
	for _, code := range acked {
		if _, err := st.OrgUnit(ctx, code); err != nil {
			t.Errorf("acknowledged unit %s lost: %v", code, err)
		}
	}
	if n, err := st.VerifyAudit(ctx); err != nil {
		t.Errorf("audit chain after the crash: %d rows, %v", n, err)
	}
	t.Logf("%d writes acknowledged before SIGKILL, all present", len(acked))
}
