package nn

import (
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
