package domain

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"tebdg/internal/errs"
	"tebdg/internal/orgtime"
)

func TestReorgIntoTakesACodeOrAUnit(t *testing.T) {
	for _, tc := range []struct {
		body, code string
		isNew      bool
		bad        bool
	}{
		{`"qn-sxd"`, "qn-sxd", false, false},
		{`{"code":"QN-SXD","name":"Sở Xây dựng","parent":"QN","kind":"agency"}`, "QN-SXD", true, false},
		{`null`, "", false, false},
		{`12`, "", false, true},
		{`[]`, "", false, true},
	} {
		var in ReorgInto
		err := json.Unmarshal([]byte(tc.body), &in)
		if (err != nil) != tc.bad {
			t.Errorf("%s: error %v", tc.body, err)
			continue
		}
		if tc.bad {
			continue
		}
		if in.Code != tc.code || (in.New != nil) != tc.isNew {
			t.Errorf("%s: got %+v", tc.body, in)
		}
		// It writes back the way it was read.
		b, _ := json.Marshal(in)
		var again ReorgInto
		if err := json.Unmarshal(b, &again); err != nil || again.Code != in.Code || (again.New != nil) != tc.isNew {
			t.Errorf("%s: round trip %s gives %+v (%v)", tc.body, b, again, err)
		}
	}
}

func FuzzReorgInto(f *testing.F) {
	for _, s := range []string{`"QN-SXD"`, `{"code":"A","name":"B"}`, `null`, `{`, `"`, `{"code":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var in ReorgInto
		if err := json.Unmarshal([]byte(body), &in); err != nil {
			return
		}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("%q read but does not write: %v", body, err)
		}
		var again ReorgInto
		if err := json.Unmarshal(b, &again); err != nil || again.Code != in.Code {
			t.Fatalf("%q: %s reads back as %+v (%v)", body, b, again, err)
		}
	})
}

func TestReorgInputValidate(t *testing.T) {
	ok := ReorgInput{Kind: orgtime.Merge, Effective: "2025-03-01", Units: []string{"qn-sgtvt"}, Into: ReorgInto{Code: "qn-sxd"},
		Decision: "Quyết định số 512/QĐ-UBND"}
	for _, tc := range []struct {
		name  string
		edit  func(*ReorgInput)
		field string
	}{
		{"a merger into an existing unit", func(*ReorgInput) {}, ""},
		{"no date", func(in *ReorgInput) { in.Effective = "" }, "effective"},
		{"a date not a date", func(in *ReorgInput) { in.Effective = "01/03/2025" }, "effective"},
		{"no decision", func(in *ReorgInput) { in.Decision = " " }, "decision"},
		{"an unknown kind", func(in *ReorgInput) { in.Kind = "absorb" }, "kind"},
		{"a merger into nothing", func(in *ReorgInput) { in.Into = ReorgInto{} }, "units"},
		{"a new unit without a name", func(in *ReorgInput) { in.Into = ReorgInto{Code: "QN-SXD2", New: &ReorgUnit{}} }, "into"},
		{"a rename without a name", func(in *ReorgInput) { in.Kind, in.Into = orgtime.Rename, ReorgInto{} }, "name"},
		{"a move without a parent", func(in *ReorgInput) { in.Kind, in.Into = orgtime.Move, ReorgInto{} }, "parent"},
		{"a split of one part", func(in *ReorgInput) {
			in.Kind, in.Into = orgtime.Split, ReorgInto{}
			in.Parts = []ReorgPart{{ReorgUnit: ReorgUnit{Code: "A"}, Share: 1}}
		}, "parts"},
		{"a bad code", func(in *ReorgInput) { in.Units = []string{"Q N"} }, "units"},
	} {
		in := ok
		in.Units = append([]string(nil), ok.Units...)
		tc.edit(&in)
		in.Normalize()
		err := in.Validate()
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.field != "" && (err == nil || errs.As(err).Field != tc.field):
			t.Errorf("%s: error %v, want one on %s", tc.name, err, tc.field)
		}
	}
}

func TestOrgTimelineReadsPeriodsBack(t *testing.T) {
	acts := []Reorganisation{
		{ID: 1, ReorgInput: ReorgInput{Kind: orgtime.Merge, Effective: "2025-03-01", Units: []string{"SGTVT"}, Into: ReorgInto{Code: "SXD"}, Decision: "QĐ 512"},
			Changes: []ReorgChange{{Code: "TTS", Parent: "SGTVT", NewParent: "SXD"}, {Code: "SGTVT", Parent: "QN", NewParent: "SXD", Ended: true}}},
		{ID: 2, ReorgInput: ReorgInput{Kind: orgtime.Rename, Effective: "2026-06-01", Units: []string{"TTS"}, Name: "Thanh tra Sở Xây dựng"},
			Changes: []ReorgChange{{Code: "TTS", Name: "Thanh tra Sở", NewName: "Thanh tra Sở Xây dựng"}}},
	}
	names := map[string]string{"QN": "Tỉnh Quảng Ninh", "SGTVT": "Sở Giao thông vận tải", "SXD": "Sở Xây dựng"}
	tts := OrgUnit{Code: "TTS", Name: "Thanh tra Sở Xây dựng", ParentCode: "SXD"}
	periods, entries := OrgTimeline(tts, acts, names)
	want := []OrgPeriod{
		{To: "2025-02-28", Name: "Thanh tra Sở", Parent: "SGTVT", ParentName: "Sở Giao thông vận tải"},
		{From: "2025-03-01", To: "2026-05-31", Name: "Thanh tra Sở", Parent: "SXD", ParentName: "Sở Xây dựng"},
		{From: "2026-06-01", Name: "Thanh tra Sở Xây dựng", Parent: "SXD", ParentName: "Sở Xây dựng"},
	}
	if len(periods) != len(want) {
		t.Fatalf("periods: %+v", periods)
	}
	for i := range want {
		if periods[i] != want[i] {
			t.Errorf("period %d: %+v, want %+v", i, periods[i], want[i])
		}
	}
	if len(entries) != 2 || entries[0].Role != "moved" || entries[1].Role != "renamed" {
		t.Errorf("entries: %+v", entries)
	}
	// The merged department: one period to its last day under the province,
	// and the act that ended it, naming its successor.
	sgtvt := OrgUnit{Code: "SGTVT", Name: "Sở Giao thông vận tải", ParentCode: "SXD", ActiveTo: "2025-02-28"}
	periods, entries = OrgTimeline(sgtvt, acts, names)
	if len(periods) != 1 || periods[0].Parent != "QN" || periods[0].To != "2025-02-28" {
		t.Errorf("merged department: %+v", periods)
	}
	if len(entries) != 1 || entries[0].Role != "ended" || entries[0].Names[0] != "Sở Xây dựng" {
		t.Errorf("merged department's acts: %+v", entries)
	}
	// The successor received it.
	_, entries = OrgTimeline(OrgUnit{Code: "SXD", Name: "Sở Xây dựng", ParentCode: "QN"}, acts, names)
	if len(entries) != 1 || entries[0].Role != "received" || entries[0].Others[0] != "SGTVT" {
		t.Errorf("successor's acts: %+v", entries)
	}
}

func TestParseReorgParts(t *testing.T) {
	for _, tc := range []struct {
		text  string
		want  []ReorgPart
		field string
	}{
		{"qn-syt-a; 0,6; Sở Y tế; QN-SYT-VP, qn-syt-tt\nQN-SDS; 40%; Sở Dân số;", []ReorgPart{
			{ReorgUnit: ReorgUnit{Code: "QN-SYT-A", Name: "Sở Y tế"}, Share: 0.6, Takes: []string{"QN-SYT-VP", "QN-SYT-TT"}},
			{ReorgUnit: ReorgUnit{Code: "QN-SDS", Name: "Sở Dân số"}, Share: 0.4}}, ""},
		{"QN-A; 0.5\r\n\r\nQN-B; .5", []ReorgPart{{ReorgUnit: ReorgUnit{Code: "QN-A"}, Share: 0.5}, {ReorgUnit: ReorgUnit{Code: "QN-B"}, Share: 0.5}}, ""},
		{"QN-A; một nửa", nil, "parts"},
		{"QN-A; 0,5; a; b; c", nil, "parts"},
		{"QN-A; 0,5,5", nil, "parts"},
		{"", nil, ""},
	} {
		got, err := ParseReorgParts(tc.text)
		if tc.field != "" {
			if err == nil || errs.As(err).Field != tc.field {
				t.Errorf("%q: error %v", tc.text, err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%q: %+v %v", tc.text, got, err)
			continue
		}
		for i := range got {
			g, w := got[i], tc.want[i]
			if g.Code != w.Code || g.Name != w.Name || math.Abs(g.Share-w.Share) > 1e-9 || strings.Join(g.Takes, ",") != strings.Join(w.Takes, ",") {
				t.Errorf("%q part %d: %+v, want %+v", tc.text, i, g, w)
			}
		}
	}
}

func FuzzParseReorgParts(f *testing.F) {
	for _, s := range []string{"QN-A; 0,6; Sở A; X, Y\nQN-B; 40%", "a;b;c;d;e", ";;;", "\n\n", "QN; 1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		parts, err := ParseReorgParts(text)
		if err != nil {
			return
		}
		if len(parts) > MaxReorgParts {
			t.Fatalf("%d parts", len(parts))
		}
		for _, p := range parts {
			if p.Share < 0 || math.IsNaN(p.Share) || p.Share > 1e6 {
				t.Fatalf("share %v from %q", p.Share, text)
			}
		}
	})
}
