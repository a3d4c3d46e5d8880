package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"tebdg/internal/errs"
)

// NewFile is an upload to store: the web layer has already checked its
// size and its type by content.
type NewFile struct {
	Name        string
	ContentType string
	Data        []byte
}

// Attachment is a stored file linked to a record.
type Attachment struct {
	ID          int64
	OwnerKind   string
	OwnerID     int64
	SHA256      string
	Filename    string
	ContentType string
	Size        int64
	CreatedAt   time.Time
}

const attachmentCols = `a.id, a.owner_kind, a.owner_id, a.sha256, a.filename, a.content_type, a.size, a.created_at`

func scanAttachment(row interface{ Scan(...any) error }) (Attachment, error) {
	var a Attachment
	var at int64
	err := row.Scan(&a.ID, &a.OwnerKind, &a.OwnerID, &a.SHA256, &a.Filename, &a.ContentType, &a.Size, &at)
	a.CreatedAt = fromMicro(at)
	return a, err
}

// putFile stores a file's bytes once per content and links them to a
// record.
func putFile(ctx context.Context, c *change, ownerKind string, ownerID int64, f NewFile) (Attachment, error) {
	sum := sha256.Sum256(f.Data)
	sha := hex.EncodeToString(sum[:])
	name := strings.TrimSpace(f.Name)
	if name == "" || len(name) > 255 {
		return Attachment{}, errs.Field("files", "tên tệp không hợp lệ", "the file name is not valid")
	}
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (sha256) DO NOTHING`, sha, len(f.Data), f.ContentType, f.Data, micro(c.at)); err != nil {
		return Attachment{}, err
	}
	a := Attachment{OwnerKind: ownerKind, OwnerID: ownerID, SHA256: sha, Filename: name, ContentType: f.ContentType,
		Size: int64(len(f.Data)), CreatedAt: c.at}
	err := c.tx.QueryRowContext(ctx, `INSERT INTO attachments (owner_kind, owner_id, sha256, filename, content_type, size, user_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, ownerKind, ownerID, sha, name, f.ContentType, len(f.Data),
		nullIfZero(c.actor.UserID), micro(c.at)).Scan(&a.ID)
	return a, err
}

// Attachment returns a file's record.
func (s *Store) Attachment(ctx context.Context, id int64) (Attachment, error) {
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
