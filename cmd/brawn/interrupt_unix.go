//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// unixSignals are the hangup of a closed terminal or a batch system's,
// after which the work should be kept, and the warnings batch systems
// send before they end a job: SIGUSR1 (Slurm's `--signal=USR1@90`, which
// PyTorch Lightning saves on) and SIGXCPU (a CPU-time limit's soft limit
// reached).
var unixSignals = []os.Signal{syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGXCPU}

// fatalSignals are the interruptSignals whose default action in a Go
// program ends it (see os/signal), so that raising one after
// signal.Reset kills the process; SIGUSR1 and SIGXCPU are caught and
// dropped instead.
var fatalSignals = []os.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM}

// keepOnBrokenPipe makes a write to a closed pipe an error (EPIPE)
// instead of the end of the process: a training run whose log reader
// (tee, a batch script's pipe) went away keeps training and still saves
// when it is stopped. brawn's other commands keep Unix's default, so
// that `brawn predict ... | head` just stops.
func keepOnBrokenPipe() { signal.Ignore(syscall.SIGPIPE) }
