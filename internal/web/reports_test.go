package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/planparse"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// currentQuarter is the Decree 09 quarter running today: the demo leaves
// QN-SGTVT's report for it half filled, as a draft.
func currentQuarter() period.Period {
	now := time.Now().In(vntext.Location)
	return period.Containing(period.Quarterly, period.Decree09, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
}

func TestReportEntryChecksEveryCell(t *testing.T) { storetest.Run(t, testReportEntryChecksEveryCell) }

func testReportEntryChecksEveryCell(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	q := currentQuarter()
	path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	r := m.get(path)
	if r.StatusCode != 200 {
		t.Fatalf("form: %d", r.StatusCode)
	}
	mustContain(t, "form", r.body, "Số lượt người tham dự tuyên truyền", "Nam, Trẻ em dưới 16 tuổi", "kỳ trước", "Lưu số liệu", "Kết quả đạt được")
	v := hiddenVersion.FindStringSubmatch(r.body)[1]
	bad := url.Values{"version": {v},
		"v|TT-BUOI|":             {"mười"},
		"v|MBH-TRE|male":         {"-3"},
		"v|TT-LUOT|female_adult": {"12,5"},
		"v|QUY-BTTE|":            {"1.500.000"},
		"v|TH-BDG|female":        {"7"},
	}
	r = m.post(path, bad)
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad cells: %d", r.StatusCode)
	}
	// Four faults: text, a negative count, a fraction of a person, and a
	// figure that differs from the records without a reason.
	mustContain(t, "errors", r.body, "có 4 ô chưa đúng; chưa có gì được lưu", "không phải là số", "không được là số âm", "phải là số nguyên",
		"khác số tính từ hồ sơ", `value="mười"`, `value="1.500.000"`)
	org, _ := e.store.OrgUnit(ctx, "QN-SGTVT")
	ind, _ := e.store.Indicator(ctx, "QUY-BTTE")
	before, _ := e.store.Values(ctx, []int64{ind.ID}, org.ID, []string{q.ID})
	if v := before[store.ValueKey{IndicatorID: ind.ID, OrgID: org.ID, Period: q.ID}]; v.Value == 1500000 {
		t.Errorf("a refused form saved %v", v)
	}
	good := url.Values{"version": {v}, "v|TT-BUOI|": {"6"}, "r|TT-BUOI|": {"Thêm 2 buổi do các xã tổ chức, chưa ghi nhật ký"},
		"v|TT-LUOT|male_under16": {"1.234"}, "r|TT-LUOT|male_under16": {"Cộng số liệu của các xã"},
		"v|QUY-BTTE|": {"1.500.000"}, "r|QUY-BTTE|": {"Khoản nộp trực tiếp qua Công đoàn"}, "v|BIEN-RS|": {"12"},
		"n|0": {"Tổ chức 6 buổi tuyên truyền an toàn giao thông."}}
	mustOK(t, m.post(path, good))
	vals, _ := e.store.Values(ctx, []int64{ind.ID}, org.ID, []string{q.ID})
	if got := vals[store.ValueKey{IndicatorID: ind.ID, OrgID: org.ID, Period: q.ID}]; got.Value != 1500000 || got.Computed ||
		got.Reason != "Khoản nộp trực tiếp qua Công đoàn" {
		t.Errorf("money stored as %+v", got)
	}
	// A figure left as the records give it is kept as computed.
	helmets, _ := e.store.Indicator(ctx, "MBH-TRE")
	hv, _ := e.store.Values(ctx, []int64{helmets.ID}, org.ID, []string{q.ID})
	if got := hv[store.ValueKey{IndicatorID: helmets.ID, OrgID: org.ID, Period: q.ID, Combo: "female"}]; !got.Computed || got.Value == 0 {
		t.Errorf("helmets from the registry: %+v", got)
	}
	r = m.get(path)
	mustContain(t, "saved form", r.body, "Đã lưu thay đổi", `value="1.234"`, "Tổ chức 6 buổi", "từ hồ sơ", "Khoản nộp trực tiếp qua Công đoàn")

	// The yearly gender report: women leaders cannot outnumber leaders.
	y := period.Containing(period.Yearly, period.Decree09, time.Now())
	ypath := "/app/reports/BC-BDG-NAM/QN-SGTVT/" + y.ID
	r = m.get(ypath)
	yv := hiddenVersion.FindStringSubmatch(r.body)[1]
	r = m.post(ypath, url.Values{"version": {yv}, "v|LD-TONG|": {"20"}, "v|LD-NU|": {"25"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không được lớn hơn") {
		t.Errorf("women leaders over leaders: %d", r.StatusCode)
	}
}

func TestReportWorkflowAndLocks(t *testing.T) { storetest.Run(t, testReportWorkflowAndLocks) }

func testReportWorkflowAndLocks(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	q := currentQuarter()
	path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	m := e.signedIn("manager")
	v := hiddenVersion.FindStringSubmatch(m.get(path).body)[1]
	// The inspectorate's staff cannot see the agency's report at all.
	if r := e.signedIn("reporter").post(path+"/workflow", url.Values{"version": {v}, "action": {"accept"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("a reporter of a unit accepts the agency's report: %d", r.StatusCode)
	}
	mustOK(t, m.post(path+"/workflow", url.Values{"version": {v}, "action": {"submit"}}))
	r := m.get(path)
	mustContain(t, "submitted", r.body, "Đã gửi", "readonly")
	v = hiddenVersion.FindStringSubmatch(r.body)[1]
	// A second submission (a double click, a second tab) is refused with a
	// message and changes nothing.
	r = m.post(path+"/workflow", url.Values{"version": {v}, "action": {"submit"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("a duplicate submission: %d", r.StatusCode)
	}
	mustContain(t, "duplicate submission", r.body, "báo cáo đã được gửi rồi")
	r = m.post(path, url.Values{"version": {v}, "v|BIEN-RS|": {"9"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "bị khóa") {
		t.Errorf("saving a submitted report: %d", r.StatusCode)
	}
	if r := m.post(path+"/workflow", url.Values{"version": {v}, "action": {"accept"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the agency accepts its own report: %d", r.StatusCode)
	}
	c := e.signedIn("coordinator")
	r = c.post(path+"/workflow", url.Values{"version": {v}, "action": {"return"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hãy ghi lý do") {
		t.Errorf("return without a reason: %d", r.StatusCode)
	}
	mustOK(t, c.post(path+"/workflow", url.Values{"version": {v}, "action": {"accept"}}))
	r = c.get("/app/templates/BC-TEBDG-QUY/completeness?period=" + q.ID)
	mustContain(t, "completeness", r.body, "Sở Giao thông Vận tải", "Đã tiếp nhận", "đơn vị phải gửi")

	// A period not begun yet cannot take data.
	next := q.Next().Next()
	r = m.get("/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + next.ID)
	mustContain(t, "future period", r.body, "chưa bắt đầu")
	r = m.post("/app/reports/BC-TEBDG-QUY/QN-SGTVT/"+next.ID, url.Values{"version": {"0"}, "v|TT-BUOI|": {"1"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("data for a future period: %d", r.StatusCode)
	}
	// Another agency's form is out of a manager's reach.
	if r := m.get("/app/reports/BC-TEBDG-QUY/QN-SYT/" + q.ID); r.StatusCode != http.StatusNotFound {
		t.Errorf("another agency's report: %d", r.StatusCode)
	}
}

func TestAPIPeriodsAnalyticsAndDataValueSets(t *testing.T) {
	storetest.Run(t, testAPIPeriodsAnalyticsAndDataValueSets)
}

func testAPIPeriodsAnalyticsAndDataValueSets(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("coordinator")
	status, body := e.api(tok, "GET", "/api/v1/periods?type=quarterly&year=2025", "")
	ps := body["periods"].([]any)
	first := ps[0].(map[string]any)
	if status != 200 || len(ps) != 4 || first["id"] != "2025Q1" || first["start"] != "2024-12-15" || first["end"] != "2025-03-14" {
		t.Errorf("periods: %d %v", status, body)
	}
	for _, q := range []string{"type=weekly&year=2025", "type=monthly&year=abc", "type=monthly&year=2025&rule=lunar"} {
		if status, body := e.api(tok, "GET", "/api/v1/periods?"+q, ""); status != 400 || body["error"].(map[string]any)["field"] == "" {
			t.Errorf("periods?%s: %d %v", q, status, body)
		}
	}
	status, body = e.api(tok, "GET", "/api/v1/analytics?indicator=TT-LUOT&org=QN&period=2025&by=sex", "")
	rows := body["rows"].([]any)
	if status != 200 || len(rows) != 3 {
		t.Fatalf("analytics: %d %v", status, body)
	}
	var total, male, female float64
	for _, r := range rows {
		m := r.(map[string]any)
		switch m["category"] {
		case "total":
			total = m["value"].(float64)
		case "male":
			male = m["value"].(float64)
		case "female":
			female = m["value"].(float64)
		}
	}
	if total == 0 || male+female != total {
		t.Errorf("total %v male %v female %v", total, male, female)
	}
	// The year is the sum of its quarters.
	var quarters float64
	for _, q := range []string{"2025Q1", "2025Q2", "2025Q3", "2025Q4"} {
		_, b := e.api(tok, "GET", "/api/v1/analytics?indicator=TT-LUOT&org=QN&period="+q, "")
		for _, r := range b["rows"].([]any) {
			quarters += r.(map[string]any)["value"].(float64)
		}
	}
	if quarters != total {
		t.Errorf("quarters add to %v, the year is %v", quarters, total)
	}
	status, body = e.api(tok, "GET", "/api/v1/analytics?indicator=LD-NU-TL&org=QN&period=2025", "")
	pct := body["rows"].([]any)[0].(map[string]any)["value"].(float64)
	if status != 200 || pct <= 0 || pct >= 100 {
		t.Errorf("ratio: %v", body)
	}

	// Import: a dry run lists every bad row and writes nothing.
	q := currentQuarter()
	set := map[string]any{"dataSet": "BC-TEBDG-QUY", "period": q.ID, "orgUnit": "QN-SGTVT", "dataValues": []map[string]any{
		{"dataElement": "TT-BUOI", "value": "7"},
		{"dataElement": "TT-LUOT", "categoryOptionCombo": "female_adult", "value": "abc"},
		{"dataElement": "NOPE", "value": "1"},
		{"dataElement": "MBH-TRE", "categoryOptionCombo": "female", "value": "-1"},
		{"dataElement": "MBH-TRE", "categoryOptionCombo": "child", "value": "1"},
		{"dataElement": "KT-XE", "orgUnit": "QN-SGTVT-TTS", "value": "1"},
	}}
	b, _ := json.Marshal(set)
	mtok := e.token("manager")
	status, body = e.api(mtok, "POST", "/api/v1/dataValueSets?dryRun=true", string(b))
	conflicts := body["conflicts"].([]any)
	if status != 400 || len(conflicts) != 5 || body["status"] != "ERROR" {
		t.Fatalf("dry run: %d %v", status, body)
	}
	seen := map[float64]bool{}
	for _, c := range conflicts {
		seen[c.(map[string]any)["row"].(float64)] = true
	}
	for _, row := range []float64{2, 3, 4, 5, 6} {
		if !seen[row] {
			t.Errorf("row %v not reported: %v", row, conflicts)
		}
	}
	good := map[string]any{"dataSet": "BC-TEBDG-QUY", "period": q.ID, "orgUnit": "QN-SGTVT", "dataValues": []map[string]any{
		{"dataElement": "TT-BUOI", "value": "7"}, {"dataElement": "KT-XE", "value": 12},
		{"dataElement": "TT-LUOT", "categoryOptionCombo": "female_adult", "value": "40"}}}
	b, _ = json.Marshal(good)
	status, body = e.api(mtok, "POST", "/api/v1/dataValueSets?dryRun=true", string(b))
	if status != 200 || body["dryRun"] != true {
		t.Fatalf("good dry run: %d %v", status, body)
	}
	status, body = e.api(mtok, "POST", "/api/v1/dataValueSets", string(b))
	counts := body["importCount"].(map[string]any)
	if status != 200 || counts["imported"].(float64)+counts["updated"].(float64) != 3 {
		t.Fatalf("import: %d %v", status, body)
	}
	status, body = e.api(mtok, "POST", "/api/v1/dataValueSets", string(b))
	if status != 200 || body["importCount"].(map[string]any)["ignored"].(float64) != 3 {
		t.Errorf("re-import changes something: %v", body)
	}
	// CSV, the same columns.
	csv := "dataelement,period,orgunit,categoryoptioncombo,value\nTT-BUOI," + q.ID + ",QN-SGTVT,,8\n"
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/dataValueSets?dataSet=BC-TEBDG-QUY", strings.NewReader(csv))
	req.Header.Set("Authorization", "Bearer "+mtok)
	req.Header.Set("Content-Type", "text/csv")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Errorf("csv import: %v %v", err, res.Status)
	}
	_ = res.Body.Close()
	// Export what is there.
	status, body = e.api(mtok, "GET", "/api/v1/dataValueSets?dataSet=BC-TEBDG-QUY&orgUnit=QN-SGTVT&period="+q.ID, "")
	found := false
	for _, dv := range body["dataValues"].([]any) {
		m := dv.(map[string]any)
		found = found || m["dataElement"] == "TT-BUOI" && m["value"] == "8"
	}
	if status != 200 || !found {
		t.Errorf("export: %d %v", status, body)
	}
	// A submitted report refuses the import, with the row named.
	m := e.signedIn("manager")
	path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	v := hiddenVersion.FindStringSubmatch(m.get(path).body)[1]
	mustOK(t, m.post(path+"/workflow", url.Values{"version": {v}, "action": {"submit"}}))
	status, body = e.api(mtok, "POST", "/api/v1/dataValueSets", string(b))
	if status != http.StatusConflict || len(body["conflicts"].([]any)) == 0 {
		t.Errorf("import into a locked report: %d %v", status, body)
	}
}

func TestDashboardsAndExports(t *testing.T) { storetest.Run(t, testDashboardsAndExports) }

func testDashboardsAndExports(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("coordinator")
	for _, p := range []string{"/app/analytics?programme=children&org=QN&year=2025", "/app/analytics?programme=gender&org=QN&year=2025&indicator=LD-NU-TL",
		"/app/analytics/pivot?org=QN&period=2025&rows=org&cols=period", "/app/analytics/pivot?org=QN&period=2025&rows=indicator&cols=category",
		"/app/analytics/targets?programme=children&org=QN", "/app/indicators", "/app/templates", "/app/reports", "/app/holidays"} {
		r := c.get(p)
		if r.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, r.StatusCode)
		}
	}
	r := c.get("/app/analytics?programme=children&org=QN&year=2025&indicator=MBH-TRE")
	mustContain(t, "dashboard", r.body, "<svg", "role=\"img\"", "chart-table", "Sở Giao thông Vận tải")
	mustNotContain(t, "dashboard", r.body, " style=\"") // an inline style, which the CSP refuses (SVG's font-style is no style)
	r = c.get("/app/analytics/pivot.xlsx?org=QN&period=2025&rows=org&cols=period")
	if r.StatusCode != 200 || !strings.HasPrefix(r.body, "PK") {
		t.Errorf("pivot xlsx: %d", r.StatusCode)
	}
	m := e.signedIn("manager")
	for _, f := range []string{"docx", "xlsx"} {
		r := m.get("/app/reports/BC-TEBDG-QUY/QN-SGTVT/2025Q2/export?format=" + f)
		if r.StatusCode != 200 || !strings.HasPrefix(r.body, "PK") {
			t.Errorf("report %s: %d", f, r.StatusCode)
		}
	}
	r = c.get("/app/analytics/pivot?org=QN&period=2025X")
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad pivot period: %d", r.StatusCode)
	}
}

func TestReportAttachments(t *testing.T) { storetest.Run(t, testReportAttachments) }

func testReportAttachments(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	q := currentQuarter()
	path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	m := e.signedIn("manager")
	mustContain(t, "form", m.get(path).body, "Tệp đính kèm", `enctype="multipart/form-data"`)

	// A program renamed as a PDF is refused and nothing is attached.
	r := m.postMultipart(path+"/files", nil, map[string][]byte{"files:bien-ban.pdf": []byte("MZ\x90\x00 not a pdf")})
	if r.StatusCode < 400 || r.StatusCode >= 500 {
		t.Fatalf("a fake PDF: %d", r.StatusCode)
	}
	tpl, _ := e.store.Template(ctx, "BC-TEBDG-QUY")
	org, _ := e.store.OrgUnit(ctx, "QN-SGTVT")
	rep, err := e.store.Report(ctx, tpl.ID, org.ID, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if files, _ := e.store.ReportFiles(ctx, rep.ID); len(files) != 0 {
		t.Fatalf("a refused upload left %d files", len(files))
	}
	// Nothing chosen is a clear message, not a silent success.
	r = m.postMultipart(path+"/files", nil, nil)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hãy chọn ít nhất một tệp") {
		t.Errorf("no file: %d", r.StatusCode)
	}

	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	r = m.postMultipart(path+"/files", nil, map[string][]byte{"files:buoi-tuyen-truyen.png": png, "files:danh-sach.txt": []byte("Nguyễn Văn A\n")})
	mustOK(t, r)
	mustContain(t, "attached", m.get(path).body, "Đã đính kèm tệp", "buoi-tuyen-truyen.png", "danh-sach.txt")
	files, _ := e.store.ReportFiles(ctx, rep.ID)
	if len(files) != 2 {
		t.Fatalf("files: %d", len(files))
	}
	// The DOCX report names what it encloses.
	doc := m.get(path + "/export?format=docx")
	text, err := planparse.DOCXText(strings.NewReader(doc.body), int64(len(doc.body)))
	if err != nil || !strings.Contains(text, "Tài liệu kèm theo: ") ||
		!strings.Contains(text, "buoi-tuyen-truyen.png") || !strings.Contains(text, "danh-sach.txt") {
		t.Errorf("docx enclosures: %v\n%s", err, text)
	}
	png1 := slices.IndexFunc(files, func(a domain.Attachment) bool { return a.ContentType == "image/png" })
	files[0], files[png1] = files[png1], files[0]
	file := "/app/files/" + itoa(files[0].ID)
	// The coordinator who reviews the report opens its files; an agency of
	// another sector does not even learn that they exist.
	if r := e.signedIn("coordinator").get(file); r.StatusCode != 200 {
		t.Errorf("the reviewer opens a file: %d", r.StatusCode)
	}
	if r := e.signedIn("reporter").get(file); r.StatusCode != http.StatusNotFound {
		t.Errorf("a unit outside the report opens its file: %d", r.StatusCode)
	}
	if r := e.signedIn("reporter").postMultipart(path+"/files", nil, map[string][]byte{"files:x.txt": []byte("x")}); r.StatusCode != http.StatusNotFound {
		t.Errorf("a unit outside the report attaches: %d", r.StatusCode)
	}

	// Removing a file is audited; after submission files are locked too.
	mustOK(t, m.post(path+"/files/"+itoa(files[1].ID)+"/delete", url.Values{}))
	if left, _ := e.store.ReportFiles(ctx, rep.ID); len(left) != 1 {
		t.Errorf("after removal: %d files", len(left))
	}
	v := hiddenVersion.FindStringSubmatch(m.get(path).body)[1]
	mustOK(t, m.post(path+"/workflow", url.Values{"version": {v}, "action": {"submit"}}))
	r = m.postMultipart(path+"/files", nil, map[string][]byte{"files:muon.txt": []byte("gửi muộn")})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "bị khóa") {
		t.Errorf("attaching to a submitted report: %d", r.StatusCode)
	}
	if r := m.post(path+"/files/"+itoa(files[0].ID)+"/delete", url.Values{}); r.StatusCode != http.StatusConflict {
		t.Errorf("removing a file of a submitted report: %d", r.StatusCode)
	}
	mustContain(t, "locked page", m.get(path).body, "buoi-tuyen-truyen.png")
	if strings.Contains(m.get(path).body, "/files/"+itoa(files[0].ID)+"/delete") {
		t.Error("a locked report offers to remove its files")
	}
	entries, _, err := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "report."}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, en := range entries {
		acts = append(acts, en.Action)
	}
	if !slices.Contains(acts, "report.attach") || !slices.Contains(acts, "report.detach") {
		t.Errorf("audit: %v", acts)
	}
}
