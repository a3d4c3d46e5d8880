package domain

import (
	"slices"
	"time"

	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
)

// The procedure of support and intervention for a child who is abused or
// at risk of violence, exploitation or abandonment: the measures of the
// Law on Children 2016 (Article 49 on support, Article 50 on
// intervention) carried out in the steps Decree 56/2017/NĐ-CP lays down
// (Chapter IV, the procedure of Article 20 as amended), each with the time
// limit the decree sets from the moment the information was received.
// Steps without a limit in law are due when the support plan says.

// CaseStepCode names a step of the procedure.
type CaseStepCode string

// The steps, in order.
const (
	StepAssess  CaseStepCode = "assess"    // 1. first assessment of risk, urgent measures
	StepVerify  CaseStepCode = "verify"    // 2. verification, assessment of harm and needs
	StepPlan    CaseStepCode = "plan"      // 3. the support and intervention plan
	StepCarry   CaseStepCode = "carry-out" // 4. carrying the plan out
	StepFollow  CaseStepCode = "follow-up" // 5. follow-up and review of the child's safety
	StepClosure CaseStepCode = "closure"   // 6. closing the case
)

// CaseStepDef is a step with its time limit and the text that sets it.
type CaseStepDef struct {
	Code         CaseStepCode
	Name, NameEN string
	// Hours or WorkingDays bound the step, counted from the moment the case
	// was received; both zero: no limit in law.
	Hours, WorkingDays int
	// Basis is the article that sets the step and its limit.
	Basis string
}

// CaseSteps are the steps of the procedure.
var CaseSteps = []CaseStepDef{
	{Code: StepAssess, Name: "Tiếp nhận, đánh giá nguy cơ ban đầu và áp dụng biện pháp khẩn cấp", NameEN: "First assessment of risk and urgent measures",
		Hours: 12, Basis: "Nghị định 56/2017/NĐ-CP, Điều 20, khoản 1 (trong 12 giờ từ khi nhận thông tin); Luật Trẻ em 2016, Điều 50"},
	{Code: StepVerify, Name: "Kiểm tra, xác minh thông tin; đánh giá mức độ tổn hại và nhu cầu hỗ trợ", NameEN: "Verification; assessment of harm and needs",
		WorkingDays: 3, Basis: "Nghị định 56/2017/NĐ-CP, Điều 20, khoản 2 (trong 03 ngày làm việc từ khi nhận thông tin)"},
	{Code: StepPlan, Name: "Xây dựng, phê duyệt kế hoạch hỗ trợ, can thiệp", NameEN: "The support and intervention plan",
		WorkingDays: 7, Basis: "Nghị định 56/2017/NĐ-CP, Điều 20, khoản 3 (trong 07 ngày làm việc từ khi nhận thông tin)"},
	{Code: StepCarry, Name: "Tổ chức thực hiện kế hoạch hỗ trợ, can thiệp", NameEN: "Carrying out the plan",
		Basis: "Nghị định 56/2017/NĐ-CP, Điều 20, khoản 4; Luật Trẻ em 2016, Điều 49, Điều 50"},
	{Code: StepFollow, Name: "Theo dõi, đánh giá sự an toàn của trẻ em", NameEN: "Follow-up and review of safety",
		Basis: "Nghị định 56/2017/NĐ-CP, Điều 20, khoản 5"},
	{Code: StepClosure, Name: "Đóng hồ sơ", NameEN: "Closing the case",
		Basis: "Nghị định 56/2017/NĐ-CP, Điều 20, khoản 6 (khi trẻ em được đánh giá là an toàn, hoặc chuyển đi, hoặc đủ 18 tuổi)"},
}

// CaseStepOf returns a step by code.
func CaseStepOf(code CaseStepCode) (CaseStepDef, bool) {
	i := slices.IndexFunc(CaseSteps, func(d CaseStepDef) bool { return d.Code == code })
	if i < 0 {
		return CaseStepDef{}, false
	}
	return CaseSteps[i], true
}

// Label is the step's name in lang.
func (d CaseStepDef) Label(lang string) string {
	if lang == "en" {
		return d.NameEN
	}
	return d.Name
}

// Label is the step's name in lang.
func (c CaseStepCode) Label(lang string) string {
	d, _ := CaseStepOf(c)
	return d.Label(lang)
}

// Due is when the step must be done for a case received at received: 12
// hours later for the first assessment, the end of the third or seventh
// working day (in Vietnam's time) for verification and the plan. It is the
// zero time for a step the law does not bound.
func (d CaseStepDef) Due(received time.Time, h period.Holidays) time.Time {
	switch {
	case d.Hours > 0:
		return received.Add(time.Duration(d.Hours) * time.Hour)
	case d.WorkingDays > 0:
		local := received.In(vntext.Location)
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, vntext.Location)
		end := period.AddWorkingDays(day, d.WorkingDays, h)
		return end.Add(24*time.Hour - time.Second)
	}
	return time.Time{}
}

// CaseStep is a step of one case, done; its note is sealed.
type CaseStep struct {
	Step   CaseStepCode `json:"step"`
	DoneAt time.Time    `json:"done_at"`
	By     string       `json:"by"` // full name and unit
	Note   string       `json:"note,omitempty"`
}

// NextStep is the first step of the procedure not yet done, and when it is
// due; ok is false when every step up to closure is done.
func NextStep(received time.Time, done []CaseStep, h period.Holidays) (CaseStepDef, time.Time, bool) {
	for _, d := range CaseSteps {
		if !slices.ContainsFunc(done, func(s CaseStep) bool { return s.Step == d.Code }) {
			return d, d.Due(received, h), true
		}
	}
	return CaseStepDef{}, time.Time{}, false
}

// CheckStepOrder refuses a step recorded before the steps it follows: the
// procedure runs in order, so verification cannot be marked done before
// the first assessment, nor closure (which has its own action) here.
func CheckStepOrder(step CaseStepCode, done []CaseStep) error {
	d, ok := CaseStepOf(step)
	if !ok || d.Code == StepClosure {
		return errs.Field("step", "chọn một bước của quy trình", "choose a step of the procedure")
	}
	for _, prev := range CaseSteps {
		if prev.Code == step {
			break
		}
		if !slices.ContainsFunc(done, func(s CaseStep) bool { return s.Step == prev.Code }) {
			return errs.Field("step", "chưa hoàn thành bước trước: "+prev.Name, "the step before is not done yet: "+prev.NameEN)
		}
	}
	if slices.ContainsFunc(done, func(s CaseStep) bool { return s.Step == step }) {
		return errs.Field("step", "bước này đã được ghi nhận", "this step is already recorded")
	}
	return nil
}
