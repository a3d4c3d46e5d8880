package domain

import (
	"time"

	"tebdg/internal/observance"
)

// Feed is a calendar feed address of a user.
type Feed struct {
	ID         int64
	UserID     int64
	OrgID      int64 // 0: the user's own feed
	OrgCode    string
	OrgName    string
	CreatedAt  time.Time
	LastUsedAt time.Time
	Revoked    bool
}

// LocalObservance is an observance added in the application.
type LocalObservance struct {
	ID      int64
	Rule    observance.Rule
	Spec    string // the date as typed
	OrgID   int64  // the unit that added it, its owner (0 for the whole deployment)
	OrgCode string // "" for the whole deployment
	OrgName string
	OrgPath string // "" for the whole deployment
	Active  bool
	Version int
}

// Reminder is a reminder in the outbox with what delivering it needs.
type Reminder struct {
	ID        int64
	UserID    int64
	Kind      ReminderKind
	Channel   string
	Key       string
	DueAt     time.Time
	Subject   string
	Body      string
	Link      string
	Status    string
	Attempts  int
	NextAt    time.Time
	LastError string
	SentAt    time.Time
	// MessageID is the e-mail's Message-ID, without angle brackets, once
	// the first attempt to send it has begun; "" before.
	MessageID string
	// Token names the claim that returned the reminder; HoldReminder,
	// ExtendClaims, FailClaimed and CancelClaimed act only while it is the
	// reminder's current claim.
	Token string
	// The recipient.
	Username, FullName, Email, Lang string
}

// Notification is a message in a user's in-app list.
type Notification struct {
	ID      int64
	Kind    ReminderKind
	Title   string
	Body    string
	Link    string
	Created time.Time
	Read    bool
}

// Holiday is a day off that deadlines skip.
type Holiday struct {
	Day  string
	Name string
}
