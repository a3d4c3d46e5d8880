// Package documents is where the documents officers sign are made: the
// results report of a plan for a period, drafted from the records and
// edited, approved and sent here, and the register of outgoing documents
// that numbers them.
package documents

import (
	"embed"
	"io/fs"

	"tebdg/internal/store"
	"tebdg/internal/web"
	"tebdg/internal/web/reports"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's pages and API.
type Handler struct {
	*web.Server
	store *store.Store
	// reports computes figures the way every report and dashboard does.
	reports *reports.Handler
}

// New is the area on the kit k; figures come from the reports area rep.
func New(k *web.Server, rep *reports.Handler) *Handler {
	return &Handler{Server: k, store: k.Store(), reports: rep}
}

// Templates are the area's pages and partials.
func (s *Handler) Templates() fs.FS { return web.Templates(templates) }
