package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sgdAt(t *testing.T, lr float64) *SGD {
	o, err := NewSGD(Groups([]*Param{oneParam(1)}, lr, 0, false), SGDConfig{})
	require.NoError(t, err)
	return o
}

// lrs returns the learning rate after construction (epoch 0) and after
// each of n Step calls.
func lrs(o Optimizer, s Scheduler, n int) []float64 {
	out := []float64{o.Groups()[0].LR}
	for range n {
		s.Step(0)
		out = append(out, o.Groups()[0].LR)
	}
	return out
}

func requireFloats(t *testing.T, want, got []float64, tol float64) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		require.InDeltaf(t, want[i], got[i], tol, "epoch %d: want %v, got %v", i, want, got)
	}
}

// The expected rates are the closed forms documented in
// torch.optim.lr_scheduler for base lr 1, index = last_epoch.
func TestSchedules(t *testing.T) {
	t.Run("StepLR", func(t *testing.T) {
		// lr = γ^⌊epoch/step_size⌋, step_size 2, γ 0.5.
		o := sgdAt(t, 1)
		s, err := NewStepLR(o, 2, 0.5)
		require.NoError(t, err)
		requireFloats(t, []float64{1, 1, 0.5, 0.5, 0.25, 0.25, 0.125}, lrs(o, s, 6), 1e-15)
	})
	t.Run("MultiStepLR", func(t *testing.T) {
		// milestones 2, 5, 5 (counted twice), γ 0.1.
		o := sgdAt(t, 1)
		s, err := NewMultiStepLR(o, []int{5, 2, 5}, 0.1)
		require.NoError(t, err)
		requireFloats(t, []float64{1, 1, 0.1, 0.1, 0.1, 0.001, 0.001}, lrs(o, s, 6), 1e-15)
	})
	t.Run("ExponentialLR", func(t *testing.T) {
		o := sgdAt(t, 1)
		requireFloats(t, []float64{1, 0.5, 0.25, 0.125}, lrs(o, NewExponentialLR(o, 0.5), 3), 1e-15)
	})
	t.Run("CosineAnnealingLR", func(t *testing.T) {
		// η = 0.1 + 0.9·(1+cos(π·e/4))/2; past T_max it rises again
		// (PyTorch's recursive form follows the cosine).
		o := sgdAt(t, 1)
		s, err := NewCosineAnnealingLR(o, 4, 0.1)
		require.NoError(t, err)
		want := make([]float64, 9)
		for e := range want {
			want[e] = 0.1 + 0.9*(1+math.Cos(math.Pi*float64(e)/4))/2
		}
		got := lrs(o, s, 8)
		requireFloats(t, want, got, 1e-12)
		// python3-torch 1.13.1's recursive form, printed with repr: the
		// same recursion gives the same float64 bits.
		torch := []float64{1.0, 0.8681980515339464, 0.55, 0.23180194846605368, 0.1,
			0.2318019484660536, 0.55, 0.8681980515339467, 1.0000000000000004}
		require.Equal(t, torch, got)
	})
	t.Run("LinearLR warm-up", func(t *testing.T) {
		// factor from 0.25 to 1 over 3 iterations, then constant.
		o := sgdAt(t, 1)
		s, err := NewLinearLR(o, 0.25, 1, 3)
		require.NoError(t, err)
		requireFloats(t, []float64{0.25, 0.5, 0.75, 1, 1, 1}, lrs(o, s, 5), 1e-15)
	})
	t.Run("ConstantLR", func(t *testing.T) {
		o := sgdAt(t, 1)
		s, err := NewConstantLR(o, 0.5, 2)
		require.NoError(t, err)
		requireFloats(t, []float64{0.5, 0.5, 1, 1, 1}, lrs(o, s, 4), 1e-15)
		o2 := sgdAt(t, 0.3)
		s2, err := NewConstantLR(o2, 1, 0)
		require.NoError(t, err)
		requireFloats(t, []float64{0.3, 0.3, 0.3}, lrs(o2, s2, 2), 0)
	})
}

// TestReduceLROnPlateau follows torch.optim.lr_scheduler.ReduceLROnPlateau:
// the rate drops after more than patience epochs without a relative
// improvement of threshold, then cooldown epochs are not counted.
func TestReduceLROnPlateau(t *testing.T) {
	o := sgdAt(t, 1)
	r := NewReduceLROnPlateau(o)
	r.Patience, r.Factor, r.Cooldown = 2, 0.5, 1
	metrics := []float64{
		1.0,     // best
		0.9,     // best
		0.89995, // not below 0.9·(1−1e-4) = 0.89991: bad 1
		0.95,    // bad 2
		0.93,    // bad 3 > 2: lr 0.5, cooldown 1
		0.94,    // bad 1, cooldown → 0 and bad reset
		0.94,    // bad 1
		0.94,    // bad 2
		0.94,    // bad 3: lr 0.25
	}
	want := []float64{1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25}
	for i, m := range metrics {
		r.Step(m)
		require.Equalf(t, want[i], o.Groups()[0].LR, "after metric %d", i)
	}
	// min_lr bounds the drop, and changes below eps are skipped.
	o2 := sgdAt(t, 1e-8)
	r2 := NewReduceLROnPlateau(o2)
	r2.Patience = 0
	r2.Step(1)
	r2.Step(2)
	require.Equal(t, 1e-8, o2.Groups()[0].LR, "a change of 9e-9 is below eps 1e-8")
}

// TestScheduleStateRoundTrip: restoring a scheduler's and its optimizer's
// state into fresh ones continues the same rates exactly.
func TestScheduleStateRoundTrip(t *testing.T) {
	build := func(o Optimizer) []Scheduler {
		c, err := NewCosineAnnealingLR(o, 5, 0.01)
		require.NoError(t, err)
		w, err := NewLinearLR(o, 0.1, 1, 3)
		require.NoError(t, err)
		p := NewReduceLROnPlateau(o)
		p.Patience = 1
		return []Scheduler{c, w, p}
	}
	oa := sgdAt(t, 0.5)
	sa := build(oa)
	metric := []float64{3, 2, 2.5, 2.6, 2.7, 1, 1, 1}
	for _, m := range metric[:4] {
		for _, s := range sa {
			s.Step(m)
		}
	}
	ob := sgdAt(t, 0.5)
	sb := build(ob)
	require.NoError(t, ob.Import(oa.Export()))
	for i := range sb {
		require.NoError(t, sb[i].Import(sa[i].Export()))
	}
	for _, m := range metric[4:] {
		for i := range sa {
			sa[i].Step(m)
			sb[i].Step(m)
		}
		require.Equal(t, oa.Groups()[0].LR, ob.Groups()[0].LR)
	}
}

// ConstantLR's and LinearLR's factors outside their ranges are refused,
// NaN too, which no comparison with a bound catches.
func TestScheduleFactorsRefuseNaN(t *testing.T) {
	nan := math.NaN()
	for name, build := range map[string]func() error{
		"ConstantLR factor NaN":   func() error { _, err := NewConstantLR(sgdAt(t, 1), nan, 3); return err },
		"ConstantLR factor 0":     func() error { _, err := NewConstantLR(sgdAt(t, 1), 0, 3); return err },
		"LinearLR start NaN":      func() error { _, err := NewLinearLR(sgdAt(t, 1), nan, 1, 3); return err },
		"LinearLR end NaN":        func() error { _, err := NewLinearLR(sgdAt(t, 1), 0.5, nan, 3); return err },
		"LinearLR end above 1":    func() error { _, err := NewLinearLR(sgdAt(t, 1), 0.5, 1.5, 3); return err },
		"LinearLR start negative": func() error { _, err := NewLinearLR(sgdAt(t, 1), -0.5, 1, 3); return err },
	} {
		assert.Error(t, build(), name)
	}
	_, err := NewConstantLR(sgdAt(t, 1), 1, 3)
	assert.NoError(t, err)
	_, err = NewLinearLR(sgdAt(t, 1), 1, 0, 3)
	assert.NoError(t, err)
}
