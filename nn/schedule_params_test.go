package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A schedule's state holds its hyperparameters, as PyTorch's state_dict
// holds T_max: importing it into a schedule built otherwise is refused,
// naming both values, where it would continue the saved rates along
// another curve. A state without them (an older checkpoint's) loads.
func TestScheduleImportChecksHyperparameters(t *testing.T) {
	must := func(s Scheduler, err error) Scheduler { require.NoError(t, err); return s }
	plateau := func(mode string, patience int) Scheduler {
		r := NewReduceLROnPlateau(sgdAt(t, 1))
		r.Mode, r.Patience = mode, patience
		return r
	}
	for _, c := range []struct {
		saved, same, other func() Scheduler
		want               string
	}{
		{func() Scheduler { return must(NewCosineAnnealingLR(sgdAt(t, 1), 2, 0)) },
			func() Scheduler { return must(NewCosineAnnealingLR(sgdAt(t, 1), 2, 0)) },
			func() Scheduler { return must(NewCosineAnnealingLR(sgdAt(t, 1), 4, 0)) },
			"nn: the state was saved by a CosineAnnealingLR with T_max 2, but this one has T_max 4; build it as it was saved to resume the run (SetTMax, after Import, changes the horizon of a resumed run)"},
		{func() Scheduler { return must(NewCosineAnnealingLR(sgdAt(t, 1), 2, 0)) },
			func() Scheduler { return must(NewCosineAnnealingLR(sgdAt(t, 1), 2, 0)) },
			func() Scheduler { return must(NewCosineAnnealingLR(sgdAt(t, 1), 2, 1e-3)) },
			"with eta_min 0, but this one has eta_min 0.001;"},
		{func() Scheduler { return must(NewStepLR(sgdAt(t, 1), 1, 0.5)) },
			func() Scheduler { return must(NewStepLR(sgdAt(t, 1), 1, 0.5)) },
			func() Scheduler { return must(NewStepLR(sgdAt(t, 1), 2, 0.5)) },
			"StepLR with step_size 1, but this one has step_size 2;"},
		{func() Scheduler { return must(NewStepLR(sgdAt(t, 1), 1, 0.5)) },
			func() Scheduler { return must(NewStepLR(sgdAt(t, 1), 1, 0.5)) },
			func() Scheduler { return must(NewStepLR(sgdAt(t, 1), 1, 0.1)) },
			"StepLR with gamma 0.5, but this one has gamma 0.1;"},
		{func() Scheduler { return must(NewMultiStepLR(sgdAt(t, 1), []int{15, 10}, 0.1)) },
			func() Scheduler { return must(NewMultiStepLR(sgdAt(t, 1), []int{10, 15}, 0.1)) },
			func() Scheduler { return must(NewMultiStepLR(sgdAt(t, 1), []int{10}, 0.1)) },
			"MultiStepLR with milestones [10 15], but this one has milestones [10];"},
		{func() Scheduler { return NewExponentialLR(sgdAt(t, 1), 0.9) },
			func() Scheduler { return NewExponentialLR(sgdAt(t, 1), 0.9) },
			func() Scheduler { return NewExponentialLR(sgdAt(t, 1), 0.95) },
			"ExponentialLR with gamma 0.9, but this one has gamma 0.95;"},
		{func() Scheduler { return must(NewLinearLR(sgdAt(t, 1), 0.1, 1, 5)) },
			func() Scheduler { return must(NewLinearLR(sgdAt(t, 1), 0.1, 1, 5)) },
			func() Scheduler { return must(NewLinearLR(sgdAt(t, 1), 0.1, 1, 10)) },
			"LinearLR with total_iters 5, but this one has total_iters 10;"},
		{func() Scheduler { return must(NewConstantLR(sgdAt(t, 1), 0.5, 3)) },
			func() Scheduler { return must(NewConstantLR(sgdAt(t, 1), 0.5, 3)) },
			func() Scheduler { return must(NewConstantLR(sgdAt(t, 1), 0.25, 3)) },
			"ConstantLR with factor 0.5, but this one has factor 0.25;"},
		{func() Scheduler { return plateau("min", 2) }, func() Scheduler { return plateau("min", 2) },
			func() Scheduler { return plateau("max", 2) },
			`ReduceLROnPlateau with mode "min", but this one has mode "max";`},
		{func() Scheduler { return plateau("min", 2) }, func() Scheduler { return plateau("min", 2) },
			func() Scheduler { return plateau("min", 5) },
			"ReduceLROnPlateau with patience 2, but this one has patience 5;"},
		{func() Scheduler { return must(NewOneCycleLR(sgdAt(t, 1), DefaultOneCycleLRConfig(0.1, 40))) },
			func() Scheduler { return must(NewOneCycleLR(sgdAt(t, 1), DefaultOneCycleLRConfig(0.1, 40))) },
			func() Scheduler { return must(NewOneCycleLR(sgdAt(t, 1), DefaultOneCycleLRConfig(0.1, 80))) },
			"OneCycleLR with total_steps 40, but this one has total_steps 80;"},
		{func() Scheduler { return must(NewOneCycleLR(sgdAt(t, 1), DefaultOneCycleLRConfig(0.1, 40))) },
			func() Scheduler { return must(NewOneCycleLR(sgdAt(t, 1), DefaultOneCycleLRConfig(0.1, 40))) },
			func() Scheduler {
				c := DefaultOneCycleLRConfig(0.1, 40)
				c.AnnealStrategy = "linear"
				return must(NewOneCycleLR(sgdAt(t, 1), c))
			},
			`OneCycleLR with anneal_strategy "cos", but this one has anneal_strategy "linear";`},
		{func() Scheduler { return must(NewCosineAnnealingWarmRestarts(sgdAt(t, 1), 5, 2, 0)) },
			func() Scheduler { return must(NewCosineAnnealingWarmRestarts(sgdAt(t, 1), 5, 2, 0)) },
			func() Scheduler { return must(NewCosineAnnealingWarmRestarts(sgdAt(t, 1), 5, 1, 0)) },
			"CosineAnnealingWarmRestarts with T_mult 2, but this one has T_mult 1;"},
	} {
		saved := c.saved()
		saved.Step(1)
		saved.Step(2)
		st := saved.Export()
		same := c.same()
		require.NoError(t, same.Import(st), c.want)
		require.Equal(t, 2, same.LastEpoch())

		other := c.other()
		require.ErrorContains(t, other.Import(st), c.want)
		require.Zero(t, other.LastEpoch(), "nothing is restored")

		old := NewState() // a state saved before schedules exported their hyperparameters
		for _, k := range []string{"last_epoch", "base_lr.0", "best", "num_bad_epochs", "cooldown_counter"} {
			if v, ok := st.Scalars[k]; ok {
				old.Scalars[k] = v
			}
		}
		require.NoError(t, c.other().Import(old), c.want)
	}
}
