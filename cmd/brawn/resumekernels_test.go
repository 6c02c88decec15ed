package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
)

// A checkpoint records the kernel level it was computed with; resuming it
// on another level (a requeued job on an older node) warns that the run
// goes on, but not bit for bit.
func TestResumeOnAnotherKernelLevelWarns(t *testing.T) {
	modelPath, train, test := trainCheckpoint(t)
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	require.Equal(t, kernels.Active().String(), m.Kernels)

	_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--epochs", "3")...)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "kernels")

	edited := editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
		meta[model.MetaKernels] = "neon-of-another-machine"
	})
	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--resume", edited, "--epochs", "3")...)
	require.NoError(t, err)
	assert.Contains(t, stderr, "warning: "+edited+" was trained with the neon-of-another-machine kernels, and this run computes with the "+kernels.Active().String()+" ones: it goes on, but its results will not be the bits")
}
