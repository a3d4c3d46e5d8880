package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// defaultCaseRetention is how long a closed case keeps what names its
// people before "tebdg cases retention" wipes it.
const defaultCaseRetention = "10y"

// caseRetention is a retention time as the operator writes it: years,
// months or days.
type caseRetention struct {
	years, months, days int
}

// parseCaseRetention reads "10y", "18m" (months) or "365d": a whole
// number from 1 of one unit, up to a hundred years.
func parseCaseRetention(s string) (caseRetention, bool) {
	if len(s) < 2 {
		return caseRetention{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 || s[0] == '+' {
		return caseRetention{}, false
	}
	switch s[len(s)-1] {
	case 'y':
		return caseRetention{years: n}, n <= 100
	case 'm':
		return caseRetention{months: n}, n <= 1200
	case 'd':
		return caseRetention{days: n}, n <= 36500
	}
	return caseRetention{}, false
}

// cutoff is the moment a case must have been closed before to be past
// retention, counted in Vietnam's calendar.
func (r caseRetention) cutoff(now time.Time) time.Time {
	return now.In(vntext.Location).AddDate(-r.years, -r.months, -r.days)
}

// runCasesRetention anonymises the closed cases past the retention time:
// what names a person is wiped, what the aggregates count stays. It lists
// each case by its number, unit and closing date, never a name; with
// --dry-run it changes nothing.
func runCasesRetention(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("cases retention", stdout)
	db := fs.String("db", "", "database URL")
	retention := fs.String("retention", envOr("TEBDG_CASE_RETENTION", defaultCaseRetention), "how long a closed case is kept whole: years (10y), months (18m) or days (365d) (TEBDG_CASE_RETENTION)")
	dryRun := fs.Bool("dry-run", false, "list the cases that would be anonymised, change nothing")
	caseKeyFile := fs.String("case-key-file", "", caseKeyFileHelp)
	auditKeyFile := fs.String("audit-key-file", "", auditKeyFileHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	r, ok := parseCaseRetention(*retention)
	if !ok {
		what := "TEBDG_CASE_RETENTION"
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "retention" {
				what = "--retention"
			}
		})
		return usageError(fmt.Sprintf("cases retention: %s %q: write years, months or days, like 10y, 18m or 365d", what, *retention))
	}
	cutoff := r.cutoff(time.Now())
	st, _, err := openDBCases(ctx, *db, *auditKeyFile, *caseKeyFile, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	due, err := st.CasesPastRetention(ctx, cutoff)
	if err != nil {
		return err
	}
	before := vntext.FormatDate(cutoff)
	for _, c := range due {
		if _, err := fmt.Fprintf(stdout, "%s\t%s\tclosed %s\n", c.Number, c.Org, vntext.FormatDate(c.ClosedAt.In(vntext.Location))); err != nil {
			return err
		}
	}
	if *dryRun {
		_, err := fmt.Fprintf(stdout, "would anonymise %d cases closed before %s\n", len(due), before)
		return err
	}
	done, skipped := 0, 0
	for i, c := range due {
		err := st.AnonymiseCase(ctx, cliActor, c.ID, cutoff)
		switch {
		case errs.Is(err, errs.Conflict):
			// Reopened since it was listed: it stays whole.
			skipped++
			_, _ = fmt.Fprintf(stderr, "%s: vụ việc đã được mở lại, giữ nguyên / reopened since, left whole\n", c.Number)
		case err != nil:
			return fmt.Errorf("%s: %w (%d cases anonymised before it)", c.Number, err, done)
		default:
			done++
		}
		if n := i + 1; n%100 == 0 || n == len(due) {
			_, _ = fmt.Fprintf(stderr, "đã xử lý %[1]d/%[2]d vụ việc / done %[1]d/%[2]d cases\n", n, len(due))
		}
	}
	msg := fmt.Sprintf("anonymised %d cases closed before %s", done, before)
	if skipped > 0 {
		msg += fmt.Sprintf(" (%d reopened since, left whole)", skipped)
	}
	_, err = fmt.Fprintln(stdout, msg)
	return err
}
