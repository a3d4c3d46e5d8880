package planparse

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"tebdg/internal/errs"
)

// ParseDOCX parses a plan given as a Word .docx file: its text, as DOCXText
// renders it, goes through the same reader as pasted text.
func ParseDOCX(r io.ReaderAt, size int64) (*Document, error) {
	text, err := DOCXText(r, size)
	if err != nil {
		return nil, err
	}
	return ParseText(text)
}

// errUnzipBudget is returned when the parts read from a .docx expand beyond
// maxUnzipped bytes. It says more than ErrTooLarge, and wraps it so that
// errors.Is(err, ErrTooLarge) holds.
var errUnzipBudget = &errs.Error{Code: errs.TooLarge,
	VI: "nội dung tệp .docx giải nén quá lớn, tối đa 50 MB", EN: ".docx content too large when unzipped, at most 50 MB",
	Err: ErrTooLarge}

// DOCXText renders the body of a .docx as the text a reader sees: one
// paragraph per block, separated by blank lines; line breaks inside a
// paragraph as "\n"; Word list numbering as the label it displays ("1.",
// "2.1.", "a)", "•"); each table row as one line per paragraph of its cells,
// cells joined with " | ", so a header table reads like a copied header
// ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").
func DOCXText(r io.ReaderAt, size int64) (string, error) {
	if size > MaxSize {
		return "", ErrTooLarge
	}
	if size <= 0 {
		return "", ErrNotDOCX
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", ErrNotDOCX
	}
	z := &zipParts{files: map[string]*zip.File{}, left: maxUnzipped}
	for _, f := range zr.File {
		z.files[strings.TrimPrefix(f.Name, "/")] = f
	}

	mainPart := "word/document.xml"
	if rels, err := z.rels("_rels/.rels", ""); err != nil {
		return "", err
	} else if t := rels["officeDocument"]; t != "" {
		mainPart = t
	}
	if z.files[mainPart] == nil {
		return "", ErrNoBody
	}
	dr := &docReader{counters: map[counterKey]*levelCounters{}, used: map[int]bool{}}
	rels, err := z.rels(path.Join(path.Dir(mainPart), "_rels", path.Base(mainPart)+".rels"), path.Dir(mainPart))
	if err != nil {
		return "", err
	}
	numPart, stylesPart := rels["numbering"], rels["styles"]
	if numPart == "" {
		numPart = path.Join(path.Dir(mainPart), "numbering.xml")
	}
	if stylesPart == "" {
		stylesPart = path.Join(path.Dir(mainPart), "styles.xml")
	}
	if dr.num, err = z.numbering(numPart); err != nil {
		return "", err
	}
	if dr.styles, err = z.styles(stylesPart); err != nil {
		return "", err
	}
	rc, err := z.open(mainPart)
	if err != nil {
		return "", err
	}
	defer func() { _ = rc.Close() }()
	return dr.body(rc)
}

// zipParts reads parts of a .docx within a shared budget of uncompressed
// bytes: the zip's own size fields can lie, so bytes are counted as read.
type zipParts struct {
	files map[string]*zip.File
	left  int64
}

type budgetReader struct {
	r io.Reader
	z *zipParts
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.z.left < 0 {
		return 0, errUnzipBudget
	}
	// Read at most one byte past the budget: a part that ends exactly at
	// the limit reaches its EOF; one more byte is over.
	if int64(len(p)) > b.z.left+1 {
		p = p[:b.z.left+1]
	}
	n, err := b.r.Read(p)
	b.z.left -= int64(n)
	if b.z.left < 0 {
		return n, errUnzipBudget
	}
	return n, err
}

type partReader struct {
	io.Reader
	c io.Closer
}

func (p partReader) Close() error { return p.c.Close() }

// open opens a part; nil, nil when it is absent.
func (z *zipParts) open(name string) (io.ReadCloser, error) {
	f := z.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(z.left) {
		return nil, errUnzipBudget
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotDOCX, err)
	}
	return partReader{Reader: &budgetReader{r: rc, z: z}, c: rc}, nil
}

// decodeErr maps a failure while reading a part's XML to the error a user
// should see.
func decodeErr(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return errUnzipBudget
	}
	return fmt.Errorf("%w: %w", ErrNotDOCX, err)
}

// walkXML calls fn for every token of a part; absent parts are empty.
func (z *zipParts) walkXML(name string, fn func(d *xml.Decoder, tok xml.Token) error) error {
	rc, err := z.open(name)
	if err != nil || rc == nil {
		return err
	}
	defer func() { _ = rc.Close() }()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return decodeErr(err)
		}
		if err := fn(d, tok); err != nil {
			return err
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func attrInt(e xml.StartElement, local string) (int, bool) {
	n, err := strconv.Atoi(attr(e, local))
	return n, err == nil
}

// rels reads a relationships part and returns its targets by the last word
// of their type ("officeDocument", "numbering", "styles"), resolved from dir.
func (z *zipParts) rels(name, dir string) (map[string]string, error) {
	out := map[string]string{}
	err := z.walkXML(name, func(_ *xml.Decoder, tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			typ, target := attr(se, "Type"), attr(se, "Target")
			if attr(se, "TargetMode") == "External" || target == "" {
				return nil
			}
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(dir, target)
			}
			k := typ[strings.LastIndexByte(typ, '/')+1:]
			if _, dup := out[k]; !dup {
				out[k] = target
			}
		}
		return nil
	})
	return out, err
}

// numLevel is one level of a Word list.
type numLevel struct {
	start  int
	format string // decimal, lowerLetter, upperRoman, bullet, …
	text   string // "%1.", "%1.%2.", "%1)", or a bullet glyph
	isLgl  bool   // show all levels as decimal ("1.1" under "I")
}

type numInstance struct {
	abstract int
	starts   map[int]int       // lvlOverride/startOverride
	levels   map[int]*numLevel // lvlOverride/lvl
}

type numbering struct {
	abstract map[int]map[int]*numLevel
	nums     map[int]*numInstance
}

func (z *zipParts) numbering(name string) (*numbering, error) {
	n := &numbering{abstract: map[int]map[int]*numLevel{}, nums: map[int]*numInstance{}}
	var levels map[int]*numLevel // the abstractNum or override being read
	var lvl *numLevel
	var inst *numInstance
	overrideLvl := -1
	err := z.walkXML(name, func(_ *xml.Decoder, tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				id, _ := attrInt(t, "abstractNumId")
				levels = map[int]*numLevel{}
				n.abstract[id] = levels
				inst = nil
			case "num":
				id, _ := attrInt(t, "numId")
				inst = &numInstance{starts: map[int]int{}, levels: map[int]*numLevel{}}
				n.nums[id] = inst
				levels = nil
			case "abstractNumId":
				if inst != nil {
					inst.abstract, _ = attrInt(t, "val")
				}
			case "lvlOverride":
				overrideLvl, _ = attrInt(t, "ilvl")
			case "startOverride":
				if inst != nil && overrideLvl >= 0 {
					inst.starts[overrideLvl], _ = attrInt(t, "val")
				}
			case "lvl":
				il, _ := attrInt(t, "ilvl")
				lvl = &numLevel{start: 1, format: "decimal"}
				switch {
				case inst != nil && overrideLvl >= 0:
					inst.levels[il] = lvl
				case levels != nil:
					levels[il] = lvl
				}
			case "start":
				if lvl != nil {
					lvl.start, _ = attrInt(t, "val")
				}
			case "numFmt":
				if lvl != nil {
					lvl.format = attr(t, "val")
				}
			case "lvlText":
				if lvl != nil {
					lvl.text = attr(t, "val")
				}
			case "isLgl":
				if lvl != nil {
					lvl.isLgl = attr(t, "val") != "0" && attr(t, "val") != "false"
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "lvl":
				lvl = nil
			case "lvlOverride":
				overrideLvl = -1
			case "num":
				inst = nil
			case "abstractNum":
				levels = nil
			}
		}
		return nil
	})
	return n, err
}

// styleNum is the list numbering a paragraph style carries (Word's
// "List Number" or heading styles).
type styleNum struct {
	basedOn        string
	numID, ilvl    int
	hasNum, hasLvl bool
}

func (z *zipParts) styles(name string) (map[string]*styleNum, error) {
	out := map[string]*styleNum{}
	var cur *styleNum
	err := z.walkXML(name, func(_ *xml.Decoder, tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				cur = &styleNum{}
				out[attr(t, "styleId")] = cur
			case "basedOn":
				if cur != nil {
					cur.basedOn = attr(t, "val")
				}
			case "numId":
				if cur != nil {
					cur.numID, cur.hasNum = atoi(attr(t, "val")), true
				}
			case "ilvl":
				if cur != nil {
					cur.ilvl, cur.hasLvl = atoi(attr(t, "val")), true
				}
			}
		case xml.EndElement:
			if t.Name.Local == "style" {
				cur = nil
			}
		}
		return nil
	})
	return out, err
}

// counterKey identifies a running list. Word continues numbering across
// list instances that share an abstract list, unless an instance restarts
// it with startOverride.
type counterKey struct{ abstract, num int }

type levelCounters struct {
	val [9]int
	set [9]bool
}

type docReader struct {
	num      *numbering
	styles   map[string]*styleNum
	counters map[counterKey]*levelCounters
	used     map[int]bool
}

type para struct {
	buf         strings.Builder
	style       string
	numID, ilvl int
	hasNum      bool
	hasLvl      bool
}

type tableCell struct{ lines []string }
type tableRow struct{ cells []*tableCell }
type table struct{ rows []*tableRow }

// body renders word/document.xml.
func (dr *docReader) body(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var out strings.Builder
	var paras []*para
	var tables []*table
	inT, pPr, sawBody := false, 0, false

	// emit puts a finished line block where it belongs: into the innermost
	// open table cell, or into the body.
	emit := func(lines ...string) {
		if n := len(tables); n > 0 {
			t := tables[n-1]
			if k := len(t.rows); k > 0 {
				row := t.rows[k-1]
				if c := len(row.cells); c > 0 {
					row.cells[c-1].lines = append(row.cells[c-1].lines, lines...)
					return
				}
			}
		}
		out.WriteString(strings.Join(lines, "\n"))
		out.WriteString("\n\n")
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", decodeErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var p *para
			if n := len(paras); n > 0 {
				p = paras[n-1]
			}
			switch t.Name.Local {
			case "body":
				sawBody = true
			case "Fallback", "pPrChange", "rPrChange", "moveFrom", "del":
				// Fallback repeats mc:Choice; the others hold deleted text or
				// the formatting before a tracked change.
				if err := d.Skip(); err != nil {
					return "", decodeErr(err)
				}
			case "tbl":
				tables = append(tables, &table{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].rows = append(tables[n-1].rows, &tableRow{})
				}
			case "tc":
				if n := len(tables); n > 0 {
					if k := len(tables[n-1].rows); k > 0 {
						row := tables[n-1].rows[k-1]
						row.cells = append(row.cells, &tableCell{})
					}
				}
			case "p":
				paras = append(paras, &para{})
			case "pPr":
				pPr++
			case "pStyle":
				if p != nil && pPr > 0 {
					p.style = attr(t, "val")
				}
			case "numId":
				if p != nil && pPr > 0 {
					p.numID, p.hasNum = atoi(attr(t, "val")), true
				}
			case "ilvl":
				if p != nil && pPr > 0 {
					p.ilvl, p.hasLvl = atoi(attr(t, "val")), true
				}
			case "t":
				inT = p != nil
			case "tab":
				if p != nil && pPr == 0 {
					p.buf.WriteByte('\t')
				}
			case "br", "cr":
				if p != nil && pPr == 0 {
					p.buf.WriteByte('\n')
				}
			case "noBreakHyphen":
				if p != nil {
					p.buf.WriteByte('-')
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "pPr":
				pPr--
			case "p":
				if n := len(paras); n > 0 {
					p := paras[n-1]
					paras = paras[:n-1]
					if s := dr.render(p); s != "" {
						emit(s)
					}
				}
			case "tbl":
				if n := len(tables); n > 0 {
					t := tables[n-1]
					tables = tables[:n-1]
					if lines := tableLines(t); len(lines) > 0 {
						emit(lines...)
					}
				}
			}
		case xml.CharData:
			if inT {
				if n := len(paras); n > 0 {
					paras[n-1].buf.Write(t)
				}
			}
		}
	}
	if !sawBody {
		return "", ErrNoBody
	}
	return out.String(), nil
}

// tableLines flattens a table: for each row, line k joins the k-th paragraph
// of every cell with " | ".
func tableLines(t *table) []string {
	var lines []string
	for _, row := range t.rows {
		height := 0
		for _, c := range row.cells {
			height = max(height, len(c.lines))
		}
		for k := 0; k < height; k++ {
			cells := make([]string, len(row.cells))
			for i, c := range row.cells {
				if k < len(c.lines) {
					cells[i] = strings.ReplaceAll(c.lines[k], "\n", " ")
				}
			}
			lines = append(lines, strings.Join(cells, " | "))
		}
	}
	return lines
}

// render returns a paragraph's text with its list label, or "" for an empty
// paragraph (whose number still counts, as in Word).
func (dr *docReader) render(p *para) string {
	text := p.buf.String()
	numID, ilvl := p.numID, p.ilvl
	hasNum, hasLvl := p.hasNum, p.hasLvl
	// A paragraph without its own numbering takes its style's, following
	// basedOn (bounded, in case of a cycle).
	st := dr.styles[p.style]
	for i := 0; st != nil && i < 20 && (!hasNum || !hasLvl); i++ {
		if !hasNum && st.hasNum {
			numID, hasNum = st.numID, true
		}
		if !hasLvl && st.hasLvl {
			ilvl, hasLvl = st.ilvl, true
		}
		st = dr.styles[st.basedOn]
	}
	lbl := ""
	if hasNum && numID != 0 {
		lbl = dr.label(numID, ilvl)
	}
	if strings.TrimSpace(text) == "" {
		return ""
	}
	if lbl == "" {
		return text
	}
	return lbl + " " + strings.TrimLeft(text, " \t")
}

// label advances the list counters for a paragraph at (numID, ilvl) and
// returns the label Word shows.
func (dr *docReader) label(numID, ilvl int) string {
	if dr.num == nil || ilvl < 0 || ilvl > 8 {
		return ""
	}
	inst := dr.num.nums[numID]
	if inst == nil {
		return ""
	}
	level := func(l int) *numLevel {
		if lv := inst.levels[l]; lv != nil {
			return lv
		}
		if lv := dr.num.abstract[inst.abstract][l]; lv != nil {
			return lv
		}
		return &numLevel{start: 1, format: "decimal"}
	}
	start := func(l int) int {
		if s, ok := inst.starts[l]; ok {
			return s
		}
		return level(l).start
	}
	key := counterKey{abstract: inst.abstract, num: -1}
	if len(inst.starts) > 0 {
		key.num = numID
	}
	c := dr.counters[key]
	if c == nil {
		c = &levelCounters{}
		dr.counters[key] = c
	}
	if c.set[ilvl] {
		c.val[ilvl]++
	} else {
		c.val[ilvl], c.set[ilvl] = start(ilvl), true
	}
	for l := ilvl + 1; l < 9; l++ {
		c.set[l] = false
	}
	lv := level(ilvl)
	switch lv.format {
	case "bullet":
		return bulletGlyph(lv.text)
	}
	var b strings.Builder
	txt := lv.text
	for i := 0; i < len(txt); i++ {
		if txt[i] == '%' && i+1 < len(txt) && txt[i+1] >= '1' && txt[i+1] <= '9' {
			l := int(txt[i+1] - '1')
			v := start(l)
			if c.set[l] {
				v = c.val[l]
			}
			f := level(l).format
			if lv.isLgl {
				f = "decimal"
			}
			b.WriteString(formatNumber(v, f))
			i++
			continue
		}
		b.WriteByte(txt[i])
	}
	return strings.TrimSpace(b.String())
}

// formatNumber writes n as a Word list number format displays it.
func formatNumber(n int, format string) string {
	switch format {
	case "none":
		return ""
	case "decimalZero":
		if n < 10 && n >= 0 {
			return "0" + strconv.Itoa(n)
		}
	case "lowerLetter", "upperLetter":
		if n < 1 {
			return strconv.Itoa(n)
		}
		// Word: a … z, then aa … zz, aaa …
		s := strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		if n >= 1 && n < 4000 {
			s := toRoman(n)
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(n)
}

func toRoman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// bulletGlyph maps a bullet level's text, often a glyph of the Symbol or
// Wingdings font, to the character a reader sees.
func bulletGlyph(s string) string {
	switch s {
	case "-", "–", "—", "+", "*", "•", "◦", "▪", "■", "➢", "►", "✓":
		return s
	case "o":
		return "◦"
	case "\uF0A7", "§":
		return "▪"
	case "\uF0D8", "Ø":
		return "➢"
	case "\uF0FC", "ü":
		return "✓"
	case "\uF02D":
		return "-"
	}
	return "•"
}
