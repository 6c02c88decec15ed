//go:build !unix

package main

import (
	"os"
	"syscall"
)

// unixSignals: outside Unix no hangup nor batch-system warning is
// delivered (Windows reports a closed console as SIGTERM), and js/wasm
// defines no SIGHUP.
var unixSignals []os.Signal

// fatalSignals are the interruptSignals a process might end itself by
// (Windows cannot send them to a process, and hardExit then exits).
var fatalSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// keepOnBrokenPipe: writes to a closed pipe are errors already.
func keepOnBrokenPipe() {}
