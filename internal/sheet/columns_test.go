package sheet

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// hazardColumns are the columns of a list of road hazards near schools.
var hazardColumns = []Column{
	{Field: "school", Aliases: []string{"Trường", "Tên trường", "school"}, Required: true},
	{Field: "place", Aliases: []string{"Địa điểm", "Vị trí", "Điểm nguy hiểm"}, Required: true},
	{Field: "level", Aliases: []string{"Mức độ nguy hiểm", "Mức độ"}},
	{Field: "note", Aliases: []string{"Ghi chú"}},
}

func TestColumns(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   map[string]int
	}{
		{"as the aliases", []string{"Trường", "Địa điểm", "Mức độ", "Ghi chú"},
			map[string]int{"school": 0, "place": 1, "level": 2, "note": 3}},
		{"upper case, other order, unknown columns", []string{"STT", "VỊ TRÍ", "TÊN TRƯỜNG", "Xã"},
			map[string]int{"school": 2, "place": 1}},
		{"without marks", []string{"Ten truong", "Dia diem", "Muc do nguy hiem"},
			map[string]int{"school": 0, "place": 1, "level": 2}},
		{"spaces and punctuation", []string{"tên  trường:", " Địa-điểm ", "(Ghi chú)", "Mức độ nguy hiểm (*)"},
			map[string]int{"school": 0, "place": 1, "note": 2, "level": 3}},
		{"NFD", []string{norm.NFD.String("Tên trường"), norm.NFD.String("ĐỊA ĐIỂM")},
			map[string]int{"school": 0, "place": 1}},
		{"old tone placement", []string{"Trường", "Điểm nguy hiểm", "Ghi chu\u0301"},
			map[string]int{"school": 0, "place": 1, "note": 2}},
		{"English", []string{"School", "Vị trí"}, map[string]int{"school": 0, "place": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Columns(tt.header, hazardColumns)
			if err != nil {
				t.Fatalf("Columns: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Columns = %v, want %v", got, tt.want)
			}
		})
	}
}

// NFC and NFD headers, and aliases written either way, must give the same
// answer.
func TestColumnsNFCAndNFD(t *testing.T) {
	header := []string{"Họ và tên trẻ", "Ngày sinh", "Tên cha/mẹ", "Đơn vị công tác"}
	want := []Column{
		{Field: "child", Aliases: []string{"Họ và tên trẻ", "Họ tên con"}, Required: true},
		{Field: "born", Aliases: []string{"Ngày sinh"}, Required: true},
		{Field: "parent", Aliases: []string{"Tên cha/mẹ", "Cha mẹ"}, Required: true},
		{Field: "unit", Aliases: []string{"Đơn vị công tác", "Đơn vị"}},
	}
	nfd := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = norm.NFD.String(s)
		}
		return out
	}
	wantNFD := make([]Column, len(want))
	for i, c := range want {
		c.Aliases = nfd(c.Aliases)
		wantNFD[i] = c
	}
	expect := map[string]int{"child": 0, "born": 1, "parent": 2, "unit": 3}
	for _, h := range [][]string{header, nfd(header)} {
		for _, w := range [][]Column{want, wantNFD} {
			got, err := Columns(h, w)
			if err != nil || !reflect.DeepEqual(got, expect) {
				t.Errorf("Columns(%+q) = %v, %v; want %v", h, got, err, expect)
			}
		}
	}
}

func TestColumnsFaults(t *testing.T) {
	got, err := Columns([]string{"STT", "Tên trường", "Mức độ", "Trường", "Ghi chú", "Vị trí", "ĐỊA ĐIỂM"}, hazardColumns)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %v, want Errors", err)
	}
	if want := map[string]int{"school": 1, "level": 2, "note": 4, "place": 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if len(es) != 2 {
		t.Fatalf("errors %v, want 2", es)
	}
	for i, want := range []struct{ field, vi, en string }{
		{"school", `cột "Trường" có hai lần trong dòng tiêu đề: cột B ("Tên trường") và cột D ("Trường")`, "in the header twice"},
		{"place", `cột "Địa điểm" có hai lần trong dòng tiêu đề: cột F ("Vị trí") và cột G ("ĐỊA ĐIỂM")`, "column F"},
	} {
		if e := es[i]; e.Field != want.field || !strings.Contains(e.Message, want.vi) || !strings.Contains(e.MessageEN, want.en) || e.Row != 0 {
			t.Errorf("error %d = %+v, want %s: %s", i, e, want.field, want.vi)
		}
	}

	got, err = Columns([]string{"STT", "Mức độ", "Ghi chú"}, hazardColumns)
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("error %v, want two missing columns", err)
	}
	if want := map[string]int{"level": 1, "note": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if e := es[0]; e.Field != "school" || e.Message != `dòng tiêu đề thiếu cột "Trường" (cũng có thể đặt tên "Tên trường", "school")` ||
		e.MessageEN != `the header lacks the column "Trường" (it may also be headed "Tên trường", "school")` {
		t.Errorf("missing school: %+v", e)
	}
	if e := es[1]; e.Field != "place" || !strings.Contains(e.Message, `thiếu cột "Địa điểm"`) {
		t.Errorf("missing place: %+v", e)
	}

	// Optional columns may be missing.
	if got, err := Columns([]string{"Trường", "Địa điểm"}, hazardColumns); err != nil || len(got) != 2 {
		t.Errorf("Columns = %v, %v", got, err)
	}
	// An empty header finds nothing and misses every required column.
	if _, err := Columns(nil, hazardColumns); !errors.As(err, &es) || len(es) != 2 {
		t.Errorf("Columns(nil) error %v", err)
	}
}

func TestColumnsOddWants(t *testing.T) {
	want := []Column{
		{Field: "a", Aliases: []string{"Tên", "", " "}},
		{Field: "b", Aliases: []string{"TÊN", "Họ tên"}}, // "TÊN" is a's already
		{Field: "c", Required: true},                     // no alias: named by its field
		{Field: "d", Aliases: []string{"!!!"}},           // folds to nothing: matches nothing
	}
	got, err := Columns([]string{"ten", "Họ tên", "!!!", ""}, want)
	if w := map[string]int{"a": 0, "b": 1}; !reflect.DeepEqual(got, w) {
		t.Errorf("found %v, want %v", got, w)
	}
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "c" || !strings.Contains(es[0].Message, `thiếu cột "c"`) {
		t.Errorf("error %v, want c missing", err)
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"Tên trường":              "tentruong",
		"TÊN  TRƯỜNG:":            "tentruong",
		norm.NFD.String("Đơn vị"): "donvi",
		"Số CCCD/CMND":            "socccdcmnd",
		"Ngày\u00a0sinh\u200b":    "ngaysinh",
		"Năm 2024 (đồng)":         "nam2024dong",
		"":                        "",
		"---":                     "",
		"Имя":                     "имя",
		"अनुच्छेद":                "अनुच्छेद",
		"Mức độ nguy hiểm (cao/thấp) *:": "mucdonguyhiemcaothap",
	} {
		if got := key(in); got != want {
			t.Errorf("key(%q) = %q, want %q", in, got, want)
		}
	}
}
