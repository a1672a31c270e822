// Command csaudit audits the security configuration of an Apache CloudStack
// deployment against the CloudStack threat model.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{
		stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now,
		isTerminal: isTerminal(os.Stdout), stderrTerminal: isTerminal(os.Stderr), termWidth: terminalWidth(os.Stdout),
	})
	stop()
	os.Exit(code)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// tuneGC: a fleet audit holds every host's facts until the report is
// written, so the heap's growth between collections is what peak memory
// is made of. GOGC 50 keeps the heap within 1.5x of the live facts
// (default 2x) for a little more GC work; GOGC in the environment wins.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}
