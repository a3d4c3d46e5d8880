package planparse

import (
	"fmt"
	"strings"
	"testing"
)

func TestExtractDeadlines(t *testing.T) {
	tests := []struct {
		name string
		text string
		year int
		want []Deadline
	}{
		{"early in a quarter is its first month", "triển khai sớm ngay trong đầu quý 2/2024.", 0,
			[]Deadline{{Text: "ngay trong đầu quý 2/2024", Start: "2024-04-01", End: "2024-04-30"}}},
		{"due date without year takes the plan year", "báo cáo trước ngày 15/3", 2024,
			[]Deadline{{Text: "trước ngày 15/3", End: "2024-03-15"}}},
		{"due date without year and no plan year", "báo cáo trước ngày 15/3", 0,
			[]Deadline{{Text: "trước ngày 15/3"}}},
		{"due date with year", "hoàn thành trước 15/4/2024", 0,
			[]Deadline{{Text: "hoàn thành trước 15/4/2024", End: "2024-04-15"}}},
		{"due date in words", "chậm nhất ngày 30 tháng 6 năm 2024", 0,
			[]Deadline{{Text: "chậm nhất ngày 30 tháng 6 năm 2024", End: "2024-06-30"}}},
		{"quarter in Roman numerals", "Thời gian: Quý II/2024", 0,
			[]Deadline{{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}}},
		{"quarter in digits", "trong quý 2/2024", 0,
			[]Deadline{{Text: "trong quý 2/2024", Start: "2024-04-01", End: "2024-06-30"}}},
		{"quarter with năm, end of quarter", "cuối quý IV năm 2024", 0,
			[]Deadline{{Text: "cuối quý IV năm 2024", Start: "2024-12-01", End: "2024-12-31"}}},
		{"quarter without year", "Quý III", 2025,
			[]Deadline{{Text: "Quý III", Start: "2025-07-01", End: "2025-09-30"}}},
		{"month every year", "Tháng hành động (tháng 6 hằng năm)", 2024,
			[]Deadline{{Text: "tháng 6 hằng năm", Start: "2024-06-01", End: "2024-06-30", Recurring: true}}},
		{"month every year, no plan year", "tháng 6 hằng năm", 0,
			[]Deadline{{Text: "tháng 6 hằng năm", Recurring: true}}},
		{"every year alone", "tổ chức hằng năm; kiểm tra hàng năm", 2024,
			[]Deadline{{Text: "hằng năm", Recurring: true}, {Text: "hàng năm", Recurring: true}}},
		{"recurring range", "Tháng hành động vì bình đẳng giới (từ ngày 15 tháng 11 đến ngày 15 tháng 12 hàng năm).", 2024,
			[]Deadline{{Text: "từ ngày 15 tháng 11 đến ngày 15 tháng 12 hàng năm", Start: "2024-11-15", End: "2024-12-15", Recurring: true}}},
		{"range with slashes", "từ 01/6 - 30/6/2024", 0,
			[]Deadline{{Text: "từ 01/6 - 30/6/2024", Start: "2024-06-01", End: "2024-06-30"}}},
		{"recurring day", "ngày Quốc tế phụ nữ (ngày 08 tháng 3 hàng năm)", 2024,
			[]Deadline{{Text: "ngày 08 tháng 3 hàng năm", Start: "2024-03-08", End: "2024-03-08", Recurring: true}}},
		{"month of a year", "trong tháng 6/2024 và cuối tháng 11", 2024,
			[]Deadline{{Text: "trong tháng 6/2024", Start: "2024-06-01", End: "2024-06-30"}, {Text: "cuối tháng 11", Start: "2024-11-21", End: "2024-11-30"}}},
		{"first half of the year", "sơ kết 6 tháng đầu năm 2024", 0,
			[]Deadline{{Text: "6 tháng đầu năm 2024", Start: "2024-01-01", End: "2024-06-30"}}},
		{"on a day", "tổ chức vào ngày 20/10/2024", 0,
			[]Deadline{{Text: "vào ngày 20/10/2024", Start: "2024-10-20", End: "2024-10-20"}}},
		{"summer holidays: nothing invented", "quản lý trẻ em trong dịp hè", 2024, nil},
		{"a reference's date is not a deadline", "Nghị định số 130/2021/NĐ-CP ngày 30/12/2021; Kế hoạch số 56/KH-UBND ngày 13 tháng 4 năm 2021", 2024, nil},
		{"observance dates in brackets are not deadlines", "ngày quốc tế phụ nữ (8/3), ngày Phụ nữ Việt Nam (20/10)", 2024, nil},
		{"invalid month", "tháng 13 năm 2024", 0, nil},
		{"range across the new year", "từ 15/11 đến 15/1/2025", 0,
			[]Deadline{{Text: "từ 15/11 đến 15/1/2025", Start: "2024-11-15", End: "2025-01-15"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractDeadlines(tt.text, tt.year)
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("ExtractDeadlines(%q, %d)\n got %+v\nwant %+v", tt.text, tt.year, got, tt.want)
			}
		})
	}
}

func TestExtractObservances(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"ngày quốc tế phụ nữ (8/3)", []string{"womens-day"}},
		{"nhân dịp (ngày 08 tháng 3 hàng năm)", []string{"womens-day"}},
		{"ngày Quốc tế hạnh phúc (20/3)", []string{"happiness-day"}},
		{"nhân ngày quốc tế thiếu nhi 01/06, tết Trung thu", []string{"childrens-day", "mid-autumn"}},
		{"trong Tháng hành động vì trẻ em", []string{"children-action-month"}},
		{"phòng chống bạo lực gia đình (tháng 6 hằng năm)", []string{"dv-prevention-month"}},
		{"Tháng hành động về phòng, chống bạo lực gia đình", []string{"dv-prevention-month"}},
		{"ngày Gia đình Việt Nam (28/6)", []string{"family-day"}},
		{"ngày Phụ nữ Việt Nam (20/10)", []string{"vietnamese-womens-day"}},
		{"Tháng hành động vì bình đẳng giới", []string{"gender-equality-month"}},
		{"Tết Trung thu", []string{"mid-autumn"}},
		{"NGÀY QUỐC TẾ PHỤ NỮ và ngay quoc te phu nu", []string{"womens-day"}},
		{"phòng chống đuối nước", nil},
		{"phòng, chống bạo lực gia đình", nil},
		{"Hội Liên hiệp Phụ nữ Việt Nam; xây dựng gia đình Việt Nam no ấm", nil},
		{"Nghị định ngày 08/3/2021", nil},
		{"tổ chức nhân ngày 08 tháng 3", []string{"womens-day"}},
		{"gặp mặt ngày 20/10", []string{"vietnamese-womens-day"}},
		{"báo cáo trước ngày 08/3; tổng hợp từ ngày 1/6", nil},
		{"ngày 20 tháng 10 năm 2024", nil},
		{"chuẩn bị 1/6", nil},
	}
	for _, tt := range tests {
		got := ExtractObservances(tt.text)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("ExtractObservances(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
