package portal

import (
	"testing"
	"time"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

func TestParsePublishTime(t *testing.T) {
	at := time.Date(2024, 2, 10, 15, 16, 0, 0, vntext.Location)
	for in, want := range map[string]time.Time{
		"2024-02-10T15:16:00+07:00": at,
		"2024-02-10T08:16:00Z":      at,
		"2024-02-10T15:16":          at,
		"2024-02-10 15:16":          at,
		"10/02/2024 15:16":          at,
		" 10/2/2024 15:16 ":         at,
		"10/02/2024":                time.Date(2024, 2, 10, 0, 0, 0, 0, vntext.Location),
		"":                          {},
	} {
		got, err := parsePublishTime(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"3024-01-01", "1999-12-31T23:00:00Z", "31/02/2024 10:00", "hôm qua", "2024-02-10T25:00"} {
		if _, err := parsePublishTime(in); errs.As(err).Field != "published_at" {
			t.Errorf("%q: %v, want a published_at error", in, err)
		}
	}
}

func FuzzParsePublishTime(f *testing.F) {
	for _, s := range []string{"2024-02-10T15:16:00+07:00", "10/02/2024 15:16", "2024-02-10", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := parsePublishTime(in)
		if err == nil && !got.IsZero() && (got.Year() < 2000 || got.Year() > 2100) {
			t.Errorf("%q: accepted %v", in, got)
		}
	})
}

// Only the form's own field takes the stamp: the same words elsewhere on
// the page (a post's title, say) stay as written.
func TestFillFormToken(t *testing.T) {
	for in, want := range map[string]string{
		`<input name="t" value="` + formTokenSlot + `">`:                                               `<input name="t" value="123.abc">`,
		`<h1>` + formTokenSlot + `</h1><input name="t" value="` + formTokenSlot + `">`:                 `<h1>` + formTokenSlot + `</h1><input name="t" value="123.abc">`,
		`<input name="t" value="` + formTokenSlot + `"><input name="t" value="` + formTokenSlot + `">`: `<input name="t" value="123.abc"><input name="t" value="` + formTokenSlot + `">`,
		`<p>no form</p>`: `<p>no form</p>`,
	} {
		if got := string(fillFormToken([]byte(in), "123.abc")); got != want {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
}

func TestETagMatches(t *testing.T) {
	for header, want := range map[string]bool{`"abc"`: true, `W/"abc"`: true, `"x", "abc"`: true, `*`: true, `"abd"`: false, ``: false} {
		if got := etagMatches(header, `"abc"`); got != want {
			t.Errorf("%q: %v", header, got)
		}
	}
}
