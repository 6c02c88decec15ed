//go:build !mpi || !cgo

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Without the build tag mpi, --distributed says how to build brawn with
// MPI instead of training alone.
func TestDistributedNeedsMPIBuild(t *testing.T) {
	train, test := blobFiles(t)
	_, _, err := runCLI(context.Background(), "train", "--distributed", "--train", train, "--test", test, "--epochs", "1")
	if err == nil || !strings.Contains(err.Error(), "built without MPI") || !strings.Contains(err.Error(), "go build -tags mpi ./cmd/brawn") {
		t.Fatalf("got %v, want the build hint", err)
	}
}

// The stall check's settings come from the environment, with Horovod's
// defaults (a warning after a minute, no shutdown), and a bad value is an
// error naming the variable.
func TestStallTimes(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	warn, shutdown, err := stallTimes(env(nil))
	require.NoError(t, err)
	assert.Equal(t, time.Minute, warn)
	assert.Equal(t, time.Duration(0), shutdown)
	warn, shutdown, err = stallTimes(env(map[string]string{"BRAWN_STALL_WARNING": "0", "BRAWN_STALL_SHUTDOWN": "10m"}))
	require.NoError(t, err)
	assert.Equal(t, time.Duration(0), warn)
	assert.Equal(t, 10*time.Minute, shutdown)
	_, _, err = stallTimes(env(map[string]string{"BRAWN_STALL_SHUTDOWN": "ten minutes"}))
	require.EqualError(t, err, `BRAWN_STALL_SHUTDOWN="ten minutes": expected a duration of 0 or more, such as 90s or 10m`)
	_, _, err = stallTimes(env(map[string]string{"BRAWN_STALL_WARNING": "-1s"}))
	require.EqualError(t, err, `BRAWN_STALL_WARNING="-1s": expected a duration of 0 or more, such as 90s or 10m`)
}
