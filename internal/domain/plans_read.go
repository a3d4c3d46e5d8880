package domain

import "time"

// ActivityTotals sums a list's activities.
type ActivityTotals struct {
	Count        int
	Participants int64
	Cost         int64
}

// DueItem is a task or activity of a plan in effect with its deadline and
// the units that carry it out, for calendars and reminders.
type DueItem struct {
	ID           int64
	PlanID       int64
	PlanTitle    string
	PlanOrgCode  string
	Label        string
	Title        string
	DeadlineText string
	Start, End   string // YYYY-MM-DD; Start may be empty
	Status       string
	Progress     int
	LeadCode     string
	LeadName     string
	LeadPath     string
	SupportPaths []string
}

// ItemUpdate is a progress report on an item.
type ItemUpdate struct {
	ID        int64
	Username  string
	Status    ItemStatus
	Progress  int
	Comment   string
	CreatedAt time.Time
	Files     []Attachment
}

// Task is an item with its plan, for work lists.
type Task struct {
	Item PlanItem
	Plan Plan
	Role string // "lead" or "support"
}

// PlanSummary is a plan in a list, with its progress.
type PlanSummary struct {
	Plan
	Rollup Rollup
}

// Revision is a kept version of a plan.
type Revision struct {
	Rev       int
	Status    PlanStatus
	Note      string
	Username  string
	CreatedAt time.Time
	Plan      Plan // from the snapshot; only when asked for one revision
}
