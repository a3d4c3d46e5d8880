package svgchart

import (
	"encoding/xml"
	"html/template"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed element, enough to look at what the charts drew.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

func (n node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

// all returns every element below n (n included) that keep accepts, in
// document order.
func (n node) all(keep func(node) bool) []node {
	var out []node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(keep)...)
	}
	return out
}

// byName keeps elements with the given local name and, if any, classes.
func byName(name string, classes ...string) func(node) bool {
	return func(n node) bool {
		if n.XMLName.Local != name {
			return false
		}
		for _, c := range classes {
			if !n.hasClass(c) {
				return false
			}
		}
		return true
	}
}

// text is the element's text with that of its children, the way a reader
// sees it (tooltips left out).
func (n node) text() string {
	var b strings.Builder
	b.WriteString(n.Text)
	for _, c := range n.Nodes {
		if c.XMLName.Local != "title" {
			b.WriteString(c.text())
		}
	}
	return b.String()
}

// tip is the element's <title> child: its tooltip.
func (n node) tip() string {
	for _, c := range n.Nodes {
		if c.XMLName.Local == "title" {
			return c.Text
		}
	}
	return ""
}

// parse checks that out is well-formed XML under the rules the page's
// parsers apply, and returns its tree.
func parse(t testing.TB, out template.HTML) node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = true
	var root node
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	// Nothing may follow the root element but white space.
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(cd)) == "" {
			continue
		}
		t.Fatalf("content after the root element: %#v", tok)
	}
	return root
}

// checkCSP fails when the tree holds something the site's
// Content-Security-Policy would block (style attributes or elements,
// scripts, event handler attributes).
func checkCSP(t testing.TB, root node) {
	t.Helper()
	for _, n := range root.all(func(node) bool { return true }) {
		switch strings.ToLower(n.XMLName.Local) {
		case "style", "script", "foreignobject":
			t.Errorf("<%s> element in output", n.XMLName.Local)
		}
		for _, a := range n.Attrs {
			name := strings.ToLower(a.Name.Local)
			if name == "style" || strings.HasPrefix(name, "on") || name == "href" {
				t.Errorf("<%s %s=%q> in output", n.XMLName.Local, a.Name.Local, a.Value)
			}
		}
	}
}
