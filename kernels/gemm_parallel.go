package kernels

import (
	"sync"
	"sync/atomic"
)

// Parallel SGEMM runs on a pool of persistent worker goroutines that block
// on a channel between calls (they never spin, so a busy machine slows
// brawn down gracefully). Each worker owns a packing arena, and a call's
// shared state comes from a free list, so steady-state calls allocate
// nothing.

// gemmMinFlopsPerThread is the least work (2·m·n·k) worth handing to one
// more goroutine. Waking a parked worker took 70-100 µs on the 2-core
// virtual machine brawn is benchmarked on, and squares of 160 (8 MFLOP)
// ran slower on two goroutines than on one while 200 (16 MFLOP) ran
// faster; 8 MFLOP per goroutine keeps products below 16 MFLOP on one.
const gemmMinFlopsPerThread = 8 << 20

// gemmCall is one parallel Sgemm: its arguments, its parts (blocks of C)
// and the next part not yet claimed. The caller queues the call for the
// workers (at most one queued call per worker, so a worker that falls
// behind never has more than that to skip), and every goroutine that
// joins it, the caller included, claims parts until none is left; the
// caller then waits for the parts, not for the workers. A worker that
// wakes late (a parked thread takes tens of microseconds to run again on
// a virtual machine), or not at all on a busy machine, finds its part
// already done by the caller and moves on, holding nobody up. The call
// returns to the free list when its last holder lets go of it.
type gemmCall struct {
	g     *gemmImpl
	x     gemmArgs
	parts []gemmPart
	next  atomic.Int32   // the next part to claim
	left  sync.WaitGroup // parts not yet computed
	refs  atomic.Int32   // holders: the caller and the workers it was handed to
}

// gemmPart is the block [i0, i1)×[j0, j1) of C.
type gemmPart struct{ i0, i1, j0, j1 int }

// run claims and computes parts of c until none is left.
func (c *gemmCall) run(ar *gemmArena) {
	for {
		p := int(c.next.Add(1)) - 1
		if p >= len(c.parts) {
			return
		}
		q := c.parts[p]
		gemmBlocked(c.g, ar, &c.x, q.i0, q.i1, q.j0, q.j1)
		c.left.Done()
	}
}

// release drops one holder's reference; the last one recycles c.
func (c *gemmCall) release() {
	if c.refs.Add(-1) == 0 {
		c.x = gemmArgs{} // drop references to the caller's matrices
		gemmCalls.put(c)
	}
}

var (
	gemmCalls freeList[gemmCall]

	gemmPool struct {
		mu      sync.Mutex
		workers int
		queued  atomic.Int32 // calls sent and not yet received
		tasks   chan *gemmCall
	}
)

// gemmEnsureWorkers starts workers until there are at least n. Each new
// worker brings two more calls to the free list: a caller holds one call,
// and each worker at most one queued and one it is running, so a single
// caller never allocates one.
func gemmEnsureWorkers(n int) {
	gemmPool.mu.Lock()
	defer gemmPool.mu.Unlock()
	if gemmPool.tasks == nil {
		gemmPool.tasks = make(chan *gemmCall, 64)
		gemmCalls.put(&gemmCall{})
	}
	for ; gemmPool.workers < n; gemmPool.workers++ {
		gemmCalls.put(&gemmCall{parts: make([]gemmPart, 0, n+1)})
		gemmCalls.put(&gemmCall{parts: make([]gemmPart, 0, n+1)})
		go gemmWorker(gemmPool.tasks)
	}
}

func gemmWorker(tasks <-chan *gemmCall) {
	ar := new(gemmArena)
	for c := range tasks {
		gemmPool.queued.Add(-1)
		c.run(ar)
		c.release()
	}
}

// gemmHandOut queues c for up to n workers, as long as no more calls are
// queued than there are workers, and returns how many it queued.
func gemmHandOut(c *gemmCall, n int) int {
	gemmPool.mu.Lock()
	w := int32(gemmPool.workers)
	gemmPool.mu.Unlock()
	sent := 0
	for sent < n {
		v := gemmPool.queued.Load()
		if v >= w {
			break
		}
		if gemmPool.queued.CompareAndSwap(v, v+1) {
			gemmPool.tasks <- c // at most w queued in a channel of 64: never blocks
			sent++
		}
	}
	return sent
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

// gemmParallel computes x on up to t > 1 goroutines (the caller and t-1
// workers). It splits C into t parts along its longer side (so the
// operand each part packs again, the one along the shorter side, is the
// smaller), at multiples of the tile size so every part sees the same tile
// grid and the result does not depend on t or on which goroutine computes
// which part.
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
	call.parts = call.parts[:0]
	for p := 0; p < t; p++ {
		lo, hi := p*tiles/t*step, min((p+1)*tiles/t*step, span)
		part := gemmPart{i0: 0, i1: x.m, j0: lo, j1: hi}
		if byRows {
			part = gemmPart{i0: lo, i1: hi, j0: 0, j1: x.n}
		}
		call.parts = append(call.parts, part)
	}
	call.next.Store(0)
	call.left.Add(len(call.parts))
	call.refs.Store(int32(t)) // at most; the workers not handed it are dropped below
	sent := gemmHandOut(call, t-1)
	call.refs.Add(int32(sent - (t - 1)))
	ar := gemmArenas.get()
	call.run(ar)
	gemmArenas.put(ar)
	call.left.Wait()
	call.release()
}
