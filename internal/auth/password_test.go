package auth

import (
	"strings"
	"testing"

	"tebdg/internal/errs"
)

func TestHashAndVerify(t *testing.T) {
	h := NewHasher(TestParams)
	hash, err := h.Hash("cầu Bãi Cháy lộng gió")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not carry its parameters", hash)
	}
	other, _ := h.Hash("cầu Bãi Cháy lộng gió")
	if other == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		hash, password string
		want           bool
	}{
		{hash, "cầu Bãi Cháy lộng gió", true},
		{hash, "cau Bai Chay long gio", false},
		{hash, "", false},
		{"", "anything", false}, // no such user: checked against the dummy
		{"$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "x", false},
		{"$argon2id$v=18$m=64,t=1,p=1$c2FsdA$a2V5", "x", false},
		{"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5", "x", false}, // absurd memory from a tampered row
		{"$argon2id$v=19$m=64,t=1,p=1$!!!$a2V5", "x", false},
		{"plain-text-password", "plain-text-password", false},
	}
	for _, tt := range tests {
		if got := h.Verify(tt.hash, tt.password); got != tt.want {
			t.Errorf("Verify(%q, %q) = %v", tt.hash, tt.password, got)
		}
	}
	// A hash made with other parameters still verifies: they are in it.
	strong := NewHasher(Params{Memory: 128, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	h2, _ := strong.Hash("mật khẩu cũ vẫn dùng được")
	if !h.Verify(h2, "mật khẩu cũ vẫn dùng được") {
		t.Error("a hash with other parameters does not verify")
	}
}

func FuzzVerify(f *testing.F) {
	h := NewHasher(TestParams)
	good, _ := h.Hash("secret-password")
	f.Add(good, "secret-password")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "")
	f.Add("$$$$$$", "x")
	f.Fuzz(func(t *testing.T, hash, password string) {
		if strings.Contains(hash, "m=") && !strings.HasPrefix(hash, "$argon2id$v=19$m=64,") {
			// Keep the fuzzer from asking for big memory costs; the bound
			// itself is tested above.
			return
		}
		_ = h.Verify(hash, password) // must not panic
	})
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password, username string
		ok                 bool
	}{
		{"cầu Bãi Cháy lộng gió", "lan", true},
		{"0123456789", "lan", false}, // common
		{"ngắn quá", "lan", false},   // 8 characters
		{"nguyen.van.a-2024", "nguyen.van.a", false},
		{strings.Repeat("a", 257), "lan", false},
		{"đúng mười ký tự", "lan", true},
	}
	for _, tt := range tests {
		e := CheckPassword("password", tt.password, tt.username)
		if (e == nil) != tt.ok {
			t.Errorf("CheckPassword(%q, %q) = %v, want ok=%v", tt.password, tt.username, e, tt.ok)
		}
		if e != nil && (e.Code != errs.Invalid || e.Field != "password" || e.EN == "") {
			t.Errorf("CheckPassword(%q): %+v", tt.password, e)
		}
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		p := GeneratePassword()
		if len(p) != 16 || strings.ContainsAny(p, "0O1lI") || seen[p] {
			t.Fatalf("generated %q", p)
		}
		if e := CheckPassword("password", p, "someone"); e != nil {
			t.Fatalf("a generated password fails the policy: %v", e)
		}
		seen[p] = true
	}
}

func TestSecrets(t *testing.T) {
	a, ha := NewSecret("tebdg_")
	b, _ := NewSecret("tebdg_")
	if !strings.HasPrefix(a, "tebdg_") || len(a) < 40 || a == b || HashSecret(a) != ha || len(ha) != 64 {
		t.Errorf("secret %q hash %q", a, ha)
	}
}

// One sign-in's worth of hashing with the production parameters.
func BenchmarkHashDefault(b *testing.B) {
	h := NewHasher(DefaultParams)
	for b.Loop() {
		if _, err := h.Hash("cầu Bãi Cháy lộng gió"); err != nil {
			b.Fatal(err)
		}
	}
}
