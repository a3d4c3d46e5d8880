// Package reports is indicator reporting: the periodic reports units enter
// and submit and their review, completeness, the catalogue of indicators,
// categories and templates, holidays, analytics, targets, and their API
// (periods, indicators, analytics and data value sets).
package reports

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
	store *store.Store
}

// New is the area on the kit k.
func New(k *web.Server) *Handler { return &Handler{Server: k, store: k.Store()} }

// Templates are the area's pages and partials.
func (s *Handler) Templates() fs.FS { return web.Templates(templates) }

// page is the kit's page with what the reports' templates add: the
// dimensions of the pivot table and the option lines of categories.
type page struct{ *web.Page }

func (s *Handler) newPage(r *http.Request, title, nav string) *page {
	return &page{s.NewPage(r, title, nav)}
}
