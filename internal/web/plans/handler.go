// Package plans is the planning side of tebdg: plans imported from their
// documents, their items, assignments and progress, the board, timeline and
// revisions, the task list, the activities carried out, and their API.
package plans

import (
	"embed"
	"io/fs"

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
