package data

import (
	"fmt"
	"iter"

	"github.com/brawn-ml/brawn/kernels"
)

// Gather writes the features of the samples at idx, in that order, into
// dst as float32, row-major [len(idx), Features]: X's rows as they are, or
// U8's bytes as float32(b)/255 followed by the scaler applied to the
// dataset (Scaler.Apply), x' = (x - Offset[j]) * Scale[j] in float32, the
// same bits as scaling float features does. dst must hold at least
// len(idx)*Features values. It returns an error naming the first index
// outside [0, Len()); it allocates nothing.
func (d *Dataset) Gather(dst []float32, idx []int) error {
	f, n := d.Features, d.Len()
	if len(dst) < len(idx)*f {
		return fmt.Errorf("%s: gathering %d samples of %d features needs %d values, dst holds %d", d.Source, len(idx), f, len(idx)*f, len(dst))
	}
	for _, i := range idx[:min(gatherAhead, len(idx))] {
		if i >= 0 && i < n {
			d.prefetch(i)
		}
	}
	for r, i := range idx {
		if i < 0 || i >= n {
			return fmt.Errorf("%s: sample index %d is outside [0, %d)", d.Source, i, n)
		}
		if r+gatherAhead < len(idx) {
			if j := idx[r+gatherAhead]; j >= 0 && j < n {
				d.prefetch(j)
			}
		}
		d.rowInto(dst[r*f:(r+1)*f], i)
	}
	return nil
}

// gatherAhead is how many rows ahead of the one it converts Gather
// prefetches. A shuffled batch's rows lie anywhere in a data set larger
// than the caches (MNIST's training images are 47 MB), and gathering 128
// of them waited on memory for each row in turn: 35-40 µs, against 12-20
// µs when the rows were in cache; prefetching 4 rows ahead took 15-33 µs
// (a shared 2-core Zen 4), and 8 did no better.
const gatherAhead = 4

// prefetch asks the CPU to load sample i's features (see kernels.Prefetch);
// i is in [0, Len()).
func (d *Dataset) prefetch(i int) {
	f, r := d.Features, d.Index(i)
	if d.U8 != nil {
		kernels.Prefetch(d.U8[r*f : (r+1)*f])
		return
	}
	kernels.Prefetch(d.X[r*f : (r+1)*f])
}

// rowInto writes sample i's features into dst as Gather does.
func (d *Dataset) rowInto(dst []float32, i int) {
	f, r := d.Features, d.Index(i)
	if d.U8 == nil {
		copy(dst, d.X[r*f:(r+1)*f])
		return
	}
	d.bytesToFloat(dst, d.U8[r*f:(r+1)*f])
}

// bytesToFloat converts one row of byte features, float32(b)/255, then
// scaled by d.scaler: (x - Offset[j]) * Scale[j], a subtraction and a
// multiplication in float32 as scaling float features does, so
// the same bits. The vector kernels make it one pass at a few values per
// cycle, where a loop over a table of 256 values took about 1 ns a value
// (5% of a training step of 784-256-128-10 at batch 128).
func (d *Dataset) bytesToFloat(dst []float32, src []uint8) {
	kernels.BytesToFloat32(dst, src, 255)
	if s := d.scaler; s != nil && s.Method != NormNone {
		kernels.Sub(dst, dst, s.Offset[:len(src)])
		kernels.Mul(dst, dst, s.Scale[:len(src)])
	}
}

// Matrix returns all the features as float32, row-major [Len(), Features],
// as Gather writes them: X itself for float features read whole (not a
// copy; Contiguous), a new slice otherwise.
func (d *Dataset) Matrix() []float32 {
	if d.U8 == nil && d.rows == nil {
		return d.X
	}
	f, n := d.Features, d.Len()
	x := make([]float32, n*f)
	if f == 0 {
		return x
	}
	for i := range n {
		d.rowInto(x[i*f:(i+1)*f], i)
	}
	return x
}

// Rows yields each sample's index and features in order, as Gather writes
// them. The row is X's own for float features and one buffer reused from
// row to row for byte features: copy it to keep it, and do not change it.
func (d *Dataset) Rows() iter.Seq2[int, []float32] {
	return func(yield func(int, []float32) bool) {
		f := d.Features
		var row []float32
		if d.U8 != nil {
			row = make([]float32, f)
		}
		for i := range d.Len() {
			if d.U8 == nil {
				row = d.Row(i)
			} else {
				d.rowInto(row, i)
			}
			if !yield(i, row) {
				return
			}
		}
	}
}
