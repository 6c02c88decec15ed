package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/dist/mpi"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
)

// joinDistributed joins the MPI job of `mpirun -np N brawn train
// --distributed`: it returns this process's communicator, or an error
// saying how to build brawn with MPI. The flags are the same on every
// rank, so every rank refuses a --batch the ranks do not divide. Ranks
// other than 0 write no file and print nothing but errors: their output
// flags are cleared and *out discards.
func joinDistributed(tf *trainFlags, out *io.Writer) (dist.Comm, error) {
	c, err := mpi.Init()
	if errors.Is(err, mpi.ErrNotBuilt) {
		return nil, fmt.Errorf("--distributed: this brawn was built without MPI; %s, then start it with `mpirun -np N brawn train --distributed ...`", mpi.BuildHint)
	}
	if err != nil {
		return nil, fmt.Errorf("--distributed: %w", err)
	}
	warn, shutdown, err := dist.StallTimesFromEnv(os.Getenv)
	if err != nil {
		return c, err
	}
	c = dist.Watch(c, warn, shutdown, os.Stderr)
	if n := c.Size(); tf.Batch%n != 0 {
		return c, run.BadField("batch", tf.Batch, "is the global batch, whose leaves of %d samples the %d ranks of this job share in contiguous runs; give a multiple of %d", nn.DefaultLeaf, n, n)
	}
	if c.Rank() != 0 {
		tf.Save, tf.SaveBest, tf.SaveWeights, tf.JSON, tf.CSVLog, tf.Plot, tf.Logdir = "", "", "", "", "", "", ""
		tf.Quiet = true
		*out = io.Discard
	}
	return c, nil
}

// warnLaunchedAlone warns, on rank 0 only (once for the job), when an MPI
// launcher or Slurm's srun started this process as one of several ranks
// (mpi.LaunchedRanks) and --distributed
// was not given: every rank then trains the whole run on its own, which a
// Horovod user, whose script trains one run over the ranks once it calls
// hvd.init(), would not expect. It is a warning, not an error, as Horovod
// leaves a script that does not call hvd.init() alone: a launcher may
// start independent runs on purpose.
func warnLaunchedAlone(w io.Writer, distributed bool) {
	rank, size, ok := mpi.LaunchedRanks()
	if distributed || !ok || size < 2 || rank != 0 {
		return
	}
	how := "add --distributed to train one run data-parallel over the ranks"
	if !mpi.Built {
		how += " (" + mpi.BuildHint + ")"
	}
	fmt.Fprintf(w, "warning: %s started %d copies of brawn train without --distributed: each trains the whole run on its own; %s\n", mpi.Launcher(), size, how)
}

// leaveDistributed ends this rank's part of the MPI job. Once Fit has
// returned on every rank (fitDone), which it does at the same step
// everywhere, the ranks wait for each other, so that rank 0 finishes
// writing (the checkpoint of an interrupted run, the outputs) before any
// rank exits, then call MPI_Finalize; err is returned as it is. An error
// before that may be this rank's alone: it is written to standard error,
// prefixed with the rank, and MPI_Abort ends every rank rather than leave
// one waiting for this one.
func leaveDistributed(c dist.Comm, err error, fitDone bool) error {
	if c == nil {
		return err
	}
	if err != nil && !fitDone {
		code := 1
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		c.Abort(code, "brawn: "+err.Error())
	}
	berr := c.Barrier()
	if ferr := mpi.Finalize(); berr == nil {
		berr = ferr
	}
	if err == nil {
		return berr
	}
	return err
}
