package store

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/gifts"
)

// Staff children and the gift rounds that reach them. These are children's
// personal data: the web layer lets only the managers of the staff
// member's unit and a round's organisers read names, and every list they
// open is written to the audit trail (AuditView).

const childCols = `c.id, c.org_id, o.code, o.name, o.path, c.staff_name, c.child_name, c.birth_date, c.sex, c.special, c.special_note,
	c.achievement, c.version`

func scanChild(row interface{ Scan(...any) error }) (domain.StaffChild, error) {
	var c domain.StaffChild
	err := row.Scan(&c.ID, &c.OrgID, &c.OrgCode, &c.OrgName, &c.OrgPath, &c.Staff, &c.Name, &c.Birth, &c.Sex, &c.Special, &c.SpecialNote,
		&c.Achievement, &c.Version)
	return c, err
}

// StaffChildren lists the children whose parents work in the scope, by
// unit and name.
func (s *Store) StaffChildren(ctx context.Context, sc domain.Scope, orgPath string) ([]domain.StaffChild, error) {
	q := &query{}
	q.add("SELECT ", childCols, " FROM staff_children c JOIN org_units o ON o.id = c.org_id WHERE ", q.scope("o.path", sc))
	if orgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(orgPath+"%"))
	}
	q.add(" ORDER BY o.path, c.staff_name, c.birth_date")
	return scanAll(ctx, s.r, q.String(), q.args, scanChild)
}

// StaffChildByID returns one child.
func (s *Store) StaffChildByID(ctx context.Context, id int64) (domain.StaffChild, error) {
	c, err := scanChild(s.r.QueryRowContext(ctx, "SELECT "+childCols+" FROM staff_children c JOIN org_units o ON o.id = c.org_id WHERE c.id = $1", id))
	return c, mapErr(err)
}

// childAudit is what the trail keeps of a child: enough to know which
// record changed, not the personal data itself.
func childAudit(c domain.StaffChild) map[string]any {
	return map[string]any{"id": c.ID, "org": c.OrgCode, "birth_year": strings.SplitN(c.Birth, "-", 2)[0]}
}

// SaveStaffChild adds (id 0) or changes a child's record.
func (s *Store) SaveStaffChild(ctx context.Context, actor domain.Actor, id int64, version int, org domain.OrgUnit, ch domain.StaffChild) (domain.StaffChild, error) {
	if err := ch.Validate(s.now()); err != nil {
		return ch, err
	}
	var out domain.StaffChild
	err := s.audited(ctx, actor, func(c *change) error {
		args := []any{org.ID, ch.Staff, ch.Name, ch.Birth, ch.Sex, ch.Special, ch.SpecialNote, ch.Achievement, micro(c.at)}
		action := "child.create"
		if id == 0 {
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO staff_children (org_id, staff_name, child_name, birth_date, sex, special, special_note,
				achievement, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`, args...).Scan(&id); err != nil {
				return err
			}
		} else {
			action = "child.update"
			var v int
			if err := c.tx.QueryRowContext(ctx, "SELECT version FROM staff_children WHERE id = $1", id).Scan(&v); err != nil {
				return mapErr(err)
			}
			if v != version {
				return errs.ErrStale
			}
			if _, err := c.tx.ExecContext(ctx, `UPDATE staff_children SET org_id = $1, staff_name = $2, child_name = $3, birth_date = $4, sex = $5,
				special = $6, special_note = $7, achievement = $8, updated_at = $9, version = version + 1 WHERE id = $10`, append(args, id)...); err != nil {
				return err
			}
		}
		var err error
		if out, err = scanChild(c.tx.QueryRowContext(ctx, "SELECT "+childCols+" FROM staff_children c JOIN org_units o ON o.id = c.org_id WHERE c.id = $1", id)); err != nil {
			return err
		}
		return c.record(action, "staff_child", strconv.FormatInt(id, 10), refOf(org), nil, childAudit(out))
	})
	return out, err
}

// DeleteStaffChild removes a child's record (the family left, or an error).
func (s *Store) DeleteStaffChild(ctx context.Context, actor domain.Actor, ch domain.StaffChild) error {
	return s.audited(ctx, actor, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM staff_children WHERE id = $1", ch.ID); err != nil {
			return err
		}
		return c.record("child.delete", "staff_child", strconv.FormatInt(ch.ID, 10), orgRef{ch.OrgID, ch.OrgCode}, childAudit(ch), nil)
	})
}

// AuditView writes to the trail that someone opened personal data.
func (s *Store) AuditView(ctx context.Context, actor domain.Actor, action, entity, id string, org domain.OrgUnit, what map[string]any) error {
	return s.audited(ctx, actor, func(c *change) error {
		return c.record(action, entity, id, refOf(org), nil, what)
	})
}

const roundCols = `g.id, g.org_id, o.code, o.name, o.path, g.name, g.spec, g.year, g.round_on, g.gift_value, g.note, g.status, g.version`

func scanRound(row interface{ Scan(...any) error }) (domain.GiftRound, error) {
	var g domain.GiftRound
	err := row.Scan(&g.ID, &g.OrgID, &g.OrgCode, &g.OrgName, &g.OrgPath, &g.Name, &g.Spec, &g.Year, &g.Date, &g.GiftValue, &g.Note, &g.Status, &g.Version)
	return g, err
}

// GiftRounds lists the rounds organised in the scope, newest first.
func (s *Store) GiftRounds(ctx context.Context, sc domain.Scope) ([]domain.GiftRound, error) {
	q := &query{}
	q.add("SELECT ", roundCols, " FROM gift_rounds g JOIN org_units o ON o.id = g.org_id WHERE ", q.scope("o.path", sc), " ORDER BY g.round_on DESC, g.id DESC")
	return scanAll(ctx, s.r, q.String(), q.args, scanRound)
}

// GiftRoundByID returns one round.
func (s *Store) GiftRoundByID(ctx context.Context, id int64) (domain.GiftRound, error) {
	g, err := scanRound(s.r.QueryRowContext(ctx, "SELECT "+roundCols+" FROM gift_rounds g JOIN org_units o ON o.id = g.org_id WHERE g.id = $1", id))
	return g, mapErr(err)
}

// SaveGiftRound adds a round (id 0) or changes one; its date is computed
// from the spec and the year (a lunar date with Vietnam's calendar).
func (s *Store) SaveGiftRound(ctx context.Context, actor domain.Actor, id int64, version int, org domain.OrgUnit, g domain.GiftRound) (domain.GiftRound, error) {
	g.Name, g.Note, g.Spec = domain.CleanText(g.Name), strings.TrimSpace(g.Note), strings.TrimSpace(g.Spec)
	var l errs.List
	if g.Name == "" || utf8.RuneCountInString(g.Name) > 200 {
		l = append(l, errs.Field("name", "nhập tên đợt tặng quà (tối đa 200 ký tự)", "enter the round's name (up to 200 characters)"))
	}
	if g.Year < 2000 || g.Year > 2100 {
		l = append(l, errs.Field("year", "năm không hợp lệ", "not a valid year"))
	} else if day, err := gifts.RoundDate(g.Spec, g.Year); err != nil {
		l = append(l, errs.Field("spec", "ngày tặng quà ghi như 1/6 hoặc 15/8 âm lịch", "write the date like 1/6 or 15/8 âm lịch"))
	} else {
		g.Date = day.Format(time.DateOnly)
	}
	if g.GiftValue < 0 || g.GiftValue > 100_000_000 {
		l = append(l, errs.Field("gift_value", "giá trị quà không hợp lệ", "not a valid gift value"))
	}
	if g.Status == "" {
		g.Status = "open"
	}
	if g.Status != "open" && g.Status != "closed" {
		l = append(l, errs.Field("status", "trạng thái không hợp lệ", "unknown state"))
	}
	if err := l.Err(); err != nil {
		return g, err
	}
	var out domain.GiftRound
	err := s.audited(ctx, actor, func(c *change) error {
		args := []any{org.ID, g.Name, g.Spec, g.Year, g.Date, g.GiftValue, g.Note, g.Status, micro(c.at)}
		action := "giftround.create"
		if id == 0 {
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO gift_rounds (org_id, name, spec, year, round_on, gift_value, note, status, created_at,
				updated_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id`,
				append(args, nullIfZero(actor.UserID))...).Scan(&id); err != nil {
				return err
			}
		} else {
			action = "giftround.update"
			var v int
			if err := c.tx.QueryRowContext(ctx, "SELECT version FROM gift_rounds WHERE id = $1", id).Scan(&v); err != nil {
				return mapErr(err)
			}
			if v != version {
				return errs.ErrStale
			}
			if _, err := c.tx.ExecContext(ctx, `UPDATE gift_rounds SET org_id = $1, name = $2, spec = $3, year = $4, round_on = $5, gift_value = $6,
				note = $7, status = $8, updated_at = $9, version = version + 1 WHERE id = $10`, append(args, id)...); err != nil {
				return err
			}
		}
		var err error
		if out, err = scanRound(c.tx.QueryRowContext(ctx, "SELECT "+roundCols+" FROM gift_rounds g JOIN org_units o ON o.id = g.org_id WHERE g.id = $1", id)); err != nil {
			return err
		}
		return c.record(action, "gift_round", strconv.FormatInt(id, 10), refOf(org), nil,
			map[string]any{"name": out.Name, "date": out.Date, "status": out.Status, "gift_value": out.GiftValue})
	})
	return out, err
}

// Recipients lists the children of staff in the round's subtree with
// their eligibility on the round's date, eligible ones first.
func (s *Store) Recipients(ctx context.Context, g domain.GiftRound) ([]domain.Recipient, error) {
	children, err := s.StaffChildren(ctx, domain.Scope{Paths: []string{g.OrgPath}}, "")
	if err != nil {
		return nil, err
	}
	type mark struct {
		child         int64
		priority      bool
		reason, given string
	}
	marks, err := scanAll(ctx, s.r, "SELECT child_id, priority, priority_reason, COALESCE(given_on, '') FROM gift_recipients WHERE round_id = $1",
		[]any{g.ID}, func(r interface{ Scan(...any) error }) (mark, error) {
			var m mark
			return m, r.Scan(&m.child, &m.priority, &m.reason, &m.given)
		})
	if err != nil {
		return nil, err
	}
	byChild := map[int64]mark{}
	for _, m := range marks {
		byChild[m.child] = m
	}
	day, _ := time.Parse(time.DateOnly, g.Date)
	var eligible, others []domain.Recipient
	for _, c := range children {
		b, _ := time.Parse(time.DateOnly, c.Birth)
		r := domain.Recipient{Child: c, Age: gifts.AgeOn(b, day), Eligible: gifts.Eligible(b, day), Priority: c.Special}
		if c.Special {
			r.PriorityReason = "Hoàn cảnh đặc biệt"
		}
		if m, ok := byChild[c.ID]; ok {
			r.Priority, r.PriorityReason, r.GivenOn = m.priority, m.reason, m.given
		}
		if r.Eligible {
			eligible = append(eligible, r)
		} else {
			others = append(others, r)
		}
	}
	return append(eligible, others...), nil
}

// MarkRecipient sets a child's priority and whether the gift was given in a
// round. Only eligible children can be given a gift.
func (s *Store) MarkRecipient(ctx context.Context, actor domain.Actor, g domain.GiftRound, ch domain.StaffChild, priority bool, reason string, given bool) error {
	if g.Status != "open" {
		return errs.New(errs.Conflict, "đợt tặng quà đã kết thúc", "the round is closed")
	}
	b, _ := time.Parse(time.DateOnly, ch.Birth)
	day, _ := time.Parse(time.DateOnly, g.Date)
	if given && !gifts.Eligible(b, day) {
		return errs.Field("given", "cháu không thuộc diện được tặng quà vào ngày "+day.Format("02/01/2006")+" (từ đủ 16 tuổi)",
			"the child is not eligible on "+day.Format("02/01/2006")+" (16 or over)")
	}
	reason = domain.CleanText(reason)
	if utf8.RuneCountInString(reason) > 200 {
		return errs.Field("priority_reason", "dài quá 200 ký tự", "longer than 200 characters")
	}
	return s.audited(ctx, actor, func(c *change) error {
		var givenOn any
		if given {
			givenOn = c.at.Format(time.DateOnly)
			var prev *string
			if err := c.tx.QueryRowContext(ctx, "SELECT given_on FROM gift_recipients WHERE round_id = $1 AND child_id = $2", g.ID, ch.ID).
				Scan(&prev); err == nil && prev != nil {
				givenOn = *prev
			}
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO gift_recipients (round_id, child_id, priority, priority_reason, given_on, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (round_id, child_id) DO UPDATE SET priority = excluded.priority,
			priority_reason = excluded.priority_reason, given_on = excluded.given_on, updated_at = excluded.updated_at`,
			g.ID, ch.ID, priority, reason, givenOn, micro(c.at)); err != nil {
			return err
		}
		return c.record("giftround.mark", "gift_round", strconv.FormatInt(g.ID, 10), orgRef{g.OrgID, g.OrgCode}, nil,
			map[string]any{"child": ch.ID, "priority": priority, "given": given})
	})
}

// ImportStaffChildren adds many checked children's records in one
// transaction: all of them or none. Each carries its unit (OrgID,
// OrgCode).
func (s *Store) ImportStaffChildren(ctx context.Context, actor domain.Actor, rows []domain.StaffChild, file string) (int, error) {
	err := s.audited(ctx, actor, func(c *change) error {
		for _, ch := range rows {
			var id int64
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO staff_children (org_id, staff_name, child_name, birth_date, sex, special, special_note,
				achievement, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
				ch.OrgID, ch.Staff, ch.Name, ch.Birth, ch.Sex, ch.Special, ch.SpecialNote, ch.Achievement, micro(c.at)).Scan(&id); err != nil {
				return err
			}
		}
		// One row for the file: the trail keeps no names.
		return c.record("child.import", "staff_children", file, orgRef{}, nil, map[string]any{"rows": len(rows)})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}
