package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"tebdg/internal/errs"
)

// mapErr turns driver errors of both engines into neutral ones, so callers
// never test for an engine's error type. *errs.Error passes through.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	var l errs.List
	if errors.As(err, &l) {
		return err
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return errs.ErrNotFound
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &errs.Error{Code: errs.Unavailable, VI: "yêu cầu đã bị hủy hoặc quá thời gian", EN: "the request was cancelled or timed out", Err: err}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &errs.Error{Code: errs.Exists, VI: "đã tồn tại", EN: "already exists", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &errs.Error{Code: errs.Conflict, VI: "dữ liệu đang được tham chiếu hoặc tham chiếu tới bản ghi không có", EN: "the record is referenced, or refers to one that does not exist", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &errs.Error{Code: errs.Invalid, VI: "dữ liệu không hợp lệ", EN: "invalid data", Err: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &errs.Error{Code: errs.Unavailable, VI: "cơ sở dữ liệu đang bận, hãy thử lại", EN: "the database is busy, try again", Err: err}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &errs.Error{Code: errs.Exists, VI: "đã tồn tại", EN: "already exists", Err: err}
		case "23503":
			return &errs.Error{Code: errs.Conflict, VI: "dữ liệu đang được tham chiếu hoặc tham chiếu tới bản ghi không có", EN: "the record is referenced, or refers to one that does not exist", Err: err}
		case "23514", "23502", "22001", "22P02":
			return &errs.Error{Code: errs.Invalid, VI: "dữ liệu không hợp lệ", EN: "invalid data", Err: err}
		case "40001", "40P01", "55P03", "57014":
			return &errs.Error{Code: errs.Unavailable, VI: "cơ sở dữ liệu đang bận, hãy thử lại", EN: "the database is busy, try again", Err: err}
		}
	}
	return errs.Wrap(err, "database")
}
