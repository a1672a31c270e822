//go:build !linux

package sshtest

import (
	"os"
	"syscall"
)

// Available reports false off Linux, so these are never reached.

func sysProcAttr() *syscall.SysProcAttr { return nil }

func flock(*os.File, bool) error { return nil }
