package mysqldb

import (
	"slices"
	"testing"
)

func TestRedactGrant(t *testing.T) {
	cases := []struct{ in, want string }{
		{"GRANT USAGE ON *.* TO `x`@`%` IDENTIFIED BY PASSWORD '*B6908C9A1B7A5C6AF1E5B7D7C3E0A0C9E1F2A3B4' WITH GRANT OPTION", "GRANT USAGE ON *.* TO `x`@`%` WITH GRANT OPTION"},
		{"GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA mysql_native_password USING 'invalid' OR unix_socket WITH GRANT OPTION", "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"},
		{"GRANT USAGE ON *.* TO `e`@`%` IDENTIFIED VIA ed25519 USING 'ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY'", "GRANT USAGE ON *.* TO `e`@`%`"},
		{"GRANT SELECT ON `cloud`.* TO `csaudit`@`127.0.0.1`", "GRANT SELECT ON `cloud`.* TO `csaudit`@`127.0.0.1`"},
		{"GRANT `dba` TO `alice`@`%` WITH ADMIN OPTION", "GRANT `dba` TO `alice`@`%` WITH ADMIN OPTION"},
		{"GRANT PROCESS ON *.* TO 'cloud'@'%' REQUIRE SSL", "GRANT PROCESS ON *.* TO 'cloud'@'%'"},
	}
	for _, c := range cases {
		if got, ok := RedactGrant(c.in); !ok || got != c.want {
			t.Errorf("RedactGrant(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	if _, ok := RedactGrant("SET DEFAULT ROLE x FOR y"); ok {
		t.Error("a non-GRANT line was kept")
	}
}

func TestReducePriv(t *testing.T) {
	cases := []struct {
		doc                  string
		plugins              []string
		has, empty, lock, rl bool
	}{
		{`{"access":0,"plugin":"mysql_native_password","authentication_string":"*ABC"}`, []string{"mysql_native_password"}, true, false, false, false},
		{`{"access":0,"plugin":"mysql_native_password","authentication_string":""}`, []string{"mysql_native_password"}, false, true, false, false},
		{`{"access":0,"plugin":"mysql_native_password","authentication_string":"invalid","auth_or":[{},{"plugin":"unix_socket"}]}`, []string{"mysql_native_password", "unix_socket"}, false, false, false, false},
		{`{"access":0,"plugin":"unix_socket"}`, []string{"unix_socket"}, false, false, false, false},
		{`{"access":0,"plugin":"mysql_native_password","authentication_string":"","account_locked":true}`, []string{"mysql_native_password"}, false, true, true, false},
		{`{"access":0,"is_role":true}`, []string{"mysql_native_password"}, false, true, false, true},
		{`{"access":0,"auth_or":[{"plugin":"ed25519","authentication_string":"h"},{"plugin":"mysql_native_password","authentication_string":""}]}`, []string{"ed25519", "mysql_native_password"}, true, true, false, false},
	}
	for _, c := range cases {
		f, err := reducePriv(c.doc)
		if err != nil || !slices.Equal(f.plugins, c.plugins) || f.hasPassword != c.has || f.emptyPassword != c.empty || f.locked != c.lock || f.isRole != c.rl {
			t.Errorf("reducePriv(%s) = %+v, %v", c.doc, f, err)
		}
	}
	if _, err := reducePriv("{"); err == nil {
		t.Error("broken JSON accepted")
	}
}
