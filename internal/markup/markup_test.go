package markup

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/errs"
)

type htmlCase struct{ name, in, want string }

func runHTML(t *testing.T, cases []htmlCase) {
	t.Helper()
	for _, c := range cases {
		got := string(HTML(c.in))
		if got != c.want {
			t.Errorf("%s: HTML(%q)\n got: %q\nwant: %q", c.name, c.in, got, c.want)
		}
		if err := checkOutput(got); err != nil {
			t.Errorf("%s: %v in %q", c.name, err, got)
		}
	}
}

func TestBlocks(t *testing.T) {
	runHTML(t, []htmlCase{
		{"empty", "", ""},
		{"blank only", " \n\t\n", ""},
		{"paragraphs", "Một\nhai\n\n\nba", "<p>Một<br>\nhai</p>\n<p>ba</p>\n"},
		{"crlf and indent", "  Một\r\n\thai\r\rba ", "<p>Một<br>\nhai</p>\n<p>ba</p>\n"},
		{"h1 and h2 are h2", "# A\n## B", "<h2>A</h2>\n<h2>B</h2>\n"},
		{"h3 h4 and deeper", "### C\n#### D\n###### E", "<h3>C</h3>\n<h4>D</h4>\n<h4>E</h4>\n"},
		{"closing hashes", "## Mục 1 ##\n## C#", "<h2>Mục 1</h2>\n<h2>C#</h2>\n"},
		{"not headings", "#hashtag\n####### bảy", "<p>#hashtag<br>\n####### bảy</p>\n"},
		{"empty heading dropped", "##\nx", "<p>x</p>\n"},
		{"heading ends paragraph", "a\n## B\nc", "<p>a</p>\n<h2>B</h2>\n<p>c</p>\n"},
		{"rules", "a\n---\n* * *\n___", "<p>a</p>\n<hr>\n<hr>\n<hr>\n"},
		{"bullets", "- a\n* b\n+ c", "<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>\n"},
		{"ordered", "1. a\n2) b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n"},
		{"ordered start", "3. c\n4. d", "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n"},
		{"blank between items", "- a\n\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"paragraph in item", "- a\n\n  đoạn\n- b", "<ul>\n<li>a<br>\n<br>\nđoạn</li>\n<li>b</li>\n</ul>\n"},
		{"paragraph after list", "- a\n\nđoạn", "<ul>\n<li>a</li>\n</ul>\n<p>đoạn</p>\n"},
		{"list types split", "- a\n1. b", "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>\n"},
		{"continuation", "- a\n  tiếp\n- b", "<ul>\n<li>a<br>\ntiếp</li>\n<li>b</li>\n</ul>\n"},
		{"nested", "- a\n  - a1\n  - a2\n- b",
			"<ul>\n<li>a\n<ul>\n<li>a1</li>\n<li>a2</li>\n</ul>\n</li>\n<li>b</li>\n</ul>\n"},
		{"nested ordered", "1. a\n   - x\n2. b",
			"<ol>\n<li>a\n<ul>\n<li>x</li>\n</ul>\n</li>\n<li>b</li>\n</ol>\n"},
		{"third level joins second", "- a\n  - b\n    - c",
			"<ul>\n<li>a\n<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n</ul>\n"},
		{"list after paragraph", "Nội dung:\n- một\n- hai", "<p>Nội dung:</p>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>\n"},
		{"only 1. interrupts", "năm\n2024. số", "<p>năm<br>\n2024. số</p>\n"},
		{"letter items are text", "a) một;\nb) hai.", "<p>a) một;<br>\nb) hai.</p>\n"},
		{"not markers", "-x\n1.000 người\n*y*", "<p>-x<br>\n1.000 người<br>\n<em>y</em></p>\n"},
		{"quote", "> a\n> b\n>\n> - c", "<blockquote>\n<p>a<br>\nb</p>\n<ul>\n<li>c</li>\n</ul>\n</blockquote>\n"},
		{"nested quote", "> > a", "<blockquote>\n<blockquote>\n<p>a</p>\n</blockquote>\n</blockquote>\n"},
		{"quote depth limit", ">>>>>> a",
			"<blockquote>\n<blockquote>\n<blockquote>\n<blockquote>\n<p>&gt;&gt; a</p>\n</blockquote>\n</blockquote>\n</blockquote>\n</blockquote>\n"},
		{"fence", "```go\nif a < b && c {\n\n  **x**\n}\n```\nsau",
			"<pre><code>if a &lt; b &amp;&amp; c {\n\n  **x**\n}</code></pre>\n<p>sau</p>\n"},
		{"unclosed fence", "~~~\n<script>", "<pre><code>&lt;script&gt;</code></pre>\n"},
		{"longer fence", "````\n```\n````", "<pre><code>```</code></pre>\n"},
		{"table", "| Nội dung | Thời gian |\n|---|:---:|\n| **Tuyên truyền** | Quý I |\n| Kiểm tra | Quý II \\| III | thừa |\n| Tổng kết |",
			"<table>\n<thead>\n<tr><th>Nội dung</th><th>Thời gian</th></tr>\n</thead>\n<tbody>\n" +
				"<tr><td><strong>Tuyên truyền</strong></td><td>Quý I</td></tr>\n" +
				"<tr><td>Kiểm tra</td><td>Quý II | III</td></tr>\n" +
				"<tr><td>Tổng kết</td><td></td></tr>\n</tbody>\n</table>\n"},
		{"table head only", "| a |\n|-|", "<table>\n<thead>\n<tr><th>a</th></tr>\n</thead>\n</table>\n"},
		{"pipe without separator", "| a |\n| b |", "<p>| a |<br>\n| b |</p>\n"},
		{"raw html is text", "<div class=\"x\">&amp; &copy;</div>",
			"<p>&lt;div class=&#34;x&#34;&gt;&amp;amp; &amp;copy;&lt;/div&gt;</p>\n"},
	})
}

func TestInline(t *testing.T) {
	p := func(s string) string { return "<p>" + s + "</p>\n" }
	runHTML(t, []htmlCase{
		{"strong em", "**đậm** *nghiêng* _nghiêng_ __đậm__", p("<strong>đậm</strong> <em>nghiêng</em> <em>nghiêng</em> <strong>đậm</strong>")},
		{"nesting", "**a *b* c** ***d***", p("<strong>a <em>b</em> c</strong> <strong><em>d</em></strong>")},
		{"intraword underscore", "file_name và tên_tệp_mới, snake_case_", p("file_name và tên_tệp_mới, snake_case_")},
		{"intraword star", "in*đậm*giữa", p("in<em>đậm</em>giữa")},
		{"spaces do not open", "5 * 3 * 2 và ** x **", p("5 * 3 * 2 và ** x **")},
		{"unclosed", "**a *b _c", p("**a *b _c")},
		{"across lines", "*a\nb*", p("<em>a<br>\nb</em>")},
		{"code", "dùng `a<b>` và ``x ` y``", p("dùng <code>a&lt;b&gt;</code> và <code>x ` y</code>")},
		{"code keeps delimiters", "`*a* [b](/c)`", p("<code>*a* [b](/c)</code>")},
		{"unclosed code", "`a ``b", p("`a ``b")},
		{"escapes", `\*a\* \_b\_ \[c](/d) \\ \q`, p(`*a* _b_ [c](/d) \ \q`)},
		{"link", "[Cổng](https://a.gov.vn/tin?x=1&y=2)", p(`<a href="https://a.gov.vn/tin?x=1&amp;y=2" rel="noopener noreferrer">Cổng</a>`)},
		{"relative link", "[tin](/tin/12)", p(`<a href="/tin/12">tin</a>`)},
		{"mailto tel", "[thư](mailto:vp@a.gov.vn) [gọi](tel:+84241234567)",
			p(`<a href="mailto:vp@a.gov.vn">thư</a> <a href="tel:+84241234567">gọi</a>`)},
		{"link text markup", "[**đậm** `mã`](/x)", p(`<a href="/x"><strong>đậm</strong> <code>mã</code></a>`)},
		{"link title dropped", `[a](/x "tiêu đề")`, p(`<a href="/x">a</a>`)},
		{"link angle", "[a](< /x >)", p(`<a href="/x">a</a>`)},
		{"link parens", "[a](/wiki/A_(b))", p(`<a href="/wiki/A_(b)">a</a>`)},
		{"empty link text", "[](https://a.vn)", p(`<a href="https://a.vn" rel="noopener noreferrer">https://a.vn</a>`)},
		{"no nested links", "[a [b](/c)](/d)", p(`<a href="/d">a [b](/c)</a>`)},
		{"not a link", "[a] (/b) [c](d", p("[a] (/b) [c](d")},
		{"refused schemes", "[a](ftp://x) [b](trang.html) [c](#muc)", p("a b c")},
		{"image", "![Ảnh \"lễ\"](/anh/1.jpg)", p(`<img src="/anh/1.jpg" alt="Ảnh &#34;lễ&#34;" loading="lazy">`)},
		{"image empty alt", "![](https://a.vn/1.png)", p(`<img src="https://a.vn/1.png" alt="" loading="lazy">`)},
		{"image alt is plain", "![**a** [b](/c)](/d.png)", p(`<img src="/d.png" alt="a b" loading="lazy">`)},
		{"image in link", "[![a](/1.png)](/2)", p(`<a href="/2"><img src="/1.png" alt="a" loading="lazy"></a>`)},
		{"autolink", "Xem https://a.gov.vn/tin/1.", p(`Xem <a href="https://a.gov.vn/tin/1" rel="noopener noreferrer">https://a.gov.vn/tin/1</a>.`)},
		{"autolink punctuation", "(http://a.vn), https://b.vn/x;: https://vi.wikipedia.org/wiki/A_(b)!",
			p(`(<a href="http://a.vn" rel="noopener noreferrer">http://a.vn</a>), ` +
				`<a href="https://b.vn/x" rel="noopener noreferrer">https://b.vn/x</a>;: ` +
				`<a href="https://vi.wikipedia.org/wiki/A_(b)" rel="noopener noreferrer">https://vi.wikipedia.org/wiki/A_(b)</a>!`)},
		{"autolink is literal", "https://a.vn/*x*/a_b_c", p(`<a href="https://a.vn/*x*/a_b_c" rel="noopener noreferrer">https://a.vn/*x*/a_b_c</a>`)},
		{"autolink in strong", "**https://a.vn**", p(`<strong><a href="https://a.vn" rel="noopener noreferrer">https://a.vn</a></strong>`)},
		{"not autolinks", "xhttps://a.vn http:// https:///x ftp://a.vn", p("xhttps://a.vn http:// https:///x ftp://a.vn")},
		{"entities as typed", "&amp; &lt;b&gt; &#39;", p("&amp;amp; &amp;lt;b&amp;gt; &amp;#39;")},
	})
}

// checkOutput checks what a browser would build from out: only the tags
// and attributes HTML writes, properly nested, every URL attribute safe
// and no bare '>' or '"' in text.
func checkOutput(out string) error {
	tags := map[string]bool{"p": true, "br": true, "h2": true, "h3": true, "h4": true, "hr": true, "pre": true,
		"code": true, "blockquote": true, "ul": true, "ol": true, "li": true, "table": true, "thead": true,
		"tbody": true, "tr": true, "th": true, "td": true, "strong": true, "em": true, "a": true, "img": true}
	void := map[string]bool{"br": true, "hr": true, "img": true}
	attrs := map[string]bool{"href": true, "src": true, "alt": true, "loading": true, "rel": true, "start": true}
	var stack []string
	for rest := out; rest != ""; {
		lt := strings.IndexByte(rest, '<')
		if lt < 0 {
			lt = len(rest)
		}
		if strings.ContainsAny(rest[:lt], `>"`) {
			return fmt.Errorf("unescaped text %q", rest[:lt])
		}
		if lt == len(rest) {
			break
		}
		gt := strings.IndexByte(rest[lt:], '>')
		if gt < 0 {
			return fmt.Errorf("unterminated tag %q", rest[lt:])
		}
		tag := rest[lt+1 : lt+gt]
		rest = rest[lt+gt+1:]
		if name, ok := strings.CutPrefix(tag, "/"); ok {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fmt.Errorf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		name, list, _ := strings.Cut(tag, " ")
		if !tags[name] {
			return fmt.Errorf("unexpected tag <%s>", tag)
		}
		for list != "" {
			attr, after, ok := strings.Cut(list, `="`)
			value, next, ok2 := strings.Cut(after, `"`)
			if !ok || !ok2 || !attrs[attr] {
				return fmt.Errorf("unexpected attribute in <%s>", tag)
			}
			if u := html.UnescapeString(value); (attr == "href" || attr == "src") && !allowedURL(u) {
				return fmt.Errorf("unsafe URL %q", u)
			}
			list = strings.TrimPrefix(next, " ")
		}
		if !void[name] {
			stack = append(stack, name)
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %v", stack)
	}
	return nil
}

func allowedURL(u string) bool {
	l := strings.ToLower(u)
	if strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return false
	}
	for _, p := range []string{"http://", "https://", "mailto:", "tel:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") && !strings.HasPrefix(l, `/\`)
}

// Belt and braces over checkOutput: what a reviewer would grep the output
// for.
var (
	eventAttr = regexp.MustCompile(`(?i)<[^>]*\son\w+\s*=`)
	badURL    = regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript|data):`)
)

func TestXSS(t *testing.T) {
	for _, c := range []struct {
		in, construct string // construct: what Check names, "" when harmless
	}{
		{"<script>alert(1)</script>", "<script> tag"},
		{"<ScRiPt src=//evil.example/x.js></sCrIpT>", "<script> tag"},
		{"< script>alert(1)", "<script> tag"},
		{"<scr\x00ipt>alert(1)</script>", "<script> tag"},
		{"&lt;script&gt;alert(1)", "<script> tag"},
		{"<img src=x onerror=alert(1)>", "onerror event attribute"},
		{"<img src=x o\x00nerror = alert(1)>", "onerror event attribute"},
		{"<a/onmouseover='x'>", "onmouseover event attribute"},
		{"<svg onload=alert(1)>", "<svg> tag"},
		{"<svg/onload=alert(1)>", "<svg> tag"},
		{"<iframe src=https://evil.example>", "<iframe> tag"},
		{"<math><mi xlink:href=x>", "<math> tag"},
		{"<object data=x>", "<object> tag"},
		{"<embed src=x>", "<embed> tag"},
		{"<style>body{}</style>", "<style> tag"},
		{"<link rel=stylesheet href=x>", "<link> tag"},
		{"<meta http-equiv=refresh content=0>", "<meta> tag"},
		{"<form action=x>", "<form> tag"},
		{"<base href=//evil.example/>", "<base> tag"},
		{"<a href=\"javascript:alert(1)\">x</a>", "link using javascript:"},
		{"<a href=' JAVA\tSCRIPT:x'>x</a>", "link using javascript:"},
		{"[x](javascript:alert(1))", "link using javascript:"},
		{"[x]( JaVaScRiPt:alert(1))", "link using javascript:"},
		{"[x](java\tscript:alert(1))", "link using javascript:"},
		{"[x](java&#x09;script:alert(1))", "link using javascript:"},
		{"[x](javascript&colon;alert(1))", "link using javascript:"},
		{"[x](<javascript:alert(1)>)", "link using javascript:"},
		{"[x](vbscript:msgbox(1))", "link using vbscript:"},
		{"![a](data:text/html,<script>alert(1)</script>)", "link using data:"},
		{"![a](DATA:image/svg+xml;base64,PHN2Zz4=)", "link using data:"},
		{`[x](http://a/"onmouseover="alert(1))`, ""},
		{`[x](http://a/"><script>alert(1)</script>)`, "<script> tag"},
		{"[x](//evil.example)", ""},
		{"[x](/\\evil.example)", ""},
		{"![x](//evil.example/a.png)", ""},
		{"**<b>đậm</b>**", ""},
		{"javascript:alert(1) chỉ là chữ", ""},
		{"Em yêu trường em <3, đăng ký online=miễn phí, 2 < 3 > 1", ""},
		{"<b online>x</b> <p title=\"on\">", ""},
	} {
		out := string(HTML(c.in))
		if err := checkOutput(out); err != nil {
			t.Errorf("HTML(%q) = %q: %v", c.in, out, err)
		}
		if strings.Contains(strings.ToLower(out), "<script") || eventAttr.MatchString(out) || badURL.MatchString(out) {
			t.Errorf("HTML(%q) = %q", c.in, out)
		}
		err := Check(c.in)
		if c.construct == "" {
			if err != nil {
				t.Errorf("Check(%q) = %v, want nil", c.in, err)
			}
			continue
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field != "body" {
			t.Errorf("Check(%q) = %v, want a field error on body", c.in, err)
			continue
		}
		if !strings.Contains(e.EN, "("+c.construct+")") {
			t.Errorf("Check(%q) says %q, want it to name %q", c.in, e.EN, c.construct)
		}
	}
}

func TestCheckMessage(t *testing.T) {
	e := errs.As(Check("Bài viết <script>alert(1)</script>"))
	if e.VI != "nội dung có mã HTML hoặc script không an toàn (thẻ <script>): hãy xóa đi" ||
		e.EN != "the body holds unsafe HTML or script (<script> tag): remove it" {
		t.Errorf("messages: %q / %q", e.VI, e.EN)
	}
	e = errs.As(Check("<img src=x onerror=alert(1)>"))
	if !strings.Contains(e.VI, "(thuộc tính sự kiện onerror)") {
		t.Errorf("vi: %q", e.VI)
	}
	if err := Check(benchPost); err != nil {
		t.Errorf("a real post is refused: %v", err)
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"## Mục **1**\n\nĐoạn *một*\ndòng hai.\n\n---\n\n- a\n  - b\n1. c",
			"Mục 1\nĐoạn một\ndòng hai.\na\nb\nc"},
		{"[Cổng](https://a.vn) ![Ảnh lễ](/1.png) [x](javascript:y) https://b.vn", "Cổng Ảnh lễ x https://b.vn"},
		{"`a < b` & <i>c</i> &amp;", "a < b & <i>c</i> &amp;"},
		{"> trích\n\n```\nmã <x>\n```", "trích\nmã <x>"},
		{"| A | B |\n|---|---|\n| 1 | **2** |\n|  | 3 |", "A B\n1 2\n3"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestVietnamese(t *testing.T) {
	// Both forms must come out as typed: the renderer never normalises,
	// so what an editor searches for is what the page shows.
	nfc := "Kế hoạch bảo đảm trật tự, an toàn giao thông cho trẻ em; Điện Biên, Thừa Thiên Huế, Đắk Lắk, Quảng Ngãi."
	for _, s := range []string{nfc, norm.NFD.String(nfc)} {
		if got := Text(s); got != s {
			t.Errorf("Text changed %q to %q", s, got)
		}
		if got := string(HTML(s)); got != "<p>"+s+"</p>\n" {
			t.Errorf("HTML changed %q to %q", s, got)
		}
		if got := string(HTML("## " + s)); !strings.Contains(got, s) {
			t.Errorf("heading lost %q: %q", s, got)
		}
	}
}

func TestSummary(t *testing.T) {
	long := "Kế hoạch thực hiện công tác bảo đảm trật tự, an toàn giao thông cho trẻ em năm 2024"
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{long, 20, "Kế hoạch thực hiện…"},
		{long, 41, "Kế hoạch thực hiện công tác bảo đảm trật…"},
		{long, 46, "Kế hoạch thực hiện công tác bảo đảm trật tự…"},
		{long, 200, long},
		{"## Tiêu đề\n\n**Nội dung** chính", 100, "Tiêu đề Nội dung chính"},
		{"Chuỗidàikhôngcókhoảngtrắng", 5, "Chuỗi…"},
		{"a b", 0, ""},
	} {
		got := Summary(c.in, c.n)
		if got != c.want {
			t.Errorf("Summary(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if utf8.RuneCountInString(strings.TrimSuffix(got, "…")) > max(c.n, 0) {
			t.Errorf("Summary(%q, %d) = %q is too long", c.in, c.n, got)
		}
	}
}

// fuzzSeeds are the blocks of benchPost one by one: whole, it is slow for
// the fuzzer to minimise.
func fuzzSeeds(f *testing.F) {
	for s := range strings.SplitAfterSeq(benchPost, "\n\n") {
		f.Add(s)
	}
}

func FuzzHTML(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range []string{"**a *b*** `c` [d](/e) ![f](https://g) https://h.vn)",
		"<img src=x onerror=alert(1)>", "[x](java\tscript:1)", "> - a\n>   - b\n\n| a |\n|--|\n| b |",
		"```\n<x>", "*_`[!(", "\\[a](/b)", "[a](/b\\)c)", "\xff\x00<\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(HTML(in))
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("script in %q", out)
		}
		if err := checkOutput(out); err != nil {
			t.Fatalf("%v in %q", err, out)
		}
		if again := string(HTML(in)); again != out {
			t.Fatalf("not deterministic: %q, then %q", out, again)
		}
	})
}

func FuzzText(f *testing.F) {
	fuzzSeeds(f)
	f.Add("**a** [b](c) \xff")
	f.Fuzz(func(t *testing.T, in string) {
		if s := Text(in); !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
		if s := Summary(in, 30); !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
		_ = Check(in)
	})
}

func BenchmarkHTML(b *testing.B) {
	b.SetBytes(int64(len(benchPost)))
	for b.Loop() {
		HTML(benchPost)
	}
}

// benchPost is a post as agencies write them, about 5 KB.
const benchPost = `# Kế hoạch thực hiện công tác bảo đảm trật tự, an toàn giao thông cho trẻ em năm 2024

Thực hiện Chỉ thị số 23-CT/TW của Ban Bí thư và Kế hoạch số 45/KH-UBND của Ủy ban nhân dân tỉnh, **Sở Lao động – Thương binh và Xã hội** ban hành kế hoạch thực hiện công tác bảo đảm trật tự, an toàn giao thông cho trẻ em năm 2024 như sau:

## I. Mục đích, yêu cầu

1. Nâng cao nhận thức, trách nhiệm của các cấp, các ngành, gia đình và cộng đồng trong việc bảo đảm an toàn giao thông cho trẻ em.
2. Giảm số vụ tai nạn giao thông liên quan đến trẻ em ít nhất *5%* so với năm 2023.
3. Phối hợp chặt chẽ giữa nhà trường, gia đình và xã hội; gắn với phong trào thi đua "Trường học an toàn".

## II. Nội dung thực hiện

### 1. Tuyên truyền, phổ biến pháp luật

Tổ chức tuyên truyền trên Cổng thông tin điện tử, trang mạng xã hội của đơn vị và hệ thống loa truyền thanh cơ sở. Nội dung tập trung vào:

- Đội mũ bảo hiểm đạt chuẩn khi ngồi trên xe mô tô, xe gắn máy, xe đạp điện;
- Sử dụng ghế ngồi an toàn cho trẻ em trên ô tô;
- Kỹ năng đi bộ, qua đường an toàn;
  - đi trên vỉa hè, lề đường bên phải;
  - quan sát kỹ trước khi qua đường ở nơi có vạch kẻ đường.
- Phòng, chống đuối nước và tai nạn thương tích trong dịp nghỉ hè.

a) Đối với cấp huyện: xây dựng kế hoạch cụ thể, bố trí kinh phí;
b) Đối với cấp xã: tổ chức các buổi sinh hoạt cộng đồng, lồng ghép với các hoạt động của Đoàn Thanh niên, Hội Liên hiệp Phụ nữ.

### 2. Kiểm tra, giám sát

Phối hợp với Công an tỉnh, Sở Giáo dục và Đào tạo kiểm tra việc chấp hành quy định về an toàn giao thông tại các cổng trường học, đặc biệt vào giờ tan học. Tài liệu hướng dẫn xem tại [trang văn bản](/van-ban/ke-hoach-45-kh-ubnd) hoặc https://attgt.gov.vn/huong-dan.

| STT | Nội dung | Đơn vị chủ trì | Thời gian |
|---:|---|---|---|
| 1 | Tuyên truyền trên phương tiện thông tin đại chúng | Phòng Trẻ em | Quý I – Quý IV |
| 2 | Tập huấn kỹ năng cho giáo viên, cha mẹ học sinh | Trung tâm Công tác xã hội | Tháng 5 |
| 3 | Kiểm tra cổng trường vào đầu năm học mới | Thanh tra Sở | Tháng 9 |
| 4 | Sơ kết, tổng kết, khen thưởng | Văn phòng Sở | Tháng 12 |

> Mỗi trẻ em được bảo vệ an toàn khi tham gia giao thông là trách nhiệm của cả cộng đồng.

## III. Tổ chức thực hiện

Giao **Phòng Trẻ em** là đầu mối theo dõi, tổng hợp kết quả, báo cáo Giám đốc Sở trước ngày 15/12/2024. Các đơn vị thuộc Sở căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện; trong quá trình thực hiện nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở (qua Phòng Trẻ em, điện thoại [0234 3822 123](tel:02343822123), thư điện tử [treem@sldtbxh.gov.vn](mailto:treem@sldtbxh.gov.vn)) để được hướng dẫn.

Kinh phí thực hiện từ nguồn ngân sách nhà nước bố trí trong dự toán năm 2024 của các cơ quan, đơn vị và các nguồn huy động hợp pháp khác theo quy định. Các huyện, thị xã, thành phố chủ động bố trí kinh phí địa phương để triển khai các hoạt động tại cơ sở, bảo đảm thiết thực, hiệu quả, tránh hình thức, lãng phí.

![Học sinh tiểu học thực hành qua đường an toàn](/uploads/2024/03/qua-duong.jpg)

---

Nơi nhận: UBND tỉnh (b/c); các phòng, đơn vị thuộc Sở; UBND các huyện, thị xã, thành phố; lưu VT, TE.
`
