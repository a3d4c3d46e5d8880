// Package errs is the one error type of tebdg. Every layer returns *Error for
// failures a user can act on; the web layer maps its Code to an HTTP status in
// one place and shows the message in the user's language.
package errs

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies a failure. The string values are part of the JSON API
// ({"error":{"code":"…"}}) and must not change.
type Code string

// The codes. Keep the list short: a client branches on these.
const (
	Invalid      Code = "invalid"      // bad input; Field names it
	NotFound     Code = "not_found"    // absent, or outside the caller's scope
	Exists       Code = "exists"       // a unique key is taken
	Conflict     Code = "conflict"     // a stale version, or a state that forbids the change
	Unauthorized Code = "unauthorized" // not signed in, or wrong credentials
	Forbidden    Code = "forbidden"    // signed in but not allowed
	Throttled    Code = "throttled"    // too many attempts; RetryAfter says when
	TooLarge     Code = "too_large"    // a body or upload over its limit
	Unavailable  Code = "unavailable"  // the database or another part is down
	Internal     Code = "internal"     // a bug; details only in the log
)

// Error is a failure with a message in Vietnamese (VI) and English (EN).
type Error struct {
	Code       Code
	Field      string // the form field or JSON member at fault, if any
	VI, EN     string
	RetryAfter time.Duration // for Throttled
	Err        error         // the cause, for logs; never shown to users
}

func (e *Error) Error() string {
	msg := e.VI
	if e.EN != "" {
		msg += " (" + e.EN + ")"
	}
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Message returns the message in lang ("en" or anything else for Vietnamese).
func (e *Error) Message(lang string) string {
	if lang == "en" && e.EN != "" {
		return e.EN
	}
	return e.VI
}

// New builds an error with a code and both messages.
func New(code Code, vi, en string) *Error { return &Error{Code: code, VI: vi, EN: en} }

// Field builds an Invalid error about one field.
func Field(field, vi, en string) *Error {
	return &Error{Code: Invalid, Field: field, VI: vi, EN: en}
}

// Fieldf is Field with the same format arguments applied to both messages,
// so vi and en must use the same verbs for the same arguments (%[2]s lets
// Vietnamese word order differ). go vet checks en against args, as it does
// for every function whose last two parameters are a format and its
// arguments; TestBilingualFormatsAgree holds vi to en across the tree.
func Fieldf(field, vi, en string, args ...any) *Error {
	return Field(field, fmt.Sprintf(vi, args...), fmt.Sprintf(en, args...))
}

// Newf is New with format arguments, on the same terms as Fieldf.
func Newf(code Code, vi, en string, args ...any) *Error {
	return New(code, fmt.Sprintf(vi, args...), fmt.Sprintf(en, args...))
}

// Wrap marks an unexpected error as Internal, keeping it for the log.
func Wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: Internal, VI: "lỗi hệ thống", EN: "internal error", Err: fmt.Errorf("%s: %w", what, err)}
}

// As returns err as *Error (the first of a List), or an Internal error
// wrapping it.
func As(err error) *Error {
	var l List
	if errors.As(err, &l) && len(l) > 0 {
		return l[0]
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, VI: "lỗi hệ thống", EN: "internal error", Err: err}
}

// CodeOf returns the code of err ("" for nil).
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return As(err).Code
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Common errors, shared so the wording stays the same everywhere.
var (
	ErrNotFound = New(NotFound, "không tìm thấy", "not found")
	ErrStale    = New(Conflict, "dữ liệu đã được người khác thay đổi, hãy tải lại trang", "changed by someone else, reload")
	ErrNoAccess = New(Forbidden, "bạn không có quyền thực hiện thao tác này", "you are not allowed to do this")
)

// List collects several field errors, so a form can show every problem at once.
type List []*Error

func (l List) Error() string {
	if len(l) == 0 {
		return ""
	}
	msg := l[0].Error()
	if len(l) > 1 {
		msg += fmt.Sprintf(" (+%d)", len(l)-1)
	}
	return msg
}

// Err returns nil for an empty list, the list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Fields returns every field error in err: the list's, or err itself.
func Fields(err error) []*Error {
	var l List
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}

// Join gathers the problems of several checks into one List, so a form
// shows them all at once. Nil errors are skipped; an error that is not a
// field error is returned as it is.
func Join(errs ...error) error {
	var l List
	for _, err := range errs {
		if err == nil {
			continue
		}
		fs := Fields(err)
		if len(fs) == 0 {
			return err
		}
		l = append(l, fs...)
	}
	return l.Err()
}
