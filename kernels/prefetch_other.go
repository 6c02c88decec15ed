//go:build purego || !(amd64 || arm64)

package kernels

// prefetchSpan does nothing: this build has no prefetch instruction.
func prefetchSpan([]byte) {}
