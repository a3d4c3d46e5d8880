package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/orgtime"
	"tebdg/internal/planparse"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Reorganisations: the acts that rename, move, merge, split or close
// units. They are prepared with their decision and a preview of what
// moves, applied on their date (by the scheduler, or by a person once the
// date has come), or cancelled before. Only someone who may edit every
// unit an act concerns may prepare, apply or cancel it.

// knownUnits loads the units codes name that exist (a unit an act makes
// does not yet).
func (s *Handler) knownUnits(r *http.Request, codes []string) (map[string]domain.OrgUnit, error) {
	out := map[string]domain.OrgUnit{}
	for _, c := range codes {
		o, err := s.store.OrgUnit(r.Context(), c)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[o.Code] = o
	}
	return out, nil
}

// unitsOf picks the units of codes out of known.
func unitsOf(known map[string]domain.OrgUnit, codes []string) []domain.OrgUnit {
	var out []domain.OrgUnit
	for _, c := range codes {
		if o, ok := known[c]; ok {
			out = append(out, o)
		}
	}
	return out
}

// decisionDoc reads the decision's citation as a document of the legal
// registry: its kind and number at least.
func decisionDoc(decision string) (*domain.LegalDoc, error) {
	refs := planparse.ExtractReferences(decision)
	if len(refs) == 0 || refs[0].Number == "" {
		return nil, errs.Field("decision", "ghi loại, số hiệu và ngày của văn bản, ví dụ: Quyết định số 512/QĐ-UBND ngày 25/02/2025 của UBND tỉnh Quảng Ninh",
			"cite the document's kind, number and date, e.g. Quyết định số 512/QĐ-UBND ngày 25/02/2025 của UBND tỉnh Quảng Ninh")
	}
	ref := refs[0]
	d := &domain.LegalDoc{Type: ref.Type, Number: ref.Number, Date: ref.Date, Year: ref.Year, Issuer: ref.Issuer, Title: ref.Title}
	if d.Year == 0 && len(d.Date) >= 4 {
		d.Year, _ = strconv.Atoi(d.Date[:4])
	}
	return d, nil
}

// prepare checks the right over every unit and the decision, then records
// the act.
func (s *Handler) prepare(r *http.Request, in domain.ReorgInput) (domain.Reorganisation, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.Reorganisation{}, err
	}
	known, err := s.knownUnits(r, in.Concerns())
	if err != nil {
		return domain.Reorganisation{}, err
	}
	if !auth.CanReorganise(*web.State(r).User, unitsOf(known, in.Concerns())) {
		return domain.Reorganisation{}, errs.ErrNoAccess
	}
	doc, err := decisionDoc(in.Decision)
	if err != nil {
		return domain.Reorganisation{}, err
	}
	return s.store.PrepareReorganisation(r.Context(), web.State(r).Actor(), in, doc)
}

// loadAct loads an act the user may see (404 otherwise), with what
// applying it would move when preview is asked for, and whether they may
// carry it out.
func (s *Handler) loadAct(r *http.Request, preview bool) (domain.Reorganisation, bool, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.Reorganisation{}, false, errs.ErrNotFound
	}
	load := s.store.Reorganisation
	if preview {
		load = s.store.ReorganisationWithPreview
	}
	act, err := load(r.Context(), id)
	if err != nil {
		return act, false, err
	}
	known, err := s.knownUnits(r, act.Concerns())
	if err != nil {
		return act, false, err
	}
	u, units := *web.State(r).User, unitsOf(known, act.Concerns())
	if !auth.CanSeeReorganisation(u, units) {
		return act, false, errs.ErrNotFound
	}
	return act, auth.CanReorganise(u, units), nil
}

// visibleActs lists the acts the user may see, newest first, reading the
// units once for all of them.
func (s *Handler) visibleActs(r *http.Request, f store.ReorgFilter) ([]domain.Reorganisation, error) {
	u := *web.State(r).User
	acts, err := s.store.Reorganisations(r.Context(), auth.ReadScope(u), f)
	if err != nil || len(acts) == 0 {
		return nil, err
	}
	all, _, err := s.store.OrgUnits(r.Context(), domain.Scope{All: true}, store.OrgFilter{Inactive: true}, nil)
	if err != nil {
		return nil, err
	}
	known := make(map[string]domain.OrgUnit, len(all))
	for _, o := range all {
		known[o.Code] = o
	}
	var out []domain.Reorganisation
	for _, a := range acts {
		if auth.CanSeeReorganisation(u, unitsOf(known, a.Concerns())) {
			out = append(out, a)
		}
	}
	return out, nil
}

type reorgListData struct {
	Acts     []domain.Reorganisation
	Statuses []domain.ReorgStatus
	Status   string
	CanEdit  bool
}

func (s *Handler) handleReorgList(w http.ResponseWriter, r *http.Request) {
	p := s.NewPage(r, "", "orgunits")
	p.Title = p.T("Sắp xếp tổ chức", "Reorganisations")
	d := reorgListData{Status: r.URL.Query().Get("status"), CanEdit: len(auth.OrgWriteScope(*web.State(r).User).Paths) > 0 || auth.IsAdmin(*web.State(r).User)}
	switch domain.ReorgStatus(d.Status) {
	case "", domain.ReorgPrepared, domain.ReorgApplied, domain.ReorgCancelled:
	default:
		s.Fail(w, r, errs.Field("status", "trạng thái không hợp lệ", "unknown status"))
		return
	}
	acts, err := s.visibleActs(r, store.ReorgFilter{Status: domain.ReorgStatus(d.Status)})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if web.Downloading(r) {
		s.SendTable(w, r, "sap-xep-to-chuc", reorgTable(acts, p.Lang))
		return
	}
	d.Acts, d.Statuses = acts, []domain.ReorgStatus{domain.ReorgPrepared, domain.ReorgApplied, domain.ReorgCancelled}
	p.Data = d
	s.Render(w, r, http.StatusOK, "reorgs", p)
}

type reorgFormData struct {
	Kinds    []orgtime.Kind
	Units    []domain.OrgUnit
	OrgKinds []domain.OrgKind
}

func (s *Handler) reorgForm(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := s.NewPage(r, "", "orgunits")
	p.Title = p.T("Chuẩn bị sắp xếp tổ chức", "Prepare a reorganisation")
	u := *web.State(r).User
	units, _, lerr := s.store.OrgUnits(r.Context(), auth.OrgWriteScope(u), store.OrgFilter{}, nil)
	if lerr != nil {
		s.Fail(w, r, lerr)
		return
	}
	if err != nil {
		p.Refuse(r, err)
	} else if len(r.URL.Query()["unit"]) > 0 {
		p.Form.Values["units"] = r.URL.Query()["unit"]
	}
	p.Data = reorgFormData{Kinds: orgtime.Kinds, Units: web.SortUnits(units, p.Lang), OrgKinds: domain.OrgKinds}
	s.Render(w, r, status, "reorg_new", p)
}

func (s *Handler) handleReorgNew(w http.ResponseWriter, r *http.Request) {
	s.reorgForm(w, r, http.StatusOK, nil)
}

// reorgFromForm reads the form: the units chosen, the unit a merger goes
// into (an existing one or a new one written out), a split's parts one
// per line.
func reorgFromForm(r *http.Request) (domain.ReorgInput, error) {
	f := r.PostForm
	in := domain.ReorgInput{Kind: orgtime.Kind(f.Get("kind")), Units: f["units"], Name: f.Get("name"), NameEN: f.Get("name_en"),
		Parent: f.Get("parent"), Decision: f.Get("decision"), Note: f.Get("note")}
	in.Effective = strings.TrimSpace(f.Get("effective"))
	if t, err := vntext.ParseDate(in.Effective); err == nil {
		in.Effective = t.Format(time.DateOnly)
	}
	switch into := f.Get("into"); {
	case into == "new":
		in.Into = domain.ReorgInto{Code: f.Get("new_code"), New: &domain.ReorgUnit{Code: f.Get("new_code"), Name: f.Get("new_name"),
			NameEN: f.Get("new_name_en"), Kind: domain.OrgKind(f.Get("new_kind")), Parent: f.Get("new_parent")}}
	case into != "":
		in.Into = domain.ReorgInto{Code: into}
	}
	if in.Kind == orgtime.Split {
		parts, err := domain.ParseReorgParts(f.Get("parts"))
		if err != nil {
			return in, err
		}
		in.Parts = parts
	}
	return in, nil
}

func (s *Handler) handleReorgCreate(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	in, err := reorgFromForm(r)
	var act domain.Reorganisation
	if err == nil {
		act, err = s.prepare(r, in)
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		s.reorgForm(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, "/app/reorganisations/"+strconv.FormatInt(act.ID, 10), "reorg_prepared")
}

type reorgShowData struct {
	Act    domain.Reorganisation
	Names  map[string]string
	CanAct bool
	Due    bool // its date has come
}

func (s *Handler) reorgShow(w http.ResponseWriter, r *http.Request, status int, act domain.Reorganisation, may bool, err error) {
	p := s.NewPage(r, "", "orgunits")
	p.Title = p.T("Sắp xếp tổ chức", "Reorganisation") + " · " + domain.ReorgKindLabel(act.Kind, p.Lang)
	d := reorgShowData{Act: act, CanAct: may, Due: act.Effective <= s.Today(), Names: map[string]string{}}
	for _, c := range act.Concerns() {
		if o, err := s.store.OrgUnit(r.Context(), c); err == nil {
			d.Names[c] = o.DisplayName(p.Lang)
		}
	}
	for _, part := range act.Parts {
		if d.Names[part.Code] == "" {
			d.Names[part.Code] = part.Name
		}
	}
	if act.Into.New != nil && d.Names[act.Into.Code] == "" {
		d.Names[act.Into.Code] = act.Into.New.Name
	}
	if err != nil {
		p.Refuse(r, err)
	}
	p.Data = d
	s.Render(w, r, status, "reorg", p)
}

func (s *Handler) handleReorgShow(w http.ResponseWriter, r *http.Request) {
	act, may, err := s.loadAct(r, true)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.reorgShow(w, r, http.StatusOK, act, may, nil)
}

// actStep is apply or cancel, as the store has them.
type actStep func(ctx context.Context, actor domain.Actor, id int64, version int) (domain.Reorganisation, error)

// stepAct loads the act a step is for, answering 403 to someone who may
// see it but not carry it out.
func (s *Handler) stepAct(r *http.Request) (domain.Reorganisation, error) {
	act, may, err := s.loadAct(r, false)
	if err == nil && !may {
		err = errs.ErrNoAccess
	}
	return act, err
}

// reorgStep runs apply or cancel from the act's page.
func (s *Handler) reorgStep(w http.ResponseWriter, r *http.Request, flash string, step actStep) {
	act, err := s.stepAct(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var version int
	if err = web.ParseForm(r); err == nil {
		version, err = web.FormInt(r, "version")
	}
	if err == nil {
		_, err = step(r.Context(), web.State(r).Actor(), act.ID, version)
	}
	if err != nil {
		again, may, lerr := s.loadAct(r, true)
		if lerr != nil {
			s.Fail(w, r, lerr)
			return
		}
		s.reorgShow(w, r, web.StatusOf(errs.CodeOf(err)), again, may, err)
		return
	}
	web.RedirectFlash(w, r, "/app/reorganisations/"+strconv.FormatInt(act.ID, 10), flash)
}

func (s *Handler) handleReorgApply(w http.ResponseWriter, r *http.Request) {
	s.reorgStep(w, r, "reorg_applied", s.store.ApplyReorganisation)
}

func (s *Handler) handleReorgCancel(w http.ResponseWriter, r *http.Request) {
	s.reorgStep(w, r, "reorg_cancelled", s.store.CancelReorganisation)
}

// The API: the same acts and rights as the pages.

func (s *Handler) handleAPIReorgList(w http.ResponseWriter, r *http.Request) {
	status := domain.ReorgStatus(r.URL.Query().Get("status"))
	switch status {
	case "", domain.ReorgPrepared, domain.ReorgApplied, domain.ReorgCancelled:
	default:
		s.Fail(w, r, errs.Field("status", "trạng thái là prepared, applied hoặc cancelled", "status is prepared, applied or cancelled"))
		return
	}
	acts, err := s.visibleActs(r, store.ReorgFilter{Status: status, Unit: r.URL.Query().Get("unit")})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if acts == nil {
		acts = []domain.Reorganisation{}
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(acts, len(acts)))
}

func (s *Handler) handleAPIReorgCreate(w http.ResponseWriter, r *http.Request) {
	var in domain.ReorgInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	act, err := s.prepare(r, in)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/reorganisations/"+strconv.FormatInt(act.ID, 10))
	web.WriteJSON(w, http.StatusCreated, act)
}

func (s *Handler) handleAPIReorgGet(w http.ResponseWriter, r *http.Request) {
	act, _, err := s.loadAct(r, true)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, act)
}

// reorgVersion is the optional body of apply and cancel: the version the
// client read, refused with 409 when the act changed since.
type reorgVersion struct {
	Version int `json:"version"`
}

func (s *Handler) apiReorgStep(w http.ResponseWriter, r *http.Request, step actStep) {
	act, err := s.stepAct(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var in reorgVersion
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &in); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	out, err := step(r.Context(), web.State(r).Actor(), act.ID, in.Version)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Handler) handleAPIReorgApply(w http.ResponseWriter, r *http.Request) {
	s.apiReorgStep(w, r, s.store.ApplyReorganisation)
}

func (s *Handler) handleAPIReorgCancel(w http.ResponseWriter, r *http.Request) {
	s.apiReorgStep(w, r, s.store.CancelReorganisation)
}
