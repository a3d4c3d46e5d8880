package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/vntext"
)

// The support-service directory: hotlines, Ngôi nhà Ánh Dương, trusted
// addresses, shelters and the rest, each kept by an org unit's editors.

const serviceCols = `v.id, v.org_id, o.code, o.path, v.kind, v.organization, v.name, v.description, v.area, v.address, v.confidential, v.phone,
	v.email, v.url, v.hours, v.eligibility, v.languages, v.free, v.active, v.version`

const serviceFrom = ` FROM services v JOIN org_units o ON o.id = v.org_id`

func scanService(r interface{ Scan(...any) error }) (domain.Service, error) {
	var v domain.Service
	return v, r.Scan(&v.ID, &v.OrgID, &v.OrgCode, &v.OrgPath, &v.Kind, &v.Organization, &v.Name, &v.Description, &v.Area, &v.Address, &v.Confidential,
		&v.Phone, &v.Email, &v.URL, &v.Hours, &v.Eligibility, &v.Languages, &v.Free, &v.Active, &v.Version)
}

// ServiceFilter chooses services.
type ServiceFilter struct {
	Kind     domain.ServiceKind
	Area     string // words of the area, any accents
	Inactive bool   // include services no longer offered (editors)
	Scope    *domain.Scope
}

// Services lists the directory in the order citizens read it: by kind,
// then hotlines before addresses, then name.
func (s *Store) Services(ctx context.Context, f ServiceFilter) ([]domain.Service, error) {
	q := &query{}
	q.add("SELECT ", serviceCols, serviceFrom, " WHERE 1=1")
	if !f.Inactive {
		q.add(" AND v.active = TRUE")
	}
	if f.Kind != "" {
		q.add(" AND v.kind = ", q.arg(string(f.Kind)))
	}
	if f.Scope != nil {
		q.add(" AND ", q.scope("o.path", *f.Scope))
	}
	q.add(" ORDER BY v.id")
	list, err := scanAll(ctx, s.r, q.String(), q.args, scanService)
	if err != nil {
		return nil, mapErr(err)
	}
	if area := strings.TrimSpace(f.Area); area != "" {
		// Areas are few and short: filter in Go with the same folding as
		// search, so "ha long" finds "Hạ Long".
		want := vntext.Tokens(area)
		kept := list[:0]
		for _, v := range list {
			if hasWords(vntext.Tokens(v.Area+" "+v.ShownAddress()+" "+v.Organization), want) {
				kept = append(kept, v)
			}
		}
		list = kept
	}
	order := map[domain.ServiceKind]int{}
	for i, k := range domain.ServiceKinds {
		order[k] = i
	}
	sort.SliceStable(list, func(i, j int) bool { return order[list[i].Kind] < order[list[j].Kind] })
	return list, nil
}

// Service returns one service.
func (s *Store) Service(ctx context.Context, id int64) (domain.Service, error) {
	v, err := scanService(s.r.QueryRowContext(ctx, "SELECT "+serviceCols+serviceFrom+" WHERE v.id = $1", id))
	return v, mapErr(err)
}

// SaveService adds (id 0) or changes a service read at version.
func (s *Store) SaveService(ctx context.Context, actor domain.Actor, id int64, version int, org domain.OrgUnit, v domain.Service) (domain.Service, error) {
	if err := v.Validate(); err != nil {
		return v, err
	}
	var out domain.Service
	err := s.audited(ctx, actor, func(c *change) error {
		args := []any{org.ID, string(v.Kind), v.Organization, v.Name, v.Description, v.Area, v.Address, v.Confidential, v.Phone, v.Email, v.URL,
			v.Hours, v.Eligibility, v.Languages, v.Free, v.Active, micro(c.at)}
		var before any
		if id == 0 {
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO services (org_id, kind, organization, name, description, area, address, confidential,
				phone, email, url, hours, eligibility, languages, free, active, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`, args...).Scan(&id); err != nil {
				return err
			}
		} else {
			old, err := scanService(c.tx.QueryRowContext(ctx, "SELECT "+serviceCols+serviceFrom+" WHERE v.id = $1", id))
			if err != nil {
				return mapErr(err)
			}
			if old.Version != version {
				return errs.ErrStale
			}
			before = old
			if _, err := c.tx.ExecContext(ctx, `UPDATE services SET org_id = $1, kind = $2, organization = $3, name = $4, description = $5,
				area = $6, address = $7, confidential = $8, phone = $9, email = $10, url = $11, hours = $12, eligibility = $13, languages = $14,
				free = $15, active = $16, updated_at = $17, version = version + 1 WHERE id = $18`, append(args, id)...); err != nil {
				return err
			}
		}
		var err error
		if out, err = scanService(c.tx.QueryRowContext(ctx, "SELECT "+serviceCols+serviceFrom+" WHERE v.id = $1", id)); err != nil {
			return err
		}
		if err := indexService(ctx, c.tx, c.dialect, out); err != nil {
			return err
		}
		action := "service.create"
		if before != nil {
			action = "service.update"
		}
		return c.record(action, "service", strconv.FormatInt(id, 10), refOf(org), before, out)
	})
	return out, err
}

// indexService keeps an active service in the search index. A
// confidential address is never indexed, so no search can reveal it.
func indexService(ctx context.Context, tx *sql.Tx, dialect Dialect, v domain.Service) error {
	ref := strconv.FormatInt(v.ID, 10)
	if !v.Active {
		return unindexDoc(ctx, tx, dialect, DocService, ref)
	}
	body := strings.Join([]string{v.Kind.Label("vi"), v.Organization, markup.Text(v.Description), v.Area, v.ShownAddress(), v.Phone,
		v.Hours, v.Eligibility}, "\n")
	return indexDoc(ctx, tx, dialect, SearchDoc{Kind: DocService, Ref: ref, Category: "dich-vu", Title: v.Name + " – " + v.Organization, Body: body})
}

// ReindexSearch rebuilds the search index from the posts, documents and
// services. Migrate calls it once when the index is new; an admin may run
// it after restoring a backup made by another version.
func (s *Store) ReindexSearch(ctx context.Context) error {
	var docs []domain.LegalDoc
	for page := 1; ; page++ {
		list, _, err := s.LegalDocs(ctx, LegalFilter{}, Page{Number: page, Limit: MaxLimit})
		if err != nil {
			return err
		}
		docs = append(docs, list...)
		if len(list) < MaxLimit {
			break
		}
	}
	services, err := s.Services(ctx, ServiceFilter{})
	if err != nil {
		return err
	}
	var posts []domain.Post
	for page := 1; ; page++ {
		list, _, err := s.Posts(ctx, PostFilter{Scope: domain.Scope{All: true}, Status: domain.PostPublished}, Page{Number: page, Limit: MaxLimit})
		if err != nil {
			return err
		}
		posts = append(posts, list...)
		if len(list) < MaxLimit {
			break
		}
	}
	defer s.tidySearchIndex(ctx)
	return s.write(ctx, func(tx *sql.Tx) error {
		stmts := []string{"DELETE FROM search_docs"}
		if s.dialect == SQLite {
			stmts = append(stmts, "DELETE FROM search_fts")
		}
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				return err
			}
		}
		c := &change{tx: tx, dialect: s.dialect}
		for _, d := range docs {
			if err := indexLegal(ctx, c, d); err != nil {
				return err
			}
		}
		for _, v := range services {
			if err := indexService(ctx, tx, s.dialect, v); err != nil {
				return err
			}
		}
		for _, p := range posts {
			if err := s.indexPost(ctx, tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// hasWords reports whether every word of want is among words.
func hasWords(words, want []string) bool {
	for _, w := range want {
		found := false
		for _, x := range words {
			found = found || x == w
		}
		if !found {
			return false
		}
	}
	return true
}

// DefaultPortalLinks are the national sites every portal links to until
// its editors choose otherwise.
var DefaultPortalLinks = []domain.PortalLink{
	{Name: "Tổng đài quốc gia bảo vệ trẻ em 111", URL: "https://tongdai111.vn"},
	{Name: "Cổng Dịch vụ công quốc gia", URL: "https://dichvucong.gov.vn"},
	{Name: "Cơ sở dữ liệu quốc gia về văn bản pháp luật", URL: "https://vbpl.vn"},
}

// PortalLinks returns the linked websites the portal shows.
func (s *Store) PortalLinks(ctx context.Context) ([]domain.PortalLink, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = 'portal_links'").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultPortalLinks, nil
	}
	if err != nil {
		return nil, mapErr(err)
	}
	var out []domain.PortalLink
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		return DefaultPortalLinks, nil //nolint:nilerr // a damaged setting falls back to the defaults
	}
	return out, nil
}

// SetPortalLinks replaces the linked websites. Each needs a name and an
// http(s) address; at most 20.
func (s *Store) SetPortalLinks(ctx context.Context, actor domain.Actor, links []domain.PortalLink) error {
	var l errs.List
	if len(links) > 20 {
		l = append(l, errs.Field("links", "tối đa 20 liên kết", "at most 20 links"))
	}
	for i := range links {
		links[i].Name, links[i].URL = domain.CleanText(links[i].Name), strings.TrimSpace(links[i].URL)
		u, err := url.Parse(links[i].URL)
		switch {
		case links[i].Name == "" || utf8.RuneCountInString(links[i].Name) > 200:
			l = append(l, errs.Fieldf("links", "dòng %d: nhập tên trang web (tối đa 200 ký tự)", "line %d: give the site's name (at most 200 characters)", i+1))
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(links[i].URL) > 500:
			l = append(l, errs.Fieldf("links", "dòng %d: địa chỉ phải bắt đầu bằng https:// hoặc http://", "line %d: the address must start with https:// or http://", i+1))
		}
	}
	if err := l.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(links)
	if err != nil {
		return err
	}
	return s.audited(ctx, actor, func(c *change) error {
		before, _ := s.PortalLinks(ctx)
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('portal_links', $1)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, string(b)); err != nil {
			return err
		}
		return c.record("portal.links", "setting", "portal_links", orgRef{}, before, links)
	})
}
