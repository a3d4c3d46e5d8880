package results

import (
	"fmt"
	"slices"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/period"
)

// Two more documents drafted from what tebdg holds: the coordinator's
// official letter (công văn) asking the agencies for a periodic report,
// and an agency's plan for an observance or action month from the items of
// its plan tied to it. Both are Drafts with one section the officer adds
// to, and go through the same approval and numbering.

// GuidanceInput is what the coordinator's letter is drafted from.
type GuidanceInput struct {
	ParentIssuer, Issuer, Place string // Issuer as a sentence names it
	Scope                       string // "Ủy ban nhân dân tỉnh", for whom the figures are summed up
	Template                    domain.Template
	Indicators                  []domain.Indicator // the template's, in order
	Period                      period.Period
	DueOn                       string   // YYYY-MM-DD
	To                          []string // the agencies asked
	SignerTitle                 []string // {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}
	Stored                      domain.ResultsReport
}

// GuidanceTitle is the letter's trích yếu.
func GuidanceTitle(t domain.Template, p period.Period) string {
	return "V/v " + LowerFirst(reportName(t)) + " " + LowerFirst(p.Label("vi"))
}

// reportName is a template's name without the period type it may end with
// ("… (quý)"), which the period named after it says again.
func reportName(t domain.Template) string {
	name := strings.TrimSpace(t.Name)
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		return name[:i]
	}
	return name
}

// Guidance drafts the letter.
func Guidance(in GuidanceInput) Draft {
	d := Draft{Kind: domain.KindGuidance, Period: in.Period.ID, PeriodLabel: in.Period.Label("vi"), Status: in.Stored.Status, Version: in.Stored.Version}
	if d.Status == "" {
		d.Status = domain.ResultsDraft
	}
	d.Header = Header{ParentIssuer: in.ParentIssuer, Issuer: strings.ToUpper(in.Issuer), Unit: in.Issuer, Place: in.Place,
		Number: in.Stored.Number, Date: in.Stored.IssuedOn, Title: GuidanceTitle(in.Template, in.Period), To: in.To}
	if d.Header.To == nil {
		d.Header.To = []string{}
	}
	scope := in.Scope
	if scope == "" {
		scope = "cấp trên"
	}
	d.Opening = fmt.Sprintf("Thực hiện Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định chế độ báo cáo của cơ quan hành chính nhà nước; "+
		"để có cơ sở tổng hợp, báo cáo %s, %s đề nghị các cơ quan, đơn vị báo cáo %s %s, cụ thể như sau:",
		scope, in.Issuer, LowerFirst(reportName(in.Template)), LowerFirst(in.Period.Label("vi")))
	var facts []string
	if len(in.Template.Sections) > 0 {
		facts = append(facts, "1. Nội dung báo cáo: "+strings.Join(in.Template.Sections, "; ")+".")
	}
	if len(in.Indicators) > 0 {
		var names []string
		for _, ind := range in.Indicators {
			names = append(names, ind.Name+" ("+ind.Unit+")")
		}
		facts = append(facts, "2. Số liệu theo các chỉ tiêu: "+strings.Join(names, "; ")+".")
	}
	facts = append(facts,
		fmt.Sprintf("3. Thời gian chốt số liệu: từ ngày %s đến ngày %s.", dayText(in.Period.Start.Format("2006-01-02")), dayText(in.Period.End.Format("2006-01-02"))),
		"4. Hình thức: các cơ quan, đơn vị nhập số liệu và gửi báo cáo trên hệ thống tebdg, mục “Báo cáo định kỳ”, mẫu “"+in.Template.Name+"”; số liệu từ các sổ theo dõi và nhật ký hoạt động được hệ thống tự điền.",
		"5. Thời hạn gửi báo cáo: trước ngày "+dayText(in.DueOn)+".")
	d.Sections = []Section{{Key: domain.SectionDirection, Title: "Nội dung đề nghị", Facts: facts, Text: in.Stored.Texts[domain.SectionDirection]}}
	d.Closing = "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./."
	d.Appendix = []Figure{}
	d.Signer = Signer{Title: signerTitle(in.SignerTitle), Name: in.Stored.ApprovedBy, Recipients: []string{"Như trên", "Lưu: VT"}}
	return d
}

// signerTitle is the title a unit signs with, a department's deputy
// director's when the unit has none on record.
func signerTitle(t []string) []string {
	if len(t) == 0 {
		return []string{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}
	}
	return t
}

// ObservanceInput is what an agency's plan for an observance is drafted
// from.
type ObservanceInput struct {
	Plan         domain.Plan // with its tree
	Name         string      // "Tháng hành động vì trẻ em"
	Start, End   string      // YYYY-MM-DD
	Codes        []string    // the observance and those within it, whose items the plan takes
	Addressees   []string
	ParentIssuer string
	Stored       domain.ResultsReport
	Year         int
}

// ObservanceTitle is the plan's trích yếu.
func ObservanceTitle(name string, year int) string {
	return fmt.Sprintf("Tổ chức các hoạt động hưởng ứng %s năm %d", name, year)
}

// Observance drafts the plan: its purpose, the activities of the agency's
// plan tied to the observance with their units and dates, and who does
// what.
func Observance(in ObservanceInput) Draft {
	p := in.Plan
	d := Draft{Kind: domain.KindObservance, Plan: p.ID, Period: in.Stored.Key.Period, PeriodLabel: fmt.Sprint(in.Year), Status: in.Stored.Status, Version: in.Stored.Version}
	if d.Status == "" {
		d.Status = domain.ResultsDraft
	}
	d.Header = Header{ParentIssuer: p.Header.ParentIssuer, Issuer: p.Header.Issuer, Unit: p.OrgName, Place: p.Header.Place, Type: "KẾ HOẠCH",
		Number: in.Stored.Number, Date: in.Stored.IssuedOn, Title: ObservanceTitle(in.Name, in.Year), To: []string{}}
	if d.Header.Issuer == "" {
		d.Header.Issuer = strings.ToUpper(p.OrgName)
	}
	ref := "Kế hoạch"
	if p.Header.Number != "" {
		ref += " số " + p.Header.Number
	}
	if day := dayText(p.Header.Date); day != "" {
		ref += " ngày " + day
	}
	d.Opening = fmt.Sprintf("Thực hiện %s của %s về %s, %s xây dựng Kế hoạch tổ chức các hoạt động hưởng ứng %s năm %d (từ ngày %s đến ngày %s) như sau:",
		ref, p.OrgName, LowerFirst(p.Header.Title), p.OrgName, in.Name, in.Year, dayText(in.Start), dayText(in.End))
	var items []Item
	units := map[string]bool{}
	var unitList []string
	domain.Walk(p.Items, func(it *domain.PlanItem, depth int) {
		if !it.Kind.Trackable() || it.Observance == "" || !slices.Contains(in.Codes, it.Observance) {
			return
		}
		item := Item{ID: it.ID, Label: it.Label, Kind: it.Kind, Depth: depth, Text: wholeText(it), Lead: it.LeadName,
			Deadline: deadlineText(it.Deadline), Activities: []Activity{}, Figures: []Figure{}}
		for _, s := range it.Supports {
			item.Supports = append(item.Supports, s.Name)
		}
		items = append(items, item)
		if it.LeadName != "" && !units[it.LeadName] {
			units[it.LeadName] = true
			unitList = append(unitList, it.LeadName)
		}
	})
	purpose := []string{
		"Tuyên truyền, nâng cao nhận thức của công chức, viên chức, người lao động và cộng đồng về " + LowerFirst(in.Name) + ".",
		"Các hoạt động được tổ chức thiết thực, hiệu quả, gắn với nhiệm vụ chuyên môn của các đơn vị; kết quả được ghi nhận trên hệ thống để tổng hợp báo cáo.",
	}
	var org []string
	for _, u := range unitList {
		org = append(org, u+" chủ trì thực hiện các hoạt động được giao tại mục II; ghi nhận kết quả, số người tham gia và minh chứng vào nhật ký hoạt động ngay sau khi thực hiện.")
	}
	org = append(org, "Bộ phận đầu mối công tác trẻ em, bình đẳng giới của "+p.OrgName+" theo dõi, tổng hợp kết quả, báo cáo lãnh đạo và cơ quan điều phối sau khi kết thúc đợt hoạt động.")
	d.Sections = []Section{
		{Key: domain.SectionDirection, Title: "Mục đích, yêu cầu", Facts: purpose, Text: in.Stored.Texts[domain.SectionDirection]},
		{Key: domain.SectionResults, Title: "Nội dung hoạt động", Items: items, Facts: []string{}, Text: in.Stored.Texts[domain.SectionResults]},
		{Key: domain.SectionAssessment, Title: "Tổ chức thực hiện", Facts: org, Text: in.Stored.Texts[domain.SectionAssessment]},
	}
	d.Appendix = []Figure{}
	var rcpt []string
	for _, a := range in.Addressees {
		rcpt = append(rcpt, a+" (b/c)")
	}
	rcpt = append(rcpt, unitList...)
	d.Signer = Signer{Name: p.Signer.Name, Recipients: append(rcpt, "Lưu: VT")}
	if p.Signer.Title != "" {
		d.Signer.Title = strings.Split(p.Signer.Title, "\n")
	} else {
		d.Signer.Title = []string{}
	}
	if in.Stored.ApprovedBy != "" {
		d.Signer.Name = in.Stored.ApprovedBy
	}
	return d
}

// PlanGuidanceInput is what the coordinator's letter asking for the
// agencies' plans of a year is drafted from.
type PlanGuidanceInput struct {
	ParentIssuer, Issuer, Place string
	Programme                   domain.Programme
	Year                        int
	Scope                       string             // "Tỉnh Quảng Ninh"
	To                          []string           // the agencies
	Indicators                  []domain.Indicator // the programme's, the plans' figures
	Templates                   []domain.Template  // the periodic reports the plans are reported by
	SignerTitle                 []string
	Stored                      domain.ResultsReport
}

// PlanGuidanceTitle is the letter's trích yếu.
func PlanGuidanceTitle(prog domain.Programme, year int) string {
	return fmt.Sprintf("V/v xây dựng kế hoạch %s năm %d", field(prog), year)
}

// PlanGuidance drafts the letter: what the plans hold, how they are sent
// and by when. Until its deadline is set the letter says so, and it cannot
// be submitted.
func PlanGuidance(in PlanGuidanceInput) Draft {
	d := Draft{Kind: domain.KindPlanGuidance, Programme: in.Programme, Period: fmt.Sprint(in.Year), PeriodLabel: fmt.Sprintf("Năm %d", in.Year),
		Status: in.Stored.Status, Version: in.Stored.Version, DueOn: in.Stored.DueOn}
	if d.Status == "" {
		d.Status = domain.ResultsDraft
	}
	d.Header = Header{ParentIssuer: in.ParentIssuer, Issuer: strings.ToUpper(in.Issuer), Unit: in.Issuer, Place: in.Place,
		Number: in.Stored.Number, Date: in.Stored.IssuedOn, Title: PlanGuidanceTitle(in.Programme, in.Year), To: in.To}
	if d.Header.To == nil {
		d.Header.To = []string{}
	}
	where := ""
	if in.Scope != "" {
		where = " trên địa bàn " + LowerFirst(in.Scope)
	}
	d.Opening = fmt.Sprintf("Để triển khai thực hiện %s năm %d%s, %s đề nghị các cơ quan, đơn vị xây dựng kế hoạch năm %d, cụ thể như sau:",
		field(in.Programme), in.Year, where, in.Issuer, in.Year)
	facts := []string{"1. Nội dung kế hoạch: mục tiêu, nhiệm vụ và hoạt động cụ thể; phân công đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành từng nhiệm vụ, gắn với ngày lễ, tháng hành động khi có."}
	if len(in.Indicators) > 0 {
		var names []string
		for _, ind := range in.Indicators {
			names = append(names, ind.Name+" ("+ind.Unit+")")
		}
		facts = append(facts, "2. Các chỉ tiêu theo dõi kết quả: "+strings.Join(names, "; ")+".")
	}
	facts = append(facts, "3. Hình thức: nhập kế hoạch trên hệ thống tebdg, mục “Kế hoạch” (từ văn bản Word hoặc dán nội dung), giao nhiệm vụ cho các đơn vị, trình lãnh đạo phê duyệt và gửi cơ quan điều phối trên hệ thống.")
	if in.Stored.DueOn != "" {
		facts = append(facts, "4. Thời hạn gửi kế hoạch: trước ngày "+dayText(in.Stored.DueOn)+".")
	} else {
		facts = append(facts, "4. Thời hạn gửi kế hoạch: chưa đặt (đặt hạn trước khi trình lãnh đạo duyệt).")
	}
	if len(in.Templates) > 0 {
		var names []string
		for _, t := range in.Templates {
			names = append(names, "“"+t.Name+"”")
		}
		facts = append(facts, "5. Kết quả thực hiện kế hoạch được báo cáo định kỳ theo các mẫu "+strings.Join(names, ", ")+" trên hệ thống, kèm báo cáo kết quả thực hiện kế hoạch của kỳ.")
	}
	d.Sections = []Section{{Key: domain.SectionDirection, Title: "Nội dung đề nghị", Facts: facts, Text: in.Stored.Texts[domain.SectionDirection]}}
	d.Closing = "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./."
	d.Appendix = []Figure{}
	d.Signer = Signer{Title: signerTitle(in.SignerTitle), Name: in.Stored.ApprovedBy, Recipients: []string{"Như trên", "Lưu: VT"}}
	return d
}
