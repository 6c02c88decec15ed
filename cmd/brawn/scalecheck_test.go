package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A CSV of blobs with one feature in the thousands: train warns before
// training, and not with --normalize standard.
func TestTrainWarnsOfUnscaledFeatures(t *testing.T) {
	dir := t.TempDir()
	train, test := blobFiles(t)
	widen := func(src string) string {
		b, err := os.ReadFile(src)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		for i := 1; i < len(lines); i++ {
			f := strings.Split(lines[i], ",")
			v, err := strconv.ParseFloat(f[1], 64)
			require.NoError(t, err)
			f[1] = fmt.Sprint(1000 * v)
			lines[i] = strings.Join(f, ",")
		}
		path := filepath.Join(dir, filepath.Base(src))
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
		return path
	}
	train, test = widen(train), widen(test)
	_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1")...)
	require.NoError(t, err)
	assert.Regexp(t, `warning: `+train+`: the feature ranges differ \d+x \(column "f1" \(index 1\) spans \d+, column "f\d" \(index \d\) spans [\d.]+\) and --normalize is none.*add --normalize standard`, stderr)

	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--normalize", "standard")...)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "feature ranges differ")
	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--quiet")...)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "feature ranges differ")
}
