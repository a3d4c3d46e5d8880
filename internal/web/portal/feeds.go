package portal

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// What the portal offers to programs: an Atom feed per category, the
// sitemap for search engines, and the directory in the shape of the Open
// Referral HSDS model (JSON) and as a spreadsheet (CSV).

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string       `xml:"title"`
	ID        string       `xml:"id"`
	Link      atomLink     `xml:"link"`
	Published string       `xml:"published"`
	Updated   string       `xml:"updated"`
	Author    atomPerson   `xml:"author"`
	Category  atomCategory `xml:"category"`
	Summary   atomText     `xml:"summary"`
	Content   atomText     `xml:"content"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// handleAtom is /feed.xml (every category) and /category/{code}/feed.xml.
func (s *Handler) handleAtom(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cats, err := s.store.PostCategories(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, c := range cats {
		names[c.Code] = c.Name
	}
	code := r.PathValue("code")
	title := "Tin tức, thông báo – Công tác trẻ em và bình đẳng giới"
	self := "/feed.xml"
	if code != "" {
		if names[code] == "" {
			s.Fail(w, r, errs.New(errs.NotFound, "không có chuyên mục này", "no such category"))
			return
		}
		title, self = names[code]+" – Công tác trẻ em và bình đẳng giới", "/category/"+code+"/feed.xml"
	}
	posts, _, err := s.publicPosts(ctx, store.PostFilter{Category: code, NoCount: true}, store.Page{Limit: 30})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := atomFeed{Lang: "vi", Title: title, ID: s.BaseURL(r) + self, Author: atomPerson{Name: "Cổng thông tin công tác trẻ em và bình đẳng giới"},
		Links: []atomLink{{Rel: "self", Href: s.BaseURL(r) + self, Type: "application/atom+xml"}, {Rel: "alternate", Href: s.BaseURL(r) + "/"}}}
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range posts {
		link := s.BaseURL(r) + p.URL()
		author := p.Author
		if author == "" {
			author = p.OrgName
		}
		summary := p.Summary
		if summary == "" {
			summary = markup.Summary(p.Body, 300)
		}
		f.Entries = append(f.Entries, atomEntry{Title: p.Title, ID: link, Link: atomLink{Rel: "alternate", Href: link},
			Published: p.PublishAt.Format(time.RFC3339), Updated: p.Updated.Format(time.RFC3339), Author: atomPerson{Name: author},
			Category: atomCategory{Term: p.Category, Label: names[p.Category]}, Summary: atomText{Type: "text", Body: summary},
			Content: atomText{Type: "html", Body: string(markup.HTML(p.Body))}})
		if p.Updated.After(updated) {
			updated = p.Updated
		}
	}
	f.Updated = updated.Format(time.RFC3339)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		s.Fail(w, r, errs.Wrap(err, "atom"))
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(buf.Bytes())
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// maxSitemap is the protocol's limit of addresses in one sitemap.
const maxSitemap = 50000

func (s *Handler) handleSitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sm := sitemap{}
	add := func(path, mod string) { sm.URLs = append(sm.URLs, sitemapURL{Loc: s.BaseURL(r) + path, LastMod: mod}) }
	for _, p := range []string{"/", "/directory", "/questions", "/feedback", "/search"} {
		add(p, "")
	}
	cats, err := s.store.PostCategories(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, c := range cats {
		add("/category/"+c.Code, "")
	}
	agencies, err := s.portalAgencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, a := range agencies {
		add("/agencies/"+a.Code, "")
		add("/calendar/"+a.Code, "")
	}
	for page := 1; len(sm.URLs) < maxSitemap; page++ {
		posts, _, err := s.publicPosts(ctx, store.PostFilter{NoCount: true}, store.Page{Number: page, Limit: store.MaxLimit})
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, p := range posts {
			if len(sm.URLs) < maxSitemap {
				add(p.URL(), p.Updated.Format(time.DateOnly))
			}
		}
		if len(posts) < store.MaxLimit {
			break
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(sm); err != nil {
		s.Fail(w, r, errs.Wrap(err, "sitemap"))
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(buf.Bytes())
}

func (s *Handler) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("User-agent: *\nDisallow: /app/\nDisallow: /api/\nDisallow: /login\nSitemap: " + s.BaseURL(r) + "/sitemap.xml" + "\n"))
}

// HSDS-style records: an organisation with its service, location, phone
// and schedule, as the Open Referral model names them.
type hsdsService struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	Description          string         `json:"description,omitempty"`
	Kind                 string         `json:"kind"`
	KindName             string         `json:"kind_name"`
	Status               string         `json:"status"`
	URL                  string         `json:"url,omitempty"`
	Email                string         `json:"email,omitempty"`
	Eligibility          string         `json:"eligibility_description,omitempty"`
	Fees                 string         `json:"fees_description"`
	Languages            []hsdsLanguage `json:"languages"`
	Organization         hsdsOrg        `json:"organization"`
	Locations            []hsdsLocation `json:"service_at_locations"`
	Phones               []hsdsPhone    `json:"phones"`
	Schedules            []hsdsSchedule `json:"schedules"`
	ServiceAreas         []hsdsArea     `json:"service_areas"`
	AddressConfidential  bool           `json:"address_confidential"`
	MaintainedByOrgUnits string         `json:"maintained_by"`
}

type hsdsOrg struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type hsdsLocation struct {
	ID        string        `json:"id"`
	Addresses []hsdsAddress `json:"addresses"`
}

type hsdsAddress struct {
	Address1 string `json:"address_1"`
	Region   string `json:"region,omitempty"`
	Country  string `json:"country"`
}

type hsdsPhone struct {
	Number    string         `json:"number"`
	Languages []hsdsLanguage `json:"languages,omitempty"`
}

type hsdsSchedule struct {
	Description string `json:"description"`
}

type hsdsArea struct {
	Name string `json:"service_area"`
}

type hsdsLanguage struct {
	Name string `json:"name"`
}

func (s *Handler) publicServices(r *http.Request) ([]domain.Service, error) {
	q := r.URL.Query()
	kind := q.Get("kind")
	if kind != "" && !domain.ServiceKind(kind).Valid() {
		return nil, errs.Field("kind", "không có loại dịch vụ này", "no such kind of service")
	}
	return s.store.Services(r.Context(), store.ServiceFilter{Kind: domain.ServiceKind(kind), Area: web.TrimTo(q.Get("area"), 100)})
}

func splitList(s string) []hsdsLanguage {
	out := []hsdsLanguage{}
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, hsdsLanguage{Name: l})
		}
	}
	return out
}

// handleDirectoryJSON is the directory for other systems, HSDS-style. A
// confidential address is left out: only the phone is given.
func (s *Handler) handleDirectoryJSON(w http.ResponseWriter, r *http.Request) {
	list, err := s.publicServices(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	out := make([]hsdsService, 0, len(list))
	for _, v := range list {
		id := strconv.FormatInt(v.ID, 10)
		h := hsdsService{ID: id, Name: v.Name, Description: markup.Text(v.Description), Kind: string(v.Kind), KindName: v.Kind.Label("vi"),
			Status: "active", URL: v.URL, Email: v.Email, Eligibility: v.Eligibility, Languages: splitList(v.Languages),
			Organization: hsdsOrg{ID: "org-" + id, Name: v.Organization}, Locations: []hsdsLocation{}, Phones: []hsdsPhone{},
			Schedules: []hsdsSchedule{}, ServiceAreas: []hsdsArea{}, AddressConfidential: v.Confidential, MaintainedByOrgUnits: v.OrgCode}
		h.Fees = "Có thu phí"
		if v.Free {
			h.Fees = "Miễn phí"
		}
		if addr := v.ShownAddress(); addr != "" {
			h.Locations = append(h.Locations, hsdsLocation{ID: "loc-" + id, Addresses: []hsdsAddress{{Address1: addr, Region: v.Area, Country: "VN"}}})
		}
		if v.Phone != "" {
			h.Phones = append(h.Phones, hsdsPhone{Number: v.Phone, Languages: splitList(v.Languages)})
		}
		if v.Hours != "" {
			h.Schedules = append(h.Schedules, hsdsSchedule{Description: v.Hours})
		}
		if v.Area != "" {
			h.ServiceAreas = append(h.ServiceAreas, hsdsArea{Name: v.Area})
		}
		out = append(out, h)
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Access-Control-Allow-Origin", "*") // public data, read by other agencies' pages
	web.WriteJSON(w, http.StatusOK, map[string]any{"services": out, "total": len(out)})
}

// handleDirectoryCSV is the directory as a spreadsheet, with a byte-order
// mark so Excel reads the Vietnamese letters.
func (s *Handler) handleDirectoryCSV(w http.ResponseWriter, r *http.Request) {
	list, err := s.publicServices(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"id", "kind", "kind_name", "organization", "service", "description", "area", "address", "address_confidential",
		"phone", "email", "url", "hours", "eligibility", "languages", "free"})
	yes := func(b bool) string {
		if b {
			return "có"
		}
		return "không"
	}
	for _, v := range list {
		_ = cw.Write([]string{strconv.FormatInt(v.ID, 10), string(v.Kind), v.Kind.Label("vi"), csvSafe(v.Organization), csvSafe(v.Name),
			csvSafe(markup.Text(v.Description)), csvSafe(v.Area), csvSafe(v.ShownAddress()), yes(v.Confidential), csvSafe(v.Phone), csvSafe(v.Email),
			csvSafe(v.URL), csvSafe(v.Hours), csvSafe(v.Eligibility), csvSafe(v.Languages), yes(v.Free)})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="danh-ba-ho-tro.csv"`)
	_, _ = w.Write(buf.Bytes())
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !isPhoneLike(s) {
		return "'" + s
	}
	return s
}

func isPhoneLike(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || strings.ContainsRune(" +().-", r)) {
			return false
		}
	}
	return true
}
