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

// The confidential case register on a phone, as a ward's child-protection
// officer uses it in the field: take in a case, record the first
// assessment, record consent and refer; then the ward's supervisor reads
// who opened it. Every page fits 390 px without sideways scrolling.
func TestBrowserCaseRegisterOnAPhone(t *testing.T) {
	storetest.RunParallel(t, testBrowserCaseRegisterOnAPhone)
}

func testBrowserCaseRegisterOnAPhone(t *testing.T, engine store.Dialect) {
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute)
	defer cancel()
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	phone := phoneViewport()
	fits := phoneFits(ctx, t)
	if err := chromedp.Do(ctx, phone, signIn(base, "caseworker"), chromedp.Navigate(base+"/app/cases"), chromedp.WaitVisible(css(`.case-list`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Đào Minh Khôi") || !strings.Contains(s, "quá hạn") {
		t.Errorf("the caseworker's list lacks the overdue demo case")
	}
	fits("the register")
	sh.take(ctx, "71-cases-list")

	name := "Mai Thị Thử Nghiệm"
	if err := chromedp.Do(ctx, phone,
		chromedp.Navigate(base+"/app/cases/new"),
		chromedp.WaitVisible(css(`#f-kind`)),
	); err != nil {
		t.Fatal(err)
	}
	fits("the intake form")
	sh.take(ctx, "72-case-intake")
	if err := chromedp.Do(ctx, phone,
		chromedp.SetValue(css(`#f-source`), "hotline-111"),
		chromedp.SetValue(css(`#f-kind`), "neglect"),
		chromedp.SendKeys(css(`#f-subject-name`), name),
		chromedp.SetValue(css(`#f-subject-birth`), "2008-02-01"),
		chromedp.SendKeys(css(`#f-summary`), "Dữ liệu thử: trẻ ở nhà một mình nhiều ngày."),
		chromedp.Submit(css(`#f-summary`)),
		chromedp.WaitVisible(css(`#steps`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, name) || !strings.Contains(s, "Nghị định 56/2017/NĐ-CP") {
		t.Errorf("the new case's page lacks the name or the procedure's basis")
	}
	fits("the case")
	sh.take(ctx, "73-case")
	if err := chromedp.Do(ctx, phone,
		chromedp.SendKeys(css(`#f-step-note`), "Trẻ an toàn tạm thời tại nhà bà ngoại."),
		chromedp.Submit(css(`#f-step-note`)),
		// Each step waits for what only its outcome shows: the intake's
		// flash is still on the page before.
		chromedp.WaitVisible(css(`#steps li.s-done`)),
		chromedp.SetValue(css(`#f-given_by`), "survivor"),
		chromedp.Click(css(`input[name=scope][value=summary]`)),
		chromedp.Submit(css(`#f-given_by`)),
		chromedp.WaitVisible(css(`#consent table`)),
		chromedp.SetValue(css(`#f-service`), firstService(ctx, t)),
		chromedp.Submit(css(`#f-service`)),
		chromedp.WaitVisible(css(`#referrals .task-card`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "#referrals"); !strings.Contains(s, "Đã chuyển gửi") || !strings.Contains(s, "Tóm tắt sự việc") {
		t.Errorf("the referral does not show, or not what it carries: %s", s)
	}
	fits("the case after referral")
	sh.take(ctx, "74-case-referred")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	loc = strings.SplitN(loc, "#", 2)[0]
	if err := chromedp.Do(ctx, phone, signOut(), signIn(base, "casesupervisor"),
		chromedp.Navigate(loc+"/access"), chromedp.WaitVisible(css(`table.data`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Nguyễn Thị Hoa") || !strings.Contains(s, "Chuyển gửi") {
		t.Errorf("the access history lacks the worker or the referral")
	}
	fits("the access history")
	sh.take(ctx, "75-case-access")
	// The figures anyone may read: no name, small cells hidden.
	if err := chromedp.Do(ctx, phone, signOut(), signIn(base, "coordinator"),
		chromedp.Navigate(base+"/app/cases/stats?org=QN"), chromedp.WaitVisible(css(`.cards`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); strings.Contains(s, name) || !strings.Contains(s, "<5") {
		t.Errorf("the figures show a name, or no suppressed cell")
	}
	fits("the figures")
	sh.take(ctx, "76-case-stats")
}

// firstService is the value of the referral form's first service.
func firstService(ctx context.Context, t *testing.T) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#f-service option:nth-child(2)').value`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
