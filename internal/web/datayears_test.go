package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// Figures are taken only for the years 2000 to next year: a DHIS2 import
// of 1900Q1 (a period id that parses) is refused with the row, the period
// and the span named, dry run or not, JSON or CSV, and nothing is saved;
// so is the data entry form for such a period.
func TestImportRefusesPeriodsOutsideTheDataYears(t *testing.T) {
	next := time.Now().In(vntext.Location).Year() + 1
	span := "chỉ nhận các năm từ 2000 đến " + strconv.Itoa(next)
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			tok := e.token("manager")
			tpl, err := e.store.Template(ctx, "BC-TEBDG-QUY")
			if err != nil {
				t.Fatal(err)
			}
			org, err := e.store.OrgUnit(ctx, "QN-SGTVT")
			if err != nil {
				t.Fatal(err)
			}
			nothingFor := func(pid string) {
				t.Helper()
				if _, err := e.store.Report(ctx, tpl.ID, org.ID, pid); err == nil {
					t.Errorf("a report of %s was saved", pid)
				}
			}
			far := strconv.Itoa(next+1) + "Q1"
			set := map[string]any{"dataSet": "BC-TEBDG-QUY", "orgUnit": "QN-SGTVT", "dataValues": []map[string]any{
				{"dataElement": "TT-BUOI", "period": "1900Q1", "value": "7"},
				{"dataElement": "TT-BUOI", "period": far, "value": "7"},
			}}
			b, _ := json.Marshal(set)
			for _, path := range []string{"/api/v1/dataValueSets?dryRun=true", "/api/v1/dataValueSets"} {
				status, body := e.api(tok, "POST", path, string(b))
				conflicts, _ := body["conflicts"].([]any)
				if status != http.StatusBadRequest || body["status"] != "ERROR" || len(conflicts) != 2 {
					t.Fatalf("%s: %d %v", path, status, body)
				}
				for i, pid := range []string{"1900Q1", far} {
					c := conflicts[i].(map[string]any)
					msg, _ := c["message"].(string)
					if c["row"] != float64(i+1) || c["field"] != "period" || !strings.Contains(msg, "kỳ báo cáo "+pid+" ngoài khoảng nhận số liệu") ||
						!strings.Contains(msg, span) {
						t.Errorf("%s, row %d: %v", path, i+1, c)
					}
				}
				if d, _ := body["description"].(string); !strings.Contains(d, "nothing was written") {
					t.Errorf("%s: description %q", path, d)
				}
				nothingFor("1900Q1")
				nothingFor(far)
			}
			// CSV goes through the same check.
			csv := "dataelement,period,orgunit,categoryoptioncombo,value\nTT-BUOI,1900Q1,QN-SGTVT,,8\n"
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/dataValueSets?dataSet=BC-TEBDG-QUY", strings.NewReader(csv))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "text/csv")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var out struct {
				Conflicts []struct {
					Row     int
					Message string
				}
			}
			_ = json.NewDecoder(res.Body).Decode(&out)
			_ = res.Body.Close()
			if res.StatusCode != http.StatusBadRequest || len(out.Conflicts) != 1 || out.Conflicts[0].Row != 2 || !strings.Contains(out.Conflicts[0].Message, span) {
				t.Errorf("csv: %d %+v", res.StatusCode, out)
			}
			nothingFor("1900Q1")

			// The data entry form: the page says why, a save is refused.
			m := e.signedIn("manager")
			path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/1900Q1"
			mustContain(t, "report page of 1900Q1", m.get(path).body, "ngoài khoảng nhận số liệu")
			r := m.post(path, url.Values{"version": {"0"}, "v|TT-BUOI|": {"3"}})
			if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "chỉ nhập số liệu cho các năm từ 2000 đến "+strconv.Itoa(next)) {
				t.Errorf("entry for 1900Q1: %d", r.StatusCode)
			}
			nothingFor("1900Q1")
		})
	}
}
