// Command dist builds csaudit's release artefacts into a directory: static
// Linux binaries (amd64, arm64), .deb and .rpm packages holding the binary
// and a man page generated from the usage text and the check catalogue,
// and SHA256SUMS. 'make dist' runs it; the version comes from git.
//
// Packages are built with nfpm used as a Go library (no external packaging
// tools, the same bytes on every machine).
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"
	_ "github.com/goreleaser/nfpm/v2/rpm"
)

func main() {
	out := flag.String("out", "dist", "output directory")
	archs := flag.String("arch", "amd64,arm64", "comma-separated GOARCH list")
	version := flag.String("version", "", "version (default: from git describe)")
	flag.Parse()
	if err := run(*out, strings.Split(*archs, ","), *version); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

// gitVersion is 'git describe --tags --always --dirty'.
func gitVersion() string {
	b, err := exec.Command("git", "describe", "--tags", "--always", "--dirty").Output()
	if err != nil {
		return "dev"
	}
	return strings.TrimSpace(string(b))
}

var tagRE = regexp.MustCompile(`^v?([0-9]+\.[0-9]+\.[0-9]+)(.*)$`)

// packageVersion makes a git version a valid deb/rpm version: a tag
// v1.2.3 gives 1.2.3; a tag plus commits 1.2.3+git.N.gSHA; no tag
// 0.0.0+git.SHA.
func packageVersion(v string) string {
	clean := func(s string) string { return regexp.MustCompile(`[^A-Za-z0-9.+~]+`).ReplaceAllString(s, ".") }
	if m := tagRE.FindStringSubmatch(v); m != nil {
		if m[2] == "" {
			return m[1]
		}
		return m[1] + "+git" + clean(m[2])
	}
	return "0.0.0+git." + clean(v)
}

func run(out string, archs []string, version string) error {
	if version == "" {
		version = gitVersion()
	}
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var artefacts []string
	var man []byte
	for _, arch := range archs {
		bin := filepath.Join(out, "csaudit-linux-"+arch)
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+version, "-o", bin, "./cmd/csaudit")
		cmd.Dir = moduleRoot()
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building %s: %w", arch, err)
		}
		artefacts = append(artefacts, bin)
		if man == nil {
			m, err := manPage(version)
			if err != nil {
				return err
			}
			man = m
			p := filepath.Join(out, "csaudit.1.gz")
			if err := os.WriteFile(p, m, 0o644); err != nil {
				return err
			}
			artefacts = append(artefacts, p)
		}
		for _, format := range []string{"deb", "rpm"} {
			p, err := pkg(format, arch, version, bin, filepath.Join(out, "csaudit.1.gz"), out)
			if err != nil {
				return fmt.Errorf("%s %s: %w", format, arch, err)
			}
			artefacts = append(artefacts, p)
		}
	}
	return checksums(out, artefacts)
}

// moduleRoot is the directory of csaudit's go.mod.
func moduleRoot() string {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "."
	}
	return strings.TrimSpace(string(b))
}

// hostOutput runs csaudit (built for this machine) to read its usage and catalogue.
func hostOutput(args ...string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"run", "./cmd/csaudit"}, args...)...)
	cmd.Dir, cmd.Stderr = moduleRoot(), os.Stderr
	return cmd.Output()
}

// roff escapes text for a man page.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			l = `\&` + l
		}
		b.WriteString(strings.ReplaceAll(l, "-", `\-`) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// manPage is csaudit(1): the usage text and the check catalogue, gzipped
// with a zero modification time so it is reproducible.
func manPage(version string) ([]byte, error) {
	usage, err := hostOutput("help")
	if err != nil {
		return nil, err
	}
	cat, err := hostOutput("checks", "--format", "json")
	if err != nil {
		return nil, err
	}
	var docs []struct {
		ID, Title, Severity, Remediation string
		Threat                           []string
	}
	if err := json.Unmarshal(cat, &docs); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, ".TH CSAUDIT 1 \"\" \"csaudit %s\" \"User Commands\"\n", roff(version))
	b.WriteString(".SH NAME\ncsaudit \\- audit the security configuration of an Apache CloudStack deployment\n")
	b.WriteString(".SH SYNOPSIS AND OPTIONS\n.nf\n" + roff(strings.TrimSpace(string(usage))) + "\n.fi\n")
	b.WriteString(".SH CHECKS\n")
	for _, d := range docs {
		fmt.Fprintf(&b, ".TP\n.B %s\n(%s) %s [%s]\n.br\n%s\n", roff(d.ID), roff(d.Severity), roff(d.Title), roff(strings.Join(d.Threat, ", ")), roff(d.Remediation))
	}
	b.WriteString(".SH SEE ALSO\n'csaudit explain ID' for a check's rationale and references; README.md of the csaudit repository.\n")
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.ModTime = time.Unix(0, 0)
	zw.Write([]byte(b.String()))
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return gz.Bytes(), nil
}

func pkg(format, arch, version, bin, man, out string) (string, error) {
	info := nfpm.WithDefaults(&nfpm.Info{
		Name: "csaudit", Arch: arch, Platform: "linux", Version: packageVersion(version), VersionSchema: "none",
		Section: "admin", Priority: "optional", Maintainer: "csaudit maintainers <csaudit@localhost>",
		Description: "Configuration-hardening auditor for Apache CloudStack\n" +
			"Audits a CloudStack management database, management servers and KVM hosts against the CloudStack threat model.",
		Vendor: "csaudit", Homepage: "https://github.com/csaudit/csaudit", License: "Apache-2.0",
		Overridables: nfpm.Overridables{Contents: files.Contents{
			{Source: bin, Destination: "/usr/bin/csaudit", FileInfo: &files.ContentFileInfo{Mode: 0o755}},
			{Source: man, Destination: "/usr/share/man/man1/csaudit.1.gz", FileInfo: &files.ContentFileInfo{Mode: 0o644}},
		}},
	})
	if err := nfpm.PrepareForPackager(info, format); err != nil {
		return "", err
	}
	p, err := nfpm.Get(format)
	if err != nil {
		return "", err
	}
	path := filepath.Join(out, p.ConventionalFileName(info))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := p.Package(info, f); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

func checksums(out string, paths []string) error {
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h[:]), filepath.Base(p))
	}
	return os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(b.String()), 0o644)
}
