package web

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// LoggableUnits are the units where u may log activities: those whose
// data they enter.
func (s *Server) LoggableUnits(r *http.Request, u domain.User) ([]domain.OrgUnit, error) {
	sc := auth.EventWriteScope(u)
	if sc.Empty() {
		return nil, nil
	}
	units, _, err := s.store.OrgUnits(r.Context(), sc, store.OrgFilter{}, nil)
	return SortUnits(units, State(r).Lang), err
}

// DayStart is the instant a calendar date begins in Vietnam.
func DayStart(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vntext.Location)
}

// UserAncestors lists the units above the user's own.
func UserAncestors(u domain.User) []string {
	_, a := auth.PlanReadScope(u)
	return a
}

// SortUnits orders a flat list the same way, for select boxes: depth first,
// each child after its parent, indented by Depth.
func SortUnits(units []domain.OrgUnit, lang string) []domain.OrgUnit {
	var out []domain.OrgUnit
	var walk func([]*OrgNode, int)
	walk = func(ns []*OrgNode, depth int) {
		for _, n := range ns {
			o := n.OrgUnit
			o.Depth = depth
			out = append(out, o)
			walk(n.Children, depth+1)
		}
	}
	walk(BuildTree(units, lang), 0)
	return out
}

// Today is the date in Vietnam by the application's clock, as YYYY-MM-DD.
func (s *Server) Today() string { return s.Now().In(vntext.Location).Format(time.DateOnly) }

// TrimTo bounds a query typed into a search box, on a character boundary.
func TrimTo(s string, n int) string { return vntext.Truncate(strings.TrimSpace(s), n) }

// Lines splits a text area into its non-empty lines, trimmed.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// BaseURL is the application's address as configured, or as this request
// reached it.
func (s *Server) BaseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if State(r).Secure { // TLS here, or a trusted proxy saying so
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// ListXLSX writes a list as a spreadsheet that an import reads back: the
// header in the first row, whole numbers as numbers, the rest as text.
func ListXLSX(buf *bytes.Buffer, sheetName string, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for j, h := range header {
		c, _ := excelize.CoordinatesToCellName(j+1, 1)
		_ = f.SetCellValue(sheetName, c, h)
		_ = f.SetCellStyle(sheetName, c, c, bold)
		col, _ := excelize.ColumnNumberToName(j + 1)
		_ = f.SetColWidth(sheetName, col, col, 22)
	}
	for i, row := range rows {
		for j, v := range row {
			c, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && len(v) < 16 {
				_ = f.SetCellValue(sheetName, c, n)
			} else {
				_ = f.SetCellStr(sheetName, c, v)
			}
		}
	}
	return f.Write(buf)
}

// DueReport is a report a user's unit owes or owed: one line of the "due
// and overdue" lists.
type DueReport = agenda.Duty

// ReportDuties lists, for the units the user enters data for, the reports
// of the recent periods of every active template: the period running now
// and the two before it. With openOnly, reports already submitted or
// accepted are left out.
func (s *Server) ReportDuties(r *http.Request, u domain.User, openOnly bool) ([]DueReport, error) {
	if auth.IsAdmin(u) {
		return nil, nil // admins keep the system; they owe no report
	}
	all, err := agenda.RecentDuties(r.Context(), s.store, agenda.Today(s.Now()), openOnly)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, d := range all {
		if auth.CanEnterReport(u, d.Org.Path) {
			out = append(out, d)
		}
	}
	return out, nil
}

// ParseNumber reads a number as Vietnamese users type it ("1.234.567",
// "12,5") or as other software writes it ("1234.5").
func ParseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if n, err := vntext.ParseInt(s); err == nil {
		return float64(n), nil
	}
	switch {
	case strings.Contains(s, ",") && strings.Contains(s, "."):
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case strings.Count(s, ",") == 1:
		s = strings.Replace(s, ",", ".", 1)
	}
	return strconv.ParseFloat(s, 64)
}

// PickLang picks the Vietnamese or the English text for lang.
func PickLang(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// OrgNode is a unit with its children, for the tree page.
type OrgNode struct {
	domain.OrgUnit
	Children []*OrgNode
}

// BuildTree arranges units into a forest: a unit whose parent is not in
// the list (outside the user's scope) is a root. Siblings are in Vietnamese
// alphabetical order (Đ after D, tones after the bare vowel).
func BuildTree(units []domain.OrgUnit, lang string) []*OrgNode {
	nodes := make(map[int64]*OrgNode, len(units))
	for _, o := range units {
		nodes[o.ID] = &OrgNode{OrgUnit: o}
	}
	var roots []*OrgNode
	for _, o := range units {
		n := nodes[o.ID]
		if parent, ok := nodes[o.ParentID]; ok {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	col := collate.New(language.Vietnamese)
	var sortNodes func([]*OrgNode)
	sortNodes = func(ns []*OrgNode) {
		slices.SortFunc(ns, func(a, b *OrgNode) int {
			return col.CompareString(a.DisplayName(lang), b.DisplayName(lang))
		})
		for _, n := range ns {
			sortNodes(n.Children)
		}
	}
	sortNodes(roots)
	return roots
}
