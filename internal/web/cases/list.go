package cases

import (
	"net/http"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/tablefile"
	"tebdg/internal/web"
)

// listData is the register as its reader sees it.
type listData struct {
	Cases      []domain.CaseSummary
	Total      int
	Pager      web.Pager
	Status     string
	Overdue    bool
	Mine       bool
	Number     string
	Name       string // the name searched for (a POST), shown back in its box
	Searched   bool
	Alerts     []store.BreakGlassAlert
	CanIntake  bool
	BreakGlass bool // the reader may open a case outside their units
	Now        time.Time
}

// IsOverdue reports whether a case's next step is past its time limit.
func (d listData) IsOverdue(c domain.CaseSummary) bool { return c.Overdue(d.Now) }

// DueSoon reports whether a case's next step falls due within a day.
func (d listData) DueSoon(c domain.CaseSummary) bool {
	return !c.NextDue.IsZero() && !c.Overdue(d.Now) && c.NextDue.Sub(d.Now) < 24*time.Hour
}

func (s *Handler) listFilter(r *http.Request) (store.CaseFilter, listData) {
	q := r.URL.Query()
	d := listData{Status: q.Get("status"), Overdue: q.Get("overdue") != "", Mine: q.Get("mine") != "", Number: strings.TrimSpace(q.Get("number")), Now: s.Now()}
	f := store.CaseFilter{Overdue: d.Overdue, Mine: d.Mine, Number: d.Number, Purpose: "list"}
	switch d.Status {
	case "open", "closed":
		f.Status = domain.CaseStatus(d.Status)
	case "all":
	default:
		d.Status, f.Status = "open", domain.CaseOpen
	}
	return f, d
}

func (s *Handler) handleList(w http.ResponseWriter, r *http.Request) {
	if err := requireCaseRole(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	f, d := s.listFilter(r)
	if web.Downloading(r) {
		s.download(w, r, f)
		return
	}
	s.list(w, r, f, d)
}

// handleFind searches by name: the name comes in the body, and is matched
// on its keyed hashes, as written or without marks.
func (s *Handler) handleFind(w http.ResponseWriter, r *http.Request) {
	if err := requireCaseRole(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	f, d := s.listFilter(r)
	d.Name, d.Searched = strings.TrimSpace(r.PostFormValue("name")), true
	f.Status, d.Status, f.Purpose = "", "all", "search"
	hashes, err := s.store.NameHashes(d.Name)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if hashes == nil {
		hashes = []string{}
	}
	f.Hashes = hashes
	s.list(w, r, f, d)
}

func (s *Handler) list(w http.ResponseWriter, r *http.Request, f store.CaseFilter, d listData) {
	u := *web.State(r).User
	pg := web.ListPage(r, 50)
	cs, total, err := s.store.Cases(r.Context(), web.State(r).Actor(), reader(r), f, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Cases, d.Total, d.Pager = cs, total, web.NewPager(r, pg, total)
	d.CanIntake = !auth.CaseIntakeScope(u).Empty()
	d.BreakGlass = canBreakGlassSomewhere(u)
	if d.Alerts, err = s.store.BreakGlassAlerts(r.Context(), auth.CaseSupervisionScope(u)); err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "")
	p.Title = p.T("Sổ vụ việc bảo mật", "Confidential case register")
	p.Data = d
	s.Render(w, r, http.StatusOK, "cases", p)
}

// canBreakGlassSomewhere reports whether u holds a provincial case
// supervisor's role, and so is offered the break-glass form.
func canBreakGlassSomewhere(u domain.User) bool {
	for _, a := range u.Assignments {
		if a.Role == domain.RoleCaseSupervisor && auth.CanBreakGlass(u, a.OrgPath) {
			return true
		}
	}
	return false
}

// download sends the reader's whole filtered list (names included: it is
// theirs), each case of it an audit row.
func (s *Handler) download(w http.ResponseWriter, r *http.Request, f store.CaseFilter) {
	f.Purpose = "export"
	cs, _, err := s.store.Cases(r.Context(), web.State(r).Actor(), reader(r), f, store.AllRows())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "")
	s.SendTable(w, r, "so-vu-viec", casesTable(cs, p))
}

func casesTable(cs []domain.CaseSummary, p *page) tablefile.Table {
	t := tablefile.Table{Title: p.T("Sổ vụ việc", "Case register"), Columns: []tablefile.Column{
		{VI: "Mã vụ việc", EN: "Case", Kind: tablefile.Text, Width: 16},
		{VI: "Họ và tên", EN: "Name", Kind: tablefile.Text, Width: 28},
		{VI: "Loại vụ việc", EN: "Kind", Kind: tablefile.Text, Width: 30},
		{VI: "Mức độ nguy cơ", EN: "Risk", Kind: tablefile.Text, Width: 14},
		{VI: "Tiếp nhận", EN: "Received", Kind: tablefile.DateTime},
		{VI: "Bước tiếp theo", EN: "Next step", Kind: tablefile.Text, Width: 40},
		{VI: "Hạn", EN: "Due", Kind: tablefile.DateTime},
		{VI: "Tình trạng", EN: "Status", Kind: tablefile.Text, Width: 14},
		{VI: "Đơn vị", EN: "Unit", Kind: tablefile.Text, Width: 28},
	}}
	for _, c := range cs {
		next := ""
		if c.Next != "" {
			next = p.StepLabel(c.Next)
		}
		t.Rows = append(t.Rows, []any{c.Number, c.Name, p.KindLabel(c.Kind), p.RiskLabel(c.Risk), c.ReceivedAt, next, c.NextDue, p.StatusLabel(c.Status), c.OrgName})
	}
	return t
}

// handleBreakGlassForm asks a provincial supervisor for the case's number
// and the reason.
func (s *Handler) handleBreakGlassForm(w http.ResponseWriter, r *http.Request) {
	s.breakGlassPage(w, r, http.StatusOK, nil)
}

func (s *Handler) breakGlassPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	if !canBreakGlassSomewhere(*web.State(r).User) {
		s.Fail(w, r, errs.New(errs.NotFound, "không tìm thấy trang", "page not found"))
		return
	}
	p := s.newPage(r, "")
	p.Title = p.T("Truy cập khẩn cấp một vụ việc", "Break-glass access to a case")
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		p.Form.Values = r.URL.Query()
	}
	s.Render(w, r, status, "case-breakglass", p)
}

func (s *Handler) handleBreakGlass(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if !canBreakGlassSomewhere(u) {
		s.Fail(w, r, errs.New(errs.NotFound, "không tìm thấy trang", "page not found"))
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	id, err := s.store.BreakGlass(r.Context(), web.State(r).Actor(), r.PostFormValue("number"), r.PostFormValue("reason"),
		func(path string) bool { return auth.CanBreakGlass(u, path) })
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			err = errs.Field("number", "không có vụ việc mang mã này trong tỉnh của bạn", "there is no case of this number in your province")
		}
		s.breakGlassPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, caseURL(id), "saved")
}
