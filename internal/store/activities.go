package store

import (
	"context"
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// The activity log.

const activityCols = `a.id, a.org_id, o.code, o.name, o.path, COALESCE(a.plan_id, 0), COALESCE(p.title, ''), COALESCE(a.plan_item_id, 0),
	COALESCE(i.title, ''), a.type, a.title, a.start_on, a.end_on, a.place, a.channels, a.targets, a.male_children, a.female_children,
	a.male_adults, a.female_adults, a.participants, a.products, a.cost, a.outcome, a.version, COALESCE(NULLIF(u.full_name, ''), u.username, ''),
	a.updated_at`

const activityFrom = ` FROM activities a JOIN org_units o ON o.id = a.org_id LEFT JOIN plans p ON p.id = a.plan_id
	LEFT JOIN plan_items i ON i.id = a.plan_item_id LEFT JOIN users u ON u.id = a.created_by`

func scanActivity(row interface{ Scan(...any) error }) (domain.Activity, error) {
	var a domain.Activity
	var channels, targets string
	var updated int64
	pp := &a.Participants
	err := row.Scan(&a.ID, &a.OrgID, &a.OrgCode, &a.OrgName, &a.OrgPath, &a.PlanID, &a.PlanTitle, &a.PlanItemID, &a.PlanItem, &a.Type,
		&a.Title, &a.Start, &a.End, &a.Place, &channels, &targets, &pp.MaleChildren, &pp.FemaleChildren, &pp.MaleAdults, &pp.FemaleAdults,
		&pp.Total, &a.Products, &a.Cost, &a.Outcome, &a.Version, &a.CreatedBy, &updated)
	a.Channels, a.Targets = strings.Fields(channels), strings.Fields(targets)
	a.Updated = fromMicro(updated)
	return a, err
}

// ActivityFilter chooses activities.
type ActivityFilter struct {
	Scope      domain.Scope
	OrgPath    string // a subtree
	From, To   string // YYYY-MM-DD: activities starting in this range
	Type       domain.ActivityType
	PlanItemID int64
	PlanID     int64
	Search     string
}

func (f ActivityFilter) where(q *query) {
	q.add(" WHERE ", q.scope("o.path", f.Scope))
	if f.OrgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(f.OrgPath+"%"))
	}
	if f.From != "" {
		q.add(" AND a.start_on >= ", q.arg(f.From))
	}
	if f.To != "" {
		q.add(" AND a.start_on <= ", q.arg(f.To))
	}
	if f.Type != "" {
		q.add(" AND a.type = ", q.arg(string(f.Type)))
	}
	if f.PlanItemID != 0 {
		q.add(" AND a.plan_item_id = ", q.arg(f.PlanItemID))
	}
	if f.PlanID != 0 {
		q.add(" AND a.plan_id = ", q.arg(f.PlanID))
	}
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND a.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
}

// Activities lists activities, newest first, with the whole selection's
// totals.
func (s *Store) Activities(ctx context.Context, f ActivityFilter, p Page) ([]domain.Activity, domain.ActivityTotals, error) {
	var tot domain.ActivityTotals
	q := &query{}
	f.where(q)
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(a.participants), 0), COALESCE(SUM(a.cost), 0) FROM activities a JOIN org_units o ON o.id = a.org_id"+
		q.String(), q.args...).Scan(&tot.Count, &tot.Participants, &tot.Cost); err != nil {
		return nil, tot, mapErr(err)
	}
	q.add(" ORDER BY a.start_on DESC, a.id DESC")
	q.page(p.Normalize(50))
	out, err := scanAll(ctx, s.r, "SELECT "+activityCols+activityFrom+q.String(), q.args, scanActivity)
	return out, tot, err
}

// Activity returns one activity.
func (s *Store) Activity(ctx context.Context, id int64) (domain.Activity, error) {
	a, err := scanActivity(s.r.QueryRowContext(ctx, "SELECT "+activityCols+activityFrom+" WHERE a.id = $1", id))
	return a, mapErr(err)
}

func activitySearch(a domain.Activity) string {
	return vntext.Fold(a.Title + " " + a.Place + " " + a.Outcome + " " + a.Products)
}

// planYears checks that an activity's plan item belongs to a plan in
// effect that the activity's unit carries out, and returns the plan and
// its years.
func planOfItem(ctx context.Context, c *change, itemID int64) (planID int64, yearFrom, yearTo int, err error) {
	err = c.tx.QueryRowContext(ctx, `SELECT p.id, p.year_from, p.year_to FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1`,
		itemID).Scan(&planID, &yearFrom, &yearTo)
	if err != nil {
		if errs.Is(mapErr(err), errs.NotFound) {
			return 0, 0, 0, errs.Field("plan_item", "mục kế hoạch không tồn tại", "no such plan item")
		}
		return 0, 0, 0, err
	}
	return planID, yearFrom, yearTo, nil
}

// SaveActivity adds an activity (id 0) or changes one read at version, with
// any new evidence files.
func (s *Store) SaveActivity(ctx context.Context, actor domain.Actor, id int64, version int, org domain.OrgUnit, a domain.Activity, files []NewFile) (domain.Activity, error) {
	if len(files) > 10 {
		return a, errs.Field("files", "tối đa 10 tệp mỗi lần", "at most 10 files at a time")
	}
	var out domain.Activity
	err := s.audited(ctx, actor, func(c *change) error {
		var yearFrom, yearTo int
		if a.PlanItemID != 0 {
			var err error
			if a.PlanID, yearFrom, yearTo, err = planOfItem(ctx, c, a.PlanItemID); err != nil {
				return err
			}
		}
		if err := a.Validate(yearFrom, yearTo); err != nil {
			return err
		}
		args := []any{org.ID, nullIfZero(a.PlanID), nullIfZero(a.PlanItemID), string(a.Type), a.Title, a.Start, a.End, a.Place,
			strings.Join(a.Channels, " "), strings.Join(a.Targets, " "), a.Participants.MaleChildren, a.Participants.FemaleChildren,
			a.Participants.MaleAdults, a.Participants.FemaleAdults, a.Participants.Total, a.Products, a.Cost, a.Outcome, activitySearch(a),
			micro(c.at)}
		var before any
		if id == 0 {
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO activities (org_id, plan_id, plan_item_id, type, title, start_on, end_on, place,
				channels, targets, male_children, female_children, male_adults, female_adults, participants, products, cost, outcome, search,
				created_at, updated_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)
				RETURNING id`, append(args, nullIfZero(actor.UserID))...).Scan(&id); err != nil {
				return err
			}
		} else {
			old, err := scanActivity(c.tx.QueryRowContext(ctx, "SELECT "+activityCols+activityFrom+" WHERE a.id = $1", id))
			if err != nil {
				return mapErr(err)
			}
			if old.Version != version {
				return errs.ErrStale
			}
			before = old
			if _, err := c.tx.ExecContext(ctx, `UPDATE activities SET org_id = $1, plan_id = $2, plan_item_id = $3, type = $4, title = $5,
				start_on = $6, end_on = $7, place = $8, channels = $9, targets = $10, male_children = $11, female_children = $12,
				male_adults = $13, female_adults = $14, participants = $15, products = $16, cost = $17, outcome = $18, search = $19,
				updated_at = $20, version = version + 1 WHERE id = $21`, append(args, id)...); err != nil {
				return err
			}
		}
		var names []string
		for _, f := range files {
			att, err := putFile(ctx, c, "activity", id, f)
			if err != nil {
				return err
			}
			names = append(names, att.Filename)
		}
		var err error
		if out, err = scanActivity(c.tx.QueryRowContext(ctx, "SELECT "+activityCols+activityFrom+" WHERE a.id = $1", id)); err != nil {
			return err
		}
		action := "activity.create"
		if before != nil {
			action = "activity.update"
		}
		after := map[string]any{"activity": out}
		if len(names) > 0 {
			after["files"] = names
		}
		return c.record(action, "activity", strconv.FormatInt(id, 10), refOf(org), before, after)
	})
	return out, err
}

// DeleteActivity removes an activity logged by mistake, with its files.
func (s *Store) DeleteActivity(ctx context.Context, actor domain.Actor, id int64, version int) error {
	return s.audited(ctx, actor, func(c *change) error {
		old, err := scanActivity(c.tx.QueryRowContext(ctx, "SELECT "+activityCols+activityFrom+" WHERE a.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM attachments WHERE owner_kind = 'activity' AND owner_id = $1", id); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM activities WHERE id = $1", id); err != nil {
			return err
		}
		return c.record("activity.delete", "activity", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode}, old, nil)
	})
}

// Files lists the files attached to a record of a kind (activity,
// registry record), oldest first.
func (s *Store) Files(ctx context.Context, ownerKind string, ownerID int64) ([]domain.Attachment, error) {
	return scanAll(ctx, s.r, "SELECT "+attachmentCols+` FROM attachments a WHERE a.owner_kind = $1 AND a.owner_id = $2 ORDER BY a.id`,
		[]any{ownerKind, ownerID}, scanAttachment)
}
