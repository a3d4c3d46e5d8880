package web

import (
	"errors"
	"io"
	"net/http"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/upload"
)

// UploadedFiles reads the files of a multipart field, typing each by its
// content: a file that is not an image, PDF, Word, Excel or text file, or
// is over 5 MB, is refused.
func UploadedFiles(r *http.Request, field string) ([]store.NewFile, error) {
	var files []store.NewFile
	if r.MultipartForm == nil {
		return nil, nil
	}
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, errs.Field(field, "không đọc được tệp", "a file could not be read")
		}
		data, err := io.ReadAll(io.LimitReader(f, upload.MaxFile+1))
		_ = f.Close()
		if err != nil {
			return nil, errs.Field(field, "không đọc được tệp", "a file could not be read")
		}
		name := upload.CleanName(fh.Filename)
		ctype, err := upload.Sniff(name, data)
		if err != nil {
			return nil, err
		}
		files = append(files, store.NewFile{Name: name, ContentType: ctype, Data: data})
	}
	return files, nil
}

// handleFile sends an attachment to someone who may read its record.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	id, err := PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	a, err := s.store.Attachment(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !s.canReadAttachment(r, a) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	data, err := s.store.AttachmentData(r.Context(), a.SHA256)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("ETag", `"`+a.SHA256+`"`)
	SendAttachment(w, a, data)
}

// SendAttachment writes a stored file, shown inline when a browser can
// show it safely, downloaded otherwise.
func SendAttachment(w http.ResponseWriter, a domain.Attachment, data []byte) {
	disposition := "attachment"
	if upload.IsImage(a.ContentType) || a.ContentType == upload.PDF {
		disposition = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", disposition+`; filename*=UTF-8''`+urlPathEscape(a.Filename))
	// A file is shown in a sandbox: even a PDF or an image cannot run
	// script with the application's rights.
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
	_, _ = w.Write(data)
}

func (s *Server) canReadAttachment(r *http.Request, a domain.Attachment) bool {
	if a.OwnerKind == "activity" {
		act, err := s.store.Activity(r.Context(), a.OwnerID)
		return err == nil && auth.ReadScope(*State(r).User).Reaches(act.OrgPath)
	}
	if a.OwnerKind == "record" {
		return s.canReadRecordFile(r, a.OwnerID)
	}
	if a.OwnerKind == "post" {
		// A post's files are for its unit's editors until it is public,
		// and for everyone after.
		p, err := s.store.Post(r.Context(), a.OwnerID)
		return err == nil && (auth.CanEditPortal(*State(r).User, p.OrgPath) || p.Public(s.Now()))
	}
	if a.OwnerKind == "report" {
		rep, err := s.store.ReportByID(r.Context(), a.OwnerID)
		if err != nil {
			return false
		}
		org, err := s.store.OrgUnitByID(r.Context(), rep.OrgID)
		u := *State(r).User
		return err == nil && (auth.CanRead(u, org) || auth.CanReviewReport(u, org.Path))
	}
	if a.OwnerKind != "item_update" {
		return false
	}
	itemID, err := s.store.ItemOfUpdate(r.Context(), a.OwnerID)
	if err != nil {
		return false
	}
	it, err := s.store.PlanItem(r.Context(), itemID)
	if err != nil {
		return false
	}
	pl, err := s.store.Plan(r.Context(), it.PlanID)
	return err == nil && auth.CanReadPlan(*State(r).User, pl)
}

// ParseMultipart reads a multipart form (or a plain one) with the request's
// body limit, turning an over-size body into a clear error.
func ParseMultipart(r *http.Request) error {
	err := r.ParseMultipartForm(8 << 20) //nolint:gosec // the body is already bounded by its route (Mux)
	if errors.Is(err, http.ErrNotMultipart) {
		return ParseForm(r)
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &errs.Error{Code: errs.TooLarge, Field: "file", VI: "dữ liệu gửi lên quá lớn", EN: "the upload is too large"}
		}
		return errs.New(errs.Invalid, "không đọc được dữ liệu gửi lên", "the upload could not be read")
	}
	return nil
}

// canReadRecordFile reports whether the user may read a record's photo.
func (s *Server) canReadRecordFile(r *http.Request, recordID int64) bool {
	for _, reg := range domain.Registries {
		if rec, err := s.store.Record(r.Context(), reg.Kind, recordID); err == nil {
			return auth.ReadScope(*State(r).User).Reaches(rec.OrgPath)
		}
	}
	return false
}
