package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/tablefile"
)

// Every list page can be downloaded: the same handler, asked with
// ?format=xlsx or ?format=csv, loads the rows exactly as for the page (the
// same filters and the same checks of who may see what), all of them
// rather than one page, and sends them through SendTable instead of
// rendering.

// TableFormat is the file a request asks for: "" for the page itself,
// "xlsx" or "csv", or an error for any other format.
func TableFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "xlsx", "csv":
		return f, nil
	}
	return "", errs.Field("format", "định dạng phải là xlsx hoặc csv", "format must be xlsx or csv")
}

// Downloading reports whether the request asks for the list as a file.
func Downloading(r *http.Request) bool { return r.URL.Query().Get("format") != "" }

// ListPage is the page of a list a request reads: every row of the filter,
// up to store.MaxExport, for a download; else the page PageOf reads.
func ListPage(r *http.Request, def int) store.Page {
	if Downloading(r) {
		return store.AllRows()
	}
	return PageOf(r, def)
}

// SendTable answers with t as the file the request asks for, named
// name-YYYY-MM-DD (name is ASCII: "hoat-dong"), headers in the user's
// language. Lists may hold personal data, so nothing keeps a copy.
func (s *Server) SendTable(w http.ResponseWriter, r *http.Request, name string, t tablefile.Table) {
	format, err := TableFormat(r)
	if err == nil && format == "" {
		err = errs.Field("format", "chọn định dạng xlsx hoặc csv", "choose the xlsx or csv format")
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	lang := State(r).Lang
	h := w.Header()
	if format == "csv" {
		err = tablefile.CSV(&buf, t, lang)
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		err = tablefile.XLSX(&buf, t, lang)
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		h.Del("Content-Type")
		s.Fail(w, r, errs.Wrap(err, "table export"))
		return
	}
	h.Set("Content-Disposition", `attachment; filename="`+name+"-"+s.Today()+"."+format+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// DownloadURL is the page's own address asking for its list as format,
// with the filters it shows and without its page number.
func (p *Page) DownloadURL(format string) string {
	u, err := url.Parse(p.Path)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Del("page")
	q.Del("limit")
	q.Set("format", format)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}
