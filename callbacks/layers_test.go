package callbacks

import (
	"math"
	"strings"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// One entry per Linear layer, with the dead fraction of the ReLU after it
// (past a BatchNorm1d), and -1 for the output layer.
func TestLinearHealth(t *testing.T) {
	net, err := nn.NewSequential(4, nn.NewLinear(4, 8), nn.NewBatchNorm1d(8), nn.NewReLU(), nn.NewLinear(8, 3))
	require.NoError(t, err)
	stats := []nn.LayerStats{
		{Type: "Linear", WeightNorm: 2, GradNorm: 0.5},
		{Type: "BatchNorm1d"},
		{Type: "ReLU", HasDead: true, Dead: 0.25},
		{Type: "Linear", WeightNorm: 3, GradNorm: 0.1},
	}
	assert.Equal(t, []LayerHealth{
		{Layer: "0 (Linear 4->8)", Index: "0", WeightNorm: 2, GradNorm: 0.5, Elements: 32, DeadFraction: 0.25},
		{Layer: "3 (Linear 8->3)", Index: "3", WeightNorm: 3, GradNorm: 0.1, Elements: 24, DeadFraction: -1},
	}, LinearHealth(net, stats))
	assert.Equal(t, "2 (ReLU)", LayerLabel(net, 2))
}

// cnnHealthNet is a small ResNet-like CNN for 1×6×6 images: Conv2d 0,
// a residual block of two Conv2d (4.f.0, 4.f.2) and the Linear 7.
func cnnHealthNet(t *testing.T) *nn.Sequential {
	t.Helper()
	s, err := model.ParseModuleFor("Sequential(Conv2d(1, 2, 3, padding=1), BatchNorm2d(2), ReLU(), MaxPool2d(2), "+
		"Residual(Sequential(Conv2d(2, 2, 3, padding=1), ReLU(), Conv2d(2, 2, 1))), ReLU(), Flatten(), Linear(18, 3))", nn.Shape{1, 6, 6})
	require.NoError(t, err)
	net, err := s.Build()
	require.NoError(t, err)
	return net
}

// Conv2d layers get an entry, and so do the weight layers inside a
// Residual block, named by their state_dict path, with the dead fraction
// of the ReLU after them.
func TestLinearHealthCNN(t *testing.T) {
	net := cnnHealthNet(t)
	net.Train()
	net.SetTrackHealth(true)
	x := nn.NewTensor(4, 36)
	for i := range x.Data {
		x.Data[i] = float32(i%7) - 3
	}
	y := net.Forward(x)
	dy := nn.NewTensor(y.Shape...)
	for i := range dy.Data {
		dy.Data[i] = 0.1
	}
	net.Backward(dy)
	lh := LinearHealth(net, net.Stats())
	var labels []string
	for _, h := range lh {
		labels = append(labels, h.Layer)
	}
	assert.Equal(t, []string{"0 (Conv2d 1->2 3x3)", "4.f.0 (Conv2d 2->2 3x3)", "4.f.2 (Conv2d 2->2 1x1)", "7 (Linear 18->3)"}, labels)
	assert.Equal(t, []string{"0", "4.f.0", "4.f.2", "7"}, []string{lh[0].Index, lh[1].Index, lh[2].Index, lh[3].Index})
	assert.Equal(t, []int{18, 36, 4, 54}, []int{lh[0].Elements, lh[1].Elements, lh[2].Elements, lh[3].Elements})

	stats := net.Stats()
	assert.Equal(t, stats[0].WeightNorm, lh[0].WeightNorm)
	assert.Equal(t, stats[2].Dead, lh[0].DeadFraction, "the ReLU after the BatchNorm2d")
	inner := net.Layers[4].(*nn.Residual)
	conv := inner.F[0].(*nn.Conv2d)
	want, wantGrad := 0.0, 0.0
	for i, w := range conv.Weight.Value.Data {
		want += float64(w) * float64(w)
		wantGrad += float64(conv.Weight.Grad.Data[i]) * float64(conv.Weight.Grad.Data[i])
	}
	assert.InDelta(t, math.Sqrt(want), lh[1].WeightNorm, 1e-6)
	assert.InDelta(t, math.Sqrt(wantGrad), lh[1].GradNorm, 1e-6)
	assert.Greater(t, lh[1].GradNorm, 0.0)
	dead, ok := inner.F[1].(*nn.ReLU).DeadFraction()
	require.True(t, ok)
	assert.Equal(t, dead, lh[1].DeadFraction)
	assert.Equal(t, -1.0, lh[2].DeadFraction, "no ReLU inside the block after it")
	assert.Equal(t, -1.0, lh[3].DeadFraction)
}

// The warnings watch a Conv2d inside a Residual block: its weights
// collapsing are named by its path.
func TestHealthWarnsInsideResidual(t *testing.T) {
	net := cnnHealthNet(t)
	h := &Health{}
	h.Baseline(LinearHealth(net, net.Stats()))
	conv := net.Layers[4].(*nn.Residual).F[2].(*nn.Conv2d)
	for i := range conv.Weight.Value.Data {
		conv.Weight.Value.Data[i] *= 1e-3
	}
	var collapse []string
	for _, w := range h.Check(1, 0.5, LinearHealth(net, net.Stats())) {
		if strings.Contains(w, "weights collapse") {
			collapse = append(collapse, w)
		}
	}
	require.Len(t, collapse, 1)
	assert.Contains(t, collapse[0], "layer 4.f.2 (Conv2d 2->2 1x1): weights collapse toward zero")
}
