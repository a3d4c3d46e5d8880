// Package domain holds the types the whole of tebdg speaks in, with the
// validation rules that belong to them. It imports no storage or web code.
package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// OrgKind says what an org unit is. The set is small on purpose: programme
// roles (who coordinates what) are role assignments, not kinds, so the 2025
// reform that moved coordination between sectors needs no new kind.
type OrgKind string

// The org unit kinds.
const (
	KindCountry  OrgKind = "country"
	KindProvince OrgKind = "province"
	KindAgency   OrgKind = "agency"  // a provincial department (Sở) or sector body
	KindUnit     OrgKind = "unit"    // a division, inspectorate, board … inside an agency
	KindCommune  OrgKind = "commune" // xã, phường, đặc khu
)

// OrgKinds lists the kinds in the order forms offer them.
var OrgKinds = []OrgKind{KindCountry, KindProvince, KindAgency, KindUnit, KindCommune}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if v == k {
			return true
		}
	}
	return false
}

// OrgUnit is a node of the org tree: a province, an agency, one of its units,
// a commune. Path is "/<id>/<id>/…/" from the root, so a subtree is a prefix.
type OrgUnit struct {
	ID         int64     `json:"-"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	NameEN     string    `json:"name_en"`
	Kind       OrgKind   `json:"kind"`
	ParentID   int64     `json:"-"`
	ParentCode string    `json:"parent"`
	Path       string    `json:"-"`
	ActiveFrom string    `json:"active_from,omitempty"` // YYYY-MM-DD or ""
	ActiveTo   string    `json:"active_to,omitempty"`   // YYYY-MM-DD or "": the last active day
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	Depth      int       `json:"-"` // depth in the tree, for display
}

// Active reports whether the unit is active on the given day (YYYY-MM-DD).
func (o OrgUnit) Active(day string) bool {
	if o.ActiveFrom != "" && day < o.ActiveFrom {
		return false
	}
	return o.ActiveTo == "" || day <= o.ActiveTo
}

// DisplayName is the name in lang, falling back to Vietnamese.
func (o OrgUnit) DisplayName(lang string) string {
	if lang == "en" && o.NameEN != "" {
		return o.NameEN
	}
	return o.Name
}

// Under reports whether o lies in the subtree rooted at path (itself included).
func (o OrgUnit) Under(path string) bool { return strings.HasPrefix(o.Path, path) }

// Field limits, shared by forms, the API and the store.
const (
	MaxCodeLen = 32
	MaxNameLen = 200
)

var codeRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_.-]*[A-Z0-9]$`)

// NormalizeCode upper-cases and trims an org or indicator code.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// ValidateCode checks a code: 2–32 of A–Z, 0–9, '-', '_', '.', starting and
// ending with a letter or digit ("QN-SGTVT-TTS").
func ValidateCode(field, code string) *errs.Error {
	switch {
	case code == "":
		return errs.Field(field, "chưa nhập mã", "code is required")
	case len(code) > MaxCodeLen || len(code) < 2:
		return errs.Fieldf(field, "mã phải dài từ 2 đến %d ký tự", "code must be 2 to %d characters long", MaxCodeLen)
	case !codeRE.MatchString(code):
		return errs.Field(field, "mã chỉ gồm chữ không dấu, chữ số và dấu gạch (-, _, .)", "code may hold only letters A–Z, digits and - _ .")
	}
	return nil
}

// ValidateName checks a required or optional display name.
func ValidateName(field, name string, required bool) *errs.Error {
	switch {
	case name == "" && required:
		return errs.Field(field, "chưa nhập tên", "name is required")
	case utf8.RuneCountInString(name) > MaxNameLen:
		return errs.Fieldf(field, "tên dài quá %d ký tự", "name is longer than %d characters", MaxNameLen)
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n\t"):
		return errs.Field(field, "tên chứa ký tự không hợp lệ", "name holds characters that are not allowed")
	}
	return nil
}

// OrgUnitInput is what a form or the API sends to create or change a unit.
type OrgUnitInput struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	NameEN     string  `json:"name_en"`
	Kind       OrgKind `json:"kind"`
	Parent     string  `json:"parent"`
	ActiveFrom string  `json:"active_from"`
}

// Normalize trims the fields and upper-cases the codes.
func (in *OrgUnitInput) Normalize() {
	in.Code = NormalizeCode(in.Code)
	in.Parent = NormalizeCode(in.Parent)
	in.Name = CleanText(in.Name)
	in.NameEN = CleanText(in.NameEN)
	in.Kind = OrgKind(strings.TrimSpace(string(in.Kind)))
	in.ActiveFrom = strings.TrimSpace(in.ActiveFrom)
}

// Validate checks every field and returns all problems at once.
func (in OrgUnitInput) Validate() error {
	var l errs.List
	if e := ValidateCode("code", in.Code); e != nil {
		l = append(l, e)
	}
	if e := ValidateName("name", in.Name, true); e != nil {
		l = append(l, e)
	}
	if e := ValidateName("name_en", in.NameEN, false); e != nil {
		l = append(l, e)
	}
	if !in.Kind.Valid() {
		l = append(l, errs.Field("kind", "chọn loại đơn vị", "choose the kind of unit"))
	}
	if in.Parent != "" {
		if e := ValidateCode("parent", in.Parent); e != nil {
			l = append(l, e)
		}
	}
	if in.ActiveFrom != "" {
		if _, err := ParseISODate(in.ActiveFrom); err != nil {
			l = append(l, errs.Field("active_from", "ngày không hợp lệ", "not a valid date"))
		}
	}
	return l.Err()
}

// CleanText trims a one-line text and folds inner runs of spaces (including
// the non-breaking spaces that text pasted from Word carries) to one.
func CleanText(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\u00a0' || r == '\t' || r == '\u2007' || r == '\u202f'
	}), " ")
}

// ParseISODate parses YYYY-MM-DD, the form HTML date inputs send.
func ParseISODate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, err
	}
	if t.Year() < 1900 || t.Year() > 2100 {
		return time.Time{}, errs.Field("", "năm ngoài khoảng 1900–2100", "year outside 1900–2100")
	}
	return t, nil
}
