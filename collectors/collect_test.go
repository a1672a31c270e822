package collectors

import (
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

func TestDiscover(t *testing.T) {
	s := &snapshot.Snapshot{}
	s.SetData(snapshot.DataMgmtServers, snapshot.Collected, "")
	s.SetData(snapshot.DataHosts, snapshot.Collected, "")
	s.ManagementServers = []snapshot.ManagementServer{
		{Name: "mgmt1", ServiceIP: "10.1.1.10"}, {Name: "old", ServiceIP: "10.1.1.9", Removed: true},
	}
	s.Hosts = []snapshot.Host{
		{Name: "kvm01.example.com", Type: "Routing", HypervisorType: "KVM", PrivateIP: "10.1.1.21"},
		{Name: "kvm02", Type: "Routing", HypervisorType: "KVM", PrivateIP: "10.1.1.22", Removed: true},
		{Name: "xen1", Type: "Routing", HypervisorType: "XenServer", PrivateIP: "10.1.1.30"},
		{Name: "s-1-VM", Type: "SecondaryStorageVM", PrivateIP: "10.1.1.40"},
		{Name: "evil", Type: "Routing", HypervisorType: "KVM", PrivateIP: "10.0.0.1;id"},
	}
	ts, err := discover(s, "ops", 0)
	if err == nil || !strings.Contains(err.Error(), "10.0.0.1;id") {
		t.Errorf("invalid address from the database must be reported: %v", err)
	}
	var got []string
	for _, tg := range ts {
		got = append(got, tg.String()+"|"+strings.Join(tg.Names, ","))
	}
	want := "ops@10.1.1.10:22|mgmt1 ops@10.1.1.21:22|kvm01.example.com"
	if strings.Join(got, " ") != want {
		t.Errorf("discovered %v, want %s", got, want)
	}
	s.SetData(snapshot.DataHosts, snapshot.Failed, "permission denied")
	if _, err := discover(s, "root", 22); err == nil {
		t.Error("discovery from an unread host table must fail")
	}
}
