package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/brawn-ml/brawn/kernels"
)

// ewBufs are the operands of the elementwise rows, each of the row's size.
// x and y stay in [-1, 1] or close to it whatever is run on them, so no
// kernel meets overflow or denormals.
type ewBufs struct {
	x, y, z, w, m, v []float32
	idx              []int
}

// ewKernel is one kernel of the elementwise table: the plain Go loop and
// the kernels call that compute the same thing.
type ewKernel struct {
	name   string
	arrays int // operands of n elements read plus written per call
	cols   int // > 0: a row-wise kernel on (n/cols)×cols
	loop   func(b *ewBufs, rows, cols int)
	brawn  func(b *ewBufs, rows, cols int)
}

var sinkF float32

var adamParams = kernels.AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 10}

var sgdParams = kernels.SGDParams{LR: 1e-3, Momentum: 0.9, WeightDecay: 1e-4}

func ewKernels() []ewKernel {
	return []ewKernel{
		{name: "Saxpy", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopSaxpy(1e-3, b.x, b.y) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Saxpy(1e-3, b.x, b.y) }},
		{name: "Sscal", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopSscal(-1, b.x) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Sscal(-1, b.x) }},
		{name: "Sdot", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { sinkF = loopSdot(b.x, b.y) },
			brawn: func(b *ewBufs, _, _ int) { sinkF = kernels.Sdot(b.x, b.y) }},
		{name: "Sasum", arrays: 1,
			loop:  func(b *ewBufs, _, _ int) { sinkF = loopSasum(b.x) },
			brawn: func(b *ewBufs, _, _ int) { sinkF = kernels.Sasum(b.x) }},
		{name: "Sum", arrays: 1,
			loop:  func(b *ewBufs, _, _ int) { sinkF = loopSum(b.x) },
			brawn: func(b *ewBufs, _, _ int) { sinkF = kernels.Sum(b.x) }},
		{name: "SumSquares", arrays: 1,
			loop:  func(b *ewBufs, _, _ int) { sinkF = loopSumSquares(b.x) },
			brawn: func(b *ewBufs, _, _ int) { sinkF = kernels.SumSquares(b.x) }},
		{name: "Add", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopAdd(b.z, b.x, b.y) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Add(b.z, b.x, b.y) }},
		{name: "Sub", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopSub(b.z, b.x, b.y) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Sub(b.z, b.x, b.y) }},
		{name: "Mul", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopMul(b.z, b.x, b.y) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Mul(b.z, b.x, b.y) }},
		{name: "AddScalar", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopAddScalar(b.z, b.x, 0.5) },
			brawn: func(b *ewBufs, _, _ int) { kernels.AddScalar(b.z, b.x, 0.5) }},
		{name: "Saxpby", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopSaxpby(0.5, b.x, 0.5, b.y) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Saxpby(0.5, b.x, 0.5, b.y) }},
		{name: "ReLU", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopReLU(b.z, b.x) },
			brawn: func(b *ewBufs, _, _ int) { kernels.ReLU(b.z, b.x) }},
		{name: "ReLUBackward", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopReLUBackward(b.z, b.y, b.x) },
			brawn: func(b *ewBufs, _, _ int) { kernels.ReLUBackward(b.z, b.y, b.x) }},
		{name: "LeakyReLU", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopLeakyReLU(b.z, b.x, 0.01) },
			brawn: func(b *ewBufs, _, _ int) { kernels.LeakyReLU(b.z, b.x, 0.01) }},
		{name: "LeakyReLUBackward", arrays: 3,
			loop:  func(b *ewBufs, _, _ int) { loopLeakyReLUBackward(b.z, b.y, b.x, 0.01) },
			brawn: func(b *ewBufs, _, _ int) { kernels.LeakyReLUBackward(b.z, b.y, b.x, 0.01) }},
		{name: "Sigmoid", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopSigmoid(b.z, b.x) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Sigmoid(b.z, b.x) }},
		{name: "Tanh", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopTanh(b.z, b.x) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Tanh(b.z, b.x) }},
		{name: "Exp", arrays: 2,
			loop:  func(b *ewBufs, _, _ int) { loopExp(b.z, b.x) },
			brawn: func(b *ewBufs, _, _ int) { kernels.Exp(b.z, b.x) }},
		{name: "RowMax", arrays: 1, cols: 10,
			loop:  func(b *ewBufs, r, c int) { loopRowMax(b.z[:r], b.x[:r*c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.RowMax(b.z[:r], b.x[:r*c], r, c) }},
		{name: "RowArgmax", arrays: 1, cols: 10,
			loop:  func(b *ewBufs, r, c int) { loopRowArgmax(b.idx[:r], b.x[:r*c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.RowArgmax(b.idx[:r], b.x[:r*c], r, c) }},
		{name: "RowSum", arrays: 1, cols: 10,
			loop:  func(b *ewBufs, r, c int) { loopRowSum(b.z[:r], b.x[:r*c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.RowSum(b.z[:r], b.x[:r*c], r, c) }},
		{name: "Softmax", arrays: 2, cols: 10,
			loop:  func(b *ewBufs, r, c int) { loopSoftmax(b.z[:r*c], b.x[:r*c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.Softmax(b.z[:r*c], b.x[:r*c], r, c) }},
		{name: "LogSoftmax", arrays: 2, cols: 10,
			loop:  func(b *ewBufs, r, c int) { loopLogSoftmax(b.z[:r*c], b.x[:r*c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.LogSoftmax(b.z[:r*c], b.x[:r*c], r, c) }},
		{name: "AddBias", arrays: 2, cols: 256,
			loop:  func(b *ewBufs, r, c int) { loopAddBias(b.z[:r*c], b.v[:c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.AddBias(b.z[:r*c], b.v[:c], r, c) }},
		{name: "ColSum", arrays: 1, cols: 256,
			loop:  func(b *ewBufs, r, c int) { loopColSum(b.z[:c], b.x[:r*c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.ColSum(b.z[:c], b.x[:r*c], r, c) }},
		{name: "Sgemv", arrays: 1, cols: 256,
			loop:  func(b *ewBufs, r, c int) { loopSgemv(b.z[:r], b.x[:r*c], b.y[:c], r, c) },
			brawn: func(b *ewBufs, r, c int) { kernels.Sgemv(false, r, c, 1, b.x[:r*c], c, b.y[:c], 0, b.z[:r]) }},
		{name: "SGDStep", arrays: 5,
			loop: func(b *ewBufs, _, _ int) {
				loopSGDStep(b.w, b.x, b.m, sgdParams.LR, sgdParams.Momentum, sgdParams.WeightDecay)
			},
			brawn: func(b *ewBufs, _, _ int) { kernels.SGDStep(b.w, b.x, b.m, sgdParams) }},
		{name: "AdamStep", arrays: 7,
			loop: func(b *ewBufs, _, _ int) {
				p := adamParams
				loopAdamStep(b.w, b.x, b.m, b.v, p.LR, p.Beta1, p.Beta2, p.Eps, p.Step)
			},
			brawn: func(b *ewBufs, _, _ int) { kernels.AdamStep(b.w, b.x, b.m, b.v, adamParams) }},
	}
}

func newEWBufs(n int) *ewBufs {
	rng := rand.New(rand.NewPCG(3, 4))
	b := &ewBufs{
		x: randSlice(rng, n), y: randSlice(rng, n), z: randSlice(rng, n),
		w: randSlice(rng, n), m: make([]float32, n), v: make([]float32, n), idx: make([]int, n),
	}
	return b
}

// slice returns the operands cut to n elements.
func (b *ewBufs) slice(n int) *ewBufs {
	return &ewBufs{x: b.x[:n], y: b.y[:n], z: b.z[:n], w: b.w[:n], m: b.m[:n], v: b.v[:n], idx: b.idx[:n]}
}

// Elementwise measures every kernel of the kernels package against a plain
// Go loop, single-threaded, at each of Config.ElementSizes (by default one
// that stays in cache and one twice the L3 size). It returns nil: the
// error result is the signature Run calls every measurement through.
func (s *Suite) Elementwise() error {
	defer restoreLevel()()
	t := &Table{
		Title:  "Elementwise and row-wise kernels vs plain Go loops (1 thread)",
		Header: []string{"kernel", "size", "impl", "time/op", "GB/s", "spread", "vs loop", "allocs/op"},
	}
	all := newEWBufs(slices.Max(s.cfg.ElementSizes))
	for _, size := range s.cfg.ElementSizes {
		b := all.slice(size)
		for _, k := range ewKernels() {
			rows, cols, n := 0, 0, size
			if k.cols > 0 {
				cols = min(k.cols, size)
				rows = size / cols
				n = rows * cols
			}
			cases := []Case{{Impl: "go-loop", Run: func() { k.loop(b, rows, cols) }}}
			for _, l := range s.levels {
				cases = append(cases, Case{Impl: brawnImpl(l), Before: withLevel(l), Run: func() { k.brawn(b, rows, cols) }})
			}
			s.progress("elementwise: %s, %d elements", k.name, n)
			stats := s.measure(cases, 1)
			for i, c := range cases {
				r := fromStats(Result{Op: k.name, Impl: c.Impl, Size: n, Threads: 1}, stats[i])
				r.GBps = float64(k.arrays*n*4) / stats[i].Median
				s.record(r)
				vs := 0.0
				if i > 0 {
					vs = stats[0].Median / stats[i].Median
				}
				t.add(k.name, fmt.Sprint(n), c.Impl, fmtNs(r.NsPerOp), fmtG(r.GBps), fmtSpread(stats[i].Spread()), fmtX(vs), fmtAllocs(*r.AllocsPerOp))
			}
		}
	}
	t.Notes = append(t.Notes,
		"size: elements per operand; row-wise kernels run on (size/cols)×cols with cols = 10 (RowMax, RowArgmax, RowSum, Softmax, LogSoftmax) or 256 (AddBias, ColSum, Sgemv: y = A·x with A (size/256)×256).",
		"GB/s counts the size-element operands read plus written per call (e.g. 3 for Saxpy, 7 for AdamStep).",
		"vs loop: speed-up over the plain Go loop in the same row.")
	s.Tables = append(s.Tables, t)
	return nil
}
