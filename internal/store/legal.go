package store

import (
	"context"
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// LegalKey is a document's identity in the registry: its folded type and
// number, or type and title for a law cited by name. "Nghị định số
// 130/2021/NĐ-CP" and "nghị định 130/2021/nđ-cp" are one document.
func LegalKey(typ, number, title string) string {
	t := strings.Join(strings.Fields(vntext.Fold(typ)), " ")
	if n := strings.Join(strings.Fields(vntext.Fold(number)), ""); n != "" {
		return t + "|" + n
	}
	return t + "|" + strings.Join(strings.Fields(vntext.Fold(title)), " ")
}

const legalCols = `d.id, d.doc_type, d.number, d.issuer, COALESCE(d.issued_on, ''), COALESCE(d.year, 0), d.title, d.status, d.link, d.version, d.updated_at, d.doc_key`

func scanLegal(row interface{ Scan(...any) error }) (domain.LegalDoc, error) {
	var d domain.LegalDoc
	var updated int64
	err := row.Scan(&d.ID, &d.Type, &d.Number, &d.Issuer, &d.Date, &d.Year, &d.Title, &d.Status, &d.Link, &d.Version, &updated, &d.Key)
	d.Updated = fromMicro(updated)
	return d, err
}

func legalSearch(d domain.LegalDoc) string {
	return vntext.Fold(d.Type + " " + d.Number + " " + d.Issuer + " " + d.Title)
}

// validateLegal cleans and checks a document's fields.
func validateLegal(d *domain.LegalDoc) error {
	d.Type, d.Number, d.Issuer, d.Title = domain.CleanText(d.Type), domain.CleanText(d.Number), domain.CleanText(d.Issuer), domain.CleanText(d.Title)
	d.Link = strings.TrimSpace(d.Link)
	var l errs.List
	if d.Type == "" {
		l = append(l, errs.Field("type", "chọn loại văn bản", "choose the kind of document"))
	}
	if d.Number == "" && d.Title == "" {
		l = append(l, errs.Field("number", "nhập số, ký hiệu hoặc tên văn bản", "enter the number and symbol, or the title"))
	}
	for _, f := range []struct{ name, v string }{{"type", d.Type}, {"number", d.Number}, {"issuer", d.Issuer}} {
		if e := domain.ValidateName(f.name, f.v, false); e != nil {
			l = append(l, e)
		}
	}
	if len([]rune(d.Title)) > domain.MaxTitleLen {
		l = append(l, errs.Fieldf("title", "trích yếu dài quá %d ký tự", "the title is longer than %d characters", domain.MaxTitleLen))
	}
	if d.Date != "" {
		if _, err := domain.ParseISODate(d.Date); err != nil {
			l = append(l, errs.Field("date", "ngày ban hành không hợp lệ", "not a valid date"))
		}
	}
	if d.Year != 0 && (d.Year < 1900 || d.Year > 2100) {
		l = append(l, errs.Field("year", "năm không hợp lệ", "not a valid year"))
	}
	if d.Link != "" && !strings.HasPrefix(d.Link, "https://") && !strings.HasPrefix(d.Link, "http://") || len(d.Link) > 1000 {
		l = append(l, errs.Field("link", "đường dẫn phải bắt đầu bằng http:// hoặc https://", "the link must start with http:// or https://"))
	}
	if d.Status == "" {
		d.Status = "unknown"
	}
	ok := false
	for _, s := range domain.LegalStatuses {
		ok = ok || s == d.Status
	}
	if !ok {
		l = append(l, errs.Field("status", "tình trạng hiệu lực không hợp lệ", "unknown status"))
	}
	return l.Err()
}

// ensureLegalDoc returns the registry row for d, adding it when unknown. A
// known document gains the date, issuer and title it lacked; nothing it has
// is overwritten by a citation.
func ensureLegalDoc(ctx context.Context, c *change, d domain.LegalDoc) (int64, error) {
	if err := validateLegal(&d); err != nil {
		return 0, err
	}
	key := LegalKey(d.Type, d.Number, d.Title)
	old, err := scanLegal(c.tx.QueryRowContext(ctx, "SELECT "+legalCols+" FROM legal_docs d WHERE d.doc_key = $1", key))
	if err == nil {
		upd := old
		if upd.Date == "" {
			upd.Date = d.Date
		}
		if upd.Issuer == "" {
			upd.Issuer = d.Issuer
		}
		if upd.Title == "" {
			upd.Title = d.Title
		}
		if upd.Year == 0 {
			upd.Year = d.Year
		}
		if upd != old {
			if err := writeLegal(ctx, c, old.ID, upd); err != nil {
				return 0, err
			}
			if err := c.record("legal.update", "legal_doc", key, orgRef{}, old, upd); err != nil {
				return 0, err
			}
		}
		return old.ID, nil
	}
	if !errs.Is(mapErr(err), errs.NotFound) {
		return 0, err
	}
	var id int64
	if err := c.tx.QueryRowContext(ctx, `INSERT INTO legal_docs
		(doc_key, doc_type, number, issuer, issued_on, year, title, status, link, search, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id`,
		key, d.Type, d.Number, d.Issuer, nullIfEmpty(d.Date), nullIfZero(d.Year), d.Title, d.Status, d.Link,
		legalSearch(d), micro(c.at)).Scan(&id); err != nil {
		return 0, err
	}
	d.Key = key
	d.ID = id
	if err := indexLegal(ctx, c, d); err != nil {
		return 0, err
	}
	return id, c.record("legal.create", "legal_doc", key, orgRef{}, nil, d)
}

func writeLegal(ctx context.Context, c *change, id int64, d domain.LegalDoc) error {
	d.ID = id
	if err := indexLegal(ctx, c, d); err != nil {
		return err
	}
	_, err := c.tx.ExecContext(ctx, `UPDATE legal_docs SET doc_type = $1, number = $2, issuer = $3, issued_on = $4, year = $5,
		title = $6, status = $7, link = $8, search = $9, version = version + 1, updated_at = $10 WHERE id = $11`,
		d.Type, d.Number, d.Issuer, nullIfEmpty(d.Date), nullIfZero(d.Year), d.Title, d.Status, d.Link, legalSearch(d), micro(c.at), id)
	return err
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullIfZero[T int | int64](n T) any {
	if n == 0 {
		return nil
	}
	return n
}

// CreateLegalDoc adds a document to the registry.
func (s *Store) CreateLegalDoc(ctx context.Context, actor domain.Actor, d domain.LegalDoc) (domain.LegalDoc, error) {
	if err := validateLegal(&d); err != nil {
		return d, err
	}
	var out domain.LegalDoc
	err := s.audited(ctx, actor, func(c *change) error {
		key := LegalKey(d.Type, d.Number, d.Title)
		var n int
		if err := c.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM legal_docs WHERE doc_key = $1", key).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.Field("number", "văn bản này đã có trong danh mục", "this document is already in the registry")
		}
		id, err := ensureLegalDoc(ctx, c, d)
		if err != nil {
			return err
		}
		out, err = scanLegal(c.tx.QueryRowContext(ctx, "SELECT "+legalCols+" FROM legal_docs d WHERE d.id = $1", id))
		return err
	})
	return out, err
}

// UpdateLegalDoc changes a document; version guards against lost edits.
func (s *Store) UpdateLegalDoc(ctx context.Context, actor domain.Actor, id int64, version int, d domain.LegalDoc) (domain.LegalDoc, error) {
	if err := validateLegal(&d); err != nil {
		return d, err
	}
	var out domain.LegalDoc
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := scanLegal(c.tx.QueryRowContext(ctx, "SELECT "+legalCols+" FROM legal_docs d WHERE d.id = $1", id))
		if err != nil {
			return err
		}
		if old.Version != version {
			return errs.ErrStale
		}
		key := LegalKey(d.Type, d.Number, d.Title)
		if key != old.Key {
			var n int
			if err := c.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM legal_docs WHERE doc_key = $1", key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errs.Field("number", "đã có văn bản khác với số, ký hiệu này", "another document has this number")
			}
		}
		if err := writeLegal(ctx, c, id, d); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE legal_docs SET doc_key = $1 WHERE id = $2", key, id); err != nil {
			return err
		}
		out, err = scanLegal(c.tx.QueryRowContext(ctx, "SELECT "+legalCols+" FROM legal_docs d WHERE d.id = $1", id))
		if err != nil {
			return err
		}
		return c.record("legal.update", "legal_doc", key, orgRef{}, old, out)
	})
	return out, err
}

// LegalDoc returns one document.
func (s *Store) LegalDoc(ctx context.Context, id int64) (domain.LegalDoc, error) {
	d, err := scanLegal(s.r.QueryRowContext(ctx, "SELECT "+legalCols+" FROM legal_docs d WHERE d.id = $1", id))
	return d, mapErr(err)
}

// LegalFilter narrows the registry list.
type LegalFilter struct {
	Search string
	Type   string
}

// LegalDocs lists the registry, newest first, with how many plans cite each.
func (s *Store) LegalDocs(ctx context.Context, f LegalFilter, p Page) ([]domain.LegalDoc, int, error) {
	q := &query{}
	q.add(" FROM legal_docs d WHERE 1=1")
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND d.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
	if f.Type != "" {
		q.add(" AND d.doc_type = ", q.arg(f.Type))
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q.add(" ORDER BY COALESCE(d.issued_on, '') DESC, d.doc_type, d.number")
	q.page(p.Normalize(50))
	docs, err := scanAll(ctx, s.r, "SELECT "+legalCols+", (SELECT COUNT(DISTINCT r.plan_id) FROM plan_refs r WHERE r.legal_doc_id = d.id)"+q.String(), q.args,
		func(row interface{ Scan(...any) error }) (domain.LegalDoc, error) {
			var d domain.LegalDoc
			var updated int64
			err := row.Scan(&d.ID, &d.Type, &d.Number, &d.Issuer, &d.Date, &d.Year, &d.Title, &d.Status, &d.Link, &d.Version, &updated, &d.Key, &d.Citing)
			d.Updated = fromMicro(updated)
			return d, err
		})
	return docs, total, err
}

// LegalDocTypes lists the document types in use, for filters.
func (s *Store) LegalDocTypes(ctx context.Context) ([]string, error) {
	return scanAll(ctx, s.r, "SELECT DISTINCT doc_type FROM legal_docs ORDER BY doc_type", nil,
		func(row interface{ Scan(...any) error }) (string, error) {
			var t string
			return t, row.Scan(&t)
		})
}

// PlansCiting lists the plans in the scope that cite a document.
func (s *Store) PlansCiting(ctx context.Context, sc domain.Scope, docID int64) ([]domain.Plan, error) {
	q := &query{}
	q.add(planFrom, " WHERE p.id IN (SELECT plan_id FROM plan_refs WHERE legal_doc_id = ", q.arg(docID), ") AND ", q.scope("o.path", sc),
		" ORDER BY p.year_from DESC, p.id DESC")
	return scanAll(ctx, s.r, "SELECT "+planCols+q.String(), q.args, scanPlan)
}

// indexLegal puts a document in the portal's search index, under the
// documents category.
func indexLegal(ctx context.Context, c *change, d domain.LegalDoc) error {
	title := d.Name()
	if d.Number != "" && d.Title != "" {
		title += " " + d.Title
	}
	return indexDoc(ctx, c.tx, c.dialect, SearchDoc{Kind: DocDocument, Ref: strconv.FormatInt(d.ID, 10), Category: "van-ban", Day: d.Date,
		Title: title, Body: strings.Join([]string{d.Type, d.Number, d.Issuer, d.Title}, "\n")})
}
