package nn

import (
	"runtime"

	"github.com/brawn-ml/brawn/internal/workpool"
)

// Env is what a Sequential shares with its layers: the thread count, the
// generator for stochastic layers (Dropout), the train/eval mode and
// whether layers track health statistics. Layers receive it in Build.
type Env struct {
	// Threads is the number of goroutines for Sgemm and for elementwise
	// work on large tensors (<= 0: GOMAXPROCS). Results do not depend on it.
	Threads int
	// RNG feeds Dropout's masks.
	RNG *RNG
	// Training is true in training mode (Dropout active, BatchNorm on batch
	// statistics), false in evaluation mode.
	Training bool
	// TrackHealth makes activation layers record which units were ever
	// active (for LayerStats.Dead).
	TrackHealth bool
}

// threads resolves Threads <= 0 to GOMAXPROCS.
func (e *Env) threads() int {
	if e.Threads > 0 {
		return e.Threads
	}
	return runtime.GOMAXPROCS(0)
}

// parallelMin is the smallest chunk worth a goroutine: below it the hand-off
// costs more than the work.
const parallelMin = 1 << 14

// Parallel calls fn(lo, hi) over disjoint chunks covering [0, n), on up to
// Threads goroutines when n is large, and returns when all are done. fn
// must treat elements independently (the chunking must not change any
// result). Passing a func value built once (not a fresh closure per call)
// keeps the call allocation-free. The chunks run on internal/workpool's
// workers: a worker that wakes late (or cannot get a CPU on a busy
// machine) finds its chunk done by the caller, holding nobody up.
func (e *Env) Parallel(n int, fn func(lo, hi int)) {
	chunks := min(e.threads(), n/parallelMin)
	if chunks <= 1 {
		fn(0, n)
		return
	}
	size := (n + chunks - 1) / chunks
	size = (size + 15) &^ 15 // chunks of whole 16-float (64-byte) blocks
	workers.RunFunc(n, size, chunks-1, fn)
}

// workers run Env.Parallel's chunks for every model.
var workers workpool.Pool[struct{}]
