package nn

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Sequential chains layers as torch.nn.Sequential does, and names their
// parameters and buffers as its state_dict would: "<index>.<name>", e.g.
// "0.weight", "0.bias", "1.running_mean". It starts in training mode.
//
// A Sequential is not safe for concurrent use, in evaluation mode
// neither: its layers keep their outputs and their last input, which
// Forward overwrites. A program that runs one network on several
// goroutines gives each its own copy (model.CloneNet, or Model.Clone of
// a loaded checkpoint, which copy the weights and buffers bit for bit).
type Sequential struct {
	Layers []Layer // in order; read-only once NewSequential has built and named them

	in, out Shape
	env     Env
	params  []*Param
	buffers []*Buffer
	// firstParam is the index of the first layer with parameters: layers
	// before it need no backward pass, and it needs no input gradient.
	firstParam int
	// layerParams[i] is the index in params of layer i's first parameter,
	// and layerParams[len(Layers)] is len(params).
	layerParams []int
	outs        []Shape // output shape of each layer
	x           Tensor  // Forward's input viewed with the input shape
	rows        rowForward
	step        rowStep
	reluPool    []bool // a ReLU at i and a MaxPool2d at i+1 run fused (see relupool.go)
	fwdRows     int    // the rows of the last Forward, 0 before any
}

// NewSequential builds layers for inputs of shape in, checking that each
// layer takes the previous one's output shape. in is the shape of one
// sample: a number of features (an int, for a multi-layer perceptron) or a
// Shape, e.g. Shape{1, 28, 28} for a batch fed as [batch, 1, 28, 28]. A
// layer that does not take its input's shape is an error naming the layer
// (index and type) and both shapes, e.g. "nn: layer 7 (Linear):
// Linear(in_features=3136, out_features=128) takes input of shape [3136],
// got [64, 7, 7]". The model keeps the layers' weights, which their constructors
// initialised with PyTorch's defaults, so it is ready to train; Init
// applies another initializer and ResetParameters redraws the defaults
// from a given RNG. A layer object belongs to the network that built it:
// a nil layer, one that appears twice, or one that another network holds
// is an error (a layer keeps its last input for the backward pass and
// follows its network's mode and threads).
func NewSequential[In int | Shape](in In, layers ...Layer) (*Sequential, error) {
	var shape Shape
	switch v := any(in).(type) {
	case int:
		if v <= 0 {
			return nil, fmt.Errorf("nn: model input must have at least one feature, got %d", v)
		}
		shape = Shape{v}
	case Shape:
		if err := v.check(); err != nil {
			return nil, fmt.Errorf("nn: model input: %w", err)
		}
		shape = v.Clone()
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("nn: a Sequential needs at least one layer")
	}
	s := &Sequential{Layers: layers, in: shape, firstParam: len(layers)}
	addrs, err := s.checkLayers(layers)
	if err != nil {
		return nil, err
	}
	s.env.Training = true
	s.env.RNG = NewRNG(0)
	feat := shape
	for i, l := range layers {
		out, err := l.Build(feat.Clone(), &s.env)
		if err == nil {
			err = out.check()
		}
		if err != nil {
			return nil, fmt.Errorf("nn: layer %d (%s): %w", i, l.Type(), err)
		}
		feat = out.Clone()
		s.outs = append(s.outs, feat)
		prefix := strconv.Itoa(i) + "."
		s.layerParams = append(s.layerParams, len(s.params))
		for _, p := range l.Params() {
			p.Name = prefix + p.scope + p.local
			s.params = append(s.params, p)
			s.firstParam = min(s.firstParam, i)
		}
		for _, b := range l.Buffers() {
			b.Name = prefix + b.scope + b.local
			s.buffers = append(s.buffers, b)
		}
	}
	s.layerParams = append(s.layerParams, len(s.params))
	s.out = feat
	s.planFusion()
	s.claim(addrs)
	return s, nil
}

// InFeatures returns the number of values of one input sample (the
// product of InShape).
func (s *Sequential) InFeatures() int { return s.in.Size() }

// OutFeatures returns the number of values of one output sample (the
// product of OutShape).
func (s *Sequential) OutFeatures() int { return s.out.Size() }

// InShape returns the shape of one input sample (a copy).
func (s *Sequential) InShape() Shape { return s.in.Clone() }

// OutShape returns the shape of one output sample (a copy).
func (s *Sequential) OutShape() Shape { return s.out.Clone() }

// Params returns the trainable parameters in state_dict order.
func (s *Sequential) Params() []*Param { return s.params }

// Buffers returns the non-trainable state_dict entries in order.
func (s *Sequential) Buffers() []*Buffer { return s.buffers }

// StateDict returns every parameter and buffer value by its state_dict
// name. The tensors are the model's own (not copies).
func (s *Sequential) StateDict() map[string]*Tensor {
	m := make(map[string]*Tensor, len(s.params)+len(s.buffers))
	for _, p := range s.params {
		m[p.Name] = p.Value
	}
	for _, b := range s.buffers {
		m[b.Name] = b.Value
	}
	return m
}

// LoadStateDict copies values into the model's parameters and buffers. Every
// entry of the model must be present with the right number of elements,
// and m must hold no other: otherwise nothing is copied and the error
// lists, as PyTorch's load_state_dict does, the missing entries and the
// ones of the wrong size (parameters, then buffers, in layer order) and
// the unexpected ones (in name order): the same error for the same m
// every time.
func (s *Sequential) LoadStateDict(m map[string][]float32) error {
	if err := s.checkStateDict(m); err != nil {
		return err
	}
	for name, t := range s.StateDict() {
		copy(t.Data, m[name])
	}
	return nil
}

// checkStateDict returns LoadStateDict's error for m, or nil if m fits.
func (s *Sequential) checkStateDict(m map[string][]float32) error {
	want := s.StateDict()
	var missing, unexpected, sizes []string
	for _, name := range s.stateNames() {
		t := want[name]
		v, ok := m[name]
		switch {
		case !ok:
			missing = append(missing, strconv.Quote(name))
		case len(v) != len(t.Data):
			sizes = append(sizes, fmt.Sprintf("%q has %d elements, the model's %d (shape %v)", name, len(v), len(t.Data), t.Shape))
		}
	}
	for name := range m {
		if _, ok := want[name]; !ok {
			unexpected = append(unexpected, strconv.Quote(name))
		}
	}
	slices.Sort(unexpected)
	var parts []string
	for _, p := range []struct {
		what  string
		items []string
	}{{"missing entries", missing}, {"unexpected entries", unexpected}, {"entries of another size", sizes}} {
		if len(p.items) > 0 {
			parts = append(parts, p.what+" "+listSome(p.items, 8))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("nn: the state_dict does not fit the model: %s", strings.Join(parts, "; "))
}

// stateNames lists the names of the model's parameters, then of its
// buffers, each in layer order (Params, Buffers).
func (s *Sequential) stateNames() []string {
	names := make([]string, 0, len(s.params)+len(s.buffers))
	for _, p := range s.params {
		names = append(names, p.Name)
	}
	for _, b := range s.buffers {
		names = append(names, b.Name)
	}
	return names
}

// listSome joins up to most items with ", ", and says how many there are
// when it leaves some out.
func listSome(items []string, most int) string {
	if len(items) <= most {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s, ... (%d in all)", strings.Join(items[:most], ", "), len(items))
}

// Init replaces every Linear and Conv2d layer's weights: weight with weight and bias
// with bias (layers without bias draw nothing for it), in layer order,
// from rng (torch.nn.init semantics, like model.apply with an init
// function; see Initializer). A nil bias means Zeros. BatchNorm1d keeps
// its weight and bias. The layers come initialised already (see
// ResetParameters); Init chooses another initializer, e.g. HeNormal before
// ReLU. A nil rng means the default generator (see ManualSeed), as
// torch.nn.init's generator=None does. It panics if weight is nil.
func (s *Sequential) Init(rng *RNG, weight, bias Initializer) {
	if weight == nil {
		panic("nn: Sequential.Init: nil weight initializer")
	}
	if bias == nil {
		bias = Zeros{}
	}
	if rng == nil {
		defaultMu.Lock()
		defer defaultMu.Unlock()
		rng = defaultGen
	}
	for _, l := range s.Layers {
		if li, ok := l.(initializable); ok {
			li.initParams(weight, bias, rng)
		}
	}
}

// SetThreads sets the goroutines used by Sgemm and large elementwise work
// (<= 0: GOMAXPROCS). Results are bit-identical for every value.
func (s *Sequential) SetThreads(n int) { s.env.Threads = n }

// Threads returns the thread setting (0 means GOMAXPROCS).
func (s *Sequential) Threads() int { return s.env.Threads }

// EffectiveThreads returns the goroutines the model's work runs on now:
// the thread setting, or GOMAXPROCS when it is 0.
func (s *Sequential) EffectiveThreads() int { return s.env.threads() }

// SetRNG sets the generator that stochastic layers (Dropout, Dropout2d)
// draw from. It panics if rng is nil: they need one in training mode.
func (s *Sequential) SetRNG(rng *RNG) {
	if rng == nil {
		panic("nn.Sequential.SetRNG: nil generator; Dropout and Dropout2d draw their masks from it")
	}
	s.env.RNG = rng
}

// RNG returns the stochastic layers' generator.
func (s *Sequential) RNG() *RNG { return s.env.RNG }

// Train switches to training mode (Dropout active, BatchNorm1d on batch
// statistics and updating its running estimates).
func (s *Sequential) Train() { s.env.Training = true }

// Eval switches to evaluation mode (Dropout is the identity, BatchNorm1d
// uses its running estimates).
func (s *Sequential) Eval() { s.env.Training = false }

// Training reports whether the model is in training mode.
func (s *Sequential) Training() bool { return s.env.Training }

// SetTrackHealth turns on the recording of ever-active units in ReLU
// layers during training (see Stats).
func (s *Sequential) SetTrackHealth(on bool) { s.env.TrackHealth = on }

// Forward runs x through every layer and returns the output [batch,
// OutShape...], owned by the last layer and valid until the next Forward.
// x is [batch, InShape...] or any shape of another rank with InFeatures
// values per row, such as [batch, InFeatures]: the first layer sees it as
// [batch, InShape...] (sharing x's data). It panics if s was not made by
// NewSequential (see ErrUnbuilt), if x is nil, has no rows or does not
// have InFeatures values per row, if it has InShape's rank but other
// dimensions (NHWC images for an NCHW network), or if CheckBatch refuses
// its rows (check data against the model first; Trainer does). When every
// layer computes each row from its own input row alone (Linear and the
// elementwise activations), the batch goes through all layers in pieces
// of 64 rows, the pieces shared by the threads in one parallel region
// (see rowLayer).
func (s *Sequential) Forward(x *Tensor) *Tensor {
	x = s.viewInput(x)
	if x.Rows() < 1 {
		panic("nn.Sequential.Forward: a batch of 0 rows; it needs at least one")
	}
	s.fwdRows = x.Rows()
	if y := s.rows.forward(s.Layers, x, s.env.threads()); y != nil {
		return y
	}
	for i := 0; i < len(s.Layers); i++ {
		x, i = s.forwardLayer(i, x)
	}
	return x
}

// viewInput returns x viewed as [batch, InShape...], or panics as Forward
// does.
func (s *Sequential) viewInput(x *Tensor) *Tensor {
	if err := s.checkInput(x); err != nil {
		panic("nn.Sequential.Forward: " + err.Error())
	}
	s.x.view(x.Data, x.Rows(), s.in)
	return &s.x
}

// checkInput returns an error unless x is a batch of the model's samples:
// at least one dimension, its rows InShape's size each.
func (s *Sequential) checkInput(x *Tensor) error {
	if s.in == nil {
		return errors.New(unbuilt)
	}
	if x == nil {
		return errors.New("the input is nil")
	}
	in := s.in.Size()
	if len(x.Shape) == 0 || x.Cols() != in || len(x.Data) != x.Rows()*in {
		return fmt.Errorf("input has shape %v, the model takes samples of shape %v", x.Shape, s.in)
	}
	if len(x.Shape) == len(s.in)+1 && !slices.Equal(x.Shape[1:], s.in) {
		// As many dimensions as a batch of samples, but other ones: most
		// likely images laid out NHWC, or dimensions swapped.
		return fmt.Errorf("input has shape %v, but the model takes samples of shape %v: give a batch %v (NCHW, as PyTorch's: NHWC images need their channels moved first), or rows of %d values",
			Shape(x.Shape), s.in, append(Shape{x.Rows()}, s.in...), in)
	}
	return nil
}

// CheckBatch returns an error if a batch of rows samples cannot pass
// through the model in its current mode: fewer than one row, or, naming
// the layer, in training
// mode BatchNorm1d needs more than one sample per batch, as PyTorch's
// (the error carries PyTorch's "expected more than 1 value per channel
// when training"). Forward panics on such a batch; Trainer checks first.
func (s *Sequential) CheckBatch(rows int) error { return s.checkBatch(rows, s.env.Training) }

// BatchStatistics reports whether some layer normalises with the
// statistics of its batch in evaluation mode too: a BatchNorm1d or
// BatchNorm2d without running statistics (PyTorch's
// track_running_stats=False; Ioffe & Szegedy 2015 replace them by the
// population's for inference, §3.1), also inside a Residual. A row's
// outputs then depend on the rows it runs with, as in PyTorch, and
// evaluation refuses a batch of one sample.
func (s *Sequential) BatchStatistics() bool { return evalBatchStats(s.Layers) }

// evalBatchStats reports whether a layer of layers normalises with the
// batch's statistics in evaluation mode.
func evalBatchStats(layers []Layer) bool {
	for _, l := range layers {
		if c, ok := l.(batchChecker); ok && c.evalBatchStats() {
			return true
		}
	}
	return false
}

// EvalBatchEnd returns the end of the evaluation batch that starts at
// row lo when n rows are evaluated batchSize at a time (Evaluate,
// Predict, model.Model.Infer): lo+batchSize, or n for the last batch,
// which is shorter. A network that cannot evaluate a single sample (one
// that normalises with its batch's statistics, see BatchStatistics)
// would leave a last batch of one sample when n-lo is batchSize+1: those
// rows then run as two batches of nearly equal size instead,
// batchSize/2+1 rows and then (batchSize+1)/2 (9 and 8 for 17 rows at
// batch size 16), so that the batches depend on n and batchSize alone.
// With batchSize 1, or 2 and an odd n, a batch of one sample is left;
// CheckEvalBatches refuses it.
func (s *Sequential) EvalBatchEnd(lo, n, batchSize int) int {
	left := n - lo
	if left == batchSize+1 && batchSize > 1 && s.evalRefusesOne() {
		return lo + batchSize/2 + 1
	}
	return lo + min(batchSize, left)
}

// evalRefusesOne reports whether the network cannot evaluate a batch of
// one sample.
func (s *Sequential) evalRefusesOne() bool { return s.checkBatch(1, false) != nil }

// CheckEvalBatches returns an *EvalBatchError, naming the layer and
// saying what to change, if evaluating n samples in batches of batchSize
// (cut as EvalBatchEnd cuts them) would run a batch the network cannot
// evaluate: one sample, where a layer normalises with its batch's
// statistics (see BatchStatistics), as when n is 1 or batchSize is 1; and
// an error when batchSize is not positive. Evaluate, Predict and
// model.Model.Infer check with it before the first batch, and Trainer.Fit
// checks its validation set before the first step.
func (s *Sequential) CheckEvalBatches(n, batchSize int) error {
	rows, err := s.evalBatchError(n, batchSize)
	if err == nil || rows < 1 {
		return err
	}
	return &EvalBatchError{N: n, BatchSize: batchSize, Rows: rows, Err: err}
}

// LastEvalBatches returns the rows of the last two evaluation batches of
// n rows evaluated batchSize at a time (EvalBatchEnd), which EvalBatchEnd
// may even out; n must exceed batchSize, which must be positive.
func (s *Sequential) LastEvalBatches(n, batchSize int) (first, second int) {
	lo := n - n%batchSize - batchSize
	if n%batchSize == 0 {
		lo = n - 2*batchSize
	}
	end := s.EvalBatchEnd(lo, n, batchSize)
	return end - lo, n - end
}

// evalBatchError returns, in evaluation mode, checkBatch's error for the
// first batch of CheckEvalBatches' that the network cannot evaluate, and
// that batch's rows.
func (s *Sequential) evalBatchError(n, batchSize int) (rows int, err error) {
	if n < 1 {
		return 0, nil
	}
	if batchSize < 1 {
		return 0, fmt.Errorf("nn: batch size %d must be positive", batchSize)
	}
	sizes := []int{min(batchSize, n)}
	if n > batchSize && n%batchSize > 0 {
		first, second := s.LastEvalBatches(n, batchSize)
		sizes = append(sizes, first, second)
	}
	for _, rows := range sizes {
		if err := s.checkBatch(rows, false); err != nil {
			return rows, err
		}
	}
	return 0, nil
}

// checkBatch is CheckBatch for the given mode.
func (s *Sequential) checkBatch(rows int, training bool) error {
	if rows < 1 {
		return fmt.Errorf("nn: a batch of %d rows; it needs at least one", rows)
	}
	for i, l := range s.Layers {
		if c, ok := l.(batchChecker); ok {
			if err := c.checkBatch(rows, training); err != nil {
				return fmt.Errorf("nn: layer %d (%s): %w", i, l.Type(), err)
			}
		}
	}
	return nil
}

// Backward propagates dL/dy (same shape as the last Forward's output)
// back through the layers, overwriting every parameter's gradient. The
// input gradient is not computed. It panics, as PyTorch raises, before
// any Forward or if dy does not hold the last Forward's rows of outputs.
func (s *Sequential) Backward(dy *Tensor) {
	if s.fwdRows == 0 {
		panic("nn.Sequential.Backward: no Forward before it")
	}
	if len(dy.Shape) == 0 || dy.Rows() != s.fwdRows || len(dy.Data) != s.fwdRows*s.out.Size() {
		panic(fmt.Sprintf("nn.Sequential.Backward: dy has shape %v, but the last Forward's output is %d rows of %v", Shape(dy.Shape), s.fwdRows, s.out))
	}
	for i := len(s.Layers) - 1; i >= s.firstParam; i-- {
		dy, i = s.backwardLayer(i, dy)
	}
}

// NumParams returns the number of trainable values, split into weights
// (KindWeight) and the rest (biases and normalisation parameters).
func (s *Sequential) NumParams() (weights, others int) {
	for _, p := range s.params {
		if p.Kind == KindWeight {
			weights += len(p.Value.Data)
		} else {
			others += len(p.Value.Data)
		}
	}
	return weights, others
}
