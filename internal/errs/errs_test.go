package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestMessagesCodesAndFields(t *testing.T) {
	e := Field("date", "ngày không hợp lệ", "not a valid date")
	if e.Message("vi") != "ngày không hợp lệ" || e.Message("en") != "not a valid date" || e.Code != Invalid {
		t.Errorf("field error: %+v", e)
	}
	wrapped := fmt.Errorf("saving: %w", ErrStale)
	for _, tt := range []struct {
		name string
		err  error
		code Code
	}{
		{"nil", nil, ""},
		{"a field error", e, Invalid},
		{"wrapped", wrapped, Conflict},
		{"not found", ErrNotFound, NotFound},
		{"a plain error is internal", errors.New("disk full"), Internal},
	} {
		if got := CodeOf(tt.err); got != tt.code {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.code)
		}
	}
}

func TestJoin(t *testing.T) {
	a, b := Field("title", "thiếu", "missing"), Field("end", "trước", "before")
	for _, tt := range []struct {
		name   string
		in     []error
		fields []string
		plain  bool
	}{
		{"nothing", []error{nil, nil}, nil, false},
		{"one", []error{nil, a}, []string{"title"}, false},
		{"a list and one", []error{List{a, b}, Field("date", "x", "x")}, []string{"title", "end", "date"}, false},
		{"a failure that is not about a field wins", []error{a, errors.New("database down")}, nil, true},
	} {
		err := Join(tt.in...)
		switch {
		case tt.plain:
			if err == nil || len(Fields(err)) != 0 {
				t.Errorf("%s: %v", tt.name, err)
			}
		case tt.fields == nil:
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		default:
			fs := Fields(err)
			if len(fs) != len(tt.fields) {
				t.Fatalf("%s: %v", tt.name, fs)
			}
			for i, f := range fs {
				if f.Field != tt.fields[i] {
					t.Errorf("%s: field %d is %q", tt.name, i, f.Field)
				}
			}
		}
	}
}
