package main

import (
	"strings"

	"github.com/spf13/pflag"
)

// savedValue quotes a flag's value recorded in a checkpoint for a
// message: "not given" when it is the flag's default, which is how a run
// records a flag it was not given, and the default too unless it only
// marks a flag as unset (--pos-weight "0", --class-weights "", --lr "0"):
// `not given: "1", the default` for --seed.
func savedValue(f *pflag.Flag, saved string) string {
	switch {
	case saved != f.DefValue:
		return `"` + saved + `"`
	case saved == "" || saved == "0":
		return "not given"
	}
	return `not given: "` + saved + `", the default`
}

// noWeights reports whether given, a value of --pos-weight or
// --class-weights, weighs nothing for a model of classes classes: a
// positive weight of 1, or a weight of 1 for each of the classes, the same
// loss as the flag not given. A resumed run saved without the flag takes
// such a value as not given, so that it continues exactly the run it
// resumes; another count of weights is not, and is refused as a new run
// would refuse it.
func noWeights(name, given string, classes int) bool {
	switch name {
	case "pos-weight":
		return sameFlagEntry(given, "1")
	case "class-weights":
		ws := strings.Split(given, ",")
		if len(ws) != classes {
			return false
		}
		for _, w := range ws {
			if !sameFlagEntry(w, "1") {
				return false
			}
		}
		return true
	}
	return false
}
