package planparse

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the parser's output")

// The sample lives with the demo data, which embeds it; there is one copy.
const samplePath = "../demo/plan-2024-quang-ninh-transport.txt"

func readSample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dump prints a document in a form a person can check by eye: the header,
// the preamble, the item tree with each item's line, title, deadlines and
// observances, then the references.
func dump(d *Document) string {
	var b strings.Builder
	h := d.Header
	for _, kv := range [][2]string{
		{"issuer", h.Issuer}, {"parent_issuer", h.ParentIssuer}, {"number", h.Number},
		{"place", h.Place}, {"date", h.Date}, {"type", h.Type}, {"title", h.Title}, {"guidance", h.Guidance},
	} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "%s: %s\n", kv[0], kv[1])
		}
	}
	if d.Preamble != "" {
		b.WriteString("preamble:\n")
		for _, p := range strings.Split(d.Preamble, "\n") {
			fmt.Fprintf(&b, "  | %s\n", short(p, 90))
		}
	}
	b.WriteString("items:\n")
	var walk func(its []*Item, depth int)
	walk = func(its []*Item, depth int) {
		for _, it := range its {
			ind := strings.Repeat("  ", depth+1)
			title := it.Title
			if title == "" {
				title = "~ " + short(it.Text, 70)
			}
			fmt.Fprintf(&b, "%s%s [%d] %s\n", ind, it.Label, it.Line, title)
			if n := strings.Count(it.Text, "\n"); n > 0 {
				fmt.Fprintf(&b, "%s    (+%d paragraph) %s\n", ind, n, short(it.Text[strings.LastIndex(it.Text, "\n")+1:], 60))
			}
			for _, dl := range it.Deadlines {
				fmt.Fprintf(&b, "%s    deadline %q %s..%s recurring=%v\n", ind, dl.Text, dl.Start, dl.End, dl.Recurring)
			}
			if len(it.Observances) > 0 {
				fmt.Fprintf(&b, "%s    observances %s\n", ind, strings.Join(it.Observances, ", "))
			}
			walk(it.Children, depth+1)
		}
	}
	walk(d.Items, 0)
	b.WriteString("references:\n")
	for _, r := range d.References {
		fmt.Fprintf(&b, "  [%d] %s | %s | %s", r.Line, r.Type, r.Number, r.Date)
		if r.Year != 0 {
			fmt.Fprintf(&b, " | year %d", r.Year)
		}
		if r.Issuer != "" {
			fmt.Fprintf(&b, " | của %s", r.Issuer)
		}
		if r.Title != "" {
			fmt.Fprintf(&b, " | %s", short(r.Title, 80))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func TestSampleGolden(t *testing.T) {
	d, err := ParseText(readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	got := dump(d)
	path := filepath.Join("testdata", "sample.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestSampleGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("sample tree differs from %s (check by eye, then -update):\n%s", path, got)
	}
}
