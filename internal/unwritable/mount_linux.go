package unwritable

import (
	"testing"

	"golang.org/x/sys/unix"
)

// mountReadOnly mounts an empty read-only tmpfs on dir until the test
// ends; false when the process may not mount.
func mountReadOnly(t testing.TB, dir string) bool {
	if unix.Mount("tmpfs", dir, "tmpfs", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, "size=64k") != nil {
		return false
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, 0); err != nil {
			t.Errorf("unmounting the read-only tmpfs %s: %v", dir, err)
		}
	})
	return true
}
