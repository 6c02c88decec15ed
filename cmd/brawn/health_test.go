package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A run on two samples gives no dead-unit warning, while the fraction still
// goes to the metrics.
func TestNoDeadUnitWarningOnTinyRun(t *testing.T) {
	dir := t.TempDir()
	data, metrics := filepath.Join(dir, "two.csv"), filepath.Join(dir, "m.json")
	require.NoError(t, os.WriteFile(data, []byte("a,b,label\n1,2,0\n3,4,1\n"), 0o644))
	_, stderr, err := runCLI(context.Background(), "train", "--train", data, "--test", data, "--epochs", "3", "--json", metrics)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "never active")
	l0 := readMetrics(t, metrics)["epochs"].([]any)[0].(map[string]any)["layers"].([]any)[0].(map[string]any)
	assert.Contains(t, l0, "dead_relu_fraction")
}
