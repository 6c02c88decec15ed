package main

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// --clip-value clamps each gradient value: with SGD and a clip of 1e-9
// the weights barely move from an epoch to the next, where the run without
// it moves them far. The value is the run's: a resumed run keeps it and
// refuses another, and a checkpoint of a brawn before the flag resumes
// without it.
func TestClipValue(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	run := func(save string, extra ...string) error {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--optimizer", "sgd", "--save", save}, extra...)...)...)
		return err
	}
	weights := func(path string) map[string][]float32 {
		m, err := model.Load(path)
		require.NoError(t, err)
		return m.Weights()
	}
	maxDiff := func(a, b map[string][]float32) float64 {
		d := 0.0
		for k, v := range a {
			for i := range v {
				d = math.Max(d, math.Abs(float64(v[i]-b[k][i])))
			}
		}
		return d
	}
	free1, free2 := filepath.Join(dir, "free1.safetensors"), filepath.Join(dir, "free2.safetensors")
	clip1, clip2 := filepath.Join(dir, "clip1.safetensors"), filepath.Join(dir, "clip2.safetensors")
	require.NoError(t, run(free1, "--epochs", "1"))
	require.NoError(t, run(free2, "--epochs", "2"))
	require.NoError(t, run(clip1, "--epochs", "1", "--clip-value", "1e-9"))
	require.NoError(t, run(clip2, "--epochs", "2", "--clip-value", "1e-9"))
	assert.Greater(t, maxDiff(weights(free1), weights(free2)), 1e-3, "an epoch without clipping moves the weights")
	assert.Less(t, maxDiff(weights(clip1), weights(clip2)), 1e-6, "an epoch of values clipped to 1e-9 does not")
	assert.Greater(t, maxDiff(weights(free1), weights(clip1)), 1e-3)

	m, err := model.Load(clip1)
	require.NoError(t, err)
	assert.Equal(t, "1e-09", m.Config["clip-value"])
	require.ErrorContains(t, run(clip1, "--epochs", "2", "--resume", clip1, "--clip-value", "0.5"),
		`--clip-value "0.5" differs from the run saved in `+clip1+` ("1e-09")`)
	require.NoError(t, run(clip1, "--epochs", "2", "--resume", clip1))
	assert.Equal(t, weights(clip2), weights(clip1), "resumed with the saved --clip-value")

	delete(m.Config, "clip-value") // as a brawn before the flag wrote it
	older := filepath.Join(dir, "older.safetensors")
	require.NoError(t, model.Save(older, m))
	require.Error(t, run(older, "--epochs", "2", "--resume", older, "--clip-value", "0.5"))
	require.NoError(t, run(older, "--epochs", "2", "--resume", older))
}
