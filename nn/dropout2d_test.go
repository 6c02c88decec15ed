package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDropout2d: whole channels are zeroed, about P of them, the others
// scaled by 1/(1−P); Backward applies the same mask; evaluation is the
// identity and draws nothing; the draws follow Dropout's order.
func TestDropout2d(t *testing.T) {
	env := &Env{Training: true, RNG: NewRNG(61)}
	d := NewDropout2d(0.3)
	buildLayer(t, d, Shape{50, 3, 4}, env)
	x := NewTensor(200, 50, 3, 4)
	for i := range x.Data {
		x.Data[i] = 2
	}
	hi, lo := env.RNG.State()
	y := d.Forward(x)
	// The mask is Dropout's over one value per channel.
	want := dropoutMask(nil, 200*50, 0.3, func() *RNG { r := NewRNG(0); r.SetState(hi, lo); return r }())
	kept, mixed := 0, 0
	for p := range 200 * 50 {
		plane := y.Data[p*12 : (p+1)*12]
		for _, v := range plane {
			if v != plane[0] {
				mixed++
			}
		}
		require.Equal(t, 2*want[p], plane[0], "plane %d", p)
		if plane[0] != 0 {
			kept++
			require.InDelta(t, 2/0.7, float64(plane[0]), 1e-6)
		}
	}
	require.Zero(t, mixed, "a channel is dropped or kept whole")
	// Binomial(10000, 0.7): standard deviation 0.0046, 0.7 ± 0.025 is 5σ.
	require.InDelta(t, 0.7, float64(kept)/10000, 0.025)
	dy := NewTensor(200, 50, 3, 4)
	for i := range dy.Data {
		dy.Data[i] = 1
	}
	dx := d.Backward(dy, true)
	for i, v := range y.Data {
		if v/2 != dx.Data[i] {
			t.Fatalf("dx[%d] = %g, the forward mask gives %g", i, dx.Data[i], v/2)
		}
	}
	env.Training = false
	hi, lo = env.RNG.State()
	require.Same(t, x, d.Forward(x))
	require.Same(t, dy, d.Backward(dy, true))
	h2, l2 := env.RNG.State()
	require.Equal(t, [2]uint64{hi, lo}, [2]uint64{h2, l2})
	env.Training = true
	d1 := NewDropout2d(1)
	buildLayer(t, d1, Shape{50, 3, 4}, env)
	require.Zero(t, sumAbs(d1.Forward(x).Data))
	d0 := NewDropout2d(0)
	buildLayer(t, d0, Shape{50, 3, 4}, env)
	require.Same(t, x, d0.Forward(x))
	_, err := NewDropout2d(0.5).Build(Shape{12}, env)
	require.EqualError(t, err, "Dropout2d(p=0.5) takes input of shape [C, H, W], got [12]")
	require.Panics(t, func() { NewDropout2d(math.NaN()) })
	require.Panics(t, func() { NewDropout(math.NaN()) })
}

func TestDropout2dGradient(t *testing.T) {
	checkLayer(t, NewDropout2d(0.4), Shape{4, 3, 2}, 3, 62)
}
