package svgchart

import (
	"html/template"
	"math"
	"strconv"
)

// Bars draws vertical bars, one group per label with a bar per series, or
// with Chart.Stacked one column per label with the series stacked in it
// (positive values upwards from zero, negative ones downwards). The value
// axis always starts at zero, as a bar's length is its value.
//
// Values are written on the bars when they fit: above each grouped bar,
// inside each stacked segment, and the total above a stacked column.
func Bars(c Chart) template.HTML {
	d := prepare(c)
	if len(d.labels) == 0 || d.empty() {
		return d.emptyChart("bars")
	}
	stacked := c.Stacked && len(d.series) > 1
	lo, hi := 0.0, 0.0
	if stacked {
		for i := range d.labels {
			pos, neg := d.sums(i)
			lo, hi = min(lo, neg), max(hi, pos)
		}
	} else {
		l, h := d.extent()
		lo, hi = min(lo, l), max(hi, h)
	}
	f := d.layoutXY(niceScale(lo, hi, d.decimals, 5), swatchBar)

	var w xw
	d.header(&w, "bars", f.h)
	d.drawHeading(&w, f.hd, swatchBar)
	f.drawAxes(&w)
	if stacked {
		f.drawStacked(&w)
	} else {
		f.drawGrouped(&w)
	}
	f.baseline(&w)
	w.close("svg")
	return w.html()
}

// sums returns the totals of the positive and of the negative values at
// label i, the top and bottom of its stacked column.
func (d *data) sums(i int) (pos, neg float64) {
	for _, s := range d.series {
		if !s.ok[i] {
			continue
		}
		if s.vals[i] >= 0 {
			pos += s.vals[i]
		} else {
			neg += s.vals[i]
		}
	}
	return pos, neg
}

// bar draws a bar from value from to value to across [x, x+width].
func (f *frame) bar(w *xw, x, width, from, to float64, color, cls, tip string, outline bool) {
	y0, y1 := f.y(from), f.y(to)
	kv := []string{"class", "bar " + cls, "x", f1(x), "y", f1(math.Min(y0, y1)),
		"width", f1(width), "height", f1(math.Abs(y1 - y0)), "fill", color}
	if outline {
		// A white edge between stacked segments separates colours that
		// a colour-blind reader may see as one.
		kv = append(kv, "stroke", "#ffffff", "stroke-width", "1")
	}
	w.shape("rect", tip, kv...)
}

// valueLabel writes a number next to the end of a bar: above a positive
// bar, below a negative one.
func (f *frame) valueLabel(w *xw, x, v float64, fill string) {
	y := f.y(v) - 4
	if v < 0 {
		y = f.y(v) + valueSize + 2
	}
	w.leaf("text", f.d.number(v), "class", "label value", "x", f1(x), "y", f1(y),
		"text-anchor", "middle", "font-size", f1(valueSize), "fill", fill)
	w.nl()
}

// missingMark stands in for a missing bar of the given slot width, on the
// baseline: the words when they fit, else a dash, with the words as its
// tooltip.
func (f *frame) missingMark(w *xw, x, slot float64, tip string) {
	text, size := "("+f.d.words.missing+")", valueSize
	if textWidth(text, size) > slot {
		text, size = "–", labelSize
	}
	w.open("text", "class", "label missing", "x", f1(x), "y", f1(f.y(0)-4),
		"text-anchor", "middle", "font-size", f1(size), "font-style", "italic", "fill", mutedColor)
	w.text(text)
	w.leaf("title", tip)
	w.close("text")
	w.nl()
}

func (f *frame) drawGrouped(w *xw) {
	d := f.d
	m := float64(len(d.series))
	// Bars wider than about 60 px stop reading as bars and start reading
	// as areas, so a chart with few categories keeps them slim.
	group := math.Min(f.band*0.8, m*60)
	slot := group / m
	gap := math.Min(2, slot*0.15)
	// Labels go on every bar or on none: a chart with some values
	// written and some not reads as if the unwritten ones were special.
	fits := true
	for _, s := range d.series {
		for i, ok := range s.ok {
			if ok && textWidth(d.number(s.vals[i]), valueSize) > slot {
				fits = false
			}
		}
	}
	for si, s := range d.series {
		color, _, _ := style(si)
		cls := "series-" + strconv.Itoa(si)
		w.open("g", "class", "series "+cls)
		w.nl()
		for i, ok := range s.ok {
			x := f.x(i) - group/2 + float64(si)*slot
			if !ok {
				// A dash where the bar would be, so that a gap in
				// reporting does not pass for a zero.
				if fits {
					f.missingMark(w, x+slot/2, slot, d.missingTip(d.labels[i], s.name))
				}
				continue
			}
			f.bar(w, x+gap/2, slot-gap, 0, s.vals[i], color, cls, d.tooltip(d.labels[i], s.name, s.vals[i]), false)
			if fits {
				f.valueLabel(w, x+slot/2, s.vals[i], textColor)
			}
		}
		w.close("g")
		w.nl()
	}
}

func (f *frame) drawStacked(w *xw) {
	d := f.d
	width := math.Min(f.band*0.6, 60)
	pos := make([]float64, len(d.labels))
	neg := make([]float64, len(d.labels))
	for si, s := range d.series {
		color, _, _ := style(si)
		cls := "series-" + strconv.Itoa(si)
		w.open("g", "class", "series "+cls)
		w.nl()
		for i, ok := range s.ok {
			if !ok || s.vals[i] == 0 {
				continue
			}
			v := s.vals[i]
			from := &pos[i]
			if v < 0 {
				from = &neg[i]
			}
			x := f.x(i) - width/2
			f.bar(w, x, width, *from, *from+v, color, cls, d.tooltip(d.labels[i], s.name, v), true)
			// A segment's value goes inside it, in white (every palette
			// colour gives white at least 4.5:1), when there is room.
			t := d.number(v)
			if math.Abs(f.y(*from)-f.y(*from+v)) >= valueSize+4 && textWidth(t, valueSize) <= width-4 {
				mid := f.y(*from + v/2)
				w.leaf("text", t, "class", "label value", "x", f1(f.x(i)), "y", f1(mid), "dy", "0.35em",
					"text-anchor", "middle", "font-size", f1(valueSize), "fill", "#ffffff")
				w.nl()
			}
			*from += v
		}
		w.close("g")
		w.nl()
	}
	// Totals above the columns, in bold as totals are everywhere in the
	// system, when every one of them fits.
	fits := true
	for i := range d.labels {
		if textWidth(d.number(pos[i]+neg[i]), valueSize) > f.band-4 {
			fits = false
		}
	}
	if !fits {
		return
	}
	w.open("g", "class", "totals", "font-weight", "bold")
	w.nl()
	for i := range d.labels {
		if !d.anyAt(i) {
			continue
		}
		total := pos[i] + neg[i]
		y := f.y(pos[i]) - 4
		if pos[i] == 0 && neg[i] < 0 {
			y = f.y(neg[i]) + valueSize + 2
		}
		w.open("text", "class", "label value total", "x", f1(f.x(i)), "y", f1(y),
			"text-anchor", "middle", "font-size", f1(valueSize), "fill", textColor)
		w.text(d.number(total))
		w.leaf("title", d.tooltip(d.labels[i], d.words.total, total))
		w.close("text")
		w.nl()
	}
	w.close("g")
	w.nl()
}

// anyAt reports whether any series has a value at label i.
func (d *data) anyAt(i int) bool {
	for _, s := range d.series {
		if s.ok[i] {
			return true
		}
	}
	return false
}
