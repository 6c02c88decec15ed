package nn

import "sync"

// initialSeed is the default generator's seed when the program starts:
// PyTorch's default_rng_seed_val, what torch.initial_seed() returns before
// any torch.manual_seed.
const initialSeed = 67280421310721

// defaultGen is the generator layer constructors draw initial weights from
// (PyTorch's default CPU generator); defaultMu serialises its use.
var (
	defaultMu  sync.Mutex
	defaultGen = NewRNG(initialSeed)
)

// ManualSeed reseeds the default generator that layer constructors
// (NewLinear, NewLinearNoBias, NewConv2d) draw their initial weights from,
// as torch.manual_seed reseeds PyTorch's: after ManualSeed(s), building
// the same layers in the same order gives bit-identical weights. The
// generator is brawn's RNG (PCG), not PyTorch's Mersenne Twister, so the
// weights follow PyTorch's distributions but are not PyTorch's numbers
// for the same seed. Before any call the generator is seeded with
// PyTorch's initial seed, 67280421310721, so a program that never calls it
// is reproducible too.
//
// The generator is safe for concurrent use, but layers built on several
// goroutines at once draw in an unspecified order; seed such models with
// Sequential.ResetParameters or Sequential.Init, which take their own RNG.
// ManualSeed does not affect shuffling or dropout, whose generators are
// Trainer.RNG and Sequential.SetRNG.
func ManualSeed(seed uint64) {
	defaultMu.Lock()
	defaultGen = NewRNG(seed)
	defaultMu.Unlock()
}

// resetFromDefault calls r.ResetParameters with the default generator.
func resetFromDefault(r parameterResetter) {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	r.ResetParameters(defaultGen)
}

// parameterResetter is a layer that returns its parameters and buffers to
// their PyTorch defaults (torch.nn.Module.reset_parameters), drawing from
// rng where the defaults are random.
type parameterResetter interface {
	ResetParameters(rng *RNG)
}

// ResetParameters returns every layer's parameters and buffers to
// PyTorch's defaults, in layer order, drawing from rng: each Linear's
// weight from kaiming_uniform_(a=√5), i.e. U(−1/√in, 1/√in) (PyTorchLinear),
// then its bias from U(−1/√in, 1/√in) (PyTorchLinearBias), each Conv2d's
// alike with in = in_channels/groups·kh·kw; each BatchNorm1d back to weight 1, bias 0 and fresh running statistics. It is
// what the layer constructors did, from an explicit generator instead of
// the default one, so the weights depend on rng alone (whichever goroutine
// builds the model). Layers of other packages take part if they have a
// ResetParameters(*RNG) method. A nil rng means the default generator.
func (s *Sequential) ResetParameters(rng *RNG) {
	if rng == nil {
		resetFromDefault(s)
		return
	}
	for _, l := range s.Layers {
		if r, ok := l.(parameterResetter); ok {
			r.ResetParameters(rng)
		}
	}
}
