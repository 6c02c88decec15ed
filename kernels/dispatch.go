package kernels

import (
	"fmt"
	"os"
	"slices"
)

var (
	tables    [numLevels]*table // the registered levels, filled by init
	available []Level           // levels this CPU and build can run, ascending
	best      Level
	envErr    error // why BRAWN_KERNELS was not applied; see EnvError
)

// register makes t's level available. The build's direct entry points are
// directLevel's kernels; another level whose kernels they also run (avx512
// on amd64) sets t.direct itself.
func register(t *table) {
	if t.level == directLevel {
		t.direct = true
	}
	tables[t.level] = t
}

func init() {
	register(genericTable())
	for _, t := range archTables() { // the assembly levels this CPU can run
		register(t)
	}
	for l := range numLevels {
		if tables[l] != nil {
			available = append(available, l)
			best = l
		}
	}
	level, err := envLevel(os.Getenv("BRAWN_KERNELS"), available)
	active.Store(tables[level])
	if err != nil {
		// A bad setting must not crash a program: it runs on the best
		// level and says so at its first kernel call, by which time a
		// program that reports EnvError itself has silenced the line
		// (SetEnvWarning). A program that must compute on the level asked
		// for refuses on EnvError.
		envErr = err
		deferEnvWarning(tables[level], fmt.Sprintf("brawn: BRAWN_KERNELS: %v; using %s\n", err.Err, level))
	}
}

// envLevel returns the level a process starts on when BRAWN_KERNELS is
// value ("" when unset) and avail are the levels it can run, in ascending
// order: the level value names, or the best one (the last of avail) when
// value is empty, names no level or one not in avail; and why value was
// not applied (nil when it was, or is empty).
func envLevel(value string, avail []Level) (Level, *EnvLevelError) {
	best := avail[len(avail)-1]
	if value == "" {
		return best, nil
	}
	l, perr := ParseLevel(value)
	known := perr == nil
	if !known {
		// ParseLevel lists every level; the warning lists those this
		// CPU and build run, one of which the user can set.
		perr = fmt.Errorf("kernels: unknown level %q (available: %v)", value, avail)
	} else if !slices.Contains(avail, l) {
		perr = unavailable(l, avail)
	}
	if perr != nil {
		return best, &EnvLevelError{Value: value, Known: known, Level: l, Err: perr}
	}
	return l, nil
}

// EnvLevelError is why the BRAWN_KERNELS environment variable was not
// applied at start-up: Value names no level (Err says so and lists the
// levels this CPU and build run) or a level this CPU or build cannot run
// (Err is SetLevel's).
type EnvLevelError struct {
	Value string // BRAWN_KERNELS as it was set
	// Known tells the two apart: true when Value names a level, Level,
	// that this CPU or build cannot run; false when it names no level
	// (Level is then the zero Level, Generic, and means nothing).
	Known bool
	Level Level
	Err   error // the unknown name's or SetLevel's error
}

// Error names the variable, its value and why it was not applied.
func (e *EnvLevelError) Error() string {
	return fmt.Sprintf("BRAWN_KERNELS=%q: %v", e.Value, e.Err)
}

// Unwrap returns Err, so that errors.Is and errors.As see the cause.
func (e *EnvLevelError) Unwrap() error { return e.Err }

// EnvError returns, as an *EnvLevelError, why BRAWN_KERNELS was not
// applied at start-up, when the process then started on Best, warning at
// its first kernel call (see SetEnvWarning); it returns nil when
// BRAWN_KERNELS is unset, empty or applied. A later SetLevel does not
// change it. A program whose results must come from the level it was
// asked for refuses to compute on it.
func EnvError() error { return envErr }

// Active returns the level in use.
func Active() Level { return active.Load().level }

// direct reports whether an exported kernel over n elements (lengths
// already checked) may call its direct entry point (see direct_amd64.go)
// rather than the active table: the active level's table has direct set
// and n is at most directMax. It inlines, so the common short call costs
// two compares.
func direct(n int) bool { return n <= directMax && active.Load().direct }

// Best returns the fastest level this CPU and build support: the one chosen
// at start-up when BRAWN_KERNELS is not set.
func Best() Level { return best }

// Available returns the levels this CPU and build can run, in ascending
// order; Generic is always first.
func Available() []Level { return append([]Level(nil), available...) }

// SetLevel makes l the active level for every later kernel call in the
// process. It returns an error, and changes nothing, when this CPU or build
// cannot run l (for example AVX2 on a CPU without it, or any assembly level
// under the purego build tag). It is safe to call concurrently with kernel
// calls; calls already running finish on the previous level.
func SetLevel(l Level) error {
	if int(l) >= len(tables) || tables[l] == nil {
		return unavailable(l, available)
	}
	active.Store(tables[l])
	return nil
}

// unavailable is SetLevel's error for a level l that this CPU or build,
// which run avail, cannot run.
func unavailable(l Level, avail []Level) error {
	return fmt.Errorf("kernels: level %s is not available on this CPU/build (available: %v)", l, avail)
}

// SetLevelString parses s with ParseLevel and calls SetLevel, returning
// the error of either: an unknown name, or a level this CPU or build
// cannot run.
func SetLevelString(s string) error {
	l, err := ParseLevel(s)
	if err != nil {
		return err
	}
	return SetLevel(l)
}
