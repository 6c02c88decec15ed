package nn

import (
	"github.com/brawn-ml/brawn/internal/cputime"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestUseBackwardTasks: two tasks on two or more threads, for products of
// at least kernels.MinFlopsPerThread each (256→128 at batch 128: exactly
// 8 MFLOP), never on one thread or for small products.
func TestUseBackwardTasks(t *testing.T) {
	require.True(t, useBackwardTasks(2, 128, 256, 128))
	require.True(t, useBackwardTasks(4, 128, 784, 256))
	require.False(t, useBackwardTasks(1, 128, 256, 128), "one thread")
	require.False(t, useBackwardTasks(2, 127, 256, 128), "just under 8 MFLOP")
	require.False(t, useBackwardTasks(2, 128, 128, 10), "fc3 of 784-256-128-10")
}

// TestBackwardTasksDeterministic trains 64-256-128-10 at batch 128 layer
// by layer, whose
// 256→128 layer runs its backward products as two tasks on two or more
// threads, and requires the weights after three steps to be bit-identical
// on 1, 2 and 3 threads, with 2 threads on one P (where the caller mostly
// runs both tasks) and on two; the two-task step allocates nothing.
func TestBackwardTasksDeterministic(t *testing.T) {
	withoutRows(t) // the layers' own Backward, as for a model with Dropout
	run := func(procs, threads int) [][]uint32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		tr, bt := mlp(t, 128, threads, 64, 256, 128, 10)
		for range 3 {
			_, _, err := tr.TrainBatch(bt)
			require.NoError(t, err)
		}
		if threads > 1 && !raceEnabled {
			require.Zero(t, steadyAllocs(3, func() {
				if _, _, err := tr.TrainBatch(bt); err != nil {
					t.Fatal(err)
				}
			}), "threads %d", threads)
			// Undo the extra steps' effect on the comparison: rebuild.
			tr, bt = mlp(t, 128, threads, 64, 256, 128, 10)
			for range 3 {
				_, _, err := tr.TrainBatch(bt)
				require.NoError(t, err)
			}
		}
		var w [][]uint32
		for _, p := range tr.Model.Params() {
			w = append(w, bits(p.Value.Data))
		}
		return w
	}
	require.True(t, useBackwardTasks(2, 128, 256, 128), "the test covers the two-task path")
	want := run(1, 1)
	require.Equal(t, want, run(2, 2))
	require.Equal(t, want, run(1, 2))
	require.Equal(t, want, run(2, 3))
}

// BenchmarkLinearBackward measures the backward pass of a 256→128 Linear
// at batch 128 (784-256-128-10's hidden layer) on two threads, as two
// tasks of one region and as two products in a row (each too small for
// Sgemm to split), alternating, in wall and process CPU time. Run:
//
//	go test ./nn -run '^$' -bench LinearBackward -count 10
func BenchmarkLinearBackward(b *testing.B) {
	for _, tasks := range []bool{true, false} {
		b.Run(map[bool]string{true: "tasks", false: "serial"}[tasks], func(b *testing.B) {
			if !tasks {
				defer func(old float64) { backwardTasksMin = old }(backwardTasksMin)
				backwardTasksMin = math.Inf(1)
			}
			l := NewLinear(256, 128)
			m, err := NewSequential(256, l)
			require.NoError(b, err)
			m.SetThreads(2)
			x, dy := NewTensor(128, 256), NewTensor(128, 128)
			for i := range x.Data {
				x.Data[i] = float32(i%7) - 3
			}
			for i := range dy.Data {
				dy.Data[i] = float32(i%5) - 2
			}
			m.Forward(x)
			b.ReportAllocs()
			cpu0 := cputime.Process()
			for b.Loop() {
				l.Backward(dy, true)
			}
			if cpu := cputime.Process() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
