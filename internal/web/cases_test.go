package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/web"
)

// canary is a name, address and phone no other role may ever read.
type canary struct{ name, folded, address, phone, summary string }

func newCanary() canary {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	tag := hex.EncodeToString(b)
	return canary{name: "Hoàng Thị Canary" + tag, folded: "hoang thi canary" + tag, address: "Số 7 ngõ Canary" + tag,
		phone: fmt.Sprintf("0912%06d", int(b[0])<<16|int(b[1])<<8|int(b[2])), summary: "Sự việc canary " + tag}
}

func (c canary) all() []string {
	return []string{c.name, c.folded, strings.ToUpper(c.name), c.address, c.phone, c.summary, url.QueryEscape(c.name)}
}

// lockedBuffer is a log sink the server writes to from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func createCanaryCase(t *testing.T, e *env, tok string, c canary) (int64, string) {
	t.Helper()
	body := fmt.Sprintf(`{"org":"QN-HONGGAI","kind":"abuse","source":"hotline-111","received_at":"2026-01-05T08:30:00+07:00",
		"subject":{"full_name":%q,"birth_date":"2016-05-01","sex":"female","address":%q,"phone":%q,"id_number":"022316001234"},
		"summary":%q,"risk":"high"}`, c.name, c.address, c.phone, c.summary)
	code, out := e.api(tok, http.MethodPost, "/api/v1/cases", body)
	if code != http.StatusCreated {
		t.Fatalf("POST /api/v1/cases: %d %v", code, out)
	}
	id := int64(out["id"].(float64))
	num, _ := out["number"].(string)
	if !strings.HasPrefix(num, "QN-2026-") || id == 0 {
		t.Fatalf("created case: id %d number %q", id, num)
	}
	return id, num
}

func TestCaseRegisterAPIContract(t *testing.T) { storetest.Run(t, testCaseRegisterAPIContract) }

func testCaseRegisterAPIContract(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := newCanary()
	worker := e.token("caseworker")
	id, _ := createCanaryCase(t, e, worker, c)
	path := fmt.Sprintf("/api/v1/cases/%d", id)

	code, out := e.api(worker, http.MethodGet, path, "")
	if code != http.StatusOK || out["subject"].(map[string]any)["full_name"] != c.name {
		t.Fatalf("the worker reads the case: %d %v", code, out)
	}
	if sup := e.token("casesupervisor"); true {
		if code, _ := e.api(sup, http.MethodGet, path, ""); code != http.StatusOK {
			t.Errorf("the ward's supervisor reads the case: %d", code)
		}
	}
	// Anyone else gets what a case that does not exist gets.
	_, missing := e.api(worker, http.MethodGet, "/api/v1/cases/999999", "")
	for _, who := range []string{"admin", "coordinator", "manager", "reporter", "viewer", "editor", "provincesupervisor"} {
		code, out := e.api(e.token(who), http.MethodGet, path, "")
		if code != http.StatusNotFound || fmt.Sprint(out) != fmt.Sprint(missing) {
			t.Errorf("%s reads the case: %d %v, want 404 %v", who, code, out, missing)
		}
	}

	// A referral without consent is refused and leaves nothing behind.
	svc := serviceID(t, e, "sunshine-house")
	code, out = e.api(worker, http.MethodPost, path+"/referrals", fmt.Sprintf(`{"service":%d}`, svc))
	if code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out), "chưa có sự đồng ý") {
		t.Errorf("referral without consent: %d %v", code, out)
	}
	// A child of 9: a parent alone is not enough, and the consent given
	// with the refused referral is not kept either.
	code, out = e.api(worker, http.MethodPost, path+"/referrals",
		fmt.Sprintf(`{"service":%d,"consent":{"given_by":"parent","at":"2026-01-05T10:00:00+07:00","scope":["identity","summary"]}}`, svc))
	if code != http.StatusBadRequest {
		t.Errorf("referral with the parent's consent only, for a child of 9: %d %v", code, out)
	}
	_, out = e.api(worker, http.MethodGet, path, "")
	if n := len(out["consents"].([]any)); n != 0 || len(out["referrals"].([]any)) != 0 {
		t.Errorf("a refused referral left %d consents and %v referrals", n, out["referrals"])
	}
	code, out = e.api(worker, http.MethodPost, path+"/referrals", fmt.Sprintf(`{"service":%d,"consents":[
		{"given_by":"parent","at":"2026-01-05T10:00:00+07:00","scope":["identity","summary","contact"]},
		{"given_by":"child","at":"2026-01-05T10:05:00+07:00","scope":["identity","summary"]}]}`, svc))
	if code != http.StatusCreated || fmt.Sprint(out["scope"]) != "[identity summary]" {
		t.Errorf("referral with both consents: %d %v (want the parts both agreed to)", code, out)
	}

	// The aggregates: one case in the ward, shown as "<5", and no name.
	code, out = e.api(e.token("coordinator"), http.MethodGet, "/api/v1/cases/stats?org=QN&period=2026", "")
	if code != http.StatusOK {
		t.Fatalf("stats: %d %v", code, out)
	}
	raw, _ := json.Marshal(out)
	mustContain(t, "stats", string(raw), `"display":"\u003c5"`, `"suppressed":true`)
	mustNotContain(t, "stats", string(raw), c.all()...)
	if code, out := e.api(e.token("coordinator"), http.MethodGet, "/api/v1/cases/stats?org=QN&period=2026X1", ""); code != http.StatusBadRequest {
		t.Errorf("stats of a bad period: %d %v", code, out)
	}
	// The wards' quarterly report counts the register's cases for itself,
	// and names nobody.
	q := period.Containing(period.Quarterly, period.Decree09, time.Now()).ID
	rep := e.signedIn("coordinator").get("/app/reports/BC-BVTE-QUY/QN-HONGGAI/" + q)
	row := between(rep.body, `data-row="VV-TN"`, "</tr>")
	mustContain(t, "the ward's report", row, "từ hồ sơ:")
	mustNotContain(t, "the ward's report", rep.body, "Đào Minh Khôi", "Vi Thị Ngọc Ánh", c.name)
	// Bad input names the field.
	code, out = e.api(worker, http.MethodPost, "/api/v1/cases", `{"org":"QN-HONGGAI","kind":"nonsense","source":"walk-in","received_at":"2026-01-05T08:30:00+07:00","summary":"x"}`)
	if code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out), "kind") {
		t.Errorf("a case of an unknown kind: %d %v", code, out)
	}
	code, _ = e.api(e.token("manager"), http.MethodPost, "/api/v1/cases", `{"org":"QN-SGTVT","kind":"abuse","source":"walk-in","received_at":"2026-01-05T08:30:00+07:00","summary":"x"}`)
	if code != http.StatusBadRequest {
		t.Errorf("a manager takes in a case: %d", code)
	}
}

func serviceID(t *testing.T, e *env, kind string) int64 {
	t.Helper()
	vs, err := e.store.Services(ctx, store.ServiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if string(v.Kind) == kind {
			return v.ID
		}
	}
	t.Fatalf("no %s service in the demo", kind)
	return 0
}

func TestCaseRegisterWorkflowInPages(t *testing.T) { storetest.Run(t, testCaseRegisterWorkflowInPages) }

func testCaseRegisterWorkflowInPages(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := newCanary()
	w := e.signedIn("caseworker")
	r := w.post("/app/cases", url.Values{"org": {"QN-HONGGAI"}, "kind": {"domestic-violence"}, "source": {"walk-in"},
		"received_at": {"2026-01-05T08:30"}, "risk": {"high"}, "subject.full_name": {c.name}, "subject.birth_date": {"1999-03-02"},
		"subject.sex": {"nữ"}, "subject.address": {c.address}, "subject.phone": {c.phone}, "summary": {c.summary},
		"dv_measures": {"shelter"}, "reporter.anonymous": {"1"}, "reporter.name": {"should be dropped"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("intake: %d %s", r.StatusCode, r.body)
	}
	loc := r.Header.Get("Location")
	page := w.get(loc)
	mustOK(t, page)
	mustContain(t, "case page", page.body, c.name, c.address, "Bố trí nơi tạm lánh", "12 giờ", "Quá hạn", "Người bị bạo lực (từ đủ 16 tuổi)")
	mustNotContain(t, "case page", page.body, "should be dropped")

	// Steps go in order.
	if r := w.post(loc+"/steps", url.Values{"step": {"plan"}}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "chưa hoàn thành bước trước") {
		t.Errorf("plan before assessment: %d", r.StatusCode)
	}
	if r := w.post(loc+"/steps", url.Values{"step": {"assess"}, "done_at": {"2026-01-05T15:00"}, "note": {"An toàn tạm thời"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("assessment: %d %s", r.StatusCode, r.body)
	}
	if r := w.post(loc+"/notes", url.Values{"kind": {"task"}, "text": {"Đưa đến Ngôi nhà Ánh Dương"}, "due": {"2026-01-10"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("task: %d %s", r.StatusCode, r.body)
	}
	// Referring before consent is refused on the page, with the reason.
	svc := fmt.Sprint(serviceID(t, e, "sunshine-house"))
	if r := w.post(loc+"/referrals", url.Values{"service": {svc}}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "chưa có sự đồng ý") {
		t.Errorf("referral before consent: %d", r.StatusCode)
	}
	if r := w.post(loc+"/consents", url.Values{"given_by": {"survivor"}, "at": {"2026-01-05T16:00"}, "scope": {"summary"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("consent: %d %s", r.StatusCode, r.body)
	}
	if r := w.post(loc+"/referrals", url.Values{"service": {svc}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("referral: %d %s", r.StatusCode, r.body)
	}
	page = w.get(loc)
	i := strings.Index(page.body, "/letter.docx")
	if i < 0 {
		t.Fatal("no referral letter link")
	}
	start := strings.LastIndex(page.body[:i], `href="`) + len(`href="`)
	letter := w.get(page.body[start : i+len("/letter.docx")])
	text := docxText(t, []byte(letter.body))
	mustNotContain(t, "referral letter parts", docxAll(t, letter.body), c.name, c.address)
	mustContain(t, "referral letter", text, c.summary, "V/v chuyển gửi trường hợp QN-2026-")
	// The consent covered the summary only: the name and address stay out.
	mustNotContain(t, "referral letter", text, c.name, c.address, c.phone)

	// Withdrawing the consent stops the referral.
	cid := between(page.body, "/consents/", "/withdraw")
	if r := w.post(loc+"/consents/"+cid+"/withdraw", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "after withdrawal", w.get(loc).body, "Đã dừng (rút lại sự đồng ý)")

	// The list, and a search by name without its marks, a POST.
	mustContain(t, "list", w.get("/app/cases").body, c.name)
	found := w.post("/app/cases/find", url.Values{"name": {c.folded}})
	mustContain(t, "search by folded name", found.body, c.name, "1 vụ việc khớp họ tên")
	if r := w.post("/app/cases/find", url.Values{"name": {"Hoàng Thị"}}); strings.Contains(r.body, c.name) {
		t.Error("a part of the name finds the case")
	}
	xlsx := w.get("/app/cases?format=csv")
	mustContain(t, "list download", xlsx.body, c.name)

	// The supervisor sees every reading in the access history.
	sup := e.signedIn("casesupervisor")
	acc := sup.get(loc + "/access")
	mustOK(t, acc)
	mustContain(t, "access history", acc.body, "Nguyễn Thị Hoa", "referral-letter", "page", "Tiếp nhận", "Chuyển gửi")
	if r := w.get(loc + "/access"); r.StatusCode != http.StatusForbidden {
		t.Errorf("the worker reads the access history: %d", r.StatusCode)
	}
	// Closing and reopening.
	if r := w.post(loc+"/close", url.Values{"reason": {"nonsense"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("close without a reason: %d", r.StatusCode)
	}
	// The lead worker closes once every step is done; the supervisor at
	// any step.
	if r := w.post(loc+"/close", url.Values{"reason": {"safe"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("the worker closes before the steps are done: %d", r.StatusCode)
	}
	if r := sup.post(loc+"/close", url.Values{"reason": {"safe"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the supervisor closes: %d %s", r.StatusCode, r.body)
	}
	if r := w.post(loc+"/reopen", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("the worker reopens: %d", r.StatusCode)
	}
	if r := sup.post(loc+"/reopen", nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the supervisor reopens: %d %s", r.StatusCode, r.body)
	}
	// A document: kept sealed, read back whole by the worker, refused when
	// it is not a kept type.
	if r := w.postFile(loc+"/documents", "file", "giay-chung-nhan.pdf", pdfBytes(c.summary)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("document: %d %s", r.StatusCode, r.body)
	}
	page = w.get(loc)
	doc := between(page.body, "/documents/", `"`)
	got := w.get(loc + "/documents/" + doc)
	if got.StatusCode != http.StatusOK || !strings.Contains(got.body, c.summary) || got.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("the document read back: %d %q", got.StatusCode, got.Header.Get("Content-Type"))
	}
	if r := sup.get(loc + "/documents/" + doc); r.StatusCode != http.StatusOK {
		t.Errorf("the supervisor reads the document: %d", r.StatusCode)
	}
	if r := e.signedIn("manager").get(loc + "/documents/" + doc); r.StatusCode != http.StatusNotFound {
		t.Errorf("a manager reads the document: %d", r.StatusCode)
	}
	if r := w.postFile(loc+"/documents", "file", "script.pdf", []byte("<html><script>alert(1)</script>")); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a disguised file: %d", r.StatusCode)
	}
	// Cross-site posts are refused.
	w.crossSite = true
	if r := w.post(loc+"/notes", url.Values{"kind": {"note"}, "text": {"x"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site note: %d", r.StatusCode)
	}
}

func TestCaseBreakGlass(t *testing.T) { storetest.Run(t, testCaseBreakGlass) }

func testCaseBreakGlass(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := newCanary()
	id, number := createCanaryCase(t, e, e.token("caseworker"), c)
	loc := fmt.Sprintf("/app/cases/%d", id)
	ps := e.signedIn("provincesupervisor")
	if r := ps.get(loc); r.StatusCode != http.StatusNotFound {
		t.Fatalf("the province's supervisor before break-glass: %d", r.StatusCode)
	}
	if r := e.signedIn("casesupervisor").get("/app/cases/break-glass"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a ward supervisor is offered break-glass: %d", r.StatusCode)
	}
	if r := ps.post("/app/cases/break-glass", url.Values{"number": {number}, "reason": {"gấp"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("break-glass with a short reason: %d", r.StatusCode)
	}
	if r := ps.post("/app/cases/break-glass", url.Values{"number": {"QN-2026-9999"}, "reason": {"Trẻ đang ở bệnh viện tỉnh, cần hồ sơ ngay"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("break-glass into a case that does not exist: %d", r.StatusCode)
	}
	r := ps.post("/app/cases/break-glass", url.Values{"number": {number}, "reason": {"Trẻ đang ở bệnh viện tỉnh, cần hồ sơ ngay"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != loc {
		t.Fatalf("break-glass: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	page := ps.get(loc)
	mustOK(t, page)
	mustContain(t, "break-glass page", page.body, c.name, "truy cập khẩn cấp")
	sup := e.signedIn("casesupervisor")
	mustContain(t, "supervisor's list", sup.get("/app/cases").body, "Lê Thị Thu", number)
	mustContain(t, "access history", sup.get(loc+"/access").body, "Trẻ đang ở bệnh viện tỉnh, cần hồ sơ ngay", "Lê Thị Thu")
}

func TestCaseCanaryReachesNoOtherRole(t *testing.T) {
	storetest.Run(t, testCaseCanaryReachesNoOtherRole)
}

func testCaseCanaryReachesNoOtherRole(t *testing.T, engine store.Dialect) {
	var logs lockedBuffer
	e := envWith(t, engine, store.Options{}, func(c *web.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	c := newCanary()
	id, _ := createCanaryCase(t, e, e.token("caseworker"), c)
	// The worker goes through the case: every part of it is written.
	w := e.signedIn("caseworker")
	loc := fmt.Sprintf("/app/cases/%d", id)
	w.post(loc+"/steps", url.Values{"step": {"assess"}, "note": {c.summary}})
	w.post(loc+"/notes", url.Values{"kind": {"note"}, "text": {c.name + " " + c.address}})
	w.post("/app/cases/find", url.Values{"name": {c.name}})
	if r := w.postFile(loc+"/documents", "file", c.name+".pdf", pdfBytes(c.address)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("document: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "the worker's own page", w.get(loc).body, c.name)

	others := []string{"admin", "coordinator", "manager", "leader", "director", "reporter", "viewer", "editor", "provincesupervisor"}
	paths := []string{loc, loc + "/access", fmt.Sprintf("/api/v1/cases/%d", id), "/api/v1/cases", "/app/cases", "/app/cases?format=csv",
		"/app/cases/stats?org=QN", "/app/cases/stats?org=QN&format=xlsx", "/api/v1/cases/stats?org=QN",
		"/app/audit", "/app/audit?format=csv", "/api/v1/audit", "/api/v1/audit?limit=500", "/app/", "/app/notifications",
		"/api/v1/calendar.ics?org=QN",
		"/api/v1/analytics?indicator=cases-received&org=QN&period=2026"}
	for _, who := range others {
		cl := e.signedIn(who)
		tok := e.token(who)
		for _, p := range paths {
			r := cl.get(p)
			mustNotContain(t, who+" "+p, r.body, c.all()...)
			req, _ := http.NewRequest(http.MethodGet, e.srv.URL+p, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				b, _ := io.ReadAll(resp.Body)
				_ = resp.Body.Close()
				mustNotContain(t, who+" API "+p, string(b), c.all()...)
			}
		}
		if r := cl.post("/app/cases/find", url.Values{"name": {c.name}}); strings.Contains(r.body, c.name+"<") || strings.Contains(r.body, "1 vụ việc") {
			t.Errorf("%s found the case by name", who)
		}
	}
	// The search answers what was asked and nothing of the case.
	for _, q := range []string{c.name, c.folded, c.address} {
		code, out := e.api("", http.MethodGet, "/api/v1/search?q="+url.QueryEscape(q), "")
		if code != http.StatusOK || out["total"].(float64) != 0 {
			t.Errorf("search for %q: %d %v", q, code, out)
		}
		r := e.client().get("/search?q=" + url.QueryEscape(q))
		mustNotContain(t, "portal search", r.body, c.summary, c.phone)
	}
	mustNotContain(t, "server log", logs.String(), c.all()...)
}

// docxAll is every part of a .docx, metadata included.
func docxAll(t *testing.T, body string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a docx: %v", err)
	}
	var all strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		_ = rc.Close()
		all.Write(b)
	}
	return all.String()
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	rest := s[i+len(from):]
	j := strings.Index(rest, to)
	if j < 0 {
		return ""
	}
	return rest[:j]
}

// postFile posts one file as a browser's form does.
func (c *client) postFile(path, field, name string, data []byte) resp {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// pdfBytes is a small PDF holding text.
func pdfBytes(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + text + "\n%%EOF\n")
}
