package svgchart

import "html/template"

// Table writes the chart's data as an HTML table, to sit beside the chart
// (or in a <details> under it) for readers who cannot see the chart, want
// exact figures, or print. Rows are the labels, each a row header; columns
// are the series, headed with their name and unit; numbers carry
// class="num" so the stylesheet right-aligns them (inline styles are
// forbidden by the Content-Security-Policy). A stacked chart gets a total
// column, in bold. A missing value shows as "–", explained on hover.
func Table(c Chart) template.HTML {
	d := prepare(c)
	var w xw
	w.open("table", "class", "data chart-table")
	w.nl()
	caption := d.title
	if caption == "" {
		caption = d.words.table
	}
	w.leaf("caption", caption)
	w.nl()
	if len(d.labels) == 0 || len(d.series) == 0 {
		w.open("tbody")
		w.open("tr")
		w.leaf("td", d.words.noData)
		w.close("tr")
		w.close("tbody")
		w.nl()
		w.close("table")
		return w.html()
	}
	unit := ""
	if d.unit != "" {
		unit = " (" + d.unit + ")"
	}
	total := c.Stacked && len(d.series) > 1
	w.open("thead")
	w.open("tr")
	w.void("td")
	for _, s := range d.series {
		name := s.name
		if name == "" {
			name = d.words.value
		}
		w.leaf("th", name+unit, "scope", "col", "class", "num")
	}
	if total {
		w.leaf("th", d.words.total+unit, "scope", "col", "class", "num total")
	}
	w.close("tr")
	w.close("thead")
	w.nl()
	w.open("tbody")
	w.nl()
	for i, l := range d.labels {
		w.open("tr")
		w.leaf("th", l, "scope", "row")
		sum, any := 0.0, false
		for _, s := range d.series {
			if !s.ok[i] {
				d.missingCell(&w, "num missing")
				continue
			}
			sum, any = sum+s.vals[i], true
			w.leaf("td", d.number(s.vals[i]), "class", "num")
		}
		if total {
			if any {
				w.open("td", "class", "num total")
				w.leaf("strong", d.number(sum))
				w.close("td")
			} else {
				d.missingCell(&w, "num total missing")
			}
		}
		w.close("tr")
		w.nl()
	}
	w.close("tbody")
	w.nl()
	w.close("table")
	return w.html()
}

// missingCell writes a dash, the convention of printed Vietnamese reports,
// with the words behind it in an <abbr> title for hover and for screen
// readers that announce titles. (aria-label is not allowed on <abbr>, and a
// visually hidden span would depend on a class the stylesheet may lack.)
func (d *data) missingCell(w *xw, class string) {
	w.open("td", "class", class)
	w.leaf("abbr", "–", "title", d.words.missing)
	w.close("td")
}
