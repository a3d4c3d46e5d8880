package domain

// VisitTotals are the counts shown on every page.
type VisitTotals struct {
	Today, Total            int64
	VisitorsToday, Visitors int64
}

// DayViews is a day's views of the site and its unique visitors.
type DayViews struct {
	Day      string
	Views    int64
	Visitors int64
}

// SearchHit is one result.
type SearchHit struct {
	Kind, Ref, Category, Day string
	Title, Body              string
	Score                    float64
}

// PortalLink is one of the portal's "Liên kết website".
type PortalLink struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}
