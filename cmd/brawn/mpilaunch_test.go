package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brawn train started by mpirun as one of several ranks, without
// --distributed, trains the whole run in every process: rank 0 warns
// that it does (once for the job), and says how to train one run over
// the ranks instead.
func TestTrainWarnsWhenLaunchedWithoutDistributed(t *testing.T) {
	train, test := blobFiles(t)
	for _, c := range []struct {
		rank, size string
		warn       bool
	}{{"0", "2", true}, {"1", "2", false}, {"0", "1", false}, {"", "", false}} {
		t.Setenv("OMPI_COMM_WORLD_RANK", c.rank)
		t.Setenv("OMPI_COMM_WORLD_SIZE", c.size)
		_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1")...)
		require.NoError(t, err)
		const want = "warning: mpirun started 2 copies of brawn train without --distributed: each trains the whole run on its own"
		if c.warn {
			assert.Contains(t, stderr, want, "rank %s of %s", c.rank, c.size)
		} else {
			assert.NotContains(t, stderr, "without --distributed", "rank %s of %s", c.rank, c.size)
		}
	}
}
