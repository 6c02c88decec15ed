//go:build !purego

package kernels

// registerArch registers the assembly levels this CPU can run. The AVX2
// table is added here once its assembly exists; until then amd64 runs the
// generic level.
func registerArch() {}
