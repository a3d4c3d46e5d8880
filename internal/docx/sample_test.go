package docx

import (
	"bytes"
	"os"
	"testing"
	"time"
)

var ict = time.FixedZone("ICT", 7*3600)

func heading(level int, label, text string) Block {
	return Block{Kind: Heading, Level: level, Label: label, Text: text}
}

func bullet(level int, text string) Block {
	label := "-"
	if level == 2 {
		label = "+"
	}
	return Block{Kind: Bullet, Level: level, Label: label, Text: text}
}

// sampleDoc is the 2024 plan of the Quảng Ninh Department of Transport
// (../../../shared/samples/plan-2024-quang-ninh-transport.txt), built by
// hand from its headings and bullets, the bullets cut to their first
// clauses, with an assignment table added as the export will add one.
func sampleDoc() Document {
	return Document{
		ParentIssuer: "UBND TỈNH QUẢNG NINH",
		Issuer:       "SỞ GIAO THÔNG VẬN TẢI",
		Number:       "15/KH-SGTVT",
		Place:        "Quảng Ninh",
		Date:         time.Date(2024, 2, 10, 0, 0, 0, 0, ict),
		Type:         "KẾ HOẠCH",
		Title:        "Triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024",
		Blocks: []Block{
			{Kind: Paragraph, Text: "Thực hiện văn bản số 240/LĐTBXH-TE&BĐG ngày 24/01/2024 của Sở Lao động - Thương binh và Xã hội hướng dẫn triển khai công tác trẻ em và bình đẳng giới năm 2024."},
			{Kind: Paragraph, Text: "Sở Giao thông Vận tải Quảng Ninh xây dựng Kế hoạch thực hiện cụ thể như sau:"},
			heading(1, "I", "MỤC TIÊU, YÊU CẦU"),
			heading(2, "1", "Đối với công tác trẻ em"),
			bullet(1, "Tăng cường sự lãnh đạo, quản lý của cấp ủy, chuyên môn và sự phối hợp của các đoàn thể thuộc Sở trong việc xây dựng môi trường sống an toàn, thân thiện, lành mạnh cho trẻ em để thực hiện tốt hơn các quyền của trẻ em, bảo đảm trẻ em được phát triển toàn diện."),
			bullet(1, "Đẩy mạnh công tác tuyên truyền các chủ trương, chính sách của Đảng và pháp luật của Nhà nước về bảo vệ, chăm sóc trẻ em nhằm nâng cao nhận thức của công chức, viên chức, lao động tạo mọi điều kiện thuận lợi để trẻ em có cơ hội phát triển toàn diện về mọi mặt."),
			heading(2, "2", "Đối với công tác bình đẳng giới"),
			bullet(1, "Tiếp tục nâng cao trách nhiệm của tập thể lãnh đạo, người đứng đầu cơ quan, đơn vị, công chức, viên chức, lao động thuộc Sở về vai trò, vị trí, tầm quan trọng trong việc thực hiện tốt chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà nước về bình đẳng giới."),
			bullet(1, "Nâng cao hiệu quả công tác quản lý nhà nước về phòng ngừa, ứng phó với bạo lực trên cơ sở giới, thu hẹp khoảng cách giới, tạo điều kiện, cơ hội để phụ nữ và nam giới tham gia, thụ hưởng bình đẳng trong các lĩnh vực của đời sống xã hội."),
			heading(1, "II", "NHIỆM VỤ VÀ GIẢI PHÁP"),
			heading(2, "1", "Tiếp tục triển khai thực hiện các chỉ thị, nghị quyết, kế hoạch, đề án của tỉnh về trẻ em và bình đẳng giới tỉnh Quảng Ninh giai đoạn 2021 - 2025 và đến năm 2030; xây dựng kế hoạch triển khai công tác trẻ em, bình đẳng giới năm 2024; xây dựng mạng lưới, hệ thống cung cấp dịch vụ phòng ngừa, ứng phó với bạo lực giới, xâm hại trẻ em"),
			bullet(1, "Tiếp tục đề cao vai trò, trách nhiệm của cấp uỷ, người đứng đầu cơ quan, đơn vị trong chỉ đạo và triển khai công tác trẻ em, bình đẳng giới và vì sự tiến bộ của phụ nữ tại cơ quan đơn vị bảo đảm thực hiện quyền trẻ em, phát triển toàn diện trẻ em; phòng, chống tai nạn, thương tích, đặc biệt ưu tiên phòng, chống đuối nước ở trẻ em."),
			bullet(1, "Căn cứ vào các văn bản chỉ đạo của Trung ương, của tỉnh về công tác trẻ em và bình đẳng giới và tình hình thực tế tại cơ quan, đơn vị triển khai thực hiện tốt các nội dung thuộc lĩnh vực của Sở đã được UBND giao:"),
			bullet(2, "Tuyên truyền, hướng dẫn trẻ em biết các kiến thức, kỹ năng an toàn khi tham gia giao thông đường bộ, nhất là an toàn giao thông trong sử dụng xe đạp, xe đạp điện và xe máy điện. Xây dựng mô hình đưa đón học sinh bằng xe công cộng để đảm bảo an toàn và quản lý trẻ tốt hơn."),
			bullet(2, "Tổ chức, phối hợp tổ chức hoạt động ngoại khóa, hội thi, tập huấn cho trẻ em nhằm nâng cao kiến thức, kỹ năng an toàn khi tham gia giao thông đường bộ; phối hợp huy động các nguồn lực để hỗ trợ mũ bảo hiểm cho trẻ em con các gia đình nghèo, cận nghèo tại một số xã khó khăn."),
			bullet(2, "Rà soát, phát hiện và có biện pháp xử lý những bất cập trong hệ thống giao thông đường bộ nhất là những đoạn đường gần trường học để đảm bảo an toàn, tránh ùn tắc, tai nạn giao thông cho trẻ đến trường vào giờ tan học. Kiểm tra, thanh tra việc thực hiện các quy định an toàn giao thông cho trẻ em; điều kiện an toàn các phương tiện đưa đón trẻ em."),
			bullet(2, "Rà soát, bổ sung các biển cấm, biển báo, biển chỉ dẫn... tại các khu vực có nguy cơ đuối nước cho trẻ em. Hướng dẫn cho các chủ cảng, bến, chủ phương tiện về việc chấp hành các quy định về đảm bảo an toàn cho trẻ em khi tham gia giao thông đường thủy. Vận động trẻ em đi tàu, thuyền (đò) mặc áo phao hoặc cặp phao cứu sinh."),
			heading(2, "2", "Công tác truyền thông, giáo dục về pháp luật, chính sách, kiến thức bảo vệ, chăm sóc, giáo dục trẻ em và bình đẳng giới"),
			heading(3, "2.1", "Nội dung tập trung"),
			heading(4, "a)", "Lĩnh vực trẻ em:"),
			bullet(1, "Tuyên truyền, phổ biến, thực hiện có hiệu quả văn bản của Trung ương về trẻ em: Luật trẻ em (2016); Nghị định 56/2017/NĐ-CP ngày 09/05/2017 của Chính Phủ hướng dẫn thực hiện một số điều của Luật trẻ em; Nghị định số 130/2021/NĐ-CP ngày 30/12/2021 của Chính phủ; Nghị quyết số 121/2020/QH14 ngày 19/6/2020; Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị; Chỉ thị số 31/CT-TTg ngày 21/12/2023; Quyết định số 1591/QĐ-TTg ngày 08/12/2023 của Thủ tướng Chính phủ."),
			bullet(1, "Phối hợp tuyên truyền, phổ biến về chăm sóc, bảo vệ trẻ em: phòng ngừa xâm hại, bạo lực trẻ em; phòng chống bạo lực gia đình, bạo lực học đường; bảo vệ trẻ em trên môi trường mạng; phòng, chống tai nạn, thương tích trẻ em."),
			bullet(1, "Quảng bá Tổng đài quốc gia bảo vệ trẻ em (111), đường dây tư vấn miễn phí của Tỉnh (18001769)."),
			bullet(1, "Những sáng kiến hay, cá nhân, tập thể tiêu biểu đóng góp tích cực cho công tác bảo vệ, chăm sóc, giáo dục trẻ em; kết quả xử lý các vụ việc điển hình về xâm hại trẻ em."),
			heading(4, "b)", "Lĩnh vực bình đẳng giới:"),
			bullet(1, "Tiếp tục tuyên truyền, phổ biến, thực hiện có hiệu quả văn bản của Trung ương về gia đình, bình đẳng giới: Luật bình đẳng giới; Luật phòng chống bạo lực gia đình; Nghị định số 125/2021/NĐ-CP ngày 28/12/2021 Quy định xử phạt vi phạm hành chính trong lĩnh vực bình đẳng giới."),
			bullet(1, "Tuyên truyền những điển hình tốt, người có uy tín, ảnh hưởng tích cực tại cộng đồng trong thực hiện bình đẳng giới; phản bác những thông tin sai lệch về bình đẳng giới."),
			{Kind: Paragraph, Text: "(Có Phụ lục 01 Các văn bản chỉ đạo của tỉnh về công tác trẻ em, bình đẳng giới gửi kèm theo)."},
			bullet(1, "Mở rộng và đẩy mạnh công tác tuyên truyền, giáo dục về bình đẳng giới trong gia đình, cộng đồng và thúc đẩy sự tham gia của trẻ em. Xây dựng và triển khai áp dụng Bộ chỉ số về giới trong công tác truyền thông."),
			heading(3, "2.2", "Đối tượng và hình thức tuyên truyền"),
			bullet(1, "Đối với công chức, viên chức, lao động thuộc Sở truyền thông qua hội nghị, hội thảo, tập huấn, giao ban định kỳ; tuyên truyền trên Cổng thông tin điện tử thành phần của Sở."),
			bullet(1, "Xây dựng, phát hành, sử dụng hiệu quả các sản phẩm truyền thông, đa dạng hóa các hoạt động truyền thông, nâng cao nhận thức, chuyển đổi hành vi về trẻ em, bình đẳng giới trong cộng đồng."),
			bullet(1, "Khuyến khích các cơ quan, đơn vị tổ chức các hoạt động nói chuyện chuyên đề, giao lưu văn hóa văn nghệ lồng ghép trong các hoạt động ngày quốc tế phụ nữ (8/3), ngày Quốc tế hạnh phúc (20/3), ngày Gia đình Việt Nam (28/6), ngày Phụ nữ Việt Nam (20/10)."),
			heading(2, "3", "Bồi dưỡng, nâng cao kỹ năng cho cán bộ làm công tác trẻ em, bình đẳng giới ở cơ quan, đơn vị"),
			bullet(1, "Nâng cao hiệu quả hoạt động của Ban Vì sự tiến bộ của phụ nữ và Bảo vệ, chăm sóc trẻ em ở cơ quan, đơn vị; phân công cán bộ phụ trách, theo dõi công tác bảo vệ chăm sóc trẻ em và bình đẳng giới."),
			bullet(1, "Đánh giá giữa kỳ (giai đoạn 2021 - 2025) việc thực hiện các mục tiêu về trẻ em, bình đẳng giới, đánh giá thực hiện các kế hoạch phối hợp."),
			bullet(1, "Khuyến khích việc tổ chức các hoạt động nghiên cứu, tham quan học hỏi rút kinh nghiệm triển khai và nhân rộng mô hình trợ giúp trẻ em có hiệu quả."),
			bullet(1, "Tuyên truyền, bồi dưỡng kiến thức, kỹ năng cho cha mẹ, người nuôi dưỡng trẻ về phòng, chống xâm hại trẻ em, phòng chống TNTT, chăm sóc trẻ em đầu đời."),
			heading(2, "4", "Tổ chức tốt các hoạt động vì trẻ em, bình đẳng giới"),
			heading(3, "4.1", "Lĩnh vực trẻ em"),
			bullet(1, "Tích cực tuyên truyền và bảo vệ, chăm sóc trẻ em; ban hành các văn bản chỉ đạo triển khai các hoạt động bảo vệ, chăm sóc trẻ em trong Tháng hành động vì trẻ em; tổ chức tặng quà cho trẻ em là con công chức, viên chức, người lao động trong toàn ngành nhân ngày quốc tế thiếu nhi 01/06, tết Trung thu."),
			bullet(1, "Vận động cơ quan, đơn vị, tổ chức, cá nhân Ngành giao thông vận tải huy động kinh phí từ nguồn kinh phí hợp pháp của cơ quan, đơn vị ủng hộ Quỹ bảo trợ trẻ em."),
			bullet(1, "Thực hiện có hiệu quả công tác phòng chống đuối nước: triển khai sớm các hoạt động phòng chống đuối nước ngay trong đầu quý 2/2024."),
			bullet(1, "Tiếp tục thực hiện công tác quy hoạch, thẩm định thiết kế, bản vẽ thi công các công trình giao thông theo chức năng, nhiệm vụ được giao, gắn với tiêu chí \"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh\"."),
			heading(3, "4.2", "Lĩnh vực bình đẳng giới"),
			bullet(1, "Xây dựng kế hoạch hưởng ứng, tuyên truyền phù hợp nhân ngày Quốc tế phụ nữ (ngày 08 tháng 3 hàng năm), Ngày Quốc tế hạnh phúc (ngày 20 tháng 3 hàng năm), Ngày Gia đình Việt Nam (ngày 28 tháng 6 hàng năm); Tháng hành động vì bình đẳng giới (từ ngày 15 tháng 11 đến ngày 15 tháng 12 hàng năm)."),
			bullet(1, "Vận động tham gia hưởng ứng tích cực, đặc biệt là sự tham gia của nam giới trong việc xóa bỏ bất bình đẳng giới, chấm dứt bạo lực đối với phụ nữ và trẻ em gái."),
			heading(1, "III", "TỔ CHỨC THỰC HIỆN"),
			{Kind: Paragraph, Text: "Các phòng, đơn vị thuộc Sở thực hiện các nhiệm vụ theo bảng phân công sau:"},
			{Kind: TableBlock, Table: &Table{
				Header: []string{"TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Số lượng"},
				Rows: [][]string{
					{"1", "Kiểm tra điều kiện an toàn phương tiện đưa đón học sinh", "Thanh tra Sở", "Quý II/2024", "40"},
					{"2", "Rà soát, bổ sung biển báo khu vực có nguy cơ đuối nước", "Cảng vụ đường thủy nội địa", "trước 15/4/2024", "25"},
					{"3", "Mô hình đưa đón học sinh bằng xe công cộng", "Phòng Quản lý vận tải", "hằng năm", "1"},
					{"4", "Tặng mũ bảo hiểm cho trẻ em", "Công đoàn Sở", "01/06/2024", "1.200"},
					{"", "Tổng cộng", "", "", "1.266"},
				},
				Widths: []int{6, 44, 22, 16, 12},
				Align:  []string{"center", "", "", "center", ""},
				Bold:   []bool{false, false, false, false, true},
			}},
			{Kind: Paragraph, Text: "Trên đây là Kế hoạch triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024 của Sở Giao thông Vận tải Quảng Ninh./."},
		},
		Recipients:  []string{"Sở Lao động - TB&XH (b/c)", "Lãnh đạo Sở", "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP"},
		SignerTitle: []string{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
		SignerName:  "Nguyễn Văn An",
	}
}

// TestSampleFile writes the sample plan to $TEBDG_DOCX_OUT when that is set,
// for a person to open it in Word or LibreOffice; otherwise it is skipped.
func TestSampleFile(t *testing.T) {
	out := os.Getenv("TEBDG_DOCX_OUT")
	if out == "" {
		t.Skip("TEBDG_DOCX_OUT not set")
	}
	d := sampleDoc()
	if os.Getenv("TEBDG_DOCX_LANG") == "en" {
		d.Language = "en"
	}
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkWriteSample(b *testing.B) {
	d := sampleDoc()
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := Write(&out, d); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out.Len()))
}
