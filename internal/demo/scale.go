package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/store"
)

// Scale is the shape of a generated data set for benchmarks and load tests:
// provinces with agencies (each with units) and communes, a catalogue of
// indicators with categories, and years of monthly reports from units and
// communes and quarterly reports from agencies.
type Scale struct {
	Provinces   int
	Agencies    int // per province
	UnitsPer    int // units per agency
	Communes    int // per province
	Indicators  int // monthly ones are the first two thirds
	FirstYear   int
	Years       int
	OnlyCatalog bool // build the tree and catalogue, no values
}

// The scales of "tebdg demo --scale".
var (
	ProvinceScale = Scale{Provinces: 1, Agencies: 25, UnitsPer: 3, Communes: 120, Indicators: 60, FirstYear: 2021, Years: 5}
	NationScale   = Scale{Provinces: 34, Agencies: 25, UnitsPer: 3, Communes: 120, Indicators: 60, FirstYear: 2021, Years: 5}
)

// Summary says what a generation made.
type Summary struct {
	OrgUnits, Indicators, Reports, Values int
	Took                                  time.Duration
}

// GenActor names generated data in the audit trail.
var GenActor = domain.Actor{Username: "generator", Client: "cli"}

// Generate fills an empty database with a generated data set. The same seed
// gives the same data on either engine, so their answers can be compared.
func Generate(ctx context.Context, st *store.Store, sc Scale, seed uint64) (Summary, error) {
	start := time.Now()
	var sum Summary
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) //nolint:gosec // generated figures must repeat for a seed; nothing secret
	root := ""
	if sc.Provinces > 1 {
		root = "VN"
		if _, err := st.CreateOrgUnit(ctx, GenActor, domain.OrgUnitInput{Code: root, Name: "Việt Nam", NameEN: "Viet Nam", Kind: domain.KindCountry}); err != nil {
			return sum, err
		}
		sum.OrgUnits++
	}
	var monthlyOrgs, quarterlyOrgs []domain.OrgUnit
	for p := 1; p <= sc.Provinces; p++ {
		pc := fmt.Sprintf("P%02d", p)
		prov, err := st.CreateOrgUnit(ctx, GenActor, domain.OrgUnitInput{Code: pc, Name: fmt.Sprintf("Tỉnh Mẫu %02d", p), Kind: domain.KindProvince, Parent: root})
		if err != nil {
			return sum, err
		}
		sum.OrgUnits++
		_ = prov
		for a := 1; a <= sc.Agencies; a++ {
			ac := fmt.Sprintf("%s-A%02d", pc, a)
			ag, err := st.CreateOrgUnit(ctx, GenActor, domain.OrgUnitInput{Code: ac, Name: fmt.Sprintf("Sở Mẫu %02d (%s)", a, pc), Kind: domain.KindAgency, Parent: pc})
			if err != nil {
				return sum, err
			}
			quarterlyOrgs = append(quarterlyOrgs, ag)
			sum.OrgUnits++
			for u := 1; u <= sc.UnitsPer; u++ {
				un, err := st.CreateOrgUnit(ctx, GenActor, domain.OrgUnitInput{Code: fmt.Sprintf("%s-U%d", ac, u), Name: fmt.Sprintf("Phòng %d, Sở Mẫu %02d", u, a), Kind: domain.KindUnit, Parent: ac})
				if err != nil {
					return sum, err
				}
				monthlyOrgs = append(monthlyOrgs, un)
				sum.OrgUnits++
			}
		}
		for c := 1; c <= sc.Communes; c++ {
			co, err := st.CreateOrgUnit(ctx, GenActor, domain.OrgUnitInput{Code: fmt.Sprintf("%s-X%03d", pc, c), Name: fmt.Sprintf("Xã Mẫu %03d (%s)", c, pc), Kind: domain.KindCommune, Parent: pc})
			if err != nil {
				return sum, err
			}
			monthlyOrgs = append(monthlyOrgs, co)
			sum.OrgUnits++
		}
	}
	cats, err := st.Categories(ctx)
	if err != nil {
		return sum, err
	}
	have := map[string]bool{}
	for _, c := range cats {
		have[c.Code] = true
	}
	for _, c := range demoCategories {
		if !have[c.Code] {
			if _, err := st.SaveCategory(ctx, GenActor, c, 0); err != nil {
				return sum, err
			}
		}
	}
	// Indicators: of every four, one has no category, one is by sex and two
	// are by sex and age group; aggregations vary; the last two are
	// ratios of the first ones.
	nMonthly := sc.Indicators * 2 / 3
	var monthly, quarterly []string
	for i := 1; i <= sc.Indicators; i++ {
		ind := domain.Indicator{Code: fmt.Sprintf("G%02d", i), Name: fmt.Sprintf("Chỉ số mẫu %02d", i), Unit: "người",
			ValueType: domain.TypeInteger, Aggregation: domain.AggSum, Programme: domain.ProgrammeChildren, Factor: 1}
		switch i % 4 {
		case 1:
			ind.Categories = []string{"sex"}
		case 2, 3:
			ind.Categories = []string{"sex", "age"}
		}
		switch {
		case i == sc.Indicators-1:
			ind.Aggregation, ind.Numerator, ind.Denominator, ind.Factor, ind.ValueType, ind.Unit, ind.Categories =
				domain.AggRatio, "G02", "G01", 100, domain.TypePercentage, "%", nil
		case i == sc.Indicators:
			ind.Aggregation, ind.Numerator, ind.Denominator, ind.Factor, ind.ValueType, ind.Unit, ind.Categories =
				domain.AggRatio, "G06", "G05", 100, domain.TypePercentage, "%", nil
		case i%10 == 4:
			ind.Aggregation = domain.AggLast
		case i%10 == 8:
			ind.Aggregation = domain.AggAverage
		}
		if i > sc.Indicators/2 {
			ind.Programme = domain.ProgrammeGender
		}
		if _, err := st.SaveIndicator(ctx, GenActor, ind, 0); err != nil {
			return sum, err
		}
		sum.Indicators++
		if i <= nMonthly {
			monthly = append(monthly, ind.Code)
		} else {
			quarterly = append(quarterly, ind.Code)
		}
	}
	rootCode := root
	if rootCode == "" {
		rootCode = "P01"
	}
	tm, err := st.SaveTemplate(ctx, GenActor, domain.Template{Code: "G-THANG", Name: "Báo cáo tháng (dữ liệu mẫu)", OrgCode: rootCode,
		PeriodType: string(period.Monthly), PeriodRule: string(period.Decree09), DeadlineDays: 3, Active: true,
		ReporterKinds: []domain.OrgKind{domain.KindUnit, domain.KindCommune}, Indicators: monthly, Sections: []string{"Kết quả"}}, 0)
	if err != nil {
		return sum, err
	}
	tq, err := st.SaveTemplate(ctx, GenActor, domain.Template{Code: "G-QUY", Name: "Báo cáo quý (dữ liệu mẫu)", OrgCode: rootCode,
		PeriodType: string(period.Quarterly), PeriodRule: string(period.Decree09), DeadlineDays: 2, Active: true,
		ReporterKinds: []domain.OrgKind{domain.KindAgency}, Indicators: quarterly, Sections: []string{"Kết quả"}}, 0)
	if err != nil {
		return sum, err
	}
	if sc.OnlyCatalog {
		sum.Took = time.Since(start)
		return sum, nil
	}
	inds, err := st.Indicators(ctx, store.IndicatorFilter{})
	if err != nil {
		return sum, err
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
	}
	load := func(t domain.Template, typ period.Type, orgs []domain.OrgUnit, codes []string) error {
		var batch []store.BulkReport
		for y := sc.FirstYear; y < sc.FirstYear+sc.Years; y++ {
			ps, err := period.List(typ, y, period.Decree09)
			if err != nil {
				return err
			}
			for _, p := range ps {
				for oi, o := range orgs {
					r := store.BulkReport{TemplateID: t.ID, OrgID: o.ID, Period: p, DueOn: p.End.AddDate(0, 0, 3).Format(time.DateOnly),
						Status: domain.ReportAccepted}
					for _, code := range codes {
						ind := byCode[code]
						if ind.Computed() {
							continue
						}
						base := float64(10 + (oi*7+len(code))%90)
						for ci, c := range ind.Combos {
							season := 1 + 0.3*math.Sin(float64(p.End.Month())/12*2*math.Pi)
							v := math.Round(base * season * (0.6 + rnd.Float64()*0.8) / float64(ci+1))
							r.Values = append(r.Values, store.BulkValue{IndicatorID: ind.ID, Combo: c.Code, Value: v})
						}
					}
					batch = append(batch, r)
					if len(batch) >= 400 {
						n, err := st.BulkLoad(ctx, GenActor, t.Code+" "+strconv.Itoa(y), batch)
						sum.Values += n
						sum.Reports += len(batch)
						if err != nil {
							return err
						}
						batch = batch[:0]
					}
				}
			}
		}
		n, err := st.BulkLoad(ctx, GenActor, t.Code, batch)
		sum.Values += n
		sum.Reports += len(batch)
		return err
	}
	if err := load(tm, period.Monthly, monthlyOrgs, monthly); err != nil {
		return sum, err
	}
	if err := load(tq, period.Quarterly, quarterlyOrgs, quarterly); err != nil {
		return sum, err
	}
	sum.Took = time.Since(start)
	return sum, nil
}
