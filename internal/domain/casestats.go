package domain

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"tebdg/internal/vntext"
)

// The register's figures leave it only as aggregates, in the manner of
// the GBVIMS information-sharing protocols: counts by kind, sex, age
// group, area and month, times to first response and to closure, and
// referrals by service, with every count from 1 to 4 shown as "<5". Where
// one cell of a breakdown alone is hidden, the total would give it away,
// so the next smallest is hidden too, shown as "≥5" (which it is: it was
// not small).

// SmallCell is the smallest count shown as it is.
const SmallCell = 5

// CaseCell is one count of the aggregates.
type CaseCell struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Count      *int   `json:"count,omitempty"` // absent when suppressed
	Display    string `json:"display"`         // "12", "0", "<5" or (hidden beside one "<5") "≥5"
	Suppressed bool   `json:"suppressed"`
}

func cell(code, name string, n int) CaseCell {
	c := CaseCell{Code: code, Name: name, Display: strconv.Itoa(n)}
	c.Count = &n
	return c
}

func hide(c *CaseCell) {
	c.Count, c.Display, c.Suppressed = nil, "<5", true
}

// hideBeside hides a cell of SmallCell or more so that the one small cell
// beside it cannot be told from the total. It says "≥5", not "<5": the
// figures must not claim a cell of 50 is under 5.
func hideBeside(c *CaseCell) {
	c.Count, c.Display, c.Suppressed = nil, "≥5", true
}

// Suppress hides the small cells of one breakdown: every count from 1 to
// SmallCell-1, and, when that hides a single cell, the next smallest
// non-zero one too, so the breakdown's total cannot give it back.
func Suppress(cells []CaseCell) {
	hidden := 0
	for i := range cells {
		if n := cells[i].Count; n != nil && *n > 0 && *n < SmallCell {
			hide(&cells[i])
			hidden++
		}
	}
	if hidden != 1 {
		return
	}
	best := -1
	for i, c := range cells {
		if c.Count != nil && *c.Count > 0 && (best < 0 || *c.Count < *cells[best].Count) {
			best = i
		}
	}
	if best >= 0 {
		hideBeside(&cells[best])
	}
}

// CaseFact is what one case gives the aggregates: nothing that names it.
type CaseFact struct {
	Kind        CaseKind
	Sex         string
	AgeGroup    string
	Area        string // the code of the unit under the asked one that holds the case
	Received    time.Time
	FirstAction time.Time
	Closed      time.Time
}

// CaseStats are the aggregates of the cases received in a period under a
// unit.
type CaseStats struct {
	Org       string     `json:"org"`
	Period    string     `json:"period"`
	From      string     `json:"from"`
	To        string     `json:"to"`
	Total     CaseCell   `json:"total"`
	Closed    CaseCell   `json:"closed"`
	ByKind    []CaseCell `json:"by_kind"`
	BySex     []CaseCell `json:"by_sex"`
	ByAge     []CaseCell `json:"by_age_group"`
	ByArea    []CaseCell `json:"by_area"`
	ByMonth   []CaseCell `json:"by_month"`
	Referrals []CaseCell `json:"referrals_by_service"`
	// Medians, in hours to the first assessment and days to closure;
	// absent when fewer than SmallCell cases give them.
	FirstResponseHours *float64 `json:"median_hours_to_first_response,omitempty"`
	ClosureDays        *float64 `json:"median_days_to_closure,omitempty"`
}

// Area is a unit the aggregates break down by.
type Area struct{ Code, Name string }

// BuildCaseStats counts the facts of the cases (received in the period)
// and the referrals (sent in it, by service kind), then suppresses the
// small cells.
func BuildCaseStats(facts []CaseFact, referrals map[ServiceKind]int, areas []Area, lang string) CaseStats {
	var st CaseStats
	count := func(codes []Option, key func(CaseFact) string) []CaseCell {
		out := make([]CaseCell, len(codes))
		for i, o := range codes {
			n := 0
			for _, f := range facts {
				if key(f) == o.Code {
					n++
				}
			}
			out[i] = cell(o.Code, o.Label(lang), n)
		}
		Suppress(out)
		return out
	}
	kinds := make([]Option, len(CaseKinds))
	for i, k := range CaseKinds {
		kinds[i] = Option{Code: string(k), Name: k.Label("vi"), NameEN: k.Label("en")}
	}
	st.ByKind = count(kinds, func(f CaseFact) string { return string(f.Kind) })
	st.BySex = count([]Option{{Code: "female", Name: "Nữ", NameEN: "Female"}, {Code: "male", Name: "Nam", NameEN: "Male"}, {Code: "", Name: "Không rõ", NameEN: "Not known"}},
		func(f CaseFact) string { return f.Sex })
	st.BySex[2].Code = "unknown"
	st.ByAge = count(AgeGroups, func(f CaseFact) string { return f.AgeGroup })
	areaOpts := make([]Option, len(areas))
	for i, a := range areas {
		areaOpts[i] = Option{Code: a.Code, Name: a.Name, NameEN: a.Name}
	}
	st.ByArea = count(areaOpts, func(f CaseFact) string { return f.Area })
	var months []Option
	for _, f := range facts {
		m := f.Received.In(vntext.Location).Format("2006-01")
		if !slices.ContainsFunc(months, func(o Option) bool { return o.Code == m }) {
			months = append(months, Option{Code: m, Name: m[5:] + "/" + m[:4], NameEN: m[5:] + "/" + m[:4]})
		}
	}
	sort.Slice(months, func(i, j int) bool { return months[i].Code < months[j].Code })
	st.ByMonth = count(months, func(f CaseFact) string { return f.Received.In(vntext.Location).Format("2006-01") })
	st.Referrals = make([]CaseCell, 0, len(ServiceKinds))
	for _, k := range ServiceKinds {
		st.Referrals = append(st.Referrals, cell(string(k), k.Label(lang), referrals[k]))
	}
	Suppress(st.Referrals)
	st.Total = cell("total", "Tổng số", len(facts))
	var hours, days []float64
	closed := 0
	for _, f := range facts {
		if !f.FirstAction.IsZero() {
			hours = append(hours, f.FirstAction.Sub(f.Received).Hours())
		}
		if !f.Closed.IsZero() {
			closed++
			days = append(days, f.Closed.Sub(f.Received).Hours()/24)
		}
	}
	st.Closed = cell("closed", "Đã đóng", closed)
	for _, c := range []*CaseCell{&st.Total, &st.Closed} {
		if *c.Count > 0 && *c.Count < SmallCell {
			hide(c)
		}
	}
	st.FirstResponseHours, st.ClosureDays = median(hours), median(days)
	return st
}

// median is the median of xs rounded to a tenth, nil for fewer than
// SmallCell values.
func median(xs []float64) *float64 {
	if len(xs) < SmallCell {
		return nil
	}
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	m = float64(int(m*10+0.5)) / 10
	return &m
}
