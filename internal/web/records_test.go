package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// A unit's staff reach their own unit's records and no other's; children's
// names are for the unit's managers and a round's organisers only, in
// pages, maps and exports alike.
func TestRecordsAccess(t *testing.T) { storetest.Run(t, testRecordsAccess) }

func testRecordsAccess(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	health, _ := e.store.OrgUnit(ctx, "QN-SYT")
	fund, _ := domain.RegistryOf(domain.RegFund)
	other, err := e.store.SaveRecord(ctx, domain.Actor{Username: "test"}, fund, 0, 0,
		store.NewRecord{Org: health, Values: domain.RecordValues{"given_on": "2026-06-01", "amount": "1000000", "receipt": "BL-SYT-01"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := e.signedIn("reporter") // the inspectorate of QN-SGTVT
	for _, path := range []string{"/app/registries/fund/" + itoa(other.ID), "/app/activities/1"} {
		if r := rep.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("the inspectorate reads %s: %d", path, r.StatusCode)
		}
	}
	// Lists, spreadsheets and maps hold only what is in reach.
	if r := rep.get("/app/registries/fund"); strings.Contains(r.body, "BL-SYT-01") || strings.Contains(r.body, "48.500.000") {
		t.Error("the inspectorate's fund list shows others' contributions")
	}
	xl := rep.get("/app/registries/fund/export.xlsx")
	if xl.StatusCode != 200 || bytes.Contains([]byte(xl.body), []byte("BL-SYT-01")) {
		t.Errorf("export: %d", xl.StatusCode)
	}
	geo := rep.get("/app/registries/hazards/map.geojson")
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal([]byte(geo.body), &fc); err != nil || geo.StatusCode != 200 || len(fc.Features) != 0 {
		t.Errorf("the inspectorate's hazard map: %d features (%v)", len(fc.Features), err)
	}
	m := e.signedIn("manager")
	geo = m.get("/app/registries/hazards/map.geojson")
	if err := json.Unmarshal([]byte(geo.body), &fc); err != nil || len(fc.Features) != 4 || !strings.Contains(geo.body, `"coordinates": [`) && !strings.Contains(geo.body, `"coordinates":[`) {
		t.Errorf("the agency's hazard map: %d features (%v)", len(fc.Features), err)
	}
	// Children's names: the agency's managers; not its staff, not a
	// viewer, not an admin.
	mustContain(t, "children", m.get("/app/gifts/children").body, "Trần Minh Khang", "Mồ côi mẹ")
	for _, who := range []string{"reporter", "viewer", "admin"} {
		c := e.signedIn(who)
		if r := c.get("/app/gifts/children"); r.StatusCode != http.StatusForbidden || strings.Contains(r.body, "Trần Minh Khang") {
			t.Errorf("%s opens the children's list: %d", who, r.StatusCode)
		}
		if r := c.get("/app/gifts/rounds/1"); strings.Contains(r.body, "Trần Minh Khang") {
			t.Errorf("%s reads names on a round", who)
		}
		if r := c.get("/app/gifts/rounds/1/export.xlsx"); r.StatusCode == 200 {
			t.Errorf("%s downloads a round's list", who)
		}
	}
	// The agency's staff see the round's counts (they organise rounds of
	// their unit only).
	if r := rep.get("/app/gifts/rounds/1"); r.StatusCode != http.StatusNotFound && !strings.Contains(r.body, "chỉ hiển thị với đơn vị tổ chức") {
		t.Errorf("the inspectorate on the agency's round: %d", r.StatusCode)
	}
	// Every opening of names is audited.
	before, _, _ := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "giftround.view"}, store.Page{})
	mustOK(t, m.get("/app/gifts/rounds/1"))
	after, _, _ := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "giftround.view"}, store.Page{})
	if len(after) != len(before)+1 {
		t.Errorf("viewing a round's names is not audited: %d then %d", len(before), len(after))
	}
	views, _, _ := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "children.view"}, store.Page{})
	if len(views) == 0 {
		t.Error("opening the children's list is not audited")
	}
}

func TestRecordFormsRefuseBadInput(t *testing.T) { storetest.Run(t, testRecordFormsRefuseBadInput) }

func testRecordFormsRefuseBadInput(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	// Coordinates outside Vietnam, a missing school, a bad date.
	r := m.postMultipart("/app/registries/hazards", map[string]string{"org": "QN-SGTVT-KCHT", "f_school": "", "f_point": "13.7563, 100.5018",
		"f_hazard_types": "no_crossing", "f_reported_on": "31/02/2026"}, nil)
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad hazard: %d", r.StatusCode)
	}
	mustContain(t, "bad hazard", r.body, "ngoài lãnh thổ Việt Nam", "nhập trường học", "ngày không hợp lệ")
	// An evidence file that is not what its name says.
	r = m.postMultipart("/app/activities", map[string]string{"org": "QN-SGTVT", "type": "communication", "title": "Tuyên truyền",
		"start": "02/06/2026"}, map[string][]byte{"files:bien-ban.pdf": []byte("MZ\x90\x00 not a pdf")})
	if r.StatusCode < 400 || r.StatusCode >= 500 {
		t.Errorf("a fake PDF: %d", r.StatusCode)
	}
	_, tot, _ := e.store.Activities(ctx, store.ActivityFilter{Scope: domain.Scope{All: true}, Search: "Tuyên truyền", From: "2026-06-02", To: "2026-06-02"}, store.Page{})
	if tot.Count != 0 {
		t.Error("an activity was saved with a refused file")
	}
	// A unit outside reach.
	r = m.postMultipart("/app/registries/fund", map[string]string{"org": "QN-SYT", "f_given_on": "01/06/2026", "f_amount": "1.000.000"}, nil)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "chọn đơn vị bạn được ghi sổ") {
		t.Errorf("another agency's fund: %d", r.StatusCode)
	}
	// A good one, then a move that the workflow does not allow.
	r = m.postMultipart("/app/registries/hazards", map[string]string{"org": "QN-SGTVT-KCHT", "f_school": "Trường Tiểu học Bãi Cháy",
		"f_point": "https://www.openstreetmap.org/?mlat=20.9589&mlon=107.0448", "f_hazard_types": "speeding", "f_reported_on": "01/06/2026"}, nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("good hazard: %d %s", r.StatusCode, r.body)
	}
	loc := r.Header.Get("Location")
	page := m.get(loc)
	mustContain(t, "hazard", page.body, "20.958900, 107.044800", "Đã phát hiện")
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.body)[1]
	if r := m.post(loc+"/status", url.Values{"version": {v}, "to": {"verified"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("reported → verified: %d", r.StatusCode)
	}
}

// xlsxOf builds a workbook with a header and rows.
func xlsxOf(t *testing.T, header []string, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for j, h := range header {
		c, _ := excelize.CoordinatesToCellName(j+1, 1)
		_ = f.SetCellValue("Sheet1", c, h)
	}
	for i, row := range rows {
		for j, v := range row {
			c, _ := excelize.CoordinatesToCellName(j+1, i+2)
			_ = f.SetCellValue("Sheet1", c, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRegistryImport(t *testing.T) { storetest.Run(t, testRegistryImport) }

func testRegistryImport(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	mustContain(t, "form", m.get("/app/registries/helmets/import").body, "Tải tệp mẫu", "Số em nam")
	count := func() int {
		_, n, _ := e.store.Records(ctx, store.RecordFilter{Kind: domain.RegHelmet, Scope: domain.Scope{All: true}}, store.Page{Limit: 1})
		return n
	}
	start := count()
	header := []string{"Đơn vị", "Ngày trao", "Xã, phường", "Trường học", "Số em nam", "Số em nữ", "Nhà tài trợ"}
	bad := xlsxOf(t, header,
		[]any{"QN-SGTVT-VP", "05/09/2026", "Xã Đồn Đạc", "TH Đồn Đạc", 120, 98, "Công đoàn Sở"},
		[]any{"QN-NOPE", "05/09/2026", "Xã Thanh Sơn", "TH Thanh Sơn", 40, 38, ""},
		[]any{"QN-SGTVT-VP", "31/09/2026", "", "TH Nam Sơn", -5, 10, ""},
		[]any{"QN-SYT", "05/09/2026", "Xã Hải Lạng", "THCS Hải Lạng", 10, 10, ""},
	)
	r := m.postMultipart("/app/registries/helmets/import", map[string]string{"org": "QN-SGTVT-VP"}, map[string][]byte{"file:mu.xlsx": bad})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad file: %d", r.StatusCode)
	}
	mustContain(t, "preview", r.body, "3 dòng có lỗi, 1 dòng hợp lệ", "không có đơn vị mã QN-NOPE", "ngày không hợp lệ", "nhập xã, phường",
		"không được là số âm", "bạn không ghi sổ cho đơn vị QN-SYT")
	if count() != start {
		t.Fatal("a bad file imported rows")
	}
	// A good file: previewed, then imported all at once from the kept file.
	good := xlsxOf(t, header,
		[]any{"QN-SGTVT-VP", "05/09/2026", "Xã Đồn Đạc", "TH Đồn Đạc", 120, 98, "Công đoàn Sở"},
		[]any{"", "2026-09-06", "Xã Thanh Sơn", "TH Thanh Sơn", "40", "38", ""},
	)
	r = m.postMultipart("/app/registries/helmets/import", map[string]string{"org": "QN-SGTVT-VP"}, map[string][]byte{"file:mu.xlsx": good})
	mustOK(t, r)
	mustContain(t, "good preview", r.body, "Cả 2 dòng đều hợp lệ", "Nhập 2 dòng")
	if count() != start {
		t.Fatal("a preview imported rows")
	}
	blob := regexp.MustCompile(`name="blob" value="([0-9a-f]{64})"`).FindStringSubmatch(r.body)[1]
	mustOK(t, m.postMultipart("/app/registries/helmets/import", map[string]string{"org": "QN-SGTVT-VP", "blob": blob, "name": "mu.xlsx", "action": "import"}, nil))
	if count() != start+2 {
		t.Errorf("after the import: %d records, want %d", count(), start+2)
	}
	// CSV with a semicolon, as Vietnamese Excel saves it.
	csv := "Đơn vị;Ngày ủng hộ;Số tiền (đồng);Số biên lai\nQN-SGTVT;01/10/2026;2.500.000;BL-77\n"
	mustOK(t, m.postMultipart("/app/registries/fund/import", map[string]string{"org": "QN-SGTVT", "action": "import"}, map[string][]byte{"file:quy.csv": []byte(csv)}))
	if r := m.get("/app/registries/fund"); !strings.Contains(r.body, "BL-77") {
		t.Error("the CSV row is not in the fund list")
	}
	// What is not a spreadsheet.
	r = m.postMultipart("/app/registries/fund/import", map[string]string{"org": "QN-SGTVT"}, map[string][]byte{"file:quy.xls": {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, ".xlsx") {
		t.Errorf("an old .xls: %d", r.StatusCode)
	}
	// Exports read back: the export of the fund list imports cleanly.
	xl := m.get("/app/registries/fund/export.xlsx")
	r = m.postMultipart("/app/registries/fund/import", map[string]string{"org": "QN-SGTVT"}, map[string][]byte{"file:quy.xlsx": []byte(xl.body)})
	if r.StatusCode != 200 || !strings.Contains(r.body, "đều hợp lệ") {
		t.Errorf("re-importing an export: %d", r.StatusCode)
	}
}

// Coordinators define indicators computed from records, in the form and in
// the API; a filter that does not fit the figure is refused.
func TestIndicatorsFromRecords(t *testing.T) { storetest.Run(t, testIndicatorsFromRecords) }

func testIndicatorsFromRecords(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("coordinator")
	form := url.Values{"code": {"TH-ATGT"}, "name": {"Số học sinh được tập huấn an toàn giao thông"}, "unit": {"người"}, "value_type": {"integer"},
		"aggregation": {"sum"}, "categories": {"sex"}, "active": {"1"}, "source": {"activities.participants"}, "source_types": {"training", "contest"}}
	mustOK(t, c.post("/app/indicators", form))
	ind, err := e.store.Indicator(ctx, "TH-ATGT")
	if err != nil || ind.Source != "records:activities.participants?type=training,contest" {
		t.Fatalf("saved source: %q %v", ind.Source, err)
	}
	mustContain(t, "indicator page", c.get("/app/indicators/TH-ATGT").body, "Tính từ hồ sơ: Số lượt người tham gia hoạt động (Tập huấn, bồi dưỡng, Hội thi)")
	form.Set("code", "KT-SAI")
	form.Set("source", "inspections.count")
	form["source_types"] = []string{"training"}
	if r := c.post("/app/indicators", form); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không dùng để lọc") {
		t.Errorf("a filter that does not fit: %d", r.StatusCode)
	}
	tok := e.token("coordinator")
	status, out := e.api(tok, "POST", "/api/v1/indicators", `{"code":"QUY-2","name":"Ủng hộ quỹ","unit":"đồng","value_type":"money","aggregation":"sum","source":"records:fund.amount"}`)
	if status != http.StatusCreated || out["source"] != "records:fund.amount" {
		t.Errorf("API: %d %v", status, out)
	}
	status, out = e.api(tok, "POST", "/api/v1/indicators", `{"code":"QUY-3","name":"x","unit":"đồng","value_type":"money","aggregation":"sum","source":"records:nothing"}`)
	if errObj, _ := out["error"].(map[string]any); status != http.StatusBadRequest || errObj["field"] != "source" {
		t.Errorf("API, unknown figure: %d %v", status, out)
	}
}

func TestActivitiesAPI(t *testing.T) { storetest.Run(t, testActivitiesAPI) }

func testActivitiesAPI(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("reporter") // the inspectorate
	status, out := e.api(tok, "POST", "/api/v1/activities", `{"org":"QN-SGTVT-TTS","type":"inspection","title":"Kiểm tra xe đưa đón học sinh",
		"start":"2026-11-02","participants":{"male_adult":4,"female_adult":1,"total":5}}`)
	if status != http.StatusCreated || out["org"] != "QN-SGTVT-TTS" || out["participants"].(map[string]any)["total"] != float64(5) {
		t.Fatalf("create: %d %v", status, out)
	}
	status, out = e.api(tok, "POST", "/api/v1/activities", `{"org":"QN-SGTVT-TTS","type":"training","title":"x","start":"2026-11-02",
		"participants":{"male_adult":4,"female_adult":1,"total":9}}`)
	if errObj, _ := out["error"].(map[string]any); status != http.StatusBadRequest || errObj["field"] != "participants" {
		t.Errorf("participants that do not add up: %d %v", status, out)
	}
	if status, _ := e.api(tok, "POST", "/api/v1/activities", `{"org":"QN-SGTVT-VP","type":"training","title":"x","start":"2026-11-02"}`); status != http.StatusBadRequest {
		t.Errorf("another unit: %d", status)
	}
	status, out = e.api(tok, "GET", "/api/v1/activities?limit=100", "")
	items, _ := out["items"].([]any)
	if status != 200 || len(items) != 2 { // the demo's 2024 inspection and this one
		t.Errorf("the inspectorate's activities: %d %d", status, len(items))
	}
	for _, it := range items {
		if it.(map[string]any)["org"] != "QN-SGTVT-TTS" {
			t.Errorf("the inspectorate reads %v", it)
		}
	}
	status, out = e.api(e.token("manager"), "GET", "/api/v1/activities?org=QN-SGTVT&type=communication&limit=100", "")
	if items, _ := out["items"].([]any); status != 200 || len(items) < 3 {
		t.Errorf("the agency's communication: %d %v", status, out["total"])
	}
	if status, _ := e.api(tok, "GET", "/api/v1/activities?org=QN-SYT", ""); status != http.StatusBadRequest {
		t.Errorf("another agency's activities: %d", status)
	}
}

func TestStaffChildrenImport(t *testing.T) { storetest.Run(t, testStaffChildrenImport) }

func testStaffChildrenImport(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	csv := "Đơn vị;Họ tên cán bộ;Họ tên cháu;Ngày sinh;Giới tính;Hoàn cảnh đặc biệt\n" +
		"QN-SGTVT-VP;Nguyễn Văn An;Nguyễn Bảo Châu;12/03/2015;Nữ;\n" +
		"QN-SYT;Trần Văn Bình;Trần Gia Huy;01/01/2016;Nam;\n" +
		"QN-SGTVT-TTS;Lê Văn Cường;;31/02/2014;Khác;Có\n"
	r := m.postMultipart("/app/gifts/children/import", nil, map[string][]byte{"file:con.csv": []byte(csv)})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad file: %d", r.StatusCode)
	}
	mustContain(t, "preview", r.body, "2 dòng có lỗi, 1 dòng hợp lệ", "bạn không quản lý hồ sơ của đơn vị QN-SYT", "nhập họ tên cháu", "ngày sinh không hợp lệ", "chọn giới tính")
	children, _ := e.store.StaffChildren(ctx, domain.Scope{All: true}, "")
	before := len(children)
	good := "Đơn vị,Họ tên cán bộ,Họ tên cháu,Ngày sinh,Giới tính,Hoàn cảnh đặc biệt,Hoàn cảnh\n" +
		"QN-SGTVT-VP,Nguyễn Văn An,Nguyễn Bảo Châu,12/03/2015,Nữ,,\n" +
		"QN-SGTVT-TTS,Lê Văn Cường,Lê Minh Khôi,2014-05-20,Nam,Có,Bố mất\n"
	mustOK(t, m.postMultipart("/app/gifts/children/import", map[string]string{"action": "import"}, map[string][]byte{"file:con.csv": []byte(good)}))
	children, _ = e.store.StaffChildren(ctx, domain.Scope{All: true}, "")
	if len(children) != before+2 {
		t.Errorf("imported %d children, want 2", len(children)-before)
	}
	if r := e.signedIn("reporter").postMultipart("/app/gifts/children/import", map[string]string{"action": "import"}, map[string][]byte{"file:con.csv": []byte(good)}); r.StatusCode != http.StatusForbidden {
		t.Errorf("unit staff import children: %d", r.StatusCode)
	}
}
