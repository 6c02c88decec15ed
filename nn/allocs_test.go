package nn

import "testing"

// steadyAllocs returns the fewest allocations per run of f over up to
// eight windows of runs calls. A packing arena or job record is made the
// first time two goroutines need one at once, and kept: on a slow machine
// (qemu) a worker may first overlap the caller only after the warm-up
// step, so such an allocation can fall into one window. There are a few
// of them at most, so some of the eight windows are free of them, while
// an allocation in every step shows in every window.
func steadyAllocs(runs int, f func()) float64 {
	least := testing.AllocsPerRun(runs, f)
	for i := 1; i < 8 && least > 0; i++ {
		least = min(least, testing.AllocsPerRun(runs, f))
	}
	return least
}
