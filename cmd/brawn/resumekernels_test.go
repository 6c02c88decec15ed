package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
)

// A checkpoint records the kernels it was computed with (kernels.Signature:
// the level and its SGEMM's slice depths); resuming it on another level (a
// requeued job on an older node), or at the level on a CPU whose caches
// give other depths, warns that the run goes on, but not bit for bit. A
// file of an earlier version, with the level alone, warns only of another
// level.
func TestResumeOnAnotherKernelLevelWarns(t *testing.T) {
	modelPath, train, test := trainCheckpoint(t)
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	require.Equal(t, kernels.Signature(), m.Kernels)

	_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--epochs", "3")...)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "kernels")

	edited := editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
		meta[model.MetaKernels] = "neon-of-another-machine"
	})
	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--resume", edited, "--epochs", "3")...)
	require.NoError(t, err)
	assert.Contains(t, stderr, "warning: "+edited+" was trained with the neon-of-another-machine kernels, and this run computes with the "+kernels.Active().String()+" ones: it goes on, but its results will not be the bits")

	level, depths, _ := strings.Cut(kernels.Signature(), " kc=")
	edited = editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
		meta[model.MetaKernels] = level + " kc=1000"
	})
	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--resume", edited, "--epochs", "3")...)
	require.NoError(t, err)
	assert.Contains(t, stderr, "warning: "+edited+" was trained with the "+level+" kernels summing products in slices of 1000, and this CPU's caches give "+depths+": it goes on, but its results will not be the bits")

	edited = editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
		meta[model.MetaKernels] = level
	})
	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--resume", edited, "--epochs", "3")...)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "kernels")
}
