// Package mpi is dist.Comm over the system's MPI library, for
// data-parallel training across processes and machines launched by
// mpirun. cgo finds the library with pkg-config under Open MPI's name,
// ompi-c; another MPI-3 implementation (MPICH installs mpich.pc) needs a
// pkg-config file of that name, or PKG_CONFIG_PATH pointing at one.
//
// The binding is built only with the build tag mpi and cgo:
//
//	go build -tags mpi ./cmd/brawn     (Debian: apt-get install libopenmpi-dev openmpi-bin pkg-config)
//
// Without the tag, Init returns ErrNotBuilt, whose message says how to
// build with it, and the binary neither links nor needs MPI.
//
// Layer 2: above dist; only the CLI imports it. It may import dist and
// the standard library.
package mpi

import (
	"os"
	"strconv"
)

// BuildHint says how to build brawn with MPI.
const BuildHint = "rebuild with the build tag mpi: `go build -tags mpi ./cmd/brawn` (cgo, with Debian's libopenmpi-dev, openmpi-bin and pkg-config)"

// Launched reports whether this process was started by an MPI launcher
// (mpirun, mpiexec, srun with PMI), from the variables they set.
func Launched() bool {
	for _, v := range []string{"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"} {
		if os.Getenv(v) != "" {
			return true
		}
	}
	return false
}

// LaunchedRanks returns this process's rank and the number of ranks its
// launcher started, from the variables Open MPI's mpirun
// (OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE), MPICH's or Intel MPI's
// Hydra (PMI_RANK, PMI_SIZE) and Slurm's srun (SLURM_PROCID,
// SLURM_STEP_NUM_TASKS) set; ok is false when the process was not started
// by one of them or they are not numbers. It needs no MPI build, so a
// brawn without MPI can tell that mpirun or srun started several copies
// of it. Slurm's job-wide SLURM_NTASKS is not read: a batch script of a
// job of several tasks sees it without srun having started anything (and
// SLURM_PROCID 0), while srun sets SLURM_STEP_NUM_TASKS for the tasks it
// starts.
func LaunchedRanks() (rank, size int, ok bool) {
	rank, size, _, ok = launchedRanks()
	return rank, size, ok
}

// Launcher names the launcher LaunchedRanks read the ranks from, for
// messages: "mpirun" (Open MPI's or Hydra's variables) or "srun" (Slurm's
// alone); "" when LaunchedRanks is not ok.
func Launcher() string {
	_, _, launcher, _ := launchedRanks()
	return launcher
}

func launchedRanks() (rank, size int, launcher string, ok bool) {
	for _, v := range [][3]string{
		{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "mpirun"},
		{"PMI_RANK", "PMI_SIZE", "mpirun"},
		{"SLURM_PROCID", "SLURM_STEP_NUM_TASKS", "srun"},
	} {
		r, errR := strconv.Atoi(os.Getenv(v[0]))
		n, errN := strconv.Atoi(os.Getenv(v[1]))
		if errR == nil && errN == nil && n >= 1 && r >= 0 && r < n {
			return r, n, v[2], true
		}
	}
	return 0, 0, "", false
}
