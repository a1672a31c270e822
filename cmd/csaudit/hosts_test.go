package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadHostsFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "hosts")
	os.WriteFile(p, []byte("# fleet\nmgmt1\n\nroot@kvm01:2222  # rack 4\n[2001:db8::5]:22\n"), 0o600)
	got, err := readHostsFile(p)
	if err != nil || strings.Join(got, ",") != "mgmt1,root@kvm01:2222,[2001:db8::5]:22" {
		t.Fatalf("%v %v", got, err)
	}
	os.WriteFile(p, []byte("mgmt1 mgmt2\n"), 0o600)
	if _, err := readHostsFile(p); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("two targets on a line: %v", err)
	}
}
