package web

import (
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Who may change a catalogue entry is auth.CanEditCatalogueOf. These say
// no with a reason, so a coordinator of a department who tries to remove a
// holiday learns whom to ask rather than only that they may not.

// errSharedCatalogue refuses a change to what the whole province shares.
var errSharedCatalogue = errs.New(errs.Forbidden,
	"chỉ số, nhóm phân tổ, ngày nghỉ lễ và ngày lễ chung của cả tỉnh chỉ do điều phối viên cấp tỉnh và quản trị hệ thống thay đổi",
	"indicators, categories, holidays and the observances the whole province shares are changed only by the province's coordinators and admins")

// MayEditCatalogue returns nil when u may change an entry owned by owner
// (auth.SharedOwner, or an org unit whose path and name are given), and
// otherwise the 403 to answer.
func MayEditCatalogue(u domain.User, ownerPath, ownerName string) error {
	if auth.CanEditCatalogueOf(u, ownerPath) {
		return nil
	}
	if ownerPath == auth.SharedOwner {
		return errSharedCatalogue
	}
	return errs.Newf(errs.Forbidden,
		"mục này thuộc %s: chỉ điều phối viên của đơn vị đó hoặc đơn vị cấp trên được thay đổi",
		"this belongs to %s: only coordinators of that unit or of a unit above it may change it", ownerName)
}

// CanEditShared is whether u changes what the whole province shares.
func CanEditShared(u domain.User) bool { return auth.CanEditCatalogueOf(u, auth.SharedOwner) }
