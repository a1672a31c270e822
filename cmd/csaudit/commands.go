package main

import "strings"

// subcommands lists every subcommand dispatch knows, for hints; a test
// holds it against dispatch and the usage text.
var subcommands = []string{"checks", "explain", "waivers", "policy", "schema", "version", "help"}

// subcommandHint names every subcommand.
func subcommandHint() string {
	return "subcommands are " + strings.Join(subcommands, ", ") + "; sources are flags (csaudit --help)"
}

// noArgs is the error for a subcommand given arguments it does not take.
func noArgs(cmd string, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usageErr("'csaudit "+cmd+"' takes no arguments; "+subcommandHint(), "%s: unexpected argument %q", cmd, args[0])
}
