package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// AuditEntry is one row of the append-only audit trail. Each row's Hash
// covers its own fields and the previous row's hash, so removing, changing or
// reordering rows breaks the chain from that row on.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`    // "orgunit.create", "user.disable", …
	Entity   string    `json:"entity"`    // "orgunit", "user", …
	EntityID string    `json:"entity_id"` // the entity's code or id
	OrgID    int64     `json:"-"`
	Org      string    `json:"org"`    // code of the org unit the change belongs to
	Before   string    `json:"before"` // JSON, "" for a creation
	After    string    `json:"after"`  // JSON, "" for a removal
	Client   string    `json:"client"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// ComputeHash returns the hash the entry must carry: SHA-256 over the
// previous hash and the entry's fields, encoded as a JSON array so no
// separator inside a field can make two different rows hash alike. Time is
// taken in microseconds, the precision both database engines keep.
func (e AuditEntry) ComputeHash() string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10),
		strconv.FormatInt(e.At.UnixMicro(), 10),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor, e.Action, e.Entity, e.EntityID,
		strconv.FormatInt(e.OrgID, 10), e.Org,
		e.Before, e.After, e.Client,
	}
	b, _ := json.Marshal(fields) // a []string always marshals
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}
