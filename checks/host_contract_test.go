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
	for _, c := range checks.Registry {
		if !slices.Contains(c.Requires, snapshot.DataMachines) {
			if len(c.Files) > 0 {
				t.Errorf("%s declares Files but does not require machines", c.ID)
			}
			continue
		}
		for _, f := range c.Files {
			declaredAnywhere[f] = true
			if !table[f] {
				t.Errorf("%s declares %s, which the probe does not collect (not in snapshot.ProbedPaths)", c.ID, f)
			}
		}
		read := map[string]bool{}
		for _, cs := range cases {
			s := loadHardened(t)
			if cs.Mutate != nil {
				cs.Mutate(s)
			}
			for i := range s.Machines {
				m := &s.Machines[i]
				home := ""
				if m.CloudUser != nil {
					home = m.CloudUser.Home
				}
				m.Observe(func(p string) {
					e, ok := snapshot.LookupProbed(p, home)
					if !ok {
						t.Errorf("%s (case %s) reads %s, which the probe does not collect", c.ID, cs.Name, p)
						return
					}
					read[e.Path] = true
				})
			}
			checks.Run(s, []*checks.Check{c})
		}
		var undeclared []string
		for p := range read {
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
