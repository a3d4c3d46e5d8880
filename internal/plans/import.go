// Package plans holds the plan logic that is neither storage nor HTTP:
// turning a parsed document into a plan, exporting a plan to DOCX and XLSX,
// comparing two versions, and the work views (by quarter, by month, by
// unit). It is pure: it reads and returns domain values.
package plans

import (
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/planparse"
	"tebdg/internal/vntext"
)

// FromDocument turns a parsed plan document into a plan of the unit org for
// the given years, its items and the documents they cite. Item kinds are
// inferred: top-level headings are sections; everything under a section
// about objectives ("Mục tiêu, yêu cầu") is an objective; numbered entries
// are tasks; bullets under a task are its activities; a parenthesised
// remark on its own is a note. Deadlines and observances found by the
// parser become the items' deadline and observance hints.
func FromDocument(doc *planparse.Document, org string, yearFrom, yearTo int) (domain.Plan, []*domain.PlanItem, []domain.ItemRef) {
	h := doc.Header
	p := domain.Plan{
		OrgCode: org, YearFrom: yearFrom, YearTo: yearTo, Preamble: doc.Preamble,
		Header: domain.PlanHeader{Issuer: h.Issuer, ParentIssuer: h.ParentIssuer, Number: h.Number, Place: h.Place,
			Date: h.Date, Type: h.Type, Title: h.Title, Guidance: h.Guidance},
	}
	if p.Header.Type == "" {
		p.Header.Type = "KẾ HOẠCH"
	}
	type located struct {
		item *domain.PlanItem
		line int
	}
	var order []located
	var convert func(src []*planparse.Item, depth int, objective bool) []*domain.PlanItem
	convert = func(src []*planparse.Item, depth int, objective bool) []*domain.PlanItem {
		out := make([]*domain.PlanItem, 0, len(src))
		for _, s := range src {
			it := &domain.PlanItem{Label: s.Label, Title: s.Title, Text: s.Text, Status: domain.ItemNotStarted}
			obj := objective || depth == 0 && strings.Contains(vntext.Fold(s.Title+" "+s.Text), "muc tieu")
			it.Kind = inferKind(s, depth, obj)
			if len(s.Deadlines) > 0 {
				d := s.Deadlines[0]
				it.Deadline = domain.Deadline{Text: d.Text, Start: d.Start, End: d.End, Recurring: d.Recurring}
				if d.Recurring {
					// "hằng năm" falls in the plan's own year, whatever year
					// the text was written for.
					it.Deadline.Start, it.Deadline.End = inYear(d.Start, yearFrom), inYear(d.End, yearFrom)
				}
			}
			if len(s.Observances) > 0 {
				it.Observance = s.Observances[0]
			}
			order = append(order, located{it, s.Line})
			it.Children = convert(s.Children, depth+1, obj)
			out = append(out, it)
		}
		return out
	}
	items := convert(doc.Items, 0, false)
	// A reference belongs to the last item that starts on or before its
	// line; references above the first item belong to the plan itself.
	var refs []domain.ItemRef
	for _, r := range doc.References {
		ref := domain.ItemRef{Doc: domain.LegalDoc{Type: r.Type, Number: r.Number, Title: r.Title, Year: r.Year,
			Date: r.Date, Issuer: r.Issuer, Status: "unknown"}}
		for _, l := range order {
			if l.line <= r.Line {
				ref.Item = l.item
			}
		}
		refs = append(refs, ref)
	}
	return p, items, refs
}

func inferKind(s *planparse.Item, depth int, objective bool) domain.ItemKind {
	bullet := s.Label == "-" || s.Label == "+" || s.Label == "•" || s.Label == "*"
	text := strings.TrimSpace(s.Title + s.Text)
	switch {
	case depth == 0 && (len(s.Children) > 0 || !bullet):
		return domain.KindSection
	case strings.HasPrefix(text, "(") && len(s.Children) == 0:
		return domain.KindNote
	case objective:
		return domain.KindObjective
	case bullet && depth >= 2:
		return domain.KindActivity
	}
	return domain.KindTask
}

// inYear moves a YYYY-MM-DD day into year (29 February to the 28th).
func inYear(day string, year int) string {
	if len(day) != 10 || year == 0 {
		return day
	}
	md := day[4:]
	if md == "-02-29" && !(year%4 == 0 && (year%100 != 0 || year%400 == 0)) {
		md = "-02-28"
	}
	return strconv.Itoa(year) + md
}
