//go:build unix

// Package unwritable gives tests a directory in which the test process
// cannot create files, whoever it runs as. Permissions alone do not do for
// root, which writes into a directory of mode 0555: root gets a read-only
// tmpfs mounted on a temporary directory instead, or, where it may not
// mount, /sys, in which Linux lets no one create files.
//
// Layer 0: a leaf, for tests. It may import golang.org/x/sys/unix and the
// standard library.
package unwritable

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns a directory in which files cannot be created, with a
// description of why ("mode 0555", "read-only file system", "sysfs"), or
// skips the test, saying why, when it can make none. It is undone when
// the test ends.
func Dir(t testing.TB) (dir, why string) {
	t.Helper()
	dir = t.TempDir()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir, "mode 0555"
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	if mountReadOnly(t, ro) {
		return ro, "read-only file system"
	}
	if st, err := os.Stat("/sys/kernel"); err == nil && st.IsDir() {
		if f, err := os.CreateTemp("/sys/kernel", "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
		} else {
			return "/sys/kernel", "sysfs"
		}
	}
	t.Skip("running as root, which writes into a directory of mode 0555, without the right to mount a read-only file system, and with no /sys: no directory to test with")
	return "", ""
}
