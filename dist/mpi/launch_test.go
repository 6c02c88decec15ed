package mpi

import "testing"

// LaunchedRanks reads the rank and the number of ranks from the variables
// Open MPI's and MPICH's launchers set; a process not started by one, or
// started by one that does not say, gets ok false.
func TestLaunchedRanks(t *testing.T) {
	vars := []string{"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "PMI_SIZE", "PMI_RANK", "PMIX_RANK", "MPI_LOCALNRANKS"}
	for _, c := range []struct {
		env        map[string]string
		rank, size int
		ok         bool
	}{
		{map[string]string{}, 0, 0, false},
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "2"}, 2, 4, true},
		{map[string]string{"PMI_SIZE": "3", "PMI_RANK": "0"}, 0, 3, true},
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "1", "OMPI_COMM_WORLD_RANK": "0"}, 0, 1, true},
		{map[string]string{"PMIX_RANK": "1"}, 0, 0, false},
		{map[string]string{"OMPI_COMM_WORLD_SIZE": "x", "OMPI_COMM_WORLD_RANK": "0"}, 0, 0, false},
	} {
		for _, v := range vars {
			t.Setenv(v, c.env[v])
		}
		rank, size, ok := LaunchedRanks()
		if rank != c.rank || size != c.size || ok != c.ok {
			t.Errorf("%v: got rank %d of %d, %v; want %d of %d, %v", c.env, rank, size, ok, c.rank, c.size, c.ok)
		}
	}
}
