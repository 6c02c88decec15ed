package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --csv-log writes Keras's CSVLogger columns, a row per epoch; a run
// interrupted in its third epoch and resumed ends with the file of the
// run trained through. It is an output: refused on an input file or the
// --resume checkpoint, and not recorded.
func TestCSVLog(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	through := filepath.Join(dir, "through.csv")
	flags := []string{"--epochs", "4", "--val-split", "0.2"}
	_, _, err := runCLI(context.Background(), blobArgs(train, test, append(flags, "--csv-log", through)...)...)
	require.NoError(t, err)
	want, err := os.ReadFile(through)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	require.Len(t, lines, 5)
	assert.Equal(t, "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss", lines[0])
	assert.Regexp(t, `^4,[0-9.e-]+,0\.01,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+$`, lines[4])

	log, ckpt := filepath.Join(dir, "log.csv"), filepath.Join(dir, "run.safetensors")
	runInterrupted(t, 2*15+3, blobArgs(train, test, append(flags, "--csv-log", log, "--save", ckpt)...)...)
	got, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, strings.Join(lines[:3], "\n")+"\n", string(got), "the rows of the epochs done")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, append(flags, "--csv-log", log, "--save", ckpt, "--resume", ckpt)...)...)
	require.NoError(t, err)
	got, err = os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))

	requireFlagErrors(t, train, test, []flagError{
		{[]string{"--csv-log", train}, `invalid --csv-log "` + train + `": is the --train data file; writing it would overwrite the data`},
		{[]string{"--csv-log", ckpt, "--resume", ckpt}, `invalid --csv-log "` + ckpt + `": is the --resume checkpoint; writing it would overwrite the checkpoint`},
		{[]string{"--csv-log", log, "--json", log}, `invalid --csv-log "` + log + `": is also the --json file; give each output its own file`},
	})
}
