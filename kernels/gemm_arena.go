package kernels

import (
	"sync"
	"unsafe"

	"github.com/brawn-ml/brawn/internal/workpool"
)

// gemmArena is one goroutine's scratch space for the blocked SGEMM: the
// packed A and B blocks and an edge tile. It grows to the largest block it
// has needed and is then reused, so steady-state calls allocate nothing.
type gemmArena struct {
	packA, packB []float32
	edge         []float32
	edgeCol      []float32  // a column of tiles for panels that span blocks of C
	vecX, vecY   []float32  // strided vectors gathered for the GEMV route
	lanes        [4]float32 // Sgemv's four row sums or coefficients
	trans        []float32  // the transposed result of a narrow product
	dotB         []float32  // Bᵀ packed for the dot-product route
}

// gemmArenas holds arenas for goroutines that call Sgemm; the pool's
// workers keep their own.
var gemmArenas = arenaPool{slot: func() int { return cpuNumber() % arenaSlots }}

// arenaSlots is the number of arenaPool's lists: at least the CPUs of the
// machines brawn trains on, and few enough that a scan of them all, when a
// goroutine finds its CPU's list empty, costs nothing next to an Sgemm.
const arenaSlots = 16

// arenaPool keeps idle arenas in one list per CPU (cpuNumber): a goroutine
// takes an arena from the list of the CPU it runs on, and puts it back in
// the list of the CPU it runs on then. Two goroutines calling Sgemm at
// once on two cores, as a training step's pieces do, then pack into
// buffers already in their own core's cache; from a single last-in
// first-out list the arenas went back in whichever order the calls ended,
// and a call often packed hundreds of KB into lines the other core held.
// On a 2-vCPU Zen 4, a 784-256-128-10 step at batch 128 on two threads,
// in 11 runs of 40 pairs of 50 steps with one list and with these,
// alternating: a median ratio of 0.99-1.02 in 8 runs and 1.06-1.09 in 3;
// on one thread, 1.00. Kept by P instead (a sync.Pool) the arenas had
// given 7% with the vCPUs on two CCDs, but a sync.Pool allocates after
// garbage collections; these lists keep every arena made, as the single
// list did, so steady-state calls allocate nothing. A list found empty
// takes from the next ones, so no more arenas are made than goroutines
// ever held at once.
type arenaPool struct {
	slots [arenaSlots]arenaList
	slot  func() int // the calling goroutine's list, in [0, arenaSlots)
	mu    sync.Mutex
	made  int // arenas made
}

// arenaList is one CPU's idle arenas, alone on its cache line.
type arenaList struct {
	workpool.FreeList[gemmArena]
	_ [64 - unsafe.Sizeof(workpool.FreeList[gemmArena]{})%64]byte
}

// Get returns an idle arena: from the list of the calling goroutine's
// CPU, else from the next list that has one, else a new one.
func (a *arenaPool) Get() *gemmArena {
	s := a.slot()
	for i := range arenaSlots {
		if x := a.slots[(s+i)%arenaSlots].Pop(); x != nil {
			return x
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.made++
	for i := range a.slots { // room in every list for every arena, so Put never allocates
		a.slots[i].Reserve(a.made)
	}
	return new(gemmArena)
}

// Put makes x, which Get returned, idle again, in the list of the calling
// goroutine's CPU.
func (a *arenaPool) Put(x *gemmArena) {
	a.slots[a.slot()].Put(x)
}

// cacheLine is the alignment of packed buffers: panels then start on a
// cache line, so no vector load of a panel straddles two lines.
const cacheLine = 64

// alignedFloats returns a slice of n float32 starting on a cache line,
// reusing buf when it is large enough.
func alignedFloats(buf []float32, n int) []float32 {
	if cap(buf) >= n && uintptr(unsafe.Pointer(unsafe.SliceData(buf[:1])))%cacheLine == 0 {
		return buf[:n]
	}
	raw := make([]float32, n+cacheLine/4)
	off := 0
	if r := uintptr(unsafe.Pointer(&raw[0])) % cacheLine; r != 0 {
		off = int(cacheLine-r) / 4
	}
	return raw[off : off+n : off+n]
}

// buffers returns the arena's packing buffers sized for g's blocks on an
// m×n×k problem (smaller problems get smaller buffers).
func (ar *gemmArena) buffers(g *gemmImpl, m, n, k int) (packA, packB, edge []float32) {
	kc := min(gemmDepthBlock(g, k), k)
	mc := min(g.mc, roundUp(m, g.mr))
	nc := min(g.nc, roundUp(n, g.nr))
	ar.packA = alignedFloats(ar.packA, max(mc*kc, 1))
	ar.packB = alignedFloats(ar.packB, max(nc*kc, 1))
	if len(ar.edge) < g.mr*g.nr {
		ar.edge = alignedFloats(ar.edge, g.mr*g.nr)
	}
	return ar.packA, ar.packB, ar.edge[:g.mr*g.nr]
}

// edgeColumn returns ar's scratch for a column of g's tiles, mc×nr.
func (ar *gemmArena) edgeColumn(g *gemmImpl) []float32 {
	if len(ar.edgeCol) < g.mc*g.nr {
		ar.edgeCol = alignedFloats(ar.edgeCol, g.mc*g.nr)
	}
	return ar.edgeCol[:g.mc*g.nr]
}
