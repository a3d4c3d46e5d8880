// Package arch holds the test that keeps tebdg's packages in their layers,
// as docs/ARCHITECTURE.md draws them.
package arch

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "tebdg/"

// imports maps each package of the module (by path below the module) to
// the packages it imports, tests left out.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		for _, im := range f.Imports {
			p := strings.Trim(im.Path.Value, `"`)
			if !slices.Contains(out[pkg], p) {
				out[pkg] = append(out[pkg], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// foundation packages are pure or stand alone: rules, formats and codecs
// that know nothing of the database or of HTTP.
var foundation = []string{
	"internal/analytics", "internal/auth", "internal/casecrypt", "internal/docx", "internal/domain", "internal/dvs", "internal/errs",
	"internal/geo", "internal/gifts", "internal/ical", "internal/lunar", "internal/mail", "internal/markup",
	"internal/observance", "internal/orgtime", "internal/period", "internal/planparse", "internal/plans", "internal/reportgrid", "internal/results", "internal/search",
	"internal/sheet", "internal/svgchart", "internal/tablefile", "internal/upload", "internal/vntext",
}

// areas are the rooms of the HTTP layer; each stands on the kit alone.
var areas = []string{
	"internal/web/admin", "internal/web/calendar", "internal/web/cases", "internal/web/documents", "internal/web/plans", "internal/web/portal",
	"internal/web/registries", "internal/web/reports",
}

// allowedAreaImports are the only imports between areas: the public
// calendar of an agency is a page of the portal, and the documents officers
// sign carry the figures as the reports area computes them.
var allowedAreaImports = map[string][]string{
	"internal/web/calendar":  {"internal/web/portal"},
	"internal/web/documents": {"internal/web/reports"},
}

func TestLayers(t *testing.T) {
	all := imports(t)
	for _, f := range foundation {
		if _, ok := all[f]; !ok {
			t.Errorf("%s is listed as a foundation but does not exist", f)
		}
	}
	for pkg, ims := range all {
		for _, im := range ims {
			dep, inModule := strings.CutPrefix(im, module)
			switch {
			case slices.Contains(foundation, pkg):
				if inModule && !slices.Contains(foundation, dep) {
					t.Errorf("%s is a foundation but imports %s", pkg, dep)
				}
				// upload sniffs content types with net/http's detector and
				// serves nothing.
				if im == "database/sql" || im == "net/http" && pkg != "internal/upload" {
					t.Errorf("%s is a foundation but imports %s", pkg, im)
				}
			case pkg == "internal/store" || strings.HasPrefix(pkg, "internal/store/"):
				if inModule && (strings.HasPrefix(dep, "internal/web") || dep == "internal/remind" || dep == "internal/agenda" || dep == "internal/demo") {
					t.Errorf("the store imports %s, which stands on it", dep)
				}
			case pkg == "internal/agenda" || pkg == "internal/remind" || pkg == "internal/demo":
				if inModule && strings.HasPrefix(dep, "internal/web") {
					t.Errorf("%s imports the HTTP layer (%s)", pkg, dep)
				}
			case pkg == "internal/web":
				if inModule && strings.HasPrefix(dep, "internal/web/") {
					t.Errorf("the kit imports %s: areas stand on the kit, not the other way", dep)
				}
			case slices.Contains(areas, pkg):
				if inModule && slices.Contains(areas, dep) && !slices.Contains(allowedAreaImports[pkg], dep) {
					t.Errorf("area %s imports area %s: share through the kit or a foundation package", pkg, dep)
				}
				if inModule && dep == "internal/web/site" {
					t.Errorf("area %s imports the site that assembles it", pkg)
				}
			}
		}
	}
	for _, a := range areas {
		if !slices.Contains(all["internal/web/site"], module+a) {
			t.Errorf("internal/web/site does not mount %s", a)
		}
	}
}
