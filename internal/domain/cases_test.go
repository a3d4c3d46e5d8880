package domain

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
)

// vn is a moment in Vietnam's time.
func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, vntext.Location)
}

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, e := range errs.Fields(err) {
		if e.VI == "" || e.EN == "" {
			t.Errorf("message missing in one language: %+v", e)
		}
		out = append(out, e.Field)
	}
	return out
}

func TestCaseValidate(t *testing.T) {
	now := vn(2025, 6, 10, 9, 0)
	good := func() Case {
		return Case{Kind: CaseAbuse, Source: SourceHotline111, ReceivedAt: now.Add(-2 * time.Hour),
			Subject: CaseSubject{FullName: "Nguyễn Văn An", BirthDate: "2015-03-15", Sex: "male", Phone: "0912 345 678", IDNumber: "012345678901"},
			Summary: "Hàng xóm báo trẻ bị đánh."}
	}
	tests := []struct {
		name   string
		change func(c *Case)
		fields []string
	}{
		{"a good case", func(*Case) {}, nil},
		{"no kind, source or summary", func(c *Case) { c.Kind, c.Source, c.Summary = "", "", "  " }, []string{"kind", "source", "summary"}},
		{"an unknown kind", func(c *Case) { c.Kind = "theft" }, []string{"kind"}},
		{"an unknown source", func(c *Case) { c.Source = "radio" }, []string{"source"}},
		{"an unknown risk", func(c *Case) { c.Risk = "extreme" }, []string{"risk"}},
		{"not received", func(c *Case) { c.ReceivedAt = time.Time{} }, []string{"received_at"}},
		{"received tomorrow", func(c *Case) { c.ReceivedAt = now.Add(24 * time.Hour) }, []string{"received_at"}},
		{"received a minute ahead of the server's clock", func(c *Case) { c.ReceivedAt = now.Add(time.Minute) }, nil},
		{"a birth date written the Vietnamese way", func(c *Case) { c.Subject.BirthDate = "15/03/2015" }, []string{"subject.birth_date"}},
		{"a birth date without zeros", func(c *Case) { c.Subject.BirthDate = "2015-3-5" }, []string{"subject.birth_date"}},
		{"a day that does not exist", func(c *Case) { c.Subject.BirthDate = "2015-02-30" }, []string{"subject.birth_date"}},
		{"born in the future", func(c *Case) { c.Subject.BirthDate = "2026-01-01" }, []string{"subject.birth_date"}},
		{"born 120 years ago", func(c *Case) { c.Subject.BirthDate = "1905-01-01" }, []string{"subject.birth_date"}},
		{"no birth date", func(c *Case) { c.Subject.BirthDate = " " }, nil},
		{"sex as a word of Vietnamese", func(c *Case) { c.Subject.Sex = "Nữ" }, nil},
		{"sex not known", func(c *Case) { c.Subject.Sex = "" }, nil},
		{"sex as something else", func(c *Case) { c.Subject.Sex = "x" }, []string{"subject.sex"}},
		{"a phone with letters", func(c *Case) { c.Subject.Phone = "call me" }, []string{"subject.phone"}},
		{"a phone with a country code", func(c *Case) { c.Subject.Phone = "+84 (912) 345-678" }, nil},
		{"an ID number with a dash", func(c *Case) { c.Subject.IDNumber = "0123-45678901" }, []string{"subject.id_number"}},
		{"an ID number too long", func(c *Case) { c.Subject.IDNumber = strings.Repeat("1", 21) }, []string{"subject.id_number"}},
		{"a name too long", func(c *Case) { c.Subject.FullName = strings.Repeat("Ánh ", 60) }, []string{"subject.full_name"}},
		{"an unknown measure", func(c *Case) { c.DVMeasures = []string{"shelter", "prison"} }, []string{"dv_measures"}},
		{"a measure of the law", func(c *Case) { c.DVMeasures = []string{"shelter", "no-contact-commune"} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(&c)
			got := fieldsOf(t, c.Validate(now))
			if !slices.Equal(got, tt.fields) {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestCaseValidateCleans(t *testing.T) {
	now := vn(2025, 6, 10, 9, 0)
	for _, tt := range []struct{ in, want string }{
		{"nam", "male"}, {" NAM ", "male"}, {"nữ", "female"}, {"NỮ", "female"}, {"nu", "female"},
		{norm.NFD.String("nữ"), "female"}, // as a decomposing keyboard (Unikey's "Unicode tổ hợp") writes it
		{"Female", "female"}, {"", ""},
	} {
		c := Case{Kind: CaseNeglect, Source: SourceSchool, ReceivedAt: now, Summary: "x", Subject: CaseSubject{Sex: tt.in}}
		if err := c.Validate(now); err != nil {
			t.Errorf("sex %q: %v", tt.in, err)
		}
		if c.Subject.Sex != tt.want {
			t.Errorf("sex %q became %q, want %q", tt.in, c.Subject.Sex, tt.want)
		}
	}

	c := Case{Kind: CaseNeglect, Source: SourceSchool, ReceivedAt: now, Summary: "  x  ",
		Subject:  CaseSubject{FullName: "  Trần \t Thị  Bình ", BirthDate: " 2012-06-10 "},
		Reporter: CaseReporter{Anonymous: true, Name: "Lê Văn C", Contact: "0987 654 321", Relation: " hàng  xóm "}}
	if err := c.Validate(now); err != nil {
		t.Fatal(err)
	}
	if c.Reporter.Name != "" || c.Reporter.Contact != "" {
		t.Errorf("an anonymous reporter kept name %q and contact %q", c.Reporter.Name, c.Reporter.Contact)
	}
	if c.Reporter.Relation != "hàng xóm" || c.Subject.FullName != "Trần Thị Bình" || c.Summary != "x" || c.Subject.BirthDate != "2012-06-10" {
		t.Errorf("not cleaned: %+v", c)
	}
	if c.Risk != RiskMedium {
		t.Errorf("risk %q, want medium when not given", c.Risk)
	}
	if c.AgeGroup != "12-15" {
		t.Errorf("age group %q of a child turning 13 the day received, want 12-15", c.AgeGroup)
	}

	named := Case{Kind: CaseNeglect, Source: SourceSchool, ReceivedAt: now, Summary: "x",
		Reporter: CaseReporter{Name: "Lê Văn C", Contact: "0987 654 321"}}
	if err := named.Validate(now); err != nil || named.Reporter.Name != "Lê Văn C" || named.Reporter.Contact != "0987 654 321" {
		t.Errorf("a named reporter: %v %+v", err, named.Reporter)
	}
	if named.Subject.FullName == "" || named.AgeGroup != "unknown" {
		t.Errorf("a subject without name or birth date: %q %q", named.Subject.FullName, named.AgeGroup)
	}

	// A refusal never repeats what was refused.
	bad := Case{Kind: CaseNeglect, Source: SourceSchool, ReceivedAt: now, Summary: "x",
		Subject: CaseSubject{Phone: "Canary-Phone", IDNumber: "CANARYID", BirthDate: "canary"}}
	for _, e := range errs.Fields(bad.Validate(now)) {
		if strings.Contains(strings.ToLower(e.VI+e.EN), "canary") {
			t.Errorf("the message repeats the value: %+v", e)
		}
	}
}

func TestAge(t *testing.T) {
	tests := []struct {
		name  string
		birth string
		day   time.Time
		age   int
		ok    bool
		group string
	}{
		{"the day before the 6th birthday", "2019-06-10", vn(2025, 6, 9, 12, 0), 5, true, "0-5"},
		{"the 6th birthday", "2019-06-10", vn(2025, 6, 10, 0, 0), 6, true, "6-11"},
		{"born today", "2025-06-10", vn(2025, 6, 10, 12, 0), 0, true, "0-5"},
		{"the 12th birthday", "2013-06-10", vn(2025, 6, 10, 8, 0), 12, true, "12-15"},
		{"the eve of the 16th birthday", "2009-06-10", vn(2025, 6, 9, 23, 59), 15, true, "12-15"},
		{"the 16th birthday", "2009-06-10", vn(2025, 6, 10, 8, 0), 16, true, "16-17"},
		{"the 18th birthday", "2007-06-10", vn(2025, 6, 10, 8, 0), 18, true, "18+"},
		{"born on a leap day, on the 28th of February after", "2016-02-29", vn(2017, 2, 28, 12, 0), 0, true, "0-5"},
		{"born on a leap day, on the 1st of March after", "2016-02-29", vn(2017, 3, 1, 12, 0), 1, true, "0-5"},
		{"born on a leap day, on the next leap day", "2016-02-29", vn(2020, 2, 29, 12, 0), 4, true, "0-5"},
		{"the 7th birthday just after midnight in Vietnam, still the day before in UTC", "2018-06-10",
			time.Date(2025, 6, 9, 17, 30, 0, 0, time.UTC), 7, true, "6-11"},
		{"the eve of the 7th birthday in Vietnam, already the birthday in UTC+9", "2018-06-10",
			vn(2025, 6, 9, 23, 30).In(time.FixedZone("JST", 9*3600)), 6, true, "6-11"},
		{"not known", "", vn(2025, 6, 10, 8, 0), 0, false, "unknown"},
		{"not a date", "10/06/2018", vn(2025, 6, 10, 8, 0), 0, false, "unknown"},
		{"born after the day", "2025-06-11", vn(2025, 6, 10, 8, 0), 0, false, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			age, ok := Age(tt.birth, tt.day)
			if ok != tt.ok || ok && age != tt.age {
				t.Errorf("Age = %d, %v; want %d, %v", age, ok, tt.age, tt.ok)
			}
			if g := AgeGroupOf(tt.birth, tt.day); g != tt.group {
				t.Errorf("AgeGroupOf = %q, want %q", g, tt.group)
			}
			if !slices.ContainsFunc(AgeGroups, func(o Option) bool { return o.Code == tt.group }) {
				t.Errorf("%q is not one of AgeGroups", tt.group)
			}
		})
	}
}

func TestCaseNumbers(t *testing.T) {
	for _, tt := range []struct {
		prefix    string
		year, seq int
		want      string
	}{
		{"QN", 2025, 1, "QN-2025-0001"},
		{"QN", 2025, 12, "QN-2025-0012"},
		{"QN", 2026, 9999, "QN-2026-9999"},
		{"QN", 2026, 12345, "QN-2026-12345"},
		{"HN-X", 2025, 7, "HN-X-2025-0007"},
	} {
		got := FormatCaseNumber(tt.prefix, tt.year, tt.seq)
		if got != tt.want {
			t.Errorf("Format(%q, %d, %d) = %q, want %q", tt.prefix, tt.year, tt.seq, got, tt.want)
		}
		p, y, n, ok := ParseCaseNumber(" " + got + " ")
		if !ok || p != tt.prefix || y != tt.year || n != tt.seq {
			t.Errorf("Parse(%q) = %q %d %d %v", got, p, y, n, ok)
		}
	}
	for _, bad := range []string{"", "QN", "QN-2025", "-2025-0001", "QN-25-0001", "QN-0999-0001", "QN-2025-0000", "QN-2025-x",
		"QN-2025-+001", "QN-+025-0001", "QN-2025-01", "QN-2025-00001", "QN-2025--001", "QN-2025-0001\n1"} {
		if p, y, n, ok := ParseCaseNumber(bad); ok {
			t.Errorf("Parse(%q) = %q %d %d, want not a case number", bad, p, y, n)
		}
	}
}

// FuzzParseCaseNumber: whatever it reads is what FormatCaseNumber writes
// of the parts it read, and every number FormatCaseNumber writes reads back.
func FuzzParseCaseNumber(f *testing.F) {
	for _, s := range []string{"QN-2025-0012", "QN-2025-+012", " HN-X-1999-12345 ", "QN-2025-01", "a-1900-0001", "--2025-0001"} {
		f.Add(s, "QN", 2025, 12)
	}
	f.Fuzz(func(t *testing.T, s, prefix string, year, seq int) {
		if p, y, n, ok := ParseCaseNumber(s); ok {
			if got := FormatCaseNumber(p, y, n); got != strings.TrimSpace(s) {
				t.Errorf("Parse(%q) = %q %d %d, written back %q", s, p, y, n, got)
			}
		}
		if prefix == "" || prefix != strings.TrimSpace(prefix) || year < 1900 || year > 9999 || seq <= 0 {
			return
		}
		num := FormatCaseNumber(prefix, year, seq)
		if p, y, n, ok := ParseCaseNumber(num); !ok || p != prefix || y != year || n != seq {
			t.Errorf("Format(%q, %d, %d) = %q read back as %q %d %d %v", prefix, year, seq, num, p, y, n, ok)
		}
	})
}

func stepDef(t *testing.T, code CaseStepCode) CaseStepDef {
	t.Helper()
	d, ok := CaseStepOf(code)
	if !ok {
		t.Fatalf("no step %q", code)
	}
	return d
}

func TestCaseStepDue(t *testing.T) {
	tet := period.HolidaySet{}
	for d := vn(2025, 1, 25, 0, 0); !d.After(vn(2025, 2, 2, 0, 0)); d = d.AddDate(0, 0, 1) {
		tet[d.Format(time.DateOnly)] = true
	}
	oneDay := period.HolidaySet{"2025-03-18": true}
	endOf := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 23, 59, 59, 0, vntext.Location) }
	friLate := vn(2025, 3, 14, 22, 30) // a Friday, late in the evening
	tests := []struct {
		name     string
		step     CaseStepCode
		received time.Time
		h        period.Holidays
		want     time.Time
	}{
		{"first assessment: 12 hours, through the night", StepAssess, friLate, nil, vn(2025, 3, 15, 10, 30)},
		{"first assessment: 12 hours, whatever the holidays", StepAssess, vn(2025, 1, 24, 20, 0), tet, vn(2025, 1, 25, 8, 0)},
		{"verification: 3 working days after a Friday evening", StepVerify, friLate, nil, endOf(2025, 3, 19)},
		{"verification: a holiday on the way", StepVerify, friLate, oneDay, endOf(2025, 3, 20)},
		{"verification: received on a Saturday", StepVerify, vn(2025, 3, 15, 10, 0), nil, endOf(2025, 3, 19)},
		{"verification: received on a Monday morning", StepVerify, vn(2025, 3, 17, 8, 0), nil, endOf(2025, 3, 20)},
		{"verification: received on Friday 00:30 in Vietnam, Thursday in UTC", StepVerify,
			time.Date(2025, 3, 13, 17, 30, 0, 0, time.UTC), nil, endOf(2025, 3, 19)},
		{"verification: received on Thursday 23:50 in Vietnam, given in UTC", StepVerify,
			time.Date(2025, 3, 13, 16, 50, 0, 0, time.UTC), nil, endOf(2025, 3, 18)},
		{"verification: over Tết", StepVerify, vn(2025, 1, 24, 21, 0), tet, endOf(2025, 2, 5)},
		{"the plan: 7 working days", StepPlan, friLate, nil, endOf(2025, 3, 25)},
		{"the plan: a holiday on the way", StepPlan, friLate, oneDay, endOf(2025, 3, 26)},
		{"the plan: over Tết", StepPlan, vn(2025, 1, 24, 21, 0), tet, endOf(2025, 2, 11)},
		{"carrying out: no limit in law", StepCarry, friLate, nil, time.Time{}},
		{"follow-up: no limit in law", StepFollow, friLate, nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stepDef(t, tt.step).Due(tt.received, tt.h)
			if !got.Equal(tt.want) {
				t.Errorf("due %s, want %s", got.In(vntext.Location), tt.want)
			}
		})
	}
	for _, d := range CaseSteps {
		if d.Basis == "" || d.Name == "" || d.NameEN == "" {
			t.Errorf("step %s lacks its name or the article that sets it", d.Code)
		}
	}
}

func steps(codes ...CaseStepCode) []CaseStep {
	out := make([]CaseStep, len(codes))
	for i, c := range codes {
		out[i] = CaseStep{Step: c}
	}
	return out
}

func TestNextStep(t *testing.T) {
	received := vn(2025, 3, 14, 22, 30)
	tests := []struct {
		done []CaseStep
		next CaseStepCode
		due  time.Time
		ok   bool
	}{
		{nil, StepAssess, vn(2025, 3, 15, 10, 30), true},
		{steps(StepAssess), StepVerify, time.Date(2025, 3, 19, 23, 59, 59, 0, vntext.Location), true},
		{steps(StepVerify, StepAssess), StepPlan, time.Date(2025, 3, 25, 23, 59, 59, 0, vntext.Location), true},
		{steps(StepAssess, StepVerify, StepPlan), StepCarry, time.Time{}, true},
		{steps(StepAssess, StepVerify, StepPlan, StepCarry, StepFollow), StepClosure, time.Time{}, true},
		{steps(StepAssess, StepVerify, StepPlan, StepCarry, StepFollow, StepClosure), "", time.Time{}, false},
	}
	for _, tt := range tests {
		d, due, ok := NextStep(received, tt.done, nil)
		if d.Code != tt.next || !due.Equal(tt.due) || ok != tt.ok {
			t.Errorf("after %v: %q %s %v, want %q %s %v", tt.done, d.Code, due, ok, tt.next, tt.due, tt.ok)
		}
	}
}

func TestCheckStepOrder(t *testing.T) {
	tests := []struct {
		name string
		step CaseStepCode
		done []CaseStep
		ok   bool
	}{
		{"the first assessment first", StepAssess, nil, true},
		{"verification before the assessment", StepVerify, nil, false},
		{"verification after it", StepVerify, steps(StepAssess), true},
		{"the plan skipping verification", StepPlan, steps(StepAssess), false},
		{"follow-up after everything before it", StepFollow, steps(StepAssess, StepVerify, StepPlan, StepCarry), true},
		{"the assessment twice", StepAssess, steps(StepAssess), false},
		{"closure, which has its own action", StepClosure, steps(StepAssess, StepVerify, StepPlan, StepCarry, StepFollow), false},
		{"a step that does not exist", "lunch", nil, false},
	}
	for _, tt := range tests {
		err := CheckStepOrder(tt.step, tt.done)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && (errs.CodeOf(err) != errs.Invalid || errs.As(err).Field != "step") {
			t.Errorf("%s: %v, want an invalid step", tt.name, err)
		}
	}
}

func TestConsentNeeded(t *testing.T) {
	day := vn(2025, 6, 10, 9, 0)
	parent := []ConsentGiver{GiverParent, GiverGuardian}
	tests := []struct {
		name  string
		birth string
		want  [][]ConsentGiver
	}{
		{"6 years old: a parent or guardian", "2019-01-01", [][]ConsentGiver{parent}},
		{"7 today: the child too", "2018-06-10", [][]ConsentGiver{parent, {GiverChild}}},
		{"15: a parent and the child", "2010-01-01", [][]ConsentGiver{parent, {GiverChild}}},
		{"16 today: the person themself", "2009-06-10", [][]ConsentGiver{{GiverSurvivor, GiverChild}}},
		{"an adult survivor", "1990-01-01", [][]ConsentGiver{{GiverSurvivor}}},
		{"age not known: the person themself", "", [][]ConsentGiver{{GiverSurvivor, GiverChild}}},
	}
	for _, tt := range tests {
		got := ConsentNeeded(tt.birth, day)
		if !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckConsents(t *testing.T) {
	day := vn(2025, 6, 10, 9, 0)
	ten, sixteen, adult := "2015-01-01", "2009-01-01", "1990-01-01"
	parentAll := Consent{ID: 1, GivenBy: GiverParent, Service: SvcHealth, Scope: []string{ShareIdentity, ShareContact, ShareSummary}}
	child := Consent{ID: 2, GivenBy: GiverChild, Service: SvcHealth, Scope: []string{ShareSummary, ShareIdentity, ShareNotes}}
	withdrawn := child
	withdrawn.Withdrawn = day.Add(-time.Hour)
	childAny := child
	childAny.Service = ""
	childPolice := child
	childPolice.Service = SvcPolice
	childNotes := Consent{ID: 3, GivenBy: GiverChild, Service: SvcHealth, Scope: []string{ShareNotes}}
	tests := []struct {
		name     string
		birth    string
		kind     ServiceKind
		consents []Consent
		scope    []string // nil: refused
	}{
		{"a parent alone for a child of 10", ten, SvcHealth, []Consent{parentAll}, nil},
		{"the child alone at 10", ten, SvcHealth, []Consent{child}, nil},
		{"parent and child: what both agreed to", ten, SvcHealth, []Consent{parentAll, child}, []string{ShareIdentity, ShareSummary}},
		{"the child's consent withdrawn", ten, SvcHealth, []Consent{parentAll, withdrawn}, nil},
		{"the child agreed for another kind of service", ten, SvcHealth, []Consent{parentAll, childPolice}, nil},
		{"the child agreed for any service", ten, SvcHealth, []Consent{parentAll, childAny}, []string{ShareIdentity, ShareSummary}},
		{"parent and child agreed to nothing in common", ten, SvcHealth, []Consent{parentAll, childNotes}, nil},
		{"a second consent of the child widens what it covers", ten, SvcHealth, []Consent{parentAll, childNotes, child}, []string{ShareIdentity, ShareSummary}},
		{"a survivor of 16 alone", sixteen, SvcHealth, []Consent{{GivenBy: GiverSurvivor, Service: SvcHealth, Scope: []string{ShareContact}}}, []string{ShareContact}},
		{"a child of 16 consenting as the child", sixteen, SvcHealth, []Consent{child}, []string{ShareSummary, ShareIdentity, ShareNotes}},
		{"a parent for a survivor of 16", sixteen, SvcHealth, []Consent{parentAll}, nil},
		{"an adult survivor", adult, SvcHealth, []Consent{{GivenBy: GiverSurvivor, Scope: []string{ShareIdentity}}}, []string{ShareIdentity}},
		{"no consent at all", adult, SvcHealth, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scope, err := CheckConsents(tt.birth, day, tt.kind, tt.consents)
			if tt.scope == nil {
				if err == nil || errs.CodeOf(err) != errs.Invalid {
					t.Errorf("scope %v, err %v; want refused as invalid", scope, err)
				} else if e := errs.As(err); e.VI == "" || e.EN == "" {
					t.Errorf("message missing in one language: %+v", e)
				}
				return
			}
			if err != nil || !slices.Equal(scope, tt.scope) {
				t.Errorf("scope %v, err %v; want %v", scope, err, tt.scope)
			}
		})
	}
}

func TestConsentValidate(t *testing.T) {
	now := vn(2025, 6, 10, 9, 0)
	c := Consent{GivenBy: GiverParent, At: now, Scope: []string{" identity", "identity", "", "summary"}}
	if err := c.Validate(now); err != nil || !slices.Equal(c.Scope, []string{ShareIdentity, ShareSummary}) {
		t.Errorf("%v %v", err, c.Scope)
	}
	for _, tt := range []struct {
		c      Consent
		fields []string
	}{
		{Consent{}, []string{"consent.given_by", "consent.at"}},
		{Consent{GivenBy: "neighbour", At: now, Scope: []string{ShareIdentity}}, []string{"consent.given_by"}},
		{Consent{GivenBy: GiverChild, At: now.Add(time.Hour), Scope: []string{ShareIdentity}}, []string{"consent.at"}},
		{Consent{GivenBy: GiverChild, At: now, Scope: []string{"everything"}}, []string{"consent.scope"}},
		{Consent{GivenBy: GiverChild, At: now, Scope: []string{" "}}, []string{"consent.scope"}},
	} {
		if got := fieldsOf(t, tt.c.Validate(now)); !slices.Equal(got, tt.fields) {
			t.Errorf("%+v: fields %v, want %v", tt.c, got, tt.fields)
		}
	}
}

func cells(ns ...int) []CaseCell {
	out := make([]CaseCell, len(ns))
	for i, n := range ns {
		out[i] = cell(string(rune('a'+i)), "", n)
	}
	return out
}

func displays(cs []CaseCell) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Display
	}
	return strings.Join(out, " ")
}

func TestSuppress(t *testing.T) {
	tests := []struct {
		name string
		in   []int
		want string
	}{
		{"nothing small", []int{5, 12, 40}, "5 12 40"},
		{"zeros stay", []int{0, 0, 7}, "0 0 7"},
		{"all zero", []int{0, 0, 0}, "0 0 0"},
		{"one to four hidden", []int{1, 2, 3, 4, 0}, "<5 <5 <5 <5 0"},
		{"a single hidden cell hides the next smallest too", []int{3, 20, 9, 0}, "<5 20 ≥5 0"},
		{"…even when only one other cell is left", []int{4, 0, 50}, "<5 0 ≥5"},
		{"…the first of two equal ones", []int{9, 2, 9}, "≥5 <5 9"},
		{"two hidden: the total gives neither back", []int{1, 3, 30}, "<5 <5 30"},
		{"a single cell, nothing to hide it with", []int{2}, "<5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := cells(tt.in...)
			Suppress(cs)
			if got := displays(cs); got != tt.want {
				t.Errorf("%v shown as %q, want %q", tt.in, got, tt.want)
			}
			for i, c := range cs {
				if c.Suppressed != (c.Count == nil) {
					t.Errorf("cell %d: suppressed %v with count %v", i, c.Suppressed, c.Count)
				}
				if c.Count != nil && *c.Count != tt.in[i] {
					t.Errorf("cell %d: count %d, want %d", i, *c.Count, tt.in[i])
				}
			}
		})
	}
}

func TestBuildCaseStats(t *testing.T) {
	at := func(d, h int) time.Time { return vn(2025, 3, d, h, 0) }
	var facts []CaseFact
	// 7 cases of abuse in commune A, 6 of them girls, first response
	// within 2, 4, 6 … hours, and 3 closed.
	for i := range 7 {
		f := CaseFact{Kind: CaseAbuse, Sex: "female", AgeGroup: "6-11", Area: "QN-A", Received: at(3+i, 8), FirstAction: at(3+i, 8+2*(i+1))}
		if i == 6 {
			f.Sex = ""
		}
		if i < 3 {
			f.Closed = at(3+i, 8).AddDate(0, 0, 10*(i+1))
		}
		facts = append(facts, f)
	}
	// 2 of neglect in commune B, boys, not yet assessed; one received just
	// after midnight of April 1st in Vietnam (still March in UTC).
	facts = append(facts,
		CaseFact{Kind: CaseNeglect, Sex: "male", AgeGroup: "12-15", Area: "QN-B", Received: at(20, 9)},
		CaseFact{Kind: CaseNeglect, Sex: "male", AgeGroup: "12-15", Area: "QN-B", Received: time.Date(2025, 3, 31, 17, 30, 0, 0, time.UTC)})
	areas := []Area{{"QN", "Tỉnh"}, {"QN-A", "Xã A"}, {"QN-B", "Xã B"}}
	st := BuildCaseStats(facts, map[ServiceKind]int{SvcHealth: 6, SvcPolice: 1}, areas, "en")

	if st.Total.Display != "9" || st.Closed.Display != "<5" || st.Closed.Count != nil {
		t.Errorf("total %q, closed %q", st.Total.Display, st.Closed.Display)
	}
	byCode := func(cs []CaseCell) map[string]string {
		m := map[string]string{}
		for _, c := range cs {
			m[c.Code] = c.Display
		}
		return m
	}
	for _, tt := range []struct {
		name string
		cs   []CaseCell
		want map[string]string
	}{
		{"kind", st.ByKind, map[string]string{"abuse": "≥5", "neglect": "<5", "violence": "0"}},
		{"sex", st.BySex, map[string]string{"female": "6", "male": "<5", "unknown": "<5"}},
		{"age", st.ByAge, map[string]string{"6-11": "≥5", "12-15": "<5", "0-5": "0", "unknown": "0"}},
		{"area", st.ByArea, map[string]string{"QN": "0", "QN-A": "≥5", "QN-B": "<5"}},
		{"month", st.ByMonth, map[string]string{"2025-03": "≥5", "2025-04": "<5"}},
		{"referrals", st.Referrals, map[string]string{"health": "≥5", "police": "<5", "shelter": "0"}},
	} {
		got := byCode(tt.cs)
		for code, want := range tt.want {
			if got[code] != want {
				t.Errorf("%s %s: %q, want %q (all: %v)", tt.name, code, got[code], want, got)
			}
		}
	}
	if len(st.ByKind) != len(CaseKinds) || len(st.ByAge) != len(AgeGroups) || len(st.Referrals) != len(ServiceKinds) || len(st.ByMonth) != 2 {
		t.Errorf("breakdowns: %d kinds, %d ages, %d services, %d months", len(st.ByKind), len(st.ByAge), len(st.Referrals), len(st.ByMonth))
	}
	if st.ByKind[0].Name != "Physical or emotional abuse" || st.ByMonth[0].Name != "03/2025" {
		t.Errorf("names: %q %q", st.ByKind[0].Name, st.ByMonth[0].Name)
	}
	// First responses after 2, 4 … 14 hours: the median is 8.
	if st.FirstResponseHours == nil || *st.FirstResponseHours != 8 {
		t.Errorf("median hours to first response: %v, want 8", st.FirstResponseHours)
	}
	if st.ClosureDays != nil {
		t.Errorf("median days to closure of 3 cases: %v, want none", *st.ClosureDays)
	}

	for _, tt := range []struct {
		hours []float64
		want  float64 // -1: none
	}{
		{[]float64{1, 2, 3, 4}, -1},
		{[]float64{5, 1, 4, 2, 3}, 3},
		{[]float64{6, 1, 5, 2, 4, 3}, 3.5},
		{[]float64{0.25, 0.25, 0.25, 0.25, 0.25}, 0.3},
	} {
		var fs []CaseFact
		for _, h := range tt.hours {
			fs = append(fs, CaseFact{Kind: CaseAbuse, Received: at(5, 8), FirstAction: at(5, 8).Add(time.Duration(h * float64(time.Hour))),
				Closed: at(5, 8).Add(time.Duration(h * 24 * float64(time.Hour)))})
		}
		st := BuildCaseStats(fs, nil, nil, "vi")
		for what, got := range map[string]*float64{"first response": st.FirstResponseHours, "closure": st.ClosureDays} {
			switch {
			case tt.want < 0 && got != nil:
				t.Errorf("%v: median %s %v, want none under %d values", tt.hours, what, *got, SmallCell)
			case tt.want >= 0 && (got == nil || *got != tt.want):
				t.Errorf("%v: median %s %v, want %v", tt.hours, what, got, tt.want)
			}
		}
	}

	empty := BuildCaseStats(nil, nil, areas, "vi")
	if empty.Total.Display != "0" || empty.Closed.Display != "0" || len(empty.ByMonth) != 0 || empty.FirstResponseHours != nil {
		t.Errorf("no cases: %+v", empty)
	}
}
