package snapshot

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzDecode: a snapshot file never crashes the reader; one it accepts
// saves and decodes again to the same snapshot (round trip).
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"schema_version":"1"}`))
	f.Add([]byte(`{"schema_version":"1","collected_at":"2026-11-23T12:00:00Z","target":"mysql://x","data":{"settings":{"status":"collected"}},"settings":[{"name":"a","category":"Advanced","value":"1"}],"sources":[{"kind":"database","target":"x","ok":true}]}`))
	f.Add([]byte(`{"schema_version":"1","machines":[{"name":"h","via":"ssh","root":"/","files":[{"path":"/etc/x"}]}],"sources":[]}`))
	f.Add([]byte(`{"schema_version":"2"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := s.Save(&buf); err != nil {
			t.Fatalf("save: %v", err)
		}
		again, err := Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("decode of saved snapshot: %v\n%s", err, buf.Bytes())
		}
		var buf2 bytes.Buffer
		if err := again.Save(&buf2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), buf2.Bytes()) && !reflect.DeepEqual(s, again) {
			t.Fatalf("round trip changed the snapshot:\n%s\n%s", buf.Bytes(), buf2.Bytes())
		}
	})
}
