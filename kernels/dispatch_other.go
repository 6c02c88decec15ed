//go:build purego || !(amd64 || arm64)

package kernels

// archTables returns no table: this build has only the generic level.
func archTables() []*table { return nil }
