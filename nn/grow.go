package nn

// grow returns (*b)[:n], reallocating *b when its capacity is less than
// n: the scratch buffers of layers and steps reach their size in the first
// step and are reused after it. Callers that keep the slice store the
// result (*b keeps its old length when it was long enough).
func grow[T float32 | float64 | int](b *[]T, n int) []T {
	if cap(*b) < n {
		*b = make([]T, n)
	}
	return (*b)[:n]
}
