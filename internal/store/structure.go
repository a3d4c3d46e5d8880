package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/orgtime"
)

// Figures follow the organisation over time in one of two ways:
//
//   - by today's structure (the default), a value counts where its unit's
//     work is now: a merged unit hangs under its successor in the tree, so
//     the paths already say so; a split unit's values are shared among its
//     parts by the act's shares.
//   - by the structure of the time, a value counts where its unit stood on
//     the value's period: the moves that came after are undone, using the
//     parents each applied act kept.
//
// Either way only the units the acts touched are placed by hand: a
// placement says that the values of one unit, for periods starting in a
// range of days, belong to a group with a weight instead of where the
// unit's path puts them. The roll-up leaves those values out of its
// grouped scan and adds them back from a second, small one.

// Structures of the organisation a roll-up may follow.
const (
	StructureToday = "today"
	StructureThen  = "then"
)

// placement puts a unit's values of periods starting from..to (to
// excluded; "" is open) in a group with a weight.
type placement struct {
	org      int64
	from, to string
	grp      int
	w        float64
}

type structUnit struct {
	id, parent int64
	code       string
}

// structUnits loads every unit's id, code and parent, for placing values.
func (s *Store) structUnits(ctx context.Context) ([]structUnit, error) {
	return scanAll(ctx, s.r, "SELECT id, COALESCE(parent_id, 0), code FROM org_units", nil,
		func(row interface{ Scan(...any) error }) (structUnit, error) {
			var u structUnit
			return u, row.Scan(&u.id, &u.parent, &u.code)
		})
}

// lastID is the id a path ends with.
func lastID(path string) int64 {
	p := strings.TrimSuffix(path, "/")
	id, _ := strconv.ParseInt(p[strings.LastIndex(p, "/")+1:], 10, 64)
	return id
}

// grouper says which group of a roll-up a unit falls in, walking up a
// tree given as parents: the index of the ByOrg subtree holding it, or 0
// inside the queried subtree when there is no split by unit; -1 outside.
type grouper struct {
	root   int64 // 0: the whole tree
	groups map[int64]int
}

func newGrouper(rq RollupQuery) grouper {
	g := grouper{groups: map[int64]int{}}
	if rq.OrgPath != "" {
		g.root = lastID(rq.OrgPath)
	}
	for i, p := range rq.ByOrg {
		g.groups[lastID(p)] = i
	}
	return g
}

func (g grouper) of(id int64, parent func(int64) int64) int {
	for n := 0; id != 0 && n < 64; n++ {
		if len(g.groups) > 0 {
			if i, ok := g.groups[id]; ok {
				return i
			}
		} else if id == g.root {
			return 0
		}
		id = parent(id)
	}
	if len(g.groups) == 0 && g.root == 0 {
		return 0
	}
	return -1
}

// placements works out the placed values of a roll-up.
func (s *Store) placements(ctx context.Context, rq RollupQuery) ([]placement, error) {
	if rq.OrgPath == "" && len(rq.ByOrg) == 0 {
		// The whole tree in one group: every value counts once either way.
		return nil, nil
	}
	_, acts, err := s.Timeline(ctx)
	if err != nil || len(acts) == 0 {
		return nil, err
	}
	// By today's structure only a split places values by hand: the tree
	// already holds merged units under their successors.
	if rq.Structure != StructureThen && !slices.ContainsFunc(acts, func(a domain.Reorganisation) bool { return a.Kind == orgtime.Split }) {
		return nil, nil
	}
	units, err := s.structUnits(ctx)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]structUnit, len(units))
	parentNow := make(map[int64]int64, len(units))
	for _, u := range units {
		byCode[u.code] = u
		parentNow[u.id] = u.parent
	}
	g := newGrouper(rq)
	now := func(id int64) int64 { return parentNow[id] }
	if rq.Structure == StructureThen {
		return thenPlacements(acts, units, byCode, g, now), nil
	}
	var out []placement
	for _, a := range acts {
		if a.Kind != orgtime.Split {
			continue
		}
		old, ok := byCode[a.Units[0]]
		if !ok {
			continue
		}
		for _, p := range a.Parts {
			part, ok := byCode[p.Code]
			if !ok {
				continue
			}
			out = append(out, placement{org: old.id, grp: g.of(part.id, now), w: p.Share})
		}
	}
	return out, nil
}

// thenPlacements undoes, for the periods before each act, the moves that
// act made: between two acts' days the tree is today's with the later
// moves taken back.
func thenPlacements(acts []domain.Reorganisation, units []structUnit, byCode map[string]structUnit, g grouper, now func(int64) int64) []placement {
	ids := make(map[string]int64, len(byCode))
	for c, u := range byCode {
		ids[c] = u.id
	}
	mv := movesOf(acts, ids)
	var out []placement
	from := ""
	for _, d := range mv.days {
		// The tree for periods starting before d (and from the last day):
		// the structure of the day before d.
		on := domain.DayBefore(d)
		parent := func(id int64) int64 { return mv.parentOn(id, on, now) }
		for _, u := range units {
			then, today := g.of(u.id, parent), g.of(u.id, now)
			if then != today {
				out = append(out, placement{org: u.id, from: from, to: d, grp: then, w: 1})
			}
		}
		from = d
	}
	return out
}

// moves are the parent changes the applied acts made, per unit in date
// order, with the days they took effect.
type moves struct {
	of   map[int64][]move
	days []string
}

type move struct {
	day    string
	before int64
}

// movesOf reads the moves from the acts' changes; ids gives units' ids by
// code.
func movesOf(acts []domain.Reorganisation, ids map[string]int64) moves {
	mv := moves{of: map[int64][]move{}}
	for _, a := range acts {
		for _, ch := range a.Changes {
			id, ok := ids[ch.Code]
			if ch.NewParent == "" || ch.Created || !ok {
				continue
			}
			mv.of[id] = append(mv.of[id], move{a.Effective, ids[ch.Parent]})
			mv.days = append(mv.days, a.Effective)
		}
	}
	slices.Sort(mv.days)
	mv.days = slices.Compact(mv.days)
	return mv
}

// parentOn is where a unit stood on day: the parent before the first move
// after it, or today's parent.
func (mv moves) parentOn(id int64, day string, now func(int64) int64) int64 {
	for _, m := range mv.of[id] {
		if m.day > day {
			return m.before
		}
	}
	return now(id)
}

// ChildrenThen lists the units that stood right under parent on day, by
// the structure of that time: today's children that were there, and the
// units that were there then and have moved or been merged since.
func (s *Store) ChildrenThen(ctx context.Context, parent domain.OrgUnit, day string) ([]domain.OrgUnit, error) {
	_, acts, err := s.Timeline(ctx)
	if err != nil {
		return nil, err
	}
	all, _, err := s.OrgUnits(ctx, domain.Scope{All: true}, OrgFilter{Inactive: true}, nil)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(all))
	parentNow := make(map[int64]int64, len(all))
	for _, o := range all {
		ids[o.Code] = o.ID
		parentNow[o.ID] = o.ParentID
	}
	mv := movesOf(acts, ids)
	now := func(id int64) int64 { return parentNow[id] }
	var out []domain.OrgUnit
	for _, o := range all {
		if mv.parentOn(o.ID, day, now) == parent.ID && o.Active(day) {
			out = append(out, o)
		}
	}
	return out, nil
}

// excludePlaced leaves the placed values out of the grouped scan.
func excludePlaced(q *query, ps []placement, v string) string {
	type span struct{ from, to string }
	var spans []span
	ids := map[span][]int64{}
	for _, p := range ps {
		k := span{p.from, p.to}
		if _, ok := ids[k]; !ok {
			spans = append(spans, k)
		}
		if !slices.Contains(ids[k], p.org) {
			ids[k] = append(ids[k], p.org)
		}
	}
	var b strings.Builder
	for _, k := range spans {
		var list []string
		for _, id := range ids[k] {
			list = append(list, q.arg(id))
		}
		b.WriteString(" AND NOT (" + v + ".org_id IN (" + strings.Join(list, ",") + ")")
		if k.from != "" {
			b.WriteString(" AND " + v + ".period_start >= " + q.arg(k.from))
		}
		if k.to != "" {
			b.WriteString(" AND " + v + ".period_start < " + q.arg(k.to))
		}
		b.WriteString(")")
	}
	return b.String()
}

// placedTable is the placements as a table the second scan joins.
func placedTable(q *query, ps []placement) string {
	var rows []string
	for _, p := range ps {
		from, to := p.from, p.to
		if from == "" {
			from = "0000-01-01"
		}
		if to == "" {
			to = "9999-12-31"
		}
		rows = append(rows, "(CAST("+q.arg(p.org)+" AS BIGINT), CAST("+q.arg(from)+" AS TEXT), CAST("+q.arg(to)+
			" AS TEXT), CAST("+q.arg(p.grp)+" AS INTEGER), CAST("+q.arg(p.w)+" AS DOUBLE PRECISION))")
	}
	return "WITH m(org, f, t, grp, w) AS (VALUES " + strings.Join(rows, ", ") + ") "
}

// placedUnits bounds the second scan to the placed units, so each engine
// reads their rows by key rather than the whole range.
func placedUnits(q *query, ps []placement, v string) string {
	var ids []string
	seen := map[int64]bool{}
	for _, p := range ps {
		if !seen[p.org] {
			seen[p.org] = true
			ids = append(ids, q.arg(p.org))
		}
	}
	return " AND " + v + ".org_id IN (" + strings.Join(ids, ",") + ")"
}
