package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A checkpoint of a --distributed run resumes in one process, without
// MPI, with --distributed left out or given false: the process computes
// its batches in the ranks' leaves (nn.DefaultLeaf), so it continues the
// run as any number of ranks would, and its checkpoints say so for the
// next resume. A plain run's checkpoint resumes with whole batches.
func TestResumeDistributedCheckpointInOneProcess(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	plain, distributed := filepath.Join(dir, "plain.safetensors"), filepath.Join(dir, "dist.safetensors")
	args := func(extra ...string) []string {
		return blobArgs(train, test, append([]string{"--batch", "64", "--lr-schedule", "cosine", "--t-max", "3"}, extra...)...)
	}
	_, _, err := runCLI(context.Background(), args("--epochs", "1", "--save", plain)...)
	require.NoError(t, err)
	m, err := model.Load(plain)
	require.NoError(t, err)
	require.Equal(t, "false", m.Config["distributed"])
	m.Config["distributed"] = "true"
	require.NoError(t, model.Save(distributed, m))

	for _, c := range []struct {
		from  string
		extra []string
		leaf  int
		rec   string
	}{
		{distributed, nil, nn.DefaultLeaf, "true"},
		{distributed, []string{"--distributed=false"}, nn.DefaultLeaf, "true"},
		{plain, nil, 0, "false"},
		{plain, []string{"--distributed=false"}, 0, "false"},
	} {
		out := filepath.Join(t.TempDir(), "out.safetensors")
		var leaves []int
		hook := stepHook(func(tr *nn.Trainer, _ *nn.StepInfo) { leaves = append(leaves, tr.Leaf) })
		_, _, err := runCLIWith(context.Background(), hook, args(append([]string{"--epochs", "2", "--resume", c.from, "--save", out}, c.extra...)...)...)
		require.NoError(t, err, "%s %v", c.from, c.extra)
		require.NotEmpty(t, leaves)
		for _, l := range leaves {
			require.Equal(t, c.leaf, l, "%s %v: leaf", c.from, c.extra)
		}
		r, err := model.Load(out)
		require.NoError(t, err)
		assert.Equal(t, c.rec, r.Config["distributed"], "%s %v: recorded --distributed", c.from, c.extra)
		assert.Equal(t, 2, r.Epoch)
	}
}
