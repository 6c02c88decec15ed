package run

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// A DataConfig that Validate refuses is left as it was given, so that a
// caller printing it afterwards shows the settings that were refused, not
// blanks or half-normalized ones; one it accepts is normalized.
func TestDataConfigValidateKeepsRefusedSettings(t *testing.T) {
	for _, tc := range []struct {
		name      string
		d         DataConfig
		needTrain bool
		err       string
	}{
		{"data", DataConfig{Data: "cifar"}, false, "--data"},
		{"header", DataConfig{Test: "t.csv", Header: "maybe", Delimiter: "tab"}, false, "--header"},
		{"delimiter", DataConfig{Test: "t.csv", Header: "YES", Delimiter: ";;"}, false, "--delimiter"},
		{"task", DataConfig{Test: "t.csv", Header: "No", Delimiter: ",", Task: "clustering"}, false, "--task"},
		{"task with data", DataConfig{Data: "MNIST", Header: "Auto", Delimiter: ",", Task: "Regression"}, false, "--task"},
		{"normalize", DataConfig{Train: "a.csv", Test: "t.csv", Header: "auto", Delimiter: ",", Task: "Classification", Normalize: "zscore"}, true, "--normalize"},
	} {
		d := tc.d
		require.ErrorContains(t, d.Validate(tc.needTrain), tc.err, tc.name)
		assert.Equal(t, tc.d, d, tc.name)
	}

	d := DataConfig{Data: "MNIST", Header: " Yes", Delimiter: "tab", Task: "Classification"}
	require.NoError(t, d.Validate(false))
	assert.Equal(t, DataConfig{Data: "mnist", Header: "yes", Delimiter: "\t", Task: "classification"}, d)
}

func TestConfigValidateKeepsRefusedSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(c *Config)
		err  string
	}{
		// Each refusal comes after settings Validate normalizes (the
		// activation's case, the data's aliases, the default init).
		{"init", func(c *Config) { c.Arch.Activation = "ReLU"; c.Init = "glorot-ish" }, "--init"},
		{"optimizer", func(c *Config) { c.Arch.Activation = "Tanh"; c.Optimizer = "adamax" }, "--optimizer"},
		{"activation", func(c *Config) { c.Data.Header = "Yes"; c.Arch.Activation = "swishy" }, "--activation"},
	} {
		c := DefaultConfig()
		c.Data.Data = "MNIST"
		tc.set(&c)
		given := c
		require.ErrorContains(t, c.Validate(nil), tc.err, tc.name)
		assert.Equal(t, given, c, tc.name)
	}

	c := DefaultConfig()
	c.Data.Data = "MNIST"
	c.Arch.Activation = "ReLU"
	require.NoError(t, c.Validate(nil))
	assert.Equal(t, "relu", c.Arch.Activation)
	assert.Equal(t, "mnist", c.Data.Data)
}

// adamw's weight decay not given is torch.optim.AdamW's 0.01; given, 0
// stays 0; the other optimizers keep 0.
func TestValidateAdamWDecay(t *testing.T) {
	for _, tc := range []struct {
		optimizer string
		given     bool
		decay     float64
	}{{"adamw", false, 0.01}, {"adamw", true, 0}, {"adam", false, 0}, {"sgd", false, 0}} {
		c := DefaultConfig()
		c.Data.Data, c.Optimizer = "mnist", tc.optimizer
		require.NoError(t, c.Validate(func(f string) bool { return tc.given && f == "weight-decay" }))
		assert.Equal(t, tc.decay, c.WeightDecay, "%s, given %v", tc.optimizer, tc.given)
		assert.Equal(t, formatFloat(tc.decay), c.FlagValues()["weight-decay"], "the checkpoint records it")
	}
	assert.Equal(t, 0.01, nn.DefaultAdamWWeightDecay, "torch.optim.AdamW's default")
}
