package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/csaudit/csaudit/reports"
)

// output is one rendering of the report: a format and where it goes
// ("" = standard output).
type output struct {
	format, path string
	mkdir        bool // create the path's directory (--output-dir)
}

// planOutputs validates --format, -o and --output-dir before anything
// connects. One format goes to standard output or -o FILE; a comma list
// needs --output-dir DIR and writes DIR/csaudit.<ext> for each format.
func planOutputs(format, file, dir string) ([]output, error) {
	var formats []string
	seen := map[string]bool{}
	for _, f := range strings.Split(format, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if _, ok := reports.LookupFormat(f); !ok {
			return nil, usageErr("formats: "+strings.Join(reports.FormatNames(), ", "), "--format: unknown format %q", f)
		}
		if seen[f] {
			return nil, usageErr("", "--format: %s is given twice", f)
		}
		seen[f] = true
		formats = append(formats, f)
	}
	switch {
	case len(formats) == 0:
		return nil, usageErr("formats: "+strings.Join(reports.FormatNames(), ", "), "--format is empty")
	case file != "" && dir != "":
		return nil, usageErr("-o writes one format to a file; --output-dir writes csaudit.<ext> per format", "-o and --output-dir cannot be combined")
	case len(formats) > 1 && file != "":
		return nil, usageErr("for example: --format json,sarif --output-dir reports/", "-o takes one format; several formats need --output-dir DIR")
	case len(formats) > 1 && dir == "":
		return nil, usageErr("for example: --format json,sarif --output-dir reports/", "several formats need --output-dir DIR")
	}
	var out []output
	for _, f := range formats {
		switch {
		case dir != "":
			out = append(out, output{f, filepath.Join(dir, reports.FileName(f)), true})
		default:
			out = append(out, output{f, file, false})
		}
	}
	return out, nil
}

// preflightOutputs checks, before any connection, that every report and
// the snapshot can be written: --output-dir is created now (so
// --save-snapshot may point into it), and the directory of every other
// path must exist, be a directory and accept a new file. An audit never
// runs only to find it cannot write its result.
func preflightOutputs(outs []output, saveSnapshot string) error {
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		flag := "-o"
		if o.mkdir {
			flag = "--output-dir"
			if err := os.MkdirAll(filepath.Dir(o.path), 0o750); err != nil {
				return usageErr("give a directory csaudit can create or write to", "--output-dir %s: %v", filepath.Dir(o.path), unwrapPath(err))
			}
		}
		if err := checkWritable(flag, o.path); err != nil {
			return err
		}
	}
	if saveSnapshot != "" {
		return checkWritable("--save-snapshot", saveSnapshot)
	}
	return nil
}

// checkWritable reports, as a usage error naming flag and path, why path
// cannot be written: its directory is missing or not a directory or not
// writable, or path is a directory. Devices and pipes are fine.
func checkWritable(flag, path string) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return usageErr("give a file name, not a directory", "%s %s: is a directory", flag, path)
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
	}
	dir := dirOf(path)
	fi, err := os.Stat(dir)
	switch {
	case err != nil:
		return usageErr("create the directory first, or use --output-dir DIR, which creates it", "%s %s: directory %s: %v", flag, path, dir, unwrapPath(err))
	case !fi.IsDir():
		return usageErr("the path must be inside an existing directory", "%s %s: %s is not a directory", flag, path, dir)
	}
	f, err := os.CreateTemp(dir, ".csaudit-probe-*")
	if err != nil {
		return usageErr("choose a directory you can write to", "%s %s: cannot write in %s: %v", flag, path, dir, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// unwrapPath drops the operation and path of an *os.PathError (the
// caller names the path itself, never a temporary file).
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeOutputs renders every format first, then writes each file
// atomically: a rendering error leaves no file behind, and a reader never
// sees half a report.
func writeOutputs(rep *reports.Report, outs []output, e env) error {
	color := rep.Color
	defer func() { rep.Color = color }()
	bufs := make([]bytes.Buffer, len(outs))
	for i, o := range outs {
		rep.Color = color && o.path == ""
		if err := reports.Write(&bufs[i], o.format, rep); err != nil {
			return fmt.Errorf("%s: %w", o.format, err)
		}
	}
	for i, o := range outs {
		if o.path == "" {
			if _, err := e.stdout.Write(bufs[i].Bytes()); err != nil {
				return err
			}
			continue
		}
		if o.mkdir {
			if err := os.MkdirAll(filepath.Dir(o.path), 0o750); err != nil {
				return err
			}
		}
		b := bufs[i].Bytes()
		if err := writeFile(o.path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes through fn to a temporary file and renames it into place,
// so a failed run never leaves half a report. Its errors name path, never
// the temporary file.
func writeFile(path string, fn func(io.Writer) error) error {
	if err := writeFileTemp(path, fn); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	return nil
}

func writeFileTemp(path string, fn func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		// A device or pipe (/dev/stdout, /dev/null): write to it, never replace it.
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	f, err := os.CreateTemp(dirOf(path), ".csaudit-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// #nosec G302 -- reports hold facts, never secret values; 0640 lets the audit group read them
	if err := os.Chmod(f.Name(), 0o640); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		if i == 0 {
			return "/"
		}
		return path[:i]
	}
	return "."
}

// ciSummary is the one line written to standard error when the report
// goes to files, so that a CI job's log says what happened: checks run,
// failures by severity, the gating count, the exit code and why, and the
// files written.
func ciSummary(rep *reports.Report, outs []output) string {
	s := rep.Summary
	var sev []string
	for _, n := range []string{"critical", "high", "medium", "low", "info"} {
		if c := s.FailBySeverity[n]; c > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", c, n))
		}
	}
	fail := fmt.Sprintf("%d failed", s.Fail)
	if len(sev) > 0 {
		fail += " (" + strings.Join(sev, ", ") + ")"
	}
	var why string
	switch s.ExitCode {
	case reports.ExitIncomplete:
		why = fmt.Sprintf("audit incomplete: %d sources failed, %d checks not evaluated", s.SourcesFailed, s.Error)
	case reports.ExitFailures:
		why = fmt.Sprintf("%d failures at or above fail-on %s", s.Gating, rep.Selection.FailOn)
	default:
		why = "no failure gates at fail-on " + rep.Selection.FailOn
	}
	var files []string
	for _, o := range outs {
		if o.path != "" {
			files = append(files, o.path)
		}
	}
	return fmt.Sprintf("csaudit: %d checks, %s, %d gating; exit %d (%s); wrote %s",
		s.Checks, fail, s.Gating, s.ExitCode, why, strings.Join(files, ", "))
}

// toFiles reports whether any output goes to a file.
func toFiles(outs []output) bool {
	for _, o := range outs {
		if o.path != "" {
			return true
		}
	}
	return false
}
