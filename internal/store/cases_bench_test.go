package store_test

import (
	"fmt"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// caseRegister builds a ward whose caseworker holds 10,000 cases, with a
// step and a note on each, and returns the store, the worker's reader and
// actor, and one case's id.
func caseRegister(b *testing.B, engine store.Dialect) (*store.Store, domain.CaseReader, domain.Actor, int64) {
	b.Helper()
	s := storetest.Open(b, engine, store.Options{})
	sys := domain.Actor{Username: "bench"}
	if _, err := s.CreateOrgUnit(ctx, sys, domain.OrgUnitInput{Code: "PR", Name: "Tỉnh", Kind: domain.KindProvince}); err != nil {
		b.Fatal(err)
	}
	ward, err := s.CreateOrgUnit(ctx, sys, domain.OrgUnitInput{Code: "PR-P1", Name: "Phường Một", Kind: domain.KindCommune, Parent: "PR"})
	if err != nil {
		b.Fatal(err)
	}
	u, err := s.CreateUser(ctx, sys, domain.UserInput{Username: "worker", FullName: "Nguyễn Thị Hoa", Org: "PR-P1", Role: domain.RoleCaseworker}, "h", false)
	if err != nil {
		b.Fatal(err)
	}
	actor := domain.Actor{UserID: u.ID, Username: u.Username}
	rd := domain.CaseReader{UserID: u.ID}
	start := time.Now().AddDate(-3, 0, 0)
	var id int64
	for i := range 10_000 {
		c := domain.Case{Kind: domain.CaseKinds[i%len(domain.CaseKinds)], Source: domain.CaseSources[i%len(domain.CaseSources)], Risk: domain.RiskMedium,
			ReceivedAt: start.Add(time.Duration(i) * 2 * time.Hour),
			Subject: domain.CaseSubject{FullName: fmt.Sprintf("Nguyễn Văn Thử %05d", i), BirthDate: "2014-03-01", Sex: "male",
				Address: "Tổ 1, khu 2, phường Một", Phone: "0912000111", IDNumber: "022314000111"},
			Summary: "Trẻ bị đánh nhiều lần vào buổi tối; hàng xóm báo tổng đài 111. Đã kiểm tra, đưa trẻ đến nhà người thân."}
		saved, err := s.CreateCase(ctx, actor, ward, c, nil)
		if err != nil {
			b.Fatal(err)
		}
		id = saved.ID
	}
	if err := s.RecordCaseStep(ctx, actor, rd, id, domain.StepAssess, time.Time{}, "Đánh giá nguy cơ: trung bình", nil); err != nil {
		b.Fatal(err)
	}
	for range 20 {
		if _, err := s.AddCaseNote(ctx, actor, rd, id, "note", "Gọi điện hỏi thăm gia đình, trẻ đã đi học trở lại.", ""); err != nil {
			b.Fatal(err)
		}
	}
	return s, rd, actor, id
}

// BenchmarkCaseList10000 is the caseworker's list (its first page of 50,
// names decrypted, the reading audited) out of 10,000 cases: budget 50 ms.
func BenchmarkCaseList10000(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s, rd, actor, _ := caseRegister(b, engine)
			b.ResetTimer()
			for b.Loop() {
				cs, total, err := s.Cases(ctx, actor, rd, store.CaseFilter{Status: domain.CaseOpen, Purpose: "list"}, store.Page{Number: 1, Limit: 50})
				if err != nil || total != 10_000 || len(cs) != 50 {
					b.Fatalf("%d of %d: %v", len(cs), total, err)
				}
			}
		})
	}
}

// BenchmarkOpenCase opens one case (its key unwrapped, every field, step
// and note decrypted, the reading audited): budget 10 ms.
func BenchmarkOpenCase(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s, rd, actor, id := caseRegister(b, engine)
			b.ResetTimer()
			for b.Loop() {
				f, err := s.OpenCase(ctx, actor, rd, id, "page")
				if err != nil || len(f.Notes) != 20 {
					b.Fatalf("%d notes: %v", len(f.Notes), err)
				}
			}
		})
	}
}
