// Command brawn trains, evaluates and benchmarks neural networks on the CPU
// with brawn's assembly kernels. Run `brawn --help` for the commands.
//
// Layer: the top. A file per command turns its flags into a run.Config
// (train) or into calls of the library packages (model, data, run,
// tensorboard, runplot, bench); the logic lives in those packages.
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
			if ee.sig != nil {
				hardExit(ee.sig, raise)
			}
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}
