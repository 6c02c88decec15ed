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

// A model that normalises each batch with its own statistics
// (track_running_stats=False) cannot evaluate a batch of one row: predict
// and eval, whose --batch rows would leave one, run the last batch+1 rows
// as two batches of nearly equal size, and say so on stderr.
func TestEvenedLastBatchNote(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "m.safetensors")
	_, errOut, err := runCLI(context.Background(), "train", "--train", train, "--test", test, "--label-col", "species", "--model", bn1dOptions,
		"--batch", "16", "--epochs", "1", "--seed", "3", "--save", ckpt)
	require.NoError(t, err, errOut)
	b, err := os.ReadFile(test)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(b), "\n")
	rows := func(n int) string {
		path := filepath.Join(dir, "rows.csv")
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines[:n+1], "")), 0o644))
		return path
	}
	const note = "note: --batch 4: the model normalises each batch with the batch's own statistics (a batch norm with track_running_stats=False), " +
		"and its last 5 rows would leave a batch of 1 row, which has no variance: they ran as batches of 3 and 2 rows"
	for _, c := range []struct {
		cmd      string
		rows     int
		batch    string
		wantNote bool
	}{
		{"predict", 5, "4", true}, {"predict", 9, "4", true}, {"predict", 5, "5", false}, {"predict", 8, "4", false},
		{"eval", 9, "4", true}, {"eval", 10, "4", false},
	} {
		args := []string{c.cmd, "--model", ckpt, "--batch", c.batch, "--label-col", "species"}
		if c.cmd == "predict" {
			args = append(args, "--input", rows(c.rows))
		} else {
			args = append(args, "--test", rows(c.rows))
		}
		_, errOut, err := runCLI(context.Background(), args...)
		require.NoError(t, err, errOut)
		if c.wantNote {
			assert.Equal(t, note+"\n", errOut, "%s of %d rows at --batch %s", c.cmd, c.rows, c.batch)
		} else {
			assert.Empty(t, errOut, "%s of %d rows at --batch %s", c.cmd, c.rows, c.batch)
		}
	}
}
