package web

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

func TestRateLimiter(t *testing.T) {
	l := newRateLimiter(3, time.Minute)
	now := time.Date(2024, 2, 10, 8, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.allow("a", now.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	ok, wait := l.allow("a", now.Add(10*time.Second))
	if ok || wait != 50*time.Second {
		t.Errorf("4th: %v %v, want refused for 50s", ok, wait)
	}
	if ok, _ := l.allow("b", now.Add(10*time.Second)); !ok {
		t.Error("another address is limited too")
	}
	if ok, _ := l.allow("a", now.Add(61*time.Second)); !ok {
		t.Error("the window does not slide")
	}
}

func TestETagMatches(t *testing.T) {
	for header, want := range map[string]bool{`"abc"`: true, `W/"abc"`: true, `"x", "abc"`: true, `*`: true, `"abd"`: false, ``: false} {
		if got := etagMatches(header, `"abc"`); got != want {
			t.Errorf("%q: %v", header, got)
		}
	}
}
