package nn

import "github.com/brawn-ml/brawn/kernels"

// A Linear layer's backward pass is two products of the same size,
// dW = dyᵀ·x and dx = dy·W (2·batch·InFeatures·OutFeatures FLOP each),
// independent of each other. Run one after the other, each is split over
// the threads only when it is large (kernels.MinFlopsPerThread per
// goroutine), so a hidden layer of 256→128 at batch 128 (8 MFLOP each)
// ran both on one core, and a larger one took two parallel regions, each
// waking the workers. As two tasks of one region they keep two cores busy
// with one wake-up, balanced since the tasks are as large as each other.
// Each product is computed whole by one task, with the operation order
// Sgemm uses on any number of threads, so the gradients are bit-identical
// whatever the thread count.

// useBackwardTasks reports whether Linear.Backward runs its two products as
// two tasks: on two or more threads, when each product is worth a
// goroutine. The choice cannot change the result, only the time.
func useBackwardTasks(threads, n, in, out int) bool {
	return threads >= 2 && 2*float64(n)*float64(in)*float64(out) >= backwardTasksMin
}

// backwardTasksMin is the least FLOP count of each product for two tasks;
// a variable so benchmarks can compare with the serial order.
var backwardTasksMin float64 = kernels.MinFlopsPerThread

// backwardTasks is one Linear's backward pass as a region of two tasks:
// task 0 computes dW and db, task 1 dx, each on half the threads (the
// caller takes task 0; a worker that wakes late finds task 1 done by the
// caller too).
type backwardTasks struct {
	l       *Linear
	dy      *Tensor
	threads [2]int
	fn      func(lo, hi int) // task, bound once so a region allocates nothing
}

// run computes l's backward pass on dy as two tasks on threads goroutines.
func (b *backwardTasks) run(l *Linear, dy *Tensor, threads int) {
	if b.fn == nil {
		b.fn = b.task
	}
	b.l, b.dy, b.threads = l, dy, [2]int{threads - threads/2, threads / 2}
	workers.RunFunc(2, 1, 1, b.fn)
	b.dy = nil // the tensor belongs to the next layer
}

// task runs tasks [lo, hi).
func (b *backwardTasks) task(lo, hi int) {
	for t := lo; t < hi; t++ {
		if t == 0 {
			b.l.weightGrad(b.dy, 0, b.l.OutFeatures, b.threads[0])
		} else {
			b.l.inputGrad(b.dy, 0, b.dy.Rows(), b.threads[1])
		}
	}
}
