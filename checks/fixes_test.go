package checks

import (
	"slices"
	"testing"
)

func TestSettingFixesMatchTheRegistry(t *testing.T) {
	for id, m := range SettingFixes {
		c, ok := Lookup(id)
		if !ok {
			t.Errorf("SettingFixes: %s is not a registered check", id)
			continue
		}
		for name, fix := range m {
			if len(c.Settings) > 0 && !slices.Contains(c.Settings, name) {
				t.Errorf("SettingFixes %s: %s is not among the settings the check reads %v", id, name, c.Settings)
			}
			if fix.Value == "" {
				t.Errorf("SettingFixes %s %s: empty value", id, name)
			}
		}
	}
	for id, names := range GroupSettingFixes {
		for _, n := range names {
			if _, ok := SettingFixes[id][n]; !ok {
				t.Errorf("GroupSettingFixes %s: %s has no SettingFixes value", id, n)
			}
		}
	}
	for id := range FileModeChecks {
		if _, ok := Lookup(id); !ok {
			t.Errorf("FileModeChecks: %s is not registered", id)
		}
	}
}
