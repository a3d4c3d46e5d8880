package results

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"tebdg/internal/docx"
	"tebdg/internal/domain"
	"tebdg/internal/period"
)

// smallPlan is a plan of two parts: objectives (no task) and tasks, one of
// them carried out through two activities.
func smallPlan() domain.Plan {
	act := func(id int64, label, text string, st domain.ItemStatus, progress int, end string) *domain.PlanItem {
		return &domain.PlanItem{ID: id, Label: label, Title: text, Kind: domain.KindActivity, Status: st, Progress: progress,
			LeadName: "Văn phòng Sở", Deadline: domain.Deadline{End: end}}
	}
	return domain.Plan{ID: 7, OrgID: 3, OrgCode: "QN-SGTVT", OrgName: "Sở Giao thông Vận tải", YearFrom: 2024, YearTo: 2024,
		Header: domain.PlanHeader{Issuer: "SỞ GIAO THÔNG VẬN TẢI", ParentIssuer: "UBND TỈNH QUẢNG NINH", Number: "15/KH-SGTVT",
			Place: "Quảng Ninh", Date: "2024-02-10", Title: "Triển khai thực hiện công tác trẻ em năm 2024"},
		Signer: domain.PlanSigner{Title: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", Name: "Nguyễn Văn Thắng"},
		Items: []*domain.PlanItem{
			{ID: 1, Label: "I", Title: "MỤC TIÊU", Kind: domain.KindSection, Children: []*domain.PlanItem{
				{ID: 2, Label: "1", Title: "Bảo đảm an toàn cho trẻ em", Kind: domain.KindObjective},
			}},
			{ID: 3, Label: "II", Title: "NHIỆM VỤ", Kind: domain.KindSection, Children: []*domain.PlanItem{
				{ID: 4, Label: "1", Title: "Tuyên truyền an toàn giao thông", Kind: domain.KindTask, Indicators: []string{"TT-BUOI"}, Children: []*domain.PlanItem{
					act(5, "-", "Tuyên truyền tại trường học", domain.ItemDone, 100, "2024-05-31"),
					act(6, "-", "Tuyên truyền tại bến thủy", domain.ItemInProgress, 40, "2024-06-30"),
				}},
				act(8, "2", "Tặng quà cho con cán bộ nhân ngày 1/6", domain.ItemNotStarted, 0, "2024-12-31"),
				act(9, "3", "Tham quan học hỏi kinh nghiệm", domain.ItemCancelled, 0, ""),
			}},
		}}
}

func TestBuild(t *testing.T) {
	year, _ := period.Parse("2024", period.Decree09)
	q2, _ := period.Parse("2024Q2", period.Decree09)
	in := Input{Plan: smallPlan(), Period: year, Today: "2026-12-07", To: []string{"Sở Lao động - Thương binh và Xã hội"},
		Activities: []domain.Activity{
			{ID: 20, PlanItemID: 5, Title: "Tuyên truyền cho học sinh", Start: "2024-03-22", End: "2024-03-22", OrgName: "Văn phòng Sở",
				Participants: domain.Participants{MaleChildren: 10, FemaleChildren: 12, Total: 22}, Cost: 4_500_000},
			{ID: 21, PlanItemID: 0, Title: "Hội nghị sơ kết", Start: "2024-07-01", End: "2024-07-02"},
		},
		Evidence: map[int64]int{20: 2},
		Figures: map[string]Figure{
			"TT-BUOI": {Code: "TT-BUOI", Name: "Số buổi tuyên truyền", Unit: "buổi", Value: "19", Target: "24", Missed: true},
		},
		Appendix: []string{"TT-BUOI", "KHONG-CO"},
		Issued:   []domain.OutgoingDoc{{Type: "Kế hoạch", Number: "15/KH-SGTVT", IssuedOn: "2024-02-10", Title: "Triển khai thực hiện công tác trẻ em năm 2024"}},
		Late:     []string{"Báo cáo quý I/2024 gửi chậm."},
		Stored:   domain.ResultsReport{Texts: map[string]string{"III": "Cơ bản hoàn thành."}},
	}
	d := Build(in)
	items := d.Sections[1].Items
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	cases := []struct {
		name, got, want string
	}{
		{"title", d.Header.Title, "Kết quả thực hiện Kế hoạch số 15/KH-SGTVT ngày 10/02/2024 về triển khai thực hiện công tác trẻ em năm 2024"},
		{"quarter title", Title(in.Plan, q2), "Kết quả thực hiện Kế hoạch số 15/KH-SGTVT ngày 10/02/2024 về triển khai thực hiện công tác trẻ em năm 2024 (quý II/2024)"},
		{"addressee", strings.Join(d.Header.To, ";"), "Sở Lao động - Thương binh và Xã hội"},
		// The objectives' part has no task and is left out; the tasks'
		// part keeps its own numbering.
		{"items", strings.Join(labels, " "), "II 1 - - 2 3"},
		// A task stands where its activities stand: one late makes it late.
		{"parent status", string(items[1].Status), string(domain.ItemOverdue)},
		{"parent progress", itoa(items[1].Progress), "70"},
		{"overdue at the period's end", string(items[3].Status), string(domain.ItemOverdue)},
		{"due after the period's end", string(items[4].Status), string(domain.ItemNotStarted)},
		{"activity", ActivityLine(items[2].Activities[0]), "Tuyên truyền cho học sinh (22/03/2024), do Văn phòng Sở thực hiện; 22 lượt người tham gia (10 trẻ em nam, 12 trẻ em nữ); kinh phí 4.500.000 đ (2 tài liệu minh chứng)."},
		{"figure", FigureLine(items[1].Figures[0]), "Số buổi tuyên truyền: 19 buổi (chỉ tiêu 24 buổi)"},
		{"loose activity", strings.Join(d.Sections[1].Facts, "|"), "Hội nghị sơ kết (01/07/2024 – 02/07/2024)."},
		{"direction", strings.Join(d.Sections[0].Facts, "|"), "Kế hoạch số 15/KH-SGTVT ngày 10/02/2024 về triển khai thực hiện công tác trẻ em năm 2024."},
		{"officer's text", d.Sections[2].Text, "Cơ bản hoàn thành."},
		{"appendix skips unknown codes", itoa(len(d.Appendix)), "1"},
		{"signer", d.Signer.Name + "|" + strings.Join(d.Signer.Title, "/"), "Nguyễn Văn Thắng|KT. GIÁM ĐỐC/PHÓ GIÁM ĐỐC"},
		{"recipients", strings.Join(d.Signer.Recipients, "|"), "Như trên|Lưu: VT"},
		{"next year", d.Sections[3].Title, "Nhiệm vụ trọng tâm năm 2025"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, c.got, c.want)
		}
	}
	facts := strings.Join(d.Sections[2].Facts, "\n")
	for _, want := range []string{"Đã hoàn thành 1/4 nhiệm vụ", "Đã tổ chức 2 hoạt động với 22 lượt người tham gia",
		"Nhiệm vụ 2 “Tặng quà cho con cán bộ nhân ngày 1/6” chưa được triển khai.",
		"Chưa đạt chỉ tiêu: Số buổi tuyên truyền: 19 buổi (chỉ tiêu 24 buổi).", "Báo cáo quý I/2024 gửi chậm."} {
		if !strings.Contains(facts, want) {
			t.Errorf("assessment lacks %q:\n%s", want, facts)
		}
	}
	// Without a next plan, the open tasks carry over.
	next := strings.Join(d.Sections[3].Facts, "\n")
	if !strings.Contains(next, "Tiếp tục thực hiện nhiệm vụ “Tuyên truyền tại bến thủy”") || strings.Contains(next, "Tham quan") {
		t.Errorf("next period:\n%s", next)
	}
	// With one, its tasks at their highest level.
	nextPlan := smallPlan()
	in.Next = &nextPlan
	next = strings.Join(Build(in).Sections[3].Facts, "\n")
	if !strings.Contains(next, "1 “Tuyên truyền an toàn giao thông”.") || strings.Contains(next, "Tuyên truyền tại trường học") {
		t.Errorf("next plan's tasks:\n%s", next)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestLateTasksAtThePeriodsEnd(t *testing.T) {
	q2, _ := period.Parse("2024Q2", period.Decree09) // ends 14/06/2024
	cases := []struct {
		today string
		want  domain.ItemStatus
	}{
		{"2024-06-01", domain.ItemInProgress}, // during the quarter, due on 30/06: not late
		{"2026-01-01", domain.ItemInProgress}, // judged at the quarter's end, not today
	}
	for _, c := range cases {
		d := Build(Input{Plan: smallPlan(), Period: q2, Today: c.today})
		var got domain.ItemStatus
		for _, it := range d.Sections[1].Items {
			if it.ID == 6 {
				got = it.Status
			}
		}
		if got != c.want {
			t.Errorf("today %s: %s, want %s", c.today, got, c.want)
		}
	}
	year, _ := period.Parse("2024", period.Decree09)
	d := Build(Input{Plan: smallPlan(), Period: year, Today: "2026-01-01"})
	for _, it := range d.Sections[1].Items {
		if it.ID == 6 && it.Status != domain.ItemOverdue {
			t.Errorf("a task due 30/06 and open at the year's end is %s", it.Status)
		}
	}
}

func TestDocument(t *testing.T) {
	year, _ := period.Parse("2024", period.Decree09)
	d := Build(Input{Plan: smallPlan(), Period: year, Today: "2026-12-07", To: []string{"Sở Lao động - Thương binh và Xã hội"},
		Figures:  map[string]Figure{"TT-BUOI": {Code: "TT-BUOI", Name: "Số buổi tuyên truyền", Unit: "buổi", Value: "19"}},
		Appendix: []string{"TT-BUOI"},
		Stored:   domain.ResultsReport{Number: "20/BC-SGTVT", IssuedOn: "2024-12-20", Texts: map[string]string{"V": "Đề nghị bổ sung **kinh phí**."}}})
	doc := Document(d)
	if doc.Number != "20/BC-SGTVT" || doc.Date.Format("2006-01-02") != "2024-12-20" || doc.Type != "BÁO CÁO" {
		t.Errorf("header %q %v %q", doc.Number, doc.Date, doc.Type)
	}
	var headings []string
	for _, b := range doc.Blocks {
		if b.Kind == docx.Heading && b.Level == 1 {
			headings = append(headings, b.Label)
		}
	}
	if strings.Join(headings, " ") != "I II III IV V" {
		t.Errorf("level-1 headings %v: the plan's own parts must not read as the report's", headings)
	}
	if len(doc.Appendices) != 1 || doc.Appendices[0][2].Table == nil || doc.Appendices[0][2].Table.Rows[0][3] != "19" {
		t.Errorf("appendix %+v", doc.Appendices)
	}
	last := doc.Blocks[len(doc.Blocks)-1]
	if last.Text != "Đề nghị bổ sung kinh phí." {
		t.Errorf("the officer's Markdown is printed as %q", last.Text)
	}
	var buf bytes.Buffer
	if err := DOCX(&buf, d); err != nil || buf.Len() == 0 {
		t.Fatal(err)
	}
	buf.Reset()
	if err := AppendixXLSX(&buf, d); err != nil || buf.Len() == 0 {
		t.Fatal(err)
	}
}

func TestFigValue(t *testing.T) {
	for _, c := range []struct {
		in   string
		want any
	}{{"1.234", 1234.0}, {"22,50", 22.5}, {"", ""}, {"có", "có"}, {"40.000.000", 40000000.0}} {
		if got := figValue(c.in); got != c.want {
			t.Errorf("figValue(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// A letter is signed with the title its unit signs with, a deputy
// director's when the unit has none on record.
func TestLetterSignerTitle(t *testing.T) {
	q4, _ := period.Parse("2024Q4", period.Decree09)
	tpl := domain.Template{Name: "Báo cáo quý", Sections: []string{"Kết quả"}}
	for _, c := range []struct {
		title []string
		want  string
	}{
		{nil, "KT. GIÁM ĐỐC/PHÓ GIÁM ĐỐC"},
		{[]string{"GIÁM ĐỐC"}, "GIÁM ĐỐC"},
	} {
		d := Guidance(GuidanceInput{Issuer: "Sở Y tế", Template: tpl, Period: q4, DueOn: "2024-12-17", SignerTitle: c.title})
		if got := strings.Join(d.Signer.Title, "/"); got != c.want {
			t.Errorf("signer %q, want %q", got, c.want)
		}
		if !strings.Contains(strings.Join(d.Sections[0].Facts, " "), "trước ngày 17/12/2024") || !Document(d).Letter {
			t.Errorf("letter %+v", d.Sections[0].Facts)
		}
	}
}
