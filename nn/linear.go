package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// Linear is the fully connected layer y = x·Wᵀ + b (torch.nn.Linear, Keras
// Dense): x is [batch, In], the weight W is stored [Out, In] row-major as
// PyTorch stores it, the bias b is [Out], y is [batch, Out]. Both passes
// run on kernels.SgemmThreads:
//
//	forward:  y  = x·Wᵀ + b            Sgemm(N, T); for batches up to 64,
//	          yᵀ = W·xᵀ, then transposed with b added (see transposedForwardMax)
//	backward: dW = dyᵀ·x,  db = Σ_rows dy,  dx = dy·W
//
// NewLinearNoBias builds it without bias (PyTorch's bias=False): Bias is
// nil, y = x·Wᵀ, and Params and the state_dict hold only "weight".
type Linear struct {
	In, Out int
	Weight  *Param
	Bias    *Param // nil without bias

	env *Env
	x   *Tensor // input of the last Forward (owned by the previous layer)
	dy  *Tensor // output gradient of a row-piece backward pass (see rowLayer)
	y   Tensor
	yT  Tensor // [Out, batch] product of the transposed forward form
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
	return &Linear{In: in, Out: out, Weight: newParam("weight", KindWeight, out, in)}
}

// ResetParameters draws the weight, then the bias, from rng with
// torch.nn.Linear's reset_parameters: PyTorchLinear and PyTorchLinearBias.
func (l *Linear) ResetParameters(rng *RNG) {
	l.initParams(PyTorchLinear{}, PyTorchLinearBias{}, rng)
}

// Type implements Layer.
func (l *Linear) Type() string { return "Linear" }

// Build implements Layer.
func (l *Linear) Build(in Shape, env *Env) (Shape, error) {
	if err := vectorShape(fmt.Sprintf("Linear(in_features=%d, out_features=%d)", l.In, l.Out), in, l.In); err != nil {
		return nil, err
	}
	l.env = env
	return Shape{l.Out}, nil
}

// Params implements Layer: weight [Out, In] and bias [Out] (weight only
// without bias).
func (l *Linear) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Buffers implements Layer.
func (l *Linear) Buffers() []*Buffer { return nil }

func (l *Linear) initParams(weight, bias Initializer, rng *RNG) {
	weight.Fill(l.Weight.Value.Data, l.In, l.Out, rng)
	if l.Bias != nil {
		bias.Fill(l.Bias.Value.Data, l.In, l.Out, rng)
	}
}

// Forward implements Layer.
func (l *Linear) Forward(x *Tensor) *Tensor {
	n := x.Rows()
	l.x = x
	l.y.resize2(n, l.Out)
	if n <= transposedForwardMax {
		l.yT.resize2(l.Out, n)
	}
	l.forwardRows(0, n, l.env.Threads)
	return &l.y
}

// forwardRows computes rows [lo, hi) of y on up to threads goroutines; for
// up to transposedForwardMax rows it computes them transposed in rows
// [lo, hi) of yT, taken as an [Out, hi-lo] matrix.
func (l *Linear) forwardRows(lo, hi, threads int) {
	n := hi - lo
	x, y := l.x.Data[lo*l.In:hi*l.In], l.y.Data[lo*l.Out:hi*l.Out]
	var bias []float32
	if l.Bias != nil {
		bias = l.Bias.Value.Data
	}
	if n <= transposedForwardMax {
		yT := l.yT.Data[lo*l.Out : hi*l.Out]
		kernels.SgemmThreads(threads, false, true, l.Out, n, l.In,
			1, l.Weight.Value.Data, l.In, x, l.In, 0, yT, n)
		transposeAddBias(y, yT, bias, n, l.Out)
		return
	}
	kernels.SgemmThreads(threads, false, true, n, l.Out, l.In,
		1, x, l.In, l.Weight.Value.Data, l.In, 0, y, l.Out)
	if bias != nil {
		kernels.AddBias(y, bias, n, l.Out)
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
// yT holds each piece's [Out, rows] product in the piece's own rows.
func (l *Linear) rowsBegin(x *Tensor) *Tensor {
	l.x = x
	l.y.resize2(x.Rows(), l.Out)
	l.yT.resize2(x.Rows(), l.Out)
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
		l.weightGrad(dy, 0, l.Out, l.env.Threads)
		return nil
	}
	l.dx.resize2(n, l.In)
	if t := l.env.threads(); useBackwardTasks(t, n, l.In, l.Out) {
		l.bw.run(l, dy, t)
		return &l.dx
	}
	l.weightGrad(dy, 0, l.Out, l.env.Threads)
	l.inputGrad(dy, 0, n, l.env.Threads)
	return &l.dx
}

// rowsBackwardBegin implements rowLayer: dy is kept for the weight
// gradient's tasks (gradTask) too.
func (l *Linear) rowsBackwardBegin(dy *Tensor, needDx bool) *Tensor {
	l.dy = dy
	if !needDx {
		return nil
	}
	l.dx.resize2(dy.Rows(), l.In)
	return &l.dx
}

// rowsBackward implements rowLayer: rows [lo, hi) of dx = dy·W.
func (l *Linear) rowsBackward(lo, hi int) { l.inputGrad(l.dy, lo, hi, 1) }

// gradTasks implements gradTasker: one task per gradBlockRows(Out) rows of
// dW (output units).
func (l *Linear) gradTasks() int {
	r := gradBlockRows(l.Out)
	return (l.Out + r - 1) / r
}

// gradTask implements gradTasker: rows [o0, o1) of dW = dyᵀ·x, for output
// units o0 to o1 of block i; block 0 also sets db = Σ_rows dy.
func (l *Linear) gradTask(i int) {
	r := gradBlockRows(l.Out)
	l.weightGrad(l.dy, i*r, min((i+1)*r, l.Out), 1)
}

// gradDone implements gradTasker.
func (l *Linear) gradDone() { l.dy = nil }

// weightGrad sets rows [o0, o1) of dW = dyᵀ·x (output units o0 to o1) on
// up to threads goroutines, and with o0 = 0 db = Σ_rows dy whole. Each row
// of dW, and db, is computed in the same order whatever range holds it, so
// the blocks of the row-piece step give Backward's gradient.
func (l *Linear) weightGrad(dy *Tensor, o0, o1, threads int) {
	n := dy.Rows()
	kernels.SgemmThreads(threads, true, false, o1-o0, l.In, n,
		1, dy.Data[o0:], l.Out, l.x.Data, l.In, 0, l.Weight.Grad.Data[o0*l.In:], l.In)
	if o0 == 0 && l.Bias != nil {
		kernels.ColSum(l.Bias.Grad.Data, dy.Data, n, l.Out)
	}
}

// inputGrad sets rows [lo, hi) of dx = dy·W on up to threads goroutines;
// l.dx must be sized.
func (l *Linear) inputGrad(dy *Tensor, lo, hi, threads int) {
	kernels.SgemmThreads(threads, false, false, hi-lo, l.In, l.Out,
		1, dy.Data[lo*l.Out:], l.Out, l.Weight.Value.Data, l.In, 0, l.dx.Data[lo*l.In:], l.In)
}
