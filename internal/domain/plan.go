package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// PlanStatus is where a plan is in its approval.
type PlanStatus string

// The approval steps: a focal officer drafts and submits, another manager of
// the agency approves, the agency sends it to the coordinator. A plan can be
// returned with a comment at any step; a returned plan is edited like a
// draft and submitted again.
const (
	PlanDraft     PlanStatus = "draft"
	PlanSubmitted PlanStatus = "submitted"
	PlanApproved  PlanStatus = "approved"
	PlanSent      PlanStatus = "sent"
	PlanReturned  PlanStatus = "returned"
)

// Editable reports whether the plan's text and structure may change.
func (s PlanStatus) Editable() bool { return s == PlanDraft || s == PlanReturned }

// InEffect reports whether work is carried out and tracked against the plan.
func (s PlanStatus) InEffect() bool { return s == PlanApproved || s == PlanSent }

// PlanAction is a step of the approval workflow.
type PlanAction string

// The workflow's actions.
const (
	ActSubmit  PlanAction = "submit"
	ActApprove PlanAction = "approve"
	ActSend    PlanAction = "send"
	ActReturn  PlanAction = "return"
)

// Next returns the status an action leads to from s, or an error naming why
// it cannot be taken.
func (s PlanStatus) Next(a PlanAction) (PlanStatus, error) {
	switch {
	case a == ActSubmit && s.Editable():
		return PlanSubmitted, nil
	case a == ActApprove && s == PlanSubmitted:
		return PlanApproved, nil
	case a == ActSend && s == PlanApproved:
		return PlanSent, nil
	case a == ActReturn && (s == PlanSubmitted || s == PlanApproved || s == PlanSent):
		return PlanReturned, nil
	}
	return s, errs.New(errs.Conflict, "kế hoạch đang ở trạng thái không cho phép thao tác này",
		"the plan's status does not allow this step")
}

// ItemKind says what a plan item is.
type ItemKind string

// The kinds of items. A section is a heading that groups others (I, II …).
const (
	KindSection   ItemKind = "section"
	KindObjective ItemKind = "objective"
	KindTask      ItemKind = "task"
	KindActivity  ItemKind = "activity"
	KindNote      ItemKind = "note"
)

// ItemKinds lists the kinds in the order forms offer them.
var ItemKinds = []ItemKind{KindSection, KindObjective, KindTask, KindActivity, KindNote}

// Valid reports whether k is known.
func (k ItemKind) Valid() bool {
	for _, v := range ItemKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Trackable reports whether items of this kind are assigned to units and
// carry progress: tasks and activities. Objectives are measured by the
// indicators they name, sections and notes only organise the text.
func (k ItemKind) Trackable() bool { return k == KindTask || k == KindActivity }

// ItemStatus is how far the work of an item is.
type ItemStatus string

// Stored statuses. "Overdue" is not stored: it is an open item past its
// deadline, and DisplayStatus works it out.
const (
	ItemNotStarted ItemStatus = "not_started"
	ItemInProgress ItemStatus = "in_progress"
	ItemDone       ItemStatus = "done"
	ItemCancelled  ItemStatus = "cancelled"
	ItemOverdue    ItemStatus = "overdue"
)

// ItemStatuses are the statuses a user can set.
var ItemStatuses = []ItemStatus{ItemNotStarted, ItemInProgress, ItemDone, ItemCancelled}

// Valid reports whether s can be stored.
func (s ItemStatus) Valid() bool {
	return s == ItemNotStarted || s == ItemInProgress || s == ItemDone || s == ItemCancelled
}

// Open reports whether work is still expected.
func (s ItemStatus) Open() bool { return s == ItemNotStarted || s == ItemInProgress }

// Plan is an agency's plan for a year, or a programme over several years.
type Plan struct {
	ID             int64       `json:"id"`
	OrgID          int64       `json:"-"`
	OrgCode        string      `json:"org"`
	OrgName        string      `json:"-"`
	OrgPath        string      `json:"-"`
	YearFrom       int         `json:"year"`
	YearTo         int         `json:"year_to"`
	Header         PlanHeader  `json:"header"`
	GuidanceDocID  int64       `json:"-"`
	Preamble       string      `json:"preamble,omitempty"` // the paragraphs before the first item
	Status         PlanStatus  `json:"status"`
	StatusComment  string      `json:"status_comment,omitempty"`
	SubmittedByID  int64       `json:"-"`
	SubmittedBy    string      `json:"submitted_by,omitempty"`
	ApprovedBy     string      `json:"approved_by,omitempty"`
	CopiedFrom     int64       `json:"copied_from,omitempty"`
	Signer         PlanSigner  `json:"signer"`
	Version        int         `json:"version"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
	Items          []*PlanItem `json:"items,omitempty"`
	References     []LegalDoc  `json:"references,omitempty"`
	ItemCount      int         `json:"-"`
	ProgressLeaves int         `json:"-"`
}

// PlanHeader is the document's header, as written on its first page.
type PlanHeader struct {
	Issuer       string `json:"issuer,omitempty"`
	ParentIssuer string `json:"parent_issuer,omitempty"`
	Number       string `json:"number,omitempty"`
	Place        string `json:"place,omitempty"`
	Date         string `json:"date,omitempty"` // YYYY-MM-DD
	Type         string `json:"type,omitempty"`
	Title        string `json:"title"`
	Guidance     string `json:"guidance,omitempty"`
}

// PlanSigner is the foot of the document: recipients and signature.
type PlanSigner struct {
	Title      string   `json:"title,omitempty"` // "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
	Name       string   `json:"name,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
}

// Programme reports whether the plan covers several years (2021–2025).
func (p Plan) Programme() bool { return p.YearTo > p.YearFrom }

// YearsText shows the plan's years: "2024" or "2021–2025".
func (p Plan) YearsText() string { return yearsText(p.YearFrom, max(p.YearTo, p.YearFrom)) }

// PlanItem is a node of a plan's tree: a section, objective, task, activity
// or note, with its assignment and progress.
type PlanItem struct {
	ID          int64       `json:"id"`
	PlanID      int64       `json:"-"`
	ParentID    int64       `json:"-"`
	Position    int         `json:"-"`
	Label       string      `json:"label"`
	Title       string      `json:"title"`
	Text        string      `json:"text"`
	Kind        ItemKind    `json:"kind"`
	LeadOrgID   int64       `json:"-"`
	Lead        string      `json:"lead,omitempty"`
	LeadName    string      `json:"-"`
	Supports    []OrgRef    `json:"supports,omitempty"`
	Deadline    Deadline    `json:"deadline"`
	Observance  string      `json:"observance,omitempty"`
	Indicators  []string    `json:"indicators,omitempty"` // codes of the indicators the item is measured by
	Status      ItemStatus  `json:"status"`
	Progress    int         `json:"progress"`
	Version     int         `json:"version"`
	UpdatedAt   time.Time   `json:"updated_at"`
	Children    []*PlanItem `json:"children"`
	Depth       int         `json:"-"`
	LastComment string      `json:"-"`
}

// OrgRef names an org unit on a record.
type OrgRef struct {
	ID   int64  `json:"-"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// Deadline is when an item is due: a day, a period ("Quý II/2024", 1/4 to
// 30/6), or a recurring date ("hằng năm"). Text keeps what the plan says.
type Deadline struct {
	Text      string `json:"text,omitempty"`
	Start     string `json:"start,omitempty"` // YYYY-MM-DD
	End       string `json:"end,omitempty"`   // the due day
	Recurring bool   `json:"recurring,omitempty"`
}

// Empty reports whether no deadline is set.
func (d Deadline) Empty() bool { return d.Text == "" && d.End == "" }

// DisplayStatus is the status to show on a given day: an open item whose
// due day has passed is overdue.
func (it *PlanItem) DisplayStatus(today string) ItemStatus {
	if it.Status.Open() && it.Deadline.End != "" && it.Deadline.End < today {
		return ItemOverdue
	}
	return it.Status
}

// Walk visits items depth first, parents before children.
func Walk(items []*PlanItem, fn func(it *PlanItem, depth int)) {
	var walk func([]*PlanItem, int)
	walk = func(its []*PlanItem, d int) {
		for _, it := range its {
			fn(it, d)
			walk(it.Children, d+1)
		}
	}
	walk(items, 0)
}

// Rollup sums up a subtree's work: leaves are the trackable items without
// trackable children; a cancelled leaf counts for nothing.
type Rollup struct {
	Leaves, Done, InProgress, NotStarted, Overdue, Cancelled int
	Progress                                                 int // average progress of the counted leaves, 0–100
}

// RollupOf adds up the items under (and including) it.
func RollupOf(items []*PlanItem, today string) Rollup {
	var r Rollup
	sum := 0
	var visit func(it *PlanItem)
	visit = func(it *PlanItem) {
		leaf := true
		for _, c := range it.Children {
			if c.Kind.Trackable() || c.HasTrackableChild() {
				leaf = false
			}
			visit(c)
		}
		if !leaf || !it.Kind.Trackable() {
			return
		}
		switch it.DisplayStatus(today) {
		case ItemCancelled:
			r.Cancelled++
			return
		case ItemDone:
			r.Done++
		case ItemInProgress:
			r.InProgress++
		case ItemOverdue:
			r.Overdue++
		default:
			r.NotStarted++
		}
		r.Leaves++
		sum += it.Progress
	}
	for _, it := range items {
		visit(it)
	}
	if r.Leaves > 0 {
		r.Progress = (sum + r.Leaves/2) / r.Leaves
	}
	return r
}

// HasTrackableChild reports whether work is assigned below the item: a
// task carried out through its activities, whose own status is theirs.
func (it *PlanItem) HasTrackableChild() bool {
	for _, c := range it.Children {
		if c.Kind.Trackable() || c.HasTrackableChild() {
			return true
		}
	}
	return false
}

// Limits of plan fields.
const (
	MaxTitleLen   = 500
	MaxItemText   = 20000
	MaxCommentLen = 4000
	MaxLabelLen   = 20
)

// Validate checks a plan's header and years.
func (p *Plan) Validate() error {
	var l errs.List
	h := &p.Header
	h.Title = CleanText(h.Title)
	h.Issuer, h.ParentIssuer = CleanText(h.Issuer), CleanText(h.ParentIssuer)
	h.Number, h.Place, h.Type, h.Guidance = CleanText(h.Number), CleanText(h.Place), CleanText(h.Type), CleanText(h.Guidance)
	switch {
	case h.Title == "":
		l = append(l, errs.Field("title", "chưa nhập tên (trích yếu) của kế hoạch", "the plan's title is required"))
	case utf8.RuneCountInString(h.Title) > MaxTitleLen:
		l = append(l, errs.Fieldf("title", "tên kế hoạch dài quá %d ký tự", "the title is longer than %d characters", MaxTitleLen))
	}
	for _, f := range []struct{ name, v string }{{"issuer", h.Issuer}, {"parent_issuer", h.ParentIssuer}, {"number", h.Number},
		{"place", h.Place}, {"type", h.Type}, {"guidance", h.Guidance}} {
		if e := ValidateName(f.name, f.v, false); e != nil {
			l = append(l, e)
		}
	}
	if h.Date != "" {
		if _, err := ParseISODate(h.Date); err != nil {
			l = append(l, errs.Field("date", "ngày ban hành không hợp lệ", "the date of issue is not a valid date"))
		}
	}
	switch {
	case p.YearFrom < 2000 || p.YearFrom > 2100:
		l = append(l, errs.Field("year", "năm của kế hoạch phải từ 2000 đến 2100", "the plan's year must be 2000 to 2100"))
	case p.YearTo == 0:
		p.YearTo = p.YearFrom
	case p.YearTo < p.YearFrom || p.YearTo > p.YearFrom+10:
		l = append(l, errs.Field("year_to", "năm kết thúc phải từ năm bắt đầu đến tối đa 10 năm sau", "the last year must be from the first year to 10 years after it"))
	}
	p.Preamble = strings.TrimSpace(strings.ReplaceAll(p.Preamble, "\r\n", "\n"))
	if utf8.RuneCountInString(p.Preamble) > MaxItemText {
		l = append(l, errs.Fieldf("preamble", "phần mở đầu dài quá %d ký tự", "the preamble is longer than %d characters", MaxItemText))
	}
	p.Signer.Title = strings.TrimSpace(p.Signer.Title)
	p.Signer.Name = CleanText(p.Signer.Name)
	return l.Err()
}

// ItemInput is what a form or the API sends to add or edit an item.
type ItemInput struct {
	Label string
	Title string
	Text  string
	Kind  ItemKind
}

// Normalize trims the fields.
func (in *ItemInput) Normalize() {
	in.Label = CleanText(in.Label)
	in.Title = CleanText(in.Title)
	in.Text = strings.TrimSpace(strings.ReplaceAll(in.Text, "\r\n", "\n"))
}

// Validate checks an item.
func (in ItemInput) Validate() error {
	var l errs.List
	if in.Title == "" && in.Text == "" {
		l = append(l, errs.Field("title", "nhập tiêu đề hoặc nội dung", "enter a title or a text"))
	}
	if utf8.RuneCountInString(in.Label) > MaxLabelLen {
		l = append(l, errs.Fieldf("label", "số thứ tự dài quá %d ký tự", "the label is longer than %d characters", MaxLabelLen))
	}
	if utf8.RuneCountInString(in.Title) > MaxTitleLen {
		l = append(l, errs.Fieldf("title", "tiêu đề dài quá %d ký tự", "the title is longer than %d characters", MaxTitleLen))
	}
	if utf8.RuneCountInString(in.Text) > MaxItemText {
		l = append(l, errs.Fieldf("text", "nội dung dài quá %d ký tự", "the text is longer than %d characters", MaxItemText))
	}
	if !in.Kind.Valid() {
		l = append(l, errs.Field("kind", "chọn loại mục", "choose the kind of item"))
	}
	return l.Err()
}

// Wording is the whole of what an item asks, as the plan writes it: its
// title, or else the first paragraph of its text, never cut. Official
// documents (the assignment table an officer signs) print this.
func (it *PlanItem) Wording() string {
	if it.Title != "" {
		return it.Title
	}
	t := strings.TrimSpace(it.Text)
	if i := strings.IndexByte(t, '\n'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t
}

// Heading is what lists on screen show for an item: its Wording, cut with
// "…" after about 160 characters so that a row stays a row.
func (it *PlanItem) Heading() string {
	t := it.Wording()
	if it.Title == "" && utf8.RuneCountInString(t) > 160 {
		r := []rune(t)
		cut := 160
		for cut > 120 && r[cut] != ' ' {
			cut--
		}
		t = string(r[:cut]) + "…"
	}
	return t
}

// ItemRef says which item cited a document (nil Item: the plan's header or
// preamble).
type ItemRef struct {
	Item *PlanItem
	Doc  LegalDoc
}

// LegalDoc is a legal or guiding document: a law, decree, resolution,
// directive, decision, circular, official letter or plan.
type LegalDoc struct {
	ID       int64     `json:"-"`
	Type     string    `json:"type"`
	Number   string    `json:"number,omitempty"`
	Issuer   string    `json:"issuer,omitempty"`
	Date     string    `json:"date,omitempty"`
	Year     int       `json:"year,omitempty"`
	Title    string    `json:"title,omitempty"`
	Status   string    `json:"status,omitempty"`
	Link     string    `json:"link,omitempty"`
	Version  int       `json:"-"`
	Updated  time.Time `json:"-"`
	Citing   int       `json:"-"` // plans citing it, for lists
	Key      string    `json:"-"`
	Citation string    `json:"-"`
}

// LegalStatuses are the states of a document.
var LegalStatuses = []string{"in_force", "amended", "expired", "unknown"}

// Name is how the document is cited: "Nghị định số 130/2021/NĐ-CP" or
// "Luật Trẻ em (2016)".
func (d LegalDoc) Name() string {
	switch {
	case d.Number != "":
		return d.Type + " số " + d.Number
	case d.Title != "" && d.Year != 0:
		return d.Title + " (" + strconv.Itoa(d.Year) + ")"
	case d.Title != "":
		return d.Title
	}
	return d.Type
}
