package mysqldb

// The reader's data contract: every table and column it asks about (has,
// pick, selectFrom, FROM/JOIN in query text, the scopeTables list) is
// declared for the dataset the function fills in datasetTables; every
// declared table is in the schema query (watched); and every dataset the
// database collector claims (snapshot.DatabaseDatasets) has a declaration.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

var fromRE = regexp.MustCompile("(?:FROM|JOIN) `([a-z_]+)`")

func declared(ds []snapshot.Dataset, table, col string) bool {
	for _, d := range ds {
		if cols, ok := datasetTables[d][table]; ok && (col == "" || slices.Contains(cols, col)) {
			return true
		}
	}
	return false
}

func TestReaderQueriesAreDeclared(t *testing.T) {
	fset := token.NewFileSet()
	for _, file := range []string{"read.go", "users.go", "extra.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !strings.HasPrefix(fn.Name.Name, "read") || readHelpers[fn.Name.Name] {
				continue
			}
			var ds []snapshot.Dataset
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "snapshot" && strings.HasPrefix(sel.Sel.Name, "Data") {
						for d, name := range datasetConsts {
							if name == sel.Sel.Name {
								ds = append(ds, d)
							}
						}
					}
				}
				return true
			})
			if len(ds) == 0 {
				t.Errorf("%s: %s names no dataset", file, fn.Name.Name)
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					name := ""
					switch f := n.Fun.(type) {
					case *ast.SelectorExpr:
						name = f.Sel.Name
					case *ast.Ident:
						name = f.Name
					}
					if name != "has" && name != "pick" && name != "selectFrom" {
						return true
					}
					if len(n.Args) == 0 {
						return true
					}
					if bl, ok := n.Args[0].(*ast.BasicLit); !ok || bl.Kind != token.STRING {
						return true // table from a variable: scopeTables, checked below
					}
					var lits []string
					for _, a := range n.Args {
						if bl, ok := a.(*ast.BasicLit); ok && bl.Kind == token.STRING {
							v, _ := strconv.Unquote(bl.Value)
							lits = append(lits, v)
						}
					}
					if len(lits) == 0 || name == "selectFrom" && len(lits) > 0 && !strings.HasPrefix(lits[0], " ") {
						if name == "selectFrom" && len(lits) > 0 && !declared(ds, lits[0], "") {
							t.Errorf("%s: %s selects from table %s, not declared for %v", file, fn.Name.Name, lits[0], ds)
						}
						return true
					}
					if name == "selectFrom" {
						return true
					}
					for _, col := range append([]string{""}, lits[1:]...) {
						if !declared(ds, lits[0], col) {
							t.Errorf("%s: %s asks about %s.%s, not declared for %v in datasetTables", file, fn.Name.Name, lits[0], col, ds)
						}
					}
				case *ast.CompositeLit:
					// []credTable{{table: ..., idCol: ..., nameCol: ..., secretCol: ...}}
					at, ok := n.Type.(*ast.ArrayType)
					if !ok {
						return true
					}
					if id, ok := at.Elt.(*ast.Ident); !ok || id.Name != "credTable" {
						return true
					}
					for _, el := range n.Elts {
						cl, ok := el.(*ast.CompositeLit)
						if !ok {
							continue
						}
						f := map[string]string{}
						for _, e := range cl.Elts {
							if kv, ok := e.(*ast.KeyValueExpr); ok {
								if bl, ok := kv.Value.(*ast.BasicLit); ok && bl.Kind == token.STRING {
									f[kv.Key.(*ast.Ident).Name], _ = strconv.Unquote(bl.Value)
								}
							}
						}
						for _, col := range []string{f["idCol"], f["altIDCol"], f["nameCol"], f["secretCol"]} {
							if col != "" && !declared(ds, f["table"], col) {
								t.Errorf("%s: %s reads credential column %s.%s, not declared for %v", file, fn.Name.Name, f["table"], col, ds)
							}
						}
					}
				case *ast.BasicLit:
					if n.Kind == token.STRING {
						v, _ := strconv.Unquote(n.Value)
						for _, m := range fromRE.FindAllStringSubmatch(v, -1) {
							if !declared(ds, m[1], "") {
								t.Errorf("%s: %s queries table %s, not declared for %v", file, fn.Name.Name, m[1], ds)
							}
						}
					}
				}
				return true
			})
		}
	}
	for _, st := range scopeTables {
		for tab, cols := range map[string][]string{st.table: {st.fk, "name", "value"}, st.nameTable: {"id", st.nameCol}} {
			for _, c := range cols {
				if !declared([]snapshot.Dataset{snapshot.DataScopedSettings}, tab, c) {
					t.Errorf("scopeTables reads %s.%s, not declared for scoped_settings", tab, c)
				}
			}
		}
	}
}

// readHelpers are reader methods that fill no dataset of their own: they
// call the readers, or read for the dataset their caller names.
var readHelpers = map[string]bool{"readExtra": true, "readCreds": true}

// datasetConsts names the snapshot constant of each dataset.
var datasetConsts = map[snapshot.Dataset]string{
	snapshot.DataVersion: "DataVersion", snapshot.DataSettings: "DataSettings", snapshot.DataScopedSettings: "DataScopedSettings",
	snapshot.DataMgmtServers: "DataMgmtServers", snapshot.DataHosts: "DataHosts", snapshot.DataUsers: "DataUsers",
	snapshot.DataHostCreds: "DataHostCreds", snapshot.DataAPIKeys: "DataAPIKeys", snapshot.DataVCenterCreds: "DataVCenterCreds",
	snapshot.DataKeystore: "DataKeystore", snapshot.DataRootCA: "DataRootCA", snapshot.DataLDAP: "DataLDAP",
	snapshot.DataHostSecured: "DataHostSecured", snapshot.DataUserSecurity: "DataUserSecurity", snapshot.DataOAuth: "DataOAuth",
	snapshot.DataVPNSecrets: "DataVPNSecrets", snapshot.DataConsoleSecret: "DataConsoleSecret", snapshot.DataOOBM: "DataOOBM",
	snapshot.DataLBCerts: "DataLBCerts", snapshot.DataPassphrases: "DataPassphrases", snapshot.DataResLimits: "DataResLimits",
	snapshot.DataTemplates: "DataTemplates", snapshot.DataRouters: "DataRouters",
}

func TestDeclaredTablesAreWatched(t *testing.T) {
	seen := map[string]bool{}
	for d, tabs := range datasetTables {
		if !slices.Contains(snapshot.DatabaseDatasets, d) {
			t.Errorf("datasetTables declares %s, which is not in snapshot.DatabaseDatasets", d)
		}
		for tab := range tabs {
			seen[tab] = true
			if !slices.Contains(watched, tab) {
				t.Errorf("%s reads table %s, which the schema query (watched) does not ask about", d, tab)
			}
		}
	}
	for _, tab := range watched {
		if !seen[tab] {
			t.Errorf("watched table %s is declared for no dataset", tab)
		}
	}
	for _, d := range snapshot.DatabaseDatasets {
		if _, ok := serverSources[d]; ok {
			continue // reads the server, not the cloud schema: TestServerQueriesAreDeclared
		}
		if _, ok := datasetTables[d]; !ok {
			t.Errorf("dataset %s is filled by the database collector but has no table declaration", d)
		}
		if _, ok := datasetConsts[d]; !ok {
			t.Errorf("dataset %s has no constant name in datasetConsts", d)
		}
	}
}

var serverFromRE = regexp.MustCompile("(?:FROM|JOIN) (mysql|information_schema)\\.`?([A-Za-z_]+)`?|^(SHOW (?:GLOBAL VARIABLES|SESSION STATUS|GRANTS FOR CURRENT_USER\\(\\)))")

// Every server table or statement server.go sends is declared in
// serverSources, and every declared source is used.
func TestServerQueriesAreDeclared(t *testing.T) {
	b, err := os.ReadFile("server.go")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "server.go", b, 0)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	for _, srcs := range serverSources {
		for _, s := range srcs {
			all[s] = true
		}
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		bl, ok := n.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return true
		}
		v, _ := strconv.Unquote(bl.Value)
		for _, m := range serverFromRE.FindAllStringSubmatch(v, -1) {
			src := strings.TrimSpace(m[3])
			if m[1] != "" {
				src = m[1] + "." + m[2]
			}
			if src == "" {
				continue
			}
			used[src] = true
			if !all[src] {
				t.Errorf("server.go queries %s, not declared in serverSources", src)
			}
		}
		return true
	})
	for s := range all {
		if !used[s] {
			t.Errorf("serverSources declares %s, which server.go does not query", s)
		}
	}
	for d := range serverSources {
		if !slices.Contains(snapshot.DatabaseDatasets, d) {
			t.Errorf("serverSources declares %s, not a database dataset", d)
		}
	}
}
