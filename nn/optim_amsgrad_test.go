package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAMSGradFirstSteps follows torch.optim.Adam with amsgrad=True
// (torch/optim/adam.py, _single_tensor_adam; Reddi, Kale & Kumar 2018):
// m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², vmax = max(vmax, v),
// w −= lr/(1−β1^t) · m / (sqrt(vmax)/sqrt(1−β2^t) + eps).
// lr 0.1, betas (0.5, 0.5), eps 1e-8, w = (1, −1), gradients (2, 1),
// (0, 1), (1, 1). Element 0's v falls at step 2 (2 → 1), so vmax keeps 2
// and the step differs from Adam's; element 1's v only rises, so it takes
// Adam's steps of lr·m̂/sqrt(v̂) = 0.1.
func TestAMSGradFirstSteps(t *testing.T) {
	const eps = 1e-8
	// Element 0. Step 1: m = 1, v = vmax = 2, bias corrections 0.5:
	// w = 1 − (0.1/0.5)·1/(sqrt(2)/sqrt(0.5) + eps).
	w1 := 1 - 0.2*1/(math.Sqrt(2)/math.Sqrt(0.5)+eps)
	// Step 2: m = 0.5, v = 1, vmax = 2, bias corrections 0.75.
	w2 := w1 - 0.1/0.75*0.5/(math.Sqrt(2)/math.Sqrt(0.75)+eps)
	// Step 3: m = 0.75, v = 1, vmax = 2, bias corrections 0.875.
	w3 := w2 - 0.1/0.875*0.75/(math.Sqrt(2)/math.Sqrt(0.875)+eps)
	// Element 1: m̂ = v̂ = 1 at every step: w −= 0.1/(1 + eps).
	u := 0.1 / (1 + eps)
	want := [][]float64{{w1, -1 - u}, {w2, -1 - 2*u}, {w3, -1 - 3*u}}
	grads := [][]float32{{2, 1}, {0, 1}, {1, 1}}
	wantMax := [][]float64{{2, 0.5}, {2, 0.75}, {2, 0.875}}

	p := oneParam(1, -1)
	cfg := AdamConfig{Beta1: 0.5, Beta2: 0.5, Eps: eps, AMSGrad: true}
	o, err := NewAdam(Groups([]*Param{p}, 0.1, 0, false), cfg)
	require.NoError(t, err)
	for s := range want {
		stepWith(o, p, grads[s]...)
		requireSlice(t, want[s], p.Value.Data, 1e-6, "w")
		requireSlice(t, wantMax[s], o.Export().Tensors["0.weight.max_exp_avg_sq"], 0, "max_exp_avg_sq")
	}
	requireSlice(t, []float64{1, 0.875}, o.Export().Tensors["0.weight.exp_avg_sq"], 0, "exp_avg_sq")
	// Without amsgrad step 2 divides by sqrt(v̂) = sqrt(1/0.75) instead.
	q := oneParam(1, -1)
	cfg.AMSGrad = false
	plain, err := NewAdam(Groups([]*Param{q}, 0.1, 0, false), cfg)
	require.NoError(t, err)
	stepWith(plain, q, grads[0]...)
	stepWith(plain, q, grads[1]...)
	requireSlice(t, []float64{w1 - 0.1/0.75*0.5/(1/math.Sqrt(0.75)+eps), -1 - 2*u}, q.Value.Data, 1e-6, "plain Adam")
	require.Greater(t, math.Abs(float64(q.Value.Data[0])-w2), 0.01)
	require.NotContains(t, plain.Export().Tensors, "0.weight.max_exp_avg_sq")
}

// TestAMSGradMatchesPyTorch compares with Debian's python3-torch 1.13
// (float32 parameter w = (1, −1), defaults but for the arguments listed,
// weights printed with 10 decimals):
//
//	w = torch.nn.Parameter(torch.tensor([1.0, -1.0])); o = Opt([w], lr=0.1, amsgrad=True, ...)
//	for g in [[0.5, -1], [-0.3, 2], [0.01, 0.1]]: w.grad = torch.tensor(g); o.step()
//
// The third gradient of element 0 lowers v below its maximum, where
// Adam (without amsgrad) gives 0.8649532199 instead of 0.8649588227.
// The update follows PyTorch's order of operations and matched to the bit
// on amd64; one float32 ulp is allowed for compilers that fuse a
// multiply and an add (Go does on arm64).
func TestAMSGradMatchesPyTorch(t *testing.T) {
	grads := [][]float32{{0.5, -1}, {-0.3, 2}, {0.01, 0.1}}
	cases := []struct {
		name  string
		wd    float64
		make  func([]*ParamGroup, AdamConfig) (*Adam, error)
		torch [][2]float32
	}{
		{"Adam(amsgrad=True)", 0, NewAdam,
			[][2]float32{{0.9000000358, -0.9000000358}, {0.8808502555, -0.9366104007}, {0.8649588227, -0.9677377343}}},
		{"Adam(amsgrad=True, weight_decay=0.1)", 0.1, NewAdam,
			[][2]float32{{0.9000000358, -0.8999999762}, {0.8613530397, -0.9310642481}, {0.8222543001, -0.9552648664}}},
		{"AdamW(amsgrad=True, weight_decay=0.1)", 0.1, NewAdamW,
			[][2]float32{{0.8900000453, -0.8900000453}, {0.8619502783, -0.9177104235}, {0.8374393582, -0.9396606684}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := oneParam(1, -1)
			cfg := DefaultAdamConfig()
			cfg.AMSGrad = true
			o, err := c.make(Groups([]*Param{p}, 0.1, c.wd, true), cfg)
			require.NoError(t, err)
			for s, want := range c.torch {
				stepWith(o, p, grads[s]...)
				for i := range want {
					d := int64(math.Float32bits(p.Value.Data[i])) - int64(math.Float32bits(want[i]))
					require.LessOrEqualf(t, max(d, -d), int64(1), "step %d w[%d]: got %.10f, torch %.10f", s+1, i, p.Value.Data[i], want[i])
				}
			}
		})
	}
}

// TestAMSGradState: the max buffer is saved and restored with the
// optimizer's state, a resumed optimizer continues bit-identically, a
// state without the buffer is refused, and a step allocates nothing and
// gives the same bits on 1 and 2 threads.
func TestAMSGradState(t *testing.T) {
	cfg := DefaultAdamConfig()
	cfg.AMSGrad = true
	a, b := oneParam(1, -2), oneParam(0, 0)
	oa, err := NewAdamW(Groups([]*Param{a}, 0.05, 0.01, true), cfg)
	require.NoError(t, err)
	stepWith(oa, a, 0.5, -1)
	stepWith(oa, a, -0.3, 2)
	st := oa.Export()
	requireSlice(t, []float64{3.3975e-4, 4.999e-3}, st.Tensors["0.weight.max_exp_avg_sq"], 1e-9, "max_exp_avg_sq")
	ob, err := NewAdamW(Groups([]*Param{b}, 0.05, 0.01, true), cfg)
	require.NoError(t, err)
	require.NoError(t, ob.Import(st))
	copy(b.Value.Data, a.Value.Data)
	stepWith(oa, a, 0.01, 0.1)
	stepWith(ob, b, 0.01, 0.1)
	require.Equal(t, a.Value.Data, b.Value.Data)
	require.Equal(t, oa.Export(), ob.Export())

	delete(st.Tensors, "0.weight.max_exp_avg_sq")
	require.EqualError(t, ob.Import(st), `nn: state has no tensor "0.weight.max_exp_avg_sq"`)

	big := func(threads int) []float32 {
		p := newParam("weight", KindWeight, 3*parallelMin+5)
		p.Name = "0.weight"
		rng := NewRNG(9)
		o, err := NewAdam(Groups([]*Param{p}, 0.01, 0.1, true), cfg)
		require.NoError(t, err)
		o.SetThreads(threads)
		for range 3 {
			for i := range p.Grad.Data {
				p.Grad.Data[i] = float32(rng.NormFloat64())
			}
			o.Step()
		}
		require.Zero(t, testing.AllocsPerRun(5, o.Step))
		return p.Value.Data
	}
	require.Equal(t, big(1), big(2))
}
