//go:build !unix

package main

import "os"

// unixSignals: outside Unix no hangup nor batch-system warning is
// delivered (Windows reports a closed console as SIGTERM), and js/wasm
// defines no SIGHUP.
var unixSignals []os.Signal

// keepOnBrokenPipe: writes to a closed pipe are errors already.
func keepOnBrokenPipe() {}
