package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// The results report in the browser: the focal officer writes the
// assessment with a preview and submits, the deputy director approves (the
// report gets its number), and the signed document, rendered by
// LibreOffice as a reader prints it, has its pages and its number.
func TestBrowserResultsReport(t *testing.T) { storetest.RunParallel(t, testBrowserResultsReport) }

func testBrowserResultsReport(t *testing.T, engine store.Dialect) {
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute) // a step that never comes fails the test, not the run
	defer cancel()
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	page := base + "/app/plans/1/results?period=2024"
	assessment := "Năm 2024, Sở hoàn thành cơ bản các nhiệm vụ của kế hoạch. Nhiệm vụ đánh giá giữa kỳ chuyển sang năm 2025 do chờ hướng dẫn của tỉnh."
	if err := chromedp.Do(ctx, signIn(base, "manager"),
		chromedp.Navigate(page),
		chromedp.WaitVisible(css(`#s-II`)),
	); err != nil {
		t.Fatal(err)
	}
	body := text(ctx, t, "main")
	for _, want := range []string{"Sở Lao động - Thương binh và Xã hội", "Hội thi “Học sinh với an toàn giao thông” cấp tỉnh", "Số mũ bảo hiểm trao cho trẻ em",
		"Đã hoàn thành 21/25 nhiệm vụ"} {
		if !strings.Contains(body, want) {
			t.Errorf("the results page lacks %q", want)
		}
	}
	sh.take(ctx, "61-results-draft")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(css(`#f-text-III`), assessment+"\n\n- **Tồn tại:** kinh phí cho tuyên truyền còn hạn chế."),
		chromedp.Click(css(`#s-III button[value=preview]`)),
		chromedp.WaitVisible(css(`#s-III .preview strong`)),
	); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "62-results-preview")
	// Each step waits for what only its outcome shows, never for a flash
	// the page before may still carry.
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`#s-III button[value=save]`)),
		chromedp.WaitVisible(css(`#s-III .section-edit summary`)),
		chromedp.WaitVisible(css(`.flash`)),
		chromedp.Click(css(`#workflow button[value=submit]`)),
		chromedp.WaitVisible(css(`.page-head .s-submitted`)),
		signOut(), signIn(base, "leader"),
		chromedp.Navigate(page),
		chromedp.WaitVisible(css(`#workflow button[value=approve]`)),
		chromedp.Click(css(`#workflow button[value=approve]`)),
		chromedp.WaitVisible(css(`.page-head .s-approved`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "1/BC-SGTVT") || !strings.Contains(s, "Nguyễn Văn Thắng") {
		t.Errorf("after approval the page lacks the number or the approver")
	}
	sh.take(ctx, "63-results-approved")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/register?org=QN-SGTVT"), chromedp.WaitVisible(css(`table.data`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "1/BC-SGTVT") {
		t.Errorf("the register lacks the report's number")
	}
	sh.take(ctx, "64-register")

	// The documents as a reader prints them.
	tok := apiToken(t, m.Store(), "leader")
	report := render(t, fetch(t, base+"/api/v1/plans/1/results?period=2024&format=docx", tok), engine, "65-results-2024")
	if report.pages < 4 || report.pages > 30 {
		t.Errorf("the 2024 results report has %d pages", report.pages)
	}
	for _, want := range []string{"Số: 1/BC-SGTVT", "Kính gửi: Sở Lao động - Thương binh và Xã hội", "Nơi nhận", "Nguyễn Văn Thắng",
		"PHỤ LỤC", "hoàn thành cơ bản các nhiệm vụ"} {
		if !strings.Contains(report.text, want) {
			t.Errorf("the rendered report lacks %q", want)
		}
	}
	if strings.Contains(report.text, "……") {
		t.Error("the signed report still has dots to fill by hand")
	}
	plan := render(t, fetch(t, base+"/api/v1/plans/1/export?format=docx", tok), engine, "66-plan-2024")
	if plan.pages < 4 || plan.pages > 30 {
		t.Errorf("the 2024 plan has %d pages", plan.pages)
	}
	if !strings.Contains(plan.text, "Số: 15/KH-SGTVT") || !strings.Contains(plan.text, "PHÂN CÔNG THỰC HIỆN") || !strings.Contains(plan.text, "PHỤ LỤC 01") {
		t.Errorf("the rendered plan lacks its number, its assignment table or its Phụ lục 01")
	}
	// The coordinator's documents: a letter on one or two pages with its
	// trích yếu, and the province's summary.
	ctok := apiToken(t, m.Store(), "coordinator")
	letter := render(t, fetch(t, base+"/api/v1/templates/BC-TEBDG-QUY/guidance/2024Q4?format=docx", ctok), engine, "67-letter-2024Q4")
	if letter.pages < 1 || letter.pages > 2 || !strings.Contains(letter.text, "V/v báo cáo kết quả công tác trẻ em") || !strings.Contains(letter.text, "Kính gửi") {
		t.Errorf("the letter renders on %d pages: %.200s", letter.pages, letter.text)
	}
	summary := render(t, fetch(t, base+"/api/v1/summaries/QN/all/2024?format=docx", ctok), engine, "68-summary-2024")
	if summary.pages < 2 || summary.pages > 30 || !strings.Contains(summary.text, "PHỤ LỤC") {
		t.Errorf("the summary renders on %d pages", summary.pages)
	}
}

// apiToken makes an API token for a demo user.
func apiToken(t *testing.T, st *store.Store, username string) string {
	t.Helper()
	u, err := st.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	secret, hash := auth.NewSecret("tebdg_")
	if _, err := st.IssueToken(context.Background(), demo.Actor, u,
		store.TokenInput{Name: "render", Hash: hash, Scope: domain.TokenRead, Life: store.DefaultTokenLife}); err != nil {
		t.Fatal(err)
	}
	return secret
}

func fetch(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", url, r.StatusCode, b)
	}
	return b
}

// soffice finds LibreOffice: TEBDG_SOFFICE, else Debian's. Without it the
// rendering is skipped, except under CI=true, where that is a failure.
func soffice(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TEBDG_SOFFICE"), "/usr/bin/soffice", "/usr/bin/libreoffice"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no LibreOffice: install Debian's libreoffice-writer-nogui or set TEBDG_SOFFICE")
	}
	t.Skip("no LibreOffice found (set TEBDG_SOFFICE)")
	return ""
}

type rendered struct {
	pages int
	text  string
}

// render turns a .docx into PDF with LibreOffice, counts its pages, reads
// its text, and keeps the PDF and its first pages as PNG beside the
// screenshots.
func render(t *testing.T, docx []byte, engine store.Dialect, name string) rendered {
	t.Helper()
	bin := soffice(t)
	dir := t.TempDir()
	src := filepath.Join(dir, name+".docx")
	if err := os.WriteFile(src, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// A profile of its own: two conversions at once (one per engine) must
	// not share LibreOffice's lock.
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, name+".pdf")
	info, err := exec.CommandContext(ctx, "pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	var out rendered
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info); m != nil {
		out.pages, _ = strconv.Atoi(string(m[1]))
	}
	txt, err := exec.CommandContext(ctx, "pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	out.text = string(bytes.Join(bytes.Fields(txt), []byte(" ")))
	if shots := os.Getenv("TEBDG_SCREENSHOTS"); shots != "" {
		keep := filepath.Join(shots, string(engine))
		if err := os.MkdirAll(keep, 0o755); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(pdf)
		_ = os.WriteFile(filepath.Join(keep, name+".pdf"), data, 0o644)
		if b, err := exec.CommandContext(ctx, "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", pdf, filepath.Join(keep, name)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, b)
		}
	}
	return out
}
