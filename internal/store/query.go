package store

import (
	"context"
	"strconv"
	"strings"

	"tebdg/internal/domain"
)

// query builds one SQL statement with numbered placeholders ($1, $2 …),
// which both engines read, so filters can be added in any order.
type query struct {
	sb   strings.Builder
	args []any
}

// arg adds a parameter and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) add(parts ...string) *query {
	for _, p := range parts {
		q.sb.WriteString(p)
	}
	return q
}

func (q *query) String() string { return q.sb.String() }

// scope returns a condition on the path column pathCol that holds for the
// org units the scope reaches.
func (q *query) scope(pathCol string, sc domain.Scope) string {
	if sc.All {
		return "1=1"
	}
	if len(sc.Paths) == 0 {
		return "1=0"
	}
	conds := make([]string, len(sc.Paths))
	for i, p := range sc.Paths {
		conds[i] = pathCol + " LIKE " + q.arg(p+"%")
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// Page is a window on a list: 1-based page number and page size.
type Page struct {
	Number int
	Limit  int
	all    bool // AllRows: a download, bounded by MaxExport instead
}

// MaxLimit bounds a page so no request can ask for everything at once.
const MaxLimit = 500

// MaxExport bounds a downloaded list (every row of its filter, read in one
// query), an export and a map of records.
const MaxExport = 50000

// AllRows is the page a download reads: the whole filter, at most
// MaxExport rows. A request's own page and limit cannot make it.
func AllRows() Page { return Page{Number: 1, Limit: MaxExport, all: true} }

// Normalize fills defaults and clamps the values.
func (p Page) Normalize(def int) Page {
	if p.Limit <= 0 {
		p.Limit = def
	}
	if p.all {
		p.Limit = min(p.Limit, MaxExport)
	} else {
		p.Limit = min(p.Limit, MaxLimit)
	}
	if p.Number < 1 {
		p.Number = 1
	}
	return p
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Limit }

func (q *query) page(p Page) {
	q.add(" LIMIT ", q.arg(p.Limit), " OFFSET ", q.arg(p.Offset()))
}

// scanAll runs a query and scans every row with scan.
func scanAll[T any](ctx context.Context, db querier, stmt string, args []any, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	rows, err := db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer func() { _ = rows.Close() }()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}
