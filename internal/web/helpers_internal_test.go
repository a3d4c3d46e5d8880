package web

import (
	"testing"
)

func TestStripHash(t *testing.T) {
	for in, want := range map[string]string{"app.1a2b3c4d5e.css": "app.css", "favicon.svg": "favicon.svg", "a.b.c.js": "a.b.js"} {
		if got := stripHash(in); got != want {
			t.Errorf("stripHash(%q) = %q, want %q", in, got, want)
		}
	}
}
