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

// The public portal in the browser: the department's editor writes a post
// (a script in it is refused), publishes it, and a parent finds it by
// typing without accents; the parent sends feedback carrying markup that
// must never run, and the editor answers it as a published question.
func TestBrowserPortalPublishSearchAndFeedback(t *testing.T) {
	storetest.RunParallel(t, testBrowserPortalPublishSearchAndFeedback)
}

func testBrowserPortalPublishSearchAndFeedback(t *testing.T, engine store.Dialect) {
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute)
	defer cancel()
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	pwned := func() bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__pwned === 1 || document.title.indexOf("pwned") >= 0`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// The home page, as a citizen sees it.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`.hotlines`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".hotlines"); !strings.Contains(s, "111") || !strings.Contains(s, "1800 1769") {
		t.Errorf("hotlines: %q", s)
	}
	sh.take(ctx, "60-portal-home")

	title := "Tuyên truyền phòng, chống đuối nước dịp hè tại đặc khu Vân Đồn"
	if err := chromedp.Do(ctx,
		signIn(base, "editor"),
		chromedp.Navigate(base+"/app/posts/new"),
		chromedp.WaitVisible(css(`#f-title`)),
		chromedp.SetValue(css(`#f-category`), "tin-tuc"),
		chromedp.SendKeys(css(`#f-title`), title),
		chromedp.SendKeys(css(`#f-summary`), "Cảng vụ đường thủy nội địa ra quân tại 8 bến đò."),
		chromedp.SendKeys(css(`#f-body`), "Học sinh được phát **áo phao**.\n\n<script>window.__pwned = 1</script>"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.error-summary`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".error-summary"); !strings.Contains(s, "script") {
		t.Errorf("a script in the body is not named: %q", s)
	}
	if pwned() {
		t.Fatal("the script ran")
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(css(`#f-body`), "Học sinh được phát **áo phao** và hướng dẫn kỹ năng an toàn khi đi đò.\n\n- Mặc áo phao\n- Không chơi gần bến"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`#h-workflow`)),
		chromedp.Click(css(`form[action$="/status"] input[name=to][value=published] ~ button`)),
		chromedp.WaitVisible(css(`.status.s-post-published`)),
	); err != nil {
		t.Fatalf("%v: %s", err, text(context.WithoutCancel(ctx), t, "main"))
	}
	sh.take(ctx, "61-post-edit")

	// A parent types without accents and finds it, marked.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css(`#portal-q`)),
		chromedp.SendKeys(css(`#portal-q`), "duoi nuoc van don"),
		chromedp.Submit(css(`#portal-q`)),
		chromedp.WaitVisible(css(`ol.hits`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "ol.hits li:first-child h2"); s != title {
		t.Errorf("first hit %q, want %q", s, title)
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits li:first-child mark").length`))
	if err != nil || marks < 3 {
		t.Errorf("marked words in the first hit: %d %v", marks, err)
	}
	sh.take(ctx, "62-portal-search")
	if err := chromedp.Do(ctx, chromedp.Click(css(`ol.hits li:first-child h2 a`)), chromedp.WaitVisible(css(`article.article .prose`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "article.article"); !strings.Contains(s, "áo phao") || !strings.Contains(s, "Sở Giao thông Vận tải") {
		t.Errorf("article: %q", s)
	}
	sh.take(ctx, "63-portal-article")

	// Feedback with markup in it: kept as text, never run.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/feedback?org=QN-SGTVT"),
		chromedp.WaitVisible(css(`#f-subject`)),
		chromedp.SendKeys(css(`#f-name`), "Phụ huynh <b>Hoa</b>"),
		chromedp.SendKeys(css(`#f-contact`), "hoa.phuhuynh@example.com"),
		chromedp.SendKeys(css(`#f-subject`), "Bến đò thiếu áo phao"),
		chromedp.SendKeys(css(`#f-message`), `Sáng nay bến đò không đủ áo phao. <img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`),
	); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "64-feedback-form")
	if err := chromedp.Do(ctx,
		chromedp.Sleep(3200*time.Millisecond), // a person takes a moment to write
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`main .thanks`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main h1"); !strings.Contains(s, "Cảm ơn") {
		t.Errorf("thanks page: %q", s)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/feedback"),
		chromedp.WaitVisible(css(`main table.data`)),
		chromedp.Click(css(`main table.data a[href^="/app/feedback/"]`)),
		chromedp.WaitVisible(css(`#f-reply`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "<script>window.__pwned=1</script>") || !strings.Contains(s, "hoa.phuhuynh@example.com") {
		t.Errorf("the message is not shown as written, with the contact: %q", s)
	}
	if pwned() {
		t.Fatal("markup in a message ran for the editor")
	}
	sh.take(ctx, "65-feedback-item")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(css(`#f-reply`), "Cảm ơn phụ huynh. Cảng vụ đã bổ sung 40 áo phao cho bến đò."),
		chromedp.Click(css(`#f-publish`)),
		chromedp.Click(css(`form[action$="/reply"] button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
		chromedp.Navigate(base+"/questions"),
		chromedp.WaitVisible(css(`article.qa`)),
	); err != nil {
		t.Fatal(err)
	}
	qa := text(ctx, t, "main")
	if !strings.Contains(qa, "Bến đò thiếu áo phao") || !strings.Contains(qa, "bổ sung 40 áo phao") || strings.Contains(qa, "hoa.phuhuynh@example.com") {
		t.Errorf("published question: %q", qa)
	}
	if pwned() {
		t.Fatal("markup in a published question ran")
	}
	sh.take(ctx, "66-portal-questions")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/directory"), chromedp.WaitVisible(css(`.service`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "67-portal-directory")
}
