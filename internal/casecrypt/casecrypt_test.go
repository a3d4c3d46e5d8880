package casecrypt

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func key(t testing.TB) MasterKey {
	t.Helper()
	m, err := ParseMasterKey(NewMasterKeyText())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParseMasterKey(t *testing.T) {
	good := strings.Repeat("ab", 32)
	for _, c := range []struct {
		text string
		ok   bool
	}{
		{good, true},
		{"  " + good + "\n", true},
		{strings.ToUpper(good), true},
		{good[:62], false},
		{good + "00", false},
		{strings.Repeat("zz", 32), false},
		{"", false},
	} {
		_, err := ParseMasterKey(c.text)
		if (err == nil) != c.ok {
			t.Errorf("ParseMasterKey(%q): %v", c.text, err)
		}
		if err != nil && !errors.Is(err, ErrBadKey) {
			t.Errorf("ParseMasterKey(%q): %v, want ErrBadKey", c.text, err)
		}
	}
	a, _ := ParseMasterKey(good)
	b, _ := ParseMasterKey(strings.ToUpper(good))
	if a.Fingerprint() != b.Fingerprint() || len(a.Fingerprint()) != 16 || strings.Contains(good, a.Fingerprint()) {
		t.Errorf("fingerprint %q", a.Fingerprint())
	}
}

func TestSealOpen(t *testing.T) {
	m := key(t)
	k, wrapped := m.NewDataKey()
	if len(wrapped) != WrappedSize || WrappedBy(wrapped) != m.Fingerprint() {
		t.Fatalf("wrapped %d bytes by %q", len(wrapped), WrappedBy(wrapped))
	}
	name := []byte("Nguyễn Thị Hoa")
	sealed := k.Seal(name, []byte("case:7"))
	if bytes.Contains(sealed, name) || bytes.Contains(sealed, []byte("Hoa")) {
		t.Fatal("the sealed field holds the plaintext")
	}
	if again := k.Seal(name, []byte("case:7")); bytes.Equal(again, sealed) {
		t.Error("two seals of one name are equal: the nonce is not fresh")
	}
	k2, err := m.Unwrap(wrapped)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := k2.Open(sealed, []byte("case:7"))
	if err != nil || !bytes.Equal(plain, name) {
		t.Fatalf("open: %q %v", plain, err)
	}
	cases := []struct {
		name   string
		sealed []byte
		aad    string
	}{
		{"another case", sealed, "case:8"},
		{"a flipped byte", flip(sealed, len(sealed)/2), "case:7"},
		{"cut short", sealed[:len(sealed)-1], "case:7"},
		{"too short for a tag", sealed[:10], "case:7"},
		{"empty", nil, "case:7"},
	}
	for _, c := range cases {
		if _, err := k2.Open(c.sealed, []byte(c.aad)); !errors.Is(err, ErrTampered) {
			t.Errorf("%s: %v, want ErrTampered", c.name, err)
		}
	}
	other, _ := key(t).NewDataKey()
	if _, err := other.Open(sealed, []byte("case:7")); !errors.Is(err, ErrTampered) {
		t.Errorf("another case's key opens the field: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

func TestWrapRotate(t *testing.T) {
	old, next := key(t), key(t)
	k, wrapped := old.NewDataKey()
	sealed := k.Seal([]byte("0912 345 678"), []byte("case:1"))
	if _, err := next.Unwrap(wrapped); !errors.Is(err, ErrWrongKey) {
		t.Errorf("the new key unwraps the old wrapping: %v", err)
	}
	if _, err := old.Unwrap(flip(wrapped, WrappedSize-1)); !errors.Is(err, ErrTampered) {
		t.Errorf("an altered wrapping: %v", err)
	}
	if _, err := old.Unwrap(wrapped[:WrappedSize-1]); !errors.Is(err, ErrTampered) {
		t.Errorf("a short wrapping: %v", err)
	}
	rewrapped, err := Rewrap(old, next, wrapped)
	if err != nil || WrappedBy(rewrapped) != next.Fingerprint() {
		t.Fatalf("rewrap: %v", err)
	}
	k2, err := next.Unwrap(rewrapped)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := k2.Open(sealed, []byte("case:1")); err != nil || string(plain) != "0912 345 678" {
		t.Errorf("after rotation the field reads %q %v", plain, err)
	}
	if _, err := Rewrap(next, old, wrapped); !errors.Is(err, ErrWrongKey) {
		t.Errorf("rewrap with the wrong old key: %v", err)
	}
}

func TestNameHashes(t *testing.T) {
	m, other := key(t), key(t)
	exact, folded := m.NameHashes("Nguyễn Văn An")
	for _, c := range []struct {
		name              string
		sameExact, sameFd bool
	}{
		{"Nguyễn Văn An", true, true},
		{"  nguyễn   văn an ", true, true},        // spaces and case
		{"Nguye\u0302\u0303n Văn An", true, true}, // NFD as some keyboards type it
		{"nguyen van an", false, true},            // without marks: the folded match
		{"NGUYEN VAN AN", false, true},
		{"Nguyễn Văn Anh", false, false},
	} {
		e, f := m.NameHashes(c.name)
		if (e == exact) != c.sameExact || (f == folded) != c.sameFd {
			t.Errorf("%q: exact %v folded %v", c.name, e == exact, f == folded)
		}
	}
	if e, f := other.NameHashes("Nguyễn Văn An"); e == exact || f == folded {
		t.Error("another deployment's key gives the same hashes")
	}
	if e, f := m.NameHashes(" \t "); e != "" || f != "" {
		t.Errorf("a blank name hashes to %q %q", e, f)
	}
	if exact == folded || strings.Contains(exact, "nguyen") {
		t.Error("the two indexes share a hash, or a hash shows the name")
	}
}

// FuzzOpen: whatever bytes the database holds, opening them never panics
// and never succeeds unless they were sealed for that case.
func FuzzOpen(f *testing.F) {
	m, _ := ParseMasterKey(strings.Repeat("01", 32))
	k, wrapped := m.NewDataKey()
	f.Add(k.Seal([]byte("tên"), []byte("case:1")), wrapped)
	f.Add([]byte{}, []byte{1})
	f.Fuzz(func(t *testing.T, sealed, w []byte) {
		if _, err := k.Open(sealed, []byte("case:2")); err == nil && len(sealed) > 0 {
			t.Fatalf("opened %x sealed for another case", sealed)
		}
		_, _ = m.Unwrap(w)
		_ = WrappedBy(w)
	})
}

// FuzzParseMasterKey: a key file's text never panics the parser, and what
// it accepts is 32 bytes.
func FuzzParseMasterKey(f *testing.F) {
	f.Add(strings.Repeat("ab", 32))
	f.Add("xyz")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMasterKey(s)
		if err == nil && len(m.Fingerprint()) != 16 {
			t.Fatal("accepted key without a fingerprint")
		}
	})
}

func BenchmarkOpenCase(b *testing.B) {
	m := key(b)
	k, wrapped := m.NewDataKey()
	fields := k.Seal([]byte(`{"full_name":"Nguyễn Thị Hoa","birth_date":"2014-05-02","address":"Thôn 3, xã Đồng Sơn","phone":"0912345678","id_number":"022314000123"}`), []byte("case:1"))
	for b.Loop() {
		dk, err := m.Unwrap(wrapped)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dk.Open(fields, []byte("case:1")); err != nil {
			b.Fatal(err)
		}
	}
}
