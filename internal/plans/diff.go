package plans

import (
	"strconv"
	"strings"

	"tebdg/internal/domain"
)

// Change is one difference between two versions of a plan.
type Change struct {
	Kind   string // "added", "removed", "changed"
	Path   string // labels from the top: "II.1.-"
	Field  string // for "changed": "title", "text", "kind", "lead", "deadline", "status", "progress", "header"
	Before string
	After  string
}

// Compare lists what changed from version a to version b. Items are matched
// by their path of labels and, where siblings share a label (bullets), by
// their order under that label; a moved item shows as removed and added.
func Compare(a, b domain.Plan) []Change {
	var out []Change
	for _, f := range []struct{ name, x, y string }{
		{"title", a.Header.Title, b.Header.Title}, {"number", a.Header.Number, b.Header.Number},
		{"date", a.Header.Date, b.Header.Date}, {"issuer", a.Header.Issuer, b.Header.Issuer},
		{"guidance", a.Header.Guidance, b.Header.Guidance}, {"preamble", a.Preamble, b.Preamble},
	} {
		if f.x != f.y {
			out = append(out, Change{Kind: "changed", Path: "", Field: f.name, Before: f.x, After: f.y})
		}
	}
	ia, ib := index(a.Items), index(b.Items)
	for _, k := range ia.order {
		x := ia.items[k]
		y, ok := ib.items[k]
		if !ok {
			out = append(out, Change{Kind: "removed", Path: k, Before: x.Heading()})
			continue
		}
		for _, f := range []struct{ name, x, y string }{
			{"title", x.Title, y.Title}, {"text", x.Text, y.Text}, {"kind", string(x.Kind), string(y.Kind)},
			{"lead", x.Lead, y.Lead}, {"deadline", DeadlineText(x.Deadline), DeadlineText(y.Deadline)},
			{"supports", orgCodes(x.Supports), orgCodes(y.Supports)},
			{"status", string(x.Status), string(y.Status)}, {"progress", strconv.Itoa(x.Progress), strconv.Itoa(y.Progress)},
		} {
			if f.x != f.y {
				out = append(out, Change{Kind: "changed", Path: k, Field: f.name, Before: f.x, After: f.y})
			}
		}
	}
	for _, k := range ib.order {
		if _, ok := ia.items[k]; !ok {
			out = append(out, Change{Kind: "added", Path: k, After: ib.items[k].Heading()})
		}
	}
	return out
}

type itemIndex struct {
	order []string
	items map[string]*domain.PlanItem
}

func index(items []*domain.PlanItem) itemIndex {
	ix := itemIndex{items: map[string]*domain.PlanItem{}}
	var walk func(its []*domain.PlanItem, prefix string)
	walk = func(its []*domain.PlanItem, prefix string) {
		seen := map[string]int{}
		for _, it := range its {
			label := it.Label
			if label == "" {
				label = "·"
			}
			seen[label]++
			key := label
			if n := seen[label]; n > 1 || IsBullet(label) || label == "·" {
				key = label + "#" + strconv.Itoa(n)
			}
			if prefix != "" {
				key = prefix + " › " + key
			}
			ix.order = append(ix.order, key)
			ix.items[key] = it
			walk(it.Children, key)
		}
	}
	walk(items, "")
	return ix
}

func orgCodes(refs []domain.OrgRef) string {
	var c []string
	for _, r := range refs {
		c = append(c, r.Code)
	}
	return strings.Join(c, ", ")
}
