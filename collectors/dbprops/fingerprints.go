package dbprops

import "github.com/csaudit/csaudit/collectors/snapshot"

// Fingerprints returns keyed fingerprints of the management key and the
// database key read from db.properties (none when f is nil or a key was
// not available). The values themselves stay in this package.
func (r *Result) Fingerprints(f *snapshot.Fingerprinter) []snapshot.Fingerprint {
	var out []snapshot.Fingerprint
	out = f.Add(out, snapshot.FPManagementKey, r.Target, r.mgmtKey)
	return f.Add(out, snapshot.FPDatabaseKey, r.Target, r.DBKey)
}
