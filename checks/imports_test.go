package checks_test

// Style rule 3: checks are pure functions of the snapshot. This test keeps
// I/O, clock and environment out of package checks, by its direct imports,
// by the imports it reaches inside this module, and by the calls it makes.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/csaudit/csaudit"

// banned reports why an import path must not be reached, or "".
// direct is true for package checks' own imports, which are held to a
// stricter list (no os at all) than the packages it reaches.
func banned(path string, direct bool) string {
	switch {
	case path == "database/sql" || strings.HasPrefix(path, "database/sql/"):
		return "database access"
	case path == "net" || (strings.HasPrefix(path, "net/") && path != "net/netip"):
		return "network access (only net/netip is allowed)"
	case path == "os/exec":
		return "running programs"
	case path == "golang.org/x/crypto/ssh" || strings.HasPrefix(path, "golang.org/x/crypto/ssh/"):
		return "SSH"
	case path == module+"/collectors/mysqldb" || strings.HasPrefix(path, module+"/collectors/mysqldb/"),
		path == module+"/collectors/sshhost" || strings.HasPrefix(path, module+"/collectors/sshhost/"),
		path == module+"/collectors/local",
		path == module+"/reports" || strings.HasPrefix(path, module+"/reports/"),
		path == module+"/cmd" || strings.HasPrefix(path, module+"/cmd/"):
		return "a collector, report or command package"
	}
	if !direct {
		return ""
	}
	switch {
	case path == "os" || strings.HasPrefix(path, "os/"):
		return "the operating system (files, environment)"
	case path == "syscall", path == "io/ioutil", path == "unsafe":
		return "the operating system"
	case path == "math/rand" || path == "math/rand/v2" || path == "crypto/rand":
		return "randomness"
	}
	return ""
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return files
}

func importPaths(f *ast.File) []string {
	var out []string
	for _, is := range f.Imports {
		p, _ := strconv.Unquote(is.Path.Value)
		out = append(out, p)
	}
	return out
}

func TestImportBoundary(t *testing.T) {
	fset := token.NewFileSet()
	// Direct imports of package checks.
	for _, f := range parseDir(t, fset, ".") {
		for _, p := range importPaths(f) {
			if why := banned(p, true); why != "" {
				t.Errorf("%s imports %s: %s is not allowed in package checks", fset.Position(f.Package).Filename, p, why)
			}
		}
	}
	// Packages of this module that checks reaches, transitively.
	seen := map[string]bool{}
	var walk func(pkg, via string)
	walk = func(pkg, via string) {
		if seen[pkg] {
			return
		}
		seen[pkg] = true
		dir := filepath.Join("..", filepath.FromSlash(strings.TrimPrefix(pkg, module+"/")))
		for _, f := range parseDir(t, fset, dir) {
			for _, p := range importPaths(f) {
				if why := banned(p, false); why != "" {
					t.Errorf("checks reaches %s (via %s): %s", p, via+" → "+pkg, why)
				}
				if strings.HasPrefix(p, module+"/") {
					walk(p, via+" → "+pkg)
				}
			}
		}
	}
	for _, f := range parseDir(t, fset, ".") {
		for _, p := range importPaths(f) {
			if strings.HasPrefix(p, module+"/") {
				walk(p, "checks")
			}
		}
	}
	if !seen[module+"/collectors/snapshot"] {
		t.Error("the walk did not reach collectors/snapshot; is the module path right?")
	}
}

// TestNoClockOrEnvironment finds calls that read the clock or the
// environment, by syntax (whatever the import is named) and by text.
func TestNoClockOrEnvironment(t *testing.T) {
	forbidden := map[string][]string{
		"time": {"Now", "Since", "Until", "Tick", "After", "AfterFunc", "NewTimer", "NewTicker", "Sleep"},
		"os":   {"Getenv", "LookupEnv", "Environ", "Hostname", "Getwd", "Open", "ReadFile"},
	}
	fset := token.NewFileSet()
	for _, f := range parseDir(t, fset, ".") {
		name := fset.Position(f.Package).Filename
		local := map[string]string{} // local name → import path
		for _, is := range f.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			n := p[strings.LastIndex(p, "/")+1:]
			if is.Name != nil {
				n = is.Name.Name
			}
			local[n] = p
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			for _, fn := range forbidden[local[id.Name]] {
				if sel.Sel.Name == fn {
					t.Errorf("%s: %s.%s: checks must take the time and environment from the snapshot", fset.Position(sel.Pos()), local[id.Name], fn)
				}
			}
			return true
		})
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"time.Now(", "os.Getenv(", "os.LookupEnv("} {
			if strings.Contains(string(src), s) {
				t.Errorf("%s contains %s", name, s)
			}
		}
	}
}
