package sshtest

import (
	"os"
	"syscall"
)

// sysProcAttr makes the kernel stop sshd if the test binary dies without
// calling Stop (a panic or a timeout), so no daemon is left listening.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}

func flock(f *os.File, lock bool) error {
	how := syscall.LOCK_UN
	if lock {
		how = syscall.LOCK_EX
	}
	return syscall.Flock(int(f.Fd()), how)
}
