package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/kernels"
)

// computingCommands refuse to start when BRAWN_KERNELS was not applied:
// their results would come from another level than the one asked for,
// and a run that must reproduce its figures cannot rely on a warning.
var computingCommands = map[string]bool{"train": true, "eval": true, "predict": true, "bench": true}

// kernelsEnvProblem says why BRAWN_KERNELS was not applied (nil when it
// is unset or applied): the value, what is wrong with it, and the levels
// this CPU and build run.
func kernelsEnvProblem() error {
	var e *kernels.EnvLevelError
	if !errors.As(kernels.EnvError(), &e) {
		return nil
	}
	levels := make([]string, 0, len(kernels.Available()))
	for _, l := range kernels.Available() {
		levels = append(levels, l.String())
	}
	what := "names no kernel level"
	if e.Known {
		what = fmt.Sprintf("asks for the %s kernels, which this CPU and build cannot run", e.Level)
	}
	return fmt.Errorf("BRAWN_KERNELS=%q %s; this CPU and build run %s: set one of those, or unset BRAWN_KERNELS for the best (%s)",
		e.Value, what, strings.Join(levels, ", "), kernels.Best())
}

// kernelsEnvWarning is the warning brawn info and brawn version print for
// kernelsEnvProblem's error err.
func kernelsEnvWarning(err error) string {
	return err.Error() + "; until then train, eval, predict and bench refuse to run"
}
