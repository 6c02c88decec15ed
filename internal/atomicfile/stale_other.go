//go:build !unix

package atomicfile

import "os"

// keepOpenForRename: an open file cannot be renamed on every platform
// (Windows), so the temporary file is closed first.
const keepOpenForRename = false

// holdTemp does nothing: without flock(2) a live temporary file cannot be
// told from a stale one.
func holdTemp(*os.File) bool { return true }

// removeStale does nothing here: see holdTemp. Stale temporary files are
// left for the user to remove.
func removeStale(dir, base string) {}
