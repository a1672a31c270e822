package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/csaudit/csaudit/reports"
)

const waiversHint = "'csaudit waivers lint FILE' checks a waiver file; README.md, section Waivers, shows the format"

// loadWaivers reads and validates a --waivers file; every problem is
// listed with its line.
func loadWaivers(path string) (*reports.Waivers, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr(waiversHint, "--waivers: %v", err)
	}
	w, problems := reports.ParseWaivers(path, data)
	if len(problems) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "--waivers %s is invalid (%d problem(s)):", path, len(problems))
		for _, p := range problems {
			b.WriteString("\n    " + problemLine(path, p))
		}
		return nil, usageErr(waiversHint, "%s", b.String())
	}
	return w, nil
}

func problemLine(path string, p reports.Problem) string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", path, p.Msg)
}

// cmdWaivers is 'csaudit waivers lint FILE': exit 0 when the file is valid
// and no waiver has expired today, 2 otherwise, with every problem listed.
func cmdWaivers(args []string, e env) error {
	const use = "usage: csaudit waivers lint FILE"
	if len(args) == 0 {
		return usageErr(use, "waivers needs a subcommand")
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, use)
		return nil
	}
	if args[0] != "lint" {
		return usageErr(use, "unknown waivers subcommand %q", args[0])
	}
	fs := newFlagSet("waivers lint", e)
	if help, err := parseFlags(fs, args[1:], e); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr(use, "waivers lint takes exactly one file")
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return usageErr("", "waivers lint: %v", err)
	}
	n, problems := reports.LintWaivers(data, e.now())
	for _, p := range problems {
		fmt.Fprintln(e.stdout, problemLine(path, p))
	}
	if len(problems) > 0 {
		return usageErr("", "%s: %d problem(s) in %d waiver(s)", path, len(problems), n)
	}
	fmt.Fprintf(e.stdout, "%s: %d waiver(s), no problems\n", path, n)
	return nil
}
