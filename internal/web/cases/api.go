package cases

import (
	"net/http"
	"strconv"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/web"
)

// The register's JSON API. A case that may not be read answers 404, the
// same as one that does not exist; a referral without consent is refused
// with 422 and nothing is saved.

// caseInput is the body of POST /api/v1/cases.
type caseInput struct {
	Org        string              `json:"org"`
	Kind       domain.CaseKind     `json:"kind"`
	Source     domain.CaseSource   `json:"source"`
	ReceivedAt string              `json:"received_at"`
	Subject    domain.CaseSubject  `json:"subject"`
	Reporter   domain.CaseReporter `json:"reporter"`
	Summary    string              `json:"summary"`
	Risk       domain.Risk         `json:"risk"`
	Measures   string              `json:"measures"`
	DVMeasures []string            `json:"dv_measures"`
}

// caseView is a case as the API answers it.
type caseView struct {
	domain.Case
	Workers   []domain.CaseWorker   `json:"workers"`
	Notes     []domain.CaseNote     `json:"notes"`
	Consents  []domain.Consent      `json:"consents"`
	Referrals []domain.Referral     `json:"referrals"`
	Documents []domain.CaseDocument `json:"documents"`
	NextStep  string                `json:"next_step,omitempty"`
}

func viewOf(f domain.CaseFile) caseView {
	v := caseView{Case: f.Case, Workers: list(f.Workers), Notes: list(f.Notes), Consents: list(f.Consents),
		Referrals: list(f.Referrals), Documents: list(f.Documents)}
	v.Steps = list(v.Steps)
	return v
}

// list is s, or an empty list for none: the API answers [] rather than
// null.
func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Handler) handleAPIList(w http.ResponseWriter, r *http.Request) {
	f, _ := s.listFilter(r)
	if r.URL.Query().Get("status") == "" {
		f.Status = ""
	}
	cs, total, err := s.store.Cases(r.Context(), web.State(r).Actor(), reader(r), f, web.PageOf(r, 50))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(list(cs), total))
}

func (s *Handler) handleAPICreate(w http.ResponseWriter, r *http.Request) {
	var in caseInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	c := domain.Case{Kind: in.Kind, Source: in.Source, Subject: in.Subject, Reporter: in.Reporter, Summary: in.Summary, Risk: in.Risk,
		Measures: in.Measures, DVMeasures: in.DVMeasures}
	if in.ReceivedAt != "" {
		at, err := parseWhen(in.ReceivedAt)
		if err != nil {
			s.Fail(w, r, errs.Field("received_at", "received_at viết theo RFC 3339, ví dụ 2025-03-10T14:30:00+07:00", "write received_at in RFC 3339, like 2025-03-10T14:30:00+07:00"))
			return
		}
		c.ReceivedAt = at
	}
	saved, err := s.create(r, in.Org, c)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f, err := s.store.OpenCase(r.Context(), web.State(r).Actor(), reader(r), saved.ID, "api")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(saved.ID, 10))
	web.WriteJSON(w, http.StatusCreated, viewOf(f))
}

func (s *Handler) handleAPIShow(w http.ResponseWriter, r *http.Request) {
	f, err := s.open(r, "api")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := viewOf(f)
	if hs, err := s.store.HolidaySet(r.Context()); err == nil {
		if next, _, ok := domain.NextStep(f.Case.ReceivedAt, f.Case.Steps, hs); ok && f.Case.Status == domain.CaseOpen {
			v.NextStep = string(next.Code)
		}
	}
	web.WriteJSON(w, http.StatusOK, v)
}

// referralInput is the body of POST /api/v1/cases/{id}/referrals: the
// service, and the consent given for it (or several, for a child whose
// parent and who themself must agree).
type referralInput struct {
	Service  int64          `json:"service"`
	Consent  *consentInput  `json:"consent"`
	Consents []consentInput `json:"consents"`
}

type consentInput struct {
	GivenBy     domain.ConsentGiver `json:"given_by"`
	At          string              `json:"at"`
	Scope       []string            `json:"scope"`
	ServiceKind domain.ServiceKind  `json:"service_kind"`
}

func (s *Handler) handleAPIRefer(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var in referralInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	all := in.Consents
	if in.Consent != nil {
		all = append([]consentInput{*in.Consent}, all...)
	}
	var given []domain.Consent
	for _, c := range all {
		at := s.Now()
		if c.At != "" {
			if at, err = parseWhen(c.At); err != nil {
				s.Fail(w, r, errs.Field("consent.at", "consent.at viết theo RFC 3339", "write consent.at in RFC 3339"))
				return
			}
		}
		given = append(given, domain.Consent{GivenBy: c.GivenBy, At: at, Scope: c.Scope, Service: c.ServiceKind})
	}
	if in.Service == 0 {
		s.Fail(w, r, errs.Field("service", "cho mã dịch vụ trong danh bạ (service)", "give the directory service's id (service)"))
		return
	}
	ref, err := s.store.Refer(r.Context(), web.State(r).Actor(), reader(r), id, in.Service, given)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, ref)
}
