//go:build !unix

package main

import "os"

// jobSignals: no batch-system warnings beyond SIGTERM outside Unix.
var jobSignals []os.Signal

// keepOnBrokenPipe: writes to a closed pipe are errors already.
func keepOnBrokenPipe() {}
