package demo

import (
	"context"
	"fmt"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// The demo's cases: a handful, plainly fictional (their summaries say so,
// and the names are made up), taken in at the ward of Hồng Gai over the
// last weeks, at every stage of the procedure — one past its 12-hour
// limit, one just in, one referred with consent, one closed.

type demoCase struct {
	c     domain.Case
	ago   time.Duration // received this long before now
	steps []domain.CaseStepCode
	note  string
	refer domain.ServiceKind
	give  []domain.ConsentGiver
	close string
}

var demoCases = []demoCase{
	{c: domain.Case{Kind: domain.CaseAbuse, Source: domain.SourceHotline111, Risk: domain.RiskHigh,
		Subject:  domain.CaseSubject{FullName: "Đào Minh Khôi", BirthDate: "2015-04-12", Sex: "male", Address: "Tổ 3, khu 5 (địa chỉ hư cấu)"},
		Reporter: domain.CaseReporter{Anonymous: true},
		Summary:  "[Dữ liệu minh hoạ hư cấu] Tổng đài 111 chuyển thông tin: hàng xóm nghe thấy trẻ bị đánh nhiều lần vào buổi tối.",
		Measures: "Cán bộ bảo vệ trẻ em phường cùng công an khu vực đến gia đình kiểm tra."},
		ago: 20 * time.Hour},
	{c: domain.Case{Kind: domain.CaseNeglect, Source: domain.SourceSchool, Risk: domain.RiskMedium,
		Subject:  domain.CaseSubject{FullName: "Vi Thị Ngọc Ánh", BirthDate: "2017-09-03", Sex: "female"},
		Reporter: domain.CaseReporter{Name: "Cô giáo chủ nhiệm (hư cấu)", Relation: "giáo viên"},
		Summary:  "[Dữ liệu minh hoạ hư cấu] Nhà trường báo trẻ nghỉ học nhiều ngày, đến lớp không được ăn sáng; cha mẹ đi làm xa."},
		ago: 3 * time.Hour},
	{c: domain.Case{Kind: domain.CaseDomestic, Source: domain.SourceHotlineDV, Risk: domain.RiskHigh,
		Subject:    domain.CaseSubject{FullName: "Hà Thị Thanh Xuân", BirthDate: "1994-02-20", Sex: "female"},
		Reporter:   domain.CaseReporter{Name: "Chính người bị bạo lực", Relation: "bản thân"},
		Summary:    "[Dữ liệu minh hoạ hư cấu] Người bị bạo lực gọi đường dây nóng, đề nghị được đến nơi tạm lánh cùng con nhỏ.",
		DVMeasures: []string{"shelter", "no-contact-commune"}},
		ago: 9 * 24 * time.Hour, steps: []domain.CaseStepCode{domain.StepAssess, domain.StepVerify},
		note:  "Đã bố trí tạm lánh; Chủ tịch UBND phường quyết định cấm tiếp xúc 03 ngày.",
		refer: domain.SvcSunshine, give: []domain.ConsentGiver{domain.GiverSurvivor}},
	{c: domain.Case{Kind: domain.CaseSexual, Source: domain.SourceHealth, Risk: domain.RiskHigh,
		Subject:  domain.CaseSubject{FullName: "Lục Thị Bích Ngọc", BirthDate: "2012-11-30", Sex: "female"},
		Reporter: domain.CaseReporter{Name: "Bác sĩ trực (hư cấu)", Relation: "cơ sở y tế"},
		Summary:  "[Dữ liệu minh hoạ hư cấu] Bệnh viện báo tiếp nhận trẻ có dấu hiệu bị xâm hại; đã báo công an."},
		ago: 30 * 24 * time.Hour, steps: []domain.CaseStepCode{domain.StepAssess, domain.StepVerify, domain.StepPlan, domain.StepCarry},
		note:  "Kế hoạch hỗ trợ: trị liệu tâm lý hằng tuần, trợ giúp pháp lý cho gia đình.",
		refer: domain.SvcSocialWork, give: []domain.ConsentGiver{domain.GiverParent, domain.GiverChild}},
	{c: domain.Case{Kind: domain.CaseExploitation, Source: domain.SourcePolice, Risk: domain.RiskMedium,
		Subject:  domain.CaseSubject{FullName: "Nông Văn Phúc", BirthDate: "2010-06-15", Sex: "male"},
		Reporter: domain.CaseReporter{Name: "Công an phường (hư cấu)"},
		Summary:  "[Dữ liệu minh hoạ hư cấu] Công an phát hiện trẻ bán hàng rong đến khuya tại bến xe, bị người lớn thu tiền."},
		ago: 75 * 24 * time.Hour, steps: []domain.CaseStepCode{domain.StepAssess, domain.StepVerify, domain.StepPlan, domain.StepCarry, domain.StepFollow},
		close: "safe"},
}

// seedCases takes in the demo's cases as the ward's caseworker, and
// records their steps, notes, consents and referrals.
// A store without the register's master key (a tool that opens the
// database for something else) gets no cases.
func seedCases(ctx context.Context, st *store.Store, users map[string]domain.User) error {
	if !st.HasCaseKeys() {
		return nil
	}
	worker := users["caseworker"]
	actor := domain.Actor{UserID: worker.ID, Username: worker.Username}
	rd := domain.CaseReader{UserID: worker.ID}
	sup := users["casesupervisor"]
	supActor := domain.Actor{UserID: sup.ID, Username: sup.Username}
	ward, err := st.OrgUnit(ctx, "QN-HONGGAI")
	if err != nil {
		return err
	}
	services, err := st.Services(ctx, store.ServiceFilter{})
	if err != nil {
		return err
	}
	hs, err := st.HolidaySet(ctx)
	if err != nil {
		return err
	}
	now := st.Now()
	for _, d := range demoCases {
		received := now.Add(-d.ago).Truncate(time.Minute)
		at := received
		clock := func() time.Time { return at }
		past := st.WithClock(clock)
		d.c.ReceivedAt = received
		c, err := past.CreateCase(ctx, actor, ward, d.c, hs)
		if err != nil {
			return fmt.Errorf("demo case: %w", err)
		}
		for i, step := range d.steps {
			at = received.Add(time.Duration(i+1) * 10 * time.Hour)
			if err := past.RecordCaseStep(ctx, actor, rd, c.ID, step, at, "Đã thực hiện theo quy trình (dữ liệu minh hoạ).", hs); err != nil {
				return fmt.Errorf("demo case %s step %s: %w", c.Number, step, err)
			}
		}
		if d.note != "" {
			at = at.Add(time.Hour)
			if _, err := past.AddCaseNote(ctx, actor, rd, c.ID, "note", d.note, ""); err != nil {
				return err
			}
			if _, err := past.AddCaseNote(ctx, actor, rd, c.ID, "task", "Gọi điện hỏi thăm, đánh giá lại mức độ an toàn.", at.AddDate(0, 0, 14).In(vntext.Location).Format(time.DateOnly)); err != nil {
				return err
			}
		}
		if d.refer != "" {
			var svc int64
			for _, v := range services {
				if v.Kind == d.refer {
					svc = v.ID
					break
				}
			}
			at = at.Add(time.Hour)
			var given []domain.Consent
			for _, g := range d.give {
				given = append(given, domain.Consent{GivenBy: g, At: at, Scope: []string{domain.ShareIdentity, domain.ShareSummary, domain.ShareAssessment}})
			}
			if svc != 0 {
				if _, err := past.Refer(ctx, actor, rd, c.ID, svc, given); err != nil {
					return fmt.Errorf("demo case %s referral: %w", c.Number, err)
				}
			}
		}
		if d.close != "" {
			at = at.Add(24 * time.Hour)
			if err := past.CloseCase(ctx, supActor, domain.CaseReader{UserID: sup.ID, Supervises: domain.Scope{Paths: []string{ward.Path}}}, c.ID, d.close, "Trẻ đã đi học trở lại, gia đình được hỗ trợ sinh kế."); err != nil {
				return err
			}
		}
	}
	return nil
}
