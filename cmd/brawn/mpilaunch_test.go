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
	for _, v := range []string{"PMI_RANK", "PMI_SIZE", "SLURM_PROCID", "SLURM_STEP_NUM_TASKS"} {
		t.Setenv(v, "")
	}
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

// srun -n 2 brawn train (Slurm starting the tasks, without an MPI's
// variables) is warned about as mpirun is, on rank 0, naming srun; a
// Slurm batch script of several tasks that runs brawn train itself, which
// srun did not start, is not.
func TestTrainWarnsWhenSrunStartsCopies(t *testing.T) {
	train, test := blobFiles(t)
	for _, v := range []string{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMI_SIZE"} {
		t.Setenv(v, "")
	}
	for _, c := range []struct {
		procid, stepTasks, ntasks string
		warn                      bool
	}{{"0", "2", "2", true}, {"1", "2", "2", false}, {"0", "1", "4", false}, {"0", "", "4", false}} {
		t.Setenv("SLURM_PROCID", c.procid)
		t.Setenv("SLURM_STEP_NUM_TASKS", c.stepTasks)
		t.Setenv("SLURM_NTASKS", c.ntasks)
		_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1")...)
		require.NoError(t, err)
		const want = "warning: srun started 2 copies of brawn train without --distributed: each trains the whole run on its own"
		if c.warn {
			assert.Contains(t, stderr, want, "%+v", c)
		} else {
			assert.NotContains(t, stderr, "without --distributed", "%+v", c)
		}
	}
}
