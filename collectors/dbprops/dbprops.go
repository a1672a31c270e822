// Package dbprops takes the management database's coordinates from a
// management server's db.properties (a local file, or read over SSH with
// the probe's dbprops mode), decrypting ENC(...) values in memory with the
// management key. Decrypted values never leave this package except inside
// the returned mysql.Config, which csaudit never prints.
package dbprops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/csaudit/csaudit/collectors/parse"
	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/secrets"
	"github.com/csaudit/csaudit/collectors/sshhost"
)

// Result is what db.properties yields.
type Result struct {
	Config *mysql.Config
	// DBKey is the decrypted db.cloud.encrypt.secret ("" if unknown).
	DBKey string
	// Conn is the SSH connection the database is reached through, for
	// ssh:// sources; the caller closes it.
	Conn *sshhost.Conn
	// Target names the source for reports.
	Target string
	Notes  []string
	// mgmtKey is the management key, kept for Fingerprints only.
	mgmtKey string
}

// FromFile reads db.properties at path and the management key next to it
// (or CLOUD_SECRET_KEY for encryption type env).
func FromFile(path string, getenv func(string) string) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading db.properties: %w", err)
	}
	props, err := parse.Properties(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	key := ""
	switch strings.ToLower(strings.TrimSpace(props["db.cloud.encryption.type"])) {
	case "file":
		kb, err := os.ReadFile(filepath.Join(filepath.Dir(path), "key"))
		if err != nil {
			return nil, fmt.Errorf("db.properties uses encryption type file but the key file is unreadable: %w", err)
		}
		key = firstLine(string(kb))
	case "env":
		key = getenv("CLOUD_SECRET_KEY")
	}
	r, err := build(props, key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.Target = "file " + path
	return r, nil
}

var netSeq atomic.Int64

// FromSSH reads db.properties and the key file from a management server
// over SSH; the database connection is then tunnelled through that SSH
// connection (db.properties usually says localhost).
func FromSSH(ctx context.Context, d *sshhost.Dialer, t sshhost.Target, root string, sudo bool, timeout time.Duration) (*Result, error) {
	if d == nil {
		return nil, errors.New("no SSH configuration")
	}
	c, err := d.Dial(ctx, t)
	if err != nil {
		return nil, err
	}
	r, err := readOverSSH(ctx, c, t, root, sudo, timeout)
	if err != nil {
		c.Close()
		return nil, err
	}
	return r, nil
}

func readOverSSH(ctx context.Context, c *sshhost.Conn, t sshhost.Target, root string, sudo bool, timeout time.Duration) (*Result, error) {
	if root == "" {
		root = "/"
	}
	raw, stderr, err := sshhost.Run(ctx, c, root, probe.ModeDBProps, sudo, timeout)
	fail := func(err error) (*Result, error) {
		if stderr != "" {
			return nil, fmt.Errorf("reading db.properties on %s: %w (host said: %s)", t, err, stderr)
		}
		return nil, fmt.Errorf("reading db.properties on %s: %w", t, err)
	}
	if err != nil {
		return fail(err)
	}
	out, err := probe.Parse(raw)
	if err != nil {
		return fail(err)
	}
	props, key, err := probe.DBProps(out)
	if err != nil {
		return fail(err)
	}
	r, err := build(props, key)
	if err != nil {
		return fail(err)
	}
	name := fmt.Sprintf("csaudit-ssh-%d", netSeq.Add(1))
	client := c.Client
	mysql.RegisterDialContext(name, func(ctx context.Context, addr string) (net.Conn, error) {
		c, err := client.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return noDeadline{c}, nil
	})
	r.Config.Net = name
	r.Conn = c
	r.Target = "ssh://" + t.String() + "/etc/cloudstack/management/db.properties"
	return r, nil
}

// noDeadline adapts an SSH channel, which has no deadlines, to the MySQL
// driver; query timeouts still apply through the driver's context handling.
type noDeadline struct{ net.Conn }

func (noDeadline) SetDeadline(time.Time) error      { return nil }
func (noDeadline) SetReadDeadline(time.Time) error  { return nil }
func (noDeadline) SetWriteDeadline(time.Time) error { return nil }

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimRight(s, "\r")
}

// build turns db.properties entries into a connection config.
func build(p map[string]string, key string) (*Result, error) {
	r := &Result{mgmtKey: key}
	dec := func(name string) (string, error) {
		v := p[name]
		if !strings.HasPrefix(v, "ENC(") {
			return v, nil
		}
		if key == "" {
			return "", fmt.Errorf("%s is ENC(...) but the management key is not available", name)
		}
		pt, err := secrets.DecryptProperty(v, key)
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return pt, nil
	}
	pw, err := dec("db.cloud.password")
	if err != nil {
		return nil, err
	}
	if dbKey, err := dec("db.cloud.encrypt.secret"); err == nil {
		r.DBKey = dbKey
	} else {
		r.Notes = append(r.Notes, "database key not available: "+err.Error())
	}
	user := strings.TrimSpace(p["db.cloud.username"])
	host := orDefault(strings.TrimSpace(p["db.cloud.host"]), "localhost")
	port := orDefault(strings.TrimSpace(p["db.cloud.port"]), "3306")
	if _, err := strconv.Atoi(port); err != nil {
		return nil, errors.New("db.cloud.port is not a number")
	}
	if user == "" {
		return nil, errors.New("db.cloud.username is empty")
	}
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net = user, pw, "tcp"
	cfg.Addr = net.JoinHostPort(host, port)
	cfg.DBName = orDefault(strings.TrimSpace(p["db.cloud.name"]), "cloud")
	if strings.EqualFold(strings.TrimSpace(p["db.cloud.useSSL"]), "true") {
		cfg.TLSConfig = "true"
	}
	r.Config = cfg
	return r, nil
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
