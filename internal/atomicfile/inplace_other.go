//go:build !unix

package atomicfile

import "os"

// openInPlace opens path, not a regular file, for appending.
func openInPlace(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
}
