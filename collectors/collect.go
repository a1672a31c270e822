// Package collectors gathers a Snapshot from the requested sources. It is
// the only part of csaudit that does I/O against the audited deployment.
package collectors

import (
	"context"
	"errors"
	"time"

	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/snapshot"
)

// Options name the sources of one audit.
type Options struct {
	// DB, when set, audits a management database.
	DB *mysqldb.Options
	// CollectedAt is the audit's reference time (the caller's clock).
	CollectedAt time.Time
}

// Collect reads every requested source into a new Snapshot. A failing
// source is recorded in Sources and its datasets marked failed; Collect
// itself only fails when no source was requested.
func Collect(ctx context.Context, o Options) (*snapshot.Snapshot, error) {
	s := &snapshot.Snapshot{SchemaVersion: snapshot.SchemaVersion, CollectedAt: o.CollectedAt.UTC(), Data: map[snapshot.Dataset]snapshot.Availability{}}
	if o.DB == nil {
		return nil, errors.New("no source requested")
	}
	target, _ := mysqldb.Target(o.DB.DSN)
	src := snapshot.Source{Kind: "database", Target: target, OK: true}
	if err := mysqldb.Collect(ctx, *o.DB, s); err != nil {
		src.OK, src.Error = false, err.Error()
		var se *mysqldb.SourceError
		if errors.As(err, &se) {
			src.Hint = se.Hint
		}
		for _, d := range snapshot.DatabaseDatasets {
			if a, ok := s.Data[d]; !ok || a.Status == snapshot.Collected {
				s.SetData(d, snapshot.Failed, "the database source failed: "+err.Error())
			}
		}
		if s.Target == "" {
			s.Target = target
		}
	}
	src.Warnings, s.Warnings = s.Warnings, nil
	s.Sources = append(s.Sources, src)
	return s, nil
}
