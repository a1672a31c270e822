package probe

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

func TestValidRootAndCommand(t *testing.T) {
	for _, ok := range []string{"/", "/mnt/img", "/tmp/csaudit-123/tree_1.2"} {
		if err := ValidRoot(ok); err != nil {
			t.Errorf("%q rejected: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "relative", "/a/../b", "/a b", "/a;rm -rf /", "/a'b", "/$(id)", "/a\nb", "/./x"} {
		if err := ValidRoot(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if c, err := Command("/mnt/x", ModeAudit, true); err != nil || c != "sudo -n /bin/sh -s -- '/mnt/x' 'audit'" {
		t.Fatalf("%q %v", c, err)
	}
	if _, err := Command("/", "rm", false); err == nil {
		t.Fatal("unknown mode accepted")
	}
}

func rec(fields ...string) string { return strings.Join(fields, "\t") }

func TestParseMarkersAndNoise(t *testing.T) {
	body := []string{
		rec("S", "/etc/x", "regular file", "640", "0", "root", "999", "cloud", "12"),
		rec("N", "/etc/y"),
		rec("L", "0100007F:1F90"),
	}
	good := "Welcome to host\nlast login...\nCSAUDIT-PROBE-BEGIN 1\n" + strings.Join(body, "\n") + "\nCSAUDIT-PROBE-END 1 3\nlogout banner\n"
	out, err := Parse([]byte(good))
	if err != nil || len(out.Records) != 3 || len(out.Warnings) != 0 {
		t.Fatalf("%+v %v", out, err)
	}
	cases := map[string]string{
		"no markers":     "just a shell banner\n",
		"no end":         "CSAUDIT-PROBE-BEGIN 1\n" + body[0] + "\n",
		"count mismatch": "CSAUDIT-PROBE-BEGIN 1\n" + body[0] + "\nCSAUDIT-PROBE-END 1 5\n",
		"other version":  "CSAUDIT-PROBE-BEGIN 7\nCSAUDIT-PROBE-END 7 0\n",
		"probe refused":  "CSAUDIT-PROBE-ERROR root must be an absolute path\n",
	}
	for name, in := range cases {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A malformed line is a warning, counted, not a silent drop.
	out, err = Parse([]byte("CSAUDIT-PROBE-BEGIN 1\nS\t/etc/x\tshort\nZZ\t/x\nCSAUDIT-PROBE-END 1 2\n"))
	if err != nil || len(out.Warnings) != 2 || len(out.Records) != 0 {
		t.Fatalf("%+v %v", out, err)
	}
}

func TestListeners(t *testing.T) {
	cases := map[string]string{
		"0100007F:1F90":                         "127.0.0.1:8080",
		"00000000:1FA0":                         "0.0.0.0:8096",
		"00000000000000000000000000000000:0CEA": ":::3306",
		"0000000000000000FFFF00000100007F:0CEA": "127.0.0.1:3306",
	}
	for in, want := range cases {
		a, p, err := parseListener(in)
		got := a.String() + ":" + strconv.Itoa(p)
		if err != nil || got != want {
			t.Errorf("%s = %s, %v; want %s", in, got, err, want)
		}
	}
}

// TestProbeOnTree runs the real script with /bin/sh over a small tree and
// checks the reduced facts, including that secrets do not survive.
func TestProbeOnTree(t *testing.T) {
	root := t.TempDir()
	write := func(p, content string, mode os.FileMode) {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(full, mode); err != nil {
			t.Fatal(err)
		}
	}
	write("etc/cloudstack/management/db.properties", "db.cloud.password=Sup3rS3cretDbPw\ndb.cloud.encryption.type=none\ndb.cloud.host=db.example.com\ndb.cloud.uri=jdbc:mysql://cloud:UriS3cret@db/cloud\n", 0o644)
	write("etc/cloudstack/management/key", "password\n", 0o644)
	write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\ncloud:x:999:999::/var/lib/cloudstack/management:/bin/sh\n", 0o644)
	write("var/lib/cloudstack/management/.ssh/id_rsa", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeybytes\n-----END RSA PRIVATE KEY-----\n", 0o644)
	write("etc/libvirt/libvirtd.conf", "listen_tcp = 1\nauth_tcp = \"none\"\n", 0o644)
	write("etc/cloudstack/agent/cloud.crt", "not a cert", 0o600)
	if err := os.Symlink("/etc/cloudstack/management/db.properties", filepath.Join(root, "etc/cloudstack/usage-link")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "etc/cloudstack/usage"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/cloudstack/management/db.properties", filepath.Join(root, "etc/cloudstack/usage/db.properties")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/bin/sh", "-s", "--", root, ModeAudit)
	cmd.Stdin = strings.NewReader(Script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("probe: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("probe wrote to stderr: %s", stderr.String())
	}
	raw := stdout.String()
	if strings.Contains(raw, "secretkeybytes") || strings.Contains(raw, base64.StdEncoding.EncodeToString([]byte("-----BEGIN RSA"))) {
		t.Fatal("private key bytes crossed the wire")
	}
	out, err := Parse(stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m := Machine(out, "local", "local", root)
	if len(m.Warnings) != 0 {
		t.Errorf("warnings: %v", m.Warnings)
	}
	dbp, _ := m.File("/etc/cloudstack/management/db.properties")
	if dbp == nil || !dbp.Exists || dbp.Stat.Mode != "0644" || dbp.Values["db.cloud.encryption.type"] != "none" {
		t.Fatalf("db.properties: %+v", dbp)
	}
	if f := dbp.Secrets["db.cloud.password"]; f.Encoding != snapshot.Plaintext || f.Length != len("Sup3rS3cretDbPw") {
		t.Errorf("password facts %+v", f)
	}
	if u := dbp.Values["db.cloud.uri"]; strings.Contains(u, "UriS3cret") || !strings.Contains(u, "REDACTED") {
		t.Errorf("uri not redacted: %q", u)
	}
	key, _ := m.File("/etc/cloudstack/management/key")
	if key == nil || key.Secret == nil || key.Secret.KnownDefault == "" || key.Secret.Length != 8 {
		t.Errorf("key facts %+v", key)
	}
	id, _ := m.File("/var/lib/cloudstack/management/.ssh/id_rsa")
	if id == nil || id.Key == nil || id.Key.Format != "pem" || id.Key.Encrypted != "no" || id.Stat.Mode != "0644" {
		t.Errorf("id_rsa %+v", id)
	}
	if m.CloudUser == nil || m.CloudUser.Home != "/var/lib/cloudstack/management" || m.CloudUser.UID != 999 {
		t.Errorf("cloud user %+v", m.CloudUser)
	}
	ln, _ := m.File("/etc/cloudstack/usage/db.properties")
	if ln == nil || ln.LinkTarget != "/etc/cloudstack/management/db.properties" || ln.Target == nil || ln.Target.Mode != "0644" {
		t.Errorf("symlink resolved inside the root: %+v", ln)
	}
	crt, _ := m.File("/etc/cloudstack/agent/cloud.crt")
	if crt == nil || crt.CertError == "" {
		t.Errorf("bad certificate must give a cert error: %+v", crt)
	}
	if lv, _ := m.File("/etc/libvirt/libvirtd.conf"); lv == nil || lv.Values["auth_tcp"] != "none" {
		t.Errorf("libvirtd %+v", lv)
	}
	if m.ListenersRead {
		t.Error("listeners must not be read for a --root audit")
	}
	if !m.HasRole(snapshot.RoleManagement) || m.HasRole(snapshot.RoleKVM) {
		t.Errorf("roles %v", m.Roles)
	}
	absent, _ := m.File("/etc/cloudstack/management/server.properties")
	if absent == nil || absent.Exists {
		t.Errorf("absent file: %+v", absent)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("CSAUDIT-PROBE-BEGIN 1\nS\t/x\tregular file\t644\t0\troot\t0\troot\t1\nC\t/x.properties\t0\tYT1i\nL\t0100007F:1F90\nCSAUDIT-PROBE-END 1 3\n"))
	f.Add([]byte("noise\nCSAUDIT-PROBE-BEGIN 1\nT\t/l\t/t\t-\nK\t/k\tpem\tno\nV\t/key\t8\tyes\nU\t/etc/passwd\t1\t1\t/h\nCSAUDIT-PROBE-END 1 4\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Parse(b)
		if err != nil {
			return
		}
		m := Machine(out, "fuzz", "local", "/")
		for _, fl := range m.Files {
			if fl.Stat != nil && len(fl.Stat.Mode) != 4 {
				t.Fatalf("mode %q", fl.Stat.Mode)
			}
		}
	})
}
