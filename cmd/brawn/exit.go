package main

import "os"

// exitError ends the program with a specific status after printing its
// message (main prints it, prefixed with "brawn: ").
type exitError struct {
	code int
	msg  string
	// sig, when set, is the signal that interrupted the command, which
	// main ends the process by after the message (hardExit), so that a
	// shell sees it killed by the signal; code is the status where it
	// cannot be.
	sig os.Signal
}

func (e *exitError) Error() string { return e.msg }

// Exit statuses besides 0 (success) and 1 (any other error).
const (
	exitNonFinite   = 3   // a step met a non-finite loss, gradient or update, or the run diverged
	exitInterrupted = 130 // stopped by a signal (interruptSignals) that the process cannot die by (hardExit); as shells report 128+SIGINT
)
