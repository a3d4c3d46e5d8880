package domain

import "time"

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
