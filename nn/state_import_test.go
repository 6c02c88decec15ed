package nn

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// savedRun trains overfitRun (Adam, early stopping with RestoreBest, 48
// samples in 6 batches of 8) for 2 epochs and returns its exported State.
func savedRun(t *testing.T) *State {
	tr, train, val := overfitRun(t, 100, 2)
	require.NoError(t, tr.Fit(context.Background(), train, val))
	return tr.Export()
}

func cloneState(s *State) *State {
	c := NewState()
	c.Merge("", s)
	return c
}

// A State whose counters, rates, best metric or tensors hold values the
// Trainer cannot use is refused by Import with a *StateError naming the
// entry; before these checks a negative or NaN step sliced out of range in
// Fit, a negative or NaN epoch trained without end, a bad optimizer step
// panicked in kernels.AdamStep and NaN best weights were restored as the
// "best" model.
func TestTrainerImportRefusesCorruptState(t *testing.T) {
	saved := savedRun(t)
	fresh, _, _ := overfitRun(t, 100, 5)
	require.NoError(t, fresh.Import(cloneState(saved)), "the saved state itself is sound")

	nan := math.NaN()
	count := func(key string, v float64) string {
		return `nn: state entry "` + key + `" is ` + formatScalar(v) + `, want an integer in [0, 2^53)`
	}
	type edit struct {
		name string
		set  func(s *State)
		want string
	}
	scalar := func(key string, v float64, want string) edit {
		return edit{key + "=" + formatScalar(v), func(s *State) { s.Scalars[key] = v }, want}
	}
	element := func(key string, i int, want string) edit {
		return edit{key + "[" + formatScalar(float64(i)) + "]=NaN", func(s *State) { s.Tensors[key][i] = float32(nan) }, want}
	}
	var cases []edit
	for _, v := range []float64{-5, -1, nan, 1e30, -1e30, 2.5, math.Inf(1)} {
		cases = append(cases, scalar("trainer.step", v, count("trainer.step", v)))
	}
	for _, v := range []float64{1e30, nan, -1e30, -3, 1 << 53} {
		cases = append(cases, scalar("trainer.epoch", v, count("trainer.epoch", v)))
	}
	for _, k := range []string{"trainer.global_step", "trainer.epoch_correct", "trainer.epoch_samples"} {
		cases = append(cases, scalar(k, -1, count(k, -1)))
	}
	for _, k := range []string{"trainer.epoch_loss", "trainer.epoch_grad_norm"} {
		cases = append(cases, scalar(k, nan, `nn: state entry "`+k+`" is NaN, want a finite number`))
	}
	for _, v := range []float64{-1, nan, 1e30, -1e30} {
		cases = append(cases, scalar("optim.step", v, "optimizer: "+count("optim.step", v)))
	}
	cases = append(cases,
		scalar("optim.group.0.lr", nan, `optimizer: nn: state entry "optim.group.0.lr" is NaN, want a finite number >= 0`),
		scalar("optim.group.0.initial_lr", -0.1, `optimizer: nn: state entry "optim.group.0.initial_lr" is -0.1, want a finite number >= 0`),
		scalar("optim.group.0.lr", math.Inf(1), `optimizer: nn: state entry "optim.group.0.lr" is +Inf, want a finite number >= 0`),
		element("optim.0.weight.exp_avg_sq", 2, `optimizer: nn: state entry "optim.0.weight.exp_avg_sq" holds non-finite values (element 2 is NaN)`),
		element("early_stop.best.0.weight", 0, `nn: state entry "early_stop.best.0.weight" holds non-finite values (element 0 is NaN)`),
		element("early_stop.best.1.running_var", 5, `nn: state entry "early_stop.best.1.running_var" holds non-finite values (element 5 is NaN)`),
		scalar("early_stop.best", nan, `nn: state entry "early_stop.best" is NaN, want the best metric so far`),
		scalar("early_stop.best_epoch", -1, count("early_stop.best_epoch", -1)),
		scalar("early_stop.wait", nan, count("early_stop.wait", nan)),
		scalar("early_stop.stopped_epoch", 1e300, count("early_stop.stopped_epoch", 1e300)),
		scalar("early_stop.started", 0.5, `nn: state entry "early_stop.started" is 0.5, want 0 or 1`),
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := cloneState(saved)
			c.set(bad)
			tr, _, _ := overfitRun(t, 100, 5)
			err := tr.Import(bad)
			require.EqualError(t, err, c.want)
			var se *StateError
			require.ErrorAs(t, err, &se)
		})
	}
}

// formatScalar spells v as the errors do (%v: shortest 'g' form).
func formatScalar(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// The optimizer's own Import names its entries without the Trainer's
// prefix and changes nothing when an entry is bad.
func TestOptimizerImportRefusesBadStep(t *testing.T) {
	saved := savedRun(t).Sub("optim.")
	tr, _, _ := overfitRun(t, 100, 5)
	opt := tr.Optimizer.(*Adam)
	for _, v := range []float64{-1, math.NaN(), 1e30} {
		bad := cloneState(saved)
		bad.Scalars["step"] = v
		require.EqualError(t, opt.Import(bad), `nn: state entry "step" is `+formatScalar(v)+`, want an integer in [0, 2^53)`)
	}
	bad := cloneState(saved)
	bad.Tensors["3.bias.exp_avg"][1] = float32(math.Inf(-1))
	require.EqualError(t, opt.Import(bad), `nn: state entry "3.bias.exp_avg" holds non-finite values (element 1 is -Inf)`)
	require.Zero(t, opt.Steps(), "a refused state leaves the step count")
	require.Equal(t, make([]float32, 16), opt.bufs["exp_avg"][0][:16], "a refused state leaves the moments")
	require.Equal(t, 0.05, opt.Groups()[0].LR)
}

// EarlyStopping's own Import refuses a NaN best value and NaN best weights.
func TestEarlyStoppingImportRefusesNaN(t *testing.T) {
	saved := savedRun(t).Sub("early_stop.")
	es := &EarlyStopping{Patience: 3, RestoreBest: true}
	bad := cloneState(saved)
	bad.Scalars["best"] = math.NaN()
	require.EqualError(t, es.Import(bad), `nn: state entry "best" is NaN, want the best metric so far`)
	bad = cloneState(saved)
	bad.Tensors["best.3.weight"][4] = float32(math.NaN())
	require.EqualError(t, es.Import(bad), `nn: state entry "best.3.weight" holds non-finite values (element 4 is NaN)`)
	require.Zero(t, es.BestEpoch(), "a refused state leaves the counters")
	require.NoError(t, es.Import(cloneState(saved)))
	require.Equal(t, 2, es.BestEpoch()+es.wait, "the sound state restores the counters of 2 epochs")
}

// A step beyond the batches of an epoch of the training set is refused by
// CheckPosition and by Fit before any step; a step equal to them (the
// state exported after an epoch's last step, before it ends) is accepted.
func TestFitRefusesStepBeyondEpoch(t *testing.T) {
	saved := savedRun(t)
	tr, train, val := overfitRun(t, 100, 5)
	bad := cloneState(saved)
	bad.Scalars["trainer.step"] = 7
	require.NoError(t, tr.Import(bad))
	want := `nn: state entry "trainer.step" is 7, beyond the 6 batches of an epoch (48 samples in batches of 8)`
	require.EqualError(t, tr.CheckPosition(train.Len()), want)
	w := weights(tr.Model)
	require.EqualError(t, tr.Fit(context.Background(), train, val), want)
	require.Equal(t, w, weights(tr.Model), "nothing trained")

	atEnd := cloneState(saved)
	atEnd.Scalars["trainer.step"] = 6
	tr, _, _ = overfitRun(t, 100, 5)
	require.NoError(t, tr.Import(atEnd))
	require.NoError(t, tr.CheckPosition(train.Len()))
}

// The schedulers' Import refuse a last_epoch that is not a count, a NaN or
// negative base rate and a NaN plateau best; Trainer.Import names the
// entries with their "step_sched.<i>." or "epoch_sched.<i>." prefix.
func TestSchedulerImportRefusesCorruptState(t *testing.T) {
	saved := richTrainer(t, 1).Export()
	cases := []struct {
		key  string
		v    float64
		want string
	}{
		{"step_sched.0.last_epoch", -1, `scheduler LinearLR: nn: state entry "step_sched.0.last_epoch" is -1, want an integer in [0, 2^53)`},
		{"step_sched.0.last_epoch", math.NaN(), `scheduler LinearLR: nn: state entry "step_sched.0.last_epoch" is NaN, want an integer in [0, 2^53)`},
		{"epoch_sched.0.base_lr.1", math.NaN(), `scheduler CosineAnnealingLR: nn: state entry "epoch_sched.0.base_lr.1" is NaN, want a finite number >= 0`},
		{"epoch_sched.0.base_lr.0", -1, `scheduler CosineAnnealingLR: nn: state entry "epoch_sched.0.base_lr.0" is -1, want a finite number >= 0`},
	}
	for _, c := range cases {
		bad := cloneState(saved)
		require.Contains(t, bad.Scalars, c.key)
		bad.Scalars[c.key] = c.v
		require.EqualError(t, richTrainer(t, 1).Import(bad), c.want)
	}
	require.NoError(t, richTrainer(t, 1).Import(cloneState(saved)))

	tr := richTrainer(t, 1)
	r := NewReduceLROnPlateau(tr.Optimizer)
	st := r.Export()
	st.Scalars["best"] = math.NaN()
	require.EqualError(t, r.Import(st), `nn: state entry "best" is NaN, want the best metric so far`)
	st = r.Export()
	st.Scalars["num_bad_epochs"] = -2
	require.EqualError(t, r.Import(st), `ReduceLROnPlateau: nn: state entry "num_bad_epochs" is -2, want an integer in [0, 2^53)`)
	st.Scalars["num_bad_epochs"] = 2
	require.NoError(t, r.Import(st))
}
