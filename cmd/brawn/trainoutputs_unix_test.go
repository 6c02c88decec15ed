//go:build unix

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

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/internal/unwritable"
)

// TestUnwritableOutputsRefusedBeforeTraining: an output in a directory
// where no file can be created is refused before the data are read (it
// used to fail after every epoch had trained, losing the model).
func TestUnwritableOutputsRefusedBeforeTraining(t *testing.T) {
	ro, why := unwritable.Dir(t)
	train, test := blobFiles(t)
	for _, c := range []struct{ flag, path string }{
		{"--save", filepath.Join(ro, "m.safetensors")},
		{"--json", filepath.Join(ro, "m.json")},
		{"--plot", filepath.Join(ro, "m.png")},
		{"--save-weights", filepath.Join(ro, "w.safetensors")},
		{"--logdir", filepath.Join(ro, "logs")},
	} {
		out, _, err := runCLI(context.Background(), blobArgs(train, test, c.flag, c.path)...)
		if assert.Error(t, err, "%s in a directory of %s", c.flag, why) {
			assert.Contains(t, err.Error(), "invalid "+c.flag+` "`+c.path+`": cannot create files in `+ro)
		}
		assert.Empty(t, out, "nothing ran")
	}
}

// TestLongOutputNamesWork: a 250-byte file name is valid; its temporary
// name used to exceed 255 bytes, failing the save after training.
func TestLongOutputNamesWork(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	long := strings.Repeat("m", 240)
	model, metrics := filepath.Join(dir, long+".safetensors"), filepath.Join(dir, long+".json")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", model, "--json", metrics)...)
	require.NoError(t, err)
	assert.FileExists(t, model)
	assert.FileExists(t, metrics)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "no temporary or lock file left")
}

// TestEmptyOutputFlagsRefused: --save "" trained and saved nothing, with
// no word.
func TestEmptyOutputFlagsRefused(t *testing.T) {
	train, test := blobFiles(t)
	for _, flag := range []string{"save", "save-best", "save-weights", "json", "plot", "logdir", "resume"} {
		out, _, err := runCLI(context.Background(), blobArgs(train, test, "--"+flag, "")...)
		assert.EqualError(t, err, `invalid --`+flag+` "": is empty; give a file name, or leave the flag out`)
		assert.Empty(t, out)
	}
}

// TestSecondRunOnSamePathRefused: a run refuses an output another run
// holds (two runs saving to one path wrote it in turn); the lock is an
// flock, which a second open in this process conflicts with as another
// process's would.
func TestSecondRunOnSamePathRefused(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	model, metrics := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json")
	for _, c := range []struct{ flag, path string }{{"--save", model}, {"--json", metrics}} {
		l, err := atomicfile.LockPath(c.path)
		require.NoError(t, err)
		out, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", model, "--json", metrics)...)
		l.Unlock()
		assert.EqualError(t, err, c.flag+" "+c.path+": another run in this process (pid "+strconv.Itoa(os.Getpid())+") is writing this file; wait for it to end, or choose another file (lock file "+filepath.Join(dir, "."+filepath.Base(c.path)+".lock")+")")
		assert.Empty(t, out)
		assert.NoFileExists(t, model)
		assert.NoFileExists(t, metrics)
	}
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", model, "--json", metrics)...)
	require.NoError(t, err, "free once the other run ends")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "the run removes its lock files")
}

// TestSaveRemovesStaleTemporary: the temporary file of a save killed
// half-way (kill -9) is removed by the next save to that path.
func TestSaveRemovesStaleTemporary(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	model := filepath.Join(dir, "m.safetensors")
	stale := filepath.Join(dir, ".m.safetensors.tmp3141592653")
	require.NoError(t, os.WriteFile(stale, []byte("half a checkpoint"), 0o600))
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", model)...)
	require.NoError(t, err)
	assert.NoFileExists(t, stale)
	assert.FileExists(t, model)
}

// Two runs given one --logdir (a job array's tasks) would mix their
// curves in one TensorBoard run: the second is refused and told to give
// each its own directory; one after the other they share it, as a
// resumed run does.
func TestSecondRunOnSameLogdirRefused(t *testing.T) {
	train, test := blobFiles(t)
	logdir := filepath.Join(t.TempDir(), "runs")
	require.NoError(t, os.Mkdir(logdir, 0o755))
	l, err := atomicfile.LockPath(filepath.Join(logdir, "brawn-run"))
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--logdir", logdir)...)
	l.Unlock()
	assert.EqualError(t, err, "--logdir "+logdir+": another run in this process (pid "+strconv.Itoa(os.Getpid())+") is writing its event files here; give each run its own directory (TensorBoard shows each subdirectory of the directory it is given as a run, e.g. --logdir "+filepath.Join(logdir, "seed2")+"), or wait for it to end (lock file "+filepath.Join(logdir, ".brawn-run.lock")+")")
	assert.Empty(t, names(t, logdir), "nothing written")
	for range 2 {
		_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--logdir", logdir)...)
		require.NoError(t, err)
	}
	events := names(t, logdir)
	assert.Len(t, events, 2, "two event files, no lock file: %v", events)
}
