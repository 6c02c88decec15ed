package run

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// FieldError reports a setting whose value is not allowed: which one (by
// its CLI flag name, e.g. "epochs"), the value given and what would have
// been accepted.
type FieldError struct {
	Field, Value, Want string // flag name without "--", the value as given, what is accepted
}

// Error implements error: "invalid --field \"value\": want".
func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid --%s %q: %s", e.Field, e.Value, e.Want)
}

// BadField returns a *FieldError for field's value; want is a format for
// args.
func BadField(field string, value any, want string, args ...any) error {
	return &FieldError{Field: field, Value: fmt.Sprint(value), Want: fmt.Sprintf(want, args...)}
}

// StopError ends a run that training stopped before its last epoch:
// Stopped is "interrupted" (the context was cancelled), "non-finite" (a
// step's loss, gradients or update were not finite) or "diverged".
type StopError struct {
	Stopped string // "interrupted", "non-finite" or "diverged"
	msg     string
}

// Error implements error: the message the run stopped with.
func (e *StopError) Error() string { return e.msg }

func stopf(stopped, format string, args ...any) error {
	return &StopError{Stopped: stopped, msg: fmt.Sprintf(format, args...)}
}

// oneOf checks that v is one of the allowed names (case-insensitive) and
// returns it lower-cased.
func oneOf(field, v string, allowed ...string) (string, error) {
	lv := strings.ToLower(strings.TrimSpace(v))
	for _, a := range allowed {
		if lv == a {
			return lv, nil
		}
	}
	return "", BadField(field, v, "want one of %s", strings.Join(allowed, ", "))
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func checkPositive(field string, v float64) error {
	if !finite(v) || v <= 0 {
		return BadField(field, formatFloat(v), "must be a finite number > 0")
	}
	return nil
}

func checkNonNegative(field string, v float64) error {
	if !finite(v) || v < 0 {
		return BadField(field, formatFloat(v), "must be a finite number >= 0")
	}
	return nil
}

// checkFloat32 refuses a setting that training computes with as a float32
// (the optimizers' rates and the penalties) but float32 cannot hold: it
// would become +Inf there.
func checkFloat32(field string, v float64) error {
	if math.Abs(v) > math.MaxFloat32 {
		return BadField(field, formatFloat(v), "must be at most float32's largest value %s (brawn computes with it in float32)", strconv.FormatFloat(math.MaxFloat32, 'g', -1, 32))
	}
	return nil
}

// checkHalfOpen checks lo <= v < hi.
func checkHalfOpen(field string, v, lo, hi float64) error {
	if !finite(v) || v < lo || v >= hi {
		return BadField(field, formatFloat(v), "must be in [%g, %g)", lo, hi)
	}
	return nil
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// intList writes a list as the CLI takes it: 30,80.
func intList(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// SamePath reports whether a and b name the same file: the same cleaned
// absolute path, or (when both exist) the same file through links.
func SamePath(a, b string) bool {
	aa, errA := filepath.Abs(a)
	ab, errB := filepath.Abs(b)
	if errA == nil && errB == nil && aa == ab {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// CheckOutputFile refuses an output file that cannot be written (a
// directory, a path whose directory does not exist or is a file, a
// directory in which no file can be created: atomicfile.Probe), before
// hours of work rather than after; field names it in the error. An empty
// path is not checked.
func CheckOutputFile(field, path string) error {
	if path == "" {
		return nil
	}
	return probeError(field, path, atomicfile.Probe(path))
}

// checkOutputDirectory refuses a directory in which files cannot be
// created (see atomicfile.ProbeDir).
func checkOutputDirectory(field, dir string) error {
	return probeError(field, dir, atomicfile.ProbeDir(dir))
}

// probeError turns the error of an atomicfile probe of a field's path into
// the field's error (nil for nil), without repeating the path.
func probeError(field, path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return BadField(field, path, "%v", err)
}

// LockOutput takes the lock of the file field names (atomicfile.LockPath),
// waiting a few seconds for a holder in another process to end (the ranks
// of an mpirun job just ended); its error names the field and the process
// that holds the lock.
func LockOutput(field, path string) (*atomicfile.Lock, error) {
	l, err := lockWaiting(path)
	var le *atomicfile.LockedError
	switch {
	case errors.As(err, &le):
		err = fmt.Errorf("--%s %s: %s is writing this file; wait for it to end, or choose another file (lock file %s)", field, path, lockHolder(le.PID), le.LockFile)
	case err != nil:
		err = fmt.Errorf("--%s %s: %w", field, path, err)
	}
	return l, err
}

// lockHolder names the holder of a lock from the pid its lock file gives
// (0: unknown): a run of this process (another goroutine's Train, in a
// program that runs several) is not "another brawn run (pid N)" with the
// program's own pid, which would send the user looking for a process.
func lockHolder(pid int) string {
	switch {
	case pid == os.Getpid():
		return fmt.Sprintf("another run in this process (pid %d)", pid)
	case pid > 0:
		return fmt.Sprintf("another brawn run (pid %d)", pid)
	}
	return "another brawn run"
}

// Plural gives "1 epoch", "2 epochs".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
