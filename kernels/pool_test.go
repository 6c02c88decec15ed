package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// poolShapes returns the [planes, h, w] shapes the 2×2 pooling kernels
// are tested at: every w 0..41 (every tail of 4-, 8- and 16-lane loops
// over ⌊w/2⌋ outputs, odd and even) with h 0..5 and 1 or 3 planes, the
// CNN's planes, and unless -short planes whose runs of output rows are
// split at poolChunk and a row longer than poolChunk.
func poolShapes() [][3]int {
	s := [][3]int{{0, 4, 4}, {2, 28, 28}, {3, 14, 14}, {2, 7, 7}, {1, 1, 1}}
	for w := 0; w <= 41; w++ {
		for h := 0; h <= 5; h++ {
			s = append(s, [3]int{1 + 2*(w%2), h, w})
		}
	}
	if !testing.Short() {
		s = append(s, [3]int{2, 401, 200}, [3]int{1, 3, 2*poolChunk + 37})
	}
	return s
}

// int32s views a test buffer as int32s (the arg operand), so that it
// gets withBuffers' guard pages and sentinels.
func int32s(b []float32) []int32 {
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(b))), len(b))
}

// fillPool fills x with values of the kind, a third of them drawn from a
// few values (ties within windows; with edges also NaN and ±Inf).
func fillPool(rng *rand.Rand, x []float32, kind valueKind) {
	fill(rng, x, kind, 3e38)
	few := []float32{1, -1, 0, 2, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	if kind != edges {
		few = few[:4]
	}
	for i := range x {
		if rng.IntN(3) == 0 {
			x[i] = few[rng.IntN(len(few))]
		}
	}
}

// forPool2x2 runs check for every pooling test shape, both layouts and
// the value kinds, with buffers of the given lengths (from the input
// plane size hw and output plane size o).
func forPool2x2(t *testing.T, lens func(in, out int) []int, check func(rng *rand.Rand, kind valueKind, v [][]float32, planes, h, w int)) {
	rng := newRand(t)
	for _, s := range poolShapes() {
		planes, h, w := s[0], s[1], s[2]
		for layout := range numLayouts {
			for _, kind := range []valueKind{plain, edges} {
				withBuffers(t, rng, layout, lens(planes*h*w, planes*(h/2)*(w/2)), func(v [][]float32) {
					check(rng, kind, v, planes, h, w)
				})
			}
		}
	}
}

// windowMax is the obvious max_pool2d of one window with PyTorch's rules:
// start at −∞ and the first tap, a tap replaces the maximum when larger
// or NaN.
func windowMax(x []float32, taps [4]int) (float32, int) {
	best, at := float32(math.Inf(-1)), taps[0]
	for _, i := range taps {
		if v := x[i]; v > best || v != v {
			best, at = v, i
		}
	}
	return best, at
}

// windowTaps returns the plane indices of output (oy, ox)'s window.
func windowTaps(oy, ox, w int) [4]int {
	i := 2*oy*w + 2*ox
	return [4]int{i, i + 1, i + w, i + w + 1}
}

// MaxPool2x2 selects: y and arg equal the obvious loop's exactly (y is
// the selected input's bits), and the generic level's.
func TestMaxPool2x2(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forPool2x2(t, func(in, out int) []int { return []int{in, out, out, out, out} },
			func(rng *rand.Rand, kind valueKind, v [][]float32, planes, h, w int) {
				x, y, arg, gy, garg := v[0], v[1], int32s(v[2]), v[3], int32s(v[4])
				fillPool(rng, x, kind)
				MaxPool2x2(y, arg, x, planes, h, w)
				gen.maxpool(gy, garg, x, planes, h, w)
				oh, ow := h/2, w/2
				for p := range planes {
					xp := x[p*h*w : (p+1)*h*w]
					for oy := range oh {
						for ox := range ow {
							o := p*oh*ow + oy*ow + ox
							want, at := windowMax(xp, windowTaps(oy, ox, w))
							if int(arg[o]) != at || math.Float32bits(y[o]) != math.Float32bits(xp[at]) || !same(y[o], float64(want)) {
								require.FailNowf(t, "MaxPool2x2 mismatch", "level %s, [%d %d %d] plane %d (%d, %d): got %g at %d, want %g at %d; window %v",
									Active(), planes, h, w, p, oy, ox, y[o], arg[o], want, at, []float32{xp[2*oy*w+2*ox], xp[2*oy*w+2*ox+1], xp[(2*oy+1)*w+2*ox], xp[(2*oy+1)*w+2*ox+1]})
							}
							if math.Float32bits(gy[o]) != math.Float32bits(y[o]) || garg[o] != arg[o] {
								require.FailNowf(t, "MaxPool2x2 differs from generic", "level %s, output %d", Active(), o)
							}
						}
					}
				}
			})
	})
}

// MaxPool2x2Backward routes: dx[i] is dy[o] when arg[o] = i for the window
// o holding i, else 0 (every input of a last odd row or column too),
// with args from the forward and with random ones (some outside their
// windows); equal to the generic level's.
func TestMaxPool2x2Backward(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forPool2x2(t, func(in, out int) []int { return []int{in, out, out, in, in} },
			func(rng *rand.Rand, kind valueKind, v [][]float32, planes, h, w int) {
				x, dy, arg, dx, gdx := v[0], v[1], int32s(v[2]), v[3], v[4]
				fillPool(rng, x, kind)
				fill(rng, dy, kind, 3e38)
				fill(rng, dx, plain, 1) // overwritten everywhere
				oh, ow := h/2, w/2
				if oh > 0 && ow > 0 {
					gen.maxpool(make([]float32, len(dy)), arg, x, planes, h, w)
				}
				if rng.IntN(2) == 0 {
					for o := range arg {
						arg[o] = int32(rng.IntN(h*w+2) - 1)
					}
				}
				MaxPool2x2Backward(dx, dy, arg, planes, h, w)
				gen.maxpoolbw(gdx, dy, arg, planes, h, w)
				want := make([]float32, len(dx))
				for p := range planes {
					for oy := range oh {
						for ox := range ow {
							o := p*oh*ow + oy*ow + ox
							for _, i := range windowTaps(oy, ox, w) {
								if int(arg[o]) == i {
									want[p*h*w+i] = dy[o]
								}
							}
						}
					}
				}
				for i := range dx {
					if math.Float32bits(dx[i]) != math.Float32bits(want[i]) && !(isNaN32(dx[i]) && isNaN32(want[i])) {
						failAt(t, "MaxPool2x2Backward", i, dx[i], float64(want[i]), 0, "")
					}
					if math.Float32bits(gdx[i]) != math.Float32bits(dx[i]) {
						failAt(t, "MaxPool2x2Backward vs generic", i, dx[i], float64(gdx[i]), 0, "")
					}
				}
			})
	})
}

// AvgPool2x2 is one float32 sum in window order and a division: the
// obvious float32 loop's bits, the generic level's, and within
// γ(4)·Σ|x|/div of the float64 mean.
func TestAvgPool2x2(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forPool2x2(t, func(in, out int) []int { return []int{in, out, out} },
			func(rng *rand.Rand, kind valueKind, v [][]float32, planes, h, w int) {
				x, y, gy := v[0], v[1], v[2]
				fillPool(rng, x, kind)
				div := []float32{4, 3, 1, 0.5}[rng.IntN(4)]
				AvgPool2x2(y, x, planes, h, w, div)
				gen.avgpool(gy, x, planes, h, w, div)
				oh, ow := h/2, w/2
				for p := range planes {
					xp := x[p*h*w : (p+1)*h*w]
					for oy := range oh {
						for ox := range ow {
							o := p*oh*ow + oy*ow + ox
							var s float32
							var ref, mag float64
							for _, i := range windowTaps(oy, ox, w) {
								s += xp[i]
								ref += float64(xp[i])
								mag += math.Abs(float64(xp[i]))
							}
							if !same(y[o], float64(s/div)) || math.Float32bits(gy[o]) != math.Float32bits(y[o]) && !isNaN32(y[o]) {
								failAt(t, "AvgPool2x2", o, y[o], float64(s/div), 0, "")
							}
							if tol := (gamma(5)*mag + 2*tiny) / float64(div); kind == plain && !near(y[o], ref/float64(div), tol) {
								failAt(t, "AvgPool2x2 vs float64", o, y[o], ref/float64(div), tol, "")
							}
						}
					}
				}
			})
	})
}

// AvgPool2x2Backward spreads 0 + dy[o]/div to the window: the obvious
// loop's bits (0 elsewhere) and the generic level's.
func TestAvgPool2x2Backward(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forPool2x2(t, func(in, out int) []int { return []int{out, in, in} },
			func(rng *rand.Rand, kind valueKind, v [][]float32, planes, h, w int) {
				dy, dx, gdx := v[0], v[1], v[2]
				fill(rng, dy, kind, 3e38)
				fill(rng, dx, plain, 1)
				div := []float32{4, 3, 1, 0.5}[rng.IntN(4)]
				AvgPool2x2Backward(dx, dy, planes, h, w, div)
				gen.avgpoolbw(gdx, dy, planes, h, w, div)
				want := make([]float32, len(dx))
				oh, ow := h/2, w/2
				for p := range planes {
					for oy := range oh {
						for ox := range ow {
							var g float32
							g += dy[p*oh*ow+oy*ow+ox] / div
							for _, i := range windowTaps(oy, ox, w) {
								want[p*h*w+i] = g
							}
						}
					}
				}
				for i := range dx {
					if math.Float32bits(dx[i]) != math.Float32bits(want[i]) && !(isNaN32(dx[i]) && isNaN32(want[i])) {
						failAt(t, "AvgPool2x2Backward", i, dx[i], float64(want[i]), 0, "")
					}
					if math.Float32bits(gdx[i]) != math.Float32bits(dx[i]) && !isNaN32(dx[i]) {
						failAt(t, "AvgPool2x2Backward vs generic", i, dx[i], float64(gdx[i]), 0, "")
					}
				}
			})
	})
}

// The 2×2 kernels panic on shapes and lengths that do not match.
func TestPool2x2Panics(t *testing.T) {
	y, x := make([]float32, 4), make([]float32, 16)
	arg := make([]int32, 4)
	require.Panics(t, func() { MaxPool2x2(y, arg, x, -1, 4, 4) })
	require.Panics(t, func() { MaxPool2x2(y, arg, x[:15], 1, 4, 4) })
	require.Panics(t, func() { MaxPool2x2(y[:3], arg, x, 1, 4, 4) })
	require.Panics(t, func() { MaxPool2x2(y, arg[:3], x, 1, 4, 4) })
	require.Panics(t, func() { MaxPool2x2Backward(x, y, arg[:3], 1, 4, 4) })
	require.Panics(t, func() { AvgPool2x2(y, x, 1, 4, 5, 4) })
	require.Panics(t, func() { AvgPool2x2Backward(x, y, 1<<20, 1<<10, 1<<10, 4) })
	require.NotPanics(t, func() { MaxPool2x2(y, arg, x, 1, 4, 4) })
}

// MaxPoolTap merges exactly as the obvious loop does (a tap wins when
// larger or NaN; ties keep the running maximum), at every length (every
// tail, and past poolChunk), with stride 1 and 2, running maxima that
// hold −∞, ties and NaN; equal to the generic level's.
func TestMaxPoolTap(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		for _, n := range append(testLengths(rng), poolChunk+33) {
			for _, stride := range []int{1, 2} {
				nx := 0
				if n > 0 {
					nx = (n-1)*stride + 1
				}
				for layout := range numLayouts {
					for _, kind := range []valueKind{plain, edges} {
						withBuffers(t, rng, layout, []int{n, n, nx, n, n}, func(v [][]float32) {
							y, arg, x, gy, garg := v[0], int32s(v[1]), v[2], v[3], int32s(v[4])
							fillPool(rng, y, kind)
							fillPool(rng, x, kind)
							for i := range y {
								if rng.IntN(4) == 0 {
									y[i] = float32(math.Inf(-1))
								}
								arg[i] = int32(-1 - i)
							}
							copy(gy, y)
							copy(garg, arg)
							y0, arg0 := clone(y), append([]int32(nil), arg...)
							base := rng.IntN(1 << 20)
							MaxPoolTap(y, arg, x, stride, base)
							if n > 0 {
								gen.maxtap(gy, garg, x, stride, base)
							}
							for i := range n {
								wy, warg := y0[i], arg0[i]
								if v := x[i*stride]; v > wy || v != v {
									wy, warg = v, int32(base+i*stride)
								}
								if math.Float32bits(y[i]) != math.Float32bits(wy) || arg[i] != warg {
									require.FailNowf(t, "MaxPoolTap mismatch", "level %s, n %d stride %d, output %d: got %g at %d, want %g at %d (x %g, y %g)",
										Active(), n, stride, i, y[i], arg[i], wy, warg, x[i*stride], y0[i])
								}
								if math.Float32bits(gy[i]) != math.Float32bits(y[i]) || garg[i] != arg[i] {
									require.FailNowf(t, "MaxPoolTap differs from generic", "level %s, n %d stride %d, output %d", Active(), n, stride, i)
								}
							}
						})
					}
				}
			}
		}
	})
}

// MaxPoolTap panics on a bad stride, lengths that do not match and
// indices past int32.
func TestMaxPoolTapPanics(t *testing.T) {
	y, arg, x := make([]float32, 4), make([]int32, 4), make([]float32, 7)
	require.Panics(t, func() { MaxPoolTap(y, arg, x, 3, 0) })
	require.Panics(t, func() { MaxPoolTap(y, arg, x[:6], 2, 0) })
	require.Panics(t, func() { MaxPoolTap(y, arg[:3], x, 2, 0) })
	require.Panics(t, func() { MaxPoolTap(y, arg, x[:4], 2, 0) })
	require.Panics(t, func() { MaxPoolTap(y, arg, x, 2, math.MaxInt32-5) })
	require.Panics(t, func() { MaxPoolTap(y[:0], arg[:0], x[:1], 1, 0) })
	require.NotPanics(t, func() { MaxPoolTap(y, arg, x[:4], 1, 0) })
	require.NotPanics(t, func() { MaxPoolTap(y, arg, x, 2, math.MaxInt32-6) })
}
