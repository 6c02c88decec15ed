//go:build !linux

package atomicfile

// namesOpenFile reports whether the symbolic link p names an open file
// rather than a path; only Linux's /proc has such links, elsewhere
// /dev/stdout and /dev/fd/N are devices.
func namesOpenFile(string) bool { return false }
