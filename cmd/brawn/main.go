// Command brawn trains, evaluates and benchmarks neural networks on the CPU
// with brawn's assembly kernels. Run `brawn --help` for the commands.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "brawn:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}
