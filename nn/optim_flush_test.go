package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// AMSGrad's Go update stores subnormal moments as zero, as kernels.AdamStep
// does for Adam: a dead unit's weight stays as it was.
func TestAMSGradFlushesSubnormalMoments(t *testing.T) {
	s := amsgradStep{b1: 0.9, omb1: 0.1, b2: 0.999, omb2: 0.001, eps: 1e-8, decay: 1, stepSize: 1e-3, bc2Sqrt: 1}
	w, g := []float32{0.5, 0.5}, []float32{0, 0}
	m := []float32{math.Float32frombits(3), 0x1p-126}
	v := []float32{math.Float32frombits(1000), 0x1p-126}
	vmax := []float32{0, 0}
	s.update(w, g, m, v, vmax)
	for i := range w {
		require.Equal(t, [4]float32{0.5, 0, 0, 0}, [4]float32{w[i], m[i], v[i], vmax[i]}, "element %d: w, m, v, vmax", i)
		require.False(t, math.Signbit(float64(m[i])) || math.Signbit(float64(v[i])), "element %d: +0", i)
	}
}

// RMSprop stores its buffers' subnormal values as zero too, centered and
// with momentum: a dead unit's weight stays as it was.
func TestRMSpropFlushesSubnormalBuffers(t *testing.T) {
	p := newParam("weight", KindWeight, 2)
	p.Value.Data[0], p.Value.Data[1] = 0.5, -0.5
	o, err := NewRMSprop([]*ParamGroup{{LR: 0.01, Params: []*Param{p}}}, RMSpropConfig{Alpha: 0.99, Eps: 1e-8, Momentum: 0.9, Centered: true})
	require.NoError(t, err)
	for _, name := range []string{"square_avg", "grad_avg", "momentum_buffer"} {
		b := o.bufs[name][0]
		b[0], b[1] = math.Float32frombits(3), -0x1p-126
	}
	o.Step()
	require.Equal(t, []float32{0.5, -0.5}, p.Value.Data)
	for _, name := range []string{"square_avg", "grad_avg", "momentum_buffer"} {
		b := o.bufs[name][0]
		require.Equal(t, [2]uint32{0, 0}, [2]uint32{math.Float32bits(b[0]), math.Float32bits(b[1])}, name)
	}
}
