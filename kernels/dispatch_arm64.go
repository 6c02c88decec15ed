//go:build !purego

package kernels

// registerArch registers the assembly levels this CPU can run. The NEON
// table is added here once its assembly exists; until then arm64 runs the
// generic level.
func registerArch() {}
