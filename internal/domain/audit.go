package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/errs"
)

// AuditEntry is one row of the append-only audit trail. Each row's Hash
// covers its own fields and the previous row's hash, so removing, changing or
// reordering rows breaks the chain from that row on.
//
// Rows are chained with HMAC-SHA-256 under a key kept outside the database,
// so someone who can write the database cannot recompute the chain after
// changing a row. KeyID is that key's fingerprint; rows written before the
// key existed have none and keep their plain SHA-256 hashes.
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
	KeyID    string    `json:"key_id,omitempty"` // fingerprint of the chain key; "" for plain SHA-256
}

// ComputeHash returns the plain SHA-256 hash a row without a key carries:
// over the previous hash and the entry's fields, encoded as a JSON array so
// no separator inside a field can make two different rows hash alike. Time
// is taken in microseconds, the precision both database engines keep.
func (e AuditEntry) ComputeHash() string { return e.digest(sha256.New()) }

// ComputeMAC returns the HMAC-SHA-256 a keyed row carries: the same message
// as ComputeHash, so only the key tells the two apart.
func (e AuditEntry) ComputeMAC(key []byte) string { return e.digest(hmac.New(sha256.New, key)) }

func (e AuditEntry) digest(h hash.Hash) string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10),
		strconv.FormatInt(e.At.UnixMicro(), 10),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor, e.Action, e.Entity, e.EntityID,
		strconv.FormatInt(e.OrgID, 10), e.Org,
		e.Before, e.After, e.Client,
	}
	b, _ := json.Marshal(fields) // a []string always marshals
	h.Write([]byte(e.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// AuditKeyFingerprint names a chain key without revealing it: the first 16
// hex digits of its SHA-256. The database keeps this, never the key, so a
// check can say which key a chain was made under.
func AuditKeyFingerprint(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

// AuditAnchor is the chain's head as an officer writes it down outside the
// system (in a printed minute or a signed e-mail): row Seq carries Hash.
// Someone who rewrites the whole chain, even holding the key, cannot make
// row Seq carry the same hash again.
type AuditAnchor struct {
	Seq  int64
	Hash string
}

// String writes the anchor as HASH:COUNT, the form ParseAuditAnchor reads.
func (a AuditAnchor) String() string { return a.Hash + ":" + strconv.FormatInt(a.Seq, 10) }

// ParseAuditAnchor reads HASH:COUNT: 64 hex digits (either case), a colon,
// and the row number, at least 1. Spaces around it are dropped, since it is
// often copied from a document.
func ParseAuditAnchor(s string) (AuditAnchor, error) {
	s = strings.TrimSpace(s)
	h, n, ok := strings.Cut(s, ":")
	if !ok {
		return AuditAnchor{}, errs.New(errs.Invalid, "mốc phải có dạng MÃ_BĂM:SỐ_DÒNG", "the anchor must be HASH:COUNT")
	}
	if len(h) != sha256.Size*2 || !isHex(h) {
		return AuditAnchor{}, errs.New(errs.Invalid, "phần mã băm của mốc phải là 64 chữ số hệ mười sáu", "the anchor's hash must be 64 hex digits")
	}
	seq, err := strconv.ParseInt(n, 10, 64)
	if err != nil || seq < 1 || n[0] == '+' {
		return AuditAnchor{}, errs.New(errs.Invalid, "phần số dòng của mốc phải là số nguyên dương", "the anchor's row count must be a positive whole number")
	}
	return AuditAnchor{Seq: seq, Hash: strings.ToLower(h)}, nil
}

func isHex(s string) bool {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
