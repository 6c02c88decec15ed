package kernels

import "sync"

// Parallel SGEMM runs on a pool of persistent worker goroutines that block
// on a channel between calls (they never spin, so a busy machine slows
// brawn down gracefully). Each worker owns a packing arena, and a call's
// shared state comes from a free list, so steady-state calls allocate
// nothing.

// gemmMinFlopsPerThread is the least work (2·m·n·k) worth handing to one
// more goroutine: waking a worker costs microseconds, and below a few
// MFLOP a single core finishes first.
const gemmMinFlopsPerThread = 3 << 20

// gemmCall is one parallel Sgemm: its arguments and the count of parts
// still running.
type gemmCall struct {
	g    *gemmImpl
	x    gemmArgs
	done sync.WaitGroup
}

// gemmTask is one part of a call: the block [i0, i1)×[j0, j1) of C.
type gemmTask struct {
	call           *gemmCall
	i0, i1, j0, j1 int
}

var (
	gemmCalls freeList[gemmCall]

	gemmPool struct {
		mu      sync.Mutex
		workers int
		tasks   chan gemmTask
	}
)

// gemmEnsureWorkers starts workers until there are at least n.
func gemmEnsureWorkers(n int) {
	gemmPool.mu.Lock()
	defer gemmPool.mu.Unlock()
	if gemmPool.tasks == nil {
		gemmPool.tasks = make(chan gemmTask, 64)
	}
	for ; gemmPool.workers < n; gemmPool.workers++ {
		go gemmWorker(gemmPool.tasks)
	}
}

func gemmWorker(tasks <-chan gemmTask) {
	ar := new(gemmArena)
	for t := range tasks {
		c := t.call
		gemmBlocked(c.g, ar, &c.x, t.i0, t.i1, t.j0, t.j1)
		c.done.Done()
	}
}

// gemmThreads returns how many goroutines an m×n×k product should use, at
// most threads: one per gemmMinFlopsPerThread of work, and no more than
// there are tiles along the dimension that gets split.
func gemmThreads(g *gemmImpl, threads, m, n, k int) int {
	flops := 2 * float64(m) * float64(n) * float64(k)
	t := min(threads, int(flops/gemmMinFlopsPerThread))
	tiles := max((m+g.mr-1)/g.mr, (n+g.nr-1)/g.nr)
	return max(1, min(t, tiles))
}

// gemmParallel computes x on t > 1 goroutines (the caller and t-1
// workers). It splits C along its longer side (so the operand each part
// packs again, the one along the shorter side, is the smaller), at
// multiples of the tile size so every part sees the same tile grid and
// the result does not depend on t.
func gemmParallel(g *gemmImpl, t int, x *gemmArgs) {
	gemmEnsureWorkers(t - 1)
	call := gemmCalls.get()
	call.g, call.x = g, *x
	byRows := x.m >= x.n
	span, step := x.n, g.nr
	if byRows {
		span, step = x.m, g.mr
	}
	tiles := (span + step - 1) / step
	call.done.Add(t - 1)
	var first gemmTask
	for p := 0; p < t; p++ {
		lo, hi := p*tiles/t*step, min((p+1)*tiles/t*step, span)
		task := gemmTask{call: call, i0: 0, i1: x.m, j0: lo, j1: hi}
		if byRows {
			task = gemmTask{call: call, i0: lo, i1: hi, j0: 0, j1: x.n}
		}
		if p == 0 {
			first = task
			continue
		}
		gemmPool.tasks <- task
	}
	ar := gemmArenas.get()
	gemmBlocked(g, ar, &call.x, first.i0, first.i1, first.j0, first.j1)
	gemmArenas.put(ar)
	call.done.Wait()
	call.x = gemmArgs{} // drop references to the caller's matrices
	gemmCalls.put(call)
}
