package nn

import (
	"fmt"
	"iter"

	"github.com/brawn-ml/brawn/internal/workpool"
	"github.com/brawn-ml/brawn/kernels"
)

// Conv2d is the 2-D convolution (cross-correlation) of torch.nn.Conv2d on
// NCHW batches: x [batch, InChannels, H, W] gives y [batch, OutChannels,
// Ho, Wo] with Ho = ⌊(H + pads − Dilation·(Kh−1) − 1)/Stride⌋ + 1 (Wo
// alike), and
//
//	y[n, o, i, j] = bias[o] + Σ_{c, p, q} weight[o, c, p, q] ·
//	                x[n, g·Cg + c, i·Sh − top + p·Dh, j·Sw − left + q·Dw]
//
// over the Cg = InChannels/Groups channels of o's group g, the input being
// zero outside its bounds. The weight is stored [OutChannels,
// InChannels/Groups, Kh, Kw] and the bias [OutChannels], PyTorch's
// state_dict layouts under its names "weight" and "bias". The layer is
// the convolutional layer of LeCun, Bottou, Bengio & Haffner,
// "Gradient-Based Learning Applied to Document Recognition" (Proc. IEEE,
// 1998).
//
// Both passes, side by side below, lower the convolution to products on
// the packed SGEMM per group, through im2col (see im2col.go), the
// formulation of Chellapilla, Puri & Simard, "High Performance
// Convolutional Neural Networks for Document Processing" (IWFHR 2006):
// with K =
// Cg·Kh·Kw and P = Ho·Wo, col [K, P] holds the input patch of each output
// pixel of sample n, and
//
//	forward:  y_n  = W·col_n + b           W [O/G, K] per group, y_n [O/G, P]
//	backward: dW   = Σ_n dy_n·col_nᵀ,  db = Σ_{n,i,j} dy
//	          dx_n = col2im(Wᵀ·dy_n)
//
// The forward product never builds col: kernels.SgemmPackedBBlocks asks
// for it panel by panel, gathered from x straight into the micro-kernel's
// panels (see conv2d_gather.go), and writes each sample's columns of the
// product in place in y, with the bias. The backward pass builds col,
// which both gradients read. The products take span samples at once (col
// [K, span·P], the samples' columns side by side, see Build), which fills
// the micro-kernel's columns better than one sample's P and packs W once
// for them; in the backward pass a layer with wide outputs
// (convWidePixels) takes one sample a product, which then reads dy in
// place. The batch is processed in chunks of convChunk samples, spread
// over the Env's threads; the weight gradient sums each chunk's part in
// chunk order, so results are bit-identical for any thread count.
type Conv2d struct {
	Conv2dConfig
	Weight *Param // [OutChannels, InChannels/Groups, Kh, Kw]
	Bias   *Param // nil without bias

	convGeom // sizes, padding and the rows of col, set by Build

	env      *Env
	span     int // samples per product
	fspan    int // samples per product of the forward pass
	x, dy    *Tensor
	y, dx    Tensor
	needDx   bool
	scratch  convScratch // the calling goroutine's buffers
	dwParts  []float32   // weight gradient of each chunk
	dbParts  []float64   // bias gradient of each chunk
	gemmT    int         // threads of each product: all of them for a single chunk
	fwd, bwd func(lo, hi int, s *convScratch)

	// then, when set, runs after a span's samples [first, first+m) of y
	// are final, y holding them: the next layers' forward passes over
	// those samples while they are in the cache (see relupool.go). With
	// spanY, y is a buffer of the goroutine's, which stays in the cache,
	// and Forward's output is left unwritten. dyFrom, when set, gives
	// the output gradient, Backward's dy then giving only the batch size:
	// it writes that of samples [first, first+m), laid out as dy, into
	// dst, a buffer of the goroutine's that stays in the cache. They must
	// treat samples independently.
	then   func(y []float32, first, m int)
	spanY  bool
	dyFrom func(dst []float32, first, m int)
}

// maxConvArg bounds Conv2d's sizes, so that the padded input and the
// output sizes cannot overflow, and its output's values a sample;
// maxConvWeights bounds its weight's values (4 GiB of float32, as
// model.MaxParams bounds a network's).
const (
	maxConvArg     = 1 << 30
	maxConvWeights = 1 << 30
	// maxConvExtent bounds the padded input's and the dilated kernel's
	// sides, so that the offsets of the passes fit a 32-bit int.
	maxConvExtent = 1<<31 - 1
)

// convChunk is the number of samples of a unit of parallel work. It is a
// constant so that the chunks, and with them the order in which the weight
// gradient is summed, do not depend on the thread count.
const convChunk = 4

// convMinFlops is the least work (2·flops of the products) worth a
// goroutine, as kernels' gemmMinFlopsPerThread; a variable so tests can
// split small convolutions.
var convMinFlops = 8 << 20

// convSpanValues bounds a col of span samples (InChannels·Kh·Kw·span·P
// values): 128k float32 values, half a megabyte, leave room in a 1 MB L2
// cache for the packed operands.
var convSpanValues = 128 << 10

// convWidePixels is the least Ho·Wo for which a backward product takes
// one sample: its columns fill the micro-kernel's panels well enough
// alone, and a product of one sample reads its output gradient in place,
// where samples side by side are copied (see backwardChunks). A variable
// so tests can take either path.
var convWidePixels = 512

// convScratch is a goroutine's buffers, grown to the largest it has
// needed: the backward pass's im2col buffer, a backward product's output
// (or its gathered output gradient), the bias gradient's row sums and the forward
// pass's gatherer with its padded channels.
type convScratch struct {
	col, out, sums []float32
	y, dy          []float32  // a span's output with spanY, its output gradient from dyFrom
	gather         convGather // the forward pass's packer (see conv2d_gather.go)
}

// convWorkers run Conv2d's chunks; each owns a convScratch.
var convWorkers workpool.Pool[convScratch]

// Type implements Layer.
func (l *Conv2d) Type() string { return "Conv2d" }

// Params implements Layer: weight [out, in/groups, kh, kw] and bias [out]
// (weight only without bias).
func (l *Conv2d) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Buffers implements Layer.
func (l *Conv2d) Buffers() []*Buffer { return nil }

// Build implements Layer: in must be [InChannels, H, W] and the output is
// [OutChannels, Ho, Wo]. It returns an error if in has another shape, a
// field changed since NewConv2d puts the kernel, stride, dilation or
// padding out of range, the padded H or W is smaller than the dilated
// kernel or either exceeds 2^31−1, or the output exceeds 2^30 values a
// sample.
func (l *Conv2d) Build(in Shape, env *Env) (Shape, error) {
	if len(in) != 3 || in[0] != l.InChannels {
		return nil, shapeError(l.String(), fmt.Sprintf("[%d, H, W]", l.InChannels), in)
	}
	// The fields are exported: NewConv2d's bounds may have been undone.
	if min(l.Stride[0], l.Stride[1], l.Dilation[0], l.Dilation[1], l.KernelSize[0], l.KernelSize[1]) < 1 || min(l.Padding[0], l.Padding[1]) < 0 ||
		max(l.KernelSize[0], l.KernelSize[1], l.Stride[0], l.Stride[1], l.Padding[0], l.Padding[1], l.Dilation[0], l.Dilation[1]) > maxConvArg {
		return nil, fmt.Errorf("%s: kernel_size, stride and dilation must be 1 to %d, padding 0 to %d", l, maxConvArg, maxConvArg)
	}
	// The sizes are worked out in int64 and bounded by maxConvExtent, so
	// that they cannot wrap around where int has 32 bits and a layer is
	// refused alike on every platform.
	var pads [2][2]int64 // before, after, of the rows and the columns
	var padded, span, out [2]int64
	for d := range 2 {
		span[d] = int64(l.Dilation[d])*int64(l.KernelSize[d]-1) + 1
		pads[d] = [2]int64{int64(l.Padding[d]), int64(l.Padding[d])}
		if l.Same {
			pads[d] = [2]int64{(span[d] - 1) / 2, span[d] - 1 - (span[d]-1)/2}
		}
		padded[d] = int64(in[d+1]) + pads[d][0] + pads[d][1]
	}
	switch {
	case max(span[0], span[1], padded[0], padded[1]) > maxConvExtent:
		return nil, fmt.Errorf("%s: input of shape %v, padded to %d×%d, with the dilated kernel %d×%d: each must be at most %d a side", l, in,
			padded[0], padded[1], span[0], span[1], maxConvExtent)
	case padded[0] < span[0] || padded[1] < span[1]:
		return nil, fmt.Errorf("%s: input of shape %v, padded to %d×%d, is smaller than the dilated kernel %d×%d", l, in,
			padded[0], padded[1], span[0], span[1])
	}
	for d := range 2 {
		out[d] = (padded[d]-span[d])/int64(l.Stride[d]) + 1
	}
	if n := float64(l.OutChannels) * float64(out[0]) * float64(out[1]); n > maxConvArg {
		return nil, fmt.Errorf("%s: input of shape %v gives an output of shape [%d, %d, %d], %.4g values a sample, more than %d", l, in, l.OutChannels, out[0], out[1], n, maxConvArg)
	}
	l.env = env
	g := convGeom{in: in.Clone(), kernel: l.KernelSize, stride: l.Stride, dilation: l.Dilation, groups: l.Groups,
		top: int(pads[0][0]), left: int(pads[1][0]), ho: int(out[0]), wo: int(out[1])}
	g.k = l.InChannels / l.Groups * l.KernelSize[0] * l.KernelSize[1]
	g.p = g.ho * g.wo
	g.makeTaps()
	l.convGeom = g
	l.span = max(1, min(convChunk, convSpanValues/(l.InChannels*l.KernelSize[0]*l.KernelSize[1]*l.p)))
	if l.p >= convWidePixels {
		l.span = 1
	}
	// The forward pass builds no col: its span is bounded by the input,
	// which the gather copies a span of on flat layers.
	l.fspan = max(1, min(convChunk, convSpanValues/(l.InChannels*l.p)))
	if l.flat() {
		if l.p < in[1]*in[2] { // the runs cannot cross samples (see conv2d_shift.go)
			l.fspan = 1
		}
		l.shift = l.makeShiftPlan(l.fspan)
	}
	l.fwd, l.bwd = l.forwardChunks, l.backwardChunks
	return Shape{l.OutChannels, l.ho, l.wo}, nil
}

// run calls fn over the chunks of a batch of n samples, on as many of the
// Env's threads as the work pays for, and sets gemmT.
func (l *Conv2d) run(n int, fn func(lo, hi int, s *convScratch)) {
	chunks := (n + convChunk - 1) / convChunk
	flops := 2 * float64(n) * float64(l.OutChannels) * float64(l.k) * float64(l.p)
	t := max(1, min(l.env.threads(), chunks, int(flops/float64(convMinFlops))))
	l.gemmT = 1
	if chunks == 1 {
		l.gemmT = l.env.Threads // results do not depend on it
	}
	if t == 1 {
		fn(0, chunks, &l.scratch)
		return
	}
	convWorkers.Run(chunks, 1, t-1, &l.scratch, fn)
}

// buffers returns s's buffers, grown for the layer: col [InChannels·Kh·Kw,
// span·P], out [OutChannels, span·P] and sums [OutChannels].
func (l *Conv2d) buffers(s *convScratch) (col, out, sums []float32) {
	return grow(&s.col, l.Groups*l.k*l.span*l.p), grow(&s.out, l.OutChannels*l.span*l.p), grow(&s.sums, l.OutChannels)
}

// spans yields the first sample and the size of each span of up to span
// samples that make up chunks [lo, hi) of a batch of rows samples.
func spans(lo, hi, rows, span int) iter.Seq2[int, int] {
	return func(yield func(first, m int) bool) {
		for c := lo; c < hi; c++ {
			end := min((c+1)*convChunk, rows)
			for n := c * convChunk; n < end; n += span {
				if !yield(n, min(span, end-n)) {
					return
				}
			}
		}
	}
}

// Forward implements Layer.
func (l *Conv2d) Forward(x *Tensor) *Tensor {
	checkBuilt(l.env != nil, "Conv2d")
	n := x.Rows()
	l.x = x
	l.y.resize(n, Shape{l.OutChannels, l.ho, l.wo})
	l.run(n, l.fwd)
	return &l.y
}

// forwardChunks computes y for the samples of chunks [lo, hi), a span of
// m samples at a time: y_n = W·col_n per group, col (the samples' cols
// side by side) being gathered from x into the product's packed panels
// (see conv2d_gather.go), and each sample's columns of the product
// written in place in y (kernels.SgemmPackedBBlocks), with the bias,
// which the micro-kernel adds to the rounded sums as adding it after the
// product would: y takes no second pass.
func (l *Conv2d) forwardChunks(lo, hi int, s *convScratch) {
	og, cin, size := l.OutChannels/l.Groups, l.in.Size(), l.OutChannels*l.p
	w := l.Weight.Value.Data
	for first, m := range spans(lo, hi, l.x.Rows(), l.fspan) {
		x := l.x.Data[first*cin : (first+m)*cin]
		var span []float32 // y of the span's samples
		if l.spanY {
			span = grow(&s.y, m*size)
		} else {
			span = l.y.Data[first*size : (first+m)*size]
		}
		for g := range l.Groups {
			var bias []float32
			if l.Bias != nil {
				bias = l.Bias.Value.Data[g*og : (g+1)*og]
			}
			kernels.SgemmPackedBBlocks(l.gemmT, false, og, m*l.p, l.k,
				1, w[g*og*l.k:], l.k, s.gather.packer(&l.convGeom, x, g), bias, 0, span[g*og*l.p:], l.p, l.p, size)
		}
		if l.then != nil {
			l.then(span, first, m)
		}
	}
	s.gather.release()
}

// Backward implements Layer.
func (l *Conv2d) Backward(dy *Tensor, needDx bool) *Tensor {
	n := dy.Rows()
	chunks := (n + convChunk - 1) / convChunk
	nw := len(l.Weight.Grad.Data)
	if cap(l.dwParts) < chunks*nw {
		l.dwParts = make([]float32, chunks*nw)
		l.dbParts = make([]float64, chunks*l.OutChannels)
	}
	l.dwParts, l.dbParts = l.dwParts[:chunks*nw], l.dbParts[:chunks*l.OutChannels]
	l.dy, l.needDx = dy, needDx
	if needDx {
		l.dx.resize(n, l.in)
	}
	l.run(n, l.bwd)
	l.dy = nil
	dw := l.Weight.Grad.Data
	copy(dw, l.dwParts[:nw])
	for c := 1; c < chunks; c++ {
		kernels.Add(dw, dw, l.dwParts[c*nw:(c+1)*nw])
	}
	if l.Bias != nil {
		for o := range l.Bias.Grad.Data {
			var sum float64
			for c := range chunks {
				sum += l.dbParts[c*l.OutChannels+o]
			}
			l.Bias.Grad.Data[o] = float32(sum)
		}
	}
	if !needDx {
		return nil
	}
	return &l.dx
}

// backwardChunks computes the weight and bias gradients of chunks [lo,
// hi) into their parts, and dx for their samples, a span of m samples at
// a time: their output gradients gathered side by side (dys), their cols
// again, then dW_chunk += dys·colᵀ, and (reusing col) col2im(Wᵀ·dys).
func (l *Conv2d) backwardChunks(lo, hi int, s *convScratch) {
	col, dysBuf, sums := l.buffers(s)
	og, cin, size := l.OutChannels/l.Groups, l.in.Size(), l.OutChannels*l.p
	nw := len(l.Weight.Grad.Data)
	w := l.Weight.Value.Data
	for first, m := range spans(lo, hi, l.dy.Rows(), l.span) {
		c := first / convChunk
		dw, db := l.dwParts[c*nw:(c+1)*nw], l.dbParts[c*l.OutChannels:(c+1)*l.OutChannels]
		var beta float32 = 1
		if first == c*convChunk {
			clear(db)
			beta = 0
		}
		var span []float32 // dy of the span's samples
		if l.dyFrom != nil {
			span = grow(&s.dy, m*size)
			l.dyFrom(span, first, m)
		} else {
			span = l.dy.Data[first*size : (first+m)*size]
		}
		ld := m * l.p
		dys := dysBuf
		if m == 1 { // dys's layout is dy's: the products read dy
			dys = span
		}
		for i := range m {
			n := first + i
			if m > 1 {
				dy := span[i*size : (i+1)*size]
				for o := range l.OutChannels {
					copy(dys[o*ld+i*l.p:o*ld+(i+1)*l.p], dy[o*l.p:(o+1)*l.p])
				}
			}
			l.im2col(col[i*l.p:], ld, l.x.Data[n*cin:(n+1)*cin])
		}
		kernels.RowSum(sums, dys[:l.OutChannels*ld], l.OutChannels, ld)
		for o, v := range sums {
			db[o] += float64(v)
		}
		for g := range l.Groups {
			kernels.SgemmThreads(l.gemmT, false, true, og, l.k, ld,
				1, dys[g*og*ld:], ld, col[g*l.k*ld:], ld, beta, dw[g*og*l.k:], l.k)
		}
		if !l.needDx {
			continue
		}
		for g := range l.Groups {
			kernels.SgemmThreads(l.gemmT, true, false, l.k, ld, og,
				1, w[g*og*l.k:], l.k, dys[g*og*ld:], ld, 0, col[g*l.k*ld:], ld)
		}
		for i := range m {
			n := first + i
			l.col2im(l.dx.Data[n*cin:(n+1)*cin], col[i*l.p:], ld)
		}
	}
}
