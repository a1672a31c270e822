package reports

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as the documented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
