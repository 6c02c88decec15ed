package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func moments(w []float32) (mean, variance, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range w {
		mean += float64(v)
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	mean /= float64(len(w))
	for _, v := range w {
		d := float64(v) - mean
		variance += d * d
	}
	return mean, variance / float64(len(w)), lo, hi
}

// TestInitializerStatistics draws 200×300 values per initializer with a
// fixed seed and checks the bounds, the mean (within 5 standard errors) and
// the variance (within 3%) of each definition in torch.nn.init: U(-a, a)
// has variance a²/3.
func TestInitializerStatistics(t *testing.T) {
	const fanIn, fanOut = 300, 200
	n := fanIn * fanOut
	xavierA := math.Sqrt(6.0 / (fanIn + fanOut))
	cases := []struct {
		name  string
		init  Initializer
		bound float64 // 0: unbounded (normal)
		std   float64
	}{
		{"uniform", Uniform{Low: -0.5, High: 0.5}, 0.5, 0.5 / math.Sqrt(3)},
		{"normal", Normal{Std: 0.2}, 0, 0.2},
		{"xavier uniform gain 2", XavierUniform{Gain: 2}, 2 * xavierA, 2 * xavierA / math.Sqrt(3)},
		{"xavier normal", XavierNormal{}, 0, math.Sqrt(2.0 / (fanIn + fanOut))},
		{"he uniform fan_in", KaimingUniform{}, math.Sqrt(6.0 / fanIn), math.Sqrt(2.0 / fanIn)},
		{"he uniform fan_out", KaimingUniform{Mode: FanOut}, math.Sqrt(6.0 / fanOut), math.Sqrt(2.0 / fanOut)},
		{"he normal leaky 0.2", KaimingNormal{A: 0.2}, 0, math.Sqrt(2/1.04) / math.Sqrt(fanIn)},
		{"lecun uniform", LeCunUniform{}, math.Sqrt(3.0 / fanIn), 1 / math.Sqrt(fanIn)},
		{"lecun normal", LeCunNormal{}, 0, 1 / math.Sqrt(fanIn)},
		{"pytorch linear", PyTorchLinear{}, 1 / math.Sqrt(fanIn), 1 / math.Sqrt(3*fanIn)},
		{"pytorch linear bias", PyTorchLinearBias{}, 1 / math.Sqrt(fanIn), 1 / math.Sqrt(3*fanIn)},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := make([]float32, n)
			c.init.Fill(w, fanIn, fanOut, NewRNG(uint64(100+i)))
			mean, v, lo, hi := moments(w)
			require.InDelta(t, 0, mean, 5*c.std/math.Sqrt(float64(n)))
			require.InDelta(t, c.std*c.std, v, 0.03*c.std*c.std)
			if c.bound > 0 {
				require.GreaterOrEqual(t, lo, -c.bound-1e-7)
				require.LessOrEqual(t, hi, c.bound+1e-7)
				require.Greater(t, hi, 0.99*c.bound, "the range is used")
			}
		})
	}
	w := []float32{1, 2}
	Zeros{}.Fill(w, 1, 1, nil)
	require.Equal(t, []float32{0, 0}, w)
	Constant{Value: 0.25}.Fill(w, 1, 1, nil)
	require.Equal(t, []float32{0.25, 0.25}, w)
}

func TestGain(t *testing.T) {
	for nl, want := range map[Nonlinearity]float64{
		NLLinear: 1, NLSigmoid: 1, NLTanh: 5.0 / 3, NLReLU: math.Sqrt2, NLSELU: 0.75,
	} {
		g, err := Gain(nl, 0)
		require.NoError(t, err)
		require.Equal(t, want, g, string(nl))
	}
	g, err := Gain(NLLeakyReLU, 0.01)
	require.NoError(t, err)
	require.InDelta(t, math.Sqrt(2/1.0001), g, 1e-15)
	_, err = Gain("swish", 0)
	require.Error(t, err)
}

func TestInitSameSeedSameWeights(t *testing.T) {
	build := func() *Sequential {
		m, err := NewSequential(5, NewLinear(5, 4), NewReLU(), NewLinear(4, 3))
		require.NoError(t, err)
		m.Init(NewRNG(9), HeNormal{}, nil)
		return m
	}
	a, b := build(), build()
	for i, p := range a.Params() {
		require.Equal(t, p.Value.Data, b.Params()[i].Value.Data)
	}
	for _, v := range a.Params()[1].Value.Data {
		require.Equal(t, float32(0), v, "biases start at zero")
	}
}
