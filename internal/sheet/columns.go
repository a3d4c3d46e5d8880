package sheet

import (
	"fmt"
	"strings"
	"unicode"

	"tebdg/internal/vntext"
)

// Column is a column a caller wants from a table.
type Column struct {
	Field    string   // the caller's name for it, the key of what Columns returns
	Aliases  []string // the headers it may have; the first is the one messages name
	Required bool     // a table without it is refused
}

// name is what messages call the column.
func (c Column) name() string {
	for _, a := range c.Aliases {
		if strings.TrimSpace(a) != "" {
			return strings.TrimSpace(a)
		}
	}
	return c.Field
}

// Columns finds the wanted columns in a header: it returns each found
// Field's index in the header (and so in Row.Cells).
//
// A header matches an alias when both read the same once case, tone and
// vowel marks, spaces and punctuation are set aside, so that "TÊN TRƯỜNG",
// "Ten truong", "Tên  trường:" and the same typed on a keyboard that
// writes letter and mark apart all match "Tên trường". Headers that match
// no alias are left alone. When two Columns share an alias, the first has
// it.
//
// The error is Errors with one entry for each required column missing and
// for each column headed twice (as "Trường" and "Tên trường", say); the map
// holds the columns found all the same.
func Columns(header []string, want []Column) (map[string]int, error) {
	owner := map[string]int{} // an alias's key → index in want
	for ci, c := range want {
		for _, a := range c.Aliases {
			if k := key(a); k != "" {
				if _, taken := owner[k]; !taken {
					owner[k] = ci
				}
			}
		}
	}
	found := make(map[string]int, len(want))
	var errs Errors
	for i, h := range header {
		ci, ok := owner[key(h)]
		if !ok {
			continue
		}
		c := want[ci]
		j, dup := found[c.Field]
		if !dup {
			found[c.Field] = i
			continue
		}
		errs = append(errs, Error{
			Field: c.Field,
			Message: fmt.Sprintf("cột %q có hai lần trong dòng tiêu đề: cột %s (%q) và cột %s (%q); hãy xoá hoặc đổi tên một cột",
				short(c.name()), columnName(j), short(header[j]), columnName(i), short(h)),
			MessageEN: fmt.Sprintf("the column %q is in the header twice: column %s (%q) and column %s (%q); delete or rename one",
				short(c.name()), columnName(j), short(header[j]), columnName(i), short(h)),
		})
	}
	for _, c := range want {
		if _, ok := found[c.Field]; ok || !c.Required {
			continue
		}
		vi := fmt.Sprintf("dòng tiêu đề thiếu cột %q", short(c.name()))
		en := fmt.Sprintf("the header lacks the column %q", short(c.name()))
		if others := otherNames(c); others != "" {
			vi += " (cũng có thể đặt tên " + others + ")"
			en += " (it may also be headed " + others + ")"
		}
		errs = append(errs, Error{Field: c.Field, Message: vi, MessageEN: en})
	}
	if len(errs) > 0 {
		return found, errs
	}
	return found, nil
}

// otherNames lists the aliases of c other than its name, for a message.
func otherNames(c Column) string {
	name := c.name()
	var list []string
	seen := map[string]bool{key(name): true}
	for _, a := range c.Aliases {
		a = strings.TrimSpace(a)
		k := key(a)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		list = append(list, fmt.Sprintf("%q", short(a)))
		if len(list) == 5 {
			break
		}
	}
	return strings.Join(list, ", ")
}

// key is the form in which headers are compared: folded as for search
// (vntext.Fold, which also reads NFD text like NFC), keeping only letters,
// digits and the marks of scripts Fold leaves alone.
func key(s string) string {
	f := vntext.Fold(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return r
		}
		return -1
	}, f)
}
