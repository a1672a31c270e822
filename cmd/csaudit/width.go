package main

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/csaudit/csaudit/reports"
)

// terminalWidth is the column count of the terminal f is, or 0.
func terminalWidth(f *os.File) int {
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 0
	}
	return int(ws.Col)
}

// tableWidth is the width the table format is laid out for: the
// terminal's when the report goes to it, else $COLUMNS, else
// reports.DefaultWidth.
func tableWidth(e env, toStdout bool) int {
	if toStdout && e.termWidth > 0 {
		return e.termWidth
	}
	if n, err := strconv.Atoi(strings.TrimSpace(e.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return reports.DefaultWidth
}
