package domain

// RollupCell is the raw aggregate of one indicator, option combination and
// group: enough for every aggregation (sum, average, min, max, last).
type RollupCell struct {
	IndicatorID int64
	Group       int // index in ByOrg or ByPeriod; 0 when not split
	Combo       string
	Sum         float64
	Count       int
	Min, Max    float64
	Last        float64 // the sum over units of each unit's latest value
}

// Figures is a computed figure and its parts.
type Figures struct {
	Total                        float64
	Male, Female                 float64
	MaleChildren, FemaleChildren float64
	MaleAdults, FemaleAdults     float64
	BySex, ByAge                 bool
}

// For returns the figure for an option combination of an indicator:
// "" or "total" for the total, "male"/"female" by sex, and
// "male_under16" … "female_adult" by sex and age group (the option codes
// the demo catalogue uses). ok is false for a combination the records
// cannot split by.
func (f Figures) For(combo string) (float64, bool) {
	switch combo {
	case "", "total":
		return f.Total, true
	case "male":
		return f.Male, f.BySex
	case "female":
		return f.Female, f.BySex
	case "male_under16":
		return f.MaleChildren, f.ByAge
	case "female_under16":
		return f.FemaleChildren, f.ByAge
	case "male_adult":
		return f.MaleAdults, f.ByAge
	case "female_adult":
		return f.FemaleAdults, f.ByAge
	}
	return 0, false
}

// StoredValue is a cell's stored content.
type StoredValue struct {
	Value    float64
	Text     string
	Computed bool
	Reason   string
}
