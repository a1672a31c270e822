// Package parse holds pure parsers for the text csaudit reads: CloudStack
// version strings, configuration scopes and setting lists. Nothing here does
// I/O; every parser has a fuzz target.
package parse

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a CloudStack release number. CloudStack uses four parts
// (4.19.1.2); early releases used three, build-stamped (2.2.14.20120210102939)
// or suffixed (4.0.0-incubating) forms; from release 24 the "4." prefix is
// dropped (24.0.0), which orders after 4.23 naturally.
type Version struct {
	Parts [4]int
	// Suffix is anything after the numeric parts ("-incubating", "-SNAPSHOT").
	Suffix string
	// Build is a build stamp found in place of a version part.
	Build string
	Raw   string
}

// ParseVersion reads a CloudStack version string. It accepts an optional
// leading "v" or "CloudStack " and one to four numeric parts; a numeric part of
// eight or more digits is a build stamp, not a version part.
func ParseVersion(s string) (Version, error) {
	v := Version{Raw: s}
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "CloudStack "), "cloudstack ")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "v"), "V")
	if t == "" {
		return v, fmt.Errorf("empty version string")
	}
	// Split off a suffix at the first character that is neither digit nor dot.
	end := len(t)
	for i, r := range t {
		if (r < '0' || r > '9') && r != '.' {
			end = i
			break
		}
	}
	num, suffix := strings.TrimRight(t[:end], "."), t[end:]
	if num == "" {
		return v, fmt.Errorf("version %q has no numeric part", s)
	}
	v.Suffix = suffix
	n := 0
	for _, p := range strings.Split(num, ".") {
		if p == "" {
			return v, fmt.Errorf("version %q has an empty part", s)
		}
		if len(p) >= 8 {
			if v.Build != "" {
				return v, fmt.Errorf("version %q has two build stamps", s)
			}
			v.Build = p
			continue
		}
		if v.Build != "" {
			return v, fmt.Errorf("version %q has a part after its build stamp", s)
		}
		if n == 4 {
			return v, fmt.Errorf("version %q has more than four parts", s)
		}
		x, err := strconv.Atoi(p)
		if err != nil {
			return v, fmt.Errorf("version %q: part %q: %w", s, p, err)
		}
		v.Parts[n] = x
		n++
	}
	if n < 2 {
		return v, fmt.Errorf("version %q needs at least major.minor", s)
	}
	return v, nil
}

// MustVersion parses a version known to be valid (table literals).
func MustVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// Compare orders versions by their numeric parts; suffixes and build stamps
// do not count.
func (v Version) Compare(o Version) int {
	for i := range v.Parts {
		switch {
		case v.Parts[i] < o.Parts[i]:
			return -1
		case v.Parts[i] > o.Parts[i]:
			return 1
		}
	}
	return 0
}

// Less reports v < o.
func (v Version) Less(o Version) bool { return v.Compare(o) < 0 }

// Line is the release line, "4.19" or "24.0"... for releases from 24 on
// the line is just the major number.
func (v Version) Line() string {
	if v.Parts[0] >= 24 {
		return strconv.Itoa(v.Parts[0])
	}
	return fmt.Sprintf("%d.%d", v.Parts[0], v.Parts[1])
}

// String prints the four numeric parts.
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d.%d", v.Parts[0], v.Parts[1], v.Parts[2], v.Parts[3])
}
