package portal

import (
	"net/http"
	"net/url"
	"strconv"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The support-service directory that editors keep: hotlines, Ngôi nhà Ánh
// Dương, shelters and the other services the portal lists, per org unit.

type serviceRow struct {
	domain.Service
	OrgName string
}

type serviceListData struct {
	Services []serviceRow
	Kinds    []domain.ServiceKind
	Kind     domain.ServiceKind
}

// handleServiceList lists the services of the user's units, those no
// longer offered included, by kind.
func (s *Handler) handleServiceList(w http.ResponseWriter, r *http.Request) {
	_, sc, err := portalGate(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := serviceListData{Kinds: domain.ServiceKinds, Kind: domain.ServiceKind(r.URL.Query().Get("kind"))}
	if d.Kind != "" && !d.Kind.Valid() {
		s.Fail(w, r, errs.Field("kind", "loại dịch vụ không hợp lệ", "unknown kind of service"))
		return
	}
	list, err := s.store.Services(r.Context(), store.ServiceFilter{Kind: d.Kind, Inactive: true, Scope: &sc})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	units, err := s.portalUnits(r, sc)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := unitNames(units, web.State(r).Lang)
	for _, v := range list {
		d.Services = append(d.Services, serviceRow{Service: v, OrgName: names[v.OrgCode]})
	}
	p := s.newPage(r, "", "directory")
	p.Title = p.T("Danh bạ hỗ trợ", "Support directory")
	p.Data = d
	s.Render(w, r, http.StatusOK, "services", p)
}

type servicePageData struct {
	Service domain.Service
	New     bool
	Units   []domain.OrgUnit
	Kinds   []domain.ServiceKind
}

// serviceFormValues fills the service form from a service.
func serviceFormValues(v domain.Service) url.Values {
	out := url.Values{"org": {v.OrgCode}, "kind": {string(v.Kind)}, "organization": {v.Organization}, "name": {v.Name},
		"description": {v.Description}, "area": {v.Area}, "address": {v.Address}, "phone": {v.Phone}, "email": {v.Email}, "url": {v.URL},
		"hours": {v.Hours}, "eligibility": {v.Eligibility}, "languages": {v.Languages}}
	for k, on := range map[string]bool{"confidential": v.Confidential, "free": v.Free, "active": v.Active} {
		if on {
			out.Set(k, "on")
		}
	}
	return out
}

func serviceFromForm(r *http.Request) domain.Service {
	f := r.PostForm
	return domain.Service{Kind: domain.ServiceKind(f.Get("kind")), Organization: f.Get("organization"), Name: f.Get("name"),
		Description: f.Get("description"), Area: f.Get("area"), Address: f.Get("address"), Phone: f.Get("phone"), Email: f.Get("email"),
		URL: f.Get("url"), Hours: f.Get("hours"), Eligibility: f.Get("eligibility"), Languages: f.Get("languages"),
		Confidential: f.Get("confidential") != "", Free: f.Get("free") != "", Active: f.Get("active") != ""}
}

func (s *Handler) servicePage(w http.ResponseWriter, r *http.Request, status int, d servicePageData, ferr error) {
	p := s.newPage(r, "", "directory")
	var err error
	if d.Units, err = s.portalUnits(r, auth.PortalScope(*web.State(r).User)); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Kinds = domain.ServiceKinds
	if d.New {
		p.Title = p.T("Thêm vào danh bạ hỗ trợ", "Add to the support directory")
	} else {
		p.Title = d.Service.Name
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		p.Form.Values = serviceFormValues(d.Service)
	}
	p.Data = d
	s.Render(w, r, status, "service_edit", p)
}

// loadService loads a service of a unit whose section the user edits;
// others get 404.
func (s *Handler) loadService(r *http.Request) (domain.Service, error) {
	if _, _, err := portalGate(r); err != nil {
		return domain.Service{}, err
	}
	return web.Load(r, s.store.Service, func(u domain.User, v domain.Service) bool { return auth.CanEditPortal(u, v.OrgPath) })
}

func (s *Handler) handleServiceNew(w http.ResponseWriter, r *http.Request) {
	_, units, err := s.gatedUnits(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := servicePageData{New: true, Service: domain.Service{Kind: domain.SvcHotline, Free: true, Active: true}}
	if len(units) > 0 {
		d.Service.OrgCode = units[0].Code
	}
	if k := domain.ServiceKind(r.URL.Query().Get("kind")); k.Valid() {
		d.Service.Kind = k
	}
	s.servicePage(w, r, http.StatusOK, d, nil)
}

// saveService creates (old nil) or changes a directory entry.
func (s *Handler) saveService(w http.ResponseWriter, r *http.Request, old *domain.Service) {
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	d := servicePageData{New: old == nil}
	var id int64
	if old != nil {
		d.Service, id = *old, old.ID
	}
	version, nerr := web.EditVersion(r, old != nil)
	v := serviceFromForm(r)
	org, oerr := s.chosenUnit(r, *web.State(r).User)
	err := errs.Join(oerr, v.Validate(), nerr)
	if err == nil {
		var saved domain.Service
		if saved, err = s.store.SaveService(r.Context(), web.State(r).Actor(), id, version, org, v); err == nil {
			s.portalChanged()
			flash := "saved"
			if old == nil {
				flash = "created"
			}
			web.RedirectFlash(w, r, "/app/directory/"+strconv.FormatInt(saved.ID, 10), flash)
			return
		}
	}
	s.servicePage(w, r, web.StatusOf(errs.CodeOf(err)), d, err)
}

func (s *Handler) handleServiceCreate(w http.ResponseWriter, r *http.Request) {
	if _, _, err := portalGate(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.saveService(w, r, nil)
}

func (s *Handler) handleServiceEdit(w http.ResponseWriter, r *http.Request) {
	v, err := s.loadService(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.servicePage(w, r, http.StatusOK, servicePageData{Service: v}, nil)
}

func (s *Handler) handleServiceUpdate(w http.ResponseWriter, r *http.Request) {
	v, err := s.loadService(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.saveService(w, r, &v)
}
