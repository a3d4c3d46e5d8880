// Package demo fills an empty database with the demo province: Quảng Ninh,
// its coordinator for children and gender equality, the Department of
// Transport whose 2024 plan is the project's sample, two more departments,
// one user per role, and the sample imported as the department's 2024 plan
// (assigned, approved, sent, carried out) with a 2026 draft copied from it.
package demo

import (
	"context"
	"fmt"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
)

// Password is the password of every demo user. The demo is for trying the
// product on one's own machine; a real deployment creates its own users.
const Password = "tebdg-demo-2024" //nolint:gosec // a published demo password, never a real account's

// Login is one demo sign-in.
type Login struct {
	Username, FullName string
	Role               domain.Role
	RoleOrg, HomeOrg   string
}

// Logins are the demo users, one per role.
var Logins = []Login{
	{"admin", "Quản trị hệ thống", domain.RoleAdmin, "QN", "QN"},
	{"coordinator", "Trần Thu Hà", domain.RoleCoordinator, "QN", "QN-SLDTBXH"},
	{"manager", "Phạm Văn Long", domain.RoleManager, "QN-SGTVT", "QN-SGTVT"},
	// A second manager of the agency, its deputy director, approves the
	// plans the focal officer submits.
	{"leader", "Nguyễn Văn Thắng", domain.RoleManager, "QN-SGTVT", "QN-SGTVT"},
	// The coordinating department's deputy director approves the summary
	// its coordinator drafts from the agencies' reports.
	{"director", "Hoàng Thị Mai", domain.RoleManager, "QN-SLDTBXH", "QN-SLDTBXH"},
	{"reporter", "Lê Minh Tuấn", domain.RoleReporter, "QN-SGTVT-TTS", "QN-SGTVT-TTS"},
	{"viewer", "Vũ Thị Lan", domain.RoleViewer, "QN-SGTVT", "QN-SGTVT-VP"},
	{"editor", "Đỗ Thu Trang", domain.RoleEditor, "QN-SGTVT", "QN-SGTVT-VP"},
	// The confidential case register: the ward's child-protection officer
	// and the ward's supervisor handle its cases; the provincial
	// social-work centre's supervisor may open a case of any unit of the
	// province by break-glass.
	{"caseworker", "Nguyễn Thị Hoa", domain.RoleCaseworker, "QN-HONGGAI", "QN-HONGGAI"},
	{"casesupervisor", "Trần Văn Minh", domain.RoleCaseSupervisor, "QN-HONGGAI", "QN-HONGGAI"},
	{"provincesupervisor", "Lê Thị Thu", domain.RoleCaseSupervisor, "QN-SLDTBXH-CTXH", "QN-SLDTBXH-CTXH"},
}

// units lists the demo org tree, parents first.
var units = []domain.OrgUnitInput{
	{Code: "QN", Name: "Tỉnh Quảng Ninh", NameEN: "Quang Ninh Province", Kind: domain.KindProvince},

	{Code: "QN-SLDTBXH", Name: "Sở Lao động - Thương binh và Xã hội", NameEN: "Department of Labour, Invalids and Social Affairs", Kind: domain.KindAgency, Parent: "QN"},
	{Code: "QN-SLDTBXH-VP", Name: "Văn phòng Sở", NameEN: "Office of the Department", Kind: domain.KindUnit, Parent: "QN-SLDTBXH"},
	{Code: "QN-SLDTBXH-TEBDG", Name: "Phòng Trẻ em và Bình đẳng giới", NameEN: "Children and Gender Equality Division", Kind: domain.KindUnit, Parent: "QN-SLDTBXH"},
	{Code: "QN-SLDTBXH-BTXH", Name: "Phòng Bảo trợ xã hội", NameEN: "Social Protection Division", Kind: domain.KindUnit, Parent: "QN-SLDTBXH"},
	{Code: "QN-SLDTBXH-CTXH", Name: "Trung tâm Công tác xã hội tỉnh", NameEN: "Provincial Social Work Centre", Kind: domain.KindUnit, Parent: "QN-SLDTBXH"},

	{Code: "QN-SGTVT", Name: "Sở Giao thông Vận tải", NameEN: "Department of Transport", Kind: domain.KindAgency, Parent: "QN"},
	{Code: "QN-SGTVT-VP", Name: "Văn phòng Sở", NameEN: "Office of the Department", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-TTS", Name: "Thanh tra Sở", NameEN: "Department Inspectorate", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-KHTC", Name: "Phòng Kế hoạch - Tài chính", NameEN: "Planning and Finance Division", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-KCHT", Name: "Phòng Quản lý kết cấu hạ tầng giao thông", NameEN: "Transport Infrastructure Management Division", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-VTPT", Name: "Phòng Quản lý vận tải, phương tiện và người lái", NameEN: "Transport, Vehicle and Driver Management Division", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-CLCT", Name: "Phòng Quản lý chất lượng công trình giao thông", NameEN: "Transport Works Quality Management Division", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-CVDTND", Name: "Cảng vụ đường thủy nội địa", NameEN: "Inland Waterway Port Authority", Kind: domain.KindUnit, Parent: "QN-SGTVT"},
	{Code: "QN-SGTVT-BQLBTDB", Name: "Ban Quản lý bảo trì đường bộ", NameEN: "Road Maintenance Management Board", Kind: domain.KindUnit, Parent: "QN-SGTVT"},

	{Code: "QN-SGDDT", Name: "Sở Giáo dục và Đào tạo", NameEN: "Department of Education and Training", Kind: domain.KindAgency, Parent: "QN"},
	{Code: "QN-SGDDT-VP", Name: "Văn phòng Sở", NameEN: "Office of the Department", Kind: domain.KindUnit, Parent: "QN-SGDDT"},
	{Code: "QN-SGDDT-MNTH", Name: "Phòng Giáo dục Mầm non và Tiểu học", NameEN: "Preschool and Primary Education Division", Kind: domain.KindUnit, Parent: "QN-SGDDT"},
	{Code: "QN-SGDDT-GDTH", Name: "Phòng Giáo dục Trung học", NameEN: "Secondary Education Division", Kind: domain.KindUnit, Parent: "QN-SGDDT"},

	{Code: "QN-SYT", Name: "Sở Y tế", NameEN: "Department of Health", Kind: domain.KindAgency, Parent: "QN"},
	{Code: "QN-SYT-VP", Name: "Văn phòng Sở", NameEN: "Office of the Department", Kind: domain.KindUnit, Parent: "QN-SYT"},
	{Code: "QN-SYT-NVY", Name: "Phòng Nghiệp vụ Y", NameEN: "Medical Affairs Division", Kind: domain.KindUnit, Parent: "QN-SYT"},
	{Code: "QN-SYT-CCDS", Name: "Chi cục Dân số", NameEN: "Population Sub-Department", Kind: domain.KindUnit, Parent: "QN-SYT"},

	// Two wards, where children's cases are taken in (since the 2025
	// reform communes and wards sit directly under the province).
	{Code: "QN-HONGGAI", Name: "Phường Hồng Gai", NameEN: "Hong Gai Ward", Kind: domain.KindCommune, Parent: "QN"},
	{Code: "QN-BAICHAY", Name: "Phường Bãi Cháy", NameEN: "Bai Chay Ward", Kind: domain.KindCommune, Parent: "QN"},
}

// Actor is who the audit trail names for demo data.
var Actor = domain.Actor{Username: "demo"}

// Seed fills the database unless it already holds the demo province. It
// reports whether it did anything.
func Seed(ctx context.Context, st *store.Store, h *auth.Hasher) (bool, error) {
	if _, err := st.OrgUnit(ctx, "QN"); err == nil {
		return false, nil
	} else if !errs.Is(err, errs.NotFound) {
		return false, err
	}
	for _, u := range units {
		if _, err := st.CreateOrgUnit(ctx, Actor, u); err != nil {
			return false, fmt.Errorf("demo unit %s: %w", u.Code, err)
		}
	}
	if err := seedReorgs(ctx, st); err != nil {
		return false, err
	}
	hash, err := h.Hash(Password)
	if err != nil {
		return false, err
	}
	users := map[string]domain.User{}
	for _, l := range Logins {
		// Addresses under .example (RFC 2606) reach no one by mistake.
		in := domain.UserInput{Username: l.Username, FullName: l.FullName, Org: l.HomeOrg, Role: l.Role, RoleOrg: l.RoleOrg, Lang: "vi",
			Email: l.Username + "@quangninh.tebdg.example"}
		u, err := st.CreateUser(ctx, Actor, in, hash, false)
		if err != nil {
			return false, fmt.Errorf("demo user %s: %w", l.Username, err)
		}
		users[l.Username] = u
	}
	if err := seedPlan(ctx, st, users); err != nil {
		return false, err
	}
	if err := seedReports(ctx, st, users, st.Now().In(time.FixedZone("ICT", 7*3600))); err != nil {
		return false, err
	}
	if err := seedMeasures(ctx, st, users["manager"]); err != nil {
		return false, err
	}
	if err := seedCalendar(ctx, st, st.Now()); err != nil {
		return false, err
	}
	if err := seedRecords(ctx, st, users, st.Now()); err != nil {
		return false, err
	}
	if err := seedPortal(ctx, st, users); err != nil {
		return false, err
	}
	if err := seedCases(ctx, st, users); err != nil {
		return false, err
	}
	return true, nil
}
