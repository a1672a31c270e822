package checks

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/csaudit/csaudit/collectors/parse"
)

// Advisory data: the published CloudStack security advisories the CS-VER
// advisory checks judge the installed version against. csaudit embeds a
// copy with the date it was compiled; --advisories loads a newer file of
// the same format, and WithAdvisories binds the checks to it.

//go:embed data/cloudstack-cves.json
var cvesJSON []byte

// AdvisoryFormat names the wrapped file layout.
const AdvisoryFormat = "csaudit-advisories-1"

// Advisories is a validated advisory table and where it came from.
type Advisories struct {
	// Source is "embedded" or the file it was read from.
	Source string
	// Date is when the table was compiled: the file's "date", or for a
	// bare array its latest announcement (DateBasis says which).
	Date      time.Time
	DateBasis string
	list      []advisory
}

// Count is the number of advisories in the table.
func (a *Advisories) Count() int { return len(a.list) }

// advisoryFile is the wrapped layout: {"format", "date", "notes", "advisories"}.
// A bare JSON array of advisories (the research data's layout) is accepted too.
type advisoryFile struct {
	Format     string     `json:"format"`
	Date       string     `json:"date"`
	Notes      []string   `json:"notes"`
	Advisories []advisory `json:"advisories"`
}

type advisoryRange struct {
	Introduced   string `json:"introduced"`
	LastAffected string `json:"last_affected"`
	Fixed        string `json:"fixed"`
}

type advisory struct {
	CVE           string          `json:"cve"`
	Title         string          `json:"title"`
	Component     string          `json:"component"`
	Affected      []advisoryRange `json:"affected"`
	AffectedText  string          `json:"affected_text"`
	FixedVersions []string        `json:"fixed_versions"`
	SeverityCNA   string          `json:"severity_cna"`
	CVSS          []struct {
		Score float64 `json:"score"`
	} `json:"cvss"`
	Announced  string `json:"announced"`
	Workaround string `json:"workaround"`
	Verified   *bool  `json:"verified"`

	// Filled in by ParseAdvisories.
	announced time.Time
	fixed     []parse.Version // parsed first token of each fixed_versions entry
	bucket    string          // critical, important, moderate, low
	derived   bool            // bucket derived from CVSS, not the CNA text
}

var cveRE = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)

// ParseAdvisories reads and validates an advisory table (wrapped or bare
// array). Every entry needs a well-formed unique CVE id, a title, an
// announcement date, parseable version bounds and fixed releases, and a
// severity (CNA text or a CVSS score).
func ParseAdvisories(b []byte, source string) (*Advisories, error) {
	out := &Advisories{Source: source}
	var f advisoryFile
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &f.Advisories); err != nil {
			return nil, fmt.Errorf("advisories %s: %w", source, err)
		}
		out.DateBasis = "latest announcement in the file"
	} else {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err != nil {
			return nil, fmt.Errorf("advisories %s: %w", source, err)
		}
		for k := range top {
			if k != "format" && k != "date" && k != "notes" && k != "advisories" {
				return nil, fmt.Errorf("advisories %s: unknown top-level field %q", source, k)
			}
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("advisories %s: %w", source, err)
		}
		if f.Format != AdvisoryFormat {
			return nil, fmt.Errorf("advisories %s: format %q is not %q", source, f.Format, AdvisoryFormat)
		}
		d, err := time.Parse(time.DateOnly, f.Date)
		if err != nil {
			return nil, fmt.Errorf("advisories %s: date: %w", source, err)
		}
		out.Date, out.DateBasis = d, "stated in the file"
	}
	if len(f.Advisories) == 0 {
		return nil, fmt.Errorf("advisories %s: no advisory in the file", source)
	}
	seen := map[string]bool{}
	var latest time.Time
	for i := range f.Advisories {
		a := &f.Advisories[i]
		if err := a.prepare(); err != nil {
			return nil, fmt.Errorf("advisories %s: entry %d: %w", source, i, err)
		}
		if seen[a.CVE] {
			return nil, fmt.Errorf("advisories %s: %s listed twice", source, a.CVE)
		}
		seen[a.CVE] = true
		if a.announced.After(latest) {
			latest = a.announced
		}
	}
	if out.Date.IsZero() {
		out.Date = latest
	}
	out.list = f.Advisories
	return out, nil
}

func parseBound(s string) (parse.Version, bool, error) {
	if s == "" || s == "0" {
		return parse.Version{}, false, nil
	}
	v, err := parse.ParseVersion(s)
	return v, true, err
}

func (a *advisory) prepare() error {
	if !cveRE.MatchString(a.CVE) {
		return fmt.Errorf("cve %q is not CVE-YYYY-NNNN", a.CVE)
	}
	if strings.TrimSpace(a.Title) == "" {
		return fmt.Errorf("%s: no title", a.CVE)
	}
	t, err := time.Parse(time.DateOnly, a.Announced)
	if err != nil {
		return fmt.Errorf("%s: announced: %w", a.CVE, err)
	}
	a.announced = t
	for _, r := range a.Affected {
		for _, b := range []string{r.Introduced, r.LastAffected, r.Fixed} {
			if _, _, err := parseBound(b); err != nil {
				return fmt.Errorf("%s: affected range: %w", a.CVE, err)
			}
		}
		if r.LastAffected != "" && r.Fixed != "" {
			return fmt.Errorf("%s: a range has both last_affected and fixed", a.CVE)
		}
	}
	for _, fv := range a.FixedVersions {
		tok, _, _ := strings.Cut(strings.TrimSpace(fv), " ")
		v, err := parse.ParseVersion(tok)
		if err != nil {
			return fmt.Errorf("%s: fixed_versions %q: %w", a.CVE, fv, err)
		}
		a.fixed = append(a.fixed, v)
	}
	a.bucket, a.derived = severityBucket(a.SeverityCNA, a.CVSS)
	return nil
}

// severityBucket normalises the CNA rating by its first word. An unstated
// rating is derived (derived=true) from a rating or CVSS score named in the
// text ("not stated (GitHub advisory page: Critical)", "CVSSv2 7.5 (blog)"),
// else from the highest CVSS score, else taken as moderate.
func severityBucket(cna string, cvss []struct {
	Score float64 `json:"score"`
}) (string, bool) {
	text := strings.ToLower(strings.TrimSpace(cna))
	w, _, _ := strings.Cut(text, " ")
	switch w {
	case "critical", "important", "low":
		return w, false
	case "moderate", "medium":
		return "moderate", false
	}
	for _, r := range []string{"critical", "important", "moderate", "low"} {
		if strings.Contains(text, r) {
			return r, true
		}
	}
	best := -1.0
	if m := scoreRE.FindStringSubmatch(text); m != nil {
		fmt.Sscan(m[1], &best)
	}
	for _, c := range cvss {
		best = max(best, c.Score)
	}
	switch {
	case best >= 9:
		return "critical", true
	case best >= 7:
		return "important", true
	case best >= 4:
		return "moderate", true
	case best >= 0:
		return "low", true
	}
	return "moderate", true
}

var scoreRE = regexp.MustCompile(`cvss(?:v[0-9])?\s+([0-9]+(?:\.[0-9])?)`)

// EmbeddedAdvisories is csaudit's own advisory table.
var EmbeddedAdvisories = sync.OnceValues(func() (*Advisories, error) {
	return ParseAdvisories(cvesJSON, "embedded")
})

// Stale reports whether the table was compiled more than 120 days before
// at (the audit's collection time): advisories published since are missing.
func (a *Advisories) Stale(at time.Time) bool {
	return at.Sub(a.Date) > 120*24*time.Hour
}

// advisoryBound lists the checks whose Eval reads the advisory table,
// with how to build that Eval for a given table.
var advisoryBound = map[string]func(*Advisories) evalFunc{
	"CS-VER-002": func(a *Advisories) evalFunc { return advisoryEval("critical", a) },
	"CS-VER-003": func(a *Advisories) evalFunc { return advisoryEval("important", a) },
	"CS-VER-004": func(a *Advisories) evalFunc { return advisoryEval("moderate", a) },
	"CS-VER-005": func(a *Advisories) evalFunc { return advisoryEval("low", a) },
}

// WithAdvisories returns list with the advisory checks bound to table a
// (new Check values; the registry's own stay bound to the embedded table).
func WithAdvisories(list []*Check, a *Advisories) []*Check {
	out := make([]*Check, len(list))
	for i, c := range list {
		out[i] = c
		if bind, ok := advisoryBound[c.ID]; ok {
			n := *c
			n.Eval = bind(a)
			out[i] = &n
		}
	}
	return out
}
