package nn

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// A count below 2^53 that an int cannot hold (2^40 where an int has 32
// bits) is refused, not wrapped around.
func TestStateCountFitsAnInt(t *testing.T) {
	s := NewState()
	s.setScalar("step", 1<<40)
	n, err := s.count("step")
	if strconv.IntSize == 32 {
		require.EqualError(t, err, `nn: state entry "step" is 1.099511627776e+12, more than an int counts on this 32-bit platform (2147483647)`)
		return
	}
	require.NoError(t, err)
	require.Equal(t, int64(1<<40), int64(n))
}
