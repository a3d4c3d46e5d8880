package casecrypt

import (
	"strings"
)

// Keyring is the master keys a deployment holds: the current one, which
// wraps new cases, then those it was rotated from, which still unwrap the
// cases a rotation has not reached yet. Its file holds one key per line,
// current first; lines starting with # are comments.
type Keyring struct {
	keys []MasterKey
}

// NewKeyring is a keyring of the given keys, current first.
func NewKeyring(current MasterKey, older ...MasterKey) Keyring {
	return Keyring{keys: append([]MasterKey{current}, older...)}
}

// ParseKeyring reads a keyring file: ErrBadKey when a line is not a key or
// there is none.
func ParseKeyring(text string) (Keyring, error) {
	var k Keyring
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m, err := ParseMasterKey(line)
		if err != nil {
			return Keyring{}, err
		}
		if _, dup := k.Find(m.Fingerprint()); !dup {
			k.keys = append(k.keys, m)
		}
	}
	if len(k.keys) == 0 {
		return Keyring{}, ErrBadKey
	}
	return k, nil
}

// Text writes the keyring as its file holds it.
func (k Keyring) Text() string {
	var b strings.Builder
	b.WriteString("# tebdg case register master keys: the first wraps new cases; keep this file apart from the database and its backups\n")
	for _, m := range k.keys {
		b.WriteString(m.text())
		b.WriteByte('\n')
	}
	return b.String()
}

// Empty reports whether the keyring holds no key (the zero Keyring).
func (k Keyring) Empty() bool { return len(k.keys) == 0 }

// Current is the key that wraps new cases.
func (k Keyring) Current() MasterKey { return k.keys[0] }

// Keys lists every key, current first.
func (k Keyring) Keys() []MasterKey { return k.keys }

// Find returns the key of a fingerprint.
func (k Keyring) Find(fingerprint string) (MasterKey, bool) {
	for _, m := range k.keys {
		if m.Fingerprint() == fingerprint {
			return m, true
		}
	}
	return MasterKey{}, false
}

// Unwrap recovers a data key with whichever key of the ring wrapped it.
func (k Keyring) Unwrap(wrapped []byte) (DataKey, error) {
	m, ok := k.Find(WrappedBy(wrapped))
	if !ok {
		return DataKey{}, ErrWrongKey
	}
	return m.Unwrap(wrapped)
}

// Rotated is the keyring with a new current key, the others kept.
func (k Keyring) Rotated(next MasterKey) Keyring {
	return Keyring{keys: append([]MasterKey{next}, k.keys...)}
}

// Retire is the keyring with only the keys whose fingerprints are in
// used, and the current one.
func (k Keyring) Retire(used map[string]bool) Keyring {
	out := Keyring{keys: k.keys[:1:1]}
	for _, m := range k.keys[1:] {
		if used[m.Fingerprint()] {
			out.keys = append(out.keys, m)
		}
	}
	return out
}

func (m MasterKey) text() string { return hexString(m.key[:]) }
