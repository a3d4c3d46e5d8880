package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/vntext"
)

// Posts of the public portal. A post is public once published and its
// publishing time has come; it is in the search index from then on, and
// out of it again when archived.

const postCols = `p.id, p.org_id, o.code, o.name, o.path, p.category, p.slug, p.title, p.summary, p.body, COALESCE(p.cover_id, 0), p.cover_alt,
	p.tags, p.author, p.status, p.hot, p.featured, COALESCE(p.publish_at, 0), p.views, p.version, p.updated_at`

const postFrom = ` FROM posts p JOIN org_units o ON o.id = p.org_id`

func scanPost(row interface{ Scan(...any) error }) (domain.Post, error) {
	var p domain.Post
	var tags string
	var publish, updated int64
	err := row.Scan(&p.ID, &p.OrgID, &p.OrgCode, &p.OrgName, &p.OrgPath, &p.Category, &p.Slug, &p.Title, &p.Summary, &p.Body, &p.CoverID,
		&p.CoverAlt, &tags, &p.Author, &p.Status, &p.Hot, &p.Featured, &publish, &p.Views, &p.Version, &updated)
	if tags != "" {
		p.Tags = strings.Split(tags, "\n")
	}
	if publish != 0 {
		p.PublishAt = fromMicro(publish)
	}
	p.Updated = fromMicro(updated)
	return p, err
}

// PostCategories lists the portal's sections in menu order.
func (s *Store) PostCategories(ctx context.Context) ([]domain.PostCategory, error) {
	return scanAll(ctx, s.r, "SELECT code, name, name_en FROM post_categories ORDER BY position, code", nil,
		func(r interface{ Scan(...any) error }) (domain.PostCategory, error) {
			var c domain.PostCategory
			return c, r.Scan(&c.Code, &c.Name, &c.NameEN)
		})
}

// PostFilter chooses posts.
type PostFilter struct {
	Scope    domain.Scope // for editors; ignored when Public
	OrgPath  string
	Category string
	Status   domain.PostStatus
	Public   bool      // published and due at Now
	Now      time.Time // for Public
	Hot      bool
	Featured bool
	Search   string // editor lists: words of the title
	Exclude  int64
	Tag      string
	// NoCount skips counting all matches (the total is then -1): the
	// home page's boxes show a few posts and no pager.
	NoCount bool
}

// Posts lists posts, newest first, and how many match.
func (s *Store) Posts(ctx context.Context, f PostFilter, pg Page) ([]domain.Post, int, error) {
	q := &query{}
	if f.Public {
		q.add(" WHERE p.status = 'published' AND p.publish_at <= ", q.arg(micro(f.Now)))
	} else {
		q.add(" WHERE ", q.scope("o.path", f.Scope))
		if f.Status != "" {
			q.add(" AND p.status = ", q.arg(string(f.Status)))
		}
	}
	if f.OrgPath != "" {
		// By unit ids rather than the joined path, so the index on
		// (org_id, status, publish_at) serves an agency's section.
		q.add(" AND p.org_id IN (SELECT id FROM org_units WHERE path LIKE ", q.arg(f.OrgPath+"%"), ")")
	}
	if f.Category != "" {
		q.add(" AND p.category = ", q.arg(f.Category))
	}
	if f.Hot {
		q.add(" AND p.hot = TRUE")
	}
	if f.Featured {
		q.add(" AND p.featured = TRUE")
	}
	if f.Exclude != 0 {
		q.add(" AND p.id <> ", q.arg(f.Exclude))
	}
	if f.Tag != "" {
		q.add(" AND ('\n' || p.tags || '\n') LIKE ", q.arg("%\n"+escapeLike(f.Tag)+"\n%"), ` ESCAPE '\'`)
	}
	for _, w := range strings.Fields(f.Search) {
		q.add(" AND LOWER(p.title) LIKE ", q.arg("%"+escapeLike(strings.ToLower(w))+"%"), ` ESCAPE '\'`)
	}
	total := -1
	if !f.NoCount {
		from := postFrom
		if f.Public {
			from = " FROM posts p" // public filters never need the unit's row
		}
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+from+q.String(), q.args...).Scan(&total); err != nil {
			return nil, 0, mapErr(err)
		}
	}
	if f.Public {
		// Published posts all have a time: ordering by it alone lets the
		// (status, publish_at) indexes give the newest first without a sort.
		q.add(" ORDER BY p.publish_at DESC, p.id DESC")
	} else {
		q.add(" ORDER BY COALESCE(p.publish_at, p.updated_at) DESC, p.id DESC")
	}
	q.page(pg.Normalize(20))
	out, err := scanAll(ctx, s.r, "SELECT "+postCols+postFrom+q.String(), q.args, scanPost)
	return out, total, err
}

// Post returns one post.
func (s *Store) Post(ctx context.Context, id int64) (domain.Post, error) {
	p, err := scanPost(s.r.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", id))
	return p, mapErr(err)
}

// PostsByID returns the posts with the given ids, in no order.
func (s *Store) PostsByID(ctx context.Context, ids []int64) (map[int64]domain.Post, error) {
	out := map[int64]domain.Post{}
	if len(ids) == 0 {
		return out, nil
	}
	q := &query{}
	q.add("SELECT ", postCols, postFrom, " WHERE p.id IN (", inList(q, ids), ")")
	list, err := scanAll(ctx, s.r, q.String(), q.args, scanPost)
	for _, p := range list {
		out[p.ID] = p
	}
	return out, err
}

// SavePost adds a post (id 0) or changes one read at version, with new
// files; cover, when not nil, is also attached and becomes the cover.
func (s *Store) SavePost(ctx context.Context, actor domain.Actor, id int64, version int, org domain.OrgUnit, p domain.Post, files []NewFile, cover *NewFile) (domain.Post, error) {
	if p.Status == "" {
		p.Status = domain.PostDraft
	}
	if err := p.Validate(); err != nil && !(cover != nil && onlyCoverMissing(err)) {
		return p, err
	}
	if cover != nil && p.CoverAlt == "" {
		return p, errs.Field("cover_alt", "ảnh đại diện cần có mô tả (cho người khiếm thị)", "the cover image needs a description (for blind readers)")
	}
	if len(files) > 10 {
		return p, errs.Field("files", "tối đa 10 tệp mỗi lần", "at most 10 files at a time")
	}
	var out domain.Post
	err := s.audited(ctx, actor, func(c *change) error {
		var cat string
		if err := c.tx.QueryRowContext(ctx, "SELECT code FROM post_categories WHERE code = $1", p.Category).Scan(&cat); err != nil {
			return errs.Field("category", "chuyên mục không có", "no such category")
		}
		p.Slug = domain.PostSlug(p.Title)
		var before any
		var oldCover int64
		args := []any{org.ID, p.Category, p.Slug, p.Title, p.Summary, p.Body, p.CoverAlt, strings.Join(p.Tags, "\n"), p.Author, p.Hot, p.Featured, micro(c.at)}
		if id == 0 {
			// A new post may start in any state but archived (the API
			// publishes in one call); a published one without a time is
			// published now.
			var publish any
			switch p.Status {
			case domain.PostArchived:
				return errs.Field("status", "bài mới không thể ở trạng thái lưu trữ", "a new post cannot be archived")
			case domain.PostPublished:
				publish = micro(c.at)
				if !p.PublishAt.IsZero() {
					publish = micro(p.PublishAt)
				}
			}
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO posts (org_id, category, slug, title, summary, body, cover_alt, tags, author, hot, featured,
				created_at, updated_at, status, created_by, publish_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15) RETURNING id`,
				append(args, string(p.Status), nullIfZero(actor.UserID), publish)...).Scan(&id); err != nil {
				return err
			}
		} else {
			old, err := scanPost(c.tx.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", id))
			if err != nil {
				return mapErr(err)
			}
			if old.Version != version {
				return errs.ErrStale
			}
			before, oldCover = postAudit(old), old.CoverID
			if _, err := c.tx.ExecContext(ctx, `UPDATE posts SET org_id = $1, category = $2, slug = $3, title = $4, summary = $5, body = $6,
				cover_alt = $7, tags = $8, author = $9, hot = $10, featured = $11, updated_at = $12, version = version + 1 WHERE id = $13`,
				append(args, id)...); err != nil {
				return err
			}
		}
		for _, f := range files {
			if _, err := putFile(ctx, c, "post", id, f); err != nil {
				return err
			}
		}
		if cover != nil {
			a, err := putFile(ctx, c, "post", id, *cover)
			if err != nil {
				return err
			}
			if _, err := c.tx.ExecContext(ctx, "UPDATE posts SET cover_id = $1 WHERE id = $2", a.ID, id); err != nil {
				return err
			}
			// The cover it replaces would otherwise linger among the
			// post's public downloads.
			if _, err := c.tx.ExecContext(ctx, "DELETE FROM attachments WHERE owner_kind = 'post' AND owner_id = $1 AND id = $2",
				id, oldCover); err != nil {
				return err
			}
		}
		var err error
		if out, err = scanPost(c.tx.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", id)); err != nil {
			return err
		}
		if err := s.indexPost(ctx, c.tx, out); err != nil {
			return err
		}
		action := "post.create"
		if before != nil {
			action = "post.update"
		}
		return c.record(action, "post", strconv.FormatInt(id, 10), refOf(org), before, postAudit(out))
	})
	return out, err
}

func onlyCoverMissing(err error) bool {
	fs := errs.Fields(err)
	return len(fs) == 1 && fs[0].Field == "cover_alt"
}

func postAudit(p domain.Post) map[string]any {
	return map[string]any{"org": p.OrgCode, "category": p.Category, "title": p.Title, "status": p.Status, "hot": p.Hot, "featured": p.Featured,
		"publish_at": p.PublishAt, "cover": p.CoverID, "body_length": len(p.Body)}
}

// MovePost takes a post to another state: review, published (at publishAt,
// or now when zero), archived, or back to draft.
func (s *Store) MovePost(ctx context.Context, actor domain.Actor, id int64, version int, to domain.PostStatus, publishAt time.Time) (domain.Post, error) {
	var out domain.Post
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := scanPost(c.tx.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		allowed := map[domain.PostStatus][]domain.PostStatus{
			domain.PostDraft:     {domain.PostReview, domain.PostPublished},
			domain.PostReview:    {domain.PostDraft, domain.PostPublished},
			domain.PostPublished: {domain.PostArchived, domain.PostDraft},
			domain.PostArchived:  {domain.PostPublished, domain.PostDraft},
		}
		ok := false
		for _, st := range allowed[old.Status] {
			ok = ok || st == to
		}
		if !ok {
			return errs.New(errs.Conflict, "không chuyển được bài từ “"+old.Status.Label("vi")+"” sang trạng thái này",
				"a post cannot move from “"+old.Status.Label("en")+"” to that state")
		}
		var publish any
		switch {
		case to == domain.PostPublished && !publishAt.IsZero():
			if publishAt.Year() < 2000 || publishAt.Year() > 2100 {
				return errs.Field("published_at", "thời gian đăng không hợp lệ", "not a valid publishing time")
			}
			publish = micro(publishAt)
		case to == domain.PostPublished && !old.PublishAt.IsZero():
			publish = micro(old.PublishAt) // republished: keeps its date
		case to == domain.PostPublished:
			publish = micro(c.at)
		case !old.PublishAt.IsZero():
			publish = micro(old.PublishAt)
		}
		if to == domain.PostPublished && old.CoverID != 0 && old.CoverAlt == "" {
			return errs.Field("cover_alt", "ảnh đại diện cần có mô tả trước khi đăng", "the cover image needs a description before publishing")
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE posts SET status = $1, publish_at = $2, updated_at = $3, version = version + 1 WHERE id = $4",
			string(to), publish, micro(c.at), id); err != nil {
			return err
		}
		if out, err = scanPost(c.tx.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", id)); err != nil {
			return err
		}
		if err := s.indexPost(ctx, c.tx, out); err != nil {
			return err
		}
		return c.record("post."+string(to), "post", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode},
			map[string]any{"status": old.Status}, map[string]any{"status": to, "publish_at": out.PublishAt})
	})
	return out, err
}

// DeletePost removes a post that was never published.
func (s *Store) DeletePost(ctx context.Context, actor domain.Actor, id int64, version int) error {
	return s.audited(ctx, actor, func(c *change) error {
		old, err := scanPost(c.tx.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		if !old.PublishAt.IsZero() {
			return errs.New(errs.Conflict, "bài đã từng đăng chỉ có thể lưu trữ, không xóa", "a post that was published can be archived, not deleted")
		}
		for _, stmt := range []string{"DELETE FROM attachments WHERE owner_kind = 'post' AND owner_id = $1", "UPDATE feedback SET post_id = NULL WHERE post_id = $1",
			"DELETE FROM posts WHERE id = $1"} {
			if _, err := c.tx.ExecContext(ctx, stmt, id); err != nil {
				return err
			}
		}
		return c.record("post.delete", "post", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode}, postAudit(old), nil)
	})
}

// indexPost keeps a post's entry in the search index: present while it is
// published (the reader checks the time), absent otherwise.
func (s *Store) indexPost(ctx context.Context, tx *sql.Tx, p domain.Post) error {
	ref := strconv.FormatInt(p.ID, 10)
	if p.Status != domain.PostPublished || p.PublishAt.After(s.now()) {
		// Out of the index until it is public: IndexDuePosts adds a
		// post scheduled for later when its time comes.
		return s.unindex(ctx, tx, "post", ref)
	}
	body := p.Summary + "\n" + markup.Text(p.Body)
	day := p.PublishAt.In(vntext.Location).Format(time.DateOnly)
	return s.index(ctx, tx, SearchDoc{Kind: "post", Ref: ref, Category: p.Category, Day: day, Title: p.Title,
		Body: body + "\n" + strings.Join(p.Tags, " ") + "\n" + p.OrgName})
}

// CountViews adds views of posts and of the site (post 0) for a day.
func (s *Store) CountViews(ctx context.Context, day string, views map[int64]int64, visitors []string) error {
	if len(views) == 0 && len(visitors) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for post, n := range views {
			if _, err := tx.ExecContext(ctx, `INSERT INTO visit_counts (day, post_id, views) VALUES ($1, $2, $3)
				ON CONFLICT (day, post_id) DO UPDATE SET views = visit_counts.views + excluded.views`, day, post, n); err != nil {
				return err
			}
			if post != 0 {
				if _, err := tx.ExecContext(ctx, "UPDATE posts SET views = views + $1 WHERE id = $2", n, post); err != nil {
					return err
				}
			}
		}
		for _, v := range visitors {
			if _, err := tx.ExecContext(ctx, "INSERT INTO visitor_days (day, visitor) VALUES ($1, $2) ON CONFLICT (day, visitor) DO NOTHING", day, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Visits returns today's and all-time views of the site and unique
// visitors.
func (s *Store) Visits(ctx context.Context, day string) (domain.VisitTotals, error) {
	var v domain.VisitTotals
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN day = $1 THEN views ELSE 0 END), 0), COALESCE(SUM(views), 0)
		FROM visit_counts WHERE post_id = 0`, day).Scan(&v.Today, &v.Total)
	if err != nil {
		return v, err
	}
	err = s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN day = $1 THEN 1 ELSE 0 END), 0), COUNT(*) FROM visitor_days`, day).
		Scan(&v.VisitorsToday, &v.Visitors)
	return v, err
}

// ViewsByDay lists the site's views and visitors per day from from.
func (s *Store) ViewsByDay(ctx context.Context, from string) ([]domain.DayViews, error) {
	return scanAll(ctx, s.r, `SELECT c.day, c.views, (SELECT COUNT(*) FROM visitor_days v WHERE v.day = c.day) FROM visit_counts c
		WHERE c.post_id = 0 AND c.day >= $1 ORDER BY c.day`, []any{from}, func(r interface{ Scan(...any) error }) (domain.DayViews, error) {
		var d domain.DayViews
		return d, r.Scan(&d.Day, &d.Views, &d.Visitors)
	})
}

// TopPosts lists the most read posts since from within a scope, with
// their views in that time.
func (s *Store) TopPosts(ctx context.Context, sc domain.Scope, from string, limit int) ([]domain.Post, []int64, error) {
	type row struct {
		id, n int64
	}
	rows, err := scanAll(ctx, s.r, `SELECT post_id, SUM(views) AS n FROM visit_counts WHERE day >= $1 AND post_id <> 0
		GROUP BY post_id ORDER BY n DESC LIMIT 200`, []any{from}, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.n)
	})
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	byID, err := s.PostsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var posts []domain.Post
	var counts []int64
	for _, r := range rows {
		if p, ok := byID[r.id]; ok && sc.Reaches(p.OrgPath) && len(posts) < limit {
			posts, counts = append(posts, p), append(counts, r.n)
		}
	}
	return posts, counts, nil
}

// PostFiles lists a post's attachments, oldest first.
func (s *Store) PostFiles(ctx context.Context, postID int64) ([]domain.Attachment, error) {
	return scanAll(ctx, s.r, "SELECT "+attachmentCols+` FROM attachments a WHERE a.owner_kind = 'post' AND a.owner_id = $1
		ORDER BY a.id`, []any{postID}, scanAttachment)
}

// RemovePostFile takes an attachment off a post (not the cover while the
// post uses it).
func (s *Store) RemovePostFile(ctx context.Context, actor domain.Actor, postID, fileID int64) error {
	return s.audited(ctx, actor, func(c *change) error {
		p, err := scanPost(c.tx.QueryRowContext(ctx, "SELECT "+postCols+postFrom+" WHERE p.id = $1", postID))
		if err != nil {
			return mapErr(err)
		}
		a, err := scanAttachment(c.tx.QueryRowContext(ctx, "SELECT "+attachmentCols+" FROM attachments a WHERE a.id = $1 AND a.owner_kind = 'post' AND a.owner_id = $2",
			fileID, postID))
		if err != nil {
			return mapErr(err)
		}
		if p.CoverID == fileID {
			if _, err := c.tx.ExecContext(ctx, "UPDATE posts SET cover_id = NULL, version = version + 1 WHERE id = $1", postID); err != nil {
				return err
			}
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM attachments WHERE id = $1", fileID); err != nil {
			return err
		}
		return c.record("post.file.remove", "post", strconv.FormatInt(postID, 10), orgRef{p.OrgID, p.OrgCode},
			map[string]any{"file": a.Filename, "sha256": a.SHA256}, nil)
	})
}

// IndexDuePosts puts into the search index the posts whose scheduled time
// came since the given moment, and reports how many; when there were any,
// every instance's portal cache is cleared (they now appear in lists). The
// server runs it every minute; a post's own page checks the time itself.
func (s *Store) IndexDuePosts(ctx context.Context, since time.Time) (int, error) {
	list, err := scanAll(ctx, s.r, "SELECT "+postCols+postFrom+` WHERE p.status = 'published' AND p.publish_at > $1 AND p.publish_at <= $2
		AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'post' AND d.ref = CAST(p.id AS TEXT))`,
		[]any{micro(since), micro(s.now())}, scanPost)
	if err != nil || len(list) == 0 {
		return 0, mapErr(err)
	}
	return len(list), s.write(ctx, func(tx *sql.Tx) error {
		// Nothing in the posts' rows changed, so no trigger tells the
		// other instances; and first, so this takes the generation's row
		// before the index rows, in the order a post's save does.
		if err := touchPortal(ctx, tx); err != nil {
			return err
		}
		for _, p := range list {
			if err := s.indexPost(ctx, tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}
