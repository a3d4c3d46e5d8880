package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/plans"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// The demo portal: the sample published as the Department of Transport's
// news post of 10/02/2024 15:16 with the plan as its attachment, a dozen
// more posts across categories and agencies, answered questions, and the
// directory of hotlines and services.

type demoPost struct {
	org, category, title, summary, body, author string
	at                                          string // dd/mm/yyyy hh:mm
	hot, featured                               bool
	tags                                        []string
}

var demoPosts = []demoPost{
	{org: "QN-SLDTBXH", category: "thong-bao", at: "24/01/2024 09:30", title: "Hướng dẫn triển khai công tác trẻ em và bình đẳng giới năm 2024",
		summary: "Văn bản số 240/LĐTBXH-TE&BĐG ngày 24/01/2024 hướng dẫn các sở, ngành, địa phương xây dựng kế hoạch công tác trẻ em và bình đẳng giới năm 2024.",
		body: "Sở Lao động - Thương binh và Xã hội đề nghị các sở, ban, ngành và UBND các địa phương:\n\n" +
			"- Xây dựng kế hoạch công tác trẻ em và bình đẳng giới năm 2024, gửi về Sở **trước ngày 20/02/2024**;\n" +
			"- Lồng ghép các chỉ tiêu về trẻ em và bình đẳng giới trong kế hoạch phát triển kinh tế - xã hội của ngành;\n" +
			"- Báo cáo kết quả 6 tháng trước ngày 15/6 và cả năm trước ngày 15/12.\n\n" +
			"Đầu mối liên hệ: Phòng Trẻ em và Bình đẳng giới, điện thoại 1800 1769.",
		tags: []string{"hướng dẫn", "kế hoạch 2024"}},
	{org: "QN-SGTVT", category: "tin-tuc", at: "28/05/2024 08:00", title: "Ra quân tuyên truyền phòng, chống đuối nước trẻ em tại các bến thủy nội địa",
		summary: "Cảng vụ đường thủy nội địa phối hợp chính quyền địa phương tuyên truyền phòng, chống đuối nước cho trẻ em và phụ huynh tại 12 bến khách ngang sông.",
		body: "Hưởng ứng Tháng hành động vì trẻ em năm 2024, Cảng vụ đường thủy nội địa đã phát 1.200 tờ rơi, treo 24 băng rôn " +
			"và kiểm tra áo phao, phao cứu sinh trên các phương tiện chở khách.\n\n" +
			"## Khuyến cáo với phụ huynh\n\n" +
			"- Luôn mặc áo phao cho trẻ khi đi đò, phà;\n- Không để trẻ chơi gần bến, bờ sông, ao hồ khi không có người lớn;\n" +
			"- Cho trẻ học bơi và kỹ năng an toàn trong môi trường nước.\n\nPhòng, chống đuối nước trẻ em là trách nhiệm của mỗi gia đình và cả cộng đồng.",
		hot: true, featured: true, tags: []string{"đuối nước", "Tháng hành động vì trẻ em"}},
	{org: "QN-SGTVT", category: "tre-em", at: "30/05/2024 14:20", title: "Trao tặng 500 mũ bảo hiểm cho học sinh lớp Một",
		summary: "Chương trình “Đội mũ bảo hiểm cho trẻ em” trao mũ đạt chuẩn cho học sinh lớp Một tại thành phố Hạ Long và huyện Vân Đồn.",
		body: "Trong khuôn khổ chương trình, 500 chiếc mũ bảo hiểm đạt chuẩn đã được trao cho học sinh lớp Một của 6 trường tiểu học. " +
			"Các em được hướng dẫn cách đội mũ đúng và cài quai an toàn.\n\nTheo quy định, trẻ em từ đủ 6 tuổi trở lên ngồi trên xe mô tô, xe gắn máy phải đội mũ bảo hiểm.",
		featured: true, tags: []string{"mũ bảo hiểm", "an toàn giao thông"}},
	{org: "QN-SLDTBXH", category: "tre-em", at: "01/06/2024 07:30", title: "Phát động Tháng hành động vì trẻ em năm 2024",
		summary: "Chủ đề năm 2024: “Hành động thiết thực, ưu tiên nguồn lực cho trẻ em”.",
		body: "Tháng hành động vì trẻ em diễn ra từ ngày 01/6 đến 30/6/2024. Các hoạt động trọng tâm: tặng quà trẻ em có hoàn cảnh đặc biệt, " +
			"phòng, chống đuối nước, bảo vệ trẻ em trên môi trường mạng và tổ chức diễn đàn trẻ em.\n\nMọi hành vi xâm hại trẻ em, hãy gọi ngay **111**.",
		hot: true, tags: []string{"Tháng hành động vì trẻ em"}},
	{org: "QN-SGDDT", category: "tre-em", at: "12/06/2024 10:00", title: "Trang bị kỹ năng an toàn trên môi trường mạng cho học sinh",
		summary: "Sở Giáo dục và Đào tạo tổ chức chuyên đề bảo vệ trẻ em trên môi trường mạng tại 40 trường trung học cơ sở.",
		body: "Học sinh được hướng dẫn cách bảo vệ thông tin cá nhân, nhận biết lừa đảo và bắt nạt trực tuyến, và nơi tìm trợ giúp: " +
			"thầy cô, cha mẹ, và Tổng đài 111.", tags: []string{"môi trường mạng"}},
	{org: "QN-SYT", category: "binh-dang-gioi", at: "20/06/2024 15:00", title: "Ngôi nhà Ánh Dương tiếp nhận, hỗ trợ nạn nhân bạo lực trên cơ sở giới",
		summary: "Mô hình hỗ trợ toàn diện: y tế, tâm lý, pháp lý và nơi tạm lánh an toàn cho phụ nữ và trẻ em.",
		body: "Ngôi nhà Ánh Dương cung cấp dịch vụ miễn phí, bảo mật cho người bị bạo lực trên cơ sở giới: chăm sóc y tế, tư vấn tâm lý, " +
			"trợ giúp pháp lý và chỗ ở tạm thời.\n\nĐường dây hỗ trợ: **1800 1769** (miễn phí).", featured: true, tags: []string{"Ngôi nhà Ánh Dương", "bạo lực giới"}},
	{org: "QN-SLDTBXH", category: "binh-dang-gioi", at: "15/11/2024 08:00", title: "Hưởng ứng Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
		summary: "Tháng hành động diễn ra từ 15/11 đến 15/12/2024.",
		body: "Các cơ quan, đơn vị treo băng rôn, khẩu hiệu; tổ chức tọa đàm về bình đẳng giới trong tuyển dụng và bổ nhiệm; " +
			"tuyên truyền Luật Phòng, chống bạo lực gia đình năm 2022.", hot: true, tags: []string{"bình đẳng giới"}},
	{org: "QN-SGTVT", category: "thong-bao", at: "05/07/2024 16:45", title: "Kiểm tra phương tiện đưa đón học sinh trước năm học mới",
		summary: "Thanh tra Sở kiểm tra xe đưa đón học sinh, tàu thuyền chở khách và bến thủy nội địa từ ngày 15/7 đến 15/8/2024.",
		body: "Nội dung kiểm tra: niên hạn và tình trạng kỹ thuật của phương tiện, dây an toàn, áo phao, phao cứu sinh; " +
			"giấy phép lái xe và bằng thuyền trưởng của người điều khiển.", tags: []string{"xe đưa đón học sinh"}},
	{org: "QN-SYT", category: "tin-tuc", at: "25/07/2024 09:10", title: "Hướng dẫn sơ cứu trẻ bị đuối nước đúng cách",
		summary: "Ngày Thế giới phòng, chống đuối nước 25/7: những bước sơ cứu cha mẹ cần biết.",
		body: "1. Nhanh chóng đưa trẻ lên bờ, gọi người hỗ trợ và gọi cấp cứu 115.\n2. Kiểm tra đường thở và nhịp thở.\n" +
			"3. Nếu trẻ ngừng thở, thổi ngạt và ép tim ngay tại chỗ.\n\nKhông dốc ngược trẻ để xốc nước: làm mất thời gian vàng cấp cứu.",
		tags: []string{"đuối nước", "sơ cứu"}},
	{org: "QN-SGTVT", category: "tin-tuc", at: "16/09/2024 10:30", title: "Trao quà Tết Trung thu cho con cán bộ, công chức",
		summary: "Công đoàn Sở trao 192 suất quà Trung thu cho con cán bộ, công chức, viên chức, người lao động.",
		body:    "Nhân dịp Tết Trung thu, Công đoàn Sở Giao thông Vận tải đã trao quà cho 192 cháu, động viên các cháu chăm ngoan, học giỏi.",
		tags:    []string{"Trung thu"}},
	{org: "QN-SLDTBXH", category: "van-ban", at: "10/10/2024 14:00", title: "Luật Trẻ em năm 2016 và các văn bản hướng dẫn",
		summary: "Tổng hợp các văn bản pháp luật về quyền trẻ em, bảo vệ, chăm sóc và giáo dục trẻ em.",
		body: "| Văn bản | Nội dung |\n|---|---|\n| Luật Trẻ em 2016 | Quyền và bổn phận của trẻ em |\n" +
			"| Nghị định 56/2017/NĐ-CP | Quy định chi tiết Luật Trẻ em |\n| Luật Phòng, chống bạo lực gia đình 2022 | Phòng ngừa, ứng phó bạo lực gia đình |",
		tags: []string{"văn bản pháp luật"}},
	{org: "QN-SGDDT", category: "thong-bao", at: "02/12/2024 08:15", title: "Thông báo lịch tiếp nhận ý kiến của phụ huynh về an toàn trường học",
		summary: "Phụ huynh có thể gửi ý kiến qua cổng thông tin hoặc trực tiếp tại Văn phòng Sở vào thứ Năm hằng tuần.",
		body:    "Mọi ý kiến về an toàn trường học, bạo lực học đường, phòng chống tai nạn thương tích đều được tiếp nhận và trả lời trong 10 ngày làm việc.",
		tags:    []string{"an toàn trường học"}},
}

var demoServices = []domain.Service{
	{Kind: domain.SvcHotline, Organization: "Cục Trẻ em", Name: "Tổng đài quốc gia bảo vệ trẻ em 111", Phone: "111", Hours: "24/7, miễn phí",
		Description: "Tiếp nhận thông tin, tư vấn và kết nối hỗ trợ trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại.", Area: "Toàn quốc",
		Eligibility: "Trẻ em, cha mẹ, người chăm sóc và mọi người dân", Languages: "Tiếng Việt", URL: "https://tongdai111.vn", Free: true, Active: true},
	{Kind: domain.SvcHotline, Organization: "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ninh", Name: "Đường dây nóng hỗ trợ phụ nữ và trẻ em bị bạo lực",
		Phone: "1800 1769", Hours: "24/7, miễn phí", Area: "Tỉnh Quảng Ninh", Eligibility: "Phụ nữ, trẻ em bị bạo lực trên cơ sở giới",
		Languages: "Tiếng Việt", Free: true, Active: true},
	{Kind: domain.SvcSunshine, Organization: "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ninh", Name: "Ngôi nhà Ánh Dương Quảng Ninh",
		Phone: "1800 1769", Address: "Phường Hồng Hà, thành phố Hạ Long", Area: "Hạ Long", Hours: "24/7",
		Description: "Hỗ trợ toàn diện cho người bị bạo lực trên cơ sở giới: y tế, tâm lý, pháp lý, nơi tạm lánh.",
		Eligibility: "Phụ nữ và trẻ em bị bạo lực trên cơ sở giới", Languages: "Tiếng Việt, tiếng Anh", Free: true, Active: true},
	{Kind: domain.SvcShelter, Organization: "Trung tâm Công tác xã hội tỉnh", Name: "Nhà tạm lánh cho phụ nữ và trẻ em",
		Phone: "0203 3835 111", Address: "Số nhà giữ kín", Confidential: true, Area: "Tỉnh Quảng Ninh", Hours: "24/7",
		Eligibility: "Người bị bạo lực cần chỗ ở an toàn", Free: true, Active: true},
	{Kind: domain.SvcTrusted, Organization: "UBND phường Bãi Cháy", Name: "Địa chỉ tin cậy tại cộng đồng phường Bãi Cháy",
		Phone: "0203 3846 222", Address: "Nhà văn hóa khu 2, phường Bãi Cháy, thành phố Hạ Long", Area: "Hạ Long",
		Eligibility: "Người bị bạo lực gia đình cần nơi tạm lánh ngắn ngày", Free: true, Active: true},
	{Kind: domain.SvcSocialWork, Organization: "Trung tâm Công tác xã hội tỉnh Quảng Ninh", Name: "Tư vấn, trị liệu tâm lý cho trẻ em",
		Phone: "0203 3656 789", Address: "Phường Cao Xanh, thành phố Hạ Long", Area: "Hạ Long", Hours: "Thứ Hai – Thứ Sáu, 7:30–17:00",
		Eligibility: "Trẻ em và gia đình", Free: true, Active: true},
	{Kind: domain.SvcPolice, Organization: "Công an tỉnh Quảng Ninh", Name: "Cảnh sát khẩn cấp", Phone: "113", Hours: "24/7", Area: "Toàn quốc",
		Free: true, Active: true},
	{Kind: domain.SvcHealth, Organization: "Trung tâm Cấp cứu 115", Name: "Cấp cứu y tế", Phone: "115", Hours: "24/7", Area: "Toàn quốc",
		Free: true, Active: true},
	{Kind: domain.SvcLegal, Organization: "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Quảng Ninh", Name: "Trợ giúp pháp lý miễn phí cho trẻ em",
		Phone: "0203 3628 555", Address: "Phường Hồng Hải, thành phố Hạ Long", Area: "Hạ Long", Hours: "Giờ hành chính",
		Eligibility: "Trẻ em, người bị bạo lực gia đình thuộc diện được trợ giúp pháp lý", Free: true, Active: true},
}

// demoPostTime reads "dd/mm/yyyy hh:mm" in Vietnam's time.
func demoPostTime(s string) time.Time {
	t, err := time.ParseInLocation("02/01/2006 15:04", s, vntext.Location)
	if err != nil {
		panic("demo post time " + s)
	}
	return t
}

// sampleNewsBody is the sample as the department published it: the plan's
// text after its title and date line.
func sampleNewsBody() (summary, body string) {
	lines := strings.Split(strings.ReplaceAll(Sample, "\r\n", "\n"), "\n")
	var paras []string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" && l != "10/02/2024 15:16" {
			paras = append(paras, l)
		}
	}
	return paras[0], strings.Join(paras, "\n\n")
}

func seedPortal(ctx context.Context, st *store.Store, users map[string]domain.User) error {
	editor := domain.Actor{UserID: users["editor"].ID, Username: "editor"}
	manager := domain.Actor{UserID: users["coordinator"].ID, Username: "coordinator"}
	org := func(code string) (domain.OrgUnit, error) { return st.OrgUnit(ctx, code) }

	// The sample, with the plan itself as the "Nội dung chi tiết".
	sgtvt, err := org("QN-SGTVT")
	if err != nil {
		return err
	}
	summary, body := sampleNewsBody()
	var files []store.NewFile
	if list, _, err := st.Plans(ctx, domain.Scope{All: true}, store.PlanFilter{OrgPath: sgtvt.Path, Year: 2024}, store.Page{Limit: 5}); err == nil && len(list) > 0 {
		tree, err := st.PlanTree(ctx, list[len(list)-1].ID)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := plans.DOCX(&buf, tree, "vi", "2024-02-10"); err != nil {
			return err
		}
		files = append(files, store.NewFile{Name: "Ke-hoach-cong-tac-tre-em-va-binh-dang-gioi-2024-SGTVT.docx",
			ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Data: buf.Bytes()})
	}
	sample := domain.Post{Category: "van-ban", Title: "Kế hoạch triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024",
		Summary: summary, Body: body, Author: "Văn phòng Sở", Tags: []string{"kế hoạch 2024", "trẻ em", "bình đẳng giới"}, Hot: true}
	p, err := st.SavePost(ctx, editor, 0, 0, sgtvt, sample, files, nil)
	if err != nil {
		return fmt.Errorf("demo sample post: %w", err)
	}
	if _, err := st.MovePost(ctx, editor, p.ID, p.Version, domain.PostPublished, demoPostTime("10/02/2024 15:16")); err != nil {
		return err
	}

	for _, d := range demoPosts {
		o, err := org(d.org)
		if err != nil {
			return err
		}
		actor := manager
		if d.org == "QN-SGTVT" {
			actor = editor
		}
		p, err := st.SavePost(ctx, actor, 0, 0, o, domain.Post{Category: d.category, Title: d.title, Summary: d.summary, Body: d.body,
			Author: d.author, Hot: d.hot, Featured: d.featured, Tags: d.tags}, nil, nil)
		if err != nil {
			return fmt.Errorf("demo post %q: %w", d.title, err)
		}
		if _, err := st.MovePost(ctx, actor, p.ID, p.Version, domain.PostPublished, demoPostTime(d.at)); err != nil {
			return err
		}
	}
	// A draft waiting for review, so the editor's list is not all done.
	if _, err := st.SavePost(ctx, editor, 0, 0, sgtvt, domain.Post{Category: "tin-tuc", Status: domain.PostReview,
		Title: "Sơ kết 6 tháng công tác trẻ em và bình đẳng giới năm 2024",
		Body:  "Dự thảo: kết quả 6 tháng đầu năm, tồn tại và nhiệm vụ 6 tháng cuối năm."}, nil, nil); err != nil {
		return err
	}

	province, err := org("QN")
	if err != nil {
		return err
	}
	sldtbxh, err := org("QN-SLDTBXH")
	if err != nil {
		return err
	}
	for i, v := range demoServices {
		owner := sldtbxh
		if i >= 6 {
			owner = province
		}
		if _, err := st.SaveService(ctx, manager, 0, 0, owner, v); err != nil {
			return fmt.Errorf("demo service %q: %w", v.Name, err)
		}
	}

	links := append([]domain.PortalLink{{Name: "Cổng thông tin điện tử tỉnh Quảng Ninh", URL: "https://www.quangninh.gov.vn"}}, store.DefaultPortalLinks...)
	if err := st.SetPortalLinks(ctx, manager, links); err != nil {
		return err
	}

	// Questions citizens sent, one answered and published.
	public := domain.Actor{Username: "public"}
	q, err := st.AddFeedback(ctx, public, sgtvt, domain.Feedback{Name: "Nguyễn Thị Mai", Contact: "mai.phuhuynh@example.com",
		Subject: "Quy định đội mũ bảo hiểm cho trẻ em", Message: "Con tôi 5 tuổi ngồi sau xe máy có bắt buộc đội mũ bảo hiểm không?"})
	if err != nil {
		return err
	}
	if _, err := st.AnswerFeedback(ctx, editor, q.ID, q.Version, "Người ngồi trên xe mô tô, xe gắn máy phải đội mũ bảo hiểm, "+
		"kể cả trẻ em. Quý phụ huynh nên chọn mũ đạt chuẩn, vừa cỡ đầu của trẻ và cài quai đúng cách.", true); err != nil {
		return err
	}
	if _, err := st.AddFeedback(ctx, public, sgtvt, domain.Feedback{Contact: "0912 345 678", Subject: "Bến đò thiếu áo phao",
		Message: "Bến đò ở xã Hạ Long, huyện Vân Đồn sáng nay chở học sinh nhưng không có đủ áo phao."}); err != nil {
		return err
	}
	return nil
}
