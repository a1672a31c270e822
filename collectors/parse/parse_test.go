package parse

import "testing"

func TestParseVersion(t *testing.T) {
	cases := []struct {
		in, want, line, build, suffix string
	}{
		{"4.22.0.0", "4.22.0.0", "4.22", "", ""},
		{"4.19.1.2", "4.19.1.2", "4.19", "", ""},
		{"3.0.2", "3.0.2.0", "3.0", "", ""},
		{"2.2.14.20120210102939", "2.2.14.0", "2.2", "20120210102939", ""},
		{"4.0.0-incubating", "4.0.0.0", "4.0", "", "-incubating"},
		{"4.2.0-SNAPSHOT", "4.2.0.0", "4.2", "", "-SNAPSHOT"},
		{"24.0.0", "24.0.0.0", "24", "", ""},
		{" v4.20.3.1 ", "4.20.3.1", "4.20", "", ""},
	}
	for _, c := range cases {
		v, err := ParseVersion(c.in)
		if err != nil || v.String() != c.want || v.Line() != c.line || v.Build != c.build || v.Suffix != c.suffix {
			t.Errorf("ParseVersion(%q) = %+v (%s, line %s), %v; want %s line %s", c.in, v, v.String(), v.Line(), err, c.want, c.line)
		}
	}
	for _, bad := range []string{"", "abc", "4", "4..1", "1.2.3.4.5", "4.x.1"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
	if !MustVersion("4.23.0.0").Less(MustVersion("24.0.0")) || !MustVersion("4.9.3").Less(MustVersion("4.10")) {
		t.Error("ordering wrong")
	}
}

func TestScope(t *testing.T) {
	cases := map[string]string{"": "", "0": "", "1": "Global", "192": "Domain,Account", "global": "Global", "Zone": "Zone", "255": "Global,Zone,Cluster,StoragePool,ManagementServer,ImageStore,Domain,Account"}
	for in, want := range cases {
		if got, err := Scope(in); err != nil || got != want {
			t.Errorf("Scope(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"256", "Planet", "-1"} {
		if _, err := Scope(bad); err == nil {
			t.Errorf("Scope(%q) accepted", bad)
		}
	}
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"4.22.0.0", "2.2.14.20120210102939", "4.0.0-incubating", "24.0.0", "3.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		w, err := ParseVersion(v.String())
		if err != nil || w.Compare(v) != 0 {
			t.Fatalf("round trip of %q: %v %v", s, w, err)
		}
	})
}

func FuzzScope(f *testing.F) {
	for _, s := range []string{"1", "192", "Global", "", "zone"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Scope(s)
	})
}

func TestProperties(t *testing.T) {
	m, err := Properties([]byte("# c\ndb.cloud.password=ENC(abc)\ndb.cloud.url.params=a=b&c=${x}\nkey = spaced value\n"))
	if err != nil || m["db.cloud.password"] != "ENC(abc)" || m["db.cloud.url.params"] != "a=b&c=${x}" || m["key"] != "spaced value" {
		t.Fatalf("%v %v", m, err)
	}
}

func TestKeyValue(t *testing.T) {
	m, bad := KeyValue([]byte("# libvirtd\nlisten_tcp = 1\nauth_tcp = \"none\"  # no auth\nexport CLOUD_SECRET_KEY='s3'\nLIBVIRTD_ARGS=\"--listen\"\nnonsense line\n"))
	if m["listen_tcp"] != "1" || m["auth_tcp"] != "none" || m["CLOUD_SECRET_KEY"] != "s3" || m["LIBVIRTD_ARGS"] != "--listen" || len(bad) != 1 || bad[0] != "line 6" {
		t.Fatalf("%v %v", m, bad)
	}
}

func TestINI(t *testing.T) {
	m := INI([]byte("[client]\nport=3306\n[mysqld]\nbind_address = 0.0.0.0\nskip-name-resolve\n!includedir /etc/mysql/conf.d/\n"))
	if m["mysqld.bind-address"] != "0.0.0.0" || m["client.port"] != "3306" {
		t.Fatalf("%v", m)
	}
	if _, ok := m["mysqld.skip-name-resolve"]; !ok {
		t.Fatalf("%v", m)
	}
}

func FuzzConf(f *testing.F) {
	f.Add([]byte("a=b\n[x]\nc = \"d\" # e\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Properties(b)
		_, _ = KeyValue(b)
		_ = INI(b)
	})
}
