package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testShapes returns the [rows, cols] shapes the row-wise kernels are
// tested at: every cols 0..70 with 1 and 3 rows, MNIST-like 200×10, rows of
// 1000, and unless -short a row longer than the assembly chunk size.
func testShapes(rng *rand.Rand) [][2]int {
	s := [][2]int{{0, 0}, {0, 5}, {200, 10}, {7, 1000}, {2, 71 + rng.IntN(3000)}}
	for c := 0; c <= 70; c++ {
		s = append(s, [2]int{1, c}, [2]int{3, c})
	}
	if !testing.Short() {
		s = append(s, [2]int{2, 40000 + rng.IntN(30000)}, [2]int{3000, 33})
	}
	return s
}

// forShapes runs check for every test shape, both layouts and the value
// kinds plain, finite and edges.
func forShapes(t *testing.T, check func(t *testing.T, rng *rand.Rand, layout int, kind valueKind, rows, cols int)) {
	rng := newRand(t)
	for _, sh := range testShapes(rng) {
		for layout := range numLayouts {
			for _, kind := range []valueKind{plain, finite, edges} {
				check(t, rng, layout, kind, sh[0], sh[1])
			}
		}
	}
}

// fillRows fills a with values of the kind, each row shifted by its own
// offset (0, ±1e4 or 1e30) to exercise the max subtraction.
func fillRows(rng *rand.Rand, a []float32, kind valueKind, rows, cols int) {
	fill(rng, a, kind, 3e38)
	for i := 0; i < rows; i++ {
		off := []float32{0, 0, 1e4, -1e4, 1e30}[rng.IntN(5)]
		for j := i * cols; j < (i+1)*cols; j++ {
			a[j] += off
		}
	}
}

// refMax is the row maximum as documented: NaN if the row holds one, -Inf
// for an empty row.
func refMax(x []float32) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if v != v {
			return math.NaN()
		}
		m = math.Max(m, float64(v))
	}
	return m
}

// RowMax and RowArgmax select a value: exact, including the NaN rules
// (NaN row max; argmax = first NaN, else first maximum).
func TestRowMaxArgmax(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forShapes(t, func(t *testing.T, rng *rand.Rand, layout int, kind valueKind, rows, cols int) {
			withBuffers(t, rng, layout, []int{rows * cols, rows}, func(v [][]float32) {
				a, dst := v[0], v[1]
				fillRows(rng, a, kind, rows, cols)
				if rows > 1 && cols > 0 && rng.IntN(2) == 0 {
					copy(a[:cols], a[cols:2*cols]) // duplicate rows make ties within columns of other tests
					a[rng.IntN(cols)] = a[rng.IntN(cols)]
				}
				RowMax(dst, a, rows, cols)
				idx := make([]int, rows)
				if cols > 0 {
					RowArgmax(idx, a, rows, cols)
				}
				for i := 0; i < rows; i++ {
					row := a[i*cols : (i+1)*cols]
					m := refMax(row)
					if !same(dst[i], m) {
						failAt(t, "RowMax", i, dst[i], m, 0, describe(0, "row", row))
					}
					if cols == 0 {
						continue
					}
					want := -1
					for j, x := range row {
						if x != x || (!math.IsNaN(m) && float64(x) == m) {
							want = j
							break
						}
					}
					if idx[i] != want {
						failAt(t, "RowArgmax", i, float32(idx[i]), float64(want), 0, describe(0, "row", row))
					}
				}
			})
		})
	})
}

// RowSum: |err| <= γ(cols)·Σ|a_ij|. AddBias: one add per element, exact.
// ColSum: the rows are added in order 0..rows-1 at every level (documented),
// so it equals the serial float32 column sum bit for bit, and is within
// γ(rows)·Σ|a_ij| of the float64 sum.
func TestRowSumColSumAddBias(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forShapes(t, func(t *testing.T, rng *rand.Rand, layout int, kind valueKind, rows, cols int) {
			withBuffers(t, rng, layout, []int{rows * cols, rows, cols, cols}, func(v [][]float32) {
				a, rs, cs, bias := v[0], v[1], v[2], v[3]
				fill(rng, a, kind, 1e30)
				fill(rng, bias, kind, 1e30)
				fill(rng, cs, plain, 1)
				RowSum(rs, a, rows, cols)
				ColSum(cs, a, rows, cols)
				for i := 0; i < rows; i++ {
					var ref, mag float64
					for _, x := range a[i*cols : (i+1)*cols] {
						ref += float64(x)
						mag += math.Abs(float64(x))
					}
					if tol := gamma(cols) * mag; !near(rs[i], ref, tol) {
						failAt(t, "RowSum", i, rs[i], ref, tol, describe(0, "row", a[i*cols:(i+1)*cols]))
					}
				}
				for j := 0; j < cols; j++ {
					var serial float32
					var ref, mag float64
					for i := 0; i < rows; i++ {
						serial += a[i*cols+j]
						ref += float64(a[i*cols+j])
						mag += math.Abs(float64(a[i*cols+j]))
					}
					if !same(cs[j], float64(serial)) {
						failAt(t, "ColSum (serial order)", j, cs[j], float64(serial), 0, "")
					}
					if tol := gamma(rows) * mag; !near(cs[j], ref, tol) {
						failAt(t, "ColSum", j, cs[j], ref, tol, "")
					}
				}
				a0 := clone(a)
				AddBias(a, bias, rows, cols)
				for k := range a {
					if ref := float64(a0[k]) + float64(bias[k%cols]); !same(a[k], ref) {
						failAt(t, "AddBias", k, a[k], ref, 0, describe(k, "c", a0))
					}
				}
			})
		})
	})
}

// Softmax and LogSoftmax against float64, with bounds derived from the
// float32 evaluation exp(fl(x_j-m)) / Σ: fl(x_j-m) is off by u·|x_j-m|,
// which exp turns into that relative error; each exp adds expMaxULP ulps
// (2u relative per ulp); the sum of n positive terms adds γ(n) and
// inherits the terms' errors (at most u·D + 2u·expMaxULP, where D is the
// largest |x_j-m| of a term that does not underflow); the division adds u.
// So relative |err_j| <= u·(n + 4·expMaxULP + 4 + |x_j-m| + D), plus an
// absolute floor for subnormal terms. LogSoftmax = fl(x_j-m) - log(Σ): the
// same errors appear as absolute ones, plus u·|log Σ| and u·|y_j|.
//
// NaN semantics (documented): a row holding NaN or +Inf, or made only of
// -Inf, gives NaN everywhere; -Inf entries of other rows give 0 (-Inf).
func TestSoftmaxLogSoftmax(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forShapes(t, func(t *testing.T, rng *rand.Rand, layout int, kind valueKind, rows, cols int) {
			withBuffers(t, rng, layout, []int{rows * cols, rows * cols, rows * cols}, func(v [][]float32) {
				a, sm, lsm := v[0], v[1], v[2]
				fillRows(rng, a, kind, rows, cols)
				Softmax(sm, a, rows, cols)
				LogSoftmax(lsm, a, rows, cols)
				checkSoftmaxRows(t, a, sm, lsm, rows, cols)
				// In place.
				a0 := clone(a)
				Softmax(a, a, rows, cols)
				for k := range a {
					if !same(a[k], float64(sm[k])) {
						failAt(t, "Softmax in place", k, a[k], float64(sm[k]), 0, describe(k, "a", a0))
					}
				}
			})
		})
	})
}

// checkSoftmaxRows checks Softmax (sm) and LogSoftmax (lsm) results of the
// active level against float64 and, within twice the bound, against the
// generic level.
func checkSoftmaxRows(t *testing.T, a, sm, lsm []float32, rows, cols int) {
	t.Helper()
	gsm, glsm := make([]float32, len(a)), make([]float32, len(a))
	gen.softmax(gsm, a, rows, cols)
	gen.logsm(glsm, a, rows, cols)
	for i := 0; i < rows; i++ {
		x := a[i*cols : (i+1)*cols]
		m := refMax(x)
		var s, d float64
		for _, v := range x {
			diff := float64(v) - m
			s += math.Exp(diff)
			if diff > -104 {
				d = math.Max(d, math.Abs(diff))
			}
		}
		n := float64(cols)
		for j, v := range x {
			k := i*cols + j
			diff := float64(v) - m
			y := math.Exp(diff) / s
			rel := unit * (n + 4*expMaxULP + 4 + math.Min(math.Abs(diff), 200) + d) // terms below e^-200 are 0 anyway
			if tol := y*rel + (expMaxULP+2)*tiny; !near(sm[k], y, tol) {
				failAt(t, "Softmax", j, sm[k], y, tol, describe(0, "row", x))
			} else if !near(sm[k], float64(gsm[k]), 2*tol) {
				failAt(t, "Softmax vs generic", j, sm[k], float64(gsm[k]), 2*tol, describe(0, "row", x))
			}
			ly := diff - math.Log(s)
			if tol := unit * (n + 4*expMaxULP + 4 + math.Abs(diff) + d + math.Abs(math.Log(s)) + math.Abs(ly)); !near(lsm[k], ly, tol) {
				failAt(t, "LogSoftmax", j, lsm[k], ly, tol, describe(0, "row", x))
			} else if !near(lsm[k], float64(glsm[k]), 2*tol) {
				failAt(t, "LogSoftmax vs generic", j, lsm[k], float64(glsm[k]), 2*tol, describe(0, "row", x))
			}
		}
	}
}
