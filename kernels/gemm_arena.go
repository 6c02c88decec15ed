package kernels

import (
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
// workers keep their own. Unlike a sync.Pool it is not emptied by garbage
// collections, so a program that allocates elsewhere does not make Sgemm
// allocate its packing buffers again.
var gemmArenas workpool.FreeList[gemmArena]

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
