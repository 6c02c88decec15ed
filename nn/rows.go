package nn

// A model whose every layer computes each output row from the same input
// row alone (Linear and the elementwise activations) runs its forward pass
// as one parallel region: the batch is cut into pieces of forwardPieceRows
// rows and each piece goes through every layer on one goroutine. Layer by
// layer, only the products large enough to split (kernels.MinFlopsPerThread
// per goroutine) ran on two cores, each in a region of its own whose
// parked worker took 70-125 µs to wake, and the smaller layers ran on the
// caller alone; as one region a forward pass pays one wake-up and keeps
// both cores busy through every layer. The pieces do not depend on the
// thread count, and each is computed on one goroutine with the operation
// order of a single-threaded pass, so the outputs are bit-identical for
// any thread count.

// forwardPieceRows is the rows of a forward piece: two pieces at the
// default batch of 128, one per core of a 2-core machine, and few enough
// rows that Linear takes its transposed small-batch form (see
// transposedForwardMax), which packs the weight as Sgemm's cheaper A
// operand. Each piece packs every weight again: on one thread, two pieces
// of 64 rows of 784→256 took 2-8% more CPU time than the whole batch.
const forwardPieceRows = 64

// rowPieces turns the row-piece passes on; a variable so tests and
// benchmarks can compare with the layer-by-layer passes (see withoutRows).
var rowPieces = true

// rowLayer is a layer whose forward pass computes output row i from input
// row i alone, and that can compute any range of rows on its own.
type rowLayer interface {
	// rowsBegin starts a forward pass on x: it records x, sizes the
	// output (and any scratch) for x's rows and returns the output, not
	// yet computed.
	rowsBegin(x *Tensor) *Tensor
	// rowsForward computes output rows [lo, hi) of the pass begun, on the
	// calling goroutine alone; calls for disjoint ranges may run at once.
	rowsForward(lo, hi int)
	// rowsEnd finishes the pass once every row is computed.
	rowsEnd()
	// rowsBackwardBegin starts a backward pass for output gradient dy:
	// it records dy and, when needDx, sizes the input gradient and
	// returns it, not yet computed (nil without needDx).
	rowsBackwardBegin(dy *Tensor, needDx bool) *Tensor
	// rowsBackward computes input gradient rows [lo, hi) of the backward
	// pass begun, on the calling goroutine alone.
	rowsBackward(lo, hi int)
}

// rowForward runs a Sequential's forward pass by pieces of rows when every
// layer is a rowLayer. Its slice and func are kept from pass to pass, so a
// pass allocates nothing.
type rowForward struct {
	layers []rowLayer
	rows   int // rows of the current pass
	piece  func(lo, hi int)
}

// forward runs x through layers by pieces of rows, the pieces shared by up
// to threads goroutines, and returns the last layer's output; it returns
// nil, having done nothing, when a layer is not a rowLayer.
func (f *rowForward) forward(layers []Layer, x *Tensor, threads int) *Tensor {
	if !rowPieces || !f.bind(layers) {
		return nil
	}
	f.rows = x.Rows()
	for _, l := range f.layers {
		x = l.rowsBegin(x)
	}
	region(pieces(f.rows), f.piece, threads)
	for _, l := range f.layers {
		l.rowsEnd()
	}
	return x
}

// bind takes layers for a pass, and reports whether they are all
// rowLayers.
func (f *rowForward) bind(layers []Layer) bool {
	if f.piece == nil {
		f.piece = f.pieces
	}
	f.layers = f.layers[:0]
	for _, l := range layers {
		r, ok := l.(rowLayer)
		if !ok {
			return false
		}
		f.layers = append(f.layers, r)
	}
	return true
}

// pieces returns the number of pieces of a batch of rows.
func pieces(rows int) int { return (rows + forwardPieceRows - 1) / forwardPieceRows }

// region calls fn over [0, n) in chunks of one on up to threads
// goroutines, in one parallel region. Chunk c is the c%threads-th
// goroutine's (the caller's first; see workpool.Pool.RunFuncOwned), so
// regions that number their work alike (the pieces of a batch, the
// blocks of a layer's units, the optimizer's parts) run the same data on
// the same core from region to region and step to step: on a 2-vCPU
// Zen 4 whose host had put the vCPUs on two CCDs (a cache line's round
// trip 330-360 ns), a 784-256-128-10 step at batch 128 on two threads
// ran at a median of 102k samples/s this way, with its first layer split
// by units (see rowStep), in six runs interleaved with as many claimed
// first come, first served, whose median was 77k.
func region(n int, fn func(lo, hi int), threads int) {
	if t := min(threads, n); t > 1 {
		workers.RunFuncOwned(n, t-1, fn)
		return
	}
	fn(0, n)
}

// pieces computes pieces [lo, hi) through every layer.
func (f *rowForward) pieces(lo, hi int) {
	for p := lo; p < hi; p++ {
		r0, r1 := p*forwardPieceRows, min((p+1)*forwardPieceRows, f.rows)
		for _, l := range f.layers {
			l.rowsForward(r0, r1)
		}
	}
}
