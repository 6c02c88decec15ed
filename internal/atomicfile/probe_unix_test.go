//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/unwritable"
)

// TestProbeRefusesUnwritable: Probe and ProbeDir find what Write would
// fail on, creating nothing.
func TestProbeRefusesUnwritable(t *testing.T) {
	ro, why := unwritable.Dir(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(ro, "m.json"), "cannot create files in " + ro},
		{filepath.Join(file, "m.json"), "is not a directory"},
		{filepath.Join(dir, "missing", "m.json"), "does not exist"},
		{filepath.Join(dir, strings.Repeat("n", 256)), "file name too long"},
		{dir, "is a directory"},
	} {
		err := Probe(tc.path)
		if assert.Error(t, err, "%s (%s)", tc.path, why) {
			assert.Contains(t, err.Error(), tc.want)
			var pe *fs.PathError
			assert.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.path, pe.Path)
		}
		err = WriteFile(tc.path, []byte("x"), 0o644)
		assert.Error(t, err, "Write fails where Probe does: %s", tc.path)
	}
	for _, tc := range []struct{ dir, want string }{
		{filepath.Join(ro, "logs"), "cannot create files in " + ro},
		{filepath.Join(ro, "a", "b"), "cannot create files in " + ro},
		{filepath.Join(file, "logs"), file + " is not a directory"},
		{file, file + " is not a directory"},
		{"", "empty directory name"},
	} {
		err := ProbeDir(tc.dir)
		if assert.Error(t, err, tc.dir) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
	assert.Equal(t, []string{"file"}, names(t, dir), "probes leave nothing")
}

func TestProbeAcceptsWritable(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Probe(filepath.Join(dir, "new.json")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.json"), []byte("keep"), 0o444))
	require.NoError(t, Probe(filepath.Join(dir, "old.json")), "a read-only file in a writable directory is replaced by Write")
	require.NoError(t, ProbeDir(dir))
	require.NoError(t, ProbeDir(filepath.Join(dir, "not", "yet")))
	require.NoError(t, Probe("/dev/null"), "written in place")
	assert.Equal(t, []string{"old.json"}, names(t, dir), "probes leave nothing")
	b, err := os.ReadFile(filepath.Join(dir, "old.json"))
	require.NoError(t, err)
	assert.Equal(t, "keep", string(b))
}
