package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// The work calendar (lịch công tác): what an agency or unit holds on which
// day, who chairs it, where, and who attends. The printed "Lịch công tác
// tuần" splits each day into morning and afternoon; Session says which half
// an event belongs to.

// EventKind is what kind of work an event is.
type EventKind string

// Kinds of event.
const (
	EventMeeting    EventKind = "meeting"    // họp
	EventConference EventKind = "conference" // hội nghị, hội thảo
	EventLaunch     EventKind = "launch"     // lễ phát động
	EventTraining   EventKind = "training"   // tập huấn
	EventInspection EventKind = "inspection" // kiểm tra
	EventVisit      EventKind = "visit"      // thăm, tặng quà
	EventOther      EventKind = "other"
)

// EventKinds lists the kinds in the order forms offer them.
var EventKinds = []EventKind{EventMeeting, EventConference, EventLaunch, EventTraining, EventInspection, EventVisit, EventOther}

var eventKindLabels = map[EventKind]label{
	EventMeeting:    {"Họp", "Meeting"},
	EventConference: {"Hội nghị, hội thảo", "Conference"},
	EventLaunch:     {"Lễ phát động", "Launch"},
	EventTraining:   {"Tập huấn", "Training"},
	EventInspection: {"Kiểm tra", "Inspection"},
	EventVisit:      {"Thăm hỏi, tặng quà", "Visit"},
	EventOther:      {"Khác", "Other"},
}

// Label is the kind's name in lang.
func (k EventKind) Label(lang string) string {
	if l, ok := eventKindLabels[k]; ok {
		return l.in(lang)
	}
	return string(k)
}

// Event is one entry of the work calendar. Start and End are instants; an
// all-day event starts at 00:00 of its first day and "ends" at 00:00 of
// its last day, both in Vietnam's time.
type Event struct {
	ID           int64     `json:"id"`
	OrgID        int64     `json:"-"`
	OrgCode      string    `json:"org"`
	OrgName      string    `json:"org_name"`
	OrgPath      string    `json:"-"`
	Title        string    `json:"title"`
	Kind         EventKind `json:"kind"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	AllDay       bool      `json:"all_day"`
	Place        string    `json:"place,omitempty"`
	Chair        string    `json:"chair,omitempty"`
	Participants string    `json:"participants,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	Public       bool      `json:"public"`
	Cancelled    bool      `json:"cancelled,omitempty"`
	PlanItemID   int64     `json:"plan_item,omitempty"`
	Version      int       `json:"version"`
	CreatedBy    string    `json:"-"`
	Updated      time.Time `json:"updated_at"`
}

// Limits of an event's fields.
const (
	MaxEventDays  = 62 // a campaign runs a month or two; longer is a typo
	MaxPlaceLen   = 300
	MaxPeopleLen  = 2000
	MaxEventNotes = 4000
)

// Validate cleans an event's fields and checks them all, naming each one
// at fault.
func (e *Event) Validate() error {
	e.Title, e.Place, e.Chair = CleanText(e.Title), CleanText(e.Place), CleanText(e.Chair)
	e.Participants = strings.TrimSpace(e.Participants)
	e.Notes = strings.TrimSpace(strings.ReplaceAll(e.Notes, "\r\n", "\n"))
	var l errs.List
	switch {
	case e.Title == "":
		l = append(l, errs.Field("title", "nhập nội dung công việc", "enter what the event is"))
	case utf8.RuneCountInString(e.Title) > MaxTitleLen:
		l = append(l, errs.Fieldf("title", "nội dung dài quá %d ký tự", "the title is longer than %d characters", MaxTitleLen))
	}
	if e.Kind == "" {
		e.Kind = EventMeeting
	}
	if _, ok := eventKindLabels[e.Kind]; !ok {
		l = append(l, errs.Field("kind", "loại công việc không hợp lệ", "unknown kind of event"))
	}
	if utf8.RuneCountInString(e.Place) > MaxPlaceLen {
		l = append(l, errs.Fieldf("place", "địa điểm dài quá %d ký tự", "the place is longer than %d characters", MaxPlaceLen))
	}
	if utf8.RuneCountInString(e.Chair) > MaxPlaceLen {
		l = append(l, errs.Fieldf("chair", "tên người chủ trì dài quá %d ký tự", "the chair is longer than %d characters", MaxPlaceLen))
	}
	if utf8.RuneCountInString(e.Participants) > MaxPeopleLen {
		l = append(l, errs.Fieldf("participants", "thành phần dài quá %d ký tự", "the participants are longer than %d characters", MaxPeopleLen))
	}
	if utf8.RuneCountInString(e.Notes) > MaxEventNotes {
		l = append(l, errs.Fieldf("notes", "ghi chú dài quá %d ký tự", "the notes are longer than %d characters", MaxEventNotes))
	}
	switch {
	case e.Start.IsZero():
		l = append(l, errs.Field("start", "nhập thời gian bắt đầu", "enter when it starts"))
	case e.Start.Year() < 2000 || e.Start.Year() > 2100:
		l = append(l, errs.Field("start", "năm ngoài khoảng 2000–2100", "the year is outside 2000–2100"))
	case e.End.IsZero():
		l = append(l, errs.Field("end", "nhập thời gian kết thúc", "enter when it ends"))
	case e.End.Before(e.Start):
		l = append(l, errs.Field("end", "thời gian kết thúc phải sau thời gian bắt đầu", "the end must not be before the start"))
	case e.End.Sub(e.Start) > MaxEventDays*24*time.Hour:
		l = append(l, errs.Fieldf("end", "một sự kiện kéo dài tối đa %d ngày", "an event lasts at most %d days", MaxEventDays))
	}
	return l.Err()
}

// Session is the half of the day an event begins in, as the printed weekly
// calendar splits it: "morning" before noon, "afternoon" from noon to six,
// "evening" after; all-day events belong to the whole day ("day").
func (e Event) Session(loc *time.Location) string {
	if e.AllDay {
		return "day"
	}
	h := e.Start.In(loc).Hour()
	switch {
	case h < 12:
		return "morning"
	case h < 18:
		return "afternoon"
	}
	return "evening"
}

// Reminders: what each user wants to be told of, and how.

// ReminderKind is a kind of reminder a user can turn on or off.
type ReminderKind string

// Kinds of reminder.
const (
	RemindDeadline   ReminderKind = "deadline"   // a task or report falls due in N days, and on the day
	RemindOverdue    ReminderKind = "overdue"    // a task or report is past its deadline
	RemindDigest     ReminderKind = "digest"     // Monday morning: the week's deadlines and events
	RemindObservance ReminderKind = "observance" // time to prepare for an observance
	// RemindCaseAlert tells a case supervisor that someone opened a case of
	// their unit by break-glass. It is in the application only and cannot
	// be turned off, so it is not among ReminderKinds.
	RemindCaseAlert ReminderKind = "case-alert"
)

// ReminderKinds lists the kinds in the order the preferences page shows.
var ReminderKinds = []ReminderKind{RemindDeadline, RemindOverdue, RemindDigest, RemindObservance}

var reminderKindLabels = map[ReminderKind]label{
	RemindDeadline:   {"Sắp đến hạn (nhiệm vụ, báo cáo)", "Coming deadlines (tasks, reports)"},
	RemindOverdue:    {"Quá hạn", "Overdue"},
	RemindDigest:     {"Tổng hợp việc trong tuần (sáng thứ Hai)", "The week ahead (Monday morning)"},
	RemindObservance: {"Chuẩn bị cho ngày lễ, tháng hành động", "Preparing for observances"},
	RemindCaseAlert:  {"Truy cập khẩn cấp vụ việc", "Break-glass access to a case"},
}

// Label is the kind's name in lang.
func (k ReminderKind) Label(lang string) string {
	if l, ok := reminderKindLabels[k]; ok {
		return l.in(lang)
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k ReminderKind) Valid() bool { _, ok := reminderKindLabels[k]; return ok }

// ReminderPref is one user's choice for one kind.
type ReminderPref struct {
	Kind       ReminderKind `json:"kind"`
	InApp      bool         `json:"in_app"`
	Email      bool         `json:"email"`
	DaysBefore int          `json:"days_before,omitempty"` // for deadlines
}

// MaxDaysBefore bounds how early a deadline reminder can come.
const MaxDaysBefore = 30

// DefaultReminderPrefs is what a user gets before choosing: deadlines three
// days ahead and on the day, overdue work and observances in the app and by
// e-mail, the weekly digest by e-mail only (the home page already shows the
// week).
func DefaultReminderPrefs() []ReminderPref {
	return []ReminderPref{
		{Kind: RemindDeadline, InApp: true, Email: true, DaysBefore: 3},
		{Kind: RemindOverdue, InApp: true, Email: true},
		{Kind: RemindDigest, InApp: false, Email: true},
		{Kind: RemindObservance, InApp: true, Email: false},
	}
}
