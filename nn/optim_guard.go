package nn

import (
	"math"
	"slices"
	"sync/atomic"
)

// guardBlock is how many elements of a parameter the guarded update
// backs up, updates and checks at a time: a multiple of every kernel's
// vector width, so blocks split a chunk where the kernels' own loops would
// and the update's bits do not change, and small enough that the weight,
// gradient and buffer blocks stay in the L1 cache between the backup, the
// update and the check.
const guardBlock = 1024

// stepGuard makes an optimizer step undoable: while it is armed, each
// block of each parameter and of its buffers is copied aside just before
// the update touches it and checked for non-finite values just after,
// while still in cache. That costs one extra write of the state per step,
// instead of a separate pass to back everything up and another to check.
// The Trainer arms it only for steps it cannot prove finite beforehand
// (see provenOptimizer): in ordinary training, none.
type stepGuard struct {
	o *optimBase
	// values[i] and bufs[k][i] back up parameter i's weights and buffer k
	// (in o.bufNames order).
	values [][]float32
	bufs   [][][]float32
	live   [][][]float32 // o.bufs by buffer index, to avoid map lookups
	step   int
	bad    atomic.Bool
	inner  paramChunk // the optimizer's chunk function
	chunk  paramChunk // g.guarded, bound once so calls allocate nothing
}

// guardedOptimizer is implemented by this package's optimizers, whose
// whole mutable state is optimBase's buffers and step count.
type guardedOptimizer interface {
	armGuard()
	disarmGuard() (bad bool)
	nonFiniteState(m *Sequential) *NonFiniteError
	undoStep()
}

// armGuard makes the next Step undoable (see stepGuard); the backup is
// allocated on the first call.
func (o *optimBase) armGuard() {
	g := o.guard
	if g == nil {
		g = &stepGuard{o: o}
		for _, gr := range o.groups {
			for _, p := range gr.Params {
				g.values = append(g.values, make([]float32, len(p.Value.Data)))
			}
		}
		for _, n := range o.bufNames {
			bk := make([][]float32, len(o.bufs[n]))
			for i, b := range o.bufs[n] {
				bk[i] = make([]float32, len(b))
			}
			g.bufs = append(g.bufs, bk)
			g.live = append(g.live, o.bufs[n])
		}
		g.chunk = g.guarded
	}
	g.step = o.step
	g.bad.Store(false)
	o.guard, o.guarding = g, true
}

// disarmGuard ends the guarded step and reports whether it produced a
// non-finite weight or buffer element.
func (o *optimBase) disarmGuard() bool {
	o.guarding = false
	return o.guard.bad.Load()
}

// guarded runs the optimizer's chunk function on [lo, hi) of parameter p
// (the optimizer's i-th) block by block, backing each block up before and
// checking it after.
func (g *stepGuard) guarded(i int, p *Param, lo, hi int) {
	w := p.Value.Data
	for b := lo; b < hi; b += guardBlock {
		e := min(b+guardBlock, hi)
		copy(g.values[i][b:e], w[b:e])
		for k := range g.live {
			copy(g.bufs[k][i][b:e], g.live[k][i][b:e])
		}
		g.inner(i, p, b, e)
		ok := allFinite(w[b:e])
		for k := range g.live {
			ok = ok && allFinite(g.live[k][i][b:e])
		}
		if !ok {
			g.bad.Store(true)
		}
	}
}

// nonFiniteState describes the first non-finite value the last Step left,
// in the model's parameter order: a weight, else a buffer element.
func (o *optimBase) nonFiniteState(m *Sequential) *NonFiniteError {
	e := &NonFiniteError{Quantity: QuantityWeight, Layer: -1, Index: -1, Value: math.NaN()}
	var params []*Param // in the optimizer's order, which indexes o.bufs
	for _, g := range o.groups {
		params = append(params, g.Params...)
	}
	for _, p := range m.Params() {
		if slices.Contains(params, p) && firstNonFinite(p.Value.Data) >= 0 {
			e.nonFiniteIn(m, p, p.Value.Data)
			return e
		}
	}
	for _, p := range m.Params() {
		i := slices.Index(params, p)
		if i < 0 {
			continue
		}
		for _, n := range o.bufNames {
			if b := o.bufs[n][i]; firstNonFinite(b) >= 0 {
				e.Quantity, e.Buffer = QuantityOptimizerState, n
				e.nonFiniteIn(m, p, b)
				return e
			}
		}
	}
	return e
}

// undoStep restores the weights, buffers and step count from before the
// last guarded Step.
func (o *optimBase) undoStep() {
	g := o.guard
	i := 0
	for _, gr := range o.groups {
		for _, p := range gr.Params {
			copy(p.Value.Data, g.values[i])
			for k := range g.live {
				copy(g.live[k][i], g.bufs[k][i])
			}
			i++
		}
	}
	o.step = g.step
}
