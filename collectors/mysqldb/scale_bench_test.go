package mysqldb_test

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/csaudit/csaudit/collectors/mysqldb"
	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
)

// Database scale: a region of 10,000 hosts, 100,000 users (10,000
// accounts) and 100,000 account-scoped setting overrides in the real
// MariaDB. Collection must stay a fixed handful of queries (counted from
// the general query log) with memory bounded by the rows kept. Reported:
// queries, ms, ns/row, peak Go heap. Run with 'make bench-scale'.

const (
	scaleHosts     = 10000
	scaleAccounts  = 10000
	scaleUsers     = 100000
	scaleOverrides = 100000
)

// scaleSQL multiplies the modern weak fixture's first host, account and
// user rows with the SEQUENCE engine, and gives each account ten
// overrides of real settings.
var scaleSQL = `
CREATE TABLE tmp_h AS SELECT h.*, s.seq AS n FROM host h JOIN seq_1_to_` + itoa(scaleHosts) + ` s WHERE h.id = (SELECT MIN(id) FROM host);
UPDATE tmp_h SET id = 1000000 + n, uuid = CONCAT('h-', n), guid = CONCAT('g-', n), name = CONCAT('kvm', n),
  private_ip_address = CONCAT('10.', n DIV 65536, '.', (n DIV 256) MOD 256, '.', n MOD 256), type = 'Routing', hypervisor_type = 'KVM', removed = NULL;
ALTER TABLE tmp_h DROP COLUMN n;
INSERT INTO host SELECT * FROM tmp_h;
DROP TABLE tmp_h;
CREATE TABLE tmp_a AS SELECT a.*, s.seq AS n FROM account a JOIN seq_1_to_` + itoa(scaleAccounts) + ` s WHERE a.id = (SELECT MAX(id) FROM account);
UPDATE tmp_a SET id = 1000000 + n, uuid = CONCAT('a-', n), account_name = CONCAT('acct', n), removed = NULL;
ALTER TABLE tmp_a DROP COLUMN n;
INSERT INTO account SELECT * FROM tmp_a;
DROP TABLE tmp_a;
CREATE TABLE tmp_u AS SELECT u.*, s.seq AS n FROM user u JOIN seq_1_to_` + itoa(scaleUsers) + ` s WHERE u.id = (SELECT MAX(id) FROM user);
UPDATE tmp_u SET id = 1000000 + n, uuid = CONCAT('u-', n), username = CONCAT('user', n), account_id = 1000000 + 1 + (n MOD ` + itoa(scaleAccounts) + `),
  api_key = CONCAT('k-', n), secret_key = CONCAT('s-', n), removed = NULL;
ALTER TABLE tmp_u DROP COLUMN n;
INSERT INTO user SELECT * FROM tmp_u;
DROP TABLE tmp_u;
CREATE TABLE tmp_names AS SELECT name FROM configuration ORDER BY name LIMIT ` + itoa(scaleOverrides/scaleAccounts) + `;
INSERT INTO account_details (account_id, name, value)
  SELECT 1000000 + s.seq, c.name, 'false' FROM seq_1_to_` + itoa(scaleAccounts) + ` s JOIN tmp_names c;
DROP TABLE tmp_names;
`

func itoa(n int) string {
	const d = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{d[n%10]}, b...)
	}
	return string(b)
}

func BenchmarkCollectScale(b *testing.B) {
	if srv == nil {
		_, why := mysqltest.Available()
		b.Skip("no MariaDB server: " + why)
	}
	// As csaudit's main does (cmd/csaudit/main.go, tuneGC).
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	const db = "scale"
	if err := srv.Load(db, mysqltest.Fixture("modern", "weak")...); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := srv.Exec(db, scaleSQL); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d hosts, %d users, %d overrides in %s", scaleHosts, scaleUsers, scaleOverrides, time.Since(start).Round(time.Millisecond))
	logBefore := generalLogLen()
	if err := srv.GeneralLog(true); err != nil {
		b.Fatal(err)
	}
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	var took time.Duration
	rows := 0
	for b.Loop() {
		t0 := time.Now()
		part, src := mysqldb.Collect(context.Background(), mysqldb.Options{DSN: srv.DSN(db), Password: mysqltest.Password, QueryTimeout: 5 * time.Minute})
		took = time.Since(t0)
		if !src.OK {
			b.Fatal(src.Error)
		}
		rows = len(part.Hosts) + len(part.Users) + len(part.ScopedSettings) + len(part.Settings)
		if len(part.Hosts) < scaleHosts || len(part.Users) < scaleUsers || len(part.ScopedSettings) < scaleOverrides {
			b.Fatalf("collected %d hosts, %d users, %d overrides", len(part.Hosts), len(part.Users), len(part.ScopedSettings))
		}
	}
	close(stop)
	wg.Wait()
	srv.GeneralLog(false)
	queries := countQueries(logBefore)
	b.ReportMetric(float64(queries)/float64(b.N), "queries/op")
	b.ReportMetric(float64(took.Milliseconds()), "ms/collect")
	b.ReportMetric(float64(took.Nanoseconds())/float64(rows), "ns/row")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peak.Load())/float64(rows), "peak-heap-B/row")
}

func generalLogLen() int64 {
	fi, err := os.Stat(srv.GeneralLogPath())
	if err != nil {
		return 0
	}
	return fi.Size()
}

// countQueries counts the statements csaudit sent after offset.
func countQueries(offset int64) int {
	b, err := os.ReadFile(srv.GeneralLogPath())
	if err != nil || int64(len(b)) < offset {
		return -1
	}
	n := 0
	for _, l := range strings.Split(string(b[offset:]), "\n") {
		if (strings.Contains(l, "Query\t") || strings.Contains(l, "Execute\t")) && !strings.Contains(strings.ToLower(l), "general_log") {
			n++
		}
	}
	return n
}
