package checks

import (
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

func TestPolicyFileRule(t *testing.T) {
	s := &snapshot.Snapshot{Data: map[snapshot.Dataset]snapshot.Availability{snapshot.DataMachines: {Status: snapshot.Collected}},
		Machines: []snapshot.Machine{{Name: "mgmt1", Files: []snapshot.File{
			{Path: "/etc/cloudstack/management/db.properties", Exists: true, Read: true, Values: map[string]string{"db.cloud.useSSL": "false"},
				Stat: &snapshot.FileStat{Type: "regular file", Mode: "0644", Owner: "root", Group: "root"}},
		}}}}
	for _, c := range []struct {
		name string
		rule FileExpect
		want Status
	}{
		{"mode too open", FileExpect{Path: "/etc/cloudstack/management/db.properties", MaxMode: "0640"}, Fail},
		{"mode ok", FileExpect{Path: "/etc/cloudstack/management/db.properties", MaxMode: "0644", Owner: "root"}, Pass},
		{"group", FileExpect{Path: "/etc/cloudstack/management/db.properties", Group: "cloud"}, Fail},
		{"key fails", FileExpect{Path: "/etc/cloudstack/management/db.properties", Key: "db.cloud.useSSL", Equals: []string{"true"}}, Fail},
		{"key passes", FileExpect{Path: "/etc/cloudstack/management/db.properties", Key: "db.cloud.useSSL", NotEquals: []string{"true"}}, Pass},
		{"not probed", FileExpect{Path: "/etc/other"}, Skip},
	} {
		t.Run(c.name, func(t *testing.T) {
			chk := PolicyCheck(PolicyRule{ID: "SITE-001", Title: "t", Severity: High, Remediation: "r", File: &c.rule})
			fs := Run(s, []*Check{chk})
			if len(fs) != 1 || fs[0].Status != c.want || fs[0].Machine != "mgmt1" {
				t.Fatalf("got %+v, want %s", fs, c.want)
			}
		})
	}
}
