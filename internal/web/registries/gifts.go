package registries

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// Gifts for staff children: the children's records, kept by the managers
// of each unit, and the rounds (1/6, Trung thu …) that list who is
// eligible on the round's date. Names are shown only to those managers and
// to a round's organisers, and every list of names opened or exported is
// written to the audit trail.

type giftsData struct {
	Rounds      []domain.GiftRound
	Units       []domain.OrgUnit // where the user may organise rounds
	CanChildren bool
	Year        int
}

func (s *Handler) giftsPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	u := *web.State(r).User
	rounds, err := s.store.GiftRounds(r.Context(), auth.ReadScope(u))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := giftsData{Rounds: rounds, CanChildren: !auth.ChildrenScope(u).Empty(), Year: agenda.Today(s.Now()).Year()}
	units, _, err := s.store.OrgUnits(r.Context(), scopeOfGifts(u), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = web.SortUnits(units, web.State(r).Lang)
	p := s.newPage(r, "", "gifts")
	p.Title = p.T("Quà cho con cán bộ", "Gifts for staff children")
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		p.Form.Values = map[string][]string{"year": {strconv.Itoa(d.Year)}, "spec": {"1/6"}, "org": {u.OrgCode}}
	}
	p.Data = d
	s.Render(w, r, status, "gifts", p)
}

// scopeOfGifts is where u may organise rounds.
func scopeOfGifts(u domain.User) domain.Scope {
	var sc domain.Scope
	for _, a := range u.Assignments {
		if a.Role == domain.RoleManager || a.Role == domain.RoleReporter {
			sc.Add(a.OrgPath)
		}
	}
	return sc
}

func (s *Handler) handleGifts(w http.ResponseWriter, r *http.Request) {
	s.giftsPage(w, r, http.StatusOK, nil)
}

// handleGiftRoundCreate opens a round for a unit the user organises for.
func (s *Handler) handleGiftRoundCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	org, err := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if err != nil || !auth.CanOrganiseGifts(u, org.Path) {
		s.giftsPage(w, r, http.StatusBadRequest, errs.Field("org", "chọn đơn vị bạn tổ chức tặng quà", "choose a unit you organise gifts for"))
		return
	}
	g, ferr := giftRoundFromForm(r)
	if ferr == nil {
		g, ferr = s.store.SaveGiftRound(r.Context(), web.State(r).Actor(), 0, 0, org, g)
	}
	if ferr != nil {
		s.giftsPage(w, r, web.StatusOf(errs.CodeOf(ferr)), ferr)
		return
	}
	web.RedirectFlash(w, r, "/app/gifts/rounds/"+strconv.FormatInt(g.ID, 10), "created")
}

func giftRoundFromForm(r *http.Request) (domain.GiftRound, error) {
	g := domain.GiftRound{Name: r.PostFormValue("name"), Spec: r.PostFormValue("spec"), Note: r.PostFormValue("note"), Status: r.PostFormValue("status")}
	var l errs.List
	y, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil {
		l = append(l, errs.Field("year", "năm không hợp lệ", "not a valid year"))
	}
	g.Year = y
	if v := strings.TrimSpace(r.PostFormValue("gift_value")); v != "" {
		n, err := web.ParseNumber(v)
		if err != nil || n < 0 {
			l = append(l, errs.Field("gift_value", "giá trị quà là số tiền, ví dụ 200.000", "the gift value is an amount, e.g. 200.000"))
		}
		g.GiftValue = int64(n)
	}
	return g, l.Err()
}

type roundData struct {
	Round      domain.GiftRound
	Recipients []domain.Recipient
	Names      bool // the user may read names
	Eligible   int
	Given      int
	Priority   int
	CanEdit    bool
}

// handleGiftRound shows a round: its eligible children to its organisers,
// counts only to others who read the unit.
func (s *Handler) handleGiftRound(w http.ResponseWriter, r *http.Request) {
	s.roundPage(w, r, http.StatusOK, nil)
}

func (s *Handler) loadRound(r *http.Request) (domain.GiftRound, error) {
	return web.Load(r, s.store.GiftRoundByID, func(u domain.User, g domain.GiftRound) bool { return auth.ReadScope(u).Reaches(g.OrgPath) })
}

// organisedRound loads a round the user organises, with the form sent to
// change it: 404 beyond their reach, 403 where they only read it.
func (s *Handler) organisedRound(r *http.Request) (domain.GiftRound, error) {
	g, err := s.loadRound(r)
	if err != nil {
		return g, err
	}
	if err := web.Allow(auth.CanOrganiseGifts(*web.State(r).User, g.OrgPath)); err != nil {
		return g, err
	}
	return g, web.ParseForm(r)
}

func (s *Handler) roundPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	u := *web.State(r).User
	g, err := s.loadRound(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := roundData{Round: g, Names: auth.CanOrganiseGifts(u, g.OrgPath)}
	d.CanEdit = d.Names && g.Status == "open"
	recs, err := s.store.Recipients(r.Context(), g)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, rc := range recs {
		if rc.Eligible {
			d.Eligible++
			if rc.Priority {
				d.Priority++
			}
		}
		if rc.GivenOn != "" {
			d.Given++
		}
	}
	if d.Names {
		d.Recipients = recs
		org, _ := s.store.OrgUnitByID(r.Context(), g.OrgID)
		if err := s.store.AuditView(r.Context(), web.State(r).Actor(), "giftround.view", "gift_round", strconv.FormatInt(g.ID, 10), org,
			map[string]any{"children": len(recs)}); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	p := s.newPage(r, "", "gifts")
	p.Title = g.Name
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "gift_round", p)
}

// handleGiftRoundMark records a child's priority and gift.
func (s *Handler) handleGiftRoundMark(w http.ResponseWriter, r *http.Request) {
	g, err := s.organisedRound(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("child"), 10, 64)
	if err != nil {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	ch, err := s.store.StaffChildByID(r.Context(), id)
	if err != nil || !strings.HasPrefix(ch.OrgPath, g.OrgPath) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	err = s.store.MarkRecipient(r.Context(), web.State(r).Actor(), g, ch, r.PostFormValue("priority") != "", r.PostFormValue("priority_reason"),
		r.PostFormValue("given") != "")
	if err != nil {
		s.roundPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, "/app/gifts/rounds/"+strconv.FormatInt(g.ID, 10)+"#c-"+strconv.FormatInt(ch.ID, 10), "saved")
}

// handleGiftRoundClose closes (or reopens) a round.
func (s *Handler) handleGiftRoundStatus(w http.ResponseWriter, r *http.Request) {
	g, err := s.organisedRound(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.FormInt(r, "version")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	org, _ := s.store.OrgUnitByID(r.Context(), g.OrgID)
	g.Status = r.PostFormValue("status")
	if _, err := s.store.SaveGiftRound(r.Context(), web.State(r).Actor(), g.ID, version, org, g); err != nil {
		s.roundPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, "/app/gifts/rounds/"+strconv.FormatInt(g.ID, 10), "saved")
}

// handleGiftRoundExport sends the eligible list as a spreadsheet holding
// only what handing out the gifts needs: the child's name, age on the
// day, the parent and their unit, priority, and a column to sign.
func (s *Handler) handleGiftRoundExport(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	g, err := s.loadRound(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !auth.CanOrganiseGifts(u, g.OrgPath) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	recs, err := s.store.Recipients(r.Context(), g)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.State(r).Lang
	header := []string{web.PickLang(lang, "STT", "No."), web.PickLang(lang, "Họ và tên cháu", "Child"), web.PickLang(lang, "Tuổi vào ngày tặng quà", "Age on the day"),
		web.PickLang(lang, "Giới tính", "Sex"), web.PickLang(lang, "Họ tên cán bộ (cha, mẹ)", "Parent"), web.PickLang(lang, "Đơn vị", "Unit"),
		web.PickLang(lang, "Ưu tiên", "Priority"), web.PickLang(lang, "Đã nhận quà", "Given"), web.PickLang(lang, "Ký nhận", "Signature")}
	var rows [][]string
	n := 0
	for _, rc := range recs {
		if !rc.Eligible {
			continue
		}
		n++
		sex := web.PickLang(lang, "Nam", "Male")
		if rc.Child.Sex == "female" {
			sex = web.PickLang(lang, "Nữ", "Female")
		}
		prio, given := "", ""
		if rc.Priority {
			prio = rc.PriorityReason
			if prio == "" {
				prio = web.PickLang(lang, "Có", "Yes")
			}
		}
		if rc.GivenOn != "" {
			given = web.DMY(rc.GivenOn)
		}
		rows = append(rows, []string{strconv.Itoa(n), rc.Child.Name, strconv.Itoa(rc.Age), sex, rc.Child.Staff, rc.Child.OrgName, prio, given, ""})
	}
	org, _ := s.store.OrgUnitByID(r.Context(), g.OrgID)
	if err := s.store.AuditView(r.Context(), web.State(r).Actor(), "giftround.export", "gift_round", strconv.FormatInt(g.ID, 10), org,
		map[string]any{"children": n}); err != nil {
		s.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := web.ListXLSX(&buf, "danh-sach", header, rows); err != nil {
		s.Fail(w, r, errs.Wrap(err, "gift export"))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="danh-sach-tang-qua-`+strconv.FormatInt(g.ID, 10)+`.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

type childrenData struct {
	Children []domain.StaffChild
	Units    []domain.OrgUnit
	Org      string
	Edit     *domain.StaffChild
}

// handleStaffChildren lists the staff children a manager keeps.
func (s *Handler) handleStaffChildren(w http.ResponseWriter, r *http.Request) {
	s.childrenPage(w, r, http.StatusOK, nil, nil)
}

func (s *Handler) childrenPage(w http.ResponseWriter, r *http.Request, status int, edit *domain.StaffChild, ferr error) {
	u := *web.State(r).User
	sc := auth.ChildrenScope(u)
	if sc.Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	format, err := web.TableFormat(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := childrenData{Org: r.URL.Query().Get("org"), Edit: edit}
	units, _, err := s.store.OrgUnits(r.Context(), sc, store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = web.SortUnits(units, web.State(r).Lang)
	path := ""
	var org domain.OrgUnit
	if d.Org != "" {
		if org, err = s.store.OrgUnit(r.Context(), d.Org); err != nil || !auth.CanSeeChildren(u, org.Path) {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		path = org.Path
	}
	if d.Children, err = s.store.StaffChildren(r.Context(), sc, path); err != nil {
		s.Fail(w, r, err)
		return
	}
	// Children's names are personal data: each opening of the list is
	// written to the trail, and a download, which keeps them outside the
	// application, as an export of its own.
	action, what := "children.view", map[string]any{"children": len(d.Children)}
	if format != "" {
		action, what["format"] = "children.export", format
	}
	if err := s.store.AuditView(r.Context(), web.State(r).Actor(), action, "staff_children", d.Org, org, what); err != nil {
		s.Fail(w, r, err)
		return
	}
	if format != "" {
		s.SendTable(w, r, "con-can-bo", childrenTable(d.Children, web.State(r).Lang))
		return
	}
	p := s.newPage(r, "", "gifts")
	p.Title = p.T("Con của cán bộ, công chức, người lao động", "Children of staff")
	if ferr != nil {
		p.Refuse(r, ferr)
	} else if edit != nil {
		p.Form.Values = map[string][]string{"org": {edit.OrgCode}, "staff": {edit.Staff}, "name": {edit.Name}, "birth": {web.DMY(edit.Birth)},
			"sex": {edit.Sex}, "special_note": {edit.SpecialNote}, "achievement": {edit.Achievement}}
		if edit.Special {
			p.Form.Values["special"] = []string{"on"}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	p.Data = d
	s.Render(w, r, status, "gift_children", p)
}

// handleStaffChildSave adds or changes a child's record.
func (s *Handler) handleStaffChildSave(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	var id int64
	var version int
	var old *domain.StaffChild
	if v := r.PostFormValue("id"); v != "" {
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		c, err := s.store.StaffChildByID(r.Context(), id)
		if err != nil || !auth.CanSeeChildren(u, c.OrgPath) {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		old = &c
		if version, err = web.FormInt(r, "version"); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	org, err := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if err != nil || !auth.CanSeeChildren(u, org.Path) {
		s.childrenPage(w, r, http.StatusBadRequest, old, errs.Field("org", "chọn đơn vị nơi cán bộ công tác", "choose the staff member's unit"))
		return
	}
	birth, berr := web.ParseDay(r.PostFormValue("birth"))
	c := domain.StaffChild{Staff: r.PostFormValue("staff"), Name: r.PostFormValue("name"), Birth: birth, Sex: r.PostFormValue("sex"),
		Special: r.PostFormValue("special") != "", SpecialNote: r.PostFormValue("special_note"), Achievement: r.PostFormValue("achievement")}
	if berr != nil {
		c.Birth = "invalid"
	}
	if _, err := s.store.SaveStaffChild(r.Context(), web.State(r).Actor(), id, version, org, c); err != nil {
		s.childrenPage(w, r, web.StatusOf(errs.CodeOf(err)), old, err)
		return
	}
	web.RedirectFlash(w, r, "/app/gifts/children", "saved")
}

// handleStaffChildEdit shows the list with one child's record in the form.
func (s *Handler) handleStaffChildEdit(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	c, err := s.store.StaffChildByID(r.Context(), id)
	if err != nil || !auth.CanSeeChildren(u, c.OrgPath) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	s.childrenPage(w, r, http.StatusOK, &c, nil)
}

func (s *Handler) handleStaffChildDelete(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	c, err := s.store.StaffChildByID(r.Context(), id)
	if err != nil || !auth.CanSeeChildren(u, c.OrgPath) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	if err := s.store.DeleteStaffChild(r.Context(), web.State(r).Actor(), c); err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/gifts/children", "deleted")
}
