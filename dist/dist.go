// Package dist is what brawn's data-parallel training sees of the processes
// it runs on: a communicator (Comm) of Size ranks with the few collective
// operations the Trainer needs, as MPI names them. It has no cgo: package
// dist/mpi implements Comm over the system's MPI (build tag mpi), and Local
// runs N ranks as goroutines of one process, so the training logic is
// tested without MPI.
//
// # Data-parallel training, bit for bit
//
// Data-parallel training follows Horovod's design (Sergeev & Del Balso,
// 2018): every rank holds the whole model, rank 0 broadcasts the initial
// weights, every rank computes the gradient of its shard of each global
// batch, the gradients are combined before every optimizer step, and every
// rank then takes the same step. nn.Trainer does this when its Comm is
// set (see nn.Trainer.Comm).
//
// A float32 sum depends on its order, so an allreduce (whose order depends
// on the number of ranks and on the MPI library's algorithm) cannot give
// the gradient one process computes at the same global batch. brawn
// instead fixes the reduction order by the data, not by the ranks:
//
//   - A global batch is cut into leaves of G consecutive samples
//     (nn.Trainer.Leaf; the last leaf of a short batch may be shorter).
//     G does not depend on the number of ranks.
//   - Each leaf's forward and backward passes run on exactly its G rows,
//     so a leaf's loss and parameter gradients are the same bits whichever
//     process computes them (the kernels are deterministic for a given
//     shape and any thread count).
//   - The batch's gradient is the fold of the leaf gradients in leaf
//     order, ((g0 + g1) + g2) + ..., and its loss the same fold of the
//     leaves' losses in float64.
//   - Rank r computes a contiguous run of leaves, [r·L/N, (r+1)·L/N) of
//     the L leaves. Rank 0 folds its own leaves, which are the prefix of
//     the fold; the other ranks send their leaves' gradients unfolded
//     (Allgather), and every rank folds rank 0's prefix and the rest in
//     leaf order. Every rank therefore holds the single process's
//     gradient, and takes the same optimizer step.
//   - The shuffle order is drawn by every rank from the same generator;
//     stochastic layers (Dropout) draw each leaf's masks from a generator
//     derived from the step's starting state and the leaf's index, so a
//     rank draws the masks of its leaves without drawing the others'.
//
// So N processes at global batch B give the weights of one process at
// batch B with the same Leaf, for any N that divides B (nn.Trainer
// refuses others); the ranks are balanced when N also divides the B/G
// leaves.
// The leaves cost one process some speed: smaller products, and the
// copies and additions of the fold (nn's BenchmarkTrainStepLeaves: 4 to
// 15% more CPU time per step of the 784-256-128-10 MLP at batch 128 and
// 512 with leaves of 32, over two runs on a loaded machine). So nn.Trainer.Leaf is 0,
// off, unless data-parallel training (a Comm) needs it.
//
// BatchNorm1d and BatchNorm2d in training mode normalise over each leaf
// (ghost batch normalisation, Hoffer et al. 2017), on every rank as in one
// process, so training stays bit-identical. One process folds each leaf's
// batch statistics into the running statistics leaf after leaf; a rank
// holds its leaves' statistics back, the ranks gather them (Allgather)
// with the gradients, and every rank folds all of them in leaf order. The
// running statistics, and the evaluation and checkpoints that use them,
// are therefore one process's too, on every rank, even on a rank that
// computed no leaf of a batch (where Horovod keeps each rank's own).
// Likewise the ReLU units each rank saw active in an epoch are joined
// across ranks at its end, so the dead units that health reports are one
// process's.
//
// The Trainer's callbacks run on every rank, so learning-rate schedules
// and early stopping, which see the same metrics everywhere, decide
// alike; the callbacks that write (checkpoints, logs, progress) belong to
// rank 0 alone. A stop or an error from any callback, a cancelled context
// on any rank and an error on any rank reach every rank at the next
// point where the ranks agree (before and after every step, at the
// epochs' ends), so no rank waits for one that has left.
//
// Layer 1: below nn and dist/mpi. It may import the standard library.
package dist

import "fmt"

// Comm is a communicator: Size processes (ranks), numbered 0..Size-1, that
// call the same collective operations in the same order. Every method but
// Rank, Size and Abort is a collective: each rank must call it, with
// matching sizes, before any returns. A collective that cannot complete
// because a rank aborted returns an *AbortError on the ranks that can
// still return (over MPI, Abort ends the processes instead).
//
// A Comm is used by one goroutine at a time.
type Comm interface {
	// Rank returns this process's rank in [0, Size()).
	Rank() int
	// Size returns the number of ranks.
	Size() int
	// Allgather gathers variable-length contributions (MPI_Allgatherv):
	// rank r sends send, of counts[r] values, and every rank receives all
	// contributions in rank order in recv, of sum(counts) values. counts
	// is the same on every rank.
	Allgather(send, recv []float32, counts []int) error
	// Allgather64 is Allgather for float64 values.
	Allgather64(send, recv []float64, counts []int) error
	// AllreduceSum replaces buf on every rank with the element-wise sum of
	// every rank's buf (MPI_Allreduce with MPI_SUM, in place). The order
	// of the additions is the implementation's: the result may differ in
	// the last bits between communicators of different sizes.
	AllreduceSum(buf []float32) error
	// Broadcast copies root's buf into every rank's buf (MPI_Bcast).
	Broadcast(buf []float32, root int) error
	// BroadcastBytes is Broadcast for bytes.
	BroadcastBytes(buf []byte, root int) error
	// Barrier returns once every rank has called it.
	Barrier() error
	// Abort ends every rank: over MPI, MPI_Abort with code; in Local, the
	// pending and later collectives of every rank return an *AbortError
	// carrying msg. It is not a collective: one rank calls it.
	Abort(code int, msg string)
}

// AbortError is the error of a collective that could not complete because
// a rank called Abort.
type AbortError struct {
	Rank int    // the rank that aborted
	Msg  string // its message
}

// Error implements error: the aborting rank and its message.
func (e *AbortError) Error() string {
	return fmt.Sprintf("dist: rank %d aborted: %s", e.Rank, e.Msg)
}

// CheckCounts returns an error if counts does not have one entry per rank
// of c, if one is negative, or if send and recv do not have counts[rank]
// and sum(counts) values. Implementations of Allgather call it.
func CheckCounts(c Comm, sendLen, recvLen int, counts []int) error {
	if len(counts) != c.Size() {
		return fmt.Errorf("dist: Allgather: %d counts for %d ranks", len(counts), c.Size())
	}
	total := 0
	for r, n := range counts {
		if n < 0 {
			return fmt.Errorf("dist: Allgather: count %d of rank %d is negative", n, r)
		}
		total += n
	}
	if sendLen != counts[c.Rank()] {
		return fmt.Errorf("dist: Allgather: rank %d sends %d values, counts[%d] = %d", c.Rank(), sendLen, c.Rank(), counts[c.Rank()])
	}
	if recvLen != total {
		return fmt.Errorf("dist: Allgather: recv holds %d values, the counts add up to %d", recvLen, total)
	}
	return nil
}
