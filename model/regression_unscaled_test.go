package model

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// An MLP regression saved without target standardization (a library user
// who predicts the targets as they are) loads back: Save wrote it, so Load
// must read it, and it predicts the same values.
func TestLoadRegressionArchWithoutTargets(t *testing.T) {
	arch := &MLP{Inputs: 3, Hidden: []int{4}, Outputs: 2, Activation: "relu"}
	net, err := arch.Build()
	require.NoError(t, err)
	path := tempFile(t)
	m := &Model{Net: net, Arch: arch, Epoch: 1}
	require.NoError(t, Save(path, m))
	back, err := Load(path)
	require.NoError(t, err)
	require.Nil(t, back.Targets)
	require.Equal(t, 2, back.NumOutputs())
	x := []float32{0.5, -1, 2, 1, 0, -0.25}
	want, err := m.Predict(x, 2)
	require.NoError(t, err)
	got, err := back.Predict(x, 2)
	require.NoError(t, err)
	require.Equal(t, want.Targets, got.Targets)
}
