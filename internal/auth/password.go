// Package auth holds sign-in secrets (passwords, session ids, API tokens)
// and the authorization policy: which role may do what, where.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Params are argon2id's cost parameters.
//
// The defaults follow the OWASP recommendation of 19 MiB of memory, two
// passes and one lane. On the two-core servers agencies run, one hash takes
// about 25–40 ms, and Hasher lets at most one hash per core run at a time,
// so a burst of sign-ins needs at most 2 × 19 MiB and cannot starve the rest
// of the server. Hashes carry their parameters, so raising them later only
// affects new passwords.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams are the parameters for new passwords.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// TestParams are cheap parameters for tests; never use them in production.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Hasher hashes and verifies passwords with bounded concurrency.
type Hasher struct {
	params Params
	slots  chan struct{}
	dummy  string // a hash to verify against when the user does not exist
}

// NewHasher returns a hasher for p.
func NewHasher(p Params) *Hasher {
	h := &Hasher{params: p, slots: make(chan struct{}, max(1, runtime.NumCPU()))}
	h.dummy, _ = h.Hash("tebdg-dummy-password")
	return h
}

// Hash returns the PHC-format hash of a password:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", errs.Wrap(err, "salt")
	}
	key := h.derive([]byte(password), salt, h.params, h.params.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches hash. An empty hash (no such user)
// is checked against a dummy so the answer takes as long either way.
func (h *Hasher) Verify(hash, password string) bool {
	if hash == "" {
		h.verify(h.dummy, password)
		return false
	}
	return h.verify(hash, password)
}

func (h *Hasher) verify(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	// Refuse absurd parameters from a tampered row rather than allocate them.
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := h.derive([]byte(password), salt, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// derive runs argon2id in one of the hasher's slots. Each run allocates its
// whole memory cost (19 MiB by default) at once; when the last running hash
// ends, that memory is handed back to the operating system, since sign-ins
// are rare and an idle server should stay small.
func (h *Hasher) derive(password, salt []byte, p Params, keyLen uint32) []byte {
	h.slots <- struct{}{}
	key := argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, keyLen)
	<-h.slots
	if p.Memory >= 1024 && len(h.slots) == 0 {
		go debug.FreeOSMemory()
	}
	return key
}

// MinPasswordLen is the shortest password accepted, in characters. NIST
// SP 800-63B asks for at least 8 and recommends more; 12 keeps a passphrase
// ("cầu Bãi Cháy") easy and puts a guessing attack far out of reach, since
// length counts for more than any rule about character classes.
const MinPasswordLen = 12

// MaxPasswordLen bounds the work one sign-in can cause.
const MaxPasswordLen = 256

// CheckPassword applies the password policy for a user name, and says why
// a password is refused: too short, too long, holding the user name or the
// system's name, one character or a short piece repeated, a run of the
// keyboard or the alphabet, or a common password (compared without case,
// Vietnamese marks, separators, look-alike swaps, or the digits and symbols
// around it). Nothing else is asked: no mix of character classes, no expiry.
func CheckPassword(field, password, username string) *errs.Error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return errs.Fieldf(field, "mật khẩu phải có ít nhất %d ký tự (mật khẩu này có %d); một câu dễ nhớ gồm vài từ là đủ dài",
			"the password must be at least %d characters long (this one has %d); a short sentence of a few words is long enough", MinPasswordLen, n)
	}
	if len(password) > MaxPasswordLen {
		return errs.Fieldf(field, "mật khẩu dài quá %d byte", "the password is longer than %d bytes", MaxPasswordLen)
	}
	folded := vntext.Fold(password)
	compact := stripSeparators(folded)
	// The user name is looked for as written and without its separators
	// (nguyen.van.a in "NguyenVanA2024"), when either form is long enough
	// to mean something.
	name, bare := vntext.Fold(username), stripSeparators(vntext.Fold(username))
	if utf8.RuneCountInString(name) >= 3 && strings.Contains(folded, name) ||
		utf8.RuneCountInString(bare) >= 3 && strings.Contains(compact, bare) {
		return errs.Field(field, "mật khẩu không được chứa tên đăng nhập: người khác biết tên này và sẽ thử nó trước",
			"the password must not contain the user name: others know it and try it first")
	}
	if strings.Contains(compact, systemName) {
		return errs.Field(field, "mật khẩu không được chứa tên hệ thống (TE&BĐG): đó là từ kẻ gian thử đầu tiên",
			"the password must not contain the system's name (TE&BĐG): it is the first word an attacker tries")
	}
	if isRepetitive(folded) {
		return errs.Fieldf(field, "mật khẩu chỉ là một ký tự hoặc một nhóm ngắn lặp lại, hoặc dùng chưa tới %d ký tự khác nhau: rất dễ đoán",
			"the password is one character or a short group repeated, or uses fewer than %d different characters: it is easy to guess", minDistinct)
	}
	if isSequential(folded) {
		return errs.Field(field, "mật khẩu là một dãy liền nhau trên bàn phím hoặc trong bảng chữ cái (như 123456…, abcdef…, qwerty…): rất dễ đoán",
			"the password is a run along the keyboard or the alphabet (like 123456…, abcdef…, qwerty…): it is easy to guess")
	}
	if isCommon(folded) {
		return errs.Field(field, "mật khẩu này nằm trong danh sách mật khẩu phổ biến nhất (kể cả khi thêm chữ số, ký hiệu hay viết hoa), là những mật khẩu kẻ gian thử đầu tiên",
			"this password is on the list of the most common passwords (also with digits, symbols or capitals added), which attackers try first")
	}
	return nil
}

// GeneratePassword returns a random 16-character password from an alphabet
// without look-alike characters (no 0/O, 1/l/I), easy to read out loud.
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	// Bytes at or above the largest multiple of the alphabet's size are
	// dropped, so every character is equally likely.
	limit := byte(256 / len(alphabet) * len(alphabet))
	out := make([]byte, 0, 16)
	buf := make([]byte, 32)
	for len(out) < 16 {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
		for _, c := range buf {
			if c < limit && len(out) < 16 {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// NewSecret returns a random value for a session cookie or an API token,
// and the SHA-256 hex of it, which is what the database keeps.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret returns the SHA-256 hex of a session id or token.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
