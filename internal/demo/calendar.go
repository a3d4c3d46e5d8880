package demo

import (
	"context"
	"fmt"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// The demo work calendar: the Department of Transport's weeks around today,
// with the kinds of work its 2024 plan names (communication sessions for
// pupils, inspections of school transport, reviews of signs at drowning-risk
// sites, the Monday briefing), and the Department of Labour's coordination
// meeting. Times are Vietnam's.

type demoEvent struct {
	org          string
	weekOffset   int // weeks from the current one
	weekday      time.Weekday
	hour, minute int
	endHour      int
	days         int // all-day events: how many days; 0 for timed ones
	title        string
	kind         domain.EventKind
	place        string
	chair        string
	participants string
	public       bool
}

var demoEvents = []demoEvent{
	{org: "QN-SGTVT", weekOffset: 0, weekday: time.Monday, hour: 8, endHour: 10, title: "Giao ban Lãnh đạo Sở tuần",
		kind: domain.EventMeeting, place: "Phòng họp tầng 3, trụ sở Sở", chair: "Giám đốc Sở",
		participants: "Lãnh đạo Sở; Chánh Văn phòng; Trưởng các phòng, đơn vị thuộc Sở"},
	{org: "QN-SGTVT", weekOffset: 0, weekday: time.Tuesday, hour: 14, endHour: 17, title: "Tập huấn kiến thức, kỹ năng an toàn giao thông cho học sinh Trường THCS Hồng Hải",
		kind: domain.EventTraining, place: "Trường THCS Hồng Hải, TP Hạ Long", chair: "Phó Giám đốc Nguyễn Văn Thắng",
		participants: "Phòng Quản lý vận tải, phương tiện và người lái; Đoàn Thanh niên Sở; giáo viên chủ nhiệm", public: true},
	{org: "QN-SGTVT-TTS", weekOffset: 0, weekday: time.Wednesday, hour: 7, minute: 30, endHour: 11, title: "Kiểm tra phương tiện đưa đón học sinh tại các trường trên địa bàn TP Hạ Long",
		kind: domain.EventInspection, place: "TP Hạ Long", chair: "Chánh Thanh tra Sở",
		participants: "Thanh tra Sở; Phòng CSGT Công an tỉnh; đại diện nhà trường"},
	{org: "QN-SGTVT-KCHT", weekOffset: 0, weekday: time.Thursday, days: 2, title: "Rà soát biển báo tại các khu vực có nguy cơ đuối nước (sông, hồ, bến thủy nội địa)",
		kind: domain.EventInspection, place: "Các huyện Ba Chẽ, Tiên Yên", chair: "Trưởng phòng Quản lý kết cấu hạ tầng giao thông",
		participants: "Phòng Quản lý kết cấu hạ tầng giao thông; Cảng vụ đường thủy nội địa"},
	{org: "QN-SLDTBXH", weekOffset: 0, weekday: time.Friday, hour: 8, endHour: 11, title: "Họp các sở, ngành về công tác trẻ em và bình đẳng giới quý IV",
		kind: domain.EventMeeting, place: "Hội trường Sở Lao động - Thương binh và Xã hội", chair: "Phó Giám đốc Sở Lao động - Thương binh và Xã hội",
		participants: "Cán bộ đầu mối công tác trẻ em, bình đẳng giới của các sở, ngành"},
	{org: "QN-SGTVT", weekOffset: 1, weekday: time.Monday, hour: 8, endHour: 10, title: "Giao ban Lãnh đạo Sở tuần",
		kind: domain.EventMeeting, place: "Phòng họp tầng 3, trụ sở Sở", chair: "Giám đốc Sở",
		participants: "Lãnh đạo Sở; Chánh Văn phòng; Trưởng các phòng, đơn vị thuộc Sở"},
	{org: "QN-SGTVT", weekOffset: 1, weekday: time.Wednesday, hour: 14, endHour: 16, title: "Nói chuyện chuyên đề về bình đẳng giới cho công chức, viên chức, lao động",
		kind: domain.EventConference, place: "Hội trường Sở", chair: "Chủ tịch Công đoàn Sở",
		participants: "Công chức, viên chức, lao động thuộc Sở"},
	{org: "QN-SGTVT-CVDTND", weekOffset: 1, weekday: time.Thursday, hour: 8, endHour: 11, title: "Kiểm tra việc trang bị áo phao cho trẻ em trên phương tiện thủy chở khách",
		kind: domain.EventInspection, place: "Bến Cái Rồng, huyện Vân Đồn", chair: "Giám đốc Cảng vụ",
		participants: "Cảng vụ đường thủy nội địa; chủ bến, chủ phương tiện"},
	{org: "QN-SGTVT", weekOffset: -1, weekday: time.Monday, hour: 8, endHour: 10, title: "Giao ban Lãnh đạo Sở tuần",
		kind: domain.EventMeeting, place: "Phòng họp tầng 3, trụ sở Sở", chair: "Giám đốc Sở",
		participants: "Lãnh đạo Sở; Chánh Văn phòng; Trưởng các phòng, đơn vị thuộc Sở"},
	{org: "QN-SGTVT", weekOffset: -1, weekday: time.Thursday, hour: 9, endHour: 11, title: "Trao mũ bảo hiểm cho học sinh có hoàn cảnh khó khăn",
		kind: domain.EventVisit, place: "Trường Tiểu học Tiên Yên", chair: "Phó Giám đốc Nguyễn Văn Thắng",
		participants: "Đoàn Thanh niên Sở; Hội Phụ nữ Sở", public: true},
}

// seedCalendar adds the demo events around now.
func seedCalendar(ctx context.Context, st *store.Store, now time.Time) error {
	local := now.In(vntext.Location)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, vntext.Location)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	for _, de := range demoEvents {
		org, err := st.OrgUnit(ctx, de.org)
		if err != nil {
			return err
		}
		day := monday.AddDate(0, 0, 7*de.weekOffset+(int(de.weekday)+6)%7)
		e := domain.Event{Title: de.title, Kind: de.kind, Place: de.place, Chair: de.chair, Participants: de.participants, Public: de.public}
		if de.days > 0 {
			e.AllDay, e.Start, e.End = true, day, day.AddDate(0, 0, de.days-1)
		} else {
			e.Start = day.Add(time.Duration(de.hour)*time.Hour + time.Duration(de.minute)*time.Minute)
			e.End = day.Add(time.Duration(de.endHour) * time.Hour)
		}
		if _, err := st.CreateEvent(ctx, Actor, org, e); err != nil {
			return fmt.Errorf("demo event %q: %w", de.title, err)
		}
	}
	return nil
}
