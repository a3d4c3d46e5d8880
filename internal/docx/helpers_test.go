package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// The tests read the written file back the way any consumer would: unzip
// it, parse each part with encoding/xml (which rejects ill-formed XML and
// characters XML forbids), and look at the elements that carry the layout.

// node is an XML element with its attributes, children and own text.
type node struct {
	name xml.Name
	attr []xml.Attr
	kids []*node
	text string
}

func parseXML(data []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name, attr: t.Attr}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(t)
		}
	}
	if len(root.kids) != 1 {
		return nil, fmt.Errorf("%d root elements", len(root.kids))
	}
	return root.kids[0], nil
}

// all returns the descendants named local, in document order.
func (n *node) all(local string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, k := range m.kids {
			if k.name.Local == local {
				out = append(out, k)
			}
			walk(k)
		}
	}
	walk(n)
	return out
}

// child returns the first direct child named local, or nil.
func (n *node) child(local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name.Local == local {
			return k
		}
	}
	return nil
}

func (n *node) children(local string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name.Local == local {
			out = append(out, k)
		}
	}
	return out
}

// get returns the attribute named local ("val" for w:val), or "".
func (n *node) get(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *node) getInt(local string) int {
	v, _ := strconv.Atoi(n.get(local))
	return v
}

// on reads an OOXML on/off property: present and not switched off.
func on(n *node) bool {
	if n == nil {
		return false
	}
	switch n.get("val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// textOf is the text a reader sees in n: w:t contents, tabs and breaks.
func textOf(n *node) string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		for _, k := range m.kids {
			switch k.name.Local {
			case "t":
				b.WriteString(k.text)
			case "tab":
				b.WriteByte('\t')
			case "br":
				b.WriteByte('\n')
			default:
				walk(k)
			}
		}
	}
	walk(n)
	return b.String()
}

// para is what the tests check of a paragraph.
type para struct {
	text         string
	style        string
	jc           string
	first        int
	left, right  int
	before       int
	line         int
	lineRule     string
	border       bool
	keepNext     bool
	b, i         bool
	sz           int
	mixedFormats bool // the runs do not share one format
}

func paraOf(p *node) para {
	pp := p.child("pPr")
	out := para{
		text:     textOf(p),
		style:    pp.child("pStyle").get("val"),
		jc:       pp.child("jc").get("val"),
		first:    pp.child("ind").getInt("firstLine"),
		left:     pp.child("ind").getInt("left"),
		right:    pp.child("ind").getInt("right"),
		before:   pp.child("spacing").getInt("before"),
		line:     pp.child("spacing").getInt("line"),
		lineRule: pp.child("spacing").get("lineRule"),
		border:   pp.child("pBdr").child("bottom").get("val") == "single",
		keepNext: on(pp.child("keepNext")),
	}
	for i, r := range p.children("r") {
		rp := r.child("rPr")
		b, it, sz := on(rp.child("b")), on(rp.child("i")), rp.child("sz").getInt("val")
		if i == 0 {
			out.b, out.i, out.sz = b, it, sz
		} else if b != out.b || it != out.i || sz != out.sz {
			out.mixedFormats = true
		}
	}
	return out
}

// pkg is a written .docx, unzipped.
type pkg struct {
	order []string
	parts map[string][]byte
	files map[string]*zip.File
}

func readPkg(data []byte) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	p := &pkg{parts: map[string][]byte{}, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if _, dup := p.parts[f.Name]; dup {
			return nil, fmt.Errorf("%s twice", f.Name)
		}
		p.order = append(p.order, f.Name)
		p.parts[f.Name] = b
		p.files[f.Name] = f
	}
	return p, nil
}

func write(t testing.TB, d Document) *pkg {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	p, err := readPkg(b.Bytes())
	if err != nil {
		t.Fatalf("reading the written file: %v", err)
	}
	return p
}

func (p *pkg) xml(t testing.TB, name string) *node {
	t.Helper()
	data, ok := p.parts[name]
	if !ok {
		t.Fatalf("no part %s", name)
	}
	n, err := parseXML(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

func (p *pkg) body(t testing.TB) *node {
	t.Helper()
	return p.xml(t, "word/document.xml").child("body")
}

// bodyParas lists the paragraphs written straight into the body (not in
// tables), the ones holding text only.
func bodyParas(body *node) []para {
	var out []para
	for _, k := range body.children("p") {
		if p := paraOf(k); p.text != "" {
			out = append(out, p)
		}
	}
	return out
}

// cellParas lists the paragraphs of each cell of each row of a table.
func cellParas(tbl *node) [][][]para {
	var rows [][][]para
	for _, tr := range tbl.children("tr") {
		var cells [][]para
		for _, tc := range tr.children("tc") {
			var ps []para
			for _, p := range tc.children("p") {
				ps = append(ps, paraOf(p))
			}
			cells = append(cells, ps)
		}
		rows = append(rows, cells)
	}
	return rows
}

// mm converts twips to millimetres.
func mm(tw int) float64 { return float64(tw) * 25.4 / 1440 }
