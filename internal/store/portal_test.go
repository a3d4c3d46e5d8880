package store_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/search"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// publish writes a post and publishes it at the given time.
func publish(t *testing.T, s *store.Store, org domain.OrgUnit, cat, title, body string, at time.Time) domain.Post {
	t.Helper()
	p, err := s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: cat, Title: title, Body: body}, nil, nil)
	if err != nil {
		t.Fatalf("save %q: %v", title, err)
	}
	p, err = s.MovePost(ctx, alice, p.ID, p.Version, domain.PostPublished, at)
	if err != nil {
		t.Fatalf("publish %q: %v", title, err)
	}
	return p
}

func find(t *testing.T, s *store.Store, q string, f store.SearchFilter) ([]domain.SearchHit, int) {
	t.Helper()
	query, err := search.Parse(q)
	if err != nil {
		t.Fatalf("parse %q: %v", q, err)
	}
	f.Query = query
	hits, total, err := s.Search(ctx, f, store.Page{Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return hits, total
}

func titles(hits []domain.SearchHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Title
	}
	return out
}

// vowelWords are "m" + every Vietnamese vowel with every tone + "n": 72
// words, 12 vowels × (no tone, huyền, sắc, hỏi, ngã, nặng).
func vowelWords() []string {
	bases := []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"}
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	var out []string
	for _, b := range bases {
		for _, tone := range tones {
			out = append(out, "m"+norm.NFC.String(b+tone)+"n")
		}
	}
	return out
}

// TestSearchEveryVietnameseLetter checks that every vowel with every tone,
// typed with or without accents, in NFC or NFD, upper or lower case, finds
// the posts whose words fold alike, the exact spelling first; and that
// both engines answer exactly the same.
func TestSearchEveryVietnameseLetter(t *testing.T) {
	results := map[store.Dialect][]string{}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		at := time.Date(2024, 2, 10, 8, 16, 0, 0, time.UTC)
		words := vowelWords()
		for i, w := range words {
			publish(t, s, org, "tin-tuc", "Bài "+w, "Nội dung số "+strconv.Itoa(i), at.Add(time.Duration(i)*time.Minute))
		}
		var log []string
		for _, w := range words {
			same := 0
			for _, x := range words {
				if vntext.Fold(x) == vntext.Fold(w) {
					same++
				}
			}
			for _, q := range []string{w, norm.NFD.String(w), strings.ToUpper(w), vntext.Fold(w)} {
				hits, total := find(t, s, q, store.SearchFilter{})
				if total != same || len(hits) != same {
					t.Fatalf("%q: %d hits (%d in all), want %d", q, len(hits), total, same)
				}
				if q != vntext.Fold(w) && hits[0].Title != "Bài "+w {
					t.Errorf("%q: first hit %q, want the exact spelling first", q, hits[0].Title)
				}
				log = append(log, q+"→"+strings.Join(titles(hits), "|"))
			}
		}
		results[s.Dialect()] = log
	})
	if a, b := results[store.SQLite], results[store.Postgres]; a != nil && b != nil {
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("engines differ:\nsqlite   %s\npostgres %s", a[i], b[i])
			}
		}
	}
}

func TestSearchPortal(t *testing.T) {
	results := map[store.Dialect][]string{}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		health, _ := s.OrgUnit(ctx, "QN-SYT")
		day := func(d string) time.Time {
			tm, _ := time.ParseInLocation("2006-01-02 15:04", d, vntext.Location)
			return tm
		}
		drown := publish(t, s, org, "tin-tuc", "Ra quân phòng, chống đuối nước trẻ em", "Tuyên truyền tại 12 bến thủy nội địa.", day("2024-05-28 08:00"))
		firstAid := publish(t, s, health, "tre-em", "Sơ cứu trẻ bị ngạt", "Khi trẻ bị đuối nước, gọi 115 và kiểm tra nhịp thở.", day("2024-07-25 09:10"))
		publish(t, s, org, "thong-bao", "Làng Hoà Bình", "Tin ở Hoà Bình, kiểu bỏ dấu cũ.", day("2024-03-01 10:00"))
		publish(t, s, org, "thong-bao", "Xã Hòa Bình", "Tin ở Hòa Bình, kiểu bỏ dấu mới.", day("2024-03-02 10:00"))
		publish(t, s, org, "tin-tuc", "Ngày Quốc tế Thiếu nhi 1/6", "Vui Tết thiếu nhi <b>to</b>; chữ script alert ở đây chỉ là chữ.", day("2024-06-01 07:00"))
		// Đ is d, in any case and form; the title match ranks first.
		var log []string
		for _, q := range []string{"duoi nuoc", "ĐUỐI NƯỚC", norm.NFD.String("đuối nước"), "Đuoi Nuoc"} {
			hits, total := find(t, s, q, store.SearchFilter{})
			if total != 2 || hits[0].Ref != strconv.FormatInt(drown.ID, 10) || hits[1].Ref != strconv.FormatInt(firstAid.ID, 10) {
				t.Fatalf("%q: %d %v", q, total, titles(hits))
			}
			log = append(log, q+"→"+strings.Join(titles(hits), "|"))
		}
		// Old and new tone placement are one spelling of one word: both
		// queries find both posts, in the same order.
		var orders []string
		for _, q := range []string{"hoa binh", "hoà bình", "hòa bình", "HOÀ", norm.NFD.String("hoà")} {
			hits, total := find(t, s, q, store.SearchFilter{})
			if total != 2 {
				t.Errorf("%q: %d %v", q, total, titles(hits))
			}
			orders = append(orders, strings.Join(titles(hits), "|"))
		}
		if orders[1] != orders[2] {
			t.Errorf("tone placement changes the order: %v", orders)
		}
		// A phrase must appear in order.
		if _, total := find(t, s, `"nước đuối"`, store.SearchFilter{}); total != 0 {
			t.Errorf("phrase out of order found %d", total)
		}
		if _, total := find(t, s, `"chống đuối nước"`, store.SearchFilter{}); total != 1 {
			t.Errorf("phrase: %d", total)
		}
		// Category and date filters.
		if hits, total := find(t, s, "duoi nuoc", store.SearchFilter{Category: "tre-em"}); total != 1 || hits[0].Title != firstAid.Title {
			t.Errorf("category: %d %v", total, titles(hits))
		}
		if hits, total := find(t, s, "duoi nuoc", store.SearchFilter{From: "2024-06-01", To: "2024-12-31"}); total != 1 || hits[0].Day != "2024-07-25" {
			t.Errorf("dates: %d %v", total, titles(hits))
		}
		if _, total := find(t, s, "duoi nuoc", store.SearchFilter{To: "2024-05-27"}); total != 0 {
			t.Errorf("before: %d", total)
		}
		// By date: newest first.
		if hits, _ := find(t, s, "tre", store.SearchFilter{ByDate: true}); len(hits) < 2 || hits[0].Day < hits[1].Day {
			t.Errorf("by date: %v", hits)
		}
		// Markup and script are text to the index, never markup.
		if _, total := find(t, s, "script alert", store.SearchFilter{}); total != 1 {
			t.Errorf("script words: %d", total)
		}
		// Archived posts leave the index; republished ones come back.
		cur, _ := s.Post(ctx, drown.ID)
		arch, err := s.MovePost(ctx, alice, cur.ID, cur.Version, domain.PostArchived, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if _, total := find(t, s, "duoi nuoc", store.SearchFilter{}); total != 1 {
			t.Errorf("archived still found: %d", total)
		}
		if _, err := s.MovePost(ctx, alice, arch.ID, arch.Version, domain.PostPublished, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, total := find(t, s, "duoi nuoc", store.SearchFilter{}); total != 2 {
			t.Errorf("republished: %d", total)
		}
		// A post scheduled for later is not found before its time.
		publish(t, s, org, "tin-tuc", "Kế hoạch hè an toàn", "Chuẩn bị cho mùa hè.", time.Now().Add(48*time.Hour))
		if _, total := find(t, s, "he an toan", store.SearchFilter{}); total != 0 {
			t.Errorf("scheduled post found early: %d", total)
		}
		if n, err := s.IndexDuePosts(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("a post due in two days was indexed: %d %v", n, err)
		}
		// Legal documents and services are found too; a confidential
		// address is not.
		if _, err := s.CreateLegalDoc(ctx, alice, domain.LegalDoc{Type: "Luật", Title: "Luật Trẻ em", Year: 2016, Status: "in_force"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveService(ctx, alice, 0, 0, org, domain.Service{Kind: domain.SvcShelter, Organization: "Trung tâm Công tác xã hội",
			Name: "Nhà tạm lánh", Phone: "0203 3835 111", Address: "Số 9 phố Bí Mật", Confidential: true, Active: true}); err != nil {
			t.Fatal(err)
		}
		if hits, _ := find(t, s, "luat tre em", store.SearchFilter{}); len(hits) == 0 || hits[0].Kind != store.DocDocument {
			t.Errorf("document: %v", hits)
		}
		if hits, _ := find(t, s, "nha tam lanh", store.SearchFilter{Kind: store.DocService}); len(hits) != 1 {
			t.Errorf("service: %v", hits)
		}
		if _, total := find(t, s, "pho bi mat", store.SearchFilter{}); total != 0 {
			t.Errorf("a confidential address is searchable")
		}
		// Reindexing from scratch gives the same index.
		before, _ := s.SearchIndexSize(ctx)
		if err := s.ReindexSearch(ctx); err != nil {
			t.Fatal(err)
		}
		after, _ := s.SearchIndexSize(ctx)
		if fmt.Sprint(before) != fmt.Sprint(after) || after[store.DocPost] != 5 {
			t.Errorf("reindex: %v → %v", before, after)
		}
		results[s.Dialect()] = log
	})
	if a, b := results[store.SQLite], results[store.Postgres]; a != nil && b != nil && strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("engines differ:\n%v\n%v", a, b)
	}
}

func TestPostsWorkflowAndLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		// Bad input: named at once, nothing saved.
		_, err := s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "khong-co", Body: strings.Repeat("x", domain.MaxPostBody+1)}, nil, nil)
		fields := map[string]bool{}
		for _, e := range errs.Fields(err) {
			fields[e.Field] = true
		}
		if !fields["title"] || !fields["body"] {
			t.Fatalf("bad post: %v", err)
		}
		_, err = s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "khong-co", Title: "Tin"}, nil, nil)
		wantCode(t, err, errs.Invalid, "category")
		_, err = s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "tin-tuc", Title: "Tin", Body: "<script>alert(1)</script>"}, nil, nil)
		wantCode(t, err, errs.Invalid, "body")
		_, err = s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "tin-tuc", Title: "Tin", Status: domain.PostArchived}, nil, nil)
		wantCode(t, err, errs.Invalid, "status")
		if list, total, _ := s.Posts(ctx, store.PostFilter{Scope: domain.Scope{All: true}}, store.Page{}); total != 0 || len(list) != 0 {
			t.Fatalf("something was saved: %d", total)
		}
		// Draft → review → published; the slug follows the title.
		p, err := s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "tin-tuc", Title: "Kế hoạch năm 2024", Tags: []string{"a", "A", " b "}}, nil, nil)
		if err != nil || p.Status != domain.PostDraft || p.Slug != "ke-hoach-nam-2024" || len(p.Tags) != 2 || p.URL() != "/posts/"+strconv.FormatInt(p.ID, 10)+"/ke-hoach-nam-2024" {
			t.Fatalf("draft: %v %+v", err, p)
		}
		if _, err := s.MovePost(ctx, alice, p.ID, p.Version, domain.PostArchived, time.Time{}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("draft archived: %v", err)
		}
		p, err = s.MovePost(ctx, alice, p.ID, p.Version, domain.PostReview, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2024, 2, 10, 8, 16, 0, 0, time.UTC)
		p, err = s.MovePost(ctx, alice, p.ID, p.Version, domain.PostPublished, at)
		if err != nil || !p.Public(time.Now()) || !p.PublishAt.Equal(at) {
			t.Fatalf("published: %v %+v", err, p)
		}
		// Stale edits are refused; a published post cannot be deleted.
		if _, err := s.SavePost(ctx, alice, p.ID, p.Version-1, org, p, nil, nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale: %v", err)
		}
		if err := s.DeletePost(ctx, alice, p.ID, p.Version); !errs.Is(err, errs.Conflict) {
			t.Errorf("delete published: %v", err)
		}
		// Public lists show what is published and due, not drafts.
		if _, err := s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "tin-tuc", Title: "Nháp"}, nil, nil); err != nil {
			t.Fatal(err)
		}
		pub, total, _ := s.Posts(ctx, store.PostFilter{Public: true, Now: time.Now()}, store.Page{})
		if total != 1 || pub[0].ID != p.ID {
			t.Errorf("public: %d", total)
		}
		// Visits: counted per day, totals and unique visitors.
		if err := s.CountViews(ctx, "2024-02-10", map[int64]int64{0: 3, p.ID: 2}, []string{"a", "b"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CountViews(ctx, "2024-02-11", map[int64]int64{0: 1, p.ID: 1}, []string{"a"}); err != nil {
			t.Fatal(err)
		}
		v, _ := s.Visits(ctx, "2024-02-11")
		if v.Today != 1 || v.Total != 4 || v.VisitorsToday != 1 || v.Visitors != 3 {
			t.Errorf("visits: %+v", v)
		}
		top, counts, _ := s.TopPosts(ctx, domain.Scope{All: true}, "2024-01-01", 5)
		if len(top) != 1 || counts[0] != 3 {
			t.Errorf("top: %v %v", top, counts)
		}
	})
}

func TestFeedbackModeration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		other, _ := s.OrgUnit(ctx, "QN-SYT")
		public := domain.Actor{Username: "public", Client: "198.51.100.7"}
		if _, err := s.AddFeedback(ctx, public, org, domain.Feedback{Subject: " ", Message: ""}); len(errs.Fields(err)) != 2 {
			t.Fatalf("empty feedback: %v", err)
		}
		f, err := s.AddFeedback(ctx, public, org, domain.Feedback{Name: "Mai", Contact: "mai@example.com", Subject: "Áo phao", Message: "Bến đò thiếu áo phao."})
		if err != nil || f.Status != store.FeedbackNew || f.ReplyEmail() != "mai@example.com" {
			t.Fatalf("add: %v %+v", err, f)
		}
		if _, err := s.AddFeedback(ctx, public, other, domain.Feedback{Subject: "Khác", Message: "Ý kiến khác"}); err != nil {
			t.Fatal(err)
		}
		// Editors of the unit see it; others do not.
		mine, total, _ := s.FeedbackList(ctx, store.FeedbackFilter{Scope: domain.Scope{Paths: []string{org.Path}}}, store.Page{})
		if total != 1 || mine[0].Contact != "mai@example.com" {
			t.Errorf("scope: %d", total)
		}
		// The audit log keeps the subject, not who wrote or how to reach them.
		entries, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{}, store.Page{Limit: 500})
		for _, e := range entries {
			if strings.Contains(e.After, "mai@example.com") || strings.Contains(e.After, "Mai") {
				t.Errorf("audit holds the sender: %s", e.After)
			}
		}
		if _, err := s.AnswerFeedback(ctx, alice, f.ID, f.Version, "  ", true); !errs.Is(err, errs.Invalid) {
			t.Errorf("empty reply: %v", err)
		}
		a, err := s.AnswerFeedback(ctx, alice, f.ID, f.Version, "Đã kiểm tra và bổ sung áo phao.", true)
		if err != nil || a.Status != store.FeedbackAnswered || !a.Published {
			t.Fatalf("answer: %v %+v", err, a)
		}
		qs, n, _ := s.PublishedQuestions(ctx, store.Page{})
		if n != 1 || qs[0].Contact != "" || qs[0].Name != "" || qs[0].Reply == "" {
			t.Errorf("published: %d %+v", n, qs)
		}
		// Spam leaves the published questions.
		if _, err := s.MarkFeedback(ctx, alice, a.ID, a.Version, store.FeedbackSpam); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := s.PublishedQuestions(ctx, store.Page{}); n != 0 {
			t.Errorf("spam still published")
		}
		counts, _ := s.FeedbackCounts(ctx, domain.Scope{All: true})
		if counts[store.FeedbackNew] != 1 || counts[store.FeedbackSpam] != 1 {
			t.Errorf("counts: %v", counts)
		}
	})
}

func TestDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		_, err := s.SaveService(ctx, alice, 0, 0, org, domain.Service{Kind: "x", Phone: "abc", Email: "no", URL: "javascript:alert(1)"})
		fields := map[string]bool{}
		for _, e := range errs.Fields(err) {
			fields[e.Field] = true
		}
		for _, f := range []string{"kind", "organization", "name", "phone", "email", "url"} {
			if !fields[f] {
				t.Errorf("no error for %s: %v", f, err)
			}
		}
		add := func(v domain.Service) domain.Service {
			t.Helper()
			v.Active = true
			out, err := s.SaveService(ctx, alice, 0, 0, org, v)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		add(domain.Service{Kind: domain.SvcShelter, Organization: "Trung tâm CTXH", Name: "Nhà tạm lánh", Phone: "0203 3835 111", Address: "Kín", Confidential: true, Area: "Hạ Long"})
		hot := add(domain.Service{Kind: domain.SvcHotline, Organization: "Cục Trẻ em", Name: "Tổng đài 111", Phone: "111", Area: "Toàn quốc"})
		add(domain.Service{Kind: domain.SvcTrusted, Organization: "UBND phường Bãi Cháy", Name: "Địa chỉ tin cậy", Phone: "0203 3846 222", Area: "Hạ Long"})
		all, _ := s.Services(ctx, store.ServiceFilter{})
		if len(all) != 3 || all[0].ID != hot.ID {
			t.Fatalf("hotlines first: %v", all)
		}
		if all[1].ShownAddress() != "" {
			t.Errorf("confidential address shown")
		}
		if list, _ := s.Services(ctx, store.ServiceFilter{Area: "ha long"}); len(list) != 2 {
			t.Errorf("area without accents: %d", len(list))
		}
		if list, _ := s.Services(ctx, store.ServiceFilter{Kind: domain.SvcHotline}); len(list) != 1 {
			t.Errorf("kind: %d", len(list))
		}
		hot.Active = false
		if _, err := s.SaveService(ctx, alice, hot.ID, hot.Version, org, hot); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.Services(ctx, store.ServiceFilter{}); len(list) != 2 {
			t.Errorf("inactive listed: %d", len(list))
		}
		if _, total := find(t, s, "tong dai 111", store.SearchFilter{}); total != 0 {
			t.Errorf("inactive service still found")
		}
	})
}
