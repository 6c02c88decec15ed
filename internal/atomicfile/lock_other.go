//go:build !unix

package atomicfile

// lockFile takes no lock where flock(2) is missing: a lock file alone
// would outlive a process killed while holding it and keep every later
// run out.
func lockFile(path, name string) (*Lock, error) { return &Lock{}, nil }
