package dist

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The stall check's settings come from the environment, with Horovod's
// defaults (a warning after a minute, no shutdown), and a bad value is an
// error naming the variable.
func TestStallTimesFromEnv(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	warn, shutdown, err := StallTimesFromEnv(env(nil))
	require.NoError(t, err)
	assert.Equal(t, time.Minute, warn)
	assert.Equal(t, time.Duration(0), shutdown)
	warn, shutdown, err = StallTimesFromEnv(env(map[string]string{"BRAWN_STALL_WARNING": "0", "BRAWN_STALL_SHUTDOWN": "10m"}))
	require.NoError(t, err)
	assert.Equal(t, time.Duration(0), warn)
	assert.Equal(t, 10*time.Minute, shutdown)
	warn, _, err = StallTimesFromEnv(env(map[string]string{"BRAWN_STALL_WARNING": "1m30s"}))
	require.NoError(t, err)
	assert.Equal(t, 90*time.Second, warn)
	_, _, err = StallTimesFromEnv(env(map[string]string{"BRAWN_STALL_SHUTDOWN": "ten minutes"}))
	require.EqualError(t, err, `BRAWN_STALL_SHUTDOWN="ten minutes": expected a duration of 0 or more, such as 90s or 10m`)
	_, _, err = StallTimesFromEnv(env(map[string]string{"BRAWN_STALL_WARNING": "-1s"}))
	require.EqualError(t, err, `BRAWN_STALL_WARNING="-1s": expected a duration of 0 or more, such as 90s or 10m`)
}
