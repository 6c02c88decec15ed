package main

// exitError ends the program with a specific status after printing its
// message (main prints it, prefixed with "brawn: ").
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Exit statuses besides 0 (success) and 1 (any other error).
const (
	exitNonFinite   = 3   // a step met a non-finite loss, gradient or update, or the run diverged
	exitInterrupted = 130 // stopped by a signal (interruptSignals): train saved; as shells report 128+SIGINT. The other commands, after removing their partial output, die by the signal instead (hardExit), and exit with it only where a process cannot signal itself
)
