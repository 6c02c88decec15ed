//go:build !linux || race

package kernels

// guardedSlice returns a heap slice of length n with no spare capacity;
// only linux builds without -race place it before an inaccessible page.
func guardedSlice(n int) ([]float32, func()) {
	return make([]float32, n), func() {}
}
