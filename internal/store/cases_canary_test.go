package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/casecrypt"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// lockedBuffer is a log the store may write to from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// randomFrom is n characters drawn from set.
func randomFrom(set string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = set[int(b[i])%len(set)]
	}
	return string(b)
}

// canaries are the strings planted in a case, and the forms they could
// leak in: as written, decomposed, folded, upper case, without spaces.
type canaries struct {
	plain   []string
	needles [][]byte
}

func (c *canaries) add(s string) string {
	c.plain = append(c.plain, s)
	for _, v := range []string{s, norm.NFC.String(s), norm.NFD.String(s), vntext.Fold(s), strings.ToUpper(s), strings.ToLower(s),
		strings.ReplaceAll(s, " ", ""), vntext.Fold(strings.ReplaceAll(s, " ", ""))} {
		c.needles = append(c.needles, []byte(v))
	}
	return s
}

// find reports the first canary in data, "" when there is none.
func (c *canaries) find(data []byte) string {
	for _, n := range c.needles {
		if bytes.Contains(data, n) {
			return string(n)
		}
	}
	return ""
}

func (c *canaries) none(t *testing.T, where string, data []byte) {
	t.Helper()
	if n := c.find(data); n != "" {
		i := bytes.Index(data, []byte(n))
		lo, hi := max(0, i-60), min(len(data), i+len(n)+60)
		t.Errorf("%s holds the canary %q: …%q…", where, n, data[lo:hi])
	}
}

func (c *canaries) noneIn(t *testing.T, where string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	c.none(t, where, append(b, fmt.Sprintf("%+v", v)...))
}

// TestCaseCanary plants a name, an address, a phone, an ID number and
// texts no one else has, runs a case through the whole procedure, then
// looks for them where they must never be: in what other roles are
// shown, in the audit trail, in the logs, and in the database itself
// (the SQLite file with its WAL, a PostgreSQL dump and every text and
// bytea column of the schema).
func TestCaseCanary(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine store.Dialect) {
		sfx := randomFrom("ghijklmnopqrstuvwxyz", 12) // never a hex digit, so no hash or key can hold it
		var cn canaries
		name := cn.add("Canary Thị Xyzzy" + sfx)
		address := cn.add("Số 7 ngõ Canaryđịachỉ" + sfx)
		phone := cn.add("09" + randomFrom("0123456789", 2) + " " + randomFrom("0123456789", 3) + " " + randomFrom("0123456789", 3))
		idNumber := cn.add("0" + randomFrom("0123456789", 11))
		summary := cn.add("Canarytómtắt" + sfx + " bị đánh bằng roi mây")
		reporter := cn.add("Canarybáotin" + sfx)
		contact := cn.add("Canaryliênhệ" + sfx)
		measures := cn.add("Canarybiệnpháp" + sfx)
		stepNote := cn.add("Canarybước" + sfx)
		noteText := cn.add("Canaryghichú" + sfx)
		taskText := cn.add("Canaryviệc" + sfx)
		answer := cn.add("Canarytrảlời" + sfx)
		reason := cn.add("Canarylýdo" + sfx + " cần xem gấp tiền sử")
		closeNote := cn.add("Canaryđóng" + sfx)
		// A control in a field that is not sealed (the public directory),
		// to prove the scans below would see a canary if one were there.
		control := "Controldịchvụ" + sfx

		logs := &lockedBuffer{}
		ring := storetest.CaseKeys()
		u := storetest.URL(t, engine)
		s, err := store.Open(ctx, u, store.Options{AuditKey: storetest.AuditKey(), CaseKeys: func() (casecrypt.Keyring, error) { return ring, nil },
			Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		if err != nil {
			t.Fatal(err)
		}
		closed := false
		t.Cleanup(func() {
			if !closed {
				_ = s.Close()
			}
		})
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		f := newCaseFixture(t, s)
		if _, err := s.SaveService(ctx, alice, 0, 0, f.root, domain.Service{Kind: domain.SvcShelter, Organization: "Tỉnh", Name: control,
			Phone: "0203 3825 222", Active: true}); err != nil {
			t.Fatal(err)
		}

		// The whole procedure.
		in := domain.Case{Kind: domain.CaseSexual, Source: domain.SourceHotline111, ReceivedAt: f.now.Add(-2 * time.Hour), Risk: domain.RiskHigh,
			Subject:  domain.CaseSubject{FullName: name, BirthDate: "2015-01-01", Sex: "nữ", Address: address, Phone: phone, IDNumber: idNumber},
			Reporter: domain.CaseReporter{Name: reporter, Contact: contact, Relation: "cô giáo"},
			Summary:  summary, Measures: measures, DVMeasures: []string{"shelter"}}
		c := f.intake(t, f.worker, f.a, in)
		do := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		do("assess", f.s.RecordCaseStep(ctx, f.worker.actor, f.worker.rd, c.ID, domain.StepAssess, time.Time{}, stepNote, nil))
		_, err = f.s.AddCaseNote(ctx, f.worker.actor, f.worker.rd, c.ID, "note", noteText, "")
		do("note", err)
		task, err := f.s.AddCaseNote(ctx, f.worker.actor, f.worker.rd, c.ID, "task", taskText, "2025-06-20")
		do("task", err)
		do("task done", f.s.CompleteCaseTask(ctx, f.worker.actor, f.worker.rd, c.ID, task))
		// A document whose name and content carry the canary.
		fid, err := f.s.AddCaseDocument(ctx, f.worker.actor, f.worker.rd, c.ID, store.NewFile{Name: noteText + ".txt", ContentType: "text/plain; charset=utf-8", Data: []byte(noteText)})
		do("document", err)
		if d, data, err := f.s.CaseDocumentData(ctx, f.worker.actor, f.worker.rd, c.ID, fid); err != nil || string(data) != noteText || d.Name != noteText+".txt" {
			t.Errorf("the document read back: %v %q", err, d.Name)
		}
		ref, err := f.s.Refer(ctx, f.worker.actor, f.worker.rd, c.ID, f.health.ID, []domain.Consent{
			{GivenBy: domain.GiverParent, At: f.now, Scope: []string{domain.ShareIdentity, domain.ShareContact, domain.ShareSummary}},
			{GivenBy: domain.GiverChild, At: f.now, Scope: []string{domain.ShareIdentity, domain.ShareSummary}}})
		do("refer", err)
		do("answer", f.s.AnswerReferral(ctx, f.worker.actor, f.worker.rd, c.ID, ref.ID, domain.ReferralAccepted, answer))
		hashes, err := f.s.NameHashes(vntext.Fold(name))
		do("hashes", err)
		for _, h := range hashes {
			cn.none(t, "a name hash", []byte(h))
		}
		found, _, err := f.s.Cases(ctx, f.worker.actor, f.worker.rd, store.CaseFilter{Hashes: hashes}, store.Page{})
		if err != nil || len(found) != 1 || found[0].Name != name {
			t.Fatalf("the worker's search by the folded name: %v %+v", err, found)
		}
		do("break glass", breakGlass(f.s, f.prov.actor, c.Number, reason, func(p string) bool { return true }))
		for _, code := range []domain.CaseStepCode{domain.StepVerify, domain.StepPlan, domain.StepCarry, domain.StepFollow} {
			do(string(code), f.s.RecordCaseStep(ctx, f.worker.actor, f.worker.rd, c.ID, code, time.Time{}, "", nil))
		}
		do("close", f.s.CloseCase(ctx, f.worker.actor, f.worker.rd, c.ID, "safe", closeNote))
		if cf := f.open(t, f.worker, c.ID); cf.Case.Steps[len(cf.Case.Steps)-1].Note != closeNote {
			t.Errorf("the closing note is not read back: %+v", cf.Case.Steps)
		}
		do("reopen", f.s.ReopenCase(ctx, f.sup.actor, f.sup.rd, c.ID, nil))

		// Those who may see it read every canary back: the seals open.
		for _, who := range []caseUser{f.worker, f.sup, f.prov} {
			cf := f.open(t, who, c.ID)
			got, _ := json.Marshal(cf)
			for _, want := range []string{name, address, phone, idNumber, summary, reporter, contact, measures, stepNote, noteText, taskText, answer} {
				if !bytes.Contains(got, []byte(want)) {
					t.Errorf("%s does not read %q back", who.u.Username, want)
				}
			}
		}
		_, history, err := f.s.CaseAccessLog(ctx, f.sup.actor, f.sup.rd, c.ID)
		do("access history", err)
		if h, _ := json.Marshal(history); !bytes.Contains(h, []byte(reason)) || bytes.Contains(h, []byte(name)) {
			t.Errorf("the access history shows the reason, never the name: %s", h)
		}

		// Anyone else is shown nothing of it.
		for _, who := range []caseUser{f.idle, f.mgr, f.admin, f.supB} {
			_, err := f.s.OpenCase(ctx, who.actor, who.rd, c.ID, "page")
			cn.none(t, who.u.Username+"'s refusal", []byte(fmt.Sprint(err)))
			rows, _, err := f.s.Cases(ctx, who.actor, who.rd, store.CaseFilter{Hashes: hashes}, store.Page{})
			cn.noneIn(t, who.u.Username+"'s search", rows)
			cn.none(t, who.u.Username+"'s search error", []byte(fmt.Sprint(err)))
			rows, _, _ = f.s.Cases(ctx, who.actor, who.rd, store.CaseFilter{}, store.Page{})
			cn.noneIn(t, who.u.Username+"'s list", rows)
			_, _, err = f.s.CaseAccessLog(ctx, who.actor, who.rd, c.ID)
			cn.none(t, who.u.Username+"'s access history", []byte(fmt.Sprint(err)))
		}
		alerts, _ := f.s.BreakGlassAlerts(ctx, f.sup.rd.Supervises)
		if len(alerts) != 1 {
			t.Errorf("alerts: %+v", alerts)
		}
		cn.noneIn(t, "the break-glass alert", alerts)
		stats, err := f.s.CaseStats(ctx, f.root, f.now.AddDate(0, -1, 0), f.now, "vi")
		do("stats", err)
		cn.noneIn(t, "the aggregates", stats)
		fig, err := f.s.RecordFigures(ctx, domain.RecordSource{Metric: "cases.received"}, f.root.Path, "2025-06-01", "2025-06-30")
		if err != nil || fig.Total != 1 || fig.Female != 1 {
			t.Errorf("figures: %v %+v", err, fig)
		}
		for _, sc := range []domain.Scope{{All: true}, {Paths: []string{f.a.Path}}} {
			rows, _, err := f.s.AuditEntries(ctx, sc, store.AuditFilter{}, store.Page{Limit: store.MaxLimit})
			do("audit", err)
			cn.noneIn(t, "the audit pages", rows)
		}

		// Every audit row, the register's own included.
		arows, err := s.RawDB().QueryContext(ctx, "SELECT seq, actor, action, entity, entity_id, org, before_json, after_json, client FROM audit_log ORDER BY seq")
		do("audit rows", err)
		n := 0
		for arows.Next() {
			var seq int64
			var cols [8]string
			if err := arows.Scan(&seq, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]); err != nil {
				t.Fatal(err)
			}
			if cols[2] == "case" {
				n++
			}
			cn.none(t, fmt.Sprintf("audit row %d (%s)", seq, cols[1]), []byte(strings.Join(cols[:], "\x00")))
		}
		if err := arows.Err(); err != nil {
			t.Fatal(err)
		}
		_ = arows.Close() //nolint:sqlclosecheck // read whole above, closed before the next query
		if n < 15 {
			t.Errorf("%d audit rows of the case: every reading and change writes one", n)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}

		// The database itself.
		switch engine {
		case store.SQLite:
			path := strings.TrimPrefix(u, "sqlite:")
			readAll := func(when string) {
				t.Helper()
				var all []byte
				for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
					b, err := os.ReadFile(p)
					if os.IsNotExist(err) {
						continue
					}
					if err != nil {
						t.Fatal(err)
					}
					cn.none(t, when+": "+p, b)
					all = append(all, b...)
				}
				if !bytes.Contains(all, []byte(control)) {
					t.Errorf("%s: the control string is not in the files: the scan sees nothing", when)
				}
			}
			readAll("open")
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			closed = true
			readAll("closed")
		case store.Postgres:
			pu, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			schema := pu.Query().Get("search_path")
			if schema == "" {
				t.Fatalf("no schema in %s", u)
			}
			scanColumns(t, s, schema, &cn, control)
			if _, err := exec.LookPath("pg_dump"); err != nil {
				t.Logf("pg_dump not found (%v): the columns were read one by one instead", err)
				return
			}
			q := pu.Query()
			q.Del("search_path")
			pu.RawQuery = q.Encode()
			dctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			var stderr bytes.Buffer
			cmd := exec.CommandContext(dctx, "pg_dump", "--schema="+schema, "--no-owner", "--dbname="+pu.String())
			cmd.Stderr = &stderr
			dump, err := cmd.Output()
			if err != nil {
				t.Fatalf("pg_dump: %v: %s", err, stderr.Bytes())
			}
			if !bytes.Contains(dump, []byte(control)) {
				t.Fatalf("the control string is not in the dump (%d bytes): the dump is not of the test's schema", len(dump))
			}
			cn.none(t, "pg_dump", dump)
		}
		cn.none(t, "the logs", logs.Bytes())
	})
}

// scanColumns reads every text, JSON and bytea column of every table of
// the schema and looks for the canaries, and for the control (which must
// be there).
func scanColumns(t *testing.T, s *store.Store, schema string, cn *canaries, control string) {
	t.Helper()
	db := s.RawDB()
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
		AND c.data_type IN ('text', 'bytea', 'character varying', 'character', 'json', 'jsonb', 'tsvector', 'ARRAY')
		ORDER BY c.table_name, c.column_name`, schema)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	_ = rows.Close() //nolint:sqlclosecheck // read whole above, closed before the next query
	if len(cols) < 20 {
		t.Fatalf("only %d columns in schema %s", len(cols), schema)
	}
	seen := false
	for _, c := range cols {
		vals, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT %q::text FROM %q.%q`, c[1], schema, c[0]))
		if err != nil {
			t.Fatalf("%s.%s: %v", c[0], c[1], err)
		}
		for vals.Next() {
			var v []byte
			if err := vals.Scan(&v); err != nil {
				t.Fatal(err)
			}
			cn.none(t, c[0]+"."+c[1], v)
			seen = seen || bytes.Contains(v, []byte(control))
		}
		if err := vals.Err(); err != nil {
			t.Fatal(err)
		}
		_ = vals.Close() //nolint:sqlclosecheck // one query per column, each closed before the next
	}
	for _, c := range cols {
		if !strings.HasSuffix(c[1], "_sealed") && c[1] != "wrapped_key" {
			continue
		}
		// The sealed columns as raw bytes too, not only their text form.
		vals, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT %q FROM %q.%q WHERE %q IS NOT NULL`, c[1], schema, c[0], c[1]))
		if err != nil {
			t.Fatalf("%s.%s: %v", c[0], c[1], err)
		}
		for vals.Next() {
			var v []byte
			if err := vals.Scan(&v); err != nil {
				t.Fatal(err)
			}
			cn.none(t, c[0]+"."+c[1]+" (bytes)", v)
		}
		if err := vals.Err(); err != nil {
			t.Fatal(err)
		}
		_ = vals.Close() //nolint:sqlclosecheck // one query per column, each closed before the next
	}
	if !seen {
		t.Errorf("the control string is in no column: the scan sees nothing")
	}
}
