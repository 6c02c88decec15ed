package main

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// --lr-schedule onecycle steps per optimizer step: a run interrupted in
// the middle of an epoch resumes bit for bit.
func TestOneCycleResumeBitIdentical(t *testing.T) {
	testResume(t, []string{"--lr-schedule", "onecycle", "--optimizer", "momentum", "--max-lr", "0.05", "--anneal-strategy", "linear"})
}

// onecycle spans the run's optimizer steps, its peak --lr when --max-lr
// is not given: each epoch's rate is the cycle's at the epoch's last step.
// cosine-restarts restarts the cosine after --t-0 epochs, then after
// cycles --t-mult times longer.
func TestCycleSchedulesFollowTheRun(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	one := filepath.Join(dir, "one.json")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--lr-schedule", "onecycle", "--pct-start", "0.4", "--json", one)...)
	require.NoError(t, err)
	const steps = 19 // 300 samples in batches of 16
	sgd, err := nn.NewSGD(nn.Groups([]*nn.Param{{Name: "w", Value: nn.NewTensor(1), Grad: nn.NewTensor(1)}}, 1, 0, false), nn.SGDConfig{})
	require.NoError(t, err)
	cfg := nn.DefaultOneCycleLRConfig(0.01, 3*steps) // blobArgs' --lr
	cfg.PctStart = 0.4
	s, err := nn.NewOneCycleLR(sgd, cfg)
	require.NoError(t, err)
	var want []float64
	for k := 0; k < 3*steps; k++ {
		if k%steps == steps-1 {
			want = append(want, sgd.Groups()[0].LR)
		}
		s.Step(0)
	}
	assert.Equal(t, want, epochLRs(t, one))

	restarts := filepath.Join(dir, "restarts.json")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "7", "--lr-schedule", "cosine-restarts", "--t-0", "2", "--t-mult", "2", "--eta-min", "1e-4", "--json", restarts)...)
	require.NoError(t, err)
	lrs := epochLRs(t, restarts)
	require.Len(t, lrs, 7)
	// Epoch e trains at last_epoch e−1: cycles of 2 and 4 epochs, then 8.
	for e, pos := range [][2]float64{{0, 2}, {1, 2}, {0, 4}, {1, 4}, {2, 4}, {3, 4}, {0, 8}} {
		assert.InEpsilon(t, 1e-4+(0.01-1e-4)*(1+math.Cos(math.Pi*pos[0]/pos[1]))/2, lrs[e], 1e-12, "epoch %d", e+1)
	}
}

// The cycle settings are refused where they do not apply or cannot work,
// naming the flag; a onecycle run cannot be resumed for more epochs.
func TestCycleScheduleFlagMistakes(t *testing.T) {
	train, test := blobFiles(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-lr", "0.1"}, "--max-lr applies to --lr-schedule onecycle, not constant; add --lr-schedule onecycle, or drop --max-lr"},
		{[]string{"--lr-schedule", "step", "--t-0", "3"}, "--t-0 applies to --lr-schedule cosine-restarts, not step; add --lr-schedule cosine-restarts, or drop --t-0"},
		{[]string{"--lr-schedule", "onecycle", "--warmup", "10"}, `invalid --warmup "10": --lr-schedule onecycle rises to --max-lr over its first --pct-start of the steps, its own warm-up; drop --warmup`},
		{[]string{"--lr-schedule", "onecycle", "--anneal-strategy", "cosine"}, `invalid --anneal-strategy "cosine": want one of cos, linear`},
		{[]string{"--lr-schedule", "onecycle", "--pct-start", "1.5"}, `invalid --pct-start "1.5": must be a fraction in [0, 1] of the run's steps`},
		{[]string{"--lr-schedule", "onecycle", "--div-factor", "0"}, `invalid --div-factor "0": must be a finite number > 0`},
		{[]string{"--lr-schedule", "onecycle", "--pct-start", "0.2", "--epochs", "1", "--batch", "60"}, "--lr-schedule onecycle over 1 epoch of 5 steps: nn: OneCycleLR phase 1 of 2 would have no steps (pct_start 0.2 of total_steps 5)"},
		{[]string{"--lr-schedule", "cosine-restarts"}, `invalid --t-0 "0": --lr-schedule cosine-restarts needs the epochs of its first cycle, a positive number like 10`},
		{[]string{"--lr-schedule", "cosine-restarts", "--t-0", "2", "--t-mult", "0"}, `invalid --t-mult "0": must be an integer >= 1`},
		{[]string{"--lr-schedule", "cosine-restarts", "--t-0", "2", "--eta-min", "1"}, `invalid --eta-min "1": must be below --lr (0.01)`},
	} {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "1"}, c.args...)...)...)
		require.ErrorContains(t, err, c.want, "%v", c.args)
	}

	ckpt := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--lr-schedule", "onecycle", "--anneal-strategy", "linear", "--save", ckpt)...)
	require.NoError(t, err)
	// The rate after the cycle's last step is a valid one to save: the
	// complete run loads (PyTorch's would be negative here).
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--lr-schedule", "onecycle", "--resume", "auto", "--save", ckpt)...)
	require.NoError(t, err)
	assert.Contains(t, out, "complete")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "4", "--lr-schedule", "onecycle", "--resume", ckpt)...)
	require.ErrorContains(t, err, `invalid --epochs "4": `+ckpt+" is a --lr-schedule onecycle run of 2 epochs, whose one cycle spans them all; resume it with --epochs 2, or start a new run to train longer")
}
