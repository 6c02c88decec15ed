package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLongNamesWrite: any name the file system takes (up to 255 bytes)
// can be written, though ".name.tmpDIGITS" would be longer than that.
func TestLongNamesWrite(t *testing.T) {
	dir := t.TempDir()
	for _, base := range []string{
		strings.Repeat("a", 241),
		strings.Repeat("b", 255),
		strings.Repeat("é", 127) + "x", // 255 bytes, 2-byte characters
		strings.Repeat("c", 240) + ".safetensors",
	} {
		p := filepath.Join(dir, base)
		require.NoError(t, WriteFile(p, []byte("content"), 0o644), "%d bytes", len(base))
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, "content", string(b))
		require.NoError(t, Probe(p))
		l, err := LockPath(p)
		require.NoError(t, err)
		l.Unlock()
	}
	assert.Len(t, names(t, dir), 4, "only the targets are left")
}

func TestSideNamesFitAndDiffer(t *testing.T) {
	seen := map[string]string{}
	for n := 1; n <= maxNameLen; n++ {
		for _, base := range []string{strings.Repeat("x", n), strings.Repeat("x", n-1) + "y", strings.Repeat("€", n/3+1)[:n]} {
			p := tempPrefix(base)
			assert.LessOrEqual(t, len(p)+tempDigits, maxNameLen, "%d bytes", n)
			assert.LessOrEqual(t, len(lockName(base)), maxNameLen)
			assert.True(t, strings.HasPrefix(p, "."+base[:min(len(base), 200)]), "recognisable")
			if prev, ok := seen[p]; ok && prev != base {
				t.Errorf("%q and %q share the temporary prefix %q", prev, base, p)
			}
			seen[p] = base
			assert.True(t, isTempOf(p+"1234567890", base))
			assert.False(t, isTempOf(p+"12345678901", base), "more digits than CreateTemp writes")
			assert.False(t, isTempOf(p, base), "no digits")
			assert.False(t, isTempOf(p+"12a", base))
		}
	}
	assert.Equal(t, ".m.safetensors.tmp", tempPrefix("m.safetensors"), "short names keep the plain naming")
	assert.Equal(t, ".m.safetensors.lock", lockName("m.safetensors"))
	assert.False(t, isTempOf(".m.safetensors.tmp1", "m"), "another target's")
}
