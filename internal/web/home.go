package web

import (
	"net/http"
	"time"

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
	Tasks       []store.Task     // open work due within 30 days, or overdue
	Reports     []dueReport      // reports the user's units owe
	Today       string
}

// handleHome shows each user what they can reach and what changed there
// lately, with the actions their roles allow.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := *state(r).user
	p := s.newPage(r, "", "home")
	p.Title = p.T("Trang chủ", "Home")
	d := homeData{Assignments: u.Assignments}
	units, _, err := s.store.OrgUnits(ctx, auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		s.fail(w, r, err)
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
			s.fail(w, r, err)
			return
		}
	}
	d.Today = today()
	soon := time.Now().In(vntext.Location).AddDate(0, 0, 30).Format(time.DateOnly)
	if d.Tasks, err = s.store.Tasks(ctx, auth.ReadScope(u), store.TaskFilter{Open: true, DueBefore: soon}, 8); err != nil {
		s.fail(w, r, err)
		return
	}
	duties, err := s.reportDuties(r, u, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, du := range duties {
		if du.DueOn <= soon && len(d.Reports) < 8 {
			d.Reports = append(d.Reports, du)
		}
	}
	if d.Recent, _, err = s.store.AuditEntries(ctx, auth.AuditScope(u), store.AuditFilter{}, store.Page{Limit: 8}); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "home", p)
}
