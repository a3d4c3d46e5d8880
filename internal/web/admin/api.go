package admin

import (
	"net/http"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

func (s *Handler) handleAPIMe(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, http.StatusOK, web.State(r).User)
}

// handleAPIOrgList lists the org units the caller reaches.
// Filters: q (words, accents ignored), kind, parent (a code: its subtree),
// inactive=true to include units no longer active.
func (s *Handler) handleAPIOrgList(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	q := r.URL.Query()
	f := store.OrgFilter{Search: q.Get("q"), Inactive: q.Get("inactive") == "true"}
	if len(f.Search) > 200 {
		s.Fail(w, r, errs.Field("q", "từ khóa quá dài", "the search text is too long"))
		return
	}
	if k := q.Get("kind"); k != "" {
		if !domain.OrgKind(k).Valid() {
			s.Fail(w, r, errs.Field("kind", "loại đơn vị không hợp lệ", "unknown kind"))
			return
		}
		f.Kind = domain.OrgKind(k)
	}
	if code := q.Get("parent"); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) {
			s.Fail(w, r, errs.Fieldf("parent", "không có đơn vị mã %s", "there is no unit with code %s", code))
			return
		}
		f.Under = o.Path
	}
	pg := web.PageOf(r, 100)
	units, total, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), f, &pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(units, total))
}

func (s *Handler) handleAPIOrgCreate(w http.ResponseWriter, r *http.Request) {
	var in domain.OrgUnitInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	o, err := s.createOrgUnit(r, in)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/orgunits/"+o.Code)
	web.WriteJSON(w, http.StatusCreated, o)
}

// apiOrg loads a unit the caller may read; others answer 404.
func (s *Handler) apiOrg(r *http.Request) (domain.OrgUnit, error) {
	o, err := s.store.OrgUnit(r.Context(), r.PathValue("code"))
	if err != nil {
		return o, err
	}
	if !auth.CanRead(*web.State(r).User, o) {
		return o, errs.ErrNotFound
	}
	return o, nil
}

// orgView is a unit with where it stands across reorganisations: status
// (active, inactive, merged, split, closed), the units carrying on its
// work if it ended, its names and parents over time and the acts.
type orgView struct {
	domain.OrgUnit
	store.OrgStanding
}

// handleAPIOrgGet answers a unit, ended ones included: an old code keeps
// resolving. ?follow=successor redirects from a unit that ended to the one
// that carries on its work, when there is exactly one.
func (s *Handler) handleAPIOrgGet(w http.ResponseWriter, r *http.Request) {
	o, err := s.apiOrg(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	st, err := s.store.Standing(r.Context(), o)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if r.URL.Query().Get("follow") == "successor" && len(st.Successor) == 1 {
		http.Redirect(w, r, "/api/v1/orgunits/"+st.Successor[0].Code, http.StatusTemporaryRedirect)
		return
	}
	web.WriteJSON(w, http.StatusOK, orgView{OrgUnit: o, OrgStanding: st})
}

// orgPatch is the body of PATCH /api/v1/orgunits/{code}. version is
// required: the edit applies only to the version the client read.
type orgPatch struct {
	Version  *int            `json:"version"`
	Name     *string         `json:"name"`
	NameEN   *string         `json:"name_en"`
	Kind     *domain.OrgKind `json:"kind"`
	Parent   *string         `json:"parent"`
	ActiveTo *string         `json:"active_to"`
}

func (s *Handler) handleAPIOrgPatch(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	o, err := s.apiOrg(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var in orgPatch
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	if in.Version == nil {
		s.Fail(w, r, errs.Field("version", "thiếu phiên bản của bản ghi", "version is required"))
		return
	}
	if !auth.CanEditOrg(u, o) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	var p store.OrgUnitPatch
	if in.Name != nil || in.NameEN != nil || in.Kind != nil {
		upd := store.OrgUnitUpdate{Name: o.Name, NameEN: o.NameEN, Kind: o.Kind}
		if in.Name != nil {
			upd.Name = *in.Name
		}
		if in.NameEN != nil {
			upd.NameEN = *in.NameEN
		}
		if in.Kind != nil {
			upd.Kind = *in.Kind
		}
		p.Update = &upd
	}
	if in.Parent != nil {
		code := domain.NormalizeCode(*in.Parent)
		parent, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, parent) {
			s.Fail(w, r, errs.Fieldf("parent", "không có đơn vị mã %s", "there is no unit with code %s", code))
			return
		}
		if !auth.CanMoveOrg(u, o, parent) {
			s.Fail(w, r, errs.ErrNoAccess)
			return
		}
		p.Parent = &code
	}
	if in.ActiveTo != nil {
		day := strings.TrimSpace(*in.ActiveTo)
		p.ActiveTo = &day
	}
	o, err = s.store.PatchOrgUnit(r.Context(), web.State(r).Actor(), o.Code, *in.Version, p)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, o)
}

// handleAPIAudit lists audit rows in the caller's reach, with the same
// filters as the audit page.
func (s *Handler) handleAPIAudit(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	f, err := s.auditFilter(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	entries, total, err := s.store.AuditEntries(r.Context(), auth.AuditScope(u), f, web.PageOf(r, 50))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(entries, total))
}
