package kernels

import "fmt"

// Argument checks shared by the exported functions. They panic, as gonum's
// BLAS does, because a bad length is a bug in the caller, not bad input.

func checkLen(fn, name string, got, want int) {
	if got != want {
		panic(fmt.Sprintf("kernels.%s: len(%s) = %d, want %d", fn, name, got, want))
	}
}

func checkMinLen(fn, name string, got, want int) {
	if got < want {
		panic(fmt.Sprintf("kernels.%s: len(%s) = %d, want at least %d", fn, name, got, want))
	}
}

func checkDims(fn string, rows, cols int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("kernels.%s: negative shape [%d, %d]", fn, rows, cols))
	}
}
