package collectors

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
	"github.com/csaudit/csaudit/collectors/sshhost"
)

// Shard is shard K of N (1 <= K <= N): a stable 1/N of the SSH targets,
// chosen by a hash of each host's identity, so that N runs with K = 1..N
// audit every host exactly once, across runs and whatever the order in
// which hosts are listed or discovered.
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want K/N, e.g. 1/4", s)
	}
	var sh Shard
	var err1, err2 error
	sh.K, err1 = strconv.Atoi(strings.TrimSpace(k))
	sh.N, err2 = strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil || sh.N < 1 || sh.K < 1 || sh.K > sh.N || sh.N > 100000 {
		return Shard{}, fmt.Errorf("shard %q: want K/N with 1 <= K <= N, e.g. 1/4", s)
	}
	return sh, nil
}

func (sh Shard) String() string { return fmt.Sprintf("%d/%d", sh.K, sh.N) }

// ShardKey is the identity a host is sharded by: its address (lower-case)
// and port. The login user is not part of it: one machine, one shard.
func ShardKey(t sshhost.Target) string {
	return strings.ToLower(t.Host) + ":" + strconv.Itoa(t.Port)
}

// Of returns the shard (1..n) of a host key.
func Of(key string, n int) int {
	h := sha256.Sum256([]byte("csaudit-shard\x00" + key))
	return int(binary.BigEndian.Uint64(h[:8])%uint64(n)) + 1 // #nosec G115 -- n > 0 (validated by ParseShard); the remainder is below n
}

// Select keeps the targets in this shard, in their order.
func (sh Shard) Select(ts []sshhost.Target) []sshhost.Target {
	var out []sshhost.Target
	for _, t := range ts {
		if Of(ShardKey(t), sh.N) == sh.K {
			out = append(out, t)
		}
	}
	return out
}

// ShardSourceKind is the kind of the source record that marks a shard
// report; csaudit merge reads it to check that every shard is present.
const ShardSourceKind = "shard"

// Source records the shard in the report.
func (sh Shard) Source(kept, all int) snapshot.Source {
	return snapshot.Source{Kind: ShardSourceKind, Target: sh.String(), OK: true,
		Warnings: []string{fmt.Sprintf("shard %s: %d of %d SSH hosts audited here (the others belong to other shards; combine the reports with 'csaudit merge')", sh, kept, all)}}
}
