package web_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestResultsDump(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine store.Dialect) {
		if engine != store.SQLite {
			return
		}
		e := newEnv(t, engine)
		tok := e.token("manager")
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/plans/1/results?period=2024", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		_ = json.NewDecoder(r.Body).Decode(&v)
		b, _ := json.MarshalIndent(v, "", " ")
		_ = os.WriteFile("/tmp/rr/draft.json", b, 0o644)
		req, _ = http.NewRequest("GET", e.srv.URL+"/api/v1/plans/1/results?period=2024&format=docx", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		r, _ = http.DefaultClient.Do(req)
		f, _ := os.Create("/tmp/rr/r.docx")
		_, _ = f.ReadFrom(r.Body)
		f.Close()
	})
}
