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

// A run that fails before it writes an event file leaves no --logdir it
// made, nor the parents it made; a directory that was there stays, and a
// run that trains keeps its event files in the directory it made.
func TestFailedRunLeavesNoLogdir(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("f0,f1,f2,f3,species\n1,2,3,4,a\nx,2,3,4,b\n"), 0o644))
	made := filepath.Join(dir, "runs", "a")
	_, _, err := runCLI(context.Background(), blobArgs(bad, test, "--logdir", made)...)
	require.ErrorContains(t, err, `bad.csv:3: column "f0" (index 0): "x" is not a number`)
	assert.NoDirExists(t, filepath.Join(dir, "runs"))

	there := filepath.Join(dir, "there")
	require.NoError(t, os.Mkdir(there, 0o755))
	_, _, err = runCLI(context.Background(), blobArgs(bad, test, "--logdir", there)...)
	require.Error(t, err)
	assert.DirExists(t, there)

	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--logdir", made)...)
	require.NoError(t, err)
	entries, err := os.ReadDir(made)
	require.NoError(t, err)
	var events []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "events.out.tfevents.") {
			events = append(events, e.Name())
		}
	}
	assert.Len(t, events, 1, "the trained run's event file, in %v", entries)
}
