package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// The zero-size tests: every kernel that takes sizes, at every level, with
// each size 0 in turn and nil for every slice the call does not need. As
// in the reference BLAS and gonum's, the sizes and leading dimensions are
// checked first; then a call whose result is empty returns at once, without
// looking at any slice; a result that is not empty is written (and must be
// right). Bad sizes or leading dimensions still panic when the result is
// empty.

// zeroShapes are [rows, cols] with each of them 0 in turn.
var zeroShapes = [][2]int{{0, 0}, {0, 5}, {3, 0}}

func TestSgemmZeroSizes(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		const m, n, k = 3, 4, 5
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			for _, s := range [][3]int{{0, n, k}, {m, 0, k}, {0, 0, k}, {0, n, 0}, {m, 0, 0}} {
				m, n, k := s[0], s[1], s[2]
				name := fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d", tr[0], tr[1], m, n, k)
				lda, ldb := max(1, k), max(1, n)
				if tr[0] {
					lda = max(1, m)
				}
				if tr[1] {
					ldb = max(1, k)
				}
				require.NotPanics(t, func() {
					Sgemm(tr[0], tr[1], m, n, k, 1, nil, lda, nil, ldb, 0.5, nil, max(1, n))
					SgemmThreads(2, tr[0], tr[1], m, n, k, 1, nil, lda, nil, ldb, 0.5, nil, max(1, n))
				}, name)
			}
		}
	})
}

// TestSgemmZeroK: with k = 0, A and B are empty and C = beta*C over its
// m×n part, the padding of its rows untouched. An m×0 A (and with transB an
// n×0 B) is given the rows-1 strides gonum's BLAS requires, full of NaN,
// which must not be read; a 0×m A and a 0×n B are nil.
func TestSgemmZeroK(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			for _, beta := range []float32{0, 0.5, 1} {
				const m, n, ldc = 3, 4, 6
				c := make([]float32, (m-1)*ldc+n)
				for i := range c {
					c[i] = float32(i + 1)
					if i%ldc >= n {
						c[i] = padNaN
					}
				}
				lda, ldb := 1, n
				if tr[0] {
					lda = m
				}
				if tr[1] {
					ldb = 1
				}
				var a, b []float32
				if !tr[0] {
					a = nanSlice((m - 1) * lda)
				}
				if tr[1] {
					b = nanSlice((n - 1) * ldb)
				}
				Sgemm(tr[0], tr[1], m, n, 0, 2, a, lda, b, ldb, beta, c, ldc)
				for i, v := range c {
					if i%ldc >= n {
						require.Equal(t, math.Float32bits(padNaN), math.Float32bits(v), "padding of C at %d changed", i)
						continue
					}
					require.Equal(t, beta*float32(i+1), v, "transA=%v transB=%v beta=%v: C[%d]", tr[0], tr[1], beta, i)
				}
			}
		}
	})
}

// nanSlice returns n NaNs.
func nanSlice(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = padNaN
	}
	return s
}

func TestSgemvZeroSizes(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		for _, trans := range []bool{false, true} {
			for _, s := range zeroShapes {
				m, n := s[0], s[1]
				name := fmt.Sprintf("trans=%v m=%d n=%d", trans, m, n)
				require.NotPanics(t, func() { Sgemv(trans, m, n, 1, nil, max(1, n), nil, 0.5, nil) }, name)
				// y is left as it is, whatever beta: the reference BLAS
				// returns before scaling y when m or n is 0.
				y := []float32{padNaN, 1, 2, 3, 4, 5}
				for _, beta := range []float32{0, 0.5} {
					Sgemv(trans, m, n, 1, nil, max(1, n), nil, beta, y)
					require.Equal(t, math.Float32bits(padNaN), math.Float32bits(y[0]), name)
					require.Equal(t, []float32{1, 2, 3, 4, 5}, y[1:], name)
				}
			}
		}
	})
}

// TestZeroSizesStillCheckShapes: an empty result does not excuse a bad
// size or leading dimension; those are checked before the quick return.
func TestZeroSizesStillCheckShapes(t *testing.T) {
	for _, tc := range []struct {
		call func()
		msg  string
	}{
		{func() { Sgemm(false, false, 0, 4, 5, 1, nil, 4, nil, 4, 0, nil, 4) }, "kernels.Sgemm: lda = 4, want at least 5"},
		{func() { Sgemm(false, false, 3, 0, 5, 1, nil, 5, nil, 0, 0, nil, 1) }, "kernels.Sgemm: ldb = 0, want at least 1"},
		{func() { Sgemm(false, false, 0, 4, 5, 1, nil, 5, nil, 4, 0, nil, 3) }, "kernels.Sgemm: ldc = 3, want at least 4"},
		{func() { Sgemm(false, false, 0, -1, 5, 1, nil, 5, nil, 4, 0, nil, 4) }, "kernels.Sgemm: n < 0 (n = -1)"},
		{func() { Sgemm(false, false, 0, 4, -1, 1, nil, 5, nil, 4, 0, nil, 4) }, "kernels.Sgemm: k < 0 (k = -1)"},
		{func() { Sgemv(false, 0, 4, 1, nil, 3, nil, 0, nil) }, "kernels.Sgemv: lda = 3, want at least 4"},
		{func() { Sgemv(true, 3, 0, 1, nil, 0, nil, 0, nil) }, "kernels.Sgemv: lda = 0, want at least 1"},
		{func() { Sgemv(false, 0, -2, 1, nil, 1, nil, 0, nil) }, "kernels.Sgemv: n < 0 (n = -2)"},
		{func() { AddBias(nil, nil, 0, -1) }, "kernels.AddBias: negative shape [0, -1]"},
		{func() { ColSum(nil, nil, -1, 0) }, "kernels.ColSum: negative shape [-1, 0]"},
		{func() { RowArgmax(nil, nil, 3, 0) }, "kernels.RowArgmax: cols = 0"},
		{func() { AdamStep(nil, nil, nil, nil, AdamParams{}) }, "kernels.AdamStep: Step must be >= 1"},
	} {
		require.PanicsWithValue(t, tc.msg, tc.call)
	}
}

// TestRowwiseZeroSizes: the row-wise kernels with rows or cols 0. Results
// that are empty need no slices at all; RowMax, RowSum and ColSum over an
// empty dimension write -Inf, 0 and 0.
func TestRowwiseZeroSizes(t *testing.T) {
	inf := float32(math.Inf(-1))
	eachLevel(t, func(t *testing.T) {
		for _, s := range zeroShapes {
			rows, cols := s[0], s[1]
			name := fmt.Sprintf("rows=%d cols=%d", rows, cols)
			require.NotPanics(t, func() {
				Softmax(nil, nil, rows, cols)
				LogSoftmax(nil, nil, rows, cols)
				AddBias(nil, nil, rows, cols)
				if rows == 0 {
					RowMax(nil, nil, rows, cols)
					RowArgmax(nil, nil, rows, cols)
					RowSum(nil, nil, rows, cols)
				}
				if cols == 0 {
					ColSum(nil, nil, rows, cols)
				}
			}, name)
			if rows > 0 {
				dst := filled(rows, padNaN)
				RowMax(dst, nil, rows, cols)
				require.Equal(t, filled(rows, inf), dst, "RowMax "+name)
				dst = filled(rows, padNaN)
				RowSum(dst, nil, rows, cols)
				require.Equal(t, filled(rows, 0), dst, "RowSum "+name)
			}
			if cols > 0 {
				dst := filled(cols, padNaN)
				ColSum(dst, nil, rows, cols)
				require.Equal(t, filled(cols, 0), dst, "ColSum "+name)
			}
		}
	})
}

// TestVectorKernelsNil: the kernels sized by their slices, at length 0 with
// nil slices (a nil pointer the assembly must not load from).
func TestVectorKernelsNil(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		require.NotPanics(t, func() {
			Saxpy(2, nil, nil)
			Sscal(2, nil)
			require.Zero(t, Sdot(nil, nil))
			require.Zero(t, Sasum(nil))
			require.Zero(t, Sum(nil))
			require.Zero(t, SumSquares(nil))
			Add(nil, nil, nil)
			Sub(nil, nil, nil)
			Mul(nil, nil, nil)
			AddScalar(nil, nil, 1)
			Saxpby(1, nil, 2, nil)
			ReLU(nil, nil)
			ReLUBackward(nil, nil, nil)
			LeakyReLU(nil, nil, 0.1)
			LeakyReLUBackward(nil, nil, nil, 0.1)
			Sigmoid(nil, nil)
			Tanh(nil, nil)
			Exp(nil, nil)
			SGDStep(nil, nil, nil, SGDParams{LR: 0.1, Momentum: 0.9, WeightDecay: 0.01})
			AdamStep(nil, nil, nil, nil, AdamParams{LR: 0.1, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 1})
		})
	})
}

// filled returns n copies of v.
func filled(n int, v float32) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = v
	}
	return s
}
