package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
)

// NewFile is an upload to store: the web layer has already checked its
// size and its type by content.
type NewFile struct {
	Name        string
	ContentType string
	Data        []byte
}

const attachmentCols = `a.id, a.owner_kind, a.owner_id, a.sha256, a.filename, a.content_type, a.size, a.created_at`

func scanAttachment(row interface{ Scan(...any) error }) (domain.Attachment, error) {
	var a domain.Attachment
	var at int64
	err := row.Scan(&a.ID, &a.OwnerKind, &a.OwnerID, &a.SHA256, &a.Filename, &a.ContentType, &a.Size, &at)
	a.CreatedAt = fromMicro(at)
	return a, err
}

// putFile stores a file's bytes once per content and links them to a
// record.
func putFile(ctx context.Context, c *change, ownerKind string, ownerID int64, f NewFile) (domain.Attachment, error) {
	sum := sha256.Sum256(f.Data)
	sha := hex.EncodeToString(sum[:])
	name := strings.TrimSpace(f.Name)
	if name == "" || len(name) > 255 {
		return domain.Attachment{}, errs.Field("files", "tên tệp không hợp lệ", "the file name is not valid")
	}
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (sha256) DO NOTHING`, sha, len(f.Data), f.ContentType, f.Data, micro(c.at)); err != nil {
		return domain.Attachment{}, err
	}
	a := domain.Attachment{OwnerKind: ownerKind, OwnerID: ownerID, SHA256: sha, Filename: name, ContentType: f.ContentType,
		Size: int64(len(f.Data)), CreatedAt: c.at}
	err := c.tx.QueryRowContext(ctx, `INSERT INTO attachments (owner_kind, owner_id, sha256, filename, content_type, size, user_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, ownerKind, ownerID, sha, name, f.ContentType, len(f.Data),
		nullIfZero(c.actor.UserID), micro(c.at)).Scan(&a.ID)
	return a, err
}

// Attachment returns a file's record.
func (s *Store) Attachment(ctx context.Context, id int64) (domain.Attachment, error) {
	a, err := scanAttachment(s.r.QueryRowContext(ctx, "SELECT "+attachmentCols+" FROM attachments a WHERE a.id = $1", id))
	return a, mapErr(err)
}

// AttachmentData returns a file's bytes.
func (s *Store) AttachmentData(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, "SELECT data FROM blobs WHERE sha256 = $1", sha).Scan(&b)
	return b, mapErr(err)
}

// ItemOfUpdate returns the item a progress report belongs to, for access
// checks on its files.
func (s *Store) ItemOfUpdate(ctx context.Context, updateID int64) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, "SELECT item_id FROM plan_item_updates WHERE id = $1", updateID).Scan(&id)
	return id, mapErr(err)
}

// maxReportFiles bounds the files attached to one report.
const maxReportFiles = 20

// AttachReportFiles attaches files (minutes, lists, photos) to the report
// of a unit and period, creating it as a draft when absent. Only a report
// that can still change takes files. The report's version is not moved:
// a file added while someone types figures does not make their form stale.
func (s *Store) AttachReportFiles(ctx context.Context, actor domain.Actor, t domain.Template, org domain.OrgUnit, p period.Period,
	dueOn string, files []NewFile) (domain.Report, error) {
	if len(files) == 0 {
		return domain.Report{}, errs.Field("files", "hãy chọn ít nhất một tệp", "choose at least one file")
	}
	var out domain.Report
	err := s.audited(ctx, actor, func(c *change) error {
		r, err := s.reportForWrite(ctx, c, t, org, p, dueOn, -1)
		if err != nil {
			return err
		}
		var have int
		if err := c.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM attachments WHERE owner_kind = 'report' AND owner_id = $1",
			r.ID).Scan(&have); err != nil {
			return err
		}
		if have+len(files) > maxReportFiles {
			return errs.Field("files", fmt.Sprintf("mỗi báo cáo có tối đa %d tệp đính kèm (đã có %d)", maxReportFiles, have),
				fmt.Sprintf("a report has at most %d attachments (it has %d)", maxReportFiles, have))
		}
		var names []string
		for _, f := range files {
			a, err := putFile(ctx, c, "report", r.ID, f)
			if err != nil {
				return err
			}
			names = append(names, a.Filename)
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE reports SET updated_at = $1 WHERE id = $2", micro(c.at), r.ID); err != nil {
			return err
		}
		out = r
		return c.record("report.attach", "report", reportEntity(t.Code, org.Code, p.ID), orgRef{org.ID, org.Code},
			nil, map[string]any{"files": names})
	})
	return out, err
}

// RemoveReportFile takes a file off a report that can still change. The
// stored bytes stay: another record may hold the same content.
func (s *Store) RemoveReportFile(ctx context.Context, actor domain.Actor, t domain.Template, org domain.OrgUnit, p period.Period, fileID int64) error {
	return s.audited(ctx, actor, func(c *change) error {
		r, err := scanReport(c.tx.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+
			" WHERE r.template_id = $1 AND r.org_id = $2 AND r.period_id = $3", t.ID, org.ID, p.ID))
		if err != nil {
			return mapErr(err)
		}
		if err := r.Editable(c.at); err != nil {
			return err
		}
		a, err := scanAttachment(c.tx.QueryRowContext(ctx, "SELECT "+attachmentCols+
			" FROM attachments a WHERE a.id = $1 AND a.owner_kind = 'report' AND a.owner_id = $2", fileID, r.ID))
		if err != nil {
			return mapErr(err)
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM attachments WHERE id = $1", a.ID); err != nil {
			return err
		}
		return c.record("report.detach", "report", reportEntity(t.Code, org.Code, p.ID), orgRef{org.ID, org.Code},
			map[string]any{"file": a.Filename, "sha256": a.SHA256}, nil)
	})
}

// ReportFiles lists the files attached to a report, oldest first.
func (s *Store) ReportFiles(ctx context.Context, reportID int64) ([]domain.Attachment, error) {
	return scanAll(ctx, s.r, "SELECT "+attachmentCols+` FROM attachments a WHERE a.owner_kind = 'report' AND a.owner_id = $1
		ORDER BY a.id`, []any{reportID}, scanAttachment)
}

// PutBlob keeps bytes by their SHA-256 (an upload waiting for a second
// step, such as an import confirmed after its preview) and returns it.
func (s *Store) PutBlob(ctx context.Context, data []byte, contentType string) (string, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (sha256) DO NOTHING`, sha, len(data), contentType, data, micro(s.now()))
		return err
	})
	return sha, err
}
