// Command bench-fleet times csaudit against N loopback SSH hosts (real
// OpenSSH daemons on 127.1.x.y, an unprivileged login with a plain shell;
// see sshtest.StartFleet) and, in the same run and at the same
// parallelism, against (a) the floor: OpenSSH's own client running `true`
// on every host, and (b) Ansible's ad hoc stat module when ansible is
// installed. It prints the ratios, csaudit's peak RSS (getrusage of the
// child), and the probe's cost per host (processes started on the host and
// bytes each way). Run it with 'make bench-fleet N=200'. Needs root (the
// test accounts) and uses loopback only.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/csaudit/csaudit/collectors/probe"
	"github.com/csaudit/csaudit/collectors/sshhost/sshtest"
)

func main() {
	n := flag.Int("n", 200, "number of loopback hosts")
	par := flag.Int("parallel", 10, "hosts at once, for every tool")
	bin := flag.String("csaudit", "bin/csaudit", "csaudit binary")
	rounds := flag.Int("rounds", 1, "alternate floor and csaudit this many times; the best of each is reported")
	flag.Parse()
	if err := run(*n, *par, *bin, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench-fleet:", err)
		os.Exit(1)
	}
}

func run(n, par int, bin string, rounds int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	fmt.Printf("machine: %s, %d CPUs, %s; load average %s\n", cpuModel(), runtime.NumCPU(), kernel(), loadavg())
	fmt.Printf("starting %d loopback sshd endpoints...\n", n)
	f, err := sshtest.StartFleet(n)
	if err != nil {
		return err
	}
	defer f.Stop()
	fmt.Printf("%d endpoints on port %d, %d sshd daemons; parallelism %d\n", n, f.Port, len(f.Daemons()), par)

	sshArgs := func(addr string) []string {
		host, port, _ := strings.Cut(addr, ":")
		return []string{"-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
			"-o", "UserKnownHostsFile=" + f.KnownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
			"-o", "ControlMaster=no", "-o", "LogLevel=ERROR", "-i", f.ClientKey, "-p", port, sshtest.ProbeUser + "@" + host}
	}
	// Warm up: page cache, the accounts' lookups.
	if out, err := exec.Command("ssh", append(sshArgs(f.Addrs[0]), "true")...).CombinedOutput(); err != nil {
		return fmt.Errorf("ssh to %s: %v: %s", f.Addrs[0], err, out)
	}

	floor := func(extra ...string) (time.Duration, error) {
		return pool(n, par, func(i int) error {
			args := append(append(extra[:len(extra):len(extra)], sshArgs(f.Addrs[i])...), "true")
			out, err := exec.Command("ssh", args...).CombinedOutput()
			if err != nil {
				return fmt.Errorf("ssh %s true: %v: %s", f.Addrs[i], err, out)
			}
			return nil
		})
	}
	report := filepath.Join(f.Dir, "report.json")
	csaudit := func() (time.Duration, int64, error) {
		cmd := exec.Command(bin, "--ssh-hosts", f.HostsFile, "--ssh-key", f.ClientKey, "--known-hosts", f.KnownHosts,
			"--parallel", strconv.Itoa(par), "--quiet", "--fail-on", "none", "-f", "json", "-o", report)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		var ee *exec.ExitError
		if err != nil && !(errorsAs(err, &ee) && ee.ExitCode() == 3) {
			return 0, 0, fmt.Errorf("csaudit: %v: %s", err, stderr.String())
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		return took, ru.Maxrss * 1024, nil
	}

	bestFloor, bestKex, bestAudit := time.Duration(1<<62), time.Duration(1<<62), time.Duration(1<<62)
	var rss int64
	for r := 0; r < rounds; r++ {
		t, err := floor()
		if err != nil {
			return err
		}
		fmt.Printf("round %d: floor (ssh HOST true)  %8.2fs\n", r+1, t.Seconds())
		bestFloor = min(bestFloor, t)
		// OpenSSH's default key exchange (sntrup761x25519) is one
		// x/crypto/ssh does not offer; this floor uses the one csaudit
		// negotiates, to separate that cost from the client's.
		if t, err = floor("-o", "KexAlgorithms="+sameKex); err != nil {
			return err
		}
		fmt.Printf("round %d: floor, %s  %8.2fs\n", r+1, sameKex, t.Seconds())
		bestKex = min(bestKex, t)
		a, m, err := csaudit()
		if err != nil {
			return err
		}
		fmt.Printf("round %d: csaudit               %8.2fs  peak RSS %.1f MiB\n", r+1, a.Seconds(), float64(m)/(1<<20))
		bestAudit = min(bestAudit, a)
		rss = max(rss, m)
	}
	if err := checkReport(report, n); err != nil {
		return err
	}
	st, _ := os.Stat(report)
	ansible, aerr := ansibleStat(f, n, par)

	fmt.Println()
	fmt.Printf("RESULT hosts=%d parallel=%d\n", n, par)
	fmt.Printf("  floor   ssh HOST true      %8.2fs  %6.1f ms/host\n", bestFloor.Seconds(), ms(bestFloor)/float64(n))
	fmt.Printf("  floor   same kex (%s) %6.2fs  %6.1f ms/host\n", sameKex, bestKex.Seconds(), ms(bestKex)/float64(n))
	fmt.Printf("  csaudit                    %8.2fs  %6.1f ms/host  ratio %.2fx floor, %.2fx same-kex floor\n", bestAudit.Seconds(), ms(bestAudit)/float64(n),
		bestAudit.Seconds()/bestFloor.Seconds(), bestAudit.Seconds()/bestKex.Seconds())
	fmt.Printf("  csaudit peak RSS           %8.1f MiB (JSON report %.1f MiB)\n", float64(rss)/(1<<20), float64(st.Size())/(1<<20))
	switch {
	case aerr != nil:
		fmt.Printf("  ansible -m stat            not run: %v\n", aerr)
	default:
		fmt.Printf("  ansible -m stat            %8.2fs  ratio %.2fx floor, csaudit %.2fx ansible\n", ansible.Seconds(), ansible.Seconds()/bestFloor.Seconds(), bestAudit.Seconds()/ansible.Seconds())
	}
	if err := probeCost(f, sshArgs(f.Addrs[0])); err != nil {
		fmt.Printf("  probe cost: not measured: %v\n", err)
	}
	return nil
}

// sameKex is the key exchange csaudit (x/crypto/ssh) negotiates with
// OpenSSH 9.x.
const sameKex = "curve25519-sha256"

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func errorsAs(err error, ee **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*ee = e
	}
	return ok
}

// pool runs job(0..n-1), par at a time, and returns the wall time.
func pool(n, par int, job func(int) error) (time.Duration, error) {
	start := time.Now()
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := job(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return time.Since(start), first
}

// checkReport makes sure csaudit really audited every host.
func checkReport(path string, n int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	ok := bytes.Count(b, []byte(`"kind": "ssh",`))
	bad := bytes.Count(b, []byte(`"ok": false`))
	if ok != n || bad != 0 {
		return fmt.Errorf("report %s: %d ssh sources (want %d), %d failed", path, ok, n, bad)
	}
	return nil
}

// ansibleStat times 'ansible all -m stat -a path=/' when ansible is installed.
func ansibleStat(f *sshtest.Fleet, n, par int) (time.Duration, error) {
	bin, err := exec.LookPath("ansible")
	if err != nil {
		return 0, fmt.Errorf("ansible is not installed (apt-get install ansible)")
	}
	inv := filepath.Join(f.Dir, "inventory.ini")
	var b strings.Builder
	b.WriteString("[fleet]\n")
	for i, a := range f.Addrs {
		host, port, _ := strings.Cut(a, ":")
		fmt.Fprintf(&b, "h%d ansible_host=%s ansible_port=%s\n", i, host, port)
	}
	fmt.Fprintf(&b, "[fleet:vars]\nansible_user=%s\nansible_ssh_private_key_file=%s\nansible_ssh_common_args='-F /dev/null -o UserKnownHostsFile=%s -o GlobalKnownHostsFile=/dev/null -o ControlMaster=no'\nansible_python_interpreter=auto_silent\n",
		sshtest.ProbeUser, f.ClientKey, f.KnownHosts)
	if err := os.WriteFile(inv, []byte(b.String()), 0o644); err != nil {
		return 0, err
	}
	cmd := exec.Command(bin, "all", "-i", inv, "-m", "stat", "-a", "path=/", "-f", strconv.Itoa(par), "-o")
	cmd.Env = append(os.Environ(), "ANSIBLE_HOST_KEY_CHECKING=True", "ANSIBLE_LOCAL_TEMP="+filepath.Join(f.Dir, "ansible-tmp"))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("ansible: %v: %s", err, lastLines(string(out), 5))
	}
	_ = n
	return time.Since(start), nil
}

// probeCost runs the probe once through OpenSSH's client, as csaudit
// sends it (the probe script on standard input), and counts the processes
// that the host's sshd tree starts (strace -f on the daemon), against
// `true` on the same host, and the bytes each way.
func probeCost(f *sshtest.Fleet, args []string) error {
	cmdline, err := probe.Command("/", probe.ModeAudit, false)
	if err != nil {
		return err
	}
	count := func(remote string, stdin string) (procs, forks int, out int, err error) {
		if _, err := exec.LookPath("strace"); err != nil {
			procs = -1
		}
		var tr *exec.Cmd
		trace := filepath.Join(f.Dir, "strace.out")
		if procs == 0 {
			tr = exec.Command("strace", "-f", "-qq", "-e", "trace=execve,clone,clone3,fork,vfork", "-o", trace, "-p", strconv.Itoa(f.Daemons()[0]))
			if err := tr.Start(); err != nil {
				return 0, 0, 0, err
			}
			time.Sleep(500 * time.Millisecond)
		}
		c := exec.Command("ssh", append(args, remote)...)
		c.Stdin = strings.NewReader(stdin)
		b, err := c.Output()
		if tr != nil {
			time.Sleep(200 * time.Millisecond)
			tr.Process.Signal(syscall.SIGINT)
			tr.Wait()
			data, _ := os.ReadFile(trace)
			sc := bufio.NewScanner(bytes.NewReader(data))
			for sc.Scan() {
				l := sc.Text()
				switch {
				case strings.Contains(l, "execve(") && !strings.Contains(l, "= -1"):
					procs++
				case forkRE.MatchString(l):
					forks++
				}
			}
		}
		return procs, forks, len(b), err
	}
	pt, ft, _, err := count("true", "")
	if err != nil {
		return err
	}
	pp, fp, out, err := count(cmdline, probe.Script)
	if err != nil {
		return err
	}
	if pp < 0 {
		fmt.Printf("  probe cost per host: %d bytes up (script), %d bytes down (output); processes not counted (no strace)\n", len(probe.Script), out)
		return nil
	}
	fmt.Printf("  probe cost per host: the host's sshd tree forks %d times and executes %d programs (`true`: %d forks, %d programs; so the probe adds %d forks, %d programs), %d bytes up (script), %d bytes down (output)\n",
		fp, pp, ft, pt, fp-ft, pp-pt, len(probe.Script), out)
	return nil
}

// forkRE matches a successful process creation in strace -f output.
var forkRE = regexp.MustCompile(`(\b(clone3?|v?fork)\(.*|<\.\.\. (clone3?|v?fork) resumed>.*)= [1-9][0-9]*$`)

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func kernel() string {
	b, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return "Linux " + strings.TrimSpace(string(b))
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}
