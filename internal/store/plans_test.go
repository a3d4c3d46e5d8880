package store_test

import (
	"errors"
	"strings"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// planFixture is a province with a manager, a second manager and a
// reporter, and a small plan of QN-SGTVT.
type planFixture struct {
	s                         *store.Store
	manager, leader, reporter domain.Actor
	plan                      domain.Plan
	sectionID, taskID, actID  int64
}

func newPlanFixture(t *testing.T, s *store.Store) *planFixture {
	t.Helper()
	province(t, s)
	f := &planFixture{s: s}
	for name, a := range map[string]*domain.Actor{"manager": &f.manager, "leader": &f.leader, "reporter": &f.reporter} {
		role, org := domain.RoleManager, "QN-SGTVT"
		if name == "reporter" {
			role, org = domain.RoleReporter, "QN-SGTVT-TTS"
		}
		u := mustUser(t, s, name, role, org)
		*a = domain.Actor{UserID: u.ID, Username: u.Username}
	}
	items := []*domain.PlanItem{
		{Label: "I", Title: "Mục tiêu", Kind: domain.KindSection, Children: []*domain.PlanItem{
			{Label: "-", Text: "Giảm tai nạn thương tích cho trẻ em", Kind: domain.KindObjective},
		}},
		{Label: "II", Title: "Nhiệm vụ", Kind: domain.KindSection, Children: []*domain.PlanItem{
			{Label: "1", Title: "Kiểm tra xe đưa đón học sinh", Kind: domain.KindTask, Children: []*domain.PlanItem{
				{Label: "-", Text: "Kiểm tra tại Hạ Long", Kind: domain.KindActivity,
					Deadline: domain.Deadline{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}},
			}},
			{Label: "2", Title: "Tuyên truyền", Kind: domain.KindTask},
		}},
	}
	refs := []domain.ItemRef{
		{Doc: domain.LegalDoc{Type: "Công văn", Number: "240/LĐTBXH-TE&BĐG", Date: "2024-01-24"}},
		{Item: items[1].Children[0], Doc: domain.LegalDoc{Type: "Nghị định", Number: "130/2021/NĐ-CP", Date: "2021-12-30"}},
		{Item: items[1].Children[0].Children[0], Doc: domain.LegalDoc{Type: "nghị định", Number: "130/2021/nđ-cp"}}, // the same, written otherwise
		{Doc: domain.LegalDoc{Type: "Luật", Title: "Luật Trẻ em", Year: 2016}},
	}
	p := domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, Header: domain.PlanHeader{Title: "Kế hoạch công tác trẻ em năm 2024",
		Guidance: "240/LĐTBXH-TE&BĐG", Number: "15/KH-SGTVT"}}
	var err error
	if f.plan, err = s.ImportPlan(ctx, f.manager, p, items, refs); err != nil {
		t.Fatal(err)
	}
	f.sectionID, f.taskID, f.actID = items[1].ID, items[1].Children[0].ID, items[1].Children[0].Children[0].ID
	return f
}

func TestImportPlanAndRegistry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		tree, err := s.PlanTree(ctx, f.plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tree.Status != domain.PlanDraft || len(tree.Items) != 2 || len(tree.Items[1].Children) != 2 || tree.YearTo != 2024 {
			t.Fatalf("tree %+v", tree)
		}
		act := tree.Items[1].Children[0].Children[0]
		if act.Deadline.End != "2024-06-30" || act.Depth != 2 || act.Status != domain.ItemNotStarted {
			t.Errorf("activity %+v", act)
		}
		if len(tree.References) != 3 || tree.GuidanceDocID == 0 {
			t.Errorf("references %d (two spellings of one decree are one document), guidance doc %d", len(tree.References), tree.GuidanceDocID)
		}
		docs, total, err := s.LegalDocs(ctx, store.LegalFilter{Search: "nghi dinh 130"}, store.Page{})
		if err != nil || total != 1 || docs[0].Date != "2021-12-30" || docs[0].Citing != 1 {
			t.Errorf("registry search: %d %+v %v", total, docs, err)
		}
		citing, _ := s.PlansCiting(ctx, domain.Scope{All: true}, docs[0].ID)
		if len(citing) != 1 || citing[0].ID != f.plan.ID {
			t.Errorf("plans citing: %+v", citing)
		}
		// A second plan citing the same decree adds no document.
		p2 := domain.Plan{OrgCode: "QN-SYT", YearFrom: 2025, Header: domain.PlanHeader{Title: "Kế hoạch Y tế"}}
		if _, err := s.ImportPlan(ctx, f.manager, p2, nil, []domain.ItemRef{{Doc: domain.LegalDoc{Type: "Nghị định", Number: "130/2021/NĐ-CP"}}}); err != nil {
			t.Fatal(err)
		}
		_, total, _ = s.LegalDocs(ctx, store.LegalFilter{}, store.Page{})
		if total != 3 {
			t.Errorf("registry holds %d documents, want 3", total)
		}
		list, total, err := s.Plans(ctx, domain.Scope{All: true}, store.PlanFilter{Year: 2024}, store.Page{})
		if err != nil || total != 1 || list[0].ItemCount != 6 || list[0].Rollup.Leaves != 2 {
			t.Errorf("plan list: %d %+v %v", total, list, err)
		}
	})
}

func TestImportRefusesBadPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		tests := []struct {
			p     domain.Plan
			field string
		}{
			{domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024}, "title"},
			{domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 1999, Header: domain.PlanHeader{Title: "X"}}, "year"},
			{domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, YearTo: 2023, Header: domain.PlanHeader{Title: "X"}}, "year_to"},
			{domain.Plan{OrgCode: "NOPE", YearFrom: 2024, Header: domain.PlanHeader{Title: "X"}}, "org"},
			{domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, Header: domain.PlanHeader{Title: "X", Date: "2024-02-30"}}, "date"},
		}
		for _, tt := range tests {
			_, err := s.ImportPlan(ctx, alice, tt.p, nil, nil)
			wantCode(t, err, errs.Invalid, tt.field)
		}
		bad := []*domain.PlanItem{{Label: "I", Kind: "chapter", Title: "X"}}
		_, err := s.ImportPlan(ctx, alice, domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, Header: domain.PlanHeader{Title: "X"}}, bad, nil)
		if errs.CodeOf(err) != errs.Invalid {
			t.Errorf("bad item kind: %v", err)
		}
		list, total, _ := s.Plans(ctx, domain.Scope{All: true}, store.PlanFilter{}, store.Page{})
		if total != 0 {
			t.Errorf("refused imports left %d plans: %+v", total, list)
		}
	})
}

func TestPlanWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		p := f.plan
		_, err := s.TransitionPlan(ctx, f.manager, p.ID, p.Version, domain.ActApprove, "")
		wantCode(t, err, errs.Conflict, "") // a draft is not approved
		p, err = s.TransitionPlan(ctx, f.manager, p.ID, p.Version, domain.ActSubmit, "")
		if err != nil || p.Status != domain.PlanSubmitted || p.SubmittedBy != "manager" {
			t.Fatalf("submit: %v %+v", err, p)
		}
		_, err = s.UpdatePlan(ctx, f.manager, p.ID, p.Version, p)
		wantCode(t, err, errs.Conflict, "") // a submitted plan is not edited
		_, err = s.TransitionPlan(ctx, f.manager, p.ID, p.Version, domain.ActApprove, "")
		wantCode(t, err, errs.Forbidden, "") // not by the submitter
		_, err = s.TransitionPlan(ctx, f.leader, p.ID, p.Version, domain.ActReturn, "  ")
		wantCode(t, err, errs.Invalid, "comment")
		p, err = s.TransitionPlan(ctx, f.leader, p.ID, p.Version, domain.ActReturn, "Bổ sung thời hạn cho mục II.2")
		if err != nil || p.Status != domain.PlanReturned || p.StatusComment != "Bổ sung thời hạn cho mục II.2" {
			t.Fatalf("return: %v %+v", err, p)
		}
		for _, step := range []struct {
			a  domain.PlanAction
			by domain.Actor
			to domain.PlanStatus
		}{{domain.ActSubmit, f.manager, domain.PlanSubmitted}, {domain.ActApprove, f.leader, domain.PlanApproved},
			{domain.ActSend, f.manager, domain.PlanSent}} {
			if p, err = s.TransitionPlan(ctx, step.by, p.ID, p.Version, step.a, ""); err != nil || p.Status != step.to {
				t.Fatalf("%s: %v %s", step.a, err, p.Status)
			}
		}
		if p.ApprovedBy != "leader" || p.StatusComment != "" {
			t.Errorf("after approval: %+v", p)
		}
		_, err = s.TransitionPlan(ctx, f.manager, p.ID, p.Version-1, domain.ActReturn, "x")
		if !errors.Is(err, errs.ErrStale) {
			t.Errorf("stale workflow step: %v", err)
		}
		revs, _ := s.PlanRevisions(ctx, p.ID)
		if len(revs) != 6 || revs[0].Status != domain.PlanSent || revs[len(revs)-1].Note != "import" {
			t.Errorf("revisions %+v", revs)
		}
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "plan."}, store.Page{})
		if len(rows) != 6 || rows[0].Action != "plan.send" || rows[0].Org != "QN-SGTVT" {
			t.Errorf("audit rows %d, newest %+v", len(rows), rows[0])
		}
	})
}

func TestItemEditsAndStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		it, err := s.AddItem(ctx, f.manager, f.plan.ID, f.sectionID, f.taskID, domain.ItemInput{Label: "1a", Title: "Nhiệm vụ chen giữa", Kind: domain.KindTask})
		if err != nil {
			t.Fatal(err)
		}
		order := func() string {
			tree, _ := s.PlanTree(ctx, f.plan.ID)
			var labels []string
			domain.Walk(tree.Items, func(x *domain.PlanItem, d int) { labels = append(labels, strings.Repeat(">", d)+x.Label) })
			return strings.Join(labels, " ")
		}
		if got := order(); got != "I >- II >1 >>- >1a >2" {
			t.Fatalf("after add: %s", got)
		}
		if it, err = s.MoveItem(ctx, f.manager, it.ID, it.Version, store.MoveUp); err != nil {
			t.Fatal(err)
		}
		if got := order(); got != "I >- II >1a >1 >>- >2" {
			t.Errorf("after up: %s", got)
		}
		_, err = s.MoveItem(ctx, f.manager, it.ID, it.Version, store.MoveUp)
		wantCode(t, err, errs.Invalid, "move") // already first
		task, _ := s.PlanItem(ctx, f.taskID)
		if _, err = s.MoveItem(ctx, f.manager, task.ID, task.Version, store.MoveIndent); err != nil {
			t.Fatal(err)
		}
		if got := order(); got != "I >- II >1a >>1 >>>- >2" {
			t.Errorf("after indent: %s", got)
		}
		task, _ = s.PlanItem(ctx, f.taskID)
		if _, err = s.MoveItem(ctx, f.manager, task.ID, task.Version, store.MoveOutdent); err != nil {
			t.Fatal(err)
		}
		if got := order(); got != "I >- II >1a >1 >>- >2" {
			t.Errorf("after outdent: %s", got)
		}
		// Two people edit the same item: the second is told to reload.
		task, _ = s.PlanItem(ctx, f.taskID)
		if _, err := s.UpdateItem(ctx, f.manager, task.ID, task.Version, domain.ItemInput{Label: "1", Title: "Kiểm tra xe", Kind: domain.KindTask}); err != nil {
			t.Fatal(err)
		}
		_, err = s.UpdateItem(ctx, f.leader, task.ID, task.Version, domain.ItemInput{Label: "1", Title: "Khác", Kind: domain.KindTask})
		if !errors.Is(err, errs.ErrStale) {
			t.Errorf("stale item edit: %v", err)
		}
		if err := s.DeleteItem(ctx, f.manager, f.taskID, task.Version+1); err != nil {
			t.Fatal(err)
		}
		if got := order(); got != "I >- II >1a >2" {
			t.Errorf("after deleting a task with its activity: %s", got)
		}
		_, err = s.PlanItem(ctx, f.actID)
		wantCode(t, err, errs.NotFound, "")
	})
}

func TestAssignProgressAndTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		act, _ := s.PlanItem(ctx, f.actID)
		bad := []struct {
			a     store.Assignment
			field string
		}{
			{store.Assignment{Lead: "NOPE"}, "lead"},
			{store.Assignment{Deadline: domain.Deadline{End: "2024-13-01"}}, "deadline_end"},
			{store.Assignment{Deadline: domain.Deadline{Start: "2024-06-01", End: "2024-05-01"}}, "deadline_end"},
			{store.Assignment{Supports: []string{"NOPE"}}, "supports"},
		}
		for _, b := range bad {
			_, err := s.AssignItem(ctx, f.manager, act.ID, act.Version, b.a)
			wantCode(t, err, errs.Invalid, b.field)
		}
		act, err := s.AssignItem(ctx, f.manager, act.ID, act.Version, store.Assignment{Lead: "QN-SGTVT-TTS", Supports: []string{"QN-SGTVT-VP", "QN-SGTVT-TTS"},
			Deadline: domain.Deadline{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}, Observance: "childrens-day"})
		if err != nil {
			t.Fatal(err)
		}
		full, _ := s.PlanItem(ctx, act.ID)
		if full.Lead != "QN-SGTVT-TTS" || len(full.Supports) != 1 || full.Supports[0].Code != "QN-SGTVT-VP" || full.Observance != "childrens-day" {
			t.Errorf("assigned %+v", full)
		}
		_, err = s.ReportProgress(ctx, f.reporter, act.ID, act.Version, domain.ItemInProgress, 50, "", nil)
		wantCode(t, err, errs.Conflict, "") // the plan is still a draft
		p := f.plan
		for _, step := range []struct {
			a  domain.PlanAction
			by domain.Actor
		}{{domain.ActSubmit, f.manager}, {domain.ActApprove, f.leader}} {
			if p, err = s.TransitionPlan(ctx, step.by, p.ID, p.Version, step.a, ""); err != nil {
				t.Fatal(err)
			}
		}
		_, err = s.ReportProgress(ctx, f.reporter, act.ID, act.Version, domain.ItemInProgress, 150, "", nil)
		wantCode(t, err, errs.Invalid, "progress")
		png := []byte("\x89PNG\r\n\x1a\nfake")
		act, err = s.ReportProgress(ctx, f.reporter, act.ID, act.Version, domain.ItemInProgress, 60, "Đã kiểm tra 20 xe",
			[]store.NewFile{{Name: "anh.png", ContentType: "image/png", Data: png}, {Name: "anh-2.png", ContentType: "image/png", Data: png}})
		if err != nil || act.Progress != 60 || act.Status != domain.ItemInProgress {
			t.Fatalf("progress: %v %+v", err, act)
		}
		ups, err := s.ItemUpdates(ctx, act.ID)
		if err != nil || len(ups) != 1 || len(ups[0].Files) != 2 || ups[0].Files[0].SHA256 != ups[0].Files[1].SHA256 {
			t.Fatalf("updates %+v %v", ups, err)
		}
		data, err := s.AttachmentData(ctx, ups[0].Files[0].SHA256)
		if err != nil || string(data) != string(png) {
			t.Errorf("file bytes: %q %v", data, err)
		}
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		vp, _ := s.OrgUnit(ctx, "QN-SGTVT-VP")
		syt, _ := s.OrgUnit(ctx, "QN-SYT")
		for _, c := range []struct {
			sc   domain.Scope
			want int
			role string
		}{{domain.Scope{Paths: []string{tts.Path}}, 1, "lead"}, {domain.Scope{Paths: []string{vp.Path}}, 1, "support"}, {domain.Scope{Paths: []string{syt.Path}}, 0, ""}} {
			tasks, err := s.Tasks(ctx, c.sc, store.TaskFilter{Open: true, DueBefore: "2024-07-01"}, 100)
			if err != nil || len(tasks) != c.want || c.want > 0 && tasks[0].Role != c.role {
				t.Errorf("tasks for %v: %+v %v", c.sc, tasks, err)
			}
		}
		done, _ := s.ReportProgress(ctx, f.reporter, act.ID, act.Version, domain.ItemDone, 80, "Xong", nil)
		if done.Progress != 100 {
			t.Errorf("a done item is at %d%%, want 100%%", done.Progress)
		}
		tasks, _ := s.Tasks(ctx, domain.Scope{Paths: []string{tts.Path}}, store.TaskFilter{Open: true}, 100)
		if len(tasks) != 0 {
			t.Errorf("a done item is still open work: %+v", tasks)
		}
	})
}

func TestCopyPlanToNextYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		act, _ := s.PlanItem(ctx, f.actID)
		if _, err := s.AssignItem(ctx, f.manager, act.ID, act.Version, store.Assignment{Lead: "QN-SGTVT-TTS",
			Deadline: domain.Deadline{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}}); err != nil {
			t.Fatal(err)
		}
		cp, err := s.CopyPlan(ctx, f.manager, f.plan.ID, 2025, 2025)
		if err != nil {
			t.Fatal(err)
		}
		tree, _ := s.PlanTree(ctx, cp.ID)
		if tree.Status != domain.PlanDraft || tree.YearFrom != 2025 || tree.CopiedFrom != f.plan.ID || tree.Header.Number != "" ||
			!strings.Contains(tree.Header.Title, "2025") || len(tree.References) != 3 {
			t.Fatalf("copy %+v", tree)
		}
		c := tree.Items[1].Children[0].Children[0]
		if c.Lead != "QN-SGTVT-TTS" || c.Deadline.Start != "2025-04-01" || c.Deadline.End != "2025-06-30" || c.Deadline.Text != "Quý II/2025" || c.Progress != 0 {
			t.Errorf("copied activity %+v", c)
		}
		if err := s.DeletePlan(ctx, f.manager, cp.ID, tree.Version); err != nil {
			t.Errorf("delete the copied draft: %v", err)
		}
		_, err = s.Plan(ctx, cp.ID)
		wantCode(t, err, errs.NotFound, "")
	})
}
