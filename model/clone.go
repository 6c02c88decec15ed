package model

import (
	"fmt"

	"github.com/brawn-ml/brawn/nn"
)

// Clone returns a copy of m whose network is its own: the same layers,
// parameters and buffers (BatchNorm's running statistics), mode, thread
// count and dropout generator state, in new memory, as copy.deepcopy
// gives in PyTorch. A network keeps its activations in its layers, so one
// Model (or nn.Sequential) must not run on two goroutines at once; a
// server gives each goroutine a clone (a sync.Pool of them, say). The
// copy shares the rest of m (class names, scaler, history, training
// state), which inference only reads.
//
// Like Load, it builds the network with nn's constructors, which draw
// initial weights from nn's default generator (see nn.ManualSeed) before
// m's are copied in. It returns an error if m's network has no module
// string (layers of other packages; see SpecOf).
func (m *Model) Clone() (*Model, error) {
	net, err := CloneNet(m.Net)
	if err != nil {
		return nil, err
	}
	c := *m
	c.Net = net
	return &c, nil
}

// CloneNet returns a copy of net with its own layers: see Model.Clone. It
// fails as Clone does when SpecOf cannot describe net, and also if the
// network built from that description refuses net's state_dict.
func CloneNet(net *nn.Sequential) (*nn.Sequential, error) {
	spec, err := SpecOf(net)
	if err != nil {
		return nil, fmt.Errorf("cloning the network: %w", err)
	}
	c, err := spec.Build()
	if err != nil {
		return nil, fmt.Errorf("cloning the network: %w", err)
	}
	if err := c.LoadStateDict((&Model{Net: net}).Weights()); err != nil {
		return nil, fmt.Errorf("cloning the network: %w", err)
	}
	c.SetThreads(net.Threads())
	if r := net.RNG(); r != nil {
		hi, lo := r.State()
		cr := nn.NewRNG(0)
		cr.SetState(hi, lo)
		c.SetRNG(cr)
	}
	if net.Training() {
		c.Train()
	} else {
		c.Eval()
	}
	return c, nil
}
