package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/stretchr/testify/require"
)

// TestTrainerProvesAdamSteps checks that ordinary Adam (and SGD) training
// takes the proven path: no step is backed up (the guard's backup is never even
// allocated), and the weights are those of plain Steps on the same
// gradients, bit for bit.
func TestTrainerProvesAdamSteps(t *testing.T) {
	tr, b := wideMLP(t, 32, 1)
	ref, _ := wideMLP(t, 32, 1)
	opt, refOpt := tr.Optimizer.(*Adam), ref.Optimizer.(*Adam)
	for range 5 {
		_, _, err := tr.TrainBatch(b)
		require.NoError(t, err)
		require.Nil(t, opt.guard, "a proven step backs nothing up")
		require.True(t, opt.bounds.known)
		// The reference runs the same forward and backward, then a plain
		// Step with no guard and no proof.
		out := ref.Model.Forward(&b.X)
		_, err = ref.Loss.Forward(out, b)
		require.NoError(t, err)
		ref.Model.Backward(ref.Loss.Backward())
		refOpt.Step()
	}
	for i, p := range tr.Model.Params() {
		require.Equal(t, bits(ref.Model.Params()[i].Value.Data), bits(p.Value.Data), p.Name)
	}
	// A Step outside the Trainer changes the buffers without a proof: the
	// next proof measures them again.
	opt.Step()
	require.False(t, opt.bounds.known)
	_, _, err := tr.TrainBatch(b)
	require.NoError(t, err)
	require.True(t, opt.bounds.known)
	require.Nil(t, opt.guard)

	// SGD with Nesterov momentum and weight decay too.
	sgdMomentum(t, tr)
	for range 3 {
		_, _, err := tr.TrainBatch(b)
		require.NoError(t, err)
	}
	sgd := tr.Optimizer.(*SGD)
	require.Nil(t, sgd.guard, "a proven step backs nothing up")
	require.True(t, sgd.bounds.known)
}

// TestAdamProofRefuses checks the cases the proof must leave to the
// guarded update: an imported state with a huge first moment or a
// negative second moment, a weight that is not finite or near float32's
// limit, a parameter outside the model or in two groups, a gradient norm
// that is not finite or huge, and an eps of 0.
func TestAdamProofRefuses(t *testing.T) {
	build := func(cfg AdamConfig) (*Adam, *Param) {
		p := newParam("weight", KindWeight, 4, 5)
		for i := range p.Value.Data {
			p.Value.Data[i], p.Grad.Data[i] = float32(i)/7, 1-float32(i)/9
		}
		a, err := newAdam([]*ParamGroup{{Params: []*Param{p}, LR: 1e-3}}, cfg, false)
		require.NoError(t, err)
		return a, p
	}
	a, p := build(DefaultAdamConfig())
	model := []*Param{p}
	gnorm := GradNorm(model)
	require.True(t, a.proveStep(model, gnorm))
	a.Step()
	a.endProvenStep()

	for _, c := range []struct {
		name string
		edit func(a *Adam, p *Param) ([]*Param, float64)
	}{
		{"huge exp_avg", func(a *Adam, p *Param) ([]*Param, float64) {
			s := a.Export()
			s.Tensors["weight.exp_avg"][3] = 3e38
			require.NoError(t, a.Import(s))
			return []*Param{p}, gnorm
		}},
		{"negative exp_avg_sq", func(a *Adam, p *Param) ([]*Param, float64) {
			s := a.Export()
			s.Tensors["weight.exp_avg_sq"][0] = -1e-9
			require.NoError(t, a.Import(s))
			return []*Param{p}, gnorm
		}},
		{"NaN weight", func(_ *Adam, p *Param) ([]*Param, float64) {
			p.Value.Data[7] = float32(math.NaN())
			return []*Param{p}, gnorm
		}},
		{"infinite weight", func(_ *Adam, p *Param) ([]*Param, float64) {
			p.Value.Data[19] = float32(math.Inf(-1))
			return []*Param{p}, gnorm
		}},
		{"weight near the float32 limit", func(_ *Adam, p *Param) ([]*Param, float64) {
			p.Value.Data[2] = 1e37
			return []*Param{p}, gnorm
		}},
		{"parameter outside the model", func(_ *Adam, _ *Param) ([]*Param, float64) {
			return []*Param{newParam("other", KindWeight, 3)}, gnorm
		}},
		{"parameter in two groups", func(a *Adam, p *Param) ([]*Param, float64) {
			a.groups = append(a.groups, &ParamGroup{Params: []*Param{p}, LR: 1e-3})
			return []*Param{p}, gnorm
		}},
		{"infinite gradient norm", func(_ *Adam, p *Param) ([]*Param, float64) {
			return []*Param{p}, math.Inf(1)
		}},
		{"NaN gradient norm", func(_ *Adam, p *Param) ([]*Param, float64) {
			return []*Param{p}, math.NaN()
		}},
		{"huge gradient norm", func(_ *Adam, p *Param) ([]*Param, float64) {
			return []*Param{p}, 1e30
		}},
	} {
		a, p := build(DefaultAdamConfig())
		model, gn := c.edit(a, p)
		require.False(t, a.proveStep(model, gn), c.name)
		require.False(t, a.proven, c.name)
	}
	a, p = build(AdamConfig{Beta1: 0.9, Beta2: 0.999})
	require.False(t, a.proveStep([]*Param{p}, gnorm), "eps 0")
}

// TestProofSound runs Adam, AdamW, AMSGrad, SGD (plain, momentum, Nesterov,
// dampening), RMSprop (plain, momentum, centered) and Adagrad, with weights, gradients, learning rates, weight
// decays, betas, momenta and eps drawn over float32's range, on every
// kernel level, for several steps each, and checks the proof's promises
// whenever it proves a step: every weight and buffer is finite after it,
// and the carried bounds still bound the buffers. It also checks that the
// draws prove some steps and refuse some that do overflow, so neither
// promise is checked on an empty set.
func TestProofSound(t *testing.T) {
	defer func(l kernels.Level) { require.NoError(t, kernels.SetLevel(l)) }(kernels.Active())
	rng := rand.New(rand.NewPCG(14, 3))
	pow10 := func(lo, hi float64) float64 { return math.Pow(10, lo+(hi-lo)*rng.Float64()) }
	cases := 600
	if testing.Short() {
		cases = 150
	}
	proven, refusedBad := map[string]int{}, map[string]int{} // by optimizer
	for _, level := range kernels.Available() {
		require.NoError(t, kernels.SetLevel(level))
		for c := range cases {
			n := 1 + rng.IntN(70)
			wScale, gScale := pow10(-3, 38), pow10(-3, 20)
			group := &ParamGroup{LR: pow10(-5, 4), WeightDecay: []float64{0, 0.01, pow10(0, 30)}[rng.IntN(3)]}
			p := newParam("weight", KindWeight, n)
			group.Params = []*Param{p}
			var opt Optimizer
			var base *optimBase
			var cfgDesc string
			kind := rng.IntN(5) // Adam (twice as likely), SGD, RMSprop, Adagrad
			switch kind {
			case 1:
				cfg := SGDConfig{Momentum: []float64{0, 0.9, pow10(-2, 10)}[rng.IntN(3)]}
				if cfg.Momentum != 0 {
					cfg.Nesterov = rng.IntN(2) == 0
					if !cfg.Nesterov {
						cfg.Dampening = []float64{0, 0.5, -3}[rng.IntN(3)]
					}
				}
				o, err := NewSGD([]*ParamGroup{group}, cfg)
				require.NoError(t, err)
				opt, base, cfgDesc = o, &o.optimBase, fmt.Sprintf("%+v", cfg)
			case 2:
				cfg := RMSpropConfig{Alpha: rng.Float64(), Eps: []float64{1e-8, 1e-30, 1e-45, 1e-3}[rng.IntN(4)],
					Momentum: []float64{0, 0.9, pow10(-2, 10)}[rng.IntN(3)], Centered: rng.IntN(4) == 0}
				o, err := NewRMSprop([]*ParamGroup{group}, cfg)
				require.NoError(t, err)
				opt, base, cfgDesc = o, &o.optimBase, fmt.Sprintf("%+v", cfg)
			case 3:
				cfg := AdagradConfig{LRDecay: []float64{0, 0.01}[rng.IntN(2)], InitialAccumulatorValue: []float64{0, 0.1, pow10(0, 38)}[rng.IntN(3)],
					Eps: []float64{1e-10, 1e-30, 1e-45, 1e-3}[rng.IntN(4)]}
				o, err := NewAdagrad([]*ParamGroup{group}, cfg)
				require.NoError(t, err)
				opt, base, cfgDesc = o, &o.optimBase, fmt.Sprintf("%+v", cfg)
			default:
				cfg := AdamConfig{Beta1: rng.Float64(), Beta2: rng.Float64(), Eps: []float64{1e-8, 1e-30, 1e-45, 1e-3}[rng.IntN(4)],
					AMSGrad: rng.IntN(3) == 0}
				newOpt := NewAdam
				if rng.IntN(2) == 0 {
					newOpt = NewAdamW
				}
				a, err := newOpt([]*ParamGroup{group}, cfg)
				require.NoError(t, err)
				opt, base, cfgDesc = a, &a.optimBase, fmt.Sprintf("%+v", cfg)
			}
			for i := range p.Value.Data {
				p.Value.Data[i] = float32(rng.NormFloat64() * wScale)
			}
			name := fmt.Sprintf("%v case %d: %s %s, lr %g, wd %g", level, c, opt.Name(), cfgDesc, group.LR, group.WeightDecay)
			for range 4 {
				for i := range p.Grad.Data {
					p.Grad.Data[i] = float32(rng.NormFloat64() * gScale)
				}
				gnorm := GradNorm(group.Params)
				if !finite32(gnorm) {
					break // the Trainer stops on such gradients before the step
				}
				ok := opt.(provenOptimizer).proveStep(group.Params, gnorm)
				opt.Step()
				finite := allFinite(p.Value.Data)
				for _, bn := range base.bufNames {
					finite = finite && allFinite(base.bufs[bn][0])
				}
				if !ok {
					if !finite {
						refusedBad[opt.Name()]++
					}
					break
				}
				base.endProvenStep()
				proven[opt.Name()]++
				require.True(t, finite, name)
				for k, bn := range base.bufNames {
					for _, x := range base.bufs[bn][0] {
						require.LessOrEqual(t, math.Abs(float64(x)), base.bounds.buf[k], "%s: %s", name, bn)
					}
				}
			}
		}
	}
	t.Logf("proven %v, refused with overflow %v", proven, refusedBad)
	for _, name := range []string{"Adam", "AdamW", "SGD", "RMSprop", "Adagrad"} {
		require.Greater(t, proven[name], 0, "steps proven, %s", name)
		require.Greater(t, refusedBad[name], 0, "steps refused that do overflow, %s", name)
	}
}
