// Package registries keeps the registers of things on the ground (helmets
// handed over, signs, inspections, play areas…) with their import, export
// and map, and the gift rounds for staff's children.
package registries

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

// page is the kit's page with what the registries' templates add: the
// values, statuses and map links of records.
type page struct{ *web.Page }

func (s *Handler) newPage(r *http.Request, title, nav string) *page {
	return &page{s.NewPage(r, title, nav)}
}
