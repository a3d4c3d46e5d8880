package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store/storetest"
)

// coordinatorOf adds a coordinator whose role is on the given unit and
// signs them in.
func (e *env) coordinatorOf(username, org string) *client {
	e.t.Helper()
	hash, err := e.cfgHasher().Hash(demo.Password)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateUser(ctx, demo.Actor, domain.UserInput{Username: username, FullName: "Điều phối " + org, Org: org,
		Role: domain.RoleCoordinator, RoleOrg: org, Lang: "vi"}, hash, false); err != nil {
		e.t.Fatal(err)
	}
	return e.signedIn(username)
}

// indicatorForm is the indicator form as its page fills it, with a new name.
func indicatorForm(ind domain.Indicator, name string) url.Values {
	f := url.Values{"version": {strconv.Itoa(ind.Version)}, "name": {name}, "name_en": {ind.NameEN}, "definition": {ind.Definition},
		"unit": {ind.Unit}, "value_type": {string(ind.ValueType)}, "programme": {string(ind.Programme)}, "aggregation": {string(ind.Aggregation)},
		"numerator": {ind.Numerator}, "denominator": {ind.Denominator}, "lte": {ind.LTE}, "categories": ind.Categories,
		"factor": {strconv.FormatFloat(ind.Factor, 'f', -1, 64)}, "source": {domain.SourceEntered}}
	if ind.Active {
		f.Set("active", "1")
	}
	return f
}

// Holidays and indicators are the whole province's: a coordinator of a
// department under the province can neither remove a holiday (it would
// move every unit's deadlines) nor change an indicator, and is not shown
// the buttons; the province's coordinator and an admin can. Templates and
// targets belong to their unit: the department's coordinator keeps their
// own, not the province's.
func TestCatalogueBelongsToItsOwner(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			sub := e.coordinatorOf("dieuphoi-sgtvt", "QN-SGTVT")
			hs, err := e.store.Holidays(ctx, 2025)
			if err != nil || len(hs) == 0 {
				t.Fatalf("demo holidays of 2025: %v %v", hs, err)
			}
			day := hs[0].Day
			holidayThere := func() bool {
				t.Helper()
				all, err := e.store.Holidays(ctx, 2025)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range all {
					if h.Day == day {
						return true
					}
				}
				return false
			}
			ind, err := e.store.Indicator(ctx, "TT-BUOI")
			if err != nil {
				t.Fatal(err)
			}

			// The department's coordinator is refused, with a reason,
			// and nothing changes.
			r := sub.post("/app/holidays/"+day+"/delete", nil)
			if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "điều phối viên cấp tỉnh") {
				t.Errorf("sub-unit coordinator deletes a holiday: %d", r.StatusCode)
			}
			if !holidayThere() {
				t.Fatal("the refused delete removed the holiday")
			}
			if r := sub.post("/app/holidays", url.Values{"day": {"02/01/2025"}, "name": {"Nghỉ bù"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("sub-unit coordinator adds a holiday: %d", r.StatusCode)
			}
			if r := sub.post("/app/indicators/TT-BUOI", indicatorForm(ind, "Đổi tên")); r.StatusCode != http.StatusForbidden {
				t.Errorf("sub-unit coordinator edits a province indicator: %d", r.StatusCode)
			}
			if got, _ := e.store.Indicator(ctx, "TT-BUOI"); got.Name != ind.Name || got.Version != ind.Version {
				t.Errorf("the refused edit changed the indicator: %q v%d", got.Name, got.Version)
			}
			if r := sub.post("/app/categories", url.Values{"code": {"area"}, "name": {"Khu vực"}, "options": {"urban | Thành thị\nrural | Nông thôn"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("sub-unit coordinator adds a category: %d", r.StatusCode)
			}
			status, out := e.api(e.token("dieuphoi-sgtvt"), "POST", "/api/v1/indicators", `{"code":"TT-MOI","name":"Mới","unit":"buổi","value_type":"integer","aggregation":"sum"}`)
			if status != http.StatusForbidden {
				t.Errorf("sub-unit coordinator creates an indicator in the API: %d %v", status, out)
			}
			if _, err := e.store.Indicator(ctx, "TT-MOI"); err == nil {
				t.Error("the refused API call created an indicator")
			}
			tpl, err := e.store.Template(ctx, "BC-TEBDG-QUY")
			if err != nil {
				t.Fatal(err)
			}
			if r := sub.post("/app/templates/BC-TEBDG-QUY", url.Values{"version": {strconv.Itoa(tpl.Version)}, "name": {"Đổi tên"}, "org": {"QN-SGTVT"},
				"period_type": {"quarterly"}, "period_rule": {"decree09"}, "deadline_days": {"2"}, "indicators": {"TT-BUOI"}, "reporter_kinds": {"unit"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("sub-unit coordinator takes over the province's template: %d", r.StatusCode)
			}
			if got, _ := e.store.Template(ctx, "BC-TEBDG-QUY"); got.Name != tpl.Name || got.OrgCode != "QN" {
				t.Errorf("the refused edit changed the template: %q %s", got.Name, got.OrgCode)
			}
			if r := sub.post("/app/observances/prep", url.Values{"code": {"childrens-day"}, "days": {"3"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("sub-unit coordinator sets a national observance's preparation: %d", r.StatusCode)
			}
			if r := sub.post("/app/observances", url.Values{"code": {"ngay-cua-tinh"}, "name": {"Ngày của tỉnh"}, "spec": {"30/10"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("sub-unit coordinator adds an observance for the whole province: %d", r.StatusCode)
			}
			// The pages hide what would be refused.
			mustNotContain(t, "holidays page", sub.get("/app/holidays?year=2025").body, `action="/app/holidays/`+day+`/delete"`, `action="/app/holidays"`)
			mustNotContain(t, "indicator page", sub.get("/app/indicators/TT-BUOI").body, `action="/app/indicators/TT-BUOI"`)
			mustNotContain(t, "indicators page", sub.get("/app/indicators").body, `href="/app/indicators/new"`)
			mustNotContain(t, "template page", sub.get("/app/templates/BC-TEBDG-QUY").body, `action="/app/templates/BC-TEBDG-QUY"`)
			mustNotContain(t, "observances page", sub.get("/app/observances?year=2025").body, `action="/app/observances/prep"`, "Toàn tỉnh")

			// What is the department's stays theirs to keep.
			mustOK(t, sub.post("/app/templates", url.Values{"code": {"BC-SGTVT-THANG"}, "name": {"Báo cáo tháng của Sở"}, "org": {"QN-SGTVT"},
				"period_type": {"monthly"}, "period_rule": {"decree09"}, "deadline_days": {"3"}, "indicators": {"TT-BUOI"}, "reporter_kinds": {"unit"}}))
			mustContain(t, "own template page", sub.get("/app/templates/BC-SGTVT-THANG").body, `action="/app/templates/BC-SGTVT-THANG"`)
			mustOK(t, sub.post("/app/observances", url.Values{"code": {"ngay-cua-so"}, "name": {"Ngày truyền thống của Sở"}, "spec": {"15/10"}, "org": {"QN-SGTVT"}}))
			if r := sub.post("/app/analytics/targets", url.Values{"indicator": {"TT-BUOI"}, "org": {"QN-SGTVT"}, "year": {"2025"}, "target": {"12"}}); r.StatusCode != http.StatusSeeOther {
				t.Errorf("sub-unit coordinator sets the department's target: %d", r.StatusCode)
			}
			// The province's target is out of their reach (they cannot
			// even read the province's own figures).
			if r := sub.post("/app/analytics/targets", url.Values{"indicator": {"TT-BUOI"}, "org": {"QN"}, "year": {"2025"}, "target": {"12"}}); r.StatusCode != http.StatusNotFound {
				t.Errorf("sub-unit coordinator sets the province's target: %d", r.StatusCode)
			}

			// The province's coordinator removes the holiday and renames
			// the indicator; an admin puts the holiday back.
			prov := e.signedIn("coordinator")
			mustContain(t, "holidays page of the province's coordinator", prov.get("/app/holidays?year=2025").body, `action="/app/holidays/`+day+`/delete"`)
			mustOK(t, prov.post("/app/holidays/"+day+"/delete", nil))
			if holidayThere() {
				t.Error("the province's coordinator could not remove the holiday")
			}
			mustOK(t, prov.post("/app/indicators/TT-BUOI", indicatorForm(ind, "Số buổi truyền thông")))
			if got, _ := e.store.Indicator(ctx, "TT-BUOI"); got.Name != "Số buổi truyền thông" {
				t.Errorf("the province's coordinator's edit: %q", got.Name)
			}
			// and may take the department's template in hand too.
			mustContain(t, "department template for the province", prov.get("/app/templates/BC-SGTVT-THANG").body, `action="/app/templates/BC-SGTVT-THANG"`)

			admin := e.signedIn("admin")
			mustOK(t, admin.post("/app/holidays", url.Values{"day": {hs[0].Day[8:10] + "/" + hs[0].Day[5:7] + "/" + hs[0].Day[:4]}, "name": {hs[0].Name}}))
			if !holidayThere() {
				t.Error("the admin could not add the holiday back")
			}
			again, _ := e.store.Indicator(ctx, "TT-BUOI")
			mustOK(t, admin.post("/app/indicators/TT-BUOI", indicatorForm(again, ind.Name)))
			if got, _ := e.store.Indicator(ctx, "TT-BUOI"); got.Name != ind.Name {
				t.Errorf("the admin's edit: %q", got.Name)
			}
		})
	}
}
