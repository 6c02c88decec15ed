package nn

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEffectiveThreads checks that a model runs on its thread setting,
// or on GOMAXPROCS when the setting is 0, whatever GOMAXPROCS is then.
func TestEffectiveThreads(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	m, err := NewSequential(4, NewLinear(4, 2))
	require.NoError(t, err)
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		m.SetThreads(0)
		assert.Equal(t, procs, m.EffectiveThreads(), "setting 0, GOMAXPROCS %d", procs)
		m.SetThreads(5)
		assert.Equal(t, 5, m.EffectiveThreads(), "setting 5, GOMAXPROCS %d", procs)
	}
}
