package results

import (
	"fmt"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
)

// The coordinator's summary (báo cáo tổng hợp): for a programme and period,
// what each agency reported in a few lines, the figures rolled up with each
// agency's share, and who reported late or not at all. It is drafted in the
// same five sections as a results report and leaves as the same document.

// Agency is one reporting agency as the summary sees it.
type Agency struct {
	Name string
	// Reports are the agency's periodic reports of the period, each as
	// one line ("Báo cáo quý IV/2024: đã tiếp nhận").
	Reports []string
	// Results and Problems are the first lines of what its latest
	// accepted (else submitted) report wrote under the template's first
	// and second sections.
	Results, Problems string
	// Assessment is the first lines of the assessment in its plan's
	// results report of the period, once sent.
	Assessment string
	// Missing: it owed a report of the period and sent none.
	Missing bool
}

// SummaryInput is what the caller loads for a summary.
type SummaryInput struct {
	Programme    domain.Programme
	Period       period.Period
	ParentIssuer string // "UBND TỈNH QUẢNG NINH"
	Issuer       string // the coordinating unit, as a sentence names it
	Place        string
	Scope        string   // "Tỉnh Quảng Ninh": whose agencies are summed up
	To           []string // "Ủy ban nhân dân tỉnh Quảng Ninh"
	Agencies     []Agency
	// Figures are the rolled-up figures of the templates' indicators, in
	// order, with each agency's part.
	Figures []Figure
	Late    []string
	Issued  []domain.OutgoingDoc
	Signer  Signer
	Stored  domain.ResultsReport
}

// Part is one agency's share of a rolled-up figure.
type Part struct {
	Unit  string `json:"unit"`
	Value string `json:"value"`
	Share string `json:"share,omitempty"` // "42,5%" of the total
}

// field names the programme's work in a title: "công tác trẻ em".
func field(p domain.Programme) string {
	switch p {
	case domain.ProgrammeChildren:
		return "công tác trẻ em"
	case domain.ProgrammeGender:
		return "công tác bình đẳng giới"
	}
	return "công tác trẻ em và bình đẳng giới"
}

// SummaryTitle is the summary's trích yếu.
func SummaryTitle(prog domain.Programme, per period.Period, scope string) string {
	t := "Tổng hợp kết quả " + field(prog) + " " + LowerFirst(per.Label("vi"))
	if scope != "" {
		t += " trên địa bàn " + LowerFirst(scope)
	}
	return t
}

// BuildSummary drafts the summary.
func BuildSummary(in SummaryInput) Draft {
	d := Draft{Kind: domain.KindSummary, Programme: in.Programme, Period: in.Period.ID, PeriodLabel: in.Period.Label("vi"), Status: in.Stored.Status, Version: in.Stored.Version}
	if d.Status == "" {
		d.Status = domain.ResultsDraft
	}
	d.Header = Header{ParentIssuer: in.ParentIssuer, Issuer: strings.ToUpper(in.Issuer), Unit: in.Issuer, Place: in.Place, Type: "BÁO CÁO",
		Number: in.Stored.Number, Date: in.Stored.IssuedOn, Title: SummaryTitle(in.Programme, in.Period, in.Scope), To: in.To}
	if d.Header.To == nil {
		d.Header.To = []string{}
	}
	reporting := 0
	for _, a := range in.Agencies {
		if !a.Missing {
			reporting++
		}
	}
	d.Opening = fmt.Sprintf("Trên cơ sở báo cáo của %d/%d cơ quan, đơn vị, %s tổng hợp kết quả %s %s như sau:",
		reporting, len(in.Agencies), in.Issuer, field(in.Programme), LowerFirst(in.Period.Label("vi")))
	direction := []string{}
	for _, doc := range in.Issued {
		direction = append(direction, fmt.Sprintf("%s số %s ngày %s về %s.", doc.Type, doc.Number, dayText(doc.IssuedOn), LowerFirst(strings.TrimSuffix(doc.Title, "."))))
	}
	var items []Item
	for i, a := range in.Agencies {
		it := Item{ID: int64(i + 1), Label: fmt.Sprint(i + 1), Kind: domain.KindTask, Depth: 1, Text: a.Name, Activities: []Activity{}, Figures: []Figure{}}
		var lines []string
		lines = append(lines, a.Reports...)
		if a.Results != "" {
			lines = append(lines, "Kết quả chính: "+a.Results)
		}
		if a.Problems != "" {
			lines = append(lines, "Tồn tại, hạn chế: "+a.Problems)
		}
		if a.Assessment != "" {
			lines = append(lines, "Đánh giá của đơn vị: "+a.Assessment)
		}
		if a.Missing {
			lines = append(lines, "Chưa gửi báo cáo của kỳ.")
		}
		it.Note = strings.Join(lines, "\n")
		items = append(items, it)
	}
	assessment := []string{fmt.Sprintf("%d/%d cơ quan, đơn vị đã gửi báo cáo.", reporting, len(in.Agencies))}
	assessment = append(assessment, in.Late...)
	d.Sections = []Section{
		{Key: domain.SectionDirection, Title: "Công tác chỉ đạo, hướng dẫn", Facts: direction},
		{Key: domain.SectionResults, Title: "Kết quả thực hiện của các cơ quan, đơn vị", Items: items, Facts: []string{}},
		{Key: domain.SectionAssessment, Title: "Đánh giá chung", Facts: assessment},
		{Key: domain.SectionNext, Title: "Nhiệm vụ trọng tâm " + nextPeriodLabel(in.Period), Facts: []string{}},
		{Key: domain.SectionProposals, Title: "Đề xuất, kiến nghị", Facts: []string{}},
	}
	for i := range d.Sections {
		d.Sections[i].Text = in.Stored.Texts[d.Sections[i].Key]
	}
	d.Appendix = in.Figures
	if d.Appendix == nil {
		d.Appendix = []Figure{}
	}
	d.Signer = in.Signer
	d.Signer.Title = signerTitle(d.Signer.Title)
	d.Signer.Recipients = recipients(in.To)
	if in.Stored.ApprovedBy != "" {
		d.Signer.Name = in.Stored.ApprovedBy
	}
	return d
}

// Shares fills each part's share of the total: the figure's parts are the
// agencies' values as numbers, in the order of parts.
func Shares(total float64, values []float64) []string {
	out := make([]string, len(values))
	if total == 0 {
		return out
	}
	for i, v := range values {
		out[i] = vntext.FormatDecimal(v/total*100, 1) + "%"
	}
	return out
}

// FirstLines keeps the first n lines of a narrative, whole.
func FirstLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
			if len(out) == n {
				break
			}
		}
	}
	return strings.Join(out, " ")
}
