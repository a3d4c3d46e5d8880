package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under content-hashed names
// (/static/app.1a2b3c4d5e.css), so browsers may keep them for a year and
// still fetch a new version the moment it changes.
type assets struct {
	byName   map[string]asset // "app.css"
	byHashed map[string]asset // "app.1a2b3c4d5e.css"
}

type asset struct {
	hashed string
	body   []byte
	ctype  string
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]asset{}, byHashed: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		as := asset{hashed: hashed, body: body, ctype: ctype}
		a.byName[name], a.byHashed[hashed] = as, as
		return nil
	})
	return a, err
}

// path returns the URL of a static file by its plain name.
func (a *assets) path(name string) string {
	if as, ok := a.byName[name]; ok {
		return "/static/" + as.hashed
	}
	return "/static/" + name
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	as, ok := a.byHashed[name]
	if !ok {
		// An old page may still ask for a previous version during an
		// upgrade: give the current file, but do not let it be cached long.
		if cur, found := a.byName[stripHash(name)]; found {
			w.Header().Set("Content-Type", cur.ctype)
			w.Header().Set("Cache-Control", "no-cache")
			_, _ = w.Write(cur.body)
			return
		}
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", as.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+as.hashed+`"`)
	if r.Header.Get("If-None-Match") == `"`+as.hashed+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(as.body)
}

// stripHash turns "app.1a2b3c4d5e.css" back into "app.css".
func stripHash(name string) string {
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return base[:i] + ext
	}
	return name
}
