package web

import (
	"context"
	"io/fs"
	"net/http"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Load reads the entity whose id the path's {id} holds and gives it to
// the signed-in user only where may says they reach it. An entity out of
// their reach answers 404, the same as one that does not exist, so an id
// tells nobody what lies beyond their units.
func Load[T any](r *http.Request, get func(context.Context, int64) (T, error), may func(domain.User, T) bool) (T, error) {
	var zero T
	id, err := PathID(r, "id")
	if err != nil {
		return zero, err
	}
	v, err := get(r.Context(), id)
	if err != nil {
		return zero, err
	}
	if u := State(r).User; u == nil || !may(*u, v) {
		return zero, errs.ErrNotFound
	}
	return v, nil
}

// Allow answers ErrNoAccess unless ok: for a change to an entity the user
// may read but not change.
func Allow(ok bool) error {
	if !ok {
		return errs.ErrNoAccess
	}
	return nil
}

// DeleteVersion reads the form of a delete button and deletes with the
// version it was shown at, so a delete never removes what someone else
// changed in between.
func DeleteVersion(r *http.Request, del func(ctx context.Context, a domain.Actor, version int) error) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	version, err := FormInt(r, "version")
	if err != nil {
		return err
	}
	return del(r.Context(), State(r).Actor(), version)
}

// Templates is an area's embedded templates directory as the Templated
// interface wants it.
func Templates(embedded fs.FS) fs.FS {
	sub, err := fs.Sub(embedded, "templates")
	if err != nil {
		panic(err) // only a bad path fails, and the path is fixed
	}
	return sub
}
