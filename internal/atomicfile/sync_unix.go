//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// isUnsupportedSync reports errors of file systems that cannot fsync a
// directory (the rename is then as durable as the file system allows).
func isUnsupportedSync(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}
