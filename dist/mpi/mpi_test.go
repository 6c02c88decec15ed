//go:build mpi && cgo

package mpi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/dist/disttest"
	"github.com/brawn-ml/brawn/nn"
)

// The tests below start this test binary under mpirun, which runs
// TestWorker in each rank with the scenario in $BRAWN_MPI_SCENARIO.

// mpirun runs TestWorker on np ranks and returns its combined output and
// error; it fails the test if mpirun is missing or the job runs for more
// than a minute (a hang).
func mpirun(t *testing.T, np int, scenario string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("mpirun"); err != nil {
		if os.Getenv("BRAWN_REQUIRE_TOOLS") == "1" {
			t.Fatal("mpirun is not in PATH: apt-get install openmpi-bin")
		}
		t.Skip("mpirun is not in PATH: apt-get install openmpi-bin")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "mpirun", "--allow-run-as-root", "--oversubscribe", "-np", fmt.Sprint(np),
		os.Args[0], "-test.run", "^TestWorker$", "-test.count", "1", "-test.v")
	// Containers often forbid the cross-memory attach Open MPI's
	// shared-memory transport uses by default; copying works everywhere.
	cmd.Env = append(os.Environ(), "BRAWN_MPI_SCENARIO="+scenario, "OMPI_MCA_btl_vader_single_copy_mechanism=none")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("mpirun -np %d (%s) did not end within a minute:\n%s", np, scenario, out)
	}
	return string(out), err
}

// TestCollectivesAndTraining checks every collective and data-parallel
// training, bit-identical to one process, on 2 and 3 ranks.
func TestCollectivesAndTraining(t *testing.T) {
	if Launched() {
		t.Skip("a worker")
	}
	for _, np := range []int{2, 3} {
		out, err := mpirun(t, np, "train")
		if err != nil {
			t.Fatalf("mpirun -np %d: %v\n%s", np, err, out)
		}
		for r := range np {
			if want := fmt.Sprintf("rank %d of %d: ok", r, np); !strings.Contains(out, want) {
				t.Errorf("mpirun -np %d: no %q in its output:\n%s", np, want, out)
			}
		}
	}
}

// TestRankFailure: a rank whose data is bad ends Fit on every rank with
// its message, and a rank that aborts ends the job instead of leaving the
// others waiting.
func TestRankFailure(t *testing.T) {
	if Launched() {
		t.Skip("a worker")
	}
	out, err := mpirun(t, 2, "badlabel")
	if err != nil {
		t.Fatalf("mpirun: %v\n%s", err, out)
	}
	for r := range 2 {
		if want := fmt.Sprintf("rank %d of 2: ok", r); !strings.Contains(out, want) {
			t.Errorf("no %q in the output:\n%s", want, out)
		}
	}
	out, err = mpirun(t, 3, "abort")
	if err == nil || !strings.Contains(out, "rank 1: shard 1 is unreadable") {
		t.Errorf("mpirun with an aborting rank: %v, want a failure with rank 1's message:\n%s", err, out)
	}
}

// TestBenchmark measures, when BRAWN_MPI_BENCH is set, the gradient
// exchange of the 784-256-128-10 MLP (235,146 parameters) per step and
// the training throughput on 1 and 2 ranks, and prints them as Markdown
// (make bench-mpi; see docs/BENCHMARKS.md).
func TestBenchmark(t *testing.T) {
	if Launched() || os.Getenv("BRAWN_MPI_BENCH") == "" {
		t.Skip("set BRAWN_MPI_BENCH=1 (make bench-mpi)")
	}
	fmt.Println("| ranks | what | per step | samples/s |")
	fmt.Println("|---:|---|---:|---:|")
	for _, np := range []int{1, 2} {
		out, err := mpirun(t, np, "bench")
		if err != nil {
			t.Fatalf("mpirun -np %d: %v\n%s", np, err, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "| ") {
				fmt.Println(line)
			}
		}
	}
}

// TestWorker is one rank's side of the tests above; it does nothing when
// not started by mpirun.
func TestWorker(t *testing.T) {
	if !Launched() {
		t.Skip("run by TestCollectivesAndTraining and TestRankFailure under mpirun")
	}
	c, err := Init()
	if err != nil {
		t.Fatal(err)
	}
	defer Finalize()
	prefix := fmt.Sprintf("rank %d of %d", c.Rank(), c.Size())
	switch s := os.Getenv("BRAWN_MPI_SCENARIO"); s {
	case "train":
		err = workerTrain(c)
	case "badlabel":
		err = workerBadLabel(c)
	case "bench":
		err = workerBench(c)
	case "abort":
		if c.Rank() == 1 {
			c.Abort(3, "shard 1 is unreadable")
		}
		err = c.Barrier()
	default:
		err = fmt.Errorf("unknown scenario %q", s)
	}
	if err != nil {
		t.Fatalf("%s: %v", prefix, err)
	}
	fmt.Printf("%s: ok\n", prefix)
}

func workerTrain(c dist.Comm) error {
	if err := disttest.Collectives(c); err != nil {
		return err
	}
	train := blobs(120, 8, 3, 1)
	ref := trainer(nil)
	if err := ref.Fit(context.Background(), train, nil); err != nil {
		return err
	}
	tr := trainer(c)
	if err := tr.Fit(context.Background(), train, nil); err != nil {
		return err
	}
	for i, p := range tr.Model.Params() {
		q := ref.Model.Params()[i]
		for j, v := range p.Value.Data {
			if math.Float32bits(v) != math.Float32bits(q.Value.Data[j]) {
				return fmt.Errorf("%s[%d] = %v, one process has %v", p.Name, j, v, q.Value.Data[j])
			}
		}
	}
	return nil
}

func workerBadLabel(c dist.Comm) error {
	train := blobs(48, 8, 3, 1)
	if c.Rank() == 1 {
		train.Y[40] = 9
	}
	tr := trainer(c)
	tr.RNG = nil // sample 40 is in rank 1's half of the second batch
	err := tr.Fit(context.Background(), train, nil)
	var re *nn.RankError
	switch {
	case c.Rank() == 1 && (err == nil || !strings.Contains(err.Error(), "label 9")):
		return fmt.Errorf("Fit returned %v, want the bad label", err)
	case c.Rank() == 0 && (!errors.As(err, &re) || re.Rank != 1 || !strings.Contains(re.Msg, "label 9")):
		return fmt.Errorf("Fit returned %v, want rank 1's error", err)
	}
	return nil
}

// trainer returns a Trainer of a small network with Dropout and AdamW at
// global batch 24 in leaves of 4, data-parallel over c (nil: one process).
func trainer(c dist.Comm) *nn.Trainer {
	m, err := nn.NewSequential(8, nn.NewLinear(8, 16), nn.NewReLU(), nn.NewDropout(0.25), nn.NewLinear(16, 3))
	if err != nil {
		panic(err)
	}
	m.ResetParameters(nn.NewRNG(7))
	m.SetRNG(nn.NewRNG(8))
	opt, err := nn.NewAdamW(nn.Groups(m.Params(), 0.01, 0.01, false), nn.DefaultAdamConfig())
	if err != nil {
		panic(err)
	}
	return &nn.Trainer{Model: m, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 24,
		Epochs: 2, RNG: nn.NewRNG(11), Leaf: 4, Comm: c}
}

// blobs returns n samples of f features around k random centres.
func blobs(n, f, k int, seed uint64) *data.Dataset {
	rng := nn.NewRNG(seed)
	x := make([]float32, n*f)
	y := make([]int, n)
	for i := range n {
		y[i] = rng.IntN(k)
		for j := range f {
			x[i*f+j] = float32(float64(y[i]) + rng.NormFloat64())
		}
	}
	d, err := data.NewClassification(x, f, y, k)
	if err != nil {
		panic(err)
	}
	return d
}

// workerBench times, on rank 0, the exchanges of one training step of the
// 784-256-128-10 MLP at global batch 128 in leaves of 32 (the leaves'
// gradients gathered, as nn.Trainer does) against Horovod's allreduce of
// one gradient, then one epoch of 40 steps of data-parallel training.
// exchangeModels are the networks whose gradient exchange workerBench
// times, by their parameter counts: the default MLP and the CNN of the
// training benchmarks (bench.CNNModule), the two networks
// docs/BENCHMARKS.md measures, so that the exchange's cost can be set
// beside their steps' times there.
var exchangeModels = []struct {
	name   string
	params int
}{
	{"MLP 784-256-128-10", 784*256 + 256 + 256*128 + 128 + 128*10 + 10},
	{"CNN (bench.CNNModule)", 1*32*9 + 32 + 32*64*9 + 64 + 3136*128 + 128 + 128*10 + 10},
}

func workerBench(c dist.Comm) error {
	const batch, leaf = 128, 32
	n := c.Size()
	timeIt := func(f func() error) (time.Duration, error) {
		const rounds = 30
		if err := c.Barrier(); err != nil {
			return 0, err
		}
		start := time.Now()
		for range rounds {
			if err := f(); err != nil {
				return 0, err
			}
		}
		return time.Since(start) / rounds, c.Barrier()
	}
	var rows []string
	for _, model := range exchangeModels {
		p := model.params
		leaves := batch / leaf
		counts := make([]int, n)
		total := 0
		for r := range n {
			l0, l1 := r*leaves/n, (r+1)*leaves/n
			counts[r] = (l1 - l0) * p
			if r == 0 {
				counts[r] = min(l1-l0, 1) * p
			}
			total += counts[r]
		}
		send := make([]float32, counts[c.Rank()])
		recv := make([]float32, total)
		grad := make([]float32, p)
		gather, err := timeIt(func() error { return c.Allgather(send, recv, counts) })
		if err != nil {
			return err
		}
		reduce, err := timeIt(func() error { return c.AllreduceSum(grad) })
		if err != nil {
			return err
		}
		rows = append(rows,
			fmt.Sprintf("| %d | %s: Allgather of the leaves' gradients (%d floats) | %.2f ms | |", n, model.name, total, gather.Seconds()*1e3),
			fmt.Sprintf("| %d | %s: AllreduceSum of one gradient (%d floats; Horovod's exchange) | %.2f ms | |", n, model.name, p, reduce.Seconds()*1e3))
	}
	train := blobs(batch*40, 784, 10, 1)
	step := func(comm dist.Comm, leafSize int) (float64, error) {
		m, err := nn.NewSequential(784, nn.NewLinear(784, 256), nn.NewReLU(), nn.NewLinear(256, 128), nn.NewReLU(), nn.NewLinear(128, 10))
		if err != nil {
			return 0, err
		}
		m.SetThreads(1)
		opt, err := nn.NewAdam(nn.Groups(m.Params(), 1e-3, 0, false), nn.DefaultAdamConfig())
		if err != nil {
			return 0, err
		}
		tr := &nn.Trainer{Model: m, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: batch, Epochs: 1, RNG: nn.NewRNG(1), Leaf: leafSize, Comm: comm}
		if err := tr.Fit(context.Background(), train, nil); err != nil { // warm-up
			return 0, err
		}
		tr.Epochs = 3
		start := time.Now()
		if err := tr.Fit(context.Background(), train, nil); err != nil {
			return 0, err
		}
		return float64(2*train.Len()) / time.Since(start).Seconds(), nil
	}
	rate, err := step(c, 0)
	if err != nil {
		return err
	}
	if c.Rank() != 0 {
		return nil
	}
	for _, row := range rows {
		fmt.Println(row)
	}
	fmt.Printf("| %d | data-parallel Fit, batch 128, leaves of 32, 1 thread per rank | %.2f ms | %.0f |\n", n, batch/rate*1e3, rate)
	if n == 1 {
		plain, err := step(nil, 0)
		if err != nil {
			return err
		}
		fmt.Printf("| 1 | plain Fit (whole batches), batch 128, 1 thread | %.2f ms | %.0f |\n", batch/plain*1e3, plain)
	}
	return nil
}
