//go:build !unix

package atomicfile

// isUnsupportedSync: directories cannot be fsynced on this platform.
func isUnsupportedSync(error) bool { return true }
