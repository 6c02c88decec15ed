package kernels

import (
	"fmt"
	"math"
)

// Argument checks shared by the exported functions. They panic, as gonum's
// BLAS does, because a bad length is a bug in the caller, not bad input.
// The checks inline into the exported functions; the message is built out
// of line, so the hot path stays small.

func checkLen(fn, name string, got, want int) {
	if got != want {
		panic(lenMessage(fn, name, got, want))
	}
}

func checkDims(fn string, rows, cols int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("kernels.%s: negative shape [%d, %d]", fn, rows, cols))
	}
	if cols > 0 && rows > math.MaxInt/cols {
		panic(fmt.Sprintf("kernels.%s: shape [%d, %d] has more elements than an int counts", fn, rows, cols))
	}
}

// matLen is the shortest slice that holds a rows×cols matrix with row
// stride ld (at least 1): the last row need not be padded. As in gonum's
// BLAS, rows with no columns still span their rows-1 strides, so that the
// checks agree with gonum's when k = 0. When that length does not fit an
// int it returns math.MaxInt, which no slice reaches, so the caller's
// length check fails rather than wrapping around and passing.
func matLen(rows, cols, ld int) int {
	if rows == 0 {
		return 0
	}
	if rows-1 > (math.MaxInt-cols)/ld {
		return math.MaxInt
	}
	return (rows-1)*ld + cols
}

// checkMatLen panics unless got, the length of the slice name, holds a
// rows×cols matrix with row stride ld (see matLen).
func checkMatLen(fn, name string, got, rows, cols, ld int) {
	if need := matLen(rows, cols, ld); got < need {
		panic(matLenMessage(fn, name, got, rows, cols, ld, need))
	}
}

//go:noinline
func matLenMessage(fn, name string, got, rows, cols, ld, need int) string {
	if need == math.MaxInt {
		return fmt.Sprintf("kernels.%s: len(%s) = %d is too short: %d rows %d apart overflow an int", fn, name, got, rows, ld)
	}
	return fmt.Sprintf("kernels.%s: len(%s) = %d, want at least %d", fn, name, got, need)
}

//go:noinline
func lenMessage(fn, name string, got, want int) string {
	return fmt.Sprintf("kernels.%s: len(%s) = %d, want %d", fn, name, got, want)
}
