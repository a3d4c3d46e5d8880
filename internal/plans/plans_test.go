package plans_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/planparse"
	"tebdg/internal/plans"
)

func samplePlan(t testing.TB) (domain.Plan, []*domain.PlanItem, []domain.ItemRef) {
	t.Helper()
	doc, err := planparse.ParseText(demo.Sample)
	if err != nil {
		t.Fatal(err)
	}
	return plans.FromDocument(doc, "QN-SGTVT", 2024, 2024)
}

func TestFromDocumentOnTheSample(t *testing.T) {
	p, items, refs := samplePlan(t)
	if p.Header.Guidance != "240/LĐTBXH-TE&BĐG" || p.Header.Type != "KẾ HOẠCH" || p.YearFrom != 2024 || p.Preamble == "" {
		t.Errorf("header %+v preamble %q", p.Header, p.Preamble)
	}
	if len(items) != 2 || items[0].Label != "I" || items[1].Label != "II" {
		t.Fatalf("top level: %d items", len(items))
	}
	kinds := map[domain.ItemKind]int{}
	Walk := domain.Walk
	Walk(items, func(it *domain.PlanItem, depth int) { kinds[it.Kind]++ })
	if kinds[domain.KindSection] != 2 || kinds[domain.KindObjective] < 4 || kinds[domain.KindTask] < 8 || kinds[domain.KindActivity] < 15 {
		t.Errorf("kinds %v", kinds)
	}
	// Everything under "I. MỤC TIÊU, YÊU CẦU" is an objective.
	Walk(items[0].Children, func(it *domain.PlanItem, _ int) {
		if it.Kind != domain.KindObjective {
			t.Errorf("%s %q under objectives is %s", it.Label, it.Heading(), it.Kind)
		}
	})
	// "(Có Phụ lục 01 …)" stays text of its item; the drowning item carries
	// the "early in quarter 2" deadline; the observance is found.
	var drowning, gifts *domain.PlanItem
	Walk(items, func(it *domain.PlanItem, _ int) {
		if strings.Contains(it.Text, "phòng chống đuối nước: triển khai sớm") {
			drowning = it
		}
		if strings.Contains(it.Text, "tặng quà cho trẻ em") {
			gifts = it
		}
	})
	if drowning == nil || drowning.Deadline.Start != "2024-04-01" || drowning.Deadline.End != "2024-04-30" {
		t.Errorf("drowning item deadline: %+v", drowning)
	}
	if gifts == nil || gifts.Observance == "" {
		t.Errorf("gifts item observance: %+v", gifts)
	}
	if len(refs) != 13 {
		t.Errorf("%d references, want the sample's 13", len(refs))
	}
	for _, r := range refs {
		if r.Doc.Number == "130/2021/NĐ-CP" && (r.Item == nil || r.Doc.Date != "2021-12-30") {
			t.Errorf("decree 130 ref %+v", r)
		}
		if r.Doc.Number == "240/LĐTBXH-TE&BĐG" && r.Item != nil {
			t.Errorf("the guidance is cited by the preamble, not by item %q", r.Item.Label)
		}
	}
}

func assigned(t testing.TB) domain.Plan {
	p, items, _ := samplePlan(t)
	p.OrgName = "Sở Giao thông Vận tải"
	p.Header.Issuer, p.Header.Number, p.Header.Date = "SỞ GIAO THÔNG VẬN TẢI", "15/KH-SGTVT", "2024-02-10"
	n := 0
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		if it.Kind == domain.KindActivity && n < 3 {
			n++
			it.Lead, it.LeadName = "QN-SGTVT-TTS", "Thanh tra Sở"
			it.Supports = []domain.OrgRef{{Code: "QN-SGTVT-VP", Name: "Văn phòng Sở"}}
			it.Deadline = domain.Deadline{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}
			it.Progress, it.Status = 40*n%100, domain.ItemInProgress
		}
	})
	p.Items = items
	return p
}

func TestDOCXHoldsThePlan(t *testing.T) {
	p := assigned(t)
	var buf bytes.Buffer
	if err := plans.DOCX(&buf, p, "vi", "2024-05-01"); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			body = string(b)
		}
	}
	for _, want := range []string{"SỞ GIAO THÔNG VẬN TẢI", "15/KH-SGTVT", "KẾ HOẠCH", "MỤC TIÊU, YÊU CẦU",
		"Thực hiện văn bản số 240/LĐTBXH-TE&amp;BĐG", "PHÂN CÔNG THỰC HIỆN", "Thanh tra Sở", "Quý II/2024", "Nơi nhận"} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
}

func TestXLSXAssignmentTable(t *testing.T) {
	p := assigned(t)
	var buf bytes.Buffer
	if err := plans.XLSX(&buf, p, "vi", "2024-07-15"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Phân công")
	if err != nil {
		t.Fatal(err)
	}
	// Three assigned activities, and the items whose text gave a deadline.
	if len(rows) < 4+3 || rows[3][2] != "Đơn vị chủ trì" || rows[0][0] == "" {
		t.Fatalf("rows: %d, header %v", len(rows), rows[3])
	}
	lead := 0
	for i, r := range rows[4:] {
		if len(r) < 7 || r[2] != "Thanh tra Sở" {
			continue
		}
		lead++
		if r[3] != "Văn phòng Sở" || r[4] != "Quý II/2024" || r[5] != "Quá hạn" {
			t.Errorf("assignment row %v (after 30/6 an open item is overdue)", r)
		}
		if lead == 1 {
			if v, _ := f.GetCellValue("Phân công", "G"+strconv.Itoa(i+5)); v != "40%" {
				t.Errorf("progress cell %q, want a percentage", v)
			}
		}
	}
	if lead != 3 {
		t.Errorf("%d rows led by the inspectorate, want 3", lead)
	}
}

func TestCompare(t *testing.T) {
	a := assigned(t)
	b := assigned(t)
	b.Header.Title = "Kế hoạch đã sửa"
	first := b.Items[1].Children[0]
	first.Lead = "QN-SYT"
	b.Items[1].Children = append(b.Items[1].Children, &domain.PlanItem{Label: "5", Title: "Nhiệm vụ mới", Kind: domain.KindTask})
	b.Items[0].Children = b.Items[0].Children[:1]
	changes := plans.Compare(a, b)
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, c.Kind+":"+c.Field+":"+c.Path)
	}
	got := strings.Join(kinds, "\n")
	for _, want := range []string{"changed:title:", "changed:lead:II › 1", "added::II › 5", "removed::I › 2"} {
		if !strings.Contains(got, want) {
			t.Errorf("changes lack %q:\n%s", want, got)
		}
	}
	if len(plans.Compare(a, a)) != 0 {
		t.Error("a plan differs from itself")
	}
}

func TestViews(t *testing.T) {
	items := []*domain.PlanItem{
		{ID: 1, Kind: domain.KindSection, Children: []*domain.PlanItem{
			{ID: 2, Kind: domain.KindTask, Lead: "A", LeadName: "A", Deadline: domain.Deadline{Start: "2024-04-01", End: "2024-06-30"}, Progress: 50, Status: domain.ItemInProgress},
			{ID: 3, Kind: domain.KindTask, Lead: "B", LeadName: "B", Deadline: domain.Deadline{End: "2024-11-20"}, Status: domain.ItemDone, Progress: 100},
			{ID: 4, Kind: domain.KindTask, Deadline: domain.Deadline{End: "2025-01-15"}},
			{ID: 5, Kind: domain.KindNote},
		}},
	}
	qs := plans.ByQuarter(items, 2024)
	if len(qs[1].Items) != 1 || qs[1].Items[0].ID != 2 || len(qs[3].Items) != 1 || len(qs[4].Items) != 1 {
		t.Errorf("quarters %+v", qs)
	}
	tl := plans.Timeline(items, 2024)
	if len(tl) != 2 || !tl[0].Months[3] || !tl[0].Months[5] || tl[0].Months[6] || tl[0].Due != 6 || tl[1].Due != 11 {
		t.Errorf("timeline %+v", tl)
	}
	units := plans.ByUnit(items, "2024-12-01")
	if len(units) != 3 || units[0].Code != "A" || units[0].Rollup.Overdue != 1 || units[2].Code != "" {
		t.Errorf("by unit %+v", units)
	}
	r := domain.RollupOf(items, "2024-05-01")
	if r.Leaves != 3 || r.Done != 1 || r.InProgress != 1 || r.NotStarted != 1 || r.Progress != 50 {
		t.Errorf("rollup %+v", r)
	}
}

func BenchmarkDOCXSample(b *testing.B) {
	p := assigned(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := plans.DOCX(&buf, p, "vi", "2024-05-01"); err != nil {
			b.Fatal(err)
		}
	}
}

// The plan's Phụ lục 01 lists the documents it carries out after the
// signature, oldest first; a plan that cites none has no appendix.
func TestDOCXDirectivesAppendix(t *testing.T) {
	p := assigned(t)
	p.References = []domain.LegalDoc{
		{Type: "Nghị định", Number: "130/2021/NĐ-CP", Date: "2021-12-30", Issuer: "Chính phủ", Title: "Quy định xử phạt vi phạm hành chính về trẻ em"},
		{Type: "Luật", Title: "Luật Trẻ em", Year: 2016},
		{Type: "Công văn", Number: "240/LĐTBXH-TE&BĐG", Date: "2024-01-24", Issuer: "Sở Lao động - Thương binh và Xã hội"},
	}
	blocks := plans.DirectivesAppendix(p, "vi")
	if len(blocks) != 3 || blocks[2].Table == nil {
		t.Fatalf("appendix %+v", blocks)
	}
	rows := blocks[2].Table.Rows
	if rows[0][1] != "Luật Trẻ em (2016)" || rows[1][1] != "Nghị định số 130/2021/NĐ-CP" || rows[1][2] != "30/12/2021" || rows[2][3] != "Sở Lao động - Thương binh và Xã hội" {
		t.Errorf("rows %v", rows)
	}
	if blocks[1].Text != "(Kèm theo Kế hoạch số 15/KH-SGTVT của Sở Giao thông Vận tải)" {
		t.Errorf("attached-to line %q", blocks[1].Text)
	}
	var buf bytes.Buffer
	if err := plans.DOCX(&buf, p, "vi", "2024-05-01"); err != nil {
		t.Fatal(err)
	}
	body := documentXML(t, buf.Bytes())
	sign, app := strings.Index(body, "Nơi nhận"), strings.Index(body, "PHỤ LỤC 01")
	if sign < 0 || app < sign {
		t.Errorf("Phụ lục 01 at %d, the signature at %d: the appendix follows the signature", app, sign)
	}
	p.References = nil
	if plans.DirectivesAppendix(p, "vi") != nil {
		t.Error("a plan citing nothing has an appendix")
	}
}
