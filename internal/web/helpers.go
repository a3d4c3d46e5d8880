package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// Capabilities says which areas the signed-in user may open.
type Capabilities struct {
	OrgWrite    bool
	ManageUsers bool
	Portal      bool // edits some unit's section of the public portal
	PortalSite  bool // edits what the whole portal shows
	Cases       bool // holds a role of the confidential case register
}

func capabilitiesOf(u domain.User) Capabilities {
	return Capabilities{
		OrgWrite:    !auth.OrgWriteScope(u).Empty(),
		ManageUsers: auth.CanManageUsers(u),
		Portal:      !auth.PortalScope(u).Empty(),
		PortalSite:  auth.CanEditPortalSite(u),
		Cases:       auth.WorksCases(u),
	}
}

// maxFieldLen bounds any single form value; the domain checks tighter
// limits per field. A few fields hold whole texts.
const maxFieldLen = 10000

var bigFields = map[string]int{"text": 6 << 20, "preamble": 100000}

// ParseForm reads a urlencoded form, turning an over-long body or value
// into a clear error.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errs.New(errs.TooLarge, "dữ liệu gửi lên quá lớn", "the request is too large")
		}
		return errs.New(errs.Invalid, "dữ liệu biểu mẫu không đọc được", "the form could not be read")
	}
	for k, vs := range r.PostForm {
		limit := maxFieldLen
		if n, ok := bigFields[k]; ok {
			limit = n
		}
		for _, v := range vs {
			if len(v) > limit {
				return errs.Field(k, "nội dung quá dài", "the value is too long")
			}
		}
	}
	return nil
}

// ThenForm is the prologue of a handler that loads what it changes, then
// reads the posted form: err of the load when it failed, else the form's.
func ThenForm(r *http.Request, err error) error {
	if err != nil {
		return err
	}
	return ParseForm(r)
}

// FormInt reads a form value as an integer (a version, an id).
func FormInt(r *http.Request, key string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(key)))
	if err != nil {
		return 0, errs.Field(key, "giá trị không hợp lệ", "not a valid number")
	}
	return n, nil
}

// EditVersion reads the version an edit form was opened at; a form that
// creates (editing false) has none and gets 0.
func EditVersion(r *http.Request, editing bool) (int, error) {
	if !editing {
		return 0, nil
	}
	return FormInt(r, "version")
}

// PathID reads a numeric path segment.
func PathID(r *http.Request, key string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(key), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.ErrNotFound
	}
	return n, nil
}

// PageOf reads ?page= and ?limit=.
func PageOf(r *http.Request, def int) store.Page {
	p := store.Page{Limit: def}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil {
		p.Number = n
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil {
		p.Limit = n
	}
	return p.Normalize(def)
}

// Pager describes a list's paging for the Pager partial.
type Pager struct {
	Page, Pages, Total int
	Prev, Next         string
}

// NewPager describes page p of a list of total items, with links that keep
// the request's other parameters.
func NewPager(r *http.Request, p store.Page, total int) Pager {
	pages := max(1, (total+p.Limit-1)/p.Limit)
	pg := Pager{Page: p.Number, Pages: pages, Total: total}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if p.Number > 1 {
		pg.Prev = link(p.Number - 1)
	}
	if p.Number < pages {
		pg.Next = link(p.Number + 1)
	}
	return pg
}

// ParseDay reads a day typed as dd/mm/yyyy or sent by a date input
// (YYYY-MM-DD); "" stays "".
func ParseDay(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	t, err := vntext.ParseDate(v)
	if err != nil {
		return "", err
	}
	return t.Format(time.DateOnly), nil
}

// urlPathEscape escapes a file name for filename*=UTF-8”… (RFC 5987).
func urlPathEscape(s string) string { return url.PathEscape(s) }
