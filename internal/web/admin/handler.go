// Package admin is the administration of tebdg: org units, users and their
// roles, the account page with API tokens, the audit log, the legal-document
// registry, and their JSON API.
package admin

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
