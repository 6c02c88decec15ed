package nn

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/cputime"
)

// BenchmarkAdamStepGuard measures what the non-finite guard adds to an
// optimizer step: Adam over the 235k parameters of 784-256-128-10, plain
// (Step), proven (proveStep, Step, endProvenStep, as Trainer runs an
// ordinary step) and backed up (armGuard, Step, disarmGuard, as Trainer
// runs a step it cannot prove finite), on 1 and GOMAXPROCS threads, in
// wall and process CPU time per step. Run:
//
//	go test ./nn -run '^$' -bench AdamStepGuard -benchtime=300x
func BenchmarkAdamStepGuard(b *testing.B) {
	for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
		for _, guard := range []string{"none", "proven", "backup"} {
			b.Run(fmt.Sprintf("threads=%d/guard=%s", threads, guard), func(b *testing.B) {
				tr, bt := mlp784(b, 128, threads)
				_, _, err := tr.TrainBatch(bt) // gradients and buffers
				require.NoError(b, err)
				opt := tr.Optimizer.(*Adam)
				params := tr.Model.Params()
				gnorm := GradNorm(params)
				step := func() {
					switch guard {
					case "none":
						opt.Step()
						return
					case "proven":
						if !opt.proveStep(params, gnorm) {
							b.Fatal("the step was not proven finite")
						}
						opt.Step()
						opt.endProvenStep()
						return
					}
					opt.armGuard()
					opt.Step()
					if opt.disarmGuard() {
						b.Fatal("the guard found a non-finite value")
					}
				}
				b.ReportAllocs()
				cpu0 := cputime.Process()
				for b.Loop() {
					step()
				}
				if cpu := cputime.Process() - cpu0; cpu > 0 {
					b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/step")
				}
			})
		}
	}
}
