package sshhost

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// compact copies every fact and shares no string with the raw output.
func TestCompactCopiesEverything(t *testing.T) {
	raw := strings.Repeat("x", 1000) + "/etc/cloudstack/management/key" + "abc"
	path := raw[1000:1030]
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m := snapshot.Machine{Name: raw[1030:], Via: "ssh", Root: "/", Roles: []string{raw[0:3]}, ListenersRead: true,
		Files: make([]snapshot.File, 1, 8), Listeners: []snapshot.Listener{{Address: "0.0.0.0", Port: 8080}},
		CloudUser: &snapshot.CloudUser{UID: 1, GID: 2, Home: path}}
	m.Files[0] = snapshot.File{Path: path, Exists: true, Read: true, Stat: &snapshot.FileStat{Type: "regular file", Mode: "0600", Owner: raw[:4]},
		Values: map[string]string{raw[:2]: raw[2:5]}, Secrets: map[string]snapshot.SecretFacts{"k": {Present: true, Length: 3}},
		Certificate: &snapshot.Certificate{Subject: raw[:5], NotAfter: now, DNSNames: []string{raw[:6]}}}
	c := compact(m)
	if !reflect.DeepEqual(c, m) {
		t.Fatalf("compact changed the machine:\n%+v\n%+v", c, m)
	}
	if cap(c.Files) != 1 {
		t.Errorf("Files capacity %d, want 1", cap(c.Files))
	}
	lo, hi := uintptr(unsafe.Pointer(unsafe.StringData(raw))), uintptr(unsafe.Pointer(unsafe.StringData(raw)))+uintptr(len(raw))
	for _, s := range []string{c.Name, c.Roles[0], c.Files[0].Path, c.Files[0].Stat.Owner, c.Files[0].Values[raw[:2]], c.Files[0].Certificate.Subject, c.Files[0].Certificate.DNSNames[0], c.CloudUser.Home} {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= lo && p < hi {
			t.Errorf("%q still points into the raw output", s)
		}
	}
	if c.Files[0].Stat == m.Files[0].Stat {
		t.Error("Stat pointer shared")
	}
}
