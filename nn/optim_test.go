package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// oneParam returns a single KindWeight parameter holding w.
func oneParam(w ...float32) *Param {
	p := newParam("weight", KindWeight, len(w))
	p.Name = "0.weight"
	copy(p.Value.Data, w)
	return p
}

// stepWith sets the gradient and takes one optimizer step.
func stepWith(o Optimizer, p *Param, g ...float32) {
	copy(p.Grad.Data, g)
	o.Step()
}

func requireSlice(t *testing.T, want []float64, got []float32, tol float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		require.InDeltaf(t, want[i], float64(got[i]), tol, "%s[%d]", msg, i)
	}
}

// TestAdamFirstSteps checks two Adam steps against the update of Kingma &
// Ba 2015, Algorithm 1, as torch.optim.Adam arranges it (docs of
// torch.optim.Adam): lr 0.1, betas (0.9, 0.999), eps 1e-8, w = (1, -2),
// g1 = (0.5, -1), g2 = (-0.3, 2).
//
// Step 1: m = 0.1·g1 = (0.05, -0.1), v = 0.001·g1² = (2.5e-4, 1e-3);
// m̂ = g1, v̂ = g1², so w -= 0.1·g1/(|g1|+1e-8) = (0.9, -1.9).
// Step 2: m = 0.9·m + 0.1·g2 = (0.015, 0.11),
// v = 0.999·v + 0.001·g2² = (3.3975e-4, 4.999e-3);
// w -= 0.1/(1−0.81)·m / (sqrt(v)/sqrt(1−0.998001) + 1e-8)
// = (0.9 − 0.01914980, −1.9 − 0.03661035) = (0.88085020, −1.93661035).
func TestAdamFirstSteps(t *testing.T) {
	p := oneParam(1, -2)
	o, err := NewAdam(Groups([]*Param{p}, 0.1, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	stepWith(o, p, 0.5, -1)
	requireSlice(t, []float64{0.9, -1.9}, p.Value.Data, 1e-6, "w after step 1")
	stepWith(o, p, -0.3, 2)
	requireSlice(t, []float64{0.8808501989, -1.9366103535}, p.Value.Data, 2e-6, "w after step 2")
	st := o.Export()
	requireSlice(t, []float64{0.015, 0.11}, st.Tensors["0.weight.exp_avg"], 1e-7, "exp_avg")
	// kernels.AdamStep forms 1−β2 in float32 (1−float32(0.999) is off by
	// 1.3e-5 relative), so v carries that relative error.
	requireSlice(t, []float64{3.3975e-4, 4.999e-3}, st.Tensors["0.weight.exp_avg_sq"], 1e-7, "exp_avg_sq")
	require.Equal(t, 2.0, st.Scalars["step"])
}

var threeGrads = [][]float32{{0.5, -1}, {-0.3, 2}, {0.2, 0.1}}

// runSteps takes len(want) steps with threeGrads from w = (1, -2) and
// checks w after each.
func runSteps(t *testing.T, o Optimizer, p *Param, want [][]float64, tol float64) {
	t.Helper()
	for s, w := range want {
		stepWith(o, p, threeGrads[s]...)
		requireSlice(t, w, p.Value.Data, tol, o.Name()+" step "+string(rune('1'+s)))
	}
}

// TestSGDFirstSteps follows torch.optim.SGD's documented algorithm (lr 0.1,
// w = (1, -2), gradients (0.5, -1), (-0.3, 2), (0.2, 0.1)).
func TestSGDFirstSteps(t *testing.T) {
	t.Run("weight decay 0.01", func(t *testing.T) {
		// g += 0.01·w; w −= 0.1·g:
		// step 1: g = (0.51, −1.02) → w = (0.949, −1.898);
		// step 2: g = (−0.29051, 1.98102) → w = (0.978051, −2.096102).
		p := oneParam(1, -2)
		o, err := NewSGD(Groups([]*Param{p}, 0.1, 0.01, true), SGDConfig{})
		require.NoError(t, err)
		runSteps(t, o, p, [][]float64{{0.949, -1.898}, {0.978051, -2.096102}, {0.957072949, -2.104005898}}, 1e-6)
	})
	t.Run("momentum 0.9 dampening 0.1", func(t *testing.T) {
		// step 1: b = g = (0.5, −1) → w = (0.95, −1.9);
		// step 2: b = 0.9·b + 0.9·g = (0.18, 0.9) → w = (0.932, −1.99);
		// step 3: b = 0.9·(0.18, 0.9) + 0.9·(0.2, 0.1) = (0.342, 0.9) → w = (0.8978, −2.08).
		p := oneParam(1, -2)
		o, err := NewSGD(Groups([]*Param{p}, 0.1, 0, false), SGDConfig{Momentum: 0.9, Dampening: 0.1})
		require.NoError(t, err)
		runSteps(t, o, p, [][]float64{{0.95, -1.9}, {0.932, -1.99}, {0.8978, -2.08}}, 1e-6)
	})
	t.Run("nesterov 0.9", func(t *testing.T) {
		// step 1: b = g, g' = g + 0.9·b = 1.9·g → w = (0.905, −1.81);
		// step 2: b = 0.9·(0.5, −1) + (−0.3, 2) = (0.15, 1.1),
		// g' = (−0.3, 2) + 0.9·b = (−0.165, 2.99) → w = (0.9215, −2.109).
		p := oneParam(1, -2)
		o, err := NewSGD(Groups([]*Param{p}, 0.1, 0, false), SGDConfig{Momentum: 0.9, Nesterov: true})
		require.NoError(t, err)
		runSteps(t, o, p, [][]float64{{0.905, -1.81}, {0.9215, -2.109}, {0.87135, -2.2171}}, 1e-6)
	})
	_, err := NewSGD(Groups([]*Param{oneParam(1)}, 0.1, 0, false), SGDConfig{Nesterov: true})
	require.Error(t, err, "Nesterov without momentum")
}

// TestAdamWFirstSteps follows torch.optim.AdamW (Loshchilov & Hutter 2019,
// Algorithm 2 as PyTorch implements it): w *= 1 − lr·wd, then the Adam
// update. lr 0.1, wd 0.1: step 1 w = (0.99·1 − 0.1, 0.99·(−2) + 0.1) =
// (0.89, −1.88); step 2 = (0.99·0.89 − 0.01914980, 0.99·(−1.88) −
// 0.03661035).
func TestAdamWFirstSteps(t *testing.T) {
	p := oneParam(1, -2)
	o, err := NewAdamW(Groups([]*Param{p}, 0.1, 0.1, false), DefaultAdamConfig())
	require.NoError(t, err)
	require.Equal(t, "AdamW", o.Name())
	runSteps(t, o, p, [][]float64{{0.89, -1.88}, {0.8619501989, -1.8978103535}}, 2e-6)
}

// TestAdamL2WeightDecay: torch.optim.Adam adds wd·w to the gradient before
// the moments. With wd = 0.2 and w = (1, −2), g1 = (0.5, −1) becomes
// (0.7, −1.4); the first step is lr·sign(g) whatever its size, so
// w = (0.9, −1.9), but the moments hold the decayed gradient.
func TestAdamL2WeightDecay(t *testing.T) {
	p := oneParam(1, -2)
	o, err := NewAdam(Groups([]*Param{p}, 0.1, 0.2, false), DefaultAdamConfig())
	require.NoError(t, err)
	stepWith(o, p, 0.5, -1)
	requireSlice(t, []float64{0.9, -1.9}, p.Value.Data, 1e-6, "w")
	requireSlice(t, []float64{0.07, -0.14}, o.Export().Tensors["0.weight.exp_avg"], 1e-7, "exp_avg")
}

// TestRMSpropFirstSteps follows torch.optim.RMSprop's documented algorithm.
func TestRMSpropFirstSteps(t *testing.T) {
	t.Run("plain", func(t *testing.T) {
		// lr 0.01, α 0.99: step 1 v = 0.01·g² so g/sqrt(v) = 10·sign(g),
		// w = (1 − 0.1, −2 + 0.1) = (0.9, −1.9) (eps shifts it by 2e-8);
		// step 2 v = (0.99·0.0025 + 0.01·0.09, 0.99·0.01 + 0.01·4) =
		// (0.003375, 0.0499), w −= 0.01·g/sqrt(v) = (+0.0516398, −0.0895323).
		p := oneParam(1, -2)
		o, err := NewRMSprop(Groups([]*Param{p}, 0.01, 0, false), DefaultRMSpropConfig())
		require.NoError(t, err)
		runSteps(t, o, p, [][]float64{{0.90000002, -1.90000001}, {0.9516397891, -1.9895323022}}, 2e-6)
	})
	t.Run("centered with momentum 0.9", func(t *testing.T) {
		// step 1: v = 0.01·g², ḡ = 0.01·g, d = sqrt(v − ḡ²) = sqrt(0.0099)·|g|,
		// b = g/d = ±10.0503782, w −= 0.01·b → (0.8994962, −1.8994962).
		p := oneParam(1, -2)
		cfg := DefaultRMSpropConfig()
		cfg.Centered, cfg.Momentum = true, 0.9
		o, err := NewRMSprop(Groups([]*Param{p}, 0.01, 0, false), cfg)
		require.NoError(t, err)
		runSteps(t, o, p, [][]float64{{0.8994962387, -1.8994962286}, {0.8607117375, -1.8986667820}}, 2e-6)
	})
}

// TestAdagradFirstSteps follows torch.optim.Adagrad's documented algorithm
// with lr 0.1, lr_decay 0.5, initial_accumulator_value 0.1: step 1
// s = 0.1 + g² = (0.35, 1.1), w −= 0.1·g/sqrt(s) = (0.0845154, −0.0953463);
// step 2 clr = 0.1/1.5, s = (0.44, 5.1).
func TestAdagradFirstSteps(t *testing.T) {
	p := oneParam(1, -2)
	o, err := NewAdagrad(Groups([]*Param{p}, 0.1, 0, false), AdagradConfig{LRDecay: 0.5, InitialAccumulatorValue: 0.1, Eps: 1e-10})
	require.NoError(t, err)
	runSteps(t, o, p, [][]float64{{0.9154845745, -1.9046537411}, {0.9456357090, -1.9636947335}}, 2e-6)
}

func TestGroupsSkipBiasAndNorm(t *testing.T) {
	m, err := NewSequential(3, NewLinear(3, 4), NewBatchNorm1d(4), NewReLU(), NewLinear(4, 2))
	require.NoError(t, err)
	g := Groups(m.Params(), 0.1, 0.01, false)
	require.Len(t, g, 2)
	var decayed, plain []string
	for _, p := range g[0].Params {
		decayed = append(decayed, p.Name)
	}
	for _, p := range g[1].Params {
		plain = append(plain, p.Name)
	}
	require.Equal(t, []string{"0.weight", "3.weight"}, decayed)
	require.Equal(t, []string{"0.bias", "1.weight", "1.bias", "3.bias"}, plain)
	require.Equal(t, 0.01, g[0].WeightDecay)
	require.Equal(t, 0.0, g[1].WeightDecay)
	require.Len(t, Groups(m.Params(), 0.1, 0.01, true), 1)
}

// TestOptimizerStateRoundTrip: a fresh optimizer given another's exported
// state continues with bit-identical updates.
func TestOptimizerStateRoundTrip(t *testing.T) {
	mk := map[string]func([]*ParamGroup) (Optimizer, error){
		"sgd":  func(g []*ParamGroup) (Optimizer, error) { return NewSGD(g, SGDConfig{Momentum: 0.9, Nesterov: true}) },
		"adam": func(g []*ParamGroup) (Optimizer, error) { return NewAdam(g, DefaultAdamConfig()) },
		"rmsprop": func(g []*ParamGroup) (Optimizer, error) {
			return NewRMSprop(g, RMSpropConfig{Alpha: 0.9, Eps: 1e-8, Momentum: 0.5, Centered: true})
		},
		"adagrad": func(g []*ParamGroup) (Optimizer, error) { return NewAdagrad(g, DefaultAdagradConfig()) },
	}
	for name, f := range mk {
		t.Run(name, func(t *testing.T) {
			a, b := oneParam(1, -2), oneParam(0, 0)
			oa, err := f(Groups([]*Param{a}, 0.05, 0.01, true))
			require.NoError(t, err)
			stepWith(oa, a, threeGrads[0]...)
			stepWith(oa, a, threeGrads[1]...)
			ob, err := f(Groups([]*Param{b}, 0.05, 0.01, true))
			require.NoError(t, err)
			require.NoError(t, ob.Import(oa.Export()))
			copy(b.Value.Data, a.Value.Data)
			stepWith(oa, a, threeGrads[2]...)
			stepWith(ob, b, threeGrads[2]...)
			require.Equal(t, a.Value.Data, b.Value.Data)
		})
	}
}

// TestOptimizersMatchPyTorch compares with the weights Debian's
// python3-torch 1.13.1 produced for the same runs (float32 parameters
// w = (1, −2), the gradients of threeGrads, torch.optim defaults but for
// the arguments listed), printed with 10 decimals:
//
//	w = torch.nn.Parameter(torch.tensor([1.0, -2.0])); o = Opt([w], ...)
//	for g in grads: w.grad = torch.tensor(g); o.step()
//
// SGD, RMSprop and Adagrad agree to the bit; Adam differs by at most one
// float32 ulp, because kernels.AdamStep folds lr/(1−β1^t) into one factor
// and forms 1−β in float32.
func TestOptimizersMatchPyTorch(t *testing.T) {
	cases := []struct {
		name  string
		lr    float64
		wd    float64
		make  func([]*ParamGroup) (Optimizer, error)
		torch [][2]float32
		ulps  int
	}{
		{"SGD(lr=0.1, weight_decay=0.01)", 0.1, 0.01,
			func(g []*ParamGroup) (Optimizer, error) { return NewSGD(g, SGDConfig{}) },
			[][2]float32{{0.949000001, -1.8980000019}, {0.9780510068, -2.0961019993}, {0.9570729733, -2.1040058136}}, 0},
		{"SGD(lr=0.1, momentum=0.9, dampening=0.1)", 0.1, 0,
			func(g []*ParamGroup) (Optimizer, error) { return NewSGD(g, SGDConfig{Momentum: 0.9, Dampening: 0.1}) },
			[][2]float32{{0.9499999881, -1.8999999762}, {0.9319999814, -1.9900000095}, {0.8977999687, -2.0799999237}}, 0},
		{"SGD(lr=0.1, momentum=0.9, nesterov=True)", 0.1, 0,
			func(g []*ParamGroup) (Optimizer, error) { return NewSGD(g, SGDConfig{Momentum: 0.9, Nesterov: true}) },
			[][2]float32{{0.9049999714, -1.8099999428}, {0.9214999676, -2.1089999676}, {0.8713499904, -2.217099905}}, 0},
		{"RMSprop(lr=0.01)", 0.01, 0,
			func(g []*ParamGroup) (Optimizer, error) { return NewRMSprop(g, DefaultRMSpropConfig()) },
			[][2]float32{{0.9000000358, -1.8999999762}, {0.9516398311, -1.9895322323}}, 0},
		{"RMSprop(lr=0.01, centered=True, momentum=0.9)", 0.01, 0,
			func(g []*ParamGroup) (Optimizer, error) {
				c := DefaultRMSpropConfig()
				c.Centered, c.Momentum = true, 0.9
				return NewRMSprop(g, c)
			},
			[][2]float32{{0.8994962573, -1.8994961977}, {0.8607117534, -1.8986667395}}, 0},
		{"Adagrad(lr=0.1, lr_decay=0.5, initial_accumulator_value=0.1)", 0.1, 0,
			func(g []*ParamGroup) (Optimizer, error) {
				return NewAdagrad(g, AdagradConfig{LRDecay: 0.5, InitialAccumulatorValue: 0.1, Eps: 1e-10})
			},
			[][2]float32{{0.9154845476, -1.9046537876}, {0.9456356764, -1.9636948109}}, 0},
		{"Adam(lr=0.1)", 0.1, 0,
			func(g []*ParamGroup) (Optimizer, error) { return NewAdam(g, DefaultAdamConfig()) },
			[][2]float32{{0.9000000358, -1.8999999762}, {0.8808502555, -1.9366103411}}, 1},
		{"AdamW(lr=0.1, weight_decay=0.1)", 0.1, 0.1,
			func(g []*ParamGroup) (Optimizer, error) { return NewAdamW(g, DefaultAdamConfig()) },
			[][2]float32{{0.8900000453, -1.8799999952}, {0.8619502783, -1.8978103399}}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := oneParam(1, -2)
			o, err := c.make(Groups([]*Param{p}, c.lr, c.wd, true))
			require.NoError(t, err)
			for s, want := range c.torch {
				stepWith(o, p, threeGrads[s]...)
				for i := range want {
					d := int64(math.Float32bits(p.Value.Data[i])) - int64(math.Float32bits(want[i]))
					require.LessOrEqualf(t, max(d, -d), int64(c.ulps), "step %d w[%d]: got %.10f, torch %.10f", s+1, i, p.Value.Data[i], want[i])
				}
			}
		})
	}
}

// Every optimizer refuses a learning rate or weight decay that is negative,
// NaN or infinite; a learning rate of 0 (a frozen group) is accepted.
func TestOptimizersRefuseBadHyperparameters(t *testing.T) {
	p := oneParam(1)
	build := map[string]func([]*ParamGroup) error{
		"sgd":     func(g []*ParamGroup) error { _, err := NewSGD(g, SGDConfig{Momentum: 0.9}); return err },
		"adam":    func(g []*ParamGroup) error { _, err := NewAdam(g, DefaultAdamConfig()); return err },
		"adamw":   func(g []*ParamGroup) error { _, err := NewAdamW(g, DefaultAdamConfig()); return err },
		"rmsprop": func(g []*ParamGroup) error { _, err := NewRMSprop(g, DefaultRMSpropConfig()); return err },
		"adagrad": func(g []*ParamGroup) error { _, err := NewAdagrad(g, DefaultAdagradConfig()); return err },
	}
	for name, b := range build {
		for _, lr := range []float64{-0.1, math.NaN(), math.Inf(1), math.Inf(-1)} {
			err := b([]*ParamGroup{{Params: []*Param{p}, LR: lr}})
			require.ErrorContains(t, err, fmt.Sprintf("nn: parameter group 0: learning rate %g must be a finite number >= 0", lr), name)
		}
		for _, wd := range []float64{-1, math.NaN(), math.Inf(1)} {
			err := b([]*ParamGroup{{Params: []*Param{p}, LR: 0.1, WeightDecay: wd}})
			require.ErrorContains(t, err, fmt.Sprintf("nn: parameter group 0: weight decay %g must be a finite number >= 0", wd), name)
		}
		require.NoError(t, b([]*ParamGroup{{Params: []*Param{p}, LR: 0}}), name)
	}
}
