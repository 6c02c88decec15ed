// Command brawn trains, evaluates and benchmarks neural networks on the CPU
// with brawn's assembly kernels. Run `brawn --help` for the commands.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "brawn:", err)
		os.Exit(1)
	}
}
