package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/reports"
)

// Secret reuse across installations: --fingerprint-key and 'csaudit compare'.

// fingerprinter reads the HMAC key from --fingerprint-key FILE (nil when
// not given). The key is never stored, printed or put in the snapshot;
// only fingerprints made with it are. A trailing newline is not part of it.
func fingerprinter(path string) (*snapshot.Fingerprinter, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("the file holds the HMAC key (e.g. 'head -c 32 /dev/urandom > fp.key'); use the same file for every installation you compare", "--fingerprint-key: %v", err)
	}
	b = bytes.TrimRight(b, "\r\n")
	f, err := snapshot.NewFingerprinter(b)
	if err != nil {
		return nil, usageErr("create one with 'head -c 32 /dev/urandom > fp.key'", "--fingerprint-key %s: %v", path, err)
	}
	return f, nil
}

// fingerprintDoc is what compare reads from a snapshot or a JSON report.
type fingerprintDoc struct {
	Target       string                 `json:"target"`
	Fingerprints []snapshot.Fingerprint `json:"fingerprints"`
}

func loadFingerprints(path string) (fingerprintDoc, error) {
	var d fingerprintDoc
	b, err := os.ReadFile(path)
	if err != nil {
		return d, usageErr("", "compare: %v", err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return d, usageErr("give snapshots (--save-snapshot) or JSON reports (-f json)", "compare: %s: %v", path, err)
	}
	if len(d.Fingerprints) == 0 {
		return d, usageErr("collect with --fingerprint-key FILE (the same key file for both installations)", "compare: %s holds no secret fingerprints", path)
	}
	ids := map[string]bool{}
	for _, f := range d.Fingerprints {
		ids[f.KeyID] = true
	}
	if len(ids) != 1 {
		return d, usageErr("", "compare: %s mixes fingerprints of several keys", path)
	}
	if d.Target == "" {
		d.Target = path
	}
	return d, nil
}

// cmdCompare reports key material shared by two installations: exit 1
// when any is shared, 0 when none, 2 when they cannot be compared.
func cmdCompare(args []string, e env) error {
	fs := newFlagSet("csaudit compare", e)
	if help, err := parseFlags(fs, args, e); help || err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageErr("csaudit compare A.json B.json (snapshots or JSON reports)", "compare takes exactly two files")
	}
	a, err := loadFingerprints(fs.Arg(0))
	if err != nil {
		return err
	}
	b, err := loadFingerprints(fs.Arg(1))
	if err != nil {
		return err
	}
	if a.Fingerprints[0].KeyID != b.Fingerprints[0].KeyID {
		return usageErr("collect both with the same --fingerprint-key file", "compare: the two files were fingerprinted with different keys")
	}
	byHMAC := map[string][]snapshot.Fingerprint{}
	for _, f := range b.Fingerprints {
		byHMAC[f.HMAC] = append(byHMAC[f.HMAC], f)
	}
	var shared []string
	for _, fa := range a.Fingerprints {
		for _, fb := range byHMAC[fa.HMAC] {
			shared = append(shared, fmt.Sprintf("  %s (%s) in %s = %s (%s) in %s", fa.Kind, fa.Source, a.Target, fb.Kind, fb.Source, b.Target))
		}
	}
	sort.Strings(shared)
	if len(shared) == 0 {
		fmt.Fprintf(e.stdout, "no key material shared: %d fingerprints of %s, %d of %s\n", len(a.Fingerprints), a.Target, len(b.Fingerprints), b.Target)
		return nil
	}
	fmt.Fprintf(e.stdout, "%d secret(s) shared between %s and %s (PR Q33: keys must differ between environments):\n", len(shared), a.Target, b.Target)
	for _, s := range shared {
		fmt.Fprintln(e.stdout, s)
	}
	fmt.Fprintln(e.stdout, "Rotate the shared keys on one installation (see README, Shared secrets across installations).")
	return exitCode(reports.ExitFailures)
}
