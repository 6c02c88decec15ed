package nn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// Optimizer and layer settings that are NaN or infinite are refused, as
// negative ones are: NaN passes every comparison, so a check written as
// "x < 0" would let it through.
func TestNaNSettingsRefused(t *testing.T) {
	m, err := NewSequential(3, NewLinear(3, 2))
	require.NoError(t, err)
	groups := func() []*ParamGroup { return Groups(m.Params(), 0.1, 0, false) }
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		make func() error
		want string
	}{
		{"adam beta1 NaN", func() error { _, err := NewAdam(groups(), AdamConfig{Beta1: nan, Beta2: 0.999, Eps: 1e-8}); return err }, "nn: Adam betas (NaN, 0.999) must be in [0, 1)"},
		{"adam eps Inf", func() error { _, err := NewAdam(groups(), AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: inf}); return err }, "nn: Adam eps +Inf must be a finite number > 0"},
		{"adamw beta2 1", func() error { _, err := NewAdamW(groups(), AdamConfig{Beta1: 0.9, Beta2: 1, Eps: 1e-8}); return err }, "nn: AdamW betas (0.9, 1) must be in [0, 1)"},
		{"adamw eps -1", func() error { _, err := NewAdamW(groups(), AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: -1}); return err }, "nn: AdamW eps -1 must be a finite number > 0"},
		{"rmsprop alpha NaN", func() error { _, err := NewRMSprop(groups(), RMSpropConfig{Alpha: nan, Eps: 1e-8}); return err }, "nn: RMSprop alpha NaN must be in [0, 1]"},
		{"adagrad eps NaN", func() error { _, err := NewAdagrad(groups(), AdagradConfig{Eps: nan}); return err }, "nn: Adagrad lr_decay 0, initial_accumulator_value 0 and eps NaN must be finite numbers >= 0"},
		{"sgd momentum NaN", func() error { _, err := NewSGD(groups(), SGDConfig{Momentum: nan}); return err }, "nn: SGD momentum NaN must be a finite number >= 0"},
		{"sgd dampening Inf", func() error { _, err := NewSGD(groups(), SGDConfig{Momentum: 0.9, Dampening: inf}); return err }, "dampening +Inf finite"},
		{"leaky slope NaN", func() error { _, err := NewSequential(3, NewLeakyReLU(float32(nan))); return err }, "nn: layer 0 (LeakyReLU): negative_slope NaN must be a finite number"},
	}
	for _, c := range cases {
		err := c.make()
		require.Error(t, err, c.name)
		require.ErrorContains(t, err, c.want, c.name)
	}
	_, err = NewAdam(groups(), AdamConfig{Eps: 1e-8}) // betas 0, as PyTorch accepts
	require.NoError(t, err)
}

// Eps 0 makes the adaptive optimizers' update 0/0 = NaN for a parameter
// whose gradient and running averages are 0 (training stops at the first
// step with a NaN update): their constructors refuse it and point at the
// defaults. Adagrad's sum never reaches 0 with a positive
// initial_accumulator_value, so it takes eps 0 then.
func TestAdaptiveOptimizersRefuseEpsZero(t *testing.T) {
	groups := func() []*ParamGroup { return Groups([]*Param{oneParam(1)}, 0.1, 0, false) }
	_, err := NewAdam(groups(), AdamConfig{AMSGrad: true})
	require.EqualError(t, err, "nn: Adam eps 0 makes the update 0/0, NaN, for any parameter whose gradient and running averages are 0; give eps > 0 (start from DefaultAdamConfig(): a zero config is not PyTorch's defaults)")
	_, err = NewAdamW(groups(), AdamConfig{Beta1: 0.9, Beta2: 0.999})
	require.ErrorContains(t, err, "nn: AdamW eps 0 makes the update 0/0")
	_, err = NewRMSprop(groups(), RMSpropConfig{Alpha: 0.99})
	require.ErrorContains(t, err, "(start from DefaultRMSpropConfig():")
	_, err = NewAdagrad(groups(), AdagradConfig{})
	require.ErrorContains(t, err, "(start from DefaultAdagradConfig():")
	_, err = NewAdagrad(groups(), AdagradConfig{InitialAccumulatorValue: 0.1})
	require.NoError(t, err)
	_, err = NewSGD(groups(), SGDConfig{})
	require.NoError(t, err, "SGD divides by nothing")
}

// An optimizer's constructor refuses what would make Step panic or update
// a parameter twice: a nil group or parameter, a parameter without a
// gradient of its size, one parameter in two groups (PyTorch's
// "some parameters appear in more than one parameter group"), and no
// parameter at all.
func TestOptimizerRefusesBadGroups(t *testing.T) {
	m, err := NewSequential(3, NewLinear(3, 2))
	require.NoError(t, err)
	w, b := m.Params()[0], m.Params()[1]
	noGrad := &Param{Name: "x", Value: NewTensor(3)}
	short := &Param{Name: "y", Value: NewTensor(3), Grad: NewTensor(2)}
	for _, c := range []struct {
		groups []*ParamGroup
		want   string
	}{
		{[]*ParamGroup{nil}, "nn: parameter group 0 is nil"},
		{[]*ParamGroup{{Params: []*Param{w, nil}, LR: 0.1}}, "nn: parameter group 0: parameter 1 is nil"},
		{[]*ParamGroup{{Params: []*Param{noGrad}, LR: 0.1}}, `nn: parameter group 0: parameter 0 ("x") has no gradient of its 3 values`},
		{[]*ParamGroup{{Params: []*Param{short}, LR: 0.1}}, `nn: parameter group 0: parameter 0 ("y") has no gradient of its 3 values`},
		{[]*ParamGroup{{Params: []*Param{w}, LR: 0.1}, {Params: []*Param{b, w}, LR: 0.1}}, `nn: parameter "0.weight" is in parameter group 0 and again in group 1`},
		{[]*ParamGroup{{Params: []*Param{w, w}, LR: 0.1}}, `nn: parameter "0.weight" is in parameter group 0 and again in group 0`},
		{Groups(nil, 0.1, 0, false), "nn: optimizer got an empty parameter list"},
		{[]*ParamGroup{{LR: 0.1}}, "nn: optimizer got an empty parameter list: its groups hold no parameter (a Sequential has parameters once nn.NewSequential has built it)"},
	} {
		_, err := NewSGD(c.groups, SGDConfig{})
		require.ErrorContains(t, err, c.want)
		_, err = NewAdam(c.groups, DefaultAdamConfig())
		require.ErrorContains(t, err, c.want)
	}
}

// The nil *Adam a refused config leaves is refused by Fit, not
// dereferenced in the first step.
func TestFitRefusesNilOptimizerPointer(t *testing.T) {
	tr, train, val := overfitRun(t, 100, 1)
	var opt *Adam
	tr.Optimizer = opt
	require.EqualError(t, tr.Fit(context.Background(), train, val),
		"nn: Trainer's Optimizer (*nn.Adam) or Loss (*nn.CrossEntropyLoss) is a nil pointer; did its constructor return an error?")
}
