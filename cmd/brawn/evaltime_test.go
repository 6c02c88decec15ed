package main

import (
	"context"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// TestEvalSaysHowItRan checks eval's time line, right after the data
// line: the samples scored, a time and a rate (their values are the
// machine's, so only their form is checked), and the kernel level and
// threads the scoring ran on, every core's unless GOMAXPROCS says fewer.
func TestEvalSaysHowItRan(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	train, test := blobFiles(t)
	path := libraryModel(t, train, nn.NewLinear(4, 3))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		out, _, err := runCLI(context.Background(), "eval", "--model", path, "--test", test)
		require.NoError(t, err)
		want := `(?m)^data  .*: 150 samples\ntime  150 samples in [0-9.]+[nµm]?s \(([0-9,]+|-) samples/s\); kernels: ` +
			regexp.QuoteMeta(kernels.Active().String()) + `, threads: ` + strconv.Itoa(procs) + `\nloss  `
		assert.Regexp(t, want, out, "GOMAXPROCS %d", procs)
	}
}
