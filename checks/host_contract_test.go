package checks_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// readByReducer are table entries no check reads because the reducer
// itself consumes them (os-release becomes Machine.OS).
var readByReducer = []string{"/etc/os-release"}

// TestProbeCheckContract runs every host check over the hardened snapshot
// and each mutation of the host tables, records every Machine.File and
// Machine.Glob lookup, and holds them against Check.Files and
// snapshot.ProbedPaths: a check may read only what it declares, it may
// declare only what the probe collects, and the probe collects nothing no
// check reads.
func TestProbeCheckContract(t *testing.T) {
	var cases []checkCase
	cases = append(cases, checkCase{Name: "hardened"})
	cases = append(cases, hostCases...)
	cases = append(cases, hiddenCases...)
	cases = append(cases, newHostCases...)
	table := map[string]bool{}
	for _, p := range snapshot.ProbedPaths {
		table[p.Path] = true
	}
	declaredAnywhere := map[string]bool{}
	var hostChecks []*checks.Check
	for _, c := range checks.Registry {
		// A check may read probed files without requiring machines (the
		// database-server checks take user names from db.properties when
		// a management server was probed); it is held to the contract too.
		if !slices.Contains(c.Requires, snapshot.DataMachines) && len(c.Files) == 0 {
			continue
		}
		hostChecks = append(hostChecks, c)
		for _, f := range c.Files {
			declaredAnywhere[f] = true
			if !table[f] {
				t.Errorf("%s declares %s, which the probe does not collect (not in snapshot.ProbedPaths)", c.ID, f)
			}
		}
	}
	read := map[string]map[string]bool{}
	for _, cs := range cases {
		// Checks are pure: one mutated snapshot serves every check.
		s := loadHardened(t)
		if cs.Mutate != nil {
			cs.Mutate(s)
		}
		for _, c := range hostChecks {
			if read[c.ID] == nil {
				read[c.ID] = map[string]bool{}
			}
			for i := range s.Machines {
				m := &s.Machines[i]
				home := ""
				if m.CloudUser != nil {
					home = m.CloudUser.Home
				}
				id, name := c.ID, cs.Name
				m.Observe(func(p string) {
					e, ok := snapshot.LookupProbed(p, home)
					if !ok {
						t.Errorf("%s (case %s) reads %s, which the probe does not collect", id, name, p)
						return
					}
					read[id][e.Path] = true
				})
			}
			checks.Run(s, []*checks.Check{c})
		}
	}
	for _, c := range hostChecks {
		var undeclared []string
		for p := range read[c.ID] {
			if !slices.Contains(c.Files, p) {
				undeclared = append(undeclared, p)
			}
		}
		sort.Strings(undeclared)
		if len(undeclared) > 0 {
			t.Errorf("%s reads %s but does not declare it in Check.Files", c.ID, strings.Join(undeclared, ", "))
		}
	}
	for _, p := range snapshot.ProbedPaths {
		if !declaredAnywhere[p.Path] && !slices.Contains(readByReducer, p.Path) {
			t.Errorf("the probe collects %s but no check reads it", p.Path)
		}
	}
}
