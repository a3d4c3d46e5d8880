package portal

import (
	"net/http"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/web"
)

// The portal's "Liên kết website", kept by the editors of the province
// (the root unit) and admins: one link a line, "name | address".

type portalLinksData struct {
	Links []domain.PortalLink
}

func (s *Handler) handlePortalLinks(w http.ResponseWriter, r *http.Request) {
	if !auth.CanEditPortalSite(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	links, err := s.store.PortalLinks(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.portalLinksPage(w, r, http.StatusOK, links, nil)
}

func (s *Handler) portalLinksPage(w http.ResponseWriter, r *http.Request, status int, links []domain.PortalLink, ferr error) {
	p := s.newPage(r, "", "portal-links")
	p.Title = p.T("Liên kết website trên cổng thông tin", "Linked websites on the portal")
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		lines := make([]string, len(links))
		for i, l := range links {
			lines[i] = l.Name + " | " + l.URL
		}
		p.Form.Values.Set("links", strings.Join(lines, "\n"))
	}
	p.Data = portalLinksData{Links: links}
	s.Render(w, r, status, "portal_links", p)
}

// parseLinks reads "name | address" lines; blank lines are skipped.
func parseLinks(text string) ([]domain.PortalLink, error) {
	var out []domain.PortalLink
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, addr, ok := strings.Cut(line, "|")
		if !ok {
			return nil, errs.Fieldf("links", "dòng %d: viết “tên | địa chỉ”", "line %d: write “name | address”", i+1)
		}
		out = append(out, domain.PortalLink{Name: strings.TrimSpace(name), URL: strings.TrimSpace(addr)})
	}
	return out, nil
}

func (s *Handler) handlePortalLinksSave(w http.ResponseWriter, r *http.Request) {
	if !auth.CanEditPortalSite(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	links, err := parseLinks(r.PostForm.Get("links"))
	if err == nil {
		err = s.store.SetPortalLinks(r.Context(), web.State(r).Actor(), links)
	}
	if err != nil {
		s.portalLinksPage(w, r, web.StatusOf(errs.CodeOf(err)), links, err)
		return
	}
	s.portalChanged()
	web.RedirectFlash(w, r, "/app/portal/links", "saved")
}
