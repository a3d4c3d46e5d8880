package store

import (
	"context"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// The work calendar.

const eventCols = `e.id, e.org_id, o.code, o.name, o.path, e.title, e.kind, e.starts_at, e.ends_at, e.all_day, e.place, e.chair,
	e.participants, e.notes, e.public, e.cancelled, COALESCE(e.plan_item_id, 0), e.version, COALESCE(NULLIF(u.full_name, ''), u.username, ''), e.updated_at`

const eventFrom = ` FROM events e JOIN org_units o ON o.id = e.org_id LEFT JOIN users u ON u.id = e.created_by`

func scanEvent(row interface{ Scan(...any) error }) (domain.Event, error) {
	var e domain.Event
	var start, end, updated int64
	err := row.Scan(&e.ID, &e.OrgID, &e.OrgCode, &e.OrgName, &e.OrgPath, &e.Title, &e.Kind, &start, &end, &e.AllDay, &e.Place,
		&e.Chair, &e.Participants, &e.Notes, &e.Public, &e.Cancelled, &e.PlanItemID, &e.Version, &e.CreatedBy, &updated)
	e.Start, e.End, e.Updated = fromMicro(start), fromMicro(end), fromMicro(updated)
	return e, err
}

// EventFilter chooses events: those overlapping [From, To), in the scope,
// and optionally only public ones or those of one subtree.
type EventFilter struct {
	From, To time.Time
	Scope    domain.Scope
	OrgPath  string // a subtree within the scope
	// Ancestors are units (exact paths) whose own events are included
	// too: the agency's calendar concerns the staff of its units.
	Ancestors  []string
	PublicOnly bool
	Cancelled  bool // include cancelled events
	Limit      int  // 0: 2,000
}

// Events lists events by start.
func (s *Store) Events(ctx context.Context, f EventFilter) ([]domain.Event, error) {
	q := &query{}
	q.add("SELECT ", eventCols, eventFrom, " WHERE e.starts_at < ", q.arg(micro(f.To)), " AND e.ends_at >= ", q.arg(micro(f.From)),
		" AND ((", q.scope("o.path", f.Scope))
	if f.OrgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(f.OrgPath+"%"))
	}
	q.add(")")
	if len(f.Ancestors) > 0 {
		q.add(" OR o.path IN (", inList(q, f.Ancestors), ")")
	}
	q.add(")")
	if f.PublicOnly {
		q.add(" AND e.public = TRUE")
	}
	if !f.Cancelled {
		q.add(" AND e.cancelled = FALSE")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 2000
	}
	q.add(" ORDER BY e.starts_at, e.id LIMIT ", q.arg(limit))
	return scanAll(ctx, s.r, q.String(), q.args, scanEvent)
}

// Event returns one event.
func (s *Store) Event(ctx context.Context, id int64) (domain.Event, error) {
	e, err := scanEvent(s.r.QueryRowContext(ctx, "SELECT "+eventCols+eventFrom+" WHERE e.id = $1", id))
	return e, mapErr(err)
}

// eventAudit is what the audit trail keeps of an event.
func eventAudit(e domain.Event) map[string]any {
	return map[string]any{"org": e.OrgCode, "title": e.Title, "kind": e.Kind, "start": e.Start, "end": e.End, "all_day": e.AllDay,
		"place": e.Place, "chair": e.Chair, "participants": e.Participants, "public": e.Public, "cancelled": e.Cancelled}
}

// CreateEvent adds an event to an org unit's calendar.
func (s *Store) CreateEvent(ctx context.Context, actor domain.Actor, org domain.OrgUnit, e domain.Event) (domain.Event, error) {
	if err := e.Validate(); err != nil {
		return e, err
	}
	var out domain.Event
	err := s.audited(ctx, actor, func(c *change) error {
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO events (org_id, title, kind, starts_at, ends_at, all_day, place, chair,
			participants, notes, public, plan_item_id, version, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14) RETURNING id`,
			org.ID, e.Title, string(e.Kind), micro(e.Start), micro(e.End), e.AllDay, e.Place, e.Chair, e.Participants, e.Notes,
			e.Public, nullIfZero(e.PlanItemID), nullIfZero(actor.UserID), micro(c.at)).Scan(&id); err != nil {
			return err
		}
		var err error
		if out, err = scanEvent(c.tx.QueryRowContext(ctx, "SELECT "+eventCols+eventFrom+" WHERE e.id = $1", id)); err != nil {
			return err
		}
		return c.record("event.create", "event", strconv.FormatInt(id, 10), refOf(org), nil, eventAudit(out))
	})
	return out, err
}

// UpdateEvent changes an event read at version. The unit does not change:
// an event moved to another unit is a new event.
func (s *Store) UpdateEvent(ctx context.Context, actor domain.Actor, id int64, version int, e domain.Event) (domain.Event, error) {
	if err := e.Validate(); err != nil {
		return e, err
	}
	var out domain.Event
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := scanEvent(c.tx.QueryRowContext(ctx, "SELECT "+eventCols+eventFrom+" WHERE e.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		if _, err := c.tx.ExecContext(ctx, `UPDATE events SET title = $1, kind = $2, starts_at = $3, ends_at = $4, all_day = $5,
			place = $6, chair = $7, participants = $8, notes = $9, public = $10, cancelled = $11, version = version + 1, updated_at = $12
			WHERE id = $13`, e.Title, string(e.Kind), micro(e.Start), micro(e.End), e.AllDay, e.Place, e.Chair, e.Participants, e.Notes,
			e.Public, e.Cancelled, micro(c.at), id); err != nil {
			return err
		}
		if out, err = scanEvent(c.tx.QueryRowContext(ctx, "SELECT "+eventCols+eventFrom+" WHERE e.id = $1", id)); err != nil {
			return err
		}
		action := "event.update"
		if out.Cancelled && !old.Cancelled {
			action = "event.cancel"
		}
		return c.record(action, "event", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode}, eventAudit(old), eventAudit(out))
	})
	return out, err
}

// DeleteEvent removes an event entered by mistake. (An event that will not
// take place is cancelled instead, so those who planned around it see it.)
func (s *Store) DeleteEvent(ctx context.Context, actor domain.Actor, id int64, version int) error {
	return s.audited(ctx, actor, func(c *change) error {
		old, err := scanEvent(c.tx.QueryRowContext(ctx, "SELECT "+eventCols+eventFrom+" WHERE e.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM events WHERE id = $1", id); err != nil {
			return err
		}
		return c.record("event.delete", "event", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode}, eventAudit(old), nil)
	})
}
