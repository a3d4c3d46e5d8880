package plans

import (
	"sort"
	"strconv"
	"time"

	"tebdg/internal/domain"
)

// Quarter groups the trackable items due in one quarter of a year.
type Quarter struct {
	N     int // 1–4; 0 holds items without a deadline in the year
	Items []*domain.PlanItem
}

// ByQuarter arranges a plan's trackable items by the quarter of their due
// day in year (calendar quarters). Recurring items fall in the quarter of
// their date that year; items due in another year or undated go in N=0.
func ByQuarter(items []*domain.PlanItem, year int) []Quarter {
	qs := []Quarter{{N: 1}, {N: 2}, {N: 3}, {N: 4}, {N: 0}}
	y := strconv.Itoa(year)
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		if !it.Kind.Trackable() || len(trackableChildren(it)) > 0 {
			return
		}
		end := it.Deadline.End
		if len(end) != 10 || end[:4] != y {
			qs[4].Items = append(qs[4].Items, it)
			return
		}
		m, _ := strconv.Atoi(end[5:7])
		q := (m-1)/3 + 1
		qs[q-1].Items = append(qs[q-1].Items, it)
	})
	for _, q := range qs {
		sort.SliceStable(q.Items, func(i, j int) bool { return q.Items[i].Deadline.End < q.Items[j].Deadline.End })
	}
	return qs
}

func trackableChildren(it *domain.PlanItem) []*domain.PlanItem {
	var out []*domain.PlanItem
	for _, c := range it.Children {
		if c.Kind.Trackable() {
			out = append(out, c)
		}
	}
	return out
}

// TimelineRow is an item on the month-by-month view: which of the year's
// months its deadline period covers (a single due day covers its month).
type TimelineRow struct {
	Item   *domain.PlanItem
	Months [12]bool
	Due    int // the month of the due day, 1–12, 0 if not in the year
}

// Timeline lists the trackable items with a deadline in year, by start.
func Timeline(items []*domain.PlanItem, year int) []TimelineRow {
	var rows []TimelineRow
	first := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		if !it.Kind.Trackable() || it.Deadline.End == "" {
			return
		}
		end, err := time.Parse(time.DateOnly, it.Deadline.End)
		if err != nil {
			return
		}
		start := end
		if it.Deadline.Start != "" {
			if s, err := time.Parse(time.DateOnly, it.Deadline.Start); err == nil {
				start = s
			}
		}
		if end.Before(first) || start.After(last) {
			return
		}
		r := TimelineRow{Item: it}
		for m := 1; m <= 12; m++ {
			mStart := time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			mEnd := mStart.AddDate(0, 1, -1)
			r.Months[m-1] = !start.After(mEnd) && !end.Before(mStart)
		}
		if end.Year() == year {
			r.Due = int(end.Month())
		}
		rows = append(rows, r)
	})
	sort.SliceStable(rows, func(i, j int) bool {
		return rows[i].Item.Deadline.Start+rows[i].Item.Deadline.End < rows[j].Item.Deadline.Start+rows[j].Item.Deadline.End
	})
	return rows
}

// UnitProgress is the work of one lead unit in a plan.
type UnitProgress struct {
	Code, Name string
	Rollup     domain.Rollup
}

// ByUnit adds up the leaf items of a plan by lead unit; items without a
// lead are under Code "".
func ByUnit(items []*domain.PlanItem, today string) []UnitProgress {
	groups := map[string][]*domain.PlanItem{}
	names := map[string]string{}
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		if !it.Kind.Trackable() || len(trackableChildren(it)) > 0 {
			return
		}
		leaf := *it
		leaf.Children = nil
		groups[it.Lead] = append(groups[it.Lead], &leaf)
		names[it.Lead] = it.LeadName
	})
	var out []UnitProgress
	for code, its := range groups {
		out = append(out, UnitProgress{Code: code, Name: names[code], Rollup: domain.RollupOf(its, today)})
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Code == "") != (out[j].Code == "") {
			return out[j].Code == ""
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// SectionProgress is the work under one top-level section.
type SectionProgress struct {
	Item   *domain.PlanItem
	Rollup domain.Rollup
}

// BySection adds up the work under each top-level item.
func BySection(items []*domain.PlanItem, today string) []SectionProgress {
	out := make([]SectionProgress, 0, len(items))
	for _, it := range items {
		out = append(out, SectionProgress{Item: it, Rollup: domain.RollupOf([]*domain.PlanItem{it}, today)})
	}
	return out
}
