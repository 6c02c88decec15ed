package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// A resumed run's --json total_seconds counts the time of the processes
// before it, which the checkpoint records, with or without --json; a
// checkpoint written before it recorded them resumes, counting from the
// resumed process's start.
func TestJSONTotalSecondsAccumulatesAcrossResume(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	parts := filepath.Join(dir, "parts.safetensors")
	args := func(extra ...string) []string {
		return blobArgs(train, test, append([]string{"--save", parts, "--epochs", "4"}, extra...)...)
	}
	runInterrupted(t, 23, args("--json", filepath.Join(dir, "first.json"))...)
	m, err := model.Load(parts)
	require.NoError(t, err)
	const key = "json_metrics.total_seconds"
	require.Contains(t, m.State.Scalars, key)
	assert.GreaterOrEqual(t, m.State.Scalars[key], readMetrics(t, filepath.Join(dir, "first.json"))["total_seconds"].(float64))

	// As if the first process had taken 1000 s.
	m.State.Scalars[key] = 1000
	require.NoError(t, model.Save(parts, m))
	runInterrupted(t, 40, args("--resume", parts)...) // without --json, the time is kept all the same
	m, err = model.Load(parts)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, m.State.Scalars[key], 1000.0)
	metrics := filepath.Join(dir, "resumed.json")
	_, _, err = runCLI(context.Background(), args("--resume", parts, "--json", metrics)...)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, readMetrics(t, metrics)["total_seconds"].(float64), 1000.0)

	old := filepath.Join(dir, "old.safetensors")
	args = func(extra ...string) []string {
		return blobArgs(train, test, append([]string{"--save", old, "--epochs", "4"}, extra...)...)
	}
	runInterrupted(t, 23, args()...)
	m, err = model.Load(old)
	require.NoError(t, err)
	delete(m.State.Scalars, key)
	require.NoError(t, model.Save(old, m))
	_, _, err = runCLI(context.Background(), args("--resume", old, "--json", metrics)...)
	require.NoError(t, err)
	assert.Less(t, readMetrics(t, metrics)["total_seconds"].(float64), 1000.0)
}
