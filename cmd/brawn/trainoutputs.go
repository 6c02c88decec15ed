package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// outputFile is one file or directory `brawn train` writes, by flag.
type outputFile struct {
	flag, path string
	dir        bool // a directory the run creates files in (--logdir)
}

// outputs lists the run's outputs, given or not (path "" when not).
func (t *trainFlags) outputs() []outputFile {
	return []outputFile{
		{flag: "save", path: t.Save}, {flag: "save-best", path: t.SaveBest}, {flag: "save-weights", path: t.SaveWeights},
		{flag: "json", path: t.JSON}, {flag: "plot", path: t.Plot}, {flag: "logdir", path: t.Logdir, dir: true},
	}
}

// checkOutputs refuses, before any data are read, an output flag given an
// empty name (which would silently write nothing) and an output that
// cannot be written: each is probed by creating and removing a file where
// it will be written, so that a read-only or full directory is found
// before training rather than after it, when the model would be lost.
func (t *trainFlags) checkOutputs(changed func(string) bool) error {
	paths := append(t.outputs(), outputFile{flag: "resume", path: t.Resume})
	for _, o := range paths {
		if changed(o.flag) && o.path == "" {
			return badFlag(o.flag, "", "is empty; give a file name, or leave the flag out")
		}
	}
	for _, o := range t.outputs() {
		if o.path == "" {
			continue
		}
		var err error
		if o.dir {
			err = checkOutputDirectory(o.flag, o.path)
		} else {
			err = checkOutputDir(o.flag, o.path)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkOutputDirectory refuses a directory flag in which files cannot be
// created (see atomicfile.ProbeDir).
func checkOutputDirectory(flag, dir string) error {
	return probeError(flag, dir, atomicfile.ProbeDir(dir))
}

// probeError turns the error of an atomicfile probe of a flag's path into
// the flag's error (nil for nil), without repeating the path.
func probeError(flag, path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return badFlag(flag, path, "%v", err)
}

// lockOutputs takes the lock of each output file (atomicfile.LockPath),
// so that a second run writing one of them is refused at its start rather
// than overwrite the first's files in turn. unlock releases them.
func (t *trainFlags) lockOutputs() (unlock func(), err error) {
	var locks []*atomicfile.Lock
	var paths []string
	unlock = func() {
		for _, l := range locks {
			l.Unlock()
		}
	}
	for _, o := range t.outputs() {
		if o.path == "" || o.dir || samePathIn(o.path, paths) {
			continue
		}
		l, err := lockOutput(o.flag, o.path)
		if err != nil {
			unlock()
			return nil, err
		}
		locks, paths = append(locks, l), append(paths, o.path)
	}
	return unlock, nil
}

// lockOutput takes the lock of the file a flag names (atomicfile.LockPath);
// its error names the flag and the process that holds the lock.
func lockOutput(flag, path string) (*atomicfile.Lock, error) {
	l, err := atomicfile.LockPath(path)
	var le *atomicfile.LockedError
	switch {
	case errors.As(err, &le) && le.PID > 0:
		err = fmt.Errorf("--%s %s: another brawn run (pid %d) is writing this file; wait for it to end, or choose another file (lock file %s)", flag, path, le.PID, le.LockFile)
	case errors.As(err, &le):
		err = fmt.Errorf("--%s %s: another brawn run is writing this file; wait for it to end, or choose another file (lock file %s)", flag, path, le.LockFile)
	case err != nil:
		err = fmt.Errorf("--%s %s: %w", flag, path, err)
	}
	return l, err
}

// samePathIn reports whether p names the same file as one of paths.
func samePathIn(p string, paths []string) bool {
	for _, q := range paths {
		if samePath(p, q) {
			return true
		}
	}
	return false
}
