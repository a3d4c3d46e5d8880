// Package gifts decides which staff children a gift round reaches: on
// Children's Day (1/6), Tết Trung thu (15/8 of the lunar calendar) and the
// other occasions agencies mark, staff children under 16 receive a gift.
//
// The Law on Children (Luật Trẻ em 2016, article 1) makes a child a person
// under 16, so a child is eligible while not yet 16 on the round's date: one
// who turns 16 that very day is not. Ages count whole years from the date of
// birth. A birthday on 29 February falls, in a common year, on 28 February:
// the Civil Code (2015, article 153) ends a period counted in years whose
// month lacks the day on the last day of that month.
package gifts

import (
	"time"

	"tebdg/internal/errs"

	"tebdg/internal/observance"
)

// ChildAge is the age at which a person is no longer a child.
const ChildAge = 16

func date(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Birthday is the date of the birthday of someone born on dob in year:
// 28 February for 29 February in a common year.
func Birthday(dob time.Time, year int) time.Time {
	m, d := dob.Month(), dob.Day()
	if m == time.February && d == 29 && !leap(year) {
		d = 28
	}
	return time.Date(year, m, d, 0, 0, 0, 0, time.UTC)
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// AgeOn is the age in whole years of someone born on dob, on day (calendar
// dates; times of day are ignored). Before the birth it is -1.
func AgeOn(dob, day time.Time) int {
	dob, day = date(dob), date(day)
	if day.Before(dob) {
		return -1
	}
	age := day.Year() - dob.Year()
	if day.Before(Birthday(dob, day.Year())) {
		age--
	}
	return age
}

// Eligible reports whether a child born on dob is a child on day: born by
// then and not yet 16.
func Eligible(dob, day time.Time) bool {
	a := AgeOn(dob, day)
	return a >= 0 && a < ChildAge
}

// TurnsSixteen is the day a child born on dob stops being a child.
func TurnsSixteen(dob time.Time) time.Time { return Birthday(dob, dob.Year()+ChildAge) }

// ErrSpec is a round date that cannot be read as one day of the year, as
// a field error on "spec" like those of observance.ParseRule, which
// RoundDate returns for a date it cannot parse at all.
var ErrSpec = errs.Field("spec", "ngày không đọc được", "the date cannot be read")

// RoundDate is the date in year of a round held every year on spec, as
// observances are written: "1/6", or "15/8 âm lịch" for a lunar date, which
// is converted with Vietnam's calendar. The first occurrence in the year is
// taken.
func RoundDate(spec string, year int) (time.Time, error) {
	r, err := observance.ParseRule("round", "round", "", spec)
	if err != nil {
		return time.Time{}, err
	}
	if r.Kind == observance.KindRange {
		return time.Time{}, ErrSpec
	}
	evs := observance.Year([]observance.Rule{r}, year)
	if len(evs) == 0 {
		return time.Time{}, ErrSpec
	}
	return evs[0].Start, nil
}
