package atomicfile

import "syscall"

// procSuperMagic is the file system type of /proc (statfs(2)).
const procSuperMagic = 0x9fa0

// namesOpenFile reports whether the symbolic link p lives in /proc (as
// /proc/self/fd/1, which /dev/stdout points to, does): such a link names
// an open file rather than a path.
func namesOpenFile(p string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dirOf(p), &st) == nil && st.Type == procSuperMagic
}
