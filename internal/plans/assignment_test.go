package plans_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/plans"
)

func TestNumbering(t *testing.T) {
	for _, c := range []struct {
		labels []string
		want   string
	}{
		{nil, ""},
		{[]string{"II"}, "II"},
		{[]string{"II", "4"}, "4"},
		{[]string{"II", "4", "4.1"}, "4.1"},
		{[]string{"II", "2", "2.1", "a)"}, "a)"},
		{[]string{"II", "4", "4.1", "-"}, "4.1 -"},
		{[]string{"II", "1", "-", "+"}, "1 +"},
		{[]string{"II", "", "-"}, "II -"},
		{[]string{"-"}, "-"},
		{[]string{"II", "3", ""}, "3"},
	} {
		var path []*domain.PlanItem
		for _, l := range c.labels {
			path = append(path, &domain.PlanItem{Label: l})
		}
		if got := plans.Numbering(path); got != c.want {
			t.Errorf("Numbering(%q) = %q, want %q", c.labels, got, c.want)
		}
	}
}

// sampleLine is a bullet ("-" or "+") of the demo plan as its text has it,
// the bullet and the indent taken off.
func sampleLine(t *testing.T, bullet, start string) string {
	t.Helper()
	for _, l := range strings.Split(demo.Sample, "\n") {
		l = strings.TrimSpace(l)
		if rest, ok := strings.CutPrefix(l, bullet+" "); ok && strings.HasPrefix(rest, start) {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatalf("the demo plan has no bullet starting %q", start)
	return ""
}

func TestAssignmentRowsNumberAndWordTheSample(t *testing.T) {
	p := assigned(t)
	rows := plans.AssignmentRows(p, "vi", "2024-05-01")
	want := [][2]string{
		{"1 -", sampleLine(t, "-", "Tiếp tục đề cao vai trò")},
		{"1 -", sampleLine(t, "-", "Căn cứ vào các văn bản chỉ đạo")},
		{"1 +", sampleLine(t, "+", "Tuyên truyền, hướng dẫn trẻ em")},
		{"4.1 -", "Thực hiện có hiệu quả công tác phòng chống đuối nước"},
		{"4.2 -", sampleLine(t, "-", "Xây dựng kế hoạch hưởng ứng")},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i, w := range want {
		if rows[i][0] != w[0] || rows[i][1] != w[1] {
			t.Errorf("row %d: %q %q\nwant %q %q", i, rows[i][0], rows[i][1], w[0], w[1])
		}
	}
	// The long ones are the ones the old table cut at 160 characters.
	if n := len([]rune(rows[0][1])); n <= 160 {
		t.Errorf("the first task is %d characters: the test no longer shows the whole text", n)
	}
}

func TestAssignmentExportsCutNothing(t *testing.T) {
	p := assigned(t)
	p.Header.Place = "Quảng Ninh" // else the date line is the draft's "…, ngày"
	// Every trackable item assigned: each of them goes into the table.
	items := 0
	domain.Walk(p.Items, func(it *domain.PlanItem, _ int) {
		if it.Kind.Trackable() {
			items++
			it.Lead, it.LeadName = "QN-SGTVT-VP", "Văn phòng Sở"
		}
	})
	var x bytes.Buffer
	if err := plans.XLSX(&x, p, "vi", "2024-05-01"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Phân công")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-4 != items {
		t.Errorf("%d rows for %d trackable items", len(rows)-4, items)
	}
	for i, r := range rows {
		for _, v := range r {
			if strings.Contains(v, "…") {
				t.Errorf("XLSX row %d cuts a cell: %q", i+1, v)
			}
		}
		if i >= 4 && (strings.Count(r[0], ".") > 1 || strings.HasSuffix(r[0], ".-")) {
			t.Errorf("XLSX row %d numbered as a path: %q", i+1, r[0])
		}
	}
	var d bytes.Buffer
	if err := plans.DOCX(&d, p, "vi", "2024-05-01"); err != nil {
		t.Fatal(err)
	}
	body := documentXML(t, d.Bytes())
	if strings.Contains(body, "…") {
		i := strings.Index(body, "…")
		t.Errorf("the DOCX cuts something: %q", body[max(0, i-200):i+3])
	}
	if strings.Contains(body, "II.4.4.1") {
		t.Error("the DOCX still numbers items by their path")
	}
	if !strings.Contains(body, "Ngày Gia đình Việt Nam (Ngày 28 tháng 6 hàng năm)") {
		t.Error("the DOCX lacks the end of the 8/3 task's text")
	}
}

func documentXML(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = rc.Close() }()
			x, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(x)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
