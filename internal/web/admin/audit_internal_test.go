package admin

import "testing"

func TestDiffJSON(t *testing.T) {
	got := diffJSON(`{"name":"Văn phòng Sở","version":1,"code":"X"}`, `{"name":"Văn phòng","version":2,"code":"X"}`)
	want := []auditField{
		{Key: "code", Before: "X", After: "X"},
		{Key: "name", Before: "Văn phòng Sở", After: "Văn phòng", Changed: true},
		{Key: "version", Before: "1", After: "2", Changed: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if created := diffJSON("", `{"a":"b"}`); len(created) != 1 || !created[0].Changed || created[0].Before != "" {
		t.Errorf("creation diff %+v", created)
	}
}
