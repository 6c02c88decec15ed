package kernels

import (
	"time"

	"github.com/brawn-ml/brawn/internal/workpool"
)

// Parallel SGEMM runs on internal/workpool's persistent workers, each
// owning a packing arena; a call's own state comes from a free list, so
// steady-state calls allocate nothing.

// gemmMinFlopsPerThread is the least work (2·m·n·k) worth handing to one
// more goroutine. Waking a parked worker took 70-100 µs on the 2-core
// virtual machine brawn is benchmarked on, and squares of 160 (8 MFLOP)
// ran slower on two goroutines than on one while 200 (16 MFLOP) ran
// faster; 8 MFLOP per goroutine keeps products below 16 MFLOP on one.
const gemmMinFlopsPerThread = 8 << 20

// MinFlopsPerThread is the least work, 2·m·n·k FLOP, that SgemmThreads
// gives one more goroutine: a product of less runs on the caller alone.
// Callers that run several products at once use it to size their tasks.
const MinFlopsPerThread = gemmMinFlopsPerThread

// gemmCall is one parallel Sgemm: its arguments and how C is split, into
// ranges of tiles along its rows or its columns.
type gemmCall struct {
	g      *gemmImpl
	x      gemmArgs
	byRows bool
	step   int                             // the tile's height (byRows) or width
	part   func(lo, hi int, ar *gemmArena) // computePart, bound once per gemmCall
}

// computePart computes tiles [lo, hi) along the split side of C.
func (c *gemmCall) computePart(lo, hi int, ar *gemmArena) {
	x := &c.x
	if c.byRows {
		gemmBlocked(c.g, ar, x, lo*c.step, min(hi*c.step, x.m), 0, x.n)
		return
	}
	gemmBlocked(c.g, ar, x, 0, x.m, lo*c.step, min(hi*c.step, x.n))
}

var (
	gemmCalls workpool.FreeList[gemmCall]
	gemmPool  workpool.Pool[gemmArena]
)

// gemmLinger is how long gemmPool's workers poll for the next product
// before they park (see workpool.Pool.SetLinger): products that follow each
// other, as a network's layers do, then find them awake rather than pay
// the 70-125 µs of waking a parked thread each. On an Intel Xeon with
// full-rate AVX-512 (about 170 GFLOP/s a core), back-to-back products of
// an MLP's shapes on two goroutines went from 148-182 to 297-344 GFLOP/s
// (128×784×256 NT, 256×128×784 TN, 128×256×784 NN; 512³ from 275 to 335),
// while the CNN's and the MLP's training steps stayed within their spread
// (go test -bench Sgemm, CNNStep and TrainStep, builds alternated).
const gemmLinger = 100 * time.Microsecond

func init() { gemmPool.SetLinger(gemmLinger) }

// gemmThreads returns how many goroutines an m×n×k product should use, at
// most threads: one per gemmMinFlopsPerThread of work, and no more than
// there are tiles along the dimension that gets split.
func gemmThreads(g *gemmImpl, threads, m, n, k int) int {
	flops := 2 * float64(m) * float64(n) * float64(k)
	t := min(threads, int(flops/gemmMinFlopsPerThread))
	tiles := max((m+g.mr-1)/g.mr, (n+g.nr-1)/g.nr)
	return max(1, min(t, tiles))
}

// gemmParallel computes x on up to t > 1 goroutines (the caller and t-1
// workers). It splits C into t parts along its longer side (so the
// operand each part packs again, the one along the shorter side, is the
// smaller), at multiples of the tile size so every part sees the same tile
// grid and the result does not depend on t or on which goroutine computes
// which part.
func gemmParallel(g *gemmImpl, t int, x *gemmArgs) {
	call := gemmCalls.Get()
	if call.part == nil {
		call.part = call.computePart
	}
	call.g, call.x, call.byRows = g, *x, x.m >= x.n
	span, step := x.n, g.nr
	if call.byRows {
		span, step = x.m, g.mr
	}
	call.step = step
	tiles := (span + step - 1) / step
	ar := gemmArenas.Get()
	gemmPool.Run(tiles, (tiles+t-1)/t, t-1, ar, call.part)
	gemmArenas.Put(ar)
	call.x = gemmArgs{} // drop references to the caller's matrices
	gemmCalls.Put(call)
}
