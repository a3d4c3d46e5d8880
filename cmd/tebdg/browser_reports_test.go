package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// A quarter's report in the browser: the agency's officer fills the grid
// from the keyboard, meets a message on the cell at fault, attaches the
// minutes and submits; the coordinator accepts; the dashboards show the
// province's figures.
func TestBrowserReportEntryReviewAndDashboards(t *testing.T) {
	storetest.RunParallel(t, testBrowserReportEntryReviewAndDashboards)
}

func testBrowserReportEntryReviewAndDashboards(t *testing.T, engine store.Dialect) {
	ctx := browser(t)
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	now := time.Now().In(vntext.Location)
	q := period.Containing(period.Quarterly, period.Decree09, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	path := base + "/app/reports/BC-TEBDG-QUY/QN-SGTVT/" + q.ID
	cell := func(ind, combo string) css { return css(`input[name="v|` + ind + `|` + combo + `"]`) }

	if err := chromedp.Do(ctx, signIn(base, "manager"),
		chromedp.Navigate(base+"/app/reports"),
		chromedp.WaitVisible(css(`main table.data`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, q.Label("vi")) {
		t.Errorf("the list of reports lacks the current quarter %q", q.Label("vi"))
	}
	sh.take(ctx, "21-reports")

	// Enter moves to the next cell and the row's total follows the typing.
	if err := chromedp.Do(ctx, chromedp.Navigate(path), chromedp.WaitVisible(css(`form.entry`))); err != nil {
		t.Fatal(err)
	}
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("form.entry table.grid input:not([readonly])")).map(i => i.name)`))
	if err != nil {
		t.Fatal(err)
	}
	// Staff trained on gender equality are entered by sex, with a total.
	first := "v|TH-BDG|male"
	at := slices.Index(names, first)
	if at < 0 || at+1 >= len(names) {
		t.Fatalf("cells of the form: %v", names)
	}
	if err := chromedp.Do(ctx,
		chromedp.Clear(cell("TH-BDG", "male")),
		chromedp.SendKeys(cell("TH-BDG", "male"), "1.200"),
		pressEnter(0)); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.name || document.activeElement.tagName`))
	if err != nil {
		t.Fatal(err)
	}
	if focused != names[at+1] {
		t.Errorf("after Enter the focus is on %q, want %q", focused, names[at+1])
	}
	if s := text(ctx, t, `tr[data-row="TH-BDG"] [data-total]`); s == "" || s == "?" {
		t.Errorf("row total while typing: %q", s)
	}
	// A negative count, sent with Ctrl+Enter, comes back on its cell.
	if err := chromedp.Do(ctx,
		chromedp.Clear(cell("TH-BDG", "female")),
		chromedp.SendKeys(cell("TH-BDG", "female"), "-3"),
		pressEnter(chromedp.ModifierCtrl),
		chromedp.WaitVisible(css(`.error-summary`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, `td.has-error`); !strings.Contains(s, "không được là số âm") {
		t.Errorf("message on the cell: %q", s)
	}
	sh.take(ctx, "22-report-errors")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(cell("TH-BDG", "female"), "35"),
		chromedp.Click(css(`form.entry button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
	); err != nil {
		t.Fatal(err)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(cell("TH-BDG", "male"))); err != nil || v != "1.200" {
		t.Errorf("saved cell shows %q (%v)", v, err)
	}

	// The minutes of the session go with the report, then it is submitted.
	photo := filepath.Join(t.TempDir(), "buoi-tuyen-truyen.png")
	if err := os.WriteFile(photo, tinyPNG(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(css(`#files input[type=file]`), []string{photo}),
		chromedp.Click(css(`#files button.button`)),
		chromedp.WaitVisible(css(`#files img.thumb`)),
	); err != nil {
		t.Fatal(err)
	}
	// The submit button asks for confirmation; the test says yes.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true, true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`button[value=submit]`)),
		chromedp.WaitVisible(css(`.page-head .s-submitted`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".page-head"); !strings.Contains(s, "Đã gửi") {
		t.Errorf("after submitting: %q", s)
	}
	sh.take(ctx, "23-report-submitted")

	// The coordinator accepts; the data is locked.
	if err := chromedp.Do(ctx, signOut(), signIn(base, "coordinator"),
		chromedp.Navigate(path),
		chromedp.WaitVisible(css(`button[value=accept]`)),
		chromedp.SendKeys(css(`#f-comment`), "Số liệu đầy đủ, đúng hạn."),
		chromedp.Click(css(`button[value=accept]`)),
		chromedp.WaitVisible(css(`.page-head .s-accepted`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".page-head"); !strings.Contains(s, "Đã tiếp nhận") {
		t.Errorf("after accepting: %q", s)
	}
	if ro, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name="v|TT-BUOI|"]').readOnly`)); err != nil || !ro {
		t.Errorf("an accepted report's cells are editable (%v)", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/templates/BC-TEBDG-QUY/completeness?period="+q.ID),
		chromedp.WaitVisible(css(`main table.data`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main table.data"); !strings.Contains(s, "Sở Giao thông Vận tải") || !strings.Contains(s, "Đã tiếp nhận") {
		t.Errorf("completeness: %q", s)
	}
	sh.take(ctx, "24-completeness")

	// Dashboards: charts drawn on the server with a text alternative.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/analytics?programme=children&org=QN&year="+strconv.Itoa(now.Year())),
		chromedp.WaitVisible(css(`.chart-card svg`))); err != nil {
		t.Fatal(err)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".chart-card svg title") || {}).textContent || document.querySelector(".chart-card svg").getAttribute("aria-label") || ""`))
	if err != nil || label == "" {
		t.Errorf("a chart has no text alternative (%v)", err)
	}
	sh.take(ctx, "25-dashboard")
	for _, p := range []struct{ path, shot string }{
		{"/app/analytics/pivot?org=QN&period=" + strconv.Itoa(now.Year()), "26-pivot"},
		{"/app/analytics/targets?programme=gender&org=QN", "27-targets"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(css(`main table.data`))); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		sh.take(ctx, p.shot)
	}
}

// pressEnter presses Enter as a keyboard does: one key-down that carries
// its text, so a handler that cancels the key-down cancels the keypress
// too. (Separate key-down and char events would let the char through.)
func pressEnter(mods chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13,
				NativeVirtualKeyCode: 13, Modifiers: int64(mods)}
			if typ == input.DispatchKeyEventTypeKeyDown && mods == 0 {
				p.Text, p.UnmodifiedText = "\r", "\r"
			}
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}
