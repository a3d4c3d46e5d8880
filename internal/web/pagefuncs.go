package web

import (
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/agenda"
	"tebdg/internal/domain"
	"tebdg/internal/observance"
	"tebdg/internal/orgtime"
	"tebdg/internal/plans"
	"tebdg/internal/vntext"
)

// Helpers templates call on the page, for the words of plans and reports.

// Deadline shows a deadline as the plan words it, else its dates.
func (p *Page) Deadline(d domain.Deadline) string { return plans.DeadlineText(d) }

// ObservanceName names an observance code in the page's language.
func (p *Page) ObservanceName(code string) string {
	for _, o := range observance.Builtin() {
		if o.Code == code {
			if p.Lang == "en" && o.NameEN != "" {
				return o.NameEN
			}
			return o.Name
		}
	}
	return code
}

// LegalStatus names a document's status.
func (p *Page) LegalStatus(s string) string { return domain.LegalStatusLabel(s, p.Lang) }

// ReorgKind names a kind of reorganisation.
func (p *Page) ReorgKind(k orgtime.Kind) string { return domain.ReorgKindLabel(k, p.Lang) }

// ReorgStatus names where a reorganisation stands.
func (p *Page) ReorgStatus(s domain.ReorgStatus) string { return domain.ReorgStatusLabel(s, p.Lang) }

// ReorgWhat names a kind of record a reorganisation moves.
func (p *Page) ReorgWhat(code string) string { return domain.ReorgWhatName(code, p.Lang) }

// Share shows a share of figures as a percentage: 60%, 33,3%.
func (p *Page) Share(x float64) string { return vntext.FormatDecimal(math.Round(x*1000)/10, -1) + "%" }

// Years shows a plan's years: "2024" or "2021–2025".
func (p *Page) Years(pl domain.Plan) string { return pl.YearsText() }

// StatusIcon is a symbol that goes with a status word, so colour is never
// the only signal.
func (p *Page) StatusIcon(s string) string {
	switch s {
	case "done", "approved", "sent", "accepted":
		return "✓"
	case "in_progress", "submitted":
		return "◐"
	case "overdue", "returned":
		return "!"
	case "cancelled":
		return "×"
	}
	return "○"
}

// Paragraphs splits a stored text into its paragraphs.
func (p *Page) Paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// DMY shows a stored YYYY-MM-DD day as dd/mm/yyyy.
func (p *Page) DMY(day string) string { return DMY(day) }

// Percent shows a 0–100 figure.
func (p *Page) Percent(n int) string { return strconv.Itoa(n) + "%" }

// MonthName is a short month heading.
func (p *Page) MonthName(m int) string {
	if p.Lang == "en" {
		return time.Month(m).String()[:3]
	}
	return "T" + strconv.Itoa(m)
}

// Int formats an integer the Vietnamese way.
func (p *Page) Int(n int) string { return vntext.FormatInt(int64(n)) }

// Depth limits an indentation level to what the stylesheet has classes for.
func (p *Page) Depth(d int) int { return min(d, 6) }

// ItemHeading is what a list shows for an item.
func (p *Page) ItemHeading(it *domain.PlanItem) string { return it.Heading() }

// FileSize shows a file's size.
func (p *Page) FileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return vntext.FormatDecimal(float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return vntext.FormatInt(n>>10) + " KB"
	}
	return vntext.FormatInt(n) + " B"
}

// IsImage reports whether a stored file is shown as a picture.
func (p *Page) IsImage(ctype string) bool { return strings.HasPrefix(ctype, "image/") }

// ChangeField names a field of a plan comparison.
func (p *Page) ChangeField(f string) string {
	names := map[string][2]string{
		"title": {"tiêu đề", "title"}, "text": {"nội dung", "text"}, "kind": {"loại", "kind"}, "lead": {"đơn vị chủ trì", "lead unit"},
		"deadline": {"thời hạn", "deadline"}, "supports": {"đơn vị phối hợp", "supporting units"}, "status": {"tình trạng", "status"},
		"progress": {"tiến độ", "progress"}, "number": {"số, ký hiệu", "number"}, "date": {"ngày ban hành", "date"},
		"issuer": {"cơ quan ban hành", "issuing body"}, "guidance": {"văn bản hướng dẫn", "guidance"}, "preamble": {"phần mở đầu", "preamble"},
	}
	if n, ok := names[f]; ok {
		return p.T(n[0], n[1])
	}
	return f
}

// itemNode pairs a plan item with the page, for recursive partials.
type itemNode struct {
	P *Page
	N *domain.PlanItem
}

// Preview wraps an item for the "previewnode" partial.
func (p *Page) Preview(it *domain.PlanItem) itemNode { return itemNode{p, it} }

// itemForm is what the "itemfields" partial renders: an item's editable
// fields, filled from the item or, after a problem, from the form.
type itemForm struct {
	P            *Page
	Item         *domain.PlanItem
	FromForm     bool
	Kinds        []domain.ItemKind
	Kind, Prefix string
	Text         string
	TextErr      string
}

// ItemForm prepares the item fields for a new item (it nil) or an edit.
func (p *Page) ItemForm(it *domain.PlanItem, fromForm bool, kinds []domain.ItemKind) itemForm {
	f := itemForm{P: p, Item: it, FromForm: fromForm, Kinds: kinds, Kind: string(domain.KindTask), Prefix: "new-"}
	if it == nil {
		f.Item = &domain.PlanItem{}
	} else {
		f.Prefix, f.Kind, f.Text = "", string(it.Kind), it.Text
	}
	if fromForm {
		f.Kind, f.Text, f.TextErr = p.Form.Get("kind"), p.Form.Get("text"), p.Form.Err("text")
	}
	return f
}

// ItemField is an input of the item form.
func (f itemForm) ItemField(spec, vi, en, stored string) fieldView {
	fv := f.P.EditField(f.P.Field(spec, vi, en), stored, f.FromForm)
	fv.ID = f.Prefix + fv.ID
	return fv
}

// planNav is what the "plansubnav" partial renders.
type planNav struct {
	P       *Page
	Plan    domain.Plan
	Current string
	Years   []int
	Year    int
}

// PlanNav prepares the navigation between a plan's views.
func (p *Page) PlanNav(pl domain.Plan, current string, years []int, year int) planNav {
	return planNav{P: p, Plan: pl, Current: current, Years: years, Year: year}
}

// PeriodTypeLabel names a period type.
func (p *Page) PeriodTypeLabel(t string) string {
	names := map[string][2]string{"monthly": {"Tháng", "Monthly"}, "quarterly": {"Quý", "Quarterly"}, "sixmonthly": {"6 tháng", "Six-monthly"},
		"ninemonthly": {"9 tháng", "Nine-monthly"}, "yearly": {"Năm", "Yearly"}}
	if n, ok := names[t]; ok {
		return p.T(n[0], n[1])
	}
	return t
}

// Int64 writes a whole number with Vietnamese grouping.
func (p *Page) Int64(n int64) string { return vntext.FormatInt(n) }

// OptionName names an option code from a list in the page's language.
func (p *Page) OptionName(opts []domain.Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label(p.Lang)
		}
	}
	return code
}

// Has reports whether a list holds a value (for checkboxes).
func (p *Page) Has(list []string, v string) bool { return slices.Contains(list, v) }

// SourceText says where an indicator's values come from.
func (p *Page) SourceText(source string) string {
	src, ok, err := domain.ParseSource(source)
	if err != nil || !ok {
		return p.T("Đơn vị nhập trong báo cáo", "Entered by units in their reports")
	}
	m, _ := domain.MetricOf(src.Metric)
	out := p.T("Tính từ hồ sơ: ", "Computed from records: ") + p.T(m.Name, m.NameEN)
	if len(src.Types) > 0 {
		var names []string
		kinds := domain.MetricKinds(src.Metric)
		for _, t := range src.Types {
			names = append(names, p.OptionName(kinds, t))
		}
		out += " (" + strings.Join(names, ", ") + ")"
	}
	return out
}

// EntryCard shows an agenda entry in the page's language.
type EntryCard struct {
	P *Page
	E agenda.Entry
}

// EntryView wraps an entry for the "entry" partial.
func (p *Page) EntryView(e agenda.Entry) EntryCard { return EntryCard{p, e} }

// EventTime is when an event happens, as a calendar line shows it. It
// takes an event or a pointer to one, as templates hold both.
func (p *Page) EventTime(v any) string {
	var e domain.Event
	switch x := v.(type) {
	case domain.Event:
		e = x
	case *domain.Event:
		e = *x
	default:
		return ""
	}
	if e.AllDay {
		if e.End.After(e.Start) {
			return p.T("Cả ngày, đến ", "All day, to ") + vntext.FormatDate(e.End.In(vntext.Location))
		}
		return p.T("Cả ngày", "All day")
	}
	s, en := e.Start.In(vntext.Location), e.End.In(vntext.Location)
	out := s.Format("15:04")
	switch {
	case en.Equal(s):
	case en.Year() == s.Year() && en.YearDay() == s.YearDay():
		out += "–" + en.Format("15:04")
	default:
		out += " – " + vntext.FormatDateTime(en)
	}
	return out
}

// Lines shows a plain text with its line breaks, escaped.
func (p *Page) Lines(s string) template.HTML {
	parts := strings.Split(s, "\n")
	for i, l := range parts {
		parts[i] = template.HTMLEscapeString(l)
	}
	return template.HTML(strings.Join(parts, "<br>")) //nolint:gosec // every part is escaped above
}

// KindLabel names a kind of service in the page's language.
func (p *Page) KindLabel(k domain.ServiceKind) string { return k.Label(p.Lang) }

// CatName names a category in the page's language.
func (p *Page) CatName(c domain.PostCategory) string { return c.DisplayName(p.Lang) }

// TelURI is a tel: link for a phone number as written.
func (p *Page) TelURI(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String()) //nolint:gosec // digits and + only
}

// Title is the entry's title in the page's language.
func (v EntryCard) Title() string { return v.P.T(v.E.Title, v.E.TitleEN) }

// Detail is the entry's second line.
func (v EntryCard) Detail() string {
	if v.E.Kind == agenda.KindTask && v.E.OrgName != "" {
		return v.P.T("Chủ trì: ", "Lead: ") + v.E.OrgName
	}
	return v.P.T(v.E.Detail, v.E.DetailEN)
}

// KindLabel names the kind of entry.
func (v EntryCard) KindLabel() string {
	switch v.E.Kind {
	case agenda.KindTask:
		return v.P.T("Hạn nhiệm vụ", "Task due")
	case agenda.KindReport:
		return v.P.T("Hạn báo cáo", "Report due")
	case agenda.KindObservance:
		return v.P.T("Ngày lễ", "Observance")
	case agenda.KindPrep:
		return v.P.T("Chuẩn bị", "Prepare")
	}
	return ""
}
