// Package casecrypt keeps the identifying fields of the confidential case
// register (a child's name, birth date, address, phone, ID number, the case
// notes and documents) unreadable to anyone holding only the database or a
// backup of it.
//
// Each case has its own 256-bit data key. Its fields are sealed with
// AES-256-GCM under that key, bound to the case by additional data (its
// id), so a sealed field cannot be moved to another case unnoticed. The
// data key is stored wrapped, itself sealed with AES-256-GCM under the
// master key, which lives outside the database (a file or the
// environment). Rotating the master key re-wraps the data keys, 48 bytes
// each, without touching the fields.
//
// Names are found without a plaintext index: the store keeps keyed hashes
// (HMAC-SHA-256 under a key derived from the master key) of the name as
// written and of its folded form, so a caseworker's search for "nguyen van
// an" finds "Nguyễn Văn An" and the database reveals neither.
package casecrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Sizes, in bytes.
const (
	keySize   = 32 // AES-256
	nonceSize = 12 // GCM's standard nonce
	tagSize   = 16
	idSize    = 8 // of a master key's fingerprint in a wrapped key
	// wrapVersion is the first byte of a wrapped data key, so that a later
	// format can be told apart.
	wrapVersion = 1
	// WrappedSize is the length of a wrapped data key: version, master key
	// fingerprint, nonce, sealed key and tag.
	WrappedSize = 1 + idSize + nonceSize + keySize + tagSize
)

// Errors, for errors.Is. None of them says anything of the plaintext.
var (
	// ErrBadKey: a master key's text is not 64 hexadecimal digits.
	ErrBadKey = errs.New(errs.Invalid, "khóa chính của sổ vụ việc phải là 64 chữ số thập lục phân (32 byte)",
		"the case register's master key must be 64 hexadecimal digits (32 bytes)")
	// ErrWrongKey: a wrapped data key was wrapped by another master key
	// (one rotated out, or another deployment's).
	ErrWrongKey = errs.New(errs.Conflict, "dữ liệu được khóa bằng một khóa chính khác", "the data was locked with another master key")
	// ErrTampered: sealed data was altered, truncated, or belongs to
	// another case.
	ErrTampered = errs.New(errs.Conflict, "dữ liệu mã hóa bị hỏng hoặc không thuộc vụ việc này", "the encrypted data is damaged or belongs to another case")
)

// MasterKey wraps the data keys of every case.
type MasterKey struct {
	key [keySize]byte
	id  [idSize]byte
}

// NewMasterKeyText returns a fresh master key as the text its file holds.
func NewMasterKeyText() string {
	var k [keySize]byte
	_, _ = rand.Read(k[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(k[:])
}

// ParseMasterKey reads a master key from its text: 64 hexadecimal digits,
// spaces and line ends around them ignored.
func ParseMasterKey(text string) (MasterKey, error) {
	var m MasterKey
	b, err := hex.DecodeString(strings.TrimSpace(text))
	if err != nil || len(b) != keySize {
		return m, ErrBadKey
	}
	copy(m.key[:], b)
	sum := sha256.Sum256(append([]byte("tebdg case master key id\x00"), b...))
	copy(m.id[:], sum[:idSize])
	return m, nil
}

func hexString(b []byte) string { return hex.EncodeToString(b) }

// Fingerprint names the key without revealing it, for logs and for telling
// which key wrapped what.
func (m MasterKey) Fingerprint() string { return hex.EncodeToString(m.id[:]) }

// DataKey is one case's key.
type DataKey struct{ key [keySize]byte }

// NewDataKey makes a case's key and returns it with its wrapped form, the
// only form that is stored.
func (m MasterKey) NewDataKey() (DataKey, []byte) {
	var k DataKey
	_, _ = rand.Read(k.key[:])
	return k, m.wrap(k)
}

func (m MasterKey) wrap(k DataKey) []byte {
	out := make([]byte, 0, WrappedSize)
	out = append(out, wrapVersion)
	out = append(out, m.id[:]...)
	nonce := make([]byte, nonceSize)
	_, _ = rand.Read(nonce)
	out = append(out, nonce...)
	return gcm(m.key[:]).Seal(out, nonce, k.key[:], out[:1+idSize])
}

// Unwrap recovers a case's key from its wrapped form: ErrWrongKey when
// another master key wrapped it, ErrTampered when it was altered.
func (m MasterKey) Unwrap(wrapped []byte) (DataKey, error) {
	var k DataKey
	if len(wrapped) != WrappedSize || wrapped[0] != wrapVersion {
		return k, ErrTampered
	}
	if !hmac.Equal(wrapped[1:1+idSize], m.id[:]) {
		return k, ErrWrongKey
	}
	nonce := wrapped[1+idSize : 1+idSize+nonceSize]
	plain, err := gcm(m.key[:]).Open(nil, nonce, wrapped[1+idSize+nonceSize:], wrapped[:1+idSize])
	if err != nil {
		return k, ErrTampered
	}
	copy(k.key[:], plain)
	return k, nil
}

// WrappedBy reports the fingerprint of the master key that wrapped a data
// key, so that a rotation can tell what it has done and what remains.
func WrappedBy(wrapped []byte) string {
	if len(wrapped) != WrappedSize {
		return ""
	}
	return hex.EncodeToString(wrapped[1 : 1+idSize])
}

// Rewrap re-wraps a data key from the old master key to the new one, for a
// rotation; the case's fields stay as they are.
func Rewrap(old, next MasterKey, wrapped []byte) ([]byte, error) {
	k, err := old.Unwrap(wrapped)
	if err != nil {
		return nil, err
	}
	return next.wrap(k), nil
}

// Seal encrypts a field of the case whose additional data is aad (its id):
// a fresh nonce, then the ciphertext and tag.
func (k DataKey) Seal(plaintext, aad []byte) []byte {
	nonce := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	_, _ = rand.Read(nonce)
	return gcm(k.key[:]).Seal(nonce, nonce, plaintext, aad)
}

// Open decrypts a field sealed for the case whose additional data is aad;
// ErrTampered when it was altered or sealed for another case.
func (k DataKey) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < nonceSize+tagSize {
		return nil, ErrTampered
	}
	plain, err := gcm(k.key[:]).Open(nil, sealed[:nonceSize], sealed[nonceSize:], aad)
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}

func gcm(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // the key is always 32 bytes here
	}
	a, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return a
}

// NameHashes returns the keyed hashes a name is found by: of the name as
// written (Unicode NFC, spaces collapsed, lower case) and of its folded
// form (marks dropped, đ as d). Both are empty for a name of no letters.
func (m MasterKey) NameHashes(name string) (exact, folded string) {
	written := normalName(name)
	if written == "" {
		return "", ""
	}
	return m.nameHash("exact", written), m.nameHash("folded", vntext.Fold(written))
}

// nameHash is HMAC-SHA-256 under a key of its own derived from the master
// key, so that the index key is never the key that wraps data keys.
func (m MasterKey) nameHash(kind, s string) string {
	derive := hmac.New(sha256.New, m.key[:])
	derive.Write([]byte("tebdg case name index\x00" + kind))
	mac := hmac.New(sha256.New, derive.Sum(nil))
	mac.Write([]byte(s))
	return hex.EncodeToString(mac.Sum(nil))
}

// normalName is a name as people write it, compared: NFC, one space between
// words, lower case.
func normalName(s string) string {
	s = norm.NFC.String(s)
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	return strings.ToLower(strings.Join(fields, " "))
}
