package demo

import (
	"context"
	"fmt"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/lunar"
	"tebdg/internal/period"
	"tebdg/internal/store"
)

// The demo catalogue holds the figures the sample plan talks about:
// communication sessions and who came, helmets for children, signs at
// drowning-risk sites, inspections of school transport, gifts for staff
// children, money for the child protection fund, women in leadership, and
// staff trained on gender equality.

func f64(v float64) *float64 { return &v }

var demoCategories = []domain.Category{
	{Code: "sex", Name: "Giới tính", NameEN: "Sex", Options: []domain.CategoryOption{
		{Code: "male", Name: "Nam", NameEN: "Male"}, {Code: "female", Name: "Nữ", NameEN: "Female"}}},
	{Code: "age", Name: "Nhóm tuổi", NameEN: "Age group", Options: []domain.CategoryOption{
		{Code: "under16", Name: "Trẻ em dưới 16 tuổi", NameEN: "Children under 16"}, {Code: "adult", Name: "Từ 16 tuổi trở lên", NameEN: "16 and over"}}},
}

var demoIndicators = []domain.Indicator{
	{Code: "TT-BUOI", Name: "Số buổi tuyên truyền, truyền thông về trẻ em và bình đẳng giới", NameEN: "Communication sessions on children and gender equality",
		Unit: "buổi", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum,
		Source: "records:activities.count?type=communication"},
	{Code: "TT-LUOT", Name: "Số lượt người tham dự tuyên truyền", NameEN: "Attendance at communication sessions",
		Unit: "lượt người", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum, Categories: []string{"sex", "age"},
		Source: "records:activities.participants?type=communication"},
	{Code: "MBH-TRE", Name: "Số mũ bảo hiểm trao cho trẻ em", NameEN: "Helmets given to children",
		Unit: "cái", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum, Categories: []string{"sex"},
		Source: "records:helmets.recipients"},
	{Code: "BIEN-RS", Name: "Số biển báo tại khu vực có nguy cơ đuối nước được rà soát", NameEN: "Signs at drowning-risk sites reviewed",
		Unit: "biển", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum},
	{Code: "BIEN-BS", Name: "Số biển cấm, biển báo, biển chỉ dẫn được bổ sung", NameEN: "Prohibition, warning and guidance signs added",
		Unit: "biển", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum, Source: "records:signs.added"},
	{Code: "KT-XE", Name: "Số lượt kiểm tra phương tiện đưa đón học sinh", NameEN: "Inspections of school-transport vehicles",
		Unit: "lượt", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum,
		Source: "records:inspections.count?type=school_vehicle"},
	{Code: "KT-VP", Name: "Số vi phạm phát hiện qua kiểm tra", NameEN: "Violations found by inspections",
		Unit: "vụ", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum,
		Source: "records:inspections.violations"},
	{Code: "QUA-TRE", Name: "Số cháu là con công chức, viên chức, người lao động được tặng quà", NameEN: "Staff children given gifts",
		Unit: "cháu", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum, Categories: []string{"sex"},
		Source: "records:gifts.children"},
	{Code: "QUY-BTTE", Name: "Số tiền ủng hộ Quỹ bảo trợ trẻ em", NameEN: "Money given to the child protection fund",
		Unit: "đồng", ValueType: domain.TypeMoney, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum,
		Source: "records:fund.amount"},
	// Computed from the confidential case register: counts only, so the
	// report needs no hand count and no name leaves the register.
	{Code: "VV-TN", Name: "Số trường hợp trẻ em bị xâm hại, người bị bạo lực được tiếp nhận, hỗ trợ", NameEN: "Cases of child abuse and violence received and supported",
		Unit: "trường hợp", ValueType: domain.TypeInteger, Programme: domain.ProgrammeChildren, Aggregation: domain.AggSum, Categories: []string{"sex"},
		Source: "records:cases.received"},
	{Code: "LD-TONG", Name: "Số người giữ chức vụ lãnh đạo, quản lý", NameEN: "People in leadership posts",
		Unit: "người", ValueType: domain.TypeInteger, Programme: domain.ProgrammeGender, Aggregation: domain.AggLast},
	{Code: "LD-NU", Name: "Số nữ giữ chức vụ lãnh đạo, quản lý", NameEN: "Women in leadership posts",
		Unit: "người", ValueType: domain.TypeInteger, Programme: domain.ProgrammeGender, Aggregation: domain.AggLast, LTE: "LD-TONG"},
	{Code: "LD-NU-TL", Name: "Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý", NameEN: "Share of women in leadership posts",
		Unit: "%", ValueType: domain.TypePercentage, Programme: domain.ProgrammeGender, Aggregation: domain.AggRatio,
		Numerator: "LD-NU", Denominator: "LD-TONG", Factor: 100},
	{Code: "TH-BDG", Name: "Số công chức, viên chức, người lao động được tập huấn về bình đẳng giới", NameEN: "Staff trained on gender equality",
		Unit: "người", ValueType: domain.TypeInteger, Programme: domain.ProgrammeGender, Aggregation: domain.AggSum, Categories: []string{"sex"}},
}

var demoTemplates = []domain.Template{
	// The wards' quarterly child-protection report: its case figures come
	// from the confidential register, counted, never a case.
	{Code: "BC-BVTE-QUY", Name: "Báo cáo công tác bảo vệ trẻ em cấp xã (quý)", NameEN: "Quarterly child-protection report of a commune",
		Programme: domain.ProgrammeChildren, OrgCode: "QN", PeriodType: string(period.Quarterly), PeriodRule: string(period.Decree09), DeadlineDays: 2,
		ReporterKinds: []domain.OrgKind{domain.KindCommune}, Active: true,
		Sections:   []string{"Kết quả hỗ trợ, can thiệp", "Khó khăn, kiến nghị"},
		Indicators: []string{"VV-TN"}},
	{Code: "BC-TEBDG-QUY", Name: "Báo cáo kết quả công tác trẻ em và bình đẳng giới (quý)", NameEN: "Quarterly report on children and gender equality",
		Programme: "", OrgCode: "QN", PeriodType: string(period.Quarterly), PeriodRule: string(period.Decree09), DeadlineDays: 2,
		ReporterKinds: []domain.OrgKind{domain.KindAgency}, Active: true,
		Sections:   []string{"Kết quả đạt được", "Tồn tại, hạn chế", "Phương hướng, nhiệm vụ"},
		Indicators: []string{"TT-BUOI", "TT-LUOT", "MBH-TRE", "BIEN-RS", "BIEN-BS", "KT-XE", "KT-VP", "QUA-TRE", "QUY-BTTE", "TH-BDG"}},
	{Code: "BC-BDG-NAM", Name: "Báo cáo thực hiện mục tiêu bình đẳng giới (năm)", NameEN: "Yearly report on gender equality targets",
		Programme: domain.ProgrammeGender, OrgCode: "QN", PeriodType: string(period.Yearly), PeriodRule: string(period.Decree09), DeadlineDays: 5,
		ReporterKinds: []domain.OrgKind{domain.KindAgency}, Active: true,
		Sections:   []string{"Kết quả thực hiện mục tiêu bình đẳng giới", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"},
		Indicators: []string{"LD-TONG", "LD-NU", "LD-NU-TL", "TH-BDG"}},
}

// holidays returns Vietnam's public holidays of a year, Tết from the lunar
// calendar. Compensating days follow each year's decision; the demo keeps
// the days themselves.
func holidays(year int) []domain.Holiday {
	out := []domain.Holiday{{Day: fmt.Sprintf("%d-01-01", year), Name: "Tết Dương lịch"}}
	tet, err := lunar.ToSolar(lunar.Date{Day: 1, Month: 1, Year: year})
	if err == nil {
		for d := -1; d <= 3; d++ {
			out = append(out, domain.Holiday{Day: tet.AddDate(0, 0, d).Format(time.DateOnly), Name: "Tết Nguyên đán"})
		}
	}
	if hung, err := lunar.ToSolar(lunar.Date{Day: 10, Month: 3, Year: year}); err == nil {
		out = append(out, domain.Holiday{Day: hung.Format(time.DateOnly), Name: "Giỗ Tổ Hùng Vương"})
	}
	out = append(out,
		domain.Holiday{Day: fmt.Sprintf("%d-04-30", year), Name: "Ngày Giải phóng miền Nam, thống nhất đất nước"},
		domain.Holiday{Day: fmt.Sprintf("%d-05-01", year), Name: "Ngày Quốc tế Lao động"},
		domain.Holiday{Day: fmt.Sprintf("%d-09-01", year), Name: "Nghỉ Quốc khánh"},
		domain.Holiday{Day: fmt.Sprintf("%d-09-02", year), Name: "Ngày Quốc khánh"})
	return out
}

// seedReports builds the catalogue and fills the agencies' reports from
// the first quarter of 2024 to the quarter running now.
func seedReports(ctx context.Context, st *store.Store, users map[string]domain.User, now time.Time) error {
	act := func(u domain.User) domain.Actor {
		return domain.Actor{UserID: u.ID, Username: u.Username, Client: "demo"}
	}
	coord := act(users["coordinator"])
	for _, c := range demoCategories {
		if _, err := st.SaveCategory(ctx, coord, c, 0); err != nil {
			return fmt.Errorf("demo category %s: %w", c.Code, err)
		}
	}
	for _, ind := range demoIndicators {
		if _, err := st.SaveIndicator(ctx, coord, ind, 0); err != nil {
			return fmt.Errorf("demo indicator %s: %w", ind.Code, err)
		}
	}
	var templates []domain.Template
	for _, t := range demoTemplates {
		saved, err := st.SaveTemplate(ctx, coord, t, 0)
		if err != nil {
			return fmt.Errorf("demo template %s: %w", t.Code, err)
		}
		templates = append(templates, saved)
	}
	for y := 2024; y <= now.Year()+1; y++ {
		for _, h := range holidays(y) {
			_ = st.AddHoliday(ctx, coord, h.Day, h.Name) // days that fall together are kept once
		}
	}
	hs, err := st.HolidaySet(ctx)
	if err != nil {
		return err
	}
	inds, err := st.Indicators(ctx, store.IndicatorFilter{})
	if err != nil {
		return err
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
	}
	agencies := []struct {
		code   string
		scale  float64
		by     domain.User // who enters and submits
		skip   string      // a period this agency never sent
		lateAt string      // a period it sent late
	}{
		{"QN-SGTVT", 1, users["manager"], "", "2025Q2"},
		{"QN-SLDTBXH", 1.6, users["coordinator"], "", ""},
		{"QN-SGDDT", 2.4, users["admin"], "2025Q3", "2024Q4"},
		{"QN-SYT", 1.3, users["admin"], "2026Q3", "2026Q1"},
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for _, t := range templates {
		typ, _ := period.ParseType(t.PeriodType)
		first, _ := period.Parse("2024Q1", period.Decree09)
		if typ == period.Yearly {
			first, _ = period.Parse("2024", period.Decree09)
		}
		for p := first; !p.Start.After(today); p = p.Next() {
			due := p.Deadline(t.DeadlineDays, hs).Format(time.DateOnly)
			current := !p.End.Before(today)
			for ai, a := range agencies {
				org, err := st.OrgUnit(ctx, a.code)
				if err != nil {
					return err
				}
				if p.ID == a.skip || current && a.code != "QN-SGTVT" {
					continue
				}
				var cells []store.CellInput
				for _, code := range t.Indicators {
					ind := byCode[code]
					// The running period's figures that come from records are
					// left for the form to fill from them.
					if ind.Computed() || current && ind.FromRecords() {
						continue
					}
					for ci, c := range ind.Combos {
						v := demoValue(code, p, ci, a.scale, ai)
						if current && ci > 0 {
							continue // the running quarter is half filled in
						}
						cells = append(cells, store.CellInput{IndicatorID: ind.ID, Indicator: code, Combo: c.Code, Value: f64(v)})
					}
				}
				narr := map[string]string{t.Sections[0]: narrative(a.code, p)}
				rep, err := st.SaveReport(ctx, act(a.by), t, org, p, due, 0, cells, narr)
				if err != nil {
					return fmt.Errorf("demo report %s %s %s: %w", t.Code, a.code, p.ID, err)
				}
				if current {
					continue
				}
				// Reports go in on the afternoon before their due day, the
				// late one four days after it, and are accepted two days
				// later: the history a coordinator's summary reads.
				sent := dueAt(due, -1)
				if p.ID == a.lateAt {
					sent = dueAt(due, 4)
				}
				if rep, err = st.WithClock(clockAt(sent, now)).TransitionReport(ctx, act(a.by), rep.ID, rep.Version, store.ReportSubmit, ""); err != nil {
					return err
				}
				if p.Next().End.Before(today) || a.code == "QN-SGTVT" && p.ID != a.lateAt {
					if _, err := st.WithClock(clockAt(sent.AddDate(0, 0, 2), now)).TransitionReport(ctx, coord, rep.ID, rep.Version, store.ReportAccept, ""); err != nil {
						return err
					}
				}
			}
		}
	}
	qn, err := st.OrgUnit(ctx, "QN")
	if err != nil {
		return err
	}
	for code, tg := range map[string][2]float64{"LD-NU-TL": {22, 30}, "TT-LUOT": {3500, 6000}, "MBH-TRE": {500, 1200}, "TH-BDG": {150, 400}} {
		if err := st.SetTarget(ctx, coord, byCode[code], qn, 2025, f64(tg[0]), f64(tg[1])); err != nil {
			return err
		}
	}
	return nil
}

// dueAt is 15:00 in Vietnam, days after the due day (YYYY-MM-DD).
func dueAt(due string, days int) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, due, time.FixedZone("ICT", 7*3600))
	return d.AddDate(0, 0, days).Add(15 * time.Hour)
}

// clockAt is a clock stopped at t, or at now when t is still to come.
func clockAt(t, now time.Time) func() time.Time {
	if t.After(now) {
		t = now
	}
	return func() time.Time { return t }
}

// demoValue makes up a plausible figure that follows the seasons of the
// work: helmets before the school year, signs before the summer, gifts on
// 1 June and at Trung thu, training in the gender-equality month.
func demoValue(code string, p period.Period, combo int, scale float64, agency int) float64 {
	q := int(p.End.Month()-1)/3 + 1
	if p.Type == period.Yearly {
		q = 0
	}
	base := map[string]float64{"TT-BUOI": 4, "TT-LUOT": 60, "MBH-TRE": 20, "BIEN-RS": 6, "BIEN-BS": 2, "KT-XE": 8, "KT-VP": 1,
		"QUA-TRE": 5, "QUY-BTTE": 0, "TH-BDG": 10, "LD-TONG": 40, "LD-NU": 9}[code]
	season := map[string]map[int]float64{
		"MBH-TRE": {3: 8, 4: 2}, "BIEN-RS": {2: 6}, "BIEN-BS": {2: 5}, "KT-XE": {3: 4}, "QUA-TRE": {2: 18, 3: 20},
		"QUY-BTTE": {2: 1}, "TH-BDG": {4: 5}, "TT-BUOI": {2: 2}, "TT-LUOT": {2: 2.5},
	}[code][q]
	if season == 0 {
		season = 1
	}
	v := base * season * scale
	if code == "QUY-BTTE" {
		v = 0
		if q == 2 {
			v = float64(30+5*agency+p.Start.Year()%3*5) * 1_000_000
		}
		return v
	}
	if code == "LD-NU" || code == "LD-TONG" {
		v = base * scale
		if code == "LD-NU" {
			v += float64(p.Start.Year() - 2023)
		}
		return float64(int(v))
	}
	// A small, repeatable wobble by period, option and agency.
	wobble := float64((p.Start.YearDay()*7+combo*13+agency*29)%21) / 100
	v = v * (0.9 + wobble) * (1 + 0.15*float64(combo%2))
	if v < 0 {
		v = 0
	}
	return float64(int(v + 0.5))
}

func narrative(org string, p period.Period) string {
	return "Trong " + p.Label("vi") + ", đơn vị đã triển khai các hoạt động tuyên truyền, kiểm tra và hỗ trợ trẻ em theo kế hoạch năm; " +
		"phối hợp với các địa phương tổ chức hoạt động nhân các ngày lễ, tháng hành động. Số liệu chi tiết tại bảng kèm theo."
}
