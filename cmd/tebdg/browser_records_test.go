package main

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// The records in the browser: the focal officer logs a communication
// session with its participants and a photo and finds it counted on the
// quarter's report form; the infrastructure division takes a hazard near a
// school through its states; the office builds a Trung thu gift round and
// downloads its list.
func TestBrowserActivityHazardAndGiftRound(t *testing.T) {
	storetest.RunParallel(t, testBrowserActivityHazardAndGiftRound)
}

func testBrowserActivityHazardAndGiftRound(t *testing.T, engine store.Dialect) {
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute)
	defer cancel()
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	now := time.Now().In(vntext.Location)
	q := period.Containing(period.Quarterly, period.Decree09, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	report := base + "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	sessions := func() int {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Value(css(`input[name="v|TT-BUOI|"]`)))
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(strings.ReplaceAll(v, ".", ""))
		if err != nil {
			t.Fatalf("sessions cell %q", v)
		}
		return n
	}
	if err := chromedp.Do(ctx, signIn(base, "manager"), chromedp.Navigate(report), chromedp.WaitVisible(css(`form.entry`))); err != nil {
		t.Fatal(err)
	}
	before := sessions()
	if s := text(ctx, t, `tr[data-row="TT-BUOI"]`); !strings.Contains(s, "từ hồ sơ") {
		t.Errorf("the sessions row does not say it comes from records: %q", s)
	}

	photo := filepath.Join(t.TempDir(), "buoi-tuyen-truyen.png")
	if err := os.WriteFile(photo, tinyPNG(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/activities/new"),
		chromedp.WaitVisible(css(`#f-title`)),
		chromedp.SetValue(css(`#f-org`), "QN-SGTVT-VP"),
		chromedp.SetValue(css(`#f-type`), "communication"),
		chromedp.SendKeys(css(`#f-title`), "Tuyên truyền đội mũ bảo hiểm cho học sinh Trường THCS Lê Văn Tám"),
		chromedp.SetValue(css(`#f-start`), vntext.FormatDate(now)),
		chromedp.SendKeys(css(`#f-place`), "Trường THCS Lê Văn Tám, TP Hạ Long"),
		chromedp.Click(css(`input[name=channels][value=meeting]`)),
		chromedp.Click(css(`input[name=targets][value=children]`)),
		chromedp.SendKeys(css(`#f-male_under16`), "120"),
		chromedp.SendKeys(css(`#f-female_under16`), "115"),
		chromedp.SendKeys(css(`#f-total`), "240"),
		chromedp.SetUploadFiles(css(`#f-files`), []string{photo}),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.error-summary`)),
	); err != nil {
		t.Fatal(err)
	}
	// The counts by sex do not add up to the total: said, nothing saved.
	if s := text(ctx, t, ".error-summary"); !strings.Contains(s, "cộng lại là 235, khác tổng số 240") {
		t.Errorf("participants that do not add up: %q", s)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(css(`#f-total`), "235"),
		chromedp.SetUploadFiles(css(`#f-files`), []string{photo}),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`#files img.thumb`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "dl.facts"); !strings.Contains(s, "235") || !strings.Contains(s, "Tuyên truyền, truyền thông") {
		t.Errorf("activity facts: %q", s)
	}
	sh.take(ctx, "41-activity")
	if err := chromedp.Do(ctx, chromedp.Navigate(report), chromedp.WaitVisible(css(`form.entry`))); err != nil {
		t.Fatal(err)
	}
	if after := sessions(); after != before+1 {
		t.Errorf("sessions on the report form: %d, then %d after logging one", before, after)
	}
	sh.take(ctx, "42-report-computed")

	// A hazard near a school, through its states.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/registries/hazards/new"),
		chromedp.WaitVisible(css(`#f_school`)),
		chromedp.SetValue(css(`#f-org`), "QN-SGTVT-KCHT"),
		chromedp.SendKeys(css(`#f_school`), "Trường Tiểu học Trần Quốc Toản"),
		chromedp.SendKeys(css(`#f_road`), "Đường Lê Thánh Tông"),
		chromedp.SendKeys(css(`#f_point`), "20°57′06″B 107°05′03″Đ"),
		chromedp.Click(css(`input[name=f_hazard_types][value=no_crossing]`)),
		chromedp.SetValue(css(`#f_reported_on`), vntext.FormatDate(now)),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`#workflow`)),
	); err != nil {
		t.Fatalf("%v: %s", err, text(context.WithoutCancel(ctx), t, "main"))
	}
	for _, step := range []struct{ to, want string }{{"planned", "Đã có phương án"}, {"fixed", "Đã khắc phục"}, {"verified", "Đã kiểm tra, xác nhận"}} {
		if err := chromedp.Do(ctx, chromedp.Click(css(`#workflow button[value=`+step.to+`]`)), chromedp.WaitVisible(css(`.page-head .s-`+step.to))); err != nil {
			t.Fatalf("move to %s: %v", step.to, err)
		}
		if s := text(ctx, t, ".page-head"); !strings.Contains(s, step.want) {
			t.Errorf("after %s: %q", step.to, s)
		}
	}
	if s := text(ctx, t, "dl.facts"); !strings.Contains(s, "20.951667, 107.084167") {
		t.Errorf("coordinates as stored: %q", s)
	}
	sh.take(ctx, "43-hazard")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/registries/hazards"), chromedp.WaitVisible(css(`main table.data`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "44-hazards")

	// A Trung thu round for the department; its list downloaded.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/gifts"),
		chromedp.WaitVisible(css(`#f-name`)),
		chromedp.SetValue(css(`#f-org`), "QN-SGTVT"),
		chromedp.SendKeys(css(`#f-name`), "Quà Tết Trung thu "+strconv.Itoa(now.Year()+1)),
		chromedp.SetValue(css(`#f-spec`), "15/8 âm lịch"),
		chromedp.SetValue(css(`#f-year`), strconv.Itoa(now.Year()+1)),
		chromedp.SendKeys(css(`#f-gift_value`), "150.000"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		// The rounds list has a table too: wait for the round's own page.
		chromedp.WaitVisible(css(`main .crumbs + .page-head .status`)),
		chromedp.WaitVisible(css(`main table.data`)),
	); err != nil {
		t.Fatal(err)
	}
	round := text(ctx, t, "main")
	if !strings.Contains(round, "Trần Minh Khang") || !strings.Contains(round, "từ đủ 16 tuổi") {
		t.Errorf("the round lists no eligible and ineligible children")
	}
	// The round's page came with a flash of its own: take it away so the
	// wait below sees the next page's.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelectorAll(".flash").forEach(e => e.remove()); return true })()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(css(`main table.data form button`)), chromedp.WaitVisible(css(`.flash`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "45-gift-round")
	dir := t.TempDir()
	// The download goes to this tab's browser context; it has 30 s.
	dctx, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	progress := chromedp.Events(dctx, cdpbrowser.DownloadProgress)
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			on := true
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &on,
				BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
			return err
		}),
		chromedp.Click(css(`a[href$="export.xlsx"]`)),
	); err != nil {
		t.Fatal(err)
	}
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the download did not complete: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("downloaded list: %v", err)
	}
	defer func() { _ = zr.Close() }()
	var sheetXML, shared string
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" || f.Name == "xl/sharedStrings.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			_ = rc.Close()
			if f.Name == "xl/sharedStrings.xml" {
				shared = string(b)
			} else {
				sheetXML = string(b)
			}
		}
	}
	all := shared + sheetXML
	if !strings.Contains(all, "Trần Minh Khang") || !strings.Contains(all, "Ký nhận") {
		t.Errorf("the list lacks the eligible child or the signature column")
	}
	// Only what the round needs: eligible children, no date of birth, no
	// family circumstances.
	if regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).MatchString(all) || strings.Contains(all, "Mồ côi") || strings.Contains(all, "Vũ Hoàng Linh") {
		t.Errorf("the list holds more than the round needs")
	}
}
