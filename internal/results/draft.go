// Package results drafts the results report of a plan for a period (báo
// cáo kết quả thực hiện kế hoạch): from the plan's tree, the activity log,
// the figures and the register of outgoing documents it writes every part a
// reader needs, in the plan's own order and numbering, and leaves the
// officer only the judgement. It is pure: the caller loads the facts, this
// package lays them out, and DOCX and XLSX write the layout.
package results

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
)

// Figure is an indicator's figures for the report: the period's value, the
// target for the year and the same period a year before, formatted.
type Figure struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Value    string `json:"value"`               // "" when no unit reported it
	LastYear string `json:"last_year,omitempty"` // the same period a year before
	Target   string `json:"target,omitempty"`
	// Missed: a target is set and the value is below it (or missing).
	Missed bool `json:"missed,omitempty"`
	// Parts are the agencies' values and shares, in a summary.
	Parts []Part `json:"parts,omitempty"`
}

// Input is what the caller loads for a draft.
type Input struct {
	Plan   domain.Plan // with its item tree
	Period period.Period
	Today  string   // YYYY-MM-DD: what is late is judged at min(today, end of period)
	To     []string // the addressees: the coordinating units
	// Activities are the plan's activities that started in the period;
	// Evidence counts each one's files.
	Activities []domain.Activity
	Evidence   map[int64]int
	// Figures holds each indicator's figures by code; Appendix lists the
	// codes of the report's indicator table, in order.
	Figures  map[string]Figure
	Appendix []string
	// Issued are the documents the unit issued in the period (the register).
	Issued []domain.OutgoingDoc
	// Late lists the periodic reports the unit sent late or not at all.
	Late []string
	// Next is the plan of the next period, when one exists.
	Next *domain.Plan
	// Stored is what the officer wrote and the workflow.
	Stored domain.ResultsReport
}

// Draft is the results report as a document: its header, its five
// sections, the appendix of figures and the signature.
type Draft struct {
	Kind        string               `json:"kind"`           // domain.KindPlanResults or KindSummary
	Plan        int64                `json:"plan,omitempty"` // a plan's results report
	Programme   domain.Programme     `json:"programme,omitempty"`
	Period      string               `json:"period"`
	PeriodLabel string               `json:"period_label"`
	Status      domain.ResultsStatus `json:"status"`
	Version     int                  `json:"version"`
	Header      Header               `json:"header"`
	Opening     string               `json:"opening"`
	Closing     string               `json:"closing,omitempty"` // a letter's last line
	DueOn       string               `json:"due_on,omitempty"`  // a letter's deadline for what it asks
	Sections    []Section            `json:"sections"`
	Appendix    []Figure             `json:"appendix"`
	Signer      Signer               `json:"signer"`
	Totals      Totals               `json:"totals"`
}

// Header is the document's first lines.
type Header struct {
	ParentIssuer string   `json:"parent_issuer,omitempty"`
	Issuer       string   `json:"issuer"`
	Unit         string   `json:"unit"`             // the issuer as a sentence names it: "Sở Giao thông vận tải"
	Number       string   `json:"number,omitempty"` // given at approval
	Place        string   `json:"place,omitempty"`
	Date         string   `json:"date,omitempty"` // YYYY-MM-DD, the day of approval
	Type         string   `json:"type"`
	Title        string   `json:"title"`
	To           []string `json:"to"`
}

// Signer is the foot of the document.
type Signer struct {
	Title      []string `json:"title"`
	Name       string   `json:"name,omitempty"`
	Recipients []string `json:"recipients"`
}

// Totals sum up the work of the period, for the assessment and the page.
type Totals struct {
	Tasks        int   `json:"tasks"`
	Done         int   `json:"done"`
	InProgress   int   `json:"in_progress"`
	NotStarted   int   `json:"not_started"`
	Late         int   `json:"late"`
	Cancelled    int   `json:"cancelled"`
	Activities   int   `json:"activities"`
	Participants int   `json:"participants"`
	Cost         int64 `json:"cost_vnd"`
}

// Section is one of I–V: what the officer wrote, and what tebdg filled in.
type Section struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Text  string `json:"text"` // the officer's, Markdown
	// Facts are the sentences tebdg writes from the records (I: documents
	// issued, III: what was and was not achieved, IV: the next plan's
	// tasks), for the officer to keep, explain or add to.
	Facts []string `json:"facts"`
	Items []Item   `json:"items,omitempty"` // II: the plan's tree
}

// Item is an item of the plan in section II.
type Item struct {
	ID         int64             `json:"id"`
	Label      string            `json:"label"`
	Kind       domain.ItemKind   `json:"kind"`
	Depth      int               `json:"depth"`
	Text       string            `json:"text"` // whole, never cut
	Lead       string            `json:"lead,omitempty"`
	Supports   []string          `json:"supports,omitempty"`
	Deadline   string            `json:"deadline,omitempty"`
	Status     domain.ItemStatus `json:"status,omitempty"`
	Progress   int               `json:"progress"`
	Note       string            `json:"note,omitempty"` // the last progress report's comment
	Activities []Activity        `json:"activities"`
	Figures    []Figure          `json:"figures"`
	// Parent: a task carried out through the activities under it, whose
	// status is theirs together.
	Parent bool `json:"parent,omitempty"`
}

// Activity is one line of what was done.
type Activity struct {
	ID           int64               `json:"id"`
	Title        string              `json:"title"`
	Dates        string              `json:"dates"` // "22/03/2024" or "15/05/2024 – 17/05/2024"
	Place        string              `json:"place,omitempty"`
	Unit         string              `json:"unit"`
	Participants domain.Participants `json:"participants"`
	Products     string              `json:"products,omitempty"`
	Outcome      string              `json:"outcome,omitempty"`
	Cost         int64               `json:"cost_vnd"`
	Evidence     int                 `json:"evidence"`
}

// Build drafts the report.
func Build(in Input) Draft {
	p := in.Plan
	d := Draft{Kind: domain.KindPlanResults, Plan: p.ID, Period: in.Period.ID, PeriodLabel: in.Period.Label("vi"), Status: in.Stored.Status, Version: in.Stored.Version}
	if d.Status == "" {
		d.Status = domain.ResultsDraft
	}
	d.Header = Header{ParentIssuer: p.Header.ParentIssuer, Issuer: p.Header.Issuer, Place: p.Header.Place, Type: "BÁO CÁO",
		Number: in.Stored.Number, Date: in.Stored.IssuedOn, Title: Title(p, in.Period), To: in.To, Unit: p.OrgName}
	if d.Header.Issuer == "" {
		d.Header.Issuer = strings.ToUpper(p.OrgName)
	}
	if d.Header.To == nil {
		d.Header.To = []string{}
	}
	d.Opening = opening(p, in.Period)
	asOf := in.Today
	if end := in.Period.End.Format(time.DateOnly); end < asOf {
		asOf = end
	}
	items, loose, totals := itemsOf(in, asOf)
	d.Totals = totals
	texts := in.Stored.Texts
	d.Sections = []Section{
		{Key: domain.SectionDirection, Title: "Công tác chỉ đạo, triển khai thực hiện", Facts: directionFacts(in)},
		{Key: domain.SectionResults, Title: "Kết quả thực hiện các nhiệm vụ", Items: items, Facts: looseFacts(loose)},
		{Key: domain.SectionAssessment, Title: "Đánh giá chung", Facts: assessmentFacts(in, items, totals, asOf)},
		{Key: domain.SectionNext, Title: "Nhiệm vụ trọng tâm " + nextPeriodLabel(in.Period), Facts: nextFacts(in, items)},
		{Key: domain.SectionProposals, Title: "Đề xuất, kiến nghị", Facts: []string{}},
	}
	for i := range d.Sections {
		d.Sections[i].Text = texts[d.Sections[i].Key]
		if d.Sections[i].Facts == nil {
			d.Sections[i].Facts = []string{}
		}
	}
	d.Appendix = []Figure{}
	for _, code := range in.Appendix {
		if f, ok := in.Figures[code]; ok {
			d.Appendix = append(d.Appendix, f)
		}
	}
	d.Signer = Signer{Name: p.Signer.Name, Recipients: recipients(in.To)}
	if p.Signer.Title != "" {
		d.Signer.Title = strings.Split(p.Signer.Title, "\n")
	} else {
		d.Signer.Title = []string{}
	}
	if in.Stored.ApprovedBy != "" {
		d.Signer.Name = in.Stored.ApprovedBy // the leader who approved is the one who signs
	}
	return d
}

// Title is the report's trích yếu: "Kết quả thực hiện Kế hoạch số
// 15/KH-SGTVT ngày 10/02/2024 về triển khai thực hiện … năm 2024", with the
// period named when it is not the plan's whole year.
func Title(p domain.Plan, per period.Period) string {
	var b strings.Builder
	b.WriteString("Kết quả thực hiện Kế hoạch")
	if p.Header.Number != "" {
		b.WriteString(" số " + p.Header.Number)
	}
	if day := dayText(p.Header.Date); day != "" {
		b.WriteString(" ngày " + day)
	}
	b.WriteString(" về " + LowerFirst(p.Header.Title))
	if per.Type != period.Yearly {
		b.WriteString(" (" + LowerFirst(per.Label("vi")) + ")")
	}
	return b.String()
}

func opening(p domain.Plan, per period.Period) string {
	ref := "Kế hoạch"
	if p.Header.Number != "" {
		ref += " số " + p.Header.Number
	}
	if day := dayText(p.Header.Date); day != "" {
		ref += " ngày " + day
	}
	org := p.OrgName
	return fmt.Sprintf("Thực hiện %s của %s về %s, %s báo cáo kết quả thực hiện %s như sau:",
		ref, org, LowerFirst(p.Header.Title), org, LowerFirst(per.Label("vi")))
}

// itemsOf walks the plan in its order: sections and objectives as headings,
// tasks and activities with their assignment, status, activities and
// figures. Notes only organise the text and are left out. It returns the
// activities that name no item of the plan apart.
func itemsOf(in Input, asOf string) ([]Item, []Activity, Totals) {
	byItem := map[int64][]Activity{}
	var loose []Activity
	known := map[int64]bool{}
	domain.Walk(in.Plan.Items, func(it *domain.PlanItem, _ int) { known[it.ID] = true })
	acts := append([]domain.Activity(nil), in.Activities...)
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Start < acts[j].Start })
	var t Totals
	for _, a := range acts {
		line := Activity{ID: a.ID, Title: a.Title, Dates: datesText(a.Start, a.End), Place: a.Place, Unit: a.OrgName,
			Participants: a.Participants, Products: a.Products, Outcome: a.Outcome, Cost: a.Cost, Evidence: in.Evidence[a.ID]}
		t.Activities++
		t.Participants += a.Participants.Total
		t.Cost += a.Cost
		if known[a.PlanItemID] {
			byItem[a.PlanItemID] = append(byItem[a.PlanItemID], line)
		} else {
			loose = append(loose, line)
		}
	}
	var out []Item
	domain.Walk(in.Plan.Items, func(it *domain.PlanItem, depth int) {
		// Notes only organise the text, and what holds no task (the
		// plan's objectives) has no result to report.
		if it.Kind == domain.KindNote || !it.Kind.Trackable() && !it.HasTrackableChild() {
			return
		}
		item := Item{ID: it.ID, Label: it.Label, Kind: it.Kind, Depth: depth, Text: wholeText(it),
			Activities: byItem[it.ID], Figures: []Figure{}}
		if item.Activities == nil {
			item.Activities = []Activity{}
		}
		for _, code := range it.Indicators {
			if f, ok := in.Figures[code]; ok {
				item.Figures = append(item.Figures, f)
			}
		}
		if it.Kind.Trackable() {
			item.Lead = it.LeadName
			for _, s := range it.Supports {
				item.Supports = append(item.Supports, s.Name)
			}
			item.Deadline = deadlineText(it.Deadline)
			item.Status, item.Progress, item.Note = it.DisplayStatus(asOf), it.Progress, it.LastComment
			if it.HasTrackableChild() {
				// A task carried out through its activities stands where
				// they stand together: its own status is never reported.
				item.Status, item.Progress = rolledUp(domain.RollupOf([]*domain.PlanItem{it}, asOf))
				item.Parent = true
			} else {
				t.Tasks++
				switch item.Status {
				case domain.ItemDone:
					t.Done++
				case domain.ItemInProgress:
					t.InProgress++
				case domain.ItemNotStarted:
					t.NotStarted++
				case domain.ItemOverdue:
					t.Late++
				case domain.ItemCancelled:
					t.Cancelled++
				}
			}
		}
		out = append(out, item)
	})
	return out, loose, t
}

// rolledUp is the status and progress of a task from those of its leaves.
func rolledUp(r domain.Rollup) (domain.ItemStatus, int) {
	switch {
	case r.Leaves == 0 && r.Cancelled > 0: // Leaves counts no cancelled leaf
		return domain.ItemCancelled, 0
	case r.Leaves > 0 && r.Done == r.Leaves:
		return domain.ItemDone, r.Progress
	case r.Overdue > 0:
		return domain.ItemOverdue, r.Progress
	case r.Done+r.InProgress > 0:
		return domain.ItemInProgress, r.Progress
	}
	return domain.ItemNotStarted, r.Progress
}

// wholeText is the item's text as the plan has it: its title, then the
// rest of its text when that says more. Nothing is cut.
func wholeText(it *domain.PlanItem) string {
	title := strings.TrimSpace(it.Title)
	text := strings.TrimSpace(it.Text)
	switch {
	case title == "":
		return text
	case text == "" || text == title:
		return title
	case strings.HasPrefix(text, title):
		return text
	}
	return title + "\n" + text
}

func looseFacts(loose []Activity) []string {
	out := []string{}
	for _, a := range loose {
		out = append(out, ActivityLine(a))
	}
	return out
}

// ActivityLine writes an activity as one sentence of the report: what, when,
// where, who came (by sex and age), what was made and spent, the evidence.
func ActivityLine(a Activity) string {
	var b strings.Builder
	b.WriteString(a.Title)
	b.WriteString(" (" + a.Dates)
	if a.Place != "" {
		b.WriteString(", " + a.Place)
	}
	b.WriteString(")")
	if a.Unit != "" {
		b.WriteString(", do " + a.Unit + " thực hiện")
	}
	if p := a.Participants; p.Total > 0 {
		b.WriteString("; " + vntext.FormatInt(int64(p.Total)) + " lượt người tham gia")
		if p.Split() > 0 {
			var parts []string
			add := func(n int, what string) {
				if n > 0 {
					parts = append(parts, vntext.FormatInt(int64(n))+" "+what)
				}
			}
			add(p.MaleChildren, "trẻ em nam")
			add(p.FemaleChildren, "trẻ em nữ")
			add(p.MaleAdults, "nam từ 16 tuổi")
			add(p.FemaleAdults, "nữ từ 16 tuổi")
			b.WriteString(" (" + strings.Join(parts, ", ") + ")")
		}
	}
	if a.Products != "" {
		b.WriteString("; sản phẩm: " + a.Products)
	}
	if a.Cost > 0 {
		b.WriteString("; kinh phí " + vntext.FormatMoney(a.Cost))
	}
	if a.Outcome != "" {
		b.WriteString(". " + strings.TrimSuffix(a.Outcome, "."))
	}
	if a.Evidence > 0 {
		b.WriteString(" (" + strconv.Itoa(a.Evidence) + " tài liệu minh chứng)")
	}
	return b.String() + "."
}

// FigureLine writes a figure as one line: "Số mũ bảo hiểm trao cho trẻ
// em: 1.200 cái (chỉ tiêu 1.000 cái; cùng kỳ năm trước 900 cái)".
func FigureLine(f Figure) string {
	value := f.Value
	if value == "" {
		value = "chưa có số liệu"
	} else if f.Unit != "" && f.Unit != "%" {
		value += " " + f.Unit
	} else if f.Unit == "%" {
		value += "%"
	}
	var extra []string
	if f.Target != "" {
		extra = append(extra, "chỉ tiêu "+withUnit(f.Target, f.Unit))
	}
	if f.LastYear != "" {
		extra = append(extra, "cùng kỳ năm trước "+withUnit(f.LastYear, f.Unit))
	}
	line := f.Name + ": " + value
	if len(extra) > 0 {
		line += " (" + strings.Join(extra, "; ") + ")"
	}
	return line
}

func withUnit(v, unit string) string {
	switch unit {
	case "":
		return v
	case "%":
		return v + "%"
	}
	return v + " " + unit
}

// directionFacts lists the documents the unit issued in the period, the
// plan first when it was issued then.
func directionFacts(in Input) []string {
	out := []string{}
	for _, d := range in.Issued {
		if in.Stored.ID != 0 && d.OwnerKind == "results" && d.OwnerID == in.Stored.ID {
			continue // the report does not cite itself
		}
		out = append(out, fmt.Sprintf("%s số %s ngày %s về %s.", d.Type, d.Number, dayText(d.IssuedOn), LowerFirst(strings.TrimSuffix(d.Title, "."))))
	}
	return out
}

// assessmentFacts writes what was and was not achieved from the records:
// the tasks done, those late or not started, targets missed and reports
// sent late. The officer explains them in the section's text.
func assessmentFacts(in Input, items []Item, t Totals, asOf string) []string {
	out := []string{}
	if t.Tasks > 0 {
		out = append(out, fmt.Sprintf("Đã hoàn thành %d/%d nhiệm vụ của kế hoạch; %d nhiệm vụ đang thực hiện; %d nhiệm vụ chưa triển khai; %d nhiệm vụ quá hạn.",
			t.Done, t.Tasks, t.InProgress, t.NotStarted, t.Late))
	}
	if t.Activities > 0 {
		s := fmt.Sprintf("Đã tổ chức %d hoạt động với %s lượt người tham gia", t.Activities, vntext.FormatInt(int64(t.Participants)))
		if t.Cost > 0 {
			s += ", tổng kinh phí " + vntext.FormatMoney(t.Cost)
		}
		out = append(out, s+".")
	}
	for _, it := range items {
		if !it.Kind.Trackable() || it.Parent {
			continue
		}
		name := itemRef(it)
		switch it.Status {
		case domain.ItemOverdue:
			out = append(out, fmt.Sprintf("Nhiệm vụ %s chưa hoàn thành, đã quá thời hạn %s (tiến độ %d%%).", name, it.Deadline, it.Progress))
		case domain.ItemNotStarted:
			if len(it.Activities) == 0 {
				out = append(out, fmt.Sprintf("Nhiệm vụ %s chưa được triển khai.", name))
			}
		}
	}
	seen := map[string]bool{}
	for _, it := range items {
		for _, f := range it.Figures {
			if f.Missed && !seen[f.Code] {
				seen[f.Code] = true
				out = append(out, "Chưa đạt chỉ tiêu: "+FigureLine(f)+".")
			}
		}
	}
	for _, code := range in.Appendix {
		if f, ok := in.Figures[code]; ok && f.Missed && !seen[code] {
			seen[code] = true
			out = append(out, "Chưa đạt chỉ tiêu: "+FigureLine(f)+".")
		}
	}
	out = append(out, in.Late...)
	return out
}

// itemRef names an item in a sentence: its label and its text's first line.
func itemRef(it Item) string {
	first, _, _ := strings.Cut(it.Text, "\n")
	first = strings.TrimSuffix(strings.TrimSpace(first), ".")
	if it.Label != "" && it.Label != "-" && it.Label != "+" {
		return it.Label + " “" + first + "”"
	}
	return "“" + first + "”"
}

// nextFacts lists the tasks for the next period: the next plan's tasks
// when it exists, else the tasks of this plan still open.
func nextFacts(in Input, items []Item) []string {
	out := []string{}
	if in.Next != nil {
		// The next plan's tasks at their highest level: a task's own
		// activities are its detail, not more tasks.
		var visit func(its []*domain.PlanItem)
		visit = func(its []*domain.PlanItem) {
			for _, it := range its {
				if !it.Kind.Trackable() {
					visit(it.Children)
					continue
				}
				line := itemRef(Item{Label: it.Label, Text: wholeText(it)})
				if it.LeadName != "" {
					line += " – " + it.LeadName + " chủ trì"
				}
				if dl := deadlineText(it.Deadline); dl != "" {
					line += ", thời hạn " + dl
				}
				out = append(out, line+".")
			}
		}
		visit(in.Next.Items)
		if len(out) > 0 {
			return out
		}
	}
	for _, it := range items {
		if it.Kind.Trackable() && !it.Parent && (it.Status.Open() || it.Status == domain.ItemOverdue) {
			out = append(out, "Tiếp tục thực hiện nhiệm vụ "+itemRef(it)+".")
		}
	}
	return out
}

func nextPeriodLabel(p period.Period) string {
	if p.Type == period.Yearly {
		return "năm " + strconv.Itoa(p.Year()+1)
	}
	return "thời gian tới"
}

func recipients(to []string) []string {
	out := []string{}
	if len(to) > 0 {
		out = append(out, "Như trên")
	}
	return append(out, "Lưu: VT")
}

func datesText(start, end string) string {
	s := dayText(start)
	if end == "" || end == start {
		return s
	}
	return s + " – " + dayText(end)
}

func dayText(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return vntext.FormatDate(t)
}

func deadlineText(d domain.Deadline) string {
	if d.Text != "" {
		return d.Text
	}
	if d.End == "" {
		return ""
	}
	if d.Start != "" && d.Start != d.End {
		return dayText(d.Start) + " – " + dayText(d.End)
	}
	return dayText(d.End)
}

// LowerFirst lowers the first letter of a title used inside a sentence
// ("Triển khai thực hiện …" → "triển khai thực hiện …"), leaving names
// that begin with two capitals ("UBND", "Quý") as they are only when the
// second letter is a capital too.
func LowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	if len(r) > 1 && strings.ToUpper(string(r[1])) == string(r[1]) && strings.ToLower(string(r[1])) != string(r[1]) {
		return s
	}
	r[0] = []rune(strings.ToLower(string(r[0])))[0]
	return string(r)
}
