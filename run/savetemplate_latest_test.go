package run

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
)

// --resume auto takes the file of the latest epoch; two files of an
// earlier epoch (another run's) do not stand in its way, and two of the
// latest are refused, naming both.
func TestLatestTemplateFile(t *testing.T) {
	dir := t.TempDir()
	p, err := callbacks.ParsePathTemplate(filepath.Join(dir, "ck-{epoch:02d}-{loss:.4f}.safetensors"))
	require.NoError(t, err)
	touch := func(names ...string) {
		for _, n := range names {
			require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
		}
	}
	got, err := latestTemplateFile(p)
	require.NoError(t, err)
	assert.Empty(t, got, "no file yet")

	touch("ck-01-1.0000.safetensors", "ck-01-2.0000.safetensors", "ck-02-1.0000.safetensors", "notes.txt")
	got, err = latestTemplateFile(p)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "ck-02-1.0000.safetensors"), got)

	touch("ck-02-0.5000.safetensors")
	_, err = latestTemplateFile(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ck-02-0.5000.safetensors and "+filepath.Join(dir, "ck-02-1.0000.safetensors")+" are both epoch 2's files")
}
