package nn

import "github.com/brawn-ml/brawn/kernels"

// The arithmetic of batches computed in leaves (Trainer.Leaf): which
// leaves each rank computes, the fold of their losses and correct counts,
// and the flattened gradient vectors the leaves add up and the ranks
// exchange.

// leafSize returns the leaf size in effect: Leaf, DefaultLeaf with a Comm
// (of any size, so that one rank gives the bits of many) and Leaf 0, or 0
// (whole batches).
func (t *Trainer) leafSize() int {
	if t.Leaf > 0 {
		return t.Leaf
	}
	if t.Comm != nil {
		return DefaultLeaf
	}
	return 0
}

// leafRange returns the leaves [l0, l1) of a batch of leaves leaves that
// rank computes out of size ranks: contiguous runs, as even as can be.
func leafRange(leaves, rank, size int) (l0, l1 int) {
	return rank * leaves / size, (rank + 1) * leaves / size
}

// foldScalars folds leaves' (loss, correct) pairs in order.
func foldScalars(s []float64) (loss float64, correct int) {
	for i := 0; i+1 < len(s); i += 2 {
		loss += s[i]
		correct += int(s[i+1])
	}
	return loss, correct
}

func gradLen(params []*Param) int {
	n := 0
	for _, p := range params {
		n += len(p.Grad.Data)
	}
	return n
}

// flattenGrads copies the parameters' gradients, in order, into dst.
func flattenGrads(dst []float32, params []*Param) {
	at := 0
	for _, p := range params {
		at += copy(dst[at:], p.Grad.Data)
	}
}

// addGrads sets dst = acc + the parameters' gradients, or, with a nil dst,
// the gradients themselves to that sum.
func addGrads(dst, acc []float32, params []*Param) {
	at := 0
	for _, p := range params {
		n := len(p.Grad.Data)
		d := p.Grad.Data
		if dst != nil {
			d = dst[at : at+n]
		}
		kernels.Add(d, acc[at:at+n], p.Grad.Data)
		at += n
	}
}

// scatterGrads copies src, flattened gradients, into the parameters'.
func scatterGrads(params []*Param, src []float32) {
	at := 0
	for _, p := range params {
		at += copy(p.Grad.Data, src[at:])
	}
}

// addGradsFlat sets acc += v, two flattened gradients.
func addGradsFlat(acc, v []float32) {
	kernels.Add(acc, acc, v)
}
