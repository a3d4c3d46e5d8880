package web_test

import (
	"net/http"
	"strings"
	"testing"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// A file name that uses a right-to-left override to look like a picture
// ("a‮gpj.exe.pdf" shows as "afdp.exe.jpg") is kept and shown without it.
func TestUploadedFileNamesLoseFormatCharacters(t *testing.T) {
	storetest.Run(t, testUploadedFileNamesLoseFormatCharacters)
}

func testUploadedFileNamesLoseFormatCharacters(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	q := currentQuarter()
	path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	m := e.signedIn("manager")
	r := m.postMultipart(path+"/files", nil, map[string][]byte{
		"files:a\u202egpj.exe.txt":              []byte("Biên bản kiểm tra\n"),
		"files:\u2067danh\u200b-sach\u2069.txt": []byte("Nguyễn Văn A\n"),
	})
	if r.StatusCode >= 400 {
		t.Fatalf("upload: %d %s", r.StatusCode, r.body)
	}
	tpl, _ := e.store.Template(ctx, "BC-TEBDG-QUY")
	org, _ := e.store.OrgUnit(ctx, "QN-SGTVT")
	rep, err := e.store.Report(ctx, tpl.ID, org.ID, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := e.store.ReportFiles(ctx, rep.ID)
	got := map[string]bool{}
	for _, f := range files {
		got[f.Filename] = true
	}
	if !got["agpj.exe.txt"] || !got["danh-sach.txt"] || len(got) != 2 {
		t.Errorf("kept names %v, want agpj.exe.txt and danh-sach.txt", got)
	}
	page := m.get(path)
	if page.StatusCode != http.StatusOK || strings.ContainsAny(page.body, "\u202e\u2067\u2069\u200b") {
		t.Errorf("the report page still shows a format character")
	}
}
