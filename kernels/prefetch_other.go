//go:build purego || !(amd64 || arm64)

package kernels

// prefetchLines does nothing: this build has no prefetch instruction.
func prefetchLines(*byte, int) {}
