package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/gifts"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// The records the Department of Transport kept while carrying out its 2024
// plan, and this year's under the 2026 plan: activities under the plan's
// items, hazards near schools, drowning-risk sites with their signs and
// reviews, inspections, a helmet handover, fund contributions, and the
// staff children with the 1/6 and Trung thu gift rounds.

// demoActivity is an activity, placed under the item whose folded text
// holds words; days count from the start of its quarter (year 0: this
// year, in the current quarter).
type demoActivity struct {
	year     int
	date     string // MM-DD for 2024
	days     int    // for this year: days after the current quarter's start
	words    []string
	org      string
	typ      domain.ActivityType
	title    string
	place    string
	channels []string
	targets  []string
	p        domain.Participants
	cost     int64
	products string
	outcome  string
}

var demoActivities = []demoActivity{
	{year: 2024, date: "03-22", words: []string{"tuyen truyen, huong dan tre em"}, org: "QN-SGTVT-VP", typ: domain.ActCommunication,
		title: "Tuyên truyền an toàn giao thông khi đi xe đạp điện cho học sinh Trường THCS Trọng Điểm", place: "Trường THCS Trọng Điểm, TP Hạ Long",
		channels: []string{"meeting"}, targets: []string{"children"}, p: domain.Participants{MaleChildren: 212, FemaleChildren: 198, MaleAdults: 9, FemaleAdults: 17},
		cost: 4_500_000, products: "300 tờ rơi", outcome: "Học sinh làm bài kiểm tra nhanh, 92% trả lời đúng."},
	{year: 2024, date: "04-18", words: []string{"ngoai khoa, hoi thi, tap huan"}, org: "QN-SGTVT-VTPT", typ: domain.ActContest,
		title: "Hội thi “Học sinh với an toàn giao thông” cấp tỉnh", place: "Cung Văn hóa Thiếu nhi tỉnh",
		channels: []string{"meeting", "fanpage"}, targets: []string{"children", "parents"}, p: domain.Participants{MaleChildren: 140, FemaleChildren: 156, MaleAdults: 35, FemaleAdults: 42},
		cost: 38_000_000, products: "1 video clip; 12 bộ câu hỏi", outcome: "24 đội thi từ 12 trường; trao 10 giải."},
	{year: 2024, date: "05-15", words: []string{"phong chong duoi nuoc"}, org: "QN-SGTVT-CVDTND", typ: domain.ActCommunication,
		title: "Ra quân tuyên truyền phòng chống đuối nước tại các bến thủy nội địa", place: "Bến Cái Rồng, Vân Đồn",
		channels: []string{"meeting", "loudspeaker", "print"}, targets: []string{"operators", "children", "community"},
		p: domain.Participants{MaleChildren: 60, FemaleChildren: 54, MaleAdults: 130, FemaleAdults: 48}, cost: 6_200_000, products: "500 tờ rơi; 20 băng rôn"},
	{year: 2024, date: "05-28", words: []string{"bien cam"}, org: "QN-SGTVT-KCHT", typ: domain.ActReview,
		title: "Rà soát biển báo tại các khu vực có nguy cơ đuối nước huyện Ba Chẽ, Tiên Yên", place: "Ba Chẽ, Tiên Yên",
		targets: []string{"community"}, cost: 3_000_000, outcome: "Rà soát 38 điểm; đề xuất bổ sung 33 biển."},
	{year: 2024, date: "06-01", words: []string{"tang qua"}, org: "QN-SGTVT-VP", typ: domain.ActGift,
		title: "Tặng quà Ngày Quốc tế Thiếu nhi cho con cán bộ, công chức, viên chức, người lao động", place: "Hội trường Sở",
		targets: []string{"children", "staff"}, p: domain.Participants{MaleChildren: 95, FemaleChildren: 91}, cost: 37_200_000},
	{year: 2024, date: "08-20", words: []string{"kiem tra", "thanh tra"}, org: "QN-SGTVT-TTS", typ: domain.ActInspection,
		title: "Kiểm tra xe đưa đón học sinh trước năm học 2024–2025", place: "TP Hạ Long, Cẩm Phả, Uông Bí",
		targets: []string{"operators"}, outcome: "Kiểm tra 46 xe; xử lý 7 trường hợp vi phạm."},
	{year: 2024, date: "11-20", words: []string{"ngoai khoa, hoi thi, tap huan"}, org: "QN-SGTVT-VP", typ: domain.ActTraining,
		title: "Tập huấn kiến thức bình đẳng giới cho công chức, viên chức, người lao động", place: "Hội trường Sở",
		channels: []string{"meeting"}, targets: []string{"staff"}, p: domain.Participants{MaleAdults: 64, FemaleAdults: 51}, cost: 12_000_000},
	// This year's, in the current quarter.
	{days: 10, words: []string{"tuyen truyen, huong dan tre em"}, org: "QN-SGTVT-VP", typ: domain.ActCommunication,
		title: "Tuyên truyền an toàn giao thông cho học sinh Trường THCS Hồng Hải", place: "Trường THCS Hồng Hải, TP Hạ Long",
		channels: []string{"meeting"}, targets: []string{"children"}, p: domain.Participants{MaleChildren: 186, FemaleChildren: 175, MaleAdults: 8, FemaleAdults: 14},
		cost: 4_800_000, products: "350 tờ rơi"},
	{days: 24, words: []string{"phong chong duoi nuoc"}, org: "QN-SGTVT-CVDTND", typ: domain.ActCommunication,
		title: "Tuyên truyền đeo áo phao cho trẻ em trên phương tiện thủy", place: "Bến tàu khách Hòn Gai",
		channels: []string{"loudspeaker", "print"}, targets: []string{"operators", "children"},
		p: domain.Participants{MaleChildren: 41, FemaleChildren: 37, MaleAdults: 66, FemaleAdults: 29}, cost: 2_500_000, products: "200 tờ rơi"},
	{days: 38, words: []string{"ngoai khoa, hoi thi, tap huan"}, org: "QN-SGTVT-VTPT", typ: domain.ActTraining,
		title: "Tập huấn kỹ năng đi xe đạp an toàn cho học sinh tiểu học", place: "Trường Tiểu học Cao Xanh",
		channels: []string{"meeting"}, targets: []string{"children"}, p: domain.Participants{MaleChildren: 84, FemaleChildren: 79}, cost: 7_500_000},
	{days: 45, words: []string{"tuyen truyen, huong dan tre em"}, org: "QN-SGTVT-VP", typ: domain.ActCommunication,
		title: "Đăng tin “Tháng hành động vì bình đẳng giới” trên Cổng thông tin điện tử Sở", channels: []string{"portal", "fanpage"},
		targets: []string{"staff", "community"}},
}

// seedRecords fills the activity log, the registries and the gift rounds.
func seedRecords(ctx context.Context, st *store.Store, users map[string]domain.User, now time.Time) error {
	act := func(u domain.User) domain.Actor {
		return domain.Actor{UserID: u.ID, Username: u.Username, Client: "demo"}
	}
	manager, reporter := act(users["manager"]), act(users["reporter"])
	// The items of the 2024 plan (1) and of the 2026 draft (2), by text.
	itemOf := map[int]func([]string) int64{}
	for _, planID := range []int64{1, 2} {
		tree, leaves, err := planLeaves(ctx, st, planID)
		if err != nil {
			return err
		}
		year := tree.YearFrom
		itemOf[year] = func(words []string) int64 {
			for _, it := range leaves {
				if containsAll(vntext.Fold(it.Title+" "+it.Text), words) {
					return it.ID
				}
			}
			return 0
		}
	}
	local := now.In(vntext.Location)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	quarterStart := period.Containing(period.Quarterly, period.Decree09, today).Start
	for _, da := range demoActivities {
		a := domain.Activity{Type: da.typ, Title: da.title, Place: da.place, Channels: da.channels, Targets: da.targets, Participants: da.p,
			Cost: da.cost, Products: da.products, Outcome: da.outcome}
		if da.year == 2024 {
			a.Start = "2024-" + da.date
			a.PlanItemID = itemOf[2024](da.words)
		} else {
			day := quarterStart.AddDate(0, 0, da.days)
			if day.After(today) {
				day = today
			}
			a.Start = day.Format(time.DateOnly)
			if day.Year() == 2026 {
				a.PlanItemID = itemOf[2026](da.words)
			}
		}
		org, err := st.OrgUnit(ctx, da.org)
		if err != nil {
			return err
		}
		who := manager
		if da.org == "QN-SGTVT-TTS" {
			who = reporter
		}
		if _, err := st.SaveActivity(ctx, who, 0, 0, org, a, nil); err != nil {
			return fmt.Errorf("demo activity %q: %w", da.title, err)
		}
	}
	if err := seedRegistries(ctx, st, manager, reporter, local); err != nil {
		return err
	}
	return seedGifts(ctx, st, manager, local)
}

type demoRecord struct {
	kind   domain.RegistryKind
	org    string
	values domain.RecordValues
	moves  []string
	// entries of a risk site: kind, then values
	entries []demoEntry
}

type demoEntry struct {
	kind   string
	values domain.RecordValues
}

func seedRegistries(ctx context.Context, st *store.Store, manager, reporter domain.Actor, now time.Time) error {
	thisYear := strconv.Itoa(now.Year())
	recent := func(daysAgo int) string { return now.AddDate(0, 0, -daysAgo).Format(time.DateOnly) }
	records := []demoRecord{
		{kind: domain.RegHazard, org: "QN-SGTVT-KCHT", values: domain.RecordValues{"school": "Trường THCS Hồng Hải", "road": "Đường Nguyễn Văn Cừ",
			"km": "", "point": "20.9546, 107.0964", "hazard_types": "no_crossing congestion", "reported_on": "2024-03-12", "reported_by": "Ban đại diện cha mẹ học sinh",
			"description": "Cổng trường mở thẳng ra đường 4 làn, không có vạch qua đường; giờ tan trường xe đỗ đón lấn chiếm lòng đường.",
			"measures":    "Kẻ vạch qua đường, lắp đèn tín hiệu nhấp nháy, phân làn đón trả học sinh.", "responsible": "Phòng Quản lý kết cấu hạ tầng giao thông",
			"due_on": "2024-08-31"}, moves: []string{"planned", "fixed", "verified"}},
		{kind: domain.RegHazard, org: "QN-SGTVT-KCHT", values: domain.RecordValues{"school": "Trường Tiểu học Cao Xanh", "road": "Quốc lộ 18", "km": "Km 112+300",
			"point": "20.9702, 107.0812", "hazard_types": "speeding missing_signs", "reported_on": "2024-05-06", "reported_by": "Thanh tra Sở",
			"measures": "Bổ sung biển báo khu vực trường học, gờ giảm tốc.", "responsible": "Ban Quản lý bảo trì đường bộ", "due_on": "2024-09-05"},
			moves: []string{"planned", "fixed"}},
		{kind: domain.RegHazard, org: "QN-SGTVT-KCHT", values: domain.RecordValues{"school": "Trường THPT Cẩm Phả", "road": "Đường Trần Phú", "point": "21.0112, 107.2901",
			"hazard_types": "lighting", "reported_on": recent(40), "reported_by": "Phòng Giáo dục TP Cẩm Phả", "measures": "Lắp bổ sung 6 đèn chiếu sáng.",
			"responsible": "Phòng Quản lý kết cấu hạ tầng giao thông", "due_on": recent(-45)}, moves: []string{"planned"}},
		{kind: domain.RegHazard, org: "QN-SGTVT-KCHT", values: domain.RecordValues{"school": "Trường Tiểu học Vạn Yên", "road": "Tỉnh lộ 334", "point": "21.1580, 107.5020",
			"hazard_types": "no_crossing parking", "reported_on": recent(9), "reported_by": "UBND xã Vạn Yên"}},
		{kind: domain.RegRiskSite, org: "QN-SGTVT-KCHT", values: domain.RecordValues{"name": "Suối Khe Tâm", "site_type": "river", "commune": "Xã Thanh Sơn, huyện Ba Chẽ",
			"point": "21.2675, 107.2873", "found_on": "2024-05-28", "description": "Đoạn suối sâu gần điểm trường, trẻ em thường tắm vào mùa hè."},
			entries: []demoEntry{
				{"review", domain.RecordValues{"reviewed_on": "2024-05-28", "reviewed_by": "Phòng KCHT, UBND xã", "finding": "Chưa có biển cảnh báo", "signs_added": "2"}},
				{"sign", domain.RecordValues{"sign_type": "warning", "installed_on": "2024-06-10", "condition": "good", "note": "Biển “Nước sâu, nguy hiểm”"}},
				{"sign", domain.RecordValues{"sign_type": "prohibition", "installed_on": "2024-06-10", "condition": "damaged", "note": "Biển “Cấm tắm”, bị mờ"}},
				{"review", domain.RecordValues{"reviewed_on": recent(20), "reviewed_by": "Phòng KCHT", "finding": "Một biển bị mờ, cần thay", "signs_added": "1"}},
			}},
		{kind: domain.RegRiskSite, org: "QN-SGTVT-CVDTND", values: domain.RecordValues{"name": "Bến đò Vạn Yên", "site_type": "wharf", "commune": "Xã Vạn Yên, huyện Vân Đồn",
			"point": "21.1566, 107.4987", "found_on": "2024-05-30"},
			entries: []demoEntry{
				{"review", domain.RecordValues{"reviewed_on": "2024-05-30", "reviewed_by": "Cảng vụ đường thủy nội địa", "finding": "Thiếu biển chỉ dẫn áo phao", "signs_added": "3"}},
				{"sign", domain.RecordValues{"sign_type": "guidance", "installed_on": "2024-06-05", "condition": "good", "note": "Chỉ dẫn mặc áo phao"}},
			}},
		{kind: domain.RegRiskSite, org: "QN-SGTVT-KCHT", values: domain.RecordValues{"name": "Hố công trình cầu Tiên Yên", "site_type": "pit", "commune": "Thị trấn Tiên Yên",
			"point": "21.3318, 107.3953", "found_on": recent(30)},
			entries: []demoEntry{{"review", domain.RecordValues{"reviewed_on": recent(30), "reviewed_by": "Ban QLBTĐB", "finding": "Chưa rào chắn", "signs_added": "4"}}}},
		{kind: domain.RegInspection, org: "QN-SGTVT-TTS", values: domain.RecordValues{"inspected_on": "2024-08-20", "subject_type": "school_vehicle", "subject": "14B-123.45",
			"operator": "Công ty TNHH Vận tải Hạ Long Xanh", "team": "Thanh tra Sở, CSGT", "place": "TP Hạ Long",
			"checklist": "seat_belts=fail licences=pass capacity=fail driver=pass first_aid=pass", "violations": "2",
			"violation_details": "Thiếu 6 dây an toàn; chở 32 học sinh trên xe 29 chỗ.", "handling": "Lập biên bản, xử phạt", "fine": "7500000"}, moves: []string{"closed"}},
		{kind: domain.RegInspection, org: "QN-SGTVT-TTS", values: domain.RecordValues{"inspected_on": "2024-08-21", "subject_type": "school_vehicle", "subject": "14B-678.90",
			"operator": "HTX Vận tải Cẩm Phả", "team": "Thanh tra Sở", "place": "TP Cẩm Phả", "checklist": "seat_belts=pass licences=pass capacity=pass driver=pass first_aid=pass",
			"violations": "0"}, moves: []string{"closed"}},
		{kind: domain.RegInspection, org: "QN-SGTVT-TTS", values: domain.RecordValues{"inspected_on": recent(25), "subject_type": "boat", "subject": "QN-5678",
			"operator": "Tàu khách Vân Đồn 08", "team": "Thanh tra Sở, Cảng vụ", "place": "Bến Cái Rồng",
			"checklist": "life_jackets=fail licences=pass capacity=pass first_aid=pass", "violations": "1", "violation_details": "Thiếu 15 áo phao cỡ trẻ em.",
			"handling": "Yêu cầu bổ sung trước khi khai thác", "follow_up": "Kiểm tra lại sau 7 ngày", "follow_up_on": recent(18)}, moves: []string{"followed_up"}},
		{kind: domain.RegInspection, org: "QN-SGTVT-TTS", values: domain.RecordValues{"inspected_on": recent(12), "subject_type": "school_vehicle", "subject": "14B-246.80",
			"operator": "Trường Tiểu học Cao Xanh", "team": "Thanh tra Sở", "place": "TP Hạ Long", "checklist": "seat_belts=pass licences=fail capacity=pass",
			"violations": "1", "violation_details": "Giấy chứng nhận kiểm định hết hạn.", "handling": "Nhắc nhở, đình chỉ khai thác đến khi kiểm định"}},
		{kind: domain.RegHelmet, org: "QN-SGTVT-VP", values: domain.RecordValues{"given_on": "2024-09-03", "commune": "Xã Đồn Đạc, huyện Ba Chẽ", "school": "Trường TH&THCS Đồn Đạc",
			"boys": "182", "girls": "168", "poor": "96", "near_poor": "71", "sponsor": "Công đoàn Sở và các doanh nghiệp vận tải"}},
		{kind: domain.RegHelmet, org: "QN-SGTVT-VP", values: domain.RecordValues{"given_on": recent(15), "commune": "Xã Hải Lạng, huyện Tiên Yên", "school": "Trường THCS Hải Lạng",
			"boys": "64", "girls": "71", "poor": "40", "near_poor": "22", "sponsor": "Đoàn Thanh niên Sở"}},
		{kind: domain.RegFund, org: "QN-SGTVT", values: domain.RecordValues{"given_on": "2024-06-05", "amount": "45000000", "receipt": "BL-2024/118",
			"note": "Ủng hộ trong Tháng hành động vì trẻ em"}},
		{kind: domain.RegFund, org: "QN-SGTVT", values: domain.RecordValues{"given_on": thisYear + "-06-04", "amount": "48500000", "receipt": "BL-" + thisYear + "/102",
			"note": "Ủng hộ trong Tháng hành động vì trẻ em"}},
		{kind: domain.RegFund, org: "QN-SGTVT-CVDTND", values: domain.RecordValues{"given_on": recent(7), "amount": "5000000", "receipt": "BL-" + thisYear + "/215"}},
	}
	for _, dr := range records {
		reg, _ := domain.RegistryOf(dr.kind)
		org, err := st.OrgUnit(ctx, dr.org)
		if err != nil {
			return err
		}
		who := manager
		if dr.org == "QN-SGTVT-TTS" {
			who = reporter
		}
		if err := domain.CheckValues(reg.Fields, dr.values, func(s string) (string, string, string) { return s, "", "" }); err != nil {
			return fmt.Errorf("demo %s %v: %w", dr.kind, dr.values[reg.Title], err)
		}
		rec, err := st.SaveRecord(ctx, who, reg, 0, 0, store.NewRecord{Org: org, Values: dr.values}, nil)
		if err != nil {
			return fmt.Errorf("demo %s: %w", dr.kind, err)
		}
		for _, to := range dr.moves {
			if rec, err = st.MoveRecord(ctx, who, reg, rec.ID, rec.Version, to, ""); err != nil {
				return fmt.Errorf("demo %s move %s: %w", dr.kind, to, err)
			}
		}
		for _, e := range dr.entries {
			ek, _ := reg.Entry(e.kind)
			if err := st.AddEntry(ctx, who, reg, rec, ek, e.values); err != nil {
				return err
			}
		}
	}
	return nil
}

// The staff children are spread around the 16-year line so the rounds show
// who is in and who is out, including a child born on 29 February and one
// who turns 16 on the round's very day.
func seedGifts(ctx context.Context, st *store.Store, manager domain.Actor, now time.Time) error {
	y := now.Year()
	june1 := time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC)
	midAutumn, err := gifts.RoundDate("15/8 âm lịch", y)
	if err != nil {
		return err
	}
	children := []struct {
		org, staff, name, sex string
		birth                 time.Time
		special               bool
		note, achievement     string
	}{
		{"QN-SGTVT-VP", "Nguyễn Thị Hồng", "Trần Minh Khang", "male", time.Date(y-7, 3, 14, 0, 0, 0, 0, time.UTC), false, "", ""},
		{"QN-SGTVT-VP", "Nguyễn Thị Hồng", "Trần Ngọc Anh", "female", time.Date(y-11, 9, 2, 0, 0, 0, 0, time.UTC), false, "", "Học sinh giỏi cấp tỉnh"},
		{"QN-SGTVT-TTS", "Lê Minh Tuấn", "Lê Gia Bảo", "male", time.Date(y-16, 6, 1, 0, 0, 0, 0, time.UTC), false, "", ""},          // 16 on 1/6 itself
		{"QN-SGTVT-TTS", "Lê Minh Tuấn", "Lê Thu Trang", "female", time.Date(y-16, 6, 2, 0, 0, 0, 0, time.UTC), false, "", ""},      // 16 the day after
		{"QN-SGTVT-KCHT", "Phạm Quang Huy", "Phạm Bảo Ngọc", "female", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), false, "", ""}, // 29 February
		{"QN-SGTVT-KCHT", "Phạm Quang Huy", "Phạm Đức Anh", "male", time.Date(y-4, 12, 20, 0, 0, 0, 0, time.UTC), false, "", ""},
		{"QN-SGTVT-CVDTND", "Đỗ Văn Hải", "Đỗ Minh Châu", "female", time.Date(y-9, 5, 30, 0, 0, 0, 0, time.UTC), true, "Mồ côi mẹ", ""},
		{"QN-SGTVT-VTPT", "Hoàng Thị Mai", "Vũ Hoàng Nam", "male", time.Date(y-13, 8, 8, 0, 0, 0, 0, time.UTC), false, "", "Giải nhì Hội thi An toàn giao thông"},
		{"QN-SGTVT-VTPT", "Hoàng Thị Mai", "Vũ Hoàng Linh", "female", time.Date(y-17, 1, 15, 0, 0, 0, 0, time.UTC), false, "", ""},  // 17: out
		{"QN-SGTVT-KHTC", "Bùi Thanh Tùng", "Bùi Khánh Vy", "female", midAutumn.AddDate(-16, 0, 0).AddDate(0, 0, 1), false, "", ""}, // 16 just after Trung thu
	}
	for _, c := range children {
		org, err := st.OrgUnit(ctx, c.org)
		if err != nil {
			return err
		}
		if _, err := st.SaveStaffChild(ctx, manager, 0, 0, org, domain.StaffChild{Staff: c.staff, Name: c.name, Birth: c.birth.Format(time.DateOnly),
			Sex: c.sex, Special: c.special, SpecialNote: c.note, Achievement: c.achievement}); err != nil {
			return fmt.Errorf("demo child %s: %w", c.name, err)
		}
	}
	agency, err := st.OrgUnit(ctx, "QN-SGTVT")
	if err != nil {
		return err
	}
	for _, r := range []struct {
		name, spec string
		day        time.Time
		value      int64
	}{
		{"Quà Ngày Quốc tế Thiếu nhi 1/6/" + strconv.Itoa(y), "1/6", june1, 200_000},
		{"Quà Tết Trung thu " + strconv.Itoa(y), "15/8 âm lịch", midAutumn, 150_000},
	} {
		g, err := st.SaveGiftRound(ctx, manager, 0, 0, agency, domain.GiftRound{Name: r.name, Spec: r.spec, Year: y, GiftValue: r.value,
			Note: "Công đoàn Sở phối hợp Văn phòng Sở tổ chức."})
		if err != nil {
			return err
		}
		if r.day.After(now) {
			continue // not held yet
		}
		recs, err := st.Recipients(ctx, g)
		if err != nil {
			return err
		}
		for _, rc := range recs {
			if rc.Eligible {
				if err := st.MarkRecipient(ctx, manager, g, rc.Child, rc.Priority, rc.PriorityReason, true); err != nil {
					return err
				}
			}
		}
		if _, err := st.SaveGiftRound(ctx, manager, g.ID, g.Version, agency, domain.GiftRound{Name: g.Name, Spec: g.Spec, Year: g.Year,
			GiftValue: g.GiftValue, Note: g.Note, Status: "closed"}); err != nil {
			return err
		}
	}
	return nil
}
