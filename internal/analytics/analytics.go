// Package analytics turns raw aggregates of stored values into the figures
// people read: each indicator's value over a subtree and a period, in total
// and by a category, by its own aggregation. Ratios are computed from the
// summed numerator and denominator, never by averaging percentages. The
// package is pure: the store gives it per-combination sums, counts, minima,
// maxima and latest values, and it does the rest the same way for both
// database engines.
package analytics

import (
	"math"
	"slices"
	"strings"

	"tebdg/internal/domain"
)

// Cell is the raw aggregate of one indicator, option combination and group.
type Cell struct {
	Indicator string
	Group     int
	Combo     string
	Sum       float64
	Count     int
	Min, Max  float64
	Last      float64
}

// Value is one figure: an indicator in a group (a unit or a period of the
// split, 0 when not split), for an option of the split category or "total".
type Value struct {
	Indicator string
	Group     int
	Category  string
	Value     float64
	OK        bool // false: no data (or a zero denominator)
}

// Total is the category of a figure over all options.
const Total = "total"

// Compute returns the figures of inds in each of groups groups, in total
// and, when by names a category, for each of its options. Indicators that
// lack that category get only their total. cats gives the options of each
// category; all holds every indicator (ratios look up their parts there).
func Compute(inds []domain.Indicator, all map[string]domain.Indicator, cells []Cell, groups int, by string, cats map[string]domain.Category) []Value {
	idx := map[string]map[int][]Cell{}
	for _, c := range cells {
		if idx[c.Indicator] == nil {
			idx[c.Indicator] = map[int][]Cell{}
		}
		idx[c.Indicator][c.Group] = append(idx[c.Indicator][c.Group], c)
	}
	var out []Value
	for _, ind := range inds {
		for g := 0; g < max(groups, 1); g++ {
			options := []string{Total}
			if by != "" && hasCategory(ind, by, all) {
				for _, o := range cats[by].Options {
					options = append(options, o.Code)
				}
			}
			for _, opt := range options {
				v, ok := value(ind, all, idx, g, by, opt)
				out = append(out, Value{Indicator: ind.Code, Group: g, Category: opt, Value: round(v), OK: ok})
			}
		}
	}
	return out
}

// hasCategory: a ratio splits by a category when its numerator does.
func hasCategory(ind domain.Indicator, cat string, all map[string]domain.Indicator) bool {
	if ind.Aggregation == domain.AggRatio {
		return hasCategory(all[ind.Numerator], cat, all)
	}
	for _, c := range ind.Categories {
		if c == cat {
			return true
		}
	}
	return false
}

// value computes one figure. opt is Total or an option of category by.
func value(ind domain.Indicator, all map[string]domain.Indicator, idx map[string]map[int][]Cell, g int, by, opt string) (float64, bool) {
	if ind.Aggregation == domain.AggRatio {
		num, okN := value(all[ind.Numerator], all, idx, g, by, opt)
		denOpt := opt
		if !hasCategory(all[ind.Denominator], by, all) {
			denOpt = Total
		}
		den, okD := value(all[ind.Denominator], all, idx, g, by, denOpt)
		if !okN || !okD || den == 0 {
			return 0, false
		}
		factor := ind.Factor
		if factor == 0 {
			factor = 1
		}
		return num / den * factor, true
	}
	pos := -1
	if opt != Total {
		for i, c := range ind.Categories {
			if c == by {
				pos = i
			}
		}
	}
	var sum, last float64
	count := 0
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, c := range idx[ind.Code][g] {
		if pos >= 0 {
			parts := strings.Split(c.Combo, "_")
			if pos >= len(parts) || parts[pos] != opt {
				continue
			}
		}
		sum += c.Sum
		count += c.Count
		last += c.Last
		mn, mx = math.Min(mn, c.Min), math.Max(mx, c.Max)
	}
	if count == 0 {
		return 0, false
	}
	switch ind.Aggregation {
	case domain.AggAverage:
		return sum / float64(count), true
	case domain.AggMin:
		return mn, true
	case domain.AggMax:
		return mx, true
	case domain.AggLast:
		return last, true
	}
	return sum, true
}

// round drops the float noise of summing in different orders, so the two
// engines give the same figures.
func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Median returns the median of xs (0 for none).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Unusual reports whether v is far from a unit's history: more than three
// times the median of its last periods (or a third of it), when there is a
// history to compare with. It is a warning, never a refusal.
func Unusual(v float64, history []float64) bool {
	if len(history) < 2 {
		return false
	}
	m := Median(history)
	if m <= 0 {
		return v > 10 && m == 0
	}
	return v > 3*m || v < m/3
}
