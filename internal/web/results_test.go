package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of the drafted documents")

// getAPI fetches an API path with a bearer token and returns the status,
// the content type and the body.
func (e *env) getAPI(token, path string) (int, string, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, r.Header.Get("Content-Type"), b
}

// docxText is the text of a .docx's body, one paragraph to a line.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a docx: %v", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		x, _ := io.ReadAll(rc)
		_ = rc.Close()
		s := regexp.MustCompile(`<w:p[ >]`).ReplaceAllString(string(x), "\n$0")
		s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "")
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(s)
	}
	t.Fatal("no word/document.xml")
	return ""
}

func TestResultsReportDraftsItself(t *testing.T) { storetest.Run(t, testResultsReportDraftsItself) }

// The demo's 2024 plan gives a results report in which every task of the
// plan appears in order with its real activities and figures, addressed to
// the coordinating department and signed by the deputy director.
func testResultsReportDraftsItself(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("manager")
	code, ctype, body := e.getAPI(tok, "/api/v1/plans/1/results?period=2024")
	if code != http.StatusOK || !strings.HasPrefix(ctype, "application/json") {
		t.Fatalf("results: %d %s %s", code, ctype, body)
	}
	var d results.Draft
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Header.To, "; "); got != "Sở Lao động - Thương binh và Xã hội" {
		t.Errorf("addressed to %q, want the coordinating department", got)
	}
	if d.Signer.Name != "Nguyễn Văn Thắng" || strings.Join(d.Signer.Title, " ") != "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" {
		t.Errorf("signer %+v", d.Signer)
	}
	if !strings.HasPrefix(d.Header.Title, "Kết quả thực hiện Kế hoạch số 15/KH-SGTVT ngày 10/02/2024") {
		t.Errorf("title %q", d.Header.Title)
	}
	var keys []string
	for _, s := range d.Sections {
		keys = append(keys, s.Key)
	}
	if strings.Join(keys, " ") != "I II III IV V" {
		t.Fatalf("sections %v", keys)
	}
	if !strings.Contains(strings.Join(d.Sections[0].Facts, "\n"), "Kế hoạch số 15/KH-SGTVT ngày 10/02/2024") {
		t.Errorf("section I does not name the plan issued in the period: %v", d.Sections[0].Facts)
	}
	// Every trackable item of the plan, in the plan's order, with its
	// whole text.
	plan, err := e.store.PlanTree(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	domain.Walk(plan.Items, func(it *domain.PlanItem, _ int) {
		if it.Kind.Trackable() {
			want = append(want, it.ID)
		}
	})
	var got []int64
	byTitle := map[string]results.Item{}
	for _, it := range d.Sections[1].Items {
		if it.Kind.Trackable() {
			got = append(got, it.ID)
		}
		if strings.Contains(it.Text, "…") {
			t.Errorf("item %d cut: %q", it.ID, it.Text)
		}
		byTitle[it.Text] = it
	}
	if len(got) != len(want) {
		t.Fatalf("%d tasks in the report, the plan has %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("task %d is item %d, the plan's is %d", i, got[i], want[i])
		}
	}
	var helmets *results.Item
	for _, it := range d.Sections[1].Items {
		if strings.Contains(it.Text, "hỗ trợ mũ bảo hiểm") {
			helmets = &it
			break
		}
	}
	if helmets == nil {
		t.Fatal("no helmet task")
	}
	if helmets.Lead != "Văn phòng Sở" || helmets.Status != domain.ItemDone || len(helmets.Activities) == 0 || len(helmets.Figures) == 0 {
		t.Errorf("helmet task %+v", helmets)
	}
	if f := helmets.Figures[0]; f.Code != "MBH-TRE" || f.Value == "" {
		t.Errorf("helmet figure %+v", f)
	}
	if a := helmets.Activities[0]; a.Title != "Hội thi “Học sinh với an toàn giao thông” cấp tỉnh" || a.Participants.Total != 373 || a.Dates != "18/04/2024" {
		t.Errorf("helmet activity %+v", a)
	}
	if len(d.Appendix) == 0 || d.Appendix[0].Code != "TT-BUOI" {
		t.Errorf("appendix %+v", d.Appendix)
	}
	// The assessment is pre-filled with the facts the officer explains.
	facts := strings.Join(d.Sections[2].Facts, "\n")
	mustContain(t, "assessment", facts, "Đã hoàn thành 21/25 nhiệm vụ", "Đã tổ chức 7 hoạt động", "Đánh giá giữa kỳ")

	// The golden file holds the whole draft; the days the demo was loaded
	// on are the test's today.
	today := vntext.FormatDate(time.Now().In(vntext.Location))
	norm := strings.ReplaceAll(string(body), today, "DD/MM/YYYY")
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, []byte(norm), "", "  ")
	golden := filepath.Join("testdata", "results-2024.json")
	if *updateGolden && engine == store.SQLite {
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantJSON, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(pretty.Bytes()), bytes.TrimSpace(wantJSON)) {
		t.Errorf("the draft differs from %s (go test -run TestResultsReportDraftsItself -update to accept):\n%s", golden,
			firstDiff(pretty.String(), string(wantJSON)))
	}

	// The document: Decree 30's parts in order, the right addressee.
	code, ctype, data := e.getAPI(tok, "/api/v1/plans/1/results?period=2024&format=docx")
	if code != http.StatusOK || !strings.Contains(ctype, "wordprocessingml") {
		t.Fatalf("docx: %d %s", code, ctype)
	}
	text := docxText(t, data)
	inOrder(t, "results docx", text, "UBND TỈNH QUẢNG NINH", "SỞ GIAO THÔNG VẬN TẢI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Kết quả thực hiện Kế hoạch số 15/KH-SGTVT",
		"Kính gửi: Sở Lao động - Thương binh và Xã hội", "I. CÔNG TÁC CHỈ ĐẠO", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
		"Hội thi “Học sinh với an toàn giao thông” cấp tỉnh (18/04/2024", "III. ĐÁNH GIÁ CHUNG", "IV. NHIỆM VỤ TRỌNG TÂM",
		"V. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "Như trên", "KT. GIÁM ĐỐC", "Nguyễn Văn Thắng", "PHỤ LỤC")
	mustNotContain(t, "results docx", text, "Kính gửi: Tỉnh Quảng Ninh", "II.4.4.1")

	// The appendix as a spreadsheet, its figures as numbers.
	code, _, data = e.getAPI(tok, "/api/v1/plans/1/results?period=2024&format=xlsx")
	if code != http.StatusOK {
		t.Fatalf("xlsx: %d", code)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Phụ lục số liệu")
	if err != nil || len(rows) < 4 {
		t.Fatalf("appendix rows %v %v", rows, err)
	}
	if strings.Join(rows[2], "|") != strings.Join(results.AppendixHeader, "|") || rows[3][1] != d.Appendix[0].Name {
		t.Errorf("appendix sheet %v", rows[2:4])
	}
	if typ, _ := f.GetCellType("Phụ lục số liệu", "D4"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("figure cell is %v, want a number", typ)
	}
}

// inOrder checks that the parts appear in text one after the other.
func inOrder(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Errorf("%s: %q missing after position %d", what, p, at)
			return
		}
		at += i + len(p)
	}
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + al[i] + "\n  want: " + bl[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines"
}

func TestResultsReportWorkflow(t *testing.T) { storetest.Run(t, testResultsReportWorkflow) }

// The officer writes the assessment (with a preview), the history keeps who
// wrote it, the leader approves, which numbers the report in the register,
// the agency sends it, and the coordinator accepts it.
func testResultsReportWorkflow(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	manager, leader, coordinator := e.signedIn("manager"), e.signedIn("leader"), e.signedIn("coordinator")
	page := "/app/plans/1/results?period=2024"
	r := manager.get(page)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("page %d", r.StatusCode)
	}
	mustContain(t, "results page", r.body, "Báo cáo kết quả thực hiện kế hoạch", "Sở Lao động - Thương binh và Xã hội",
		"Hội thi “Học sinh với an toàn giao thông” cấp tỉnh", "Lưu mục III", "Xem trước")
	section := "/app/plans/1/results/2024/sections/III"
	text := "Công tác trẻ em năm 2024 **cơ bản hoàn thành**.\n\n- Nhiệm vụ đánh giá giữa kỳ chuyển sang năm 2025 do chờ hướng dẫn của tỉnh."
	r = manager.post(section, url.Values{"version": {"0"}, "text": {text}, "action": {"preview"}})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("preview %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "preview", r.body, "<strong>cơ bản hoàn thành</strong>")
	if st, _ := e.store.ResultsReport(ctx, domain.PlanResults(1, "2024")); st.ID != 0 {
		t.Fatal("a preview saved the text")
	}
	// Unsafe markup is refused with the field named, and nothing is kept.
	r = manager.post(section, url.Values{"version": {"0"}, "text": {`<script>alert(1)</script>`}, "action": {"save"}})
	if r.StatusCode != http.StatusUnprocessableEntity && r.StatusCode != http.StatusBadRequest {
		t.Fatalf("script: %d", r.StatusCode)
	}
	if st, _ := e.store.ResultsReport(ctx, domain.PlanResults(1, "2024")); st.ID != 0 {
		t.Fatal("a refused text created the report")
	}
	r = manager.post(section, url.Values{"version": {"0"}, "text": {text}, "action": {"save"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save %d %s", r.StatusCode, r.body)
	}
	st, err := e.store.ResultsReport(ctx, domain.PlanResults(1, "2024"))
	if err != nil || st.Texts["III"] != text {
		t.Fatalf("saved %+v %v", st, err)
	}
	// A second save from a stale form is refused.
	r = manager.post(section, url.Values{"version": {"0"}, "text": {"khác"}, "action": {"save"}})
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale save %d", r.StatusCode)
	}
	r = manager.get(page)
	mustContain(t, "history", r.body, "Lịch sử chỉnh sửa", "Phạm Văn Long", "cơ bản hoàn thành")
	// A reader from another agency does not see it.
	if r := e.signedInAs(t, "canbo-yte", "QN-SYT").get(page); r.StatusCode != http.StatusNotFound {
		t.Errorf("another agency's officer: %d", r.StatusCode)
	}

	workflow := "/app/plans/1/results/2024/workflow"
	step := func(c *client, action string, version int, wantStatus int) {
		t.Helper()
		r := c.post(workflow, url.Values{"version": {strconv.Itoa(version)}, "action": {action}})
		if r.StatusCode != wantStatus {
			t.Fatalf("%s: %d, want %d: %s", action, r.StatusCode, wantStatus, r.body)
		}
	}
	step(manager, "submit", st.Version, http.StatusSeeOther)
	st, _ = e.store.ResultsReport(ctx, domain.PlanResults(1, "2024"))
	step(manager, "approve", st.Version, http.StatusForbidden) // the submitter does not approve
	step(coordinator, "accept", st.Version, http.StatusForbidden)
	step(leader, "approve", st.Version, http.StatusSeeOther)
	st, _ = e.store.ResultsReport(ctx, domain.PlanResults(1, "2024"))
	year := strconv.Itoa(time.Now().In(vntext.Location).Year())
	if st.Number != "1/BC-SGTVT" || st.IssuedOn[:4] != year || st.ApprovedBy != "Nguyễn Văn Thắng" {
		t.Fatalf("approved %+v", st)
	}
	// Approved, the text is locked.
	r = manager.post(section, url.Values{"version": {strconv.Itoa(st.Version)}, "text": {"sửa"}, "action": {"save"}})
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("edit after approval: %d", r.StatusCode)
	}
	step(manager, "send", st.Version, http.StatusSeeOther)
	st, _ = e.store.ResultsReport(ctx, domain.PlanResults(1, "2024"))
	step(coordinator, "accept", st.Version, http.StatusSeeOther)
	st, _ = e.store.ResultsReport(ctx, domain.PlanResults(1, "2024"))
	if st.Status != domain.ResultsAccepted || st.ReviewedBy != "Trần Thu Hà" {
		t.Fatalf("accepted %+v", st)
	}
	// The signed document carries its number and date and nothing to fill
	// by hand.
	r = manager.get("/app/plans/1/results/2024/export?format=docx")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("export %d", r.StatusCode)
	}
	doc := docxText(t, []byte(r.body))
	mustContain(t, "signed docx", doc, "Số: 1/BC-SGTVT", "Quảng Ninh, ngày", "năm "+year, "cơ bản hoàn thành",
		"Nhiệm vụ đánh giá giữa kỳ chuyển sang năm 2025")
	mustNotContain(t, "signed docx", doc, "……")
	// The register lists the imported plan and the report, both numbered.
	r = manager.get("/app/register?org=QN-SGTVT&year=2024")
	mustContain(t, "register 2024", r.body, "15/KH-SGTVT", "Triển khai thực hiện công tác trẻ em")
	r = manager.get("/app/register?org=QN-SGTVT&year=" + year)
	mustContain(t, "register", r.body, "1/BC-SGTVT", "Báo cáo", "Nguyễn Văn Thắng")
	r = manager.get("/app/register?org=QN-SGTVT&year=" + year + "&format=xlsx")
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("register xlsx: %v", err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) != 2 || rows[1][0] != "1/BC-SGTVT" {
		t.Errorf("register xlsx rows %v", rows)
	}
}

// signedInAs adds a manager of org and signs them in.
func (e *env) signedInAs(t *testing.T, username, org string) *client {
	t.Helper()
	hash, err := e.cfgHasher().Hash(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.CreateUser(ctx, demo.Actor, domain.UserInput{Username: username, FullName: "Cán bộ " + org, Org: org,
		Role: domain.RoleManager, RoleOrg: org, Lang: "vi"}, hash, false); err != nil {
		t.Fatal(err)
	}
	return e.signedIn(username)
}

func TestResultsReportRefusesBadInput(t *testing.T) {
	storetest.Run(t, testResultsReportRefusesBadInput)
}

func testResultsReportRefusesBadInput(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("manager")
	for _, c := range []struct {
		path string
		code int
		msg  string
	}{
		{"/api/v1/plans/1/results?period=2030", 400, "ngoài thời gian của kế hoạch"},
		{"/api/v1/plans/1/results?period=202401", 400, "theo quý, 6 tháng, 9 tháng hoặc năm"},
		{"/api/v1/plans/1/results?period=nam-ngoai", 400, "kỳ báo cáo không hợp lệ"},
		{"/api/v1/plans/1/results?period=2024&format=pdf", 400, "docx hoặc xlsx"},
		{"/api/v1/plans/999/results?period=2024", 404, ""},
		{"/api/v1/register?org=KHONG-CO", 400, "không có đơn vị"},
	} {
		code, _, body := e.getAPI(tok, c.path)
		if code != c.code || !strings.Contains(string(body), c.msg) {
			t.Errorf("%s: %d %s, want %d %q", c.path, code, body, c.code, c.msg)
		}
	}
	manager := e.signedIn("manager")
	r := manager.post("/app/plans/1/results/2024/sections/VI", url.Values{"version": {"0"}, "text": {"x"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không có mục này") {
		t.Errorf("unknown section: %d", r.StatusCode)
	}
	r = manager.post("/app/plans/1/results/2024/workflow", url.Values{"version": {"0"}, "action": {"publish"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "thao tác không hợp lệ") {
		t.Errorf("an unknown step: %d", r.StatusCode)
	}
	r = manager.post("/app/plans/1/results/2024/workflow", url.Values{"version": {"0"}, "action": {"return"}})
	if r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusConflict {
		t.Errorf("return of a draft without a comment: %d", r.StatusCode)
	}
	// The 2026 draft plan is not in effect: it has no results to write.
	r = manager.post("/app/plans/2/results/2026/sections/III", url.Values{"version": {"0"}, "text": {"x"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "chưa được phê duyệt") {
		t.Errorf("results of a draft plan: %d", r.StatusCode)
	}
	// A viewer reads the report but cannot write it.
	viewer := e.signedIn("viewer")
	if r := viewer.get("/app/plans/1/results?period=2024"); r.StatusCode != http.StatusOK {
		t.Errorf("viewer reads: %d", r.StatusCode)
	}
	if r := viewer.post("/app/plans/1/results/2024/sections/V", url.Values{"version": {"0"}, "text": {"x"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer writes: %d", r.StatusCode)
	}
	// A form sent from another site changes nothing.
	manager.crossSite = true
	if r := manager.post("/app/plans/1/results/2024/sections/V", url.Values{"version": {"0"}, "text": {"x"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site: %d", r.StatusCode)
	}
	if st, _ := e.store.ResultsReport(ctx, domain.PlanResults(1, "2024")); st.ID != 0 {
		t.Error("a refused request created the report")
	}
}

func TestItemMeasuredBy(t *testing.T) { storetest.Run(t, testItemMeasuredBy) }

// The officer ties a task to the indicators that measure it on the task's
// page; the results report then shows their figures under it.
func testItemMeasuredBy(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	manager := e.signedIn("manager")
	plan, err := e.store.PlanTree(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var it *domain.PlanItem
	domain.Walk(plan.Items, func(x *domain.PlanItem, _ int) {
		if it == nil && x.Kind.Trackable() && len(x.Indicators) == 0 && len(x.Children) == 0 {
			it = x
		}
	})
	path := "/app/plans/1/items/" + strconv.FormatInt(it.ID, 10)
	r := manager.get(path)
	mustContain(t, "item page", r.body, "Chỉ số đo kết quả", `value="TH-BDG"`)
	r = manager.post(path+"/indicators", url.Values{"version": {strconv.Itoa(it.Version)}, "indicators": {"KHONG-CO"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không có chỉ số mã KHONG-CO") {
		t.Fatalf("unknown indicator: %d", r.StatusCode)
	}
	r = manager.post(path+"/indicators", url.Values{"version": {strconv.Itoa(it.Version)}, "indicators": {"TH-BDG"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.body)
	}
	if r := e.signedIn("viewer").post(path+"/indicators", url.Values{"version": {strconv.Itoa(it.Version + 1)}, "indicators": {}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer: %d", r.StatusCode)
	}
	_, _, body := e.getAPI(e.token("manager"), "/api/v1/plans/1/results?period=2024")
	var d results.Draft
	_ = json.Unmarshal(body, &d)
	for _, x := range d.Sections[1].Items {
		if x.ID == it.ID && (len(x.Figures) != 1 || x.Figures[0].Code != "TH-BDG" || x.Figures[0].Value == "") {
			t.Errorf("the report shows %+v under the item", x.Figures)
		}
	}
}

func TestMidtermReview(t *testing.T) { storetest.Run(t, testMidtermReview) }

// The targets view leaves as the mid-term review: DOCX with each
// indicator's baseline, years, target and per cent reached, and what was
// not reached; XLSX with the same columns.
func testMidtermReview(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	org, err := e.store.OrgUnit(ctx, "QN-SGTVT")
	if err != nil {
		t.Fatal(err)
	}
	for code, target := range map[string]float64{"TT-BUOI": 1, "MBH-TRE": 1_000_000} {
		ind, err := e.store.Indicator(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		base := 0.0
		if err := e.store.SetTarget(ctx, demo.Actor, ind, org, 2025, &base, &target); err != nil {
			t.Fatal(err)
		}
	}
	manager := e.signedIn("manager")
	page := "/app/analytics/targets?programme=children&org=QN-SGTVT&from=2021&to=2025"
	r := manager.get(page)
	mustContain(t, "targets page", r.body, "Tải báo cáo đánh giá giữa kỳ (DOCX)")
	r = manager.get(page + "&format=docx")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "wordprocessingml") {
		t.Fatalf("docx: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	text := docxText(t, []byte(r.body))
	inOrder(t, "mid-term review", text, "UBND TỈNH QUẢNG NINH", "SỞ GIAO THÔNG VẬN TẢI", "BÁO CÁO",
		"Đánh giá giữa kỳ việc thực hiện các mục tiêu về trẻ em giai đoạn 2021–2025", "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
		"% so với mục tiêu", "II. ĐÁNH GIÁ CHUNG", "Đến nay đã đạt 1/2 chỉ tiêu", "Chưa đạt: Số mũ bảo hiểm trao cho trẻ em", "Nơi nhận")
	r = manager.get(page + "&format=xlsx")
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) < 2 || !strings.Contains(strings.Join(rows[0], "|"), "% so với mục tiêu") {
		t.Errorf("xlsx header %v", rows[:1])
	}
}

func TestCoordinatorSummary(t *testing.T) { storetest.Run(t, testCoordinatorSummary) }

// The coordinator drafts the province's summary from the agencies'
// reports: each agency with its reports and what they said, the figures
// with each agency's share, who is late; the coordinating department's
// deputy director approves it and it gets that department's number.
func testCoordinatorSummary(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	// The department sends its 2024 results report first: the summary
	// takes its assessment.
	plan, _ := e.store.Plan(ctx, 1)
	mgr, ldr := demoActor(t, e, "manager"), demoActor(t, e, "leader")
	pk, iss := domain.PlanResults(1, "2024"), domain.IssuerOfPlan(plan)
	rr, err := e.store.SaveResultsText(ctx, mgr, pk, iss, 0, "III", "Năm 2024 **hoàn thành** cơ bản kế hoạch.")
	for _, step := range []struct {
		a domain.Actor
		s string
	}{{mgr, domain.ResultsSubmit}, {ldr, domain.ResultsApprove}, {mgr, domain.ResultsSend}} {
		if err != nil {
			t.Fatal(err)
		}
		rr, err = e.store.TransitionResults(ctx, step.a, pk, iss, rr.Version, store.ResultsTransition{Action: step.s})
	}
	if err != nil {
		t.Fatal(err)
	}
	coordinator := e.signedIn("coordinator")
	r := coordinator.get("/app/reports")
	mustContain(t, "reports page", r.body, "Báo cáo tổng hợp từ báo cáo của các cơ quan", "/app/summaries?org=QN")
	r = coordinator.get("/app/summaries?org=QN&period=2024")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/summaries/QN/all/2024" {
		t.Fatalf("index: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	page := "/app/summaries/QN/all/2024"
	r = coordinator.get(page)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("summary page %d", r.StatusCode)
	}
	mustContain(t, "summary page", r.body, "Báo cáo tổng hợp", "Sở Giao thông Vận tải", "Sở Y tế", "Ủy ban nhân dân tỉnh Quảng Ninh",
		"tổng số", "Lưu mục III")
	tok := e.token("coordinator")
	code, _, body := e.getAPI(tok, "/api/v1/summaries/QN/all/2024")
	if code != http.StatusOK {
		t.Fatalf("api %d %s", code, body)
	}
	var d results.Draft
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if d.Kind != domain.KindSummary || d.Header.Issuer != "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" || strings.Join(d.Header.To, "") != "Ủy ban nhân dân tỉnh Quảng Ninh" {
		t.Errorf("header %+v", d.Header)
	}
	var names []string
	for _, it := range d.Sections[1].Items {
		names = append(names, it.Text)
		if it.Text == "Sở Giao thông Vận tải" && (!strings.Contains(it.Note, "đã tiếp nhận") || !strings.Contains(it.Note, "Đánh giá của đơn vị: Năm 2024 hoàn thành cơ bản kế hoạch.")) {
			t.Errorf("the department's lines: %q", it.Note)
		}
	}
	if len(names) < 3 {
		t.Errorf("agencies %v", names)
	}
	var shared bool
	for _, f := range d.Appendix {
		if f.Code == "TT-BUOI" {
			shared = len(f.Parts) == len(names) && f.Value != ""
			for _, p := range f.Parts {
				if p.Unit == "Sở Giao thông Vận tải" && p.Share == "" {
					t.Errorf("no share for the department: %+v", f.Parts)
				}
			}
		}
	}
	if !shared {
		t.Errorf("the figures are not split by agency: %+v", d.Appendix)
	}
	// Others may not read it; the manager of an agency is one of them.
	if r := e.signedIn("manager").get(page); r.StatusCode != http.StatusNotFound {
		t.Errorf("an agency's manager reads the summary: %d", r.StatusCode)
	}
	// Write, submit, approve.
	r = coordinator.post(page+"/sections/III", url.Values{"version": {"0"}, "text": {"Các sở, ngành cơ bản hoàn thành kế hoạch năm 2024."}, "action": {"save"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save %d %s", r.StatusCode, r.body)
	}
	key := domain.ResultsKey{Kind: domain.KindSummary, OwnerID: 0, Period: "2024"}
	issuer, _ := e.store.OrgUnit(ctx, "QN-SLDTBXH")
	key.OwnerID = issuer.ID
	st, _ := e.store.ResultsReport(ctx, key)
	if st.Texts["III"] == "" {
		t.Fatalf("stored %+v", st)
	}
	if r := coordinator.post(page+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {"submit"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %d", r.StatusCode)
	}
	st, _ = e.store.ResultsReport(ctx, key)
	director := e.signedIn("director")
	if r := director.get(page); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Duyệt và cấp số") {
		t.Fatalf("the director's page: %d", r.StatusCode)
	}
	if r := director.post(page+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {"approve"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve %d %s", r.StatusCode, r.body)
	}
	st, _ = e.store.ResultsReport(ctx, key)
	if st.Number != "1/BC-SLDTBXH" || st.ApprovedBy != "Hoàng Thị Mai" {
		t.Errorf("approved %+v", st)
	}
	r = coordinator.get(page + "/export?format=docx")
	doc := docxText(t, []byte(r.body))
	inOrder(t, "summary docx", doc, "UBND TỈNH QUẢNG NINH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 1/BC-SLDTBXH", "BÁO CÁO",
		"Tổng hợp kết quả công tác trẻ em và bình đẳng giới năm 2024 trên địa bàn tỉnh Quảng Ninh", "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh",
		"II. KẾT QUẢ THỰC HIỆN CỦA CÁC CƠ QUAN, ĐƠN VỊ", "Sở Giao thông Vận tải", "III. ĐÁNH GIÁ CHUNG", "Các sở, ngành cơ bản hoàn thành",
		"Hoàng Thị Mai", "PHỤ LỤC", "Tỷ trọng")
	r = coordinator.get(page + "/export?format=xlsx")
	if _, err := excelize.OpenReader(strings.NewReader(r.body)); err != nil {
		t.Errorf("summary xlsx: %v", err)
	}
	for _, bad := range []string{"/app/summaries/QN/both/2024", "/app/summaries/QN/all/202401", "/app/summaries/KHONG-CO/all/2024"} {
		if r := coordinator.get(bad); r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.StatusCode)
		}
	}
}

func TestGuidanceLetterAndObservancePlan(t *testing.T) {
	storetest.Run(t, testGuidanceLetterAndObservancePlan)
}

// The coordinator drafts the letter asking the agencies for a period's
// reports (with the template, the cut-off days and the deadline), and the
// department drafts its plan for the Action Month for Children from the
// items of its plan tied to it; each is numbered in its own series.
func testGuidanceLetterAndObservancePlan(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	coordinator, director := e.signedIn("coordinator"), e.signedIn("director")
	r := coordinator.get("/app/templates/BC-TEBDG-QUY/completeness?period=2024Q4")
	mustContain(t, "completeness", r.body, "/app/templates/BC-TEBDG-QUY/guidance/2024Q4")
	letter := "/app/templates/BC-TEBDG-QUY/guidance/2024Q4"
	r = coordinator.get(letter)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("letter page %d", r.StatusCode)
	}
	mustContain(t, "letter page", r.body, "Công văn đề nghị báo cáo", "Thời hạn gửi báo cáo: trước ngày 17/12/2024", "Sở Giao thông Vận tải")
	if r := e.signedIn("manager").get(letter); r.StatusCode != http.StatusNotFound {
		t.Errorf("an agency reads the coordinator's draft letter: %d", r.StatusCode)
	}
	if r := coordinator.get("/app/templates/BC-TEBDG-QUY/guidance/2024"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a year for a quarterly template: %d", r.StatusCode)
	}
	r = coordinator.post(letter+"/workflow", url.Values{"version": {"0"}, "action": {"submit"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %d %s", r.StatusCode, r.body)
	}
	tpl, _ := e.store.Template(ctx, "BC-TEBDG-QUY")
	key := domain.ResultsKey{Kind: domain.KindGuidance, OwnerID: tpl.ID, Period: "2024Q4"}
	st, _ := e.store.ResultsReport(ctx, key)
	if r := director.post(letter+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {"approve"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve %d %s", r.StatusCode, r.body)
	}
	st, _ = e.store.ResultsReport(ctx, key)
	if st.Number != "1/SLDTBXH" {
		t.Errorf("the letter's number %q", st.Number)
	}
	doc := docxText(t, []byte(coordinator.get(letter+"/export?format=docx").body))
	inOrder(t, "letter", doc, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 1/SLDTBXH",
		"V/v báo cáo kết quả công tác trẻ em và bình đẳng giới quý IV/2024", "Kính gửi:", "Sở Giao thông Vận tải",
		"Nghị định số 09/2019/NĐ-CP", "Thời gian chốt số liệu: từ ngày 15/09/2024 đến ngày 14/12/2024", "trước ngày 17/12/2024",
		"quan tâm, phối hợp thực hiện", "Hoàng Thị Mai")
	mustNotContain(t, "letter", doc, "BÁO CÁO\n")

	manager, leader := e.signedIn("manager"), e.signedIn("leader")
	// The calendar's observances link to the plan for each, from the
	// year's plan in effect.
	mustContain(t, "observances", manager.get("/app/observances?year=2024").body, "/app/plans/1/observances/2024/children-action-month")
	r = manager.get("/app/plans/1")
	mustContain(t, "plan page", r.body, "/app/plans/1/observances/2024/children-action-month")
	month := "/app/plans/1/observances/2024/children-action-month"
	r = manager.get(month)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("observance plan %d", r.StatusCode)
	}
	// The month's own items and the 1 June gifts, which fall within it.
	mustContain(t, "observance plan", r.body, "Kế hoạch hưởng ứng Tháng hành động vì trẻ em", "Quỹ bảo trợ trẻ em", "phòng chống đuối nước", "tặng quà")
	r = manager.post(month+"/workflow", url.Values{"version": {"0"}, "action": {"submit"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %d", r.StatusCode)
	}
	okey := domain.ResultsKey{Kind: domain.KindObservance, OwnerID: 1, Period: "2024:children-action-month"}
	st, _ = e.store.ResultsReport(ctx, okey)
	if r := leader.post(month+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {"approve"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve %d", r.StatusCode)
	}
	st, _ = e.store.ResultsReport(ctx, okey)
	year := strconv.Itoa(time.Now().In(vntext.Location).Year())
	// The series goes on from the plans the department issued this year
	// (the 2026 draft carries no number yet).
	if st.Number != "1/KH-SGTVT" {
		t.Errorf("the observance plan's number %q", st.Number)
	}
	doc = docxText(t, []byte(manager.get(month+"/export?format=docx").body))
	inOrder(t, "observance plan", doc, "SỞ GIAO THÔNG VẬN TẢI", "Số: 1/KH-SGTVT", "KẾ HOẠCH",
		"Tổ chức các hoạt động hưởng ứng Tháng hành động vì trẻ em năm 2024", "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG HOẠT ĐỘNG",
		"Nội dung hoạt động", "Cảng vụ đường thủy nội địa", "III. TỔ CHỨC THỰC HIỆN", "Sở Lao động - Thương binh và Xã hội (b/c)", "Nguyễn Văn Thắng")
	r = manager.get("/app/register?org=QN-SGTVT&year=" + year)
	mustContain(t, "register", r.body, "1/KH-SGTVT", "Kế hoạch")
	if r := manager.get("/app/plans/1/observances/2030/children-action-month"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a year outside the plan: %d", r.StatusCode)
	}
	if r := manager.get("/app/plans/1/observances/2024/khong-co"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown observance: %d", r.StatusCode)
	}
}

func TestResultsGoWithThePeriodsFigures(t *testing.T) {
	storetest.Run(t, testResultsGoWithThePeriodsFigures)
}

// A results report goes to the coordinator with the periodic report of the
// same period: sending it submits the figures, and the coordinator returns
// or accepts both together.
func testResultsGoWithThePeriodsFigures(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	mgr, ldr := demoActor(t, e, "manager"), demoActor(t, e, "leader")
	plan, err := e.store.Plan(ctx, 2) // the 2026 plan, approved here
	if err != nil {
		t.Fatal(err)
	}
	if plan, err = e.store.TransitionPlan(ctx, mgr, plan.ID, plan.Version, domain.ActSubmit, ""); err != nil {
		t.Fatal(err)
	}
	if _, err = e.store.TransitionPlan(ctx, ldr, plan.ID, plan.Version, domain.ActApprove, ""); err != nil {
		t.Fatal(err)
	}
	per := period.Containing(period.Quarterly, period.Decree09, time.Now()).ID
	quarterly := func() domain.Report {
		t.Helper()
		tpl, _ := e.store.Template(ctx, "BC-TEBDG-QUY")
		org, _ := e.store.OrgUnit(ctx, "QN-SGTVT")
		rp, err := e.store.Report(ctx, tpl.ID, org.ID, per)
		if err != nil {
			t.Fatal(err)
		}
		return rp
	}
	if st := quarterly().Status; st != domain.ReportDraft {
		t.Fatalf("the running quarter's report is %s", st)
	}
	manager, leader, coordinator := e.signedIn("manager"), e.signedIn("leader"), e.signedIn("coordinator")
	page := "/app/plans/2/results?period=" + per
	mustContain(t, "results page", manager.get(page).body, "Gửi kèm, tiếp nhận hoặc trả lại cùng báo cáo định kỳ")
	key := domain.PlanResults(2, per)
	step := func(c *client, action, comment string) {
		t.Helper()
		st, _ := e.store.ResultsReport(ctx, key)
		r := c.post("/app/plans/2/results/"+per+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {action}, "comment": {comment}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", action, r.StatusCode, r.body)
		}
	}
	step(manager, "submit", "")
	step(leader, "approve", "")
	if st := quarterly().Status; st != domain.ReportDraft {
		t.Fatalf("approval alone sent the figures: %s", st)
	}
	step(manager, "send", "")
	if st := quarterly().Status; st != domain.ReportSubmitted {
		t.Fatalf("sending the results did not send the figures: %s", st)
	}
	step(coordinator, "return", "Bổ sung số liệu tập huấn")
	if rp := quarterly(); rp.Status != domain.ReportReturned || rp.Comment != "Bổ sung số liệu tập huấn" {
		t.Fatalf("the figures were not returned with the report: %s %q", rp.Status, rp.Comment)
	}
	step(manager, "submit", "")
	step(leader, "approve", "")
	step(manager, "send", "")
	step(coordinator, "accept", "")
	if st := quarterly().Status; st != domain.ReportAccepted {
		t.Fatalf("the figures were not accepted with the report: %s", st)
	}
}

// demoActor is a demo user as the store's actor.
func demoActor(t *testing.T, e *env, username string) domain.Actor {
	t.Helper()
	u, err := e.store.UserByUsername(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	return domain.Actor{UserID: u.ID, Username: u.Username, Client: "test"}
}

func TestPlanGuidanceLetter(t *testing.T) { storetest.Run(t, testPlanGuidanceLetter) }

// The coordinator asks the agencies for next year's plans: what they hold,
// how they are sent, by when; the letter cannot go up without its deadline.
func testPlanGuidanceLetter(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	coordinator, director := e.signedIn("coordinator"), e.signedIn("director")
	next := strconv.Itoa(time.Now().In(vntext.Location).Year() + 1)
	mustContain(t, "reports page", coordinator.get("/app/reports").body, "/app/guidance/QN/all/"+next)
	letter := "/app/guidance/QN/all/" + next
	r := coordinator.get(letter)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("letter %d", r.StatusCode)
	}
	mustContain(t, "letter page", r.body, "Hạn gửi kế hoạch", "chưa đặt")
	qn, _ := e.store.OrgUnit(ctx, "QN")
	key := domain.ResultsKey{Kind: domain.KindPlanGuidance, OwnerID: qn.ID, Period: next}
	r = coordinator.post(letter+"/workflow", url.Values{"version": {"0"}, "action": {"submit"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hãy đặt hạn gửi kế hoạch") {
		t.Fatalf("submit without a deadline: %d", r.StatusCode)
	}
	if st, _ := e.store.ResultsReport(ctx, key); st.ID != 0 && st.Status != domain.ResultsDraft {
		t.Fatalf("refused submission left %+v", st)
	}
	st, _ := e.store.ResultsReport(ctx, key)
	r = coordinator.post(letter+"/due", url.Values{"version": {strconv.Itoa(st.Version)}, "due_on": {"15/02/" + next}})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("a day not in YYYY-MM-DD: %d", r.StatusCode)
	}
	r = coordinator.post(letter+"/due", url.Values{"version": {strconv.Itoa(st.Version)}, "due_on": {next + "-02-15"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the deadline: %d %s", r.StatusCode, r.body)
	}
	if r := e.signedIn("viewer").post(letter+"/due", url.Values{"version": {"1"}, "due_on": {next + "-03-01"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("a viewer of an agency sets the coordinator's deadline: %d", r.StatusCode)
	}
	st, _ = e.store.ResultsReport(ctx, key)
	if r := coordinator.post(letter+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {"submit"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %d", r.StatusCode)
	}
	st, _ = e.store.ResultsReport(ctx, key)
	if r := director.post(letter+"/workflow", url.Values{"version": {strconv.Itoa(st.Version)}, "action": {"approve"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve %d", r.StatusCode)
	}
	doc := docxText(t, []byte(coordinator.get(letter+"/export?format=docx").body))
	inOrder(t, "plan letter", doc, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 1/SLDTBXH",
		"V/v xây dựng kế hoạch công tác trẻ em và bình đẳng giới năm "+next, "Kính gửi:", "Sở Giao thông Vận tải", "Sở Y tế",
		"Các chỉ tiêu theo dõi kết quả", "mục “Kế hoạch”", "trước ngày 15/02/"+next, "Hoàng Thị Mai")
	mustNotContain(t, "plan letter", doc, "chưa đặt", "……")
}
