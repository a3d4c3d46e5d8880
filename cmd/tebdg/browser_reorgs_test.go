package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// Reorganisations on a phone, as a province administrator records one
// announced by a decision: the demo's ward arrangement on the old ward's
// page, then a rename prepared on the form, previewed and applied, and
// the unit's timeline after it. Every page fits 390 px.
func TestBrowserReorganisationOnAPhone(t *testing.T) {
	storetest.RunParallel(t, testBrowserReorganisationOnAPhone)
}

func testBrowserReorganisationOnAPhone(t *testing.T, engine store.Dialect) {
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute)
	defer cancel()
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	phone := phoneViewport()
	fits := phoneFits(ctx, t)
	if err := chromedp.Do(ctx, phone, signIn(base, "admin"), chromedp.Navigate(base+"/app/orgunits/QN-BACHDANG"), chromedp.WaitVisible(css(`#timeline`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Phường Hồng Gai") || !strings.Contains(s, "30/06/2025") {
		t.Errorf("the old ward's page does not say where its work went: %s", s)
	}
	fits("the old ward")
	sh.take(ctx, "77-orgunit-merged")

	if err := chromedp.Do(ctx, phone, chromedp.Navigate(base+"/app/reorganisations/new?unit=QN-SGDDT-VP"), chromedp.WaitVisible(css(`#f-kind`))); err != nil {
		t.Fatal(err)
	}
	fits("the form")
	sh.take(ctx, "78-reorg-form")
	if err := chromedp.Do(ctx, phone,
		chromedp.SetValue(css(`#f-kind`), "rename"),
		chromedp.SetValue(css(`#f-effective`), "2026-01-01"),
		chromedp.SendKeys(css(`#f-name`), "Văn phòng Sở Giáo dục và Đào tạo"),
		chromedp.SendKeys(css(`#f-decision`), "Quyết định số 31/QĐ-SGDĐT ngày 25/12/2025 của Sở Giáo dục và Đào tạo"),
		chromedp.Submit(css(`#f-decision`)),
		chromedp.WaitVisible(css(`form[action$="/apply"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Những gì sẽ được chuyển") || !strings.Contains(s, "01/01/2026") {
		t.Errorf("the prepared act lacks its preview or date: %s", s)
	}
	fits("the prepared act")
	sh.take(ctx, "79-reorg-prepared")
	// The page asks before applying; the test answers yes.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true, true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, phone,
		chromedp.Click(css(`form[action$="/apply"] button`)),
		// The prepared page has a flash too: wait for what only the
		// applied act shows.
		chromedp.WaitVisible(css(`#changes`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Đã thực hiện") {
		t.Errorf("the act is not shown applied: %s", s)
	}
	if err := chromedp.Do(ctx, phone, chromedp.Navigate(base+"/app/orgunits/QN-SGDDT-VP"), chromedp.WaitVisible(css(`#timeline`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "#timeline"); !strings.Contains(s, "Văn phòng Sở Giáo dục và Đào tạo") || !strings.Contains(s, "31/12/2025") {
		t.Errorf("the renamed unit's timeline lacks the old period: %s", s)
	}
	fits("the renamed unit")
	sh.take(ctx, "80-orgunit-renamed")
}
