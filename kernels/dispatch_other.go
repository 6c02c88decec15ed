//go:build purego || !(amd64 || arm64)

package kernels

// registerArch registers nothing: this build has only the generic level.
func registerArch() {}
