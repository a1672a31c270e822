// Command demo starts a throw-away MariaDB on loopback, loads the modern
// (CloudStack 4.22) fixture with typical weaknesses, audits it with the
// csaudit binary given as first argument (further arguments are passed on)
// together with an unhardened management server's file tree (as root), and
// removes everything again. Run it with 'make demo'.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/csaudit/csaudit/collectors/mysqldb/mysqltest"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: demo PATH-TO-CSAUDIT [csaudit flags]")
		os.Exit(2)
	}
	os.Exit(run(args[0], args[1:]))
}

func run(bin string, extra []string) int {
	if ok, why := mysqltest.Available(); !ok {
		fmt.Fprintln(os.Stderr, "demo:", why)
		return 1
	}
	fmt.Fprintln(os.Stderr, "demo: starting a throw-away MariaDB on 127.0.0.1 ...")
	srv, err := mysqltest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 1
	}
	defer srv.Stop()
	if err := srv.Load("cloud", mysqltest.Fixture("modern", "weak")...); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 1
	}
	dsn := srv.DSN("cloud")
	args := []string{"--db", dsn}
	// As root the demo also audits an unhardened management server's files
	// (testdata/hosts/mgmt-weak, owners and modes applied) with --local --root.
	if os.Geteuid() == 0 {
		if root, err := sshtest.Tree("mgmt-weak"); err == nil {
			defer os.RemoveAll(root)
			args = append(args, "--local", "--root", root)
		} else {
			fmt.Fprintln(os.Stderr, "demo: skipping the host part:", err)
		}
	}
	fmt.Fprintf(os.Stderr, "demo: loaded a CloudStack 4.22 database with typical weaknesses; running\n      CSAUDIT_DB_PASSWORD=... %s %s\n\n", bin, strings.Join(args, " "))
	cmd := exec.Command(bin, append(args, extra...)...)
	cmd.Env = append(os.Environ(), "CSAUDIT_DB_PASSWORD="+mysqltest.Password)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() == 1:
		fmt.Fprintln(os.Stderr, "\ndemo: csaudit exited 1 (failures found), as expected for this deliberately weak deployment")
		return 0
	default:
		fmt.Fprintln(os.Stderr, "demo: csaudit:", err)
		return 1
	}
}
