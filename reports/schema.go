package reports

import _ "embed"

// JSONSchema is the JSON Schema (draft 2020-12) of the report layout of
// SchemaVersion; 'csaudit schema' prints it. It is open to additional
// properties, as the compatibility promise requires of consumers; the
// tests validate every report against a closed copy, so no field can be
// written that the schema does not document.
//
//go:embed schema/report-2.0.schema.json
var JSONSchema []byte
