package main

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// More --threads than the CPUs this process may run on (a job requeued
// onto a smaller node) runs, with a warning, and computes what the CPUs'
// count computes.
func TestThreadsBeyondTheCPUs(t *testing.T) {
	train, test := blobFiles(t)
	n := max(runtime.NumCPU(), runtime.GOMAXPROCS(0))
	results := map[int]string{}
	for _, threads := range []int{n, n + 3} {
		out, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--threads", fmt.Sprint(threads))...)
		require.NoError(t, err)
		warning := fmt.Sprintf("warning: --threads %d is more than the %d CPU", threads, n)
		if threads > n {
			assert.Contains(t, stderr, warning)
		} else {
			assert.NotContains(t, stderr, "warning: --threads")
		}
		score := regexp.MustCompile(`test accuracy \S+ \(loss \S+\)`).FindString(out)
		require.NotEmpty(t, score, out)
		results[threads] = score
	}
	assert.Equal(t, results[n], results[n+3])
}
