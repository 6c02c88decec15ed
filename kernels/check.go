package kernels

import "fmt"

// Argument checks shared by the exported functions. They panic, as gonum's
// BLAS does, because a bad length is a bug in the caller, not bad input.
// The checks inline into the exported functions; the message is built out
// of line, so the hot path stays small.

func checkLen(fn, name string, got, want int) {
	if got != want {
		panic(lenMessage(fn, name, got, want, ""))
	}
}

func checkMinLen(fn, name string, got, want int) {
	if got < want {
		panic(lenMessage(fn, name, got, want, "at least "))
	}
}

func checkDims(fn string, rows, cols int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("kernels.%s: negative shape [%d, %d]", fn, rows, cols))
	}
}

//go:noinline
func lenMessage(fn, name string, got, want int, qual string) string {
	return fmt.Sprintf("kernels.%s: len(%s) = %d, want %s%d", fn, name, got, qual, want)
}
