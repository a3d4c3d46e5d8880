package svgchart

import (
	"html/template"
	"math"
)

// HBars draws the first series as horizontal bars, one row per label, with
// the labels on the left: the shape for ranking org units, whose long names
// need the width a vertical chart cannot give them. Rows keep the order of
// Labels, so the caller sorts. A name is wrapped on two lines, and beyond
// that shortened with "…", the full name kept as its tooltip.
//
// The height follows the number of rows (Chart.Height only adds room), so
// forty units get forty readable rows rather than forty slivers.
func HBars(c Chart) template.HTML {
	d := prepare(c)
	if len(d.series) > 1 {
		d.series = d.series[:1]
	}
	if len(d.labels) == 0 || d.empty() {
		return d.emptyChart("hbars")
	}
	s := d.series[0]
	lo, hi := d.extent()
	lo, hi = min(lo, 0), max(hi, 0)

	// The label column takes what the longest name needs, up to 38 % of
	// the width.
	colW := 0.0
	for _, l := range d.labels {
		colW = max(colW, textWidth(l, labelSize))
	}
	colW = math.Min(colW, d.w*0.38)
	names := make([][]string, len(d.labels))
	cut := make([]bool, len(d.labels))
	lines := 1
	for i, l := range d.labels {
		names[i], cut[i] = wrap(l, colW, labelSize, 2)
		lines = max(lines, len(names[i]))
	}
	rowH := 26.0
	if lines > 1 {
		rowH = 38
	}

	// Values are written at the end of each bar, so the plot leaves room
	// for the longest on the side where it grows.
	posW, negW := 0.0, 0.0
	for i, ok := range s.ok {
		if !ok {
			continue
		}
		tw := textWidth(d.number(s.vals[i]), tickSize) + 6
		if s.vals[i] < 0 {
			negW = max(negW, tw)
		} else {
			posW = max(posW, tw)
		}
	}
	f := &frame{d: d, hd: d.layoutHeading(false)}
	f.top = f.hd.bottom + 6
	f.left = pad + colW + 10 + negW
	f.right = d.w - pad - posW

	// Fewer ticks when wide numbers (1.250.000.000) would collide along
	// the bottom axis.
	for n := 5; n >= 1; n-- {
		f.sc = niceScale(lo, hi, d.decimals, n)
		widest := 0.0
		f.ticks = f.ticks[:0]
		for i := 0; i <= f.sc.intervals(); i++ {
			t := formatNumber(f.sc.tick(i), f.sc.decimals, d.lang)
			f.ticks = append(f.ticks, t)
			widest = max(widest, textWidth(t, tickSize))
		}
		if widest+8 <= (f.right-f.left)/float64(f.sc.intervals()) {
			break
		}
	}

	const axisH = tickSize + 8 // tick labels under the plot
	unitH := 0.0
	if d.unit != "" {
		unitH = labelLine + 2
	}
	n := float64(len(d.labels))
	f.bottom = f.top + n*rowH
	f.h = f.bottom + axisH + unitH + pad
	if d.c.Height > 0 && float64(d.c.Height) > f.h {
		rowH = (float64(d.c.Height) - (f.h - n*rowH)) / n
		f.bottom = f.top + n*rowH
		f.h = float64(d.c.Height)
	}
	x := func(v float64) float64 { return f.left + f.sc.frac(v)*(f.right-f.left) }

	var w xw
	d.header(&w, "hbars", f.h)
	d.drawHeading(&w, f.hd, swatchBar)

	w.open("g", "class", "grid", "stroke", gridColor, "stroke-width", "1")
	w.nl()
	for i := 0; i <= f.sc.intervals(); i++ {
		gx := f1(x(f.sc.tick(i)))
		w.void("line", "x1", gx, "x2", gx, "y1", f1(f.top), "y2", f1(f.bottom))
	}
	w.nl()
	w.close("g")
	w.nl()
	w.open("g", "class", "axis", "font-size", f1(tickSize), "fill", mutedColor)
	w.nl()
	for i, t := range f.ticks {
		w.leaf("text", t, "x", f1(x(f.sc.tick(i))), "y", f1(f.bottom+tickSize+4), "text-anchor", "middle")
		w.nl()
	}
	w.close("g")
	w.nl()
	if d.unit != "" {
		w.leaf("text", d.words.unit+d.unit, "class", "label unit", "x", f1(f.right), "y", f1(f.bottom+axisH+labelLine-2),
			"text-anchor", "end", "fill", textColor)
		w.nl()
	}

	color, _, _ := style(0)
	w.open("g", "class", "series series-0")
	w.nl()
	for i := range d.labels {
		mid := f.top + (float64(i)+0.5)*rowH
		// The name, right-aligned against the bars.
		nameX := f1(pad + colW)
		top := mid - float64(len(names[i])-1)*labelLine/2
		w.open("text", "class", "label", "x", nameX, "y", f1(top), "dy", "0.35em", "text-anchor", "end", "fill", textColor)
		for j, line := range names[i] {
			if len(names[i]) == 1 {
				w.text(line)
				break
			}
			dy := "0.35em"
			if j > 0 {
				dy = f1(labelLine)
			}
			w.leaf("tspan", line, "x", nameX, "dy", dy)
		}
		if cut[i] {
			w.leaf("title", d.labels[i])
		}
		w.close("text")
		w.nl()
		if !s.ok[i] {
			// Words where the bar would start: an org unit that did not
			// report must not look like one that reported zero, and the
			// empty row has room to say so.
			w.leaf("text", "("+d.words.missing+")", "class", "label missing", "x", f1(x(0)+4), "y", f1(mid), "dy", "0.35em",
				"font-size", f1(tickSize), "font-style", "italic", "fill", mutedColor)
			w.nl()
			continue
		}
		v := s.vals[i]
		x0, x1 := x(0), x(v)
		thick := math.Min(rowH*0.6, 28)
		w.shape("rect", d.tooltip(d.labels[i], s.name, v), "class", "bar series-0",
			"x", f1(math.Min(x0, x1)), "y", f1(mid-thick/2), "width", f1(math.Abs(x1-x0)), "height", f1(thick), "fill", color)
		tx, anchor := x1+4, "start"
		if v < 0 {
			tx, anchor = x1-4, "end"
		}
		w.leaf("text", d.number(v), "class", "label value", "x", f1(tx), "y", f1(mid), "dy", "0.35em",
			"text-anchor", anchor, "font-size", f1(tickSize), "fill", textColor)
		w.nl()
	}
	w.close("g")
	w.nl()
	x0 := f1(x(0))
	w.void("line", "class", "axis baseline", "x1", x0, "x2", x0, "y1", f1(f.top), "y2", f1(f.bottom),
		"stroke", axisColor, "stroke-width", "1")
	w.nl()
	w.close("svg")
	return w.html()
}
