package model

import (
	"fmt"
	"sync"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/internal/workpool"
	"github.com/brawn-ml/brawn/nn"
)

// Inference runs the network on blocks of a fixed number of rows, so that
// a row's outputs do not depend on how many rows run with it: the
// products' kernels choose their route and blocking from the number of
// rows (Linear's transposed form up to 64 rows, Sgemv for one row, the
// dot-product or transposed routes for narrow outputs), and each route
// adds in its own order. 1024 rows let both large products of
// 784-256-128-10 split over two threads (8 MFLOP a thread at least),
// with the padding of the last block under a tenth of a 10,000-row pass.
const (
	inferRows   = 1024
	inferValues = 1 << 20 // a block's widest activation: at most 4 MiB of float32
)

// BlockRows returns the rows Infer runs net on at a time: 1024, or fewer
// for a network whose input or some layer's output is wider than 1024
// values a sample (images, convolutions), so that a block's widest
// activation takes at most 4 MiB (at least one row). It depends on the
// network's shapes alone.
func BlockRows(net *nn.Sequential) int {
	widest := net.InFeatures()
	for _, l := range net.Describe() {
		widest = max(widest, l.Out)
	}
	return max(1, min(inferRows, inferValues/max(widest, 1)))
}

// convertMinRows is the fewest rows worth converting on one more
// goroutine: 64 MNIST rows take about 30 µs, less than waking a parked
// worker costs on a busy machine.
const convertMinRows = 64

// converters convert Infer's rows to float32 in parallel.
var converters workpool.Pool[struct{}]

// Infer runs Net on the features of d in evaluation mode, in row order,
// and calls each with the outputs of every block of rows: lo is the
// block's first row and out its outputs, [rows, Net.OutFeatures()]
// row-major (the logits of a classifier), owned by Infer and valid until
// each returns. d's features must already be scaled as the training data
// were (Scaler.Apply); Predict scales raw features.
//
// The rows are converted to float32 batch at a time (any batch beyond d's
// rows, up to math.MaxInt, converts them all at once), rounded up to whole
// blocks (the memory Infer holds besides d), in parallel; the network then
// runs on blocks of exactly BlockRows(Net) rows, the last
// one padded with zero rows, its matrix products on Net's threads
// (nn.Sequential.SetThreads; every core by default). A row's outputs are
// therefore the same bits for any batch, any thread count and any other
// rows. Buffers are allocated once per call, none per block. The model's
// mode is restored afterwards.
//
// A network that normalises with its batch's statistics in evaluation
// mode too (nn.Sequential.BatchStatistics: a BatchNorm1d or BatchNorm2d
// without running statistics) has no such outputs: for it Infer runs the
// batches of batch rows that d's rows split into, the last one shorter and
// not padded, as PyTorch does on the same batches (except that rows that
// would leave a last batch of one sample end in two batches of nearly
// equal size: nn.Sequential.EvalBatchEnd), and refuses a batch of one
// sample, which has no batch variance (nn.Sequential.CheckEvalBatches).
//
// It returns an error if batch < 1, d's rows are not the network's
// inputs, or, as above, a batch would be one sample; an error from each
// stops Infer and is returned.
func (m *Model) Infer(d *data.Dataset, batch int, each func(lo int, out *nn.Tensor) error) error {
	if batch < 1 {
		return fmt.Errorf("batch size %d must be positive", batch)
	}
	net := m.Net
	in := net.InFeatures()
	if err := d.CheckFeatures(in); err != nil {
		return err
	}
	n := d.Len()
	if n == 0 {
		return nil
	}
	wasTraining := net.Training()
	net.Eval()
	defer func() {
		if wasTraining {
			net.Train()
		}
	}()
	block := BlockRows(net)
	batchStats := net.BatchStatistics()
	if batchStats {
		// A row's outputs depend on the rows it runs with: the network
		// runs on the caller's batches, the last one shorter, unpadded.
		block = min(batch, n)
		if err := net.CheckEvalBatches(n, batch); err != nil {
			return err
		}
	}
	// A batch beyond the data is the data: clamping before rounding up
	// keeps the rounding from overflowing for any int batch.
	step := (min(batch, n)-1)/block*block + block
	c := &converter{d: d, in: in, x: make([]float32, step*in), idx: make([]int, step)}
	convert := c.convert // bound once: RunFunc does not allocate for it
	threads := net.EffectiveThreads()
	x := nn.FromSlice(c.x[:block*in], block, in)
	out := nn.FromSlice(nil, 0, net.OutFeatures())
	for lo, hi := 0, 0; lo < n; lo = hi {
		hi = min(lo+step, n)
		if batchStats { // the caller's batch, as nn.Evaluate cuts them
			hi = net.EvalBatchEnd(lo, n, batch)
		}
		rows := hi - lo
		for i := range rows {
			c.idx[i] = lo + i
		}
		if helpers := min(threads, rows/convertMinRows) - 1; helpers > 0 {
			converters.RunFunc(rows, (rows+helpers)/(helpers+1), helpers, convert)
		} else {
			convert(0, rows)
		}
		if c.err != nil {
			return c.err
		}
		padded := (rows + block - 1) / block * block
		clear(c.x[rows*in : padded*in]) // zero rows: finite, and no row's outputs depend on them
		for b := 0; b < rows; b += block {
			k := min(block, rows-b)
			x.Data = c.x[b*in : (b+block)*in]
			if batchStats { // the last batch unpadded
				x.Data, x.Shape[0] = x.Data[:k*in], k
			}
			y := net.Forward(x)
			out.Data, out.Shape[0] = y.Data[:k*y.Cols()], k
			if err := each(lo+b, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// EvenedBatches reports whether Infer runs the last rows of n, at batch
// rows a batch, otherwise than batch at a time: for a network that
// normalises with its batch's statistics (nn.Sequential.BatchStatistics),
// batch+1 rows left would make a last batch of one sample, so they run as
// two batches of first and second rows instead
// (nn.Sequential.EvalBatchEnd). It is false for any other network, and
// when every batch but a shorter last one has batch rows.
func (m *Model) EvenedBatches(n, batch int) (first, second int, evened bool) {
	if batch < 2 || n <= batch || n%batch != 1 || !m.Net.BatchStatistics() {
		return 0, 0, false
	}
	first, second = m.Net.LastEvalBatches(n, batch)
	return first, second, first != batch
}

// converter converts Infer's rows to float32 on several goroutines.
type converter struct {
	d   *data.Dataset
	in  int
	x   []float32 // the step's features, [step, in]
	idx []int     // the step's sample indices

	mu  sync.Mutex
	err error
}

// convert writes rows [lo, hi) of the step into x.
func (c *converter) convert(lo, hi int) {
	if err := c.d.Gather(c.x[lo*c.in:hi*c.in], c.idx[lo:hi]); err != nil {
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
	}
}
