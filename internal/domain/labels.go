package domain

// Labels in both languages for the words of the work (see GLOSSARY.md).
// The interface shows Vietnamese unless the user asked for English.

type label struct{ vi, en string }

func (l label) in(lang string) string {
	if lang == "en" {
		return l.en
	}
	return l.vi
}

var roleLabels = map[Role]label{
	RoleAdmin:          {"Quản trị hệ thống", "Administrator"},
	RoleCoordinator:    {"Cơ quan điều phối", "Coordinator"},
	RoleManager:        {"Cán bộ đầu mối", "Focal officer"},
	RoleReporter:       {"Cán bộ đơn vị", "Unit staff"},
	RoleViewer:         {"Xem", "Viewer"},
	RoleEditor:         {"Biên tập cổng thông tin", "Portal editor"},
	RoleCaseworker:     {"Cán bộ quản lý trường hợp", "Caseworker"},
	RoleCaseSupervisor: {"Giám sát quản lý trường hợp", "Case supervisor"},
}

var roleHints = map[Role]label{
	RoleAdmin:          {"Quản lý người dùng, đơn vị và toàn bộ hệ thống", "Manages users, org units and the whole system"},
	RoleCoordinator:    {"Hướng dẫn, tổng hợp và tiếp nhận báo cáo của các cơ quan trong phạm vi", "Guides, aggregates and accepts the reports of the agencies in scope"},
	RoleManager:        {"Lập kế hoạch, giao nhiệm vụ và báo cáo của cơ quan", "Plans, assigns tasks and reports for the agency"},
	RoleReporter:       {"Ghi nhận hoạt động, số liệu và tiến độ của đơn vị", "Records the unit's activities, figures and progress"},
	RoleViewer:         {"Chỉ xem dữ liệu trong phạm vi", "Reads the data in scope"},
	RoleEditor:         {"Đăng tin, danh bạ và trả lời phản hồi trên cổng thông tin", "Publishes news, the directory and feedback replies on the portal"},
	RoleCaseworker:     {"Tiếp nhận và hỗ trợ, can thiệp các trường hợp được phân công (sổ bảo mật)", "Takes in and handles the cases assigned to them (confidential register)"},
	RoleCaseSupervisor: {"Phân công và giám sát các trường hợp của đơn vị (sổ bảo mật)", "Assigns and oversees the unit's cases (confidential register)"},
}

// Label is the role's name in lang.
func (r Role) Label(lang string) string {
	if l, ok := roleLabels[r]; ok {
		return l.in(lang)
	}
	return string(r)
}

// Hint says in a line what the role does.
func (r Role) Hint(lang string) string { return roleHints[r].in(lang) }

var kindLabels = map[OrgKind]label{
	KindCountry:  {"Quốc gia", "Country"},
	KindProvince: {"Tỉnh, thành phố", "Province"},
	KindAgency:   {"Cơ quan (Sở, ban, ngành)", "Agency"},
	KindUnit:     {"Đơn vị trực thuộc", "Unit"},
	KindCommune:  {"Xã, phường, đặc khu", "Commune"},
}

// Label is the kind's name in lang.
func (k OrgKind) Label(lang string) string {
	if l, ok := kindLabels[k]; ok {
		return l.in(lang)
	}
	return string(k)
}

var programmeLabels = map[Programme]label{
	"":                {"Mọi lĩnh vực", "All programmes"},
	ProgrammeChildren: {"Trẻ em", "Children"},
	ProgrammeGender:   {"Bình đẳng giới", "Gender equality"},
}

// Label is the programme's name in lang.
func (p Programme) Label(lang string) string { return programmeLabels[p].in(lang) }

var actionLabels = map[string]label{
	"orgunit.create":        {"Tạo đơn vị", "Unit created"},
	"audit.key":             {"Khoá chuỗi nhật ký bằng khoá ngoài cơ sở dữ liệu", "Audit chain keyed outside the database"},
	"orgunit.update":        {"Sửa đơn vị", "Unit changed"},
	"orgunit.move":          {"Chuyển đơn vị", "Unit moved"},
	"orgunit.deactivate":    {"Ngừng hoạt động đơn vị", "Unit deactivated"},
	"orgunit.reactivate":    {"Hoạt động lại đơn vị", "Unit reactivated"},
	"user.create":           {"Tạo người dùng", "User created"},
	"user.update":           {"Sửa người dùng", "User changed"},
	"user.role_add":         {"Giao vai trò", "Role assigned"},
	"user.role_remove":      {"Gỡ vai trò", "Role removed"},
	"user.password_reset":   {"Đặt lại mật khẩu", "Password reset"},
	"user.password_change":  {"Đổi mật khẩu", "Password changed"},
	"user.disable":          {"Khóa tài khoản", "Account disabled"},
	"user.enable":           {"Mở khóa tài khoản", "Account enabled"},
	"user.language":         {"Đổi ngôn ngữ", "Language changed"},
	"session.login":         {"Đăng nhập", "Signed in"},
	"session.logout":        {"Đăng xuất", "Signed out"},
	"token.create":          {"Tạo mã truy cập API", "API token created"},
	"token.revoke":          {"Thu hồi mã truy cập API", "API token revoked"},
	"plan.create":           {"Tạo kế hoạch", "Plan created"},
	"plan.import":           {"Nhập kế hoạch từ văn bản", "Plan imported from a document"},
	"plan.update":           {"Sửa thông tin kế hoạch", "Plan details changed"},
	"plan.submit":           {"Trình phê duyệt kế hoạch", "Plan submitted for approval"},
	"plan.approve":          {"Phê duyệt kế hoạch", "Plan approved"},
	"plan.send":             {"Gửi kế hoạch cho cơ quan điều phối", "Plan sent to the coordinator"},
	"plan.return":           {"Trả lại kế hoạch", "Plan returned"},
	"plan.copy":             {"Sao chép kế hoạch sang năm mới", "Plan copied to a new year"},
	"plan.delete":           {"Xóa kế hoạch dự thảo", "Draft plan deleted"},
	"item.create":           {"Thêm mục kế hoạch", "Plan item added"},
	"item.update":           {"Sửa mục kế hoạch", "Plan item changed"},
	"item.assign":           {"Giao nhiệm vụ", "Task assigned"},
	"item.move":             {"Di chuyển mục kế hoạch", "Plan item moved"},
	"item.delete":           {"Xóa mục kế hoạch", "Plan item deleted"},
	"item.progress":         {"Báo cáo tiến độ", "Progress reported"},
	"legal.create":          {"Thêm văn bản", "Document added"},
	"legal.update":          {"Sửa văn bản", "Document changed"},
	"category.create":       {"Tạo nhóm phân tổ", "Category created"},
	"category.update":       {"Sửa nhóm phân tổ", "Category changed"},
	"indicator.create":      {"Tạo chỉ số", "Indicator created"},
	"indicator.update":      {"Sửa chỉ số", "Indicator changed"},
	"template.create":       {"Tạo mẫu báo cáo", "Report template created"},
	"template.update":       {"Sửa mẫu báo cáo", "Report template changed"},
	"holiday.create":        {"Thêm ngày nghỉ", "Holiday added"},
	"holiday.delete":        {"Xóa ngày nghỉ", "Holiday removed"},
	"target.set":            {"Đặt chỉ tiêu", "Target set"},
	"report.save":           {"Lưu số liệu báo cáo", "Report data saved"},
	"report.submit":         {"Gửi báo cáo", "Report submitted"},
	"report.accept":         {"Tiếp nhận báo cáo", "Report accepted"},
	"report.return":         {"Trả lại báo cáo", "Report returned"},
	"report.reopen":         {"Mở lại báo cáo", "Report reopened"},
	"datavalues.import":     {"Nhập số liệu từ tệp", "Data values imported"},
	"report.attach":         {"Đính kèm tệp vào báo cáo", "Files attached to a report"},
	"report.detach":         {"Gỡ tệp khỏi báo cáo", "File removed from a report"},
	"event.create":          {"Thêm lịch công tác", "Event added"},
	"event.update":          {"Sửa lịch công tác", "Event changed"},
	"event.cancel":          {"Hoãn, hủy lịch công tác", "Event cancelled"},
	"event.delete":          {"Xóa lịch công tác", "Event deleted"},
	"observance.create":     {"Thêm ngày lễ, sự kiện của địa phương", "Local observance added"},
	"observance.update":     {"Sửa ngày lễ, sự kiện của địa phương", "Local observance changed"},
	"observance.prep":       {"Đặt thời gian chuẩn bị cho ngày lễ", "Preparation time set"},
	"feed.create":           {"Tạo địa chỉ lịch (iCalendar)", "Calendar feed created"},
	"feed.revoke":           {"Thu hồi địa chỉ lịch", "Calendar feed revoked"},
	"reminders.prefs":       {"Đổi cách nhận nhắc việc", "Reminder choices changed"},
	"reminders.unsubscribe": {"Ngừng nhận thư nhắc việc", "Unsubscribed from reminder e-mails"},
	"reminders.retry":       {"Gửi lại thư nhắc việc", "Reminder e-mails retried"},
}

var planStatusLabels = map[PlanStatus]label{
	PlanDraft:     {"Dự thảo", "Draft"},
	PlanSubmitted: {"Chờ phê duyệt", "Submitted for approval"},
	PlanApproved:  {"Đã phê duyệt", "Approved"},
	PlanSent:      {"Đã gửi cơ quan điều phối", "Sent to the coordinator"},
	PlanReturned:  {"Bị trả lại", "Returned"},
}

// Label is the status's name in lang.
func (s PlanStatus) Label(lang string) string { return planStatusLabels[s].in(lang) }

var itemKindLabels = map[ItemKind]label{
	KindSection:   {"Phần", "Section"},
	KindObjective: {"Mục tiêu", "Objective"},
	KindTask:      {"Nhiệm vụ", "Task"},
	KindActivity:  {"Hoạt động", "Activity"},
	KindNote:      {"Ghi chú", "Note"},
}

// Label is the kind's name in lang.
func (k ItemKind) Label(lang string) string { return itemKindLabels[k].in(lang) }

var itemStatusLabels = map[ItemStatus]label{
	ItemNotStarted: {"Chưa thực hiện", "Not started"},
	ItemInProgress: {"Đang thực hiện", "In progress"},
	ItemDone:       {"Hoàn thành", "Done"},
	ItemCancelled:  {"Hủy bỏ", "Cancelled"},
	ItemOverdue:    {"Quá hạn", "Overdue"},
}

// Label is the status's name in lang.
func (s ItemStatus) Label(lang string) string { return itemStatusLabels[s].in(lang) }

var legalStatusLabels = map[string]label{
	"in_force": {"Còn hiệu lực", "In force"},
	"amended":  {"Đã sửa đổi, bổ sung", "Amended"},
	"expired":  {"Hết hiệu lực", "No longer in force"},
	"unknown":  {"Chưa rõ", "Unknown"},
}

// LegalStatusLabel names a document's status in lang.
func LegalStatusLabel(status, lang string) string {
	if l, ok := legalStatusLabels[status]; ok {
		return l.in(lang)
	}
	return status
}

var valueTypeLabels = map[ValueType]label{
	TypeInteger: {"Số nguyên", "Whole number"}, TypeNumber: {"Số", "Number"}, TypePercentage: {"Phần trăm (%)", "Percentage"},
	TypeMoney: {"Tiền (đồng)", "Money (VND)"}, TypeYesNo: {"Có/Không", "Yes/No"}, TypeText: {"Chữ", "Text"},
}

// Label names the value type in lang.
func (t ValueType) Label(lang string) string { return valueTypeLabels[t].in(lang) }

var aggregationLabels = map[Aggregation]label{
	AggSum: {"Cộng dồn", "Sum"}, AggAverage: {"Trung bình", "Average"}, AggMin: {"Nhỏ nhất", "Minimum"},
	AggMax: {"Lớn nhất", "Maximum"}, AggLast: {"Giá trị cuối kỳ", "Last value"}, AggRatio: {"Tỷ lệ của hai chỉ số", "Ratio of two indicators"},
}

// Label names the aggregation in lang.
func (a Aggregation) Label(lang string) string { return aggregationLabels[a].in(lang) }

var reportStatusLabels = map[ReportStatus]label{
	ReportNotStarted: {"Chưa nhập", "Not started"}, ReportDraft: {"Đang nhập", "Draft"}, ReportSubmitted: {"Đã gửi", "Submitted"},
	ReportAccepted: {"Đã tiếp nhận", "Accepted"}, ReportReturned: {"Bị trả lại", "Returned"},
}

// Label names the report status in lang.
func (s ReportStatus) Label(lang string) string { return reportStatusLabels[s].in(lang) }

// ActionLabel names an audit action in lang.
func ActionLabel(action, lang string) string {
	if l, ok := actionLabels[action]; ok {
		return l.in(lang)
	}
	return action
}

// Actions lists the audit actions with labels, for filters.
func Actions() []string {
	return []string{"orgunit.create", "orgunit.update", "orgunit.move", "orgunit.deactivate", "orgunit.reactivate",
		"user.create", "user.update", "user.role_add", "user.role_remove", "user.password_reset", "user.password_change",
		"user.disable", "user.enable", "user.language", "session.login", "session.logout", "token.create", "token.revoke",
		"plan.create", "plan.import", "plan.update", "plan.submit", "plan.approve", "plan.send", "plan.return", "plan.copy", "plan.delete",
		"item.create", "item.update", "item.assign", "item.move", "item.delete", "item.progress", "legal.create", "legal.update",
		"category.create", "category.update", "indicator.create", "indicator.update", "template.create", "template.update",
		"holiday.create", "holiday.delete", "target.set", "report.save", "report.submit", "report.accept", "report.return",
		"report.reopen", "datavalues.import"}
}
