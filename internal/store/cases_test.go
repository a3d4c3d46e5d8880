package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// caseUser is someone of the register's fixture, as the web layer would
// hand them to the store.
type caseUser struct {
	u     domain.User
	actor domain.Actor
	rd    domain.CaseReader
}

// caseFixture is a province QN with two communes (A, B) and its
// social-work centre directly under it, and the people around them.
type caseFixture struct {
	s                *store.Store
	now              time.Time // the store's clock; tests move it
	root, a, b, ctxh domain.OrgUnit
	// worker and idle are caseworkers of A (idle assigned to nothing),
	// sup supervises A's cases, supB B's, prov those of the social-work
	// centre (a supervisor of the province, who may break glass).
	worker, idle, sup, supB, prov, mgr, admin caseUser
	health, police                            domain.Service
}

func newCaseFixture(t *testing.T, s *store.Store) *caseFixture {
	t.Helper()
	f := &caseFixture{now: vnTime(2025, 6, 10, 9, 0)}
	f.s = s.WithClock(func() time.Time { return f.now })
	f.root = mustOrg(t, s, "QN", "Tỉnh Quảng Ninh", domain.KindProvince, "")
	f.a = mustOrg(t, s, "QN-A", "Xã A", domain.KindCommune, "QN")
	f.b = mustOrg(t, s, "QN-B", "Xã B", domain.KindCommune, "QN")
	f.ctxh = mustOrg(t, s, "QN-CTXH", "Trung tâm Công tác xã hội tỉnh", domain.KindAgency, "QN")
	person := func(username, full string, role domain.Role, org string) caseUser {
		t.Helper()
		u, err := s.CreateUser(ctx, alice, domain.UserInput{Username: username, FullName: full, Org: org, Role: role}, "hash-"+username, false)
		if err != nil {
			t.Fatalf("create user %s: %v", username, err)
		}
		return caseUser{u: u, actor: domain.Actor{UserID: u.ID, Username: u.Username, Client: "192.0.2.7"}, rd: auth.CaseReader(u)}
	}
	f.worker = person("worker", "Lê Thị Hoa", domain.RoleCaseworker, "QN-A")
	f.idle = person("idle", "Phạm Văn Nhàn", domain.RoleCaseworker, "QN-A")
	f.sup = person("sup", "Trần Thị Giám", domain.RoleCaseSupervisor, "QN-A")
	f.supB = person("supb", "Đỗ Văn Bình", domain.RoleCaseSupervisor, "QN-B")
	f.prov = person("prov", "Hoàng Thị Tỉnh", domain.RoleCaseSupervisor, "QN-CTXH")
	f.mgr = person("mgr", "Vũ Văn Quản", domain.RoleManager, "QN-A")
	f.admin = person("root", "Quản Trị Viên", domain.RoleAdmin, "QN")
	svc := func(kind domain.ServiceKind, name string) domain.Service {
		t.Helper()
		v, err := s.SaveService(ctx, alice, 0, 0, f.root, domain.Service{Kind: kind, Organization: "Tỉnh Quảng Ninh", Name: name,
			Phone: "0203 3825 111", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	f.health = svc(domain.SvcHealth, "Khoa Nhi, Bệnh viện tỉnh")
	f.police = svc(domain.SvcPolice, "Công an tỉnh")
	return f
}

// newCase is a case received an hour ago about a child born on birth.
func (f *caseFixture) newCase(name, birth, sex string) domain.Case {
	return domain.Case{Kind: domain.CaseAbuse, Source: domain.SourceHotline111, ReceivedAt: f.now.Add(-time.Hour),
		Subject:  domain.CaseSubject{FullName: name, BirthDate: birth, Sex: sex, Address: "Thôn 3, xã A", Phone: "0912 345 678", IDNumber: "022215000123"},
		Reporter: domain.CaseReporter{Name: "Bà Tư", Contact: "0987 000 111", Relation: "hàng xóm"},
		Summary:  "Hàng xóm nghe tiếng trẻ khóc và tiếng đánh.", Risk: domain.RiskHigh}
}

func (f *caseFixture) intake(t *testing.T, who caseUser, org domain.OrgUnit, c domain.Case) domain.Case {
	t.Helper()
	out, err := f.s.CreateCase(ctx, who.actor, org, c, nil)
	if err != nil {
		t.Fatalf("create case: %v", err)
	}
	return out
}

func (f *caseFixture) open(t *testing.T, who caseUser, id int64) domain.CaseFile {
	t.Helper()
	cf, err := f.s.OpenCase(ctx, who.actor, who.rd, id, "page")
	if err != nil {
		t.Fatalf("%s opens case %d: %v", who.u.Username, id, err)
	}
	return cf
}

// list is the numbers of the cases who sees with filter.
func (f *caseFixture) list(t *testing.T, who caseUser, filter store.CaseFilter) []string {
	t.Helper()
	rows, total, err := f.s.Cases(ctx, who.actor, who.rd, filter, store.Page{})
	if err != nil {
		t.Fatalf("%s lists cases: %v", who.u.Username, err)
	}
	if total != len(rows) {
		t.Errorf("%s: total %d for %d rows", who.u.Username, total, len(rows))
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Number)
	}
	slices.Sort(out)
	return out
}

// wantHidden checks that err is what a reader gets for a case that does
// not exist: the same code and the same words.
func (f *caseFixture) wantHidden(t *testing.T, who string, err error) {
	t.Helper()
	_, missing := f.s.OpenCase(ctx, f.sup.actor, f.sup.rd, 987654, "page")
	if errs.CodeOf(err) != errs.NotFound || err.Error() != missing.Error() {
		t.Errorf("%s: %v, want what a case that does not exist gives (%v)", who, err, missing)
	}
}

func TestCaseIntakeAndWhoSeesIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		c1 := f.intake(t, f.worker, f.a, f.newCase("Nguyễn Văn An", "2015-01-01", "nam"))
		c2 := f.intake(t, f.worker, f.a, f.newCase("Trần Thị Bé", "2012-06-10", "nữ"))
		cb := f.intake(t, f.supB, f.b, f.newCase("Nguyễn Văn An", "2016-02-29", "male"))
		// The year is Vietnam's: 23:30 on New Year's Eve is 2024, 00:30 of
		// New Year's Day (still 2024 in UTC) is 2025.
		eve := f.newCase("Lý Thị Giao", "", "")
		eve.ReceivedAt = vnTime(2024, 12, 31, 23, 30)
		old := f.intake(t, f.worker, f.a, eve)
		eve.ReceivedAt = time.Date(2024, 12, 31, 17, 30, 0, 0, time.UTC)
		newYear := f.intake(t, f.worker, f.a, eve)
		for _, tt := range []struct{ got, want string }{
			{c1.Number, "QN-2025-0001"}, {c2.Number, "QN-2025-0002"}, {cb.Number, "QN-2025-0003"},
			{old.Number, "QN-2024-0001"}, {newYear.Number, "QN-2025-0004"},
		} {
			if tt.got != tt.want {
				t.Errorf("number %s, want %s", tt.got, tt.want)
			}
		}
		if c1.Status != domain.CaseOpen || c1.AgeGroup != "6-11" || c2.AgeGroup != "12-15" || c1.Version != 1 {
			t.Errorf("created: %+v", c1)
		}

		// The taker is its lead worker and reads everything back.
		w := f.open(t, f.worker, c1.ID)
		if !w.Worker || w.Supervisor || w.BreakGlass() || len(w.Workers) != 1 || w.Workers[0].FullName != "Lê Thị Hoa" || !w.Workers[0].Lead {
			t.Errorf("the taker's view: worker %v supervisor %v workers %+v", w.Worker, w.Supervisor, w.Workers)
		}
		want := domain.CaseSubject{FullName: "Nguyễn Văn An", BirthDate: "2015-01-01", Sex: "male", Address: "Thôn 3, xã A", Phone: "0912 345 678", IDNumber: "022215000123"}
		if w.Case.Subject != want || w.Case.Reporter.Name != "Bà Tư" || w.Case.Reporter.Contact != "0987 000 111" ||
			w.Case.Summary != "Hàng xóm nghe tiếng trẻ khóc và tiếng đánh." || w.Case.Risk != domain.RiskHigh || w.Case.OrgCode != "QN-A" {
			t.Errorf("opened: %+v", w.Case)
		}
		if w.Case.Number != c1.Number || !w.Case.ReceivedAt.Equal(c1.ReceivedAt) || w.Case.CreatedBy != f.worker.u.ID {
			t.Errorf("opened %s received %s by %d", w.Case.Number, w.Case.ReceivedAt, w.Case.CreatedBy)
		}
		sv := f.open(t, f.sup, c1.ID)
		if !sv.Supervisor || sv.Worker || sv.BreakGlass() || sv.Case.Subject != want {
			t.Errorf("the supervisor's view: %v %v %v %+v", sv.Supervisor, sv.Worker, sv.BreakGlass(), sv.Case.Subject)
		}
		if f.open(t, f.sup, c2.ID).Case.Subject.Sex != "female" {
			t.Error("nữ is not read as female")
		}

		// Nobody else: not the caseworker beside them, not the unit's
		// manager, not an admin, not the other commune's supervisor, not
		// the province's until it breaks glass.
		for _, who := range []caseUser{f.idle, f.mgr, f.admin, f.supB, f.prov} {
			_, err := f.s.OpenCase(ctx, who.actor, who.rd, c1.ID, "page")
			f.wantHidden(t, who.u.Username, err)
		}

		all := []string{c1.Number, c2.Number, newYear.Number, old.Number}
		slices.Sort(all)
		for _, tt := range []struct {
			who  caseUser
			want []string
		}{
			{f.worker, all}, {f.sup, all}, {f.supB, []string{cb.Number}},
			{f.idle, nil}, {f.mgr, nil}, {f.admin, nil}, {f.prov, nil},
		} {
			if got := f.list(t, tt.who, store.CaseFilter{}); !slices.Equal(got, tt.want) {
				t.Errorf("%s lists %v, want %v", tt.who.u.Username, got, tt.want)
			}
		}
		rows, _, _ := f.s.Cases(ctx, f.sup.actor, f.sup.rd, store.CaseFilter{Number: " qn-2025-0001 "}, store.Page{})
		if len(rows) != 1 || rows[0].Name != "Nguyễn Văn An" || !rows[0].Supervised || rows[0].OrgCode != "QN-A" || rows[0].Next != domain.StepAssess {
			t.Errorf("by number, for the supervisor: %+v", rows)
		}
		rows, _, _ = f.s.Cases(ctx, f.worker.actor, f.worker.rd, store.CaseFilter{Number: c1.Number}, store.Page{})
		if len(rows) != 1 || rows[0].Supervised {
			t.Errorf("by number, for the worker: %+v", rows)
		}

		// Names are found written plainly or folded, by those who see the
		// case only.
		for _, q := range []string{"nguyen van an", "Nguyễn  Văn An", "NGUYỄN VĂN AN"} {
			hashes, err := f.s.NameHashes(q)
			if err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				who  caseUser
				want []string
			}{
				{f.worker, []string{c1.Number}}, {f.sup, []string{c1.Number}}, {f.supB, []string{cb.Number}},
				{f.idle, nil}, {f.mgr, nil}, {f.admin, nil},
			} {
				if got := f.list(t, tt.who, store.CaseFilter{Hashes: hashes}); !slices.Equal(got, tt.want) {
					t.Errorf("%s searching %q finds %v, want %v", tt.who.u.Username, q, got, tt.want)
				}
			}
		}
		for _, q := range []string{"nguyen van", "an", "Nguyễn Văn Anh"} {
			hashes, _ := f.s.NameHashes(q)
			if got := f.list(t, f.worker, store.CaseFilter{Hashes: hashes}); len(got) != 0 {
				t.Errorf("searching %q finds %v: only the whole name does", q, got)
			}
		}
		if got := f.list(t, f.worker, store.CaseFilter{Hashes: []string{}}); len(got) != 0 {
			t.Errorf("a search with no hash finds %v", got)
		}
		if got := f.list(t, f.sup, store.CaseFilter{Mine: true}); len(got) != 0 {
			t.Errorf("the supervisor's own cases: %v", got)
		}
		if got := f.list(t, f.sup, store.CaseFilter{Org: f.b.Path}); len(got) != 0 {
			t.Errorf("the supervisor of A filtering B: %v", got)
		}
	})
}

func TestCaseReadsAreAuditedForTheSupervisorOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		c := f.intake(t, f.worker, f.a, f.newCase("Nguyễn Văn An", "2015-01-01", "male"))
		if _, err := f.s.OpenCase(ctx, f.worker.actor, f.worker.rd, c.ID, "page"); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Minute)
		if _, err := f.s.OpenCase(ctx, f.worker.actor, f.worker.rd, c.ID, "api"); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Minute)
		if _, err := f.s.OpenCase(ctx, f.sup.actor, f.sup.rd, c.ID, "export"); err != nil {
			t.Fatal(err)
		}
		// Refused readings are not readings.
		for _, who := range []caseUser{f.idle, f.mgr, f.admin} {
			_, _ = f.s.OpenCase(ctx, who.actor, who.rd, c.ID, "page")
		}

		_, log, err := f.s.CaseAccessLog(ctx, f.sup.actor, f.sup.rd, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range log {
			got = append(got, e.Action+":"+e.Purpose+":"+e.Who)
			if e.BreakGlass {
				t.Errorf("no one broke glass: %+v", e)
			}
		}
		want := []string{"case.read:export:Trần Thị Giám (Xã A)", "case.read:api:Lê Thị Hoa (Xã A)", "case.read:page:Lê Thị Hoa (Xã A)", "case.create::Lê Thị Hoa (Xã A)"}
		if !slices.Equal(got, want) {
			t.Errorf("access history:\n%v\nwant\n%v", got, want)
		}
		if !log[0].At.Equal(f.now) {
			t.Errorf("newest at %s, want %s", log[0].At, f.now)
		}
		// Reading the history is a reading too.
		_, log, _ = f.s.CaseAccessLog(ctx, f.sup.actor, f.sup.rd, c.ID)
		if len(log) != 5 || log[0].Purpose != "access-history" {
			t.Errorf("second look: %+v", log[:1])
		}

		_, _, err = f.s.CaseAccessLog(ctx, f.worker.actor, f.worker.rd, c.ID)
		wantCode(t, err, errs.Forbidden, "")
		for _, who := range []caseUser{f.idle, f.mgr, f.admin, f.supB} {
			_, _, err := f.s.CaseAccessLog(ctx, who.actor, who.rd, c.ID)
			f.wantHidden(t, who.u.Username, err)
		}

		// The general audit pages never show them, whatever the scope.
		for _, sc := range []domain.Scope{{All: true}, {Paths: []string{f.a.Path}}, {Paths: []string{f.root.Path}}} {
			for _, filter := range []store.AuditFilter{{}, {Entity: "case"}, {Action: "case."}, {Action: "case.read"},
				{EntityID: "1"}, {Actor: "worker"}, {OrgPath: f.a.Path}} {
				rows, total, err := f.s.AuditEntries(ctx, sc, filter, store.Page{Limit: store.MaxLimit})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range rows {
					if strings.HasPrefix(e.Entity, "case") || strings.HasPrefix(e.Action, "case.") {
						t.Errorf("scope %+v, filter %+v: the audit page shows %s %s", sc, filter, e.Action, e.EntityID)
					}
				}
				if filter.Entity != "" && total != 0 {
					t.Errorf("scope %+v, filter %+v: %d rows", sc, filter, total)
				}
			}
		}
		seqs, err := s.RawDB().QueryContext(ctx, "SELECT seq FROM audit_log WHERE entity = 'case'")
		if err != nil {
			t.Fatal(err)
		}
		var caseSeqs []int64
		for seqs.Next() {
			var n int64
			if err := seqs.Scan(&n); err != nil {
				t.Fatal(err)
			}
			caseSeqs = append(caseSeqs, n)
		}
		if err := seqs.Err(); err != nil {
			t.Fatal(err)
		}
		_ = seqs.Close() //nolint:sqlclosecheck // read whole, closed before the next query
		if len(caseSeqs) < 5 {
			t.Fatalf("%d audit rows of the register, want every reading", len(caseSeqs))
		}
		for _, n := range caseSeqs {
			_, err := f.s.AuditEntry(ctx, domain.Scope{All: true}, n)
			wantCode(t, err, errs.NotFound, "")
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("the chain with the register's rows: %v", err)
		}
	})
}

func TestCaseSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		hs := period.HolidaySet{"2025-06-11": true}
		in := f.newCase("Nguyễn Văn An", "2015-01-01", "male")
		in.ReceivedAt = vnTime(2025, 6, 9, 22, 30) // a Monday evening
		c, err := f.s.CreateCase(ctx, f.worker.actor, f.a, in, hs)
		if err != nil {
			t.Fatal(err)
		}
		next := func() domain.CaseSummary {
			t.Helper()
			rows, _, err := f.s.Cases(ctx, f.worker.actor, f.worker.rd, store.CaseFilter{Number: c.Number}, store.Page{})
			if err != nil || len(rows) != 1 {
				t.Fatalf("%v %v", err, rows)
			}
			return rows[0]
		}
		if n := next(); n.Next != domain.StepAssess || !n.NextDue.Equal(vnTime(2025, 6, 10, 10, 30)) || n.Overdue(f.now) {
			t.Errorf("first: %s due %s", n.Next, n.NextDue.In(vntext.Location))
		}
		step := func(who caseUser, code domain.CaseStepCode, at time.Time, note string) error {
			return f.s.RecordCaseStep(ctx, who.actor, who.rd, c.ID, code, at, note, hs)
		}
		wantCode(t, step(f.worker, domain.StepVerify, time.Time{}, ""), errs.Invalid, "step")
		wantCode(t, step(f.worker, domain.StepClosure, time.Time{}, ""), errs.Invalid, "step")
		wantCode(t, step(f.worker, domain.StepAssess, f.now.Add(time.Hour), ""), errs.Invalid, "done_at")
		wantCode(t, step(f.worker, domain.StepAssess, in.ReceivedAt.Add(-time.Minute), ""), errs.Invalid, "done_at")
		wantCode(t, step(f.worker, domain.StepAssess, time.Time{}, strings.Repeat("x", 20001)), errs.Invalid, "note")
		f.wantHidden(t, "an unassigned caseworker", step(f.idle, domain.StepAssess, time.Time{}, ""))
		f.wantHidden(t, "the manager", step(f.mgr, domain.StepAssess, time.Time{}, ""))

		// Assessed at 8:00 the next morning: verification is due at the
		// end of the third working day after the Monday, the holiday
		// on Wednesday skipped.
		assessed := vnTime(2025, 6, 10, 8, 0)
		if err := step(f.worker, domain.StepAssess, assessed, "  Trẻ an toàn tạm thời tại nhà bà ngoại.  "); err != nil {
			t.Fatal(err)
		}
		wantCode(t, step(f.worker, domain.StepAssess, time.Time{}, ""), errs.Invalid, "step")
		if n := next(); n.Next != domain.StepVerify || !n.NextDue.Equal(time.Date(2025, 6, 13, 23, 59, 59, 0, vntext.Location)) {
			t.Errorf("after the assessment: %s due %s", n.Next, n.NextDue.In(vntext.Location))
		}
		// The supervisor records too.
		if err := step(f.sup, domain.StepVerify, time.Time{}, ""); err != nil {
			t.Fatal(err)
		}
		if n := next(); n.Next != domain.StepPlan || !n.NextDue.Equal(time.Date(2025, 6, 19, 23, 59, 59, 0, vntext.Location)) {
			t.Errorf("after verification: %s due %s", n.Next, n.NextDue.In(vntext.Location))
		}
		cf := f.open(t, f.worker, c.ID)
		if len(cf.Case.Steps) != 2 || cf.Case.Steps[0].Step != domain.StepAssess || cf.Case.Steps[0].Note != "Trẻ an toàn tạm thời tại nhà bà ngoại." ||
			!cf.Case.Steps[0].DoneAt.Equal(assessed) || cf.Case.Steps[0].By != "Lê Thị Hoa (Xã A)" || cf.Case.Steps[1].By != "Trần Thị Giám (Xã A)" {
			t.Errorf("steps: %+v", cf.Case.Steps)
		}
		if !cf.Case.FirstAction.Equal(assessed) || cf.Case.Version != 3 {
			t.Errorf("first response %s, version %d", cf.Case.FirstAction, cf.Case.Version)
		}

		// Past the plan's limit, it is overdue and the filter finds it.
		if got := f.list(t, f.worker, store.CaseFilter{Overdue: true}); len(got) != 0 {
			t.Errorf("overdue before its time: %v", got)
		}
		f.now = vnTime(2025, 6, 20, 8, 0)
		if n := next(); !n.Overdue(f.now) {
			t.Errorf("not overdue on the 20th: due %s", n.NextDue)
		}
		if got := f.list(t, f.sup, store.CaseFilter{Overdue: true}); !slices.Equal(got, []string{c.Number}) {
			t.Errorf("overdue: %v", got)
		}
		for _, code := range []domain.CaseStepCode{domain.StepPlan, domain.StepCarry} {
			if err := step(f.worker, code, time.Time{}, ""); err != nil {
				t.Fatal(err)
			}
		}
		if n := next(); n.Next != domain.StepFollow || !n.NextDue.IsZero() || n.Overdue(f.now) {
			t.Errorf("a step without a limit in law: %s due %s", n.Next, n.NextDue)
		}
		if got := f.list(t, f.sup, store.CaseFilter{Overdue: true}); len(got) != 0 {
			t.Errorf("overdue without a limit: %v", got)
		}
	})
}

func TestCaseReferralsNeedConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		c := f.intake(t, f.worker, f.a, f.newCase("Nguyễn Văn An", "2015-01-01", "male")) // 10 years old
		at := f.now.Add(-30 * time.Minute)
		parent := domain.Consent{GivenBy: domain.GiverParent, At: at, Scope: []string{domain.ShareIdentity, domain.ShareContact, domain.ShareSummary}}
		child := domain.Consent{GivenBy: domain.GiverChild, At: at, Scope: []string{domain.ShareSummary, domain.ShareIdentity, domain.ShareNotes}}
		nothingSaved := func(when string) {
			t.Helper()
			cf := f.open(t, f.worker, c.ID)
			if len(cf.Consents) != 0 || len(cf.Referrals) != 0 {
				t.Errorf("%s: saved %d consents, %d referrals", when, len(cf.Consents), len(cf.Referrals))
			}
		}
		refer := func(who caseUser, svc domain.Service, given ...domain.Consent) (domain.Referral, error) {
			return f.s.Refer(ctx, who.actor, who.rd, c.ID, svc.ID, given)
		}

		_, err := refer(f.worker, f.health)
		wantCode(t, err, errs.Invalid, "")
		nothingSaved("without consent")
		_, err = refer(f.worker, f.health, parent)
		wantCode(t, err, errs.Invalid, "")
		nothingSaved("with a 10-year-old's parent alone")
		_, err = refer(f.worker, f.health, domain.Consent{GivenBy: domain.GiverParent, At: at})
		wantCode(t, err, errs.Invalid, "consent.scope")
		_, err = refer(f.worker, domain.Service{ID: 99999}, parent, child)
		wantCode(t, err, errs.Invalid, "service")
		f.wantHidden(t, "an unassigned caseworker", func() error { _, err := refer(f.idle, f.health, parent, child); return err }())
		nothingSaved("refused all round")

		ref, err := refer(f.worker, f.health, parent, child)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ref.Scope, []string{domain.ShareIdentity, domain.ShareSummary}) || ref.Status != domain.ReferralSent ||
			ref.ServiceKind != domain.SvcHealth || len(ref.ConsentIDs) != 2 {
			t.Errorf("referral: %+v", ref)
		}
		cf := f.open(t, f.worker, c.ID)
		if len(cf.Consents) != 2 || len(cf.Referrals) != 1 {
			t.Fatalf("%d consents, %d referrals", len(cf.Consents), len(cf.Referrals))
		}
		if k := cf.Consents[0]; k.Service != domain.SvcHealth || k.Recorded != "Lê Thị Hoa (Xã A)" || !k.At.Equal(at) || !k.Active() {
			t.Errorf("consent: %+v", k)
		}
		if r := cf.Referrals[0]; r.ServiceName != "Khoa Nhi, Bệnh viện tỉnh" || !slices.Equal(r.Scope, ref.Scope) || r.SentBy != "Lê Thị Hoa (Xã A)" {
			t.Errorf("stored referral: %+v", r)
		}

		// The service's answer, once.
		answer := func(who caseUser, id int64, st domain.ReferralStatus, text string) error {
			return f.s.AnswerReferral(ctx, who.actor, who.rd, c.ID, id, st, text)
		}
		wantCode(t, answer(f.worker, ref.ID, domain.ReferralStopped, ""), errs.Invalid, "status")
		if err := answer(f.worker, ref.ID, domain.ReferralAccepted, " Đã tiếp nhận, hẹn khám thứ Năm. "); err != nil {
			t.Fatal(err)
		}
		wantCode(t, answer(f.worker, ref.ID, domain.ReferralRefused, ""), errs.Conflict, "")
		if r := f.open(t, f.worker, c.ID).Referrals[0]; r.Status != domain.ReferralAccepted || r.Response != "Đã tiếp nhận, hẹn khám thứ Năm." || !r.AnsweredAt.Equal(f.now) {
			t.Errorf("answered: %+v", r)
		}

		// The child withdraws: the referral stops, and a new one is refused.
		var childID int64
		for _, k := range cf.Consents {
			if k.GivenBy == domain.GiverChild {
				childID = k.ID
			}
		}
		f.now = f.now.Add(time.Hour)
		stopped, err := f.s.WithdrawConsent(ctx, f.worker.actor, f.worker.rd, c.ID, childID)
		if err != nil || stopped != 1 {
			t.Fatalf("withdraw: %d %v", stopped, err)
		}
		_, err = f.s.WithdrawConsent(ctx, f.worker.actor, f.worker.rd, c.ID, childID)
		wantCode(t, err, errs.NotFound, "")
		cf = f.open(t, f.worker, c.ID)
		if r := cf.Referrals[0]; r.Status != domain.ReferralStopped {
			t.Errorf("after withdrawal the referral is %s", r.Status)
		}
		for _, k := range cf.Consents {
			if (k.ID == childID) == k.Active() {
				t.Errorf("consent %d of %s active %v", k.ID, k.GivenBy, k.Active())
			}
		}
		_, err = refer(f.worker, f.health)
		wantCode(t, err, errs.Invalid, "")
		wantCode(t, answer(f.worker, ref.ID, domain.ReferralAccepted, ""), errs.Conflict, "")

		// Consent recorded beforehand for any service covers the police.
		for _, k := range []domain.Consent{parent, child} {
			if err := f.s.RecordConsent(ctx, f.worker.actor, f.worker.rd, c.ID, k); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, f.s.RecordConsent(ctx, f.worker.actor, f.worker.rd, c.ID, domain.Consent{GivenBy: domain.GiverChild, At: at,
			Service: "fortune-teller", Scope: []string{domain.ShareIdentity}}), errs.Invalid, "consent.service_kind")
		pol, err := refer(f.sup, f.police)
		if err != nil {
			t.Fatal(err)
		}
		if pol.ServiceKind != domain.SvcPolice || !slices.Equal(pol.Scope, []string{domain.ShareIdentity, domain.ShareSummary}) {
			t.Errorf("police referral: %+v", pol)
		}
		if err := answer(f.sup, pol.ID, domain.ReferralRefused, "Không thuộc thẩm quyền."); err != nil {
			t.Fatal(err)
		}
		cf = f.open(t, f.sup, c.ID)
		if len(cf.Consents) != 4 || len(cf.Referrals) != 2 || cf.Referrals[0].Status != domain.ReferralRefused {
			t.Errorf("%d consents, referrals %+v", len(cf.Consents), cf.Referrals)
		}

		// A survivor of 16 consents for themself, as the child or the survivor.
		teen := f.intake(t, f.worker, f.a, f.newCase("Đinh Thị Mười Sáu", "2009-01-01", "female"))
		if _, err := f.s.Refer(ctx, f.worker.actor, f.worker.rd, teen.ID, f.health.ID, []domain.Consent{parent}); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("a 16-year-old's parent alone: %v", err)
		}
		if _, err := f.s.Refer(ctx, f.worker.actor, f.worker.rd, teen.ID, f.health.ID, []domain.Consent{child}); err != nil {
			t.Errorf("a 16-year-old's own consent: %v", err)
		}
	})
}

func TestCaseWorkersAreAssignedBySupervisor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		c := f.intake(t, f.worker, f.a, f.newCase("Nguyễn Văn An", "2015-01-01", "male"))
		assign := func(by caseUser, who caseUser, remove bool) error {
			return f.s.AssignCaseWorker(ctx, by.actor, by.rd, c.ID, who.u.ID, remove)
		}
		wantCode(t, assign(f.worker, f.idle, false), errs.Forbidden, "")
		f.wantHidden(t, "the unassigned caseworker assigning themself", assign(f.idle, f.idle, false))
		f.wantHidden(t, "the admin", assign(f.admin, f.idle, false))
		for _, who := range []caseUser{f.mgr, f.supB, f.prov, f.admin} {
			wantCode(t, assign(f.sup, who, false), errs.Invalid, "user")
		}
		wantCode(t, f.s.AssignCaseWorker(ctx, f.sup.actor, f.sup.rd, c.ID, 99999, false), errs.Invalid, "user")
		if err := assign(f.sup, f.idle, false); err != nil {
			t.Fatal(err)
		}
		if err := assign(f.sup, f.idle, false); err != nil {
			t.Errorf("assigning twice: %v", err)
		}
		cf := f.open(t, f.idle, c.ID)
		if !cf.Worker || len(cf.Workers) != 2 || !cf.Workers[0].Lead || cf.Workers[0].FullName != "Lê Thị Hoa" || cf.Workers[1].Lead {
			t.Errorf("workers: %+v", cf.Workers)
		}
		if got := f.list(t, f.idle, store.CaseFilter{Mine: true}); !slices.Equal(got, []string{c.Number}) {
			t.Errorf("the new worker's cases: %v", got)
		}
		avail, err := f.s.CaseWorkersAvailable(ctx, f.a.Path)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range avail {
			names = append(names, u.Username)
		}
		if !slices.Equal(names, []string{"worker", "idle", "sup"}) {
			t.Errorf("who may be assigned at A: %v", names)
		}
		if err := assign(f.sup, f.idle, true); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.OpenCase(ctx, f.idle.actor, f.idle.rd, c.ID, "page")
		f.wantHidden(t, "a worker taken off", err)
	})
}

func TestCaseCloseAndReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		c := f.intake(t, f.worker, f.a, f.newCase("Nguyễn Văn An", "2015-01-01", "male"))
		if err := f.s.AssignCaseWorker(ctx, f.sup.actor, f.sup.rd, c.ID, f.idle.u.ID, false); err != nil {
			t.Fatal(err)
		}
		closeBy := func(who caseUser, reason string) error {
			return f.s.CloseCase(ctx, who.actor, who.rd, c.ID, reason, "Trẻ đã về ở với bà ngoại.")
		}
		wantCode(t, closeBy(f.worker, "bored"), errs.Invalid, "reason")
		f.wantHidden(t, "the manager", closeBy(f.mgr, "safe"))
		// A worker who is not the lead does not close; the lead does, once
		// every step before closure is done.
		wantCode(t, closeBy(f.idle, "safe"), errs.Forbidden, "")
		wantCode(t, closeBy(f.worker, "safe"), errs.Conflict, "")
		for _, code := range []domain.CaseStepCode{domain.StepAssess, domain.StepVerify, domain.StepPlan, domain.StepCarry, domain.StepFollow} {
			if err := f.s.RecordCaseStep(ctx, f.worker.actor, f.worker.rd, c.ID, code, time.Time{}, "", nil); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, closeBy(f.idle, "safe"), errs.Forbidden, "")
		f.now = f.now.Add(time.Hour)
		if err := closeBy(f.worker, "safe"); err != nil {
			t.Fatal(err)
		}
		cf := f.open(t, f.worker, c.ID)
		var order []domain.CaseStepCode
		for _, st := range cf.Case.Steps {
			order = append(order, st.Step)
		}
		if want := []domain.CaseStepCode{domain.StepAssess, domain.StepVerify, domain.StepPlan, domain.StepCarry, domain.StepFollow, domain.StepClosure}; !slices.Equal(order, want) {
			t.Errorf("steps recorded at one moment read %v, want the procedure's order %v", order, want)
		}
		last := cf.Case.Steps[len(cf.Case.Steps)-1]
		if cf.Case.Status != domain.CaseClosed || cf.Case.CloseReason != "safe" || !cf.Case.ClosedAt.Equal(f.now) ||
			last.Step != domain.StepClosure || last.Note != "Trẻ đã về ở với bà ngoại." {
			t.Errorf("closed: %s %s %s %+v", cf.Case.Status, cf.Case.CloseReason, cf.Case.ClosedAt, last)
		}
		if got := f.list(t, f.worker, store.CaseFilter{Status: domain.CaseClosed}); !slices.Equal(got, []string{c.Number}) {
			t.Errorf("closed cases: %v", got)
		}
		if got := f.list(t, f.worker, store.CaseFilter{Status: domain.CaseOpen}); len(got) != 0 {
			t.Errorf("open cases: %v", got)
		}
		// Closed, it takes nothing more until reopened.
		wantCode(t, closeBy(f.sup, "safe"), errs.Conflict, "")
		wantCode(t, f.s.RecordCaseStep(ctx, f.worker.actor, f.worker.rd, c.ID, domain.StepFollow, time.Time{}, "", nil), errs.Conflict, "")
		_, err := f.s.AddCaseNote(ctx, f.worker.actor, f.worker.rd, c.ID, "note", "Gọi điện hỏi thăm.", "")
		wantCode(t, err, errs.Conflict, "")

		reopen := func(who caseUser) error { return f.s.ReopenCase(ctx, who.actor, who.rd, c.ID, nil) }
		wantCode(t, reopen(f.worker), errs.Forbidden, "")
		f.wantHidden(t, "the admin", reopen(f.admin))
		if err := reopen(f.sup); err != nil {
			t.Fatal(err)
		}
		wantCode(t, reopen(f.sup), errs.Conflict, "")
		cf = f.open(t, f.worker, c.ID)
		if cf.Case.Status != domain.CaseOpen || !cf.Case.ClosedAt.IsZero() || cf.Case.CloseReason != "" || len(cf.Case.Steps) != 5 {
			t.Errorf("reopened: %s %s %q %d steps", cf.Case.Status, cf.Case.ClosedAt, cf.Case.CloseReason, len(cf.Case.Steps))
		}
		rows, _, _ := f.s.Cases(ctx, f.worker.actor, f.worker.rd, store.CaseFilter{}, store.Page{})
		if len(rows) != 1 || rows[0].Next != domain.StepClosure || !rows[0].NextDue.IsZero() {
			t.Errorf("reopened, next: %+v", rows)
		}
		// The supervisor closes whenever they judge it right.
		other := f.intake(t, f.worker, f.a, f.newCase("Trần Thị Bé", "2012-01-01", "female"))
		if err := f.s.CloseCase(ctx, f.sup.actor, f.sup.rd, other.ID, "unfounded", ""); err != nil {
			t.Errorf("the supervisor closing at once: %v", err)
		}
	})
}

func TestCaseBreakGlass(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		c := f.intake(t, f.worker, f.a, f.newCase("Nguyễn Văn An", "2015-01-01", "male"))
		may := func(who caseUser) func(string) bool {
			return func(path string) bool { return auth.CanBreakGlass(who.u, path) }
		}
		const reason = "Trẻ được đưa đến Trung tâm lúc nửa đêm, cần biết tiền sử."
		wantCode(t, breakGlass(f.s, f.prov.actor, c.Number, "  cần xem gấp  ", may(f.prov)), errs.Invalid, "reason")
		for _, who := range []caseUser{f.mgr, f.admin, f.idle} {
			f.wantHidden(t, who.u.Username+" breaking glass", breakGlass(f.s, who.actor, c.Number, reason, may(who)))
		}
		f.wantHidden(t, "breaking glass into no case", breakGlass(f.s, f.prov.actor, "QN-2025-9876", reason, may(f.prov)))
		if alerts, _ := f.s.BreakGlassAlerts(ctx, auth.CaseSupervisionScope(f.sup.u)); len(alerts) != 0 {
			t.Errorf("alerts before: %+v", alerts)
		}

		f.now = f.now.Add(time.Minute)
		glassAt := f.now
		if err := breakGlass(f.s, f.prov.actor, c.Number, reason, may(f.prov)); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Minute)
		cf := f.open(t, f.prov, c.ID)
		if !cf.BreakGlass() || cf.Supervisor || cf.Worker || cf.Case.Subject.FullName != "Nguyễn Văn An" {
			t.Errorf("opened by break-glass: %v %v %v %q", cf.BreakGlass(), cf.Supervisor, cf.Worker, cf.Case.Subject.FullName)
		}
		if got := f.list(t, f.prov, store.CaseFilter{}); !slices.Equal(got, []string{c.Number}) {
			t.Errorf("the province's list: %v", got)
		}
		wantCode(t, f.s.CloseCase(ctx, f.prov.actor, f.prov.rd, c.ID, "safe", ""), errs.Forbidden, "")
		_, _, err := f.s.CaseAccessLog(ctx, f.prov.actor, f.prov.rd, c.ID)
		wantCode(t, err, errs.Forbidden, "")

		_, log, err := f.s.CaseAccessLog(ctx, f.sup.actor, f.sup.rd, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) < 3 {
			t.Fatalf("access history: %+v", log)
		}
		// Every row of the province's supervisor is marked, the opening
		// carries its reason, and no one else's row is marked.
		prov := "Hoàng Thị Tỉnh (Trung tâm Công tác xã hội tỉnh)"
		openings, reads := 0, 0
		for _, e := range log {
			switch {
			case e.Action == "case.break-glass":
				openings++
				if !e.BreakGlass || e.Reason != reason || !e.At.Equal(glassAt) || e.Who != prov {
					t.Errorf("the opening: %+v", e)
				}
			case e.Who == prov:
				reads++
				if e.Action != "case.read" || !e.BreakGlass || e.Reason != "" {
					t.Errorf("the break-glass reading: %+v", e)
				}
			case e.BreakGlass || e.Reason != "":
				t.Errorf("an ordinary row marked: %+v", e)
			}
		}
		if openings != 1 || reads < 2 {
			t.Errorf("the history holds %d openings and %d break-glass readings (the page and the list), want 1 and 2", openings, reads)
		}

		alerts, err := f.s.BreakGlassAlerts(ctx, auth.CaseSupervisionScope(f.sup.u))
		if err != nil || len(alerts) != 1 || alerts[0].CaseID != c.ID || alerts[0].Number != c.Number ||
			alerts[0].Who != "Hoàng Thị Tỉnh (Trung tâm Công tác xã hội tỉnh)" || !alerts[0].At.Equal(glassAt) {
			t.Fatalf("alerts: %v %+v", err, alerts)
		}
		for _, u := range []domain.User{f.supB.u, f.worker.u, f.admin.u, f.prov.u} {
			if other, _ := f.s.BreakGlassAlerts(ctx, auth.CaseSupervisionScope(u)); len(other) != 0 {
				t.Errorf("%s is alerted: %+v", u.Username, other)
			}
		}
		wantCode(t, f.s.AcknowledgeBreakGlass(ctx, f.worker.actor, f.worker.rd, c.ID, alerts[0].ID), errs.Forbidden, "")
		other := f.intake(t, f.worker, f.a, f.newCase("Trần Thị Bé", "2012-01-01", "female"))
		wantCode(t, f.s.AcknowledgeBreakGlass(ctx, f.sup.actor, f.sup.rd, other.ID, alerts[0].ID), errs.NotFound, "")
		if err := f.s.AcknowledgeBreakGlass(ctx, f.sup.actor, f.sup.rd, c.ID, alerts[0].ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.AcknowledgeBreakGlass(ctx, f.sup.actor, f.sup.rd, c.ID, alerts[0].ID), errs.NotFound, "")
		if left, _ := f.s.BreakGlassAlerts(ctx, auth.CaseSupervisionScope(f.sup.u)); len(left) != 0 {
			t.Errorf("acknowledged, still: %+v", left)
		}

		// It lasts a day.
		f.now = glassAt.Add(24*time.Hour + time.Second)
		_, err = f.s.OpenCase(ctx, f.prov.actor, f.prov.rd, c.ID, "page")
		f.wantHidden(t, "a day after breaking glass", err)
		if got := f.list(t, f.prov, store.CaseFilter{}); len(got) != 0 {
			t.Errorf("the province's list a day later: %v", got)
		}
	})
}

func TestCaseStatsFiguresAndAnonymising(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newCaseFixture(t, s)
		received := func(day, hour int) time.Time { return vnTime(2025, 6, day, hour, 0) }
		var inA []domain.Case
		for i := range 6 {
			in := f.newCase("Trẻ A", "2015-01-01", "female")
			if i == 5 {
				in.Subject.Sex = "male"
			}
			in.ReceivedAt = received(2+i, 8)
			c := f.intake(t, f.worker, f.a, in)
			// Assessed after 1, 2 … 6 hours.
			if err := f.s.RecordCaseStep(ctx, f.worker.actor, f.worker.rd, c.ID, domain.StepAssess, in.ReceivedAt.Add(time.Duration(i+1)*time.Hour), "", nil); err != nil {
				t.Fatal(err)
			}
			inA = append(inA, c)
		}
		for i := range 2 {
			in := f.newCase("Trẻ B", "2009-01-01", "male")
			in.Kind, in.ReceivedAt = domain.CaseNeglect, received(3+i, 10)
			f.intake(t, f.supB, f.b, in)
		}
		may := f.newCase("Trẻ tháng Năm", "", "")
		may.ReceivedAt = vnTime(2025, 5, 31, 23, 0)
		f.intake(t, f.worker, f.a, may)
		consent := []domain.Consent{
			{GivenBy: domain.GiverParent, At: f.now, Scope: []string{domain.ShareSummary}},
			{GivenBy: domain.GiverChild, At: f.now, Scope: []string{domain.ShareSummary}},
		}
		if _, err := f.s.Refer(ctx, f.worker.actor, f.worker.rd, inA[0].ID, f.health.ID, consent); err != nil {
			t.Fatal(err)
		}

		stats := func() domain.CaseStats {
			t.Helper()
			st, err := f.s.CaseStats(ctx, f.root, vnTime(2025, 6, 1, 0, 0), vnTime(2025, 6, 30, 0, 0), "en")
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		shown := func(cs []domain.CaseCell) map[string]string {
			m := map[string]string{}
			for _, c := range cs {
				m[c.Code] = c.Display
			}
			return m
		}
		check := func(st domain.CaseStats) {
			t.Helper()
			if st.Org != "QN" || st.Total.Display != "8" {
				t.Errorf("org %s, total %s", st.Org, st.Total.Display)
			}
			for _, tt := range []struct {
				name string
				cs   []domain.CaseCell
				want map[string]string
			}{
				{"area", st.ByArea, map[string]string{"QN": "0", "QN-A": "≥5", "QN-B": "<5", "QN-CTXH": "0"}},
				{"kind", st.ByKind, map[string]string{"abuse": "≥5", "neglect": "<5", "trafficking": "0"}},
				{"sex", st.BySex, map[string]string{"female": "≥5", "male": "<5", "unknown": "0"}},
				{"age", st.ByAge, map[string]string{"6-11": "≥5", "16-17": "<5", "unknown": "0"}},
				{"month", st.ByMonth, map[string]string{"2025-06": "8"}},
				{"referrals", st.Referrals, map[string]string{"health": "<5", "police": "0"}},
			} {
				got := shown(tt.cs)
				for code, want := range tt.want {
					if got[code] != want {
						t.Errorf("%s %s: %q, want %q (%v)", tt.name, code, got[code], want, got)
					}
				}
			}
			if st.FirstResponseHours == nil || *st.FirstResponseHours != 3.5 {
				t.Errorf("median hours to first response %v, want 3.5", st.FirstResponseHours)
			}
		}
		st := stats()
		check(st)
		if st.Closed.Display != "0" || st.ClosureDays != nil {
			t.Errorf("closed %s, %v", st.Closed.Display, st.ClosureDays)
		}
		if a, err := f.s.CaseStats(ctx, f.a, vnTime(2025, 6, 1, 0, 0), vnTime(2025, 6, 30, 0, 0), "vi"); err != nil || a.Total.Display != "6" || shown(a.ByArea)["QN-A"] != "6" {
			t.Errorf("commune A: %v %+v", err, a.Total)
		}

		figures := func(src domain.RecordSource, org domain.OrgUnit) domain.Figures {
			t.Helper()
			fig, err := f.s.RecordFigures(ctx, src, org.Path, "2025-06-01", "2025-06-30")
			if err != nil {
				t.Fatal(err)
			}
			return fig
		}
		wantFigures := func(src domain.RecordSource, org domain.OrgUnit, total, male, female float64) {
			t.Helper()
			if got := figures(src, org); got.Total != total || got.Male != male || got.Female != female || !got.BySex {
				t.Errorf("%s at %s: %+v, want %v (%v male, %v female)", src.Metric, org.Code, got, total, male, female)
			}
		}
		received25 := domain.RecordSource{Metric: "cases.received"}
		wantFigures(received25, f.root, 8, 3, 5)
		wantFigures(received25, f.a, 6, 1, 5)
		wantFigures(domain.RecordSource{Metric: "cases.received", Types: []string{"neglect"}}, f.root, 2, 2, 0)
		wantFigures(domain.RecordSource{Metric: "cases.referred"}, f.root, 1, 0, 1)
		wantFigures(domain.RecordSource{Metric: "cases.closed"}, f.root, 0, 0, 0)
		if src, ok, err := domain.ParseSource("records:cases.received?type=abuse"); err != nil || !ok {
			t.Errorf("cases.received as an indicator's source: %v %v", ok, err)
		} else {
			wantFigures(src, f.root, 6, 1, 5)
		}

		// Closed, and past the retention time: anonymised, gone from
		// every reader, still counted.
		gone := inA[1]
		wantCode(t, f.s.AnonymiseCase(ctx, domain.SystemActor, gone.ID, f.now.Add(time.Hour)), errs.Conflict, "") // still open
		if err := f.s.CloseCase(ctx, f.sup.actor, f.sup.rd, gone.ID, "safe", "Ghi chú khi đóng."); err != nil {
			t.Fatal(err)
		}
		wantFigures(domain.RecordSource{Metric: "cases.closed"}, f.root, 1, 0, 1)
		past, err := f.s.CasesPastRetention(ctx, f.now.Add(time.Hour))
		if err != nil || len(past) != 1 || past[0].ID != gone.ID || past[0].Number != gone.Number || past[0].Org != "QN-A" {
			t.Fatalf("past retention: %v %+v", err, past)
		}
		if early, _ := f.s.CasesPastRetention(ctx, f.now.Add(-time.Hour)); len(early) != 0 {
			t.Errorf("closed after the cutoff, yet listed: %+v", early)
		}
		wantCode(t, f.s.AnonymiseCase(ctx, domain.SystemActor, gone.ID, f.now.Add(-time.Hour)), errs.Conflict, "")
		keysBefore, _ := f.s.CaseKeyUse(ctx)
		if err := f.s.AnonymiseCase(ctx, domain.SystemActor, gone.ID, f.now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.AnonymiseCase(ctx, domain.SystemActor, gone.ID, f.now.Add(time.Hour)), errs.Conflict, "")
		for _, who := range []caseUser{f.worker, f.sup} {
			_, err := f.s.OpenCase(ctx, who.actor, who.rd, gone.ID, "page")
			f.wantHidden(t, who.u.Username+" opening an anonymised case", err)
			if got := f.list(t, who, store.CaseFilter{}); slices.Contains(got, gone.Number) {
				t.Errorf("%s still lists the anonymised case", who.u.Username)
			}
		}
		hashes, _ := f.s.NameHashes("Trẻ A")
		if got := f.list(t, f.worker, store.CaseFilter{Hashes: hashes}); len(got) != 5 {
			t.Errorf("search by name after anonymising: %v", got)
		}
		keysAfter, _ := f.s.CaseKeyUse(ctx)
		sum := func(m map[string]int) (n int) {
			for _, v := range m {
				n += v
			}
			return n
		}
		if sum(keysBefore)-sum(keysAfter) != 1 {
			t.Errorf("data keys before %v, after %v", keysBefore, keysAfter)
		}
		var wrapped []byte
		if err := s.RawDB().QueryRowContext(ctx, "SELECT wrapped_key FROM cases WHERE id = $1", gone.ID).Scan(&wrapped); err != nil || wrapped != nil {
			t.Errorf("the anonymised case's key: %v %x", err, wrapped)
		}
		st = stats()
		check(st)
		if st.Closed.Display != "<5" {
			t.Errorf("closed: %s", st.Closed.Display)
		}
		wantFigures(received25, f.root, 8, 3, 5)
		wantFigures(domain.RecordSource{Metric: "cases.closed"}, f.root, 1, 0, 1)
	})
}

// breakGlass opens a case by its number, as the break-glass form does.
func breakGlass(s *store.Store, actor domain.Actor, number, reason string, may func(string) bool) error {
	_, err := s.BreakGlass(ctx, actor, number, reason, may)
	return err
}
