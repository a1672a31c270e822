package mysqldb_test

import (
	"encoding/json"
	"testing"
)

func TestDBServerDump(t *testing.T) {
	needServer(t)
	loadSQL(t, "srvdump", "CREATE TABLE configuration (name VARCHAR(255) PRIMARY KEY, value VARCHAR(4095));")
	if err := srv.Exec("", "GRANT SELECT ON mysql.user TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.db TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.global_priv TO 'csaudit'@'127.0.0.1'; GRANT SELECT ON mysql.roles_mapping TO 'csaudit'@'127.0.0.1'; CREATE USER 'x'@'%' IDENTIFIED BY 'pw'; GRANT ALL ON *.* TO 'x'@'%' WITH GRANT OPTION;"); err != nil {
		t.Fatal(err)
	}
	s, err := collect(t, "srvdump")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(s.DBServer, "", " ")
	t.Log(string(b), s.Data)
}
