// Package orgtime is the organisation over time: the reorganisations a
// deployment records (rename, move, merge, split, close), each on its
// effective date, and what follows from them. It answers what a unit was
// called and where it stood on a day, which units carry on its work after
// a change, and which earlier units a unit of today's structure stands for,
// with the share of their figures each takes, so that a figure of 2024 for
// the old Department of Transport counts for today's Department of
// Construction without a gap or a double count.
//
// It is pure: the store records the acts, this package reads them.
package orgtime

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"tebdg/internal/errs"
)

// Kind is the kind of a reorganisation.
type Kind string

// The kinds of act.
const (
	Rename Kind = "rename" // a new name, same unit
	Move   Kind = "move"   // a new parent, same unit
	Merge  Kind = "merge"  // several units into one, new or existing
	Split  Kind = "split"  // one unit into several, each taking a share
	Close  Kind = "close"  // the unit ends with no successor
)

// Kinds lists them in the order forms offer them.
var Kinds = []Kind{Rename, Move, Merge, Split, Close}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Part is a unit that takes part of a split, with the share of the old
// unit's figures it carries (a split by population, by the communes each
// takes).
type Part struct {
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

// Event is one recorded reorganisation, effective from the start of its
// day: the units it concerns stop being what they were on the day before.
type Event struct {
	ID        int64  `json:"id"`
	Kind      Kind   `json:"kind"`
	Effective string `json:"effective"` // YYYY-MM-DD
	// Units are the units the act is about: those merged (two or more), or
	// the one renamed, moved, split or closed.
	Units []string `json:"units"`
	// Into is the unit a merge makes or joins.
	Into string `json:"into,omitempty"`
	// Parts are a split's units and shares; the shares add up to 1.
	Parts []Part `json:"parts,omitempty"`
	// Name and Parent are a rename's new name and a move's new parent.
	Name   string `json:"name,omitempty"`
	Parent string `json:"parent,omitempty"`
}

// Share is a unit with the share of another unit's figures it carries.
type Share struct {
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

// Timeline is a deployment's reorganisations in the order they took
// effect. The zero Timeline has none: every unit stands for itself.
type Timeline struct {
	events []Event
}

// shareTolerance is how far a split's shares may be from adding up to 1:
// three shares of a third.
const shareTolerance = 1e-6

// New checks the events and orders them by date (and id within a day).
// An event must have a date and units; a merge needs two units or more and
// a unit they go into; a split needs two parts or more with shares from 0
// to 1 adding up to 1; a unit that ended (merged into another, split or
// closed) cannot be acted on after.
func New(events []Event) (Timeline, error) {
	evs := slices.Clone(events)
	var l errs.List
	for i := range evs {
		e := &evs[i]
		e.Effective = strings.TrimSpace(e.Effective)
		if _, err := time.Parse(time.DateOnly, e.Effective); err != nil {
			l = append(l, errs.Field("effective", "ngày hiệu lực viết dạng YYYY-MM-DD", "write the effective date as YYYY-MM-DD"))
			continue
		}
		if err := e.check(); err != nil {
			l = append(l, err)
		}
	}
	if err := l.Err(); err != nil {
		return Timeline{}, err
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].Effective != evs[j].Effective {
			return evs[i].Effective < evs[j].Effective
		}
		return evs[i].ID < evs[j].ID
	})
	ended := map[string]string{}
	for _, e := range evs {
		for _, u := range e.Units {
			if day, gone := ended[u]; gone {
				return Timeline{}, errs.Fieldf("units", "đơn vị %s đã giải thể hoặc sáp nhập từ %s", "the unit %s ended on %s", u, day)
			}
		}
		if e.Kind == Merge {
			if day, gone := ended[e.Into]; gone {
				return Timeline{}, errs.Fieldf("into", "đơn vị %s đã giải thể hoặc sáp nhập từ %s", "the unit %s ended on %s", e.Into, day)
			}
		}
		for _, u := range e.ends() {
			ended[u] = e.Effective
		}
	}
	return Timeline{events: evs}, nil
}

// check checks an event's shape.
func (e *Event) check() *errs.Error {
	if !e.Kind.Valid() {
		return errs.Field("kind", "loại sắp xếp là rename, move, merge, split hoặc close", "the kind is rename, move, merge, split or close")
	}
	for i, u := range e.Units {
		e.Units[i] = strings.ToUpper(strings.TrimSpace(u))
	}
	e.Into = strings.ToUpper(strings.TrimSpace(e.Into))
	switch {
	case len(e.Units) == 0 || slices.Contains(e.Units, ""):
		return errs.Field("units", "nêu đơn vị được sắp xếp", "name the units the act concerns")
	case e.Kind == Merge && len(e.Units) < 2 && e.Into == "":
		return errs.Field("units", "hợp nhất cần ít nhất hai đơn vị, hoặc một đơn vị sáp nhập vào đơn vị khác", "a merge needs two units, or one joining another")
	case e.Kind == Merge && (e.Into == "" || slices.Contains(e.Units, e.Into) && len(e.Units) < 2):
		return errs.Field("into", "nêu đơn vị sau hợp nhất", "name the unit the merge makes or joins")
	case e.Kind != Merge && len(e.Units) != 1:
		return errs.Field("units", "đổi tên, chuyển, chia tách hoặc giải thể từng đơn vị một", "rename, move, split or close one unit at a time")
	case e.Kind == Rename && strings.TrimSpace(e.Name) == "":
		return errs.Field("name", "nêu tên mới", "give the new name")
	case e.Kind == Move && strings.TrimSpace(e.Parent) == "":
		return errs.Field("parent", "nêu đơn vị cấp trên mới", "give the new parent")
	case e.Kind == Move && strings.EqualFold(strings.TrimSpace(e.Parent), e.Units[0]):
		return errs.Field("parent", "một đơn vị không thể trực thuộc chính nó", "a unit cannot sit under itself")
	}
	if e.Kind == Split {
		if len(e.Parts) < 2 {
			return errs.Field("parts", "chia tách cần ít nhất hai đơn vị mới", "a split needs two parts at least")
		}
		sum := 0.0
		seen := map[string]bool{}
		for i := range e.Parts {
			p := &e.Parts[i]
			p.Code = strings.ToUpper(strings.TrimSpace(p.Code))
			if p.Code == "" || seen[p.Code] || p.Code == e.Units[0] {
				return errs.Field("parts", "mỗi phần chia tách là một đơn vị khác nhau", "each part is another unit, named once")
			}
			if math.IsNaN(p.Share) || p.Share <= 0 || p.Share > 1 {
				return errs.Field("parts", "tỷ lệ của mỗi phần lớn hơn 0 và không quá 1", "each part's share is above 0 and at most 1")
			}
			seen[p.Code] = true
			sum += p.Share
		}
		if math.Abs(sum-1) > shareTolerance {
			return errs.Field("parts", "tỷ lệ các phần cộng lại phải bằng 1", "the parts' shares must add up to 1")
		}
	}
	return nil
}

// ends lists the units an event ends: those merged away, the one split,
// the one closed.
func (e Event) ends() []string {
	switch e.Kind {
	case Merge:
		return slices.DeleteFunc(slices.Clone(e.Units), func(u string) bool { return u == e.Into })
	case Split, Close:
		return e.Units
	}
	return nil
}

// Events are the timeline's events in effective order.
func (t Timeline) Events() []Event { return slices.Clone(t.events) }

// Successors are the units that carry on the work and figures of the unit
// code dated from, in the structure of the day on: itself while it lasts,
// the unit it merged into, the parts of its split with their shares,
// followed through every act effective from that day up to on (an act
// takes effect at the start of its day, so a figure dated on it already
// belongs to what the act made). A unit
// closed without successor has none. The shares add up to 1 unless the
// work ended.
func (t Timeline) Successors(code, from, on string) []Share {
	cur := map[string]float64{strings.ToUpper(code): 1}
	for _, e := range t.events {
		if e.Effective < from || e.Effective > on {
			continue
		}
		next := map[string]float64{}
		for u, w := range cur {
			if !slices.Contains(e.Units, u) {
				next[u] += w
				continue
			}
			switch e.Kind {
			case Merge:
				next[e.Into] += w
			case Split:
				for _, p := range e.Parts {
					next[p.Code] += w * p.Share
				}
			case Close:
				// the work ends here
			default:
				next[u] += w
			}
		}
		cur = next
	}
	return sorted(cur)
}

// Predecessors are the units whose figures of the period from..to count
// for the unit code in the structure of the day on, each with its share:
// code itself, and every unit whose successors on that day include it.
// known lists the codes that may have figures (every unit ever recorded).
func (t Timeline) Predecessors(code, from, on string, known []string) []Share {
	code = strings.ToUpper(code)
	out := map[string]float64{}
	for _, k := range known {
		for _, s := range t.Successors(k, from, on) {
			if s.Code == code {
				out[strings.ToUpper(k)] += s.Share
			}
		}
	}
	return sorted(out)
}

// Ended reports when the unit code ended (merged away, split or closed),
// and into which units, as of the day on; ok is false while it lasts.
func (t Timeline) Ended(code, on string) (day string, into []Share, ok bool) {
	code = strings.ToUpper(code)
	for _, e := range t.events {
		if e.Effective > on {
			break
		}
		if slices.Contains(e.ends(), code) {
			return e.Effective, t.Successors(code, e.Effective, on), true
		}
	}
	return "", nil, false
}

// Step is what a unit was from a day on: its name and its parent (empty
// when the event did not change it), and the act that made it so.
type Step struct {
	From   string `json:"from"`
	Kind   Kind   `json:"kind"`
	Name   string `json:"name,omitempty"`
	Parent string `json:"parent,omitempty"`
	// Into are a merge's or split's successors, for a unit that ended.
	Into []Share `json:"into,omitempty"`
	// From units are those that merged into this one.
	Merged []string `json:"merged,omitempty"`
	Event  int64    `json:"event"`
}

// History is every act that concerned the unit code, oldest first: its
// renames and moves, units merged into it, and its end.
func (t Timeline) History(code string) []Step {
	code = strings.ToUpper(code)
	var out []Step
	for _, e := range t.events {
		s := Step{From: e.Effective, Kind: e.Kind, Event: e.ID}
		switch {
		case e.Kind == Merge && e.Into == code:
			s.Merged = slices.DeleteFunc(slices.Clone(e.Units), func(u string) bool { return u == code })
		case !slices.Contains(e.Units, code):
			continue
		case e.Kind == Rename:
			s.Name = e.Name
		case e.Kind == Move:
			s.Parent = strings.ToUpper(e.Parent)
		case e.Kind == Merge:
			s.Into = []Share{{Code: e.Into, Share: 1}}
		case e.Kind == Split:
			for _, p := range e.Parts {
				s.Into = append(s.Into, Share(p))
			}
		}
		out = append(out, s)
	}
	return out
}

// NameOn is the unit's name on day: the last rename effective by then,
// or base (its name when recorded) when none was.
func (t Timeline) NameOn(code, base, day string) string {
	return t.lastOn(code, base, day, Rename, func(s Step) string { return s.Name })
}

// ParentOn is the unit's parent on day, from base the same way.
func (t Timeline) ParentOn(code, base, day string) string {
	return t.lastOn(code, base, day, Move, func(s Step) string { return s.Parent })
}

// lastOn is what the last act of kind effective by day set (of), or base.
func (t Timeline) lastOn(code, base, day string, kind Kind, of func(Step) string) string {
	v := base
	for _, s := range t.History(code) {
		if s.From > day {
			break
		}
		if s.Kind == kind {
			v = of(s)
		}
	}
	return v
}

func sorted(m map[string]float64) []Share {
	out := make([]Share, 0, len(m))
	for c, w := range m {
		if w > 0 {
			out = append(out, Share{Code: c, Share: w})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
