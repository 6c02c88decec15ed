package mpi

import "testing"

// LaunchedRanks reads the rank and the number of ranks from the variables
// Open MPI's and MPICH's launchers and Slurm's srun set; a process not
// started by one, or started by one that does not say, gets ok false, and
// so does a Slurm batch script, which sees the job's task count but was
// not started by srun.
func TestLaunchedRanks(t *testing.T) {
	vars := []string{"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "PMI_SIZE", "PMI_RANK", "PMIX_RANK", "MPI_LOCALNRANKS",
		"SLURM_PROCID", "SLURM_STEP_NUM_TASKS", "SLURM_NTASKS"}
	for _, c := range []struct {
		env        map[string]string
		rank, size int
		ok         bool
		launcher   string
	}{
		{map[string]string{}, 0, 0, false, ""},
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "2"}, 2, 4, true, "mpirun"},
		{map[string]string{"PMI_SIZE": "3", "PMI_RANK": "0"}, 0, 3, true, "mpirun"},
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "1", "OMPI_COMM_WORLD_RANK": "0"}, 0, 1, true, "mpirun"},
		{map[string]string{"PMIX_RANK": "1"}, 0, 0, false, ""},
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "x", "OMPI_COMM_WORLD_RANK": "0"}, 0, 0, false, ""},
		// srun -n 2: each task's rank and the step's task count.
		{map[string]string{"SLURM_PROCID": "1", "SLURM_STEP_NUM_TASKS": "2", "SLURM_NTASKS": "2"}, 1, 2, true, "srun"},
		{map[string]string{"SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "1", "SLURM_NTASKS": "4"}, 0, 1, true, "srun"},
		// A batch script of sbatch -n 4, which srun did not start.
		{map[string]string{"SLURM_PROCID": "0", "SLURM_NTASKS": "4"}, 0, 0, false, ""},
		// mpirun inside a Slurm allocation: its own variables say.
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "3", "SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "1"}, 3, 4, true, "mpirun"},
		{map[string]string{"SLURM_PROCID": "2", "SLURM_STEP_NUM_TASKS": "2"}, 0, 0, false, ""},
	} {
		for _, v := range vars {
			t.Setenv(v, c.env[v])
		}
		rank, size, ok := LaunchedRanks()
		if rank != c.rank || size != c.size || ok != c.ok {
			t.Errorf("%v: got rank %d of %d, %v; want %d of %d, %v", c.env, rank, size, ok, c.rank, c.size, c.ok)
		}
		if l := Launcher(); l != c.launcher {
			t.Errorf("%v: launcher %q, want %q", c.env, l, c.launcher)
		}
	}
}
