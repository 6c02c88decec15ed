package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// Linear is the fully connected layer y = x·Wᵀ + b (torch.nn.Linear, Keras
// Dense): x is [batch, InFeatures], the weight W is stored [OutFeatures,
// InFeatures] row-major as PyTorch stores it, the bias b is
// [OutFeatures], y is [batch, OutFeatures]. InFeatures and OutFeatures
// are torch.nn.Linear's in_features and out_features. Both passes run on
// kernels.SgemmThreads:
//
//	forward:  y  = x·Wᵀ + b            Sgemm(N, T); for batches up to 64,
//	          yᵀ = W·xᵀ, then transposed with b added (see transposedForwardMax)
//	backward: dW = dyᵀ·x,  db = Σ_rows dy,  dx = dy·W
//
// NewLinearNoBias builds it without bias (PyTorch's bias=False): Bias is
// nil, y = x·Wᵀ, and Params and the state_dict hold only "weight".
type Linear struct {
	InFeatures, OutFeatures int    // values per input and per output sample
	Weight                  *Param // [OutFeatures, InFeatures]
	Bias                    *Param // [OutFeatures]; nil without bias

	env *Env
	x   *Tensor // input of the last Forward (owned by the previous layer)
	dy  *Tensor // output gradient of a row-piece backward pass (see rowLayer)
	y   Tensor
	yT  Tensor // [OutFeatures, batch] product of the transposed forward form
	dx  Tensor
	bw  backwardTasks // Backward's two products as tasks of one region
}

// transposedForwardMax is the largest batch for which Forward computes
// yᵀ = W·xᵀ and transposes it: Sgemm then packs W as its A operand, which
// took half the CPU time of packing it transposed as the B operand of
// x·Wᵀ at batch 32 on AVX2 (186 µs against 371 µs for 784→256). With the
// transpose included, a whole 784-256-128-10 step took 10% less CPU at
// batch 32, the same at 128 and 10% more at 512.
var transposedForwardMax = 64

// NewLinear returns a Linear layer initialised as torch.nn.Linear(in, out)
// is: the weight from kaiming_uniform_(a=√5), i.e. U(−1/√in, 1/√in), then
// the bias from U(−1/√in, 1/√in), both drawn from the default generator
// (see ManualSeed). Sequential.Init applies another initializer and
// Sequential.ResetParameters redraws these defaults from a given RNG. It
// panics if in or out is not positive.
func NewLinear(in, out int) *Linear {
	l := newLinear("NewLinear", in, out)
	l.Bias = newParam("bias", KindBias, out)
	resetFromDefault(l)
	return l
}

// NewLinearNoBias returns a Linear layer without bias, y = x·Wᵀ with W
// [out, in] (torch.nn.Linear(in, out, bias=False)), whose only parameter
// is "weight", drawn as NewLinear's from the default generator. It panics
// if in or out is not positive.
func NewLinearNoBias(in, out int) *Linear {
	l := newLinear("NewLinearNoBias", in, out)
	resetFromDefault(l)
	return l
}

func newLinear(caller string, in, out int) *Linear {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn.%s: in = %d and out = %d must be positive", caller, in, out))
	}
	w := newParam("weight", KindWeight, out, in)
	w.block = gradBlockRows(out) * in // the rows of a weight-gradient task
	return &Linear{InFeatures: in, OutFeatures: out, Weight: w}
}

// ResetParameters draws the weight, then the bias, from rng with
// torch.nn.Linear's reset_parameters: PyTorchLinear and PyTorchLinearBias.
func (l *Linear) ResetParameters(rng *RNG) {
	l.initParams(PyTorchLinear{}, PyTorchLinearBias{}, rng)
}

// Type implements Layer.
func (l *Linear) Type() string { return "Linear" }

// Build implements Layer: in must be [InFeatures] and the output is
// [OutFeatures]. Any other shape is an error (suggesting a Flatten for
// images).
func (l *Linear) Build(in Shape, env *Env) (Shape, error) {
	if err := vectorShape(fmt.Sprintf("Linear(in_features=%d, out_features=%d)", l.InFeatures, l.OutFeatures), in, l.InFeatures); err != nil {
		return nil, err
	}
	l.env = env
	return Shape{l.OutFeatures}, nil
}

// Params implements Layer: weight [OutFeatures, InFeatures] and bias
// [OutFeatures] (weight only without bias).
func (l *Linear) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Buffers implements Layer.
func (l *Linear) Buffers() []*Buffer { return nil }

func (l *Linear) initParams(weight, bias Initializer, rng *RNG) {
	weight.Fill(l.Weight.Value.Data, l.InFeatures, l.OutFeatures, rng)
	if l.Bias != nil {
		bias.Fill(l.Bias.Value.Data, l.InFeatures, l.OutFeatures, rng)
	}
}

// Forward implements Layer.
func (l *Linear) Forward(x *Tensor) *Tensor {
	checkBuilt(l.env != nil, "Linear")
	n := x.Rows()
	l.x = x
	l.y.resize2(n, l.OutFeatures)
	if n <= transposedForwardMax {
		l.yT.resize2(l.OutFeatures, n)
	}
	l.forwardRows(0, n, l.env.Threads)
	return &l.y
}

// forwardRows computes rows [lo, hi) of y on up to threads goroutines; for
// up to transposedForwardMax rows it computes them transposed in rows
// [lo, hi) of yT, taken as an [OutFeatures, hi-lo] matrix.
func (l *Linear) forwardRows(lo, hi, threads int) {
	n := hi - lo
	x, y := l.x.Data[lo*l.InFeatures:hi*l.InFeatures], l.y.Data[lo*l.OutFeatures:hi*l.OutFeatures]
	var bias []float32
	if l.Bias != nil {
		bias = l.Bias.Value.Data
	}
	if n <= transposedForwardMax {
		yT := l.yT.Data[lo*l.OutFeatures : hi*l.OutFeatures]
		kernels.SgemmThreads(threads, false, true, l.OutFeatures, n, l.InFeatures,
			1, l.Weight.Value.Data, l.InFeatures, x, l.InFeatures, 0, yT, n)
		transposeAddBias(y, yT, bias, n, l.OutFeatures)
		return
	}
	kernels.SgemmThreads(threads, false, true, n, l.OutFeatures, l.InFeatures,
		1, x, l.InFeatures, l.Weight.Value.Data, l.InFeatures, 0, y, l.OutFeatures)
	if bias != nil {
		kernels.AddBias(y, bias, n, l.OutFeatures)
	}
}

// transposeAddBias sets dst[i, j] = src[j, i] + bias[j] for dst [rows,
// cols] and src [cols, rows] (no addition for a nil bias): a vector
// transpose, then the bias added along dst's rows while they are in cache.
// A scalar loop over 16×16 tiles took 4-5% of a 784-256-128-10 step at
// batch 128 on one thread.
func transposeAddBias(dst, src, bias []float32, rows, cols int) {
	kernels.Transpose(dst, src, rows, cols)
	if bias != nil {
		kernels.AddBias(dst, bias, rows, cols)
	}
}

// rowsBegin implements rowLayer: the pieces take the transposed form, so
// yT holds each piece's [OutFeatures, rows] product in the piece's own rows.
func (l *Linear) rowsBegin(x *Tensor) *Tensor {
	l.x = x
	l.y.resize2(x.Rows(), l.OutFeatures)
	l.yT.resize2(x.Rows(), l.OutFeatures)
	return &l.y
}

// rowsForward implements rowLayer.
func (l *Linear) rowsForward(lo, hi int) { l.forwardRows(lo, hi, 1) }

// rowsEnd implements rowLayer.
func (l *Linear) rowsEnd() {}

// Backward implements Layer. With dx wanted and two or more threads, the
// two products, as large as each other, run as two tasks of one parallel
// region when each is worth a goroutine (see backwardTasks).
func (l *Linear) Backward(dy *Tensor, needDx bool) *Tensor {
	n := dy.Rows()
	if !needDx {
		l.weightGrad(dy, 0, l.OutFeatures, l.env.Threads)
		return nil
	}
	l.dx.resize2(n, l.InFeatures)
	if t := l.env.threads(); useBackwardTasks(t, n, l.InFeatures, l.OutFeatures) {
		l.bw.run(l, dy, t)
		return &l.dx
	}
	l.weightGrad(dy, 0, l.OutFeatures, l.env.Threads)
	l.inputGrad(dy, 0, n, l.env.Threads)
	return &l.dx
}

// A Linear layer's backward pass is two products of the same size,
// dW = dyᵀ·x and dx = dy·W (2·batch·InFeatures·OutFeatures FLOP each),
// independent of each other. Run one after the other, each is split over
// the threads only when it is large (kernels.MinFlopsPerThread per
// goroutine), so a hidden layer of 256→128 at batch 128 (8 MFLOP each)
// ran both on one core, and a larger one took two parallel regions, each
// waking the workers. As two tasks of one region they keep two cores busy
// with one wake-up, balanced since the tasks are as large as each other.
// Each product is computed whole by one task, with the operation order
// Sgemm uses on any number of threads, so the gradients are bit-identical
// whatever the thread count.

// useBackwardTasks reports whether Linear.Backward runs its two products as
// two tasks: on two or more threads, when each product is worth a
// goroutine. The choice cannot change the result, only the time.
func useBackwardTasks(threads, n, in, out int) bool {
	return threads >= 2 && 2*float64(n)*float64(in)*float64(out) >= backwardTasksMin
}

// backwardTasksMin is the least FLOP count of each product for two tasks;
// a variable so benchmarks can compare with the serial order.
var backwardTasksMin float64 = kernels.MinFlopsPerThread

// backwardTasks is one Linear's backward pass as a region of two tasks:
// task 0 computes dW and db, task 1 dx, each on half the threads (the
// caller takes task 0; a worker that wakes late finds task 1 done by the
// caller too).
type backwardTasks struct {
	l       *Linear
	dy      *Tensor
	threads [2]int
	fn      func(lo, hi int) // task, bound once so a region allocates nothing
}

// run computes l's backward pass on dy as two tasks on threads goroutines.
func (b *backwardTasks) run(l *Linear, dy *Tensor, threads int) {
	if b.fn == nil {
		b.fn = b.task
	}
	b.l, b.dy, b.threads = l, dy, [2]int{threads - threads/2, threads / 2}
	workers.RunFunc(2, 1, 1, b.fn)
	b.dy = nil // the tensor belongs to the next layer
}

// task runs tasks [lo, hi).
func (b *backwardTasks) task(lo, hi int) {
	for t := lo; t < hi; t++ {
		if t == 0 {
			b.l.weightGrad(b.dy, 0, b.l.OutFeatures, b.threads[0])
		} else {
			b.l.inputGrad(b.dy, 0, b.dy.Rows(), b.threads[1])
		}
	}
}

// rowsBackwardBegin implements rowLayer: dy is kept for the weight
// gradient's tasks (gradTask) too.
func (l *Linear) rowsBackwardBegin(dy *Tensor, needDx bool) *Tensor {
	l.dy = dy
	if !needDx {
		return nil
	}
	l.dx.resize2(dy.Rows(), l.InFeatures)
	return &l.dx
}

// rowsBackward implements rowLayer: rows [lo, hi) of dx = dy·W.
func (l *Linear) rowsBackward(lo, hi int) { l.inputGrad(l.dy, lo, hi, 1) }

// gradBlockRows returns the rows of dW (output units) of one of a layer's
// weight-gradient tasks, for a layer of out units. Each task packs the
// layer's whole input x again as Sgemm's B operand, so larger tasks pack
// less: 784→256's dW at batch 128 took 524 µs of CPU as four tasks of 64
// rows, 496 µs as two of 128 and 486 µs whole (a shared 2-core Zen 4,
// avx512). Layers of fewer than 256 units keep blocks of 64, two for a
// layer of 128, so two goroutines claiming the tasks largest first still
// end within a small task of each other: 784-256-128-10's gradients are
// 2 + 2 + 1 tasks. The blocks depend on the layer alone, never on the
// thread count, so the gradients are bit-identical for any thread count.
func gradBlockRows(out int) int {
	if out >= 256 {
		return 128
	}
	return 64
}

// gradTasks implements gradTasker: one task per
// gradBlockRows(OutFeatures) rows of dW (output units).
func (l *Linear) gradTasks() int {
	r := gradBlockRows(l.OutFeatures)
	return (l.OutFeatures + r - 1) / r
}

// gradTask implements gradTasker: rows [o0, o1) of dW = dyᵀ·x, for output
// units o0 to o1 of block i; block 0 also sets db = Σ_rows dy.
func (l *Linear) gradTask(i int) {
	r := gradBlockRows(l.OutFeatures)
	l.weightGrad(l.dy, i*r, min((i+1)*r, l.OutFeatures), 1)
}

// gradDone implements gradTasker.
func (l *Linear) gradDone() { l.dy = nil }

// weightGrad sets rows [o0, o1) of dW = dyᵀ·x (output units o0 to o1) on
// up to threads goroutines, and with o0 = 0 db = Σ_rows dy whole. Each row
// of dW, and db, is computed in the same order whatever range holds it, so
// the blocks of the row-piece step give Backward's gradient.
func (l *Linear) weightGrad(dy *Tensor, o0, o1, threads int) {
	n := dy.Rows()
	kernels.SgemmThreads(threads, true, false, o1-o0, l.InFeatures, n,
		1, dy.Data[o0:], l.OutFeatures, l.x.Data, l.InFeatures, 0, l.Weight.Grad.Data[o0*l.InFeatures:], l.InFeatures)
	if o0 == 0 && l.Bias != nil {
		kernels.ColSum(l.Bias.Grad.Data, dy.Data, n, l.OutFeatures)
	}
}

// inputGrad sets rows [lo, hi) of dx = dy·W on up to threads goroutines;
// l.dx must be sized.
func (l *Linear) inputGrad(dy *Tensor, lo, hi, threads int) {
	kernels.SgemmThreads(threads, false, false, hi-lo, l.InFeatures, l.OutFeatures,
		1, dy.Data[lo*l.OutFeatures:], l.OutFeatures, l.Weight.Value.Data, l.InFeatures, 0, l.dx.Data[lo*l.InFeatures:], l.InFeatures)
}

// unitsForward computes, for every row of the input rowsBegin took,
// columns [o0, o1) of y = x·Wᵀ + b: the output units of block i, the same
// units as weight-gradient task i (see gradTask), on the calling
// goroutine alone. It takes the rows by pieces of transposedForwardMax
// in the transposed form, yᵀ = W·xᵀ for the block's rows of W, which packs
// W as Sgemm's cheaper A operand (see transposedForwardMax), each piece
// in its own part of yT and then put in place in y. By rows whole, with
// x·Wᵀ, the forward pass of 784→256 at batch 128 took 5% more time on one
// thread than the row pieces before it, and 17% more at 32. Every block
// and piece is computed whole by one call whatever the thread count, so
// the output is bit-identical for any thread count.
func (l *Linear) unitsForward(i int) {
	r := gradBlockRows(l.OutFeatures)
	o0, o1 := i*r, min((i+1)*r, l.OutFeatures)
	units, n, in, out := o1-o0, l.x.Rows(), l.InFeatures, l.OutFeatures
	w, yT := l.Weight.Value.Data[o0*in:o1*in], l.yT.Data[o0*n:o1*n]
	for r0 := 0; r0 < n; r0 += transposedForwardMax {
		r1 := min(r0+transposedForwardMax, n)
		t := yT[r0*units : r1*units]
		kernels.SgemmThreads(1, false, true, units, r1-r0, in, 1, w, in, l.x.Data[r0*in:r1*in], in, 0, t, r1-r0)
		kernels.TransposeStrided(l.y.Data[r0*out+o0:], out, t, r1-r0, units)
		if l.Bias == nil {
			continue
		}
		for row := r0; row < r1; row++ {
			kernels.AddBias(l.y.Data[row*out+o0:row*out+o1], l.Bias.Value.Data[o0:o1], 1, units)
		}
	}
}
