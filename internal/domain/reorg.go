package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
	"tebdg/internal/orgtime"
)

// ReorgStatus is where a reorganisation stands: prepared ahead, applied
// on its date (once), or cancelled before it was applied.
type ReorgStatus string

// The states of a reorganisation.
const (
	ReorgPrepared  ReorgStatus = "prepared"
	ReorgApplied   ReorgStatus = "applied"
	ReorgCancelled ReorgStatus = "cancelled"
)

// ReorgUnit is a unit an act makes: the new department of a merger, a
// part of a split.
type ReorgUnit struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	NameEN string  `json:"name_en,omitempty"`
	Kind   OrgKind `json:"kind,omitempty"`
	Parent string  `json:"parent,omitempty"`
}

// ReorgInto is the unit a merger makes or joins: the code of an existing
// unit, or a new unit written out in full.
type ReorgInto struct {
	Code string
	New  *ReorgUnit
}

// UnmarshalJSON takes "QN-SXD" or {"code": …, "name": …, "parent": …, "kind": …}.
func (i *ReorgInto) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		i.New = nil
		return json.Unmarshal(b, &i.Code)
	case len(b) > 0 && b[0] == '{':
		var u ReorgUnit
		if err := json.Unmarshal(b, &u); err != nil {
			return err
		}
		i.Code, i.New = u.Code, &u
		return nil
	case string(b) == "null":
		*i = ReorgInto{}
		return nil
	}
	return errs.Field("into", "into là mã đơn vị hoặc {code, name, parent, kind}", "into is a unit code or {code, name, parent, kind}")
}

// MarshalJSON writes the code, or the whole unit when the act makes it.
func (i ReorgInto) MarshalJSON() ([]byte, error) {
	if i.New != nil {
		u := *i.New
		u.Code = i.Code
		return json.Marshal(u)
	}
	return json.Marshal(i.Code)
}

// ReorgPart is a unit a split makes or gives work to, with the share of
// the old unit's figures it carries and the units under the old one it
// takes over. Name is given when the part is a new unit.
type ReorgPart struct {
	ReorgUnit
	Share float64  `json:"share"`
	Takes []string `json:"takes,omitempty"`
}

// ReorgInput is what a form or the API sends to prepare a reorganisation.
type ReorgInput struct {
	Kind      orgtime.Kind `json:"kind"`
	Effective string       `json:"effective"` // YYYY-MM-DD: the first day of the new structure
	Units     []string     `json:"units"`
	Into      ReorgInto    `json:"into"`
	Parts     []ReorgPart  `json:"parts,omitempty"`
	// Name and NameEN are a rename's new names; Parent is a move's new parent.
	Name   string `json:"name,omitempty"`
	NameEN string `json:"name_en,omitempty"`
	Parent string `json:"parent,omitempty"`
	// Decision is the legal basis, as cited: "Quyết định số 512/QĐ-UBND
	// ngày 25/02/2025 của UBND tỉnh Quảng Ninh".
	Decision string `json:"decision"`
	Note     string `json:"note,omitempty"`
}

// MaxReorgNote bounds the note of an act.
const MaxReorgNote = 2000

// Normalize trims the fields and upper-cases the codes.
func (in *ReorgInput) Normalize() {
	in.Kind = orgtime.Kind(strings.ToLower(strings.TrimSpace(string(in.Kind))))
	in.Effective = strings.TrimSpace(in.Effective)
	units := in.Units[:0:0]
	for _, u := range in.Units {
		if u = NormalizeCode(u); u != "" {
			units = append(units, u)
		}
	}
	in.Units = units
	in.Into.Code = NormalizeCode(in.Into.Code)
	if in.Into.New != nil {
		n := *in.Into.New
		n.normalize()
		n.Code = in.Into.Code
		in.Into.New = &n
	}
	for i := range in.Parts {
		in.Parts[i].normalize()
		for j, t := range in.Parts[i].Takes {
			in.Parts[i].Takes[j] = NormalizeCode(t)
		}
	}
	in.Name, in.NameEN = CleanText(in.Name), CleanText(in.NameEN)
	in.Parent = NormalizeCode(in.Parent)
	in.Decision = CleanText(in.Decision)
	in.Note = strings.TrimSpace(in.Note)
}

func (u *ReorgUnit) normalize() {
	u.Code, u.Parent = NormalizeCode(u.Code), NormalizeCode(u.Parent)
	u.Name, u.NameEN = CleanText(u.Name), CleanText(u.NameEN)
	u.Kind = OrgKind(strings.TrimSpace(string(u.Kind)))
}

// check checks a unit the act makes; field names the form field.
func (u ReorgUnit) check(field string) *errs.Error {
	if e := ValidateCode(field, u.Code); e != nil {
		return e
	}
	if e := ValidateName(field, u.Name, true); e != nil {
		return e
	}
	if e := ValidateName(field, u.NameEN, false); e != nil {
		return e
	}
	if u.Kind != "" && !u.Kind.Valid() {
		return errs.Field(field, "chọn loại đơn vị", "choose the kind of unit")
	}
	if u.Parent != "" {
		return ValidateCode(field, u.Parent)
	}
	return nil
}

// Event is the act as the timeline reads it.
func (in ReorgInput) Event(id int64) orgtime.Event {
	e := orgtime.Event{ID: id, Kind: in.Kind, Effective: in.Effective, Units: append([]string(nil), in.Units...),
		Into: in.Into.Code, Name: in.Name, Parent: in.Parent}
	if in.Kind == orgtime.Merge && in.Into.Code != "" {
		// A merger into an existing unit may name it among the units or not.
		e.Units = append(e.Units, in.Into.Code)
		e.Units = uniqueCodes(e.Units)
	}
	for _, p := range in.Parts {
		e.Parts = append(e.Parts, orgtime.Part{Code: p.Code, Share: p.Share})
	}
	return e
}

func uniqueCodes(codes []string) []string {
	seen := map[string]bool{}
	out := codes[:0]
	for _, c := range codes {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// Validate checks the act's shape: the timeline's rules for its kind,
// the codes and names of the units it makes, the date and the legal basis.
// Whether the units exist and may be changed is the store's to check.
func (in ReorgInput) Validate() error {
	var l errs.List
	if in.Effective != "" {
		if _, err := ParseISODate(in.Effective); err != nil {
			l = append(l, errs.Field("effective", "ngày hiệu lực không hợp lệ", "not a valid effective date"))
		}
	} else {
		l = append(l, errs.Field("effective", "chưa nhập ngày hiệu lực", "the effective date is required"))
	}
	for _, u := range in.Units {
		if e := ValidateCode("units", u); e != nil {
			l = append(l, e)
			break
		}
	}
	if len(l) == 0 {
		if _, err := orgtime.New([]orgtime.Event{in.Event(0)}); err != nil {
			l = append(l, asErrs(err)...)
		}
	}
	switch in.Kind {
	case orgtime.Merge:
		if in.Into.New != nil {
			if e := in.Into.New.check("into"); e != nil {
				l = append(l, e)
			}
		}
	case orgtime.Split:
		for _, p := range in.Parts {
			if p.Name != "" {
				if e := p.check("parts"); e != nil {
					l = append(l, e)
					break
				}
			}
		}
	case orgtime.Rename:
		if e := ValidateName("name", in.Name, true); e != nil {
			l = append(l, e)
		}
		if e := ValidateName("name_en", in.NameEN, false); e != nil {
			l = append(l, e)
		}
	case orgtime.Move:
		if e := ValidateCode("parent", in.Parent); e != nil {
			l = append(l, e)
		}
	}
	switch {
	case in.Decision == "":
		l = append(l, errs.Field("decision", "nêu văn bản quyết định việc sắp xếp", "cite the decision the reorganisation rests on"))
	case utf8.RuneCountInString(in.Decision) > 500:
		l = append(l, errs.Field("decision", "trích dẫn văn bản dài quá 500 ký tự", "the citation is longer than 500 characters"))
	}
	if utf8.RuneCountInString(in.Note) > MaxReorgNote {
		l = append(l, errs.Fieldf("note", "ghi chú dài quá %d ký tự", "the note is longer than %d characters", MaxReorgNote))
	}
	return l.Err()
}

// asErrs unpacks an error into the list it holds, or a list of one.
func asErrs(err error) errs.List {
	var l errs.List
	if errors.As(err, &l) {
		return l
	}
	return errs.List{errs.As(err)}
}

// ReorgChange is what applying an act did to one unit, kept beside the act
// so that what the unit was called and where it stood can be read back.
type ReorgChange struct {
	Code      string `json:"code"`
	Created   bool   `json:"created,omitempty"`
	Ended     bool   `json:"ended,omitempty"`
	Parent    string `json:"parent,omitempty"` // before the act
	NewParent string `json:"new_parent,omitempty"`
	Name      string `json:"name,omitempty"` // before the act, when renamed
	NameEN    string `json:"name_en,omitempty"`
	NewName   string `json:"new_name,omitempty"`
}

// ReorgMove is one line of what an act moves from a unit to another:
// users, roles, open tasks, open reports …
type ReorgMove struct {
	What  string `json:"what"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// ReorgWhat are the kinds of thing a merger or split moves, in the order
// a preview lists them, with their names.
var ReorgWhat = []struct{ Code, VI, EN string }{
	{"units", "Đơn vị trực thuộc", "Units under it"},
	{"users", "Người dùng", "Users"},
	{"roles", "Vai trò", "Roles"},
	{"tasks", "Nhiệm vụ đang thực hiện", "Open tasks"},
	{"supports", "Nhiệm vụ phối hợp đang thực hiện", "Open tasks it supports"},
	{"reports", "Báo cáo chưa gửi của các kỳ từ ngày hiệu lực", "Unsent reports of periods from the effective date"},
	{"reporting", "Mẫu báo cáo phải nộp", "Templates it reports on"},
	{"templates", "Mẫu báo cáo điều phối", "Templates it coordinates"},
	{"services", "Mục danh bạ dịch vụ", "Directory entries"},
	{"registries", "Sổ theo dõi", "Registries"},
	{"staff_children", "Danh sách con cán bộ", "Staff children lists"},
	{"gift_rounds", "Đợt tặng quà đang mở", "Open gift rounds"},
	{"events", "Lịch công tác từ ngày hiệu lực", "Events from the effective date"},
	{"cases", "Vụ việc đang mở", "Open cases"},
	{"feedback", "Góp ý chưa trả lời", "Unanswered feedback"},
	{"observances", "Ngày kỷ niệm tự đặt", "Own observances"},
}

// ReorgWhatName is the name of a kind of thing moved.
func ReorgWhatName(code, lang string) string {
	for _, w := range ReorgWhat {
		if w.Code == code {
			if lang == "en" {
				return w.EN
			}
			return w.VI
		}
	}
	return code
}

// Reorganisation is a recorded act.
type Reorganisation struct {
	ID int64 `json:"id"`
	ReorgInput
	Status ReorgStatus `json:"status"`
	// Org is the unit whose administrators may see and apply it: the
	// lowest one holding every unit the act concerns.
	Org      string `json:"org"`
	OrgPath  string `json:"-"`
	LegalDoc int64  `json:"-"`
	// Changes and Moved are filled when the act is applied; Preview is
	// what applying it now would move.
	Changes []ReorgChange `json:"changes,omitempty"`
	Moved   []ReorgMove   `json:"moved,omitempty"`
	Preview []ReorgMove   `json:"preview,omitempty"`
	// Failure is why the scheduler could not apply it on its date.
	Failure   string     `json:"failure,omitempty"`
	CreatedBy string     `json:"created_by,omitempty"` // full name (unit)
	AppliedBy string     `json:"applied_by,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	AppliedAt *time.Time `json:"applied_at,omitempty"`
	Version   int        `json:"version"`
}

// Ends lists the units the act ends: merged away, split or closed.
func (r Reorganisation) Ends() []string {
	var out []string
	for _, u := range r.Event(r.ID).Units {
		if r.Kind == orgtime.Merge && u == r.Into.Code {
			continue
		}
		if r.Kind == orgtime.Merge || r.Kind == orgtime.Split || r.Kind == orgtime.Close {
			out = append(out, u)
		}
	}
	return out
}

// ReorgKindLabel names a kind of act.
func ReorgKindLabel(k orgtime.Kind, lang string) string {
	names := map[orgtime.Kind][2]string{
		orgtime.Rename: {"Đổi tên", "Rename"}, orgtime.Move: {"Chuyển đơn vị cấp trên", "Move"},
		orgtime.Merge: {"Hợp nhất, sáp nhập", "Merge"}, orgtime.Split: {"Chia tách", "Split"},
		orgtime.Close: {"Giải thể", "Close"},
	}
	n, ok := names[k]
	if !ok {
		return string(k)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

// ReorgStatusLabel names a state.
func ReorgStatusLabel(s ReorgStatus, lang string) string {
	names := map[ReorgStatus][2]string{
		ReorgPrepared: {"Đã chuẩn bị, chờ ngày hiệu lực", "Prepared, awaiting its date"},
		ReorgApplied:  {"Đã thực hiện", "Applied"}, ReorgCancelled: {"Đã huỷ", "Cancelled"},
	}
	n, ok := names[s]
	if !ok {
		return string(s)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

// Concerns lists every unit the act names or, once applied, changed.
func (r Reorganisation) Concerns() []string {
	out := r.ReorgInput.Concerns()
	for _, c := range r.Changes {
		out = append(out, c.Code)
	}
	return uniqueCodes(out)
}

// Concerns lists every unit the act names.
func (in ReorgInput) Concerns() []string {
	out := append([]string(nil), in.Units...)
	if in.Into.Code != "" {
		out = append(out, in.Into.Code)
	}
	for _, p := range in.Parts {
		out = append(out, p.Code)
	}
	if in.Parent != "" {
		out = append(out, in.Parent)
	}
	return uniqueCodes(out)
}

// OrgPeriod is a stretch of a unit's life with one name and one parent.
type OrgPeriod struct {
	From       string `json:"from,omitempty"` // "" since it was recorded
	To         string `json:"to,omitempty"`   // "" to this day
	Name       string `json:"name"`
	Parent     string `json:"parent,omitempty"`
	ParentName string `json:"parent_name,omitempty"`
}

// OrgActEntry is an act in a unit's timeline, seen from the unit: what it
// did to the unit, and the other units it joined or handed over to.
type OrgActEntry struct {
	ID        int64        `json:"id"`
	Kind      orgtime.Kind `json:"kind"`
	Effective string       `json:"effective"`
	Decision  string       `json:"decision"`
	// Role is what the act did to this unit: created, renamed, moved,
	// received (units merged into it), ended.
	Role   string   `json:"role"`
	Others []string `json:"others,omitempty"`
	Names  []string `json:"names,omitempty"`
}

// OrgTimeline reads a unit's periods (newest last) and the acts that made
// them from the applied acts in effective order; names gives every unit's
// current name.
func OrgTimeline(o OrgUnit, acts []Reorganisation, names map[string]string) ([]OrgPeriod, []OrgActEntry) {
	type hit struct {
		act Reorganisation
		ch  ReorgChange
	}
	var hits []hit
	var entries []OrgActEntry
	for _, a := range acts {
		e := OrgActEntry{ID: a.ID, Kind: a.Kind, Effective: a.Effective, Decision: a.Decision}
		for _, ch := range a.Changes {
			if ch.Code != o.Code {
				continue
			}
			hits = append(hits, hit{a, ch})
			switch {
			case ch.Ended:
				e.Role = "ended"
				switch a.Kind {
				case orgtime.Merge:
					e.Others = []string{a.Into.Code}
				case orgtime.Split:
					for _, p := range a.Parts {
						e.Others = append(e.Others, p.Code)
					}
				}
			case ch.Created:
				e.Role = "created"
				e.Others = a.Ends()
			case ch.NewName != "":
				e.Role = "renamed"
			case ch.NewParent != "":
				e.Role = "moved"
				e.Others = []string{ch.NewParent}
			}
		}
		if e.Role == "" && a.Kind == orgtime.Merge && a.Into.Code == o.Code {
			e.Role, e.Others = "received", a.Ends()
		}
		if e.Role != "" {
			for _, c := range e.Others {
				e.Names = append(e.Names, names[c])
			}
			entries = append(entries, e)
		}
	}
	cur := OrgPeriod{To: o.ActiveTo, Name: o.Name, Parent: o.ParentCode}
	var out []OrgPeriod
	for i := len(hits) - 1; i >= 0; i-- {
		h := hits[i]
		switch {
		case h.ch.Created:
			cur.From = h.act.Effective
			i = -1 // nothing before it
			continue
		case h.ch.Ended:
			// An ended unit is hung under its successor on its last act;
			// it never stood there while it lasted.
			if h.ch.NewParent != "" {
				cur.Parent = h.ch.Parent
			}
			if h.ch.NewName == "" {
				continue
			}
		}
		if h.ch.NewName == "" && h.ch.NewParent == "" {
			continue
		}
		cur.From = h.act.Effective
		out = append(out, cur)
		prev := OrgPeriod{To: DayBefore(h.act.Effective), Name: cur.Name, Parent: cur.Parent}
		if h.ch.NewName != "" {
			prev.Name = h.ch.Name
		}
		if h.ch.NewParent != "" {
			prev.Parent = h.ch.Parent
		}
		cur = prev
	}
	if cur.From == "" {
		cur.From = o.ActiveFrom
	}
	out = append(out, cur)
	slices.Reverse(out)
	for i := range out {
		out[i].ParentName = names[out[i].Parent]
	}
	return out, entries
}

// DayBefore is the day before a YYYY-MM-DD day: the last day of what an
// act effective on day ends.
func DayBefore(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// MaxReorgParts bounds a split.
const MaxReorgParts = 50

// ParseReorgParts reads a split's parts as a form writes them, one per
// line: "code; share; name of a new unit; units it takes, by code". The
// share is a fraction ("0,6" or "0.6") or a percentage ("60%"); the name
// is left empty for an existing unit.
func ParseReorgParts(text string) ([]ReorgPart, error) {
	var out []ReorgPart
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(out) == MaxReorgParts {
			return nil, errs.Fieldf("parts", "chia tách thành nhiều nhất %d phần", "a split has at most %d parts", MaxReorgParts)
		}
		f := strings.Split(line, ";")
		for len(f) < 4 {
			f = append(f, "")
		}
		if len(f) > 4 {
			return nil, errs.Fieldf("parts", "dòng %d: mỗi dòng gồm mã; tỷ lệ; tên đơn vị mới; các đơn vị nhận", "line %d: each line is code; share; new unit's name; units it takes", n+1)
		}
		p := ReorgPart{ReorgUnit: ReorgUnit{Code: NormalizeCode(f[0]), Name: CleanText(f[2])}}
		share, ok := parseShare(f[1])
		if !ok {
			return nil, errs.Fieldf("parts", "dòng %d: tỷ lệ viết dạng 0,6 hoặc 60%%", "line %d: write the share as 0.6 or 60%%", n+1)
		}
		p.Share = share
		for _, t := range strings.FieldsFunc(f[3], func(r rune) bool { return r == ',' || r == ' ' }) {
			p.Takes = append(p.Takes, NormalizeCode(t))
		}
		out = append(out, p)
	}
	return out, nil
}

// parseShare reads "0,6", "0.6" or "60%" as 0.6; the checks of a share's
// range are the act's (Validate).
func parseShare(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	s = strings.ReplaceAll(strings.TrimSpace(strings.TrimSuffix(s, "%")), ",", ".")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1e6 || strings.ContainsAny(s, "eExXpP_") {
		return 0, false
	}
	if pct {
		v /= 100
	}
	return v, true
}
