// Package portal is the public portal citizens read without an account
// (home, categories, agencies, posts, documents, the service directory,
// questions and feedback, search, feeds and the sitemap) and its
// administration: posts and their moderation, the directory, the feedback
// queue, links and visit statistics, with the posts' API.
package portal

import (
	"embed"
	"io/fs"
	"net/http"

	"tebdg/internal/store"
	"tebdg/internal/web"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's pages and API.
type Handler struct {
	*web.Server
	store  *store.Store
	portal *portalState // the page cache and visit counter of this process
}

// New is the area on the kit k.
func New(k *web.Server) *Handler {
	return &Handler{Server: k, store: k.Store(), portal: newPortalState()}
}

// Templates are the area's pages and partials.
func (s *Handler) Templates() fs.FS { return web.Templates(templates) }

// page is the kit's page with what the portal's templates add.
type page struct{ *web.Page }

func (s *Handler) newPage(r *http.Request, title, nav string) *page {
	return &page{s.NewPage(r, title, nav)}
}

// PublicPage is a page of the portal, the same for everyone, with its
// menu, hotlines and visit counts: for the public pages of other areas.
func (s *Handler) PublicPage(r *http.Request, title string) (*web.Page, error) {
	p, err := s.publicPage(r, title)
	if err != nil {
		return nil, err
	}
	return p.Page, nil
}

// Cached serves a public page from the portal's cache, counting visits.
func (s *Handler) Cached(h http.HandlerFunc) http.Handler { return s.portalPage(h) }
