package store

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// The field registries. A record keeps its fields as JSON, and copies the
// ones lists, maps and indicators need into columns: its date, title, main
// choice, coordinates, and the numbers indicators add up.

const recordCols = `r.id, r.kind, r.org_id, o.code, o.name, o.path, r.status, r.on_date, r.title, r.lat, r.lon, r.data, r.version,
	COALESCE(NULLIF(u.full_name, ''), u.username, ''), r.updated_at`

const recordFrom = ` FROM registry_records r JOIN org_units o ON o.id = r.org_id LEFT JOIN users u ON u.id = r.created_by`

func scanRecord(row interface{ Scan(...any) error }) (domain.Record, error) {
	var r domain.Record
	var data string
	var updated int64
	err := row.Scan(&r.ID, &r.Kind, &r.OrgID, &r.OrgCode, &r.OrgName, &r.OrgPath, &r.Status, &r.Date, &r.Title, &r.Lat, &r.Lon, &data,
		&r.Version, &r.CreatedBy, &updated)
	if err != nil {
		return r, err
	}
	r.Updated = fromMicro(updated)
	r.Values = domain.RecordValues{}
	err = json.Unmarshal([]byte(data), &r.Values)
	return r, err
}

// RecordFilter chooses registry records.
type RecordFilter struct {
	Kind     domain.RegistryKind
	Scope    domain.Scope
	OrgPath  string
	Status   string
	Category string
	From, To string // by the registry's date
	Search   string
}

func (f RecordFilter) where(q *query) {
	q.add(" WHERE r.kind = ", q.arg(string(f.Kind)), " AND ", q.scope("o.path", f.Scope))
	if f.OrgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(f.OrgPath+"%"))
	}
	if f.Status != "" {
		q.add(" AND r.status = ", q.arg(f.Status))
	}
	if f.Category != "" {
		q.add(" AND r.category = ", q.arg(f.Category))
	}
	if f.From != "" {
		q.add(" AND r.on_date >= ", q.arg(f.From))
	}
	if f.To != "" {
		q.add(" AND r.on_date <= ", q.arg(f.To))
	}
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND r.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
}

// Records lists a registry's records, newest first; a zero page returns
// them all (for exports, bounded by MaxExport).
func (s *Store) Records(ctx context.Context, f RecordFilter, p Page) ([]domain.Record, int, error) {
	q := &query{}
	f.where(q)
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+recordFrom+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q.add(" ORDER BY r.on_date DESC, r.id DESC")
	if p.Limit == 0 && p.Number == 0 {
		q.add(" LIMIT ", q.arg(MaxExport))
	} else {
		q.page(p.Normalize(50))
	}
	out, err := scanAll(ctx, s.r, "SELECT "+recordCols+recordFrom+q.String(), q.args, scanRecord)
	return out, total, err
}

// Record returns one record of a registry.
func (s *Store) Record(ctx context.Context, kind domain.RegistryKind, id int64) (domain.Record, error) {
	r, err := scanRecord(s.r.QueryRowContext(ctx, "SELECT "+recordCols+recordFrom+" WHERE r.id = $1 AND r.kind = $2", id, string(kind)))
	return r, mapErr(err)
}

// RecordCounts counts each registry's records in a scope, by status.
func (s *Store) RecordCounts(ctx context.Context, sc domain.Scope) (map[domain.RegistryKind]map[string]int, error) {
	q := &query{}
	q.add("SELECT r.kind, r.status, COUNT(*) FROM registry_records r JOIN org_units o ON o.id = r.org_id WHERE ", q.scope("o.path", sc),
		" GROUP BY r.kind, r.status")
	type row struct {
		kind, status string
		n            int
	}
	rows, err := scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.kind, &x.status, &x.n)
	})
	out := map[domain.RegistryKind]map[string]int{}
	for _, r := range rows {
		k := domain.RegistryKind(r.kind)
		if out[k] == nil {
			out[k] = map[string]int{}
		}
		out[k][r.status] = r.n
	}
	return out, err
}

// recordColumns derives a record's columns from its values.
type recordColumns struct {
	date, title, category, search string
	lat, lon                      *float64
	measures                      map[string]int64
}

func columnsOf(reg domain.Registry, v domain.RecordValues) recordColumns {
	c := recordColumns{date: v[reg.Date], title: v[reg.Title], measures: map[string]int64{}}
	if reg.Category != "" {
		c.category = v[reg.Category]
	}
	var words []string
	for _, f := range reg.Fields {
		switch f.Type {
		case domain.FText, domain.FLong:
			words = append(words, v[f.Name])
		case domain.FPoint:
			if lat, lon, ok := splitPoint(v[f.Name]); ok {
				c.lat, c.lon = &lat, &lon
			}
		}
		if f.Measure != "" {
			c.measures[f.Measure] += v.Int(f.Name)
		}
	}
	c.measures[domain.MeasureTotal] = c.measures[domain.MeasureMale] + c.measures[domain.MeasureFemale]
	c.search = vntext.Fold(strings.Join(words, " "))
	return c
}

// splitPoint reads "lat, lon" as stored.
func splitPoint(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return lat, lon, err1 == nil && err2 == nil
}

// NewRecord is a record to save: its unit and checked values.
type NewRecord struct {
	Org    domain.OrgUnit
	Values domain.RecordValues
}

// SaveRecord adds a record (id 0) or changes one read at version, with any
// new photos. The values must have been checked (domain.CheckValues).
func (s *Store) SaveRecord(ctx context.Context, actor domain.Actor, reg domain.Registry, id int64, version int, in NewRecord, files []NewFile) (domain.Record, error) {
	if len(files) > 10 {
		return domain.Record{}, errs.Field("files", "tối đa 10 tệp mỗi lần", "at most 10 files at a time")
	}
	var out domain.Record
	err := s.audited(ctx, actor, func(c *change) error {
		var err error
		id, err = writeRecord(ctx, c, reg, id, version, in)
		if err != nil {
			return err
		}
		for _, f := range files {
			if _, err := putFile(ctx, c, "record", id, f); err != nil {
				return err
			}
		}
		out, err = scanRecord(c.tx.QueryRowContext(ctx, "SELECT "+recordCols+recordFrom+" WHERE r.id = $1", id))
		return err
	})
	return out, err
}

// writeRecord inserts or updates a record in a change, auditing it.
func writeRecord(ctx context.Context, c *change, reg domain.Registry, id int64, version int, in NewRecord) (int64, error) {
	data, err := json.Marshal(in.Values)
	if err != nil {
		return 0, err
	}
	col := columnsOf(reg, in.Values)
	m := col.measures
	args := []any{string(reg.Kind), in.Org.ID, col.date, col.title, col.category, col.lat, col.lon, m[domain.MeasureMale], m[domain.MeasureFemale],
		m[domain.MeasureTotal], m[domain.MeasureCount], m[domain.MeasureAmount], string(data), col.search, micro(c.at)}
	if id == 0 {
		args = append(args, reg.Initial(), nullIfZero(c.actor.UserID))
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO registry_records (kind, org_id, on_date, title, category, lat, lon, n_male, n_female,
			n_total, n_count, amount, data, search, created_at, updated_at, status, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17) RETURNING id`, args...).Scan(&id); err != nil {
			return 0, err
		}
		return id, c.record("record.create", string(reg.Kind), strconv.FormatInt(id, 10), refOf(in.Org), nil,
			map[string]any{"org": in.Org.Code, "values": in.Values})
	}
	old, err := scanRecord(c.tx.QueryRowContext(ctx, "SELECT "+recordCols+recordFrom+" WHERE r.id = $1 AND r.kind = $2", id, string(reg.Kind)))
	if err != nil {
		return 0, mapErr(err)
	}
	if old.Version != version {
		return 0, errs.ErrStale
	}
	if _, err := c.tx.ExecContext(ctx, `UPDATE registry_records SET kind = $1, org_id = $2, on_date = $3, title = $4, category = $5, lat = $6,
		lon = $7, n_male = $8, n_female = $9, n_total = $10, n_count = $11, amount = $12, data = $13, search = $14, updated_at = $15,
		version = version + 1 WHERE id = $16`, append(args, id)...); err != nil {
		return 0, err
	}
	return id, c.record("record.update", string(reg.Kind), strconv.FormatInt(id, 10), refOf(in.Org),
		map[string]any{"org": old.OrgCode, "values": old.Values}, map[string]any{"org": in.Org.Code, "values": in.Values})
}

// ImportRecords adds many checked records in one transaction: all of them
// or none.
func (s *Store) ImportRecords(ctx context.Context, actor domain.Actor, reg domain.Registry, rows []NewRecord, file string) (int, error) {
	err := s.audited(ctx, actor, func(c *change) error {
		for _, in := range rows {
			if _, err := writeRecord(ctx, c, reg, 0, 0, in); err != nil {
				return err
			}
		}
		return c.record("record.import", string(reg.Kind), file, orgRef{}, nil, map[string]any{"rows": len(rows), "file": file})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// MoveRecord takes a record to another state of its registry's workflow.
func (s *Store) MoveRecord(ctx context.Context, actor domain.Actor, reg domain.Registry, id int64, version int, to, note string) (domain.Record, error) {
	var out domain.Record
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := scanRecord(c.tx.QueryRowContext(ctx, "SELECT "+recordCols+recordFrom+" WHERE r.id = $1 AND r.kind = $2", id, string(reg.Kind)))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		from, _ := reg.Status(old.Status)
		target, ok := reg.Status(to)
		if !ok || !slices.Contains(from.Next, to) {
			return errs.New(errs.Conflict, "không chuyển được từ “"+from.Name+"” sang trạng thái này", "cannot move from “"+from.NameEN+"” to that state")
		}
		note = strings.TrimSpace(note)
		if len([]rune(note)) > domain.MaxCommentLen {
			return errs.Field("note", "ghi chú dài quá", "the note is too long")
		}
		done := any(nil)
		if target.Done {
			done = c.at.In(vntext.Location).Format("2006-01-02")
			var prev *string
			if err := c.tx.QueryRowContext(ctx, "SELECT done_on FROM registry_records WHERE id = $1", id).Scan(&prev); err == nil && prev != nil {
				done = *prev // verified after fixed: it was done when fixed
			}
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE registry_records SET status = $1, done_on = $2, version = version + 1, updated_at = $3 WHERE id = $4",
			to, done, micro(c.at), id); err != nil {
			return err
		}
		if out, err = scanRecord(c.tx.QueryRowContext(ctx, "SELECT "+recordCols+recordFrom+" WHERE r.id = $1", id)); err != nil {
			return err
		}
		return c.record("record.status", string(reg.Kind), strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode},
			map[string]any{"status": old.Status}, map[string]any{"status": to, "note": note})
	})
	return out, err
}

// DeleteRecord removes a record entered by mistake, with its entries and
// photos.
func (s *Store) DeleteRecord(ctx context.Context, actor domain.Actor, reg domain.Registry, id int64, version int) error {
	return s.audited(ctx, actor, func(c *change) error {
		old, err := scanRecord(c.tx.QueryRowContext(ctx, "SELECT "+recordCols+recordFrom+" WHERE r.id = $1 AND r.kind = $2", id, string(reg.Kind)))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM attachments WHERE owner_kind = 'record' AND owner_id = $1", id); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM registry_entries WHERE record_id = $1", id); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM registry_records WHERE id = $1", id); err != nil {
			return err
		}
		return c.record("record.delete", string(reg.Kind), strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode},
			map[string]any{"values": old.Values}, nil)
	})
}

// Entries lists a record's entries of every kind, by date.
func (s *Store) Entries(ctx context.Context, recordID int64) ([]domain.Entry, error) {
	return scanAll(ctx, s.r, `SELECT id, record_id, kind, on_date, data, updated_at FROM registry_entries WHERE record_id = $1
		ORDER BY on_date, id`, []any{recordID}, func(row interface{ Scan(...any) error }) (domain.Entry, error) {
		var e domain.Entry
		var data string
		var updated int64
		if err := row.Scan(&e.ID, &e.RecordID, &e.Kind, &e.Date, &data, &updated); err != nil {
			return e, err
		}
		e.Updated = fromMicro(updated)
		e.Values = domain.RecordValues{}
		return e, json.Unmarshal([]byte(data), &e.Values)
	})
}

// AddEntry adds a checked entry (a sign, a review) to a record.
func (s *Store) AddEntry(ctx context.Context, actor domain.Actor, reg domain.Registry, rec domain.Record, ek domain.EntryKind, v domain.RecordValues) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	date := ""
	for _, f := range ek.Fields {
		if f.Type == domain.FDate && date == "" {
			date = v[f.Name]
		}
	}
	var n int64
	if ek.Measure != "" {
		n = v.Int(ek.Measure)
	}
	return s.audited(ctx, actor, func(c *change) error {
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO registry_entries (record_id, kind, on_date, n_count, data, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, rec.ID, ek.Code, date, n, string(data), nullIfZero(actor.UserID),
			micro(c.at)).Scan(&id); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE registry_records SET updated_at = $1 WHERE id = $2", micro(c.at), rec.ID); err != nil {
			return err
		}
		return c.record("record.entry", string(reg.Kind), strconv.FormatInt(rec.ID, 10), orgRef{rec.OrgID, rec.OrgCode}, nil,
			map[string]any{"entry": ek.Code, "values": v})
	})
}

// DeleteEntry removes an entry of a record.
func (s *Store) DeleteEntry(ctx context.Context, actor domain.Actor, reg domain.Registry, rec domain.Record, entryID int64) error {
	return s.audited(ctx, actor, func(c *change) error {
		res, err := c.tx.ExecContext(ctx, "DELETE FROM registry_entries WHERE id = $1 AND record_id = $2", entryID, rec.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return c.record("record.entry_delete", string(reg.Kind), strconv.FormatInt(rec.ID, 10), orgRef{rec.OrgID, rec.OrgCode},
			map[string]any{"entry": entryID}, nil)
	})
}
