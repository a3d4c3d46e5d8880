package cases

import (
	"net/http"
	"strconv"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/tablefile"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The register's aggregates: the only figures that leave it, read by
// anyone whose scope reaches the unit, with small cells shown as "<5".

type statsData struct {
	Org    domain.OrgUnit
	Units  []domain.OrgUnit
	Period period.Period
	Stats  domain.CaseStats
	Years  []int
}

// statsQuery reads ?org= (default the user's unit) and ?period= (a
// period id, Decree 09 cut-offs; default this year).
func (s *Handler) statsQuery(r *http.Request) (domain.OrgUnit, period.Period, domain.CaseStats, error) {
	u := *web.State(r).User
	q := r.URL.Query()
	code := q.Get("org")
	if code == "" {
		code = u.OrgCode
	}
	org, err := s.store.OrgUnit(r.Context(), code)
	if err != nil || !auth.CaseFiguresScope(u).Reaches(org.Path) {
		return org, period.Period{}, domain.CaseStats{}, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", code)
	}
	id := q.Get("period")
	if id == "" {
		id = strconv.Itoa(s.Now().In(vntext.Location).Year())
	}
	rule, err := period.ParseRule(q.Get("rule"))
	if err != nil {
		return org, period.Period{}, domain.CaseStats{}, err
	}
	per, err := period.Parse(id, rule)
	if err != nil {
		return org, per, domain.CaseStats{}, errs.Field("period", "kỳ viết như 2025, 2025Q1, 2025S1, 2025N9 hoặc 202503", "a period is written like 2025, 2025Q1, 2025S1, 2025N9 or 202503")
	}
	from := time.Date(per.Start.Year(), per.Start.Month(), per.Start.Day(), 0, 0, 0, 0, vntext.Location)
	to := time.Date(per.End.Year(), per.End.Month(), per.End.Day(), 0, 0, 0, 0, vntext.Location)
	st, err := s.store.CaseStats(r.Context(), org, from, to, web.State(r).Lang)
	st.Period, st.From, st.To = per.ID, per.Start.Format(time.DateOnly), per.End.Format(time.DateOnly)
	return org, per, st, err
}

func (s *Handler) handleStats(w http.ResponseWriter, r *http.Request) {
	org, per, st, err := s.statsQuery(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "")
	p.Nav = "case-stats"
	p.Title = p.T("Số liệu vụ việc bảo vệ trẻ em, bạo lực giới", "Child protection and GBV case figures") + " · " + org.DisplayName(p.Lang) + " · " + per.ID
	if web.Downloading(r) {
		s.SendTable(w, r, "so-lieu-vu-viec-"+per.ID, statsTable(st, p))
		return
	}
	units, _, err := s.store.OrgUnits(r.Context(), auth.CaseFiguresScope(*web.State(r).User), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := statsData{Org: org, Units: web.SortUnits(units, p.Lang), Period: per, Stats: st}
	for y := s.Now().Year(); y >= 2020; y-- {
		d.Years = append(d.Years, y)
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "case-stats", p)
}

// statsTable is every breakdown in one table: what it counts, the group,
// the count as shown.
func statsTable(st domain.CaseStats, p *page) tablefile.Table {
	t := tablefile.Table{Title: p.T("Số liệu vụ việc ", "Case figures ") + st.Period, Columns: []tablefile.Column{
		{VI: "Chỉ tiêu", EN: "Breakdown", Kind: tablefile.Text, Width: 30},
		{VI: "Nhóm", EN: "Group", Kind: tablefile.Text, Width: 50},
		{VI: "Số lượng", EN: "Count", Kind: tablefile.Text, Width: 12},
	}}
	add := func(vi, en string, cells []domain.CaseCell) {
		for _, c := range cells {
			t.Rows = append(t.Rows, []any{p.T(vi, en), c.Name, c.Display})
		}
	}
	add("Tổng số", "Total", []domain.CaseCell{st.Total, st.Closed})
	add("Theo loại vụ việc", "By kind", st.ByKind)
	add("Theo giới tính", "By sex", st.BySex)
	add("Theo nhóm tuổi", "By age group", st.ByAge)
	add("Theo địa bàn", "By area", st.ByArea)
	add("Theo tháng", "By month", st.ByMonth)
	add("Chuyển gửi theo dịch vụ", "Referrals by service", st.Referrals)
	if st.FirstResponseHours != nil {
		t.Rows = append(t.Rows, []any{p.T("Thời gian đến đánh giá ban đầu (trung vị, giờ)", "Time to first assessment (median, hours)"), "", vntext.FormatDecimal(*st.FirstResponseHours, 1)})
	}
	if st.ClosureDays != nil {
		t.Rows = append(t.Rows, []any{p.T("Thời gian đến đóng hồ sơ (trung vị, ngày)", "Time to closure (median, days)"), "", vntext.FormatDecimal(*st.ClosureDays, 1)})
	}
	return t
}

func (s *Handler) handleAPIStats(w http.ResponseWriter, r *http.Request) {
	_, _, st, err := s.statsQuery(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, st)
}

// cellsView is one breakdown for the "cellstable" template.
type cellsView struct {
	P     *page
	Title string
	Cells []domain.CaseCell
}

// Cells wraps a breakdown for its template.
func (p *page) Cells(title string, cells []domain.CaseCell) cellsView {
	return cellsView{P: p, Title: title, Cells: cells}
}

// Decimal writes a median with one decimal, Vietnamese style (12,5).
func (p *page) Decimal(f *float64) string { return vntext.FormatDecimal(*f, 1) }
