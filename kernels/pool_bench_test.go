package kernels

import (
	"fmt"
	"testing"
)

// Benchmarks of the 2×2 pooling kernels at every available level on the
// planes of the MNIST CNN whose training step brawn bench measures against
// PyTorch (bench.CNNModule) at batch 128, since that step's pooling is
// what these kernels must make fast: its first pooling
// ([128·32, 28, 28] → 14×14, whole and masked vectors per row at the
// avx512 level) and its second ([128·64, 14, 14] → 7×7, a masked vector
// per row). SetBytes counts the input and output bytes (arg included):
//
//	go test -run '^$' -bench 'Pool2x2|MaxPoolTap' -benchtime 200ms -count 3 ./kernels
var poolBenchShapes = [][3]int{{128 * 32, 28, 28}, {128 * 64, 14, 14}}

// benchPool runs f at every level for each shape; bytes returns the
// bytes one call moves.
func benchPool(b *testing.B, f func(planes, h, w int) (run func(), bytes int)) {
	prev := Active()
	defer func() { _ = SetLevel(prev) }()
	for _, s := range poolBenchShapes {
		run, bytes := f(s[0], s[1], s[2])
		for _, l := range Available() {
			if err := SetLevel(l); err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%dx%d/%s", s[1], s[2], l), func(b *testing.B) {
				b.SetBytes(int64(bytes))
				b.ReportAllocs()
				measureCPU(b, run)
			})
		}
	}
}

func BenchmarkMaxPool2x2(b *testing.B) {
	benchPool(b, func(planes, h, w int) (func(), int) {
		x := benchVec(planes*h*w, 1)
		o := planes * (h / 2) * (w / 2)
		y, arg := make([]float32, o), make([]int32, o)
		return func() { MaxPool2x2(y, arg, x, planes, h, w) }, 4 * (len(x) + 2*o)
	})
}

func BenchmarkMaxPool2x2Backward(b *testing.B) {
	benchPool(b, func(planes, h, w int) (func(), int) {
		x, dx := benchVec(planes*h*w, 1), make([]float32, planes*h*w)
		o := planes * (h / 2) * (w / 2)
		y, arg, dy := make([]float32, o), make([]int32, o), benchVec(o, 2)
		MaxPool2x2(y, arg, x, planes, h, w)
		return func() { MaxPool2x2Backward(dx, dy, arg, planes, h, w) }, 4 * (len(dx) + 2*o)
	})
}

func BenchmarkAvgPool2x2(b *testing.B) {
	benchPool(b, func(planes, h, w int) (func(), int) {
		x := benchVec(planes*h*w, 1)
		y := make([]float32, planes*(h/2)*(w/2))
		return func() { AvgPool2x2(y, x, planes, h, w, 4) }, 4 * (len(x) + len(y))
	})
}

// BenchmarkMaxPoolTap merges one tap into rows of 14 (a 28×28 plane's
// outputs at stride 2), 112 and 4096 outputs, at stride 1 and 2, each
// call from the same running maxima (a copy, timed too: otherwise the
// maxima settle after the first call and the branches of the generic
// level become predictable).
func BenchmarkMaxPoolTap(b *testing.B) {
	prev := Active()
	defer func() { _ = SetLevel(prev) }()
	for _, n := range []int{14, 112, 4096} {
		for _, stride := range []int{1, 2} {
			x, y0, arg := benchVec((n-1)*stride+1, 1), benchVec(n, 2), make([]int32, n)
			y := make([]float32, n)
			for _, l := range Available() {
				if err := SetLevel(l); err != nil {
					b.Fatal(err)
				}
				b.Run(fmt.Sprintf("n=%d/stride=%d/%s", n, stride, l), func(b *testing.B) {
					b.SetBytes(int64(4 * (len(x) + 2*n)))
					measureCPU(b, func() { copy(y, y0); MaxPoolTap(y, arg, x, stride, 0) })
				})
			}
		}
	}
}
