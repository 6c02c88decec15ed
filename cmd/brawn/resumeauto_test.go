package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

// --resume auto without a file at --save starts the run, says so, and
// writes the checkpoint, as the same run without --resume does.
func TestResumeAutoStartsWithoutCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	auto, plain := filepath.Join(dir, "auto.safetensors"), filepath.Join(dir, "plain.safetensors")
	out, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--save", auto, "--resume", "auto")...)
	require.NoError(t, err)
	assert.Contains(t, out, "--resume auto: no checkpoint at "+auto+" yet; starting the run\n")
	assert.Contains(t, out, "saved the model to "+auto)
	assert.NotContains(t, stderr, "warning")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--save", plain)...)
	require.NoError(t, err)
	a, _ := readSafetensors(t, plain)
	b, _ := readSafetensors(t, auto)
	requireSameBits(t, a, b, "without --resume", "--resume auto")
}

// The same command line with --resume auto, interrupted in the middle of
// an epoch and run again, continues from its checkpoint and ends with the
// tensors of the run trained without interruption.
func TestResumeAutoContinuesInterruptedRun(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	full, parts := filepath.Join(dir, "full.safetensors"), filepath.Join(dir, "parts.safetensors")
	args := func(save string) []string {
		return blobArgs(train, test, "--save", save, "--resume", "auto", "--epochs", "4", "--val-split", "0.1", "--dropout", "0.1", "--lr-schedule", "cosine")
	}
	_, _, err := runCLI(context.Background(), args(full)...)
	require.NoError(t, err)

	// Stop after step 23 of 17 per epoch: in the middle of epoch 2.
	err = runInterrupted(t, 23, args(parts)...)
	assert.Contains(t, err.Error(), "interrupted in epoch 2 after step 6 (global step 23): saved the run to "+parts+"; the same command continues it (--resume auto)")

	out, _, err := runCLI(context.Background(), args(parts)...)
	require.NoError(t, err)
	assert.Contains(t, out, "--resume auto: resuming "+parts+" in epoch 2 after step 6 (global step 23)\n")
	a, _ := readSafetensors(t, full)
	b, meta := readSafetensors(t, parts)
	requireSameBits(t, a, b, "uninterrupted", "resumed")
	assert.Equal(t, "4", meta[model.MetaEpoch])
}

// Run again once it is complete, the command line with --resume auto
// says so and succeeds without training or touching the checkpoint, for
// a run that ran its --epochs and for one that early stopping ended; an
// explicit --resume of such a run is still refused.
func TestResumeAutoAfterCompletion(t *testing.T) {
	train, test := blobFiles(t)
	for _, c := range []struct {
		name  string
		extra []string
		want  string
	}{
		{"epochs", []string{"--epochs", "3", "--val-split", "0.2"},
			`^--resume auto: the run in \S+ is complete: it has trained 3 epochs; nothing to train, the checkpoint is left as it is \(more --epochs would continue it\)\nepoch 3: val_loss \S+, test accuracy \d+\.\d\d% \(loss \S+\)\n$`},
		{"early stop", []string{"--epochs", "50", "--val-split", "0.3", "--early-stop", "2", "--lr", "0.05"},
			`^--resume auto: the run in \S+ is complete: it stopped early after epoch (\d+) \(no better validation loss for 2 epochs\) and kept epoch \d+'s weights; nothing to train, the checkpoint is left as it is\nepoch \d+: val_loss \S+, test accuracy \d+\.\d\d% \(loss \S+\)\n$`},
	} {
		ck := filepath.Join(t.TempDir(), "ck.safetensors")
		args := blobArgs(train, test, append([]string{"--save", ck, "--resume", "auto"}, c.extra...)...)
		_, _, err := runCLI(context.Background(), args...)
		require.NoError(t, err, c.name)
		before, err := os.ReadFile(ck)
		require.NoError(t, err)
		st, err := os.Stat(ck)
		require.NoError(t, err)

		out, stderr, err := runCLI(context.Background(), args...)
		require.NoError(t, err, c.name)
		assert.Regexp(t, c.want, out, c.name)
		assert.Contains(t, out, ck, c.name)
		assert.Empty(t, stderr, c.name)
		after, err := os.ReadFile(ck)
		require.NoError(t, err)
		require.Equal(t, before, after, "%s: the checkpoint is left byte for byte", c.name)
		st2, err := os.Stat(ck)
		require.NoError(t, err)
		assert.Equal(t, st.ModTime(), st2.ModTime(), c.name)

		// The result shown is the one recorded for the weights the
		// checkpoint holds: the last epoch's, or the best one's.
		m, err := model.Load(ck)
		require.NoError(t, err)
		kept := m.Epoch
		if c.name == "early stop" {
			best := 0
			for i, e := range m.History {
				if *e.ValLoss < *m.History[best].ValLoss {
					best = i
				}
			}
			kept = best + 1
			assert.Contains(t, out, "and kept epoch "+strconv.Itoa(kept)+"'s weights")
		}
		assert.Contains(t, out, "\nepoch "+strconv.Itoa(kept)+": ", c.name)

		_, _, err = runCLI(context.Background(), blobArgs(train, test, append([]string{"--save", ck, "--resume", ck}, c.extra...)...)...)
		require.Error(t, err, c.name)
	}
}

// --resume auto needs --save, the checkpoint it continues.
func TestResumeAutoNeedsSave(t *testing.T) {
	train, test := blobFiles(t)
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--resume", "auto")...)
	require.EqualError(t, err, `invalid --resume "auto": continues the --save checkpoint when there is one and starts the run otherwise; add --save FILE`)
	c := blobConfig(train, test, "", 1)
	c.Resume = run.ResumeAuto
	require.EqualError(t, c.Validate(nil), `invalid --resume "auto": continues the --save checkpoint when there is one and starts the run otherwise; add --save FILE`)
	require.EqualError(t, run.Train(context.Background(), &c), `invalid --resume "auto": continues the --save checkpoint when there is one and starts the run otherwise; add --save FILE`)
}

// A checkpoint of another run at --save (another network, other data) is
// refused by --resume auto as by --resume, and left as it is.
func TestResumeAutoRefusesOtherRun(t *testing.T) {
	ck, train, test := trainCheckpoint(t)
	before, err := os.ReadFile(ck)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--save", ck, "--resume", "auto", "--epochs", "2", "--layers", "32")...)
	require.ErrorContains(t, err, `--layers "32" differs from the run saved in `+ck+` ("16")`)
	_, _, err = runCLI(context.Background(), "train", "--train", train, "--test", test, "--label-col", "species", "--save", ck, "--resume", "auto", "--model", "Sequential(Linear(4, 3))")
	require.ErrorContains(t, err, ck+" holds the --layers network 4-16-3")
	other := filepath.Join(t.TempDir(), "other.csv")
	blobs(t, other, 300, 9)
	_, _, err = runCLI(context.Background(), blobArgs(other, test, "--save", ck, "--resume", "auto", "--epochs", "2")...)
	require.ErrorContains(t, err, ck+" was trained on other data")
	after, err := os.ReadFile(ck)
	require.NoError(t, err)
	require.Equal(t, before, after)
}

// --resume of a file that does not exist says it is --resume's.
func TestResumeMissingFileNamesFlag(t *testing.T) {
	train, test := blobFiles(t)
	ck := filepath.Join(t.TempDir(), "ck.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", ck, "--resume", ck)...)
	require.EqualError(t, err, "--resume "+ck+": no such file or directory; --resume continues a checkpoint that --save wrote (--resume auto with --save FILE starts the run when FILE does not exist yet)")
	_, err = os.Stat(ck)
	require.ErrorIs(t, err, os.ErrNotExist)
}

// A library run given run.ResumeAuto starts, then is found complete.
func TestLibraryResumeAuto(t *testing.T) {
	train, test := blobFiles(t)
	ck := filepath.Join(t.TempDir(), "ck.safetensors")
	for i, want := range []string{"--resume auto: no checkpoint at " + ck + " yet; starting the run\n", "--resume auto: the run in " + ck + " is complete: it has trained 2 epochs"} {
		c := blobConfig(train, test, ck, 2)
		c.Resume = run.ResumeAuto
		require.NoError(t, c.Validate(nil))
		var out strings.Builder
		c.Out = &out
		require.NoError(t, run.Train(context.Background(), &c), i)
		assert.Contains(t, out.String(), want, i)
		assert.Equal(t, run.ResumeAuto, c.FlagValues()["resume"], i)
	}
}

// A resumed run that writes no model (no --save, --save-weights or
// --save-best) is warned at its start that its result will be saved
// nowhere; one that writes any of them, a new run and --quiet are not.
func TestResumeWithoutSaveWarns(t *testing.T) {
	ck, train, test := trainCheckpoint(t, "--val-split", "0.2")
	dir := t.TempDir()
	const warning = "warning: --resume without --save: this run continues "
	for _, c := range []struct {
		extra []string
		warn  bool
	}{
		{[]string{"--resume", ck}, true},
		{[]string{"--resume", ck, "--json", filepath.Join(dir, "m.json")}, true},
		{[]string{"--resume", ck, "--quiet"}, false},
		{[]string{"--resume", ck, "--save-weights", filepath.Join(dir, "w.safetensors")}, false},
		{[]string{"--resume", ck, "--save-best", filepath.Join(dir, "b.safetensors")}, false},
		{[]string{"--resume", ck, "--save", filepath.Join(dir, "s.safetensors")}, false},
		{nil, false},
	} {
		_, stderr, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "3", "--val-split", "0.2"}, c.extra...)...)...)
		require.NoError(t, err, "%v", c.extra)
		if c.warn {
			assert.Contains(t, stderr, warning+ck+", but the model it ends with will not be saved; add --save FILE (--save "+ck+" continues the checkpoint in place)\n", "%v", c.extra)
		} else {
			assert.NotContains(t, stderr, "--resume without --save", "%v", c.extra)
		}
	}
}
