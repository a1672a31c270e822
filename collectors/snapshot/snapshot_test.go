package snapshot

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSaveDecodeRoundTrip(t *testing.T) {
	v := "0"
	dyn := true
	s := &Snapshot{
		SchemaVersion: SchemaVersion, CollectedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		Target: "mysql://csaudit@db1:3306/cloud", CloudStackVersion: "4.22.0.0",
		Data:         map[Dataset]Availability{DataSettings: {Status: Collected}, DataLDAP: {Status: Absent, Reason: "x"}},
		Settings:     []Setting{{Name: "integration.api.port", Value: &v, Dynamic: &dyn, Scope: "Global", ScopeRaw: "1"}},
		DBEncryption: &EncryptionFacts{State: EncryptionOn, Evidence: "e"},
		Users:        []User{{ID: 2, Username: "admin", Password: PasswordFacts{Scheme: SchemePBKDF2, Rounds: 100000, DefaultChecked: true}}},
		Sources:      []Source{{Kind: "database", Target: "t", OK: true}},
	}
	var buf bytes.Buffer
	if err := s.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip differs:\n%+v\n%+v", got, s)
	}
}

func TestDecodeRejects(t *testing.T) {
	for name, in := range map[string]string{
		"other schema":  `{"schema_version":"99","collected_at":"2026-01-01T00:00:00Z","target":"","data":{},"sources":[]}`,
		"unknown field": `{"schema_version":"1","bogus":1}`,
		"not json":      `hello`,
	} {
		if _, err := Decode(strings.NewReader(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAvailabilityDefault(t *testing.T) {
	var s Snapshot
	if a := s.Availability(DataUsers); a.Status != NotCollected || a.Reason == "" {
		t.Fatalf("%+v", a)
	}
}
