package lunar

import "time"

// The sexagenary cycle (can chi): ten heavenly stems (can) and twelve earthly
// branches (chi) advance together, naming 60 years, months and days in turn.
// Vietnam's branches differ from China's in one animal: Mão (the cat) stands
// where China has the rabbit.
var (
	stems    = [10]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	branches = [12]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
)

// mod is the non-negative remainder, so that years before 1 AD and days
// before the Julian epoch still name correctly.
func mod(a, n int) int {
	a %= n
	if a < 0 {
		a += n
	}
	return a
}

func canChi(stem, branch int) string {
	return stems[mod(stem, 10)] + " " + branches[mod(branch, 12)]
}

// YearName returns the can chi of a lunar year: "Giáp Thìn" for 2024. The
// cycle's year 4 AD was Giáp Tý, hence the offsets. Any year is named.
func YearName(year int) string {
	return canChi(year-4, year-4)
}

// MonthName returns the can chi of the lunar month of d: month 1 is always a
// Dần month, month 11 a Tý month, and the stems run on from year to year
// without a break (12 months a year, so each year starts two stems further).
// A leap month carries the name of the month it repeats, followed by
// " (nhuận)". It returns "" for a month outside 1…12 or a Year of 0, which
// has no stem.
func MonthName(d Date) string {
	if d.Month < 1 || d.Month > 12 || d.Year == 0 {
		return ""
	}
	// Month 1 of a Giáp year (year ≡ 4 mod 10) is Bính Dần.
	s := canChi(d.Year*12+d.Month+3, d.Month+1)
	if d.Leap {
		s += " (nhuận)"
	}
	return s
}

// DayName returns the can chi of the solar calendar date of t (its year,
// month and day as given, like FromSolar): "Giáp Thìn" for 2024-02-10. Days
// cycle without a break, so the name follows from the Julian Day Number.
func DayName(t time.Time) string {
	y, m, d := t.Date()
	j := jdnFromCivil(y, int(m), d)
	return canChi(j+9, j+1)
}
