package nn

import (
	"sync/atomic"
)

// A training step of a model of rowLayers with a rowLoss runs in two or
// three parallel regions instead of one or more per layer. The first
// takes the batch by pieces of forwardPieceRows rows, and each piece goes
// forward through every layer, through the loss's gradient and back
// through the input gradients (dx) of every layer that needs one: each of
// these rows depends on the same row of the previous result alone. The
// second computes every weight gradient, dW = dyᵀ·x, which sums over all
// rows, as tasks of gradBlockRows rows of dW each. Every piece and every
// task is computed whole by one goroutine with single-threaded kernels,
// and they are the same for any thread count, so the gradients are
// bit-identical for any thread count.
//
// When the model starts with a Linear layer of two or more such blocks
// (unitsLayer), a region before the pieces computes that layer's output
// by blocks of its units, for every row, and the pieces start at the
// next layer. Its block b is then chunk b of three regions (this one, the
// weight gradients', whose first tasks are its blocks, and the step sums'
// for its gradient), and its weights and the optimizer's state a part of
// the update that ends on a block's edge (paramParts.cut), so the
// goroutine that owns chunk b (see region) computes, sums and updates the
// same block of weights step after step: the largest parameter of an MLP
// (784-256's is 85% of 784-256-128-10's) no longer crosses between cores,
// as it did when each core's forward pieces read the half of it the
// other's update had written. Split by rows, the pieces also packed the
// whole weight each; by units each goroutine packs its own block. A batch
// of one piece, which the caller computed alone, gets two goroutines for
// its largest product this way.

// rowLoss is a loss whose per-sample values and gradient rows depend on
// that sample's output row alone (CrossEntropyLoss).
type rowLoss interface {
	// rowsBegin checks b's targets against pred as Forward does, sizes
	// the buffers and returns the gradient dL/dpred, not yet computed.
	rowsBegin(pred *Tensor, b *Batch) (*Tensor, error)
	// rowsForward computes the losses and gradient rows [lo, hi); calls
	// for disjoint ranges may run at once.
	rowsForward(lo, hi int)
	// rowsEnd returns the batch's loss once every row is computed.
	rowsEnd() float64
}

// gradTasker is a layer whose parameter gradients, once its rowLayer
// backward pass has begun, are computed as independent tasks.
type gradTasker interface {
	gradTasks() int
	gradTask(i int)
	// gradDone ends the pass (drops references to other layers' tensors).
	gradDone()
}

// gradTaskRef is one weight-gradient task: task i of layer l, the model's
// layer-th.
type gradTaskRef struct {
	l     gradTasker
	i     int
	layer int
}

// rowStep is a Sequential's training step by pieces of rows (see above);
// its slices and funcs are kept from step to step, so a step allocates
// nothing.
type rowStep struct {
	fwd    rowForward
	loss   rowLoss
	first  int // the first layer with parameters: it needs no dx
	tasks  []gradTaskRef
	pieceF func(lo, hi int)
	taskF  func(lo, hi int)
	// With sums set, the weight-gradient tasks sum the gradients' squares
	// too (see sumGrads): params are the model's, layerParams the index in
	// params of each layer's first, left each layer's tasks not yet done.
	sums        *stepSums
	params      []*Param
	layerParams []int
	left        []atomic.Int32
	// units, when set, is layer 0, whose forward pass runs by blocks of
	// its units before the pieces (see unitsLayer).
	units  *Linear
	unitsF func(lo, hi int)
}

// rowTrainStep runs the forward pass, loss and backward pass of one step on
// b with rowStep's two regions and returns the model's output and the
// loss; ok is false, with nothing done, when a layer or loss is not of
// the kinds rowStep takes. It overwrites every parameter's gradient, and
// with sums non-nil puts their sums of squares in sums (see sumGrads).
func (s *Sequential) rowTrainStep(loss Loss, b *Batch, sums *stepSums) (out *Tensor, total float64, ok bool, err error) {
	r := &s.step
	rl, isRow := loss.(rowLoss)
	if !rowPieces || !isRow || !r.bind(s.Layers) {
		return nil, 0, false, nil
	}
	r.loss, r.first = rl, s.firstParam
	x := s.viewInput(&b.X)
	f := &r.fwd
	f.rows = x.Rows()
	for _, l := range f.layers {
		x = l.rowsBegin(x)
	}
	dy, err := rl.rowsBegin(x, b)
	if err != nil {
		return nil, 0, true, err
	}
	for i := len(f.layers) - 1; i >= r.first; i-- {
		dy = f.layers[i].rowsBackwardBegin(dy, i > r.first)
	}
	threads := s.env.threads()
	if r.units = unitsLayer(s.Layers); r.units != nil {
		region(r.units.gradTasks(), r.unitsF, threads)
	}
	region(pieces(f.rows), r.pieceF, threads)
	for _, l := range f.layers {
		l.rowsEnd()
	}
	total = rl.rowsEnd()
	if threads > 1 || len(s.layerParams) != len(s.Layers)+1 {
		sums = nil // on two or more threads, or Layers changed since NewSequential
	}
	r.sums, r.params, r.layerParams = sums, s.params, s.layerParams
	if sums != nil {
		sums.grad = grow(&sums.grad, len(s.params))
		for k := range r.left {
			r.left[k].Store(0)
		}
		for _, t := range r.tasks {
			r.left[t.layer].Add(1)
		}
	}
	region(len(r.tasks), r.taskF, threads)
	if sums != nil {
		sums.summed = true
	}
	r.sums, r.params = nil, nil
	for _, t := range r.tasks {
		if t.i == 0 {
			t.l.gradDone()
		}
	}
	return x, total, true, nil
}

// bind takes layers for a step and lists their gradient tasks in layer
// order (for a network that narrows, as classifiers do, largest first); it returns false when a layer is not a rowLayer, or has
// parameters and is not a gradTasker.
func (r *rowStep) bind(layers []Layer) bool {
	if r.pieceF == nil {
		r.pieceF, r.taskF, r.unitsF = r.pieces, r.gradTasks, r.unitBlocks
	}
	if !r.fwd.bind(layers) {
		return false
	}
	r.tasks = r.tasks[:0]
	for li, l := range layers {
		g, ok := l.(gradTasker)
		if !ok {
			if len(l.Params()) > 0 {
				return false
			}
			continue
		}
		for i := range g.gradTasks() {
			r.tasks = append(r.tasks, gradTaskRef{g, i, li})
		}
	}
	if len(r.left) != len(layers) {
		r.left = make([]atomic.Int32, len(layers))
	}
	return true
}

// pieces runs pieces [lo, hi) forward, through the loss and back.
func (r *rowStep) pieces(lo, hi int) {
	f := &r.fwd
	layers := f.layers
	if r.units != nil {
		layers = layers[1:] // computed by unitBlocks
	}
	for p := lo; p < hi; p++ {
		r0, r1 := p*forwardPieceRows, min((p+1)*forwardPieceRows, f.rows)
		for _, l := range layers {
			l.rowsForward(r0, r1)
		}
		r.loss.rowsForward(r0, r1)
		for i := len(f.layers) - 1; i > r.first; i-- {
			f.layers[i].rowsBackward(r0, r1)
		}
	}
}

// gradTasks runs weight-gradient tasks [lo, hi).
func (r *rowStep) gradTasks(lo, hi int) {
	for _, t := range r.tasks[lo:hi] {
		t.l.gradTask(t.i)
		if r.sums != nil && r.left[t.layer].Add(-1) == 0 {
			r.sumGrads(t.layer)
		}
	}
}

// sumGrads sets the sums of squares of the gradients of the model's
// layer-th layer, whose tasks are all done: each with one
// kernels.SumSquares call, as GradNorm takes them, right after the
// layer's last task, while the gradient it has just written is in cache.
// On one thread that took 784-256-128-10's sums at batch 128 from 52-57 µs
// in stepSums to 32-35 µs, and the weight-gradient pass 5-10 µs longer.
// On two, the goroutine that finished a layer read the half of a large
// gradient the other core had written while the other ran out of tasks:
// the weight-gradient region took 25-35 µs longer, 17 µs more than the
// sums it saved, so there the sums stay in stepSums' region.
func (r *rowStep) sumGrads(layer int) {
	for i := r.layerParams[layer]; i < r.layerParams[layer+1]; i++ {
		r.sums.grad[i] = sumSquares(r.params[i], r.params[i].Grad.Data)
	}
}

// forwardBackward runs the forward pass, the loss and the backward pass
// of a training step on b, by rowStep's two regions when the model and
// the loss allow it, and returns the model's output and the loss. With
// sumGrads, rowStep puts the gradients' sums of squares in t.sums for the
// update (stepSums.summed); the caller must change no gradient before.
func (t *Trainer) forwardBackward(b *Batch, sumGrads bool) (*Tensor, float64, error) {
	m := t.Model
	t.sums.summed = false
	var sums *stepSums
	if sumGrads {
		sums = &t.sums
	}
	if out, loss, ok, err := m.rowTrainStep(t.Loss, b, sums); ok {
		return out, loss, err
	}
	out := m.Forward(&b.X)
	loss, err := t.Loss.Forward(out, b)
	if err != nil {
		return nil, 0, err
	}
	m.Backward(t.Loss.Backward())
	return out, loss, nil
}

// unitsLayer returns layers[0] when it is a Linear layer of two or more
// weight-gradient blocks (more than 64 units), whose forward pass a step
// computes by those blocks (see above), and nil otherwise. The choice
// depends on the layer alone, never on the thread count.
func unitsLayer(layers []Layer) *Linear {
	if len(layers) == 0 {
		return nil
	}
	if l, ok := layers[0].(*Linear); ok && l.gradTasks() >= 2 {
		return l
	}
	return nil
}

// unitBlocks computes blocks [lo, hi) of the units layer's forward pass.
func (r *rowStep) unitBlocks(lo, hi int) {
	for b := lo; b < hi; b++ {
		r.units.unitsForward(b)
	}
}
