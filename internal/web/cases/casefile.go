package cases

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The case's own page: what was recorded at intake, the procedure's steps
// with their time limits, notes and the support plan's tasks, consents
// and referrals, workers, closure.

// stepView is one step of the procedure as the case shows it.
type stepView struct {
	Def     domain.CaseStepDef
	Due     time.Time
	Done    *domain.CaseStep
	Overdue bool // not done and past its limit
	Late    bool // done after its limit
	Next    bool
}

type fileData struct {
	File      domain.CaseFile
	Steps     []stepView
	Next      *stepView
	Age       int
	AgeKnown  bool
	Needed    [][]domain.ConsentGiver
	Services  []domain.Service
	Available []domain.User // who the supervisor may assign
	Givers    []domain.ConsentGiver
	Parts     []domain.Option
	Reasons   []domain.Option
	Kinds     []domain.ServiceKind
	DV        []domain.DVMeasure
	Now       string
	Today     time.Time
}

// Tasks are the support plan's tasks, Notes the rest.
func (d fileData) Tasks() []domain.CaseNote {
	return slices.DeleteFunc(slices.Clone(d.File.Notes), func(n domain.CaseNote) bool { return n.Kind != "task" })
}

// NotesOnly are the case's notes that are not tasks.
func (d fileData) NotesOnly() []domain.CaseNote {
	return slices.DeleteFunc(slices.Clone(d.File.Notes), func(n domain.CaseNote) bool { return n.Kind == "task" })
}

// HasDV reports whether a measure of the Law on Domestic Violence
// Prevention was taken at intake.
func (d fileData) HasDV(code string) bool { return slices.Contains(d.File.Case.DVMeasures, code) }

func (s *Handler) handleShow(w http.ResponseWriter, r *http.Request) {
	s.show(w, r, http.StatusOK, nil)
}

// show renders the case, or it with the refusal of a form posted on it.
func (s *Handler) show(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	f, err := s.open(r, "page")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	hs, err := s.store.HolidaySet(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	now := s.Now()
	d := fileData{File: f, Givers: domain.ConsentGivers, Parts: domain.ShareParts, Reasons: domain.CloseReasons,
		Kinds: domain.ServiceKinds, DV: domain.DVMeasures, Now: now.In(vntext.Location).Format("2006-01-02T15:04"), Today: now}
	c := f.Case
	d.Age, d.AgeKnown = domain.Age(c.Subject.BirthDate, now)
	d.Needed = domain.ConsentNeeded(c.Subject.BirthDate, now)
	next, _, hasNext := domain.NextStep(c.ReceivedAt, c.Steps, hs)
	for _, def := range domain.CaseSteps {
		v := stepView{Def: def, Due: def.Due(c.ReceivedAt, hs)}
		for i := range c.Steps {
			if c.Steps[i].Step == def.Code {
				v.Done = &c.Steps[i]
			}
		}
		switch {
		case v.Done != nil:
			v.Late = !v.Due.IsZero() && v.Done.DoneAt.After(v.Due)
		case !v.Due.IsZero() && now.After(v.Due) && c.Status == domain.CaseOpen:
			v.Overdue = true
		}
		v.Next = hasNext && def.Code == next.Code && c.Status == domain.CaseOpen
		d.Steps = append(d.Steps, v)
	}
	for i := range d.Steps {
		if d.Steps[i].Next {
			d.Next = &d.Steps[i]
		}
	}
	if d.Services, err = s.store.Services(r.Context(), store.ServiceFilter{}); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Services = slices.DeleteFunc(d.Services, func(v domain.Service) bool { return !v.Active })
	if f.Supervisor {
		if d.Available, err = s.store.CaseWorkersAvailable(r.Context(), c.OrgPath); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	p := s.newPage(r, "")
	p.Title = p.T("Vụ việc ", "Case ") + c.Number
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "case", p)
}

// after answers a form posted on the case: back to it with a message, or
// the case again with the refusal.
func (s *Handler) after(w http.ResponseWriter, r *http.Request, err error, flash string) {
	if err != nil {
		// The case again with the refusal; a case out of the reader's
		// reach is not found there too.
		s.show(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	id, _ := caseID(r)
	web.RedirectFlash(w, r, caseURL(id), flash)
}

// form parses the posted form and the case id.
func form(r *http.Request) (int64, error) {
	id, err := caseID(r)
	if err != nil {
		return 0, err
	}
	return id, web.ParseForm(r)
}

func (s *Handler) handleStep(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var at time.Time
		if v := r.PostFormValue("done_at"); v != "" {
			if at, err = parseWhen(v); err != nil {
				err = errs.Field("done_at", "thời điểm hoàn thành viết dạng ngày và giờ", "write when it was done as a date and time")
			}
		}
		if err == nil {
			var hs period.Holidays
			if hs, err = s.store.HolidaySet(r.Context()); err == nil {
				err = s.store.RecordCaseStep(r.Context(), web.State(r).Actor(), reader(r), id, domain.CaseStepCode(r.PostFormValue("step")), at, r.PostFormValue("note"), hs)
			}
		}
	}
	s.after(w, r, err, "saved")
}

func (s *Handler) handleNote(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		kind := r.PostFormValue("kind")
		if kind == "" {
			kind = "note"
		}
		_, err = s.store.AddCaseNote(r.Context(), web.State(r).Actor(), reader(r), id, kind, r.PostFormValue("text"), r.PostFormValue("due"))
	}
	s.after(w, r, err, "saved")
}

func (s *Handler) handleTaskDone(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var note int64
		if note, err = strconv.ParseInt(r.PathValue("note"), 10, 64); err != nil {
			err = errs.New(errs.NotFound, "không có việc này", "no such task")
		} else {
			err = s.store.CompleteCaseTask(r.Context(), web.State(r).Actor(), reader(r), id, note)
		}
	}
	s.after(w, r, err, "saved")
}

func (s *Handler) handleWorkers(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var uid int64
		if uid, err = strconv.ParseInt(r.PostFormValue("user"), 10, 64); err != nil {
			err = errs.Field("user", "chọn người được phân công", "choose who to assign")
		} else {
			err = s.store.AssignCaseWorker(r.Context(), web.State(r).Actor(), reader(r), id, uid, r.PostFormValue("remove") != "")
		}
	}
	s.after(w, r, err, "saved")
}

func (s *Handler) handleClose(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		err = s.store.CloseCase(r.Context(), web.State(r).Actor(), reader(r), id, r.PostFormValue("reason"), r.PostFormValue("note"))
	}
	s.after(w, r, err, "case_closed")
}

func (s *Handler) handleReopen(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var hs period.Holidays
		if hs, err = s.store.HolidaySet(r.Context()); err == nil {
			err = s.store.ReopenCase(r.Context(), web.State(r).Actor(), reader(r), id, hs)
		}
	}
	s.after(w, r, err, "case_reopened")
}

func (s *Handler) handleAlertSeen(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var alert int64
		if alert, err = strconv.ParseInt(r.PathValue("alert"), 10, 64); err == nil {
			err = s.store.AcknowledgeBreakGlass(r.Context(), web.State(r).Actor(), reader(r), id, alert)
		}
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/cases", "saved")
}

type accessData struct {
	Number string
	ID     int64
	Rows   []domain.CaseAccess
}

// handleAccess shows the case's access history to its supervisor: every
// reading and change, who, when and why.
func (s *Handler) handleAccess(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	number, rows, err := s.store.CaseAccessLog(r.Context(), web.State(r).Actor(), reader(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "")
	d := accessData{ID: id, Number: number, Rows: rows}
	p.Title = p.T("Lịch sử truy cập vụ việc", "Access history of the case")
	if web.Downloading(r) {
		s.SendTable(w, r, "lich-su-truy-cap-"+strconv.FormatInt(id, 10), accessTable(rows, p))
		return
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "case-access", p)
}

// handleDocument keeps a document of the case: one file of a kept type
// (image, PDF, Word, Excel, text) up to 5 MB. The route's body limit keeps
// the whole upload in memory, so no part of it is written to a temporary
// file in clear.
func (s *Handler) handleDocument(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err == nil {
		err = web.ParseMultipart(r)
	}
	if err == nil {
		var files []store.NewFile
		if files, err = web.UploadedFiles(r, "file"); err == nil {
			if len(files) != 1 {
				err = errs.Field("file", "chọn một tệp tài liệu", "choose one document file")
			} else {
				_, err = s.store.AddCaseDocument(r.Context(), web.State(r).Actor(), reader(r), id, files[0])
			}
		}
	}
	s.after(w, r, err, "case_document")
}

// handleDocumentShow sends a document of the case to its reader, the
// reading audited.
func (s *Handler) handleDocumentShow(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	doc, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		s.Fail(w, r, errs.New(errs.NotFound, "không có tài liệu này", "no such document"))
		return
	}
	d, data, err := s.store.CaseDocumentData(r.Context(), web.State(r).Actor(), reader(r), id, doc)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	web.SendAttachment(w, domain.Attachment{Filename: d.Name, ContentType: d.ContentType}, data)
}
