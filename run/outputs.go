package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// InputFile is a file a run or an evaluation reads, by setting.
type InputFile struct {
	Field, Path string // the CLI flag's name (without --), the file
}

// InputFiles lists the data files d reads, or may read: Train, Test, Val
// and their label files, and for Data "mnist" each MNIST file in MNISTDir (or
// in the directories data.MNISTDir looks in first, when it is "").
func (d *DataConfig) InputFiles() []InputFile {
	files := []InputFile{{"train", d.Train}, {"test", d.Test}, {"train-labels", d.TrainLabels}, {"test-labels", d.TestLabels}, {"val", d.Val}, {"val-labels", d.ValLabels}}
	if d.Data == "mnist" {
		field := "mnist-dir"
		if d.MNISTDir == "" {
			field = "data mnist"
		}
		for _, p := range data.MNISTPaths(d.MNISTDir) {
			files = append(files, InputFile{field, p})
		}
	}
	return files
}

// FindInput returns the input among inputs that out names (SamePath, or
// the same absolute path once symbolic links in its directory are
// resolved, which finds a file not yet created), if any.
func FindInput(out string, inputs []InputFile) (InputFile, bool) {
	for _, in := range inputs {
		if in.Path != "" && (SamePath(out, in.Path) || sameResolved(out, in.Path)) {
			return in, true
		}
	}
	return InputFile{}, false
}

// sameResolved reports whether a and b are the same name in the same
// directory after symbolic links in the directories are resolved.
func sameResolved(a, b string) bool {
	da, errA := filepath.EvalSymlinks(filepath.Dir(a))
	db, errB := filepath.EvalSymlinks(filepath.Dir(b))
	return errA == nil && errB == nil && filepath.Base(a) == filepath.Base(b) && da == db
}

// outputFile is one file or directory a run writes, by setting.
type outputFile struct {
	field, path string
	dir         bool // a directory the run creates files in (Logdir)
}

// outputs lists the run's outputs, given or not (path "" when not).
func (c *Config) outputs() []outputFile {
	return []outputFile{
		{field: "save", path: c.Save}, {field: "save-best", path: c.SaveBest}, {field: "save-weights", path: c.SaveWeights},
		{field: "json", path: c.JSON}, {field: "csv-log", path: c.CSVLog}, {field: "plot", path: c.Plot}, {field: "logdir", path: c.Logdir, dir: true},
	}
}

// checkOutputs refuses, before any data are read, an output given an
// empty name (which would silently write nothing) and an output that
// cannot be written: each is probed by creating and removing a file where
// it will be written, so that a read-only or full directory is found
// before training rather than after it, when the model would be lost.
func (c *Config) checkOutputs(given func(string) bool) error {
	for _, o := range append(c.outputs(), outputFile{field: "resume", path: c.Resume}) {
		if given(o.field) && o.path == "" && !(o.field == "resume" && c.resumeAuto) {
			return BadField(o.field, "", "is empty; give a file name, or leave the flag out")
		}
	}
	for _, o := range c.outputs() {
		if o.path == "" {
			continue
		}
		var err error
		if o.dir {
			err = checkOutputDirectory(o.field, o.path)
		} else {
			err = CheckOutputFile(o.field, o.path)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkDistinctOutputs refuses two outputs that name the same path: one
// would overwrite the other.
func (c *Config) checkDistinctOutputs() error {
	outs := c.outputs()
	for i, o := range outs {
		for _, p := range outs[i+1:] {
			if o.path != "" && p.path != "" && SamePath(o.path, p.path) {
				return BadField(p.field, p.path, "is also the --%s file; give each output its own file", o.field)
			}
		}
	}
	return nil
}

// checkOutputsAreNotInputs refuses an output file that is one of the data
// files, which writing it would destroy, and a JSON, CSVLog or Plot that is the
// Resume checkpoint (Save may be: the run then continues in place, the
// checkpoint replaced only by a newer one), and a SaveBest or SaveWeights
// that is a data file.
func (c *Config) checkOutputsAreNotInputs() error {
	inputs := c.Data.InputFiles()
	if path, ok := strings.CutPrefix(c.Model, "@"); ok {
		inputs = append(inputs, InputFile{"model", path})
	}
	for _, out := range []struct{ name, path string }{{"save", c.Save}, {"json", c.JSON}, {"csv-log", c.CSVLog}, {"plot", c.Plot}, {"save-best", c.SaveBest}, {"save-weights", c.SaveWeights}} {
		if out.path == "" {
			continue
		}
		if in, ok := FindInput(out.path, inputs); ok {
			if in.Field == "model" {
				return BadField(out.name, out.path, "is the --model file; writing it would overwrite it")
			}
			return BadField(out.name, out.path, "is the --%s data file; writing it would overwrite the data", in.Field)
		}
		if (out.name == "json" || out.name == "csv-log" || out.name == "plot") && c.resumeFile() != "" && SamePath(out.path, c.resumeFile()) {
			return BadField(out.name, out.path, "is the --resume checkpoint; writing it would overwrite the checkpoint")
		}
	}
	return nil
}

// LockOutputs takes the lock of each output file (atomicfile.LockPath),
// and of the Logdir directory, which it creates, so that a second run
// writing one of them is refused at its start rather than overwrite the
// first's files in turn, or mix its curves with the first's in one
// TensorBoard run, whether that run is another process's or another
// goroutine's of this one; a lock another process holds is waited for a
// few seconds, as LockOutput does. unlock releases them. Train calls it,
// so a program need not; one that does (to hold the outputs across its
// own setup before Train, as brawn train does from the time it has read
// the --resume checkpoint, validated the flags and, in a distributed run,
// learnt its rank, since only rank 0 writes) keeps holding them until its
// unlock, and Train then takes only the locks of outputs set since. Locks
// this Config holds already are not taken again.
func (c *Config) LockOutputs() (unlock func(), err error) {
	var unlocks []func()
	var paths []string
	unlock = func() {
		for _, u := range unlocks {
			u()
		}
		c.locked = slices.DeleteFunc(c.locked, func(p string) bool { return slices.Contains(paths, p) })
	}
	for _, o := range c.outputs() {
		if o.path == "" || samePathIn(o.path, paths) || samePathIn(o.path, c.locked) {
			continue
		}
		var release func()
		if o.dir {
			release, err = lockDirectory(o.field, o.path)
		} else {
			var l *atomicfile.Lock
			l, err = LockOutput(o.field, o.path)
			release = l.Unlock
		}
		if err != nil {
			unlock()
			return nil, err
		}
		unlocks, paths = append(unlocks, release), append(paths, o.path)
	}
	c.locked = append(c.locked, paths...)
	return unlock, nil
}

// samePathIn reports whether p names the same file as one of paths.
func samePathIn(p string, paths []string) bool {
	for _, q := range paths {
		if SamePath(p, q) {
			return true
		}
	}
	return false
}

// lockDirectory creates the output directory path and takes its lock: a
// lock file in it, which TensorBoard does not read. The lock's release
// removes the directories it made (path and any parents that were
// missing) when the run left nothing in them, so that a run that failed
// before it wrote an event file leaves no empty directory behind.
func lockDirectory(field, path string) (release func(), err error) {
	var made []string // path first, then its parents that were missing
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || filepath.Dir(p) == p {
			break
		}
		made = append(made, p)
	}
	if err := os.MkdirAll(path, 0o777); err != nil {
		return nil, fmt.Errorf("--%s %s: %w", field, path, err)
	}
	removeMade := func() {
		for _, d := range made {
			if os.Remove(d) != nil { // not empty: keep it and its parents
				return
			}
		}
	}
	l, err := lockWaiting(filepath.Join(path, "brawn-run"))
	var le *atomicfile.LockedError
	if errors.As(err, &le) {
		removeMade()
		return nil, fmt.Errorf("--%s %s: %s is writing its event files here; give each run its own directory (TensorBoard shows each subdirectory of the directory it is given as a run, e.g. --%s %s), or wait for it to end (lock file %s)",
			field, path, lockHolder(le.PID), field, filepath.Join(path, "seed2"), le.LockFile)
	}
	if err != nil {
		removeMade()
		return nil, fmt.Errorf("--%s %s: %w", field, path, err)
	}
	return func() {
		l.Unlock()
		removeMade()
	}, nil
}
