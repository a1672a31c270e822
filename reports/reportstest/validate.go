// Package reportstest validates csaudit's JSON and SARIF outputs against
// their schemas in tests: the report schema shipped in reports/schema
// (closed, so an undocumented field fails) and the SARIF 2.1.0 schema
// vendored in testdata/schema (CI has no network). Only tests import it.
package reportstest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/csaudit/csaudit/reports"
)

var (
	once           sync.Once
	report, sarif  *jsonschema.Schema
	errCompile     error
	reportSchemaID = "https://github.com/csaudit/csaudit/reports/schema/report-2.0.schema.json"
	sarifSchemaID  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

// repoRoot is the module root, found from this file's location.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Closed returns a copy of a JSON Schema document in which every object
// schema that lists properties allows no others: what a report writes
// must be documented.
func Closed(doc any) any {
	switch v := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(v)+1)
		for k, x := range v {
			out[k] = Closed(x)
		}
		if _, ok := v["properties"]; ok {
			if _, set := v["additionalProperties"]; !set {
				out["additionalProperties"] = false
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = Closed(x)
		}
		return out
	}
	return doc
}

func compile() {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(reports.JSONSchema))
	if err != nil {
		errCompile = err
		return
	}
	if err = c.AddResource(reportSchemaID, Closed(doc)); err != nil {
		errCompile = err
		return
	}
	f, err := os.Open(filepath.Join(repoRoot(), "testdata", "schema", "sarif-schema-2.1.0.json"))
	if err != nil {
		errCompile = err
		return
	}
	defer f.Close()
	sdoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		errCompile = err
		return
	}
	if err = c.AddResource(sarifSchemaID, sdoc); err != nil {
		errCompile = err
		return
	}
	if report, errCompile = c.Compile(reportSchemaID); errCompile != nil {
		return
	}
	sarif, errCompile = c.Compile(sarifSchemaID)
}

func validate(t testing.TB, which string, s **jsonschema.Schema, data []byte) {
	t.Helper()
	once.Do(compile)
	if errCompile != nil {
		t.Fatalf("compiling schemas: %v", errCompile)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s output is not JSON: %v", which, err)
	}
	if err := (*s).Validate(inst); err != nil {
		t.Fatalf("%s output does not validate against its schema:\n%v", which, err)
	}
}

// Report fails t unless data is a valid csaudit JSON report.
func Report(t testing.TB, data []byte) { validate(t, "JSON report", &report, data) }

// SARIF fails t unless data is a valid SARIF 2.1.0 log.
func SARIF(t testing.TB, data []byte) { validate(t, "SARIF", &sarif, data) }

// CSPHash is the Content-Security-Policy source expression that allows an
// inline script or style with exactly this text.
func CSPHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// Decode unmarshals data into v or fails t.
func Decode(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}
