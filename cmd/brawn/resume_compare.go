package main

import (
	"strconv"
	"strings"
)

// flagAliases are the spellings validation turns into one canonical name.
var flagAliases = map[string]string{
	"he": "he-normal", "xavier": "xavier-uniform", "ce": "cross-entropy", "crossentropy": "cross-entropy", "tab": "\t", `\t`: "\t",
}

// sameFlagValue compares flag values as validation would see them: case
// and aliases aside, numbers by value (1e-3 == 0.001), and comma lists
// entry by entry (0.20,5.0 == 0.2,5).
func sameFlagValue(a, b string) bool {
	if la, lb := strings.Split(a, ","), strings.Split(b, ","); len(la) > 1 && len(la) == len(lb) {
		for i := range la {
			if !sameFlagEntry(la[i], lb[i]) {
				return false
			}
		}
		return true
	}
	return sameFlagEntry(a, b)
}

// sameFlagEntry is sameFlagValue for one value.
func sameFlagEntry(a, b string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		if v, ok := flagAliases[s]; ok {
			return v
		}
		return s
	}
	a, b = norm(a), norm(b)
	if a == b {
		return true
	}
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	return errA == nil && errB == nil && fa == fb
}
