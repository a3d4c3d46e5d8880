package demo

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/planparse"
	"tebdg/internal/plans"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// Sample is the real plan tebdg grew from: the 2024 plan of the Quảng Ninh
// Department of Transport, as its portal published it.
//
//go:embed plan-2024-quang-ninh-transport.txt
var Sample string

// rule assigns the items whose text holds every one of its words (accents
// ignored) to a lead unit, supporting units and a deadline.
type rule struct {
	words    []string
	lead     string
	supports []string
	text     string // deadline as the plan would word it
	start    string
	end      string
	progress int
	status   domain.ItemStatus
	comment  string
	// observance ties the item to an observance day or month: its plan
	// for the Action Month for Children gathers them.
	observance string
}

// The assignments follow who does what in a department of transport:
// inspections to the inspectorate, waterway safety to the port authority,
// the school-bus model to the transport division, signs and roads near
// schools to the infrastructure division, communication to the office.
var rules = []rule{
	{words: []string{"kiem tra", "thanh tra"}, lead: "QN-SGTVT-TTS", supports: []string{"QN-SGTVT-VTPT"},
		text: "Trước năm học mới 2024-2025", end: "2024-08-31", progress: 100, status: domain.ItemDone,
		comment: "Đã kiểm tra 46 xe đưa đón học sinh tại 5 địa phương; xử lý 7 trường hợp vi phạm (thiếu dây an toàn, chở quá số người)."},
	{words: []string{"dua don hoc sinh"}, lead: "QN-SGTVT-VTPT", supports: []string{"QN-SGTVT-TTS"},
		text: "Năm 2024", start: "2024-03-01", end: "2024-12-31", progress: 70, status: domain.ItemInProgress,
		comment: "Đã thí điểm 2 tuyến xe buýt đưa đón học sinh tại thành phố Hạ Long; đang khảo sát thêm tuyến tại Cẩm Phả."},
	{words: []string{"bien cam"}, lead: "QN-SGTVT-KCHT", supports: []string{"QN-SGTVT-BQLBTDB", "QN-SGTVT-CVDTND"},
		text: "Quý II/2024", start: "2024-04-01", end: "2024-06-30", progress: 100, status: domain.ItemDone,
		comment: "Rà soát 38 điểm có nguy cơ đuối nước; bổ sung 24 biển cảnh báo và 9 biển cấm."},
	{words: []string{"mu bao hiem"}, lead: "QN-SGTVT-VP", supports: []string{"QN-SGTVT-KHTC"},
		text: "Trước khai giảng năm học", end: "2024-09-05", progress: 100, status: domain.ItemDone,
		comment: "Trao 350 mũ bảo hiểm cho học sinh con hộ nghèo, cận nghèo tại 3 xã khó khăn."},
	{words: []string{"doan duong gan truong hoc"}, lead: "QN-SGTVT-KCHT", supports: []string{"QN-SGTVT-TTS", "QN-SGTVT-BQLBTDB"},
		text: "Quý III/2024", start: "2024-07-01", end: "2024-09-30", progress: 80, status: domain.ItemInProgress,
		comment: "Đã lắp đèn tín hiệu tại 4 cổng trường; còn 2 điểm chờ kinh phí."},
	{words: []string{"chu cang"}, lead: "QN-SGTVT-CVDTND", supports: []string{"QN-SGTVT-TTS"},
		text: "Trước mùa hè 2024", end: "2024-05-31", progress: 100, status: domain.ItemDone,
		comment: "Hướng dẫn 112 chủ bến, chủ phương tiện; 100% tàu khách có đủ áo phao trẻ em."},
	{words: []string{"quy bao tro tre em"}, lead: "QN-SGTVT-KHTC", supports: []string{"QN-SGTVT-VP"},
		text: "Tháng hành động vì trẻ em", start: "2024-06-01", end: "2024-06-30", progress: 100, status: domain.ItemDone,
		comment: "Ủng hộ Quỹ bảo trợ trẻ em tỉnh 45.000.000 đồng.", observance: "children-action-month"},
	{words: []string{"phong chong duoi nuoc"}, lead: "QN-SGTVT-CVDTND", supports: []string{"QN-SGTVT-KCHT"},
		progress: 100, status: domain.ItemDone, comment: "Ra quân tuyên truyền phòng chống đuối nước tại 12 bến thủy nội địa.",
		observance: "children-action-month"},
	{words: []string{"tang qua"}, lead: "QN-SGTVT-VP", supports: []string{"QN-SGTVT-KHTC"},
		text: "Ngày 01/6 và Tết Trung thu", start: "2024-06-01", end: "2024-09-17", progress: 100, status: domain.ItemDone,
		comment:    "Tặng quà 1/6 cho 186 cháu và Trung thu cho 192 cháu là con cán bộ, công chức, viên chức, người lao động.",
		observance: "childrens-day"},
	{words: []string{"quy hoach", "tham dinh"}, lead: "QN-SGTVT-CLCT", supports: []string{"QN-SGTVT-KCHT"},
		text: "Năm 2024", end: "2024-12-31", progress: 40, status: domain.ItemInProgress},
	{words: []string{"danh gia giua ky"}, lead: "QN-SGTVT-VP",
		text: "Quý IV/2024", start: "2024-10-01", end: "2024-12-15", progress: 0, status: domain.ItemNotStarted},
	{words: []string{"nghien cuu, tham quan"}, lead: "QN-SGTVT-VP", progress: 0, status: domain.ItemCancelled,
		comment: "Không bố trí được kinh phí trong năm 2024; chuyển sang năm sau."},
}

// seedPlan imports the sample as QN-SGTVT's 2024 plan, assigns its tasks,
// takes it through approval, reports progress, and copies it into a 2026
// draft.
func seedPlan(ctx context.Context, st *store.Store, users map[string]domain.User) error {
	doc, err := planparse.ParseText(Sample)
	if err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	p, items, refs := plans.FromDocument(doc, "QN-SGTVT", 2024, 2024)
	p.Header.Number = "15/KH-SGTVT"
	p.Header.ParentIssuer = "UBND TỈNH QUẢNG NINH"
	p.Header.Issuer = "SỞ GIAO THÔNG VẬN TẢI"
	p.Header.Place = "Quảng Ninh"
	p.Header.Date = "2024-02-10"
	p.Header.Title = "Triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024"
	p.Signer = domain.PlanSigner{Title: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", Name: "Nguyễn Văn Thắng",
		Recipients: []string{"Sở Lao động - Thương binh và Xã hội (b/c)", "Giám đốc, các Phó Giám đốc Sở", "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP"}}
	used := map[int]bool{}
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		if !it.Kind.Trackable() || it.HasTrackableChild() {
			return
		}
		text := vntext.Fold(it.Title + " " + it.Text)
		for i, r := range rules {
			if used[i] && len(r.words) > 0 && r.words[0] == "tang qua" {
				continue
			}
			if containsAll(text, r.words) {
				it.Lead = r.lead
				for _, s := range r.supports {
					it.Supports = append(it.Supports, domain.OrgRef{Code: s})
				}
				if r.end != "" || it.Deadline.Empty() {
					it.Deadline = domain.Deadline{Text: r.text, Start: r.start, End: r.end}
				}
				it.Observance = r.observance
				used[i] = true
				return
			}
		}
		if it.Kind == domain.KindActivity || it.Kind == domain.KindTask {
			// Communication and coordination work the office carries by
			// default, all year.
			it.Lead = "QN-SGTVT-VP"
			if it.Deadline.Empty() {
				it.Deadline = domain.Deadline{Text: "Cả năm 2024", Start: "2024-01-01", End: "2024-12-31"}
			}
		}
	})
	manager, leader, reporter := users["manager"], users["leader"], users["reporter"]
	act := func(u domain.User) domain.Actor {
		return domain.Actor{UserID: u.ID, Username: u.Username, Client: "demo"}
	}
	saved, err := st.ImportPlan(ctx, act(manager), p, items, refs)
	if err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	steps := []struct {
		u domain.User
		a domain.PlanAction
	}{{manager, domain.ActSubmit}, {leader, domain.ActApprove}, {manager, domain.ActSend}}
	for _, s := range steps {
		if saved, err = st.TransitionPlan(ctx, act(s.u), saved.ID, saved.Version, s.a, ""); err != nil {
			return fmt.Errorf("demo plan %s: %w", s.a, err)
		}
	}
	tree, err := st.PlanTree(ctx, saved.ID)
	if err != nil {
		return err
	}
	var reportErr error
	domain.Walk(tree.Items, func(it *domain.PlanItem, _ int) {
		if reportErr != nil || !it.Kind.Trackable() || it.HasTrackableChild() {
			return
		}
		status, progress, comment := domain.ItemDone, 100, "Đã thực hiện theo kế hoạch."
		text := vntext.Fold(it.Title + " " + it.Text)
		for _, r := range rules {
			if containsAll(text, r.words) {
				status, progress, comment = r.status, r.progress, r.comment
				break
			}
		}
		if status == domain.ItemNotStarted {
			return
		}
		who := manager
		if it.Lead == "QN-SGTVT-TTS" {
			who = reporter
		}
		_, reportErr = st.ReportProgress(ctx, act(who), it.ID, it.Version, status, progress, comment, nil)
	})
	if reportErr != nil {
		return fmt.Errorf("demo progress: %w", reportErr)
	}
	if _, err := st.CopyPlan(ctx, act(manager), saved.ID, 2026, 2026); err != nil {
		return fmt.Errorf("demo 2026 draft: %w", err)
	}
	return nil
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return len(words) > 0
}

// measures names, by words of an item's text, the indicators the item is
// measured by: the figures its results report shows under it.
var measures = []struct {
	words []string
	codes []string
}{
	{[]string{"tuyen truyen, huong dan tre em"}, []string{"TT-BUOI", "TT-LUOT"}},
	{[]string{"mu bao hiem"}, []string{"MBH-TRE"}},
	{[]string{"bien cam"}, []string{"BIEN-RS", "BIEN-BS"}},
	{[]string{"kiem tra", "thanh tra"}, []string{"KT-XE", "KT-VP"}},
	{[]string{"quy bao tro tre em"}, []string{"QUY-BTTE"}},
	{[]string{"tang qua"}, []string{"QUA-TRE"}},
}

// seedMeasures ties the 2024 plan's and the 2026 draft's tasks to the
// catalogue's indicators, once the catalogue exists.
func seedMeasures(ctx context.Context, st *store.Store, manager domain.User) error {
	act := domain.Actor{UserID: manager.ID, Username: manager.Username, Client: "demo"}
	for _, planID := range []int64{1, 2} {
		_, leaves, err := planLeaves(ctx, st, planID)
		if err != nil {
			return err
		}
		for _, m := range measures {
			for _, it := range leaves {
				if containsAll(vntext.Fold(it.Title+" "+it.Text), m.words) {
					if _, err := st.SetItemIndicators(ctx, act, it.ID, it.Version, m.codes); err != nil {
						return fmt.Errorf("demo measures: %w", err)
					}
					break
				}
			}
		}
	}
	return nil
}

// planLeaves returns a plan's tree and its leaf tasks and activities: the
// items work is assigned to and recorded against.
func planLeaves(ctx context.Context, st *store.Store, planID int64) (domain.Plan, []*domain.PlanItem, error) {
	tree, err := st.PlanTree(ctx, planID)
	if err != nil {
		return tree, nil, err
	}
	var leaves []*domain.PlanItem
	domain.Walk(tree.Items, func(it *domain.PlanItem, _ int) {
		if it.Kind.Trackable() && !it.HasTrackableChild() {
			leaves = append(leaves, it)
		}
	})
	return tree, leaves, nil
}
