package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// apiCase is one call of an operation openapi.json describes.
type apiCase struct {
	op   string // "GET /api/v1/orgunits/{code}", as openapi.json names it
	user string // the demo user whose token calls it; "" for none
	url  string // the request, with real parameters
	body string // the body of a read (a plan's text)
	// examples are the bodies of a write: together they set every property
	// the request schema does not mark readOnly, with valid values.
	examples []string
	status   int // the answer expected
	// reshaped lists writable properties the answer shows in another form
	// than they were sent (a time in UTC), so they are not compared.
	reshaped []string
}

// TestOpenAPISchemasMatchHandlers holds openapi.json to the handlers: for
// every operation that answers JSON, a real answer on the demo data holds
// only properties its schema names, every required one, each of the type
// the schema says; every write accepts each property its request schema
// does not mark readOnly and shows it back; and every readOnly property
// sent is refused, naming it. A field added to a handler's output or input
// without the schema fails here.
func TestOpenAPISchemasMatchHandlers(t *testing.T) { storetest.Run(t, testOpenAPISchemasMatchHandlers) }

func testOpenAPISchemasMatchHandlers(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	status, doc := e.api("", "GET", "/api/v1/openapi.json", "")
	if status != http.StatusOK {
		t.Fatalf("openapi.json: %d", status)
	}
	tokens := map[string]string{}
	token := func(user string) string {
		if user == "" {
			return ""
		}
		if tokens[user] == "" {
			tokens[user] = e.token(user)
		}
		return tokens[user]
	}
	_, plans := e.api(token("manager"), "GET", "/api/v1/plans?org=QN-SGTVT&year=2024", "")
	items, _ := plans["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("no demo plan: %v", plans)
	}
	planID := fmt.Sprint(items[0].(map[string]any)["id"])
	_, plan := e.api(token("manager"), "GET", "/api/v1/plans/"+planID, "")
	itemID := leadItem(plan["items"], "QN-SGTVT-TTS")
	if itemID == "" {
		t.Fatal("no item of the demo plan is led by QN-SGTVT-TTS")
	}
	// A case of the register, for its worker's calls.
	_, created := e.api(token("caseworker"), "POST", "/api/v1/cases", `{"org":"QN-HONGGAI","kind":"neglect","source":"school","received_at":"2026-01-05T08:30:00+07:00","summary":"Trẻ nghỉ học dài ngày","subject":{"full_name":"Trần Văn Mẫu","birth_date":"1990-01-01"}}`)
	caseID := fmt.Sprint(created["id"])
	sunshine := ""
	if vs, err := e.store.Services(ctx, store.ServiceFilter{}); err == nil {
		for _, v := range vs {
			if v.Kind == "sunshine-house" {
				sunshine = fmt.Sprint(v.ID)
			}
		}
	}
	// Two prepared reorganisations, one to apply and one to cancel.
	prepare := func(body string) string {
		status, act := e.api(token("admin"), "POST", "/api/v1/reorganisations", body)
		if status != http.StatusCreated {
			t.Fatalf("prepare: %d %v", status, act)
		}
		return fmt.Sprint(act["id"])
	}
	toApply := prepare(`{"kind":"rename","effective":"2026-01-01","units":["QN-SGDDT-MNTH"],"name":"Phòng Giáo dục Mầm non","decision":"Quyết định số 3/QĐ-SGDĐT ngày 20/12/2025"}`)
	toCancel := prepare(`{"kind":"close","effective":"2030-01-01","units":["QN-SYT-NVY"],"decision":"Quyết định số 4/QĐ-UBND ngày 20/12/2029"}`)
	// The quarter running now is open for data; earlier ones are submitted.
	periodNow := period.Containing(period.Quarterly, period.Decree09, time.Now()).ID

	cases := []apiCase{
		{op: "GET /healthz", url: "/healthz", status: 200},
		{op: "GET /api/v1/me", user: "manager", url: "/api/v1/me", status: 200},
		{op: "GET /api/v1/orgunits", user: "admin", url: "/api/v1/orgunits?inactive=true&limit=100", status: 200},
		{op: "GET /api/v1/orgunits/{code}", user: "admin", url: "/api/v1/orgunits/QN-SGTVT", status: 200},
		{op: "GET /api/v1/audit", user: "admin", url: "/api/v1/audit?limit=200", status: 200},
		{op: "POST /api/v1/plans/parse", user: "manager", url: "/api/v1/plans/parse", body: demo.Sample, status: 200},
		{op: "GET /api/v1/plans", user: "manager", url: "/api/v1/plans", status: 200},
		{op: "GET /api/v1/plans/{id}", user: "manager", url: "/api/v1/plans/" + planID, status: 200},
		{op: "GET /api/v1/plans/{id}/results", user: "manager", url: "/api/v1/plans/" + planID + "/results?period=2024", status: 200},
		{op: "GET /api/v1/summaries/{org}/{programme}/{period}", user: "coordinator", url: "/api/v1/summaries/QN/all/2024", status: 200},
		{op: "GET /api/v1/templates/{code}/guidance/{period}", user: "coordinator", url: "/api/v1/templates/BC-TEBDG-QUY/guidance/2024Q4", status: 200},
		{op: "GET /api/v1/plans/{id}/observances/{year}/{code}", user: "manager", url: "/api/v1/plans/" + planID + "/observances/2024/children-action-month", status: 200},
		{op: "GET /api/v1/guidance/{org}/{programme}/{year}", user: "coordinator", url: "/api/v1/guidance/QN/all/2027", status: 200},
		{op: "GET /api/v1/register", user: "manager", url: "/api/v1/register?org=QN-SGTVT&year=2024", status: 200},
		{op: "GET /api/v1/periods", user: "manager", url: "/api/v1/periods?type=quarterly&year=2025", status: 200},
		{op: "GET /api/v1/indicators", user: "manager", url: "/api/v1/indicators?limit=100", status: 200},
		{op: "GET /api/v1/analytics", user: "manager", url: "/api/v1/analytics?indicator=TH-BDG&org=QN-SGTVT&period=2024&by=sex", status: 200},
		{op: "GET /api/v1/dataValueSets", user: "manager", url: "/api/v1/dataValueSets?dataSet=BC-TEBDG-QUY&orgUnit=QN-SGTVT&period=2024", status: 200},
		{op: "GET /api/v1/lunar", user: "manager", url: "/api/v1/lunar?date=2025-10-06", status: 200},
		{op: "GET /api/v1/calendar", user: "manager", url: "/api/v1/calendar?year=2025", status: 200},
		{op: "GET /api/v1/activities", user: "manager", url: "/api/v1/activities?limit=200", status: 200},
		{op: "GET /api/v1/posts", user: "editor", url: "/api/v1/posts?limit=200", status: 200},
		{op: "GET /api/v1/posts", user: "viewer", url: "/api/v1/posts?limit=200", status: 200},
		{op: "GET /api/v1/search", url: "/api/v1/search?q=tr%E1%BA%BB+em", status: 200},
		{op: "GET /api/v1/cases", user: "caseworker", url: "/api/v1/cases?status=all", status: 200},
		{op: "GET /api/v1/cases/{id}", user: "caseworker", url: "/api/v1/cases/1", status: 200},
		{op: "GET /api/v1/cases/stats", user: "coordinator", url: "/api/v1/cases/stats?org=QN&period=" + strconv.Itoa(time.Now().Year()), status: 200},
		{op: "POST /api/v1/cases", user: "caseworker", url: "/api/v1/cases", status: 201, reshaped: []string{"received_at"}, examples: []string{
			`{"org":"QN-HONGGAI","kind":"domestic-violence","source":"hotline-18001769","received_at":"2026-01-05T08:30:00+07:00",
			  "subject":{"full_name":"Phạm Thị Mẫu","birth_date":"1995-03-04","sex":"female","address":"Tổ 1, khu 2","phone":"0912 000 111","id_number":"022195000111"},
			  "reporter":{"anonymous":false,"name":"Hàng xóm","contact":"0913 000 222","relation":"hàng xóm"},
			  "summary":"Dữ liệu thử: người bị bạo lực xin tạm lánh","risk":"high","measures":"Đưa đến nơi an toàn","dv_measures":["shelter"]}`,
		}},
		{op: "POST /api/v1/cases/{id}/referrals", user: "caseworker", url: "/api/v1/cases/" + caseID + "/referrals", status: 201, examples: []string{
			`{"service":` + sunshine + `,"consent":{"given_by":"survivor","at":"2026-01-05T09:00:00+07:00","scope":["identity","summary"],"service_kind":"sunshine-house"}}`,
			`{"service":` + sunshine + `,"consents":[{"given_by":"survivor","at":"2026-01-05T09:10:00+07:00","scope":["summary"],"service_kind":"sunshine-house"}]}`,
		}},

		{op: "GET /api/v1/reorganisations", user: "admin", url: "/api/v1/reorganisations", status: 200},
		{op: "GET /api/v1/reorganisations/{id}", user: "admin", url: "/api/v1/reorganisations/" + toCancel, status: 200},
		{op: "POST /api/v1/reorganisations/{id}/apply", user: "admin", url: "/api/v1/reorganisations/" + toApply + "/apply", status: 200},
		{op: "POST /api/v1/reorganisations/{id}/cancel", user: "admin", url: "/api/v1/reorganisations/" + toCancel + "/cancel", status: 200},
		{op: "POST /api/v1/reorganisations", user: "admin", url: "/api/v1/reorganisations", status: 201, examples: []string{
			`{"kind":"merge","effective":"2027-01-01","units":["QN-SGDDT-MNTH","QN-SGDDT-GDTH"],
			  "into":{"code":"QN-SGDDT-GDPT","name":"Phòng Giáo dục phổ thông","name_en":"General Education Division","kind":"unit","parent":"QN-SGDDT"},
			  "decision":"Quyết định số 21/QĐ-UBND ngày 01/12/2026 của UBND tỉnh Quảng Ninh","note":"Sắp xếp các phòng chuyên môn"}`,
			`{"kind":"split","effective":"2027-01-01","units":["QN-SYT"],"decision":"Quyết định số 22/QĐ-UBND ngày 01/12/2026",
			  "parts":[{"code":"QN-SYT2","name":"Sở Y tế","name_en":"Department of Health","kind":"agency","parent":"QN","share":0.7,"takes":["QN-SYT-VP","QN-SYT-NVY"]},
			           {"code":"QN-SDS","name":"Chi cục Dân số tỉnh","name_en":"Provincial Population Office","kind":"agency","parent":"QN","share":0.3,"takes":["QN-SYT-CCDS"]}]}`,
			`{"kind":"rename","effective":"2027-01-01","units":["QN-SGDDT-VP"],"name":"Văn phòng Sở Giáo dục","name_en":"Office of the Education Department","decision":"Quyết định số 23/QĐ-SGDĐT ngày 01/12/2026"}`,
			`{"kind":"move","effective":"2027-01-01","units":["QN-SLDTBXH-CTXH"],"parent":"QN-SYT","decision":"Quyết định số 24/QĐ-UBND ngày 01/12/2026"}`,
		}},
		{op: "POST /api/v1/orgunits", user: "manager", url: "/api/v1/orgunits", status: 201, examples: []string{
			`{"code":"QN-SGTVT-CNTT","name":"Trung tâm Công nghệ thông tin","name_en":"IT Centre","kind":"unit","parent":"QN-SGTVT","active_from":"2024-01-01"}`,
		}},
		{op: "PATCH /api/v1/orgunits/{code}", user: "manager", url: "/api/v1/orgunits/QN-SGTVT-CNTT", status: 200, reshaped: []string{"version"}, examples: []string{
			`{"version":1,"name":"Trung tâm Chuyển đổi số","name_en":"Digital Transformation Centre","kind":"unit","parent":"QN-SGTVT-VP","active_to":"2030-12-31"}`,
		}},
		{op: "POST /api/v1/plans", user: "manager", url: "/api/v1/plans", status: 201, examples: []string{
			`{"org":"QN-SGTVT","year":2026,"year_to":2026,"header":{"issuer":"SỞ GIAO THÔNG VẬN TẢI","parent_issuer":"UBND TỈNH QUẢNG NINH",
			  "number":"12/KH-SGTVT","place":"Quảng Ninh","date":"2026-01-15","type":"KẾ HOẠCH","title":"Kế hoạch công tác trẻ em năm 2026",
			  "guidance":"Văn bản số 240/LĐTBXH-TE&BĐG"},
			  "preamble":"Thực hiện văn bản số 240/LĐTBXH-TE&BĐG, Sở xây dựng kế hoạch như sau:",
			  "text":"I. MỤC TIÊU\n1. Tuyên truyền an toàn giao thông cho học sinh.\nII. NHIỆM VỤ\n1. Tặng mũ bảo hiểm cho học sinh lớp một."}`,
		}},
		{op: "POST /api/v1/indicators", user: "coordinator", url: "/api/v1/indicators", status: 201, examples: []string{
			`{"code":"MBH-TRE-NU","name":"Số mũ bảo hiểm trao cho trẻ em gái","name_en":"Helmets given to girls","definition":"Mũ trao tận tay trong kỳ",
			  "unit":"cái","value_type":"integer","programme":"children","aggregation":"sum","categories":["age"],"factor":1,"min":0,"max":100000,
			  "lte":"MBH-TRE","source":"entered"}`,
			`{"code":"KT-VP-TL","name":"Tỷ lệ vi phạm trên lượt kiểm tra","unit":"%","value_type":"percentage","aggregation":"ratio",
			  "numerator":"KT-VP","denominator":"KT-XE","factor":100}`,
		}},
		{op: "POST /api/v1/activities", user: "reporter", url: "/api/v1/activities", status: 201, examples: []string{
			`{"org":"QN-SGTVT-TTS","plan_item":` + itemID + `,"type":"inspection","title":"Kiểm tra xe đưa đón học sinh","start":"2024-09-05","end":"2024-09-06",
			  "place":"Hạ Long","channels":["meeting","print"],"target_groups":["children","operators"],
			  "participants":{"male_under16":1,"female_under16":2,"male_adult":3,"female_adult":4,"total":10},
			  "products":"12 biên bản","cost_vnd":1500000,"outcome":"Phát hiện 2 xe quá hạn kiểm định"}`,
		}},
		{op: "POST /api/v1/posts", user: "editor", url: "/api/v1/posts", status: 201, reshaped: []string{"published_at"}, examples: []string{
			`{"org":"QN-SGTVT","category":"tin-tuc","title":"Trao mũ bảo hiểm cho học sinh","summary":"Sở trao 500 mũ bảo hiểm.",
			  "body":"Sáng nay, Sở trao **500 mũ bảo hiểm**.","status":"published","published_at":"2024-09-05T08:00:00+07:00",
			  "tags":["an toàn giao thông"],"author":"Đỗ Thu Trang","hot":true,"featured":true}`,
		}},
		{op: "POST /api/v1/dataValueSets", user: "manager", url: "/api/v1/dataValueSets?dryRun=true", status: 200, examples: []string{
			`{"dataSet":"BC-TEBDG-QUY","period":"` + periodNow + `","orgUnit":"QN-SGTVT",
			  "dataValues":[{"dataElement":"TH-BDG","categoryOptionCombo":"male","value":"3"}]}`,
			`{"dataSet":"BC-TEBDG-QUY","dataValues":[{"dataElement":"TT-BUOI","period":"` + periodNow + `","orgUnit":"QN-SGTVT","value":"2","deleted":false}]}`,
		}},
	}

	d := apiDoc{doc: doc}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.op] = true
		t.Run(c.op+" "+c.user, func(t *testing.T) {
			op := d.op(t, c.op)
			method, _, _ := strings.Cut(c.op, " ")
			if len(c.examples) == 0 {
				status, got := e.call(token(c.user), method, c.url, c.body, "")
				if status != c.status {
					t.Fatalf("%s: %d %s", c.url, status, got)
				}
				d.check(t, "answer", decodeAny(t, got), d.response(t, op, status), false)
				return
			}
			req := d.request(t, op)
			var sent, answered map[string]any
			set := map[string]bool{}
			for _, ex := range c.examples {
				var in map[string]any
				if err := json.Unmarshal([]byte(ex), &in); err != nil {
					t.Fatalf("example: %v", err)
				}
				d.check(t, "example", in, req, true)
				paths(in, "", set)
				status, got := e.call(token(c.user), method, c.url, ex, "")
				if status != c.status {
					t.Fatalf("%s: %d %s", ex, status, got)
				}
				out := decodeAny(t, got)
				d.check(t, "answer", out, d.response(t, op, status), false)
				if sent == nil {
					sent, answered = in, out.(map[string]any)
				}
				// What was sent comes back, so the handler took it.
				resp := d.resolve(d.response(t, op, status))
				for k, v := range in {
					if _, shown := d.props(resp)[k]; !shown || slices.Contains(c.reshaped, k) {
						continue
					}
					if back := out.(map[string]any)[k]; !reflect.DeepEqual(back, v) {
						t.Errorf("%s: sent %v, answered %v", k, v, back)
					}
				}
			}
			for _, p := range d.writable(req, "") {
				if !set[p] {
					t.Errorf("no example sets %s: add it, so the test shows the handler takes it", p)
				}
			}
			// A property the server sets is refused, by name.
			for _, name := range d.readOnly(t, op) {
				body := maps.Clone(sent)
				body[name] = answered[name]
				if body[name] == nil {
					body[name] = 1
				}
				raw, _ := json.Marshal(body)
				status, got := e.call(token(c.user), method, c.url, string(raw), "")
				var er struct {
					Error struct{ Code, Message, Field string }
				}
				_ = json.Unmarshal(got, &er)
				if status != http.StatusBadRequest || er.Error.Field != name || !strings.Contains(er.Error.Message, "do máy chủ đặt") {
					t.Errorf("sending %s: %d %s, want 400 saying the server sets it", name, status, got)
				}
			}
		})
	}
	// Every operation that answers JSON is called above.
	for path, ops := range doc["paths"].(map[string]any) {
		for method, op := range ops.(map[string]any) {
			name := strings.ToUpper(method) + " " + path
			if method == "parameters" || covered[name] || path == "/api/v1/openapi.json" {
				continue
			}
			for code, r := range op.(map[string]any)["responses"].(map[string]any) {
				if content, ok := d.resolve(r.(map[string]any))["content"].(map[string]any); ok && code < "300" && content["application/json"] != nil {
					t.Errorf("%s answers JSON but no case calls it: add one to TestOpenAPISchemasMatchHandlers", name)
				}
			}
		}
	}
}

// leadItem finds the id of a plan item led by a unit, in a tree as JSON.
func leadItem(v any, lead string) string {
	items, _ := v.([]any)
	for _, it := range items {
		m := it.(map[string]any)
		if m["lead"] == lead && m["kind"] == "activity" {
			return fmt.Sprint(m["id"])
		}
		if id := leadItem(m["children"], lead); id != "" {
			return id
		}
	}
	return ""
}

func decodeAny(t *testing.T, raw []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, raw)
	}
	return v
}

// paths adds the dotted paths of every member of v ("participants.total",
// "dataValues.value") to set.
func paths(v any, prefix string, set map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			set[prefix+k] = true
			paths(x, prefix+k+".", set)
		}
	case []any:
		for _, x := range v {
			paths(x, prefix, set)
		}
	}
}

// apiDoc reads the OpenAPI document as JSON.
type apiDoc struct{ doc map[string]any }

func (d apiDoc) op(t *testing.T, name string) map[string]any {
	t.Helper()
	method, path, _ := strings.Cut(name, " ")
	ops, _ := d.doc["paths"].(map[string]any)[path].(map[string]any)
	op, ok := ops[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Fatalf("openapi.json has no %s", name)
	}
	return op
}

// resolve follows a $ref into components.
func (d apiDoc) resolve(s map[string]any) map[string]any {
	for s != nil {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = d.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		s, _ = cur.(map[string]any)
	}
	return s
}

func (d apiDoc) jsonSchema(t *testing.T, where string, holder map[string]any) map[string]any {
	t.Helper()
	content, _ := d.resolve(holder)["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	s, _ := media["schema"].(map[string]any)
	if s == nil {
		t.Fatalf("%s has no application/json schema", where)
	}
	return s
}

func (d apiDoc) response(t *testing.T, op map[string]any, status int) map[string]any {
	t.Helper()
	r, _ := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	if r == nil {
		t.Fatalf("no response %d described", status)
	}
	return d.jsonSchema(t, fmt.Sprintf("response %d", status), r)
}

func (d apiDoc) request(t *testing.T, op map[string]any) map[string]any {
	t.Helper()
	body, _ := op["requestBody"].(map[string]any)
	return d.jsonSchema(t, "the request body", body)
}

func (d apiDoc) props(s map[string]any) map[string]any {
	p, _ := d.resolve(s)["properties"].(map[string]any)
	return p
}

// writable lists the dotted paths of the properties a client sets.
func (d apiDoc) writable(s map[string]any, prefix string) []string {
	var out []string
	for name, p := range d.props(s) {
		p := d.resolve(p.(map[string]any))
		if p["readOnly"] == true {
			continue
		}
		out = append(out, prefix+name)
		if p["type"] == "array" {
			p = d.resolve(p["items"].(map[string]any))
		}
		out = append(out, d.writable(p, prefix+name+".")...)
	}
	slices.Sort(out)
	return out
}

// readOnly lists the properties of an operation's request and answer the
// server sets, that a client's request does not carry.
func (d apiDoc) readOnly(t *testing.T, op map[string]any) []string {
	req := d.request(t, op)
	var out []string
	for code := range op["responses"].(map[string]any) {
		if code >= "300" {
			continue
		}
		for _, s := range []map[string]any{req, d.response(t, op, atoi(code))} {
			for name, p := range d.props(s) {
				if d.resolve(p.(map[string]any))["readOnly"] == true && !slices.Contains(out, name) {
					if w, ok := d.props(req)[name]; !ok || d.resolve(w.(map[string]any))["readOnly"] == true {
						out = append(out, name)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func atoi(s string) int {
	var n int
	_, _ = fmt.Sscan(s, &n)
	return n
}

// check validates v against schema s, strictly: an object holds only the
// properties s names (unless s allows more), all it requires, and each
// value has the JSON type, enum and format s gives. A request must not
// hold readOnly properties.
func (d apiDoc) check(t *testing.T, where string, v any, s map[string]any, request bool) {
	t.Helper()
	s = d.resolve(s)
	if s == nil {
		t.Errorf("%s: no schema", where)
		return
	}
	if request && s["readOnly"] == true {
		t.Errorf("%s is readOnly: a request does not send it", where)
	}
	// A member of one of several shapes (a code or a unit written out) is
	// checked against the shape of its JSON type.
	if alts, ok := s["oneOf"].([]any); ok {
		for _, a := range alts {
			if a := d.resolve(a.(map[string]any)); typeOK(v, a["type"]) {
				d.check(t, where, v, a, request)
				return
			}
		}
		t.Errorf("%s: %s matches none of its shapes", where, jsonType(v))
		return
	}
	if !typeOK(v, s["type"]) {
		t.Errorf("%s: %s %.80v, schema says %v", where, jsonType(v), v, s["type"])
		return
	}
	if enum, ok := s["enum"].([]any); ok && v != nil && !slices.Contains(enum, v) {
		t.Errorf("%s: %v is not one of %v", where, v, enum)
	}
	if str, ok := v.(string); ok {
		switch s["format"] {
		case "date":
			if _, err := time.Parse(time.DateOnly, str); err != nil {
				t.Errorf("%s: %q is not a date", where, str)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				t.Errorf("%s: %q is not a date-time", where, str)
			}
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		extra := s["additionalProperties"]
		if props == nil && extra == nil {
			t.Errorf("%s: the schema names no properties", where)
			return
		}
		for name, x := range v {
			if p, ok := props[name].(map[string]any); ok {
				d.check(t, where+"."+name, x, p, request)
				continue
			}
			switch extra := extra.(type) {
			case map[string]any:
				d.check(t, where+"."+name, x, extra, request)
			case bool:
				if !extra {
					t.Errorf("%s: %s is not in the schema", where, name)
				}
			default:
				t.Errorf("%s: %s is not in the schema", where, name)
			}
		}
		if !request {
			req, _ := s["required"].([]any)
			for _, name := range req {
				if _, ok := v[name.(string)]; !ok {
					t.Errorf("%s: required %s is missing", where, name)
				}
			}
		}
	case []any:
		items, _ := s["items"].(map[string]any)
		for i, x := range v {
			d.check(t, fmt.Sprintf("%s[%d]", where, i), x, items, request)
		}
	}
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

// typeOK reports whether v has one of the types a schema allows ("type" is
// a name or, in OpenAPI 3.1, a list such as ["string","null"]).
func typeOK(v any, want any) bool {
	got := jsonType(v)
	var names []string
	switch w := want.(type) {
	case nil:
		return true
	case string:
		names = []string{w}
	case []any:
		for _, x := range w {
			names = append(names, fmt.Sprint(x))
		}
	}
	for _, n := range names {
		if n == got || n == "number" && got == "integer" {
			return true
		}
	}
	return false
}
