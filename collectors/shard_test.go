package collectors

import (
	"fmt"
	"testing"

	"github.com/csaudit/csaudit/collectors/sshhost"
)

func TestParseShard(t *testing.T) {
	for _, ok := range []string{"1/1", "3/8", " 2 / 4 "} {
		if _, err := ParseShard(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "1", "0/4", "5/4", "-1/4", "a/b", "1/0", "1/4/2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Every host lands in exactly one shard, the same one whatever the order
// or the login, and shards are roughly even.
func TestShardsPartitionStably(t *testing.T) {
	var ts []sshhost.Target
	for i := range 1000 {
		ts = append(ts, sshhost.Target{User: "root", Host: fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255), Port: 22})
	}
	const n = 4
	seen := map[string]int{}
	for k := 1; k <= n; k++ {
		got := Shard{k, n}.Select(ts)
		if len(got) < 200 || len(got) > 300 {
			t.Errorf("shard %d/%d has %d of 1000 hosts", k, n, len(got))
		}
		for _, tg := range got {
			seen[ShardKey(tg)]++
		}
	}
	if len(seen) != len(ts) {
		t.Fatalf("%d hosts in some shard, want %d", len(seen), len(ts))
	}
	for h, c := range seen {
		if c != 1 {
			t.Errorf("%s in %d shards", h, c)
		}
	}
	// Stable: the login and the letter case do not move a host; a
	// pinned value guards the hash against accidental change.
	a := sshhost.Target{User: "root", Host: "KVM1.example", Port: 22}
	b := sshhost.Target{User: "csaudit", Host: "kvm1.example", Port: 22}
	if Of(ShardKey(a), 7) != Of(ShardKey(b), 7) {
		t.Error("user or case moved a host to another shard")
	}
	if got := Of("10.0.0.1:22", 8); got != pinnedShard {
		t.Errorf("10.0.0.1:22 is in shard %d of 8, was %d: the shard hash changed (hosts would move between shards)", got, pinnedShard)
	}
}

// pinnedShard is where 10.0.0.1:22 lands of 8 shards.
const pinnedShard = 3
