package cases

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tebdg/internal/docx"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/tablefile"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Consent and referral: consent is recorded first, a referral carries
// only what the consents cover, and its letter is a DOCX the officer signs
// and sends with the child or survivor.

// consentFromForm reads a consent's fields; prefix is "" on the consent
// form and "consent." on the referral form, where it may be given inline.
func consentFromForm(r *http.Request, prefix string) (domain.Consent, error) {
	f := r.PostFormValue
	c := domain.Consent{GivenBy: domain.ConsentGiver(f(prefix + "given_by")), Service: domain.ServiceKind(f(prefix + "service_kind")), Scope: r.PostForm[prefix+"scope"]}
	if v := f(prefix + "at"); v != "" {
		at, err := parseWhen(v)
		if err != nil {
			return c, errs.Field("consent.at", "thời điểm đồng ý viết dạng ngày và giờ", "write when consent was given as a date and time")
		}
		c.At = at
	}
	return c, nil
}

func (s *Handler) handleConsent(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var c domain.Consent
		if c, err = consentFromForm(r, ""); err == nil {
			err = s.store.RecordConsent(r.Context(), web.State(r).Actor(), reader(r), id, c)
		}
	}
	s.after(w, r, err, "saved")
}

func (s *Handler) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var cid int64
		if cid, err = strconv.ParseInt(r.PathValue("consent"), 10, 64); err != nil {
			err = errs.New(errs.NotFound, "không có sự đồng ý này", "no such consent")
		} else {
			_, err = s.store.WithdrawConsent(r.Context(), web.State(r).Actor(), reader(r), id, cid)
		}
	}
	s.after(w, r, err, "consent_withdrawn")
}

func (s *Handler) handleRefer(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var svc int64
		if svc, err = strconv.ParseInt(r.PostFormValue("service"), 10, 64); err != nil {
			err = errs.Field("service", "chọn dịch vụ nhận chuyển gửi", "choose the service to refer to")
		} else {
			var given []domain.Consent
			if r.PostFormValue("consent.given_by") != "" {
				var c domain.Consent
				if c, err = consentFromForm(r, "consent."); err == nil {
					given = append(given, c)
				}
			}
			if err == nil {
				_, err = s.store.Refer(r.Context(), web.State(r).Actor(), reader(r), id, svc, given)
			}
		}
	}
	s.after(w, r, err, "case_referred")
}

func (s *Handler) handleAnswer(w http.ResponseWriter, r *http.Request) {
	id, err := form(r)
	if err == nil {
		var ref int64
		if ref, err = strconv.ParseInt(r.PathValue("ref"), 10, 64); err != nil {
			err = errs.New(errs.NotFound, "không có chuyển gửi này", "no such referral")
		} else {
			err = s.store.AnswerReferral(r.Context(), web.State(r).Actor(), reader(r), id, ref, domain.ReferralStatus(r.PostFormValue("status")), r.PostFormValue("response"))
		}
	}
	s.after(w, r, err, "saved")
}

// handleLetter writes the referral letter: the case's number, and of its
// content only the parts the consents cover.
func (s *Handler) handleLetter(w http.ResponseWriter, r *http.Request) {
	f, err := s.open(r, "referral-letter")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ref, err := strconv.ParseInt(r.PathValue("ref"), 10, 64)
	i := slices.IndexFunc(f.Referrals, func(x domain.Referral) bool { return x.ID == ref })
	if err != nil || i < 0 {
		s.Fail(w, r, errs.New(errs.NotFound, "không có chuyển gửi này", "no such referral"))
		return
	}
	x := f.Referrals[i]
	if x.Status == domain.ReferralStopped {
		s.Fail(w, r, errs.New(errs.Conflict, "chuyển gửi đã dừng vì sự đồng ý bị rút lại: không lập thư", "the referral stopped when its consent was withdrawn: no letter is made"))
		return
	}
	svc, err := s.store.Service(r.Context(), x.ServiceID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	org, err := s.store.OrgUnit(r.Context(), f.Case.OrgCode)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	parent := ""
	if org.ParentID != 0 {
		if po, err := s.store.OrgUnitByID(r.Context(), org.ParentID); err == nil {
			parent = po.Name
		}
	}
	place := ""
	if prefix, _, _, ok := domain.ParseCaseNumber(f.Case.Number); ok {
		if root, err := s.store.OrgUnit(r.Context(), prefix); err == nil {
			place = placeOf(root.Name)
		}
	}
	doc := referralLetter(f, x, svc, org, parent, place, web.State(r).User.FullName)
	var buf bytes.Buffer
	if err := docx.Write(&buf, doc); err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="chuyen-gui-`+strings.ToLower(f.Case.Number)+`.docx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func accessTable(rows []domain.CaseAccess, p *page) tablefile.Table {
	t := tablefile.Table{Title: p.T("Lịch sử truy cập", "Access history"), Columns: []tablefile.Column{
		{VI: "Thời gian", EN: "Time", Kind: tablefile.DateTime},
		{VI: "Người truy cập", EN: "Who", Kind: tablefile.Text, Width: 36},
		{VI: "Thao tác", EN: "Action", Kind: tablefile.Text, Width: 28},
		{VI: "Mục đích", EN: "Purpose", Kind: tablefile.Text, Width: 20},
		{VI: "Truy cập khẩn cấp", EN: "Break-glass", Kind: tablefile.Text, Width: 12},
		{VI: "Lý do", EN: "Reason", Kind: tablefile.Text, Width: 50},
	}}
	for _, a := range rows {
		bg := ""
		if a.BreakGlass {
			bg = p.T("Có", "Yes")
		}
		t.Rows = append(t.Rows, []any{a.At, a.Who, p.ActionName(a.Action), a.Purpose, bg, a.Reason})
	}
	return t
}

// ActionName names an audit action of the register.
func (p *page) ActionName(a string) string {
	names := map[string][2]string{
		"case.create": {"Tiếp nhận", "Intake"}, "case.read": {"Xem", "Read"}, "case.step": {"Ghi nhận bước", "Step recorded"},
		"case.note": {"Ghi chép", "Note"}, "case.document": {"Thêm tài liệu", "Document added"}, "case.task-done": {"Hoàn thành việc", "Task done"}, "case.consent": {"Ghi nhận đồng ý", "Consent"},
		"case.consent-withdrawn": {"Rút lại đồng ý", "Consent withdrawn"}, "case.refer": {"Chuyển gửi", "Referral"},
		"case.referral-answer": {"Trả lời chuyển gửi", "Referral answered"}, "case.assign": {"Phân công", "Assigned"},
		"case.unassign": {"Thôi phân công", "Unassigned"}, "case.close": {"Đóng hồ sơ", "Closed"}, "case.reopen": {"Mở lại", "Reopened"},
		"case.break-glass": {"Truy cập khẩn cấp", "Break-glass"}, "case.break-glass-seen": {"Xác nhận truy cập khẩn cấp", "Break-glass acknowledged"},
	}
	if n, ok := names[a]; ok {
		return p.T(n[0], n[1])
	}
	return a
}

// referralLetter is the letter that goes with a referral (công văn):
// from the case's unit to the service, naming the case by its number and
// carrying only the parts the consents cover.
func referralLetter(f domain.CaseFile, x domain.Referral, svc domain.Service, org domain.OrgUnit, parent, place, sender string) docx.Document {
	c := f.Case
	var blocks []docx.Block
	para := func(t string) { blocks = append(blocks, docx.Block{Kind: docx.Paragraph, Text: t}) }
	bullet := func(t string) { blocks = append(blocks, docx.Block{Kind: docx.Bullet, Text: t}) }
	para(org.Name + " giới thiệu và chuyển gửi đến " + svc.Name + " trường hợp mã số " + c.Number +
		" để được " + strings.ToLower(svc.Kind.Label("vi")) + " theo quy định tại Điều 49, Điều 50 Luật Trẻ em năm 2016 và Nghị định số 56/2017/NĐ-CP.")
	para("Thông tin dưới đây được chia sẻ theo sự đồng ý đã được ghi nhận; những thông tin không được đồng ý chia sẻ không có trong văn bản này. Đề nghị Quý cơ quan giữ bí mật thông tin, chỉ sử dụng để hỗ trợ và không chuyển cho bên thứ ba.")
	covers := func(part string) bool { return slices.Contains(x.Scope, part) }
	blocks = append(blocks, docx.Block{Kind: docx.Heading, Level: 2, Label: "1", Text: "Thông tin về trường hợp"})
	bullet("Mã số trường hợp: " + c.Number + "; loại vụ việc: " + c.Kind.Label("vi") + ".")
	if covers(domain.ShareIdentity) {
		bullet("Họ và tên: " + c.Subject.FullName + ".")
		if c.Subject.BirthDate != "" {
			bullet("Ngày sinh: " + web.DMY(c.Subject.BirthDate) + ".")
		}
		switch c.Subject.Sex {
		case "male":
			bullet("Giới tính: Nam.")
		case "female":
			bullet("Giới tính: Nữ.")
		}
	}
	if covers(domain.ShareContact) {
		if c.Subject.Address != "" {
			bullet("Địa chỉ: " + c.Subject.Address + ".")
		}
		if c.Subject.Phone != "" {
			bullet("Số điện thoại: " + c.Subject.Phone + ".")
		}
	}
	if covers(domain.ShareIDNumber) && c.Subject.IDNumber != "" {
		bullet("Số định danh cá nhân: " + c.Subject.IDNumber + ".")
	}
	if covers(domain.ShareSummary) {
		blocks = append(blocks, docx.Block{Kind: docx.Heading, Level: 2, Label: "2", Text: "Tóm tắt sự việc"})
		para(c.Summary)
	}
	if covers(domain.ShareAssessment) {
		blocks = append(blocks, docx.Block{Kind: docx.Heading, Level: 2, Label: "3", Text: "Đánh giá nguy cơ và các bước đã thực hiện"})
		bullet("Mức độ nguy cơ: " + c.Risk.Label("vi") + ".")
		for _, st := range c.Steps {
			t := st.Step.Label("vi") + ": xong ngày " + st.DoneAt.In(vntext.Location).Format("02/01/2006")
			if st.Note != "" {
				t += ". " + st.Note
			}
			bullet(t)
		}
	}
	if covers(domain.ShareNotes) {
		blocks = append(blocks, docx.Block{Kind: docx.Heading, Level: 2, Label: "4", Text: "Ghi chép của hồ sơ"})
		for i := len(f.Notes) - 1; i >= 0; i-- {
			n := f.Notes[i]
			bullet(n.At.In(vntext.Location).Format("02/01/2006") + ": " + n.Text)
		}
	}
	var consents []string
	for _, id := range x.ConsentIDs {
		for _, cs := range f.Consents {
			if cs.ID == id {
				consents = append(consents, cs.GivenBy.Label("vi")+" (ngày "+cs.At.In(vntext.Location).Format("02/01/2006")+")")
			}
		}
	}
	blocks = append(blocks, docx.Block{Kind: docx.Heading, Level: 2, Label: "5", Text: "Sự đồng ý chia sẻ thông tin"})
	para("Đã có sự đồng ý của: " + strings.Join(consents, "; ") + ". Khi sự đồng ý bị rút lại, " + org.Name + " sẽ thông báo để Quý cơ quan dừng việc sử dụng thông tin.")
	para("Đề nghị Quý cơ quan thông báo việc tiếp nhận hoặc từ chối tiếp nhận cho " + org.Name + " để cập nhật hồ sơ./.")
	d := docx.Document{ParentIssuer: parent, Issuer: org.Name, Letter: true, Place: place,
		Title: "V/v chuyển gửi trường hợp " + c.Number, To: []string{svc.Name}, Blocks: blocks,
		Recipients: []string{"Như trên", "Lưu: hồ sơ " + c.Number}, SignerTitle: []string{"NGƯỜI CHUYỂN GỬI"}, SignerName: sender}
	d.Date = x.SentAt
	return d
}

// placeOf is the place of a letter's date line: the province's name
// without its "Tỉnh".
func placeOf(parent string) string {
	for _, p := range []string{"UBND TỈNH ", "Tỉnh ", "TỈNH ", "UBND tỉnh ", "Thành phố ", "THÀNH PHỐ "} {
		if rest, ok := strings.CutPrefix(parent, p); ok {
			return rest
		}
	}
	return ""
}
