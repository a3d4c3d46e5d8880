package admin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
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

type auditListData struct {
	Entries []domain.AuditEntry
	Actions []string
	Pager   web.Pager
}

// auditFilter reads the audit filters from the query string. A filter that
// names an org unit outside the user's reach matches nothing, exactly like
// one that does not exist.
func (s *Handler) auditFilter(r *http.Request, u domain.User) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{
		Actor: domain.NormalizeUsername(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Entity: strings.TrimSpace(q.Get("entity")), EntityID: strings.TrimSpace(q.Get("entity_id")),
	}
	if code := domain.NormalizeCode(q.Get("org")); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) {
			return f, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", code)
		}
		f.OrgPath = o.Path
	}
	for _, k := range []string{"from", "to"} {
		v := strings.TrimSpace(q.Get(k))
		if v == "" {
			continue
		}
		t, err := vntext.ParseDate(v)
		if err != nil {
			return f, errs.Field(k, "ngày không hợp lệ", "not a valid date")
		}
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, vntext.Location)
		if k == "from" {
			f.From = day
		} else {
			f.To = day.AddDate(0, 0, 1) // the whole "to" day
		}
	}
	return f, nil
}

func (s *Handler) handleAuditList(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.NewPage(r, "", "audit")
	p.Title = p.T("Nhật ký thay đổi", "Audit trail")
	p.Form.Values = r.URL.Query()
	d := auditListData{Actions: domain.Actions()}
	f, err := s.auditFilter(r, u)
	status := http.StatusOK
	if err != nil {
		p.Form.SetErr(err, p.Lang)
		status = http.StatusBadRequest
	} else {
		pg := web.ListPage(r, 50)
		var total int
		if d.Entries, total, err = s.store.AuditEntries(r.Context(), auth.AuditScope(u), f, pg); err != nil {
			s.Fail(w, r, err)
			return
		}
		// Reading the trail is not itself written to it (the page is
		// not), so neither is downloading what the page shows.
		if web.Downloading(r) {
			s.SendTable(w, r, "nhat-ky-thay-doi", auditTable(d.Entries, p.Lang))
			return
		}
		d.Pager = web.NewPager(r, pg, total)
	}
	p.Data = d
	s.Render(w, r, status, "audit", p)
}

// auditField is one member of a before/after pair, for the detail page.
type auditField struct {
	Key, Before, After string
	Changed            bool
}

type auditShowData struct {
	Entry  domain.AuditEntry
	Fields []auditField
}

func (s *Handler) handleAuditShow(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	e, err := s.store.AuditEntry(r.Context(), auth.AuditScope(u), seq)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "audit")
	p.Title = p.Tf("Bản ghi nhật ký số %d", "Audit row %d", e.Seq)
	p.Data = auditShowData{Entry: e, Fields: diffJSON(e.Before, e.After)}
	s.Render(w, r, http.StatusOK, "audit_entry", p)
}

// diffJSON lines up the top-level members of two JSON objects.
func diffJSON(before, after string) []auditField {
	decode := func(s string) map[string]json.RawMessage {
		m := map[string]json.RawMessage{}
		if s != "" {
			_ = json.Unmarshal([]byte(s), &m)
		}
		return m
	}
	b, a := decode(before), decode(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []auditField
	for k := range keys {
		f := auditField{Key: k, Before: show(b[k]), After: show(a[k])}
		f.Changed = f.Before != f.After
		out = append(out, f)
	}
	slices.SortFunc(out, func(x, y auditField) int { return strings.Compare(x.Key, y.Key) })
	return out
}

func show(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Indent(&buf, raw, "", "  ") == nil {
		return buf.String()
	}
	return string(raw)
}
