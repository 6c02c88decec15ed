package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brawn train started by mpirun, or by Slurm's srun without an MPI's
// variables, as one of several ranks, without --distributed, trains the
// whole run in every process: rank 0 warns that it does (once for the
// job), naming the launcher, and says how to train one run over the ranks
// instead. A Slurm batch script of several tasks that runs brawn train
// itself, which srun did not start, is not warned.
func TestTrainWarnsWhenLaunchedWithoutDistributed(t *testing.T) {
	train, test := blobFiles(t)
	vars := []string{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMI_SIZE", "SLURM_PROCID", "SLURM_STEP_NUM_TASKS", "SLURM_NTASKS"}
	for _, c := range []struct {
		env  map[string]string
		warn string // the launcher named, "" for no warning
	}{
		{map[string]string{"OMPI_COMM_WORLD_RANK": "0", "OMPI_COMM_WORLD_SIZE": "2"}, "mpirun"},
		{map[string]string{"OMPI_COMM_WORLD_RANK": "1", "OMPI_COMM_WORLD_SIZE": "2"}, ""},
		{map[string]string{"OMPI_COMM_WORLD_RANK": "0", "OMPI_COMM_WORLD_SIZE": "1"}, ""},
		{map[string]string{}, ""},
		{map[string]string{"SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "2", "SLURM_NTASKS": "2"}, "srun"},
		{map[string]string{"SLURM_PROCID": "1", "SLURM_STEP_NUM_TASKS": "2", "SLURM_NTASKS": "2"}, ""},
		{map[string]string{"SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "1", "SLURM_NTASKS": "4"}, ""},
		{map[string]string{"SLURM_PROCID": "0", "SLURM_NTASKS": "4"}, ""}, // sbatch -n 4's script
	} {
		for _, v := range vars {
			t.Setenv(v, c.env[v])
		}
		_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1")...)
		require.NoError(t, err)
		if c.warn != "" {
			assert.Contains(t, stderr, "warning: "+c.warn+" started 2 copies of brawn train without --distributed: each trains the whole run on its own", "%v", c.env)
		} else {
			assert.NotContains(t, stderr, "without --distributed", "%v", c.env)
		}
	}
}
