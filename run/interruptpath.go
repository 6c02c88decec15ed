package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// interruptedBase is the file, in the current directory, that a run
// interrupted without --save is saved to.
const interruptedBase = "brawn-interrupted"

// checkpointPath is where an interrupted run is saved: --save (unless it
// is a template, which names whole epochs), else the
// first of brawn-interrupted.safetensors, brawn-interrupted-2.safetensors,
// ... that no file holds yet (or that is the --resume file this run
// continues) and no other run is saving, so that an earlier interrupted
// run's checkpoint, which the user was told to resume, is not replaced.
// unlock releases the lock taken on the name once the save is done.
func (r *trainRun) checkpointPath() (path string, unlock func()) {
	if r.cfg.Save != "" && !callbacks.IsPathTemplate(r.cfg.Save) {
		return r.cfg.Save, func() {}
	}
	for i := 1; i < 1000; i++ {
		path = interruptedBase + ".safetensors"
		if i > 1 {
			path = fmt.Sprintf("%s-%d.safetensors", interruptedBase, i)
		}
		lock, err := atomicfile.LockPath(path)
		if err != nil {
			continue
		}
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) || (r.cfg.Resume != "" && SamePath(path, r.cfg.Resume)) {
			return path, lock.Unlock
		}
		lock.Unlock()
	}
	return interruptedBase + ".safetensors", func() {}
}
