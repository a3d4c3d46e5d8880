package domain

import (
	"errors"
	"testing"
	"time"
)

func TestReportEditable(t *testing.T) {
	// 06:30 on 1 October 2026 in Vietnam is still 30 September in UTC.
	now := time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		r    Report
		want error
	}{
		{"a new report of a running period", Report{Start: "2026-07-01"}, nil},
		{"a new report of a period that begins today in Vietnam", Report{Start: "2026-10-01"}, nil},
		{"a new report of a period not begun", Report{Start: "2026-10-02"}, ErrPeriodNotBegun},
		{"a draft", Report{Start: "2026-07-01", Status: ReportDraft}, nil},
		{"a returned report", Report{Start: "2026-07-01", Status: ReportReturned}, nil},
		{"a submitted report", Report{Start: "2026-07-01", Status: ReportSubmitted}, ErrReportLocked},
		{"an accepted report", Report{Start: "2026-07-01", Status: ReportAccepted}, ErrReportLocked},
		{"a draft of a period not begun", Report{Start: "2027-01-01", Status: ReportDraft}, ErrPeriodNotBegun},
	} {
		if got := tt.r.Editable(now); !errors.Is(got, tt.want) {
			t.Errorf("%s: Editable = %v, want %v", tt.name, got, tt.want)
		}
	}
}
