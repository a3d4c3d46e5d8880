package store_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/search"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// searchCorpus indexes 100,000 posts whose words are drawn from the
// sample plan, so word frequencies look like the agencies' own writing.
func searchCorpus(b *testing.B, engine store.Dialect) *store.Store {
	b.Helper()
	s := storetest.Open(b, engine, store.Options{})
	fillCorpus(b, s)
	return s
}

func fillCorpus(b *testing.B, s *store.Store) {
	words := strings.Fields(demo.Sample)
	rnd := rand.New(rand.NewPCG(7, 7))
	text := func(n int) string {
		start := rnd.IntN(len(words) - n)
		return strings.Join(words[start:start+n], " ")
	}
	cats := []string{"tin-tuc", "thong-bao", "van-ban", "tre-em", "binh-dang-gioi"}
	from := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 100_000
	for done := 0; done < n; done += 10_000 {
		docs := make([]store.SearchDoc, 0, 10_000)
		for i := done; i < done+10_000; i++ {
			docs = append(docs, store.SearchDoc{Kind: store.DocPost, Ref: strconv.Itoa(i + 1), Category: cats[rnd.IntN(len(cats))],
				Day: from.AddDate(0, 0, rnd.IntN(15*365)).Format(time.DateOnly), Title: text(12), Body: text(120)})
		}
		if err := s.IndexDocs(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch100k runs a mix of searches, from one rare word to
// common ones with filters, and reports the median and 95th percentile.
func BenchmarkSearch100k(b *testing.B) {
	queries := []struct {
		q string
		f store.SearchFilter
	}{
		{"duoi nuoc", store.SearchFilter{}},
		{"đuối nước", store.SearchFilter{Category: "tre-em"}},
		{"tre em", store.SearchFilter{}},
		{"bình đẳng giới", store.SearchFilter{From: "2020-01-01", To: "2022-12-31"}},
		{`"an toan giao thong"`, store.SearchFilter{}},
		{"xam hai tinh duc", store.SearchFilter{}},
		{"ke hoach", store.SearchFilter{ByDate: true}},
		{"mu bao hiem", store.SearchFilter{Category: "tin-tuc"}},
		{"thang hanh dong", store.SearchFilter{}},
		{"vi pham quyen tre em", store.SearchFilter{}},
	}
	for _, engine := range storetest.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s := searchCorpus(b, engine)
			var times []time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				qq := queries[i%len(queries)]
				qq.f.Query, _ = search.Parse(qq.q)
				start := time.Now()
				if _, _, err := s.Search(ctx, qq.f, store.Page{Limit: 10}); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
