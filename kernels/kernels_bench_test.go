package kernels

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// Benchmarks of every kernel but Sgemm: each at every available level and
// as a plain Go loop ("loop", the code one would write without brawn), at
// 64, 1Ki (all operands in L1), 4Ki, 256Ki and 16Mi elements. SetBytes
// counts the bytes each element moves (reads plus writes), so MB/s
// compares directly with BenchmarkCopy, the bandwidth a plain copy
// reaches. cpu-ns/op is the benchmark thread's CPU time per call: on a
// shared, loaded machine it is far steadier than the wall-clock ns/op.
// Compare implementations within one run, taking the best of a few counts:
//
//	go test -run '^$' -bench 'Saxpy|Add|ReLU|Exp|Softmax|Copy' -benchtime 200ms -count 3 -benchmem ./kernels

var benchSizes = []struct {
	name string
	n    int
}{{"64", 64}, {"1Ki", 1 << 10}, {"4Ki", 4 << 10}, {"256Ki", 256 << 10}, {"16Mi", 16 << 20}}

// measureCPU runs f in the benchmark loop and, where the OS reports it,
// also reports cpu-ns/op: the thread's CPU time per call, which leaves out
// the time spent waiting for a CPU on a loaded machine (wall-clock ns/op
// includes it).
func measureCPU(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0, ok := threadCPUTime()
	for b.Loop() {
		f()
	}
	if t1, ok1 := threadCPUTime(); ok && ok1 && b.N > 0 {
		b.ReportMetric(float64(t1-t0)/float64(b.N), "cpu-ns/op")
	}
}

// benchVec returns n values of ordinary size and sign.
func benchVec(n int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

// benchImpls runs, for every size, the plain loop and then the kernel at
// every level. setup builds the data for n elements and returns the kernel
// call and the plain loop.
func benchImpls(b *testing.B, bytesPerElem int, setup func(n int) (kernel, loop func())) {
	prev := Active()
	defer func() { _ = SetLevel(prev) }()
	for _, sz := range benchSizes {
		kernel, loop := setup(sz.n)
		run := func(name string, f func()) {
			b.Run(name+"/"+sz.name, func(b *testing.B) {
				b.SetBytes(int64(bytesPerElem * sz.n))
				b.ReportAllocs()
				measureCPU(b, f)
			})
		}
		if loop != nil {
			run("loop", loop)
		}
		for _, l := range Available() {
			if err := SetLevel(l); err != nil {
				b.Fatal(err)
			}
			run(l.String(), kernel)
		}
	}
}

func BenchmarkCopy(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		x, y := benchVec(n, 1), make([]float32, n)
		return func() { copy(y, x) }, nil
	})
}

func BenchmarkSaxpy(b *testing.B) {
	benchImpls(b, 12, func(n int) (func(), func()) {
		x, y := benchVec(n, 1), benchVec(n, 2)
		return func() { Saxpy(1e-7, x, y) }, func() {
			for i, v := range x {
				y[i] += 1e-7 * v
			}
		}
	})
}

func BenchmarkSdot(b *testing.B) {
	var sink float32
	benchImpls(b, 8, func(n int) (func(), func()) {
		x, y := benchVec(n, 1), benchVec(n, 2)
		return func() { sink += Sdot(x, y) }, func() {
			var s float32
			for i, v := range x {
				s += v * y[i]
			}
			sink += s
		}
	})
}

func BenchmarkSum(b *testing.B) {
	var sink float32
	benchImpls(b, 4, func(n int) (func(), func()) {
		x := benchVec(n, 1)
		return func() { sink += Sum(x) }, func() {
			var s float32
			for _, v := range x {
				s += v
			}
			sink += s
		}
	})
}

func BenchmarkSumSquares(b *testing.B) {
	var sink float32
	benchImpls(b, 4, func(n int) (func(), func()) {
		x := benchVec(n, 1)
		return func() { sink += SumSquares(x) }, func() {
			var s float32
			for _, v := range x {
				s += v * v
			}
			sink += s
		}
	})
}

func BenchmarkAdd(b *testing.B) {
	benchImpls(b, 12, func(n int) (func(), func()) {
		x, y, d := benchVec(n, 1), benchVec(n, 2), make([]float32, n)
		return func() { Add(d, x, y) }, func() {
			for i := range d {
				d[i] = x[i] + y[i]
			}
		}
	})
}

func BenchmarkMul(b *testing.B) {
	benchImpls(b, 12, func(n int) (func(), func()) {
		x, y, d := benchVec(n, 1), benchVec(n, 2), make([]float32, n)
		return func() { Mul(d, x, y) }, func() {
			for i := range d {
				d[i] = x[i] * y[i]
			}
		}
	})
}

func BenchmarkSaxpby(b *testing.B) {
	benchImpls(b, 12, func(n int) (func(), func()) {
		x, y := benchVec(n, 1), benchVec(n, 2)
		return func() { Saxpby(0.5, x, 0.5, y) }, func() {
			for i, v := range x {
				y[i] = 0.5*v + 0.5*y[i]
			}
		}
	})
}

// The ReLU loop uses Go's builtin max, as the bar asks.
func BenchmarkReLU(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		x, d := benchVec(n, 1), make([]float32, n)
		return func() { ReLU(d, x) }, func() {
			for i, v := range x {
				d[i] = max(v, 0)
			}
		}
	})
}

func BenchmarkReLUBackward(b *testing.B) {
	benchImpls(b, 12, func(n int) (func(), func()) {
		x, dy, dx := benchVec(n, 1), benchVec(n, 2), make([]float32, n)
		return func() { ReLUBackward(dx, dy, x) }, func() {
			for i, v := range x {
				if v > 0 {
					dx[i] = dy[i]
				} else {
					dx[i] = 0
				}
			}
		}
	})
}

func BenchmarkExp(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		x, d := benchVec(n, 1), make([]float32, n)
		return func() { Exp(d, x) }, func() {
			for i, v := range x {
				d[i] = float32(math.Exp(float64(v)))
			}
		}
	})
}

func BenchmarkSigmoid(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		x, d := benchVec(n, 1), make([]float32, n)
		return func() { Sigmoid(d, x) }, func() {
			for i, v := range x {
				d[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
		}
	})
}

func BenchmarkTanh(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		x, d := benchVec(n, 1), make([]float32, n)
		return func() { Tanh(d, x) }, func() {
			for i, v := range x {
				d[i] = float32(math.Tanh(float64(v)))
			}
		}
	})
}

// softmaxShape splits n elements into rows of 1000 (one shorter row for
// n < 1000).
func softmaxShape(n int) (rows, cols int) {
	if n < 1000 {
		return 1, n
	}
	return n / 1000, 1000
}

// plainSoftmax is the straightforward stable softmax one would write.
func plainSoftmax(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := x[0]
		for _, v := range x {
			m = max(m, v)
		}
		var s float32
		for j, v := range x {
			y[j] = float32(math.Exp(float64(v - m)))
			s += y[j]
		}
		for j := range y {
			y[j] /= s
		}
	}
}

func BenchmarkSoftmax(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		rows, cols := softmaxShape(n)
		a, d := benchVec(rows*cols, 1), make([]float32, rows*cols)
		return func() { Softmax(d, a, rows, cols) }, func() { plainSoftmax(d, a, rows, cols) }
	})
}

func BenchmarkLogSoftmax(b *testing.B) {
	benchImpls(b, 8, func(n int) (func(), func()) {
		rows, cols := softmaxShape(n)
		a, d := benchVec(rows*cols, 1), make([]float32, rows*cols)
		return func() { LogSoftmax(d, a, rows, cols) }, nil
	})
}

func BenchmarkRowArgmax(b *testing.B) {
	benchImpls(b, 4, func(n int) (func(), func()) {
		rows, cols := softmaxShape(n)
		a, d := benchVec(rows*cols, 1), make([]int, rows)
		return func() { RowArgmax(d, a, rows, cols) }, nil
	})
}

func BenchmarkColSum(b *testing.B) {
	benchImpls(b, 4, func(n int) (func(), func()) {
		rows, cols := softmaxShape(n)
		a, d := benchVec(rows*cols, 1), make([]float32, cols)
		return func() { ColSum(d, a, rows, cols) }, nil
	})
}

func BenchmarkSGDStep(b *testing.B) {
	benchImpls(b, 20, func(n int) (func(), func()) {
		w, g, buf := benchVec(n, 1), benchVec(n, 2), benchVec(n, 3)
		p := SGDParams{LR: 1e-6, Momentum: 0.9, WeightDecay: 1e-4, Nesterov: true}
		return func() { SGDStep(w, g, buf, p) }, nil
	})
}

func BenchmarkAdamStep(b *testing.B) {
	benchImpls(b, 28, func(n int) (func(), func()) {
		w, g, m, v := benchVec(n, 1), benchVec(n, 2), benchVec(n, 3), make([]float32, n)
		p := AdamParams{LR: 1e-6, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 3}
		return func() { AdamStep(w, g, m, v, p) }, nil
	})
}

// BenchmarkSoftmaxRows10 is the classifier case: a batch of 128 rows of 10
// logits.
func BenchmarkSoftmaxRows10(b *testing.B) {
	const rows, cols = 128, 10
	a, d := benchVec(rows*cols, 1), make([]float32, rows*cols)
	prev := Active()
	defer func() { _ = SetLevel(prev) }()
	b.Run("loop", func(b *testing.B) {
		b.SetBytes(8 * rows * cols)
		measureCPU(b, func() { plainSoftmax(d, a, rows, cols) })
	})
	for _, l := range Available() {
		if err := SetLevel(l); err != nil {
			b.Fatal(err)
		}
		b.Run(l.String(), func(b *testing.B) {
			b.SetBytes(8 * rows * cols)
			b.ReportAllocs()
			measureCPU(b, func() { Softmax(d, a, rows, cols) })
		})
	}
}

// BenchmarkOutOfCacheVsCopy compares the memory-bound kernels at 16Mi
// elements with copy at the active level, alternating the two calls so
// that both see the same load on a shared machine, and reports each one's
// best bandwidth (bytes moved per call over its fastest call) and the
// kernel's as a percentage of copy's ("%copy").
func BenchmarkOutOfCacheVsCopy(b *testing.B) {
	const n = 16 << 20
	x, y, z := benchVec(n, 1), benchVec(n, 2), make([]float32, n)
	cases := []struct {
		name  string
		bytes int // per element
		run   func()
	}{
		{"Saxpy", 12, func() { Saxpy(1e-7, x, y) }},
		{"Add", 12, func() { Add(z, x, y) }},
		{"Mul", 12, func() { Mul(z, x, y) }},
		{"ReLU", 8, func() { ReLU(z, x) }},
		{"ReLUBackward", 12, func() { ReLUBackward(z, y, x) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			bestCopy, bestRun := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
			for b.Loop() {
				t0 := time.Now()
				copy(z, x)
				t1 := time.Now()
				c.run()
				t2 := time.Now()
				bestCopy, bestRun = min(bestCopy, t1.Sub(t0)), min(bestRun, t2.Sub(t1))
			}
			copyBW := float64(8*n) / bestCopy.Seconds() / 1e9
			runBW := float64(c.bytes*n) / bestRun.Seconds() / 1e9
			b.ReportMetric(runBW, "GB/s")
			b.ReportMetric(copyBW, "copy-GB/s")
			b.ReportMetric(100*runBW/copyBW, "%copy")
		})
	}
}

// BenchmarkBytesToFloat32 compares the levels with a loop over a table of
// the 256 quotients (what data.Gather ran before), at div 255.
func BenchmarkBytesToFloat32(b *testing.B) {
	var table [256]float32
	for i := range table {
		table[i] = float32(i) / 255
	}
	benchImpls(b, 5, func(n int) (func(), func()) {
		src, dst := make([]byte, n), make([]float32, n)
		for i := range src {
			src[i] = byte(i * 7)
		}
		return func() { BytesToFloat32(dst, src, 255) }, func() {
			for i, v := range src {
				dst[i] = table[v]
			}
		}
	})
}
