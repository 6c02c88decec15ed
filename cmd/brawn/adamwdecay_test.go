package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// --optimizer adamw without --weight-decay decays by 0.01, as
// torch.optim.AdamW: its weights are those of --weight-decay 0.01 and not
// adam's, the summary says the decay, and the checkpoint records it.
// --weight-decay 0 stays 0: AdamW without decay, which is adam.
func TestAdamWDefaultWeightDecay(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	trainWith := func(name string, flags ...string) (string, map[string]stTensor, map[string]string) {
		t.Helper()
		path := filepath.Join(dir, name+".safetensors")
		out, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "2", "--save", path}, flags...)...)...)
		require.NoError(t, err)
		tensors, meta := readSafetensors(t, path)
		return out, tensors, meta
	}
	out, byDefault, meta := trainWith("default", "--optimizer", "adamw")
	assert.Contains(t, out, "AdamW, lr 0.01, weight decay 0.01, batch 16")
	assert.Contains(t, meta[model.MetaConfig], `"weight-decay":"0.01"`)
	_, given, _ := trainWith("given", "--optimizer", "adamw", "--weight-decay", "0.01")
	requireSameBits(t, given, byDefault, "--weight-decay 0.01", "the default")

	out, none, meta := trainWith("none", "--optimizer", "adamw", "--weight-decay", "0")
	assert.Contains(t, out, "AdamW, lr 0.01, weight decay 0, batch 16")
	assert.Contains(t, meta[model.MetaConfig], `"weight-decay":"0"`)
	out, adam, _ := trainWith("adam", "--optimizer", "adam")
	assert.Contains(t, out, "Adam, lr 0.01, batch 16", "adam without decay does not mention it")
	requireSameBits(t, adam, none, "adam", "adamw --weight-decay 0")
	assert.NotEqual(t, adam["0.weight"].Data, byDefault["0.weight"].Data, "the default decays")
}

// A checkpoint of an adamw run without decay, as brawn wrote before
// adamw's default was 0.01 (recording --weight-decay 0, or, older, no
// weight-decay at all), resumes without decay: the resumed run's weights
// are those of the run trained through without decay, and its
// checkpoint records 0.
func TestAdamWResumeKeepsRecordedDecay(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	through := filepath.Join(dir, "through.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--optimizer", "adamw", "--weight-decay", "0", "--epochs", "2", "--save", through)...)
	require.NoError(t, err)
	want, _ := readSafetensors(t, through)

	for _, recorded := range []string{"0", "none"} {
		path := filepath.Join(dir, "resumed-"+recorded+".safetensors")
		_, _, err := runCLI(context.Background(), blobArgs(train, test, "--optimizer", "adamw", "--weight-decay", "0", "--epochs", "1", "--save", path)...)
		require.NoError(t, err)
		m, err := model.Load(path)
		require.NoError(t, err)
		require.Equal(t, "0", m.Config["weight-decay"])
		if recorded == "none" {
			delete(m.Config, "weight-decay")
			require.NoError(t, model.Save(path, m))
		}
		out, _, err := runCLI(context.Background(), blobArgs(train, test, "--resume", path, "--save", path, "--epochs", "2")...)
		require.NoError(t, err, recorded)
		assert.Contains(t, out, "AdamW, lr 0.01, weight decay 0, batch 16", recorded)
		got, meta := readSafetensors(t, path)
		assert.Contains(t, meta[model.MetaConfig], `"weight-decay":"0"`, recorded)
		requireSameBits(t, want, got, "trained through", "resumed with "+recorded+" recorded")
	}
}
