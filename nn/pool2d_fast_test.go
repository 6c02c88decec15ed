package nn

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// tiedTensor returns a tensor of values drawn from a few, with NaN and
// ±Inf among them when special: windows then hold ties, several NaNs
// and infinities.
func tiedTensor(rng *RNG, special bool, shape ...int) *Tensor {
	few := []float32{-1, 0, 0.5, 2}
	if special {
		few = append(few, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)))
	}
	t := randTensor(rng, 1, shape...)
	for i := range t.Data {
		if rng.Uint64()%2 == 0 {
			t.Data[i] = few[rng.Uint64()%uint64(len(few))]
		}
	}
	return t
}

// sameFloats reports whether got and want hold the same values, NaN
// matching NaN and zeros of either sign matching.
func sameFloats(got, want []float32) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] && !(got[i] != got[i] && want[i] != want[i]) {
			return false
		}
	}
	return true
}

// MaxPool2d(2) and AvgPool2d(2) run on the kernels' 2×2 fast path; their
// outputs, argmax and gradients equal the general window's Go passes on
// every plane, for even and odd planes, ties, NaN and ±Inf.
func TestPool2x2FastPathMatchesGo(t *testing.T) {
	rng := NewRNG(5)
	for _, in := range []Shape{{3, 4, 4}, {2, 5, 7}, {1, 2, 2}, {2, 3, 1}, {4, 9, 37}, {1, 28, 28}, {2, 14, 14}} {
		for _, special := range []bool{false, true} {
			what := fmt.Sprint(in, special)
			env := &Env{Training: true, RNG: NewRNG(1)}
			m, a := NewMaxPool2d(2), NewAvgPool2d(2)
			if in[1] < 2 || in[2] < 2 {
				_, err := m.Build(in, env)
				require.Error(t, err, what)
				continue
			}
			buildLayer(t, m, in, env)
			buildLayer(t, a, in, env)
			require.True(t, m.fast && a.fast, what)
			x := tiedTensor(rng, special, append([]int{3}, in...)...)
			dy := tiedTensor(rng, special, append([]int{3}, m.out...)...)
			y, ya := m.Forward(x), a.Forward(x)
			dx, dxa := m.Backward(dy, true), a.Backward(dy, true)
			g := m.g
			ip, op := g.h*g.w, g.oh*g.ow
			for p := range 3 * in[0] {
				xp, dyp := x.Data[p*ip:(p+1)*ip], dy.Data[p*op:(p+1)*op]
				wy, warg, wdx := make([]float32, op), make([]int32, op), make([]float32, ip)
				g.maxForward(wy, warg, xp)
				g.maxBackward(wdx, dyp, warg)
				require.Equal(t, bits32(wy), bits32(y.Data[p*op:(p+1)*op]), "%s max y plane %d", what, p)
				require.Equal(t, warg, m.arg[p*op:(p+1)*op], "%s argmax plane %d", what, p)
				require.True(t, sameFloats(dx.Data[p*ip:(p+1)*ip], wdx), "%s max dx plane %d", what, p)
				g.avgForward(wy, xp, a.div)
				g.avgBackward(wdx, dyp, a.div)
				require.True(t, sameFloats(ya.Data[p*op:(p+1)*op], wy), "%s avg y plane %d", what, p)
				require.True(t, sameFloats(dxa.Data[p*ip:(p+1)*ip], wdx), "%s avg dx plane %d", what, p)
			}
		}
	}
}

// Other 2×2 windows stay on the general path.
func TestPool2x2FastPathOnlyFor2x2(t *testing.T) {
	for _, c := range []struct {
		set  func(m *MaxPool2d)
		in   Shape
		fast bool
	}{
		{func(*MaxPool2d) {}, Shape{1, 5, 7}, true},
		{func(m *MaxPool2d) { m.CeilMode = true }, Shape{1, 4, 6}, true},
		{func(m *MaxPool2d) { m.CeilMode = true }, Shape{1, 5, 6}, false},
		{func(m *MaxPool2d) { m.Padding = [2]int{1, 1} }, Shape{1, 4, 4}, false},
		{func(m *MaxPool2d) { m.Stride = [2]int{1, 1} }, Shape{1, 4, 4}, false},
		{func(m *MaxPool2d) { m.Dilation = [2]int{1, 2} }, Shape{1, 4, 6}, false},
	} {
		m := NewMaxPool2d(2)
		c.set(m)
		buildLayer(t, m, c.in, &Env{})
		require.Equal(t, c.fast, m.fast, m.String())
	}
}

// nchwModel is a small CNN on 1×6×6 images with every NCHW layer whose
// passes split over planes or channels: BatchNorm2d, Dropout2d, the 2×2
// MaxPool2d (kernels) and AvgPool2d (general window), AdaptiveAvgPool2d.
func nchwModel(t *testing.T, threads int, avg2x2 bool) *Trainer {
	t.Helper()
	c1, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
	require.NoError(t, err)
	pool := NewAvgPool2d(2)
	pool.Stride = [2]int{1, 1} // 3×3 → 2×2, the general window
	if avg2x2 {
		pool.Stride = [2]int{2, 2} // 3×3 → 1×1 on the 2×2 kernel, odd plane
	}
	m, err := NewSequential(Shape{1, 6, 6}, c1, NewBatchNorm2d(4), NewReLU(), NewDropout2d(0.25),
		NewMaxPool2d(2), pool, NewAdaptiveAvgPool2d(1, 1), NewFlatten(), NewLinear(4, 2))
	require.NoError(t, err)
	m.ResetParameters(NewRNG(3))
	opt, err := NewAdam(Groups(m.Params(), 0.02, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 2, RNG: NewRNG(4)}
	tr.SetThreads(threads)
	return tr
}

// Training through the NCHW layers with their passes split over 2 and 3
// threads gives the 1-thread weights and running statistics bit for bit.
func TestNCHWLayersSameBitsAnyThreads(t *testing.T) {
	defer func(c, p int) { convMinFlops, parallelMin = c, p }(convMinFlops, parallelMin)
	convMinFlops, parallelMin = 1, 16 // split even these small batches
	train := barImages(t, 96, 1)
	for _, avg2x2 := range []bool{false, true} {
		var want [][]uint32
		for _, threads := range []int{1, 2, 3} {
			tr := nchwModel(t, threads, avg2x2)
			w0 := bits32(tr.Model.Params()[0].Value.Data)
			require.NoError(t, tr.Fit(context.Background(), train, nil))
			require.NotEqual(t, w0, bits32(tr.Model.Params()[0].Value.Data), "training moved no weight")
			var got [][]uint32
			for _, p := range tr.Model.Params() {
				got = append(got, bits32(p.Value.Data))
			}
			for _, b := range tr.Model.Buffers() {
				got = append(got, bits32(b.Value.Data))
			}
			if want == nil {
				want = got
				continue
			}
			require.Equal(t, want, got, "avg2x2 %v, %d threads", avg2x2, threads)
		}
	}
}

// The split itself: splitPlanes covers [0, n) once, in chunks of whole
// planes, on as many goroutines as the sizes allow.
func TestSplitPlanes(t *testing.T) {
	defer func(p int) { parallelMin = p }(parallelMin)
	parallelMin = 100
	for _, c := range []struct{ threads, n, size, chunks int }{
		{1, 10, 1000, 1}, {2, 10, 1000, 2}, {3, 10, 1000, 3}, {3, 2, 1000, 2}, {2, 10, 10, 1}, {2, 0, 10, 1}, {2, 5, 0, 1},
	} {
		seen := make([]int, c.n)
		var calls int
		env := &Env{Threads: c.threads}
		ch := make(chan [2]int, 16)
		env.splitPlanes(c.n, c.size, func(lo, hi int) { ch <- [2]int{lo, hi} })
		close(ch)
		for r := range ch {
			calls++
			for i := r[0]; i < r[1]; i++ {
				seen[i]++
			}
		}
		for i, v := range seen {
			require.Equal(t, 1, v, "%+v: plane %d", c, i)
		}
		require.Equal(t, c.chunks, calls, "%+v", c)
	}
	var nilEnv *Env
	calls := 0
	nilEnv.splitPlanes(7, 1<<20, func(lo, hi int) { calls++; require.Equal(t, [2]int{0, 7}, [2]int{lo, hi}) })
	require.Equal(t, 1, calls)
}

// The general window's forward pass (kernels.MaxPoolTap for strides 1
// and 2) keeps PyTorch's rules on planes with ties, NaN and ±Inf: −∞
// padding, first of tied taps, last NaN; checked window by window
// against the definition.
func TestMaxPool2dGeneralTiesAndNaN(t *testing.T) {
	rng := NewRNG(9)
	for _, c := range []poolCase{
		{9, 37, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, false},
		{14, 14, [2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, [2]int{1, 1}, false},
		{11, 40, [2]int{2, 3}, [2]int{1, 2}, [2]int{0, 1}, [2]int{1, 2}, false},
		{12, 35, [2]int{5, 5}, [2]int{2, 2}, [2]int{2, 2}, [2]int{1, 1}, true},
		{8, 33, [2]int{2, 3}, [2]int{2, 3}, [2]int{1, 1}, [2]int{1, 1}, false},
	} {
		g := c.geometry(t)
		for _, special := range []bool{false, true} {
			x := tiedTensor(rng, special, c.h, c.w).Data
			y, arg := make([]float32, g.oh*g.ow), make([]int32, g.oh*g.ow)
			g.maxForward(y, arg, x)
			for oy := range g.oh {
				for ox := range g.ow {
					best, at := float32(math.Inf(-1)), -1
					g.taps(oy, ox, func(iy, ix int, inside bool) {
						if !inside {
							return
						}
						if v := x[iy*c.w+ix]; at < 0 || v > best || v != v {
							if at < 0 && !(v > best || v != v) {
								at = iy*c.w + ix // −∞: the first tap inside
								return
							}
							best, at = v, iy*c.w+ix
						}
					})
					o := oy*g.ow + ox
					require.Equal(t, math.Float32bits(best), math.Float32bits(y[o]), "%v special %v y[%d]", c, special, o)
					require.Equal(t, int32(at), arg[o], "%v special %v arg[%d]", c, special, o)
				}
			}
		}
	}
}
