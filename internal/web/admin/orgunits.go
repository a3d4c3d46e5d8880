package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

type orgTreeData struct {
	Roots    []*web.OrgNode
	Results  []domain.OrgUnit
	Query    string
	Inactive bool
	Count    int
}

func (s *Handler) handleOrgTree(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.NewPage(r, "", "orgunits")
	p.Title = p.T("Cơ cấu tổ chức", "Org units")
	q := r.URL.Query()
	d := orgTreeData{Query: strings.TrimSpace(q.Get("q")), Inactive: q.Get("inactive") != ""}
	if len(d.Query) > 200 {
		d.Query = d.Query[:200]
	}
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{Search: d.Query, Inactive: d.Inactive}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Count = len(units)
	if d.Query != "" {
		d.Results = web.SortUnits(units, p.Lang)
	} else {
		d.Roots = web.BuildTree(units, p.Lang)
	}
	p.Form.Values.Set("q", d.Query)
	p.Data = d
	s.Render(w, r, http.StatusOK, "orgunits", p)
}

type orgFormData struct {
	Parents []domain.OrgUnit
	Kinds   []domain.OrgKind
	CanRoot bool
}

func (s *Handler) orgFormData(r *http.Request, u domain.User, lang string) (orgFormData, error) {
	units, _, err := s.store.OrgUnits(r.Context(), auth.OrgWriteScope(u), store.OrgFilter{}, nil)
	return orgFormData{Parents: web.SortUnits(units, lang), Kinds: domain.OrgKinds, CanRoot: auth.IsAdmin(u)}, err
}

func (s *Handler) handleOrgNew(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if auth.OrgWriteScope(u).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	p := s.NewPage(r, "", "orgunits")
	p.Title = p.T("Thêm đơn vị", "New org unit")
	d, err := s.orgFormData(r, u, p.Lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	parent := domain.NormalizeCode(r.URL.Query().Get("parent"))
	p.Form.Values.Set("parent", parent)
	p.Form.Values.Set("kind", string(domain.KindUnit))
	p.Data = d
	s.Render(w, r, http.StatusOK, "orgunit_new", p)
}

// orgUnitFromForm reads the create form.
func orgUnitFromForm(r *http.Request) domain.OrgUnitInput {
	return domain.OrgUnitInput{
		Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
		Kind: domain.OrgKind(r.PostFormValue("kind")), Parent: r.PostFormValue("parent"),
		ActiveFrom: r.PostFormValue("active_from"),
	}
}

// createOrgUnit checks the caller's right over the parent, then creates.
// Both the page and the API use it.
func (s *Handler) createOrgUnit(r *http.Request, in domain.OrgUnitInput) (domain.OrgUnit, error) {
	st := web.State(r)
	u := *st.User
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.OrgUnit{}, err
	}
	var parent *domain.OrgUnit
	if in.Parent != "" {
		par, err := s.store.OrgUnit(r.Context(), in.Parent)
		if err != nil || !auth.CanRead(u, par) {
			return domain.OrgUnit{}, errs.Fieldf("parent", "không có đơn vị cấp trên mã %s", "there is no parent unit with code %s", in.Parent)
		}
		parent = &par
	}
	if !auth.CanCreateUnder(u, parent) {
		if parent == nil {
			return domain.OrgUnit{}, errs.Field("parent", "chọn đơn vị cấp trên", "choose the parent unit")
		}
		return domain.OrgUnit{}, errs.ErrNoAccess
	}
	return s.store.CreateOrgUnit(r.Context(), st.Actor(), in)
}

func (s *Handler) handleOrgCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.NewPage(r, "", "orgunits")
	p.Title = p.T("Thêm đơn vị", "New org unit")
	err := web.ParseForm(r)
	var o domain.OrgUnit
	if err == nil {
		o, err = s.createOrgUnit(r, orgUnitFromForm(r))
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		d, derr := s.orgFormData(r, u, p.Lang)
		if derr != nil {
			s.Fail(w, r, derr)
			return
		}
		p.Data = d
		p.Refuse(r, err)
		s.Render(w, r, web.StatusOf(errs.CodeOf(err)), "orgunit_new", p)
		return
	}
	web.RedirectFlash(w, r, "/app/orgunits/"+o.Code, "created")
}

type orgShowData struct {
	Unit        domain.OrgUnit
	Ancestors   []domain.OrgUnit
	Children    []domain.OrgUnit
	Users       []domain.User
	History     []domain.AuditEntry
	CanEdit     bool
	CanAddChild bool
	MoveTargets []domain.OrgUnit
	Kinds       []domain.OrgKind
	Active      bool
	FormName    string // which form the errors belong to
	Today       string
	// Standing is the unit's state and timeline across reorganisations;
	// Names names the units it mentions.
	Standing store.OrgStanding
	Names    map[string]string
	Acts     []domain.Reorganisation
}

// loadOrgShow gathers the unit page; it answers NotFound for a unit outside
// the user's reach, exactly as for one that does not exist.
func (s *Handler) loadOrgShow(r *http.Request, code, lang string) (orgShowData, error) {
	ctx := r.Context()
	u := *web.State(r).User
	o, err := s.store.OrgUnit(ctx, code)
	if err != nil {
		return orgShowData{}, err
	}
	if !auth.CanRead(u, o) {
		return orgShowData{}, errs.ErrNotFound
	}
	d := orgShowData{Unit: o, Kinds: domain.OrgKinds, Today: s.Today()}
	d.Active = o.Active(d.Today)
	d.CanEdit = auth.CanEditOrg(u, o)
	d.CanAddChild = auth.CanCreateUnder(u, &o)
	for _, idStr := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		id, _ := strconv.ParseInt(idStr, 10, 64)
		if id == o.ID || id == 0 {
			continue
		}
		if a, err := s.store.OrgUnitByID(ctx, id); err == nil && auth.CanRead(u, a) {
			d.Ancestors = append(d.Ancestors, a)
		}
	}
	sub, _, err := s.store.OrgUnits(ctx, auth.ReadScope(u), store.OrgFilter{Under: o.Path, Inactive: true}, nil)
	if err != nil {
		return d, err
	}
	for _, c := range sub {
		if c.ParentID == o.ID {
			d.Children = append(d.Children, c)
		}
	}
	d.Children = web.SortUnits(d.Children, lang)
	if d.CanEdit {
		targets, _, err := s.store.OrgUnits(ctx, auth.OrgWriteScope(u), store.OrgFilter{}, nil)
		if err != nil {
			return d, err
		}
		for _, t := range web.SortUnits(targets, lang) {
			if !t.Under(o.Path) && t.ID != o.ParentID {
				d.MoveTargets = append(d.MoveTargets, t)
			}
		}
	}
	if auth.CanManageUsers(u) {
		users, _, err := s.store.Users(ctx, domain.Scope{Paths: []string{o.Path}}, store.UserFilter{OrgID: o.ID}, store.Page{Limit: 100})
		if err != nil {
			return d, err
		}
		d.Users = users
	}
	if d.Standing, err = s.store.Standing(ctx, o); err != nil {
		return d, err
	}
	if len(d.Standing.Successor) > 0 || d.Standing.Status == "closed" {
		// A unit a reorganisation ended is history: its work is elsewhere,
		// and it takes no new units, names or parents.
		d.CanEdit, d.CanAddChild, d.MoveTargets = false, false, nil
	}
	d.Names = map[string]string{}
	for _, sh := range d.Standing.Successor {
		if x, err := s.store.OrgUnit(ctx, sh.Code); err == nil {
			d.Names[sh.Code] = x.DisplayName(lang)
		}
	}
	if d.CanEdit {
		if d.Acts, err = s.visibleActs(r, store.ReorgFilter{Status: domain.ReorgPrepared, Unit: o.Code}); err != nil {
			return d, err
		}
	}
	d.History, _, err = s.store.AuditEntries(ctx, auth.AuditScope(u), store.AuditFilter{Entity: "orgunit", EntityID: o.Code}, store.Page{Limit: 20})
	return d, err
}

func (s *Handler) handleOrgShow(w http.ResponseWriter, r *http.Request) {
	p := s.NewPage(r, "", "orgunits")
	d, err := s.loadOrgShow(r, r.PathValue("code"), p.Lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	// An old link can ask to be taken to the unit that carries on the
	// work of one that ended.
	if r.URL.Query().Get("follow") == "successor" && len(d.Standing.Successor) == 1 {
		http.Redirect(w, r, "/app/orgunits/"+d.Standing.Successor[0].Code, http.StatusSeeOther)
		return
	}
	p.Title = d.Unit.DisplayName(p.Lang)
	p.Data = d
	s.Render(w, r, http.StatusOK, "orgunit", p)
}

// orgChange runs one of the unit page's forms: it checks the right to edit,
// applies the change, and on failure shows the page again with the user's
// input and the problem next to the field.
func (s *Handler) orgChange(w http.ResponseWriter, r *http.Request, formName, flash string,
	apply func(u domain.User, o domain.OrgUnit, version int) (domain.OrgUnit, error)) {
	u := *web.State(r).User
	code := r.PathValue("code")
	o, err := s.store.OrgUnit(r.Context(), code)
	if err != nil || !auth.CanRead(u, o) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	if !auth.CanEditOrg(u, o) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	var version int
	if err = web.ParseForm(r); err == nil {
		version, err = web.FormInt(r, "version")
	}
	if err == nil {
		o, err = apply(u, o, version)
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		p := s.NewPage(r, "", "orgunits")
		d, derr := s.loadOrgShow(r, code, p.Lang)
		if derr != nil {
			s.Fail(w, r, derr)
			return
		}
		d.FormName = formName
		p.Title = d.Unit.DisplayName(p.Lang)
		p.Data = d
		p.Refuse(r, err)
		s.Render(w, r, web.StatusOf(errs.CodeOf(err)), "orgunit", p)
		return
	}
	web.RedirectFlash(w, r, "/app/orgunits/"+o.Code, flash)
}

func (s *Handler) handleOrgUpdate(w http.ResponseWriter, r *http.Request) {
	s.orgChange(w, r, "edit", "saved", func(u domain.User, o domain.OrgUnit, version int) (domain.OrgUnit, error) {
		return s.store.UpdateOrgUnit(r.Context(), web.State(r).Actor(), o.Code, version, store.OrgUnitUpdate{
			Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"), Kind: domain.OrgKind(r.PostFormValue("kind")),
		})
	})
}

func (s *Handler) handleOrgMove(w http.ResponseWriter, r *http.Request) {
	s.orgChange(w, r, "move", "moved", func(u domain.User, o domain.OrgUnit, version int) (domain.OrgUnit, error) {
		return s.moveOrgUnit(r, u, o, version, r.PostFormValue("parent"))
	})
}

// moveOrgUnit checks the right over the new parent, then moves.
func (s *Handler) moveOrgUnit(r *http.Request, u domain.User, o domain.OrgUnit, version int, parentCode string) (domain.OrgUnit, error) {
	parentCode = domain.NormalizeCode(parentCode)
	if parentCode == "" {
		return o, errs.Field("parent", "chọn đơn vị cấp trên mới", "choose the new parent unit")
	}
	parent, err := s.store.OrgUnit(r.Context(), parentCode)
	if err != nil || !auth.CanRead(u, parent) {
		return o, errs.Fieldf("parent", "không có đơn vị mã %s", "there is no unit with code %s", parentCode)
	}
	if !auth.CanMoveOrg(u, o, parent) {
		return o, errs.Field("parent", "bạn không có quyền chuyển đơn vị tới đơn vị cấp trên này", "you may not move the unit under this parent")
	}
	return s.store.MoveOrgUnit(r.Context(), web.State(r).Actor(), o.Code, version, parent.Code)
}

func (s *Handler) handleOrgDeactivate(w http.ResponseWriter, r *http.Request) {
	s.orgChange(w, r, "deactivate", "deactivated", func(u domain.User, o domain.OrgUnit, version int) (domain.OrgUnit, error) {
		day := strings.TrimSpace(r.PostFormValue("active_to"))
		if day == "" {
			return o, errs.Field("active_to", "chọn ngày cuối cùng đơn vị hoạt động", "choose the last day the unit is active")
		}
		t, err := vntext.ParseDate(day)
		if err != nil {
			return o, errs.Field("active_to", "ngày không hợp lệ", "not a valid date")
		}
		return s.store.SetOrgUnitActiveTo(r.Context(), web.State(r).Actor(), o.Code, version, t.Format(time.DateOnly))
	})
}

func (s *Handler) handleOrgReactivate(w http.ResponseWriter, r *http.Request) {
	s.orgChange(w, r, "deactivate", "reactivated", func(u domain.User, o domain.OrgUnit, version int) (domain.OrgUnit, error) {
		return s.store.SetOrgUnitActiveTo(r.Context(), web.State(r).Actor(), o.Code, version, "")
	})
}
