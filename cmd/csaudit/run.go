package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/csaudit/csaudit/checks"
	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// env is everything run takes from the process, so tests can supply it.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	isTerminal     bool
	// stderrTerminal: standard error is a terminal (progress is redrawn).
	stderrTerminal bool
	termWidth      int // columns of the terminal on stdout, 0 if none
}

// usageError is a bad command line or configuration: exit 2.
type usageError struct{ msg, hint string }

func (e *usageError) Error() string { return e.msg }

func usageErr(hint, f string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(f, a...), hint: hint}
}

func run(ctx context.Context, args []string, e env) int {
	// Source errors, hints and warnings quote hosts and databases: one
	// sanitiser stands between them and the terminal.
	e.stderr = reports.SanitizingWriter(e.stderr)
	err := dispatch(ctx, args, e)
	if err == nil {
		return reports.ExitClean
	}
	var ex exitCode
	if errors.As(err, &ex) {
		return int(ex)
	}
	fmt.Fprintf(e.stderr, "csaudit: error: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.hint != "" {
			fmt.Fprintf(e.stderr, "csaudit: hint: %s\n", ue.hint)
		}
		return reports.ExitUsage
	}
	return reports.ExitIncomplete
}

// exitCode carries a non-zero exit from a completed audit.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

func dispatch(ctx context.Context, args []string, e env) error {
	if len(args) > 0 {
		switch args[0] {
		case "version", "--version":
			if err := noArgs(args[0], args[1:]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "csaudit %s (%d checks, report schema %s, snapshot schema %s)\n", version, len(checks.Registry), reports.SchemaVersion, snapshot.SchemaVersion)
			return nil
		case "checks":
			return cmdChecks(args[1:], e)
		case "explain":
			return cmdExplain(args[1:], e)
		case "waivers":
			return cmdWaivers(args[1:], e)
		case "merge":
			return cmdMerge(args[1:], e)
		case "compare":
			return cmdCompare(args[1:], e)
		case "policy":
			return cmdPolicy(args[1:], e)
		case "schema":
			if err := noArgs("schema", args[1:]); err != nil {
				return err
			}
			_, err := e.stdout.Write(reports.JSONSchema)
			return err
		case "help":
			fmt.Fprint(e.stdout, usage)
			return nil
		}
	}
	return audit(ctx, args, e)
}

func newFlagSet(name string, e env) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

func parseFlags(fs *pflag.FlagSet, args []string, e env) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(e.stdout, usage)
			return true, nil
		}
		return false, usageErr("run 'csaudit --help' for the flags", "%v", err)
	}
	return false, nil
}
