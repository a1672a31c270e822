package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// WriteJSON writes the report as the documented JSON document. Values keep
// their evidence: encoding/json escapes C0 controls, and the C1 controls
// and bidi controls it would leave raw are written as \uNNNN escapes too,
// so the file is safe to cat and decodes to exactly the collected text
// (invalid UTF-8 decodes as U+FFFD, as JSON requires).
func WriteJSON(w io.Writer, r *Report) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONRunes(b.Bytes()))
	return err
}

// escapeJSONRunes rewrites, in encoder output, every rune Sanitize would
// escape beyond C0 as a JSON \uNNNN escape. Outside strings the encoder
// writes only ASCII, so every such rune is inside a string.
func escapeJSONRunes(b []byte) []byte {
	if !bytes.ContainsFunc(b, unsafeRune) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unsafeRune(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}
