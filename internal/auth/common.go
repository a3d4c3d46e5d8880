package auth

import (
	"strings"
	"sync"

	"github.com/trustelem/zxcvbn/frequency"

	"tebdg/internal/vntext"
)

// vietnameseCommon are choices Vietnamese users are known to make that an
// English-language list misses: "password", "I love you", greetings, the
// country and its big cities, the province this began in, the words for
// administrator, user and account, common surnames, and the abbreviations
// of the agencies that use tebdg. It is written by hand, folded (no marks,
// đ as d, no spaces), and kept short on purpose: it is not ranked by any
// count, only a guard against the obvious. Each entry is also refused with
// digits or symbols around it ("matkhau@2024"), and the "123456a@" style of
// default password (a run of digits with a letter or two and a symbol) is
// refused by the sequence rule, since what stands beside the run is too
// short to count.
var vietnameseCommon = []string{
	"matkhau", "matkhaumoi", "doimatkhau", "matkhaucuatoi", "khongcomatkhau",
	"anhyeuem", "emyeuanh", "yeuem", "yeuanh", "anhyeuemnhieu", "emyeuanhnhieu", "toiyeuem",
	"yeuemnhieu", "maimaiyeuem", "xinchao", "chaoban", "hanhphuc", "giadinh", "yeubame",
	"vietnam", "vietnamvodich", "toiyeuvietnam", "hanoi", "saigon", "hochiminh", "tphcm",
	"danang", "haiphong", "cantho", "quangninh", "halong", "vinhhalong", "nhatrang", "dalat",
	"vungtau", "quantri", "quantrivien", "nguoidung", "taikhoan", "dangnhap", "baomat",
	"khongbiet", "nguyen", "tran", "pham", "hoang", "huynh", "phan", "dang", "duong",
	"ubnd", "hdnd", "sldtbxh", "ldtbxh", "sgtvt", "gtvt", "sxd", "syte", "sgddt", "congan",
}

// commonPasswords is the set of common passwords, folded, each also without
// the digits and symbols around it. Its main part is the 30,000 most
// frequent passwords of the zxcvbn project (from leaked password sets,
// ranked by how often they occur), which the trustelem/zxcvbn module (MIT
// licence) carries compiled in; the set is built on first use.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	list := frequency.FrequencyLists["passwords"]
	set := make(map[string]bool, 2*(len(list)+len(vietnameseCommon)))
	add := func(p string) {
		f := vntext.Fold(p)
		set[f] = true
		if b := trimNonLetters(f); len(b) >= minCommonBase {
			set[b] = true
		}
	}
	for _, p := range list {
		add(p)
	}
	for _, p := range vietnameseCommon {
		add(p)
	}
	return set
})

// minCommonBase is the shortest letters-only part that is looked up once
// digits and symbols are taken off: shorter ones ("a" of "a123456") would
// say little, and the other rules catch what stands around them.
const minCommonBase = 3

// trimNonLetters takes the digits, symbols and spaces off both ends of a
// folded password: "password1234" and "!!matkhau2024" become "password"
// and "matkhau".
func trimNonLetters(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !isLetter(r) })
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r > 0x7f }

// unleet undoes the usual look-alike swaps (p@ssw0rd), with 1 read as i or
// as l; it only runs on what trimNonLetters kept, so trailing digits are
// not turned into letters.
func unleet(s string, one byte) string {
	if !strings.ContainsAny(s, "@4031!$57+") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		switch c {
		case '@', '4':
			b[i] = 'a'
		case '0':
			b[i] = 'o'
		case '3':
			b[i] = 'e'
		case '1':
			b[i] = one
		case '!':
			b[i] = 'i'
		case '$', '5':
			b[i] = 's'
		case '7', '+':
			b[i] = 't'
		}
	}
	return string(b)
}

// isCommon reports whether a folded password, or it with its separators,
// surrounding digits and symbols, or look-alike swaps taken out, is a
// common password.
func isCommon(folded string) bool {
	set := commonPasswords()
	for _, f := range []string{folded, stripSeparators(folded)} {
		if set[f] {
			return true
		}
		base := trimNonLetters(f)
		if len(base) < minCommonBase {
			continue
		}
		for _, b := range []string{base, unleet(base, 'i'), unleet(base, 'l')} {
			if set[b] || set[trimNonLetters(b)] {
				return true
			}
		}
	}
	return false
}

// stripSeparators removes spaces and the punctuation people put between
// words ("anh yeu em", "mat.khau", "te&bdg"), so spaced and joined forms
// compare alike.
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '_', '&', ',', '+', '/':
			return -1
		}
		return r
	}, s)
}
