package blas32

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	gonumblas32 "gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/gonum"
)

// gonum's testblas package only has float64 tests, so these compare
// Implementation with gonum's own float32 implementation on random inputs:
// both compute in float32 in different orders, so results agree to the
// error bound of a length-k dot product, (k+4)*2u*sum|a||b| with unit
// roundoff u = 2^-24 (the bound kernels' tests use against float64), taken
// twice because both sides carry it.

const u = 1.0 / (1 << 24)

func randSlice(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.Float64()*2 - 1)
	}
	return x
}

func requireClose(t *testing.T, want, got []float32, k int, scale float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want))
	tol := 2 * float64(k+4) * 2 * u * scale
	for i := range want {
		if math.Abs(float64(want[i])-float64(got[i])) > tol {
			t.Fatalf("%s: element %d = %v, gonum gives %v (tolerance %.3g)", msg, i, got[i], want[i], tol)
		}
	}
}

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}

func TestSgemmAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var ours Implementation
	var ref gonum.Implementation
	shapes := [][3]int{{1, 1, 1}, {7, 5, 3}, {33, 17, 40}, {1, 50, 20}, {50, 1, 20}, {130, 70, 90}, {8, 9, 0}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range transposes {
			for _, tB := range transposes {
				for _, ab := range [][2]float32{{1, 0}, {-0.5, 1}, {2, 0.25}, {0, 3}} {
					alpha, beta := ab[0], ab[1]
					lda, ldb, ldc := k+2, n+1, n+3
					if tA != blas.NoTrans {
						lda = m + 2
					}
					if tB != blas.NoTrans {
						ldb = k + 1
					}
					a := randSlice(rng, max(m, k)*lda)
					b := randSlice(rng, max(n, k)*ldb)
					c := randSlice(rng, m*ldc)
					want := append([]float32(nil), c...)
					ref.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
					ours.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
					// |a|, |b|, |c| < 1: sum|a||b| <= k, so scale by k+|beta|.
					requireClose(t, want, c, k, float64(k)*math.Abs(float64(alpha))+math.Abs(float64(beta)),
						fmt.Sprintf("Sgemm %c %c m=%d n=%d k=%d alpha=%v beta=%v", tA, tB, m, n, k, alpha, beta))
				}
			}
		}
	}
}

func TestSgemvAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	var ours Implementation
	var ref gonum.Implementation
	for _, s := range [][2]int{{1, 1}, {5, 9}, {9, 5}, {64, 33}, {100, 257}} {
		m, n := s[0], s[1]
		for _, tA := range transposes {
			for _, inc := range [][2]int{{1, 1}, {2, 1}, {1, 3}, {-1, 1}} {
				for _, ab := range [][2]float32{{1, 0}, {0.75, -1}, {0, 2}} {
					lenX, lenY := n, m
					if tA != blas.NoTrans {
						lenX, lenY = m, n
					}
					lda := n + 2
					a := randSlice(rng, m*lda)
					x := randSlice(rng, lenX*abs(inc[0]))
					y := randSlice(rng, lenY*abs(inc[1]))
					want := append([]float32(nil), y...)
					ref.Sgemv(tA, m, n, ab[0], a, lda, x, inc[0], ab[1], want, inc[1])
					ours.Sgemv(tA, m, n, ab[0], a, lda, x, inc[0], ab[1], y, inc[1])
					requireClose(t, want, y, lenX, float64(lenX)*math.Abs(float64(ab[0]))+math.Abs(float64(ab[1])),
						fmt.Sprintf("Sgemv %c m=%d n=%d inc=%v alpha=%v beta=%v", tA, m, n, inc, ab[0], ab[1]))
				}
			}
		}
	}
}

// TestSgemvStrided compares Sgemv with a float64 reference over every
// transpose, positive and negative increments and the betas with their own
// code paths (0: y not read, 1, other), and checks that the elements of y
// outside the vector (the gaps of a stride and those past its last
// element) are left alone, as the reference BLAS leaves them.
func TestSgemvStrided(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var ours Implementation
	const outside = float32(-7.125e13)
	for _, s := range [][2]int{{0, 0}, {0, 3}, {3, 0}, {1, 1}, {1, 4}, {4, 1}, {2, 2}, {5, 3}, {3, 17}, {17, 9}} {
		m, n := s[0], s[1]
		for _, tA := range transposes {
			lenX, lenY := n, m
			if tA != blas.NoTrans {
				lenX, lenY = m, n
			}
			lda := n + 1
			a := randSlice(rng, m*lda)
			for _, incX := range []int{1, 2, -1, -2} {
				for _, incY := range []int{1, 2, -1} {
					for _, beta := range []float32{0, 1, 0.5} {
						const alpha = 1.5
						x := randSlice(rng, max(1, lenX*abs(incX)))
						// y's vector and 3 more elements after it; the gaps
						// of the stride and the tail hold outside.
						y := make([]float32, max(0, lenY-1)*abs(incY)+1+3)
						for i := range y {
							y[i] = outside
						}
						// at(i, inc) is the index of a vector's element i.
						at := func(i, inc, length int) int {
							if inc < 0 {
								return (length - 1 - i) * -inc
							}
							return i * inc
						}
						want := make([]float64, lenY)
						for i := range lenY {
							y[at(i, incY, lenY)] = float32(rng.Float64()*2 - 1)
							sum := 0.0
							for j := range lenX {
								r, c := i, j // A's element of op(A)'s (i, j)
								if tA != blas.NoTrans {
									r, c = j, i
								}
								aij := a[r*lda+c]
								sum += float64(aij) * float64(x[at(j, incX, lenX)])
							}
							want[i] = alpha*sum + float64(beta)*float64(y[at(i, incY, lenY)])
							if m == 0 || n == 0 {
								want[i] = float64(y[at(i, incY, lenY)]) // quick return
							}
						}
						ours.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
						msg := fmt.Sprintf("Sgemv %c m=%d n=%d incX=%d incY=%d beta=%v", tA, m, n, incX, incY, beta)
						inside := make([]bool, len(y))
						for i := range lenY {
							inside[at(i, incY, lenY)] = true
							got := y[at(i, incY, lenY)]
							// Both sides' errors: float32 rounding of a length-lenX
							// dot product of values below 1 in magnitude.
							tol := float64(lenX+4) * 2 * u * (alpha*float64(lenX) + 1)
							require.InDeltaf(t, want[i], float64(got), tol, "%s: element %d", msg, i)
						}
						for i, v := range y {
							if !inside[i] {
								require.Equalf(t, outside, v, "%s: y[%d] is outside the vector but was written", msg, i)
							}
						}
					}
				}
			}
		}
	}
}

func TestLevel1AgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var ours Implementation
	var ref gonum.Implementation
	for _, n := range []int{0, 1, 7, 8, 33, 1000} {
		for _, inc := range []int{1, 2, -1} {
			x := randSlice(rng, max(n, 1)*abs(inc))
			y := randSlice(rng, max(n, 1)*abs(inc))
			msg := fmt.Sprintf("n=%d inc=%d", n, inc)

			requireClose(t, []float32{ref.Sdot(n, x, inc, y, inc)}, []float32{ours.Sdot(n, x, inc, y, inc)}, n, float64(n), "Sdot "+msg)
			if inc > 0 { // gonum's Sasum returns 0 for negative increments; so does ours
				requireClose(t, []float32{ref.Sasum(n, x, inc)}, []float32{ours.Sasum(n, x, inc)}, n, float64(n), "Sasum "+msg)
			}
			for _, alpha := range []float32{0, 1.5} {
				want, got := append([]float32(nil), y...), append([]float32(nil), y...)
				ref.Saxpy(n, alpha, x, inc, want, inc)
				ours.Saxpy(n, alpha, x, inc, got, inc)
				requireClose(t, want, got, 1, 2, "Saxpy "+msg)

				want, got = append([]float32(nil), x...), append([]float32(nil), x...)
				ref.Sscal(n, alpha, want, abs(inc))
				ours.Sscal(n, alpha, got, abs(inc))
				require.Equal(t, want, got, "Sscal "+msg) // one rounding either way
			}
		}
	}
	// alpha = 0 leaves y alone even when x holds NaN, as in gonum.
	nan := float32(math.NaN())
	y := []float32{1, 2}
	ours.Saxpy(2, 0, []float32{nan, nan}, 1, y, 1)
	require.Equal(t, []float32{1, 2}, y)
	x := []float32{nan, 1}
	ours.Sscal(2, 0, x, 1)
	require.Equal(t, []float32{0, 0}, x)
}

// TestPanicsMatchGonum: bad arguments panic with gonum's own messages.
func TestPanicsMatchGonum(t *testing.T) {
	a, b, c := make([]float32, 12), make([]float32, 12), make([]float32, 12)
	for name, call := range map[string]func(blas.Float32){
		"Sgemm m":       func(i blas.Float32) { i.Sgemm(blas.NoTrans, blas.NoTrans, -1, 3, 4, 1, a, 4, b, 3, 0, c, 3) },
		"Sgemm tA":      func(i blas.Float32) { i.Sgemm('x', blas.NoTrans, 3, 3, 4, 1, a, 4, b, 3, 0, c, 3) },
		"Sgemm lda":     func(i blas.Float32) { i.Sgemm(blas.NoTrans, blas.NoTrans, 3, 3, 4, 1, a, 3, b, 3, 0, c, 3) },
		"Sgemm short a": func(i blas.Float32) { i.Sgemm(blas.NoTrans, blas.NoTrans, 3, 3, 4, 1, a[:11], 4, b, 3, 0, c, 3) },
		"Sgemm short c": func(i blas.Float32) { i.Sgemm(blas.Trans, blas.Trans, 3, 3, 4, 1, a, 3, b, 4, 0, c[:8], 3) },
		"Sgemv lda":     func(i blas.Float32) { i.Sgemv(blas.NoTrans, 2, 3, 1, a, 2, b, 1, 0, c, 1) },
		"Sgemv short x": func(i blas.Float32) { i.Sgemv(blas.NoTrans, 2, 3, 1, a, 3, b[:2], 1, 0, c, 1) },
		"Sgemv incX":    func(i blas.Float32) { i.Sgemv(blas.Trans, 2, 3, 1, a, 3, b, 0, 0, c, 1) },
		"Saxpy short":   func(i blas.Float32) { i.Saxpy(5, 1, a[:4], 1, b, 1) },
		"Sdot n":        func(i blas.Float32) { i.Sdot(-1, a, 1, b, 1) },
		"Sscal incX":    func(i blas.Float32) { i.Sscal(3, 2, a, 0) },
		"Sasum short":   func(i blas.Float32) { i.Sasum(13, a, 1) },
	} {
		t.Run(name, func(t *testing.T) {
			want := recovered(func() { call(gonum.Implementation{}) })
			require.NotNil(t, want, "gonum must panic here")
			require.Equal(t, want, recovered(func() { call(Implementation{}) }))
		})
	}
}

// TestZeroSizesMatchGonum: m or n = 0 returns at once with nil slices, as
// gonum does, leaving y alone whatever beta.
func TestZeroSizesMatchGonum(t *testing.T) {
	var ours Implementation
	for _, s := range [][2]int{{0, 0}, {0, 4}, {3, 0}} {
		m, n := s[0], s[1]
		for _, tA := range transposes {
			lda, ldb := 5, max(1, n)
			if tA != blas.NoTrans {
				lda = max(1, m)
			}
			name := fmt.Sprintf("%c m=%d n=%d", tA, m, n)
			require.NotPanics(t, func() {
				ours.Sgemm(tA, blas.NoTrans, m, n, 5, 1, nil, lda, nil, ldb, 0.5, nil, max(1, n))
				ours.Sgemv(tA, m, n, 1, nil, max(1, n), nil, 1, 0.5, nil, 1)
			}, name)
			y := []float32{1, 2, 3, 4}
			ours.Sgemv(tA, m, n, 1, nil, max(1, n), nil, 1, 0.5, y, 1)
			require.Equal(t, []float32{1, 2, 3, 4}, y, name)
		}
	}
}

func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// TestUse: the one-line switch routes gonum's blas32 package through
// Implementation.
func TestUse(t *testing.T) {
	prev := gonumblas32.Implementation()
	defer gonumblas32.Use(prev)
	gonumblas32.Use(Implementation{})
	_, ok := gonumblas32.Implementation().(Implementation)
	require.True(t, ok)

	// [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50], worked by hand.
	a := gonumblas32.General{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, 2, 3, 4}}
	b := gonumblas32.General{Rows: 2, Cols: 2, Stride: 2, Data: []float32{5, 6, 7, 8}}
	c := gonumblas32.General{Rows: 2, Cols: 2, Stride: 2, Data: make([]float32, 4)}
	gonumblas32.Gemm(blas.NoTrans, blas.NoTrans, 1, a, b, 0, c)
	require.Equal(t, []float32{19, 22, 43, 50}, c.Data)
}
