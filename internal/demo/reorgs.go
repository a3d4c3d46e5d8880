package demo

import (
	"context"
	"fmt"

	"tebdg/internal/domain"
	"tebdg/internal/orgtime"
	"tebdg/internal/store"
)

// The 2025 arrangement of communes as data: two wards of Hạ Long merged
// into Phường Hồng Gai from 01/07/2025. The old wards stay readable with
// their history, their names find the new ward, and their figures count
// for it by today's structure.

// oldWards are the wards the arrangement ended.
var oldWards = []domain.OrgUnitInput{
	{Code: "QN-BACHDANG", Name: "Phường Bạch Đằng", NameEN: "Bach Dang Ward", Kind: domain.KindCommune, Parent: "QN"},
	{Code: "QN-TRANHUNGDAO", Name: "Phường Trần Hưng Đạo", NameEN: "Tran Hung Dao Ward", Kind: domain.KindCommune, Parent: "QN"},
}

// wardMerger is the act, with its legal basis.
var wardMerger = domain.ReorgInput{
	Kind: orgtime.Merge, Effective: "2025-07-01", Units: []string{"QN-BACHDANG", "QN-TRANHUNGDAO"}, Into: domain.ReorgInto{Code: "QN-HONGGAI"},
	Decision: "Nghị quyết số 1679/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Quảng Ninh năm 2025",
	Note:     "Dữ liệu minh hoạ: các phường được chọn để trình bày việc sắp xếp, không phải danh sách đầy đủ của nghị quyết.",
}

var wardMergerDoc = domain.LegalDoc{Type: "Nghị quyết", Number: "1679/NQ-UBTVQH15", Date: "2025-06-16", Year: 2025,
	Issuer: "Ủy ban Thường vụ Quốc hội", Title: "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Quảng Ninh năm 2025"}

// seedReorgs records the old wards and applies the arrangement.
func seedReorgs(ctx context.Context, st *store.Store) error {
	for _, u := range oldWards {
		if _, err := st.CreateOrgUnit(ctx, Actor, u); err != nil {
			return fmt.Errorf("demo ward %s: %w", u.Code, err)
		}
	}
	act, err := st.PrepareReorganisation(ctx, Actor, wardMerger, &wardMergerDoc)
	if err != nil {
		return fmt.Errorf("demo reorganisation: %w", err)
	}
	if _, err := st.ApplyReorganisation(ctx, Actor, act.ID, act.Version); err != nil {
		return fmt.Errorf("demo reorganisation: %w", err)
	}
	return nil
}
