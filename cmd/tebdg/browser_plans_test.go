package main

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// The plan's whole life in the browser: a focal officer imports the sample,
// assigns a task and submits; the deputy director approves; the
// inspectorate reports progress with a photo; the DOCX is downloaded.
func TestBrowserPlanImportAssignProgressDownload(t *testing.T) {
	storetest.RunParallel(t, testBrowserPlanImportAssignProgressDownload)
}

func testBrowserPlanImportAssignProgressDownload(t *testing.T, engine store.Dialect) {
	ctx := browser(t)
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	st := m.Store()

	if err := chromedp.Do(ctx, signIn(base, "manager"),
		chromedp.Navigate(base+"/app/plans/import"),
		chromedp.WaitVisible(css(`#f-text`)),
		chromedp.SetValue(css(`#f-year`), "2025"),
		chromedp.SetValue(css(`#f-text`), demo.Sample),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.outline`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "130/2021/NĐ-CP") || !strings.Contains(s, "MỤC TIÊU, YÊU CẦU") {
		t.Errorf("preview lacks the tree or the references")
	}
	sh.take(ctx, "11-plan-preview")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(css(`#f-number`), "20/KH-SGTVT"),
		chromedp.Click(css(`form.form.wide button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
	); err != nil {
		t.Fatal(err)
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	id, err := strconv.ParseInt(strings.TrimPrefix(url, base+"/app/plans/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving the browser is at %s", url)
	}
	sh.take(ctx, "12-plan")

	// Assign the inspection task to the inspectorate.
	tree, err := st.PlanTree(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var task *domain.PlanItem
	domain.Walk(tree.Items, func(it *domain.PlanItem, _ int) {
		if task == nil && strings.Contains(it.Text, "Kiểm tra, thanh tra") {
			task = it
		}
	})
	itemURL := base + "/app/plans/" + strconv.FormatInt(id, 10) + "/items/" + strconv.FormatInt(task.ID, 10)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(itemURL),
		chromedp.WaitVisible(css(`#f-lead`)),
		chromedp.SetValue(css(`#f-lead`), "QN-SGTVT-TTS"),
		chromedp.SetValue(css(`#f-deadline_text`), "Trước năm học mới"),
		chromedp.SetValue(css(`#f-deadline_end`), "31/08/2025"),
		chromedp.Click(css(`#assign button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "dl.facts"); !strings.Contains(s, "Thanh tra Sở") || !strings.Contains(s, "Trước năm học mới") {
		t.Errorf("item facts after assigning: %q", s)
	}
	// Submit, then the deputy director approves.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/plans/"+strconv.FormatInt(id, 10)),
		chromedp.Click(css(`button[value=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
		signOut(), signIn(base, "leader"),
		chromedp.Navigate(base+"/app/plans/"+strconv.FormatInt(id, 10)),
		chromedp.Click(css(`button[value=approve]`)),
		chromedp.WaitVisible(css(`.flash`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".page-head"); !strings.Contains(s, "Đã phê duyệt") {
		t.Errorf("after approval: %q", s)
	}
	// The inspectorate reports progress with a photo.
	photo := filepath.Join(t.TempDir(), "kiem-tra-xe.png")
	if err := os.WriteFile(photo, tinyPNG(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, signOut(), signIn(base, "reporter"),
		chromedp.Navigate(itemURL),
		chromedp.WaitVisible(css(`#f-files`)),
		chromedp.SetValue(css(`#f-status`), "in_progress"),
		chromedp.SetValue(css(`#f-progress`), "60"),
		chromedp.SendKeys(css(`#f-pcomment`), "Đã kiểm tra 30 xe đưa đón học sinh tại Hạ Long"),
		chromedp.SetUploadFiles(css(`#f-files`), []string{photo}),
		chromedp.Click(css(`#progress button[type=submit]`)),
		chromedp.WaitVisible(css(`img.thumb`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".timeline-list"); !strings.Contains(s, "Đã kiểm tra 30 xe") || !strings.Contains(s, "60%") {
		t.Errorf("updates: %q", s)
	}
	sh.take(ctx, "13-plan-item")

	// Download the official DOCX.
	dir := t.TempDir()
	// The download goes to this tab's browser context; it has 30 s.
	dctx, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	progress := chromedp.Events(dctx, cdpbrowser.DownloadProgress)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/plans/"+strconv.FormatInt(id, 10)),
		chromedp.WaitVisible(css(`a[href$="format=docx"]`)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			on := true
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &on,
				BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
			return err
		}),
		chromedp.Click(css(`a[href$="format=docx"]`)),
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
		t.Fatalf("downloaded DOCX: %v", err)
	}
	defer func() { _ = zr.Close() }()
	found := false
	for _, f := range zr.File {
		found = found || f.Name == "word/document.xml"
	}
	if !found {
		t.Error("the downloaded file has no word/document.xml")
	}
	for _, p := range []string{"board", "timeline", "progress"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/plans/1/"+p), chromedp.WaitVisible(css(`main h1`))); err != nil {
			t.Fatal(err)
		}
		sh.take(ctx, "14-plan-"+p)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/tasks?due=all"), chromedp.WaitVisible(css(`main h1`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "15-tasks")
}

// tinyPNG is a valid 1×1 PNG.
func tinyPNG() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" +
		"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
}
