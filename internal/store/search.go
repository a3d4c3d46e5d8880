package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/search"
)

// The portal's search index. Every searchable thing (a published post, a
// legal document, a directory service) has one row in search_docs with its
// original title and text; each engine keeps its own full-text index over
// the same words, folded and split by package search, so SQLite (FTS5) and
// PostgreSQL (tsvector) find exactly the same rows. Ranking is done in Go
// over the candidates both engines return in the same order, so the order
// agrees as well.

// Kinds of search document.
const (
	DocPost     = "post"
	DocDocument = "document"
	DocService  = "service"
)

// SearchDoc is one entry of the index.
type SearchDoc struct {
	Kind     string
	Ref      string
	Category string
	Day      string // YYYY-MM-DD, for date filters and ordering; may be empty
	Title    string
	Body     string // plain text
}

// Ids in the index grow with the day: the day's number since 1900 in the
// high bits, a counter in the low ones. Newest first is then id order and
// a date range an id range, which FTS5 walks straight from its index (and
// PostgreSQL from its primary key) without sorting every match: a search
// for words in most of 100,000 posts stays a few milliseconds.
const daySlot = 1 << 22

var searchEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// dayBase is the first id of a day; an empty or unreadable day is 0.
func dayBase(day string) int64 {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil || t.Before(searchEpoch) {
		return 0
	}
	return int64(t.Sub(searchEpoch).Hours()/24) * daySlot
}

// facets are the kind and category as words of their own for FTS5 (which
// then filters inside its index); hyphens would split them.
func facets(kind, category string) string {
	return "k" + kind + " c" + strings.ReplaceAll(category, "-", "")
}

// index adds or replaces doc in the index, inside tx.
func (s *Store) index(ctx context.Context, tx *sql.Tx, d SearchDoc) error {
	return indexDoc(ctx, tx, s.dialect, d)
}

func indexDoc(ctx context.Context, tx *sql.Tx, dialect Dialect, d SearchDoc) error {
	if err := unindexDoc(ctx, tx, dialect, d.Kind, d.Ref); err != nil {
		return err
	}
	title, body := search.Index(d.Title), search.Index(d.Body)
	// Writers are serialised (one SQLite writer; on PostgreSQL every
	// audited change first locks the audit head), so the next id of a day
	// is taken without a race.
	base := dayBase(d.Day)
	var id int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id) + 1, $1) FROM search_docs WHERE id >= $1 AND id < $2", base, base+daySlot).Scan(&id); err != nil {
		return err
	}
	if id >= base+daySlot {
		return errs.New(errs.Conflict, "quá nhiều mục tìm kiếm trong một ngày", "too many search entries on one day")
	}
	if dialect == Postgres {
		_, err := tx.ExecContext(ctx, `INSERT INTO search_docs (id, kind, ref, category, day, title, body, tsv, title_tsv)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::tsvector, $9::tsvector)`, id, d.Kind, d.Ref, d.Category, d.Day, d.Title, d.Body,
			tsvector(title, body), tsvector(title, ""))
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (id, kind, ref, category, day, title, body) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, d.Kind, d.Ref, d.Category, d.Day, d.Title, d.Body); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO search_fts (rowid, title, body, facets) VALUES ($1, $2, $3, $4)", id, title, body, facets(d.Kind, d.Category))
	return err
}

// unindex removes a thing from the index, if it is there.
func (s *Store) unindex(ctx context.Context, tx *sql.Tx, kind, ref string) error {
	return unindexDoc(ctx, tx, s.dialect, kind, ref)
}

func unindexDoc(ctx context.Context, tx *sql.Tx, dialect Dialect, kind, ref string) error {
	if dialect == SQLite {
		if _, err := tx.ExecContext(ctx, "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = $1 AND ref = $2)", kind, ref); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM search_docs WHERE kind = $1 AND ref = $2", kind, ref)
	return err
}

// SearchFilter narrows a search.
type SearchFilter struct {
	Query    search.Query
	Kind     string // post, document or service; "" for all
	Category string // a post category
	From, To string // YYYY-MM-DD, inclusive; "" for open
	ByDate   bool   // newest first instead of by relevance
}

// Relevance is ranked in Go among the newest matches: MaxRanked of them,
// and the newest titleCandidates whose title matches (a title match is the
// strongest sign of relevance, so an old post named for the words still
// ranks). A search matching more can be read in date order to the end.
const (
	MaxRanked       = 200
	titleCandidates = 50
)

// MaxCount is the most matches a search counts; Search reports MaxCount
// for more.
const MaxCount = 1000

// searchWhere adds the match and the filters. Everything is decided by
// the id (its day) and the full-text index, so no row outside the index
// is read to count or to order.
func (s *Store) searchWhere(q *query, f SearchFilter, titleOnly bool) {
	lo, hi := int64(0), int64(1)<<62
	if f.From != "" {
		lo = dayBase(f.From)
	}
	if f.To != "" {
		hi = dayBase(f.To) + daySlot - 1
	}
	if f.From != "" || f.To != "" {
		lo = max(lo, daySlot) // things without a day have none in range
	}
	if s.dialect == Postgres {
		tsq, col := f.Query.TSQuery(), "d.tsv"
		if titleOnly {
			col = "d.title_tsv"
		}
		// The words and bounds are written into the statement, not
		// passed as parameters: only then does the planner see how common
		// the words are and choose between walking the newest rows (common
		// words) and reading the full-text index (rare ones). A generic
		// plan guessed wrong by a hundred times. The text is safe to
		// inline: folded letters and digits, quoted by sqlString.
		q.add(" FROM search_docs d WHERE ", col, " @@ to_tsquery('simple', ", sqlString(tsq), ")")
		if f.Kind != "" {
			q.add(" AND d.kind = ", q.arg(f.Kind))
		}
		if f.Category != "" {
			q.add(" AND d.category = ", q.arg(f.Category))
		}
		q.add(" AND d.id BETWEEN ", strconv.FormatInt(lo, 10), " AND ", strconv.FormatInt(hi, 10))
		return
	}
	cols := "{title body}"
	if titleOnly {
		cols = "title"
	}
	m := cols + " : (" + f.Query.FTS5() + ")"
	if f.Kind != "" {
		m += ` AND facets : "k` + strings.ReplaceAll(f.Kind, `"`, "") + `"`
	}
	if f.Category != "" {
		m += ` AND facets : "c` + strings.ReplaceAll(strings.ReplaceAll(f.Category, "-", ""), `"`, "") + `"`
	}
	q.add(" FROM search_fts d WHERE search_fts MATCH ", q.arg(m), " AND d.rowid BETWEEN ", q.arg(lo), " AND ", q.arg(hi))
}

// Search returns one page of hits for f and how many match in all.
func (s *Store) Search(ctx context.Context, f SearchFilter, pg Page) ([]domain.SearchHit, int, error) {
	pg = pg.Normalize(20)
	if f.Query.Empty() {
		return nil, 0, nil
	}
	idCol := "d.rowid"
	if s.dialect == Postgres {
		idCol = "d.id"
	}
	// Counting stops at MaxCount: past it a number helps no reader, and
	// counting every one of 100,000 matches of "trẻ em" would cost more
	// than the search.
	count := &query{}
	count.add("SELECT COUNT(*) FROM (SELECT 1")
	s.searchWhere(count, f, false)
	count.add(" LIMIT ", strconv.Itoa(MaxCount), ") x")
	var total int
	if err := s.r.QueryRowContext(ctx, count.String(), count.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	ids := func(titleOnly bool, limit, offset int) ([]int64, error) {
		q := &query{}
		q.add("SELECT ", idCol)
		s.searchWhere(q, f, titleOnly)
		q.add(" ORDER BY ", idCol, " DESC LIMIT ", strconv.Itoa(limit), " OFFSET ", strconv.Itoa(offset))
		return scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		})
	}
	if f.ByDate {
		list, err := ids(false, pg.Limit, pg.Offset())
		if err != nil {
			return nil, 0, mapErr(err)
		}
		hits, err := s.searchRows(ctx, list)
		return hits, total, err
	}
	// By relevance: the candidates, scored in Go.
	titled, err := ids(true, titleCandidates, 0)
	if err != nil {
		return nil, 0, mapErr(err)
	}
	newest, err := ids(false, MaxRanked, 0)
	if err != nil {
		return nil, 0, mapErr(err)
	}
	cands, err := s.searchRows(ctx, append(titled, newest...))
	if err != nil {
		return nil, 0, err
	}
	for i := range cands {
		cands[i].Score = search.Score(f.Query, cands[i].Title, cands[i].Body)
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		switch {
		case a.Score != b.Score:
			return a.Score > b.Score
		case a.Day != b.Day:
			return a.Day > b.Day
		case a.Kind != b.Kind:
			return a.Kind < b.Kind
		}
		return a.Ref < b.Ref
	})
	if len(cands) > MaxRanked {
		cands = cands[:MaxRanked]
	}
	lo := min(pg.Offset(), len(cands))
	hi := min(lo+pg.Limit, len(cands))
	return cands[lo:hi], total, nil
}

// searchRows reads the entries with the given ids, in that order, each
// once.
func (s *Store) searchRows(ctx context.Context, ids []int64) ([]domain.SearchHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := &query{}
	q.add("SELECT id, kind, ref, category, day, title, body FROM search_docs WHERE id IN (", inList(q, ids), ")")
	byID := map[int64]domain.SearchHit{}
	rows, err := scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (struct {
		id int64
		h  domain.SearchHit
	}, error) {
		var x struct {
			id int64
			h  domain.SearchHit
		}
		return x, r.Scan(&x.id, &x.h.Kind, &x.h.Ref, &x.h.Category, &x.h.Day, &x.h.Title, &x.h.Body)
	})
	if err != nil {
		return nil, mapErr(err)
	}
	for _, r := range rows {
		byID[r.id] = r.h
	}
	out := make([]domain.SearchHit, 0, len(ids))
	seen := map[int64]bool{}
	for _, id := range ids {
		if h, ok := byID[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, h)
		}
	}
	return out, nil
}

// SearchIndexSize is how many things the index holds, by kind.
func (s *Store) SearchIndexSize(ctx context.Context) (map[string]int, error) {
	type row struct {
		kind string
		n    int
	}
	rows, err := scanAll(ctx, s.r, "SELECT kind, COUNT(*) FROM search_docs GROUP BY kind", nil, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.kind, &x.n)
	})
	out := map[string]int{}
	for _, r := range rows {
		out[r.kind] = r.n
	}
	return out, err
}

// IndexDocs adds or replaces many entries in one transaction: a restore,
// or an import of an agency's old news.
func (s *Store) IndexDocs(ctx context.Context, docs []SearchDoc) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			if err := s.index(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && len(docs) >= 1000 {
		s.tidySearchIndex(ctx)
	}
	return err
}

// tidySearchIndex refreshes PostgreSQL's statistics and visibility map
// after many rows arrived at once, as autovacuum would later: the planner
// then knows how common each word is, and chooses between walking the
// newest rows and reading the full-text index accordingly.
func (s *Store) tidySearchIndex(ctx context.Context) {
	if s.dialect != Postgres {
		return
	}
	if _, err := s.w.ExecContext(ctx, "VACUUM (ANALYZE) search_docs"); err != nil {
		s.log.Warn("vacuum search_docs", "err", err)
	}
}

// tsvector writes PostgreSQL's vector for a title and body already folded
// and split by package search: each word with its positions, the title's
// weighted A. Writing it here rather than with to_tsvector keeps
// PostgreSQL's parser out of it, and leaves a gap between title and body
// so a phrase never runs from one into the other (FTS5 keeps them in two
// columns). PostgreSQL keeps positions up to 16383 and 256 per word; a
// phrase past them in a very long text may match differently there.
func tsvector(title, body string) string {
	type entry struct{ pos []string }
	words := map[string]*entry{}
	var order []string
	pos := 0
	add := func(text string, titled bool) {
		for _, w := range strings.Fields(text) {
			pos++
			e := words[w]
			if e == nil {
				e = &entry{}
				words[w] = e
				order = append(order, w)
			}
			if len(e.pos) < 256 && pos <= 16383 {
				p := strconv.Itoa(pos)
				if titled {
					p += "A"
				}
				e.pos = append(e.pos, p)
			}
		}
	}
	add(title, true)
	pos++ // the gap
	add(body, false)
	var b strings.Builder
	for i, w := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + strings.ReplaceAll(strings.ReplaceAll(w, `\`, `\\`), "'", "''") + "'")
		if e := words[w]; len(e.pos) > 0 {
			b.WriteString(":" + strings.Join(e.pos, ","))
		}
	}
	return b.String()
}

// sqlString quotes a text as an SQL string literal (standard conforming
// strings, PostgreSQL's default since 9.1): quotes doubled, and a NUL,
// which no literal can hold, removed.
func sqlString(v string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(v, "\x00", ""), "'", "''") + "'"
}
