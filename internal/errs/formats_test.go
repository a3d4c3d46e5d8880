package errs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// bilingual lists the functions that format a Vietnamese and an English
// message with one set of arguments, by the name they are called with, and
// the position of the Vietnamese format (the English one follows it, then
// the arguments). go vet checks only the English format of each (the one
// just before the arguments); this test holds the Vietnamese one to it.
var bilingual = map[string]int{
	"errs.Fieldf": 1,
	"errs.Newf":   1,
	".Tf":         0, // the web pages' p.Tf(vi, en, args...)
}

// TestBilingualFormatsAgree reads every Go file of the module and checks
// each call of a bilingual formatter: both formats are literals, and they
// use the same verb for each argument and every argument once at least, so
// neither language can show "%!(EXTRA …)" or "%!d(MISSING)". Without it a
// Vietnamese message that forgot its verb passes go vet, as "kiểu dữ liệu
// không đúng%!(EXTRA string=web.activityInput)" did.
func TestBilingualFormatsAgree(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	calls := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		errsName := importName(f, "tebdg/internal/errs")
		inErrs := f.Name.Name == "errs" && filepath.Dir(path) == filepath.Join(root, "internal", "errs")
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := calleeName(call.Fun, errsName, inErrs)
			vi, ok := bilingual[name]
			if !ok {
				return true
			}
			calls++
			where := fset.Position(call.Pos()).String()
			if rel, err := filepath.Rel(root, where); err == nil {
				where = rel
			}
			if len(call.Args) < vi+2 {
				t.Errorf("%s: %s with %d arguments", where, name, len(call.Args))
				return true
			}
			viFmt, ok1 := literal(call.Args[vi])
			enFmt, ok2 := literal(call.Args[vi+1])
			if !ok1 || !ok2 {
				t.Errorf("%s: %s needs both formats written as literals, so they can be checked", where, name)
				return true
			}
			nargs := len(call.Args) - vi - 2
			if call.Ellipsis.IsValid() {
				nargs = -1 // forwarded: the count is not known here
			}
			viVerbs, err1 := verbs(viFmt)
			enVerbs, err2 := verbs(enFmt)
			switch {
			case err1 != nil:
				t.Errorf("%s: Vietnamese format %q: %v", where, viFmt, err1)
			case err2 != nil:
				t.Errorf("%s: English format %q: %v", where, enFmt, err2)
			case !sameVerbs(viVerbs, enVerbs):
				t.Errorf("%s: the formats disagree: %q uses %v, %q uses %v", where, viFmt, viVerbs, enFmt, enVerbs)
			case nargs >= 0 && !usesAll(viVerbs, nargs):
				t.Errorf("%s: %q and %q do not use each of the %d arguments", where, viFmt, enFmt, nargs)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 50 {
		t.Errorf("found only %d calls: is the module root %s right?", calls, root)
	}
}

// TestBilingualListComplete makes sure a new bilingual formatter in this
// package is added to the list above.
func TestBilingualListComplete(t *testing.T) {
	fset := token.NewFileSet()
	for _, file := range []string{"errs.go", "rows.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasSuffix(fn.Name.Name, "f") || fn.Type.Params.NumFields() < 3 {
				continue
			}
			if _, ok := bilingual["errs."+fn.Name.Name]; !ok {
				t.Errorf("%s formats messages: add it to bilingual", fn.Name.Name)
			}
		}
	}
}

func TestVerbs(t *testing.T) {
	for _, tt := range []struct {
		format string
		want   map[int]string
		bad    bool
	}{
		{"no verbs, 100%%", map[int]string{}, false},
		{"mã %s dài %d", map[int]string{0: "s", 1: "d"}, false},
		{"%[2]s trước %[1]q", map[int]string{0: "q", 1: "s"}, false},
		{"%-8.3f|%+v|%#x|% d", map[int]string{0: "f", 1: "v", 2: "x", 3: "d"}, false},
		{"%*d", map[int]string{0: "*", 1: "d"}, false},
		{"%[1]s và %[1]s", map[int]string{0: "s"}, false},
		{"dangling %", nil, true},
		{"%[x]d", nil, true},
	} {
		got, err := verbs(tt.format)
		if (err != nil) != tt.bad {
			t.Errorf("%q: error %v", tt.format, err)
			continue
		}
		if !tt.bad && !sameVerbs(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.format, got, tt.want)
		}
	}
	if sameVerbs(map[int]string{0: "s"}, map[int]string{}) || sameVerbs(map[int]string{0: "s"}, map[int]string{0: "d"}) {
		t.Error("different verbs compare equal")
	}
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// importName is the name a file uses for an import path ("" if it does not
// import it).
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return filepath.Base(path)
		}
	}
	return ""
}

// calleeName names a call's function as the bilingual table does:
// "errs.Fieldf" however errs is imported (or bare inside package errs),
// ".Tf" for a method called Tf.
func calleeName(fun ast.Expr, errsName string, inErrs bool) string {
	switch f := fun.(type) {
	case *ast.Ident:
		if inErrs {
			return "errs." + f.Name
		}
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && errsName != "" && x.Name == errsName {
			return "errs." + f.Sel.Name
		}
		return "." + f.Sel.Name
	}
	return ""
}

// literal returns the value of a string literal, or of literals joined
// with +.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// verbs maps each argument index (from 0) a format uses to its verbs; a
// '*' width or precision counts as the verb "*".
func verbs(format string) (map[int]string, error) {
	out := map[int]string{}
	next := 0
	add := func(i int, v string) {
		if !strings.Contains(out[i], v) {
			out[i] += v
		}
	}
	// index reads an optional [n] at format[i:], setting next.
	index := func(i int) (int, error) {
		if i >= len(format) || format[i] != '[' {
			return i, nil
		}
		end := strings.IndexByte(format[i:], ']')
		if end < 0 {
			return i, errBadFormat("unclosed [")
		}
		n, err := strconv.Atoi(format[i+1 : i+end])
		if err != nil || n < 1 {
			return i, errBadFormat("bad argument index " + format[i:i+end+1])
		}
		next = n - 1
		return i + end + 1, nil
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i >= len(format) {
			return nil, errBadFormat("ends with %")
		}
		if format[i] == '%' {
			continue
		}
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		var err error
		// width, then precision: digits, or * taking an argument
		for part := 0; part < 2; part++ {
			if i, err = index(i); err != nil {
				return nil, err
			}
			if i < len(format) && format[i] == '*' {
				add(next, "*")
				next++
				i++
			} else {
				for i < len(format) && format[i] >= '0' && format[i] <= '9' {
					i++
				}
			}
			if part == 0 && i < len(format) && format[i] == '.' {
				i++
				continue
			}
			break
		}
		if i, err = index(i); err != nil {
			return nil, err
		}
		if i >= len(format) {
			return nil, errBadFormat("a verb is missing at the end")
		}
		add(next, string(format[i]))
		next++
	}
	return out, nil
}

type errBadFormat string

func (e errBadFormat) Error() string { return string(e) }

func sameVerbs(a, b map[int]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i, v := range a {
		if b[i] != v {
			return false
		}
	}
	return true
}

// usesAll reports whether the verbs take exactly the arguments 0..n-1.
func usesAll(vs map[int]string, n int) bool {
	if len(vs) != n {
		return false
	}
	for i := range n {
		if _, ok := vs[i]; !ok {
			return false
		}
	}
	return true
}
