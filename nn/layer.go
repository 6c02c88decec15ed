package nn

// Layer is one stage of a Sequential. Activations are batch-major
// row-major tensors: [batch, features], or [batch, C, H, W] for images
// (NCHW, as PyTorch's).
//
// A layer keeps what Backward needs from its last Forward (usually x
// itself, which the previous layer owns).
type Layer interface {
	// Build is called once by NewSequential with the shape of one input
	// sample ([features] or [C, H, W]) and returns the shape of one
	// output sample, or an error that says what the layer is, which shape
	// it takes and which it got (Sequential adds the layer's index and
	// type; see shapeError). The returned shape must not share storage
	// with in.
	Build(in Shape, env *Env) (out Shape, err error)
	// Forward returns the layer's output for x, owned by the layer and
	// valid until its next Forward. A layer whose Build has not run
	// panics, naming itself (NewSequential builds the layers it is given).
	Forward(x *Tensor) *Tensor
	// Backward takes dL/dy for the last Forward, overwrites the gradients
	// of the layer's parameters, and returns dL/dx (owned by the layer)
	// when needDx is true, or nil.
	Backward(dy *Tensor, needDx bool) *Tensor
	// Params returns the trainable parameters with their names within the
	// layer ("weight", "bias"); NewSequential prefixes the layer index.
	Params() []*Param
	// Buffers returns the non-trainable state_dict entries
	// ("running_mean", ...).
	Buffers() []*Buffer
	// Type returns the PyTorch class name ("Linear", "ReLU", ...).
	Type() string
}

// checkBuilt panics, naming the layer, when its Forward runs before its
// Build. Unlike PyTorch's modules, which can be called alone, a layer is
// built by NewSequential, which gives it the input shape, its buffers and
// the network's threads: without that it would fail on a nil pointer.
func checkBuilt(built bool, layer string) {
	if !built {
		panic("nn." + layer + ".Forward: the layer is not built; put it in a network, nn.NewSequential(inputShape, layer), which builds it, and call the network's Forward")
	}
}

// initializable layers have weights that Sequential.Init fills.
type initializable interface {
	initParams(weight, bias Initializer, rng *RNG)
}

// batchChecker layers refuse some batch sizes in a mode (BatchNorm1d: one
// row in training); their Forward panics on such a batch.
type batchChecker interface {
	// checkBatch returns an error (without the "nn: layer" prefix) if a
	// batch of rows rows cannot pass in the given mode.
	checkBatch(rows int, training bool) error
	// evalBatchStats reports whether evaluation normalises with the
	// batch's statistics (a batch norm layer without running statistics,
	// or one inside), so that a row's outputs depend on its batch.
	evalBatchStats() bool
}

// healthTracker layers record which units were active (ReLU).
type healthTracker interface {
	// deadFraction returns the fraction of units never active since the
	// last resetHealth, and false if nothing was tracked yet.
	deadFraction() (float64, bool)
	resetHealth()
	// visitHealth calls fn with each record of active units the layer
	// keeps (its own, or its inner layers'), in a fixed order: seen says
	// whether anything was tracked.
	visitHealth(fn func(active []bool, seen *bool))
}

// noParams is embedded by layers without parameters or buffers.
type noParams struct{}

// Params implements Layer.
func (noParams) Params() []*Param { return nil }

// Buffers implements Layer.
func (noParams) Buffers() []*Buffer { return nil }
