package callbacks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Finite weights and gradients whose float32 sums of squares overflow
// (values of 1e20 and more) have finite norms: the layers at the top of
// the network and inside a Residual block, and CheckDivergence does not
// call them diverged.
func TestLinearHealthNormsOfHugeFiniteValues(t *testing.T) {
	net := cnnHealthNet(t)
	var want []float64
	for _, i := range []int{0, 7} {
		w := net.Layers[i].Params()[0]
		want = append(want, fillHuge(w.Value.Data, 3e37), fillHuge(w.Grad.Data, 1e30))
	}
	conv := net.Layers[4].(*nn.Residual).F[0].(*nn.Conv2d)
	want = append(want, fillHuge(conv.Weight.Value.Data, math.MaxFloat32), fillHuge(conv.Weight.Grad.Data, 2e19))

	lh := LinearHealth(net, net.Stats())
	require.Len(t, lh, 4)
	got := []float64{lh[0].WeightNorm, lh[0].GradNorm, lh[3].WeightNorm, lh[3].GradNorm, lh[1].WeightNorm, lh[1].GradNorm}
	for i := range want {
		assert.InEpsilon(t, want[i], got[i], 1e-6, "norm %d", i)
	}
	h := &Health{}
	assert.NoError(t, h.CheckDivergence(1, 0.5, lh))
}

// fillHuge sets x to ±v alternately and returns its L2 norm, v·√len(x).
func fillHuge(x []float32, v float64) float64 {
	for i := range x {
		x[i] = float32(v)
		if i%2 == 1 {
			x[i] = -x[i]
		}
	}
	return float64(float32(v)) * math.Sqrt(float64(len(x)))
}
