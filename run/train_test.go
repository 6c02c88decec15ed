package run

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// writeBlobs writes a CSV of n samples of 3 well separated Gaussian
// clusters in 4 dimensions, labelled a, b, c in the last column.
func writeBlobs(t *testing.T, path string, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := [3][4]float64{{0, 0, 0, 0}, {3, 3, 0, 0}, {0, 3, 3, 3}}
	var b strings.Builder
	b.WriteString("f0,f1,f2,f3,species\n")
	for i := range n {
		c := i % 3
		for j := range 4 {
			fmt.Fprintf(&b, "%.4f,", centres[c][j]+0.6*rng.NormFloat64())
		}
		b.WriteString(string(rune('a'+c)) + "\n")
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// DefaultConfig's Arch is the default MLP, with PyTorch's LeakyReLU slope
// (the CLI's --leaky-slope default) for when leakyrelu is chosen.
func TestDefaultConfigIsTheDefaultMLP(t *testing.T) {
	c := DefaultConfig()
	want := *model.DefaultMLP(0, 0)
	want.LeakySlope = 0.01
	assert.Equal(t, want, c.Arch)
	c.Data.Data = "mnist"
	require.NoError(t, c.Validate(nil), "the defaults need only data")
}

// Validate's errors name the setting by its CLI flag; a learning rate set
// in a Go program is kept without a given function, and 0 takes the
// optimizer's default.
func TestValidateNamesTheField(t *testing.T) {
	valid := func() Config {
		c := DefaultConfig()
		c.Data.Data = "mnist"
		return c
	}
	for _, tc := range []struct {
		edit  func(*Config)
		field string
	}{
		{func(c *Config) { c.Epochs = 0 }, "epochs"},
		{func(c *Config) { c.Batch = -1 }, "batch"},
		{func(c *Config) { c.Optimizer = "lbfgs" }, "optimizer"},
		{func(c *Config) { c.Schedule = "multistep" }, "milestones"},
		{func(c *Config) { c.Milestones = []int{8, 4}; c.Schedule = "multistep" }, "milestones"},
		{func(c *Config) { c.Arch.Dropout = 1 }, "dropout"},
		{func(c *Config) { c.Data.Header = "maybe" }, "header"},
		{func(c *Config) { c.EarlyStop = 3 }, "early-stop"},
	} {
		c := valid()
		tc.edit(&c)
		var fe *FieldError
		require.ErrorAs(t, c.Validate(nil), &fe)
		assert.Equal(t, tc.field, fe.Field)
	}
	c := valid()
	c.Optimizer, c.LR = "sgd", 0.05
	require.NoError(t, c.Validate(nil))
	assert.Equal(t, 0.05, c.LR)
	c = valid()
	c.Optimizer = "sgd"
	require.NoError(t, c.Validate(nil))
	assert.Equal(t, 0.01, c.LR)
	c = valid()
	c.Optimizer = "sgd"
	err := c.Validate(func(f string) bool { return f == "beta1" })
	assert.EqualError(t, err, "--beta1 applies to --optimizer adam|adamw, not sgd")
}

// Train runs a Config from Go: the data read from CSV files, the callbacks
// of the Config called at every step, a checkpoint that model.Load reads,
// and the result printed to Out.
func TestTrainFromGo(t *testing.T) {
	dir := t.TempDir()
	train, test, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, train, 300, 1)
	writeBlobs(t, test, 150, 2)
	c := DefaultConfig()
	c.Data.Train, c.Data.Test, c.Data.LabelCol = train, test, "species"
	c.Arch.Hidden = []int{16}
	c.Epochs, c.Batch, c.LR, c.Save = 3, 16, 0.01, save
	steps := 0
	c.Callbacks = []nn.Callback{&callbacks.Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { steps++; return nil }}}
	var out bytes.Buffer
	c.Out = &out
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))
	assert.Equal(t, 3*((300+15)/16), steps)
	assert.Regexp(t, `test accuracy (9\d|100)\.\d\d% \(loss \S+\) on 150 samples, epochs: 3`, out.String())
	m, err := model.Load(save)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Epoch)
	assert.Equal(t, []string{"a", "b", "c"}, m.ClassNames)
	assert.Equal(t, "Sequential(Linear(4, 16), ReLU(), Linear(16, 3))", m.PyTorch())
}

// A run whose context is cancelled returns a *StopError after saving.
func TestTrainInterrupted(t *testing.T) {
	dir := t.TempDir()
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, train, 300, 1)
	c := DefaultConfig()
	c.Data.Train, c.Data.TestSplit, c.Save = train, 0.2, save
	c.Arch.Hidden = []int{8}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Callbacks = []nn.Callback{&callbacks.Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.GlobalStep == 1 {
			cancel()
		}
		return nil
	}}}
	require.NoError(t, c.Validate(nil))
	err := Train(ctx, &c)
	var se *StopError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "interrupted", se.Stopped)
	assert.Contains(t, err.Error(), "interrupted in epoch 1 after step 1 (global step 1): saved the run to "+save)
	_, err = model.Load(save)
	require.NoError(t, err)
}
