package ical

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/arran4/golang-ical"
)

// seeds are texts as users type them, in Vietnamese, with the characters
// that TEXT escapes and the ones it drops.
var seeds = []string{
	"",
	"Tháng hành động vì trẻ em",
	"Hội nghị triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2026",
	"Chủ trì: Giám đốc Sở;\r\nThành phần: các phòng, ban\\đơn vị",
	"Nga\u0300y Quô\u0301c tê\u0301 Thiê\u0301u nhi 1/6",
	"\x00\x1b\x7f\u0085\t \n",
	"\xff\xe1\xba\xa1\xe1\xba",
	strings.Repeat("ộ", 80) + strings.Repeat(`\,;`, 30),
	"😀 Tết Trung thu 🏮",
}

// want is s as it should read back: control characters other than newline
// and tab dropped, and each byte that is not UTF-8 read as U+FFFD.
func want(s string) string {
	var b strings.Builder
	for _, r := range s { // an invalid byte comes as U+FFFD
		if r == '\n' || r == '\t' || r >= 0x20 && r < 0x7f || r >= 0xa0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unescape reads a TEXT value, failing on a bad escape or on a separator
// left bare.
func unescape(t *testing.T, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			if i+1 == len(v) {
				t.Fatalf("%q ends in a lone backslash", v)
			}
			i++
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				t.Fatalf("bad escape \\%c in %q", v[i], v)
			}
		case ';', ',':
			t.Fatalf("bare %c in %q", c, v)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FuzzText checks that any text, escaped and folded, unfolds and unescapes
// back to itself less what is dropped, in physical lines of at most 75
// octets of UTF-8.
func FuzzText(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := appendText([]byte("DESCRIPTION:"), s)
		folded := appendFolded(nil, line)
		if !utf8.Valid(folded) {
			t.Fatalf("not UTF-8: %q", folded)
		}
		lines := unfold(t, string(folded))
		if len(lines) != 1 {
			t.Fatalf("%q unfolds to %d lines", folded, len(lines))
		}
		v, ok := strings.CutPrefix(lines[0], "DESCRIPTION:")
		if !ok {
			t.Fatalf("unfolded %q", lines[0])
		}
		if got := unescape(t, v); got != want(s) {
			t.Fatalf("%q reads back as %q, want %q", s, got, want(s))
		}
	})
}

// FuzzWrite puts any text in a feed's fields: Write must refuse a blank
// summary and otherwise write a feed whose lines obey the format and whose
// texts read back as given, both by the checks here and by an independent
// parser.
func FuzzWrite(f *testing.F) {
	for i, s := range seeds {
		f.Add(s, seeds[(i+1)%len(seeds)], seeds[(i+2)%len(seeds)], seeds[(i+3)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, summary, desc, location, category string) {
		c := Calendar{Name: category, Events: []Event{{
			UID: "event-1@tebdg", Summary: summary, Description: desc, Location: location,
			Categories: []string{category, "Trẻ em"},
			Start:      time.Date(2026, 6, 1, 8, 0, 0, 0, hanoi), Stamp: stamp,
		}}}
		var b bytes.Buffer
		err := Write(&b, c)
		if strings.TrimSpace(want(summary)) == "" {
			if !errors.Is(err, ErrNoSummary) {
				t.Fatalf("blank summary %q: error %v", summary, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Write: %v", err)
		}
		if !utf8.Valid(b.Bytes()) {
			t.Fatal("feed not UTF-8")
		}
		got := map[string]string{}
		for _, l := range eventLines(t, unfold(t, b.String())) {
			name, v, _ := strings.Cut(l, ":")
			got[name] = v
		}
		check := func(name, v, in string) {
			t.Helper()
			if strings.TrimSpace(want(in)) == "" {
				if _, ok := got[name]; ok {
					t.Errorf("%s written for blank %q", name, in)
				}
				return
			}
			if u := unescape(t, v); u != want(in) {
				t.Errorf("%s reads back %q, want %q", name, u, want(in))
			}
		}
		check("SUMMARY", got["SUMMARY"], summary)
		check("DESCRIPTION", got["DESCRIPTION"], desc)
		check("LOCATION", got["LOCATION"], location)
		// Split the list at the commas that are not escaped.
		var cats []string
		for _, c := range strings.Split(strings.ReplaceAll(got["CATEGORIES"], `\\`, "\x01"), ",") {
			if len(cats) > 0 && strings.HasSuffix(cats[len(cats)-1], `\`) {
				cats[len(cats)-1] += "," + c
			} else {
				cats = append(cats, c)
			}
		}
		for i, c := range cats {
			cats[i] = unescape(t, strings.ReplaceAll(c, "\x01", `\\`))
		}
		wantCats := []string{"Trẻ em"}
		if strings.TrimSpace(want(category)) != "" {
			wantCats = []string{want(category), "Trẻ em"}
		}
		if !slices.Equal(cats, wantCats) {
			t.Errorf("CATEGORIES read back %q, want %q", cats, wantCats)
		}

		cal, err := goical.ParseCalendar(&b)
		if err != nil {
			t.Fatalf("ParseCalendar: %v", err)
		}
		ev := cal.Events()
		if len(ev) != 1 {
			t.Fatalf("%d events parsed", len(ev))
		}
		if p := ev[0].GetProperty(goical.ComponentPropertySummary); p == nil || p.Value != want(summary) {
			t.Errorf("parsed SUMMARY %+v, want %q", p, want(summary))
		}
	})
}
