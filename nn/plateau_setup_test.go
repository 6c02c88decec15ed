package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A ReduceLROnPlateau whose Mode is set to "max" after the constructor
// (without Reset) tracks a rising accuracy as improving in Fit: the rate
// stays. Bad fields are refused before training.
func TestPlateauModeSetAfterConstructor(t *testing.T) {
	ds := blobs(t, 32, 8, 3, 1)
	tr := callbackTrainer(t, 4)
	p := NewReduceLROnPlateau(tr.Optimizer)
	p.Mode, p.Patience = "max", 0
	acc := 0.0
	rising := &epochEndFunc{f: func(e *EpochInfo) { acc += 0.1; e.ValAccuracy = acc }}
	tr.Callbacks = []Callback{rising, &LRScheduler{Scheduler: p, Monitor: MetricValAccuracy}}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	require.Equal(t, 0.1, tr.Optimizer.Groups()[0].LR, "the accuracy rose every epoch")

	for _, c := range []struct {
		edit func(*ReduceLROnPlateau)
		want string
	}{
		{func(r *ReduceLROnPlateau) { r.Mode = "maximum" }, `nn: ReduceLROnPlateau.Mode: mode "maximum" is none of "min", "max" and "auto"`},
		{func(r *ReduceLROnPlateau) { r.ThresholdMode = "relative" }, `nn: ReduceLROnPlateau.ThresholdMode "relative" is neither "rel" nor "abs"`},
		{func(r *ReduceLROnPlateau) { r.Factor = 2 }, `nn: ReduceLROnPlateau.Factor 2 must be in [0, 1)`},
		{func(r *ReduceLROnPlateau) { r.Patience = -1 }, `nn: ReduceLROnPlateau.Patience -1 and Cooldown 0 must not be negative`},
	} {
		tr := callbackTrainer(t, 1)
		p := NewReduceLROnPlateau(tr.Optimizer)
		c.edit(p)
		tr.Callbacks = []Callback{NewLRScheduler(p)}
		require.EqualError(t, tr.Fit(context.Background(), ds, nil), c.want)
	}
}

// epochEndFunc is a Callback whose OnEpochEnd calls f.
type epochEndFunc struct {
	BaseCallback
	f func(*EpochInfo)
}

func (c *epochEndFunc) OnEpochEnd(_ *Trainer, e *EpochInfo) error { c.f(e); return nil }

// A ReduceLROnPlateau stepped by hand, its Mode set after the
// constructor, starts from that mode's best (PyTorch's rates), and its
// first Step refuses an invalid field.
func TestPlateauSteppedByHand(t *testing.T) {
	m, err := NewSequential(2, NewLinear(2, 1))
	require.NoError(t, err)
	opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{})
	require.NoError(t, err)
	r := NewReduceLROnPlateau(opt)
	r.Mode, r.Patience, r.Factor = "max", 1, 0.5
	var lrs []float64
	for _, metric := range []float64{1.0, 0.9, 0.95, 0.95, 0.95} {
		r.Step(metric)
		lrs = append(lrs, opt.Groups()[0].LR)
	}
	require.Equal(t, []float64{0.1, 0.1, 0.05, 0.05, 0.025}, lrs, "torch.optim.lr_scheduler.ReduceLROnPlateau(mode='max', patience=1, factor=0.5)")

	bad := NewReduceLROnPlateau(opt)
	bad.Mode = "maxx"
	require.PanicsWithValue(t, `nn: ReduceLROnPlateau.Mode: mode "maxx" is none of "min", "max" and "auto"`, func() { bad.Step(1) })
}
