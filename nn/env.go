package nn

import (
	"runtime"
	"time"

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

	// running, when set, takes the batch statistics that BatchNorm layers
	// in training mode would fold into their running statistics: a
	// data-parallel step folds every rank's in leaf order (see
	// runningLog).
	running *runningLog
}

// threads resolves Threads <= 0 to GOMAXPROCS.
func (e *Env) threads() int {
	if e.Threads > 0 {
		return e.Threads
	}
	return runtime.GOMAXPROCS(0)
}

// parallelMin is the smallest chunk worth a goroutine: below it the hand-off
// costs more than the work. A parked worker took 70-125 µs to join a
// region on the 2-core virtual machine brawn is benchmarked on
// (internal/workpool's BenchmarkRunWake), and the passes split here are
// memory-bound: the guarded Adam update of 784-256-128-10 took more time
// on two goroutines than on one (BenchmarkAdamStepGuard), and that
// network's step at batch 128 on two threads took 1-7% less time, and
// less CPU time, with none of its elementwise passes split than with its
// ReLUs and two largest updates split at 16k elements. A chunk of 256k
// elements (about 250 µs of a guarded Adam update) leaves a late worker
// most of its chunk. It is a variable so tests can exercise the split on
// small tensors.
var parallelMin = 1 << 18

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

// workers run Env.Parallel's chunks, the row-piece steps' regions and the
// optimizers' updates for every model.
var workers workpool.Pool[struct{}]

// workerLinger is how long workers and callers poll before they park (see
// workpool.Pool.SetLinger). A row-piece training step is three regions
// (rowStep, optimBase.stepGroup) apart by a few to about 20 µs of serial
// work, and steps are apart by the next batch's gathering: polling for
// 100 µs spans those gaps, so a step of 784-256-128-10 at batch 128 (about
// 700 µs on two cores) pays the 70-125 µs of waking a parked thread about
// once instead of three times. Not yet tuned on a quiet machine; a
// variable so benchmarks can compare (BenchmarkTrainStepRegions).
var workerLinger = 100 * time.Microsecond

func init() { workers.SetLinger(workerLinger) }
