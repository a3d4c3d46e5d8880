package web

import (
	"net/http"
	"time"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

type homeData struct {
	Assignments []domain.Assignment
	Units       int // active units in reach
	Agencies    int
	Communes    int
	Users       int // for admins
	Disabled    int
	Recent      []domain.AuditEntry
	Roots       []domain.OrgUnit // the top of each subtree the user reaches
	Tasks       []domain.Task    // open work due within 30 days, or overdue
	Reports     []DueReport      // reports the user's units owe
	Events      []domain.Event   // the coming week's events of the user's units
	Upcoming    []agenda.Entry   // observances and preparations in the coming weeks
	Admin       bool
	FailedMail  int
	Today       string
	// The case register's load, for its workers and supervisors.
	CasesOpen, CasesOverdue int
}

// handleHome shows each user what they can reach and what changed there
// lately, with the actions their roles allow.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := *State(r).User
	p := s.NewPage(r, "", "home")
	p.Title = p.T("Trang chủ", "Home")
	d := homeData{Assignments: u.Assignments}
	units, _, err := s.store.OrgUnits(ctx, auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = len(units)
	inList := map[int64]bool{}
	for _, o := range units {
		inList[o.ID] = true
	}
	for _, o := range units {
		switch o.Kind {
		case domain.KindAgency:
			d.Agencies++
		case domain.KindCommune:
			d.Communes++
		}
		if !inList[o.ParentID] {
			d.Roots = append(d.Roots, o)
		}
	}
	if auth.CanManageUsers(u) {
		if d.Users, d.Disabled, err = s.store.CountUsers(ctx, auth.UserAdminScope(u)); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	if auth.WorksCases(u) {
		if d.CasesOpen, d.CasesOverdue, err = s.store.CaseLoad(ctx, auth.CaseReader(u)); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	d.Today = s.Today()
	soon := s.Now().In(vntext.Location).AddDate(0, 0, 30).Format(time.DateOnly)
	if d.Tasks, err = s.store.Tasks(ctx, auth.ReadScope(u), store.TaskFilter{Open: true, DueBefore: soon}, 8); err != nil {
		s.Fail(w, r, err)
		return
	}
	duties, err := s.ReportDuties(r, u, true)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, du := range duties {
		if du.DueOn <= soon && len(d.Reports) < 8 {
			d.Reports = append(d.Reports, du)
		}
	}
	// The coming week of the user's units, and what to prepare for.
	var own domain.Scope
	for _, a := range u.Assignments {
		own.Add(a.OrgPath)
	}
	start := DayStart(agenda.Today(s.Now()))
	if d.Events, err = s.store.Events(ctx, store.EventFilter{From: start, To: start.AddDate(0, 0, 7), Scope: own, Ancestors: UserAncestors(u),
		Cancelled: true, Limit: 8}); err != nil {
		s.Fail(w, r, err)
		return
	}
	obs, err := agenda.Observances(ctx, s.store, agenda.Today(s.Now()), agenda.Today(s.Now()).AddDate(0, 0, 30))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, e := range obs {
		if len(d.Upcoming) < 5 {
			d.Upcoming = append(d.Upcoming, e)
		}
	}
	if d.Admin = auth.IsAdmin(u); d.Admin {
		stats, err := s.store.ReminderStats(ctx)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		d.FailedMail = stats[store.ChannelEmail][store.ReminderFailed]
	}
	if d.Recent, _, err = s.store.AuditEntries(ctx, auth.AuditScope(u), store.AuditFilter{}, store.Page{Limit: 8}); err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "home", p)
}
